"""Headless Chromium for the page tests: screenshots, the DOM after scripts ran, and a proxy that
records any request a page makes (a self-contained page makes none)."""

from __future__ import annotations

import os
import shutil
import socketserver
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# On CI (.ci/setup installs Chromium) a missing browser must fail the test, not skip it.
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="chromium is not installed"
)

QUIET = [  # no traffic of Chromium's own, so the proxy sees only what the page asks for
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-pings",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-sync",
    "--virtual-time-budget=8000",  # let the inlined Vega draw the charts
]


def chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, *QUIET, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def screenshot(
    page: Path, png: Path, profile: Path, width: int, height: int
) -> subprocess.CompletedProcess[str]:
    return chromium(
        page, profile, f"--screenshot={png}", f"--window-size={width},{height}", "--hide-scrollbars"
    )


class _Recorder(socketserver.BaseRequestHandler):
    seen: list[bytes]

    def handle(self) -> None:
        data = self.request.recv(4096)
        type(self).seen.append(data.split(b"\r\n", 1)[0])


@contextmanager
def recording_proxy() -> Iterator[tuple[int, list[bytes]]]:
    """A proxy on localhost that answers nothing and records the first line of every request."""
    seen: list[bytes] = []
    handler = type("Handler", (_Recorder,), {"seen": seen})
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield server.server_address[1], seen
        finally:
            server.shutdown()


# Chromium's own services (updates, network time, sign-in), which run whatever page is open: exact
# hosts, so a page loading from any other Google host (fonts.googleapis.com, a CDN) is still caught.
CHROMIUM_OWN = (
    b"update.googleapis.com",
    b"clients2.google.com",
    b"accounts.google.com",
    b"optimizationguide-pa.googleapis.com",
)


def _pages_request(line: bytes) -> bool:
    host = line.split(b" ")[1] if b" " in line else line
    host = host.removeprefix(b"http://").removeprefix(b"https://").split(b"/")[0].split(b":")[0]
    return host not in CHROMIUM_OWN


def dom_without_network(page: Path, profile: Path) -> tuple[str, list[bytes]]:
    """The page's DOM after its scripts ran, and every network request it tried (via the proxy)."""
    with recording_proxy() as (port, seen):
        run = chromium(
            page,
            profile,
            "--dump-dom",
            f"--proxy-server=http://127.0.0.1:{port}",
            "--proxy-bypass-list=<-loopback>",
        )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout, [line for line in seen if _pages_request(line)]
