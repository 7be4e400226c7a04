"""Copier streaks (extractor/ocr/streaks.py): synthetic pages, no OCR."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from extractor.ocr.restore import restore_page
from extractor.ocr.streaks import even_streaks, grey_percentiles, streak_offsets

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def copy_page(paper: int = 205, toner: int = 35) -> np.ndarray:
    """A grey photocopied page at 300 dpi: lines of text and a ruled table whose vertical rules
    run over most of the page height, as a long table's do."""
    image = Image.new("L", (1800, 2400), paper)
    draw = ImageDraw.Draw(image)
    f = ImageFont.truetype(str(FONT), 36) if FONT.exists() else ImageFont.load_default(36)
    for i in range(30):
        draw.text((150, 200 + 65 * i), f"Persentase layanan {i} 75,00 64,00 85,33", font=f, fill=toner)
    for x in (120, 900, 1300, 1650):
        draw.line((x, 180, x, 2180), fill=toner, width=3)
    return np.asarray(image)


def test_a_streak_down_the_page_is_evened_out_and_the_text_across_it_kept() -> None:
    page = copy_page().astype(np.int16)
    streaked = page.copy()
    streaked[:, 640:646] -= 45  # darker toner down the whole picture
    streaked[:, 1500:1504] += 40  # toner missing along another column
    streaked = np.clip(streaked, 0, 255).astype(np.uint8)
    evened = even_streaks(streaked)
    paper_rows = slice(40, 160)  # the top margin: paper only
    assert abs(float(np.median(evened[paper_rows, 640:646])) - 205) <= 4
    assert abs(float(np.median(evened[paper_rows, 1500:1504])) - 205) <= 4
    text = page[:, 640:646] < 120
    assert text.any()
    assert np.all(evened[:, 640:646][text] < 120), "glyph strokes across the streak stay ink"
    assert abs(float(np.median(restore_page(streaked)[paper_rows, 640:646])) - 205) <= 4, "restoration evens it"


def test_a_page_without_streaks_is_left_alone_rules_and_all() -> None:
    page = copy_page()
    assert streak_offsets(page) is None
    assert even_streaks(page) is page
    clean = copy_page(paper=252, toner=0)
    assert even_streaks(clean) is clean


def test_grey_percentiles_from_the_histogram_are_numpys() -> None:
    rng = np.random.default_rng(4)
    for size in (1, 2, 7, 1000, 4097):
        grey = rng.integers(0, 256, size).astype(np.uint8)
        light = np.clip(grey, 235, 255).astype(np.uint8)  # a paper-heavy copy: many ties
        for image in (grey, light, light.reshape(1, -1)[:, ::2]):
            qs = (0.0, 0.5, 37.3, 50.0, 90.0, 100.0)
            assert grey_percentiles(image, qs) == tuple(float(np.percentile(image, q)) for q in qs)
