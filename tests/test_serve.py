"""`mkdocs serve` rebuilds when a record changes, and the page shows the change."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.slow

ADA = "---\nname: Ada Lovelace\ntitle: {title}\n---\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page and text in page:
            return True
        time.sleep(0.3)
    return False


def test_editing_a_person_file_rebuilds_the_person_page(make_vault):
    root = make_vault({"people/ada-lovelace.md": ADA.format(title="Analyst")})
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    url = f"http://127.0.0.1:{port}/people/ada-lovelace/"
    try:
        assert wait_for(url, "Analyst"), "the first build never served the person page"
        (root / "people/ada-lovelace.md").write_text(ADA.format(title="Engine Designer"))
        assert wait_for(url, "Engine Designer"), "no rebuild after editing people/"
        (root / "meetings/2026-11-20-ada-lovelace.md").write_text(
            "---\ndate: 2026-11-20\nwith: ada-lovelace\nkind: call\n---\n")
        assert wait_for(url, "Call with Ada Lovelace"), "no rebuild after adding to meetings/"
    finally:
        server.terminate()
        server.communicate(timeout=30)
