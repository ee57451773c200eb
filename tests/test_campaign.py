"""A campaign: the life of eight conversations, step by dated step.

Each step runs real `kith` commands with --today (through Click's CliRunner),
commits with a fixed date in a real git repository, and asserts the exact
`kith due` list; the Follow-ups page the core renders for that day lists the
same items, and at the end a real `mkdocs build --strict` agrees too.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kithbook.cli import main
from kithbook.load import load_vault
from kithbook.settings import read_settings
from kithbook.site.pages import build_pages

from .gitrepo import commit, git, init

MKDOCS_YML = """\
site_name: Campaign
theme:
  name: material
  font: false
plugins:
  - kithbook:
      due_soon: 0d
      my_name: Sam Rivera
      my_email: sam@example.org
markdown_extensions:
  - admonition
  - tables
"""
PREPARED = "\n## Research\nRead their posts.\n\n## Questions\n- [ ] What surprised you?\n"


def person(name: str, extra: str = "") -> str:
    return f"---\nname: {name}\n{extra}---\n{PREPARED}"


PEOPLE = {
    "ada": person("Ada Lovelace", "company: Acme\nemail: ada@acme.example\n"),
    "bob": person("Bob Stone", "company: Beta\n"),
    "cy": person("Cy Young", "company: Gamma\n"),
    "dan": person("Dan Brown", "company: Delta\n"),
    "eve": person("Eve Adams", "email: eve@example.org\n"),
    "fay": person("Fay Wray"),
    "gus": person("Gus Grant", "birthday: 11-20\n"),
    "hal": person("Hal Rivers"),
}


class Campaign:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.today = ""

    def kith(self, *args: str) -> str:
        dated = args[0] not in ("set", "unset", "rename")  # these do not depend on the day
        result = CliRunner().invoke(main, ["--vault", str(self.root), *args,
                                           *(["--today", self.today] if dated else [])])
        assert result.exit_code in (0, 3), (args, result.output, result.exception)
        return result.output

    def commit(self, message: str) -> None:
        commit(self.root, message, f"{self.today}T18:00:00+00:00")

    def due(self) -> list[tuple[str, str, str]]:
        """`kith due` as (person, reason, due), checked against the Follow-ups page."""
        result = CliRunner().invoke(main, ["--vault", str(self.root), "due", "--json",
                                           "--today", self.today])
        assert result.exit_code in (0, 3), result.output
        items = [(i["person"], i["reason"], i["due"]) for i in json.loads(result.stdout)]
        assert (result.exit_code == 3) == bool(items)
        assert self.page_rows() == sorted(self.names(items)), self.today
        return items

    def names(self, items: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
        settings = read_settings(self.root)
        vault = load_vault(self.root, settings)
        return [(vault.people[slug].name, due) for slug, _, due in items]

    def page_rows(self) -> list[tuple[str, str]]:
        settings = read_settings(self.root)
        vault = load_vault(self.root, settings)
        import datetime as dt
        pages = build_pages(vault, vault.problems, settings, dt.date.fromisoformat(self.today))
        return sorted(follow_up_rows(pages["follow-ups.md"].markdown))

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def follow_up_rows(markdown: str) -> list[tuple[str, str]]:
    """(person's name, due date) of each card of the Follow-ups page."""
    cards = re.findall(r'<span class="kb-card__who">(.*?)</span>.*?'
                       r'<p class="kb-card__meta"[^>]*>Due (\d{4}-\d{2}-\d{2})', markdown, re.S)
    return [(html.unescape(re.sub(r"\[(.*?)\]\(.*?\)|<[^>]+>", r"\1", who)), due)
            for who, due in cards]


@pytest.fixture
def campaign(tmp_path: Path) -> Campaign:
    root = init(tmp_path / "vault")
    files = {"mkdocs.yml": MKDOCS_YML, "docs/index.md": "# Home\n",
             **{f"people/{slug}.md": text for slug, text in PEOPLE.items()}}
    (root / "meetings").mkdir()
    commit(root, "A new vault", "2026-11-01T12:00:00+00:00", files)
    return Campaign(root)


def test_a_seven_week_campaign(campaign: Campaign) -> None:
    c = campaign
    # Monday 2 November: four outreach messages.
    c.today = "2026-11-02"
    for slug in ("ada", "bob", "cy", "dan"):
        c.kith("log", slug, "--kind", "outreach", "-m", "Would you have twenty minutes?")
    c.commit("Outreach")
    assert c.due() == []

    # Thursday: three business days without a reply; then three replies and a snooze.
    c.today = "2026-11-05"
    assert c.due() == [(s, "second-contact", "2026-11-05") for s in ("ada", "bob", "cy", "dan")]
    c.kith("log", "ada", "--kind", "reply", "--outcome", "yes", "-m", "Yes, gladly.")
    c.kith("log", "bob", "--kind", "reply", "--outcome", "later", "--until", "2026-12-01",
           "-m", "Busy until December: ask me again then.")
    c.kith("log", "cy", "--kind", "reply", "--outcome", "no", "-m", "Sorry, no time.")
    c.kith("log", "dan", "--kind", "reply", "-m", "Let me think about it.")
    c.kith("snooze", "dan", "--until", "2026-11-20")
    c.commit("Replies")
    assert c.due() == []  # a reply answers the outreach; a snooze hides for now

    # Friday: Ada said yes, so plan it; and plan a coffee with Eve and a video with Fay.
    c.today = "2026-11-06"
    assert c.due() == [("ada", "schedule", "2026-11-06")]
    c.kith("meet", "ada", "--at", "tuesday 10:00", "--kind", "call")
    c.kith("meet", "eve", "--at", "2026-11-12 15:00", "--kind", "coffee")
    c.kith("meet", "fay", "--at", "monday 09:00", "--kind", "video")
    c.commit("Plans")
    assert (c.root / "meetings/2026-11-10-ada-call.md").is_file()
    assert (c.root / "meetings/2026-11-09-fay-video.md").is_file()
    assert c.due() == []

    # Sunday: confirm Monday's video; move Ada's call a day; cancel Eve's coffee.
    c.today = "2026-11-08"
    assert c.due() == [("fay", "confirm", "2026-11-08")]
    c.edit("people/eve.md", PREPARED, PREPARED + "\nCall notes: 2026-11-10-ada-call\n")
    c.commit("A note")
    before = c.kith("invite", "ada")
    c.kith("reschedule", "ada", "--at", "2026-11-11 10:00", "--commit")
    c.kith("cancel", "eve")
    c.commit("Moved and cancelled")
    moved = (c.root / "meetings/2026-11-11-ada-call.md").read_text(encoding="utf-8")
    assert not (c.root / "meetings/2026-11-10-ada-call.md").exists()
    assert "date: 2026-11-11 10:00" in moved and "sequence: 1" in moved
    assert "uid: 2026-11-10-ada-call@kithbook" in moved
    assert "2026-11-11-ada-call" in (c.root / "people/eve.md").read_text(encoding="utf-8")
    after = c.kith("invite", "ada")
    assert "SEQUENCE:0" in before and "SEQUENCE:1" in after
    assert _uid(before) == _uid(after)
    log = git(c.root, "log", "--follow", "--format=%s", "--", "meetings/2026-11-11-ada-call.md")
    assert log.split("\n")[:3] == ["Reschedule 2026-11-10-ada-call to 2026-11-11 10:00",
                                   "Rename 2026-11-10-ada-call to 2026-11-11-ada-call",
                                   "Plans"]  # the history follows the rename
    cancelled = c.kith("invite", "2026-11-12-eve-coffee")
    assert "STATUS:CANCELLED" in cancelled and "METHOD:CANCEL" in cancelled
    assert c.due() == [("fay", "confirm", "2026-11-08")]

    # Tuesday: Fay did not come on Monday; Ada's call is tomorrow.
    c.today = "2026-11-10"
    c.edit("meetings/2026-11-09-fay-video.md", "kind: video\n", "kind: video\nstatus: no-show\n")
    c.commit("Fay did not come")
    assert c.due() == [("fay", "reschedule", "2026-11-10"), ("ada", "confirm", "2026-11-10")]

    # Wednesday: the call with Ada is held; the notes go into the planned file.
    c.today = "2026-11-11"
    out = c.kith("log", "ada", "--kind", "call", "-m", "Great call; she suggested Hal Rivers.")
    assert "no second file" in out
    assert len(list((c.root / "meetings").glob("*ada-call*"))) == 1
    c.edit("meetings/2026-11-11-ada-call.md", "kind: call\n",
           "kind: call\nreferrals:\n  - Hal Rivers, at Acme\n")
    (c.root / "meetings/2026-11-11-ada-call.md").open("a", encoding="utf-8").write(
        "\n## Advice\n- [ ] Learn SQL\n")
    assert c.due() == [("fay", "reschedule", "2026-11-10")]
    c.kith("reschedule", "fay", "--at", "2026-11-16 09:00")
    c.commit("Call with Ada; Fay moved")
    assert "sequence: 1" in (c.root / "meetings/2026-11-16-fay-video.md").read_text()
    assert c.due() == []

    # Thursday: thank Ada; set a reminder for Gus.
    c.today = "2026-11-12"
    assert c.due() == [("ada", "thank-you", "2026-11-12")]
    c.kith("thank", "ada", "-m", "Thank you for the call.")
    c.kith("remind", "gus", "--on", "2026-11-14", "-m", "Send Gus the article")
    c.commit("Thanks and a reminder")
    assert "- [ ] Send Gus the article \U0001F4C5 2026-11-14" in (
        c.root / "people/gus.md").read_text(encoding="utf-8")
    assert c.due() == []

    # Saturday: the reminder is due until it is ticked.
    c.today = "2026-11-14"
    assert c.due() == [("gus", "reminder", "2026-11-14")]
    c.edit("people/gus.md", "- [ ] Send Gus", "- [x] Send Gus")
    c.commit("Sent the article")
    assert c.due() == []

    # Monday 16: the video with Fay is held; Hal changes his name and his slug; coffee.
    c.today = "2026-11-16"
    c.kith("set", "hal", "name", "Hal Smith")
    c.kith("rename", "hal", "hal-smith")
    hal = (c.root / "people/hal-smith.md").read_text(encoding="utf-8")
    assert "aka:" in hal and "Hal Rivers" in hal and "name: Hal Smith" in hal
    c.kith("log", "hal-smith", "--kind", "coffee", "-m", "Coffee with Hal.")
    c.commit("Hal")
    assert c.due() == []

    # Tuesday: thank-yous for the video and the coffee.
    c.today = "2026-11-17"
    assert c.due() == [("fay", "thank-you", "2026-11-17"), ("hal-smith", "thank-you",
                                                          "2026-11-17")]
    c.kith("thank", "fay")
    c.kith("thank", "hal-smith")
    c.commit("Thank-yous")
    assert c.due() == []

    # Friday 20: the snooze ends (Dan was only contacted) and it is Gus's birthday.
    c.today = "2026-11-20"
    assert c.due() == [("gus", "birthday", "2026-11-20"), ("dan", "get-back", "2026-11-20")]
    c.kith("done", "dan", "-m", "Wrote again, as promised.")
    c.kith("done", "gus", "-m", "Happy birthday!")
    c.commit("Dan and Gus")
    assert c.due() == []

    # Monday 23: tell Ada how the coffee with Hal went: her referral "Hal Rivers" is
    # Hal Smith now, matched through aka:. (Her advice, ticked today, was given before
    # the thank-you of the 12th: a file does not say when advice was acted on.)
    c.today = "2026-11-23"
    c.edit("meetings/2026-11-11-ada-call.md", "- [ ] Learn SQL", "- [x] Learn SQL")
    assert c.due() == [("ada", "close-loop-referral", "2026-11-23")]
    c.kith("thank", "ada", "-m", "Hal was wonderful.")  # a thank-you closes the loop
    c.commit("Loops closed")
    assert c.due() == []

    # 1 December: Bob asked to be asked again now; Cy said no and stays quiet.
    c.today = "2026-12-01"
    items = c.due()
    assert items == [("bob", "get-back", "2026-12-01")]
    c.kith("done", "bob", "-m", "Getting back to you, as you suggested.")
    c.commit("Bob")
    assert c.due() == []
    for day in ("2027-01-15", "2027-03-01"):
        c.today = day
        assert "cy" not in {slug for slug, *_ in c.due()}

    # The real site agrees with kith due, built with --strict.
    c.today = "2026-12-01"
    c.edit("mkdocs.yml", "due_soon: 0d\n", "due_soon: 0d\n      today: 2026-12-01\n")
    site = c.root / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                          cwd=c.root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    html = (site / "follow-ups" / "index.html").read_text(encoding="utf-8")
    assert c.due() == [] and "Nothing to do" in html


def _uid(calendar: str) -> str:
    return next(line for line in calendar.splitlines() if line.startswith("UID:"))
