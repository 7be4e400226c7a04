"""Borderless tables (extractor/tables/stream.py): columns, header lines, band rows, prose."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from extractor.models import Word
from extractor.pipeline import extract
from extractor.tables import TableSettings
from extractor.tables.stream import _band_lines, _cell_starts, _grade_cell, _starts_a_cell
from extractor.tables.stream_gutters import (
    drop_headless_slivers,
    drop_split_phrases,
    gutters,
    header_splits,
    value_cell,
)
from extractor.tables.stream_lines import header_count, is_header_line, is_prose, row_value
from extractor.tables.stream_rows import Rule, crosses_at_word_spacing, is_band_line
from extractor.tables.stream_spans import _band_ahead, table_spans


def _line(top: float, *items: tuple[str, float]) -> list[Word]:
    return [Word(1, int(top), i, text, 100.0, x, top, x + 5.0 * len(text), top + 9.0) for i, (text, x) in enumerate(items)]


def test_a_sparse_last_column_keeps_its_gutter() -> None:
    # a Keterangan column filled in two rows out of twenty is still a column of its own
    lines = [_line(12.0 * i, ("Persentase", 100), (f"{90 + i % 9},5%", 300)) for i in range(20)]
    lines[3] += _line(36.0, ("Tercapai", 380))
    lines[9] += _line(108.0, ("Blokir", 380))
    seps = gutters(lines, TableSettings())
    assert any(345 < s < 380 for s in seps)


def test_a_sparse_first_column_keeps_its_gutter() -> None:
    # a number on the first line of each of three tall rows: more lines than the crossing tolerance
    lines = [_line(12.0 * i, ("Terwujudnya", 110), ("Persentase", 220), (f"{90 + i % 9}", 330)) for i in range(60)]
    for k in (0, 20, 40):
        lines[k] = [*_line(12.0 * k, (str(k // 20 + 6), 92)), *lines[k]]
    seps = gutters(lines, TableSettings())
    assert any(97 < s < 110 for s in seps)


def test_two_cells_close_on_one_line_are_no_band_row() -> None:
    # 'Guna Meningkatkan' ends 6 pt before the next column's 'Perkantoran': closer than the gutter
    # elsewhere, but three times the line's own word spacing; a real band row keeps its spacing
    cells = _line(0, ("Guna", 88.0), ("Meningkatkan", 110.0), ("Perkantoran", 176.0))
    band = _line(0, ("Sasaran", 88.0), ("Strategis", 125.0), ("Meningkatnya", 172.0), ("kualitas", 234.0))
    assert not crosses_at_word_spacing(cells, [173.0])
    assert crosses_at_word_spacing(band, [173.0])


def test_a_gutter_that_only_cuts_one_wide_cell_is_dropped() -> None:
    # centred values of varying width leave white space inside one column; '3 Laporan' crosses it
    lines = [_line(12.0 * i, ("Label", 100), ("90", 310)) for i in range(12)]
    lines.append(_line(150.0, ("Label", 100), ("3", 290), ("Laporan", 298)))
    seps = gutters(lines, TableSettings())
    kept = drop_split_phrases(seps, lines)
    assert not any(292 < s < 298 for s in kept)
    assert any(130 < s < 290 for s in kept)


def test_a_monospaced_value_and_its_unit_stay_one_cell() -> None:
    # a monospaced font's space is over half the line height: '2 Laporan' is one centred cell
    def mono(top: float, *items: tuple[str, float]) -> list[Word]:
        return [Word(1, int(top), i, t, 100.0, x, top, x + 6.6 * len(t), top + 10.4) for i, (t, x) in enumerate(items)]

    lines = [mono(14.0 * i, ("yang", 200), ("disusun", 233.0), ("tepat", 285.8)) for i in range(8)]
    lines += [mono(120.0, ("100%", 340)), mono(134.0, ("92,5%", 336.6)), mono(148.0, ("2", 323.4), ("Laporan", 336.6))]
    kept = drop_split_phrases(gutters(lines, TableSettings()), lines)
    assert not any(330 < s < 336.6 for s in kept)
    assert any(300 < s < 323 for s in kept)


def test_a_value_printed_with_its_percent_apart_is_a_value_cell() -> None:
    assert value_cell(_line(0, ("85", 300), ("%", 312)))
    assert value_cell(_line(0, ("Rp", 300), ("1.234.000", 315)))
    assert not value_cell(_line(0, ("%", 300)))
    assert not value_cell(_line(0, ("Persentase", 300), ("90", 360)))


def test_justified_prose_with_figures_is_prose_and_a_table_row_is_not() -> None:
    x = 90.0
    words = []
    for w in "Dari 23 indikator kinerja, sebanyak 9 indikator mencapai atau melampaui".split():
        words.append((w, x))
        x += 5.0 * len(w) + 9.0  # stretched, evenly
    assert is_prose(_line(0, *words), width=430.0)
    row = _line(0, ("Persentase", 90), ("layanan", 143), ("publik", 181), ("90", 330), ("%", 342), ("95", 390), ("%", 402))
    assert not is_prose(row, width=430.0)


def _stretched(text: str, gap: float) -> list[Word]:
    x, words = 90.0, []
    for w in text.split():
        words.append((w, x))
        x += 5.0 * len(w) + gap
    return _line(0, *words)


def test_a_short_justified_line_is_prose_even_when_it_quotes_figures() -> None:
    # seven words stretched across the text width; the figures are quoted, not a table's cells
    assert is_prose(_stretched("Dari 25 indikator kinerja, sebanyak 11 indikator", 25.0), width=380.0)
    assert is_prose(_stretched("2022 sebesar Rp 68.851.468.660 atau 85,62% dari pagu,", 14.0), width=380.0)
    # right-aligned figures in equal columns are evenly spaced too, but they are no words
    assert not is_prose(_stretched("12 Dokumen 86,00 100,00 87,00 87,00", 40.0), width=380.0)


def test_a_row_of_narrow_cells_evenly_apart_is_no_prose() -> None:
    # an OCR'd row of a dense table: twelve tokens, three figures, every gap a gutter (about
    # twice the word boxes' height), as even as a line of prose but far wider than word spaces
    xs = [93, 107, 150, 200, 253, 263, 307, 348, 401, 452, 503, 522]
    texts = ["1", "Perencanaan", "Anggaran", "19Dokumen", "18", "Dokumen", "94,74%", "19Dokumen", "19Dokumen",
             "SangatBaik", "Tidak", "Tercapai"]
    ends = [96, 148, 180, 239, 261, 293, 332, 386, 439, 490, 520, 549]
    line = [Word(1, 0, i, t, 90.0, x, 0.0, e, 5.6) for i, (t, x, e) in enumerate(zip(texts, xs, ends, strict=True))]
    assert not is_prose(line, width=460.0)
    words = "Capaian indikator kinerja KPU Provinsi pada tahun ini disajikan pada tabel berikut".split()
    prose, x = [], 90.0
    for i, t in enumerate(words):
        prose.append(Word(1, 0, i, t, 90.0, x, 0.0, x + 5.0 * len(t), 5.6))
        x += 5.0 * len(t) + 3.0
    assert is_prose(prose, width=460.0)


def _capaian_pdf(path: Path, valign: str) -> None:
    styles = getSampleStyleSheet()
    head = [
        ["No", "Indikator Kinerja", "Satuan", "Realisasi 2023", "Tahun 2024", "", ""],
        ["", "", "", "", "Target", "Realisasi", "Capaian"],
    ]
    labels = [
        "Persentase kegiatan koordinasi dengan para pihak terkait yang terlaksana tepat waktu",
        "Indeks partisipasi masyarakat dalam pemilihan umum",
        "Nilai SAKIP",
        "Jumlah dokumen perencanaan yang disusun dan ditetapkan tepat waktu",
    ]
    values = [("%", "90", "95", "95", "100"), ("%", "80", "85", "90", "105,88"), ("nilai", "70", "75", "76", "101,33"),
              ("dokumen", "3", "4", "4", "100")]
    data: list[list[object]] = [list(r) for r in head]
    cmds = [("SPAN", (4, 0), (6, 0)), ("VALIGN", (0, 0), (-1, -1), valign), ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("ALIGN", (0, 0), (-1, 1), "CENTER"), ("LINEBELOW", (0, 1), (-1, 1), 0.8, colors.black)]
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        if i in (0, 2):
            data.append([f"Sasaran Strategis {i // 2 + 1}: Meningkatnya kualitas penyelenggaraan pemilu", "", "", "", "", "", ""])
            cmds.append(("SPAN", (0, len(data) - 1), (-1, len(data) - 1)))
        data.append([str(i + 1), Paragraph(label, styles["BodyText"]), *v])
    table = Table(data, colWidths=[25, 170, 45, 55, 45, 55, 50])
    table.setStyle(TableStyle(cmds))
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph("LAPORAN KINERJA KPU KABUPATEN REJANG LEBONG TAHUN 2024", styles["Title"]),
         Paragraph("Tabel 3.1 Capaian Kinerja Tahun 2024", styles["BodyText"]), table]
    )


def test_borderless_stacked_header_band_rows_and_centred_values(tmp_path: Path) -> None:
    for valign in ("TOP", "MIDDLE", "BOTTOM"):
        pdf = tmp_path / f"capaian_{valign}.pdf"
        _capaian_pdf(pdf, valign)
        doc = extract(pdf)
        current = {i.label[:20]: i for i in doc.indicators if i.year == 2024}
        prior = {i.label[:20]: i for i in doc.indicators if i.year == 2023}
        assert len(current) == 4, (valign, sorted(current))
        first = current["Persentase kegiatan "]
        assert first.label.endswith("tepat waktu"), first.label
        assert (first.target.value, first.realisasi.value, first.capaian.value) == (95, 95, 100)  # type: ignore[union-attr]
        assert first.sasaran == "Meningkatnya kualitas penyelenggaraan pemilu"
        assert prior["Indeks partisipasi m"].realisasi.value == 80  # type: ignore[union-attr]
        assert all("Sasaran" not in i.label for i in doc.indicators)


def _stranded_header_pdf(path: Path) -> None:
    """Two pages: the caption and first header row end page 1, the rest starts page 2."""
    from reportlab.pdfgen.canvas import Canvas

    cv = Canvas(str(path), pagesize=A4)
    height = A4[1]
    cv.setFont("Helvetica", 10)
    cv.drawString(72, height - 80, "Capaian kinerja tahun 2024 disajikan pada tabel berikut ini.")
    cv.setFont("Helvetica-Bold", 9)
    cv.drawString(150, height - 760, "Tabel 3.2 Capaian Indikator Kinerja Tahun 2024")
    for text, x in (("No", 72), ("Indikator Kinerja", 100), ("Tahun 2024", 330), ("Sumber Data", 470)):
        cv.drawString(x, height - 780, text)
    cv.setFont("Helvetica", 9)
    cv.drawString(297, height - 815, "1")
    cv.showPage()
    cv.setFont("Helvetica-Bold", 9)
    for text, x in (("Target", 270), ("Realisasi", 335), ("Capaian", 405)):
        cv.drawString(x, height - 72, text)
    cv.setFont("Helvetica", 9)
    rows = [
        ("1", "Persentase partisipasi pemilih", "80", "82", "102,5", "Rekap KPU"),
        ("2", "Indeks kepuasan layanan publik", "3,5", "3,2", "91,43", "Survei"),
        ("3", "Nilai evaluasi AKIP", "70", "72,5", "103,57", "LHE"),
    ]
    for i, row in enumerate(rows):
        for text, x in zip(row, (72, 100, 275, 345, 410, 470), strict=True):
            cv.drawString(x, height - 90 - 14 * i, text)
    cv.save()


def test_a_header_row_stranded_at_a_page_foot_heads_the_next_page_table(tmp_path: Path) -> None:
    pdf = tmp_path / "stranded.pdf"
    _stranded_header_pdf(pdf)
    doc = extract(pdf)
    got = {i.label: (i.target.value, i.realisasi.value, i.capaian.value) for i in doc.indicators}  # type: ignore[union-attr]
    assert got == {
        "Persentase partisipasi pemilih": (80, 82, 102.5),
        "Indeks kepuasan layanan publik": (3.5, 3.2, 91.43),
        "Nilai evaluasi AKIP": (70, 72.5, 103.57),
    }


def test_a_header_and_the_first_band_row_stranded_at_a_page_foot_head_the_next_page_table(tmp_path: Path) -> None:
    # a Word table broken after its first band row: page 1 ends with the header and 'Sasaran
    # Strategis 1: ...' over two lines, page 2 starts with the rows (docx 12773 lost the table)
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "stranded_band.pdf"
    cv = Canvas(str(pdf), pagesize=A4)
    height = A4[1]
    cv.setFont("Helvetica-Bold", 9)
    cv.drawString(150, height - 700, "Tabel 3.3 Capaian Indikator Kinerja Tahun 2022")
    cv.drawString(380, height - 716, "2022")
    for text, x in (("No", 72), ("Indikator Sasaran", 150), ("Capaian", 460)):
        cv.drawString(x, height - 726, text)
    for text, x in (("Target", 330), ("Realisasi", 395), ("Kinerja", 460)):
        cv.drawString(x, height - 736, text)
    cv.drawString(72, height - 752, "Sasaran Strategis 1: Terlaksananya Perencanaan Program dan Anggaran, serta Penyusunan")
    cv.drawString(72, height - 763, "Peraturan Pelaksanaan Penyelenggaraan Pemilu")
    cv.setFont("Helvetica", 9)
    cv.drawString(297, height - 815, "1")
    cv.showPage()
    cv.setFont("Helvetica", 9)
    rows = [
        ("1", "Persentase partisipasi pemilih", "80,00", "82,00", "102,50"),
        ("2", "Indeks kepuasan layanan publik", "70,00", "69,00", "98,57"),
        ("3", "Nilai evaluasi AKIP", "95,00", "100,00", "105,26"),
    ]
    for i, row in enumerate(rows):
        for text, x in zip(row, (72, 90, 335, 400, 465), strict=True):
            cv.drawString(x, height - 72 - 14 * i, text)
    cv.save()
    doc = extract(pdf)
    got = {i.label: (i.target.value, i.realisasi.value, i.capaian.value) for i in doc.indicators}  # type: ignore[union-attr]
    assert got == {
        "Persentase partisipasi pemilih": (80, 82, 102.5),
        "Indeks kepuasan layanan publik": (70, 69, 98.57),
        "Nilai evaluasi AKIP": (95, 100, 105.26),
    }
    first = next(i for i in doc.indicators if i.label == "Persentase partisipasi pemilih")
    # the band's two lines, its 'Sasaran Strategis 1:' numbering taken off as for any band row
    assert first.sasaran == (
        "Terlaksananya Perencanaan Program dan Anggaran, serta Penyusunan Peraturan Pelaksanaan Penyelenggaraan Pemilu"
    )


def test_clear_channels_between_value_columns_survive_a_page_of_wrapped_labels() -> None:
    # 40 label-only lines (a sasaran wrapped word by word) and two rows of values: the few value
    # lines fall under the crossing tolerance, yet the clear channels between them are gutters.
    lines = [_line(10.0 * i, ("Terwujudnya", 60)) for i in range(40)]
    lines.append(_line(410.0, ("Laporan", 130), ("95", 240), ("%", 254), ("99,98", 284), ("%", 312), ("90", 340)))
    lines.append(_line(422.0, ("Dokumen", 130), ("85", 240), ("%", 254), ("72,54", 284), ("%", 312), ("80", 340)))
    seps = gutters(lines, TableSettings())
    assert any(262 < s < 284 for s in seps) and any(320 < s < 340 for s in seps), seps


def _deep_stranded_header_pdf(path: Path) -> None:
    """Page 1 ends with a four-line header (a parent over Target | Realisasi, a wrapped '(%)'),
    page 2 carries the rows and no header at all."""
    from reportlab.pdfgen.canvas import Canvas

    cv = Canvas(str(path), pagesize=A4)
    height = A4[1]
    cv.setFont("Helvetica", 10)
    cv.drawString(72, height - 700, "Capaian kinerja tahun 2024 disajikan pada tabel berikut.")
    cv.drawString(150, height - 720, "Tabel 3.1 Capaian Indikator Kinerja Tahun 2024")
    cv.setFont("Helvetica-Bold", 9)
    cv.drawString(300, height - 740, "Capaian Kinerja 2024")
    for text, x in (("Indikator Kinerja", 72), ("Satuan", 230), ("Capaian", 420)):
        cv.drawString(x, height - 752, text)
    for text, x in (("Target", 290), ("Realisasi", 350)):
        cv.drawString(x, height - 764, text)
    cv.drawString(425, height - 776, "(%)")
    cv.setFont("Helvetica", 9)
    cv.drawString(297, height - 815, "1")
    cv.showPage()
    cv.setFont("Helvetica", 9)
    rows = [
        ("Persentase partisipasi pemilih", "Persen", "80", "82", "102,5 %"),
        ("Indeks kepuasan layanan publik", "Indeks", "3,5", "3,2", "91,43 %"),
        ("Nilai evaluasi AKIP", "Nilai", "70", "72,5", "103,57 %"),
    ]
    for i, row in enumerate(rows):
        for text, x in zip(row, (72, 230, 295, 355, 420), strict=True):
            cv.drawString(x, height - 72 - 14 * i, text)
    cv.save()


def test_a_four_line_header_stranded_at_a_page_foot_heads_the_next_page_rows(tmp_path: Path) -> None:
    pdf = tmp_path / "deep.pdf"
    _deep_stranded_header_pdf(pdf)
    doc = extract(pdf)
    got = {i.label: (i.target.value, i.realisasi.value, i.capaian.value) for i in doc.indicators}  # type: ignore[union-attr]
    assert got == {
        "Persentase partisipasi pemilih": (80, 82, 102.5),
        "Indeks kepuasan layanan publik": (3.5, 3.2, 91.43),
        "Nilai evaluasi AKIP": (70, 72.5, 103.57),
    }


def _continued_row_pdf(path: Path) -> None:
    """Page 2 starts inside a row centred on its values: the label's first lines ('Persentase',
    'Keputusan KPU') come before the first line of values and look like header words."""
    from reportlab.pdfgen.canvas import Canvas

    cv = Canvas(str(path), pagesize=A4)
    height = A4[1]
    cv.setFont("Helvetica-Bold", 9)
    cv.drawString(150, height - 80, "Tabel 3.2 Capaian Indikator Kinerja Tahun 2024")
    for text, x in (("No", 72), ("Indikator Kinerja", 100), ("Target", 300), ("Realisasi", 360), ("Capaian", 430)):
        cv.drawString(x, height - 100, text)
    cv.setFont("Helvetica", 9)
    for i, (label, values) in enumerate(
        [("Persentase partisipasi pemilih", ("80", "82", "102,5")), ("Indeks kepuasan layanan", ("3,5", "3,2", "91,43"))]
    ):
        for text, x in zip((str(i + 1), label, *values), (72, 100, 305, 365, 435), strict=True):
            cv.drawString(x, height - 118 - 14 * i, text)
    cv.showPage()
    cv.setFont("Helvetica", 9)
    lines = [
        ("Persentase", None),
        ("Keputusan KPU yang", ("3", "90", "93", "103,33")),
        ("disusun tepat waktu", None),
        ("Nilai evaluasi AKIP", ("4", "70", "72,5", "103,57")),
    ]
    for i, (label, values) in enumerate(lines):
        top = height - 72 - 11 * i - (4 if i == 3 else 0)
        cv.drawString(100, top, label)
        if values:
            for text, x in zip(values, (72, 305, 365, 435), strict=True):
                cv.drawString(x, top, text)
    cv.save()


def test_a_continuation_starting_inside_a_centred_row_keeps_the_label_and_the_table(tmp_path: Path) -> None:
    pdf = tmp_path / "continued.pdf"
    _continued_row_pdf(pdf)
    doc = extract(pdf)
    got = {i.label: (i.target.value, i.realisasi.value) for i in doc.indicators}  # type: ignore[union-attr]
    assert got["Persentase Keputusan KPU yang disusun tepat waktu"] == (90, 93)
    assert got["Nilai evaluasi AKIP"] == (70, 72.5)
    assert len(got) == 4


def test_a_numbering_line_marks_an_ocr_damaged_header_above_it() -> None:

    block = [
        _line(0.0, ("Capaian", 100), ("indikator", 140), ("kinerja", 190), ("tahun", 230), ("ini.", 260)),
        _line(20.0, ("Tabel", 100), ("3.3", 130), ("Capaian", 150), ("Kinerja", 190)),
        _line(40.0, ("Sasran", 100), ("Tarqet", 300), ("Reaiisasi", 360)),
        _line(50.0, ("Kegitan", 100), ("(2024)", 300), ("2022", 360), ("2023", 420)),
        _line(60.0, ("(1)", 100), ("(2)", 200), ("(3)", 300), ("(4)", 360), ("(5)", 420)),
        _line(72.0, ("1", 80), ("Evaluasi", 100), ("Jumlah", 200), ("2", 300), ("2", 360), ("23", 420)),
        _line(84.0, ("2", 80), ("Laporan", 100), ("Nilai", 200), ("90", 300), ("85", 360), ("94,4", 420)),
    ]
    ((first, last, headed),) = table_spans(block)
    assert (first, last, headed) == (2, 6, True)


def test_one_stray_figure_in_a_dense_header_line_is_ocr_noise() -> None:

    lines = [
        _line(0.0, ("No", 80), ("Sasaran", 100), ("Indikator", 200), ("Target", 300), ("Realisasi", 360), ("2", 420), ("Sumber", 470)),
        _line(12.0, ("(1)", 80), ("(2)", 100), ("(3)", 200), ("(4)", 300), ("(5)", 360), ("(6)", 420), ("(7)", 470)),
        _line(24.0, ("1", 80), ("Terlaksananya", 100), ("Persiapan", 200), ("90,00", 300), ("98,00", 360), ("108,89", 420)),
    ]
    assert header_count(lines) == 2


def test_a_row_of_spaced_percent_values_is_no_header_and_a_numbering_line_is_no_prose() -> None:

    row = _line(0.0, ("1", 80), ("publik", 100), ("75,00", 300), ("%", 330), ("70,00", 360), ("%", 390),
                ("66,80", 420), ("%", 450))
    assert not is_header_line(row)
    numbering = _line(0.0, *((f"({i})", 80 + 40 * i) for i in range(1, 9)))
    assert not is_prose(numbering, 400.0)


def test_a_band_row_over_rows_of_grades_stays_in_the_table() -> None:
    # 'Sasaran Strategis 6: ...' runs like prose; the rows under it hold grades and one figure each
    band = _stretched("Sasaran Strategis 6: Meningkatnya Akuntabilitas Keuangan dan Kinerja KPU Provinsi", 3.0)
    rows = [
        _line(12.0, ("Nilai", 90), ("Evaluasi", 118), ("B", 300), ("B", 360), ("100%", 410)),
        _line(24.0, ("Kinerja", 90), ("KPU", 128)),
        _line(36.0, ("Persentase", 90), ("Opini", 145), ("WTP", 300), ("WDP", 360), ("75%", 410)),
    ]
    assert is_prose(band, width=360.0)
    assert _band_ahead([band, *rows], 0, width=360.0)


def test_a_band_row_wrapped_over_four_lines_over_a_centred_row_stays_in_the_table() -> None:
    # a long goal wraps over four lines; the row under it centres its values on a three-line label
    band = [_stretched(f"Terwujudnya koordinasi penyelenggaraan kepemiluan bagian {k}", 3.0) for k in "abc"]
    rows = [
        _line(40.0, ("Persentase", 90)),
        _line(50.0, ("penyelenggaraan", 90)),
        _line(60.0, ("14", 60), ("Pemilu", 90), ("85 %", 300), ("80 %", 360), ("70 %", 410)),
    ]
    block = [*band, _line(30.0, ("terintegrasi", 90)), *rows]
    assert all(is_prose(b, width=360.0) for b in band)
    assert _band_ahead(block, 0, width=360.0)


def test_header_lines_in_brackets_over_the_first_header_line_belong_to_the_header() -> None:
    # 'Target 2029' / 'No Indikator 2024' / '(Renstra)' over 'Target Realisasi'
    block = [
        _line(0.0, ("Tabel", 60), ("2.2", 90), ("Capaian", 110), ("Kinerja", 150)),
        _line(14.0, ("Target", 250), ("2029", 280)),
        _line(24.0, ("No", 60), ("Indikator", 74), ("Kinerja", 123), ("Utama", 162), ("2024", 360)),
        _line(34.0, ("(Renstra)", 250)),
        _line(44.0, ("Target", 330), ("Realisasi", 390)),
        _line(56.0, ("1", 60), ("Persentase", 90), ("97 %", 250), ("92,5 %", 330), ("97 %", 390)),
        _line(68.0, ("2", 60), ("Jumlah", 90), ("90 %", 250), ("90 %", 330), ("91 %", 390)),
    ]
    assert table_spans(block) == [(1, 6, True)]


def test_a_short_band_spilling_across_a_gutters_middle_is_a_band_on_exact_geometry() -> None:
    # 'Terlaksananya Penetapan Hasil Pemilu' in one merged cell: its last word crosses the middle
    # of the white channel between the label and the next column, no gap of its own crosses it
    line = _line(0.0, ("Terlaksananya", 88), ("Penetapan", 155), ("Hasil", 202), ("Pemilu", 227))
    assert is_band_line(line, [253.0, 312.0], row_value, exact=True)
    assert not is_band_line(line, [253.0, 312.0], row_value)  # OCR boxes blur: not on their say
    label = _line(0.0, ("Jumlah", 88), ("Dokumen", 122), ("Kepemiluan", 160))
    assert not is_band_line(label, [253.0, 312.0], row_value, exact=True)


def test_two_cells_close_on_one_line_start_where_their_columns_start() -> None:
    # 'Pengelolaan,' | 'dan Pengelolaan': the second cell starts where its column's cells start
    rows = [_line(12.0 * i, ("Pelaksanaan", 100), ("QGE.001", 170), ("92,50", 300)) for i in range(3)]
    starts = _cell_starts(rows, [165.0, 290.0])
    assert _starts_a_cell(_line(40.0, ("Pengelolaan,", 100), ("dan", 170), ("Pengelolaan", 188)), starts)
    assert not _starts_a_cell(_line(40.0, ("Terlaksananya", 100), ("Penetapan", 168), ("Hasil", 216)), starts)
    # a long band's word that falls on a column's start at the band's own word spacing
    rows = [_line(12.0 * i, ("Pelaksanaan", 100), ("QGE.001", 146), ("92,50", 300)) for i in range(3)]
    starts = _cell_starts(rows, [141.0, 290.0])
    band = _line(40.0, ("SS6.", 100), ("aman", 123), ("Pemilu", 146), ("Serentak", 179), ("yang", 222))
    assert not _starts_a_cell(band, starts)
    # monospaced: two cells a gutter apart barely wider than the line's spaces
    cells = _line(40.0, ("Keuangan", 100), ("dan", 145), ("EBD.955", 166.4), ("Layanan", 206.4))
    assert _starts_a_cell(cells, _cell_starts([_line(12.0 * i, ("Pelaksanaan", 100), ("QGE.001", 166.4)) for i in range(3)], [163.0]))


def test_a_band_row_keeps_its_own_number_when_ocr_drops_the_colon() -> None:
    band = _stretched("Sasaran Strategis 15 Tersedianya Pelayanan Publik Dokumen Teknis Kepemiluan", 3.0)
    rows = [
        _line(12.0, ("Persentase", 90), ("Peserta", 145), ("90", 300)),
        _line(24.0, ("18", 60), ("96", 330), ("91", 360), ("101.11", 410)),
    ]
    assert _band_ahead([band, *rows], 0, width=360.0)
    quoted = _stretched("Dari 19 indikator kinerja sebanyak 8 indikator mencapai target", 3.0)
    assert not _band_ahead([quoted, *rows], 0, width=360.0)


def test_a_band_row_naming_a_year_is_still_a_band_row() -> None:
    line = _stretched("Terlaksananya Penyusunan Anggaran Tahun 2024", 3.0)
    assert is_band_line(line, [200.0], row_value)
    assert not is_band_line(_stretched("Jumlah Dokumen Kepemiluan 9 dokumen", 3.0), [200.0], row_value)


def test_two_header_labels_in_one_blurred_column_split_it() -> None:
    # OCR of a skewed scan: sasaran words end anywhere up to 162, indicator words start from 164,
    # and stray dashes sit between: no gutter; the header still shows 'Sasaran' and 'IKU' apart.
    head = [_line(0.0, ("Sasaran", 120)), _line(10.0, ("No", 100), ("IKU", 194), ("Target", 250))]
    body = []
    for i in range(30):
        end = 150.0 + (i % 5) * 3.0  # a sasaran word reaching 150..162
        line = [Word(1, i, 0, "Terwujudnya", 100.0, 123.0, 20.0 + 10 * i, end, 29.0 + 10 * i)]
        start = 173.0 - (i % 4) * 3.0  # an indicator word starting 164..173
        line.append(Word(1, i, 1, "Persentase", 100.0, start, 20.0 + 10 * i, start + 40, 29.0 + 10 * i))
        if i % 6 == 0:
            line.append(Word(1, i, 2, "—", 100.0, 162.0, 20.0 + 10 * i, 166.0, 29.0 + 10 * i))
        line.append(Word(1, i, 3, "90%", 100.0, 252.0, 20.0 + 10 * i, 267.0, 29.0 + 10 * i))
        body.append(line)
    assert not any(150 < s < 170 for s in gutters(body, TableSettings()))
    seps = header_splits(head, body, [237.0], TableSettings())
    assert len(seps) == 2 and 162 < seps[0] < 164


def test_child_labels_under_a_spanning_parent_split_their_blurred_column() -> None:
    # a three-level header: 'Kinerja Tahun 2024' spans 'Target' | 'Realisasi', its left edge
    # inside the Target column; a wrapped band row crosses the channel between the two value
    # columns twice, so the body shows no gutter there. 'Target 2029' wraps onto '(Renstra)'.
    head = [
        _line(0.0, ("Indikator", 100), ("Target 2029", 200), ("Kinerja Tahun 2024", 290)),
        _line(10.0, ("(Renstra)", 205)),
        _line(20.0, ("Target", 258), ("Realisasi", 300)),
    ]
    body = []
    for i in range(20):
        top = 40.0 + 12 * i
        body.append(_line(top, ("Persentase", 100), ("70", 225), ("70", 268), ("74,6", 305), ("106,57", 350)))
    body[7] = _line(124.0, ("Sasaran Strategis 5: Terwujudnya koordinasi penyelenggaraan", 100))
    body[8] = _line(136.0, ("serta informasi yang terintegrasi tepat", 100))
    seps = header_splits(head, body, [180.0, 340.0], TableSettings())
    assert any(278 < s < 300 for s in seps), seps  # between Target's figures and Realisasi's
    assert any(235 < s < 268 for s in seps), seps  # between the Renstra target and Target


def test_a_second_header_line_with_ocr_specks_still_counts_as_header() -> None:
    # 'Kegiatan 2024 — Capaian TA 2023 » Sumber Data': the specks say nothing, the rest is header
    first = _line(0.0, ("No", 54), ("Sasaran", 77), ("IKU", 143), ("Target", 229), ("Realisasi", 260), ("%", 311))
    second = _line(10.0, ("Kegiatan", 77), ("2024", 267), ("—", 296), ("Capaian", 302), ("TA", 341), ("2023", 351),
                   ("»", 384), ("Sumber", 469), ("Data", 495))
    body = _line(20.0, ("1", 54), ("Terwujudnya", 77), ("Persentase", 143), ("90", 229), ("95", 267), ("105,56", 302))
    assert header_count([first, second, body]) == 2


def test_a_header_line_of_years_a_digit_off_beside_column_names_counts_as_header() -> None:
    # docx scan 12802: 'P Program | 2922 | 2823 | Capai' under 'Sasaran | Realisasi | %'
    lines = [
        _line(0.0, ("Sasaran", 139), ("Realisasi", 331), ("%", 388)),
        _line(5.0, ("No", 115), ("Indikator", 183), ("Sasaran", 212), ("Satuan", 253), ("Target", 289), ("Kriteria", 422)),
        _line(10.0, ("P", 138), ("Program", 145), ("2922", 321), ("2823", 349), ("Capai", 379)),
        _line(22.0, ("1", 115), ("Terlaksananya", 131), ("%", 253), ("90,00", 289), ("72,20", 321), ("89,00", 349)),
    ]
    assert header_count(lines) == 3
    # without column names beside them, four digits are a row's figures
    lines[2] = _line(10.0, ("2", 115), ("Jumlah", 138), ("2922", 321), ("2823", 349))
    assert header_count(lines) == 2


def test_a_header_word_read_without_its_last_letter_still_counts() -> None:
    # docx scan 12838: the third header line 'Strategis | Capaian' read 'Strategi Capai'
    lines = [
        _line(0.0, ("Sasaran", 109), ("Persentase", 323)),
        _line(3.0, ("IKU", 173), ("Target", 228), ("Realisasi", 269), ("2023", 295), ("Kriteria", 374), ("Keterangan", 480)),
        _line(8.0, ("Strategi", 110), ("Capai", 327)),
        _line(26.0, ("Evaluasi", 102), ("Jumlah", 148), ("4", 224), ("4", 273), ("100,00", 329), ("Sangat", 370)),
    ]
    assert header_count(lines) == 3


def test_a_line_of_years_ocr_damaged_or_beside_a_unit_in_brackets_ends_the_header() -> None:
    # dev scan 12903 (6.5 pt): 'Realisasi' over '2020 | 2021', read '220 | 221'
    lines = [
        _line(0.0, ("No", 86), ("Sasaran", 110), ("Target", 273), ("Realisasi", 330), ("Capaian", 420)),
        _line(12.0, ("220", 333), ("221", 383)),
        _line(28.0, ("1", 90), ("Jumlah", 148), ("22", 273), ("22", 322), ("21", 372), ("95,45", 423)),
    ]
    assert header_count(lines) == 2
    # dev scan 12931: 'Capaian (%)' and 'Target Tahun 2026' end in '(Ya) | 2026'
    lines[1] = _line(12.0, ("(Ya)", 420), ("2026", 470))
    assert header_count(lines) == 2
    lines[1] = _line(12.0, ("22", 333), ("21", 383))  # two counts are no pair of clipped years
    assert header_count(lines) == 1


def test_a_label_starting_a_continued_page_in_column_words_is_no_header() -> None:
    # dev docx scan 12918: a page holding the table's last row starts 'Persentase kegiatan' /
    # 'pengelolaan dan' / ..., both first words column words; a lower-case line goes on from it
    lines = [
        _line(0.0, ("Masyarakat", 113)),
        _line(14.0, ("Persentase", 227), ("kegiatan", 280)),
        _line(26.0, ("pengelolaan", 227), ("dan", 285)),
        _line(32.0, ("75,00", 417), ("71,00", 470)),
        _line(38.0, ("pengembangan", 227), ("RPP", 295)),
    ]
    assert header_count(lines) == 0
    # a header cell wrapped onto a header word, or onto a capital, is header all the same
    lines[2] = _line(26.0, ("Kinerja", 227), ("Utama", 270))
    assert header_count(lines) == 3


def test_a_line_of_a_damaged_year_beside_a_whole_one_is_header() -> None:
    # scan 12736: 'Realisasi' over '2024 | 2025', read '1014 | 2025'
    lines = [
        _line(0.0, ("No", 86), ("Indikator", 155), ("Target", 273), ("2025", 295), ("Realisasi", 352), ("Capaian", 420)),
        _line(15.0, ("1014", 333), ("2025", 383)),
        _line(28.0, ("1", 90), ("Jumlah", 148), ("22", 273), ("22", 322), ("21", 372), ("95,45", 423)),
    ]
    assert header_count(lines) == 2
    lines[1] = _line(15.0, ("1014", 333), ("21", 383))  # beside a count, no year read whole: figures
    assert header_count(lines) == 1


def test_a_header_line_of_a_year_and_a_damaged_mark_is_no_numbering_line() -> None:
    # docx scan 12819: 'TA 2022' beside 'Capaian (%)' whose '(%)' read '(26)', then the '2024' of
    # 'Rencana Target 2024': the header goes on to its last line
    lines = [
        _line(0.0, ("Rencana", 385)),
        _line(5.0, ("Realisasi", 207), ("Capaian", 341)),
        _line(9.0, ("No", 90), ("Indikator", 120), ("Sasaran", 156), ("Target", 255), ("Realisasi", 293), ("Target", 389)),
        _line(14.0, ("TA", 209), ("2022", 222), ("(26)", 350)),
        _line(19.0, ("2024", 393)),
        _line(30.0, ("1", 94), ("Persentase", 109), ("100", 218), ("92,5", 260), ("81,5", 303), ("88,11%", 342)),
    ]
    assert header_count(lines) == 5


def test_a_budget_header_line_naming_sisa_is_a_header_line() -> None:
    # the third header line of 'Tahun Anggaran 2024' over 'Pagu | Realisasi | % | Sisa', with a
    # '%' OCR read as 'on'
    lines = [
        _line(0.0, ("No", 62), ("Kode", 86), ("Program/Kegiatan", 116), ("Tahun", 388), ("Anggaran", 410), ("2024", 442)),
        _line(10.0, ("Pagu", 300), ("Realisasi", 400), ("on", 470), ("Sisa", 520)),
        _line(20.0, ("1", 62), ("WA", 86), ("Program", 116), ("1.489.996.000", 300), ("1.216.270.287", 400)),
    ]
    assert header_count(lines) == 2


def _capaian_page_one(path: Path) -> Canvas:
    """A canvas whose first page starts a capaian table: caption and header, the body font set."""
    cv = Canvas(str(path), pagesize=A4)
    height = A4[1]
    cv.setFont("Helvetica-Bold", 9)
    cv.drawString(150, height - 80, "Tabel 3.2 Capaian Indikator Kinerja Tahun 2024")
    for text, x in (("No", 72), ("Indikator Kinerja", 100), ("Target", 300), ("Realisasi", 360), ("Capaian", 430)):
        cv.drawString(x, height - 100, text)
    cv.setFont("Helvetica", 9)
    return cv


def _lone_last_row_pdf(path: Path) -> None:
    """A capaian table whose last row is alone at the top of page 2, before a paragraph."""
    cv = _capaian_page_one(path)
    height = A4[1]
    rows = [
        ("1", "Persentase partisipasi pemilih", "80", "82", "102,5"),
        ("2", "Indeks kepuasan layanan publik", "3,5", "3,2", "91,43"),
        ("3", "Nilai evaluasi AKIP", "70", "72,5", "103,57"),
    ]
    for i, row in enumerate(rows):
        y = height - 120 - 14 * i if i < 2 else height - 72
        if i == 2:
            cv.showPage()
            cv.setFont("Helvetica", 9)
        for text, x in zip(row, (72, 100, 305, 365, 435), strict=True):
            cv.drawString(x, y, text)
    cv.setFont("Helvetica", 10)
    cv.drawString(72, height - 120, "Dari 3 indikator kinerja, sebanyak 2 indikator mencapai target yang ditetapkan.")
    cv.save()


def test_the_last_row_alone_at_the_top_of_a_page_continues_the_table(tmp_path: Path) -> None:
    pdf = tmp_path / "lone.pdf"
    _lone_last_row_pdf(pdf)
    doc = extract(pdf)
    got = {i.label: (i.target.value, i.realisasi.value) for i in doc.indicators}  # type: ignore[union-attr]
    assert got == {
        "Persentase partisipasi pemilih": (80, 82),
        "Indeks kepuasan layanan publik": (3.5, 3.2),
        "Nilai evaluasi AKIP": (70, 72.5),
    }


def test_a_last_row_alone_on_a_page_starting_with_column_words_continues_the_table(tmp_path: Path) -> None:
    # dev docx scan 12918: the last row's label 'Persentase kegiatan pengelolaan ...' alone at the
    # top of the next page, its first line all column words: no header, the table's last row
    pdf = tmp_path / "lone-label.pdf"
    cv = _capaian_page_one(pdf)
    height = A4[1]
    for i, row in enumerate([("1", "Persentase partisipasi pemilih", "80", "82", "102,5"), ("2", "Nilai evaluasi AKIP", "70", "72,5", "103,57")]):
        for text, x in zip(row, (72, 100, 305, 365, 435), strict=True):
            cv.drawString(x, height - 120 - 14 * i, text)
    cv.showPage()
    cv.setFont("Helvetica", 9)
    cv.drawString(100, height - 72, "Persentase kegiatan")
    for text, x in (("3", 72), ("pengelolaan produk hukum", 100), ("90", 305), ("85", 365), ("94,44", 435)):
        cv.drawString(x, height - 83, text)
    cv.setFont("Helvetica", 10)
    cv.drawString(72, height - 120, "Dari 3 indikator kinerja, sebanyak 2 indikator mencapai target yang ditetapkan.")
    cv.save()
    doc = extract(pdf)
    got = {i.label: (i.target.value, i.realisasi.value) for i in doc.indicators}  # type: ignore[union-attr]
    assert got["Persentase kegiatan pengelolaan produk hukum"] == (90, 85)


def test_an_ocr_dash_speck_does_not_fill_a_narrow_gutter_but_a_text_layer_dash_does() -> None:
    # two label columns 6 points apart; OCR read rule fragments as '—' between them on a few lines
    lines = []
    for i in range(12):
        left = ("Penyusunan", 137) if i % 2 else ("Terlaksana", 136)
        lines.append(_line(12.0 * i, left, ("Persentase", 196), ("92", 340)))
    for i in (0, 3, 7):
        lines[i].append(Word(1, i, 9, "—", 90.0, 188.0, 12.0 * i, 193.0, 12.0 * i + 9.0))
    assert any(187 < s < 196 for s in gutters(lines, TableSettings(), ocr=True))
    assert not any(187 < s < 196 for s in gutters(lines, TableSettings()))


def test_an_ocr_header_with_a_lone_digit_line_and_stray_figures_keeps_all_its_lines() -> None:
    # 'Sasaran' read '8 “saran' with the '8' split onto a line of its own; 'Renstra 2029' read '229'
    lines = [
        _line(0.0, ("Target", 300), ("Capaian", 380), ("Kinerja", 420), ("2024", 460)),
        _line(8.0, ("8", 90)),
        _line(12.0, ("No", 60), ("“saran", 100), ("Indikator", 180), ("Kinerja", 225), ("Satuan", 270), ("Renstra", 300), ("Capaian", 460)),
        _line(20.0, ("Program", 100), ("229", 300), ("Target", 340), ("Realisasi", 400)),
        _line(34.0, ("1", 60), ("Terlaksananya", 100), ("Jumlah", 180), ("Laporan", 270), ("14", 300), ("7", 340), ("7", 400), ("100,00", 460)),
        _line(46.0, ("2", 60), ("Tersajinya", 100), ("Persentase", 180), ("Persen", 270), ("80,00", 300), ("70,00", 340), ("62,59", 400), ("89,41", 460)),
    ]
    assert header_count(lines) == 4


def test_a_header_line_naming_the_agreement_target_belongs_to_the_header() -> None:
    # 'Target PK' (the Perjanjian Kinerja target) with 'Capaian' read 'Crane' under a spanning parent
    lines = [
        _line(0.0, ("Sasaran", 100), ("Indikator", 180), ("Capaian", 300), ("Kinerja", 340), ("2021", 380)),
        _line(12.0, ("No", 60), ("Strategis", 100), ("Kategori", 460)),
        _line(24.0, ("Target", 300), ("PK", 330), ("Realisasi", 360), ("Crane", 420)),
        _line(36.0, ("1", 60), ("Terwujudnya", 100), ("Persentase", 180), ("75", 300), ("71", 360), ("94,67", 420)),
        _line(48.0, ("2", 60), ("Tersajinya", 100), ("Persentase", 180), ("80", 300), ("80", 360), ("100", 420)),
    ]
    assert header_count(lines) == 3


def test_a_column_name_tesseract_barely_believes_is_no_speck() -> None:
    # a header line of bottom-aligned two-line cells, read as one garbled line: 'Target' came back at
    # confidence 7 and is the value column's only name; a two-letter low-confidence word is debris
    from extractor.tables import _speck

    assert not _speck(Word(1, 0, 0, "Target", 7.0, 365.0, 365.0, 390.0, 374.0))
    assert not _speck(Word(1, 0, 1, "Realisasi", 12.0, 420.0, 365.0, 460.0, 374.0))
    assert _speck(Word(1, 0, 2, "on", 30.0, 485.0, 360.0, 495.0, 379.0))
    assert _speck(Word(1, 0, 3, "Tarmac", 7.0, 365.0, 365.0, 390.0, 374.0))  # no column's name


def test_a_header_line_of_column_names_outside_the_triage_words_is_header() -> None:
    # 'Pagu | Realisasi | Penyerapan | Selisih' under 'TA 2022': the header model knows each name
    lines = [
        _line(0.0, ("TA", 300), ("2022", 320)),
        _line(10.0, ("Kode", 60), ("Akun/Jenis", 100), ("Belanja", 150), ("Realisasi", 220), ("2021", 260), ("Ket.", 480)),
        _line(16.0, ("Pagu", 290), ("Realisasi", 340), ("Penyerapan", 390), ("Selisih", 440)),
        _line(30.0, ("51", 60), ("Belanja", 100), ("Pegawai", 140), ("2.949.100", 220), ("105.403.000", 290), ("101.915.876", 340), ("96,69%", 390), ("3.487.124", 440)),
        _line(44.0, ("52", 60), ("Belanja", 100), ("Barang", 140), ("10.739.433.900", 220), ("16.740.176.000", 290), ("13.174.024.137", 340), ("78,70%", 390), ("3.566.151.863", 440)),
    ]
    assert header_count(lines) == 3


def test_a_bottom_aligned_first_rows_label_lines_are_not_header_lines() -> None:
    # the values of the first row sit on its last line: the label lines above them hold words
    # with a header word inside ('Penganggaran' holds 'anggaran'), not header words
    lines = [
        _line(0.0, ("Sasaran", 54), ("Indikator", 143), ("Target", 229), ("Realisasi", 267), ("Capaian", 311)),
        _line(10.0, ("QGE.001", 143), ("Perencanaan", 180)),
        _line(20.0, ("Terlaksananya", 54), ("dan", 143), ("Penganggaran", 160)),
        _line(30.0, ("Perencanaan", 54), ("Pemilu", 143), ("75%", 229), ("77,99%", 267), ("103,99%", 311)),
    ]
    assert header_count(lines) == 1


def _items(x: float, text: str, space: float = 3.0) -> list[tuple[str, float]]:
    """(word, x) of ``text``'s words from ``x`` on, ``space`` points apart (5 pt a letter)."""
    items = []
    for word in text.split():
        items.append((word, x))
        x += 5.0 * len(word) + space
    return items


def _text(top: float, x: float, text: str, space: float = 3.0) -> list[Word]:
    """Words of ``text`` from ``x`` on at a ``space`` pt word spacing."""
    return _line(top, *_items(x, text, space))


def test_a_short_band_set_over_the_no_column_is_a_band_and_the_label_under_it_is_not() -> None:
    """Band rows start at the table's left edge, over the No column's gutter; the wrapped label of
    the row under one starts in the label column and is that row's text, however long."""
    from extractor.tables.stream import _band_candidates, _band_lines

    values = [("100", 320), ("94,7", 360), ("94,7", 400)]
    body = [
        _text(0, 88, "Terlaksananya Penetapan Hasil Pemilu"),
        _text(12, 110, "QGE.002 Pelaksanaan Tahapan Penetapan"),
        [*_line(24, ("1", 93)), *_text(24, 110, "Hasil Pemilu"), *_line(24, *values)],
        _text(36, 88, "Pelaksanaan Pengelolaan Pengadaan Logistik"),
        _text(48, 110, "QGE.001 Penyiapan dan Pengelolaan"),
        [*_line(60, ("2", 93)), *_text(60, 110, "Logistik Pemilu"), *_line(60, *values)],
        [*_line(72, ("3", 93)), *_text(72, 110, "Persentase Penyusunan Anggaran"), *_line(72, *values)],
    ]
    settings = TableSettings()
    wide = _band_candidates(body, 340.0, settings)
    plain = [ln for ln, w in zip(body, wide, strict=True) if not w]
    seps = gutters(plain, settings)
    assert any(98 < s < 110 for s in seps), seps  # the No column keeps its gutter
    assert _band_lines(body, wide, seps, 0.0, False) == [True, False, False, True, False, False, False]


def test_a_label_line_beginning_with_a_short_role_word_is_not_a_header_line() -> None:
    # a bottom-aligned first row under a repeated header: the sasaran's last label line
    # ('ketentuan') is level with the indicator's first ('Persentase'); 'Ket' begins
    # 'ketentuan' but names no column there
    lines = [
        _line(0.0, ("Indikator", 143), ("Sasaran", 190), ("Target", 260), ("Realisasi", 300), ("Keterangan", 400)),
        _line(10.0, ("Terlaksananya", 54)),
        _line(20.0, ("penetapan", 54)),
        _line(30.0, ("ketentuan", 54), ("Persentase", 143)),
        _line(40.0, ("peraturan", 54), ("Rancangan", 143), ("100%", 260), ("100%", 300), ("-", 400)),
    ]
    assert header_count(lines) == 1


def test_a_grade_or_an_opinion_is_a_value_of_its_row() -> None:
    # 'Opini | WTP | WDP' over 'Nilai | 60 | 54' over 'Predikat | BB | B': three rows, not one
    def cell(*texts: str) -> list[Word]:
        return [Word(1, 1, k, t, 90.0, 300.0 + 20 * k, 0.0, 315.0 + 20 * k, 9.0) for k, t in enumerate(texts)]

    assert _grade_cell(cell("WTP")) and _grade_cell(cell("BB")) and _grade_cell(cell("B"))
    assert not _grade_cell(cell("Opini")) and not _grade_cell(cell("-")) and not _grade_cell(cell("B", "Laporan"))


def test_on_a_scan_a_label_line_under_a_band_row_is_no_wrapped_band_line() -> None:
    # development scan 10616: 'Sasaran Strategis 2: ...' from the table's left edge, then the
    # indicator's first line starting a column further right (its values on the line after)
    band = _stretched("Sasaran Strategis 2: Tersajinya Laporan Pertanggung Jawaban Anggaran Pemilu", 3.0)
    label = _line(15.0, ("Persentase", 110), ("penyampaian", 165), ("Laporan", 225), ("tepat", 265))
    values = _line(25.0, ("2", 94), ("waktu", 110), ("100", 415), ("93,01", 468))
    wrapped = _line(10.0, ("disertai", 91), ("pengelolaan", 130), ("data", 190))
    seps = [105.0, 400.0, 460.0]
    assert _band_lines([band, label, values], [True, True, False], seps, 3.0, True) == [True, False, False]
    assert _band_lines([band, wrapped, values], [True, True, False], seps, 3.0, True)[:2] == [True, True]


def test_the_top_lines_of_a_tall_centred_header_cell_belong_to_the_header() -> None:
    # 'Target' / 'Akhir' / 'Renstra' / '(2024)' and 'Rencana' / 'Target' / '2022' centred beside
    # one-line headers: their first lines stand above every other header line, at half a line's pitch
    block = [
        _line(0.0, ("Tabel", 60), ("3.1", 90), ("Capaian", 110), ("Kinerja", 150), ("Tahun", 190), ("2021", 220)),
        _line(20.0, ("Target", 284)),
        _line(25.0, ("Rencana", 505)),
        _line(30.0, ("Sasaran", 118), ("Akhir", 286), ("Capaian", 454)),
        _line(35.0, ("No", 89), ("Indikator", 175), ("Target", 346), ("Realisasi", 397), ("Target", 508)),
        _line(40.0, ("Renstra", 281), ("(%)", 464)),
        _line(45.0, ("2022", 513)),
        _line(50.0, ("(2024)", 284)),
        _line(62.0, ("1", 89), ("Persentase", 175), ("100 %", 284), ("90 %", 346), ("92 %", 397), ("102 %", 454), ("95 %", 508)),
        _line(74.0, ("2", 89), ("Jumlah", 175), ("12", 284), ("4", 346), ("4", 397), ("100 %", 454), ("4", 508)),
    ]
    ((first, _, headed),) = table_spans(block)
    assert first == 1 and headed


def test_a_label_set_from_a_band_rows_left_edge_a_row_below_it_is_no_wrapped_band_line() -> None:
    # a horizontally ruled table with no No column: band rows and labels start at one left edge; a
    # band's wrapped line sits at the paragraph's pitch, the next row's label a cell's padding lower
    band = _text(0.0, 90.0, "Tersedianya Pelayanan Publik Dokumen Teknis Kepemiluan dan Pilkada", 5.0)
    wrapped = _text(11.0, 90.0, "serta Informasi Publik", 5.0)
    label = _text(29.0, 90.0, "Persentase Peserta Pemilu yang Dapat", 5.0)
    values = _line(35.0, ("92,5", 300), ("96,3", 340), ("104,11", 380))
    body = [band, wrapped, label, values]
    wide = [True, True, True, False]  # over 45% of the width, before the columns are known
    flags = _band_lines(body, wide, [290.0, 335.0, 375.0], 0.0, False)
    assert flags == [True, True, False, False]
    # on a scan OCR's glyph boxes make gaps unreliable; a ruling line between the two still parts them
    ruled = _band_lines(body, wide, [290.0, 335.0, 375.0], 0.0, True, rules=[Rule(24.0, 0.0, 600.0)])
    assert ruled == [True, True, False, False]


def test_a_headless_sliver_between_two_channels_beside_a_value_column_is_no_column() -> None:
    # OCR: two label lines run into the channel before the target column; the header's 'Target'
    # is printed across the second channel, which is no gutter
    head = [_line(0.0, ("Utama", 293), ("Target", 346), ("PK", 379), ("Realisasi", 426))]
    body = [_line(12.0 * k, ("Persentase", 200), ("90", 362), ("85", 435)) for k in range(1, 9)]
    body[2] = _line(36.0, ("naskah", 200), ("akademik", 300), ("90", 362), ("85", 435))
    body[5] = _line(72.0, ("riset", 200), ("kepemiluan", 290), ("90", 362), ("85", 435))
    seps = [333.5, 356.0, 408.0]
    assert drop_headless_slivers(head, body, seps) == [333.5, 408.0]
    # a column its own header names stays, however sparse (a Keterangan filled twice)
    named = [_line(0.0, ("Utama", 293), ("Ket", 338), ("Target", 360), ("Realisasi", 426))]
    assert drop_headless_slivers(named, body, seps) == seps


def test_a_headless_sliver_inside_a_columns_own_label_takes_both_its_channels_away() -> None:
    # OCR: '%' read 'Yo' a word space after '61,5', '13 dokumen' crossing where the figures end:
    # two channels, both through the year under 'Realisasi', which heads one column
    head = [_line(0.0, ("Realisasi", 395)), _line(12.0, ("Target", 305), ("2023", 382), ("2024", 432))]
    body = [_line(24.0 + 12 * k, ("Persentase", 200), ("80", 311), ("61,5", 377), ("Yo", 402), ("77", 434)) for k in range(6)]
    seps = [359.0, 395.0, 400.0, 430.0]
    assert drop_headless_slivers(head, body, seps) == [359.0, 430.0]
    # channels through a parent only ('Realisasi' over both years) are not taken away so
    assert drop_headless_slivers(head, body, [359.0, 410.0, 415.0]) == [359.0, 410.0, 415.0]


def test_a_totals_row_centred_over_the_code_and_name_columns_does_not_merge_them() -> None:
    # a budget table's last page: the code centred beside a wrapped name, 'Jumlah Total' printed
    # across both columns; the gutter between them is there on every other line
    from extractor.models import Method, Page
    from extractor.tables.stream import _total_line, stream_tables

    def amounts() -> list[tuple[str, float]]:
        return [("197.041.900,00", 300), ("263.424.000,00", 390), ("251.238.137,00", 480), ("95,37", 570)]

    lines = []
    for k, code in enumerate(("CQ.6981", "6981.QGE.001", "6981.QGE.002")):
        top = 100.0 + 40 * k
        lines += [_text(top, 185.0, "Pengucapan Sumpah", 5.0)]
        lines += [_line(top + 8, (code, 108), *_items(185.0, "serta DPR", 5.0), *amounts())]
        lines += [_text(top + 16, 185.0, "Provinsi dan", 5.0)]
    total = _line(212.0, ("Jumlah", 156), ("Total", 191), *amounts())
    assert _total_line(total) and not _total_line(lines[1])
    page = Page(6, 595.0, 842.0, tuple(w for ln in [*lines, total] for w in ln))
    tables = stream_tables(page, TableSettings(), (), Method.PDF_STREAM)
    assert tables and tables[0].n_cols == 6
    assert " ".join(c.text for c in tables[0].rows[-1].cells[:2]).strip() == "Jumlah Total"
    assert [r.cells[0].text for r in tables[0].rows[:3]] == ["CQ.6981", "6981.QGE.001", "6981.QGE.002"]


def test_a_label_s_first_line_under_a_repeated_header_is_no_header_line() -> None:
    # a row centring its values beside a wrapped label starts with a line holding a header word
    # alone ('Persentase'), a row's padding under the header and a line's spacing over the rest
    # of its label
    lines = [
        _line(0.0, ("No", 80), ("Indikator", 100), ("Kinerja", 150), ("Capaian", 360), ("Predikat", 420)),
        _line(10.0, ("Target", 200), ("Realisasi", 280)),
        _line(26.0, ("Persentase", 100)),
        _line(36.0, ("Tersedianya", 100)),
        _line(46.0, ("5", 80), ("Sarana", 100), ("100", 200), ("%", 220), ("87,16", 280), ("%", 310)),
    ]
    assert header_count(lines) == 2
    # the header's own lines, a row's padding apart, stay header lines
    assert header_count([lines[0], lines[1], lines[4]]) == 2
    # a header cell's last line beside the first label line, in another column, stays header
    year = _line(26.0, ("2023", 420))
    assert header_count([lines[0], lines[1], year, _line(30.0, ("ditampilkan", 100)), lines[4]]) == 3
    # a cell of another column centred between the label's lines comes between them
    source = _line(31.0, ("Laporan", 480))
    assert header_count([*lines[:3], source, *lines[3:]]) == 2
    # a sasaran set at its row's bottom: its first two lines over the line of values, one of
    # them holding a header word ('Data')
    bottom = [
        *lines[:2],
        _line(26.0, ("Tersedianya", 40)),
        _line(36.0, ("Data", 40), ("dan", 65)),
        _line(46.0, ("5", 20), ("Informasi", 40), ("Persentase", 100), ("100", 200), ("%", 220), ("87,16", 280), ("%", 310)),
    ]
    assert header_count(bottom) == 2
    # a sasaran and a label wrapped side by side, their words naming columns ('Perencanaan',
    # 'Penganggaran'); the row's values centred below them
    side = [
        *lines[:2],
        _line(26.0, ("QGE.001", 100), ("Perencanaan", 140)),
        _line(36.0, ("Terlaksananya", 30), ("dan", 100), ("Penganggaran", 118)),
        _line(46.0, ("Perencanaan", 30), ("Pemilu;", 100)),
        _line(56.0, ("Program", 30), ("dan", 68), ("Penyelenggaraan", 100)),
        _line(66.0, ("8", 20), ("Anggaran,", 30), ("Pelatihan", 100), ("90", 200), ("%", 220), ("84", 280), ("%", 310)),
    ]
    assert header_count(side) == 2


def test_a_label_wrapped_a_point_into_the_gutter_is_no_band_but_a_band_under_a_label_is() -> None:
    # a monospaced label's wrapped line may run a point past the middle of the gutter; its first
    # word would not have fitted on the line above, as a band row's would
    from extractor.tables.stream import _band_candidates

    values = [("92,50", 330), ("87,00", 370), ("94,05", 410)]
    body = [
        [*_line(0, ("1", 93)), *_text(0, 110, "Persentase Penyusunan"), *_line(0, *values)],
        [*_line(12, ("2", 93)), *_text(12, 110, "Persentase KPU Kabupaten Empat Lawang"), *_line(12, *values)],
        _text(22, 110, "menyelenggarakan Pemilu/Pemilihan sesuai,"),
        _text(32, 110, "Aman dan Damai"),
        [*_line(44, ("3", 93)), *_text(44, 110, "Nilai Akuntabilitas Kinerja"), *_line(44, *values)],
        _text(54, 110, "Sasaran Strategis 2: Terwujudnya Sumber Daya Manusia"),
        [*_line(66, ("4", 93)), *_text(66, 110, "Nilai Keterbukaan Informasi"), *_line(66, *values)],
    ]
    settings = TableSettings()
    wide = _band_candidates(body, 340.0, settings)
    seps = gutters([ln for ln, w in zip(body, wide, strict=True) if not w], settings)
    assert _band_lines(body, wide, seps, 0.0, False) == [False, False, False, False, False, True, False]


def test_a_label_s_tail_at_the_top_of_a_page_without_a_header_opens_the_table() -> None:
    # the page starts with the last lines of the label the previous page began, a row's padding
    # above the next row's label; they are the table's first row, not a caption
    block = [
        _line(0.0, ("Pemilu/Pemilihan", 113), ("yang", 200), ("Aman", 225)),
        _line(10.0, ("Damai", 113)),
        _line(26.0, ("Persentase", 113), ("KPU", 170)),
        _line(36.0, ("11", 92), ("yang", 113), ("melaksanakan", 140), ("95.00", 300), ("79.89", 360), ("84.50", 420)),
        _line(46.0, ("Pemilu/Pemilihan", 113)),
        _line(62.0, ("12", 92), ("Persentase", 113), ("Dukungan", 170), ("92.50", 300), ("80.20", 360), ("100.00", 420)),
    ]
    assert table_spans(block, lone_top=250.0) == [(0, 5, False)]
    # not on a page's first lines: the lines above are no part of the table
    assert table_spans(block) == [(2, 5, False)]


def test_a_page_s_only_row_of_values_keeps_its_columns() -> None:
    # one row on the page: its wrapped sasaran and label make twenty lines, its values one; each
    # value is crossed by that one line alone, a cell of its own and no stray between gutters
    lines = [_text(12.0 * i, 137, "koordinasi penyelenggaraan") for i in range(12)]
    lines += [_text(12.0 * i + 6, 199, "Pemilu/Pemilihan sesuai") for i in range(8)]
    lines.append(_line(150.0, ("18", 119), ("75,00", 308), ("68,12", 367), ("83,20", 427), ("110,93", 476)))
    seps = gutters(lines, TableSettings())
    for a, b in ((320, 367), (392, 427), (452, 476)):
        assert any(a < s < b for s in seps), seps


def test_a_count_with_its_unit_is_a_value_in_a_column_of_values() -> None:
    # '11 laporan' in the column where other rows print 'BB' or '80' is that row's value, so it
    # starts a row of its own; '2 Persentase' in the label column (a number run into a label) is not
    from extractor.tables.stream import _value_columns

    grade = {1: _line(0, ("Nilai", 100)), 2: _line(0, ("BB", 300))}
    count = {1: _line(10, ("Jumlah", 100)), 2: _line(10, ("11", 300), ("laporan", 315))}
    glued = {1: _line(20, ("2", 100), ("Persentase", 110)), 2: _line(20, ("80", 300))}
    assert _value_columns([grade, count, glued]) == [frozenset({2}), frozenset({2}), frozenset({2})]


def test_a_totals_row_alone_with_a_label_line_still_shows_the_columns() -> None:
    # a table's last page: a label carried over and the total; without the total there is no row
    # of values left to show the columns, so the total's own gutters are used
    from extractor.tables.stream import _separators

    label = _text(10.0, 90.0, "Penyusunan Peraturan Pelaksanaan", 5.0)
    total = _line(22.0, ("Total", 155), ("5.265.393.000", 257), ("4.724.006.700", 338), ("96,06", 490))
    assert len(_separators([], [label, total], TableSettings(), False)) >= 3


def test_a_numbered_band_is_a_band_and_its_last_short_line_ends_it() -> None:
    # scan 13122 (a Word table packed without padding): 'Sasaran Strategis 2' (its colon lost)
    # wraps over lines to the table's edge and ends short; the label under it starts at the same
    # edge, at the same pitch, but would have fitted on the band's short last line
    from extractor.tables.stream import _band_candidates

    values = [("75", 380), ("77,05", 430), ("102,73%", 480)]
    band = [
        _text(12, 117, "Sasaran Strategis 2 Terwujudnya koordinasi penyelenggaraan kepemiluan yang"),
        _text(22, 117, "sesuai dengan Standar Pelayanan Publik, disertai pengelolaan data dan informasi"),
        _text(32, 117, "yang terintegrasi"),
    ]
    body = [
        [*_text(0, 117, "Jumlah Laporan Barang Milik"), *_line(0, *values)],
        *band,
        _text(42, 117, "Persentase Partisipasi Pemilih yang"),
        [*_text(52, 117, "Berhak Memilih Tetapi Tidak"), *_line(52, *values)],
        _text(62, 117, "dalam Daftar Pemilih Tetap"),
        [*_text(72, 117, "Persentase pemilih yang"), *_line(72, *values)],
    ]
    assert is_band_line(band[0], [300.0, 410.0], row_value, spacing=0.0)
    wide = _band_candidates(body, 420.0, TableSettings(), exact=False)
    assert wide[1:4] == [True, True, True]
    assert not wide[4]
