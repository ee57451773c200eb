"""Read the parts of a record's Markdown body that Kithbook understands.

Second-level headings (`## Research`, `## Questions`, `## Advice`,
`## Takeaways`, ...) split the body into sections, keyed by the heading
folded to lower case; task items (`- [ ]`, `- [x]`) under a heading become
`Task`s with their line in the file. Fenced code blocks are skipped.
"""

from __future__ import annotations

import re

from kithbook.model import Body, Task

_HEADING = re.compile(r"^##[ \t]+(.+?)[ \t#]*$")
_TASK = re.compile(r"^[ \t]*[-*+][ \t]+\[([ xX])\][ \t]+(.+?)[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")


def parse_body(text: str, first_line: int) -> Body:
    """Sections and tasks of `text`, whose first line is line `first_line` of its file."""
    if "##" not in text:
        return Body(text, first_line)
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
                current = heading.group(1).casefold()
                sections.setdefault(current, [])
                continue
            task = _TASK.match(line)
            if task and current is not None:
                done = task.group(1) != " "
                tasks.setdefault(current, []).append(
                    Task(task.group(2), done, first_line + offset)
                )
        if current is not None:
            sections[current].append(line)
    return Body(
        text,
        first_line,
        {name: "\n".join(lines).strip() for name, lines in sections.items()},
        {name: tuple(items) for name, items in tasks.items()},
    )
