"""The core is the product: it must import neither MkDocs nor Click."""

import subprocess
import sys

CORE = ["model", "frontmatter", "plainyaml", "body", "dates", "records", "settings", "load",
        "check", "rules", "followups", "agenda", "pages", "edit", "compose", "lookup", "changes",
        "drafts", "formats.contacts", "formats.csvexport", "formats.ics", "formats.jsonexport",
        "formats.linkedin", "formats.sitefiles", "formats.vcard", "history", "heatmap",
        "activity", "privacy", "network", "svg", "cache", "output", "render", "memo"]


def test_core_imports_neither_mkdocs_nor_click():
    code = (
        "import sys\n"
        + "".join(f"import kithbook.{name}\n" for name in CORE)
        + "bad = sorted(m for m in sys.modules\n"
        + "             if m.split('.')[0] in {'mkdocs', 'click', 'material'})\n"
        + "assert not bad, bad\n"
        + "from kithbook.load import load_vault\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)



def test_core_never_reads_the_clock():
    from .conftest import REPO

    package = REPO / "plugin/kithbook"
    for name in CORE:
        source = (package / f"{name.replace('.', '/')}.py").read_text(encoding="utf-8")
        for clock in ("date.today(", "datetime.now(", "datetime.today(", "time.time("):
            assert clock not in source, (name, clock)
