"""Roll-ups and year labels (extractor.audit.rollup and years) on hand-built records."""

from __future__ import annotations

from dataclasses import replace

from extractor.audit import AuditInput
from extractor.audit.model import AuditSettings
from extractor.audit.years import as_report_year, check_future_realisasi, mislabelled, year_mismatch_flags
from extractor.models import BudgetRecord
from tests.test_audit import SATKER, audit, budget, indicator, lines


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
