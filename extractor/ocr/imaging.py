"""Image clean-up before OCR: orientation, deskew, binarisation and ruling lines.

Which way up and how askew a page lies is measured in ``orientation``; this module applies it.

Scanned KPU reports arrive rotated (landscape tables in portrait files), a degree or two askew,
with grey, uneven paper and JPEG noise. Tesseract reads far better from an upright, straight,
black-on-white image without table borders, and the table finder needs those borders as
segments, so both come out of one pass here. Everything is in pixels of the prepared image;
the caller scales to PDF points.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from extractor.models import Segment
from extractor.ocr.orientation import (
    SKEW_SIDE,
    OsdFunction,
    detect_orientation,
    estimate_skew,
    rotate_right_angle,
    rotate_small,
    shrink,
)
from extractor.ocr.restore import (
    InkComponents,
    glyph_scale_of,
    label_ink,
    paper_cutoff,
    speck_components,
    stray_marks,
    to_grey,
    visible_ink,
)

MAX_FLANKED = 0.3  # a "line" with ink on both sides along more of its length than this is text
MAX_ONE_SIDED = 0.6  # a short "line" with ink along one side over more of its length is text
MAX_UPSCALE = 3.0  # beyond this, interpolation invents detail rather than revealing it
UNSHARP = 0.6  # weight of the unsharp mask after upsampling
SPECKLED = 0.6  # a glyph-height median under this share of the ink-weighted scale is speckle's
SPECKLED_PAGE = 60  # isolated specks on a page that make it a speckled copy: marks by text are looked at too


@dataclass(frozen=True, eq=False)
class PreparedImage:
    """An upright, deskewed page ready for OCR, with the ruling lines it held.

    ``rotation`` is the clockwise rotation (0/90/180/270) applied to the input; ``skew`` is the
    angle in degrees (counter-clockwise positive, as in ``PIL.Image.rotate``) at which the
    content was found and that was undone. ``ocr`` is grey text on pure white paper with ruling
    lines erased (see ``erase_lines``); ``grey`` is the background-normalised upright image,
    lines kept.
    """

    grey: np.ndarray
    ocr: np.ndarray
    segments: tuple[Segment, ...]  # in pixels of ``grey``
    rotation: int
    skew: float
    char_height: float  # median glyph height in pixels, a scale for later heuristics

    @property
    def width(self) -> int:
        return int(self.grey.shape[1])

    @property
    def height(self) -> int:
        return int(self.grey.shape[0])


def normalise_background(grey: np.ndarray) -> np.ndarray:
    """Divide by an estimate of the paper so shading, stains and uneven light turn white.

    The background is a grey closing (max filter) on a small copy: wider than any stroke, so
    text vanishes from it, but local enough to follow a gradient across the page.
    """
    height, width = grey.shape
    small = shrink(grey, 800)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    background = cv2.GaussianBlur(background, (0, 0), 3)
    if small.shape != grey.shape:
        background = cv2.resize(background, (width, height), interpolation=cv2.INTER_LINEAR)
    background = np.maximum(background, 1)
    return cv2.divide(grey, background, scale=255)


def ink_threshold(normalised: np.ndarray) -> float | None:
    """Otsu's grey level between ink and paper, or None for a blank page (Otsu would split noise)."""
    if int(normalised.max()) - int(normalised.min()) < 40:
        return None
    level, _ = cv2.threshold(normalised, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return float(level)


def ink_mask(normalised: np.ndarray, level: float | None = None) -> np.ndarray:
    """Otsu threshold of a normalised image: 255 where there is ink, 0 on paper (``level``: the
    image's ``ink_threshold``, when the caller has it already)."""
    level = ink_threshold(normalised) if level is None else level
    if level is None:
        return np.zeros_like(normalised)
    _, mask = cv2.threshold(normalised, level, 255, cv2.THRESH_BINARY_INV)
    return mask


def upsample(grey: np.ndarray, factor: float) -> np.ndarray:
    """A coarse scan enlarged for OCR: cubic interpolation, then an unsharp mask one source pixel wide.

    Tesseract reads 8-point table text far better at ~300 DPI than at the 150 DPI of cheap
    scans; plain interpolation leaves the strokes soft, and the unsharp mask restores the
    edges the scanner's optics and JPEG blurred. With grey OCR input (``erase_lines``) it took
    the digit tokens read right on the table pages of a 150-DPI sample scan from 80% to 98%.
    """
    factor = min(factor, MAX_UPSCALE)
    if factor <= 1.05:
        return grey
    big = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    blur = cv2.GaussianBlur(big, (0, 0), factor)
    return cv2.addWeighted(big, 1.0 + UNSHARP, blur, -UNSHARP, 0)


def erase_lines(normalised: np.ndarray, lines: np.ndarray, level: float | None, reach: int = 0) -> np.ndarray:
    """The grey OCR image: ruling lines painted white, paper pixels pure white, ink left grey.

    Tesseract's recogniser works on grey levels; a thresholded copy thickens strokes of a
    blurred scan until 3, 6 and 8 look alike. Pixels lighter than halfway between Otsu's
    level and white are paper (JPEG ringing, line halos, grain) and become white. With
    ``reach`` (pixels), ink left within that distance of an erased line and nowhere else goes
    too: the ragged edges of a border a fax or a coarse copy left jagged, which the opening
    that found the border does not cover and Tesseract reads as '|' and '_'. A glyph near a
    border reaches out of that strip and stays.
    """
    if level is None:
        return np.full_like(normalised, 255)
    out = normalised.copy()
    out[cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))) > 0] = 255
    out[out > paper_cutoff(level)] = 255
    if reach > 0 and lines.any():
        strip = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 2 * reach + 1)))
        joined = cv2.dilate((out <= level).astype(np.uint8), np.ones((3, 3), np.uint8))
        box = _around(cv2.boundingRect(strip), out.shape, 1)
        _erase_residue(out[box], joined[box], strip[box])
    return out


def _around(rect: Sequence[int], shape: tuple[int, ...], pad: int) -> tuple[slice, slice]:
    """Slices of an (x, y, w, h) rectangle grown by ``pad`` pixels, within an image of ``shape``."""
    x, y, w, h = rect
    return slice(max(0, y - pad), min(shape[0], y + h + pad)), slice(max(0, x - pad), min(shape[1], x + w + pad))


def _erase_residue(out: np.ndarray, joined: np.ndarray, strip: np.ndarray) -> None:
    """Paint white (in place) the ink of components of ``joined`` lying wholly inside ``strip``.
    Called on the strip's bounding box grown by a pixel: a component cut by that box has a pixel
    on its rim, outside the strip, so labelling the box alone gives the page's answer."""
    count, labels = cv2.connectedComponents(joined, connectivity=8)
    if count > 1:
        residue = np.bincount(labels[strip == 0], minlength=count) == 0
        residue[0] = False
        out[residue[labels] & (out < 255)] = 255


def estimate_char_height(ink: np.ndarray) -> float:
    """Median height of glyph-sized connected components; 0 when the page has none.

    Photocopy speckle near text survives ``speck_mask`` and can outnumber the letters, pulling
    the median down to a third of their height (and every kernel sized from it with it): when
    the median is under ``SPECKLED`` of the ink-weighted glyph scale (``restore.glyph_scale``,
    which speckle cannot outweigh), components under half that scale are left out of it. Big
    pages are measured at half size (glyphs stay 10+ pixels tall at 300 DPI), for speed.
    """
    factor = 2 if max(ink.shape) > 2000 else 1
    small = cv2.resize(ink, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA) if factor == 2 else ink
    _, _, stats, _ = cv2.connectedComponentsWithStats((small > 64).astype(np.uint8), connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    limit = max(small.shape[0] // 8, 8)
    shaped = (heights <= limit) & (widths <= 4 * heights)
    glyphs = heights[shaped & (heights >= 4 // factor)]
    if not glyphs.size:
        return 0.0
    median = float(np.median(glyphs))
    scale = glyph_scale_of(stats, small.shape[0])  # the same mask, labelled above
    tall = heights[shaped & (heights >= scale / 2)]
    if median < SPECKLED * scale and tall.size:  # none: the scale came from ink no glyph is shaped like
        median = float(np.median(tall))
    return median * factor


def isolate_cell(
    grey: np.ndarray, box: tuple[int, int, int, int], min_text_height: int = 20
) -> tuple[np.ndarray, float] | None:
    """One cell's content for a digits-only re-read: (black on white image, scale factor).

    The crop gets a margin, is scaled up only if its text is under ``min_text_height`` pixels
    (upscaling legible text made Tesseract misread more digits on our test pages), and loses any
    cell border spanning nearly its full width or height; digit stems are shorter than that,
    so they stay. None for an empty box.
    """
    x0, y0, x1, y1 = box
    height, width = grey.shape
    pad = max(2, int(0.3 * (y1 - y0)))
    x0, y0, x1, y1 = max(0, x0 - pad), max(0, y0 - pad), min(width, x1 + pad), min(height, y1 + pad)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    crop = grey[y0:y1, x0:x1]
    factor = float(np.clip(min_text_height / max(1, box[3] - box[1]), 1.0, 4.0))
    if factor > 1.05:
        crop = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    else:
        factor = 1.0
    ink = ink_mask(normalise_background(crop))
    rows, cols = ink.shape
    for kernel in ((max(8, int(cols * 0.9)), 1), (1, max(8, int(rows * 0.9)))):
        borders = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        ink = cv2.bitwise_and(ink, cv2.bitwise_not(cv2.dilate(borders, np.ones((3, 3), np.uint8))))
    if not ink.any():
        return None
    clean = cv2.copyMakeBorder(cv2.bitwise_not(ink), 10, 10, 10, 10, cv2.BORDER_CONSTANT, value=255)
    return clean, factor


def flanked_share(ink: np.ndarray, x: int, y: int, w: int, h: int, horizontal: bool, reach: int) -> float:
    """Share of a line candidate's length with ink on both sides of it, a little way off.

    A table border runs between paper (text touches it only here and there); a run of bold
    letters merged by a heavy threshold looks just as long and thin but has the letters' bodies
    above and below it along most of its length.
    """
    if not horizontal:
        return flanked_share(ink.T, y, x, h, w, True, reach)
    rows = ink.shape[0]
    near, far = 2, 2 + max(2, reach)
    above = ink[max(0, y - far) : max(0, y - near), x : x + w]
    below = ink[min(rows, y + h + near) : min(rows, y + h + far), x : x + w]
    if above.size == 0 or below.size == 0:
        return 0.0
    both = (above > 0).any(axis=0) & (below > 0).any(axis=0)
    return float(both.mean())


def one_sided_share(ink: np.ndarray, x: int, y: int, w: int, h: int, reach: int) -> float:
    """Share of a horizontal candidate's length with ink just above it, or just below it, the
    larger. A bold word's letters melted along their baseline or x-height leave a run with the
    letters' bodies on one side along nearly all its length; a border has paper on both sides
    except where a word comes close."""
    rows = ink.shape[0]
    near, far = 2, 2 + max(2, reach)
    above = ink[max(0, y - far) : max(0, y - near), x : x + w]
    below = ink[min(rows, y + h + near) : min(rows, y + h + far), x : x + w]
    shares = [float((side > 0).any(axis=0).mean()) for side in (above, below) if side.size]
    return max(shares, default=0.0)


def _line_components(
    mask: np.ndarray,
    horizontal: bool,
    max_thickness: int,
    accept: Callable[[int, int, int, int], bool],
    ink: np.ndarray | None = None,
    short: int = 0,
) -> tuple[np.ndarray, list[Segment]]:
    """Thin, elongated components of an opened mask: (mask of the kept ones, their segments).

    With ``ink``, a candidate with ink on both sides along most of its length is text, not a
    border (see ``flanked_share``), and so is a horizontal one shorter than ``short`` with ink
    along one side (``one_sided_share``: a bold word in a blurred, enlarged scan).
    """
    kept = np.zeros(mask.shape, dtype=np.uint8)
    out: list[Segment] = []
    left, top, span_x, span_y = cv2.boundingRect(mask)  # label only where lines are: much faster
    if span_x == 0 or span_y == 0:
        return kept, out
    region = mask[top : top + span_y, left : left + span_x]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        window = (slice(y, y + h), slice(x, x + w))
        hit = labels[window] == i
        x, y = x + left, y + top
        along, across = (w, h) if horizontal else (h, w)
        if along < 3 * across or (across > max_thickness and along < 10 * across) or not accept(x, y, w, h):
            continue  # not a line, or a thick short bar: a bold glyph stem rather than a border
        if ink is not None and flanked_share(ink, x, y, w, h, horizontal, max_thickness) > MAX_FLANKED:
            continue
        if ink is not None and horizontal and w < short and one_sided_share(ink, x, y, w, h, max_thickness) > MAX_ONE_SIDED:
            continue
        kept[y : y + h, x : x + w][hit] = 255
        if horizontal:
            edges = [y + h / 2.0] if h <= max_thickness else [y + 0.5, y + h - 0.5]
            out.extend(Segment(float(x), e, float(x + w), e) for e in edges)
        else:
            edges = [x + w / 2.0] if w <= max_thickness else [x + 0.5, x + w - 0.5]
            out.extend(Segment(e, float(y), e, float(y + h)) for e in edges)
    return kept, out


def find_ruling_lines(
    ink: np.ndarray, char_height: float, components: InkComponents | None = None
) -> tuple[np.ndarray, tuple[Segment, ...]]:
    """Table borders by morphological opening with long thin kernels: (line mask, segments).

    Horizontal kernels are several glyphs long, so no letter survives. Vertical ones must be
    short enough for the border of a one-line row, which a bold heading stem can match too, so
    a short vertical counts only where it meets a horizontal border; long ones always count.
    Short gaps from noise or JPEG are bridged before measuring; the dashes a fax leaves between
    the pieces of a vertical border found whole enough go with it (``_border_pieces``).
    ``components``: the ink's components when the caller labelled them already.
    """
    height, width = ink.shape
    glyph = char_height if char_height > 0 else max(height, width) / 150.0
    h_len = int(max(20, 4 * glyph, width / 60))
    v_len = int(max(15, 2.2 * glyph, height / 120))
    bridge = int(max(3, glyph / 3))
    max_thickness = int(max(4, glyph / 3))
    h_open = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    v_open = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    h_join = cv2.morphologyEx(h_open, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 3)))
    v_join = cv2.morphologyEx(v_open, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (3, bridge)))
    h_keep, h_segments = _line_components(h_join, True, max_thickness, lambda x, y, w, h: True, ink, int(10 * glyph))
    reach = cv2.dilate(h_keep, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * bridge + 1, 2 * bridge + 1)))
    long_enough = 5 * glyph

    def touches_border(x: int, y: int, w: int, h: int) -> bool:
        if h >= long_enough:
            return True
        return bool(reach[y, x : x + w].any() or reach[y + h - 1, x : x + w].any())

    v_keep, v_segments = _line_components(v_join, False, max_thickness, touches_border, ink)
    short = _short_borders(ink, h_segments, v_segments, max_thickness, long_enough)
    segments = sorted(h_segments + v_segments + short, key=lambda s: (s.top, s.x0, s.bottom, s.x1))
    mask = cv2.bitwise_or(cv2.bitwise_and(h_open, h_keep), cv2.bitwise_and(v_open, v_keep))
    for s in short:  # erased with the rest, so OCR reads no '|' beside the cell's text
        rows = slice(int(s.top), int(s.bottom) + 1)
        cols = slice(max(0, int(s.x0) - max_thickness // 2), int(s.x0) + max_thickness // 2 + 1)
        mask[rows, cols] = np.maximum(mask[rows, cols], ink[rows, cols])
    return cv2.bitwise_or(mask, _border_pieces(ink, v_segments, max_thickness, components)), tuple(segments)


def _border_columns(vertical: Sequence[Segment], reach: int) -> list[list[Segment]]:
    """Vertical segments grouped by the border they are pieces of (x within ``reach`` pixels)."""
    columns: list[list[Segment]] = []
    for s in sorted(vertical, key=lambda s: s.x0):
        if columns and s.x0 - columns[-1][-1].x0 <= reach:
            columns[-1].append(s)
        else:
            columns.append([s])
    return columns


SHORT_BORDER_INK = 0.9  # of the rows between two rules, the share a short border's strip inks


def _short_borders(
    ink: np.ndarray, horizontal: Sequence[Segment], vertical: Sequence[Segment], reach: int, long_enough: float
) -> list[Segment]:
    """Vertical borders of rows too short for the vertical kernel (a one-line row, its border no
    longer than a bold stem): along a column border found long elsewhere, between two horizontal
    rules that both cross it, a strip inked over nearly all the rows between them. Letters
    beside a border never ink a row from rule to rule."""
    columns = _border_columns(vertical, reach)
    out: list[Segment] = []
    for column in columns:
        if max(s.bottom - s.top for s in column) < long_enough:
            continue
        x = float(np.median([s.x0 for s in column]))
        ys = sorted({round(h.top) for h in horizontal if h.x0 - reach <= x <= h.x1 + reach})
        for y0, y1 in itertools.pairwise(ys):
            middle = (y0 + y1) / 2
            if y1 - y0 <= 2 * reach or any(s.top <= middle <= s.bottom for s in column):
                continue
            strip = ink[y0 + reach : y1 - reach, max(0, int(x) - reach) : int(x) + reach + 1]
            if strip.size and float(strip.any(axis=1).mean()) >= SHORT_BORDER_INK:
                out.append(Segment(x, float(y0), x, float(y1)))
    return out


def _border_pieces(
    ink: np.ndarray, vertical: Sequence[Segment], reach: int, components: InkComponents | None = None
) -> np.ndarray:
    """Mask of the short pieces of vertical borders found elsewhere in pieces long enough to
    count: ink components no wider than a border, each wholly within ``reach`` pixels of a border's
    x and within the rows its found pieces span. A fax drops so much of a border that most of it
    is left as dashes shorter than any kernel may be (a letter's stem is as long); along a border
    already found they are the border, and a glyph in the cell beside it reaches out of the strip."""
    out = np.zeros_like(ink)
    if not vertical:
        return out
    components = label_ink(ink) if components is None else components
    labels, stats = components.labels, components.stats
    count = len(stats)
    x, y, w, h = (stats[1:count, i] for i in range(4))
    thin = (w <= reach) & (h >= w) & components.kept[1:]
    pieces = np.zeros(count, bool)
    columns = _border_columns(vertical, reach)
    for column in columns:
        left = min(s.x0 for s in column) - reach
        right = max(s.x0 for s in column) + reach
        top, bottom = min(s.top for s in column), max(s.bottom for s in column)
        inside = thin & (x >= left) & (x + w <= right + 1) & (y >= top) & (y + h <= bottom + 1)
        pieces[1:][inside] = True
    if pieces.any():
        found = stats[pieces]
        top, left = int(found[:, 1].min()), int(found[:, 0].min())
        bottom, right = int((found[:, 1] + found[:, 3]).max()), int((found[:, 0] + found[:, 2]).max())
        out[top:bottom, left:right][pieces[labels[top:bottom, left:right]]] = 255
    return out


@dataclass(frozen=True)
class ColumnGaps:
    """Where ``widen_at_rulings`` inserted blank columns, to map x positions back.

    ``bands`` are (first row, end row, cut positions in original pixels); rows outside every
    band were not changed.
    """

    gap: int
    bands: tuple[tuple[int, int, tuple[int, ...]], ...] = ()

    def to_original(self, x: float, y: float) -> float:
        """The original x of a position (x, y) in the widened image."""
        for top, bottom, cuts in self.bands:
            if top <= y < bottom:
                shift = 0
                for i, cut in enumerate(cuts):
                    start = cut + i * self.gap  # where this gap begins in the widened image
                    if x >= start + self.gap:
                        shift = (i + 1) * self.gap
                    elif x >= start:
                        return float(cut)
                return x - shift
        return x


def _blank_row(row: int, blank: np.ndarray, reach: int) -> int:
    """The row without ink nearest ``row`` (of the sorted ``blank`` rows), if within ``reach``."""
    i = int(np.searchsorted(blank, row))
    near = [int(blank[j]) for j in (i - 1, i) if 0 <= j < len(blank) and abs(int(blank[j]) - row) <= reach]
    return min(near, key=lambda b: abs(b - row)) if near else row


def widen_at_rulings(
    image: np.ndarray, segments: Sequence[Segment], gap: int
) -> tuple[np.ndarray, ColumnGaps]:
    """Insert ``gap`` blank pixels at every vertical ruling line, only in the rows it spans.

    Once borders are erased, a number right-aligned against a border and the next cell's text
    can sit a word-space apart, and Tesseract reads them as one garbled word; a wide blank
    where the border was keeps cells apart. Rows outside the table stay as they were. A border
    found only in pieces (a fax drops its pixels) ends inside a text line; the change of gaps
    there would shear that line's glyphs apart, so every piece's end moves to the nearest row
    without ink (within ``gap`` rows) and whole lines shift together.
    """
    vertical = [s for s in segments if not s.horizontal]
    if not vertical or gap <= 0:
        return image, ColumnGaps(gap)
    height, width = image.shape[:2]
    blank = np.flatnonzero((image < 128).sum(axis=1) == 0)
    edges = sorted(
        {0, height, *(_blank_row(int(max(0, min(height, v))), blank, gap) for s in vertical for v in (s.top, s.bottom + 1))}
    )
    bands: list[tuple[int, int, tuple[int, ...]]] = []
    for top, bottom in itertools.pairwise(edges):
        middle = (top + bottom) / 2
        cuts = tuple(sorted({round(s.x0) for s in vertical if s.top <= middle <= s.bottom + 1}))
        if bands and bands[-1][2] == cuts and bands[-1][1] == top:
            bands[-1] = (bands[-1][0], bottom, cuts)
        else:
            bands.append((top, bottom, cuts))
    most = max(len(cuts) for _, _, cuts in bands)
    widened = np.full((height, width + most * gap), 255, dtype=image.dtype)
    for top, bottom, cuts in bands:
        start, out = 0, 0
        for cut in (*cuts, width):
            cut = min(max(cut, start), width)
            widened[top:bottom, out : out + cut - start] = image[top:bottom, start:cut]
            out += cut - start + gap
            start = cut
    return widened, ColumnGaps(gap, tuple(b for b in bands if b[2]))


def _without_specks(
    normalised: np.ndarray, ink: np.ndarray, level: float | None
) -> tuple[np.ndarray, np.ndarray, InkComponents | None]:
    """The page and its ink with specks painted out (``restore.speck_mask``; on a speckled copy
    ``restore.stray_marks`` too), and the ink's components labelled on the way, for the ruling
    lines (None when stray marks took parts of components). Specks are whole components, never
    touching one another, so they are counted by their flags."""
    labelled = label_ink(ink)
    flags = speck_components(labelled)
    specks = (flags[labelled.labels] * 255).astype(np.uint8) if flags.any() else np.zeros_like(ink)
    components: InkComponents | None = InkComponents(labelled.labels, labelled.stats, labelled.kept & ~flags)
    if int(flags.sum()) >= SPECKLED_PAGE:
        specks = cv2.bitwise_or(specks, stray_marks(visible_ink(normalised, level)))
        components = None
    if specks.any():
        normalised = normalised.copy()
        normalised[cv2.dilate(specks, np.ones((5, 5), np.uint8)) > 0] = 255  # with their grey rims
        ink = cv2.bitwise_and(ink, cv2.bitwise_not(specks))
    return normalised, ink, components


def prepare(
    image: Image.Image | np.ndarray, *, osd: OsdFunction | None = None, rotation: int | None = None
) -> PreparedImage:
    """Upright, deskewed, background-normalised page plus its ruling lines, lines erased for OCR.

    ``rotation`` forces the clockwise quarter turn; otherwise it is detected: with ``osd``
    (Tesseract's orientation detector) when given, else from the text-line axis alone, which
    cannot see upside-down pages (the page pipeline calls OSD only when a read looks wrong).
    """
    grey = to_grey(image)
    normalised = normalise_background(grey)
    level = ink_threshold(normalised)
    ink = ink_mask(normalised, level)
    shrunk = shrink(ink, SKEW_SIDE)  # skew and the letters' joins are measured on it (as large)
    if rotation is None:
        rotation = detect_orientation(normalised, ink, osd, shrunk) if ink.any() else 0
    if rotation % 90:
        raise ValueError(f"rotation must be a multiple of 90 degrees, got {rotation}")
    rotation %= 360
    if rotation:
        normalised = rotate_right_angle(normalised, rotation)
        ink = rotate_right_angle(ink, rotation)
        shrunk = shrink(ink, SKEW_SIDE)
    skew, _ = estimate_skew(shrunk)
    if abs(skew) >= 0.05:
        normalised = rotate_small(normalised, -skew)
        level = ink_threshold(normalised)
        ink = ink_mask(normalised, level)
    else:
        skew = 0.0
    normalised, ink, components = _without_specks(normalised, ink, level)
    char_height = estimate_char_height(ink)
    lines, segments = find_ruling_lines(ink, char_height, components)
    ocr = erase_lines(normalised, lines, level, int(char_height / 4))
    return PreparedImage(normalised, ocr, segments, rotation, skew, char_height)
