"""The life of a conversation: reschedule, cancel, remind, and logging into the planned
touch. See docs/guide/follow-ups.md for the rules these commands feed.
"""

from __future__ import annotations

import datetime as dt

import click

from kithbook.body import Body
from kithbook.check import outreach_problems
from kithbook.cli import (
    DateParam,
    VaultContext,
    apply_changes,
    dated,
    main,
    pass_vault,
    person_argument,
    record_argument,
    refuse_uncommitted,
    show_or_write,
    writing,
)
from kithbook.compose import parse_when
from kithbook.conversations import (
    cancelled,
    plan_reschedule,
    planned_touch,
    touch_to_move,
    with_notes,
    with_reminder,
)
from kithbook.edit import Change, commit_files, read_text
from kithbook.lookup import find_person
from kithbook.model import Kind, Source, Touch, Vault
from kithbook.reminders import reminder_line


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
    if not show_or_write(context, path, new, dry_run=dry_run):
        return True
    click.echo(f"{relative}: notes added to the {touch.kind.value} planned for"
               f" {touch.date.isoformat()} (no second file)")
    if kind is not touch.kind:
        click.echo(f"note: it stays a {touch.kind.value}; change kind: in the file if it was"
                   f" a {kind.value}", err=True)
    if commit:
        commit_files(context.root, [path], f"Notes of the {touch.kind.value} with"
                     f" {loaded.people[slug].name} on {touch.date.isoformat()}")
    return True


@main.command()
@record_argument("which", metavar="PERSON|TOUCH")
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
    touch = touch_to_move(context.vault, which, context.today)
    day, time = when_of(context, when, option="--at", ahead=True)
    warn_if_past(context, day, time)
    plan = plan_reschedule(context.vault, context.root, touch, day, time)
    message = f"Reschedule {touch.id} to {when_text(day, time)}"
    refuse_uncommitted(context, [c.path for c in plan.all_at_once() if not c.create],
                       commit=commit, dry_run=dry_run)  # before the first of two commits
    if plan.rename and commit and not dry_run:
        # Two commits: the rename alone first, so `git log --follow` finds the old name
        # however small the file (git tells a rename by likeness), then the edits.
        apply_changes(context, plan.rename, dry_run=False, commit=True,
                      message=f"Rename {touch.id} to {plan.new_id}")
        apply_changes(context, plan.edits, dry_run=False, commit=True, message=message)
    else:
        apply_changes(context, plan.all_at_once(), dry_run=dry_run, commit=commit,
                      message=message)


@main.command()
@record_argument("which", metavar="PERSON|TOUCH")
@dated
@writing
@pass_vault
def cancel(context: VaultContext, which: str, dry_run: bool, commit: bool) -> None:
    """Mark a planned conversation cancelled: no thank-you owed, no agenda, and the
    calendar and the next invitation (kith invite) say cancelled.

    Example: kith cancel jose
    """
    touch = touch_to_move(context.vault, which, context.today)
    source = context.root / touch.source.path
    new = cancelled(read_text(source), touch)
    apply_changes(context, [Change(source, new.encode())], dry_run=dry_run, commit=commit,
                  message=f"Cancel {touch.id}")
    if not dry_run and touch.kind.is_conversation:
        click.echo(f"tell them: kith invite {touch.id} --cancel --out cancel.ics")


@main.command()
@person_argument("person")
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
    if not show_or_write(context, path, new, dry_run=dry_run):
        return
    click.echo(f"{path.relative_to(context.root)}: reminder due {on.isoformat()}")
    if on < context.today:
        click.echo(f"warning: {on.isoformat()} is in the past: it is overdue already", err=True)
    if commit:
        commit_files(context.root, [path], f"Remind: {message} ({loaded.people[slug].name},"
                     f" {on.isoformat()})")
