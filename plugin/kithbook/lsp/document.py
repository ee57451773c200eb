"""Where things are in a record's text: front matter keys, their values, `[[links]]`.

The loader reads a file into typed records and forgets the layout; an editor
needs the layout (which key the cursor is in, where a slug is written) even
while the text is half typed and does not parse. This module reads it line by
line, forgivingly, from the text the editor holds.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kithbook.lsp.text import Span, split_lines
from kithbook.records import SLUG
from kithbook.wikilinks import find_links

_OPEN = re.compile(r"^\ufeff?---[ \t]*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?=[ \t]|$)")
_BLOCK_ITEM = re.compile(r"^[ \t]*-[ \t]+")
# A flow list's items: a quoted string, or a run of anything but separators.
_FLOW_ITEM = re.compile(r"\"([^\"]*)\"|'([^']*)'|([^,\[\]\s#][^,\[\]#]*?)(?=[ \t]*(?:[,\]]|#|$))")
_COMMENT = re.compile(r"(?:^|[ \t])#")
# Where a word being typed starts, going back from the cursor.
_WORD_BREAK = set(" \t,[]\"':{}")

REFERENCE_KEYS = {"person": ("introduced_by",), "touch": ("with", "referrals")}


@dataclass(frozen=True, slots=True)
class Item:
    """One scalar written as (part of) a key's value, without quotes."""

    key: str
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class BodyLink:
    """Where a `wikilinks.WikiLink` is in the editor's lines: `span` covers the target
    (not `model.Link`, a person's labelled URL)."""

    target: str
    span: Span


@dataclass(frozen=True, slots=True)
class Cursor:
    """What the cursor is in: a key being typed, a key's value, a `[[link]]`, or nothing.

    `prefix` is what has been typed of the current word, from `start` to the cursor.
    """

    where: str  # "key", "value", "link" or "none"
    key: str | None
    prefix: str
    start: int


class Layout:
    """The front matter's lines and keys of one text, found once."""

    def __init__(self, text: str) -> None:
        self.lines = split_lines(text)
        self.close = self._closing_line()
        self.keys: dict[str, tuple[int, int]] = {}  # key -> its lines [first, end)
        if self.close is not None:
            self._find_keys(self.close)

    def _closing_line(self) -> int | None:
        if not self.lines or not _OPEN.match(self.lines[0]):
            return None
        for index in range(1, len(self.lines)):
            if _CLOSE.match(self.lines[index]):
                return index
        return len(self.lines)  # not closed yet: a record being written

    def _find_keys(self, close: int) -> None:
        current: str | None = None
        for index in range(1, close):
            match = _KEY.match(self.lines[index])
            if match:
                if current is not None:
                    self.keys[current] = (self.keys[current][0], index)
                current = match.group(1)
                self.keys.setdefault(current, (index, index + 1))
                self.keys[current] = (self.keys[current][0], index + 1)
            elif current is not None and self.lines[index][:1] in (" ", "\t", "-", ""):
                self.keys[current] = (self.keys[current][0], index + 1)
        if current is not None:
            self.keys[current] = (self.keys[current][0], max(self.keys[current][1], close))

    @property
    def body_start(self) -> int:
        """The first line after the front matter (0 for a page without one)."""
        return 0 if self.close is None else min(self.close + 1, len(self.lines))

    def in_front_matter(self, line: int) -> bool:
        return self.close is not None and 0 < line < self.close

    def key_at(self, line: int) -> str | None:
        """The key whose value the line belongs to."""
        for key, (first, end) in self.keys.items():
            if first <= line < end:
                return key
        return None

    def items(self, key: str) -> Iterator[Item]:
        """Every scalar of `key`'s value: a plain value, a flow list's or a block list's items."""
        if key not in self.keys:
            return
        first, end = self.keys[key]
        head = self.lines[first]
        value_at = _KEY.match(head).end()  # type: ignore[union-attr]  # a key line
        value = head[value_at:]
        if value.strip().startswith("["):
            for index in range(first, end):
                offset = value_at if index == first else 0
                yield from _flow_items(key, index, self.lines[index], offset)
        elif value.strip() and not _COMMENT.match(value.strip()):
            yield from _scalar(key, first, head, value_at)
        else:
            for index in range(first + 1, end):
                item = _BLOCK_ITEM.match(self.lines[index])
                if item:
                    yield from _scalar(key, index, self.lines[index], item.end())

    def links(self) -> Iterator[BodyLink]:
        """Every `[[link]]` after the front matter, as `kith check` finds them (code left
        out: `wikilinks.find_links`)."""
        body = self.lines[self.body_start:]
        starts = list(itertools.accumulate((len(line) + 1 for line in body), initial=0))
        for link in find_links("\n".join(body), self.body_start + 1):
            line = link.line - 1
            inside = link.start - starts[line - self.body_start] + 2  # after the [[
            at = inside + self.lines[line][inside:].find(link.target)
            yield BodyLink(link.target, Span(line, at, at + len(link.target)))

    def slug_items(self, keys: tuple[str, ...]) -> Iterator[Item]:
        """The values of `keys` written as slugs (a referral by name is not one)."""
        for key in keys:
            for item in self.items(key):
                if SLUG.fullmatch(item.text):
                    yield item

    def cursor(self, line: int, index: int) -> Cursor:
        """What is being typed at (`line`, `index`)."""
        text = self.lines[line] if 0 <= line < len(self.lines) else ""
        before = text[:index]
        if self.in_front_matter(line):
            if ":" not in before and not before[:1].isspace() and not before.startswith("-"):
                return Cursor("key", None, before, 0)
            start = _word_start(before)
            return Cursor("value", self.key_at(line), before[start:], start)
        opened = before.rfind("[[")
        if line >= self.body_start and opened >= 0 and "]]" not in before[opened:]:
            return Cursor("link", None, before[opened + 2:], opened + 2)
        return Cursor("none", None, "", index)


def _word_start(before: str) -> int:
    start = len(before)
    while start and before[start - 1] not in _WORD_BREAK:
        start -= 1
    if before[start:].startswith("-") and before[:start].strip() == "":
        start += 1  # a block item's dash is not part of the word
    return start


def _scalar(key: str, line: int, text: str, at: int) -> Iterator[Item]:
    """The one scalar written from `at` on (quotes and a trailing comment left out)."""
    rest = text[at:]
    start = at + len(rest) - len(rest.lstrip())
    rest = rest.strip()
    if rest[:1] in ("\"", "'"):
        close = rest.find(rest[0], 1)
        if close > 0:
            yield Item(key, rest[1:close], Span(line, start + 1, start + close))
        return
    comment = _COMMENT.search(rest)
    value = (rest[:comment.start()] if comment else rest).rstrip()
    if value:
        yield Item(key, value, Span(line, start, start + len(value)))


def _flow_items(key: str, line: int, text: str, at: int) -> Iterator[Item]:
    comment = _COMMENT.search(text, at)
    end = comment.start() if comment else len(text)
    for match in _FLOW_ITEM.finditer(text, at, end):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        value = match.group(group)
        if group == 3:
            value = value.rstrip()
        if value.strip():
            yield Item(key, value, Span(line, match.start(group), match.start(group) + len(value)))
