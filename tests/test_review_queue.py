"""The review queue: rows ordered by doubt, filters' vocabulary, progress, results and sources found
(extractor.review.queue)."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from extractor.catalogue import load_catalogue
from extractor.errors import InputNotFoundError, InvalidDataError
from extractor.pipeline import extract
from extractor.review.queue import QueueSettings, ReviewDoc, items, load_docs, progress, queue, reasons
from extractor.review.store import decide, empty_review
from extractor.writers import write_outputs
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "pdf" / "002_71f42d07af92d301_ruled_defects.pdf"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("results")
    shutil.copy(SAMPLE, out / SAMPLE.name)
    write_outputs(extract(SAMPLE), out, SAMPLE.stem, csv=False)
    return out


def test_the_most_doubtful_rows_come_first(folder: Path) -> None:
    docs = load_docs(folder)
    rows = queue(docs, {}, QueueSettings())
    doubts = [r["doubt"] for r in rows]
    assert doubts == sorted(doubts, reverse=True) and doubts[0] > doubts[-1]
    checks = {r["check"] for row in rows for r in row["reasons"]}
    assert {"persen_mismatch", "realisasi_missing", "capaian_off"} <= checks
    assert {row["role"] for row in rows} == {"performance", "agreement", "budget"}
    assert len(rows) == len(docs[0].data["indicators"]) + len(docs[0].data["budget"])


def row(**extra: Any) -> dict[str, Any]:
    prov = {"file": "f", "page": 1, "line": 2, "bbox": None, "method": "ocr-ruled", "table": 0}
    base = {"indicator_id": "x", "match_score": 100.0, "capaian": None, "capaian_computed": None,
            "provenance": prov, "values": {}}
    return {**base, **extra}


def test_each_kind_of_doubt_is_named() -> None:
    settings = QueueSettings()
    value = {"raw": "9O%", "kind": "percent", "conf": 41.0, "repairs": ["'O' read as '0'"],
             "provenance": row()["provenance"]}
    flag = {"code": "capaian_mismatch", "severity": "warning", "message": "m", "provenance": [row()["provenance"]]}
    found = reasons("indicator", row(indicator_id=None, values={"realisasi": value}, capaian=90.0, capaian_computed=75.0),
                    {(1, 2): [flag]}, settings)
    assert [r.check for r in found] == ["unmatched", "low_conf", "repaired", "capaian_off", "capaian_mismatch"]
    assert [r.check for r in reasons("indicator", row(match_score=55.0), {}, settings)] == ["low_score"]
    assert reasons("indicator", row(), {}, settings) == []
    with pytest.raises(ValueError):
        QueueSettings(low_score=120)


def test_progress_counts_decided_rows_per_document(folder: Path) -> None:
    doc = load_docs(folder)[0]
    first = items(doc, None, QueueSettings())[0]
    target = doc.data["indicators" if first["kind"] == "indicator" else "budget"]
    kind_rows = [i for i in items(doc, None, QueueSettings()) if i["kind"] == first["kind"]]
    index = kind_rows.index(first)
    review = decide(empty_review(doc.data), (first["kind"], first["row"], target[index]), "accept", {}, "a", load_catalogue())
    rows = queue([doc], {0: review}, QueueSettings())
    stats = progress(rows)[doc.name]
    assert stats["done"] == 1 and stats["rows"] == len(rows) and stats["doubtful"] >= stats["doubtful_done"] == (first["doubt"] > 0)
    decided = next(r for r in rows if r["row"] == first["row"])
    assert decided["status"] == "accept" and decided["who"] == "a"


def test_results_are_found_and_other_json_is_skipped(folder: Path, tmp_path: Path) -> None:
    for name in (SAMPLE.name, f"{SAMPLE.stem}.json"):
        shutil.copy(folder / name, tmp_path / name)
    (tmp_path / "catalogue.json").write_text(json.dumps({"indicators": []}), encoding="utf-8")
    docs = load_docs(tmp_path)
    assert [d.result.name for d in docs] == [f"{SAMPLE.stem}.json"]
    assert docs[0].source == (tmp_path / SAMPLE.name).resolve()
    with pytest.raises(InvalidDataError):
        load_docs(tmp_path / "catalogue.json")
    with pytest.raises(InputNotFoundError):
        load_docs(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputNotFoundError, match="no results"):
        load_docs(tmp_path / "empty")


def test_a_source_is_only_the_file_with_the_same_bytes(folder: Path, tmp_path: Path) -> None:
    shutil.copy(folder / f"{SAMPLE.stem}.json", tmp_path / "r.json")
    (tmp_path / SAMPLE.name).write_bytes(b"%PDF-1.4 another report with the same name")
    assert load_docs(tmp_path / "r.json")[0].source is None
    sources = tmp_path / "reports"
    sources.mkdir()
    shutil.copy(SAMPLE, sources / SAMPLE.name)
    assert load_docs(tmp_path / "r.json", sources)[0].source == (sources / SAMPLE.name).resolve()


def test_a_batch_folder_is_read_through_its_manifest(tmp_path: Path) -> None:
    from extractor.bulk import BatchSettings, run_batch

    reports = tmp_path / "reports"
    (reports / "unit").mkdir(parents=True)
    shutil.copy(SAMPLE, reports / "unit" / SAMPLE.name)
    run_batch(reports, tmp_path / "out", batch=BatchSettings(jobs=1))
    doc = load_docs(tmp_path / "out", reports)[0]
    assert doc.result.parent.name == "unit" and doc.source == (reports / "unit" / SAMPLE.name).resolve()


def test_item_fields_show_what_was_printed_or_set(folder: Path) -> None:
    doc = load_docs(folder)[0]
    data = copy.deepcopy(doc.data)
    budget = next(i for i in items(ReviewDoc(0, doc.result, data, None), None, QueueSettings()) if i["kind"] == "budget")
    assert budget["fields"]["pagu"].endswith(",-")  # the printed string, not the parsed number
    assert set(budget["fields"]) == {"name", "pagu", "realisasi", "persen", "year"}
