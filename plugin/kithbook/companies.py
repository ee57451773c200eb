"""Companies: the people at each, their stages, their touches, notes of your own, and when
to try a second person."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kithbook.followups import FollowUp, Reason
from kithbook.model import PRIORITY_RANK, Person, Stage, Status, Touch
from kithbook.names import RESERVED_PAGE_NAMES, fold, hashed_name, slug_for, squash
from kithbook.timeline import PersonFacts


@dataclass(frozen=True, slots=True)
class CompanyNotes:
    """A hand-written `companies/SLUG.md`: its path (relative to the vault) and its text."""

    path: str
    text: str


@dataclass(frozen=True, slots=True)
class Company:
    name: str
    spellings: tuple[str, ...]  # as written in the files (their Material tags)
    people: tuple[PersonFacts, ...]  # by name
    unanswered: tuple[FollowUp, ...]  # outreach with no reply past `second_contact_after`
    next_to_try: tuple[str, ...]  # active leads there, by priority
    slug: str  # its page's and its notes file's name (`company_names`)
    touches: tuple[Touch, ...]  # every touch with someone there, newest first, once each
    notes: CompanyNotes | None = None

    @property
    def needs_second_person(self) -> bool:
        return bool(self.unanswered)


def touches_with(people: list[PersonFacts]) -> tuple[Touch, ...]:
    """Every touch with one of `people`, newest first, once each."""
    found = {t.id: t for fact in people for t in fact.touches}
    return tuple(sorted(found.values(), key=lambda t: t.sort_key, reverse=True))


def company_slug(name: str) -> str:
    """`Northwind Analytics` -> `northwind-analytics`."""
    # slug_for makes "person" of a name with no letter or digit: a company gets its own word
    return slug_for(name) if any(char.isalnum() for char in name) else "company"


def read_company_notes(root: Path, folder: str) -> dict[str, CompanyNotes]:
    """The notes files in `root/folder` (`companies/`), by slug; unreadable ones are skipped
    (a bad byte in a note must not stop the site)."""
    notes: dict[str, CompanyNotes] = {}
    base = root / folder
    if not base.is_dir():
        return notes
    for path in sorted(base.glob("*.md")):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        notes[path.stem] = CompanyNotes(notes_file(folder, path.stem), text)
    return notes


def notes_file(folder: str, slug: str) -> str:
    """Where a company's notes are, or go, in the vault: `companies/SLUG.md`."""
    return f"{folder}/{slug}.md"


@dataclass(frozen=True, slots=True)
class CompanyName:
    """How a company is shown (the spelling most of its people's files use) and the name
    of its page and notes file."""

    shown: str
    slug: str


def company_names(people: Iterable[Person]) -> dict[str, CompanyName]:
    """Every company named in `people`, by its folded name (case and spaces aside).

    Its page takes the slug of the name shown, unless that is a folder's own page
    (`index`) or another company has it: then the slug and a short hash of the folded
    name (`c-labs-1a2b3c4d` for "C++ Labs" beside "C Labs"), so that no company's page
    or notes are another's. Of companies with one slug, the one whose name spells it
    out ("C Labs" for `c-labs`) keeps it, whatever is added later; among the others,
    the first by folded name.
    """
    spellings: dict[str, Counter[str]] = {}
    for person in sorted(people, key=lambda p: fold(p.name)):
        if person.company and person.company.strip():
            spellings.setdefault(fold(person.company), Counter())[
                squash(person.company).strip()] += 1
    wanted = []
    for key, counts in spellings.items():
        shown = max(counts, key=counts.__getitem__)  # the most used; on a tie, the first met
        wanted.append((key.replace(" ", "-") != company_slug(shown), key, shown))
    names: dict[str, CompanyName] = {}
    taken: set[str] = set()
    for _, key, shown in sorted(wanted):
        slug = company_slug(shown)
        while slug in taken or slug in RESERVED_PAGE_NAMES:
            slug = hashed_name(slug, key)
        taken.add(slug)
        names[key] = CompanyName(shown, slug)
    return names


def companies(facts: Mapping[str, PersonFacts], due: list[FollowUp],
              notes: Mapping[str, CompanyNotes] | None = None) -> list[Company]:
    """People by company (case and spaces aside), with a hint where outreach went unanswered.

    The hint reuses the follow-ups' "try a second person" rule (the 3B7
    routine: no reply after `second_contact_after`, 3 business days by
    default), counted only once it is due.
    """
    grouped: dict[str, list[PersonFacts]] = {}
    for fact in sorted(facts.values(), key=lambda f: fold(f.person.name)):
        if fact.person.company and fact.person.company.strip():
            grouped.setdefault(fold(fact.person.company), []).append(fact)
    waiting: dict[str, list[FollowUp]] = {}
    for item in due:
        company = facts[item.person].person.company if item.person in facts else None
        if item.reason is Reason.SECOND_CONTACT and item.days_overdue >= 0 and company:
            waiting.setdefault(fold(company), []).append(item)
    names = company_names(f.person for f in facts.values())
    found = []
    for key, people in grouped.items():
        name, slug = names[key].shown, names[key].slug
        leads_there = sorted((f for f in people if f.stage is Stage.LEAD
                              and f.person.status is Status.ACTIVE),
                             key=lambda f: PRIORITY_RANK[f.person.priority])
        found.append(Company(name, tuple(sorted({f.person.company or "" for f in people})),
                             tuple(people), tuple(waiting.get(key, ())),
                             tuple(f.person.slug for f in leads_there), slug,
                             touches_with(people), (notes or {}).get(slug)))
    found.sort(key=lambda c: fold(c.name))
    return found
