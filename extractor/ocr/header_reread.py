"""A second look at a table's header cells: a cell whose words name no column, or hold a word read
at very low confidence, is cut out of the page and read alone.

Read inside a whole table band, a shaded header row or a wrapped header cell often comes back as
debris: 'Realisasi Tahun 2020' in a grey cell read 'oy ahun', and the column was lost as another
year's. The same cell alone, its darkest ink stretched to black and enlarged, reads right. Header
lines are the runs of lines without figures that name two columns or more; in a ruled table a cell
is the box between the ruling lines around its words (words Tesseract lost inside it are read
too), in a borderless one a phrase with some room around it. A re-read replaces the cell's words
only when it names a column or a year the first reading did not, or names the same more surely.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from extractor.header import NUMBERING, header_role
from extractor.models import Segment, Word
from extractor.ocr.ghosts import one_reading
from extractor.ocr.reread import well_formed
from extractor.ocr.strips import HEADER_LINES  # one bound on how far above the figures a header reaches
from extractor.vocabulary import HEADER_YEAR, PLAN_WORDS, TABLE_CAPTION, YEAR_MARK, Role

RULES = 47  # bump when the re-reads (of header cells, lost header ink, fused body cells, empty cells, or numbers in ``reread``) change: cached re-reads are keyed by it
LOW_CONF = 30.0  # a header word read below this is as good as lost
DEBRIS_CONF = 60.0  # a phrase read below this on average is damaged ink, not prose
MAX_CELLS = 16  # cells re-read per page at most: a bound on the cost of a page of debris
ENLARGE = 2  # header type is small; Tesseract reads it enlarged far better
INSET = 2  # pixels kept off a cell's ruling lines, so the rule is not read as a letter
SHORT_NAME = 4  # words: a header cell names its column briefly ('Realisasi Anggaran (Rp)')
NAMED_SHARE = 0.4  # of a header run's phrases, at least this share name a column
PHRASE_GAP = 1.0  # glyph heights: words further apart on a line are two borderless cells
INK = 128  # grey level: darker pixels of the prepared page are ink
RULE_SHARE = 0.8  # a pixel row inked across this share of a cell is a ruling line, not letters

Box = tuple[float, float, float, float]
CellReader = Callable[[np.ndarray, float], tuple[Word, ...]]
"""OCR of one enlarged cell image at the given points per pixel: words in that image's points."""


@dataclass(frozen=True)
class HeaderCell:
    """Header words read as one cell, and the box (points) to cut out to read it again."""

    words: tuple[Word, ...]
    box: tuple[float, float, float, float]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in sorted(self.words, key=lambda w: (w.line, w.x0)))


def data_line(words: Sequence[Word]) -> bool:
    """A line of figures: two numbers or more that are not years or '(1)' numbering marks (a bare
    '22' is a figure: '22 Dokumen | 21 Dokumen | 100,00 %' is a row of data). A number read as good
    as lost is none: a skewed header's ghost ('02' at 16 over 'Realisasi Tahun') splits no header."""
    figures = [
        w
        for w in words
        if well_formed(w.text) and not YEAR_MARK.match(w.text) and not _mark(w.text) and w.conf >= LOW_CONF
    ]
    return len(figures) >= 2


def _mark(text: str) -> bool:
    """A numbering mark: '(3)', '3)', '(3' as OCR leaves it."""
    return bool(NUMBERING.match(text)) and any(ch in text for ch in "()")


def _names_columns(words: Sequence[Word]) -> int:
    roles = {header_role(w.text) for w in words}
    return len(roles - {None, Role.YEAR})


def header_runs(words: Sequence[Word], segments: Sequence[Segment] = ()) -> list[list[Word]]:
    """Runs of consecutive lines without figures that name two columns or more between them, each
    cut to the lines of its header (``_header_window``)."""
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    ordered = sorted(lines.values(), key=lambda ws: min(w.top for w in ws))
    runs: list[list[list[Word]]] = [[]]
    for line in ordered:
        if data_line(line):
            runs.append([])
        else:
            runs[-1].append(line)
    horizontals = [s for s in segments if s.horizontal]
    heads = [[w for line in _header_window(run, horizontals) for w in line] for run in runs]
    return [run for run in heads if _names_columns(run) >= 2 and _mostly_column_names(run)]


def _header_window(run: Sequence[list[Word]], horizontals: Sequence[Segment]) -> Sequence[list[Word]]:
    """The lines of a run to take as its header: a borderless header follows its caption and prose
    with no break, so its lines are the last ``HEADER_LINES`` ones; but when a first row's wrapped
    label (and a band row above it) sits between the header and the figures, the window of lines
    whose short phrases name the most columns is taken instead, up to its last line naming one
    and, in a ruled table, the lines above the rule under that line (a header cell's wrapped end)."""
    captions = [k for k, line in enumerate(run) if TABLE_CAPTION.match(" ".join(w.text for w in sorted(line, key=lambda w: w.x0)))]
    if captions:  # a header starts under its caption, never above it
        run = run[captions[-1] + 1 :]
    scores = [_named_phrases(run[max(0, end - HEADER_LINES) : end]) for end in range(1, len(run) + 1)]
    if not scores or scores[-1] >= max(scores):
        return run[-HEADER_LINES:]
    end = max(range(len(scores)), key=lambda k: (scores[k], k)) + 1
    while end > 1 and not _named_phrases(run[end - 1 : end]):
        end -= 1
    last = run[end - 1]
    x0, x1, bottom = min(w.x0 for w in last), max(w.x1 for w in last), max(w.bottom for w in last)
    rule = min((h.top for h in horizontals if h.top > bottom and h.x0 < x1 and h.x1 > x0), default=bottom)
    while end < len(run) and max(w.bottom for w in run[end]) <= rule:
        end += 1
    return run[max(0, end - HEADER_LINES) : end]


def _named_phrases(lines: Sequence[list[Word]]) -> int:
    """How many columns the short phrases of these lines name (long phrases are prose or labels)."""
    words = [w for line in lines for w in line]
    if not words:
        return 0
    glyph = float(np.median([w.bottom - w.top for w in words]))
    roles = {header_role(c.text) for c in _phrase_cells(words, glyph) if len(c.words) <= SHORT_NAME}
    return len(roles - {None, Role.YEAR})


def _mostly_column_names(run: Sequence[Word]) -> bool:
    """Most phrases of a header are short names of columns; label lines and prose are long
    phrases or name nothing. Years, numbering marks and figures do not count either way."""
    glyph = float(np.median([w.bottom - w.top for w in run]))
    cells = [c for c in _phrase_cells(run, glyph) if not (_mark_or_figure(c) or _debris(c) or _says_nothing(c))]
    named = sum(
        1 for c in cells if len(c.words) <= SHORT_NAME and header_role(c.text) not in (None, Role.YEAR)
    )
    return named >= 2 and named >= NAMED_SHARE * len(cells)


def _says_nothing(cell: HeaderCell) -> bool:
    """A letter alone (a word OCR split: 'N' of 'No') or a year over the columns ('Tahun 2022')."""
    return sum(ch.isalnum() for ch in cell.text) < 2 or header_role(cell.text) == Role.YEAR


def _debris(cell: HeaderCell) -> bool:
    """A phrase read at low confidence throughout: damaged header ink (what a re-read is for),
    neither prose nor a label line, which read surely."""
    return float(np.mean([w.conf for w in cell.words])) < DEBRIS_CONF


def _mark_or_figure(cell: HeaderCell) -> bool:
    text = cell.text.strip()
    return bool(YEAR_MARK.match(text) or NUMBERING.match(text)) or all(
        well_formed(w.text) for w in cell.words
    )


def vertical_rules(segments: Sequence[Segment], top: float, bottom: float) -> list[float]:
    """x of the vertical ruling lines crossing the band ``top``-``bottom``, near ones merged."""
    xs = sorted(
        (s.x0 + s.x1) / 2 for s in segments if not s.horizontal and s.top <= bottom and s.bottom >= top
    )
    merged: list[float] = []
    for x in xs:
        if not merged or x - merged[-1] > 3.0:
            merged.append(x)
    return merged


def rules_between(horizontals: Sequence[Segment], x: float, top: float, bottom: float) -> list[float]:
    return sorted(s.top for s in horizontals if s.x0 <= x <= s.x1 and top < s.top < bottom)


def _ruled_cells(run: Sequence[Word], segments: Sequence[Segment], glyph: float) -> list[HeaderCell]:
    """Words between two vertical rules, split at the horizontal rules between them."""
    top, bottom = min(w.top for w in run), max(w.bottom for w in run)
    xs = vertical_rules(segments, top, bottom)
    horizontals = [s for s in segments if s.horizontal]
    cells: list[HeaderCell] = []
    for left, right in itertools.pairwise(xs):
        inside = sorted((w for w in run if left <= (w.x0 + w.x1) / 2 < right), key=lambda w: w.top)
        if not inside:
            continue
        middle = (left + right) / 2
        groups: list[list[Word]] = [[inside[0]]]
        for w in inside[1:]:
            if rules_between(horizontals, middle, groups[-1][-1].bottom - 1.0, w.top + 1.0):
                groups.append([])
            groups[-1].append(w)
        for k, g in enumerate(groups):
            g_top, g_bottom = min(w.top for w in g), max(w.bottom for w in g)
            above = [y for y in rules_between(horizontals, middle, g_top - 3 * glyph, g_top) if y < g_top]
            if k == 0 and len(groups) > 1 and not above:
                continue  # words over the table's top rule: its caption or the prose before it
            below = rules_between(horizontals, middle, g_bottom, g_bottom + 3 * glyph)
            box = (
                left,
                above[-1] if above else g_top - 0.8 * glyph,
                right,
                below[0] if below else g_bottom + 0.8 * glyph,
            )
            cells.append(HeaderCell(tuple(g), box))
    return cells


def _phrase_cells(run: Sequence[Word], glyph: float) -> list[HeaderCell]:
    """Borderless: a phrase of a line (words closer than ``PHRASE_GAP`` glyphs, pieces of debris twice
    that), with room around it."""
    lines: dict[int, list[Word]] = {}
    for w in run:
        lines.setdefault(w.line, []).append(w)
    cells: list[HeaderCell] = []
    for line in lines.values():
        phrase: list[Word] = []
        for w in sorted(line, key=lambda x: x.x0):
            # damaged ink breaks into pieces further apart than words: pieces of debris are one cell
            gap = PHRASE_GAP * glyph * (2 if phrase and max(w.conf, phrase[-1].conf) < DEBRIS_CONF else 1)
            if phrase and w.x0 - phrase[-1].x1 > gap:
                cells.append(_phrase_cell(phrase, glyph))
                phrase = []
            phrase.append(w)
        if phrase:
            cells.append(_phrase_cell(phrase, glyph))
    return cells


def _phrase_cell(phrase: Sequence[Word], glyph: float) -> HeaderCell:
    box = (
        min(w.x0 for w in phrase) - 0.5 * glyph,
        min(w.top for w in phrase) - 0.5 * glyph,
        max(w.x1 for w in phrase) + 0.5 * glyph,
        max(w.bottom for w in phrase) + 0.5 * glyph,
    )
    return HeaderCell(tuple(phrase), box)


def header_cells(run: Sequence[Word], segments: Sequence[Segment], glyph: float) -> list[HeaderCell]:
    """The cells of a header run: ruled when two vertical rules cross it, else phrases."""
    top, bottom = min(w.top for w in run), max(w.bottom for w in run)
    if len(vertical_rules(segments, top, bottom)) >= 2:
        return _ruled_cells(run, segments, glyph)
    return _phrase_cells(run, glyph)


def ink_bounded(box: Box, image: np.ndarray, ppp: float, reach: float) -> Box:
    """The box grown up and down (by ``reach`` points at most) to the first pixel row without ink
    under its inset: a phrase's box comes from the boxes of its words as first read, and a misread
    word's box is often only as tall as its small letters ('eaere' for 'Target'); cut through its
    capitals, the crop reads no better than the page did ('Large')."""
    rows, cols = image.shape[:2]
    dark = image[:, max(0, int(box[0] / ppp)) : min(cols, int(box[2] / ppp))] < INK
    if dark.size == 0:
        return box

    def letters(y: int) -> bool:
        share = float(dark[y].mean())
        return 0.0 < share < RULE_SHARE

    steps = int(reach / ppp)
    top = min(rows - 1, max(0, int(box[1] / ppp) + INSET))
    for _ in range(steps):
        if top <= 0 or not letters(top):
            break
        top -= 1
    bottom = max(0, min(rows - 1, int(box[3] / ppp) - INSET))
    for _ in range(steps):
        if bottom >= rows - 1 or not letters(bottom):
            break
        bottom += 1
    grown = (box[0], min(box[1], (top - INSET) * ppp), box[2], max(box[3], (bottom + INSET) * ppp))
    return _grown_sideways(grown, image, ppp, 2 * reach)


SIDEWAYS = 3.0  # glyph heights: the most a box grows left or right to the end of its word


def _grown_sideways(box: Box, image: np.ndarray, ppp: float, glyph: float) -> Box:
    """The box grown left and right (``SIDEWAYS`` glyphs at most) to the ink of the word it cuts
    through ('P' read at the start of 'Pagu'): on to where a word space of blank columns
    begins, so the letters cut off at either end are read with the rest."""
    rows, cols = image.shape[:2]
    y0, y1 = max(0, int(box[1] / ppp) + INSET), min(rows, int(box[3] / ppp) - INSET)
    if y1 <= y0:
        return box
    dark = image[y0:y1] < INK
    dark = dark[dark.mean(axis=1) < RULE_SHARE]  # a ruling line's rows are no letters
    inked = dark.any(axis=0) if dark.size else np.zeros(cols, dtype=bool)
    space = max(2, int(0.25 * glyph / ppp))  # blank columns that part two words
    steps = int(SIDEWAYS * glyph / ppp)

    def edge(start: int, step: int) -> int:
        last, blank, x = start, 0, start
        for _ in range(steps):
            x += step
            if not 0 <= x < cols or blank >= space:
                break
            blank = 0 if inked[x] else blank + 1
            last = x if inked[x] else last
        return last

    left = edge(int(box[0] / ppp), -1)
    right = edge(int(box[2] / ppp) - 1, 1) + 1
    return (min(box[0], left * ppp), box[1], max(box[2], right * ppp), box[3])


_UNDATED = re.compile(r"\b(?:tahun|ta|" + "|".join(PLAN_WORDS) + r")\b\W*$|\b(?:" + "|".join(PLAN_WORDS) + r")\b", re.I)


def doubtful(cell: HeaderCell) -> bool:
    """A cell worth a second look: a word read at very low confidence, or text naming no column
    (a year alone names none and is no doubt, a '(1)' numbering mark never is)."""
    text = cell.text.strip()
    if NUMBERING.match(text):
        return False
    if any(w.conf < LOW_CONF for w in cell.words):
        return True
    if _UNDATED.search(text) and not HEADER_YEAR.search(text):
        return True  # 'Target (Renstra)', 'Target Tahun': the year such a header prints was lost
    return not YEAR_MARK.match(text) and header_role(text) is None


def _merit(words: Sequence[Word]) -> tuple[bool, bool, float]:
    text = " ".join(w.text for w in words)
    named = header_role(text) not in (None, Role.YEAR)
    conf = float(np.mean([w.conf for w in words])) if words else 0.0
    return named, bool(HEADER_YEAR.search(text)), conf


def better(first: Sequence[Word], again: Sequence[Word]) -> bool:
    """Whether the re-read words ``again`` should replace ``first``: naming a column or a year the
    first did not, or naming as much with a higher mean confidence; never one losing a year the
    first read surely ('Target 2029 (Renstra)' read again '2028': a crop's digits are no surer)."""
    if not again:
        return False
    sure = {y for w in first if w.conf >= DEBRIS_CONF for y in HEADER_YEAR.findall(w.text)}
    if not sure <= {y for w in again for y in HEADER_YEAR.findall(w.text)}:
        return False
    new, old = _merit(again), _merit(first)
    if new[:2] != old[:2]:
        return new[0] >= old[0] and new[1] >= old[1]
    return new[2] > old[2] + 10.0


def crop_cell(
    image: np.ndarray, box: tuple[float, float, float, float], ppp: float
) -> tuple[np.ndarray, int, int]:
    """The box inside its rules, darkest ink stretched to black, enlarged: (image, x0, y0 pixels)."""
    rows, cols = image.shape[:2]
    x0, y0 = max(0, int(box[0] / ppp) + INSET), max(0, int(box[1] / ppp) + INSET)
    x1, y1 = min(cols, int(box[2] / ppp) - INSET), min(rows, int(box[3] / ppp) - INSET)
    crop = image[y0 : max(y0, y1), x0 : max(x0, x1)]
    if crop.size == 0:
        return crop, x0, y0
    darkest = int(crop.min())
    if darkest < 200:
        crop = np.clip((crop.astype(np.float32) - darkest) * (255.0 / (255 - darkest)), 0, 255).astype(
            np.uint8
        )
    return np.kron(crop, np.ones((ENLARGE, ENLARGE), dtype=np.uint8)), x0, y0


def placed(found: Sequence[Word], x0: int, y0: int, ppp: float) -> list[Word]:
    """Words read from a crop back in page points; punctuation alone dropped."""
    return [
        replace(w, x0=w.x0 + x0 * ppp, x1=w.x1 + x0 * ppp, top=w.top + y0 * ppp, bottom=w.bottom + y0 * ppp)
        for w in found
        if any(ch.isalnum() for ch in w.text)
    ]


def on_lines(again: Sequence[Word], centres: dict[int, float], glyph: float, fresh: int) -> list[Word]:
    """Re-read words numbered with the first reading's line level with them, or a new line number
    per line of the crop (``fresh`` and up) where the first reading had none there."""
    out = []
    for w in again:
        middle = (w.top + w.bottom) / 2
        near = min(centres, key=lambda n: abs(centres[n] - middle), default=None)
        level = near is not None and abs(centres[near] - middle) <= 0.5 * glyph
        out.append(replace(w, line=near if level and near is not None else fresh + w.line))
    return out


def inside(words: Sequence[Word], box: tuple[float, float, float, float]) -> list[Word]:
    return [w for w in words if box[0] <= (w.x0 + w.x1) / 2 <= box[2] and box[1] <= (w.top + w.bottom) / 2 <= box[3]]


def line_centres(words: Sequence[Word]) -> dict[int, float]:
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    return {n: float(np.median([(w.top + w.bottom) / 2 for w in ws])) for n, ws in lines.items()}


def reread_cells(
    words: Sequence[Word],
    image: np.ndarray,
    points_per_pixel: float,
    glyph_height: float,
    read: CellReader,
    cells: Sequence[tuple[Box, Sequence[Word]]],
    settle: Callable[[Sequence[Word], Sequence[Word]], Sequence[Word] | None],
    fresh_base: int,
) -> tuple[tuple[Word, ...], int]:
    """``words`` with each cell (its box and the words first read for it) read again alone, cut
    from the prepared grey ``image``; what ``settle`` (first, again) makes of the two readings,
    if anything, replaces every word in the box. Returns (words, cells replaced). Re-read lines
    level with a first reading's line take its number; others a fresh one from ``fresh_base``
    above the page's."""
    replaced: dict[Word, list[Word]] = {}
    centres = line_centres(words)
    fresh = max((w.line for w in words), default=0) + fresh_base
    for k, (box, given) in enumerate(cells):
        first = [w for w in given if w not in replaced]
        crop, x0, y0 = crop_cell(image, box, points_per_pixel)
        if not first or min(crop.shape[:2], default=0) < 4:
            continue
        again = placed(read(crop, points_per_pixel / ENLARGE), x0, y0, points_per_pixel)
        kept = settle(first, again)
        if kept is not None:
            # the crop read every word in it: a ruled cell's lines below a header run too
            head, *rest = sorted({*first, *inside(words, box)} - replaced.keys(), key=lambda w: (w.line, w.x0))
            replaced[head] = on_lines(kept, centres, glyph_height, fresh + 100 * k)
            replaced.update({w: [] for w in rest})
    out: list[Word] = []
    for w in words:
        out.extend(replaced.get(w, [w]))
    return tuple(out), sum(1 for v in replaced.values() if v)


def reread_headers(
    words: Sequence[Word],
    image: np.ndarray,
    points_per_pixel: float,
    segments: Sequence[Segment],
    glyph_height: float,
    read: CellReader,
) -> tuple[tuple[Word, ...], int]:
    """``words`` with their doubtful header cells re-read alone where ``better`` says so; returns
    (words, cells replaced). ``image`` is the prepared grey page (``points_per_pixel``). A box grown
    to its ink may take in a neighbouring line's words ('Target 2029' over '(Renstra)'); the re-read
    replaces them too, so it is judged against them as well."""
    boxes = [
        (ink_bounded(c.box, image, points_per_pixel, 0.5 * glyph_height), c.words)
        for run in header_runs(words, segments)
        for c in header_cells(run, segments, glyph_height)
        if doubtful(c)
    ]
    cells = [(box, [*given, *(w for w in inside(words, box) if w not in given)]) for box, given in boxes]
    return reread_cells(words, image, points_per_pixel, glyph_height, read, cells[:MAX_CELLS], settle_header, 1000)


def settle_header(first: Sequence[Word], again: Sequence[Word]) -> Sequence[Word] | None:
    """The re-read where it is ``better``; else, where the first reading named its column but
    no year and the re-read finds the year (surely read) beside words it misread ('At bodi Tahun
    2024' for 'Target Tahun 2024'), the first reading with that year added; else None."""
    if better(first, again):
        return again
    first = sorted(first, key=lambda w: (round(w.top), w.x0))  # the cell's words as it reads
    if not first or HEADER_YEAR.search(" ".join(w.text for w in first)) or not _merit(first)[0]:
        return None
    # the first reading holds no year, so any it finds is new (the first may have boxed the
    # year's ink into a word above it)
    years = [w for w in again if HEADER_YEAR.fullmatch(w.text.strip("()")) and w.conf >= DEBRIS_CONF]
    # a first-read word on the year's own ink is that year misread ('202' for '2024'): replaced
    kept = [w for w in first if not any(one_reading(w, y) for y in years)]
    return [*kept, *years] if years else None

