"""A fast reader for the plain subset of YAML that front matter is written in.

Nearly every record is a column of `key: value` lines, flow lists
(`[a, b]`), short block lists and one-level mappings. PyYAML spends most of
its time on machinery such files never use, so this module reads that
subset directly and gives up (returns None) at the first line it is not
sure about; the caller then parses the block with PyYAML. Scalars are typed
by PyYAML's own implicit resolvers and constructors, so a value means the
same whichever reader read it; `tests/test_plainyaml.py` holds the two
readers to the same results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

Resolver = Callable[[str], Any]
Parsed = tuple[dict[str, Any], dict[str, int], list[tuple[str, int]]]

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*))?$")
_ITEM = re.compile(r"([ ]*)-(?:[ ]+(.*))?$")
# What a plain (unquoted) scalar may not start with or contain: YAML would read more into it.
_NOT_PLAIN = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`]|: | #|:$")
# In flow, a `:` that libyaml refuses (`[a:?]`, `[a:]`; PyYAML reads them) is left to it.
_NOT_PLAIN_IN_FLOW = re.compile(r"^[-?:#&*!|>'\"%@`]|:[ ?]|:$| #|[,\[\]{}]")
_FLOW_STOP = re.compile(r"[,\]}]")
_FLOW_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):[ ]+")
# Characters the subset leaves to PyYAML: tabs, escapes, control characters, the line
# breaks YAML 1.1 knows beside LF (NEL, LS, PS), BOMs and non-characters. PyYAML then
# reads them or refuses them with a line number; this reader never guesses.
_NOT_IN_SUBSET = re.compile(
    r"[^\n\x20-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
    r"\U00010000-\U0010ffff]")
# A number longer than this is refused by both readers (`typed_scalars`, RecordLoader):
# Python will not convert a 5,000-digit integer, and a huge sexagesimal one costs seconds.
MAX_NUMBER_CHARS = 100
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class _NotPlain(Exception):
    """Something outside the subset: let PyYAML read the block."""


class PlainReader:
    """Reads blocks of the plain subset; `scalar` turns plain text into a typed value."""

    def __init__(self, scalar: Resolver) -> None:
        self.scalar = scalar
        self._text_keys: set[str] = set()

    def read(self, block: str) -> Parsed | None:
        """(data, line of each key, repeated keys) with lines counted from 2, or None."""
        if _NOT_IN_SUBSET.search(block):
            return None
        try:
            return self._read(block.split("\n"))
        except (_NotPlain, yaml.YAMLError, ValueError, KeyError, OverflowError):
            return None  # PyYAML reads it, or reports the problem with its line

    def _read(self, lines: list[str]) -> Parsed:
        data: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        repeated: list[tuple[str, int]] = []
        index, count = 0, len(lines)
        while index < count:
            line = lines[index]
            index += 1
            match = _KEY.match(line)
            if not match:
                if not line.strip(" ") or line.lstrip(" ")[0] == "#":
                    continue
                raise _NotPlain
            key, rest = self._key(match.group(1)), match.group(2)
            if key in key_lines:
                repeated.append((key, index + 1))
            else:
                key_lines[key] = index + 1
            rest = rest.strip(" ") if rest else ""
            if not rest or rest[0] == "#":
                data[key], index = self._nested(lines, index)
            elif rest[0] in "[{":
                data[key] = self._inline(rest)
            else:
                data[key] = self._scalar(rest, in_flow=False)
        return data, key_lines, repeated

    def _nested(self, lines: list[str], index: int) -> tuple[Any, int]:
        """The block list or one-level mapping under a key with no inline value."""
        block: list[str] = []
        while index < len(lines):
            line = lines[index]
            if line.strip(" ") and not line.startswith((" ", "-")):
                break
            if line.strip(" ") and not line.lstrip(" ").startswith("#"):
                block.append(line)
            index += 1
        if not block:
            return None, index
        if _ITEM.match(block[0]):
            return self._block_list(block), index
        return self._block_mapping(block), index

    def _block_list(self, block: list[str]) -> list[Any]:
        indent = _ITEM.match(block[0]).group(1)  # type: ignore[union-attr]
        items = []
        for line in block:
            match = _ITEM.match(line)
            if not match or match.group(1) != indent or not match.group(2):
                raise _NotPlain
            items.append(self._inline(match.group(2)))
        return items

    def _block_mapping(self, block: list[str]) -> dict[str, Any]:
        indent = len(block[0]) - len(block[0].lstrip(" "))
        mapping: dict[str, Any] = {}
        for line in block:
            match = _KEY.match(line[indent:])
            if not indent or not line.startswith(" " * indent) or not match or not match.group(2):
                raise _NotPlain
            key = self._key(match.group(1))
            if key in mapping:
                raise _NotPlain
            mapping[key] = self._inline(match.group(2))
        return mapping

    def _inline(self, text: str) -> Any:
        text = text.strip(" ")
        if text[0] in "[{":
            value, end = self._flow(text, 0)
            if text[end:].strip(" "):
                raise _NotPlain
            return value
        return self._scalar(text, in_flow=False)

    def _flow(self, text: str, start: int) -> tuple[Any, int]:
        """A flow list or mapping of scalars starting at `text[start]`; returns the end."""
        closing = "]" if text[start] == "[" else "}"
        items: list[Any] = []
        mapping: dict[str, Any] = {}
        position = start + 1
        while True:
            position = _skip_spaces(text, position)
            if position >= len(text):
                raise _NotPlain
            if text[position] == closing and not items and not mapping:
                return ([] if closing == "]" else {}), position + 1
            if closing == "}":
                key, position = self._flow_key(text, position)
                value, position = self._flow_scalar(text, position)
                if key in mapping:
                    raise _NotPlain
                mapping[key] = value
            else:
                value, position = self._flow_scalar(text, position)
                items.append(value)
            position = _skip_spaces(text, position)
            if position < len(text) and text[position] == closing:
                return (items if closing == "]" else mapping), position + 1
            if position >= len(text) or text[position] != ",":
                raise _NotPlain
            position += 1

    def _flow_key(self, text: str, position: int) -> tuple[str, int]:
        match = _FLOW_KEY.match(text, position)
        if not match:
            raise _NotPlain
        return self._key(match.group(1)), match.end()

    def _key(self, text: str) -> str:
        """A key that YAML reads as text (`yes:` or `null:` would not be)."""
        if text not in self._text_keys:
            if not isinstance(self.scalar(text), str):
                raise _NotPlain
            self._text_keys.add(text)
        return text

    def _flow_scalar(self, text: str, position: int) -> tuple[Any, int]:
        if text[position] in "'\"":
            end = _quote_end(text, position)
            return self._scalar(text[position:end], in_flow=True), end
        stop = _FLOW_STOP.search(text, position)
        end = stop.start() if stop else len(text)
        return self._scalar(text[position:end].strip(" "), in_flow=True), end

    def _scalar(self, text: str, *, in_flow: bool) -> Any:
        if not text:
            raise _NotPlain
        first = text[0]
        if first == '"':
            if len(text) < 2 or text[-1] != '"' or '"' in text[1:-1]:
                raise _NotPlain
            return text[1:-1]
        if first == "'":
            inner = text[1:-1]
            if len(text) < 2 or text[-1] != "'" or "'" in inner.replace("''", ""):
                raise _NotPlain
            return inner.replace("''", "'")
        if (_NOT_PLAIN_IN_FLOW if in_flow else _NOT_PLAIN).search(text):
            raise _NotPlain
        return self.scalar(text)


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] == " ":
        position += 1
    return position


def _quote_end(text: str, start: int) -> int:
    """The index after the quoted scalar at `text[start]` ('' escapes in single quotes)."""
    quote = text[start]
    position = start + 1
    while True:
        found = text.find(quote, position)
        if found < 0:
            raise _NotPlain
        if quote == "'" and text[found + 1 : found + 2] == "'":
            position = found + 2
            continue
        return found + 1


def typed_scalars(loader: type[yaml.SafeLoader]) -> Resolver:
    """Plain text -> value, exactly as `loader` would type an unquoted scalar."""
    resolvers = {
        first: rules + loader.yaml_implicit_resolvers.get(None, [])
        for first, rules in loader.yaml_implicit_resolvers.items()
        if first is not None
    }
    constructor = yaml.constructor.SafeConstructor()
    cache: dict[str, Any] = {}

    def scalar(text: str) -> Any:
        for tag, pattern in resolvers.get(text[:1], ()):
            if pattern.match(text):
                if text not in cache:
                    node = yaml.ScalarNode(tag, text)
                    check_number(node)
                    cache[text] = constructor.yaml_constructors[tag](constructor, node)
                return cache[text]
        return text

    return scalar


def check_number(node: yaml.ScalarNode) -> None:
    """Refuse a number too long to be meant as one (ConstructorError, with its place)."""
    if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
        raise yaml.constructor.ConstructorError(
            None, None, f"a number of {len(node.value)} characters is too long to be a number"
            " (put it in quotes to keep it as text)", node.start_mark)
