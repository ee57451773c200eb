"""The MkDocs plugin: a thin adapter from MkDocs' hooks to the core.

config -> `Settings`; files -> load (incrementally), check, `site_output` ->
generated files; problems -> plugin warnings (so `--strict` fails on a bad
vault); serve -> watch people/ and meetings/. Under `mkdocs serve --dirty`
a generated file whose content did not change is not written again.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from mkdocs.config.base import BaseConfigOption, Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kithbook.cache import VaultCache
from kithbook.check import check_vault
from kithbook.machine import with_local_zone
from kithbook.mkdocs_plugin.pieces import ListingMemo
from kithbook.mkdocs_plugin.serving import CompiledTemplates, GeneratedFile, PageLedger, stamp
from kithbook.settings import PARSERS, Settings, SettingsError, with_environment
from kithbook.site.markup import safe_html
from kithbook.site.memo import RenderMemo
from kithbook.site.output import EXTENSIONS, SiteFile, site_output
from kithbook.site.pages import mode_notice
from kithbook.site.urls import ASSETS, SiteLinks, editor_for
from kithbook.wikilinks import read_pages

if TYPE_CHECKING:  # `mkdocs build` never loads the server (an HTTP stack and a file watcher)
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)
# Plugins that make the navigation themselves: Kithbook leaves it to them (awesome-nav
# warns that it replaces a nav set by another plugin, which fails --strict).
NAV_PLUGINS = frozenset({"awesome-nav"})
_DEFAULTS = Settings()


class _Setting(BaseConfigOption[Any]):
    """A `kithbook` setting, validated by the same parser the CLI uses."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.default = getattr(_DEFAULTS, name)

    def run_validation(self, value: object) -> Any:
        if value is self.default:
            return value
        try:
            return PARSERS[self.name](value)
        except ValueError as err:
            raise ValidationError(str(err)) from None


class KithbookConfig(Config):  # type: ignore[no-untyped-call]
    """The settings of format.md, one option per parser in `settings.PARSERS`: a new
    setting is added there only. (A class body's namespace is a real dict, so the
    options can be made in a loop; MkDocs collects them when the class is made.)"""

    vars().update({name: _Setting(name) for name in PARSERS})


class KithbookPlugin(BasePlugin[KithbookConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        # Kept across `mkdocs serve` rebuilds (see on_startup): the parsed records, the
        # rendered pages and what each generated file held, so a rebuild reads, renders
        # and rewrites only what changed.
        self.cache = VaultCache()
        self.ledger = PageLedger()
        self.memo = RenderMemo()
        self.listings = ListingMemo()
        self.compiled = CompiledTemplates()
        self.serving = False
        self.own_nav = False
        self.built_for: tuple[object, ...] = ()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps one plugin instance across `serve` rebuilds. Only
        `serve` remembers the rendered pages: a single build would pay for noting every
        lookup (a fifth of rendering) and keep every page twice, for nothing."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        settings = Settings(**{name: self.config[name] for name in PARSERS})
        try:
            settings = with_environment(settings, os.environ)  # KITH_PUBLISH, KITH_INCOGNITO
        except SettingsError as err:
            raise PluginError(str(err)) from None
        self.settings = with_local_zone(settings)
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.today = self.settings.today or dt.date.today()
        built_for = (stamp(config.config_file_path), config.site_dir)
        if built_for != self.built_for:  # new settings or theme: every page may look different
            self.ledger.forget()
            self.compiled = CompiledTemplates()
            self.listings = ListingMemo()  # rows made with other extensions or URLs
            self.built_for = built_for
        self.own_nav = config.nav is not None
        config.extra_css.append(ASSETS["css"])
        config.extra_javascript.append(ASSETS["js"])
        _ensure_extensions(config)
        _ensure_code_copy(config)
        self.editor = editor_for(self.settings.editor_url, str(self.root), config.repo_url,
                                 config.edit_uri, config.docs_dir)
        return config

    # Last, after plugins that rebuild the file list from the docs folder
    # (mkdocs-static-i18n at -100 makes every file anew from its source on disk,
    # which generated pages have not): they see the hand-written files only.
    @event_priority(-110)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        vault = self.cache.load(self.root, self.settings)
        pages = read_pages(self.root, Path(config.docs_dir))
        problems = check_vault(vault, today=self.today, pages=pages)
        for problem in problems:
            log.warning(problem.format())
        own = {f.src_uri for f in files if f.generated_by is None}
        own_pages = [f.src_uri for f in files.documentation_pages() if f.generated_by is None]
        output = site_output(self.root, vault, problems, self.settings, self.today,
                             docs=Path(config.docs_dir), own=own, name=config.site_name,
                             links=SiteLinks(config.site_url, config.use_directory_urls),
                             memo=self.memo if self.serving else None,  # see on_startup
                             editor=self.editor, pages=pages)
        for notice in output.notices:  # not a warning: a shallow CI clone must still build
            log.info(notice)
        built: dict[str, str | bytes] = {}
        for item in output.files:
            if item.replaces and (own_file := files.get_file_from_path(item.path)):
                files.remove(own_file)
            files.append(self._generated(config, item))
            if item.content is not None:
                built[item.path] = item.content
        self.ledger.record(built)
        if self._nav_is_ours(config, files):
            config.nav = output.nav(own_pages)  # as written: some are now replaced
        if not self.serving:  # no next build: the rest of this one needs only the files
            self.cache = VaultCache()
        return files

    def _nav_is_ours(self, config: MkDocsConfig, files: Files) -> bool:
        """Kithbook sets the nav unless mkdocs.yml has one, a plugin makes it (awesome-nav),
        or literate-nav found a nav file (its nav from the folder alone, set before this
        hook, is replaced: it would leave Kithbook's pages out)."""
        if self.own_nav or NAV_PLUGINS & set(config.plugins):
            return False
        literate = config.plugins.get("literate-nav")
        nav_file = literate.config.get("nav_file", "SUMMARY.md") if literate else None
        return not any(Path(f.src_uri).name == nav_file for f in files)

    def _generated(self, config: MkDocsConfig, item: SiteFile) -> File:
        if item.content is None:  # an asset: MkDocs compares its modification time
            return File.generated(config, item.path, abs_src_path=str(item.asset))
        # Record pages are reached from the indexes, never from the nav (see site_nav).
        inclusion = (InclusionLevel.NOT_IN_NAV if item.record else InclusionLevel.INCLUDED
                     if item.path.endswith(".md") else InclusionLevel.UNDEFINED)
        file = GeneratedFile.generated(config, item.path, content=item.content,
                                        inclusion=inclusion)
        assert isinstance(file, GeneratedFile)
        file.unchanged = self.ledger.unchanged(item.path, item.content)
        file.listing = item.listing
        if item.source:  # edit the record itself, not a generated path
            file.edit_uri = os.path.relpath(self.root / item.source, config.docs_dir).replace(
                os.sep, "/")
        return file

    @event_priority(110)  # before Material's tags plugin renders its listings
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.serving and env.bytecode_cache is None:
            env.bytecode_cache = self.compiled
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.ledger.commit()

    def on_build_error(self, *, error: Exception) -> None:
        self.ledger.forget()

    @event_priority(-100)  # last: the listings are cut as MkDocs will convert them
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        markdown = mode_notice(self.settings) + markdown  # on every page, hand-written too
        if self.serving and isinstance(page.file, GeneratedFile) and page.file.listing:
            return self.listings.cut(markdown, page, config, files)
        return markdown

    @event_priority(100)  # first: the listings whole again before anything else reads them
    def _on_page_content_whole(self, html: str, *, page: Page, config: MkDocsConfig,
                               files: Files) -> str:
        return self.listings.restore(html, page, config, files)

    def _on_page_content_checked(self, html: str, *, page: Page, config: MkDocsConfig,
                                 files: Files) -> str:
        """Generated pages hold user text: their HTML is checked once more (safe_html)."""
        return safe_html(html) if isinstance(page.file, GeneratedFile) else html

    on_page_content = CombinedEvent(_on_page_content_whole, _on_page_content_checked)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        for folder in (self.settings.people_dir, self.settings.meetings_dir,
                       self.settings.companies_dir):
            if (self.root / folder).is_dir():  # companies/ is optional
                server.watch(str(self.root / folder))
        return server


def _ensure_extensions(config: MkDocsConfig) -> None:
    """The extensions the generated pages need (`output.EXTENSIONS`), where mkdocs.yml
    lacks them; one the user configured keeps the user's options."""
    for extension in EXTENSIONS:
        name, options = ((extension, None) if isinstance(extension, str)
                         else next(iter(extension.items())))
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            if options:
                config.mdx_configs[name] = options


def _ensure_code_copy(config: MkDocsConfig) -> None:
    """Material's copy button on code blocks: the commands on follow-up cards are to copy."""
    theme = config.theme
    if theme.name == "material":
        features = theme.get("features") or []
        if "content.code.copy" not in features:
            theme["features"] = [*features, "content.code.copy"]
