"""The direct writers of contacts.vcf and calendar.ics against the libraries they replace.

Cards and the feed's events are written line by line (`formats/contentline.py`); they
must stay byte for byte what vobject and icalendar write for the same fields. The
oracles below build each card and event with the libraries, as the writers did before
(vobject's card refolded at 75 octets; icalendar's events), and Hypothesis feeds both
the same generated values: CJK, Greek, emoji, combining marks, commas, semicolons,
backslashes (`\\N` too), carets, line breaks, values long enough to fold many times.

The budget is fixed (`EXAMPLES`, derandomized, so CI runs the same cases each time);
`KITH_FUZZ_EXAMPLES=5000 pytest tests/test_contentline.py` goes wider by hand.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import zoneinfo
from dataclasses import replace

import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Alarm, Event
from icalendar.parser import Contentline
from icalendar.prop import vText

from kithbook.followups import FollowUp, Reason
from kithbook.formats import ics
from kithbook.formats.contentline import folded, ical_text, vcard_text
from kithbook.formats.vcard import NO_YEAR, PRODID, UID_PREFIX, _card, _CardFields, full_url
from kithbook.model import Birthday, Kind, NameParts, Person, Touch, TouchStatus, Vault
from kithbook.names import web_url
from kithbook.site.urls import FOLLOW_UPS, SiteLinks

from .conftest import person, touch

EXAMPLES = int(os.environ.get("KITH_FUZZ_EXAMPLES", "300"))
BUDGET = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# What escaping and folding turn on: separators, escapes (`\N` is a line break to
# icalendar), line breaks of every kind, and characters of 1 to 4 octets.
HOSTILE = ("ab Z09,;:\\N^\"'\n\r\t\u0085\u2028\u00e9\u00df\u03b1\u03a9\u0416\u05d0\u0627"
           "e\u0301\u0308\u2014\u5c71\u7530\u3042\uac00\U0001f600\U0001f44d\U0001f3fd")
short = st.text(alphabet=HOSTILE, max_size=30)
anything = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
long = st.builds(lambda text, times: text * times, st.text(alphabet=HOSTILE, min_size=1,
                                                           max_size=12), st.integers(5, 40))
text = st.one_of(short, anything, long)
maybe = st.one_of(st.none(), text)
words = st.lists(text, max_size=4).map(tuple)


# vCard ----------------------------------------------------------------------------------


def vobject_card(fields: _CardFields) -> bytes:
    """The card as vobject serialised it, refolded at 75 octets a character at a time."""
    vcard = vobject.vCard()
    vcard.add("prodid").value = PRODID
    vcard.add("uid").value = UID_PREFIX + fields.slug
    n = fields.n
    vcard.add("n").value = vobject.vcard.Name(family=n.family, given=n.given,
                                              additional=n.additional, prefix=n.prefix,
                                              suffix=n.suffix)
    vcard.add("fn").value = fields.name
    if fields.company:
        vcard.add("org").value = [fields.company]
    if fields.title:
        vcard.add("title").value = fields.title
    for index, email in enumerate(fields.emails):
        line = vcard.add("email")
        line.value = email
        line.type_param = ["internet", "pref"] if index == 0 else "internet"
    for phone in fields.phones:
        vcard.add("tel").value = phone
    for url in fields.urls:
        if (address := full_url(url)) is not None:
            vcard.add("url").value = address
    if fields.location:
        line = vcard.add("adr")
        line.value = vobject.vcard.Address(city=fields.location)
        line.type_param = "work"
    if fields.tags:
        vcard.add("categories").value = list(fields.tags)
    if fields.note:
        vcard.add("note").value = fields.note
    if fields.birthday:
        line = vcard.add("bday")
        if len(fields.birthday) == 5:
            line.value = f"{NO_YEAR}-{fields.birthday}"
            line.params["X-APPLE-OMIT-YEAR"] = [NO_YEAR]
        else:
            line.value = fields.birthday
    return refold(vcard.serialize()).encode("utf-8")


def refold(text: str) -> str:
    """vobject's CRLF lines unfolded, then folded at 75 octets (74 after a continuation's
    space), a character at a time."""
    logical: list[str] = []
    for line in text.split("\r\n"):
        if line.startswith((" ", "\t")) and logical:
            logical[-1] += line[1:]
        elif line:
            logical.append(line)
    out = []
    for line in logical:
        pieces, current, size, limit = [], "", 0, 75
        for char in line:
            octets = len(char.encode("utf-8"))
            if size + octets > limit:
                pieces.append(current)
                current, size, limit = "", 0, 74
            current += char
            size += octets
        out.append("\r\n ".join([*pieces, current]) + "\r\n")
    return "".join(out)


birthdays = st.one_of(st.none(), st.dates().map(lambda d: f"{d:%m-%d}"),
                      st.dates(dt.date(1000, 1, 1)).map(dt.date.isoformat))
urls = st.lists(st.one_of(text, text.map(lambda t: "www.example.org/" + t),
                          text.map(lambda t: "https://example.org/" + t)), max_size=3)
card_fields = st.builds(
    _CardFields, slug=st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True), name=text,
    n=st.builds(NameParts, text, text, text, text, text), company=maybe, title=maybe,
    emails=words, phones=words, urls=urls.map(tuple), location=maybe, tags=words, note=text,
    birthday=birthdays)


@BUDGET
@given(card_fields)
def test_a_card_is_what_vobject_writes(fields):
    assert _card(fields) == vobject_card(fields)


@BUDGET
@given(text)
def test_vcard_escaping_is_vobjects(value):
    assert vcard_text(value) == vobject.base.backslashEscape(value)


# iCalendar ------------------------------------------------------------------------------


@BUDGET
@given(text)
def test_ical_escaping_and_folding_are_icalendars(value):
    assert ical_text(value) == vText(value).to_ical().decode("utf-8")
    line = "DESCRIPTION:" + ical_text(value)
    assert folded(line, 74, 74, keep=b"\\^") == Contentline(line).to_ical()


def icalendar_event(properties: dict[str, object], alarm: dict[str, object] | None = None
                     ) -> bytes:
    """An event as icalendar writes it, from its properties (None: left out)."""
    event = Event()
    for name, value in properties.items():
        if value is not None:
            event.add(name, value)
    if alarm is not None:
        component = Alarm()
        for name, value in alarm.items():
            component.add(name, value)
        event.add_component(component)
    return bytes(event.to_ical())


def icalendar_meeting(touch: Touch, vault: Vault, zone: zoneinfo.ZoneInfo | None,
                      stamp: dt.datetime, links: SiteLinks, reminder: dt.timedelta | None, *,
                      planned: bool) -> bytes:
    """A feed event as the feed wrote it with icalendar."""
    start, end = ics._span(touch, zone)
    summary = ics._summary(touch, vault, None, invite=False)
    cancelled = touch.status is TouchStatus.CANCELLED
    return icalendar_event({
        "uid": ics.event_uid(touch), "dtstamp": stamp, "sequence": touch.sequence,
        "status": "CANCELLED" if cancelled else None, "dtstart": start, "dtend": end,
        "summary": summary, "location": touch.location or touch.url or None,
        "url": web_url(touch.url), "categories": [touch.kind.value], "transp": "OPAQUE",
        "description": ics._feed_description(touch, vault, links, planned=planned)},
        {"action": "DISPLAY", "trigger": -reminder, "description": summary}
        if reminder and touch.time is not None else None)


def icalendar_follow_up(item: FollowUp, uid: str, vault: Vault, links: SiteLinks,
                        stamp: dt.datetime) -> bytes:
    person = vault.people[item.person]
    label = item.reason.label
    return icalendar_event({
        "uid": uid, "dtstamp": stamp, "dtstart": item.due,
        "dtend": item.due + dt.timedelta(days=1),
        "summary": f"{label[0].upper()}{label[1:]} \u2014 {person.name}",
        "description": "\n".join([item.action, f"Follow-ups: {links.page(FOLLOW_UPS)}",
                                  f"{person.name}: {links.person(person.slug)}"]),
        "categories": ["follow-up", item.reason.value], "transp": "TRANSPARENT"})


def icalendar_birthday(person: Person, stamp: dt.datetime) -> bytes:
    birthday = person.birthday
    assert birthday is not None
    first = dt.date(birthday.year or 2000, birthday.month, birthday.day)
    leap_day = (birthday.month, birthday.day) == (2, 29)
    return icalendar_event({
        "uid": ics.birthday_uid(person.slug), "dtstamp": stamp, "dtstart": first,
        "dtend": first + dt.timedelta(days=1),
        "rrule": {"FREQ": "YEARLY", "BYMONTH": 2, "BYMONTHDAY": -1} if leap_day
        else {"FREQ": "YEARLY"},
        "summary": f"{person.name}\u2019s birthday", "categories": ["birthday"],
        "transp": "TRANSPARENT"})


ZONES = [None, "Europe/London", "Etc/UTC", "UTC", "America/New_York", "Asia/Kolkata",
         "Australia/Lord_Howe", "America/Argentina/Buenos_Aires", "Etc/GMT+5"]
stamps = st.dates(dt.date(1990, 1, 1), dt.date(2090, 1, 1)).map(ics.stamp_of)
reminders = st.one_of(st.none(), st.timedeltas(dt.timedelta(minutes=1), dt.timedelta(days=9)))
site_links = st.builds(SiteLinks, st.sampled_from([None, "https://example.org/a b/",
                                                   "https://x.org"]), st.booleans())
offsets = st.one_of(st.none(), st.integers(-14 * 60, 14 * 60).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))))
times = st.one_of(st.none(), st.builds(lambda t, zone: t.replace(tzinfo=zone),
                                       st.times(), offsets))
people = st.lists(st.builds(lambda name, title, company: (name, title, company),
                            text, maybe, maybe), min_size=1, max_size=3)
CONVERSATIONS = [kind for kind in Kind if kind.is_conversation]


@st.composite
def meetings(draw: st.DrawFn) -> tuple[Touch, Vault]:
    """A conversation with one to three people (one perhaps not in the vault)."""
    found = draw(people)
    slugs = tuple(f"p{index}" for index in range(len(found)))
    vault = Vault("", {slug: person(slug, name=name or "x", title=title, company=company)
                       for slug, (name, title, company) in zip(slugs, found, strict=True)},
                  ())
    url = draw(st.one_of(maybe, text.map(lambda t: "https://example.org/" + t)))
    url = url and url.replace("\r", "").replace("\n", "")  # `check` refuses line breaks
    met = touch(draw(st.dates(dt.date(1900, 1, 1))).isoformat(), draw(st.sampled_from(
        CONVERSATIONS)), *slugs, *draw(st.lists(st.just("gone"), max_size=1)),
        id=draw(st.from_regex(r"[a-z0-9-]{1,40}", fullmatch=True)),
        title=draw(maybe), location=draw(maybe), url=url,
        duration=draw(st.one_of(st.none(), st.timedeltas(dt.timedelta(minutes=1),
                                                        dt.timedelta(days=2)))),
        status=draw(st.sampled_from([None, *TouchStatus])), sequence=draw(st.integers(0, 9)),
        uid=draw(maybe), recurrence_id=draw(st.one_of(st.none(), short)))
    return replace(met, time=draw(times)), vault


@BUDGET
@given(meetings(), st.sampled_from(ZONES), stamps, site_links, reminders, st.booleans())
def test_a_meeting_is_what_icalendar_writes(meeting, zone_name, stamp, links, reminder,
                                            planned):
    met, vault = meeting
    zone = zoneinfo.ZoneInfo(zone_name) if zone_name else None
    shared = ics._Shared.of(stamp, reminder)
    ours = ics._feed_event(met, vault, zone, shared, links, planned=planned)
    assert ours == icalendar_meeting(met, vault, zone, stamp, links, reminder, planned=planned)


@BUDGET
@given(st.sampled_from(Reason), st.dates(dt.date(1000, 1, 1)), text, maybe, text, stamps,
       site_links)
def test_a_follow_up_is_what_icalendar_writes(reason, due, action, cause, name, stamp,
                                              links):
    vault = Vault("", {"ada": person("ada", name=name or "x")}, ())
    item = FollowUp("ada", reason, due, 0, action, cause)
    uid = ics.follow_up_uid(item)
    ours = ics._follow_up_event(item, uid, vault, links, ics._Shared.of(stamp, None))
    assert ours == icalendar_follow_up(item, uid, vault, links, stamp)


leap_days = st.integers(1000, 9999).filter(calendar.isleap).map(lambda y: dt.date(y, 2, 29))


@BUDGET
@given(st.one_of(st.dates(dt.date(1000, 1, 1)), leap_days), st.booleans(), text, stamps)
def test_a_birthday_is_what_icalendar_writes(day, with_year, name, stamp):
    born = person("ada", name=name or "x",
                  birthday=Birthday(day.month, day.day, day.year if with_year else None))
    assert ics._birthday_event(born, ics._Shared.of(stamp, None)) == icalendar_birthday(
        born, stamp)


def test_a_backslash_or_caret_at_a_fold_moves_to_the_next_line():
    """icalendar never ends a piece with `\\` or `^`, wherever the escape falls."""
    for at in range(60, 80):
        for escape in ("\\;", "^n"):
            line = "DESCRIPTION:" + "x" * at + escape + "\u00e9" * 40
            assert folded(line, 74, 74, keep=b"\\^") == Contentline(line).to_ical()
