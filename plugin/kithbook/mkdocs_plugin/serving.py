"""What the plugin keeps across `mkdocs serve` rebuilds, so a rebuild rewrites only what changed.

Plugin-only state (the core knows nothing of serving): what each generated
file held after the last completed build, the theme's compiled templates,
and a generated file that tells MkDocs' dirty builds whether it changed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.structure.files import File


class PageLedger:
    """What each generated file held at the end of the last build that completed."""

    def __init__(self) -> None:
        self._built: Mapping[str, str | bytes] = {}
        self._pending: Mapping[str, str | bytes] = {}

    def unchanged(self, path: str, content: str | bytes) -> bool:
        """Whether `path` was built last time with exactly this content."""
        return self._built.get(path) == content

    def record(self, outputs: Mapping[str, str | bytes]) -> None:
        """This build's files; they count as built once `commit` says the build completed."""
        self._pending = outputs

    def commit(self) -> None:
        self._built, self._pending = self._pending, {}

    def forget(self) -> None:
        """After a failed build nothing is known to be on disk: rebuild everything next time."""
        self._built, self._pending = {}, {}


class GeneratedFile(File):
    """A generated file that knows whether the last build wrote the same content.

    MkDocs' dirty builds (`mkdocs serve --dirty`) skip the files whose
    `is_modified()` is false; for in-memory content MkDocs always says true,
    so every generated page would be rendered again. Here an unchanged page
    whose output is still on disk is skipped. A `listing` may be converted
    piece by piece (`pieces.ListingMemo`).
    """

    unchanged = False
    listing = False

    def is_modified(self) -> bool:
        if self.unchanged and os.path.isfile(self.abs_dest_path):
            return False
        return bool(super().is_modified())


class CompiledTemplates(BytecodeCache):
    """The theme's templates, compiled once per `serve` rather than once per rebuild.

    MkDocs makes a new Jinja environment for every build, so every theme
    template is parsed and compiled again: a tenth of a dirty rebuild. Jinja
    checks each entry against its template's source; the cache is renewed with
    the configuration (which sets the environment's options).
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def stamp(path: str | None) -> tuple[int, int] | None:
    try:
        status = os.stat(path or "mkdocs.yml")
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns
