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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kithbook.load import Parsed, Reader, load_with, parse_record, read_file, replaced
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
        self._unsaved: dict[str, tuple[str, Reader[Any], Parsed]] = {}
        self._root = ""
        self._order: dict[str, Reader[Any]] = {}  # every file read by the last load, in order
        self.reread: list[str] = []  # the files the last load read from disk (relative)

    def load(self, root: Path, settings: Settings, *, unsaved: Mapping[str, str] | None = None,
             recheck: bool = True) -> Vault:
        """The vault at `root`, reading only the files changed since the last load.

        `unsaved` maps vault-relative paths to the text an editor holds for them, read
        instead of the file. With `recheck` false, files read before are taken as they
        were without asking the disk (a language server does that between keystrokes and
        rechecks when the editor reports files changed on disk).
        """
        kept: dict[str, _Entry] = {}
        reread: list[str] = []
        texts = unsaved or {}
        order: dict[str, Reader[Any]] = {}

        def read(path: str, relative: str, stem: str, reader: Reader[Any]) -> Parsed:
            order[relative] = reader
            if relative in texts:
                return self._parse_unsaved(relative, stem, reader, texts[relative])
            entry = self._entries.get(path)
            if (not recheck and entry is not None and entry.relative == relative
                    and entry.reader is reader):
                kept[path] = entry
                return entry.parsed
            try:
                # The stamp is taken before reading: a file saved during the read
                # looks changed next time, rather than stale forever.
                status = os.stat(path)
            except OSError:
                return read_file(path, relative, stem, reader)  # the reader reports it
            stamp = (status.st_size, status.st_mtime_ns)
            if (entry is None or entry.stamp != stamp or entry.relative != relative
                    or entry.reader is not reader):
                entry = _Entry(stamp, relative, reader, read_file(path, relative, stem, reader))
                reread.append(relative)
            kept[path] = entry
            return entry.parsed

        vault = load_with(root, settings, read)
        self._root, self._order = str(root), order
        # Files gone (or not read, as duplicates) are dropped; a file held unsaved keeps
        # what was read from disk before, for when the editor closes it.
        kept.update((path, entry) for path, entry in self._entries.items()
                    if entry.relative in texts and path not in kept)
        self._entries = kept
        self._unsaved = {relative: self._unsaved[relative] for relative in texts
                         if relative in self._unsaved}
        self.reread = reread
        return vault

    def edited(self, vault: Vault, relative: str, text: str) -> Vault | None:
        """`vault` (the last one loaded, or made by this method) with the editor's new `text`
        for one record file read before: `load` with that text, without listing the folders
        or asking the disk. None when the file was not read by the last load."""
        memo = self._unsaved.get(relative)
        if relative not in self._order:
            return None
        if memo is not None:
            reader, before = memo[1], memo[2]
        else:
            entry = self._entries.get(os.path.join(self._root, *relative.split("/")))
            if entry is None:
                return None
            reader, before = entry.reader, entry.parsed
        stem = relative.rsplit("/", 1)[-1].removesuffix(".md")
        self.reread = []
        after = self._parse_unsaved(relative, stem, reader, text)
        if after is before:
            return vault
        return replaced(vault, before, after, lambda: [
            path.rsplit("/", 1)[-1].removesuffix(".md")
            for path, read_with in self._order.items() if read_with is reader])

    def _parse_unsaved(self, relative: str, stem: str, reader: Reader[Any], text: str) -> Parsed:
        """An editor's text, parsed once for as long as it stays the same."""
        memo = self._unsaved.get(relative)
        if memo is None or memo[0] != text or memo[1] is not reader:
            memo = (text, reader, parse_record(text.encode("utf-8"), relative, stem, reader))
            self._unsaved[relative] = memo
        return memo[2]

    def clear(self) -> None:
        self._entries = {}
        self._unsaved = {}
