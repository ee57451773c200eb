"""The life of a planned conversation as changes to files: notes written into the
planned touch, a reschedule (new date, new id, references rewritten), a cancellation,
a one-off reminder. Each returns new text or a plan of `Change`s; nothing is written
here (the CLI shows or applies them). See docs/guide/follow-ups.md for the rules.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from kithbook.agenda import NotPlanned, conversation
from kithbook.compose import touch_stem, when_value
from kithbook.edit import (
    Change,
    at_section_end,
    read_text,
    set_key,
    unset_key,
    yaml_line,
)
from kithbook.lookup import find_person
from kithbook.model import Touch, TouchStatus, Vault, touch_uid
from kithbook.reminders import REMINDERS_HEADING

RECENT_DAYS = 7  # a planned conversation this recent, still without notes, is the one logged


def planned_touch(vault: Vault, slug: str, day: dt.date) -> Touch | None:
    """The conversation with `slug` on `day`, else the latest one in the week before
    `day` whose file has no notes yet (planned, then held without being written up)."""
    theirs = [t for t in vault.touches if slug in t.with_ and t.kind.is_conversation
              and t.status is None]
    same_day = [t for t in theirs if t.date == day]
    if same_day:
        return same_day[0]
    recent = [t for t in theirs if day - dt.timedelta(days=RECENT_DAYS) <= t.date < day]
    if recent and not has_notes(recent[-1]):
        return recent[-1]
    return None


def has_notes(touch: Touch) -> bool:
    """Whether the touch's body holds anything besides headings."""
    return bool(re.sub(r"(?m)^#+[^\n]*$", "", touch.body.text).strip())


def touch_to_move(vault: Vault, which: str, today: dt.date) -> Touch:
    """A touch by id, else the next planned conversation with the person, else their
    latest one marked no-show (the one to move)."""
    try:
        return conversation(vault, which, today)
    except NotPlanned:
        slug = find_person(vault, which)
        missed = [t for t in vault.touches if slug in t.with_
                  and t.status is TouchStatus.NO_SHOW]
        if not missed:
            raise
        return missed[-1]


def with_notes(raw: str, message: str) -> str:
    """`raw` with `message` under its `## Notes` heading (added at the end if absent);
    everything else byte for byte."""
    return _under_heading(raw, "Notes", message.strip(), gap_after_heading=False)


def with_reminder(raw: str, line: str) -> str:
    """`raw` with `line` at the end of its `## Reminders` section (made at the end of the
    file if absent); everything else byte for byte."""
    return _under_heading(raw, REMINDERS_HEADING, line, gap_after_heading=True)


def _under_heading(raw: str, heading: str, text: str, *, gap_after_heading: bool) -> str:
    """`raw` with `text` at the end of the `## heading` section, the file's own line
    endings kept; a missing section is added at the end of the file."""
    newline = "\r\n" if "\r\n" in raw else "\n"
    text = text.replace("\n", newline)
    found = re.search(rf"(?m)^## {re.escape(heading)}[ \t]*\r?$", raw)
    if found is None:
        end = raw if raw.endswith(newline) else raw + newline
        gap = newline if gap_after_heading else ""
        return f"{end}{newline}## {heading}{newline}{gap}{text}{newline}"
    return at_section_end(raw, found.end(), text, newline)


@dataclass(frozen=True)
class Reschedule:
    """The plan for moving a touch: `rename` (the file under its new name, unchanged,
    and the old one removed; empty when the id stays) then `edits` (the new front
    matter and every reference to the old id)."""

    new_id: str
    rename: list[Change]
    edits: list[Change]

    def all_at_once(self) -> list[Change]:
        """The whole plan as one set of changes (for a dry run or a single commit)."""
        if not self.rename:
            return self.edits
        target, removal = self.rename
        return [Change(target.path, self.edits[0].data, create=True), removal, *self.edits[1:]]


def plan_reschedule(vault: Vault, root: Path, touch: Touch, day: dt.date,
                    time: dt.time | None) -> Reschedule:
    """Moving `touch` to `day` and `time`: new date, raised invitation sequence, a
    no-show or cancelled status cleared, the file renamed for the new date (keeping
    its calendar uid) and every reference to its id rewritten."""
    source = root / touch.source.path
    raw = read_text(source)
    text = set_key(raw, "date", yaml_line("date", when_value(day, time)))
    text = set_key(text, "sequence", yaml_line("sequence", touch.sequence + 1))
    text = unset_key(text, "status")
    new_id = new_touch_id(vault, touch, day)
    references = id_references(vault, root, touch.id, new_id, skip=source)
    if new_id == touch.id:
        return Reschedule(new_id, [], [Change(source, text.encode()), *references])
    text = set_key(text, "uid", yaml_line("uid", touch.uid or touch_uid(touch.id)))
    target = source.with_name(f"{new_id}.md")
    rename = [Change(target, raw.encode(), create=True), Change(source, None)]
    return Reschedule(new_id, rename, [Change(target, text.encode()), *references])


def cancelled(raw: str, touch: Touch) -> str:
    """The touch file's text marked `status: cancelled`, its invitation sequence raised."""
    text = set_key(raw, "status", yaml_line("status", TouchStatus.CANCELLED.value))
    return set_key(text, "sequence", yaml_line("sequence", touch.sequence + 1))


def new_touch_id(vault: Vault, touch: Touch, day: dt.date) -> str:
    """The id for the new date: the usual stem, numbered if taken; unchanged if the
    file name does not start with the old date (a name the user chose)."""
    old_prefix = touch.date.isoformat()
    if not touch.id.startswith(old_prefix):
        return touch.id
    if touch.id.startswith(f"{old_prefix}-") or touch.id == old_prefix:
        stem = day.isoformat() + touch.id[len(old_prefix):]
    else:
        stem = touch_stem(day, list(touch.with_), touch.kind)
    taken = {t.id for t in vault.touches} - {touch.id}
    candidate, number = stem, 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}", number + 1
    return candidate


def id_references(vault: Vault, root: Path, old: str, new: str, *, skip: Path
                  ) -> list[Change]:
    """Every other record that names the touch id `old` (a link to its page or file,
    a wiki link), rewritten to `new`."""
    if old == new:
        return []
    pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    sources = [p.source for p in vault.people.values()] + [t.source for t in vault.touches]
    changes = []
    for path in (root / source.path for source in sources):
        if path == skip:
            continue
        text = read_text(path)
        if old in text:
            changes.append(Change(path, pattern.sub(new, text).encode()))
    return changes
