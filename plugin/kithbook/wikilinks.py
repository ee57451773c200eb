"""`[[links]]` in notes and hand-written pages, the way Obsidian writes them.

`[[ada-lovelace]]`, `[[Ada Lovelace]]`, `[[ada-lovelace|Ada]]` and
`[[Ada Lovelace#Research]]` name a person: by slug, by name (accents, case
and spacing folded), by an `aka:` name or an Obsidian `aliases:` name; a
touch id (`[[2026-11-20-ada-lovelace]]`) names a touch. Links inside code
are text; `![[embeds]]` are left to Obsidian. One index for the site (links
and "Mentioned in"), `kith check` and the build's warnings, so they agree.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kithbook.edit import Change, read_text
from kithbook.model import Person, Problem, Vault, same_names
from kithbook.names import fold_name, slug_for

_LINK = re.compile(r"(?<!!)\[\[([^\[\]|\n]+?)(?:\\?\|([^\[\]\n]*?))?\]\]")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)

TargetKind = Literal["person", "touch"]


@dataclass(frozen=True, slots=True)
class WikiLink:
    """One `[[target|label]]` in a text: where it is (offsets, 1-based line) and what it says."""

    target: str
    label: str | None
    line: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Target:
    """What a link names: a person (by slug) or a touch (by id)."""

    kind: TargetKind
    ident: str


@dataclass(frozen=True, slots=True)
class DocPage:
    """A hand-written Markdown page of the docs folder."""

    path: str  # in the docs folder, as MkDocs knows it (`guide/index.md`)
    file: str  # relative to the vault, for problems and edit links (`docs/guide/index.md`)
    text: str

    @property
    def title(self) -> str:
        """The page's first `# ` heading, else its file name."""
        found = _HEADING.search(_without_front_matter(self.text)[0])
        if found:
            return found.group(1).strip()
        stem = self.path.rsplit("/", 1)[-1].removesuffix(".md")
        return stem.replace("-", " ").capitalize()


@dataclass(frozen=True, slots=True)
class Mentioner:
    """A record or page that links to a person: a touch, another person, or a docs page."""

    kind: Literal["touch", "person", "page"]
    ident: str  # touch id, slug, or the page's docs path
    title: str = ""  # a page's title


def find_links(text: str, first_line: int = 1) -> list[WikiLink]:
    """The wiki links in Markdown `text`, outside code blocks and code spans."""
    if "[[" not in text:
        return []
    found: list[WikiLink] = []
    offset, fenced = 0, False
    for number, line in enumerate(text.split("\n")):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and "[[" in line:
            code = [span.span() for span in _CODE_SPAN.finditer(line)]
            for match in _LINK.finditer(line):
                if any(start <= match.start() < end for start, end in code):
                    continue
                label = match.group(2)
                found.append(WikiLink(match.group(1).strip(), label.strip() if label else None,
                                      first_line + number, offset + match.start(),
                                      offset + match.end()))
        offset += len(line) + 1
    return found


class LinkIndex:
    """Who or what a link's target names; the same rules everywhere."""

    def __init__(self, people: Iterable[Person], touch_ids: Iterable[str]) -> None:
        self.slugs: set[str] = set()
        self.names: dict[str, str] = {}
        self.shown: dict[str, str] = {}  # folded name or slug -> as a suggestion shows it
        for person in people:
            self.slugs.add(person.slug)
            self.shown[person.slug] = person.slug
            for name in (person.name, *person.aka, *_aliases(person),
                         person.slug.replace("-", " ")):
                self.names.setdefault(fold_name(name), person.slug)
                self.shown.setdefault(fold_name(name), name)
        self.touches = set(touch_ids)

    def resolve(self, target: str) -> Target | None:
        name = _plain_target(target)
        if name in self.slugs:
            return Target("person", name)
        if name in self.touches:
            return Target("touch", name)
        found = self.names.get(fold_name(name))
        if found is None and (slug := slug_for(name)) in self.slugs:
            found = slug
        return Target("person", found) if found is not None else None

    def hint(self, target: str) -> str:
        """`; did you mean 'x'?` for an unknown target."""
        close = difflib.get_close_matches(fold_name(_plain_target(target)), list(self.shown),
                                          n=1, cutoff=0.6)
        return f"; did you mean [[{self.shown[close[0]]}]]?" if close else ""


def link_index(vault: Vault) -> LinkIndex:
    """The vault's one `LinkIndex`, made when first asked for and kept with it."""
    index = vault.derived.get("link_index")
    if index is None:
        index = vault.derived["link_index"] = LinkIndex(vault.people.values(),
                                                        (t.id for t in vault.touches))
    return index


def keep_link_index(old: Vault, new: Vault) -> None:
    """Hand `old`'s index to `new` when their people have the same slugs and names and
    their touches the same ids (a record edited in an editor, its names left alone), so
    it is not made again."""
    index = old.derived.get("link_index")
    if (index is not None
            and same_names(old.people, new.people,
                           lambda person: (person.name, person.aka, _aliases(person)))
            and len(new.touches) == len(old.touches)
            and all(a.id == b.id for a, b in zip(new.touches, old.touches, strict=True))):
        new.derived.setdefault("link_index", index)


def _plain_target(target: str) -> str:
    """`people/ada-lovelace.md#Research` -> `ada-lovelace`."""
    name = target.split("#", 1)[0].split("^", 1)[0].strip().rstrip("\\")
    name = name.rsplit("/", 1)[-1]
    return name.removesuffix(".md").strip()


def _aliases(person: Person) -> tuple[str, ...]:
    """Obsidian's `aliases:` property: kept as an unknown key, read here for links."""
    value = person.extra.get("aliases")
    items = value if isinstance(value, list) else [value]
    return tuple(item.strip() for item in items if isinstance(item, str) and item.strip())


class WikiLinks:
    """Every link in the vault's bodies and the docs pages: who is mentioned where, and
    the links that name nobody."""

    def __init__(self, vault: Vault, pages: tuple[DocPage, ...] = ()) -> None:
        self.index = link_index(vault)
        self.mentions: dict[str, list[Mentioner]] = {}
        self.problems: list[Problem] = []
        # A body's links are found once per record (the language server checks the
        # vault at every keystroke, and keeps the records that did not change); most
        # bodies have none, and are passed over before anything is made for them.
        for person in vault.people.values():
            if found := person.body.remembered("wikilinks", find_links):
                self._read(found, person.source.path, Mentioner("person", person.slug))
        for touch in vault.touches:
            if found := touch.body.remembered("wikilinks", find_links):
                self._read(found, touch.source.path, Mentioner("touch", touch.id))
        for page in pages:
            text, skipped = _without_front_matter(page.text)
            self._read(find_links(text, 1 + skipped), page.file,
                       Mentioner("page", page.path, page.title))

    def _read(self, links: list[WikiLink], path: str, who: Mentioner) -> None:
        for link in links:
            target = self.index.resolve(link.target)
            if target is None:
                self.problems.append(Problem(
                    path, link.line, None, f"[[{link.target}]] names no person or touch"
                    f"{self.index.hint(link.target)}", "warning"))
            elif target.kind == "person" and (who.kind != "person" or who.ident != target.ident):
                mentioned = self.mentions.setdefault(target.ident, [])
                if who not in mentioned:
                    mentioned.append(who)


def wiki_links(vault: Vault, pages: tuple[DocPage, ...] = ()) -> WikiLinks:
    """The links of `vault` and `pages`, read once and kept with the vault: `kith check`
    and the site's "Mentioned in" share them in a build."""
    kept = vault.derived.get("wiki_links")
    if kept is None or kept[0] != pages:
        kept = vault.derived["wiki_links"] = (pages, WikiLinks(vault, pages))
    links: WikiLinks = kept[1]
    return links


def _without_front_matter(text: str) -> tuple[str, int]:
    """The page without its YAML front matter, and how many lines that removed."""
    if not text.startswith("---"):
        return text, 0
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[index + 1:]), index + 1
    return text, 0


def rewrite(text: str, link_for: Callable[[WikiLink], str | None]) -> str:
    """`text` with each wiki link replaced by what `link_for` makes of it (None: left as is)."""
    parts: list[str] = []
    position = 0
    for link in find_links(text):
        made = link_for(link)
        if made is None:
            continue
        parts += [text[position:link.start], made]
        position = link.end
    return "".join(parts) + text[position:] if parts else text


def read_pages(root: Path, docs: Path) -> tuple[DocPage, ...]:
    """The hand-written Markdown pages below `docs` (hidden names skipped); a page that
    cannot be read is left to MkDocs, which reports it."""
    pages: list[DocPage] = []
    for folder, dirs, names in os.walk(docs):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or not name.endswith(".md"):
                continue
            path = Path(folder) / name
            try:
                text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
            except (OSError, UnicodeDecodeError):
                continue
            pages.append(DocPage(path.relative_to(docs).as_posix(), _relative(path, root), text))
    return tuple(pages)


def _relative(path: Path, root: Path) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def relinked(text: str, old: str, new: str) -> str:
    """`text` with each link naming the slug `old` (`[[old]]`, `[[old|label]]`,
    `[[old#Heading]]`) naming `new`; links by name, and everything else, unchanged."""
    def link_for(link: WikiLink) -> str | None:
        if _plain_target(link.target) != old:
            return None
        return text[link.start:link.end].replace(old, new, 1)  # the target comes first
    return rewrite(text, link_for)


def with_links_renamed(changes: list[Change], vault: Vault, pages: tuple[DocPage, ...],
                       root: Path, old: str, new: str, *,
                       read: Callable[[Path], str] = read_text) -> list[Change]:
    """A rename or merge planned by `changes` (`plan_rename`, `plan_merge`), with the
    `[[old]]` links of every record and docs page renamed too, so that no link is left
    naming nobody."""
    planned = {change.path: change for change in changes}
    files = [root / p.source.path for p in vault.people.values() if "[[" in p.body.text]
    files += [root / t.source.path for t in vault.touches if "[[" in t.body.text]
    files += [root / page.file for page in pages if "[[" in page.text]
    files += [c.path for c in changes if c.data is not None and c.path not in files]
    # A file the plan removes: renamed (its text is now the created file's), or merged
    # into another file (its body is in that file's planned text, which is in `files`).
    created = next((c for c in changes if c.create), None)
    removed = {c.path for c in changes if c.data is None}
    for path in files:
        if path in removed and created is None:
            continue
        change = created if path in removed else planned.get(path)
        before = change.data.decode("utf-8") if change and change.data else read(path)
        after = relinked(before, old, new)
        if after == before:
            continue
        if change is not None:
            planned[change.path] = Change(change.path, after.encode(), create=change.create)
        else:
            planned[path] = Change(path, after.encode())
    return list(planned.values())
