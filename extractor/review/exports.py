"""After a decision, rewrite what lakip exported from the result so every output shows it.

The per-file CSVs are rewritten when ``lakip extract --csv`` wrote them; a batch folder's combined
CSV, Parquet and DuckDB files when ``lakip batch`` wrote them. ``lakip compare`` reads the combined
Parquet, so its next run shows the corrections too.
"""

from __future__ import annotations

from pathlib import Path

from extractor.bulk import MANIFEST, read_manifest
from extractor.combine import DUCKDB_FILE, write_combined
from extractor.review.queue import ReviewDoc
from extractor.review.store import Review, apply_review
from extractor.writers import write_result_csvs


def refresh(doc: ReviewDoc, review: Review | None, folder: Path) -> list[Path]:
    """Rewrite the exports of ``doc`` (and the batch in ``folder``) with ``review`` applied."""
    written: list[Path] = []
    stem = doc.result.name.removesuffix(".json")
    if (doc.result.parent / f"{stem}.indicators.csv").is_file():
        written += write_result_csvs(apply_review(doc.data, review), doc.result.parent, stem)
    if (folder / MANIFEST).is_file() and (folder / DUCKDB_FILE).is_file():
        entries = sorted(read_manifest(folder).values(), key=lambda e: e.file)
        write_combined(folder, entries)
        written += [folder / f"{name}.csv" for name in ("indicators", "budget", "flags")]
        written.append(folder / DUCKDB_FILE)
    return written
