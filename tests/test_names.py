"""names.py: the quick slug for plain ASCII and accented Latin names agrees with python-slugify's."""

from __future__ import annotations

import random
import string

from slugify import slugify

from kithbook.names import fold_name, slug_for, without_accents

ASCII_NAME_CHARS = string.ascii_letters + string.digits + " '-._()/\"!?@#$%*+=:;<>[]{}~`\t"


def test_the_quick_ascii_slug_is_python_slugify_s_slug():
    chance = random.Random(20261204)
    names = ["Ada Lovelace", "O'Brien", "  -Jean--Luc  ", "A. B. C.", "'''", "", "R2-D2 (droid)",
             *("".join(chance.choices(ASCII_NAME_CHARS, k=chance.randint(0, 24)))
               for _ in range(3000))]
    for name in names:
        expected = slugify(name, lowercase=True, backend="text-unidecode") or "person"
        assert slug_for(name) == expected, name


LATIN_LETTERS = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćčďđēėęěğīįıľłńňőœřśşšťūůűųźżžǎǐǒǔ" \
    "ÀÉÎÕÜÇŁŠŽȘȚ" + "ßøØłŁđĐðÐþÞæÆœŒ\u0131ħĦ" + "ﬁﬂ²³ＡＢｃ" + "\u0301\u0308\u0327\u034f\u0363"


def test_the_quick_slug_of_accented_latin_names_is_python_slugify_s_slug():
    """Accented names take the quick path too (after the decomposition python-slugify
    makes); compatibility forms, and accents its tables do not drop, must agree as well."""
    chance = random.Random(20261205)
    characters = ASCII_NAME_CHARS + LATIN_LETTERS * 3
    names = ["José Núñez", "Zoë Ødegaard", "Łukasz Żółć", "João Strauß", "Øystein Sigurðardóttir", "Ṅ̈ame", "ﬁnn", *(
        "".join(chance.choices(characters, k=chance.randint(1, 24))) for _ in range(3000))]
    for name in names:
        expected = slugify(name, lowercase=True, backend="text-unidecode") or "person"
        assert slug_for(name) == expected, name


def test_text_with_entities_numbers_or_accents_still_goes_to_python_slugify():
    assert slug_for("Ben &amp; Jerry") == "ben-jerry"
    assert slug_for("Team 1,000") == "team-1000"
    assert slug_for("José Núñez") == "jose-nunez"
    assert slug_for("周杰伦") == "zhou-jie-lun"


def test_folding_skips_the_accent_work_for_ascii_and_still_folds_accents():
    assert without_accents("Maya Okafor") == "Maya Okafor"
    assert fold_name("  José   NÚÑEZ ") == fold_name("jose nunez") == "jose nunez"
