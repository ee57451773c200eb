"""Every page's path in the site and every address to it: the one authority.

A page is known by its source path in the docs folder (`people/ada.md`), as
MkDocs knows it; its address follows MkDocs' `use_directory_urls`. Templates,
drawings, the calendar feed, the navigation and `kith render` all ask here,
so a page can move by changing one line. `tests/test_urls.py` greps the
package for paths made anywhere else.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import quote, urljoin

from kithbook.names import page_name

PEOPLE = "people"
TOUCHES = "touches"
AGENDAS = "agendas"
COMPANY_PAGES = "companies"

# The fixed pages, by the name templates use (`href(page.follow_ups)`).
HOME = "index.md"
FOLLOW_UPS = "follow-ups.md"
AGENDAS_INDEX = f"{AGENDAS}/index.md"
PEOPLE_INDEX = f"{PEOPLE}/index.md"
TOUCHES_INDEX = f"{TOUCHES}/index.md"
LEADS = "leads.md"
NETWORK = "network.md"
COMPANIES = f"{COMPANY_PAGES}/index.md"
ADVICE = "advice.md"
RESOURCES = "resources.md"
PIPELINE = "pipeline.md"
ACTIVITY = "activity.md"
PITCH = "pitch.md"
TAGS = "tags.md"
PROBLEMS = "problems.md"
CALENDAR = "calendar.ics"
CONTACTS = "contacts.vcf"
ASSETS = {"css": "assets/kithbook/kithbook.css", "js": "assets/kithbook/kithbook.js"}

page = SimpleNamespace(
    calendar=CALENDAR, contacts=CONTACTS,
    home=HOME, follow_ups=FOLLOW_UPS, agendas=AGENDAS_INDEX, people=PEOPLE_INDEX,
    touches=TOUCHES_INDEX, leads=LEADS, network=NETWORK, companies=COMPANIES, advice=ADVICE,
    resources=RESOURCES, pipeline=PIPELINE, activity=ACTIVITY, pitch=PITCH, tags=TAGS,
    problems=PROBLEMS,
)


# A record's page is named after its file, unless the name could break a link
# (`names.page_name`): file names are user text too.
def person_path(slug: str) -> str:
    return f"{PEOPLE}/{page_name(slug)}.md"


def touch_path(touch_id: str) -> str:
    return f"{TOUCHES}/{page_name(touch_id)}.md"


def agenda_path(touch_id: str) -> str:
    return f"{AGENDAS}/{page_name(touch_id)}.md"


def company_path(slug: str) -> str:
    return f"{COMPANY_PAGES}/{slug}.md"


def page_url(path: str, directory_urls: bool) -> str:
    """The URL MkDocs gives the page at `path` (`people/ada.md` -> `people/ada/`)."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        folder = stem.removesuffix("index")
        return folder if directory_urls else folder + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


def markdown_linker(here: str) -> Callable[[str], str]:
    """Relative Markdown links from the page at `here` to other pages' source paths,
    which MkDocs resolves and checks under --strict.

    `posixpath.relpath` on two site paths, without its calls to the working
    directory: a site makes tens of thousands of links.
    """
    base = [part for part in posixpath.dirname(here).split("/") if part]

    def href(target: str) -> str:
        parts = target.split("/")
        same = 0
        while same < len(base) and same < len(parts) - 1 and parts[same] == base[same]:
            same += 1
        return "/".join([".."] * (len(base) - same) + parts[same:])

    return href


def html_linker(here: str, directory_urls: bool) -> Callable[[str], str]:
    """Relative URLs from the page at `here` to other pages, as the browser resolves them:
    for raw HTML (drawings), which MkDocs does not rewrite."""
    own = page_url(here, directory_urls)
    base = own.rstrip("/") if own.endswith("/") or not own else posixpath.dirname(own)

    def link(target: str) -> str:
        url = page_url(target, directory_urls)
        relative = posixpath.relpath(url.rstrip("/") or ".", base or ".")
        if url.endswith("/") or not url:
            return "./" if relative == "." else relative + "/"
        return relative

    return link


@dataclass(frozen=True, slots=True)
class SiteLinks:
    """Addresses of the site's pages from outside it (the calendar feed): absolute when
    `site_url` is known, else site-relative."""

    base: str | None = None
    directory_urls: bool = True

    def page(self, path: str) -> str:
        """The address of the page built from `path` (`agendas/x.md` -> `agendas/x/`)."""
        relative = quote(page_url(path, self.directory_urls), safe="/")
        return f"{self.base.rstrip('/')}/{relative}" if self.base else relative

    def person(self, slug: str) -> str:
        return self.page(person_path(slug))

    def touch(self, touch_id: str) -> str:
        return self.page(touch_path(touch_id))

    def agenda(self, touch_id: str) -> str:
        return self.page(agenda_path(touch_id))


@dataclass(frozen=True, slots=True)
class Editor:
    """Where a record's file opens for editing: the `editor_url` setting filled in with its
    absolute path and a line (`vscode://file/{path}:{line}`), else the file's edit page as
    MkDocs makes it (`repo_url` + `edit_uri` + the path from the docs folder), else nothing.
    Compared by value, so the render memo sees a change of setting."""

    pattern: str | None = None  # the editor_url setting
    root: str = ""  # the vault's folder, absolute
    edit_base: str | None = None  # repo_url joined with edit_uri
    from_docs: str = ""  # the vault's folder relative to docs_dir ("../")

    @property
    def opens_editor(self) -> bool:
        return self.pattern is not None

    def href(self, source: str, line: int = 1) -> str | None:
        """The address that opens `source` (a path relative to the vault) at `line`."""
        if self.pattern is not None:
            path = posixpath.join(self.root, source)
            return self.pattern.format(path=quote(path, safe="/:\\"), line=line)
        if self.edit_base is not None:
            relative = quote(posixpath.join(self.from_docs, source), safe="/")
            return urljoin(self.edit_base.rstrip("/") + "/", relative)
        return None


NO_EDITOR = Editor()


def editor_for(pattern: str | None, root: str, repo_url: str | None, edit_uri: str | None,
               docs_dir: str) -> Editor:
    """The `Editor` of a vault at `root` (absolute) whose docs folder is `docs_dir`."""
    base = None
    if repo_url and edit_uri is not None and not edit_uri.startswith(("http://", "https://")):
        base = repo_url.rstrip("/") + "/" + edit_uri.strip("/")
    elif edit_uri:
        base = edit_uri
    from_docs = posixpath.relpath(root, docs_dir) if docs_dir else ""
    return Editor(pattern, root, base, "" if from_docs == "." else from_docs)
