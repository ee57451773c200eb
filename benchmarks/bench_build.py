"""Benchmark: `mkdocs build` with the plugin against the same pages written by hand.

    python benchmarks/bench_build.py [--people 1000] [--touches 4000] [--rounds 3] [--count]

Kithbook's side builds a generated vault with the plugin. The baseline is
plain MkDocs over the very pages the plugin generates, written out as
ordinary Markdown files: same count, same sizes, same theme, same plugins
(search, tags), same Markdown extensions, same small nav, no Kithbook. The ratio is therefore the
plugin's own cost: loading and checking the vault and rendering its
templates. Builds run as separate processes, interleaved round after round;
the best round of each is compared. Each build's CPU seconds (user + system)
and peak memory are read from the kernel (wait4): on the shared 2-core
machine the other jobs stretch wall time, not the work a build does.

With `--count`, each side is built once more under valgrind's callgrind, in
parallel, and the instructions are compared: a count that does not move with
the machine's load (CPU seconds still do, by several percent), at about fifty
times the time (half an hour for the default vault).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from environment import child_env
from generate import generate_vault

from kithbook.check import check_vault
from kithbook.load import load_vault
from kithbook.settings import read_settings
from kithbook.site.output import EXTENSIONS
from kithbook.site.pages import build_pages, site_nav

THEME = {"name": "material", "font": False}
TODAY = "2026-11-26"


def write_config(root: Path, *, kithbook: bool, nav: list[object] | None = None) -> None:
    config: dict[str, object] = {
        "site_name": "Benchmark",
        "theme": THEME,
        "plugins": ["search", "tags", *([{"kithbook": {"today": TODAY}}] if kithbook else [])],
        # the plugin adds these itself; the plain side gets them too, so that both
        # render the same Markdown the same way
        "markdown_extensions": list(EXTENSIONS),
    }
    if nav is not None:
        config["nav"] = nav
        config["not_in_nav"] = "/people/*\n/touches/*\n"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def plain_copy(vault: Path, plain: Path) -> int:
    """The plugin's pages as hand-written files in a vault-less MkDocs project."""
    settings = read_settings(vault)
    loaded = load_vault(vault, settings)
    assert settings.today, "write_config fixes today, so both sites show the same dates"
    pages = build_pages(loaded, check_vault(loaded), settings, settings.today)
    docs = plain / "docs"
    for path, page in pages.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    own = [p.relative_to(vault / "docs").as_posix() for p in (vault / "docs").rglob("*.md")]
    for path in own:
        if path not in pages:
            (docs / path).write_text((vault / "docs" / path).read_text(encoding="utf-8"))
    write_config(plain, kithbook=False, nav=site_nav(pages, own))
    return len(pages)


def timed_build(root: Path, env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds and peak RSS (MiB) of one `mkdocs build` of `root`."""
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "site")]
    process = subprocess.Popen(command, cwd=root, env=env, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = usage.ru_utime + usage.ru_stime
    if status != 0:
        raise SystemExit(f"mkdocs build failed in {root}")
    return seconds, usage.ru_maxrss / 1024


def counted_builds(roots: dict[str, Path], env: dict[str, str]) -> dict[str, int]:
    """Instructions of one `mkdocs build` of each root, counted by callgrind side by side
    (the hash seed fixed, so both runs walk their sets and dicts in one order)."""
    env = {**env, "PYTHONHASHSEED": "0"}
    running = {name: subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
         "-m", "mkdocs", "build", "-q", "-d", str(root / "site")],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for name, root in roots.items()}
    counts = {}
    for name, process in running.items():
        _, err = process.communicate()
        found = re.search(r"Collected : (\d+)", err)
        if process.returncode != 0 or found is None:
            raise SystemExit(f"callgrind build of {name} failed:\n{err[-2000:]}")
        counts[name] = int(found.group(1))
    return counts


def warm_up(root: Path, env: dict[str, str]) -> None:
    """One untimed build of a small vault: the children's compiled modules (see
    environment.py) are made before anything is timed."""
    generate_vault(root, people=5, touches=10)
    write_config(root, kithbook=True)
    timed_build(root, env)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--touches", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--count", action="store_true",
                        help="also count each side's instructions under callgrind")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        vault, plain = Path(scratch, "vault"), Path(scratch, "plain")
        generate_vault(vault, people=args.people, touches=args.touches)
        write_config(vault, kithbook=True)
        count = plain_copy(vault, plain)
        env = child_env(Path(scratch), NO_MKDOCS_2_WARNING="1")
        warm_up(Path(scratch, "warm-up"), env)
        best = {"kithbook": (float("inf"), 0.0), "plain": (float("inf"), 0.0)}
        pairs: list[tuple[float, float]] = []  # (plain, kithbook) seconds, round by round
        for _ in range(args.rounds):
            pair = []
            for name, root in (("plain", plain), ("kithbook", vault)):
                seconds, peak = timed_build(root, env)
                best[name] = (min(best[name][0], seconds), max(best[name][1], peak))
                pair.append(seconds)
            pairs.append((pair[0], pair[1]))
        counts = counted_builds({"plain": plain, "kithbook": vault}, env) if args.count else {}
    (ours, our_peak), (base, base_peak) = best["kithbook"], best["plain"]
    print(f"{args.people} people, {args.touches} touches -> {count} generated pages; "
          f"best of {args.rounds} interleaved rounds")
    print(f"plain MkDocs, same pages as files: {base:7.2f} s CPU   peak RSS {base_peak:5.0f} MiB")
    print(f"MkDocs with the kithbook plugin:   {ours:7.2f} s CPU   peak RSS {our_peak:5.0f} MiB")
    print(f"ratio: {ours / base:.3f}x")
    # The load drifts between rounds: each round's own ratio shows how far it swings.
    print("rounds, plain / plugin (ratio): " + ", ".join(
        f"{a:.1f} / {b:.1f} ({b / a:.3f}x)" for a, b in pairs))
    print(f"median of the rounds' ratios: {statistics.median(b / a for a, b in pairs):.3f}x")
    if counts:
        print(f"instructions (millions), plain / plugin: {counts['plain'] / 1e6:,.0f} / "
              f"{counts['kithbook'] / 1e6:,.0f} ({counts['kithbook'] / counts['plain']:.3f}x)")


if __name__ == "__main__":
    main()
