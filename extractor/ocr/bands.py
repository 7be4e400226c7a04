"""Where a page's table lies: the bands worth reading again as a table, and merging two readings.

Two sources of evidence, both cheap: the words of a first reading (``table_band``: lines and
rows holding numbers) and the image itself (``image_table_band``: ruled grids, and text lines
split into three or more blocks by wide blank gaps, the shape of a borderless table row), so
a table page can be read once, band first, without a whole-page triage reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

import cv2
import numpy as np

from extractor.models import Segment, Word
from extractor.tables import group_by_middle, visual_lines
from extractor.vocabulary import RUPIAH, YEAR_MARK

FRAME_SHARE = 0.9  # a vertical rule this tall (share of the page) is a page frame, not a table
COLUMN_SHARE = 0.03  # verticals closer than this share of the grid's width are one column border
ROW_REACH = 20  # lines: how far apart two rows of columns may lie in one table (a row of a tall wrapped label spans 10-15 lines)

_NUMERIC = re.compile(r"^[^\w]*(?:" + RUPIAH + r")?[\d.,%()\-]*\d[\d.,%()\-]*[^\w]*$")


def _is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text))


def grid_verticals(segments: Sequence[Segment], height: float) -> list[Segment]:
    """Vertical borders of a ruled table: at three or more places across, none as tall as a page frame.

    A two-column table has three verticals; a decorative page border has two running almost
    the full page height, a double border four at only two places (each pair a few points
    apart); neither must make every framed page a table page.
    """
    vertical = [s for s in segments if not s.horizontal and s.bottom - s.top < FRAME_SHARE * height]
    if len(vertical) < 3:
        return []
    xs = sorted(s.x0 for s in vertical)
    apart = COLUMN_SHARE * (xs[-1] - xs[0])
    places = 1 + sum(1 for a, b in pairwise(xs) if b - a > apart)
    return vertical if places >= 3 else []



_RUPIAH_PREFIX = re.compile(r"^[^\w]*" + RUPIAH, re.I)
DAMAGED_DIGITS = 6  # a token of this many digits with one letter among them is a figure the triage reading damaged


def figure_like(text: str) -> bool:
    """A number, or an amount the low-resolution first reading damaged: six digits or more with
    one letter among them ('Rp11.0544s1925' for 'Rp 11.054.451.925')."""
    if _is_numeric(text):
        return True
    core = _RUPIAH_PREFIX.sub("", text)
    digits, letters = sum(c.isdigit() for c in core), sum(c.isalpha() for c in core)
    return digits >= DAMAGED_DIGITS and letters <= 1


def has_figure_row(words: Sequence[Word], figures: int = 3) -> bool:
    """Whether some row (``visual_lines``) holds ``figures`` or more numbers other than years.

    A table's last row alone on a page ("pagu, realisasi, %" under a repeated header) is too
    little for the table-page predicate, yet its figures deserve the table reading; its amounts
    count even when the first, low-resolution reading damaged a digit into a letter.
    """
    return any(
        sum(figure_like(w.text) and not YEAR_MARK.match(w.text) for w in row) >= figures
        for row in visual_lines(words)
    )


def table_band(
    words: Sequence[Word], segments: Sequence[Segment], height: float, *, numeric_lines: bool = True
) -> tuple[float, float] | None:
    """The horizontal band (top, bottom in points) worth re-reading as a table.

    It spans the ruled grid (``grid_verticals``) and, with ``numeric_lines``, every line or
    row (``visual_lines``) holding two or more numbers, and the rows with any number that follow
    or precede them within ``ROW_REACH`` lines; it grows upwards by a few lines for header rows and captions and is
    snapped so no text line is cut in two. None when nothing looks tabular.
    """
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    spans = [(min(w.top for w in ws), max(w.bottom for w in ws)) for ws in lines.values()]
    line_height = float(np.median([b - t for t, b in spans])) if spans else height / 50
    parts = _numeric_parts(words, list(lines.values()), ROW_REACH * line_height) if numeric_lines else []
    vertical = grid_verticals(segments, height)
    if vertical:
        parts.append((min(s.top for s in vertical), max(s.bottom for s in vertical)))
    if not parts:
        return None
    top = max(0.0, min(p[0] for p in parts) - 4 * line_height)
    bottom = min(height, max(p[1] for p in parts) + line_height)
    top, bottom = _uncut(top, bottom, spans)
    return max(0.0, top - 2.0), min(height, bottom + 2.0)


_Row = tuple[float, float, int]  # top, bottom, numbers in it


def _numeric_parts(
    words: Sequence[Word], lines: Sequence[Sequence[Word]], reach: float
) -> list[tuple[float, float]]:
    """(top, bottom) of the printed rows (``visual_lines``) and source lines holding two numbers or
    more, and of the rows holding any number that follow or precede them within ``reach`` points:
    rows holding a single legible number, between tall wrapped cells, count too."""
    rows = sorted(
        (min(w.top for w in ws), max(w.bottom for w in ws), sum(_is_numeric(w.text) for w in ws))
        for ws in (*visual_lines(words), *lines)
    )
    parts = [(t, b) for t, b, numbers in rows if numbers >= 2]
    if parts:
        parts += _reach_down(rows, max(b for _, b in parts), reach)
        parts += _reach_up(rows, min(t for t, _ in parts), reach)
    return parts


def _reach_down(rows: Sequence[_Row], edge: float, reach: float) -> list[tuple[float, float]]:
    """Rows holding a number below ``edge``, each starting within ``reach`` of the one above."""
    out = []
    for t, b, numbers in rows:
        if numbers and edge < t <= edge + reach:
            out.append((t, b))
            edge = b
    return out


def _reach_up(rows: Sequence[_Row], edge: float, reach: float) -> list[tuple[float, float]]:
    """Rows holding a number above ``edge``, each ending within ``reach`` of the one below."""
    out = []
    for t, b, numbers in reversed(rows):
        if numbers and edge - reach <= b < edge:
            out.append((t, b))
            edge = t
    return out


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


MIN_TABLE_ROWS = 3  # text lines split into columns before a page counts as holding a table
COLUMN_GAP = 2.0  # blank run, in glyph heights, that separates two columns rather than two words
ALIGN = 1.0  # glyph heights within which two blocks' edges count as one column edge
INK_LEVEL = 200  # shrunk to _GLYPH_PX, thin type (6.5 pt monospaced at 166 dpi) is light grey: still ink
_GLYPH_PX = 8.0  # glyph height the layout analysis works at (it shrinks the page to this)


def _text_blocks(ink: np.ndarray, glyph: float) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, top, x1, bottom) of runs of glyphs closer than ``COLUMN_GAP`` glyph heights.

    Glyph-sized connected components are drawn as filled boxes and smeared sideways by half the
    gap on each side, so letters and words of one cell become one block and cells of one row
    stay apart; specks and ruling-line remains (too small or too large) are left out.
    """
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    boxes = stats[1:count]
    heights, widths = boxes[:, cv2.CC_STAT_HEIGHT], boxes[:, cv2.CC_STAT_WIDTH]
    keep = (heights >= 0.35 * glyph) & (heights <= 3.0 * glyph) & (widths <= 12 * glyph)
    canvas = np.zeros_like(ink)
    for x, y, w, h, _ in boxes[keep]:
        canvas[y : y + h, x : x + w] = 255
    reach = max(1, round(COLUMN_GAP * glyph / 2))
    canvas = cv2.dilate(canvas, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 1)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(canvas, connectivity=4)
    return [(int(x) + reach, int(y), int(x + w) - reach, int(y + h)) for x, y, w, h, _ in stats[1:count]]


def _block_lines(blocks: Sequence[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
    """Blocks grouped into text lines, as words are (``tables.group_by_middle``)."""
    return group_by_middle(blocks, lambda b: (b[1], b[3]))


def _shared_edges(rows: Sequence[Sequence[tuple[int, int, int, int]]], tolerance: float) -> int:
    """How many column edges (both sides of every block but a row's first) recur, within
    ``tolerance`` pixels, in at least half of ``rows``: ragged lines do not line up."""
    edges = sorted(e for row in rows for b in sorted(row)[1:] for e in (b[0], b[2]))
    shared, i = 0, 0
    need = max(2, len(rows) // 2)
    while i < len(edges):
        j = i
        while j < len(edges) and edges[j] - edges[i] <= tolerance:
            j += 1
        if j - i >= need:
            shared += 1
        i = j
    return shared


def image_table_band(
    ocr: np.ndarray, char_height: float, segments: Sequence[Segment] = ()
) -> tuple[int, int] | None:
    """Rows (top, bottom in pixels of ``ocr``) where the image itself shows a table, or None.

    Evidence: a ruled grid (``grid_verticals`` on ``segments``, in the same pixels), or at
    least ``MIN_TABLE_ROWS`` nearby text lines of three or more blocks (``_text_blocks``)
    whose column edges line up. Justified prose never leaves gaps that wide in one line;
    tables of contents (dot leaders) and "Nama : ..." forms have two blocks. The band grows up
    by four text lines (column headers, caption) and down by one, like ``table_band``. Pages
    without such evidence still get the word-based ``table_band`` after a first reading.
    """
    height = ocr.shape[0]
    parts: list[tuple[int, int]] = []
    vertical = grid_verticals(segments, float(height))
    if vertical:
        parts.append((int(min(s.top for s in vertical)), int(max(s.bottom for s in vertical))))
    if char_height <= 0:
        return parts[0] if parts else None
    factor = min(1.0, _GLYPH_PX / char_height)
    small = cv2.resize(ocr, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else ocr
    ink = (small < INK_LEVEL).astype(np.uint8)
    glyph = char_height * factor
    lines = _block_lines(_text_blocks(ink, glyph))
    spans = [(min(b[1] for b in ln), max(b[3] for b in ln)) for ln in lines]
    line_height = float(np.median([b - t for t, b in spans])) if spans else glyph * 2
    columnar = [i for i, ln in enumerate(lines) if len(ln) >= 3]
    cluster: list[int] = []
    for i in [*columnar, None]:
        if i is not None and (not cluster or i - cluster[-1] <= ROW_REACH):
            cluster.append(i)
            continue
        rows = [lines[k] for k in cluster]
        if len(cluster) >= MIN_TABLE_ROWS and _shared_edges(rows, ALIGN * glyph) >= 2:
            last = _wrapped_below(lines, spans, cluster[-1], [b[0] for row in rows for b in row], ALIGN * glyph)
            parts.append((int(spans[cluster[0]][0] / factor), int(spans[last][1] / factor)))
        cluster = [i] if i is not None else []
    if not parts:
        return None
    top = min(p[0] for p in parts) - 4 * line_height / factor
    bottom = max(p[1] for p in parts) + line_height / factor
    top, bottom = _uncut(top, bottom, [(t / factor, b / factor) for t, b in spans])
    return max(0, int(top) - 2), min(height, int(np.ceil(bottom)) + 2)


def _wrapped_below(
    lines: Sequence[Sequence[tuple[int, int, int, int]]],
    spans: Sequence[tuple[int, int]],
    last: int,
    starts: Sequence[int],
    tolerance: float,
) -> int:
    """The last line of the table's last row: its cells' wrapped lines run on under its line of
    columns (values set at a row's top beside a label of six lines), each right under the line
    above at a paragraph's pitch, every block starting where a column's blocks start. Prose
    after the table stands a blank line off."""
    k = last
    while k + 1 < len(lines):
        height = spans[k][1] - spans[k][0]
        if spans[k + 1][0] - spans[k][1] > 0.6 * height:
            break
        if not all(any(abs(b[0] - s) <= tolerance for s in starts) for b in lines[k + 1]):
            break
        k += 1
    return k


def _uncut(top: float, bottom: float, spans: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The band's edges moved out until no text line is cut in two. Lines of a header whose cells
    are centred vertically overlap ('Realisasi (Rp)' over '2024', 'Anggaran' beside both), so one
    move can land inside another line: repeat until nothing moves (a band edge cut through
    'Anggaran' left only its descenders, read '99')."""
    moved = True
    while moved:
        moved = False
        for t, b in spans:
            if t < top < b:
                top, moved = t, True
            if t < bottom < b:
                bottom, moved = b, True
    return top, bottom


SLIVER = 0.35  # a word this flat (share of the median word height) is no glyph


def drop_rule_slivers(
    words: Sequence[tuple[int, Word]], segments: Sequence[Segment]
) -> list[tuple[int, Word]]:
    """Tagged words without the flat "words" Tesseract reads from what is left of a ruling line.

    Erasing a rule from a coarse or bi-level scan leaves broken slivers; Tesseract reads them
    as '55', 'H5', '—-' one or two points tall, right on the rule, inside the number columns.
    A word is dropped only when it is flat (under ``SLIVER`` of the median word height) and a
    horizontal rule runs through its box: a dash in an empty cell sits between rules.
    """
    rules = [s for s in segments if s.horizontal]
    heights = [w.bottom - w.top for _, w in words]
    if not rules or not heights:
        return list(words)
    flat = SLIVER * float(np.median(heights))

    def sliver(w: Word) -> bool:
        if w.bottom - w.top >= flat:
            return False
        return any(s.x0 <= w.x1 and s.x1 >= w.x0 and w.top - 1.5 <= s.top <= w.bottom + 1.5 for s in rules)

    return [(tag, w) for tag, w in words if not sliver(w)]


def flat_marks_as_dashes(words: Sequence[tuple[int, Word]]) -> list[tuple[int, Word]]:
    """Tagged words with each flat mark off the rules read as the dash it is: Tesseract names a
    monospaced '-' in an empty cell '0' or 'a' from a box a point tall and wider than that, and
    no glyph of a figure or a word is that flat (rule slivers are gone: ``drop_rule_slivers``)."""
    heights = [w.bottom - w.top for _, w in words]
    if not heights:
        return list(words)
    flat = SLIVER * float(np.median(heights))

    def dash(w: Word) -> bool:
        height = w.bottom - w.top
        return height < flat and w.x1 - w.x0 > 1.5 * height and len(w.text) <= 2 and w.text.isalnum()

    return [(tag, replace(w, text="-") if dash(w) else w) for tag, w in words]
