"""A second look at a ruled table's body cells whose lines Tesseract fused: a word box as tall as
two lines of text or more.

Read inside a whole table band, a cell whose wrapped lines sit between the lines of its
neighbours (a two-line label centred beside a four-line one) may come back as one line of words
each spanning both lines, read at low confidence: 'Persentase / Penyusunan Anggaran' read
'tone neuen Anggaran', 'Jumlah Pembayaran Gaji / dan Tunjangan' read 'Suman Pembayaran Gaji jang'.
The label then matches nothing. The same cell alone, cut between its ruling lines, reads right.
A re-read replaces the cell's words only when it fuses no lines itself and reads more surely.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np

from extractor.models import Segment, Word
from extractor.ocr.header_reread import Box, CellReader, inside, reread_cells, rules_between, vertical_rules

FUSED = 1.8  # a word box taller than this many of the page's line heights spans two lines
MAX_CELLS = 12  # cells re-read per page at most
SURER = 10.0  # mean confidence points a re-read must gain


def _line_height(words: Sequence[Word]) -> float:
    """The median height of the words' boxes: one line of text as this page prints it."""
    return float(np.median([w.bottom - w.top for w in words])) if words else 0.0


def fused(word: Word, line: float) -> bool:
    return line > 0 and word.bottom - word.top > FUSED * line and any(ch.isalpha() for ch in word.text)


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
    """``words`` with each ruled cell holding a fused word re-read alone where the re-read is
    better; returns (words, cells replaced). ``image`` is the prepared grey page."""
    line = _line_height(words)
    boxes: list[Box] = []
    for w in words:
        box = cell_box(w, segments) if fused(w, line) else None
        if box is not None and box not in boxes:
            boxes.append(box)
    cells = [(box, inside(words, box)) for box in boxes[:MAX_CELLS]]
    keep = partial(_better, line=line)
    return reread_cells(words, image, points_per_pixel, glyph_height, read, cells, keep, 5000)
