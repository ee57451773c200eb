"""The vault as an editor sees it: the files on disk, overlaid with unsaved text.

One `Session` lives as long as the language server. It loads the vault once,
then keeps it current the cheap way: a keystroke re-parses the one document it
changed (`cache.VaultCache` reuses every other record without asking the
disk); a save, or files created, renamed or deleted, make the next load ask
the disk which files changed (size and time) and read only those. The checks
and the snapshot are computed from the resulting vault when first asked for,
and kept until it changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from kithbook.cache import VaultCache
from kithbook.check import check_vault
from kithbook.machine import with_local_zone
from kithbook.model import Problem, Vault
from kithbook.referrals import keep_referral_index
from kithbook.settings import Settings, read_docs_dir
from kithbook.snapshot import Snapshot
from kithbook.wikilinks import DocPage, LinkIndex, keep_link_index, link_index, read_pages

# The date the editor works on: the server asks it of its adapter each time
# (the core never reads the clock), so a session left open past midnight moves on.
Today = Callable[[Settings], dt.date]


class Session:
    """The vault at `root`, with the editor's unsaved documents in place of their files."""

    def __init__(self, root: Path, settings: Settings, today: Today) -> None:
        self.root = root
        self.settings = settings
        self.docs_dir = read_docs_dir(root)
        self._docs = self.relative(self.docs_dir)
        self._today = today
        self._cache = VaultCache()
        self._unsaved: dict[str, str] = {}
        self._vault: Vault | None = None
        self._edited: set[str] = set()  # records whose unsaved text changed since the load
        self._recheck = True
        self._pages: tuple[DocPage, ...] | None = None  # the docs pages on disk
        self._with_unsaved: tuple[DocPage, ...] | None = None  # ... and as the editor has them
        self._problems: tuple[dt.date, Vault, tuple[DocPage, ...], tuple[Problem, ...]] | None \
            = None
        self._snapshot: Snapshot | None = None

    # Paths

    def relative(self, path: Path) -> str | None:
        """`path` relative to the vault (forward slashes), or None outside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def path_of(self, relative: str) -> Path:
        return self.root / relative

    def kind_of(self, relative: str) -> str | None:
        """"person", "touch" or "page" (a Markdown page in the docs folder), else None."""
        if not relative.endswith(".md"):
            return None
        for folder, kind in ((self.settings.people_dir, "person"),
                             (self.settings.meetings_dir, "touch")):
            if relative.startswith(folder.rstrip("/") + "/"):
                return kind
        if self._docs is not None and relative.startswith(self._docs + "/"):
            return "page"
        return None

    def person_path(self, slug: str) -> str | None:
        person = self.vault.people.get(slug)
        return person.source.path if person else None

    # What the editor tells

    def set_text(self, relative: str, text: str) -> None:
        """A document opened or changed in the editor: its text replaces the file's."""
        if self._unsaved.get(relative) != text:
            self._unsaved[relative] = text
            kind = self.kind_of(relative)
            if kind in ("person", "touch"):
                self._edited.add(relative)
            elif kind == "page":
                self._with_unsaved = None

    def text_of(self, relative: str) -> str:
        """The editor's text of a document, else the file's (empty if it cannot be read)."""
        if relative in self._unsaved:
            return self._unsaved[relative]
        try:
            return self.path_of(relative).read_bytes().decode("utf-8", "replace")
        except OSError:
            return ""

    def close(self, relative: str) -> None:
        """A document closed: the file on disk counts again."""
        if self._unsaved.pop(relative, None) is not None:
            self.disk_changed()

    def disk_changed(self) -> None:
        """Files were saved, created, renamed or deleted: ask the disk on the next load."""
        self._recheck = True
        self._pages = self._with_unsaved = None

    def reload_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.docs_dir = read_docs_dir(self.root)
        self._docs = self.relative(self.docs_dir)
        self._cache.clear()
        self.disk_changed()

    # What is derived

    @property
    def vault(self) -> Vault:
        """The vault as the editor shows it: loaded again after files changed on disk,
        else the last one with the records edited since then read again."""
        vault = None if self._recheck else self._with_edits(self._vault)
        if vault is None:
            records = {path: text for path, text in self._unsaved.items()
                       if self.kind_of(path) in ("person", "touch")}
            vault = self._cache.load(self.root, self.settings, unsaved=records,
                                     recheck=self._recheck)
            self._recheck = False
        if self._vault is not None and vault is not self._vault:
            keep_referral_index(self._vault, vault)
            keep_link_index(self._vault, vault)
        self._vault = vault
        self._edited.clear()
        return vault

    def _with_edits(self, vault: Vault | None) -> Vault | None:
        """`vault` with the records edited since it was made read again; None if one of
        them was not in it (a full load is needed)."""
        for relative in sorted(self._edited):
            if vault is None:
                return None
            vault = self._cache.edited(vault, relative, self._unsaved[relative])
        return vault

    @property
    def today(self) -> dt.date:
        return self._today(self.settings)

    def pages(self) -> tuple[DocPage, ...]:
        """The docs folder's pages (read again after files changed on disk), the editor's
        unsaved text in place of a page's file."""
        if self._pages is None:
            self._pages = read_pages(self.root, self.docs_dir)
        if self._with_unsaved is None:
            self._with_unsaved = tuple(
                DocPage(page.path, page.file, _as_read(self._unsaved[page.file]))
                if page.file in self._unsaved else page for page in self._pages)
        return self._with_unsaved

    def problems(self) -> tuple[Problem, ...]:
        """What `kith check` says of the vault and its pages as the editor shows them."""
        vault, today, pages = self.vault, self.today, self.pages()
        memo = self._problems
        if memo is None or memo[1] is not vault or memo[2] is not pages or memo[0] != today:
            memo = self._problems = (today, vault, pages,
                                     check_vault(vault, today=today, pages=pages))
        return memo[3]

    def links(self) -> LinkIndex:
        """Who or what a `[[link]]` names (kept while the people and touch ids stay)."""
        return link_index(self.vault)

    def snapshot(self) -> Snapshot:
        """The vault as of today: person facts and follow-ups, for hovers."""
        vault, today = self.vault, self.today
        if (self._snapshot is None or self._snapshot.vault is not vault
                or self._snapshot.today != today):
            # The machine's zone where the vault sets none, as `kith due` computes it.
            self._snapshot = Snapshot(vault, with_local_zone(self.settings), today)
        return self._snapshot


def _as_read(text: str) -> str:
    """An editor's text of a page as `wikilinks.read_pages` reads a file (no BOM, LF)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n")
