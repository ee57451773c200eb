"""Reading calendar exports (`.ics` from Google Calendar, Outlook, Apple Calendar,
Thunderbird) into events, recurring ones expanded into their occurrences.

An occurrence is known by the event's UID and its RECURRENCE-ID (the start it
was first given, in UTC), which is what lets an import find it again after it
moved. A recurring event is expanded from its start up to a horizon (RRULE,
RDATE and EXDATE), and each occurrence that was moved or cancelled on its
own (a VEVENT with the same UID and a RECURRENCE-ID) replaces the one it
overrides. Times keep their zone; Windows zone names (Outlook's "GMT Standard
Time") are read through the file's VTIMEZONE, as icalendar does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from dateutil.rrule import rrule, rruleset, rrulestr
from icalendar import Calendar
from icalendar.cal import Component

from kithbook.formats.mail import Address
from kithbook.model import Problem

# Where a video call's address is found: the properties Google and Outlook use, then any
# address of a known meeting service in the location or the description.
LINK_PROPERTIES = ("X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL",
                   "X-MICROSOFT-ONLINEMEETINGCONFLINK", "URL")
MEETING_HOSTS = ("meet.google.com", "zoom.us", "teams.microsoft.com", "teams.live.com",
                 "whereby.com", "webex.com", "meet.jit.si", "gotomeeting.com", "chime.aws",
                 "facetime.apple.com", "skype.com")
_URL = re.compile(r"https://[^\s<>\"'\\]+")
MAX_OCCURRENCES = 1000  # per recurring event: a daily event for three years


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One occurrence: a single event, or one of a recurring event's."""

    uid: str
    recurrence_id: str | None  # the occurrence's first start, `20261124T150000Z` or `20261124`
    start: dt.datetime | dt.date
    duration: dt.timedelta | None
    summary: str
    location: str | None
    link: str | None  # a video call's address
    cancelled: bool
    people: tuple[Address, ...]  # the organiser and attendees who did not decline
    sequence: int = 0


@dataclass(slots=True)
class CalendarRead:
    events: list[CalendarEvent]
    problems: list[Problem]


def read_calendar(data: bytes, path: str, *, until: dt.date) -> CalendarRead:
    """The events of an `.ics` file, recurring ones expanded up to `until`."""
    try:
        calendars = Calendar.from_ical(data.decode("utf-8-sig", errors="replace"), multiple=True)
    except ValueError as err:
        return CalendarRead([], [Problem(path, 0, None, f"not an iCalendar file: {err}")])
    if not any(True for calendar in calendars for _ in calendar.walk("VEVENT")):
        return CalendarRead([], [Problem(path, 0, None, "no events found: is this a complete"
                                         " iCalendar (.ics) export?")])
    masters: dict[str, Component] = {}
    overrides: dict[tuple[str, str], Component] = {}
    problems: list[Problem] = []
    for calendar in calendars:
        for number, event in enumerate(calendar.walk("VEVENT"), start=1):
            uid = str(event.get("UID", "")).strip()
            if not uid or event.get("DTSTART") is None:
                problems.append(Problem(path, 0, None, f"event {number}"
                                        f" ({_text(event, 'SUMMARY') or 'untitled'}): no UID or"
                                        " DTSTART; skipped", "warning"))
            elif event.get("RECURRENCE-ID") is not None:
                overrides[(uid, _occurrence_key(event.decoded("RECURRENCE-ID")))] = event
            else:
                masters[uid] = event
    events: list[CalendarEvent] = []
    for uid, master in masters.items():
        try:
            events += _occurrences(uid, master, overrides, until)
        except (ValueError, TypeError) as err:
            problems.append(Problem(path, 0, None, f"event {uid}: cannot read its dates"
                                    f" ({err}); skipped", "warning"))
    seen = {(e.uid, e.recurrence_id) for e in events}
    for (uid, key), override in overrides.items():  # a moved occurrence of a series not here
        if (uid, key) not in seen:
            events.append(_event(uid, key, override))
    events.sort(key=lambda e: (_sortable(e.start), e.uid))
    return CalendarRead(events, problems)


def _occurrences(uid: str, master: Component, overrides: dict[tuple[str, str], Component],
                 until: dt.date) -> Iterator[CalendarEvent]:
    if master.get("RRULE") is None and master.get("RDATE") is None:
        yield _event(uid, None, master)
        return
    first = _event(uid, None, master)
    for start in _starts(master, until):
        key = _occurrence_key(start)
        override = overrides.get((uid, key))
        yield _event(uid, key, override) if override is not None else replace(
            first, recurrence_id=key, start=start)


def _starts(master: Component, until: dt.date) -> Iterator[dt.datetime | dt.date]:
    """The starts of a recurring event up to the end of `until`."""
    start = master.decoded("DTSTART")
    all_day = not isinstance(start, dt.datetime)
    anchor = dt.datetime.combine(start, dt.time()) if all_day else start
    rules = rruleset()
    for rule in _list(master.get("RRULE")):
        parsed = rrulestr(rule.to_ical().decode(), dtstart=anchor, ignoretz=all_day)
        assert isinstance(parsed, rrule)  # one RRULE value is one rule
        rules.rrule(parsed)
    for name, add in (("RDATE", rules.rdate), ("EXDATE", rules.exdate)):
        for prop in _list(master.get(name)):
            for when in prop.dts:
                add(_like(when.dt, anchor))
    end = dt.datetime.combine(until, dt.time.max)
    if anchor.tzinfo is not None:
        end = end.replace(tzinfo=anchor.tzinfo)
    for count, when in enumerate(rules.between(anchor, end, inc=True)):
        if count >= MAX_OCCURRENCES:
            return
        yield when.date() if all_day else when


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _like(when: dt.datetime | dt.date, anchor: dt.datetime) -> dt.datetime:
    """An RDATE or EXDATE in the form of the rule's start (naive or zoned)."""
    if not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, anchor.time())
    if anchor.tzinfo is None:
        return when.replace(tzinfo=None)
    return when.astimezone(anchor.tzinfo) if when.tzinfo else when.replace(tzinfo=anchor.tzinfo)


def _occurrence_key(when: dt.datetime | dt.date) -> str:
    """A RECURRENCE-ID as one text whatever zone it was written in: UTC, or the date."""
    if not isinstance(when, dt.datetime):
        return when.strftime("%Y%m%d")
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
        return when.strftime("%Y%m%dT%H%M%SZ")
    return when.strftime("%Y%m%dT%H%M%S")


def _event(uid: str, key: str | None, event: Component) -> CalendarEvent:
    start = event.decoded("DTSTART")
    return CalendarEvent(
        uid=uid, recurrence_id=key, start=start, duration=_duration(event, start),
        summary=_text(event, "SUMMARY"), location=_text(event, "LOCATION") or None,
        link=meeting_link(event), cancelled=_text(event, "STATUS").upper() == "CANCELLED",
        people=tuple(_people(event)), sequence=_sequence(event))


def _duration(event: Component, start: dt.datetime | dt.date) -> dt.timedelta | None:
    if event.get("DURATION") is not None:
        found = event.decoded("DURATION")
        return found if isinstance(found, dt.timedelta) else None
    if event.get("DTEND") is not None and isinstance(start, dt.datetime):
        end = event.decoded("DTEND")
        if isinstance(end, dt.datetime):
            return end - start if end.tzinfo or not start.tzinfo else None
    return None


def _text(event: Component, name: str) -> str:
    value = event.get(name)
    return " ".join(str(value).split()) if value is not None else ""


def _sequence(event: Component) -> int:
    try:
        return int(str(event.get("SEQUENCE", 0)))
    except ValueError:
        return 0


def _people(event: Component) -> Iterator[Address]:
    for prop in [event.get("ORGANIZER"), *_list(event.get("ATTENDEE"))]:
        if prop is None:
            continue
        if str(prop.params.get("PARTSTAT", "")).upper() == "DECLINED":
            continue
        address = re.sub(r"^mailto:", "", str(prop), flags=re.I).strip()
        if "@" in address:
            yield Address(str(prop.params.get("CN", "")).strip('"'), address)


def meeting_link(event: Component) -> str | None:
    """The address of the event's video call, if it has one."""
    for name in LINK_PROPERTIES:
        value = event.get(name)
        if value is not None and str(value).startswith("https://") and (
                name != "URL" or _is_meeting(str(value))):
            return str(value).strip()
    for name in ("LOCATION", "DESCRIPTION"):
        for found in _URL.finditer(str(event.get(name, ""))):
            if _is_meeting(url := found.group(0)):
                return url.rstrip(".,;)>")
    return None


def _is_meeting(url: str) -> bool:
    host = url.split("/", 3)[2].lower() if url.count("/") >= 2 else ""
    return any(host == known or host.endswith("." + known) for known in MEETING_HOSTS)


def _sortable(when: dt.datetime | dt.date) -> dt.datetime:
    if not isinstance(when, dt.datetime):
        return dt.datetime.combine(when, dt.time(), tzinfo=dt.UTC)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
