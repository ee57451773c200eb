"""The history on the pages: the Activity page, its heatmaps, record histories and the Pitch."""

from __future__ import annotations

import datetime as dt
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kithbook.activity import pending, pitch_revisions, weeks, word_diff
from kithbook.history import NO_HISTORY, History, read_history, read_revisions
from kithbook.load import load_vault
from kithbook.settings import Settings
from kithbook.site.heatmap import GREENS, TOUCHES, calendar_svg, day_counts, year_of
from kithbook.site.pages import NAV, REVISIONS_MARKER, build_pages, revisions_into

from .conftest import TODAY
from .gitrepo import commit, init

SVG = "{http://www.w3.org/2000/svg}"
ADA = "---\nname: Ada Lovelace\n---\n"
GRACE = "---\nname: Grace Hopper\n---\n"
COFFEE = "---\ndate: 2026-03-02\nwith: [ada]\nkind: coffee\n---\n"
CALL = "---\ndate: 2026-11-20\nwith: [grace]\nkind: call\n---\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Ada added (week of 5 Jan), edited (week of 9 Feb); a coffee logged (week of 2 Mar);
    Grace and a call added but not committed."""
    root = init(tmp_path / "vault")
    commit(root, "Add Ada", "2026-01-05T10:00:00+00:00", {"people/ada.md": ADA})
    commit(root, "Ada: <b>new</b> job | *stars*", "2026-02-10T10:00:00+00:00",
           {"people/ada.md": ADA + "Works at Analytical Engines.\n"})
    commit(root, "Log the coffee", "2026-03-03T10:00:00+00:00",
           {"meetings/2026-03-02-ada-coffee.md": COFFEE})
    (root / "people/grace.md").write_text(GRACE, encoding="utf-8")
    (root / "meetings/2026-11-20-grace-call.md").write_text(CALL, encoding="utf-8")
    return root


def pages_for(root: Path, history: History = NO_HISTORY, **extra):
    vault = load_vault(root, Settings())
    return build_pages(vault, (), Settings(), TODAY, history=history, **extra)


# The heatmap

def test_the_heatmap_is_valid_svg_with_a_tooltip_per_day_and_a_text_alternative():
    counts = day_counts([dt.date(2026, 5, 14), dt.date(2026, 5, 14), dt.date(2026, 9, 1),
                         dt.date(2024, 1, 1), dt.date(2026, 12, 3)])  # too old, and planned
    year = year_of(counts, TODAY, TOUCHES)
    svg = ET.fromstring(calendar_svg(year, title="Touches <per> day", noun=TOUCHES))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Touches <per> day"
    assert svg.find(f"{SVG}desc").text == year.summary
    assert year.summary == ("3 touches on 2 days between 2025-11-27 and 2026-11-26; the busiest"
                            " day was 2026-05-14 (2 touches); the longest quiet spell was"
                            " 168 days.")
    days = [r for r in svg.iter(f"{SVG}rect") if r.get("data-date")]
    assert len(days) == 365
    assert days[0].get("data-date") == "2025-11-27" and days[-1].get("data-date") == "2026-11-26"
    busiest = next(r for r in days if r.get("data-date") == "2026-05-14")
    assert busiest.find(f"{SVG}title").text == "2026-05-14 (Thu): 2 touches"
    assert busiest.get("fill") == GREENS[4]
    assert next(r for r in days if r.get("data-date") == "2026-09-01").get("fill") == GREENS[2]
    assert {r.get("fill") for r in days if r.get("data-count") == "0"} == {GREENS[0]}
    # Weeks are columns with Monday on top; the last column holds today.
    assert {int(r.get("y")) for r in days if dt.date.fromisoformat(r.get("data-date")).weekday() == 0} == {16}


def test_the_heatmap_follows_today_not_the_clock():
    counts = day_counts([dt.date(2025, 6, 1)])
    assert year_of(counts, TODAY, TOUCHES).counts == {}
    earlier = year_of(counts, dt.date(2025, 12, 31), TOUCHES)
    assert earlier.counts == {dt.date(2025, 6, 1): 1}
    assert earlier.first == dt.date(2025, 1, 1)
    assert year_of({}, TODAY, TOUCHES).summary == "No touches between 2025-11-27 and 2026-11-26."


# Views of the history

def test_weeks_list_people_added_touches_logged_and_records_changed(repo):
    vault = load_vault(repo, Settings())
    found = weeks(vault, read_history(repo))
    assert [w.monday for w in found] == [dt.date(2026, 3, 2), dt.date(2026, 2, 9),
                                         dt.date(2026, 1, 5)]
    march, february, january = found
    assert [t.id for t in march.touches_logged] == ["2026-03-02-ada-coffee"]
    assert february.people_changed == ["ada"] and february.people_added == []
    assert january.people_added == ["ada"]
    assert [c.subject for c in january.commits] == ["Add Ada"]


def test_pending_lists_what_is_not_yet_committed(repo):
    (repo / "people/ada.md").write_text(ADA + "Edited.\n", encoding="utf-8")
    vault = load_vault(repo, Settings())
    waiting = pending(vault, read_history(repo))
    assert waiting.new_people == ("grace",) and waiting.changed_people == ("ada",)
    assert [t.id for t in waiting.new_touches] == ["2026-11-20-grace-call"]
    assert not pending(vault, NO_HISTORY)  # no repository: nothing to commit to


def test_word_diff_marks_removed_and_added_words():
    markup, added, removed = word_diff("I build payment systems.\n", "I build data systems.\n")
    assert markup == "I build <del>payment</del><ins>data</ins> systems.&#10;"
    assert (added, removed) == (1, 1)
    assert word_diff("a <b>\n", "a <b> c\n")[0] == "a &lt;b&gt; <ins>c&#10;</ins>"


def test_word_diff_ignores_rewrapping_and_joins_a_rewritten_sentence():
    assert word_diff("one two\nthree four.", "one two three\nfour.") == (
        "one two three&#10;four.", 0, 0)
    markup, added, removed = word_diff("I have built a tested pipeline project.",
                                       "I gave a lightning talk about it.")
    assert markup == "I <del>have built a tested pipeline project</del><ins>gave a lightning talk about it</ins>."
    assert (added, removed) == (6, 6)


# The pages

def test_person_and_touch_pages_show_added_last_edited_and_history(repo):
    pages = pages_for(repo, read_history(repo))
    ada = pages["people/ada.md"].markdown
    assert "Added on\n:   2026-01-05\n" in ada
    assert "Last edited\n:   2026-02-10 (2 revisions)\n" in ada
    assert "## History" in ada
    assert "| 2026-02-10 | `" in ada and "Ada: &lt;b&gt;new&lt;/b&gt; job \\| \\*stars\\*" in ada
    grace = pages["people/grace.md"].markdown
    assert "Added on\n:   not yet committed\n" in grace
    assert "Not yet committed: this file is not in the git history yet." in grace
    coffee = pages["touches/2026-03-02-ada-coffee.md"].markdown
    assert "Added on\n:   2026-03-03\n" in coffee and "Last edited\n:   2026-03-03 (1 revision)\n" in coffee


def test_a_file_changed_since_its_commit_says_so(repo):
    (repo / "people/ada.md").write_text(ADA + "Edited.\n", encoding="utf-8")
    ada = pages_for(repo, read_history(repo))["people/ada.md"].markdown
    assert "Last edited\n:   not yet committed (last commit 2026-02-10)\n" in ada
    assert "| — | — | not yet committed |" in ada


def test_a_shallow_clone_gives_a_bound_not_a_date(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True)
    history = read_history(clone)
    pages = pages_for(clone, history)
    assert "Added on\n:   on or before 2026-03-03 (shallow clone)\n" in pages["people/ada.md"].markdown
    activity = pages["activity.md"].markdown
    assert activity.count("shallow clone") == 1  # said once, on the Activity page
    assert "People added" not in activity  # the boundary's additions are not real ones


def test_without_git_the_pages_show_no_dates_and_the_activity_page_says_why(repo):
    pages = pages_for(repo, History(False, notices=("git is not installed.",)))
    assert "Added on" not in pages["people/ada.md"].markdown
    assert "## History" not in pages["people/ada.md"].markdown
    activity = pages["activity.md"].markdown
    assert "> **Note:** git is not installed." in activity
    assert "<svg" in activity and "2 touches on 2 days" in activity  # touches need no git
    assert "No commits yet." in activity


def test_the_activity_page_links_every_record_week_by_week(repo):
    activity = pages_for(repo, read_history(repo))["activity.md"].markdown
    assert "*As of 2026-11-26." in activity
    assert activity.index("### Week of 2026-03-02") < activity.index("### Week of 2026-01-05")
    assert "- **People added:** [Ada Lovelace](people/ada.md)" in activity
    assert "- **Touches logged:** [Coffee with Ada Lovelace](touches/2026-03-02-ada-coffee.md) (2026-03-02)" in activity
    assert "- **People changed:** [Ada Lovelace](people/ada.md)" in activity
    assert "## Not yet committed" in activity
    assert "- **New people:** [Grace Hopper](people/grace.md)" in activity
    assert activity.count("<svg") == 2  # touches and commits
    ET.fromstring(activity[activity.index("<svg"):activity.index("</svg>") + 6])


def test_the_pitch_page_shows_each_revision_with_its_changes(tmp_path):
    root = init(tmp_path / "vault")
    (root / "people").mkdir()
    commit(root, "First pitch", "2026-01-05T10:00:00+00:00",
           {"docs/pitch.md": "# Pitch\n\nI build payment systems.\n"})
    commit(root, "Say data", "2026-02-10T10:00:00+00:00",
           {"docs/pitch.md": "# Pitch\n\nI build data systems.\n"})
    revisions = read_revisions(root, "docs/pitch.md")
    shown = pitch_revisions(revisions)
    assert [r.commit.subject for r in shown] == ["Say data", "First pitch"]
    assert shown[1].first and "<ins>" not in shown[1].html
    page = pages_for(root, read_history(root), pitch="I build data systems.",
                     pitch_history=revisions)["pitch.md"].markdown
    assert "### 2026-02-10 10:00" in page and "### 2026-01-05 10:00" in page
    assert "I build <del>payment</del><ins>data</ins> systems." in page
    assert "1 word added, 1 removed." in page and "First version, 5 words." in page
    assert page.index("I build data systems.") < page.index(REVISIONS_MARKER)


def test_revisions_go_under_a_hand_written_pitch_or_where_it_asks():
    generated = f"# Pitch\n\nText.\n\n{REVISIONS_MARKER}\n## Revisions\n\nR.\n"
    assert revisions_into("# Mine\n\nHello.\n", generated) == "# Mine\n\nHello.\n\n## Revisions\n\nR.\n"
    assert revisions_into(f"# Mine\n{REVISIONS_MARKER}\nBye.\n", generated) == \
        "# Mine\n## Revisions\n\nR.\nBye.\n"


def test_activity_and_pitch_are_in_the_navigation():
    assert ("Activity", "activity.md") in NAV and ("Pitch", "pitch.md") in NAV


def test_pages_never_run_git(repo, monkeypatch):
    history = read_history(repo)

    def no_git(*args, **kwargs):
        raise AssertionError("pages ran a process")

    monkeypatch.setattr(subprocess, "Popen", no_git)
    monkeypatch.setattr(subprocess, "run", no_git)
    assert "Added on" in pages_for(repo, history)["people/ada.md"].markdown
