"""A year as a calendar heatmap: inline SVG drawn at build time, no script.

Columns are weeks (Monday on top), the last one holds `today`. Every day is
a square with a `<title>` (the browser's tooltip, and what a screen reader
reads); the picture has a title and a description that say the same as the
text printed beside it, so nothing is only in the colours.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import NamedTuple

from kithbook.history import History
from kithbook.model import Vault

CELL, GAP, LEFT, TOP, LEGEND = 11, 2, 30, 16, 22
STEP = CELL + GAP
DAYS = 365
GREENS = ("#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39")
BLUES = ("#ebedf0", "#c6dbef", "#6baed6", "#3182bd", "#08519c")
WEEKDAYS = {0: "Mon", 2: "Wed", 4: "Fri"}


class Noun(NamedTuple):
    one: str
    many: str

    def of(self, number: int) -> str:
        return f"{number:,} {self.one if number == 1 else self.many}"


class Year(NamedTuple):
    """The counts of one year, and the sentence that says what the picture shows."""

    first: dt.date
    last: dt.date
    counts: Mapping[dt.date, int]
    summary: str


def day_counts(days: Iterable[dt.date]) -> Counter[dt.date]:
    return Counter(days)


def year_of(counts: Mapping[dt.date, int], today: dt.date, noun: Noun) -> Year:
    """The last 365 days up to `today`, with a one-sentence text alternative."""
    first = today - dt.timedelta(days=DAYS - 1)
    inside = {day: n for day, n in counts.items() if first <= day <= today and n > 0}
    if any(day < first for day, n in counts.items() if n > 0):
        inside_from = first  # something came before the year: the quiet may start with it
    else:
        inside_from = min(inside, default=first)  # nothing before the first one is "quiet"
    total = sum(inside.values())
    if not total:
        return Year(first, today, inside, f"No {noun.many} between {first} and {today}.")
    busiest = max(inside.items(), key=lambda item: (item[1], item[0]))
    summary = (f"{noun.of(total)} on {len(inside)} day{'s' if len(inside) != 1 else ''}"
               f" between {first} and {today}; the busiest day was {busiest[0]}"
               f" ({noun.of(busiest[1])}); {_quiet(inside, inside_from, today)}.")
    return Year(first, today, inside, summary)


def _quiet(inside: Mapping[dt.date, int], first: dt.date, today: dt.date) -> str:
    """The longest run of days without any from `first` (the year's first day, or the
    first day with any when the vault is younger), which a heatmap shows and a total hides."""
    days = sorted(inside)
    gaps = [(b - a).days - 1 for a, b in zip([first - dt.timedelta(days=1), *days],
                                             [*days, today + dt.timedelta(days=1)], strict=True)]
    longest = max(gaps)
    return f"the longest quiet spell was {longest} day{'s' if longest != 1 else ''}"


def calendar_svg(year: Year, *, title: str, noun: Noun, colours: tuple[str, ...] = GREENS,
                 ident: str = "kb-heatmap") -> str:
    """The year as an SVG element (valid XML), one line per element, no blank lines."""
    monday = year.first - dt.timedelta(days=year.first.weekday())
    weeks = (year.last - monday).days // 7 + 1
    width, height = LEFT + weeks * STEP, TOP + 7 * STEP + LEGEND
    peak = max(year.counts.values(), default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-heatmap" role="img"'
        f' width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
        f' aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(year.summary)}</desc>',
        *_labels(monday, weeks, year.first),
    ]
    day = year.first
    while day <= year.last:
        count = year.counts.get(day, 0)
        column, row = (day - monday).days // 7, day.weekday()
        parts.append(
            f'<rect x="{LEFT + column * STEP}" y="{TOP + row * STEP}" width="{CELL}"'
            f' height="{CELL}" rx="2" fill="{colours[_level(count, peak)]}"'
            f' data-date="{day}" data-count="{count}">'
            f"<title>{day} ({day:%a}): {escape(noun.of(count))}</title></rect>")
        day += dt.timedelta(days=1)
    parts.extend(_legend(width, height, colours))
    parts.append("</svg>")
    return "\n".join(parts)


def _level(count: int, peak: int) -> int:
    """0 for none, then four steps up to the busiest day (a single touch always shows)."""
    return 0 if count <= 0 or peak <= 0 else max(1, math.ceil(4 * count / peak))


def _labels(monday: dt.date, weeks: int, first: dt.date) -> list[str]:
    labels = [f'<text x="0" y="{TOP + row * STEP + CELL - 2}" font-size="9"'
              f' fill="currentColor">{name}</text>' for row, name in WEEKDAYS.items()]
    last_column = -3
    for column in range(weeks):
        month = _month_starting(monday + dt.timedelta(weeks=column), first)
        if column == 0 and month is None and not any(
                _month_starting(monday + dt.timedelta(weeks=c), first) for c in (1, 2)):
            month = first
        if month is None or column - last_column < 3:
            continue
        last_column = column
        labels.append(f'<text x="{LEFT + column * STEP}" y="{TOP - 5}" font-size="9"'
                      f' fill="currentColor">{month:%b}</text>')
    return labels


def _month_starting(week: dt.date, first: dt.date) -> dt.date | None:
    """The first of a month inside the week starting on `week` (and not before `first`)."""
    for offset in range(7):
        day = week + dt.timedelta(days=offset)
        if day.day == 1 and day >= first:
            return day
    return None


def _legend(width: int, height: int, colours: tuple[str, ...]) -> list[str]:
    y = height - CELL - 4
    x = width - len(colours) * STEP - 30
    parts = [f'<text x="{x - 28}" y="{y + CELL - 2}" font-size="9" fill="currentColor">Less</text>']
    for level, colour in enumerate(colours):
        parts.append(f'<rect x="{x + level * STEP}" y="{y}" width="{CELL}" height="{CELL}"'
                     f' rx="2" fill="{colour}"/>')
    parts.append(f'<text x="{x + len(colours) * STEP + 2}" y="{y + CELL - 2}" font-size="9"'
                 f' fill="currentColor">More</text>')
    return parts


TOUCHES = Noun("touch", "touches")
COMMITS = Noun("commit", "commits")


@dataclass(frozen=True, slots=True)
class Heatmaps:
    """The two calendars of the Activity page, with their text alternatives."""

    touches_svg: str
    touches_summary: str
    commits_svg: str
    commits_summary: str


def heatmaps(vault: Vault, history: History, today: dt.date) -> Heatmaps:
    """Touches per day from the touches' own dates (the contact), commits per day (the
    bookkeeping), over the last year up to `today`."""
    touches = year_of(day_counts(t.date for t in vault.touches), today, TOUCHES)
    commits = year_of(day_counts(c.when.date() for c in history.commits), today, COMMITS)
    return Heatmaps(
        calendar_svg(touches, title="Touches per day, from the touches' own dates",
                     noun=TOUCHES, colours=GREENS, ident="kb-touches"),
        touches.summary,
        calendar_svg(commits, title="Commits per day: when the vault was written",
                     noun=COMMITS, colours=BLUES, ident="kb-commits"),
        commits.summary,
    )
