"""The auditor's HTML report opens in a real browser: headless Chromium renders it to a PNG.

Needs the Debian ``chromium`` package (``.ci/setup``); skipped where no Chromium is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extractor.output.audit_page import render_audit_page
from extractor.pipeline import extract
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WIDTH, HEIGHT = 1280, 2000
ERROR_RED = np.array([0xC6, 0x28, 0x28])  # the error badge and border colour of audit_html

# On CI (.ci/setup installs Chromium) a missing browser must fail the test, not skip it.
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="chromium is not installed"
)


def screenshot(html: Path, png: Path, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--screenshot={png}",
        f"--window-size={WIDTH},{HEIGHT}",
        html.resolve().as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)


@pytest.mark.slow
@needs_chromium
def test_report_of_a_real_document_renders_in_chromium(tmp_path: Path) -> None:
    doc = extract(ROOT / "samples" / "pdf" / "002_71f42d07af92d301_ruled_defects.pdf")
    assert {f.severity for f in doc.flags} == {"error", "warning", "info"}
    html, png = tmp_path / "audit.html", tmp_path / "audit.png"
    html.write_text(render_audit_page(doc), encoding="utf-8")

    run = screenshot(html, png, tmp_path / "profile")

    assert run.returncode == 0, run.stderr[-2000:]
    assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(png) as image:
        image.verify()
    with Image.open(png) as image:
        assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
        pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    grey = pixels.mean(axis=2)
    assert grey.std() > 10  # text and tables, not a blank page
    assert (grey < 128).mean() > 0.005  # enough dark pixels to be text
    red = (np.abs(pixels - ERROR_RED).max(axis=2) < 24).sum()
    assert red > 200  # the CSS applied: error badges and borders are drawn in red
