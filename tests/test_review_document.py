"""Corrections applied to an extraction's records before its audit (extractor.review.document)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from extractor.catalogue import load_catalogue
from extractor.models import Method
from extractor.pipeline import ExtractSettings, extract
from extractor.review.store import decide, empty_review, row_ids
from extractor.writers import document_to_dict, validate_output
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "pdf" / "002_71f42d07af92d301_ruled_defects.pdf"
CATALOGUE = load_catalogue()


def test_an_audit_of_a_reviewed_report_sees_the_corrections() -> None:
    plain = extract(SAMPLE)
    data = document_to_dict(plain)
    ids = {(k, i): r for k, i, r in row_ids(data)}
    persen = next(i for i, b in enumerate(data["budget"]) if b["persen"] and b["persen_computed"] and abs(b["persen"] - b["persen_computed"]) > 1)
    fake = next(
        i for i, ind in enumerate(data["indicators"])
        if ind["label_raw"].startswith("Persentase Tersedianya Sarana") and ind["role"] == "performance"
    )
    renamed = next(i for i, ind in enumerate(data["indicators"]) if ind["indicator_id"] == "evaluasi_reformasi_birokrasi")
    review = empty_review(data)
    budget_row = data["budget"][persen]
    review = decide(review, ("budget", ids[("budget", persen)], budget_row), "edit", {"persen": str(budget_row["persen_computed"])}, "a", CATALOGUE)
    review = decide(review, ("indicator", ids[("indicator", fake)], data["indicators"][fake]), "reject", {}, "a", CATALOGUE)
    review = decide(
        review, ("indicator", ids[("indicator", renamed)], data["indicators"][renamed]), "edit",
        {"indicator_id": "indeks_reformasi_birokrasi", "realisasi": "70"}, "a", CATALOGUE,
    )

    doc = extract(SAMPLE, dataclasses.replace(ExtractSettings(), review=review))

    validate_output(document_to_dict(doc))
    assert len(doc.indicators) == len(plain.indicators) - 1
    fixed = next(i for i in doc.indicators if i.label_raw == data["indicators"][renamed]["label_raw"] and i.role == "performance")
    assert fixed.indicator_id == "indeks_reformasi_birokrasi" and fixed.realisasi is not None
    assert fixed.realisasi.value == 70 and fixed.realisasi.provenance.method == Method.REVIEW
    assert fixed.capaian_computed is not None
    line = doc.budget[persen]
    assert line.persen is not None and line.persen.provenance.method == Method.REVIEW
    mismatches = lambda d: {(f.provenance[0].page, f.provenance[0].line) for f in d.flags if f.code == "persen_mismatch"}  # noqa: E731
    where = (line.provenance.page, line.provenance.line)
    assert where in mismatches(plain) and where not in mismatches(doc)  # the audit ran on the corrected value
    missing = lambda d: [  # noqa: E731
        f for f in d.flags if f.code == "realisasi_missing" and f.message.startswith("Performance row 'Persentase Tersedianya")
    ]
    assert missing(plain) and not missing(doc)  # the rejected row is no longer audited


def test_a_review_of_another_version_of_the_file_changes_nothing(seed_dir: Path) -> None:
    seed = seed_dir / "003_c112caca8715f4b7.txt"
    plain = extract(seed)
    data = document_to_dict(plain)
    kind, index, row_id = next(iter(row_ids(data)))
    review = decide(empty_review(data), (kind, row_id, data["indicators"][index]), "reject", {}, "a", CATALOGUE)
    other = dataclasses.replace(review, sha256="0" * 64)
    assert extract(seed, dataclasses.replace(ExtractSettings(), review=other)).indicators == plain.indicators
