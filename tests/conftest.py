"""Shared fixtures: vaults written into tmp_path by a small factory."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

MKDOCS_YML = """\
site_name: Test vault
theme:
  name: material
  font: false
plugins:
  - search
  - kithbook:
      today: 2026-11-26
"""

MakeVault = Callable[..., Path]


@pytest.fixture
def make_vault(tmp_path: Path) -> MakeVault:
    """Write a vault: `make_vault({"people/ada.md": "...", ...}, mkdocs_yml=...)`."""

    def make(files: dict[str, str | bytes], *, mkdocs_yml: str = MKDOCS_YML) -> Path:
        root = tmp_path / "vault"
        root.mkdir(exist_ok=True)
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

    return make
