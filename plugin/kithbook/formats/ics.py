"""iCalendar: the calendar feed (`calendar.ics`, `kith export ics`) and invitations.

The feed's events are written directly (`formats/contentline.py`), byte for
byte what `icalendar` wrote for them (the tests hold them to it), at a fraction
of its cost; the calendar around them, its VTIMEZONE and invitations are
written with `icalendar`. Every event has a UID made from what it
is about (a touch's id; a follow-up's reason, person and touch), so a
calendar app that subscribes to the feed updates events between builds
rather than duplicating them. DTSTAMP is midnight UTC of the build's `today`,
so the same vault and the same `today` give the same bytes; an invitation
instead takes the moment it is written (a later DTSTAMP is how a calendar
tells an updated invitation from an old one).

Times: a touch time with an offset is written in UTC; one without is local
time, written with the `timezone` setting (and a VTIMEZONE block for it),
or as "floating" time when no zone is known, which calendar apps read in
their own zone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from urllib.parse import quote

from icalendar import Calendar, Event, Timezone, vCalAddress, vDuration, vText

from kithbook.errors import KithError
from kithbook.followups import FollowUp, Reason
from kithbook.formats.contentline import ical_lines, ical_text
from kithbook.model import UID_DOMAIN, Kind, Person, Touch, TouchStatus, Vault, touch_uid
from kithbook.names import web_url
from kithbook.settings import Settings
from kithbook.site.memo import PieceMemo
from kithbook.site.urls import FOLLOW_UPS, SiteLinks
from kithbook.snapshot import Snapshot
from kithbook.timeline import INACTIVE

PRODID = "-//Kithbook//Kithbook calendar//EN"
PAST_DAYS = 30  # conversations this recent stay in the feed, so they do not vanish the next day
FOLLOW_UP_DAYS = 90  # how far ahead the feed lists follow-ups
DEFAULT_DURATION = dt.timedelta(hours=1)
REFRESH = dt.timedelta(hours=6)  # a hint to subscribers
_KIND_WORDS = {Kind.MEETING: "Meeting", Kind.COFFEE: "Coffee", Kind.CALL: "Call",
               Kind.VIDEO: "Video call", Kind.EVENT: "Event"}


class InvitationError(KithError, ValueError):
    """An invitation that cannot be written (no organiser, not a conversation)."""


def stamp_of(today: dt.date) -> dt.datetime:
    """The DTSTAMP of a build: midnight UTC of its `today`, so builds are reproducible."""
    return dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)


def event_uid(touch: Touch) -> str:
    """The touch's UID in calendars: `uid:` (which survives a reschedule) or one made from
    its id; an imported occurrence of a recurring event adds its RECURRENCE-ID, since the
    feed has the occurrences, not the series."""
    uid = touch.uid or touch_uid(touch.id)
    return f"{uid}-{touch.recurrence_id}" if touch.recurrence_id else uid


def follow_up_uid(item: FollowUp) -> str:
    parts = [item.reason.value, item.person] + ([item.touch] if item.touch else [])
    return f"follow-up-{quote('-'.join(parts), safe='-._~')}@{UID_DOMAIN}"


def calendar_feed(vault: Vault, settings: Settings, today: dt.date, *,
                  links: SiteLinks = SiteLinks(), name: str = "Kithbook") -> bytes:
    """The feed of `vault` as of `today` (see `calendar_of`)."""
    return calendar_of(Snapshot(vault, settings, today), links=links, name=name)


def calendar_of(snapshot: Snapshot, *, links: SiteLinks = SiteLinks(), name: str = "Kithbook",
                pieces: PieceMemo | None = None) -> bytes:
    """Conversations from `PAST_DAYS` ago on, and the follow-ups due in `FOLLOW_UP_DAYS`.

    Each event is written on its own and kept in `pieces` (when given) by
    everything it is made from: under `mkdocs serve` a rebuild writes only the
    events that changed.
    """
    vault, settings, today = snapshot.vault, snapshot.settings, snapshot.today
    pieces = pieces if pieces is not None else PieceMemo()
    zone = _zone(settings)
    stamp = stamp_of(today)
    cal = _calendar("PUBLISH", zone)
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    planned = {t.id for t in snapshot.planned}
    since = today - dt.timedelta(days=PAST_DAYS)
    meetings = [t for t in vault.touches if t.kind.is_conversation and t.date >= since]
    common = (stamp, links, zone, settings.reminder)  # what every event reads
    shared = _Shared.of(stamp, settings.reminder)
    events: list[bytes] = []
    for touch in meetings:
        key = (common, _meeting_inputs(touch, vault), touch.id in planned)
        events.append(pieces.get(key, partial(_feed_event, touch, vault, zone, shared, links,
                                              planned=touch.id in planned)))
    for person in sorted(vault.people.values(), key=lambda p: p.slug):
        if person.birthday is not None and person.status not in INACTIVE:
            events.append(_birthday_event(person, shared))
    items = [i for i in snapshot.follow_ups(within=dt.timedelta(days=FOLLOW_UP_DAYS))
             if i.reason is not Reason.BIRTHDAY]  # the yearly event says it
    seen: set[str] = set()
    for item in sorted(items, key=lambda i: (i.due, i.person, i.reason.value, i.touch or "")):
        uid = follow_up_uid(item)
        if uid not in seen:  # the same reason twice for one touch is one reminder
            seen.add(uid)
            person = vault.people[item.person]
            make = partial(_follow_up_event, item, uid, vault, links, shared)
            events.append(pieces.get((common, item, person.slug, person.name), make))
    _add_zone(cal, meetings, zone)
    return _with_events(bytes(cal.to_ical()), b"".join(events))


def _meeting_inputs(touch: Touch, vault: Vault) -> tuple[object, ...]:
    """Everything a feed event reads of a touch and its people (its memo key)."""
    people = tuple((slug, p.name, p.title, p.company) if (p := vault.people.get(slug))
                   else (slug,) for slug in touch.with_)
    return (touch.id, touch.date, touch.time, touch.with_, touch.kind, touch.title,
            touch.location, touch.url, touch.duration, touch.status, touch.sequence, touch.uid,
            touch.recurrence_id,
            people)


@dataclass(frozen=True, slots=True)
class _Shared:
    """The lines every event of one feed has alike, as icalendar writes them: DTSTAMP,
    and the TRIGGER of the reminder (None without one)."""

    stamp: str
    trigger: str | None

    @classmethod
    def of(cls, stamp: dt.datetime, reminder: dt.timedelta | None) -> _Shared:
        return cls(_typed("dtstamp", stamp), _typed("trigger", -reminder) if reminder else None)


def _typed(name: str, value: object) -> str:
    """One property as icalendar writes it (its type, parameters and value), unfolded: for
    the values whose rules are the library's (the TZID a zone is written with, UTC, a
    duration)."""
    event = Event()
    event.add(name, value)
    return str(event.content_line(name.upper(), event[name]))


def _when(name: str, value: dt.date) -> str:
    """DTSTART or DTEND: a whole day written directly, a time as icalendar writes it."""
    if isinstance(value, dt.datetime):
        return _typed(name, value)
    return f"{name};VALUE=DATE:{value.year:04}{value.month:02}{value.day:02}"


def _feed_event(touch: Touch, vault: Vault, zone: zoneinfo.ZoneInfo | None, shared: _Shared,
                links: SiteLinks, *, planned: bool) -> bytes:
    """A conversation in the feed, with its links; an alarm when it has a time. The lines
    in icalendar's order: SUMMARY to SEQUENCE as it ranks them, then the rest by name."""
    summary = _summary(touch, vault, None, invite=False)
    start, end = _span(touch, zone)
    description = _feed_description(touch, vault, links, planned=planned)
    lines = ["BEGIN:VEVENT", "SUMMARY:" + ical_text(summary), _when("DTSTART", start),
             _when("DTEND", end), shared.stamp, "UID:" + ical_text(event_uid(touch)),
             f"SEQUENCE:{touch.sequence}", "CATEGORIES:" + ical_text(touch.kind.value),
             "DESCRIPTION:" + ical_text(description)]
    if where := touch.location or touch.url:
        lines.append("LOCATION:" + ical_text(where))
    if touch.status is TouchStatus.CANCELLED:
        lines.append("STATUS:CANCELLED")
    lines.append("TRANSP:OPAQUE")
    if link := web_url(touch.url):
        lines.append("URL:" + link)  # a URI: no TEXT escaping (`check` refuses line breaks)
    if shared.trigger is not None and touch.time is not None:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + ical_text(summary),
                  shared.trigger, "END:VALARM"]
    return ical_lines([*lines, "END:VEVENT"])


def _with_events(calendar: bytes, events: bytes) -> bytes:
    """The calendar with the events as its last components (after its VTIMEZONE, which
    `_add_zone` puts first), where icalendar would have written them."""
    at = calendar.rindex(b"END:VCALENDAR")
    return calendar[:at] + events + calendar[at:]


def invitation(touch: Touch, vault: Vault, settings: Settings, *, stamp: dt.datetime,
               cancel: bool = False) -> tuple[bytes, list[Person]]:
    """A one-event METHOD:REQUEST (or CANCEL) calendar for the people of `touch`.

    Returns the file and the people it could not invite (no email). It says
    nothing private: no agenda link, no notes, since it is sent to them.
    """
    if not touch.kind.is_conversation:
        raise InvitationError(f"{touch.id} is a {touch.kind.value}, not a conversation")
    if settings.my_email is None:
        raise InvitationError("an invitation needs an organiser: set my_email (and my_name)"
                              " under the kithbook plugin in mkdocs.yml")
    people = [vault.people[s] for s in touch.with_ if s in vault.people]
    if not any(person.emails for person in people):
        slug = people[0].slug if people else "SLUG"
        raise InvitationError(
            f"nobody to invite: {_joined([p.name for p in people] or list(touch.with_))}"
            " has no email address (an invitation needs an attendee, RFC 5546); add one"
            f" with `kith set {slug} email ADDRESS`")
    cancelled = touch.status is TouchStatus.CANCELLED
    zone = _zone(settings)
    cal = _calendar("CANCEL" if cancel or cancelled else "REQUEST", zone)
    event = _invitation_event(touch, vault, settings, zone, stamp)
    event.add("organizer", _address(settings.my_email, settings.my_name))
    for person in people:
        if person.emails:
            event.add("attendee", _address(person.emails[0], person.name, attendee=True))
    # `sequence:` in the file counts the changes (kith reschedule and kith cancel raise it);
    # a cancellation not yet written down is one change more.
    event.add("sequence", touch.sequence + (1 if cancel and not cancelled else 0))
    event.add("status", "CANCELLED" if cancel or cancelled else "CONFIRMED")
    details = [line for line in (_where(touch), _link(touch)) if line]
    if details:
        event.add("description", "\n".join(details))
    cal.add_component(event)
    _add_zone(cal, [touch], zone)
    return bytes(cal.to_ical()), [p for p in people if not p.emails]


def _zone(settings: Settings) -> zoneinfo.ZoneInfo | None:
    return zoneinfo.ZoneInfo(settings.timezone) if settings.timezone else None


def _calendar(method: str, zone: zoneinfo.ZoneInfo | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if zone is not None:
        cal.add("x-wr-timezone", zone.key)
    return cal


def _invitation_event(touch: Touch, vault: Vault, settings: Settings,
                      zone: zoneinfo.ZoneInfo | None, stamp: dt.datetime) -> Event:
    """The event of an invitation, without an alarm: theirs is theirs to set."""
    event = Event()
    event.add("uid", event_uid(touch))
    event.add("dtstamp", stamp)
    start, end = _span(touch, zone)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", _summary(touch, vault, settings.my_name, invite=True))
    where = touch.location or touch.url
    if where:
        event.add("location", where)
    if link := web_url(touch.url):
        event.add("url", link)
    event.add("categories", [touch.kind.value])
    event.add("transp", "OPAQUE")
    return event


def _span(touch: Touch, zone: zoneinfo.ZoneInfo | None
          ) -> tuple[dt.datetime, dt.datetime] | tuple[dt.date, dt.date]:
    """Start and end: timed (UTC, zoned or floating), or whole days without a time."""
    if touch.time is None:
        return touch.date, touch.date + dt.timedelta(days=1)
    start = dt.datetime.combine(touch.date, touch.time)
    if start.tzinfo is not None:
        start = start.astimezone(dt.UTC)
    elif zone is not None:
        start = start.replace(tzinfo=zone)
    return start, start + (touch.duration or DEFAULT_DURATION)


def _summary(touch: Touch, vault: Vault, me: str | None, *, invite: bool) -> str:
    """The title, naming the people: "Coffee with Ada Lovelace"; in an invitation, seen by
    them too, "Coffee: Sam Rivera and Ada Lovelace"."""
    names = [vault.people[s].name if s in vault.people else s for s in touch.with_]
    joined = _joined(names)
    word = _KIND_WORDS.get(touch.kind, touch.kind.value.capitalize())
    if touch.title:
        firsts = [n.split()[0].casefold() for n in names if n.split()]
        named = any(first in touch.title.casefold() for first in firsts)
        return touch.title if named or invite else f"{touch.title} ({joined})"
    if invite:
        return f"{word}: {_joined(([me] if me else []) + names)}"
    return f"{word} with {joined}"


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _feed_description(touch: Touch, vault: Vault, links: SiteLinks, *, planned: bool) -> str:
    lines = []
    if planned:
        lines.append(f"Agenda: {links.agenda(touch.id)}")
    else:
        lines.append(f"Notes: {links.touch(touch.id)}")
    for slug in touch.with_:
        person = vault.people.get(slug)
        if person is not None:
            role = ", ".join(x for x in (person.title, person.company) if x)
            lines.append(f"{person.name}{f' ({role})' if role else ''}:"
                         f" {links.person(slug)}")
    lines += [line for line in (_where(touch), _link(touch)) if line]
    return "\n".join(lines)


def _where(touch: Touch) -> str | None:
    return f"Where: {touch.location}" if touch.location else None


def _link(touch: Touch) -> str | None:
    return f"Link: {touch.url}" if touch.url else None


def _follow_up_event(item: FollowUp, uid: str, vault: Vault, links: SiteLinks,
                     shared: _Shared) -> bytes:
    """A follow-up on its due day: a reminder, not busy time."""
    person = vault.people[item.person]
    label = item.reason.label
    description = "\n".join([item.action, f"Follow-ups: {links.page(FOLLOW_UPS)}",
                             f"{person.name}: {links.person(person.slug)}"])
    summary = f"{label[0].upper()}{label[1:]} \u2014 {person.name}"
    return ical_lines([
        "BEGIN:VEVENT", "SUMMARY:" + ical_text(summary), _when("DTSTART", item.due),
        _when("DTEND", item.due + dt.timedelta(days=1)), shared.stamp, "UID:" + ical_text(uid),
        "CATEGORIES:follow-up," + ical_text(item.reason.value),
        "DESCRIPTION:" + ical_text(description), "TRANSP:TRANSPARENT", "END:VEVENT"])


def birthday_uid(slug: str) -> str:
    return f"birthday-{quote(slug, safe='-._~')}@{UID_DOMAIN}"


YEARLY = "RRULE:FREQ=YEARLY"
LEAP_DAY_YEARLY = "RRULE:FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2"  # the last day of February


def _birthday_event(person: Person, shared: _Shared) -> bytes:
    """An all-day event every year; 29 February falls on the last day of February."""
    birthday = person.birthday
    assert birthday is not None
    first = dt.date(birthday.year or 2000, birthday.month, birthday.day)  # 2000: a leap year
    leap_day = (birthday.month, birthday.day) == (2, 29)
    return ical_lines([
        "BEGIN:VEVENT", "SUMMARY:" + ical_text(f"{person.name}\u2019s birthday"),
        _when("DTSTART", first), _when("DTEND", first + dt.timedelta(days=1)), shared.stamp,
        "UID:" + ical_text(birthday_uid(person.slug)), LEAP_DAY_YEARLY if leap_day else YEARLY,
        "CATEGORIES:birthday", "TRANSP:TRANSPARENT", "END:VEVENT"])


def _address(email: str, name: str | None, *, attendee: bool = False) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    if attendee:
        address.params["CUTYPE"] = vText("INDIVIDUAL")
        address.params["ROLE"] = vText("REQ-PARTICIPANT")
        address.params["PARTSTAT"] = vText("NEEDS-ACTION")
        address.params["RSVP"] = vText("TRUE")
    return address


def _add_zone(cal: Calendar, touches: Iterable[Touch], zone: zoneinfo.ZoneInfo | None) -> None:
    """A VTIMEZONE for the zone of local times, covering only the dates used (small, and
    readers that apply its rules rather than their own database get them right)."""
    days = [t.date for t in touches if t.time is not None and t.time.tzinfo is None]
    if zone is None or not days:
        return
    # First, as icalendar's add_missing_timezones puts it (the events may come later);
    # a zone icalendar cannot describe is left to the readers' own rules.
    with contextlib.suppress(ValueError):
        cal.subcomponents.insert(0, Timezone.from_tzid(
            zone.key, first_date=min(days) - dt.timedelta(days=1),
            last_date=max(days) + dt.timedelta(days=2)))
