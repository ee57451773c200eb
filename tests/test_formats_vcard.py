"""contacts.vcf: validated and read back by the independent `vcard`
package (a strict RFC 2426 validator); and the round trip export -> import -> export."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import vobject
from vcard import vcard_validator

from kithbook.formats.vcard import contacts_vcf, read_vcards, split_name
from kithbook.load import load_vault
from kithbook.settings import read_settings

from .conftest import REPO, TODAY, kith

TRICKY = {
    "people/ada-lovelace.md": """\
        ---
        name: Ada Lovelace
        title: Engineer; Analyst, Lead
        company: "Analytical Engines, Ltd."
        location: London, UK
        email: [ada@example.org, countess@example.net]
        phone: ["01234 567890", "+44 20 7946 0000"]
        links:
          blog: https://ada.example.org/notes?a=1&b=2
          linkedin: https://www.linkedin.com/in/ada
        tags: [maths, 1843, "poetical science"]
        source: "Met at the Royal Society\\nshe said: \\"bring notes\\""
        ---
        """,
    "people/ludwig-van-beethoven.md": "---\nname: Ludwig van Beethoven\nintroduced_by: ada-lovelace\n---\n",
    "people/lucja-wisniewska.md": "---\nname: Łucja Wiśniewska\nprivate: true\n---\n",
    "people/cher.md": "---\nname: Cher\nsource: A concert\n---\n",
    "meetings/2026-11-20-ludwig-van-beethoven-coffee.md":
        "---\ndate: 2026-11-20\nwith: ludwig-van-beethoven\nkind: coffee\n---\n",
}


def validate(data: bytes, tmp_path: Path) -> list[dict[str, object]]:
    """Every card through the `vcard` validator; each card's properties, unescaped.

    RFC 2426 defines values in octets (NON-ASCII is %x80-FF), and so does the
    validator: it accepts only characters U+0080-U+00FF. So it is given the
    file's octets, one character each (Latin-1), and values are turned back
    into UTF-8 text after validation.
    """
    octets = data.decode("latin-1")
    chunks = re.findall(r"BEGIN:VCARD\r\n.*?END:VCARD\r\n", octets, re.S)
    assert "".join(chunks) == octets  # nothing between or after the cards
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # style hints (e.g. "default TYPE value"), not errors
        cards = [vcard_validator.VCard(chunk) for chunk in chunks]  # raises on any error
    assert len(cards) == data.count(b"BEGIN:VCARD")
    return [{p.name: [[_unescape(v) for v in value] for value in p.values]
             for p in card.properties if p.name not in ("EMAIL", "TEL", "URL")}
            | {name: [_unescape(p.values[0][0]) for p in card.properties if p.name == name]
               for name in ("EMAIL", "TEL", "URL")}
            for card in cards]


def _unescape(text: str) -> str:
    text = text.encode("latin-1").decode("utf-8")
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def test_the_example_vaults_cards_are_valid_vcard_3(tmp_path):
    settings = read_settings(REPO)
    vault = load_vault(REPO, settings)
    cards = validate(contacts_vcf(vault, settings, TODAY), tmp_path)
    assert len(cards) == len(vault.people)
    by_name = {card["FN"][0][0]: card for card in cards}
    for person in vault.people.values():
        card = by_name[person.name]
        assert card["VERSION"] == [["3.0"]]
        assert card["EMAIL"] == list(person.emails)
        assert card["TEL"] == list(person.phones)
        assert card["URL"] == [link.url for link in person.links]
        assert card["UID"] == [[f"urn:kithbook:person:{person.slug}"]]
    lucja = by_name["Łucja Wiśniewska"]
    assert lucja["N"] == [["Wiśniewska"], ["Łucja"], [""], [""], [""]]


def test_tricky_values_survive_escaping(make_vault, tmp_path):
    root = make_vault(TRICKY)
    settings = read_settings(root)
    cards = {c["FN"][0][0]: c for c in validate(
        contacts_vcf(load_vault(root, settings), settings, TODAY), tmp_path)}
    ada = cards["Ada Lovelace"]
    assert ada["TITLE"] == [["Engineer; Analyst, Lead"]]
    assert ada["ORG"] == [["Analytical Engines, Ltd."]]
    assert ada["EMAIL"] == ["ada@example.org", "countess@example.net"]
    assert ada["TEL"] == ["01234 567890", "+44 20 7946 0000"]
    assert ada["URL"] == ["https://ada.example.org/notes?a=1&b=2",
                          "https://www.linkedin.com/in/ada"]
    assert ada["CATEGORIES"] == [["maths", "1843", "poetical science"]]
    assert ada["NOTE"] == [['Met at the Royal Society\nshe said: "bring notes"']]
    assert ada["ADR"][3] == ["London, UK"]
    ludwig = cards["Ludwig van Beethoven"]
    assert ludwig["N"][:2] == [["van Beethoven"], ["Ludwig"]]
    assert ludwig["NOTE"] == [["Introduced by Ada Lovelace\nFirst met 2026-11-20: coffee"]]
    assert cards["Cher"]["N"][:2] == [[""], ["Cher"]]


def test_names_split_into_given_and_family():
    assert split_name("José Núñez") == ("José", "Núñez")
    assert split_name("Ludwig van Beethoven") == ("Ludwig", "van Beethoven")
    assert split_name("Maria de la Cruz") == ("Maria", "de la Cruz")
    assert split_name("Cher") == ("Cher", "")


def round_trip(root: Path, tmp_path: Path) -> tuple[bytes, bytes, Path]:
    first = kith(root, "export", "vcard")
    assert first.exit_code == 0, first.output
    exported = tmp_path / "exported.vcf"
    exported.write_bytes(first.stdout_bytes)
    empty = tmp_path / "empty"
    assert kith(None, "init", str(empty), "--no-git").exit_code == 0
    imported = kith(empty, "import", "vcard", str(exported))
    assert imported.exit_code == 0, imported.output + imported.stderr
    again = kith(empty, "export", "vcard")
    assert again.exit_code == 0
    return first.stdout_bytes, again.stdout_bytes, empty


def test_round_trip_of_the_example_vault_gives_the_same_cards(tmp_path):
    first, again, empty = round_trip(REPO, tmp_path)
    assert first.count(b"BEGIN:VCARD") == 13
    assert again == first
    check = kith(empty, "check", "--strict")
    assert check.exit_code == 0, check.stderr


def test_round_trip_of_tricky_values_gives_the_same_cards(make_vault, tmp_path):
    first, again, empty = round_trip(make_vault(TRICKY), tmp_path)
    assert again == first
    assert (empty / "people/ludwig-van-beethoven.md").is_file()  # the slug from the UID
    check = kith(empty, "check", "--strict")
    assert check.exit_code == 0, check.stderr


def test_reading_our_own_cards_gives_back_the_people():
    settings = read_settings(REPO)
    vault = load_vault(REPO, settings)
    result = read_vcards(contacts_vcf(vault, settings, TODAY), "contacts.vcf")
    assert result.problems == [] and not result.rejected
    for contact in result.contacts:
        person = vault.people[contact.slug or ""]
        assert contact.name == person.name
        assert contact.emails == person.emails
        assert contact.phones == person.phones
        assert contact.tags == person.tags
        assert contact.company == person.company and contact.title == person.title


def test_the_validator_does_reject_a_bad_card():
    import pytest
    from vcard.vcard_errors import VCardError

    with pytest.raises(VCardError):  # no FN and N: what a writer bug would look like
        vcard_validator.VCard("BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:a@b.org\r\nEND:VCARD\r\n")
    with pytest.raises(VCardError):  # URL takes no parameters in vCard 3.0
        vcard_validator.VCard("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nN:A;;;;\r\n"
                              "URL;TYPE=blog:https://a.org\r\nEND:VCARD\r\n")


def test_lines_are_folded_at_75_octets_in_any_script(make_vault, tmp_path):
    root = make_vault({
        "people/eleni.md": "---\nname: Ελένη Παπαδοπούλου-Κωνσταντινίδου\ntitle: Επικεφαλής"
                           " Μηχανικός Δεδομένων και Αναλύσεων Πληροφοριακών Συστημάτων\n---\n",
        "people/taro.md": "---\nname: 山田 太郎\nsource: 東京のデータエンジニアリング勉強会で会った。"
                          "ストリーミング処理とデータ基盤の移行について詳しく話を聞いた。\n---\n",
    })
    settings = read_settings(root)
    data = contacts_vcf(load_vault(root, settings), settings, TODAY)
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(len(line) > 70 for line in lines)  # long values were folded, not dropped
    # The validator reads octets as Latin-1, where 0x85 (inside "υ" and many kana) is a
    # line break to Python: another high octet in its place keeps every length.
    assert len(validate(data.replace(b"\x85", b"\x86"), tmp_path)) == 2
    cards = {c.fn.value: c for c in vobject.readComponents(data.decode("utf-8"))}
    assert (cards["山田 太郎"].n.value.family, cards["山田 太郎"].n.value.given) == ("山田", "太郎")
    assert cards["Ελένη Παπαδοπούλου-Κωνσταντινίδου"].title.value == (
        "Επικεφαλής Μηχανικός Δεδομένων και Αναλύσεων Πληροφοριακών Συστημάτων")
    back = read_vcards(data, "contacts.vcf").contacts
    assert {c.name for c in back} == {"Ελένη Παπαδοπούλου-Κωνσταντινίδου", "山田 太郎"}


def test_names_with_titles_and_web_addresses_without_a_scheme(make_vault, tmp_path):
    root = make_vault({
        "people/john.md": "---\nname: Mr. John Richter James Doe Sr.\nlinks: [www.example.org/john,"
                          " example.net, not a link]\n---\n",
        "people/ada.md": "---\nname: Dr. Ada Lovelace, PhD\nname_parts: {family: King, given: Ada,"
                         " additional: Augusta}\n---\n",
    })
    settings = read_settings(root)
    cards = {c["FN"][0][0]: c for c in validate(
        contacts_vcf(load_vault(root, settings), settings, TODAY), tmp_path)}
    john = cards["Mr. John Richter James Doe Sr."]
    assert john["N"] == [["Doe"], ["John Richter James"], [""], ["Mr."], ["Sr."]]
    assert john["URL"] == ["https://www.example.org/john", "https://example.net"]
    assert cards["Dr. Ada Lovelace, PhD"]["N"] == [["King"], ["Ada"], ["Augusta"], [""], [""]]
    assert kith(root, "check", "--strict").exit_code == 0


def test_a_bad_name_parts_value_is_reported_with_its_line(make_vault):
    root = make_vault({"people/x.md": "---\nname: X\nname_parts: {surname: Y}\n---\n"})
    result = kith(root, "check")
    assert result.exit_code == 1
    assert ("people/x.md:3: error: name_parts: unknown part 'surname' (the parts are family,"
            " given, additional, prefix, suffix)") in result.stderr
