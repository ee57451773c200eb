"""Python's cyclic garbage collector, paused for work that only allocates."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """For work that makes many objects and frees none (loading the vault, parsing
    the git log): Python's cyclic collector would rescan them over and over, for
    nothing (records hold no cycles).

    What the work made is then handed to the oldest generation unscanned (see
    `_promote_young`): otherwise the first allocation after the pause would start a
    collection that walks every object the work made, once more for nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            _promote_young()
            gc.enable()


def _promote_young() -> None:
    """Move every object the collector tracks into its oldest generation without a scan.

    `gc.freeze` moves them all into the permanent generation (and zeroes the young
    generation's count) and `gc.unfreeze` moves them back into the oldest one: two
    list splices, whatever the number of objects. Any cycle among them is still
    collected, by the next full collection. Skipped when something in the process has
    frozen objects of its own (a server that forks, say), which unfreezing would undo.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
