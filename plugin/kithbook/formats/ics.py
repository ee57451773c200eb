"""iCalendar: the calendar feed (`calendar.ics`, `kith export ics`) and invitations.

Written with the `icalendar` library. Every event has a UID made from what it
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
from functools import partial
from urllib.parse import quote

from icalendar import Alarm, Calendar, Event, Timezone, vCalAddress, vDuration, vText

from kithbook.errors import KithError
from kithbook.followups import FollowUp, Reason
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

    Each event is serialised on its own and kept in `pieces` (when given) by
    everything it is made from: under `mkdocs serve` a rebuild writes only the
    events that changed (icalendar's serialisation is most of the feed's cost).
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
    events: list[bytes] = []
    for touch in meetings:
        key = (common, _meeting_inputs(touch, vault), touch.id in planned)
        events.append(pieces.get(key, partial(_feed_event, touch, vault, settings, zone, stamp,
                                              links, planned=touch.id in planned)))
    for person in sorted(vault.people.values(), key=lambda p: p.slug):
        if person.birthday is not None and person.status not in INACTIVE:
            events.append(bytes(_birthday_event(person, stamp).to_ical()))
    items = [i for i in snapshot.follow_ups(within=dt.timedelta(days=FOLLOW_UP_DAYS))
             if i.reason is not Reason.BIRTHDAY]  # the yearly event says it
    seen: set[str] = set()
    for item in sorted(items, key=lambda i: (i.due, i.person, i.reason.value, i.touch or "")):
        uid = follow_up_uid(item)
        if uid not in seen:  # the same reason twice for one touch is one reminder
            seen.add(uid)
            person = vault.people[item.person]
            make = partial(_follow_up_bytes, item, uid, vault, links, stamp)
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


def _feed_event(touch: Touch, vault: Vault, settings: Settings, zone: zoneinfo.ZoneInfo | None,
                stamp: dt.datetime, links: SiteLinks, *, planned: bool) -> bytes:
    event = _meeting_event(touch, vault, settings, zone, stamp)
    event.add("description", _feed_description(touch, vault, links, planned=planned))
    return bytes(event.to_ical())


def _follow_up_bytes(item: FollowUp, uid: str, vault: Vault, links: SiteLinks,
                     stamp: dt.datetime) -> bytes:
    return bytes(_follow_up_event(item, uid, vault, links, stamp).to_ical())


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
    event = _meeting_event(touch, vault, settings, zone, stamp, invite=True)
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


def _meeting_event(touch: Touch, vault: Vault, settings: Settings,
                   zone: zoneinfo.ZoneInfo | None, stamp: dt.datetime, *,
                   invite: bool = False) -> Event:
    event = Event()
    event.add("uid", event_uid(touch))
    event.add("dtstamp", stamp)
    if not invite:
        event.add("sequence", touch.sequence)
        if touch.status is TouchStatus.CANCELLED:
            event.add("status", "CANCELLED")
    start, end = _span(touch, zone)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", _summary(touch, vault, settings.my_name if invite else None,
                                  invite=invite))
    where = touch.location or touch.url
    if where:
        event.add("location", where)
    if link := web_url(touch.url):
        event.add("url", link)
    event.add("categories", [touch.kind.value])
    event.add("transp", "OPAQUE")
    if settings.reminder and touch.time is not None and not invite:  # theirs is theirs to set
        event.add_component(_alarm(settings.reminder, event["summary"]))
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


def _alarm(before: dt.timedelta, summary: object) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -before)
    alarm.add("description", str(summary))
    return alarm


def _follow_up_event(item: FollowUp, uid: str, vault: Vault, links: SiteLinks,
                     stamp: dt.datetime) -> Event:
    person = vault.people[item.person]
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", item.due)
    event.add("dtend", item.due + dt.timedelta(days=1))
    label = item.reason.label
    event.add("summary", f"{label[0].upper()}{label[1:]} \u2014 {person.name}")
    event.add("description", "\n".join([
        item.action, f"Follow-ups: {links.page(FOLLOW_UPS)}",
        f"{person.name}: {links.person(person.slug)}"]))
    event.add("categories", ["follow-up", item.reason.value])
    event.add("transp", "TRANSPARENT")  # a reminder, not busy time
    return event


def birthday_uid(slug: str) -> str:
    return f"birthday-{quote(slug, safe='-._~')}@{UID_DOMAIN}"


def _birthday_event(person: Person, stamp: dt.datetime) -> Event:
    """An all-day event every year; 29 February falls on the last day of February."""
    birthday = person.birthday
    assert birthday is not None
    first = dt.date(birthday.year or 2000, birthday.month, birthday.day)  # 2000: a leap year
    event = Event()
    event.add("uid", birthday_uid(person.slug))
    event.add("dtstamp", stamp)
    event.add("dtstart", first)
    event.add("dtend", first + dt.timedelta(days=1))
    leap_day = (birthday.month, birthday.day) == (2, 29)
    event.add("rrule", {"FREQ": "YEARLY", "BYMONTH": 2, "BYMONTHDAY": -1} if leap_day
              else {"FREQ": "YEARLY"})
    event.add("summary", f"{person.name}\u2019s birthday")
    event.add("categories", ["birthday"])
    event.add("transp", "TRANSPARENT")
    return event


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
