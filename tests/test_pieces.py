"""`mkdocs_plugin.pieces`: how a listing page is cut into tables and card lists, and what
happens when a batch does not split back (the whole page is converted as before)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kithbook.mkdocs_plugin import pieces
from kithbook.mkdocs_plugin.pieces import CARDS_OPEN, ListingMemo, cut

HEAD = "| Date | Who |\n| --- | ---: |"


def table(rows: int, first: int = 0) -> str:
    return HEAD + "".join(f"\n| 2026-01-{day:02} | [P{day}](../people/p{day}.md) |"
                          for day in range(first, first + rows))


def card(number: int) -> str:
    return (f'<div class="kb-card kb-card--due" markdown="block">\n'
            f'<p class="kb-card__do">Thank P{number}</p>\n</div>')


def cards(count: int) -> str:
    return "\n".join([CARDS_OPEN, *(card(n) for n in range(count)), "</div>"])


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(pieces, "MIN_PIECES", 2)


def test_tables_and_card_lists_become_placeholders_and_the_rest_stays(small):
    page = f"# Touches\n\n## May\n\n{table(3)}\n\n## April\n\n{cards(2)}\n\nThe end.\n"
    skeleton, blocks = cut(page, "n0nce")
    assert skeleton == ("# Touches\n\n## May\n\nkithbookpiecen0ncen0\n\n## April\n\n"
                        "kithbookpiecen0ncen1\n\nThe end.\n")
    assert [b.head for b in blocks] == [HEAD, CARDS_OPEN]
    assert blocks[0].pieces == tuple(table(3).split("\n")[2:])
    assert blocks[1].pieces == (card(0), card(1))
    assert blocks[0].markdown(list(blocks[0].pieces)) == table(3)
    assert blocks[1].markdown(list(blocks[1].pieces)) == cards(2)


@pytest.mark.parametrize("markdown", [
    "Intro\n" + table(5) + "\n",  # a table not after a blank line is the paragraph's
    table(5) + "\nmore text\n",  # ...nor one that runs into a paragraph
    "| not | a table |\n| nor this |\n",  # no delimiter row
    "\n" + table(1) + "\n",  # too few rows to be worth it
    cards(3).removesuffix("\n</div>") + "\n\ntext",  # a card list that never closes
    "    " + table(5).replace("\n", "\n    "),  # indented: code, or inside another block
], ids=["after-text", "into-text", "no-delimiter", "small", "unclosed", "indented"])
def test_what_is_not_a_block_to_cut_is_left_whole(markdown, small):
    assert cut(markdown, "x") == (markdown, [])


def _page(markdown: str = "") -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri="touches/index.md"), markdown=markdown)


def test_a_batch_that_does_not_split_back_leaves_the_page_whole(small, monkeypatch):
    monkeypatch.setattr(pieces, "_render", lambda markdown, *rest: "<p>something else</p>")
    page = f"# T\n\n{table(4)}\n"
    memo = ListingMemo()
    assert memo.cut(page, _page(page), None, None) == page
    assert memo.restore("<h1>T</h1>", _page(), None, None) == "<h1>T</h1>"


def test_a_batch_with_more_than_its_blocks_leaves_the_page_whole(small, monkeypatch):
    # pymdownx.snippets' auto_append adds a footer to every conversion, the batch's too
    monkeypatch.setattr(pieces, "_render",
                        lambda markdown, *rest: html_of(markdown) + "\n<p>Footer</p>")
    page = f"# T\n\n{table(4)}\n"
    assert ListingMemo().cut(page, _page(page), None, None) == page


def html_of(markdown: str) -> str:
    """A stand-in for Markdown's table: each row's HTML names the row."""
    rows = [f"<tr>\n<td>{line}</td>\n</tr>" for line in markdown.split("\n")[2:]]
    return "<table>\n<thead>\n</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"


def test_only_the_rows_not_seen_before_are_converted_again(small, monkeypatch):
    converted: list[str] = []
    monkeypatch.setattr(pieces, "_render",
                        lambda markdown, *rest: converted.append(markdown) or html_of(markdown))
    memo = ListingMemo()

    def build(markdown: str) -> str:
        skeleton = memo.cut(markdown, _page(markdown), None, None)
        token = skeleton.split("\n")[2]
        return memo.restore(f"<h1>T</h1>\n<p>{token}</p>", _page(), None, None)

    assert build(f"# T\n\n{table(5)}\n") == "<h1>T</h1>\n" + html_of(table(5))
    assert converted == [table(5)]
    converted.clear()
    # two rows gone, one kept, two new: only the new two are converted
    assert build(f"# T\n\n{table(3, first=4)}\n") == "<h1>T</h1>\n" + html_of(table(3, first=4))
    assert converted == [HEAD + "\n" + "\n".join(table(2, first=5).split("\n")[2:])]
    converted.clear()
    # unchanged: nothing is converted, and the rows dropped before are forgotten
    assert build(f"# T\n\n{table(3, first=4)}\n") == "<h1>T</h1>\n" + html_of(table(3, first=4))
    assert converted == []


def test_a_placeholder_changed_on_the_way_gets_the_whole_page_converted(small, monkeypatch):
    converted: list[str] = []
    monkeypatch.setattr(pieces, "_render",
                        lambda markdown, *rest: converted.append(markdown) or html_of(markdown))
    memo = ListingMemo()
    page = f"# T\n\n{table(4)}\n"
    skeleton = memo.cut(page, _page(page), None, None)
    token = skeleton.split("\n")[2]
    # another plugin (or an extension) gave the paragraph an attribute: no row is lost
    assert memo.restore(f'<p class="x">{token}</p>', _page(), None, None) == html_of(page)
    assert converted[-1] == page
    # and that page is converted whole from then on
    assert memo.cut(page, _page(page), None, None) == page


def test_a_page_that_did_not_split_is_not_cut_again(small, monkeypatch):
    converted: list[str] = []
    monkeypatch.setattr(pieces, "_render", lambda markdown, *rest: converted.append(markdown)
                        or html_of(markdown) + "\n<p>Footer</p>")
    memo = ListingMemo()
    page = f"# T\n\n{table(4)}\n"
    assert memo.cut(page, _page(page), None, None) == page
    assert memo.cut(page, _page(page), None, None) == page
    assert len(converted) == 1  # one batch tried, once
