"""Word boxes fitted to their ink (``extractor.ocr.word_boxes``)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from extractor.models import Word
from extractor.ocr.word_boxes import fit_to_ink

SCALE = 0.5  # points per pixel


def _w(text: str, x0: float, top: float, bottom: float) -> Word:
    return Word(1, 1, 1, text, 95.0, x0, top, x0 + 20.0, bottom)


def _page() -> np.ndarray:
    image = np.full((200, 400), 255, dtype=np.uint8)
    for x0 in (20, 80, 140, 200):  # four figures, glyphs in rows 60-73 (points 30-36.5)
        image[60:74, x0 : x0 + 30 : 2] = 0
    return image


def test_a_box_taller_than_any_glyph_shrinks_to_the_ink_it_holds() -> None:
    """Tesseract's box for '100' reached the line above; rows parted by it looked one."""
    words = [
        _w("85", 10.0, 30.0, 37.0),
        _w("90", 40.0, 30.0, 37.0),
        _w("100", 70.0, 18.0, 40.0),  # three times the others' height
        _w("95", 100.0, 30.0, 37.0),
    ]
    fitted = fit_to_ink(words, _page(), SCALE)
    assert fitted[:2] == tuple(words[:2]) and fitted[3] == words[3]
    assert (fitted[2].top, fitted[2].bottom) == (30.0, 37.0)
    assert fitted[2].text == "100" and fitted[2].x0 == 70.0


def test_a_speck_apart_from_the_glyphs_does_not_count() -> None:
    image = _page()
    image[38:40, 145:147] = 0  # a speck 20 rows above the '100'
    words = [_w("85", 10.0, 30.0, 37.0), _w("90", 40.0, 30.0, 37.0), _w("100", 70.0, 18.0, 40.0)]
    fitted = fit_to_ink(words, image, SCALE)
    assert (fitted[2].top, fitted[2].bottom) == (30.0, 37.0)


@given(
    tops=st.lists(st.floats(0.0, 80.0), min_size=3, max_size=8),
    heights=st.lists(st.floats(1.0, 40.0), min_size=8, max_size=8),
)
def test_a_fitted_box_stays_inside_the_box_read(tops: list[float], heights: list[float]) -> None:
    image = _page()
    words = [_w(str(k), 10.0 + 20.0 * k, top, top + heights[k]) for k, top in enumerate(tops)]
    for before, after in zip(words, fit_to_ink(words, image, SCALE), strict=True):
        assert before.top <= after.top <= after.bottom <= before.bottom
        assert (after.x0, after.x1, after.text) == (before.x0, before.x1, before.text)


def test_a_light_stroke_is_ink_and_a_box_never_shrinks_to_a_sliver() -> None:
    """A blurred '7': a dark bar over a light grey stem. The stem is ink (darker than halfway from
    the darkest pixel to white); were it not, the box would shrink to the bar and read as a dash."""
    image = _page()
    image[60:62, 260:280] = 20  # the bar, dark
    image[62:74, 270:273] = 130  # the stem, light grey
    words = [_w("85", 10.0, 30.0, 37.0), _w("90", 40.0, 30.0, 37.0), _w("7", 130.0, 25.0, 42.0)]
    fitted = fit_to_ink(words, image, SCALE)
    assert (fitted[2].top, fitted[2].bottom) == (30.0, 37.0)
    image[62:74, 270:273] = 255  # no stem at all: only a bar, no whole glyph; the box stays as read
    assert fit_to_ink(words, image, SCALE)[2] == words[2]
