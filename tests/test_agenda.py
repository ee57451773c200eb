"""Agendas: golden files for the example vault, the terminal form, and printing to paper."""

from __future__ import annotations

import io
import os

import pytest

from kithbook.agenda import build_agenda, read_pitch, read_question_bank
from kithbook.load import load_vault
from kithbook.settings import read_settings
from kithbook.site.pages import render_agenda
from kithbook.timeline import person_facts

from .browser import chromium_page, screenshot, serve_folder
from .conftest import REPO, kith

GOLDEN = REPO / "tests/golden"
UPDATE = os.environ.get("KITH_UPDATE_GOLDEN") == "1"


def example_agenda(touch_id: str) -> str:
    settings = read_settings(REPO)
    vault = load_vault(REPO, settings)
    touch = next(t for t in vault.touches if t.id == touch_id)
    facts = person_facts(vault, settings, settings.today)
    agenda = build_agenda(touch, vault, facts, settings.today,
                          read_question_bank(REPO / "docs/questions.md"),
                          read_pitch(REPO / "docs/pitch.md"))
    return render_agenda(agenda, vault, settings.today)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: KITH_UPDATE_GOLDEN=1"


def test_agenda_of_the_example_planned_meeting_matches_its_golden_file():
    text = example_agenda("2026-12-03-jose-nunez-video")
    check_golden("agenda-2026-12-03-jose-nunez-video.md", text)
    # What the golden file must show, said once more in words:
    carried = text.split("**Not reached last time**")[1].split("**Common questions**")[0]
    assert "What would you change about Northwind's data contracts?" in carried  # twice unasked
    assert "How do you review someone's first dbt model?" in carried
    assert "How big is the analytics engineering team?" not in carried  # asked in August
    assert "late-arriving" not in carried  # already among his own questions
    assert text.index("**For José Núñez**") < text.index("**Not reached last time**") < text.index(
        "**Trends**") < text.index("## Elevator pitch")
    assert "Learn dbt-style testing of SQL models: tell them you did it" in text
    assert "I'm Sam Rivera" in text
    assert "No research yet" in text


def test_a_second_planned_meeting_and_its_missing_questions():
    text = example_agenda("2027-01-12-lucja-wisniewska")
    check_golden("agenda-2027-01-12-lucja-wisniewska.md", text)
    assert "**For Łucja" not in text  # no questions in her file


def test_kith_agenda_prints_text_or_markdown():
    text = kith(REPO, "agenda", "jose")
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[:2] == ["Agenda: Portfolio review with José", "=" * 34]
    assert "- José Núñez, Senior Analytics Engineer at Northwind Analytics · London" in lines
    assert "Kind      video" in lines  # the logistics table as aligned columns
    assert "! No research yet" in lines  # an admonition as a marked line
    for markdown in ("](", "**", "| ", "!!!", "`", "\n## "):
        assert markdown not in text.stdout, markdown
    md = kith(REPO, "agenda", "jose", "--format", "md")
    assert md.stdout == example_agenda("2026-12-03-jose-nunez-video")
    none = kith(REPO, "agenda", "maya")
    assert none.exit_code == 1 and "no conversation planned" in none.stderr


@pytest.mark.browser
def test_an_agenda_page_prints_without_navigation(example_site):
    from pypdf import PdfReader

    with serve_folder(example_site) as url, chromium_page() as page:
        page.goto(url + "agendas/2026-12-03-jose-nunez-video/")
        screenshot(page, "agenda")
        assert page.locator("nav.md-nav--primary").count() == 1  # on screen, the nav is there
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Agenda: Portfolio review with José" in text
    assert "Not reached last time" in text and "Elevator pitch" in text
    for nav_text in ("Companies", "Follow-ups", "Kithbook example vault", "Search"):
        assert nav_text not in text, nav_text
