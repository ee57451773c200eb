"""What a site may show: the whole vault, a published part of it, or a masked view.

Every page, drawing, feed and count is made from the vault this module
returns, so leaving something out here leaves it out everywhere at once:

- publish mode (`publish: true`, for a site others will read) drops people
  and touches marked `private: true` and every mention of them (names on
  touches, introductions, referrals), everyone's emails and phones, meeting
  links, fields Kithbook does not know (they may hold anything), the body
  sections under a private heading (`private_headings`, default `## Private`)
  and the list of problems (it names files);
- incognito mode (`incognito: true`, for sharing a screen) keeps names and
  dates but masks contact details, meeting links and every note.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Mapping

from kithbook.body import ANY_HEADING, Body, without_sections
from kithbook.companies import CompanyNotes
from kithbook.history import Commit, History
from kithbook.model import Person, Referral, Source, Touch, Vault
from kithbook.names import fold, slug_for, split_referral
from kithbook.settings import Settings

MASK = "\u2022"  # a bullet for each masked character, like fava's --incognito
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d+\.)[ \t]+(?:\[[ xX]\][ \t]+)?")
_MASKED = re.compile(r"[^\s\-*+#>|`\[\]()]")  # keeps the Markdown's shape readable


def site_vault(vault: Vault, settings: Settings) -> Vault:
    """The vault as this build may show it."""
    if settings.publish:
        vault = published(vault, private_headings=settings.private_headings)
    if settings.incognito:
        vault = incognito(vault)
    return vault


def published(vault: Vault, *, private_headings: Iterable[str] = ("private",)) -> Vault:
    """Only what the user is willing to publish."""
    headings = frozenset(h.casefold() for h in private_headings)
    people = {slug: _published_person(person, vault.people, headings)
              for slug, person in vault.people.items() if not person.private}
    hidden = _PrivatePeople(vault, people)
    touches = tuple(_published_touch(touch, people, hidden, headings) for touch in vault.touches
                    if not touch.private and any(slug in people for slug in touch.with_))
    return dataclasses.replace(vault, people=people, touches=touches, problems=())


def _published_person(person: Person, everyone: Mapping[str, Person],
                      headings: frozenset[str]) -> Person:
    introducer = everyone.get(person.introduced_by or "")
    return dataclasses.replace(
        person, emails=(), phones=(), extra={},
        introduced_by=None if introducer is None or introducer.private else introducer.slug,
        body=_without_sections(person.body, headings))


class _PrivatePeople:
    """Tells whether a referral names someone private, the way the Leads page matches
    referrals to people: by slug, by the slug `kith add` would make, or by name."""

    def __init__(self, vault: Vault, published: Mapping[str, Person]) -> None:
        self.slugs = {slug for slug in vault.people if slug not in published}
        self.names = {fold(vault.people[slug].name) for slug in self.slugs}

    def named_in(self, referral: Referral) -> bool:
        if referral.slug is not None:
            return referral.slug in self.slugs
        name, _ = split_referral(referral.text)
        return slug_for(name) in self.slugs or fold(name) in self.names


def _published_touch(touch: Touch, people: dict[str, Person], hidden: _PrivatePeople,
                     headings: frozenset[str]) -> Touch:
    if any(f"-{slug}-" in f"-{touch.id}-" for slug in touch.with_ if slug in hidden.slugs):
        touch = _anonymous(touch)  # its file is named after a private person
    return dataclasses.replace(
        touch, extra={},
        with_=tuple(slug for slug in touch.with_ if slug in people),
        referrals=tuple(r for r in touch.referrals if not hidden.named_in(r)),
        url=None,  # a meeting's link lets anyone join it
        body=_without_sections(touch.body, headings))


def _anonymous(touch: Touch) -> Touch:
    """A touch that also named a private person: its id (the file name, which `kith log`
    makes from the first person's slug) becomes one that says nothing, and its file is
    not named, so no URL, sitemap entry, search entry, calendar UID or edit link of a
    published site carries the private slug."""
    digest = hashlib.sha1(touch.id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return dataclasses.replace(touch, id=f"{touch.date.isoformat()}-{touch.kind.value}-{digest}",
                               uid=None, source=Source("", touch.source.key_lines))


def _without_sections(body: Body, headings: frozenset[str]) -> Body:
    text = without_sections(body.text, headings)
    return body if text == body.text else Body(text, body.first_line)


HIDDEN_SUBJECT = "(commit message not published)"


def published_history(history: History, vault: Vault, settings: Settings) -> History:
    """The git history as a published site may show it.

    Files of records that are not published (private ones, or deleted ones
    whose names may say who they were about) leave every commit; commits left
    with no file go; commit messages are hidden, since they may name anyone.
    """
    shown = {p.source.path for p in vault.people.values()} | {
        t.source.path for t in vault.touches}
    folders = tuple(f"{folder.rstrip('/')}/" for folder in (settings.people_dir,
                                                            settings.meetings_dir))

    def kept(path: str) -> bool:
        return path in shown or not path.startswith(folders)

    commits: dict[str, Commit] = {}
    for commit in history.commits:
        files = tuple(path for path in commit.files if kept(path))
        if files:
            commits[commit.sha] = commit._replace(subject=HIDDEN_SUBJECT, files=files)
    return dataclasses.replace(
        history, commits=tuple(commits.values()),
        oldest={path: commits[c.sha] for path, c in history.oldest.items()
                if kept(path) and c.sha in commits},
        revised={path: [commits[c.sha] for c in found if c.sha in commits]
                 for path, found in history.revised.items() if kept(path)},
        changed=frozenset(path for path in history.changed if kept(path)))


def site_company_notes(notes: Mapping[str, CompanyNotes], settings: Settings
                       ) -> dict[str, CompanyNotes]:
    """Company notes as a build may show them: private sections left out when publishing,
    masked in incognito mode, as every other body."""
    private = frozenset(settings.private_headings)
    shown = {}
    for slug, note in notes.items():
        text = without_sections(note.text, private) if settings.publish else note.text
        if settings.incognito:
            text = _masked(Body(text, 1)).text
        shown[slug] = CompanyNotes(note.path, text)
    return shown


def incognito(vault: Vault) -> Vault:
    """Names, companies and dates stay; contact details, other fields and notes are masked."""
    people = {slug: dataclasses.replace(
        person, emails=tuple(mask(e) for e in person.emails),
        phones=tuple(mask(p) for p in person.phones),
        extra={key: mask(str(value)) for key, value in person.extra.items()},
        body=_masked(person.body)) for slug, person in vault.people.items()}
    touches = tuple(dataclasses.replace(touch, body=_masked(touch.body), url=None,
                                        extra={k: mask(str(v)) for k, v in touch.extra.items()})
                    for touch in vault.touches)
    return dataclasses.replace(vault, people=people, touches=touches)


def mask(text: str) -> str:
    return _MASKED.sub(MASK, text)


def _masked(body: Body) -> Body:
    """Headings and list and task markers stay, so the page keeps its shape."""
    lines = []
    for line in body.text.split("\n"):
        marker = _LIST_MARKER.match(line)
        keep = len(line) if ANY_HEADING.match(line) else marker.end() if marker else 0
        lines.append(line[:keep] + mask(line[keep:]))
    return Body("\n".join(lines), body.first_line)
