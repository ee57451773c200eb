"""`kith import mail`: real clients' files (Thunderbird and Gmail Takeout mbox, a Maildir
tree, Apple Mail HTML-only and Outlook Windows-1252 .eml) become the right touches, once."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kithbook import edit
from kithbook.check import check_vault
from kithbook.formats.mail import html_text, own_words, read_mail, read_message
from kithbook.load import load_vault
from kithbook.settings import read_settings
from kithbook.site.output import own_files, site_output
from kithbook.site.urls import SiteLinks

from .conftest import MKDOCS_YML, TODAY, kith

SAMPLES = Path(__file__).parent / "samples" / "mail"
SOURCES = ["thunderbird/Sent", "gmail-takeout.mbox", "maildir", "apple-html-only.eml",
           "outlook-1252.eml"]
CONFIG = MKDOCS_YML + """\
      timezone: Europe/London
      my_email: sam.rivera@example.org
      my_emails: [sam@rivera.example]
"""
PEOPLE = {
    "people/maya-okafor.md": "---\nname: Maya Okafor\nemail: [maya@okafor.example,"
                             " maya.okafor@wingtip.example]\n---\n",
    "people/jose-nunez.md": "---\nname: José Núñez\nemail: JOSE@fabrikam.example\n---\n",
    "people/priya-raman.md": "---\nname: Priya Raman\nemail: priya@fabrikam.example\n"
                             "company: Fabrikam\n---\n",
    "people/hannah-lindqvist.md": "---\nname: Hannah Lindqvist\n"
                                  "email: hannah@lindqvist.example\n---\n",
}
HELD = {
    "meetings/2026-11-09-maya-okafor-coffee.md":
        "---\ndate: 2026-11-09 10:00\nwith: maya-okafor\nkind: coffee\n---\n",
    "meetings/2026-11-12-jose-nunez-coffee.md":
        "---\ndate: 2026-11-12 10:00\nwith: jose-nunez\nkind: coffee\n---\n",
}
EXPECTED = {  # file -> (kind, with, title, message id)
    "2026-11-02-maya-okafor-outreach": ("outreach", "maya-okafor",
                                        "Advice on moving into data engineering",
                                        "<5f1e2a0c-7b1d-4a55-9c1e-2d7f0e1a9b01@example.org>"),
    "2026-11-03-maya-okafor-reply": ("reply", "maya-okafor",
                                     "Re: Advice on moving into data engineering",
                                     "<CAMaya-reply-0001@mail.gmail.example>"),
    "2026-11-04-priya-raman-outreach": ("outreach", "priya-raman",
                                        "Following up on the platform team",
                                        "<20261104100000.GA4182@laptop.rivera.example>"),
    "2026-11-04-hannah-lindqvist-reply": ("reply", "hannah-lindqvist",
                                          "Re: Twenty minutes on analytics engineering?",
                                          "<4E1F9A3B-2C5D-4B7E-8F90-1A2B3C4D5E6F@lindqvist.example>"),
    "2026-11-04-jose-nunez-reply": ("reply", "jose-nunez", "Café next week? ☕",
                                    "<CAJose-0002@mail.gmail.example>"),
    "2026-11-05-jose-nunez-follow-up": ("follow-up", "jose-nunez", "Re: Café next week? ☕",
                                        "<CASam-0005@mail.gmail.example>"),
    "2026-11-05-priya-raman-reply": ("reply", "priya-raman",
                                     "Re: Following up on the platform team",
                                     "<CAPriya-0001@fabrikam.example>"),
    "2026-11-06-maya-okafor-reply": ("reply", "maya-okafor",
                                     "Re: Advice on moving into data engineering",
                                     "<CAMaya-personal-0006@mail.gmail.example>"),
    "2026-11-10-maya-okafor-thank-you": ("thank-you", "maya-okafor", "Thank you for yesterday",
                                         "<9d2e7c41-55aa-4e0f-b3a1-71c0f8e6d2a7@example.org>"),
    "2026-11-13-jose-nunez-thank-you": (
        "thank-you", "jose-nunez", "Thank you for the café chat",
        "<AM0PR07MB4321F8E2A9C1D0B3E5F6A7B8C9D0@AM0PR07MB4321.eurprd07.prod.outlook.example>"),
}


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault({**PEOPLE, **HELD}, mkdocs_yml=CONFIG)


def _import(vault: Path, *args: str):
    return kith(vault, "import", "mail", *(str(SAMPLES / s) for s in SOURCES), *args)


def _imported(vault: Path) -> dict[str, tuple[str, str, str, str]]:
    loaded = load_vault(vault, read_settings(vault))
    return {t.id: (t.kind.value, ",".join(t.with_), t.title or "", t.message_id or "")
            for t in loaded.touches if t.message_id}


def test_every_client_file_gives_the_right_touches_and_the_strangers(vault):
    result = _import(vault)
    assert result.exit_code == 0, result.output
    assert _imported(vault) == EXPECTED
    touches = {t.id: t for t in load_vault(vault, read_settings(vault)).touches}
    # Times in the vault's zone: José wrote at 19:40 +01:00, Hannah at 14:22 +01:00.
    assert str(touches["2026-11-04-jose-nunez-reply"].time) == "18:40:00"
    assert str(touches["2026-11-04-hannah-lindqvist-reply"].time) == "13:22:00"
    assert "Created 10 touches from 10 messages; skipped 5:" in result.stderr
    assert "  4 not with anyone in the vault" in result.stderr
    assert "4 messages with 3 people not in the vault:" in result.stderr
    assert "     2  kith add 'Tom Baker' --email tom.baker@contoso.example" in result.stderr
    assert "kith add 'Lena Park' --email lena.park@northwind.example" in result.stderr
    assert "kith add 'Oliver Pratt' --email oliver@adventure-works.example" in result.stderr
    assert "linkedin" not in result.stderr  # an automated sender is nobody to add
    assert "  1 a mailing list or automated message" in result.stderr
    problems = check_vault(load_vault(vault, read_settings(vault)))
    assert [p for p in problems if p.severity == "error"] == []


def test_importing_again_changes_nothing(vault):
    assert _import(vault).exit_code == 0
    before = {p: p.read_bytes() for p in (vault / "meetings").iterdir()}
    again = _import(vault)
    assert again.exit_code == 0, again.output
    assert "Created 0 touches from 0 messages; skipped 15:" in again.stderr
    assert "  10 already in the vault (same Message-ID)" in again.stderr
    assert {p: p.read_bytes() for p in (vault / "meetings").iterdir()} == before


def test_a_dry_run_lists_exactly_what_a_real_run_writes(vault):
    dry = _import(vault, "--dry-run")
    assert dry.exit_code == 0
    assert sorted(p.name for p in (vault / "meetings").iterdir()) == sorted(
        path.split("/")[1] for path in HELD)
    real = _import(vault)
    assert dry.stdout.replace("would create", "create") == real.stdout
    assert "Would create 10 touches" in dry.stderr


def test_bodies_are_copied_only_when_asked_without_quotes_or_signature(vault):
    assert _import(vault).exit_code == 0
    plain = (vault / "meetings/2026-11-04-hannah-lindqvist-reply.md").read_text()
    assert plain.endswith("## Message\n") and "Monday" not in plain
    other = vault.parent / "other"
    shutil.copytree(vault, other)
    for path in (other / "meetings").glob("*"):
        if path.name[:-3] in EXPECTED:
            path.unlink()
    assert kith(other, "import", "mail", *(str(SAMPLES / s) for s in SOURCES),
                "--with-body").exit_code == 0
    hannah = (other / "meetings/2026-11-04-hannah-lindqvist-reply.md").read_text()
    assert hannah.endswith("## Message\nHi Sam,\n\nThanks for reaching out & for the kind"
                           " words. I\u2019d be glad to talk \u2013 how about Monday at 15:00?\n\n"
                           "Hannah\n")
    jose = (other / "meetings/2026-11-13-jose-nunez-thank-you.md").read_text()
    assert "café chat yesterday \u2013 here\u2019s the article on streaming I mentioned (€0" in jose
    assert "Original Message" not in jose and "+44" not in jose
    maya = (other / "meetings/2026-11-02-maya-okafor-outreach.md").read_text()
    assert "From one backend engineer to another" in maya  # mbox's >From unescaped
    assert "-- \nSam Rivera" not in maya


def test_since_leaves_out_older_messages(vault):
    result = _import(vault, "--since", "2026-11-06")
    assert set(_imported(vault)) == {"2026-11-06-maya-okafor-reply",
                                     "2026-11-10-maya-okafor-thank-you",
                                     "2026-11-13-jose-nunez-thank-you"}
    assert "before --since" in result.stderr


def test_without_my_email_the_import_says_what_to_set(make_vault):
    root = make_vault(PEOPLE)
    result = kith(root, "import", "mail", str(SAMPLES / "outlook-1252.eml"))
    assert result.exit_code == 1
    assert "set my_email" in result.output and "Traceback" not in result.output


def test_an_unreadable_message_is_reported_and_the_rest_come_in(vault, tmp_path):
    broken = tmp_path / "broken.eml"
    broken.write_bytes(b"\x00\x01 not mail at all")
    result = kith(vault, "import", "mail", str(broken), str(SAMPLES / "outlook-1252.eml"))
    assert result.exit_code == 0
    assert f"{broken}: warning: no mail headers; skipped" in result.stderr
    assert set(_imported(vault)) == {"2026-11-13-jose-nunez-thank-you"}


def test_encoded_and_legacy_headers_are_decoded():
    raw = (b"From: =?ISO-8859-1?Q?Andr=E9?= <a@x.example>\r\nTo: s@x.example\r\n"
           b"Subject: =?utf-8?q?caf=C3=A9?= =?utf-8?b?IOKYlQ==?=\r\n"
           b"Date: Tue, 3 Nov 2026 10:00:00 -0500\r\n\r\nbody")
    message = read_message(raw, "x")
    assert message.sender.name == "André" and message.subject == "café ☕"
    assert message.date.isoformat() == "2026-11-03T10:00:00-05:00"
    eight_bit = b"From: Ren\xe9 <r@x.example>\r\nSubject: D\xe9j\xe0 vu\r\nDate: x\r\n\r\n"
    message = read_message(eight_bit, "y")
    assert message.sender.name == "René" and message.subject == "Déjà vu"
    assert message.date is None and message.message_id.endswith("@kithbook>")


def test_bodies_lose_quotes_and_signatures_and_html_becomes_text():
    assert own_words("Yes!\n\nOn Mon, 2 Nov 2026, Sam wrote:\n> Hi\n") == "Yes!"
    assert own_words("Ja.\n\nAm 02.11.2026 um 09:14 schrieb Sam:\n> Hallo") == "Ja."
    assert own_words("Fine.\n> quoted\nStill mine.\n-- \nSig") == "Fine.\nStill mine."
    assert own_words("Sure.\n\nSent from my iPhone") == "Sure."
    assert html_text("<p>A&amp;B</p><script>x()</script><div>C<br>D</div>") == "A&B\n\nC\nD"


def test_the_mbox_reader_agrees_with_the_standard_library():
    import mailbox

    path = SAMPLES / "gmail-takeout.mbox"
    ours = [m.message_id for m, _ in read_mail(path)]
    theirs = [m["Message-ID"] for m in mailbox.mbox(str(path))]
    assert ours == theirs and len(ours) == 7


def _due(vault: Path, day: str) -> str:
    """What `kith due` says is due on `day` (nothing ahead of it)."""
    result = kith(vault, "due", "--today", day, "--within", "0")
    assert result.exit_code in (0, 3), result.output  # 3: something is overdue
    return result.stdout


def _site_due(vault: Path, day: str) -> str:
    """The cards (their head lines) of the site's Follow-ups page due or overdue on `day`."""
    page = _site_follow_ups(vault, day)
    return "\n".join(line for line in page.splitlines()
                     if "due today" in line or "overdue" in line)


def _site_follow_ups(vault: Path, day: str) -> str:
    import datetime as dt

    settings = read_settings(vault)
    loaded = load_vault(vault, settings)
    docs = vault / "docs"
    output = site_output(vault, loaded, (), settings, dt.date.fromisoformat(day), docs=docs,
                         own=set(own_files(docs)), links=SiteLinks(), name="Test")
    page = {f.path: f.content for f in output.files}["follow-ups.md"]
    assert isinstance(page, str)
    return page


def test_scenario_outreach_from_mail_nudge_then_reply_from_mail_and_the_nudge_is_gone(
        make_vault, tmp_path):
    root = make_vault(PEOPLE, mkdocs_yml=CONFIG)
    sent = tmp_path / "Sent"
    sent.write_bytes((SAMPLES / "thunderbird/Sent").read_bytes().split(b"\nFrom - ")[0])
    assert kith(root, "import", "mail", str(sent)).exit_code == 0  # Monday 2 November
    assert set(_imported(root)) == {"2026-11-02-maya-okafor-outreach"}
    waiting = "No reply from Maya Okafor yet: reach out to a second person in the same field."
    assert "Nothing to do as of 2026-11-04." in _due(root, "2026-11-04")
    assert _site_due(root, "2026-11-04") == ""
    due = _due(root, "2026-11-05")  # three business days later
    assert waiting in due and due.count("\n  ") == 1
    site = _site_due(root, "2026-11-05")  # one card, due today
    assert "Maya Okafor" in site and "no reply" in site and site.count("\n") == 0
    assert "Send Maya Okafor one short, friendly follow-up." in _due(root, "2026-11-11")
    # Her reply (3 November) arrives in the next export: the nudges are gone.
    assert kith(root, "import", "mail", str(SAMPLES / "gmail-takeout.mbox")).exit_code == 0
    assert "2026-11-03-maya-okafor-reply" in _imported(root)
    for day in ("2026-11-05", "2026-11-11"):
        assert "Maya Okafor" not in _due(root, day)
        assert "Maya Okafor" not in _site_due(root, day)


def test_commit_records_the_import_in_git(vault):
    subprocess.run(["git", "init", "-q", str(vault)], check=True)
    subprocess.run(["git", "-C", str(vault), "-c", "user.email=t@x", "-c", "user.name=t",
                    "commit", "-q", "--allow-empty", "-m", "start"], check=True)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@x"}
    result = kith(vault, "import", "mail", str(SAMPLES / "outlook-1252.eml"), "--commit",
                  env=env)
    assert result.exit_code == 0, result.output
    log = subprocess.run(["git", "-C", str(vault), "log", "--name-only", "--format=%s", "-1"],
                         capture_output=True, text=True, check=True).stdout
    assert log.splitlines()[:3] == ["Import 1 touch from mail", "",
                                    "meetings/2026-11-13-jose-nunez-thank-you.md"]



def test_a_touch_file_taken_meanwhile_stops_the_import_and_the_next_one_finishes(
        vault, monkeypatch):
    """The touches are written in one batch, in date order: a file that appears while it
    is written stops it there, says so, lists only what was created, and leaves the
    other writer's file alone; importing again writes the rest, nothing twice."""
    taken = vault / "meetings" / "2026-11-04-priya-raman-outreach.md"
    real = edit._make_durable

    def someone_else_writes(temporaries: list[str]) -> None:
        real(temporaries)
        taken.write_text("theirs", encoding="utf-8")

    monkeypatch.setattr(edit, "_make_durable", someone_else_writes)
    stopped = _import(vault)
    assert stopped.exit_code == 1
    assert f"{taken} appeared meanwhile; nothing more was written (written: 2 of 10" \
        " touches)" in stopped.output
    created = [line.split()[1] for line in stopped.stdout.splitlines()]
    assert created == ["meetings/2026-11-02-maya-okafor-outreach.md",
                       "meetings/2026-11-03-maya-okafor-reply.md"]
    assert taken.read_text(encoding="utf-8") == "theirs"
    assert sorted(p.name for p in (vault / "meetings").iterdir()) == sorted(
        [Path(c).name for c in created] + [taken.name] + [Path(h).name for h in HELD])
    monkeypatch.setattr(edit, "_make_durable", real)
    taken.unlink()
    again = _import(vault)
    assert again.exit_code == 0, again.output
    assert "Created 8 touches from 8 messages; skipped 7:" in again.stderr
    assert _imported(vault) == EXPECTED


assert TODAY  # the fixtures are dated before the suite's day
