"""Reading a record's cells as numbers, and the few comparisons every check makes with them."""

from __future__ import annotations

import re

from extractor.catalogue.labels import plain_label
from extractor.models import CellValue, IndicatorRecord

AMOUNT_FIELDS = ("pagu", "realisasi")  # the rupiah columns of a budget row


def number_of(cell: CellValue | None) -> float | None:
    """The numeric value of a cell, None for grades, text and empty cells."""
    if cell is None or isinstance(cell.value, bool) or not isinstance(cell.value, int | float):
        return None
    return float(cell.value)


def amount_of(cell: CellValue | None) -> int | None:
    v = number_of(cell)
    return None if v is None else round(v)


def decimals_of(raw: str) -> int:
    """Digits printed after the decimal separator of a percentage ('99,92%' → 2, '100%' → 0)."""
    m = re.search(r"\d[.,](\d+)\D*$", raw.strip())
    return len(m.group(1)) if m and len(m.group(1)) < 3 else 0


def pct_agrees(printed: float, computed: float, decimals: int, tolerance: float | None) -> bool:
    """Printed vs recomputed percentage, allowing rounding *or* truncation to the printed decimals."""
    unit = 10.0**-decimals
    tol = tolerance if tolerance is not None else max(unit / 2, 0.01)
    return abs(printed - computed) <= tol + 1e-9 or 0 <= computed - printed < unit + 1e-9


def in_year(year: int | None, report_year: int | None) -> bool:
    return year is None or report_year is None or year == report_year


def indicator_key(ind: IndicatorRecord) -> str:
    return f"id:{ind.indicator_id}" if ind.indicator_id else f"label:{plain_label(ind.label)}"


def capaian_of(ind: IndicatorRecord) -> float | None:
    """Printed capaian when numeric, else the recomputed one."""
    printed = number_of(ind.capaian)
    return printed if printed is not None else ind.capaian_computed
