"""Changes the editor applies: quick fixes and renaming a person.

A quick fix is the did-you-mean of a problem (carried by its diagnostic) as
an edit. Renaming a person's slug plans exactly what `kith rename` does
(`changes.plan_rename` and `wikilinks.with_links_renamed`, reading the
editor's unsaved text where it has any)
and hands it over as one workspace edit: the file renamed, every reference
rewritten, for the editor to apply and undo as one change.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp

from kithbook.changes import plan_rename
from kithbook.edit import Change
from kithbook.errors import KithError
from kithbook.lookup import safe_slug
from kithbook.lsp.diagnostics import as_range
from kithbook.lsp.document import Layout
from kithbook.lsp.navigation import reference_at, uri_of
from kithbook.lsp.session import Session
from kithbook.lsp.text import Encoding
from kithbook.wikilinks import with_links_renamed

# The version the editor has of an open document (None: not open, the file is current).
Versions = Callable[[str], int | None]


class RenameRefused(KithError):
    """A rename that cannot be made; the message says why."""


def quick_fixes(uri: str, diagnostics: Sequence[lsp.Diagnostic]) -> list[lsp.CodeAction]:
    """One preferred fix per diagnostic that carries a did-you-mean."""
    actions = []
    for diagnostic in diagnostics:
        data: Any = diagnostic.data
        if not isinstance(data, dict) or not {"replace", "with"} <= data.keys():
            continue
        edit = lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(diagnostic.range, data["with"])]})
        actions.append(lsp.CodeAction(
            title=f"Change '{data['replace']}' to '{data['with']}'",
            kind=lsp.CodeActionKind.QuickFix, diagnostics=[diagnostic], edit=edit,
            is_preferred=True))
    return actions


def prepare_rename(session: Session, relative: str, text: str, line: int, character: int,
                   encoding: Encoding) -> lsp.PrepareRenamePlaceholder | None:
    """The slug under the cursor, if it names a person (a person can be renamed from any
    reference to them)."""
    layout = Layout(text)
    ref = reference_at(session, relative, layout, line, character, encoding)
    if ref is None or ref.slug is None or ref.written != ref.slug:
        return None
    return lsp.PrepareRenamePlaceholder(as_range(layout.lines, ref.span, encoding), ref.slug)


def rename(session: Session, relative: str, text: str, line: int, character: int,
           encoding: Encoding, *, new: str, versions: Versions) -> lsp.WorkspaceEdit:
    """The person named under the cursor renamed to `new`: `kith rename OLD NEW` as an edit."""
    prepared = prepare_rename(session, relative, text, line, character, encoding)
    if prepared is None:
        raise RenameRefused("put the cursor on a person's slug (with:, introduced_by:,"
                            " referrals: or a [[link]]) to rename them")
    old = prepared.placeholder
    def read(path: Path) -> str:
        return session.text_of(_relative(session, path))

    try:
        new = safe_slug(new)
        changes = with_links_renamed(
            plan_rename(session.vault, session.root, old, new, read=read),
            session.vault, session.pages(), session.root, old, new, read=read)
    except KithError as err:
        raise RenameRefused(str(err)) from None
    return workspace_edit(session, changes, versions)


def _relative(session: Session, path: Any) -> str:
    found = session.relative(path)
    if found is None:
        raise RenameRefused(f"{path} is outside the vault")
    return found


def workspace_edit(session: Session, changes: list[Change], versions: Versions
                   ) -> lsp.WorkspaceEdit:
    """Planned changes as document changes: text edits first, then the file renamed
    (a created file plus a deleted one is a rename, and is sent as one)."""
    created = [c for c in changes if c.create]
    deleted = [c for c in changes if c.data is None]
    document_changes: list[Any] = []
    renames: list[lsp.RenameFile] = []
    for change in changes:
        if change.create or change.data is None:
            continue
        document_changes.append(_text_edit(session, change.path, change.data, versions))
    for target, source in zip(created, deleted, strict=True):
        assert target.data is not None
        document_changes.append(_text_edit(session, source.path, target.data, versions))
        renames.append(lsp.RenameFile(old_uri=source.path.as_uri(), new_uri=target.path.as_uri(),
                                      options=lsp.RenameFileOptions(overwrite=False)))
    return lsp.WorkspaceEdit(document_changes=[*document_changes, *renames])


def _text_edit(session: Session, path: Any, data: bytes, versions: Versions
               ) -> lsp.TextDocumentEdit:
    relative = _relative(session, path)
    uri = uri_of(session, relative)
    edits = line_edits(session.text_of(relative), data.decode("utf-8"))
    return lsp.TextDocumentEdit(lsp.OptionalVersionedTextDocumentIdentifier(
        uri=uri, version=versions(uri)), edits)


def line_edits(before: str, after: str) -> list[lsp.TextEdit]:
    """The changed lines of `before` as edits that make `after` (whole lines, so positions
    need no conversion: every edit starts and ends at a line's first character)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    edits = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append(lsp.TextEdit(
                lsp.Range(lsp.Position(i1, 0), lsp.Position(i2, 0)), "".join(new[j1:j2])))
    return edits
