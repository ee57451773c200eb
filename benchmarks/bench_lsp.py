"""Benchmark: from a keystroke to its diagnostics in `kith lsp`, on a big vault.

    python benchmarks/bench_lsp.py [--people 1000] [--touches 4000] [--keystrokes 60]

A generated vault (1,000 people and 4,000 touches by default) is served by a
real `kith lsp` process over stdio, driven by pygls' client. Three files are
opened in turn, and each keystroke is an incremental didChange that makes or
mends a typo (so every keystroke changes the file's problems, and the server
must publish): a touch's `kind: coffeex`, a person's `priority: highx`, and a
person's `namex:` (the person unreadable, so out of the vault: the slow path,
since the indexes of names are made again and every reference changes). The
time is from sending the change to receiving the publishDiagnostics of that
version. Typing in a body (no new problem) does the same work on the server but
publishes nothing, so it cannot be timed this way. The target is 100 ms.

Two baselines in the same run, since the machine is small and noisy:
  P  the protocol floor: a codeAction request with nothing to fix (a round
     trip through the same process that touches no vault);
  C  checking the vault from scratch in process (`load_vault` + `check_vault`,
     what every keystroke would cost without the session's memory).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate_vault

from kithbook.check import check_vault
from kithbook.load import load_vault
from kithbook.settings import read_settings

TODAY = "2026-11-26"


class Client(LanguageClient):
    """pygls' client, noting when each diagnostics version arrives."""

    def __init__(self) -> None:
        super().__init__("bench", "1")
        self.arrived: dict[tuple[str, int | None], float] = {}
        self.first_publish: float | None = None

        @self.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(client: Client, params: lsp.PublishDiagnosticsParams) -> None:
            now = time.perf_counter()
            client.first_publish = client.first_publish or now
            client.arrived[(params.uri, params.version)] = now

        @self.feature(lsp.CLIENT_REGISTER_CAPABILITY)
        def registered(client: Client, params: lsp.RegistrationParams) -> None:
            return None

    async def until(self, uri: str, version: int, timeout: float = 30) -> float:
        deadline = time.perf_counter() + timeout
        while (uri, version) not in self.arrived:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no diagnostics for version {version}")
            await asyncio.sleep(0.0005)
        return self.arrived[(uri, version)]


def where_to_type(root: Path, folder: str, key: str, *, in_key: bool) -> tuple[Path, int, int]:
    """A file of `folder` with a `key:` line, that line, and where a typo goes: after the
    value (a value not allowed) or inside the key (`namex:`, the person unreadable)."""
    for path in sorted((root / folder).glob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if line.startswith(f"{key}: ") and line.strip() == line:
                return path, number, len(key) if in_key else len(line)
    raise SystemExit(f"no file in {folder} with a {key} line")


def change(uri: str, version: int, line: int, start: int, end: int, text: str
           ) -> lsp.DidChangeTextDocumentParams:
    return lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[lsp.TextDocumentContentChangePartial(
            range=lsp.Range(lsp.Position(line, start), lsp.Position(line, end)), text=text)])


async def keystrokes(root: Path, count: int
                     ) -> tuple[dict[str, list[float]], list[float], float]:
    """Latencies of `count` keystrokes in a touch and in a person and of `count` protocol
    round trips (seconds), and the time from `initialized` to the first diagnostics (the
    whole vault checked)."""
    client = Client()
    await client.start_io(sys.executable, "-m", "kithbook", "lsp", "--today", TODAY)
    await client.initialize_async(lsp.InitializeParams(
        capabilities=lsp.ClientCapabilities(), root_uri=root.as_uri()))
    started = time.perf_counter()
    client.initialized(lsp.InitializedParams())
    while client.first_publish is None:
        await asyncio.sleep(0.001)
    startup = client.first_publish - started
    places = {"touch (kind: coffeex)": where_to_type(root, "meetings", "kind", in_key=False),
              "person (priority: highx)": where_to_type(root, "people", "priority",
                                                        in_key=False),
              "person (namex:, unreadable)": where_to_type(root, "people", "name", in_key=True)}
    typed: dict[str, list[float]] = {}
    floor: list[float] = []
    for label, (path, line, end) in places.items():
        uri = path.as_uri()
        client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(
            uri=uri, language_id="markdown", version=1,
            text=path.read_text(encoding="utf-8"))))
        typed[label] = []
        for version in range(2, count + 2):
            typo = version % 2 == 0  # type a letter (a typo), then delete it (mended)
            sent = time.perf_counter()
            client.text_document_did_change(change(uri, version, line, end, end + (not typo),
                                                   "x" if typo else ""))
            typed[label].append(await client.until(uri, version) - sent)
            sent = time.perf_counter()
            await client.text_document_code_action_async(lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri),
                range=lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
                context=lsp.CodeActionContext(diagnostics=[])))
            floor.append(time.perf_counter() - sent)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return typed, floor, startup


def from_scratch(root: Path, rounds: int) -> float:
    settings = read_settings(root)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        check_vault(load_vault(root, settings))
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--touches", type=int, default=4000)
    parser.add_argument("--keystrokes", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "vault"
        generate_vault(root, people=args.people, touches=args.touches)
        typed, floor, startup = asyncio.run(keystrokes(root, args.keystrokes))
        scratch = from_scratch(root, 3)
    print(f"vault: {args.people} people, {args.touches} touches;"
          f" {args.keystrokes} keystrokes in each file")
    print(f"first diagnostics of the whole vault after start: {startup * 1000:.0f} ms")
    print(f"P protocol round trip: median {statistics.median(floor) * 1000:.1f} ms")
    print(f"C load + check from scratch: best {scratch * 1000:.0f} ms")
    for label, times in typed.items():
        ms = sorted(t * 1000 for t in times)
        median, p95 = statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]
        print(f"keystroke -> diagnostics in a {label}: median {median:.1f} ms,"
              f" p95 {p95:.1f} ms, max {ms[-1]:.1f} ms (target 100 ms);"
              f" median/C {median / (scratch * 1000):.2f}")


if __name__ == "__main__":
    main()
