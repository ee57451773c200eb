"""Touches from mail and calendars: which messages and events become which touches.

A message between the user (`my_email`, `my_emails`) and people in the vault
(any of their addresses) becomes a touch: from the user, `outreach` when
nothing earlier exists with that person, `thank-you` within
`thank_you_within` of a conversation not yet thanked for, else `follow-up`;
from them, `reply`. Messages are planned in date order against the vault and
what the import has planned so far, so a mailbox read in any order gives the
same touches; the Message-ID is kept (`message_id:`), so importing again
changes nothing. A reply from an address the vault does not know still counts
when it answers a message with that person and carries their name.
A calendar event with people from the vault becomes a conversation (`video`
with a meeting link, else `meeting`) keyed by `uid` and `recurrence_id`; a newer
export reschedules or cancels it (`CalendarPlan`).

Nothing is written here: the plans are files to create and changes to apply.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import zoneinfo
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kithbook.compose import first_free, touch_file, touch_stem
from kithbook.conversations import cancelled, plan_reschedule
from kithbook.edit import Change, read_text, set_key, yaml_line
from kithbook.formats.contacts import Write
from kithbook.formats.mail import Address, MailMessage
from kithbook.model import Kind, Touch, TouchStatus, Vault
from kithbook.names import fold_name
from kithbook.settings import Settings, my_addresses
from kithbook.wording import counted

if TYPE_CHECKING:  # icalendar is loaded by the calendar import only
    from kithbook.formats.calendar import CalendarEvent


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
class _Plan:
    """What mail and calendar imports share: your addresses, the people's, the vault's
    zone, and the touch file names taken so far."""

    vault: Vault
    root: Path
    settings: Settings
    since: dt.date | None = None

    def __post_init__(self) -> None:
        self.mine = my_addresses(self.settings)
        self.zone = zoneinfo.ZoneInfo(self.settings.timezone) if self.settings.timezone else None
        self.meetings = self.root / self.settings.meetings_dir
        self.by_email = {email.casefold(): slug for slug, person in self.vault.people.items()
                         for email in person.emails}
        self.stems = {t.id for t in self.vault.touches}
        self.on_disk = _names_in(self.meetings)  # one listing, not one look-up per touch

    def _stem(self, day: dt.date, slugs: list[str], kind: Kind) -> str:
        """The usual file name for a new touch, numbered when taken (on disk or planned);
        a file that appears after the listing is caught by the exclusive create."""
        candidate = first_free(touch_stem(day, slugs, kind), lambda name: name in self.stems
                               or f"{name}.md" in self.on_disk)
        self.stems.add(candidate)
        return candidate


def _names_in(folder: Path) -> set[str]:
    """The names of the entries in `folder` (none if it does not exist yet)."""
    try:
        return set(os.listdir(folder))
    except OSError:
        return set()


@dataclass
class MailPlan(_Plan):
    """Plans messages one by one; `strangers` collects correspondents not in the vault."""

    logged: list[Logged] = field(default_factory=list)
    strangers: dict[str, _Stranger] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        self.known_ids = {t.message_id for t in self.vault.touches if t.message_id}
        # Each person's touches so far, as (date, kind), and who each message was with.
        self.history: dict[str, list[tuple[dt.date, Kind]]] = {}
        for touch in self.vault.touches:
            if touch.status is None:
                for slug in touch.with_:
                    self.history.setdefault(slug, []).append((touch.date, touch.kind))
        self.threads = {t.message_id: t.with_ for t in self.vault.touches if t.message_id}

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


# Calendars -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scheduled:
    """What became of one calendar occurrence: the changes to make, and why."""

    event: CalendarEvent
    status: str  # created, rescheduled, cancelled, linked, or skipped
    detail: str
    changes: tuple[Change, ...] = ()


SKIP_SAME = "already in the vault, unchanged"
SKIP_CANCELLED = "cancelled, and never imported"
SKIP_BEFORE = "before --since"


@dataclass
class CalendarPlan(_Plan):
    """Plans calendar occurrences against the vault: a new one is a conversation with the
    people in the vault among its organiser and attendees; one imported before (same UID
    and RECURRENCE-ID) that moved is rescheduled, one cancelled is marked cancelled."""

    scheduled: list[Scheduled] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__post_init__()
        self.imported = {(t.uid, t.recurrence_id): t for t in self.vault.touches if t.uid}

    def plan_all(self, events: Iterable[CalendarEvent]) -> list[Scheduled]:
        for event in events:
            self.scheduled.append(self.plan(event))
        return self.scheduled

    def plan(self, event: CalendarEvent) -> Scheduled:
        day, time = self._local(event.start)
        slugs = list(dict.fromkeys(self.by_email[a.key] for a in event.people
                                   if a.key in self.by_email and a.key not in self.mine))
        touch = self.imported.get((event.uid, event.recurrence_id))
        if touch is None and slugs:
            touch = self._same_conversation(slugs, day)
            if touch is not None and not event.cancelled:
                return self._link(event, touch)
        if touch is not None:
            return self._update(event, touch, day, time)
        if not slugs:
            return Scheduled(event, "skipped", SKIP_NOBODY)
        if event.cancelled:
            return Scheduled(event, "skipped", SKIP_CANCELLED)
        if self.since is not None and day < self.since:
            return Scheduled(event, "skipped", SKIP_BEFORE)
        return self._create(event, slugs, day, time)

    def _local(self, start: dt.datetime | dt.date) -> tuple[dt.date, dt.time | None]:
        if not isinstance(start, dt.datetime):
            return start, None
        if start.tzinfo is not None and self.zone is not None:
            start = start.astimezone(self.zone)
        return start.date(), start.time().replace(second=0, microsecond=0, tzinfo=None)

    def _same_conversation(self, slugs: list[str], day: dt.date) -> Touch | None:
        """A conversation already logged by hand with them that day, not from a calendar."""
        return next((t for t in self.vault.touches if t.date == day and t.kind.is_conversation
                     and t.uid is None and set(slugs) & set(t.with_)), None)

    def _create(self, event: CalendarEvent, slugs: list[str], day: dt.date,
                time: dt.time | None) -> Scheduled:
        kind = Kind.VIDEO if event.link else Kind.MEETING
        candidate = self._stem(day, slugs, kind)
        location = event.location if event.location and event.location != event.link else None
        fields = {"title": event.summary or None, "location": location, "url": event.link,
                  "duration": _minutes(event.duration), "uid": event.uid,
                  "recurrence_id": event.recurrence_id}
        text = touch_file(day, time, slugs, kind, fields, None)
        path = self.meetings / f"{candidate}.md"
        return Scheduled(event, "created", f"{self._relative(path)} ({kind.value},"
                         f" {', '.join(slugs)})", (Change(path, text.encode(), create=True),))

    def _update(self, event: CalendarEvent, touch: Touch, day: dt.date,
                time: dt.time | None) -> Scheduled:
        path = self.root / touch.source.path
        if event.cancelled:
            if touch.status is TouchStatus.CANCELLED:
                return Scheduled(event, "skipped", SKIP_SAME)
            text = cancelled(read_text(path), touch)
            return Scheduled(event, "cancelled", touch.source.path,
                             (Change(path, text.encode()),))
        if (touch.date, touch.time and touch.time.replace(tzinfo=None)) == (day, time):
            return Scheduled(event, "skipped", SKIP_SAME)
        moved = plan_reschedule(self.vault, self.root, touch, day, time)
        when = f"{day.isoformat()} {time:%H:%M}" if time else day.isoformat()
        return Scheduled(event, "rescheduled", f"{touch.source.path} to {when}"
                         f" ({self.settings.meetings_dir}/{moved.new_id}.md)",
                         tuple(moved.all_at_once()))

    def _link(self, event: CalendarEvent, touch: Touch) -> Scheduled:
        """Give a conversation logged by hand the event's keys, so it is not made twice."""
        path = self.root / touch.source.path
        text = set_key(read_text(path), "uid", yaml_line("uid", event.uid))
        if event.recurrence_id:
            text = set_key(text, "recurrence_id", yaml_line("recurrence_id",
                                                            event.recurrence_id))
        self.imported[(event.uid, event.recurrence_id)] = touch
        return Scheduled(event, "linked", f"{touch.source.path} (logged by hand: now linked"
                         " to the event)", (Change(path, text.encode()),))

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def _minutes(duration: dt.timedelta | None) -> str | None:
    if not duration or duration <= dt.timedelta(0):
        return None
    hours, minutes = divmod(int(duration.total_seconds() // 60), 60)
    return f"{hours}h{minutes}m" if hours and minutes else f"{hours}h" if hours else f"{minutes}m"


def calendar_summary(plan: CalendarPlan, *, dry_run: bool) -> list[str]:
    statuses = Counter(item.status for item in plan.scheduled)
    reasons = Counter(item.detail for item in plan.scheduled if item.status == "skipped")
    would = "would be " if dry_run else ""
    lines = [f"{counted(len(plan.scheduled), 'event')}: {statuses['created']} {would}created,"
             f" {statuses['rescheduled']} {would}rescheduled, {statuses['cancelled']}"
             f" {would}cancelled, {statuses['linked']} {would}linked to a touch logged by hand,"
             f" {statuses['skipped']} skipped" + (":" if statuses["skipped"] else ".")]
    lines += [f"  {n} {reason}" for reason, n in reasons.most_common()]
    return lines
