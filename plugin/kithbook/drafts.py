"""Message drafts: outreach, thank-you and follow-up, from templates the user can override.

The shipped templates live in the package (`templates/drafts/*.txt.j2`); a
file of the same name in the vault's `drafts/` folder wins. Every value the
templates get is a finished phrase or empty, so a person with nothing but a
name still gets a message that reads well.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from kithbook.followups import quoted
from kithbook.model import Kind, Outcome, Person, Touch, Vault
from kithbook.settings import Settings
from kithbook.timeline import PersonFacts

if TYPE_CHECKING:
    from jinja2 import Environment

KINDS = ("outreach", "thank-you", "follow-up")
OVERRIDE_DIR = "drafts"


@dataclass(frozen=True, slots=True)
class Draft:
    subject: str
    body: str

    def mailto(self, address: str | None) -> str:
        """A `mailto:` link with the subject and body encoded."""
        return (f"mailto:{quote(address or '', safe='@')}?subject={quote(self.subject)}"
                f"&body={quote(self.body)}")


GOAL_UNSET = "I'm working out my next career step"  # without `my_goal`: never a guess


def draft(kind: str, fact: PersonFacts, vault: Vault, today: dt.date, root: Path, *,
          settings: Settings | None = None) -> Draft:
    """Render the `kind` draft for one person, signed with `my_name`."""
    settings = settings or Settings()
    context = {"outreach": _outreach, "thank-you": _thank_you, "follow-up": _follow_up}[kind](
        fact, vault, today)
    goal = settings.my_goal.strip().rstrip(".") if settings.my_goal else ""
    text = _environment(root).get_template(f"{kind}.txt.j2").render(
        first_name=fact.person.name.split()[0], name=fact.person.name,
        company=fact.person.company or "", my_name=settings.my_name or "",
        goal=f"I'm {_lower_first(goal)}" if goal else GOAL_UNSET, **context)
    subject, _, body = text.partition("\n")
    return Draft(subject.removeprefix("Subject:").strip(), _tidy(body))


def _environment(root: Path) -> Environment:
    from jinja2 import (  # loaded when a draft is written, not at every start-up
        ChoiceLoader,
        Environment,
        FileSystemLoader,
        PackageLoader,
        StrictUndefined,
    )

    loader = ChoiceLoader([FileSystemLoader(str(root / OVERRIDE_DIR)),
                           PackageLoader("kithbook", "templates/drafts")])
    return Environment(loader=loader, undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)


def _tidy(body: str) -> str:
    """No run of blank lines, no blank start: templates may leave them."""
    lines = body.strip("\n").split("\n")
    tidy: list[str] = []
    for line in lines:
        if line.strip() or (tidy and tidy[-1].strip()):
            tidy.append(line.rstrip())
    return "\n".join(tidy).strip() + "\n"


def _outreach(fact: PersonFacts, vault: Vault, today: dt.date) -> dict[str, Any]:
    person = fact.person
    introducer = vault.people.get(person.introduced_by) if person.introduced_by else None
    if introducer:
        connection = f"{introducer.name} suggested I get in touch."
    elif person.found_via:
        connection = how_found(person.found_via)
    else:
        connection = "I'm reaching out because your path is one I'd like to learn from."
    return {"connection": connection}


_AS_THE = ("author", "speaker", "host", "organiser", "organizer", "editor", "maintainer")
_THROUGH_THE = ("interview", "panel", "comment", "talk", "article", "post", "thread",
                "podcast", "newsletter", "video", "profile", "search")
_THROUGH = ("my", "a", "an", "the", "our", "your")
_PASSIVE = {"introduced": "introduced to you", "referred": "referred to you"}


def how_found(source: str) -> str:
    """The `source` key as the sentence that opens an outreach: "Author of X" ->
    "I know your work as the author of X."; "Referred by José" -> "I was referred to
    you by José."; a name of a place or event -> "I found you through X."."""
    text = " ".join(source.split()).rstrip(".")
    first, _, rest = text.partition(" ")
    word = first.casefold()
    if word in _PASSIVE:
        return _sentence(f"I was {_PASSIVE[word]} {rest}")
    if word == "recommended":
        return _sentence(f"You were recommended to me {rest}".replace(" to me to me", " to me"))
    if word in _AS_THE:
        return _sentence(f"I know your work as the {word} {rest}")
    if word in _THROUGH_THE:
        return _sentence(f"I found you through the {word} {rest}")
    if word in _THROUGH:
        return _sentence(f"I found you through {word} {rest}")
    return _sentence(f"I found you through {text}")


def _thank_you(fact: PersonFacts, vault: Vault, today: dt.date) -> dict[str, Any]:
    held = fact.timeline.last_held
    if held is None:
        return {"meeting_phrase": "", "when": "", "takeaway": "", "introductions": "",
                "advice": ""}
    names = [_referral_name(r.slug, r.text, vault) for r in held.referrals]
    advice = next((a.text for a in held.advice if not a.done), "")
    return {
        "meeting_phrase": _meeting_phrase(held, fact.person),
        "when": _when(held.date, today),
        "takeaway": _theirs(held.takeaways),
        "introductions": _join(names),
        "advice": _lower_first(advice.rstrip(".")) if advice else "",
    }


def _theirs(takeaways: str) -> str:
    """The first takeaway, quoted as their point (it was theirs to make)."""
    first = takeaways.strip().split("\n")[0].strip().lstrip("-*+ ").strip()
    return f"your point that \u201c{_sentence(first)}\u201d" if first else ""


def _follow_up(fact: PersonFacts, vault: Vault, today: dt.date) -> dict[str, Any]:
    """Three situations: they asked you to write later; your outreach is unanswered;
    or a friendly follow-up (advice acted on, a resource, an open question)."""
    person, line = fact.person, fact.timeline
    done = next((a.text for t in fact.touches if t.date <= today for a in t.advice if a.done),
                "")  # advice given by `today`, not at a conversation still to come
    resource, shared = _resource_for(person, fact.touches, vault)
    question = next((q.text for q in person.questions if not q.done), "")
    reply = line.last_reply
    later = reply if reply is not None and reply.outcome is Outcome.LATER and not (
        line.last_told is not None and line.last_told > reply.date) else None
    sent = line.last_outreach if line.last_outreach and not line.answered else None
    introducer = vault.people.get(person.introduced_by) if person.introduced_by else None
    return {"done_advice": _lower_first(done.rstrip(".")) if done else "",
            "resource": resource, "shared_tag": shared, "open_question": question,
            "later_on": _day_words(later.date) if later else "",
            "their_words": _said(later.body.text) if later else "",
            "unanswered_on": _day_words(sent.date) if sent else "",
            "unanswered_title": (sent.title or "") if sent else "",
            "introducer": introducer.name if introducer else ""}


def _said(text: str) -> str:
    """What they wrote, quoted as a sentence of its own: `“Busy until December.”`."""
    words = quoted(text)
    if not words:
        return ""
    return words if words[-2:-1] in (".", "!", "?", "\u2026") else words[:-1] + ".\u201d"


def _day_words(day: dt.date) -> str:
    """`2026-11-03` -> `3 November`: how a date reads in a message."""
    return f"{day.day} {day:%B}"


def _resource_for(person: Person, theirs: tuple[Touch, ...], vault: Vault) -> tuple[str, str]:
    """A resource someone else recommended, from a person who shares one of their tags."""
    already = {r.title.casefold() for t in theirs for r in t.resources}
    tags = set(person.tags)
    for touch in reversed(vault.touches):
        for slug in touch.with_:
            other = vault.people.get(slug)
            shared = sorted(tags & set(other.tags)) if other and slug != person.slug else []
            for resource in touch.resources if shared else ():
                if resource.title.casefold() not in already:
                    kind = f" ({resource.kind})" if resource.kind else ""
                    return f"\u201c{resource.title}\u201d{kind}", shared[0].replace("-", " ")
    return "", ""


def _referral_name(slug: str | None, text: str, vault: Vault) -> str:
    person = vault.people.get(slug) if slug else None
    return person.name if person else text.split(",")[0].strip()


def _meeting_phrase(touch: Touch, person: Person) -> str:
    kinds = {Kind.COFFEE: "the coffee", Kind.CALL: "the call", Kind.VIDEO: "the call",
             Kind.EVENT: "the chat at the event"}
    return kinds.get(touch.kind, "our conversation")


def _when(day: dt.date, today: dt.date) -> str:
    days = (today - day).days
    return {0: "today", 1: "yesterday"}.get(days, f"on {day:%A}" if 0 < days < 7 else "")


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
