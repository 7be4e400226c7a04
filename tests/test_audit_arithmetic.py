"""Percentages, capaian and overspend checks (extractor.audit.arithmetic, cells) on hand-built records."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.audit.cells import pct_agrees
from extractor.audit.cite import fmt_num
from extractor.models import (
    CellValue,
    Method,
)
from tests.audit_builders import (
    audit,
    budget,
    indicator,
    lines,
)


def test_persen_mismatch_cites_all_three_cells() -> None:
    rows = (budget("indikator", "Koordinasi", 33_801_000, 33_775_000, 99.95, 1922, 4),)
    (flag,) = audit(budget_rows=rows, only="persen_mismatch")
    assert flag.severity == "error"
    assert "99,95%" in flag.message and "33.775.000 / 33.801.000 = 99,92%" in flag.message
    assert len(flag.provenance) == 3 and lines(flag) == {1922}
    assert flag.values["printed"] == 99.95 and flag.values["computed"] == pytest.approx(99.923, abs=1e-3)


def test_persen_mismatch_on_ocr_cells_marks_them_doubtful() -> None:
    """Failing arithmetic on OCR'd cells may be a misread: a warning naming the confidences."""

    row = budget("ro", "Sarana IT Pemilu", 29_178_000, 28_067_100, 100.0, 10, 2)

    def ocr(c: CellValue | None, conf: float) -> CellValue | None:
        return (
            None
            if c is None
            else replace(c, provenance=replace(c.provenance, method=Method.OCR_RULED), conf=conf)
        )

    row = replace(row, pagu=ocr(row.pagu, 91), realisasi=ocr(row.realisasi, 62), persen=ocr(row.persen, 88))
    (flag,) = audit(budget_rows=(row,), only="persen_mismatch")
    assert flag.severity == "warning"
    assert "read by OCR (confidence '100,00%' 88, '29.178.000' 91, '28.067.100' 62)" in flag.message


@pytest.mark.parametrize(
    ("pagu", "realisasi", "printed", "raw", "flagged"),
    [
        (33_801_000, 33_775_000, 99.92, "99,92%", False),
        (1_000_000, 999_600, 100, "100%", False),  # 99,96 rounds to 100
        (1_000_000, 999_960, 99.99, "99,99", False),  # 99,996 truncated
        (1_000_000, 999_960, 100.0, "100,00", False),  # 99,996 rounded
        (5_640_000, 5_618_832, 100.0, "100,00", True),  # 99,62
        (20_000, 0, 78.33, "78,33", True),
        (2_000, 0, 0.0, "0", False),
    ],
)
def test_persen_rounding_rules(pagu: int, realisasi: int, printed: float, raw: str, flagged: bool) -> None:
    rows = (budget("ro", "X", pagu, realisasi, printed, 5, persen_raw=raw),)
    assert bool(audit(budget_rows=rows, only="persen_mismatch")) is flagged


def test_persen_tolerance_setting_widens_the_check() -> None:
    rows = (budget("ro", "X", 1_000_000, 990_000, 99.3, 5, persen_raw="99,3"),)
    assert audit(budget_rows=rows, only="persen_mismatch")
    assert not audit(budget_rows=rows, only="persen_mismatch", persen_tolerance=0.5)


@given(
    pagu=st.integers(min_value=1, max_value=10**12),
    share=st.floats(min_value=0, max_value=1.2, allow_nan=False),
    decimals=st.integers(min_value=0, max_value=2),
    truncate=st.booleans(),
)
def test_persen_printed_from_the_ratio_is_never_flagged(
    pagu: int, share: float, decimals: int, truncate: bool
) -> None:
    realisasi = int(pagu * share)
    exact = realisasi * 100 / pagu
    scale = 10**decimals
    printed = (int(exact * scale) if truncate else round(exact * scale)) / scale
    raw = fmt_num(printed, decimals) + "%"
    rows = (budget("ro", "X", pagu, realisasi, printed, 5, persen_raw=raw),)
    assert not audit(budget_rows=rows, only="persen_mismatch")


@given(st.floats(min_value=0, max_value=150, allow_nan=False), st.integers(min_value=0, max_value=2))
def test_pct_agrees_accepts_its_own_rounding(value: float, decimals: int) -> None:
    assert pct_agrees(round(value, decimals), value, decimals, None)


def test_capaian_mismatch_positive_and_negative() -> None:
    wrong = indicator("Persentase pendidikan pemilih", 90, 85, 100, 1811)
    right = indicator("Persentase RPP", 90, 85, 94.4, 1813)
    capped = indicator("Persentase jadwal", 95, 100, 100, 1827)  # 105,26 capped at 100 by policy
    grade = indicator("Nilai Akuntabilitas Kinerja", "B", "CC", 60, 1803, unit="grade")
    (flag,) = audit((wrong, right, capped, grade), only="capaian_mismatch")
    assert lines(flag) == {1811} and len(flag.provenance) == 3
    assert flag.values["computed"] == pytest.approx(94.44)
    assert "94,44%" in flag.message


def test_overspend_only_above_pagu() -> None:
    rows = (
        budget("indikator", "Opini BPK", 2_678_165_000, 2_715_809_026, 101.41, 2116),
        budget("indikator", "Keterbukaan", 7_540_000, 7_540_000, 100.0, 2118),
    )
    (flag,) = audit(budget_rows=rows, only="overspend")
    assert flag.severity == "warning" and lines(flag) == {2116}
    assert flag.values["excess"] == 37_644_026
