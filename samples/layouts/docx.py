"""The Word path: write a planned report as DOCX with python-docx, then convert it with LibreOffice.

Most real LAKIP reports are Word files printed to PDF, so this path draws tables the way Word does:
real merged cells (``gridSpan`` / ``vMerge``), header rows marked ``w:tblHeader`` to repeat on each
page, rules as table and cell borders, header shading as ``w:shd``, cell vertical alignment, and a
landscape section for a wide budget table. ``convert_all`` converts many files per soffice call,
each call with a private profile so parallel calls do not collide.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from samples.layouts.document import Planned
from samples.layouts.grid import FACES, PAD, Grid, margins, page_size
from samples.layouts.spec import LayoutSpec

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
VALIGN = {
    "top": WD_CELL_VERTICAL_ALIGNMENT.TOP,
    "middle": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
    "bottom": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM,
}
GREY, LIGHT = "D0D0D0", "EBEBEB"
# children of w:tcPr / w:tblPr that must come after the elements this module inserts
_TC_AFTER = ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_TBL_AFTER = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def font_name(spec: LayoutSpec) -> str:
    return FACES[(spec.font, spec.dejavu)]


def _insert(parent: BaseOxmlElement, child: BaseOxmlElement, successors: Sequence[str]) -> None:
    """Insert ``child`` before the first of ``successors`` present (OOXML child order matters)."""
    for tag in successors:
        found = parent.find(qn(tag))
        if found is not None and found is not child:
            found.addprevious(child)
            return
    parent.append(child)


def _borders(tag: str, edges: dict[str, int]) -> BaseOxmlElement:
    """``<w:tblBorders>`` / ``<w:tcBorders>``: edge -> width in eighths of a point (0: none)."""
    el = OxmlElement(tag)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if edge not in edges:
            continue
        b = OxmlElement(f"w:{edge}")
        size = edges[edge]
        b.set(qn("w:val"), "single" if size else "nil")
        if size:
            b.set(qn("w:sz"), str(size))
            b.set(qn("w:space"), "0")
            b.set(qn("w:color"), "000000")
        el.append(b)
    return el


def _shade(tc_pr: BaseOxmlElement, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    _insert(tc_pr, shd, _TC_AFTER[1:])


def _table_properties(table: Table, grid: Grid, border: str) -> None:
    tbl_pr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(sum(grid.widths) * 20)))
    width.set(qn("w:type"), "dxa")
    existing = tbl_pr.find(qn("w:tblW"))
    if existing is not None:
        tbl_pr.remove(existing)
    _insert(tbl_pr, width, ("w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", *_TBL_AFTER))
    full = {e: 4 for e in ("top", "left", "bottom", "right", "insideH", "insideV")}
    none = dict.fromkeys(full, 0)
    edges = {
        "grid": full,
        "grid_shaded": full,
        "horizontal": {**none, "top": 8, "bottom": 8, "insideH": 4},
    }.get(border, none)
    _insert(tbl_pr, _borders("w:tblBorders", edges), _TBL_AFTER)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _insert(tbl_pr, layout, _TBL_AFTER[2:])
    margins_el = OxmlElement("w:tblCellMar")
    for edge, value in (("top", 20), ("left", int(PAD * 20)), ("bottom", 30), ("right", int(PAD * 20))):
        m = OxmlElement(f"w:{edge}")
        m.set(qn("w:w"), str(value))
        m.set(qn("w:type"), "dxa")
        margins_el.append(m)
    _insert(tbl_pr, margins_el, _TBL_AFTER[3:])


def add_grid(doc: DocxDocument, grid: Grid, spec: LayoutSpec) -> Table:
    """The grid as a Word table: widths, merges, text, alignment, rules, shading, repeated header."""
    ncols = len(grid.columns)
    table = doc.add_table(rows=grid.nrows, cols=ncols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _table_properties(table, grid, spec.border)
    for c, width in enumerate(grid.widths):
        table.columns[c].width = Twips(int(width * 20))
    # cells by position, taken once before any merge: table.cell() rescans the whole table per call
    matrix = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for row in matrix:
        for c, cell in enumerate(row):
            cell.width = Twips(int(grid.widths[c] * 20))
    font = font_name(spec)
    for spec_cell in grid.cells:
        cell = matrix[spec_cell.row][spec_cell.col]
        if spec_cell.rowspan > 1 or spec_cell.colspan > 1:
            cell = cell.merge(
                matrix[spec_cell.row + spec_cell.rowspan - 1][spec_cell.col + spec_cell.colspan - 1]
            )
        para = cell.paragraphs[0]
        fmt = para.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
        para.alignment = ALIGN[spec_cell.align]
        if spec_cell.indent:
            fmt.left_indent = Pt(spec_cell.indent)
        if spec_cell.text:
            run = para.add_run(spec_cell.text)
            run.bold = spec_cell.bold
            run.font.size = Pt(grid.font_size)
            run.font.name = font
        head = spec_cell.kind in ("head", "number")
        cell.vertical_alignment = VALIGN["middle" if head else spec.valign]
        tc_pr = cell._tc.get_or_add_tcPr()
        if spec_cell.kind == "head" and spec.border in ("grid_shaded", "shaded"):
            _shade(tc_pr, GREY)
        if spec_cell.kind == "band" and spec.border in ("grid_shaded", "shaded"):
            _shade(tc_pr, LIGHT)
        last_head = spec_cell.row + spec_cell.rowspan == grid.header_rows
        if last_head and spec.border in ("underline", "horizontal"):
            _insert(
                tc_pr, _borders("w:tcBorders", {"bottom": 8 if spec.border == "horizontal" else 6}), _TC_AFTER
            )
    if spec.repeat_header:
        for r in range(grid.header_rows):
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:tblHeader"))
    return table


def _page_number(paragraph: Paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _setup_section(sec: Section, spec: LayoutSpec, landscape: bool) -> None:
    width, height = page_size(spec, landscape)
    left, right, top, bottom = margins(spec)
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Pt(width), Pt(height)
    sec.left_margin, sec.right_margin = Pt(left), Pt(right)
    sec.top_margin, sec.bottom_margin = Pt(top), Pt(bottom)
    sec.header_distance, sec.footer_distance = Pt(top / 2 - 6), Pt(bottom / 2 - 6)


def render_docx(planned: Planned, out: Path) -> Path:
    """Write the report as DOCX to ``out``."""
    spec = planned.spec
    doc = Document()
    font = font_name(spec)
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    section = doc.sections[0]
    _setup_section(section, spec, False)
    if spec.running_header:
        head = section.header.paragraphs[0]
        head.text = planned.title
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        head.runs[0].font.size = Pt(8)
        head.runs[0].italic = True
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(foot)
    landscape = False
    blocks = planned.blocks
    for i, block in enumerate(blocks):
        if block.kind == "caption":
            grid = blocks[i + 1].grid
            want = bool(grid and grid.landscape)
            if want != landscape:
                _setup_section(doc.add_section(WD_SECTION.NEW_PAGE), spec, want)
                landscape = want
        if block.grid is not None:
            add_grid(doc, block.grid, spec)
            doc.add_paragraph().paragraph_format.space_after = Pt(4)
            continue
        para = doc.add_paragraph()
        fmt = para.paragraph_format
        run = para.add_run(block.text)
        if block.kind == "title":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold, run.font.size = True, Pt(15)
            last = i + 1 < len(blocks) and blocks[i + 1].kind != "title"
            fmt.space_after = Pt(18 if last else 2)
        elif block.kind in ("heading", "caption"):
            run.bold = True
            run.font.size = Pt(10 if block.kind == "caption" else 11)
            fmt.keep_with_next = True
            fmt.space_before, fmt.space_after = Pt(6), Pt(6)
            if block.kind == "caption" and spec.caption_align == "center":
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            fmt.first_line_indent, fmt.space_after, fmt.line_spacing = Pt(24), Pt(8), 1.15
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


def soffice() -> str:
    """The LibreOffice binary, or a RuntimeError saying how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise RuntimeError("LibreOffice is missing: apt-get install -y libreoffice-writer-nogui")
    return found


def convert_all(docs: Sequence[Path], outdir: Path, *, jobs: int = 1, timeout: float = 600.0) -> None:
    """Convert DOCX files to PDF into ``outdir``, ``jobs`` soffice processes side by side."""
    if not docs:
        return
    binary = soffice()
    jobs = max(1, min(jobs, len(docs)))
    chunks = [list(docs[i::jobs]) for i in range(jobs)]
    profiles = [Path(tempfile.mkdtemp(prefix="lakip-lo-")) for _ in chunks]
    try:
        procs = [
            subprocess.Popen(
                [
                    binary,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(outdir),
                    *map(str, chunk),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for chunk, profile in zip(chunks, profiles, strict=True)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=timeout + 5 * len(docs))
            if proc.returncode:
                raise RuntimeError(
                    f"soffice failed ({proc.returncode}): {err.decode(errors='replace')[-400:]}"
                )
    finally:
        for profile in profiles:
            shutil.rmtree(profile, ignore_errors=True)
