"""Every file Kithbook adds to a site, decided in one place.

The MkDocs plugin hands these files to MkDocs; `kith render` writes them into
a folder that any other site generator can build. Both call `site_output`, so
the two cannot differ: the generated pages, the dashboard merged into a
hand-written home page, `calendar.ics` and `contacts.vcf`, and the assets
the pages use. A hand-written file in the docs folder wins over a generated
one at the same path, as the design asks.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kithbook.agenda import read_pitch, read_question_bank
from kithbook.companies import read_company_notes
from kithbook.formats.sitefiles import site_files
from kithbook.history import read_vault_history
from kithbook.model import Problem, Vault
from kithbook.settings import Settings
from kithbook.site.memo import RenderMemo
from kithbook.site.pages import (
    Build,
    GeneratedPage,
    dashboard_into,
    revisions_into,
    site_pages,
)
from kithbook.site.pages import site_nav as _site_nav
from kithbook.site.privacy import published_history, site_company_notes, site_vault
from kithbook.site.templating import Renderer
from kithbook.site.urls import ASSETS, NO_EDITOR, Editor, SiteLinks
from kithbook.snapshot import Snapshot
from kithbook.wikilinks import DocPage, read_pages

ASSET_DIR = Path(__file__).parent.parent / "assets"
# The Markdown extensions the generated pages are written with (definition lists for facts,
# Markdown inside HTML blocks for cards and timelines, admonitions, folded blocks, task
# lists): the plugin adds those a vault's mkdocs.yml lacks, `kith render` writes them.
EXTENSIONS: list[Any] = [
    "admonition", "attr_list", "def_list", "md_in_html", "tables", {"toc": {"permalink": True}},
    "pymdownx.details", "pymdownx.superfences", {"pymdownx.tasklist": {"custom_checkbox": True}},
]


@dataclass(frozen=True, slots=True)
class SiteFile:
    """One file for the site's docs folder, by its path there.

    `content` is a page's Markdown or a site file's bytes; an asset shipped
    with the package has `asset` (its path on disk) instead. `source` is the
    file the page shows, relative to the vault (for its edit link); `record`
    pages (a person, a touch, an agenda) stay out of the navigation; a `listing`'s rows
    and cards may be converted one by one (`site.pages.Page`).
    `replaces` says a hand-written file at the same path is to be replaced
    (the home page, with the dashboard at its marker).
    """

    path: str
    content: str | bytes | None = None
    asset: Path | None = None
    source: str | None = None
    record: bool = False
    listing: bool = False
    replaces: bool = False

    @property
    def data(self) -> str | bytes:
        """What the file holds; an asset is read from the package."""
        if self.content is not None:
            return self.content
        assert self.asset is not None
        return self.asset.read_bytes()


@dataclass(frozen=True, slots=True)
class SiteOutput:
    files: tuple[SiteFile, ...]
    pages: dict[str, GeneratedPage]  # all of `build_pages`, hand-written paths included
    notices: tuple[str, ...] = ()  # what the history could not give (no git, shallow clone)

    def nav(self, own_pages: Collection[str]) -> list[Any]:
        """The navigation for this output and the hand-written Markdown pages."""
        return _site_nav(self.pages, list(own_pages))


def site_output(
    root: Path, vault: Vault, problems: tuple[Problem, ...], settings: Settings,
    today: dt.date, *, docs: Path, own: Collection[str], links: SiteLinks, name: str,
    memo: RenderMemo | None = None, editor: Editor = NO_EDITOR,
    pages: tuple[DocPage, ...] | None = None,
) -> SiteOutput:
    """The files Kithbook adds to the site whose hand-written docs files are `own`
    (paths relative to `docs`); `settings.timezone` must already be resolved. A `memo`
    kept between builds spares rendering the pages that did not change. `editor` opens a
    record's file from its follow-up cards and pages (never in publish mode).

    Everything is made from the vault as this build may show it (`privacy.site_vault`):
    in publish mode the problems and the history are cut down to match. `pages` are the
    hand-written pages (read from `docs` when not given): their `[[links]]` become links.
    """
    shown = site_vault(vault, settings)
    history, pitch_history = read_vault_history(root, settings, docs)
    if settings.publish:
        problems = ()  # the list names files, private ones too: the terminal has it
        history = published_history(history, shown, settings)
    docs_pages = read_pages(root, docs) if pages is None else pages
    snapshot = Snapshot(shown, settings, today, bank=read_question_bank(docs / "questions.md"),
                        pitch=read_pitch(docs / "pitch.md"), pages=docs_pages,
                        company_notes=site_company_notes(
                            read_company_notes(root, settings.companies_dir), settings))
    editor = NO_EDITOR if settings.publish else editor
    generated = site_pages(Build(snapshot, problems, history, pitch_history,
                                 links.directory_urls, editor), memo)
    files: list[SiteFile] = []
    for path, page in generated.items():
        if path not in own:
            files.append(SiteFile(path, page.markdown, source=page.source,
                                  record=page.record, listing=page.listing))
    files += _own_pages(root, docs, own, generated, docs_pages, snapshot)
    pieces = memo.pieces if memo is not None else None
    for path, data in site_files(snapshot, links=links, name=name, pieces=pieces).items():
        if path not in own:
            files.append(SiteFile(path, data))
    for path in ASSETS.values():
        files.append(SiteFile(path, asset=ASSET_DIR / Path(path).name))
    return SiteOutput(tuple(files), generated, history.notices)


MERGES: dict[str, Callable[[str, str], str]] = {"index.md": dashboard_into,
                                                "pitch.md": revisions_into}


def _own_pages(root: Path, docs: Path, own: Collection[str], generated: dict[str, GeneratedPage],
               docs_pages: tuple[DocPage, ...], snapshot: Snapshot) -> list[SiteFile]:
    """Hand-written pages that Kithbook adds to: the dashboard or the pitch's revisions
    merged in, `[[links]]` made links. The rest are left to MkDocs as they are."""
    texts = {page.path: page.text for page in docs_pages if page.path in own}
    changed: dict[str, str] = {}
    for path, merge in MERGES.items():
        if path in own and path in generated:  # the generated part goes into the user's page
            text = texts[path] if path in texts else _read(docs / path)
            if text is not None and (merged := merge(text, generated[path].markdown)) != text:
                changed[path] = merged
    renderer = Renderer(snapshot.vault, snapshot.facts, snapshot.today)
    for path in texts.keys() | changed.keys():
        text = changed.get(path, texts.get(path, ""))
        linked = renderer.page_links(path).in_page(text)
        if linked != texts.get(path):
            changed[path] = linked
    return [SiteFile(path, text, source=os.path.relpath(docs / path, root).replace(os.sep, "/"),
                     replaces=True) for path, text in sorted(changed.items())]


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None  # MkDocs reads it (and reports it) as any other page


def own_files(docs: Path) -> list[str]:
    """The hand-written files of a docs folder as MkDocs finds them (dot names skipped)."""
    found: list[str] = []
    for folder, dirs, names in os.walk(docs):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(folder).relative_to(docs)
        found += [(base / n).as_posix() for n in sorted(names) if not n.startswith(".")]
    return found
