"""Both pages in a real browser: headless Chromium at a desktop and a phone width, and with every
network request recorded, so a page that needs anything but itself fails.

Needs the Debian ``chromium`` package (``.ci/setup``); skipped where no Chromium is installed.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extractor.output.audit_page import write_audit_page
from extractor.pipeline import extract
from tests.browser import dom_without_network, needs_chromium, screenshot
from tests.conftest import ROOT

WIDTHS = (1280, 420)
HEIGHT = 1800
ERROR_RED = np.array([0xC6, 0x28, 0x28])  # error badges, borders and the crop outline
REAL_BLUE = np.array([0x1E, 0x6F, 0xD9])  # the realisasi bars of the charts
DEFECTS = ROOT / "samples" / "pdf" / "002_71f42d07af92d301_ruled_defects.pdf"


@pytest.fixture(scope="module")
def audit_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("audit") / "r.audit.html"
    write_audit_page(extract(DEFECTS), page, DEFECTS)
    return page


def _pixels(png: Path, width: int) -> np.ndarray:
    assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(png) as image:
        assert image.size == (width, HEIGHT)
        return np.asarray(image.convert("RGB"), dtype=np.int16)


def _near(pixels: np.ndarray, colour: np.ndarray) -> int:
    return int((np.abs(pixels - colour).max(axis=2) < 24).sum())


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("width", WIDTHS)
def test_audit_page_renders_at_two_widths(audit_page: Path, tmp_path: Path, width: int) -> None:
    png = tmp_path / "audit.png"
    run = screenshot(audit_page, png, tmp_path / "profile", width, HEIGHT)
    assert run.returncode == 0, run.stderr[-2000:]
    pixels = _pixels(png, width)
    grey = pixels.mean(axis=2)
    assert grey.std() > 10 and (grey < 128).mean() > 0.005  # text and tables, not a blank page
    assert _near(pixels, ERROR_RED) > 200  # the CSS applied: error badges and borders in red


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("width", WIDTHS)
def test_compare_page_draws_its_charts_at_two_widths(
    compared_batch: Path, tmp_path: Path, width: int
) -> None:
    png = tmp_path / "compare.png"
    run = screenshot(compared_batch / "compare.html", png, tmp_path / "profile", width, HEIGHT)
    assert run.returncode == 0, run.stderr[-2000:]
    pixels = _pixels(png, width)
    assert _near(pixels, REAL_BLUE) > 2000  # the absorption bars: the inlined Vega drew the charts
    assert pixels.mean(axis=2).std() > 10


@pytest.mark.slow
@needs_chromium
def test_pages_load_no_external_resource(audit_page: Path, compared_batch: Path, tmp_path: Path) -> None:
    """Every request goes to a recording proxy; the pages make none and still draw their charts."""
    unit_page = next((compared_batch / "results").glob("*.audit.html"))
    for n, page in enumerate((audit_page, compared_batch / "compare.html", unit_page)):
        dom, requests = dom_without_network(page, tmp_path / f"profile{n}")
        assert requests == [], f"{page.name} asked the network for {requests}"
        assert "</html>" in dom
    dom, _ = dom_without_network(compared_batch / "compare.html", tmp_path / "profile-charts")
    drawn = re.findall(r'<div class="chart[^"]*" id="(chart-[^"]+)"[^>]*>\s*<svg', dom)
    declared = re.findall(
        r'<div class="chart" id="(chart-[^"]+)"', (compared_batch / "compare.html").read_text()
    )
    assert declared and sorted(drawn) == sorted(declared)  # every chart became an SVG, offline


@pytest.mark.slow
@needs_chromium
def test_the_recording_proxy_sees_a_page_that_loads_from_the_network(tmp_path: Path) -> None:
    """The no-network test can fail: a page with an external stylesheet or image is caught."""
    page = tmp_path / "leaky.html"
    page.write_text(
        '<!DOCTYPE html><html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css?family=X">'
        '</head><body><img src="http://example.invalid/x.png"></body></html>'
    )
    _, requests = dom_without_network(page, tmp_path / "profile")
    assert any(b"example.invalid" in r for r in requests)
    assert any(b"fonts.googleapis.com" in r for r in requests)
