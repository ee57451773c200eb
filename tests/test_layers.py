"""The core is the product: it must import neither MkDocs nor Click, nor read the clock.

The core is every module of the package but the two adapters; the list is
discovered, so a new module is held to the rules without being named here.
"""

import ast
import subprocess
import sys

from .conftest import REPO

PACKAGE = REPO / "plugin/kithbook"
ADAPTERS = {"mkdocs_plugin", "cli", "__main__"}
CLOCK_CALLS = {("date", "today"), ("datetime", "today"), ("datetime", "now"),
               ("datetime", "utcnow"), ("time", "time"), ("time", "localtime"),
               ("time", "time_ns"), ("time", "monotonic")}


def core_modules() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] in ADAPTERS:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append(".".join(("kithbook", *parts)))
    return found


def test_the_core_is_discovered():
    modules = core_modules()
    assert "kithbook.model" in modules and "kithbook.site.urls" in modules
    assert not any(m.startswith(("kithbook.cli", "kithbook.mkdocs_plugin")) for m in modules)


def test_core_imports_neither_mkdocs_nor_click():
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in core_modules())
        + "bad = sorted(m for m in sys.modules\n"
        + "             if m.split('.')[0] in {'mkdocs', 'click', 'material'})\n"
        + "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def clock_reads(source: str) -> list[str]:
    """Calls such as `dt.date.today()`, `datetime.now(tz)`, `time.time()` (by attribute name)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (owner_name, node.func.attr) in CLOCK_CALLS:
                found.append(f"line {node.lineno}: {owner_name}.{node.func.attr}()")
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            found += [f"line {node.lineno}: from time import {a.name}" for a in node.names
                      if ("time", a.name) in CLOCK_CALLS]
    return found


def test_clock_reads_are_found_by_parsing():
    assert clock_reads("import datetime as dt\nx = dt.date.today()\n") == ["line 2: date.today()"]
    assert clock_reads("from datetime import datetime\ndatetime.now(tz=None)\n")
    assert clock_reads("import time\nt = time.time()\n")
    assert clock_reads("from time import localtime\n")
    assert not clock_reads("def today(): pass\nx = settings.today\n")


def test_core_never_reads_the_clock():
    for module in core_modules():
        relative = module.removeprefix("kithbook").lstrip(".").replace(".", "/")
        path = PACKAGE / relative / "__init__.py" if (PACKAGE / relative).is_dir() else \
            PACKAGE / f"{relative}.py"
        assert not clock_reads(path.read_text(encoding="utf-8")), module
