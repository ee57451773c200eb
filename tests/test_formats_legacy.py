"""Telling the legacy Windows code pages apart (formats/legacy.py)."""

from __future__ import annotations

import pytest

from kithbook.formats.legacy import guess_encoding

NAMES = {
    "cp1253": ["Γιώργος Παπαδόπουλος", "Ελένη Κωνσταντίνου", "ΜΑΡΙΑ ΠΑΠΑΔΑΚΗ", "Δημήτρης"],
    "cp1251": ["Олена Коваленко", "Тарас Шевченко", "Іван Франко", "Дмитрий Иванов", "ЮЛИЯ"],
    "cp1255": ["דוד כהן", "שרה לוי", "מיכל אברהם"],
    "cp1252": ["Jürgen Müller", "François Pérez", "Zoë Ní Bhriain", "Åsa Öberg"],
}


@pytest.mark.parametrize(("encoding", "name"),
                         [(e, n) for e, names in NAMES.items() for n in names])
def test_a_card_names_its_code_page(encoding, name):
    card = f"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:{name}\r\nORG:Example\r\nEND:VCARD\r\n"
    assert guess_encoding(card.encode(encoding)) == encoding


def test_ascii_alone_is_western():
    assert guess_encoding(b"FN:Ada Lovelace\r\n") == "cp1252"
