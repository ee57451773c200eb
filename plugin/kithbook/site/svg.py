"""Pictures drawn at build time as inline SVG: no JavaScript, readable offline and in print.

Two drawings: the introductions tree (`introductions_drawing`) and a bar
chart of the stages (`stage_bars`). Labels are placed with font metrics
defined here (`text_width`, close to Helvetica/Arial, which the SVG asks
for) so that no two labels overlap whatever the vault holds; the tests
check the boxes from these metrics, and a browser test with the real font.

Everything user-written is XML-escaped. Links inside raw HTML are not
rewritten by MkDocs, so they are computed for the page's own URL
(`urls.html_linker`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple
from xml.sax.saxutils import escape

from kithbook.introductions import Network
from kithbook.model import Stage
from kithbook.site.urls import person_path
from kithbook.timeline import PersonFacts

FONT_FAMILY = "Helvetica, Arial, sans-serif"
FONT_SIZE = 14.0
ASCENT, DESCENT = 0.95, 0.25  # of the font size, above and below the baseline (generous)
SAFETY = 1.1  # layout room beyond the estimated width, for fonts a little wider than Arial
MAX_LABEL = 40  # characters; longer names are cut with an ellipsis (the full name is the tooltip)

# Advance widths in thousandths of an em (Arial / Liberation Sans).
_WIDTHS: dict[str, int] = {}
for _chars, _width in (
    (" !,./:;I[\\]fit\u00b7\u0131", 278), ("'", 191), ('"', 355), ("()-`r", 333), ("*", 389),
    ("#$0123456789?L_abdeghnopqu\u2013\u00f0\u00fe\u0111", 556), ("%", 889), ("&", 667),
    ("+<=>~", 584), ("@", 1015), ("ABEKPSVXY", 667), ("CDHNRUw", 722), ("FTZ", 611),
    ("GOQ", 778), ("J", 500), ("M", 833), ("W", 944), ("^", 469), ("ckssvxyz", 500),
    ("jl\u0142", 222), ("m", 833), ("{}", 334), ("|", 260), ("\u2026\u2014\u00c6\u0152", 1000),
    ("\u00f8\u00df", 611), ("\u00d8", 778), ("\u00e6", 889), ("\u0153", 944), ("\u0141", 556),
):
    _WIDTHS.update(dict.fromkeys(_chars, _width))


def char_width(char: str) -> float:
    """One character's advance in ems; accented letters as their base letter."""
    if char in _WIDTHS:
        return _WIDTHS[char] / 1000
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in "WF":
        return 1.0
    base = unicodedata.normalize("NFKD", char)[:1]
    if base and base != char and base in _WIDTHS:
        return _WIDTHS[base] / 1000
    return 0.78 if char.isupper() else 0.6 if char.islower() else 0.7


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The width a label takes, by the metrics above."""
    return sum(char_width(c) for c in text) * size


def label(text: str, limit: int = MAX_LABEL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def attr(value: object) -> str:
    return escape(str(value), {'"': "&quot;"})


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


# Stages: a colour and a shape each, so the drawing also reads in grey print.

STAGE_COLOURS = {Stage.LEAD: "#757575", Stage.CONTACTED: "#1e88e5", Stage.SCHEDULED: "#8e24aa",
                 Stage.MET: "#ef6c00", Stage.CONNECTED: "#2e7d32"}
R = 6.0  # marker radius


def marker(stage: Stage, x: float, y: float) -> str:
    colour = STAGE_COLOURS[stage]
    if stage is Stage.LEAD:
        return (f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(R - 1)}" fill="none" '
                f'stroke="{colour}" stroke-width="2"/>')
    if stage is Stage.CONTACTED:
        return (f'<rect x="{_n(x - R + 1)}" y="{_n(y - R + 1)}" width="{_n(2 * R - 2)}" '
                f'height="{_n(2 * R - 2)}" fill="{colour}"/>')
    if stage is Stage.SCHEDULED:
        return (f'<path d="M{_n(x)} {_n(y - R)}L{_n(x + R)} {_n(y)}L{_n(x)} {_n(y + R)}'
                f'L{_n(x - R)} {_n(y)}Z" fill="{colour}"/>')
    ring = (f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(R + 2)}" fill="none" stroke="{colour}"'
            ' stroke-width="1.5"/>') if stage is Stage.CONNECTED else ""
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(R - 1 if ring else R)}" ' \
        f'fill="{colour}"/>{ring}'


def _text(x: float, y: float, content: str, *, anchor: str = "start", css: str = "") -> str:
    extra = f' text-anchor="{anchor}"' if anchor != "start" else ""
    extra += f' class="{css}"' if css else ""
    return f'<text x="{_n(x)}" y="{_n(y)}"{extra}>{escape(content)}</text>'


# Links are `xlink:href`, which browsers follow as `href` but no generator rewrites:
# Zensical reads a raw `href` as relative to the Markdown file (`network.md`), not
# to the page's URL (`network/`), and sent every link one folder above the site.
XLINK = "http://www.w3.org/1999/xlink"


def _svg(width: float, height: float, ident: str, title: str, body: list[str]) -> str:
    """The outer element; one line of markup, so Markdown takes it as a single HTML block.
    A picture with links in it is a group (an image's content is not reachable)."""
    role = "group" if any("<a " in part for part in body) else "img"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="{XLINK}" class="kb-svg"'
            f' role="{role}" '
            f'aria-labelledby="{ident}-title" width="{_n(width)}" height="{_n(height)}" '
            f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="{FONT_FAMILY}" '
            f'font-size="{_n(FONT_SIZE)}" fill="currentColor">'
            f'<title id="{ident}-title">{escape(title)}</title>{"".join(body)}</svg>')


PAD = 8.0
ROW = 24.0  # one person per row: a label never shares its row, so labels never overlap
INDENT = 26.0
GAP = 6.0  # between a marker and its label


def _baseline(y: float) -> float:
    """The baseline that centres a label's letters on `y`."""
    return y + FONT_SIZE * 0.35


LEGEND_WIDTH = 330.0  # the key wraps to rows this wide: it fits a phone (390 px, less margins)


def legend(y: float, items: Sequence[tuple[Stage | None, str]]
           ) -> tuple[list[str], float, float]:
    """Markers and words in rows no wider than `LEGEND_WIDTH` from `y` down; a `None` stage
    is the dashed cross-link line. Returns the parts, the widest row's end and the last
    row's `y`."""
    parts, x, widest = [], PAD, 0.0
    for stage, words in items:
        width = 2 * R + GAP + text_width(words) * SAFETY
        if x > PAD and x + width > LEGEND_WIDTH:
            x, y = PAD, y + ROW
        if stage is None:
            parts.append(f'<path d="M{_n(x)} {_n(y)}h{_n(2 * R)}" stroke="currentColor" '
                         'stroke-dasharray="3 3" fill="none"/>')
        else:
            parts.append(marker(stage, x + R, y))
        parts.append(_text(x + 2 * R + GAP, _baseline(y), words))
        widest = max(widest, x + width)
        x += width + 3 * GAP
    return parts, widest, y


class Node(NamedTuple):
    key: str
    depth: int
    parent: str | None
    text: str
    stage: Stage
    href: str
    tooltip: str


def tree(nodes: Sequence[Node], cross: Sequence[tuple[str, str]], *, ident: str, title: str
         ) -> str:
    """An indented tree, one node per row, tree lines on the left and cross links on the right.

    A parent's line runs down its own column to its last child's row, where
    only its descendants stand (to its right); each cross link leaves its row
    by a dotted leader to a gutter right of every label and joins the other
    row there by an arc. So no line crosses a label and no labels overlap.
    """
    keys: list[tuple[Stage | None, str]] = [(stage, stage.value) for stage in Stage]
    if cross:
        keys.append((None, "also introduced or referred by"))
    key_parts, key_width, key_y = legend(PAD + ROW / 2, keys)
    top = key_y + ROW / 2 + PAD
    at: dict[str, tuple[float, float, float]] = {}  # key -> marker x, y, label end
    body: list[str] = []
    for index, node in enumerate(nodes):
        x, y = PAD + R + 2 + node.depth * INDENT, top + index * ROW + ROW / 2
        text = label(node.text)
        at[node.key] = (x, y, x + R + GAP + text_width(text) * SAFETY)
        body.append(f'<a xlink:href="{attr(node.href)}"><title>{escape(node.tooltip)}</title>'
                    f'{marker(node.stage, x, y)}{_text(x + R + GAP, _baseline(y), text)}</a>')
    lines = []
    for node in nodes:
        if node.parent in at:
            px, py, _ = at[node.parent]
            x, y, _ = at[node.key]
            lines.append(f"M{_n(px)} {_n(py + R + 2)}V{_n(y)}H{_n(x - R - 2)}")
    width = max([end for _, _, end in at.values()] + [key_width]) + PAD
    links = [(at[a], at[b]) for a, b in cross if a in at and b in at]
    arcs, extra = _cross_links(links, width)
    height = top + len(nodes) * ROW + PAD
    tree_lines = (f'<path d="{"".join(lines)}" fill="none" stroke="currentColor" '
                  'stroke-opacity="0.45" stroke-width="1.2"/>') if lines else ""
    return _svg(width + extra, height, ident, title, [*key_parts, tree_lines, *arcs, *body])


def _cross_links(links: list[tuple[tuple[float, float, float], tuple[float, float, float]]],
                 gutter: float) -> tuple[list[str], float]:
    """Dotted leaders from each label's end to the gutter, and an arc per link beyond it."""
    if not links:
        return [], 0.0
    leaders = {(y, end) for pair in links for _, y, end in pair}
    dots = "".join(f"M{_n(end + 3)} {_n(y)}H{_n(gutter)}" for y, end in sorted(leaders)
                   if end + 3 < gutter)
    bulge_max = 0.0
    arcs, heads = [], []
    for (_, ya, _), (_, yb, _) in links:
        bulge = min(12 + abs(yb - ya) / 6, 160)
        bulge_max = max(bulge_max, bulge)
        arcs.append(f"M{_n(gutter)} {_n(ya)}C{_n(gutter + bulge)} {_n(ya)} "
                    f"{_n(gutter + bulge)} {_n(yb)} {_n(gutter + 7)} {_n(yb)}")
        heads.append(f"M{_n(gutter)} {_n(yb)}l7 -3.5v7z")  # the arrow points at the person
    return [
        f'<path d="{dots}" fill="none" stroke="currentColor" stroke-opacity="0.35" '
        'stroke-dasharray="1 3"/>' if dots else "",
        f'<path d="{"".join(arcs)}" fill="none" stroke="currentColor" stroke-opacity="0.6" '
        'stroke-dasharray="3 3"/>',
        f'<path d="{"".join(heads)}" fill="currentColor" fill-opacity="0.6"/>',
    ], bulge_max + PAD


def introductions_drawing(network: Network, facts: Mapping[str, PersonFacts],
                          href: Callable[[str], str]) -> str:
    """The introductions tree of `network`; `href` gives a person page's URL from its path."""
    nodes = []
    for branch in network.branches:
        fact = facts[branch.slug]
        person = fact.person
        about = ", ".join(x for x in (person.title, person.company) if x)
        tooltip = f"{person.name} ({fact.stage.value})" + (f": {about}" if about else "")
        nodes.append(Node(branch.slug, branch.depth, branch.parent, person.name, fact.stage,
                          href(person_path(branch.slug)), tooltip))
    title = (f"Who introduced whom: {len(nodes)} people, each under the person who introduced"
             " them; the outline below says the same in words.")
    return tree(nodes, network.cross_links, ident="kb-introductions", title=title)


def stage_mark(stage: Stage) -> str:
    """The stage's marker alone, to put before its name in a list (the word says it too)."""
    return ('<svg class="kb-stage-mark" width="16" height="16" viewBox="0 0 16 16"'
            f' aria-hidden="true" focusable="false">{marker(stage, 8, 8)}</svg>')


BAR_MAX = 320.0
BAR_ROW = 28.0


def stage_bars(counts: Sequence[tuple[Stage, int, str]], *, ident: str, title: str) -> str:
    """Horizontal bars, one per stage: its name, its marker, the bar and the count (and a note)."""
    names = [stage.value for stage, _, _ in counts]
    label_width = max((text_width(n) * SAFETY for n in names), default=0.0)
    x_marker = PAD + label_width + GAP + R
    x_bar = x_marker + R + GAP
    most = max((count for _, count, _ in counts), default=0) or 1
    body, widest = [], 0.0
    for index, (stage, count, note) in enumerate(counts):
        y = PAD + index * BAR_ROW + BAR_ROW / 2
        length = BAR_MAX * count / most if count else 0.0
        words = f"{count}" + (f" ({note})" if note else "")
        body += [
            _text(PAD + label_width, _baseline(y), stage.value, anchor="end"),
            marker(stage, x_marker, y),
            f'<rect x="{_n(x_bar)}" y="{_n(y - 7)}" width="{_n(max(length, 1.0))}" height="14"'
            f' fill="{STAGE_COLOURS[stage]}"/>',
            _text(x_bar + length + GAP, _baseline(y), words),
        ]
        widest = max(widest, x_bar + length + GAP + text_width(words) * SAFETY)
    height = PAD * 2 + len(counts) * BAR_ROW
    return _svg(max(widest, x_bar + BAR_MAX) + PAD, height, ident, title, body)
