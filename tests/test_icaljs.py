"""The calendar and the address book as Thunderbird reads them: Mozilla's ical.js under Node.

`calendar.ics`, an invitation, a cancellation and `contacts.vcf` of the example
vault are read by ical.js (installed from npm into a cache folder on first use,
`tests/icaljs/read.mjs`) and by the Python parsers (icalendar for calendars,
vobject for cards); both must read the same events and cards, field by field.
Without Node and npm the test skips on a developer's machine and fails in CI
(`.ci/run` installs them).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject

from .conftest import REPO, kith

NPM_CACHE = Path(os.environ.get("KITHBOOK_NPM_CACHE", Path.home() / ".cache/kithbook-npm"))
ICALJS = "ical.js@2"
READER = Path(__file__).parent / "icaljs/read.mjs"


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} (.ci/run installs it)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def icaljs() -> Path:
    """ical.js's module file, installed with npm into NPM_CACHE when it is not there yet."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _missing("Node.js and npm are not installed")
    module = NPM_CACHE / "node_modules/ical.js/dist/ical.js"
    if not module.is_file():
        NPM_CACHE.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([str(npm), "install", "--prefix", str(NPM_CACHE), "--no-audit",
                               "--no-fund", "--no-save", ICALJS], capture_output=True,
                              text=True, timeout=600, check=False)
        if done.returncode != 0:
            _missing(f"npm could not install {ICALJS}: {done.stderr.strip()[-500:]}")
    return module


def read_with_icaljs(module: Path, files: list[Path]) -> dict[str, Any]:
    done = subprocess.run(["node", str(READER), *map(str, files)], capture_output=True,
                          text=True, env={**os.environ, "ICALJS": str(module)}, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    return {Path(name).name: value for name, value in json.loads(done.stdout).items()}


# The Python side, in the shape read.mjs prints

def _time(value: dt.date | dt.datetime) -> str:
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    if value.tzinfo is None:
        return value.isoformat(timespec="seconds")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _address(prop: Any) -> dict[str, str] | None:
    if prop is None:
        return None
    out = {"address": str(prop)}
    for name in ("CN", "PARTSTAT", "RSVP", "ROLE"):
        if name in prop.params:
            out[name.lower()] = str(prop.params[name])
    return out


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _categories(event: Any) -> list[str]:
    found = event.get("categories")
    items = found if isinstance(found, list) else [found] if found is not None else []
    return [str(cat) for item in items for cat in item.cats]


def python_calendar(data: bytes) -> dict[str, Any]:
    calendar = icalendar.Calendar.from_ical(data)
    events = []
    for event in calendar.walk("VEVENT"):
        sequence = event.get("sequence")
        rrule = event.get("rrule")
        events.append({
            "uid": str(event["uid"]),
            "summary": _text(event.get("summary")),
            "start": _time(event.decoded("dtstart")),
            "end": _time(event.decoded("dtend")),
            "sequence": None if sequence is None else int(sequence),
            "status": _text(event.get("status")),
            "location": _text(event.get("location")),
            "description": _text(event.get("description")),
            "categories": _categories(event),
            "organizer": _address(event.get("organizer")),
            "attendees": [_address(a) for a in (
                event.get("attendee") if isinstance(event.get("attendee"), list)
                else [event["attendee"]] if "attendee" in event else [])],
            "rrule": None if rrule is None else rrule.to_ical().decode(),
        })
    return {"method": _text(calendar.get("method")), "events": events}


def _values(card: Any, name: str) -> list[str]:
    return [line.value for line in card.contents.get(name, [])]


def _first(card: Any, name: str) -> Any:
    lines = card.contents.get(name)
    return lines[0].value if lines else None


def python_cards(text: str) -> list[dict[str, Any]]:
    cards = []
    for card in vobject.readComponents(text):
        n = card.n.value
        parts = [n.family, n.given, n.additional, n.prefix, n.suffix]
        org = _first(card, "org")
        cards.append({
            "uid": _first(card, "uid"),
            "fn": _first(card, "fn"),
            "n": [",".join(p) if isinstance(p, list) else p for p in parts],
            "org": org[0] if org else None,
            "title": _first(card, "title"),
            "emails": _values(card, "email"),
            "tels": _values(card, "tel"),
            "urls": _values(card, "url"),
            "note": _first(card, "note"),
            "categories": [c for line in card.contents.get("categories", []) for c in line.value],
            "bday": _first(card, "bday"),
        })
    return cards


def _recurrence(text: str | None) -> dict[str, str] | None:
    return None if text is None else dict(part.split("=", 1) for part in text.split(";"))


def example_with_birthdays(folder: Path) -> Path:
    """The example vault, two people given a birthday (one without the year): yearly events
    in the calendar, BDAY in the cards; and a meeting in London summer time."""
    for name in ("people", "meetings", "docs"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    for slug, day in (("maya-okafor", "05-17"), ("priya-raman", "1987-02-09")):
        path = folder / f"people/{slug}.md"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "---\nname:", f"---\nbirthday: {day}\nname:", 1), encoding="utf-8")
    # A summer meeting: London time is UTC+1 then, so the VTIMEZONE must say so.
    (folder / "meetings/2027-06-15-maya-okafor-coffee.md").write_text(
        "---\ndate: 2027-06-15 14:00\nwith: maya-okafor\nkind: coffee\n---\n",
        encoding="utf-8")
    return folder


@pytest.mark.slow
def test_icaljs_and_the_python_parsers_read_the_same_events_and_cards(icaljs, tmp_path):
    vault = example_with_birthdays(tmp_path / "vault")
    files = {name: tmp_path / name for name in
             ("calendar.ics", "invitation.ics", "cancellation.ics", "contacts.vcf")}
    for args in (("export", "ics", "--out", str(files["calendar.ics"])),
                 ("export", "vcard", "--out", str(files["contacts.vcf"])),
                 ("invite", "jose", "--out", str(files["invitation.ics"])),
                 ("invite", "jose", "--cancel", "--out", str(files["cancellation.ics"]))):
        result = kith(vault, *args)
        assert result.exit_code == 0, result.output
    thunderbird = read_with_icaljs(icaljs, list(files.values()))

    for name in ("calendar.ics", "invitation.ics", "cancellation.ics"):
        ours = python_calendar(files[name].read_bytes())
        theirs = thunderbird[name]
        assert theirs["method"] == ours["method"]
        assert len(theirs["events"]) == len(ours["events"]) > 0
        for js, py in zip(theirs["events"], ours["events"], strict=True):
            js["rrule"], py["rrule"] = _recurrence(js["rrule"]), _recurrence(py["rrule"])
            assert js == py, name
    calendar = thunderbird["calendar.ics"]["events"]
    assert any(e["rrule"] for e in calendar)  # the birthdays, yearly
    summer = next(e for e in calendar if e["uid"].startswith("2027-06-15-maya-okafor"))
    assert (summer["start"], summer["end"]) == ("2027-06-15T13:00:00Z", "2027-06-15T14:00:00Z")
    invitation = thunderbird["invitation.ics"]
    cancellation = thunderbird["cancellation.ics"]
    assert (invitation["method"], cancellation["method"]) == ("REQUEST", "CANCEL")
    assert invitation["events"][0]["attendees"][0]["address"] == "mailto:jose.nunez@example.org"
    assert cancellation["events"][0]["sequence"] > invitation["events"][0]["sequence"]
    assert cancellation["events"][0]["status"] == "CANCELLED"

    cards = thunderbird["contacts.vcf"]
    assert cards == python_cards(files["contacts.vcf"].read_text(encoding="utf-8"))
    assert len(cards) == 13
    # Thunderbird showed an escaped `\;` in notes joined with `;`: none is left.
    assert not any("\\;" in (card["note"] or "") for card in cards)
    assert any("\n" in (card["note"] or "") for card in cards)
    assert sorted(card["bday"] for card in cards if card["bday"]) == [
        "1604-05-17", "1987-02-09"]  # 1604: Apple's year for "no year", as vCard 3.0 has none
