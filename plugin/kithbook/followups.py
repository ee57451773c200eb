"""Who is owed what, today: the list behind the Follow-ups page and `kith due`.

One pure function, `follow_ups(vault, settings, today)`, applies every rule
of the format (thank-yous, the 3B7 outreach routine, keep-in-touch cadences,
closing the loop, preparing and confirming meetings) and returns items
sorted most urgent first. Dates are the dates touches happened, never when
they were written down.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Callable
from enum import StrEnum
from operator import itemgetter
from typing import NamedTuple

from kithbook.collector import collector_paused
from kithbook.model import CONVERSATIONS, Outcome, Period, Person, Touch, Vault
from kithbook.referrals import ReferralIndex, referral_index
from kithbook.reminders import may_have_reminders, reminders
from kithbook.settings import Settings
from kithbook.timeline import INACTIVE, PersonFacts, Timeline, person_facts


class Reason(StrEnum):
    THANK_YOU = "thank-you"
    SECOND_CONTACT = "second-contact"
    NUDGE = "nudge"
    KEEP_IN_TOUCH = "keep-in-touch"
    CLOSE_LOOP_REFERRAL = "close-loop-referral"
    CLOSE_LOOP_ADVICE = "close-loop-advice"
    PREPARE = "prepare"
    CONFIRM = "confirm"
    SCHEDULE = "schedule"
    GET_BACK = "get-back"
    RESCHEDULE = "reschedule"
    REMINDER = "reminder"
    BIRTHDAY = "birthday"
    CONGRATULATE = "congratulate"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def group(self) -> str:
        """The heading it is listed under on the site and in the terminal."""
        return _GROUPS[self]


_LABELS = {
    Reason.THANK_YOU: "thank-you owed",
    Reason.SECOND_CONTACT: "no reply: try a second person",
    Reason.NUDGE: "no reply: follow up",
    Reason.KEEP_IN_TOUCH: "keep in touch",
    Reason.CLOSE_LOOP_REFERRAL: "close the loop: introduction",
    Reason.CLOSE_LOOP_ADVICE: "close the loop: advice",
    Reason.PREPARE: "prepare",
    Reason.CONFIRM: "confirm",
    Reason.SCHEDULE: "they said yes: schedule it",
    Reason.GET_BACK: "get back to them",
    Reason.RESCHEDULE: "missed: reschedule",
    Reason.REMINDER: "reminder",
    Reason.BIRTHDAY: "birthday",
    Reason.CONGRATULATE: "congratulate them",
}
_GROUPS = {
    Reason.THANK_YOU: "Thank-yous owed",
    Reason.SECOND_CONTACT: "Nudges",
    Reason.NUDGE: "Nudges",
    Reason.CLOSE_LOOP_REFERRAL: "Close the loop",
    Reason.CLOSE_LOOP_ADVICE: "Close the loop",
    Reason.PREPARE: "Prepare for meetings",
    Reason.CONFIRM: "Prepare for meetings",
    Reason.KEEP_IN_TOUCH: "Due soon",
    Reason.SCHEDULE: "To arrange",
    Reason.RESCHEDULE: "To arrange",
    Reason.GET_BACK: "Nudges",
    Reason.REMINDER: "Reminders",
    Reason.BIRTHDAY: "Reminders",
    Reason.CONGRATULATE: "Reminders",
}
# The reasons as names for the rules: Python 3.11 reads `Reason.X` through the enum
# type's `__getattr__` hook, several times dearer than a global (timeline.py does the same).
_THANK_YOU, _SECOND_CONTACT, _NUDGE = Reason.THANK_YOU, Reason.SECOND_CONTACT, Reason.NUDGE
_KEEP_IN_TOUCH, _PREPARE, _CONFIRM = Reason.KEEP_IN_TOUCH, Reason.PREPARE, Reason.CONFIRM
_CLOSE_LOOP_REFERRAL, _CLOSE_LOOP_ADVICE = Reason.CLOSE_LOOP_REFERRAL, Reason.CLOSE_LOOP_ADVICE
_SCHEDULE, _GET_BACK, _RESCHEDULE = Reason.SCHEDULE, Reason.GET_BACK, Reason.RESCHEDULE
_REMINDER, _BIRTHDAY, _CONGRATULATE = Reason.REMINDER, Reason.BIRTHDAY, Reason.CONGRATULATE
# "Due today" when due:
_ON_THE_DAY = frozenset((Reason.KEEP_IN_TOUCH, Reason.REMINDER, Reason.BIRTHDAY,
                        Reason.CONGRATULATE))
_NOT_SNOOZED = frozenset((Reason.REMINDER, Reason.BIRTHDAY))  # dates you set: a snooze keeps them
CONFIRM_DAYS_AHEAD = 2  # a confirmation a week early is noise
BIRTHDAY_GRACE_DAYS = 2  # a belated wish is still kind; after that the day has passed
_ONE_DAY, _BIRTHDAY_GRACE = dt.timedelta(days=1), dt.timedelta(days=BIRTHDAY_GRACE_DAYS)
GROUP_ORDER = ("Overdue", "Due today", "Thank-yous owed", "Nudges", "To arrange",
               "Close the loop", "Reminders", "Prepare for meetings", "Due soon")
_GROUP_RANK = {group: rank for rank, group in enumerate(GROUP_ORDER)}
_REASON_RANK = {reason: _GROUP_RANK[group] for reason, group in _GROUPS.items()}
_OVERDUE_RANK, _TODAY_RANK = _GROUP_RANK["Overdue"], _GROUP_RANK["Due today"]


def _group_rank(days_overdue: int, reason: Reason) -> int:
    """Where an item stands in GROUP_ORDER: overdue first, then what is due today, then by
    its reason's group."""
    if days_overdue > 0:
        return _OVERDUE_RANK
    if days_overdue == 0 and reason in _ON_THE_DAY:
        return _TODAY_RANK
    return _REASON_RANK[reason]


class FollowUp(NamedTuple):
    """One thing to do: for whom, why, by when, and the touch that caused it.

    A named tuple rather than a frozen dataclass: thousands are made per build.
    """

    person: str  # slug
    reason: Reason
    due: dt.date
    days_overdue: int  # negative: days left
    action: str
    touch: str | None = None  # id of the touch that caused it

    @property
    def state(self) -> str:
        """overdue, due (today) or soon: shown as a word and a colour."""
        if self.days_overdue > 0:
            return "overdue"
        return "due" if self.days_overdue == 0 else "soon"

    @property
    def group(self) -> str:
        return GROUP_ORDER[_group_rank(self.days_overdue, self.reason)]

    def as_json(self) -> dict[str, object]:
        """The item as `kith due --json` prints it (a stable, documented shape)."""
        return {"person": self.person, "reason": self.reason.value,
                "due": self.due.isoformat(), "days_overdue": self.days_overdue,
                "state": self.state, "action": self.action, "touch": self.touch}


def follow_ups(
    vault: Vault, settings: Settings, today: dt.date, *, within: dt.timedelta | None = None,
    facts: dict[str, PersonFacts] | None = None,
) -> list[FollowUp]:
    """Everything due by `today + within` (default `due_soon`), most urgent first.

    A build or a command asks its `Snapshot` instead, which works the list out once;
    `facts` saves recomputing `person_facts` where the caller has them for the same day.
    """
    facts = facts if facts is not None else person_facts(vault, settings, today)
    items = all_follow_ups(facts, settings, today, referral_index(vault))
    return due_by(items, due_horizon(settings, today, within))


def due_horizon(settings: Settings, today: dt.date, within: dt.timedelta | None = None
                ) -> dt.date:
    """The last day a list of what is due reaches: `today + within`, by default the
    `due_soon` setting ahead (the Follow-ups page says which day)."""
    return today + within if within is not None else settings.due_soon.after(today)


def due_by(items: list[FollowUp], horizon: dt.date) -> list[FollowUp]:
    """The items due on or before `horizon`, of a list `all_follow_ups` made: it is sorted
    by due date first (most overdue first), so they are the items before a cut."""
    return items[:bisect.bisect_right(items, horizon, key=_DUE)]


def all_follow_ups(facts: dict[str, PersonFacts], settings: Settings, today: dt.date,
                   referrals: ReferralIndex) -> list[FollowUp]:
    """Every follow-up the rules find, however far ahead, most urgent first; `referrals`
    is the vault's one index (`referrals.referral_index`)."""
    rules = _Rules(facts, settings, today, referrals)
    with collector_paused():  # the rules make items and free next to nothing
        for person, touches, line, next_due, introduced in facts.values():
            if person.status not in INACTIVE:
                rules.for_person(person, touches, line, next_due, introduced)
    found = rules.found  # (sort key, item): most overdue first, then by heading, person, reason
    found.sort(key=_FIRST)
    return [item for _, item in found]


_FIRST, _DUE = itemgetter(0), itemgetter(2)
_follow_up = functools.partial(tuple.__new__, FollowUp)  # FollowUp(...) without its Python __new__


def grouped(items: list[FollowUp]) -> list[tuple[str, list[FollowUp]]]:
    """Follow-ups under their headings, in the page's order; empty groups left out."""
    groups: dict[str, list[FollowUp]] = {group: [] for group in GROUP_ORDER}
    for item in items:
        groups[item.group].append(item)
    return [(group, found) for group, found in groups.items() if found]


def told_since(line: Timeline, day: dt.date) -> bool:
    """Whether they have heard from you (a follow-up or a conversation) after `day`.

    Closing the loop on advice: done advice from a touch on `day` is owed an
    update until then. The Advice page flags the same items.
    """
    return line.last_told is not None and line.last_told > day


class _Rules:
    def __init__(self, facts: dict[str, PersonFacts], settings: Settings, today: dt.date,
                 referrals: ReferralIndex) -> None:
        self.facts = facts
        self.referral_index = referrals
        self.settings = settings
        self.today = today
        self.today_number = today.toordinal()  # days overdue by subtraction of numbers
        self.found: list[tuple[tuple[int, int, str, Reason], FollowUp]] = []
        self.thank_you_due = _after(settings.thank_you_within)
        self.second_contact_due = _after(settings.second_contact_after)
        self.nudge_due = _after(settings.nudge_after)
        self.close_loop_due = _after(settings.close_loop_within)

    @functools.cached_property
    def latest_at_company(self) -> dict[str, list[tuple[dt.date, str]]]:
        """The two most recently contacted people at each company: enough to tell
        whether someone other than a given person was reached. Made only when some
        outreach is unanswered."""
        latest: dict[str, list[tuple[dt.date, str]]] = {}
        for person, _, line, _, _ in self.facts.values():  # see `for_person`
            if person.company and (last := line.last_contact_touch):
                latest.setdefault(person.company, []).append((last.date, person.slug))
        for found in latest.values():
            if len(found) > 2:  # sorted once a company, not once a person
                found.sort(reverse=True)
                del found[2:]
        return latest

    def add(self, person: Person, reason: Reason, due: dt.date, action: str,
            touch: Touch | None = None) -> None:
        """Record an item; a snooze defers it to the snooze's last day (never hides it)."""
        snooze = person.snooze_until
        if snooze is not None and reason not in _NOT_SNOOZED:
            if snooze > self.today:
                return  # still snoozed: it comes back on the snooze's last day
            due = max(due, snooze)
        days = self.today_number - due.toordinal()
        slug = person.slug
        rank = _group_rank(days, reason) if days >= 0 else _REASON_RANK[reason]
        self.found.append(((-days, rank, slug, reason), _follow_up(
            (slug, reason, due, days, action, touch.id if touch else None))))

    def for_person(self, person: Person, touches: tuple[Touch, ...], line: Timeline,
                   next_due: dt.date | None, introduced: tuple[str, ...]) -> None:
        """Every rule for one person, given their facts field by field (`PersonFacts` in
        order): a named tuple's field is a lookup Python does not speed up, and the rules
        read them over and over."""
        # Each rule runs only where the timeline says it may apply.
        if may_have_reminders(person.body.text):
            self.reminders(person)
        if person.birthday:
            self.birthday(person, line)
        if line.news:
            self.congratulate(person, line, line.news)
        count = len(self.found)
        if line.last_held:
            self.thank_you(person, line)
        if line.last_outreach and not line.answered:
            self.outreach(person, line)
        if next_due:
            self.keep_in_touch(person, line, next_due)
        if introduced or line.gave_referrals:
            self.referral_loops(person, touches, line, introduced)
        if touches:
            self.advice_loops(person, touches, line)
        if line.planned:
            self.meetings(person, line)
        if line.last_reply:
            self.reply(person, line, line.last_reply)
        if line.no_show:
            self.no_show(person, line, line.no_show)
        if person.snooze_until and len(self.found) == count:
            self.after_snooze(person, line, person.snooze_until)

    def thank_you(self, person: Person, line: Timeline) -> None:
        """The latest conversation held, with no thank-you on or after its day."""
        held = line.last_held
        if held is None or (line.last_thank_you is not None and
                            line.last_thank_you >= held.date):
            return
        self.add(person, _THANK_YOU, self.thank_you_due(held.date),
                        f"Send {person.name} a thank-you note naming one takeaway from"
                        f" {_title(held)}.", held)

    def outreach(self, person: Person, line: Timeline) -> None:
        """The 3B7 routine for the latest outreach that nothing has followed yet."""
        sent = line.last_outreach
        if sent is None or line.answered:
            return
        if not self._reached_colleague(person, sent.date):
            at = f" at {person.company}" if person.company else " in the same field"
            self.add(person, _SECOND_CONTACT,
                            self.second_contact_due(sent.date),
                            f"No reply from {person.name} yet: reach out to a second person{at}.",
                            sent)
        self.add(person, _NUDGE, self.nudge_due(sent.date),
                        f"Send {person.name} one short, friendly follow-up.", sent)

    def _reached_colleague(self, person: Person, since: dt.date) -> bool:
        """Whether someone else at their company has been contacted since `since`."""
        for day, slug in self.latest_at_company.get(person.company or "", ()):
            if day >= since and slug != person.slug:
                return True
        return False

    def keep_in_touch(self, person: Person, line: Timeline, due: dt.date) -> None:
        last = line.last_contact_touch
        if last is None or line.planned:
            return  # no reminder, or a conversation is already on the calendar
        self.add(person, _KEEP_IN_TOUCH, due,
                 f"Say hello to {person.name}: share news, an article or an"
                 f" invitation (last contact {_iso(last.date)}).", last)

    def referral_loops(self, person: Person, touches: tuple[Touch, ...], line: Timeline,
                       introduced: tuple[str, ...]) -> None:
        """People this person pointed you to whom you have since met: tell them how it went."""
        told, today = line.last_told, self.today
        for since, slug in self._referred_by(person.slug, touches, line, introduced):
            other = self.facts[slug]
            held = other.timeline.last_held
            if held is None or held.date < since:
                continue  # not met since they were referred
            met = _first_conversation(other.touches, since, today)
            if met is None or (told is not None and told > met.date) \
                    or person.slug in met.with_:
                continue  # told since, or they were there too
            self.add(person, _CLOSE_LOOP_REFERRAL, self.close_loop_due(met.date),
                     f"Tell {person.name} how your conversation with"
                     f" {other.person.name} went.", met)

    def _referred_by(self, own: str, touches: tuple[Touch, ...], line: Timeline,
                     introduced: tuple[str, ...]) -> list[tuple[dt.date, str]]:
        """(since when, slug) of each person they (slug `own`) referred or introduced, once
        each: a referral from its touch's day, an introduction from their first past touch."""
        seen: set[str] = {own}
        found: list[tuple[dt.date, str]] = []
        today = self.today
        if line.gave_referrals:
            match = self.referral_index.match
            for touch in reversed(touches):  # oldest first
                if touch.referrals and touch.date <= today:
                    for referral in touch.referrals:
                        slug = match(referral)
                        if slug is not None and slug not in seen:
                            seen.add(slug)
                            found.append((touch.date, slug))
        if introduced:
            first = _first_day(touches, today)
            for slug in introduced:
                if slug not in seen and first is not None:
                    seen.add(slug)
                    found.append((first, slug))
        return found

    def advice_loops(self, person: Person, touches: tuple[Touch, ...], line: Timeline) -> None:
        """Advice marked done that the advisor has not heard about since.

        Only touches on or after the last follow-up or conversation held can
        qualify, so only their bodies are read. A file does not say when
        advice was acted on, so such an item is due today.
        """
        latest, today = line.last_told or dt.date.min, self.today
        for touch in touches:  # newest first
            if touch.date < latest:
                break  # told since this one (so `told_since` is false for every touch kept)
            done = touch.body.first_done_under("advice") if touch.date <= today else None
            if done is not None:
                self.add(person, _CLOSE_LOOP_ADVICE, self.today,
                         f"Tell {person.name} you acted on their advice:"
                         f" \u201c{done.text}\u201d.", touch)

    def reminders(self, person: Person) -> None:
        """Task lines with a due date in their file, until ticked (see reminders.py)."""
        for found in reminders(person.body.text, person.body.first_line):
            if not found.done and found.due is not None:
                self.add(person, _REMINDER, found.due, f"{found.text} ({person.name}).")

    def birthday(self, person: Person, line: Timeline) -> None:
        """Their next birthday, or the one just passed (a belated wish is still kind),
        until a touch of yours on or after the day."""
        birthday = person.birthday
        assert birthday is not None
        day = birthday.on_or_after(self.today - _BIRTHDAY_GRACE)
        if line.last_told is not None and line.last_told >= day:
            return
        age = f" ({day.year - birthday.year})" if birthday.year else ""
        self.add(person, _BIRTHDAY, day,
                 f"Wish {person.name} a happy birthday{age} on {_iso(day)}.")

    def congratulate(self, person: Person, line: Timeline, news: Touch) -> None:
        """News worth a word (a note with `congratulate: true`, such as the new role a
        LinkedIn import noticed), until a touch of yours on or after its day."""
        if line.last_told is not None and line.last_told >= news.date:
            return
        self.add(person, _CONGRATULATE, news.date,
                 f"Congratulate {person.name}: {_title(news)}.", news)

    def reply(self, person: Person, line: Timeline, reply: Touch) -> None:
        """Their answer: yes, schedule it; later, get back to them on `until`; no, nothing."""
        talked = line.last_conversation is not None and line.last_conversation >= reply.date
        if reply.outcome is Outcome.YES and not talked:
            self.add(person, _SCHEDULE, reply.date + _ONE_DAY,
                     f"{person.name} said yes on {_iso(reply.date)}: plan the"
                     f" conversation (kith meet {person.slug} --at ...).", reply)
        told = line.last_told is not None and line.last_told > reply.date
        if reply.outcome is Outcome.LATER and not (talked or told):
            due = reply.until or self.settings.nudge_after.after(reply.date)
            said = quoted(reply.body.text)
            self.add(person, _GET_BACK, due,
                     f"Get back to {person.name}: on {_iso(reply.date)} they asked you"
                     f" to write again around {_iso(due)}" + (f" ({said})" if said else "")
                     + ".", reply)

    def no_show(self, person: Person, line: Timeline, missed: Touch) -> None:
        """A conversation they did not come to, with nothing held or planned since."""
        if line.last_conversation is not None and line.last_conversation >= missed.date:
            return
        self.add(person, _RESCHEDULE, missed.date + _ONE_DAY,
                 f"{person.name} missed {_title(missed)}: find a new time"
                 f" (kith reschedule {missed.id} --at ...).", missed)

    def after_snooze(self, person: Person, line: Timeline, until: dt.date) -> None:
        """Someone snoozed before you ever talked: get back to them when the snooze ends,
        unless you did, or their last word was no."""
        if until > self.today or line.first_met or line.planned or line.last_contact is None:
            return
        if line.last_told is not None and line.last_told >= until:
            return
        if line.last_reply is not None and line.last_reply.outcome is Outcome.NO:
            return
        self.add(person, _GET_BACK, until,
                 f"Get back to {person.name}: the snooze you set ended on"
                 f" {_iso(until)} (last contact {_iso(line.last_contact)}).",
                 line.last_contact_touch)

    def meetings(self, person: Person, line: Timeline) -> None:
        """Planned conversations: confirm the day before; research and questions first."""
        missing = _unprepared(person)
        for touch in line.planned:
            if missing:
                self.add(person, _PREPARE, touch.date,
                                f"Before {_title(touch)}: write {' and '.join(missing)}"
                                f" in {person.name}'s file.", touch)
            if (touch.date - self.today).days <= CONFIRM_DAYS_AHEAD:
                self.add(person, _CONFIRM, touch.date - _ONE_DAY,
                         confirm_action(touch, person), touch)


# Loops rather than `next()` over a generator: a generator left unfinished is closed
# with an exception, which costs more than the search (thousands of times a build).
def _first_conversation(touches: tuple[Touch, ...], since: dt.date, until: dt.date
                        ) -> Touch | None:
    """The first conversation from `since` to `until` (touches newest first)."""
    for touch in reversed(touches):
        if touch.kind in CONVERSATIONS and since <= touch.date <= until:
            return touch
    return None


def _first_day(touches: tuple[Touch, ...], until: dt.date) -> dt.date | None:
    """The day of the first touch up to `until` (touches newest first)."""
    for touch in reversed(touches):
        if touch.date <= until:
            return touch.date
    return None


def _unprepared(person: Person) -> list[str]:
    """What a meeting with them wants written in their file first (asked once a person,
    however many meetings are planned)."""
    body = person.body
    return [what for what, present in (
        ("research notes", body.has_text_under("research")),
        ("questions of your own", body.has_tasks_under("questions"))) if not present]


def _after(period: Period) -> Callable[[dt.date], dt.date]:
    """`period.after`, with days and weeks as one addition (thousands of items a build)."""
    if period.unit in ("d", "w"):
        step = dt.timedelta(days=period.count * (7 if period.unit == "w" else 1))
        return lambda day: day + step
    return period.after


def quoted(text: str, limit: int = 120) -> str:
    """The first paragraph of what they wrote (headings such as `## Message` left out), in
    quotes and cut at a word, for a reminder."""
    prose = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    first = " ".join(prose.strip().split("\n\n", 1)[0].split())
    if not first:
        return ""
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0] + " \u2026"
    return f"\u201c{first}\u201d"


def confirm_action(touch: Touch, person: Person) -> str:
    """The text of a confirm item: the date said once, titled or not."""
    day = _iso(touch.date)
    if touch.title:
        return f"Confirm \u201c{touch.title}\u201d with {person.name} ({day})."
    return f"Confirm the {touch.kind} with {person.name} on {day}."  # a StrEnum: its text


def _title(touch: Touch) -> str:
    return touch.title or f"the {touch.kind} on {_iso(touch.date)}"  # a StrEnum: its text


@functools.lru_cache(maxsize=4096)
def _iso(day: dt.date) -> str:
    """`day.isoformat()`, made once a date: items name a few hundred dates over and over,
    and `isoformat` (which formats with `sprintf`) costs several cache lookups."""
    return day.isoformat()
