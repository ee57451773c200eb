"""What the adapters read from the machine they run on, never the core: the local time zone.

The `timezone` setting defaults to the machine's zone. The core takes the
zone as a setting like any other; the MkDocs plugin and the CLI fill it in
with `with_local_zone` before they call it, as they pass in `today`.
"""

from __future__ import annotations

import contextlib
import os
import zoneinfo
from dataclasses import replace
from pathlib import Path

from kithbook.settings import Settings

_ZONEINFO_DIRS = ("zoneinfo/", "zoneinfo.default/")


def local_zone_name(environ: dict[str, str] | None = None, etc: Path = Path("/etc")
                    ) -> str | None:
    """The IANA name of the machine's zone: `$TZ`, else /etc/timezone, else the target of
    the /etc/localtime link (Linux, macOS); None when none of them names a known zone."""
    environ = dict(os.environ) if environ is None else environ
    candidates = [environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError, UnicodeDecodeError):
        candidates.append((etc / "timezone").read_text(encoding="utf-8").strip())
    target = os.path.realpath(etc / "localtime")
    for marker in _ZONEINFO_DIRS:
        if marker in target:
            candidates.append(target.rsplit(marker, 1)[1])
    return next((name for name in candidates if _known(name)), None)


def _known(name: str) -> bool:
    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def with_local_zone(settings: Settings) -> Settings:
    """`settings` with the machine's zone filled in when the `timezone` setting is unset."""
    if settings.timezone is not None:
        return settings
    return replace(settings, timezone=local_zone_name())
