"""Capaian no result can have: far above target, or target and realisasi counted in different units.

Target "1 Laporan" and realisasi "100%" (the report meant "done") give a capaian of 10000%, which
then tops every ranking and colours the compare page green. Such a row is no achievement but a
unit or typing mistake, and neither it nor an average over it should be believed.
"""

from __future__ import annotations

from collections.abc import Iterator

from extractor.audit.cells import number_of
from extractor.audit.cite import fmt_num, fmt_value, make_flag, prov_of, repairs_note, short
from extractor.audit.model import AuditInput, AuditSettings
from extractor.audit.registry import CheckSpec
from extractor.models import CellValue, Flag, IndicatorRecord

CODE = "implausible_capaian"
_PERCENT = ("%", "persen")


def _unit(cell: CellValue) -> str | None:
    """The unit a cell counts in: '%', a noun ('laporan'), or 'text' for '1 Lakip dan 2 PK'."""
    if isinstance(cell.value, str):
        return "text" if any(ch.isdigit() for ch in cell.value) else None
    return "%" if cell.unit in _PERCENT or cell.kind == "percent" else cell.unit


def units_differ(ind: IndicatorRecord) -> tuple[str, str] | None:
    """(target unit, realisasi unit) when one is a percentage and the other a count of things."""
    if ind.target is None or ind.realisasi is None:
        return None
    ut, ur = _unit(ind.target), _unit(ind.realisasi)
    if ut is None or ur is None or ut == ur or "%" not in (ut, ur):
        return None
    return ut, ur


def capaian_value(ind: IndicatorRecord) -> float | None:
    """The highest capaian the row claims or implies: printed, else recomputed."""
    values = [v for v in (number_of(ind.capaian), ind.capaian_computed) if v is not None]
    return max(values) if values else None


def check_implausible_capaian(inp: AuditInput, settings: AuditSettings) -> Iterator[Flag]:
    """Performance rows whose capaian is above ``capaian_bound`` or whose target and realisasi are
    in different units (a count against a percentage): a mistake, not a result."""
    for ind in inp.indicators:
        if ind.role != "performance" or ind.target is None or ind.realisasi is None:
            continue
        capaian, units = capaian_value(ind), units_differ(ind)
        too_high = capaian is not None and capaian > settings.capaian_bound
        if not (too_high or units):
            continue
        why = []
        if units:
            why.append(f"the target counts {units[0]} and the realisasi {units[1]}")
        if too_high and capaian is not None:
            why.append(
                f"a capaian of {fmt_num(capaian)}% is above the plausible {fmt_num(settings.capaian_bound, 0)}%"
            )
        message = (
            f"'{short(ind.label, 70)}': target {ind.target.raw.strip()} and realisasi {ind.realisasi.raw.strip()}"
            f" — {'; '.join(why)}; read it as a unit or typing mistake, not an achievement"
            f"{repairs_note(ind.target, ind.realisasi)}."
        )
        values = {
            "target": fmt_value(ind.target.value),
            "realisasi": fmt_value(ind.realisasi.value),
            "capaian": None if capaian is None else round(capaian, 2),
            "bound": settings.capaian_bound,
            "units": list(units) if units else None,
        }
        provs = [prov_of(ind.realisasi), prov_of(ind.target), prov_of(ind.capaian)]
        yield make_flag(CODE, "warning", message, provs, values)


IMPLAUSIBLE_CAPAIAN = CheckSpec(
    CODE,
    "warning",
    "A capaian above the plausible bound, or target and realisasi in different units: a mistake, not a result.",
    check_implausible_capaian,
)
