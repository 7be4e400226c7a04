"""Word-like test PDFs: DOCX tables converted by LibreOffice, and reportlab pages drawn the way
Word draws them (borders as thin filled rectangles, shaded cells, text placed glyph by glyph).

Nothing here is a fixture file: every PDF is generated into the test's temporary directory.
``docx_pdf`` needs LibreOffice (``soffice``); tests that use it skip when it is missing.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pytest

HEADER = ("No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian")


def capaian_rows(n: int, *, start: int = 1) -> list[tuple[str, ...]]:
    """Body rows whose values carry no thousands dots and no '%': the unit sits in Satuan."""
    return [
        (f"{i}.", f"Persentase layanan administrasi nomor {i}", "%", "95", str(90 + i % 10), "100")
        for i in range(start, start + n)
    ]


# --- LibreOffice ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DocxTable:
    """One table of a DOCX page: borders are 'grid', 'horizontal' (rules between rows only),
    'frame' (top, bottom and under the header) or 'none'."""

    header: tuple[tuple[str, ...], ...] = (HEADER,)
    rows: Sequence[tuple[str, ...]] = field(default_factory=lambda: capaian_rows(5))
    borders: str = "grid"
    shaded_header: bool = False
    repeat_header: bool = False
    widths_cm: tuple[float, ...] = (1.0, 6.5, 1.8, 1.8, 2.0, 2.0)
    merge_first_col: tuple[tuple[int, int], ...] = ()  # (first, last) body rows merged in column 1
    caption: str | None = "Tabel 3.1 Capaian Indikator Kinerja Tahun 2024"
    landscape: bool = False


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return exe


def docx_pdf(path: Path, tables: Sequence[DocxTable], *, prose_before: int = 0) -> Path:
    """Write the tables to a DOCX with python-docx and convert it with LibreOffice headless."""
    from docx import Document
    from docx.shared import Pt

    exe = soffice()
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    for _ in range(prose_before):
        doc.add_paragraph(
            "Laporan kinerja ini disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas dan "
            "fungsi, dan memuat capaian sasaran strategis yang telah ditetapkan dalam rencana strategis."
        )
    for i, spec in enumerate(tables):
        if spec.landscape:
            _landscape_section(doc)
        elif i:
            doc.add_paragraph("")
        if spec.caption:
            doc.add_paragraph(spec.caption)
        _add_table(doc, spec)
    docx = path.with_suffix(".docx")
    doc.save(str(docx))
    subprocess.run(
        [exe, "--headless", "--convert-to", "pdf", "--outdir", str(path.parent), str(docx)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = docx.with_suffix(".pdf")
    if out != path:
        out.replace(path)
    return path


def _landscape_section(doc: object) -> None:
    from docx.enum.section import WD_ORIENT

    section = doc.add_section()  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width


def _add_table(doc: object, spec: DocxTable) -> None:
    from docx.shared import Cm

    n_cols = len(spec.header[0])
    table = doc.add_table(rows=0, cols=n_cols)  # type: ignore[attr-defined]
    _borders(table, spec.borders)
    for header in spec.header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            cell.text = text
            if spec.shaded_header:
                _shade(cell, "BFBFBF")
            if spec.borders == "frame" and header is spec.header[-1]:
                _cell_bottom_rule(cell)
        if spec.repeat_header:
            _xml_flag(table.rows[-1]._tr.get_or_add_trPr(), "w:tblHeader")
    for row in spec.rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    offset = len(spec.header)
    for first, last in spec.merge_first_col:
        top, bottom = table.cell(offset + first, 1), table.cell(offset + last, 1)
        text = top.text
        top.merge(bottom).text = text
    table.autofit = False
    for column, width in zip(table.columns, spec.widths_cm, strict=False):
        column.width = Cm(width)  # the grid LibreOffice lays out by
    for row in table.rows:
        for cell, width in zip(row.cells, spec.widths_cm, strict=False):
            cell.width = Cm(width)


def _xml_flag(parent: object, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    parent.append(el)  # type: ignore[attr-defined]


def _shade(cell: object, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shd.set(qn(key), value)
    cell._tc.get_or_add_tcPr().append(shd)  # type: ignore[attr-defined]


_BORDER_SIDES = {
    "grid": ("top", "left", "bottom", "right", "insideH", "insideV"),
    "horizontal": ("top", "bottom", "insideH"),
    "frame": ("top", "bottom"),
    "none": (),
}


def _borders(table: object, style: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        on = side in _BORDER_SIDES[style]
        for key, value in (("w:val", "single" if on else "nil"), ("w:sz", "4"), ("w:color", "000000")):
            el.set(qn(key), value)
        borders.append(el)
    tbl_pr.append(borders)


def _cell_bottom_rule(cell: object) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    cell._tc.get_or_add_tcPr().append(borders)  # type: ignore[attr-defined]


# --- reportlab, drawn the way Word draws ------------------------------------------------------


@dataclass(frozen=True)
class WordStyle:
    """How a Word-like page draws its table: ``rule`` is the border thickness (filled rectangles),
    ``kern`` the largest random shift between glyphs, ``letter`` extra space after every glyph,
    ``word_gap`` extra space between words (justified text), ``spaces`` whether space glyphs are
    drawn at all (Word often moves to the next word instead)."""

    rule: float = 0.5
    borders: str = "grid"  # grid | horizontal | none
    shade_header: bool = True
    shade_inset: float = 0.25
    header_verticals: bool = True  # False: column rules start under the header (shading only there)
    kern: float = 0.3
    letter: float = 0.0
    word_gap: float = 0.0
    spaces: bool = False
    font: str = "Helvetica"
    size: float = 9.0
    seed: int = 0


COLS = (60.0, 90.0, 290.0, 350.0, 410.0, 470.0, 530.0)


def word_page_pdf(
    path: Path,
    rows: Sequence[tuple[str, ...]],
    style: WordStyle | None = None,
    *,
    header: Sequence[tuple[str, ...]] = (HEADER,),
    caption: str | None = "Tabel 3.1 Capaian Indikator Kinerja Tahun 2024",
    cols: Sequence[float] = COLS,
    row_height: float = 20.0,
) -> Path:
    """One A4 page with one table, drawn like Word: shading first, then glyphs, then borders."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    style = style or WordStyle()
    rng = random.Random(style.seed)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    top = A4[1] - 90
    if caption:
        glyph_text(c, cols[0], top + 12, caption, style, rng)
    body = [*header, *rows]
    if style.shade_header:
        c.setFillGray(0.8)
        inset = style.shade_inset
        for r in range(len(header)):
            y = top - (r + 1) * row_height
            for x0, x1 in pairwise(cols):
                c.rect(x0 + inset, y + inset, x1 - x0 - 2 * inset, row_height - 2 * inset, 0, 1)
        c.setFillGray(0)
    for r, row in enumerate(body):
        for x0, text in zip(cols, row, strict=False):
            glyph_text(c, x0 + 4, top - r * row_height - 14, text, style, rng)
    bottom = top - len(body) * row_height
    ys = [top - r * row_height for r in range(len(body) + 1)]
    if style.borders in ("grid", "horizontal"):
        for y in ys:
            thin_rect(c, cols[0], y, cols[-1], y, style.rule)
    if style.borders == "grid":
        rules_top = top if style.header_verticals else top - len(header) * row_height
        for x in cols:
            thin_rect(c, x, bottom, x, rules_top, style.rule)
    c.showPage()
    c.save()
    return path


def glyph_text(c: object, x: float, y: float, text: str, style: WordStyle, rng: random.Random) -> float:
    """Each glyph its own text object, shifted by up to ``style.kern``; spaces only as gaps unless
    ``style.spaces``. Returns the x after the text."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    space = stringWidth(" ", style.font, style.size) + style.word_gap
    for ch in text:
        if ch == " ":
            if style.spaces:
                _glyph(c, x, y, " ", style)
            x += space + style.letter
            continue
        _glyph(c, x, y, ch, style)
        x += stringWidth(ch, style.font, style.size) + style.letter + rng.uniform(-style.kern, style.kern)
    return x


def _glyph(c: object, x: float, y: float, ch: str, style: WordStyle) -> None:
    text = c.beginText(x, y)  # type: ignore[attr-defined]
    text.setFont(style.font, style.size)
    text.textOut(ch)
    c.drawText(text)  # type: ignore[attr-defined]


def thin_rect(c: object, x0: float, y0: float, x1: float, y1: float, thickness: float) -> None:
    """A rule drawn as Word draws borders: a filled rectangle ``thickness`` thick, centred on it."""
    half = thickness / 2
    if y0 == y1:
        c.rect(x0 - half, y0 - half, x1 - x0 + thickness, thickness, stroke=0, fill=1)  # type: ignore[attr-defined]
    else:
        c.rect(x0 - half, y0 - half, thickness, y1 - y0 + thickness, stroke=0, fill=1)  # type: ignore[attr-defined]
