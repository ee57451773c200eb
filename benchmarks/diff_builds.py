"""Build the example site twice and compare the two builds file for file.

    python benchmarks/diff_builds.py a17605d HEAD         # two revisions
    python benchmarks/diff_builds.py main ../other-tree   # a revision and a folder
    python benchmarks/diff_builds.py --vault . a17605d .  # one vault, two versions of code

Each side is a git revision of this repository or a folder. A revision is cloned (shared, so
cheap) into a temporary folder and checked out there, with its history, so the pages that read
git (activity, pitch revisions, record dates) see what they would see in that checkout. A side
builds with its own code: `plugin/` of the checkout or folder comes first on PYTHONPATH (a
folder without `plugin/` builds with the installed kithbook). Without --vault, each side builds
its own vault (its `mkdocs.yml`, people/, meetings/, docs/): "the site before and after". With
--vault, both sides build that one vault, so only the code differs.

Builds are `mkdocs build --strict` with SOURCE_DATE_EPOCH fixed, so MkDocs' own dates agree.
Only compressed sitemaps (`sitemap.xml.gz`) are ignored: gzip stamps them. Exit status: 0 the
same, 1 different, 2 a build failed.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IGNORED = ("sitemap.xml.gz",)
SOURCE_DATE_EPOCH = "1764115200"  # 2025-11-26, any fixed value will do
SHOWN_LINES = 40
SHOWN_WIDTH = 160  # a search index is one long line


def checkout(side: str, tmp: Path, name: str) -> Path:
    """A folder for `side`: the folder itself, or a fresh checkout of the revision."""
    folder = Path(side)
    if folder.is_dir():
        return folder.resolve()
    sha = git(REPO, "rev-parse", "--verify", f"{side}^{{commit}}").strip()
    target = tmp / name
    git(tmp, "clone", "-q", "--shared", "--no-checkout", str(REPO), str(target))
    git(target, "checkout", "-q", "--detach", sha)
    return target


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"git {' '.join(args)} failed in {cwd}:\n{done.stderr}")
    return done.stdout


def build(code: Path, vault: Path, site: Path) -> bool:
    """`mkdocs build --strict` of `vault` into `site`, importing kithbook from `code`."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    plugin = code / "plugin"
    if plugin.is_dir():
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(plugin), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                           "-f", str(vault / "mkdocs.yml"), "-d", str(site)],
                          cwd=vault, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        print(f"build of {vault} with the code of {code} failed:\n{done.stderr}", file=sys.stderr)
    return done.returncode == 0


def files_of(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*"))
            if p.is_file() and p.name not in IGNORED}


def compare(first: Path, second: Path) -> list[str]:
    """What differs between two built sites, one line (or a short diff) per file."""
    a, b = files_of(first), files_of(second)
    report = [f"only in the first: {name}" for name in sorted(a.keys() - b.keys())]
    report += [f"only in the second: {name}" for name in sorted(b.keys() - a.keys())]
    for name in sorted(a.keys() & b.keys()):
        old, new = a[name].read_bytes(), b[name].read_bytes()
        if old != new:
            report.append(f"differs: {name}")
            report += text_diff(old, new, name)
    return report


def text_diff(old: bytes, new: bytes, name: str) -> list[str]:
    try:
        lines = difflib.unified_diff(old.decode().splitlines(), new.decode().splitlines(),
                                     f"first/{name}", f"second/{name}", lineterm="", n=1)
    except UnicodeDecodeError:
        return ["    (binary)"]
    shown = list(lines)
    more = len(shown) - SHOWN_LINES
    return ["    " + shorten(line) for line in shown[:SHOWN_LINES]] + (
        [f"    ... {more} more diff lines"] if more > 0 else [])


def shorten(line: str) -> str:
    return line if len(line) <= SHOWN_WIDTH else f"{line[:SHOWN_WIDTH]}... ({len(line)} chars)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", help="a git revision of this repository, or a folder")
    parser.add_argument("second", help="a git revision of this repository, or a folder")
    parser.add_argument("--vault", type=Path,
                        help="build this one vault on both sides (only the code differs)")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep the sites")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="diff-builds-") as scratch:
        tmp = args.keep.resolve() if args.keep else Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        sites = []
        for name, side in (("first", args.first), ("second", args.second)):
            code = checkout(side, tmp, f"{name}-checkout")
            vault = args.vault.resolve() if args.vault else code
            site = tmp / f"{name}-site"
            if not build(code, vault, site):
                return 2
            sites.append(site)
        report = compare(*sites)
        count = len(files_of(sites[0]))
    if not report:
        print(f"identical: {count} files (ignoring {', '.join(IGNORED)})")
        return 0
    print("\n".join(report))
    changed = sum(1 for line in report if not line.startswith("    "))
    print(f"{changed} of {count} files differ (ignoring {', '.join(IGNORED)})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
