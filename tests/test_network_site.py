"""The network pages in real builds and in a real browser."""

from __future__ import annotations

import html as html_lib
import io
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from kithbook.check import check_vault
from kithbook.load import load_vault
from kithbook.settings import read_settings
from kithbook.site import svg
from kithbook.site.pages import NAV, build_pages

from .browser import chromium_page, mkdocs_build, screenshot, serve_folder
from .conftest import MKDOCS_YML, REPO, TODAY, write_vault
from .network_vault import FILES, ZED_NAME
from .test_svg import random_forest

PAGES = {"Leads": "leads", "Network": "network", "Companies": "companies", "Advice": "advice",
         "Resources": "resources", "Pipeline": "pipeline"}


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def anchor_texts(text: str, href_end: str) -> list[str]:
    """The visible text of each link whose href ends with `href_end`."""
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", inner)) for inner in
            re.findall(rf'<a href="[^"]*{re.escape(href_end)}"[^>]*>(.*?)</a>', text, re.S)]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The network vault, built strict."""
    root = write_vault(tmp_path_factory.mktemp("network-vault"), FILES)
    site = root / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.slow
def test_each_page_is_in_the_nav_reachable_from_the_dashboard_and_dated(built):
    assert [title for title, _ in NAV if title in PAGES] == list(PAGES)
    home = read(built, ".")
    for title, page in PAGES.items():
        text = read(built, page)
        assert "s of 2026-11-26" in text, page  # "As of" / "as of"
        assert f'href="{page}/"' in home, page  # the dashboard links it
        nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', text, re.S)
        assert nav and f">{title}<" in re.sub(r"\s+", "", nav.group(0)).replace(
            "</span>", "<"), title


@pytest.mark.slow
def test_the_leads_page_ranks_leads_and_gives_the_add_command(built):
    text = read(built, "leads")
    order = [text.index(name) for name in ("Erin Example", "Zed", "Hank Hill")]
    assert order == sorted(order)
    assert "Ivy Idle" in text.split("Not listed")[1]
    assert "<code>kith add 'Frank Unfiled' --from-referral 2026-10-01-cleo-call</code>" in text
    assert "<strong>Frank Unfiled</strong>: platform at Globex." in text
    assert "Future Person" not in text  # named in a meeting still to come
    assert "Initech's &lt;engineering&gt; blog" in text
    assert anchor_texts(text, "people/zed/") == [ZED_NAME]


@pytest.mark.slow
def test_the_network_page_draws_links_that_resolve_and_an_outline(built):
    text = read(built, "network")
    drawing = re.search(r"<svg [^>]*kb-svg.*?</svg>", text, re.S)
    assert drawing
    root = ET.fromstring(drawing.group(0))
    hrefs = [a.get("{http://www.w3.org/1999/xlink}href") for a in root.iter("{http://www.w3.org/2000/svg}a")]
    assert len(hrefs) == 6
    for href in hrefs:  # resolved against the page's own URL, as a browser does
        target = posixpath.normpath(posixpath.join("network", href))
        assert (built / target / "index.html").is_file(), href
    outline = text.split('id="outline"')[1]
    assert re.search(r"Ada Lovelace</a> \(met\); introduced or referred 2, 5 in all", outline)
    assert anchor_texts(outline, "people/zed/") == [ZED_NAME]  # escaped, so shown as written
    assert "<Z&Z>" not in text
    reach = text.split('id="reach"')[1].split('id="outline"')[0]
    assert reach.index("Ada Lovelace") < reach.index("Cleo Curie") < reach.index("Bob Babbage")


@pytest.mark.slow
def test_links_in_the_drawing_work_without_directory_urls(make_vault, tmp_path):
    root = make_vault(FILES, mkdocs_yml=MKDOCS_YML + "use_directory_urls: false\n")
    site = tmp_path / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    text = (site / "network.html").read_text(encoding="utf-8")
    drawing = re.search(r"<svg [^>]*kb-svg.*?</svg>", text, re.S)
    assert drawing
    hrefs = [a.get("{http://www.w3.org/1999/xlink}href") for a in ET.fromstring(drawing.group(0)).iter(
        "{http://www.w3.org/2000/svg}a")]
    assert hrefs and all((site / href).is_file() for href in hrefs), hrefs


@pytest.mark.slow
def test_the_other_pages_show_the_cases(built):
    resources = read(built, "resources")
    assert resources.count("Designing Data-Intensive Applications") == 1
    assert "designing  data-intensive APPLICATIONS" not in resources
    assert 'href="javascript:' not in resources
    assert "javascript:alert(1) (not a web link)" in resources
    advice = read(built, "advice")
    flagged = advice.split('id="done-not-reported-back"')[1].split('id="done"')[0]
    assert "Read the book" in flagged and "⚑" in flagged and "Join the meetup" not in flagged
    companies = read(built, "companies")
    hint = companies.split('id="no-reply-yet-try-a-second-person"')[1].split("<h2")[0]
    assert "Initech" in hint and "Gus Grant" in hint and "Erin Example" in hint
    assert "3 business days" in hint
    pipeline = read(built, "pipeline")
    assert re.search(r"<svg[^>]*kb-svg", pipeline) and "lead → connected" in pipeline


def test_the_example_pages_are_all_there():
    settings = read_settings(REPO)
    vault = load_vault(REPO, settings)
    pages = build_pages(vault, check_vault(vault), settings, TODAY)
    leads = pages["leads.md"].markdown
    assert "Linus Example" in leads
    assert "kith add 'Linus Example' --from-referral 2026-08-19-jose-nunez-call" in leads
    network = pages["network.md"].markdown
    for name in ("Maya Okafor", "José Núñez", "Łucja Wiśniewska", "Priya Raman"):
        assert name in network


# In a real browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_url(example_site, tmp_path_factory) -> Iterator[str]:
    """The example site, plus a page of 500 people, served."""
    site = tmp_path_factory.mktemp("example-network-site") / "site"
    shutil.copytree(example_site, site)
    (site / "wide.html").write_text(
        "<!doctype html><meta charset=utf-8><body style='margin:0;font:14px sans-serif'>"
        + svg.tree(*random_forest(500), ident="w", title="500 people") + "</body>",
        encoding="utf-8")
    with serve_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def page(example_url):
    with chromium_page() as page:
        yield page


OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll('svg.kb-svg text')].map(t => {
    const b = t.getBoundingClientRect();
    return [b.left, b.top, b.right, b.bottom, t.textContent];
  });
  const found = [];
  boxes.sort((a, b) => a[1] - b[1]);
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length && boxes[j][1] < boxes[i][3]; j++)
      if (boxes[i][0] < boxes[j][2] && boxes[j][0] < boxes[i][2]) found.push([boxes[i][4], boxes[j][4]]);
  const svgBox = document.querySelector('svg.kb-svg').getBoundingClientRect();
  const outside = boxes.filter(b => b[2] > svgBox.right + 0.5 || b[0] < svgBox.left - 0.5).map(b => b[4]);
  return {count: boxes.length, found, outside};
}"""


@pytest.mark.browser
def test_network_page_in_a_browser(page, example_url):
    page.goto(example_url + "network/")
    drawing = page.locator("svg.kb-svg")
    assert drawing.is_visible()
    box = drawing.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 120
    result = page.evaluate(OVERLAPS)
    assert result["count"] >= 11 and result["found"] == [] and result["outside"] == []
    screenshot(page, "network")
    page.locator("svg.kb-svg a", has_text="Łucja Wiśniewska").click()
    page.wait_for_url("**/people/lucja-wisniewska/")
    assert "Data Platform Lead" in page.inner_text("article")


@pytest.mark.browser
def test_pipeline_page_in_a_browser(page, example_url):
    page.goto(example_url + "pipeline/")
    chart = page.locator("svg.kb-svg")
    assert chart.is_visible()
    assert page.evaluate(OVERLAPS)["found"] == []
    assert "lead → met" in page.inner_text("article")
    screenshot(page, "pipeline")


@pytest.mark.browser
def test_500_people_do_not_overlap_with_the_real_font(page, example_url):
    page.goto(example_url + "wide.html")
    result = page.evaluate(OVERLAPS)
    assert result["count"] > 500 and result["found"] == [] and result["outside"] == []


@pytest.mark.browser
def test_the_network_page_prints_with_its_drawing(page, example_url):
    from pypdf import PdfReader

    page.goto(example_url + "network/")
    page.emulate_media(media="print")
    try:
        pdf = page.pdf(format="A4")
        width = page.locator("svg.kb-svg").bounding_box()
    finally:
        page.emulate_media(media="screen")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert text.count("Priya Raman") == 2  # in the drawing and in the outline
    assert text.count("Maya Okafor") == 3  # and in the reach table
    assert "connected" in text and "Who introduced whom" in text
    assert width and width["width"] > 300
