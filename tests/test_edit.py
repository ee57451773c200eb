"""Nothing the user wrote is ever lost: exclusive creation, one-key edits, atomic writes."""

from __future__ import annotations

import difflib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kithbook.edit import EditError, set_key, unset_key, yaml_line

from .conftest import kith

# Twenty-odd hand-written person files: comments, odd key order, quoting styles,
# flow and block lists, multi-line strings, CRLF, a BOM, non-ASCII.
HAND_WRITTEN = {
    "plain": "---\nname: Ada\ntitle: Engineer\n---\nBody\n",
    "comments": "---\n# who\nname: Ada  # full name\n\n# work\ntitle: Engineer # for now\n---\n",
    "order": "---\ntags: [x]\ntitle: Engineer\nname: Ada\n---\n",
    "double-quoted": '---\nname: "Ada"\ntitle: "Engineer"\n---\n',
    "single-quoted": "---\nname: 'Ada'\ntitle: 'Engineer'\n---\n",
    "block-list": "---\nname: Ada\nemail:\n  - a@example.org\n  - b@example.org\ntitle: x\n---\n",
    "flow-list": "---\nname: Ada\ntags: [a, b, 'c d']\n---\n",
    "mapping": "---\nname: Ada\nlinks:\n  blog: https://example.org\n  cv: https://example.org/cv\n---\n",
    "folded": "---\nname: Ada\nsource: >\n  Author of a long\n  article\ntitle: x\n---\n",
    "literal": "---\nname: Ada\nnotes: |\n  line one\n  line two\n---\n",
    "crlf": "---\r\nname: Ada\r\ntitle: Engineer\r\n---\r\nBody\r\n",
    "bom": "\ufeff---\nname: Ada\ntitle: Engineer\n---\n",
    "bom-crlf": "\ufeff---\r\nname: Ada\r\n---\r\n",
    "non-ascii": "---\nname: José Núñez\ncompany: Łódź Data\n---\nNotes: café\n",
    "no-title": "---\nname: Ada\n---\n",
    "trailing-blank": "---\nname: Ada\ntitle: x\n\n---\n",
    "unknown-keys": "---\nname: Ada\npronouns: she/her\nmet_at: PyData\n---\n",
    "dates": "---\nname: Ada\nsnooze_until: 2027-01-10\ncadence: 90d\n---\n",
    "numbers": "---\nname: Ada\nphone: '01234'\nyear: 2024\n---\n",
    "indented-list": "---\nname: Ada\ntags:\n- a\n- b\ntitle: x\n---\n",
    "dots-close": "---\nname: Ada\ntitle: x\n...\nbody\n",
    "body-with-dashes": "---\nname: Ada\n---\n---\ntitle: not front matter\n---\n",
}


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("name", HAND_WRITTEN)
def test_setting_one_key_changes_exactly_that_key(name):
    raw = HAND_WRITTEN[name]
    edited = set_key(raw, "title", yaml_line("title", "Data Lead"))
    changes = changed_lines(raw, edited)
    assert [c for c in changes if c.startswith("+")] and all(
        "title" in c for c in changes), changes
    assert edited.startswith("\ufeff") == raw.startswith("\ufeff")
    assert ("\r\n" in edited) == ("\r\n" in raw)


@pytest.mark.parametrize("name", HAND_WRITTEN)
def test_a_no_op_edit_is_byte_identical(name):
    raw = HAND_WRITTEN[name]
    assert set_key(raw, "name", yaml_line("name", "José Núñez" if "José" in raw else "Ada")) == raw


def test_a_trailing_comment_is_kept():
    raw = "---\nname: Ada\ncadence: 90d   # quarterly\n---\n"
    assert set_key(raw, "cadence", yaml_line("cadence", "30d")) == (
        "---\nname: Ada\ncadence: 30d   # quarterly\n---\n")


def test_unset_removes_the_key_and_its_lines_only():
    raw = HAND_WRITTEN["block-list"]
    assert unset_key(raw, "email") == "---\nname: Ada\ntitle: x\n---\n"
    assert unset_key(raw, "absent") == raw


def test_an_edit_that_would_break_the_file_is_refused():
    with pytest.raises(EditError):
        set_key("---\nname: Ada\n---\n", "title", "title: [broken")


def person_vault(make_vault):
    return make_vault({"people/ada-lovelace.md": "---\n# my notes\nname: Ada Lovelace\n"
                                                  "tags: [maths]\n---\n## Research\nx\n"})


def test_kith_set_unset_and_snooze_edit_in_place(make_vault, monkeypatch):
    root = person_vault(make_vault)
    monkeypatch.chdir(root)
    path = root / "people/ada-lovelace.md"
    assert kith(None, "set", "ada", "cadence", "30d").exit_code == 0
    assert kith(None, "snooze", "lovelace", "--for", "2w").exit_code == 0
    assert path.read_text() == ("---\n# my notes\nname: Ada Lovelace\ntags: [maths]\n"
                                "cadence: 30d\nsnooze_until: 2026-12-10\n---\n## Research\nx\n")
    assert kith(None, "unset", "ada", "cadence").exit_code == 0
    assert "cadence" not in path.read_text()


def test_dry_run_writes_nothing(make_vault, monkeypatch):
    root = person_vault(make_vault)
    monkeypatch.chdir(root)
    before = (root / "people/ada-lovelace.md").read_bytes()
    result = kith(None, "set", "ada", "title", "Countess", "--dry-run")
    assert "+title: Countess" in result.stdout
    add = kith(None, "add", "Grace Hopper", "--dry-run")
    assert "would create people/grace-hopper.md" in add.stdout
    assert (root / "people/ada-lovelace.md").read_bytes() == before
    assert not (root / "people/grace-hopper.md").exists()


def test_add_log_thank_and_commit(make_vault, monkeypatch):
    root = person_vault(make_vault)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for key, value in (("user.name", "T"), ("user.email", "t@example.org")):
        subprocess.run(["git", "-C", str(root), "config", key, value], check=True)
    monkeypatch.chdir(root)
    assert kith(None, "add", "Łukasz Nowak", "--company", "Acme", "--introduced-by", "ada",
                  "--commit").stdout == "people/lukasz-nowak.md\n"
    logged = kith(None, "log", "ada", "łukasz", "--kind", "coffee", "--date", "2026-11-20 14:30",
                  "-m", "Good chat", "--commit")
    assert logged.stdout == "meetings/2026-11-20-ada-lovelace-coffee.md\n"
    assert kith(None, "thank", "ada").stdout == "meetings/2026-11-26-ada-lovelace-thank-you.md\n"
    coffee = (root / logged.stdout.strip()).read_text()
    assert coffee.startswith("---\ndate: 2026-11-20 14:30\nwith: [ada-lovelace, lukasz-nowak]\n")
    log = subprocess.run(["git", "-C", str(root), "log", "--format=%s"], capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert log == ["Log coffee with Ada Lovelace and Łukasz Nowak on 2026-11-20",
                   "Add Łukasz Nowak"]
    check = kith(None, "check", "--strict")
    assert check.exit_code == 0, check.stderr


def test_a_taken_slug_is_an_error_naming_the_file(make_vault, monkeypatch):
    monkeypatch.chdir(person_vault(make_vault))
    result = kith(None, "add", "Ada Lovelace")
    assert result.exit_code == 1
    assert "people/ada-lovelace.md already exists" in result.stderr
    assert kith(None, "add", "Ada Lovelace", "--suffix").stdout == (
        "people/ada-lovelace-2.md\n")


@pytest.mark.parametrize("query", ["../etc/passwd", "/etc/passwd", "ada\x00", "CON", ""])
def test_names_from_the_command_line_cannot_escape_the_vault(make_vault, monkeypatch, query):
    monkeypatch.chdir(person_vault(make_vault))
    result = kith(None, "set", query, "title", "x")
    assert result.exit_code != 0
    assert "Traceback" not in (result.stderr or "")


@pytest.mark.slow
def test_two_logs_at_the_same_moment_make_two_files(make_vault):
    # Notes, not conversations: a second conversation on one day goes into the first.
    root = person_vault(make_vault)
    command = [sys.executable, "-m", "kithbook", "log", "ada", "--date", "2026-11-20",
               "--kind", "note"]
    procs = [subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True)
             for _ in range(4)]
    outputs = sorted(p.communicate()[0].strip() for p in procs)
    assert outputs == ["meetings/2026-11-20-ada-lovelace-note-2.md",
                       "meetings/2026-11-20-ada-lovelace-note-3.md",
                       "meetings/2026-11-20-ada-lovelace-note-4.md",
                       "meetings/2026-11-20-ada-lovelace-note.md"]


def test_a_write_killed_before_the_rename_leaves_the_old_file(make_vault):
    root = person_vault(make_vault)
    path = root / "people/ada-lovelace.md"
    before = path.read_bytes()
    killer = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from kithbook import edit
        os.replace = lambda *a: os._exit(9)  # dies after writing, before renaming
        edit.edit_file(Path({str(path)!r}), "title", "Countess")
    """)
    assert subprocess.run([sys.executable, "-c", killer]).returncode == 9
    assert path.read_bytes() == before
    from kithbook.edit import edit_file

    assert edit_file(path, "title", "Countess")  # the next write cleans up after the dead one
    assert [p.name for p in path.parent.iterdir()] == ["ada-lovelace.md"]
    assert "title: Countess" in path.read_text()


@pytest.mark.parametrize(("name", "slug"), [("José Núñez", "jose-nunez"),
                                            ("Фёдор Иванов", "fedor-ivanov"),
                                            ("李小龍", "li-xiao-long")])
def test_add_makes_ascii_slugs_from_any_script(make_vault, monkeypatch, name, slug):
    monkeypatch.chdir(make_vault({}))
    result = kith(None, "add", name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"people/{slug}.md\n"


def test_reserved_windows_names_are_refused(make_vault, monkeypatch):
    monkeypatch.chdir(make_vault({}))
    result = kith(None, "add", "Con")
    assert result.exit_code == 1 and "reserved file name" in result.stderr


def test_init_dry_run_writes_nothing(tmp_path):
    result = kith(None, "init", str(tmp_path / "v"), "--dry-run")
    assert f"would create {tmp_path / 'v' / 'mkdocs.yml'}" in result.stdout
    assert not (tmp_path / "v").exists()


def test_add_edit_opens_the_new_file_in_the_editor(make_vault, monkeypatch):
    monkeypatch.chdir(make_vault({}))
    monkeypatch.setenv("EDITOR", "sed -i s/Research/Background/")
    result = kith(None, "add", "Grace Hopper", "--edit")
    assert result.exit_code == 0, result.stderr
    assert "## Background" in Path("people/grace-hopper.md").read_text()
