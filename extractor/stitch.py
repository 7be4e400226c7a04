"""Stage 4a — stitching: tables that continue across pages become one, before rows are read.

Word and LibreOffice break a table wherever the page ends: the continuation may repeat the
header, carry none, lose a column that is empty on that page, or leave the header's first rows
stranded at the bottom of the previous page. Each case is decided from the header model and the
column geometry, never from one producer's habits.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from extractor.header import VALUE_ROLES, HeaderModel, Role, column_spans, read_header
from extractor.models import BBox, Cell, Method, Table, TableRow
from extractor.pivot import pivot_measure_rows
from extractor.roles import ColumnRoles, RoledTable, caption_year, detect_roles, infer_budget_roles
from extractor.tables import MAX_HEADER_LINES
from extractor.tables.columns import fold_sign_columns, transpose_year_columns
from extractor.values import ValueKind, parse_value
from extractor.vocabulary import CONTINUED, LABEL_ROLES, PERIOD_LABEL, PLACE_HEADER

__all__ = ["assign_roles", "join_stranded_headers", "realign"]


def assign_roles(tables: Sequence[Table], report_year: int | None) -> list[RoledTable]:
    """Detect roles and stitch tables that continue earlier ones (repeated or missing header)."""
    out: list[RoledTable] = []
    readings: list[list[ColumnRoles]] = []  # each stitched table's header as every page printed it
    unread: set[int] = set()  # pages whose only tables were dropped (an OCR read gone wrong)
    prepared = [pivot_measure_rows(transpose_year_columns(fold_sign_columns(t))) for t in tables]
    # a sign column folded on a page whose header did not tell it from a Satuan column of '%'
    printed = {id(p): t for p, t in zip(prepared, tables, strict=True) if p is not t}
    for table in join_stranded_headers(prepared):
        roles = detect_roles(table, report_year)
        prev = out[-1] if out else None
        follows = prev is not None and _adjacent(prev.table, table, unread)
        part = _headerless_part(table, roles, prev, printed.get(id(table))) if follows else None
        if part is not None and prev is not None:
            out[-1] = _extend(prev, part.rows, part)  # a first label line taken for a header names nothing
            continue
        if table.lone_row:
            continue  # a lone row at a page top that continues nothing is no table of its own
        roles = roles or infer_budget_roles(table)
        if roles is None:
            unread.update(table.pages)
            continue
        if follows and prev is not None and not _names_a_table(table.caption):
            body = _same_header_body(table, roles, prev)
            if body is not None:
                out[-1] = _extend(prev, body, table)
                readings[-1].append(roles)
                continue
        roles = _own_roles(table, roles)
        if roles is not None:
            out.append(RoledTable(table, roles, caption_year(table.caption), table.rows[roles.header_rows :]))
            readings.append([roles])
    # the years the document's headers print over other years' columns, every page's reading counted
    other_years = Counter(o.year for seen in readings for r in seen for o in r.other_years)
    return [
        _adopt_other_years(_vote_years(_best_reading(rt, seen), seen, other_years), seen)
        for rt, seen in zip(out, readings, strict=True)
    ]


def _headerless_part(
    table: Table, roles: ColumnRoles | None, prev: RoledTable | None, printed: Table | None
) -> Table | None:
    """``table`` (laid onto ``prev``'s columns, ``_as_continued``) when it is the next part of
    ``prev``, which it follows: no header of its own, or one naming at most one column, and no
    caption of its own."""
    if prev is None:
        return None
    if roles is None:
        table = _as_continued(table, printed, prev.table)
    if (roles is None or _weak(roles)) and prev.table.n_cols == table.n_cols and not _new_table(table.caption):
        return table
    return None


def _own_roles(table: Table, roles: ColumnRoles) -> ColumnRoles | None:
    """The roles of a table of its own; None for months or places down the rows (a plan or a
    breakdown, not budget lines or indicators) and for a table naming no budget or performance
    column, unless OCR garbled a budget header over rupiah amounts."""
    if _time_series(table, roles.header_rows) or _place_breakdown(table, roles):
        return None
    if roles.kind == "other":
        return infer_budget_roles(table, roles) if table.method.ocr else None
    return roles


def _as_continued(table: Table, printed: Table | None, prev: Table) -> Table:
    """A headerless continuation laid onto the columns of the table it continues. Its columns of
    marks are folded into the figures beside them ('81,11% | %') unless the table before kept
    them apart (a Satuan column that is all '%' on this page, headed on the first); then any
    column count that still differs, or margin specks, are laid on by position (``realign``).
    ``printed`` is the table as found, before its sign columns were folded, if they were."""
    if printed is not None and table.n_cols != prev.n_cols:
        unfolded = transpose_year_columns(printed)
        table = unfolded if unfolded.n_cols == prev.n_cols else table
    if prev.n_cols != table.n_cols or _margin_marks(table):
        return realign(table, prev) or table
    return table


_LETTERS = re.compile(r"[^\W\d_]{2,}")


def _time_series(table: Table, header_rows: int) -> bool:
    """Most body rows are labelled by a period ('Januari', 'Triwulan II'), three at least: a time
    series of one budget or one indicator, whose rows are no budget lines or indicators."""
    labels = []
    for row in table.rows[header_rows:]:
        # the row's label: its first cell with words (a No column's figure is none)
        text = next((c.text for c in row.cells if _LETTERS.search(c.text)), None)
        if text is not None:
            labels.append(text)
    periods = sum(1 for text in labels if PERIOD_LABEL.match(text) and len(text.split()) <= 4)
    return periods >= 3 and periods >= 0.6 * len(labels)


def _place_breakdown(table: Table, roles: ColumnRoles) -> bool:
    """A performance table whose label column is headed by a place ('Kecamatan'): a breakdown of
    one measure by place, whose rows are no indicators. (A budget by satker stays budget lines.)"""
    col = roles.col(Role.INDICATOR)
    if col is None or roles.kind not in ("performance", "agreement"):
        return False
    head = " ".join(r.cells[col].text for r in table.rows[: roles.header_rows] if col < len(r.cells))
    return bool(PLACE_HEADER.match(head))


def _best_reading(rt: RoledTable, readings: Sequence[ColumnRoles]) -> RoledTable:
    """A header repeated on every page is read once per page; in a scan OCR may garble it on the
    first page and read it on the next ('Realisasi 2021 | Realisasi 2022 | % Capaian' lost on
    one page, its years read on another). The reading naming the most columns decides the roles,
    of the readings of the same columns: as many, the same kind of table, and every label column
    both name named alike (the columns line up)."""
    first = rt.roles
    fits = [
        r
        for r in readings
        if len(r.roles) == len(first.roles) and r.kind == first.kind and _labels_agree(r, first)
    ]
    best = max(fits, key=_named_columns, default=first)
    if _named_columns(best) <= _named_columns(first):
        return rt
    return replace(rt, roles=replace(best, header_rows=first.header_rows))


_ALIGNING = frozenset({Role.NO, Role.INDICATOR, Role.UNIT, Role.KET, Role.CATEGORY, Role.KODE})


def _labels_agree(a: ColumnRoles, b: ColumnRoles) -> bool:
    return all(x == y for x, y in zip(a.roles, b.roles, strict=True) if x in _ALIGNING and y in _ALIGNING)


def _named_columns(roles: ColumnRoles) -> int:
    return sum(1 for r in roles.roles if r not in (Role.OTHER, Role.YEAR))


def _adopt_other_years(rt: RoledTable, readings: Sequence[ColumnRoles]) -> RoledTable:
    """A column the chosen reading names nothing ('Target 202% (Renstra)', its year misread) that
    another page's reading of the same header reads as another year's ('Target2029 (Renstra)')
    is that year's column: its values are read as records of that year, not dropped."""
    roles = list(rt.roles.roles)
    others = list(rt.roles.other_years)
    for r in readings:
        if len(r.roles) != len(roles) or not _labels_agree(r, rt.roles):
            continue
        for o in r.other_years:
            if roles[o.col] == Role.OTHER:
                roles[o.col] = Role.OTHER_YEAR
                others.append(replace(o, year=rt.roles.years[o.col] or o.year))
    if len(others) == len(rt.roles.other_years):
        return rt
    others.sort(key=lambda o: o.col)
    return replace(rt, roles=replace(rt.roles, roles=tuple(roles), other_years=tuple(others)))


def _vote_years(rt: RoledTable, readings: Sequence[ColumnRoles], printed: Counter[int]) -> RoledTable:
    """A header repeated on every page is read once per page; in a scan OCR may misread a year on
    one of them ('2028' for '2029'), so each column takes the year most pages show. Two pages, two
    years: the one the document's headers print more often over other years' columns ('Target
    Tahun 2025' on the page before, where the table did not stitch) wins; else the first page's."""
    readings = [r for r in readings if len(r.years) == len(rt.roles.years)]  # same columns only
    if len(readings) < 2:
        return rt
    years = []
    for col, first in enumerate(rt.roles.years):
        seen = Counter(y for r in readings if (y := r.years[col]) is not None)
        years.append(max(seen, key=lambda y: (seen[y], printed[y])) if seen else first)
    others = tuple(replace(o, year=years[o.col] or o.year) for o in rt.roles.other_years)
    table_year = Counter(r.year for r in readings if r.year is not None).most_common(1)
    roles = replace(
        rt.roles, years=tuple(years), other_years=others, year=table_year[0][0] if table_year else None
    )
    return replace(rt, roles=roles)


def _same_header_body(table: Table, roles: ColumnRoles, prev: RoledTable) -> tuple[TableRow, ...] | None:
    """The body rows of a continuation that repeats ``prev``'s header, laid onto ``prev``'s
    columns; None when the header names other columns. Pages of one table may differ by an
    unnamed column (empty on one page, or a gutter found on one page only): the named columns,
    in order, decide; an unnamed column goes to the unnamed column it sits under, or is left out."""
    if roles.roles == prev.roles.roles or _reads_alike(roles, prev, table):
        return table.rows[_repeated_header_rows(table, roles, prev) :]
    named = _named(roles)
    before = _named(prev.roles)
    lost = _labels_lost(named, before)
    if lost is None:
        return None
    kept = [(c, r) for c, r in before if c not in lost]
    onto = {c: p for (c, _), (p, _) in zip(named, kept, strict=True)}
    free = {c for c, r in enumerate(prev.roles.roles) if r == Role.OTHER} | lost
    spans = column_spans(prev.table)
    for col in (c for c, r in enumerate(roles.roles) if r == Role.OTHER):
        mid = _column_middle(table, col)  # an unnamed column ("Target 2022") lands where it sits
        hits = [c for c in free if mid is not None and spans[c][0] <= mid <= spans[c][1]]
        if mid is None and col in free and table.n_cols == prev.table.n_cols:
            hits = [col]  # no geometry (a text dump): the same place in a table as wide
        if len(hits) == 1:
            onto[col] = hits[0]
            free.discard(hits[0])
    rows = []
    for row in table.rows[roles.header_rows :]:
        cells = [Cell("", row.index, c, None, None, None) for c in range(prev.table.n_cols)]
        for cell in row.cells:
            if cell.col in onto:
                cells[onto[cell.col]] = replace(cell, col=onto[cell.col])
        rows.append(replace(row, cells=tuple(cells)))
    return tuple(rows)


_Named = Sequence[tuple[int, tuple[Role, int | None]]]


def _repeated_header_rows(table: Table, roles: ColumnRoles, prev: RoledTable) -> int:
    """The header rows of a continuation repeating ``prev``'s header: as many as the table's
    first page printed where the rows its own reading adds fill label columns alone (a label's
    last lines carried over the page break, 'Perencanaan Anggaran ...' read as a header naming
    pagu); those are its first body row."""
    own, first = roles.header_rows, prev.roles.header_rows
    if not 0 < first < own:
        return own
    labels = {c for c, r in enumerate(prev.roles.roles) if r in LABEL_ROLES}
    extra = table.rows[first:own]
    return first if all(c.empty or c.col in labels for row in extra for c in row.cells) else own



def _reads_alike(roles: ColumnRoles, prev: RoledTable, table: Table) -> bool:
    """The same header printed again, however OCR misread it ('Canaian Kinerja 2023 | PK' for
    'Capaian Kinerja 2025 | Target PK'): as many columns, and most of its words as before."""
    if table.n_cols != prev.table.n_cols:
        return False
    return fuzz.token_set_ratio(roles.header_text.lower(), prev.roles.header_text.lower()) >= _ALIKE


_ALIKE = 80


def _labels_lost(named: _Named, before: _Named) -> set[int] | None:
    """The columns of ``before`` a repeated header names no more (an OCR-damaged 'Sasaran' or
    'IKU' over the label columns), when the rest match in order and the values are all named;
    None when the two headers name different columns."""
    wanted = [r for _, r in named]
    if wanted == [r for _, r in before]:
        return set()
    values = [r for r in wanted if r[0] in VALUE_ROLES]
    lost = {c for c, r in before if r not in wanted and r[0] not in VALUE_ROLES}
    if len(values) < 2 or [r for c, r in before if c not in lost] != wanted:
        return None
    return lost


def _named(roles: ColumnRoles) -> list[tuple[int, tuple[Role, int | None]]]:
    """(column, what it holds) of the named columns; an other-year column is named with its year."""
    return [
        (c, (r, roles.years[c] if r == Role.OTHER_YEAR else None))
        for c, r in enumerate(roles.roles)
        if r != Role.OTHER
    ]


def _weak(roles: ColumnRoles) -> bool:
    """A 'header' naming at most one column: on a continuation page, the first row's label lines
    ('Realisasi anggaran ...') read as header words, not a header."""
    return sum(1 for r in roles.roles if r not in (Role.OTHER, Role.YEAR)) <= 1


def realign(table: Table, onto: Table) -> Table | None:
    """A headerless continuation laid onto the columns of the table it continues, by position: a
    column empty on one page (a Keterangan filled only on the first) leaves the pages with
    different column counts. A first or last column of specks alone that lines up with none (a
    mark in a scan's margin read as '“') is left out. None when the columns do not line up one
    to one."""
    # more than two columns short: another table, not this one's next page (a page of rows under
    # one merged Sasaran, its text carried over the break, leaves No and Sasaran out); but a lone
    # last row of figures leaves the columns it has no text in out ('Jumlah Total' under No, Kode, Ket.)
    if table.n_cols < onto.n_cols - 2 and not _lone_row_of_figures(table):
        return None
    spans = column_spans(onto)  # from the narrow boxes: a band row or a spanned cell is no column
    mapping: list[int | None] = []
    for col in range(table.n_cols):
        mid = _column_middle(table, col)
        if mid is None and _empty_column(table, col):
            mapping.append(None)  # a merged cell's covered part ('JUMLAH' across No | Kode | Uraian)
            continue
        if mid is None:
            return None
        hits = [c for c, span in enumerate(spans) if span[0] <= mid <= span[1]]
        if not hits and col in (0, table.n_cols - 1) and _marks_only(table, col):
            mapping.append(None)  # specks in the margin a scan's reading made a column of
            continue
        placed = [m for m in mapping if m is not None]
        # two columns in one of ``onto``'s: the first page's reading joined a narrow No column to
        # the label beside it, and so are they joined here
        shared = table.n_cols > onto.n_cols and placed and hits == [placed[-1]]
        if len(hits) != 1 or (placed and hits[0] <= placed[-1] and not shared):
            return None
        mapping.append(hits[0])
    rows = [_laid_onto(row, mapping, onto.n_cols) for row in table.rows]
    return replace(table, rows=tuple(rows))


def _laid_onto(row: TableRow, mapping: Sequence[int | None], n_cols: int) -> TableRow:
    """``row`` with each cell in the column ``mapping`` gives it; cells sharing a column joined."""
    cells = [Cell("", row.index, c, None, None, None) for c in range(n_cols)]
    for cell, target in zip(row.cells, mapping, strict=False):
        if target is None or cell.empty:
            continue
        have = cells[target]
        if have.empty:
            cells[target] = replace(cell, col=target)
        else:
            box = have.bbox.union(cell.bbox) if have.bbox and cell.bbox else have.bbox or cell.bbox
            cells[target] = replace(have, text=f"{have.text} {cell.text}", bbox=box)
    return replace(row, cells=tuple(cells))


def _lone_row_of_figures(table: Table) -> bool:
    """A lone row (``Table.lone_row``) with figures in two cells or more after its first."""
    if not table.lone_row:
        return False
    cells = table.rows[0].cells[1:]
    return sum(1 for c in cells if not c.empty and parse_value(c.text).kind is not ValueKind.TEXT) >= 2


def _empty_column(table: Table, col: int) -> bool:
    return all(col >= len(r.cells) or r.cells[col].empty for r in table.rows)


def _marks_only(table: Table, col: int) -> bool:
    """The column holds nothing but marks: no letter or digit in any of its cells."""
    return not any(ch.isalnum() for r in table.rows if col < len(r.cells) for ch in r.cells[col].text)


def _margin_marks(table: Table) -> bool:
    """A first or last column with marks but no letter or digit: possibly a scan's specks."""
    return any(
        _marks_only(table, col) and any(r.cells[col].text.strip() for r in table.rows if col < len(r.cells))
        for col in {0, table.n_cols - 1}
    )


def _column_middle(table: Table, col: int) -> float | None:
    """The middle of a column's cells; in a ruled table, of its narrowest cells (a box is a grid
    cell there, and a merged one, 'JUMLAH' across No | Kode | Uraian, is wider than its column)."""
    boxes = [b for r in table.rows if col < len(r.cells) and (b := r.cells[col].bbox) and not r.cells[col].empty]
    if boxes and table.method in (Method.PDF_RULED, Method.OCR_RULED):
        narrow = min(b.width for b in boxes)
        boxes = [b for b in boxes if b.width <= narrow + 0.5]
    mids = sorted((b.x0 + b.x1) / 2 for b in boxes)
    return mids[len(mids) // 2] if mids else None


def _names_a_table(caption: str | None) -> bool:
    """A caption like 'Tabel 3.2 ...' starts a new table; a running page header does not."""
    return bool(caption and re.match(r"^\s*(tabel|table|lampiran)\b", caption, re.I))


def _new_table(caption: str | None) -> bool:
    """A caption naming a table of its own ('Tabel 1.1 Jumlah Pegawai'), not this one's next part
    ('Tabel 3.1 (lanjutan)'): a headerless table under it continues nothing."""
    return _names_a_table(caption) and not CONTINUED.search(caption or "")


def _adjacent(a: Table, b: Table, unread: set[int] | None = None) -> bool:
    """b follows a directly: next page (or after pages whose tables could not be read at all),
    or within a few lines of a text dump."""
    if a.pages and b.pages:
        between = range(a.pages[-1] + 1, b.pages[0])
        return b.pages[0] >= a.pages[-1] and all(p in (unread or set()) for p in between)
    last = max((c.line for r in a.rows for c in r.cells if c.line is not None), default=None)
    first = b.first_line
    return last is not None and first is not None and 0 < first - last <= 6


def _extend(prev: RoledTable, rows: Sequence[TableRow], more: Table) -> RoledTable:
    """``prev`` with the rows of its continuation ``more`` (and its pages) appended."""
    cell_pages = (c.page for r in rows for c in r.cells if c.page)
    pages = tuple(dict.fromkeys([*prev.table.pages, *more.pages, *cell_pages]))
    table = replace(prev.table, rows=prev.table.rows + tuple(rows), pages=pages)
    return RoledTable(table, prev.roles, prev.year, prev.body + tuple(rows))


def join_stranded_headers(tables: Sequence[Table]) -> list[Table]:
    """A table whose rows are all header, at the foot of a page, is the first header rows of the
    table that starts the next page (Word lets a table break after any row): laid onto that
    table's columns on top of it. Dropped when the next table repeats the whole header itself."""
    out: list[Table] = []
    for table in tables:
        prev = out[-1] if out else None
        stub = _header_stub(prev)
        if (
            prev is None
            or stub is None
            or not (prev.pages and table.pages)
            or table.pages[0] != prev.pages[-1] + 1
        ):
            out.append(table)
            continue
        below = read_header(table, None)
        named = {c.role for c in stub.columns} - _UNNAMED
        if below is not None and named <= {c.role for c in below.columns}:
            out[-1] = table  # a repeated header: the continuation names every column itself
        else:
            out[-1] = _stub_onto(prev, table)
    return out


_UNNAMED = frozenset({Role.OTHER, Role.YEAR, Role.OTHER_YEAR})


def _header_stub(table: Table | None) -> HeaderModel | None:
    """The header model of a table that is nothing but a few header rows naming two columns or
    more (not a paragraph whose short lines happen to hold header words)."""
    if table is None or len(table.rows) > MAX_HEADER_LINES + 1:
        return None
    heads = len(table.rows) - len(_band_tail(table))  # a band row may follow, before the break
    if table.header_rows is not None and table.header_rows != heads:
        return None  # its finder saw rows under the header
    model = read_header(table, None)
    if model is None or model.rows != heads or heads > MAX_HEADER_LINES:
        return None
    return model if len({c.role for c in model.columns} - _UNNAMED) >= 2 else None


def _band_tail(table: Table) -> tuple[TableRow, ...]:
    """The band rows a header stub ends with (the first goal's, printed before the page break)."""
    n = len(table.rows)
    while n and table.rows[n - 1].band:
        n -= 1
    return table.rows[n:]


def _stub_onto(stub: Table, table: Table) -> Table:
    """The stub's header cells placed in the columns of ``table`` by position, moved down the
    page to sit right above its first row so the header model sees one stack of header rows."""
    spans = column_spans(table)
    top = min((c.bbox.top for r in table.rows[:1] for c in r.cells if c.bbox), default=0.0)
    bottom = max((c.bbox.bottom for r in stub.rows for c in r.cells if c.bbox), default=0.0)
    shift = top - bottom - 2.0
    bands = _band_tail(stub)
    rows = []
    for r, row in enumerate(stub.rows[: len(stub.rows) - len(bands)]):
        texts: dict[int, list[Cell]] = {}
        for cell in row.cells:
            if not cell.empty and cell.bbox is not None:
                texts.setdefault(_nearest_column(spans, (cell.bbox.x0 + cell.bbox.x1) / 2), []).append(cell)
        cells = []
        for c in range(table.n_cols):
            parts = texts.get(c, [])
            box = BBox.enclosing(p.bbox for p in parts if p.bbox)
            moved = BBox(box.x0, box.top + shift, box.x1, box.bottom + shift) if box else None
            first = parts[0] if parts else None
            text = " ".join(p.text for p in parts)
            cells.append(
                Cell(text, r, c, first.page if first else None, first.line if first else None, moved)
            )
        rows.append(TableRow(r, tuple(cells)))
    for band in bands:  # the band over the first rows, in the first column, across the table
        r = len(rows)
        cell = band.cells[0]
        box = cell.bbox and BBox(cell.bbox.x0, top - 1.0, cell.bbox.x1, top - 0.5)
        empty = tuple(Cell("", r, c, None, None, None) for c in range(1, table.n_cols))
        rows.append(TableRow(r, (replace(cell, row=r, col=0, bbox=box), *empty), band=True))
    n = len(rows)
    body = tuple(
        replace(row, index=row.index + n, cells=tuple(replace(c, row=c.row + n) for c in row.cells))
        for row in table.rows
    )
    pages = tuple(dict.fromkeys([*stub.pages, *table.pages]))
    return replace(
        table,
        rows=(*rows, *body),
        pages=pages,
        caption=stub.caption,
        caption_line=stub.caption_line,
        header_rows=None,  # the rest of the header may start the next page: the header model decides
    )


def _nearest_column(spans: Sequence[tuple[float, float]], x: float) -> int:
    def distance(c: int) -> float:
        return max(spans[c][0] - x, 0.0, x - spans[c][1])

    return min(range(len(spans)), key=distance)
