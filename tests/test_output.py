"""`site_output`: the one list of files that the plugin and `kith render` both use."""

from __future__ import annotations

from kithbook.check import check_vault
from kithbook.load import load_vault
from kithbook.settings import read_settings
from kithbook.site.output import own_files, site_output
from kithbook.site.pages import DASHBOARD_MARKER, site_nav
from kithbook.site.urls import SiteLinks

from .conftest import TODAY


def output_of(root):
    settings = read_settings(root)
    vault = load_vault(root, settings)
    own = set(own_files(root / "docs"))
    return own, site_output(root, vault, check_vault(vault, today=TODAY), settings, TODAY,
                            docs=root / "docs", own=own, links=SiteLinks(), name="Test")


def test_generated_pages_site_files_and_assets(make_vault):
    root = make_vault({"people/ada.md": "---\nname: Ada Lovelace\ntags: [math]\n---\n",
                       "meetings/2026-11-20-ada.md": "---\ndate: 2026-11-20\nwith: ada\n---\n"})
    own, output = output_of(root)
    assert own == set()
    files = {f.path: f for f in output.files}
    assert set(output.pages) <= set(files)
    assert {"calendar.ics", "contacts.vcf", "assets/kithbook/kithbook.css",
            "assets/kithbook/kithbook.js"} <= set(files)
    assert files["people/ada.md"].record and files["people/ada.md"].source == "people/ada.md"
    assert files["touches/2026-11-20-ada.md"].record
    assert not files["index.md"].record and files["index.md"].source is None
    css = files["assets/kithbook/kithbook.css"]
    assert css.asset is not None and css.data == css.asset.read_bytes()
    assert isinstance(files["calendar.ics"].content, bytes)


def test_a_hand_written_page_wins_and_the_home_page_gets_the_dashboard(make_vault):
    root = make_vault({"people/ada.md": "---\nname: Ada Lovelace\n---\n",
                       "docs/index.md": f"# Mine\n\nHello.\n\n{DASHBOARD_MARKER}\n",
                       "docs/tags.md": "# My own tags page\n",
                       "docs/calendar.ics": "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
                       "docs/.hidden.md": "# not a page\n"})
    own, output = output_of(root)
    assert own == {"index.md", "tags.md", "calendar.ics"}
    files = {f.path: f for f in output.files}
    assert "tags.md" not in files and "calendar.ics" not in files
    home = files["index.md"]
    assert home.replaces and home.source == "docs/index.md"
    assert isinstance(home.content, str)
    assert home.content.startswith("---\nhide:\n  - toc\n---\n\n# Mine\n\nHello.\n")
    assert DASHBOARD_MARKER not in home.content and home.content.count("\n# ") == 1
    assert "[All people](people/index.md)" in home.content


def test_a_home_page_without_the_marker_is_left_alone(make_vault):
    root = make_vault({"docs/index.md": "# Mine\n"})
    _, output = output_of(root)
    assert "index.md" not in {f.path for f in output.files}


def test_a_folders_index_page_comes_first_in_the_navigation():
    nav = site_nav({}, ["guide/format.md", "guide/index.md", "guide/cli.md", "notes.md"])
    assert nav[-2:] == ["notes.md", {"Guide": ["guide/index.md", "guide/cli.md",
                                               "guide/format.md"]}]
