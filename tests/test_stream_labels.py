"""extractor.tables.stream: a row's label lines told from header lines and band rows by where
the row's values are (under the label, beside it, or in its ruled row)."""

from __future__ import annotations

from extractor.models import Method, Page, Segment, Table, TableRow, Word
from extractor.tables import TableSettings
from extractor.tables.stream import stream_tables
from extractor.tables.stream_lines import header_count
from extractor.tables.stream_spans import table_spans


def _line(top: float, *items: tuple[str, float], size: float = 9.0) -> list[Word]:
    width = 5.0 * size / 9.0
    return [
        Word(1, int(top), i, text, 100.0, x, top, x + width * len(text), top + size) for i, (text, x) in enumerate(items)
    ]


def _phrase(x: float, text: str) -> list[tuple[str, float]]:
    """Words set from ``x`` at a word space (5 pt per letter, 5 pt between words)."""
    items = []
    for word in text.split():
        items.append((word, x))
        x += 5.0 * len(word) + 5.0
    return items


def _spaced(x: float, text: str, gap: float) -> list[tuple[str, float]]:
    """Words set from ``x`` ``gap`` points apart (a justified line's stretched spaces)."""
    items = []
    for word in text.split():
        items.append((word, x))
        x += 5.0 * len(word) + gap
    return items


def _tables(lines: list[list[Word]], rules: tuple[float, ...] = ()) -> list[Table]:
    segments = tuple(Segment(30.0, y, 520.0, y) for y in rules)
    page = Page(3, 595.0, 842.0, tuple(w for ln in lines for w in ln), segments)
    return list(stream_tables(page, TableSettings(), (), Method.PDF_STREAM))


def _texts(row: TableRow) -> list[str]:
    return [c.text for c in row.cells]


def test_a_label_set_over_its_values_on_a_continuation_page_is_no_header() -> None:
    # the page starts inside a row whose values sit at its bottom: the label's lines hold header
    # words ('Anggaran', 'Tahun', 'Persentase') but nothing over the value columns
    lines = [
        _line(100.0, ("Terlaksananya", 60)),
        _line(110.0, ("Penyusunan", 60)),
        _line(120.0, ("Anggaran", 60), ("Tahun", 110), ("Persentase", 170), ("Penyusunan", 230)),
        _line(130.0, ("6", 40), ("2024", 60), ("Anggaran", 170), ("80", 340), ("84,84", 400), ("106,05", 460)),
        _line(145.0, ("7", 40), ("Tersedianya", 60), ("Jumlah", 170), ("Dokumen", 210), ("10", 340), ("11", 400), ("110", 460)),
        _line(160.0, ("8", 40), ("Terwujudnya", 60), ("Persentase", 170), ("Data", 230), ("100", 340), ("98", 400), ("98", 460)),
    ]
    tables = _tables(lines)
    assert len(tables) == 1 and tables[0].header_rows == 0
    first = _texts(tables[0].rows[0])
    assert first[0] == "6" and first[1] == "Terlaksananya Penyusunan Anggaran Tahun 2024"
    assert first[2:] == ["Persentase Penyusunan Anggaran", "80", "84,84", "106,05"]
    # a header over the same rows names the value columns and stays the header
    head = _line(118.0, ("No", 40), ("Sasaran", 60), ("Indikator", 170), ("Target", 340), ("Realisasi", 400), ("Capaian", 460))
    assert _tables([head, *lines[3:]])[0].header_rows == 1


def test_a_wrapped_label_in_a_table_ruled_under_every_row_is_no_band_row() -> None:
    # values at the row's bottom beside a label's last line; the label's first line runs wide
    # (past where the short labels end) but shares its ruled row with the values
    lines = [
        _line(100.0, ("SS1.", 40), ("Tersedianya", 65), ("Laporan", 125), ("evaluasi", 165), ("Pelaksanaan", 210), ("Logistik", 270)),
        _line(115.0, ("Jumlah", 40), ("Dokumen", 75), ("Laporan", 115), ("evaluasi", 155), ("Pemeliharaan", 200), ("dan", 265)),
        _line(125.0, ("Pengelolaan", 40), ("Logistik", 100), ("7", 320), ("9", 380), ("128,57", 440)),
        _line(140.0, ("Persentase", 40), ("Peserta", 95), ("Pemilu", 135), ("7", 320), ("9", 380), ("128,57", 440)),
        _line(155.0, ("Persentase", 40), ("Data", 95), ("Pemilih", 120), ("90,00", 320), ("94,00", 380), ("104,44", 440)),
    ]
    tables = _tables(lines, rules=(95.0, 112.0, 137.0, 152.0, 167.0))
    rows = [_texts(r) for r in tables[0].rows]
    assert ["Jumlah Dokumen Laporan evaluasi Pemeliharaan dan Pengelolaan Logistik", "7", "9", "128,57"] in rows
    assert len(rows) == 3  # the table starts at its first row of values, under the band row


def test_a_label_wrapped_around_values_centred_in_its_row_is_no_band_row() -> None:
    # two label lines, the values half a line down between them: the first line is as wide as
    # a band row but overlaps the values' line in height
    lines = [
        _line(100.0, *_phrase(60, "Persentase Opini BPK Atas Laporan Keuangan")),
        _line(105.0, ("1", 40), ("WTP", 320), ("WTP", 380), ("100", 440)),
        _line(110.0, *_phrase(60, "Provinsi Sumatera")),
        _line(125.0, ("2", 40), *_phrase(60, "Indeks Reformasi Birokrasi"), ("77", 320), ("74,17", 380), ("96,32", 440)),
        _line(140.0, ("3", 40), *_phrase(60, "Jumlah Laporan Barang"), ("9", 320), ("8", 380), ("88,89", 440)),
        _line(155.0, ("4", 40), *_phrase(60, "Persentase Penyusunan Anggaran"), ("9", 320), ("8", 380), ("88,89", 440)),
    ]
    rows = [_texts(r) for r in _tables(lines)[0].rows]
    assert rows[0] == ["1", "Persentase Opini BPK Atas Laporan Keuangan Provinsi Sumatera", "WTP", "WTP", "100"]
    assert len(rows) == 4


def test_prose_in_larger_type_after_a_small_table_is_not_its_last_row_s_text() -> None:
    small = 6.5
    block = [
        _line(100.0, ("No", 40), ("Program", 60), ("Pagu", 200), ("Realisasi", 280), size=small),
        _line(110.0, ("1", 40), ("Layanan", 60), ("1.000.000", 200), ("900.000", 280), size=small),
        _line(120.0, ("Perkantoran", 60), size=small),
        _line(130.0, ("TOTAL", 60), ("1.000.000", 200), ("900.000", 280), size=small),
        _line(145.0, ("Sisa", 60), ("anggaran", 90), ("merupakan", 140), ("hasil", 200), ("efisiensi", 240)),
    ]
    assert table_spans(block) == [(0, 3, True)]
    # the same line in the table's type is its last row's wrapped text
    assert table_spans([*block[:4], _line(140.0, ("Sisa", 60), ("anggaran", 90), size=small)]) == [(0, 4, True)]
    # OCR boxes are as tall as their glyphs: a wrapped line of tall words ('(Gaji', 'Tunjangan)')
    # is as tall as the table's own tall words, not larger type
    tall = 1.4 * small
    ocr_block = [*block[:3], [*block[3], *_line(130.0, ("(Pengelolaan)", 120), size=tall)]]
    assert table_spans([*ocr_block, _line(140.0, ("(Gaji", 60), ("Tunjangan)", 90), size=tall)]) == [(0, 4, True)]


def _ocr(top: float, *items: tuple[str, float, float]) -> list[Word]:
    """An OCR line: (text, x, confidence) per word."""
    return [Word(1, int(top), i, t, conf, x, top, x + 5.0 * len(t), top + 9.0) for i, (t, x, conf) in enumerate(items)]


def test_a_faint_digit_or_a_clipped_year_in_an_ocr_header_line_is_no_figure() -> None:

    body = [_ocr(60.0, ("1", 40, 96), ("Persentase", 60, 96), ("90,00", 320, 96), ("94,00", 380, 96), ("100,00", 440, 96))]
    year = _ocr(10.0, ("2024", 380, 94))
    # 'Indikator Kinerja' split over two OCR lines by a rule, '(%)' beside 'Capaian' read '7' at
    # confidence 9: a speck of the header, not a figure
    rest = _ocr(25.0, ("Kinerja", 110, 91), ("Target", 320, 96), ("Realisasi", 380, 90), ("Capaian", 440, 30))
    faint = _ocr(21.0, ("Indikator", 60, 93), ("Kin", 110, 91), ("7", 430, 9))
    assert header_count([year, faint, rest, *body]) == 3
    sure = _ocr(21.0, ("Indikator", 60, 93), ("Kin", 110, 91), ("7", 430, 90))
    assert header_count([year, sure, rest, *body]) == 1
    # '2023 | 24' under 'Realisasi': the rule through '2024' left its last two digits
    clipped = _ocr(34.0, ("2023", 370, 95), ("24", 440, 51))
    assert header_count([year, faint, rest, clipped, *body]) == 4
    assert header_count([year, faint, rest, _ocr(34.0, ("2023", 370, 95), ("75", 440, 51)), *body]) == 3


def test_a_header_ocr_broke_into_lines_of_a_word_or_two_still_heads_the_table() -> None:
    # a three-level header read line by line: no line names two columns, all are header words
    block = [
        _line(10.0, ("Pengukuran", 430), ("Kinerja", 490)),
        _line(20.0, ("Target", 365)),
        _line(30.0, ("Akhir", 368), ("Capaian", 436), ("Kinerja", 475), ("2021", 512)),
        _line(40.0, ("Indikator", 186), ("Kinerja", 235)),
        _line(50.0, ("Renstra", 364)),
        _line(60.0, ("%", 526)),
        _line(70.0, ("(2024)", 367), ("Target", 417), ("—", 449), ("Realisasi", 456), ("«", 503)),
        _line(80.0, ("Capaian", 518)),
        _line(91.0, ("QGE.001", 88), ("Pembentukan", 130), ("85,00", 368), ("75,00", 420), ("62,40", 470), ("83,20", 519)),
        _line(102.0, ("Jumlah", 88), ("Laporan", 125), ("3", 370), ("3", 421), ("3", 472), ("100,00", 517)),
    ]
    assert table_spans(block) == [(0, 9, True)]
    # a continued row's label lines above its values stay a headless table's first lines
    label = [_line(61.0 + 10.0 * k, (word, 88), ("Kantor", 150)) for k, word in enumerate(("Terlaksananya", "Pemeliharaan", "Gedung"))]
    assert table_spans([*label, *block[8:]]) == [(0, 4, False)]


def test_a_header_of_nine_lines_is_read_whole() -> None:
    # three levels, cells wrapped: 'Pengukuran Kinerja' / 'Target Renstra 2024' over three lines /
    # '2022' / 'Target | Realisasi | % Capaian', the last of them on a line of its own
    head = [
        _line(10.0, ("Pengukuran", 284), ("Kinerja", 330)),
        _line(18.0, ("Target", 217)),
        _line(26.0, ("Indikator", 153), ("2022", 311), ("Realisasi", 392)),
        _line(34.0, ("No", 78), ("Sasaran", 99), ("Renstra", 215), ("Sumber", 450), ("Ket.", 513)),
        _line(42.0, ("Kinerja", 145), ("Utama", 180), ("2021", 401)),
        _line(50.0, ("2024", 221)),
        _line(58.0, ("%", 364)),
        _line(66.0, ("Target", 264), ("Realisasi", 305)),
        _line(74.0, ("Capaian", 352)),
    ]
    body = [_line(90.0, ("1", 80), ("Terwujudnya", 93), ("Persentase", 139), ("100,00", 213), ("100,00", 260),
                  ("100,00", 307), ("100,00", 350), ("90,50", 396), ("Dokumen", 441), ("-", 519))]
    assert header_count([*head, *body]) == 9


def test_a_paragraph_in_larger_type_quoting_figures_ends_the_table_above_it() -> None:
    # 'Dari 17 indikator kinerja, sebanyak 9 indikator' under a table in 6.5 pt: its figures do not
    # make it the table's next row, its type does not fit the table; indented and justified, seven
    # words, it does not read as prose by its spacing
    small = 6.5
    block = [
        _line(100.0, ("15", 40), ("Nilai", 60), ("A", 200), ("BB", 250), ("80,00", 300), ("CC", 350), size=small),
        _line(110.0, ("16", 40), ("Opini", 60), ("WTP", 200), ("WTP", 250), ("100,00", 300), ("WTP", 350), size=small),
        _line(120.0, ("17", 40), ("Persentase", 60), ("100,00", 200), ("92,97", 250), ("92,97", 300), ("89,70", 350),
              size=small),
        _line(140.0, *_spaced(90, "Dari 17 indikator kinerja, sebanyak 9 indikator", 9.0)),
    ]
    assert table_spans(block) == [(0, 2, False)]
    # the same line in the table's type is a row of the table
    assert table_spans([*block[:3], _line(130.0, *_spaced(90, "Dari 17 indikator kinerja, sebanyak 9", 9.0), size=small)]) == [(0, 3, False)]


def test_two_monospaced_cells_a_space_apart_inside_a_row_are_no_band_row() -> None:
    # born-digital 13145 (Courier, a 4-point gutter): under its line of values a row's Sasaran,
    # broken mid-word, ends at the gutter and its IKU starts a space later; the lines read as one
    # phrase across the gutter, like a band, but they lie between the row's own wrapped lines
    lines = [
        _line(100.0, ("No", 40), ("Sasaran", 60), ("IKU", 130), ("Target", 300), ("Realisasi", 360), ("Capaian", 430)),
        _line(115.0, ("19", 40), *_phrase(130, "Persentase kesesuaian"), ("90,00", 300), ("82,00", 360), ("91,11", 430)),
        _line(125.0, *_phrase(130, "kompetensi pegawai")),
        _line(140.0, ("20", 40), ("Terwujudnya", 60), *_phrase(130, "BDB.001 Fasilitas"), ("90,00", 300), ("99,24", 360),
              ("110,27", 430)),
        _line(150.0, *_phrase(60, "Teknis Penye"), *_phrase(125, "Pengelolaan Desain")),
        _line(160.0, *_phrase(60, "lenggaraan P"), *_phrase(125, "Surat Suara,")),
        _line(170.0, ("han", 60), *_phrase(130, "Daerah Pemilihan")),
    ]
    (table,) = _tables(lines)
    rows = [_texts(r) for r in table.rows[table.header_rows :]]
    assert len(rows) == 2
    assert rows[1][2] == "BDB.001 Fasilitas Pengelolaan Desain Surat Suara, Daerah Pemilihan"
