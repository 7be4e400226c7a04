from __future__ import annotations

from pathlib import Path

from extractor.models import Method
from extractor.pages import triage_pdf
from extractor.pdfwords import load_pages
from extractor.tables import TableSettings, find_tables
from tests.conftest import table_pdf


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
    import pytest

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
        for k, (label, amount) in enumerate((("Uraian", "Pagu"), ("Program", f"{i + 1}.000"), ("Kegiatan", "7.000"))):
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
