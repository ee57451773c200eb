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
import shlex
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from kithbook import advice, companies, introductions, leads, pipeline, referrals, resources
from kithbook.site import svg
from kithbook.activity import heatmaps, pending, pitch_revisions, weeks
from kithbook.agenda import (
    Agenda,
    QuestionGroup,
    build_agenda,
    planned_conversations,
)
from kithbook.followups import FollowUp, follow_ups, grouped
from kithbook.history import NO_HISTORY, FileHistory, History, Revision
from kithbook.site.memo import MISSING, Reads, RenderMemo
from kithbook.model import Kind, Period, Person, Problem, Stage, Touch, Vault
from kithbook.timeline import PersonFacts, person_facts
from kithbook.settings import Settings
from kithbook.names import url_host, web_url
from kithbook.site.markup import (
    markdown_as_text,
    md_body,
    md_code,
    md_text,
    page_title,
    safe_url,
    tag_name,
)
from kithbook.site.urls import (
    ASSETS,
    agenda_path,
    html_linker,
    markdown_linker,
    person_path,
    touch_path,
)

DASHBOARD_MARKER = "<!-- kithbook:dashboard -->"
REVISIONS_MARKER = "<!-- kithbook:revisions -->"
# The short, fixed navigation (site.md): record pages are never listed, so the
# nav does not grow with the vault and the build stays linear.
NAV = [("Home", "index.md"), ("Follow-ups", "follow-ups.md"), ("Agendas", "agendas/index.md"),
       ("People", "people/index.md"),
       ("Touches", "touches/index.md"), ("Leads", "leads.md"), ("Network", "network.md"),
       ("Companies", "companies.md"), ("Advice", "advice.md"), ("Resources", "resources.md"),
       ("Pipeline", "pipeline.md"), ("Activity", "activity.md"), ("Pitch", "pitch.md"),
       ("Tags", "tags.md")]
_TITLE_WORDS = {Kind.OUTREACH: "Outreach to", Kind.THANK_YOU: "Thank-you to",
                Kind.FOLLOW_UP: "Follow-up with", Kind.NOTE: "Note about",
                Kind.REPLY: "Reply from"}


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """Markdown for one site path, and the vault file it shows (for its edit link)."""

    markdown: str
    source: str | None = None




def render_agenda(agenda: Agenda, vault: Vault, today: dt.date) -> str:
    """One agenda as Markdown, on its own (for `kith agenda`)."""
    return without_front_matter(_Site(vault, {}, today).agenda(agenda))


def build_pages(
    vault: Vault, problems: tuple[Problem, ...], settings: Settings, today: dt.date, *,
    bank: tuple[QuestionGroup, ...] = (), pitch: str = "", history: History = NO_HISTORY,
    pitch_history: tuple[Revision, ...] = (), directory_urls: bool = True,
    memo: RenderMemo | None = None,
) -> dict[str, GeneratedPage]:
    """Every generated page of the site, keyed by its path in the site.

    `history` and `pitch_history` come from `kithbook.history` (the caller
    runs git; pages never do). `directory_urls` is MkDocs' `use_directory_urls`:
    links inside drawings are raw HTML, which MkDocs does not rewrite. With a
    `memo` kept from the last build, pages whose inputs are unchanged are not
    rendered again.
    """
    facts = person_facts(vault, settings, today)
    agendas = [build_agenda(touch, vault, facts, today, bank, pitch)
               for touch in planned_conversations(vault, today)]
    due = follow_ups(vault, settings, today, facts=facts)
    if memo is not None:
        memo.start()
    site = _Site(vault, facts, today, history, memo)
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
        "activity.md": GeneratedPage(site.activity()),
        "pitch.md": GeneratedPage(site.pitch(pitch, pitch_history)),
    }
    pages.update(_network_pages(site, settings, due, directory_urls))
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


def _network_pages(site: _Site, settings: Settings, due: list[FollowUp], directory_urls: bool
                   ) -> dict[str, GeneratedPage]:
    """Leads, Network, Companies, Advice, Resources and Pipeline (see network.py and svg.py)."""
    vault, facts, today = site.vault, site.facts, site.today
    found = referrals.mentions(vault, today)
    ranked, inactive = leads.leads(facts, found, today)
    links = introductions.introductions(facts, found)
    drawing = svg.introductions_drawing(links, facts, html_linker("network.md", directory_urls))
    entries = advice.advice(vault, facts, today)
    flow = pipeline.pipeline(facts, today)
    chart = svg.stage_bars([(c.stage, c.people, f"{c.inactive} inactive" if c.inactive else "")
                            for c in flow.counts], ident="kb-pipeline",
                           title="People by stage: " + ", ".join(
                               f"{c.stage.value} {c.people}" for c in flow.counts))
    groups = resources.resources(vault, today)
    pages = {
        "leads.md": site.render("leads.md.j2", "leads.md", leads=ranked, inactive=inactive,
                                missing=referrals.missing_referrals(found, vault, today)),
        "network.md": site.render("network.md.j2", "network.md", network=links, drawing=drawing,
                                  outline_depth=OUTLINE_DEPTH),
        "companies.md": site.render("companies.md.j2", "companies.md",
                                    companies=companies.companies(facts, due),
                                    second_contact_after=settings.second_contact_after),
        "advice.md": site.render(
            "advice.md.j2", "advice.md", open=[e for e in entries if e.state == "open"],
            untold=[e for e in entries if e.state == "untold"],
            done=[e for e in entries if e.state == "done"]),
        "resources.md": site.render("resources.md.j2", "resources.md", groups=groups,
                                    count=sum(len(items) for _, items in groups),
                                    kind_titles=KIND_TITLES),
        "pipeline.md": site.render("pipeline.md.j2", "pipeline.md", pipeline=flow, chart=chart,
                                   total=len(facts)),
    }
    return {path: GeneratedPage(markdown) for path, markdown in pages.items()}


OUTLINE_DEPTH = 6  # nested lists deeper than this are hard to read (and to parse)
KIND_TITLES = {"organisation": "Organisations", "event": "Events", "book": "Books",
               "publication": "Publications", "course": "Courses", "article": "Articles",
               "other": "Other"}


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
    return markdown.replace(DASHBOARD_MARKER, without_front_matter(dashboard), 1)


FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)  # what the page templates start with


def without_front_matter(markdown: str) -> str:
    found = FRONT_MATTER.match(markdown)
    return markdown[found.end():].removeprefix("\n") if found else markdown


def revisions_into(markdown: str, generated: str) -> str:
    """A hand-written pitch page with its revisions where it asks for them, or at the end."""
    revisions = generated.partition(REVISIONS_MARKER)[2].strip()
    if REVISIONS_MARKER in markdown:
        return markdown.replace(REVISIONS_MARKER, revisions, 1)
    return markdown.rstrip() + "\n\n" + revisions + "\n"


def period_words(period: Period) -> str:
    """`3b` -> `3 business days`."""
    unit = {"d": "day", "b": "business day", "w": "week", "m": "month", "y": "year"}[period.unit]
    return f"{period.count} {unit}{'' if period.count == 1 else 's'}"


def mode_notice(settings: Settings) -> str:
    """The line every page of a published or incognito build starts with."""
    if settings.publish:
        return ('!!! info "Published build"\n    Private people and touches, private notes'
                " and everyone's contact details are left out of this site.\n\n")
    if settings.incognito:
        return ('!!! info "Incognito"\n    Contact details and notes are masked'
                " for sharing the screen.\n\n")
    return ""


def when(touch: Touch) -> str:
    day = touch.date.isoformat()
    return f"{day} {touch.time:%H:%M}" if touch.time else day


def _link_label(url: str) -> str:
    return url_host(url) or url


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("kithbook", "templates"),
        autoescape=False,  # Markdown, not HTML: user text goes through `t` instead
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(t=md_text, url=safe_url, body=md_body, tag=tag_name, title=page_title,
                       when=when, json=_json, code=md_code, shell=shlex.quote,
                       web=web_url, host=_link_label, period=period_words)
    return env


_ENV = _environment()


class _Site:
    """Views of the vault for the templates; one instance per build."""

    def __init__(self, vault: Vault, facts: dict[str, PersonFacts], today: dt.date,
                 history: History = NO_HISTORY, memo: RenderMemo | None = None) -> None:
        self.vault = vault
        self.facts = facts
        self.today = today
        self.history = history
        self.memo = memo
        self.touch_by_id = {touch.id: touch for touch in vault.touches}
        # Every function the templates get that reads the vault, by its name in the
        # templates: the render memo notes their answers (memo.py). A template reading
        # the vault any other way than through these or its own context would be
        # reused when stale, so a new such function belongs here.
        self.lookups: dict[str, Callable[[Any], Any]] = {
            "name_of": self.name_of, "title_of": self.title_of,
            "is_person": self.vault.people.__contains__, "stage_of": self.stage_of,
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
        href = markdown_linker(here)
        functions: dict[str, Any] = {name: reads.function(name) for name in self.lookups}
        functions["touch_by_id"] = reads.mapping("touch_by_id", self.touch_by_id)
        links = _Links(functions["name_of"], functions["title_of"], functions["is_person"], href)
        return compiled.render(today=self.today, href=href, links=links, **functions, **context)

    def name_of(self, slug: str) -> str:
        person = self.vault.people.get(slug)
        return person.name if person else slug

    def stage_of(self, slug: str) -> str:
        return self.facts[slug].stage.value if slug in self.facts else ""

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
            open_advice=advice, extra=_extra_rows(person), h=self.file_history(person.source.path),
        )

    def touch(self, touch: Touch) -> str:
        return self.render("touch.md.j2", touch_path(touch.id), touch=touch,
                           planned=touch.date > self.today,
                           h=self.file_history(touch.source.path))

    def file_history(self, path: str) -> FileHistory | None:
        return self.history.of(path) if self.history.available else None

    def activity(self) -> str:
        return self.render("activity.md.j2", "activity.md", notices=self.history.notices,
                           heat=heatmaps(self.vault, self.history, self.today),
                           pending=pending(self.vault, self.history),
                           weeks=weeks(self.vault, self.history), person_path=person_path)

    def pitch(self, pitch: str, revisions: tuple[Revision, ...]) -> str:
        return self.render("pitch.md.j2", "pitch.md", pitch=pitch, marker=REVISIONS_MARKER,
                           revisions=pitch_revisions(revisions if self.history.available else ()),
                           notices=self.history.notices)


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
