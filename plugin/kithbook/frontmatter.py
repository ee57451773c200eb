"""Split a record file into its YAML front matter and body, keeping line numbers.

python-frontmatter is not used for reading: it reports no line numbers and
costs a second pass. This module decodes, splits and parses in one go and
turns every failure into a `FrontMatterError` that knows its line in the
file (not in the block).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RecordLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader (the C one where present) without timestamps.

    YAML reads `2026-11-20 14:30:00` as a timestamp but `2026-11-20 14:30` as
    text, and fails on `2026-11-31` with no line number. Keeping every date as
    text lets the loader read all the forms people type with one parser and
    report impossible dates with their line.
    """


RecordLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

_FENCE = re.compile(r"^---[ \t]*$", re.M)
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_TOP_KEY = re.compile(r"^(?:\"([^\"\n]+)\"|'([^'\n]+)'|([^\s#:\-'\"][^:\n]*?))[ \t]*:(?:[ \t]|$)", re.M)


class FrontMatterError(Exception):
    """The file cannot be read as a record; `line` is 1-based in the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Split:
    """A parsed file: the front matter mapping, each top-level key's line, the body."""

    data: dict[str, Any]
    key_lines: dict[str, int]
    body: str
    body_line: int
    repeated_keys: tuple[tuple[str, int], ...] = ()  # (key, line) of each later repeat


def decode(raw: bytes) -> str:
    """UTF-8 text with any BOM dropped and CRLF/CR turned into LF (line count unchanged)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise FrontMatterError(
            line, f"not UTF-8 text (byte 0x{raw[err.start]:02x}); save the file as UTF-8"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def split(text: str) -> Split:
    """Parse `---` front matter at the top of `text` (already decoded)."""
    if not text.strip():
        raise FrontMatterError(1, "empty file: a record needs front matter between '---' lines")
    if not _FENCE.match(text):
        raise FrontMatterError(1, "no front matter: the file must start with a line '---'")
    start = text.index("\n") + 1 if "\n" in text else len(text)
    end = _CLOSE.search(text, start)
    if end is None:
        raise FrontMatterError(1, "front matter is not closed: add a line '---' after it")
    block = text[start : end.start()]
    body_start = end.end() + 1
    body_line = block.count("\n") + 3
    data = parse_block(block)
    lines, repeated = key_lines(block)
    return Split(data, lines, text[body_start:], body_line, repeated)


def parse_block(block: str) -> dict[str, Any]:
    """The YAML mapping in a front matter block that starts on line 2 of its file."""
    try:
        data = yaml.load(block, Loader=RecordLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as err:
        raise FrontMatterError(*_located(err, block)) from None
    except yaml.YAMLError as err:
        raise FrontMatterError(2, f"YAML error: {err}") from None
    if data is None:
        raise FrontMatterError(1, "front matter is empty")
    if not isinstance(data, dict):
        raise FrontMatterError(2, "front matter must be a mapping of keys to values")
    return data


def _located(err: yaml.MarkedYAMLError, block: str) -> tuple[int, str]:
    """The file line and a readable reason for a YAML error in a block starting on line 2."""
    mark = err.problem_mark or err.context_mark
    line = mark.line + 2 if mark else 2
    context = err.context or ""
    if context and err.context_mark and err.problem_mark:
        started = err.context_mark.line + 2
        if started != line:
            context += f" that starts on line {started}"
    reason = ", ".join(part for part in (context, err.problem) if part) or "cannot parse"
    text = block.split("\n")[line - 2] if 0 <= line - 2 < block.count("\n") + 1 else ""
    if "\t" in text[: len(text) - len(text.lstrip())]:
        reason += " (a tab indents this line; YAML allows only spaces)"
    return line, f"YAML syntax error: {reason}"


def key_lines(block: str) -> tuple[dict[str, int], tuple[tuple[str, int], ...]]:
    """Line in the file of every top-level key (found without a second YAML pass),
    and the keys written more than once, which YAML would silently overwrite."""
    lines: dict[str, int] = {}
    repeated = []
    line, position = 2, 0
    for match in _TOP_KEY.finditer(block):
        line += block.count("\n", position, match.start())
        position = match.start()
        key = match.group(1) or match.group(2) or match.group(3)
        if key in lines:
            repeated.append((key, line))
        else:
            lines[key] = line
    return lines, tuple(repeated)
