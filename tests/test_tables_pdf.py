from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractor.models import Method, Page, Segment, Table
from extractor.pages import triage_pdf
from extractor.pdfwords import load_pages
from extractor.tables import TableSettings, find_tables
from extractor.tables.rules import THIN, Box, page_rules
from tests.conftest import table_pdf
from tests.wordpdf import COLS, HEADER, WordStyle, capaian_rows, word_page_pdf


def _tables(path: Path, source: str = "pdfium"):
    triage = triage_pdf(path)
    pages = list(load_pages(path, [t.number for t in triage if t.is_table_page], name=source))
    return [t for p in pages for t in find_tables(p)]


def test_ruled_table_keeps_wrapped_cells_and_marks_the_span(tmp_path: Path) -> None:
    tables = _tables(table_pdf(tmp_path / "r.pdf", ruled=True))
    assert tables and all(t.method == Method.PDF_RULED for t in tables)
    first = tables[0]
    assert first.rows[0].texts() == ("No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian")
    row1 = first.rows[1].texts()
    assert row1[2].endswith("terlaksana nomor 1")  # three wrapped lines kept in one cell
    assert row1[1] == "Terwujudnya sasaran strategis nomor 1"
    assert first.rows[2].texts()[1] == ""  # spanned: text sits in the span's first row only
    assert first.caption and "Tahun 2024" in first.caption
    assert sum(len(t.rows) - 1 for t in tables) == 24  # header repeated on the next page, rows all there


def test_borderless_table_columns_from_gutters(tmp_path: Path) -> None:
    tables = _tables(table_pdf(tmp_path / "b.pdf", ruled=False))
    assert tables and all(t.method == Method.PDF_STREAM for t in tables)
    assert all(t.n_cols == 6 for t in tables)
    body = [r for t in tables for r in t.rows if r.texts()[0] != "No"]
    assert len(body) == 24
    assert body[6].texts()[2].endswith("nomor 7")
    assert body[6].texts()[4] == "87,5%"
    for row in body:
        cell = row.cells[3]
        assert cell.bbox is not None and cell.page in (1, 2) and cell.line is not None


def test_landscape_page(tmp_path: Path) -> None:
    tables = _tables(table_pdf(tmp_path / "l.pdf", ruled=True, landscape_page=True))
    assert sum(len(t.rows) - 1 for t in tables) == 24


def test_unknown_finder_rejected() -> None:
    with pytest.raises(ValueError, match="unknown table finder"):
        TableSettings(finders=("nope",))


def test_pdfium_and_pdfplumber_sources_agree(tmp_path: Path) -> None:
    """The fast PDFium word source reads the same tables as pdfplumber, the reference."""
    for ruled in (True, False):
        pdf = table_pdf(tmp_path / f"{ruled}.pdf", ruled=ruled)
        fast = [r.texts() for t in _tables(pdf, "pdfium") for r in t.rows]
        reference = [r.texts() for t in _tables(pdf, "pdfplumber") for r in t.rows]
        assert fast == reference and len(fast) > 20


def test_stacked_ruled_tables_keep_a_column_border_that_wanders_by_a_point() -> None:
    """Four small tables one above the other (a scan's appendix page): the same inner border
    is found at x 455.1, 455.0 and 454.9 pt. Each table must keep it, so "Uraian" and "Pagu"
    stay two columns."""
    from extractor.models import Page, Segment, Word
    from extractor.tables.ruled import _merge_lines

    segments: list[Segment] = []
    words: list[Word] = []
    line = 1
    for i, (top, inner) in enumerate(((288.5, 455.1), (373.0, 455.1), (457.5, 455.0), (626.8, 454.9))):
        rows = [top + 16.5 * k for k in range(4)]
        segments += [Segment(85.0, y, 540.0, y) for y in rows]
        segments += [Segment(x, top, x, rows[-1]) for x in (85.2, 107.2, inner, 539.1)]
        for k, (label, amount) in enumerate(
            (("Uraian", "Pagu"), ("Program", f"{i + 1}.000"), ("Kegiatan", "7.000"))
        ):
            y = rows[k] + 4
            words.append(Word(1, line, 1, label, 95.0, 112.0, y, 160.0, y + 8))
            words.append(Word(1, line, 2, amount, 95.0, 480.0, y, 530.0, y + 8))
            line += 1
    merged = _merge_lines([s for s in segments if not s.horizontal], False, 2.0)
    assert sum(1 for ln in merged if abs(ln.pos - 455.0) < 1) == 4
    page = Page(1, 595.0, 842.0, tuple(words), tuple(segments), source="ocr")
    tables = find_tables(page)
    assert len(tables) == 4
    for table in tables:
        assert table.rows[0].texts()[-2:] == ("Uraian", "Pagu")
        assert table.n_cols == 2  # the empty 'No' column is dropped


def _scanned_grid(extra: list[tuple[float, float, float]]) -> list[Table]:
    """A scanned budget grid (No | Uraian | Pagu | Realisasi, a header and six rows) whose only
    verticals besides the borders are ``extra`` (x, top, bottom)."""
    from extractor.models import Page, Segment, Word

    rows = [300.0 + 20.0 * k for k in range(8)]
    borders = (85.0, 110.0, 250.0, 380.0, 520.0)
    segments = [Segment(85.0, y, 520.0, y) for y in rows]
    segments += [Segment(x, rows[0], x, rows[-1]) for x in borders]
    segments += [Segment(x, top, x, bottom) for x, top, bottom in extra]
    words = []
    for k, texts in enumerate([("No", "Uraian", "Pagu", "Realisasi")] + [
        (str(k), f"Kegiatan {k}", f"{k}.250.000", f"{k}.125.000") for k in range(1, 7)
    ]):
        y = rows[k] + 6
        for c, text in enumerate(texts):
            x = borders[c + 1] - 8 - 6 * len(text) if c >= 2 else borders[c] + 4
            words.append(Word(1, k + 1, c + 1, text, 90.0, x, y, x + 6 * len(text), y + 8))
    return find_tables(Page(1, 595.0, 842.0, tuple(words), tuple(segments), source="ocr"))


def test_a_stamp_ring_inside_a_scanned_grid_is_no_column_border() -> None:
    """A round stamp over rows 3-4 of a photocopied budget table: where its ring runs upright, two
    short straight strokes (its two rings) are found between the Pagu column's borders, reaching
    neither the grid's top nor its bottom. They split no column: the table keeps four, Pagu
    beside Realisasi (photocopy seed 107: an empty column between them took the header 'Alokasi'
    off the amounts)."""
    tables = _scanned_grid([(300.0, 345.0, 385.0), (303.5, 345.0, 385.0)])
    assert len(tables) == 1
    assert tables[0].n_cols == 4
    assert tables[0].rows[3].texts() == ("3", "Kegiatan 3", "3.250.000", "3.125.000")


def test_a_border_drawn_row_by_row_is_kept() -> None:
    """A column border drawn row by row (full-width section rows break it) is a border in every
    row it divides, though no piece reaches the grid's top or bottom."""
    pieces = [(300.0, 320.0 + 40.0 * k, 340.0 + 40.0 * k) for k in range(3)]
    tables = _scanned_grid(pieces)
    assert tables[0].n_cols == 5


def test_cell_words_are_read_by_visual_line_not_by_engine_line_or_raw_top() -> None:
    """Recorded from a 170-dpi scan: '1' sits a point lower than 'Dokumen' and Tesseract put
    'Jumlah' on a line of its own; the cell still reads '1 Dokumen' / 'Jumlah Dokumen ...'."""
    from extractor.models import Word
    from extractor.tables import reading_order

    def word(text: str, line: int, x0: float, top: float) -> Word:
        return Word(8, line, 1, text, 90.0, x0, top, x0 + 6 * len(text), top + 8)

    one_doc = [word("Dokumen", 3, 420.0, 300.0), word("1", 4, 410.0, 300.9)]
    assert [w.text for w in reading_order(one_doc)] == ["1", "Dokumen"]
    wrapped = [
        word("Dokumen", 5, 240.0, 310.2),
        word("Jumlah", 6, 200.0, 310.9),
        word("Anggaran", 5, 292.0, 310.2),
        word("Pemeliharaan", 7, 200.0, 321.5),  # the next printed line of the cell
    ]
    assert [w.text for w in reading_order(wrapped)] == ["Jumlah", "Dokumen", "Anggaran", "Pemeliharaan"]


# --- Word / LibreOffice: borders as filled rectangles, shading ----------------------------------

TWO_ROW_HEADER = (
    ("No", "Indikator Kinerja", "Satuan", "Tahun 2024", "", ""),
    ("", "", "", "Target", "Realisasi", "Capaian"),
)


def _page_tables(pdf: Path, source: str = "pdfium") -> list[Table]:
    return [t for page in load_pages(pdf, [1], name=source) for t in find_tables(page)]


@pytest.mark.parametrize("borders", ["horizontal", "none"])
def test_a_shaded_header_alone_draws_no_grid(tmp_path: Path, borders: str) -> None:
    """Two shaded header rows over a table without column rules: the shading's edges must not
    make a header-only ruled table (which took the header away from the body's table)."""
    pdf = word_page_pdf(
        tmp_path / "s.pdf", capaian_rows(5), WordStyle(borders=borders), header=TWO_ROW_HEADER
    )
    tables = _page_tables(pdf)
    assert [t.method for t in tables] == [Method.PDF_STREAM]
    texts = [r.texts() for r in tables[0].rows]
    assert ("", "", "", "Target", "Realisasi", "Capaian") in texts
    assert texts[-1] == ("5.", "Persentase layanan administrasi nomor 5", "%", "95", "95", "100")


@pytest.mark.parametrize("thickness", [0.25, 0.5, 2.8, 4.5])
def test_borders_drawn_as_filled_rectangles_are_rules(tmp_path: Path, thickness: float) -> None:
    """Word draws each border as a filled rectangle; a thick one is still one rule, not two."""
    pdf = word_page_pdf(tmp_path / "r.pdf", capaian_rows(5), WordStyle(rule=thickness))
    page = next(load_pages(pdf, [1]))
    assert len({round(s.top) for s in page.segments if s.horizontal}) == 7
    (table,) = find_tables(page)
    assert table.method == Method.PDF_RULED and (len(table.rows), table.n_cols) == (6, 6)
    assert table.rows[0].texts() == HEADER


def test_shading_carries_column_rules_through_a_header_the_borders_skip(tmp_path: Path) -> None:
    """Column rules start under the header; the shaded header cells' edges sit on them, so the
    header keeps its six columns instead of becoming one spanning cell."""
    style = WordStyle(header_verticals=False)
    (table,) = _page_tables(word_page_pdf(tmp_path / "h.pdf", capaian_rows(4), style))
    assert table.method == Method.PDF_RULED
    assert table.rows[0].texts() == HEADER


def test_rules_inside_a_form_xobject_are_placed_by_its_matrix(tmp_path: Path) -> None:
    """A page wrapped in a form XObject (merged or stamped PDFs) scaled and moved: the rules must
    land where the text is, or the grid misses every word."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "form.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4, invariant=1)
    c.beginForm("page", lowerx=0, lowery=0, upperx=A4[0], uppery=A4[1])
    c.setFont("Helvetica", 9)
    rows = [HEADER, *capaian_rows(4)]
    for r, row in enumerate(rows):
        for x, text in zip(COLS, row, strict=False):
            c.drawString(x + 4, 700 - r * 20 - 14, text)
    for r in range(len(rows) + 1):
        c.line(COLS[0], 700 - r * 20, COLS[-1], 700 - r * 20)
    for x in COLS:
        c.line(x, 700 - len(rows) * 20, x, 700)
    c.endForm()
    c.translate(20, -150)
    c.scale(0.9, 0.9)
    c.doForm("page")
    c.showPage()
    c.save()
    for source in ("pdfium", "pdfplumber"):
        (table,) = _page_tables(pdf, source)
        assert table.method == Method.PDF_RULED and table.rows[0].texts() == HEADER


@pytest.mark.parametrize(
    "style",
    [
        WordStyle(),
        WordStyle(rule=3.0, shade_inset=1.5),
        WordStyle(borders="horizontal"),
        WordStyle(header_verticals=False),
    ],
)
def test_word_like_pages_read_the_same_from_both_sources(tmp_path: Path, style: WordStyle) -> None:
    pdf = word_page_pdf(tmp_path / "w.pdf", capaian_rows(6), style, header=TWO_ROW_HEADER)
    fast = [r.texts() for t in _page_tables(pdf, "pdfium") for r in t.rows]
    reference = [r.texts() for t in _page_tables(pdf, "pdfplumber") for r in t.rows]
    assert fast == reference and len(fast) == 8


@settings(max_examples=60, deadline=None)
@given(
    xs=st.lists(st.floats(0, 500), min_size=2, max_size=8, unique=True),
    ys=st.lists(st.floats(0, 700), min_size=2, max_size=10, unique=True),
    thickness=st.floats(0.1, THIN),
)
def test_thin_filled_boxes_become_one_rule_along_their_centre(
    xs: list[float], ys: list[float], thickness: float
) -> None:
    xs, ys = sorted(xs), sorted(ys)
    if min(b - a for a, b in pairwise(xs)) < 10 or min(b - a for a, b in pairwise(ys)) < 10:
        return
    half = thickness / 2
    boxes = [Box(xs[0] - half, y - half, xs[-1] + half, y + half) for y in ys]
    boxes += [Box(x - half, ys[0] - half, x + half, ys[-1] + half) for x in xs]
    rules = page_rules([], boxes)
    assert sorted(round(s.top, 6) for s in rules if s.horizontal) == sorted(round(y, 6) for y in ys)
    assert sorted(round(s.x0, 6) for s in rules if not s.horizontal) == sorted(round(x, 6) for x in xs)


@settings(max_examples=60, deadline=None)
@given(
    rule_xs=st.lists(st.floats(50, 500), min_size=0, max_size=6),
    cells=st.lists(st.tuples(st.floats(40, 520), st.floats(8, 120)), min_size=1, max_size=8),
)
@example(rule_xs=[199.0], cells=[(187.0, 8.0), (197.0, 8.0)])  # an edge carried from a carried edge
def test_shading_edges_count_only_on_column_rules(
    rule_xs: list[float], cells: list[tuple[float, float]]
) -> None:
    """Shaded cells of a header (top 100-120) over column rules running from 120 down: a shading
    edge becomes a vertical rule only at an x where a column rule runs."""
    strokes = [Segment(x, 120.0, x, 400.0) for x in rule_xs]
    boxes = [Box(x0, 100.0, x0 + width, 120.0) for x0, width in cells]
    shading = page_rules(strokes, boxes)[len(strokes) :]
    for s in shading:
        if not s.horizontal:
            assert any(abs(s.x0 - x) <= 2.0 for x in rule_xs)
    if not rule_xs:
        assert all(s.horizontal for s in shading) and not shading


def test_libreoffice_shaded_two_row_header_without_column_rules(tmp_path: Path) -> None:
    """LibreOffice paints each shaded cell as a filled box; over a table ruled between rows only,
    the boxes' edges must not make the header a grid of its own."""
    from tests.wordpdf import DocxTable, docx_pdf

    pdf = docx_pdf(
        tmp_path / "lo.pdf", [DocxTable(header=TWO_ROW_HEADER, borders="horizontal", shaded_header=True)]
    )
    tables = _page_tables(pdf)
    assert [t.method for t in tables] == [Method.PDF_STREAM]
    assert tables[0].rows[-1].texts()[-3:] == ("95", "95", "100")
    assert any(r.texts()[-3:] == ("Target", "Realisasi", "Capaian") for r in tables[0].rows)


def test_libreoffice_grid_with_merged_cells_repeated_header_and_a_landscape_section(tmp_path: Path) -> None:
    """A Word-style report: a shaded, repeated header over 30 rows (a page break), sasaran cells
    merged over four rows, then a landscape section with the budget table."""
    from tests.wordpdf import DocxTable, docx_pdf

    header = (("No", "Sasaran", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian"),)
    rows = [
        (n, f"Sasaran strategis {(i - 1) // 4 + 1}", *rest)
        for i, (n, *rest) in enumerate(capaian_rows(30), 1)
    ]
    budget = DocxTable(
        header=(("No", "Program/Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "%"),),
        rows=[
            (str(i), f"Kegiatan dukungan manajemen {i}", f"{i * 123}.456.000", f"{i * 120}.000.000", "97,5")
            for i in range(1, 6)
        ],
        widths_cm=(1.0, 9.0, 4.0, 4.0, 2.0),
        caption="Tabel 3.5 Realisasi Anggaran Tahun 2024",
        landscape=True,
    )
    perf = DocxTable(
        header=header,
        rows=rows,
        shaded_header=True,
        repeat_header=True,
        widths_cm=(1.0, 2.8, 4.4, 1.9, 1.9, 2.2, 2.2),
        merge_first_col=tuple((k, k + 3) for k in range(0, 28, 4)),
    )
    pdf = docx_pdf(tmp_path / "report.pdf", [perf, budget])
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(str(pdf)))
    tables = [t for page in load_pages(pdf, range(1, pages + 1)) for t in find_tables(page)]
    assert all(t.method == Method.PDF_RULED for t in tables)
    perf_tables = [t for t in tables if t.n_cols == 7]
    assert len(perf_tables) >= 2 and all(t.rows[0].texts() == header[0] for t in perf_tables)
    body = [r.texts() for t in perf_tables for r in t.rows[1:] if r.texts()[0]]
    assert [b[0] for b in body] == [f"{i}." for i in range(1, 31)]
    assert body[0][1] == "Sasaran strategis 1" and body[1][1] == ""  # merged: text in the first row only
    (budget_table,) = [t for t in tables if t.n_cols == 5]
    assert budget_table.rows[-1].texts() == (
        "5",
        "Kegiatan dukungan manajemen 5",
        "615.456.000",
        "600.000.000",
        "97,5",
    )


def _open_grid(rows: list[float], top: float, bottom: float, texts: list[list[str]], y0: float) -> Page:
    """A four-column grid with horizontal rules at ``rows`` and vertical rules from ``top`` to
    ``bottom``, one line of ``texts`` per row starting at ``y0``."""
    from extractor.models import Word

    xs = (50.0, 150.0, 250.0, 350.0, 450.0)
    segments = [Segment(xs[0], y, xs[-1], y) for y in rows] + [Segment(x, top, x, bottom) for x in xs]
    words = [
        Word(1, r + 1, c + 1, text, 0.0, xs[c] + 4, y0 + 20 * r, xs[c] + 4 + 6 * len(text), y0 + 20 * r + 8)
        for r, line in enumerate(texts)
        for c, text in enumerate(line)
        if text
    ]
    return Page(1, 595.0, 842.0, tuple(words), tuple(segments))


def test_a_grid_open_at_the_page_foot_keeps_its_last_row() -> None:
    """A row split across a page break, drawn without its bottom rule: the vertical rules reach
    past the last horizontal one, and the row between them is the table's last row."""
    texts = [["Indikator", "Target", "Realisasi", "Capaian"], ["Nilai SAKIP", "75", "72,5", "96,67"]]
    texts.append(["Persentase data", "100%", "90%", "90%"])
    page = _open_grid([700.0, 720.0, 740.0], 700.0, 790.0, texts, 706.0)
    (table,) = find_tables(page)
    assert [r.texts()[0] for r in table.rows] == ["Indikator", "Nilai SAKIP", "Persentase data"]


def test_one_ruled_row_at_a_page_top_is_a_lone_row_with_all_its_columns() -> None:
    """The rest of that split row on the next page: one grid row, its value cells empty. It is
    kept as a lone row (for stitching to take or drop) with every column, so it lines up with the
    table it continues; lower on the page one row is no table."""
    page = _open_grid([60.0, 100.0], 60.0, 100.0, [["kebutuhan logistik", "", "", ""]], 66.0)
    (table,) = find_tables(page)
    assert table.lone_row and table.n_cols == 4
    low = _open_grid([500.0, 540.0], 500.0, 540.0, [["kebutuhan logistik", "", "", ""]], 506.0)
    assert find_tables(low) == ()


def test_after_a_table_page_one_ruled_row_makes_a_grid() -> None:
    from extractor.pages import has_grid

    row = [Segment(50, y, 500, y) for y in (60, 100)] + [Segment(x, 60, x, 100) for x in (50, 200, 350, 500)]
    assert has_grid(row, rules=1)
    assert not has_grid(row)
