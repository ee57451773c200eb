"""Names and web addresses compared the way people read them: one home for each rule.

Referrals, privacy, imports and the site all ask here whether two names are
one person, what slug a name gets, and whether two URLs are one address, so
the answers cannot drift apart.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
import unicodedata

from slugify import slugify

_SPACES = re.compile(r"\s+")
WEB = ("http://", "https://")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
# Where a referral's name ends and the note about them starts:
# "Linus Example, platform team at Acme" -> "Linus Example" + "platform team at Acme".
_NAME_END = re.compile(r"\s*(?:,|;|\(|\s[-\u2013\u2014]\s|:\s)\s*")
_NAME_END_CHARS = re.compile("[,;(:\\-\u2013\u2014]")  # one is in every match of _NAME_END


def squash(text: str) -> str:
    """Runs of white space made one space (the ends are kept)."""
    return _SPACES.sub(" ", text)


def fold(text: str) -> str:
    """Text compared the way people read it: case and runs of spaces do not matter.

    `str.split` breaks at the very characters `\\s` matches, so this is
    `squash(text).strip().casefold()` without a regular expression.
    """
    return " ".join(text.split()).casefold()


class _NotCombining(dict[int, int | None]):
    """A `str.translate` table that drops combining characters, filled as characters
    are met (a table of every code point would be large, and built for nothing), up to
    a few thousand: hostile text of every script cannot make it grow without end."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        if len(self) < 8192:
            self[code] = kept
        return kept


_NOT_COMBINING = _NotCombining()
# The combining accents of Latin script (U+0300 to U+036F, but for the grapheme joiner,
# which is not combining): what decomposing an accented Latin name leaves beside ASCII.
_LATIN_ACCENTS = re.compile("[" + "".join(
    chr(code) for code in range(0x300, 0x370) if unicodedata.combining(chr(code))) + "]")


def _without_combining(decomposed: str) -> str:
    """`decomposed` without its combining characters. Accented Latin names lose their
    accents by one pattern, when the rest is ASCII (which has no combining character);
    anything else goes through the table a character at a time."""
    plain = _LATIN_ACCENTS.sub("", decomposed)
    return plain if plain.isascii() else decomposed.translate(_NOT_COMBINING)


def without_accents(text: str) -> str:
    """`José Núñez` -> `Jose Nunez`: what a person types when the keyboard lacks the accent
    (the compatibility decomposition without its combining characters)."""
    if text.isascii():
        return text
    return _without_combining(unicodedata.normalize("NFKD", text))


def fold_name(name: str) -> str:
    """A name as compared when matching people: case, accents and spacing ignored
    (`fold(without_accents(name))`, in one call: every name of the vault is folded)."""
    if not name.isascii():
        name = _without_combining(unicodedata.normalize("NFKD", name))
    return " ".join(name.split()).casefold()


def split_referral(text: str) -> tuple[str, str]:
    """A referral's name and the note after it: "Ann (Acme)" -> ("Ann", "Acme"); only the
    parenthesis that opened the note is closed, so "Ann, platform team (for later)"
    keeps "(for later)" whole."""
    text = " ".join(text.split())  # squash(text).strip(), as in `fold`
    found = _name_end(text)
    if found is None or not text[:found.start()].strip():
        return text, ""
    name, note = text[:found.start()].strip(), text[found.end():].strip()
    if "(" in found.group():
        note = _without_closing(note)
    return name, note


def referral_name(text: str) -> str:
    """`split_referral(text)[0]` without the note: matching a referral asks only this."""
    text = " ".join(text.split())
    first = _NAME_END_CHARS.search(text)
    if first is None:
        return text
    if first.group() in ",;(":  # these end the name wherever they stand: no pattern needed
        name = text[:first.start()].strip()
    else:
        found = _name_end(text, first)
        name = text[:found.start()].strip() if found is not None else ""
    return name or text


def _name_end(text: str, first: re.Match[str] | None = None) -> re.Match[str] | None:
    """`_NAME_END.search(text)`, started where a match can first start (`first`, the
    first of `_NAME_END_CHARS` in `text`, when the caller has found it already).

    The pattern opens with `\\s*`, so the regular expression engine tries it at every
    character; every match holds one of `_NAME_END_CHARS` after white space only, so
    the first match starts at the first such character or the white space before it.
    """
    first = first or _NAME_END_CHARS.search(text)
    if first is None:
        return None
    start = first.start()
    while start and text[start - 1].isspace():  # `\\s` is `str.isspace`
        start -= 1
    return _NAME_END.search(text, start)


def _without_closing(note: str) -> str:
    """The note after an opening parenthesis, its own closing one taken out."""
    depth = 0
    for index, char in enumerate(note):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return " ".join(part for part in (note[:index].strip(), note[index + 1:].strip())
                            if part)
    return note


_NOT_IN_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 80


# The combining accents that python-slugify's transliteration (text-unidecode) drops.
_DROPPED_ACCENTS = re.compile("[\u0300-\u034e\u0360-\u0362]")
# Latin letters with no decomposition, as text-unidecode spells them.
_LATIN_LETTERS = str.maketrans({
    "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d",
    "Ð": "D", "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "\u0131": "i",
    "ħ": "h", "Ħ": "H"})
_HAS_LATIN_LETTER = re.compile("[" + "".join(chr(code) for code in _LATIN_LETTERS) + "]")


def _latin(name: str) -> str:
    """The name as python-slugify reads it before transliterating (compatibility
    decomposition, its dropped accents removed): ASCII for accented Latin names."""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name)
    if _HAS_LATIN_LETTER.search(decomposed):  # `translate` with a plain dict pays an
        decomposed = decomposed.translate(_LATIN_LETTERS)  # exception per other character
    return _DROPPED_ACCENTS.sub("", decomposed)


def plain_name(name: str) -> bool:
    """Whether `name` is ASCII letters, digits and spaces, short enough to be its slug
    whole. Such a name's slug is its folded form with hyphens for spaces, so an index
    of names that holds every slug spelt out with spaces (`ReferralIndex`) finds by the
    folded name whatever the slug would find."""
    return len(name) <= MAX_SLUG and name.isascii() and name.replace(" ", "").isalnum()


@functools.lru_cache(maxsize=65536)
def slug_for(name: str) -> str:
    """`José Núñez` -> `jose-nunez`; non-Latin scripts are transliterated (python-slugify)."""
    latin = _latin(name)
    if latin.isascii() and "&" not in latin and "," not in latin:
        # python-slugify's result for such text (no entities, no 1,000), 20 times faster,
        # and without loading its transliteration tables; tests/test_names.py compares
        # the two on random text.
        made = _NOT_IN_SLUG.sub("-", latin.lower()).strip("-")
    else:
        # One transliteration everywhere: python-slugify's "auto" would prefer Unidecode
        # where it happens to be installed (other slugs) and looks for it on every call.
        made = slugify(name, lowercase=True, backend="text-unidecode")
    # A file name has room for 255 bytes; a slug is cut at MAX_SLUG, at a hyphen if it can.
    if len(made) > MAX_SLUG:
        cut = made[:MAX_SLUG + 1]
        made = cut[:cut.rfind("-")] if "-" in cut[MAX_SLUG // 2:] else made[:MAX_SLUG]
    return made.strip("-") or "person"


def web_url(url: str | None) -> str | None:
    """The URL when it is a web link (http or https); anything else is never clickable."""
    if url and url.strip().lower().startswith(WEB):
        return url.strip()
    return None


def url_host(url: str) -> str:
    """`https://www.example.org/a` -> `example.org` (empty when there is none): a short label."""
    return _SCHEME.sub("", url.strip()).split("/", 1)[0].removeprefix("www.")


def url_key(url: str) -> str:
    """What makes two web addresses one: the scheme, `www.`, the host's case, a fragment
    and a trailing slash do not count (`HTTPS://www.Example.org/a/#x` = `http://example.org/a`)."""
    rest = _SCHEME.sub("", url.strip())
    host, _, path = rest.partition("/")
    path = path.split("#", 1)[0].rstrip("/")
    return f"{host.lower().removeprefix('www.')}/{path}".casefold()


def did_you_mean(word: str, choices: list[str] | tuple[str, ...], cutoff: float = 0.6) -> str:
    """` (did you mean 'x'?)` for the closest choice, or nothing."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""


# A file name used as it is in page paths and links: letters (any script), digits,
# `_`, `-` and inner dots. Anything else (spaces, brackets, quotes, `<`) could end a
# Markdown link or an HTML attribute, so such a record's page gets `page_name` instead.
_PAGE_NAME = re.compile(r"[^\W_][\w.-]*", re.UNICODE)


def is_page_name(identifier: str) -> bool:
    return bool(_PAGE_NAME.fullmatch(identifier)) and len(identifier) <= 120


# MkDocs makes a folder's `index.md` (or, failing that, its `README.md`) the folder's own
# page: the People, Touches and Companies indexes. A record by that name must not take it.
RESERVED_PAGE_NAMES = frozenset({"index", "readme"})


@functools.lru_cache(maxsize=65536)
def page_name(identifier: str) -> str:
    """The name a record's page takes: the file name itself when it is safe in a link and
    not reserved, else its slug and a short hash of it (`x) <img ...>` ->
    `x-img-src-x-...-1c9f02ab`, `index` -> `index-...`), so two odd names never share a page."""
    if is_page_name(identifier) and identifier.casefold() not in RESERVED_PAGE_NAMES:
        return identifier
    return hashed_name(slug_for(identifier)[:60].strip("-"), identifier)


def hashed_name(slug: str, identifier: str) -> str:
    """`slug` made unique to `identifier` by a short hash of it."""
    digest = hashlib.sha1(identifier.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug}-{digest}"
