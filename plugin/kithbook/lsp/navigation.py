"""Reading along the references: hover, go to definition, document links.

A reference is a person's slug written under `with:`, `introduced_by:` or
`referrals:`, or a `[[link]]` (by slug, name or other name) in a body or a
page; touch ids written in a body link to their touch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types as lsp

from kithbook.lsp.completion import person_line
from kithbook.lsp.diagnostics import as_range
from kithbook.lsp.document import REFERENCE_KEYS, Layout
from kithbook.lsp.session import Session
from kithbook.lsp.text import Encoding, Span, from_units
from kithbook.model import Vault
from kithbook.wikilinks import LinkIndex

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9]")


@dataclass(frozen=True, slots=True)
class Reference:
    """A person named at `span`: `slug` is None when nobody in people/ answers to it."""

    written: str
    slug: str | None
    span: Span


def resolve(vault: Vault, written: str, index: LinkIndex | None = None) -> str | None:
    """The slug a reference means: a slug, else a name or other name (case, accents and
    spacing ignored), as the site and `kith check` match `[[links]]` (wikilinks.py)."""
    if written in vault.people:
        return written
    target = (index or LinkIndex(vault.people.values(), ())).resolve(written)
    return target.ident if target is not None and target.kind == "person" else None


def references(session: Session, relative: str, layout: Layout) -> list[Reference]:
    """Every person reference in a document, in its order."""
    vault = session.vault
    kind = session.kind_of(relative)
    found = [Reference(item.text, item.text if item.text in vault.people else None, item.span)
             for item in layout.slug_items(REFERENCE_KEYS.get(kind or "", ()))]
    index = LinkIndex(vault.people.values(), ())
    found += [Reference(link.target, resolve(vault, link.target, index), link.span)
              for link in layout.links()]
    return found


def reference_at(session: Session, relative: str, layout: Layout, line: int,
                 character: int, encoding: Encoding) -> Reference | None:
    if not 0 <= line < len(layout.lines):
        return None
    index = from_units(layout.lines[line], character, encoding)
    return next((ref for ref in references(session, relative, layout)
                 if ref.span.contains(line, index)), None)


def hover(session: Session, relative: str, text: str, line: int, character: int,
          encoding: Encoding) -> lsp.Hover | None:
    """Who a reference names: name, role, stage, last contact, what is due."""
    layout = Layout(text)
    ref = reference_at(session, relative, layout, line, character, encoding)
    if ref is None:
        return None
    content = (person_card(session, ref.slug) if ref.slug
               else f"No person `{ref.written}` in people/.")
    return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, content),
                     as_range(layout.lines, ref.span, encoding))


def person_card(session: Session, slug: str) -> str:
    """A person in a few lines of Markdown, as of today."""
    snapshot = session.snapshot()
    facts = snapshot.facts[slug]
    person = facts.person
    lines = [f"**{person_line(person)}** (`{slug}`)", ""]
    last = facts.last_contact
    contact = (f"last contact {last.isoformat()} ({(snapshot.today - last).days} days ago)"
               if last else "no contact yet")
    lines.append(f"Stage: {facts.stage.value} · {contact}")
    due = [item for item in snapshot.due if item.person == slug]
    if due:
        lines += ["", "Due:"]
        lines += [f"- {item.due.isoformat()} ({item.state}): {item.action}" for item in due]
    else:
        lines += ["", "Nothing due."]
    return "\n".join(lines)


def definition(session: Session, relative: str, text: str, line: int, character: int,
               encoding: Encoding) -> lsp.Location | None:
    """The file of the person a reference names."""
    layout = Layout(text)
    ref = reference_at(session, relative, layout, line, character, encoding)
    path = session.person_path(ref.slug) if ref and ref.slug else None
    if path is None:
        return None
    return lsp.Location(uri_of(session, path), lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)))


def document_links(session: Session, relative: str, text: str,
                   encoding: Encoding) -> list[lsp.DocumentLink]:
    """Links from each known person reference to their file, and from each touch id
    written in a body to the touch's file."""
    layout = Layout(text)
    links = []
    for ref in references(session, relative, layout):
        path = session.person_path(ref.slug) if ref.slug else None
        if path is not None:
            links.append(lsp.DocumentLink(as_range(layout.lines, ref.span, encoding),
                                          uri_of(session, path), tooltip=path))
    touches = {touch.id: touch.source.path for touch in session.vault.touches}
    for index in range(layout.body_start, len(layout.lines)):
        for match in _TOKEN.finditer(layout.lines[index]):
            path = touches.get(match.group())
            if path is not None and path != relative:
                span = Span(index, match.start(), match.end())
                links.append(lsp.DocumentLink(as_range(layout.lines, span, encoding),
                                              uri_of(session, path), tooltip=path))
    return links


def uri_of(session: Session, relative: str) -> str:
    return Path(session.path_of(relative)).as_uri()
