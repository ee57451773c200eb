"""How a follow-up is closed: the exact `kith` commands that end it, to copy from the site.

Each reason has its steps: an optional draft or check first, then the
command that records what was done, and, where the other person may have
answered instead, the command that logs their reply. Every command runs as
written in the vault's folder (arguments quoted for a POSIX shell); a value
only the user knows (a new person's name, a time) is a visible placeholder in
capitals.
"""

from __future__ import annotations

import datetime as dt
import shlex
from typing import NamedTuple

from kithbook.followups import FollowUp, Reason
from kithbook.model import Person

NEW_TIME = "10:00"  # the time suggested in `kith meet`/`kith reschedule`: edit before running


class Step(NamedTuple):
    """One command of a closing: what it is for, the command line, and whether running it
    closes the item (a draft or an invitation only helps)."""

    label: str
    command: str
    closes: bool = False


def closing_steps(item: FollowUp, person: Person | None) -> tuple[Step, ...]:
    """The steps that close `item`: helpers first (a draft), then the commands that close it.

    `person` is the record the item is about (None when it is not in the
    vault, which a follow-up never is in practice: then nothing is offered).
    """
    if person is None:
        return ()
    who = shlex.quote(person.slug)
    touch = shlex.quote(item.touch) if item.touch else who
    replied = Step("If they replied", f"kith log {who} --kind reply --outcome yes", True)
    edit = Step("Edit their file", f'"${{EDITOR:-vi}}" {shlex.quote(person.source.path)}')
    at = shlex.quote(f"{_next_day(item).isoformat()} {NEW_TIME}")
    steps: dict[Reason, tuple[Step, ...]] = {
        Reason.THANK_YOU: (Step("Draft it", f"kith draft thank-you {who}"),
                           Step("Once sent", f"kith thank {who} -m 'Sent a thank-you note'", True)),
        Reason.SECOND_CONTACT: (Step("Add a second person", _add_colleague(person)), replied),
        Reason.NUDGE: (Step("Draft it", f"kith draft follow-up {who}"),
                       Step("Once sent", f"kith done {who} -m 'Followed up on my message'", True),
                       replied),
        Reason.KEEP_IN_TOUCH: (Step("Once sent", f"kith done {who} -m 'Said hello'", True),),
        Reason.CLOSE_LOOP_REFERRAL: (
            Step("Once told", f"kith done {who} -m 'Told them how the introduction went'", True),),
        Reason.CLOSE_LOOP_ADVICE: (
            Step("Once told", f"kith done {who} -m 'Told them I acted on their advice'", True),),
        Reason.PREPARE: (edit, Step("Check the agenda", f"kith agenda {touch}")),
        Reason.CONFIRM: (Step("Invitation to attach", f"kith invite {touch} --out invite.ics"),),
        Reason.SCHEDULE: (Step("Plan it", f"kith meet {who} --at {at}", True),),
        Reason.GET_BACK: (Step("Draft it", f"kith draft follow-up {who}"),
                          Step("Once sent", f"kith done {who} -m 'Got back to them'", True)),
        Reason.RESCHEDULE: (Step("New time", f"kith reschedule {touch} --at {at}", True),),
        Reason.REMINDER: (Step("Tick it in their file", edit.command),),
        Reason.BIRTHDAY: (
            Step("Once wished", f"kith done {who} -m 'Wished a happy birthday'", True),),
        Reason.CONGRATULATE: (
            Step("Once sent", f"kith done {who} -m 'Congratulated them on the news'", True),),
    }
    return steps[item.reason]


def _add_colleague(person: Person) -> str:
    company = f" --company {shlex.quote(person.company)}" if person.company else ""
    return f"kith add 'NEW NAME'{company}"


def _next_day(item: FollowUp) -> dt.date:
    """A day to suggest for a new conversation: tomorrow (the item knows today: the day it
    fell due plus the days it is overdue)."""
    return item.due + dt.timedelta(days=item.days_overdue + 1)
