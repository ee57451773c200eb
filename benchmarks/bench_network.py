"""Benchmark: what the network pages (Leads, Network, Companies, Advice, Resources,
Pipeline) cost in a whole build.

    python benchmarks/bench_network.py [--people 5000] [--touches 20000] [--rounds 2]
                                       [--no-mkdocs] [--vault DIR]

All figures are CPU seconds (user + system, from the kernel), which the other
work on a shared machine disturbs far less than wall time. Against baselines
in the same run:

1. In process: `build_pages` with the network pages and without them (their
   part replaced by nothing), best of `--rounds` interleaved rounds on freshly
   loaded vaults: Kithbook's own work for these pages.
2. Inside one whole build: the time MkDocs and Material spend on these six
   pages (Markdown, theme, search index), measured around each page, plus
   Kithbook's own work from (1), as a share of that build.
3. Whole builds, as separate processes, interleaved: with the pages (B),
   without them and without their nav entries (A), and with six empty pages
   in their place (C). B - A is everything the pages add, C - A the part due
   to six more pages and nav entries (Material renders the nav into every
   page). Noisier than (2): differences of whole builds.

The target: under 10% of the whole build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate_vault

from kithbook.check import check_vault
from kithbook.load import load_vault
from kithbook.settings import read_settings
from kithbook.site import pages

NETWORK_PAGES = ("leads.md", "network.md", "companies.md", "advice.md", "resources.md",
                 "pipeline.md")
# Runs `mkdocs build` in a child process: variant A, B or C, and with `measure`, the
# time spent on each network page, printed as JSON on stdout at exit.
RUNNER = f"""
import atexit, json, sys, time
variant, site, measure = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
import kithbook.site.pages as p
NET = {NETWORK_PAGES!r}
if variant == "A":
    p._network_pages = lambda *args, **kwargs: {{}}
    p.NAV[:] = [entry for entry in p.NAV if entry[1] not in NET]
elif variant == "C":
    p._network_pages = lambda *args, **kwargs: {{n: p.GeneratedPage("# " + n) for n in NET}}
if measure:
    from mkdocs.commands import build
    from mkdocs.structure.pages import Page
    spent = dict.fromkeys(("markdown", "page"), 0.0)
    def timed(function, key, page_of):
        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                if page_of(args).file.src_uri in NET:
                    spent[key] += time.process_time() - start
        return wrapper
    Page.render = timed(Page.render, "markdown", lambda args: args[0])
    build._build_page = timed(build._build_page, "page", lambda args: args[0])
    atexit.register(lambda: print(json.dumps(spent)))
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "-q", "-d", site]
cli()
"""


def build_pages_seconds(root: Path, *, network: bool) -> float:
    """CPU seconds of `build_pages` on a freshly loaded vault, with or without the pages."""
    settings = read_settings(root)
    vault = load_vault(root, settings)
    problems = check_vault(vault)
    today = settings.today or dt.date(2026, 11, 26)
    original = pages._network_pages
    if not network:
        pages._network_pages = lambda *args, **kwargs: {}  # type: ignore[assignment]
    try:
        start = time.process_time()
        built = pages.build_pages(vault, problems, settings, today)
        seconds = time.process_time() - start
    finally:
        pages._network_pages = original
    assert all(path in built for path in NETWORK_PAGES) == network
    return seconds


def mkdocs_build(root: Path, variant: str, *, measure: bool = False
                 ) -> tuple[float, dict[str, float]]:
    """CPU seconds of one whole `mkdocs build` of `root`, and what `measure` found."""
    site = root / f"site-{variant}"
    command = [sys.executable, "-c", RUNNER, variant, str(site), "1" if measure else "0"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"mkdocs build ({variant}) failed in {root}")
    assert (site / "network" / "index.html").exists() == (variant != "A")
    spent = json.loads(output.strip().splitlines()[-1]) if measure else {}
    return usage.ru_utime + usage.ru_stime, spent


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
        run(root, args)


def run(root: Path, args: argparse.Namespace) -> None:
    with_, without = float("inf"), float("inf")
    for _ in range(args.rounds):
        without = min(without, build_pages_seconds(root, network=False))
        with_ = min(with_, build_pages_seconds(root, network=True))
    own = with_ - without
    print(f"{args.people} people, {args.touches} touches; CPU seconds, best of {args.rounds}")
    print(f"1. build_pages with the network pages {with_:7.2f}, without {without:7.2f}:"
          f" their own work {own:.2f} s")
    if args.no_mkdocs:
        return
    whole, spent = mkdocs_build(root, "B", measure=True)
    inside = own + spent["markdown"] + spent["page"]
    print(f"2. one whole build {whole:.1f} s; on the six pages: Kithbook {own:.2f},"
          f" Markdown {spent['markdown']:.2f}, theme and search {spent['page']:.2f}"
          f" -> {inside:.2f} s = {inside / whole:.1%}")
    best = dict.fromkeys("ABC", float("inf"))
    for _ in range(args.rounds):
        for variant in "ABC":
            best[variant] = min(best[variant], mkdocs_build(root, variant)[0])
    a, b, c = best["A"], best["B"], best["C"]
    print(f"3. whole builds: with the pages (B) {b:.1f} s, without (A) {a:.1f} s,"
          f" six empty pages (C) {c:.1f} s")
    print(f"   B - A = {b - a:.1f} s = {(b - a) / b:.1%} of B;"
          f" of which six more pages and nav entries (C - A) {c - a:.1f} s")


if __name__ == "__main__":
    main()
