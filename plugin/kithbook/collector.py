"""Python's cyclic garbage collector, paused for work that only allocates."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """For work that makes many objects and frees none (loading the vault, parsing
    the git log): Python's cyclic collector would rescan them over and over, for
    nothing (records hold no cycles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
