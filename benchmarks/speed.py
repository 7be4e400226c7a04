"""Issue 15: what lakip costs, as ratios measured side by side in one run.

Usage (from the repo root):  python3 benchmarks/speed.py [--only scan,peers,pages,batch] [--quick] [--out FILE]

- scan: a generated report (gold 002, ruled) scanned at 150, 200 and 300 dpi. The floor is one
  `tesseract` CLI reading of every page at the scan's own resolution (`--psm 3`, `ind+eng`, one
  thread), CPU-seconds of the tesseract processes only; lakip is `extract` with one worker and
  the OCR cache off, CPU-seconds of this process and its children. Reports lakip / floor per
  page and the records each reading scores against the truth (performance and budget recall),
  for the default engine (what `OcrSettings()` resolves to: `auto`, $LAKIP_OCR_ENGINE when set,
  else tesserocr when it runs the binary's own libtesseract, else the binary) and every other
  registered engine that works here.
- peers: the same scans through ocrmypdf + pdfplumber and img2table (benchmarks/peers.py runs
  them in the peers' virtualenv, `bash .ci/bench-deps`), wall seconds against `lakip extract`
  with all cores, cache off. Skipped, saying so, when the peers are not installed.
- pages: born-digital reports from the layout generator (seeds 1000 on, distinct pages)
  joined into one PDF; its first 10, 100 and 1000 pages each extracted in a fresh process
  (after a warm-up extract, so imports are not counted): seconds and peak memory (RSS
  growth during the extract), ratios 1000/100 and 100/10.
- batch: 20 small distinct reports through `run_batch(jobs=1)`; per-file overhead = (batch wall
  - the sum of the same files' extract time in a warm process) / 20.

Timings depend on what else the machine runs: CPU-seconds (scan) are steadier than wall time,
and every ratio compares numbers taken minutes apart in the same run. Prints one JSON object;
`--out` also writes it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from benchmarks._report import emit  # noqa: E402  (needs ROOT on the path)

SCAN_DPIS = (150, 200, 300)
PAGE_COUNTS = (10, 100, 1000)
LANG = "ind+eng"


def cpu_seconds(children_only: bool = False) -> float:
    """CPU-seconds used so far by this process and its waited-for children (or the children only)."""
    t = os.times()
    children = t.children_user + t.children_system
    return children if children_only else t.user + t.system + children


def _gold(prefix: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(next((ROOT / "samples" / "gold").glob(f"{prefix}*.json")).read_text("utf-8"))
    return data


# ---------------------------------------------------------------- scans: lakip vs the floor


def floor_cpu(pdf: Path, dpi: int, work: Path) -> tuple[float, int]:
    """CPU-seconds of one `tesseract` reading per page at ``dpi`` (tesseract processes only)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    pages = len(doc)
    spent = 0.0
    for index in range(pages):
        image = work / f"floor-{index}.png"
        doc[index].render(scale=dpi / 72, grayscale=True).to_pil().save(image, dpi=(dpi, dpi))
        before = cpu_seconds(children_only=True)
        subprocess.run(
            ["tesseract", str(image), "-", "-l", LANG, "--psm", "3", "--dpi", str(dpi), "tsv"],
            capture_output=True,
            check=True,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
        spent += cpu_seconds(children_only=True) - before
    doc.close()
    return spent, pages


def lakip_scan(pdf: Path, truth: dict[str, Any], engine: str, jobs: int = 1) -> dict[str, Any]:
    from extractor.evaluate import score_budget, score_indicators
    from extractor.ocr import OcrSettings
    from extractor.pipeline import ExtractSettings, extract

    settings = ExtractSettings(ocr=OcrSettings(jobs=jobs, cache_dir="off", engine=engine))
    cpu, wall = cpu_seconds(), time.perf_counter()
    doc = extract(pdf, settings)
    cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
    perf, budget = score_indicators(doc, truth), score_budget(doc, truth)
    return {
        "cpu_s": round(cpu, 2),
        "wall_s": round(wall, 2),
        "performance": f"{perf.right}/{perf.gold}",
        "budget": f"{budget.right}/{budget.gold}",
    }


def make_scans(work: Path, pad_pages: int) -> tuple[dict[int, Path], dict[str, Any]]:
    from samples.generate import render_report
    from samples.scan import make_scan

    pdf = work / "report.pdf"
    truth = render_report(_gold("002"), pdf, style="ruled", pad_pages=pad_pages).to_dict()
    scans = {dpi: make_scan(pdf, work / f"report-{dpi}dpi-scan.pdf", dpi=dpi, seed=1) for dpi in SCAN_DPIS}
    return scans, truth


def _default_engine() -> str:
    """The engine ``OcrSettings()`` ("auto") uses here."""
    from extractor.ocr import OcrSettings, get_engine

    return get_engine(OcrSettings(cache_dir="off")).name


def _engines() -> tuple[str, ...]:
    """The default engine, then every other registered one that works here."""
    from extractor.errors import MissingDependencyError
    from extractor.ocr import ENGINES, OcrSettings, get_engine

    default = _default_engine()
    usable = [default]
    for name in ENGINES:
        if name != default:
            try:
                get_engine(OcrSettings(cache_dir="off", engine=name))
            except MissingDependencyError:
                continue
            usable.append(name)
    return tuple(usable)


def bench_scan(work: Path, quick: bool) -> dict[str, Any]:
    scans, truth = make_scans(work, 0 if quick else 12)
    rows = {}
    for dpi, pdf in scans.items():
        floor, pages = floor_cpu(pdf, dpi, work)
        row: dict[str, Any] = {"pages": pages, "floor_cpu_s_per_page": round(floor / pages, 3)}
        for engine in _engines():
            got = lakip_scan(pdf, truth, engine)
            got["cpu_s_per_page"] = round(got["cpu_s"] / pages, 3)
            got["ratio_to_floor"] = round(got["cpu_s"] / floor, 3)
            row[engine] = got
        rows[str(dpi)] = row
    return {"scans": rows, "acceptance": f"ratio_to_floor <= 1.3 at every dpi (default engine: {_default_engine()})"}


# ---------------------------------------------------------------- scans: lakip vs peers


def bench_peers(work: Path, quick: bool) -> dict[str, Any]:
    from benchmarks.peers import peer_python, run_tool

    python = peer_python()
    probe = subprocess.run([str(python), "-c", "import ocrmypdf, img2table"], capture_output=True, check=False)
    if probe.returncode != 0:
        return {"skipped": f"peers not installed for {python}: run `bash .ci/bench-deps`"}
    scans, truth = make_scans(work, 0 if quick else 12)
    rows = {}
    for dpi, pdf in scans.items():
        lakip = lakip_scan(pdf, truth, _default_engine(), jobs=0)
        row: dict[str, Any] = {"lakip_wall_s": lakip["wall_s"]}
        for tool, variant in (("ocrmypdf", "ocrmypdf+pdfplumber"), ("img2table", "img2table")):
            result = run_tool(tool, [pdf], 1)
            if "error" in result:
                row[variant] = result["error"]
                continue
            seconds = min(next(iter(result["docs"].values()))["variants"][variant]["runs"])
            row[variant] = {"wall_s": round(seconds, 2), "lakip_over_peer": round(lakip["wall_s"] / seconds, 3)}
        rows[str(dpi)] = row
    return {"scans": rows, "acceptance": "lakip_over_peer < 1 against ocrmypdf+pdfplumber"}


# ---------------------------------------------------------------- born-digital: pages


_ONE_EXTRACT = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from extractor.pipeline import extract
extract({warm!r})
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
doc = extract({pdf!r})
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "peak_kib": peak, "growth_kib": peak - before, "pages": doc.source.pages}}))
"""


def distinct_pdf(work: Path, pages: int) -> tuple[Path, list[Path]]:
    """Layout-generator reports (seeds 1000 on) joined until ``pages`` pages; and the reports."""
    import pypdfium2 as pdfium

    from samples.layouts.generate import generate_many

    joined = pdfium.PdfDocument.new()
    reports: list[Path] = []
    seed = 1000
    while len(joined) < pages:
        made = generate_many([seed], ["pdf"], work / "layouts")
        report = made[0].pdf
        reports.append(report)
        source = pdfium.PdfDocument(str(report))
        joined.import_pages(source, list(range(min(len(source), pages - len(joined)))))
        source.close()
        seed += 1
    out = work / f"distinct-{pages}p.pdf"
    joined.save(str(out))
    joined.close()
    return out, reports


def _prefix(pdf: Path, pages: int, out: Path) -> Path:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(pdf))
    part = pdfium.PdfDocument.new()
    part.import_pages(source, list(range(pages)))
    part.save(str(out))
    part.close()
    source.close()
    return out


def bench_pages(work: Path, quick: bool) -> dict[str, Any]:
    counts = (10, 100) if quick else PAGE_COUNTS
    whole, _ = distinct_pdf(work, max(counts))
    rows = {}
    for count in counts:
        pdf = _prefix(whole, count, work / f"first-{count}p.pdf")
        code = _ONE_EXTRACT.format(root=str(ROOT), warm=str(_prefix(whole, 3, work / "warm.pdf")), pdf=str(pdf))
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        rows[str(count)] = json.loads(proc.stdout.strip().splitlines()[-1])
    result: dict[str, Any] = {"pages": rows}
    for big, small in ((100, 10), (1000, 100)):
        if str(big) in rows:
            b, s = rows[str(big)], rows[str(small)]
            result[f"time_{big}_over_{small}"] = round(b["seconds"] / s["seconds"], 2)
            result[f"peak_{big}_over_{small}"] = round(b["peak_kib"] / s["peak_kib"], 2)
    result["acceptance"] = "time_1000_over_100 <= 11, peak_1000_over_100 <= 2"
    return result


# ---------------------------------------------------------------- batch: per-file overhead


def bench_batch(work: Path, quick: bool) -> dict[str, Any]:
    from extractor.bulk import BatchSettings, run_batch
    from extractor.pipeline import ExtractSettings, extract

    _, reports = distinct_pdf(work, 10 if quick else 240)
    files = reports[: 5 if quick else 20]
    inputs = work / "batch-in"
    inputs.mkdir()
    for report in files:
        shutil.copy(report, inputs / report.name)
    extract(files[0])  # warm
    own = 0.0
    for report in files:
        started = time.perf_counter()
        extract(report)
        own += time.perf_counter() - started
    started = time.perf_counter()
    result = run_batch(inputs, work / "batch-out", ExtractSettings(), BatchSettings(jobs=1))
    wall = time.perf_counter() - started
    return {
        "files": len(files),
        "failed": result.failed,
        "batch_wall_s": round(wall, 2),
        "own_extract_s": round(own, 2),
        "overhead_per_file_s": round((wall - own) / len(files), 3),
        "acceptance": "overhead_per_file_s <= 0.2",
    }


BENCHMARKS = {"scan": bench_scan, "peers": bench_peers, "pages": bench_pages, "batch": bench_batch}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated: " + ", ".join(BENCHMARKS))
    parser.add_argument("--quick", action="store_true", help="fewer pages and files (a smoke run)")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    result: dict[str, Any] = {"benchmark": "speed", "when": time.strftime("%Y-%m-%dT%H:%M:%S")}
    for name in args.only.split(","):
        with tempfile.TemporaryDirectory(prefix=f"lakip-speed-{name}-") as tmp:
            result[name] = BENCHMARKS[name](Path(tmp), args.quick)
    result["load_average_1min"] = round(os.getloadavg()[0], 2)
    return emit(result, args.out)


if __name__ == "__main__":
    sys.exit(main())
