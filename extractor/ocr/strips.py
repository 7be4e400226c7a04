"""A table's header lines that the band reading left unread, read again on their own.

Tesseract reads a table band as one uniform block. On a degraded copy (speckle, blur, a grey
paper) that block reading can drop most of a header line over the first row of figures: the
words come back as a few fragments ('N or * Persentase') where the image shows 'No Sasaran
Strategis Target Realisasi Persentase'. Read alone, the same strip comes back whole. Without its
header the table's columns have no roles and the table is lost. So the glyphs the image shows
on each text line above the first figure row are counted against the letters read there; when
a line read far fewer letters than it shows glyphs, the strip from that line down to the figures
is read again alone, and line by line the reading with more confidently read letters is kept (a
strip reading can split a word the band read whole, 'Strat egis').
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import cv2
import numpy as np

from extractor.models import Word
from extractor.ocr.bands import figure_like
from extractor.tables import visual_lines
from extractor.vocabulary import YEAR_MARK

ReadStrip = Callable[[tuple[float, float]], Sequence[Word]]

READ_SHARE = 0.5  # a line giving fewer letters than this share of its glyphs went unread
MIN_GLYPHS = 6  # a line showing fewer glyphs is too short to judge
FIGURES = 2  # figures (not years) that make a row a row of the table's body
HEADER_LINES = 6  # text lines above the first figure row looked at: a header's, not the page's
SURE = 50.0  # word confidence below which a reading's letters do not count


def figure_rows(words: Sequence[Word]) -> list[tuple[float, float]]:
    """(top, bottom) in points of the printed lines holding ``FIGURES`` figures or more, top down."""
    return sorted(
        (min(w.top for w in row), max(w.bottom for w in row))
        for row in visual_lines(words)
        if sum(figure_like(w.text) and not YEAR_MARK.match(w.text) for w in row) >= FIGURES
    )


def glyph_lines(ink: np.ndarray, char_height: float) -> list[tuple[int, int, int]]:
    """Text lines of a 0/1 ink image: (top, bottom, glyphs) in its pixels, from glyph-sized
    components grouped by their vertical middle."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    heights = stats[1:count, cv2.CC_STAT_HEIGHT]
    keep = (heights >= 0.4 * char_height) & (heights <= 2.0 * char_height)
    boxes = [(int(y), int(y + h)) for y, h in zip(stats[1:count, cv2.CC_STAT_TOP][keep], heights[keep], strict=True)]
    lines: list[list[int]] = []
    for top, bottom in sorted(boxes, key=lambda b: b[0] + b[1]):
        middle = (top + bottom) / 2
        if lines and lines[-1][0] <= middle <= lines[-1][1]:
            lines[-1][1] = max(lines[-1][1], bottom)
            lines[-1][2] += 1
            continue
        lines.append([top, bottom, 1])
    return [(t, b, n) for t, b, n in lines]


def _header_lines(
    words: Sequence[Word], ocr: np.ndarray, ppp: float, char_height: float, band: tuple[float, float] | None
) -> list[list[tuple[float, float, int]]]:
    """Per table in the band, the ``HEADER_LINES`` text lines (top, bottom in points, glyphs)
    the image shows right above its first figure row: where a header sits (a caption or prose
    higher up is the layout reading's business). Any figure row may start a table: the lines
    between two rows are a wrapped label's when they were read, and are left alone then."""
    if char_height <= 0:
        return []
    top = max(0.0, band[0] if band is not None else 0.0)
    out = []
    for start, end in _gaps(figure_rows(words), top):
        rows = (int(start / ppp), int(end / ppp))
        if rows[1] - rows[0] < char_height:
            continue
        found = glyph_lines(ocr[rows[0] : rows[1]] < 128, char_height)
        lines = [((rows[0] + t) * ppp, (rows[0] + b) * ppp, n) for t, b, n in found if rows[0] + b < rows[1]]
        if lines:
            out.append(lines[-HEADER_LINES:])
    return out


def _gaps(rows: Sequence[tuple[float, float]], top: float) -> list[tuple[float, float]]:
    """(top, bottom) of the stretches above each figure row: from the band's top or the figure
    row before it."""
    edges = [top, *(b for _, b in rows)]
    return [(edges[i], t) for i, (t, _) in enumerate(rows) if t > edges[i]]


def _letters(words: Sequence[Word], line: tuple[float, float]) -> int:
    """Letters of the confidently read words whose middle lies on ``line`` (top, bottom)."""
    return sum(len(w.text) for w in words if w.conf >= SURE and line[0] <= (w.top + w.bottom) / 2 <= line[1])


def unread_strips(
    words: Sequence[Word], ocr: np.ndarray, ppp: float, char_height: float, band: tuple[float, float] | None
) -> list[tuple[tuple[float, float], list[tuple[float, float, int]]]]:
    """Per table, the strip (points) from its highest badly read header line (``_header_lines``)
    down to its first figure row, with those lines; none where every such line was read."""
    out = []
    for lines in _header_lines(words, ocr, ppp, char_height, band):
        for t, b, glyphs in lines:
            if glyphs >= MIN_GLYPHS and _letters(words, (t, b)) < READ_SHARE * glyphs:
                pad = 0.25 * char_height * ppp
                out.append(((max(band[0] if band else 0.0, t - pad), lines[-1][1] + pad), lines))
                break
    return out


def _holds_figure(words: Sequence[Word], on_line: Callable[[Word], bool]) -> bool:
    """Whether the band read a figure (not a year) on the line: a row's value, never a header's,
    and the band's reading of values is the one the digits re-read repairs."""
    return any(on_line(w) and figure_like(w.text) and not YEAR_MARK.match(w.text) for w in words)


def with_header_strip(
    words: Sequence[Word],
    read: ReadStrip,
    ocr: np.ndarray,
    ppp: float,
    char_height: float,
    band: tuple[float, float] | None,
) -> tuple[Word, ...]:
    """``words`` with each unread header strip (``unread_strips``) read again alone; line by
    line (the image's text lines) the reading with more confidently read letters is kept, except
    on a line where the band read a figure."""
    out = list(words)
    for strip, lines in unread_strips(words, ocr, ppp, char_height, band):
        first = max((w.line for w in out), default=0) + 1  # its own line numbers, after the others
        again = [replace(w, line=first + w.line) for w in read(strip)]
        for t, b, _ in lines:
            on_line = lambda w, t=t, b=b: t <= (w.top + w.bottom) / 2 <= b  # noqa: E731
            if t < strip[0] or _letters(again, (t, b)) <= _letters(out, (t, b)) or _holds_figure(out, on_line):
                continue
            out = [w for w in out if not on_line(w)] + [w for w in again if on_line(w)]
    return tuple(sorted(out, key=lambda w: (w.top, w.x0)))
