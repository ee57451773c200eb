import html
import re

from hypothesis import given
from hypothesis import strategies as st

from kithbook.check import check_vault
from kithbook.load import load_vault
from kithbook.settings import read_settings
from kithbook.site.markup import md_text, safe_url
from kithbook.site.pages import build_pages, dashboard_into, site_nav

from .conftest import REPO, TODAY


def test_user_text_is_escaped_for_markdown_and_html():
    assert md_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md_text("a | b [x](y) *z*") == r"a \| b \[x\](y) \*z\*"
    assert md_text("two\nlines") == "two lines"


@given(st.text(alphabet=st.sampled_from("ab &<>\n\\`*_[]|#!{}'\"é\t"), max_size=30)
       | st.text(max_size=30))
def test_md_text_escapes_as_its_plain_definition(text):
    """HTML-escaped, then every Markdown special character backslash-escaped, line
    breaks as spaces: the one-pass form gives exactly that."""
    plain = re.sub(r"([\\`*_\[\]|#!{}])", r"\\\1", html.escape(text, quote=False))
    assert md_text(text) == plain.replace("\n", " ")


def test_only_safe_urls_become_links():
    assert safe_url("https://example.org/a b") == "https://example.org/a%20b"
    assert safe_url("mailto:ada@example.org") == "mailto:ada@example.org"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("example.org") is None


def test_site_nav_is_short_and_lists_own_pages():
    pages = {"index.md": None, "problems.md": None, "people/index.md": None}
    nav = site_nav(pages, ["index.md", "pitch.md", "guide/format.md", "guide/cli.md"])
    assert nav[0] == {"Home": "index.md"}
    assert "pitch.md" in nav
    assert {"Guide": ["guide/cli.md", "guide/format.md"]} in nav
    assert nav[-1] == {"Problems": "problems.md"}


def test_dashboard_goes_where_the_marker_is_under_the_pages_own_title():
    dashboard = "---\nhide: [toc]\n---\n# Dashboard\n\nDASH\n"
    page = dashboard_into("# Hi\n\n<!-- kithbook:dashboard -->\n", dashboard)
    assert page == "---\nhide:\n  - toc\n---\n\n# Hi\n\nDASH\n\n"  # one h1, no empty toc
    own = "---\ntitle: Home\n---\n# Hi\n\n<!-- kithbook:dashboard -->\n"
    assert dashboard_into(own, dashboard) == own.replace("<!-- kithbook:dashboard -->", "DASH\n")
    assert dashboard_into("# Hi\n", dashboard) == "# Hi\n"  # no marker: left alone


def test_example_pages_have_one_page_per_record_and_the_indexes():
    settings = read_settings(REPO)
    vault = load_vault(REPO, settings)
    pages = build_pages(vault, check_vault(vault), settings, TODAY)
    assert {f"people/{slug}.md" for slug in vault.people} <= set(pages)
    assert {f"touches/{t.id}.md" for t in vault.touches} <= set(pages)
    assert pages["people/maya-okafor.md"].source == "people/maya-okafor.md"
    assert "problems.md" not in pages
    people_index = pages["people/index.md"].markdown
    assert people_index.count("\n| [") == len(vault.people)
