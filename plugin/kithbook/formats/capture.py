"""Touches from mail: which messages become which touches, and what stays out.

A message between the user (`my_email`, `my_emails`) and people in the vault
(any of their addresses) becomes a touch: from the user, `outreach` when
nothing earlier exists with that person, `thank-you` within
`thank_you_within` of a conversation not yet thanked for, else `follow-up`;
from them, `reply`. Messages are planned in date order against the vault and
what the import has planned so far, so a mailbox read in any order gives the
same touches; the Message-ID is kept (`message_id:`), so importing again
changes nothing. A reply from an address the vault does not know still counts
when it answers a message with that person and carries their name.
Nothing is written here: `write` (in contacts.py) does that.
"""

from __future__ import annotations

import datetime as dt
import shlex
import zoneinfo
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kithbook.compose import touch_file, touch_stem
from kithbook.formats.contacts import Write
from kithbook.formats.mail import Address, MailMessage
from kithbook.model import Kind, Vault
from kithbook.names import fold_name
from kithbook.settings import Settings, my_addresses
from kithbook.wording import counted


@dataclass(frozen=True, slots=True)
class Logged:
    """What became of one message."""

    message: MailMessage
    status: str  # "created", or "skipped"
    detail: str
    reason: str | None = None  # the skip's category, counted in the summary
    writes: tuple[Write, ...] = ()


SKIP_KNOWN = "already in the vault (same Message-ID)"
SKIP_NOBODY = "not with anyone in the vault"
SKIP_UNDATED = "no readable Date header"
SKIP_SINCE = "before --since"
SKIP_BULK = "a mailing list or automated message"


@dataclass
class _Stranger:
    """Someone the user corresponded with who has no file."""

    name: str
    messages: int = 0


@dataclass
class MailPlan:
    """Plans messages one by one; `strangers` collects correspondents not in the vault."""

    vault: Vault
    root: Path
    settings: Settings
    since: dt.date | None = None
    logged: list[Logged] = field(default_factory=list)
    strangers: dict[str, _Stranger] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.mine = my_addresses(self.settings)
        self.zone = zoneinfo.ZoneInfo(self.settings.timezone) if self.settings.timezone else None
        self.meetings = self.root / self.settings.meetings_dir
        self.by_email = {email.casefold(): slug for slug, person in self.vault.people.items()
                         for email in person.emails}
        self.known_ids = {t.message_id for t in self.vault.touches if t.message_id}
        # Each person's touches so far, as (date, kind), and who each message was with.
        self.history: dict[str, list[tuple[dt.date, Kind]]] = {}
        for touch in self.vault.touches:
            if touch.status is None:
                for slug in touch.with_:
                    self.history.setdefault(slug, []).append((touch.date, touch.kind))
        self.threads = {t.message_id: t.with_ for t in self.vault.touches if t.message_id}
        self.stems = {t.id for t in self.vault.touches}

    def plan_all(self, messages: Iterable[MailMessage]) -> list[Logged]:
        """Every message, oldest first (undated ones last)."""
        far = dt.datetime.max.replace(tzinfo=dt.UTC)
        for message in sorted(messages, key=lambda m: m.date or far):
            self.logged.append(self.plan(message))
        return self.logged

    def plan(self, message: MailMessage) -> Logged:
        if message.message_id in self.known_ids:
            return self._skip(message, SKIP_KNOWN)
        if message.date is None:
            return self._skip(message, SKIP_UNDATED)
        when = message.date.astimezone(self.zone) if self.zone else message.date
        sender = message.sender
        if sender is not None and sender.key in self.mine:
            return self._from_me(message, when)
        return self._to_me(message, when)

    def _from_me(self, message: MailMessage, when: dt.datetime) -> Logged:
        people: list[str] = []
        for address in message.recipients:
            slug = self.by_email.get(address.key)
            if slug is not None and slug not in people:
                people.append(slug)
            elif slug is None and address.key not in self.mine:
                self._stranger(address, when)
        if not people:
            return self._skip(message, SKIP_NOBODY)
        groups: dict[Kind, list[str]] = {}
        for slug in people:
            groups.setdefault(self._kind_from_me(slug, when.date()), []).append(slug)
        return self._log(message, when, list(groups.items()))

    def _to_me(self, message: MailMessage, when: dt.datetime) -> Logged:
        sender = message.sender
        if sender is None:
            return self._skip(message, SKIP_NOBODY)
        slug = self.by_email.get(sender.key) or self._in_thread(message, sender)
        to_me = any(a.key in self.mine for a in message.recipients)
        if slug is None:
            if to_me and not message.bulk and not sender.automated:
                self._stranger(sender, when)
            return self._skip(message, SKIP_NOBODY)
        if message.bulk and not to_me:
            return self._skip(message, SKIP_BULK)
        return self._log(message, when, [(Kind.REPLY, [slug])])

    def _in_thread(self, message: MailMessage, sender: Address) -> str | None:
        """The person this message answers for, when it comes from an address the vault
        does not know but under their name (their other address)."""
        for earlier in message.thread:
            for slug in self.threads.get(earlier, ()):
                if sender.name and fold_name(sender.name) == fold_name(
                        self.vault.people[slug].name):
                    return slug
        return None

    def _kind_from_me(self, slug: str, day: dt.date) -> Kind:
        before = [(d, k) for d, k in self.history.get(slug, ()) if d <= day]
        if not before:
            return Kind.OUTREACH
        held = [d for d, k in before if k.is_conversation]
        if held:
            last = max(held)
            thanked = any(k is Kind.THANK_YOU and d >= last for d, k in before)
            if not thanked and day <= self.settings.thank_you_within.after(last):
                return Kind.THANK_YOU
        return Kind.FOLLOW_UP

    def _early(self, when: dt.datetime) -> bool:
        return self.since is not None and when.date() < self.since

    def _log(self, message: MailMessage, when: dt.datetime,
             groups: list[tuple[Kind, list[str]]]) -> Logged:
        """The touches of one message; one before --since is not written, but still counts
        as what came before (a later message is a follow-up) and keeps its thread."""
        writes, said = [], []
        day, time = when.date(), when.time().replace(second=0, microsecond=0, tzinfo=None)
        for kind, slugs in groups:
            for slug in slugs:
                self.history.setdefault(slug, []).append((day, kind))
            if self._early(when):
                continue
            stem = self._stem(day, slugs, kind)
            fields = {"title": message.subject or None, "message_id": message.message_id}
            text = touch_file(day, time, slugs, kind, fields, message.body)
            writes.append(Write(self.meetings / f"{stem}.md", text, create=True))
            said.append(f"{self.settings.meetings_dir}/{stem}.md ({kind.value},"
                        f" {', '.join(slugs)})")
        self.known_ids.add(message.message_id)
        self.threads[message.message_id] = tuple(s for _, slugs in groups for s in slugs)
        if self._early(when):
            return self._skip(message, SKIP_SINCE)
        return Logged(message, "created", "; ".join(said), writes=tuple(writes))

    def _stem(self, day: dt.date, slugs: list[str], kind: Kind) -> str:
        stem = touch_stem(day, slugs, kind)
        candidate, number = stem, 2
        while candidate in self.stems or (self.meetings / f"{candidate}.md").exists():
            candidate, number = f"{stem}-{number}", number + 1
        self.stems.add(candidate)
        return candidate

    def _skip(self, message: MailMessage, reason: str) -> Logged:
        return Logged(message, "skipped", reason, reason)

    def _stranger(self, address: Address, when: dt.datetime) -> None:
        if self._early(when):
            return
        found = self.strangers.setdefault(address.key, _Stranger(_natural(address.name)))
        found.name = found.name or address.name
        found.messages += 1


def _natural(name: str) -> str:
    """"Park, Lena" (as address books write names) -> "Lena Park"."""
    family, comma, given = name.partition(",")
    if comma and given.strip() and "," not in given and len(family.split()) <= 2:
        return f"{given.strip()} {family.strip()}"
    return name


def summary(plan: MailPlan, *, dry_run: bool) -> list[str]:
    """The closing lines: touches created, messages skipped and why, and the people not
    in the vault with the command that adds each."""
    statuses = Counter(item.status for item in plan.logged)
    reasons = Counter(item.reason for item in plan.logged if item.reason)
    touches = sum(len(item.writes) for item in plan.logged)
    verb = "Would create" if dry_run else "Created"
    lines = [f"{verb} {counted(touches, 'touch', 'touches')} from"
             f" {counted(statuses['created'], 'message')}; skipped {statuses['skipped']}"
             + (":" if statuses["skipped"] else ".")]
    lines += [f"  {n} {reason}" for reason, n in reasons.most_common()]
    strangers = sorted(plan.strangers.items(), key=lambda kv: (-kv[1].messages, kv[0]))
    if strangers:
        total = sum(s.messages for _, s in strangers)
        lines.append(f"{counted(total, 'message')} with"
                     f" {counted(len(strangers), 'person', 'people')} not in the vault:")
        for address, stranger in strangers:
            name = stranger.name or address.split("@")[0].replace(".", " ").title()
            command = shlex.join(["kith", "add", name, "--email", address])
            lines.append(f"  {stranger.messages:>4}  {command}")
    return lines
