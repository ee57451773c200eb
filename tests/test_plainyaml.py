"""The fast reader must agree with PyYAML on everything it accepts, and decline the rest."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from kithbook.frontmatter import RecordLoader, split
from kithbook.load import record_files
from kithbook.plainyaml import PlainReader, typed_scalars

from .conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate_vault

READER = PlainReader(typed_scalars(RecordLoader))


def pyyaml(block: str):
    return yaml.load(block, Loader=RecordLoader)


ACCEPTED = [
    "name: Ada\ntitle: Engineer",
    "tags: [python, data-engineering, 2024, yes]",
    "tags: []\nempty:\nnull_value: ~\nflag: true\nnumber: 01234\nratio: 1.5",
    "email:\n  - a@example.org\n  - b@example.org",
    "email:\n- a@example.org\n- b@example.org",
    "links:\n  linkedin: https://example.org/in/ada\n  blog: https://example.org/blog",
    'phone: "+44 20 7946 0000"\nsource: \'Author of \'\'Notes\'\'\'',
    "resources:\n  - {title: \"Data, Council\", kind: event, url: https://example.org/dc}\n"
    "  - {title: Designing Data-Intensive Applications, kind: book}",
    "date: 2026-11-20 14:30\nother: 2026-11-20 14:30:00\n# a comment\n\nwith: ada  ",
    "referrals:\n  - grace-hopper\n  - \"Linus Example, platform team at Acme\"",
    "time: 1:30\nurl: https://example.org/meet/a?b=c",
    "title: a\ntitle: b",
    "duration: 45m\ncadence: 90d\npriority: high\nprivate: no",
]

DECLINED = [
    "name: Ada # with a comment",
    "title: a: b",
    "anchor: &a 1\nalias: *a",
    "text: |\n  block\n  scalar",
    "text: first line\n  continued",
    "nested:\n  a:\n    b: 1",
    "list:\n  - a: 1\n    b: 2",
    "yes: true",
    "key: 'unterminated",
    'key: "esc\\"aped"',
    "\tname: tab",
    "  indented: root",
    "- a\n- b",
    "merge:\n  <<: {a: 1}",
    "tags: [a, [b]]",
    "map: {a: 1, a: 2}",
    "odd key: 1",
    "key: -5",
]


@pytest.mark.parametrize("block", ACCEPTED)
def test_accepted_blocks_read_exactly_as_pyyaml_reads_them(block):
    result = READER.read(block)
    assert result is not None, "expected the plain reader to handle this block"
    assert result[0] == pyyaml(block)


@pytest.mark.parametrize("block", DECLINED)
def test_anything_outside_the_subset_is_left_to_pyyaml(block):
    assert READER.read(block) is None


def test_key_lines_and_repeats_match_the_file():
    data, lines, repeated = READER.read("name: A\n\n# c\ntitle: x\nlinks:\n  - u\ntitle: y")
    assert lines == {"name": 2, "title": 5, "links": 6}
    assert repeated == [("title", 8)]
    assert data["title"] == "y"


def test_both_readers_give_the_same_split_for_a_declined_block():
    text = "---\nname: Ada # note\ntitle: Engineer\ntitle: Boss\n---\nbody\n"
    parsed = split(text)
    assert parsed.data == {"name": "Ada", "title": "Boss"}
    assert parsed.key_lines == {"name": 2, "title": 3}
    assert parsed.repeated_keys == (("title", 4),)


def front_matter(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n")


@pytest.mark.slow
def test_example_and_generated_vaults_agree_and_mostly_take_the_fast_path(tmp_path):
    generate_vault(tmp_path, people=150, touches=600, seed=7)
    paths = [p for root in (REPO, tmp_path) for folder in ("people", "meetings")
             for p in record_files(root / folder)]
    fast = 0
    for path in paths:
        block = front_matter(path)
        result = READER.read(block)
        if result is not None:
            fast += 1
            assert result[0] == pyyaml(block), path
    assert fast / len(paths) > 0.95


def test_large_files_are_read_whole(make_vault):
    from kithbook.load import load_vault
    from kithbook.settings import read_settings

    notes = "".join(f"- [ ] question {n}\n" for n in range(8000))
    root = make_vault({"people/ada.md": f"---\nname: Ada\n---\n## Questions\n{notes}"})
    person = load_vault(root, read_settings(root)).people["ada"]
    assert len(person.questions) == 8000
