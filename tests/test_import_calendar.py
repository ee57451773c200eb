"""`kith import calendar`: Google Calendar and Outlook exports (a recurring event, a moved
occurrence, a cancelled one, Windows zone names) become conversations, once; a newer
export reschedules what moved and cancels what was cancelled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import vobject

from kithbook.check import check_vault
from kithbook.formats.calendar import read_calendar
from kithbook.formats.ics import calendar_feed
from kithbook.load import load_vault
from kithbook.settings import read_settings

from .conftest import MKDOCS_YML, TODAY, kith

SAMPLES = Path(__file__).parent / "samples" / "calendar"
GOOGLE, OUTLOOK = SAMPLES / "google-calendar.ics", SAMPLES / "outlook-calendar.ics"
CONFIG = MKDOCS_YML + """\
      timezone: Europe/London
      my_email: sam.rivera@example.org
"""
PEOPLE = {
    "people/maya-okafor.md": "---\nname: Maya Okafor\nemail: maya@okafor.example\n---\n",
    "people/jose-nunez.md": "---\nname: José Núñez\nemail: jose@fabrikam.example\n---\n",
    "people/priya-raman.md": "---\nname: Priya Raman\nemail: priya@fabrikam.example\n---\n",
    "people/hannah-lindqvist.md": "---\nname: Hannah Lindqvist\n"
                                  "email: hannah@lindqvist.example\n---\n",
    "people/daniel-whitfield.md": "---\nname: Daniel Whitfield\n"
                                  "email: daniel.whitfield@example.com\n---\n",
}
MAYA_UID = "4k2v8q1m0r3s5t7u9w1y3a5c7e@google.com"
TEAMS_UID = ("040000008200E00074C5B7101A82E00800000000B0A1C2D3E4F5DA01000000000000000010000000"
             "A1B2C3D4E5F60718293A4B5C6D7E8F90")
EXPECTED = {  # id -> (when, kind, with, recurrence id)
    "2026-11-03-maya-okafor-video": ("2026-11-03 15:00", "video", "maya-okafor",
                                     "20261103T150000Z"),
    "2026-11-10-maya-okafor-video": ("2026-11-10 15:00", "video", "maya-okafor",
                                     "20261110T150000Z"),
    "2026-11-12-jose-nunez": ("2026-11-12 10:00", "meeting", "jose-nunez", None),
    "2026-11-25-maya-okafor-video": ("2026-11-25 16:00", "video", "maya-okafor",
                                     "20261124T150000Z"),  # moved from Tuesday 24 November
    "2026-12-01-maya-okafor-video": ("2026-12-01 15:00", "video", "maya-okafor",
                                     "20261201T150000Z"),
    "2026-12-02-priya-raman": ("2026-12-02 09:30", "meeting", "priya-raman", None),
    "2026-12-03-priya-raman-video": ("2026-12-03 14:00", "video", "priya-raman,daniel-whitfield",
                                     "20261201T110000Z"),  # Outlook: moved from 1 December
    "2026-12-08-maya-okafor-video": ("2026-12-08 15:00", "video", "maya-okafor",
                                     "20261208T150000Z"),
}


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault(PEOPLE, mkdocs_yml=CONFIG)


def _touches(vault: Path):
    return {t.id: t for t in load_vault(vault, read_settings(vault)).touches}


def _summary(vault: Path) -> dict[str, tuple[str, str, str, str | None]]:
    return {i: (f"{t.date} {t.time:%H:%M}" if t.time else str(t.date), t.kind.value,
                ",".join(t.with_), t.recurrence_id) for i, t in _touches(vault).items()}


def test_google_and_outlook_exports_become_conversations(vault):
    result = kith(vault, "import", "calendar", str(GOOGLE), str(OUTLOOK))
    assert result.exit_code == 0, result.output
    assert _summary(vault) == EXPECTED
    touches = _touches(vault)
    mentoring = touches["2026-11-25-maya-okafor-video"]
    assert (mentoring.uid, mentoring.title, mentoring.duration) == (
        MAYA_UID, "Mentoring call: Maya / Sam", dt.timedelta(minutes=30))
    assert mentoring.url == "https://meet.google.com/abc-defg-hij"
    coffee = touches["2026-11-12-jose-nunez"]
    assert (coffee.location, coffee.url, coffee.duration) == (
        "Fabrikam café, 1 Canada Square, London", None, dt.timedelta(minutes=45))
    teams = touches["2026-12-03-priya-raman-video"]
    assert teams.uid == TEAMS_UID and teams.url is not None
    assert teams.url.startswith("https://teams.microsoft.com/l/meetup-join/19%3ameeting_")
    assert "10 events: 8 created, 0 rescheduled, 0 cancelled" in result.stderr
    assert "  2 not with anyone in the vault" in result.stderr  # a declined lunch, a conference
    problems = check_vault(load_vault(vault, read_settings(vault)), today=TODAY)
    assert [p.format() for p in problems if p.severity == "error"] == []


def test_importing_the_same_exports_again_changes_nothing(vault):
    assert kith(vault, "import", "calendar", str(GOOGLE), str(OUTLOOK)).exit_code == 0
    before = {p.name: p.read_bytes() for p in (vault / "meetings").iterdir()}
    again = kith(vault, "import", "calendar", str(GOOGLE), str(OUTLOOK))
    assert again.exit_code == 0 and again.stdout == ""
    assert "  8 already in the vault, unchanged" in again.stderr
    assert {p.name: p.read_bytes() for p in (vault / "meetings").iterdir()} == before


def _newer_google(tmp_path: Path) -> Path:
    """The next export: the moved call moved again, one occurrence and Priya's call cancelled."""
    text = GOOGLE.read_bytes().decode()
    text = text.replace("DTSTART;TZID=Europe/London:20261125T160000\r\n"
                        "DTEND;TZID=Europe/London:20261125T163000",
                        "DTSTART;TZID=Europe/London:20261127T100000\r\n"
                        "DTEND;TZID=Europe/London:20261127T103000")
    priya = text.index("SUMMARY:Call with Priya")
    text = text[:priya].replace("STATUS:CONFIRMED\r\nSUMMARY:Call", "x") + text[priya:]
    start = text.rindex("BEGIN:VEVENT", 0, priya)
    text = text[:start] + text[start:priya].replace("STATUS:CONFIRMED", "STATUS:CANCELLED") \
        + text[priya:]
    cancelled_occurrence = ("BEGIN:VEVENT\r\nDTSTART;TZID=Europe/London:20261208T150000\r\n"
                            f"DTSTAMP:20261127T090000Z\r\nUID:{MAYA_UID}\r\n"
                            "RECURRENCE-ID;TZID=Europe/London:20261208T150000\r\n"
                            "SEQUENCE:1\r\nSTATUS:CANCELLED\r\n"
                            "SUMMARY:Mentoring call: Maya / Sam\r\nEND:VEVENT\r\n")
    text = text.replace("END:VCALENDAR", cancelled_occurrence + "END:VCALENDAR")
    newer = tmp_path / "newer.ics"
    newer.write_bytes(text.encode())
    return newer


def test_a_newer_export_reschedules_what_moved_and_cancels_what_was_cancelled(vault, tmp_path):
    assert kith(vault, "import", "calendar", str(GOOGLE), str(OUTLOOK)).exit_code == 0
    result = kith(vault, "import", "calendar", str(_newer_google(tmp_path)), str(OUTLOOK))
    assert result.exit_code == 0, result.output
    assert "reschedule meetings/2026-11-25-maya-okafor-video.md to 2026-11-27 10:00" \
        " (meetings/2026-11-27-maya-okafor-video.md)" in result.stdout
    touches = _touches(vault)
    assert "2026-11-25-maya-okafor-video" not in touches
    moved = touches["2026-11-27-maya-okafor-video"]
    assert (str(moved.date), str(moved.time), moved.sequence, moved.uid, moved.recurrence_id) == (
        "2026-11-27", "10:00:00", 1, MAYA_UID, "20261124T150000Z")
    assert touches["2026-12-08-maya-okafor-video"].status.value == "cancelled"
    assert touches["2026-12-02-priya-raman"].status.value == "cancelled"
    assert touches["2026-12-01-maya-okafor-video"].status is None
    assert "1 rescheduled, 2 cancelled" in result.stderr
    again = kith(vault, "import", "calendar", str(_newer_google(tmp_path)), str(OUTLOOK))
    assert again.stdout == ""  # and nothing twice


def test_a_conversation_logged_by_hand_is_linked_not_repeated(vault):
    logged = vault / "meetings/2026-11-12-jose-nunez-coffee.md"
    logged.write_text("---\ndate: 2026-11-12 10:00\nwith: jose-nunez\nkind: coffee\n---\n"
                      "## Notes\nGood chat.\n", encoding="utf-8")
    result = kith(vault, "import", "calendar", str(GOOGLE))
    assert result.exit_code == 0, result.output
    assert "link meetings/2026-11-12-jose-nunez-coffee.md" in result.stdout
    assert "2026-11-12-jose-nunez" not in _touches(vault)
    text = logged.read_text(encoding="utf-8")
    assert text == ("---\ndate: 2026-11-12 10:00\nwith: jose-nunez\nkind: coffee\n"
                    "uid: 7h3j5k7m9p1r3t5v7x9z1b3d5f@google.com\n---\n## Notes\nGood chat.\n")
    assert kith(vault, "import", "calendar", str(GOOGLE)).stdout == ""


def test_dry_run_writes_nothing_and_lists_what_a_run_does(vault):
    dry = kith(vault, "import", "calendar", str(GOOGLE), str(OUTLOOK), "--dry-run")
    assert dry.exit_code == 0 and list((vault / "meetings").iterdir()) == []
    real = kith(vault, "import", "calendar", str(GOOGLE), str(OUTLOOK))
    assert dry.stdout.replace("would create", "create") == real.stdout


def test_the_horizon_is_due_soon_ahead_of_today(vault):
    result = kith(vault, "import", "calendar", str(GOOGLE), "--today", "2026-11-20")
    assert result.exit_code == 0
    maya = sorted(i for i in _touches(vault) if "maya" in i)
    assert maya[-1] == "2026-12-01-maya-okafor-video"  # 8 December is past 4 December


def test_since_leaves_out_older_events(vault):
    kith(vault, "import", "calendar", str(GOOGLE), "--since", "2026-11-20")
    assert min(_touches(vault)) == "2026-11-25-maya-okafor-video"


def test_a_broken_file_is_an_error_with_its_name_and_the_rest_come_in(vault, tmp_path):
    cut = tmp_path / "cut.ics"
    cut.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:notadate\n", encoding="utf-8")
    notes = tmp_path / "notes.ics"
    notes.write_text("hello\n", encoding="utf-8")
    result = kith(vault, "import", "calendar", str(cut), str(notes), str(OUTLOOK))
    assert result.exit_code == 1
    assert f"{cut}: error: no events found" in result.stderr
    assert f"{notes}: error: not an iCalendar file" in result.stderr
    assert "Traceback" not in result.output
    assert list(_touches(vault)) == ["2026-12-03-priya-raman-video"]


def test_the_feed_gives_each_imported_occurrence_its_own_uid(vault):
    assert kith(vault, "import", "calendar", str(GOOGLE), str(OUTLOOK)).exit_code == 0
    settings = read_settings(vault)
    feed = calendar_feed(load_vault(vault, settings), settings, TODAY)
    uids = [event.uid.value for event in vobject.readOne(feed.decode()).vevent_list
            if MAYA_UID in event.uid.value]
    assert len(uids) == len(set(uids)) == 5
    assert f"{MAYA_UID}-20261124T150000Z" in uids


def test_occurrences_follow_the_rule_exdate_and_overrides():
    read = read_calendar(GOOGLE.read_bytes(), "g.ics", until=dt.date(2026, 12, 31))
    starts = [str(e.start) for e in read.events if e.uid == MAYA_UID]
    assert starts == ["2026-11-03 15:00:00+00:00", "2026-11-10 15:00:00+00:00",
                      "2026-11-25 16:00:00+00:00", "2026-12-01 15:00:00+00:00",
                      "2026-12-08 15:00:00+00:00"]  # COUNT=6 less the EXDATE of 17 November
    outlook = read_calendar(OUTLOOK.read_bytes(), "o.ics", until=dt.date(2027, 3, 1))
    assert [(str(e.start), e.recurrence_id) for e in outlook.events] == [
        ("2026-12-03 14:00:00+00:00", "20261201T110000Z"),
        ("2027-01-05 11:00:00+00:00", "20270105T110000Z"),
        ("2027-02-02 11:00:00+00:00", "20270202T110000Z")]


def test_commit_refuses_to_take_your_uncommitted_edits_with_it(vault, tmp_path):
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(vault), "-c", "user.email=t@x", "-c", "user.name=t",
                        *args], check=True, capture_output=True)

    git("init", "-q")
    assert kith(vault, "import", "calendar", str(GOOGLE)).exit_code == 0
    git("add", "-A")
    git("commit", "-q", "-m", "start")
    mine = vault / "meetings/2026-12-02-priya-raman.md"
    mine.write_text(mine.read_text() + "Ask about the platform team.\n", encoding="utf-8")
    result = kith(vault, "import", "calendar", str(_newer_google(tmp_path)), "--commit")
    assert result.exit_code == 1
    assert "meetings/2026-12-02-priya-raman.md has changes that are not committed" \
        in result.output
    assert "status: cancelled" not in mine.read_text()  # nothing was written


def test_a_committed_import_says_what_it_imported_from(vault):
    """The commit reads like the other imports': the file in the subject, or how many
    files, named in the body."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(vault), "-c", "user.email=t@x",
                               "-c", "user.name=t", *args], check=True, capture_output=True,
                              text=True).stdout

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "start")
    assert kith(vault, "import", "calendar", str(GOOGLE), "--commit").exit_code == 0
    assert git("log", "-1", "--format=%B").strip() == "Import events from google-calendar.ics"
    assert kith(vault, "import", "calendar", str(GOOGLE), str(OUTLOOK), "--commit").exit_code == 0
    assert git("log", "-1", "--format=%B").strip() == (
        "Import events from 2 files\n\ngoogle-calendar.ics\noutlook-calendar.ics")
