"""The docs cannot drift: the CLI reference is generated from the CLI's own help."""

from __future__ import annotations

import os

import click

from kithbook.cli import main
from kithbook.settings import PARSERS

from .conftest import REPO, kith

CLI_DOC = REPO / "docs/guide/cli.md"
UPDATE = os.environ.get("KITH_UPDATE_GOLDEN") == "1"


def cli_reference() -> str:
    parts = ["# Command reference\n\n",
             "Generated from `kith --help` and each command's help by `tests/test_docs.py`;\n",
             "run `KITH_UPDATE_GOLDEN=1 pytest tests/test_docs.py` after changing a command.\n\n",
             "```text\n", help_text([]), "```\n"]
    for name in sorted(main.commands):
        parts += [f"\n## kith {name}\n\n```text\n", help_text([name]), "```\n"]
        for sub in subcommands(name):
            parts += [f"\n### kith {name} {sub}\n\n```text\n", help_text([name, sub]),
                      "```\n"]
    return "".join(parts)


def subcommands(name: str) -> list[str]:
    command = main.commands[name]
    return sorted(command.commands) if isinstance(command, click.Group) else []


def help_text(args: list[str]) -> str:
    result = kith(None, *args, "--help", prog_name="kith", terminal_width=88)
    assert result.exit_code == 0
    return result.stdout


def test_every_command_has_an_example():
    assert "Example" in help_text([])
    for name in main.commands:
        assert "Example:" in help_text([name]), name
        for sub in subcommands(name):
            assert "Example:" in help_text([name, sub]), (name, sub)


def test_the_cli_reference_is_up_to_date():
    expected = cli_reference()
    if UPDATE:
        CLI_DOC.write_text(expected, encoding="utf-8")
    assert CLI_DOC.read_text(encoding="utf-8") == expected, (
        "docs/guide/cli.md is stale: KITH_UPDATE_GOLDEN=1 pytest tests/test_docs.py")


def test_every_command_and_setting_is_in_the_docs():
    docs = "".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").rglob("*.md"))
    for name, command in main.commands.items():
        assert isinstance(command, click.Command)
        assert f"kith {name}" in docs, name
        for sub in subcommands(name):
            assert f"kith {name} {sub}" in docs, (name, sub)
    for setting in PARSERS:
        assert f"`{setting}`" in docs, setting


GUIDE = REPO / "docs/guide"


def test_every_setting_has_its_row_on_the_settings_page():
    page = (GUIDE / "settings.md").read_text(encoding="utf-8")
    for setting in PARSERS:
        assert f"| `{setting}` |" in page, setting


def test_every_guide_page_is_reached_from_getting_started():
    start = (GUIDE / "index.md").read_text(encoding="utf-8")
    for page in sorted(GUIDE.glob("*.md")):
        if page.name != "index.md":
            assert f"]({page.name})" in start, page.name


def test_the_guide_opens_the_guide_section_of_the_example_site():
    from kithbook.site.pages import site_nav

    own = [p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs").rglob("*.md")]
    (section,) = [item["Guide"] for item in site_nav({}, own) if isinstance(item, dict)
                  and "Guide" in item]
    assert section[0] == "guide/index.md"
