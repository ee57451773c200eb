"""Every internal link of a built site, checked against the files the build wrote."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ATTRIBUTES = {"href", "src", "xlink:href"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ATTRIBUTES and value]


def links_of(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def broken_links(site: Path) -> list[str]:
    """`page: link` for each link to a page or file of the site that is not there, or that
    leaves the site (`../../people/x/` from a page one folder deep)."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        here = page.parent.relative_to(site).as_posix()
        for link in links_of(page):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, mailto:, or a place on this page
            path = unquote(parts.path)  # absolute paths: the site served at the root (404.html)
            base = "." if path.startswith("/") else here
            target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
            if target == ".." or target.startswith("../") or not _exists(site, target):
                broken.append(f"{page.relative_to(site).as_posix()}: {link}")
    return broken


def _exists(site: Path, target: str) -> bool:
    path = site / target
    return path.is_file() or (path / "index.html").is_file()
