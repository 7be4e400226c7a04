"""Honest status (issue 18): a page image that shows a table but gives no rows is never "ok"; the
report year is checked against the years the tables print."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from extractor.honesty import (
    IMAGE_COLUMNS,
    IMAGE_NOISE,
    TABLE_NO_ROWS,
    TABLE_UNREAD,
    YEAR_UNCONFIRMED,
    table_evidence,
    unread_table_errors,
    year_flags,
)
from extractor.models import (
    READ_PAGE_ERRORS,
    BudgetRecord,
    Cell,
    Document,
    Method,
    Page,
    PageError,
    Provenance,
    Satker,
    Segment,
    Source,
    Table,
    TableRow,
    Word,
)


def _words(lines: list[list[tuple[float, str]]], width: float = 40.0) -> tuple[Word, ...]:
    """Words at (x0, text) on successive lines 14 pt apart."""
    out = []
    for n, line in enumerate(lines, start=1):
        for k, (x0, text) in enumerate(line):
            out.append(Word(1, n, k, text, 90.0, x0, 100 + 14 * n, x0 + width, 110 + 14 * n))
    return tuple(out)


def _page(words: tuple[Word, ...] = (), segments: tuple[Segment, ...] = ()) -> Page:
    return Page(1, 595.0, 842.0, words, segments, source="ocr", dpi=150)


def test_aligned_figure_rows_are_a_table_and_prose_with_figures_is_not() -> None:
    figures = _words([[(60, "Belanja"), (300, "1.250.000"), (400, "1.100.000"), (500, "88,00%")]] * 4)
    assert table_evidence(_page(figures)) == "aligned figure rows"
    prose = _words(
        [
            [
                (60, "Realisasi"),
                (140, "anggaran"),
                (230, "Rp"),
                (260, "43.869.733.037"),
                (380, "atau"),
                (420, "87,03%"),
            ],
            [
                (60, "dari"),
                (110, "pagu"),
                (170, "sebesar"),
                (250, "Rp"),
                (290, "50.405.000.000"),
                (420, "tahun"),
            ],
            [(60, "dengan"), (130, "1.250"), (220, "kegiatan"), (330, "dan"), (380, "12"), (450, "output")],
        ]
    )
    assert table_evidence(_page(prose)) is None  # figures, but not in one column
    contents = _words([[(60, "BAB"), (100, "I"), (520, str(n))] for n in range(1, 8)])
    assert table_evidence(_page(contents)) is None  # one page number a line


def test_a_ruling_grid_is_a_table_and_a_page_frame_is_not() -> None:
    rules = tuple(Segment(50, y, 545, y) for y in (200, 230, 260, 290))
    verticals = tuple(Segment(x, 200, x, 290) for x in (50, 150, 300, 545))
    assert table_evidence(_page(segments=rules + verticals)) == "ruling grid"
    frame = (
        Segment(20, 20, 575, 20),
        Segment(20, 822, 575, 822),
        Segment(20, 20, 20, 822),
        Segment(575, 20, 575, 822),
    )
    assert table_evidence(_page(segments=frame)) is None


def _doc(
    tables: tuple[Table, ...] = (), year: int | None = 2024, errors: tuple[PageError, ...] = ()
) -> Document:
    return Document(
        source=Source("x.pdf", "0" * 64, 3, "scan"),
        satker=Satker("KPU Kota Prabumulih", "kota", "Prabumulih", "Sumatera Selatan", year),
        indicators=(),
        budget=(),
        flags=(),
        errors=errors,
        tables=tables,
    )


def _table(page: int, caption: str | None = None, header: tuple[str, ...] = ("Uraian", "Pagu")) -> Table:
    cells = tuple(Cell(t, 0, c, page, 1, None) for c, t in enumerate(header))
    return Table(0, Method.OCR_RULED, (TableRow(0, cells),), (page,), caption, header_rows=1)


def test_unread_and_rowless_tables_are_page_errors_and_the_document_partial() -> None:
    doc = _doc(tables=(_table(2),))
    errors = unread_table_errors(doc, {1: "ruling grid", 2: "aligned figure rows"})
    assert [(e.page, e.code) for e in errors] == [(1, TABLE_UNREAD), (2, TABLE_NO_ROWS)]
    assert "ruling grid" in errors[0].message
    assert _doc(errors=errors).status == "partial"  # read, though nothing came of it: not "failed"
    assert _doc(errors=(*errors, PageError(3, "page_error", "boom"))).status == "failed"
    assert unread_table_errors(_doc(), {}) == ()
    assert {TABLE_UNREAD, TABLE_NO_ROWS} == READ_PAGE_ERRORS


def test_the_report_year_is_checked_against_the_tables_years() -> None:
    tables = (
        _table(1, "Tabel 3.1 Capaian Kinerja Tahun 2024"),
        _table(2, None, ("Uraian", "Pagu 2024", "Realisasi 2023")),
    )
    assert year_flags(Satker(None, None, None, None, 2024), tables) == ()
    (flag,) = year_flags(Satker(None, None, None, None, 2027), tables)
    assert flag.code == YEAR_UNCONFIRMED and flag.severity == "warning"
    assert "2027" in flag.message and flag.values["table_years"] == [2023, 2024]
    (unknown,) = year_flags(Satker(None, None, None, None, None), tables)
    assert "no report year" in unknown.message
    assert year_flags(Satker(None, None, None, None, 2027), (_table(1, "Tabel 3.1 Capaian"),)) == ()


def _scribbled_grid_scan(tmp_path: Path) -> Path:
    """A scanned page: a report title and a ruled table whose cells hold pen scribbles, as a
    table no reading can give rows from."""
    from reportlab.pdfgen.canvas import Canvas

    from samples.scan import scan_pdf

    pdf = tmp_path / "scribbles.pdf"
    canvas = Canvas(str(pdf), invariant=1)
    canvas.setPageSize((420, 320))
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(30, 290, "LAPORAN KINERJA KPU KOTA PRABUMULIH TAHUN 2024")
    canvas.setLineWidth(1)
    xs, ys = (30, 90, 250, 320, 390), [260 - 28 * i for i in range(8)]
    for y in ys:
        canvas.line(xs[0], y, xs[-1], y)
    for x in xs:
        canvas.line(x, ys[0], x, ys[-1])
    for r in range(len(ys) - 1):
        for c in range(len(xs) - 1):
            x, y = xs[c] + 6, ys[r + 1] + 8
            w = xs[c + 1] - xs[c] - 12
            canvas.bezier(x, y, x + w * 0.3, y + 14, x + w * 0.6, y - 6, x + w, y + 8)
    canvas.showPage()
    canvas.save()
    return scan_pdf(pdf, tmp_path / "scribbles_scan.pdf", dpi=200, seed=3).path


@pytest.mark.ocr
def test_a_scanned_table_that_gives_no_rows_is_reported_partial(tmp_path: Path) -> None:
    from extractor.pipeline import extract

    doc = extract(_scribbled_grid_scan(tmp_path))
    assert doc.source.kind == "scan" and not doc.indicators and not doc.budget
    assert doc.status == "partial", doc.errors
    assert [e.page for e in doc.errors if e.code in READ_PAGE_ERRORS] == [1]
    assert doc.stats["pages_table_shown"] == 1 and doc.stats["pages_table_unread"] == 1


def test_columns_the_image_shows_are_a_table_whatever_ocr_read() -> None:
    # a fax's table read as noise: no figures to align, no grid, yet the pixels showed columns
    noise = _words([[(60, "Tea"), (200, "2}"), (330, "ALI"), (460, "Ww:")]] * 4)
    assert table_evidence(_page(noise)) is None
    shown = replace(_page(noise), image_table=(110.0, 170.0))
    assert table_evidence(shown) == IMAGE_COLUMNS
    (error,) = unread_table_errors(_doc(), {1: IMAGE_COLUMNS})
    assert error.code == TABLE_UNREAD and IMAGE_COLUMNS in error.message
    # where rows were read, such columns may be justified prose with wide gaps: no loss shown
    where = Provenance("x.pdf", 2, 1, None, Method.OCR_STREAM)
    row = BudgetRecord("program", None, "Belanja", None, None, None, None, 2024, where)
    with_rows = replace(_doc(tables=(_table(2),)), budget=(row,))
    assert unread_table_errors(with_rows, {1: IMAGE_COLUMNS}) == ()
    assert [e.code for e in unread_table_errors(with_rows, {1: "aligned figure rows"})] == [TABLE_UNREAD]
    # columns whose words OCR was unsure of are a table read as noise, rows elsewhere or not
    unsure = replace(shown, words=tuple(replace(w, conf=35.0) for w in noise))
    assert table_evidence(unsure) == IMAGE_NOISE
    assert table_evidence(replace(shown, words=())) == IMAGE_NOISE
    assert [e.code for e in unread_table_errors(with_rows, {1: IMAGE_NOISE})] == [TABLE_UNREAD]


def _scribbled_columns_fax(tmp_path: Path) -> Path:
    """A one-page fax (1-bit, 110 dpi) of a borderless table: a title, then rows of four cells in
    aligned columns, each cell a pen scribble the height of a line of text, as a table no reading
    gives figures from and no ruling shows."""
    from reportlab.pdfgen.canvas import Canvas

    from samples.degrade import DegradeSpec, degrade_pdf

    pdf = tmp_path / "columns.pdf"
    canvas = Canvas(str(pdf), invariant=1)
    canvas.setPageSize((420, 320))
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(30, 290, "LAPORAN KINERJA KPU KOTA PRABUMULIH TAHUN 2024")
    canvas.setLineWidth(1.2)
    for r in range(7):
        y = 250 - 30 * r
        for x, w in ((30, 110), (170, 60), (260, 60), (350, 45)):
            canvas.bezier(x, y, x + w * 0.3, y + 9, x + w * 0.6, y - 4, x + w, y + 5)
    canvas.showPage()
    canvas.save()
    spec = DegradeSpec("fax", 7, 110, 0, 0, False, (0, 0))
    return degrade_pdf(pdf, tmp_path / "columns_fax.pdf", spec).path


@pytest.mark.ocr
def test_a_fax_table_without_rulings_or_legible_figures_is_reported_partial(tmp_path: Path) -> None:
    from extractor.pipeline import extract

    doc = extract(_scribbled_columns_fax(tmp_path))
    assert not doc.indicators and not doc.budget
    assert doc.status == "partial", (doc.errors, [w.text for w in doc.tables[0].rows] if doc.tables else ())
    assert [e.page for e in doc.errors if e.code in READ_PAGE_ERRORS] == [1]
    assert IMAGE_COLUMNS in doc.errors[0].message
