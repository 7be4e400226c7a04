"""Reading a result JSON back into the frozen records, so `lakip audit OUT.json` needs no report.

The inverse of ``writers.document_to_dict`` for everything the audit reads: records with their
cells (raw text, kind, unit, OCR repairs and confidence, provenance), the satker, the running
text, and the flags. Tables are not written, so a read document has none. A result written
before the JSON carried ``occurrences`` and ``narrative`` reads with the merged indicators and no
running text; the narrative checks then have nothing to read.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from extractor.models import (
    BBox,
    BudgetRecord,
    Candidate,
    CellValue,
    Document,
    Flag,
    IndicatorRecord,
    Method,
    PageError,
    Provenance,
    Satker,
    Source,
    TextLine,
)
from extractor.writers import read_result


def load_document(path: Path) -> Document:
    """A result JSON of `lakip extract`, validated against the schema, as a Document."""
    return document_from_dict(read_result(path))


def document_from_dict(data: Mapping[str, Any]) -> Document:
    src, sat = data["source"], data["satker"]
    indicators = tuple(indicator_from_dict(i) for i in data["indicators"])
    return Document(
        source=Source(src["file"], src["sha256"], src["pages"], src["kind"]),
        satker=Satker(sat["name"], sat["level"], sat["region"], sat["province"], sat["year"]),
        indicators=indicators,
        budget=tuple(budget_from_dict(b) for b in data["budget"]),
        flags=tuple(flag_from_dict(f) for f in data["flags"]),
        errors=tuple(PageError(e["page"], e["code"], e["message"]) for e in data["errors"]),
        narrative=tuple(
            TextLine(ln["text"], ln["page"], ln["line"], _bbox(ln.get("bbox")))
            for ln in data.get("narrative", ())
        ),
        occurrences=tuple(indicator_from_dict(i) for i in data["occurrences"])
        if "occurrences" in data
        else indicators,
        stats=dict(data.get("stats", {})),
    )


def _bbox(box: list[float] | None) -> BBox | None:
    return BBox(*box) if box else None


def provenance_from_dict(p: Mapping[str, Any]) -> Provenance:
    return Provenance(p["file"], p["page"], p["line"], _bbox(p["bbox"]), Method(p["method"]), p["table"])


def _cell(record: Mapping[str, Any], name: str) -> CellValue | None:
    """A cell from its ``values`` entry (raw, kind, provenance) and the record's typed scalar."""
    raw = record.get("values", {}).get(name)
    if raw is None:
        return None
    return CellValue(
        raw=raw["raw"],
        value=record.get(name),
        kind=raw["kind"],
        unit=raw.get("unit"),
        provenance=provenance_from_dict(raw["provenance"]),
        repairs=tuple(raw.get("repairs", ())),
        conf=raw.get("conf"),
    )


def indicator_from_dict(d: Mapping[str, Any]) -> IndicatorRecord:
    return IndicatorRecord(
        indicator_id=d["indicator_id"],
        label=d["label"],
        label_raw=d["label_raw"],
        match_score=d["match_score"],
        sasaran=d["sasaran"],
        unit=d["unit"],
        target=_cell(d, "target"),
        realisasi=_cell(d, "realisasi"),
        capaian=_cell(d, "capaian"),
        capaian_computed=d["capaian_computed"],
        year=d["year"],
        provenance=provenance_from_dict(d["provenance"]),
        candidates=tuple(
            Candidate(c["id"], c["name"], c["score"], c.get("measure_id", c["id"]))
            for c in d.get("candidates", ())
        ),
        role=d.get("role", "performance"),
        measure_id=d.get("measure_id"),
    )


def budget_from_dict(d: Mapping[str, Any]) -> BudgetRecord:
    return BudgetRecord(
        level=d["level"],
        code=d["code"],
        name=d["name"],
        pagu=_cell(d, "pagu"),
        realisasi=_cell(d, "realisasi"),
        persen=_cell(d, "persen"),
        persen_computed=d["persen_computed"],
        year=d["year"],
        provenance=provenance_from_dict(d["provenance"]),
        table_caption=d.get("table_caption"),
    )


def flag_from_dict(d: Mapping[str, Any]) -> Flag:
    return Flag(
        d["code"],
        d["severity"],
        d["message"],
        tuple(provenance_from_dict(p) for p in d["provenance"]),
        d.get("values", {}),
    )
