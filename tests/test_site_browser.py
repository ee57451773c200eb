"""The built example site in a real browser: pages, sorting, filtering, tags and search."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from .browser import chromium_page, screenshot, serve_folder
from .conftest import REPO

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(example_site) -> Iterator[str]:
    with serve_folder(example_site) as url:
        yield url


@pytest.fixture(scope="module")
def page(site_url):
    with chromium_page() as page:
        yield page


def test_home_page_shows_the_dashboard(page, site_url):
    page.goto(site_url)
    assert page.locator("h2", has_text="Next meetings").count() == 1
    assert page.get_by_role("link", name="Portfolio review with José").count() >= 1
    assert "As of 2026-11-26" in page.inner_text("article")
    screenshot(page, "home")


def test_person_page_shows_card_touches_and_edit_link(page, site_url):
    page.goto(site_url + "people/jose-nunez/")
    article = page.inner_text("article")
    assert "Senior Analytics Engineer at Northwind Analytics" in article
    assert page.locator("a[href='mailto:jose.nunez@example.org']").count() == 1
    assert page.get_by_role("link", name="Maya Okafor").count() >= 1
    edit = page.locator("a.md-content__button[href*='edit']").first.get_attribute("href")
    assert edit == "https://example.org/sam/network/edit/main/people/jose-nunez.md"
    screenshot(page, "person")


def test_people_index_sorts_and_filters(page, site_url):
    page.goto(site_url + "people/")
    rows = page.locator("table[data-kb-sortable] tbody tr")
    assert rows.count() == 13
    page.locator("table[data-kb-sortable] th", has_text="Company").click()
    companies = [c.strip() for c in rows.locator("td:nth-child(3)").all_inner_texts()]
    assert companies == sorted(companies, key=str.casefold)
    page.fill("input.kb-filter", "northwind")
    visible = [r for r in rows.all() if r.is_visible()]
    assert {r.locator("td").first.inner_text() for r in visible} == {"Maya Okafor", "José Núñez"}
    screenshot(page, "people-index")


def test_tag_page_lists_people_by_tag(page, site_url):
    page.goto(site_url + "tags/")
    article = page.inner_text("article")
    assert "data-engineering" in article
    assert page.locator("article a[href*='people/maya-okafor']").count() >= 1
    screenshot(page, "tags")


def test_search_finds_a_person_by_company(page, site_url):
    page.goto(site_url)
    page.keyboard.press("/")  # Material's shortcut focuses the search box
    page.keyboard.type("Northwind")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    text = " ".join(results.all_inner_texts())
    assert re.search(r"Maya Okafor|José Núñez", text)
    screenshot(page, "search")


def test_activity_page_shows_the_heatmaps_and_the_week_by_week_list(page, site_url):
    page.goto(site_url + "activity/")
    maps = page.locator("svg.kb-heatmap")
    assert maps.count() == 2 and maps.first.is_visible()
    assert maps.first.bounding_box()["width"] > 600
    # The coffee with Maya on 14 May is a square with its own tooltip.
    day = page.locator("#touch-heatmap rect[data-date='2026-05-14']")
    assert day.get_attribute("data-count") == "1"
    assert day.locator("title").text_content() == "2026-05-14 (Thu): 1 touch"
    assert page.locator("#commit-heatmap rect[data-date='2026-11-26']").get_attribute(
        "data-count") != "0"  # the example vault's history is real: committed that day
    weeks = page.locator("article h3", has_text="Week of")
    assert weeks.count() >= 1
    article = page.inner_text("article")
    assert "Commits:" in article and "touches on" in article
    if not _shallow():  # a shallow clone's boundary is not when the records were added
        assert page.locator("article li", has_text="People added").get_by_role(
            "link", name="Maya Okafor").count() == 1
        page.locator("article li", has_text="People added").get_by_role(
            "link", name="Maya Okafor").click()
        page.wait_for_url("**/people/maya-okafor/")
        assert "Added on" in page.inner_text("article")
        page.go_back()
    screenshot(page, "activity")


def test_pitch_page_shows_the_pitch_and_its_revisions(page, site_url):
    page.goto(site_url + "pitch/")
    assert page.locator("article h1", has_text="Elevator pitch").count() == 1  # the user's page
    assert page.locator("article h2", has_text="Revisions").count() == 1
    if not _shallow():  # the example pitch was revised once in this repository's history
        assert page.locator("article .kb-diff").count() >= 2
        assert page.locator("article .kb-diff ins", has_text="lightning talk").count() == 1
    screenshot(page, "pitch")


def _shallow() -> bool:
    import subprocess

    return subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=REPO,
                          capture_output=True, text=True).stdout.strip() == "true"
