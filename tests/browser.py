"""Helpers for browser tests: a built site served on 127.0.0.1, and Debian's chromium."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def require_chromium() -> None:
    """Skip without chromium on a developer's machine; in CI a missing browser is a failure."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install Debian's chromium")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")


def mkdocs_build(root: Path, site: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build` of the vault at `root` into `site`."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"),
               "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command + (["--strict"] if strict else []), capture_output=True,
                          text=True, env=env, check=False)


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 and yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def chromium_page() -> Iterator[object]:
    """A Playwright page in headless Debian chromium."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 900})
        finally:
            browser.close()


def screenshot(page: object, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


@dataclasses.dataclass
class Requests:
    """What a page asked for: `inside` counts requests to 127.0.0.1, `outside` lists the
    others (aborted)."""

    inside: int = 0
    outside: list[str] = dataclasses.field(default_factory=list)


def keep_to_this_machine(page: object) -> Requests:
    """Route every request of `page`: to 127.0.0.1 it goes on, anywhere else it is
    aborted and listed."""
    seen = Requests()

    def route(request_route: object) -> None:
        url = request_route.request.url  # type: ignore[attr-defined]
        if urlsplit(url).hostname == "127.0.0.1":
            seen.inside += 1
            request_route.continue_()  # type: ignore[attr-defined]
        else:
            seen.outside.append(url)
            request_route.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)  # type: ignore[attr-defined]
    return seen
