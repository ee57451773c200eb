"""The pipeline: people by stage now, and the moves between stages month by month."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from kithbook.model import PRIORITY_RANK, Kind, Stage, Touch
from kithbook.timeline import INACTIVE, PersonFacts


class StageCount(NamedTuple):
    stage: Stage
    people: int
    inactive: int  # of which paused, declined or archived


def stage_counts(facts: Mapping[str, PersonFacts]) -> list[StageCount]:
    counts = Counter(f.stage for f in facts.values())
    inactive = Counter(f.stage for f in facts.values() if f.person.status in INACTIVE)
    return [StageCount(stage, counts[stage], inactive[stage]) for stage in Stage]


HISTORY_STAGES = (Stage.LEAD, Stage.CONTACTED, Stage.MET, Stage.CONNECTED)


def stage_dates(touches: Iterable[Touch], today: dt.date) -> dict[Stage, dt.date]:
    """When a person reached each stage, from their touches (oldest first) up to `today`.

    The same rules as `rules.Timeline.stage`, read as dates: contacted at the
    first touch that was contact, met at the first conversation, connected at
    the first contact after the first thank-you that followed a meeting.
    "Scheduled" has no date: a file does not say when a meeting was arranged.
    """
    reached: dict[Stage, dt.date] = {}
    thanked: dt.date | None = None
    for touch in touches:
        if touch.date > today:
            break
        if not touch.kind.is_contact:
            continue
        reached.setdefault(Stage.CONTACTED, touch.date)
        if touch.kind.is_conversation:
            reached.setdefault(Stage.MET, touch.date)
        elif Stage.MET in reached and thanked is None and touch.kind is Kind.THANK_YOU:
            thanked = touch.date
            continue
        if thanked is not None and touch.date > thanked:
            reached.setdefault(Stage.CONNECTED, touch.date)
            break
    return reached


def stage_on(reached: Mapping[Stage, dt.date], day: dt.date) -> Stage:
    """The stage on `day`, from `stage_dates`."""
    later = [stage for stage in HISTORY_STAGES[1:] if stage in reached and reached[stage] <= day]
    return later[-1] if later else Stage.LEAD


class MonthMoves(NamedTuple):
    month: dt.date  # its first day
    moves: tuple[int, ...]  # one count per pipeline move, in `Pipeline.moves` order
    total: int


@dataclass(frozen=True, slots=True)
class Pipeline:
    counts: tuple[StageCount, ...]
    moves: tuple[tuple[Stage, Stage], ...]  # the kinds of move that happened, in stage order
    months: tuple[MonthMoves, ...]  # newest first, every month from the first move
    overridden: int  # people whose stage is written by hand: no history


def pipeline(facts: Mapping[str, PersonFacts], today: dt.date) -> Pipeline:
    """Stage counts today, and each month's net moves: stage at its end against the month before.

    A person whose stage is written by hand has no history to read, so they
    are counted today but not in the moves.
    """
    counted: Counter[tuple[dt.date, Stage, Stage]] = Counter()
    overridden = 0
    for fact in facts.values():
        if fact.person.stage_override is not None:
            overridden += 1
            continue
        reached = stage_dates(reversed(fact.touches), today)
        for month in sorted({_month(day) for day in reached.values()}):
            before = stage_on(reached, month - dt.timedelta(days=1))
            after = stage_on(reached, min(_next_month(month) - dt.timedelta(days=1), today))
            if before is not after:
                counted[(month, before, after)] += 1
    rank = {stage: i for i, stage in enumerate(Stage)}
    kinds = sorted({(a, b) for _, a, b in counted}, key=lambda m: (rank[m[1]], rank[m[0]]))
    months = []
    if counted:
        month = _month(today)
        first = min(m for m, _, _ in counted)
        while month >= first:
            moves = tuple(counted[(month, a, b)] for a, b in kinds)
            months.append(MonthMoves(month, moves, sum(moves)))
            month = _month(month - dt.timedelta(days=1))
    return Pipeline(tuple(stage_counts(facts)), tuple(kinds), tuple(months), overridden)


def board(facts: Mapping[str, PersonFacts]) -> list[tuple[Stage, list[PersonFacts]]]:
    """Active people in a column per stage: by priority, then the most recently in touch
    first (never contacted last), then by name. Paused, declined and archived people are
    left off the board (the counts above it include them)."""
    columns: dict[Stage, list[PersonFacts]] = {stage: [] for stage in Stage}
    for fact in facts.values():
        if fact.person.status not in INACTIVE:
            columns[fact.stage].append(fact)
    for column in columns.values():
        column.sort(key=lambda f: (PRIORITY_RANK[f.person.priority],
                                   -(f.last_contact or dt.date.min).toordinal(),
                                   f.person.name.casefold()))
    return list(columns.items())


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)
