"""The text of new record files, and the names they get.

Pure functions: what `kith add`, `kith log` and friends write. `edit.py`
writes it safely.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import resources
from typing import Any

from kithbook import dates
from kithbook.edit import yaml_line
from kithbook.model import Kind
from kithbook.settings import Settings

_DEFAULTS = Settings()

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_when(text: str, today: dt.date, *, ahead: bool = False
               ) -> tuple[dt.date, dt.time | None]:
    """An ISO date (and time), or a word and an optional `HH:MM`: `today`, `yesterday`,
    `tomorrow`, or a weekday name. A weekday is the latest such day (today included) for
    what happened, the next one (today included) with `ahead`, for what is planned:
    `friday 10:00`."""
    word, _, clock = text.strip().lower().partition(" ")
    if word in ("today", "yesterday", "tomorrow") or word in WEEKDAYS:
        if word in WEEKDAYS:
            shift = (WEEKDAYS.index(word) - today.weekday()) % 7
            day = today + dt.timedelta(days=shift if ahead else (shift - 7 if shift else 0))
        else:
            day = today + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[word])
        if not clock.strip():
            return day, None
        return dates.parse_datetime(f"{day.isoformat()} {clock.strip()}")
    return dates.parse_datetime(text)


def when_value(day: dt.date, time: dt.time | None) -> dt.date | str:
    """A date (written bare by YAML) or `YYYY-MM-DD HH:MM` text, which YAML leaves plain."""
    return f"{day.isoformat()} {time:%H:%M}" if time else day


def front_matter(fields: dict[str, Any]) -> str:
    """A front matter block of the given keys, in order, leaving out empty ones."""
    lines = [yaml_line(key, value) for key, value in fields.items()
             if value not in (None, "", [], ())]
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n"


def person_file(name: str, fields: dict[str, Any]) -> str:
    return front_matter({"name": name, **fields}) + "\n## Research\n\n## Questions\n"


def touch_stem(day: dt.date, slugs: list[str], kind: Kind) -> str:
    """`YYYY-MM-DD-slug[-kind]`, named for the first person."""
    suffix = "" if kind is Kind.MEETING else f"-{kind.value}"
    return f"{day.isoformat()}-{slugs[0]}{suffix}"


def first_free(stem: str, taken: Callable[[str], bool]) -> str:
    """`stem`, or `stem-2`, `stem-3`... the first name not `taken`."""
    candidate, number = stem, 2
    while taken(candidate):
        candidate, number = f"{stem}-{number}", number + 1
    return candidate


def touch_file(day: dt.date, time: dt.time | None, slugs: list[str], kind: Kind,
               fields: dict[str, Any], notes: str | None) -> str:
    with_: str | list[str] = slugs[0] if len(slugs) == 1 else slugs
    head = front_matter({"date": when_value(day, time), "with": with_, "kind": kind.value,
                         **fields})
    section = "Notes" if kind.is_conversation or kind is Kind.NOTE else "Message"
    return head + f"\n## {section}\n" + (f"{notes.strip()}\n" if notes else "")


def skeleton(today: dt.date, *, example: bool) -> dict[str, str]:
    """The files of a new vault, by path; with `example`, one person and one touch."""
    root = resources.files("kithbook") / "skeleton"
    people, meetings = _DEFAULTS.people_dir, _DEFAULTS.meetings_dir  # as its mkdocs.yml says
    files = {"mkdocs.yml": root.joinpath("mkdocs.yml").read_text(encoding="utf-8"),
             ".gitignore": root.joinpath("gitignore").read_text(encoding="utf-8"),
             f"{people}/.gitkeep": "", f"{meetings}/.gitkeep": ""}
    for name in ("index.md", "pitch.md", "questions.md"):
        files[f"docs/{name}"] = root.joinpath("docs", name).read_text(encoding="utf-8")
    if example:
        example_dir = root / "example"
        files[f"{people}/ada-lovelace.md"] = example_dir.joinpath("ada-lovelace.md").read_text(
            encoding="utf-8")
        touch = example_dir.joinpath("touch.md").read_text(encoding="utf-8")
        files[f"{meetings}/{today.isoformat()}-ada-lovelace-outreach.md"] = touch.replace(
            "DATE", today.isoformat())
    return files
