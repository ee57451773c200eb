"""Validation across records: references, introductions, and the full problem list.

Per-file problems (syntax, types, values) are found while loading; this
module adds what needs the whole vault, and sorts everything for display.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Mapping

from kithbook.collector import collector_paused
from kithbook.model import Kind, Person, Problem, Vault
from kithbook.names import did_you_mean, without_accents
from kithbook.referrals import referral_index
from kithbook.reminders import reminders
from kithbook.wikilinks import DocPage, wiki_links
from kithbook.wording import counted


def check_vault(vault: Vault, *, today: dt.date | None = None,
                pages: tuple[DocPage, ...] = ()) -> tuple[Problem, ...]:
    """Every problem in the vault, in file and line order.

    With `today`, outreach messages not sent yet (dated today or later) are checked too;
    `[[links]]` are checked in the bodies and in the hand-written `pages`.
    """
    with collector_paused():  # the checks only make indexes and problems
        found = [*vault.problems, *reference_problems(vault),
                 *introduction_problems(vault.people), *same_day_conversations(vault),
                 *reminder_problems(vault), *wiki_links(vault, pages).problems]
        if today is not None:
            found += outreach_problems(vault, today)
    return tuple(sorted(found, key=lambda p: (p.path, p.line, p.severity, p.message)))


def unreadable(vault: Vault) -> tuple[str, ...]:
    """Files with an error that left their record out: what every list is missing."""
    loaded = {p.source.path for p in vault.people.values()}
    loaded.update(t.source.path for t in vault.touches)
    return tuple(sorted({p.path for p in vault.problems
                         if p.severity == "error" and p.path not in loaded}))


def unreadable_notice(vault: Vault) -> str:
    """"2 files could not be read; run kith check", or nothing: said before any list."""
    count = len(unreadable(vault))
    if not count:
        return ""
    files = "1 file" if count == 1 else f"{count} files"
    return f"{files} could not be read; run kith check (this list leaves them out)"


def has_errors(problems: tuple[Problem, ...], *, strict: bool = False) -> bool:
    return any(p.severity == "error" or strict for p in problems)


def problems_under(problems: tuple[Problem, ...], prefix: str) -> tuple[Problem, ...]:
    """The problems in files at or below the vault-relative folder or file `prefix`
    (all of them for the vault itself, "" or ".")."""
    return tuple(p for p in problems if _under(p.path, prefix))


def _under(path: str, prefix: str) -> bool:
    return prefix in ("", ".") or path == prefix or path.startswith(prefix + "/")


def summary(problems: tuple[Problem, ...], vault: Vault, prefix: str = "") -> str:
    """The last line of `kith check`: how many errors and warnings in how many records
    (those at or below `prefix` when the check was of a folder or a file)."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    people = sum(_under(p.source.path, prefix) for p in vault.people.values())
    touches = sum(_under(t.source.path, prefix) for t in vault.touches)
    scope = (f"{counted(people, 'person', 'people')} and"
             f" {counted(touches, 'touch', 'touches')}")
    if not problems:
        return f"No problems in {scope}."
    return f"{counted(errors, 'error')}, {counted(warnings, 'warning')} (read {scope})."


def reference_problems(vault: Vault) -> Iterator[Problem]:
    """Slugs in `with`, `introduced_by` and `referrals` that name nobody in people/."""
    slugs = list(vault.people)
    index = referral_index(vault)
    for person in vault.people.values():
        if person.introduced_by and person.introduced_by not in vault.people:
            yield _unknown_person(person.source.path, person.source.line_of("introduced_by"),
                                  "introduced_by", person.introduced_by, slugs)
    people = vault.people
    for touch in vault.touches:
        for slug in touch.with_:
            if slug not in people:
                yield _unknown_person(touch.source.path, touch.source.line_of("with"), "with",
                                      slug, slugs)
        for referral in touch.referrals:
            if referral.slug and index.match(referral) is None:
                hint = did_you_mean(referral.slug, slugs)
                yield Problem(
                    touch.source.path, touch.source.line_of("referrals"), "referrals",
                    f"referrals: no person '{referral.slug}' in people/{hint}"
                    " (a name not yet in people/ is fine, written with spaces)",
                    "warning",
                )


def same_day_conversations(vault: Vault) -> Iterator[Problem]:
    """Two conversations with one person on one day: usually one call logged twice
    (`kith meet`, then `kith log` after it); a cancelled or missed one does not count."""
    seen: dict[tuple[str, object], str] = {}
    for touch in vault.touches:
        if not touch.kind.is_conversation or touch.status is not None:
            continue
        for slug in touch.with_:
            first = seen.setdefault((slug, touch.date), touch.id)
            if first != touch.id:
                yield Problem(touch.source.path, touch.source.line_of("date"), "date",
                              f"a second conversation with {slug} on {touch.date.isoformat()}"
                              f" (the first is {first}); if it is the same one, keep one file",
                              "warning")


def reminder_problems(vault: Vault) -> Iterator[Problem]:
    """A reminder whose due date cannot be read would never be due: say so."""
    for person in vault.people.values():
        for found in reminders(person.body.text, person.body.first_line):
            if found.error:
                yield Problem(person.source.path, found.line, None,
                              f"reminder \u201c{found.text}\u201d: {found.error}")


def _unknown_person(path: str, line: int, key: str, slug: str, slugs: list[str]) -> Problem:
    hint = did_you_mean(slug, slugs)
    return Problem(path, line, key, f"{key}: no person '{slug}' in people/{hint}")


def introduction_problems(people: Mapping[str, Person]) -> Iterator[Problem]:
    """A person introducing themselves, or a cycle of introductions (reported once)."""
    reported: set[str] = set()
    for start in sorted(people):
        cycle = _introduction_cycle(start, people, reported)
        if not cycle:
            continue
        first = people[min(cycle)]
        if len(cycle) == 1:
            message = f"introduced_by: {first.slug} cannot introduce themselves"
        else:
            steps = ", ".join(f"{s} by {people[s].introduced_by}" for s in sorted_cycle(cycle))
            message = f"introduced_by: introductions go round in a circle ({steps})"
        yield Problem(first.source.path, first.source.line_of("introduced_by"), "introduced_by",
                      message)


def _introduction_cycle(start: str, people: Mapping[str, Person], seen: set[str]) -> list[str]:
    """The cycle reached by following introductions from `start`, if it is a new one."""
    chain = [start]
    while True:
        introducer = people[chain[-1]].introduced_by
        if introducer is None or introducer not in people or introducer in seen:
            seen.update(chain)
            return []
        if introducer in chain:
            seen.update(chain)
            return chain[chain.index(introducer):]
        chain.append(introducer)


def sorted_cycle(cycle: list[str]) -> list[str]:
    """The cycle in its own order, starting from its smallest slug, for a stable message."""
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]


OUTREACH_MAX_WORDS = 100
SIGN_OFF_WORDS = 4
# Matched on the text without accents, so résumé typed either way (NFC or NFD) is found.
_JOB_WORDS = re.compile(r"\b(jobs?|resumes?|c\.?v(?:\.|\b)|vacanc(?:y|ies)|openings?|hiring)"
                        r"(?![a-z])", re.I)
_NEGATION = re.compile(r"\b(not|no|never)\b|n't\b", re.I)


def outreach_problems(vault: Vault, today: dt.date) -> Iterator[Problem]:
    """Warnings on outreach drafts (dated today or later): too long, asking for a job,
    no question asked.

    An informational interview is won by a short message that asks for advice,
    names the connection, and ends with a question that is easy to say yes to.
    A message already sent is history, so it is left alone.
    """
    for touch in vault.touches:
        if touch.kind is not Kind.OUTREACH or touch.date < today:
            continue
        message = touch.body.section("message") or touch.body.text.strip()
        if not message:
            continue
        where = (touch.source.path, touch.body.first_line)
        words = len(message.split())
        if words > OUTREACH_MAX_WORDS:
            yield Problem(*where, None, f"outreach message is {words} words; keep it under"
                          f" {OUTREACH_MAX_WORDS} so it is read to the end", "warning")
        asked = _asks_for_a_job(message)
        if asked:
            yield Problem(*where, None, f"outreach message mentions '{asked}': ask for advice,"
                          " not a job", "warning")
        if "?" not in _request(message):
            yield Problem(*where, None, "outreach message does not end its request with a"
                          " question (\"Would you have twenty minutes ...?\")", "warning")


def _request(message: str) -> str:
    """The last paragraph that is more than a sign-off ("Thank you,", "Best, Sam")."""
    paragraphs = [p for p in message.strip().split("\n\n") if p.strip()]
    while len(paragraphs) > 1 and len(paragraphs[-1].split()) <= SIGN_OFF_WORDS:
        paragraphs.pop()
    return paragraphs[-1] if paragraphs else ""


def _asks_for_a_job(message: str) -> str | None:
    """The first job word not negated just before it ("not looking for a job" is fine)."""
    message = unicodedata.normalize("NFC", message)
    plain = "".join(without_accents(c)[:1] or c for c in message)  # same length: same places
    for match in _JOB_WORDS.finditer(plain):
        before = plain[max(0, match.start() - 30):match.start()]
        if not _NEGATION.search(before):
            return message[match.start():match.end()]
    return None
