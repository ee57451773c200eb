"""Screenshots of the example site's main pages, on a phone and on a desk.

    python scripts/screenshots.py                 # build the example vault, shoot every main page
    python scripts/screenshots.py --site DIR      # shoot an already built site
    python scripts/screenshots.py --readme        # also refresh the README's pictures

Each page is taken at 390x844 (a phone) and 1280x900, in the light palette and
(the dashboard and a person page) in the dark one, into test-artifacts/pages/
as NAME-WIDTHxHEIGHT[-dark].png. `--readme` writes the dashboard, a person page
and an agenda at 1280x900 into docs/images/ for README.md. Debian's chromium
(/usr/bin/chromium) through Playwright; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import CHROMIUM, CHROMIUM_FLAGS, mkdocs_build, serve_folder  # noqa: E402

SIZES = ((390, 844), (1280, 900))
# The main pages (every page of the navigation), and one record page of each family.
PAGES = {
    "dashboard": "", "follow-ups": "follow-ups/", "agendas": "agendas/", "people": "people/",
    "touches": "touches/", "leads": "leads/", "network": "network/",
    "companies": "companies/", "company": "companies/northwind-analytics/",
    "advice": "advice/", "resources": "resources/", "pipeline": "pipeline/",
    "activity": "activity/", "pitch": "pitch/", "questions": "questions/", "tags": "tags/",
    "person": "people/maya-okafor/", "touch": "touches/2026-09-15-maya-okafor/",
    "agenda": "agendas/2026-12-03-jose-nunez-video/",
}
DARK = ("dashboard", "person", "pipeline", "network")
README = {"dashboard": "dashboard", "person": "person", "agenda": "agenda"}
OUT = REPO / "test-artifacts" / "pages"
README_DIR = REPO / "docs" / "images"


def shoot(site: Path, *, readme: bool) -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_FLAGS)
        try:
            for scheme in ("light", "dark"):
                for width, height in SIZES:
                    page = browser.new_page(viewport={"width": width, "height": height},
                                            color_scheme=scheme)
                    for name, path in PAGES.items():
                        if scheme == "dark" and name not in DARK:
                            continue
                        page.goto(base + path)
                        page.wait_for_load_state("networkidle")
                        suffix = "-dark" if scheme == "dark" else ""
                        target = OUT / f"{name}-{width}x{height}{suffix}.png"
                        page.screenshot(path=str(target), full_page=True)
                        written.append(target)
                        if readme and scheme == "light" and width == 1280 and name in README:
                            README_DIR.mkdir(parents=True, exist_ok=True)
                            picture = README_DIR / f"{README[name]}.png"
                            page.screenshot(path=str(picture), full_page=False)
                            written.append(picture)
                    page.close()
        finally:
            browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the example)")
    parser.add_argument("--readme", action="store_true", help="refresh docs/images/ too")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            built = mkdocs_build(REPO, site)
            if built.returncode != 0:
                print(built.stderr, file=sys.stderr)
                return 1
        for path in shoot(site, readme=args.readme):
            print(path.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
