"""A hostile vault in a real browser (issue 16): every payload class in every field and in
file names. Chromium opens every page, clicks every distinct link in the content, searches
for the payloads, and sees no dialog, no console error and no request off 127.0.0.1."""

from __future__ import annotations

import json
from urllib.parse import urljoin, urlsplit

import pytest

from .browser import (
    chromium_page,
    keep_to_this_machine,
    mkdocs_build,
    screenshot,
    serve_folder,
)
from .test_site_safety import MKDOCS_YML, html_pages

q = json.dumps
# Each payload calls alert() (a dialog) or sets a flag when it runs.
TAGS = ['<script>alert("s")</script>', '<img src=x onerror="window.__pwned=1;alert(1)">',
        '"><svg onload=alert(2)>', "{: onclick=\"alert(3)\" }"]
URLS = ["javascript:alert(4)", "&#x6A;avascript:alert(5)", "&#106;avascript:alert(6)",
        "javascript&colon;alert(7)", "java\tscript:alert(8)", "JaVaScRiPt:alert(9)",
        "data:text/html,<script>alert(10)</script>", "vbscript:msgbox(11)"]
OUTSIDE_IMAGE = "https://images.invalid/tracker.png"


def notes() -> str:
    """A body with every payload: raw HTML, attribute lists, every URL form in inline
    links, images, reference definitions and autolinks, and images from other hosts."""
    lines = ["## Notes", *TAGS]
    for number, url in enumerate(URLS):
        lines += [f"[inline {number}]({url}) ![image {number}]({url}) <{url}>",
                  f"[by reference {number}][r{number}]", "", f"[r{number}]: {url}", ""]
    lines += [f"![outside]({OUTSIDE_IMAGE})", "![outside by reference][img]", "",
              f"[img]: {OUTSIDE_IMAGE}", "", "## Questions", *[f"- [ ] {t}" for t in TAGS]]
    return "\n".join(lines) + "\n"


def hostile_vault() -> dict[str, str]:
    every = " ".join(TAGS)
    person = "\n".join([
        "---", f"name: {q('Mallory ' + every)}", f"title: {q(every)}", f"company: {q(every)}",
        f"location: {q(every)}", f"tags: {q(TAGS)}", f"source: {q('[x](' + URLS[1] + ')')}",
        "links:", *[f"  l{n}: {q(url)}" for n, url in enumerate(URLS)],
        "---", notes()])
    touch = "\n".join([
        "---", "date: 2026-11-20", "with: [mallory, ada]", "kind: coffee",
        f"title: {q('Coffee ' + every)}", f"location: {q(every)}", f"url: {q(URLS[0])}",
        f"referrals: {q(['Eve ' + t for t in TAGS])}",
        "resources:", *[f"  - {{title: {q('Book ' + t)}, url: {q(u)}}}"
                        for t, u in zip(TAGS, URLS, strict=False)],
        "---", notes()])
    planned = touch.replace("date: 2026-11-20", "date: 2026-12-03").replace("coffee", "video")
    return {
        "people/mallory.md": person, "people/ada.md": "---\nname: Ada Lovelace\n---\n",
        "people/x) <img src=x onerror=alert(12)> (.md": "---\nname: File Name Person\n---\n",
        "meetings/2026-11-20-coffee-mallory.md": touch,
        "meetings/2026-12-03-video-mallory.md": planned,
        "meetings/2026-11-21-x) <img src=x onerror=alert(13)> (.md": touch.replace(
            "2026-11-20", "2026-11-21"),
        "meetings/2026-11-22-a|b.md": "---\ndate: 2026-11-22\nwith: ada\nkind: note\n---\nx\n",
    }


def own_host(url: str) -> bool:
    return urlsplit(url).hostname == "127.0.0.1"


@pytest.mark.browser
def test_a_hostile_vault_runs_nothing_and_fetches_nothing_from_outside(make_vault, tmp_path):
    root = make_vault(hostile_vault(), mkdocs_yml=MKDOCS_YML)
    site = tmp_path / "site"
    result = mkdocs_build(root, site, strict=False)
    assert result.returncode == 0, result.stderr
    pages = html_pages(site)
    assert "people/mallory/" in pages and "touches/2026-11-20-coffee-mallory/" in pages
    assert any("onerror-alert-13" in path for path in pages)  # the odd file got a safe page
    dialogs: list[str] = []
    errors: list[str] = []
    clicked: set[str] = set()
    with serve_folder(site) as base, chromium_page() as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        requests = keep_to_this_machine(page)
        for path in pages:
            here = base + ("" if path == "./" else path)
            page.goto(here)
            page.wait_for_load_state("load")
            hrefs = page.eval_on_selector_all(
                "article a[href]", "els => els.map(e => e.getAttribute('href'))")
            for number, href in enumerate(hrefs):
                target = urljoin(here, href)
                if target in clicked or (target.startswith("http") and not own_host(target)):
                    continue  # a link to another host is followed only by a person's click
                clicked.add(target)
                link = page.locator("article a[href]").nth(number)
                if link.is_visible():
                    link.click()
                    page.wait_for_load_state("load")
                    if page.url != here:
                        page.goto(here)
            assert page.evaluate("window.__pwned === undefined"), path
        page.goto(base + "people/mallory/")
        screenshot(page, "hostile-person")
        page.keyboard.press("/")
        for query in ("Mallory", "onerror", "script", "alert", "Coffee"):
            page.fill("input.md-search__input", "")
            page.keyboard.type(query)
            page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned === undefined")
    assert dialogs == []
    assert errors == []
    assert requests.outside == []
    assert len(clicked) > 20  # the content's links were really followed
