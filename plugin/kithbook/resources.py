"""Recommended resources across every touch, merged by title or URL."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from kithbook.model import Resource, Touch, Vault
from kithbook.names import fold, squash, url_key
from kithbook.timeline import past_touches

RESOURCE_KINDS = ("organisation", "event", "book", "publication", "course", "article")
_KIND_WORDS = {"organization": "organisation", "org": "organisation", "community": "organisation",
               "conference": "event", "meetup": "event", "newsletter": "publication",
               "journal": "publication", "magazine": "publication", "blog": "publication",
               "paper": "article", "post": "article"}
def resource_kind(kind: str | None) -> str:
    """One of RESOURCE_KINDS (plurals and a few synonyms folded in), or the kind as written."""
    if not kind:
        return "other"
    word = fold(kind)
    word = _KIND_WORDS.get(word, word)
    return _KIND_WORDS.get(_singular(word), _singular(word))  # "tutorials", "tutorial": one


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "series")):
        return word[:-1]
    return word


def kind_heading(kind: str) -> str:
    """The heading of a group of resources: "Books", "Tutorials", "Other"."""
    if kind == "other":
        return "Other"
    if kind.endswith(("s", "x", "ch", "sh")):
        plural = kind + "es"
    elif kind.endswith("y") and kind[-2:-1] not in "aeiou":
        plural = kind[:-1] + "ies"
    else:
        plural = kind + "s"
    return plural[:1].upper() + plural[1:]


@dataclass(frozen=True, slots=True)
class Recommended:
    """One resource, however many times and ways it was written down."""

    title: str  # the spelling used most (the first of equals)
    kind: str
    urls: tuple[str, ...]
    by: tuple[tuple[str, Touch], ...]  # (person, touch), oldest first

    @property
    def people(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(slug for slug, _ in self.by))


def resources(vault: Vault, today: dt.date) -> list[tuple[str, list[Recommended]]]:
    """Resources of past touches grouped by kind; the same title or URL is one resource.

    Titles are compared without case and extra spaces, URLs without case in
    the host and without a trailing slash; a chain (same title as one, same
    URL as another) merges all three.
    """
    items = [(resource, touch) for touch in past_touches(vault, today)
             for resource in touch.resources]
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for index, (resource, _) in enumerate(items):
        keys = ["t:" + fold(resource.title)]
        if resource.url and resource.url.strip():
            keys.append("u:" + url_key(resource.url))
        for key in keys:
            if key in first:
                parent[root(index)] = root(first[key])
            else:
                first[key] = index
    groups: dict[int, list[int]] = {}
    for index in range(len(items)):
        groups.setdefault(root(index), []).append(index)
    by_kind: dict[str, list[Recommended]] = {}
    for members in groups.values():
        found = _merged([items[i] for i in members])
        by_kind.setdefault(found.kind, []).append(found)
    for found_list in by_kind.values():
        found_list.sort(key=lambda r: (-len(r.people), fold(r.title)))
    known = [k for k in RESOURCE_KINDS if k in by_kind]
    rest = sorted(k for k in by_kind if k not in RESOURCE_KINDS and k != "other")
    return [(kind, by_kind[kind]) for kind in [*known, *rest, "other"] if kind in by_kind]


def _merged(items: list[tuple[Resource, Touch]]) -> Recommended:
    resources_ = [r for r, _ in items]
    titles = Counter(squash(r.title).strip() for r in resources_)
    title = max(titles, key=lambda t: (titles[t], -list(titles).index(t)))
    kinds = Counter(resource_kind(r.kind) for r in resources_ if r.kind)
    kind = max(kinds, key=lambda k: (kinds[k], -list(kinds).index(k))) if kinds else "other"
    urls: dict[str, str] = {}
    for resource in resources_:
        if resource.url and resource.url.strip():
            urls.setdefault(url_key(resource.url), resource.url.strip())
    by = tuple((slug, touch) for _, touch in items for slug in touch.with_)
    return Recommended(title, kind, tuple(urls.values()), by)
