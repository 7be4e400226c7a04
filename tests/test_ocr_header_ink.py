"""Header words Tesseract passed over, read from their ink (``extractor.ocr.header_ink``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from extractor.models import Word
from extractor.ocr.header_ink import read_lost_header_words

PPP = 0.5  # points per pixel: a 144 dpi page
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _w(text: str, x0: float, top: float, line: int, conf: float = 95.0) -> Word:
    return Word(1, line, 1, text, conf, x0, top, x0 + 5.0 * len(text), top + 8.0)


# 'Capaian Kinerja 2024' over Target | Realisasi | Capaian; the first reading kept the parent, the
# label header and 'Capaian' but lost 'Target' and 'Realisasi' (the line over the rule under them)
_READ = [
    _w("Capaian", 200.0, 60.0, 1),
    _w("Kinerja", 240.0, 60.0, 1),
    _w("2024", 280.0, 60.0, 1),
    _w("Sasaran", 20.0, 72.0, 2),
    _w("Indikator", 80.0, 72.0, 2),
    _w("Kinerja", 125.0, 72.0, 2),
    _w("Capaian", 320.0, 72.0, 2),
    _w("Predikat", 380.0, 72.0, 2),
]
_ROW = [_w("Persentase", 20.0, 100.0, 3), _w("100%", 180.0, 100.0, 3), _w("94,49%", 250.0, 100.0, 3), _w("94,49%", 320.0, 100.0, 3)]
_LOST = {"Target": (180.0, 82.0), "Realisasi": (250.0, 82.0)}


def _page() -> np.ndarray:
    """The page as the prepared grey image: every word of the header and the row is inked."""
    image = Image.new("L", (1000, 300), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 16) if FONT.exists() else ImageFont.load_default(16)
    for w in [*_READ, *_ROW]:
        draw.text((w.x0 / PPP, w.top / PPP), w.text, font=font, fill=0)
    for text, (x, y) in _LOST.items():
        draw.text((x / PPP, y / PPP), text, font=font, fill=0)
    return np.asarray(image)


def test_ink_no_word_covers_under_a_header_is_read_and_kept_when_it_names_a_column() -> None:
    crops: list[tuple[float, float]] = []

    def read(crop: np.ndarray, scale: float) -> tuple[Word, ...]:
        crops.append(crop.shape[:2])
        text = "Target" if len(crops) == 1 else "Realisasi"
        return (Word(1, 1, 1, text, 90.0, 2.0, 2.0, 30.0, 10.0),)

    words, runs = read_lost_header_words([*_READ, *_ROW], _page(), PPP, [], 8.0, read)
    assert len(crops) == 2 and runs == 2  # only the two unread runs, never a word read already
    found = {w.text: w for w in words if w.text in _LOST}
    assert set(found) == {"Target", "Realisasi"}
    for text, (x, y) in _LOST.items():
        assert abs(found[text].x0 - x) < 6.0 and abs(found[text].top - y) < 6.0
    assert [w for w in words if w.text not in _LOST] == sorted([*_READ, *_ROW], key=lambda w: (w.line, w.x0))


def test_a_reading_that_names_nothing_or_reads_unsure_is_dropped() -> None:
    readings = iter([(Word(1, 1, 1, "wv~", 90.0, 2.0, 2.0, 30.0, 10.0),), (Word(1, 1, 1, "Target", 20.0, 2.0, 2.0, 30.0, 10.0),)])

    def read(crop: np.ndarray, scale: float) -> tuple[Word, ...]:
        return next(readings)

    words, runs = read_lost_header_words([*_READ, *_ROW], _page(), PPP, [], 8.0, read)
    assert runs == 0 and list(words) == [*_READ, *_ROW]


def test_a_header_read_whole_is_not_read_again() -> None:
    read_all = [*_READ, *(_w(t, x, y, 9) for t, (x, y) in _LOST.items())]

    def read(crop: np.ndarray, scale: float) -> tuple[Word, ...]:
        raise AssertionError("nothing was left unread")

    _, runs = read_lost_header_words([*read_all, *_ROW], _page(), PPP, [], 8.0, read)
    assert runs == 0


def test_a_word_whose_box_stretches_over_the_line_below_did_not_read_it() -> None:
    # Tesseract gave 'Predikat' (line 2) and a parent word boxes reaching down over the lost line
    # under them: their middles lie above it, so the lost words are still read
    stretched = [
        *(_w(w.text, w.x0, w.top, w.line) for w in _READ if w.line == 1),
        *(Word(1, 2, k, w.text, 95.0, w.x0, w.top, w.x1, w.bottom + 12.0) for k, w in enumerate(_READ) if w.line == 2),
        Word(1, 1, 9, "Kinerja", 95.0, 180.0, 60.0, 300.0, 92.0),
    ]
    crops: list[int] = []

    def read(crop: np.ndarray, scale: float) -> tuple[Word, ...]:
        crops.append(1)
        return (Word(1, 1, 1, "Target" if len(crops) == 1 else "Realisasi", 90.0, 2.0, 2.0, 30.0, 10.0),)

    words, runs = read_lost_header_words([*stretched, *_ROW], _page(), PPP, [], 8.0, read)
    assert runs == 2 and {w.text for w in words} >= set(_LOST)
