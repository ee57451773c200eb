"""The parts of a record's Markdown body that Kithbook understands.

Second-level headings (`## Research`, `## Questions`, `## Advice`,
`## Takeaways`, ...) split the body into sections, keyed by the heading
folded to lower case; task items (`- [ ]`, `- [x]`) under a heading become
`Task`s with their line in the file. Fenced code blocks are skipped. The
body is read on first use: checking a vault never needs it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

_HEADING = re.compile(r"(#{1,2})[ \t]+(.+?)[ \t#]*$")  # matched at a line's start
# `_HEADING` at a line's start (the newline before it included), with the text taken
# greedily and its end trimmed by `_heading_text`: the lazy `.+?` tries the end of the
# line after every character (twice the time). One `finditer` over a body finds them all.
_HEADING_LINE = re.compile(r"\n(#{1,2})[ \t]+(.+)")
# The text ends at the last character that is not a blank: greedy, since a lazy
# match with a look-ahead backtracks on every character (three times slower).
_TASK = re.compile(r"^[ \t]*[-*+][ \t]+\[([ xX])\][ \t]+([^\n]*[^ \t\n])")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_TASKS = re.compile(r"\n[ \t]*[-*+][ \t]+\[([ xX])\][ \t]+([^\n]*[^ \t\n])")
# A checked task alone (`_TASKS` with the box ticked): its text.
_DONE_TASK = re.compile(r"\n[ \t]*[-*+][ \t]+\[[xX]\][ \t]+([^\n]*[^ \t\n])")

@dataclass(frozen=True, slots=True)
class Task:
    """A `- [ ]` / `- [x]` item: a question (checked = asked) or advice (checked = done)."""

    text: str
    done: bool
    line: int


Sections = dict[str, str]
TasksBySection = dict[str, tuple[Task, ...]]


@dataclass(frozen=True)
class Body:
    """The Markdown after the front matter; `first_line` is its line in the file.

    Read on first use, and only as far as asked: finding sections is a jump
    from heading to heading; a section's tasks are read when they are wanted;
    a body with no `[x]` is not read for done tasks at all.
    """

    text: str
    first_line: int
    # What has been read so far; made on first use, since most bodies are never read.
    _read: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def _cache(self) -> dict[str, Any]:
        if self._read is None:
            object.__setattr__(self, "_read", {})  # a frozen record's private memo
        assert self._read is not None
        return self._read

    def remembered(self, key: str, make: Callable[[str, int], T]) -> T:
        """`make(text, first_line)`, made once per body: what another module reads from
        the text (`wikilinks`' links), kept while the record is."""
        if key not in self._cache:
            self._cache[key] = make(self.text, self.first_line)
        found: T = self._cache[key]
        return found

    def section(self, heading: str) -> str:
        """The text under `## heading` (case-insensitive), without the heading."""
        name = heading.casefold()
        if (fenced := self._fenced()) is not None:
            return fenced[0].get(name, "")
        lined = "\n" + self.text
        return "\n".join(part for start, end in self._spans(name)
                         if (part := lined[start:end].strip()))

    def has_text_under(self, heading: str) -> bool:
        """Whether `section(heading)` has any text, without joining it."""
        name = heading.casefold()
        if (fenced := self._fenced()) is not None:
            return bool(fenced[0].get(name))
        lined = "\n" + self.text
        for start, end in self._spans(name):  # noqa: SIM110 - a loop: see `has_tasks_under`
            if lined[start:end].strip():
                return True
        return False

    def has_tasks_under(self, heading: str) -> bool:
        """Whether `tasks_under(heading)` finds any, without making them."""
        name = heading.casefold()
        if (fenced := self._fenced()) is not None:
            return bool(fenced[1].get(name))
        if (cached := self._cache.get(f"tasks:{name}")) is not None:
            return bool(cached)
        lined = "\n" + self.text
        # A loop rather than `any()` over a generator, which is closed with an exception
        # when it stops early (dearer than the search itself).
        for start, end in self._spans(name):  # noqa: SIM110
            if _TASKS.search(lined, start, end):
                return True
        return False

    def tasks_under(self, heading: str) -> tuple[Task, ...]:
        name = heading.casefold()
        if (fenced := self._fenced()) is not None:
            return fenced[1].get(name, ())
        cached: tuple[Task, ...] | None = self._cache.get(f"tasks:{name}")
        if cached is None:
            cached = tuple(self._tasks(self._spans(name)))
            self._cache[f"tasks:{name}"] = cached
        return cached

    def _tasks(self, spans: list[tuple[int, int]]) -> Iterator[Task]:
        """Tasks in the spans, numbering lines as it goes rather than from the top each time."""
        lined = "\n" + self.text
        line, counted = self.first_line, 0
        for start, end in spans:
            for task in _TASKS.finditer(lined, start, end):
                line += lined.count("\n", counted, task.start())
                counted = task.start()
                yield Task(task.group(2), task.group(1) != " ", line)

    def done_under(self, heading: str) -> tuple[Task, ...]:
        """The checked tasks under `heading`; a body with no `[x]` anywhere is not read."""
        if not _has_box_ticked(self.text):
            return ()
        return tuple(task for task in self.tasks_under(heading) if task.done)

    def first_done_under(self, heading: str) -> Task | None:
        """`done_under(heading)[0]` (None when there is none), found without making the
        section's other tasks: closing the loop on advice needs only the first."""
        if not _has_box_ticked(self.text):
            return None
        name = heading.casefold()
        if self._fenced() is not None or f"tasks:{name}" in self._cache:
            return next((task for task in self.tasks_under(heading) if task.done), None)
        lined = "\n" + self.text
        for start, end in self._spans(name):
            if (found := _DONE_TASK.search(lined, start, end)) is not None:
                line = self.first_line + lined.count("\n", 0, found.start())
                return Task(found.group(1), True, line)
        return None

    def without_sections(self, *headings: str) -> str:
        """The text with the sections under these headings left out (see `without_sections`)."""
        return without_sections(self.text, {heading.casefold() for heading in headings})

    def _spans(self, name: str) -> list[tuple[int, int]]:
        cache = self._cache  # a property: asked once
        if "spans" not in cache:
            cache["spans"] = _section_spans("\n" + self.text)
        spans: list[tuple[int, int]] = cache["spans"].get(name, [])
        return spans

    def _fenced(self) -> tuple[Sections, TasksBySection] | None:
        """Bodies with code fences are read line by line, so that the fences are skipped."""
        cache = self._cache
        if "fenced" not in cache:
            fenced = _has_fence(self.text)
            cache["fenced"] = _parse_lines(self.text, self.first_line) if fenced else None
        result: tuple[Sections, TasksBySection] | None = cache["fenced"]
        return result


# A character is found with `memchr`, several times faster than a string of three (a
# few instructions a character): most bodies have no task, and almost none a fence.
def _has_box_ticked(text: str) -> bool:
    """Whether `[x]` or `[X]` is in `text`: a body without one has no done task."""
    return "]" in text and ("[x]" in text or "[X]" in text)


def _has_fence(text: str) -> bool:
    return ("`" in text and "```" in text) or ("~" in text and "~~~" in text)


ANY_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")  # a Markdown heading line, any level


def without_sections(text: str, headings: Collection[str]) -> str:
    """The text without the sections under the given headings (folded to lower case):
    for private sections in publish mode, and for sections a page shows elsewhere.

    A section ends at the next heading of the same or a higher level; headings
    inside code fences are text, not headings.
    """
    if "#" not in text:
        return text  # no heading, no section
    kept: list[str] = []
    dropping_level = 0  # the level of the heading being dropped; 0: keeping
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else ANY_HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            if dropping_level and level <= dropping_level:
                dropping_level = 0
            if not dropping_level and heading.group(2).strip().casefold() in headings:
                dropping_level = level
        if not dropping_level:
            kept.append(line)
    return "\n".join(kept)


def _heading_text(rest: str) -> str:
    """`_HEADING`'s text from `_HEADING_LINE`'s: closing `#`s and blanks trimmed, but
    never to nothing (the lazy match keeps its first character)."""
    return rest.rstrip(" \t#") or rest[:1]


def _section_spans(lined: str) -> dict[str, list[tuple[int, int]]]:
    """Where each `##` section's text starts and ends; `#` headings end a section too."""
    spans: dict[str, list[tuple[int, int]]] = {}
    current: str | None = None
    start = 0
    for heading in _HEADING_LINE.finditer(lined):  # a section ends at the newline before
        if current is not None:
            spans[current].append((start, heading.start()))
        level, text = heading.groups()
        current = _heading_text(text).casefold() if len(level) == 2 else None
        if current is not None:
            spans.setdefault(current, [])
        start = heading.end()
    if current is not None:
        spans[current].append((start, len(lined)))
    return spans


def parse_sections(text: str, first_line: int) -> tuple[Sections, TasksBySection]:
    """Every section and its tasks, as the lazy `Body` reads them."""
    body = Body(text, first_line)
    if (fenced := body._fenced()) is not None:
        return fenced
    names = list(_section_spans("\n" + text))
    tasks = {name: found for name in names if (found := body.tasks_under(name))}
    return {name: body.section(name) for name in names}, tasks


def _parse_lines(text: str, first_line: int) -> tuple[Sections, TasksBySection]:
    """Line by line, so that code fences can be skipped."""
    sections: dict[str, list[str]] = {}
    tasks: dict[str, list[Task]] = {}
    current: str | None = None
    in_fence = False
    for offset, line in enumerate(text.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            heading = _HEADING.match(line)
            if heading:
                current = heading.group(2).casefold() if len(heading.group(1)) == 2 else None
                if current is not None:
                    sections.setdefault(current, [])
                continue
            task = _TASK.match(line)
            if task and current is not None:
                done = task.group(1) != " "
                tasks.setdefault(current, []).append(Task(task.group(2), done, first_line + offset))
        if current is not None:
            sections[current].append(line)
    return (
        {name: "\n".join(lines).strip() for name, lines in sections.items()},
        {name: tuple(items) for name, items in tasks.items()},
    )
