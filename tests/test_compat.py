"""Kithbook beside the MkDocs plugins and themes users already have (docs/guide/compatibility.md).

Each test builds this repository's example vault, copied into a git repository
of its own, with one more plugin (from the `compat` extra) or another theme,
`mkdocs build --strict` from the vault's folder as a user runs it, and checks
that every internal link of the site resolves. A plugin that is not installed
skips the test on a developer's machine and fails it in CI, which installs the
extra.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import REPO
from .gitrepo import commit, init
from .sitelinks import broken_links


@dataclass(frozen=True)
class Neighbour:
    distribution: str  # what the `compat` extra installs
    config: str  # its entry under `plugins:`, before kithbook's
    options: str = ""  # why it needs any, for the reader (the guide says the same)
    after: bool = False  # its entry goes after kithbook's
    top: str = ""  # lines it needs at the top of mkdocs.yml


PLUGINS = {
    "i18n": Neighbour("mkdocs-static-i18n", """\
  - i18n:
      docs_structure: suffix
      reconfigure_material: false  # i18n's own warning about navigation.instant
      languages:
        - locale: en
          default: true
          name: English
        - locale: fr
          name: Français
"""),
    "awesome-nav": Neighbour("mkdocs-awesome-nav", "  - awesome-nav\n"),
    "macros": Neighbour("mkdocs-macros-plugin", "  - macros\n"),
    "literate-nav": Neighbour("mkdocs-literate-nav", "  - literate-nav\n"),
    "section-index": Neighbour("mkdocs-section-index", "  - section-index\n"),
    "git-revision-date-localized": Neighbour(
        "mkdocs-git-revision-date-localized-plugin",
        "  - git-revision-date-localized:\n      fallback_to_build_date: true\n",
        "generated pages have no git history of their own"),
    "glightbox": Neighbour("mkdocs-glightbox", "  - glightbox\n"),
    "minify": Neighbour("mkdocs-minify-plugin", "  - minify:\n      minify_html: true\n"),
    "redirects": Neighbour("mkdocs-redirects",
                           "  - redirects:\n      redirect_maps:\n        old-pitch.md: pitch.md\n"),
    "rss": Neighbour("mkdocs-rss-plugin", '  - rss:\n      match_path: "guide/.*"\n',
                     "match_path: its default takes every page, and generated ones have no"
                     " file; site_url, which a feed needs",
                     top="site_url: https://example.org/\n"),
    "print-site": Neighbour("mkdocs-print-site-plugin", "  - print-site\n",
                            "last in the list, as it asks", after=True),
}
MACRO_NOTE = "Their dbt model: {{ ref('orders') }} and {% raw %}"


def example_vault(folder: Path, plugin: str = "", *, after: bool = False, top: str = "",
                  theme: str | None = None) -> Path:
    """The example vault in `folder` with `plugin` before (or after) kithbook, committed
    to git."""
    for name in ("people", "meetings", "docs"):
        shutil.copytree(REPO / name, folder / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if after:
        config = re.sub(r"(  - kithbook:\n(?:      .*\n)+)", lambda m: m.group(1) + plugin,
                        config, count=1)
    else:
        config = config.replace("  - kithbook:\n", plugin + "  - kithbook:\n", 1)
    if theme is not None:  # no Material: no Material features, no tags plugin
        config = re.sub(r"theme:\n(?:  .*\n)+", f"theme:\n  name: {theme}\n", config)
        config = config.replace("  - tags\n", "")
    (folder / "mkdocs.yml").write_text(top + config, encoding="utf-8")
    init(folder)
    commit(folder, "The vault", "2026-11-20T10:00:00+00:00")
    return folder


def build(root: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` run in the vault, as a user runs it (some plugins read git
    from the working directory)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
                          cwd=root, capture_output=True, text=True, env=env, check=False)


def require(distribution: str) -> None:
    try:
        importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        message = f"{distribution} is not installed (pip install -e '.[compat]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PLUGINS))
def test_the_example_vault_builds_strict_with(name, tmp_path):
    neighbour = PLUGINS[name]
    require(neighbour.distribution)
    root = example_vault(tmp_path / "vault", neighbour.config, after=neighbour.after,
                         top=neighbour.top)
    extra = _prepare(name, root)
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    site = root / "site"
    assert (site / "follow-ups/index.html").is_file()
    assert len(list((site / "people").glob("*/index.html"))) == 13
    assert broken_links(site) == []
    extra(site)


def _prepare(name: str, root: Path):
    """Set the vault up for `name`'s own check; the check to run on the built site."""
    def nothing(site: Path) -> None:
        pass

    if name == "macros":
        # A hand-written page uses a macro; a note quotes template code (a dbt model).
        (root / "docs/macro-check.md").write_text("# Check\n\nSix sevens: {{ 6 * 7 }}\n",
                                                  encoding="utf-8")
        touch = root / "meetings/2026-05-14-maya-okafor-coffee.md"
        touch.write_text(touch.read_text(encoding="utf-8") + f"\n{MACRO_NOTE}\n",
                         encoding="utf-8")

        def macros(site: Path) -> None:
            assert "Six sevens: 42" in (site / "macro-check/index.html").read_text()
            page = (site / "touches/2026-05-14-maya-okafor-coffee/index.html").read_text()
            assert "{{ ref('orders') }} and {% raw %}" in page
        return macros
    if name == "i18n":
        (root / "docs/questions.fr.md").write_text("# Questions\n\n- Comment avez-vous"
                                                   " commencé ?\n", encoding="utf-8")

        def i18n(site: Path) -> None:
            assert (site / "fr/questions/index.html").is_file()
        return i18n
    if name in ("awesome-nav", "literate-nav"):
        def navigation(site: Path) -> None:  # Kithbook's pages are in the nav it made
            home = (site / "index.html").read_text(encoding="utf-8")
            assert 'href="follow-ups/"' in home and 'href="network/"' in home
            assert 'href="people/ada-lovelace/"' not in home.split("md-content")[0]
        return navigation
    return nothing


@pytest.mark.slow
@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs"])
def test_the_example_vault_builds_strict_with_mkdocs_own_themes(theme, tmp_path):
    root = example_vault(tmp_path / "vault", theme=theme)
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert broken_links(root / "site") == []
