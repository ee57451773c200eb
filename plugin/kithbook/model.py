"""The vault's records as frozen, typed values.

Everything after loading works on these objects, never on raw YAML mappings:
the loader parses once at the boundary and reports what it could not parse
as `Problem`s.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal
from urllib.parse import quote

from kithbook.body import Body, Task

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in a file, located well enough for a person to fix it.

    `path` is relative to the vault root with forward slashes; `line` is
    1-based in the file (0 when the problem is about the file as a whole).
    """

    path: str
    line: int
    key: str | None
    message: str
    severity: Severity = "error"

    def format(self) -> str:
        """`path:line: severity: message`, the form editors and CI logs link.

        A problem with the whole file (line 0) is printed as `path: severity: message`.
        """
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


class Kind(StrEnum):
    """What a touch was. Conversations can be planned and get an agenda."""

    MEETING = "meeting"
    COFFEE = "coffee"
    CALL = "call"
    VIDEO = "video"
    EVENT = "event"
    OUTREACH = "outreach"
    THANK_YOU = "thank-you"
    FOLLOW_UP = "follow-up"
    NOTE = "note"
    REPLY = "reply"  # their answer to an outreach or follow-up, with an `outcome`

    @property
    def is_conversation(self) -> bool:
        return self in CONVERSATIONS

    @property
    def is_contact(self) -> bool:
        """A note records something learned, not contact with the person."""
        return self is not Kind.NOTE


# Sets of members are frozensets: a StrEnum member hashes as its text (str's own hash,
# kept in the object), so `in` is one lookup, where `in` on a tuple compares the text
# with each member that is not the same object (it showed in the follow-up benchmark).
CONVERSATIONS = frozenset((Kind.MEETING, Kind.COFFEE, Kind.CALL, Kind.VIDEO, Kind.EVENT))


class Outcome(StrEnum):
    """What a reply said: yes (let's talk), later (ask again on `until`), no (not now)."""

    YES = "yes"
    LATER = "later"
    NO = "no"


class TouchStatus(StrEnum):
    """How a planned conversation ended up; a touch without `status` happened (or will)."""

    CANCELLED = "cancelled"
    NO_SHOW = "no-show"


class Priority(StrEnum):
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


PRIORITY_RANK = {Priority.HIGH: 0, Priority.NORMAL: 1, Priority.LOW: 2}


class Status(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    DECLINED = "declined"
    ARCHIVED = "archived"


class Stage(StrEnum):
    """Where a relationship stands; derived from touches unless overridden."""

    LEAD = "lead"
    CONTACTED = "contacted"
    SCHEDULED = "scheduled"
    MET = "met"
    CONNECTED = "connected"


@dataclass(frozen=True, slots=True)
class Period:
    """A span written as `Nd`, `Nb`, `Nw`, `Nm` or `Ny`.

    Days, business days (Monday to Friday), weeks, months, years.
    """

    count: int
    unit: Literal["d", "b", "w", "m", "y"]

    def after(self, start: dt.date) -> dt.date:
        """The date one period after `start`; months and years clamp to the month's end."""
        if self.unit == "d":
            return start + _days(self.count)
        if self.unit == "b":
            return add_business_days(start, self.count)
        if self.unit == "w":
            return start + _days(7 * self.count)
        months = self.count * (12 if self.unit == "y" else 1)
        year, month0 = divmod(start.month - 1 + months, 12)
        year += start.year
        day = min(start.day, _days_in_month(year, month0 + 1))
        return dt.date(year, month0 + 1, day)

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"


# `timedelta(days=n)`, made once for each n: keep-in-touch dates add the same few
# cadences to every person's last contact (a lookup costs a third of making one).
_days = functools.lru_cache(maxsize=1024)(dt.timedelta)


def add_business_days(start: dt.date, count: int) -> dt.date:
    """`count` weekdays after `start` (from a weekend, counting starts on Monday)."""
    if start.weekday() >= 5:  # count from the Friday before: Saturday + 1 is Monday
        start -= _days(start.weekday() - 4)
    weeks, rest = divmod(count, 5)
    day = start + _days(7 * weeks)
    while rest:
        day += _days(1)
        if day.weekday() < 5:
            rest -= 1
    return day


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


@dataclass(frozen=True, slots=True)
class Birthday:
    """A day that comes back every year; the year is optional (`MM-DD` or `YYYY-MM-DD`)."""

    month: int
    day: int
    year: int | None = None

    def on_or_after(self, start: dt.date) -> dt.date:
        """The first birthday on or after `start` (29 February is kept on 28 February)."""
        for year in (start.year, start.year + 1):
            day = min(self.day, _days_in_month(year, self.month))
            if (found := dt.date(year, self.month, day)) >= start:
                return found
        raise AssertionError("a birthday comes every year")

    def __str__(self) -> str:
        prefix = f"{self.year:04d}-" if self.year else ""
        return f"{prefix}{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name's structured parts, as an address book keeps them (vCard `N`): kept when a
    card gives them, since no rule can tell the family name of "Yamada Taro"."""

    family: str = ""
    given: str = ""
    additional: str = ""  # middle names
    prefix: str = ""  # "Dr.", "Mr."
    suffix: str = ""  # "Jr.", "PhD"

    KEYS = ("family", "given", "additional", "prefix", "suffix")

    def written(self) -> dict[str, str]:
        """The parts as a person file writes them: only those given, in vCard order."""
        return {key: value for key in self.KEYS if (value := getattr(self, key))}


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Referral:
    """Someone a person suggested meeting: a known slug, or a name not yet in people/."""

    text: str
    slug: str | None


@dataclass(frozen=True, slots=True)
class Resource:
    title: str
    kind: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: its file and the line of each front matter key."""

    path: str
    key_lines: Mapping[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)


@dataclass(frozen=True, slots=True)
class Person:
    slug: str
    name: str
    source: Source
    body: Body
    title: str | None = None
    company: str | None = None
    location: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    tags: tuple[str, ...] = ()
    priority: Priority = Priority.NORMAL
    found_via: str | None = None  # the `source` key: how the user found them
    introduced_by: str | None = None
    cadence: Period | None = None
    never_remind: bool = False  # `cadence: never`
    snooze_until: dt.date | None = None
    status: Status = Status.ACTIVE
    stage_override: Stage | None = None
    private: bool = False
    birthday: Birthday | None = None
    aka: tuple[str, ...] = ()  # other names they go by, or went by (kept by `kith rename`)
    name_parts: NameParts | None = None  # family, given ... as an address book gave them
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def questions(self) -> tuple[Task, ...]:
        return self.body.tasks_under("questions")

    @property
    def research(self) -> str:
        return self.body.section("research")


@dataclass(frozen=True, slots=True)
class Touch:
    id: str
    date: dt.date
    time: dt.time | None  # carries tzinfo when the file gave an offset
    with_: tuple[str, ...]
    source: Source
    body: Body
    kind: Kind = Kind.MEETING
    title: str | None = None
    location: str | None = None
    url: str | None = None
    duration: dt.timedelta | None = None
    referrals: tuple[Referral, ...] = ()
    resources: tuple[Resource, ...] = ()
    private: bool = False
    outcome: Outcome | None = None  # a reply's answer
    until: dt.date | None = None  # a `later` reply: when to ask again
    status: TouchStatus | None = None  # a conversation cancelled, or they did not come
    sequence: int = 0  # raised each time an invitation changes (reschedule, cancel)
    uid: str | None = None  # the calendar UID kept across a rename (reschedule)
    recurrence_id: str | None = None  # imported: the occurrence of a recurring event
    message_id: str | None = None  # imported from mail: re-importing finds it
    congratulate: bool = False  # news worth a word (a new role): a "congratulate" item
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def held_or_planned(self) -> bool:
        """A conversation that happened or is still on: not cancelled, not missed."""
        return self.status is None

    @property
    def advice(self) -> tuple[Task, ...]:
        return self.body.tasks_under("advice")

    @property
    def takeaways(self) -> str:
        return self.body.section("takeaways")

    @property
    def sort_key(self) -> tuple[dt.date, dt.time, str]:
        return (self.date, (self.time or dt.time()).replace(tzinfo=None), self.id)


@dataclass(frozen=True, slots=True)
class Vault:
    """Every record that could be read, and the problems found on the way."""

    root: str
    people: Mapping[str, Person]
    touches: tuple[Touch, ...]  # in date order
    problems: tuple[Problem, ...] = ()
    # Indexes made from these records once and shared by every reader (check,
    # follow-ups, pages): see `referrals.referral_index`. Not part of the value.
    derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


UID_DOMAIN = "kithbook"


def touch_uid(touch_id: str) -> str:
    """The calendar uid a touch gets when its file sets no `uid:`."""
    return f"{quote(touch_id, safe='-._~')}@{UID_DOMAIN}"


def same_names(old: Mapping[str, Person], new: Mapping[str, Person],
               names: Callable[[Person], object]) -> bool:
    """Whether two versions of the people have the same slugs, and `names` gives the same
    for every person that changed (a person object not changed is the same object): when
    an index made from their names can be handed to the new vault."""
    if new is old:
        return True
    if new.keys() != old.keys():
        return False
    return all(names(person) == names(old[slug]) for slug, person in new.items()
               if person is not old[slug])
