"""Re-importing LinkedIn's Connections.csv notices a new role: the card takes the new
values, a dated note keeps the old ones, and a "congratulate them" item follows."""

from __future__ import annotations

from pathlib import Path

import pytest

from kithbook.load import load_vault
from kithbook.settings import read_settings

from .conftest import kith

HEADER = ("Notes:\n\"When exporting your connection data, you may notice that some of the"
          " email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,"
          "Position,Connected On\n")
MAYA_ROW = "Maya,Okafor,https://www.linkedin.com/in/maya-okafor-example,,{company},{title},02 May 2026\n"
MAYA = """\
---
name: Maya Okafor
title: Data Engineer   # since 2024
company: Contoso
links: [https://www.linkedin.com/in/maya-okafor-example]
---

## Research
Streaming talks.
"""


def export(tmp_path: Path, company: str, title: str, name: str = "Connections.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + MAYA_ROW.format(company=company, title=title), encoding="utf-8")
    return path


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault({"people/maya-okafor.md": MAYA,
                       "meetings/2026-05-02-maya-okafor-note.md":
                           "---\ndate: 2026-05-02\nwith: maya-okafor\nkind: note\n"
                           "title: Connected on LinkedIn\n---\n"})


def test_the_same_role_changes_nothing(vault, tmp_path):
    result = kith(vault, "import", "linkedin", str(export(tmp_path, "Contoso", "Data Engineer")),
                  "--update")
    assert result.exit_code == 0, result.output
    assert (vault / "people/maya-okafor.md").read_text() == MAYA
    assert "already in the vault, nothing new" in result.output


def test_a_new_role_is_reported_and_recorded_with_update(vault, tmp_path):
    newer = export(tmp_path, "Wingtip Toys", "Head of Data")
    dry = kith(vault, "import", "linkedin", str(newer), "--today", "2026-11-26")
    assert dry.exit_code == 0, dry.output
    assert "would set title 'Head of Data' (was 'Data Engineer'); set company 'Wingtip Toys'" \
        " (was 'Contoso'); add a note touch 'Now Head of Data at Wingtip Toys' on 2026-11-26" \
        " (was Data Engineer at Contoso)" in dry.stdout
    assert (vault / "people/maya-okafor.md").read_text() == MAYA
    result = kith(vault, "import", "linkedin", str(newer), "--update", "--today", "2026-11-26")
    assert result.exit_code == 0, result.output
    assert (vault / "people/maya-okafor.md").read_text() == MAYA.replace(
        "Data Engineer   # since 2024", "Head of Data   # since 2024").replace(
        "company: Contoso", "company: Wingtip Toys")
    note = (vault / "meetings/2026-11-26-maya-okafor-note.md").read_text()
    assert note == ("---\ndate: 2026-11-26\nwith: maya-okafor\nkind: note\n"
                    "title: Now Head of Data at Wingtip Toys\ncongratulate: true\n---\n\n"
                    "## Notes\nWas Data Engineer at Contoso (seen in a LinkedIn import on"
                    " 2026-11-26).\n")
    again = kith(vault, "import", "linkedin", str(newer), "--update", "--today", "2026-11-27")
    assert "already in the vault, nothing new" in again.output
    assert sorted(p.name for p in (vault / "meetings").iterdir()) == [
        "2026-05-02-maya-okafor-note.md", "2026-11-26-maya-okafor-note.md"]


def test_a_new_company_alone_reads_now_at(vault, tmp_path):
    kith(vault, "import", "linkedin", str(export(tmp_path, "Wingtip Toys", "")), "--update",
         "--today", "2026-11-26")
    touches = load_vault(vault, read_settings(vault)).touches
    assert [t.title for t in touches if t.congratulate] == ["Now Data Engineer at Wingtip Toys"]


def test_a_first_title_fills_the_card_without_news(make_vault, tmp_path):
    root = make_vault({"people/maya-okafor.md": MAYA.replace("title: Data Engineer   # since"
                                                             " 2024\n", "")})
    result = kith(root, "import", "linkedin", str(export(tmp_path, "Contoso", "Data Engineer")),
                  "--update", "--today", "2026-11-26")
    assert "set title 'Data Engineer'" in result.stdout and "Now " not in result.stdout


def _due(vault: Path, day: str) -> str:
    result = kith(vault, "due", "--today", day, "--within", "0")
    assert result.exit_code in (0, 3), result.output
    return result.stdout


def test_the_news_asks_for_a_congratulation_until_you_write(vault, tmp_path):
    newer = export(tmp_path, "Wingtip Toys", "Head of Data")
    assert kith(vault, "import", "linkedin", str(newer), "--update",
                "--today", "2026-11-26").exit_code == 0
    assert "Congratulate" not in _due(vault, "2026-11-25")
    due = _due(vault, "2026-11-26")
    assert "Due today" in due
    assert "Congratulate Maya Okafor: Now Head of Data at Wingtip Toys." in due
    assert "Congratulate" in _due(vault, "2026-11-30")  # overdue until you write
    assert kith(vault, "log", "maya-okafor", "--kind", "follow-up", "--date", "2026-11-27",
                "-m", "Congratulations on the new role!").exit_code == 0
    assert "Congratulate" not in _due(vault, "2026-11-30")
