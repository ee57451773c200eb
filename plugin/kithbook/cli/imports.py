"""Commands that bring people and touches in: import vcard, linkedin, mail, calendar."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from kithbook.cli import (
    DateParam,
    VaultContext,
    dated,
    main,
    pass_vault,
    refuse_uncommitted,
    styled,
    writing,
)
from kithbook.edit import EditError, Unfinished, apply_all, commit_files, create_all
from kithbook.errors import KithError
from kithbook.formats import capture
from kithbook.formats import contacts as importing
from kithbook.formats.linkedin import SOURCE as LINKEDIN
from kithbook.formats.linkedin import read_connections
from kithbook.formats.mail import MailMessage, mail_size, read_mail
from kithbook.wording import counted

PROGRESS_FROM = 100  # records: fewer than this need no progress bar
PROGRESS_BYTES = 5_000_000  # mail: less than this reads in well under a second


@main.group("import")
def import_() -> None:
    """Bring people in from address books and LinkedIn, touches from mail and calendars.

    A record matches a person by email address, then by full name (a card
    Kithbook exported also by its UID). Nothing in an existing file changes
    without --update; --dry-run lists what would happen.

    \b
    Example:
      kith import vcard contacts.vcf --dry-run
      kith import linkedin Connections.csv --update
    """


_UPDATE = click.option("--update", is_flag=True, help=(
    "Add to people already in the vault what their files lack (emails, phones, links, tags;"
    " title, company, location or source where empty). Values that differ are kept."))


@import_.command("vcard")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_UPDATE
@writing
@pass_vault
def import_vcard(context: VaultContext, files: tuple[Path, ...], update: bool, dry_run: bool,
                 commit: bool) -> None:
    """People from .vcf files: Google Contacts, Apple Contacts, Outlook (vCard 2.1, 3.0, 4.0).

    Name, organisation, title, emails, phones, URLs, the city of the address,
    categories (as tags) and the note (as `source`) are kept; photos and the
    rest are not. Exits 1 when a card could not be read (the rest still come in).

    Example: kith import vcard ~/Downloads/contacts.vcf --dry-run
    """
    from kithbook.formats.vcard import read_vcards  # vobject: loaded when used

    results = [read_vcards(path.read_bytes(), str(path)) for path in files]
    _import(context, results, update=update, dry_run=dry_run, commit=commit, unit="card",
            source=None, message=import_message("Import people from", files))


@import_.command("linkedin")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_UPDATE
@dated
@writing
@pass_vault
def import_linkedin(context: VaultContext, file: Path, update: bool, dry_run: bool,
                    commit: bool) -> None:
    """Connections from LinkedIn's data export (Connections.csv).

    First and last name, URL, email address, company and position are kept;
    new people get `source: LinkedIn`, and "Connected On" becomes a `note`
    touch ("Connected on LinkedIn") on that date. Someone in the vault with a new
    position or company is news: with --update their card takes the new values and
    a dated `note` ("Now Head of Data at Wingtip Toys", the old role in its notes)
    asks you to congratulate them.

    Example: kith import linkedin ~/Downloads/Connections.csv --dry-run
    """
    _import(context, [read_connections(file.read_bytes(), str(file))], update=update,
            dry_run=dry_run, commit=commit, unit="row", source=LINKEDIN,
            message=import_message("Import LinkedIn connections from", [file]),
            roles_on=context.today)


def import_message(what: str, files: tuple[Path, ...] | list[Path]) -> str:
    """The commit message: a short subject (one file named, or how many), the files in
    the body when there are several."""
    if len(files) == 1:
        return f"{what} {files[0].name}"
    return f"{what} {len(files)} files\n\n" + "\n".join(p.name for p in files)


def _import(context: VaultContext, results: list[importing.ReadResult], *, update: bool,
            dry_run: bool, commit: bool, unit: str, source: str | None, message: str,
            roles_on: dt.date | None = None) -> None:
    for result in results:
        for problem in result.problems:
            click.echo(styled(problem), err=True)
    if update:  # any person's file may gain a line
        refuse_uncommitted(context, [context.root / p.source.path
                                     for p in context.vault.people.values()],
                           commit=commit, dry_run=dry_run)
    contacts = [contact for result in results for contact in result.contacts]
    importer = importing.Importer(context.vault, context.root, context.settings,
                                  update=update, source=source, roles_on=roles_on)
    outcomes: list[importing.Outcome] = []
    written: list[Path] = []
    with click.progressbar(contacts, label=f"Importing {len(contacts)} {unit}s",
                           file=sys.stderr,
                           hidden=len(contacts) < PROGRESS_FROM) as bar:
        for contact in bar:
            outcome = importer.plan(contact)
            if not dry_run and outcome.writes:
                try:
                    written += importing.write(outcome)
                except OSError as err:
                    outcome = importing.Outcome(contact, "skipped", str(err), "not written")
            outcomes.append(outcome)
    prefix = "would " if dry_run else ""
    verbs = {"created": f"{prefix}create", "updated": f"{prefix}update", "skipped": "skip"}
    for outcome in outcomes:
        where = "" if outcome.status != "skipped" else (
            f"{outcome.contact.where} {outcome.contact.name}: {outcome.reason}: ")
        click.echo(f"{verbs[outcome.status]} {where}{outcome.detail}")
    for line in importing.summary(outcomes, results, unit, dry_run=dry_run):
        click.echo(line, err=True)
    if commit and written and not dry_run:
        commit_files(context.root, written, message)
    if any(r.rejected or any(p.severity == "error" for p in r.problems) for r in results):
        raise SystemExit(1)



@import_.command("mail")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--with-body", is_flag=True, help=(
    "Copy what each message says into its touch (without the quoted message it answers"
    " and the signature). Without it, only the date, subject and Message-ID are kept."))
@click.option("--since", type=DateParam(), help="Leave out messages before this date.")
@writing
@pass_vault
def import_mail(context: VaultContext, paths: tuple[Path, ...], with_body: bool,
                since: object, dry_run: bool, commit: bool) -> None:
    """Touches from mail: mbox files (Thunderbird, Gmail Takeout), Maildir folders (mutt,
    offlineimap, mbsync) and .eml files (Apple Mail, Outlook).

    A message between you (`my_email`, `my_emails`) and someone in the vault becomes
    a touch: yours are outreach, follow-up or thank-you, theirs a reply. Importing
    the same mail again changes nothing (the Message-ID is kept). People you wrote
    with who are not in the vault are listed at the end with the command that adds
    them.

    Example: kith import mail ~/Downloads/Takeout/Mail/Sent.mbox --since 2026-09-01 --dry-run
    """
    settings = context.zoned
    if not settings.my_email and not settings.my_emails:
        raise KithError("set my_email (and my_emails for your other addresses) under the"
                        " kithbook plugin in mkdocs.yml: the import tells your messages by them")
    messages = _read_messages(paths, with_body=with_body)
    plan = capture.MailPlan(context.vault, context.root, settings,
                            since=since if isinstance(since, dt.date) else None)
    logged = [item for item in plan.plan_all(messages) if item.status == "created"]
    if dry_run:
        for item in logged:
            click.echo(f"would create {item.detail} ({item.message.where})")
    else:
        _write_touches(context, logged, commit=commit)
    for line in capture.summary(plan, dry_run=dry_run):
        click.echo(line, err=True)


def _write_touches(context: VaultContext, logged: list[capture.Logged], *,
                   commit: bool) -> None:
    """Create every planned touch in one batch (one sync, not one per file), then say
    what was created; a file that appeared meanwhile stops the batch there, and what was
    created before it is said."""
    try:
        written = create_all([(w.path, w.text) for item in logged for w in item.writes])
        stopped = None
    except Unfinished as err:
        written, stopped = err.created, err
    done = set(written)
    for item in logged:
        if all(w.path in done for w in item.writes):
            click.echo(f"create {item.detail} ({item.message.where})")
    if stopped is not None:
        total = sum(len(item.writes) for item in logged)
        raise KithError(f"{stopped} (written: {len(written)} of {total} touches)")
    if commit and written:
        commit_files(context.root, written,
                     f"Import {counted(len(written), 'touch', 'touches')} from mail")


def _read_messages(paths: tuple[Path, ...], *, with_body: bool) -> list[MailMessage]:
    """Every readable message, with a progress bar by bytes; unreadable ones are said."""
    total = sum(mail_size(path) for path in paths)
    messages: list[MailMessage] = []
    with click.progressbar(length=total, label="Reading mail", file=sys.stderr,
                           hidden=total < PROGRESS_BYTES) as bar:
        for path in paths:
            for read, size in read_mail(path, with_body=with_body):
                if isinstance(read, MailMessage):
                    messages.append(read)
                else:
                    click.echo(f"{read.where}: warning: {read.reason}; skipped", err=True)
                bar.update(size)
    return messages


@import_.command("calendar")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--since", type=DateParam(), help="Leave out events before this date.")
@dated
@writing
@pass_vault
def import_calendar(context: VaultContext, files: tuple[Path, ...], since: object,
                    dry_run: bool, commit: bool) -> None:
    """Conversations from calendar exports (.ics from Google Calendar, Outlook, Apple
    Calendar, Thunderbird).

    An event with people from the vault among its organiser and attendees (those who
    declined aside) becomes a conversation on its date: `video` when it has a meeting
    link, else `meeting`; past ones held, future ones planned. Recurring events are
    expanded up to `due_soon` ahead. Importing a newer export reschedules what moved
    and cancels what was cancelled; nothing else changes.

    Example: kith import calendar ~/Downloads/calendar.ics --dry-run
    """
    from kithbook.formats.calendar import CalendarEvent, read_calendar  # icalendar, when used

    settings = context.zoned
    until = settings.due_soon.after(context.today)
    events: list[CalendarEvent] = []
    failed = False
    for file in files:
        read = read_calendar(file.read_bytes(), str(file), until=until)
        for problem in read.problems:
            click.echo(styled(problem), err=True)
            failed = failed or problem.severity == "error"
        events += read.events
    plan = capture.CalendarPlan(context.vault, context.root, settings,
                                since=since if isinstance(since, dt.date) else None)
    verbs = {"created": "create", "rescheduled": "reschedule", "cancelled": "cancel",
             "linked": "link"}
    scheduled = plan.plan_all(events)
    refuse_uncommitted(context, [c.path for item in scheduled for c in item.changes
                                 if not c.create], commit=commit, dry_run=dry_run)
    written: list[Path] = []
    for item in scheduled:
        if item.status == "skipped":
            continue
        click.echo(f"{'would ' if dry_run else ''}{verbs[item.status]} {item.detail}")
        if not dry_run:
            try:
                apply_all(list(item.changes))
            except (EditError, OSError) as err:
                raise KithError(f"{item.detail}: nothing was changed: {err}") from None
            written += [change.path for change in item.changes]
    for line in capture.calendar_summary(plan, dry_run=dry_run):
        click.echo(line, err=True)
    if commit and written and not dry_run:
        commit_files(context.root, written, import_message("Import events from", files))
    if failed:
        raise SystemExit(1)
