"""Arithmetic inside one row: the printed %, the printed capaian, spending above the allocation."""

from __future__ import annotations

from collections.abc import Iterator

from extractor.audit.cells import amount_of, decimals_of, number_of, pct_agrees
from extractor.audit.cite import (
    describe_line,
    doubt_severity,
    fmt_num,
    fmt_rp,
    fmt_value,
    make_flag,
    prov_of,
    repairs_note,
    short,
)
from extractor.audit.model import AuditInput, AuditSettings
from extractor.audit.registry import CheckSpec
from extractor.models import Flag

_COMMON_CAPS = (100.0, 120.0)  # capaian caps some reports apply by policy


def check_persen_mismatch(inp: AuditInput, settings: AuditSettings) -> Iterator[Flag]:
    """Printed % vs realisasi/pagu x 100. A wrong percentage usually means a copied row or a
    mistyped amount; rounding or truncating to the printed decimals is accepted."""
    for rec in inp.budget:
        printed, pagu, real = number_of(rec.persen), amount_of(rec.pagu), amount_of(rec.realisasi)
        if printed is None or rec.persen is None:
            continue
        computed = real * 100 / pagu if pagu and real is not None and pagu > 0 else rec.persen_computed
        if computed is None or pct_agrees(
            printed, computed, decimals_of(rec.persen.raw), settings.persen_tolerance
        ):
            continue
        ratio = f"{fmt_rp(real)} / {fmt_rp(pagu)}" if pagu and real is not None else "realisasi/pagu"
        message = (
            f"Printed {rec.persen.raw.strip()} for {describe_line(rec)} but realisasi/pagu = {ratio} = "
            f"{fmt_num(computed)}%{repairs_note(rec.persen, rec.pagu, rec.realisasi)}."
        )
        values = {"printed": printed, "computed": round(computed, 4), "pagu": pagu, "realisasi": real}
        provs = [prov_of(rec.persen), prov_of(rec.realisasi), prov_of(rec.pagu)]
        severity = doubt_severity("error", rec.persen, rec.realisasi, rec.pagu)
        yield make_flag("persen_mismatch", severity, message, provs, values)


def check_capaian_mismatch(inp: AuditInput, settings: AuditSettings) -> Iterator[Flag]:
    """Printed capaian vs the one recomputed from target and realisasi (catalogue direction). A
    wrong capaian changes an indicator's verdict; caps of 100/120% applied by policy are accepted."""
    for ind in inp.indicators:
        printed, computed = number_of(ind.capaian), ind.capaian_computed
        if ind.role != "performance" or printed is None or computed is None or ind.capaian is None:
            continue
        tol = max(settings.capaian_tolerance, 10.0 ** -decimals_of(ind.capaian.raw) / 2)
        if abs(printed - computed) <= tol or (printed in _COMMON_CAPS and computed > printed):
            continue
        target = ind.target.value if ind.target else None
        real = ind.realisasi.value if ind.realisasi else None
        # grades have no agreed conversion to %: only a different verdict (met / not met) is a defect
        ordinal = isinstance(target, str) or isinstance(real, str)
        same_verdict = ordinal and (printed >= 100) == (computed >= 100)
        note = (
            " (grades convert to % in several ways; both say the target was not met)" if same_verdict else ""
        )
        message = (
            f"Printed capaian {ind.capaian.raw.strip()} for '{short(ind.label, 70)}' but "
            f"target {fmt_value(target)} "
            f"and realisasi {fmt_value(real)} give {fmt_num(computed)}%"
            f"{repairs_note(ind.capaian, ind.target, ind.realisasi)}{note}."
        )
        values = {"printed": printed, "computed": computed, "target": target, "realisasi": real}
        provs = [prov_of(ind.capaian), prov_of(ind.target), prov_of(ind.realisasi)]
        yield make_flag("capaian_mismatch", "info" if same_verdict else "warning", message, provs, values)


def check_overspend(inp: AuditInput, settings: AuditSettings) -> Iterator[Flag]:
    """Realisasi above pagu: spending beyond the allocation, or a mistyped amount."""
    for rec in inp.budget:
        pagu, real = amount_of(rec.pagu), amount_of(rec.realisasi)
        if pagu is None or real is None or real <= pagu + settings.total_tolerance_rupiah:
            continue
        share = f" ({fmt_num(real * 100 / pagu)}%)" if pagu > 0 else ""
        message = (
            f"Realisasi {fmt_rp(real)} exceeds pagu {fmt_rp(pagu)} by {fmt_rp(real - pagu)} "
            f"for {describe_line(rec)}{share}."
        )
        values = {"pagu": pagu, "realisasi": real, "excess": real - pagu}
        yield make_flag("overspend", "warning", message, [prov_of(rec.realisasi), prov_of(rec.pagu)], values)


PERSEN_MISMATCH = CheckSpec(
    "persen_mismatch",
    "error",
    "The printed percentage is not realisasi ÷ pagu of its row.",
    check_persen_mismatch,
)
CAPAIAN_MISMATCH = CheckSpec(
    "capaian_mismatch",
    "warning",
    "The printed capaian is not what target and realisasi give.",
    check_capaian_mismatch,
)
OVERSPEND = CheckSpec("overspend", "warning", "Realisasi is above pagu.", check_overspend)
