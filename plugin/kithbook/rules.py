"""What the touches say about each person: stage, last contact, next keep-in-touch date.

Every function takes `today`; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from kithbook.model import Kind, Period, Person, Stage, Status, Touch, Vault
from kithbook.settings import Settings

INACTIVE = frozenset({Status.PAUSED, Status.DECLINED, Status.ARCHIVED})


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """Derived facts about one person as of a date."""

    person: Person
    touches: tuple[Touch, ...]  # newest first
    stage: Stage
    last_contact: dt.date | None
    next_due: dt.date | None  # None: no keep-in-touch reminder
    introduced: tuple[str, ...]  # slugs of the people they introduced


def touches_by_person(vault: Vault) -> dict[str, list[Touch]]:
    """Each person's touches in date order (a touch with two people counts for both)."""
    index: dict[str, list[Touch]] = {slug: [] for slug in vault.people}
    for touch in vault.touches:
        for slug in touch.with_:
            if slug in index:
                index[slug].append(touch)
    return index


def last_contact(touches: list[Touch], today: dt.date) -> dt.date | None:
    """The date of the latest past touch that was contact (a note is not)."""
    dates = [t.date for t in touches if t.date <= today and t.kind.is_contact]
    return max(dates) if dates else None


def derive_stage(touches: list[Touch], today: dt.date) -> Stage:
    """lead -> contacted -> scheduled -> met -> connected, from the touches alone.

    Once met, a person stays met (or connected) even with a new meeting
    planned: the stage says how far the relationship has come.
    """
    past = [t for t in touches if t.date <= today and t.kind.is_contact]
    met = [t for t in past if t.kind.is_conversation]
    if met:
        thanked = [t.date for t in past if t.kind is Kind.THANK_YOU and t.date >= met[0].date]
        if thanked and any(t.date > thanked[0] for t in past):
            return Stage.CONNECTED
        return Stage.MET
    if any(t.kind.is_conversation and t.date > today for t in touches):
        return Stage.SCHEDULED
    return Stage.CONTACTED if past else Stage.LEAD


def next_due(
    person: Person, stage: Stage, last: dt.date | None, settings: Settings
) -> dt.date | None:
    """When to get in touch next: last contact + cadence, unless reminders are off.

    A person's own cadence wins; people met or connected fall back to the
    shortest cadence set for one of their tags (`tag_cadence`), then to
    `default_cadence`. Inactive statuses and `cadence: never` turn it off; a
    snooze moves the date to the end of the snooze.
    """
    if person.status in INACTIVE or person.never_remind or last is None:
        return None
    cadence = person.cadence
    if cadence is None and stage in (Stage.MET, Stage.CONNECTED):
        tagged = [settings.tag_cadence[t] for t in person.tags if t in settings.tag_cadence]
        if any(c is None for c in tagged):  # a tag that says `never`
            return None
        cadence = min(tagged, key=_days, default=settings.default_cadence)  # type: ignore[arg-type]
    if cadence is None:
        return None
    due = cadence.after(last)
    if person.snooze_until and person.snooze_until > due:
        return person.snooze_until
    return due


def _days(period: Period) -> float:
    """A period's rough length, to pick the shortest of several."""
    return period.count * {"d": 1, "b": 1.4, "w": 7, "m": 30.4, "y": 365.25}[period.unit]


def person_facts(vault: Vault, settings: Settings, today: dt.date) -> dict[str, PersonFacts]:
    """Facts for every person, computed in one pass over the touches."""
    by_person = touches_by_person(vault)
    introduced = introductions(vault.people)
    facts = {}
    for slug, person in vault.people.items():
        touches = by_person[slug]
        stage = person.stage_override or derive_stage(touches, today)
        last = last_contact(touches, today)
        facts[slug] = PersonFacts(
            person=person,
            touches=tuple(reversed(touches)),
            stage=stage,
            last_contact=last,
            next_due=next_due(person, stage, last, settings),
            introduced=tuple(introduced.get(slug, ())),
        )
    return facts


def introductions(people: Mapping[str, Person]) -> dict[str, list[str]]:
    """Introducer slug -> the people they introduced, by name."""
    index: dict[str, list[str]] = {}
    for person in sorted(people.values(), key=lambda p: p.name.casefold()):
        if person.introduced_by:
            index.setdefault(person.introduced_by, []).append(person.slug)
    return index
