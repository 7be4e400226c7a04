"""Column clean-up shared by every finder: a column of currency signs joins the figures it marks,
and so does a column of percent signs; on a scan, a value column cut in two between a figure and
its unit is one column again.

Excel-made budget tables give 'Rp' a column of its own ('Rp | 1.234.000'), ruled or not. Left
apart, the sign column takes the header that spans both, and a parent header centred over a
pair of such columns sits over a sign instead of a figure. Folded into the amount column, the
table reads like one printed 'Rp 1.234.000' per cell, whatever the producer did. The same holds
for '95,51 | %': a monospaced or Excel-made '%' apart from its figure, which a scan may read as
'4', '1' or 'X' in some rows; in a column that is mostly '%' those are the same sign. A borderless
scan's '23 Dokumen' may leave a white channel between figure and unit down a centred column: the
figures then fall on either side of it ('73' right, '23' left), two columns with one header or none.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from extractor.models import BBox, Cell, Table, TableRow
from extractor.values import ValueKind, is_currency_mark, parse_value
from extractor.vocabulary import YEAR_DIGITS

__all__ = ["fold_sign_columns"]


def fold_sign_columns(table: Table) -> Table:
    """The table with each currency-sign column merged into the amount column on its right, and
    each percent-sign column into the figure column on its left."""
    col = 0
    while col < table.n_cols - 1:
        if _sign_column(table, col):
            table = _merge_right(table, col)
        else:
            col += 1
    col = 1
    while col < table.n_cols:
        if _percent_column(table, col) or _split_column(table, col - 1, col):
            table = _merge_right(table, col - 1)
        else:
            col += 1
    return table


_MARK = re.compile(r"^(?:[%$&]|\d{1,2}|[xX°‘’'`])$")  # '%' as printed, or as a scan misreads it
_PERCENT_LIKE = frozenset("%$")  # a '%' or its Courier misreading, not a digit that may be a figure


def _percent_column(table: Table, col: int) -> bool:
    """Below the header, the column holds only short marks, most of them '%', each beside a figure
    in the column on its left; there is a header, and it does not name both columns. Without a
    header (a continuation page), each mark stands a space after its figure: a Satuan column
    stands a cell's padding off."""
    rows = [r.cells for r in table.rows if col < len(r.cells)]
    start = next((i for i, cells in enumerate(rows) if _figure(cells[col - 1].text)), len(rows))
    head = rows[:start]
    if head and any(not c[col - 1].empty for c in head) and any(not c[col].empty for c in head):
        return False  # both headed: two columns
    marks = [cells for cells in rows[start:] if not cells[col].empty]
    if len(marks) < 2 or any(not _MARK.match(cells[col].text.strip()) for cells in marks):
        return False
    signs = _PERCENT_LIKE | _trailing_marks(table)
    if sum(1 for cells in marks if cells[col].text.strip() in signs) * 2 < len(marks):
        return False
    if not all(_figure(cells[col - 1].text) for cells in marks):
        return False
    return bool(head) or all(_a_space_after(cells[col - 1], cells[col]) for cells in marks)


_TRAILING = re.compile(r"^\d[\d.,]*[.,]\d{1,2}\s+(\S)$")  # '85,00 4': a figure and what its '%' was read as


def _trailing_marks(table: Table) -> frozenset[str]:
    """What this table's '%' signs read as where they stayed in their figure's cell ('85,00 4' in
    three cells or more: a monospaced scan's '%' is a '4' here, and so is a '4' split off)."""
    found = Counter(m.group(1) for r in table.rows for c in r.cells if (m := _TRAILING.match(c.text.strip())))
    return frozenset(mark for mark, n in found.items() if n >= 3)


def _a_space_after(figure: Cell, mark: Cell) -> bool:
    """The mark is set a word space after the figure (a monospaced space and OCR's box margins: no
    more than one and a half times the figure's height apart)."""
    if figure.bbox is None or mark.bbox is None:
        return False
    return mark.bbox.x0 - figure.bbox.x1 <= 1.5 * (figure.bbox.bottom - figure.bbox.top)


def _split_column(table: Table, left: int, right: int) -> bool:
    """A scan's value column cut between figure and unit: figures on either side in some rows
    (on the left alone or with its unit word beside it, '1 | Dokumen' under '| 80%'), never a
    figure on both sides of one row, nothing right of a figure but a unit word, and no header
    line naming both halves."""
    if not table.method.ocr:
        return False
    sides, rows = [0, 0], 0
    for row in table.rows:
        a, b = (row.cells[c].text.strip() if c < len(row.cells) else "" for c in (left, right))
        if not _has_figure(a) and not _has_figure(b):
            if a and b:
                return False  # two texts side by side: a header naming both, or two text columns
            continue
        if (_has_figure(a) and b and not _UNIT_WORD.fullmatch(b)) or (_has_figure(b) and a):
            return False
        rows += 1
        sides[0] += _has_figure(a)
        sides[1] += _has_figure(b)
    return rows >= 3 and min(sides) > 0


_UNIT_WORD = re.compile(r"[^\W\d_]{2,15}")


def _has_figure(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and _figure(text)


def _figure(text: str) -> bool:
    return bool(text.strip()) and parse_value(text).kind is not ValueKind.TEXT


def _sign_column(table: Table, col: int) -> bool:
    """From its first sign down, the column holds only signs (two at least, or nothing but one),
    and the column on its right holds a figure beside most of them."""
    cells = [r.cells[col] if col < len(r.cells) else None for r in table.rows]
    marks = [i for i, c in enumerate(cells) if c is not None and _sign(c.text)]
    # the header its finder saw is no content of the column ('Pagu' over a one-row piece's 'Rp.')
    filled = [c for c in cells[table.header_rows or 0 :] if c is not None and not c.empty]
    if not marks or (len(marks) < 2 and len(filled) > len(marks)):
        return False  # one sign alone only counts in a column of nothing else (a one-row piece)
    below = [c for c in cells[marks[0] :] if c is not None and not c.empty]
    odd = [c for c in below if not _sign(c.text)]
    if any(not _SPECK.match(c.text.strip()) or _figure(c.text) for c in odd) or len(odd) > len(marks) // 5:
        return False  # a sign OCR misread ('A5)') among many is still a sign; anything else is not
    right = [table.rows[i].cells[col + 1].text for i in marks if col + 1 < len(table.rows[i].cells)]
    figures = sum(
        1 for t in right if parse_value(t, expect="amount").kind in (ValueKind.AMOUNT, ValueKind.NUMBER)
    )
    return figures * 2 >= len(marks)


_SPECK = re.compile(r"^\S{1,4}$")
_DEBRIS = re.compile(r"^[-—–_~.,'`‘’]+\s*")  # a rule's remains OCR read before a sign ('— Rp')


def _sign(text: str) -> bool:
    """A currency sign, also behind the remains of a ruling line OCR read before it ('— Rp')."""
    t = text.strip()
    return is_currency_mark(t) or is_currency_mark(_DEBRIS.sub("", t, count=1))


def _merge_right(table: Table, col: int) -> Table:
    rows = []
    for row in table.rows:
        cells = list(row.cells)
        if col + 1 < len(cells):
            sign, figure = cells[col], cells[col + 1]
            cells[col : col + 2] = [_joined(sign, figure)]
        rows.append(replace(row, cells=tuple(replace(c, col=i) for i, c in enumerate(cells))))
    return replace(table, rows=tuple(rows))


def _joined(sign: Cell, figure: Cell) -> Cell:
    """One cell of both texts (a header spanning both is kept once) and both boxes."""
    texts = [t for t in (sign.text.strip(), figure.text.strip()) if t]
    text = texts[0] if len(texts) == 2 and texts[0] == texts[1] else " ".join(texts)
    box = BBox.enclosing(b for b in (sign.bbox, figure.bbox) if b is not None)
    first = sign if not sign.empty else figure
    return Cell(
        text,
        figure.row,
        sign.col,
        first.page,
        first.line,
        box,
        figure.conf if not figure.empty else sign.conf,
    )


_YEAR_CELL = re.compile(rf"^\s*(?:tahun\s+|ta\.?\s*)?({YEAR_DIGITS})\s*$", re.I)
_BUDGET_LABEL = re.compile(r"\b(?:pagu|alokasi|realisasi|serapan|penyerapan|anggaran)\b", re.I)


def transpose_year_columns(table: Table) -> Table:
    """A table of years across ('Uraian | 2021 | 2022 | 2023 | 2024') whose rows are labelled Pagu,
    Realisasi and % turned so each year is a row, as budget tables print them: read as printed,
    every figure would be one row of the report year, level ``other``. Cells keep their place."""
    if len(table.rows) < 3:
        return table
    header = table.rows[0].cells
    years = [c.col for c in header if _YEAR_CELL.match(c.text)]
    labels = [r.cells[0].text for r in table.rows[1:] if r.cells]
    if len(years) < 2 or years[0] == 0 or sum(bool(_BUDGET_LABEL.search(t)) for t in labels) < 2:
        return table
    body = [r for r in table.rows[1:] if r.cells]
    first = [
        replace(header[0], row=0, col=0),
        *(replace(r.cells[0], row=0, col=i + 1) for i, r in enumerate(body)),
    ]
    rows = [TableRow(0, tuple(first))]
    for n, col in enumerate(years, start=1):
        cells = [replace(header[col], row=n, col=0)]
        cells += [replace(_at(r, col, header[col]), row=n, col=i + 1) for i, r in enumerate(body)]
        rows.append(TableRow(n, tuple(cells)))
    return replace(table, rows=tuple(rows), header_rows=1 if table.header_rows is not None else None)


def _at(row: TableRow, col: int, beside: Cell) -> Cell:
    """The row's cell in column ``col``, or an empty one where the row has none."""
    found = row.at(col)
    return found if found is not None else replace(beside, text="", bbox=None, conf=None)
