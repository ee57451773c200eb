"""In a real browser: text from the vault never runs as code, and pages fetch nothing from
outside the machine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .browser import (
    chromium_page,
    keep_to_this_machine,
    mkdocs_build,
    screenshot,
    serve_folder,
)

# Each payload calls alert() or sets a flag when it runs, so running is visible.
SCRIPT = '<script>alert("script")</script>'
IMG = '<img src=x onerror="window.__pwned=1;alert(1)">'
SVG = '"><svg onload=alert(2)>'
ATTRS = '{: onclick="alert(3)" }'
JS_URL = "javascript:alert(4)"
q = json.dumps  # a YAML string that holds any of the above

INJECTION_VAULT = {
    "people/eve.md": f"""
        ---
        name: {q("Eve " + SCRIPT)}
        title: {q("Head of " + IMG)}
        company: {q("Acme " + SVG)}
        location: {q("<b onmouseover=alert(5)>Paris</b>")}
        tags: ["<script>alert(6)</script>", "x onmouseover=alert(7)"]
        links:
          home: {q(JS_URL)}
          site: "https://example.org/eve"
        source: {q("[click](javascript:alert(8))")}
        ---

        ## Research
        Notes with {SCRIPT} and {IMG} and [a link]({JS_URL}) and <a href="{JS_URL}">html link</a>.

        A paragraph with an attribute list
        {ATTRS}

        ## Questions
        - [ ] Ask about {SVG}
        """,
    "meetings/2026-11-20-eve.md": f"""
        ---
        date: 2026-11-20
        with: eve
        kind: coffee
        title: {q("Coffee " + SCRIPT)}
        location: {q(IMG)}
        url: {q(JS_URL)}
        referrals:
          - name: {q("Mallory " + SCRIPT)}
        resources:
          - title: {q("Book " + IMG)}
            kind: book
            url: {q(JS_URL)}
        ---

        ## Advice
        - [ ] Try {SCRIPT}
        - [x] Done {IMG}

        ```html
        <script>alert("inside a code block is only text")</script>
        ```
        """,
    "meetings/2026-12-05-eve.md": f"""
        ---
        date: 2026-12-05
        with: eve
        kind: video
        title: {q("Planned " + SVG)}
        ---
        """,
}

MKDOCS_YML = """\
site_name: Injection
theme:
  name: material
  font: false
plugins:
  - search
  - tags
  - kithbook:
      today: 2026-11-26
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - pymdownx.superfences
  - pymdownx.tasklist
"""


def html_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site).parent).replace("\\", "/") + "/"
                  for p in site.rglob("index.html") if "assets" not in p.parts)


@pytest.mark.browser
def test_vault_text_never_runs_as_code(make_vault, tmp_path):
    root = make_vault(INJECTION_VAULT, mkdocs_yml=MKDOCS_YML)
    site = tmp_path / "site"
    result = mkdocs_build(root, site, strict=False)
    assert result.returncode == 0, result.stderr
    pages = html_pages(site)
    assert "people/eve/" in pages and "touches/2026-11-20-eve/" in pages
    dialogs: list[str] = []
    errors: list[str] = []
    with serve_folder(site) as url, chromium_page() as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        for path in pages:
            page.goto(url + ("" if path == "./" else path))
            page.wait_for_load_state("load")
            for link in page.locator("article a").all()[:40]:  # hovering fires mouse handlers
                if link.is_visible():
                    link.hover()
            assert page.evaluate("window.__pwned === undefined"), path
        page.goto(url + "people/eve/")
        text = page.inner_text("article")
        screenshot(page, "injection-person")
        page.keyboard.press("/")
        for query in ("Eve", "Coffee", "Acme", "Book"):  # results are drawn as HTML
            page.fill("input.md-search__input", "")
            page.keyboard.type(query)  # Material listens to keys, not to a filled value
            page.locator(".md-search-result__item").first.wait_for()
        assert page.evaluate("window.__pwned === undefined")
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert dialogs == []
    assert errors == []
    assert SCRIPT in text  # shown literally, as the user wrote it
    assert IMG in text
    assert not any(h.strip().lower().startswith("javascript:") for h in hrefs)


@pytest.mark.browser
def test_example_site_requests_nothing_outside_the_machine(example_site):
    """Every page of the example site, loaded with its scripts, styles and images."""
    pages = html_pages(example_site)
    assert len(pages) > 40
    with serve_folder(example_site) as url, chromium_page() as page:
        requests = keep_to_this_machine(page)
        for path in pages:
            page.goto(url + ("" if path == "./" else path))
            page.wait_for_load_state("networkidle")
    outside, inside = requests.outside, requests.inside
    assert outside == []
    assert inside > len(pages)  # pages and their assets went through the router
