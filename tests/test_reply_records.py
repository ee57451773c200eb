"""The keys of a conversation's life: reply outcomes, status, sequence, birthday and aka."""

from __future__ import annotations

import datetime as dt

from kithbook.load import load_vault
from kithbook.model import Birthday, Kind, Outcome, TouchStatus
from kithbook.settings import Settings

ADA = "---\nname: Ada Lovelace\n---\n"


def load(make_vault, files):
    return load_vault(make_vault({"people/ada.md": ADA, **files}), Settings())


def messages(vault):
    return sorted((p.path, p.line, p.key, p.severity) for p in vault.problems)


def test_a_later_reply_reads_its_outcome_and_until(make_vault):
    vault = load(make_vault, {"meetings/r.md": """\
        ---
        date: 2026-11-20
        with: ada
        kind: reply
        outcome: later
        until: 2027-01-10
        ---
        Ask me again in January.
        """})
    (reply,) = vault.touches
    assert (reply.kind, reply.outcome, reply.until) == (Kind.REPLY, Outcome.LATER,
                                                      dt.date(2027, 1, 10))
    assert vault.problems == ()


def test_outcome_and_until_out_of_place_are_warned_with_their_line_and_ignored(make_vault):
    vault = load(make_vault, {
        "meetings/a.md": "---\ndate: 2026-11-20\nwith: ada\nkind: coffee\noutcome: yes\n---\n",
        "meetings/b.md": "---\ndate: 2026-11-20\nwith: ada\nkind: reply\noutcome: no\n"
                         "until: 2027-01-01\n---\n",
        "meetings/c.md": "---\ndate: 2026-11-20\nwith: ada\nkind: reply\noutcome: later\n---\n",
        "meetings/d.md": "---\ndate: 2026-11-20\nwith: ada\nkind: reply\noutcome: maybe\n---\n",
    })
    assert messages(vault) == [
        ("meetings/a.md", 5, "outcome", "warning"),
        ("meetings/b.md", 6, "until", "warning"),
        ("meetings/c.md", 5, "outcome", "warning"),
        ("meetings/d.md", 5, "outcome", "error"),
    ]
    by_id = {t.id: t for t in vault.touches}
    assert by_id["a"].outcome is None and by_id["b"].until is None
    assert "did you mean" not in vault.problems[3].message  # 'maybe' is near none
    assert "one of: yes, later, no" in vault.problems[3].message


def test_status_sequence_and_uid_of_a_conversation(make_vault):
    vault = load(make_vault, {
        "meetings/m.md": "---\ndate: 2026-12-01 10:00\nwith: ada\nkind: call\n"
                         "status: no-show\nsequence: 2\nuid: old@kithbook\n---\n",
        "meetings/n.md": "---\ndate: 2026-12-01\nwith: ada\nkind: note\nstatus: cancelled\n"
                         "sequence: -1\n---\n",
    })
    by_id = {t.id: t for t in vault.touches}
    assert (by_id["m"].status, by_id["m"].sequence, by_id["m"].uid) == (
        TouchStatus.NO_SHOW, 2, "old@kithbook")
    assert by_id["n"].status is None and by_id["n"].sequence == 0
    assert messages(vault) == [("meetings/n.md", 5, "status", "warning"),
                               ("meetings/n.md", 6, "sequence", "error")]


def test_birthday_with_or_without_year_and_aka(make_vault):
    vault = load(make_vault, {
        "people/bob.md": "---\nname: Bob\nbirthday: 02-29\naka: [Bobby, Robert Smith]\n---\n",
        "people/cy.md": "---\nname: Cy\nbirthday: 1990-05-17\naka: C.\n---\n",
        "people/di.md": "---\nname: Di\nbirthday: 02-30\n---\n",
    })
    assert vault.people["bob"].birthday == Birthday(2, 29)
    assert vault.people["bob"].aka == ("Bobby", "Robert Smith")
    assert vault.people["cy"].birthday == Birthday(5, 17, 1990)
    assert vault.people["cy"].aka == ("C.",)
    assert messages(vault) == [("people/di.md", 3, "birthday", "error")]
    assert "February" in vault.problems[0].message


def test_a_birthday_falls_on_the_28th_in_a_common_year():
    assert Birthday(2, 29).on_or_after(dt.date(2027, 1, 1)) == dt.date(2027, 2, 28)
    assert Birthday(2, 29).on_or_after(dt.date(2028, 1, 1)) == dt.date(2028, 2, 29)
    assert Birthday(1, 5).on_or_after(dt.date(2026, 11, 26)) == dt.date(2027, 1, 5)
    assert str(Birthday(5, 17, 1990)) == "1990-05-17" and str(Birthday(5, 7)) == "05-07"
