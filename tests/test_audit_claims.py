"""Narrative claims about results (extractor.audit.claims) on hand-built records."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extractor.models import Flag
from tests.audit_builders import audit, budget, indicator, lines, narrative


def claims(inds: tuple = (), rows: tuple = (), *text: str) -> tuple[Flag, ...]:
    return audit(inds, rows, narrative(*text), only="text_vs_table")


# ----------------------------------------------------------------------------- grades

GRADED = (
    indicator("Nilai Akuntabilitas Kinerja", "B", "CC", 60, 1803, unit="grade"),
    indicator("Opini BPK atas Laporan Keuangan", "WTP", "WTP", 100, 1804, unit="opini"),
)


def test_a_grade_the_text_gives_for_the_year_must_be_the_tables() -> None:
    text = (
        "Nilai evaluasi atas akuntabilitas kinerja KPU Kota Prabumulih tahun 2023 memperoleh nilai "
        "sebesar 71,2 dengan konversi nilai B. adapun di 2024 diprediksi akan sama yakni B."
    )
    (flag,) = claims(GRADED, (), text)
    assert flag.values == {"stated": "B", "table": "CC", "indicator": "Nilai Akuntabilitas Kinerja"}
    assert lines(flag) == {500, 1803} and "realisasi CC" in flag.message


@pytest.mark.parametrize(
    "text",
    [
        "Nilai akuntabilitas kinerja tahun 2024 diharapkan memperoleh nilai diatas 70 dengan predikat B.",
        "Nilai akuntabilitas kinerja tahun 2023 memperoleh predikat B.",  # another year
        "Untuk nilai akuntabilitas kinerja masih meraih CC seperti tahun sebelumnya.",  # agrees
        "Terwujudnya Sumber Daya Manusia Nilai Akuntabilitas Kinerja B Opini BPK WTP",  # a PK row
        "Opini BPK atas Laporan Keuangan tahun 2024 adalah WTP.",
    ],
)
def test_grades_that_are_targets_other_years_or_right_are_fine(text: str) -> None:
    assert not claims(GRADED, (), text)


def test_capaian_of_grades_converted_another_way_is_info() -> None:
    """B -> CC is 75% on the catalogue's ladder and 60% in the report: both say 'not met'."""
    (flag,) = audit((replace(GRADED[0], capaian_computed=75.0),), only="capaian_mismatch")
    assert flag.severity == "info" and "both say the target was not met" in flag.message
    (flag,) = audit((replace(GRADED[0], capaian_computed=100.0),), only="capaian_mismatch")
    assert flag.severity == "warning"  # a different verdict is a defect


# ----------------------------------------------------------------------------- "not met" claims

ALL_MET = (
    indicator("Persentase pendidikan pemilih", 90, 90, 100, 777),
    indicator("Persentase RPP", 90, 95, 105.6, 778),
)


def test_text_saying_targets_were_missed_when_all_were_met() -> None:
    text = "Kendala yang menyebabkan tidak tercapainya indikator sasaran tersebut akan diperbaiki."
    (flag,) = claims(ALL_MET, (), text)
    assert lines(flag) == {500, 777, 778} and flag.values["indicators"] == 2


@pytest.mark.parametrize(
    ("extra", "text"),
    [
        ((indicator("Persentase arsip", 100, None, None, 779),), "Indikator yang belum mencapai target ada."),
        ((indicator("Persentase arsip", 100, 80, 80, 779),), "Indikator yang belum mencapai target ada."),
        ((), "Jika target tidak tercapai maka akan dievaluasi."),
        ((), "Tidak ada indikator yang tidak tercapai."),
        ((), "Indikator yang belum tercapai pada tahun 2023 telah diperbaiki."),
    ],
)
def test_not_met_claims_that_may_be_right_are_fine(extra: tuple, text: str) -> None:
    assert not claims(ALL_MET + extra, (), text)


# ----------------------------------------------------------------------------- year-on-year changes

TOTALS = (
    budget("total", "JUMLAH", 51_412_431_000, 47_457_842_438, 92.31, 973, 26),
    budget("total", "TOTAL", 28_812_280_000, 28_455_619_223, 98.76, 989, 28),  # last year's, unlabelled
)
CHANGE = (
    "Dibandingkan dengan Tahun 2023, di Tahun 2024 {} sebesar {}, dengan perbandingan antara Pagu "
    "Anggaran Tahun 2024 Rp. 51.412.431.000,- dengan Pagu Anggaran Tahun 2023 Rp. 28.812.280.000,-"
)


def test_a_change_from_last_year_that_no_totals_give() -> None:
    (flag,) = claims((), TOTALS, CHANGE.format("naik", "0,8%"))
    assert flag.values["stated"] == 0.8 and flag.values["from_year"] == 2023
    assert "98,76% -> 92,31%" in flag.message and lines(flag) >= {500, 973, 989}


@pytest.mark.parametrize(("verb", "pct"), [("turun", "6,45%"), ("menurun", "6,53%"), ("naik", "78,44%")])
def test_a_change_the_totals_give_is_fine(verb: str, pct: str) -> None:
    assert not claims((), TOTALS, CHANGE.format(verb, pct))


def test_no_change_check_without_last_years_total() -> None:
    text = "Dibandingkan Tahun 2023, realisasi anggaran Tahun 2024 naik sebesar 0,8%."
    assert not claims((), TOTALS[:1], text)
