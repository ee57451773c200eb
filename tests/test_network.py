"""The network pages' data: leads, referrals, introductions, advice, resources, companies,
pipeline."""

from __future__ import annotations

import datetime as dt
import shlex
from pathlib import Path

import pytest

from kithbook.advice import advice
from kithbook.companies import companies
from kithbook.followups import Reason, follow_ups
from kithbook.introductions import introductions
from kithbook.leads import leads
from kithbook.load import load_vault
from kithbook.model import Stage
from kithbook.names import slug_for as slug_of
from kithbook.names import split_referral, web_url
from kithbook.pipeline import pipeline, stage_dates, stage_on
from kithbook.referrals import mentions, missing_referrals
from kithbook.resources import resource_kind, resources
from kithbook.settings import read_settings
from kithbook.timeline import person_facts

from .conftest import TODAY, kith, person
from .network_vault import FILES, ZED_NAME


class Loaded:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.settings = read_settings(root)
        self.vault = load_vault(root, self.settings)
        self.facts = person_facts(self.vault, self.settings, TODAY)
        self.found = mentions(self.vault, TODAY)


@pytest.fixture
def loaded(make_vault) -> Loaded:
    return Loaded(make_vault(FILES))


def test_three_level_chain_and_two_people_introduced_by_the_same_person(loaded):
    network = introductions(loaded.facts, loaded.found)
    drawn = [(b.slug, b.depth, b.parent) for b in network.branches]
    assert drawn == [("ada", 0, None), ("bob", 1, "ada"), ("dan", 2, "bob"),
                     ("cleo", 1, "ada"), ("erin-example", 2, "cleo"), ("zed", 2, "cleo")]
    reach = {b.slug: (b.direct, b.total) for b in network.reach}
    assert reach == {"ada": (2, 5), "cleo": (2, 2), "bob": (1, 1)}
    assert network.reach[0].slug == "ada"
    assert network.alone == 3  # gus, hank, ivy


def test_a_referral_not_yet_added_has_the_exact_kith_add_command(loaded):
    missing = missing_referrals(loaded.found, loaded.vault, TODAY)
    assert [m.name for m in missing] == ["Frank Unfiled"]  # not Erin (has a file), not the planned
    frank = missing[0]
    assert frank.note == "platform at Globex"
    touch = frank.mentions[0].touch
    assert frank.command == f"kith add 'Frank Unfiled' --from-referral {touch.id}"
    result = kith(None, *shlex.split(frank.command)[1:], env={"KITH_VAULT": str(loaded.root)})
    assert result.exit_code == 0, result.output
    text = (loaded.root / "people/frank-unfiled.md").read_text(encoding="utf-8")
    assert "introduced_by: cleo" in text
    assert "source: 'Referred by Cleo Curie on 2026-10-01: platform at Globex'" in text
    entries = Loaded(loaded.root).vault.touches
    assert [r.text for t in entries if t.id == touch.id for r in t.referrals
            if "frank" in r.text.lower()] == ["frank-unfiled"]  # the entry is the slug now
    after = Loaded(loaded.root)
    assert missing_referrals(after.found, after.vault, TODAY) == []
    network = introductions(after.facts, after.found)
    assert ("frank-unfiled", 2, "cleo") in [(b.slug, b.depth, b.parent) for b in network.branches]


def test_a_referral_later_added_is_a_lead_named_by_its_referrer(loaded):
    ranked, inactive = leads(loaded.facts, loaded.found, TODAY)
    assert [lead.fact.person.slug for lead in ranked] == ["erin-example", "zed", "hank"]
    erin = ranked[0]
    assert erin.since == dt.date(2026, 10, 1) and erin.waited == 56
    assert erin.referrers == ("cleo",)
    assert ranked[1].referrers == ("cleo",) and ranked[1].since is None  # introduced_by only
    assert [f.person.slug for f in inactive] == ["ivy"]


def test_leads_rank_by_priority_then_waiting_longest(make_vault):
    files = {f"people/{s}.md": f"---\nname: {s.title()}\npriority: {p}\n---\n"
             for s, p in (("a", "low"), ("b", "normal"), ("c", "normal"), ("d", "normal"))}
    files |= {"people/x.md": "---\nname: X\n---\n",
              "meetings/2026-01-01-x.md": "---\ndate: 2026-01-01\nwith: x\nreferrals: [c]\n---\n",
              "meetings/2026-03-01-x.md": "---\ndate: 2026-03-01\nwith: x\nreferrals: [b]\n---\n"}
    state = Loaded(make_vault(files))
    ranked, _ = leads(state.facts, state.found, TODAY)
    assert [lead.fact.person.slug for lead in ranked] == ["c", "b", "d", "a"]


def test_the_same_book_with_different_capitalisation_is_one_resource(loaded):
    groups = dict(resources(loaded.vault, TODAY))
    assert list(groups) == ["event", "book", "article"]
    [book] = groups["book"]
    assert book.title == "Designing Data-Intensive Applications"
    assert book.people == ("ada", "bob")
    [event] = groups["event"]  # same URL, whatever the host's case or trailing slash
    assert event.people == ("bob", "cleo") and len(event.urls) == 1
    [article] = groups["article"]
    assert article.urls == ("javascript:alert(1)",) and web_url(article.urls[0]) is None


def test_resource_kinds_fold_plurals_and_synonyms():
    assert [resource_kind(k) for k in ("Books", "organization", "Organisations", "meetup",
                                       None, "podcast")] == [
        "book", "organisation", "organisation", "event", "other", "podcast"]


def test_advice_done_and_not_reported_is_flagged_like_the_follow_ups(loaded):
    entries = advice(loaded.vault, loaded.facts, TODAY)
    states = [(e.task.text, e.state, e.untold) for e in entries]
    assert states == [("Write a blog post", "open", ()),
                      ("Read the book", "untold", ("ada",)),
                      ("Join the meetup", "done", ())]
    assert entries[0].age == 86 and entries[0].advisors == ("ada",)
    due = follow_ups(loaded.vault, loaded.settings, TODAY, facts=loaded.facts)
    owed = {i.person for i in due if i.reason is Reason.CLOSE_LOOP_ADVICE}
    assert owed == {s for e in entries for s in e.untold}


def test_companies_hint_a_second_person_after_three_business_days(loaded):
    due = follow_ups(loaded.vault, loaded.settings, TODAY, facts=loaded.facts)
    found = {c.name: c for c in companies(loaded.facts, due)}
    initech = found["Initech"]  # "initech" in one file: the same company
    assert set(initech.spellings) == {"Initech", "initech"}
    assert [f.person.slug for f in initech.people] == ["erin-example", "gus", "hank"]
    assert [i.person for i in initech.unanswered] == ["gus"]
    assert initech.next_to_try == ("erin-example", "hank")
    assert not found["Analytical Engines"].needs_second_person
    early = follow_ups(loaded.vault, loaded.settings, dt.date(2026, 11, 18))
    facts = person_facts(loaded.vault, loaded.settings, dt.date(2026, 11, 18))
    assert not {c.name: c for c in companies(facts, early)}["Initech"].needs_second_person


def test_pipeline_counts_and_monthly_moves(loaded):
    flow = pipeline(loaded.facts, TODAY)
    assert {c.stage: c.people for c in flow.counts} == {
        Stage.LEAD: 4, Stage.CONTACTED: 1, Stage.SCHEDULED: 0, Stage.MET: 3, Stage.CONNECTED: 1}
    assert next(c for c in flow.counts if c.stage is Stage.LEAD).inactive == 1
    moves = {(row.month.isoformat()[:7], a.value, b.value): n for row in flow.months
             for (a, b), n in zip(flow.moves, row.moves, strict=True) if n}
    assert moves == {("2026-11", "lead", "contacted"): 1, ("2026-11", "lead", "connected"): 1,
                     ("2026-10", "lead", "met"): 1, ("2026-09", "lead", "met"): 2}
    assert [row.month for row in flow.months] == [
        dt.date(2026, 11, 1), dt.date(2026, 10, 1), dt.date(2026, 9, 1)]


def test_stage_history_agrees_with_the_timeline_today(tmp_path):
    from benchmarks.generate import generate_vault

    generate_vault(tmp_path, people=300, touches=1500)
    settings = read_settings(tmp_path)
    vault = load_vault(tmp_path, settings)
    facts = person_facts(vault, settings, TODAY)
    checked = 0
    for fact in facts.values():
        if fact.person.stage_override or fact.stage is Stage.SCHEDULED:
            continue
        assert stage_on(stage_dates(reversed(fact.touches), TODAY), TODAY) is fact.stage
        checked += 1
    assert checked > 200


def test_cycles_through_referrals_are_cut_and_everyone_is_drawn_once(make_vault):
    files = {"people/a.md": "---\nname: Alpha\n---\n", "people/b.md": "---\nname: Beta\n---\n",
             "people/c.md": "---\nname: Gamma\n---\n",
             "meetings/2026-01-01-a.md": "---\ndate: 2026-01-01\nwith: a\nreferrals: [b]\n---\n",
             "meetings/2026-02-01-b.md": "---\ndate: 2026-02-01\nwith: b\nreferrals: [a, c]\n---\n"}
    state = Loaded(make_vault(files))
    network = introductions(state.facts, state.found)
    assert [(b.slug, b.depth, b.parent, b.others) for b in network.branches] == [
        ("a", 0, None, ("b",)), ("b", 1, "a", ()), ("c", 2, "b", ())]


def test_referral_names_and_slugs():
    assert split_referral("Linus Example, platform team at Acme") == (
        "Linus Example", "platform team at Acme")
    assert split_referral("  Ada   Lovelace  ") == ("Ada Lovelace", "")
    assert split_referral("Grace Hopper - Navy") == ("Grace Hopper", "Navy")
    # One slug rule for referrals and `kith add` (names.slug_for; once two copies held equal).
    assert [slug_of(name) for name in ("José Núñez", "Łucja Wiśniewska", "Zoë O'Brien", "!!")] \
        == ["jose-nunez", "lucja-wisniewska", "zoe-o-brien", "person"]


def test_a_referral_slug_with_no_file_is_missing_under_its_own_slug(make_vault):
    files = {"people/a.md": "---\nname: Alpha\n---\n",
             "meetings/2026-01-01-a.md":
                 "---\ndate: 2026-01-01\nwith: a\nreferrals: [grace-hopper]\n---\n"}
    state = Loaded(make_vault(files))
    [missing] = missing_referrals(state.found, state.vault, TODAY)
    assert (missing.name, missing.slug) == ("Grace Hopper", "grace-hopper")
    assert missing.command == "kith add 'Grace Hopper' --from-referral 2026-01-01-a"
    result = kith(state.root, *shlex.split(missing.command)[1:])
    assert result.exit_code == 0, result.output
    assert "introduced_by: a\n" in (state.root / "people/grace-hopper.md").read_text()
    assert "referrals: [grace-hopper]" in (state.root / "meetings/2026-01-01-a.md").read_text()


def test_zed_keeps_his_name(loaded):
    assert loaded.vault.people["zed"].name == ZED_NAME


def test_company_pages_are_unique_and_a_new_company_renames_no_other():
    from kithbook.companies import company_names
    from kithbook.names import hashed_name

    def names(*companies: str) -> dict[str, str]:
        people = [person(f"p{n}", name=f"P{n}", company=c) for n, c in enumerate(companies)]
        return {key: name.slug for key, name in company_names(people).items()}

    two = names("C++ Labs", "C Labs", "c  labs", "Index")
    assert two == {"c labs": "c-labs", "c++ labs": hashed_name("c-labs", "c++ labs"),
                   "index": hashed_name("index", "index")}
    # a company added later sorts after or before, and the pages already made stay put
    assert names("C++ Labs", "C Labs", "Index", "C-Labs!")["c labs"] == "c-labs"
    assert names("C++ Labs", "C Labs", "Index", "C-Labs!")["c++ labs"] == two["c++ labs"]
    assert len(set(names("C++ Labs", "C Labs", "Index", "C-Labs!").values())) == 4
    # ...even one that sorts first: the name that spells the slug out keeps it
    assert names("C Labs", "(C Labs)", "@C Labs")["c labs"] == "c-labs"
    assert len(set(names("C Labs", "(C Labs)", "@C Labs").values())) == 3
    assert names("+++")["+++"] == "company"
