"""Copier streaks: thin stripes down the whole picture, darker or lighter than the paper around them.

A photocopier's dirty glass or worn drum adds (or takes away) a little toner along one column of
the picture, from the top edge to the bottom. Tesseract reads such a stripe as '|', 'i', '1' or
'!' at the start of every line it crosses, and a light one cuts the strokes under it. The paper
level of each column (the median of the paper pixels, away from ink, measured in tiles down the
page) shows them: a stripe's column differs from its neighbours' by the same sign in most tiles,
over the page's margins too. Table rules and text are ink and are not measured; a rule never runs
through the margins. The stripe is undone by subtracting its measured offset, tile by tile, so
text crossing it keeps its contrast.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from scipy.ndimage import median_filter


@dataclass(frozen=True)
class StreakSettings:
    """``tile``: rows per tile; ``neighbours``: share of the page width the column is compared
    with; ``offset``: grey levels a column's paper must differ from its neighbours' (median over
    the tiles); ``along``: share of the measured tiles that must agree in sign; ``min_paper``:
    share of a tile column that must be paper for it to be measured."""

    tile: int = 64  # even: measured on every other row
    neighbours: float = 0.025
    offset: float = 6.0
    along: float = 0.6
    min_paper: float = 0.25


DEFAULT = StreakSettings()


def paper_levels(grey: np.ndarray, tile: int, min_paper: float) -> np.ndarray:
    """Median paper grey per (tile, column), NaN where too little paper shows: pixels not beside
    ink (a rule's or a glyph's blurred rim is not paper). Ink is darker than halfway from the
    darkest ink to the paper: Otsu's level sits close to a mostly blank copy's paper, and a stripe
    darker than it is still paper."""
    rows = grey.shape[0] // tile * tile
    darkest, middle = grey_percentiles(grey, (0.5, 50.0))
    level = (darkest + middle) / 2
    ink = (grey <= level).astype(np.uint8)
    near = cv2.dilate(ink, np.ones((5, 5), np.uint8)) > 0
    paper = ~near[:rows]
    values = np.where(paper, grey[:rows], 0).reshape(-1, tile, grey.shape[1])
    counts = paper.reshape(-1, tile, grey.shape[1]).sum(axis=1)
    ordered = np.sort(values, axis=1)  # the ink (0) first, then the paper in order
    middle = (tile - counts) + counts // 2
    levels = np.take_along_axis(ordered, np.minimum(middle, tile - 1)[:, None, :], axis=1)[:, 0, :]
    return np.where(counts >= min_paper * tile, levels.astype(np.float32), np.nan)


def grey_percentiles(grey: np.ndarray, qs: tuple[float, ...]) -> tuple[float, ...]:
    """``np.percentile(grey, q)`` (linear interpolation) of an 8-bit image for each ``q``, from its
    histogram: the same figures without sorting millions of pixels."""
    ranks = np.cumsum(np.bincount(grey.ravel(), minlength=256))
    last = int(ranks[-1]) - 1
    out = []
    for q in qs:
        position = q / 100.0 * last
        below = int(np.floor(position))
        a = float(np.searchsorted(ranks, below, side="right"))
        b = float(np.searchsorted(ranks, min(below + 1, last), side="right"))
        t = position - below
        # numpy's lerp, both halves, so the figures agree to the last bit
        out.append(b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t)
    return tuple(out)


def streak_offsets(grey: np.ndarray, settings: StreakSettings = DEFAULT) -> np.ndarray | None:
    """Offset (tiles x columns) of each streak column's paper from its neighbours', 0 elsewhere;
    None when the picture has no streak."""
    if grey.shape[0] < 4 * settings.tile:
        return None
    levels = paper_levels(grey[::2], settings.tile // 2, settings.min_paper)  # every other row is enough
    measured = ~np.isnan(levels)
    filled = np.where(measured, levels, np.nanmedian(levels) if measured.any() else 255.0)
    window = 2 * max(3, int(settings.neighbours * grey.shape[1])) + 1
    offset = np.where(measured, filled - median_filter(filled, size=(1, window), mode="nearest"), 0.0)
    typical = np.median(np.where(measured, offset, np.nan), axis=0) if measured.any() else None
    if typical is None:
        return None
    typical = np.nan_to_num(typical)
    agree = (np.sign(offset) == np.sign(typical)[None, :]) & measured
    share = agree.sum(axis=0) / np.maximum(measured.sum(axis=0), 1)
    streak = (np.abs(typical) >= settings.offset) & (share >= settings.along) & (measured.mean(axis=0) >= 0.5)
    if not streak.any():
        return None
    return np.where(streak[None, :], offset, 0.0).astype(np.float32)


def even_streaks(grey: np.ndarray, settings: StreakSettings = DEFAULT) -> np.ndarray:
    """``grey`` with its copier streaks evened out (unchanged, the same array, when it has none)."""
    offsets = streak_offsets(grey, settings)
    if offsets is None:
        return grey
    columns = np.nonzero(offsets.any(axis=0))[0]
    centres = (np.arange(offsets.shape[0]) + 0.5) * settings.tile
    rows = np.arange(grey.shape[0])
    out = grey.astype(np.float32)
    for c in columns:
        out[:, c] -= np.interp(rows, centres, offsets[:, c])
    return np.clip(out, 0, 255).astype(np.uint8)
