"""`[[links]]`: found outside code, resolved like referrals, listed under "Mentioned in",
reported with file and line when they name nobody; on the site and in `kith check`."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from kithbook.check import check_vault
from kithbook.load import load_vault
from kithbook.settings import read_settings
from kithbook.site.output import own_files, site_output
from kithbook.site.urls import SiteLinks
from kithbook.wikilinks import DocPage, LinkIndex, Target, WikiLinks, find_links, read_pages

from .browser import mkdocs_build
from .conftest import REPO, TODAY, kith, person

MAYA = "---\nname: Maya Okafor\naka: [Maya O.]\nemail: maya@example.org\n---\n## Research\nx\n"
JOSE = "---\nname: José Núñez\naliases: [Pepe]\n---\n## Research\nSee [[Maya Okafor]].\n"
COFFEE = ("---\ndate: 2026-11-20 14:30\nwith: jose-nunez\nkind: coffee\n---\n## Notes\n"
          "He knows [[maya-okafor|Maya]] and [[Mya Okafor]].\n\n```\n[[not a link]]\n```\n"
          "Also `[[code]]` and [[2026-11-20-jose-nunez-coffee]].\n")
PAGE = "---\ntitle: Plans\n---\n# Plans for December\n\nAsk [[jose nunez#Research]] first.\n"


def files() -> dict[str, str]:
    return {"people/maya-okafor.md": MAYA, "people/jose-nunez.md": JOSE,
            "meetings/2026-11-20-jose-nunez-coffee.md": COFFEE, "docs/plans.md": PAGE}


def test_links_are_found_with_label_and_line_outside_code():
    text = "a [[x]] b\n```\n[[in fence]]\n```\n`[[span]]` [[y|Why]] ![[embed]]\n[[z\\|t]]"
    found = find_links(text, first_line=10)
    assert [(link.target, link.label, link.line) for link in found] == [
        ("x", None, 10), ("y", "Why", 14), ("z", "t", 15)]
    assert text[found[1].start:found[1].end] == "[[y|Why]]"


def test_targets_resolve_by_slug_name_aka_aliases_folder_anchor_and_touch_id():
    index = LinkIndex([person("maya-okafor", name="Maya Okafor", aka=("Maya O.",)),
                       person("jose-nunez", name="José Núñez", extra={"aliases": ["Pepe"]})],
                      ["2026-11-20-jose-nunez-coffee"])
    maya, jose = Target("person", "maya-okafor"), Target("person", "jose-nunez")
    assert index.resolve("maya-okafor") == maya
    assert index.resolve("MAYA  okafor") == maya
    assert index.resolve("Maya O.") == maya
    assert index.resolve("Jose Nunez") == jose
    assert index.resolve("Pepe") == jose
    assert index.resolve("people/jose-nunez.md#Research") == jose
    assert index.resolve("2026-11-20-jose-nunez-coffee") == Target(
        "touch", "2026-11-20-jose-nunez-coffee")
    assert index.resolve("Grace Hopper") is None
    assert index.hint("Mya Okafor") == "; did you mean [[Maya Okafor]]?"


def test_mentions_and_problems_come_from_bodies_and_pages(make_vault):
    root = make_vault(files())
    settings = read_settings(root)
    vault = load_vault(root, settings)
    pages = read_pages(root, root / "docs")
    links = WikiLinks(vault, pages)
    assert [(m.kind, m.ident) for m in links.mentions["maya-okafor"]] == [
        ("person", "jose-nunez"), ("touch", "2026-11-20-jose-nunez-coffee")]
    assert [(m.kind, m.ident, m.title) for m in links.mentions["jose-nunez"]] == [
        ("page", "plans.md", "Plans for December")]
    problems = [p for p in check_vault(vault, pages=pages) if "[[" in p.message]
    assert [(p.path, p.line, p.severity, p.message) for p in problems] == [
        ("meetings/2026-11-20-jose-nunez-coffee.md", 7, "warning",
         "[[Mya Okafor]] names no person or touch; did you mean [[Maya Okafor]]?")]


def test_kith_check_reports_a_broken_link_in_a_page_with_file_and_line(make_vault):
    root = make_vault({**files(), "docs/notes/ideas.md": "# Ideas\n\nTalk to [[Grace Hopper]].\n"})
    result = kith(root, "check")
    assert "docs/notes/ideas.md:3: warning: [[Grace Hopper]] names no person or touch" \
        in result.stderr
    assert result.exit_code == 0
    assert kith(root, "check", "--strict").exit_code == 1


def _output(root: Path):
    settings = read_settings(root)
    vault = load_vault(root, settings)
    docs = root / "docs"
    return site_output(root, vault, (), settings, TODAY, docs=docs, own=set(own_files(docs)),
                       links=SiteLinks(), name="Test")


def test_the_site_links_bodies_and_pages_and_lists_mentioned_in(make_vault):
    output = _output(make_vault(files()))
    by_path = {f.path: f for f in output.files}
    touch = by_path["touches/2026-11-20-jose-nunez-coffee.md"].content
    assert "He knows [Maya](../people/maya-okafor.md) and [[Mya Okafor]]." in touch
    assert "```\n[[not a link]]\n```" in touch and "`[[code]]`" in touch
    assert re.search(r"\[Coffee with Jos. N..ez\]\(2026-11-20-jose-nunez-coffee\.md\)", touch)
    maya = by_path["people/maya-okafor.md"].content
    mentioned = maya.split("## Mentioned in", 1)[1]
    assert "- [José Núñez](jose-nunez.md)" in mentioned
    assert "- [Coffee with José Núñez](../touches/2026-11-20-jose-nunez-coffee.md) " \
        "(2026-11-20 14:30)" in mentioned
    jose = by_path["people/jose-nunez.md"].content
    assert "- [Plans for December](../plans.md)" in jose
    assert "See [Maya Okafor](maya-okafor.md)." in jose
    page = by_path["plans.md"]
    assert page.replaces and page.source == "docs/plans.md"
    assert page.content == PAGE.replace("[[jose nunez#Research]]",
                                        "[José Núñez](people/jose-nunez.md)")


def test_a_page_without_links_is_left_to_mkdocs(make_vault):
    output = _output(make_vault({**files(), "docs/plain.md": "# Plain\n\nNothing [here].\n"}))
    assert "plain.md" not in {f.path for f in output.files}


def test_publish_mode_does_not_link_or_list_private_people(make_vault):
    secret = MAYA.replace("---\n## Research", "private: true\n---\n## Research")
    root = make_vault({**files(), "people/maya-okafor.md": secret})
    settings = read_settings(root)
    vault = load_vault(root, settings)
    docs = root / "docs"
    output = site_output(root, vault, (), replace(settings, publish=True), TODAY, docs=docs,
                         own=set(own_files(docs)), links=SiteLinks(), name="Test")
    jose = {f.path: f for f in output.files}["people/jose-nunez.md"].content
    assert "maya-okafor.md" not in jose


def test_index_page_gets_both_the_dashboard_and_its_links(make_vault):
    home = "# Home\n\nSee [[Maya Okafor]].\n\n<!-- kithbook:dashboard -->\n"
    output = _output(make_vault({**files(), "docs/index.md": home}))
    page = {f.path: f for f in output.files}["index.md"].content
    assert "See [Maya Okafor](people/maya-okafor.md)." in page
    assert "<!-- kithbook:dashboard -->" not in page


def test_doc_page_title_falls_back_to_the_file_name():
    assert DocPage("guide/first-steps.md", "docs/guide/first-steps.md", "no heading").title == \
        "First steps"


@pytest.mark.slow
def test_a_real_build_resolves_links_and_fails_strict_on_a_broken_one(make_vault, tmp_path):
    root = make_vault(files())
    site = tmp_path / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 1  # the broken [[Mya Okafor]] is a warning: strict fails
    assert "meetings/2026-11-20-jose-nunez-coffee.md:7: warning: [[Mya Okafor]]" \
        in result.stderr
    fixed = root / "meetings/2026-11-20-jose-nunez-coffee.md"
    fixed.write_text(COFFEE.replace("[[Mya Okafor]]", "[[Maya O.]]"), encoding="utf-8")
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    touch = (site / "touches/2026-11-20-jose-nunez-coffee/index.html").read_text()
    assert '<a href="../../people/maya-okafor/">Maya</a>' in touch
    assert '<a href="../../people/maya-okafor/">Maya Okafor</a>' in touch
    plans = (site / "plans/index.html").read_text()
    assert '<a href="../people/jose-nunez/">José Núñez</a>' in plans
    nav = (site / "index.html").read_text()
    assert re.search(r"href=\"plans/\"[^>]*>\s*<span[^>]*>\s*Plans\s*</span>", nav), \
        "the rewritten page keeps its place in the nav"
    maya = (site / "people/maya-okafor/index.html").read_text()
    assert 'id="mentioned-in"' in maya


def test_the_example_vault_has_links_and_no_broken_ones():
    settings = read_settings(REPO)
    vault = load_vault(REPO, settings)
    pages = read_pages(REPO, REPO / "docs")
    links = WikiLinks(vault, pages)
    assert links.problems == []
    assert {m.ident for m in links.mentions["maya-okafor"]} >= {
        "2026-06-04-priya-raman-coffee", "index.md"}


def test_a_rename_renames_the_links_naming_the_slug_and_leaves_the_rest(tmp_path):
    from .conftest import kith, write_vault

    vault = write_vault(tmp_path / "v", {
        "people/maya-okafor.md": "---\nname: Maya Okafor\n---\nMe: [[maya-okafor]].\n",
        "people/ben.md": "---\nname: Ben\n---\nMet [[maya-okafor|Maya]] and [[Maya Okafor]].\n",
        "meetings/2026-11-20-maya.md": "---\ndate: 2026-11-20\nwith: maya-okafor\n---\n"
                                       "See [[maya-okafor#Research]]; `[[maya-okafor]]` is code.\n",
        "docs/notes.md": "Ask [[maya-okafor]], not [[maya-okafor-two]].\n",
    })
    result = kith(vault, "rename", "maya-okafor", "maya-adeyemi")
    assert result.exit_code == 0, result.output
    assert (vault / "people/maya-adeyemi.md").read_text().endswith("Me: [[maya-adeyemi]].\n")
    assert (vault / "people/ben.md").read_text().endswith(
        "Met [[maya-adeyemi|Maya]] and [[Maya Okafor]].\n")
    assert (vault / "meetings/2026-11-20-maya.md").read_text().endswith(
        "See [[maya-adeyemi#Research]]; `[[maya-okafor]]` is code.\n")
    assert (vault / "docs/notes.md").read_text() == (
        "Ask [[maya-adeyemi]], not [[maya-okafor-two]].\n")
    assert "wrote docs/notes.md" in result.output


def test_kith_rename_and_merge_rewrite_links_to_the_slug(make_vault):
    root = make_vault(files())
    assert kith(root, "rename", "maya-okafor", "maya-adeyemi").exit_code == 0
    touch = (root / "meetings/2026-11-20-jose-nunez-coffee.md").read_text()
    assert "[[maya-adeyemi|Maya]]" in touch and "[[Mya Okafor]]" in touch
    # The name is kept in aka:, so [[Maya Okafor]] in José's file still resolves.
    assert [p for p in check_vault(load_vault(root, read_settings(root)))
            if "[[" in p.message and "Mya" not in p.message] == []
    note = root / "meetings/2026-11-21-maya-adeyemi-note.md"
    note.write_text("---\ndate: 2026-11-21\nwith: maya-adeyemi\nkind: note\n---\n"
                    "Ask [[jose-nunez|José]] too.\n", encoding="utf-8")
    assert kith(root, "merge", "jose-nunez", "maya-adeyemi").exit_code == 0
    assert "Ask [[maya-adeyemi|José]] too." in note.read_text()
