"""The environment the benchmarks' child processes run in.

This machine sets PYTHONDONTWRITEBYTECODE, so without care every child
process compiles Kithbook's own modules from source (half a second and more
of a `mkdocs build`), which no installed copy does: pip compiles a package when
it installs it, and Python keeps what it compiles. The plain-MkDocs baselines
pay nothing of the kind (their packages were compiled at install). Children
therefore keep compiled modules in a folder of the run's own; a benchmark runs
its command once, untimed, to fill it.
"""

from __future__ import annotations

import os
from pathlib import Path


def child_env(work: Path, *, bytecode: bool = True, **extra: str) -> dict[str, str]:
    """The children's environment, with `extra` variables: with `bytecode`, compiled
    modules kept in a folder in `work`, else none written or read."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    env.update(extra)
    if bytecode:
        env["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env
