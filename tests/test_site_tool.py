"""Every page of the example site in chromium, on a phone (390x844) and a desk (1280x900):
nothing scrolls sideways but a table or a picture inside its own box, every follow-up's
"what to do" is wholly on screen, one h1 per page, no empty header row; axe-core finds no
serious or critical violation in either palette; the People table keeps Material's look;
the touches filters, the palette toggle and the printed agenda work."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kithbook.load import load_vault
from kithbook.model import Kind
from kithbook.settings import read_settings

from .browser import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, require_chromium, serve_folder
from .conftest import REPO

pytestmark = pytest.mark.browser

PHONE, DESK = (390, 844), (1280, 900)
# The main pages: the navigation and one page of each family; axe runs on these in all
# four combinations of size and palette, on every other page in two (see below).
MAIN = ("", "follow-ups/", "agendas/", "people/", "touches/", "leads/", "network/",
        "companies/", "companies/northwind-analytics/", "advice/", "resources/", "pipeline/",
        "activity/", "pitch/", "questions/", "tags/", "people/maya-okafor/",
        "touches/2026-09-15-maya-okafor/", "agendas/2026-12-03-jose-nunez-video/")
SERIOUS = ("serious", "critical")
SHOTS = ARTIFACTS / "pages"

# What one page looks like in the browser: measured in the page itself.
MEASURE = """() => {
  const root = document.documentElement;
  const width = window.innerWidth;
  const cards = [...document.querySelectorAll(".kb-card__do")].map(e => {
    const r = e.getBoundingClientRect(); return [r.left, r.right]; });
  const emptyHeads = [...document.querySelectorAll("table thead tr")]
    .filter(tr => ![...tr.cells].some(c => c.textContent.trim())).length;
  const broken = [...document.querySelectorAll("td:first-child a")]
    .filter(a => a.getClientRects().length > 1).map(a => a.textContent);
  return {overflow: root.scrollWidth - root.clientWidth, width: width, cards: cards,
          h1: document.querySelectorAll("h1").length, emptyHeads: emptyHeads,
          broken: broken, scheme: document.body.getAttribute("data-md-color-scheme")};
}"""


def every_page(site: Path) -> list[str]:
    """Every HTML page of the built site, as a path relative to its root (404 aside)."""
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return ["" if p == "." else p + "/" for p in pages]


@pytest.fixture(scope="module")
def site(example_site) -> Iterator[tuple[str, list[str]]]:
    with serve_folder(example_site) as url:
        yield url, every_page(example_site)


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


def open_page(browser, size: tuple[int, int], scheme: str = "light"):
    return browser.new_page(viewport={"width": size[0], "height": size[1]},
                            color_scheme=scheme)


@contextlib.contextmanager
def visit(browser, address: str, size: tuple[int, int], scheme: str = "light"):
    """A new page of `size` at `address`, closed afterwards."""
    page = open_page(browser, size, scheme)
    try:
        page.goto(address)
        yield page
    finally:
        page.close()


def test_the_site_has_every_page_the_tests_walk(site):
    _, pages = site
    assert set(MAIN) <= set(pages) and len(pages) > 80


@pytest.mark.parametrize("size", [PHONE, DESK], ids=["phone", "desk"])
def test_every_page_fits_the_screen_and_reads_as_a_tool(browser, site, size):
    url, pages = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = open_page(browser, size)
    problems = []
    cards_seen = 0
    for path in pages:
        page.goto(url + path)
        seen = page.evaluate(MEASURE)
        if seen["overflow"] > 0:
            problems.append(f"{path}: the page scrolls sideways by {seen['overflow']}px")
        if seen["h1"] != 1:
            problems.append(f"{path}: {seen['h1']} h1 elements")
        if seen["emptyHeads"]:
            problems.append(f"{path}: {seen['emptyHeads']} table(s) with an empty header row")
        for left, right in seen["cards"]:
            if left < 0 or right > seen["width"]:
                problems.append(f"{path}: a follow-up's action runs off screen ({left}, {right})")
        if seen["broken"]:
            problems.append(f"{path}: names broken across lines: {seen['broken']}")
        cards_seen += len(seen["cards"])
        if path in MAIN:  # a picture of each main page at this size, for a person to look at
            name = path.strip("/").replace("/", "-") or "dashboard"
            page.screenshot(path=str(SHOTS / f"{name}-{size[0]}x{size[1]}.png"), full_page=True)
    page.close()
    assert not problems, "\n".join(problems)
    assert cards_seen >= 12  # the dashboard's and the Follow-ups page's cards were measured


def axe_violations(browser, url: str, paths: list[str], size: tuple[int, int],
                   scheme: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = open_page(browser, size, scheme)
    found = []
    for path in paths:
        page.goto(url + path)
        assert page.evaluate(MEASURE)["scheme"] == ("slate" if scheme == "dark" else "default")
        result = axe.run(page)
        for violation in result.response["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [node["target"] for node in violation["nodes"]][:3]
                found.append(f"{path} ({scheme}, {size[0]}px): {violation['id']} {targets}")
    page.close()
    return found


@pytest.mark.parametrize(("size", "scheme"), [(DESK, "light"), (PHONE, "dark")],
                         ids=["desk-light", "phone-dark"])
def test_axe_finds_nothing_serious_on_any_page(browser, site, size, scheme):
    """Every page in both palettes and at both sizes (light on a desk, dark on a phone)."""
    url, pages = site
    found = axe_violations(browser, url, pages, size, scheme)
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("size", "scheme"), [(PHONE, "light"), (DESK, "dark")],
                         ids=["phone-light", "desk-dark"])
def test_axe_finds_nothing_serious_on_the_main_pages_in_the_other_combinations(
        browser, site, size, scheme):
    url, _ = site
    found = axe_violations(browser, url, list(MAIN), size, scheme)
    assert not found, "\n".join(found)


# The People table ------------------------------------------------------------------------

CELL_STYLE = """(selector) => {
  const pick = (e) => { const s = getComputedStyle(e);
    return [s.borderTopStyle, s.borderTopWidth, s.paddingLeft, s.fontWeight, s.fontSize,
            s.backgroundColor]; };
  const table = document.querySelector(selector);
  return {table: table.className, wrapped: !!table.closest(".md-typeset__scrollwrap"),
          th: pick(table.querySelector("thead th")), td: pick(table.querySelector("tbody td")),
          sortable: table.hasAttribute("data-kb-sortable")};
}"""


def test_the_people_table_keeps_materials_look(browser, site):
    url, _ = site
    page = open_page(browser, DESK)
    page.goto(url + "touches/")  # a plain Material table, to compare with
    plain = page.evaluate(CELL_STYLE, "article table")
    page.goto(url + "people/")
    people = page.evaluate(CELL_STYLE, "article table")
    assert people["sortable"] and people["table"] == "" and people["wrapped"]
    assert people["td"] == plain["td"]  # borders, padding, font: Material's table cells
    assert people["th"][3] == plain["th"][3] == "700"  # header weight
    assert people["td"][0] == "solid"  # rows are ruled
    page.close()


def test_the_people_table_sorts_by_keyboard_and_shows_the_order(browser, site):
    url, _ = site
    page = open_page(browser, DESK)
    page.goto(url + "people/")
    header = page.locator("article thead th").nth(2)  # Company
    button = header.locator("button.kb-sort")
    button.focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    companies = page.locator("article tbody td:nth-child(3)").all_inner_texts()
    assert companies == sorted(companies, key=str.casefold)
    page.keyboard.press("Space")
    assert header.get_attribute("aria-sort") == "descending"
    arrow = page.evaluate("(b) => getComputedStyle(b, '::after').content",
                          button.element_handle())
    assert "▼" in arrow
    page.close()


def test_on_a_phone_names_stay_whole_and_the_table_scrolls_in_its_box(browser, site):
    url, _ = site
    page = open_page(browser, PHONE)
    page.goto(url + "people/")
    box = page.evaluate("""() => { const w = document.querySelector('.md-typeset__scrollwrap');
      return [w.scrollWidth, w.clientWidth, getComputedStyle(w).overflowX]; }""")
    assert box[2] == "auto" and box[1] <= PHONE[0]
    name = page.get_by_role("link", name="Hannah Lindqvist").first
    assert name.evaluate("a => a.getClientRects().length") == 1
    page.screenshot(path=str(ARTIFACTS / "people-phone.png"), full_page=True)
    page.close()


# Touches filters, the palette, copying a command, print ----------------------------------


def test_the_touches_filters_by_kind_person_and_month(browser, site):
    url, _ = site
    vault = load_vault(REPO, read_settings(REPO))
    page = open_page(browser, DESK)
    page.goto(url + "touches/")
    rows = page.locator("article tbody tr")

    def shown() -> list[list[str]]:
        return [r.locator("td").all_inner_texts() for r in rows.all() if r.is_visible()]

    page.select_option("select[data-kb-filter=kind]", "coffee")
    coffees = shown()
    assert {r[3] for r in coffees} == {"coffee"}
    assert len(coffees) == sum(t.kind is Kind.COFFEE for t in vault.touches)
    page.select_option("select[data-kb-filter=kind]", "")
    page.select_option("select[data-kb-filter=person]", "maya-okafor")
    assert len(shown()) == sum("maya-okafor" in t.with_ for t in vault.touches)
    page.select_option("select[data-kb-filter=month]", "2026-10")
    assert all(r[0].startswith("2026-10") for r in shown()) and shown()
    headings = [h.strip(" ¶") for h in page.locator("article h2:visible").all_inner_texts()]
    assert headings == ["October 2026"]
    assert page.inner_text("output[data-kb-count]") == f"{len(shown())} shown"
    page.close()


def test_the_palette_toggles_and_the_pictures_read_in_both(browser, site):
    url, _ = site
    page = open_page(browser, DESK)
    contrast = """() => {
      const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
      const lum = (c) => { const v = rgb(c).map(x => { x /= 255;
        return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
      const bg = getComputedStyle(document.body).backgroundColor;
      return [...document.querySelectorAll("svg.kb-svg text")].map(t => {
        const a = lum(getComputedStyle(t).fill), b = lum(bg);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); });
    }"""
    for path in ("network/", "pipeline/"):
        page.goto(url + path)
        assert page.get_attribute("body", "data-md-color-scheme") == "default"
        light = page.evaluate(contrast)
        page.locator("label.md-header__button[for^='__palette']:visible").first.click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') == 'slate'")
        dark = page.evaluate(contrast)
        assert light and dark and min(light) >= 4.5 and min(dark) >= 4.5, path
        page.screenshot(path=str(ARTIFACTS / f"{path.strip('/')}-dark.png"), full_page=True)
        page.evaluate("localStorage.clear()")
    page.close()


def test_every_command_on_a_card_has_materials_copy_button(browser, site):
    with visit(browser, site[0] + "follow-ups/", PHONE) as page:
        commands = page.locator(".kb-steps pre")
        assert commands.count() >= 8
        for block in commands.all():
            assert block.locator("button[data-md-type=copy]").count() == 1


def test_printed_boxes_show_their_state_and_agendas_leave_room_for_answers(browser, site):
    page = open_page(browser, DESK)
    page.goto(site[0] + "agendas/2026-12-03-jose-nunez-video/")
    indicator = """(checked) => { const box = document.querySelector(
        `.task-list-control input${checked ? ":checked" : ":not(:checked)"} + .task-list-indicator`);
      const s = getComputedStyle(box, "::before");
      return [s.maskImage || s.webkitMaskImage, s.borderTopStyle, s.borderRadius]; }"""
    answer_gap = """() => parseFloat(getComputedStyle(
        document.querySelector(".kb-answers .task-list-item")).marginBottom)"""
    on_screen = page.evaluate(answer_gap)
    page.emulate_media(media="print")
    unticked = page.evaluate(indicator, False)
    assert unticked[0] == "none" and unticked[1] == "solid" and unticked[2] == "0px"  # a square
    ticked = page.evaluate(indicator, True)
    assert ticked[0] != "none" and "url(" in ticked[0]  # the tick
    assert page.evaluate(answer_gap) >= 40 > on_screen
    page.pdf(path=str(ARTIFACTS / "agenda-print.pdf"))
    page.close()


def test_the_person_page_folds_long_notes_and_shows_icons(browser, site):
    with visit(browser, site[0] + "people/maya-okafor/", PHONE) as page:
        touches = page.locator("details.kb-touch")
        assert touches.count() >= 6
        assert page.locator("details.kb-touch .kb-icon").count() == touches.count()
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
        assert re.search(r"Research.*Questions.*Timeline", page.inner_text("article"), re.S)
