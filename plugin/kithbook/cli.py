"""`kith`: the command-line face of the core (thin: argv -> core -> terminal)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path

import click

from kithbook.check import check_vault, has_errors
from kithbook.dates import parse_date
from kithbook.followups import FollowUp, follow_ups, grouped
from kithbook.load import load_vault
from kithbook.model import Problem, Vault
from kithbook.settings import VAULT_ENV, Settings, SettingsError, find_vault, read_settings


class VaultContext:
    """The vault a command works on, found once and loaded on demand."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            self.settings: Settings = read_settings(root)
        except SettingsError as err:
            raise click.ClickException(f"{root / 'mkdocs.yml'}: {err}") from None

    def load(self) -> Vault:
        return load_vault(self.root, self.settings)

    def today(self, given: dt.date | None) -> dt.date:
        """--today, else the `today` setting, else the clock (read here, never in the core)."""
        return given or self.settings.today or dt.date.today()


def locate(vault: Path | None, start: Path) -> VaultContext:
    root = vault or find_vault(start)
    if root is None:
        raise click.ClickException(
            f"no mkdocs.yml in {start.resolve()} or any folder above it; run kith inside a"
            f" vault, or pass --vault DIR (or set {VAULT_ENV})"
        )
    return VaultContext(root.resolve())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--vault", type=click.Path(exists=True, file_okay=False, path_type=Path), envvar=VAULT_ENV,
    help=f"The vault folder (holding mkdocs.yml). Default: found by walking up from the"
    f" current folder; also ${VAULT_ENV}.",
)
@click.version_option(package_name="kithbook")
@click.pass_context
def main(ctx: click.Context, vault: Path | None) -> None:
    """Kithbook: your network of informational interviews, kept as Markdown in git."""
    ctx.obj = vault


@main.command()
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too (as mkdocs build --strict).")
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON on stdout.")
@click.pass_obj
def check(vault: Path | None, path: Path | None, strict: bool, as_json: bool) -> None:
    """Validate the vault, or only the files under PATH.

    Prints `path:line: error|warning: message` for each problem (paths relative
    to the vault) and a summary. Exits 1 on any error, and on warnings with
    --strict.
    """
    context = locate(vault, path or Path.cwd())
    loaded = context.load()
    problems = _under(check_vault(loaded), context.root, path)
    if as_json:
        click.echo(json.dumps([asdict(p) for p in problems], indent=2))
    else:
        for problem in problems:
            click.echo(_styled(problem), err=True)
        click.echo(_summary(problems, loaded), err=True)
    if has_errors(problems, strict=strict):
        raise SystemExit(1)


def _under(problems: tuple[Problem, ...], root: Path, path: Path | None) -> tuple[Problem, ...]:
    """The problems in files at or below `path` (all of them without a path)."""
    if path is None or path.resolve() == root:
        return problems
    prefix = path.resolve().relative_to(root).as_posix()
    return tuple(p for p in problems if p.path == prefix or p.path.startswith(prefix + "/"))


def _styled(problem: Problem) -> str:
    colour = "red" if problem.severity == "error" else "yellow"
    text = problem.format()
    label = f": {problem.severity}:"
    return text.replace(label, ": " + click.style(problem.severity, fg=colour, bold=True) + ":", 1)


def _summary(problems: tuple[Problem, ...], vault: Vault) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    people = _count(len(vault.people), "person", "people")
    scope = f"{people} and {_count(len(vault.touches), 'touch', 'touches')}"
    if not problems:
        return f"No problems in {scope}."
    return f"{_count(errors, 'error')}, {_count(warnings, 'warning')} (read {scope})."


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


class DateParam(click.ParamType):  # type: ignore[type-arg]
    name = "DATE"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(value)
        except ValueError as err:
            self.fail(str(err), param, ctx)


DUE_EXIT = 3


@main.command()
@click.option("--today", type=DateParam(), help="The date to compute for (default: the"
              " `today` setting, else today).")
@click.option("--within", type=click.IntRange(min=0), metavar="DAYS",
              help="Show what falls due in the next DAYS days (default: the `due_soon` setting).")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON on stdout.")
@click.pass_obj
def due(vault: Path | None, today: dt.date | None, within: int | None, as_json: bool) -> None:
    """What to do: thank-yous owed, nudges, hellos due, loops to close, meetings to prepare.

    The same list as the site's Follow-ups page, most urgent first. Exits 0
    when nothing is due today or overdue, 3 when something is, and 1 when
    the vault's settings cannot be read.
    """
    context = locate(vault, Path.cwd())
    loaded = context.load()
    day = context.today(today)
    window = dt.timedelta(days=within) if within is not None else None
    items = follow_ups(loaded, context.settings, day, within=window)
    if as_json:
        click.echo(json.dumps([_due_json(item) for item in items], indent=2))
    else:
        _print_due(items, day)
    if any(item.days_overdue >= 0 for item in items):
        raise SystemExit(DUE_EXIT)


def _due_json(item: FollowUp) -> dict[str, object]:
    return {"person": item.person, "reason": item.reason.value, "due": item.due.isoformat(),
            "days_overdue": item.days_overdue, "state": item.state, "action": item.action,
            "touch": item.touch}


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
