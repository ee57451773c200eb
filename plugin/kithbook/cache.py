"""Incremental loading, for long-lived processes (`mkdocs serve`, a language server).

A rebuild after one saved file should cost what that file changed, not what
the vault holds. `VaultCache` keeps every parsed record with the size and
modification time its file had when it was read, and on the next load reads
only files that are new or whose size or time changed; deleted files drop out.
The loading logic itself is `load.load_with`, shared with `load_vault`, so a
cached load gives exactly the `Vault` a fresh one would (tests hold them equal).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kithbook.load import Parsed, Reader, load_with, read_file
from kithbook.model import Vault
from kithbook.settings import Settings


@dataclass(frozen=True, slots=True)
class _Entry:
    stamp: tuple[int, int]  # (size, mtime_ns) when read
    relative: str
    reader: Reader[Any]
    parsed: Parsed


class VaultCache:
    """Parsed records kept between loads of one vault, keyed by file path."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self.reread: list[str] = []  # the files the last load read from disk (relative)

    def load(self, root: Path, settings: Settings) -> Vault:
        """The vault at `root`, reading only the files changed since the last load."""
        kept: dict[str, _Entry] = {}
        reread: list[str] = []

        def read(path: str, relative: str, stem: str, reader: Reader[Any]) -> Parsed:
            try:
                # The stamp is taken before reading: a file saved during the read
                # looks changed next time, rather than stale forever.
                status = os.stat(path)
            except OSError:
                return read_file(path, relative, stem, reader)  # the reader reports it
            stamp = (status.st_size, status.st_mtime_ns)
            entry = self._entries.get(path)
            if (entry is None or entry.stamp != stamp or entry.relative != relative
                    or entry.reader is not reader):
                entry = _Entry(stamp, relative, reader, read_file(path, relative, stem, reader))
                reread.append(relative)
            kept[path] = entry
            return entry.parsed

        vault = load_with(root, settings, read)
        self._entries = kept  # files gone (or not read, as duplicates) are dropped
        self.reread = reread
        return vault

    def clear(self) -> None:
        self._entries = {}
