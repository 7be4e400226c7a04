"""Audit stage: checks that flag defects inside a report, never changing an extracted value.

Each check is a plain function registered in ``CHECKS`` under a stable code; it takes the frozen
records of one report and returns ``Flag``s carrying the numbers involved and the provenance of
every cell involved, so an auditor can open the page and see the defect for themselves. Roll-ups
and year labels live in ``audit_tables``; checks that read running text in ``audit_text`` (figures,
counts, other units) and ``audit_claims`` (capaian, "all met", grades, changes from last year).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from extractor.catalogue.labels import plain_label
from extractor.errors import ExitCode, LakipError
from extractor.models import (
    BudgetRecord,
    CellValue,
    Flag,
    IndicatorRecord,
    Provenance,
    Satker,
    Severity,
    TextLine,
)

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
_FIELDS = ("pagu", "realisasi")
_COMMON_CAPS = (100.0, 120.0)  # capaian caps some reports apply by policy
FUZZY_MIN = 85  # rapidfuzz score for "the same indicator, spelled differently"


class AuditSettingsError(LakipError):
    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class AuditSettings:
    """Tolerances of the checks; ``enabled`` picks checks by code (None = all)."""

    persen_tolerance: float | None = None  # None: half a unit of the printed decimals, at least 0.01
    total_tolerance_rupiah: int = 1
    capaian_tolerance: float = 0.5  # percentage points
    enabled: frozenset[str] | None = None

    def __post_init__(self) -> None:
        pt, ct = self.persen_tolerance, self.capaian_tolerance
        if pt is not None and not 0 <= pt <= 100:
            raise AuditSettingsError(f"persen_tolerance must be between 0 and 100, got {pt}")
        if self.total_tolerance_rupiah < 0:
            raise AuditSettingsError(
                f"total_tolerance_rupiah must be >= 0, got {self.total_tolerance_rupiah}"
            )
        if not 0 <= ct <= 100:
            raise AuditSettingsError(f"capaian_tolerance must be between 0 and 100, got {ct}")
        if unknown := sorted(set(self.enabled or ()) - set(CHECKS)):
            raise AuditSettingsError(
                f"unknown audit check(s) {', '.join(unknown)}; known: {', '.join(CHECKS)}"
            )


@dataclass(frozen=True)
class AuditInput:
    """One report's records; ``indicators`` should hold every table occurrence, not the merged view."""

    satker: Satker
    indicators: tuple[IndicatorRecord, ...]
    budget: tuple[BudgetRecord, ...]
    narrative: tuple[TextLine, ...]
    report_year: int | None

    @property
    def year(self) -> int | None:
        return self.report_year if self.report_year is not None else self.satker.year

    @property
    def file(self) -> str:
        provs = [*(i.provenance for i in self.indicators), *(b.provenance for b in self.budget)]
        return next((p.file for p in provs if p.file), "")


# ----------------------------------------------------------------------------- shared helpers


def number_of(cell: CellValue | None) -> float | None:
    """The numeric value of a cell, None for grades, text and empty cells."""
    if cell is None or isinstance(cell.value, bool) or not isinstance(cell.value, int | float):
        return None
    return float(cell.value)


def amount_of(cell: CellValue | None) -> int | None:
    v = number_of(cell)
    return None if v is None else round(v)


def fmt_rp(amount: int) -> str:
    """Indonesian thousands dots, as the report prints rupiah."""
    return ("-" if amount < 0 else "") + f"{abs(amount):,}".replace(",", ".")


def fmt_num(value: float, decimals: int = 2) -> str:
    """Indonesian decimal comma."""
    return f"{value:,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_value(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return fmt_rp(value) if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        return fmt_num(value, 0 if value.is_integer() else 2)
    return str(value)


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


def where(prov: Provenance) -> str:
    page = f"page {prov.page} " if prov.page is not None else ""
    return f"{page}line {prov.line}" + (f" (table {prov.table})" if prov.table is not None else "")


def make_flag(
    code: str, severity: Severity, message: str, provs: Iterable[Provenance | None], values: dict[str, Any]
) -> Flag:
    return Flag(code, severity, message, tuple(dict.fromkeys(p for p in provs if p is not None)), values)


def prov_of(cell: CellValue | None) -> Provenance | None:
    return cell.provenance if cell is not None else None


def describe_line(rec: BudgetRecord) -> str:
    level = rec.level.upper() if rec.level in ("kro", "ro") else rec.level
    name = rec.name if len(rec.name) <= 70 else rec.name[:67] + "..."
    return f"{level} {rec.code + ' ' if rec.code else ''}'{name}'"


def repairs_note(*cells: CellValue | None) -> str:
    notes = [r for c in cells if c is not None for r in c.repairs]
    text = f" (OCR repairs applied: {'; '.join(notes)})" if notes else ""
    ocr = [c for c in cells if c is not None and c.provenance.method.value.startswith("ocr")]
    if ocr:
        confs = ", ".join(
            f"'{c.raw.strip()}' {c.conf:.0f}" if c.conf is not None else f"'{c.raw}'" for c in ocr
        )
        text += f"; read by OCR (confidence {confs}): a cell may be misread, check the page before concluding"
    return text


def doubt_severity(severity: Severity, *cells: CellValue | None) -> Severity:
    """Arithmetic that fails on OCR'd cells marks them doubtful (a warning), not the report wrong."""
    ocr = any(c is not None and c.provenance.method.value.startswith("ocr") for c in cells)
    return "warning" if ocr and severity == "error" else severity


# ----------------------------------------------------------------------------- row arithmetic


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
            f"Printed capaian {ind.capaian.raw.strip()} for '{ind.label[:70]}' but "
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


# ----------------------------------------------------------------------------- consistency across tables


def _same(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 1e-6
    return str(a).strip().casefold() == str(b).strip().casefold()


def _conflict(label: str, field: str, year: int | None, cells: Sequence[CellValue]) -> Flag | None:
    """One flag when the same item shows different values for ``field`` in different places."""
    groups: list[tuple[Any, list[CellValue]]] = []
    for cell in cells:
        match = next((members for value, members in groups if _same(value, cell.value)), None)
        if match is None:
            groups.append((cell.value, [cell]))
        else:
            match.append(cell)
    if len(groups) < 2:
        return None
    shown = "; ".join(
        f"{fmt_value(v)} at {', '.join(where(c.provenance) for c in cs[:4])}" for v, cs in groups
    )
    message = f"'{label[:70]}' ({year or 'year unknown'}) has different {field} values: {shown}."
    values = {"field": field, "values": [v for v, _ in groups], "label": label}
    return make_flag("duplicate_conflict", "warning", message, [c.provenance for c in cells], values)


def check_duplicate_conflict(inp: AuditInput, settings: AuditSettings) -> Iterator[Flag]:
    """The same indicator (id, else normalised label) or budget line (code, else level and name)
    of one year printed with different values in two places: at most one of them is right."""
    inds: dict[tuple[str, int | None], list[IndicatorRecord]] = {}
    for ind in inp.indicators:
        inds.setdefault((indicator_key(ind), ind.year), []).append(ind)
    for (_, year), items in inds.items():
        for field, pool in (("target", items), ("realisasi", [i for i in items if i.role == "performance"])):
            cells = [c for i in pool if (c := getattr(i, field)) is not None and c.value is not None]
            if flag := _conflict(items[0].label, field, year, cells):
                yield flag
    lines: dict[tuple[str, int | None], list[BudgetRecord]] = {}
    for rec in inp.budget:
        key = (
            "code:" + re.sub(r"\s+", "", rec.code).upper()
            if rec.code
            else f"{rec.level}:{plain_label(rec.name)}"
        )
        lines.setdefault((key, rec.year), []).append(rec)
    for (_, year), recs in lines.items():
        for field in _FIELDS:
            cells = [c for r in recs if (c := getattr(r, field)) is not None and c.value is not None]
            if len({c.provenance.table for c in cells}) >= 2 and (
                flag := _conflict(recs[0].name, field, year, cells)
            ):
                yield flag


def same_indicator(a: IndicatorRecord, b: IndicatorRecord) -> bool:
    if a.indicator_id and b.indicator_id:
        return a.indicator_id == b.indicator_id
    return fuzz.token_sort_ratio(plain_label(a.label), plain_label(b.label)) >= FUZZY_MIN


def _by_role(inp: AuditInput, role: str) -> list[list[IndicatorRecord]]:
    """Report-year rows of one role, grouped per indicator."""
    out: dict[str, list[IndicatorRecord]] = {}
    for ind in inp.indicators:
        if ind.role == role and in_year(ind.year, inp.year):
            out.setdefault(indicator_key(ind), []).append(ind)
    return list(out.values())


def _missing_flag(
    code: str, severity: Severity, rows: Sequence[IndicatorRecord], kind: str, what: str
) -> Flag:
    places = ", ".join(where(r.provenance) for r in rows[:4])
    message = f"{kind} '{rows[0].label[:80]}' {what} ({places})."
    return make_flag(code, severity, message, [r.provenance for r in rows], {"indicator": rows[0].label})


def check_realisasi_missing(inp: AuditInput, settings: AuditSettings) -> Iterator[Flag]:
    """Agreement (PK) indicators of the report year never reported in a performance table, and
    reported rows without a realisasi: a commitment whose result the report never gives."""
    perf = _by_role(inp, "performance")
    reported = [rows[0] for rows in perf]
    for rows in _by_role(inp, "agreement") if perf else []:
        if not any(same_indicator(rows[0], p) for p in reported):
            target = fmt_value(rows[0].target.value) if rows[0].target else "none"
            what = f"(target {target}) is never reported in a performance table"
            yield _missing_flag("realisasi_missing", "warning", rows, "Agreement indicator", what)
    for rows in perf:
        no_value = all(r.realisasi is None or r.realisasi.value is None for r in rows)
        if no_value and any(r.target for r in rows):
            what = "has a target but no realisasi"
            yield _missing_flag("realisasi_missing", "info", rows, "Performance row", what)


def check_target_missing(inp: AuditInput, settings: AuditSettings) -> Iterator[Flag]:
    """Reported indicators with no agreement (PK) target: results measured against nothing signed."""
    committed = [rows[0] for rows in _by_role(inp, "agreement")]
    for rows in _by_role(inp, "performance") if committed else []:
        if not any(same_indicator(rows[0], a) for a in committed):
            yield _missing_flag("target_missing", "warning", rows, "Reported indicator", "has no PK target")


# ----------------------------------------------------------------------------- running


def check_total_mismatch(inp: AuditInput, settings: AuditSettings) -> list[Flag]:
    """Printed parents and totals vs the sum of their rows (see audit_tables)."""
    from extractor.audit_tables import total_mismatch_flags

    return total_mismatch_flags(inp, settings.total_tolerance_rupiah)


def check_year_mismatch(inp: AuditInput, settings: AuditSettings) -> list[Flag]:
    """Tables labelled with an earlier year that hold report-year data (see audit_tables)."""
    from extractor.audit_tables import year_mismatch_flags

    return year_mismatch_flags(inp)


def check_text_vs_table(inp: AuditInput, settings: AuditSettings) -> list[Flag]:
    """Figures and claims in the running text that no report-year table supports (see audit_text)."""
    from extractor.audit_text import text_vs_table_flags

    return text_vs_table_flags(inp, settings)


def check_foreign_satker(inp: AuditInput, settings: AuditSettings) -> list[Flag]:
    """Explicit mentions of other KPU units: text copied from another unit's report (see audit_text)."""
    from extractor.audit_text import foreign_satker_flags

    return foreign_satker_flags(inp)


CheckFn = Callable[[AuditInput, AuditSettings], Iterable[Flag]]
CHECKS: dict[str, CheckFn] = {
    "persen_mismatch": check_persen_mismatch,
    "capaian_mismatch": check_capaian_mismatch,
    "total_mismatch": check_total_mismatch,
    "overspend": check_overspend,
    "duplicate_conflict": check_duplicate_conflict,
    "text_vs_table": check_text_vs_table,
    "foreign_satker": check_foreign_satker,
    "target_missing": check_target_missing,
    "realisasi_missing": check_realisasi_missing,
    "year_mismatch": check_year_mismatch,
}


def _order(flag: Flag) -> tuple[Any, ...]:
    first = flag.provenance[0] if flag.provenance else None
    page, line = (first.page, first.line) if first else (None, None)
    return (
        _SEVERITY_RANK[flag.severity],
        page is None,
        page or 0,
        line is None,
        line or 0,
        flag.code,
        flag.message,
    )


def run_audit(inp: AuditInput, settings: AuditSettings | None = None) -> tuple[Flag, ...]:
    """Every enabled check, ordered by severity, then page and line, so output is deterministic."""
    from extractor.audit_tables import as_report_year

    settings = settings or AuditSettings()
    view = as_report_year(inp)  # mislabelled tables count as the report year's for the other checks
    flags: list[Flag] = []
    for code, check in CHECKS.items():
        if settings.enabled is None or code in settings.enabled:
            found = list(check(inp if code == "year_mismatch" else view, settings))
            log.debug("%s: check %s gave %d flag(s)", inp.file or "<input>", code, len(found))
            flags += found
    return tuple(sorted(flags, key=_order))


def flags_to_dataframe(flags: Iterable[Flag]) -> pd.DataFrame:
    """One row per flag, located by its first provenance; ``values`` as JSON text."""
    import pandas as pd

    rows = []
    for f in flags:
        first = f.provenance[0] if f.provenance else None
        rows.append(
            {
                "code": f.code,
                "severity": f.severity,
                "message": f.message,
                "page": first.page if first else None,
                "line": first.line if first else None,
                "method": first.method.value if first else None,
                "table": first.table if first else None,
                "values": json.dumps(dict(f.values), ensure_ascii=False, sort_keys=True, default=str),
            }
        )
    columns = ["code", "severity", "message", "page", "line", "method", "table", "values"]
    return pd.DataFrame(rows, columns=columns).astype({"page": "Int64", "line": "Int64", "table": "Int64"})
