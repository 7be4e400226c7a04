"""Where a page's table lies: the bands worth reading again as a table, and merging two readings.

Two sources of evidence, both cheap: the words of a first reading (``table_band``: lines and
rows holding numbers) and the image itself (``image_table_band``: ruled grids, and text lines
split into three or more blocks by wide blank gaps, the shape of a borderless table row), so
a table page can be read once, band first, without a whole-page triage reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from extractor.models import Segment, Word

FRAME_SHARE = 0.9  # a vertical rule this tall (share of the page) is a page frame, not a table
ROW_REACH = 10  # lines: how far below the numeric rows a table's wrapped rows may still reach

_NUMERIC = re.compile(r"^[^\w]*(?:Rp\.?)?[\d.,%()\-]*\d[\d.,%()\-]*[^\w]*$")


def _is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text))


def grid_verticals(segments: Sequence[Segment], height: float) -> list[Segment]:
    """Vertical borders of a ruled table: at least three, none as tall as a page frame.

    A two-column table has three verticals; a decorative page border has two running almost
    the full page height, and must not make every framed page a table page.
    """
    vertical = [s for s in segments if not s.horizontal and s.bottom - s.top < FRAME_SHARE * height]
    return vertical if len(vertical) >= 3 else []


def visual_rows(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped by vertical overlap, whatever line numbers the engine gave them.

    Automatic layout reads each column of a borderless table as its own block, so one table row
    comes back as several one-number "lines"; a row is what lies side by side on the page.
    """
    rows: list[list[Word]] = []
    bounds: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda x: (x.top + x.bottom) / 2):
        middle = (w.top + w.bottom) / 2
        if bounds and bounds[-1][0] <= middle <= bounds[-1][1]:
            rows[-1].append(w)
            continue
        rows.append([w])
        bounds.append((w.top, w.bottom))
    return rows


def table_band(
    words: Sequence[Word], segments: Sequence[Segment], height: float, *, numeric_lines: bool = True
) -> tuple[float, float] | None:
    """The horizontal band (top, bottom in points) worth re-reading as a table.

    It spans the ruled grid (``grid_verticals``) and, with ``numeric_lines``, every line or
    row (``visual_rows``) holding two or more numbers, and the rows with any number that follow
    or precede them within ``ROW_REACH`` lines; it grows upwards by a few lines for header rows and captions and is
    snapped so no text line is cut in two. None when nothing looks tabular.
    """
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    spans = [(min(w.top for w in ws), max(w.bottom for w in ws)) for ws in lines.values()]
    line_height = float(np.median([b - t for t, b in spans])) if spans else height / 50
    parts = []
    if numeric_lines:
        rows = sorted(
            (min(w.top for w in ws), max(w.bottom for w in ws), sum(_is_numeric(w.text) for w in ws))
            for ws in (*visual_rows(words), *lines.values())
        )
        parts = [(t, b) for t, b, numbers in rows if numbers >= 2]
        if parts:  # rows holding a single legible number, between tall wrapped cells, count too
            reach = max(b for _, b in parts)
            for t, b, numbers in rows:
                if numbers and reach < t <= reach + ROW_REACH * line_height:
                    parts.append((t, b))
                    reach = b
            reach = min(t for t, _ in parts)
            for t, b, numbers in reversed(rows):
                if numbers and reach - ROW_REACH * line_height <= b < reach:
                    parts.append((t, b))
                    reach = t
    vertical = grid_verticals(segments, height)
    if vertical:
        parts.append((min(s.top for s in vertical), max(s.bottom for s in vertical)))
    if not parts:
        return None
    top = max(0.0, min(p[0] for p in parts) - 4 * line_height)
    bottom = min(height, max(p[1] for p in parts) + line_height)
    changed = True
    while changed:
        changed = False
        for t, b in spans:
            if t < top < b:
                top, changed = t, True
            if t < bottom < b:
                bottom, changed = b, True
    return max(0.0, top - 2.0), min(height, bottom + 2.0)


def merge_passes(
    base: Sequence[Word], table: Sequence[Word], band: tuple[float, float] | None, *, min_conf: float = 50.0
) -> list[tuple[int, Word]]:
    """Table-pass words inside the band, page-pass words outside it, tagged 0 (page) / 1 (table).

    Page-pass words inside the band are kept where the table pass found nothing overlapping
    them (with ``min_conf``): the uniform-block table pass drops large captions and headings.
    """
    top, bottom = band if band is not None else (float("-inf"), float("inf"))

    def inside(w: Word) -> bool:
        return top <= (w.top + w.bottom) / 2 <= bottom

    kept = [w for w in table if inside(w)]
    boxes = np.array([[w.x0, w.top, w.x1, w.bottom] for w in kept], dtype=np.float64).reshape(-1, 4)
    out = [(1, w) for w in kept]
    for w in base:
        if not inside(w):
            out.append((0, w))
            continue
        if w.conf < min_conf:
            continue
        overlaps = (
            (boxes[:, 0] < w.x1) & (boxes[:, 2] > w.x0) & (boxes[:, 1] < w.bottom) & (boxes[:, 3] > w.top)
        )
        if not overlaps.any():
            out.append((0, w))
    return out
