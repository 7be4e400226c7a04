"""Accuracy on inputs the tests never see: each gold report rendered in the other table style,
then scanned at another resolution and noise seed than the committed samples, and dumped to text
with `pdftotext -layout`.

Usage (from the repo root):  python3 benchmarks/heldout.py [--out FILE]

The committed samples are what the accuracy tests and the code were checked against while being
written; these are generated fresh in a temporary folder (`samples.generate.render_report`,
`samples.scan.make_scan`, poppler's `pdftotext -layout`), extracted with the OCR cache off, and
scored with `extractor.evaluate` against the truth written beside them. Prints one JSON object
(per file and totals per input kind); `--out` also writes it. About a minute and a half on two
cores.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._report import emit  # noqa: E402  (needs ROOT on the path)

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
    pdftotext = shutil.which("pdftotext")
    rows = []

    def score(kind: str, path: Path, truth: dict[str, object]) -> None:
        started = time.perf_counter()
        doc = extract(path, settings)
        seconds = time.perf_counter() - started
        perf, budget = score_indicators(doc, truth), score_budget(doc, truth)
        rows.append(
            {
                "kind": kind,
                "file": path.name,
                "performance": [perf.right, perf.gold],
                "performance_precision": [perf.matched, perf.extracted],
                "budget": [budget.right, budget.gold],
                "budget_precision": [budget.matched, budget.extracted],
                "seconds": round(seconds, 1),
                "misses": [*perf.misses, *budget.misses],
            }
        )

    with tempfile.TemporaryDirectory(prefix="lakip-heldout-") as scratch:
        work = Path(scratch)
        for gold, style, dpi, seed in COMBINATIONS:
            pdf = work / f"{gold}_{style}.pdf"
            truth = render_report(_gold(gold), pdf, style=style).to_dict()
            score(
                "scan", make_scan(pdf, work / f"{gold}_{style}_{dpi}dpi_scan.pdf", dpi=dpi, seed=seed), truth
            )
            if pdftotext:
                dump = work / f"{gold}_{style}.layout.txt"
                subprocess.run([pdftotext, "-layout", str(pdf), str(dump)], check=True)
                score("layout-text", dump, truth)
    total = {
        kind: {
            key: [
                sum(r[key][0] for r in rows if r["kind"] == kind),
                sum(r[key][1] for r in rows if r["kind"] == kind),
            ]
            for key in ("performance", "performance_precision", "budget", "budget_precision")
        }
        for kind in sorted({r["kind"] for r in rows})
    }
    return emit({"benchmark": "heldout", "documents": rows, "total": total}, args.out)


if __name__ == "__main__":
    sys.exit(main())
