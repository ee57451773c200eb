"""Changes that touch many files at once: renaming a person, merging two people.

Each is planned in memory as a list of `Change`s (nothing written), so a dry
run can show it and `edit.apply_all` can apply all of it or none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kithbook.edit import (
    Change,
    EditError,
    at_section_end,
    read_text,
    replace_slug_in_key,
    set_key,
    unset_key,
    yaml_line,
)
from kithbook.frontmatter import decode, split
from kithbook.model import Vault
from kithbook.names import fold

PERSON_REFERENCES = ("introduced_by",)
TOUCH_REFERENCES = ("with", "referrals")


# Reads a file's text; an editor passes one that prefers its unsaved buffers.
TextReader = Callable[[Path], str]


def _references(vault: Vault, root: Path, old: str, new: str,
                skip: set[str], read: TextReader = read_text) -> dict[Path, str]:
    """New text of every file, besides `skip`, that names `old` in a reference key."""
    texts: dict[Path, str] = {}
    records: list[tuple[str, tuple[str, ...], bool]] = [
        (p.source.path, PERSON_REFERENCES, p.introduced_by == old)
        for p in vault.people.values()]
    records += [(t.source.path, TOUCH_REFERENCES,
                 old in t.with_ or any(r.slug == old for r in t.referrals))
                for t in vault.touches]
    for relative, keys, names_old in records:
        if not names_old or relative in skip:
            continue
        path = root / relative
        text = read(path)
        for key in keys:
            text = replace_slug_in_key(text, key, old, new)
        texts[path] = text
    return texts


def plan_rename(vault: Vault, root: Path, old: str, new: str, *,
                read: TextReader = read_text) -> list[Change]:
    """Rename people/OLD.md to NEW.md and rewrite every reference to OLD (the texts read
    with `read`: the files on disk, or what an editor holds)."""
    person = vault.people[old]
    if new in vault.people:
        raise EditError(f"there is already a person '{new}' ({vault.people[new].source.path})")
    source = root / person.source.path
    target = source.with_name(f"{new}.md")
    own = replace_slug_in_key(read(source), "introduced_by", old, new)
    changes = [Change(target, own.encode(), create=True), Change(source, None)]
    references = _references(vault, root, old, new, skip={person.source.path}, read=read)
    return changes + [Change(path, text.encode()) for path, text in references.items()]


def plan_merge(vault: Vault, root: Path, duplicate: str, keep: str
               ) -> tuple[list[Change], list[str]]:
    """Merge DUPLICATE into KEEP: keys KEEP lacks are added, lists are joined, differing
    values are reported (KEEP's stay), bodies are concatenated, references follow."""
    if duplicate == keep:
        raise EditError("a person cannot be merged into themselves")
    dup_path, keep_path = (root / vault.people[s].source.path for s in (duplicate, keep))
    keep_text, dup_text = read_text(keep_path), read_text(dup_path)
    keep_data = split(decode(keep_text.encode())).data
    dup_split = split(decode(dup_text.encode()))
    conflicts = []
    dup_data = dict(dup_split.data)
    if dup_data.get("name") and dup_data["name"] != keep_data.get("name"):
        # The dropped name becomes another name of the person, so referrals still match.
        dup_data["aka"] = [*_as_list(dup_data.get("aka") or []), dup_data.pop("name")]
    for key, value in dup_data.items():
        merged, conflict = _merged_value(keep_data.get(key), value)
        if conflict:
            conflicts.append(f"{key}: kept {keep_data[key]!r}, dropped {value!r}"
                             f" from {vault.people[duplicate].source.path}")
        elif merged != keep_data.get(key):
            keep_text = set_key(keep_text, key, yaml_line(key, merged))
    keep_text = merged_bodies(keep_text, dup_split.body,
                              f"<!-- merged from {vault.people[duplicate].source.path} -->")
    if split(decode(keep_text.encode())).data.get("introduced_by") in (duplicate, keep):
        keep_text = unset_key(keep_text, "introduced_by")
        conflicts.append("introduced_by: dropped, since it named the merged person")
    changes = [Change(keep_path, keep_text.encode()), Change(dup_path, None)]
    references = _references(vault, root, duplicate, keep,
                             skip={vault.people[s].source.path for s in (duplicate, keep)})
    changes += [Change(path, text.encode()) for path, text in references.items()]
    return changes, conflicts


_SECTION = re.compile(r"(?m)^## +(.+?)[ \t]*\r?$")


def merged_bodies(keep_text: str, body: str, note: str) -> str:
    """`keep_text` with the sections of `body` joined in: a section under a heading the
    file already has goes at the end of that section; the rest (text before the first
    heading, other sections) at the end of the file after `note`. Nothing of
    `keep_text` changes but the insertions."""
    preamble, sections = _sections(body)
    rest = [preamble] if preamble else []
    for heading, content in sections:
        found = next((m for m in _SECTION.finditer(keep_text)
                      if fold(m.group(1)) == fold(heading)), None)
        if found is None:
            rest.append(f"## {heading}\n{content}".rstrip())
        elif content:
            keep_text = at_section_end(keep_text, found.end(), content)
    if rest:
        keep_text = keep_text.rstrip("\n") + f"\n\n{note}\n\n" + "\n\n".join(rest) + "\n"
    return keep_text


def _sections(body: str) -> tuple[str, list[tuple[str, str]]]:
    """The text before the first `## ` heading, and (heading, content) of each section."""
    found = list(_SECTION.finditer(body))
    preamble = body[:found[0].start()] if found else body
    sections = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(body)
        sections.append((match.group(1), body[match.end():end].strip("\r\n").rstrip()))
    return preamble.strip(), sections


def _merged_value(kept: Any, other: Any) -> tuple[Any, bool]:
    """(the merged value, whether the two conflict)."""
    if kept is None:
        return other, False
    if isinstance(kept, list) or isinstance(other, list):
        joined = list(dict.fromkeys([*_as_list(kept), *_as_list(other)]))
        return joined, False
    return kept, kept != other


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
