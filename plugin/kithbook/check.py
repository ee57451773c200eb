"""Validation across records: references, introductions, and the full problem list.

Per-file problems (syntax, types, values) are found while loading; this
module adds what needs the whole vault, and sorts everything for display.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from kithbook.model import Person, Problem, Vault
from kithbook.records import did_you_mean


def check_vault(vault: Vault) -> tuple[Problem, ...]:
    """Every problem in the vault, in file and line order."""
    found = [*vault.problems, *reference_problems(vault), *introduction_problems(vault.people)]
    return tuple(sorted(found, key=lambda p: (p.path, p.line, p.severity, p.message)))


def has_errors(problems: tuple[Problem, ...], *, strict: bool = False) -> bool:
    return any(p.severity == "error" or strict for p in problems)


def reference_problems(vault: Vault) -> Iterator[Problem]:
    """Slugs in `with`, `introduced_by` and `referrals` that name nobody in people/."""
    slugs = list(vault.people)
    for person in vault.people.values():
        if person.introduced_by and person.introduced_by not in vault.people:
            yield _unknown_person(person.source.path, person.source.line_of("introduced_by"),
                                  "introduced_by", person.introduced_by, slugs)
    for touch in vault.touches:
        line = touch.source.line_of("with")
        for slug in touch.with_:
            if slug not in vault.people:
                yield _unknown_person(touch.source.path, line, "with", slug, slugs)
        for referral in touch.referrals:
            if referral.slug and referral.slug not in vault.people:
                hint = did_you_mean(referral.slug, slugs)
                yield Problem(
                    touch.source.path, touch.source.line_of("referrals"), "referrals",
                    f"referrals: no person '{referral.slug}' in people/{hint}"
                    " (a name not yet in people/ is fine, written with spaces)",
                    "warning",
                )


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
