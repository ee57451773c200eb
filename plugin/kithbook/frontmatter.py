"""Split a record file into its YAML front matter and body, keeping line numbers.

python-frontmatter is not used for reading: it reports no line numbers and
costs a second pass. This module decodes, splits and parses in one go and
turns every failure into a `FrontMatterError` that knows its line in the
file (not in the block).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml

from kithbook.plainyaml import PlainReader, check_number, typed_scalars

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Front matter is a few dozen values: past these limits a document is an attack or an
# accident (billion laughs, a 500-deep list), and is refused with its line before any
# value is built, so nothing downstream walks an exponential or recursive structure.
MAX_VALUES = 10_000  # values after aliases are expanded
MAX_DEPTH = 32  # lists and mappings inside each other

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _Irregular(Exception):
    """The document uses a YAML feature the lean constructor leaves to PyYAML."""


class RecordLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader (the C one where present), leaner and without timestamps.

    YAML reads `2026-11-20 14:30:00` as a timestamp but `2026-11-20 14:30` as
    text, and fails on `2026-11-31` with no line number. Keeping every date as
    text lets the loader read all the forms people type with one parser and
    report impossible dates with their line.

    Front matter is small, plain YAML, so the generic machinery (path
    resolvers, state generators, merge keys, recursive nodes) costs more than
    the parsing itself: `resolve` and `get_single_data` take a direct route
    and fall back to PyYAML's own for anything unusual, whose errors and
    results are unchanged.
    """

    _implicit: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}
    key_lines: dict[str, int]
    repeated_keys: tuple[tuple[str, int], ...]

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in self._implicit.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _check_shape(node)
        if node.__class__ is yaml.MappingNode:
            self.key_lines, self.repeated_keys = _top_keys(node)
        try:
            return self._lean(node)
        except (_Irregular, KeyError, TypeError):
            return self.construct_document(node)

    def _lean(self, node: yaml.Node) -> Any:
        kind = node.__class__
        if kind is yaml.ScalarNode:
            if node.tag == _STR:
                return node.value
            return self.yaml_constructors[node.tag](self, node)
        if kind is yaml.SequenceNode and node.tag == _SEQ:
            return [self._lean(item) for item in node.value]
        if kind is yaml.MappingNode and node.tag == _MAP:
            data = {}
            for key, value in node.value:
                if key.tag == "tag:yaml.org,2002:merge":
                    raise _Irregular
                data[self._lean(key)] = self._lean(value)
            return data
        raise _Irregular


def _check_shape(root: yaml.Node) -> None:
    """Refuse (ConstructorError, with the place) a document nested deeper than MAX_DEPTH,
    an alias used inside its own anchor, or more than MAX_VALUES values once aliases are
    expanded. Sizes are counted once per node, so the check is linear in the text."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise _refused(node, "an alias is used inside its own anchor (a recursive value)")
        if depth > MAX_DEPTH:
            raise _refused(node, f"values are nested more than {MAX_DEPTH} deep")
        total = 1
        if node.__class__ is not yaml.ScalarNode:
            open_nodes.add(key)
            children = node.value if node.__class__ is yaml.SequenceNode else [
                part for pair in node.value for part in pair]
            for child in children:
                total += size(child, depth + 1)
                if total > MAX_VALUES:
                    raise _refused(root if node is root else node, (
                        f"aliases expand to more than {MAX_VALUES:,} values;"
                        " write the values out, or use fewer aliases"))
            open_nodes.discard(key)
        sizes[key] = total
        return total

    size(root, 0)


def _refused(node: yaml.Node, problem: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, problem, node.start_mark)


def _number(constructor: Any) -> Any:
    """A number constructor that refuses numbers too long to be meant (see plainyaml)."""
    def construct(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        check_number(node)
        return constructor(loader, node)
    return construct


def _top_keys(node: yaml.MappingNode) -> tuple[dict[str, int], tuple[tuple[str, int], ...]]:
    """Line in the file (the block starts on line 2) of each top-level key, and repeats."""
    lines: dict[str, int] = {}
    repeated = []
    for key, _ in node.value:
        if key.__class__ is yaml.ScalarNode:
            line = key.start_mark.line + 2
            if key.value in lines:
                repeated.append((key.value, line))
            else:
                lines[key.value] = line
    return lines, tuple(repeated)


RecordLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
for _tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
    RecordLoader.add_constructor(_tag, _number(_BaseLoader.yaml_constructors[_tag]))
RecordLoader._implicit = {
    first: resolvers + RecordLoader.yaml_implicit_resolvers.get(None, [])
    for first, resolvers in RecordLoader.yaml_implicit_resolvers.items()
    if first is not None
}

PLAIN_READER = PlainReader(typed_scalars(RecordLoader))
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


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
    if not text.startswith("---"):
        if not text.strip():
            raise FrontMatterError(1, "empty file: a record needs front matter between '---' lines")
        raise FrontMatterError(1, "no front matter: the file must start with a line '---'")
    first_break = text.find("\n")
    if first_break < 0 or text[3:first_break].strip():
        raise FrontMatterError(1, "no front matter: the file must start with a line '---'")
    end = _CLOSE.search(text, first_break + 1)
    if end is None:
        raise FrontMatterError(1, "front matter is not closed: add a line '---' after it")
    block = text[first_break + 1 : end.start()]
    body, body_line = text[end.end() + 1 :], block.count("\n") + 3
    plain = PLAIN_READER.read(block)
    if plain is not None and plain[0]:
        return Split(plain[0], plain[1], body, body_line, tuple(plain[2]))
    loader = RecordLoader(block)
    try:
        data = _mapping(loader, block)
        lines, repeated = loader.key_lines, loader.repeated_keys
    finally:
        loader.dispose()
    return Split(data, lines, body, body_line, repeated)


def _mapping(loader: RecordLoader, block: str) -> dict[str, Any]:
    """The YAML mapping in a front matter block that starts on line 2 of its file."""
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        raise FrontMatterError(*_located(err, block)) from None
    except yaml.YAMLError as err:
        raise FrontMatterError(2, f"YAML error: {err}") from None
    except RecursionError:  # the pure-Python composer, where libyaml is missing
        raise FrontMatterError(2, f"values are nested more than {MAX_DEPTH} deep") from None
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
    reason = ", ".join(part for part in (context, _plain_problem(err.problem)) if part) or \
        "cannot parse"
    text = block.split("\n")[line - 2] if 0 <= line - 2 < block.count("\n") + 1 else ""
    if "\t" in text[: len(text) - len(text.lstrip())]:
        reason += " (a tab indents this line; YAML allows only spaces)"
    kind = "YAML error" if isinstance(err, yaml.constructor.ConstructorError) else \
        "YAML syntax error"
    return line, f"{kind}: {reason}"


_SPECIAL_VALUES = {  # YAML 1.1 tags a bare value resolves to, with no safe constructor
    "tag:yaml.org,2002:value": "'=' alone is a special YAML value",
    "tag:yaml.org,2002:merge": "'<<' alone is YAML's merge key",
}


def _plain_problem(problem: str | None) -> str | None:
    """PyYAML's wording, with its tag names said in words a person can act on."""
    for tag, words in _SPECIAL_VALUES.items():
        if problem and tag in problem:
            return f"{words}; put it in quotes to write it as text"
    return problem
