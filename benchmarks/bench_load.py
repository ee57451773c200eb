"""Benchmark: load + check a generated vault against bare YAML parsing.

    python benchmarks/bench_load.py [--people 5000] [--touches 20000] [--rounds 5]

The baseline parses the same front matter blocks, already in memory, with
PyYAML's C loader and nothing else. Kithbook's side (K) reads every file from
disk, decodes, splits, parses, builds typed records, parses bodies and runs
every check. P is K with Kithbook's own reader of plain front matter
(`plainyaml.py`) switched off, so every block goes to PyYAML's C loader with
the lean constructor: K/P is what `plainyaml.py` saves. The follow-up list (F)
is timed over the loaded vault and reported as a share of loading (K). The jobs
run interleaved, round after round, in one process, and the best round of each
is compared: this machine is small and noisy, so the ratio is the figure to
keep, not the seconds. Times are the process's CPU seconds (`process_time`), not
wall time: the other jobs on a shared machine take the cores, not this process's work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate_vault

from kithbook import frontmatter
from kithbook.check import check_vault
from kithbook.followups import follow_ups
from kithbook.load import load_vault, record_files
from kithbook.settings import read_settings


def front_matter_blocks(paths: list[Path]) -> list[str]:
    """The YAML between the first two `---` lines of every record file."""
    blocks = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        blocks.append(text.split("\n---", 1)[0].removeprefix("---\n"))
    return blocks


def best_of(rounds: int, *jobs: Callable[[], float | None]) -> list[float]:
    """The fastest of `rounds` interleaved runs of each job, in seconds.

    A job that times itself (to leave its set-up out) returns its own seconds.
    """
    best = [float("inf")] * len(jobs)
    for _ in range(rounds):
        for index, job in enumerate(jobs):
            gc.collect()
            start = time.process_time()
            own = job()
            best[index] = min(best[index], own if own is not None else
                              time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--touches", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--vault", type=Path, help="reuse a generated vault instead of a new one")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        root = args.vault or Path(scratch) / "vault"
        if args.vault is None:
            generate_vault(root, people=args.people, touches=args.touches)
        run(root, args.rounds)


def run(root: Path, rounds: int) -> None:
    settings = read_settings(root)
    today = settings.today or dt.date(2026, 11, 26)
    paths = [path for folder in ("people", "meetings") for path in record_files(root / folder)]
    blocks = front_matter_blocks(paths)
    loader = yaml.CSafeLoader

    def parse_in_memory() -> None:
        for block in blocks:
            yaml.load(block, Loader=loader)

    def parse_from_disk() -> None:
        for block in front_matter_blocks(paths):
            yaml.load(block, Loader=loader)

    def kithbook() -> None:
        check_vault(load_vault(root, settings), today=today)

    def without_plainyaml() -> None:
        reader, frontmatter.PLAIN_READER = frontmatter.PLAIN_READER, _NoPlainReader()
        try:
            kithbook()
        finally:
            frontmatter.PLAIN_READER = reader

    vault = load_vault(root, settings)
    problems = check_vault(vault, today=today)

    def due() -> float:
        """On a freshly loaded vault, since bodies are parsed on first use."""
        fresh = load_vault(root, settings)
        gc.collect()
        start = time.process_time()
        follow_ups(fresh, settings, today)
        return time.process_time() - start

    memory, disk, ours, plain_off, rules = best_of(
        rounds, parse_in_memory, parse_from_disk, kithbook, without_plainyaml, due)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"vault: {len(vault.people)} people, {len(vault.touches)} touches, "
          f"{len(problems)} problems; best of {rounds} interleaved rounds")
    print(f"A  CSafeLoader over the blocks, already in memory:   {memory:.3f} s")
    print(f"B  read each file, cut its block, CSafeLoader:       {disk:.3f} s")
    print(f"K  kithbook load + check (read, parse, type, check): {ours:.3f} s")
    print(f"ratio K/A: {ours / memory:.2f}x   K/B: {ours / disk:.2f}x   peak RSS: {peak:.0f} MiB")
    print(f"P  the same without plainyaml.py (C loader, lean):  {plain_off:.3f} s"
          f"   K/P: {ours / plain_off:.2f}x (plainyaml saves {1 - ours / plain_off:.0%})")
    count = len(follow_ups(vault, settings, today))
    print(f"F  follow_ups over the loaded vault ({count} items):  {rules:.3f} s"
          f"   F/K: {rules / ours:.1%} of loading")


class _NoPlainReader:
    """Stands in for `frontmatter.PLAIN_READER`: reads nothing, so PyYAML reads all."""

    def read(self, block: str) -> None:
        return None


if __name__ == "__main__":
    main()
