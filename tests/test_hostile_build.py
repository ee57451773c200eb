"""Whatever `kith check` accepts builds and exports (issue 16): a vault holding every hostile
value and file of `test_hostile_input.py` builds with a real `mkdocs build`, every export
and `kith render` run, and the good records are all there."""

from __future__ import annotations

import json
import os

import pytest

from kithbook.cli.views import DUE_EXIT

from .browser import mkdocs_build
from .conftest import MKDOCS_YML, kith
from .test_hostile_input import ADA, ONE_VALUE, TOUCH_VALUES

GRACE = "---\nname: Grace Hopper\nemail: grace@example.org\n---\n"
MEETING = "---\ndate: 2026-11-20 10:00\nwith: [ada, grace]\nkind: meeting\n---\n"
PLANNED = "---\ndate: 2026-12-02 10:00\nwith: grace\nkind: meeting\nduration: 45m\n---\n"


def hostile_vault(make_vault, tmp_path):
    files: dict[str, str | bytes] = {
        "people/ada.md": ADA, "people/grace.md": GRACE,
        "meetings/2026-11-20-meeting-ada-grace.md": MEETING,
        "meetings/2026-12-02-meeting-grace.md": PLANNED,
    }
    for number, (front, _, _) in enumerate(ONE_VALUE.values()):
        files[f"people/bad-{number}.md"] = f"---\nname: Bad {number}\n{front}\n---\n"
    for number, (front, _, _) in enumerate(TOUCH_VALUES.values()):
        date = front if front.startswith("date") else "date: 2026-11-21"
        extra = "" if front.startswith("date") else f"\n{front}"
        files[f"meetings/2026-11-21-bad-{number}.md"] = \
            f"---\n{date}\nwith: ada\nkind: meeting{extra}\n---\n"
    root = make_vault(files, mkdocs_yml=MKDOCS_YML + "      my_email: me@example.org\n"
                      "      my_name: Me\n      timezone: Europe/London\n")
    os.mkfifo(root / "people" / "fifo.md")
    (root / "people" / "zero.md").symlink_to("/dev/zero")
    (root / "people" / "loop.md").symlink_to("loop.md")
    (root / "meetings" / "again").symlink_to(root / "meetings")
    return root


@pytest.mark.slow
def test_a_hostile_vault_builds_and_the_good_records_are_published(make_vault, tmp_path):
    root = hostile_vault(make_vault, tmp_path)
    site = tmp_path / "site"
    result = mkdocs_build(root, site, strict=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "people" / "ada" / "index.html").is_file()
    assert (site / "people" / "grace" / "index.html").is_file()
    assert (site / "touches" / "2026-11-20-meeting-ada-grace" / "index.html").is_file()
    problems = (site / "problems" / "index.html").read_text(encoding="utf-8")
    for number in range(len(ONE_VALUE)):
        assert f"people/bad-{number}.md" in problems
    assert "people/fifo.md" in problems and "is not a regular file" in problems


@pytest.mark.slow
def test_a_hostile_vault_exports_and_renders(make_vault, tmp_path):
    root = hostile_vault(make_vault, tmp_path)
    for args in (["export", "ics"], ["export", "vcard"], ["export", "csv"],
                 ["export", "json"], ["render", "--out", str(tmp_path / "rendered")],
                 ["invite", "2026-12-02-meeting-grace"], ["due"], ["agenda", "grace"]):
        result = kith(root, *args)
        allowed = (0, DUE_EXIT) if args == ["due"] else (0,)  # 3: something is overdue
        assert result.exit_code in allowed, (args, result.output, result.exception)
        assert "Traceback" not in result.output
    data = json.loads(kith(root, "export", "json").output)
    slugs = {person["slug"] for person in data["people"]}
    assert {"ada", "grace"} <= slugs
    # records whose YAML could not be read are left out; a bad optional value is left out
    assert not slugs & {"bad-0", "bad-3", "bad-4", "bad-5", "bad-6"}
    for args in (["export", "vcard"], ["export", "ics"]):
        assert "Bcc" not in kith(root, *args).output



PRIVATE_VAULT = {
    "people/quentin-secret.md": "---\nname: Quentin Secretperson\nprivate: true\n---\n",
    "people/ada.md": "---\nname: Ada Lovelace\n---\n",
    # what `kith log quentin-secret ada` writes: the file is named after the first person
    "meetings/2026-11-20-quentin-secret-coffee.md":
        "---\ndate: 2026-11-20 10:00\nwith: [quentin-secret, ada]\nkind: coffee\n---\nNotes.\n",
    "meetings/2026-12-02-quentin-secret-call.md":
        "---\ndate: 2026-12-02 10:00\nwith: [quentin-secret, ada]\nkind: call\n---\n",
}


@pytest.mark.slow
def test_a_published_site_names_no_private_person_anywhere(make_vault, tmp_path):
    root = make_vault(PRIVATE_VAULT, mkdocs_yml=MKDOCS_YML.replace(
        "  - search\n", "  - search\n") + "      publish: true\n")
    site = tmp_path / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    leaks = [path for path in site.rglob("*") if path.is_file() and (
        "quentin" in path.name.lower() or
        b"quentin" in path.read_bytes().lower() or b"secretperson" in path.read_bytes().lower())]
    assert leaks == []
    ada = (site / "people" / "ada" / "index.html").read_text(encoding="utf-8")
    assert "2026-11-20" in ada  # the shared touch is still on Ada's page
    rendered = tmp_path / "rendered"
    assert kith(root, "render", "--out", str(rendered), env={"KITH_PUBLISH": "1"}).exit_code == 0
    assert not [p for p in rendered.rglob("*") if p.is_file() and (
        "quentin" in p.name.lower() or b"quentin" in p.read_bytes().lower())]
