"""The MkDocs plugin: a thin adapter from MkDocs' hooks to the core.

config -> `Settings`; files -> load, check, `build_pages` -> generated files;
problems -> plugin warnings (so `--strict` fails on a bad vault); serve ->
watch people/ and meetings/.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from mkdocs.config.base import BaseConfigOption, Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kithbook.agenda import read_pitch, read_question_bank
from kithbook.check import check_vault
from kithbook.formats.ics import SiteLinks
from kithbook.formats.sitefiles import site_files
from kithbook.history import read_vault_history
from kithbook.load import load_vault
from kithbook.machine import with_local_zone
from kithbook.pages import (
    ASSETS,
    GeneratedPage,
    build_pages,
    dashboard_into,
    mode_notice,
    revisions_into,
    site_nav,
)
from kithbook.privacy import published_history, site_vault
from kithbook.settings import PARSERS, Settings, SettingsError, with_environment

log = get_plugin_logger(__name__)
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
    """The settings of format.md; `tests/test_site_build.py` holds them equal to `PARSERS`."""

    people_dir = _Setting("people_dir")
    meetings_dir = _Setting("meetings_dir")
    today = _Setting("today")
    default_cadence = _Setting("default_cadence")
    tag_cadence = _Setting("tag_cadence")
    thank_you_within = _Setting("thank_you_within")
    second_contact_after = _Setting("second_contact_after")
    nudge_after = _Setting("nudge_after")
    close_loop_within = _Setting("close_loop_within")
    due_soon = _Setting("due_soon")
    publish = _Setting("publish")
    private_headings = _Setting("private_headings")
    incognito = _Setting("incognito")
    timezone = _Setting("timezone")
    my_name = _Setting("my_name")
    my_email = _Setting("my_email")
    reminder = _Setting("reminder")


class KithbookPlugin(BasePlugin[KithbookConfig]):  # type: ignore[no-untyped-call]
    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps one plugin instance across `serve` rebuilds."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        settings = Settings(**{name: self.config[name] for name in PARSERS})
        try:
            settings = with_environment(settings, os.environ)
        except SettingsError as err:
            raise PluginError(str(err)) from None
        self.settings = with_local_zone(settings)
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.today = self.settings.today or dt.date.today()
        config.extra_css.append(ASSETS["css"])
        config.extra_javascript.append(ASSETS["js"])
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        vault = load_vault(self.root, self.settings)
        problems = check_vault(vault, today=self.today)
        for problem in problems:
            log.warning(problem.format())
        vault = site_vault(vault, self.settings)
        docs = Path(config.docs_dir)
        history, pitch_history = read_vault_history(self.root, self.settings, docs)
        if self.settings.publish:
            problems = ()  # the list names files, private ones too: the terminal has it
            history = published_history(history, vault, self.settings)
        for notice in history.notices:  # not a warning: a shallow CI clone must still build
            log.info(notice)
        self.pages = build_pages(vault, problems, self.settings, self.today,
                                 bank=read_question_bank(docs / "questions.md"),
                                 pitch=read_pitch(docs / "pitch.md"), history=history,
                                 pitch_history=pitch_history,
                                 directory_urls=config.use_directory_urls)
        for path, page in self.pages.items():
            if files.get_file_from_path(path) is None:  # a hand-written page wins
                files.append(self._generated(config, path, page))
        links = SiteLinks(config.site_url, config.use_directory_urls)
        for path, data in site_files(vault, self.settings, self.today, links=links,
                                     name=config.site_name).items():
            if files.get_file_from_path(path) is None:  # calendar.ics, contacts.vcf
                files.append(File.generated(config, path, content=data))
        for path in ASSETS.values():
            source = Path(__file__).parent / "assets" / Path(path).name
            files.append(File.generated(config, path, abs_src_path=str(source)))
        if config.nav is None:
            config.nav = site_nav(self.pages, [f.src_uri for f in files.documentation_pages()
                                               if f.generated_by is None])
        return files

    def _generated(self, config: MkDocsConfig, path: str, page: GeneratedPage) -> File:
        # Record pages are reached from the indexes, never from the nav (see site_nav).
        inclusion = InclusionLevel.INCLUDED if page.source is None else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, path, content=page.markdown, inclusion=inclusion)
        if page.source:  # edit the record itself, not a generated path
            file.edit_uri = os.path.relpath(self.root / page.source, config.docs_dir).replace(
                os.sep, "/")
        return file

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri == "index.md" and page.file.generated_by is None:
            markdown = dashboard_into(markdown, self.pages["index.md"].markdown)
        elif page.file.src_uri == "pitch.md" and page.file.generated_by is None:
            markdown = revisions_into(markdown, self.pages["pitch.md"].markdown)
        return mode_notice(self.settings) + markdown

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        for folder in (self.settings.people_dir, self.settings.meetings_dir):
            server.watch(str(self.root / folder))
        return server
