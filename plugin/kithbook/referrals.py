"""Referrals: people named in touches (`referrals:`), found in the vault or not yet.

A touch's referrals are credited to everyone in its `with`; the `kith add`
command of a missing referral names the first of them as the introducer.
Touches dated after `today` are left out: what a planned meeting will yield
is not known yet.
"""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from kithbook.model import Person, Referral, Touch, Vault, same_names
from kithbook.names import fold, fold_name, plain_name, referral_name, slug_for, split_referral
from kithbook.timeline import past_touches


class ReferralIndex:
    """Who a referral names: a slug, or a name (accents, case and spacing aside) that is
    a person's `name`, one of their `aka:` names, or their slug spelt out; first match wins.

    One index for follow-ups, check, the Leads page and touch pages, so a
    referral written before a rename still finds the person through `aka:`.
    """

    def __init__(self, people: Iterable[Person]) -> None:
        self.slugs: set[str] = set()
        self.names: dict[str, str] = {}
        self._by_text: dict[str, str | None] = {}  # referral texts already matched
        add_slug, add_name = self.slugs.add, self.names.setdefault  # a thousand people a build
        for person in people:
            slug = person.slug
            add_slug(slug)
            folded = fold_name(person.name)
            add_name(folded, slug)
            if person.aka:
                for name in person.aka:
                    add_name(fold_name(name), slug)
            spelt = slug.replace("-", " ")
            if spelt != folded or not spelt.isascii():  # ASCII folded already folds to itself
                add_name(fold_name(spelt), slug)

    def match(self, referral: Referral) -> str | None:
        if referral.slug is not None and referral.slug in self.slugs:
            return referral.slug
        return self.match_name(referral.text)

    def match_name(self, text: str) -> str | None:
        if text not in self._by_text:
            self._by_text[text] = self._match_name(text)
        return self._by_text[text]

    def _match_name(self, text: str) -> str | None:
        name = referral_name(text)
        found = self.names.get(fold_name(name))
        if found is not None or plain_name(name):
            return found
        if (slug := slug_for(name)) in self.slugs:
            return slug
        if "-" in name:  # without one, the same name as the first look
            return self.names.get(fold_name(name.replace("-", " ")))
        return None


def referral_index(vault: Vault) -> ReferralIndex:
    """The vault's one `ReferralIndex`, made when first asked for and kept with it."""
    index = vault.derived.get("referral_index")
    if index is None:
        index = vault.derived["referral_index"] = ReferralIndex(vault.people.values())
    return index


def keep_referral_index(old: Vault, new: Vault) -> None:
    """Hand `old`'s index to `new` when their people have the same slugs and names (a
    record edited in an editor, its names left alone), so it is not made again."""
    index = old.derived.get("referral_index")
    if index is not None and same_names(old.people, new.people,
                                        lambda person: (person.name, person.aka)):
        new.derived.setdefault("referral_index", index)


class Mention(NamedTuple):
    """One referral written in one touch, and the person it names when they have a file."""

    touch: Touch
    name: str  # the name alone
    note: str  # what follows the name in the text, if anything
    slug: str | None  # the person's slug when people/ has them

    @property
    def referrers(self) -> tuple[str, ...]:
        return tuple(s for s in self.touch.with_ if s != self.slug)


def mentions(vault: Vault, today: dt.date) -> list[Mention]:
    """Every referral in past touches, oldest first, matched to a person where one exists.

    A referral matches as `ReferralIndex` says (slug, name, `aka:`, or the
    slug `kith add` would make from it), so a referral stops being "without a
    file" as soon as the file is added, and survives a rename.
    """
    index = referral_index(vault)
    found = []
    for touch in past_touches(vault, today):
        for referral in touch.referrals:
            known = index.match(referral)
            if referral.slug is not None:
                found.append(Mention(touch, referral.slug.replace("-", " ").title(), "", known))
                continue
            name, note = split_referral(referral.text)
            found.append(Mention(touch, name, note, known))
    return found


@dataclass(frozen=True, slots=True)
class MissingReferral:
    """Someone named in touches who has no file yet, and the command that adds one."""

    name: str
    slug: str  # what `kith add` will name the file
    mentions: tuple[Mention, ...]  # oldest first
    command: str

    @property
    def note(self) -> str:
        return next((m.note for m in self.mentions if m.note), "")


def missing_referrals(found: list[Mention], vault: Vault, today: dt.date
                      ) -> list[MissingReferral]:
    """Referrals with no file, once per person, most often named then longest waiting first."""
    by_slug: dict[str, list[Mention]] = {}
    for mention in found:
        if mention.slug is None:
            by_slug.setdefault(slug_for(mention.name), []).append(mention)
    missing = [MissingReferral(named[0].name, slug, tuple(named), add_command(named[0], vault))
               for slug, named in by_slug.items()]
    missing.sort(key=lambda m: (-len(m.mentions), m.mentions[0].touch.date, fold(m.name)))
    return missing


def add_command(mention: Mention, vault: Vault) -> str:
    """The exact `kith add` that creates the file from the referral: `--from-referral`
    fills in the introducer and the source, and rewrites the entry to the new slug."""
    return shlex.join(["kith", "add", mention.name, "--from-referral", mention.touch.id])


class FromReferral(NamedTuple):
    """What `kith add NAME --from-referral TOUCH` takes from the referral."""

    text: str  # the entry as written in the touch's `referrals:`
    introducer: str | None  # the first person of the touch with a file
    source: str  # "Referred by José Núñez on 2026-08-19: platform team at Acme"


def from_referral(touch: Touch, name: str, vault: Vault) -> FromReferral | None:
    """The entry of `touch`'s referrals that names `name` (accents, case and spacing aside;
    or the slug `name` makes), with the introducer and source it gives; None if none does."""
    wanted, slug = fold_name(name), slug_for(name)
    names = {r.text: (fold_name(r.text), fold_name(split_referral(r.text)[0]))
             for r in touch.referrals if r.slug is None}
    text = next((r.text for r in touch.referrals
                 if r.slug == slug or wanted in names.get(r.text, ())), None)
    if text is None:
        return None
    note = split_referral(text)[1]
    introducer = next((s for s in touch.with_ if s in vault.people), None)
    by = f" by {vault.people[introducer].name}" if introducer else ""
    source = f"Referred{by} on {touch.date.isoformat()}" + (f": {note}" if note else "")
    return FromReferral(text, introducer, source)
