"""Borderless tables across page breaks and around sparse columns, end to end on tiny PDFs."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractor.models import Word
from extractor.pipeline import extract
from extractor.tables import TableSettings
from extractor.tables.stream_gutters import drop_split_phrases, empty_columns_beyond, gutters

HEIGHT = A4[1]


def _draw(cv: Canvas, top: float, cells: tuple[tuple[str, float], ...]) -> None:
    for text, x in cells:
        cv.drawString(x, HEIGHT - top, text)


def _perf_row(cv: Canvas, top: float, number: str, sasaran: list[str], label: list[str], values: tuple[str, ...]) -> float:
    """One row, its values centred against a label of several lines; returns the next row's top."""
    lines = max(len(sasaran), len(label))
    middle = top + 11 * ((lines - 1) // 2)
    for k in range(lines):
        y = top + 11 * k
        cells = []
        if k < len(sasaran):
            cells.append((sasaran[k], 90.0))
        if k < len(label):
            cells.append((label[k], 220.0))
        _draw(cv, y, tuple(cells))
    _draw(cv, middle, tuple(zip((number, *values), (72.0, 380.0, 440.0, 500.0), strict=True)))
    return top + 11 * lines + 8


def _last_row_label_under_its_values_pdf(path: Path) -> None:
    """Page 1 ends with a row whose label runs two lines below its centred values, and those
    lines hold header words ('Anggaran Tahun' / '2024'); page 2 goes on without a header."""
    cv = Canvas(str(path), pagesize=A4)
    cv.setFont("Helvetica-Bold", 9)
    cv.drawString(150, HEIGHT - 660, "Tabel 3.1 Capaian Indikator Kinerja Tahun 2022")
    _draw(cv, 680, (("No", 72), ("Sasaran", 90), ("Indikator Kinerja", 220), ("Target", 380), ("Realisasi", 440), ("Capaian", 500)))
    cv.setFont("Helvetica", 9)
    top = _perf_row(cv, 698, "1", ["Tersedianya Dokumen", "Pemutakhiran Data"], ["Persentase Pemutakhiran", "Data Pemilih"], ("90", "75,98", "84,42"))
    _perf_row(cv, top, "2", ["Terlaksananya", "Penyusunan", "Anggaran Tahun", "2024"], ["Persentase", "Penyusunan", "Anggaran"], ("100", "91", "91"))
    cv.drawString(297, HEIGHT - 815, "1")
    cv.showPage()
    cv.setFont("Helvetica", 9)
    top = _perf_row(cv, 72, "3", ["Terwujudnya Tahapan", "Pemilu"], ["Persentase keberhasilan", "penyelenggaraan Pemilu"], ("100", "85", "85"))
    _perf_row(cv, top, "4", ["Meningkatnya", "Akuntabilitas"], ["Nilai Evaluasi Reformasi", "Birokrasi"], ("60", "62,5", "104,17"))
    cv.save()


def test_a_last_rows_label_under_its_values_is_no_stranded_header(tmp_path: Path) -> None:
    pdf = tmp_path / "tail.pdf"
    _last_row_label_under_its_values_pdf(pdf)
    got = {i.label: (i.target.value, i.realisasi.value) for i in extract(pdf).indicators}  # type: ignore[union-attr]
    assert got == {
        "Persentase Pemutakhiran Data Pemilih": (90, 75.98),
        "Persentase Penyusunan Anggaran": (100, 91),
        "Persentase keberhasilan penyelenggaraan Pemilu": (100, 85),
        "Nilai Evaluasi Reformasi Birokrasi": (60, 62.5),
    }


def _words(top: float, *items: tuple[str, float]) -> list[Word]:
    return [Word(1, int(top), i, t, 100.0, x, top, x + 5.0 * len(t), top + 11.0) for i, (t, x) in enumerate(items)]


def test_a_currency_sign_after_a_figure_starts_the_next_column_among_many_label_lines() -> None:
    # 'Rp 124.134.000 Rp 123.427.498': the amount ends 6 pt (word spacing) before the next
    # column's 'Rp' in every line with values; wrapped labels fill four lines of five, so the
    # lines touching the boundary are too few for it to count as a column edge by their number
    lines = []
    for row in range(3):
        for k in range(5):
            top = 100.0 + 60 * row + 12 * k
            label = _words(top, ("Operasional", 110.0), ("Perkantoran", 170.0))
            if k == 2:
                label += _words(top, ("Rp", 246.0), ("124.134.000", 300.0), ("Rp", 361.0), ("123.427.498", 415.0), ("99,43", 487.0))
            lines.append(label)
    kept = drop_split_phrases(gutters(lines, TableSettings()), lines)
    assert any(355 < s < 361 for s in kept)


def _budget_line(cv: Canvas, top: float, cells: tuple[str, ...], xs: tuple[float, ...]) -> None:
    _draw(cv, top, tuple(zip(cells, xs, strict=True)))


_XS = (60.0, 75.0, 190.0, 255.0, 320.0, 385.0, 425.0)


def _empty_last_column_pdf(path: Path) -> None:
    """A budget table whose Keterangan column is empty on page 1 and filled on page 2."""
    cv = Canvas(str(path), pagesize=A4)
    cv.setFont("Helvetica-Bold", 9)
    cv.drawString(150, HEIGHT - 80, "Tabel 3.4 Realisasi Anggaran per Kegiatan TA 2021")
    cv.setFont("Helvetica-Bold", 8)
    _draw(cv, 100, (("No", 60), ("Uraian", 75), ("Realisasi 2020", 190), ("Pagu (Rp)", 255), ("Realisasi", 320), ("Persentase", 385), ("Sisa (Rp)", 425), ("Keterangan", 495)))
    cv.setFont("Helvetica", 8)
    rows = [
        ("1", "Dukungan Operasional", "1.756.689.300", "2.492.547.000", "1.797.969.237", "72,13", "694.577.763"),
        ("2", "Pendaftaran Partai Politik", "851.999.800", "1.443.826.000", "881.937.052", "61,08", "561.888.948"),
        ("3", "Penetapan Hasil Pemilu", "325.625.700", "409.331.000", "391.222.000", "95,58", "18.109.000"),
    ]
    for i, row in enumerate(rows):
        _budget_line(cv, 118 + 14 * i, row, _XS)
    cv.showPage()
    cv.setFont("Helvetica", 8)
    more = [
        ("4", "Pengelolaan Logistik", "2.369.600", "4.576.000", "4.132.000", "90,30", "444.000"),
        ("5", "Penyusunan Daftar Pemilih", "88.445.600", "85.887.000", "83.642.199", "97,39", "2.244.801"),
        ("6", "Sosialisasi Pemilu", "20.572.900", "27.254.000", "26.364.000", "96,73", "890.000"),
    ]
    for i, row in enumerate(more):
        _budget_line(cv, 72 + 14 * i, row, _XS)
    cv.drawString(495, HEIGHT - 72, "Blokir")
    cv.save()


def test_a_header_label_beyond_the_rows_heads_a_column_of_its_own(tmp_path: Path) -> None:
    pdf = tmp_path / "sparse.pdf"
    _empty_last_column_pdf(pdf)
    got = {b.name: (b.pagu.value, b.realisasi.value) for b in extract(pdf).budget if b.year == 2021}  # type: ignore[union-attr]
    assert got["Pengelolaan Logistik"] == (4576000, 4132000)
    assert got["Sosialisasi Pemilu"] == (27254000, 26364000)
    assert len(got) == 6


def test_a_header_label_overlapping_the_last_column_adds_no_gutter() -> None:
    head = [_words(80.0, ("Sisa", 450.0), ("Anggaran", 472.0))]
    body = [_words(100.0 + 12 * i, ("Label", 90.0), ("694.577.763", 450.0)) for i in range(4)]
    assert empty_columns_beyond(head, body, [200.0], TableSettings()) == [200.0]
    head.append(_words(92.0, ("Keterangan", 530.0)))
    assert empty_columns_beyond(head, body, [200.0], TableSettings()) == [200.0, 517.5]



def test_a_header_line_anchored_on_a_two_line_cells_top_line_keeps_its_words() -> None:
    # 'Penyerapan' / '(%)' is centred on a one-line header row; a monospaced text layer boxes
    # words with a descender ('Belanja', 'Anggaran') a little lower than the rest
    from extractor.tables.stream_lines import group_lines

    def word(text: str, x: float, top: float, bottom: float) -> Word:
        return Word(1, 0, 0, text, 100.0, x, top, x + 6.0 * len(text), bottom)

    words = [
        word("Akun/Jenis", 141.8, 102.64, 108.88),
        word("Belanja", 197.9, 102.64, 110.56),
        word("Anggaran", 321.3, 103.2, 110.59),
        word("Realisasi", 421.7, 102.64, 108.88),
        word("Penyerapan", 500.3, 98.4, 105.76),
        word("(%)", 518.2, 107.54, 115.46),
    ]
    lines = [[w.text for w in ln] for ln in group_lines(words)]
    assert [t for t in lines[0] if t != "Penyerapan"] == ["Akun/Jenis", "Belanja", "Anggaran", "Realisasi"]
    assert lines[-1] == ["(%)"]


def test_a_gutter_after_the_same_first_word_of_every_label_is_dropped() -> None:
    # monospaced labels that all begin 'Persentase ': the space after it lines up in every row
    # and reads as a gutter, but word meets word across it at word spacing in each
    def mono(top: float, *items: tuple[str, float]) -> list[Word]:
        return [Word(1, int(top), i, t, 100.0, x, top, x + 6.6 * len(t), top + 11.6) for i, (t, x) in enumerate(items)]

    seconds = ("KPU", "Sengketa", "sengketa", "keberhasilan", "Rancangan", "Opini")
    lines = [mono(20.0 * i, ("Persentase", 72.0), (w, 144.6), ("90%", 380.0), ("74,5%", 440.0)) for i, w in enumerate(seconds)]
    kept = drop_split_phrases(gutters(lines, TableSettings()), lines)
    assert not any(138 < s < 145 for s in kept)
    assert any(300 < s < 380 for s in kept)


def _phrase(top: float, x: float, text: str) -> list[Word]:
    """Words of ``text`` from ``x`` on at a 3 pt word spacing."""
    items = []
    for part in text.split():
        items.append((part, x))
        x += 5.0 * len(part) + 3.0
    return _words(top, *items)


def test_an_indicator_column_beside_a_merged_sasaran_holds_no_band_lines() -> None:
    # values centred on a long indicator label sit on a line whose only text is the Sasaran's:
    # the value lines leave the indicator column white, but its lines start in that column
    from extractor.tables.stream import _band_candidates

    values = (("100", 330.0), ("90", 400.0), ("86", 460.0))
    body = []
    for row in range(2):
        top = 100.0 + 90 * row
        body.append(_phrase(top, 200.0, "Persentase keberhasilan"))
        body.append(_phrase(top + 6, 105.0, "Terwujudnya"))
        body.append(_phrase(top + 12, 200.0, "Pemilu/Pemilihan secara tepat"))
        body.append([*_words(top + 18, (str(row + 1), 80.0)), *_phrase(top + 18, 105.0, "dalam"), *_words(top + 18, *values)])
        body.append(_phrase(top + 24, 200.0, "jumlah, tepat jenis, tepat mutu"))
        body.append(_phrase(top + 30, 105.0, "Penyelenggaraan"))
    assert not any(_band_candidates(body, 400.0, TableSettings()))
    band = _phrase(60.0, 80.0, "Sasaran Strategis 1: Terwujudnya Dukungan Logistik")
    assert _band_candidates([band, *body], 400.0, TableSettings())[0]


def test_the_last_line_of_a_band_above_a_continuation_is_no_label_line() -> None:
    # 'Mewujudkan Komisi ... dan' / 'Berintegritas' over row 8 on a page with no header: the
    # short line ends the band's paragraph, it does not start row 8's label
    from extractor.tables.stream_spans import table_spans

    block = [
        _phrase(100.0, 72.0, "Mewujudkan Komisi Pemilihan Umum Yang Mandiri, Professional dan"),
        _phrase(111.5, 72.0, "Berintegritas"),
        [*_words(123.0, ("8", 74.0)), *_phrase(123.0, 84.0, "Indeks Reformasi"), *_words(123.0, ("83", 250.0), ("79", 300.0), ("67,6", 350.0))],
        _phrase(134.5, 84.0, "Birokrasi"),
        [*_words(150.0, ("9", 74.0)), *_phrase(150.0, 84.0, "Persentase Data"), *_words(150.0, ("95", 250.0), ("85", 300.0), ("95", 350.0))],
    ]
    assert table_spans(block) == [(2, 4, False)]


def test_band_rows_the_page_breaks_part_from_their_rows_stay_in_the_table() -> None:
    # a continuation at the top of a page opens with the band of its first row; the page ends
    # with the band of rows the next page holds: both start where the table's inner band does
    from extractor.tables.stream_spans import table_spans

    def row(top: float, number: str, label: str, values: tuple[str, str, str]) -> list[Word]:
        return [*_words(top, (number, 74.0)), *_phrase(top, 84.0, label), *_words(top, *zip(values, (300.0, 350.0, 400.0), strict=True))]

    block = [
        _phrase(72.0, 72.0, "SS8. Terwujudnya Sistem Informasi mengenai Partai Politik yang Andal"),
        row(86.0, "9", "Persentase informasi", ("90", "80", "77,3")),
        _phrase(97.0, 84.0, "mengenai Partai"),
        _phrase(112.0, 72.0, "SS9. Terwujudnya Dukungan Logistik dalam Penyelenggaraan Pemilu"),
        row(126.0, "10", "Persentase logistik", ("95", "85", "95")),
        row(140.0, "11", "Persentase pemilih", ("95", "91", "96")),
        _phrase(155.0, 72.0, "SS10. Terlaksananya Pengelolaan Keuangan dan Barang Milik Negara"),
    ]
    assert table_spans(block, lone_top=250.0) == [(0, 6, False)]


def _carried_label_pdf(path: Path) -> None:
    """Rows print their values on their first line; the last row of page 1 wraps its label onto
    page 2, under the repeated header, above row 3."""
    cv = Canvas(str(path), pagesize=A4)
    header = (("No", 72), ("Indikator Kinerja", 100), ("Target", 330), ("Realisasi", 400), ("Capaian", 470))

    def row(top: float, number: str, label: list[str], values: tuple[str, str, str]) -> float:
        _draw(cv, top, tuple(zip((number, label[0], *values), (72.0, 100.0, 335.0, 405.0, 475.0), strict=True)))
        for k, text in enumerate(label[1:], start=1):
            _draw(cv, top + 11 * k, ((text, 100.0),))
        return top + 11 * len(label)  # rows as tight as a cell's lines (no cell padding)

    cv.setFont("Helvetica-Bold", 9)
    cv.drawString(150, HEIGHT - 620, "Tabel 3.1 Capaian Indikator Kinerja Tahun 2024")
    _draw(cv, 640, header)
    cv.setFont("Helvetica", 9)
    top = row(658, "1", ["Persentase partisipasi", "pemilih dalam", "Pemilu"], ("80", "82", "102,5"))
    row(top, "2", ["Persentase sengketa", "hukum yang"], ("95", "91,2", "96"))
    cv.showPage()
    cv.setFont("Helvetica-Bold", 9)
    _draw(cv, 72, header)
    cv.setFont("Helvetica", 9)
    _draw(cv, 90, (("dimenangkan KPU", 100.0),))
    top = row(101, "3", ["Nilai evaluasi", "akuntabilitas", "kinerja"], ("70", "72,5", "103,57"))
    row(top, "4", ["Indeks kepuasan", "layanan publik", "KPU"], ("3,5", "3,2", "91,43"))
    cv.save()


_CARRIED = {
    "Persentase partisipasi pemilih dalam Pemilu": (80, 82),
    "Persentase sengketa hukum yang dimenangkan KPU": (95, 91.2),
    "Nilai evaluasi akuntabilitas kinerja": (70, 72.5),
    "Indeks kepuasan layanan publik KPU": (3.5, 3.2),
}


def _carried(pdf: Path) -> dict[str, tuple[object, object]]:
    return {i.label: (i.target.value, i.realisasi.value) for i in extract(pdf).indicators}  # type: ignore[union-attr]


def test_a_label_carried_over_the_page_break_ends_the_row_it_began_in(tmp_path: Path) -> None:
    pdf = tmp_path / "carried.pdf"
    _carried_label_pdf(pdf)
    assert _carried(pdf) == _CARRIED


def _carried_centred_label_pdf(path: Path) -> None:
    """Rows centre their values against their labels, 1.5 pt of padding apart; the last row of
    page 1 carries its label's last line onto page 2, above row 3, a little farther from row 3's
    first line than a cell's lines are from each other."""
    cv = Canvas(str(path), pagesize=A4)
    header = (("No", 72), ("Indikator Kinerja", 100), ("Target", 330), ("Realisasi", 400), ("Capaian", 470))

    def row(top: float, number: str, label: list[str], values: tuple[str, str, str]) -> float:
        middle = top + 11 * ((len(label) - 1) // 2)
        _draw(cv, middle, tuple(zip((number, *values), (72.0, 335.0, 405.0, 475.0), strict=True)))
        for k, text in enumerate(label):
            _draw(cv, top + 11 * k, ((text, 100.0),))
        return top + 11 * len(label) + 1.5

    cv.setFont("Helvetica-Bold", 9)
    cv.drawString(150, HEIGHT - 620, "Tabel 3.1 Capaian Indikator Kinerja Tahun 2024")
    _draw(cv, 640, header)
    cv.setFont("Helvetica", 9)
    top = row(658, "1", ["Persentase partisipasi", "pemilih dalam", "Pemilu"], ("80", "82", "102,5"))
    _draw(cv, top, (("Persentase sengketa", 100.0),))
    _draw(cv, top + 11, tuple(zip(("2", "hukum yang", "95", "91,2", "96"), (72.0, 100.0, 335.0, 405.0, 475.0), strict=True)))
    cv.showPage()
    cv.setFont("Helvetica-Bold", 9)
    _draw(cv, 72, header)
    cv.setFont("Helvetica", 9)
    _draw(cv, 90, (("dimenangkan KPU", 100.0),))
    top = row(102.5, "3", ["Nilai evaluasi", "akuntabilitas", "kinerja"], ("70", "72,5", "103,57"))
    row(top, "4", ["Indeks kepuasan", "layanan publik", "KPU"], ("3,5", "3,2", "91,43"))
    cv.save()


def test_a_label_carried_over_the_page_break_ends_its_row_whatever_the_alignment(tmp_path: Path) -> None:
    pdf = tmp_path / "carried_centred.pdf"
    _carried_centred_label_pdf(pdf)
    assert _carried(pdf) == _CARRIED


def test_a_count_and_its_unit_in_a_column_of_values_stay_one_cell() -> None:
    # monospaced, centred: '14 Dokumen' and '11 Laporan' leave white space between figure and
    # unit that no other line crosses, while the other rows hold '90%' right of it
    def mono(top: float, *items: tuple[str, float]) -> list[Word]:
        return [Word(1, int(top), i, t, 100.0, x, top, x + 6.6 * len(t), top + 11.6) for i, (t, x) in enumerate(items)]

    lines = [mono(20.0 * i, ("Persentase", 72.0), ("90%", 369.0), ("78,8%", 430.0)) for i in range(4)]
    lines += [mono(100.0, ("Jumlah", 72.0), ("14", 340.0), ("Dokumen", 359.8), ("14", 430.0))]
    lines += [mono(120.0, ("Jumlah", 72.0), ("11", 340.0), ("Laporan", 359.8), ("11", 430.0))]
    kept = drop_split_phrases(gutters(lines, TableSettings()), lines)
    assert not any(353 < s < 360 for s in kept)
    # a No column beside wrapped labels stays a column however close: its other side holds text
    numbered = [mono(20.0 * i, (str(i + 1), 72.0), ("Persentase", 85.2), ("90%", 369.0)) for i in range(4)]
    numbered += [mono(20.0 * i + 10, ("partisipasi", 85.2)) for i in range(4)]
    numbered.sort(key=lambda ln: ln[0].top)
    kept = drop_split_phrases(gutters(numbered, TableSettings()), numbered)
    assert any(78 < s < 85.2 for s in kept)


def test_a_band_over_a_row_of_one_opinion_and_empty_marks_stays_in_the_table() -> None:
    # 'Meningkatnya Akuntabilitas ...' (set as wide as prose) over 'Persentase Opini BPK | WTP | - | -'
    from extractor.tables.stream_spans import table_spans

    def row(top: float, label: str, *values: str) -> list[Word]:
        return [*_phrase(top, 72.0, label), *_words(top, *zip(values, (340.0, 400.0, 460.0), strict=True))]

    block = [
        row(100.0, "Jumlah Dokumen Perencanaan", "14", "14", "100%"),
        row(114.0, "Jumlah Laporan Barang", "11", "11", "100%"),
        _phrase(128.0, 72.0, "Meningkatnya Akuntabilitas Keuangan dan Kinerja KPU Kabupaten Kerinci"),
        row(142.0, "Persentase Opini BPK", "WTP", "-", "-"),
        _phrase(170.0, 72.0, "Dari 21 indikator kinerja, sebanyak 5 indikator mencapai atau melampaui target"),
    ]
    assert table_spans(block) == [(0, 3, False)]


def test_a_label_a_row_below_a_band_and_starting_where_it_starts_is_no_band_line() -> None:
    # a flat table with no No column: band rows and labels both start at the table's left edge;
    # the band's wrapped line sits at its text's pitch, the next row's label a row gap below
    from extractor.tables.stream import _band_candidates

    def row(top: float, label: str, *values: str) -> list[Word]:
        return [*_phrase(top, 72.0, label), *_words(top, *zip(values, (300.0, 360.0, 420.0), strict=True))]

    body = [
        _phrase(100.0, 72.0, "Terlaksananya penetapan Keputusan KPU sesuai dengan ketentuan peraturan"),
        _phrase(111.5, 72.0, "serta pendokumentasian informasi hukum"),
        _phrase(128.0, 72.0, "Jumlah Laporan Barang"),
        row(134.0, "", "10", "10", "100%"),
        _phrase(140.0, 72.0, "Milik Negara"),
        row(160.0, "Persentase Rancangan", "90", "87", "96,67%"),
    ]
    body[3] = [w for w in body[3] if w.text]
    assert _band_candidates(body, 400.0, TableSettings())[:3] == [True, True, False]


def test_a_header_ocr_broke_into_short_lines_over_a_band_row_heads_the_table() -> None:
    # a three-level header read a word or two per line ('Capaian Kinerja Organisasi' / 'Tahun
    # 2024' / 'Indikator Kinerja ... Kategori' / 'Target lisasi' / 'Capaian'), then the first
    # goal's band row, then the rows: the band does not part the header from its table
    from extractor.tables.stream_spans import table_spans

    def row(top: float, label: str, *values: str) -> list[Word]:
        return [*_phrase(top, 72.0, label), *_words(top, *zip(values, (250.0, 320.0, 400.0), strict=True))]

    block = [
        _phrase(60.0, 260.0, "Capaian Kinerja Organisasi"),
        _phrase(72.0, 300.0, "Tahun 2024"),
        [*_phrase(80.0, 100.0, "Indikator Kinerja"), *_words(80.0, ("Kategori", 460.0))],
        [*_words(90.0, ("Target", 250.0), ("lisasi", 330.0))],
        _words(100.0, ("Capaian", 400.0)),
        _phrase(114.0, 72.0, "SS1. Terlaksananya Laporan Sistem Akuntansi dan Pelaporan Keuangan"),
        row(128.0, "Jumlah Laporan Sistem Akuntansi", "20", "20", "100"),
        _phrase(139.5, 72.0, "dan Pelaporan Keuangan"),
        row(154.0, "Persentase penyampaian Laporan", "75", "75", "100"),
    ]
    assert table_spans(block) == [(0, 8, True)]


def test_a_header_repeated_over_a_carried_label_heads_the_continuation() -> None:
    # a scan's repeated header in six short lines, then the last two lines of a label the
    # previous page began, then rows (word boxes as OCR gave them): headed, from its first line
    from extractor.tables.stream_spans import table_spans

    def line(*items: tuple[str, float, float]) -> list[Word]:
        return [Word(1, int(top), i, t, 95.0, x, top, x + 5.0 * len(t), top + 9.0) for i, (t, x, top) in enumerate(items)]

    block = [
        line(("Capaian", 292.0, 75.0), ("Kinerja", 332.0, 75.0), ("Organisasi", 370.0, 75.0)),
        line(("Tahun", 328.0, 89.0), ("2023", 361.0, 89.0)),
        line(("Indikator", 124.0, 95.0), ("Kinerja", 169.0, 95.0), ("Kategori", 484.0, 95.0)),
        line(("Persentas", 407.0, 104.0)),
        line(("Target", 265.0, 110.0), ("lisasi", 355.0, 109.0)),
        line(("Capaian", 412.0, 116.0)),
        _phrase(130.0, 89.0, "Pemilu/Pemilihan sesuai dengan"),
        _phrase(142.0, 88.0, "jadwal dan ketentuan yang berlaku"),
        [*_phrase(157.0, 89.0, "Persentase pemilih yang berhak"), *_words(157.0, ("92.5", 272.0), ("85", 351.0), ("91.89", 419.0))],
        _phrase(169.0, 89.0, "memilih tetapi tidak masuk dalam"),
        [*_phrase(196.0, 89.0, "Persentase Partisipasi Pemilih yang"), *_words(196.0, ("90", 275.0), ("93", 351.0), ("103.33", 417.0))],
    ]
    assert table_spans(block) == [(0, 10, True)]


def test_a_note_under_the_total_ends_the_table_however_widely_spaced() -> None:
    # 'Sisa anggaran merupakan hasil efisiensi ...' under the Total row, its first line justified
    # so wide it reads as no prose: its words stand under the columns of figures, two under one,
    # so it is no wrapped text of the last row, whose wrapped label and unit stay in the table
    from extractor.tables.stream_spans import table_spans

    def row(top: float, number: str, label: str, *values: str) -> list[Word]:
        return [*_words(top, (number, 74.0)), *_phrase(top, 90.0, label), *_words(top, *zip(values, (220.0, 320.0, 420.0), strict=True))]

    note = _words(190.0, ("Sisa", 90.0), ("anggaran", 135.0), ("merupakan", 200.0), ("hasil", 253.0), ("efisiensi", 322.0), ("kegiatan", 380.0), ("pengadaan", 440.0))
    head = [*_words(60.0, ("No", 74.0), ("Uraian", 90.0), ("Pagu", 230.0), ("Realisasi", 320.0), ("%", 430.0))]
    body = [
        row(80.0, "1", "Program Dukungan", "485.321.000", "480.075.979", "98,92"),
        _phrase(91.0, 90.0, "Manajemen"),
        row(110.0, "2", "Layanan Perkantoran", "485.321.000", "480.075.979", "98,92"),
        [*_phrase(121.0, 90.0, "Keuangan dan"), *_words(121.0, ("Laporan", 320.0))],
    ]
    block = [head, *body, note, _phrase(202.0, 74.0, "dan sisa kontrak pengadaan barang dan jasa.")]
    assert table_spans(block) == [(0, 4, True)]
    assert table_spans([head, *body]) == [(0, 4, True)]


def test_a_row_of_verdicts_at_a_page_top_opens_the_continued_table() -> None:
    # a continuation's first row holds 'WTP | WTP | WTP | 100 %' under its label's first lines (values
    # set at the row's foot): a row of values, so the table starts with its label, not a row later
    from extractor.tables.stream_spans import table_spans

    def row(top: float, label: str, *values: str) -> list[Word]:
        return [*_phrase(top, 84.0, label), *_words(top, *zip(values, (250.0, 300.0, 350.0, 400.0), strict=True))]

    block = [
        _phrase(72.0, 84.0, "Persentase Opini BPK"),
        _phrase(83.0, 84.0, "Atas Laporan Keuangan"),
        row(94.0, "KPU Kabupaten Lahat", "WTP", "WTP", "WTP", "100%"),
        row(112.0, "Nilai Reformasi Birokrasi", "88", "80", "69,88", "87,35%"),
    ]
    assert table_spans(block, lone_top=250.0)[0][0] == 0


def test_a_header_a_cells_padding_above_a_band_whose_last_line_is_short_heads_the_table() -> None:
    # held-out 13019: a five-line header, a cell's padding, then the first goal's band of three
    # full lines and a short one ('terintegrasi'), then rows whose values sit at the foot of a
    # label of six lines: the first values come too far below the band to show it a band row
    from extractor.tables.stream_spans import table_spans

    def row(top: float, number: str, label: str, *values: str) -> list[Word]:
        return [*_words(top, (number, 60.0)), *_phrase(top, 84.0, label), *_words(top, *zip(values, (250.0, 300.0, 350.0, 420.0), strict=True))]

    head = [
        _words(60.0, ("Target", 250.0)),
        _words(66.0, ("Indikator", 84.0), ("Kinerja", 134.0), ("Target", 300.0), ("Realisasi", 350.0), ("Capaian", 420.0)),
        _words(72.0, ("No", 60.0), ("2024", 250.0), ("Predikat", 480.0)),
        _words(78.0, ("Sasaran", 84.0), ("PK", 300.0), ("2021", 350.0), ("(%)", 420.0)),
        _words(84.0, ("(Renstra)", 250.0)),
    ]
    band = [
        _phrase(106.0, 60.0, "Terwujudnya koordinasi penyelenggaraan kepemiluan yang sesuai dengan Standar"),
        _phrase(117.0, 60.0, "Pelayanan Publik, disertai pengelolaan data dan informasi serta dokumentasi"),
        _phrase(128.0, 60.0, "pelaksanaan Pemilu berbasis teknologi informasi yang tersedia dan"),
        _phrase(139.0, 60.0, "terintegrasi"),
    ]
    body = [
        _phrase(158.0, 84.0, "Persentase"),
        _phrase(169.0, 84.0, "Partisipasi Pemilih"),
        _phrase(180.0, 84.0, "yang Berhak Memilih"),
        _phrase(191.0, 84.0, "Tetapi Tidak Masuk"),
        _phrase(202.0, 84.0, "dalam Daftar"),
        row(213.0, "1", "Pemilih Tetap", "100,00", "100,00", "94,00", "94,00"),
        _phrase(232.0, 84.0, "Persentase pemilih"),
        row(243.0, "2", "dalam Daftar", "80,00", "70,00", "63,60", "90,86"),
    ]
    block = [*head, *band, *body]
    assert table_spans(block) == [(0, len(block) - 1, True)]


def test_on_a_scan_a_header_word_beyond_the_rows_heads_an_empty_column_and_a_speck_does_not() -> None:
    # scan 13125: the Keterangan column holds '-' marks OCR did not read (or read as dashes)
    head = [_words(80.0, ("Realisasi", 417.0), ("Keterangan", 463.0))]
    body = [_words(100.0 + 12 * i, ("Label", 90.0), ("102,69", 418.0), ("-", 480.0)) for i in range(4)]
    assert empty_columns_beyond(head, body, [200.0], TableSettings(), ocr=True) == [200.0, 455.5]
    # a text layer's '-' is a cell's mark: the column is not empty, its gutter comes from the body
    assert empty_columns_beyond(head, body, [200.0], TableSettings()) == [200.0]
    speck = [_words(80.0, ("Realisasi", 417.0), ("iwe", 470.0))]
    assert empty_columns_beyond(speck, body, [200.0], TableSettings(), ocr=True) == [200.0]
