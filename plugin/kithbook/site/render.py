"""`kith render`: the site as a folder of plain files, for another site generator.

MkDocs 1.x is frozen and Material is in maintenance; the vault must outlive
them. The rendered folder holds `docs/` (exactly the files the plugin adds to
a build, from `output.site_output`, plus the hand-written pages of the docs
folder) and a minimal `mkdocs.yml` without the Kithbook plugin, so plain
MkDocs, ProperDocs or Zensical build it as it is, and Hugo or another
generator can take the Markdown (person pages carry their tags as front
matter).

The folder is built beside its destination and then swapped in, so a failed
render leaves the previous one whole; a folder that `kith render` did not
make is never emptied.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kithbook.check import check_vault
from kithbook.errors import KithError
from kithbook.load import load_vault
from kithbook.model import Problem
from kithbook.settings import Settings, read_config, read_docs_dir
from kithbook.site.output import EXTENSIONS, SiteOutput, own_files, site_output
from kithbook.site.pages import FRONT_MATTER, mode_notice
from kithbook.site.urls import ASSETS, SiteLinks, editor_for
from kithbook.wikilinks import read_pages

MARKER = ".kithbook-render"
# What the generated pages use; the vault's own extensions are kept as well.
_COPIED_KEYS = ("site_name", "site_description", "site_author", "site_url", "copyright",
                "use_directory_urls")


class RenderError(KithError, ValueError):
    """The destination cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Rendered:
    out: Path
    generated: int  # files Kithbook made (pages, calendar, contacts, assets)
    own: int  # hand-written files copied from the docs folder
    problems: tuple[Problem, ...]


def render_site(root: Path, settings: Settings, today: dt.date, out: Path) -> Rendered:
    """Write the site of the vault at `root` into `out` (made, or replaced if rendered before).

    `settings.timezone` must already be resolved, as for the plugin.
    """
    docs = read_docs_dir(root).resolve()
    out = out.resolve()
    records = [(root / folder).resolve() for folder in (settings.people_dir,
                                                        settings.meetings_dir)]
    _check_destination(out, root.resolve(), [docs, *records])
    config = read_config(root)
    vault = load_vault(root, settings)
    pages = read_pages(root, docs)
    problems = check_vault(vault, today=today, pages=pages)
    own = own_files(docs) if docs.is_dir() else []
    links = SiteLinks(_text(config.get("site_url")), config.get("use_directory_urls") is not False)
    editor = editor_for(settings.editor_url, str(root.resolve()), None, None, str(docs))
    output = site_output(root, vault, problems, settings, today, docs=docs, own=set(own),
                         links=links, name=_text(config.get("site_name")) or "Kithbook",
                         editor=editor, pages=pages)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        _write(staging, docs, own, output, config, mode_notice(settings))
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replaced = sum(1 for f in output.files if f.replaces)
    return Rendered(out, len(output.files), len(own) - replaced, problems)


def _check_destination(out: Path, root: Path, read: list[Path]) -> None:
    if out == root or root.is_relative_to(out):
        raise RenderError(f"{out} holds the vault itself: choose a folder of its own")
    for folder in read:
        if out.is_relative_to(folder):
            raise RenderError(f"{out} is inside {folder}, which Kithbook reads: choose a"
                              " folder outside it")
    if out.exists() and not out.is_dir():
        raise RenderError(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise RenderError(f"{out} is not empty and was not made by kith render: choose a new"
                          " or empty folder")


def with_notice(markdown: str, notice: str) -> str:
    """A page with the build's notice (published, incognito) after its front matter."""
    if not notice:
        return markdown
    front = FRONT_MATTER.match(markdown)
    at = front.end() if front else 0
    return markdown[:at] + ("\n" if front else "") + notice + markdown[at:]


def _write(folder: Path, docs: Path, own: list[str], output: SiteOutput,
           config: dict[str, Any], notice: str) -> None:
    target = folder / "docs"
    replaced = {f.path for f in output.files if f.replaces}
    for path in own:
        if path not in replaced:
            _copy(docs / path, target / path)
    for item in output.files:
        destination = target / item.path
        destination.parent.mkdir(parents=True, exist_ok=True)
        data = item.data
        if isinstance(data, str) and item.path.endswith(".md"):
            data = with_notice(data, notice)
        destination.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    own_pages = [p for p in own if p.endswith(".md")]
    (folder / "mkdocs.yml").write_text(_mkdocs_yml(output, own_pages, config), encoding="utf-8")
    (folder / MARKER).write_text("Made by `kith render`; it replaces this folder whole.\n",
                                 encoding="utf-8")


def _copy(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)


def _swap(staging: Path, out: Path) -> None:
    """Put the new folder in place of the old one, with the old one gone only at the end."""
    if not out.exists():
        os.replace(staging, out)
        return
    old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old."))
    os.replace(out, old / "previous")
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def _mkdocs_yml(output: SiteOutput, own_pages: list[str], config: dict[str, Any]) -> str:
    """A plain MkDocs configuration for the rendered folder: no Kithbook plugin."""
    rendered: dict[str, Any] = {key: config[key] for key in _COPIED_KEYS
                                if isinstance(config.get(key), str | bool)}
    rendered.setdefault("site_name", "Kithbook")
    rendered["docs_dir"] = "docs"
    rendered["theme"] = {"name": "material", "font": False, "features": ["content.code.copy"]}
    rendered["plugins"] = ["search", "tags"]
    rendered["markdown_extensions"] = _extensions(config.get("markdown_extensions"))
    rendered["extra_css"] = [ASSETS["css"]]
    rendered["extra_javascript"] = [ASSETS["js"]]
    folders = sorted({posixpath.dirname(f.path) for f in output.files if f.record})
    if folders:
        rendered["not_in_nav"] = "".join(f"/{folder}/*.md\n" for folder in folders)
    nav = config.get("nav")
    rendered["nav"] = nav if isinstance(nav, list) else output.nav(own_pages)
    header = ("# Written by `kith render`: the Kithbook site as plain files, built without\n"
              "# the Kithbook plugin (mkdocs build, properdocs build or zensical build).\n")
    return header + yaml.dump(rendered, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


class _Dumper(yaml.SafeDumper):
    """Writes text of several lines (`not_in_nav`) as a block, as a person would."""


def _text_block(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_block)


def _extensions(own: Any) -> list[Any]:
    """The vault's Markdown extensions, then those the generated pages need."""
    listed = [e for e in own if isinstance(e, str | dict)] if isinstance(own, list) else []
    names = {e if isinstance(e, str) else next(iter(e), "") for e in listed}
    return listed + [e for e in EXTENSIONS
                     if (e if isinstance(e, str) else next(iter(e))) not in names]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
