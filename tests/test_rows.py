from __future__ import annotations

from dataclasses import replace

from extractor.header import Role, header_role
from extractor.models import Method, Table
from extractor.roles import caption_year, detect_roles
from extractor.rows import semantic_rows, split_code
from extractor.stitch import assign_roles
from tests.table_builders import text_table as _table


def test_header_roles_tolerate_ocr_damage() -> None:
    assert header_role("Realisas1") == Role.REALISASI
    assert header_role("Targel") == Role.TARGET
    assert header_role("INDIKATOR KINERJA") == Role.INDICATOR
    assert header_role("Realisasi (Rp)") == Role.REAL_RP
    assert header_role("Persen tase (%)") == Role.PERSEN
    assert header_role("No.") == Role.NO
    assert header_role("Keterangan") == Role.KET
    # a garbled value word before an exact one names the column; '%' read as '96' is still '%'
    assert header_role("Realicaci Anggaran") == Role.REALISASI
    assert header_role("Tahun Realisasi") == Role.REALISASI
    assert header_role("96 Realisasi") == Role.PERSEN


def test_performance_table_roles_and_numbering_row() -> None:
    t = _table(
        [
            ["No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            ["1.", "Terwujudnya X", "Persentase A", "90%", "85%", "94,44%"],
        ]
    )
    roles = detect_roles(t, 2024)
    assert roles is not None and roles.kind == "performance" and roles.header_rows == 2
    assert roles.roles == (Role.NO, Role.SASARAN, Role.INDICATOR, Role.TARGET, Role.REALISASI, Role.CAPAIAN)


def test_rupiah_values_under_target_headers_make_a_budget_table() -> None:
    t = _table(
        [
            ["Program", "Target", "Realisasi", "Capaian"],
            ["Program Dukungan Manajemen", "3.045.667.000", "3.037.102.322", "99,72%"],
            ["Program Penyelenggaraan Pemilu", "48.366.764.000", "44.420.740.116", "92,31%"],
        ]
    )
    roles = detect_roles(t, 2024)
    assert roles is not None and roles.kind == "budget"
    assert roles.roles == (Role.NAME, Role.PAGU, Role.REAL_RP, Role.PERSEN)


def test_mixed_indicator_budget_table() -> None:
    t = _table(
        [
            ["Indikator Kinerja", "Target", "Realisasi", "%", "Pagu", "Realisasi", "%"],
            ["Persentase A", "90", "90", "100", "33.801.000", "33.775.000", "99,92"],
        ]
    )
    roles = detect_roles(t, 2024)
    assert roles is not None and roles.kind == "mixed"
    assert roles.roles == (
        Role.INDICATOR,
        Role.TARGET,
        Role.REALISASI,
        Role.CAPAIAN,
        Role.PAGU,
        Role.REAL_RP,
        Role.PERSEN,
    )
    rows = semantic_rows(assign_roles([t], 2024)[0], 2024)
    assert [r.kind for r in rows] == ["performance", "budget"]


def test_report_year_column_chosen_in_multi_year_table() -> None:
    t = _table(
        [
            ["Indikator Kinerja", "Target 2024", "Realisasi 2023", "Realisasi 2024"],
            ["Persentase A", "90", "80", "85"],
        ]
    )
    roles = detect_roles(t, 2024)
    assert roles is not None
    assert roles.roles == (Role.INDICATOR, Role.TARGET, Role.OTHER_YEAR, Role.REALISASI)
    assert [(o.col, o.role, o.year) for o in roles.other_years] == [(2, Role.REALISASI, 2023)]


def test_split_code_and_caption_year() -> None:
    assert split_code("CQ.6709 Perencanaan Program") == ("CQ.6709", "Perencanaan Program")
    assert split_code("QGE.001 Perencanaan dan Penganggaran") == ("QGE.001", "Perencanaan dan Penganggaran")
    assert split_code("Masa Kampanye Pemilu (6870)") == ("6870", "Masa Kampanye Pemilu")
    assert split_code("Program Dukungan Manajemen") == (None, "Program Dukungan Manajemen")
    assert caption_year("Realisasi Anggaran TA 2024") == 2024
    assert caption_year("Pagu 2021-2024") is None
    assert caption_year(None) is None


def test_a_label_word_spilled_into_the_amount_column_does_not_merge_two_programs() -> None:
    t = _table(
        [
            ["Program", "Anggaran"],
            ["1. Program Dukungan Manajemen", "Rp. 2.647.529.000"],
            ["2. Penyelenggaraan Pemilu dalam Konsolidasi Demokrasi", "Proses Rp. 26.608.457.000"],
        ]
    )
    (roled,) = assign_roles([t], 2024)
    rows = semantic_rows(roled, 2024)
    names = [r.cells[Role.NAME].text for r in rows]
    assert names == ["1. Program Dukungan Manajemen", "2. Penyelenggaraan Pemilu dalam Konsolidasi Demokrasi"]


def test_a_target_header_destroyed_by_ocr_is_named_by_column_order() -> None:
    # 'Target' OCR'd as 'meet': the value column just before Realisasi is the target.
    t = _table(
        [
            ["No", "Indikator Kinerja", "Sat.", "meet", "Realisasi", "Capaian"],
            ["1", "Persentase partisipasi pemilih", "%", "90", "98", "108,89"],
            ["2", "Indeks kepuasan layanan", "indeks", "3,5", "3,2", "91,43"],
        ]
    )
    roles = detect_roles(t, 2024)
    assert roles is not None and roles.col(Role.TARGET) == 3 and roles.col(Role.REALISASI) == 4


def test_a_destroyed_target_header_is_found_past_a_prior_year_column_and_scan_percents() -> None:
    # 'Target 2023' OCR'd as 'eons', a prior year's realisasi between it and this year's, and the
    # capaian header lost with the scan's '%' read as '4': still Target | Realisasi | Capaian.
    rows = [
        ["Indikator Kinerja", "eons", "Realisasi 2022", "Realisasi 2023", ""],
        ["Persentase penyusunan anggaran", "100.00 %", "76.60 4", "100.00 4", "100.00 4"],
        ["Persentase produk hukum", "92.50 4", "89.00 4", "89.00 4", "96.22 4"],
    ]
    t = replace(_table(rows), method=Method.OCR_RULED)
    roles = detect_roles(t, 2023)
    assert roles is not None and roles.kind == "performance"
    assert (roles.col(Role.TARGET), roles.col(Role.REALISASI), roles.col(Role.CAPAIAN)) == (1, 3, 4)
    born_digital = detect_roles(_table(rows), 2023)  # a text layer's '4' is a digit, not a '%'
    assert born_digital is not None and born_digital.col(Role.CAPAIAN) is None


def test_budget_columns_headed_by_a_year_alone_are_that_years_realisasi() -> None:
    # 'Realisasi (Rp)' over '2023 | 2024' lost to OCR: the report year's column is the realisasi,
    # the other year's a record of its own year, never the other way round.
    t = _table(
        [
            ["Jenis Belanja", "Pagu Anggaran (Rp)", "", "", "Persentase"],
            ["", "", "2023", "2024", ""],
            ["Belanja Pegawai", "18.456.974.000", "19.847.104.700", "17.269.850.079", "93,57 %"],
            ["Belanja Barang", "5.244.403.000", "4.430.606.400", "4.952.237.017", "94,43 %"],
        ]
    )
    roles = detect_roles(t, 2024)
    assert roles is not None and roles.col(Role.PAGU) == 1 and roles.col(Role.REAL_RP) == 3
    assert [(o.col, o.role, o.year) for o in roles.other_years] == [(2, Role.REAL_RP, 2023)]


def test_capaian_columns_headed_by_a_year_alone_are_that_years_realisasi() -> None:
    # 'Realisasi' over '2022 | 2023' lost to OCR in a capaian table without a Capaian column: the
    # report year's column is the realisasi, the prior year's a realisasi of its own year.
    t = _table(
        [
            ["No", "Indikator", "Target PK", "", "", "Kategori"],
            ["", "", "", "2022", "2023", ""],
            ["1", "Persentase partisipasi pemilih", "90%", "94%", "97%", "Sangat Baik"],
            ["2", "Persentase penyampaian LPPA", "90%", "72,46%", "79%", "Baik"],
        ]
    )
    roles = detect_roles(t, 2023)
    assert roles is not None and roles.col(Role.TARGET) == 2 and roles.col(Role.REALISASI) == 4
    assert roles.col(Role.CAPAIAN) is None
    assert [(o.col, o.role, o.year) for o in roles.other_years] == [(3, Role.REALISASI, 2022)]


def test_percent_beside_a_target_named_by_column_order_is_the_capaian() -> None:
    # 'Target' OCR'd as 'T': once the column order names the target, '%' beside it is the
    # capaian, and the prior year's 'Realisasi' after it is not.
    t = _table(
        [
            ["No", "Indikator", "T", "Realisasi", "%", "Realisasi TA 2023"],
            ["1", "Persentase partisipasi pemilih", "80", "82", "102,5%", "68,01"],
            ["2", "Persentase penyampaian LPPA", "70", "69,6", "99,43%", "71,65"],
        ]
    )
    roles = detect_roles(t, 2024)
    assert roles is not None and (roles.col(Role.TARGET), roles.col(Role.REALISASI), roles.col(Role.CAPAIAN)) == (2, 3, 4)


def test_a_column_headed_by_a_year_phrase_alone_holds_that_years_realisasi() -> None:
    # 'Realisasi Tahun 2024' OCR'd as 'she Tahun 2024' in a 2025 report: figures, not years
    t = _table(
        [
            ["Indikator", "Target PK", "Realisasi", "Capaian", "she Tahun 2024"],
            ["Persentase partisipasi pemilih", "75,00", "72,00", "96,00", "80,91"],
            ["Nilai SAKIP", "65", "69,4", "106,77", "59"],
        ]
    )
    roles = detect_roles(t, 2025)
    assert roles is not None and [(o.col, o.role, o.year) for o in roles.other_years] == [(4, Role.REALISASI, 2024)]


def test_a_realisasi_before_the_target_with_its_year_lost_is_the_prior_years() -> None:
    # 'Realisasi TA 2024' read 'TA Realisasi'; 'Tahun 2025' over 'Target PK | (Realisasi lost)'
    t = _table(
        [
            ["No", "IKU", "TA Realisasi", "Target PK", "", "Capaian"],
            ["1", "Persentase partisipasi pemilih", "92,1", "85", "88", "103,53"],
            ["2", "Persentase penyampaian LPPA", "81,5", "80", "71", "88,75"],
        ]
    )
    roles = detect_roles(t, 2025)
    assert roles is not None and (roles.col(Role.TARGET), roles.col(Role.REALISASI), roles.col(Role.CAPAIAN)) == (3, 4, 5)


def _band_table(band: list[str]) -> Table:
    """A capaian table whose third row is ``band``, a row the finder saw drawn across the table."""
    return _table(
        [
            ["Indikator Kinerja", "Target", "Realisasi", "Capaian"],
            ["Jumlah Dokumen Kepemiluan", "14", "16", "114,29%"],
            band,
            ["Persentase Penyusunan Anggaran", "75", "83", "110,67%"],
        ]
    )


def _labels_and_sasaran(t: Table, band: bool = True) -> list[tuple[str, str | None]]:
    flagged = replace(t, rows=tuple(replace(r, band=band and r.index == 2) for r in t.rows))
    return [(r.cells[Role.INDICATOR].text, r.sasaran) for r in semantic_rows(assign_roles([flagged], 2024)[0], 2024)]


def test_a_short_band_row_the_finder_saw_is_context_not_the_label_above_continued() -> None:
    # Word's short band row sits in the label column only; the finder saw it drawn across a gutter
    t = _band_table(["Terlaksananya Penetapan Hasil Pemilu", "", "", ""])
    assert _labels_and_sasaran(t) == [
        ("Jumlah Dokumen Kepemiluan", None),
        ("Persentase Penyusunan Anggaran", "Terlaksananya Penetapan Hasil Pemilu"),
    ]
    plain = _labels_and_sasaran(t, band=False)
    assert plain[0][0] == "Jumlah Dokumen Kepemiluan Terlaksananya Penetapan Hasil Pemilu"


def test_a_band_row_whose_wrapped_line_fell_in_another_column_is_one_sasaran() -> None:
    # the band's second line starts where a column's cells do, so the grid put it in that column
    t = _band_table(["SS5. Terlaksananya penetapan Keputusan KPU", "sesuai ketentuan", "", ""])
    assert _labels_and_sasaran(t) == [
        ("Jumlah Dokumen Kepemiluan", None),
        ("Persentase Penyusunan Anggaran", "Terlaksananya penetapan Keputusan KPU sesuai ketentuan"),
    ]


def test_a_text_column_whose_indicator_header_ocr_lost_holds_the_indicators() -> None:
    t = _table(
        [
            ["No", "Kegiatan", "", "Target", "Realisasi", "Capaian", "Sumber Data"],
            ["1", "Terlaksananya Penetapan Hasil Pemilu", "Persentase sengketa hukum yang dimenangkan KPU", "100", "98", "98", "SIPOL"],
            ["2", "Tersedianya Dokumen Pemutakhiran", "Persentase Pemutakhiran Data Pemilih", "92,5", "100", "108,11", "LHE"],
        ]
    )
    roles = detect_roles(t, 2024)
    assert roles is not None and roles.kind == "performance"
    assert roles.roles[1:3] == (Role.SASARAN, Role.INDICATOR)
    rows = semantic_rows(assign_roles([t], 2024)[0], 2024)
    assert next((r.cells[Role.INDICATOR].text, r.sasaran) for r in rows) == (
        "Persentase sengketa hukum yang dimenangkan KPU",
        "Terlaksananya Penetapan Hasil Pemilu",
    )


def test_a_value_column_headed_by_the_report_year_alone_after_the_target_is_the_realisasi() -> None:
    # 'Realisasi' under 'Kinerja Tahun 2024' lost to OCR: the column is headed by the year alone
    t = _table(
        [
            ["No", "Indikator Kinerja", "Target", "Kinerja Tahun 2024", "Keterangan"],
            ["1", "Persentase partisipasi pemilih", "85", "93,9", "Tercapai"],
            ["2", "Indeks Reformasi Birokrasi", "65", "56,18", "Tidak tercapai"],
        ]
    )
    roles = detect_roles(t, 2024)
    assert roles is not None and roles.kind == "performance"
    assert roles.col(Role.TARGET) == 2 and roles.col(Role.REALISASI) == 3
    years = _table([["No", "Indikator Kinerja", "Target", "Tahun"], ["1", "Persentase A", "85", "2024"], ["2", "B", "9", "2023"]])
    assert detect_roles(years, 2024).col(Role.REALISASI) is None  # type: ignore[union-attr]  # a column of years


def test_a_realisasi_header_over_percents_beside_an_unnamed_rupiah_column_is_the_absorption() -> None:
    # 'Realisasi' read 'Ronlicasi' (no role) and '% Realisasi' read '04 Rentisasi' (realisasi)
    t = _table(
        [
            ["No", "Uraian Program/Kegiatan", "Alokasi", "Ronlicasi", "04 Rentisasi"],
            ["1", "Program Dukungan Manajemen", "23.233.173.000", "20.964.918.551", "90,24"],
            ["2", "Pencalonan Peserta Pemilu", "5.446.000", "4.312.000", "79,18"],
        ]
    )
    roles = detect_roles(t, 2022)
    assert roles is not None and roles.kind == "budget"
    assert roles.roles[2:5] == (Role.PAGU, Role.REAL_RP, Role.PERSEN)


def test_a_column_of_figures_whose_header_caught_a_wrapped_label_word_is_named_by_its_value_word() -> None:
    # 'Indikator Kinerja' / 'Sasaran' wrapped; 'Sasaran' landed over 'Target PK'
    t = _table(
        [
            ["No", "Indikator Kinerja", "Sasaran Target PK", "Realisasi", "Capaian"],
            ["1", "Indeks Reformasi Birokrasi", "70", "72,5", "103,57"],
            ["2", "Nilai Keterbukaan Informasi Publik", "80", "78", "97,5"],
        ]
    )
    roles = detect_roles(t, 2023)
    assert roles is not None and roles.kind == "performance"
    assert roles.roles[2] == Role.TARGET


def test_of_two_unnamed_rupiah_columns_the_absorption_names_this_years_realisasi() -> None:
    # 'Realisasi' over '2024 | 2025' lost to OCR ('“asi', '1014', '2018' taken as body): the
    # column that pagu x % gives is the realisasi, not the first one.
    rows = [
        ["No", "Program/Kegiatan", "Anggaran", "“asi", "", "Penyerapan"],
        ["1", "Penetapan Hasil Pemilu", "Rp 8.920.526.000,-", "Rp 8.126.532.500,-", "Rp 8.712.634.114,-", "97,67%"],
        ["2", "Penataan Daerah Pemilihan", "Rp 10.977.256.000,-", "Rp 7.121.215.300,-", "Rp 7.796.861.823,-", "71,03%"],
        ["3", "Pendaftaran Partai Politik", "Rp 2.392.204.000,-", "Rp 2.558.684.500,-", "Rp 2.263.336.000,-", "94,61%"],
    ]
    roles = detect_roles(replace(_table(rows), method=Method.OCR_STREAM), 2025)
    assert roles is not None and roles.kind == "budget"
    assert (roles.col(Role.PAGU), roles.col(Role.REAL_RP), roles.col(Role.PERSEN)) == (2, 4, 5)


def test_realisasi_and_capaian_named_the_wrong_way_round_are_put_right_by_the_figures() -> None:
    # an OCR header glued 'Capaian Kinerja 2021' onto 'Realisasi': the figures say which is which
    rows = [
        ["Indikator Kinerja", "Target", "Capaian Kinerja Realisasi", "Crane"],
        ["Persentase penyelenggaraan Pemilu", "85", "95,29", "81"],
        ["Ketepatan pelaporan keuangan", "80", "88,75", "71"],
        ["Jumlah pembayaran gaji", "20", "100", "20"],
    ]
    roles = detect_roles(_table(rows), 2021)
    assert roles is not None and (roles.col(Role.REALISASI), roles.col(Role.CAPAIAN)) == (3, 2)
    right = [rows[0], *([label, t, c, r] for label, t, r, c in rows[1:])]
    roles = detect_roles(_table(right), 2021)
    assert roles is not None and (roles.col(Role.REALISASI), roles.col(Role.CAPAIAN)) == (2, 3)


def test_value_columns_whose_headers_ocr_lost_are_named_by_the_figures_not_the_print_order() -> None:
    # 'Realisasi 2021 | Realisasi 2022 | % Capaian' lost: by print order the first unnamed column
    # would be the realisasi; the capaian the figures give is the realisasi's of the second
    rows = [
        ["No", "Indikator Kinerja", "Target 2022", "", "", "", "Kriteria"],
        ["1", "Jumlah dokumen perencanaan", "13 Dokumen", "11 Dokumen", "15 Dokumen", "115.38", "Sangat Baik"],
        ["2", "Persentase penyelesaian sengketa", "75.00", "61.03", "61.00", "81.33", "Baik"],
        ["3", "Nilai evaluasi akuntabilitas", "80.00", "86.42", "88.00", "110.00", "Sangat Baik"],
    ]
    roles = detect_roles(replace(_table(rows), method=Method.OCR_STREAM), 2022)
    assert roles is not None and (roles.col(Role.REALISASI), roles.col(Role.CAPAIAN)) == (4, 5)


def test_a_realisasi_before_the_pagu_with_its_year_misread_is_not_this_years_realisasi() -> None:
    # 'Realisasi 2023' read 'Realisasi 2025' on a 2024 report: the year is dropped as impossible,
    # and the absorption percent says the realisasi after the pagu is this year's
    rows = [
        ["No", "Uraian", "Realisasi 2025", "Alokasi", "Realisasi (Rp)", "%"],
        ["1", "Pemutakhiran Data Pemilih", "4.285.630.300,00", "3.502.844.000,00", "3.229.083.969,00", "92,18"],
        ["2", "Pelayanan Publik kepada Lembaga", "3.255.630.300,00", "2.385.310.000,00", "2.174.911.434,00", "91,18"],
        ["3", "Fasilitasi dan Pembinaan Lembaga", "8.220.499.600,00", "9.157.000.000,00", "8.639.942.000,00", "94,35"],
    ]
    roles = detect_roles(replace(_table(rows), method=Method.OCR_STREAM), 2024)
    assert roles is not None and (roles.col(Role.PAGU), roles.col(Role.REAL_RP)) == (3, 4)


def test_a_scan_row_whose_percents_ocr_read_with_96_is_a_row_not_the_label_above_continued() -> None:
    # Every '%' of the row read as '96': on a scan those are percents, so the row is its own
    # indicator; in a text layer '100,00 96' is not a figure and the row continues the label.
    rows = [
        ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
        ["16", "Persentase Penyusunan Anggaran", "100,00 %", "91,90 %", "91,90 %"],
        ["", "Persentase penyampaian LPPA tepat waktu", "100,00 96", "100,00 96", "100,00 96"],
    ]
    scan = replace(_table(rows), method=Method.OCR_STREAM)
    got = semantic_rows(assign_roles([scan], 2024)[0], 2024)
    assert [r.cells[Role.INDICATOR].text for r in got] == [
        "Persentase Penyusunan Anggaran",
        "Persentase penyampaian LPPA tepat waktu",
    ]
    text_layer = semantic_rows(assign_roles([_table(rows)], 2024)[0], 2024)
    assert len(text_layer) == 1


def test_a_sasaran_keeps_its_text_without_its_number() -> None:
    """'SS1.' (as Renstra KPU numbers sasaran strategis) and 'Sasaran Strategis 2:' are where a
    sasaran stands in the list, in a band row or a sasaran column alike; 'SP2D' is a word."""
    t = _table(
        [
            ["No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
            ["1", "SS1. Terwujudnya Pemilu yang aman", "Persentase A", "90", "85", "94,44"],
            ["2", "Sasaran Strategis 2: Meningkatnya akuntabilitas", "Persentase B", "80", "80", "100"],
            ["3", "SP2D terbit tepat waktu", "Persentase C", "70", "70", "100"],
        ]
    )
    rows = semantic_rows(assign_roles([t], 2024)[0], 2024)
    assert [r.sasaran for r in rows] == [
        "Terwujudnya Pemilu yang aman",
        "Meningkatnya akuntabilitas",
        "SP2D terbit tepat waktu",
    ]
    banded = _table(
        [
            ["Indikator Kinerja", "Target", "Realisasi", "Capaian"],
            ["Jumlah Dokumen Kepemiluan", "14", "16", "114,29%"],
            ["SS3. Terlaksananya Penetapan Hasil Pemilu", "", "", ""],
            ["Persentase Penyusunan Anggaran", "75", "83", "110,67%"],
        ]
    )
    banded = replace(banded, rows=tuple(replace(r, band=r.index == 2) for r in banded.rows))
    assert [r.sasaran for r in semantic_rows(assign_roles([banded], 2024)[0], 2024)] == [
        None,
        "Terlaksananya Penetapan Hasil Pemilu",
    ]


def test_a_prior_year_grade_read_small_on_a_scan_is_a_row_of_that_year() -> None:
    # 'CC' in the Realisasi 2023 column read 'cc': on a scan it is that year's grade, so the row
    # of 2023 is kept; in a text layer 'cc' is no value and no row of 2023 is made
    rows = [
        ["Indikator Kinerja", "Target 2024", "Realisasi 2023", "Realisasi 2024"],
        ["Nilai Akuntabilitas Kinerja", "B", "cc", "BB"],
    ]
    scan = replace(_table(rows), method=Method.OCR_STREAM)
    got = semantic_rows(assign_roles([scan], 2024)[0], 2024)
    assert [(r.year, r.cells[Role.REALISASI].text) for r in got] == [(2024, "BB"), (2023, "cc")]
    text_layer = semantic_rows(assign_roles([_table(rows)], 2024)[0], 2024)
    assert [r.year for r in text_layer] == [2024]
