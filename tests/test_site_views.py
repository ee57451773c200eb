"""The site as a tool, without a browser: the commands on follow-up cards (each one that
claims to close its item does, run for real on a copy of the example vault), editor links,
the person timeline, company pages and the pipeline board, as generated Markdown."""

from __future__ import annotations

import dataclasses
import re
import shlex
import shutil
from pathlib import Path

import pytest

from kithbook.cli import main
from kithbook.closing import closing_steps
from kithbook.companies import read_company_notes
from kithbook.followups import FollowUp, Reason
from kithbook.load import load_vault
from kithbook.settings import SettingsError, parse_settings, read_settings
from kithbook.site.pages import build_pages
from kithbook.site.urls import Editor, editor_for
from kithbook.snapshot import Snapshot

from .conftest import REPO, TODAY, kith, person, touch


def example_copy(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    for folder in ("people", "meetings", "docs", "companies"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def due(root: Path) -> list[FollowUp]:
    settings = read_settings(root)
    return Snapshot(load_vault(root, settings), settings, TODAY).due


def example_pages() -> dict[str, str]:
    settings = read_settings(REPO)
    pages = build_pages(load_vault(REPO, settings), (), settings, TODAY,
                        company_notes=read_company_notes(REPO, settings.companies_dir))
    return {path: page.markdown for path, page in pages.items()}


# The commands on the cards --------------------------------------------------------------


def test_every_reason_has_commands_and_each_names_a_real_command():
    ada = person("ada", company="Contoso")
    commands = {name for name in main.commands}
    for reason in Reason:
        item = FollowUp("ada", reason, TODAY, 2, "Do it.", "2026-11-20-ada")
        steps = closing_steps(item, ada)
        assert steps, reason
        for step in steps:
            words = shlex.split(step.command)
            if words[0] == "kith":
                assert words[1] in commands, step
            else:  # the file to edit, in the user's editor
                assert words == ["${EDITOR:-vi}", ada.source.path], step
    assert closing_steps(FollowUp("gone", Reason.NUDGE, TODAY, 0, "x"), None) == ()


def test_arguments_are_quoted_for_the_shell():
    odd = dataclasses.replace(person("o-brien"), company="O'Brien & Sons")
    [add, _] = closing_steps(FollowUp("o-brien", Reason.SECOND_CONTACT, TODAY, 1, "x"), odd)
    assert shlex.split(add.command) == ["kith", "add", "NEW NAME", "--company", "O'Brien & Sons"]


def test_a_new_time_is_suggested_for_tomorrow_not_for_a_past_day():
    item = FollowUp("ada", Reason.SCHEDULE, TODAY.replace(day=20), 6, "x", "t")
    [plan] = closing_steps(item, person("ada"))
    assert plan.command == "kith meet ada --at '2026-11-27 10:00'"


def test_each_closing_command_on_the_example_site_closes_its_item(tmp_path):
    """Run every command a card says closes its item, as written, on a fresh copy of the
    example vault: the item is gone from the list afterwards."""
    settings = read_settings(REPO)
    vault = load_vault(REPO, settings)
    items = due(REPO)
    ran = 0
    for number, item in enumerate(items):
        for step in closing_steps(item, vault.people[item.person]):
            if not step.closes:
                continue
            root = example_copy(tmp_path / str(ran))
            words = shlex.split(step.command)
            result = kith(root, *words[1:])
            assert result.exit_code == 0, (step.command, result.output)
            after = {(i.person, i.reason) for i in due(root)}
            assert (item.person, item.reason) not in after, (number, step.command)
            ran += 1
    assert ran >= 5  # thank-you, nudge (sent / replied), keep in touch, second contact


def test_the_follow_ups_page_shows_each_item_once_with_its_commands():
    page = example_pages()["follow-ups.md"]
    cards = re.findall(r'<div class="kb-card kb-card--(\w+)" markdown="block">(.*?)\n</div>\n',
                       page, re.S)
    assert len(cards) == len(due(REPO))
    for state, card in cards:
        assert state in ("overdue", "due", "soon")
        assert card.count('class="kb-card__do"') == 1 and "<pre><code>" in card
    thank = next(card for _, card in cards if "thank-you owed" in card)
    assert "<code>kith thank hannah-lindqvist -m &#39;Sent a thank-you note&#39;</code>" in thank
    assert "▲ overdue 1 day" in thank  # how late, in a word and a symbol
    # The example sets repo_url and edit_uri but no editor_url: no editor links, and the
    # pages built without those settings have no edit link on the cards either.
    assert "Open in editor" not in page and "Edit the file" not in page


# Editor links ---------------------------------------------------------------------------


def test_editor_url_is_a_setting_with_path_and_line():
    assert parse_settings({"editor_url": "vscode://file/{path}:{line}"}).editor_url
    for bad in ("vscode://file/", "x://{path}/{nope}", "x:// {path}"):
        with pytest.raises(SettingsError, match="editor_url"):
            parse_settings({"editor_url": bad})


def test_an_editor_link_opens_the_file_itself_else_the_edit_page():
    editor = editor_for("vscode://file/{path}:{line}", "/home/sam/my vault", None, None,
                        "/home/sam/my vault/docs")
    assert editor.href("people/ada.md", 12) == "vscode://file//home/sam/my%20vault/people/ada.md:12"
    edit = editor_for(None, "/v", "https://example.org/sam/network", "edit/main/docs/", "/v/docs")
    assert edit.href("people/ada.md") == "https://example.org/sam/network/edit/main/people/ada.md"
    assert not edit.opens_editor and Editor().href("people/ada.md") is None


def test_cards_person_and_touch_pages_open_the_record_in_the_editor(make_vault):
    root = make_vault({"people/ada.md": "---\nname: Ada Lovelace\n---\n",
                       "meetings/2026-11-20-ada.md": "---\ndate: 2026-11-20\nwith: [ada]\nkind: coffee\n---\n"})
    settings = dataclasses.replace(read_settings(root), editor_url="idea://open?file={path}")
    vault = load_vault(root, settings)
    from kithbook.site.output import site_output
    from kithbook.site.urls import SiteLinks
    output = site_output(root, vault, (), settings, TODAY, docs=root / "docs", own=set(),
                         links=SiteLinks(), name="t",
                         editor=editor_for(settings.editor_url, str(root), None, None, ""))
    pages = {f.path: f.content for f in output.files if isinstance(f.content, str)}
    touch_file = f"idea://open?file={root}/meetings/2026-11-20-ada.md"
    assert f'href="{touch_file}">Open in editor</a>' in pages["follow-ups.md"]  # the thank-you
    assert f'href="{touch_file}">Open in editor' in pages["touches/2026-11-20-ada.md"]
    assert f'href="idea://open?file={root}/people/ada.md">Open' in pages["people/ada.md"]
    published = dataclasses.replace(settings, publish=True)
    output = site_output(root, vault, (), published, TODAY, docs=root / "docs", own=set(),
                         links=SiteLinks(), name="t",
                         editor=editor_for(settings.editor_url, str(root), None, None, ""))
    assert not any(isinstance(f.content, str) and str(root) in f.content for f in output.files)


# A person at a glance -------------------------------------------------------------------


def test_a_person_page_is_a_timeline_with_research_and_questions_first():
    maya = example_pages()["people/maya-okafor.md"]
    research, questions = maya.index("## Research"), maya.index("## Questions")
    assert research < questions < maya.index("## Timeline")  # yours first, then what happened
    assert maya.count("How do you decide when a batch job should become a streaming one?") == 1
    assert "| | |" not in maya and "\nLast contact\n:   2026-10-28\n" in maya  # no empty header
    whens = re.findall(r'<span class="kb-touch__when">([^<]+)</span>', maya)
    assert whens == sorted(whens, reverse=True) and len(whens) >= 6  # newest first
    # Notes, advice and takeaways inline, the headings of a note not in the page's outline.
    assert "A good portfolio write-up explains why, not just what." in maya
    assert "**Takeaways**" in maya and "\n## Takeaways" not in maya
    assert 'class="kb-icon"' in maya  # an icon per kind, inline, from Material's set


def test_a_long_note_starts_folded_and_a_short_one_open(make_vault):
    long = "## Notes\n" + "A long conversation. " * 60
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n",
                       "meetings/2026-11-20-ada.md": "---\ndate: 2026-11-20\nwith: [ada]\nkind: call\n---\n" + long,
                       "meetings/2026-11-21-ada.md": "---\ndate: 2026-11-21\nwith: [ada]\nkind: note\n---\nShort.\n"})
    settings = read_settings(root)
    page = build_pages(load_vault(root, settings), (), settings, TODAY)["people/ada.md"].markdown
    details = re.findall(r'<details class="kb-touch kb-kind-(\w+)"( open)?', page)
    assert details == [("note", " open"), ("call", "")]


def test_markdown_in_a_title_or_name_stays_text_in_cards_and_the_timeline(make_vault):
    """Card actions and timeline summaries are HTML that Markdown leaves alone: a title or
    a name with Markdown in it shows as written, never as emphasis or a link."""
    import markdown

    from kithbook.site.output import EXTENSIONS

    title = "[prize](https://evil.example) *big* news"
    root = make_vault({"people/ada.md": "---\nname: Ada *Star* Lovelace\n---\n",
                       "meetings/2026-11-20-ada.md": "---\ndate: 2026-11-20\nwith: [ada]\n"
                       f"kind: coffee\ntitle: '{title}'\n---\n"})
    settings = read_settings(root)
    pages = build_pages(load_vault(root, settings), (), settings, TODAY)
    names = [e if isinstance(e, str) else next(iter(e)) for e in EXTENSIONS]
    configs = dict(next(iter(e.items())) for e in EXTENSIONS if isinstance(e, dict))
    for path in ("follow-ups.md", "people/ada.md"):
        html = markdown.Markdown(extensions=names, extension_configs=configs).convert(
            pages[path].markdown.split("---\n", 2)[2])
        assert "evil.example" in html and 'href="https://evil.example' not in html, path
        assert "<em>big</em>" not in html and "<em>Star</em>" not in html, path


# Companies and the pipeline -------------------------------------------------------------


def test_each_company_has_one_page_with_people_touches_and_notes():
    pages = example_pages()
    index = pages["companies/index.md"]
    assert index.count("Northwind Analytics") == 1  # listed once, not twice
    assert "material/tags" not in index
    northwind = pages["companies/northwind-analytics.md"]
    assert "[Maya Okafor](../people/maya-okafor.md)" in northwind
    assert "[José Núñez](../people/jose-nunez.md)" in northwind
    assert "junior platform role" in northwind  # from companies/northwind-analytics.md
    assert "\n# Northwind Analytics\n" in northwind and northwind.count("\n# ") == 1
    assert "No notes yet" in pages["companies/tailspin-retail.md"]
    maya = pages["people/maya-okafor.md"]
    assert "[Northwind Analytics](../companies/northwind-analytics.md)" in maya


def test_wiki_links_in_company_notes_link_to_the_people_and_touches_they_name(make_vault):
    from kithbook.site.output import site_output
    from kithbook.site.urls import SiteLinks
    root = make_vault({
        "people/ada.md": "---\nname: Ada Lovelace\ncompany: Contoso\n---\n",
        "meetings/2026-11-20-ada-coffee.md": "---\ndate: 2026-11-20\nwith: ada\nkind: coffee\n---\n",
        "companies/contoso.md": "Ask [[Ada Lovelace]] about [[2026-11-20-ada-coffee|the coffee]];"
                                " [[Nobody Here]] stays.\n"})
    settings = read_settings(root)
    output = site_output(root, load_vault(root, settings), (), settings, TODAY,
                         docs=root / "docs", own=set(), links=SiteLinks(), name="t")
    page = next(f.content for f in output.files if f.path == "companies/contoso.md")
    assert isinstance(page, str)
    assert "Ask [Ada Lovelace](../people/ada.md) about" in page
    assert "[the coffee](../touches/2026-11-20-ada-coffee.md)" in page
    assert "[[Nobody Here]] stays." in page


def test_company_notes_keep_private_sections_out_of_a_published_site(make_vault):
    from kithbook.site.output import site_output
    from kithbook.site.urls import SiteLinks
    root = make_vault({"people/ada.md": "---\nname: Ada\ncompany: Contoso\n---\n",
                       "companies/contoso.md": "Hiring in spring.\n\n## Private\nSalary 90k\n"})
    settings = dataclasses.replace(read_settings(root), publish=True)
    output = site_output(root, load_vault(root, settings), (), settings, TODAY,
                         docs=root / "docs", own=set(), links=SiteLinks(), name="t")
    page = next(f.content for f in output.files if f.path == "companies/contoso.md")
    assert isinstance(page, str) and "Hiring in spring." in page and "90k" not in page


def test_the_pipeline_board_has_a_column_per_stage_of_active_people():
    pipeline = example_pages()["pipeline.md"]
    board = pipeline[pipeline.index('<div class="kb-board"'):]
    columns = re.findall(r'<section aria-label="(\w+): (\d+)"', board)
    assert [stage for stage, _ in columns] == ["lead", "contacted", "scheduled", "met",
                                               "connected"]
    settings = read_settings(REPO)
    facts = Snapshot(load_vault(REPO, settings), settings, TODAY).facts
    active = [f for f in facts.values() if f.person.status.value == "active"]
    assert sum(int(n) for _, n in columns) == len(active)
    assert "[Maya Okafor](people/maya-okafor.md)" in board


def test_the_touches_index_offers_filters_for_what_it_lists():
    touches = example_pages()["touches/index.md"]
    kinds = re.findall(r"<option>([a-z-]+)</option>", touches)
    assert kinds == sorted(kinds) and "coffee" in kinds and "reply" in kinds
    assert '<option value="maya-okafor">Maya Okafor</option>' in touches
    assert '<option value="2026-11">November 2026</option>' in touches


def test_a_touch_in_a_timeline_with_two_people_names_both(make_vault):
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n",
                       "people/bob.md": "---\nname: Bob\n---\n",
                       "meetings/2026-11-20-ada.md": "---\ndate: 2026-11-20\nwith: [ada, bob]\nkind: coffee\n---\n"})
    settings = read_settings(root)
    page = build_pages(load_vault(root, settings), (), settings, TODAY)["people/ada.md"].markdown
    assert "· with [Ada](ada.md), [Bob](bob.md)" in page


def test_touch_fixture_kinds_all_have_icons():
    from kithbook.model import Kind
    from kithbook.site.icons import kind_icon
    for kind in Kind:
        assert kind_icon(kind).startswith('<svg class="kb-icon" aria-hidden="true"'), kind
    assert touch("2026-11-20", Kind.COFFEE, "ada").kind is Kind.COFFEE
