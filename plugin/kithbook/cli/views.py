"""Commands that read the vault and show it: check, due, agenda, draft."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path

import click

from kithbook.agenda import next_planned
from kithbook.check import check_vault, has_errors, problems_under, summary, unreadable_notice
from kithbook.cli import (
    VaultContext,
    dated,
    main,
    pass_vault,
    person_argument,
    record_argument,
    styled,
)
from kithbook.drafts import KINDS as DRAFT_KINDS
from kithbook.drafts import draft
from kithbook.followups import FollowUp, grouped
from kithbook.lookup import find_person
from kithbook.site.markup import markdown_as_text

DUE_EXIT = 3


@main.command()
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too (as mkdocs build --strict).")
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON on stdout.")
@dated
@pass_vault
def check(context: VaultContext, path: Path | None, strict: bool, as_json: bool) -> None:
    """Validate the vault, or only the files under PATH.

    Example: kith check --strict people/

    Prints `path:line: error|warning: message` for each problem (paths relative
    to the vault) and a summary. Exits 1 on any error, and on warnings with
    --strict.
    """
    if path is not None:
        context.start = path
    prefix = "" if path is None else _inside(context.root, path)
    problems = problems_under(
        check_vault(context.vault, today=context.today, pages=context.pages), prefix)
    if as_json:
        click.echo(json.dumps([asdict(p) for p in problems], indent=2))
    else:
        for problem in problems:
            click.echo(styled(problem), err=True)
        click.echo(summary(problems, context.vault, prefix), err=True)
    if has_errors(problems, strict=strict):
        raise SystemExit(1)


@main.command()
@dated
@click.option("--within", type=click.IntRange(min=0), metavar="DAYS",
              help="Show what falls due in the next DAYS days (default: the `due_soon` setting).")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON on stdout.")
@click.option("--strict", is_flag=True, help="Exit 1 when a file could not be read.")
@pass_vault
def due(context: VaultContext, within: int | None, as_json: bool, strict: bool) -> None:
    """What to do: thank-yous owed, nudges, hellos due, loops to close, meetings to prepare.

    Example: kith due --within 30

    The same list as the site's Follow-ups page, most urgent first. Exits 0
    when nothing is due today or overdue, 3 when something is, and 1 when
    the vault's settings cannot be read (or, with --strict, a file).
    A file that could not be read is said first, on stderr: the list leaves it out.
    """
    notice = unreadable_notice(context.vault)
    if notice:
        click.echo(click.style(f"warning: {notice}", fg="yellow"), err=True)
    window = dt.timedelta(days=within) if within is not None else None
    items = context.snapshot.follow_ups(within=window)
    if as_json:
        click.echo(json.dumps([item.as_json() for item in items], indent=2))
    else:
        _print_due(items, context.today)
    if strict and notice:
        raise SystemExit(1)
    if any(item.days_overdue >= 0 for item in items):
        raise SystemExit(DUE_EXIT)


_STATE_COLOURS = {"overdue": "red", "due": "yellow", "soon": "green"}


def _print_due(items: list[FollowUp], today: dt.date) -> None:
    if not items:
        click.echo(f"Nothing to do as of {today.isoformat()}.")
        return
    click.echo(f"As of {today.isoformat()}:")
    for group, members in grouped(items):
        click.echo("\n" + click.style(group, bold=True))
        for item in members:
            when = click.style(f"{_when(item):<13}", fg=_STATE_COLOURS[item.state])
            click.echo(f"  {when} {item.action}")


def _when(item: FollowUp) -> str:
    days = abs(item.days_overdue)
    if item.state == "overdue":
        return f"{days}d overdue"
    return "today" if item.state == "due" else f"in {days}d"


@main.command()
@record_argument("which", required=False)
@click.option("--format", "output", type=click.Choice(["text", "md"]), default="text",
              show_default=True, help="Plain text for the terminal, or Markdown.")
@dated
@pass_vault
def agenda(context: VaultContext, which: str | None, output: str) -> None:
    """The agenda of a planned conversation: WHICH is a touch id or a person
    (their next one); without it, the next conversation in the calendar.

    Example: kith agenda jose --format md > agenda.md
    """
    from kithbook.site.pages import render_agenda  # the site's templates: loaded when used

    loaded, today = context.vault, context.today
    built = context.snapshot.agenda_for(next_planned(loaded, which, today))
    markdown = render_agenda(built, loaded, today)
    click.echo(markdown if output == "md" else markdown_as_text(markdown), nl=False)


@main.command("draft")
@click.argument("kind", type=click.Choice(DRAFT_KINDS))
@person_argument("person")
@click.option("--mailto", is_flag=True, help="Print a mailto: link with subject and body.")
@dated
@pass_vault
def draft_command(context: VaultContext, kind: str, person: str, mailto: bool) -> None:
    """Draft an outreach, thank-you or follow-up message to PERSON.

    Templates: put your own outreach.txt.j2, thank-you.txt.j2 or follow-up.txt.j2
    in the vault's drafts/ folder to replace the shipped ones.

    Example: kith draft thank-you hannah --mailto
    """
    loaded, today = context.vault, context.today
    slug = find_person(loaded, person)
    message = draft(kind, context.snapshot.facts[slug], loaded, today, context.root,
                    settings=context.settings)
    if not context.settings.my_name:
        click.echo("warning: the draft is not signed: set my_name under the kithbook plugin"
                   " in mkdocs.yml", err=True)
    if mailto:
        emails = loaded.people[slug].emails
        if not emails:
            click.echo(f"warning: {loaded.people[slug].name} has no email in"
                       f" {loaded.people[slug].source.path}: the link has no address"
                       f" (kith set {slug} email ...)", err=True)
        click.echo(message.mailto(emails[0] if emails else None))
    else:
        click.echo(f"Subject: {message.subject}\n\n{message.body}", nl=False)


def _inside(root: Path, path: Path) -> str:
    """`path` relative to the vault, or a clear error when it lies outside it."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        raise click.ClickException(f"{path} is outside the vault ({root}); give a path"
                                   " inside it, or none to check everything") from None
