"""The `kithbook` settings, read the same way by the site and the CLI.

The one place for settings is the `kithbook` entry under `plugins:` in
`mkdocs.yml`. The MkDocs plugin validates them with config options built on
the parsers here; the CLI reads `mkdocs.yml` itself with `read_settings`.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from kithbook import dates
from kithbook.errors import KithError
from kithbook.model import Period
from kithbook.names import did_you_mean

CONFIG_FILE = "mkdocs.yml"
VAULT_ENV = "KITH_VAULT"


@dataclass(frozen=True, slots=True)
class Settings:
    people_dir: str = "people"
    meetings_dir: str = "meetings"
    companies_dir: str = "companies"  # optional notes per company: companies/SLUG.md
    today: dt.date | None = None  # None: the date of the build or command
    default_cadence: Period | None = Period(90, "d")
    tag_cadence: Mapping[str, Period | None] = field(default_factory=dict)  # None: never
    thank_you_within: Period = Period(1, "d")
    # The 3B7 routine: no reply after 3 business days, reach a second person at
    # the company; after 7, one follow-up to the first.
    second_contact_after: Period = Period(3, "b")
    nudge_after: Period = Period(7, "b")
    close_loop_within: Period = Period(7, "d")
    due_soon: Period = Period(14, "d")
    publish: bool = False  # a site for others: see privacy.py
    private_headings: tuple[str, ...] = ("private",)  # sections left out when publishing
    incognito: bool = False  # names stay, contact details and notes are masked
    # Calendars: None means the machine's zone, which the adapters fill in (the core
    # never looks at the machine); still None there, times are written floating.
    timezone: str | None = None
    my_name: str | None = None  # the organiser of invitations
    my_email: str | None = None
    my_emails: tuple[str, ...] = ()  # the user's other addresses (mail and calendar imports)
    my_goal: str | None = None  # what you are after, in your words: the outreach draft says it
    reminder: dt.timedelta | None = dt.timedelta(minutes=30)  # before a meeting; None: none
    # "Open in editor" links on the site: a URL with {path} (the file, absolute) and {line},
    # e.g. vscode://file/{path}:{line}; None: the pages' usual edit links.
    editor_url: str | None = None
    max_record_kb: int = 1024  # a record file larger than this is a problem, not read


def my_addresses(settings: Settings) -> frozenset[str]:
    """Every address of the user (`my_email` and `my_emails`), case-folded."""
    found = [settings.my_email, *settings.my_emails]
    return frozenset(address.casefold() for address in found if address)


class SettingsError(KithError, ValueError):
    """A setting that cannot be used; `key` names it."""

    def __init__(self, key: str, message: str, line: int | None = None) -> None:
        super().__init__(f"kithbook setting '{key}': {message}")
        self.key, self.message, self.line = key, message, line


def _folder(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a folder name relative to mkdocs.yml")
    return value.strip().rstrip("/")


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _headings(value: Any) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip("# ")
                                              for n in names):
        raise ValueError("expected a heading or a list of headings, e.g. [Private, Personal]")
    return tuple(name.strip("# ").casefold() for name in names)


def _optional_date(value: Any) -> dt.date | None:
    return None if value is None else dates.parse_date(value)


def _tag_cadences(value: Any) -> dict[str, Period | None]:
    if not isinstance(value, dict):
        raise ValueError("expected a mapping of tag to cadence, e.g. {mentor: 30d}")
    cadences = {}
    for tag, cadence in value.items():
        try:
            cadences[str(tag)] = dates.parse_cadence(cadence)
        except ValueError as err:
            raise ValueError(f"tag '{tag}': {err}") from None
    return cadences


def _zone(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a time zone name like Europe/London, got {value!r}")
    name = value.strip()
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        hint = did_you_mean(name, sorted(zoneinfo.available_timezones()))
        raise ValueError(f"unknown time zone {name!r}{hint} (an IANA name such as"
                         " Europe/London)") from None
    return name


def _optional_text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected text, got {value!r}")
    return value.strip()


def _email(value: Any) -> str | None:
    address = _optional_text(value)
    if address is not None and ("@" not in address or any(c.isspace() for c in address)):
        raise ValueError(f"{address!r} is not an email address")
    return address


def _emails(value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError("expected an email address or a list of them")
    found = []
    for item in items:
        address = _email(item)
        if address is not None:
            found.append(address)
    return tuple(found)


def _reminder(value: Any) -> dt.timedelta | None:
    if value is None or value is False or (isinstance(value, str) and
                                           value.strip().lower() in ("none", "off", "no")):
        return None
    duration = dates.parse_duration(value)
    return duration or None


def _editor_url(value: Any) -> str | None:
    pattern = _optional_text(value)
    if pattern is None:
        return None
    if "{path}" not in pattern or any(c.isspace() for c in pattern):
        raise ValueError(f"expected a URL with {{path}} (and {{line}}), such as"
                         f" vscode://file/{{path}}:{{line}}, got {pattern!r}")
    try:
        pattern.format(path="", line=1)
    except (KeyError, IndexError, ValueError):
        raise ValueError(f"{pattern!r} may only use {{path}} and {{line}}") from None
    return pattern


def _kilobytes(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1_048_576:
        raise ValueError(f"expected a whole number of kilobytes (1 to 1048576), got {value!r}")
    return value


# One parser per setting: the MkDocs config options and the CLI both use these.
PARSERS: dict[str, Callable[[Any], Any]] = {
    "people_dir": _folder,
    "meetings_dir": _folder,
    "companies_dir": _folder,
    "today": _optional_date,
    "default_cadence": dates.parse_cadence,
    "tag_cadence": _tag_cadences,
    "thank_you_within": dates.parse_period,
    "second_contact_after": dates.parse_period,
    "nudge_after": dates.parse_period,
    "close_loop_within": dates.parse_period,
    "due_soon": dates.parse_period,
    "publish": _flag,
    "private_headings": _headings,
    "incognito": _flag,
    "timezone": _zone,
    "my_name": _optional_text,
    "my_email": _email,
    "my_emails": _emails,
    "my_goal": _optional_text,
    "reminder": _reminder,
    "editor_url": _editor_url,
    "max_record_kb": _kilobytes,
}
assert set(PARSERS) == {f.name for f in fields(Settings)}


def parse_settings(raw: Mapping[str, Any] | None) -> Settings:
    """Settings from the plugin's mapping in mkdocs.yml; raises `SettingsError`."""
    values: dict[str, Any] = {}
    for key, value in (raw or {}).items():
        if key not in PARSERS:
            raise SettingsError(str(key), "unknown setting" + did_you_mean(str(key), list(PARSERS)))
        try:
            values[key] = PARSERS[key](value)
        except ValueError as err:
            raise SettingsError(key, str(err)) from None
    return replace(Settings(), **values)


# One-off switches for a single build or command, e.g. `KITH_PUBLISH=1 mkdocs build`.
MODE_ENV = {"publish": "KITH_PUBLISH", "incognito": "KITH_INCOGNITO"}


def with_environment(settings: Settings, environ: Mapping[str, str]) -> Settings:
    """`settings` with the modes the environment turns on or off (1/true/yes, 0/false/no)."""
    changes: dict[str, Any] = {}
    for name, variable in MODE_ENV.items():
        value = environ.get(variable, "").strip().lower()
        if value in ("1", "true", "yes", "on"):
            changes[name] = True
        elif value in ("0", "false", "no", "off"):
            changes[name] = False
        elif value:
            raise SettingsError(variable, f"expected 1 or 0, got {value!r}")
    return replace(settings, **changes)


def find_vault(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds mkdocs.yml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def read_settings(root: Path) -> Settings:
    """The `kithbook` plugin settings in `root/mkdocs.yml` (defaults when absent).
    A bad value is a SettingsError that knows the line of its key in the file."""
    try:
        return parse_settings(plugin_entry(_read_config(root)))
    except SettingsError as err:
        line = setting_line((root / CONFIG_FILE).read_text(encoding="utf-8"), err.key)
        if line is None:
            raise
        raise SettingsError(err.key, err.message, line=line) from None


def setting_line(text: str, key: str) -> int | None:
    """The 1-based line of `key` under the kithbook plugin in mkdocs.yml's text."""
    try:
        root = yaml.compose(text, Loader=_ConfigLoader)
    except yaml.YAMLError:
        return None
    plugins = _mapping_value(root, "plugins")
    entries = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
    for entry in entries:
        found = _mapping_value(_mapping_value(entry, "kithbook"), key, want_key=True)
        if found is not None:
            return int(found.start_mark.line) + 1
    return None


def _mapping_value(node: Any, key: str, want_key: bool = False) -> Any:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == key:
            return key_node if want_key else value_node
    return None


def read_docs_dir(root: Path) -> Path:
    """The site's docs folder as mkdocs.yml names it (`docs` by default)."""
    config = _read_config(root)
    name = config.get("docs_dir") if isinstance(config, dict) else None
    return root / (name if isinstance(name, str) and name else "docs")


def read_site(root: Path) -> tuple[str | None, str | None, bool]:
    """`site_url`, `site_name` and `use_directory_urls` from mkdocs.yml, for links in
    calendars written by the CLI (the plugin takes them from the MkDocs config)."""
    config = _read_config(root)
    config = config if isinstance(config, dict) else {}
    url, name = config.get("site_url"), config.get("site_name")
    return (url if isinstance(url, str) and url else None,
            name if isinstance(name, str) and name else None,
            config.get("use_directory_urls") is not False)


def read_config(root: Path) -> dict[str, Any]:
    """The whole of mkdocs.yml as a mapping (empty when absent), for `kith render`."""
    config = _read_config(root)
    return config if isinstance(config, dict) else {}


def _read_config(root: Path) -> Any:
    path = root / CONFIG_FILE
    if not path.is_file():
        return {}
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise SettingsError("mkdocs.yml", f"cannot read {path}: {err}") from None


def plugin_entry(config: Any) -> Mapping[str, Any] | None:
    """The mapping under `- kithbook:` in a parsed mkdocs.yml, if any."""
    for name, options in _plugins(config):
        if name == "kithbook":
            return options if isinstance(options, dict) else None
    return None


def lists_plugin(root: Path) -> bool:
    """Whether `root/mkdocs.yml` names the kithbook plugin (with or without options)."""
    return any(name == "kithbook" for name, _ in _plugins(_read_config(root)))


def _plugins(config: Any) -> Iterator[tuple[Any, Any]]:
    """(name, options) of each entry under `plugins:`, a list or a mapping."""
    plugins = config.get("plugins") if isinstance(config, dict) else None
    if isinstance(plugins, dict):
        yield from plugins.items()
        return
    for entry in plugins if isinstance(plugins, list) else ():
        yield next(iter(entry.items())) if isinstance(entry, dict) and len(entry) == 1 \
            else (entry, None)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for our purposes: `!ENV` resolved, other tags ignored."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    names = loader.construct_sequence(node)  # type: ignore[arg-type]
    *variables, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[v] for v in variables if v in os.environ), default)


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """A date as PyYAML reads it, or the text when it is no real date (2026-13-45),
    so that the setting's own parser reports it instead of a traceback."""
    try:
        return loader.construct_yaml_timestamp(node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
