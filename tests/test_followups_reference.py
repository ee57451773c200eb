"""The follow-up list against a plain reference of its rules, item for item and in order.

`followups._Rules` is written for speed (sort keys made with each item, the
company index made once, bodies asked only what a rule needs). The reference
below reads each rule as the format states it, one person at a time, over the
same person facts (`timeline` has its own tests), with nothing cached and the
order made by `FollowUp.group`. Hypothesis draws small vaults that reach every
rule; generated vaults check it at scale on several dates. Action texts are
held to exact strings by the rule table and the campaign tests.
"""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kithbook.followups import (
    BIRTHDAY_GRACE_DAYS,
    CONFIRM_DAYS_AHEAD,
    GROUP_ORDER,
    FollowUp,
    Reason,
    follow_ups,
)
from kithbook.load import load_vault
from kithbook.model import (
    CONVERSATIONS,
    Birthday,
    Kind,
    Outcome,
    Period,
    Person,
    Referral,
    Status,
    Touch,
    TouchStatus,
    Vault,
)
from kithbook.referrals import ReferralIndex
from kithbook.reminders import reminders
from kithbook.settings import Settings, read_settings
from kithbook.timeline import INACTIVE, PersonFacts, person_facts

from . import conftest
from .conftest import REPO, TODAY

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate_vault

Found = tuple[str, Reason, dt.date, str | None]  # slug, reason, due, touch id


def reference(vault: Vault, config: Settings, today: dt.date,
              within: dt.timedelta | None = None) -> list[tuple[str, str, dt.date, int, str | None]]:
    """The list as the format describes it: (person, reason, due, days overdue, touch)."""
    facts = person_facts(vault, config, today)
    index = ReferralIndex(vault.people.values())
    items: list[FollowUp] = []
    for fact in facts.values():
        person = fact.person
        if person.status in INACTIVE:
            continue
        first = _reminders(person) + _birthday(fact, today) + _congratulate(fact)
        middle = (_thank_you(fact, config) + _outreach(fact, facts, config)
                  + _keep_in_touch(fact) + _referral_loops(fact, facts, index, config, today)
                  + _advice_loops(fact, today) + _meetings(fact, today)
                  + _reply(fact, config) + _no_show(fact))
        kept = [item for found in middle if (item := _snoozed(person, found, today))]
        last = _after_snooze(fact, today) if not kept else []
        items += [item for found in first if (item := _snoozed(person, found, today))]
        items += kept
        items += [item for found in last if (item := _snoozed(person, found, today))]
    horizon = today + within if within is not None else config.due_soon.after(today)
    items = [item for item in items if item.due <= horizon]
    items.sort(key=lambda i: (-i.days_overdue, GROUP_ORDER.index(i.group), i.person, i.reason))
    return [(i.person, i.reason.value, i.due, i.days_overdue, i.touch) for i in items]


def _snoozed(person: Person, found: Found, today: dt.date) -> FollowUp | None:
    """A snooze hides an item until its last day, then moves it there; reminders and
    birthdays are dates of your own and stay."""
    slug, reason, due, touch = found
    if person.snooze_until and reason not in (Reason.REMINDER, Reason.BIRTHDAY):
        if person.snooze_until > today:
            return None
        due = max(due, person.snooze_until)
    return FollowUp(slug, reason, due, (today - due).days, "", touch)


def _told_on_or_after(fact: PersonFacts, day: dt.date) -> bool:
    return fact.timeline.last_told is not None and fact.timeline.last_told >= day


def _reminders(person: Person) -> list[Found]:
    return [(person.slug, Reason.REMINDER, r.due, None)
            for r in reminders(person.body.text, person.body.first_line)
            if r.due is not None and not r.done]


def _birthday(fact: PersonFacts, today: dt.date) -> list[Found]:
    if fact.person.birthday is None:
        return []
    day = fact.person.birthday.on_or_after(today - dt.timedelta(days=BIRTHDAY_GRACE_DAYS))
    return [] if _told_on_or_after(fact, day) else [(fact.person.slug, Reason.BIRTHDAY, day, None)]


def _congratulate(fact: PersonFacts) -> list[Found]:
    news = fact.timeline.news
    if news is None or _told_on_or_after(fact, news.date):
        return []
    return [(fact.person.slug, Reason.CONGRATULATE, news.date, news.id)]


def _thank_you(fact: PersonFacts, config: Settings) -> list[Found]:
    held, thanked = fact.timeline.last_held, fact.timeline.last_thank_you
    if held is None or (thanked is not None and thanked >= held.date):
        return []
    return [(fact.person.slug, Reason.THANK_YOU, config.thank_you_within.after(held.date), held.id)]


def _outreach(fact: PersonFacts, facts: dict[str, PersonFacts], config: Settings) -> list[Found]:
    sent, person = fact.timeline.last_outreach, fact.person
    if sent is None or fact.timeline.answered:
        return []
    colleague = person.company and any(
        other.person.company == person.company and other.person.slug != person.slug
        and other.last_contact is not None and other.last_contact >= sent.date
        for other in facts.values())
    second = [] if colleague else [(person.slug, Reason.SECOND_CONTACT,
                                    config.second_contact_after.after(sent.date), sent.id)]
    return [*second, (person.slug, Reason.NUDGE, config.nudge_after.after(sent.date), sent.id)]


def _keep_in_touch(fact: PersonFacts) -> list[Found]:
    if fact.next_due is None or fact.last_contact is None or fact.timeline.planned:
        return []
    touch = fact.timeline.last_contact_touch
    return [(fact.person.slug, Reason.KEEP_IN_TOUCH, fact.next_due, touch.id if touch else None)]


def _referral_loops(fact: PersonFacts, facts: dict[str, PersonFacts], index: ReferralIndex,
                    config: Settings, today: dt.date) -> list[Found]:
    """Each person they referred (from the touch's day) or introduced (from your first
    touch with them), once, met since and not with them: tell them how it went."""
    past = [t for t in sorted(fact.touches, key=lambda t: t.sort_key) if t.date <= today]
    referred: dict[str, dt.date] = {}
    for touch in past:
        for referral in touch.referrals:
            slug = index.match(referral)
            if slug is not None and slug != fact.person.slug:
                referred.setdefault(slug, touch.date)
    for slug in fact.introduced:
        if past and slug != fact.person.slug:
            referred.setdefault(slug, past[0].date)
    found: list[Found] = []
    told = fact.timeline.last_told
    for slug, since in referred.items():
        other = facts[slug]
        if other.timeline.last_held is None or other.timeline.last_held.date < since:
            continue
        met = [t for t in sorted(other.touches, key=lambda t: t.sort_key)
               if t.kind in CONVERSATIONS and since <= t.date <= today]
        if not met or (told is not None and told > met[0].date) \
                or fact.person.slug in met[0].with_:
            continue
        found.append((fact.person.slug, Reason.CLOSE_LOOP_REFERRAL,
                      config.close_loop_within.after(met[0].date), met[0].id))
    return found


def _advice_loops(fact: PersonFacts, today: dt.date) -> list[Found]:
    """Done advice from a past touch that the advisor has not heard about since (no
    later touch of yours): due today, newest touch first."""
    told = fact.timeline.last_told
    return [(fact.person.slug, Reason.CLOSE_LOOP_ADVICE, today, touch.id)
            for touch in fact.touches
            if touch.date <= today and (told is None or told <= touch.date)
            and any(task.done for task in touch.body.tasks_under("advice"))]


def _meetings(fact: PersonFacts, today: dt.date) -> list[Found]:
    found: list[Found] = []
    person = fact.person
    for touch in fact.timeline.planned:
        if not (person.research and person.questions):
            found.append((person.slug, Reason.PREPARE, touch.date, touch.id))
        if (touch.date - today).days <= CONFIRM_DAYS_AHEAD:
            found.append((person.slug, Reason.CONFIRM, touch.date - dt.timedelta(days=1),
                          touch.id))
    return found


def _reply(fact: PersonFacts, config: Settings) -> list[Found]:
    reply, line = fact.timeline.last_reply, fact.timeline
    if reply is None:
        return []
    talked = line.last_conversation is not None and line.last_conversation >= reply.date
    told = line.last_told is not None and line.last_told > reply.date
    if reply.outcome is Outcome.YES and not talked:
        return [(fact.person.slug, Reason.SCHEDULE, reply.date + dt.timedelta(days=1), reply.id)]
    if reply.outcome is Outcome.LATER and not (talked or told):
        due = reply.until or config.nudge_after.after(reply.date)
        return [(fact.person.slug, Reason.GET_BACK, due, reply.id)]
    return []


def _no_show(fact: PersonFacts) -> list[Found]:
    missed, line = fact.timeline.no_show, fact.timeline
    if missed is None or (line.last_conversation is not None
                          and line.last_conversation >= missed.date):
        return []
    return [(fact.person.slug, Reason.RESCHEDULE, missed.date + dt.timedelta(days=1), missed.id)]


def _after_snooze(fact: PersonFacts, today: dt.date) -> list[Found]:
    until, line = fact.person.snooze_until, fact.timeline
    if until is None or until > today or line.first_met or line.planned \
            or line.last_contact_touch is None or _told_on_or_after(fact, until) \
            or (line.last_reply is not None and line.last_reply.outcome is Outcome.NO):
        return []
    return [(fact.person.slug, Reason.GET_BACK, until, line.last_contact_touch.id)]


def listed(vault: Vault, config: Settings, today: dt.date,
           within: dt.timedelta | None = None) -> list[tuple[str, str, dt.date, int, str | None]]:
    return [(i.person, i.reason.value, i.due, i.days_overdue, i.touch)
            for i in follow_ups(vault, config, today, within=within)]


# Small vaults that reach every rule -----------------------------------------------------

SLUGS = ("ada", "bob", "cy", "di")
DAYS = st.one_of(st.dates(TODAY - dt.timedelta(days=60), TODAY),
                 st.dates(TODAY, TODAY + dt.timedelta(days=12)))
SECTIONS = (  # each drawn on its own: a body may have any mix of them
    ("", "## Research\nRead the blog.\n", "## Research\n\n"),
    ("", "## Questions\n- [ ] Why?\n", "## Questions\n- [x] Asked\n", "## Questions\nNone yet.\n"),
    ("", "## Advice\n- [x] Learn SQL\n- [ ] Ship\n", "## Advice\n- [ ] Not yet\n",
     "## Notes\n- [X] not advice\n"),
    ("", "## Reminders\n- [ ] Send the deck \U0001F4C5 2026-11-20\n- [x] Done \U0001F4C5 2026-11-01\n",
     "## Reminders\n- [ ] Ask about the role [due:: 2026-12-01]\n"),
    ("", "Call back, please.\n", "```\n## Research\nin a fence\n```\n"),
)
BODIES = st.tuples(*(st.sampled_from(parts) for parts in SECTIONS)).map("\n".join)
PERIODS = st.sampled_from([None, Period(10, "d"), Period(2, "w"), Period(1, "m"), Period(3, "b")])


@st.composite
def people(draw: st.DrawFn) -> list[Person]:
    found = []
    for slug in draw(st.lists(st.sampled_from(SLUGS), min_size=1, max_size=4, unique=True)):
        found.append(conftest.person(
            slug, body=draw(BODIES), company=draw(st.sampled_from([None, "Acme", "Initech"])),
            cadence=draw(PERIODS), never_remind=draw(st.booleans()),
            snooze_until=draw(st.none() | DAYS),
            status=draw(st.sampled_from([Status.ACTIVE, Status.ACTIVE, Status.PAUSED])),
            introduced_by=draw(st.sampled_from([None, *SLUGS])),
            birthday=draw(st.none() | st.builds(Birthday, st.integers(1, 12),
                                                st.integers(1, 28),
                                                st.none() | st.just(1990))),
            tags=draw(st.sampled_from([(), ("mentor",)])),
            aka=draw(st.sampled_from([(), ("Robert",)]))))
    return found


@st.composite
def touches(draw: st.DrawFn, slugs: list[str]) -> list[Touch]:
    found = []
    for number in range(draw(st.integers(0, 9))):
        kind = draw(st.sampled_from(list(Kind)))
        with_ = draw(st.lists(st.sampled_from(slugs), min_size=1, max_size=2, unique=True))
        referrals = draw(st.lists(st.sampled_from([
            Referral("bob", "bob"), Referral("Cy", None), Referral("Robert, at Acme", None),
            Referral("Zed Nobody", None), Referral("di", "di")]), max_size=2))
        found.append(conftest.touch(
            draw(DAYS).isoformat(), kind, *with_, id=f"t{number}", body=draw(BODIES),
            referrals=tuple(referrals),
            outcome=draw(st.sampled_from([None, *Outcome])) if kind is Kind.REPLY else None,
            until=draw(st.none() | DAYS) if kind is Kind.REPLY else None,
            status=draw(st.sampled_from([None, None, *TouchStatus]))
            if kind in CONVERSATIONS else None,
            congratulate=kind is Kind.NOTE and draw(st.booleans())))
    return found


@st.composite
def vaults(draw: st.DrawFn) -> Vault:
    found = draw(people())
    made = draw(touches([p.slug for p in found]))
    return Vault(root=".", people={p.slug: p for p in found},
                 touches=tuple(sorted(made, key=lambda t: t.sort_key)))


CONFIGS = (  # the defaults (days and business days), and weeks and months
    Settings(tag_cadence={"mentor": Period(15, "d")}),
    Settings(thank_you_within=Period(1, "w"), second_contact_after=Period(1, "m"),
             nudge_after=Period(2, "w"), close_loop_within=Period(10, "d"),
             default_cadence=None, due_soon=Period(3, "w")),
)


@settings(max_examples=400, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(vaults(), st.sampled_from(CONFIGS), st.sampled_from([TODAY, TODAY + dt.timedelta(days=9)]),
       st.sampled_from([None, dt.timedelta(days=365)]))
def test_the_list_is_the_reference_on_small_vaults(vault, config, today, within):
    assert listed(vault, config, today, within) == reference(vault, config, today, within)


@pytest.mark.parametrize("today", [dt.date(2025, 6, 30), TODAY, dt.date(2027, 2, 1)])
def test_the_list_is_the_reference_on_a_generated_vault(tmp_path_factory, today):
    root = tmp_path_factory.getbasetemp() / "generated-followups"
    if not root.exists():
        generate_vault(root, people=300, touches=1500, seed=11)
    vault = load_vault(root, read_settings(root))
    expected = reference(vault, Settings(), today, dt.timedelta(days=365))
    assert len(expected) > 200
    assert listed(vault, Settings(), today, dt.timedelta(days=365)) == expected
