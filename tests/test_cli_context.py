"""The CLI's shared machinery: --today on every command that reads the date, one
definition of "planned", and the core's errors turned into messages in one place."""

from __future__ import annotations

import datetime as dt

import click
import pytest

from kithbook.agenda import is_planned, planned_conversations
from kithbook.cli import main
from kithbook.errors import KithError
from kithbook.load import load_vault
from kithbook.settings import read_settings

from .conftest import kith

NO_TODAY_SETTING = "site_name: T\nplugins:\n  - kithbook\n"
ADA = "---\nname: Ada Lovelace\nemail: ada@example.org\n---\n"

# Every command that reads the date; a new one belongs here and gets @dated.
DATED = [("check",), ("due",), ("agenda",), ("draft",), ("log",), ("meet",), ("thank",),
         ("done",), ("snooze",), ("invite",), ("render",), ("init",), ("export", "ics"),
         ("export", "vcard"), ("export", "json"), ("export", "csv"), ("import", "calendar"),
         ("import", "linkedin")]


def command(path: tuple[str, ...]) -> click.Command:
    found: click.Command = main
    for name in path:
        assert isinstance(found, click.Group)
        found = found.commands[name]
    return found


@pytest.mark.parametrize("path", DATED, ids=" ".join)
def test_every_dated_command_takes_today(path):
    assert "--today" in {opt for p in command(path).params for opt in p.opts}


def test_today_dates_a_log_and_a_snooze(make_vault):
    root = make_vault({"people/ada.md": ADA}, mkdocs_yml=NO_TODAY_SETTING)
    logged = kith(root, "log", "ada", "--kind", "coffee", "--today", "2026-03-04")
    assert logged.exit_code == 0, logged.output
    assert (root / "meetings/2026-03-04-ada-coffee.md").is_file()
    thanked = kith(root, "thank", "ada", "--today", "2026-03-05")
    assert thanked.exit_code == 0 and "2026-03-05" in thanked.output
    snoozed = kith(root, "snooze", "ada", "--for", "2w", "--today", "2026-03-05")
    assert snoozed.exit_code == 0, snoozed.output
    assert "snooze_until: 2026-03-19" in (root / "people/ada.md").read_text()


def test_a_conversation_today_is_planned_and_has_an_agenda(make_vault):
    root = make_vault({
        "people/ada.md": ADA,
        "meetings/2026-03-04-ada-meeting.md": "---\ndate: 2026-03-04 15:00\nwith: [ada]\n"
                                              "kind: meeting\n---\n",
        "meetings/2026-03-04-ada-note.md": "---\ndate: 2026-03-04\nwith: [ada]\n"
                                           "kind: note\n---\n",
    }, mkdocs_yml=NO_TODAY_SETTING)
    vault = load_vault(root, read_settings(root))
    day = dt.date(2026, 3, 4)
    assert [t.id for t in planned_conversations(vault, day)] == ["2026-03-04-ada-meeting"]
    assert all(not is_planned(t, day + dt.timedelta(days=1)) for t in vault.touches)
    today = kith(root, "agenda", "ada", "--today", "2026-03-04")
    assert today.exit_code == 0, today.output
    later = kith(root, "agenda", "ada", "--today", "2026-03-05")
    assert later.exit_code == 1 and "no conversation planned with Ada Lovelace from 2026-03-05 on" in later.output


def test_core_errors_are_messages_not_tracebacks(make_vault):
    root = make_vault({"people/ada.md": ADA})
    for args in (("draft", "outreach", "nobody"), ("rename", "ada", "Not A Slug!"),
                 ("invite", "ada")):
        result = kith(root, *args)
        assert result.exit_code == 1, (args, result.output)
        assert "Error: " in result.output and not isinstance(result.exception, KithError)
