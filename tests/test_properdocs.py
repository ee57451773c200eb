"""The plugin runs unchanged under ProperDocs, the maintained fork of MkDocs 1.6.

ProperDocs (from the test extra) installs beside MkDocs: its `properdocs`
command maps `mkdocs.*` imports to its own modules, reads `mkdocs.yml` when
given it, and finds plugins by the `mkdocs.plugins` entry point, so the
example vault builds with the very same configuration.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import REPO

pytestmark = pytest.mark.slow

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def test_properdocs_builds_the_example_vault_strict(tmp_path):
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"),
         "-d", str(site)], capture_output=True, text=True, env=ENV, check=False)
    assert result.returncode == 0, result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'content="mkdocs-ProperDocs' in home  # built by ProperDocs, not by MkDocs
    assert "All people" in home  # the dashboard, merged into the hand-written home page
    assert len(list((site / "people").glob("*/index.html"))) >= 12
    assert (site / "follow-ups/index.html").is_file()
    assert (site / "calendar.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert (site / "assets/kithbook/kithbook.css").is_file()


def test_properdocs_stops_a_strict_build_on_a_bad_vault(make_vault, tmp_path):
    root = make_vault({"people/ada.md": "---\nname: Ada\npriority: urgent\n---\n"})
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
         "-d", str(tmp_path / "site")], capture_output=True, text=True, env=ENV, check=False)
    assert result.returncode != 0
    assert "people/ada.md" in result.stderr
