"""Consistency across tables: one indicator or budget line printed with two values, agreement
(PK) indicators never reported, and reported indicators with no agreement target."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from extractor.audit.cells import AMOUNT_FIELDS, in_year, indicator_key
from extractor.audit.cite import fmt_value, make_flag, short, where
from extractor.audit.indicators import IndicatorIndex
from extractor.audit.model import AuditInput, AuditSettings
from extractor.audit.registry import CheckSpec
from extractor.catalogue.labels import plain_label
from extractor.models import BudgetRecord, CellValue, Flag, IndicatorRecord, Severity


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
    message = f"'{short(label, 70)}' ({year or 'year unknown'}) has different {field} values: {shown}."
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
        for field in AMOUNT_FIELDS:
            cells = [c for r in recs if (c := getattr(r, field)) is not None and c.value is not None]
            if len({c.provenance.table for c in cells}) >= 2 and (
                flag := _conflict(recs[0].name, field, year, cells)
            ):
                yield flag


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
    message = f"{kind} '{short(rows[0].label, 80)}' {what} ({places})."
    return make_flag(code, severity, message, [r.provenance for r in rows], {"indicator": rows[0].label})


def check_realisasi_missing(inp: AuditInput, settings: AuditSettings) -> Iterator[Flag]:
    """Agreement (PK) indicators of the report year never reported in a performance table, and
    reported rows without a realisasi: a commitment whose result the report never gives."""
    perf = _by_role(inp, "performance")
    reported = IndicatorIndex(rows[0] for rows in perf)
    for rows in _by_role(inp, "agreement") if perf else []:
        if rows[0] not in reported:
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
    committed = IndicatorIndex(rows[0] for rows in _by_role(inp, "agreement"))
    for rows in _by_role(inp, "performance") if committed else []:
        if rows[0] not in committed:
            yield _missing_flag("target_missing", "warning", rows, "Reported indicator", "has no PK target")


DUPLICATE_CONFLICT = CheckSpec(
    "duplicate_conflict",
    "warning",
    "The same indicator or budget line has different values in two places.",
    check_duplicate_conflict,
)
TARGET_MISSING = CheckSpec(
    "target_missing",
    "warning",
    "A reported indicator has no target in the Perjanjian Kinerja.",
    check_target_missing,
)
REALISASI_MISSING = CheckSpec(
    "realisasi_missing",
    "warning",
    "A Perjanjian Kinerja indicator has no reported result.",
    check_realisasi_missing,
)
