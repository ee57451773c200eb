"""The life of a conversation: reschedule, cancel, remind, and logging into the planned
touch. See docs/guide/follow-ups.md for the rules these commands feed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

import click

from kithbook.agenda import NotPlanned, conversation
from kithbook.body import Body
from kithbook.check import outreach_problems
from kithbook.cli import (
    DateParam,
    VaultContext,
    apply_changes,
    dated,
    main,
    pass_vault,
    refuse_uncommitted,
    writing,
)
from kithbook.compose import parse_when, touch_stem, when_value
from kithbook.edit import (
    Change,
    commit_files,
    read_text,
    set_key,
    unset_key,
    write_atomic,
    yaml_line,
)
from kithbook.formats.ics import touch_uid
from kithbook.lookup import find_person
from kithbook.model import Kind, Source, Touch, TouchStatus, Vault
from kithbook.reminders import REMINDERS_HEADING, reminder_line

RECENT_DAYS = 7  # a planned conversation this recent, still without notes, is the one logged


def when_of(context: VaultContext, text: str, *, option: str, ahead: bool = False
            ) -> tuple[dt.date, dt.time | None]:
    """`text` read as `parse_when` reads it; an error names the option the user typed."""
    try:
        return parse_when(text, context.today, ahead=ahead)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint=option) from None


def when_text(day: dt.date, time: dt.time | None) -> str:
    return f"{day.isoformat()} {time:%H:%M}" if time else day.isoformat()


def warn_if_past(context: VaultContext, day: dt.date, time: dt.time | None) -> None:
    """Planning in the past is usually a typo (a wrong month, `friday` meant next week)."""
    past = day < context.today
    if day == context.today and time is not None and context.given_today is None:
        past = time.replace(tzinfo=None) < context.now.time()
    if past:
        click.echo(f"warning: {when_text(day, time)} is in the past", err=True)


def warn_about_outreach(context: VaultContext, message: str) -> None:
    """The outreach check of `kith check`, on the message just written."""
    probe = Touch(id="new", date=context.today, time=None, with_=("x",),
                  source=Source("new", {}), body=Body(message, 1), kind=Kind.OUTREACH)
    empty = Vault(root=".", people={}, touches=(probe,))
    for problem in outreach_problems(empty, context.today):
        click.echo(f"warning: {problem.message}", err=True)


def into_planned(context: VaultContext, query: str, kind: Kind, when: str,
                 message: str | None, dry_run: bool, commit: bool) -> bool:
    """Write the notes of a conversation into the touch planned for it, if there is one:
    on that day, or a recent past one with no notes yet. True when it did."""
    loaded = context.vault
    slug = find_person(loaded, query)
    day, _ = when_of(context, when, option="--date")
    touch = planned_touch(loaded, slug, day)
    if touch is None:
        return False
    path = context.root / touch.source.path
    relative = path.relative_to(context.root)
    if not message:
        click.echo(f"{relative} already records the {touch.kind.value} on"
                   f" {touch.date.isoformat()}; add notes with -m")
        return True
    refuse_uncommitted(context, [path], commit=commit, dry_run=dry_run)
    raw = read_text(path)
    new = with_notes(raw, message)
    if dry_run:
        click.echo("".join(difflib.unified_diff(raw.splitlines(True), new.splitlines(True),
                                                str(relative), "after")), nl=False)
        return True
    write_atomic(path, new.encode("utf-8"))
    click.echo(f"{relative}: notes added to the {touch.kind.value} planned for"
               f" {touch.date.isoformat()} (no second file)")
    if kind is not touch.kind:
        click.echo(f"note: it stays a {touch.kind.value}; change kind: in the file if it was"
                   f" a {kind.value}", err=True)
    if commit:
        commit_files(context.root, [path], f"Notes of the {touch.kind.value} with"
                     f" {loaded.people[slug].name} on {touch.date.isoformat()}")
    return True


def planned_touch(vault: Vault, slug: str, day: dt.date) -> Touch | None:
    """The conversation with `slug` on `day`, else the latest one in the week before
    `day` whose file has no notes yet (planned, then held without being written up)."""
    theirs = [t for t in vault.touches if slug in t.with_ and t.kind.is_conversation
              and t.status is None]
    same_day = [t for t in theirs if t.date == day]
    if same_day:
        return same_day[0]
    recent = [t for t in theirs if day - dt.timedelta(days=RECENT_DAYS) <= t.date < day]
    if recent and not _has_notes(recent[-1]):
        return recent[-1]
    return None


def _has_notes(touch: Touch) -> bool:
    return bool(re.sub(r"(?m)^#+[^\n]*$", "", touch.body.text).strip())


def with_notes(raw: str, message: str) -> str:
    """`raw` with `message` under its `## Notes` heading (added at the end if absent);
    everything else byte for byte."""
    newline = "\r\n" if "\r\n" in raw else "\n"
    text = message.strip().replace("\n", newline)
    heading = re.search(r"(?m)^## Notes[ \t]*\r?$", raw)
    if heading is None:
        end = raw if raw.endswith(newline) else raw + newline
        return f"{end}{newline}## Notes{newline}{text}{newline}"
    following = re.compile(r"(?m)^#{1,2} ").search(raw, heading.end())
    cut = following.start() if following else len(raw)
    before = raw[:cut].rstrip("\r\n")
    after = raw[cut:]
    return f"{before}{newline}{text}{newline}" + (f"{newline}{after}" if after else "")


def _resolve(context: VaultContext, which: str) -> Touch:
    """A touch by id, else the next planned conversation with the person, else their
    latest one marked no-show (the one to move)."""
    loaded = context.vault
    try:
        return conversation(loaded, which, context.today)
    except NotPlanned:
        slug = find_person(loaded, which)
        missed = [t for t in loaded.touches if slug in t.with_
                  and t.status is TouchStatus.NO_SHOW]
        if not missed:
            raise
        return missed[-1]


@main.command()
@click.argument("which", metavar="PERSON|TOUCH")
@click.option("--at", "when", required=True,
              help='The new time: "YYYY-MM-DD HH:MM", "tomorrow 15:00", "friday 10:00".')
@dated
@writing
@pass_vault
def reschedule(context: VaultContext, which: str, when: str, dry_run: bool,
               commit: bool) -> None:
    """Move a planned conversation (or one they missed) to a new date and time.

    The file is renamed for the new date (git follows the rename), every reference
    to its id is rewritten, `sequence:` goes up so the next invitation replaces the
    old one in their calendar, and a `no-show` or `cancelled` status is cleared.

    Example: kith reschedule jose --at "friday 10:00"
    """
    touch = _resolve(context, which)
    day, time = when_of(context, when, option="--at", ahead=True)
    warn_if_past(context, day, time)
    source = context.root / touch.source.path
    raw = read_text(source)
    new_text = set_key(raw, "date", yaml_line("date", when_value(day, time)))
    new_text = set_key(new_text, "sequence", yaml_line("sequence", touch.sequence + 1))
    new_text = unset_key(new_text, "status")
    new_id = _new_id(context, touch, day)
    if new_id != touch.id:
        new_text = set_key(new_text, "uid", yaml_line("uid", touch.uid or touch_uid(touch.id)))
    target = source.with_name(f"{new_id}.md")
    references = _references(context, touch.id, new_id, skip=source)
    message = f"Reschedule {touch.id} to {when_text(day, time)}"
    refuse_uncommitted(context, [source, *(c.path for c in references)], commit=commit,
                       dry_run=dry_run)
    if target == source:
        apply_changes(context, [Change(source, new_text.encode()), *references],
                      dry_run=dry_run, commit=commit, message=message)
    elif commit and not dry_run:
        # Two commits: the rename alone first, so `git log --follow` finds the old name
        # however small the file (git tells a rename by likeness), then the edits.
        apply_changes(context, [Change(target, raw.encode(), create=True), Change(source, None)],
                      dry_run=False, commit=True, message=f"Rename {touch.id} to {new_id}")
        apply_changes(context, [Change(target, new_text.encode()), *references],
                      dry_run=False, commit=True, message=message)
    else:
        apply_changes(context, [Change(target, new_text.encode(), create=True),
                                Change(source, None), *references],
                      dry_run=dry_run, commit=commit, message=message)


def _new_id(context: VaultContext, touch: Touch, day: dt.date) -> str:
    """The id for the new date: the usual stem, numbered if taken; unchanged if the
    file name does not start with the old date (a name the user chose)."""
    old_prefix = touch.date.isoformat()
    if not touch.id.startswith(old_prefix):
        return touch.id
    if touch.id.startswith(f"{old_prefix}-") or touch.id == old_prefix:
        stem = day.isoformat() + touch.id[len(old_prefix):]
    else:
        stem = touch_stem(day, list(touch.with_), touch.kind)
    taken = {t.id for t in context.vault.touches} - {touch.id}
    candidate, number = stem, 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}", number + 1
    return candidate


def _references(context: VaultContext, old: str, new: str, *, skip: Path) -> list[Change]:
    """Every other record that names the touch id `old` (a link to its page or file,
    a wiki link), rewritten to `new`."""
    if old == new:
        return []
    pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    changes = []
    loaded = context.vault
    paths = [p.source.path for p in loaded.people.values()] + \
        [t.source.path for t in loaded.touches]
    for relative in paths:
        path = context.root / relative
        if path == skip:
            continue
        text = read_text(path)
        if old in text:
            changes.append(Change(path, pattern.sub(new, text).encode()))
    return changes


@main.command()
@click.argument("which", metavar="PERSON|TOUCH")
@dated
@writing
@pass_vault
def cancel(context: VaultContext, which: str, dry_run: bool, commit: bool) -> None:
    """Mark a planned conversation cancelled: no thank-you owed, no agenda, and the
    calendar and the next invitation (kith invite) say cancelled.

    Example: kith cancel jose
    """
    touch = _resolve(context, which)
    source = context.root / touch.source.path
    raw = read_text(source)
    new = set_key(raw, "status", yaml_line("status", TouchStatus.CANCELLED.value))
    new = set_key(new, "sequence", yaml_line("sequence", touch.sequence + 1))
    apply_changes(context, [Change(source, new.encode())], dry_run=dry_run, commit=commit,
                  message=f"Cancel {touch.id}")
    if not dry_run and touch.kind.is_conversation:
        click.echo(f"tell them: kith invite {touch.id} --cancel --out cancel.ics")


@main.command()
@click.argument("person")
@click.option("--on", "on", type=DateParam(), required=True, help="The day it is due.")
@click.option("-m", "--message", required=True, help="What to do.")
@dated
@writing
@pass_vault
def remind(context: VaultContext, person: str, on: dt.date, message: str, dry_run: bool,
           commit: bool) -> None:
    """Add a one-off reminder to PERSON's file, due ON a date until you tick it.

    It is a task line Obsidian's Tasks plugin reads too, under ## Reminders:
    `- [ ] Send the article 📅 2026-12-01`.

    Example: kith remind ada --on 2026-12-01 -m "Send the article on streaming"
    """
    loaded = context.vault
    slug = find_person(loaded, person)
    path = context.root / loaded.people[slug].source.path
    refuse_uncommitted(context, [path], commit=commit, dry_run=dry_run)
    raw = read_text(path)
    new = with_reminder(raw, reminder_line(message, on))
    if dry_run:
        click.echo("".join(difflib.unified_diff(
            raw.splitlines(True), new.splitlines(True), str(path.relative_to(context.root)),
            "after")), nl=False)
        return
    write_atomic(path, new.encode("utf-8"))
    click.echo(f"{path.relative_to(context.root)}: reminder due {on.isoformat()}")
    if on < context.today:
        click.echo(f"warning: {on.isoformat()} is in the past: it is overdue already", err=True)
    if commit:
        commit_files(context.root, [path], f"Remind: {message} ({loaded.people[slug].name},"
                     f" {on.isoformat()})")


def with_reminder(raw: str, line: str) -> str:
    """`raw` with `line` at the end of its `## Reminders` section (made at the end of the
    file if absent); everything else byte for byte."""
    newline = "\r\n" if "\r\n" in raw else "\n"
    heading = re.search(rf"(?m)^## {REMINDERS_HEADING}[ \t]*\r?$", raw)
    if heading is None:
        end = raw if raw.endswith(newline) else raw + newline
        return f"{end}{newline}## {REMINDERS_HEADING}{newline}{newline}{line}{newline}"
    following = re.compile(r"(?m)^#{1,2} ").search(raw, heading.end())
    cut = following.start() if following else len(raw)
    before, after = raw[:cut].rstrip("\r\n"), raw[cut:]
    return f"{before}{newline}{line}{newline}" + (f"{newline}{after}" if after else "")
