"""names.py: the quick paths agree with their plain definitions (slugs with python-slugify's, folding with a pattern and a filter)."""

from __future__ import annotations

import random
import re
import string
import sys
import unicodedata

from slugify import slugify

from kithbook.names import fold, fold_name, slug_for, without_accents

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


def _plain_without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


WHITE_SPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())


def test_folding_is_its_plain_definition_on_random_text():
    """`fold` splits where `\\s` matches, and `without_accents` drops combining characters
    through a translation table: the same as a pattern and a filter, character for character."""
    assert all(re.fullmatch(r"\s", space) for space in WHITE_SPACE)  # the same white space
    chance = random.Random(20261206)
    characters = ASCII_NAME_CHARS + LATIN_LETTERS + WHITE_SPACE + "ǄﬁΆΐ한글漢字\u0301\u20dd"
    for text in ("", " ", "José\u00a0 Núñez ", *(
            "".join(chance.choices(characters, k=chance.randint(0, 20))) for _ in range(5000))):
        assert fold(text) == re.sub(r"\s+", " ", text).strip().casefold(), text
        assert without_accents(text) == _plain_without_accents(text), text
        assert fold_name(text) == fold(_plain_without_accents(text)), text


def test_without_accents_agrees_on_every_code_point():
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for start in range(0, len(every), 4096):  # past the table's size: computed, not kept
        assert without_accents(every[start:start + 4096]) == \
            _plain_without_accents(every[start:start + 4096])


def test_a_referral_s_name_ends_where_the_plain_pattern_finds():
    """`_name_end` starts the pattern at the first character that can end a name (or the
    white space before it); it finds the very match a search from the start finds."""
    from kithbook.names import _NAME_END, _name_end

    chance = random.Random(20261206)
    characters = "ab ,;(:)-\u2013\u2014\t\u00a0\u2003\nxé"
    texts = ["Ann (Acme)", "Hyun-woo Kim, Acme", "A - B", "A  \u2014  B", "x:y", ": y", *(
        "".join(chance.choices(characters, k=chance.randint(0, 16))) for _ in range(20000))]
    for text in texts:
        plain, quick = _NAME_END.search(text), _name_end(text)
        assert (plain and plain.span()) == (quick and quick.span()), text


def test_a_referral_s_name_alone_is_the_name_split_referral_gives():
    """Matching a referral asks `referral_name`, which leaves the note alone."""
    from kithbook.names import referral_name, split_referral

    chance = random.Random(20261207)
    characters = "ab ,;(:)-\u2013\u2014\t\u00a0\nxé"
    texts = ["Ann (Acme)", "Hyun-woo Kim, Acme", " , note", "(x)", "", "  ", *(
        "".join(chance.choices(characters, k=chance.randint(0, 16))) for _ in range(20000))]
    for text in texts:
        assert referral_name(text) == split_referral(text)[0], repr(text)


def _match_by_slug_as_well(index, text: str) -> str | None:
    """`ReferralIndex._match_name` as it read before plain names skipped the slug: the
    folded name, then the slug the name makes, then the name with spaces for hyphens."""
    from kithbook.names import referral_name

    name = referral_name(text)
    found = index.names.get(fold_name(name))
    if found is None and (slug := slug_for(name)) in index.slugs:
        return slug
    if found is None and "-" in name:
        found = index.names.get(fold_name(name.replace("-", " ")))
    return found


def test_a_plain_name_is_matched_without_its_slug_and_finds_the_same_person():
    """A name of ASCII letters, digits and spaces is not slugged when no name matches:
    its slug, spelt out, is a name the index holds. Random people (slugs of their own,
    other people's slugs, hyphens, digits, accents, long names) and random referrals
    agree with the lookup that tries the slug too."""
    from kithbook.names import MAX_SLUG, plain_name
    from kithbook.referrals import ReferralIndex
    from tests.conftest import person

    chance = random.Random(20261205)
    words = ["ann", "Lee", "O'Neil", "jo-ann", "Zoë", "r2", "X", "ann lee", "a" * 30]

    def name() -> str:
        return " ".join(chance.choices(words, k=chance.randint(1, 4)))

    assert plain_name("Ann Lee 2") and not plain_name("Jo-Ann") and not plain_name("Zoë")
    assert not plain_name("a" * (MAX_SLUG + 1)) and not plain_name("")
    for _ in range(300):
        people = []
        for number in range(chance.randint(1, 6)):
            full = name()
            slug = chance.choice([slug_for(full), slug_for(name()), f"p{number}",
                                  slug_for(full) + "-2", "--".join(full.lower().split())])
            people.append(person(slug, name=full, aka=chance.choice([(), (name(),)])))
        index = ReferralIndex(people)
        for text in [name(), f"{name()}, note", *(p.slug for p in people),
                     *(p.slug.replace("-", " ") for p in people)]:
            assert index._match_name(text) == _match_by_slug_as_well(index, text), text
    long = "Ann Lee " * 12  # slugged, it is cut at MAX_SLUG: no longer the name spelt out
    index = ReferralIndex([person(slug_for(long), name="Someone Else")])
    assert index._match_name(long) == slug_for(long) == _match_by_slug_as_well(index, long)
