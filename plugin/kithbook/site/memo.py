"""Rendered pages remembered between builds, so a rebuild renders only what changed.

A page's Markdown is a function of its context (the values the page is
rendered with) and of what its template looks up in the vault through the
few functions the templates are given (a person's name, a touch's title,
whether a slug is a person, a touch by id). `RenderMemo` keeps each page's
Markdown with its context and the lookups its rendering made, with their
answers. In the next build a page is reused when its context compares equal
to the remembered one and every remembered lookup gives the same answer
again; otherwise it is rendered, and remembered anew.

Nothing has to be declared: a template that reads something new through its
context is covered by the comparison, and a context value that cannot be
compared by value (a function, an object without `__eq__`) compares unequal,
so such a page is simply rendered every time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

MISSING = object()  # what a lookup answers for a key that is not there
Lookups = Mapping[str, Callable[[Any], Any]]


class Reads:
    """The lookup functions given to one rendering, noting each call and its answer."""

    def __init__(self, lookups: Lookups, *, noting: bool = True) -> None:
        self._lookups = lookups
        self._noting = noting
        self.log: list[tuple[str, Any, Any]] = []
        self.complete = True  # false once the rendering read more than single lookups

    def function(self, name: str) -> Callable[[Any], Any]:
        lookup = self._lookups[name]
        if not self._noting:
            return lookup

        def noted(argument: Any) -> Any:
            answer = lookup(argument)
            self.log.append((name, argument, answer))
            return answer

        return noted

    def mapping(self, name: str, whole: Mapping[Any, Any]) -> Mapping[Any, Any]:
        """`whole` for the templates: a key read is noted; a walk over all of it is not
        memorable, so it marks the rendering incomplete."""
        return _NotedMapping(self, self.function(name), whole)


class _NotedMapping(Mapping[Any, Any]):
    def __init__(self, reads: Reads, lookup: Callable[[Any], Any],
                 whole: Mapping[Any, Any]) -> None:
        self._reads = reads
        self._lookup = lookup
        self._whole = whole

    def __getitem__(self, key: Any) -> Any:
        answer = self._lookup(key)
        if answer is MISSING:
            raise KeyError(key)
        return answer

    def __iter__(self) -> Iterator[Any]:
        self._reads.complete = False
        return iter(self._whole)

    def __len__(self) -> int:
        self._reads.complete = False
        return len(self._whole)


@dataclass(frozen=True, slots=True)
class _Entry:
    context: dict[str, Any]
    reads: tuple[tuple[str, Any, Any], ...]
    markdown: str


class PieceMemo:
    """Pieces of a site file (the events of `calendar.ics`) by everything they are made
    from, so a rebuild serialises only the pieces whose inputs changed. The key is the
    whole input: the caller lists in it every value the piece reads."""

    def __init__(self) -> None:
        self._last: dict[Hashable, bytes] = {}
        self._now: dict[Hashable, bytes] = {}
        self.made = 0

    def start(self) -> None:
        """A new build: only what the last one used is kept (so the memo does not grow)."""
        if self._now:
            self._last, self._now = self._now, {}
        self.made = 0

    def get(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        found = self._now.get(key)
        if found is None:
            found = self._last.get(key)
        if found is None:
            found = make()
            self.made += 1
        self._now[key] = found
        return found


class RenderMemo:
    """Pages of the last build, by key (template and path), for the next one to reuse;
    and the pieces of its site files (`pieces`)."""

    def __init__(self) -> None:
        self._last: dict[Hashable, _Entry] = {}
        self._now: dict[Hashable, _Entry] = {}
        self.rendered = 0
        self.reused = 0
        self.pieces = PieceMemo()

    def start(self) -> None:
        """A new build: what the last one rendered is what can be reused."""
        if self._now:
            self._last, self._now = self._now, {}
        self.rendered = self.reused = 0
        self.pieces.start()

    def render(self, key: Hashable, context: dict[str, Any], lookups: Lookups,
               render: Callable[[Reads], str]) -> str:
        entry = self._last.get(key)
        if entry is not None and _still_valid(entry, context, lookups):
            self._now[key] = entry
            self.reused += 1
            return entry.markdown
        reads = Reads(lookups)
        markdown = render(reads)
        self.rendered += 1
        if reads.complete:
            self._now[key] = _Entry(dict(context), tuple(reads.log), markdown)
        return markdown


def _still_valid(entry: _Entry, context: dict[str, Any], lookups: Lookups) -> bool:
    try:
        if entry.context != context:
            return False
        return all(bool(lookups[name](argument) == answer)
                   for name, argument, answer in entry.reads)
    except (TypeError, ValueError, KeyError):  # values that refuse to be compared
        return False
