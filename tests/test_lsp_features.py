"""The language server's features in process: positions, layout, diagnostics placed,
completion, hover, definition, links, quick fixes, rename, and the session's reloading.

The same features over a real client and stdio are in test_lsp_server.py.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from kithbook.check import check_vault
from kithbook.dates import parse_cadence, parse_duration
from kithbook.lsp import completion, diagnostics, navigation, refactor
from kithbook.lsp.document import Layout
from kithbook.lsp.session import Session
from kithbook.lsp.text import from_units, split_lines, to_units
from kithbook.model import Kind, Priority, Status
from kithbook.records import PERSON_SCHEMA, TOUCH_SCHEMA
from kithbook.settings import read_settings

from .conftest import TODAY, kith, write_vault

FILES = {
    "people/maya-okafor.md": """\
        ---
        name: Maya Okafor
        title: Staff Data Engineer
        company: Northwind Analytics
        aka: [Maya O.]
        ---
        """,
    "people/jose-nunez.md": """\
        ---
        name: José Núñez
        introduced_by: maya-okafor
        ---
        See 2026-11-20-maya-okafor-coffee for how we met.
        """,
    "meetings/2026-11-20-maya-okafor-coffee.md": """\
        ---
        date: 2026-11-20 14:30
        with: maya-okafor
        kind: coffee
        referrals: [jose-nunez, "Linus Example, platform team at Acme"]
        ---

        Met [[Maya Okafor]] and heard of [[jose-nunez|José]].
        """,
    "docs/notes.md": "# Notes\n\nAsk [[maya-okafor]] about [[nobody-yet]].\n",
}
TOUCH = "meetings/2026-11-20-maya-okafor-coffee.md"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "vault", FILES)


@pytest.fixture
def session(vault: Path) -> Session:
    return Session(vault, read_settings(vault), lambda settings: TODAY)


def text_of(vault: Path, relative: str) -> str:
    return (vault / relative).read_text(encoding="utf-8")


# Positions ---------------------------------------------------------------------------


def test_positions_count_utf16_units_as_lsp_demands():
    line = "name: 😀 Ada"  # the emoji is one code point, two UTF-16 units, four UTF-8 bytes
    assert to_units(line, 8) == 9 and from_units(line, 9) == 8
    assert to_units(line, 8, "utf-8") == 11 and from_units(line, 11, "utf-8") == 8
    assert to_units(line, 8, "utf-32") == 8
    assert from_units(line, 99) == len(line)
    assert split_lines("a\r\nb\rc\n") == ["a", "b", "c", ""]


# Layout ------------------------------------------------------------------------------


def test_the_layout_finds_keys_values_and_links_in_half_typed_text():
    layout = Layout("---\nwith:\n  - ada  # first\n  - \"bo-b\"\nkind: cof\n---\nSee [[ada|her]]\n")
    assert [(i.text, i.span.line, i.span.start) for i in layout.items("with")] == [
        ("ada", 2, 4), ("bo-b", 3, 5)]
    assert [i.text for i in layout.items("kind")] == ["cof"]
    assert [(link.target, link.span.start) for link in layout.links()] == [("ada", 6)]
    assert layout.cursor(4, 9).where == "value" and layout.cursor(4, 9).prefix == "cof"
    assert layout.cursor(4, 2).where == "key"
    unclosed = Layout("---\nname: Ada\nti")  # the closing line not typed yet
    assert unclosed.cursor(2, 2).where == "key" and unclosed.cursor(2, 2).prefix == "ti"


# Diagnostics -------------------------------------------------------------------------


def test_diagnostics_are_kith_checks_problems_placed_on_the_word(session: Session, vault: Path):
    text = text_of(vault, TOUCH).replace("kind: coffee", "kind: cofee").replace(
        "date: 2026-11-20 14:30", "date: 2026-11-20 14:30\nduraton: 45m")
    session.set_text(TOUCH, text)
    problems = session.problems()
    assert problems == check_vault(session.vault, today=TODAY, pages=session.pages())
    found = diagnostics.diagnostics(diagnostics.by_file(problems)[TOUCH], text, "utf-16")
    assert [(d.message, d.range.start.line + 1) for d in found] == [
        (p.message, p.line) for p in problems if p.path == TOUCH]
    by_code = {d.code: d for d in found}
    assert by_code["kind"].data == {"replace": "cofee", "with": "coffee"}
    assert by_code["kind"].range == lsp.Range(lsp.Position(4, 6), lsp.Position(4, 11))
    assert by_code["kind"].severity == lsp.DiagnosticSeverity.Error
    assert by_code["duraton"].data == {"replace": "duraton", "with": "duration"}
    assert by_code["duraton"].range == lsp.Range(lsp.Position(2, 0), lsp.Position(2, 7))
    assert by_code["duraton"].severity == lsp.DiagnosticSeverity.Warning


def test_a_link_naming_nobody_in_an_unsaved_page_is_placed_on_its_target(session: Session):
    text = "# Notes\n\nAsk 😀 [[maya-okafo]] about it.\n"
    session.set_text("docs/notes.md", text)
    [found] = diagnostics.diagnostics(
        diagnostics.by_file(session.problems())["docs/notes.md"], text, "utf-16")
    assert found.message == ("[[maya-okafo]] names no person or touch;"
                             " did you mean [[maya-okafor]]?")
    assert found.range == lsp.Range(lsp.Position(2, 9), lsp.Position(2, 19))  # 😀 is two units
    assert found.data == {"replace": "maya-okafo", "with": "maya-okafor"}
    session.set_text("docs/notes.md", text.replace("okafo]", "okafor]"))
    assert "docs/notes.md" not in diagnostics.by_file(session.problems())


def test_a_problem_without_a_word_covers_its_line_and_a_file_problem_the_first(session: Session):
    text = "---\nname: Ada\nname: Ada Again\n---\n"
    session.set_text("people/maya-okafor.md", text)
    [found] = diagnostics.diagnostics(
        diagnostics.by_file(session.problems())["people/maya-okafor.md"], text, "utf-16")
    assert found.message.startswith("key 'name' is written twice")
    assert found.range == lsp.Range(lsp.Position(2, 0), lsp.Position(2, 15))
    assert found.data is None


def test_only_files_whose_problems_changed_are_published_again():
    from kithbook.model import Problem
    one, two = Problem("a.md", 1, None, "x"), Problem("b.md", 1, None, "y")
    assert diagnostics.changed_files({"a.md": (one,), "b.md": (two,)},
                                     {"a.md": (one,)}) == ["b.md"]
    assert diagnostics.changed_files({}, {"a.md": (one,)}) == ["a.md"]


# The session ---------------------------------------------------------------------------


def test_a_keystroke_rereads_no_file_and_a_save_only_the_changed_one(session: Session,
                                                                   vault: Path):
    assert len(session.vault.people) == 2
    session.set_text(TOUCH, text_of(vault, TOUCH).replace("coffee", "call"))
    assert session.vault.touches[0].kind is Kind.CALL
    assert session._cache.reread == []  # the unsaved text was parsed, nothing read from disk
    (vault / "people/ada.md").write_text("---\nname: Ada\n---\n")
    session.disk_changed()
    assert set(session.vault.people) == {"ada", "jose-nunez", "maya-okafor"}
    assert session._cache.reread == ["people/ada.md"]
    session.close(TOUCH)
    assert session.vault.touches[0].kind is Kind.COFFEE  # the file on disk counts again


def test_problems_and_snapshot_are_computed_once_per_vault(session: Session, vault: Path):
    assert session.problems() is session.problems()
    assert session.snapshot() is session.snapshot()
    session.set_text(TOUCH, text_of(vault, TOUCH) + "\nmore\n")
    assert session.snapshot().vault is session.vault


def test_the_kind_of_a_document_follows_the_settings(session: Session):
    assert session.kind_of("people/ada.md") == "person"
    assert session.kind_of("meetings/x.md") == "touch"
    assert session.kind_of("docs/notes.md") == "page"
    assert session.kind_of("README.md") is None and session.kind_of("people/x.txt") is None


# Completion ----------------------------------------------------------------------------


def complete(session: Session, relative: str, text: str, line: int, character: int
             ) -> list[lsp.CompletionItem]:
    session.set_text(relative, text)
    return completion.complete(session, relative, text, line, character, "utf-16")


def test_keys_not_written_yet_complete_for_people_and_touches(session: Session):
    labels = [i.label for i in complete(session, "people/new.md", "---\nname: X\nca\n---\n", 2, 2)]
    assert labels == [key for key in PERSON_SCHEMA if key != "name"]
    items = complete(session, "meetings/new.md", "---\ndate: 2026-12-01\n\n---\n", 2, 0)
    assert "with" in [i.label for i in items] and "date" not in [i.label for i in items]
    assert [i.label for i in items] == [key for key in TOUCH_SCHEMA if key != "date"]
    assert items[0].text_edit.new_text == f"{items[0].label}: "


def test_allowed_values_complete_for_the_key_and_the_record(session: Session):
    def values(relative: str, line: str) -> list[str]:
        text = f"---\n{line}\n---\n"
        return [i.label for i in complete(session, relative, text, 1, len(line))]

    assert values("meetings/x.md", "kind: co") == [k.value for k in Kind]
    assert values("people/x.md", "priority: ") == [p.value for p in Priority]
    assert values("people/x.md", "status: ") == [s.value for s in Status]
    assert values("meetings/x.md", "status: ") == ["cancelled", "no-show"]
    assert values("people/x.md", "stage: ")[0] == "lead"
    assert values("people/x.md", "private: ") == ["true", "false"]
    assert "never" in values("people/x.md", "cadence: ")
    assert "1h30m" in values("meetings/x.md", "duration: ")


def test_every_cadence_and_duration_offered_is_one_the_loader_reads():
    for form in completion.CADENCES:
        parse_cadence(form)
    for form in completion.DURATIONS:
        parse_duration(form)


def test_slugs_complete_in_every_place_a_person_is_named(session: Session):
    def labels(relative: str, text: str, line: int, character: int) -> list[str]:
        return [i.label for i in complete(session, relative, text, line, character)]

    both = ["jose-nunez", "maya-okafor"]
    assert labels("meetings/x.md", "---\nwith: [jose-nunez, ma\n---\n", 1, 24) == both
    assert labels("meetings/x.md", "---\nreferrals:\n  - jo\n---\n", 2, 6) == both
    assert labels("people/x.md", "---\nintroduced_by: \n---\n", 1, 15) == both
    assert labels("docs/notes.md", "Ask [[ma", 0, 8) == both
    [maya] = [i for i in complete(session, "people/x.md", "Ask [[ma", 0, 8)
              if i.label == "maya-okafor"]
    assert maya.text_edit.new_text == "maya-okafor]]"
    assert maya.text_edit.range == lsp.Range(lsp.Position(0, 6), lsp.Position(0, 8))
    assert "Maya Okafor" in maya.filter_text
    assert labels("people/x.md", "Plain text", 0, 5) == []


def test_a_completion_range_counts_utf16_units(session: Session):
    text = "---\nname: 😀\nintroduced_by: ma\n---\nÉmile 😀 [[ma"
    [item, _] = sorted(complete(session, "people/x.md", text, 4, 13),
                       key=lambda i: i.label != "maya-okafor")
    assert item.text_edit.range.start == lsp.Position(4, 11)


# Hover, definition, links ----------------------------------------------------------------


def test_hover_on_a_slug_a_link_by_name_and_an_unknown_one(session: Session, vault: Path):
    text = text_of(vault, TOUCH)
    hover = navigation.hover(session, TOUCH, text, 2, 8, "utf-16")
    assert hover.contents.value.splitlines()[0] == (
        "**Maya Okafor, Staff Data Engineer at Northwind Analytics** (`maya-okafor`)")
    assert "Stage: met · last contact 2026-11-20 (6 days ago)" in hover.contents.value
    assert "- 2026-11-21 (overdue): " in hover.contents.value  # the thank-you owed
    by_name = navigation.hover(session, TOUCH, text, 7, 8, "utf-16")
    assert "(`maya-okafor`)" in by_name.contents.value
    page = text_of(vault, "docs/notes.md")
    unknown = navigation.hover(session, "docs/notes.md", page, 2, 30, "utf-16")
    assert unknown.contents.value == "No person or touch `nobody-yet` in the vault."
    assert navigation.hover(session, TOUCH, text, 3, 7, "utf-16") is None  # kind: coffee


def test_go_to_definition_follows_slugs_names_and_other_names(session: Session, vault: Path):
    text = text_of(vault, TOUCH)
    target = (vault / "people/jose-nunez.md").as_uri()
    assert navigation.definition(session, TOUCH, text, 4, 15, "utf-16").uri == target
    assert navigation.definition(session, TOUCH, text, 7, 41, "utf-16").uri == target
    session.set_text(TOUCH, text.replace("[[Maya Okafor]]", "[[maya o.]]"))
    aka = navigation.definition(session, TOUCH, text.replace("[[Maya Okafor]]", "[[maya o.]]"),
                                7, 7, "utf-16")
    assert aka.uri == (vault / "people/maya-okafor.md").as_uri()
    assert navigation.definition(session, TOUCH, text, 1, 8, "utf-16") is None


def test_a_link_to_a_touch_goes_to_the_touch(session: Session, vault: Path):
    text = "Notes from [[2026-11-20-maya-okafor-coffee]].\n"
    session.set_text("docs/notes.md", text)
    found = navigation.definition(session, "docs/notes.md", text, 0, 15, "utf-16")
    assert found.uri == (vault / TOUCH).as_uri()
    hover = navigation.hover(session, "docs/notes.md", text, 0, 15, "utf-16")
    assert hover.contents.value == ("**Coffee with Maya Okafor** (coffee, 2026-11-20;"
                                    " `2026-11-20-maya-okafor-coffee`)")
    [link] = navigation.document_links(session, "docs/notes.md", text, "utf-16")
    assert link.target == (vault / TOUCH).as_uri()  # once, not again as a bare id


def test_document_links_for_slugs_links_and_touch_ids(session: Session, vault: Path):
    text = text_of(vault, "people/jose-nunez.md")
    links = navigation.document_links(session, "people/jose-nunez.md", text, "utf-16")
    assert [(link.range.start.line, link.target.rsplit("/", 1)[1]) for link in links] == [
        (2, "maya-okafor.md"), (4, "2026-11-20-maya-okafor-coffee.md")]
    page = text_of(vault, "docs/notes.md")
    [link] = navigation.document_links(session, "docs/notes.md", page, "utf-16")
    assert link.target.endswith("/people/maya-okafor.md")  # nobody-yet links nowhere


# Quick fixes and rename --------------------------------------------------------------------


def test_a_quick_fix_replaces_the_word_with_the_suggestion():
    diagnostic = lsp.Diagnostic(range=lsp.Range(lsp.Position(3, 6), lsp.Position(3, 11)),
                                message="m", data={"replace": "cofee", "with": "coffee"})
    plain = lsp.Diagnostic(range=diagnostic.range, message="no suggestion")
    [action] = refactor.quick_fixes("file:///x.md", [diagnostic, plain])
    assert action.kind == lsp.CodeActionKind.QuickFix
    assert action.edit.changes == {"file:///x.md": [lsp.TextEdit(diagnostic.range, "coffee")]}


def test_rename_makes_the_changes_kith_rename_makes(session: Session, vault: Path,
                                                   tmp_path: Path):
    twin = shutil.copytree(vault, tmp_path / "twin")
    text = text_of(vault, TOUCH)
    assert refactor.prepare_rename(session, TOUCH, text, 2, 8, "utf-16").placeholder == \
        "maya-okafor"
    assert refactor.prepare_rename(session, TOUCH, text, 7, 8, "utf-16") is None  # a name
    edit = refactor.rename(session, TOUCH, text, 2, 8, "utf-16", new="maya-adeyemi",
                           versions=lambda uri: 7 if uri.endswith(TOUCH) else None)
    assert kith(twin, "rename", "maya-okafor", "maya-adeyemi").exit_code == 0
    applied = apply(vault, edit)
    expected = {p.relative_to(twin).as_posix(): p.read_text() for p in twin.rglob("*.md")}
    assert applied == expected
    assert isinstance(edit.document_changes[-1], lsp.RenameFile)
    [touch_edit] = [c for c in edit.document_changes
                    if isinstance(c, lsp.TextDocumentEdit) and c.text_document.uri.endswith(TOUCH)]
    assert touch_edit.text_document.version == 7


def test_rename_uses_the_unsaved_text_and_refuses_what_kith_rename_refuses(
        session: Session, vault: Path):
    text = text_of(vault, TOUCH).replace("kind: coffee", "kind: call")
    session.set_text(TOUCH, text)
    edit = refactor.rename(session, TOUCH, text, 2, 8, "utf-16", new="maya-a",
                           versions=lambda uri: None)
    [touch_edit] = [c for c in edit.document_changes if isinstance(c, lsp.TextDocumentEdit)
                    and c.text_document.uri.endswith(TOUCH)]
    assert touch_edit.edits == [lsp.TextEdit(
        lsp.Range(lsp.Position(2, 0), lsp.Position(3, 0)), "with: maya-a\n")]
    for new, reason in [("jose-nunez", "there is already a person 'jose-nunez'"),
                        ("Maya A", "is not a slug"), ("con", "reserved file name")]:
        with pytest.raises(refactor.RenameRefused, match=reason):
            refactor.rename(session, TOUCH, text, 2, 8, "utf-16", new=new,
                            versions=lambda uri: None)


def apply(vault: Path, edit: lsp.WorkspaceEdit) -> dict[str, str]:
    """The vault's files after `edit`, computed in memory."""
    files = {p.relative_to(vault).as_posix(): p.read_text() for p in vault.rglob("*.md")}
    prefix = vault.as_uri() + "/"
    for change in edit.document_changes:
        if isinstance(change, lsp.RenameFile):
            files[change.new_uri.removeprefix(prefix)] = files.pop(
                change.old_uri.removeprefix(prefix))
            continue
        relative = change.text_document.uri.removeprefix(prefix)
        lines = files[relative].splitlines(keepends=True)
        for text_edit in sorted(change.edits, key=lambda e: e.range.start.line, reverse=True):
            lines[text_edit.range.start.line:text_edit.range.end.line] = [text_edit.new_text]
        files[relative] = "".join(lines)
    return files


def test_today_is_asked_of_the_adapter_each_time(vault: Path):
    days = iter([dt.date(2026, 11, 26), dt.date(2026, 11, 27)])
    session = Session(vault, read_settings(vault), lambda settings: next(days))
    assert session.today == dt.date(2026, 11, 26)
    assert session.today == dt.date(2026, 11, 27)


def test_the_name_indexes_are_kept_while_no_name_changes(session: Session, vault: Path):
    from kithbook.referrals import referral_index
    from kithbook.wikilinks import link_index

    def indexes() -> tuple[object, object]:
        session.problems()
        return referral_index(session.vault), link_index(session.vault)

    first = indexes()
    session.set_text(TOUCH, text_of(vault, TOUCH).replace("kind: coffee", "kind: call"))
    assert indexes() == first  # the same objects: `==` on these is identity
    person = "people/maya-okafor.md"
    session.set_text(person, text_of(vault, person) + "\nNew notes.\n")
    assert indexes() == first
    session.set_text(person, text_of(vault, person).replace("aka: [Maya O.]", "aka: [M. O.]"))
    renamed = indexes()
    assert renamed[0] is not first[0] and renamed[1] is not first[1]
    assert session.links().resolve("M. O.").ident == "maya-okafor"
    assert session.links().resolve("Maya O.") is None


def test_a_hover_lists_what_kith_due_lists_for_the_person(session: Session, vault: Path):
    import json

    due = json.loads(kith(vault, "due", "--json").stdout)
    text = text_of(vault, TOUCH)
    card = navigation.hover(session, TOUCH, text, 2, 8, "utf-16").contents.value
    listed = [line for line in card.splitlines() if line.startswith("- ")]
    assert listed == [f"- {item['due']} ({item['state']}): {item['action']}"
                      for item in due if item["person"] == "maya-okafor"]
    assert listed  # the thank-you for the coffee is owed
