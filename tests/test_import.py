"""`kith import vcard` and `kith import linkedin` on real-world-shaped samples (tests/samples)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kithbook.formats.linkedin import read_connections
from kithbook.formats.vcard import read_vcards
from kithbook.load import load_vault
from kithbook.settings import read_settings

from .conftest import kith

SAMPLES = Path(__file__).parent / "samples"
ADA = """\
    ---
    name: Ada Lovelace
    # she prefers the work address
    email: ada@example.org
    tags: [maths]
    ---

    ## Research
    Wrote the first program.
    """
GRACE = "---\nname: Grace Hopper\ncompany: US Navy\n---\n"


def people(root: Path) -> dict[str, object]:
    vault = load_vault(root, read_settings(root))
    assert vault.problems == ()
    return dict(vault.people)


@pytest.fixture
def vault(make_vault):
    return make_vault({"people/ada-lovelace.md": ADA, "people/grace-hopper.md": GRACE})


def test_google_contacts(vault):
    result = kith(vault, "import", "vcard", str(SAMPLES / "google.vcf"))
    assert result.exit_code == 0, result.output
    found = people(vault)
    jose = found["jose-nunez"]
    assert jose.name == "José Núñez"
    assert jose.emails == ("jose.personal@example.net", "jose.nunez@example.org")
    assert jose.phones == ("+34 600 123 456",)
    assert (jose.company, jose.title, jose.location) == (
        "Northwind Analytics", "Senior Analytics Engineer", "Madrid, Spain")
    assert jose.tags == ("Data people",)  # Google's myContacts group is not a tag
    assert jose.found_via == "Met at PyData Madrid 2025\nLikes dbt, window functions."
    assert [link.url for link in found["zoe-ni-bhriain"].links] == ["https://zoe.example.ie/blog"]
    assert found["li-xiao-long"].name == "李小龍"
    assert found["fedor-ivanov"].company == "Contoso, Ltd."
    assert "Created 4 people, updated 0, skipped 2, rejected 0 (of 6 cards read):" in result.stderr
    assert "1 skipped: already in the vault; --update adds what the file lacks" in result.stderr
    assert "1 skipped: a duplicate of an earlier record in this import" in result.stderr
    assert "skip card 6 (line 48) José Núñez: a duplicate" in result.stdout
    assert (vault / "people/ada-lovelace.md").read_text() == ADA.replace("    ", "")  # untouched


def test_apple_contacts_with_a_folded_photo_and_a_company_card(vault):
    result = kith(vault, "import", "vcard", str(SAMPLES / "apple.vcf"))
    assert result.exit_code == 0, result.output
    lucja = people(vault)["lucja-wisniewska"]
    assert (lucja.name, lucja.emails, lucja.location) == (
        "Łucja Wiśniewska", ("lucja@example.pl",), "Warszawa, Poland")
    assert lucja.found_via.startswith("Grace and I met") and "offered to introduce" in \
        lucja.found_via  # a folded NOTE, unfolded
    assert not (vault / "people/fabrikam-ltd.md").exists()
    assert "apple.vcf:30: warning: card 3: Fabrikam Ltd is a company, not a person" in \
        result.stderr
    assert "grace hopper: already in the vault" in result.stdout  # matched by name


def test_outlook_vcard_2_1_in_windows_1252_with_quoted_printable(vault):
    result = kith(vault, "import", "vcard", str(SAMPLES / "outlook.vcf"))
    assert result.exit_code == 0, result.output
    jurgen = people(vault)["jurgen-muller"]
    assert jurgen.name == "Jürgen Müller"
    assert jurgen.found_via == ("Kennengelernt auf der Konferenz in Köln.\n"
                                "Möchte mehr über Streaming erfahren.")
    assert jurgen.location == "Köln, Deutschland"
    assert jurgen.phones == ("+49 221 555 0100", "+49 170 555 0100")
    assert jurgen.emails == ("juergen.mueller@fabrikam.example.de",)
    assert "read as Windows-1252" in result.stderr


def test_android_vcard_2_1_utf8_quoted_printable_with_soft_line_breaks(vault):
    assert kith(vault, "import", "vcard", str(SAMPLES / "android.vcf")).exit_code == 0
    (hanako,) = [p for p in people(vault).values() if p.name == "田中花子"]
    assert hanako.found_via == "勉強会で会った。データ基盤の話。"
    assert hanako.phones == ("+81-90-5555-0100", "+81-3-5555-0100")  # preferred first


def test_vcard_4(vault):
    assert kith(vault, "import", "vcard", str(SAMPLES / "v4.vcf")).exit_code == 0
    found = people(vault)
    amara = found["amara-okafor-mensah"]
    assert amara.emails == ("amara@home.example.com", "amara@work.example.com")  # PREF=1 first
    assert amara.phones == ("+1-555-555-0199",)  # the tel: URI's number
    assert amara.tags == ("mentor", "data")
    assert "tailspin-toys" not in found  # KIND:org


def test_broken_cards_are_reported_and_the_rest_come_in(vault):
    result = kith(vault, "import", "vcard", str(SAMPLES / "broken.vcf"))
    assert result.exit_code == 1
    err = result.stderr
    assert "broken.vcf:6: warning: text outside BEGIN:VCARD" in err
    assert "broken.vcf:7: error: card 2: no name (neither FN nor N); rejected" in err
    assert "broken.vcf:15: warning: card 3: no colon in 'this line has no colon'" in err
    assert "broken.vcf:16: warning: card 3: 'not-an-email' is not an email address" in err
    assert "broken.vcf:21: warning: card 4: FN: unknown character set" in err
    assert "broken.vcf:23: error: card 5: no END:VCARD" in err
    assert "Created 3 people, updated 0, skipped 0, rejected 3 (of 6 cards read):" in err
    assert "2 rejected: no name; see the errors above" in err
    assert "1 rejected: cut short, no END:VCARD; see the errors above" in err
    found = people(vault)
    assert {"good-before", "bad-lines", "good-after"} <= set(found)
    assert found["bad-lines"].phones == ("+1 555 0100",) and found["bad-lines"].emails == ()


def test_dry_run_writes_nothing_and_says_what_would_happen(vault):
    before = sorted(p.name for p in (vault / "people").iterdir())
    result = kith(vault, "import", "vcard", str(SAMPLES / "google.vcf"), "--update", "--dry-run")
    assert result.exit_code == 0
    assert sorted(p.name for p in (vault / "people").iterdir()) == before
    assert "would create people/jose-nunez.md (José Núñez)" in result.stdout
    assert ("would update people/ada-lovelace.md: add phone +44 7700 900123; add tags mentor"
            in result.stdout)
    assert "Would create 4 people, update 2, skip 0, reject 0 (of 6 cards read)." in result.stderr


def test_update_adds_only_what_is_missing_and_keeps_the_rest_of_the_file(vault):
    result = kith(vault, "import", "vcard", str(SAMPLES / "google.vcf"), str(SAMPLES / "apple.vcf"),
                  "--update")
    assert result.exit_code == 0, result.output
    ada = (vault / "people/ada-lovelace.md").read_text()
    assert ada == ADA.replace("    ", "").replace(
        "tags: [maths]\n", "tags: [maths, mentor]\nphone: +44 7700 900123\n")
    grace = people(vault)["grace-hopper"]
    assert grace.emails == ("grace@example.navy.mil",) and grace.name == "Grace Hopper"
    jose = people(vault)["jose-nunez"]  # the duplicate card's new phone went in too
    assert jose.phones == ("+34 600 123 456", "+34 910 000 000")
    again = kith(vault, "import", "vcard", str(SAMPLES / "google.vcf"), "--update")
    assert "Created 0 people, updated 0, skipped 6, rejected 0 (of 6 cards read):" in again.stderr
    assert "6 skipped: already in the vault, nothing new" in again.stderr


def test_differing_values_are_kept_and_reported(make_vault):
    root = make_vault({"people/fedor.md": "---\nname: Fedor Ivanov\nemail: fedor@example.ru\n"
                       "company: Fabrikam\n---\n"})
    result = kith(root, "import", "vcard", str(SAMPLES / "google.vcf"), "--update")
    assert result.exit_code == 0
    assert "kept company 'Fabrikam' (the card says 'Contoso, Ltd.')" in result.stdout
    assert "kept name 'Fedor Ivanov' (the card says 'Фёдор Иванов')" in result.stdout
    assert people(root)["fedor"].company == "Fabrikam"


def test_a_taken_slug_gets_a_number_and_commit_records_the_import(make_vault):
    import subprocess

    root = make_vault({"people/jose-nunez.md": "---\nname: José Núñez-Otro\n---\n"})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@e",
                    "commit", "-qm", "start"], check=True)
    result = kith(root, "import", "vcard", str(SAMPLES / "google.vcf"), "--commit",
                  env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e",
                       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"})
    assert result.exit_code == 0, result.output
    assert people(root)["jose-nunez-2"].name == "José Núñez"
    log = subprocess.run(["git", "-C", str(root), "log", "--name-only", "--format=%s", "-1"],
                         capture_output=True, text=True, check=True).stdout
    assert log.startswith("Import people from google.vcf") and "people/jose-nunez-2.md" in log


def test_a_progress_bar_on_large_files(vault, tmp_path):
    cards = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n}\r\nEMAIL:p{n}@example.org\r\n"
                    "END:VCARD\r\n" for n in range(150))
    big = tmp_path / "big.vcf"
    big.write_text(cards)
    result = kith(vault, "import", "vcard", str(big))
    assert result.exit_code == 0
    assert "Importing 150 cards" in result.stderr  # the bar's label (drawn only on a terminal)
    assert "Created 150 people" in result.stderr
    assert len(people(vault)) == 152


def test_the_readers_locate_every_problem():
    result = read_vcards((SAMPLES / "broken.vcf").read_bytes(), "broken.vcf")
    assert [p.line for p in result.problems] == sorted(p.line for p in result.problems)
    assert all(p.path == "broken.vcf" and p.line > 0 for p in result.problems)
    empty = read_vcards(b"hello\n", "x.vcf")
    assert next((p.line, p.severity, p.message) for p in empty.problems) == (
        0, "error", "no vCards found (BEGIN:VCARD)")
    assert read_vcards(b"\xff\xfe" + "BEGIN:VCARD\nFN:Ü\nEND:VCARD\n".encode("utf-16-le"),
                       "u16.vcf").contacts[0].name == "Ü"


# LinkedIn

def test_linkedin_connections(vault):
    result = kith(vault, "import", "linkedin", str(SAMPLES / "Connections.csv"))
    assert result.exit_code == 1  # one row without a name
    err = result.stderr
    assert "Connections.csv:8: error: row 4: no first or last name; rejected" in err
    assert "Connections.csv:9: warning: row 5: 'lukasz@@example' is not an email address" in err
    assert "Connections.csv:9: warning: row 5: cannot read '31 Feb 2024' as a date" in err
    assert "Created 3 people, updated 0, skipped 2, rejected 1 (of 6 rows read):" in err
    found = people(vault)
    mei = found["mei-tanaka"]
    assert (mei.company, mei.title, mei.emails, mei.found_via) == (
        "Contoso, Inc.", "Director, Data", ("mei@example.jp",), "LinkedIn")
    assert [link.url for link in mei.links] == ["https://www.linkedin.com/in/mei-tanaka-example"]
    assert found["soren-kierkegaard"].name == "Søren Kierkegaard 🚀"
    assert found["lukasz-nowak"].emails == ()
    touches = load_vault(vault, read_settings(vault)).touches
    assert [(t.id, t.kind.value, t.title) for t in touches] == [
        ("2023-01-05-mei-tanaka-note", "note", "Connected on LinkedIn"),
        ("2025-02-01-soren-kierkegaard-note", "note", "Connected on LinkedIn")]
    assert "Ada Lovelace: already in the vault" in result.stdout


def test_linkedin_update_is_idempotent(vault):
    first = kith(vault, "import", "linkedin", str(SAMPLES / "Connections.csv"), "--update")
    assert ("update people/ada-lovelace.md: set title 'Staff Data Engineer'; set company"
            " 'Analytical Engines'; add links https://www.linkedin.com/in/ada-lovelace-example;"
            " add a note touch 'Connected on LinkedIn' on 2024-03-12") in first.stdout
    assert (vault / "meetings/2024-03-12-ada-lovelace-note.md").is_file()
    again = kith(vault, "import", "linkedin", str(SAMPLES / "Connections.csv"), "--update")
    assert "Created 0 people, updated 0, skipped 5, rejected 1 (of 6 rows read):" in again.stderr
    assert len(load_vault(vault, read_settings(vault)).touches) == 3
    check = kith(vault, "check", "--strict")
    assert check.exit_code == 0, check.stderr


def test_linkedin_without_its_header_is_one_clear_error():
    result = read_connections(b"Name,Mail\nAda,ada@example.org\n", "c.csv")
    assert result.contacts == []
    assert "no header row with 'First Name' and 'Last Name'" in result.problems[0].message
    partial = read_connections(b"First Name,Last Name,Compnay\nAda,Lovelace,AE\n", "c.csv")
    assert partial.contacts[0].name == "Ada Lovelace"
    assert any("no 'Company' column; did you mean 'compnay'?" in p.message
               for p in partial.problems)


# Real files that failed (issue 19): each sample under tests/samples says what it stands for.

def records_in(path: Path) -> int:
    data = path.read_bytes()
    return data.upper().count(b"BEGIN:VCARD")


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.vcf")))
def test_every_card_is_counted_once(sample):
    """created + updated + skipped + rejected = the cards in the file, whatever it holds."""
    result = read_vcards((SAMPLES / sample).read_bytes(), sample)
    assert result.records == records_in(SAMPLES / sample)


def test_cards_after_a_byte_order_mark_in_a_joined_file_come_in(vault):
    result = kith(vault, "import", "vcard", str(SAMPLES / "joined-bom.vcf"))
    assert result.exit_code == 0, result.output
    assert {"femke-achterberg", "kwabena-owusu", "ilse-vermeulen"} <= set(people(vault))
    assert "Created 3 people, updated 0, skipped 0, rejected 0 (of 3 cards read)." in result.stderr
    assert "outside BEGIN:VCARD" not in result.stderr


def test_a_file_of_only_companies_and_groups_is_skipped_and_counted(vault):
    result = kith(vault, "import", "vcard", str(SAMPLES / "companies-only.vcf"))
    assert result.exit_code == 0, result.output
    assert "no vCards found" not in result.stderr
    assert ("Created 0 people, updated 0, skipped 3, rejected 0 (of 3 cards read):\n"
            "  3 skipped: a company or a group, not a person\n") in result.stderr
    assert set(people(vault)) == {"ada-lovelace", "grace-hopper"}


def test_linkedin_hidden_members_are_skipped_and_a_renamed_connection_is_matched(make_vault):
    root = make_vault({"people/priya-raman.md": """\
        ---
        name: Priya Raman (she/her)
        links: [https://www.linkedin.com/in/priya-raman-example/]
        source: LinkedIn
        ---
        """})
    result = kith(root, "import", "linkedin", str(SAMPLES / "Connections-hidden.csv"))
    assert result.exit_code == 0, result.output
    assert "error" not in result.stderr
    assert ("Created 1 person, updated 0, skipped 3, rejected 0 (of 4 rows read):\n"
            "  2 skipped: a member who hides their profile (the row has only a date)\n"
            "  1 skipped: already in the vault; --update adds what the file lacks\n"
            ) in result.stderr
    assert set(people(root)) == {"priya-raman", "tomas-o-briain"}
    assert "kept name 'Priya Raman (she/her)' (the row says 'Priya Raman')" in result.stdout


def test_name_parts_are_kept_from_n_and_exported(vault):
    result = kith(vault, "import", "vcard", str(SAMPLES / "apple-names.vcf"))
    assert result.exit_code == 0, result.output
    john = (vault / "people/mr-john-richter-james-doe-sr.md").read_text()
    assert ("name: Mr. John Richter James Doe Sr.\nname_parts: {family: Doe, given: John,"
            " additional: Richter James, prefix: Mr., suffix: Sr.}\n") in john
    assert "name_parts: {family: Yamada, given: Taro}" in (vault / "people/yamada-taro.md").read_text()
    # A name whose parts are what Kithbook works out anyway carries none.
    assert "name_parts" not in (vault / "people/hannah-lindqvist.md").read_text()
    exported = kith(vault, "export", "vcard").stdout.splitlines()
    assert "N:Doe;John;Richter James;Mr.;Sr." in exported
    assert "N:Yamada;Taro;;;" in exported
    assert "N:Lindqvist;Hannah;;;" in exported
    assert "URL:https://www.fabrikam.example/~jdoe" in exported
    import json

    exported_json = json.loads(kith(vault, "export", "json").stdout)
    parts = {p["slug"]: p["name_parts"] for p in exported_json["people"]}
    assert parts["yamada-taro"] == {"family": "Yamada", "given": "Taro"}
    assert parts["hannah-lindqvist"] is None
    again = kith(vault, "import", "vcard", str(SAMPLES / "apple-names.vcf"), "--update")
    assert "Created 0 people, updated 0, skipped 3" in again.stderr


def test_android_groups_are_not_tags_and_tel_extensions_are_kept(vault):
    result = kith(vault, "import", "vcard", str(SAMPLES / "android-groups.vcf"))
    assert result.exit_code == 0, result.output
    chidi = people(vault)["chidi-okonkwo"]
    assert chidi.tags == ("Alumni",)
    assert chidi.phones == ("+234-1-555-0100 ext. 214", "+234 803 555 0101")


@pytest.mark.parametrize(("sample", "names"), [
    ("outlook-greek.vcf", {"elene-papadopoulou": "Ελένη Παπαδοπούλου"}),
    ("ukrainian-cp1251.vcf", {"olena-kovalenko": "Олена Коваленко",
                              "andrii-melnik": "Андрій Мельник"}),
    ("outlook-hebrew.vcf", {"mykl-khn": "מיכל כהן", "brhm-lvy": "אברהם לוי"}),
])
def test_legacy_windows_code_pages(vault, sample, names):
    result = kith(vault, "import", "vcard", str(SAMPLES / sample))
    assert result.exit_code == 0, result.output
    found = people(vault)
    assert {slug: found[slug].name for slug in names} == names
    if sample == "outlook-greek.vcf":
        eleni = found["elene-papadopoulou"]
        assert (eleni.company, eleni.title, eleni.location) == (
            "Ελληνικά Δεδομένα Α.Ε.", "Μηχανικός Δεδομένων", "Αθήνα, Ελλάδα")
    elif sample == "ukrainian-cp1251.vcf":
        assert found["olena-kovalenko"].company == "Київські дані"
        assert "read as Windows-1251 (Cyrillic)" in result.stderr
    else:
        assert found["mykl-khn"].title == "מהנדסת נתונים"
        assert "read as Windows-1255 (Hebrew)" in result.stderr


def test_update_keeps_a_block_list_a_block(make_vault):
    text = ("---\nname: Ada Lovelace\nemail:\n  - ada@example.org  # work\ntags:\n"
            "    - maths\n---\n\n## Research\n")
    root = make_vault({"people/ada-lovelace.md": text})
    card = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\n"
            b"EMAIL:countess@example.net\r\nCATEGORIES:poetry\r\nEND:VCARD\r\n")
    (root / "ada.vcf").write_bytes(card)
    result = kith(root, "import", "vcard", str(root / "ada.vcf"), "--update")
    assert result.exit_code == 0, result.output
    assert (root / "people/ada-lovelace.md").read_text() == (
        "---\nname: Ada Lovelace\nemail:\n  - ada@example.org  # work\n  - countess@example.net\n"
        "tags:\n    - maths\n    - poetry\n---\n\n## Research\n")


def test_commit_of_many_files_has_a_short_subject(make_vault, tmp_path):
    import subprocess

    root = make_vault({})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    files = []
    for number in range(40):
        card = tmp_path / f"contact-with-a-rather-long-file-name-{number:02}.vcf"
        card.write_text(f"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Person {number}\r\nEND:VCARD\r\n")
        files.append(str(card))
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e"}
    result = kith(root, "import", "vcard", *files, "--commit", env=env)
    assert result.exit_code == 0, result.output
    subject, body = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%s%x00%b"],
                                   capture_output=True, text=True, check=True).stdout.split("\0")
    assert subject == "Import people from 40 files"
    assert body.split() == [Path(f).name for f in files]
