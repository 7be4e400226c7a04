"""The budget_absorption view (extractor.combine): one row's pagu and realisasi per unit, or why not."""

from __future__ import annotations

import pandas as pd

from extractor.combine import absorption


def _budget(rows: list[tuple[str, str, int, int | None, int | None, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "file": f"{unit}.pdf",
                "satker": unit,
                "province": "Bengkulu",
                "report_year": 2024,
                "budget_level": level,
                "year": year,
                "pagu": pagu,
                "realisasi": real,
                "page": 5,
                "line": line,
            }
            for unit, level, year, pagu, real, line in rows
        ]
    ).astype({"pagu": "Int64", "realisasi": "Int64"})


def test_absorption_is_one_rows_figures_and_units_without_a_total_say_why() -> None:
    """The view took the largest pagu and the largest realisasi separately, printing figures no
    report has; a unit with only a 2023 total silently dropped out."""
    budget = _budget(
        [
            ("KPU Kota A", "total", 2024, 1_000_000, 900_000, 10),  # the unit's grand total
            ("KPU Kota A", "total", 2024, 400_000, 399_000, 20),  # a sub-total: higher realisasi share
            ("KPU Kota A", "total", 2023, 5_000_000, 4_999_000, 30),  # last year's: larger, other year
            ("KPU Kota B", "total", 2023, 2_000_000, 1_900_000, 11),
            ("KPU Kota C", "program", 2024, 3_000_000, 2_000_000, 12),
            ("KPU Kota D", "total", 2024, 3_000_000, None, 13),
        ]
    )
    indicators = pd.DataFrame(
        {"file": ["KPU Kota E.pdf"], "satker": ["KPU Kota E"], "province": ["Bengkulu"], "report_year": [2024]}
    )
    flags = indicators.iloc[0:0]
    view = absorption({"budget": budget, "indicators": indicators, "flags": flags}).set_index("satker")
    a = view.loc["KPU Kota A"]
    assert (a["pagu"], a["realisasi"], a["absorption_pct"], a["line"]) == (1_000_000, 900_000, 90.0, 10)
    assert pd.isna(a["reason"])
    assert view.loc["KPU Kota B", "reason"] == "no total row for the report year (only 2023)"
    assert view.loc["KPU Kota C", "reason"] == "no total row in its budget tables"
    assert view.loc["KPU Kota D", "reason"] == "the report-year total does not print both pagu and realisasi"
    assert view.loc["KPU Kota E", "reason"] == "no budget table found"
    assert view.index[0] == "KPU Kota A"  # ranked units first
