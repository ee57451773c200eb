"""Who introduced whom: the introductions tree drawn on the Network page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from kithbook.names import fold
from kithbook.referrals import Mention
from kithbook.timeline import PersonFacts


class Branch(NamedTuple):
    """One person in the introductions tree, in drawing order (depth first)."""

    slug: str
    depth: int
    parent: str | None  # who they are drawn under
    others: tuple[str, ...]  # everyone else who introduced or referred them
    direct: int  # people they introduced or referred
    total: int  # people drawn under them, at any depth


@dataclass(frozen=True, slots=True)
class Network:
    branches: tuple[Branch, ...]  # depth first, each tree and each level by name
    reach: tuple[Branch, ...]  # introducers, most people through them first
    alone: int  # people who neither were introduced nor introduced anyone

    @property
    def cross_links(self) -> list[tuple[str, str]]:
        """(introducer, person) pairs not drawn as the tree's own lines."""
        return [(other, b.slug) for b in self.branches for other in b.others]


def introductions(facts: Mapping[str, PersonFacts], found: list[Mention]) -> Network:
    """Who introduced whom, from `introduced_by` and from referrals that have a file.

    Each person is drawn under one introducer: `introduced_by` when set,
    otherwise whoever named them first. The other introducers are kept as
    cross links. Cycles (possible through referrals) are cut at the person
    first by name.
    """
    names = {slug: fold(f.person.name) for slug, f in facts.items()}
    sources: dict[str, list[str]] = {}  # person -> introducers, the drawn one first
    for slug, fact in facts.items():
        introducer = fact.person.introduced_by
        if introducer and introducer in facts and introducer != slug:
            sources[slug] = [introducer]
    for mention in found:
        if mention.slug is None:
            continue
        known = sources.setdefault(mention.slug, [])
        known += [s for s in mention.referrers if s in facts and s not in known]
    sources = {slug: by for slug, by in sources.items() if by}
    children: dict[str, list[str]] = {}
    for slug, by in sources.items():
        children.setdefault(by[0], []).append(slug)
    for kids in children.values():
        kids.sort(key=names.__getitem__)
    direct = Counter(s for by in sources.values() for s in by)
    members = set(sources) | set(direct)
    roots = sorted((s for s in members if s not in sources), key=names.__getitem__)
    order: list[tuple[str, int, str | None]] = []
    seen: set[str] = set()
    for start in [*roots, *sorted(members, key=names.__getitem__)]:
        if start in seen:
            continue
        root = _cycle_start(start, sources, names) if start in sources else start
        stack: list[tuple[str, int, str | None]] = [(root, 0, None)]
        while stack:
            slug, depth, parent = stack.pop()
            if slug in seen:
                continue
            seen.add(slug)
            order.append((slug, depth, parent))
            stack += [(kid, depth + 1, slug) for kid in reversed(children.get(slug, ()))]
    totals = dict.fromkeys(seen, 0)
    for slug, _, parent in reversed(order):
        if parent is not None:
            totals[parent] += totals[slug] + 1
    branches = tuple(
        Branch(slug, depth, parent, tuple(s for s in sources.get(slug, ()) if s != parent),
               direct[slug], totals[slug])
        for slug, depth, parent in order)
    reach = sorted((b for b in branches if b.direct),
                   key=lambda b: (-b.total, -b.direct, names[b.slug]))
    return Network(branches, tuple(reach), len(facts) - len(members))


def _cycle_start(start: str, sources: dict[str, list[str]], names: dict[str, str]) -> str:
    """The person first by name on the cycle of introducers above `start`.

    Called only for people not reached from any root: their introducers are
    not reached either, so walking up must come back round.
    """
    path: dict[str, int] = {}  # person -> steps from `start`
    node = start
    while node not in path:
        path[node] = len(path)
        node = sources[node][0]
    return min(list(path)[path[node]:], key=names.__getitem__)
