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



def test_kith_starts_without_the_libraries_only_some_commands_use():
    """Every command pays for what `kith` imports at start-up: the site's templates
    (Jinja), iCalendar, vCard and the language server load only in the commands that
    use them."""
    code = (
        "import sys\n"
        "import kithbook.cli\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in\n"
        "             {'jinja2', 'icalendar', 'vobject', 'dateutil', 'pygls', 'lsprotocol'})\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_plugin_loads_no_more_than_a_build_needs():
    """`mkdocs build` never starts a server: the plugin does not load MkDocs' (an HTTP
    stack and a file watcher) for a type, nor the language server."""
    code = (
        "import sys\n"
        "import kithbook.mkdocs_plugin\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('mkdocs.livereload', 'watchdog',\n"
        "                                                     'http.server', 'pygls')))\n"
        "assert not bad, bad\n"
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


def documented_layers() -> dict[str, int]:
    """{module pattern: layer} from the list in docs/development.md."""
    text = (REPO / "docs/development.md").read_text(encoding="utf-8")
    block = text.split("<!-- layers: checked by tests/test_layers.py -->", 1)[1]
    block = block.split("```text\n", 1)[1].split("```", 1)[0]
    layers: dict[str, int] = {}
    current = 0
    for line in block.splitlines():
        head, colon, rest = line.partition(":")
        if colon and head[:1].isdigit():
            current, line = int(head.split()[0]), rest
        for name in line.split():
            layers[name] = current
    return layers


def layer_of(module: str, layers: dict[str, int]) -> int | None:
    name = module.removeprefix("kithbook").lstrip(".")
    if name in layers:
        return layers[name]
    for pattern, layer in layers.items():
        if pattern.endswith(".*") and name.startswith(pattern[:-1]):
            return layer
    return None


def imports_of(module: str) -> set[str]:
    relative = module.removeprefix("kithbook").lstrip(".").replace(".", "/")
    path = PACKAGE / relative / "__init__.py" if (PACKAGE / relative).is_dir() else \
        PACKAGE / f"{relative}.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kithbook"):
            if node.module in ("kithbook", "kithbook.site", "kithbook.formats", "kithbook.cli"):
                found |= {f"{node.module}.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("kithbook.")}
    return found


def all_modules() -> list[str]:
    return [*core_modules(), "kithbook.mkdocs_plugin",
            *(f"kithbook.mkdocs_plugin.{p.stem}" for p in (PACKAGE / "mkdocs_plugin").glob("*.py")
              if p.stem != "__init__"),
            *(f"kithbook.cli.{p.stem}" for p in (PACKAGE / "cli").glob("*.py")
              if p.stem != "__init__"), "kithbook.cli", "kithbook.__main__"]


def test_every_module_has_a_documented_layer():
    layers = documented_layers()
    missing = [m for m in all_modules() if m not in ("kithbook", "kithbook.site", "kithbook.formats")
               and layer_of(m, layers) is None]
    assert not missing, f"add them to the layer list in docs/development.md: {missing}"


def test_no_module_imports_from_a_later_layer():
    layers = documented_layers()
    wrong = []
    for module in all_modules():
        own = layer_of(module, layers)
        for imported in imports_of(module):
            theirs = layer_of(imported, layers)
            if own is not None and theirs is not None and theirs > own:
                wrong.append(f"{module} (layer {own}) imports {imported} (layer {theirs})")
    assert not wrong
