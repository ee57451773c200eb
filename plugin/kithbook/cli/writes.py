"""Commands that change the vault: add, log, meet, thank, done, set, unset, snooze,
rename, merge, init.

Each one creates files exclusively or edits one key in place, prints the path it
wrote, and takes --dry-run and --commit.
"""

from __future__ import annotations

import datetime as dt
import shlex
import subprocess
from pathlib import Path

import click

from kithbook.agenda import conversation
from kithbook.changes import plan_merge, plan_rename
from kithbook.cli import (
    DateParam,
    VaultContext,
    apply_changes,
    dated,
    main,
    pass_vault,
    person_argument,
    refuse_uncommitted,
    show_or_write,
    validated_by,
    writing,
)
from kithbook.cli.exports import NO_ORGANISER, write_invitation
from kithbook.cli.life import (
    into_planned,
    warn_about_outreach,
    warn_if_past,
    when_of,
    when_text,
)
from kithbook.compose import (
    person_file,
    skeleton,
    touch_file,
    touch_stem,
)
from kithbook.dates import parse_cadence, parse_duration, parse_typed_period
from kithbook.edit import (
    Change,
    EditError,
    commit_files,
    create_exclusive,
    parse_value,
    read_text,
    replace_list_item,
    set_key,
    unset_key,
    yaml_line,
)
from kithbook.lookup import NotFound, find_person, safe_slug
from kithbook.model import Kind, Outcome, Period
from kithbook.names import did_you_mean, slug_for
from kithbook.records import PERSON_SCHEMA
from kithbook.records import text as checked_text
from kithbook.referrals import from_referral
from kithbook.wikilinks import with_links_renamed

KINDS = [kind.value for kind in Kind]


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
        commit_files(context.root, [path], message)


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
@click.option("--from-referral", "touch_id", metavar="TOUCH",
              help="The touch that names them in referrals: its first person becomes the"
              " introducer, the source says so, and the entry becomes the new slug.")
@click.option("--edit", "open_editor", is_flag=True, help="Open the new file in $EDITOR.")
@writing
@pass_vault
def add(context: VaultContext, name: str, title: str | None, company: str | None,
        email: tuple[str, ...], tags: tuple[str, ...], source: str | None,
        introduced_by: str | None, priority: str | None, cadence: str | None, suffix: bool,
        touch_id: str | None, open_editor: bool, dry_run: bool, commit: bool) -> None:
    """Add a person: people/SLUG.md, the slug made from NAME.

    \b
    Example: kith add "José Núñez" --company Northwind --tag analytics
             kith add "Linus Example" --from-referral 2026-08-19-jose-nunez-call
    """
    try:
        name = checked_text(name)
    except ValueError as err:
        raise click.ClickException(f"the name {err}; a person needs a name") from None
    introducer = find_person(context.vault, introduced_by) if introduced_by else None
    if touch_id is not None:
        path = _add_from_referral(context, name, touch_id, introducer, source, suffix=suffix,
                                  fields={"title": title, "company": company,
                                          "email": list(email), "tags": list(tags),
                                          "priority": priority, "cadence": cadence},
                                  dry_run=dry_run, commit=commit)
        if open_editor and not dry_run:
            click.edit(filename=str(path))
        return
    fields = {"title": title, "company": company,
              "email": list(email) if len(email) > 1 else (email[0] if email else None),
              "tags": list(tags), "priority": priority, "source": source,
              "introduced_by": introducer, "cadence": cadence}
    slug = _free_slug(context, name, suffix=suffix)
    path = _create(context, context.settings.people_dir, slug, person_file(name, fields),
                   dry_run=dry_run, commit=commit, message=f"Add {name}", numbered=suffix)
    if open_editor and not dry_run:
        click.edit(filename=str(path))


def _add_from_referral(context: VaultContext, name: str, touch_id: str,
                       introducer: str | None, source: str | None, *, suffix: bool,
                       fields: dict[str, object], dry_run: bool, commit: bool) -> Path:
    """Add NAME from the referral that names them in TOUCH, and write the new slug in
    place of that entry: both files in one change (and one commit). The new file's path."""
    loaded = context.vault
    touch = next((t for t in loaded.touches if t.id == touch_id), None)
    if touch is None:
        hint = did_you_mean(touch_id, [t.id for t in loaded.touches])
        raise click.ClickException(f"no touch '{touch_id}' in {context.settings.meetings_dir}/"
                                   f"{hint}")
    found = from_referral(touch, name, loaded)
    if found is None:
        written = ", ".join(repr(r.text) for r in touch.referrals if r.slug is None)
        raise click.ClickException(
            f"{touch.source.path}: no referral names {name!r}"
            + (f" (its referrals without a file: {written})" if written else
               " (it has no referral without a file)"))
    emails = fields.pop("email")
    assert isinstance(emails, list)
    fields.update({"email": emails if len(emails) > 1 else (emails[0] if emails else None),
                   "source": source or found.source,
                   "introduced_by": introducer or found.introducer})
    slug = _free_slug(context, name, suffix=suffix)
    touch_path = context.root / touch.source.path
    try:
        rewritten = replace_list_item(read_text(touch_path), "referrals", found.text, slug)
    except EditError as err:
        raise EditError(f"{touch.source.path}: {err}") from None
    person_path = context.root / context.settings.people_dir / f"{slug}.md"
    touch_change = [Change(touch_path, rewritten.encode())] if found.text != slug else []
    apply_changes(context, [Change(person_path, person_file(name, fields).encode(), create=True),
                            *touch_change],
                  dry_run=dry_run, commit=commit,
                  message=f"Add {name}, referred in {touch.id}")
    return person_path


def _free_slug(context: VaultContext, name: str, *, suffix: bool) -> str:
    """The slug for NAME, numbered with --suffix if taken; an error if taken without it."""
    try:
        slug = safe_slug(slug_for(name))
    except NotFound as err:
        raise click.ClickException(f"{err} (made from the name {name!r})") from None
    folder = context.root / context.settings.people_dir
    if not (folder / f"{slug}.md").exists():
        return slug
    if not suffix:
        raise click.ClickException(
            f"{(folder / f'{slug}.md').relative_to(context.root)} already exists (another"
            f" person with this slug); pass --suffix to add this one as {slug}-2, or edit"
            " the existing file")
    return next(f"{slug}-{n}" for n in range(2, 1000) if not (folder / f"{slug}-{n}.md").exists())


@main.command()
@person_argument("people", nargs=-1, required=True)
@click.option("--kind", type=click.Choice(KINDS), default="meeting", show_default=True)
@click.option("--date", "when", default="today", show_default=True,
              help="YYYY-MM-DD [HH:MM], today, yesterday or a weekday name.")
@click.option("--title")
@click.option("-m", "--message", help="Notes for the body.")
@click.option("--outcome", type=click.Choice([o.value for o in Outcome]),
              help="For --kind reply: yes, later or no.")
@click.option("--until", "until", type=DateParam(),
              help="For --outcome later: when to get back to them.")
@dated
@writing
@pass_vault
def log(context: VaultContext, people: tuple[str, ...], kind: str, when: str,
        title: str | None, message: str | None, outcome: str | None, until: dt.date | None,
        dry_run: bool, commit: bool) -> None:
    """Log a touch with PEOPLE (slugs or parts of names) in meetings/.

    A conversation already in meetings/ for that day (planned with kith meet), or
    a past planned one with no notes yet, gets the notes instead of a second file.

    Example: kith log maya --kind coffee --date yesterday -m "Talked about dbt"
    """
    if (outcome or until) and kind != Kind.REPLY.value:
        raise click.UsageError("--outcome and --until go with --kind reply")
    if until and outcome != Outcome.LATER.value:
        raise click.UsageError("--until goes with --outcome later")
    if Kind(kind).is_conversation and len(people) == 1 and \
            into_planned(context, people[0], Kind(kind), when, message, dry_run, commit):
        return
    fields: dict[str, object] = {"title": title, "outcome": outcome, "until": until}
    _log(context, people, Kind(kind), when, fields, message, dry_run, commit)
    if kind == Kind.OUTREACH.value and message:
        warn_about_outreach(context, message)


def _log(context: VaultContext, people: tuple[str, ...], kind: Kind, when: str,
         fields: dict[str, object], message: str | None, dry_run: bool, commit: bool,
         *, option: str = "--date") -> Path:
    loaded = context.vault
    slugs = [find_person(loaded, query) for query in people]
    day, time = when_of(context, when, option=option)
    text = touch_file(day, time, slugs, kind, fields, message)
    names = " and ".join(loaded.people[s].name for s in slugs)
    return _create(context, context.settings.meetings_dir, touch_stem(day, slugs, kind), text,
                   dry_run=dry_run, commit=commit, numbered=True,
                   message=f"Log {kind.value} with {names} on {day.isoformat()}")


@main.command()
@person_argument("person")
@click.option("--at", "when", required=True, help='When: "YYYY-MM-DD HH:MM".')
@click.option("--kind", type=click.Choice([k.value for k in Kind if k.is_conversation]),
              default="meeting", show_default=True)
@click.option("--duration", callback=validated_by(parse_duration), help="45m, 1h, 1h30m.")
@click.option("--location")
@click.option("--url", help="For a video call.")
@click.option("--title")
@click.option("--ics", "ics", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write an invitation to FILE (see kith invite).")
@dated
@writing
@pass_vault
def meet(context: VaultContext, person: str, when: str, kind: str, duration: str | None,
         location: str | None, url: str | None, title: str | None, ics: Path | None,
         dry_run: bool, commit: bool) -> None:
    """Plan a meeting with PERSON; the site gives it an agenda.

    Example: kith meet jose --at "2026-12-03 15:00" --kind video --url https://example.org/m
    """
    if ics is not None and context.settings.my_email is None:
        raise click.ClickException(NO_ORGANISER)
    fields: dict[str, object] = {"title": title, "location": location, "url": url,
                                 "duration": duration}
    day, time = when_of(context, when, option="--at", ahead=True)
    warn_if_past(context, day, time)
    path = _log(context, (person,), Kind(kind), when_text(day, time), fields, None, dry_run,
                commit, option="--at")
    if ics is not None and dry_run:
        click.echo(f"would write an invitation to {ics}")
    elif ics is not None:
        loaded = context.load()  # again: with the touch just written
        write_invitation(context, loaded, conversation(loaded, path.stem, context.today), ics,
                         cancel=False)


def _today_log_command(name: str, kind: Kind, summary: str, message_help: str,
                       example: str) -> None:
    """Register `kith NAME PEOPLE... [--date WHEN] [-m TEXT]`: log a KIND touch to each
    person (one file each: a thank-you is one message per person), dated today unless
    --date says otherwise."""

    @main.command(name, help=f"{summary}\n\nExample: {example}")
    @person_argument("people", nargs=-1, required=True)
    @click.option("--date", "when", default="today", show_default=True,
                  help="YYYY-MM-DD [HH:MM], today, yesterday or a weekday name.")
    @click.option("-m", "--message", help=message_help)
    @dated
    @writing
    @pass_vault
    def command(context: VaultContext, people: tuple[str, ...], when: str,
                message: str | None, dry_run: bool, commit: bool) -> None:
        slugs = [find_person(context.vault, query) for query in people]  # all found first
        for slug in dict.fromkeys(slugs):
            _log(context, (slug,), kind, when, {}, message, dry_run, commit)


_today_log_command("thank", Kind.THANK_YOU, "Log a thank-you to each of PEOPLE, dated today"
                   " (or --date).", "What you wrote.",
                   'kith thank hannah ingrid --date yesterday -m "Thanked them for the call"')
_today_log_command("done", Kind.FOLLOW_UP, "Log a follow-up to each of PEOPLE, dated today"
                   " (or --date).", "What you sent: a hello, an update, an article.",
                   'kith done priya -m "Sent the article on window functions"')


REMOVE = object()  # the value of a key to remove


def _edit(context: VaultContext, query: str, edits: dict[str, object], *, dry_run: bool,
          commit: bool) -> None:
    """Set (or, with the value REMOVE, remove) keys of one person's file, in one write."""
    loaded = context.vault
    slug = find_person(loaded, query)
    path = context.root / loaded.people[slug].source.path
    relative = path.relative_to(context.root)
    refuse_uncommitted(context, [path], commit=commit, dry_run=dry_run)
    raw = new = read_text(path)
    try:
        for key, value in edits.items():
            new = unset_key(new, key) if value is REMOVE else \
                set_key(new, key, yaml_line(key, value))
    except EditError as err:
        raise EditError(f"{relative}: {err}") from None
    if new == raw:
        click.echo(f"{relative} unchanged")
        return
    if not show_or_write(context, path, new, dry_run=dry_run):
        return
    said = ", ".join(("unset " if value is REMOVE else "set ") + key
                     for key, value in edits.items())
    _done(context, path, commit=commit,
          message=f"{said[:1].upper()}{said[1:]} for {loaded.people[slug].name}")


@main.command("set")
@person_argument("person")
@click.argument("key")
@click.argument("value")
@click.option("--force", is_flag=True, help="Write a key Kithbook does not know.")
@writing
@pass_vault
def set_(context: VaultContext, person: str, key: str, value: str, force: bool,
         dry_run: bool, commit: bool) -> None:
    """Set one front matter KEY of PERSON to VALUE; nothing else in the file changes.

    VALUE is read as YAML when it is a scalar or a flat list (30d, true, [a, b]),
    otherwise as text, and checked as kith check would: a bad value or an
    unknown key (without --force) writes nothing. A new `name` keeps the old
    one in `aka:`, so referrals written with it still find the person.

    Example: kith set maya cadence 30d
    """
    parsed = parse_value(value)
    checked_value(context, key, parsed, force=force)
    if key == "introduced_by":
        parsed = find_person(context.vault, str(parsed))
    edits = {key: parsed}
    if key == "name":
        edits = {**kept_name(context, person, str(parsed)), key: parsed}
    _edit(context, person, edits, dry_run=dry_run, commit=commit)


@main.command()
@person_argument("person")
@click.argument("key")
@writing
@pass_vault
def unset(context: VaultContext, person: str, key: str, dry_run: bool, commit: bool) -> None:
    """Remove one front matter KEY from PERSON's file (not `name`: every person has one).

    Example: kith unset maya snooze_until
    """
    if key == "name":
        raise click.UsageError("name cannot be unset: every person has one (kith set to"
                               " change it)")
    _edit(context, person, {key: REMOVE}, dry_run=dry_run, commit=commit)


def checked_value(context: VaultContext, key: str, value: object, *, force: bool) -> None:
    """The value read by the parser `kith check` uses for `key`; an error otherwise."""
    field = PERSON_SCHEMA.get(key)
    if field is None:
        if force:
            return
        hint = did_you_mean(key, list(PERSON_SCHEMA)).removeprefix("; ")
        raise click.UsageError(f"unknown key '{key}', nothing written" + (f" ({hint})" if hint
                               else "") + "; --force writes it anyway")
    if key == "introduced_by":
        return  # a person reference: resolved like --introduced-by
    try:
        field[1](value)
    except ValueError as err:
        raise click.UsageError(f"{key}: {err}; nothing written") from None


def kept_name(context: VaultContext, query: str, new: str) -> dict[str, object]:
    """The `aka:` edit that keeps a person's old name when `name` changes (once)."""
    person = context.vault.people[find_person(context.vault, query)]
    if person.name == new or person.name in person.aka:
        return {}
    return {"aka": [*person.aka, person.name]}


@main.command()
@person_argument("person")
@click.option("--until", "until", type=DateParam(), help="The last day of the snooze.")
@click.option("--for", "span", callback=validated_by(parse_typed_period, keep_text=False),
              help='A period from today: 2w, 30d, 3m, "2 weeks".')
@dated
@writing
@pass_vault
def snooze(context: VaultContext, person: str, until: dt.date | None, span: Period | None,
           dry_run: bool, commit: bool) -> None:
    """Hide PERSON from the follow-up lists until a date (it does not count as contact).

    Example: kith snooze ben --for 3m
    """
    if (until is None) == (span is None):
        raise click.UsageError("give exactly one of --until DATE and --for PERIOD")
    if span is not None:
        until = span.after(context.today)
    _edit(context, person, {"snooze_until": until}, dry_run=dry_run, commit=commit)


@main.command()
@person_argument("old")
@click.argument("new")
@writing
@pass_vault
def rename(context: VaultContext, old: str, new: str, dry_run: bool, commit: bool) -> None:
    """Change a person's slug from OLD to NEW, and every reference to it ([[links]] too).

    Example: kith rename jose jose-nunez-garcia
    """
    slug = find_person(context.vault, old)
    new = safe_slug(new)
    changes = with_links_renamed(plan_rename(context.vault, context.root, slug, new),
                                 context.vault, context.pages, context.root, slug, new)
    apply_changes(context, changes, dry_run=dry_run, commit=commit,
                  message=f"Rename {slug} to {new}")


@main.command()
@person_argument("duplicate")
@person_argument("keep")
@writing
@pass_vault
def merge(context: VaultContext, duplicate: str, keep: str, dry_run: bool,
          commit: bool) -> None:
    """Merge DUPLICATE into KEEP: front matter joined, bodies concatenated, references
    ([[links]] too) moved.

    Values that differ are reported and KEEP's are kept.

    Example: kith merge ada-l ada-lovelace
    """
    dup_slug, keep_slug = (find_person(context.vault, q) for q in (duplicate, keep))
    changes, conflicts = plan_merge(context.vault, context.root, dup_slug, keep_slug)
    changes = with_links_renamed(changes, context.vault, context.pages, context.root, dup_slug,
                                 keep_slug)
    for conflict in conflicts:
        click.echo(f"conflict: {conflict}", err=True)
    apply_changes(context, changes, dry_run=dry_run, commit=commit,
                  message=f"Merge {dup_slug} into {keep_slug}")


@main.command()
@click.argument("directory", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--example", is_flag=True, help="Add one example person and one touch.")
@click.option("--no-git", is_flag=True, help="Do not make a git repository.")
@click.option("--dry-run", is_flag=True, help="List the files it would create; write nothing.")
@dated
@pass_vault
def init(context: VaultContext, directory: Path, example: bool, no_git: bool,
         dry_run: bool) -> None:
    """Make a new vault in DIRECTORY (default: here), ready for mkdocs serve.

    Example: kith init ~/network --example && cd ~/network && mkdocs serve
    """
    if (directory / "mkdocs.yml").exists() or any(
            any((directory / folder).glob("*.md")) for folder in ("people", "meetings")):
        raise click.ClickException(f"{directory} already holds a vault; nothing was written")
    files = skeleton(context.today_without_vault, example=example)
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
    here = directory.resolve() == Path.cwd().resolve()
    step = "" if here else f"cd {shlex.quote(str(directory))} && "
    click.echo(f"A new vault in {directory.resolve()}. Next: {step}kith add \"Name\""
               " && mkdocs serve")
