"""Reading mail as mail clients store it: mbox files, Maildir folders and `.eml` files.

Thunderbird and Gmail Takeout write mbox (messages after `From ` lines);
mutt, offlineimap and mbsync write Maildir (`cur/`, `new/`, one file per
message, Maildir++ subfolders like `.Sent/`); Apple Mail and Outlook save
`.eml`. Only the standard library reads them. Headers are all an import
needs, so by default only they are parsed (which is why 10,000 messages read
faster than `mailbox` parses them); the body is decoded only when asked for,
then without quoted text and signatures. Encoded headers (RFC 2047), raw
8-bit headers, quoted-printable and base64 bodies, legacy charsets,
multipart and HTML-only messages are all read.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from email.header import decode_header
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.M)
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
# Where a reply's quotation starts: "On Tue, 3 Nov 2026, Maya wrote:", its French and
# German forms, Outlook's separator and its "From: ... Sent: ..." block.
_QUOTE_START = re.compile(
    r"^(?:On\b.{0,200}\bwrote:|Le\b.{0,200}\ba écrit\s?:|Am\b.{0,200}\bschrieb.{0,60}:"
    r"|-{2,}\s*Original Message\s*-{2,}|_{10,}|From:\s.+)\s*$", re.I)
_SIGNATURE = re.compile(r"^(?:-- ?|Sent from my \w+.*|Get Outlook for \w+.*)$")
_AUTOMATED = re.compile(r"(?:^|[._+-])(?:no-?reply|do-?not-?reply|mailer-daemon|postmaster"
                        r"|bounces?|notifications?|notify)(?:[._+-]|$)", re.I)


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    email: str  # as written; compare with `key`

    @property
    def key(self) -> str:
        return self.email.casefold()

    @property
    def automated(self) -> bool:
        """`noreply@`, `messages-noreply@`, `mailer-daemon@`: nobody to write back to."""
        return _AUTOMATED.search(self.email.rpartition("@")[0]) is not None


@dataclass(frozen=True, slots=True)
class MailMessage:
    """The parts of one message that an import uses."""

    where: str  # the file, with the message's number in an mbox ("Sent.mbox#12")
    message_id: str  # as written, or made from the headers when the message has none
    date: dt.datetime | None  # with the offset the Date header gave
    sender: Address | None
    recipients: tuple[Address, ...]  # To and Cc
    subject: str
    thread: tuple[str, ...]  # In-Reply-To and References: the messages this one answers
    bulk: bool  # a mailing list or an automated message
    body: str | None = None  # only when asked for


@dataclass(frozen=True, slots=True)
class Unreadable:
    where: str
    reason: str


Read = MailMessage | Unreadable


def read_mail(path: Path, *, with_body: bool = False) -> Iterator[tuple[Read, int]]:
    """Every message at `path` (an mbox file, an `.eml` file, a Maildir, or a folder holding
    any of them) with the bytes it took, for a progress bar."""
    if path.is_dir():
        for file in _mail_files(path):
            yield from read_mail(file, with_body=with_body)
        return
    data = path.read_bytes()
    if data.startswith(b"From "):
        yield from _mbox(data, str(path), with_body)
    else:
        yield read_message(data, str(path), with_body=with_body), len(data)


def mail_size(path: Path) -> int:
    """The bytes `read_mail` will read at `path`."""
    if path.is_dir():
        return sum(file.stat().st_size for file in _mail_files(path))
    return path.stat().st_size


def _mail_files(folder: Path) -> list[Path]:
    """Message and mbox files below `folder`: Maildir `cur/` and `new/` files (never
    `tmp/`, which holds messages still being delivered), `.eml`, `.mbox`, and files
    without a suffix that start like an mbox. Hidden folders are Maildir++ folders
    (`.Sent/`) and are read; hidden files (`.mbsyncstate`, `.DS_Store`) are not."""
    found = []
    for file in sorted(folder.rglob("*")):
        if file.name.startswith(".") or "tmp" in file.relative_to(folder).parts[:-1] \
                or not file.is_file():
            continue
        maildir = file.parent.name in ("cur", "new")
        if maildir or file.suffix.lower() in (".eml", ".mbox") or (
                not file.suffix and _starts_like_mbox(file)):
            found.append(file)
    return found


def _starts_like_mbox(file: Path) -> bool:
    with file.open("rb") as handle:
        return handle.read(5) == b"From "


def _mbox(data: bytes, where: str, with_body: bool) -> Iterator[tuple[Read, int]]:
    starts = _from_lines(data)
    for number, (start, end) in enumerate(zip(starts, [*starts[1:], len(data)], strict=True),
                                          start=1):
        message = data[data.index(b"\n", start) + 1:end]
        if with_body:  # mbox writers escape a body line starting "From " as ">From "
            message = _ESCAPED_FROM.sub(rb"\1", message)
        yield read_message(message, f"{where}#{number}", with_body=with_body), end - start


def _from_lines(data: bytes) -> list[int]:
    """Where each `From ` line starts (`bytes.find`: many times faster than a pattern)."""
    found = [0] if data.startswith(b"From ") else []
    at = data.find(b"\nFrom ")
    while at >= 0:
        found.append(at + 1)
        at = data.find(b"\nFrom ", at + 1)
    return found


def _head_length(data: bytes) -> int:
    """Where the headers end: at the first blank line (LF or CRLF), else the end."""
    ends = [at for at in (data.find(b"\n\n"), data.find(b"\n\r\n")) if at >= 0]
    if not ends:
        return len(data)
    first = min(ends)
    return first - 1 if data[first - 1:first] == b"\r" else first


def read_message(data: bytes, where: str, *, with_body: bool = False) -> Read:
    """One message's headers (and body, if asked for)."""
    raw = header_fields(data[:_head_length(data)])
    if raw is None:
        return Unreadable(where, "no mail headers")

    def first(name: str) -> str:
        return raw.get(name, [""])[0]

    senders = _addresses(raw.get("from", []))
    recipients = _addresses(raw.get("to", []) + raw.get("cc", []))
    subject = " ".join(header_text(first("subject")).split())
    message_id = _first_id(first("message-id")) or _made_id(first)
    thread = tuple(dict.fromkeys(_MESSAGE_ID.findall(
        first("in-reply-to") + " " + " ".join(raw.get("references", [])))))
    bulk = bool(first("list-id") or first("list-unsubscribe")) or \
        first("precedence").strip().lower() in ("bulk", "list", "junk") or \
        (first("auto-submitted").strip().lower() or "no") != "no"
    body = message_body(data) if with_body else None
    return MailMessage(where, message_id, _date(first("date")), senders[0] if senders else None,
                       tuple(recipients), subject, thread, bulk, body)


_WANTED = frozenset({"from", "to", "cc", "subject", "date", "message-id", "in-reply-to",
                     "references", "list-id", "list-unsubscribe", "precedence",
                     "auto-submitted"})


def header_fields(head: bytes) -> dict[str, list[str]] | None:
    """The headers an import reads, unfolded, by lower-case name; None when the text has
    no header lines at all. Bytes that are not ASCII stay as surrogates (`header_text`
    decodes them). Reading only these, line by line, is what keeps the import within
    reach of `mailbox`, which parses every header of every message into objects."""
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    headers = 0
    for line in head.decode("ascii", "surrogateescape").splitlines():
        if line[:1] in (" ", "\t"):
            if current is not None:
                current[-1] += line
            continue
        name, colon, value = line.partition(":")
        if not colon or not name or " " in name.strip():
            current = None
            continue
        headers += 1
        name = name.strip().lower()
        if name in _WANTED:
            current = fields.setdefault(name, [])
            current.append(value.strip())
        else:
            current = None
    return fields if headers else None


def _raw(value: object) -> str:
    return str(value) if value is not None else ""


def _first_id(value: str) -> str | None:
    found = _MESSAGE_ID.search(value)
    return found.group(0) if found else None


def _made_id(first: Callable[[str], str]) -> str:
    """A stable key for a message without a Message-ID, so re-importing still finds it."""
    seed = "\n".join(first(name) for name in ("date", "from", "to", "subject"))
    return f"<{hashlib.sha1(seed.encode('utf-8', 'surrogateescape')).hexdigest()[:20]}@kithbook>"


def _date(value: object) -> dt.datetime | None:
    text = _raw(value).strip()
    if not text:
        return None
    try:
        found = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return found if found.tzinfo else found.replace(tzinfo=dt.UTC)


def header_text(value: object) -> str:
    """A header as text: RFC 2047 words decoded, raw 8-bit bytes read as UTF-8 (else
    Windows-1252, what old clients sent undeclared)."""
    raw = _raw(value)
    if not raw:
        return ""
    if not raw.isascii():  # undeclared 8-bit bytes, kept as surrogates
        return _eight_bit(raw.encode("ascii", "surrogateescape"))
    if "=?" not in raw:
        return raw
    parts = []
    try:
        for chunk, charset in decode_header(raw):
            if isinstance(chunk, bytes):
                parts.append(decoded(chunk, charset))
            else:
                parts.append(chunk)
    except Exception:  # a broken encoded word: keep the header as written
        return raw
    return "".join(parts)


def decoded(data: bytes, charset: str | None) -> str:
    """Bytes in `charset`; an unknown or wrong charset falls back to UTF-8, then
    Windows-1252 (a superset of Latin-1 that every byte decodes in)."""
    if charset and charset.lower() not in ("unknown-8bit", "x-unknown"):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return _eight_bit(data)


def _eight_bit(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_ONE_ADDRESS = re.compile(r'\s*(?:([^"<>,;:@\\()]*?)\s*<([^<>\s"@,;:]+@[^<>\s",;:]+)>'
                          r'|([^<>\s"@,;:()]+@[^<>\s",;:()]+))\s*')


def _addresses(values: Sequence[str]) -> list[Address]:
    """The addresses of From, To or Cc lines: the usual `Name <a@b>` and `a@b` forms read
    by a pattern, anything else (quotes, comments, groups) by `email.utils`."""
    found = []
    for value in values:
        simple = [_ONE_ADDRESS.fullmatch(part) for part in value.split(",")]
        if all(simple):
            for match in simple:
                assert match is not None
                name, address = match.group(1) or "", match.group(2) or match.group(3)
                found.append(Address(" ".join(header_text(name).split()), address))
        else:
            found += _parsed_addresses(value)
    return found


def _parsed_addresses(value: str) -> list[Address]:
    found = []
    for name, address in getaddresses([value]):
        address = header_text(address).strip()
        if "@" in address:
            found.append(Address(" ".join(header_text(name).split()).strip("'\" "), address))
    return found


# Bodies ----------------------------------------------------------------------------------


def message_body(data: bytes) -> str:
    """The text a person wrote: the plain part (or the HTML part as text), without the
    quoted message it answers and without the signature."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = _part_text(part)
    if part.get_content_subtype() == "html":
        text = html_text(text)
    return own_words(text)


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return decoded(payload, part.get_content_charset())


def own_words(text: str) -> str:
    """`text` up to the quotation or signature, with `>` lines and trailing blanks gone."""
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if _SIGNATURE.match(line.rstrip()) or (_QUOTE_START.match(stripped) and kept):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


class _Text(HTMLParser):
    """HTML made plain text: paragraphs and line breaks kept, scripts, styles and the
    quoted part of a reply (`blockquote`, Gmail's `gmail_quote`) dropped."""

    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                        "table"})
    SKIPPED = frozenset({"script", "style", "head", "title", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag in self.SKIPPED or "gmail_quote" in classes or "moz-cite-prefix" in classes:
            self.skipping.append(tag)
        elif not self.skipping and tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
        elif not self.skipping and tag in self.BLOCKS - {"br"}:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(" ".join(data.split("\n")))


def html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return html.unescape(text).strip()
