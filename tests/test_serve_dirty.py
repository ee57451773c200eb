"""`mkdocs serve --dirty` (and ProperDocs'): one edited touch rewrites the pages it changes, and
no others."""

from __future__ import annotations

import re
import sys
from html import escape as html_escape

import pytest

from .browser import mkdocs_build
from .conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from dirty_serve import advice_edit, closes_the_loop, dirty_server, rewritten, snapshot
from generate import generate_vault

pytestmark = pytest.mark.slow

# Written by MkDocs or Material on every build, dirty or not.
ALWAYS = {"404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"}


def page(slug_path: str) -> str:
    return f"{slug_path}/index.html"


def task(html: str, text: str) -> str:
    """`[ ]` or `[x]`: how the task list item `text` is shown (the plugin adds pymdownx.tasklist
    when the vault's mkdocs.yml lacks it, so it is a checkbox)."""
    found = re.search(r'<input type="checkbox" disabled(="disabled")?( checked(="checked")?)?'
                      r"\s*/?>.{0,80}?" + re.escape(html_escape(text, quote=False)), html, re.S)
    assert found, text
    return "[x]" if found.group(2) else "[ ]"


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_ticking_advice_rewrites_the_touch_person_and_follow_up_pages_only(tmp_path, tool):
    root = tmp_path / "vault"
    generate_vault(root, people=100, touches=400, seed=1)
    edit = advice_edit(root)
    touch, person = page(f"touches/{edit.touch_id}"), page(f"people/{edit.person}")
    with dirty_server(root, tmp_path, tool) as server:
        server.wait_until_serving(timeout=300)
        site = server.site
        before = snapshot(site)
        texts = {p: (site / p).read_text(encoding="utf-8") for p in (touch, person,
                                                                   "follow-ups/index.html")}
        assert task(texts[touch], edit.advice) == "[ ]"
        assert f"acted on their advice: \u201c{edit.advice}\u201d" not in texts[
            "follow-ups/index.html"]

        edit.apply()
        assert closes_the_loop(root, edit), "the edit should make a follow-up"
        server.wait_for_rebuilds(1, timeout=300)
        after = snapshot(site)

    changed = rewritten(before, after)
    assert {touch, person, "follow-ups/index.html"} <= changed
    assert task((site / touch).read_text(encoding="utf-8"), edit.advice) == "[x]"
    person_now = (site / person).read_text(encoding="utf-8")
    assert person_now.count(edit.advice) == texts[person].count(edit.advice) - 1
    follow_ups = (site / "follow-ups/index.html").read_text(encoding="utf-8")
    assert f"acted on their advice: \u201c{edit.advice}\u201d" in follow_ups

    # Nothing else is rendered again: not the other 99 people, nor the other 399 touches.
    allowed = {touch, "follow-ups/index.html", "index.html", "calendar.ics", "contacts.vcf",
               "advice/index.html",  # the Advice page lists every advice item
               *ALWAYS, *(page(f"people/{slug}") for slug in edit.people)}
    agendas = {p for p in changed if p.startswith("agendas/")}  # theirs may list the advice
    assert changed - agendas <= allowed, sorted(changed - allowed)
    assert len(agendas) <= 3, sorted(agendas)
    pages = [p for p in after if p.endswith(".html")]
    assert len(pages) > 500
    assert len([p for p in changed if p.endswith(".html")]) <= 10


LISTINGS = ["follow-ups", "advice", "touches", "people", "companies", "leads", "resources",
            "agendas"]


@pytest.fixture
def one_off_builds_after():
    """MkDocs keeps plugin instances for the whole process (`Plugins.plugin_cache`): a test
    that serves in process leaves Kithbook's as a one-off build would find it."""
    yield
    from mkdocs.config.defaults import MkDocsConfig

    for plugin in MkDocsConfig.plugins.plugin_cache.values():
        if hasattr(plugin, "on_startup"):
            plugin.on_startup(command="build", dirty=False)


def serve_build(root, site, plugins=None):
    """One build in this process as `mkdocs serve --dirty` makes it; the plugins that
    `serve` keeps from one build to the next are passed back in."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    if plugins is not None:
        config.plugins = plugins
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    return config.plugins


def article(html_file) -> str:
    html = html_file.read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def test_a_rebuild_converts_only_new_rows_and_cards_and_the_pages_match_a_build(
        tmp_path, monkeypatch, one_off_builds_after):
    from kithbook.mkdocs_plugin import pieces

    monkeypatch.setattr(pieces, "MIN_PIECES", 2)  # every table and card list of the listings
    converted: list[str] = []
    render = pieces._render
    monkeypatch.setattr(pieces, "_render",
                        lambda markdown, *rest: converted.append(markdown) or render(markdown, *rest))
    root, site = tmp_path / "vault", tmp_path / "site"
    generate_vault(root, people=100, touches=400, seed=1)
    plugins = serve_build(root, site)
    assert len(converted) == len(LISTINGS)  # one batch a listing page: all of its pieces
    edit = advice_edit(root)
    edit.apply()
    converted.clear()
    serve_build(root, site, plugins)

    # Only what the tick made new: a "close the loop" card and the advice's row under
    # "Done, not reported back" (the Open table lost a row: nothing to convert).
    cards = sum(batch.count('<div class="kb-card ') for batch in converted)
    rows = sum(len(batch.split("\n")) - 2 for batch in converted if batch.startswith("|"))
    assert (len(converted), cards, rows) == (2, 1, 1), converted
    assert edit.advice in converted[1]

    reference = tmp_path / "reference"
    assert mkdocs_build(root, reference).returncode == 0
    for path in [*LISTINGS, f"touches/{edit.touch_id}", f"people/{edit.person}"]:
        assert article(site / page(path)) == article(reference / page(path)), path


def test_after_mkdocs_yml_changes_no_remembered_row_is_reused(tmp_path, monkeypatch,
                                                                one_off_builds_after):
    from kithbook.mkdocs_plugin import pieces

    monkeypatch.setattr(pieces, "MIN_PIECES", 2)
    root, site = tmp_path / "vault", tmp_path / "site"
    generate_vault(root, people=30, touches=90, seed=2)
    plugins = serve_build(root, site)
    config = root / "mkdocs.yml"  # links in every row change: people/x/ -> people/x.html
    config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: false\n",
                      encoding="utf-8")
    serve_build(root, site, plugins)
    reference = tmp_path / "reference"
    assert mkdocs_build(root, reference).returncode == 0
    from kithbook.site.pages import PAGES

    for listing in (page.path.removesuffix(".md") + ".html" for page in PAGES if page.listing):
        assert article(site / listing) == article(reference / listing), listing


def test_theme_templates_compile_once_per_serve_and_again_when_edited(tmp_path):
    from jinja2 import Environment, FileSystemLoader

    from kithbook.mkdocs_plugin.serving import CompiledTemplates

    (tmp_path / "main.html").write_text("Hello {{ name }}", encoding="utf-8")
    compiled = CompiledTemplates()

    def build() -> tuple[str, bool]:
        env = Environment(loader=FileSystemLoader(str(tmp_path)), auto_reload=False)
        env.bytecode_cache = compiled
        compiles = []
        original = env.compile
        env.compile = lambda *a, **k: compiles.append(1) or original(*a, **k)  # type: ignore[method-assign]
        return env.get_template("main.html").render(name="Ada"), bool(compiles)

    assert build() == ("Hello Ada", True)
    assert build() == ("Hello Ada", False)  # a new environment, as MkDocs makes per build
    (tmp_path / "main.html").write_text("Hi {{ name }}!", encoding="utf-8")
    assert build() == ("Hi Ada!", True)
