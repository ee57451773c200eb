"""`kith`: the command-line face of the core (thin: argv -> core -> terminal)."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import click

from kithbook.agenda import (
    build_agenda,
    planned_conversations,
    read_pitch,
    read_question_bank,
)
from kithbook.changes import plan_merge, plan_rename
from kithbook.check import check_vault, has_errors
from kithbook.compose import (
    parse_when,
    person_file,
    skeleton,
    slug_for,
    touch_file,
    touch_stem,
)
from kithbook.dates import parse_cadence, parse_date, parse_duration, parse_period
from kithbook.drafts import KINDS as DRAFT_KINDS
from kithbook.drafts import draft
from kithbook.edit import (
    Change,
    EditError,
    GitError,
    apply_all,
    commit_files,
    create_exclusive,
    parse_value,
    read_text,
    set_key,
    unset_key,
    write_atomic,
    yaml_line,
)
from kithbook.followups import FollowUp, follow_ups, grouped
from kithbook.formats import contacts as importing
from kithbook.formats.csvexport import people_csv
from kithbook.formats.ics import InvitationError, calendar_feed, invitation
from kithbook.formats.jsonexport import vault_json
from kithbook.formats.linkedin import SOURCE as LINKEDIN
from kithbook.formats.linkedin import read_connections
from kithbook.formats.vcard import contacts_vcf, read_vcards
from kithbook.load import load_vault
from kithbook.lookup import NotFound, find_person, safe_slug
from kithbook.machine import with_local_zone
from kithbook.model import Kind, Period, Problem, Touch, Vault
from kithbook.settings import (
    VAULT_ENV,
    Settings,
    SettingsError,
    find_vault,
    read_docs_dir,
    read_settings,
    read_site,
    with_environment,
)
from kithbook.site.markup import markdown_as_text
from kithbook.site.pages import render_agenda
from kithbook.site.render import RenderError, render_site
from kithbook.site.urls import SiteLinks
from kithbook.timeline import person_facts


class VaultContext:
    """The vault a command works on, found once and loaded on demand."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            # KITH_PUBLISH / KITH_INCOGNITO: `kith render` makes the same site as the plugin
            self.settings: Settings = with_environment(read_settings(root), os.environ)
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
    """Kithbook: your network of informational interviews, kept as Markdown in git.

    \b
    Example:
      kith add "Ada Lovelace" --company "Analytical Engines"
      kith log ada --kind coffee -m "Talked about the engine"
      kith due
    """
    ctx.obj = vault


@main.command()
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too (as mkdocs build --strict).")
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON on stdout.")
@click.pass_obj
def check(vault: Path | None, path: Path | None, strict: bool, as_json: bool) -> None:
    """Validate the vault, or only the files under PATH.

    Example: kith check --strict people/

    Prints `path:line: error|warning: message` for each problem (paths relative
    to the vault) and a summary. Exits 1 on any error, and on warnings with
    --strict.
    """
    context = locate(vault, path or Path.cwd())
    loaded = context.load()
    problems = _under(check_vault(loaded, today=context.today(None)), context.root, path)
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

    Example: kith due --within 30

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


# Writing commands. Each one creates files exclusively or edits one key in place,
# prints the path it wrote, and takes --dry-run and --commit.

def writing(command: Callable[..., None]) -> Callable[..., None]:
    """The options every writing command shares."""
    command = click.option("--dry-run", is_flag=True,
                           help="Print what would be written; write nothing.")(command)
    return click.option("--commit", is_flag=True,
                        help="Commit the change to git, with a message saying what was done.")(
        command)


def _people(context: VaultContext, queries: tuple[str, ...]) -> tuple[Vault, list[str]]:
    loaded = context.load()
    try:
        return loaded, [find_person(loaded, query) for query in queries]
    except NotFound as err:
        raise click.ClickException(str(err)) from None


def _create(context: VaultContext, folder: str, stem: str, text: str, *, dry_run: bool,
            commit: bool, message: str, numbered: bool = False) -> Path:
    """Create `folder/stem.md`; with `numbered`, take `stem-2.md` etc. if it is taken."""
    directory = context.root / folder
    candidates = [stem] + ([f"{stem}-{n}" for n in range(2, 100)] if numbered else [])
    for candidate in candidates:
        path = directory / f"{candidate}.md"
        if dry_run:
            if path.exists():
                continue
            click.echo(f"would create {path.relative_to(context.root)}:\n{text}", nl=False)
            return path
        directory.mkdir(parents=True, exist_ok=True)
        try:
            create_exclusive(path, text)
        except FileExistsError:
            continue
        _done(context, path, commit=commit, message=message)
        return path
    raise click.ClickException(f"{directory / (stem + '.md')} already exists")


def _done(context: VaultContext, path: Path, *, commit: bool, message: str) -> None:
    click.echo(str(path.relative_to(context.root)))
    if commit:
        try:
            commit_files(context.root, [path], message)
        except GitError as err:
            raise click.ClickException(str(err)) from None


@main.command()
@click.argument("name")
@click.option("--title")
@click.option("--company")
@click.option("--email", multiple=True, help="Repeat for several.")
@click.option("--tag", "tags", multiple=True, help="Repeat for several.")
@click.option("--source", help="How you found them.")
@click.option("--introduced-by", help="Who introduced you (a slug or part of a name).")
@click.option("--priority", type=click.Choice(["high", "normal", "low"]))
@click.option("--cadence", callback=validated_by(parse_cadence),
              help="Keep-in-touch interval: 30d, 6w, 3m, 1y or never.")
@click.option("--suffix", is_flag=True, help="If the slug is taken, add -2, -3, ...")
@click.option("--edit", "open_editor", is_flag=True, help="Open the new file in $EDITOR.")
@writing
@click.pass_obj
def add(vault: Path | None, name: str, title: str | None, company: str | None,
        email: tuple[str, ...], tags: tuple[str, ...], source: str | None,
        introduced_by: str | None, priority: str | None, cadence: str | None, suffix: bool,
        open_editor: bool, dry_run: bool, commit: bool) -> None:
    """Add a person: people/SLUG.md, the slug made from NAME.

    Example: kith add "José Núñez" --company Northwind --tag analytics
    """
    context = locate(vault, Path.cwd())
    introducer = _people(context, (introduced_by,))[1][0] if introduced_by else None
    fields = {"title": title, "company": company,
              "email": list(email) if len(email) > 1 else (email[0] if email else None),
              "tags": list(tags), "priority": priority, "source": source,
              "introduced_by": introducer, "cadence": cadence}
    try:
        slug = safe_slug(slug_for(name))
    except NotFound as err:
        raise click.ClickException(f"{err} (made from the name {name!r})") from None
    existing = context.root / context.settings.people_dir / f"{slug}.md"
    if existing.exists() and not suffix:
        raise click.ClickException(
            f"{existing.relative_to(context.root)} already exists (another person with this"
            " slug); pass --suffix to add this one as "
            f"{slug}-2, or edit the existing file")
    path = _create(context, context.settings.people_dir, slug, person_file(name, fields),
                   dry_run=dry_run, commit=commit, message=f"Add {name}", numbered=suffix)
    if open_editor and not dry_run:
        click.edit(filename=str(path))


KINDS = [kind.value for kind in Kind]


@main.command()
@click.argument("people", nargs=-1, required=True)
@click.option("--kind", type=click.Choice(KINDS), default="meeting", show_default=True)
@click.option("--date", "when", default="today", show_default=True,
              help="YYYY-MM-DD [HH:MM], today, yesterday or a weekday name.")
@click.option("--title")
@click.option("-m", "--message", help="Notes for the body.")
@writing
@click.pass_obj
def log(vault: Path | None, people: tuple[str, ...], kind: str, when: str, title: str | None,
        message: str | None, dry_run: bool, commit: bool) -> None:
    """Log a touch with PEOPLE (slugs or parts of names) in meetings/.

    Example: kith log maya --kind coffee --date yesterday -m "Talked about dbt"
    """
    context = locate(vault, Path.cwd())
    _log(context, people, Kind(kind), when, {"title": title}, message, dry_run, commit)


def _log(context: VaultContext, people: tuple[str, ...], kind: Kind, when: str,
         fields: dict[str, object], message: str | None, dry_run: bool, commit: bool) -> Path:
    loaded, slugs = _people(context, people)
    try:
        day, time = parse_when(when, context.today(None))
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--date") from None
    text = touch_file(day, time, slugs, kind, fields, message)
    names = " and ".join(loaded.people[s].name for s in slugs)
    return _create(context, context.settings.meetings_dir, touch_stem(day, slugs, kind), text,
                   dry_run=dry_run, commit=commit, numbered=True,
                   message=f"Log {kind.value} with {names} on {day.isoformat()}")


@main.command()
@click.argument("person")
@click.option("--at", "when", required=True, help='When: "YYYY-MM-DD HH:MM".')
@click.option("--kind", type=click.Choice([k.value for k in Kind if k.is_conversation]),
              default="meeting", show_default=True)
@click.option("--duration", callback=validated_by(parse_duration), help="45m, 1h, 1h30m.")
@click.option("--location")
@click.option("--url", help="For a video call.")
@click.option("--title")
@click.option("--ics", "ics", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write an invitation to FILE (see kith invite).")
@writing
@click.pass_obj
def meet(vault: Path | None, person: str, when: str, kind: str, duration: str | None,
         location: str | None, url: str | None, title: str | None, ics: Path | None,
         dry_run: bool, commit: bool) -> None:
    """Plan a meeting with PERSON; the site gives it an agenda.

    Example: kith meet jose --at "2026-12-03 15:00" --kind video --url https://example.org/m
    """
    context = locate(vault, Path.cwd())
    if ics is not None and context.settings.my_email is None:
        raise click.ClickException(_NO_ORGANISER)
    fields: dict[str, object] = {"title": title, "location": location, "url": url,
                                 "duration": duration}
    path = _log(context, (person,), Kind(kind), when, fields, None, dry_run, commit)
    if ics is not None and dry_run:
        click.echo(f"would write an invitation to {ics}")
    elif ics is not None:
        loaded = context.load()
        _write_invitation(context, loaded, _touch(loaded, path.stem, context), ics,
                          cancel=False)


def _today_log_command(name: str, kind: Kind, summary: str, message_help: str,
                       example: str) -> None:
    """Register `kith NAME PERSON [-m TEXT]`: log a KIND touch to PERSON dated today."""

    @main.command(name, help=f"{summary}\n\nExample: {example}")
    @click.argument("person")
    @click.option("-m", "--message", help=message_help)
    @writing
    @click.pass_obj
    def command(vault: Path | None, person: str, message: str | None, dry_run: bool,
                commit: bool) -> None:
        context = locate(vault, Path.cwd())
        _log(context, (person,), kind, "today", {}, message, dry_run, commit)


_today_log_command("thank", Kind.THANK_YOU, "Log a thank-you to PERSON, dated today.",
                   "What you wrote.", 'kith thank hannah -m "Thanked her for the call"')
_today_log_command("done", Kind.FOLLOW_UP, "Log a follow-up to PERSON, dated today.",
                   "What you sent: a hello, an update, an article.",
                   'kith done priya -m "Sent the article on window functions"')


def _edit(context: VaultContext, query: str, key: str, value: object, *, remove: bool,
          dry_run: bool, commit: bool) -> None:
    loaded, (slug,) = _people(context, (query,))
    path = context.root / loaded.people[slug].source.path
    raw = read_text(path)
    try:
        new = unset_key(raw, key) if remove else set_key(raw, key, yaml_line(key, value))
    except EditError as err:
        raise click.ClickException(f"{path.relative_to(context.root)}: {err}") from None
    if new == raw:
        click.echo(f"{path.relative_to(context.root)} unchanged")
        return
    if dry_run:
        diff = difflib.unified_diff(raw.splitlines(True), new.splitlines(True),
                                    str(path.relative_to(context.root)), "after")
        click.echo("".join(diff), nl=False)
        return
    write_atomic(path, new.encode("utf-8"))
    verb = "Unset" if remove else "Set"
    _done(context, path, commit=commit, message=f"{verb} {key} for {loaded.people[slug].name}")


@main.command("set")
@click.argument("person")
@click.argument("key")
@click.argument("value")
@writing
@click.pass_obj
def set_(vault: Path | None, person: str, key: str, value: str, dry_run: bool,
         commit: bool) -> None:
    """Set one front matter KEY of PERSON to VALUE; nothing else in the file changes.

    VALUE is read as YAML when it is a scalar or a flat list (30d, true, [a, b]),
    otherwise as text.

    Example: kith set maya cadence 30d
    """
    context = locate(vault, Path.cwd())
    _edit(context, person, key, parse_value(value), remove=False, dry_run=dry_run,
          commit=commit)


@main.command()
@click.argument("person")
@click.argument("key")
@writing
@click.pass_obj
def unset(vault: Path | None, person: str, key: str, dry_run: bool, commit: bool) -> None:
    """Remove one front matter KEY from PERSON's file.

    Example: kith unset maya snooze_until
    """
    context = locate(vault, Path.cwd())
    _edit(context, person, key, None, remove=True, dry_run=dry_run, commit=commit)


@main.command()
@click.argument("person")
@click.option("--until", "until", type=DateParam(), help="The last day of the snooze.")
@click.option("--for", "span", callback=validated_by(parse_period, keep_text=False),
              help="A period from today: 2w, 30d, 3m.")
@writing
@click.pass_obj
def snooze(vault: Path | None, person: str, until: dt.date | None, span: Period | None,
           dry_run: bool, commit: bool) -> None:
    """Hide PERSON from the follow-up lists until a date (it does not count as contact).

    Example: kith snooze ben --for 3m
    """
    context = locate(vault, Path.cwd())
    if (until is None) == (span is None):
        raise click.UsageError("give exactly one of --until DATE and --for PERIOD")
    if span is not None:
        until = span.after(context.today(None))
    _edit(context, person, "snooze_until", until, remove=False, dry_run=dry_run, commit=commit)


def _apply(context: VaultContext, changes: list[Change], *, dry_run: bool, commit: bool,
           message: str) -> None:
    """Show (dry run) or apply a multi-file change, all of it or none."""
    for change in changes:
        relative = change.path.relative_to(context.root)
        if dry_run:
            before = "" if change.create else read_text(change.path)
            after = "" if change.data is None else change.data.decode("utf-8")
            click.echo("".join(difflib.unified_diff(
                before.splitlines(True), after.splitlines(True),
                "/dev/null" if change.create else str(relative),
                "/dev/null" if change.data is None else str(relative))), nl=False)
    if dry_run:
        return
    try:
        apply_all(changes)
    except (EditError, OSError) as err:
        raise click.ClickException(f"nothing was changed: {err}") from None
    for change in changes:
        verb = "removed" if change.data is None else "wrote"
        click.echo(f"{verb} {change.path.relative_to(context.root)}")
    if commit:
        try:
            commit_files(context.root, [c.path for c in changes], message)
        except GitError as err:
            raise click.ClickException(str(err)) from None


@main.command()
@click.argument("old")
@click.argument("new")
@writing
@click.pass_obj
def rename(vault: Path | None, old: str, new: str, dry_run: bool, commit: bool) -> None:
    """Change a person's slug from OLD to NEW, and every reference to it.

    Example: kith rename jose jose-nunez-garcia
    """
    context = locate(vault, Path.cwd())
    loaded, (slug,) = _people(context, (old,))
    try:
        changes = plan_rename(loaded, context.root, slug, safe_slug(new))
    except (EditError, NotFound) as err:
        raise click.ClickException(str(err)) from None
    _apply(context, changes, dry_run=dry_run, commit=commit, message=f"Rename {slug} to {new}")


@main.command()
@click.argument("duplicate")
@click.argument("keep")
@writing
@click.pass_obj
def merge(vault: Path | None, duplicate: str, keep: str, dry_run: bool, commit: bool) -> None:
    """Merge DUPLICATE into KEEP: front matter joined, bodies concatenated, references moved.

    Values that differ are reported and KEEP's are kept.

    Example: kith merge ada-l ada-lovelace
    """
    context = locate(vault, Path.cwd())
    loaded, (dup_slug, keep_slug) = _people(context, (duplicate, keep))
    try:
        changes, conflicts = plan_merge(loaded, context.root, dup_slug, keep_slug)
    except EditError as err:
        raise click.ClickException(str(err)) from None
    for conflict in conflicts:
        click.echo(f"conflict: {conflict}", err=True)
    _apply(context, changes, dry_run=dry_run, commit=commit,
           message=f"Merge {dup_slug} into {keep_slug}")


@main.command()
@click.argument("directory", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--example", is_flag=True, help="Add one example person and one touch.")
@click.option("--no-git", is_flag=True, help="Do not make a git repository.")
@click.option("--dry-run", is_flag=True, help="List the files it would create; write nothing.")
def init(directory: Path, example: bool, no_git: bool, dry_run: bool) -> None:
    """Make a new vault in DIRECTORY (default: here), ready for mkdocs serve.

    Example: kith init ~/network --example && cd ~/network && mkdocs serve
    """
    if (directory / "mkdocs.yml").exists() or any(
            any((directory / folder).glob("*.md")) for folder in ("people", "meetings")):
        raise click.ClickException(f"{directory} already holds a vault; nothing was written")
    files = skeleton(dt.date.today(), example=example)
    if dry_run:
        for relative in files:
            click.echo(f"would create {directory / relative}")
        return
    for relative, text in files.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            create_exclusive(path, text)
        except FileExistsError:
            click.echo(f"kept the existing {relative}", err=True)
    if not no_git and not (directory / ".git").exists():
        subprocess.run(["git", "init", "-q", str(directory)], check=False)
    click.echo(f"A new vault in {directory}. Next: cd {directory} && kith add \"Name\""
               " && mkdocs serve")


@main.command()
@click.argument("which", required=False)
@click.option("--format", "output", type=click.Choice(["text", "md"]), default="text",
              show_default=True, help="Plain text for the terminal, or Markdown.")
@click.pass_obj
def agenda(vault: Path | None, which: str | None, output: str) -> None:
    """The agenda of a planned conversation: WHICH is a touch id or a person
    (their next one); without it, the next conversation in the calendar.

    Example: kith agenda jose --format md > agenda.md
    """
    context = locate(vault, Path.cwd())
    loaded = context.load()
    today = context.today(None)
    planned = planned_conversations(loaded, today)
    if which is not None and not any(t.id == which for t in planned):
        slug = _people(context, (which,))[1][0]
        planned = [t for t in planned if slug in t.with_]
    elif which is not None:
        planned = [t for t in planned if t.id == which]
    if not planned:
        raise click.ClickException(f"no conversation planned after {today.isoformat()}"
                                   + (f" with {which}" if which else ""))
    docs = read_docs_dir(context.root)
    facts = person_facts(loaded, context.settings, today)
    built = build_agenda(planned[0], loaded, facts, today, read_question_bank(
        docs / "questions.md"), read_pitch(docs / "pitch.md"))
    markdown = render_agenda(built, loaded, today)
    click.echo(markdown if output == "md" else markdown_as_text(markdown), nl=False)


@main.command("draft")
@click.argument("kind", type=click.Choice(DRAFT_KINDS))
@click.argument("person")
@click.option("--mailto", is_flag=True, help="Print a mailto: link with subject and body.")
@click.pass_obj
def draft_command(vault: Path | None, kind: str, person: str, mailto: bool) -> None:
    """Draft an outreach, thank-you or follow-up message to PERSON.

    Templates: put your own outreach.txt.j2, thank-you.txt.j2 or follow-up.txt.j2
    in the vault's drafts/ folder to replace the shipped ones.

    Example: kith draft thank-you hannah --mailto
    """
    context = locate(vault, Path.cwd())
    loaded, (slug,) = _people(context, (person,))
    today = context.today(None)
    facts = person_facts(loaded, context.settings, today)
    message = draft(kind, facts[slug], loaded, today, context.root)
    if mailto:
        emails = loaded.people[slug].emails
        click.echo(message.mailto(emails[0] if emails else None))
    else:
        click.echo(f"Subject: {message.subject}\n\n{message.body}", nl=False)


# Calendars and contacts, out and in.

_NO_ORGANISER = ("an invitation needs an organiser: set my_email (and my_name) under the"
                 " kithbook plugin in mkdocs.yml")
_OUT = click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
                    help="Write to FILE instead of standard output.")
_TODAY = click.option("--today", type=DateParam(),
                      help="The date to compute for (default: the `today` setting, else today).")


def _emit(data: bytes, out: Path | None) -> None:
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
@_TODAY
@click.pass_obj
def export_ics(vault: Path | None, out: Path | None, today: dt.date | None) -> None:
    """Planned conversations and follow-up due dates as iCalendar: the site's calendar.ics.

    Times without an offset are in the `timezone` setting (default: this
    machine's zone); links point at `site_url` when mkdocs.yml sets it.

    Example: kith export ics --out calendar.ics
    """
    context = locate(vault, Path.cwd())
    links, name = _site_links(context)
    _emit(calendar_feed(context.load(), with_local_zone(context.settings), context.today(today),
                        links=links, name=name), out)


@export.command("vcard")
@_OUT
@_TODAY
@click.pass_obj
def export_vcard(vault: Path | None, out: Path | None, today: dt.date | None) -> None:
    """Every person as a vCard 3.0: the site's contacts.vcf.

    Example: kith export vcard --out contacts.vcf
    """
    context = locate(vault, Path.cwd())
    _emit(contacts_vcf(context.load(), context.settings, context.today(today)), out)


@export.command("json")
@_OUT
@_TODAY
@click.pass_obj
def export_json(vault: Path | None, out: Path | None, today: dt.date | None) -> None:
    """The whole vault as one JSON document: people, touches, derived stages, problems.

    Example: kith export json --out vault.json
    """
    context = locate(vault, Path.cwd())
    loaded = context.load()
    day = context.today(today)
    text = vault_json(loaded, context.settings, day, check_vault(loaded, today=day))
    _emit(text.encode("utf-8"), out)


@export.command("csv")
@_OUT
@_TODAY
@click.pass_obj
def export_csv(vault: Path | None, out: Path | None, today: dt.date | None) -> None:
    """People as CSV, one row each, for spreadsheets and mail merges.

    Example: kith export csv --out people.csv
    """
    context = locate(vault, Path.cwd())
    _emit(people_csv(context.load(), context.settings, context.today(today)).encode("utf-8"),
          out)


@main.command()
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write (made, or replaced if kith render made it before).")
@_TODAY
@click.pass_obj
def render(vault: Path | None, out: Path, today: dt.date | None) -> None:
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
    context = locate(vault, Path.cwd())
    try:
        done = render_site(context.root, with_local_zone(context.settings),
                           context.today(today), out)
    except RenderError as err:
        raise click.ClickException(str(err)) from None
    except OSError as err:
        raise click.ClickException(f"cannot write {out}: {err.strerror}") from None
    for problem in done.problems:
        click.echo(_styled(problem), err=True)
    click.echo(f"wrote {done.out}: {_count(done.generated, 'generated file')}, "
               f"{_count(done.own, 'file')} of your own and mkdocs.yml", err=True)


@main.command()
@click.argument("which")
@_OUT
@click.option("--cancel", is_flag=True, help="Write a cancellation instead (METHOD:CANCEL).")
@click.pass_obj
def invite(vault: Path | None, which: str, out: Path | None, cancel: bool) -> None:
    """An invitation to a planned conversation (.ics, METHOD:REQUEST), to attach to an email.

    WHICH is a touch id, or a person (their next planned conversation). The
    organiser is `my_name` and `my_email`; every person with an email address
    is an attendee. Its UID is the one calendar.ics uses, so sending it again
    after changing the time updates their calendar.

    Example: kith invite jose --out invitation.ics
    """
    context = locate(vault, Path.cwd())
    loaded = context.load()
    touch = _touch(loaded, which, context)
    _write_invitation(context, loaded, touch, out, cancel=cancel)


def _touch(loaded: Vault, which: str, context: VaultContext) -> Touch:
    """The touch with id `which`, or the next conversation planned with that person."""
    found = next((t for t in loaded.touches if t.id == which), None)
    if found is not None:
        return found
    slug = _people(context, (which,))[1][0]
    today = context.today(None)
    planned = [t for t in loaded.touches if slug in t.with_ and t.kind.is_conversation
               and t.date >= today]
    if not planned:
        raise click.ClickException(f"no conversation planned with {loaded.people[slug].name}"
                                   f" from {today.isoformat()} on; plan one with kith meet")
    return planned[0]


def _write_invitation(context: VaultContext, loaded: Vault, touch: Touch, out: Path | None,
                      *, cancel: bool) -> None:
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)  # later stamps update invitations
    try:
        data, uninvited = invitation(touch, loaded, with_local_zone(context.settings),
                                     stamp=stamp, cancel=cancel)
    except InvitationError as err:
        raise click.ClickException(str(err)) from None
    for person in uninvited:
        click.echo(f"{person.name} has no email address: add them as a guest yourself",
                   err=True)
    _emit(data, out)


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
@click.pass_obj
def import_vcard(vault: Path | None, files: tuple[Path, ...], update: bool, dry_run: bool,
                 commit: bool) -> None:
    """People from .vcf files: Google Contacts, Apple Contacts, Outlook (vCard 2.1, 3.0, 4.0).

    Name, organisation, title, emails, phones, URLs, the city of the address,
    categories (as tags) and the note (as `source`) are kept; photos and the
    rest are not. Exits 1 when a card could not be read (the rest still come in).

    Example: kith import vcard ~/Downloads/contacts.vcf --dry-run
    """
    context = locate(vault, Path.cwd())
    results = [read_vcards(path.read_bytes(), str(path)) for path in files]
    _import(context, results, update=update, dry_run=dry_run, commit=commit, unit="card",
            source=None, message=f"Import people from {', '.join(p.name for p in files)}")


@import_.command("linkedin")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_UPDATE
@writing
@click.pass_obj
def import_linkedin(vault: Path | None, file: Path, update: bool, dry_run: bool,
                    commit: bool) -> None:
    """Connections from LinkedIn's data export (Connections.csv).

    First and last name, URL, email address, company and position are kept;
    new people get `source: LinkedIn`, and "Connected On" becomes a `note`
    touch ("Connected on LinkedIn") on that date.

    Example: kith import linkedin ~/Downloads/Connections.csv --dry-run
    """
    context = locate(vault, Path.cwd())
    _import(context, [read_connections(file.read_bytes(), str(file))], update=update,
            dry_run=dry_run, commit=commit, unit="row", source=LINKEDIN,
            message=f"Import LinkedIn connections from {file.name}")


PROGRESS_FROM = 100  # records: fewer than this need no progress bar


def _import(context: VaultContext, results: list[importing.ReadResult], *, update: bool,
            dry_run: bool, commit: bool, unit: str, source: str | None, message: str) -> None:
    for result in results:
        for problem in result.problems:
            click.echo(_styled(problem), err=True)
    contacts = [contact for result in results for contact in result.contacts]
    importer = importing.Importer(context.load(), context.root, context.settings,
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
    rejected = sum(result.rejected for result in results)
    not_people = sum(result.not_people for result in results)
    for line in importing.summary(outcomes, rejected, unit, not_people, dry_run=dry_run):
        click.echo(line, err=True)
    if commit and written and not dry_run:
        try:
            commit_files(context.root, written, message)
        except GitError as err:
            raise click.ClickException(str(err)) from None
    if rejected or any(p.severity == "error" for r in results for p in r.problems):
        raise SystemExit(1)
