"""The agenda of a planned conversation: everything to have in mind when it starts.

Built from the vault, the question bank (docs/questions.md) and the pitch
(docs/pitch.md); the pages and `kith agenda` render the same `Agenda`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kithbook.body import Body, Task
from kithbook.errors import KithError
from kithbook.lookup import find_person
from kithbook.model import Person, Touch, Vault
from kithbook.names import fold
from kithbook.timeline import PersonFacts

ASKS = (
    "How would you position someone with my background? Any feedback on how I come across?",
    "Who else should I talk to? May I mention that you suggested it?",
    "Which organisations, events or publications should I follow?",
)
_LIST_ITEM = re.compile(r"^[ \t]*[-*+][ \t]+(?:\[[ xX]\][ \t]+)?(.+?)[ \t]*$")


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    heading: str
    questions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AdviceItem:
    text: str
    done: bool
    touch: Touch  # where it was given


@dataclass(frozen=True, slots=True)
class Agenda:
    touch: Touch
    people: tuple[Person, ...]
    previous: tuple[Touch, ...]  # earlier touches with them, newest first
    advice: tuple[AdviceItem, ...]  # done first: tell them
    own_questions: tuple[str, ...]  # open questions in their files
    carried_over: tuple[str, ...]  # asked for at earlier meetings, never asked
    bank: tuple[QuestionGroup, ...]
    pitch: str
    asks: tuple[str, ...] = ASKS


def read_question_bank(path: Path) -> tuple[QuestionGroup, ...]:
    """The list items of docs/questions.md, grouped under their `##` headings."""
    if not path.is_file():
        return ()
    groups: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            groups.append((line[3:].strip(), []))
        elif (item := _LIST_ITEM.match(line)) is not None:
            if not groups:
                groups.append(("Questions", []))
            groups[-1][1].append(item.group(1))
    return tuple(QuestionGroup(heading, tuple(items)) for heading, items in groups if items)


def read_pitch(path: Path) -> str:
    """docs/pitch.md without its title."""
    if not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8").strip()
    return re.sub(r"\A#[ \t][^\n]*\n+", "", text).strip()


class NotPlanned(KithError):
    """No planned conversation matches what the user asked for."""


def is_planned(touch: Touch, today: dt.date) -> bool:
    """A conversation still to come: dated today or later (on the day, its agenda is
    needed most), and not cancelled or missed. The one definition for agendas,
    invitations, the calendar and pages."""
    return touch.date >= today and touch.kind.is_conversation and touch.status is None


def planned_conversations(vault: Vault, today: dt.date) -> list[Touch]:
    """Conversations still to come, soonest first: each gets an agenda."""
    return [t for t in vault.touches if is_planned(t, today)]


def planned_with(vault: Vault, which: str, today: dt.date) -> list[Touch]:
    """The planned conversation with id `which`, else those with the person `which`
    names (a slug or part of a name; NotFound if none or several match)."""
    planned = planned_conversations(vault, today)
    by_id = [t for t in planned if t.id == which]
    if by_id:
        return by_id
    slug = find_person(vault, which)
    return [t for t in planned if slug in t.with_]


def next_planned(vault: Vault, which: str | None, today: dt.date) -> Touch:
    """The conversation `kith agenda` means: `which` as in `planned_with`, or without it
    the next one in the calendar."""
    planned = (planned_conversations(vault, today) if which is None
               else planned_with(vault, which, today))
    if planned:
        return planned[0]
    if which is None:
        raise NotPlanned(f"no conversation planned from {today.isoformat()} on; plan one"
                         " with kith meet")
    slug = find_person(vault, which)
    raise NotPlanned(f"no conversation planned with {vault.people[slug].name} from"
                     f" {today.isoformat()} on; plan one with kith meet {slug} --at ...")


def conversation(vault: Vault, which: str, today: dt.date) -> Touch:
    """The touch with id `which` (planned or not: an invitation may be sent again or
    cancelled), else the next conversation planned with the person `which` names."""
    found = next((t for t in vault.touches if t.id == which), None)
    if found is not None:
        return found
    slug = find_person(vault, which)
    planned = [t for t in planned_conversations(vault, today) if slug in t.with_]
    if not planned:
        raise NotPlanned(f"no conversation planned with {vault.people[slug].name}"
                         f" from {today.isoformat()} on; plan one with kith meet {slug} --at ...")
    return planned[0]


def build_agenda(touch: Touch, vault: Vault, facts: dict[str, PersonFacts], today: dt.date,
                 bank: tuple[QuestionGroup, ...], pitch: str) -> Agenda:
    people = tuple(vault.people[s] for s in touch.with_ if s in vault.people)
    previous = _previous(touch, facts, today)
    own = _unique(q.text for p in people for q in p.questions if not q.done)
    return Agenda(
        touch=touch,
        people=people,
        previous=previous,
        advice=_advice(previous),
        own_questions=own,
        carried_over=_carried_over(previous, people, exclude=own),
        bank=bank,
        pitch=pitch,
    )


def _previous(touch: Touch, facts: dict[str, PersonFacts], today: dt.date
              ) -> tuple[Touch, ...]:
    """What already happened with them (touches before this one, up to today)."""
    seen: dict[str, Touch] = {}
    for slug in touch.with_:
        if slug in facts:
            for earlier in facts[slug].touches:
                if earlier.date <= today and earlier.sort_key < touch.sort_key:
                    seen.setdefault(earlier.id, earlier)
    return tuple(sorted(seen.values(), key=lambda t: t.sort_key, reverse=True))


def _advice(previous: tuple[Touch, ...]) -> tuple[AdviceItem, ...]:
    items = [AdviceItem(task.text, task.done, touch) for touch in previous
             for task in touch.advice]
    return tuple(sorted(items, key=lambda item: not item.done))


def _carried_over(previous: tuple[Touch, ...], people: tuple[Person, ...],
                  exclude: tuple[str, ...]) -> tuple[str, ...]:
    """Questions written down for earlier meetings and not asked at any of them since."""
    asked = {_key(q.text) for t in previous for q in _questions(t.body) if q.done}
    asked |= {_key(q.text) for p in people for q in p.questions if q.done}
    skip = asked | {_key(text) for text in exclude}
    oldest_first = reversed(previous)
    return _unique(q.text for t in oldest_first for q in _questions(t.body)
                   if not q.done and _key(q.text) not in skip)


def _questions(body: Body) -> tuple[Task, ...]:
    return body.tasks_under("questions")


def _key(text: str) -> str:
    return fold(text).rstrip("?")


def _unique(texts: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for text in texts:
        seen.setdefault(_key(text), text)
    return tuple(seen.values())
