"""Word boxes fitted to their ink: Tesseract now and then returns a word box two or three times
as tall as the word's glyphs ('100' in a clean row spanning the line above), and row geometry
reads such a box as a line reaching into the row above; the gap that parts two rows is gone.

Only boxes much taller than the reading's usual word are touched: their top and bottom move to
the run of inked pixel rows inside the box that holds the most ink (a speck or the tail of a
neighbouring line's letter elsewhere in the box does not count). Ink is anything darker than
halfway from the box's darkest pixel to white, so a thin light stroke (the stem of a blurred '7')
counts; a run shorter than most glyphs leaves the box as read, as no glyph was found whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from extractor.models import Word

TALL = 1.4  # a box this many times the median word height is taller than any word's glyphs
SHORTEST = 0.7  # of the median height: a run of ink shorter than this is no whole glyph
ROW_GAP = 0.15  # of the median height: blank pixel rows inside one run of ink (a broken stroke)


def fit_to_ink(words: Sequence[Word], image: np.ndarray, scale: float) -> tuple[Word, ...]:
    """``words`` (points, ``scale`` points per pixel of ``image``) with boxes far taller than the
    median word's shrunk to the ink they hold."""
    if len(words) < 3 or image.size == 0:
        return tuple(words)
    median = float(np.median([w.bottom - w.top for w in words]))
    if median <= 0:
        return tuple(words)
    gap = max(1, int(ROW_GAP * median / scale))
    shortest = SHORTEST * median
    return tuple(_fitted(w, image, scale, gap, shortest) if w.bottom - w.top > TALL * median else w for w in words)


def _fitted(w: Word, image: np.ndarray, scale: float, gap: int, shortest: float) -> Word:
    rows, cols = image.shape[:2]
    x0, x1 = max(0, int(w.x0 / scale)), min(cols, int(np.ceil(w.x1 / scale)))
    y0, y1 = max(0, int(w.top / scale)), min(rows, int(np.ceil(w.bottom / scale)))
    if x1 <= x0 or y1 <= y0:
        return w
    box = image[y0:y1, x0:x1]
    ink = (box < (int(box.min()) + 255) / 2).sum(axis=1)
    runs = _ink_runs(ink, gap)
    if not runs:
        return w
    start, end = max(runs, key=lambda r: int(ink[r[0] : r[1]].sum()))
    if (end - start) * scale < shortest:
        return w
    return replace(w, top=max(w.top, (y0 + start) * scale), bottom=min(w.bottom, (y0 + end) * scale))


def _ink_runs(ink: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """(start, end) row ranges of inked rows, blank stretches up to ``gap`` rows bridged."""
    runs: list[tuple[int, int]] = []
    for y in np.flatnonzero(ink):
        if runs and y - runs[-1][1] <= gap:
            runs[-1] = (runs[-1][0], int(y) + 1)
        else:
            runs.append((int(y), int(y) + 1))
    return runs
