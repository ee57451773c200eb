"""`kith render --out`: the plugin's pages as plain files, which plain MkDocs builds, strict."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kithbook.agenda import read_pitch, read_question_bank
from kithbook.check import check_vault
from kithbook.companies import read_company_notes
from kithbook.history import read_vault_history
from kithbook.load import load_vault
from kithbook.settings import read_settings
from kithbook.site.pages import build_pages, dashboard_into, revisions_into
from kithbook.wikilinks import read_pages

from .conftest import REPO, kith
from .sitelinks import broken_links

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def render(vault: Path, out: Path) -> subprocess.CompletedProcess[str] | object:
    result = kith(vault, "render", "--out", str(out))
    assert result.exit_code == 0, result.output
    return result


def plain_build(folder: Path, site: Path, tool: str = "mkdocs") -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` (or ProperDocs) of the rendered folder, as its own process."""
    command = [sys.executable, "-m", tool, "build", "--strict", "-f",
               str(folder / "mkdocs.yml"), "-d", str(site)]
    return subprocess.run(command, capture_output=True, text=True, env=ENV, check=False)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("render") / "out"
    render(REPO, out)
    return out


def test_the_rendered_pages_are_exactly_the_plugins(rendered):
    settings = read_settings(REPO)
    assert settings.today
    vault = load_vault(REPO, settings)
    history, pitch_history = read_vault_history(REPO, settings, REPO / "docs")
    pages = build_pages(vault, check_vault(vault, today=settings.today), settings,
                        settings.today, bank=read_question_bank(REPO / "docs/questions.md"),
                        pitch=read_pitch(REPO / "docs/pitch.md"), history=history,
                        pitch_history=pitch_history, docs_pages=read_pages(REPO, REPO / "docs"),
                        company_notes=read_company_notes(REPO, settings.companies_dir))
    docs = rendered / "docs"
    own = {p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs").rglob("*")
           if p.is_file()}
    written = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    assets = {"assets/kithbook/kithbook.css", "assets/kithbook/kithbook.js"}
    assert written == set(pages) | own | {"calendar.ics", "contacts.vcf"} | assets
    for path, page in pages.items():
        if path not in own:
            assert (docs / path).read_text(encoding="utf-8") == page.markdown, path
    # The hand-written home page has the dashboard where its marker was.
    home = (docs / "index.md").read_text(encoding="utf-8")
    mine = (REPO / "docs/index.md").read_text(encoding="utf-8")
    assert "<!-- kithbook:dashboard -->" in mine
    linked = {"[[Maya Okafor]]": "[Maya Okafor](people/maya-okafor.md)",  # [[links]] made links
              "[[jose-nunez|José]]": "[José](people/jose-nunez.md)"}
    expected = dashboard_into(mine, pages["index.md"].markdown)
    for wiki, link in linked.items():
        assert wiki in expected
        expected = expected.replace(wiki, link)
    assert home == expected
    assert "[All people](people/index.md)" in home
    # The hand-written pitch has its revisions.
    pitch = (REPO / "docs/pitch.md").read_text(encoding="utf-8")
    assert (docs / "pitch.md").read_text(encoding="utf-8") == revisions_into(
        pitch, pages["pitch.md"].markdown)
    # Person pages carry their tags as front matter, for any generator.
    person = next((docs / "people").glob("*.md"))
    assert person.read_text(encoding="utf-8").startswith("---\ntitle: ")
    assert "\ntags:\n" in person.read_text(encoding="utf-8").split("\n---\n")[0]


def test_the_rendered_config_has_no_kithbook_plugin(rendered):
    config = yaml.safe_load((rendered / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == ["search", "tags"]
    assert not any("kithbook" in str(value) for key, value in config.items()
                   if key not in ("extra_css", "extra_javascript"))
    assert config["nav"][0] == {"Home": "index.md"}


@pytest.mark.slow
def test_plain_mkdocs_builds_the_rendered_folder_strict(rendered, tmp_path, example_site):
    site = tmp_path / "site"
    result = plain_build(rendered, site)
    assert result.returncode == 0, result.stderr
    assert "kithbook" not in result.stderr.lower().replace("kithbook example vault", "")
    assert (site / "follow-ups/index.html").is_file()
    assert (site / "calendar.ics").is_file()
    people = list((site / "people").glob("*/index.html"))
    assert len(people) >= 12
    # The same pages as the plugin's own build of the vault.
    plugin_site = example_site
    html = {p.relative_to(plugin_site).as_posix() for p in plugin_site.rglob("*.html")}
    assert html == {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert (site / "calendar.ics").read_bytes() == (plugin_site / "calendar.ics").read_bytes()
    assert broken_links(site) == []


@pytest.mark.slow
def test_properdocs_builds_the_rendered_folder_strict(rendered, tmp_path):
    result = plain_build(rendered, tmp_path / "site", tool="properdocs")
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_rendering_again_replaces_the_folder_whole(make_vault, tmp_path):
    root = make_vault({"people/ada.md": "---\nname: Ada Lovelace\n---\n",
                       "people/bob.md": "---\nname: Bob Stone\n---\n",
                       "docs/notes.md": "# Notes\n\nMine.\n"})
    out = tmp_path / "out"
    render(root, out)
    assert (out / "docs/people/bob.md").is_file()
    assert (out / "docs/notes.md").read_text(encoding="utf-8") == "# Notes\n\nMine.\n"
    (root / "people/bob.md").unlink()
    render(root, out)
    assert not (out / "docs/people/bob.md").exists()
    assert (out / "docs/people/ada.md").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    assert plain_build(out, tmp_path / "site").returncode == 0


@pytest.mark.parametrize("where", ["foreign", "docs", "people", "vault"])
def test_a_folder_it_did_not_make_is_never_emptied(make_vault, tmp_path, where):
    root = make_vault({"people/ada.md": "---\nname: Ada Lovelace\n---\n"})
    out = {"foreign": tmp_path / "mine", "docs": root / "docs/site", "people": root / "people",
           "vault": root}[where]
    out.mkdir(exist_ok=True)
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = kith(root, "render", "--out", str(out))
    assert result.exit_code == 1
    assert "choose" in result.output
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.slow
def test_zensical_builds_the_rendered_folder_strict(rendered, tmp_path):
    """Zensical (Material's successor, from the test extra) reads the same mkdocs.yml."""
    folder = tmp_path / "copy"
    shutil.copytree(rendered, folder)  # Zensical builds into the folder's own site/
    result = subprocess.run([str(Path(sys.executable).parent / "zensical"), "build", "--strict",
                             "-f", str(folder / "mkdocs.yml")], capture_output=True, text=True,
                            env=ENV, check=False, cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    site = folder / "site"
    assert len(list((site / "people").glob("*/index.html"))) >= 12
    assert "../calendar.ics" in (site / "follow-ups/index.html").read_text(encoding="utf-8")
    # Zensical reads a raw `href` as relative to the Markdown file: the drawings' links
    # left the site (`../../people/x/` from network/) until they became `xlink:href`.
    # The follow-up cards' links did too until they became Markdown in md_in_html blocks.
    assert broken_links(site) == []


@pytest.mark.browser
def test_in_the_zensical_site_a_browser_follows_drawing_and_card_links(rendered, tmp_path):
    """The links fixed for Zensical (`xlink:href` in drawings, Markdown links in cards) are
    followed by a real browser to a person's page, with the site under a path of its own
    (at the root a browser would forgive one `../` too many)."""
    from .browser import chromium_page, serve_folder

    folder = tmp_path / "copy"
    shutil.copytree(rendered, folder)
    result = subprocess.run([str(Path(sys.executable).parent / "zensical"), "build", "--strict",
                             "-f", str(folder / "mkdocs.yml")], capture_output=True, text=True,
                            env=ENV, check=False, cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    served = tmp_path / "served"
    shutil.copytree(folder / "site", served / "network-site")
    with serve_folder(served) as root, chromium_page() as page:
        url = root + "network-site/"
        for start, link in (("network/", "svg.kb-svg a"), ("follow-ups/", ".kb-card__who a")):
            page.goto(url + start)
            page.locator(link).first.click()
            page.wait_for_load_state()
            assert re.fullmatch(re.escape(url) + r"people/[a-z0-9-]+/", page.url), page.url
            assert page.locator("h1").count() == 1
