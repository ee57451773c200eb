"""Rendering a page template: the Jinja environment, its filters, and the few
functions through which a template may look things up in the vault.

Templates get the page's declared context (site/pages.py), `today`, `href`
(a relative link to another page's path) and `links` (links to a person, a
touch, an agenda). Every function that reads the vault is in `Renderer.lookups`,
so the render memo can note the answers and reuse a page while they hold.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shlex
from collections.abc import Callable, Iterable, Mapping
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined, Template
from jinja2.bccache import Bucket
from jinja2.runtime import Context

from kithbook.agenda import is_planned
from kithbook.companies import company_slug
from kithbook.model import Kind, Period, Stage, Touch, Vault
from kithbook.names import fold, url_host, web_url
from kithbook.site.icons import kind_icon
from kithbook.site.markup import (
    md_body,
    md_code,
    md_nested_body,
    md_text,
    page_title,
    safe_url,
    tag_name,
)
from kithbook.site.memo import MISSING, Reads, RenderMemo
from kithbook.site.svg import stage_mark
from kithbook.site.urls import (
    agenda_path,
    company_path,
    markdown_linker,
    page,
    person_path,
    touch_path,
)
from kithbook.timeline import PersonFacts
from kithbook.wikilinks import Target, WikiLink, link_index, rewrite

_TITLE_WORDS = {Kind.OUTREACH: "Outreach to", Kind.THANK_YOU: "Thank-you to",
                Kind.FOLLOW_UP: "Follow-up with", Kind.NOTE: "Note about",
                Kind.REPLY: "Reply from"}


def _unescaped(text: str) -> str:
    return text.replace("\\{", "{").replace("&lt;", "<")


def period_words(period: Period) -> str:
    """`3b` -> `3 business days`."""
    unit = {"d": "day", "b": "business day", "w": "week", "m": "month", "y": "year"}[period.unit]
    return f"{period.count} {unit}{'' if period.count == 1 else 's'}"


def when(touch: Touch) -> str:
    day = touch.date.isoformat()
    return f"{day} {touch.time:%H:%M}" if touch.time else day


def _link_label(url: str) -> str:
    return url_host(url) or url


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class _CompiledTemplates(FileSystemBytecodeCache):
    """The templates compiled once per machine rather than once per process (an eighth
    of a second a build or a `kith` command), in Jinja's own cache folder for the user.
    Jinja checks each entry against its template's source and its own version; the key
    holds, besides, the environment's options that shape the compiled code."""

    def __init__(self, env: Environment, directory: str | None = None) -> None:
        super().__init__(directory, pattern="__kithbook_%s.cache")
        self.options = repr((
            env.block_start_string, env.block_end_string, env.variable_start_string,
            env.variable_end_string, env.comment_start_string, env.comment_end_string,
            env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
            env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
            env.autoescape, env.optimized, sorted(env.extensions)))

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(name, f"{filename}|{self.options}")

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):  # a full disk, say: the next process compiles
            super().dump_bytecode(bucket)


class _Context(Context):
    """Jinja's context, calling a plain function or method at once.

    Jinja asks of every call in a template whether the callable wants the context
    passed in (`pass_context` and its kin mark it with `jinja_pass_arg`), by looking
    for the mark twice, each look a caught AttributeError: on a site, a tenth of a
    second. A function's mark is in its `__dict__`, a builtin has none; anything else
    (a macro asks for the evaluation context), or a marked function, goes the way
    Jinja goes."""

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind is MethodType:
            function = __obj.__func__  # type: ignore[attr-defined]
            plain = type(function) is FunctionType and "jinja_pass_arg" not in function.__dict__
        else:
            plain = kind is BuiltinFunctionType or (
                kind is FunctionType and "jinja_pass_arg" not in __obj.__dict__)
        if not plain:
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja does
            return __self.environment.undefined("value was undefined because a callable"
                                                " raised a StopIteration exception")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("kithbook", "templates"),
        autoescape=False,  # Markdown, not HTML: user text goes through `t` instead
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The templates ship with the package and do not change while it runs: without
        # this, every page and every `import` in it stats the template files again.
        auto_reload=False,
    )
    with contextlib.suppress(OSError, RuntimeError):  # no private folder: compiled in memory
        env.bytecode_cache = _CompiledTemplates(env)
    env.context_class = _Context
    env.filters.update(t=md_text, url=safe_url, body=md_body, tag=tag_name, title=page_title,
                       when=when, json=_json, code=md_code, shell=shlex.quote,
                       web=web_url, host=_link_label, period=period_words,
                       nested=md_nested_body, icon=kind_icon)
    env.globals.update(page=page, stage_marks={stage: stage_mark(stage) for stage in Stage},
                       company_path=company_path)
    # The macros, made once as modules every template sees (`m.stage(...)`, `hist.rows(h)`):
    # an `{% import %}` in a template costs a look at the context's globals on every page.
    env.globals.update(m=env.get_template("_macros.md.j2").module,
                       hist=env.get_template("_history.md.j2").module)
    return env


ENV = _environment()


class Renderer:
    """Renders the pages of one build over one vault; remembers them in `memo` if given."""

    def __init__(self, vault: Vault, facts: dict[str, PersonFacts], today: dt.date,
                 memo: RenderMemo | None = None, *,
                 company_slugs: Mapping[str, str] | None = None) -> None:
        self.vault = vault
        self.facts = facts
        self.today = today
        self.memo = memo
        self.company_slugs = company_slugs or {}  # by folded name (`companies.company_names`)
        self.touch_by_id = {touch.id: touch for touch in vault.touches}
        self.index = link_index(vault)  # the vault's one index, shared with its WikiLinks
        # Every function the templates get that reads the vault, by its name in the
        # templates: the render memo notes their answers (memo.py). A template reading
        # the vault any other way than through these or its own context would be
        # reused when stale, so a new such function belongs here.
        self.lookups: dict[str, Callable[[Any], Any]] = {
            "name_of": self.name_of, "title_of": self.title_of,
            "is_person": self.vault.people.__contains__, "stage_of": self.stage_of,
            "touch_by_id": lambda touch_id: self.touch_by_id.get(touch_id, MISSING),
            "link_target": self.index.resolve, "company_slug_of": self.company_slug_of,
        }

    def render(self, template: str, here: str, context: dict[str, Any]) -> str:
        compiled = ENV.get_template(template)
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
        links = Links(functions["name_of"], functions["title_of"], functions["is_person"], href,
                      link_target=functions["link_target"], touch_by_id=functions["touch_by_id"],
                      company_slug_of=functions["company_slug_of"])
        return compiled.render(today=self.today, href=href, links=links,
                               is_planned=lambda t: is_planned(t, self.today),
                               **functions, **context)

    def page_links(self, here: str) -> Links:
        """Links from the page at `here`, for a hand-written page (no memo: it is not rendered)."""
        return Links(self.name_of, self.title_of, self.vault.people.__contains__,
                     markdown_linker(here), link_target=self.index.resolve,
                     touch_by_id=self.touch_by_id, company_slug_of=self.company_slug_of)

    def name_of(self, slug: str) -> str:
        person = self.vault.people.get(slug)
        return person.name if person else slug

    def company_slug_of(self, name: str) -> str:
        return self.company_slugs.get(fold(name)) or company_slug(name)

    def stage_of(self, slug: str) -> str:
        return self.facts[slug].stage.value if slug in self.facts else ""

    def title_of(self, touch: Touch) -> str:
        if touch.title:
            return touch.title
        names = [self.name_of(slug) for slug in touch.with_]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"{_TITLE_WORDS.get(touch.kind, touch.kind.value.capitalize() + ' with')} {joined}"


class Links:
    """The links the templates make most (`links.person`, `links.touch`, `links.people`),
    in Python: a site makes tens of thousands, and a Jinja macro call costs ten times more."""

    def __init__(self, name_of: Callable[[str], str], title_of: Callable[[Touch], str],
                 is_person: Callable[[str], bool], href: Callable[[str], str], *,
                 link_target: Callable[[str], Target | None] = lambda target: None,
                 touch_by_id: Any = None,
                 company_slug_of: Callable[[str], str] = company_slug) -> None:
        self.name_of = name_of
        self.title_of = title_of
        self.is_person = is_person
        self.href = href  # to a page's source path, for Markdown (MkDocs checks it)
        self.link_target = link_target
        self.touch_by_id = touch_by_id if touch_by_id is not None else {}  # `or` would walk it
        self.company_slug_of = company_slug_of

    def body(self, markdown: str) -> str:
        """A record's notes made safe (`markup.md_body`), `[[links]]` made links to the
        person or touch they name; a link that names nobody stays as written."""
        return rewrite(md_body(markdown), self._wikilink)

    def nested(self, markdown: str) -> str:
        """As `body`, for notes shown inside another page (`markup.md_nested_body`)."""
        return rewrite(md_nested_body(markdown), self._wikilink)

    def in_page(self, markdown: str) -> str:
        """A hand-written page with its `[[links]]` made links; nothing else changes."""
        return rewrite(markdown, self._wikilink)

    def _wikilink(self, link: WikiLink) -> str | None:
        # The text went through md_body first: undo its two escapes to read the target.
        target = self.link_target(_unescaped(link.target))
        if target is None:
            return None
        label = _unescaped(link.label) if link.label else None
        if target.kind == "person":
            return f"[{md_text(label or self.name_of(target.ident))}]" \
                f"({self.href(person_path(target.ident))})"
        touch = self.touch_by_id[target.ident]
        return f"[{md_text(label or self.title_of(touch))}]({self.href(touch_path(touch.id))})"

    def person(self, slug: str) -> str:
        if not self.is_person(slug):
            return md_text(slug)
        return f"[{md_text(self.name_of(slug))}]({self.href(person_path(slug))})"

    def touch(self, touch: Touch) -> str:
        return f"[{md_text(self.title_of(touch))}]({self.touch_href(touch)})"

    def people(self, slugs: Iterable[str]) -> str:
        return ", ".join(self.person(slug) for slug in slugs)

    def touch_href(self, touch: Touch) -> str:
        return self.href(touch_path(touch.id))

    def agenda_href(self, touch: Touch) -> str:
        return self.href(agenda_path(touch.id))

    def company_html(self, name: str) -> str:
        """A link to the page of a person's company (every company named has one), inside
        an HTML block marked `markdown="span"`. Links there, as `person` and `touch` make
        them for follow-up cards, are Markdown links, which MkDocs and Zensical both make
        relative to the page (Zensical reads a raw `<a href>` as relative to the Markdown
        file)."""
        return f"[{md_text(name)}]({self.href(company_path(self.company_slug_of(name)))})"
