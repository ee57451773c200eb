"""Importing contacts (from vCards or the LinkedIn export) into people files.

The readers turn a file into `Contact`s and `Problem`s; an `Importer` decides,
one contact at a time, what to do with each: create a person file, add to an
existing one (with `update`), or skip it and say why. Matching: a Kithbook
UID (cards this project exported), then an email address, then the full
name (case and accents ignored). Nothing is written here until `write` is
called, so a dry run shows exactly what a real run would do.

New files are created exclusively; updates change only the keys they touch
(`edit.set_key`), keeping comments, key order and the body.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kithbook.compose import first_free, touch_file, touch_stem
from kithbook.edit import (
    EditError,
    create_exclusive,
    grow_key,
    read_text,
    set_key,
    write_atomic,
    yaml_line,
)
from kithbook.frontmatter import FrontMatterError, decode, split
from kithbook.lookup import RESERVED
from kithbook.model import Kind, NameParts, Problem, Vault
from kithbook.names import fold_name, slug_for, url_host, url_key
from kithbook.records import SLUG
from kithbook.settings import Settings
from kithbook.wording import counted

CONNECTED_TITLE = "Connected on LinkedIn"
PERSON_BODY = "\n## Research\n\n## Questions\n"  # as `kith add` writes it
_EMAIL = re.compile(r"[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]+")
_SCALARS = (("title", "title"), ("company", "company"), ("location", "location"),
            ("source", "note"), ("birthday", "birthday"))


@dataclass(frozen=True, slots=True)
class Contact:
    """One card or row, read and cleaned: what a person file can take from it."""

    record: int  # its number in the file, from 1
    line: int  # the line it starts on
    name: str
    unit: str = "card"  # "card" or "row", for messages
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company: str | None = None
    title: str | None = None
    location: str | None = None
    urls: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    note: str | None = None  # becomes `source`: how you know them
    slug: str | None = None  # the person a Kithbook export made this card from
    connected_on: dt.date | None = None  # LinkedIn: becomes a `note` touch
    birthday: str | None = None  # `MM-DD` or `YYYY-MM-DD` (vCard BDAY)
    name_parts: NameParts | None = None  # vCard N, when the name alone cannot tell it
    profile: str | None = None  # a URL that is this person (a LinkedIn profile): matched

    @property
    def where(self) -> str:
        return f"{self.unit} {self.record} (line {self.line})"


@dataclass(slots=True)
class ReadResult:
    """What a reader got from one file: the contacts, the problems, and the records it
    left out, counted by why: `skipped` on purpose (a company's card, a hidden LinkedIn
    member), `rejected` because they could not be read (the problems say where)."""

    contacts: list[Contact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)

    @property
    def records(self) -> int:
        return len(self.contacts) + self.skipped.total() + self.rejected.total()


def is_email(text: str) -> bool:
    return _EMAIL.fullmatch(text) is not None


@dataclass(frozen=True, slots=True)
class Write:
    """One file to write: created exclusively (`create`), or replaced atomically."""

    path: Path
    text: str
    create: bool


Status = Literal["created", "updated", "skipped"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happens to one contact, and why."""

    contact: Contact
    status: Status
    detail: str  # for the listing: what is created or changed, or why it is skipped
    reason: str | None = None  # the skip's category, counted in the summary
    writes: tuple[Write, ...] = ()


REASON_PENDING = "already in the vault; --update adds what the file lacks"
REASON_SAME = "already in the vault, nothing new"
REASON_DUPLICATE = "a duplicate of an earlier record in this import"
REASON_AMBIGUOUS = "the name matches several people"
REASON_UNEDITABLE = "the person's file cannot be edited safely"


class Importer:
    """Plans each contact against the vault and what this import has planned so far."""

    def __init__(self, vault: Vault, root: Path, settings: Settings, *, update: bool,
                 source: str | None = None, roles_on: dt.date | None = None) -> None:
        self.root = root
        self.update = update
        # LinkedIn: a new position or company is news, recorded on this day (see _new_role).
        self.roles_on = roles_on
        self.source = source  # `source` for new people without a note (e.g. "LinkedIn")
        self.people_dir = root / settings.people_dir
        self.meetings_dir = root / settings.meetings_dir
        self.names = {slug: p.name for slug, p in vault.people.items()}
        self.paths = {slug: root / p.source.path for slug, p in vault.people.items()}
        self.by_email: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        self.by_url: dict[str, str] = {}
        for slug, person in vault.people.items():
            self._index(slug, person.name, person.emails, [link.url for link in person.links])
        self.created: dict[str, Contact] = {}  # slug -> the record that created it
        self.texts: dict[Path, str] = {}  # files planned in this import: their text now
        self.touch_stems: set[str] = set()
        self.connected = {(slug, t.date) for t in vault.touches if t.kind is Kind.NOTE
                          and t.title == CONNECTED_TITLE for slug in t.with_}

    def _index(self, slug: str, name: str, emails: Iterable[str],
               urls: Iterable[str] = ()) -> None:
        for email in emails:
            self.by_email.setdefault(email.casefold(), slug)
        for url in urls:
            self.by_url.setdefault(url_key(url), slug)
        slugs = self.by_name.setdefault(fold_name(name), [])
        if slug not in slugs:
            slugs.append(slug)

    def plan(self, contact: Contact) -> Outcome:
        slug, ambiguous = self._match(contact)
        if ambiguous:
            names = ", ".join(ambiguous)
            return Outcome(contact, "skipped", f"{REASON_AMBIGUOUS} ({names}): add it by hand"
                           " or give the card an email address", REASON_AMBIGUOUS)
        if slug is None:
            return self._create(contact)
        return self._update(contact, slug)

    def _match(self, contact: Contact) -> tuple[str | None, list[str]]:
        name = fold_name(contact.name)
        emails = {e.casefold() for e in contact.emails}
        hinted = contact.slug
        if hinted and hinted in self.names and (
                fold_name(self.names[hinted]) == name or
                any(self.by_email.get(e) == hinted for e in emails)):
            return hinted, []
        for email in contact.emails:
            if (slug := self.by_email.get(email.casefold())) is not None:
                return slug, []
        if contact.profile and (slug := self.by_url.get(url_key(contact.profile))):
            return slug, []  # the same LinkedIn member, whatever their display name now
        found = self.by_name.get(name, [])
        if len(found) > 1:
            return None, found
        return (found[0] if found else None), []

    # A new person

    def _create(self, contact: Contact) -> Outcome:
        slug = self._new_slug(contact)
        path = self.people_dir / f"{slug}.md"
        text = person_text(contact.name, _fields(contact, self.source))
        writes = [Write(path, text, create=True)]
        self.names[slug] = contact.name
        self.paths[slug] = path
        self.created[slug] = contact
        self.texts[path] = text
        self._index(slug, contact.name, contact.emails, contact.urls)
        touch = self._connected_touch(slug, contact)
        if touch is not None:
            writes.append(touch)
        return Outcome(contact, "created", f"{self._relative(path)} ({contact.name})",
                       writes=tuple(writes))

    def _new_slug(self, contact: Contact) -> str:
        hinted = contact.slug
        if hinted and SLUG.fullmatch(hinted) and not self._taken(hinted):
            return hinted
        return first_free(slug_for(contact.name), self._taken)

    def _taken(self, slug: str) -> bool:
        return (slug in self.names or slug in RESERVED
                or (self.people_dir / f"{slug}.md").exists())

    def _connected_touch(self, slug: str, contact: Contact) -> Write | None:
        """A `note` touch for the day a LinkedIn connection was made (once per person and day)."""
        day = contact.connected_on
        if day is None or (slug, day) in self.connected:
            return None
        self.connected.add((slug, day))
        candidate = self._note_stem(day, slug)
        text = touch_file(day, None, [slug], Kind.NOTE, {"title": CONNECTED_TITLE}, None)
        return Write(self.meetings_dir / f"{candidate}.md", text, create=True)

    def _note_stem(self, day: dt.date, slug: str) -> str:
        """The file name of a new note about `slug` on `day`, numbered when taken."""
        candidate = first_free(touch_stem(day, [slug], Kind.NOTE), lambda name: name in
                               self.touch_stems or (self.meetings_dir / f"{name}.md").exists())
        self.touch_stems.add(candidate)
        return candidate

    # An existing person, or one created earlier in this import

    def _update(self, contact: Contact, slug: str) -> Outcome:
        path = self.paths[slug]
        first = self.created.get(slug)
        try:
            raw = self.texts.get(path)
            raw = read_text(path) if raw is None else raw
            data = split(decode(raw.encode("utf-8"))).data
        except (OSError, UnicodeDecodeError, FrontMatterError) as err:
            return Outcome(contact, "skipped", f"{self._relative(path)}: {err}",
                           REASON_UNEDITABLE)
        role = self._new_role(data, contact)
        if role is not None:
            data = {**data, **{key: value for key, value, _ in role.changes}}
        changes, conflicts = _changes(data, contact, self.names[slug])
        if role is not None:
            changes[:0] = [*role.changes, ("", None, f"add a note touch {role.title!r} on"
                                           f" {self.roles_on} (was {role.was})")]
        new_text = raw
        try:
            for key, value, _ in changes:
                if isinstance(value, list | dict):
                    new_text = grow_key(new_text, key, value)  # a block list stays a block
                elif key:
                    new_text = set_key(new_text, key, field_line(key, value))
        except EditError as err:
            return Outcome(contact, "skipped", f"{self._relative(path)}: {err}",
                           REASON_UNEDITABLE)
        day = contact.connected_on
        if day is not None and (slug, day) not in self.connected:
            changes.append(("", None, f"add a note touch {CONNECTED_TITLE!r} on {day}"))
        said = "; ".join(what for _, _, what in changes)
        kept = "".join(f"; kept {c}" for c in conflicts)
        where = self._relative(path)
        if first is not None and not (self.update and changes):
            return Outcome(contact, "skipped", f"{where}, from {first.where}{kept}",
                           REASON_DUPLICATE)
        if not changes:
            return Outcome(contact, "skipped", f"{where}{kept}", REASON_SAME)
        if not self.update:
            return Outcome(contact, "skipped", f"{where}: would {said}{kept}", REASON_PENDING)
        writes = []
        if new_text != raw:
            self.texts[path] = new_text
            writes.append(Write(path, new_text, create=False))
            self._index(slug, self.names[slug], contact.emails, contact.urls)
        touch = self._connected_touch(slug, contact)
        if touch is not None:
            writes.append(touch)
        if role is not None:
            writes.append(self._role_touch(slug, role))
        return Outcome(contact, "updated", f"{where}: {said}{kept}", writes=tuple(writes))

    def _new_role(self, data: dict[str, Any], contact: Contact) -> NewRole | None:
        """A new position or company on LinkedIn for someone whose file already has one
        (an empty file is only filled in). The card takes the new values; the old ones go
        into the note."""
        if self.roles_on is None:
            return None
        old = {key: " ".join(str(data.get(key) or "").split()) for key in ("title", "company")}
        new = {"title": contact.title or "", "company": contact.company or ""}
        moved = [key for key in old if old[key] and new[key]
                 and old[key].casefold() != new[key].casefold()]
        if not moved:
            return None
        changes = [(key, new[key], f"set {key} {_short(new[key])} (was {_short(old[key])})")
                   for key in moved]
        now = {key: new[key] or old[key] for key in old}
        return NewRole(f"Now {_role(now)}", _role(old), changes)

    def _role_touch(self, slug: str, role: NewRole) -> Write:
        """The dated note that remembers the old role and asks for a congratulation."""
        assert self.roles_on is not None
        candidate = self._note_stem(self.roles_on, slug)
        text = touch_file(self.roles_on, None, [slug], Kind.NOTE,
                          {"title": role.title, "congratulate": True},
                          f"Was {role.was} (seen in a LinkedIn import on {self.roles_on}).")
        return Write(self.meetings_dir / f"{candidate}.md", text, create=True)

    def _relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


@dataclass(frozen=True, slots=True)
class NewRole:
    """A job change seen in an import: the note's title, the old role, the card's changes."""

    title: str  # "Now Head of Data at Wingtip Toys"
    was: str  # "Data Engineer at Contoso"
    changes: list[tuple[str, Any, str]]


def _role(values: dict[str, str]) -> str:
    title, company = values.get("title", ""), values.get("company", "")
    return f"{title} at {company}" if title and company else title or f"at {company}"


def write(outcome: Outcome) -> list[Path]:
    """Carry out an outcome's writes; the paths written."""
    return write_files(outcome.writes)


def write_files(writes: Iterable[Write]) -> list[Path]:
    """Create (exclusively) or replace (atomically) each file; the paths written."""
    done = []
    for item in writes:
        if item.create:
            item.path.parent.mkdir(parents=True, exist_ok=True)
            create_exclusive(item.path, item.text)
        else:
            write_atomic(item.path, item.text.encode("utf-8"))
        done.append(item.path)
    return done


def summary(outcomes: Iterable[Outcome], read: Iterable[ReadResult], unit: str, *,
            dry_run: bool = False) -> list[str]:
    """The closing lines: every record read is counted once, as created, updated,
    skipped or rejected (or, in a dry run, what would be), each skip and rejection by why."""
    statuses: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    for outcome in outcomes:
        statuses[outcome.status] += 1
        if outcome.reason:
            skipped[outcome.reason] += 1
    for result in read:
        skipped.update(result.skipped)
        rejected.update(result.rejected)
    total = statuses["created"] + statuses["updated"] + skipped.total() + rejected.total()
    verb = ("Would create", "update", "skip", "reject") if dry_run else (
        "Created", "updated", "skipped", "rejected")
    lines = [f"{verb[0]} {counted(statuses['created'], 'person', 'people')},"
             f" {verb[1]} {statuses['updated']}, {verb[2]} {skipped.total()},"
             f" {verb[3]} {rejected.total()} (of {counted(total, unit)} read)"
             + (":" if skipped or rejected else ".")]
    lines += [f"  {n} skipped: {reason}" for reason, n in skipped.most_common()]
    lines += [f"  {n} rejected: {reason}; see the errors above"
              for reason, n in rejected.most_common()]
    return lines


# The fields of a person file

def _fields(contact: Contact, source: str | None) -> dict[str, Any]:
    """The front matter of a new person, in the order `kith add` writes it."""
    return {
        "name_parts": _parts_value(contact.name_parts),
        "title": contact.title,
        "company": contact.company,
        "location": contact.location,
        "email": _one_or_list(contact.emails),
        "phone": _one_or_list(contact.phones),
        "links": list(contact.urls),
        "tags": list(contact.tags),
        "source": contact.note or source,
        "birthday": contact.birthday,
    }


def _parts_value(parts: NameParts | None) -> dict[str, str] | None:
    return parts.written() if parts is not None else None


def _one_or_list(items: tuple[str, ...]) -> str | list[str] | None:
    return (items[0] if len(items) == 1 else list(items)) if items else None


def person_text(name: str, fields: dict[str, Any]) -> str:
    lines = [field_line(key, value) for key, value in {"name": name, **fields}.items()
             if value not in (None, "", [], ())]
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n" + PERSON_BODY


def field_line(key: str, value: Any) -> str:
    """`key: value` on one line; text with line breaks as a double-quoted YAML string, which
    keeps it on one line (so that later one-key edits of it stay safe)."""
    if isinstance(value, str) and any(c in value for c in "\r\n\t"):
        return f"{key}: {json.dumps(value, ensure_ascii=False)}"
    return yaml_line(key, value)


def _changes(data: dict[str, Any], contact: Contact, name: str
             ) -> tuple[list[tuple[str, Any, str]], list[str]]:
    """(key, new value, description) for what the contact adds to a file, and the values
    that differ (kept as they are in the file)."""
    changes: list[tuple[str, Any, str]] = []
    conflicts: list[str] = []
    if fold_name(contact.name) != fold_name(name):
        conflicts.append(f"name {name!r} (the {contact.unit} says {contact.name!r})")
    elif contact.name_parts is not None and data.get("name_parts") in (None, ""):
        parts = _parts_value(contact.name_parts)
        changes.append(("name_parts", parts, f"set name_parts {_short(parts)}"))
    for key, attribute in _SCALARS:
        new = getattr(contact, attribute)
        old = data.get(key)
        if not new:
            continue
        if old in (None, ""):
            changes.append((key, new, f"set {key} {_short(new)}"))
        elif " ".join(str(old).split()).casefold() != " ".join(new.split()).casefold():
            conflicts.append(f"{key} {_short(old)} (the {contact.unit} says {_short(new)})")
    for key, items, normal in (("email", contact.emails, str.casefold),
                               ("phone", contact.phones, _digits),
                               ("tags", contact.tags, str.casefold)):
        old_items = _as_list(data.get(key))
        present = {normal(str(item)) for item in old_items}
        added = [i for i in items if normal(i) not in present]
        if added:
            value = old_items + added
            changes.append((key, value[0] if key != "tags" and len(value) == 1 else value,
                            f"add {key} {', '.join(added)}"))
    _link_change(data.get("links"), contact.urls, changes)
    return changes, conflicts


def _link_change(old: Any, urls: tuple[str, ...], changes: list[tuple[str, Any, str]]) -> None:
    mapping = old if isinstance(old, dict) else None
    old_urls = [str(u) for u in (mapping.values() if mapping is not None else _as_list(old))]
    present = {url_key(u) for u in old_urls}
    added = [u for u in urls if url_key(u) not in present]
    if not added:
        return
    value: Any
    if mapping is not None:
        value = dict(mapping)
        for url in added:
            label, number = (url_host(url) or 'link'), 2
            while label in value:
                label, number = f"{(url_host(url) or 'link')}-{number}", number + 1
            value[label] = url
    else:
        value = old_urls + added
    changes.append(("links", value, f"add links {', '.join(added)}"))


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list) else [value]


def _digits(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone)
    return digits or phone.casefold()


def _short(value: Any, limit: int = 60) -> str:
    text = " ".join(str(value).split())
    return repr(text if len(text) <= limit else text[:limit - 1] + "\u2026")

