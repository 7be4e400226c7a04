"""Running the audit: every registered check, each listed here once, in a deterministic order.

Adding a check is one module that defines its ``CheckSpec`` and one line in ``CHECKS``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from extractor.audit import (
    arithmetic,
    claim_arithmetic,
    consistency,
    foreign,
    plausibility,
    rollup,
    text_vs_table,
    years,
)
from extractor.audit.model import AuditInput, AuditSettings, AuditSettingsError
from extractor.audit.registry import Check
from extractor.models import Document, Flag

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}

CHECKS: dict[str, Check] = {
    check.code: check
    for check in (
        arithmetic.PERSEN_MISMATCH,
        arithmetic.CAPAIAN_MISMATCH,
        rollup.TOTAL_MISMATCH,
        arithmetic.OVERSPEND,
        consistency.DUPLICATE_CONFLICT,
        text_vs_table.TEXT_VS_TABLE,
        foreign.FOREIGN_SATKER,
        consistency.TARGET_MISSING,
        consistency.REALISASI_MISSING,
        years.YEAR_MISMATCH,
        years.FUTURE_REALISASI,
        plausibility.IMPLAUSIBLE_CAPAIAN,
        claim_arithmetic.CLAIM_ARITHMETIC,
    )
}


def order(flag: Flag) -> tuple[Any, ...]:
    """Severity, then page and line of the first cited cell, then code and message."""
    first = flag.provenance[0] if flag.provenance else None
    page, line = (first.page, first.line) if first else (None, None)
    return (
        SEVERITY_RANK.get(flag.severity, len(SEVERITY_RANK)),
        page is None,
        page or 0,
        line is None,
        line or 0,
        flag.code,
        flag.message,
    )


def run_audit(inp: AuditInput, settings: AuditSettings | None = None) -> tuple[Flag, ...]:
    """Every enabled check, ordered by severity, then page and line, so output is deterministic."""
    settings = settings or AuditSettings()
    if unknown := sorted(set(settings.enabled or ()) - set(CHECKS)):
        raise AuditSettingsError(f"unknown audit check(s) {', '.join(unknown)}; known: {', '.join(CHECKS)}")
    view = years.as_report_year(inp)  # mislabelled tables count as the report year's for the other checks
    flags: list[Flag] = []
    for code, check in CHECKS.items():
        if settings.enabled is None or code in settings.enabled:
            found = list(check(inp if check.as_printed else view, settings))
            log.debug("%s: check %s gave %d flag(s)", inp.file or "<input>", code, len(found))
            flags += found
    return tuple(sorted(flags, key=order))


def audit_document(doc: Document, settings: AuditSettings | None = None) -> Document:
    """The document with its audit flags made again from its records (a result JSON read back, or
    an extraction audited with other settings); flags of the extraction stages are kept."""
    inp = AuditInput(
        doc.satker, doc.occurrences or doc.indicators, doc.budget, doc.narrative, doc.satker.year
    )
    stage_flags = tuple(f for f in doc.flags if f.code not in CHECKS)
    return replace(doc, flags=stage_flags + run_audit(inp, settings))


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
