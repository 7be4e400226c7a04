"""A result JSON read back (extractor.reader) holds what the audit needs: auditing it alone gives
the flags the extraction gave, and `lakip extract r -o out; lakip audit out/r.json --html` works."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from extractor.audit import CHECKS, audit_document
from extractor.models import IndicatorRecord
from extractor.pipeline import extract
from extractor.reader import document_from_dict
from extractor.writers import document_to_dict, validate_output
from tests.conftest import ROOT

runner = CliRunner()
SAMPLE = ROOT / "samples" / "pdf" / "002_71f42d07af92d301_ruled_defects.pdf"


@pytest.mark.parametrize("name", ["000_473ae7671d36c3fd.txt", "002_71f42d07af92d301.txt"])
def test_audit_of_the_json_alone_gives_the_extraction_flags(seed_dir: Path, name: str) -> None:
    doc = extract(seed_dir / name)
    data = json.loads(json.dumps(document_to_dict(doc)))
    validate_output(data)
    back = document_from_dict(data)
    assert back.budget == doc.budget and back.narrative == doc.narrative
    assert back.occurrences == tuple(_as_written(i) for i in doc.occurrences)
    again = audit_document(back)
    audited = [(f.code, f.severity, f.message) for f in doc.flags if f.code in CHECKS]
    assert audited, "the seed has audit flags to compare"
    assert [(f.code, f.severity, f.message) for f in again.flags if f.code in CHECKS] == audited
    assert [f for f in again.flags if f.code not in CHECKS] == [f for f in back.flags if f.code not in CHECKS]


def _as_written(ind: IndicatorRecord) -> IndicatorRecord:
    """An indicator as the JSON carries it: a capaian that is no number (a grade) keeps only its raw
    text, floats keep four decimals."""
    cap = ind.capaian
    if cap is not None and not isinstance(cap.value, int | float):
        cap = replace(cap, value=None)
    elif cap is not None and isinstance(cap.value, float):
        cap = replace(cap, value=round(cap.value, 4))
    cells = {
        name: replace(c, value=round(c.value, 4)) if c is not None and isinstance(c.value, float) else c
        for name, c in (("target", ind.target), ("realisasi", ind.realisasi))
    }
    computed = None if ind.capaian_computed is None else round(ind.capaian_computed, 4)
    score = None if ind.match_score is None else round(ind.match_score, 1)
    candidates = tuple(replace(c, score=round(c.score, 1), measure=c.measure or c.id) for c in ind.candidates)
    return replace(
        ind, capaian=cap, capaian_computed=computed, match_score=score, candidates=candidates, **cells
    )


def test_readme_extract_then_audit_works_as_written(tmp_path: Path) -> None:
    """The README's example exited 3 ("audit needs the original report beside the JSON") and
    wrote into ./out instead of beside the JSON."""
    report = tmp_path / "r.pdf"
    shutil.copy(SAMPLE, report)
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(report), "-o", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["audit", str(out / "r.json"), "--html"])
    assert result.exit_code == 0, result.output
    assert (out / "r.flags.csv").exists() and (out / "r.audit.html").exists()
    report.unlink()  # the report is needed only for page images: the JSON alone still audits
    result = runner.invoke(app, ["audit", str(out / "r.json"), "-o", str(tmp_path / "elsewhere")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "elsewhere" / "r.flags.csv").read_text() == (out / "r.flags.csv").read_text()
