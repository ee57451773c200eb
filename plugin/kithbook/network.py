"""What the whole vault says beyond one conversation: the data of the network pages.

Leads to contact, referrals with no file yet, the introductions between
people, advice across all touches, recommended resources, companies and the
pipeline of stages. Pure functions over a loaded vault and its person facts,
as of a `today` they are given; `pages.py` renders them and `svg.py` draws
them.

A touch's referrals and resources are credited to everyone in its `with`
(the file does not say which of several people said it); the `kith add`
command of a referral names the first of them as the introducer. Touches
dated after `today` are left out: what a planned meeting will yield is not
known yet.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from slugify import slugify

from kithbook.body import Task
from kithbook.followups import FollowUp, Reason, told_since
from kithbook.model import Kind, Priority, Resource, Stage, Status, Touch, Vault
from kithbook.rules import INACTIVE, PersonFacts

PRIORITY_RANK = {Priority.HIGH: 0, Priority.NORMAL: 1, Priority.LOW: 2}
_SPACES = re.compile(r"\s+")
# Where a referral's name ends and the note about them starts:
# "Linus Example, platform team at Acme" -> "Linus Example" + "platform team at Acme".
_NAME_END = re.compile(r"\s*(?:,|;|\(|\s[-\u2013\u2014]\s|:\s)\s*")


def fold(text: str) -> str:
    """Text compared the way people read it: case and runs of spaces do not matter."""
    return _SPACES.sub(" ", text).strip().casefold()


def slug_of(name: str) -> str:
    """The slug `kith add NAME` would give (the same rule as `compose.slug_for`)."""
    return slugify(name, lowercase=True) or "person"


def _past(vault: Vault, today: dt.date) -> Iterable[Touch]:
    for touch in vault.touches:  # in date order
        if touch.date > today:
            break
        yield touch


# Referrals ---------------------------------------------------------------------------


class Mention(NamedTuple):
    """One referral written in one touch, and the person it names when they have a file."""

    touch: Touch
    name: str  # the name alone
    note: str  # what follows the name in the text, if anything
    slug: str | None  # the person's slug when people/ has them

    @property
    def referrers(self) -> tuple[str, ...]:
        return tuple(s for s in self.touch.with_ if s != self.slug)


def split_referral(text: str) -> tuple[str, str]:
    """A referral's name and the note after it."""
    text = _SPACES.sub(" ", text).strip()
    parts = _NAME_END.split(text, maxsplit=1)
    name = parts[0].strip() or text
    return name, (parts[1].strip(" )") if len(parts) > 1 else "")


def mentions(vault: Vault, today: dt.date) -> list[Mention]:
    """Every referral in past touches, oldest first, matched to a person where one exists.

    A slug matches its person; a name matches the person whose slug `kith add`
    would make from it, or whose name it is (case and spaces aside), so a
    referral stops being "without a file" as soon as the file is added.
    """
    by_name = {fold(p.name): slug for slug, p in vault.people.items()}
    found = []
    for touch in _past(vault, today):
        for referral in touch.referrals:
            if referral.slug is not None:
                name = referral.slug.replace("-", " ").title()
                slug = referral.slug if referral.slug in vault.people else None
                found.append(Mention(touch, name, "", slug))
                continue
            name, note = split_referral(referral.text)
            slug = slug_of(name)
            known = slug if slug in vault.people else by_name.get(fold(name))
            found.append(Mention(touch, name, note, known))
    return found


@dataclass(frozen=True, slots=True)
class MissingReferral:
    """Someone named in touches who has no file yet, and the command that adds one."""

    name: str
    slug: str  # what `kith add` will name the file
    mentions: tuple[Mention, ...]  # oldest first
    command: str

    @property
    def note(self) -> str:
        return next((m.note for m in self.mentions if m.note), "")


def missing_referrals(found: list[Mention], vault: Vault, today: dt.date
                      ) -> list[MissingReferral]:
    """Referrals with no file, once per person, most often named then longest waiting first."""
    by_slug: dict[str, list[Mention]] = {}
    for mention in found:
        if mention.slug is None:
            by_slug.setdefault(slug_of(mention.name), []).append(mention)
    missing = [MissingReferral(named[0].name, slug, tuple(named), add_command(named[0], vault))
               for slug, named in by_slug.items()]
    missing.sort(key=lambda m: (-len(m.mentions), m.mentions[0].touch.date, fold(m.name)))
    return missing


def add_command(mention: Mention, vault: Vault) -> str:
    """The exact `kith add` that creates the file, introducer and source filled in."""
    words = ["kith", "add", mention.name]
    referrer = next((s for s in mention.referrers if s in vault.people), None)
    source = f"Referred on {mention.touch.date.isoformat()}"
    if referrer is not None:
        words += ["--introduced-by", referrer]
        source = f"Referred by {vault.people[referrer].name} on {mention.touch.date.isoformat()}"
    if mention.note:
        source += f": {mention.note}"
    words += ["--source", source]
    return shlex.join(words)


# Leads -------------------------------------------------------------------------------


class Lead(NamedTuple):
    fact: PersonFacts
    since: dt.date | None  # the first sign in the vault that the user knew of them
    waited: int | None  # days since then
    referrers: tuple[str, ...]  # who introduced or named them, first first


def leads(facts: Mapping[str, PersonFacts], found: list[Mention], today: dt.date
          ) -> tuple[list[Lead], list[PersonFacts]]:
    """People not yet contacted, by priority then longest waiting; and the inactive ones left out.

    A file says nothing of when it was written, so a lead waits from the first
    touch that named them as a referral, or the first note about them; leads
    with neither come after the others of their priority.
    """
    named: dict[str, list[Mention]] = {}
    for mention in found:
        if mention.slug is not None:
            named.setdefault(mention.slug, []).append(mention)
    ranked, inactive = [], []
    for slug, fact in facts.items():
        if fact.stage is not Stage.LEAD:
            continue
        if fact.person.status in INACTIVE:
            inactive.append(fact)
            continue
        dates = [m.touch.date for m in named.get(slug, ())]
        dates += [t.date for t in fact.touches if t.date <= today]  # notes: a lead has no other
        since = min(dates, default=None)
        referrers = [fact.person.introduced_by] if fact.person.introduced_by else []
        referrers += [s for m in named.get(slug, ()) for s in m.referrers]
        ranked.append(Lead(fact, since, (today - since).days if since else None,
                           tuple(dict.fromkeys(referrers))))
    ranked.sort(key=lambda lead: (PRIORITY_RANK[lead.fact.person.priority],
                                  lead.since is None, lead.since or today,
                                  fold(lead.fact.person.name)))
    inactive.sort(key=lambda f: fold(f.person.name))
    return ranked, inactive


# Introductions -----------------------------------------------------------------------


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


# Advice ------------------------------------------------------------------------------


class AdviceEntry(NamedTuple):
    task: Task
    touch: Touch
    advisors: tuple[str, ...]
    age: int  # days since it was given
    untold: tuple[str, ...]  # done, and these advisors have not heard from you since

    @property
    def state(self) -> str:
        if not self.task.done:
            return "open"
        return "untold" if self.untold else "done"


def advice(vault: Vault, facts: Mapping[str, PersonFacts], today: dt.date
           ) -> list[AdviceEntry]:
    """Every advice item of past touches: open ones (oldest first), then done ones.

    Done items that an advisor has not heard about since come before the rest
    of the done ones: the close-the-loop rule of the follow-ups.
    """
    entries = []
    for touch in _past(vault, today):
        items = touch.advice
        if not items:
            continue
        advisors = tuple(s for s in touch.with_ if s in facts)
        for task in items:
            untold = tuple(s for s in advisors
                           if not told_since(facts[s].timeline, touch.date)) if task.done else ()
            entries.append(AdviceEntry(task, touch, advisors, (today - touch.date).days, untold))
    rank = {"open": 0, "untold": 1, "done": 2}
    entries.sort(key=lambda e: (rank[e.state], e.age if e.task.done else -e.age, e.touch.id,
                                e.task.line))
    return entries


# Resources ---------------------------------------------------------------------------

RESOURCE_KINDS = ("organisation", "event", "book", "publication", "course", "article")
_KIND_WORDS = {"organization": "organisation", "org": "organisation", "community": "organisation",
               "conference": "event", "meetup": "event", "newsletter": "publication",
               "journal": "publication", "magazine": "publication", "blog": "publication",
               "paper": "article", "post": "article"}
WEB = ("http://", "https://")


def resource_kind(kind: str | None) -> str:
    """One of RESOURCE_KINDS (plurals and a few synonyms folded in), or the kind as written."""
    if not kind:
        return "other"
    word = fold(kind)
    word = _KIND_WORDS.get(word, word)
    if word.endswith("s") and word[:-1] in (*RESOURCE_KINDS, *_KIND_WORDS):
        word = _KIND_WORDS.get(word[:-1], word[:-1])
    return word


def web_url(url: str | None) -> str | None:
    """The URL when it is a web link (http or https); anything else is never clickable."""
    if url and url.strip().lower().startswith(WEB):
        return url.strip()
    return None


def _url_key(url: str) -> str:
    scheme, _, rest = url.strip().partition("://")
    host, _, path = rest.partition("/")
    path = path.split("#", 1)[0].rstrip("/")
    return f"{scheme.lower()}://{host.lower().removeprefix('www.')}/{path}"


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
    items = [(resource, touch) for touch in _past(vault, today) for resource in touch.resources]
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
            keys.append("u:" + _url_key(resource.url))
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
    titles = Counter(_SPACES.sub(" ", r.title).strip() for r in resources_)
    title = max(titles, key=lambda t: (titles[t], -list(titles).index(t)))
    kinds = Counter(resource_kind(r.kind) for r in resources_ if r.kind)
    kind = max(kinds, key=lambda k: (kinds[k], -list(kinds).index(k))) if kinds else "other"
    urls: dict[str, str] = {}
    for resource in resources_:
        if resource.url and resource.url.strip():
            urls.setdefault(_url_key(resource.url), resource.url.strip())
    by = tuple((slug, touch) for _, touch in items for slug in touch.with_)
    return Recommended(title, kind, tuple(urls.values()), by)


# Companies ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Company:
    name: str
    spellings: tuple[str, ...]  # as written in the files (their Material tags)
    people: tuple[PersonFacts, ...]  # by name
    unanswered: tuple[FollowUp, ...]  # outreach with no reply past `second_contact_after`
    next_to_try: tuple[str, ...]  # active leads there, by priority

    @property
    def needs_second_person(self) -> bool:
        return bool(self.unanswered)


def companies(facts: Mapping[str, PersonFacts], due: list[FollowUp]) -> list[Company]:
    """People by company (case and spaces aside), with a hint where outreach went unanswered.

    The hint reuses the follow-ups' "try a second person" rule (the 3B7
    routine: no reply after `second_contact_after`, 3 business days by
    default), counted only once it is due.
    """
    grouped: dict[str, list[PersonFacts]] = {}
    for fact in sorted(facts.values(), key=lambda f: fold(f.person.name)):
        if fact.person.company and fact.person.company.strip():
            grouped.setdefault(fold(fact.person.company), []).append(fact)
    waiting: dict[str, list[FollowUp]] = {}
    for item in due:
        company = facts[item.person].person.company if item.person in facts else None
        if item.reason is Reason.SECOND_CONTACT and item.days_overdue >= 0 and company:
            waiting.setdefault(fold(company), []).append(item)
    found = []
    for key, people in grouped.items():
        spellings = Counter(_SPACES.sub(" ", f.person.company or "").strip() for f in people)
        name = max(spellings, key=lambda s: (spellings[s], -list(spellings).index(s)))
        leads_there = sorted((f for f in people if f.stage is Stage.LEAD
                              and f.person.status is Status.ACTIVE),
                             key=lambda f: PRIORITY_RANK[f.person.priority])
        found.append(Company(name, tuple(sorted({f.person.company or "" for f in people})),
                             tuple(people), tuple(waiting.get(key, ())),
                             tuple(f.person.slug for f in leads_there)))
    found.sort(key=lambda c: fold(c.name))
    return found


# Pipeline ----------------------------------------------------------------------------


class StageCount(NamedTuple):
    stage: Stage
    people: int
    inactive: int  # of which paused, declined or archived


def stage_counts(facts: Mapping[str, PersonFacts]) -> list[StageCount]:
    counts = Counter(f.stage for f in facts.values())
    inactive = Counter(f.stage for f in facts.values() if f.person.status in INACTIVE)
    return [StageCount(stage, counts[stage], inactive[stage]) for stage in Stage]


HISTORY_STAGES = (Stage.LEAD, Stage.CONTACTED, Stage.MET, Stage.CONNECTED)


def stage_dates(touches: Iterable[Touch], today: dt.date) -> dict[Stage, dt.date]:
    """When a person reached each stage, from their touches (oldest first) up to `today`.

    The same rules as `rules.Timeline.stage`, read as dates: contacted at the
    first touch that was contact, met at the first conversation, connected at
    the first contact after the first thank-you that followed a meeting.
    "Scheduled" has no date: a file does not say when a meeting was arranged.
    """
    reached: dict[Stage, dt.date] = {}
    thanked: dt.date | None = None
    for touch in touches:
        if touch.date > today:
            break
        if not touch.kind.is_contact:
            continue
        reached.setdefault(Stage.CONTACTED, touch.date)
        if touch.kind.is_conversation:
            reached.setdefault(Stage.MET, touch.date)
        elif Stage.MET in reached and thanked is None and touch.kind is Kind.THANK_YOU:
            thanked = touch.date
            continue
        if thanked is not None and touch.date > thanked:
            reached.setdefault(Stage.CONNECTED, touch.date)
            break
    return reached


def stage_on(reached: Mapping[Stage, dt.date], day: dt.date) -> Stage:
    """The stage on `day`, from `stage_dates`."""
    later = [stage for stage in HISTORY_STAGES[1:] if stage in reached and reached[stage] <= day]
    return later[-1] if later else Stage.LEAD


class MonthMoves(NamedTuple):
    month: dt.date  # its first day
    moves: tuple[int, ...]  # one count per pipeline move, in `Pipeline.moves` order
    total: int


@dataclass(frozen=True, slots=True)
class Pipeline:
    counts: tuple[StageCount, ...]
    moves: tuple[tuple[Stage, Stage], ...]  # the kinds of move that happened, in stage order
    months: tuple[MonthMoves, ...]  # newest first, every month from the first move
    overridden: int  # people whose stage is written by hand: no history


def pipeline(facts: Mapping[str, PersonFacts], today: dt.date) -> Pipeline:
    """Stage counts today, and each month's net moves: stage at its end against the month before.

    A person whose stage is written by hand has no history to read, so they
    are counted today but not in the moves.
    """
    counted: Counter[tuple[dt.date, Stage, Stage]] = Counter()
    overridden = 0
    for fact in facts.values():
        if fact.person.stage_override is not None:
            overridden += 1
            continue
        reached = stage_dates(reversed(fact.touches), today)
        for month in sorted({_month(day) for day in reached.values()}):
            before = stage_on(reached, month - dt.timedelta(days=1))
            after = stage_on(reached, min(_next_month(month) - dt.timedelta(days=1), today))
            if before is not after:
                counted[(month, before, after)] += 1
    rank = {stage: i for i, stage in enumerate(Stage)}
    kinds = sorted({(a, b) for _, a, b in counted}, key=lambda m: (rank[m[1]], rank[m[0]]))
    months = []
    if counted:
        month = _month(today)
        first = min(m for m, _, _ in counted)
        while month >= first:
            moves = tuple(counted[(month, a, b)] for a, b in kinds)
            months.append(MonthMoves(month, moves, sum(moves)))
            month = _month(month - dt.timedelta(days=1))
    return Pipeline(tuple(stage_counts(facts)), tuple(kinds), tuple(months), overridden)


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)
