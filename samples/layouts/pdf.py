"""The reportlab path: draw a planned report straight to PDF (deterministic, ``invariant=1``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from samples.layouts.document import Planned
from samples.layouts.grid import BUILTIN, Grid, margins, page_size
from samples.layouts.spec import LayoutSpec

GREY = colors.Color(0.82, 0.82, 0.82)
LIGHT = colors.Color(0.92, 0.92, 0.92)
ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
VALIGN = {"top": "TOP", "middle": "MIDDLE", "bottom": "BOTTOM"}


def rule_commands(border: str, grid: Grid) -> list[tuple[Any, ...]]:
    """reportlab line and fill commands for a border style."""
    h = grid.header_rows
    last_head = h - 1
    cmds: list[tuple[Any, ...]] = []
    if border in ("grid", "grid_shaded"):
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    if border in ("grid_shaded", "shaded"):
        cmds.append(("BACKGROUND", (0, 0), (-1, last_head), GREY))
        cmds += [("BACKGROUND", (0, r), (-1, r), LIGHT) for r in grid.band_rows]
    if border == "horizontal":
        cmds += [
            ("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.black),
            ("LINEBELOW", (0, last_head), (-1, last_head), 0.9, colors.black),
            ("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black),
        ]
    if border == "underline":
        cmds.append(("LINEBELOW", (0, last_head), (-1, last_head), 0.8, colors.black))
    return cmds


def grid_table(grid: Grid, spec: LayoutSpec) -> Table:
    regular, bold = BUILTIN[spec.font]
    size = grid.font_size
    ncols = len(grid.columns)
    data: list[list[Any]] = [["" for _ in range(ncols)] for _ in range(grid.nrows)]
    cmds: list[tuple[Any, ...]] = [
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("VALIGN", (0, 0), (-1, grid.header_rows - 1), "MIDDLE"),
        ("VALIGN", (0, grid.header_rows), (-1, -1), VALIGN[spec.valign]),
    ]
    styles: dict[tuple[str, bool, float], ParagraphStyle] = {}
    for cell in grid.cells:
        key = (cell.align, cell.bold, cell.indent)
        if key not in styles:
            styles[key] = ParagraphStyle(
                f"c{len(styles)}",
                fontName=bold if cell.bold else regular,
                fontSize=size,
                leading=round(size * 1.2, 1),
                alignment=ALIGN[cell.align],
                leftIndent=cell.indent,
            )
        data[cell.row][cell.col] = Paragraph(escape(cell.text), styles[key]) if cell.text else ""
        if cell.rowspan > 1 or cell.colspan > 1:
            cmds.append(
                ("SPAN", (cell.col, cell.row), (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1))
            )
    cmds += rule_commands(spec.border, grid)
    repeat = grid.header_rows if spec.repeat_header else 0
    table = Table(data, colWidths=list(grid.widths), repeatRows=repeat, hAlign="CENTER")
    table.setStyle(TableStyle(cmds))
    return table


class _Doc(BaseDocTemplate):
    def __init__(self, target: str, planned: Planned) -> None:
        spec = planned.spec
        left, right, top, bottom = margins(spec)
        super().__init__(
            target,
            pagesize=page_size(spec, False),
            invariant=1,
            title=planned.title,
            author=f"Sekretariat {planned.report.satker.name}",
            leftMargin=left,
            rightMargin=right,
            topMargin=top,
            bottomMargin=bottom,
        )
        self._planned = planned
        templates = []
        for name, land in (("portrait", False), ("landscape", True)):
            w, h = page_size(spec, land)
            frame = Frame(left, bottom, w - left - right, h - top - bottom, id=name)
            templates.append(PageTemplate(name, [frame], onPageEnd=self._decor, pagesize=(w, h)))
        self.addPageTemplates(templates)

    def _decor(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        spec = self._planned.spec
        w, h = (float(v) for v in canvas._pagesize)
        left, right, top, bottom = margins(spec)
        regular = BUILTIN[spec.font][0]
        canvas.saveState()
        canvas.setFont(regular, 9)
        canvas.drawCentredString((left + w - right) / 2, bottom / 2, str(canvas.getPageNumber()))
        if spec.running_header and canvas.getPageNumber() > 1:
            canvas.setFont(regular, 8)
            canvas.drawRightString(w - right, h - top / 2, self._planned.title)
            canvas.setLineWidth(0.5)
            canvas.line(left, h - top / 2 - 4, w - right, h - top / 2 - 4)
        canvas.restoreState()


def render_pdf(planned: Planned, out: Path) -> Path:
    """Write the report's PDF to ``out``."""
    spec = planned.spec
    regular, bold = BUILTIN[spec.font]
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=11,
        leading=15,
        alignment=TA_JUSTIFY,
        spaceAfter=8,
        firstLineIndent=24,
    )
    title = ParagraphStyle("title", fontName=bold, fontSize=15, leading=20, alignment=TA_CENTER)
    heading = ParagraphStyle(
        "heading", parent=body, fontName=bold, alignment=TA_LEFT, firstLineIndent=0, spaceBefore=6
    )
    caption = ParagraphStyle(
        "caption",
        parent=heading,
        fontSize=10,
        leading=13,
        spaceBefore=4,
        spaceAfter=6,
        alignment=TA_CENTER if spec.caption_align == "center" else TA_LEFT,
    )
    story: list[Any] = []
    landscape = False
    blocks = planned.blocks
    for i, block in enumerate(blocks):
        if block.kind == "title":
            story.append(Paragraph(escape(block.text), title))
            if i + 1 < len(blocks) and blocks[i + 1].kind != "title":
                story.append(Spacer(1, 18))
        elif block.kind == "heading":
            story.append(Paragraph(escape(block.text), heading))
        elif block.kind == "para":
            story.append(Paragraph(escape(block.text), body))
        elif block.kind == "caption":
            grid = blocks[i + 1].grid
            want = bool(grid and grid.landscape)
            if want != landscape:
                story += [NextPageTemplate("landscape" if want else "portrait"), PageBreak()]
                landscape = want
            story += [CondPageBreak(90), Paragraph(escape(block.text), caption)]
        elif block.grid is not None:
            story.append(grid_table(block.grid, spec))
            if block.grid.landscape:
                story += [NextPageTemplate("portrait"), PageBreak()] if i + 1 < len(blocks) else []
                landscape = False
            story.append(Spacer(1, 8))
    out.parent.mkdir(parents=True, exist_ok=True)
    _Doc(str(out), planned).build(story)
    return out
