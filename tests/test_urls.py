"""Page paths and addresses are built in one module, `kithbook.site.urls`."""

import re

import pytest

from kithbook.site import urls

from .conftest import REPO

PACKAGE = REPO / "plugin/kithbook"
FOLDERS = "people|meetings|touches|agendas"
# A path made by hand: the folder name joined to something computed, in Python
# (f"people/{slug}.md", "touches/" + id) or in a template ("agendas/" ~ id, href("people/...")).
HAND_MADE = [
    re.compile(rf"""f["'](?:{FOLDERS})/\{{"""),
    re.compile(rf"""["'](?:{FOLDERS})/["']\s*(?:\+|~)"""),
    re.compile(rf"""(?:href|page|link)\(\s*["'](?:{FOLDERS})/"""),
]


def hand_made_paths(text: str) -> list[str]:
    return [m.group(0) for pattern in HAND_MADE for m in pattern.finditer(text)]


def test_the_pattern_finds_hand_made_paths():
    assert hand_made_paths('x = f"people/{slug}.md"')
    assert hand_made_paths("""{{ href("agendas/" ~ t.id ~ ".md") }}""")
    assert hand_made_paths("""links.page(f'touches/{touch.id}.md')""")
    assert hand_made_paths("""href("people/index.md")""")
    assert not hand_made_paths("Nobody is waiting: everyone in `people/` has been contacted.")


def test_no_page_path_is_built_outside_the_url_module():
    found = {}
    for path in [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.j2")]:
        if path == PACKAGE / "site/urls.py":
            continue
        hits = hand_made_paths(path.read_text(encoding="utf-8"))
        if hits:
            found[str(path.relative_to(PACKAGE))] = hits
    assert not found


@pytest.mark.parametrize(("path", "directory_urls", "url"), [
    ("people/ada.md", True, "people/ada/"), ("people/ada.md", False, "people/ada.html"),
    ("index.md", True, ""), ("agendas/index.md", False, "agendas/index.html"),
])
def test_page_urls_follow_use_directory_urls(path, directory_urls, url):
    assert urls.page_url(path, directory_urls) == url


def test_site_links_are_absolute_with_a_site_url():
    links = urls.SiteLinks("https://example.org/net/")
    assert links.person("łucja") == "https://example.org/net/people/%C5%82ucja/"
    assert links.agenda("x") == "https://example.org/net/agendas/x/"
    assert urls.SiteLinks(directory_urls=False).touch("x") == "touches/x.html"
