"""Read a vault folder into a `Vault`: every record that can be read, plus problems.

One bad file never stops the rest: it becomes a `Problem` and the loader
moves on.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from kithbook.collector import collector_paused
from kithbook.frontmatter import FrontMatterError, Split, decode, split
from kithbook.model import Person, Problem, Touch, Vault
from kithbook.records import SLUG, read_person, read_touch
from kithbook.settings import Settings

R = TypeVar("R", Person, Touch)
Reader = Callable[[str, str, Split], tuple[R | None, list[Problem]]]
# What reading one file gives: the record (None if unreadable) and its problems.
Parsed = tuple[Person | Touch | None, tuple[Problem, ...]]
# Reads one file: (absolute path, path relative to the vault, stem, record reader) -> Parsed.
# `load_vault` reads every file; `cache.VaultCache` reuses what has not changed.
FileReader = Callable[[str, str, str, Reader[Any]], Parsed]


def load_vault(root: Path, settings: Settings) -> Vault:
    """Load people/ and meetings/ (as configured) below `root`."""
    return load_with(root, settings, read_file)


def load_with(root: Path, settings: Settings, read: FileReader) -> Vault:
    """`load_vault` with each file read by `read`: one loading logic, cached or not."""
    with collector_paused():
        return _load_vault(root, settings, read)


def _load_vault(root: Path, settings: Settings, read: FileReader) -> Vault:
    problems: list[Problem] = []
    people = _load_folder(root, settings.people_dir, read_person, problems, read,
                          slug_names=True)
    touches = _load_folder(root, settings.meetings_dir, read_touch, problems, read,
                           slug_names=False)
    return Vault(
        root=str(root),
        people={person.slug: person for person in people},
        touches=tuple(sorted(touches, key=lambda touch: touch.sort_key)),
        problems=tuple(problems),
    )


def record_files(folder: Path) -> Iterator[Path]:
    """Every `*.md` file below `folder`, in a stable order; hidden names are skipped."""
    for path in _record_paths(str(folder)):
        yield Path(path)


def _record_paths(folder: str) -> list[str]:
    """Paths (as text, cheaper than Path objects by the thousand) of the record files."""
    found: list[str] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return found
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            found.extend(_record_paths(entry.path))
        elif entry.name.endswith(".md"):
            found.append(entry.path)
    return found


def _load_folder(
    root: Path, folder: str, reader: Reader[R], problems: list[Problem], read: FileReader, *,
    slug_names: bool,
) -> list[R]:
    """The records in one folder; ids that collide after case and Unicode folding are refused."""
    records: list[R] = []
    seen: dict[str, str] = {}
    prefix = len(str(root)) + 1
    named = [(_is_odd_name(_stem(path)), _stem(path), path) for path in
             _record_paths(str(root / folder))]
    # Canonical names first, so that when `Ada.md` collides with `ada.md` the slug wins.
    named.sort(key=lambda item: item[0])
    for (not_slug, _), stem, path in named:
        relative = path[prefix:].replace(os.sep, "/")
        identity = stem if not not_slug else unicodedata.normalize("NFKC", stem).casefold()
        if identity in seen:
            problems.append(_collision(relative, stem, seen[identity]))
            continue
        seen[identity] = relative
        if slug_names and not_slug:
            problems.append(Problem(relative, 0, None, (
                f"file name '{stem}' is not a slug: use lowercase ASCII letters, digits and"
                " hyphens (people refer to each other by it)"
            ), "warning"))
        record, found = read(path, relative, stem, reader)
        problems.extend(found)
        if record is not None:
            records.append(record)  # type: ignore[arg-type]  # `reader` made an R
    return records


def _stem(path: str) -> str:
    return os.path.basename(path)[:-3]


def _is_odd_name(stem: str) -> tuple[bool, bool]:
    return not SLUG.fullmatch(stem), unicodedata.normalize("NFC", stem) != stem


def read_file(path: str, relative: str, stem: str, reader: Reader[Any]) -> Parsed:
    """One record file, read and parsed: never raises, a bad file is a problem."""
    try:
        data = _read_bytes(path)
    except OSError as err:
        return None, (Problem(relative, 0, None, f"cannot read the file: {err.strerror}"),)
    return parse_record(data, relative, stem, reader)


def parse_record(data: bytes, relative: str, stem: str, reader: Reader[Any]) -> Parsed:
    """A record from the bytes of its file (from disk, or an editor's unsaved text)."""
    try:
        parsed = split(decode(data))
    except FrontMatterError as err:
        return None, (Problem(relative, err.line, None, err.message),)
    record, found = reader(relative, stem, parsed)
    return record, tuple(found)


def _read_bytes(path: str) -> bytes:
    """The file's bytes: plain os calls, since a file object per record costs more than the read."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        chunks = [os.read(descriptor, 1 << 16)]
        while len(chunks[-1]) == 1 << 16:
            chunks.append(os.read(descriptor, 1 << 16))
    finally:
        os.close(descriptor)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _collision(relative: str, stem: str, first: str) -> Problem:
    same_letters = stem.casefold() == _stem(first).casefold()
    how = "in case" if same_letters else "in how accents are encoded"
    if unicodedata.normalize("NFC", stem) != stem:
        how += " (this name uses decomposed accents)"
    return Problem(relative, 0, None, (
        f"'{stem}' is the same record as {first}: the names differ only {how}; rename or merge"
        " one of them"
    ))
