"""Duplicate rows that disagree and agreement targets never reported (extractor.audit.consistency)."""

from __future__ import annotations

from tests.audit_builders import (
    audit,
    budget,
    indicator,
    lines,
)


def test_duplicate_indicator_target_conflict() -> None:
    label = "Persentase Keputusan KPU yang disusun tepat waktu"
    inds = (
        indicator(label, 85, None, None, 1659, 1, "agreement"),
        indicator(label.upper() + ".", 90, None, None, 3466, 3, "agreement"),
        indicator(label, 85, 85, 100, 1785, 2),
        indicator("Lain", 80, 80, 100, 1790, 2),
    )
    (flag,) = audit(inds, only="duplicate_conflict")
    assert flag.values["field"] == "target" and sorted(flag.values["values"]) == [85, 90]
    assert lines(flag) == {1659, 3466, 1785}


def test_duplicate_budget_line_conflict_needs_two_tables_and_one_year() -> None:
    rows = (
        budget("program", "Penyelenggaraan Pemilu", 26_608_457_000, None, None, 690, 0),
        budget("program", "Penyelenggaraan  pemilu", 26_960_928_000, None, None, 1210, 7),
        budget("program", "Penyelenggaraan Pemilu", 3_910_953_000, None, None, 1307, 10, year=2025),
        budget("ro", "X", 10, None, None, 5, 1, code="6709.QGE.001"),
        budget("ro", "X again", 11, None, None, 6, 1, code="6709.QGE.001"),  # same table: not this check
    )
    (flag,) = audit(budget_rows=rows, only="duplicate_conflict")
    assert lines(flag) == {690, 1210} and flag.values["field"] == "pagu"


def test_agreement_never_reported_and_report_without_agreement() -> None:
    inds = (
        indicator("Persentase Partisipasi Pemilih dalam Pemilu", 80, None, None, 3478, 1, "agreement"),
        indicator("Opini BPK atas Laporan Keuangan", "WTP", None, None, 3474, 1, "agreement", unit="opini"),
        indicator("Opini BPK atas Laporan Keuangan", "WTP", "WTP", 100, 1804, 2, unit="opini"),
        indicator("Persentase Dokumen Evaluasi", 1, 1, 100, 1805, 2, unit="dokumen"),
        indicator("Nilai Reformasi Birokrasi", 100, None, None, 1003, 2),
    )
    flags = audit(inds)
    got = {(f.code, f.severity, f.provenance[0].line) for f in flags}
    assert got == {
        ("realisasi_missing", "warning", 3478),
        ("target_missing", "warning", 1805),
        ("target_missing", "warning", 1003),
        ("realisasi_missing", "info", 1003),
    }


def test_no_agreement_table_means_no_target_missing() -> None:
    inds = (indicator("Persentase Dokumen Evaluasi", 1, 1, 100, 5, 2),)
    assert not audit(inds, only="target_missing")
