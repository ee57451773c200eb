"""Message drafts read well for anyone, follow the outreach rules, and can be overridden."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from kithbook.check import check_vault
from kithbook.drafts import KINDS, draft
from kithbook.load import load_vault
from kithbook.settings import read_settings
from kithbook.timeline import person_facts

from .conftest import REPO, TODAY, kith


def drafts_for(root, slug):
    settings = read_settings(root)
    vault = load_vault(root, settings)
    facts = person_facts(vault, settings, TODAY)
    return {kind: draft(kind, facts[slug], vault, TODAY, root) for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS)
def test_a_person_with_nothing_but_a_name_still_gets_a_readable_draft(make_vault, kind):
    root = make_vault({"people/bare.md": "---\nname: Bare\n---\n"})
    message = drafts_for(root, "bare")[kind]
    text = message.subject + "\n" + message.body
    for bad in ("None", "()", "[]", "“”", " .", " ,", "  ", ": .", "\n\n\n"):
        assert bad not in text, (bad, text)
    assert message.subject and message.body.startswith("Hi Bare,\n\n")


def test_outreach_names_the_connection_first_and_passes_the_outreach_check(make_vault):
    root = make_vault({
        "people/maya.md": "---\nname: Maya Okafor\n---\n",
        "people/jo.md": "---\nname: Jo Lee\ncompany: Acme\ntags: [data-engineering]\n"
                        "introduced_by: maya\n---\n",
    })
    message = drafts_for(root, "jo")["outreach"]
    first_paragraph = message.body.split("\n\n")[1]
    assert first_paragraph.startswith("Maya Okafor suggested I get in touch.")
    assert "not looking for a job" in message.body
    (root / "meetings/2026-11-26-jo-outreach.md").write_text(
        f"---\ndate: 2026-11-26\nwith: jo\nkind: outreach\n---\n{message.body}")
    assert check_vault(load_vault(root, read_settings(root)), today=TODAY) == ()


def test_thank_you_names_the_takeaway_and_the_introductions():
    message = drafts_for(REPO, "jose-nunez")["thank-you"]
    assert "Tests on the data, not only on the code" in message.body
    assert "suggesting I talk to Łucja Wiśniewska and Linus Example" in message.body


def test_follow_up_reports_advice_acted_on():
    message = drafts_for(REPO, "jose-nunez")["follow-up"]
    assert message.subject == "An update"
    assert "I took your advice to add data tests to the portfolio project" in message.body


def test_mailto_encodes_subject_and_body():
    result = kith(REPO, "draft", "thank-you", "jose",
                                       "--mailto")
    link = urlsplit(result.stdout.strip())
    assert link.scheme == "mailto" and link.path == "jose.nunez@example.org"
    query = parse_qs(link.query)
    assert query["subject"] == ["Thank you for the call"]
    assert "Łucja Wiśniewska" in query["body"][0]


def test_a_template_in_the_vault_overrides_the_shipped_one(make_vault):
    root = make_vault({"people/bare.md": "---\nname: Bare Person\n---\n",
                       "drafts/outreach.txt.j2": "Subject: Hello {{ first_name }}\nMy own words.\n"})
    message = drafts_for(root, "bare")["outreach"]
    assert (message.subject, message.body) == ("Hello Bare", "My own words.\n")


OUTREACH = "---\ndate: 2026-11-27\nwith: ada\nkind: outreach\n---\n{body}"


@pytest.mark.parametrize(
    ("body", "warning"),
    [
        ("Hi Ada, " + "word " * 101 + "Would you have time?", "is 107 words"),
        ("Hi Ada, could you forward my résumé to your team? Thanks", "mentions 'résumé'"),
        ("Hi Ada, are you hiring? I'd love a call.", "mentions 'hiring'"),
        ("Hi Ada, I'd value your advice. Let me know.", "does not end its request"),
        ("Hi Ada, I'm not looking for a job. Would you have twenty minutes?", None),
        ("Hi Ada, advice, not a job: could we talk?", None),
    ],
)
def test_the_outreach_check(make_vault, body, warning):
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n",
                       "meetings/m.md": OUTREACH.format(body=body)})
    problems = check_vault(load_vault(root, read_settings(root)), today=TODAY)
    messages = [p.message for p in problems]
    if warning is None:
        assert messages == []
    else:
        assert len(problems) == 1 and warning in messages[0]
        assert (problems[0].path, problems[0].line, problems[0].severity) == (
            "meetings/m.md", 6, "warning")
        assert re.match(r"outreach message", messages[0])


def test_messages_already_sent_are_not_checked(make_vault):
    body = "Hi Ada, could you forward my résumé to your team? Thanks"
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n",
                       "meetings/m.md": OUTREACH.format(body=body).replace("2026-11-27",
                                                                          "2026-11-25")})
    vault = load_vault(root, read_settings(root))
    assert check_vault(vault, today=TODAY) == ()
    assert check_vault(vault, today=dt.date(2026, 11, 25)) != ()
