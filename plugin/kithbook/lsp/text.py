"""Lines and positions as the Language Server Protocol counts them.

LSP positions are (line, character) with `character` counted in UTF-16 code
units unless client and server agreed on UTF-8 or UTF-32 at start-up; Python
indexes code points. An emoji or a rare CJK character is one code point but
two UTF-16 units, so every position crossing the wire is converted here, in
one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Encoding = Literal["utf-8", "utf-16", "utf-32"]
UTF16: Encoding = "utf-16"

# LSP ends a line at \n, \r\n or \r.
_LINE_END = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of `text` without their ends; a final line end gives an empty last line."""
    return _LINE_END.split(text)


def _units(char: str, encoding: Encoding) -> int:
    if encoding == "utf-16":
        return 2 if ord(char) > 0xFFFF else 1
    if encoding == "utf-8":
        return len(char.encode("utf-8", "surrogatepass"))
    return 1


def to_units(line: str, index: int, encoding: Encoding = UTF16) -> int:
    """The code point `index` in `line` as the client counts it."""
    if encoding == "utf-32" or line.isascii():
        return index
    return sum(_units(char, encoding) for char in line[:index])


def from_units(line: str, units: int, encoding: Encoding = UTF16) -> int:
    """The code point index of the client's `units` in `line` (clamped to the line; a
    position inside a surrogate pair falls on the character)."""
    if encoding == "utf-32" or line.isascii():
        return max(0, min(units, len(line)))
    counted = 0
    for index, char in enumerate(line):
        if counted >= units:
            return index
        counted += _units(char, encoding)
    return len(line)


@dataclass(frozen=True, slots=True)
class Span:
    """Characters `start` to `end` (code points, end excluded) of one line (0-based)."""

    line: int
    start: int
    end: int

    def contains(self, line: int, index: int) -> bool:
        """Whether a cursor at (`line`, `index`) touches the span (either end counts)."""
        return line == self.line and self.start <= index <= self.end


def line_span(lines: list[str], line: int) -> Span:
    """The written part of a line, leading spaces left out (the whole line if blank)."""
    text = lines[line] if 0 <= line < len(lines) else ""
    stripped = text.lstrip()
    start = len(text) - len(stripped) if stripped else 0
    return Span(line, start, len(text.rstrip()) if stripped else len(text))
