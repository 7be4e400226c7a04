"""Capaian (achievement %) recomputed from target and realisasi by the catalogue's direction.

Lives beside the catalogue because the direction and value type that decide the formula are
catalogue data; normalise and audit call it to check what a report printed.
"""

from __future__ import annotations

import math
import re
import unicodedata

from extractor.catalogue.labels import HOMOGLYPHS
from extractor.catalogue.model import DIRECTIONS, VALUE_TYPES
from extractor.vocabulary import GRADE_ORDER, OPINION_ORDER


def recompute_capaian(
    target: float | int | str | None,
    realisasi: float | int | str | None,
    *,
    direction: str,
    value_type: str,
) -> float | None:
    """Capaian (%) from target and realisasi, or None when it cannot be computed.

    Numbers: higher is better -> realisasi / target x 100; lower is better -> (2 - realisasi / target)
    x 100, floored at 0. Grades (AA > A > BB > B > CC > C > D) and opinions (WTP > WDP > TW > TMP) are
    ordinal: equal or better -> 100, else rank(realisasi) / rank(target) x 100 with the worst rank 1
    (so B -> CC gives 3/4 = 75). Text numbers are never parsed here: pass parsed values.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, got {direction!r}")
    if value_type not in VALUE_TYPES:
        raise ValueError(f"value_type must be one of {VALUE_TYPES}, got {value_type!r}")
    t, r = _number(target), _number(realisasi)
    if value_type in ("grade", "opinion") and (t is None or r is None):
        order = GRADE_ORDER if value_type == "grade" else OPINION_ORDER
        rank_t, rank_r = _rank(target, order), _rank(realisasi, order)
        if rank_t is None or rank_r is None:
            return None
        return 100.0 if rank_r >= rank_t else round(100.0 * rank_r / rank_t, 2)
    if t is None or r is None or t <= 0 or r < 0:
        return None
    ratio = r / t
    value = ratio * 100.0 if direction == "higher_is_better" else max(0.0, (2.0 - ratio) * 100.0)
    return round(value, 2)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


_GRADE_IN_PARENS = re.compile(r"^\d[\d.,]*\s*\(([A-Z]{1,3})\)$")


def _rank(value: object, order: tuple[str, ...]) -> int | None:
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).translate(HOMOGLYPHS).strip(" \t\"'.").upper()
    found = _GRADE_IN_PARENS.match(text)
    text = found.group(1) if found else re.sub(r"[\s-]+DPP$", "", text)
    return order.index(text) + 1 if text in order else None


# The ordinal scale KPU reports print to judge a capaian (lower bound in %, Indonesian, English),
# best first; the compare page draws it behind every capaian chart and states it in its legend.
CAPAIAN_BANDS: tuple[tuple[float, str, str], ...] = (
    (100.0, "Sangat berhasil", "Very successful"),
    (80.0, "Berhasil", "Successful"),
    (60.0, "Cukup berhasil", "Fairly successful"),
    (0.0, "Kurang berhasil", "Not successful"),
)


def capaian_band(capaian: float) -> int:
    """Index into ``CAPAIAN_BANDS`` of the band a capaian (%) falls in (100 and above is band 0)."""
    return next((i for i, (low, _, _) in enumerate(CAPAIAN_BANDS) if capaian >= low), len(CAPAIAN_BANDS) - 1)
