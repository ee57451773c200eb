"""An icon per touch kind: Material's bundled SVG icons, read from the installed theme.

Inline in the page (`aria-hidden`: the kind is always written beside it), so
nothing is fetched. Without mkdocs-material installed (`kith render` for
another generator) the icons are left out and the words remain.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from kithbook.model import Kind

KIND_ICONS = {
    Kind.MEETING: "account-group", Kind.COFFEE: "coffee", Kind.CALL: "phone",
    Kind.VIDEO: "video", Kind.EVENT: "calendar-star", Kind.OUTREACH: "email-arrow-right",
    Kind.THANK_YOU: "heart-outline", Kind.FOLLOW_UP: "reply", Kind.NOTE: "note-text-outline",
    Kind.REPLY: "email-arrow-left",
}


@functools.cache
def _icon_folder() -> Path | None:
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "templates/.icons/material"
    return folder if folder.is_dir() else None


@functools.cache
def kind_icon(kind: Kind) -> str:
    """The kind's icon as inline SVG markup, or "" when the theme's icons are not there."""
    folder = _icon_folder()
    try:
        svg = (folder / f"{KIND_ICONS[kind]}.svg").read_text(encoding="utf-8") if folder else ""
    except OSError:
        return ""
    return svg.replace("<svg ", '<svg class="kb-icon" aria-hidden="true" focusable="false" ', 1)
