"""The files the site serves beside its pages: `calendar.ics` and `contacts.vcf`.

This is the one place that decides which of them a build writes. The address
book is everyone's emails and phones, so it is left out in publish mode
(`publish: true`), as site.md asks; `contacts_enabled` is the switch.
"""

from __future__ import annotations

from kithbook.formats.ics import calendar_of
from kithbook.formats.vcard import cards_of
from kithbook.settings import Settings
from kithbook.site.memo import PieceMemo
from kithbook.site.urls import CALENDAR, CONTACTS, SiteLinks
from kithbook.snapshot import Snapshot


def contacts_enabled(settings: Settings) -> bool:
    """Whether the site carries contacts.vcf: not when it is published for others."""
    return not settings.publish


def site_files(snapshot: Snapshot, *, links: SiteLinks, name: str = "Kithbook",
               pieces: PieceMemo | None = None) -> dict[str, bytes]:
    """{path in the site: bytes}; `settings.timezone` must already be resolved. `pieces`
    keeps the calendar's events between builds."""
    files = {CALENDAR: calendar_of(snapshot, links=links, name=name, pieces=pieces)}
    if contacts_enabled(snapshot.settings):
        files[CONTACTS] = cards_of(snapshot)
    return files
