"""`kith lsp` end to end: a real client (pytest-lsp) talking to `kith lsp` over stdio.

Each test opens files of a small vault the way an editor does (didOpen, then
incremental didChange with unsaved text) and reads what the server sends back.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from .conftest import kith, write_vault
from .test_lsp_features import FILES
from .test_lsp_features import TOUCH as FEATURE_TOUCH

# Each test starts a server process (about 2-3 s on the shared machine); the same
# features are tested in process, in the quick loop, by test_lsp_features.py.
pytestmark = pytest.mark.slow

TOUCH_PATH = FEATURE_TOUCH
TOUCH = textwrap.dedent(FILES[TOUCH_PATH])


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "vault", FILES)


def recording_client() -> LanguageClient:
    """pytest-lsp's client, keeping every publishDiagnostics (with its version) in order."""
    client = LanguageClient()
    client.published = []  # type: ignore[attr-defined]

    def published(client: LanguageClient, params: lsp.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # type: ignore[attr-defined]

    def registered(client: LanguageClient, params: lsp.RegistrationParams) -> None:
        client.registrations = params.registrations  # type: ignore[attr-defined]

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES,
                                   lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: published,
                                   lsp.CLIENT_REGISTER_CAPABILITY: registered})
    return client


@pytest_lsp.fixture(config=ClientServerConfig(
    server_command=[sys.executable, "-m", "kithbook", "lsp"], client_factory=recording_client))
async def client(lsp_client: LanguageClient, vault: Path):
    await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
        root_uri=vault.as_uri(),
        workspace_folders=[lsp.WorkspaceFolder(vault.as_uri(), "vault")]))
    yield
    await lsp_client.shutdown_session()


def uri(vault: Path, relative: str) -> str:
    return (vault / relative).as_uri()


def open_file(client: LanguageClient, vault: Path, relative: str) -> str:
    address = uri(vault, relative)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(
        address, "markdown", 1, (vault / relative).read_text(encoding="utf-8"))))
    return address


def type_over(client: LanguageClient, address: str, version: int, line: int, start: int,
              end: int, text: str) -> None:
    """An unsaved edit: replace characters start..end of a line, as an editor sends it."""
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        lsp.VersionedTextDocumentIdentifier(uri=address, version=version),
        [lsp.TextDocumentContentChangePartial(
            lsp.Range(lsp.Position(line, start), lsp.Position(line, end)), text)]))


async def diagnostics_for(client: LanguageClient, address: str, version: int | None, *,
                          after: int = 0) -> list[lsp.Diagnostic]:
    """The diagnostics the server publishes for `address` at `version` (waiting for them),
    the latest of those published after the first `after`."""
    async def wait() -> list[lsp.Diagnostic]:
        while True:
            for params in reversed(client.published[after:]):  # type: ignore[attr-defined]
                if params.uri == address and params.version == version:
                    return list(params.diagnostics)
            await asyncio.sleep(0.01)
    return await asyncio.wait_for(wait(), timeout=20)


def at(address: str, line: int, character: int) -> dict[str, Any]:
    return {"text_document": lsp.TextDocumentIdentifier(address),
            "position": lsp.Position(line, character)}


def apply_edit(edit: lsp.WorkspaceEdit) -> None:
    """Apply a workspace edit to the files on disk, as an editor would (then save all)."""
    for change in edit.document_changes or []:
        if isinstance(change, lsp.RenameFile):
            source, target = (Path(u.removeprefix("file://")) for u in
                              (change.old_uri, change.new_uri))
            assert not target.exists()
            source.rename(target)
            continue
        path = Path(change.text_document.uri.removeprefix("file://"))
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for text_edit in sorted(change.edits, key=lambda e: e.range.start.line, reverse=True):
            start, end = text_edit.range.start, text_edit.range.end
            assert start.character == 0 and end.character == 0  # whole lines
            lines[start.line:end.line] = [text_edit.new_text]
        path.write_text("".join(lines), encoding="utf-8")


def check_json(vault: Path) -> list[dict[str, Any]]:
    return json.loads(kith(vault, "check", "--json").stdout)


@pytest.mark.asyncio
async def test_an_unsaved_typo_is_reported_as_kith_check_reports_it_and_cleared_when_fixed(
        client: LanguageClient, vault: Path, tmp_path: Path):
    address = open_file(client, vault, TOUCH_PATH)
    type_over(client, address, 2, 3, 6, 12, "cofee")
    found = await diagnostics_for(client, address, 2)

    saved = shutil.copytree(vault, tmp_path / "saved")
    (saved / TOUCH_PATH).write_text(TOUCH.replace("kind: coffee", "kind: cofee"), encoding="utf-8")
    expected = [p for p in check_json(saved) if p["path"] == TOUCH_PATH]
    assert [(d.message, d.range.start.line + 1, d.severity) for d in found] == [
        (p["message"], p["line"], lsp.DiagnosticSeverity.Error) for p in expected]
    assert found[0].range == lsp.Range(lsp.Position(3, 6), lsp.Position(3, 11))  # the word
    assert (vault / TOUCH_PATH).read_text(encoding="utf-8") == TOUCH  # nothing written

    type_over(client, address, 3, 3, 6, 11, "coffee")
    assert await diagnostics_for(client, address, 3) == []


@pytest.mark.asyncio
async def test_the_quick_fix_is_the_did_you_mean(client: LanguageClient, vault: Path):
    address = open_file(client, vault, TOUCH_PATH)
    type_over(client, address, 2, 3, 6, 12, "cofee")
    [found] = await diagnostics_for(client, address, 2)
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        lsp.TextDocumentIdentifier(address), found.range, lsp.CodeActionContext([found])))
    [action] = actions
    assert action.title == "Change 'cofee' to 'coffee'" and action.is_preferred
    [edit] = action.edit.changes[address]
    line = TOUCH.splitlines()[3].replace("coffee", "cofee")
    fixed = line[:edit.range.start.character] + edit.new_text + line[edit.range.end.character:]
    assert fixed == "kind: coffee"
    type_over(client, address, 3, 3, edit.range.start.character, edit.range.end.character,
              edit.new_text)
    assert await diagnostics_for(client, address, 3) == []


@pytest.mark.asyncio
async def test_a_slug_naming_nobody_clears_when_the_person_is_added(
        client: LanguageClient, vault: Path):
    address = open_file(client, vault, TOUCH_PATH)
    type_over(client, address, 2, 2, 6, 17, "ada-lovelace")
    [found] = await diagnostics_for(client, address, 2)
    assert found.message.startswith("with: no person 'ada-lovelace' in people/")
    assert found.range == lsp.Range(lsp.Position(2, 6), lsp.Position(2, 18))

    before = len(client.published)
    (vault / "people/ada-lovelace.md").write_text("---\nname: Ada Lovelace\n---\n")
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams([lsp.FileEvent(
        uri(vault, "people/ada-lovelace.md"), lsp.FileChangeType.Created)]))
    assert await diagnostics_for(client, address, 2, after=before) == []


@pytest.mark.asyncio
async def test_problems_in_files_not_open_are_published_at_start(tmp_path: Path):
    vault = write_vault(tmp_path / "v", {**FILES, "meetings/m.md": TOUCH.replace(
        "with: maya-okafor", "with: maya-okafo")})
    client = recording_client()
    await client.start_io(sys.executable, "-m", "kithbook", "lsp")
    try:
        await client.initialize_session(lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(), root_uri=vault.as_uri()))
        [found] = await diagnostics_for(client, uri(vault, "meetings/m.md"), None)
        assert found.message == ("with: no person 'maya-okafo' in people/;"
                                 " did you mean 'maya-okafor'?")
        await client.shutdown_session()
    finally:
        await client.stop()


@pytest.mark.asyncio
async def test_slugs_complete_in_with_with_name_title_and_company(
        client: LanguageClient, vault: Path):
    address = open_file(client, vault, TOUCH_PATH)
    type_over(client, address, 2, 2, 6, 17, "ma")
    items = await client.text_document_completion_async(lsp.CompletionParams(**at(address, 2, 8)))
    found = {item.label: item for item in items}
    assert set(found) == {"maya-okafor", "jose-nunez"}  # the client filters by what is typed
    assert found["maya-okafor"].detail == "Maya Okafor, Staff Data Engineer at Northwind Analytics"
    assert found["maya-okafor"].text_edit.range == lsp.Range(lsp.Position(2, 6),
                                                             lsp.Position(2, 8))


@pytest.mark.asyncio
async def test_hover_tells_who_a_slug_is(client: LanguageClient, vault: Path):
    address = open_file(client, vault, TOUCH_PATH)
    hover = await client.text_document_hover_async(lsp.HoverParams(**at(address, 2, 9)))
    text = hover.contents.value
    assert text.startswith("**Maya Okafor, Staff Data Engineer at Northwind Analytics**")
    assert "Stage: met · last contact 2026-11-20 (6 days ago)" in text
    assert "thank-you" in text.lower()  # a coffee six days ago with no thank-you: owed


@pytest.mark.asyncio
async def test_go_to_definition_of_a_referral_and_a_link(client: LanguageClient, vault: Path):
    address = open_file(client, vault, TOUCH_PATH)
    referral = await client.text_document_definition_async(
        lsp.DefinitionParams(**at(address, 4, 14)))
    assert referral.uri == uri(vault, "people/jose-nunez.md")
    link = await client.text_document_definition_async(lsp.DefinitionParams(**at(address, 7, 8)))
    assert link.uri == uri(vault, "people/maya-okafor.md")


@pytest.mark.asyncio
async def test_renaming_a_slug_is_kith_rename_as_a_workspace_edit(
        client: LanguageClient, vault: Path, tmp_path: Path):
    twin = shutil.copytree(vault, tmp_path / "twin")
    before = check_json(vault)  # a [[link]] naming nobody, on purpose
    address = open_file(client, vault, TOUCH_PATH)
    prepared = await client.text_document_prepare_rename_async(
        lsp.PrepareRenameParams(**at(address, 2, 9)))
    assert prepared.placeholder == "maya-okafor"
    edit = await client.text_document_rename_async(lsp.RenameParams(
        **at(address, 2, 9), new_name="maya-adeyemi"))
    renames = [c for c in edit.document_changes if isinstance(c, lsp.RenameFile)]
    assert [(r.old_uri, r.new_uri) for r in renames] == [
        (uri(vault, "people/maya-okafor.md"), uri(vault, "people/maya-adeyemi.md"))]
    apply_edit(edit)

    assert kith(twin, "rename", "maya-okafor", "maya-adeyemi").exit_code == 0
    files = sorted(p.relative_to(twin).as_posix() for p in twin.rglob("*.md"))
    assert files == sorted(p.relative_to(vault).as_posix() for p in vault.rglob("*.md"))
    for relative in files:
        assert (vault / relative).read_text() == (twin / relative).read_text(), relative
    assert check_json(vault) == before  # no reference left naming nobody, [[links]] included
    assert "[[maya-adeyemi]]" in (vault / "docs/notes.md").read_text()


@pytest.mark.asyncio
async def test_a_rename_to_a_taken_slug_is_refused_with_the_reason(
        client: LanguageClient, vault: Path):
    address = open_file(client, vault, TOUCH_PATH)
    with pytest.raises(Exception, match="there is already a person 'jose-nunez'"):
        await client.text_document_rename_async(lsp.RenameParams(
            **at(address, 2, 9), new_name="jose-nunez"))
