import pytest

from kithbook.body import Body
from kithbook.frontmatter import FrontMatterError, decode, split


def test_split_gives_data_key_lines_and_body_with_its_first_line():
    parsed = split("---\nname: Ada\n# a comment\ntitle: Engineer\nlinks:\n  - x\n---\nHello\n")
    assert parsed.data == {"name": "Ada", "title": "Engineer", "links": ["x"]}
    assert parsed.key_lines == {"name": 2, "title": 4, "links": 5}
    assert parsed.body == "Hello\n"
    assert parsed.body_line == 8


def test_dates_stay_text_so_the_loader_reads_every_form():
    parsed = split("---\na: 2026-11-20 14:30:00\nb: 2026-11-31\nc: 2026-11-20\n---\n")
    assert parsed.data == {"a": "2026-11-20 14:30:00", "b": "2026-11-31", "c": "2026-11-20"}


def test_other_yaml_types_are_unchanged():
    parsed = split("---\nn: 3\nf: true\nq: '01234'\no: 01234\n---\n")
    assert parsed.data == {"n": 3, "f": True, "q": "01234", "o": 668}


def test_yaml_errors_carry_the_line_in_the_file():
    with pytest.raises(FrontMatterError) as caught:
        split("---\nname: Ada\ntitle: a: b\ncompany: c\n---\n")
    assert caught.value.line == 3
    assert "mapping values are not allowed" in caught.value.message


def test_quoted_keys_and_closing_dots_are_understood():
    parsed = split("---\n\"odd key\": 1\n'other': 2\n...\nbody")
    assert parsed.key_lines == {"odd key": 2, "other": 3}
    assert parsed.body == "body"


def test_bom_and_crlf_are_normalised_without_moving_lines():
    text = decode("\ufeff---\r\nname: A\r\n---\r\nx\r\n".encode())
    assert text == "---\nname: A\n---\nx\n"


def test_non_utf8_names_the_line_of_the_bad_byte():
    with pytest.raises(FrontMatterError) as caught:
        decode(b"---\nname: a\ntitle: caf\xe9\n---\n")
    assert caught.value.line == 3
    assert "0xe9" in caught.value.message


def test_body_sections_and_tasks_with_lines():
    body = Body(
        "Intro\n## Research\nRead the blog.\n\n## Questions\n- [ ] One?\n- [x] Two?\n"
        "```\n- [ ] not a task\n```\n## Advice\n* [X] Done it\n",
        10,
    )
    assert body.section("research") == "Read the blog."
    assert [(t.text, t.done, t.line) for t in body.tasks_under("questions")] == [
        ("One?", False, 15), ("Two?", True, 16)]
    assert [(t.text, t.done) for t in body.tasks_under("Advice")] == [("Done it", True)]


def test_both_body_readers_agree_on_every_example_and_generated_body(tmp_path):
    import sys

    from kithbook.body import _parse_lines, parse_sections
    from kithbook.load import record_files

    from .conftest import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate_vault

    generate_vault(tmp_path, people=60, touches=240, seed=3)
    bodies = [p.read_text(encoding="utf-8").split("\n---\n", 1)[1]
              for root in (REPO, tmp_path) for folder in ("people", "meetings")
              for p in record_files(root / folder)]
    bodies.append("# Title\n## A\ntext\n# Other\n- [ ] not in a section\n## B\n- [x] b\n")
    for body in bodies:
        assert parse_sections(body, 5) == _parse_lines(body, 5)


def test_the_greedy_heading_match_reads_headings_as_the_lazy_pattern_does():
    """`_section_spans` matches headings greedily and trims their end (`_heading_text`),
    twice as fast as `_HEADING`'s lazy text: the two agree on every short line of the
    characters that matter (hashes, blanks, a carriage return, letters)."""
    import itertools

    from kithbook.body import _HEADING, _HEADING_LINE, _heading_text

    for size in range(8):
        for chars in itertools.product("# \tx\r", repeat=size):
            text = "\n" + "".join(chars) + "\nnext"
            lazy = _HEADING.match(text, 1, size + 1)
            greedy = _HEADING_LINE.match(text, 0, size + 1)
            assert (lazy is None) == (greedy is None), chars
            if lazy and greedy:
                assert (lazy.group(1), lazy.group(2)) == (
                    greedy.group(1), _heading_text(greedy.group(2))), chars


def test_the_first_done_task_is_done_under_s_first_on_random_bodies():
    """`first_done_under` (what closing the loop on advice asks) finds what `done_under`
    finds first, with its line, fenced or not, asked first or after the tasks were made."""
    import random

    chance = random.Random(20261204)
    lines = ["## Advice", "## advice ##", "# Title", "### Sub", "## Notes", "- [x] done",
             "* [X] done too", "- [ ] open", "-  [x]   spaced  ", "```", "~~~", "text [x] not",
             "", "  + [x] indented", "## Advice\t#"]
    for _ in range(3000):
        text = "\n".join(chance.choices(lines, k=chance.randint(0, 12)))
        cold, made = Body(text, 4), Body(text, 4)
        expected = made.done_under("advice")
        assert cold.first_done_under("Advice") == (expected[0] if expected else None), text
        assert made.first_done_under("advice") == (expected[0] if expected else None), text
