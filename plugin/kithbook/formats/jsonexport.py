"""`kith export json`: the whole vault as one JSON document, for scripts and other tools.

Records as the files say them (every key, typed: dates as ISO text, durations
in minutes, links as label and URL, unknown keys under `extra`, the Markdown
body as text), plus what Kithbook derives for each person as of `today`
(stage, last contact, next keep-in-touch date) and the problems found.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Any

from kithbook.model import Person, Problem, Touch
from kithbook.snapshot import Snapshot
from kithbook.timeline import PersonFacts

FORMAT_VERSION = 1


def vault_document(snapshot: Snapshot, problems: tuple[Problem, ...] = ()) -> dict[str, Any]:
    facts = snapshot.facts
    return {
        "kithbook": {"format": FORMAT_VERSION, "as_of": snapshot.today.isoformat()},
        "people": [person_json(facts[slug]) for slug in sorted(facts)],
        "touches": [touch_json(touch) for touch in snapshot.vault.touches],
        "problems": [asdict(problem) for problem in problems],
    }


def vault_json(snapshot: Snapshot, problems: tuple[Problem, ...] = ()) -> str:
    """The document as text: UTF-8, indented, keys in a fixed order."""
    document = vault_document(snapshot, problems)
    return json.dumps(document, indent=2, ensure_ascii=False, default=_plain) + "\n"


def person_json(fact: PersonFacts) -> dict[str, Any]:
    person: Person = fact.person
    return {
        "slug": person.slug,
        "path": person.source.path,
        "name": person.name,
        "title": person.title,
        "company": person.company,
        "location": person.location,
        "emails": list(person.emails),
        "phones": list(person.phones),
        "links": [{"label": link.label, "url": link.url} for link in person.links],
        "tags": list(person.tags),
        "priority": person.priority.value,
        "source": person.found_via,
        "introduced_by": person.introduced_by,
        "cadence": "never" if person.never_remind else _text(person.cadence),
        "snooze_until": _day(person.snooze_until),
        "status": person.status.value,
        "stage": fact.stage.value,
        "stage_written": person.stage_override is not None,
        "private": person.private,
        "birthday": _text(person.birthday),
        "aka": list(person.aka),
        "name_parts": person.name_parts.written() if person.name_parts else None,
        "last_contact": _day(fact.last_contact),
        "next_due": _day(fact.next_due),
        "extra": dict(person.extra),
        "body": person.body.text,
    }


def touch_json(touch: Touch) -> dict[str, Any]:
    return {
        "id": touch.id,
        "path": touch.source.path,
        "date": touch.date.isoformat(),
        "time": touch.time.isoformat() if touch.time else None,
        "with": list(touch.with_),
        "kind": touch.kind.value,
        "title": touch.title,
        "location": touch.location,
        "url": touch.url,
        "duration_minutes": (int(touch.duration.total_seconds() // 60)
                             if touch.duration is not None else None),
        "referrals": [{"text": r.text, "slug": r.slug} for r in touch.referrals],
        "resources": [{"title": r.title, "kind": r.kind, "url": r.url}
                      for r in touch.resources],
        "private": touch.private,
        "outcome": _text(touch.outcome),
        "until": _day(touch.until),
        "status": _text(touch.status),
        "sequence": touch.sequence,
        "uid": touch.uid,
        "extra": dict(touch.extra),
        "body": touch.body.text,
    }


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _plain(value: object) -> Any:
    """Values YAML can hold and JSON cannot (in `extra`): dates as ISO text, the rest as text."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)
