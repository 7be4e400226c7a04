"""Scan accuracy on renderings the tests never see: each gold report in the other table style,
scanned at another resolution and noise seed than the committed samples.

Usage (from the repo root):  python3 benchmarks/heldout_scans.py [--out FILE]

The committed scans (`samples/pdf/*_scan.pdf`) are what the accuracy test and the OCR code were
checked against while being written; these six are generated fresh in a temporary folder
(`samples.generate.render_report` + `samples.scan.make_scan`), OCR'd with the cache off, and
scored with `extractor.evaluate` against the truth written beside them. Prints one JSON object
(per file and totals); `--out` also writes it. Takes about a minute and a half on two cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (gold, style, dpi, noise seed): styles and resolutions other than the committed scans'
COMBINATIONS = (
    ("000", "borderless", 150, 11),
    ("002", "ruled", 150, 12),
    ("003", "borderless", 170, 13),
    ("000", "ruled", 200, 14),
    ("002", "borderless", 200, 15),
    ("003", "ruled", 150, 16),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args()

    from benchmarks.run import _gold
    from extractor.evaluate import score_budget, score_indicators
    from extractor.ocr import OcrSettings
    from extractor.pipeline import ExtractSettings, extract
    from samples.generate import render_report
    from samples.scan import make_scan

    settings = ExtractSettings(ocr=OcrSettings(cache_dir="off"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="lakip-heldout-") as scratch:
        work = Path(scratch)
        for gold, style, dpi, seed in COMBINATIONS:
            pdf = work / f"{gold}_{style}.pdf"
            truth = render_report(_gold(gold), pdf, style=style).to_dict()
            scan = make_scan(pdf, work / f"{gold}_{style}_{dpi}dpi_scan.pdf", dpi=dpi, seed=seed)
            started = time.perf_counter()
            doc = extract(scan, settings)
            seconds = time.perf_counter() - started
            perf, budget = score_indicators(doc, truth), score_budget(doc, truth)
            rows.append(
                {
                    "file": scan.name,
                    "performance": [perf.right, perf.gold],
                    "performance_precision": [perf.matched, perf.extracted],
                    "budget": [budget.right, budget.gold],
                    "budget_precision": [budget.matched, budget.extracted],
                    "seconds": round(seconds, 1),
                    "misses": [*perf.misses, *budget.misses],
                }
            )
    total = {
        key: [sum(r[key][0] for r in rows), sum(r[key][1] for r in rows)]
        for key in ("performance", "performance_precision", "budget", "budget_precision")
    }
    text = json.dumps({"benchmark": "heldout_scans", "documents": rows, "total": total}, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
