"""`kith export csv`: one row per person, for spreadsheets and mail merges.

Lists (emails, phones, links, tags) are joined with "; ". Lines end in CRLF
(RFC 4180), as spreadsheet programs expect. A cell that a spreadsheet would run as a
formula (it starts with `=`, `+`, `-`, `@`, a tab or a CR) gets a leading `'`, the usual
neutralization: spreadsheets show it as text and hide the quote.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from kithbook.snapshot import Snapshot
from kithbook.timeline import PersonFacts

COLUMNS = ("slug", "name", "title", "company", "location", "email", "phone", "links", "tags",
           "priority", "source", "introduced_by", "cadence", "status", "stage", "last_contact",
           "next_due", "private")
SEPARATOR = "; "


def people_csv(snapshot: Snapshot) -> str:
    facts = snapshot.facts
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for fact in sorted(facts.values(), key=lambda f: (f.person.name.casefold(), f.person.slug)):
        writer.writerow([as_text_cell(cell) for cell in _row(fact)])
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(cell: str) -> str:
    """A cell no spreadsheet runs as a formula (`=HYPERLINK(...)` stays text)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _row(fact: PersonFacts) -> list[str]:
    p = fact.person
    cadence = "never" if p.never_remind else (str(p.cadence) if p.cadence else "")
    return [
        p.slug, p.name, p.title or "", p.company or "", p.location or "",
        SEPARATOR.join(p.emails), SEPARATOR.join(p.phones),
        SEPARATOR.join(link.url for link in p.links), SEPARATOR.join(p.tags),
        p.priority.value, p.found_via or "", p.introduced_by or "", cadence, p.status.value,
        fact.stage.value, _day(fact.last_contact), _day(fact.next_due),
        "true" if p.private else "false",
    ]


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""
