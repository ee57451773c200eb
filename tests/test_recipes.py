"""The recipes in docs/guide/recipes.md work as printed: the scripts are run from the page."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

RECIPES = (REPO / "docs/guide/recipes.md").read_text(encoding="utf-8")
BIN = str(Path(sys.executable).parent)  # where `kith` is installed


def script(first_comment: str) -> str:
    """The ```sh block of the page whose second line starts with `first_comment`."""
    for block in re.findall(r"```sh\n(.*?)```", RECIPES, flags=re.S):
        if block.startswith("#!/bin/sh\n" + first_comment):
            return block
    raise AssertionError(f"no script starting with {first_comment!r} in recipes.md")


def executable(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def git(root: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          env=env, check=False)


@pytest.mark.slow
def test_the_pre_commit_hook_refuses_a_vault_with_problems(make_vault):
    root = make_vault({"people/ada.md": "---\nname: Ada Lovelace\n---\n"})
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "GIT_AUTHOR_NAME": "T",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    assert git(root, "init", "-q", env=env).returncode == 0
    executable(root / ".git/hooks/pre-commit", script("# .git/hooks/pre-commit"))
    git(root, "add", "-A", env=env)
    assert git(root, "commit", "-qm", "Ada", env=env).returncode == 0

    (root / "meetings/2026-11-30-ada.md").write_text(
        "---\ndate: 2026-11-31\nwith: ada\n---\n", encoding="utf-8")
    git(root, "add", "-A", env=env)
    refused = git(root, "commit", "-qm", "Coffee with Ada", env=env)
    assert refused.returncode != 0
    assert "meetings/2026-11-30-ada.md:2: error: date: 2026-11-31 does not exist" in (
        refused.stderr)
    assert git(root, "log", "--oneline", env=env).stdout.count("\n") == 1


@pytest.mark.slow
def test_the_daily_email_is_sent_only_when_something_is_due(make_vault, tmp_path):
    home = tmp_path / "home"
    mailer = executable(tmp_path / "bin/mail",
                        f'#!/bin/sh\nprintf "%s\\n" "$*" > {tmp_path}/sent\ncat >> {tmp_path}/sent\n')
    job = executable(home / "bin/kith-due-mail", script("# ~/bin/kith-due-mail"))
    env = {**os.environ, "HOME": str(home), "PATH": f"{mailer.parent}:{BIN}:/usr/bin:/bin"}
    root = make_vault({"people/ada.md": "---\nname: Ada Lovelace\n---\n"})
    (home / "network").symlink_to(root)

    assert subprocess.run([str(job)], env=env, check=False).returncode == 0
    assert not (tmp_path / "sent").exists()  # nothing due: no mail

    (root / "meetings/2026-11-20-ada-lovelace-coffee.md").write_text(
        "---\ndate: 2026-11-20\nwith: ada\nkind: coffee\n---\n", encoding="utf-8")
    assert subprocess.run([str(job)], env=env, check=False).returncode == 0
    sent = (tmp_path / "sent").read_text(encoding="utf-8")
    assert sent.startswith("-s Follow-ups for today you@example.org\n")
    assert "Ada Lovelace" in sent and "As of 2026-11-26" in sent
