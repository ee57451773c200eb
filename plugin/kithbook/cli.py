"""`kith`: the command-line face of the core (thin: argv -> core -> terminal)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from kithbook.check import check_vault, has_errors
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
