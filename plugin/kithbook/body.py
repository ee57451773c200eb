"""The parts of a record's Markdown body that Kithbook understands.

Second-level headings (`## Research`, `## Questions`, `## Advice`,
`## Takeaways`, ...) split the body into sections, keyed by the heading
folded to lower case; task items (`- [ ]`, `- [x]`) under a heading become
`Task`s with their line in the file. Fenced code blocks are skipped. The
body is read on first use: checking a vault never needs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

_HEADING = re.compile(r"^(#{1,2})[ \t]+(.+?)[ \t#]*$")
_TASK = re.compile(r"^[ \t]*[-*+][ \t]+\[([ xX])\][ \t]+(.+?)[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")


@dataclass(frozen=True, slots=True)
class Task:
    """A `- [ ]` / `- [x]` item: a question (checked = asked) or advice (checked = done)."""

    text: str
    done: bool
    line: int


@dataclass(frozen=True)
class Body:
    """The Markdown after the front matter; `first_line` is its line in the file."""

    text: str
    first_line: int

    def section(self, heading: str) -> str:
        """The text under `## heading` (case-insensitive), without the heading."""
        return self._parts[0].get(heading.casefold(), "")

    def tasks_under(self, heading: str) -> tuple[Task, ...]:
        return self._parts[1].get(heading.casefold(), ())

    @cached_property
    def _parts(self) -> tuple[dict[str, str], dict[str, tuple[Task, ...]]]:
        return parse_sections(self.text, self.first_line)


def parse_sections(
    text: str, first_line: int
) -> tuple[dict[str, str], dict[str, tuple[Task, ...]]]:
    """Sections by `##` heading, and the tasks in each, of a body starting at `first_line`."""
    if "##" not in text:
        return {}, {}
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
