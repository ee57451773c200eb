"""The site as data: a snapshot of the vault -> {site path: generated page}, no MkDocs import.

Every generated page is declared once in `PAGES` (a fixed page: its path,
its title in the navigation, its template and the context it reads) or in
`RECORD_PAGES` (a family: one page per person, touch or planned
conversation). A new page is one entry here plus its template. The context
an entry declares is all the render memo compares, with the lookups of
`templating.Renderer`; sorting and filtering happen in the core, the
templates only lay out what they are given.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, NamedTuple

from kithbook.activity import pending, pitch_revisions, weeks
from kithbook.agenda import Agenda, QuestionGroup
from kithbook.check import unreadable_notice
from kithbook.closing import Step, closing_steps
from kithbook.companies import CompanyNotes, notes_file
from kithbook.followups import FollowUp, Reason, due_horizon, grouped
from kithbook.history import NO_HISTORY, FileHistory, History, Revision
from kithbook.model import Kind, Person, Problem, Stage, Touch, TouchStatus, Vault
from kithbook.pipeline import board
from kithbook.referrals import referral_index
from kithbook.resources import kind_heading
from kithbook.settings import Settings
from kithbook.site import svg, urls
from kithbook.site.heatmap import heatmaps
from kithbook.site.memo import RenderMemo
from kithbook.site.templating import Renderer
from kithbook.snapshot import Snapshot
from kithbook.timeline import PersonFacts
from kithbook.wikilinks import DocPage

DASHBOARD_MARKER = "<!-- kithbook:dashboard -->"
REVISIONS_MARKER = "<!-- kithbook:revisions -->"
OUTLINE_DEPTH = 6  # nested lists deeper than this are hard to read (and to parse)


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """Markdown for one site path, the vault file it shows (for its edit link; None: none),
    whether it is a record page (a person, touch, agenda or company: not in the nav) and
    whether it is a listing (see `Page`)."""

    markdown: str
    source: str | None = None
    record: bool = False
    listing: bool = False


@dataclass(frozen=True, slots=True)
class Build:
    """What every page of one build may read: the snapshot and the git history."""

    snapshot: Snapshot
    problems: tuple[Problem, ...] = ()
    history: History = NO_HISTORY
    pitch_history: tuple[Revision, ...] = ()
    directory_urls: bool = True
    editor: urls.Editor = urls.NO_EDITOR

    def file_history(self, path: str) -> FileHistory | None:
        return self.history.of(path) if self.history.available else None


Context = Callable[[Build], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Page:
    """One fixed page: where it is, its title in the navigation (None: not listed), the
    template that lays it out and the context it reads; `shown` says whether this
    build has it at all. A `listing` repeats records row by row, in Kithbook's escaped
    text only: it is left out of the search index (`NOT_SEARCHED`: each row would be a
    second hit for its record), and under `mkdocs serve` its rows and cards are
    converted one by one (`mkdocs_plugin.pieces`)."""

    path: str
    nav: tuple[int, str] | None
    template: str
    context: Context
    shown: Callable[[Build], bool] = field(default=lambda build: True)
    listing: bool = False


@dataclass(frozen=True, slots=True)
class RecordPages:
    """A family of pages, one per record: (path, the file it shows, its context) each."""

    template: str
    pages: Callable[[Build], Iterable[tuple[str, str | None, dict[str, Any]]]]


# The contexts the pages read ------------------------------------------------------------


DASHBOARD_CARDS = 8  # the most urgent follow-ups on the home page; the rest on Follow-ups
_PERSON_FILE_REASONS = (Reason.PREPARE, Reason.REMINDER, Reason.KEEP_IN_TOUCH, Reason.BIRTHDAY)


class Card(NamedTuple):
    """A follow-up as the site shows it: the item, the commands that close it, and where
    its file opens (`editor_url`, else the edit page; None: neither is known)."""

    item: FollowUp
    steps: tuple[Step, ...]
    edit: str | None


def _cards(build: Build, items: Iterable[FollowUp]) -> list[Card]:
    people, touches = build.snapshot.vault.people, build.snapshot.touch_by_id
    cards = []
    for item in items:
        person = people.get(item.person)
        touch = touches.get(item.touch) if item.touch else None
        source = (touch.source if touch and item.reason not in _PERSON_FILE_REASONS
                  else person.source if person else None)
        cards.append(Card(item, closing_steps(item, person),
                          build.editor.href(source.path) if source else None))
    return cards


def _dashboard(build: Build) -> dict[str, Any]:
    snap = build.snapshot
    recent = [t for t in reversed(snap.vault.touches) if t.date <= snap.today][:10]
    stages = Counter(f.stage for f in snap.facts.values())
    return {"planned": snap.planned[:10], "recent": recent,
            "cards": _cards(build, snap.due[:DASHBOARD_CARDS]), "more": len(snap.due),
            "follow_up_counts": [(group, len(items)) for group, items in grouped(snap.due)],
            "stages": [(stage, stages[stage]) for stage in Stage],
            "opens_editor": build.editor.opens_editor,
            "unreadable": unreadable_notice(snap.vault)}


def _follow_ups(build: Build) -> dict[str, Any]:
    snap = build.snapshot
    return {"groups": [(group, _cards(build, items)) for group, items in grouped(snap.due)],
            "horizon": due_horizon(snap.settings, snap.today),
            "opens_editor": build.editor.opens_editor,
            "unreadable": unreadable_notice(snap.vault)}


class PersonRow(NamedTuple):
    """What an index shows of a person: only this, so that the render memo reuses the
    index when an edit changed nothing it shows (a ticked box in a touch, say)."""

    person: Person
    stage: Stage
    last_contact: dt.date | None
    next_due: dt.date | None


class TouchRow(NamedTuple):
    """What an index shows of a touch (see PersonRow): not its notes."""

    id: str
    date: dt.date
    time: dt.time | None
    with_: tuple[str, ...]
    kind: Kind
    title: str | None
    status: TouchStatus | None


def _people(build: Build) -> dict[str, Any]:
    facts = sorted(build.snapshot.facts.values(), key=lambda f: f.person.name.casefold())
    return {"people": [PersonRow(f.person, f.stage, f.last_contact, f.next_due) for f in facts]}


def _touches(build: Build) -> dict[str, Any]:
    newest = sorted(build.snapshot.vault.touches, key=lambda t: t.sort_key, reverse=True)
    people = build.snapshot.vault.people
    with_ = {slug for t in newest for slug in t.with_ if slug in people}
    return {"months": [(month, [TouchRow(t.id, t.date, t.time, t.with_, t.kind, t.title,
                                         t.status)
                                for t in items])
                       for month, items in groupby(newest, key=lambda t: f"{t.date:%B %Y}")],
            "month_keys": list(dict.fromkeys((f"{t.date:%Y-%m}", f"{t.date:%B %Y}")
                                             for t in newest)),
            "kinds": sorted({t.kind.value for t in newest}),
            "people": sorted(((slug, people[slug].name) for slug in with_),
                             key=lambda pair: pair[1].casefold())}


def _tags(build: Build) -> dict[str, Any]:
    people = build.snapshot.vault.people.values()
    return {"tags": sorted({tag for p in people for tag in p.tags}, key=str.casefold)}


def _activity(build: Build) -> dict[str, Any]:
    vault, history = build.snapshot.vault, build.history
    return {"notices": history.notices, "heat": heatmaps(vault, history, build.snapshot.today),
            "pending": pending(vault, history), "weeks": weeks(vault, history),
            "person_path": urls.person_path}


def _pitch(build: Build) -> dict[str, Any]:
    revisions = build.pitch_history if build.history.available else ()
    return {"pitch": build.snapshot.pitch, "marker": REVISIONS_MARKER,
            "revisions": pitch_revisions(revisions), "notices": build.history.notices}


def _leads(build: Build) -> dict[str, Any]:
    ranked, inactive = build.snapshot.leads
    return {"leads": ranked, "inactive": inactive, "missing": build.snapshot.missing_referrals}


def _network(build: Build) -> dict[str, Any]:
    snap = build.snapshot
    drawing = svg.introductions_drawing(snap.introductions, snap.facts,
                                        urls.html_linker(urls.NETWORK, build.directory_urls))
    return {"network": snap.introductions, "drawing": drawing, "outline_depth": OUTLINE_DEPTH}


def _companies(build: Build) -> dict[str, Any]:
    return {"companies": build.snapshot.companies,
            "second_contact_after": build.snapshot.settings.second_contact_after}


def _company_pages(build: Build) -> Iterable[tuple[str, str | None, dict[str, Any]]]:
    folder = build.snapshot.settings.companies_dir
    for company in build.snapshot.companies:
        notes = company.notes
        yield urls.company_path(company.slug), notes.path if notes else None, {
            "c": company, "touches": company.touches,
            "notes_file": notes_file(folder, company.slug),
            "notes": without_front_matter(notes.text).strip() if notes else "",
            "editor": build.editor,
            "second_contact_after": build.snapshot.settings.second_contact_after}


def _advice(build: Build) -> dict[str, Any]:
    entries = build.snapshot.advice
    return {state: [e for e in entries if e.state == state] for state in ("open", "untold", "done")}


def _resources(build: Build) -> dict[str, Any]:
    groups = build.snapshot.resources
    return {"groups": groups, "count": sum(len(items) for _, items in groups),
            "kind_titles": {kind: kind_heading(kind) for kind, _ in groups}}


BOARD_CARDS = 40  # per column of the pipeline board; the People index has everyone


def _pipeline(build: Build) -> dict[str, Any]:
    flow = build.snapshot.pipeline
    chart = svg.stage_bars([(c.stage, c.people, f"{c.inactive} inactive" if c.inactive else "")
                            for c in flow.counts], ident="kb-pipeline",
                           title="People by stage: " + ", ".join(
                               f"{c.stage.value} {c.people}" for c in flow.counts))
    return {"pipeline": flow, "chart": chart, "total": len(build.snapshot.facts),
            "board": [(stage, [PersonRow(f.person, f.stage, f.last_contact, f.next_due)
                               for f in column[:BOARD_CARDS]], len(column))
                      for stage, column in board(build.snapshot.facts)]}


def _agendas(build: Build) -> dict[str, Any]:
    return {"agendas": build.snapshot.agendas}


def _problems(build: Build) -> dict[str, Any]:
    return {"problems": build.problems}


def _agenda_pages(build: Build) -> Iterable[tuple[str, str, dict[str, Any]]]:
    for agenda in build.snapshot.agendas:
        yield urls.agenda_path(agenda.touch.id), agenda.touch.source.path, {"a": agenda,
                                                                             "on_site": True}


def _person_pages(build: Build) -> Iterable[tuple[str, str, dict[str, Any]]]:
    for slug, fact in build.snapshot.facts.items():
        yield urls.person_path(slug), fact.person.source.path, _person(build, fact)


FOLD_AFTER = 600  # characters of notes above which a touch in a timeline starts folded


class TimelineEntry(NamedTuple):
    """A touch in a person's timeline: shown open when its notes are short."""

    touch: Touch
    notes: str
    open: bool


def _person(build: Build, fact: PersonFacts) -> dict[str, Any]:
    person = fact.person
    advice = [(touch, item) for touch in fact.touches for item in touch.advice if not item.done]
    timeline = []
    for touch in fact.touches:  # newest first
        notes = touch.body.text.strip()
        timeline.append(TimelineEntry(touch, notes, len(notes) <= FOLD_AFTER))
    return {"fact": fact, "p": person, "page_tags": _page_tags(person),
            "questions": person.questions,
            "research": person.research, "timeline": timeline,
            "notes": person.body.without_sections("research", "questions").strip(),
            "open_advice": advice, "extra": _extra_rows(person),
            "mentioned_in": tuple(build.snapshot.wikilinks.mentions.get(person.slug, ())),
            "editor": build.editor, "h": build.file_history(person.source.path)}


def _touch_pages(build: Build) -> Iterable[tuple[str, str, dict[str, Any]]]:
    for touch in build.snapshot.vault.touches:
        yield urls.touch_path(touch.id), touch.source.path, {
            "touch": touch, "editor": build.editor, "h": build.file_history(touch.source.path),
            "referred": _referred(build, touch)}


def _referred(build: Build, touch: Touch) -> list[tuple[str, str | None]]:
    """Each referral as written and the person it names, if any (by slug, name or aka)."""
    if not touch.referrals:
        return []
    index = referral_index(build.snapshot.vault)
    return [(r.text, index.match(r)) for r in touch.referrals]


# The registry -----------------------------------------------------------------------------

PAGES: tuple[Page, ...] = (  # in build order; `nav` is (place in the navigation, title)
    Page(urls.HOME, (0, "Home"), "dashboard.md.j2", _dashboard),
    Page(urls.FOLLOW_UPS, (1, "Follow-ups"), "followups.md.j2", _follow_ups, listing=True),
    Page(urls.PEOPLE_INDEX, (3, "People"), "people_index.md.j2", _people, listing=True),
    Page(urls.TOUCHES_INDEX, (4, "Touches"), "touches_index.md.j2", _touches, listing=True),
    Page(urls.TAGS, (13, "Tags"), "tags.md.j2", _tags),
    Page(urls.ACTIVITY, (11, "Activity"), "activity.md.j2", _activity),
    Page(urls.PITCH, (12, "Pitch"), "pitch.md.j2", _pitch),
    Page(urls.LEADS, (5, "Leads"), "leads.md.j2", _leads, listing=True),
    Page(urls.NETWORK, (6, "Network"), "network.md.j2", _network),
    Page(urls.COMPANIES, (7, "Companies"), "companies.md.j2", _companies, listing=True),
    Page(urls.ADVICE, (8, "Advice"), "advice.md.j2", _advice, listing=True),
    Page(urls.RESOURCES, (9, "Resources"), "resources.md.j2", _resources, listing=True),
    Page(urls.PIPELINE, (10, "Pipeline"), "pipeline.md.j2", _pipeline),
    Page(urls.AGENDAS_INDEX, (2, "Agendas"), "agendas_index.md.j2", _agendas, listing=True),
)
# Problems: after every record page, last in the nav, and only when there are any.
PROBLEMS_PAGE = Page(urls.PROBLEMS, None, "problems.md.j2", _problems,
                     shown=lambda build: bool(build.problems))
RECORD_PAGES: tuple[RecordPages, ...] = (
    RecordPages("agenda.md.j2", _agenda_pages),
    RecordPages("person.md.j2", _person_pages),
    RecordPages("touch.md.j2", _touch_pages),
    RecordPages("company.md.j2", _company_pages),
)
# The short, fixed navigation (site.md): record pages are never listed, so the
# nav does not grow with the vault and the build stays linear.
NAV = [(page.nav[1], page.path) for page in sorted(PAGES, key=lambda p: p.nav or (0, ""))
       if page.nav]


def build_pages(
    vault: Vault, problems: tuple[Problem, ...], settings: Settings, today: dt.date, *,
    bank: tuple[QuestionGroup, ...] = (), pitch: str = "", history: History = NO_HISTORY,
    pitch_history: tuple[Revision, ...] = (), directory_urls: bool = True,
    memo: RenderMemo | None = None, docs_pages: tuple[DocPage, ...] = (),
    company_notes: Mapping[str, CompanyNotes] | None = None,
) -> dict[str, GeneratedPage]:
    """Every generated page of `vault` as of `today` (see `site_pages`)."""
    snapshot = Snapshot(vault, settings, today, bank=bank, pitch=pitch, pages=docs_pages,
                        company_notes=company_notes)
    return site_pages(Build(snapshot, problems, history, pitch_history, directory_urls), memo)


def site_pages(build: Build, memo: RenderMemo | None = None) -> dict[str, GeneratedPage]:
    """Every generated page of the site, keyed by its path in the site.

    The history comes from `kithbook.history` (the caller runs git; pages
    never do). `directory_urls` is MkDocs' `use_directory_urls`: links inside
    drawings are raw HTML, which MkDocs does not rewrite. With a `memo` kept
    from the last build, pages whose inputs are unchanged are not rendered again.
    """
    if memo is not None:
        memo.start()
    snap = build.snapshot
    renderer = Renderer(snap.vault, snap.facts, snap.today, memo,
                        company_slugs=snap.company_slugs)
    pages: dict[str, GeneratedPage] = {}

    def add(page: Page) -> None:
        if page.shown(build):
            markdown = renderer.render(page.template, page.path, page.context(build))
            keys = NO_MACROS + NOT_SEARCHED if page.listing else NO_MACROS
            pages[page.path] = GeneratedPage(with_front_matter(markdown, keys),
                                             listing=page.listing)

    for page in PAGES:
        add(page)
    for family in RECORD_PAGES:
        for path, source, context in family.pages(build):
            pages[path] = GeneratedPage(
                with_front_matter(renderer.render(family.template, path, context), NO_MACROS),
                source,
                record=True)
    add(PROBLEMS_PAGE)
    return pages


def render_agenda(agenda: Agenda, vault: Vault, today: dt.date) -> str:
    """One agenda as Markdown, on its own (for `kith agenda`)."""
    path = urls.agenda_path(agenda.touch.id)
    return without_front_matter(Renderer(vault, {}, today).render(
        "agenda.md.j2", path, {"a": agenda, "on_site": False}))


def site_nav(pages: dict[str, GeneratedPage], own_pages: list[str]) -> list[Any]:
    """The navigation: Kithbook's pages, then the user's own (nested by folder), then Problems."""
    nav: list[Any] = [{title: path} for title, path in NAV]
    folders: dict[str, list[str]] = {}
    for path in sorted(own_pages, key=_nav_order):
        if path == urls.HOME or path in pages:
            continue
        folder, _, _ = path.rpartition("/")
        if folder:
            folders.setdefault(folder, []).append(path)
        else:
            nav.append(path)
    for folder, paths in folders.items():
        nav.append({folder.replace("-", " ").replace("/", " / ").capitalize(): paths})
    if urls.PROBLEMS in pages:
        nav.append({"Problems": urls.PROBLEMS})
    return nav


def _nav_order(path: str) -> tuple[str, bool, str]:
    """By folder, a folder's `index.md` first (its section's start), then by name."""
    folder, _, name = path.rpartition("/")
    return folder, name != "index.md", name


def dashboard_into(markdown: str, dashboard: str) -> str:
    """A hand-written home page with the dashboard where it asks for it: under the page's
    own title (one `h1`), and without the table of contents that would squeeze it (unless
    the page has front matter of its own, which is left as written)."""
    if DASHBOARD_MARKER not in markdown:
        return markdown
    body = without_front_matter(dashboard)
    body = re.sub(r"\A# .*\n+", "", body, count=1)
    merged = markdown.replace(DASHBOARD_MARKER, body, 1)
    if FRONT_MATTER.match(markdown.replace("\r\n", "\n")):
        return merged
    return "---\nhide:\n  - toc\n---\n\n" + merged


FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)  # what the page templates start with


def without_front_matter(markdown: str) -> str:
    found = FRONT_MATTER.match(markdown)
    return markdown[found.end():].removeprefix("\n") if found else markdown


# mkdocs-macros-plugin would otherwise run the user's notes as Jinja (a note quoting
# `{{ ref('x') }}` stops the build); other generators ignore the key.
NO_MACROS = "render_macros: false\n"
NOT_SEARCHED = "search:\n  exclude: true\n"  # a listing: see `Page`


def with_front_matter(markdown: str, keys: str) -> str:
    """The page with `keys` (YAML lines) at the end of its front matter."""
    if found := FRONT_MATTER.match(markdown):
        end = found.end() - len("---\n")
        return markdown[:end] + keys + markdown[end:]
    return "---\n" + keys + "---\n\n" + markdown


def revisions_into(markdown: str, generated: str) -> str:
    """A hand-written pitch page with its revisions where it asks for them, or at the end."""
    revisions = generated.partition(REVISIONS_MARKER)[2].strip()
    if REVISIONS_MARKER in markdown:
        return markdown.replace(REVISIONS_MARKER, revisions, 1)
    return markdown.rstrip() + "\n\n" + revisions + "\n"


def mode_notice(settings: Settings) -> str:
    """The line every page of a published or incognito build starts with."""
    if settings.publish:
        return ('!!! info "Published build"\n    Private people and touches, private notes'
                " and everyone's contact details are left out of this site.\n\n")
    if settings.incognito:
        return ('!!! info "Incognito"\n    Contact details and notes are masked'
                " for sharing the screen.\n\n")
    return ""


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
