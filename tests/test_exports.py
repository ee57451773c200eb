"""`kith export ics|vcard|json|csv`, `kith invite`, `kith meet --ics`, and the site's
calendar.ics and contacts.vcf (real `mkdocs build --strict`)."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings

import pytest
import vobject
from vcard import vcard_validator

from .browser import mkdocs_build
from .conftest import MKDOCS_YML, REPO, kith

ADA = "---\nname: Ada Lovelace\nemail: ada@example.org\ncompany: Analytical Engines\n---\n"
GRACE = "---\nname: Grace Hopper\nprivate: true\n---\n"
COFFEE = "---\ndate: 2026-12-01 10:00\nwith: ada-lovelace\nkind: coffee\n---\n"
ME = "      timezone: Europe/London\n      my_name: Sam Rivera\n      my_email: sam@example.org\n"


def valid_vcards(data: bytes) -> int:
    """How many cards, each accepted by the `vcard` validator (fed octets, see
    test_formats_vcard.validate)."""
    chunks = re.findall(r"BEGIN:VCARD\r\n.*?END:VCARD\r\n", data.decode("latin-1"), re.S)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for chunk in chunks:
            vcard_validator.VCard(chunk)
    return len(chunks)


def test_export_json_holds_the_whole_vault():
    result = kith(REPO, "export", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["kithbook"] == {"format": 1, "as_of": "2026-11-26"}
    people = {p["slug"]: p for p in document["people"]}
    assert len(people) == 13 and len(document["touches"]) == 32
    lucja = people["lucja-wisniewska"]
    assert lucja["name"] == "Łucja Wiśniewska" and lucja["path"] == "people/lucja-wisniewska.md"
    assert lucja["introduced_by"] == "jose-nunez" and lucja["stage"] in ("met", "connected")
    assert "## Research" in lucja["body"]
    video = next(t for t in document["touches"] if t["id"] == "2026-12-03-jose-nunez-video")
    assert (video["time"], video["duration_minutes"], video["with"]) == (
        "15:00:00", 45, ["jose-nunez"])
    assert document["problems"] == []


def test_export_csv_has_a_row_per_person(make_vault):
    ada = ADA.replace("---\n", "---\ntags: [maths, poetical science]\nphone: ['+44 1', '+44 2']\n",
                      1)
    root = make_vault({"people/ada-lovelace.md": ada, "people/grace-hopper.md": GRACE})
    result = kith(root, "export", "csv")
    assert result.exit_code == 0
    assert result.stdout_bytes.count(b"\r\n") == 3
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [r["name"] for r in rows] == ["Ada Lovelace", "Grace Hopper"]
    assert rows[0]["email"] == "ada@example.org" and rows[0]["stage"] == "lead"
    assert rows[0]["phone"] == "'+44 1; +44 2" and rows[0]["tags"] == "maths; poetical science"
    assert rows[0]["company"] == "Analytical Engines"
    assert rows[1]["private"] == "true"


def test_export_to_a_file(tmp_path):
    out = tmp_path / "calendar.ics"
    result = kith(REPO, "export", "ics", "--out", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert f"wrote {out}" in result.stderr
    calendar = vobject.readOne(out.read_text(encoding="utf-8"))
    assert len(calendar.vevent_list) >= 8
    vcf = tmp_path / "contacts.vcf"
    assert kith(REPO, "export", "vcard", "--out", str(vcf)).exit_code == 0
    assert valid_vcards(vcf.read_bytes()) == 13


def test_kith_invite_and_meet_with_an_invitation(make_vault, tmp_path):
    root = make_vault({"people/ada-lovelace.md": ADA, "meetings/2026-12-01-ada-lovelace-coffee.md":
                       COFFEE}, mkdocs_yml=MKDOCS_YML + ME)
    out = tmp_path / "invite.ics"
    result = kith(root, "invite", "ada", "--out", str(out))
    assert result.exit_code == 0, result.output
    event = vobject.readOne(out.read_text(encoding="utf-8")).vevent
    assert event.uid.value == "2026-12-01-ada-lovelace-coffee@kithbook"
    assert event.attendee.value == "mailto:ada@example.org"
    meet = tmp_path / "meet.ics"
    result = kith(root, "meet", "ada", "--at", "2026-12-10 09:30", "--kind", "video",
                  "--url", "https://example.org/m", "--ics", str(meet))
    assert result.exit_code == 0, result.output
    assert (root / "meetings/2026-12-10-ada-lovelace-video.md").is_file()
    invited = vobject.readOne(meet.read_text(encoding="utf-8"))
    assert invited.method.value == "REQUEST"
    assert invited.vevent.uid.value == "2026-12-10-ada-lovelace-video@kithbook"
    assert invited.vevent.url.value == "https://example.org/m"


def test_an_invitation_without_an_organiser_is_refused_before_anything_is_written(make_vault,
                                                                                  tmp_path):
    root = make_vault({"people/ada-lovelace.md": ADA})
    result = kith(root, "meet", "ada", "--at", "2026-12-10 09:30", "--ics",
                  str(tmp_path / "x.ics"))
    assert result.exit_code == 1 and "set my_email" in result.output
    assert list((root / "meetings").iterdir()) == []
    assert "no conversation planned" in kith(root, "invite", "ada").output


@pytest.mark.slow
def test_the_site_serves_calendar_and_contacts_that_parse(make_vault, tmp_path):
    root = make_vault({"people/ada-lovelace.md": ADA, "people/grace-hopper.md": GRACE,
                       "meetings/2026-12-01-ada-lovelace-coffee.md": COFFEE},
                      mkdocs_yml=MKDOCS_YML.replace("site_name: Test vault",
                                                    "site_name: Test vault\nsite_url:"
                                                    " https://example.org/net/") + ME)
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    calendar = vobject.readOne((tmp_path / "site/calendar.ics").read_text(encoding="utf-8"))
    assert calendar.x_wr_calname.value == "Test vault"
    coffee = next(e for e in calendar.vevent_list if e.uid.value.startswith("2026-12-01"))
    assert coffee.summary.value == "Coffee with Ada Lovelace"
    assert ("Agenda: https://example.org/net/agendas/2026-12-01-ada-lovelace-coffee/"
            in coffee.description.value)
    assert (tmp_path / "site/agendas/2026-12-01-ada-lovelace-coffee/index.html").is_file()
    assert valid_vcards((tmp_path / "site/contacts.vcf").read_bytes()) == 2
    follow_ups = (tmp_path / "site/follow-ups/index.html").read_text(encoding="utf-8")
    assert 'href="../calendar.ics"' in follow_ups


@pytest.mark.slow
def test_publish_mode_leaves_the_address_book_out(make_vault, tmp_path):
    root = make_vault({"people/ada-lovelace.md": ADA},
                      mkdocs_yml=MKDOCS_YML + "      publish: true\n")
    assert mkdocs_build(root, tmp_path / "site").returncode == 0
    assert (tmp_path / "site/calendar.ics").is_file()
    assert not (tmp_path / "site/contacts.vcf").exists()


@pytest.mark.slow
def test_a_hand_written_calendar_wins(make_vault, tmp_path):
    root = make_vault({"people/ada-lovelace.md": ADA, "docs/calendar.ics": "MY OWN\n"})
    assert mkdocs_build(root, tmp_path / "site").returncode == 0
    assert (tmp_path / "site/calendar.ics").read_text() == "MY OWN\n"


def test_an_invitation_to_someone_without_an_email_is_refused(make_vault, tmp_path):
    root = make_vault({"people/grace-hopper.md": "---\nname: Grace Hopper\n---\n",
                       "meetings/2026-12-01-grace-hopper-coffee.md":
                       COFFEE.replace("ada-lovelace", "grace-hopper")}, mkdocs_yml=MKDOCS_YML + ME)
    out = tmp_path / "invite.ics"
    result = kith(root, "invite", "grace", "--out", str(out))
    assert result.exit_code == 1
    assert ("nobody to invite: Grace Hopper has no email address (an invitation needs an"
            " attendee, RFC 5546); add one with `kith set grace-hopper email ADDRESS`"
            in result.stderr)
    assert "Traceback" not in result.output and not out.exists()


def test_an_invitation_after_a_reschedule_has_a_higher_sequence(make_vault, tmp_path):
    root = make_vault({"people/ada-lovelace.md": ADA, "meetings/2026-12-01-ada-lovelace-coffee.md":
                       COFFEE}, mkdocs_yml=MKDOCS_YML + ME)
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    assert kith(root, "invite", "ada", "--out", str(first)).exit_code == 0
    moved = kith(root, "reschedule", "ada", "--at", "2026-12-02 11:00")
    assert moved.exit_code == 0, moved.output
    assert kith(root, "invite", "ada", "--out", str(second)).exit_code == 0
    before = vobject.readOne(first.read_text(encoding="utf-8")).vevent
    after = vobject.readOne(second.read_text(encoding="utf-8")).vevent
    assert before.uid.value == after.uid.value  # the same event, moved
    assert (int(before.sequence.value), int(after.sequence.value)) == (0, 1)
    assert after.dtstart.value.hour == 11
