"""Arithmetic inside the running text (extractor.audit.claim_arithmetic): pagu, realisasi and %,
or target, realisasi and capaian, stated together."""

from __future__ import annotations

import pytest

from tests.audit_builders import audit, narrative

ONLY = "claim_arithmetic"


def claims(*texts: str) -> list[dict[str, object]]:
    return [dict(f.values) for f in audit(text=narrative(*texts), only=ONLY)]


def test_a_percentage_off_by_hundredths_in_one_sentence_is_flagged() -> None:
    """33.775.000 / 33.801.000 = 99,92%, the sentence says 99,95%."""
    found = claims(
        "Pada Tahun 2024 pagu anggaran sebesar Rp 33.801.000 dengan realisasi sebesar Rp 33.775.000 "
        "atau 99,95%."
    )
    assert (
        len(found) == 1
        and found[0]["stated"] == 99.95
        and found[0]["computed"] == pytest.approx(99.923, abs=1e-3)
    )


def test_a_summary_paragraph_off_by_whole_points_is_flagged() -> None:
    found = claims(
        "Pagu anggaran Tahun 2024 adalah Rp 2.706.216.000.",
        "Realisasi anggaran sampai dengan 31 Desember 2024 sebesar Rp 2.740.437.687.",
        "Dengan demikian penyerapan anggaran mencapai 94,91%.",
    )
    assert (
        len(found) == 1
        and found[0]["stated"] == 94.91
        and found[0]["computed"] == pytest.approx(101.26, abs=0.01)
    )


@pytest.mark.parametrize(
    "text",
    [
        # rounded and truncated to the printed decimals
        "pagu anggaran sebesar Rp 33.801.000 dengan realisasi sebesar Rp 33.775.000 atau 99,92%.",
        "pagu anggaran sebesar Rp 33.801.000 dengan realisasi sebesar Rp 33.775.000 atau 99,9%.",
        "Realisasi anggaran adalah Rp 33.775.000 dari pagu Rp 33.801.000 atau penyerapan 99,92%.",
        # an efficiency, a change and another year's percentage are not the absorption
        "pagu Rp 33.801.000 dan realisasi Rp 33.775.000 sehingga efisiensi anggaran 0,08%.",
        "pagu Rp 33.801.000 dengan realisasi Rp 33.775.000, naik sebesar 3,5% dari tahun lalu.",
        # two pagu amounts: which one the % is about cannot be told
        "Pagu 2024 Rp 51.412.431.000 dengan Pagu 2023 Rp 28.812.280.000, terealisasi 99,86%.",
        "Target 90% dengan realisasi 85% sehingga capaian 94,44%.",
        "Indikator ditargetkan 100% dengan realisasi 100%.",
    ],
)
def test_consistent_or_unrelated_figures_are_not_flagged(text: str) -> None:
    assert claims(text) == []


def test_target_realisasi_and_capaian_that_do_not_agree_are_flagged() -> None:
    found = claims("Indikator ini memiliki target 90% dengan realisasi 85% sehingga capaian 98%.")
    assert len(found) == 1 and found[0]["computed"] == pytest.approx(94.44, abs=0.01)


def test_another_years_figures_are_left_alone() -> None:
    text = "Pada Tahun 2023 pagu anggaran Rp 33.801.000 dengan realisasi Rp 33.775.000 atau 97,00%."
    assert claims(text) == []
