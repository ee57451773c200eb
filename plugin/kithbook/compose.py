"""The text of new record files, and the names they get.

Pure functions: what `kith add`, `kith log` and friends write. `edit.py`
writes it safely.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Any

from slugify import slugify

from kithbook import dates
from kithbook.edit import yaml_line
from kithbook.model import Kind
from kithbook.settings import Settings

_DEFAULTS = Settings()

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def slug_for(name: str) -> str:
    """`José Núñez` -> `jose-nunez`; non-Latin scripts are transliterated."""
    return slugify(name, lowercase=True) or "person"


def parse_when(text: str, today: dt.date) -> tuple[dt.date, dt.time | None]:
    """An ISO date (and time), or `today`, `yesterday`, or a weekday name (the latest
    such day, today included)."""
    word = text.strip().lower()
    if word == "today":
        return today, None
    if word == "yesterday":
        return today - dt.timedelta(days=1), None
    if word in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS.index(word)) % 7
        return today - dt.timedelta(days=back), None
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
