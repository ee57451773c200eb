"""The language server: pygls wiring, nothing else (an adapter, like the CLI).

Each handler turns the editor's message into a call on the `Session` or a
function of `diagnostics`, `completion`, `navigation` or `refactor`, and the
answer back. Diagnostics are published for the whole vault, as `kith check`
reports it, and after each change only for the files whose problems changed;
a burst of keystrokes is checked once, for the latest text.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from kithbook.errors import KithError
from kithbook.lsp import completion, diagnostics, navigation, refactor
from kithbook.lsp.session import Session, Today
from kithbook.lsp.text import Encoding
from kithbook.model import Problem
from kithbook.settings import CONFIG_FILE, SettingsError, find_vault, read_settings

T = TypeVar("T")
REQUEST_FAILED = -32803  # LSP's RequestFailed: the message is shown to the user
log = logging.getLogger(__name__)


class KithServer(LanguageServer):
    """One vault's language server; the vault is found from the editor's workspace."""

    def __init__(self, today: Today, root: Path | None = None) -> None:
        super().__init__("kith", version("kithbook"))
        self.today = today
        self.given_root = root
        self.session: Session | None = None
        self.published: dict[str, tuple[Problem, ...]] = {}
        self.check_pending = False

    # The vault

    def open_vault(self, candidates: list[Path]) -> None:
        """Find the vault (--vault, else the nearest mkdocs.yml above a workspace folder)."""
        roots = [self.given_root] if self.given_root else candidates
        for start in roots:
            root = find_vault(start)
            if root is None:
                continue
            try:
                self.session = Session(root, read_settings(root), self.today)
            except SettingsError as err:
                self.say(f"{root / CONFIG_FILE}: {err}", lsp.MessageType.Error)
            return
        self.say("kith: no mkdocs.yml in the workspace or above it; open a vault folder",
                 lsp.MessageType.Warning)

    def say(self, message: str, kind: lsp.MessageType) -> None:
        self.window_show_message(lsp.ShowMessageParams(kind, message))

    @property
    def encoding(self) -> Encoding:
        chosen = str(self.workspace.position_encoding or "utf-16")
        return chosen if chosen in ("utf-8", "utf-16", "utf-32") else "utf-16"  # type: ignore[return-value]

    def document(self, uri: str) -> tuple[Session, str, str] | None:
        """The session, the vault-relative path and the text of a document in the vault."""
        path = to_fs_path(uri)
        if self.session is None or path is None:
            return None
        relative = self.session.relative(Path(path))
        if relative is None:
            return None
        return self.session, relative, self.workspace.get_text_document(uri).source

    def version_of(self, uri: str) -> int | None:
        document = self.workspace.text_documents.get(uri)
        return document.version if document is not None else None

    # Diagnostics

    def check_soon(self) -> None:
        """Publish diagnostics once the messages already received are handled."""
        if not self.check_pending:
            self.check_pending = True
            asyncio.get_running_loop().call_soon(self.publish)

    def publish(self) -> None:
        self.check_pending = False
        if self.session is None:
            return
        session = self.session
        now = diagnostics.by_file(session.problems())
        for relative in diagnostics.changed_files(self.published, now):
            uri = navigation.uri_of(session, relative)
            found = diagnostics.diagnostics(now.get(relative, ()), session.text_of(relative),
                                            self.encoding)
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri, found, self.version_of(uri)))
        self.published = now


def answer(handler: Callable[..., T]) -> Callable[..., T | None]:
    """A request handler that answers a core error as a failed request with its message."""
    @functools.wraps(handler)  # pygls reads the signature to know what to pass
    def wrapped(*args: Any) -> T | None:
        try:
            return handler(*args)
        except KithError as err:
            raise JsonRpcException(str(err), code=REQUEST_FAILED) from None
    return wrapped


def make_server(today: Today, root: Path | None = None) -> KithServer:
    """A server for the vault at `root` (or the editor's workspace), dated by `today`."""
    server = KithServer(today, root)
    _documents(server)
    _files(server)
    _requests(server)
    return server


def _documents(server: KithServer) -> None:
    @server.feature(lsp.INITIALIZED)
    def initialized(ls: KithServer, params: lsp.InitializedParams) -> None:
        folders = [Path(p) for f in ls.workspace.folders.values()
                   if (p := to_fs_path(f.uri)) is not None]
        if ls.workspace.root_path:
            folders.append(Path(ls.workspace.root_path))
        ls.open_vault(folders)
        _watch_files(ls)
        ls.check_soon()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: KithServer, params: lsp.DidOpenTextDocumentParams) -> None:
        if ls.session is None:  # an editor started without a folder: the file finds it
            path = to_fs_path(params.text_document.uri)
            if path is not None:
                ls.open_vault([Path(path).parent])
        _take_text(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: KithServer, params: lsp.DidChangeTextDocumentParams) -> None:
        _take_text(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: KithServer, params: lsp.DidSaveTextDocumentParams) -> None:
        if ls.session is not None:
            ls.session.disk_changed()
            ls.check_soon()

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: KithServer, params: lsp.DidCloseTextDocumentParams) -> None:
        found = ls.document(params.text_document.uri)
        if found is not None:
            found[0].close(found[1])
            ls.check_soon()


def _take_text(ls: KithServer, uri: str) -> None:
    found = ls.document(uri)
    if found is not None:
        session, relative, text = found
        session.set_text(relative, text)
        ls.check_soon()


def _watch_files(ls: KithServer) -> None:
    """Ask the editor to report files created, changed or deleted on disk (git, kith)."""
    watching = ls.client_capabilities.workspace
    if (ls.session is None or watching is None or watching.did_change_watched_files is None
            or not watching.did_change_watched_files.dynamic_registration):
        return
    patterns = ("**/*.md", f"**/{CONFIG_FILE}")
    options = lsp.DidChangeWatchedFilesRegistrationOptions(watchers=[
        lsp.FileSystemWatcher(glob_pattern=pattern) for pattern in patterns])
    ls.client_register_capability(lsp.RegistrationParams(registrations=[lsp.Registration(
        id="kith-files", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=options)]))


def _files(server: KithServer) -> None:
    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: KithServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        if ls.session is None:
            return
        if any(change.uri.endswith("/" + CONFIG_FILE) for change in params.changes):
            try:
                ls.session.reload_settings(read_settings(ls.session.root))
            except SettingsError as err:
                ls.say(f"{ls.session.root / CONFIG_FILE}: {err}", lsp.MessageType.Error)
        ls.session.disk_changed()
        ls.check_soon()

    def changed(ls: KithServer, params: Any) -> None:
        if ls.session is not None:
            ls.session.disk_changed()
            ls.check_soon()

    records = lsp.FileOperationRegistrationOptions(filters=[lsp.FileOperationFilter(
        pattern=lsp.FileOperationPattern(glob="**/*.md"))])
    for method in (lsp.WORKSPACE_DID_CREATE_FILES, lsp.WORKSPACE_DID_RENAME_FILES,
                   lsp.WORKSPACE_DID_DELETE_FILES):
        server.feature(method, records)(changed)


def _at_cursor(ls: KithServer, params: Any, feature: Callable[..., T], nothing: T) -> T:
    """`feature(session, path, text, line, character, encoding)` for a request about one
    place in a document; `nothing` outside the vault."""
    found = ls.document(params.text_document.uri)
    if found is None:
        return nothing
    return feature(*found, params.position.line, params.position.character, ls.encoding)


def _requests(server: KithServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION,
                    lsp.CompletionOptions(trigger_characters=["[", " ", ","]))
    def complete(ls: KithServer, params: lsp.CompletionParams) -> list[lsp.CompletionItem]:
        return _at_cursor(ls, params, completion.complete, [])

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: KithServer, params: lsp.HoverParams) -> lsp.Hover | None:
        return _at_cursor(ls, params, navigation.hover, None)

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: KithServer, params: lsp.DefinitionParams) -> lsp.Location | None:
        return _at_cursor(ls, params, navigation.definition, None)

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_LINK)
    def links(ls: KithServer, params: lsp.DocumentLinkParams) -> list[lsp.DocumentLink]:
        found = ls.document(params.text_document.uri)
        return [] if found is None else navigation.document_links(*found, ls.encoding)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def code_actions(ls: KithServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        return refactor.quick_fixes(params.text_document.uri, params.context.diagnostics)

    @server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: KithServer, params: lsp.PrepareRenameParams
                       ) -> lsp.PrepareRenamePlaceholder | None:
        return _at_cursor(ls, params, refactor.prepare_rename, None)

    @server.feature(lsp.TEXT_DOCUMENT_RENAME, lsp.RenameOptions(prepare_provider=True))
    @answer
    def rename(ls: KithServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
        _check_can_rename_files(ls)
        return _at_cursor(ls, params, functools.partial(
            refactor.rename, new=params.new_name, versions=ls.version_of), None)


def _check_can_rename_files(ls: KithServer) -> None:
    """Refuse early when the editor could rewrite the references but not rename the file."""
    workspace = ls.client_capabilities.workspace
    edits = workspace.workspace_edit if workspace else None
    operations = edits.resource_operations if edits else None
    if not operations or lsp.ResourceOperationKind.Rename not in operations:
        raise refactor.RenameRefused(
            "this editor cannot rename files for a language server; run kith rename OLD NEW")


def serve(today: Today, root: Path | None = None) -> None:
    """Serve over stdin and stdout until the editor says exit."""
    make_server(today, root).start_io()
