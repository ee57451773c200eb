"""The malformed-file corpus: every file's exact problem, and the rest still loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from kithbook.check import check_vault
from kithbook.load import load_vault
from kithbook.settings import read_settings

CORPUS = Path(__file__).parent / "corpus"

# (path, line, key, severity, message): line 0 is about the whole file.
EXPECTED = [
    ('meetings/bad-duration.md', 4, 'duration', 'error',
     "duration: cannot read '45 minutes' as a duration; write 45m, 1h or 1h30m"),
    ('meetings/bad-kind.md', 4, 'kind', 'error',
     "kind: unknown value 'cofee'; did you mean 'coffee'? (one of: meeting, coffee, call, video, event, outreach, thank-you, follow-up, note, reply)"),
    ('meetings/date-number.md', 2, 'date', 'error',
     'date: expected a date (YYYY-MM-DD, optionally followed by HH:MM or HH:MM:SS and an offset like +01:00), got a number (20261120)'),
    ('meetings/date-words.md', 2, 'date', 'error',
     "date: cannot read 'next tuesday' as a date; write YYYY-MM-DD, optionally followed by HH:MM or HH:MM:SS and an offset like +01:00"),
    ('meetings/impossible-date.md', 2, 'date', 'error',
     'date: 2026-11-31 does not exist: November 2026 has 30 days'),
    ('meetings/missing-date.md', 1, 'date', 'error',
     "missing required key 'date' (when it happened)"),
    ('meetings/missing-with.md', 1, 'with', 'error',
     "missing required key 'with' (the slug of the person, or a list of slugs)"),
    ('meetings/no-such-time.md', 3, 'date', 'error',
     "date: '2026-11-20 25:00' has no such time of day (use 00:00 to 23:59)"),
    ('meetings/offset-without-time.md', 2, 'date', 'error',
     "date: '2026-11-20+01:00' has a time zone offset but no time"),
    ('meetings/referral-typo.md', 4, 'referrals', 'warning',
     "referrals: no person 'charles-babage' in people/; did you mean 'charles-babbage'? (a name not yet in people/ is fine, written with spaces)"),
    ('meetings/resource-untitled.md', 4, 'resources', 'error',
     'resources: item 1 has no title'),
    ('meetings/unknown-with.md', 3, 'with', 'error',
     "with: no person 'grace-hoper' in people/; did you mean 'grace-hopper'?"),
    ('meetings/url-list.md', 4, 'url', 'error',
     'url: expected text, got a list'),
    ('meetings/with-empty.md', 3, 'with', 'error',
     'with: is an empty list; name at least one person by slug'),
    ('meetings/with-name.md', 3, 'with', 'error',
     "with: 'Ada Lovelace' is not a person's slug (the file name in people/ without .md, e.g. ada-lovelace)"),
    ('people/Ada-Lovelace.md', 0, None, 'error',
     "'Ada-Lovelace' is the same record as people/ada-lovelace.md: the names differ only in case; rename or merge one of them"),
    ('people/bad-cadence.md', 3, 'cadence', 'error',
     "cadence: cannot read '3 months' as a cadence; write 90d, 6w, 3m, 1y or never"),
    ('people/bad-priority.md', 3, 'priority', 'error',
     "priority: unknown value 'hgih'; did you mean 'high'? (one of: high, normal, low)"),
    ('people/bad-status.md', 3, 'status', 'error',
     "status: unknown value 'pasued'; did you mean 'paused'? (one of: active, paused, declined, archived)"),
    ('people/cadance-typo.md', 3, 'cadance', 'warning',
     "unknown key 'cadance'; did you mean 'cadence'?"),
    ('people/crlf-error.md', 4, 'priority', 'error',
     "priority: unknown value 'urgent' (one of: high, normal, low)"),
    ('people/cycle-a.md', 3, 'introduced_by', 'error',
     'introduced_by: introductions go round in a circle (cycle-a by cycle-b, cycle-b by cycle-a)'),
    ('people/email-item.md', 3, 'email', 'error',
     'email: item 2 expected text, but YAML read a number (5); put it in quotes'),
    ('people/empty-front-matter.md', 1, None, 'error',
     'front matter is empty'),
    ('people/empty.md', 1, None, 'error',
     "empty file: a record needs front matter between '---' lines"),
    ('people/impossible-snooze.md', 3, 'snooze_until', 'error',
     'snooze_until: 2026-02-30 does not exist: February 2026 has 28 days'),
    ('people/introduced-dash.md', 3, 'introduced-by', 'warning',
     "unknown key 'introduced-by'; did you mean 'introduced_by'?"),
    ('people/jose\u0301.md', 0, None, 'error',
     "'jose\u0301' is the same record as people/jos\xe9.md: the names differ only in how accents are encoded (this name uses decomposed accents); rename or merge one of them"),
    ('people/jos\xe9.md', 0, None, 'warning',
     "file name 'jos\xe9' is not a slug: use lowercase ASCII letters, digits and hyphens (people refer to each other by it)"),
    ('people/latin1.md', 2, None, 'error',
     'not UTF-8 text (byte 0xe9); save the file as UTF-8'),
    ('people/links-number.md', 3, 'links', 'error',
     'links: expected a list of URLs or a mapping label: URL, got a number'),
    ('people/missing-name.md', 1, 'name', 'error',
     "missing required key 'name' (the person's full name)"),
    ('people/name-number.md', 2, 'name', 'error',
     'name: expected text, but YAML read a number (42); put it in quotes'),
    ('people/no-front-matter.md', 1, None, 'error',
     "no front matter: the file must start with a line '---'"),
    ('people/not-a-mapping.md', 2, None, 'error',
     'front matter must be a mapping of keys to values'),
    ('people/phone-octal.md', 3, 'phone', 'error',
     'phone: expected text, but YAML read a number (668); put it in quotes'),
    ('people/private-maybe.md', 3, 'private', 'error',
     "private: expected true or false, got text ('maybe')"),
    ('people/repeated-key.md', 5, 'title', 'error',
     "key 'title' is written twice (first on line 3); YAML keeps only the last value"),
    ('people/self-intro.md', 3, 'introduced_by', 'error',
     'introduced_by: self-intro cannot introduce themselves'),
    ('people/snooze-words.md', 3, 'snooze_until', 'error',
     "snooze_until: cannot read 'next week' as a date; write YYYY-MM-DD, optionally followed by HH:MM or HH:MM:SS and an offset like +01:00"),
    ('people/stage-typo.md', 3, 'stage', 'error',
     "stage: unknown value 'conected'; did you mean 'connected'? (one of: lead, contacted, scheduled, met, connected)"),
    ('people/tab-indent.md', 4, None, 'error',
     'YAML syntax error: while scanning for the next token, found character that cannot start any token (a tab indents this line; YAML allows only spaces)'),
    ('people/tags-mapping.md', 3, 'tags', 'error',
     'tags: expected a list of tags, found a mapping'),
    ('people/titel-typo.md', 3, 'titel', 'warning',
     "unknown key 'titel'; did you mean 'title'?"),
    ('people/unclosed.md', 1, None, 'error',
     "front matter is not closed: add a line '---' after it"),
    ('people/unknown-introducer.md', 3, 'introduced_by', 'error',
     "introduced_by: no person 'ada-lovelase' in people/; did you mean 'ada-lovelace'?"),
    ('people/whitespace-only.md', 1, None, 'error',
     "empty file: a record needs front matter between '---' lines"),
    ('people/yaml-syntax.md', 4, None, 'error',
     "YAML syntax error: while parsing a flow sequence that starts on line 3, did not find expected ',' or ']'"),
]

# Records that must load despite the broken files around them (some with a bad optional value).
LOADED_PEOPLE = {
    "ada-lovelace", "charles-babbage", "grace-hopper", "bom-crlf", "crlf-error", "bad-priority",
    "cadance-typo", "phone-octal", "self-intro", "cycle-a", "cycle-b", "jos\u00e9",
}
BROKEN = {
    "no-front-matter", "unclosed", "empty", "whitespace-only", "yaml-syntax", "tab-indent",
    "not-a-mapping", "empty-front-matter", "missing-name", "name-number", "latin1",
}


@pytest.fixture(scope="module")
def vault():
    return load_vault(CORPUS, read_settings(CORPUS))


def test_every_problem_is_exactly_as_expected(vault):
    found = [(p.path, p.line, p.key, p.severity, p.message) for p in check_vault(vault)]
    assert sorted(found) == sorted(EXPECTED)


def test_the_corpus_has_at_least_thirty_malformed_files():
    assert len({path for path, *_ in EXPECTED}) >= 30


def test_good_records_still_load(vault):
    assert set(vault.people) >= LOADED_PEOPLE
    assert not BROKEN & set(vault.people)
    good = next(t for t in vault.touches if t.id == "2026-11-20-ada-lovelace")
    assert good.with_ == ("ada-lovelace", "grace-hopper")
    assert [r.slug for r in good.referrals] == ["charles-babbage", None]


def test_bom_and_crlf_load_like_any_other_file(vault):
    person = vault.people["bom-crlf"]
    assert (person.name, person.title) == ("Bom Crlf", "Loads Fine")
    assert [(q.text, q.done, q.line) for q in person.questions] == [("Does it?", False, 7)]


def test_a_bad_optional_value_falls_back_to_its_default(vault):
    assert vault.people["bad-priority"].priority.value == "normal"
    assert vault.people["phone-octal"].phones == ()
    assert vault.people["cadance-typo"].extra == {"cadance": "30d"}
