"""The core is the product: it must import neither MkDocs nor Click."""

import subprocess
import sys

CORE = ["model", "frontmatter", "plainyaml", "body", "dates", "records", "settings", "load",
        "check", "rules", "pages"]


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

