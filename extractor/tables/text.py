"""Stage 3 (text path) — tables from plain-text dumps: markdown, TSV, space-aligned, one-per-line.

Dumps arrive as pdftotext / OCR output or markdown conversions. Each layout gets its own detector;
detectors run from the most explicit (pipes, tabs) to the most inferred (aligned spaces, then one
cell per line) and each claims the lines it used, so a line belongs to at most one table. Tables
keep 1-based dump line numbers and form-feed page numbers, and come out as the same ``Table``
model the PDF path builds, so stitching and row semantics are shared.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extractor.models import Cell, Method, Table, TableRow, TextLine
from extractor.tables.text_lines import (
    DumpLine,
    FoundTable,
    header_words,
    rebuild_line_tables,
    split_values,
)
from extractor.vocabulary import RUPIAH

log = logging.getLogger(__name__)

CAPTION_REACH = 3  # lines above a table searched for its title
CAPTION_MAX_LINES = 3
CAPTION_LINE_CHARS = 120  # longer lines are running text, not a title
PARAGRAPH_CHARS = 200

_SEP_CELL = re.compile(r"^:?-+:?$")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_EMPHASIS = (
    (re.compile(r"\*\*(.+?)\*\*"), r"\1"),
    (re.compile(r"__(.+?)__"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])"), r"\1"),
)
_BR = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+);")
_SPACES = re.compile(r"\s+")
_FIELD = re.compile(r"\S+(?: \S+)*")
_ENUMERATED = re.compile(r"^(?:\d{1,2}|[A-Za-z]|[IVX]{1,4})[.)]\s")


@dataclass(frozen=True)
class TextContent:
    """What a text dump holds: its tables, its running text, and its page count."""

    tables: tuple[Table, ...]
    narrative: tuple[TextLine, ...]  # every non-empty line outside a table
    pages: int  # 1 if the dump has no form feeds


def split_dump(text: str) -> tuple[list[DumpLine], int]:
    """Number the lines (1-based) and pages (form feeds); page is None when there is no form feed."""
    has_ff = "\f" in text
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    page = 1
    out: list[DumpLine] = []
    for number, line in enumerate(raw, 1):
        lead = len(line) - len(line.lstrip("\f \t"))
        page += line[:lead].count("\f")
        out.append(DumpLine(number, page if has_ff else None, line.replace("\f", "").rstrip(" \r\n")))
        page += line[lead:].count("\f")
    body = text.rstrip(" \t\r\n")
    pages = body.count("\f") + 1 - (1 if body.endswith("\f") else 0)
    return out, max(pages, 1)


def clean_cell(text: str) -> str:
    """Cell text without markdown emphasis, HTML tags or doubled spaces."""
    text = _BR.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    for pattern, repl in _EMPHASIS:
        text = pattern.sub(repl, text)
    text = text.replace("**", "").replace("__", "")
    return _SPACES.sub(" ", text).strip()


def _found(
    method: Method,
    grid: list[list[tuple[str, DumpLine]]],
    block: Sequence[DumpLine],
    *,
    drop_empty_cols: bool,
) -> FoundTable | None:
    """Pad a grid of (text, line) cells, drop trailing empty rows (and empty columns), build rows.

    The whole ``block`` is claimed, separator and empty rows included.
    """
    first, last = block[0].number, block[-1].number
    while grid and all(not t for t, _ in grid[-1]):
        grid.pop()
    if not grid:
        return None
    width = max(len(r) for r in grid)
    padded = [r + [("", r[-1][1])] * (width - len(r)) for r in grid]
    cols = list(range(width))
    if drop_empty_cols:
        cols = [c for c in cols if any(r[c][0] for r in padded)]
    rows = []
    for i, r in enumerate(padded):
        cells = tuple(Cell(r[c][0], i, j, r[c][1].page, r[c][1].number, None) for j, c in enumerate(cols))
        rows.append(TableRow(i, cells))
    return FoundTable(method, tuple(rows), first, last)


def _split_pipes(text: str) -> list[str]:
    s = text.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.replace("\\|", "|") for c in _PIPE_SPLIT.split(s)]


def _is_separator(cells: Sequence[str]) -> bool:
    filled = [c.replace(" ", "") for c in cells if c.strip()]
    return bool(filled) and all(_SEP_CELL.match(c) for c in filled)


def _is_pipe_line(text: str) -> bool:
    s = text.strip()
    return s.startswith("|") and s.count("|") >= 2


def markdown_tables(lines: Sequence[DumpLine]) -> list[FoundTable]:
    """Pipe tables; a header without outer pipes counts when a separator row follows it."""
    found: list[FoundTable] = []
    i = 0
    while i < len(lines):
        text = lines[i].text
        loose = (
            not _is_pipe_line(text)
            and "|" in text
            and i + 1 < len(lines)
            and "-" in lines[i + 1].text
            and _is_separator(_split_pipes(lines[i + 1].text))
        )
        if not (_is_pipe_line(text) or loose):
            i += 1
            continue
        grid: list[list[tuple[str, DumpLine]]] = []
        start = i
        while i < len(lines) and (_is_pipe_line(lines[i].text) or (loose and "|" in lines[i].text)):
            cells = _split_pipes(lines[i].text)
            if not _is_separator(cells):
                grid.append([(clean_cell(c), lines[i]) for c in cells])
            i += 1
        table = _found(Method.TEXT_MARKDOWN, grid, lines[start:i], drop_empty_cols=True)
        if table is not None:
            found.append(table)
    return found


def tsv_tables(lines: Sequence[DumpLine]) -> list[FoundTable]:
    """Consecutive tab-separated lines; empty cells are kept so columns stay aligned."""
    found: list[FoundTable] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i].text:
            i += 1
            continue
        grid: list[list[tuple[str, DumpLine]]] = []
        start = i
        while i < len(lines) and "\t" in lines[i].text:
            cells = lines[i].text.split("\t")
            if not _is_separator(cells):
                grid.append([(clean_cell(c), lines[i]) for c in cells])
            i += 1
        if len(grid) <= 1 and sum(1 for row in grid for t, _ in row if t) < 2:
            continue  # a stray tab in running text
        table = _found(Method.TEXT_TSV, grid, lines[start:i], drop_empty_cols=False)
        if table is not None:
            found.append(table)
    return found


_JITTER = 2  # characters a column's fields may wander between rows of a layout dump
_CURRENCY = re.compile(RUPIAH)  # case-sensitive: a layout dump's own marker
_CURRENCY_AFTER_FIGURE = re.compile(rf"(?<=[\d\-]) (?={RUPIAH}(?: |$))")


def _gapped(text: str) -> list[tuple[int, int, str]]:
    """Fields separated by two or more spaces (single spaces stay inside a field).

    A currency marker after a figure starts a field of its own: pdftotext's layout mode prints
    'Rp   20.511.000 Rp   17.088.900' (markers left-aligned, figures right-aligned), so the
    next column's 'Rp' sits one space after the figure before it.
    """
    pieces = []
    for m in _FIELD.finditer(text):
        start = m.start()
        for piece in _CURRENCY_AFTER_FIGURE.split(m.group()):
            pieces.append((start, start + len(piece), piece))
            start += len(piece) + 1
    fields: list[tuple[int, int, str]] = []
    for a, b, piece in pieces:  # a lone marker belongs to the figure after it: one column, not two
        if fields and _CURRENCY.fullmatch(fields[-1][2]) and _numeric(piece):
            fields[-1] = (fields[-1][0], b, f"{fields[-1][2]} {piece}")
        else:
            fields.append((a, b, piece))
    return fields


def _numeric(field: str) -> bool:
    label, run = split_values(field)
    return not label and bool(run)


def _is_header_fields(fields: Sequence[tuple[int, int, str]]) -> bool:
    named = 0
    for _, _, f in fields:
        kinds = header_words(f)
        if kinds and any(k in ("label", "value") for _, k in kinds):
            named += 1
    return named >= 2


def _spans(rows: Iterable[Sequence[tuple[int, int, str]]]) -> list[tuple[int, int]]:
    """Column extents: field intervals of the rows merged where they overlap by more than
    ``_JITTER`` characters or by a third of the field. pdftotext places a column's text a
    character or two apart from row to row and may leave one space between columns, so a
    one-character overlap joins '95%' to '100%' above it but not two long amounts side by side."""
    intervals = sorted((a, b) for fields in rows for a, b, _ in fields)
    spans: list[tuple[int, int]] = []
    for a, b in intervals:
        overlap = min(b, spans[-1][1]) - a if spans else 0
        if overlap > _JITTER or (overlap > 0 and 3 * overlap >= b - a):
            spans[-1] = (spans[-1][0], max(spans[-1][1], b))
        else:
            spans.append((a, b))
    return spans


def _column_of(a: int, b: int, spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """(best column, how many columns the field overlaps)."""
    overlaps = [max(0, min(b, sb) - max(a, sa)) for sa, sb in spans]
    touched = sum(1 for o in overlaps if o > 0)
    if touched:
        return max(range(len(spans)), key=lambda c: overlaps[c]), touched
    centre = (a + b) / 2
    return min(range(len(spans)), key=lambda c: abs((spans[c][0] + spans[c][1]) / 2 - centre)), 0


_Field = tuple[int, int, str]


def _aligned_block(block: Sequence[DumpLine]) -> FoundTable | None:
    parsed = [(ln, _gapped(ln.text)) for ln in block]
    multi = [(ln, f) for ln, f in parsed if len(f) >= 2]
    spans = _aligned_spans(multi)
    if spans is None:
        return None
    value_cols = _value_columns(multi, spans)
    grid: list[list[tuple[str, DumpLine]]] = []
    for ln, fields in parsed:
        if not fields:
            continue
        placed, spanning = _place_fields(fields, spans)
        if grid and _wraps_previous(fields, placed, spanning, value_cols):
            col, text = next(iter(placed.items()))
            old, where = grid[-1][col]
            grid[-1][col] = (f"{old} {text}".strip(), where if old else ln)
            continue
        grid.append([(placed.get(c, ""), ln) for c in range(len(spans))])
    return _found(Method.TEXT_ALIGNED, grid, block, drop_empty_cols=True)


def _aligned_spans(multi: Sequence[tuple[DumpLine, list[_Field]]]) -> list[tuple[int, int]] | None:
    """The block's column spans, or None where it is not a table (too few numbers, or one column)."""
    numeric = [f for _, f in multi if sum(_numeric(x[2]) for x in f) >= 2]
    header = [i for i, (_, f) in enumerate(multi[:3]) if _is_header_fields(f)]
    if len(multi) < 2 or not (len(numeric) >= 0.5 * len(multi) or (header and numeric)):
        return None
    body = [f for i, (_, f) in enumerate(multi) if i not in header]
    spans = _spans(body if len(body) >= 2 else [f for _, f in multi])
    if len(spans) < 2:
        return None
    return spans


def _place_fields(fields: Sequence[_Field], spans: Sequence[tuple[int, int]]) -> tuple[dict[int, str], bool]:
    """Each column's text on one line, and whether any field spans two or more columns."""
    placed: dict[int, str] = {}
    spanning = False
    for a, b, text in fields:
        col, touched = _column_of(a, b, spans)
        spanning = spanning or touched >= 2
        placed[col] = f"{placed[col]} {text}" if col in placed else text
    return placed, spanning


def _wraps_previous(
    fields: Sequence[_Field], placed: dict[int, str], spanning: bool, value_cols: set[int]
) -> bool:
    """A line with one non-numeric, non-enumerated field continues the row above (a wrapped cell)."""
    return (
        len(placed) == 1
        and not spanning
        and not _ENUMERATED.match(fields[0][2])
        and not any(c in value_cols and _numeric(t) for c, t in placed.items())
    )


def _value_columns(
    multi: Sequence[tuple[DumpLine, list[tuple[int, int, str]]]], spans: Sequence[tuple[int, int]]
) -> set[int]:
    counts: dict[int, list[bool]] = {}
    for _, fields in multi:
        for a, b, text in fields:
            counts.setdefault(_column_of(a, b, spans)[0], []).append(_numeric(text))
    return {c for c, flags in counts.items() if sum(flags) >= 0.5 * len(flags)}


def _cell_fragment(
    fields: Sequence[tuple[int, int, str]], rows: Sequence[Sequence[tuple[int, int, str]]]
) -> bool:
    """A lone field that starts where a column of ``rows`` (the table so far) starts and is no
    wider than that column: one more line of a tall wrapped cell (a sasaran over five lines),
    not a break in the table. A centred heading, a footer or a paragraph lines up with no column
    or runs wider than it."""
    if len(fields) != 1:
        return False
    a, b, _ = fields[0]
    return any(abs(a - start) <= _JITTER and b <= end + _JITTER for start, end in _spans(rows))


def aligned_tables(lines: Sequence[DumpLine], max_gap: int = 2) -> list[FoundTable]:
    """pdftotext -layout tables: fields split by 2+ spaces whose positions line up down a block."""
    found: list[FoundTable] = []
    i = 0
    while i < len(lines):
        if len(_gapped(lines[i].text)) < 2 or "\t" in lines[i].text:
            i += 1
            continue
        j, last, gap = i + 1, i, 0
        rows = [_gapped(lines[i].text)]
        while j < len(lines) and gap <= max_gap and "\t" not in lines[j].text:
            fields = _gapped(lines[j].text)
            if len(fields) >= 2 and (j == last + 1 or any(_numeric(f) for _, _, f in fields)):
                last, gap = j, 0  # after a gap, only a row with numbers continues the table
                rows.append(fields)
            elif len(fields) >= 2 or (not fields and not lines[j - 1].text.strip()):
                break
            elif not _cell_fragment(fields, rows):
                gap += 1
            j += 1
        end = last + 1
        while end < len(lines) and (t := lines[end].text.strip()) and t[0].islower() and end - last <= 2:
            end += 1  # wrapped text of the last row
        table = _aligned_block(lines[i:end]) if last > i else None
        if table is not None:
            found.append(table)
            i = end
        else:  # retry from the next paragraph, not every line (keeps long prose linear)
            i = next((k for k in range(i + 1, end) if not lines[k - 1].text.strip()), max(end, i + 1))
    return found


def _caption(by_number: dict[int, DumpLine], first: int, claimed: set[int]) -> tuple[str | None, int | None]:
    """The title just above a table: nearest text within CAPTION_REACH lines, joined over wraps."""
    anchor = None
    for n in range(first - 1, max(0, first - 1 - CAPTION_REACH), -1):
        if n in claimed or n not in by_number:
            break
        if by_number[n].text.strip():
            anchor = n
            break
    if anchor is None or len(by_number[anchor].text.strip()) > PARAGRAPH_CHARS:
        return None, None

    def usable(n: int) -> bool:
        ln = by_number.get(n)
        return (
            ln is not None
            and n not in claimed
            and bool(ln.text.strip())
            and len(ln.text.strip()) <= CAPTION_LINE_CHARS
        )

    start = anchor
    while anchor - start + 1 < CAPTION_MAX_LINES and usable(start - 1):
        start -= 1
    extra = 0
    while (
        _joined(by_number, start, anchor).count("**") % 2 and extra < CAPTION_MAX_LINES and usable(start - 1)
    ):
        start -= 1  # an unclosed bold title started higher up
        extra += 1
    caption = clean_cell(_joined(by_number, start, anchor))
    return (caption, start) if caption else (None, None)


def _joined(by_number: dict[int, DumpLine], start: int, end: int) -> str:
    return " ".join(by_number[n].text.strip() for n in range(start, end + 1))


def _unclaimed_runs(lines: Sequence[DumpLine], claimed: set[int]) -> list[list[DumpLine]]:
    runs: list[list[DumpLine]] = [[]]
    for ln in lines:
        if ln.number in claimed:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(ln)
    return [r for r in runs if r]


def _claim(tables: Iterable[FoundTable], claimed: set[int]) -> None:
    for t in tables:
        claimed.update(range(t.first_line, t.last_line + 1))


def parse_text_dump(text: str, *, first_table_index: int = 0, source: str = "<text>") -> TextContent:
    """Find every table in a text dump and keep the remaining lines as narrative.

    ``source`` only names the dump in log messages.
    """
    lines, pages = split_dump(text)
    claimed: set[int] = set()
    found = markdown_tables(lines)
    _claim(found, claimed)
    stage = tsv_tables([ln for ln in lines if ln.number not in claimed])
    found += stage
    _claim(stage, claimed)
    for run in _unclaimed_runs(lines, claimed):
        stage = aligned_tables(run)
        found += stage
    _claim(found, claimed)
    for run in _unclaimed_runs(lines, claimed):
        stage = rebuild_line_tables(run)
        found += stage
    _claim(found, claimed)

    by_number = {ln.number: ln for ln in lines}
    tables = []
    for index, f in enumerate(sorted(found, key=lambda t: t.first_line), first_table_index):
        caption, caption_line = _caption(by_number, f.first_line, claimed)
        rows = tuple(TableRow(r.index, tuple(_reindex(c, r.index) for c in r.cells)) for r in f.rows)
        pages_of = tuple(sorted({c.page for r in rows for c in r.cells if c.page is not None}))
        tables.append(Table(index, f.method, rows, pages_of, caption, caption_line, None))
    narrative = tuple(
        TextLine(ln.text.strip(), ln.page, ln.number)
        for ln in lines
        if ln.text.strip() and ln.number not in claimed
    )
    counts: dict[str, int] = {}
    for t in tables:
        counts[t.method.value] = counts.get(t.method.value, 0) + 1
    log.info(
        "%s: %d pages, %d tables %s, %d narrative lines", source, pages, len(tables), counts, len(narrative)
    )
    return TextContent(tuple(tables), narrative, pages)


def _reindex(cell: Cell, row: int) -> Cell:
    return (
        cell
        if cell.row == row
        else Cell(cell.text, row, cell.col, cell.page, cell.line, cell.bbox, cell.conf)
    )
