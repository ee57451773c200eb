"""One-off reminders: task lines with a due date in a person's file.

The syntax is the one Obsidian's Tasks plugin reads, so a vault opened in
Obsidian shows the same reminders in its task queries:

    - [ ] Send Ada the article on streaming 📅 2026-12-01

The Tasks plugin's Dataview form, `[due:: 2026-12-01]`, is read too. A
reminder is due on its date until its box is ticked (`- [x]`); fenced code
is skipped. `kith remind` writes them under `## Reminders`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import NamedTuple

from kithbook import dates

DUE_MARK = "\U0001F4C5"  # 📅, the Tasks plugin's due date
REMINDERS_HEADING = "Reminders"
_TASK = re.compile(r"^[ \t]*[-*+][ \t]+\[([ xX])\][ \t]+(.*\S)")
_DUE = re.compile(DUE_MARK + r"\ufe0f?[ \t]*(\S+)|\[due::[ \t]*([^\]]*?)[ \t]*\]")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
# Other Tasks plugin fields (priority, recurrence, start, scheduled, done dates) are
# kept in the file but left out of the text shown.
_OTHER_FIELDS = re.compile(
    "[ \t]*(?:[\u23eb\U0001f53c\U0001f53d\U0001f53a\u23ec]"
    "|[\U0001f501\u2795\u23f3\U0001f6eb\u2705\u274c][^\U0001f4c5\u23f3\U0001f6eb\u2705\u274c]*)")


class Reminder(NamedTuple):
    text: str
    due: dt.date | None  # None: the date could not be read (see `error`)
    done: bool
    line: int  # in the file
    error: str = ""


def reminder_line(text: str, due: dt.date) -> str:
    """The task line `kith remind` writes."""
    return f"- [ ] {' '.join(text.split())} {DUE_MARK} {due.isoformat()}"


def may_have_reminders(body: str) -> bool:
    """False when `body` has no due date at all (most files): `reminders` finds nothing."""
    # A character is found with memchr, a string of six a few times slower; most files
    # have no colon at all (and `in` answers at once for 📅 in text of narrower characters).
    return DUE_MARK in body or (":" in body and "[due::" in body)


def reminders(body: str, first_line: int) -> Iterator[Reminder]:
    """Every task with a due date in `body` (which starts on line `first_line`)."""
    if not may_have_reminders(body):
        return
    fenced = False
    for offset, line in enumerate(body.splitlines()):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        task = _TASK.match(line) if not fenced else None
        due = _DUE.search(task.group(2)) if task else None
        if task is None or due is None:
            continue
        text = _DUE.sub("", task.group(2))
        text = _OTHER_FIELDS.sub("", text).strip()
        written = due.group(1) or due.group(2)
        try:
            day, error = dates.parse_date(written), ""
        except ValueError as err:
            day, error = None, str(err)
        yield Reminder(text or "(no text)", day, task.group(1) != " ", first_line + offset,
                       error)
