"""Corrections applied to the records of an extraction, before its audit runs (``lakip audit``).

The result JSON names rows by ``store.row_ids``; here the same ids are computed for the merged
records, and the table occurrences the audit also reads (one per printed row, merged into those
records) take the correction of the merged row with the same page, role, label and year.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar, cast

from extractor.catalogue import Catalogue, load_catalogue, recompute_capaian
from extractor.models import BudgetRecord, CellValue, Document, IndicatorRecord, Method
from extractor.normalise import Records
from extractor.review.store import VALUE_FIELDS, Correction, Review, row_ids, row_key
from extractor.values import parse_value
from extractor.writers import budget_to_dict, indicator_to_dict

R = TypeVar("R", IndicatorRecord, BudgetRecord)


def correct_records(records: Records, sha256: str, review: Review, catalogue: Catalogue | None = None) -> Records:
    """``records`` as the person corrected them: rejected rows gone, set fields replaced."""
    if review.sha256 != sha256 or not review.corrections:
        return records
    catalogue = catalogue or load_catalogue()
    merged: dict[str, Any] = {
        "source": {"sha256": sha256},
        "indicators": [indicator_to_dict(i) for i in records.indicators],
        "budget": [budget_to_dict(b) for b in records.budget],
    }
    by_index: dict[tuple[str, int], Correction] = {}
    by_key: dict[tuple[Any, ...], list[Correction]] = {}
    for kind, index, row_id in row_ids(merged):
        correction = review.get(row_id)
        if correction is not None and correction.kind == kind:
            by_index[(kind, index)] = correction
            row = merged["indicators" if kind == "indicator" else "budget"][index]
            by_key.setdefault(row_key(kind, row), []).append(correction)
    indicators = _apply([by_index.get(("indicator", i)) for i in range(len(records.indicators))], records.indicators, catalogue)
    budget = _apply([by_index.get(("budget", i)) for i in range(len(records.budget))], records.budget, catalogue)
    occurrences = _apply([_unique(by_key, "indicator", o) for o in records.occurrences], records.occurrences, catalogue)
    return dataclasses.replace(records, indicators=indicators, budget=budget, occurrences=occurrences)


def corrected_document(doc: Document, review: Review, catalogue: Catalogue | None = None) -> Document:
    """A result read back from its JSON as the person corrected it (what `lakip audit` audits)."""
    records = Records(doc.occurrences or doc.indicators, doc.indicators, doc.budget, ())
    fixed = correct_records(records, doc.source.sha256, review, catalogue)
    return dataclasses.replace(doc, indicators=fixed.indicators, budget=fixed.budget, occurrences=fixed.occurrences)


def _unique(by_key: Mapping[tuple[Any, ...], list[Correction]], kind: str, record: IndicatorRecord) -> Correction | None:
    found = by_key.get(row_key(kind, indicator_to_dict(record)), [])
    return found[0] if len(found) == 1 else None


def _apply(corrections: Sequence[Correction | None], records: Sequence[R], catalogue: Catalogue) -> tuple[R, ...]:
    out = []
    for correction, record in zip(corrections, records, strict=True):
        if correction is None or correction.action == "accept":
            out.append(record)
        elif correction.action == "edit":
            out.append(corrected(record, correction, catalogue))
    return tuple(out)


def corrected(record: R, correction: Correction, catalogue: Catalogue) -> R:
    """One record with the fields ``correction`` set; values carry provenance method ``review``."""
    kind = "indicator" if isinstance(record, IndicatorRecord) else "budget"
    changes: dict[str, Any] = {}
    for name, value in correction.after.items():
        if name in VALUE_FIELDS[kind]:
            changes[name] = _cell(name, getattr(record, name), record, value, correction.raw.get(name))
        else:
            changes[name] = value
    fixed = dataclasses.replace(record, **changes)
    if isinstance(fixed, IndicatorRecord):
        return cast(R, _recomputed_indicator(fixed, catalogue))
    return cast(R, _recomputed_budget(fixed))


def _recomputed_indicator(record: IndicatorRecord, catalogue: Catalogue) -> IndicatorRecord:
    entry = catalogue.get(record.indicator_id) if record.indicator_id else None
    computed = recompute_capaian(
        _value(record.target),
        _value(record.realisasi),
        direction=entry.direction if entry else "higher_is_better",
        value_type=entry.value_type if entry else "percent",
    )
    return dataclasses.replace(record, measure_id=entry.measure if entry else None, capaian_computed=computed)


def _recomputed_budget(record: BudgetRecord) -> BudgetRecord:
    pagu, real = _value(record.pagu), _value(record.realisasi)
    persen = round(100.0 * real / pagu, 2) if isinstance(pagu, int) and pagu and isinstance(real, int) else None
    return dataclasses.replace(record, persen_computed=persen)


def _value(cell: CellValue | None) -> Any:
    return None if cell is None else cell.value


def _cell(
    name: str, old: CellValue | None, record: IndicatorRecord | BudgetRecord, value: Any, raw: str | None
) -> CellValue | None:
    if value is None:
        return None
    text = raw if raw is not None else str(value)
    provenance = dataclasses.replace(old.provenance if old else record.provenance, method=Method.REVIEW)
    kind = parse_value(text, expect="percent" if name in ("capaian", "persen") else "any").kind.value
    return CellValue(text, value, kind, old.unit if old else None, provenance)
