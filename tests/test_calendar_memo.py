"""The calendar feed under `mkdocs serve`: events kept between builds, the same bytes."""

import shutil

from kithbook.formats.ics import calendar_of
from kithbook.load import load_vault
from kithbook.settings import read_settings
from kithbook.site.memo import PieceMemo
from kithbook.site.urls import SiteLinks
from kithbook.snapshot import Snapshot

from .conftest import REPO

LINKS = SiteLinks("https://example.org/net/")


def feed(root, pieces=None):
    settings = read_settings(root)
    snap = Snapshot(load_vault(root, settings), settings, settings.today)
    return calendar_of(snap, links=LINKS, name="Test", pieces=pieces)


def test_a_kept_event_memo_gives_the_feed_a_fresh_build_gives(tmp_path):
    root = tmp_path / "vault"
    for folder in ("people", "meetings"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    pieces = PieceMemo()
    first = feed(root, pieces)
    events = first.count(b"BEGIN:VEVENT")
    assert pieces.made == events > 5

    pieces.start()
    assert feed(root, pieces) == first and pieces.made == 0  # nothing changed: nothing made

    planned = root / "meetings/2026-12-03-jose-nunez-video.md"
    planned.write_text(planned.read_text(encoding="utf-8").replace(
        "date: 2026-12-03", "date: 2026-12-04"), encoding="utf-8")
    person = root / "people/jose-nunez.md"
    person.write_text(person.read_text(encoding="utf-8").replace(
        "name: José Núñez", "name: José Núñez Ortega"), encoding="utf-8")
    pieces.start()
    edited = feed(root, pieces)
    assert edited == feed(root)  # the same bytes as without the memo
    assert edited != first and b"Ortega" in edited
    assert 0 < pieces.made < events  # only the events that read what changed
