from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.models import Method, Word
from extractor.pages import common_word_ratio, looks_like_table, triage_pdf
from extractor.pdfwords import assign_lines
from tests.conftest import table_pdf


def _mixed_pdf(path: Path) -> Path:
    """Page 1 narrative, page 2 an image only, page 3 an image under a garbage text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(img).text((50, 50), "Laporan Kinerja", fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    text = c.beginText(72, 760)
    for _ in range(12):
        text.textLine("Laporan kinerja ini disusun sebagai wujud akuntabilitas dan pertanggungjawaban.")
    c.drawText(text)
    c.showPage()
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, *A4)
    c.showPage()
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, *A4)
    garbage = c.beginText(72, 760)
    garbage.setTextRenderMode(3)
    for _ in range(12):
        garbage.textLine("xqzt vrrkl ppqw zzkq mmxv wqrt kkzz qqpl vvxz trrq")
    c.drawText(garbage)
    c.showPage()
    c.save()
    return path


def test_triage_finds_table_pages(tmp_path: Path) -> None:
    pages = triage_pdf(table_pdf(tmp_path / "t.pdf", ruled=False))
    assert [p.is_table_page for p in pages] == [True, True]
    assert not any(p.needs_ocr for p in pages)


def test_triage_sends_image_and_garbage_pages_to_ocr(tmp_path: Path) -> None:
    pages = triage_pdf(_mixed_pdf(tmp_path / "m.pdf"))
    assert [p.needs_ocr for p in pages] == [False, True, True]
    assert pages[1].reason == "no text layer"
    assert pages[2].reason.startswith("garbage")
    assert not pages[0].is_table_page


def test_table_predicate_and_common_words() -> None:
    assert looks_like_table(
        ["No Indikator Target Realisasi Capaian", "1 Persentase A 90% 85% 94,44%", "2 B 80% 80% 100%"]
    )
    assert not looks_like_table(["Laporan kinerja ini disusun pada tahun 2025 dan memuat capaian."])
    assert common_word_ratio(["laporan kinerja dan anggaran tahun ini"]) > 0.5
    assert common_word_ratio(["xqzt vrrkl ppqw"]) == 0


def test_assign_lines_orders_words() -> None:
    words = [
        Word(1, 0, 0, "b", 100, 50, 10, 60, 20),
        Word(1, 0, 0, "a", 100, 10, 11, 20, 21),
        Word(1, 0, 0, "c", 100, 10, 40, 20, 50),
    ]
    lined = assign_lines(words, 1)
    assert [(w.text, w.line, w.word) for w in lined] == [("a", 1, 1), ("b", 1, 2), ("c", 2, 1)]


def test_garbled_text_layer_is_recognised() -> None:
    """An old bad OCR layer mixes digits and symbols into words; real reports (even OCR'd ones) do not."""
    from extractor.pages import garbled_ratio

    bad = [
        "Loporan Kinerja KPU Prahumulih 2157",
        "Alcvutablllfa5 kinerj; perw^judau kcwajlbau 5votv iu5fau5i",
    ]
    good = ["Laporan Kinerja KPU Kota Prabumulih Tahun 2024", "Kode 6709.QGE.001 pagu 426.483.000 (99,25%)"]
    assert garbled_ratio(bad) > 0.2
    assert garbled_ratio(good) == 0.0


def test_seed_dumps_are_not_garbled(seed_dir: Path) -> None:
    from extractor.pages import garbled_ratio

    for seed in seed_dir.glob("*.txt"):
        assert garbled_ratio(seed.read_text(encoding="utf-8").splitlines()) < 0.05


# --- triage independent of number formatting -----------------------------------------------------

PROSE = (
    "Laporan kinerja ini disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas dan fungsi "
    "pada tahun 2024, dengan capaian 12 dari 14 sasaran dan target yang ditetapkan dalam Renstra 2020-2024."
)


def _draw_rows(c: object, rows: list[tuple[str, ...]], top: float, cols: tuple[float, ...]) -> float:
    for r, row in enumerate(rows):
        for x, text in zip(cols, row, strict=False):
            c.drawString(x, top - 16 * r, text)  # type: ignore[attr-defined]
    return top - 16 * len(rows)


def _prose(c: object, top: float, lines: int) -> None:
    text = c.beginText(60, top)  # type: ignore[attr-defined]
    for i in range(lines):
        text.textLine(PROSE[i % 3 * 20 :][:95])
    c.drawText(text)  # type: ignore[attr-defined]


def _report(path: Path, pages: list[list[tuple[str, object]]]) -> Path:
    """Pages of ('rows', [...]) / ('prose', n) / ('text', str) blocks, borderless, no '%' anywhere."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    cols = (60.0, 85.0, 330.0, 390.0, 450.0, 510.0)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for blocks in pages:
        top = 780.0
        c.setFont("Helvetica", 9)
        for kind, content in blocks:
            if kind == "rows":
                top = _draw_rows(c, content, top, cols) - 10  # type: ignore[arg-type]
            elif kind == "prose":
                _prose(c, top, content)  # type: ignore[arg-type]
                top -= 11 * content + 10  # type: ignore[operator]
            else:
                c.drawString(60, top, str(content))
                top -= 20
        c.showPage()
    c.save()
    return path


def _body(start: int, n: int) -> list[tuple[str, ...]]:
    return [
        (f"{i}.", f"Persentase layanan administrasi nomor {i}", "persen", "95", str(90 + i % 10), "100")
        for i in range(start, start + n)
    ]


HEADER_ROW = ("No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian")


def test_a_continuation_page_of_bare_numbers_is_a_table_page(tmp_path: Path) -> None:
    """Page 2 carries the table's last two rows, no header, no caption, values '95 | 91 | 100'
    with the unit in a Satuan column: its rows sit in page 1's columns."""
    pdf = _report(
        tmp_path / "c.pdf",
        [
            [("text", "Tabel 3.1 Capaian Kinerja"), ("rows", [HEADER_ROW, *_body(1, 30)])],
            [("rows", _body(31, 2)), ("prose", 20)],
            [("prose", 40)],
        ],
    )
    pages = triage_pdf(pdf)
    assert [p.is_table_page for p in pages] == [True, True, False]
    assert pages[1].table_reason.startswith("rows continue")


def test_a_three_row_table_alone_on_a_page_is_a_table_page(tmp_path: Path) -> None:
    pdf = _report(
        tmp_path / "s.pdf",
        [
            [("prose", 50)],
            [("prose", 12), ("rows", [HEADER_ROW, *_body(1, 3)]), ("prose", 10)],
            [("prose", 50)],
        ],
    )
    assert [p.is_table_page for p in triage_pdf(pdf)] == [False, True, False]


def test_three_rows_without_header_words_are_a_table_page(tmp_path: Path) -> None:
    rows = [
        ("1.", "Layanan A", "unit", "12", "14", "116"),
        ("2.", "Layanan B", "unit", "8", "8", "100"),
        ("3.", "Layanan C", "unit", "5", "4", "80"),
    ]
    pdf = _report(tmp_path / "r.pdf", [[("prose", 10), ("rows", rows), ("prose", 10)]])
    (page,) = triage_pdf(pdf)
    assert page.is_table_page and page.table_reason == "table rows"


def test_prose_lists_and_contents_pages_stay_out(tmp_path: Path) -> None:
    """Prose with years and counts, a numbered identity list, a contents page with leader dots and
    a list of tables, a heading: none is a table page."""
    identity = [
        ("1.", "Nama Satker", ":", "KPU Kota Prabumulih"),
        ("2.", "Alamat", ":", "Jl. Jend. Sudirman No. 12"),
        ("3.", "Telepon", ":", "(0713) 322 112"),
        ("4.", "Tahun", ":", "2024"),
    ]
    contents = [
        ("Tabel 3.1 Capaian Indikator Kinerja Tahun 2024 ........................", "", "", "", "", "12")
    ] * 6
    contents += [
        ("BAB III AKUNTABILITAS KINERJA ..................................", "", "", "", "", "14")
    ] * 4
    pdf = _report(
        tmp_path / "p.pdf",
        [
            [
                ("text", "BAB III AKUNTABILITAS KINERJA"),
                ("text", "3.1 Capaian Kinerja Organisasi"),
                ("prose", 50),
            ],
            [("text", "Identitas Satuan Kerja"), ("rows", identity), ("prose", 30)],
            [("text", "DAFTAR TABEL"), ("rows", contents)],
            [("text", "Target dan Realisasi Anggaran Tahun 2024"), ("prose", 40)],
        ],
    )
    assert [p.is_table_page for p in triage_pdf(pdf)] == [False, False, False, False]


def test_header_lines() -> None:
    from extractor.pages import is_header_line

    assert is_header_line("No Indikator Kinerja Satuan Target Realisasi Capaian")
    assert is_header_line("Target Realisasi Capaian (%)")
    assert is_header_line("No Uraian Pagu (Rp) Realisasi (Rp) %")
    assert is_header_line("Sasaran Strategis Indikator Kinerja Target 2024")
    assert not is_header_line("Target dan Realisasi Anggaran Tahun 2024")  # a heading: 'dan'
    assert not is_header_line("Capaian Indikator Kinerja Utama")  # two header words
    assert not is_header_line("Tabel 3.1 Target Realisasi Capaian .......... 12")  # contents
    assert not is_header_line(
        "Capaian kinerja tahun 2024 dibandingkan target dan realisasi anggaran pada program kegiatan satuan kerja"
    )


def test_ocr_words_laid_out_as_three_rows_look_like_a_table() -> None:
    from extractor.pages import words_look_like_table

    words = []
    for r, row in enumerate(_body(1, 3)):
        for k, (x, text) in enumerate(zip((60.0, 85.0, 330.0, 390.0, 450.0, 510.0), row, strict=False)):
            words.append(
                Word(1, r + 1, k + 1, text, 90.0, x, 100.0 + 16 * r, x + 5.0 * len(text), 108.0 + 16 * r)
            )
    assert words_look_like_table(words)
    assert not words_look_like_table(words[:6])


@settings(max_examples=80, deadline=None)
@given(
    n_rows=st.integers(1, 6),
    widths=st.lists(st.floats(20, 140), min_size=3, max_size=7),
    gutter=st.floats(12, 40),
    values=st.lists(
        st.sampled_from(["95", "100", "91,5", "1.234.567", "97%", "12", "-0,5", "0"]),
        min_size=2,
        max_size=7,
    ),
)
def test_table_rows_are_found_in_any_column_layout(
    n_rows: int, widths: list[float], gutter: float, values: list[str]
) -> None:
    """Rows of 3+ blocks with 2+ values are table rows, whatever the column widths; a row placed in
    the same columns continues them; prose lines (one block each) never are."""
    from extractor.page_layout import Piece, columns_of, continues, table_rows

    xs = [60.0]
    for w in widths:
        xs.append(xs[-1] + w + gutter)
    pieces = []
    for r in range(n_rows):
        top = 100.0 + 14 * r
        for k, x in enumerate(xs[:-1]):
            text = values[k % len(values)] if k else "Layanan"
            pieces.append(Piece(x, top, x + min(widths[k], 6.0 * len(text)), top + 9, text))
        pieces.append(
            Piece(60.0, 400.0 + 14 * r, 520.0, 409.0 + 14 * r, "Prosa yang rata kiri kanan 2024 95 100")
        )
    rows = table_rows(pieces)
    assert len(rows) == n_rows
    columns = columns_of(rows)
    assert len(columns) == len(widths)
    assert all(continues(row, columns) for row in rows)


def test_a_ruled_grid_is_recognised() -> None:
    from extractor.models import Segment
    from extractor.pages import has_grid

    grid = [Segment(50, y, 500, y) for y in (100, 120, 140, 160)] + [
        Segment(x, 100, x, 160) for x in (50, 200, 350, 500)
    ]
    assert has_grid(grid)
    assert not has_grid([s for s in grid if s.horizontal])
    assert not has_grid(grid[:2] + grid[4:])


def test_libreoffice_table_pages_are_found_without_percent_or_thousands(tmp_path: Path) -> None:
    """A Word-style report (LibreOffice): two pages of prose, then a 30-row capaian table whose
    values read '95 | 91 | 100' with the unit in Satuan, header not repeated on the next page."""
    from tests.wordpdf import DocxTable, capaian_rows, docx_pdf

    table = DocxTable(rows=capaian_rows(30), widths_cm=(1.0, 7.2, 1.9, 1.9, 2.2, 2.2), shaded_header=True)
    pages = triage_pdf(docx_pdf(tmp_path / "lo.pdf", [table], prose_before=22))
    first = next(p.number for p in pages if p.is_table_page)
    assert not any(p.is_table_page for p in pages[: first - 1]) and first >= 2
    assert all(p.is_table_page for p in pages[first - 1 :]) and len(pages) - first >= 1


# --- scans carrying a scanner's hidden OCR layer ------------------------------------------------


def _two_page_scan(tmp_path: Path, layer: str) -> Path:
    import pypdfium2 as pdfium

    from tests.scanlayers import layered_scan

    source = table_pdf(tmp_path / "source.pdf", ruled=True)
    out = pdfium.PdfDocument.new()
    for number in (1, 2):
        page = pdfium.PdfDocument(str(layered_scan(source, number, tmp_path / f"{layer}{number}.pdf", layer)))
        out.import_pages(page)
        page.close()
    path = tmp_path / f"{layer}.pdf"
    out.save(str(path))
    out.close()
    return path


@pytest.mark.parametrize("layer", ["good", "interleaved"])
def test_a_hidden_layer_sitting_on_its_print_is_read(tmp_path: Path, layer: str) -> None:
    """Every word where its ink is: read the layer (words go by position, so a layer drawn
    column by column is as good), no OCR, with the image's ruling lines; the stats say so and
    the table comes out whole."""
    from extractor.pipeline import ExtractSettings, extract

    pdf = _two_page_scan(tmp_path, layer)
    pages = triage_pdf(pdf)
    assert [(p.needs_ocr, p.hidden_layer, p.is_table_page) for p in pages] == [(False, "trusted", True)] * 2
    doc = extract(pdf, ExtractSettings(ocr_mode="never"))
    assert (
        doc.source.kind == "scan"
        and doc.stats["pages_hidden_layer_read"] == 2
        and doc.stats["pages_ocr"] == 0
    )
    assert {t.method for t in doc.tables} == {Method.PDF_RULED}  # the borders come from the image
    rows = [r.texts() for t in doc.tables for r in t.rows if r.texts()[0] != "No"]
    assert len(rows) == 24 and rows[6][4] == "87,5%"
    assert rows[0][1] == "Terwujudnya sasaran strategis nomor 1" and rows[1][1] == ""  # a span


@pytest.mark.parametrize("layer", ["line_strings", "shifted", "partial"])
def test_a_hidden_layer_off_its_print_sends_the_page_to_ocr(tmp_path: Path, layer: str) -> None:
    """Plausible words placed off their ink (one string per line at its own spacing, a shifted
    layer) or a layer that skipped the table: the page is OCR'd, and the stats record it."""
    from extractor.pipeline import ExtractSettings, extract

    pdf = _two_page_scan(tmp_path, layer)
    first = triage_pdf(pdf)[0]
    assert first.needs_ocr and first.hidden_layer == "rejected" and "disagrees" in first.reason
    doc = extract(pdf, ExtractSettings(ocr_mode="never"))
    assert doc.stats["pages_hidden_layer_rejected"] >= 1 and doc.status != "ok"
    assert any(e.code == "ocr_skipped" and e.page == 1 for e in doc.errors)


def test_only_pages_with_hidden_text_over_a_page_image_are_judged(tmp_path: Path) -> None:
    """A born-digital page on a full-page background picture (visible text) is not judged, and
    neither is a page image without text; text drawn under the picture counts as hidden."""
    import pypdfium2 as pdfium
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from extractor.scanlayer import paint_summary

    buf = io.BytesIO()
    Image.new("L", (300, 420), 235).save(buf, format="PNG")
    path = tmp_path / "bg.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, *A4)
    c.drawString(
        72, 700, "Laporan kinerja ini disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas."
    )
    c.showPage()
    c.drawString(
        72, 700, "Laporan kinerja ini disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas."
    )
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, *A4)
    c.showPage()
    c.save()
    pdf = pdfium.PdfDocument(str(path))
    visible, under = (paint_summary(pdf[i], *A4) for i in range(2))
    assert visible.image_cover > 0.99 and visible.hidden_text == 0.0
    assert under.hidden_text == 1.0
    pdf.close()
    assert [p.hidden_layer for p in triage_pdf(path)] == [
        "",
        "rejected",
    ]  # the text under a blank picture has no print


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_a_rejected_hidden_layer_is_read_again_by_ocr(tmp_path: Path) -> None:
    from extractor.pipeline import extract

    doc = extract(_two_page_scan(tmp_path, "line_strings"))
    assert doc.stats["pages_hidden_layer_rejected"] == 2 and doc.stats["pages_ocr"] == 2
    assert {t.method for t in doc.tables} == {Method.OCR_RULED}
    rows = [r.texts() for t in doc.tables for r in t.rows if r.texts()[0] != "No"]
    assert sum(1 for r in rows if r[3:] == ("90%", f"{80 + int(r[0].rstrip('.')) % 10},5%", "94,44%")) >= 20


def _picture_page(path: Path, caption: str, picture: bytes | None, text_rows: int = 0) -> Path:
    """A Word-like page: a title, a sentence, ``caption``, then ``picture`` (PNG bytes) pasted below it,
    or ``text_rows`` table rows in the text layer, and a sentence after."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=landscape(A4))
    c.setFont("Helvetica", 10)
    c.drawString(50, 560, "Laporan Kinerja KPU Kabupaten Contoh Tahun 2024")
    c.drawString(50, 540, "Realisasi anggaran KPU Kabupaten Contoh tahun 2024 disajikan pada tabel berikut ini.")
    c.drawString(50, 520, caption)
    if picture is not None:
        c.drawImage(ImageReader(io.BytesIO(picture)), 50, 330, width=700, height=180)
    for i in range(text_rows):
        c.drawString(60, 490 - 16 * i, f"{i + 1}")
        c.drawString(90, 490 - 16 * i, f"Belanja kegiatan nomor {i + 1}")
        c.drawRightString(400, 490 - 16 * i, "1.000.000.000")
        c.drawRightString(520, 490 - 16 * i, "950.000.000")
    c.drawString(50, 300, "Dari tabel di atas terlihat bahwa realisasi anggaran mencapai 95,00% dari pagu.")
    c.save()
    return path


def _grid_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (1400, 360), 255)
    draw = ImageDraw.Draw(image)
    for y in range(0, 360, 60):
        draw.line([(0, y), (1399, y)], fill=0, width=2)
    for x in (0, 200, 600, 900, 1200, 1399):
        draw.line([(x, 0), (x, 359)], fill=0, width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_a_captioned_table_pasted_as_a_picture_is_sent_to_ocr(tmp_path: Path) -> None:
    from extractor.pages import PICTURE_TABLE

    (page,) = triage_pdf(_picture_page(tmp_path / "p.pdf", "Tabel 3.5 Realisasi Anggaran Tahun 2024", _grid_png()))
    assert page.needs_ocr and page.reason == PICTURE_TABLE
    # a photograph under a figure caption, a table in the text layer beside a picture, and a
    # caption with no picture stay with the text layer
    (photo,) = triage_pdf(_picture_page(tmp_path / "g.pdf", "Gambar 3.1 Dokumentasi Kegiatan", _grid_png()))
    (typed,) = triage_pdf(_picture_page(tmp_path / "t.pdf", "Tabel 3.5 Realisasi", _grid_png(), text_rows=4))
    (bare,) = triage_pdf(_picture_page(tmp_path / "b.pdf", "Tabel 3.5 Realisasi Anggaran", None))
    assert not photo.needs_ocr and not typed.needs_ocr and not bare.needs_ocr


def test_a_table_pasted_as_a_picture_is_read(tmp_path: Path) -> None:
    import pypdfium2 as pdfium
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from extractor.pipeline import extract

    rows = [
        ["Kode", "Program / Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "%"],
        ["WA", "Program Dukungan Manajemen", "2.350.000.000", "2.300.000.000", "97,87"],
        ["WA.3355", "Pengelolaan Keuangan", "550.000.000", "540.000.000", "98,18"],
        ["", "JUMLAH", "2.350.000.000", "2.300.000.000", "97,87"],
    ]
    table = Table(rows)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTSIZE", (0, 0), (-1, -1), 10)]))
    SimpleDocTemplate(str(tmp_path / "only.pdf"), pagesize=landscape(A4)).build([table])
    pdf = pdfium.PdfDocument(tmp_path / "only.pdf")
    image = pdf[0].render(scale=200 / 72).to_pil().convert("L")
    pdf.close()
    ink = image.point(lambda v: 255 if v < 200 else 0).getbbox()
    assert ink is not None
    out = io.BytesIO()
    image.crop((ink[0] - 6, ink[1] - 6, ink[2] + 6, ink[3] + 6)).save(out, format="PNG")
    doc = extract(_picture_page(tmp_path / "p.pdf", "Tabel 3.5 Realisasi Anggaran Tahun 2024", out.getvalue()))
    assert doc.stats["pages_ocr"] == 1
    got = [(b.name, b.pagu.value if b.pagu else None, b.realisasi.value if b.realisasi else None) for b in doc.budget]
    assert ("Pengelolaan Keuangan", 550_000_000, 540_000_000) in got and len(got) == 3, got


def _sideways(src: Path, out: Path) -> Path:
    """``src``'s landscape pages drawn turned a quarter onto portrait pages, with no /Rotate: how
    some printers and converters put a landscape section into a portrait document."""
    import pypdfium2 as pdfium

    source, target = pdfium.PdfDocument(str(src)), pdfium.PdfDocument.new()
    for i in range(len(source)):
        width, height = source[i].get_size()
        drawn = source.page_as_xobject(i, target).as_pageobject()
        drawn.transform(pdfium.PdfMatrix().rotate(90).translate(0, width))
        page = target.new_page(height, width)
        page.insert_obj(drawn)
        page.gen_content()
    target.save(str(out))
    return out


def test_a_table_drawn_sideways_is_read_upright_by_ocr(tmp_path: Path) -> None:
    """Its text layer reads one letter per line: the page goes to OCR, which turns it upright.
    Before, the page gave no table and the report 'no indicator or budget table found'."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from extractor.pages import SIDEWAYS_TEXT
    from extractor.pipeline import extract

    style = getSampleStyleSheet()["BodyText"]
    rows = [["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)"],
            ["1", "Persentase partisipasi pemilih", "77,5%", "81,2%", "104,77"],
            ["2", "Nilai SAKIP", "75", "72,5", "96,67"]]
    table = Table(rows)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black), ("FONTSIZE", (0, 0), (-1, -1), 11)]))
    flat = tmp_path / "flat.pdf"
    story = [Paragraph("Laporan Kinerja KPU Kabupaten Contoh Tahun 2024", style),
             Paragraph("Tabel 3.1 Capaian Kinerja Tahun 2024", style), table]
    SimpleDocTemplate(str(flat), pagesize=landscape(A4)).build(story)
    turned = _sideways(flat, tmp_path / "turned.pdf")
    (page,) = triage_pdf(turned)
    assert page.needs_ocr and page.reason == SIDEWAYS_TEXT
    assert not triage_pdf(flat)[0].needs_ocr
    got = {i.label: (i.target.value, i.realisasi.value) for i in extract(turned).indicators if i.target and i.realisasi}
    assert got == {"Persentase partisipasi pemilih": (77.5, 81.2), "Nilai SAKIP": (75, 72.5)}
