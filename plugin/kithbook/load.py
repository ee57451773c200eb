"""Read a vault folder into a `Vault`: every record that can be read, plus problems.

One bad file never stops the rest: it becomes a `Problem` and the loader
moves on.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from kithbook.collector import collector_paused
from kithbook.frontmatter import FrontMatterError, Split, decode, split
from kithbook.model import Person, Problem, Touch, Vault
from kithbook.names import is_page_name
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
    limit = settings.max_record_kb * 1024
    people = _load_folder(root, settings.people_dir, read_person, problems, read,
                          slug_names=True, limit=limit)
    touches = _load_folder(root, settings.meetings_dir, read_touch, problems, read,
                           slug_names=False, limit=limit)
    return Vault(
        root=str(root),
        people={person.slug: person for person in people},
        touches=tuple(sorted(touches, key=lambda touch: touch.sort_key)),
        problems=tuple(problems),
    )


def replaced(vault: Vault, before: Parsed, after: Parsed,
             people_order: Callable[[], list[str]]) -> Vault:
    """`vault` with one file read again (`before` -> `after`, the same path): the records
    and problems loading the folders would give when no other file changed, without
    listing them (the problems may come in another order; `check` sorts them).
    `people_order` gives the slugs of the people folder's files in the loader's order,
    for a person file that becomes readable."""
    old, old_problems = before
    new, new_problems = after
    people, touches = vault.people, vault.touches
    if isinstance(old, Person) or isinstance(new, Person):
        people = dict(people)
        if isinstance(old, Person) and not isinstance(new, Person):
            del people[old.slug]
        if isinstance(new, Person):
            people[new.slug] = new  # the same slug (the file's stem) keeps its place
            if not isinstance(old, Person):
                people = {slug: people[slug] for slug in people_order() if slug in people}
    else:
        touches = _touch_replaced(touches, old, new)
    gone = set(map(id, old_problems))
    problems = (*(p for p in vault.problems if id(p) not in gone), *new_problems)
    return Vault(root=vault.root, people=people, touches=touches, problems=problems)


def _touch_replaced(touches: tuple[Touch, ...], old: Touch | None, new: Touch | None
                    ) -> tuple[Touch, ...]:
    """The touches (in date order) with `old` replaced by `new`: in place when its date
    and id are unchanged (typing in a touch), else taken out and put in its place."""
    kept = list(touches)
    at = next((i for i, touch in enumerate(kept) if touch is old), None)
    if at is not None and new is not None and kept[at].sort_key == new.sort_key:
        kept[at] = new
        return tuple(kept)
    if at is not None:
        del kept[at]
    if new is not None:
        bisect.insort(kept, new, key=lambda touch: touch.sort_key)
    return tuple(kept)


def record_files(folder: Path) -> Iterator[Path]:
    """Every `*.md` file below `folder`, in a stable order; hidden names are skipped."""
    for path in _record_paths(str(folder), []):
        yield Path(path)


def _record_paths(folder: str, links: list[str]) -> list[str]:
    """Paths (as text, cheaper than Path objects by the thousand) of the record files.
    Folders that are symbolic links are not followed (a loop would never end): they go
    to `links`, to be reported."""
    found: list[str] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return found
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            found.extend(_record_paths(entry.path, links))
        elif entry.name.endswith(".md"):
            found.append(entry.path)
        elif entry.is_symlink() and entry.is_dir():
            links.append(entry.path)
    return found


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shown_path(relative: str) -> str:
    """A path as a message may print it: control characters (a line break in a file
    name) written as escapes, so one problem stays one line."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), relative)


def unreadable(path: str, root: str, limit: int) -> str | None:
    """Why the file at `path` is not a record, or None: a record is a regular file inside
    the vault (a link is followed only to one), no larger than `limit` bytes."""
    try:
        status = os.stat(path)
        target = os.path.realpath(path) if os.path.islink(path) else path
    except OSError as err:
        return "is a symbolic link that loops" if err.errno == 40 else (
            "is a link to nothing" if os.path.islink(path) else
            f"cannot be read: {err.strerror}")
    if target != path and os.path.commonpath([root, target]) != root:
        return (f"is a link to a file outside the vault ({target}); it is not read, so"
                " nothing outside the vault is published")
    if not stat.S_ISREG(status.st_mode):
        return f"is not a regular file but {_file_kind(status.st_mode)}; it is not read"
    if status.st_size > limit:
        return (f"is {-(-status.st_size // 1024):,} KB, over the limit of {limit // 1024:,} KB"
                " (the max_record_kb setting); it is not read")
    return None


def _file_kind(mode: int) -> str:
    kinds = [(stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
             (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")]
    return next((name for test, name in kinds if test(mode)), "a special file")


def _load_folder(
    root: Path, folder: str, reader: Reader[R], problems: list[Problem], read: FileReader, *,
    slug_names: bool, limit: int,
) -> list[R]:
    """The records in one folder; ids that collide after case and Unicode folding are refused."""
    records: list[R] = []
    seen: dict[str, str] = {}
    top = os.path.realpath(root)
    prefix = len(str(root)) + 1
    links: list[str] = []
    named = [(_is_odd_name(_stem(path)), _stem(path), path) for path in
             _record_paths(str(root / folder), links)]
    problems.extend(Problem(shown_path(link[prefix:]), 0, None, "is a link to a folder; it is"
                            " not followed (a record must be a file inside the vault)")
                    for link in links)
    # Canonical names first, so that when `Ada.md` collides with `ada.md` the slug wins.
    named.sort(key=lambda item: item[0])
    for (not_slug, _), stem, path in named:
        relative = path[prefix:].replace(os.sep, "/")
        refused = _refused_name(stem) or unreadable(path, top, limit)
        if refused:
            problems.append(Problem(shown_path(relative), 0, None, refused))
            continue
        identity = stem if not not_slug else unicodedata.normalize("NFKC", stem).casefold()
        if identity in seen:
            problems.append(_collision(relative, stem, seen[identity]))
            continue
        seen[identity] = relative
        if not slug_names and not is_page_name(stem):
            problems.append(Problem(relative, 0, None, (
                f"file name '{stem}' holds characters that cannot be part of a link: its"
                " page gets an address made from it; rename the file with lowercase"
                " letters, digits and hyphens"), "warning"))
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


def _refused_name(stem: str) -> str | None:
    if _CONTROL.search(stem):
        return ("the file name holds a line break or another control character; rename"
                " the file")
    return None


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
    """The file's bytes: plain os calls, since a file object per record costs more than the read.
    Opened without blocking and refused unless regular, so that a file replaced by a pipe
    or a device since it was listed cannot hang or flood the read."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(0, "not a regular file")
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
