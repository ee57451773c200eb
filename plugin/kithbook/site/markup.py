"""Markup safety: every piece of user text reaches Markdown and HTML through here.

Names, titles, notes, file names and ids are escaped for the place they land
(a table cell, a link text, a page title, raw HTML); a URL is clickable only
with one of `SAFE_SCHEMES`. One module, so that one rule holds everywhere.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")  # the only links ever made clickable
_SCHEME_NAMES = tuple(prefix.split(":")[0] for prefix in SAFE_SCHEMES)
_MARKDOWN_SPECIAL = "\\`*_[]|#!{}"  # backslash-escaped wherever user text lands in Markdown
# md_text's escapes, each character on its own (none of the escapes holds another's character)
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": " ",
                               **{char: "\\" + char for char in _MARKDOWN_SPECIAL}})
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(map(chr, _TEXT_ESCAPES))) + "]")


def md_code(value: object) -> str:
    """Text as a Markdown code span, whatever backticks it holds (for commands to copy)."""
    text = str(value).replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_text(value: object) -> str:
    """Text shown literally inside Markdown (and so inside HTML)."""
    text = str(value)
    # most names and titles need no escape: one scan, no copy (a site escapes tens of thousands)
    return text if _NEEDS_ESCAPE.search(text) is None else text.translate(_TEXT_ESCAPES)


def safe_url(value: str | None) -> str | None:
    """A URL fit for a link: only http, https, mailto and tel are ever clickable."""
    if value and value.strip().lower().startswith(SAFE_SCHEMES):
        return value.strip().replace(" ", "%20").replace(")", "%29").replace("<", "%3C")
    return None


_AUTOLINKS = ("http://", "https://", "mailto:")  # the `<...>` that Markdown makes links
_RAW_HTML = re.compile(  # `<` starts raw HTML, but autolinks (`<https://...>`) stay links
    r"<(?!(?:" + "|".join(map(re.escape, _AUTOLINKS)) + r")[^\s<>]*>)")
_FENCE_LINE = re.compile(r"^[ \t]*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
# Where a link's destination starts: inline links and images `](`, and reference
# definitions `[label]: ` at the start of a line. The destination is judged, not matched.
_INLINE_TARGET = re.compile(r"(\]\([ \t]*)([^)\n]*(?:\n[^)\n]*)?)")  # one line break at most
_REFERENCE_TARGET = re.compile(r"^([ \t]{0,3}\[[^\]\n]+\]:[ \t]*)(\S.*)$", re.MULTILINE)
# An image from another host, inline (`![a](https://...)`) or by reference (`![a][r]`):
# the site loads nothing from other hosts, so it is shown as a link instead.
_OUTSIDE_IMAGE = re.compile(r"!(?=\[[^\]\n]*\](?:\([ \t]*<?(?:[A-Za-z][A-Za-z0-9+.-]*:|//)|\[))")
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")  # what browsers drop from a URL
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
UNSAFE = "#unsafe-link-removed"


def md_body(markdown: str) -> str:
    """A record's notes as Markdown that cannot become code in the browser.

    Markdown formatting stays, but raw HTML is shown as text (`<` becomes
    `&lt;` outside code, where Markdown would pass it through), `{` cannot
    start an attribute list (`{: onclick=...}`), and links may only use
    http, https or mailto: any other scheme (javascript:, data:) is cut off.
    """
    text = _INLINE_TARGET.sub(_judged_target, escaped_outside_code(markdown))
    return _OUTSIDE_IMAGE.sub("", _REFERENCE_TARGET.sub(_judged_target, text))


def escaped_outside_code(markdown: str) -> str:
    """`md_body`'s escapes, made everywhere but in code spans and fenced code. Most notes
    have neither, and are escaped whole (the escapes never reach across a line)."""
    if "`" not in markdown and "~~~" not in markdown:
        return _escape_html_text(markdown)
    return escaped_line_by_line(markdown)


def escaped_line_by_line(markdown: str) -> str:
    lines, in_fence = [], False
    for line in markdown.split("\n"):
        if _FENCE_LINE.match(line):
            in_fence = not in_fence
        lines.append(line if in_fence else _outside_code_spans(line, _escape_html_text))
    return "\n".join(lines)


_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")


def md_nested_body(markdown: str) -> str:
    """A record's notes shown inside another page (a touch in a person's timeline): as
    `md_body`, with its headings as bold lines, so they stay out of the page's outline."""
    body = md_body(markdown)
    if "#" not in body:
        return body  # no headings
    lines, in_fence = [], False
    for line in body.split("\n"):
        if _FENCE_LINE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        lines.append(f"\n**{heading.group(1)}**\n" if heading and heading.group(1) else line)
    return "\n".join(lines)


def _outside_code_spans(line: str, change: Callable[[str], str]) -> str:
    parts, position = [], 0
    for span in _CODE_SPAN.finditer(line):
        parts += [change(line[position:span.start()]), span.group(0)]
        position = span.end()
    return "".join([*parts, change(line[position:])])


def _escape_html_text(text: str) -> str:
    return _RAW_HTML.sub("&lt;", text).replace("{", "\\{")


def _judged_target(match: re.Match[str]) -> str:
    return match.group(0) if is_safe_url(match.group(2)) else match.group(1) + UNSAFE


def is_safe_url(target: str) -> bool:
    """Whether a link destination, as a browser will read it, is relative or uses one of
    SAFE_SCHEMES: judged after Markdown escapes and HTML entities are decoded
    (`&#x6A;avascript:`, `javascript&colon;`) and white space and control characters
    removed (`java\tscript:`), as browsers do."""
    if ":" not in target and "&" not in target:
        return True  # no scheme, and no entity that could decode to one: relative
    text = _MARKDOWN_ESCAPE.sub(r"\1", target.lstrip(" <"))
    for _ in range(3):  # entities may be nested (`&amp;#106;`) in a page that decodes twice
        decoded = _INVISIBLE.sub("", html.unescape(text))
        if decoded == text:
            break
        text = decoded
    scheme = _SCHEME.match(text.lstrip("<"))
    return scheme is None or scheme.group(1).lower() in _SCHEME_NAMES


# An attribute starts after white space or a `/` (browsers read `<a/href=...>` as an href);
# the look-ahead at its first letter lets the scan skip most positions at once.
_URL_ATTRIBUTE = re.compile(
    r"""([\s/](?=[hsafxpbd])"""
    r"""(?:href|src|srcset|action|formaction|xlink:href|poster|background|data)\s*=\s*)"""
    r"""("[^"]*"|'[^']*'|[^\s"'>]+)""", re.IGNORECASE | re.ASCII)
_IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""[\s/]([a-z:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""", re.IGNORECASE)


# Where a URL attribute could be unsafe at all: a value (after `=`) holding a `:` or `&`
# that does not start with a safe scheme. `is_safe_url` passes everything else, so a page
# without one is spared the scan of every attribute. `style` values (`text-align: right`)
# are no URLs. The pattern starts with `=` so that `re` can jump from one to the next.
_SAFE_START = r"(?![ <]*(?:" + "|".join(  # a safe scheme's name, in any case
    "".join(f"[{char}{char.upper()}]" for char in name) for name in _SCHEME_NAMES) + "):)"
_MAYBE_UNSAFE = re.compile(r"=(?<!style=)\s*(?:" + "|".join((
    '"' + _SAFE_START + r'[^"]*[:&]',
    "'" + _SAFE_START + r"[^']*[:&]",
    r"""(?!["'])""" + _SAFE_START + r"""[^\s"'>]*[:&]""")) + ")", re.ASCII)


def safe_html(page: str) -> str:
    """A generated page's HTML as the browser gets it, checked once more: every URL
    attribute that is not safe (`is_safe_url`) points nowhere, and an image from another
    host becomes a link to it. `md_body` already did this in the Markdown; this is the
    rule held on whatever Markdown made of it."""
    if _MAYBE_UNSAFE.search(page) is None:
        return _IMAGE_TAG.sub(_outside_image_as_link, page)
    return safe_html_in_full(page)


def safe_html_in_full(page: str) -> str:
    """`safe_html` without its quick look: every URL attribute judged."""
    page = _URL_ATTRIBUTE.sub(_judged_attribute, page)
    return _IMAGE_TAG.sub(_outside_image_as_link, page)


def _judged_attribute(match: re.Match[str]) -> str:
    value = match.group(2).strip("\"'")
    return match.group(0) if is_safe_url(value) else f'{match.group(1)}"{UNSAFE}"'


def _outside_image_as_link(match: re.Match[str]) -> str:
    attributes = {name.lower(): value.strip("\"'") for name, value in
                  _ATTRIBUTE.findall(match.group(0))}
    source = html.unescape(attributes.get("src", ""))
    if not _SCHEME.match(source) and not source.startswith("//"):
        return match.group(0)
    label = attributes.get("alt") or html.escape(source)
    return f'<a href="{html.escape(source)}">{label}</a>'


def tag_name(name: str) -> str:
    """A tag as Material's tags plugin may show it: it writes tag names into
    HTML as they are, so they are escaped here, in the page's front matter and
    in every listing that names them (the names must match)."""
    return html.escape(name, quote=True)


_TITLE_LOOKALIKES = str.maketrans({"<": "\u2039", ">": "\u203a", '"': "\u201d"})


def page_title(text: str) -> str:
    """A page title fit for every place the theme puts it unescaped (`<title>`,
    attributes, search results): the characters that could end those places
    are swapped for look-alike quotation marks; the heading on the page stays exact."""
    return text.translate(_TITLE_LOOKALIKES)




_LINK = re.compile(r"\[([^\]]*(?:\\\][^\]]*)*)\]\([^)]*\)")
_ESCAPE = re.compile(r"\\([\\`*_\[\]|#!{}])")
_TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")
_DEFINITION = re.compile(r"^:[ \t]+(.*)$")
_ADMONITION = re.compile(r'^!!!\s+\w+(?:\s+"(.*)")?\s*$')


def markdown_as_text(markdown: str) -> str:
    """Generated Markdown made plain for a terminal: headings underlined, tables and
    definition lists as aligned columns, admonitions as a marked line, no emphasis
    marks, links as their text, escapes gone."""
    lines = markdown.split("\n")
    out: list[str] = []
    rows: list[list[str]] = []  # of the table or definition list being read
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.startswith("|"):
            if not _TABLE_RULE.match(line.replace(" ", "")):
                rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
        elif _DEFINITION.match(following) and line.strip():
            rows.append([line])  # a term: its definition follows
        elif (definition := _DEFINITION.match(line)) and rows and len(rows[-1]) == 1:
            rows[-1].append(definition.group(1))
        elif rows and not line.strip() and (_DEFINITION.match(lines[index + 2])
                                            if index + 2 < len(lines) else False):
            continue  # the blank line between two terms
        else:
            out += _table_text(rows) + _line_text(line)
            rows = []
    out += _table_text(rows)
    return "\n".join(out)


def _line_text(line: str) -> list[str]:
    heading = re.match(r"^(#{1,6})\s+(.*)$", line)
    if heading:
        title = _inline_text(heading.group(2))
        return [title, ("=" if len(heading.group(1)) == 1 else "-") * len(title)]
    admonition = _ADMONITION.match(line)
    if admonition:
        return [f"! {_inline_text(admonition.group(1) or '')}".rstrip()]
    if line.startswith("    ") and not line.lstrip().startswith(("-", "*")):
        return ["  " + _inline_text(line.strip())]
    return [_inline_text(line)]


def _inline_text(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"(?<![\\*])\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\\*\w])\*(?!\s)(.+?)(?<![\s\\])\*(?![*\w])", r"\1", text)
    text = re.sub(r"(?<!\\)`+([^`]*)`+", r"\1", text)
    return html.unescape(_ESCAPE.sub(r"\1", text))


def _table_text(rows: list[list[str]]) -> list[str]:
    """A table as columns padded to their widest cell (an empty header row dropped)."""
    rows = [[_inline_text(cell) for cell in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    widths = [max(len(row[i]) if i < len(row) else 0 for row in rows)
              for i in range(max(map(len, rows)))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip()
            for row in rows]


