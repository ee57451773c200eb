"""Content lines of vCard 3.0 and iCalendar, written directly: text escaping and folding.

`contacts.vcf` and the events of `calendar.ics` are written line by line here
rather than through vobject and icalendar, whose per-character folding and
type inference were most of the two files' cost. The rules are the
libraries' own, byte for byte, and `tests/test_contentline.py` holds the
writers to them on generated values: vobject's vCard escaping, icalendar's
TEXT escaping and folding. Lines are folded by octets (75 at most, RFC 6350
and RFC 5545), never inside a UTF-8 sequence.
"""

from __future__ import annotations

from collections.abc import Iterable

VCARD_OCTETS = 75  # a vCard line: 75 octets; a continuation, its space and 74
ICAL_OCTETS = 74  # icalendar folds every piece at 74 octets (75 with a continuation's space)
_FOLD = b"\r\n "
_CONTINUATION = 0b1100_0000  # the top bits of a UTF-8 byte that continues a character
_ESCAPES = b"\\^"  # icalendar never ends a piece with these: an escape stays whole


def vcard_text(value: str) -> str:
    """A vCard 3.0 TEXT value, escaped as vobject does: backslash, semicolon and comma
    get a backslash, any line break (CRLF, LF, CR) is `\\n`."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def ical_text(value: str) -> str:
    """An iCalendar TEXT value, escaped as icalendar does: as in a vCard, once a written
    `\\N` has been read as the line break it stands for."""
    return vcard_text(value.replace("\\N", "\n"))


def vcard_lines(lines: Iterable[str]) -> bytes:
    """Content lines as a vCard has them: UTF-8, folded at 75 octets, each ended by CRLF."""
    return b"".join(folded(line, VCARD_OCTETS, VCARD_OCTETS - 1) + b"\r\n" for line in lines)


def ical_lines(lines: Iterable[str]) -> bytes:
    """Content lines as icalendar writes them: UTF-8, folded into pieces of 74 octets, a
    backslash or caret never last in a piece, each line ended by CRLF."""
    return b"".join(folded(line, ICAL_OCTETS, ICAL_OCTETS, keep=_ESCAPES) + b"\r\n"
                    for line in lines)


def folded(line: str, first: int, rest: int, *, keep: bytes = b"") -> bytes:
    """`line` in UTF-8, cut into pieces of at most `first` octets, then `rest`, joined by
    CRLF and a space; a cut is moved back to a character's first byte, and one byte
    further when the piece would end with a byte of `keep`."""
    data = line.encode("utf-8")
    if len(data) <= first:
        return data
    pieces: list[bytes] = []
    start, limit = 0, first
    while len(data) - start > limit:
        end = start + limit
        while data[end] & _CONTINUATION == 0b1000_0000:
            end -= 1
        if data[end - 1] in keep:
            end -= 1
        pieces.append(data[start:end])
        start, limit = end, rest
    pieces.append(data[start:])
    return _FOLD.join(pieces)
