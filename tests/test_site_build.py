"""Real `mkdocs build` runs: strict on good vaults, loud on bad ones, never losing good pages."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from .browser import mkdocs_build
from .conftest import REPO, kith

ADA = "---\nname: Ada Lovelace\ncompany: Analytical Engines\ntags: [maths]\n---\n## Research\nNotes.\n"
GRACE = "---\nname: Grace Hopper\nintroduced_by: ada-lovelace\n---\n"
COFFEE = "---\ndate: 2026-11-20 14:30\nwith: [ada-lovelace, grace-hopper]\nkind: coffee\n---\n## Notes\nGood chat.\n"
BAD = "---\ndate: 2026-11-31\nwith: ada-lovelace\n---\n"


def vault_files(**extra: str) -> dict[str, str]:
    return {"people/ada-lovelace.md": ADA, "people/grace-hopper.md": GRACE,
            "meetings/2026-11-20-ada-lovelace-coffee.md": COFFEE, **extra}


def html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_example_vault_builds_strict(example_build):
    result = example_build.result
    assert result.returncode == 0, result.stderr
    site = example_build.path
    for path in ("index.html", "people/index.html", "people/jose-nunez/index.html",
                 "touches/index.html", "touches/2026-12-03-jose-nunez-video/index.html",
                 "tags/index.html", "companies/index.html", "pitch/index.html"):
        assert (site / path).is_file(), path
    assert not (site / "problems/index.html").exists()


@pytest.mark.slow
def test_a_small_vault_gets_every_page_and_cross_links(make_vault, tmp_path):
    root = make_vault(vault_files())
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    ada = html(site, "people/ada-lovelace/index.html")
    assert "Analytical Engines" in ada and "Notes." in ada
    assert 'href="../grace-hopper/"' in ada  # whom she introduced
    assert 'href="../../touches/2026-11-20-ada-lovelace-coffee/"' in ada
    touch = html(site, "touches/2026-11-20-ada-lovelace-coffee/index.html")
    assert "Coffee with Ada Lovelace and Grace Hopper" in touch
    assert "2026-11-20 14:30" in touch
    home = html(site, "index.html")
    assert "Recent touches" in home and "As of 2026-11-26" in home


@pytest.mark.slow
def test_records_and_companies_never_take_an_index_or_each_others_page(make_vault, tmp_path):
    from kithbook.names import hashed_name

    def at(slug: str, name: str, company: str) -> dict[str, str]:
        return {f"people/{slug}.md": f"---\nname: {name}\ncompany: {company}\n---\n"}

    root = make_vault({
        **at("index", "Ivo Index", "Index"),  # a person and a company named like the indexes
        **at("cara", "Cara Labs", "C Labs"), **at("cory", "Cory Plus", "C++ Labs"),
        "meetings/index.md": "---\ndate: 2026-11-20\nwith: cara\nkind: call\ntitle: Index call\n---\n",
        "companies/c-labs.md": "Notes about C Labs only.\n"})
    site = tmp_path / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr

    # the indexes stay the indexes...
    assert "<h1" in html(site, "people/index.html") and "Cory Plus" in html(site, "people/index.html")
    assert "Index call" in html(site, "touches/index.html")
    companies = html(site, "companies/index.html")
    assert companies.count("<tr>") == 4  # the header, and Index, C Labs, C++ Labs
    # ...and the records named like them have pages of their own, linked from the indexes
    person = hashed_name("index", "index")
    assert "Ivo Index" in html(site, f"people/{person}/index.html")
    assert f'href="{person}/"' in html(site, "people/index.html")
    assert "Index call" in html(site, f"touches/{hashed_name('index', 'index')}/index.html")
    index_company = hashed_name("index", "index")
    assert f'href="{index_company}/"' in companies

    # Two companies with one slug: the first by name keeps it, the other gets its own page
    plus = hashed_name("c-labs", "c++ labs")
    c_labs, c_plus = html(site, "companies/c-labs/index.html"), html(site, f"companies/{plus}/index.html")
    assert "Cara Labs" in c_labs and "Cory Plus" not in c_labs
    assert "Cory Plus" in c_plus and "Cara Labs" not in c_plus
    assert "Notes about C Labs only." in c_labs and "Notes about C Labs" not in c_plus
    assert f"companies/{plus}.md" in c_plus  # where its own notes go
    # each person's page links to their own company's page
    assert 'href="../../companies/c-labs/"' in html(site, "people/cara/index.html")
    assert f'href="../../companies/{plus}/"' in html(site, "people/cory/index.html")
    assert f'href="../../companies/{index_company}/"' in html(site, f"people/{person}/index.html")


@pytest.mark.slow
def test_one_bad_file_fails_strict_with_file_and_line_but_the_rest_builds(make_vault, tmp_path):
    root = make_vault(vault_files(**{"meetings/broken.md": BAD}))
    strict = mkdocs_build(root, tmp_path / "strict")
    assert strict.returncode != 0
    assert "meetings/broken.md:2: error: date: 2026-11-31 does not exist" in strict.stderr
    relaxed = mkdocs_build(root, tmp_path / "site", strict=False)
    assert relaxed.returncode == 0, relaxed.stderr
    site = tmp_path / "site"
    assert (site / "people/ada-lovelace/index.html").is_file()
    assert (site / "touches/2026-11-20-ada-lovelace-coffee/index.html").is_file()
    assert not (site / "touches/broken").exists()
    problems = html(site, "problems/index.html")
    assert "meetings/broken.md" in problems and "November 2026 has 30 days" in problems
    assert 'href="problems/"' in html(site, "index.html")  # in the nav


@pytest.mark.slow
def test_a_hand_written_page_wins_over_a_generated_one(make_vault, tmp_path):
    root = make_vault(vault_files(**{"docs/companies.md": "# My own companies page\n"}))
    assert mkdocs_build(root, tmp_path / "site").returncode == 0
    assert "My own companies page" in html(tmp_path / "site", "companies/index.html")


@pytest.mark.slow
def test_a_hand_written_home_page_can_hold_the_dashboard(make_vault, tmp_path):
    home = "# Hello\n\nMy words.\n\n<!-- kithbook:dashboard -->\n"
    root = make_vault(vault_files(**{"docs/index.md": home}))
    assert mkdocs_build(root, tmp_path / "site").returncode == 0
    page = html(tmp_path / "site", "index.html")
    assert "My words." in page and "Recent touches" in page


@pytest.mark.slow
def test_record_pages_stay_out_of_the_navigation(make_vault, tmp_path):
    root = make_vault(vault_files())
    assert mkdocs_build(root, tmp_path / "site").returncode == 0
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>',
                    html(tmp_path / "site", "index.html"), re.S)
    assert nav and "People" in nav.group(0)
    assert "ada-lovelace" not in nav.group(0)


@pytest.mark.slow
def test_a_bad_setting_is_a_config_error_naming_the_key(make_vault, tmp_path):
    yml = "site_name: t\ntheme:\n  name: material\n  font: false\nplugins:\n  - kithbook:\n      due_soon: soon\n"
    root = make_vault(vault_files(), mkdocs_yml=yml)
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode != 0
    assert "due_soon" in result.stderr and "cannot read 'soon' as a period" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_search_finds_the_records_and_not_the_listings_that_repeat_them(example_site):
    import json

    from kithbook.site.pages import PAGES

    def location(path: str) -> str:  # "people/index.md" -> "people/", "advice.md" -> "advice/"
        return path.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"

    index = json.loads(html(example_site, "search/search_index.json"))
    found = {entry["location"].split("#")[0] for entry in index["docs"]}
    listings = {location(page.path) for page in PAGES if page.listing}
    assert {"follow-ups/", "touches/", "people/", "advice/"} <= listings
    assert not found & listings, sorted(found & listings)
    # ...while every person, touches and the pages that are not listings are found
    assert {"", "network/", "pitch/", "pipeline/"} <= found
    people = {p for p in found if p.startswith("people/") and p != "people/"}
    assert len(people) == len(list((REPO / "people").glob("*.md")))
    assert any(p.startswith("touches/2") for p in found)


@pytest.mark.slow
def test_the_example_site_loads_nothing_from_other_hosts(example_site):
    # Scripts, stylesheets, fonts and images that a browser would fetch on its own.
    fetched = re.compile(r"""<(?:script|img|link)\b[^>]*?\b(?:src|href)=["']((?:https?:)?//[^"']+)""")
    pages = list(example_site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert fetched.findall(text) == [], page
        assert "fonts.googleapis.com" not in text, page


@pytest.mark.slow
def test_a_phone_number_on_a_person_page_is_a_working_link(example_site):
    """The person page makes `tel:` links; the check of the page's HTML keeps them."""
    page = html(example_site, "people/maya-okafor/index.html")
    assert '<a href="tel:+442079460132">+44 20 7946 0132</a>' in page
    assert "unsafe-link-removed" not in page


def test_every_setting_is_a_plugin_config_option():
    from kithbook.mkdocs_plugin import KithbookConfig
    from kithbook.settings import PARSERS

    assert {name for name, _ in KithbookConfig._schema} == set(PARSERS)


@pytest.mark.slow
def test_the_follow_ups_page_and_kith_due_agree(example_site):
    import json

    from kithbook.followups import Reason
    from kithbook.load import load_vault
    from kithbook.settings import read_settings

    page = html(example_site, "follow-ups/index.html")
    cards = re.findall(r'<span class="kb-card__who">(.*?)</span> <span class="kb-card__reason">'
                       r'(.*?)</span>.*?<p class="kb-card__meta">Due (\S+?)[ <]', page, re.S)
    on_site = sorted((unescape(re.sub(r"<[^>]+>", "", who)), unescape(reason), due)
                     for who, reason, due in cards)
    result = kith(REPO, "due", "--json")
    people = load_vault(REPO, read_settings(REPO)).people
    in_terminal = sorted((people[i["person"]].name, Reason(i["reason"]).label, i["due"])
                         for i in json.loads(result.stdout))
    assert len(in_terminal) >= 5
    assert on_site == in_terminal


@pytest.mark.slow
def test_every_date_dependent_page_says_as_of_when(example_site):
    site = example_site
    pages = ["index.html", "follow-ups/index.html", "people/index.html", "touches/index.html",
             "companies/index.html", "people/maya-okafor/index.html",
             "touches/2026-12-03-jose-nunez-video/index.html"]
    for path in pages:
        assert "s of 2026-11-26" in html(site, path), path  # "As of" / "as of"


@pytest.mark.slow
def test_a_vault_in_git_gets_activity_pitch_revisions_and_record_dates(make_vault, tmp_path):
    from .gitrepo import commit, init

    root = make_vault(vault_files(**{"docs/pitch.md": "# My pitch\n\nI build payment systems.\n"}))
    init(root)
    commit(root, "Start the vault", "2026-10-05T09:00:00+02:00")
    commit(root, "Pitch: say data", "2026-10-12T09:00:00+02:00",
           {"docs/pitch.md": "# My pitch\n\nI build data systems.\n"})
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    activity = html(site, "activity/index.html")
    assert activity.count('<svg xmlns="http://www.w3.org/2000/svg" class="kb-heatmap"') == 2
    assert "Week of 2026-10-05" in activity and 'href="../people/ada-lovelace/"' in activity
    pitch = html(site, "pitch/index.html")
    assert "I build data systems." in pitch  # the hand-written page...
    assert "<del>payment</del><ins>data</ins>" in pitch  # ...with its revisions under it
    assert "<dt>Added on</dt>\n<dd>2026-10-05</dd>" in html(site, "people/ada-lovelace/index.html")
    nav = html(site, "index.html")
    assert 'href="activity/"' in nav and 'href="pitch/"' in nav


@pytest.mark.slow
def test_a_vault_outside_git_still_builds_strict_and_says_why(make_vault, tmp_path):
    root = make_vault(vault_files())
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "not in a git repository" in result.stderr  # logged once, as information
    activity = html(tmp_path / "site", "activity/index.html")
    assert "not in a git repository" in activity and "kb-heatmap" in activity
