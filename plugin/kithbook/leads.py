"""Leads: people not yet contacted, ranked by priority, and who referred them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from kithbook.model import PRIORITY_RANK, Stage
from kithbook.names import fold
from kithbook.referrals import Mention
from kithbook.timeline import INACTIVE, PersonFacts


class Lead(NamedTuple):
    fact: PersonFacts
    since: dt.date | None  # the first sign in the vault that the user knew of them
    waited: int | None  # days since then
    referrers: tuple[str, ...]  # who introduced or named them, first first


def leads(facts: Mapping[str, PersonFacts], found: list[Mention], today: dt.date
          ) -> tuple[list[Lead], list[PersonFacts]]:
    """People not yet contacted, by priority then longest waiting; and the inactive ones left out.

    A file says nothing of when it was written, so a lead waits from the first
    touch that named them as a referral, or the first note about them; leads
    with neither come after the others of their priority.
    """
    named: dict[str, list[Mention]] = {}
    for mention in found:
        if mention.slug is not None:
            named.setdefault(mention.slug, []).append(mention)
    ranked, inactive = [], []
    for slug, fact in facts.items():
        if fact.stage is not Stage.LEAD:
            continue
        if fact.person.status in INACTIVE:
            inactive.append(fact)
            continue
        dates = [m.touch.date for m in named.get(slug, ())]
        dates += [t.date for t in fact.touches if t.date <= today]  # notes: a lead has no other
        since = min(dates, default=None)
        referrers = [fact.person.introduced_by] if fact.person.introduced_by else []
        referrers += [s for m in named.get(slug, ()) for s in m.referrers]
        ranked.append(Lead(fact, since, (today - since).days if since else None,
                           tuple(dict.fromkeys(referrers))))
    ranked.sort(key=lambda lead: (PRIORITY_RANK[lead.fact.person.priority],
                                  lead.since is None, lead.since or today,
                                  fold(lead.fact.person.name)))
    inactive.sort(key=lambda f: fold(f.person.name))
    return ranked, inactive
