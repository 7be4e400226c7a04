"""Exports rewritten after a decision: per-file CSVs and a batch's combined files
(extractor.review.exports); the combined outputs also apply corrections on their own (combine)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd

from extractor.bulk import BatchSettings, read_manifest, run_batch
from extractor.catalogue import load_catalogue
from extractor.combine import write_combined
from extractor.review.exports import refresh
from extractor.review.queue import QueueSettings, items, load_docs
from extractor.review.store import decide, empty_review, review_path, save_review
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "pdf" / "002_71f42d07af92d301_ruled_defects.pdf"


def test_a_batch_shows_corrections_in_every_export(tmp_path: Path) -> None:
    reports, out = tmp_path / "reports", tmp_path / "out"
    reports.mkdir()
    shutil.copy(SAMPLE, reports / SAMPLE.name)
    run_batch(reports, out, batch=BatchSettings(jobs=1, csv=True))
    doc = load_docs(out, reports)[0]
    item = next(i for i in items(doc, None, QueueSettings()) if i["kind"] == "budget" and i["fields"]["persen"])
    index = [i["row"] for i in items(doc, None, QueueSettings()) if i["kind"] == "budget"].index(item["row"])
    target = ("budget", item["row"], doc.data["budget"][index])
    review = decide(empty_review(doc.data), target, "edit", {"persen": "12,5"}, "ana", load_catalogue())
    save_review(review, review_path(doc.result))

    written = refresh(doc, review, out)

    assert {p.name for p in written} >= {"indicators.csv", "budget.csv", "lakip.duckdb", f"{doc.result.stem}.budget.csv"}
    per_file = pd.read_csv(doc.result.parent / f"{doc.result.stem}.budget.csv")
    assert per_file.loc[per_file["reviewed"] == "persen", "persen"].tolist() == [12.5]
    combined = pd.read_csv(out / "budget.csv")
    assert combined.loc[combined["reviewed"] == "persen", "persen"].tolist() == [12.5]
    assert pd.read_parquet(out / "budget.parquet")["reviewed"].eq("persen").sum() == 1
    con = duckdb.connect(str(out / "lakip.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT persen FROM budget WHERE reviewed = 'persen'").fetchall() == [(12.5,)]
    finally:
        con.close()
    # combining afresh (a resumed batch) applies the same corrections
    (out / "budget.csv").unlink()
    write_combined(out, sorted(read_manifest(out).values(), key=lambda e: e.file))
    assert pd.read_csv(out / "budget.csv")["reviewed"].eq("persen").sum() == 1


def test_a_folder_of_extract_results_gets_its_per_file_csvs_only(tmp_path: Path) -> None:
    from extractor.pipeline import extract
    from extractor.writers import write_outputs

    write_outputs(extract(SAMPLE), tmp_path, "report", csv=True)
    doc = load_docs(tmp_path)[0]
    assert [p.name for p in refresh(doc, None, tmp_path)] == ["report.indicators.csv", "report.budget.csv"]
    assert not (tmp_path / "indicators.csv").exists()


def test_compare_reads_the_corrected_batch(tmp_path: Path) -> None:
    from extractor.compare import compare

    reports, out = tmp_path / "reports", tmp_path / "out"
    reports.mkdir()
    shutil.copy(SAMPLE, reports / SAMPLE.name)
    run_batch(reports, out, batch=BatchSettings(jobs=1))
    doc = load_docs(out, reports)[0]
    rows = [i for i in items(doc, None, QueueSettings()) if i["kind"] == "indicator"]
    index, item = next(
        (n, i) for n, i in enumerate(rows)
        if doc.data["indicators"][n]["indicator_id"] == "kompetensi_pegawai" and i["role"] == "performance"
    )
    target = ("indicator", item["row"], doc.data["indicators"][index])
    review = decide(empty_review(doc.data), target, "edit", {"capaian": "42"}, "ana", load_catalogue())
    save_review(review, review_path(doc.result))
    refresh(doc, review, out)

    pivot = compare(out).pivot
    assert pivot.loc["kompetensi_pegawai"].dropna().tolist() == [42.0]
