"""vCard: `contacts.vcf` and `kith export vcard` (3.0), and reading address-book exports
for `kith import vcard`.

Writing: one card per person, sorted by name: N and FN, ORG, TITLE, EMAIL
(the first marked preferred), TEL, URL, ADR (the `location`, as the
locality), CATEGORIES (the tags), NOTE (how you know them: the `source`,
who introduced you, the first conversation), and a UID naming the slug, so
that a card that comes back is matched to its person. The text is written
directly (`formats/contentline.py`): byte for byte what vobject wrote, which
the tests hold it to, at a tenth of the cost.

Reading is Kithbook's own, because exports in the wild break what a strict
parser (vobject included) accepts: vCard 2.1 bare parameters
(`TEL;CELL;PREF:`), quoted-printable values with soft line breaks and a
CHARSET, base64 photos ended by a blank line, vCard 4.0 `tel:` URIs, files
in UTF-16 or Windows-1252. It reads each card on its own, so one broken card
is reported with its number and line and the others still come in; photos
and properties Kithbook has no key for are skipped.
"""

from __future__ import annotations

import binascii
import codecs
import datetime as dt
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kithbook.dates import parse_birthday
from kithbook.formats.contacts import Contact, ReadResult, is_email
from kithbook.formats.contentline import vcard_lines, vcard_text
from kithbook.formats.legacy import WESTERN, guess_encoding
from kithbook.model import NameParts, Person, Problem, Vault
from kithbook.records import SLUG
from kithbook.settings import Settings
from kithbook.snapshot import Snapshot
from kithbook.timeline import PersonFacts

PRODID = "-//Kithbook//Kithbook contacts//EN"
UID_PREFIX = "urn:kithbook:person:"
# Lowercase words that start a family name: "Ludwig van Beethoven" -> van Beethoven.
PARTICLES = frozenset({"van", "von", "de", "da", "di", "del", "della", "der", "den", "du", "la",
                       "le", "dos", "das", "do", "ter", "ten", "bin", "ibn", "al", "el", "af",
                       "zu", "y"})
# Groups every contact is in: Google's "myContacts", Android's "My Contacts" and its
# starred group (compared without case and spaces).
IGNORED_CATEGORIES = frozenset({"mycontacts", "starredinandroid"})
# Words around a name that are not part of it, for the N of a name without `name_parts`.
PREFIXES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev",
                      "fr", "hon"})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "mba", "dds",
                      "obe", "mbe", "cbe"})
NOTE_SEPARATOR = "\n"  # one part a line: Thunderbird shows an escaped `\;` as it is
_NOT_PEOPLE = {"org": "an organisation", "company": "a company", "group": "a group",
               "location": "a place"}
_BEGIN = "BEGIN:VCARD"
_END = "END:VCARD"


# Writing

def contacts_vcf(vault: Vault, settings: Settings, today: dt.date) -> bytes:
    """The address book of `vault` as of `today` (see `cards_of`)."""
    return cards_of(Snapshot(vault, settings, today))


def cards_of(snapshot: Snapshot) -> bytes:
    """Every person as a vCard 3.0, sorted by name (then slug)."""
    ordered = sorted(snapshot.facts.values(),
                     key=lambda f: (f.person.name.casefold(), f.person.slug))
    return b"".join(card(fact, snapshot.vault) for fact in ordered)


def card(fact: PersonFacts, vault: Vault) -> bytes:
    """One person's card, CRLF line endings, folded at 75 octets."""
    person = fact.person
    return _card(_CardFields(
        person.slug, person.name, _n_of(person), person.company, person.title, person.emails,
        person.phones,
        tuple(link.url for link in person.links), person.location, person.tags,
        how_we_met(fact, vault), str(person.birthday) if person.birthday else None))


@dataclass(frozen=True, slots=True)
class _CardFields:
    """Everything a card shows, as plain values."""

    slug: str
    name: str
    n: NameParts
    company: str | None
    title: str | None
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    urls: tuple[str, ...]
    location: str | None
    tags: tuple[str, ...]
    note: str
    birthday: str | None = None  # `MM-DD` or `YYYY-MM-DD`


# vCard 3.0 has no birthday without a year: Apple's convention, read by most address
# books, writes the year 1604 and says so in a parameter.
NO_YEAR = "1604"


def _card(fields: _CardFields) -> bytes:
    """The card's text, written directly: the lines vobject wrote for these fields (VERSION,
    PRODID and UID first, the rest by name, as vobject sorts them), folded by octets."""
    n = fields.n
    lines = ["BEGIN:VCARD", "VERSION:3.0", "PRODID:" + vcard_text(PRODID),
             "UID:" + vcard_text(UID_PREFIX + fields.slug)]
    if fields.location:
        lines.append("ADR;TYPE=work:;;;" + vcard_text(fields.location) + ";;;")
    if fields.birthday:
        lines.append(_bday(fields.birthday))
    if fields.tags:
        lines.append("CATEGORIES:" + ",".join(vcard_text(tag) for tag in fields.tags))
    lines += [("EMAIL;TYPE=internet,pref:" if index == 0 else "EMAIL;TYPE=internet:")
              + vcard_text(email) for index, email in enumerate(fields.emails)]
    lines.append("FN:" + vcard_text(fields.name))
    lines.append("N:" + ";".join(vcard_text(part) for part in
                                 (n.family, n.given, n.additional, n.prefix, n.suffix)))
    if fields.note:
        lines.append("NOTE:" + vcard_text(fields.note))
    if fields.company:
        lines.append("ORG:" + vcard_text(fields.company))
    lines += ["TEL:" + vcard_text(phone) for phone in fields.phones]
    if fields.title:
        lines.append("TITLE:" + vcard_text(fields.title))
    lines += ["URL:" + vcard_text(address) for url in fields.urls
              if (address := full_url(url)) is not None]
    lines.append("END:VCARD")
    return vcard_lines(lines)


def _bday(birthday: str) -> str:
    """BDAY of `MM-DD` (Apple's year 1604, said in a parameter) or `YYYY-MM-DD`."""
    if len(birthday) == 5:
        return f"BDAY;X-APPLE-OMIT-YEAR={NO_YEAR}:{NO_YEAR}-{vcard_text(birthday)}"
    return "BDAY:" + vcard_text(birthday)


def full_url(url: str) -> str | None:
    """A URL a vCard may carry: `www.example.org/x` gets `https://`; text that is no
    address at all (spaces, no dot in the host) is left out."""
    url = url.strip()
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", url):
        return url
    host = url.split("/", 1)[0]
    if not url or " " in url or "." not in host:
        return None
    return "https://" + url


def _n_of(person: Person) -> NameParts:
    return person.name_parts or guess_parts(person.name)


def guess_parts(name: str) -> NameParts:
    """The N of a name without `name_parts`: titles ("Dr.", "Jr.") set apart, the family
    name the last word with any particles before it ("van Beethoven"); in Chinese,
    Japanese and Korean script the first word ("山田 太郎")."""
    words = name.split()
    prefix: list[str] = []
    suffix: list[str] = []
    while len(words) > 1 and _bare(words[0]) in PREFIXES:
        prefix.append(words.pop(0))
    while len(words) > 1 and _bare(words[-1]) in SUFFIXES:
        suffix.insert(0, words.pop())
    if suffix:
        words[-1] = words[-1].rstrip(",")  # "Ada Lovelace, PhD"
    if len(words) > 1 and _CJK.match(words[0]):
        family, given = words[0], " ".join(words[1:])
    else:
        given, family = split_name(" ".join(words))
    return NameParts(family=family, given=given, prefix=" ".join(prefix),
                     suffix=" ".join(suffix).replace(",", "").strip())


_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _bare(word: str) -> str:
    return word.strip(".,").casefold()


def split_name(name: str) -> tuple[str, str]:
    """(given names, family name): the last word, with any particles before it."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    start = len(words) - 1
    while start > 1 and words[start - 1] in PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


def how_we_met(fact: PersonFacts, vault: Vault) -> str:
    """The card's NOTE: the `source` as written, then who introduced you and the first
    conversation. With only a `source`, the note is exactly that text, so a card exported,
    imported (NOTE becomes `source`) and exported again is the same card."""
    person = fact.person
    parts = [person.found_via] if person.found_via else []
    introducer = vault.people.get(person.introduced_by or "")
    if introducer is not None:
        parts.append(f"Introduced by {introducer.name}")
    first = fact.timeline.first_met
    met = next((t for t in reversed(fact.touches) if t.kind.is_conversation
                and t.date == first), None)
    if met is not None:
        what = met.title or met.kind.value
        parts.append(f"First met {met.date.isoformat()}: {what}")
    return NOTE_SEPARATOR.join(parts)


# Reading

@dataclass(slots=True)
class _Line:
    """A content line after unfolding: its text and the physical line it starts on."""

    text: str
    number: int


@dataclass(slots=True)
class _Property:
    group: str | None
    name: str
    params: dict[str, list[str]]
    value: str
    number: int


@dataclass(slots=True)
class _Card:
    record: int
    number: int
    lines: list[_Line] = field(default_factory=list)
    closed: bool = False


class CardError(ValueError):
    """A card that cannot be read; the message says why, the caller adds where, and
    `reason` is what the summary counts it under."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


NOT_A_PERSON = "a company or a group, not a person"


class NotAPerson(ValueError):
    """A card of a company or a group (Apple's X-ABShowAs:COMPANY, vCard 4.0 KIND)."""


def read_vcards(data: bytes, path: str) -> ReadResult:
    """Every readable card in a .vcf file, and a problem for each thing that is not."""
    result = ReadResult()
    decoded = _decode(data)
    if decoded.note:
        result.problems.append(Problem(path, 0, None, decoded.note, "warning"))
    stray = None
    for item in _cards(_logical_lines(decoded.text)):
        if isinstance(item, _Line):
            stray = stray or item
            continue
        warnings: list[tuple[int, str]] = []
        try:
            result.contacts.append(_contact(item, warnings, decoded.legacy))
        except NotAPerson as err:
            warnings.append((item.number, f"{err}; skipped"))
            result.skipped[NOT_A_PERSON] += 1
        except CardError as err:
            result.problems.append(Problem(path, item.number, None,
                                           f"card {item.record}: {err}; rejected"))
            result.rejected[err.reason] += 1
        result.problems += [Problem(path, line, None, f"card {item.record}: {message}",
                                    "warning") for line, message in warnings]
    if stray is not None:
        result.problems.append(Problem(path, stray.number, None,
                                       "text outside BEGIN:VCARD ... END:VCARD ignored"
                                       f" ({_clip(stray.text)})", "warning"))
    if not result.contacts and not result.rejected and not result.skipped:
        result.problems.append(Problem(path, 0, None, "no vCards found (BEGIN:VCARD)"))
    result.problems.sort(key=lambda problem: problem.line)
    return result


_LINE_BOM = re.compile(rb"(?:^|(?<=\n))\xef\xbb\xbf")


@dataclass(frozen=True, slots=True)
class _Text:
    """The file as text. A file that is not UTF-8 is held as Latin-1 (one character per
    byte) and each value is decoded on its own: by its CHARSET, else as UTF-8 when it is,
    else in the `legacy` character set guessed for the file."""

    text: str
    legacy: str | None = None
    note: str | None = None


def _decode(data: bytes) -> _Text:
    """UTF-8 (byte-order marks dropped wherever a joined file has them) or UTF-16 with a
    BOM; anything else is read value by value (see `_Text`)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _Text(data.decode("utf-16").replace("\n\ufeff", "\n"))
    data = _LINE_BOM.sub(b"", data)
    try:
        return _Text(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        legacy = guess_encoding(data)
        return _Text(data.decode("latin-1"), legacy, (
            f"not UTF-8 (first odd byte on line {line}): values without a CHARSET read as"
            f" {_CHARSET_NAMES.get(legacy, legacy)}"))


_CHARSET_NAMES = {"cp1252": "Windows-1252", "cp1251": "Windows-1251 (Cyrillic)",
                  "cp1253": "Windows-1253 (Greek)", "cp1255": "Windows-1255 (Hebrew)"}


def _logical_lines(text: str) -> Iterator[_Line]:
    """Unfold: a line starting with a space or tab continues the one before; a
    quoted-printable value ending in `=` continues on the next line (vCard 2.1)."""
    current: _Line | None = None
    soft = False
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if current is not None and soft:
            current.text = current.text[:-1] + raw
            soft = raw.endswith("=")
            continue
        if current is not None and raw[:1] in (" ", "\t"):
            current.text += raw[1:]
            continue
        if current is not None:
            yield current
        current = _Line(raw, number) if raw.strip() else None
        soft = current is not None and raw.endswith("=") and _quoted_printable(raw)
    if current is not None:
        yield current


def _quoted_printable(text: str) -> bool:
    head = text.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head


def _cards(lines: Iterator[_Line]) -> Iterator[_Card | _Line]:
    """Cards, in order (an unclosed one included, to be reported); stray lines as they are."""
    card: _Card | None = None
    count = 0
    for line in lines:
        word = line.text.strip().upper()
        if word == _BEGIN:
            if card is not None:
                yield card  # never closed
            count += 1
            card = _Card(count, line.number)
        elif card is None:
            yield line
        elif word == _END:
            card.closed = True
            yield card
            card = None
        else:
            card.lines.append(line)
    if card is not None:
        yield card


def _contact(card: _Card, warnings: list[tuple[int, str]], legacy: str | None) -> Contact:
    """The card's contact; `warnings` gets (line, message) for what was left out."""
    if not card.closed:
        raise CardError(f"no {_END} (the card starting on line {card.number} is cut short)",
                        "cut short, no END:VCARD")
    props: list[_Property] = []
    for line in card.lines:
        try:
            props.append(_property(line, legacy))
        except CardError as err:
            warnings.append((line.number, f"{err}; line ignored"))
    return _build(card, props, warnings)


_NAME = re.compile(r"(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)")
_BARE_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"})


def _property(line: _Line, legacy: str | None = None) -> _Property:
    head, value = _split_head(line.text)
    parts = _split_unquoted(head, ";")
    match = _NAME.fullmatch(parts[0].strip())
    if match is None:
        raise CardError(f"{_clip(parts[0])!r} is not a property name")
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, equals, values = part.partition("=")
        if not equals:  # vCard 2.1: `TEL;CELL;PREF:` and `;QUOTED-PRINTABLE`
            upper = key.strip().upper()
            key, values = ("ENCODING" if upper in _BARE_ENCODINGS else "TYPE"), key
        items = [v.strip().strip('"') for v in _split_unquoted(values, ",")]
        params.setdefault(key.strip().upper(), []).extend(i for i in items if i)
    prop = _Property(match.group(1), match.group(2).upper(), params, value, line.number)
    prop.value = _decoded_value(prop, legacy)
    return prop


def _split_head(text: str) -> tuple[str, str]:
    """`name;params` and the value, split at the first colon outside double quotes."""
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return text[:index], text[index + 1:]
    raise CardError(f"no colon in {_clip(text)!r}")


def _split_unquoted(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _decoded_value(prop: _Property, legacy: str | None) -> str:
    """The value as text: base64 dropped, quoted-printable decoded, and the bytes of a
    file that is not UTF-8 read in the value's CHARSET (or the file's)."""
    encoding = (prop.params.get("ENCODING") or [""])[0].upper()
    if encoding in ("B", "BASE64"):
        return ""  # a photo, a logo, a sound: nothing Kithbook keeps
    charset = next(iter(prop.params.get("CHARSET", [])), None)
    if encoding == "QUOTED-PRINTABLE":
        try:
            raw = quopri.decodestring(prop.value.encode("latin-1" if legacy else "utf-8"))
        except (ValueError, binascii.Error) as err:
            raise CardError(f"{prop.name}: bad quoted-printable text ({err})",
                            "bad quoted-printable text") from None
    elif legacy is not None:
        raw = prop.value.encode("latin-1")
    else:
        return prop.value
    return _text_of(raw, prop.name, charset, legacy or WESTERN)


def _text_of(raw: bytes, name: str, charset: str | None, fallback: str) -> str:
    """Bytes in the CHARSET named, else UTF-8 when they are, else the fallback set."""
    if charset is not None:
        try:
            return raw.decode(charset)
        except LookupError:
            raise CardError(f"{name}: unknown character set {charset!r}",
                            "an unknown character set") from None
        except UnicodeDecodeError:
            pass  # a CHARSET that lies (UTF-8 said, Windows written): as if unsaid
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode(fallback, errors="replace")


def _unescape(text: str) -> str:
    """vCard text escapes: `\\n`, `\\,`, `\\;`, `\\\\` (and `\\:` from some exporters)."""
    if "\\" not in text:
        return text
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _components(text: str, separator: str = ";") -> list[str]:
    """Split a structured value at unescaped separators, then unescape each part."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in text:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current) + ("\\" if escaped else ""))
    return [_unescape(part).strip() for part in parts]


def _build(card: _Card, props: list[_Property], warnings: list[tuple[int, str]]) -> Contact:
    by_name: dict[str, list[_Property]] = {}
    for prop in props:
        by_name.setdefault(prop.name, []).append(prop)

    def first(name: str) -> _Property | None:
        return next(iter(_preferred(by_name.get(name, []))), None)

    name = _name(first("FN"), first("N"))
    parts = _parts(first("N"))
    kind = first("KIND") or first("X-ABSHOWAS")
    what = _NOT_PEOPLE.get(kind.value.strip().lower()) if kind is not None else None
    if what is not None:
        raise NotAPerson(f"{name or 'this card'} is {what}, not a person")
    if not name:
        raise CardError("no name (neither FN nor N)", "no name")
    org = first("ORG")
    title = first("TITLE")
    uid = first("UID")
    slug = None
    if uid is not None and uid.value.strip().startswith(UID_PREFIX):
        candidate = uid.value.strip()[len(UID_PREFIX):]
        slug = candidate if SLUG.fullmatch(candidate) else None
    notes = [_unescape(p.value).replace("\r\n", "\n").replace("\r", "\n").strip()
             for p in by_name.get("NOTE", [])]
    return Contact(
        record=card.record, line=card.number, name=name,
        emails=_emails(by_name.get("EMAIL", []), warnings),
        phones=_unique(_phone(p.value) for p in _preferred(by_name.get("TEL", []))),
        company=_component(org, 0),
        title=(_unescape(title.value).strip() or None) if title else None,
        location=_location(first("ADR")),
        urls=_unique(_unescape(p.value).strip() for p in _preferred(by_name.get("URL", []))),
        tags=_tags(by_name.get("CATEGORIES", [])),
        note="\n".join(n for n in notes if n) or None,
        slug=slug,
        birthday=_birthday(first("BDAY"), warnings),
        name_parts=parts if parts is not None and parts != guess_parts(name) else None,
    )


_BDAY = re.compile(r"(\d{4}|--)-?(\d{2})-?(\d{2})(?:T.*)?")


def _birthday(prop: _Property | None, warnings: list[tuple[int, str]]) -> str | None:
    """BDAY as `YYYY-MM-DD`, or `MM-DD` when the year is left out (vCard 4's `--MMDD`,
    Apple's X-APPLE-OMIT-YEAR); one that cannot be read is a warning and left out."""
    if prop is None:
        return None
    value = _unescape(prop.value).strip()
    match = _BDAY.fullmatch(value)
    omit = next(iter(prop.params.get("X-APPLE-OMIT-YEAR", [])), "")
    if match is None:
        warnings.append((prop.number, f"BDAY {value!r} is not a date; left out"))
        return None
    year, month, day = match.groups()
    text = f"{month}-{day}" if year == "--" or year == omit else f"{year}-{month}-{day}"
    try:
        parse_birthday(text)
    except ValueError as err:
        warnings.append((prop.number, f"BDAY: {err}; left out"))
        return None
    return text


def _preferred(props: list[_Property]) -> list[_Property]:
    """Preferred first (TYPE=pref in 2.1/3.0, PREF=1 in 4.0), otherwise in file order."""
    def rank(prop: _Property) -> int:
        types = {t.lower() for t in prop.params.get("TYPE", [])}
        pref = prop.params.get("PREF", [])
        return 0 if "pref" in types or (pref and pref[0].strip() == "1") else 1
    return sorted(props, key=rank)


def _name(fn: _Property | None, n: _Property | None) -> str:
    if fn is not None and _unescape(fn.value).strip():
        return " ".join(_unescape(fn.value).split())
    if n is not None:
        family, given, additional, *_ = [*_components(n.value), "", "", ""]
        name = " ".join(part for part in (given, additional, family) if part)
        if name:
            return " ".join(name.split())
    return ""


def _parts(n: _Property | None) -> NameParts | None:
    """The structured name of `N`, when it has one (kept when a name cannot tell it)."""
    if n is None:
        return None
    values = [" ".join(v.split()) for v in [*_components(n.value), "", "", "", "", ""][:5]]
    parts = NameParts(*values)
    return parts if any(values) else None


def _component(prop: _Property | None, index: int) -> str | None:
    if prop is None:
        return None
    parts = _components(prop.value)
    return (parts[index] if index < len(parts) else "") or None


def _location(adr: _Property | None) -> str | None:
    """The locality, region and country of the (preferred) address."""
    if adr is None:
        return None
    parts = [*_components(adr.value), "", "", "", "", "", "", ""]
    place = [parts[3], parts[4], parts[6]]
    return ", ".join(p for p in place if p) or None


def _emails(props: list[_Property], warnings: list[tuple[int, str]]) -> tuple[str, ...]:
    found = []
    for prop in _preferred(props):
        address = _unescape(prop.value).strip().removeprefix("mailto:")
        if not address:
            continue
        if is_email(address):
            found.append(address)
        else:
            warnings.append((prop.number, f"{address!r} is not an email address; left out"))
    return _unique(found)


def _phone(value: str) -> str:
    """The number; a `tel:` URI (vCard 4.0) loses its scheme and parameters but keeps an
    extension: `tel:+1-555-0100;ext=42` -> `+1-555-0100 ext. 42`."""
    text = _unescape(value).strip()
    if not text.lower().startswith("tel:"):
        return text
    number, *params = text[4:].split(";")
    extension = next((p.split("=", 1)[1] for p in params if p.lower().startswith("ext=")), "")
    return f"{number} ext. {extension}" if extension else number


def _tags(props: list[_Property]) -> tuple[str, ...]:
    tags = (tag for prop in props for tag in _components(prop.value, ","))
    return _unique(t for t in tags
                   if t and "".join(t.casefold().split()) not in IGNORED_CATEGORIES)


def _unique(items: Iterator[str] | list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        if item:
            seen.setdefault(item.casefold(), item)
    return tuple(seen.values())


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "\u2026"

