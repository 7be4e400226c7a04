"""Ruled cells the table reading left empty though they show ink, read alone (extractor/ocr/empty_cells.py)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from extractor.models import Segment, Word
from extractor.ocr import get_engine
from extractor.ocr.empty_cells import read_empty_cells, ruled_cells
from tests.test_ocr import font, needs_tesseract, no_cache, scanned

DPI = 200
PPP = 72 / DPI  # points per pixel
XS = (40, 520, 700, 880, 1040)  # pixels: Indikator | Target | Realisasi | Keterangan, rules at these x
YS = (40, 120, 200)  # two rows


def _page() -> tuple[np.ndarray, list[Segment], dict[str, tuple[int, int, int, int]]]:
    """Two ruled rows; the second row's target '70 %' in dark grey, its Keterangan a dash."""
    image = Image.new("L", (1080, 240), 255)
    draw = ImageDraw.Draw(image)
    f = font(round(9 * DPI / 72))
    boxes = {}
    for text, x, y, ink in (
        ("Persentase A", 60, 65, 0),
        ("90 %", 570, 65, 0),
        ("88 %", 750, 65, 0),
        ("Persentase B", 60, 145, 0),
        ("70 %", 570, 145, 60),
        ("65,9 %", 740, 145, 0),
        ("-", 950, 145, 0),
    ):
        draw.text((x, y), text, font=f, fill=ink)
        boxes[text] = draw.textbbox((x, y), text, font=f)
    segments = [Segment(x * PPP, YS[0] * PPP, x * PPP, YS[-1] * PPP) for x in XS]
    segments += [Segment(XS[0] * PPP, y * PPP, XS[-1] * PPP, y * PPP) for y in YS]
    return np.asarray(scanned(image, seed=5)), segments, boxes


def _word(text: str, box: tuple[float, float, float, float], line: int, conf: float = 95.0) -> Word:
    return Word(1, line, 1, text, conf, box[0] * PPP, box[1] * PPP, box[2] * PPP, box[3] * PPP)


def test_ruled_cells_are_the_boxes_between_the_rules() -> None:
    _, segments, _ = _page()
    cells = list(ruled_cells(segments, 9 * 0.7))
    assert len(cells) == 8
    assert cells[5] == pytest.approx((XS[1] * PPP, YS[1] * PPP, XS[2] * PPP, YS[2] * PPP))


@needs_tesseract
@pytest.mark.ocr
def test_a_cell_left_empty_or_read_as_debris_is_read_alone_and_a_dash_is_left() -> None:
    """The table reading passed over the second row's figures ('70 %' grey, read as 'a' at 0;
    '65,9 %' as a scrap 'Sh' at 38): each is read from its cell alone, on the row's line. The
    dash of an empty Keterangan is no glyph and is not read."""
    grey, segments, boxes = _page()
    first = [
        _word("Persentase", boxes["Persentase A"], 1),
        _word("90", boxes["90 %"], 1),
        _word("88", boxes["88 %"], 1),
        _word("Persentase", boxes["Persentase B"], 2),
        _word("a", boxes["70 %"], 2, conf=0.0),
        _word("Sh", boxes["65,9 %"], 2, conf=38.0),
    ]
    engine = get_engine(no_cache())
    calls = []

    def read(crop: np.ndarray, scale: float) -> tuple[Word, ...]:
        calls.append(crop.shape)
        return engine.image_to_words(crop, page=1, scale=scale, config="--psm 6")

    words, count = read_empty_cells(first, grey, PPP, segments, 9 * 0.7, read)
    assert count == 2 and len(calls) == 2
    second = sorted((w for w in words if w.line == 2), key=lambda w: w.x0)
    assert [w.text.rstrip("%") for w in second if any(ch.isdigit() for ch in w.text)] == ["70", "65,9"]
    assert not {"a", "Sh"} & {w.text for w in words}
    # outside the table band nothing is read
    assert read_empty_cells(first, grey, PPP, segments, 9 * 0.7, read, band=(0.0, YS[1] * PPP)) == (tuple(first), 0)
