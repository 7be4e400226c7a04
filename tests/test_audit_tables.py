"""Roll-ups and year labels (extractor.audit.rollup and years) on hand-built records."""

from __future__ import annotations

from dataclasses import replace

from extractor.audit import AuditInput
from extractor.audit.model import AuditSettings
from extractor.audit.years import as_report_year, check_future_realisasi, mislabelled, year_mismatch_flags
from extractor.models import BudgetRecord
from tests.audit_builders import SATKER, audit, budget, indicator, lines, prov


def captioned(rec: BudgetRecord, caption: str) -> BudgetRecord:
    return replace(rec, table_caption=caption)


# ----------------------------------------------------------------------------- total_mismatch


def test_total_counts_rows_whose_parent_is_missing() -> None:
    """A kegiatan printed without its program still belongs in the total (2023 table, 002)."""
    rows = (
        budget("kegiatan", "Penyelenggaraan Pemilu", 26_285_780_000, 25_919_081_281, 98.6, 33, 8),
        budget("program", "Program Dukungan Manajemen", 2_526_500_000, 2_536_537_942, 100.39, 35, 8),
        budget("total", "TOTAL", 28_812_280_000, 28_455_619_223, 98.76, 36, 8),
    )
    assert not audit(budget_rows=rows, only="total_mismatch")
    wrong = (*rows[:2], budget("total", "TOTAL", 28_812_281_000, 28_455_619_223, 98.76, 36, 8))
    (flag,) = audit(budget_rows=wrong, only="total_mismatch")
    assert flag.values["pagu"]["difference"] == 1_000 and lines(flag) >= {36, 35}


# ----------------------------------------------------------------------------- year_mismatch


def _ro_table(year: int, caption: str) -> tuple[BudgetRecord, ...]:
    rows = (
        budget("ro", "Perencanaan", 794_992_000, 787_329_286, 99.04, 6, 4, "6709.QGE.001", year),
        budget("ro", "Honorarium", 13_322_950_000, 13_322_950_000, 100.0, 7, 4, "6867.QGE.002", year),
    )
    return tuple(captioned(r, caption) for r in rows)


def _totals_2024() -> tuple[BudgetRecord, ...]:
    return (budget("total", "JUMLAH", 14_117_942_000, 14_110_279_286, 99.95, 22, 6),)


def test_year_mismatch_when_last_years_rows_add_up_to_this_years_total() -> None:
    rows = _ro_table(2023, "Tabel 3.2 Realisasi Anggaran Tahun 2023") + _totals_2024()
    (flag,) = year_mismatch_flags(AuditInput(SATKER, (), rows, (), 2024))
    assert flag.severity == "info" and flag.values == {"table_year": 2023, "report_year": 2024}
    assert "add up to the 2024 pagu" in flag.message and 22 in lines(flag)
    other = budget("total", "JUMLAH", 14_000_000_000, 13_900_000_000, 99.29, 22, 6)
    assert not year_mismatch_flags(AuditInput(SATKER, (), (*rows[:2], other), (), 2024))


def test_a_one_row_table_echoing_a_figure_is_no_evidence() -> None:
    old = captioned(
        budget("other", "Koordinasi", 33_801_000, 35_878_000, 106.14, 32, 3, year=2023),
        "Tabel 3.2 X Tahun 2023",
    )
    now = budget("other", "Pendidikan pemilih", 33_801_000, 33_775_000, 99.92, 4, 5)
    assert not year_mismatch_flags(AuditInput(SATKER, (), (old, now), (), 2024))


def test_year_mismatch_for_the_odd_one_out_of_a_caption_series() -> None:
    def table(n: int, year: int, index: int) -> BudgetRecord:
        rec = budget(
            "other", f"Indikator {n}", 20_511_000 + n, 17_088_900, 83.32, 30 + index, index, year=year
        )
        return captioned(rec, f"Tabel 3.{index} Kinerja-Anggaran Sasaran {n} Tahun {year}")

    series = (table(1, 2023, 2), table(3, 2024, 3), table(4, 2024, 4))
    (flag,) = year_mismatch_flags(AuditInput(SATKER, (), series, (), 2024))
    assert "Sasaran 3 Tahun 2024" in flag.message and lines(flag) == {32}
    twin = table(1, 2024, 5)  # a true prior-year table has a report-year twin in its slot
    assert not year_mismatch_flags(AuditInput(SATKER, (), (*series, twin), (), 2024))


def test_a_capaian_table_captioned_last_year_is_compared_as_this_years() -> None:
    """The other checks read a mislabelled table as the report year's: its target still clashes
    with the PK, and a PK indicator it lacks is still missing."""
    pk = (
        indicator("Persentase dukungan operasional", 95, None, None, 3, 0, "agreement"),
        indicator("Jumlah dokumen laporan evaluasi", 1, None, None, 4, 0, "agreement"),
    )
    perf = (indicator("Persentase dukungan operasional", 100, 95, 95.0, 11, 2, year=2023),)
    inp = AuditInput(SATKER, pk + perf, (), (), 2024)
    (moved,) = mislabelled(inp)
    assert moved.table_year == 2023 and {i.year for i in as_report_year(inp).indicators} == {2024}
    flags = audit(pk + perf)
    codes = {f.code: f for f in flags}
    assert codes["year_mismatch"].values["table_year"] == 2023
    assert codes["duplicate_conflict"].values["values"] == [95, 100]
    assert codes["realisasi_missing"].values["indicator"] == "Jumlah dokumen laporan evaluasi"
    assert all(i.year == 2023 for i in perf)  # the records themselves are never changed


# ----------------------------------------------------------------------------- future_realisasi


def test_a_realisasi_dated_after_the_report_year_is_one_warning_per_table() -> None:
    """'Realisasi 2023' scanned as '2025' in a 2024 report: the values cannot be 2025's."""
    misread = (
        indicator("Persentase dukungan operasional", 95, 90, 94.74, 11, 2, year=2025),
        indicator("Jumlah dokumen laporan evaluasi", 2, 2, 100.0, 12, 2, year=2025),
    )
    next_target = indicator("Indeks reformasi birokrasi", 80, None, None, 13, 3, year=2025)
    now = indicator("Persentase dukungan operasional", 95, 96, 101.05, 21, 4)
    inp = AuditInput(SATKER, (*misread, next_target, now), (), (), 2024)
    (flag,) = check_future_realisasi(inp, AuditSettings())
    assert flag.code == "future_realisasi" and flag.severity == "warning"
    assert flag.values == {"year": 2025, "report_year": 2024, "rows": 2}
    assert lines(flag) == {11, 12} and "1 more row" in flag.message
    spent = budget("ro", "Perencanaan", 794_992_000, 787_329_286, 99.04, 6, 5, year=2025)
    (budget_flag,) = check_future_realisasi(AuditInput(SATKER, (), (spent,), (), 2024), AuditSettings())
    assert budget_flag.values["rows"] == 1 and "'Perencanaan' carries a realisasi for 2025" in budget_flag.message
    assert not check_future_realisasi(AuditInput(SATKER, (next_target, now), (), (), 2024), AuditSettings())
    codes = {f.code for f in audit((*misread, now))}
    assert "future_realisasi" in codes, "registered with the audit"


def test_total_mismatch_kegiatan_vs_its_ro_rows() -> None:
    rows = (
        budget("kegiatan", "Pemungutan Suara", 2_419_398_000, 2_417_806_900, 99.93, 967, code="CQ.6872"),
        budget("ro", "Fasilitasi", 28_950_000, 28_921_500, 99.9, 968, code="6872.QGE.001"),
        budget("ro", "Pelaksanaan", 2_383_037_000, 2_383_037_000, 100.0, 969, code="6872.QGE.002"),
        budget("ro", "Evaluasi", 7_411_000, 5_885_000, 79.41, 970, code="6872.QGE.003"),
    )
    (flag,) = audit(budget_rows=rows, only="total_mismatch")
    assert flag.values["realisasi"] == {"printed": 2_417_806_900, "sum": 2_417_843_500, "difference": -36_600}
    assert "pagu" not in flag.values
    assert lines(flag) == {967, 968, 969, 970}
    assert "2.417.843.500" in flag.message


def test_a_prior_year_column_nests_each_year_apart() -> None:
    """A table with a Realisasi 2023 column gives each printed row a 2024 and a 2023 record, in
    turn: each year's kegiatan nest under that year's program (before, the turn of year broke
    every nesting and no roll-up was checked)."""
    rows = (
        budget("program", "Program A", 1_000, 900, 90.0, 1),
        budget("program", "Program A", None, 800, None, 1, year=2023),
        budget("kegiatan", "a1", 600, 500, 83.33, 2),
        budget("kegiatan", "a1", None, 450, None, 2, year=2023),
        budget("kegiatan", "a2", 400, 300, 75.0, 3),
        budget("kegiatan", "a2", None, 350, None, 3, year=2023),
    )
    (flag,) = audit(budget_rows=rows, only="total_mismatch")  # 2023 adds up: 450 + 350
    assert flag.values["realisasi"] == {"printed": 900, "sum": 800, "difference": 100}
    both = audit(budget_rows=(*rows[:5], budget("kegiatan", "a2", None, 300, None, 3, year=2023)), only="total_mismatch")
    assert sorted(f.values["realisasi"]["sum"] for f in both) == [750, 800]


def test_total_row_vs_top_level_rows_and_absent_levels() -> None:
    rows = (
        budget("program", "A", 300, None, None, 1),
        budget("ro", "a1", 100, None, None, 2),  # no kegiatan level: RO rolls into the program
        budget("ro", "a2", 200, None, None, 3),
        budget("program", "B", 500, None, None, 4),
        budget("kegiatan", "b1", 500, None, None, 5),
        budget("total", "Jumlah", 900, None, None, 6),  # 300 + 500 = 800
    )
    (flag,) = audit(budget_rows=rows, only="total_mismatch")
    assert flag.values["pagu"] == {"printed": 900, "sum": 800, "difference": 100}
    assert lines(flag) == {6, 1, 4}


def test_subtotals_and_grand_total_and_multi_year_rows_are_fine() -> None:
    rows = (
        budget("kegiatan", "a", 100, 90, 90.0, 1),
        budget("total", "Sub Total A", 100, 90, 90.0, 2),
        budget("kegiatan", "b", 50, 50, 100.0, 3),
        budget("total", "Sub Total B", 50, 50, 100.0, 4),
        budget("total", "Grand Total", 150, 140, 93.33, 5),
    )
    years = tuple(
        budget("total", f"Tahun {y}", p, p, 100.0, 10 + i, 1, year=y)
        for i, (y, p) in enumerate([(2022, 20), (2023, 40), (2024, 110)])
    )
    assert not audit(budget_rows=rows + years, only="total_mismatch")


def test_cross_table_rollup_needs_one_field_to_add_up() -> None:
    keg = budget("kegiatan", "Pemungutan", 2_419_398_000, 2_417_806_900, 99.93, 967, 5, "CQ.6872")
    ros = (
        budget("ro", "a", 28_950_000, 28_921_500, 99.9, 940, 6, "6872.QGE.001"),
        budget("ro", "b", 2_383_037_000, 2_383_037_000, 100.0, 941, 6, "6872.QGE.002"),
        budget("ro", "c", 7_411_000, 5_885_000, 79.41, 942, 6, "6872.QGE.003"),
    )
    (flag,) = audit(budget_rows=(keg, *ros), only="total_mismatch")
    assert lines(flag) == {967, 940, 941, 942} and set(flag.values) >= {"realisasi"}
    partial = ros[:2]  # a table that lists only some ROs: both sums differ, nothing to conclude
    assert not audit(budget_rows=(keg, *partial), only="total_mismatch")


def test_year_mismatch_caption_of_last_year_with_this_years_figures() -> None:
    pk_2023 = tuple(
        indicator(f"Indikator {name}", t, None, None, 370 + i, 1, "agreement", year=2023)
        for i, (name, t) in enumerate([("naskah akademik", 80), ("partai politik", 25), ("reformasi", 77)])
    )
    other_pk = (indicator("Laporan evaluasi distribusi logistik", 100, None, None, 462, 2, "agreement"),)
    budget_2023 = (budget("total", "Jumlah Anggaran", 126_887_188_000, None, None, 395, 5, year=2023),)
    budget_2024 = (budget("total", "Jumlah Anggaran Program", 126_887_188_000, None, None, 497, 6),)
    flags = audit(pk_2023 + other_pk, budget_2023 + budget_2024, only="year_mismatch")
    assert [(f.severity, f.values["table_year"], f.provenance[0].line) for f in flags] == [
        ("info", 2023, 370),
        ("info", 2023, 395),
    ]
    assert 497 in lines(flags[1])
    covered = tuple(replace(i, year=2024, provenance=prov(460 + n, 2)) for n, i in enumerate(pk_2023))
    assert not audit(pk_2023 + covered, budget_2024, only="year_mismatch")  # a true prior-year table
    next_year = tuple(replace(i, year=2025) for i in pk_2023)
    budget_2025 = (replace(budget_2023[0], year=2025),)
    assert not audit(next_year + other_pk, budget_2025 + budget_2024, only="year_mismatch")


def test_year_mismatch_previous_year_performance_table() -> None:
    inds = (indicator("Indikator A", 90, 90, 100, 10, 1, year=2023),)
    (flag,) = audit(inds, only="year_mismatch")
    assert "no 2024 performance table covers" in flag.message
