"""A second look at a ruled table's body cells whose lines Tesseract fused: a word box as tall as
two lines of text or more.

Read inside a whole table band, a cell whose wrapped lines sit between the lines of its
neighbours (a two-line label centred beside a four-line one) may come back as one line of words
each spanning both lines, read at low confidence: 'Persentase / Penyusunan Anggaran' read
'tone neuen Anggaran', 'Jumlah Pembayaran Gaji / dan Tunjangan' read 'Suman Pembayaran Gaji jang'.
The label then matches nothing. The same cell alone, cut between its ruling lines, reads right.
A borderless table fuses the same way (a label's two lines beside a six-line merged sasaran cell
and one centred line of figures); its cell is the block of ink around the word, bounded by the
blank gutters either side and the blank leading above and below (``open_box``).
A re-read replaces the cell's words only when it fuses no lines itself and reads more surely.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np

from extractor.models import Segment, Word
from extractor.ocr.header_reread import Box, CellReader, inside, reread_cells, rules_between, vertical_rules

GUTTER = 0.8  # line heights of blank page between two borderless columns (a word space is a third of one)
LEADING = 0.8  # line heights of blank page between two rows' cells (a wrapped cell's lines sit closer)
FUSED = 1.8  # a word box taller than this many of the page's line heights spans two lines
MAX_CELLS = 12  # cells re-read per page at most
DEBRIS = 20.0  # a word of letters read below this confidence is damaged ink: its cell is read again too
SURER = 10.0  # mean confidence points a re-read must gain


def _line_height(words: Sequence[Word]) -> float:
    """The median height of the words' boxes: one line of text as this page prints it."""
    return float(np.median([w.bottom - w.top for w in words])) if words else 0.0


def fused(word: Word, line: float) -> bool:
    return line > 0 and word.bottom - word.top > FUSED * line and any(ch.isalpha() for ch in word.text)


def suspect(word: Word, line: float) -> bool:
    """A word whose cell deserves a reading alone: fused over two lines, or letters read as debris."""
    return fused(word, line) or (word.conf < DEBRIS and sum(ch.isalpha() for ch in word.text) >= 2)


def cell_box(word: Word, segments: Sequence[Segment]) -> Box | None:
    """The ruled cell around a word: the vertical rules either side of it, the horizontal rules
    above and below it at its middle; None when it is not boxed on all four sides."""
    middle_x = (word.x0 + word.x1) / 2
    xs = vertical_rules(segments, word.top, word.bottom)
    left = [x for x in xs if x < middle_x]
    right = [x for x in xs if x > middle_x]
    if not left or not right:
        return None
    horizontals = [s for s in segments if s.horizontal]
    ys = rules_between(horizontals, middle_x, float("-inf"), float("inf"))
    above = [y for y in ys if y < word.top]
    below = [y for y in ys if y > word.bottom]
    if not above or not below:
        return None
    return (left[-1], above[-1], right[0], below[0])


def _blank_run(ink: np.ndarray, start: int, step: int, run: int) -> int:
    """Walk ``ink`` (one flag per pixel) from ``start`` by ``step`` until ``run`` blank pixels in a
    row or the edge; the index just past the last inked pixel met."""
    last, k, blank = start, start, 0
    while 0 <= k < len(ink) and blank < run:
        if ink[k]:
            last, blank = k, 0
        else:
            blank += 1
        k += step
    return last


def open_box(word: Word, image: np.ndarray, ppp: float, line: float, segments: Sequence[Segment]) -> Box | None:
    """The borderless cell around a word: out to the blank gutters (``GUTTER``) either side along
    its own lines, then up and down that column to blank leading (``LEADING``) or a ruling line;
    None when the word's box holds no ink."""
    rows, cols = image.shape[:2]
    top, bottom = max(0, int(word.top / ppp)), min(rows, int(np.ceil(word.bottom / ppp)))
    left, right = max(0, int(word.x0 / ppp)), min(cols, int(np.ceil(word.x1 / ppp)))
    around = image[max(0, 2 * top - bottom) : 2 * bottom - top, max(0, left - (right - left)) : right + (right - left)]
    level = (int(np.median(around)) + int(around.min())) // 2  # between the paper and the type
    across = np.asarray((image[top:bottom] < level).any(axis=0))  # ink only where it is looked at
    if not across[left:right].any():
        return None
    gutter, leading = max(2, int(GUTTER * line / ppp)), max(2, int(LEADING * line / ppp))
    left, right = _blank_run(across, left, -1, gutter), _blank_run(across, right - 1, 1, gutter) + 1
    down = np.asarray((image[:, left:right] < level).any(axis=1))
    middle = (top + bottom) // 2
    upper, lower = _blank_run(down, middle, -1, leading), _blank_run(down, middle, 1, leading) + 1
    # the cell's other lines may run wider than the word's own
    across = np.asarray((image[upper:lower] < level).any(axis=0))
    left, right = _blank_run(across, left, -1, gutter), _blank_run(across, right - 1, 1, gutter) + 1
    x = (left + right) / 2 * ppp
    ys = rules_between([s for s in segments if s.horizontal], x, float("-inf"), float("inf"))
    box_top = max([upper * ppp, *(y for y in ys if y <= word.top)])
    box_bottom = min([lower * ppp, *(y for y in ys if y >= word.bottom)])
    return (left * ppp - 1.0, box_top - 1.0, right * ppp + 1.0, box_bottom + 1.0)


def _mean_conf(words: Sequence[Word]) -> float:
    return float(np.mean([w.conf for w in words])) if words else 0.0


def _better(first: Sequence[Word], again: Sequence[Word], line: float) -> bool:
    letters = lambda ws: sum(ch.isalnum() for w in ws for ch in w.text)  # noqa: E731
    return (
        bool(again)
        and not any(fused(w, line) for w in again)
        and _mean_conf(again) >= _mean_conf(first) + SURER
        and letters(again) >= 0.8 * letters(first)
    )


def reread_fused_cells(
    words: Sequence[Word],
    image: np.ndarray,
    points_per_pixel: float,
    segments: Sequence[Segment],
    glyph_height: float,
    read: CellReader,
) -> tuple[tuple[Word, ...], int]:
    """``words`` with each cell (ruled, else ``open_box``) holding a ``suspect`` word re-read alone
    where the re-read is better; returns (words, cells replaced). ``image`` is the prepared grey
    page with its ruling lines erased."""
    line = _line_height(words)
    boxes: list[Box] = []
    for w in words:
        if not suspect(w, line) or any(inside([w], b) for b in boxes):
            continue
        box = cell_box(w, segments) or open_box(w, image, points_per_pixel, line, segments)
        if box is not None:
            boxes.append(box)
    cells = [(box, inside(words, box)) for box in boxes[:MAX_CELLS]]
    keep = partial(_better, line=line)
    return reread_cells(words, image, points_per_pixel, glyph_height, read, cells, lambda f, a: a if keep(f, a) else None, 5000)
