import datetime as dt

import pytest

from kithbook.model import Kind, Period, Stage, Status, Vault
from kithbook.settings import Settings
from kithbook.timeline import next_due, person_facts, timeline

from .conftest import TODAY, person, touch


@pytest.mark.parametrize(
    ("touches", "stage"),
    [
        ([], Stage.LEAD),
        ([("2026-11-01", Kind.NOTE)], Stage.LEAD),
        ([("2026-11-01", Kind.OUTREACH)], Stage.CONTACTED),
        ([("2026-11-01", Kind.OUTREACH), ("2026-12-03", Kind.COFFEE)], Stage.SCHEDULED),
        ([("2026-12-03", Kind.VIDEO)], Stage.SCHEDULED),
        ([("2026-11-01", Kind.CALL)], Stage.MET),
        ([("2026-11-01", Kind.CALL), ("2026-11-02", Kind.THANK_YOU)], Stage.MET),
        ([("2026-11-01", Kind.CALL), ("2026-11-02", Kind.THANK_YOU),
          ("2026-11-20", Kind.FOLLOW_UP)], Stage.CONNECTED),
        ([("2026-11-01", Kind.CALL), ("2026-11-02", Kind.THANK_YOU),
          ("2026-11-20", Kind.NOTE)], Stage.MET),
        ([("2026-11-01", Kind.CALL), ("2026-12-10", Kind.MEETING)], Stage.MET),
        ([("2026-11-26", Kind.COFFEE)], Stage.MET),  # today counts as held
    ],
)
def test_stage_is_derived_from_touches(touches, stage):
    assert timeline([touch(d, k) for d, k in touches], TODAY).stage == stage


def test_last_contact_ignores_notes_and_planned_touches():
    touches = [touch("2026-10-01", Kind.CALL), touch("2026-11-01", Kind.NOTE),
               touch("2026-12-01", Kind.MEETING)]
    assert timeline(touches, TODAY).last_contact == dt.date(2026, 10, 1)


def test_next_due_uses_own_cadence_then_default_for_people_met():
    settings = Settings(default_cadence=Period(90, "d"))
    last = dt.date(2026, 10, 1)
    assert next_due(person(cadence=Period(1, "m")), Stage.MET, last, settings) == dt.date(2026, 11, 1)
    assert next_due(person(), Stage.MET, last, settings) == dt.date(2026, 12, 30)
    assert next_due(person(), Stage.CONTACTED, last, settings) is None
    assert next_due(person(never_remind=True), Stage.MET, last, settings) is None
    assert next_due(person(status=Status.PAUSED), Stage.MET, last, settings) is None
    snoozed = person(snooze_until=dt.date(2027, 2, 1))
    assert next_due(snoozed, Stage.MET, last, settings) == dt.date(2027, 2, 1)


def test_person_facts_index_touches_and_introductions():
    ada, bob = person(slug="ada"), person(slug="bob", introduced_by="ada")
    shared = touch("2026-11-01", Kind.COFFEE, "ada", "bob")
    vault = Vault(root=".", people={"ada": ada, "bob": bob},
                  touches=(touch("2026-10-01", Kind.OUTREACH, "ada", id="2026-10-01-outreach"), shared))
    facts = person_facts(vault, Settings(), TODAY)
    assert [t.id for t in facts["ada"].touches] == [shared.id, "2026-10-01-outreach"]
    assert facts["bob"].touches == (shared,)
    assert facts["ada"].introduced == ("bob",)
    assert facts["bob"].stage == Stage.MET


def test_a_timeline_has_every_field_set_even_with_no_touches():
    """`timeline` makes its `Timeline` without `__init__` and sets each field itself: a
    field added to the class and not set there would be missing (AttributeError)."""
    import dataclasses

    from kithbook.timeline import Timeline

    empty, default = timeline([], TODAY), Timeline()
    for found in dataclasses.fields(Timeline):
        assert getattr(empty, found.name) == getattr(default, found.name), found.name
    assert empty == default
