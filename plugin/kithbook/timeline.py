"""What the touches say about each person: stage, last contact, next keep-in-touch date.

Every function takes `today`; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from kithbook.collector import collector_paused
from kithbook.model import (
    CONVERSATIONS,
    Kind,
    Period,
    Person,
    Stage,
    Status,
    Touch,
    TouchStatus,
    Vault,
)
from kithbook.settings import Settings

INACTIVE = frozenset((Status.PAUSED, Status.DECLINED, Status.ARCHIVED))  # see CONVERSATIONS
_MET = frozenset((Stage.MET, Stage.CONNECTED))


@dataclass(slots=True)
class Timeline:
    """What one pass over a person's touches (oldest first) tells, as of a date."""

    last_contact_touch: Touch | None = None  # latest past touch that was contact (not a note)
    first_met: dt.date | None = None  # first conversation held
    last_held: Touch | None = None  # latest conversation held
    first_thanks_after_met: dt.date | None = None
    last_thank_you: dt.date | None = None
    last_outreach: Touch | None = None  # latest outreach sent...
    answered: bool = False  # ...and whether any touch came after it
    last_told: dt.date | None = None  # latest past touch of yours (not a note, not a reply)
    planned: list[Touch] = field(default_factory=list)  # conversations to come
    gave_referrals: bool = False  # some touch names people they suggested
    last_reply: Touch | None = None  # their latest reply with an outcome
    no_show: Touch | None = None  # the latest conversation they missed...
    last_conversation: dt.date | None = None  # ...and the latest one held or still on
    news: Touch | None = None  # the latest past note with `congratulate: true` (a new role)

    @property
    def last_contact(self) -> dt.date | None:
        return self.last_contact_touch.date if self.last_contact_touch else None

    @property
    def stage(self) -> Stage:
        """lead -> contacted -> scheduled -> met -> connected.

        Once met, a person stays met (or connected) even with a new meeting
        planned: the stage says how far the relationship has come.
        """
        last = self.last_contact_touch
        if self.first_met is not None:
            thanked = self.first_thanks_after_met
            connected = thanked is not None and last is not None and last.date > thanked
            return _CONNECTED if connected else _MET_STAGE
        if self.planned:
            return _SCHEDULED
        return _CONTACTED if last is not None else _LEAD


def timeline(touches: list[Touch], today: dt.date) -> Timeline:
    """Read a person's touches, in date order, once.

    The loop compares kinds by identity and keeps what it learns in local variables,
    set on the `Timeline` at the end: it runs once per touch per person on every build.
    """
    last_contact = first_met = last_held = first_thanks = last_thank_you = None
    last_told = last_conversation = last_reply = no_show = news = outreach = None
    planned: list[Touch] = []
    gave_referrals = answered = False
    last_reply_day = None  # the last day with a touch other than outreach
    for touch in touches:
        kind, day = touch.kind, touch.date
        if touch.referrals:
            gave_referrals = True
        if outreach is not None and touch is not outreach and (
                day > outreach.date or kind is not _OUTREACH):
            answered = True
        if touch.status is not None:  # cancelled or missed: neither held nor planned
            if touch.status is _NO_SHOW and day <= today:
                no_show = touch
            continue
        talk = kind in CONVERSATIONS
        if talk:
            last_conversation = day
        if day > today:
            if talk:
                planned.append(touch)
            continue
        if kind is _OUTREACH:
            outreach, answered = touch, last_reply_day == day
        else:
            last_reply_day = day
        if kind is _NOTE:
            if touch.congratulate:
                news = touch
            continue
        last_contact = touch
        if kind is _REPLY:
            if touch.outcome is not None:
                last_reply = touch
            continue
        last_told = day
        if talk:
            first_met = first_met or day
            last_held = touch
        elif kind is _THANK_YOU:
            last_thank_you = day
            if first_met and first_thanks is None:
                first_thanks = day
    # Every field set here, so the dataclass's `__init__` (a Python call that sets them
    # all to their defaults first, several times dearer) is skipped.
    line = _new_timeline(Timeline)
    line.last_contact_touch, line.first_met, line.last_held = last_contact, first_met, last_held
    line.first_thanks_after_met, line.last_thank_you = first_thanks, last_thank_you
    line.last_outreach, line.answered, line.last_told = outreach, answered, last_told
    line.planned, line.gave_referrals, line.last_reply = planned, gave_referrals, last_reply
    line.no_show, line.last_conversation, line.news = no_show, last_conversation, news
    return line


_new_timeline = object.__new__


# Members as names: Python 3.11 reads `Kind.X` through the enum type's `__getattr__` hook.
_OUTREACH, _NOTE, _THANK_YOU, _REPLY = Kind.OUTREACH, Kind.NOTE, Kind.THANK_YOU, Kind.REPLY
_LEAD, _CONTACTED, _SCHEDULED = Stage.LEAD, Stage.CONTACTED, Stage.SCHEDULED
_MET_STAGE, _CONNECTED = Stage.MET, Stage.CONNECTED
_NO_SHOW = TouchStatus.NO_SHOW


class PersonFacts(NamedTuple):
    """Derived facts about one person as of a date (a named tuple: one per person per build)."""

    person: Person
    touches: tuple[Touch, ...]  # newest first
    timeline: Timeline
    next_due: dt.date | None  # None: no keep-in-touch reminder
    introduced: tuple[str, ...]  # slugs of the people they introduced

    @property
    def stage(self) -> Stage:
        return self.person.stage_override or self.timeline.stage

    @property
    def last_contact(self) -> dt.date | None:
        return self.timeline.last_contact


def touches_by_person(vault: Vault) -> dict[str, list[Touch]]:
    """Each person's touches in date order (a touch with two people counts for both)."""
    index: dict[str, list[Touch]] = {slug: [] for slug in vault.people}
    found = index.get
    for touch in vault.touches:
        for slug in touch.with_:
            if (touches := found(slug)) is not None:
                touches.append(touch)
    return index


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
    if cadence is None and stage in _MET:
        by_tag = settings.tag_cadence
        tagged = [by_tag[t] for t in person.tags if t in by_tag] if by_tag else None
        if not tagged:
            cadence = settings.default_cadence
        elif None in tagged:  # a tag that says `never`
            return None
        else:
            cadence = min(tagged, key=_days)  # type: ignore[arg-type]
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
    facts = {}
    with collector_paused():  # only makes objects: nothing for the collector to find
        by_person = touches_by_person(vault)
        introduced = introductions(vault.people)
        for slug, person in vault.people.items():
            touches = by_person[slug]
            line = timeline(touches, today)
            last = line.last_contact_touch
            due = None if last is None else next_due(  # no contact, no keep-in-touch date
                person, person.stage_override or line.stage, last.date, settings)
            facts[slug] = _person_facts(
                (person, tuple(reversed(touches)), line, due, tuple(introduced.get(slug, ()))))
    return facts


# PersonFacts(...) without its Python `__new__`: one per person per build.
_person_facts = functools.partial(tuple.__new__, PersonFacts)


def introductions(people: Mapping[str, Person]) -> dict[str, list[str]]:
    """Introducer slug -> the people they introduced, by name."""
    index: dict[str, list[Person]] = {}
    for person in people.values():
        if person.introduced_by:
            index.setdefault(person.introduced_by, []).append(person)
    return {slug: [p.slug for p in sorted(found, key=lambda p: p.name.casefold())]
            for slug, found in index.items()}


def past_touches(vault: Vault, today: dt.date) -> Iterable[Touch]:
    """The touches dated up to `today`: what a planned meeting will yield is not known yet."""
    for touch in vault.touches:  # in date order
        if touch.date > today:
            break
        yield touch
