"""Turn a parsed front matter mapping into a `Person` or a `Touch`.

This is the schema: every key of the vault format, its type and its
parser. A bad optional value is reported and left out, so the record still
loads; a missing or unreadable required key (`name`; `date`, `with`) drops
the record. Unknown keys are kept in `extra`, and a near-miss of a known key
(`cadance`, `introduced-by`) is reported with a did-you-mean.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

from kithbook import dates
from kithbook.body import Body
from kithbook.frontmatter import Split
from kithbook.model import (
    Kind,
    Link,
    NameParts,
    Outcome,
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
    TouchStatus,
)
from kithbook.names import did_you_mean, url_host

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Text may hold line breaks and tabs, never other control characters (they break HTML,
# calendars and cards); an address (URL, email) holds no line break or control at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_NOT_IN_ADDRESS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_TAGS = 100  # per person; Material's tags plugin slows down quadratically past this

Schema = dict[str, tuple[str, Callable[[Any], Any]]]


class FieldReader:
    """Reads one file's front matter into typed field values, collecting problems.

    Only the keys present are visited, each once, with the parser its schema
    names; a record's defaults live on its dataclass.
    """

    def __init__(self, path: str, split: Split, schema: Schema) -> None:
        self.path = path
        self.source = Source(path, split.key_lines)
        self.problems: list[Problem] = [
            Problem(path, line, key, f"key '{key}' is written twice (first on line"
                    f" {self.source.line_of(key)}); YAML keeps only the last value")
            for key, line in split.repeated_keys
        ]
        self.values: dict[str, Any] = {}
        self.extra: dict[str, Any] = {}
        for key, value in split.data.items():
            self._read(str(key), value, schema)

    def _read(self, key: str, value: Any, schema: Schema) -> None:
        field = schema.get(key)
        if field is None:
            hint = _near_miss(key, schema)
            if hint:
                self.report(key, f"unknown key '{key}'{hint}", "warning")
            self.extra[key] = value
        elif value is not None:
            try:
                self.values[field[0]] = field[1](value)
            except ValueError as err:
                self.report(key, f"{key}: {err}")

    def report(self, key: str | None, message: str, severity: Severity = "error") -> None:
        line = self.source.line_of(key) if key else 1
        self.problems.append(Problem(self.path, line, key, message, severity))

    def required(self, key: str, attribute: str, what: str) -> Any:
        """The value of a required key; None (and a problem, if not reported yet) without it."""
        if attribute not in self.values and not any(p.key == key for p in self.problems):
            self.report(key, f"missing required key '{key}' ({what})")
        return self.values.get(attribute)


def _near_miss(key: str, schema: Schema) -> str:
    normal = key.strip().lower().replace("-", "_").replace(" ", "_")
    if normal in schema:
        return f"; did you mean '{normal}'?"
    return did_you_mean(normal, list(schema), cutoff=0.8)


# Value parsers: each raises ValueError with a message for the user.


def text(value: Any) -> str:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("is empty")
        if control := _CONTROL.search(value):
            raise ValueError(f"contains a control character (U+{ord(control.group()):04X})")
        return value.strip()
    if isinstance(value, bool | int | float):
        read_as = "true/false" if isinstance(value, bool) else "number"
        raise ValueError(f"expected text, but YAML read a {read_as} ({value!r}); put it in quotes")
    raise ValueError(f"expected text, got {_kind_of(value)}")


def texts(value: Any) -> tuple[str, ...]:
    """One string or a list of strings."""
    return _each(value, text)


def _each(value: Any, parse: Callable[[Any], str]) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    out = []
    for index, item in enumerate(items):
        try:
            out.append(parse(item))
        except ValueError as err:
            where = f"item {index + 1} " if isinstance(value, list) else ""
            raise ValueError(f"{where}{err}") from None
    return tuple(out)


def address(value: Any) -> str:
    """A URL or an email address: text with no line break or control character (either
    would split a calendar or contact line, or a mail header)."""
    found = value.strip() if isinstance(value, str) else text(value)
    if bad := _NOT_IN_ADDRESS.search(found):
        char = bad.group()
        what = "a line break" if char in "\r\n\u2028\u2029\x85" else \
            f"a control character (U+{ord(char):04X})"
        raise ValueError(f"{found!r} contains {what}; an address cannot")
    return text(found)


def addresses(value: Any) -> tuple[str, ...]:
    """One address or a list of them."""
    return _each(value, address)


def labels(value: Any) -> tuple[str, ...]:
    """Tags: a list (or one) of short labels; numbers are fine as labels."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise ValueError(f"expected a list of tags, found {_kind_of(item)}")
        if str(item).strip():
            out.append(text(str(item)))
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


def outcome(value: Any) -> Outcome:
    """yes, later or no; YAML 1.1 reads a bare yes/no as true/false, which mean the same."""
    if isinstance(value, bool):
        return Outcome.YES if value else Outcome.NO
    return choice(Outcome)(value)


def links(value: Any) -> tuple[Link, ...]:
    """A list of URLs, or a mapping of label to URL."""
    if isinstance(value, dict):
        pairs = [(str(label), url) for label, url in value.items()]
    elif isinstance(value, list | str):
        pairs = [("", url) for url in (value if isinstance(value, list) else [value])]
    else:
        raise ValueError(f"expected a list of URLs or a mapping label: URL, got {_kind_of(value)}")
    out = []
    for label, url in pairs:
        where = address(url)
        out.append(Link(label or url_host(where) or where, where))
    return tuple(out)


def name_parts(value: Any) -> NameParts:
    """`{family: Doe, given: John, additional: ..., prefix: ..., suffix: ...}`, any of them."""
    if not isinstance(value, dict):
        raise ValueError(f"expected a mapping such as {{family: Doe, given: John}}, got"
                         f" {_kind_of(value)}")
    parts: dict[str, str] = {}
    for key, item in value.items():
        if key not in NameParts.KEYS:
            raise ValueError(f"unknown part {key!r} (the parts are {', '.join(NameParts.KEYS)})")
        if item is not None:
            try:
                parts[key] = text(item)
            except ValueError as err:
                raise ValueError(f"{key}: {err}") from None
    return NameParts(**parts)


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
                address(item["url"]) if item.get("url") is not None else None,
            ))
        else:
            out.append(Resource(text(item)))
    return tuple(out)


def _kind_of(value: Any) -> str:
    return {list: "a list", dict: "a mapping", bool: "true/false", int: "a number",
            float: "a number", str: "text"}.get(type(value), type(value).__name__)


# Records: each key of the format, the attribute it fills and its parser.

PERSON_SCHEMA: Schema = {
    "name": ("name", text),
    "title": ("title", text),
    "company": ("company", text),
    "location": ("location", text),
    "email": ("emails", addresses),
    "phone": ("phones", texts),
    "links": ("links", links),
    "tags": ("tags", labels),
    "priority": ("priority", choice(Priority)),
    "source": ("found_via", text),
    "introduced_by": ("introduced_by", slug),
    "cadence": ("cadence", dates.parse_cadence),
    "snooze_until": ("snooze_until", dates.parse_date),
    "status": ("status", choice(Status)),
    "private": ("private", flag),
    "stage": ("stage_override", choice(Stage)),
    "birthday": ("birthday", dates.parse_birthday),
    "aka": ("aka", texts),
    "name_parts": ("name_parts", name_parts),
}
TOUCH_SCHEMA: Schema = {
    "date": ("when", dates.parse_datetime),
    "with": ("with_", slugs),
    "kind": ("kind", choice(Kind)),
    "title": ("title", text),
    "location": ("location", text),
    "url": ("url", address),
    "duration": ("duration", dates.parse_duration),
    "referrals": ("referrals", referrals),
    "resources": ("resources", resources),
    "private": ("private", flag),
    "outcome": ("outcome", outcome),
    "until": ("until", dates.parse_date),
    "status": ("status", choice(TouchStatus)),
    "sequence": ("sequence", dates.parse_count),
    "uid": ("uid", text),
    "recurrence_id": ("recurrence_id", text),
    "message_id": ("message_id", text),
    "congratulate": ("congratulate", flag),
}


def read_person(path: str, stem: str, split: Split) -> tuple[Person | None, list[Problem]]:
    """The person in `people/<stem>.md`, or None when it has no usable name."""
    fields = FieldReader(path, split, PERSON_SCHEMA)
    if fields.required("name", "name", "the person's full name") is None:
        return None, fields.problems
    values = fields.values
    if "cadence" in values and values["cadence"] is None:  # `cadence: never`
        values["never_remind"] = True
    if len(values.get("tags", ())) > MAX_TAGS:
        fields.report("tags", f"tags: {len(values['tags'])} tags; the site shows the first"
                      f" {MAX_TAGS} (more makes the build slow)", "warning")
        values["tags"] = values["tags"][:MAX_TAGS]
    person = Person(slug=stem, source=fields.source, body=Body(split.body, split.body_line),
                    extra=fields.extra, **values)
    return person, fields.problems


def read_touch(path: str, stem: str, split: Split) -> tuple[Touch | None, list[Problem]]:
    """The touch in `meetings/<stem>.md`, or None without a usable date and people."""
    fields = FieldReader(path, split, TOUCH_SCHEMA)
    when = fields.required("date", "when", "when it happened")
    with_ = fields.required("with", "with_", "the slug of the person, or a list of slugs")
    if when is None or with_ is None:
        return None, fields.problems
    values = fields.values
    values["date"], values["time"] = values.pop("when")
    _check_touch_keys(fields, values)
    touch = Touch(id=stem, source=fields.source, body=Body(split.body, split.body_line),
                  extra=fields.extra, **values)
    return touch, fields.problems


def _check_touch_keys(fields: FieldReader, values: dict[str, Any]) -> None:
    """Keys that only make sense together: an outcome on a reply, `until` on a later,
    a status on a conversation. A key in the wrong place is reported and ignored."""
    kind = values.get("kind", Kind.MEETING)
    if "outcome" in values and kind is not Kind.REPLY:
        fields.report("outcome", f"outcome: only a reply has an outcome (this touch is a"
                      f" {kind.value}); write kind: reply, or remove outcome", "warning")
        del values["outcome"]
    outcome = values.get("outcome")
    if "until" in values and outcome is not Outcome.LATER:
        fields.report("until", "until: only a reply with outcome: later has a date to ask"
                      " again; remove it or write outcome: later", "warning")
        del values["until"]
    elif outcome is Outcome.LATER and "until" not in values:
        fields.report("outcome", "outcome: later without until: DATE; the reply is due"
                      " again one nudge period after it was written", "warning")
    if "status" in values and not kind.is_conversation:
        fields.report("status", f"status: only a conversation can be cancelled or missed"
                      f" (this touch is a {kind.value})", "warning")
        del values["status"]
