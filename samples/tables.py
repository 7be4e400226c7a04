"""reportlab tables for the three kinds of LAKIP table: Perjanjian Kinerja, capaian and budget.

``ruled`` draws a full grid with merged (SPAN) sasaran cells; ``borderless`` draws only a header
underline and prints a sasaran once, on the first row of its group, as many real reports do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table
from reportlab.platypus.tables import TableStyle

from samples.content import BudgetTable, PerfRow, PkRow, PkTable, normalise
from samples.numbers import format_amount, format_indicator_value, format_percent

if TYPE_CHECKING:
    from samples.render import Layout

Track = Callable[[str, ParagraphStyle, str], Paragraph]

FONT, FONT_BOLD = "Helvetica", "Helvetica-Bold"
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8.5, leading=10.5)
CELL_BOLD = ParagraphStyle("cell_bold", parent=CELL, fontName=FONT_BOLD)
HEAD = ParagraphStyle("head", parent=CELL, fontName=FONT_BOLD, alignment=TA_CENTER)
CENTRED = ParagraphStyle("centred", parent=CELL, alignment=TA_CENTER)
SHORT = 9  # longer value texts ("1 Lakip dan 2 Perjanjian Kinerja") wrap inside their cell
INDENT = {"kro": 9.0, "ro": 18.0}
HEADER_GREY = colors.Color(0.85, 0.85, 0.85)
TOTAL_GREY = colors.Color(0.93, 0.93, 0.93)


def _para(text: str, style: ParagraphStyle = CELL) -> Paragraph:
    from xml.sax.saxutils import escape

    return Paragraph(escape(text), style)


def _base_style(layout: Layout, head_rows: int) -> list[tuple[Any, ...]]:
    cmds: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 10.5),
        ("VALIGN", (0, 0), (-1, head_rows - 1), "MIDDLE"),
        ("VALIGN", (0, head_rows), (-1, -1), "TOP"),
        ("ALIGN", (0, 0), (-1, head_rows - 1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if layout.style == "ruled":
        cmds += [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY)]
    else:
        cmds += [("LINEBELOW", (0, head_rows - 1), (-1, head_rows - 1), 0.8, colors.black)]
    return cmds


def _header(labels: Sequence[str], layout: Layout) -> list[list[Any]]:
    rows: list[list[Any]] = [[_para(label, HEAD) for label in labels]]
    if layout.number_row:
        rows.append([f"({i})" for i in range(1, len(labels) + 1)])
    return rows


def _groups(sasaran: Sequence[str | None]) -> list[tuple[int, int]]:
    """(first, last) indexes of runs of rows under the same sasaran."""
    runs: list[tuple[int, int]] = []
    for i, s in enumerate(sasaran):
        if runs and normalise(sasaran[runs[-1][0]]) == normalise(s) and s:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _capaian(value: Any, empty: str) -> str:
    if value is None:
        return empty
    if isinstance(value, str):
        return value
    return format_percent(value)


def _grouped_table(
    rows: Sequence[PerfRow] | Sequence[PkRow],
    labels: Sequence[str],
    widths: Sequence[float],
    values: Callable[[Any], list[str]],
    layout: Layout,
    track: Track,
) -> tuple[Table, int]:
    """No | Sasaran | Indikator | values...; sasaran merged (ruled) or printed once (borderless).

    Returns the table and how many leading rows (header and first merged group) cannot be split.
    """
    data = _header(labels, layout)
    head_rows = len(data)
    cmds = _base_style(layout, head_rows)
    groups = _groups([r.sasaran for r in rows])
    for g, (first, last) in enumerate(groups):
        for i in range(first, last + 1):
            row = rows[i]
            lead = i == first
            data.append(
                [
                    str(g + 1) if lead else "",
                    _para(row.sasaran or "") if lead else "",
                    track(row.indicator, CELL, row.key),
                    *(v if len(v) <= SHORT else _para(v, CENTRED) for v in values(row)),
                ]
            )
        top, bottom = head_rows + first, head_rows + last
        if layout.style == "ruled" and last > first:
            cmds += [("SPAN", (0, top), (0, bottom)), ("SPAN", (1, top), (1, bottom))]
    cmds += [("ALIGN", (0, head_rows), (0, -1), "CENTER"), ("ALIGN", (3, head_rows), (-1, -1), "CENTER")]
    table = Table(data, colWidths=list(widths), repeatRows=head_rows)
    table.setStyle(TableStyle(cmds))
    first_group = groups[0][1] - groups[0][0] + 1 if groups else 0
    return table, head_rows + (first_group if layout.style == "ruled" else 1)


def perf_table(rows: Sequence[PerfRow], layout: Layout, track: Track) -> tuple[Table, int]:
    """The capaian table: No | Sasaran | Indikator Kinerja | Target | Realisasi | Capaian."""

    def values(row: PerfRow) -> list[str]:
        return [
            format_indicator_value(row.target, row.unit, empty=layout.empty),
            format_indicator_value(row.realisasi, row.unit, empty=layout.empty),
            _capaian(row.capaian, layout.empty),
        ]

    labels = ("No", "Sasaran Strategis", "Indikator Kinerja", "Target", "Realisasi", "Capaian")
    return _grouped_table(rows, labels, (22, 100, 167, 54, 56, 54), values, layout, track)


def pk_table(table: PkTable, layout: Layout, track: Track) -> Table:
    """Perjanjian Kinerja: No | Sasaran Strategis | Indikator Kinerja | Target."""

    def values(row: PkRow) -> list[str]:
        return [format_indicator_value(row.target, row.unit, empty=layout.empty)]

    labels = ("No", "Sasaran Strategis", "Indikator Kinerja", "Target")
    return _grouped_table(table.rows, labels, (22, 160, 199, 72), values, layout, track)[0]


def _budget_columns(t: BudgetTable, width: float) -> list[tuple[str, str, float]]:
    """(kind, header, width) per column; the name column takes what the others leave."""
    wide = width > 600
    rp = t.amount_style == "rp_column"
    amount_w = (110.0 if wide else 84.0) - (16.0 if rp else 0.0)
    cols: list[tuple[str, str, float]] = []
    if t.show_code:
        cols.append(("code", "Kode", 86.0 if wide else 64.0))
    else:
        cols.append(("no", "No", 22.0))
    cols.append(("name", "Program/Kegiatan/Output" if t.show_code else "Uraian", 0.0))
    for field, label in (("pagu", "Pagu"), ("realisasi", "Realisasi")):
        if field == "realisasi" and not t.show_realisasi:
            continue
        if rp:
            cols += [(f"rp:{field}", label, 16.0), (f"amount:{field}", "", amount_w)]
        else:
            cols.append((f"amount:{field}", f"{label} (Rp)", amount_w))
    if t.show_persen:
        cols.append(("persen", "Persentase" if t.percent_in_cell else "%", 64.0 if wide else 58.0))
    rest = width - sum(w for _, _, w in cols)
    return [(k, h, w if k != "name" else max(rest, 90.0)) for k, h, w in cols]


def budget_table(t: BudgetTable, layout: Layout, track: Track, width: float) -> Table:
    """Kode | Uraian | Pagu (Rp) | Realisasi (Rp) | %, columns as the gold rows fill them."""
    cols = _budget_columns(t, width)
    header: list[Any] = [_para(h, HEAD) if h else "" for _, h, _ in cols]
    data: list[list[Any]] = [header]
    cmds = _base_style(layout, 1)
    for c, (kind, _, _) in enumerate(cols):
        if kind.startswith("rp:"):
            cmds.append(("SPAN", (c, 0), (c + 1, 0)))
        if kind.startswith("amount:") or kind == "persen":
            cmds.append(("ALIGN", (c, 1), (c, -1), "RIGHT"))
        if kind == "no":
            cmds.append(("ALIGN", (c, 1), (c, -1), "CENTER"))
    decimals = 2 if layout.fixed_percent_decimals else None
    number = 0
    for r, row in enumerate(t.rows, start=1):
        strong = row.level in ("program", "total")
        style = ParagraphStyle(
            f"name_{row.level}", parent=CELL_BOLD if strong else CELL, leftIndent=INDENT.get(row.level, 0.0)
        )
        if row.level != "total":
            number += 1
        cells: list[Any] = []
        for kind, _, _ in cols:
            if kind == "code":
                cells.append(row.code or "")
            elif kind == "no":
                cells.append("" if row.level == "total" else str(number))
            elif kind == "name":
                cells.append(track(row.name, style, row.key))
            elif kind.startswith("rp:"):
                cells.append("Rp" if getattr(row, kind[3:]) is not None else "")
            elif kind.startswith("amount:"):
                value = getattr(row, kind[7:])
                cells.append(
                    layout.empty if value is None else format_amount(value, suffix=t.amount_style == "suffix")
                )
            else:
                cells.append(
                    layout.empty
                    if row.persen is None
                    else format_percent(row.persen, sign=t.percent_in_cell, decimals=decimals)
                )
        data.append(cells)
        if strong:
            cmds.append(("FONTNAME", (0, r), (-1, r), FONT_BOLD))
        if row.level == "total" and layout.style == "ruled":
            cmds.append(("BACKGROUND", (0, r), (-1, r), TOTAL_GREY))
    table = Table(data, colWidths=[w for _, _, w in cols], repeatRows=1)
    table.setStyle(TableStyle(cmds))
    return table
