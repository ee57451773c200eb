"""Benchmark: what the network pages (Leads, Network, Companies, Advice, Resources,
Pipeline) cost in a whole build.

    python benchmarks/bench_network.py [--people 5000] [--touches 20000] [--rounds 2]
                                       [--no-mkdocs] [--vault DIR]

Two measures over one generated vault, each against a baseline in the same run:

1. In process: `build_pages` with the network pages and without them (the
   network part replaced by nothing), best of `--rounds` interleaved rounds on
   freshly loaded vaults. The difference is Kithbook's own work for these
   pages (reading advice from the bodies, the drawing, the templates).
2. Whole builds: `mkdocs build` of the vault with the plugin, and the same
   build with the network pages left out, as separate processes, interleaved;
   best round of each. The difference also holds MkDocs' and Material's work
   on these pages (Markdown, the theme, the search index).

Each difference is printed as a share of the whole `mkdocs build` with the
pages: the target is under 10%.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate_vault

from kithbook import pages
from kithbook.check import check_vault
from kithbook.load import load_vault
from kithbook.settings import read_settings

NETWORK_PAGES = ("leads.md", "network.md", "companies.md", "advice.md", "resources.md",
                 "pipeline.md")
WITHOUT = (
    "import kithbook.pages as p\n"
    "p._network_pages = lambda *args, **kwargs: {}\n"
    f"p.NAV[:] = [entry for entry in p.NAV if entry[1] not in {NETWORK_PAGES!r}]\n"
    "from mkdocs.__main__ import cli\n"
    "cli()\n"
)


def build_pages_seconds(root: Path, *, network: bool) -> float:
    """Seconds for `build_pages` on a freshly loaded vault, with or without the network pages."""
    settings = read_settings(root)
    vault = load_vault(root, settings)
    problems = check_vault(vault)
    today = settings.today or dt.date(2026, 11, 26)
    original = pages._network_pages
    if not network:
        pages._network_pages = lambda *args, **kwargs: {}  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        built = pages.build_pages(vault, problems, settings, today)
        seconds = time.perf_counter() - start
    finally:
        pages._network_pages = original
    assert all(path in built for path in NETWORK_PAGES) == network
    return seconds


def mkdocs_seconds(root: Path, *, network: bool) -> float:
    """Seconds of one whole `mkdocs build` of `root`, with or without the network pages."""
    site = root / "site"
    args = ["build", "-q", "-d", str(site)]
    command = ([sys.executable, "-m", "mkdocs", *args] if network
               else [sys.executable, "-c", WITHOUT, *args])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run(command, cwd=root, env=env, check=True, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    assert (site / "network" / "index.html").exists() == network
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--touches", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-mkdocs", action="store_true", help="skip the whole builds")
    parser.add_argument("--vault", type=Path, help="an already generated vault to reuse")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        root = args.vault or Path(scratch, "vault")
        if args.vault is None:
            generate_vault(root, people=args.people, touches=args.touches)
        with_, without = float("inf"), float("inf")
        for _ in range(args.rounds):
            without = min(without, build_pages_seconds(root, network=False))
            with_ = min(with_, build_pages_seconds(root, network=True))
        own = with_ - without
        print(f"{args.people} people, {args.touches} touches; best of {args.rounds} rounds")
        print(f"build_pages with the network pages:    {with_:7.2f} s")
        print(f"build_pages without them:              {without:7.2f} s")
        print(f"the network pages' own work:           {own:7.2f} s"
              f"  ({own / with_:.1%} of build_pages)")
        if args.no_mkdocs:
            return
        full, bare = float("inf"), float("inf")
        for _ in range(args.rounds):
            bare = min(bare, mkdocs_seconds(root, network=False))
            full = min(full, mkdocs_seconds(root, network=True))
        print(f"mkdocs build with the network pages:   {full:7.2f} s")
        print(f"mkdocs build without them:             {bare:7.2f} s")
        print(f"network pages in the whole build:      {full - bare:7.2f} s"
              f"  ratio {(full - bare) / full:.1%}")
        print(f"their own work in the whole build:     ratio {own / full:.1%}")


if __name__ == "__main__":
    main()
