"""Borderless tables: columns from white-space gutters, rows from vertical gaps and value cells.

Real reports print many tables without vertical rules. Columns show as x-ranges that almost no
line crosses; a cell wrapped over several lines shows as lines closer together than the gap
between rows, or as lines with nothing in the value columns.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence

from extractor.models import BBox, Cell, Method, Page, Table, TableRow, Word
from extractor.pages import HEADER_WORDS
from extractor.tables import TableSettings, reading_order, register
from extractor.tables.ruled import caption_above

_VALUE = re.compile(
    r"^(?:Rp\.?)?[\d.,]+(?:,-|\.-|-)?%?$|^\d+(?:[.,]\d+)?\s?%$|^(?:AA|A|BB|B|CC|C|D|WTP|WDP|TW|TMP)$|^-$"
)
_HEADER_EXTRA = ("no", "no.", "kode", "%", "tahun", "ket", "keterangan", "rp", "(rp)")


def _group_lines(words: Sequence[Word]) -> list[list[Word]]:
    by_line: dict[int, list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    lines = [sorted(ws, key=lambda w: w.x0) for ws in by_line.values()]
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
    if hits < 2:
        return False
    height = statistics.median(w.bottom - w.top for w in line) or 8.0
    wide_gaps = sum(1 for a, b in itertools.pairwise(line) if b.x0 - a.x1 > 1.5 * height)
    return hits >= 0.5 * len(line) or wide_gaps >= 2


def _numeric_tokens(line: list[Word]) -> int:
    return sum(1 for w in line if _is_value(w.text) and any(ch.isdigit() for ch in w.text))


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
    """Running text: many words, evenly spaced, across most of the block's width."""
    if len(line) < 6:
        return False
    height = statistics.median(w.bottom - w.top for w in line) or 8.0
    wide = any(b.x0 - a.x1 > 0.8 * height for a, b in itertools.pairwise(line))
    return not wide and (line[-1].x1 - line[0].x0) > 0.6 * width


def _table_spans(block: list[list[Word]]) -> list[tuple[int, int]]:
    """Where tables start inside a block (a header, or rows of values) and where prose ends them."""
    width = max(w.x1 for ln in block for w in ln) - min(w.x0 for ln in block for w in ln)
    spans = []
    i = 0
    while i < len(block):
        starts = _is_header_line(block[i]) or _numeric_tokens(block[i]) >= 2
        if not starts or _is_prose(block[i], width) or _looks_like_heading(block[i]):
            i += 1
            continue
        start = end = i
        j = i + 1
        while j < len(block) and not _is_prose(block[j], width) and not _looks_like_heading(block[j]):
            if _numeric_tokens(block[j]) >= 1:
                end = j
            j += 1
        # keep wrapped text of the last row (short lines right below it)
        while end + 1 < j and len(block[end + 1]) <= 12:
            end += 1
        values = sum(1 for ln in block[start : end + 1] if _numeric_tokens(ln) >= 1)
        if end > start and values >= 1 and (_is_header_line(block[start]) or values >= 2):
            spans.append((start, end))
        i = max(j, end + 1)
    return spans


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
    separators = []
    run_start = None
    for x, count in enumerate([*counts, limit + 1]):
        if count <= limit:
            if run_start is None:
                run_start = x
        else:
            if run_start is not None and x - run_start >= settings.min_gutter and run_start > 0 and x < width:
                separators.append(x_min + (run_start + x) / 2)
            run_start = None
    return separators


def _assign(line: list[Word], seps: list[float]) -> dict[int, list[Word]]:
    cols: dict[int, list[Word]] = {}
    for w in line:
        cx = (w.x0 + w.x1) / 2
        col = sum(1 for s in seps if s < cx)
        cols.setdefault(col, []).append(w)
    return cols


def _rows(lines: list[list[Word]], seps: list[float], rules: list[float]) -> list[list[list[Word]]]:
    """Group lines into table rows: a ruling line, a clear vertical gap or a second value in a
    column starts a row."""
    gaps = [min(w.top for w in cur) - max(w.bottom for w in prev) for prev, cur in itertools.pairwise(lines)]
    tight = min(gaps) if gaps else 0.0
    rows: list[list[list[Word]]] = []
    filled: set[int] = set()
    for i, line in enumerate(lines):
        cols = _assign(line, seps)
        value_cols = {c for c, ws in cols.items() if all(_is_value(w.text) for w in ws)}
        starts = not rows
        if i > 0:
            gap = gaps[i - 1]
            above = max(w.bottom for w in lines[i - 1])
            below = min(w.top for w in line)
            ruled = any(above - 1 <= y <= below + 1 for y in rules)
            if ruled or gap > tight * 1.6 + 1.5 or value_cols & filled:
                starts = True
        if starts:
            rows.append([])
            filled = set()
        rows[-1].append(line)
        filled |= value_cols
    return rows


def stream_tables(
    page: Page, settings: TableSettings, taken: tuple[Table, ...], method: Method
) -> tuple[Table, ...]:
    claimed = [t.bbox for t in taken if t.bbox is not None and page.number in t.pages]

    def free(w: Word) -> bool:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        return not any(b.x0 - 2 <= cx <= b.x1 + 2 and b.top - 2 <= cy <= b.bottom + 2 for b in claimed)

    lines = _group_lines([w for w in page.words if free(w)])
    rules = [(s.top + s.bottom) / 2 for s in page.segments if s.horizontal and s.x1 - s.x0 > 50]
    tables = []
    for block in _blocks(lines, settings):
        for first, last in _table_spans(block):
            table = _stream_table(page, block[first : last + 1], rules, settings, method)
            if table is not None:
                tables.append(table)
    return tuple(tables)


def _stream_table(
    page: Page, body: list[list[Word]], rules: list[float], settings: TableSettings, method: Method
) -> Table | None:
    seps = _gutters(body, settings)
    if not seps:
        return None
    grouped = _rows(body, seps, rules)
    if len(grouped) < settings.min_rows:
        return None
    return _to_table(page, grouped, seps, method)


def _to_table(page: Page, grouped: list[list[list[Word]]], seps: list[float], method: Method) -> Table:
    n_cols = len(seps) + 1
    rows = []
    for r, row_lines in enumerate(grouped):
        words_by_col: dict[int, list[Word]] = {}
        for line in row_lines:
            for col, ws in _assign(line, seps).items():
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
        rows.append(TableRow(r, tuple(cells)))
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
