"""The example vault is the demo and a fixture: rich, and valid under --strict."""

import datetime as dt

import pytest

from kithbook.check import check_vault
from kithbook.load import load_vault
from kithbook.model import Kind
from kithbook.settings import read_settings

from .conftest import REPO, kith


@pytest.fixture(scope="module")
def example():
    return load_vault(REPO, read_settings(REPO))


def test_kith_check_strict_passes_on_the_example_vault():
    result = kith(REPO, "check", "--strict")
    assert result.exit_code == 0, result.stderr


def test_no_problems_at_all(example):
    assert check_vault(example, today=read_settings(REPO).today) == ()


def test_rich_enough_to_exercise_every_page(example):
    today = read_settings(REPO).today
    assert len(example.people) >= 12
    assert len(example.touches) >= 24
    assert {t.kind for t in example.touches} == set(Kind)
    assert any(t.kind.is_conversation and t.date > today for t in example.touches)
    assert any(t.advice for t in example.touches)
    assert any(t.resources for t in example.touches)
    assert any(r.slug is None for t in example.touches for r in t.referrals)


def test_a_referral_chain_of_three_levels(example):
    people = example.people
    chains = [p for p in people.values()
              if p.introduced_by and people[p.introduced_by].introduced_by]
    assert chains, "expected someone introduced by someone who was introduced"


def test_the_example_today_is_fixed_for_reproducible_builds():
    assert read_settings(REPO).today == dt.date(2026, 11, 26)
