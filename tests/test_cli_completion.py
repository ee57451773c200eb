"""Shell completion of `kith` (Click's completion, driven through its environment variable)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import kith, write_vault

FILES = {
    "people/maya-okafor.md": "---\nname: Maya Okafor\n---\n",
    "people/mei-tanaka.md": "---\nname: Mei Tanaka\n---\n",
    "people/ben-carter.md": "---\nname: Ben Carter\n---\n",
    "meetings/2026-11-20-maya-okafor-coffee.md": "---\ndate: 2026-11-20\nwith: maya-okafor\n---\n",
}


def environment(line: str, **env: str) -> dict[str, str]:
    """Click's completion protocol for bash: the words so far, the one being typed last."""
    return {"_KITH_COMPLETE": "bash_complete", "COMP_WORDS": line,
            "COMP_CWORD": str(len(line.split(" ")) - 1), **env}


def values(output: str) -> list[str]:
    return [row.split(",", 1)[1] for row in output.splitlines() if row]


def complete(cwd: Path, line: str, **env: str) -> list[str]:
    """What bash gets back from a real `kith` process for the command `line`."""
    run = subprocess.run([sys.executable, "-m", "kithbook"], cwd=cwd, capture_output=True,
                         text=True, check=True, env={**os.environ, **environment(line, **env)})
    return values(run.stdout)


@pytest.fixture
def completed(monkeypatch: pytest.MonkeyPatch):
    """The same, in process (quicker): `completed(cwd, line, **env)`."""
    def run(cwd: Path, line: str, **env: str) -> list[str]:
        monkeypatch.chdir(cwd)
        monkeypatch.delenv("KITH_VAULT", raising=False)
        return values(kith(None, env=environment(line, **env), prog_name="kith").stdout)
    return run


def test_a_person_slug_completes_from_people_in_a_real_shell_call(tmp_path: Path):
    vault = write_vault(tmp_path / "vault", FILES)
    assert complete(vault / "meetings", "kith log m") == ["maya-okafor", "mei-tanaka"]


def test_every_argument_naming_a_person_completes(tmp_path: Path, completed):
    vault = write_vault(tmp_path / "vault", FILES)
    assert completed(vault, "kith rename ma") == ["maya-okafor"]
    assert completed(vault, "kith set b") == ["ben-carter"]
    assert completed(vault, "kith log ben-carter m") == ["maya-okafor", "mei-tanaka"]
    assert completed(vault, "kith agenda 2026") == ["2026-11-20-maya-okafor-coffee"]


def test_commands_and_options_complete_and_the_vault_option_is_followed(
        tmp_path: Path, completed):
    vault = write_vault(tmp_path / "vault", FILES)
    assert "lsp" in completed(tmp_path, "kith ls")
    assert completed(tmp_path, "kith due --wi") == ["--within"]
    assert completed(tmp_path, "kith log me") == []  # no vault here
    assert completed(tmp_path, f"kith --vault {vault} log me") == ["mei-tanaka"]
    assert completed(tmp_path, "kith log me", KITH_VAULT=str(vault)) == ["mei-tanaka"]
