"""Renames, merges and new vaults: every reference follows, and a failure changes nothing."""

from __future__ import annotations

import os

import pytest

from kithbook import edit

from .browser import mkdocs_build
from .conftest import kith

FILES = {
    "people/ada.md": "---\nname: Ada Lovelace\ntags: [maths]\n# a comment\nemail: ada@example.org\n---\n## Research\nAda's notes.\n",
    "people/ada-l.md": "---\nname: Ada L.\ntags: [engines]\nemail: other@example.org\nphone: '0207'\n---\n## Research\nDuplicate notes.\n",
    "people/grace.md": "---\nname: Grace Hopper\nintroduced_by: ada\n---\n",
    "people/bob.md": "---\nname: Bob\nintroduced_by: ada-l\n---\n",
    "meetings/m1.md": "---\ndate: 2026-11-01\nwith:\n  - ada\n  - grace\nreferrals: [ada-l, \"Someone, Acme\"]\n---\nBody mentions ada.\n",
    "meetings/m2.md": "---\ndate: 2026-11-02\nwith: ada-l  # the duplicate\n---\n",
}


@pytest.fixture
def vault(make_vault, monkeypatch):
    root = make_vault(FILES)
    monkeypatch.chdir(root)
    return root


def test_rename_moves_the_file_and_every_reference(vault):
    result = kith(None, "rename", "ada", "ada-lovelace")
    assert result.exit_code == 0, result.stderr
    assert not (vault / "people/ada.md").exists()
    assert (vault / "people/ada-lovelace.md").read_text() == FILES["people/ada.md"]
    assert (vault / "people/grace.md").read_text() == (
        "---\nname: Grace Hopper\nintroduced_by: ada-lovelace\n---\n")
    assert (vault / "meetings/m1.md").read_text() == FILES["meetings/m1.md"].replace(
        "  - ada\n", "  - ada-lovelace\n")  # the body's "ada" is untouched
    assert (vault / "meetings/m2.md").read_text() == FILES["meetings/m2.md"]
    assert kith(None, "check", "--strict").exit_code == 0


def test_rename_dry_run_shows_the_diff_and_writes_nothing(vault):
    before = {p: p.read_bytes() for p in vault.rglob("*.md")}
    result = kith(None, "rename", "ada", "ada-lovelace", "--dry-run")
    assert "+introduced_by: ada-lovelace" in result.stdout
    assert {p: p.read_bytes() for p in vault.rglob("*.md")} == before


def test_rename_refuses_a_taken_or_unsafe_slug(vault):
    assert "already a person 'grace'" in kith(None, "rename", "ada", "grace").stderr
    assert "is not a slug" in kith(None, "rename", "ada", "../x").stderr


def test_merge_joins_front_matter_and_bodies_and_moves_references(vault):
    result = kith(None, "merge", "ada-l", "ada")
    assert result.exit_code == 0, result.stderr
    assert "conflict: email: kept 'ada@example.org'" in result.stderr
    assert "conflict: name" not in result.stderr  # the other name is kept as an aka
    merged = (vault / "people/ada.md").read_text()
    assert merged.startswith("---\nname: Ada Lovelace\ntags: [maths, engines]\n# a comment\n"
                             "email: ada@example.org\nphone: '0207'\naka: [Ada L.]\n---\n")
    assert merged.endswith("## Research\nAda's notes.\nDuplicate notes.\n")  # one section
    assert "<!-- merged from" not in merged  # nothing was left to add at the end
    assert not (vault / "people/ada-l.md").exists()
    assert "introduced_by: ada\n" in (vault / "people/bob.md").read_text()
    assert "referrals: [ada, " in (vault / "meetings/m1.md").read_text()
    assert "with: ada  # the duplicate" in (vault / "meetings/m2.md").read_text()
    assert kith(None, "check", "--strict").exit_code == 0


def test_a_change_that_fails_halfway_changes_nothing(vault, monkeypatch):
    before = {p: p.read_bytes() for p in vault.rglob("*.md")}
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError("disk full")
        real_replace(src, dst)

    real_link = os.link

    def failing_link(src, dst):  # new files are linked into place: a step like a replace
        calls.append(dst)
        if len(calls) == 3:
            raise OSError("disk full")
        real_link(src, dst)

    monkeypatch.setattr(edit.os, "replace", failing_replace)
    monkeypatch.setattr(edit.os, "link", failing_link)
    result = kith(None, "rename", "ada", "ada-lovelace")
    monkeypatch.setattr(edit.os, "replace", real_replace)
    monkeypatch.setattr(edit.os, "link", real_link)
    assert result.exit_code == 1 and "nothing was changed" in result.stderr
    assert len(calls) >= 3
    assert {p: p.read_bytes() for p in vault.rglob("*.md")} == before
    assert not [p for p in vault.rglob("*") if p.name.endswith(".kith-tmp")]


@pytest.mark.slow
def test_init_makes_a_vault_that_builds_strict_and_checks_clean(tmp_path, monkeypatch):
    target = tmp_path / "network"
    result = kith(None, "init", str(target), "--example")
    assert result.exit_code == 0, result.stderr
    assert (target / ".git").is_dir()
    assert (target / ".gitignore").read_text() == "site/\n"
    monkeypatch.chdir(target)
    assert kith(None, "check", "--strict").exit_code == 0
    built = mkdocs_build(target, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert "Ada Lovelace" in (tmp_path / "site/people/ada-lovelace/index.html").read_text()
    again = kith(None, "init", str(target))
    assert again.exit_code == 1 and "already holds a vault" in again.stderr


def test_init_without_git_or_example(tmp_path):
    target = tmp_path / "plain"
    assert kith(None, "init", str(target), "--no-git").exit_code == 0
    assert not (target / ".git").exists()
    assert sorted(p.name for p in (target / "people").iterdir()) == [".gitkeep"]
