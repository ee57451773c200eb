"""Views of the git history for the pages: the weeks of the Activity page, the
history of one record, and the revisions of the pitch with what changed.

The history is read elsewhere (`history.read_history`) and passed in: the
pages never run git.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kithbook.history import Commit, History, Revision
from kithbook.model import Touch, Vault


@dataclass(slots=True)
class Week:
    """What happened in the vault's files in one week (Monday to Sunday)."""

    monday: dt.date
    commits: list[Commit] = field(default_factory=list)  # newest first
    people_added: list[str] = field(default_factory=list)  # slugs
    touches_logged: list[Touch] = field(default_factory=list)
    people_changed: list[str] = field(default_factory=list)
    touches_changed: list[Touch] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)  # not a record now: docs, deleted files

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)


@dataclass(frozen=True, slots=True)
class Pending:
    """Records with work not yet committed: new files, and files changed since their commit."""

    new_people: tuple[str, ...] = ()
    new_touches: tuple[Touch, ...] = ()
    changed_people: tuple[str, ...] = ()
    changed_touches: tuple[Touch, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.new_people or self.new_touches or self.changed_people
                    or self.changed_touches)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weeks(vault: Vault, history: History) -> list[Week]:
    """Week by week, newest first: records added, touches logged, records changed, commits."""
    people = {_nfc(p.source.path): p.slug for p in vault.people.values()}
    touches = {_nfc(t.source.path): t for t in vault.touches}
    by_monday: dict[dt.date, Week] = {}

    def week(commit: Commit) -> Week:
        monday = monday_of(commit.when.date())
        return by_monday.setdefault(monday, Week(monday))

    for commit in history.commits:
        week(commit).commits.append(commit)
    for path in history.paths:
        commits = history.commits_of(path)
        slug, touch = people.get(_nfc(path)), touches.get(_nfc(path))
        created, changes = commits[-1], commits[:-1]
        if slug is not None and not created.grafted:
            week(created).people_added.append(slug)
        elif touch is not None and not created.grafted:
            week(created).touches_logged.append(touch)
        elif slug is None and touch is None:
            changes = commits
        for monday in {monday_of(c.when.date()) for c in changes}:
            if slug is not None:
                by_monday[monday].people_changed.append(slug)
            elif touch is not None:
                by_monday[monday].touches_changed.append(touch)
            else:
                by_monday[monday].other_files.append(path)
    for item in by_monday.values():
        _sort(item, vault)
    return sorted(by_monday.values(), key=lambda w: w.monday, reverse=True)


def _nfc(path: str) -> str:
    """Paths as git stores them (macOS may give decomposed accents)."""
    return unicodedata.normalize("NFC", path)


def _sort(week: Week, vault: Vault) -> None:
    def name(slug: str) -> str:
        return vault.people[slug].name.casefold()

    week.people_added.sort(key=name)
    week.people_changed.sort(key=name)
    week.touches_logged.sort(key=lambda t: t.sort_key)
    week.touches_changed.sort(key=lambda t: t.sort_key)
    week.other_files.sort()


def pending(vault: Vault, history: History) -> Pending:
    """Records not yet committed (none when there is no repository to commit to)."""
    if not history.available:
        return Pending()
    new_people: list[str] = []
    changed_people: list[str] = []
    new_touches: list[Touch] = []
    changed_touches: list[Touch] = []
    for person in sorted(vault.people.values(), key=lambda p: p.name.casefold()):
        record = history.of(person.source.path)
        if record.uncommitted:
            (changed_people if record.commits else new_people).append(person.slug)
    for touch in vault.touches:
        record = history.of(touch.source.path)
        if record.uncommitted:
            (changed_touches if record.commits else new_touches).append(touch)
    return Pending(tuple(new_people), tuple(new_touches), tuple(changed_people),
                   tuple(changed_touches))


# The pitch: each revision shown as its text with the words removed and added
# since the one before (prose reads better word by word than line by line).

_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class PitchRevision:
    commit: Commit | None  # None: the file as it is now, not yet committed
    html: str  # the text, with <del> and <ins> for the changes since the previous revision
    added: int  # words
    removed: int
    first: bool


def pitch_revisions(revisions: Sequence[Revision]) -> list[PitchRevision]:
    """Newest first, each compared with the revision before it."""
    shown: list[PitchRevision] = []
    previous = ""
    for index, revision in enumerate(revisions):
        if index == 0:  # nothing to compare with: the text as it was first written
            words = _count_words(_WORDS.findall(revision.text))
            shown.append(PitchRevision(revision.commit, _escape([revision.text]), words, 0, True))
        else:
            markup, added, removed = word_diff(previous, revision.text)
            shown.append(PitchRevision(revision.commit, markup, added, removed, False))
        previous = revision.text
    return shown[::-1]


def word_diff(old: str, new: str) -> tuple[str, int, int]:
    """`new` as escaped HTML with deletions and insertions marked, and the words changed.

    Whitespace compares equal whatever its kind, so re-wrapping a paragraph
    changes nothing; a lone short word or punctuation left between two
    changes joins them, so a rewritten sentence reads as one change instead
    of a comb of tiny ones.
    """
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    matcher = difflib.SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b],
                                      autojunk=False)
    parts: list[str] = []
    added = removed = 0
    for changed, old_tokens, new_tokens in _segments(matcher.get_opcodes(), a, b):
        if not changed:
            parts.append(_escape(new_tokens))
            continue
        if _count_words(old_tokens) or "".join(old_tokens).strip():
            parts.append(f"<del>{_escape(old_tokens)}</del>")
        if _count_words(new_tokens) or "".join(new_tokens).strip():
            parts.append(f"<ins>{_escape(new_tokens)}</ins>")
        elif new_tokens:
            parts.append(_escape(new_tokens))
        added += _count_words(new_tokens)
        removed += _count_words(old_tokens)
    return "".join(parts), added, removed


def _key(token: str) -> str:
    return " " if token.isspace() else token


Segment = tuple[bool, list[str], list[str]]  # changed?, old tokens, new tokens


def _segments(opcodes: Iterable[tuple[str, int, int, int, int]], a: list[str],
              b: list[str]) -> list[Segment]:
    segments: list[Segment] = [(op != "equal", a[i1:i2], b[j1:j2])
                               for op, i1, i2, j1, j2 in opcodes]
    merged: list[Segment] = []
    for index, (changed, old, new) in enumerate(segments):
        between = 0 < index < len(segments) - 1 and segments[index + 1][0]
        if not changed and between and _slight(new):
            changed = True
        if changed and merged and merged[-1][0]:
            merged[-1] = (True, merged[-1][1] + old, merged[-1][2] + new)
        else:
            merged.append((changed, list(old), list(new)))
    return merged


def _slight(tokens: list[str]) -> bool:
    """Whitespace, punctuation or one short word: too little to read as unchanged."""
    text = "".join(tokens).strip()
    return _count_words(tokens) == 0 or (_count_words(tokens) == 1 and len(text) <= 4)


def _escape(tokens: Iterable[str]) -> str:
    # One line for Markdown's raw HTML block; the element keeps the line breaks (pre-wrap).
    return html.escape("".join(tokens), quote=False).replace("\n", "&#10;")


def _count_words(tokens: Iterable[str]) -> int:
    """Words only: punctuation and Markdown marks change the text but are not words."""
    return sum(1 for token in tokens if token[0].isalnum() or token[0] == "_")
