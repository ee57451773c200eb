"""Completion: what may be written where the cursor is.

Keys of a person's or a touch's front matter (the loader's own schema), the
allowed values of the keys that have a list of them (the model's enums),
cadence and duration forms, and person slugs wherever a person is named:
`with:`, `introduced_by:`, `referrals:` and inside `[[ ]]`.
"""

from __future__ import annotations

from enum import Enum

from lsprotocol import types as lsp

from kithbook.dates import parse_cadence, parse_duration
from kithbook.lsp.document import Cursor, Layout
from kithbook.lsp.session import Session
from kithbook.lsp.text import Encoding, from_units, to_units
from kithbook.model import Kind, Outcome, Person, Priority, Stage, Status, TouchStatus
from kithbook.records import PERSON_SCHEMA, TOUCH_SCHEMA

SCHEMAS = {"person": PERSON_SCHEMA, "touch": TOUCH_SCHEMA}
PERSON_KEYS = ("with", "introduced_by", "referrals")
CHOICES: dict[tuple[str, str], type[Enum]] = {
    ("touch", "kind"): Kind, ("touch", "status"): TouchStatus, ("touch", "outcome"): Outcome,
    ("person", "priority"): Priority, ("person", "status"): Status, ("person", "stage"): Stage,
}
# Forms offered for the keys written as a span of time; each is checked against
# the loader's parser (tests/test_lsp_features.py), so none is offered that `kith
# check` would refuse.
CADENCES = {"2w": "every two weeks", "6w": "every six weeks", "1m": "every month",
            "3m": "every three months", "6m": "every six months", "90d": "every 90 days",
            "1y": "once a year", "never": "no keep-in-touch reminder"}
DURATIONS = {"15m": "15 minutes", "30m": "half an hour", "45m": "45 minutes", "1h": "an hour",
             "1h30m": "an hour and a half", "2h": "two hours"}
FORMS = {"cadence": (CADENCES, parse_cadence), "duration": (DURATIONS, parse_duration)}
FLAGS = {"private": "true: never in a published build"}


def complete(session: Session, relative: str, text: str, line: int, character: int,
             encoding: Encoding) -> list[lsp.CompletionItem]:
    """The completions at (`line`, `character`) of the document `relative` holding `text`."""
    layout = Layout(text)
    if not 0 <= line < len(layout.lines):
        return []
    index = from_units(layout.lines[line], character, encoding)
    cursor = layout.cursor(line, index)
    kind = session.kind_of(relative)
    edit = _Edit(layout.lines[line], line, cursor, index, encoding)
    if cursor.where == "link":
        return _people(session, edit, closing="]]" not in layout.lines[line][index:index + 2])
    if kind not in SCHEMAS:
        return []
    if cursor.where == "key":
        return _keys(kind, layout, edit)
    if cursor.where == "value" and cursor.key is not None:
        return _values(session, kind, cursor.key, edit)
    return []


class _Edit:
    """Replaces the word being typed (from its start to the cursor) with a completion."""

    def __init__(self, text: str, line: int, cursor: Cursor, index: int,
                 encoding: Encoding) -> None:
        self.range = lsp.Range(lsp.Position(line, to_units(text, cursor.start, encoding)),
                               lsp.Position(line, to_units(text, index, encoding)))

    def item(self, label: str, insert: str, kind: lsp.CompletionItemKind, *,
             detail: str | None = None, filter_text: str | None = None,
             sort_text: str | None = None) -> lsp.CompletionItem:
        return lsp.CompletionItem(label=label, kind=kind, detail=detail,
                                  filter_text=filter_text, sort_text=sort_text,
                                  text_edit=lsp.TextEdit(self.range, insert))


def _keys(kind: str, layout: Layout, edit: _Edit) -> list[lsp.CompletionItem]:
    """The keys of the record's schema not written yet."""
    written = set(layout.keys)
    return [edit.item(key, f"{key}: ", lsp.CompletionItemKind.Property, sort_text=f"{n:02d}")
            for n, key in enumerate(SCHEMAS[kind]) if key not in written]


def _values(session: Session, kind: str, key: str, edit: _Edit) -> list[lsp.CompletionItem]:
    if key in PERSON_KEYS:
        return _people(session, edit, closing=False)
    enum = CHOICES.get((kind, key))
    if enum is not None:
        return [edit.item(member.value, member.value, lsp.CompletionItemKind.EnumMember,
                          sort_text=f"{n:02d}") for n, member in enumerate(enum)]
    if key in FORMS:
        forms = FORMS[key][0]
        return [edit.item(form, form, lsp.CompletionItemKind.Value, detail=meaning,
                          sort_text=f"{n:02d}") for n, (form, meaning) in enumerate(forms.items())]
    if key in FLAGS:
        return [edit.item(word, word, lsp.CompletionItemKind.Value, detail=FLAGS[key])
                for word in ("true", "false")]
    return []


def _people(session: Session, edit: _Edit, *, closing: bool) -> list[lsp.CompletionItem]:
    """Every person's slug, with name, title and company shown beside it."""
    suffix = "]]" if closing else ""
    return [edit.item(slug, slug + suffix, lsp.CompletionItemKind.Reference,
                      detail=person_line(person), filter_text=f"{slug} {person.name}")
            for slug, person in sorted(session.vault.people.items())]


def person_line(person: Person) -> str:
    """"Maya Okafor, Staff Data Engineer at Northwind Analytics": who a slug is."""
    role = " at ".join(part for part in (person.title, person.company) if part)
    return f"{person.name}, {role}" if role else person.name
