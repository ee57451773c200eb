"""Commands that bring people in: import vcard, import linkedin."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kithbook.cli import VaultContext, main, pass_vault, refuse_uncommitted, styled, writing
from kithbook.edit import commit_files
from kithbook.formats import contacts as importing
from kithbook.formats.linkedin import SOURCE as LINKEDIN
from kithbook.formats.linkedin import read_connections
from kithbook.formats.vcard import read_vcards

PROGRESS_FROM = 100  # records: fewer than this need no progress bar


@main.group("import")
def import_() -> None:
    """Bring people in from address books and from LinkedIn.

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
    results = [read_vcards(path.read_bytes(), str(path)) for path in files]
    _import(context, results, update=update, dry_run=dry_run, commit=commit, unit="card",
            source=None, message=import_message("Import people from", files))


@import_.command("linkedin")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_UPDATE
@writing
@pass_vault
def import_linkedin(context: VaultContext, file: Path, update: bool, dry_run: bool,
                    commit: bool) -> None:
    """Connections from LinkedIn's data export (Connections.csv).

    First and last name, URL, email address, company and position are kept;
    new people get `source: LinkedIn`, and "Connected On" becomes a `note`
    touch ("Connected on LinkedIn") on that date.

    Example: kith import linkedin ~/Downloads/Connections.csv --dry-run
    """
    _import(context, [read_connections(file.read_bytes(), str(file))], update=update,
            dry_run=dry_run, commit=commit, unit="row", source=LINKEDIN,
            message=import_message("Import LinkedIn connections from", [file]))


def import_message(what: str, files: tuple[Path, ...] | list[Path]) -> str:
    """The commit message: a short subject (one file named, or how many), the files in
    the body when there are several."""
    if len(files) == 1:
        return f"{what} {files[0].name}"
    return f"{what} {len(files)} files\n\n" + "\n".join(p.name for p in files)


def _import(context: VaultContext, results: list[importing.ReadResult], *, update: bool,
            dry_run: bool, commit: bool, unit: str, source: str | None, message: str) -> None:
    for result in results:
        for problem in result.problems:
            click.echo(styled(problem), err=True)
    if update:  # any person's file may gain a line
        refuse_uncommitted(context, [context.root / p.source.path
                                     for p in context.vault.people.values()],
                           commit=commit, dry_run=dry_run)
    contacts = [contact for result in results for contact in result.contacts]
    importer = importing.Importer(context.vault, context.root, context.settings,
                                  update=update, source=source)
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

