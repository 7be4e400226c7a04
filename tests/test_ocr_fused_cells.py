"""Ruled body cells whose lines the table reading fused, read again alone (extractor/ocr/fused_cells.py)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from extractor.models import Segment, Word
from extractor.ocr import get_engine
from extractor.ocr.fused_cells import cell_box, open_box, reread_fused_cells
from tests.test_ocr import font, no_cache, scanned

DPI = 200
PPP = 72 / DPI  # points per pixel
XS = (40, 120, 520, 840, 1000)  # pixels: No | Sasaran | Indikator | Target, rules at these x
TOP, BOTTOM = 40, 300  # the row's horizontal rules


def _page(ruled: bool = True) -> tuple[np.ndarray, list[Segment], dict[str, tuple[int, int, int, int]]]:
    """One row: a four-line Sasaran beside a two-line Indikator centred between its lines; ruled,
    or borderless (no segments, the cells apart only by blank gutters)."""
    image = Image.new("L", (1040, 340), 255)
    draw = ImageDraw.Draw(image)
    for x in XS if ruled else ():
        draw.line([(x, TOP), (x, BOTTOM)], fill=0, width=2)
    for y in (TOP, BOTTOM) if ruled else ():
        draw.line([(XS[0], y), (XS[-1], y)], fill=0, width=2)
    f = font(round(9 * DPI / 72))
    boxes = {}
    for text, x, y in (
        ("9", 70, 150),
        ("Terlaksananya", 135, 70),
        ("Penyusunan", 135, 125),
        ("Anggaran", 135, 180),
        ("Tahun 2024", 135, 235),
        ("Persentase", 535, 125),
        ("Penyusunan Anggaran", 535, 155),
        ("80", 900, 150),
    ):
        draw.text((x, y), text, font=f, fill=0)
        boxes[text] = draw.textbbox((x, y), text, font=f)
    segments = [Segment(x * PPP, TOP * PPP, x * PPP, BOTTOM * PPP) for x in XS]
    segments += [Segment(XS[0] * PPP, y * PPP, XS[-1] * PPP, y * PPP) for y in (TOP, BOTTOM)]
    if not ruled:
        segments = []
    return np.asarray(scanned(image, seed=5)), segments, boxes


def _word(text: str, box: tuple[float, float, float, float], line: int, conf: float = 95.0) -> Word:
    return Word(1, line, 1, text, conf, box[0] * PPP, box[1] * PPP, box[2] * PPP, box[3] * PPP)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "borderless"])
def test_a_cell_whose_two_lines_were_read_as_one_tall_line_is_read_again_alone(ruled: bool) -> None:
    """'Persentase / Penyusunan Anggaran' read 'tone neuen Anggaran', each box spanning both lines
    (Tesseract laid one line across the two, level with the neighbours' middle line)."""
    grey, segments, boxes = _page(ruled)
    top, bottom = boxes["Persentase"][1], boxes["Penyusunan Anggaran"][3]
    first = [
        _word("Terlaksananya", boxes["Terlaksananya"], 1),
        _word("Penyusunan", boxes["Penyusunan"], 2),
        _word("9", boxes["9"], 3),
        _word("tone", (535, top, 640, bottom), 3, conf=20.0),
        _word("neuen", (650, top, 760, bottom), 3, conf=21.0),
        _word("80", boxes["80"], 3),
        _word("Anggaran", boxes["Anggaran"], 4),
        _word("Tahun", boxes["Tahun 2024"], 5),
    ]
    engine = get_engine(no_cache())

    def read(crop: np.ndarray, scale: float) -> tuple[Word, ...]:
        return engine.image_to_words(crop, page=1, scale=scale, config="--psm 6")

    words, count = reread_fused_cells(first, grey, PPP, segments, 9 * 0.7, read)
    assert count == 1
    middle = [w.text for w in words if XS[2] * PPP < w.x0 < XS[3] * PPP]
    assert " ".join(middle) == "Persentase Penyusunan Anggaran"
    assert [w.text for w in words if w.x0 < XS[2] * PPP] == [w.text for w in first if w.x0 < XS[2] * PPP]


def test_a_cell_read_line_by_line_is_not_read_again() -> None:
    grey, segments, boxes = _page()
    first = [_word(t, boxes[t], i) for i, t in enumerate(boxes, start=1)]

    def read(crop: np.ndarray, scale: float) -> tuple[Word, ...]:
        raise AssertionError("no fused word: nothing to read again")

    words, count = reread_fused_cells(first, grey, PPP, segments, 9 * 0.7, read)
    assert count == 0 and list(words) == first


def test_a_cell_box_needs_rules_on_all_four_sides() -> None:
    _, segments, _ = _page()
    word = _word("tone", (535, 120, 640, 190), 1)
    box = cell_box(word, segments)
    assert box is not None and box[0] == XS[2] * PPP and box[2] == XS[3] * PPP
    assert cell_box(word, [s for s in segments if not s.horizontal]) is None


def test_a_borderless_cell_is_the_block_of_ink_between_blank_gutters() -> None:
    """Out to the gutters either side (the Sasaran's four lines and the figure stay out), over
    both of the label's lines, and no higher than a ruling line above it (a header's underline)."""
    grey, _, boxes = _page(ruled=False)
    word = _word("tone", (535, boxes["Persentase"][1], 640, boxes["Penyusunan Anggaran"][3]), 1)
    box = open_box(word, grey, PPP, 9 * 0.8, [])
    assert box is not None
    left, top, right, bottom = (v / PPP for v in box)
    assert boxes["Tahun 2024"][2] < left < 535 and boxes["Penyusunan Anggaran"][2] < right < boxes["80"][0]
    assert top < boxes["Persentase"][1] and bottom > boxes["Penyusunan Anggaran"][3]
    assert bottom < boxes["Tahun 2024"][3]  # the label's block, not the Sasaran's height
    # a ruling line between the two lines (erased from the prepared image) ends the cell there
    between = (boxes["Persentase"][3] + boxes["Penyusunan Anggaran"][1]) / 2 * PPP
    rule = Segment(0, between, 1040 * PPP, between)
    second = _word("Anggaran", boxes["Penyusunan Anggaran"], 2)
    cut = open_box(second, grey, PPP, 9 * 0.8, [rule])
    assert cut is not None and cut[1] >= between - 1.0
