"""What one Tesseract reading of every page costs, next to what lakip spends on the same scans.

Usage (from the repo root):  python3 benchmarks/ocr_floor.py [--out FILE]

For each committed scan (`samples/pdf/*_scan.pdf`), every page is read once with Tesseract
(`ind+eng`, `--psm 3`, one thread), as `ocrmypdf` does, at the scan's own resolution and at
lakip's triage resolution (100 dpi); then `lakip extract` runs on the same file with one worker
(`OcrSettings(jobs=1)`, cache off). All serial, so the numbers are CPU-seconds of work and read
apart from how many cores the machine has. Ratios: lakip seconds / each floor.

Why it exists: issue 7 asks for scans "at least 2x faster than ocrmypdf-then-extract". A single
recognition of every page at the scan's resolution is what ocrmypdf itself costs; the ratio
shows how much of lakip's time is that unavoidable reading and how much is its table passes.
Prints one JSON object; `--out` also writes it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._report import emit  # noqa: E402  (needs ROOT on the path)


def _read_seconds(image: object, dpi: int) -> float:
    import pytesseract

    started = time.perf_counter()
    pytesseract.image_to_data(image, lang="ind+eng", config=f"--psm 3 --dpi {dpi}")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"

    import pypdfium2 as pdfium

    from extractor.ocr import OcrSettings
    from extractor.ocr.render import source_dpi
    from extractor.pipeline import ExtractSettings, extract

    rows = []
    for pdf_path in sorted((ROOT / "samples" / "pdf").glob("*_scan.pdf")):
        pdf = pdfium.PdfDocument(pdf_path)
        native_s = triage_s = 0.0
        native_dpi = 0.0
        for index in range(len(pdf)):
            page = pdf[index]
            native_dpi = source_dpi(page) or 150.0
            for dpi in (round(native_dpi), 100):
                image = page.render(scale=dpi / 72, grayscale=True).to_pil()
                seconds = _read_seconds(image, dpi)
                if dpi == 100:
                    triage_s += seconds
                else:
                    native_s += seconds
            page.close()
        pages = len(pdf)
        pdf.close()
        started = time.perf_counter()
        extract(pdf_path, ExtractSettings(ocr=OcrSettings(jobs=1, cache_dir="off")))
        lakip_s = time.perf_counter() - started
        rows.append(
            {
                "file": pdf_path.name,
                "pages": pages,
                "native_dpi": round(native_dpi),
                "one_read_native_s": round(native_s, 2),
                "one_read_100dpi_s": round(triage_s, 2),
                "lakip_one_worker_s": round(lakip_s, 2),
            }
        )
    total = {
        key: round(sum(r[key] for r in rows), 2)
        for key in ("one_read_native_s", "one_read_100dpi_s", "lakip_one_worker_s")
    }
    result = {
        "benchmark": "ocr_floor",
        "documents": rows,
        "total": total,
        "pages": sum(r["pages"] for r in rows),
        "ratio_lakip_vs_one_read_native": round(total["lakip_one_worker_s"] / total["one_read_native_s"], 3),
        "ratio_lakip_vs_one_read_100dpi": round(total["lakip_one_worker_s"] / total["one_read_100dpi_s"], 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    return emit(result, args.out)


if __name__ == "__main__":
    sys.exit(main())
