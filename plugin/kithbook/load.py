"""Read a vault folder into a `Vault`: every record that can be read, plus problems.

One bad file never stops the rest: it becomes a `Problem` and the loader
moves on.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from kithbook.frontmatter import FrontMatterError, Split, decode, split
from kithbook.model import Person, Problem, Touch, Vault
from kithbook.records import SLUG, read_person, read_touch
from kithbook.settings import Settings

R = TypeVar("R", Person, Touch)
Reader = Callable[[str, str, Split], tuple[R | None, list[Problem]]]


def load_vault(root: Path, settings: Settings) -> Vault:
    """Load people/ and meetings/ (as configured) below `root`."""
    problems: list[Problem] = []
    people = _load_folder(root, settings.people_dir, read_person, problems, slug_names=True)
    touches = _load_folder(root, settings.meetings_dir, read_touch, problems, slug_names=False)
    return Vault(
        root=str(root),
        people={person.slug: person for person in people},
        touches=tuple(sorted(touches, key=lambda touch: touch.sort_key)),
        problems=tuple(problems),
    )


def record_files(folder: Path) -> Iterator[Path]:
    """Every `*.md` file below `folder`, in a stable order; hidden folders are skipped."""
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            if filename.endswith(".md") and not filename.startswith("."):
                yield Path(dirpath, filename)


def _load_folder(
    root: Path, folder: str, reader: Reader[R], problems: list[Problem], *, slug_names: bool
) -> list[R]:
    """The records in one folder; ids that collide after case and Unicode folding are refused."""
    records: list[R] = []
    seen: dict[str, str] = {}
    # Canonical names first, so that when `Ada.md` collides with `ada.md` the slug wins.
    paths = sorted(record_files(root / folder), key=lambda p: (
        not SLUG.fullmatch(p.stem), unicodedata.normalize("NFC", p.stem) != p.stem
    ))
    for path in paths:
        relative = path.relative_to(root).as_posix()
        stem = path.stem
        identity = unicodedata.normalize("NFKC", stem).casefold()
        if identity in seen:
            problems.append(_collision(relative, stem, seen[identity]))
            continue
        seen[identity] = relative
        if slug_names and not SLUG.fullmatch(stem):
            problems.append(Problem(relative, 0, None, (
                f"file name '{stem}' is not a slug: use lowercase ASCII letters, digits and"
                " hyphens (people refer to each other by it)"
            ), "warning"))
        record = _read(path, relative, stem, reader, problems)
        if record is not None:
            records.append(record)
    return records


def _read(
    path: Path, relative: str, stem: str, reader: Reader[R], problems: list[Problem]
) -> R | None:
    try:
        parsed = split(decode(path.read_bytes()))
    except FrontMatterError as err:
        problems.append(Problem(relative, err.line, None, err.message))
        return None
    except OSError as err:
        problems.append(Problem(relative, 0, None, f"cannot read the file: {err.strerror}"))
        return None
    record, found = reader(relative, stem, parsed)
    problems.extend(found)
    return record


def _collision(relative: str, stem: str, first: str) -> Problem:
    same_letters = stem.casefold() == Path(first).stem.casefold()
    how = "in case" if same_letters else "in how accents are encoded"
    if unicodedata.normalize("NFC", stem) != stem:
        how += " (this name uses decomposed accents)"
    return Problem(relative, 0, None, (
        f"'{stem}' is the same record as {first}: the names differ only {how}; rename or merge"
        " one of them"
    ))
