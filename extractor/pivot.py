"""Stage 4a, before roles — tables that print Target, Realisasi and Capaian down a column.

Some reports give each indicator a group of rows, one per measure, under a column of their own:

    No | Indikator Kinerja | Uraian    | 2023  | 2024
    1  | Nilai SAKIP       | Target    | 72    | 75
       |                   | Realisasi | 70,5  | 72,5
       |                   | Capaian   | 97,9% | 96,67%

Read as printed, the header names no target column and the table is dropped (or its rows become
indicators called 'Target'). Turned so each group is one row under 'Target 2023 | Realisasi 2023
| ... | Capaian 2024', the header model reads it like any table with year columns: the report
year's figures are its records, the other years' are records of their own year. The turned
cells keep their page and line but not their boxes (see ``_row``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from extractor.header import header_extent, header_role
from extractor.models import Cell, Table, TableRow
from extractor.vocabulary import Role

__all__ = ["pivot_measure_rows"]

_MEASURES = {Role.TARGET: "Target", Role.REALISASI: "Realisasi", Role.CAPAIAN: "Capaian", Role.PERSEN: "Capaian"}
_Group = list[TableRow]
_NAMED = re.compile(r"^\s*(?:target|realisasi|capaian|%)", re.I)  # a cell that may name a measure


def pivot_measure_rows(table: Table) -> Table:
    """``table`` with each indicator's rows of measures turned into one row; unchanged when no
    column of its body is a cycle of measure names with labels to its left."""
    if sum(1 for r in table.rows for c in r.cells if _NAMED.match(c.text)) < 4:
        return table  # the cheap test first: most tables hold no measure name in any cell
    header = table.header_rows if table.header_rows is not None else header_extent(table.rows)
    body = table.rows[header:]
    col = _measure_column(body, table.n_cols)
    if header == 0 or col is None or col == 0:
        return table
    groups = _groups(body, col)
    if len(groups) < 2:
        return table
    order = list(dict.fromkeys(_MEASURES[m] for g in groups for r in g if (m := _measure(r, col)) is not None))
    values = range(col + 1, table.n_cols)
    top = table.rows[header - 1]
    head = [_named(_at(top, c), _text(table, header, c)) for c in range(col)]
    head += [_named(_at(top, v), f"{m} {_text(table, header, v)}") for v in values for m in order]
    rows = [_row(0, head)]
    for n, group in enumerate(groups, start=1):
        cells = [_label(group, c) for c in range(col)]
        cells += [_value(group, col, v, m) for v in values for m in order]
        rows.append(_row(n, cells))
    return replace(table, rows=tuple(rows), header_rows=1)


def _row(n: int, cells: Sequence[Cell]) -> TableRow:
    """A row of the turned table. Its cells lose their boxes: three figures printed in one column
    now stand in three, and a box would place them all in one (the header model reads columns
    from boxes); each keeps its page and line."""
    return TableRow(n, tuple(replace(c, row=n, col=i, bbox=None) for i, c in enumerate(cells)))


def _measure(row: TableRow, col: int) -> Role | None:
    """The measure a cell names: a short cell ('Target', 'Capaian (%)'), not a label that holds
    such a word ('Persentase realisasi anggaran')."""
    text = row.cells[col].text if col < len(row.cells) else ""
    if not text.strip() or len(text.split()) > 3:
        return None
    role = header_role(text)
    return role if role in _MEASURES else None


def _measure_column(body: Sequence[TableRow], n_cols: int) -> int | None:
    """The column whose body cells are measure names: two kinds at least, on most of its rows."""
    for col in range(n_cols - 1):
        named = [_measure(r, col) for r in body if col < len(r.cells) and not r.cells[col].empty]
        measures = [m for m in named if m is not None]
        if len(measures) >= 4 and len(set(measures)) >= 2 and len(measures) >= 0.8 * len(named):
            return col
    return None


def _groups(body: Sequence[TableRow], col: int) -> list[_Group]:
    """Rows of one indicator: a group ends where a measure it already has comes again."""
    groups: list[_Group] = []
    seen: set[Role] = set()
    for row in body:
        measure = _measure(row, col)
        if measure is None:
            if groups:
                groups[-1].append(row)  # a wrapped line of the label
            continue
        if not groups or measure in seen:
            groups.append([])
            seen = set()
        groups[-1].append(row)
        seen.add(measure)
    return groups


def _at(row: TableRow, col: int) -> Cell:
    found = row.at(col)
    return found if found is not None else Cell("", row.index, col, None, None, None)


def _text(table: Table, header: int, col: int) -> str:
    """A value column's header: its cells' texts top down ('Tahun' / '2024')."""
    return " ".join(t for r in table.rows[:header] if (t := _at(r, col).text.strip()))


def _named(cell: Cell, text: str) -> Cell:
    return replace(cell, text=text.strip())


def _label(group: _Group, col: int) -> Cell:
    """The group's label cell: its rows' texts in the column, joined (a label centred beside its
    measures sits on any of them)."""
    cells = [_at(r, col) for r in group if not _at(r, col).empty]
    if not cells:
        return _at(group[0], col)
    return replace(cells[0], text=" ".join(c.text for c in cells))


def _value(group: _Group, col: int, value_col: int, measure: str) -> Cell:
    row = next((r for r in group if (m := _measure(r, col)) is not None and _MEASURES[m] == measure), None)
    return _at(row, value_col) if row is not None else Cell("", group[0].index, value_col, None, None, None)
