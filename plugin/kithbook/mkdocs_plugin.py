"""The MkDocs plugin: a thin adapter from MkDocs' hooks to the core."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin


class KithbookPlugin(BasePlugin):  # type: ignore[type-arg]
    """Placeholder until the site issue lands: it adds nothing to the build yet."""
