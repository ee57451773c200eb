"""A real `mkdocs serve --dirty` on a vault, and the one-file edit both the test and the
benchmark make: ticking a piece of advice in someone's latest conversation.

Used by `tests/test_serve_dirty.py` and `benchmarks/bench_serve.py`.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kithbook.followups import Reason, follow_ups
from kithbook.load import load_vault
from kithbook.settings import read_settings
from kithbook.timeline import person_facts

BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


@dataclass(frozen=True)
class AdviceEdit:
    """Which file changes, and what the pages should show afterwards."""

    path: Path  # the touch file
    touch_id: str
    person: str  # slug
    people: tuple[str, ...]  # everyone at the conversation
    advice: str  # the item ticked
    before: str  # the file's text before the edit

    def apply(self) -> None:
        line = f"- [ ] {self.advice}\n"
        self.path.write_text(self.before.replace(line, f"- [x] {self.advice}\n", 1),
                             encoding="utf-8")

    def undo(self) -> None:
        self.path.write_text(self.before, encoding="utf-8")


def advice_edit(root: Path) -> AdviceEdit:
    """A touch whose ticked advice makes a new follow-up: the person's latest conversation,
    with open advice in plain words (easy to find in the HTML)."""
    settings = read_settings(root)
    assert settings.today, "the vault must fix `today` (generate.py does)"
    vault = load_vault(root, settings)
    facts = person_facts(vault, settings, settings.today)
    for slug, fact in sorted(facts.items()):
        past = [t for t in fact.touches if t.date <= settings.today]
        if not past or not past[0].kind.is_conversation:
            continue
        touch = past[0]
        advice = touch.advice
        if not advice or any(item.done for item in advice):
            continue
        text = advice[0].text
        before = (root / touch.source.path).read_text(encoding="utf-8")
        if re.fullmatch(r"[A-Za-z0-9 ,.-]+", text) and f"- [ ] {text}\n" in before:
            return AdviceEdit(root / touch.source.path, touch.id, slug, touch.with_, text, before)
    raise LookupError("no touch with open advice to tick in this vault")


def closes_the_loop(root: Path, edit: AdviceEdit) -> bool:
    """Whether the core, reading the edited vault, now lists the advice to close."""
    settings = read_settings(root)
    assert settings.today
    items = follow_ups(load_vault(root, settings), settings, settings.today)
    return any(i.reason is Reason.CLOSE_LOOP_ADVICE and i.touch == edit.touch_id
               for i in items)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class DirtyServer:
    """A running `mkdocs serve --dirty`: its log and the folder it builds into.

    A build is over when the server logs "Reloading browsers" (after each
    rebuild) or "Serving on" (after the first). MkDocs' "Documentation built
    in N seconds" is the build's own time, but MkDocs never logs the same
    message twice in one process, so a rebuild exactly as long as an earlier
    one has no such line.
    """

    process: subprocess.Popen[bytes]
    log: Path
    temp: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def builds(self) -> list[float]:
        """The seconds of the builds so far, as MkDocs reports them (duplicates missing)."""
        return [float(seconds) for seconds in BUILT.findall(self.text())]

    def reloads(self) -> int:
        """Rebuilds finished so far."""
        return self.text().count("Reloading browsers")

    def wait_until(self, done: Callable[[str], bool], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            if "An error happened during the rebuild" in text:
                break
            if done(text):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError("the server did not finish building; log:\n" + self.text())

    def wait_until_serving(self, timeout: float) -> None:
        self.wait_until(lambda text: "Serving on" in text, timeout)

    def wait_for_rebuilds(self, count: int, timeout: float) -> None:
        self.wait_until(lambda text: text.count("Reloading browsers") >= count, timeout)

    @property
    def site(self) -> Path:
        """MkDocs (ProperDocs) serves from a fresh temporary folder: the one in our TMPDIR."""
        prefixes = ("mkdocs_", "properdocs_")
        (folder,) = [p for p in self.temp.iterdir() if p.name.startswith(prefixes)]
        return folder


@contextlib.contextmanager
def dirty_server(root: Path, scratch: Path, tool: str = "mkdocs") -> Iterator[DirtyServer]:
    """`mkdocs serve --dirty` (or `properdocs`) of `root`; its temporary site folder lands
    in `scratch`."""
    temp = scratch / "tmp"
    temp.mkdir(parents=True, exist_ok=True)
    log = scratch / "serve.log"
    env = {**os.environ, "TMPDIR": str(temp), "NO_MKDOCS_2_WARNING": "1",
           "DISABLE_MKDOCS_2_WARNING": "true"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", tool, "serve", "--dirty", "-f", str(root / "mkdocs.yml"),
             "-a", f"127.0.0.1:{free_port()}"],
            cwd=root, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        yield DirtyServer(process, log, temp)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def snapshot(site: Path) -> dict[str, int]:
    """{path in the site: modification time in ns} of every file."""
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns
            for p in site.rglob("*") if p.is_file()}


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {path for path, stamp in after.items() if before.get(path) != stamp}
