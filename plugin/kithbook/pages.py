"""The site as data: Vault -> {site path: generated page}, with no MkDocs import.

The MkDocs plugin adds these pages to the build; `kith render` (later) can
write the same pages as files for another site generator. Sorting and
filtering happen here; the templates only lay out what they are given.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from kithbook.agenda import (
    Agenda,
    QuestionGroup,
    build_agenda,
    planned_conversations,
)
from kithbook.followups import FollowUp, follow_ups, grouped
from kithbook.memo import MISSING, Reads, RenderMemo
from kithbook.model import Kind, Person, Problem, Stage, Touch, Vault
from kithbook.rules import PersonFacts, person_facts
from kithbook.settings import Settings

DASHBOARD_MARKER = "<!-- kithbook:dashboard -->"
ASSETS = {"css": "assets/kithbook/kithbook.css", "js": "assets/kithbook/kithbook.js"}
# The short, fixed navigation (site.md): record pages are never listed, so the
# nav does not grow with the vault and the build stays linear.
NAV = [("Home", "index.md"), ("Follow-ups", "follow-ups.md"), ("Agendas", "agendas/index.md"),
       ("People", "people/index.md"),
       ("Touches", "touches/index.md"), ("Companies", "companies.md"), ("Tags", "tags.md")]
SAFE_SCHEMES = ("http://", "https://", "mailto:")
_TITLE_WORDS = {Kind.OUTREACH: "Outreach to", Kind.THANK_YOU: "Thank-you to",
                Kind.FOLLOW_UP: "Follow-up with", Kind.NOTE: "Note about"}


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """Markdown for one site path, and the vault file it shows (for its edit link)."""

    markdown: str
    source: str | None = None


def person_path(slug: str) -> str:
    return f"people/{slug}.md"


def touch_path(touch_id: str) -> str:
    return f"touches/{touch_id}.md"


def agenda_path(touch_id: str) -> str:
    return f"agendas/{touch_id}.md"


def render_agenda(agenda: Agenda, vault: Vault, today: dt.date) -> str:
    """One agenda as Markdown, on its own (for `kith agenda`)."""
    return _Site(vault, {}, today).agenda(agenda)


def build_pages(
    vault: Vault, problems: tuple[Problem, ...], settings: Settings, today: dt.date, *,
    bank: tuple[QuestionGroup, ...] = (), pitch: str = "", memo: RenderMemo | None = None,
) -> dict[str, GeneratedPage]:
    """Every generated page of the site, keyed by its path in the site. With a `memo` kept
    from the last build, pages whose inputs are unchanged are not rendered again."""
    facts = person_facts(vault, settings, today)
    agendas = [build_agenda(touch, vault, facts, today, bank, pitch)
               for touch in planned_conversations(vault, today)]
    due = follow_ups(vault, settings, today, facts=facts)
    if memo is not None:
        memo.start()
    site = _Site(vault, facts, today, memo)
    pages = {
        "index.md": GeneratedPage(site.dashboard(due, [a.touch for a in agendas])),
        "follow-ups.md": GeneratedPage(site.render(
            "followups.md.j2", "follow-ups.md", groups=grouped(due),
            horizon=settings.due_soon.after(today))),
        "people/index.md": GeneratedPage(site.render("people_index.md.j2", "people/index.md",
                                                     people=site.people_rows())),
        "touches/index.md": GeneratedPage(site.render("touches_index.md.j2", "touches/index.md",
                                                      months=site.months())),
        "tags.md": GeneratedPage(site.render("tags.md.j2", "tags.md", tags=site.tags())),
        "companies.md": GeneratedPage(site.render("companies.md.j2", "companies.md",
                                                  companies=site.companies())),
    }
    pages["agendas/index.md"] = GeneratedPage(site.render(
        "agendas_index.md.j2", "agendas/index.md", agendas=agendas))
    for agenda in agendas:
        pages[agenda_path(agenda.touch.id)] = GeneratedPage(
            site.agenda(agenda), agenda.touch.source.path)
    for slug, fact in facts.items():
        pages[person_path(slug)] = GeneratedPage(site.person(fact), fact.person.source.path)
    for touch in vault.touches:
        pages[touch_path(touch.id)] = GeneratedPage(site.touch(touch), touch.source.path)
    if problems:
        pages["problems.md"] = GeneratedPage(
            site.render("problems.md.j2", "problems.md", problems=problems))
    return pages


def site_nav(pages: dict[str, GeneratedPage], own_pages: list[str]) -> list[Any]:
    """The navigation: Kithbook's pages, then the user's own (nested by folder), then Problems."""
    nav: list[Any] = [{title: path} for title, path in NAV]
    folders: dict[str, list[str]] = {}
    for path in sorted(own_pages, key=_nav_order):
        if path == "index.md" or path in pages:
            continue
        folder, _, _ = path.rpartition("/")
        if folder:
            folders.setdefault(folder, []).append(path)
        else:
            nav.append(path)
    for folder, paths in folders.items():
        nav.append({folder.replace("-", " ").replace("/", " / ").capitalize(): paths})
    if "problems.md" in pages:
        nav.append({"Problems": "problems.md"})
    return nav


def _nav_order(path: str) -> tuple[str, bool, str]:
    """By folder, a folder's `index.md` first (its section's start), then by name."""
    folder, _, name = path.rpartition("/")
    return folder, name != "index.md", name


def dashboard_into(markdown: str, dashboard: str) -> str:
    """A hand-written home page with the dashboard where it asks for it."""
    body = re.sub(r"\A---\n.*?\n---\n", "", dashboard, count=1, flags=re.S)
    return markdown.replace(DASHBOARD_MARKER, body, 1)


# Filters: user text is escaped for Markdown and HTML wherever it lands.

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#!{}])")


def md_text(value: object) -> str:
    """Text shown literally inside Markdown (and so inside HTML)."""
    escaped = html.escape(str(value), quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped).replace("\n", " ")


def safe_url(value: str | None) -> str | None:
    """A URL fit for a link: only http, https and mailto are ever clickable."""
    if value and value.strip().lower().startswith(SAFE_SCHEMES):
        return value.strip().replace(" ", "%20").replace(")", "%29").replace("<", "%3C")
    return None


def markdown_as_text(markdown: str) -> str:
    """Generated Markdown made plain for a terminal: links become their text, escapes go."""
    text = re.sub(r"\[([^\]]*(?:\\\][^\]]*)*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\\([\\`*_\[\]|#!{}])", r"\1", text)
    return html.unescape(text)


def when(touch: Touch) -> str:
    day = touch.date.isoformat()
    return f"{day} {touch.time:%H:%M}" if touch.time else day


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("kithbook", "templates"),
        autoescape=False,  # Markdown, not HTML: user text goes through `t` instead
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(t=md_text, url=safe_url, when=when, json=json.dumps)
    return env


_ENV = _environment()


class _Site:
    """Views of the vault for the templates; one instance per build."""

    def __init__(self, vault: Vault, facts: dict[str, PersonFacts], today: dt.date,
                 memo: RenderMemo | None = None) -> None:
        self.vault = vault
        self.facts = facts
        self.today = today
        self.memo = memo
        self.touch_by_id = {touch.id: touch for touch in vault.touches}
        # Every function the templates get that reads the vault, by its name in the
        # templates: the render memo notes their answers (memo.py). A template reading
        # the vault any other way than through these or its own context would be
        # reused when stale, so a new such function belongs here.
        self.lookups: dict[str, Callable[[Any], Any]] = {
            "name_of": self.name_of, "title_of": self.title_of,
            "is_person": self.vault.people.__contains__,
            "touch_by_id": lambda touch_id: self.touch_by_id.get(touch_id, MISSING),
        }

    def render(self, template: str, here: str, **context: Any) -> str:
        compiled = _ENV.get_template(template)
        if self.memo is None:
            return self._render(compiled, here, context, Reads(self.lookups, noting=False))
        compared = {"template": compiled, "today": self.today, "context": context}
        return self.memo.render((template, here), compared, self.lookups,
                                lambda reads: self._render(compiled, here, context, reads))

    def _render(self, compiled: Template, here: str, context: dict[str, Any],
                reads: Reads) -> str:
        href = _linker(here)
        functions: dict[str, Any] = {name: reads.function(name) for name in self.lookups}
        functions["touch_by_id"] = reads.mapping("touch_by_id", self.touch_by_id)
        links = _Links(functions["name_of"], functions["title_of"], functions["is_person"], href)
        return compiled.render(today=self.today, href=href, links=links, **functions, **context)

    def name_of(self, slug: str) -> str:
        person = self.vault.people.get(slug)
        return person.name if person else slug

    def title_of(self, touch: Touch) -> str:
        if touch.title:
            return touch.title
        names = [self.name_of(slug) for slug in touch.with_]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"{_TITLE_WORDS.get(touch.kind, touch.kind.value.capitalize() + ' with')} {joined}"

    def people_rows(self) -> list[PersonFacts]:
        return sorted(self.facts.values(), key=lambda f: f.person.name.casefold())

    def months(self) -> list[tuple[str, list[Touch]]]:
        newest = sorted(self.vault.touches, key=lambda t: t.sort_key, reverse=True)
        return [(month, list(items)) for month, items in
                groupby(newest, key=lambda t: f"{t.date:%B %Y}")]

    def tags(self) -> list[str]:
        return sorted({tag for p in self.vault.people.values() for tag in p.tags}, key=str.casefold)

    def companies(self) -> list[tuple[str, list[PersonFacts]]]:
        by_company: dict[str, list[PersonFacts]] = {}
        for fact in self.people_rows():
            if fact.person.company:
                by_company.setdefault(fact.person.company, []).append(fact)
        return sorted(by_company.items(), key=lambda item: item[0].casefold())

    def dashboard(self, due: list[FollowUp], planned: list[Touch]) -> str:
        recent = [t for t in reversed(self.vault.touches) if t.date <= self.today][:10]
        stages = Counter(f.stage for f in self.facts.values())
        counts = [(group, len(items)) for group, items in grouped(due)]
        return self.render("dashboard.md.j2", "index.md", planned=planned[:10], recent=recent,
                           follow_ups=due, follow_up_counts=counts,
                           stages=[(stage, stages[stage]) for stage in Stage])

    def agenda(self, agenda: Agenda) -> str:
        return self.render("agenda.md.j2", agenda_path(agenda.touch.id), a=agenda)

    def person(self, fact: PersonFacts) -> str:
        person = fact.person
        advice = [(touch, item) for touch in fact.touches for item in touch.advice
                  if not item.done]
        return self.render(
            "person.md.j2", person_path(person.slug), fact=fact, p=person,
            page_tags=_page_tags(person), open_questions=[q for q in person.questions
                                                           if not q.done],
            open_advice=advice, extra=_extra_rows(person),
        )

    def touch(self, touch: Touch) -> str:
        return self.render("touch.md.j2", touch_path(touch.id), touch=touch,
                           planned=touch.date > self.today)


class _Links:
    """The links the templates make most (`m.person_link` and friends in `_macros.md.j2`),
    in Python: a site makes tens of thousands, and a Jinja macro call costs ten times more."""

    def __init__(self, name_of: Callable[[str], str], title_of: Callable[[Touch], str],
                 is_person: Callable[[str], bool], href: Callable[[str], str]) -> None:
        self.name_of = name_of
        self.title_of = title_of
        self.is_person = is_person
        self.href = href

    def person(self, slug: str) -> str:
        if not self.is_person(slug):
            return md_text(slug)
        return f"[{md_text(self.name_of(slug))}]({self.href(person_path(slug))})"

    def touch(self, touch: Touch) -> str:
        return f"[{md_text(self.title_of(touch))}]({self.href(touch_path(touch.id))})"

    def people(self, slugs: Iterable[str]) -> str:
        return ", ".join(self.person(slug) for slug in slugs)


def _linker(here: str) -> Callable[[str], str]:
    """Relative links from the page at `here`, which MkDocs checks under --strict.

    `posixpath.relpath` on two site paths, without its calls to the working
    directory: a site makes tens of thousands of links.
    """
    base = [part for part in posixpath.dirname(here).split("/") if part]

    def href(target: str) -> str:
        parts = target.split("/")
        same = 0
        while same < len(base) and same < len(parts) - 1 and parts[same] == base[same]:
            same += 1
        return "/".join([".."] * (len(base) - same) + parts[same:])

    return href


def _page_tags(person: Person) -> list[str]:
    tags = list(person.tags)
    if person.company and person.company not in tags:
        tags.append(person.company)
    return tags


def _extra_rows(person: Person) -> list[tuple[str, str]]:
    """Unknown keys, kept and shown as `key: value` text."""
    return [(key, _plain(value)) for key, value in person.extra.items()]


def _plain(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)
