"""Tests for extractor.catalogue.capaian: capaian recomputed by the catalogue's direction."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.catalogue import (
    recompute_capaian,
)

# -------------------------------------------------------------------------------------- capaian


@pytest.mark.parametrize(
    ("target", "realisasi", "direction", "value_type", "expected"),
    [
        (90, 90, "higher_is_better", "percent", 100.0),
        (90, 85, "higher_is_better", "percent", 94.44),
        (95, 100, "higher_is_better", "percent", 105.26),
        (1, 1, "lower_is_better", "percent", 100.0),
        (0.1, 0.08, "lower_is_better", "percent", 120.0),
        (1, 2.5, "lower_is_better", "percent", 0.0),  # floored: three times worse is not -50 %
        (0, 5, "higher_is_better", "percent", None),
        (0, 0, "lower_is_better", "percent", None),
        ("90", 90, "higher_is_better", "percent", None),  # text is never parsed here
        (None, 90, "higher_is_better", "count", None),
        (True, 1, "higher_is_better", "count", None),
        (math.nan, 1, "higher_is_better", "index", None),
        ("B", "CC", "higher_is_better", "grade", 75.0),
        ("B", "BB", "higher_is_better", "grade", 100.0),
        ("AA", "AA", "higher_is_better", "grade", 100.0),
        ("В", "B", "higher_is_better", "grade", 100.0),  # Cyrillic target
        ("B", "72,10 (BB)", "higher_is_better", "grade", 100.0),
        ("A", "D", "higher_is_better", "grade", 16.67),
        ("B", "Belum Dilakukan Penilaian", "higher_is_better", "grade", None),
        (70, 71.2, "higher_is_better", "grade", 101.71),  # scores on both sides compare as numbers
        ("WTP", "WTP", "higher_is_better", "opinion", 100.0),
        ("WTP", "WDP", "higher_is_better", "opinion", 75.0),
        ("WDP", "WTP", "higher_is_better", "opinion", 100.0),
        ("WTP", "TMP", "higher_is_better", "opinion", 25.0),
        ("wtp", "WTP-DPP", "higher_is_better", "opinion", 100.0),
    ],
)
def test_recompute_capaian(
    target: object, realisasi: object, direction: str, value_type: str, expected: float | None
) -> None:
    assert recompute_capaian(target, realisasi, direction=direction, value_type=value_type) == expected  # type: ignore[arg-type]


def test_recompute_capaian_rejects_unknown_kinds() -> None:
    with pytest.raises(ValueError, match="direction"):
        recompute_capaian(1, 1, direction="up", value_type="percent")
    with pytest.raises(ValueError, match="value_type"):
        recompute_capaian(1, 1, direction="higher_is_better", value_type="ratio")


positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)


@given(target=positive, low=positive, high=positive)
def test_capaian_moves_with_direction(target: float, low: float, high: float) -> None:
    low, high = sorted((low, high))
    up_low = recompute_capaian(target, low, direction="higher_is_better", value_type="percent")
    up_high = recompute_capaian(target, high, direction="higher_is_better", value_type="percent")
    down_low = recompute_capaian(target, low, direction="lower_is_better", value_type="percent")
    down_high = recompute_capaian(target, high, direction="lower_is_better", value_type="percent")
    assert up_low is not None and up_high is not None and down_low is not None and down_high is not None
    assert up_low <= up_high and down_low >= down_high >= 0
    assert up_low == round(up_low, 2)
    assert recompute_capaian(target, target, direction="lower_is_better", value_type="percent") == 100.0

