"""`kith lsp` under a real editor: Neovim's built-in LSP client, headless.

Neovim (Debian's package; `.ci/run` installs it) opens a touch, types a typo
without saving, takes the quick fix, completes a slug, hovers, jumps to a
referral and renames a person, then saves everything; `kith check` must then
find nothing new. A developer without `nvim` skips this; in CI it must run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, kith, write_vault
from .test_lsp_features import FILES
from .test_lsp_features import TOUCH as FEATURE_TOUCH

pytestmark = pytest.mark.slow


def neovim() -> str:
    found = shutil.which("nvim")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nvim is missing in CI: .ci/run must install Debian's neovim")
        pytest.skip("nvim is not installed (apt-get install neovim)")
    return found


def test_neovim_shows_problems_completes_hovers_jumps_fixes_and_renames(tmp_path: Path):
    nvim = neovim()
    vault = write_vault(tmp_path / "vault", FILES)
    before = json.loads(kith(vault, "check", "--json").stdout)
    kith_command = str(Path(sys.executable).with_name("kith"))
    subprocess.run([nvim, "--headless", "--clean", "-u", str(REPO / "tests/lsp_neovim.lua")],
                   cwd=vault, env={**os.environ, "KITH": kith_command, "VAULT": str(vault)},
                   check=True, timeout=120, capture_output=True)
    seen = json.loads((tmp_path / "neovim.json").read_text())

    [typo] = seen["diagnostics"]
    assert (typo["line"], typo["col"], typo["end_col"]) == (3, 6, 11)
    assert typo["message"].startswith("kind: unknown value 'cofee'; did you mean 'coffee'?")
    assert seen["action"] == "Change 'cofee' to 'coffee'"
    assert seen["fixed"] == "kind: coffee" and seen["after_fix"] == 0
    assert {"label": "maya-okafor",
            "detail": "Maya Okafor, Staff Data Engineer at Northwind Analytics"} in \
        seen["completion"]
    assert seen["hover"].startswith("**Maya Okafor, Staff Data Engineer at Northwind Analytics**")
    assert seen["definition"] == (vault / "people/jose-nunez.md").as_uri()

    assert sorted(p.name for p in (vault / "people").glob("*.md")) == [
        "jose-nunez.md", "maya-adeyemi.md"]
    assert "with: maya-adeyemi" in (vault / FEATURE_TOUCH).read_text()
    assert "[[maya-adeyemi]]" in (vault / "docs/notes.md").read_text()
    assert json.loads(kith(vault, "check", "--json").stdout) == before
