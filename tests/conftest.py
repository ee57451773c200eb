"""Shared test furniture: one `TODAY`, vaults written into tmp_path, people and touches in
memory, one CLI runner, and the example site built once per session."""

from __future__ import annotations

import datetime as dt
import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kithbook.body import Body
from kithbook.cli import main
from kithbook.model import Kind, Person, Source, Touch

from .browser import mkdocs_build

REPO = Path(__file__).resolve().parent.parent

TODAY = dt.date(2026, 11, 26)  # a Thursday; the example vault's `today` too

MKDOCS_YML = f"""\
site_name: Test vault
theme:
  name: material
  font: false
plugins:
  - search
  - kithbook:
      today: {TODAY.isoformat()}
"""

SOURCE = Source("x.md", {})

MakeVault = Callable[..., Path]


# Vaults on disk ------------------------------------------------------------------------


def write_vault(root: Path, files: dict[str, str | bytes], *,
                mkdocs_yml: str = MKDOCS_YML) -> Path:
    """Write `mkdocs.yml`, the three folders and `files` (text dedented) under `root`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    for folder in ("people", "meetings", "docs"):
        (root / folder).mkdir(exist_ok=True)
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def make_vault(tmp_path: Path) -> MakeVault:
    """Write a vault: `make_vault({"people/ada.md": "...", ...}, mkdocs_yml=...)`."""

    def make(files: dict[str, str | bytes], *, mkdocs_yml: str = MKDOCS_YML) -> Path:
        return write_vault(tmp_path / "vault", files, mkdocs_yml=mkdocs_yml)

    return make


# People and touches in memory ----------------------------------------------------------


def person(slug: str = "ada", *, name: str | None = None, body: str = "",
           **fields: Any) -> Person:
    """A person named after the slug unless `name` says otherwise."""
    return Person(slug=slug, name=name or slug.title(), source=SOURCE, body=Body(body, 1),
                  **fields)


def touch(day: str, kind: Kind, *with_: str, body: str = "", id: str | None = None,
          **fields: Any) -> Touch:
    """A touch with Ada unless `with_` names others; its id is `day-kind-with`."""
    with_ = with_ or ("ada",)
    return Touch(id=id or f"{day}-{kind.value}-{'-'.join(with_)}",
                 date=dt.date.fromisoformat(day), time=None, with_=with_, source=SOURCE,
                 body=Body(body, 1), kind=kind, **fields)


# The CLI -------------------------------------------------------------------------------


def kith(vault: Path | None, *args: str, **invoke: Any) -> Result:
    """Run `kith [--vault VAULT] ARGS` in-process; `vault=None` finds the vault from the
    working directory. `invoke` goes to `CliRunner.invoke` (env, input, ...)."""
    options = ["--vault", str(vault)] if vault is not None else []
    return CliRunner().invoke(main, [*options, *args], **invoke)


# The example site, built once ----------------------------------------------------------


@dataclass(frozen=True)
class BuiltSite:
    """A finished `mkdocs build --strict`: the folder and the build's output. Read only:
    copy it (shutil.copytree) before writing into it."""

    path: Path
    result: CompletedProcess[str]


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """This repository's example vault built strict, once per test session."""
    site = tmp_path_factory.mktemp("example-site") / "site"
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return BuiltSite(site, result)


@pytest.fixture(scope="session")
def example_site(example_build: BuiltSite) -> Path:
    """The folder of the example site built once per session (read only)."""
    return example_build.path


# Markers: `pytest -m "not browser and not slow"` is the quick loop ----------------------

BROWSER_SIGNS = ("chromium_page(",)
BROWSER_FIXTURES = {"page"}
SLOW_SIGNS = ("mkdocs_build(", "plain_build(", "dirty_server(", "serve_folder(",
              "load_config(")  # the last: an in-process MkDocs build
SLOW_FIXTURES = {"example_build", "built"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that drives chromium without `browser`, or builds a site without `slow`, is an
    error, so the quick loop stays quick as tests are added."""
    unmarked = [f"{item.nodeid}: needs @pytest.mark.{missing}" for item in items
                if (missing := _missing_marker(item))]
    if unmarked:
        raise pytest.UsageError("unmarked tests:\n" + "\n".join(unmarked))


def _missing_marker(item: pytest.Item) -> str | None:
    if not isinstance(item, pytest.Function):
        return None
    source = inspect.getsource(item.function)
    marks = {mark.name for mark in item.iter_markers()}
    browser = any(sign in source for sign in BROWSER_SIGNS) or BROWSER_FIXTURES & set(
        item.fixturenames)
    if browser and "browser" not in marks:
        return "browser"
    heavy = any(sign in source for sign in SLOW_SIGNS) or SLOW_FIXTURES & set(item.fixturenames)
    if heavy and not marks & {"slow", "browser"}:
        return "slow"
    return None
