"""Borderless tables: columns from white-space gutters, rows from vertical gaps and value cells.

Real reports print many tables without vertical rules. Columns show as x-ranges that almost no
line crosses; a cell wrapped over several lines shows as lines closer together than the gap
between rows, or as lines with nothing in the value columns.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Sequence, Set
from dataclasses import replace

from extractor.models import BBox, Cell, Method, Page, Table, TableRow, Word
from extractor.pages import HEADER_EXTRA, HEADER_WORDS
from extractor.tables import MAX_HEADER_LINES, TableSettings, reading_order, register, visual_lines
from extractor.tables.ruled import caption_above
from extractor.tables.stream_rows import (
    RowGeometry,
    crosses_at_word_spacing,
    group_rows,
    is_band_line,
    one_phrase,
)

YEAR = re.compile(r"\b(?:19|20)\d\d\b")

_VALUE = re.compile(
    r"^(?:Rp\.?)?[\d.,]+(?:,-|\.-|-)?%?$|^\d+(?:[.,]\d+)?\s?%$|^(?:AA|A|BB|B|CC|C|D|WTP|WDP|TW|TMP)$|^-$"
)
_HEADER_EXTRA = ("no", "no.", "kode", "%", "tahun", "ket", "keterangan", "rp", "(rp)")


def _group_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Printed lines by position (``visual_lines``), not the source's line numbers: in a row whose
    cells are centred vertically, lines of neighbouring cells overlap and a text layer's line
    grouping chains them into one tall "line" spanning several printed ones."""
    lines = [sorted(ws, key=lambda w: w.x0) for ws in visual_lines(words)]
    return sorted(lines, key=lambda ws: min(w.top for w in ws))


def _is_value(text: str) -> bool:
    return bool(_VALUE.match(text.strip()))


def _header_hits(line: list[Word]) -> int:
    text = " ".join(w.text for w in line).lower()
    hits = sum(1 for word in HEADER_WORDS if word in text)
    hits += sum(1 for w in line if w.text.lower().strip(":") in _HEADER_EXTRA)
    return hits


def _is_header_line(line: list[Word]) -> bool:
    """Header words dense in a short line; prose that mentions 'target dan realisasi' is not one."""
    hits = _header_hits(line)
    if hits < 2 or _numeric_tokens(line) >= 2:  # '75,00 % 70,00 %': its '%' signs are no header words
        return False
    height = statistics.median(w.bottom - w.top for w in line) or 8.0
    wide_gaps = sum(1 for a, b in itertools.pairwise(line) if b.x0 - a.x1 > 1.5 * height)
    return hits >= 0.5 * len(line) or wide_gaps >= 2


def _numeric_tokens(line: list[Word]) -> int:
    """Figures in a line; a year or a '(3)' column number is header text, not a value."""
    return sum(1 for w in line if _row_value(w.text) and _has_digit(w.text))


def _row_value(text: str) -> bool:
    """A value a row holds; a year is text of its own ('Terlaksananya Penyusunan Anggaran Tahun
    2024' is a band row)."""
    return _is_value(text) and not _HEADER_NUMBER.match(text)


def _value_tokens(line: list[Word]) -> int:
    """Cells a row of values holds: figures, and grades or opinions ('B | BB | 133,33%')."""
    return sum(1 for w in line if _row_value(w.text) and w.text != "-")


def _blocks(lines: list[list[Word]], settings: TableSettings) -> list[list[list[Word]]]:
    """Split lines into runs without large vertical gaps."""
    if not lines:
        return []
    heights = [max(w.bottom for w in ln) - min(w.top for w in ln) for ln in lines]
    unit = statistics.median(heights) or 10.0
    blocks: list[list[list[Word]]] = [[lines[0]]]
    for prev, cur in itertools.pairwise(lines):
        gap = min(w.top for w in cur) - max(w.bottom for w in prev)
        if gap > settings.max_line_gap * unit:
            blocks.append([cur])
        else:
            blocks[-1].append(cur)
    return blocks


def _is_prose(line: list[Word], width: float) -> bool:
    """Running text: many words, evenly spaced, across most of the block's width. Justified text
    stretches every gap of a line alike, so wide but even gaps are prose too ("Dari 23 indikator
    kinerja, sebanyak 9 ..."); a table row has narrow gaps inside cells and wide ones between."""
    if len(line) < 6 or _numbering_line(line):
        return False
    height = statistics.median(w.bottom - w.top for w in line) or 8.0
    if (line[-1].x1 - line[0].x0) <= 0.6 * width:
        return False
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(line)]
    if all(g <= 0.8 * height for g in gaps):
        return True
    figures = sum(1 for w in line if _is_value(w.text) or _UNIT_MARK.match(w.text))
    words = sum(1 for w in line if w.text[:1].isalpha() and not _has_digit(w.text))
    if 2 * words >= len(line) and _justified(gaps) and (line[-1].x1 - line[0].x0) > 0.85 * width:
        return True  # 'sebesar Rp 68.851.468.660 atau 85,62% dari pagu,' quotes figures in prose
    # evenly spaced words; a row of narrow cells is even too, but its gaps are gutters, wider
    # than a line is tall, where prose leaves a word space
    even = max(gaps) <= 2.2 * max(statistics.median(gaps), 1.0) and statistics.median(gaps) <= 1.2 * height
    return len(line) >= 8 and figures <= len(line) // 4 and even


def _justified(gaps: list[float]) -> bool:
    """Every gap of the line stretched alike (a justified line of a paragraph, however few its
    words); the gutters of a table row differ from one another and from its word spaces."""
    return max(gaps) - min(gaps) <= 0.15 * statistics.median(gaps) + 0.5


def _table_spans(block: list[list[Word]], lone_top: float = float("-inf")) -> list[tuple[int, int, bool]]:
    """Where tables start inside a block (a header, or rows of values) and where prose ends them,
    and whether the table starts with a header.

    A line of running text between rows of values is a band row inside the table (up to two
    lines); short header lines over the first header line ("Tahun 2024" over Target | Realisasi)
    belong to the table."""
    width = max(w.x1 for ln in block for w in ln) - min(w.x0 for ln in block for w in ln)
    spans: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(block):
        header = _is_header_line(block[i])
        starts = header or _numeric_tokens(block[i]) >= 2
        # a header of narrow columns is set as tight as prose, but dense in header words
        if not starts or (_is_prose(block[i], width) and not header) or _looks_like_heading(block[i]):
            i += 1
            continue
        start = end = i
        j = i + 1
        while j < len(block) and not _looks_like_heading(block[j]):
            if _is_prose(block[j], width) and not _band_ahead(block, j, width):
                break
            if _numeric_tokens(block[j]) >= 1:
                end = j
            j += 1
        # keep wrapped text of the last row (short lines right below it)
        while end + 1 < j and len(block[end + 1]) <= 12:
            end += 1
        values = sum(1 for ln in block[start : end + 1] if _numeric_tokens(ln) >= 1)
        lone = not spans and min(w.top for w in block[start]) < lone_top and _numeric_tokens(block[start]) >= 3
        if (end > start or lone) and values >= 1 and (header or values >= 2 or lone):
            floor = spans[-1][1] if spans else -1
            numbered = _header_over_numbering(block, start, floor, width)
            if header:
                start = _parent_lines_above(block, start, floor, width)
            elif numbered is not None:
                start = numbered
            else:
                start = _label_lines_above(block, start, floor, width)
            spans.append((start, end, header or numbered is not None))
        i = max(j, end + 1)
    return spans


def _nearer_above(block: list[list[Word]], i: int) -> bool:
    """Line i sits closer to the line above it than to the line below it."""
    above = min(w.top for w in block[i]) - max(w.bottom for w in block[i - 1])
    below = min(w.top for w in block[i + 1]) - max(w.bottom for w in block[i])
    return above <= below


def _band_ahead(block: list[list[Word]], j: int, width: float) -> bool:
    """Prose at line j is a band row when it holds no figure and rows of values follow within a
    few lines (a paragraph after the table quotes figures, a band row names a goal)."""
    if any(_is_value(w.text) and _has_digit(w.text) and not _HEADER_NUMBER.match(w.text) for w in block[j][1:]):
        return False
    for k in range(j + 1, min(j + _BAND_REACH, len(block))):
        if _looks_like_heading(block[k]):
            return False
        if _value_tokens(block[k]) >= 2 and not _is_prose(block[k], width):
            return sum(1 for m in range(j, k) if _is_prose(block[m], width)) <= _BAND_LINES
    return False


# A band row's goal wraps over up to four full lines, and the row under it may centre its values
# against a label of three or four lines: the values come that far below the band's first line.
_BAND_LINES = 4
_BAND_REACH = 9


def _parent_lines_above(block: list[list[Word]], start: int, floor: int, width: float) -> int:
    """Short header lines right above a table's first header line (spanning parents such as
    "Tahun 2024" or "Anggaran") are part of its header."""
    while start - 1 > floor and start - 1 >= 0:
        line = block[start - 1]
        text = " ".join(w.text for w in line).lower()
        if _is_prose(line, width) or _looks_like_heading(line) or len(line) > 6 or _numeric_tokens(line) > 2:
            break
        if not (_header_hits(line) or YEAR.search(text) or _header_density(line) >= 0.5):
            break
        if start - 2 >= 0 and _looks_like_heading(block[start - 2]) and _nearer_above(block, start - 1):
            break  # the second line of a caption ("Tabel 3.4 ..." / "Tahun 2024")
        start -= 1
    return start


def _header_over_numbering(block: list[list[Word]], start: int, floor: int, width: float) -> int | None:
    """Where the header starts when a '(1) (2) (3)' numbering line sits right above the first row:
    the lines over it without values, up to a caption, prose or the previous table (an OCR'd
    header too damaged to read as header words is still the header)."""
    if start - 1 <= floor or not _numbering_line(block[start - 1]):
        return None
    top = start - 1
    while top - 1 > floor and top > start - 1 - MAX_HEADER_LINES:
        line = block[top - 1]
        values = any(_is_value(w.text) and not _HEADER_NUMBER.match(w.text) for w in line)
        if values or _is_prose(line, width) or _looks_like_heading(line):
            break
        top -= 1
    return top



def _label_lines_above(block: list[list[Word]], start: int, floor: int, width: float) -> int:
    """A table continued without a header starts with a row whose values are centred against its
    label: the label's first lines sit above the first line of values, at the tight pitch of one
    cell's wrapped text (a caption or paragraph above stands farther off)."""
    while start - 1 > floor:
        line, below = block[start - 1], block[start]
        height = statistics.median(w.bottom - w.top for w in line) or 8.0
        gap = min(w.top for w in below) - max(w.bottom for w in line)
        if gap > 0.6 * height or _numeric_tokens(line) or _is_prose(line, width) or _looks_like_heading(line):
            break
        start -= 1
    return start


def _looks_like_heading(line: list[Word]) -> bool:
    text = " ".join(w.text for w in line)
    return bool(re.match(r"^(Tabel|Table|BAB|Gambar|Grafik|Lampiran)\b", text, re.I))


def _gutters(lines: list[list[Word]], settings: TableSettings) -> list[float]:
    """Column separators: x-ranges that (almost) no line of the block crosses."""
    x_min = min(w.x0 for ln in lines for w in ln)
    x_max = max(w.x1 for ln in lines for w in ln)
    width = int(x_max - x_min) + 2
    counts = [0] * width
    for ln in lines:
        covered = [False] * width
        for w in ln:
            for x in range(int(w.x0 - x_min), min(int(w.x1 - x_min) + 1, width)):
                covered[x] = True
        for x, flag in enumerate(covered):
            counts[x] += flag
    limit = int(0.06 * len(lines))  # a few spanning section rows may cross a gutter
    return [x_min + m for m in _runs(counts, limit, settings.min_gutter)]


def _runs(counts: list[int], limit: int, min_width: float) -> list[float]:
    """Middles of the inner runs of positions crossed by at most ``limit`` lines. A run that
    reaches the right edge holds a sparse last column (a Keterangan filled in two rows): its
    gutter is the blank stretch before that column's first ink. One that starts at the left edge
    may likewise hold a sparse first column (a number on each group's first line only)."""
    width = len(counts)
    middles = []
    run_start = None
    for x, count in enumerate([*counts, limit + 1]):
        if count <= limit:
            if run_start is None:
                run_start = x
            continue
        if run_start == 0 and x < width:
            middles.extend(_sparse_first_column(counts, x, min_width))
        elif run_start is not None and x - run_start >= min_width and run_start > 0:
            if x < width:
                middles.extend(_clear_channels(counts, run_start, x, min_width) or [(run_start + x) / 2])
            else:
                ink = next((i for i in range(run_start, width) if counts[i]), None)
                if ink is not None and ink - run_start >= min_width:
                    middles.append((run_start + ink) / 2)
                if ink is not None:
                    last = max(i for i in range(ink, width) if counts[i])
                    middles.extend(_clear_channels(counts, ink, last + 1, min_width))
        run_start = None
    return middles


def _sparse_first_column(counts: list[int], end: int, min_width: float) -> list[float]:
    """The gutter after a first column few lines use, inside the run the tolerance let through."""
    ink = [i for i in range(end) if counts[i]]
    if not ink or end - (ink[-1] + 1) < min_width:
        return []
    return [*_clear_channels(counts, ink[0], ink[-1] + 1, min_width), (ink[-1] + 1 + end) / 2]


def _clear_channels(counts: list[int], start: int, end: int, min_width: float) -> list[float]:
    """Middles of the stretches no line crosses inside a run a few lines cross: where a page holds
    few rows of values among many wrapped label lines, the tolerance lets whole value columns
    through, and only the clear channels between them are gutters."""
    if not any(counts[start:end]):
        return []
    channels: list[tuple[int, int]] = []
    run = None
    for x in range(start, end + 1):
        if x < end and counts[x] == 0:
            run = x if run is None else run
            continue
        if run is not None and x - run >= min_width:
            # one stray line between two channels (a wrapped label) leaves them one gutter
            if channels and max(counts[channels[-1][1] : run]) < 2:
                channels[-1] = (channels[-1][0], x)
            else:
                channels.append((run, x))
        run = None
    return [(a + b) / 2 for a, b in channels]


def _header_splits(
    head: list[list[Word]], body: list[list[Word]], seps: list[float], settings: TableSettings
) -> list[float]:
    """Gutters the header shows where the body blurs them: two header labels side by side in one
    column ('Sasaran' | 'IKU') head two columns whose text OCR jitter, skew or stray dashes run
    together. The gutter goes where the fewest body lines cross between the two labels, if few
    do and both sides hold text of their own in many lines."""
    labels = [p for line in head for p in _phrases(line) if any(sum(ch.isalpha() for ch in w.text) >= 2 for w in p)]
    out = list(seps)
    bounds = [float("-inf"), *seps, float("inf")]
    for lo, hi in itertools.pairwise(bounds):
        inside = sorted((p for p in labels if lo < _middle_of(p) < hi), key=lambda p: p[0].x0)
        for left, right in itertools.pairwise(inside):
            a, b = max(w.x1 for w in left), min(w.x0 for w in right)
            if b - a >= settings.min_gutter:
                x = _least_crossed(body, a, b)
                if x is not None and _both_sides_filled(body, lo, x, hi):
                    out.append(x)
    return sorted(set(out))


def _phrases(line: list[Word], gap: float = 0.9) -> list[list[Word]]:
    """The line cut where words are further apart than ``gap`` line heights (normal spacing)."""
    height = statistics.median(w.bottom - w.top for w in line) or 8.0
    out: list[list[Word]] = []
    for w in sorted(line, key=lambda w: w.x0):
        if out and w.x0 - out[-1][-1].x1 < gap * height:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _middle_of(words: list[Word]) -> float:
    return (min(w.x0 for w in words) + max(w.x1 for w in words)) / 2


def _least_crossed(body: list[list[Word]], a: float, b: float) -> float | None:
    """The middle of the least crossed stretch of [a, b] (dashes OCR made of rules aside), if at
    most a sixth of the body lines cross it."""
    words = [w for line in body for w in line if not _DASHES.match(w.text)]
    steps = [a + (b - a) * k / 20 for k in range(21)]
    counts = [sum(1 for w in words if w.x0 < x < w.x1) for x in steps]
    least = min(counts)
    if least > len(body) / 6:
        return None
    best = [x for x, c in zip(steps, counts, strict=True) if c == least]
    return (best[0] + best[-1]) / 2


_DASHES = re.compile(r"^[-–—_=~.,:;'\"`]+$")


def _both_sides_filled(body: list[list[Word]], lo: float, x: float, hi: float) -> bool:
    left = sum(1 for line in body if any(lo <= _middle(w) < x for w in line))
    right = sum(1 for line in body if any(x <= _middle(w) < hi for w in line))
    return min(left, right) >= 0.2 * len(body)


def _drop_split_phrases(seps: list[float], lines: list[list[Word]]) -> list[float]:
    """Drop a gutter that only cuts phrases: centred values of varying width leave white space
    inside one column, and the few wider cells ('3 Laporan') cross it at normal word spacing. A
    real column boundary has a column on each side with text of its own in lines no phrase
    crosses it, or is touched that closely in most rows alike."""
    keep = list(seps)
    spacing = _word_spacing(lines)
    for s in seps:
        crossing, own_left, own_right = 0, 0, 0
        lo, hi = _neighbours(keep, s)
        for line in lines:
            left = [w for w in line if lo <= _middle(w) < s]
            right = [w for w in line if s <= _middle(w) < hi]
            if left and right:
                a, b = max(left, key=lambda w: w.x1), min(right, key=lambda w: w.x0)
                if b.x0 - a.x1 < max(0.6 * max(a.bottom - a.top, 1.0), 1.15 * spacing):
                    crossing += 1
                    continue
            own_left += bool(left)
            own_right += bool(right)
        # a boundary every row touches at word spacing ('1.234.000 Rp') is a column edge
        if crossing and crossing <= max(1, len(lines) // 4) and (own_left == 0 or own_right == 0):
            keep.remove(s)
    return keep


def _word_spacing(lines: list[list[Word]]) -> float:
    """The usual space between two words of one cell (a monospaced font's is over half the line
    height, a proportional font's a quarter): the median gap under a line height."""
    gaps = []
    for line in lines:
        ordered = sorted(line, key=lambda w: w.x0)
        gaps += [b.x0 - a.x1 for a, b in itertools.pairwise(ordered) if 0 < b.x0 - a.x1 < b.bottom - b.top]
    return statistics.median(gaps) if gaps else 0.0


def _neighbours(seps: list[float], s: float) -> tuple[float, float]:
    """The separators left and right of ``s`` (infinite at the table's edges)."""
    lower = [x for x in seps if x < s]
    higher = [x for x in seps if x > s]
    return (max(lower) if lower else float("-inf"), min(higher) if higher else float("inf"))


def _assign(line: list[Word], seps: list[float]) -> dict[int, list[Word]]:
    cols: dict[int, list[Word]] = {}
    for w in line:
        cx = (w.x0 + w.x1) / 2
        col = sum(1 for s in seps if s < cx)
        cols.setdefault(col, []).append(w)
    return cols


def stream_tables(
    page: Page, settings: TableSettings, taken: tuple[Table, ...], method: Method
) -> tuple[Table, ...]:
    claimed = [t.bbox for t in taken if t.bbox is not None and page.number in t.pages]

    def free(w: Word) -> bool:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        return not any(b.x0 - 2 <= cx <= b.x1 + 2 and b.top - 2 <= cy <= b.bottom + 2 for b in claimed)

    lines = _group_lines([w for w in page.words if free(w)])
    rules = [(s.top + s.bottom) / 2 for s in page.segments if s.horizontal and s.x1 - s.x0 > 50]
    tables: list[Table] = []
    blocks = _blocks(lines, settings)
    for block in blocks:
        # a table's last row alone at the top of the next page, before anything else on it
        lone_top = 0.3 * page.height if not tables else float("-inf")
        for first, last, headed in _table_spans(block, lone_top):
            lone = not headed and min(w.top for w in block[first]) < lone_top
            table = _stream_table(page, block[first : last + 1], rules, settings, method, headed, lone)
            if table is not None:
                tables.append(table)
    stub = _stranded_header(blocks)
    if stub:
        tables.append(_header_stub(page, stub, method))
    return tuple(tables)


def _stranded_header(blocks: list[list[list[Word]]]) -> list[list[Word]]:
    """Header lines at the foot of the page's text with no row of values under them, only a page
    number or a footer: the first rows of a table the page break cut from its body."""
    for b in range(len(blocks) - 1, -1, -1):
        block = blocks[b]
        if not any(_is_header_line(ln) for ln in block):
            if any(not _furniture(ln) for ln in block) or len(block) > 2:
                return []
            continue
        start = max(i for i, ln in enumerate(block) if _is_header_line(ln))
        while start > 0 and _header_density(block[start - 1]) >= 0.5 and not _looks_like_heading(block[start - 1]):
            start -= 1
        tail = block[start:]
        head = list(itertools.takewhile(lambda ln: _header_density(ln) >= 0.5, tail))
        rest = tail[len(head) :]
        if not head or len(head) > MAX_HEADER_LINES or len(rest) > 2 or not all(_furniture(ln) for ln in rest):
            return []
        # a caption over a ruled table (its words claimed) is one phrase, not a row of headers
        return [] if _looks_like_heading(head[0]) or all(one_phrase(ln) for ln in head) else head
    return []


def _furniture(line: list[Word]) -> bool:
    """A page number or a short running footer: no row of values, no header words."""
    return len(line) <= 8 and _numeric_tokens(line) <= 1 and not _is_header_line(line)


def _header_stub(page: Page, lines: list[list[Word]], method: Method) -> Table:
    """A table of header rows only, each printed line cut into its phrases where a gap is wider
    than a word space (a parent's line spans its children's gaps, so lines are cut one by one);
    the stitcher lays it onto the table the next page starts with."""
    rows = []
    for r, line in enumerate(lines):
        phrases = _phrases(line, gap=0.5)
        cells = [
            Cell(" ".join(w.text for w in ws), r, c, page.number, min(w.line for w in ws), BBox.enclosing(w.bbox for w in ws))
            for c, ws in enumerate(phrases)
        ]
        rows.append(TableRow(r, tuple(cells)))
    bbox = BBox.enclosing(w.bbox for ln in lines for w in ln)
    caption, caption_line = caption_above(page, bbox) if bbox else (None, None)
    return Table(0, method, tuple(rows), (page.number,), caption, caption_line, bbox, header_rows=len(rows))


def _stream_table(
    page: Page,
    lines: list[list[Word]],
    rules: list[float],
    settings: TableSettings,
    method: Method,
    headed: bool,
    lone: bool = False,
) -> Table | None:
    """The table of a span of lines; a span that starts with rows (a continuation) has no header,
    however header-like the first lines of a label that began on the previous page look. A
    ``lone`` row at the top of a page may be a table of one row (the last row of the table the
    previous page ends with); stitching keeps it only if it continues that table."""
    header = _header_count(lines) if headed else 0
    body = lines[header:]
    if not body:
        return None
    width = max(w.x1 for ln in lines for w in ln) - min(w.x0 for ln in lines for w in ln)
    # OCR boxes are as tall as a word's glyphs, a text layer's as its font: only OCR needs the
    # table's own word spacing to tell a phrase (a monospaced space is wider than an x-height box)
    spacing = _word_spacing(body) if page.source == "ocr" else 0.0
    wide = _band_candidates(body, width, settings, spacing)
    plain = [ln for ln, w in zip(body, wide, strict=True) if not w] or body
    seps = _drop_split_phrases(_gutters(plain, settings), plain)
    if page.source == "ocr":  # a text layer's gutters are exact; OCR's blur
        seps = _header_splits(lines[:header], plain, seps, settings)
    if not seps:
        return None
    band = [is_band_line(ln, seps, _row_value, exact=page.source != "ocr", spacing=spacing) for ln in body]
    for i in range(1, len(body)):  # the wrapped second line of a band row
        band[i] = band[i] or (band[i - 1] and wide[i])
    cols = [_assign(ln, seps) for ln in body]
    value_cols = [frozenset(c for c, ws in cl.items() if _value_cell(ws)) for cl in cols]
    grouped = [[ln] for ln in lines[:header]]
    grouped += group_rows(RowGeometry(body, cols, value_cols, band, ocr=page.source == "ocr"), rules)
    if len(grouped) < settings.min_rows and not (lone and len(grouped) == 1 and header == 0):
        return None
    bands = {id(ln) for ln, b in zip(body, band, strict=True) if b}
    # on exact geometry a band row is a merged cell the grid will not show, unless a word of it
    # starts where a column's cells start (two cells close together); OCR boxes are too ragged
    # to tell, there the row reader decides by what the text spans
    starts = _cell_starts(plain, seps)
    spilled = {
        id(ln) for ln, b in zip(body, band, strict=True) if b and page.source != "ocr" and not _starts_a_cell(ln, starts)
    }
    return replace(_to_table(page, grouped, seps, method, bands, spilled), header_rows=header)


_UNIT_MARK = re.compile(r"^(?:%|rp\.?|,-)$", re.I)


def _value_cell(words: list[Word]) -> bool:
    """A line's words in one column read as a value: figures, with a '%' or 'Rp' printed apart."""
    return any(_has_digit(w.text) for w in words) and all(
        (_is_value(w.text) and _has_digit(w.text)) or _UNIT_MARK.match(w.text) for w in words
    )


def _middle(word: Word) -> float:
    return (word.x0 + word.x1) / 2


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _header_count(lines: list[list[Word]]) -> int:
    """Leading lines that form the header: dense in header words, no values but years or '(1)'
    numbering, up to the last such line (a wrapped header cell may leave a line without one in
    between); a band row or a value ends it."""
    count = 0
    width = max(w.x1 for ln in lines for w in ln) - min(w.x0 for ln in lines for w in ln)
    for i, line in enumerate(lines[:8]):
        figures = _numeric_tokens(line)
        # one stray figure in a line dense in header words is OCR noise ('Capaian %' read '2')
        if _wide_run(line, width) or (figures and not (figures == 1 and _is_header_line(line))):
            break
        if i > 0 and _numbering_line(line):
            return i + 1  # the header ends with its '(1) (2) (3)' line, however OCR read it
        density = _header_density(line)
        if density >= 1.0 or (density >= 0.6 and not one_phrase(line)):
            count = i + 1
    return count


def _numbering_line(line: list[Word]) -> bool:
    """Short marks only, with '(n)' among them: the column numbering under a header."""
    return (
        len(line) >= 3
        and all(len(w.text) <= 4 for w in line)
        and sum(1 for w in line if re.fullmatch(r"\(\d{1,2}\)", w.text)) >= 1
    )


def _header_density(line: list[Word]) -> float:
    """Share of a line's words that are header words, years or '(1)' numbering."""
    hits = words = 0
    for w in line:
        t = w.text.lower().strip(":.,")
        if t.startswith("(") and t.endswith(")") and not _HEADER_NUMBER.match(t):
            t = t[1:-1]  # '(Renstra)', '(%)', '(Rp)': a header word in brackets
        if (
            _HEADER_NUMBER.match(t)
            or t in _HEADER_FILLER
            or t in HEADER_EXTRA
            or any(word in t for word in HEADER_WORDS)
        ):
            hits += 1
        elif sum(ch.isalnum() for ch in t) >= 2:  # OCR specks and rule fragments ('—') say nothing
            words += 1
    return hits / (hits + words) if hits + words else 0.0


_HEADER_FILLER = frozenset(
    {"utama", "(iku)", "(rp)", "ta", "dan", "/"}
)
_HEADER_NUMBER = re.compile(r"^\(?(?:19|20)\d\d\)?$|^\(\d{1,2}\)$")


def _cell_starts(lines: list[list[Word]], seps: list[float]) -> list[float]:
    """Left edges where three lines or more start a cell: the text start of a left-aligned column."""
    counts: Counter[int] = Counter()
    for line in lines:
        for ws in _assign(line, seps).values():
            counts[round(min(w.x0 for w in ws))] += 1
    return [float(x) for x, n in counts.items() if n >= 3]


def _starts_a_cell(line: list[Word], starts: list[float]) -> bool:
    """A word after the line's first starts where a column's cells start: the line is cells side
    by side ('Pengelolaan,' | 'dan Pengelolaan'), not one text drawn across them."""
    ordered = sorted(line, key=lambda w: w.x0)
    return any(abs(w.x0 - x) <= 1.0 for w in ordered[1:] for x in starts)


def _band_candidates(body: list[list[Word]], width: float, settings: TableSettings, spacing: float = 0.0) -> list[bool]:
    """Lines that may be band rows, before the columns are known: running text over most of the
    width; a phrase with no value across a gutter of the lines that hold values (short bands
    are a large share of the lines of a short table); and the lines that continue one (starting
    where it starts, text at normal spacing, no value)."""
    wide = [_wide_run(ln, width, spacing) for ln in body]
    valued = [ln for ln in body if _numeric_tokens(ln) >= 2]
    if len(valued) >= 2:
        seps = _gutters(valued, settings)
        for i, line in enumerate(body):
            wide[i] = wide[i] or (
                len(line) >= 2
                and one_phrase(line, spacing)
                and not any(_row_value(w.text) for w in line)
                and crosses_at_word_spacing(line, seps)
            )
    for i in range(1, len(body)):
        prev, line = body[i - 1], body[i]
        if wide[i - 1] and not wide[i] and one_phrase(line, spacing) and not any(_row_value(w.text) for w in line):
            wide[i] = abs(min(w.x0 for w in line) - min(w.x0 for w in prev)) <= 2.0
    return wide


def _wide_run(line: list[Word], width: float, spacing: float = 0.0) -> bool:
    """Running text over most of the table's width, before columns are known (a band row)."""
    if len(line) < 3:
        return False
    ordered = sorted(line, key=lambda w: w.x0)
    return one_phrase(line, spacing) and ordered[-1].x1 - ordered[0].x0 > 0.45 * width


def _to_table(
    page: Page,
    grouped: list[list[list[Word]]],
    seps: list[float],
    method: Method,
    bands: set[int],
    spilled: Set[int] = frozenset(),
) -> Table:
    n_cols = len(seps) + 1
    rows = []
    for r, row_lines in enumerate(grouped):
        words_by_col: dict[int, list[Word]] = {}
        for line in row_lines:
            assigned = _assign(line, seps) if id(line) not in bands else {_assign(line, seps).__iter__().__next__(): line}
            for col, ws in assigned.items():
                words_by_col.setdefault(col, []).extend(ws)
        cells = []
        for c in range(n_cols):
            ws = reading_order(words_by_col.get(c, []))
            box = BBox.enclosing(w.bbox for w in ws)
            conf = sum(w.conf for w in ws) / len(ws) if ws and page.source == "ocr" else None
            cells.append(
                Cell(
                    " ".join(w.text for w in ws),
                    r,
                    c,
                    page.number,
                    min(w.line for w in ws) if ws else None,
                    box,
                    conf,
                )
            )
        rows.append(TableRow(r, tuple(cells), band=all(id(line) in spilled for line in row_lines)))
    all_words = [w for row_lines in grouped for line in row_lines for w in line]
    bbox = BBox.enclosing(w.bbox for w in all_words)
    assert bbox is not None
    caption, caption_line = caption_above(page, bbox)
    return Table(0, method, tuple(rows), (page.number,), caption, caption_line, bbox)


class StreamFinder:
    name = "stream"

    def find(self, page: Page, settings: TableSettings, taken: tuple[Table, ...]) -> tuple[Table, ...]:
        method = Method.OCR_STREAM if page.source == "ocr" else Method.PDF_STREAM
        return stream_tables(page, settings, taken, method)


@register("stream")
def _factory() -> StreamFinder:
    return StreamFinder()
