"""A campaign: the life of ten conversations, step by dated step.

Each step runs real `kith` commands with --today (through Click's CliRunner),
commits with a fixed date in a real git repository, and asserts the exact
`kith due` list; at every step a real `mkdocs build --strict` of the vault for
that day is made, and its Follow-ups page must list the same items (person,
reason, due date), no more and no fewer. Every follow-up rule of the guide
has a step: replies yes, later and no; a snooze ending (with a nudge pending,
and with only an outreach sent); reschedule (file renamed, references
rewritten, the invitation's sequence); cancel; no-show; notes logged into the
planned touch; a reminder; a birthday; loops closed by a thank-you (advice
and an introduction); no report-back when the introducer was there; a
referral matched through `aka:` after a rename; a file that cannot be read.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kithbook.cli import main
from kithbook.followups import Reason
from kithbook.load import load_vault
from kithbook.settings import read_settings

from .browser import mkdocs_build
from .gitrepo import commit, git, init

TODAY_ENV = "KITH_CAMPAIGN_TODAY"  # the day the site is built for, step by step
MKDOCS_YML = f"""\
site_name: Campaign
theme:
  name: material
  font: false
plugins:
  - kithbook:
      due_soon: 0d
      today: !ENV [{TODAY_ENV}]
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
    "ivy": person("Ivy Chen"),
    "jo": person("Jo March", "company: Jolly\n"),
}

Item = tuple[str, str, str]  # (person, reason, due) as `kith due --json` gives them


class Campaign:
    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.site = root.parent / "site"
        self.monkeypatch = monkeypatch
        self.today = ""

    def kith(self, *args: str) -> str:
        dated = args[0] not in ("set", "unset", "rename")  # these do not depend on the day
        result = CliRunner().invoke(main, ["--vault", str(self.root), *args,
                                           *(["--today", self.today] if dated else [])])
        assert result.exit_code in (0, 3), (args, result.output, result.exception)
        return result.output

    def commit(self, message: str) -> None:
        commit(self.root, message, f"{self.today}T18:00:00+00:00")

    def due(self, *, strict: bool = True) -> list[Item]:
        """`kith due`, checked against the Follow-ups page of a real build for the day."""
        result = CliRunner().invoke(main, ["--vault", str(self.root), "due", "--json",
                                           "--today", self.today])
        assert result.exit_code in (0, 3), result.output
        items = [(i["person"], i["reason"], i["due"]) for i in json.loads(result.stdout)]
        assert (result.exit_code == 3) == bool(items)
        page = self.build(strict=strict)
        assert sorted(follow_up_cards(page)) == sorted(self.shown(items)), self.today
        assert ("Nothing to do" in page) == (not items)
        return items

    def build(self, *, strict: bool = True) -> str:
        """The Follow-ups page of `mkdocs build` (--strict) of the vault as of today."""
        self.monkeypatch.setenv(TODAY_ENV, self.today)
        done = mkdocs_build(self.root, self.site, strict=strict)
        assert done.returncode == 0, done.stderr
        return (self.site / "follow-ups" / "index.html").read_text(encoding="utf-8")

    def shown(self, items: list[Item]) -> list[Item]:
        """Items as the page shows them: the person's name and the reason's label."""
        vault = load_vault(self.root, read_settings(self.root))
        return [(vault.people[slug].name, Reason(reason).label, due)
                for slug, reason, due in items]

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def follow_up_cards(page: str) -> list[Item]:
    """(person's name, reason, due date) of each card of the built Follow-ups page."""
    cards = re.findall(r'<span class="kb-card__who">(.*?)</span>\s*'
                       r'<span class="kb-card__reason">(.*?)</span>.*?'
                       r'<p class="kb-card__meta"[^>]*>Due (\d{4}-\d{2}-\d{2})', page, re.S)
    return [(html.unescape(re.sub(r"<[^>]+>", "", who)), html.unescape(reason), due)
            for who, reason, due in cards]


@pytest.fixture
def campaign(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Campaign:
    root = init(tmp_path / "vault")
    files = {"mkdocs.yml": MKDOCS_YML, "docs/index.md": "# Home\n",
             **{f"people/{slug}.md": text for slug, text in PEOPLE.items()}}
    (root / "meetings").mkdir()
    commit(root, "A new vault", "2026-11-01T12:00:00+00:00", files)
    return Campaign(root, monkeypatch)


@pytest.mark.slow
def test_a_seven_week_campaign(campaign: Campaign) -> None:
    c = campaign
    # Monday 2 November: five outreach messages.
    c.today = "2026-11-02"
    for slug in ("ada", "bob", "cy", "dan", "jo"):
        c.kith("log", slug, "--kind", "outreach", "-m", "Would you have twenty minutes?")
    c.commit("Outreach")
    assert c.due() == []

    # Thursday: three business days without a reply; then four replies and two snoozes.
    c.today = "2026-11-05"
    assert c.due() == [(s, "second-contact", "2026-11-05")
                       for s in ("ada", "bob", "cy", "dan", "jo")]
    c.kith("log", "ada", "--kind", "reply", "--outcome", "yes", "-m", "Yes, gladly.")
    c.kith("log", "bob", "--kind", "reply", "--outcome", "later", "--until", "2026-12-01",
           "-m", "Busy until December: ask me again then.")
    c.kith("log", "cy", "--kind", "reply", "--outcome", "no", "-m", "Sorry, no time.")
    c.kith("log", "dan", "--kind", "reply", "-m", "Let me think about it.")
    c.kith("snooze", "dan", "--until", "2026-11-20")  # answered: nothing pending
    c.kith("snooze", "jo", "--until", "2026-11-18")  # no answer: the nudges wait
    c.commit("Replies")
    assert c.due() == []  # a reply answers the outreach; a snooze defers

    # Friday: Ada said yes, so plan it; and plan a coffee with Eve and a video with Fay.
    c.today = "2026-11-06"
    assert c.due() == [("ada", "schedule", "2026-11-06")]
    c.kith("meet", "ada", "--at", "tuesday 10:00", "--kind", "call")
    c.kith("meet", "eve", "--at", "2026-11-12 15:00", "--kind", "coffee")
    c.kith("meet", "fay", "--at", "monday 09:00", "--kind", "video")
    c.commit("Plans")
    assert (c.root / "meetings/2026-11-10-ada-call.md").is_file()
    assert (c.root / "meetings/2026-11-09-fay-video.md").is_file()
    assert c.due() == []  # a plan ends "schedule it"

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
    feed = (c.site / "calendar.ics").read_text(encoding="utf-8")
    assert "STATUS:CANCELLED" in feed  # the site's calendar says so too

    # Tuesday: Fay did not come on Monday; Ada's call is tomorrow.
    c.today = "2026-11-10"
    c.edit("meetings/2026-11-09-fay-video.md", "kind: video\n", "kind: video\nstatus: no-show\n")
    c.commit("Fay did not come")
    assert c.due() == [("fay", "reschedule", "2026-11-10"), ("ada", "confirm", "2026-11-10")]

    # Wednesday: the call with Ada is held; the notes go into the planned file.
    c.today = "2026-11-11"
    out = c.kith("log", "ada", "--kind", "call", "-m", "Great call; she suggested Hal and Ivy.")
    assert "no second file" in out
    assert len(list((c.root / "meetings").glob("*ada-call*"))) == 1
    c.edit("meetings/2026-11-11-ada-call.md", "kind: call\n",
           "kind: call\nreferrals:\n  - Hal Rivers, at Acme\n  - Ivy Chen (meetups)\n")
    (c.root / "meetings/2026-11-11-ada-call.md").open("a", encoding="utf-8").write(
        "\n## Advice\n- [ ] Learn SQL\n")
    assert c.due() == [("fay", "reschedule", "2026-11-10")]
    c.kith("reschedule", "fay", "--at", "2026-11-16 09:00")
    c.commit("Call with Ada; Fay moved")
    assert "sequence: 1" in (c.root / "meetings/2026-11-16-fay-video.md").read_text()
    assert c.due() == []

    # Thursday: thank Ada; set a reminder for Gus. Eve's coffee was cancelled: no thanks.
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
    assert "Send Gus the article" in (c.site / "calendar.ics").read_text(encoding="utf-8")
    c.edit("people/gus.md", "- [ ] Send Gus", "- [x] Send Gus")
    c.commit("Sent the article")
    assert c.due() == []
    assert "Send Gus the article" not in (c.site / "calendar.ics").read_text(encoding="utf-8")

    # Monday 16: the video with Fay is held (her advice acted on at once); Hal changes his
    # name and his slug; coffee with him.
    c.today = "2026-11-16"
    assert "no second file" in c.kith("log", "fay", "--kind", "video", "-m", "Good talk.")
    (c.root / "meetings/2026-11-16-fay-video.md").open("a", encoding="utf-8").write(
        "\n## Advice\n- [x] Read the streaming chapter\n")
    c.kith("set", "hal", "name", "Hal Smith")
    c.kith("rename", "hal", "hal-smith")
    hal = (c.root / "people/hal-smith.md").read_text(encoding="utf-8")
    assert "aka: [Hal Rivers]" in hal and "name: Hal Smith" in hal
    c.kith("log", "hal-smith", "--kind", "coffee", "-m", "Coffee with Hal.")
    c.commit("Fay and Hal")
    assert c.due() == [("fay", "close-loop-advice", "2026-11-16")]

    # Tuesday: thank-yous for the video and the coffee; the one to Fay closes her loop.
    c.today = "2026-11-17"
    assert c.due() == [("fay", "thank-you", "2026-11-17"), ("hal-smith", "thank-you",
                                                          "2026-11-17"),
                       ("fay", "close-loop-advice", "2026-11-17")]  # advice: due from today
    c.kith("thank", "fay", "hal-smith", "-m", "Thank you!")
    c.commit("Thank-yous")
    assert c.due() == []

    # Wednesday: Jo's snooze ends; the nudges it held back are due on its last day.
    c.today = "2026-11-18"
    assert c.due() == [("jo", "nudge", "2026-11-18"), ("jo", "second-contact", "2026-11-18")]
    c.kith("done", "jo", "-m", "Following up on my message of 2 November.")
    c.commit("Jo")
    assert c.due() == []

    # Friday 20: Dan's snooze ends (he was only contacted) and it is Gus's birthday.
    c.today = "2026-11-20"
    assert c.due() == [("gus", "birthday", "2026-11-20"), ("dan", "get-back", "2026-11-20")]
    feed = (c.site / "calendar.ics").read_text(encoding="utf-8")
    assert "UID:birthday-gus@kithbook" in feed and "RRULE:FREQ=YEARLY" in feed
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

    # Wednesday 25: a meetup with Ada and Ivy, whom Ada suggested: Ada was there, so no
    # report-back is owed her for it, however far ahead one looks.
    c.today = "2026-11-25"
    c.kith("log", "ada", "ivy", "--kind", "event", "-m", "The data meetup.")
    c.commit("Meetup")
    assert c.due() == []
    ahead = json.loads(CliRunner().invoke(main, ["--vault", str(c.root), "due", "--json",
                                                 "--within", "60", "--today", c.today]).stdout)
    assert [i["reason"] for i in ahead if i["person"] == "ada"] == ["thank-you"]

    # Thursday 26: thank them both; a file is broken: kith due and the site say so first.
    c.today = "2026-11-26"
    assert c.due() == [("ada", "thank-you", "2026-11-26"), ("ivy", "thank-you", "2026-11-26")]
    c.kith("thank", "ada", "ivy", "-m", "Lovely evening.")
    c.commit("Thanks for the meetup")
    (c.root / "people/broken.md").write_text("---\nname: [Broken\n---\n", encoding="utf-8")
    said = CliRunner().invoke(main, ["--vault", str(c.root), "due", "--today", c.today])
    assert said.stderr.startswith("warning: 1 file could not be read; run kith check")
    strict = CliRunner().invoke(main, ["--vault", str(c.root), "due", "--strict", "--today",
                                       c.today])
    assert strict.exit_code == 1
    assert c.due(strict=False) == []  # the list is whole; the page says a file is missing
    page = (c.site / "follow-ups" / "index.html").read_text(encoding="utf-8")
    assert page.index("1 file could not be read") < page.index("Nothing to do")  # said first
    (c.root / "people/broken.md").unlink()

    # 1 December: Bob asked to be asked again now; the draft says so. Cy said no.
    c.today = "2026-12-01"
    assert c.due() == [("bob", "get-back", "2026-12-01")]
    draft = c.kith("draft", "follow-up", "bob")
    assert "Subject: Getting back to you, as you suggested" in draft
    assert "\u201cBusy until December: ask me again then.\u201d" in draft
    assert draft.rstrip().endswith("Sam Rivera")
    c.kith("done", "bob", "-m", "Getting back to you, as you suggested.")
    c.commit("Bob")
    assert c.due() == []
    for day in ("2027-01-15", "2027-03-01"):
        c.today = day
        assert "cy" not in {slug for slug, *_ in c.due()}


def _uid(calendar: str) -> str:
    return next(line for line in calendar.splitlines() if line.startswith("UID:"))
