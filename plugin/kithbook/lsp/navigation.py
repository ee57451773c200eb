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

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9]")


@dataclass(frozen=True, slots=True)
class Reference:
    """A person (or, for a `[[link]]`, a touch) named at `span`; both None when nothing
    in the vault answers to what is written.

    A slug under a key names a person by slug only; a `[[link]]` is resolved as
    `kith check` resolves it (`wikilinks.LinkIndex`: slug, name, other names, touch id).
    """

    written: str
    slug: str | None
    span: Span
    touch: str | None = None


def references(session: Session, relative: str, layout: Layout) -> list[Reference]:
    """Every reference in a document, in its order."""
    vault = session.vault
    kind = session.kind_of(relative)
    found = [Reference(item.text, item.text if item.text in vault.people else None, item.span)
             for item in layout.slug_items(REFERENCE_KEYS.get(kind or "", ()))]
    index = session.links()
    for link in layout.links():
        target = index.resolve(link.target)
        person = target.ident if target and target.kind == "person" else None
        touch = target.ident if target and target.kind == "touch" else None
        found.append(Reference(link.target, person, link.span, touch))
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
    """Who a reference names: name, role, stage, last contact, what is due (or which
    touch a link names)."""
    layout = Layout(text)
    ref = reference_at(session, relative, layout, line, character, encoding)
    if ref is None:
        return None
    if ref.slug:
        content = person_card(session, ref.slug)
    elif ref.touch:
        content = touch_line(session, ref.touch)
    else:
        content = f"No person or touch `{ref.written}` in the vault."
    return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, content),
                     as_range(layout.lines, ref.span, encoding))


def touch_line(session: Session, ident: str) -> str:
    """"**Coffee with Maya Okafor** (coffee, 2026-11-20)": which touch an id is."""
    touch = next(t for t in session.vault.touches if t.id == ident)
    people = session.vault.people
    names = ", ".join(people[s].name if s in people else s for s in touch.with_)
    title = touch.title or f"{touch.kind.value.capitalize()} with {names}"
    return f"**{title}** ({touch.kind.value}, {touch.date.isoformat()}; `{ident}`)"


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
    """The file of the person (or touch) a reference names."""
    layout = Layout(text)
    ref = reference_at(session, relative, layout, line, character, encoding)
    path = _file_of(session, ref) if ref else None
    if path is None:
        return None
    return lsp.Location(uri_of(session, path), lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)))


def _file_of(session: Session, ref: Reference) -> str | None:
    if ref.slug:
        return session.person_path(ref.slug)
    if ref.touch:
        return next(t.source.path for t in session.vault.touches if t.id == ref.touch)
    return None


def document_links(session: Session, relative: str, text: str,
                   encoding: Encoding) -> list[lsp.DocumentLink]:
    """Links from each reference to its file, and from each touch id written in a body
    (outside a `[[link]]`) to the touch's file."""
    layout = Layout(text)
    links, spans = [], []
    for ref in references(session, relative, layout):
        path = _file_of(session, ref)
        spans.append(ref.span)
        if path is not None:
            links.append(_link(session, layout, ref.span, path, encoding))
    touches = {touch.id: touch.source.path for touch in session.vault.touches}
    for index in range(layout.body_start, len(layout.lines)):
        for match in _TOKEN.finditer(layout.lines[index]):
            path = touches.get(match.group())
            span = Span(index, match.start(), match.end())
            if path is not None and path != relative and not any(
                    s.line == index and s.start <= span.start < s.end for s in spans):
                links.append(_link(session, layout, span, path, encoding))
    return links


def _link(session: Session, layout: Layout, span: Span, path: str,
          encoding: Encoding) -> lsp.DocumentLink:
    return lsp.DocumentLink(as_range(layout.lines, span, encoding), uri_of(session, path),
                            tooltip=path)


def uri_of(session: Session, relative: str) -> str:
    return Path(session.path_of(relative)).as_uri()
