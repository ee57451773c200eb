"""The listing pages' tables and card lists converted piece by piece under `mkdocs serve`.

Ticking one piece of advice changes one card of Follow-ups and a few rows of
Advice, but MkDocs converts each changed page whole: a second of Markdown
for a vault of 1,000 people. Under `serve` the plugin cuts a listing page's
tables and card lists out of its Markdown (`cut`), leaving one placeholder
paragraph each, converts the rows and cards it has not seen before in one
batch through the page's own pipeline (`Page.render`, so links are made
relative to the page as MkDocs makes them), and puts the HTML back in
place of the placeholders (`ListingMemo.restore`). If a placeholder does not come
back as Markdown left it (a plugin between the two hooks changed it), the page is
converted whole instead, and from then on; so is a page whose batch does not split.

This is sound only on listing pages (`site.pages.Page.listing`): their rows
and cards are Kithbook's escaped text, so each converts alone as it does
in the page (no reference links or abbreviations defined elsewhere). The
result is byte for byte what MkDocs makes of the whole page, which
`tests/test_serve_dirty.py` compares over whole sites; a batch that does not
split as expected falls back to the whole page. Links inside remembered
pieces are not validated again by MkDocs (they point at generated pages).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import NamedTuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

CARDS_OPEN = '<div class="kb-cards" markdown="block">'
CARD_OPEN = '<div class="kb-card '
CLOSE = "</div>"
CARDS_HTML, CARDS_END = '<div class="kb-cards">', "\n</div>"  # as Markdown makes them
TABLE_END = "\n</tbody>\n</table>"
_DELIMITER_ROW = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*")
_BETWEEN_ROWS = re.compile(r"(?<=</tr>)\n(?=<tr>)")
_BETWEEN_CARDS = re.compile(r"\n(?=" + re.escape(CARD_OPEN) + ")")
MIN_PIECES = 32  # a smaller table or card list is converted with its page


@dataclass(frozen=True, slots=True)
class Block:
    """A table (`head`: its header and delimiter rows) or a card list (`head`: the list's
    opening line), its pieces (rows or cards) and the placeholder standing for it."""

    head: str
    pieces: tuple[str, ...]
    token: str

    def key(self, piece: str) -> str:
        """What a piece's HTML is remembered by: the same row under another header (other
        alignments) converts differently."""
        return self.head + "\n" + piece

    @property
    def is_table(self) -> bool:
        return self.head.startswith("|")

    def markdown(self, pieces: list[str]) -> str:
        """The block with only `pieces`, as it is converted in a batch."""
        if self.is_table:
            return "\n".join([self.head, *pieces])
        return "\n".join([self.head, *pieces, CLOSE])

    def split(self, html: str) -> tuple[str, list[str], str] | None:
        """A converted block's HTML as (before the pieces, each piece, after); None when it
        is not just this block (a snippet appended to every page, say) or has no pieces."""
        if self.is_table:
            opening, first, ending, between = "<table>", "<tbody>\n", TABLE_END, _BETWEEN_ROWS
        else:
            opening, first, ending, between = CARDS_HTML, CARD_OPEN, CARDS_END, _BETWEEN_CARDS
        start = html.find(first)
        if not (html.startswith(opening) and html.endswith(ending)) or start < 0:
            return None
        if self.is_table:
            start += len(first)  # the rows start after it; a card starts with it
        return html[:start], between.split(html[start:-len(ending)]), ending


def cut(markdown: str, nonce: str) -> tuple[str, list[Block]]:
    """The page with each table or card list of at least MIN_PIECES pieces replaced by a
    placeholder paragraph of its own, and those blocks."""
    lines = markdown.split("\n")
    kept: list[str] = []
    blocks: list[Block] = []
    at = 0
    while at < len(lines):
        found = _block_at(lines, at) if at == 0 or not lines[at - 1].strip() else None
        if found is None:
            kept.append(lines[at])
            at += 1
            continue
        head, pieces, end = found
        token = f"kithbookpiece{nonce}n{len(blocks)}"
        blocks.append(Block(head, pieces, token))
        kept.append(token)
        at = end
    return "\n".join(kept), blocks


def _block_at(lines: list[str], at: int) -> tuple[str, tuple[str, ...], int] | None:
    """A table or card list starting at line `at` and followed by a blank line or the end:
    (head, pieces, the line after it)."""
    if lines[at].startswith("|") and at + 1 < len(lines) and \
            _DELIMITER_ROW.fullmatch(lines[at + 1]):
        end = at + 2
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        head, pieces = lines[at] + "\n" + lines[at + 1], tuple(lines[at + 2:end])
    elif lines[at] == CARDS_OPEN:
        cards, end = [], at + 1
        while end < len(lines) and lines[end].startswith(CARD_OPEN):
            close = _index(lines, CLOSE, end)
            if close is None:
                return None
            cards.append("\n".join(lines[end:close + 1]))
            end = close + 1
        if end == len(lines) or lines[end] != CLOSE:
            return None
        head, pieces, end = lines[at], tuple(cards), end + 1
    else:
        return None
    if len(pieces) < MIN_PIECES or (end < len(lines) and lines[end].strip()):
        return None
    return head, pieces, end


def _index(lines: list[str], line: str, start: int) -> int | None:
    try:
        return lines.index(line, start)
    except ValueError:
        return None


@dataclass(slots=True)
class _Seen:
    """A page's converted blocks: the HTML around each head's pieces, and each piece's
    HTML (by `Block.key`)."""

    frames: dict[str, tuple[str, str]] = field(default_factory=dict)
    pieces: dict[str, str] = field(default_factory=dict)


class _Pending(NamedTuple):
    """A cut page waiting for its HTML: its Markdown whole, and each placeholder's block."""

    markdown: str
    blocks: dict[str, str]


class ListingMemo:
    """The HTML of each listing page's rows and cards, kept from one `serve` build to the
    next; a page's entries are renewed every time it is converted (so they do not pile up)."""

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)  # no text in a vault can hold the placeholders
        self._seen: dict[str, _Seen] = {}
        self._whole: set[str] = set()  # pages whose batch did not split: converted whole
        self._pending: dict[str, _Pending] = {}

    def cut(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The page's Markdown with its big blocks cut out; their HTML waits for `restore`."""
        where = page.file.src_uri
        skeleton, blocks = cut(markdown, self.nonce) if where not in self._whole else (
            markdown, [])
        if not blocks:
            return markdown
        known = self._seen.get(where, _Seen())
        fresh = self._convert(blocks, known, page, config, files)
        if fresh is None:
            self._whole.add(where)  # another plugin or extension adds to every conversion
            return markdown
        frames, pieces = known.frames | fresh.frames, known.pieces | fresh.pieces
        seen, html = _Seen(), {}
        for block in blocks:
            before, after = seen.frames[block.head] = frames[block.head]
            rows = [pieces[key] for key in map(block.key, block.pieces)]
            seen.pieces.update(zip(map(block.key, block.pieces), rows, strict=True))
            html[block.token] = before + "\n".join(rows) + after
        self._seen[where] = seen  # only what this page holds now: gone rows are forgotten
        self._pending[where] = _Pending(markdown, html)
        return skeleton

    def restore(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The page's HTML with each placeholder replaced by its block's HTML; the whole
        page converted again if a placeholder is not where Markdown left it (a plugin
        that ran in between changed it), so no row is ever lost."""
        pending = self._pending.pop(page.file.src_uri, None)
        if pending is None:
            return html
        parts: list[str] = []
        for token, block_html in pending.blocks.items():
            before, found, html = html.partition(f"<p>{token}</p>")
            if not found:
                self._whole.add(page.file.src_uri)
                return _render(pending.markdown, page, config, files)
            parts += (before, block_html)
        return "".join(parts) + html

    def _convert(self, blocks: list[Block], known: _Seen, page: Page, config: MkDocsConfig,
                 files: Files) -> _Seen | None:
        """The frames and pieces not `known`, converted in one batch; None when the batch
        does not split back into them."""
        batch: list[tuple[Block, list[str]]] = []
        for block in blocks:
            new = list(dict.fromkeys(p for p in block.pieces if block.key(p) not in known.pieces))
            if block.head not in known.frames and not new:
                new = [block.pieces[0]]  # a frame comes with at least one piece
            if new:
                batch.append((block, new))
        fresh = _Seen()
        if not batch:
            return fresh
        separator = f"kithbooksplit{self.nonce}"
        html = _render(f"\n\n{separator}\n\n".join(b.markdown(new) for b, new in batch),
                       page, config, files)
        parts = html.split(f"\n<p>{separator}</p>\n")
        if len(parts) != len(batch):
            return None
        for (block, new), part in zip(batch, parts, strict=True):
            split = block.split(part)
            if split is None or len(split[1]) != len(new):
                return None
            before, pieces, after = split
            fresh.frames[block.head] = (before, after)
            fresh.pieces.update(zip(map(block.key, new), pieces, strict=True))
        return fresh


def _render(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """`markdown` converted as the page's own text would be. MkDocs renders the page itself
    afterwards, which sets again everything this changes on it."""
    source = page.markdown
    page.markdown = markdown
    try:
        page.render(config, files)
        return page.content or ""
    finally:
        page.markdown = source
