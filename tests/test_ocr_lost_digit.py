"""A figure Tesseract read with a digit short inside a table line ('7' over the ink of '75'):
its box has room for the lost digit, so it is read again and the digit put back. A figure it
read as a mark alone ('»' over '72') is read again too."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from extractor.models import Word
from extractor.ocr import get_engine
from extractor.ocr.reread import prefer_reread, reread_numbers, roomy, settled
from tests.test_ocr import font, needs_tesseract, no_cache, scanned


def _box(text: str, width: float, height: float = 6.0) -> Word:
    return Word(1, 1, 1, text, 87.0, 100.0, 50.0, 100.0 + width, 50.0 + height)


def test_a_box_with_room_for_another_digit_is_roomy() -> None:
    assert roomy([_box("7", 7.4)])  # the ink of '75' at 8pt serif, read '7'
    assert not roomy([_box("75", 7.4)])
    assert not roomy([_box("100", 11.0)])
    assert not roomy([_box("93.33%", 24.0)])


@pytest.mark.parametrize(
    ("first", "again", "conf", "room", "taken"),
    [
        ("7", "75", 85.0, True, True),
        ("7", "70", 96.0, True, True),
        ("7", "75", 85.0, False, False),  # no room in its box: the first reading stands
        ("7", "75", 40.0, True, False),  # too unsure a re-read
        ("8,5", "88,5", 80.0, True, True),
        ("7", "755", 90.0, True, False),  # two digits more is another figure
        ("75", "7", 95.0, True, False),
    ],
)
def test_a_roomy_figure_takes_a_reread_with_its_lost_digit(
    first: str, again: str, conf: float, room: bool, taken: bool
) -> None:
    assert prefer_reread(first, again, conf, first_conf=87.0, roomy=room) is taken


def test_a_mark_alone_the_size_of_a_figure_on_a_line_of_figures_is_read_again() -> None:
    from extractor.ocr.reread import numeric_phrases

    line = [
        Word(1, 1, 1, "80", 95.0, 350.0, 385.0, 359.0, 391.0),
        Word(1, 1, 2, "»", 77.0, 396.0, 385.0, 403.4, 391.0),
        Word(1, 1, 3, "%", 92.0, 486.0, 385.0, 492.0, 391.0),
        Word(1, 1, 4, "—", 60.0, 520.0, 388.0, 527.0, 389.0),
    ]
    assert [" ".join(w.text for w in p) for p in numeric_phrases(line, [], 5.6)] == ["80", "»"]
    assert numeric_phrases(line[1:], [], 5.6) == []  # no figure on the line: no row of values


def test_a_first_reading_tesseract_gave_up_on_takes_a_fairly_sure_reread() -> None:
    assert prefer_reread("07%", "86.67%", 72.0, first_conf=0.0)
    assert not prefer_reread("07%", "86.67%", 40.0, first_conf=0.0)  # no surer
    assert not prefer_reread("07%", "86.67%", 72.0, first_conf=30.0)  # read, if doubtfully


def test_a_roomy_figure_is_never_settled() -> None:
    assert settled("7", 87.0) and not settled("7", 87.0, room=True)


@needs_tesseract
@pytest.mark.ocr
def test_a_figure_read_a_digit_short_is_read_again_whole() -> None:
    dpi = 200
    ppp = 72.0 / dpi
    image = Image.new("L", (800, 300), 255)
    draw = ImageDraw.Draw(image)
    f = font(round(8 * dpi / 72))
    words = []
    for i, (text, short) in enumerate((("75", "7"), ("70", "7"), ("72", "»"), ("93,33%", "93,33%"))):
        left, top, right, bottom = draw.textbbox((100 + 150 * i, 120), text, font=f)
        draw.text((100 + 150 * i, 120), text, font=f, fill=0)
        words.append(Word(1, 1, i + 1, short, 87.0, left * ppp, top * ppp, right * ppp, bottom * ppp))
    grey = np.asarray(scanned(image, seed=3))
    engine = get_engine(no_cache())

    def read(canvas: np.ndarray, config: str) -> tuple[Word, ...]:
        return engine.image_to_words(canvas, page=1, scale=1.0, config=config)

    fixed, replaced = reread_numbers(words, grey, ppp, [], 8 * 0.7, read)
    assert [w.text for w in fixed] == ["75", "70", "72", "93,33%"]
    assert replaced == 3
