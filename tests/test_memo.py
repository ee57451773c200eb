"""Remembered pages: a build with the memo gives exactly the pages of a fresh build."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

import pytest

from kithbook.cache import VaultCache
from kithbook.check import check_vault
from kithbook.settings import read_settings
from kithbook.site.memo import MISSING, RenderMemo
from kithbook.site.pages import build_pages

from .conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate_vault


def markdown(pages):
    return {path: page.markdown for path, page in pages.items()}


class Builds:
    """The same vault built through a cache and a memo, and checked against a fresh build."""

    def __init__(self, root: Path, today: dt.date | None = None) -> None:
        self.root = root
        self.settings = read_settings(root)
        self.today = today or self.settings.today
        self.cache = VaultCache()
        self.memo = RenderMemo()

    def check(self) -> RenderMemo:
        vault = self.cache.load(self.root, self.settings)
        problems = check_vault(vault, today=self.today)
        remembered = build_pages(vault, problems, self.settings, self.today, memo=self.memo)
        fresh = build_pages(vault, problems, self.settings, self.today)
        assert markdown(remembered) == markdown(fresh)
        return self.memo


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture
def vault(tmp_path) -> Path:
    generate_vault(tmp_path, people=40, touches=160, seed=7)
    return tmp_path


def test_nothing_changed_nothing_rendered(vault):
    builds = Builds(vault)
    memo = builds.check()
    assert memo.reused == 0 and memo.rendered > 200
    pages = memo.rendered
    builds.check()
    assert memo.rendered == 0 and memo.reused == pages


@pytest.mark.slow
def test_a_series_of_edits_renders_only_what_changed_and_always_matches(vault):
    builds = Builds(vault)
    total = builds.check().rendered
    people = sorted((vault / "people").glob("*.md"))
    meetings = sorted((vault / "meetings").glob("*.md"))
    name = re.search(r"^name: (.*)$", people[0].read_text(encoding="utf-8"), re.M)
    assert name
    steps = [
        lambda: edit(people[0], f"name: {name.group(1)}", "name: Someone Renamed"),
        lambda: edit(meetings[5], "\n---\n", "\ntitle: A new title\n---\n"),
        lambda: edit(meetings[9], "## Notes", "## Advice\n- [x] Tried it\n\n## Notes"),
        lambda: edit(people[3], "\n---\n", "\ntags: [brand-new]\ncompany: New Co\n---\n"),
        lambda: (vault / "meetings/2026-12-24-extra.md").write_text(
            f"---\ndate: 2026-12-24 10:00\nwith: {people[2].stem}\nkind: video\n---\n",
            encoding="utf-8"),
        lambda: people[7].unlink(),  # touches naming them now name nobody
        lambda: edit(meetings[20], "date: ", "date: 2027-01-0"),  # a broken date
        lambda: edit(meetings[20], "date: 2027-01-0", "date: "),
        lambda: shutil.copy(people[1], vault / "people/new-copy.md"),
    ]
    for step in steps:
        step()
        memo = builds.check()
        assert memo.reused > 0
        assert memo.rendered < total / 2, memo.rendered


@pytest.mark.slow
def test_a_new_day_renders_what_depends_on_the_day(vault):
    builds = Builds(vault)
    builds.check()
    builds.today += dt.timedelta(days=1)
    builds.check()  # "as of" changes on most pages: identical to a fresh build all the same


def test_the_example_vault_through_the_memo():
    builds = Builds(REPO)
    builds.check()
    assert builds.check().rendered == 0


def test_a_context_value_that_cannot_be_compared_is_never_reused():
    memo = RenderMemo()
    lookups = {"name": str.upper}
    renders = []

    def render(reads):
        renders.append(1)
        return "page " + reads.function("name")("ada")

    for _ in range(2):
        memo.start()
        assert memo.render("k", {"f": lambda: 1}, lookups, render) == "page ADA"
    assert len(renders) == 2
    for _ in range(2):
        memo.start()
        memo.render("j", {"x": [1, 2]}, lookups, render)
    assert len(renders) == 3  # equal values: reused


def test_a_lookup_with_a_new_answer_renders_again():
    memo = RenderMemo()
    names = {"ada": "Ada"}
    lookups = {"name": lambda slug: names.get(slug, MISSING)}

    def render(reads):
        return "hello " + reads.function("name")("ada")

    memo.start()
    assert memo.render("k", {}, lookups, render) == "hello Ada"
    names["ada"] = "Ada King"
    memo.start()
    assert memo.render("k", {}, lookups, render) == "hello Ada King"
    assert memo.rendered == 1


def test_walking_a_whole_mapping_is_not_remembered():
    memo = RenderMemo()
    whole = {"a": 1}
    lookups = {"touch": lambda key: whole.get(key, MISSING)}

    def render(reads):
        return ",".join(reads.mapping("touch", whole))

    for _ in range(2):
        memo.start()
        memo.render("k", {}, lookups, render)
    assert memo.rendered == 1 and memo.reused == 0
