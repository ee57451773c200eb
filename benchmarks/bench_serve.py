"""Benchmark: a rebuild under `mkdocs serve --dirty` after one edited touch, against a full build.

    python benchmarks/bench_serve.py [--people 1000] [--touches 4000] [--rounds 3]

A generated vault (1,000 people and 4,000 touches by default) and one
`mkdocs serve --dirty` process. Each round runs the baseline, a full
`mkdocs build` of the same vault, then ticks a piece of advice in one touch
file (the person's latest conversation), waits for the rebuild, and puts the
file back (a second rebuild): interleaved, since the machine's load drifts. Both sides are
timed by MkDocs' own "Documentation built in" line, so they measure the same
thing; the wait from saving the file to that line (file watcher and config
reload included) is printed too. A last pair of edits changes a touch's
title, which also changes the big Touches index, to show that case's cost.
The figure to keep is the ratio (2 shared cores: absolute times drift).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from dirty_serve import (
    BUILT,
    AdviceEdit,
    DirtyServer,
    advice_edit,
    dirty_server,
    rewritten,
    snapshot,
)
from generate import generate_vault


def full_build(root: Path, site: Path) -> float:
    """MkDocs' own time for a `mkdocs build` of `root`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(site)],
                            cwd=root, env=env, capture_output=True, text=True, check=True)
    (seconds,) = BUILT.findall(result.stderr)
    return float(seconds)


def rebuild(server: DirtyServer, change: Callable[[], None]) -> tuple[float | None, float]:
    """Make `change`, then wait for the rebuild: (MkDocs' seconds, or None when MkDocs did
    not log them because an earlier build took exactly as long; wall seconds)."""
    reloads, timed = server.reloads(), len(server.builds())
    start = time.perf_counter()
    change()
    server.wait_for_rebuilds(reloads + 1, timeout=600)
    wall = time.perf_counter() - start
    builds = server.builds()
    return (builds[timed] if len(builds) > timed else None), wall


def retitle(edit: AdviceEdit, title: str) -> None:
    text = re.sub(r"^title: .*\n", "", edit.before, flags=re.M)
    edit.path.write_text(text.replace("\n", f"\ntitle: {title}\n", 1), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--touches", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch, "vault")
        generate_vault(root, people=args.people, touches=args.touches)
        edit = advice_edit(root)
        full: list[float] = []
        dirty: list[tuple[float | None, float]] = []
        with dirty_server(root, Path(scratch)) as server:
            server.wait_until_serving(timeout=900)
            first = server.builds()[0]
            before = snapshot(server.site)
            for number in range(args.rounds):  # interleaved: the machine's load drifts
                full.append(full_build(root, Path(scratch, f"site{number}")))
                dirty.append(rebuild(server, edit.apply))
                if number == 0:
                    changed = rewritten(before, snapshot(server.site))
                dirty.append(rebuild(server, edit.undo))
            titled = [rebuild(server, lambda: retitle(edit, "A renamed conversation")),
                      rebuild(server, edit.undo)]
    pages = len([p for p in before if p.endswith(".html")])
    seconds = [s for s, _ in dirty if s is not None]
    titles = [s for s, _ in titled if s is not None]
    print(f"{args.people} people, {args.touches} touches: {pages} HTML pages;"
          f" edited {edit.path.relative_to(root)}")
    print(f"full `mkdocs build`:       {_times(full)}")
    print(f"first `serve --dirty` build: {first:6.2f} s")
    print(f"dirty rebuilds (tick/untick advice): {_times(seconds)}")
    print(f"  saved file to rebuilt, wall: {_times([w for _, w in dirty])}")
    print(f"  files rewritten by the first edit ({len(changed)}): {', '.join(sorted(changed))}")
    if len(seconds) < len(dirty):
        print(f"  ({len(dirty) - len(seconds)} rebuild(s) as long as an earlier one: MkDocs logs"
              " a message only once, so they have no time of their own)")
    print(f"dirty rebuilds (new title, Touches index too): {_times(titles)}")
    print(f"ratio, median rebuild / median full build: "
          f"{statistics.median(seconds) / statistics.median(full):.1%}")
    print(f"ratio, worst rebuild / best full build:     {max(seconds) / min(full):.1%}")
    if titles:
        print(f"ratio, title edit (median) / median full:   "
              f"{statistics.median(titles) / statistics.median(full):.1%}")


def _times(values: list[float]) -> str:
    if not values:
        return "n/a"
    return (f"median {statistics.median(values):6.2f} s  (min {min(values):.2f},"
            f" max {max(values):.2f}, n={len(values)})")


if __name__ == "__main__":
    main()
