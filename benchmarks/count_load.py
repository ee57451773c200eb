"""Benchmark: load + check, plainyaml and the follow-up list, counted in instructions.

    python benchmarks/count_load.py [--people 1000] [--touches 4000] [--vault DIR]

The same measures as `bench_load.py`, but as instruction counts from valgrind's
callgrind, which are the same run after run whatever else the machine is doing
(seconds on the shared 2-core machine swing by ±30%). Each measure runs in its own
Python process under callgrind; the count of a process that stops just before the
measured work is subtracted from the count of one that does it:

- A: PyYAML's C loader over the front matter blocks in memory (reading them is
  subtracted);
- K: Kithbook's load + check; P: the same with `plainyaml.py` switched off;
- F: the follow-up list over the loaded vault (loading is subtracted);
- F after K: the list after load + check of the same vault, as a build makes it
  (the referral index and the bodies check read are shared);
- R: the rules alone, over person facts already made: what the list adds in a build,
  where the snapshot makes the facts once for the list and every page.

Both sides of each difference end with the same objects alive (the vault let go), so
Python's collection at exit walks the same heap on both (see DROP).

Needs valgrind (Debian's package). Slow: a few minutes for the default vault.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate_vault

PRELUDE = """
import datetime as dt, sys, yaml
from pathlib import Path
from kithbook import frontmatter
from kithbook.check import check_vault
from kithbook.followups import follow_ups
from kithbook.timeline import person_facts
from kithbook.load import load_vault, record_files
from kithbook.settings import read_settings
root = Path(sys.argv[1]); settings = read_settings(root)
today = settings.today or dt.date(2026, 11, 26)
paths = [p for folder in ("people", "meetings") for p in record_files(root / folder)]
class NoPlain:
    def read(self, block): return None
"""

READ = """
blocks = [p.read_text(encoding="utf-8").split("\\n---", 1)[0].removeprefix("---\\n")
          for p in paths]
"""

# Every step that keeps the vault lets it go at its end, as its baseline does: a vault
# still alive when Python exits is walked by the exit's garbage collection (about 25
# million instructions here), which would be counted on one side of a difference only.
DROP = "vault = facts = None\n"

STEPS = {
    "start": "",
    "read": READ,
    "parse": READ + "for b in blocks: yaml.load(b, Loader=yaml.CSafeLoader)\n",
    "load": "vault = load_vault(root, settings)\n" + DROP,
    "load+check": "vault = load_vault(root, settings)\n"
                  "check_vault(vault, today=today)\n" + DROP,
    "load+check, no plainyaml": "frontmatter.PLAIN_READER = NoPlain()\n"
                                "check_vault(load_vault(root, settings), today=today)\n",
    "load+follow-ups": "vault = load_vault(root, settings)\n"
                       "follow_ups(vault, settings, today)\n" + DROP,
    "load+check+follow-ups": "vault = load_vault(root, settings)\n"
                             "check_vault(vault, today=today)\n"
                             "follow_ups(vault, settings, today)\n" + DROP,
    "load+facts": "vault = load_vault(root, settings)\n"
                  "facts = person_facts(vault, settings, today)\n" + DROP,
    "load+facts+rules": "vault = load_vault(root, settings)\n"
                        "facts = person_facts(vault, settings, today)\n"
                        "follow_ups(vault, settings, today, facts=facts)\n" + DROP,
}


# The hash seed moves a count by a million or two (where strings fall in dicts and sets):
# fixed, a run repeats, and two revisions compare. PYTHONHASHSEED set outside is kept,
# to count under other seeds.
_SEEDED = {**os.environ, "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0")}


def instructions(code: str, root: Path) -> int:
    """Instructions callgrind counts for one Python process running `code`."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", PRELUDE + code, str(root)],
        capture_output=True, text=True, check=True, env=_SEEDED)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"no count from callgrind:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--touches", type=int, default=4000)
    parser.add_argument("--vault", type=Path, help="reuse a generated vault instead of a new one")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        root = args.vault or Path(scratch) / "vault"
        if args.vault is None:
            generate_vault(root, people=args.people, touches=args.touches)
        count = {name: instructions(code, root) for name, code in STEPS.items()}
    a = count["parse"] - count["read"]
    k = count["load+check"] - count["start"]
    p = count["load+check, no plainyaml"] - count["start"]
    f = count["load+follow-ups"] - count["load"]
    shared = count["load+check+follow-ups"] - count["load+check"]
    rules = count["load+facts+rules"] - count["load+facts"]
    print(f"instructions (millions): A {a / 1e6:.1f}  K {k / 1e6:.1f}  P {p / 1e6:.1f}"
          f"  F {f / 1e6:.1f}   hash seed {_SEEDED['PYTHONHASHSEED']}")
    print(f"K/A: {k / a:.2f}x   K/P: {k / p:.2f}x (plainyaml saves {1 - k / p:.0%})"
          f"   F/K: {f / k:.2%}   F after K: {shared / k:.2%} of K   R/K: {rules / k:.2%}")


if __name__ == "__main__":
    main()
