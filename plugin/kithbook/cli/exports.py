"""Commands that write the vault out: export ics|vcard|json|csv, invite, render."""

from __future__ import annotations

from pathlib import Path

import click

from kithbook.agenda import conversation
from kithbook.check import check_vault
from kithbook.cli import VaultContext, dated, main, pass_vault, record_argument, styled
from kithbook.edit import write_atomic
from kithbook.model import Touch, Vault
from kithbook.settings import read_site
from kithbook.site.urls import SiteLinks
from kithbook.wording import counted

NO_ORGANISER = ("an invitation needs an organiser: set my_email (and my_name) under the"
                " kithbook plugin in mkdocs.yml")
_OUT = click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
                    help="Write to FILE instead of standard output.")


def emit(data: bytes, out: Path | None) -> None:
    """To standard output, or atomically to a file (private: readable by you alone)."""
    if out is None:
        click.echo(data, nl=False)
        return
    try:
        write_atomic(out, data)
    except OSError as err:
        raise click.ClickException(f"cannot write {out}: {err.strerror}") from None
    click.echo(f"wrote {out}", err=True)


def _site_links(context: VaultContext) -> tuple[SiteLinks, str]:
    url, name, directory_urls = read_site(context.root)
    return SiteLinks(url, directory_urls), name or "Kithbook"


@main.group("export")
def export() -> None:
    """Write the vault out as a calendar, an address book, JSON or CSV.

    \b
    Example:
      kith export ics --out calendar.ics
      kith export vcard > contacts.vcf
      kith export json | jq '.people[].name'
    """


@export.command("ics")
@_OUT
@dated
@pass_vault
def export_ics(context: VaultContext, out: Path | None) -> None:
    """Planned conversations and follow-up due dates as iCalendar: the site's calendar.ics.

    Times without an offset are in the `timezone` setting (default: this
    machine's zone); links point at `site_url` when mkdocs.yml sets it.

    Example: kith export ics --out calendar.ics
    """
    from kithbook.formats.ics import calendar_of  # icalendar: loaded when used

    links, name = _site_links(context)
    emit(calendar_of(context.snapshot, links=links, name=name),
         out)


@export.command("vcard")
@_OUT
@dated
@pass_vault
def export_vcard(context: VaultContext, out: Path | None) -> None:
    """Every person as a vCard 3.0: the site's contacts.vcf.

    Example: kith export vcard --out contacts.vcf
    """
    from kithbook.formats.vcard import cards_of  # vobject: loaded when used

    emit(cards_of(context.snapshot), out)


@export.command("json")
@_OUT
@dated
@pass_vault
def export_json(context: VaultContext, out: Path | None) -> None:
    """The whole vault as one JSON document: people, touches, derived stages, problems.

    Example: kith export json --out vault.json
    """
    from kithbook.formats.jsonexport import vault_json

    loaded, day = context.vault, context.today
    text = vault_json(context.snapshot, check_vault(loaded, today=day))
    emit(text.encode("utf-8"), out)


@export.command("csv")
@_OUT
@dated
@pass_vault
def export_csv(context: VaultContext, out: Path | None) -> None:
    """People as CSV, one row each, for spreadsheets and mail merges.

    Example: kith export csv --out people.csv
    """
    from kithbook.formats.csvexport import people_csv

    emit(people_csv(context.snapshot).encode("utf-8"), out)


@main.command()
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write (made, or replaced if kith render made it before).")
@dated
@pass_vault
def render(context: VaultContext, out: Path) -> None:
    """Write the site as plain Markdown files, for another site generator.

    OUT/docs/ gets every page the Kithbook plugin generates (person pages carry
    their tags as front matter), your own pages from the docs folder (the
    dashboard merged into your home page), calendar.ics, contacts.vcf and the
    stylesheet and script; OUT/mkdocs.yml is a plain configuration without the
    Kithbook plugin. Build it with MkDocs, ProperDocs or Zensical, or take the
    Markdown to Hugo.

    \b
    Example:
      kith render --out rendered
      mkdocs build -f rendered/mkdocs.yml --strict
    """
    from kithbook.site.render import render_site  # the site's templates: loaded when used

    try:
        done = render_site(context.root, context.zoned, context.today, out)
    except OSError as err:
        raise click.ClickException(f"cannot write {out}: {err.strerror}") from None
    for problem in done.problems:
        click.echo(styled(problem), err=True)
    click.echo(f"wrote {done.out}: {counted(done.generated, 'generated file')}, "
               f"{counted(done.own, 'file')} of your own and mkdocs.yml", err=True)


@main.command()
@record_argument("which")
@_OUT
@click.option("--cancel", is_flag=True, help="Write a cancellation instead (METHOD:CANCEL).")
@dated
@pass_vault
def invite(context: VaultContext, which: str, out: Path | None, cancel: bool) -> None:
    """An invitation to a planned conversation (.ics, METHOD:REQUEST), to attach to an email.

    WHICH is a touch id, or a person (their next planned conversation). The
    organiser is `my_name` and `my_email`; every person with an email address
    is an attendee. Its UID is the one calendar.ics uses, so sending it again
    after changing the time updates their calendar.

    Example: kith invite jose --out invitation.ics
    """
    touch = conversation(context.vault, which, context.today)
    write_invitation(context, context.vault, touch, out, cancel=cancel)


def write_invitation(context: VaultContext, loaded: Vault, touch: Touch, out: Path | None,
                     *, cancel: bool) -> None:
    """Write an invitation (or cancellation) to `touch`, stamped now: later stamps update
    the invitations sent before."""
    from kithbook.formats.ics import invitation

    stamp = context.now.replace(microsecond=0)
    data, uninvited = invitation(touch, loaded, context.zoned, stamp=stamp, cancel=cancel)
    for person in uninvited:
        click.echo(f"{person.name} has no email address: add them as a guest yourself",
                   err=True)
    emit(data, out)
