"""Benchmarks that report ratios, not pass/fail: run `python3 benchmarks/run.py [NAME ...]`.

- speed: `lakip extract` on a generated 100-page born-digital report, one process.
- batch: throughput of `lakip batch --jobs 2` over `--jobs 1` on born-digital reports.
- scan: a 20-page scanned report end to end, with the pages OCR'd at each DPI.

Results are printed as one JSON object per benchmark (and appended to benchmarks/results.jsonl).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

GOLD = ROOT / "samples" / "gold"


def _gold(stem_prefix: str) -> dict[str, Any]:
    path = next(GOLD.glob(f"{stem_prefix}*.json"))
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def bench_speed(work: Path) -> dict[str, Any]:
    """A 100-page born-digital report: triage must keep table parsing to its few table pages."""
    from extractor.pipeline import extract
    from samples.generate import render_report

    pdf = work / "report-100p.pdf"
    render_report(_gold("002"), pdf, style="ruled", pad_pages=100)
    extract(pdf)  # warm imports and the catalogue, as a long-running batch worker would be
    times = []
    for _ in range(3):
        started = time.perf_counter()
        doc = extract(pdf)
        times.append(time.perf_counter() - started)
    best = min(times)
    return {
        "benchmark": "speed",
        "pages": doc.source.pages,
        "table_pages": doc.stats.get("pages_table"),
        "seconds_best_of_3": round(best, 3),
        "pages_per_second": round(doc.source.pages / best, 1),
        "budget_seconds": 3.0,
        "ratio_to_budget": round(best / 3.0, 3),
        "indicators": len(doc.indicators),
        "budget_rows": len(doc.budget),
    }


def bench_batch(work: Path) -> dict[str, Any]:
    """Same 24 born-digital reports with one worker and with two."""
    from extractor.bulk import BatchSettings, run_batch
    from extractor.pipeline import ExtractSettings

    inputs = work / "in"
    inputs.mkdir()
    pdfs = sorted((ROOT / "samples" / "pdf").glob("*_ruled.pdf")) + sorted(
        (ROOT / "samples" / "pdf").glob("*_borderless.pdf")
    )
    for i in range(4):
        for pdf in pdfs:
            shutil.copy(pdf, inputs / f"{i}_{pdf.name}")
    timings = {}
    for jobs in (1, 2):
        out = work / f"out{jobs}"
        started = time.perf_counter()
        result = run_batch(inputs, out, ExtractSettings(), BatchSettings(jobs=jobs))
        timings[jobs] = time.perf_counter() - started
        assert result.failed == 0, [e.error for e in result.entries if e.error]
    files = len(list(inputs.iterdir()))
    return {
        "benchmark": "batch",
        "files": files,
        "seconds_jobs1": round(timings[1], 2),
        "seconds_jobs2": round(timings[2], 2),
        "throughput_ratio_jobs2_over_jobs1": round(timings[1] / timings[2], 2),
        "cores": os.cpu_count(),
    }


def bench_scan(work: Path) -> dict[str, Any]:
    """A 20-page scanned report, OCR'd with the default settings (all cores)."""
    from extractor.evaluate import score_budget, score_indicators
    from extractor.ocr import OcrSettings
    from extractor.pipeline import ExtractSettings, extract
    from samples.generate import render_report
    from samples.scan import make_scan

    pdf = work / "report-20p.pdf"
    truth = render_report(_gold("002"), pdf, style="ruled", pad_pages=20).to_dict()
    scan = make_scan(pdf, work / "report-20p-scan.pdf", dpi=200, seed=1)
    settings = ExtractSettings(ocr=OcrSettings(cache_dir=Path("off")))
    started = time.perf_counter()
    doc = extract(scan, settings)
    seconds = time.perf_counter() - started
    perf, budget = score_indicators(doc, truth), score_budget(doc, truth)
    return {
        "benchmark": "scan",
        "pages": doc.source.pages,
        "seconds": round(seconds, 1),
        "budget_seconds": 60.0,
        "ratio_to_budget": round(seconds / 60.0, 3),
        "dpi_passes": {k: v for k, v in doc.stats.items() if k.startswith("pages_ocr")},
        "performance_recall": round(perf.recall, 3),
        "budget_recall": round(budget.recall, 3),
    }


BENCHMARKS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "speed": bench_speed,
    "batch": bench_batch,
    "scan": bench_scan,
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "names", nargs="*", choices=[*BENCHMARKS, []], help="benchmarks to run (default: all)"
    )
    args = parser.parse_args()
    names = args.names or list(BENCHMARKS)
    results = ROOT / "benchmarks" / "results.jsonl"
    for name in names:
        with tempfile.TemporaryDirectory(prefix=f"lakip-bench-{name}-") as tmp:
            result = BENCHMARKS[name](Path(tmp))
        result["when"] = time.strftime("%Y-%m-%dT%H:%M:%S")
        print(json.dumps(result))
        with results.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
