"""The files the site serves beside its pages: `calendar.ics` and `contacts.vcf`.

This is the one place that decides which of them a build writes. The address
book is everyone's emails and phones, so it is left out in publish mode
(`publish: true`), as site.md asks; `contacts_enabled` is the switch.
"""

from __future__ import annotations

import datetime as dt

from kithbook.formats.ics import calendar_feed
from kithbook.formats.vcard import contacts_vcf
from kithbook.model import Vault
from kithbook.settings import Settings
from kithbook.site.urls import SiteLinks

CALENDAR = "calendar.ics"
CONTACTS = "contacts.vcf"


def contacts_enabled(settings: Settings) -> bool:
    """Whether the site carries contacts.vcf: not when it is published for others."""
    return not settings.publish


def site_files(vault: Vault, settings: Settings, today: dt.date, *,
               links: SiteLinks, name: str = "Kithbook") -> dict[str, bytes]:
    """{path in the site: bytes}; `settings.timezone` must already be resolved."""
    files = {CALENDAR: calendar_feed(vault, settings, today, links=links, name=name)}
    if contacts_enabled(settings):
        files[CONTACTS] = contacts_vcf(vault, settings, today)
    return files
