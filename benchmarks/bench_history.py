"""Benchmark: the history reader against the bare `git log` it runs, and against one git
call per file.

    python benchmarks/bench_history.py [--files 5000] [--rounds 7] [--sample 200]
                                       [--keep DIR]

Two generated vaults of about 5,000 record files (a fifth people, the rest
touches), one with 5 commits and one with 2,000, packed as git's automatic gc
would have left a real repository. For each:

- G: the reader's own `git log` command, run bare (output read into memory);
- R: `read_history` over the vault's folders: the same `git log`, parsed as
  it streams, into commits and per-file histories (renames followed);
- W: R plus its check for changes not yet committed (a `git diff` run beside
  the log), as the site build calls it;
- P: one `git log -1 --format=%at -- FILE` per file, the last change only,
  as mkdocs-git-revision-date-localized-plugin asks it: the cheapest per-file
  call, so the fairest baseline. Timed on `--sample` files spread over the
  vault and extrapolated to every file;
- F: one `git log --follow --format=%at -- FILE` per file, which would give
  what the reader gives (every date, across renames); far slower, so timed
  on a twentieth of the sample.

G, R and W run interleaved, round after round; the best round of each is
kept. The ratios are the figures to keep: this machine is small and noisy.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate_vault

from kithbook.history import log_command, read_history

FOLDERS = ("people", "meetings", "docs")


def best_of(rounds: int, *jobs: Callable[[], object]) -> list[float]:
    """The fastest of `rounds` interleaved runs of each job, in seconds."""
    best = [float("inf")] * len(jobs)
    for _ in range(rounds):
        for index, job in enumerate(jobs):
            gc.collect()
            start = time.perf_counter()
            job()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def per_file(root: Path, files: list[str], sample: int, *options: str) -> tuple[float, int]:
    """Seconds for one `git log OPTIONS -- FILE` per file, measured on a sample spread over
    the vault and extrapolated to all files; and the sample size."""
    chosen = files[::max(1, len(files) // sample)][:sample]
    start = time.perf_counter()
    for path in chosen:
        subprocess.run(["git", "log", *options, "--format=%at", "--", path], cwd=root,
                       capture_output=True, check=True)
    return (time.perf_counter() - start) * len(files) / len(chosen), len(chosen)


def vault(base: Path, files: int, commits: int) -> Path:
    root = base / f"vault-{files}-{commits}"
    if not (root / ".git").is_dir():
        print(f"generating {files} files over {commits} commits in {root} ...", flush=True)
        people = files // 5
        generate_vault(root, people=people, touches=files - people, commits=commits, pack=True)
    return root


def run(root: Path, rounds: int, sample: int) -> None:
    command = log_command()
    history = read_history(root, folders=FOLDERS)
    files = sorted(history.paths)

    def bare() -> None:
        subprocess.run(command, cwd=root, capture_output=True, check=True)

    def reader() -> None:
        read_history(root, folders=FOLDERS, worktree=False)

    def with_worktree() -> None:
        read_history(root, folders=FOLDERS)

    g, r, w = best_of(rounds, bare, reader, with_worktree)
    last, sampled = per_file(root, files, sample, "-1")
    follow, followed = per_file(root, files, max(1, sample // 20), "--follow")
    print(f"\n{root.name}: {len(files):,} files, {len(history.commits):,} commits;"
          f" best of {rounds} interleaved rounds")
    print(f"G  bare git log (the reader's command):       {g * 1000:10.1f} ms")
    print(f"R  reader: git log + streaming parse:         {r * 1000:10.1f} ms"
          f"   R/G {r / g:.2f}x (target <= 1.5x)")
    print(f"W  reader + uncommitted check (git diff):     {w * 1000:10.1f} ms"
          f"   W/G {w / g:.2f}x")
    print(f"P  git log -1 per file ({sampled} sampled):       {last:10.1f} s "
          f"   P/R {last / r:,.0f}x  P/W {last / w:,.0f}x (target >= 100x)")
    print(f"F  git log --follow per file ({followed} sampled):   {follow:10.1f} s "
          f"   F/R {follow / r:,.0f}x")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        base.mkdir(parents=True, exist_ok=True)
        for commits in (5, 2000):
            run(vault(base, args.files, commits), args.rounds, args.sample)


if __name__ == "__main__":
    main()
