"""The budget table as a grid: Kode | Uraian | Pagu | Realisasi | % and the columns a layout adds.

Amount columns take the layout's notation (``Rp 1.234.567,-``, ``34,884,986,000``, a separate Rp
column ...); a prior-year column's values go to ``other_years`` under their own year.
"""

from __future__ import annotations

from typing import Any

from samples.layouts.budget_lines import BudgetLine
from samples.layouts.formats import budget_decimal, fmt_amount, fmt_percent
from samples.layouts.grid import Cell, Column, header_cells
from samples.layouts.spec import BudgetSpec, LayoutSpec
from samples.layouts.tables import Built, finish


def _budget_columns(b: BudgetSpec, year: int) -> list[Column]:
    parent: tuple[str, ...] = ()
    if b.header == "two_level":
        parent = (b.label_parent,)
    elif b.header == "three_level":
        parent = (b.label_grandparent, b.label_parent)
    rp = b.amount == "rp_column"

    def amount(key: str, path: tuple[str, ...]) -> list[Column]:
        col = Column(key, path, "right")
        return [Column(f"rp:{key}", path, "left"), col] if rp else [col]

    cols: list[Column] = []
    if b.number_col:
        cols.append(Column("no", ("No",)))
    if b.code == "column":
        cols.append(Column("code", (b.label_code,), "left"))
    cols.append(Column("name", (b.label_name,), "left", "label"))
    split = b.header == "year_split"
    if "prior" in b.optional and not split:
        cols += amount("prior", (b.label_prior,))
    cols += amount("pagu", (*parent, b.label_pagu))
    if split:
        cols += amount("prior", (b.label_realisasi, str(year - 1)))
        cols += amount("realisasi", (b.label_realisasi, str(year)))
    else:
        cols += amount("realisasi", (*parent, b.label_realisasi))
    tail = [Column("persen", (*parent, b.label_persen), "center")]
    if "sisa" in b.optional:
        sisa = amount("sisa", (*parent, b.label_sisa))
        tail = [*sisa, *tail] if b.sisa_before_persen else [*tail, *sisa]
    cols += tail
    if "keterangan" in b.optional:
        cols.append(Column("keterangan", (b.label_keterangan,), "left", "text"))
    return cols


def build_budget(lines: tuple[BudgetLine, ...], spec: LayoutSpec, b: BudgetSpec, caption: str) -> Built:
    cols = _budget_columns(b, spec.year)
    keys = [c.key for c in cols]
    cells, r = header_cells(cols, b.number_row)
    header_rows = r
    decimal = budget_decimal(b.amount)
    rows: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    totals: list[int] = []
    number = 0
    name_col = keys.index("name")
    for line in lines:
        total = line.level == "total"
        bold = total or (b.bold_parents and line.level in ("program", "jenis_belanja"))
        if not total:
            number += 1
        code = line.code if b.code != "none" else None
        name = f"{line.code} {line.name}" if b.code == "prefix" and line.code else line.name
        amounts = {
            "pagu": fmt_amount(line.pagu, b.amount, b.rp_text, spec.empty),
            "realisasi": fmt_amount(line.realisasi, b.amount, b.rp_text, spec.empty),
            "prior": fmt_amount(line.prior, b.amount, b.rp_text, spec.empty),
            "sisa": fmt_amount(line.pagu - line.realisasi, b.amount, b.rp_text, spec.empty),
        }
        persen = fmt_percent(line.persen, b.percent, decimal)
        span_total = total and b.total_span and name_col > 0
        for c, key in enumerate(keys):
            if span_total and c < name_col:
                continue
            if key == "no":
                cells.append(Cell(r, c, "" if total else str(number), align="center", bold=bold))
            elif key == "code":
                cells.append(Cell(r, c, line.code or "", bold=bold))
            elif key == "name":
                if span_total:
                    cells.append(Cell(r, 0, line.name, 1, name_col + 1, "center", True, kind="total"))
                else:
                    indent = 8.0 * line.depth if b.indent and not total else 0.0
                    cells.append(
                        Cell(r, c, name, bold=bold, indent=indent, kind="total" if total else "body")
                    )
            elif key.startswith("rp:"):
                cells.append(Cell(r, c, b.rp_text, bold=bold))
            elif key in amounts:
                cells.append(Cell(r, c, amounts[key], align="right", bold=bold))
            elif key == "persen":
                cells.append(Cell(r, c, persen, align=cols[c].align, bold=bold))
            else:
                cells.append(Cell(r, c, line.keterangan or spec.empty, bold=bold))
        if total:
            totals.append(r)
        raw = {"pagu": amounts["pagu"], "realisasi": amounts["realisasi"], "persen": persen}
        rows.append(
            {
                "table": caption,
                "level": line.level,
                "code": code,
                "name": line.name,
                "pagu": line.pagu,
                "realisasi": line.realisasi,
                "persen": line.persen,
                "raw": raw,
            }
        )
        if "prior" in keys:
            others.append(
                {
                    "kind": "budget",
                    "label": line.name,
                    "year": spec.year - 1,
                    "field": "realisasi",
                    "value": line.prior,
                    "raw": amounts["prior"],
                    "column": "prior",
                    "table": caption,
                }
            )
        r += 1
    grid = finish("budget", caption, spec, cols, cells, header_rows, r, b.landscape, [], totals)
    return Built(grid, tuple(rows), tuple(others))
