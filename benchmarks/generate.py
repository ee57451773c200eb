"""Generate a synthetic Kithbook vault for benchmarks and load tests.

Usage::

    python benchmarks/generate.py OUT_DIR --people N --touches M [--seed S]
                                  [--git] [--commits K] [--pack] [--force]

This writes ``OUT_DIR/mkdocs.yml``, ``OUT_DIR/docs/`` (index, pitch, question
bank), ``OUT_DIR/people/SLUG.md`` (N people) and ``OUT_DIR/meetings/ID.md``
(M touches), following ``design/format.md``. The output is fully determined by
the arguments: names, dates and text come from ``random.Random(seed)`` and all
dates are relative to the fixed day 2026-11-26 (touches spread over the three
years before it, about 3% planned up to 60 days after it).

With ``--git`` the folder becomes a git repository whose history adds the files
in date order over K commits (default 5; ``--commits`` implies ``--git``); some
commits also append a line to a few earlier files. Author, committer and dates
are fixed, so the commit ids are reproducible too. Automatic ``git gc`` is off
while committing; ``--pack`` (implies ``--git``) packs the objects at the end,
as git's own automatic gc would have done in a real repository of that age.

The script refuses a non-empty OUT_DIR unless ``--force`` is given (which
writes over existing files but deletes nothing). It uses the standard library
only and can be imported: ``generate_vault(root, people=..., touches=...)``.
"""

import argparse
import bisect
import datetime as dt
import itertools
import os
import random
import re
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

TODAY = dt.date(2026, 11, 26)
SPAN_DAYS = 3 * 365
FUTURE_SHARE = 0.03
FUTURE_DAYS = 60
DEFAULT_COMMITS = 5

FIRST_NAMES = (
    "Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger",
    "Radia", "Tim", "Hedy", "Guido", "Katherine", "Donald", "Annie", "John", "Mary", "Niklaus",
    "Sophie", "Omar", "Priya", "Wei", "Yuki", "Chidi", "Amara", "Mateo", "Lucía", "José",
    "Zoë", "Łukasz", "Søren", "Ingrid", "Björn", "François", "Chloé", "Renée", "Jürgen",
    "Małgorzata",
    "Siobhán", "Seán", "Nuño", "Ángel", "Thérèse", "Dagný", "Øystein", "Çağla", "Ahmet", "Fatima",
    "Kwame", "Nia", "Ravi", "Ananya", "Hiroshi", "Mei", "Olu", "Isabela", "João", "Elif",
    "Noah", "Emma", "Liam", "Olivia", "Mia", "Lukas", "Hannah", "Tomás", "Aoife", "Jana",
    "Sven", "Astrid", "Pieter", "Anouk", "Giulia", "Marco", "Elena", "Dmitri", "Oksana", "Tariq",
    "Leila", "Samir", "Nadia", "Kofi", "Abena", "Thandiwe", "Sipho", "Arjun", "Deepa", "Hyun-woo",
    "Ji-yeon", "Thanh", "Linh", "Carmen", "Diego", "Valentina", "Rafael", "Camille", "Théo", "Inès",
)
LAST_NAMES = (
    "Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson",
    "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Lamarr", "van Rossum", "Johnson", "Knuth",
    "Easley", "Backus", "Keller", "Wirth", "Wilson", "Haddad", "Sharma", "Zhang", "Tanaka",
    "Okafor", "Mensah", "García", "Fernández", "Núñez", "Müller", "Schäfer", "Nowak",
    "Wiśniewski", "Kierkegaard", "Østergaard", "Strauß", "Lefèvre", "Dubois", "O'Brien",
    "Ní Bhriain", "Çelik", "Andersson", "Sigurðardóttir", "Novák", "Dvořák", "Kowalski",
    "Yılmaz",  # noqa: RUF001 - the dotless i is on purpose
    "Rossi", "Bianchi", "de la Cruz", "van der Berg", "Nakamura", "Kim", "Nguyen", "Patel",
    "Adeyemi", "Abebe", "Silva", "Santos", "Costa", "Ivanova", "Petrov", "Horváth", "Papadopoulos",
    "MacLeod", "Fitzgerald", "Schmidt", "Weber", "Jensen", "Larsen", "Lindqvist", "Virtanen",
    "Korhonen", "Bakker", "de Vries", "Janssens", "Moreau", "Girard", "Romano", "Esposito",
    "Ferreira", "Oliveira", "Pereira", "Mendoza", "Herrera", "Castillo", "Chen", "Wang", "Li",
    "Singh", "Gupta", "Iyer", "Reddy", "Hossain", "Rahman", "Owusu", "Boateng", "Kariuki",
    "Mwangi", "Dlamini",
)
FOLD = {
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe",
    "Œ": "OE", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "ı": "i",  # noqa: RUF001 - the dotless i is on purpose
}
TITLES = (
    "Staff Data Engineer", "Senior Software Engineer", "Engineering Manager", "Product Manager",
    "Principal Engineer", "Data Scientist", "Site Reliability Engineer", "UX Researcher",
    "Head of Platform", "VP Engineering", "CTO", "Developer Advocate", "Security Engineer",
    "ML Engineer", "Analytics Lead", "Technical Writer", "Solutions Architect", "Founder",
    "Research Scientist", "Design Lead", "Recruiter", "Director of Data", "QA Lead",
    "Backend Engineer", "Frontend Engineer", "Mobile Engineer", "Infrastructure Engineer",
    "Program Manager", "Chief of Staff", "Open Source Maintainer", "Associate Professor",
    "Consultant", "Product Designer", "Data Analyst", "Platform Engineer", "Staff Engineer",
    "Engineering Director", "Community Manager", "Sales Engineer", "Postdoctoral Researcher",
)
COMPANY_ROOTS = (
    "Analytical", "Northwind", "Bluefin", "Copperleaf", "Driftwood", "Everglade", "Foxglove",
    "Granite", "Harbour", "Ironbark", "Juniper", "Kestrel", "Lighthouse", "Meridian", "Nimbus",
    "Orchard", "Pinecone", "Quarry", "Riverbend", "Saltmarsh", "Tidewater", "Umbra", "Vantage",
    "Willow", "Yellowtail", "Zephyr", "Aurora", "Basalt", "Cinder", "Delta",
)
COMPANY_SUFFIXES = (
    "Engines", "Labs", "Systems", "Analytics", "Health", "Robotics", "Data", "Cloud", "Works",
    "& Co", "Software", "Partners", "AI", "Bank", "Energy", "Foundation", "Studio", "Logistics",
    "Insurance", "University", "Media", "Networks", "Games", "Security", "Bio", "Payments",
)
CITIES = (
    "London", "Berlin", "Zürich", "São Paulo", "Kraków", "Copenhagen", "Amsterdam", "Paris",
    "Lisbon", "Madrid", "Dublin", "Edinburgh", "Stockholm", "Oslo", "Helsinki", "Warsaw", "Prague",
    "Vienna", "Munich", "Barcelona", "New York", "San Francisco", "Seattle", "Toronto", "Montréal",
    "Austin", "Boston", "Chicago", "Lagos", "Nairobi", "Accra", "Bangalore", "Singapore", "Tokyo",
    "Seoul", "Sydney", "Melbourne", "Auckland", "Reykjavík", "Remote",
)
TAGS = (
    "data-engineering", "python", "rust", "go", "typescript", "ml", "mlops", "analytics",
    "platform", "sre", "security", "devrel", "open-source", "product", "design", "ux-research",
    "leadership", "hiring", "startups", "climate", "fintech", "health", "education", "gaming",
    "robotics", "embedded", "mobile", "frontend", "backend", "databases", "streaming", "search",
    "accessibility", "writing", "mentoring", "public-sector", "nonprofit", "research", "cloud",
    "career-change",
)
TOPICS = (
    "data engineering", "platform reliability", "product analytics", "developer tooling",
    "climate tech", "payments", "search relevance", "accessibility", "public health data",
    "open-source maintenance", "ML infrastructure", "design systems", "security operations",
    "robotics", "supply chain software", "stream processing", "technical writing",
    "observability", "mobile performance", "database internals", "privacy engineering",
)
TECH = (
    "Airflow", "Kafka", "Spark", "dbt", "Postgres", "Kubernetes", "Terraform", "Flink", "Snowflake",
    "BigQuery", "Rust", "Go", "TypeScript", "React", "Django", "FastAPI", "DuckDB", "ClickHouse",
)
OPINIONS = (
    "small teams ship faster than big ones", "good documentation beats clever code",
    "on-call needs real ownership to work", "most dashboards are never read",
    "the interview loop values systems thinking over trivia",
    "career changers bring useful perspective", "writing is the most underrated skill",
    "a portfolio project matters more than certificates", "mentoring is part of the job",
    "the best way in is through an internal referral", "boring technology wins in the long run",
)
HARD = (
    "saying no to good ideas", "keeping stakeholders aligned", "legacy migrations",
    "hiring in a slow market", "balancing speed with quality", "estimating research work",
    "getting time for deep work", "explaining trade-offs to non-engineers",
)
ACTIVITIES = (
    "design reviews", "pairing", "one-on-ones", "incident reviews", "planning",
    "writing proposals", "customer calls", "code review", "interviews", "heads-down coding",
)
QUESTIONS = (
    "How did the team move from batch to streaming?", "What does a typical week look like?",
    "How did you get started in {topic}?", "What would you look for in a junior hire?",
    "Which skills matter most for the role?", "How does the team decide what to build next?",
    "What is the on-call rotation like?", "How is success measured on the team?",
    "What surprised you most after joining {company}?", "Who else should I talk to about {topic}?",
    "How much of the work is greenfield versus maintenance?", "How do you keep learning?",
    "What made you move into {topic}?", "Would you do a bootcamp again?",
    "How does {company} support career changers?", "What is the hardest part of the job?",
    "Which conferences are worth attending?", "What do you wish you had known earlier?",
    "How do you use {tech} day to day?", "What does the interview process look like?",
)
ADVICE = (
    "Lead the resume with the migration project", "Join the local {topic} meetup",
    "Write a short post about the {tech} side project", "Ask for a referral after the next call",
    "Read the {company} engineering blog before applying", "Contribute a small fix to {tech}",
    "Practise explaining a past project in two minutes", "Follow up in three weeks",
    "Take the free course on {topic}", "Send the portfolio link with a one-line summary",
    "Apply for the spring internship round", "Rewrite the summary line on LinkedIn",
)
TEMPLATES = (
    "Spent {n} years on {topic} at {company} before moving into {topic2}.",
    "Currently leads a team of {n} working on {topic}.",
    "Wrote a long post about {topic} arguing that {opinion}.",
    "Spoke at a {city} meetup about {topic} and {tech}.",
    "Mentioned that {opinion}.",
    "The team recently migrated from {tech} to {tech2}, which took most of a year.",
    "Hiring is slow this quarter, mostly for {topic} roles.",
    "Recommended reading up on {topic} before applying anywhere.",
    "Started out in {topic2} and switched to {topic} after a side project took off.",
    "Prefers async communication and short written proposals.",
    "Asked about my experience with {tech}; worth preparing a concrete example.",
    "Says the hardest part of the job is {hard}.",
    "A typical week mixes {activity} with {activity2}.",
    "Suggested I reach out to someone on the {topic} team at {company}.",
    "Maintains an open-source {tech} plugin for {topic}.",
    "Based in {city}, often in {city2} for work.",
    "Was very generous with time and followed up the same day.",
    "Talked for a while about {hard} and how {company} handles it.",
    "Their advice: {opinion}, and show it with one real project.",
    "Keen to hear back once the {tech} project is on GitHub.",
)
PLANS = (
    "Plan: ask about {topic} and how the team uses {tech}.",
    "Prepare a two-minute summary of the {tech} project.",
    "Want to understand how {company} hires for {topic}.",
    "Bring up {hard} and ask how they handle it.",
)
KIND_WEIGHTS = {
    "meeting": 14, "coffee": 14, "call": 14, "video": 18, "event": 5, "outreach": 14,
    "thank-you": 3, "follow-up": 9, "note": 4,
}
CONVERSATIONS = ("meeting", "coffee", "call", "video", "event")
TITLE_LABELS = {"outreach": "First message to", "thank-you": "Thanks to",
                "follow-up": "Update for", "note": "Note about", "video": "Video call with"}
CADENCES = ((None, 45), ("30d", 10), ("6w", 10), ("3m", 15), ("1y", 8), ("never", 5),
            ("90d", 5), ("2w", 2))
STATUSES = ((None, 76), ("active", 15), ("paused", 4), ("declined", 2), ("archived", 3))
PLACES = (
    "Barbican café", "the office at {company}", "a co-working space in {city}",
    "Department of Coffee", "the {company} canteen", "a pub near the station",
    "the conference venue", "{city} public library", "Café Zürich",
)
EVENT_NAMES = (
    "PyData {city}", "{topic} meetup", "Data Council", "{city} Tech Night", "RustConf",
    "Women Who Code {city}", "Open Source Summit", "{tech} user group",
)
RESOURCES = {
    "book": ("Designing Data-Intensive Applications", "The Pragmatic Programmer",
             "Staff Engineer: Leadership Beyond the Management Track", "Team Topologies",
             "An Elegant Puzzle", "Accelerate", "The Manager's Path"),
    "event": ("Data Council", "PyCon", "Strange Loop", "{city} {tech} meetup", "KubeCon"),
    "publication": ("Example Weekly", "The {topic} Newsletter", "Increment", "ACM Queue"),
    "organisation": ("Women Who Code", "Code for {city}", "The {topic} Guild", "Outreachy"),
    "course": ("Intro to {tech}", "{topic} Fundamentals", "Missing Semester"),
    "article": ("Notes on {topic}", "Why {opinion}", "How we moved to {tech}"),
}
SLOT_WORDS: dict[str, Sequence[str]] = {
    "topic": TOPICS, "topic2": TOPICS, "opinion": OPINIONS, "city": CITIES, "city2": CITIES,
    "tech": TECH, "tech2": TECH, "hard": HARD, "activity": ACTIVITIES, "activity2": ACTIVITIES,
    "n": tuple(str(n) for n in range(2, 13)),
}
COMMON_QUESTIONS = (
    "How did you get started?",
    "What do you like best and least about your work?",
    "What is most challenging about your role?",
    "What does a typical day look like?",
    "What skills does success in your role take?",
)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Kithbook Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Kithbook Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}
GIT_OPTIONS = ("-c", "commit.gpgsign=false", "-c", "gc.auto=0", "-c", "maintenance.auto=false")

_YAML_SPECIAL = frozenset(":#[]{},&*!|>'\"%@`")
_YAML_WORDS = frozenset(
    ("~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", ".nan")
)
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


@dataclass
class Person:
    """One generated person: identity plus the bits touches refer to."""

    slug: str
    name: str
    first: str
    company: str


@dataclass
class Record:
    """One file to write: its path relative to the vault, text and creation time."""

    path: str
    text: str
    created: dt.datetime


@dataclass
class Context:
    """Shared state for one generation run."""

    rng: random.Random
    companies: list[str]
    people: list[Person] = field(default_factory=list)
    cum_weights: list[float] = field(default_factory=list)


# --- small helpers --------------------------------------------------------------------------


def yaml_str(value: str, force: bool = False) -> str:
    """Return `value` as a YAML scalar, double-quoted when plain style would be unsafe."""
    if force or _needs_quotes(value):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        escaped = escaped.replace("\n", "\\n").replace("\t", "\\t")
        return f'"{escaped}"'
    return value


def _needs_quotes(value: str) -> bool:
    """True when a plain scalar would not read back as this exact string."""
    if not value or value != value.strip() or "\n" in value or "\t" in value:
        return True
    if any(ch in _YAML_SPECIAL for ch in value):
        return True
    if value.lower() in _YAML_WORDS:
        return True
    return value[0] in "-?+.0123456789"


def flow_list(items: Sequence[str]) -> str:
    """A YAML flow sequence of strings: `[a, "b, c"]`."""
    return "[" + ", ".join(yaml_str(item) for item in items) + "]"


def slugify(name: str) -> str:
    """ASCII-fold a name into a slug: "José Núñez" -> "jose-nunez", "Łukasz" -> "lukasz"."""
    folded = "".join(FOLD.get(ch, ch) for ch in name)
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    return _SLUG_JUNK.sub("-", ascii_text.lower()).strip("-") or "person"


def unique(stem: str, taken: set[str]) -> str:
    """Return `stem`, or `stem-2`, `stem-3`, ... whichever is not yet taken; mark it taken."""
    candidate, n = stem, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}"
    taken.add(candidate)
    return candidate


def weighted(rng: random.Random, pairs: Sequence[tuple[str | None, int]]) -> str | None:
    """Pick the first item of one (value, weight) pair."""
    values = [value for value, _ in pairs]
    return rng.choices(values, weights=[weight for _, weight in pairs])[0]


def make_companies() -> list[str]:
    """About 200 company names, the same for every seed."""
    pairs = list(itertools.product(COMPANY_ROOTS, COMPANY_SUFFIXES))
    random.Random(1815).shuffle(pairs)
    return [f"{root} {suffix}" for root, suffix in pairs[:200]]


class Slots(dict[str, str]):
    """Template slots drawn from the word lists on first use (so unused slots cost nothing)."""

    def __init__(self, ctx: Context, company: str | None) -> None:
        super().__init__()
        self.ctx, self.company = ctx, company

    def __missing__(self, key: str) -> str:
        if key == "company":
            value = self.company or self.ctx.rng.choice(self.ctx.companies)
        else:
            value = self.ctx.rng.choice(SLOT_WORDS[key])
        self[key] = value
        return value


def fill(ctx: Context, template: str, company: str | None = None) -> str:
    """Fill the `{slots}` of a template with random words (`company` if given)."""
    return template.format_map(Slots(ctx, company))


def paragraphs(ctx: Context, sentences: Sequence[str], budget: int) -> str:
    """Paragraphs of 2-5 sentences from `sentences`, about `budget` characters (one at least)."""
    rng = ctx.rng
    paras: list[str] = []
    size = 0
    while size < budget or not paras:
        current = rng.sample(sentences, min(len(sentences), rng.randint(2, 5)))
        while size + sum(map(len, current)) > budget + 80 and len(current) > 1:
            current.pop()
        paras.append(" ".join(current))
        size += sum(len(sentence) + 1 for sentence in current)
    return "\n\n".join(paras)


def checklist(ctx: Context, pool: Sequence[str], count: int, done: float) -> str:
    """`count` distinct `- [ ]`/`- [x]` items from `pool`, each checked with probability `done`."""
    rng = ctx.rng
    items = rng.sample(pool, min(count, len(pool)))
    return "\n".join(f"- [{'x' if rng.random() < done else ' '}] {item}" for item in items)


def sentence_pool(ctx: Context, templates: Sequence[str], size: int) -> list[str]:
    """Pre-fill `size` sentences so per-file text costs one `choice` per sentence."""
    return [fill(ctx, ctx.rng.choice(templates)) for _ in range(size)]


# --- people ---------------------------------------------------------------------------------


def make_people(ctx: Context, count: int) -> None:
    """Draw names, unique slugs and how many touches each person gets (a long tail)."""
    rng = ctx.rng
    taken: set[str] = set()
    weights: list[float] = []
    for _ in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        if rng.random() < 0.05:
            name = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
        slug = unique(slugify(name), taken)
        ctx.people.append(Person(slug, name, first, rng.choice(ctx.companies)))
        weights.append(0.0 if rng.random() < 0.15 else rng.paretovariate(3.0))
    if count and not any(weights):
        weights[0] = 1.0
    ctx.cum_weights = list(itertools.accumulate(weights))


def pick_person(ctx: Context) -> int:
    """Index of a person, weighted so some people have many touches and some none."""
    return bisect.bisect_right(ctx.cum_weights, ctx.rng.random() * ctx.cum_weights[-1])


def person_front_matter(ctx: Context, index: int, sparse: bool) -> list[str]:
    """Front matter lines (without the `---` fences) for person number `index`."""
    rng, person = ctx.rng, ctx.people[index]
    lines = [f"name: {yaml_str(person.name)}"]
    if rng.random() < (0.3 if sparse else 0.85):
        lines.append(f"title: {yaml_str(rng.choice(TITLES))}")
    if rng.random() < (0.5 if sparse else 0.85):
        lines.append(f"company: {yaml_str(person.company)}")
    if sparse:
        return lines
    if rng.random() < 0.7:
        lines.append(f"location: {yaml_str(rng.choice(CITIES))}")
    lines += contact_lines(ctx, person)
    if rng.random() < 0.8:
        lines.append(f"tags: {flow_list(rng.sample(TAGS, rng.randint(1, 4)))}")
    if rng.random() < 0.4:
        lines.append(f"priority: {rng.choice(('high', 'normal', 'low'))}")
    if rng.random() < 0.35:
        source = fill(ctx, "Author of 'Notes on {topic}' (Example Weekly, {n})")
        if rng.random() < 0.5:
            source = fill(ctx, "Met at {city} {tech} meetup")
        lines.append(f"source: {yaml_str(source)}")
    if index and rng.random() < 0.35:
        lines.append(f"introduced_by: {ctx.people[rng.randrange(index)].slug}")
    lines += schedule_lines(ctx)
    return lines


def contact_lines(ctx: Context, person: Person) -> list[str]:
    """Email, phone and links lines, each present only some of the time."""
    rng, lines = ctx.rng, []
    handle = person.slug.split("-")[0]
    work = f"{handle}@{slugify(person.company)}.example.com"
    if rng.random() < 0.6:
        if rng.random() < 0.2:
            lines.append(f"email: {flow_list([work, f'{person.slug}@example.org'])}")
        else:
            lines.append(f"email: {yaml_str(work)}")
    if rng.random() < 0.3:
        number = f"+{rng.choice((44, 49, 1, 45, 48, 33))} {rng.randint(20, 99)} "
        lines.append(f"phone: {yaml_str(number + str(rng.randint(1000000, 9999999)), True)}")
    if rng.random() < 0.45:
        urls = {"linkedin": f"https://www.linkedin.com/in/{person.slug}",
                "blog": f"https://{person.slug}.example.org/blog",
                "github": f"https://github.com/{person.slug}"}
        chosen = rng.sample(sorted(urls), rng.randint(1, 3))
        lines.append("links:")
        if rng.random() < 0.6:
            lines += [f"  {label}: {yaml_str(urls[label])}" for label in chosen]
        else:
            lines += [f"  - {yaml_str(urls[label])}" for label in chosen]
    return lines


def schedule_lines(ctx: Context) -> list[str]:
    """Cadence, snooze, status and private lines."""
    rng, lines = ctx.rng, []
    cadence = weighted(rng, CADENCES)
    if cadence:
        lines.append(f"cadence: {cadence}")
    if rng.random() < 0.05:
        lines.append(f"snooze_until: {TODAY + dt.timedelta(days=rng.randint(-60, 120))}")
    status = weighted(rng, STATUSES)
    if status:
        lines.append(f"status: {status}")
    roll = rng.random()
    if roll < 0.07:
        lines.append(f"private: {'true' if roll < 0.05 else 'false'}")
    return lines


def person_text(ctx: Context, index: int, research: list[str]) -> str:
    """The whole Markdown file for person number `index` (about 200-1500 bytes)."""
    rng, person = ctx.rng, ctx.people[index]
    sparse = rng.random() < 0.15
    front = "---\n" + "\n".join(person_front_matter(ctx, index, sparse)) + "\n---\n"
    asks = [fill(ctx, q, person.company) for q in rng.sample(QUESTIONS, 5)]
    questions = checklist(ctx, asks, 2 if sparse else rng.randint(2, 5), 0.3)
    fixed = len(front) + len(questions) + 90
    body = paragraphs(ctx, research, 0 if sparse else rng.randint(200, 1500) - fixed)
    return f"{front}\n## Research\n{body}\n\n## Questions\n{questions}\n"


# --- touches --------------------------------------------------------------------------------


@dataclass
class Touch:
    """One generated touch before it is rendered."""

    day: dt.date
    when: dt.datetime
    kind: str
    with_: list[int]


def touch_day(rng: random.Random) -> dt.date:
    """A day in the three years up to TODAY, or (3%) up to 60 days after it."""
    if rng.random() < FUTURE_SHARE:
        return TODAY + dt.timedelta(days=rng.randint(1, FUTURE_DAYS))
    return TODAY - dt.timedelta(days=rng.randint(0, SPAN_DAYS))


def next_kind(rng: random.Random, previous: str | None, future: bool) -> str:
    """A plausible kind given the previous touch with the same person."""
    if future:
        return rng.choices(CONVERSATIONS, weights=(4, 3, 3, 5, 1))[0]
    if previous is None and rng.random() < 0.6:
        return "outreach"
    if previous in CONVERSATIONS and rng.random() < 0.45:
        return "thank-you"
    kinds = list(KIND_WEIGHTS)
    return rng.choices(kinds, weights=list(KIND_WEIGHTS.values()))[0]


def plan_touches(ctx: Context, count: int) -> list[Touch]:
    """Share `count` touches among people and give each person a sequence of kinds."""
    rng = ctx.rng
    per_person: dict[int, list[dt.date]] = {}
    for _ in range(count):
        per_person.setdefault(pick_person(ctx), []).append(touch_day(rng))
    touches: list[Touch] = []
    for index in sorted(per_person):
        previous: str | None = None
        for day in sorted(per_person[index]):
            kind = next_kind(rng, previous, day > TODAY)
            previous = kind
            clock = dt.time(rng.randint(8, 18), rng.choice((0, 15, 30, 45)))
            when = dt.datetime.combine(day, clock)
            touches.append(Touch(day, when, kind, [index, *extra_people(ctx, index, kind)]))
    touches.sort(key=lambda touch: (touch.when, touch.with_[0]))
    return touches


def extra_people(ctx: Context, index: int, kind: str) -> list[int]:
    """Other people at a conversation (15% of meetings, videos and events)."""
    rng = ctx.rng
    if kind not in ("meeting", "video", "event") or len(ctx.people) < 2 or rng.random() > 0.15:
        return []
    extra: list[int] = []
    for _ in range(rng.randint(1, 2)):
        other = pick_person(ctx)
        if other != index and other not in extra:
            extra.append(other)
    return extra


def date_value(rng: random.Random, when: dt.datetime) -> str:
    """The `date:` value in one of the forms people type."""
    roll = rng.random()
    if roll < 0.4:
        return f"{when:%Y-%m-%d}"
    if roll < 0.7:
        return f"{when:%Y-%m-%d %H:%M}"
    if roll < 0.85:
        return f"{when:%Y-%m-%d %H:%M:%S}"
    if roll < 0.98:
        return f"{when:%Y-%m-%dT%H:%M}"
    return f"{when:%Y-%m-%dT%H:%M:%S}{rng.choice(('+01:00', '+02:00', '-05:00', 'Z'))}"


def with_lines(ctx: Context, touch: Touch) -> list[str]:
    """The `with:` line(s): a slug, or a flow or block list of slugs."""
    slugs = [ctx.people[i].slug for i in touch.with_]
    if len(slugs) == 1 and ctx.rng.random() < 0.8:
        return [f"with: {slugs[0]}"]
    if ctx.rng.random() < 0.7:
        return [f"with: {flow_list(slugs)}"]
    return ["with:", *(f"  - {slug}" for slug in slugs)]


def touch_front_matter(ctx: Context, touch: Touch) -> list[str]:
    """Front matter lines (without fences) for one touch."""
    rng, person = ctx.rng, ctx.people[touch.with_[0]]
    lines = [f"date: {date_value(rng, touch.when)}", *with_lines(ctx, touch)]
    if touch.kind != "meeting" or rng.random() < 0.3:
        lines.append(f"kind: {touch.kind}")
    conversation = touch.kind in CONVERSATIONS
    if touch.kind == "event":
        lines.append(f"title: {yaml_str(fill(ctx, rng.choice(EVENT_NAMES)))}")
    elif rng.random() < 0.3:
        label = TITLE_LABELS.get(touch.kind, touch.kind.capitalize() + " with")
        lines.append(f"title: {yaml_str(f'{label} {person.first}')}")
    if touch.kind in ("video", "call") and rng.random() < 0.5:
        lines.append(f"url: {yaml_str(f'https://meet.example.com/{rng.randrange(16**8):08x}')}")
    elif touch.kind in ("meeting", "coffee", "event") and rng.random() < 0.6:
        lines.append(f"location: {yaml_str(fill(ctx, rng.choice(PLACES), person.company))}")
    if conversation and rng.random() < 0.7:
        lines.append(f"duration: {rng.choice(('30m', '45m', '1h'))}")
    if conversation and touch.day <= TODAY:
        lines += referral_lines(ctx, touch) + resource_lines(ctx)
    if rng.random() < 0.03:
        lines.append("private: true")
    return lines


def referral_lines(ctx: Context, touch: Touch) -> list[str]:
    """A `referrals:` block (15% of past conversations): slugs or free-text names."""
    rng = ctx.rng
    if rng.random() > 0.15:
        return []
    lines = ["referrals:"]
    for _ in range(rng.randint(1, 3)):
        other = pick_person(ctx)
        if rng.random() < 0.5 and other not in touch.with_:
            lines.append(f"  - {ctx.people[other].slug}")
        else:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            team = rng.choice(TOPICS)
            lines.append(f"  - {yaml_str(f'{name}, {team} team at {rng.choice(ctx.companies)}')}")
    return lines


def resource_lines(ctx: Context) -> list[str]:
    """A `resources:` block of flow mappings (12% of past conversations)."""
    rng = ctx.rng
    if rng.random() > 0.12:
        return []
    lines = ["resources:"]
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(sorted(RESOURCES))
        title = fill(ctx, rng.choice(RESOURCES[kind]))
        parts = [f"title: {yaml_str(title)}", f"kind: {kind}"]
        if kind != "book" or rng.random() < 0.3:
            parts.append(f"url: {yaml_str(f'https://example.org/{slugify(title)}')}")
        lines.append("  - {" + ", ".join(parts) + "}")
    return lines


def touch_text(ctx: Context, touch: Touch, notes: list[str], plans: list[str]) -> str:
    """The whole Markdown file for one touch (about 300-2000 bytes)."""
    rng = ctx.rng
    front = "---\n" + "\n".join(touch_front_matter(ctx, touch)) + "\n---\n"
    conversation, future = touch.kind in CONVERSATIONS, touch.day > TODAY
    tail = ""
    if conversation and not future and rng.random() < 0.4:
        advice = [fill(ctx, a) for a in rng.sample(ADVICE, 4)]
        tail += "\n\n## Advice\n" + checklist(ctx, advice, rng.randint(1, 4), 0.4)
    if not future and rng.random() < (0.8 if conversation else 0.3):
        tail += "\n\n## Takeaways\n" + rng.choice(notes)
    budget = rng.randint(300, 2000) - len(front) - len(tail) - 80
    body = paragraphs(ctx, plans if future else notes, budget)
    return f"{front}\n## Notes\n{body}{tail}\n"


def touch_created(rng: random.Random, touch: Touch) -> dt.datetime:
    """When the file was written: the touch itself, or a few days before a planned one."""
    latest = dt.datetime.combine(TODAY, dt.time(8)) + dt.timedelta(minutes=rng.randint(0, 720))
    if touch.day <= TODAY:
        return min(touch.when + dt.timedelta(hours=rng.randint(1, 30)), latest)
    return min(touch.when - dt.timedelta(days=rng.randint(1, 30)), latest)


def touch_stem(ctx: Context, touch: Touch, taken: set[str]) -> str:
    """`YYYY-MM-DD-slug[-kind]`, unique within the vault."""
    suffix = "" if touch.kind == "meeting" else f"-{touch.kind}"
    return unique(f"{touch.day}-{ctx.people[touch.with_[0]].slug}{suffix}", taken)


# --- site and output ------------------------------------------------------------------------


def site_records(people: int, touches: int, seed: int) -> list[Record]:
    """mkdocs.yml and the hand-written docs pages (dated before everything else)."""
    start = dt.datetime.combine(TODAY - dt.timedelta(days=SPAN_DAYS + 40), dt.time(9, 0))
    mkdocs = (
        f"site_name: {yaml_str(f'Kithbook benchmark ({people} people, {touches} touches)')}\n"
        "theme:\n  name: material\n  font: false\n"
        f"plugins:\n  - search\n  - kithbook:\n      today: {TODAY}\n"
    )
    index = (
        "# Kithbook benchmark vault\n\n"
        f"A synthetic vault of {people} people and {touches} touches (seed {seed}), "
        "written by `benchmarks/generate.py`.\n"
    )
    pitch = (
        "# Pitch\n\nI spent six years in logistics operations and moved into data engineering "
        "through evening courses and a pipeline project for a local food bank. I'm looking "
        "for a junior data or platform role on a team that values clear writing.\n"
    )
    questions = "# Questions\n\n" + "".join(f"- {q}\n" for q in COMMON_QUESTIONS)
    pages = {"mkdocs.yml": mkdocs, "docs/index.md": index, "docs/pitch.md": pitch,
             "docs/questions.md": questions}
    return [Record(path, text, start) for path, text in pages.items()]


def build_records(people: int, touches: int, seed: int) -> list[Record]:
    """Every file of the vault, in memory, in generation order."""
    ctx = Context(random.Random(seed), make_companies())
    make_people(ctx, people)
    research = sentence_pool(ctx, TEMPLATES, 400)
    plans = sentence_pool(ctx, PLANS, 60)
    planned = plan_touches(ctx, touches) if people else []
    first_seen: dict[int, dt.datetime] = {}
    site = site_records(people, touches, seed)
    records = list(site)
    taken: set[str] = set()
    for touch in planned:
        created = touch_created(ctx.rng, touch)
        stem = touch_stem(ctx, touch, taken)
        text = touch_text(ctx, touch, research, plans)
        records.append(Record(f"meetings/{stem}.md", text, created))
        for i in touch.with_:
            first_seen.setdefault(i, created)
    for index, person in enumerate(ctx.people):
        past_day = TODAY - dt.timedelta(days=ctx.rng.randint(0, SPAN_DAYS))
        created = first_seen.get(index) or dt.datetime.combine(past_day, dt.time(12))
        created -= dt.timedelta(days=ctx.rng.randint(1, 30), minutes=ctx.rng.randint(0, 600))
        text = person_text(ctx, index, research)
        records.append(Record(f"people/{person.slug}.md", text, created))
    start = min(record.created for record in records) - dt.timedelta(hours=2)
    for record in records[:len(site)]:
        record.created = start
    return records


def write_records(root: Path, records: Sequence[Record]) -> None:
    """Write the records under `root`, creating folders as needed."""
    for folder in {str(Path(record.path).parent) for record in records}:
        (root / folder).mkdir(parents=True, exist_ok=True)
    for record in records:
        (root / record.path).write_text(record.text, encoding="utf-8", newline="\n")


# --- git history ----------------------------------------------------------------------------


def run_git(root: Path, args: Sequence[str], env: dict[str, str]) -> None:
    """Run one git command in `root` with fixed identity and no signing or auto-gc."""
    subprocess.run(["git", "-C", str(root), *GIT_OPTIONS, *args], env=env, check=True)


def git_date(when: dt.datetime) -> str:
    """A git date (`<epoch> +0000`) for a naive datetime taken as UTC."""
    return f"{int(when.replace(tzinfo=dt.UTC).timestamp())} +0000"


def append_line(root: Path, path: str, rng: random.Random) -> None:
    """Append one line to a person (a question) or a touch (a short paragraph)."""
    if path.startswith("people/"):
        line = f"- [ ] {rng.choice(COMMON_QUESTIONS)}\n"
    else:
        line = f"\nUpdate: {rng.choice(OPINIONS).capitalize()}.\n"
    with open(root / path, "a", encoding="utf-8", newline="\n") as handle:
        handle.write(line)


def commit_history(root: Path, records: Sequence[Record], commits: int, seed: int) -> None:
    """`git init` and add the records over `commits` commits in date order."""
    rng = random.Random(f"{seed}:git")
    env = {**os.environ, **GIT_ENV}
    run_git(root, ["-c", "init.defaultBranch=main", "init", "-q"], env)
    ordered = sorted(records, key=lambda record: record.created)
    existing: list[str] = []
    last = ordered[0].created - dt.timedelta(hours=1)
    for number in range(commits):
        batch = ordered[number * len(ordered) // commits:(number + 1) * len(ordered) // commits]
        write_records(root, batch)
        changed = []
        if existing and number and rng.random() < 0.2:
            changed = rng.sample(existing, min(len(existing), rng.randint(1, 5)))
            for path in changed:
                append_line(root, path, rng)
        existing += [r.path for r in batch if r.path.startswith(("people/", "meetings/"))]
        newest = max((r.created for r in batch), default=last)
        last = max(newest, last + dt.timedelta(minutes=1))
        message = f"Add {len(batch)} file(s)" + (f", update {len(changed)}" if changed else "")
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = git_date(last)
        run_git(root, ["add", "-A"], env)
        run_git(root, ["commit", "-q", "--allow-empty", "--no-verify", "-m", message], env)


# --- entry points ---------------------------------------------------------------------------


def generate_vault(
    root: Path,
    *,
    people: int,
    touches: int,
    seed: int = 0,
    git: bool = False,
    commits: int = 0,
    pack: bool = False,
) -> None:
    """Write a synthetic vault into `root`; with `git`, also its history (`commits`, 0 = 5),
    packed with `git gc` when `pack`."""
    if people < 0 or touches < 0 or commits < 0:
        raise ValueError("people, touches and commits must not be negative")
    if touches and not people:
        raise ValueError("touches need at least one person")
    for folder in ("docs", "people", "meetings"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    records = build_records(people, touches, seed)
    if git or pack:
        commit_history(root, records, commits or DEFAULT_COMMITS, seed)
        if pack:
            run_git(root, ["gc", "-q"], {**os.environ, **GIT_ENV})
    else:
        write_records(root, records)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description="Generate a synthetic Kithbook vault.")
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--people", type=int, required=True, help="number of people")
    parser.add_argument("--touches", type=int, required=True, help="number of touches")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--git", action="store_true", help="make OUT_DIR a git repository")
    parser.add_argument("--commits", type=int, help=f"commits in the history (default "
                        f"{DEFAULT_COMMITS}; implies --git)")
    parser.add_argument("--pack", action="store_true", help="pack the git objects at the end"
                        " (implies --git)")
    parser.add_argument("--force", action="store_true", help="write into a non-empty OUT_DIR")
    args = parser.parse_args(argv)
    if args.people < 0 or args.touches < 0:
        parser.error("--people and --touches must not be negative")
    if args.touches and not args.people:
        parser.error("--touches needs at least one person")
    if args.commits is not None and args.commits < 1:
        parser.error("--commits must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    args = parse_args(argv)
    out: Path = args.out_dir
    if out.exists() and not out.is_dir():
        print(f"error: {out} is not a directory", file=sys.stderr)
        return 2
    if out.is_dir() and any(out.iterdir()) and not args.force:
        print(f"error: {out} is not empty (use --force to write into it)", file=sys.stderr)
        return 2
    generate_vault(
        out,
        people=args.people,
        touches=args.touches,
        seed=args.seed,
        git=args.git or args.commits is not None or args.pack,
        commits=args.commits or 0,
        pack=args.pack,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
