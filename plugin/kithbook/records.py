"""Turn a parsed front matter mapping into a `Person` or a `Touch`.

This is the schema: every key of the vault format, its type and its
parser. A bad optional value is reported and left out, so the record still
loads; a missing or unreadable required key (`name`; `date`, `with`) drops
the record. Unknown keys are kept in `extra`, and a near-miss of a known key
(`cadance`, `introduced-by`) is reported with a did-you-mean.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

from kithbook import dates
from kithbook.body import parse_body
from kithbook.frontmatter import Split
from kithbook.model import (
    Kind,
    Link,
    Person,
    Priority,
    Problem,
    Referral,
    Resource,
    Severity,
    Source,
    Stage,
    Status,
    Touch,
)

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

PERSON_KEYS = (
    "name", "title", "company", "location", "email", "phone", "links", "tags", "priority",
    "source", "introduced_by", "cadence", "snooze_until", "status", "private", "stage",
)
TOUCH_KEYS = (
    "date", "with", "kind", "title", "location", "url", "duration", "referrals", "resources",
    "private",
)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...], cutoff: float = 0.6) -> str:
    """` (did you mean 'x'?)` for the closest choice, or nothing."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""


class FieldReader:
    """Reads typed values out of one file's front matter, collecting problems."""

    def __init__(self, path: str, split: Split, known: tuple[str, ...]) -> None:
        self.path = path
        self.data = split.data
        self.source = Source(path, split.key_lines)
        self.problems: list[Problem] = [
            Problem(path, line, key, f"key '{key}' is written twice (first on line"
                    f" {self.source.line_of(key)}); YAML keeps only the last value")
            for key, line in split.repeated_keys
        ]
        self.known = known

    def report(self, key: str | None, message: str, severity: Severity = "error") -> None:
        line = self.source.line_of(key) if key else 1
        self.problems.append(Problem(self.path, line, key, message, severity))

    def get(self, key: str, parse: Callable[[Any], T], default: T) -> T:
        """The parsed value of `key`, or `default` when absent, empty or invalid."""
        value = self.data.get(key)
        if value is None:
            return default
        try:
            return parse(value)
        except ValueError as err:
            self.report(key, f"{key}: {err}")
            return default

    def require(self, key: str, parse: Callable[[Any], T], what: str) -> T | None:
        """Like `get`, but a missing key is an error too; None means the record is lost."""
        if self.data.get(key) is None:
            self.report(key, f"missing required key '{key}' ({what})")
            return None
        return self.get(key, parse, None)

    def extra(self) -> dict[str, Any]:
        """Unknown keys, kept as written; near-misses of known keys are warned about."""
        extra = {}
        for key, value in self.data.items():
            if key in self.known:
                continue
            name = str(key)
            hint = _near_miss(name, self.known)
            if hint:
                self.report(name, f"unknown key '{name}'{hint}", "warning")
            extra[name] = value
        return extra


def _near_miss(key: str, known: tuple[str, ...]) -> str:
    normal = key.strip().lower().replace("-", "_").replace(" ", "_")
    if normal in known:
        return f"; did you mean '{normal}'?"
    return did_you_mean(normal, known, cutoff=0.8)


# Value parsers: each raises ValueError with a message for the user.


def text(value: Any) -> str:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("is empty")
        return value.strip()
    if isinstance(value, bool | int | float):
        raise ValueError(
            f"expected text, but YAML read a {'true/false' if isinstance(value, bool) else 'number'}"
            f" ({value!r}); put the value in quotes"
        )
    raise ValueError(f"expected text, got {_kind_of(value)}")


def texts(value: Any) -> tuple[str, ...]:
    """One string or a list of strings."""
    items = value if isinstance(value, list) else [value]
    out = []
    for index, item in enumerate(items):
        try:
            out.append(text(item))
        except ValueError as err:
            where = f"item {index + 1} " if isinstance(value, list) else ""
            raise ValueError(f"{where}{err}") from None
    return tuple(out)


def labels(value: Any) -> tuple[str, ...]:
    """Tags: a list (or one) of short labels; numbers are fine as labels."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise ValueError(f"expected a list of tags, found {_kind_of(item)}")
        if str(item).strip():
            out.append(str(item).strip())
    return tuple(out)


def flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {_kind_of(value)} ({value!r})")


def slug(value: Any) -> str:
    name = text(value)
    if not SLUG.fullmatch(name):
        raise ValueError(
            f"{name!r} is not a person's slug (the file name in people/ without .md,"
            " e.g. ada-lovelace)"
        )
    return name


def slugs(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise ValueError("is an empty list; name at least one person by slug")
    return tuple(slug(item) for item in items)


def choice(enum: type[E]) -> Callable[[Any], E]:
    names = [member.value for member in enum]

    def parse(value: Any) -> E:
        word = str(value).strip().lower() if isinstance(value, str) else value
        try:
            return enum(word)
        except ValueError:
            hint = did_you_mean(str(word), names)
            raise ValueError(
                f"unknown value {value!r}{hint} (one of: {', '.join(names)})"
            ) from None

    return parse


def links(value: Any) -> tuple[Link, ...]:
    """A list of URLs, or a mapping of label to URL."""
    if isinstance(value, dict):
        pairs = [(str(label), url) for label, url in value.items()]
    elif isinstance(value, list | str):
        pairs = [(None, url) for url in (value if isinstance(value, list) else [value])]
    else:
        raise ValueError(f"expected a list of URLs or a mapping label: URL, got {_kind_of(value)}")
    out = []
    for label, url in pairs:
        address = text(url)
        out.append(Link(label or _host(address), address))
    return tuple(out)


def _host(url: str) -> str:
    host = re.sub(r"^[a-z]+://", "", url).split("/", 1)[0]
    return host.removeprefix("www.") or url


def referrals(value: Any) -> tuple[Referral, ...]:
    """Slugs of people in the vault, or names of people not yet in it."""
    return tuple(
        Referral(name, name if SLUG.fullmatch(name) else None) for name in texts(value)
    )


def resources(value: Any) -> tuple[Resource, ...]:
    """Mappings `{title, kind, url}`, or plain titles."""
    items = value if isinstance(value, list) else [value]
    out = []
    for index, item in enumerate(items, start=1):
        if isinstance(item, dict):
            if item.get("title") is None:
                raise ValueError(f"item {index} has no title")
            out.append(Resource(
                text(item["title"]),
                text(item["kind"]).lower() if item.get("kind") is not None else None,
                text(item["url"]) if item.get("url") is not None else None,
            ))
        else:
            out.append(Resource(text(item)))
    return tuple(out)


def _kind_of(value: Any) -> str:
    return {list: "a list", dict: "a mapping", bool: "true/false", int: "a number",
            float: "a number", str: "text"}.get(type(value), type(value).__name__)


# Records


def read_person(path: str, stem: str, split: Split) -> tuple[Person | None, list[Problem]]:
    """The person in `people/<stem>.md`, or None when it has no usable name."""
    fields = FieldReader(path, split, PERSON_KEYS)
    name = fields.require("name", text, "the person's full name")
    if name is None:
        return None, fields.problems
    cadence_value = fields.data.get("cadence")
    cadence = fields.get("cadence", dates.parse_cadence, None)
    person = Person(
        slug=stem,
        name=name,
        source=fields.source,
        body=parse_body(split.body, split.body_line),
        title=fields.get("title", text, None),
        company=fields.get("company", text, None),
        location=fields.get("location", text, None),
        emails=fields.get("email", texts, ()),
        phones=fields.get("phone", texts, ()),
        links=fields.get("links", links, ()),
        tags=fields.get("tags", labels, ()),
        priority=fields.get("priority", choice(Priority), Priority.NORMAL),
        found_via=fields.get("source", text, None),
        introduced_by=fields.get("introduced_by", slug, None),
        cadence=cadence,
        never_remind=cadence is None and _is_never(cadence_value),
        snooze_until=fields.get("snooze_until", dates.parse_date, None),
        status=fields.get("status", choice(Status), Status.ACTIVE),
        stage_override=fields.get("stage", choice(Stage), None),
        private=fields.get("private", flag, False),
        extra=fields.extra(),
    )
    return person, fields.problems


def _is_never(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "never")


def read_touch(path: str, stem: str, split: Split) -> tuple[Touch | None, list[Problem]]:
    """The touch in `meetings/<stem>.md`, or None without a usable date and people."""
    fields = FieldReader(path, split, TOUCH_KEYS)
    when = fields.require("date", dates.parse_datetime, "when it happened")
    with_ = fields.require("with", slugs, "the slug of the person, or a list of slugs")
    if when is None or with_ is None:
        return None, fields.problems
    day, time = when
    touch = Touch(
        id=stem,
        date=day,
        time=time,
        with_=with_,
        kind=fields.get("kind", choice(Kind), Kind.MEETING),
        source=fields.source,
        body=parse_body(split.body, split.body_line),
        title=fields.get("title", text, None),
        location=fields.get("location", text, None),
        url=fields.get("url", text, None),
        duration=fields.get("duration", dates.parse_duration, None),
        referrals=fields.get("referrals", referrals, ()),
        resources=fields.get("resources", resources, ()),
        private=fields.get("private", flag, False),
        extra=fields.extra(),
    )
    return touch, fields.problems
