"""A second look at a ruled table's cells that came back empty though the page shows ink in them.

Read inside a whole table band, Tesseract's uniform block sometimes passes over the figures of a
row whose label wraps over three or four lines: the figures stand vertically centred beside the
label's middle line, away from the block's text lines, and the row comes back with its label and
no values ('Persentase KPU ... yang aman dan damai | | |'). The ruling lines say where each cell
is; a cell between four rules that holds no word (or only debris read at next to no confidence)
but glyph-sized ink is cut out and read alone,
the words it gives kept where they read with some confidence. Dashes and dots (an empty cell's
mark) are no glyph-sized ink and are left alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

import cv2
import numpy as np

from extractor.models import Segment, Word
from extractor.ocr.header_reread import (
    ENLARGE,
    INSET,
    Box,
    CellReader,
    crop_cell,
    inside,
    line_centres,
    on_lines,
    placed,
    rules_between,
    vertical_rules,
)

MAX_CELLS = 12  # cells read per page at most: a bound on the cost of a page of stray ink
SURE = 50.0  # mean confidence a cell's reading needs to be kept
GLYPH_SHARE = 0.6  # a mark this share of the page's glyph height tall or more may be a character
SNAP = 2.0  # points: a ruling line this close to a row's edge bounds the cell
DEBRIS = 20.0  # a cell whose words all read below this confidence was not read
GREY_INK = 160  # grey level: a cell with nothing darker holds no print


def read_empty_cells(
    words: Sequence[Word],
    image: np.ndarray,
    points_per_pixel: float,
    segments: Sequence[Segment],
    glyph_height: float,
    read: CellReader,
    band: tuple[float, float] | None = None,
) -> tuple[tuple[Word, ...], int]:
    """``words`` (those of the table ``band``, or of the page) with the words read alone from
    each ruled cell inside the band that has ink but no word; returns (words, cells read into).
    ``image`` is the prepared grey page, rules erased."""
    top, bottom = band if band is not None else (float("-inf"), float("inf"))
    boxes = [
        b for b in ruled_cells(segments, glyph_height) if top <= b[1] and b[3] <= bottom and _unread(inside(words, b))
    ]
    inked = [b for b in boxes if _glyphs(image, b, points_per_pixel, glyph_height)][:MAX_CELLS]
    if not inked:
        return tuple(words), 0
    centres = line_centres(words)
    fresh = max((w.line for w in words), default=0) + 7000
    added: list[Word] = []
    dropped: set[Word] = set()
    for k, box in enumerate(inked):
        crop, x0, y0 = crop_cell(image, box, points_per_pixel)
        if min(crop.shape[:2], default=0) < 4:
            continue
        again = placed(read(crop, points_per_pixel / ENLARGE), x0, y0, points_per_pixel)
        if _better(inside(words, box), again):
            added.extend(on_lines(again, centres, glyph_height, fresh + 100 * k))
            dropped.update(inside(words, box))
    kept = [w for w in words if w not in dropped]
    cells = sum(1 for b in inked if inside(added, b))
    return tuple(sorted((*kept, *added), key=lambda w: (w.line, w.x0))), cells


def _better(first: Sequence[Word], again: Sequence[Word]) -> bool:
    """The cell read alone gives words read with some confidence, and no fewer digits than the
    debris it replaces ('SK' is no reading of a grey '75%' first read at 5)."""
    digits = lambda ws: sum(ch.isdigit() for w in ws for ch in w.text)  # noqa: E731
    return bool(again) and float(np.mean([w.conf for w in again])) >= SURE and digits(again) >= digits(first)


def _unread(given: Sequence[Word]) -> bool:
    """No word in the cell, or only debris: every word read at next to no confidence ('a' at 0
    for a grey '70 %'), or a scrap of two or three letters read unsurely ('Sh' at 38 for '75')."""
    return all(w.conf < DEBRIS or (w.conf < SURE and _scrap(w.text)) for w in given)


def _scrap(text: str) -> bool:
    letters = [ch for ch in text if ch.isalnum()]
    return len(letters) <= 3 and not any(ch.isdigit() for ch in letters)


def ruled_cells(segments: Sequence[Segment], glyph_height: float) -> Iterator[Box]:
    """The boxes between ruling lines: each pair of neighbouring horizontal rules a row, each pair
    of vertical rules crossing it a cell, where rules above and below both run over its middle
    (a merged cell's rows have no rule between them)."""
    horizontals = [s for s in segments if s.horizontal]
    ys: list[float] = []
    for y in sorted(s.top for s in horizontals):
        if not ys or y - ys[-1] > SNAP:
            ys.append(y)
    for top, bottom in itertools.pairwise(ys):
        if bottom - top < 1.2 * glyph_height:
            continue
        for left, right in itertools.pairwise(vertical_rules(segments, top + SNAP, bottom - SNAP)):
            middle = (left + right) / 2
            if right - left < 1.5 * glyph_height:
                continue
            if rules_between(horizontals, middle, top - SNAP, top + SNAP) and rules_between(
                horizontals, middle, bottom - SNAP, bottom + SNAP
            ):
                yield (left, top, right, bottom)


def _glyphs(image: np.ndarray, box: Box, ppp: float, glyph_height: float) -> bool:
    """The box, inside its rules, holds a mark as tall as a character: not only a dash or specks."""
    rows, cols = image.shape[:2]
    x0, y0 = max(0, int(box[0] / ppp) + 2 * INSET), max(0, int(box[1] / ppp) + 2 * INSET)
    x1, y1 = min(cols, int(box[2] / ppp) - 2 * INSET), min(rows, int(box[3] / ppp) - 2 * INSET)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return False
    crop = image[y0:y1, x0:x1]
    darkest = int(crop.min())
    if darkest >= GREY_INK:
        return False  # paper, shading and speckle only
    # halfway between the darkest ink and paper: a scan's figures can be grey throughout; never
    # so light that speckle on the paper counts
    level = min(GREY_INK, (darkest + 255) / 2)
    ink = (crop < level).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    tall = GLYPH_SHARE * glyph_height / ppp
    heights = stats[1:count, cv2.CC_STAT_HEIGHT]
    return bool(np.sum((heights >= tall) & (heights <= 3 * tall)) >= 1)
