"""Benchmark: the site files (`calendar.ics`, `contacts.vcf`) of a fresh build.

    python benchmarks/bench_sitefiles.py [--people 1000] [--touches 4000] [--rounds 5]
                                         [--base REV] [--timezone ZONE]

One snapshot of a generated vault (the build benchmark's: 1,000 people, 4,000
touches, `today` its fixed day) is made and warmed once; then `cards_of` and
`calendar_of` are each timed `--rounds` times, interleaved, in CPU seconds
(`process_time`), and the best round is kept. Every round is a fresh build: the
card cache is cleared and the calendar gets no event memo.

With `--base REV` the same two functions as they are in revision REV
(`formats/vcard.py` and `formats/ics.py` from `git show`, run against today's
package) are timed beside them in the same process, and their bytes must be
the same as today's: the old figure beside the new, on one load.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import TODAY, generate_vault

from kithbook.formats import ics, vcard
from kithbook.load import load_vault
from kithbook.machine import with_local_zone
from kithbook.settings import read_settings
from kithbook.site.urls import SiteLinks
from kithbook.snapshot import Snapshot

REPO = Path(__file__).resolve().parent.parent
MODULES = {"vcard": "plugin/kithbook/formats/vcard.py", "ics": "plugin/kithbook/formats/ics.py"}


def old_module(revision: str, name: str) -> types.ModuleType:
    """`formats/NAME.py` as it was in `revision`, loaded beside today's package."""
    source = subprocess.run(["git", "show", f"{revision}:{MODULES[name]}"], cwd=REPO,
                            check=True, capture_output=True, text=True).stdout
    module = types.ModuleType(f"kithbook.formats.{name}_at_{revision}")
    module.__file__ = f"{revision}:{MODULES[name]}"
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def fresh(module: types.ModuleType) -> None:
    """Forget what a previous round remembered (the card cache, if the module has one)."""
    card = getattr(module, "_card", None)
    if card is not None and hasattr(card, "cache_clear"):
        card.cache_clear()


def jobs(snapshot: Snapshot, links: SiteLinks, modules: dict[str, tuple[types.ModuleType, ...]]
         ) -> dict[str, Callable[[], bytes]]:
    """{label: a fresh writing of one file}, for each version of the code."""
    out: dict[str, Callable[[], bytes]] = {}
    for label, (cards, calendar) in modules.items():
        out[f"contacts.vcf {label}"] = partial(_contacts, cards, snapshot)
        out[f"calendar.ics {label}"] = partial(_calendar, calendar, snapshot, links)
    return out


def _contacts(module: types.ModuleType, snapshot: Snapshot) -> bytes:
    fresh(module)
    data: bytes = module.cards_of(snapshot)
    return data


def _calendar(module: types.ModuleType, snapshot: Snapshot, links: SiteLinks) -> bytes:
    data: bytes = module.calendar_of(snapshot, links=links, name="Benchmark")
    return data


def best_times(work: dict[str, Callable[[], bytes]], rounds: int
               ) -> tuple[dict[str, float], dict[str, bytes]]:
    """Best CPU seconds of each job over interleaved rounds, and each job's output."""
    best = dict.fromkeys(work, float("inf"))
    output: dict[str, bytes] = {}
    for _ in range(rounds):
        for label, job in work.items():
            gc.collect()
            start = time.process_time()
            output[label] = job()
            best[label] = min(best[label], time.process_time() - start)
    return best, output


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--touches", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--base", help="a revision whose vcard.py and ics.py to time beside")
    parser.add_argument("--timezone", help="the timezone setting (default: the machine's)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        generate_vault(root, people=args.people, touches=args.touches)
        settings = with_local_zone(read_settings(root))
        if args.timezone:
            settings = replace(settings, timezone=args.timezone)
        snapshot = Snapshot(load_vault(root, settings), settings, TODAY)
    links = SiteLinks("https://example.org/", True)
    modules: dict[str, tuple[types.ModuleType, ...]] = {"now": (vcard, ics)}
    if args.base:
        modules[f"at {args.base}"] = (old_module(args.base, "vcard"), old_module(args.base, "ics"))
    work = jobs(snapshot, links, modules)
    for job in work.values():  # warm the snapshot (facts, follow-ups) once
        job()
    best, output = best_times(work, args.rounds)
    print(f"{args.people} people, {args.touches} touches, zone {settings.timezone};"
          f" best of {args.rounds} interleaved rounds, CPU seconds; load {os.getloadavg()}")
    for label, seconds in best.items():
        print(f"{label:<28} {seconds:7.3f} s   {len(output[label]):>9,} bytes")
    if args.base:
        for name in ("contacts.vcf", "calendar.ics"):
            old, new = output[f"{name} at {args.base}"], output[f"{name} now"]
            ratio = best[f"{name} now"] / best[f"{name} at {args.base}"]
            print(f"{name}: now / at {args.base} = {ratio:.3f}x;"
                  f" bytes {'identical' if old == new else 'DIFFER'}")


if __name__ == "__main__":
    main()
