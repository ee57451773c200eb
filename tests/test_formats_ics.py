"""calendar.ics and invitations, every file read back with `vobject`, an independent reader."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import replace
from pathlib import Path

import pytest
import vobject

from kithbook.formats.ics import (
    InvitationError,
    calendar_feed,
    invitation,
    stamp_of,
)
from kithbook.load import load_vault
from kithbook.machine import local_zone_name
from kithbook.settings import SettingsError, parse_settings, read_settings
from kithbook.site.urls import SiteLinks

from .conftest import REPO, TODAY

LONDON = zoneinfo.ZoneInfo("Europe/London")
ADA = "---\nname: Ada Lovelace\nemail: ada@example.org\ntitle: Engineer\n---\n"
GRACE = "---\nname: Grace Hopper\n---\n"


def parse(data: bytes) -> vobject.base.Component:
    """The independent reader: vobject, not the icalendar library that wrote the file."""
    return vobject.readOne(data.decode("utf-8"), validate=True)


def events(data: bytes) -> dict[str, vobject.base.Component]:
    calendar = parse(data)
    found = {event.uid.value: event for event in calendar.vevent_list}
    assert len(found) == len(calendar.vevent_list), "UIDs must be unique"
    return found


def example_feed(**settings: object) -> bytes:
    base = read_settings(REPO)
    vault = load_vault(REPO, base)
    return calendar_feed(vault, replace(base, **settings), TODAY,
                         links=SiteLinks("https://example.org/net/"), name="Sam's network")


def test_the_example_feed_parses_and_holds_meetings_and_follow_ups():
    found = events(example_feed())
    video = found["2026-12-03-jose-nunez-video@kithbook"]
    assert video.summary.value == "Portfolio review with José"
    assert video.dtstart.value == dt.datetime(2026, 12, 3, 15, 0, tzinfo=LONDON)
    assert video.dtend.value - video.dtstart.value == dt.timedelta(minutes=45)
    assert video.location.value == "https://example.org/meet/jose-nunez-december"
    assert "Agenda: https://example.org/net/agendas/2026-12-03-jose-nunez-video/" in \
        video.description.value
    assert video.valarm.trigger.value == dt.timedelta(minutes=-30)
    lucja = found["2027-01-12-lucja-wisniewska@kithbook"]
    assert lucja.location.value == "Example Hall café, Shoreditch"
    assert lucja.dtend.value - lucja.dtstart.value == dt.timedelta(hours=1)
    follow = [e for uid, e in found.items() if uid.startswith("follow-up-")]
    assert len(follow) >= 5
    thanks = found["follow-up-thank-you-hannah-lindqvist-2026-11-24-hannah-lindqvist-call"
                   "@kithbook"]
    assert thanks.dtstart.value == dt.date(2026, 11, 25)  # all day, on its due date
    assert thanks.dtend.value == dt.date(2026, 11, 26)
    assert thanks.summary.value == "Thank-you owed \u2014 Hannah Lindqvist"
    for event in found.values():
        assert event.dtstamp.value == dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


def test_the_feed_names_the_person_even_when_the_title_does_not(make_vault):
    root = make_vault({"people/ada-lovelace.md": ADA, "meetings/2026-12-01-ada-lovelace.md":
                       "---\ndate: 2026-12-01 10:00\nwith: ada-lovelace\ntitle: Portfolio"
                       " review\n---\n"})
    settings = replace(read_settings(root), timezone="Europe/London")
    found = events(calendar_feed(load_vault(root, settings), settings, TODAY))
    assert found["2026-12-01-ada-lovelace@kithbook"].summary.value == \
        "Portfolio review (Ada Lovelace)"


def test_builds_are_reproducible_and_uids_stable(make_vault):
    files = {"people/ada-lovelace.md": ADA,
             "meetings/2026-12-01-ada-lovelace-coffee.md":
             "---\ndate: 2026-12-01 10:00\nwith: ada-lovelace\nkind: coffee\n---\n"}
    root = make_vault(files)
    settings = replace(read_settings(root), timezone="Europe/London")
    first = calendar_feed(load_vault(root, settings), settings, TODAY)
    assert calendar_feed(load_vault(root, settings), settings, TODAY) == first
    (root / "meetings/2026-12-05-ada-lovelace-call.md").write_text(
        "---\ndate: 2026-12-05 09:00\nwith: ada-lovelace\nkind: call\n---\n")
    (root / "meetings/2026-12-01-ada-lovelace-coffee.md").write_text(
        "---\ndate: 2026-12-01 11:30\nwith: ada-lovelace\nkind: coffee\n---\n")
    second = events(calendar_feed(load_vault(root, settings), settings, TODAY))
    coffee = second["2026-12-01-ada-lovelace-coffee@kithbook"]  # moved, same UID: an update
    assert coffee.dtstart.value == dt.datetime(2026, 12, 1, 11, 30, tzinfo=LONDON)
    assert "2026-12-05-ada-lovelace-call@kithbook" in second
    assert set(events(first)) <= set(second) | {
        uid for uid in events(first) if uid.startswith("follow-up-")}


def test_local_times_follow_the_timezone_setting_across_daylight_saving(make_vault):
    root = make_vault({
        "people/ada-lovelace.md": ADA,
        "meetings/2026-12-01-ada-lovelace.md": "---\ndate: 2026-12-01 15:00\nwith: ada-lovelace\n---\n",
        "meetings/2027-07-01-ada-lovelace.md": "---\ndate: 2027-07-01 15:00\nwith: ada-lovelace\n---\n",
        "meetings/2026-12-02-ada-lovelace.md": "---\ndate: 2026-12-02 15:00+01:00\nwith: ada-lovelace\n---\n",
        "meetings/2026-12-03-ada-lovelace.md": "---\ndate: 2026-12-03\nwith: ada-lovelace\n---\n",
    })
    settings = replace(read_settings(root), timezone="America/New_York")
    found = events(calendar_feed(load_vault(root, settings), settings, TODAY))

    def utc(uid: str) -> dt.datetime:
        return found[f"{uid}@kithbook"].dtstart.value.astimezone(dt.UTC)

    assert utc("2026-12-01-ada-lovelace") == dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC)
    assert utc("2027-07-01-ada-lovelace") == dt.datetime(2027, 7, 1, 19, 0, tzinfo=dt.UTC)
    assert utc("2026-12-02-ada-lovelace") == dt.datetime(2026, 12, 2, 14, 0, tzinfo=dt.UTC)
    whole_day = found["2026-12-03-ada-lovelace@kithbook"]
    assert whole_day.dtstart.value == dt.date(2026, 12, 3)
    assert not hasattr(whole_day, "valarm")  # no reminder at midnight
    assert parse(calendar_feed(load_vault(root, settings), settings, TODAY)) \
        .vtimezone.tzid.value == "America/New_York"


def test_without_a_zone_local_times_are_floating(make_vault):
    root = make_vault({"people/ada-lovelace.md": ADA, "meetings/2026-12-01-ada-lovelace.md":
                       "---\ndate: 2026-12-01 15:00\nwith: ada-lovelace\n---\n"})
    settings = read_settings(root)
    assert settings.timezone is None
    data = calendar_feed(load_vault(root, settings), settings, TODAY)
    assert b"VTIMEZONE" not in data
    start = events(data)["2026-12-01-ada-lovelace@kithbook"].dtstart.value
    assert start == dt.datetime(2026, 12, 1, 15, 0) and start.tzinfo is None


def test_reminder_setting(make_vault):
    root = make_vault({"people/ada-lovelace.md": ADA, "meetings/2026-12-01-ada-lovelace.md":
                       "---\ndate: 2026-12-01 15:00\nwith: ada-lovelace\n---\n"})
    base = read_settings(root)
    vault = load_vault(root, base)
    ten = events(calendar_feed(vault, replace(base, reminder=dt.timedelta(minutes=10)), TODAY))
    assert ten["2026-12-01-ada-lovelace@kithbook"].valarm.trigger.value == \
        dt.timedelta(minutes=-10)
    none = events(calendar_feed(vault, replace(base, reminder=None), TODAY))
    assert not hasattr(none["2026-12-01-ada-lovelace@kithbook"], "valarm")


def test_relative_links_without_site_url_and_html_links_without_directory_urls():
    assert SiteLinks().page("agendas/x.md") == "agendas/x/"
    assert SiteLinks("https://e.org/n", directory_urls=False).page("agendas/x.md") == \
        "https://e.org/n/agendas/x.html"
    assert SiteLinks("https://e.org/n/").page("people/łucja.md") == \
        "https://e.org/n/people/%C5%82ucja/"


def test_an_invitation_names_organiser_and_attendees_and_nothing_private(make_vault):
    root = make_vault({"people/ada-lovelace.md": ADA, "people/grace-hopper.md": GRACE,
                       "meetings/2026-12-01-ada-lovelace-coffee.md":
                       "---\ndate: 2026-12-01 10:00\nwith: [ada-lovelace, grace-hopper]\n"
                       "kind: coffee\nlocation: Café Rouge\nduration: 30m\n---\n## Notes\n"
                       "Secret plans.\n"})
    settings = replace(read_settings(root), timezone="Europe/London", my_name="Sam Rivera",
                       my_email="sam@example.org")
    vault = load_vault(root, settings)
    touch = vault.touches[0]
    stamp = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)
    data, uninvited = invitation(touch, vault, settings, stamp=stamp)
    calendar = parse(data)
    assert calendar.method.value == "REQUEST"
    event = calendar.vevent
    assert event.uid.value == "2026-12-01-ada-lovelace-coffee@kithbook"  # as in calendar.ics
    assert event.organizer.value == "mailto:sam@example.org"
    assert event.organizer.params["CN"] == ["Sam Rivera"]
    assert [a.value for a in event.attendee_list] == ["mailto:ada@example.org"]
    assert event.attendee.params["RSVP"] == ["TRUE"]
    assert [p.slug for p in uninvited] == ["grace-hopper"]
    assert event.summary.value == "Coffee: Sam Rivera, Ada Lovelace and Grace Hopper"
    assert event.dtstart.value == dt.datetime(2026, 12, 1, 10, tzinfo=LONDON)
    assert event.dtstamp.value == stamp
    assert "Secret" not in data.decode() and "agendas/" not in data.decode()
    cancelled = parse(invitation(touch, vault, settings, stamp=stamp, cancel=True)[0])
    assert cancelled.method.value == "CANCEL"
    assert cancelled.vevent.status.value == "CANCELLED"
    assert int(cancelled.vevent.sequence.value) > int(event.sequence.value)


def test_an_invitation_needs_an_organiser(make_vault):
    root = make_vault({"people/ada-lovelace.md": ADA, "meetings/2026-12-01-ada-lovelace.md":
                       "---\ndate: 2026-12-01 10:00\nwith: ada-lovelace\n---\n"})
    settings = read_settings(root)
    vault = load_vault(root, settings)
    with pytest.raises(InvitationError, match="my_email"):
        invitation(vault.touches[0], vault, settings, stamp=stamp_of(TODAY))


def test_the_timezone_setting_is_checked():
    assert parse_settings({"timezone": "Europe/Warsaw"}).timezone == "Europe/Warsaw"
    with pytest.raises(SettingsError, match="did you mean 'Europe/Warsaw'"):
        parse_settings({"timezone": "Europe/Warsow"})
    with pytest.raises(SettingsError, match="my_email"):
        parse_settings({"my_email": "sam at example"})
    assert parse_settings({"reminder": "none"}).reminder is None
    assert parse_settings({"reminder": "1h"}).reminder == dt.timedelta(hours=1)


def test_the_machine_zone_comes_from_tz_then_etc(tmp_path: Path):
    assert local_zone_name({"TZ": "Asia/Tokyo"}, tmp_path) == "Asia/Tokyo"
    assert local_zone_name({"TZ": ":Europe/Oslo"}, tmp_path) == "Europe/Oslo"
    assert local_zone_name({}, tmp_path) is None
    (tmp_path / "timezone").write_text("Europe/Madrid\n")
    assert local_zone_name({"TZ": "Not/AZone"}, tmp_path) == "Europe/Madrid"
    (tmp_path / "timezone").unlink()
    zones = tmp_path / "usr/share/zoneinfo/America"
    zones.mkdir(parents=True)
    (zones / "Chicago").write_bytes(b"")
    (tmp_path / "localtime").symlink_to(zones / "Chicago")
    assert local_zone_name({}, tmp_path) == "America/Chicago"
