"""Every follow-up rule and its edges, table-driven, over in-memory vaults."""

from __future__ import annotations

import datetime as dt
import json
from functools import partial

import pytest

from kithbook.followups import follow_ups
from kithbook.model import Kind, Period, Person, Status, Touch, Vault
from kithbook.settings import Settings

from . import conftest
from .conftest import TODAY, kith, touch

RESEARCHED = "## Research\nRead the blog.\n\n## Questions\n- [ ] Why?\n"


# Researched people by default, so the research rule stays quiet unless a case wants it.
person = partial(conftest.person, body=RESEARCHED)


def due(people: list[Person], touches: list[Touch], settings: Settings | None = None,
        today: dt.date = TODAY) -> list[tuple[str, str, str]]:
    vault = Vault(root=".", people={p.slug: p for p in people},
                  touches=tuple(sorted(touches, key=lambda t: t.sort_key)))
    return [(i.person, i.reason.value, i.due.isoformat())
            for i in follow_ups(vault, settings or Settings(), today)]


MET = [touch("2026-11-01", Kind.COFFEE), touch("2026-11-01", Kind.THANK_YOU)]

CASES = {
    "no touches at all": ([person()], [], []),
    "only a planned meeting, far off": ([person()], [touch("2027-03-01", Kind.COFFEE)], []),
    "a planned meeting within two days is to confirm": (
        [person()], [touch("2026-11-27", Kind.CALL)], [("ada", "confirm", "2026-11-26")]),
    "a planned meeting with no research is to prepare": (
        [person(body="")], [touch("2026-12-05", Kind.VIDEO)],
        [("ada", "prepare", "2026-12-05")]),
    "a conversation yesterday with no thank-you": (
        [person()], [touch("2026-11-25", Kind.COFFEE)], [("ada", "thank-you", "2026-11-26")]),
    "a thank-you sent the same day": (
        [person()], [touch("2026-11-25", Kind.COFFEE), touch("2026-11-25", Kind.THANK_YOU)], []),
    "several people on one touch each get a thank-you": (
        [person("ada"), person("bob")], [touch("2026-11-24", Kind.EVENT, "ada", "bob")],
        [("ada", "thank-you", "2026-11-25"), ("bob", "thank-you", "2026-11-25")]),
    "a thank-you to one of two people leaves the other owed": (
        [person("ada"), person("bob")],
        [touch("2026-11-24", Kind.EVENT, "ada", "bob"), touch("2026-11-25", Kind.THANK_YOU)],
        [("bob", "thank-you", "2026-11-25")]),
    "outreach unanswered: the 3B7 routine": (
        [person(company="Acme")], [touch("2026-11-16", Kind.OUTREACH)],
        [("ada", "second-contact", "2026-11-19"), ("ada", "nudge", "2026-11-25")]),
    "outreach answered by a meeting": (
        [person()], [touch("2026-11-16", Kind.OUTREACH), touch("2026-11-20", Kind.CALL),
                     touch("2026-11-20", Kind.THANK_YOU)], []),
    "outreach answered by a planned meeting": (
        [person()], [touch("2026-11-16", Kind.OUTREACH), touch("2027-01-20", Kind.CALL)], []),
    "a colleague reached: only the nudge remains": (
        [person(company="Acme"), person("bob", company="Acme")],
        [touch("2026-11-16", Kind.OUTREACH), touch("2026-11-20", Kind.OUTREACH, "bob")],
        [("ada", "nudge", "2026-11-25"), ("bob", "second-contact", "2026-11-25"),
         ("bob", "nudge", "2026-12-01")]),
    "outreach on a Friday: business days skip the weekend": (
        [person()], [touch("2026-11-20", Kind.OUTREACH)],
        [("ada", "second-contact", "2026-11-25"), ("ada", "nudge", "2026-12-01")]),
    "keep in touch: default cadence from the last contact": (
        [person()], [touch("2026-08-01", Kind.COFFEE), touch("2026-08-02", Kind.THANK_YOU)],
        [("ada", "keep-in-touch", "2026-10-31")]),
    "a back-dated touch counts for its own date": (
        [person(cadence=Period(30, "d"))],
        [*MET, touch("2026-11-20", Kind.FOLLOW_UP)], []),
    "a note is not contact": (
        [person(cadence=Period(20, "d"))], [*MET, touch("2026-11-20", Kind.NOTE)],
        [("ada", "keep-in-touch", "2026-11-21")]),
    "a planned touch does not reset the clock but suppresses the hello": (
        [person(cadence=Period(20, "d"))], [*MET, touch("2026-12-20", Kind.COFFEE)], []),
    "snooze in the future hides everything": (
        [person(cadence=Period(20, "d"), snooze_until=dt.date(2026, 12, 1))], MET, []),
    "snooze in the past: due again, from the snooze's end": (
        [person(cadence=Period(10, "d"), snooze_until=dt.date(2026, 11, 20))], MET,
        [("ada", "keep-in-touch", "2026-11-20")]),
    "paused people are left out": ([person(status=Status.PAUSED)],
                                   [touch("2026-11-25", Kind.COFFEE)], []),
    "declined people are left out": ([person(status=Status.DECLINED)],
                                     [touch("2026-11-16", Kind.OUTREACH)], []),
    "archived people are left out": ([person(status=Status.ARCHIVED, cadence=Period(1, "d"))],
                                     MET, []),
    "cadence never": ([person(never_remind=True)], [touch("2025-01-01", Kind.COFFEE),
                                                    touch("2025-01-01", Kind.THANK_YOU)], []),
    "a tag default beats the global default": (
        [person(tags=("mentor",))], MET, [("ada", "keep-in-touch", "2026-11-11")]),
    "a person's own cadence beats the tag default": (
        [person(tags=("mentor",), cadence=Period(1, "y"))], MET, []),
    "a referral met: tell the referrer": (
        [person("ada"), person("bob")],
        [touch("2026-10-01", Kind.COFFEE, "ada", referrals=()),
         touch("2026-10-01", Kind.THANK_YOU, "ada"),
         touch("2026-11-20", Kind.CALL, "bob"), touch("2026-11-20", Kind.THANK_YOU, "bob")],
        []),
    "advice done and not reported": (
        [person(cadence=Period(1, "y"))],
        [touch("2026-10-01", Kind.COFFEE, body="## Advice\n- [x] Learn SQL\n")],
        [("ada", "thank-you", "2026-10-02"), ("ada", "close-loop-advice", "2026-11-26")]),
    "advice done, then a thank-you: any later touch but a note closes the loop": (
        [person(cadence=Period(1, "y"))],
        [touch("2026-10-01", Kind.COFFEE, body="## Advice\n- [x] Learn SQL\n"),
         touch("2026-10-02", Kind.THANK_YOU)], []),
    "advice done, then only a note and their reply: still owed": (
        [person(cadence=Period(1, "y"))],
        [touch("2026-10-01", Kind.COFFEE, body="## Advice\n- [x] Learn SQL\n"),
         touch("2026-10-01", Kind.THANK_YOU), touch("2026-10-05", Kind.NOTE),
         touch("2026-10-06", Kind.REPLY)], [("ada", "close-loop-advice", "2026-11-26")]),
    "advice done and reported in a follow-up": (
        [person(cadence=Period(1, "y"))],
        [touch("2026-10-01", Kind.COFFEE, body="## Advice\n- [x] Learn SQL\n"),
         touch("2026-10-02", Kind.THANK_YOU), touch("2026-11-01", Kind.FOLLOW_UP)], []),
}


@pytest.mark.parametrize(("people", "touches", "expected"), CASES.values(), ids=CASES.keys())
def test_rule(people, touches, expected):
    settings = Settings(tag_cadence={"mentor": Period(10, "d")})
    assert due(people, touches, settings) == expected


def test_close_the_loop_on_a_referral():
    from kithbook.model import Referral

    ada, bob = person("ada", cadence=Period(1, "y")), person("bob", cadence=Period(1, "y"))
    touches = [touch("2026-10-01", Kind.COFFEE, "ada", referrals=(Referral("bob", "bob"),)),
               touch("2026-10-01", Kind.THANK_YOU, "ada"),
               touch("2026-11-20", Kind.CALL, "bob"), touch("2026-11-20", Kind.THANK_YOU, "bob")]
    assert due([ada, bob], touches) == [("ada", "close-loop-referral", "2026-11-27")]
    told = [*touches, touch("2026-11-22", Kind.FOLLOW_UP, "ada")]
    assert due([ada, bob], told) == []


def test_introduced_by_also_closes_the_loop():
    ada = person("ada", cadence=Period(1, "y"))
    bob = person("bob", cadence=Period(1, "y"), introduced_by="ada")
    touches = [*MET, touch("2026-11-24", Kind.CALL, "bob"), touch("2026-11-24", Kind.THANK_YOU, "bob")]
    assert ("ada", "close-loop-referral", "2026-12-01") in due([ada, bob], touches)


def test_most_overdue_comes_first_and_the_horizon_is_due_soon():
    people = [person("ada", cadence=Period(10, "d")), person("bob", cadence=Period(30, "d")),
              person("cy", cadence=Period(40, "d"))]
    touches = [touch("2026-10-01", Kind.FOLLOW_UP, p.slug) for p in people]
    # ada due 10-11 (46 days over), bob 10-31 (26 over), cy 11-10 (16 over)
    assert [p for p, *_ in due(people, touches)] == ["ada", "bob", "cy"]
    later = [touch("2026-11-20", Kind.FOLLOW_UP, "cy")]  # cy now due 2026-12-30: beyond 14d
    assert [p for p, *_ in due(people, touches + later)] == ["ada", "bob"]


def test_kith_due_prints_the_same_list_and_exits_three(make_vault, monkeypatch):
    root = make_vault({
        "people/ada.md": "---\nname: Ada\ncompany: Acme\n---\n",
        "meetings/m.md": "---\ndate: 2026-11-16\nwith: ada\nkind: outreach\n---\n",
    })
    monkeypatch.chdir(root)
    result = kith(None, "due", "--json")
    assert result.exit_code == 3
    assert [(i["reason"], i["due"], i["state"]) for i in json.loads(result.stdout)] == [
        ("second-contact", "2026-11-19", "overdue"), ("nudge", "2026-11-25", "overdue")]
    early = kith(None, "due", "--today", "2026-11-17")
    assert early.exit_code == 0
    assert "in 2d" in early.stdout and "reach out to a second person at Acme" in early.stdout
    none = kith(None, "due", "--today", "2026-11-16", "--within", "0")
    assert none.stdout.strip() == "Nothing to do as of 2026-11-16."


def test_bad_today_is_a_usage_error(make_vault, monkeypatch):
    monkeypatch.chdir(make_vault({}))
    result = kith(None, "due", "--today", "2026-02-30")
    assert result.exit_code == 2
    assert "February 2026 has 28 days" in result.stderr
