"""`kith check` in the editor: each problem as a diagnostic at its place.

The problems are the ones `check.check_vault` finds, messages, lines and
severities unchanged; this module only places them. A problem names a line;
where its message quotes the word at fault (an unknown key, a slug naming
nobody, a value not allowed) the range narrows to that word, and a did-you-mean
travels with the diagnostic as data, for the quick fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from lsprotocol import types as lsp

from kithbook.lsp.document import Layout
from kithbook.lsp.text import Encoding, Span, line_span, to_units
from kithbook.model import Problem

SOURCE = "kith"
# The word a message is about, and the one it suggests: "unknown key 'cadance'",
# "no person 'maya-okafo' in people/", "unknown value 'cofee'"; "did you mean 'x'?";
# "[[maya-okafo]] names no person or touch; did you mean [[maya-okafor]]?".
_SUBJECT = re.compile(r"(?:unknown key|no person|unknown value) (['\"])(?P<word>.+?)\1"
                      r"|^\[\[(?P<link>.+?)\]\] names no ")
_SUGGESTION = re.compile(r"did you mean (?:'(?P<word>[^']+)'|\[\[(?P<link>.+?)\]\])\?")


def by_file(problems: Iterable[Problem]) -> dict[str, tuple[Problem, ...]]:
    """The problems grouped by file, each group in the order `kith check` prints it."""
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.path, []).append(problem)
    return {path: tuple(found) for path, found in grouped.items()}


def changed_files(before: Mapping[str, tuple[Problem, ...]],
                  after: Mapping[str, tuple[Problem, ...]]) -> list[str]:
    """Files whose problems differ: those get new diagnostics (an empty list clears them)."""
    return sorted(path for path in before.keys() | after.keys()
                  if before.get(path, ()) != after.get(path, ()))


def as_range(lines: list[str], span: Span, encoding: Encoding) -> lsp.Range:
    text = lines[span.line] if span.line < len(lines) else ""
    return lsp.Range(lsp.Position(span.line, to_units(text, span.start, encoding)),
                     lsp.Position(span.line, to_units(text, span.end, encoding)))


def diagnostics(problems: Iterable[Problem], text: str, encoding: Encoding
                ) -> list[lsp.Diagnostic]:
    """The problems of one file as diagnostics, placed in `text` (the file as the editor
    holds it)."""
    layout = Layout(text)
    return [_diagnostic(problem, layout, encoding) for problem in problems]


def _diagnostic(problem: Problem, layout: Layout, encoding: Encoding) -> lsp.Diagnostic:
    subject = _quoted(_SUBJECT, problem.message)
    suggestion = _quoted(_SUGGESTION, problem.message)
    span = _place(problem, layout, subject)
    data = None
    if subject and suggestion and span is not None:
        data = {"replace": subject, "with": suggestion}
    severity = (lsp.DiagnosticSeverity.Error if problem.severity == "error"
                else lsp.DiagnosticSeverity.Warning)
    line = max(problem.line - 1, 0)
    return lsp.Diagnostic(
        range=as_range(layout.lines, span or line_span(layout.lines, line), encoding),
        message=problem.message, severity=severity, source=SOURCE, code=problem.key,
        data=data)


def _quoted(pattern: re.Pattern[str], message: str) -> str | None:
    found = pattern.search(message)
    return (found.group("word") or found.group("link")) if found else None


def _place(problem: Problem, layout: Layout, word: str | None) -> Span | None:
    """The span of `word` in the problem's key (its name or one of its values), if found."""
    if word is None or problem.line < 1:
        return None
    line = problem.line - 1
    if problem.key == word and layout.lines[line:line + 1] and layout.lines[line].startswith(word):
        return Span(line, 0, len(word))
    if problem.key is not None:
        for item in layout.items(problem.key):
            if item.text == word:
                return item.span
    for link in layout.links():
        if link.span.line == line and link.target == word:
            return link.span
    return None
