"""Header words Tesseract passed over: ink in a table's header with no word on it, read alone.

A header whose child cells sit right over a ruling line (a borderless table with a line under its
header, a spanning parent underlined over 'Target | Realisasi | Capaian') sometimes comes back
without those words at all: Tesseract takes the line of letters touching the rule for a picture
and drops it, and the columns under it lose their names. The ink is still on the page. Between a
header run's top and the first line of figures under it, every run of glyph-sized ink that no
word covers is cut out and read alone; what it reads is kept only where it names a column or a
year, with some confidence, so stray marks and specks never become header text.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from extractor.header import header_role
from extractor.models import Segment, Word
from extractor.ocr.header_reread import (
    ENLARGE,
    Box,
    CellReader,
    crop_cell,
    data_line,
    header_runs,
    line_centres,
    on_lines,
    placed,
)
from extractor.vocabulary import HEADER_YEAR

MAX_BLOCKS = 8  # ink runs read per page at most
SURE = 50.0  # mean confidence a reading needs to be kept
INK = 128  # grey level: darker pixels of the prepared page are ink
GAP = 1.0  # glyph heights: ink closer than this is one phrase
COVERED = 0.3  # share of a run's width a word of the first reading may cover and the run still be unread


def read_lost_header_words(
    words: Sequence[Word],
    image: np.ndarray,
    points_per_pixel: float,
    segments: Sequence[Segment],
    glyph_height: float,
    read: CellReader,
) -> tuple[tuple[Word, ...], int]:
    """``words`` with the header words read from unread ink under each header run; returns
    (words, ink runs read into). ``image`` is the prepared grey page, rules erased."""
    blocks = [b for run in header_runs(words, segments) for b in _unread_ink(run, words, image, points_per_pixel, glyph_height)]
    if not blocks:
        return tuple(words), 0
    centres = line_centres(words)
    fresh = max((w.line for w in words), default=0) + 9000
    added: list[Word] = []
    runs = 0
    for k, box in enumerate(blocks[:MAX_BLOCKS]):
        crop, x0, y0 = crop_cell(image, box, points_per_pixel)
        if min(crop.shape[:2], default=0) < 4:
            continue
        again = placed(read(crop, points_per_pixel / ENLARGE), x0, y0, points_per_pixel)
        if _names_something(again):
            added.extend(on_lines(again, centres, glyph_height, fresh + 100 * k))
            runs += 1
    if not added:
        return tuple(words), 0
    return tuple(sorted((*words, *added), key=lambda w: (w.line, w.x0))), runs


def _names_something(again: Sequence[Word]) -> bool:
    """A surely read phrase naming a column or a year: header text, not a speck read as letters."""
    if not again or float(np.mean([w.conf for w in again])) < SURE:
        return False
    text = " ".join(w.text for w in again)
    return header_role(text) is not None or bool(HEADER_YEAR.search(text))


def _unread_ink(run: Sequence[Word], words: Sequence[Word], image: np.ndarray, ppp: float, glyph: float) -> list[Box]:
    """Boxes (points) of glyph-tall ink runs inside the header's reach that no word covers: from
    the run's top down to the first line of figures under it, across the run's width."""
    top, foot = min(w.top for w in run), max(w.bottom for w in run)
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    below = [min(w.top for w in ln) for ln in lines.values() if min(w.top for w in ln) > foot and data_line(ln)]
    bottom = min(below, default=foot + 2 * glyph)
    x0, x1 = min(w.x0 for w in run) - glyph, max(w.x1 for w in run) + glyph
    rows, cols = image.shape[:2]
    py0, py1 = max(0, int(top / ppp)), min(rows, int(bottom / ppp))
    px0, px1 = max(0, int(x0 / ppp)), min(cols, int(x1 / ppp))
    if py1 - py0 < 4 or px1 - px0 < 4:
        return []
    ink = (image[py0:py1, px0:px1] < INK).astype(np.uint8)
    boxes = [((px0 + a) * ppp, (py0 + b) * ppp, (px0 + c) * ppp, (py0 + d) * ppp) for a, b, c, d in _ink_runs(ink, glyph / ppp)]
    return [
        (box[0] - 0.3 * glyph, box[1] - 0.3 * glyph, box[2] + 0.3 * glyph, box[3] + 0.3 * glyph)
        for box, owned in zip(boxes, _owners(boxes, words, glyph), strict=True)
        if not _covered(box, owned)
    ]


def _owners(boxes: Sequence[Box], words: Sequence[Word], glyph: float) -> list[list[Word]]:
    """The words of the first reading that may have read each ink run. A word read one line: of
    the lines of runs it lies over, the one whose top is nearest its own. Tesseract sometimes
    stretches a word's box down over an unread line under it ('Realisasi Tahun' boxed down over
    a lost '2020'); it did not read that line too."""
    owned: list[list[Word]] = [[] for _ in boxes]
    for w in words:
        hits = [k for k, b in enumerate(boxes) if min(w.bottom, b[3]) > max(w.top, b[1]) and min(w.x1, b[2]) > max(w.x0, b[0])]
        if not hits:
            continue
        top = min((boxes[k][1] for k in hits), key=lambda t: abs(t - w.top))
        for k in hits:
            if abs(boxes[k][1] - top) <= 0.5 * glyph:
                owned[k].append(w)
    return owned


def _ink_runs(ink: np.ndarray, glyph_px: float) -> list[tuple[int, int, int, int]]:
    """Pixel boxes of runs of glyph-sized marks closer than ``GAP`` glyph heights on one line."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    canvas = np.zeros_like(ink)
    for x, y, w, h, _ in stats[1:count]:
        if 0.35 * glyph_px <= h <= 2.0 * glyph_px and w <= 6 * glyph_px:
            canvas[y : y + h, x : x + w] = 1
    reach = max(1, round(GAP * glyph_px / 2))
    canvas = cv2.dilate(canvas, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 1)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(canvas, connectivity=4)
    return [
        (int(x) + reach, int(y), int(x + w) - reach, int(y + h))
        for x, y, w, h, _ in stats[1:count]
        if h >= 0.5 * glyph_px and w - 2 * reach >= glyph_px
    ]


def _covered(box: Box, words: Sequence[Word]) -> bool:
    """Words of the first reading level with the run lie over a share of its width: it was read."""
    spans = sorted(
        (max(w.x0, box[0]), min(w.x1, box[2]))
        for w in words
        if min(w.bottom, box[3]) - max(w.top, box[1]) > 0 and min(w.x1, box[2]) > max(w.x0, box[0])
    )
    covered, reach = 0.0, box[0]
    for a, b in spans:
        covered += max(0.0, b - max(a, reach))
        reach = max(reach, b)
    return covered > COVERED * (box[2] - box[0])
