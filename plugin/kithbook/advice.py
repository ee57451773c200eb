"""Advice across every touch: open, done but not reported back, done and told."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from kithbook.body import Task
from kithbook.followups import told_since
from kithbook.model import Touch, Vault
from kithbook.timeline import PersonFacts, past_touches


class AdviceEntry(NamedTuple):
    task: Task
    touch: Touch
    advisors: tuple[str, ...]
    age: int  # days since it was given
    untold: tuple[str, ...]  # done, and these advisors have not heard from you since

    @property
    def state(self) -> str:
        if not self.task.done:
            return "open"
        return "untold" if self.untold else "done"


def advice(vault: Vault, facts: Mapping[str, PersonFacts], today: dt.date
           ) -> list[AdviceEntry]:
    """Every advice item of past touches: open ones (oldest first), then done ones.

    Done items that an advisor has not heard about since come before the rest
    of the done ones: the close-the-loop rule of the follow-ups.
    """
    entries = []
    for touch in past_touches(vault, today):
        items = touch.advice
        if not items:
            continue
        advisors = tuple(s for s in touch.with_ if s in facts)
        for task in items:
            untold = tuple(s for s in advisors
                           if not told_since(facts[s].timeline, touch.date)) if task.done else ()
            entries.append(AdviceEntry(task, touch, advisors, (today - touch.date).days, untold))
    rank = {"open": 0, "untold": 1, "done": 2}
    entries.sort(key=lambda e: (rank[e.state], e.age if e.task.done else -e.age, e.touch.id,
                                e.task.line))
    return entries
