"""The incremental loader gives exactly what a fresh load gives, reading only what changed."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from kithbook.cache import VaultCache
from kithbook.load import load_vault
from kithbook.mkdocs_plugin.serving import PageLedger
from kithbook.settings import Settings, read_settings

from .conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate_vault

SETTINGS = Settings()


def same_as_fresh(cache: VaultCache, root: Path, settings: Settings = SETTINGS) -> list[str]:
    """Load through the cache, check it against a fresh load, return what was re-read."""
    cached = cache.load(root, settings)
    fresh = load_vault(root, settings)
    assert cached == fresh
    assert list(cached.people) == list(fresh.people)  # the same order, too
    return cache.reread


def test_the_first_load_reads_everything_and_equals_a_fresh_load(tmp_path):
    generate_vault(tmp_path, people=60, touches=240, seed=3)
    cache = VaultCache()
    reread = same_as_fresh(cache, tmp_path)
    assert len(reread) == 300
    assert same_as_fresh(cache, tmp_path) == []


def test_the_example_vault_loads_the_same_through_the_cache():
    cache = VaultCache()
    settings = read_settings(REPO)
    assert cache.load(REPO, settings) == load_vault(REPO, settings)
    assert cache.load(REPO, settings) == load_vault(REPO, settings)
    assert cache.reread == []


def test_changed_new_and_deleted_files(make_vault):
    root = make_vault({
        "people/ada.md": "---\nname: Ada Lovelace\n---\n",
        "people/charles.md": "---\nname: Charles Babbage\ncompany: Engines\n---\n",
        "meetings/2026-11-20-ada.md": "---\ndate: 2026-11-20\nwith: ada\n---\n## Notes\nHi\n",
    })
    cache = VaultCache()
    same_as_fresh(cache, root)

    (root / "people/ada.md").write_text("---\nname: Ada King\n---\n", encoding="utf-8")
    assert same_as_fresh(cache, root) == ["people/ada.md"]
    assert cache.load(root, SETTINGS).people["ada"].name == "Ada King"

    (root / "meetings/2026-11-21-charles.md").write_text(
        "---\ndate: 2026-11-21\nwith: charles\nkind: call\n---\n", encoding="utf-8")
    (root / "people/charles.md").unlink()
    assert same_as_fresh(cache, root) == ["meetings/2026-11-21-charles.md"]
    vault = cache.load(root, SETTINGS)
    assert "charles" not in vault.people
    assert [t.id for t in vault.touches] == ["2026-11-20-ada", "2026-11-21-charles"]


def test_a_new_time_alone_rereads_and_the_same_size_is_not_enough(make_vault):
    root = make_vault({"people/ada.md": "---\nname: Ada Lovelace\n---\n"})
    cache = VaultCache()
    same_as_fresh(cache, root)
    path = root / "people/ada.md"
    stamp = path.stat()
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000))
    assert same_as_fresh(cache, root) == ["people/ada.md"]
    path.write_text("---\nname: Ada Lovelacf\n---\n", encoding="utf-8")  # same size
    assert same_as_fresh(cache, root) == ["people/ada.md"]
    assert cache.load(root, SETTINGS).people["ada"].name == "Ada Lovelacf"


def test_problems_come_and_go_with_their_files(make_vault):
    root = make_vault({"people/ada.md": "---\nname: Ada Lovelace\n---\n",
                       "people/bob.md": "---\nname: Bob\n---\n"})
    cache = VaultCache()
    same_as_fresh(cache, root)
    (root / "people/bob.md").write_text("---\nname: [unclosed\n---\n", encoding="utf-8")
    assert same_as_fresh(cache, root) == ["people/bob.md"]
    assert [p.path for p in cache.load(root, SETTINGS).problems] == ["people/bob.md"]
    (root / "people/Ada.md").write_text("---\nname: Ada again\n---\n", encoding="utf-8")
    same_as_fresh(cache, root)  # a collision: reported, the slug's own file wins
    (root / "people/ada.md").unlink()
    same_as_fresh(cache, root)  # now Ada.md is the only one: read, with its warning
    (root / "people/bob.md").write_text("---\nname: Bob\n---\n", encoding="utf-8")
    same_as_fresh(cache, root)
    assert [p.path for p in cache.load(root, SETTINGS).problems] == ["people/Ada.md"]


def test_other_folders_in_the_settings_read_their_own_files(make_vault):
    root = make_vault({"people/ada.md": "---\nname: Ada Lovelace\n---\n",
                       "contacts/bob.md": "---\nname: Bob\n---\n"})
    cache = VaultCache()
    same_as_fresh(cache, root)
    moved = Settings(people_dir="contacts")
    assert list(cache.load(root, moved).people) == ["bob"]
    same_as_fresh(cache, root, moved)
    # The same file read as a touch after a settings change is parsed as a touch.
    swapped = Settings(people_dir="meetings", meetings_dir="people")
    same_as_fresh(cache, root, swapped)


def test_a_generated_vault_after_a_series_of_edits(tmp_path):
    generate_vault(tmp_path, people=40, touches=160, seed=5)
    cache = VaultCache()
    same_as_fresh(cache, tmp_path)
    meetings = sorted((tmp_path / "meetings").iterdir())
    people = sorted((tmp_path / "people").iterdir())
    with meetings[3].open("a", encoding="utf-8") as handle:
        handle.write("\n## Advice\n- [x] Write the blog post\n")
    meetings[7].unlink()
    shutil.copy(people[0], tmp_path / "people" / "new-person.md")
    people[1].write_text(people[1].read_text(encoding="utf-8").replace("name:", "name: Dr"),
                         encoding="utf-8")
    reread = same_as_fresh(cache, tmp_path)
    assert sorted(reread) == sorted([
        meetings[3].relative_to(tmp_path).as_posix(), "people/new-person.md",
        people[1].relative_to(tmp_path).as_posix()])


def test_the_ledger_knows_only_what_a_completed_build_wrote():
    ledger = PageLedger()
    ledger.record({"a.md": "A", "b.ics": b"B"})
    assert not ledger.unchanged("a.md", "A")  # not committed yet
    ledger.commit()
    assert ledger.unchanged("a.md", "A") and ledger.unchanged("b.ics", b"B")
    assert not ledger.unchanged("a.md", "A2") and not ledger.unchanged("c.md", "C")
    ledger.record({"a.md": "A2"})
    ledger.forget()  # the build failed
    assert not ledger.unchanged("a.md", "A") and not ledger.unchanged("a.md", "A2")


def test_an_edited_text_gives_what_loading_it_gives(tmp_path):
    """The language server's keystroke path: one record's text replaced in the last vault
    equals a full load of the vault with that text, problems aside from their order."""
    import shutil

    from kithbook.load import load_vault
    from kithbook.settings import read_settings

    from .conftest import REPO

    root = tmp_path / "v"
    for folder in ("people", "meetings"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    settings = read_settings(root)
    cache = VaultCache()
    vault = cache.load(root, settings)
    touch = sorted((root / "meetings").glob("*.md"))[3]
    person = sorted((root / "people").glob("*.md"))[1]
    original_touch, original_person = touch.read_text(), person.read_text()
    edits = [
        (touch, original_touch.replace("date: ", "date: 2020-01-01 #", 1)),  # moves first
        (touch, original_touch.replace("kind: ", "kind: cofee #", 1)),  # a problem
        (touch, "no front matter\n"),  # unreadable: the touch goes
        (touch, original_touch),  # and comes back
        (person, original_person.replace("name: ", "title: X\nname: ", 1)),
        (person, original_person + "\nmore notes\n"),
        (person, original_person.replace("name:", "namex:", 1)),  # unreadable: gone
        (person, original_person),  # back, in its place
    ]
    for path, text in edits:
        relative = path.relative_to(root).as_posix()
        edited = cache.edited(vault, relative, text)
        assert edited is not None, relative
        path.write_text(text)
        fresh = load_vault(root, settings)
        assert edited.people == fresh.people and list(edited.people) == list(fresh.people)
        assert edited.touches == fresh.touches
        assert sorted(edited.problems, key=repr) == sorted(fresh.problems, key=repr)
        vault = edited
    assert cache.edited(vault, "meetings/not-read-before.md", "---\n---\n") is None
