"""The vault as of one date: everything derived from it, computed once, when first asked.

A site build, an export or a CLI command makes one `Snapshot` and hands it to
every page, site file and view that needs the person facts, the follow-up
list, the planned conversations, the agendas or the network data. Each is
worked out the first time it is asked for and kept: nothing is derived twice,
and nothing that is not asked for is derived at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property

from kithbook.advice import AdviceEntry, advice
from kithbook.agenda import Agenda, QuestionGroup, build_agenda, planned_conversations
from kithbook.companies import Company, CompanyNotes, companies
from kithbook.followups import FollowUp, all_follow_ups, due_by, due_horizon
from kithbook.introductions import Network, introductions
from kithbook.leads import Lead, leads
from kithbook.model import Touch, Vault
from kithbook.names import fold
from kithbook.pipeline import Pipeline, pipeline
from kithbook.referrals import (
    Mention,
    MissingReferral,
    mentions,
    missing_referrals,
    referral_index,
)
from kithbook.resources import Recommended, resources
from kithbook.settings import Settings
from kithbook.timeline import PersonFacts, person_facts
from kithbook.wikilinks import DocPage, WikiLinks, wiki_links


class Snapshot:
    """`vault` as of `today` under `settings`; `bank` and `pitch` feed the agendas, `pages`
    (the hand-written pages) the wiki links, `company_notes` (hand-written
    `companies/SLUG.md`) the company pages."""

    def __init__(self, vault: Vault, settings: Settings, today: dt.date, *,
                 bank: tuple[QuestionGroup, ...] = (), pitch: str = "",
                 pages: tuple[DocPage, ...] = (),
                 company_notes: Mapping[str, CompanyNotes] | None = None) -> None:
        self.vault = vault
        self.settings = settings
        self.today = today
        self.bank = bank
        self.pitch = pitch
        self.pages = pages
        self.company_notes = company_notes or {}

    @cached_property
    def facts(self) -> dict[str, PersonFacts]:
        """Each person's timeline, stage and next keep-in-touch date, by slug."""
        return person_facts(self.vault, self.settings, self.today)

    @cached_property
    def touch_by_id(self) -> dict[str, Touch]:
        return {touch.id: touch for touch in self.vault.touches}

    @cached_property
    def _follow_ups(self) -> list[FollowUp]:
        return all_follow_ups(self.facts, self.settings, self.today, referral_index(self.vault))

    def follow_ups(self, within: dt.timedelta | None = None) -> list[FollowUp]:
        """What is due by `today + within` (default: the `due_soon` setting), most urgent first."""
        return due_by(self._follow_ups, due_horizon(self.settings, self.today, within))

    @cached_property
    def due(self) -> list[FollowUp]:
        """The follow-ups of the site's pages (`due_soon` ahead)."""
        return self.follow_ups()

    @cached_property
    def planned(self) -> list[Touch]:
        """Conversations still to come (today's included), soonest first."""
        return planned_conversations(self.vault, self.today)

    @cached_property
    def agendas(self) -> list[Agenda]:
        return [self.agenda_for(touch) for touch in self.planned]

    def agenda_for(self, touch: Touch) -> Agenda:
        """The agenda of one planned conversation (`kith agenda` needs only that one)."""
        return build_agenda(touch, self.vault, self.facts, self.today, self.bank, self.pitch)

    @cached_property
    def mentions(self) -> list[Mention]:
        """Every referral in past touches, matched to a person where one exists."""
        return mentions(self.vault, self.today)

    @cached_property
    def leads(self) -> tuple[list[Lead], list[PersonFacts]]:
        """People to contact, ranked; and the inactive ones."""
        return leads(self.facts, self.mentions, self.today)

    @cached_property
    def missing_referrals(self) -> list[MissingReferral]:
        return missing_referrals(self.mentions, self.vault, self.today)

    @cached_property
    def introductions(self) -> Network:
        return introductions(self.facts, self.mentions)

    @cached_property
    def advice(self) -> list[AdviceEntry]:
        return advice(self.vault, self.facts, self.today)

    @cached_property
    def resources(self) -> list[tuple[str, list[Recommended]]]:
        return resources(self.vault, self.today)

    @cached_property
    def companies(self) -> list[Company]:
        return companies(self.facts, self.due, self.company_notes)

    @cached_property
    def company_slugs(self) -> dict[str, str]:
        """Each company's page name by every folded spelling of its name (a person's
        `company` links to its page)."""
        return {fold(spelling): company.slug for company in self.companies
                for spelling in company.spellings}

    @cached_property
    def pipeline(self) -> Pipeline:
        return pipeline(self.facts, self.today)

    @cached_property
    def wikilinks(self) -> WikiLinks:
        """The `[[links]]` of bodies and pages: who is mentioned where."""
        return wiki_links(self.vault, self.pages)
