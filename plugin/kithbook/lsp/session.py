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
from kithbook.model import Problem, Vault
from kithbook.settings import Settings, read_docs_dir
from kithbook.snapshot import Snapshot

# The date the editor works on: the server asks it of its adapter each time
# (the core never reads the clock), so a session left open past midnight moves on.
Today = Callable[[Settings], dt.date]


class Session:
    """The vault at `root`, with the editor's unsaved documents in place of their files."""

    def __init__(self, root: Path, settings: Settings, today: Today) -> None:
        self.root = root
        self.settings = settings
        self.docs_dir = read_docs_dir(root)
        self._today = today
        self._cache = VaultCache()
        self._unsaved: dict[str, str] = {}
        self._vault: Vault | None = None
        self._recheck = True
        self._problems: tuple[dt.date, Vault, tuple[Problem, ...]] | None = None
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
        docs = self.relative(self.docs_dir)
        if docs is not None and relative.startswith(docs + "/"):
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
            self._vault = None

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
        self._vault = None

    def reload_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.docs_dir = read_docs_dir(self.root)
        self._cache.clear()
        self.disk_changed()

    # What is derived

    @property
    def vault(self) -> Vault:
        """The vault as the editor shows it (loaded again only after a change)."""
        if self._vault is None:
            self._vault = self._cache.load(self.root, self.settings, unsaved=self._unsaved,
                                           recheck=self._recheck)
            self._recheck = False
        return self._vault

    @property
    def today(self) -> dt.date:
        return self._today(self.settings)

    def problems(self) -> tuple[Problem, ...]:
        """What `kith check` says of the vault as the editor shows it."""
        vault, today = self.vault, self.today
        if self._problems is None or self._problems[1] is not vault or self._problems[0] != today:
            self._problems = (today, vault, check_vault(vault, today=today))
        return self._problems[2]

    def snapshot(self) -> Snapshot:
        """The vault as of today: person facts and follow-ups, for hovers."""
        vault, today = self.vault, self.today
        if (self._snapshot is None or self._snapshot.vault is not vault
                or self._snapshot.today != today):
            self._snapshot = Snapshot(vault, self.settings, today)
        return self._snapshot
