"""Normalised records: one per indicator and year across tables, never two rows of one table merged."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from extractor.catalogue import Matcher, load_catalogue
from extractor.models import Cell, Method, Table, TableRow
from extractor.normalise import build_records
from extractor.rows import semantic_rows
from extractor.stitch import assign_roles


def _table(rows: list[list[str]], index: int, caption: str) -> Table:
    return Table(
        index,
        Method.TEXT_TSV,
        tuple(
            TableRow(r, tuple(Cell(t, r, c, None, 10 * index + r, None) for c, t in enumerate(ts)))
            for r, ts in enumerate(rows)
        ),
        caption=caption,
    )


def test_two_rows_of_one_table_stay_two_records_and_pk_merges_into_capaian() -> None:
    capaian = _table(
        [
            ["Indikator Kinerja", "Target", "Realisasi", "Capaian"],
            ["Opini BPK atas Laporan Keuangan", "WTP", "WTP", "100%"],
            ["Persentase Opini BPK Atas Laporan Keuangan KPU", "100%", "95%", "95%"],
        ],
        0,
        "Tabel 3.1 Capaian Kinerja Tahun 2024",
    )
    pk = _table(
        [["Indikator Kinerja", "Target"], ["Opini BPK atas Laporan Keuangan", "WTP"]],
        1,
        "Tabel 2.1 Perjanjian Kinerja 2024",
    )
    roled = assign_roles([capaian, pk], 2024)
    rows = [semantic_rows(rt, 2024) for rt in roled]
    matcher = Matcher(load_catalogue())
    records = build_records("x.txt", roled, rows, matcher)
    ids = [i.indicator_id for i in records.indicators]
    assert ids[0] is not None and ids[0] == ids[1]  # both wordings name one catalogue entry
    assert len(records.indicators) == 2, ids
    assert sorted(str(i.realisasi.value) for i in records.indicators if i.realisasi) == ["95.0", "WTP"]


def test_multi_year_budget_tables_carry_the_year_of_each_row_or_column(tmp_path: Path) -> None:
    """'Pagu dan Realisasi Anggaran per Tahun 2021-2024' came out as level 'other' with the report
    year on every row, and the unit dropped out of the absorption ranking."""
    from extractor.pipeline import extract

    dump = tmp_path / "multi.md"
    dump.write_text(
        "LAPORAN KINERJA KPU KABUPATEN REJANG LEBONG TAHUN 2024\n\n"
        "Tabel 3.5 Pagu dan Realisasi Anggaran per Tahun 2021-2024\n\n"
        "| No | TA | Pagu (Rp) | Realisasi (Rp) | % |\n|---|---|---|---|---|\n"
        "| 1 | TA 2021 | 3.045.667.000 | 2.980.000.000 | 97,84 |\n"
        "| 2 | TA 2022 | 4.100.000.000 | 4.000.000.000 | 97,56 |\n\n"
        "Tabel 3.6 Realisasi Anggaran Tahun 2021-2024\n\n"
        "| Uraian | 2023 | 2024 |\n|---|---|---|\n"
        "| Pagu | 28.812.280.000 | 51.412.431.000 |\n"
        "| Realisasi | 28.455.619.223 | 47.457.842.438 |\n",
        encoding="utf-8",
    )
    doc = extract(dump)
    rows = [(b.level, b.year, b.pagu.value if b.pagu else None) for b in doc.budget]
    assert rows == [
        ("total", 2021, 3045667000),
        ("total", 2022, 4100000000),
        ("total", 2023, 28812280000),
        ("total", 2024, 51412431000),
    ]


def test_a_capaian_row_whose_wording_ocr_damaged_joins_its_agreement_row() -> None:
    # 'Tunjangan' OCR'd as 'Tun}': the capaian row matches no catalogue entry, the agreement row
    # does; near-alike labels, one year and equal targets make them one indicator with that id.
    pk = _table([["Indikator Kinerja", "Target"], ["Jumlah Pembayaran Gaji dan Tunjangan", "5 Dokumen"]], 0, "Tabel 2.1 Perjanjian Kinerja 2023")
    capaian = _table(
        [
            ["Indikator Kinerja", "Target", "Realisasi"],
            ["Jumlah Pembayaran Gaji dan Tun}", "5 Dokumen", "5 Dokumen"],
            ["Jumlah Pembayaran Honor Badan Adhoc", "6 Dokumen", "6 Dokumen"],
        ],
        1,
        "Tabel 3.1 Capaian Kinerja Tahun 2023",
    )
    roled = assign_roles([pk, capaian], 2023)
    records = build_records("x.txt", roled, [semantic_rows(rt, 2023) for rt in roled], Matcher(load_catalogue()))
    got = {(i.indicator_id, i.target.value, i.realisasi.value if i.realisasi else None) for i in records.indicators}  # type: ignore[union-attr]
    assert ("pembayaran_gaji_tunjangan", 5, 5) in got
    assert len(records.indicators) == 2


def test_a_scanned_budget_amount_no_repair_could_read_is_flagged_not_emitted_silently() -> None:
    table = Table(
        0,
        Method.OCR_STREAM,
        tuple(
            TableRow(r, tuple(Cell(t, r, c, None, r, None) for c, t in enumerate(ts)))
            for r, ts in enumerate(
                [
                    ["Program/Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "%"],
                    ["Belanja Barang", "29.866.351.000", "27.410.862.4%6", "91,78"],
                    ["Belanja Bahan", "144.757.000", "733.580.000", "98,50"],
                ]
            )
        ),
        caption="Tabel 3.4 Realisasi Anggaran",
    )
    roled = assign_roles([table], 2024)
    records = build_records("scan.pdf", roled, [semantic_rows(rt, 2024) for rt in roled], Matcher(load_catalogue()))
    flagged = [f.message for f in records.flags if f.code == "unparseable_cell"]
    assert flagged == ["realisasi '27.410.862.4%6' of 'Belanja Barang' is not a value"]
    bahan = records.budget[1].pagu
    assert bahan is not None and bahan.value == 744757000 and bahan.raw == "144.757.000" and bahan.repairs


def test_a_measure_scored_as_a_number_does_not_take_the_catalogues_grade_unit() -> None:
    # 'Nilai SAKIP' is catalogued as a grade (BB) but many reports print its score (72,5)
    from extractor.models import CellValue, Provenance
    from extractor.normalise import _unit

    prov = Provenance("r.pdf", 1, None, None, Method.PDF_RULED, 0)
    score = CellValue("72,5", 72.5, "number", None, prov)
    grade = CellValue("BB", "BB", "grade", None, prov)
    assert _unit("Nilai SAKIP", (score, score), None, "grade") == "nilai"
    assert _unit("Nilai SAKIP", (grade, grade), None, "grade") == "grade"
    assert _unit("Opini BPK", (grade, None), None, "opini") == "opini"
    assert _unit("Jumlah dokumen", (score, None), None, "dokumen") == "dokumen"


def test_a_label_no_entry_matches_is_flagged_once_citing_each_of_its_years() -> None:
    capaian = _table(
        [
            ["Indikator Kinerja", "Target 2024", "Realisasi 2024", "Capaian", "Realisasi 2023"],
            ["Jumlah kunjungan ke perpustakaan daerah", "1.200", "1.350", "112,5%", "1.100"],
        ],
        0,
        "Tabel 3.1 Capaian Kinerja Tahun 2024",
    )
    roled = assign_roles([capaian], 2024)
    records = build_records("x.txt", roled, [semantic_rows(rt, 2024) for rt in roled], Matcher(load_catalogue()))
    assert sorted(i.year for i in records.indicators) == [2023, 2024]
    (flag,) = [f for f in records.flags if f.code == "unmatched_indicator"]
    assert len(flag.provenance) >= 1 and flag.values["label"] == "Jumlah kunjungan ke perpustakaan daerah"


def test_a_bare_figure_in_a_percent_column_keeps_its_rows_satuan() -> None:
    """Most targets print '55%': the bare '75' of a row whose Satuan is 'Nilai' is a score, not
    75%; a bare figure of a '%' row (or one with no Satuan) is still read as a percent."""
    table = _table(
        [
            ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian"],
            ["1", "Persentase penurunan temuan", "%", "55%", "60%", "109,09%"],
            ["2", "Persentase tindak lanjut temuan", "%", "90", "95%", "105,56%"],
            ["3", "Persentase rekomendasi yang ditindaklanjuti", "%", "80%", "85%", "106,25%"],
            ["4", "Persentase temuan berulang", "%", "10%", "8%", "120%"],
            ["5", "Nilai SAKIP Perangkat Daerah", "Nilai", "75", "77,12", "102,83%"],
        ],
        0,
        "Tabel 3.1 Capaian Kinerja Tahun 2024",
    )
    roled = assign_roles([table], 2024)
    records = build_records("x.txt", roled, [semantic_rows(rt, 2024) for rt in roled], Matcher(load_catalogue()))
    got = {i.label: (i.target.kind, i.unit) for i in records.indicators if i.target}
    assert got["Nilai SAKIP Perangkat Daerah"] == ("number", "nilai")
    assert got["Persentase tindak lanjut temuan"] == ("percent", "%")


def test_a_scanned_capaian_of_grades_is_not_repaired_from_the_grades() -> None:
    """Grades convert to a percent in several ways (BB over B is 80% on one scale, 90% on
    another): a scanned capaian '90%' beside them was 'repaired' to 80 as a misread '8'."""
    rows = [
        ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
        ["1", "Nilai AKIP KPU Kota", "BB", "B", "90%"],
        ["2", "Persentase layanan perkantoran yang terpenuhi", "100%", "98,5%", "98,5%"],
    ]
    table = replace(_table(rows, 0, "Tabel 3.1 Capaian Kinerja Tahun 2024"), method=Method.OCR_RULED)
    roled = assign_roles([table], 2024)
    records = build_records("x.pdf", roled, [semantic_rows(rt, 2024) for rt in roled], Matcher(load_catalogue()))
    akip = next(i for i in records.indicators if i.label.startswith("Nilai AKIP"))
    assert akip.capaian is not None and akip.capaian.value == 90 and not akip.capaian.repairs


def test_a_scanned_realisasi_beside_a_percent_target_loses_the_percent_ocr_glued_on_as_96() -> None:
    """'94,7%' read '94,796' in a Realisasi column that also holds counts ('21 Dokumen', so no
    percent column): beside the row's '100%' target it is a percent, its '96' the '%'. Before,
    the capaian column's own '94,796' was read 94,7 and the target rebuilt from them as 100,1."""
    rows = [
        ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
        ["1", "Persentase kegiatan pengelolaan dan pengembangan RPP", "100%", "94,796", "94,796"],
        ["2", "Jumlah Pembayaran Gaji dan Tunjangan", "20 Dokumen", "21 Dokumen", "105%"],
        ["3", "Jumlah Laporan Barang Milik Negara", "2 Laporan", "2 Laporan", "100%"],
    ]
    table = Table(
        0,
        Method.OCR_STREAM,
        tuple(
            TableRow(r, tuple(Cell(t, r, c, None, r, None) for c, t in enumerate(ts)))
            for r, ts in enumerate(rows)
        ),
        caption="Tabel 3.1 Capaian Kinerja Tahun 2024",
    )
    roled = assign_roles([table], 2024)
    records = build_records("scan.pdf", roled, [semantic_rows(rt, 2024) for rt in roled], Matcher(load_catalogue()))
    first = records.indicators[0]
    assert first.target is not None and first.realisasi is not None and first.capaian is not None
    assert (first.target.value, first.realisasi.value, first.capaian.value) == (100, 94.7, 94.7)
    assert records.indicators[1].realisasi is not None and records.indicators[1].realisasi.value == 21


def test_a_prior_year_column_is_read_by_its_own_column_hints_not_the_report_years() -> None:
    """The Realisasi 2023 column prints two decimals ('85,00'), the 2024 column whole numbers: a
    2023 '8800' on a scan lost its comma by its own column's evidence. Before, a 2023 cell was
    read by the hints of the 2024 realisasi column, which print no fractions, and stayed 8800."""
    rows = [
        ["No", "Indikator Kinerja", "Target 2024", "Realisasi 2023", "Realisasi 2024", "Capaian"],
        ["1", "Persentase A", "90%", "85,00%", "90%", "100%"],
        ["2", "Persentase B", "90%", "86,50%", "92%", "102,22%"],
        ["3", "Persentase C", "90%", "87,25%", "93%", "103,33%"],
        ["4", "Persentase D", "90%", "8800", "94%", "104,44%"],
    ]
    table = Table(
        0,
        Method.OCR_STREAM,
        tuple(TableRow(r, tuple(Cell(t, r, c, None, r, None) for c, t in enumerate(ts))) for r, ts in enumerate(rows)),
        caption="Tabel 3.1 Capaian Kinerja Tahun 2024",
    )
    roled = assign_roles([table], 2024)
    records = build_records("scan.pdf", roled, [semantic_rows(rt, 2024) for rt in roled], Matcher(load_catalogue()))
    prior = {i.label: i.realisasi for i in records.indicators if i.year == 2023}
    assert prior["Persentase D"] is not None and prior["Persentase D"].value == 88.0
    assert any("decimal comma was lost" in r for r in prior["Persentase D"].repairs)
