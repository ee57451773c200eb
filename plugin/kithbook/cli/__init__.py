"""`kith`: the command-line face of the core (thin: argv -> core -> terminal).

This module holds what every command shares: the group `main`, the context
object Click hands each command (the vault found once, its settings, the vault
loaded once, `today` resolved once), the shared options and the one place where
the core's errors become Click errors. The commands live by concern in
`views` (read and show), `writes` (change the vault), `exports` and `imports`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
import zoneinfo
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

import click

from kithbook.agenda import read_pitch, read_question_bank
from kithbook.dates import parse_date
from kithbook.edit import (
    Change,
    EditError,
    apply_all,
    commit_files,
    read_text,
    uncommitted,
    vault_lock,
    write_atomic,
)
from kithbook.errors import KithError
from kithbook.load import load_vault, record_files
from kithbook.machine import with_local_zone
from kithbook.model import Problem, Vault
from kithbook.settings import (
    VAULT_ENV,
    Settings,
    SettingsError,
    find_vault,
    lists_plugin,
    read_docs_dir,
    read_settings,
    with_environment,
)
from kithbook.snapshot import Snapshot
from kithbook.wikilinks import DocPage, read_pages


class VaultContext:
    """What a command works from, each part resolved once and only when first used.

    The vault folder is found from `start` (the current folder; `kith check PATH`
    starts at PATH) unless --vault names it. `today` is --today, else the `today`
    setting, else the clock in the vault's time zone: the clock is read here and
    nowhere else in the CLI (`now`), never in the core.
    """

    def __init__(self, given: Path | None = None) -> None:
        self.given = given
        self.start = Path.cwd()
        self.given_today: dt.date | None = None  # set by the --today option

    @cached_property
    def root(self) -> Path:
        root = self.given or find_vault(self.start)
        if root is None:
            raise KithError(
                f"no mkdocs.yml in {self.start.resolve()} or any folder above it; run kith"
                f" inside a vault, or pass --vault DIR (or set {VAULT_ENV})")
        if (root / "mkdocs.yml").is_file() and not lists_plugin(root):
            raise KithError(
                f"{(root / 'mkdocs.yml').resolve()} does not list the kithbook plugin, so this"
                " is an MkDocs project but not a Kithbook vault: add `- kithbook` under"
                " `plugins:` (see kith init), or pass --vault DIR")
        return root.resolve()

    @cached_property
    def settings(self) -> Settings:
        try:
            # KITH_PUBLISH / KITH_INCOGNITO: `kith render` makes the same site as the plugin
            return with_environment(read_settings(self.root), os.environ)
        except SettingsError as err:
            line = f":{err.line}" if err.line else ""
            raise KithError(f"{self.root / 'mkdocs.yml'}{line}: {err}") from None

    @cached_property
    def zoned(self) -> Settings:
        """The settings with the machine's zone filled in where `timezone` is unset."""
        return with_local_zone(self.settings)

    @cached_property
    def vault(self) -> Vault:
        """The vault as loaded once for this command."""
        return self.load()

    def forget_vault(self) -> None:
        """Drop the vault read so far (and what was worked out from it): the next use
        reads the files again."""
        for name in ("vault", "snapshot", "pages"):
            self.__dict__.pop(name, None)

    @cached_property
    def pages(self) -> tuple[DocPage, ...]:
        """The vault's hand-written docs pages (their [[links]] are checked and renamed)."""
        return read_pages(self.root, read_docs_dir(self.root))

    def load(self) -> Vault:
        """The vault read again from disk (after a command wrote to it)."""
        return load_vault(self.root, self.settings)

    @cached_property
    def snapshot(self) -> Snapshot:
        """The vault as of `today`, everything derived from it worked out once, when asked."""
        docs = read_docs_dir(self.root)
        return Snapshot(self.vault, self.zoned, self.today,
                        bank=read_question_bank(docs / "questions.md"),
                        pitch=read_pitch(docs / "pitch.md"))

    @cached_property
    def now(self) -> dt.datetime:
        """The one clock read of the CLI (UTC)."""
        return dt.datetime.now(dt.UTC)

    @cached_property
    def today(self) -> dt.date:
        """--today, else the `today` setting, else today's date in the vault's time zone."""
        return today_for(self.settings, self.now, given=self.given_today)

    @property
    def today_without_vault(self) -> dt.date:
        """--today, else the machine's date: for `kith init`, which has no vault yet."""
        return self.given_today or self.now.astimezone().date()


def today_for(settings: Settings, now: dt.datetime, *, given: dt.date | None = None) -> dt.date:
    """--today (`given`), else the `today` setting, else the date of `now` in the vault's
    time zone (the machine's when the vault sets none)."""
    if given is not None:
        return given
    if settings.today is not None:
        return settings.today
    zone = with_local_zone(settings).timezone
    return (now.astimezone(zoneinfo.ZoneInfo(zone)) if zone else now.astimezone()).date()


pass_vault = click.make_pass_decorator(VaultContext)


class KithGroup(click.Group):
    """The `kith` group: the one place where the core's user-facing errors (`KithError`)
    become Click errors (message on stderr, exit status 1), for every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KithError as err:
            raise click.ClickException(str(err)) from None


@click.group(cls=KithGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--vault", type=click.Path(exists=True, file_okay=False, path_type=Path), envvar=VAULT_ENV,
    help=f"The vault folder (holding mkdocs.yml). Default: found by walking up from the"
    f" current folder; also ${VAULT_ENV}.",
)
@click.version_option(package_name="kithbook")
@click.pass_context
def main(ctx: click.Context, vault: Path | None) -> None:
    """Kithbook: your network of informational interviews, kept as Markdown in git.

    \b
    Example:
      kith add "Ada Lovelace" --company "Analytical Engines"
      kith log ada --kind coffee -m "Talked about the engine"
      kith due
    """
    ctx.obj = VaultContext(vault)


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


def _remember_today(ctx: click.Context, param: click.Parameter,
                    value: dt.date | None) -> None:
    if value is not None:
        ctx.ensure_object(VaultContext).given_today = value


def dated(command: Callable[..., None]) -> Callable[..., None]:
    """The --today option of every command that reads the date; the context keeps it."""
    return click.option(
        "--today", type=DateParam(), expose_value=False, callback=_remember_today,
        help="The date to compute for (default: the `today` setting, else today).")(command)


def validated_by(parse: Callable[[str], object], *, keep_text: bool = True
                 ) -> Callable[[click.Context, click.Parameter, str | None], object]:
    """An option callback that checks the value with a core parser (and keeps the text
    as typed, to be written to the file, unless `keep_text` is false)."""
    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> object:
        if value is None:
            return None
        try:
            parsed = parse(value)
        except ValueError as err:
            raise click.BadParameter(str(err), ctx, param) from None
        return value if keep_text else parsed
    return callback


def writing(command: Callable[..., None]) -> Callable[..., None]:
    """The options every writing command shares, and the vault's lock (`edit.vault_lock`)
    held for the whole command: its planning reads the vault as the lock found it
    (anything read before, while parsing arguments, is read again)."""

    @functools.wraps(command)
    def locked(*args: Any, **kwargs: Any) -> None:
        context = click.get_current_context().ensure_object(VaultContext)
        with vault_lock(context.root):
            context.forget_vault()
            command(*args, **kwargs)

    with_dry_run = click.option("--dry-run", is_flag=True,
                                help="Print what would be written; write nothing.")(locked)
    return click.option("--commit", is_flag=True,
                        help="Commit the change to git, with a message saying what was done.")(
        with_dry_run)


def _completion_root(ctx: click.Context) -> Path | None:
    """The vault a command line being completed works in (--vault, $KITH_VAULT, or found
    from the current folder): completion runs before `main` has made its context object."""
    given = ctx.find_root().params.get("vault")
    return Path(given) if given else find_vault(Path.cwd())


def _stems(ctx: click.Context, folders: Callable[[Settings], list[str]]) -> list[str]:
    """The file stems of the record folders `folders` names; nothing outside a vault."""
    root = _completion_root(ctx)
    if root is None:
        return []
    try:
        settings = read_settings(root)
    except SettingsError:
        return []
    return [path.stem for folder in folders(settings) for path in record_files(root / folder)]


def complete_people(ctx: click.Context, param: click.Parameter,
                    incomplete: str) -> list[str]:
    """Person slugs starting with what was typed (the shell's completion of PERSON)."""
    stems = _stems(ctx, lambda settings: [settings.people_dir])
    return [stem for stem in stems if stem.startswith(incomplete)]


def complete_records(ctx: click.Context, param: click.Parameter,
                     incomplete: str) -> list[str]:
    """Person slugs and touch ids starting with what was typed (PERSON|TOUCH)."""
    stems = _stems(ctx, lambda settings: [settings.people_dir, settings.meetings_dir])
    return [stem for stem in stems if stem.startswith(incomplete)]


def person_argument(name: str, **options: Any) -> Callable[[Callable[..., None]],
                                                           Callable[..., None]]:
    """An argument naming a person, completed from people/ by the shell."""
    return click.argument(name, shell_complete=complete_people, **options)


def record_argument(name: str, **options: Any) -> Callable[[Callable[..., None]],
                                                           Callable[..., None]]:
    """An argument naming a person or a touch, completed from both folders by the shell."""
    return click.argument(name, shell_complete=complete_records, **options)


def refuse_uncommitted(context: VaultContext, paths: list[Path], *, commit: bool,
                       dry_run: bool = False) -> None:
    """With --commit, refuse before writing anything when a file the command would edit
    holds edits of the user's that are not committed: the commit would take them too."""
    if not commit or dry_run:
        return
    dirty = uncommitted(context.root, paths)
    if dirty:
        files = ", ".join(dirty)
        raise KithError(
            f"{files} {'has' if len(dirty) == 1 else 'have'} changes that are not committed,"
            " and --commit would commit them with this command's change; nothing was"
            " written. Commit or stash them first, or run the command without --commit")


def apply_changes(context: VaultContext, changes: list[Change], *, dry_run: bool,
                  commit: bool, message: str) -> None:
    """Show (dry run: a diff of each file) or apply a change of one or more files, all
    of it or none, and commit it with `message` when asked (refused, before anything is
    written, when a file to edit holds uncommitted edits)."""
    refuse_uncommitted(context, [c.path for c in changes if not c.create], commit=commit,
                       dry_run=dry_run)
    if dry_run:
        for change in changes:
            click.echo(file_diff(context, change), nl=False)
        return
    try:
        apply_all(changes)
    except (EditError, OSError) as err:
        raise click.ClickException(f"nothing was changed: {err}") from None
    for change in changes:
        verb = "removed" if change.data is None else "wrote"
        click.echo(f"{verb} {change.path.relative_to(context.root)}")
    if commit:
        commit_files(context.root, [c.path for c in changes], message)


def show_or_write(context: VaultContext, path: Path, new: str, *, dry_run: bool) -> bool:
    """A dry run prints the diff `new` would make to the file at `path`; otherwise the
    file is replaced with `new` in one write. True when it was written."""
    data = new.encode("utf-8")
    if dry_run:
        click.echo(file_diff(context, Change(path, data)), nl=False)
        return False
    write_atomic(path, data)
    return True


def file_diff(context: VaultContext, change: Change) -> str:
    """The unified diff a change would make to its file."""
    relative = str(change.path.relative_to(context.root))
    before = "" if change.create else read_text(change.path)
    after = "" if change.data is None else change.data.decode("utf-8")
    return "".join(difflib.unified_diff(
        before.splitlines(True), after.splitlines(True),
        "/dev/null" if change.create else relative,
        "/dev/null" if change.data is None else relative))


def styled(problem: Problem) -> str:
    """A problem as `path:line: severity: message`, the severity in colour."""
    colour = "red" if problem.severity == "error" else "yellow"
    label = f": {problem.severity}:"
    return problem.format().replace(
        label, ": " + click.style(problem.severity, fg=colour, bold=True) + ":", 1)


# The commands register themselves on `main` when their modules are imported.
from kithbook.cli import editors, exports, imports, life, views, writes  # noqa: E402

__all__ = ["editors", "exports", "imports", "life", "main", "views", "writes"]
