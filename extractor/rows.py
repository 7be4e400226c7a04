"""Stage 4 — rows: grid rows of a table whose columns have roles (``extractor.roles``; ``extractor.stitch``
joins continuations across pages) become semantic rows (performance, agreement or budget):
continuation rows merged up, band rows taken as context, sasaran and parents filled down, one more
row per other year the table has value columns for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from extractor.models import Cell, TableRow
from extractor.roles import ColumnRoles, RoledTable
from extractor.values import ValueKind, parse_amount, parse_value
from extractor.vocabulary import HEADER_YEAR, LABEL_ROLES, SASARAN_NUMBER, VALUE_ROLES, Role

__all__ = ["SemanticRow", "semantic_rows", "split_code"]


RowKind = Literal["performance", "agreement", "budget"]


_CODE = re.compile(
    r"^\s*(?P<code>\d{3}\.\d{2}\.[A-Z]{2}|[A-Z]{2}\.\d{4}|\d{4}\.[A-Z]{3}\.\d{3}|\d{4}\.[A-Z]{3}"
    r"|[A-Z]{3}\.\s?\d{3}|[A-Z]{3}\.(?=\s)|\d{4}(?=\s+[A-Z])|[A-Z]{2}(?=\s+[A-Z][a-z]))\s*"
)


_CODE_PAREN = re.compile(r"\((?P<code>\d{3}\.\d{2}\.[A-Z]{2}|[A-Z]{2}\.\d{4}|\d{4})\)\s*$")

_SECTION = re.compile(r"^(?:[IVX]+|[A-H])[.)]?\s+\S|^(sasaran|tujuan)\b", re.I)


@dataclass(frozen=True)
class SemanticRow:
    """One data row with its cells keyed by role; ``sasaran``/``parent`` hold filled-down spans."""

    kind: RowKind
    table: int
    caption: str | None
    year: int | None
    cells: Mapping[Role, Cell]
    sasaran: str | None
    parent_code: str | None
    first_cell: Cell


def split_code(text: str) -> tuple[str | None, str]:
    """Program/kegiatan/KRO/RO code printed before (or in brackets after) a name."""
    t = text.strip()
    m = _CODE.match(t)
    if m and len(t) > m.end():
        return m.group("code").replace(" ", ""), t[m.end() :].strip(" -:")
    m = _CODE_PAREN.search(t)
    if m:
        return m.group("code"), t[: m.start()].strip(" -:")
    return None, t


_AMOUNT_ROLES = frozenset({Role.PAGU, Role.REAL_RP})


def _is_value(text: str, amount: bool, ocr: bool = False) -> bool:
    """Whether a value cell holds a value; an amount column's cell is also read as an amount, so a
    label word spilled before the figure ("Proses Rp. 26.608.457.000") still counts. On a scan a
    percent whose '%' OCR read as '96' ('100,00 96') or a grade read small ('cc') is a value too:
    a row of them is a data row, not a label's continuation."""
    if parse_value(text).kind not in (ValueKind.TEXT, ValueKind.EMPTY):
        return True
    if ocr and parse_value(text, expect="percent", ocr=True).kind not in (ValueKind.TEXT, ValueKind.EMPTY):
        return True
    return amount and parse_amount(text).kind == ValueKind.AMOUNT


def _has_values(
    row: TableRow, cols: Sequence[int], amount_cols: Sequence[int] = (), ocr: bool = False
) -> bool:
    """Whether any value column holds a value (``_is_value``)."""
    return any(
        _is_value(row.cells[c].text, c in amount_cols, ocr)
        for c in cols
        if c < len(row.cells) and not row.cells[c].empty
    )


def semantic_rows(rt: RoledTable, report_year: int | None) -> list[SemanticRow]:
    """Body rows as role-keyed rows: continuation rows merged up, band rows ("Sasaran Strategis
    1: ...") taken as context, sasaran and parents filled down, and one more row per other year
    the table has value columns for."""
    out: list[SemanticRow] = []
    sasaran: str | None = None
    parent: str | None = None
    for cells, band, source in _merged_rows(rt):
        if band is not None:
            sasaran = _band_sasaran(band) if rt.roles.kind != "budget" else sasaran
            continue
        sas = cells.get(Role.SASARAN)
        if sas is not None and not sas.empty:
            sasaran = _band_sasaran(sas.text)
        parent = _parent_code(cells, parent)
        if not _has_real_value(cells, rt.table.method.ocr):
            if sas is None and cells.get(Role.NAME) is None and cells.get(Role.INDICATOR) is not None:
                text = cells[Role.INDICATOR].text
                if re.match(r"^sasaran\b", text, re.I):
                    sasaran = _band_sasaran(text)
            continue
        year = _row_year(cells, rt.roles.year or rt.year, report_year)
        out.extend(_rows_of(rt, cells, year, sasaran, parent))
        out.extend(_other_year_rows(rt, cells, source, sasaran, parent))
    return out


def _merged_rows(rt: RoledTable) -> list[tuple[dict[Role, Cell], str | None, TableRow]]:
    """(cells by role, band text or None, the grid row) per body row, continuation rows merged
    into the row above. A row is a continuation when it has no value and no number of its own."""
    roles = rt.roles
    value_cols = [i for i, r in enumerate(roles.roles) if r in VALUE_ROLES]
    amount_cols = [i for i, r in enumerate(roles.roles) if r in _AMOUNT_ROLES]
    merged: list[tuple[dict[Role, Cell], str | None, TableRow]] = []
    ocr = rt.table.method.ocr
    for row in rt.body:
        if not any(not c.empty for c in row.cells):
            continue
        cells = _cells_by_role(row, roles.roles)
        if not _has_values(row, value_cols, amount_cols, ocr) and not _has_other_values(row, roles, ocr):
            band = _band_text(row, rt, value_cols)
            if band is not None:
                merged.append(({}, band, row))
                continue
            no_cell = cells.get(Role.NO)
            last = merged[-1] if merged else None
            if last is not None and last[1] is None and (no_cell is None or no_cell.empty):
                merged[-1] = (_append_texts(last[0], cells), None, last[2])
                continue
        merged.append((cells, None, row))
    return merged


def _cells_by_role(row: TableRow, roles: Sequence[Role]) -> dict[Role, Cell]:
    cells: dict[Role, Cell] = {}
    for i, role in enumerate(roles):
        # a role printed twice (two "Program/Kegiatan" columns): the first filled one counts
        if i < len(row.cells) and role not in _IGNORED and (role not in cells or cells[role].empty):
            cells[role] = row.cells[i]
    return cells


_IGNORED = frozenset({Role.OTHER, Role.OTHER_YEAR, Role.CATEGORY})  # Sisa is kept: it pins a damaged amount


_LABEL_ROLES = LABEL_ROLES | {Role.KODE, Role.NO}


def _band_text(row: TableRow, rt: RoledTable, value_cols: Sequence[int]) -> str | None:
    """The text of a band row: one text across the table ("Sasaran Strategis 1: ...", "Program
    ..."), or a lone section heading in a label column; None for any other row."""
    filled = [c for c in row.cells if not c.empty and not _NUMBER_ONLY.match(c.text.strip())]
    if row.band and len(filled) > 1:  # a band's wrapped lines, each in the column it starts in
        return " ".join(c.text for c in sorted(filled, key=lambda c: (c.bbox.top if c.bbox else 0.0, c.col)))
    if len(filled) != 1:
        return None
    cell = filled[0]
    if row.band or (cell.bbox is not None and _spans_values(cell, rt, value_cols)):
        return cell.text
    if _SECTION.match(cell.text.strip()) and rt.roles.roles[cell.col] in _LABEL_ROLES | {Role.OTHER}:
        return cell.text
    return None


_NUMBER_ONLY = re.compile(r"^[\dIVXivx]{1,4}[.)]?$")


def _spans_values(cell: Cell, rt: RoledTable, value_cols: Sequence[int]) -> bool:
    """A cell whose box reaches over a value column's middle: drawn across the table."""
    assert cell.bbox is not None
    for col in value_cols:
        if col == cell.col:
            continue
        boxes = [r.cells[col].bbox for r in rt.body if col < len(r.cells) and r.cells[col].bbox]
        mids = sorted((b.x0 + b.x1) / 2 for b in boxes if b is not None)
        if mids and cell.bbox.x0 < mids[len(mids) // 2] < cell.bbox.x1:
            return True
    return False


def _band_sasaran(text: str) -> str:
    """A sasaran's text without its number ('Sasaran Strategis 1:', 'SS1.'): the number is where
    it stands in the list, not part of its name."""
    return SASARAN_NUMBER.sub("", text.strip()) or text


def _has_other_values(row: TableRow, roles: ColumnRoles, ocr: bool = False) -> bool:
    return any(
        o.col < len(row.cells) and _is_value(row.cells[o.col].text, o.role in _AMOUNT_ROLES, ocr)
        for o in roles.other_years
        if o.col < len(row.cells) and not row.cells[o.col].empty
    )


def _parent_code(cells: Mapping[Role, Cell], parent: str | None) -> str | None:
    name_cell = cells.get(Role.NAME)
    if name_cell is not None and not name_cell.empty:
        code, _ = split_code(name_cell.text)
        if code and re.search(r"\d{4}", code) and cells.get(Role.INDICATOR) is not None:
            return code
    return parent


def _rows_of(
    rt: RoledTable,
    cells: dict[Role, Cell],
    year: int | None,
    sasaran: str | None,
    parent: str | None,
) -> list[SemanticRow]:
    kind = rt.roles.kind
    labelled = Role.INDICATOR in cells or Role.NAME in cells or Role.SASARAN in cells
    kinds: list[RowKind] = []
    # a row of a mixed table with no figure of performance (its 'Jumlah' of the budget) is no indicator
    measured = any(r in cells and not cells[r].empty for r in (Role.TARGET, Role.REALISASI, Role.CAPAIAN))
    if kind in ("performance", "agreement", "mixed") and Role.TARGET in cells and labelled and measured:
        kinds.append("agreement" if kind == "agreement" else "performance")
    if kind in ("budget", "mixed"):
        kinds.append("budget")
    first = min(cells.values(), key=lambda c: c.col)
    table = rt.table
    return [SemanticRow(k, table.index, table.caption, year, cells, sasaran, parent, first) for k in kinds]


def _other_year_rows(
    rt: RoledTable, cells: dict[Role, Cell], source: TableRow, sasaran: str | None, parent: str | None
) -> list[SemanticRow]:
    """One row per other year the table has value columns for, with the label cells of the row."""
    if not rt.roles.other_years:
        return []
    labels = {role: cell for role, cell in cells.items() if role not in VALUE_ROLES}
    out: list[SemanticRow] = []
    for year in sorted({o.year for o in rt.roles.other_years}):
        extra = dict(labels)
        for o in rt.roles.other_years:
            if o.year == year and o.col < len(source.cells) and o.role not in extra:
                extra[o.role] = source.cells[o.col]
        if not _has_real_value(extra, rt.table.method.ocr):
            continue
        kind = rt.roles.kind
        row_kind: RowKind = "budget" if kind == "budget" else "performance"
        if row_kind == "performance" and not any(
            r in labels for r in LABEL_ROLES
        ):
            continue
        first = min(extra.values(), key=lambda c: c.col)
        out.append(
            SemanticRow(row_kind, rt.table.index, rt.table.caption, year, extra, sasaran, parent, first)
        )
    return out


def _has_real_value(cells: Mapping[Role, Cell], ocr: bool = False) -> bool:
    """A data row has at least one number, grade, opinion or count (``_is_value``); text alone
    is a heading."""
    return any(
        _is_value(cell.text, role in _AMOUNT_ROLES, ocr)
        or (role == Role.TARGET and any(ch.isdigit() for ch in cell.text))  # '1 Lakip dan 2 PK'
        for role, cell in cells.items()
        if role in VALUE_ROLES and not cell.empty
    )


def _append_texts(target: dict[Role, Cell], extra: Mapping[Role, Cell]) -> dict[Role, Cell]:
    out = dict(target)
    for role, cell in extra.items():
        if cell.empty or role not in LABEL_ROLES | {Role.KODE}:
            continue
        base = out.get(role)
        if base is None:
            out[role] = cell
            continue
        box = base.bbox.union(cell.bbox) if base.bbox and cell.bbox else base.bbox
        out[role] = replace(base, text=f"{base.text} {cell.text}".strip(), bbox=box)
    return out


def _row_year(cells: Mapping[Role, Cell], table_year: int | None, report_year: int | None) -> int | None:
    year_cell = cells.get(Role.YEAR)
    if year_cell is not None and (m := HEADER_YEAR.search(year_cell.text)):
        return int(m.group(1))
    return table_year if table_year is not None else report_year
