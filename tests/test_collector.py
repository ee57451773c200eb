"""collector.py: the cyclic collector paused for work that only allocates."""

from __future__ import annotations

import gc

from kithbook.collector import collector_paused


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_what_a_pause_made_goes_to_the_oldest_generation_without_a_collection():
    gc.collect()
    before = gc.get_stats()[0]["collections"]
    with collector_paused():
        made = [[number] for number in range(5000)]  # far more than the young threshold
        assert not gc.isenabled()
    assert gc.isenabled()
    young = {id(found) for found in gc.get_objects(generation=0)}
    assert not any(id(found) in young for found in made)
    assert gc.get_count()[0] < gc.get_threshold()[0]  # no collection waiting to walk them
    assert gc.get_stats()[0]["collections"] == before
    assert gc.get_freeze_count() == 0


def test_a_cycle_made_before_or_during_a_pause_is_still_collected():
    gc.collect()
    _Cycle()
    with collector_paused():
        _Cycle()
    assert gc.collect() >= 2


def test_objects_someone_else_froze_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            made = [[number] for number in range(1000)]
        assert gc.get_freeze_count() == frozen > 0
        assert made
    finally:
        gc.unfreeze()


def test_a_pause_inside_a_paused_block_leaves_the_collector_off():
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
