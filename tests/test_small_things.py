"""The "small things" of issue 17, each with its own test: what a new user met on the way."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kithbook.check import summary
from kithbook.load import load_vault
from kithbook.names import split_referral
from kithbook.resources import kind_heading, resource_kind
from kithbook.settings import read_settings
from kithbook.site.heatmap import TOUCHES, day_counts, year_of
from kithbook.site.markup import markdown_as_text

from .conftest import MKDOCS_YML, REPO, TODAY, kith
from .gitrepo import commit, git, init

ADA = "---\nname: Ada Lovelace\nemail: ada@example.org\n---\n"
MAYA = "---\nname: Maya Okafor\n---\n"
JOSE = "---\nname: José Núñez\n---\n"


def test_confirm_says_the_date_once_titled_or_not(make_vault):
    root = make_vault({
        "people/ada.md": ADA + "\n## Research\nx\n\n## Questions\n- [ ] y\n",
        "people/maya.md": MAYA + "\n## Research\nx\n\n## Questions\n- [ ] y\n",
        "meetings/2026-11-27-ada-coffee.md": "---\ndate: 2026-11-27 10:00\nwith: ada\n"
                                             "kind: coffee\n---\n",
        "meetings/2026-11-27-maya-call.md": "---\ndate: 2026-11-27 12:00\nwith: maya\n"
                                            "kind: call\ntitle: Portfolio review\n---\n",
    })
    items = json.loads(kith(root, "due", "--json").stdout)
    actions = sorted(item["action"] for item in items if item["reason"] == "confirm")
    assert actions == ["Confirm the coffee with Ada Lovelace on 2026-11-27.",
                       "Confirm \u201cPortfolio review\u201d with Maya Okafor (2026-11-27)."]


def test_a_bad_at_is_reported_as_at(make_vault):
    root = make_vault({"people/ada.md": ADA,
                       "meetings/2026-11-27-ada-call.md": "---\ndate: 2026-11-27 10:00\n"
                                                          "with: ada\nkind: call\n---\n"})
    for command in (("meet", "ada"), ("reschedule", "ada")):
        result = kith(root, *command, "--at", "2026-13-45 10:00")
        assert result.exit_code == 2 and "--at" in result.output
        assert "--date" not in result.output


@pytest.mark.parametrize(("text", "split"), [
    ("Linus Example, platform team (for later)", ("Linus Example", "platform team (for later)")),
    ("Linus Example (for later)", ("Linus Example", "for later")),
    ("Ann (Acme) - for later", ("Ann", "Acme - for later")),
    ("Ann (Acme (UK))", ("Ann", "Acme (UK)")),
    ("Bob", ("Bob", "")),
])
def test_a_referral_note_keeps_its_own_parentheses(text, split):
    assert split_referral(text) == split


def test_the_leads_page_keeps_the_closing_parenthesis(make_vault):
    from kithbook.site.pages import build_pages
    root = make_vault({
        "people/ada.md": ADA,
        "meetings/2026-11-20-ada-call.md": "---\ndate: 2026-11-20\nwith: ada\nkind: call\n"
                                           "referrals:\n  - Linus Example, platform team"
                                           " (for later)\n---\n",
    })
    settings = read_settings(root)
    vault = load_vault(root, settings)
    page = build_pages(vault, (), settings, TODAY)["leads.md"].markdown
    assert "**Linus Example**: platform team (for later)." in page


def test_merge_joins_sections_by_heading_and_keeps_the_dropped_name(make_vault):
    root = make_vault({
        "people/zed-a.md": "---\nname: Zed A\ncompany: Foo\n---\n\n## Research\nAlpha.\n\n"
                           "## Questions\n- [ ] Q1\n\n## Hobbies\nChess.\n",
        "people/zed-b.md": "---\nname: Zed B\n---\n\n## Research\nBeta.\n\n## Questions\n"
                           "- [ ] Q2\n\n## Notes\nBeta notes.\n",
    })
    result = kith(root, "merge", "zed-a", "zed-b")
    assert result.exit_code == 0, result.output
    text = (root / "people/zed-b.md").read_text(encoding="utf-8")
    assert text.count("## Research") == 1 and text.count("## Questions") == 1
    assert "## Research\nBeta.\nAlpha.\n\n## Questions\n- [ ] Q2\n- [ ] Q1\n" in text
    assert text.endswith("## Notes\nBeta notes.\n\n<!-- merged from people/zed-a.md -->\n\n"
                         "## Hobbies\nChess.\n")
    assert "aka: [Zed A]" in text and "company: Foo" in text


def test_a_misspelt_person_gets_a_suggestion(make_vault):
    root = make_vault({"people/maya-okafor.md": MAYA, "people/jose-nunez.md": JOSE})
    for typed, named in (("mya", "Maya Okafor (maya-okafor)"), ("jsoe", "José Núñez")):
        result = kith(root, "log", typed, "--dry-run")
        assert result.exit_code == 1
        assert f"no person matches '{typed}'; did you mean {named}" in result.output
    assert "did you mean" not in kith(root, "log", "xyz", "--dry-run").output


def test_thank_and_done_take_several_people_and_a_date(make_vault):
    root = make_vault({"people/ada.md": ADA, "people/maya.md": MAYA})
    result = kith(root, "thank", "ada", "maya", "--date", "yesterday", "-m", "Thanks!")
    assert result.exit_code == 0, result.output
    for slug in ("ada", "maya"):
        text = (root / f"meetings/2026-11-25-{slug}-thank-you.md").read_text(encoding="utf-8")
        assert "date: 2026-11-25\n" in text and "Thanks!" in text
    done = kith(root, "done", "ada", "--date", "2026-11-20")
    assert done.exit_code == 0 and (root / "meetings/2026-11-20-ada-follow-up.md").is_file()
    refused = kith(root, "thank", "ada", "nobody")  # nothing written when one is unknown
    assert refused.exit_code == 1
    assert not (root / "meetings/2026-11-26-ada-thank-you.md").exists()


@pytest.mark.parametrize(("span", "until"), [
    ("2 weeks", "2026-12-10"), ("1 month", "2026-12-26"), ("10 business days", "2026-12-10"),
    ("2w", "2026-12-10"), ("3 days", "2026-11-29"),
])
def test_snooze_for_takes_periods_in_words(make_vault, span, until):
    root = make_vault({"people/ada.md": ADA})
    assert kith(root, "snooze", "ada", "--for", span).exit_code == 0
    assert f"snooze_until: {until}\n" in (root / "people/ada.md").read_text(encoding="utf-8")


def test_agenda_names_the_person_not_the_argument(make_vault):
    root = make_vault({"people/tom-baker.md": "---\nname: Tom Baker\n---\n"})
    result = kith(root, "agenda", "tom")
    assert result.exit_code == 1
    assert "no conversation planned with Tom Baker from 2026-11-26 on" in result.output
    assert "kith meet tom-baker" in result.output


def test_init_here_names_the_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = kith(None, "init", "--no-git")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"A new vault in {tmp_path.resolve()}. Next: kith add")
    assert " .." not in result.output and "cd ." not in result.output
    elsewhere = kith(None, "init", "other place", "--no-git")
    assert "Next: cd 'other place' && kith add" in elsewhere.output


def test_init_mkdocs_yml_has_commented_placeholders(tmp_path):
    kith(None, "init", str(tmp_path / "v"), "--no-git")
    text = (tmp_path / "v/mkdocs.yml").read_text(encoding="utf-8")
    for key in ("my_name", "my_email", "my_goal", "timezone", "today"):
        assert f"      # {key}: " in text, key


def test_check_path_counts_only_what_it_checked(make_vault):
    root = make_vault({"people/ada.md": ADA, "people/maya.md": MAYA,
                       "meetings/2026-11-20-ada-call.md": "---\ndate: 2026-11-20\nwith: ada\n"
                                                          "kind: call\n---\n"})
    assert "No problems in 1 person and 0 touches." in kith(
        root, "check", str(root / "people/ada.md")).output
    assert "No problems in 0 people and 1 touch." in kith(
        root, "check", str(root / "meetings")).output
    assert "No problems in 2 people and 1 touch." in kith(root, "check").output
    vault = load_vault(root, read_settings(root))
    assert summary((), vault, "people") == "No problems in 2 people and 0 touches."


def test_kith_says_so_in_an_mkdocs_project_without_the_plugin(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text("site_name: Docs\nplugins:\n  - search\n")
    (tmp_path / "people").mkdir()
    monkeypatch.chdir(tmp_path)
    for command in (("due",), ("check",), ("add", "Ada")):
        result = kith(None, *command)
        assert result.exit_code == 1, command
        assert "does not list the kithbook plugin" in result.output
    assert not (tmp_path / "people/ada.md").exists()
    # Listed without options, it is a vault.
    (tmp_path / "mkdocs.yml").write_text("site_name: Docs\nplugins:\n  - kithbook\n")
    assert kith(None, "check").exit_code == 0


def _repo_vault(root: Path) -> Path:
    init(root)
    commit(root, "A vault", "2026-11-01T12:00:00+00:00",
           {"mkdocs.yml": MKDOCS_YML, "people/ada.md": ADA, "people/maya.md": MAYA,
            "meetings/2026-11-20-ada-call.md": "---\ndate: 2026-11-20 10:00\nwith: ada\n"
                                               "kind: call\n---\n"})
    return root


@pytest.mark.parametrize("command", [
    ("set", "ada", "title", "Engineer"), ("unset", "ada", "email"),
    ("snooze", "ada", "--for", "2w"), ("remind", "ada", "--on", "2026-12-01", "-m", "Write"),
    ("rename", "ada", "ada-l"), ("merge", "maya", "ada"),
])
def test_commit_refuses_a_file_with_uncommitted_edits(tmp_path, command):
    root = _repo_vault(tmp_path / "vault")
    ada = root / "people/ada.md"
    ada.write_text(ADA + "\nMy own unsaved words.\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in root.rglob("*.md")}
    result = kith(root, *command, "--commit")
    assert result.exit_code == 1, result.output
    assert "people/ada.md has changes that are not committed" in result.output
    assert {p: p.read_bytes() for p in root.rglob("*.md")} == before  # nothing written
    assert git(root, "log", "--format=%s").split("\n")[0] == "A vault"
    # Without --commit the command writes, and the user's words stay uncommitted with it.
    assert kith(root, *command).exit_code == 0


def test_commit_commits_only_the_command_file_when_others_are_dirty(tmp_path):
    root = _repo_vault(tmp_path / "vault")
    (root / "people/maya.md").write_text(MAYA + "\nUnsaved.\n", encoding="utf-8")
    assert kith(root, "set", "ada", "title", "Engineer", "--commit").exit_code == 0
    assert git(root, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "Set", "title", "for", "Ada", "Lovelace", "people/ada.md"]
    assert "people/maya.md" in git(root, "status", "--porcelain")


def test_commit_refuses_logging_into_a_planned_touch_with_uncommitted_edits(tmp_path):
    root = _repo_vault(tmp_path / "vault")
    planned = root / "meetings/2026-11-20-ada-call.md"
    planned.write_text(planned.read_text() + "\n## Notes\nmine\n", encoding="utf-8")
    result = kith(root, "log", "ada", "--kind", "call", "--date", "2026-11-20", "-m", "x",
                  "--commit")
    assert result.exit_code == 1 and "has changes that are not committed" in result.output
    assert planned.read_text().endswith("## Notes\nmine\n")


def test_outreach_warnings_as_it_is_written(make_vault):
    root = make_vault({"people/ada.md": ADA})
    for message, word in (("Could you review my resume?", "resume"),
                          ("Happy to send my résumé?", "résumé"), ("Here is my CV?", "CV")):
        result = kith(root, "log", "ada", "--kind", "outreach", "-m", message, "--dry-run")
        assert f"mentions '{word}'" in result.stderr, message


def test_agenda_text_is_plain_text():
    markdown = ("# Agenda: Coffee\n\n*2026-12-03 with **Ada**.*\n\n| | |\n| --- | --- |\n"
                "| When | 2026-12-03 |\n| Kind | coffee |\n\n!!! warning \"No research\"\n"
                "    Nothing under `## Research` in [Ada](../people/ada.md)\\'s file.\n")
    assert markdown_as_text(markdown).split("\n") == [
        "Agenda: Coffee", "==============", "", "2026-12-03 with Ada.", "",
        "When  2026-12-03", "Kind  coffee", "", "! No research",
        "  Nothing under ## Research in Ada\\'s file.", ""]


def test_format_guide_cites_nothing_outside_the_repository():
    text = (REPO / "docs/guide/format.md").read_text(encoding="utf-8")
    assert "shared/design" not in text and "design/format.md" not in text


def test_the_longest_quiet_spell_starts_with_the_first_record():
    young = day_counts([dt.date(2026, 11, 1), dt.date(2026, 11, 11)])
    assert young and year_of(young, TODAY, TOUCHES).summary.endswith(
        "the longest quiet spell was 15 days.")  # 12 to 26 November, not the year before
    older = day_counts([dt.date(2024, 1, 1), dt.date(2026, 11, 1)])
    assert year_of(older, TODAY, TOUCHES).summary.endswith(
        "the longest quiet spell was 339 days.")  # from 2025-11-27, the year's first day


@pytest.mark.parametrize(("written", "heading"), [
    ("Tutorial", "Tutorials"), ("tutorials", "Tutorials"), ("book", "Books"),
    ("Communities", "Organisations"), ("library", "Libraries"), ("class", "Classes"),
    (None, "Other"),
])
def test_resource_headings_are_plural(written, heading):
    assert kind_heading(resource_kind(written)) == heading


def test_resources_page_headings(make_vault):
    from kithbook.site.pages import build_pages
    root = make_vault({
        "people/ada.md": ADA,
        "meetings/2026-11-20-ada-call.md": "---\ndate: 2026-11-20\nwith: ada\nkind: call\n"
                                           "resources:\n  - {title: Intro to dbt, kind: "
                                           "Tutorial}\n---\n",
    })
    settings = read_settings(root)
    page = build_pages(load_vault(root, settings), (), settings, TODAY)["resources.md"]
    assert "## Tutorials\n" in page.markdown and "## Tutorial\n" not in page.markdown


def _draft_vault(make_vault, goal: bool = True):
    settings = "      my_name: Sam Rivera\n" + (
        "      my_goal: Moving from payments into data engineering\n" if goal else "")
    return make_vault({
        "people/ada.md": ADA,
        "people/ben.md": "---\nname: Ben Carter\ncompany: Adatum\ntags: [data-engineering]\n"
                         "introduced_by: ada\n---\n",
        "meetings/2026-11-10-ben-outreach.md": "---\ndate: 2026-11-10\nwith: ben\n"
                                               "kind: outreach\ntitle: Twenty minutes?\n---\n",
        "people/cy.md": "---\nname: Cy Young\nsource: Author of the streaming book\n---\n",
        "people/dee.md": "---\nname: Dee Park\n---\n",
        "meetings/2026-11-02-dee-outreach.md": "---\ndate: 2026-11-02\nwith: dee\n"
                                               "kind: outreach\n---\n",
        "meetings/2026-11-05-dee-reply.md": "---\ndate: 2026-11-05\nwith: dee\nkind: reply\n"
                                            "outcome: later\nuntil: 2026-11-26\n---\n"
                                            "Busy until the end of the month.\n",
    }, mkdocs_yml=MKDOCS_YML + settings)


def test_drafts_fit_the_situation_and_are_signed(make_vault):
    root = _draft_vault(make_vault)
    nudge = kith(root, "draft", "follow-up", "ben").stdout
    assert "my message of 10 November (\u201cTwenty minutes?\u201d)" in nudge
    assert "Ada Lovelace suggested I get in touch" in nudge
    outreach = kith(root, "draft", "outreach", "cy").stdout
    assert "I know your work as the author of the streaming book." in outreach
    assert "I'm moving from payments into data engineering" in outreach
    later = kith(root, "draft", "follow-up", "dee").stdout
    assert "Subject: Getting back to you, as you suggested" in later
    assert "When you wrote on 5 November" in later and "Busy until the end of the month." in later
    for text in (nudge, outreach, later):
        assert text.rstrip().endswith("\nSam Rivera"), text


def test_drafts_never_guess_a_goal_and_warn_when_unsigned(make_vault):
    root = _draft_vault(make_vault, goal=False)
    outreach = kith(root, "draft", "outreach", "ben")
    assert "I'm working out my next career step" in outreach.stdout
    assert "data engineering" not in outreach.stdout  # Ben's tag is not the user's goal
    bare = make_vault({"people/ada.md": ADA})
    assert "not signed: set my_name" in kith(bare, "draft", "outreach", "ada").stderr


def test_mailto_warns_without_an_email(make_vault):
    root = _draft_vault(make_vault)
    with_email = kith(root, "draft", "outreach", "ada", "--mailto")
    assert with_email.stdout.startswith("mailto:ada@example.org?") and not with_email.stderr
    without = kith(root, "draft", "outreach", "cy", "--mailto")
    assert without.exit_code == 0 and without.stdout.startswith("mailto:?subject=")
    assert "Cy Young has no email in people/cy.md" in without.stderr


def test_meet_warns_when_the_time_is_past(make_vault):
    root = make_vault({"people/ada.md": ADA})
    past = kith(root, "meet", "ada", "--at", "2026-11-20 10:00", "--dry-run")
    assert "warning: 2026-11-20 10:00 is in the past" in past.stderr
    ahead = kith(root, "meet", "ada", "--at", "friday 10:00", "--dry-run")
    assert "2026-11-27 10:00" in ahead.stdout and "past" not in ahead.stderr


def test_reschedule_takes_relative_dates(make_vault):
    root = make_vault({"people/ada.md": ADA,
                       "meetings/2026-11-27-ada-call.md": "---\ndate: 2026-11-27 10:00\n"
                                                          "with: ada\nkind: call\n---\n"})
    assert kith(root, "reschedule", "ada", "--at", "tomorrow 15:00").exit_code == 0
    assert "date: 2026-11-27 15:00" in (root / "meetings/2026-11-27-ada-call.md").read_text()



# Referrals and people ------------------------------------------------------------------

REFERRING = {
    "people/jose.md": JOSE,
    "people/hal-smith.md": "---\nname: Hal Smith\naka: [Hal Rivers]\n---\n",
    "meetings/2026-11-20-jose-call.md": "---\ndate: 2026-11-20 10:00\nwith: jose\nkind: call\n"
                                        "referrals:\n  - Hal Rivers, at Acme\n"
                                        "  - \"Linus Example, platform team (for later)\""
                                        "  # ask in spring\n---\n\n## Notes\nGood call.\n",
}


def test_a_touch_page_links_a_referral_to_the_person_it_matches(make_vault):
    from kithbook.site.pages import build_pages
    root = make_vault(REFERRING)
    settings = read_settings(root)
    pages = build_pages(load_vault(root, settings), (), settings, TODAY)
    page = pages["touches/2026-11-20-jose-call.md"].markdown
    section = page.split("## Referrals")[1].split("\n## ")[0]
    assert ("\n- [Hal Smith](../people/hal-smith.md) (written as \u201cHal Rivers, at Acme\u201d)\n"
            in section)
    assert "\n- Linus Example, platform team (for later)\n" in section  # no file: plain


def test_add_from_referral_fills_in_and_rewrites_the_entry(make_vault):
    root = make_vault(REFERRING)
    touch = root / "meetings/2026-11-20-jose-call.md"
    before = touch.read_text(encoding="utf-8")
    dry = kith(root, "add", "linus example", "--from-referral", "2026-11-20-jose-call",
               "--dry-run")
    assert "+  - linus-example  # ask in spring" in dry.stdout
    assert touch.read_text(encoding="utf-8") == before and not (root / "people/linus-example.md"
                                                                 ).exists()
    result = kith(root, "add", "Linus Example", "--from-referral", "2026-11-20-jose-call",
                  "--tag", "platform")
    assert result.exit_code == 0, result.output
    assert (root / "people/linus-example.md").read_text(encoding="utf-8") == (
        "---\nname: Linus Example\ntags: [platform]\nsource: 'Referred by José Núñez on"
        " 2026-11-20: platform team (for later)'\nintroduced_by: jose\n---\n\n## Research\n\n"
        "## Questions\n")
    assert touch.read_text(encoding="utf-8") == before.replace(
        '"Linus Example, platform team (for later)"', "linus-example")  # the rest byte for byte
    assert kith(root, "check", "--strict").exit_code == 0


def test_add_from_referral_says_what_the_touch_names(make_vault):
    root = make_vault(REFERRING)
    wrong = kith(root, "add", "Nobody Here", "--from-referral", "2026-11-20-jose-call")
    assert wrong.exit_code == 1
    assert "no referral names 'Nobody Here' (its referrals without a file: 'Hal Rivers, at" \
           " Acme', 'Linus Example, platform team (for later)')" in wrong.output
    typo = kith(root, "add", "Linus Example", "--from-referral", "2026-11-20-jose-cal")
    assert "did you mean '2026-11-20-jose-call'" in typo.output
    assert not (root / "people/nobody-here.md").exists()


def test_add_from_referral_commits_both_files_or_refuses(tmp_path):
    root = init(tmp_path / "vault")
    commit(root, "A vault", "2026-11-01T12:00:00+00:00", {"mkdocs.yml": MKDOCS_YML, **REFERRING})
    touch = root / "meetings/2026-11-20-jose-call.md"
    touch.write_text(touch.read_text() + "Unsaved.\n", encoding="utf-8")
    refused = kith(root, "add", "Linus Example", "--from-referral", "2026-11-20-jose-call",
                   "--commit")
    assert refused.exit_code == 1 and "has changes that are not committed" in refused.output
    assert not (root / "people/linus-example.md").exists()
    git(root, "checkout", "--", ".")
    done = kith(root, "add", "Linus Example", "--from-referral", "2026-11-20-jose-call",
                "--commit")
    assert done.exit_code == 0, done.output
    assert git(root, "show", "--name-only", "--format=%s", "HEAD").split("\n")[:3] == [
        "Add Linus Example, referred in 2026-11-20-jose-call", "",
        "meetings/2026-11-20-jose-call.md"]
    assert git(root, "status", "--porcelain") == ""


def test_set_name_keeps_the_old_one_in_aka_and_referrals_follow(make_vault):
    root = make_vault({"people/hal.md": "---\nname: Hal Rivers\n---\n",
                       "people/ada.md": ADA,
                       "meetings/2026-11-20-ada-call.md": "---\ndate: 2026-11-20\nwith: ada\n"
                                                          "kind: call\nreferrals: [Hal Rivers]"
                                                          "\n---\n"})
    assert kith(root, "set", "hal", "name", "Hal Smith").exit_code == 0
    assert kith(root, "set", "hal", "name", "Harold Smith").exit_code == 0
    text = (root / "people/hal.md").read_text(encoding="utf-8")
    assert text == "---\nname: Harold Smith\naka: [Hal Rivers, Hal Smith]\n---\n"
    assert kith(root, "rename", "hal", "harold-smith").exit_code == 0
    settings = read_settings(root)
    from kithbook.referrals import mentions
    [mention] = mentions(load_vault(root, settings), TODAY)
    assert mention.slug == "harold-smith"  # "Hal Rivers" still finds him


def test_agenda_text_reads_a_definition_list_as_columns():
    markdown = "## Logistics\n\nWhen\n:   2026-12-03 15:00\n\nKind\n:   video\n\nAfter.\n"
    assert markdown_as_text(markdown).split("\n") == [
        "Logistics", "---------", "", "When  2026-12-03 15:00", "Kind  video", "", "After.", ""]


# kith set and unset check what they write ------------------------------------------------

@pytest.mark.parametrize(("args", "said"), [
    (("cadance", "30d"), "unknown key 'cadance', nothing written (did you mean 'cadence'?);"
                         " --force writes it anyway"),
    (("cadence", "3 weeks"), "cadence: cannot read '3 weeks' as a cadence"),
    (("priority", "urgent"), "priority: unknown value 'urgent' (one of: high, normal, low)"),
    (("birthday", "13-45"), "birthday: 13-45 does not exist: no month 13 (MM-DD)"),
    (("birthday", "02-30"), "birthday: 02-30 does not exist: February has 29 days at most"),
    (("snooze_until", "2026-02-30"), "snooze_until: 2026-02-30 does not exist"),
    (("introduced_by", "nobody"), "no person matches 'nobody'"),
])
def test_set_refuses_what_check_would_refuse(make_vault, args, said):
    root = make_vault({"people/ada.md": ADA, "people/maya.md": MAYA})
    before = (root / "people/ada.md").read_bytes()
    result = kith(root, "set", "ada", *args)
    assert result.exit_code != 0 and said in result.output, result.output
    assert (root / "people/ada.md").read_bytes() == before


def test_set_writes_good_values_resolves_people_and_forces_unknown_keys(make_vault):
    root = make_vault({"people/ada.md": ADA, "people/maya.md": MAYA})
    for args in (("birthday", "02-29"), ("introduced_by", "okafor"), ("cadence", "6w"),
                 ("pronouns", "she/her", "--force")):
        assert kith(root, "set", "ada", *args).exit_code == 0, args
    assert (root / "people/ada.md").read_text(encoding="utf-8") == (
        "---\nname: Ada Lovelace\nemail: ada@example.org\nbirthday: 02-29\n"
        "introduced_by: maya\ncadence: 6w\npronouns: she/her\n---\n")
    unset = kith(root, "unset", "ada", "name")
    assert unset.exit_code == 2 and "name cannot be unset" in unset.output
    refused = kith(root, "set", "ada", "pronoun", "she/her")  # without --force: refused
    assert refused.exit_code == 2 and "did you mean 'pronouns'" not in refused.output


def test_a_follow_up_draft_reports_only_advice_given_by_then():
    before = kith(REPO, "draft", "follow-up", "jose", "--today", "2026-07-03").stdout
    assert "add data tests to the portfolio project" not in before  # advice of 19 August
    after = kith(REPO, "draft", "follow-up", "jose", "--today", "2026-09-01").stdout
    assert "I took your advice to add data tests to the portfolio project" in after


def test_a_file_that_cannot_be_read_is_said_first_on_the_dashboard_and_in_kith_due(make_vault):
    from kithbook.check import check_vault
    from kithbook.site.pages import build_pages
    root = make_vault({"people/ada.md": ADA, "people/bad.md": "---\nname: [Broken\n---\n",
                       "meetings/2026-11-01-x.md": "---\nwith: ada\n---\n"})  # no date
    settings = read_settings(root)
    vault = load_vault(root, settings)
    pages = build_pages(vault, check_vault(vault), settings, TODAY)
    for page in ("index.md", "follow-ups.md"):
        text = pages[page].markdown
        assert "2 files could not be read; run kith check" in text, page
    due = kith(root, "due")
    assert due.stderr.startswith("warning: 2 files could not be read; run kith check")
    assert due.exit_code == 0 and kith(root, "due", "--strict").exit_code == 1
