"""The vault as of a date is worked out once per build or command, and shared."""

import datetime as dt
import shutil
import sys
from collections import Counter

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

import kithbook.followups
import kithbook.referrals
import kithbook.site.memo
import kithbook.timeline
import kithbook.wikilinks
from kithbook.load import load_vault
from kithbook.settings import read_settings
from kithbook.snapshot import Snapshot

from .conftest import REPO

COUNTED = {"person_facts": kithbook.timeline.person_facts,
           "all_follow_ups": kithbook.followups.all_follow_ups,
           "follow_ups": kithbook.followups.follow_ups,
           "ReferralIndex": kithbook.referrals.ReferralIndex,
           "WikiLinks": kithbook.wikilinks.WikiLinks}


@pytest.fixture
def calls(monkeypatch):
    """Counts the calls of the derivations, wherever a module imported them."""
    counted: Counter[str] = Counter()

    def counting(name, original):
        def wrapper(*args, **kwargs):
            counted[name] += 1
            return original(*args, **kwargs)
        return wrapper

    for module in [m for name, m in sys.modules.items() if name.startswith("kithbook")]:
        for name, original in COUNTED.items():
            if getattr(module, name, None) is original:
                monkeypatch.setattr(module, name, counting(name, original))
    return counted


@pytest.fixture
def memo_renders(monkeypatch):
    """The pages rendered through the serve-time memo (kithbook.site.memo.RenderMemo)."""
    rendered: list[object] = []
    original = kithbook.site.memo.RenderMemo.render

    def noting(self, key, *args, **kwargs):
        rendered.append(key)
        return original(self, key, *args, **kwargs)

    monkeypatch.setattr(kithbook.site.memo.RenderMemo, "render", noting)
    return rendered


@pytest.mark.slow
def test_one_site_build_works_out_the_facts_and_the_follow_ups_once(calls, memo_renders,
                                                                     tmp_path):
    vault = tmp_path / "vault"
    for folder in ("people", "meetings", "docs"):
        shutil.copytree(REPO / folder, vault / folder)
    shutil.copy(REPO / "mkdocs.yml", vault / "mkdocs.yml")
    config = load_config(str(vault / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    assert (tmp_path / "site/calendar.ics").is_file()  # the feed and the address book too
    assert (tmp_path / "site/contacts.vcf").is_file()
    # check, the follow-ups and the Leads page match referrals with one index; check and
    # the "Mentioned in" sections read the [[links]] once
    assert calls == {"person_facts": 1, "all_follow_ups": 1, "ReferralIndex": 1,
                     "WikiLinks": 1}
    assert memo_renders == []  # only `mkdocs serve` remembers pages for the next build
    # ...and the vault: a one-off build lets it go once its files are made
    plugin = config.plugins["kithbook"]
    records = len(list((vault / "people").glob("*.md"))) + len(list((vault / "meetings").glob("*.md")))
    plugin.cache.load(vault, plugin.settings)
    assert len(plugin.cache.reread) == records


def test_a_snapshot_derives_only_what_is_asked_and_only_once(calls):
    settings = read_settings(REPO)
    snap = Snapshot(load_vault(REPO, settings), settings, settings.today)
    assert calls == {}
    assert snap.agendas and snap.leads
    assert calls == {"person_facts": 1, "ReferralIndex": 1}
    soon, again = snap.due, snap.follow_ups()
    far = snap.follow_ups(within=dt.timedelta(days=365))
    assert calls == {"person_facts": 1, "all_follow_ups": 1, "ReferralIndex": 1}
    assert soon == again
    assert set(soon) < set(far)  # the example vault has follow-ups beyond `due_soon`


def test_the_snapshot_agrees_with_the_functions_it_shares(calls):
    settings = read_settings(REPO)
    vault = load_vault(REPO, settings)
    snap = Snapshot(vault, settings, settings.today)
    assert snap.due == COUNTED["follow_ups"](vault, settings, settings.today)
    assert snap.facts == COUNTED["person_facts"](vault, settings, settings.today)
