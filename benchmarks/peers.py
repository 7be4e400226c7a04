"""Compare `lakip extract` with peer table extractors on the committed generated reports.

Usage (from the repo root):  python3 benchmarks/peers.py [--quick] [--repeats N] [--tools NAME ...]

Inputs are `samples/pdf/*_ruled.pdf` and `*_borderless.pdf` (born-digital) and `*_scan.pdf`
(scans), each with its `<name>.truth.json`. Every tool runs in its own worker process (the peers in
the virtualenv made by `.ci/bench-deps`, so their pins never touch lakip's environment); a worker
times each document several times and keeps the best (warm) run, then hands back its raw grids.

One cell metric scores every tool's grids, lakip's `doc.tables` included: a truth row is found
when a grid row on the same page holds all of that row's printed values, each in its own cell
(performance: target, realisasi, capaian; agreement: target; budget: pagu, realisasi; nulls
skipped), with truth rows and grid rows paired one-to-one. Cells are read with lakip's own value
parser (OCR repairs on for scans, for every tool alike). lakip's record-level scores
(`extractor.evaluate`) are reported beside it. Writes `benchmarks/peers-results.json`.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "pdf"
RESULTS = ROOT / "benchmarks" / "peers-results.json"
DEFAULT_VENV = Path.home() / ".cache" / "lakip" / "peers-venv"
LANG = "ind+eng"
WORKER_TIMEOUT_S = 3600
BORN_PEERS = ("pdfplumber", "camelot-lattice", "camelot-stream")
HEADLINE = ("performance", "budget")  # the rows the acceptance criteria count
KINDS = ("performance", "agreement", "budget")
TRUTH_COLUMNS = {
    "performance": ("target", "realisasi", "capaian"),
    "agreement": ("target",),
    "budget": ("pagu", "realisasi"),
}

Grid = dict[str, Any]  # {"page": int, "rows": [[str, ...]], "row_pages": [int, ...] | None}
Runner = Callable[[Path, Path], dict[str, list[Grid]]]  # (pdf, scratch dir) -> grids per variant


# --------------------------------------------------------------------------- tools (worker side)


def _cells(row: Iterable[Any]) -> list[str]:
    return ["" if c is None else str(c) for c in row]


def _pdfplumber_grids(pdf: Path, settings: dict[str, Any] | None = None) -> list[Grid]:
    import pdfplumber

    grids: list[Grid] = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables(settings) if settings else page.extract_tables():
                grids.append(
                    {"page": page.page_number, "rows": [_cells(r) for r in table], "row_pages": None}
                )
    return grids


def _camelot_grids(pdf: Path, flavor: str) -> list[Grid]:
    import warnings

    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "no tables found on page-N" for every narrative page
        tables = camelot.read_pdf(str(pdf), pages="all", flavor=flavor)
    return [{"page": int(t.page), "rows": [_cells(r) for r in t.data], "row_pages": None} for t in tables]


_LAST_DOC: dict[str, Any] = {}  # the worker scores lakip's records from the last Document


def run_lakip(pdf: Path, _scratch: Path) -> dict[str, list[Grid]]:
    from extractor.ocr import OcrSettings
    from extractor.pipeline import ExtractSettings, extract

    doc = extract(pdf, ExtractSettings(ocr=OcrSettings(cache_dir="off")))
    grids: list[Grid] = []
    for table in doc.tables:
        rows, pages = [], []
        for row in table.rows:
            rows.append(list(row.texts()))
            cell_pages = [c.page for c in row.cells if c.page is not None]
            pages.append(cell_pages[0] if cell_pages else (table.pages[0] if table.pages else 0))
        grids.append({"page": table.pages[0] if table.pages else 0, "rows": rows, "row_pages": pages})
    _LAST_DOC["doc"] = doc
    return {"lakip": grids}


def run_pdfplumber(pdf: Path, _scratch: Path) -> dict[str, list[Grid]]:
    return {"pdfplumber": _pdfplumber_grids(pdf)}


def run_camelot_lattice(pdf: Path, _scratch: Path) -> dict[str, list[Grid]]:
    return {"camelot-lattice": _camelot_grids(pdf, "lattice")}


def run_camelot_stream(pdf: Path, _scratch: Path) -> dict[str, list[Grid]]:
    return {"camelot-stream": _camelot_grids(pdf, "stream")}


_IMG2TABLE_OCR: dict[str, Any] = {}


def _img2table(pdf: Path, borderless: bool) -> list[Grid]:
    from img2table.document import PDF
    from img2table.ocr import TesseractOCR

    if "ocr" not in _IMG2TABLE_OCR:  # built once per process: it shells out to check Tesseract
        _IMG2TABLE_OCR["ocr"] = TesseractOCR(n_threads=os.cpu_count() or 1, lang=LANG)
    found = PDF(str(pdf)).extract_tables(ocr=_IMG2TABLE_OCR["ocr"], borderless_tables=borderless)
    grids: list[Grid] = []
    for index, tables in sorted(found.items()):
        for table in tables:
            rows = [_cells(cell.value for cell in row) for row in table.content.values()]
            grids.append({"page": index + 1, "rows": rows, "row_pages": None})
    return grids


def run_img2table(pdf: Path, _scratch: Path) -> dict[str, list[Grid]]:
    return {"img2table": _img2table(pdf, borderless=False)}


def run_img2table_borderless(pdf: Path, _scratch: Path) -> dict[str, list[Grid]]:
    return {"img2table-borderless": _img2table(pdf, borderless=True)}


def run_ocrmypdf(pdf: Path, scratch: Path) -> dict[str, list[Grid]]:
    """OCR with ocrmypdf's defaults, then several extractors on the OCR'd PDF (each timed apart).

    The Python API, not the CLI: the CLI renices itself (+5), which on a shared machine would
    slow ocrmypdf down for reasons that have nothing to do with its work.
    """
    import ocrmypdf

    out = scratch / f"{pdf.stem}.ocr.pdf"
    started = time.perf_counter()
    code = ocrmypdf.ocr(pdf, out, language=LANG.split("+"), progress_bar=False)
    if code != 0:
        raise RuntimeError(f"ocrmypdf exit code {code} on {pdf.name}")
    _STEP_SECONDS["ocr"] = time.perf_counter() - started
    grids: dict[str, list[Grid]] = {}
    extractors: dict[str, Callable[[], list[Grid]]] = {
        "ocrmypdf+pdfplumber": lambda: _pdfplumber_grids(out),
        "ocrmypdf+pdfplumber-text": lambda: _pdfplumber_grids(
            out, {"vertical_strategy": "text", "horizontal_strategy": "text"}
        ),
        "ocrmypdf+camelot-lattice": lambda: _camelot_grids(out, "lattice"),
        "ocrmypdf+camelot-stream": lambda: _camelot_grids(out, "stream"),
    }
    for name, fn in extractors.items():
        started = time.perf_counter()
        grids[name] = fn()
        _STEP_SECONDS[name] = _STEP_SECONDS["ocr"] + time.perf_counter() - started
    return grids


_STEP_SECONDS: dict[str, float] = {}

# name -> (input set, runner, needs the peers' interpreter, distributions whose versions are recorded)
OPENCV = ("opencv-python-headless", "opencv-contrib-python", "opencv-python")
TOOLS: dict[str, tuple[str, Runner, bool, tuple[str, ...]]] = {
    "lakip-born": ("born", run_lakip, False, ("lakip", "pdfplumber", "pypdfium2")),
    "pdfplumber": ("born", run_pdfplumber, False, ("pdfplumber", "pdfminer.six")),
    "camelot-lattice": ("born", run_camelot_lattice, True, ("camelot-py", "pypdfium2", *OPENCV)),
    "camelot-stream": ("born", run_camelot_stream, True, ("camelot-py",)),
    "lakip-scan": ("scan", run_lakip, False, ("lakip", "pytesseract", *OPENCV)),
    "img2table": ("scan", run_img2table, True, ("img2table", *OPENCV)),
    "img2table-borderless": ("scan", run_img2table_borderless, True, ("img2table",)),
    "ocrmypdf": ("scan", run_ocrmypdf, True, ("ocrmypdf", "pdfplumber", "camelot-py")),
}


def _versions(distributions: Iterable[str]) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in distributions:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


def worker(tool: str, files: list[Path], repeats: int, out: Path) -> None:
    """Run one tool over its files; best-of-`repeats` wall time per document and per variant."""
    _set, runner, _peer, distributions = TOOLS[tool]
    result: dict[str, Any] = {"versions": _versions(distributions), "docs": {}}
    with tempfile.TemporaryDirectory(prefix=f"lakip-peers-{tool}-") as tmp:
        for pdf in files:
            times: dict[str, list[float]] = {}
            grids: dict[str, list[Grid]] = {}
            for _ in range(repeats):
                _STEP_SECONDS.clear()
                started = time.perf_counter()
                grids = runner(pdf, Path(tmp))
                total = time.perf_counter() - started
                for variant in grids:
                    times.setdefault(variant, []).append(_STEP_SECONDS.get(variant, total))
            entry: dict[str, Any] = {
                "variants": {v: {"runs": times[v], "grids": g} for v, g in grids.items()}
            }
            if runner is run_lakip:
                entry["records"] = _record_scores(pdf)
                entry["stats"] = dict(_LAST_DOC["doc"].stats)
            result["docs"][pdf.name] = entry
    out.write_text(json.dumps(result), encoding="utf-8")


def _record_scores(pdf: Path) -> dict[str, list[int]]:
    from extractor.evaluate import score_budget, score_indicators

    truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
    doc = _LAST_DOC["doc"]
    perf, budget = score_indicators(doc, truth), score_budget(doc, truth)
    return {"performance": [perf.right, perf.gold], "budget": [budget.right, budget.gold]}


# --------------------------------------------------------------------------- scoring (parent side)


def cell_key(text: str, ocr: bool) -> float | str | None:
    """A cell as one comparable value: a number (percent as its number), a grade, or text."""
    from extractor.values import ValueKind, parse_amount, parse_value

    flat = " ".join(text.split())
    if not flat:
        return None
    parsed = parse_value(flat, ocr=ocr)
    if parsed.kind is ValueKind.TEXT:
        amount = parse_amount(flat, ocr=ocr)
        if amount.kind is ValueKind.AMOUNT:
            parsed = amount
    if isinstance(parsed.value, int | float) and not isinstance(parsed.value, bool):
        return float(parsed.value)
    return flat.upper() if parsed.value is None else str(parsed.value).strip().upper()


def same(a: float | str, b: float | str) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=0.011)
    return isinstance(a, str) and isinstance(b, str) and " ".join(a.split()) == " ".join(b.split())


def truth_rows(truth: dict[str, Any]) -> list[tuple[str, int, list[float | str]]]:
    """(kind, page, printed values) for every truth row that prints at least one value."""
    rows = []
    for kind, columns in TRUTH_COLUMNS.items():
        for row in truth.get(kind, []):
            values: list[float | str] = []
            for col in columns:
                v = row.get(col)
                if isinstance(v, int | float):
                    values.append(float(v))
                elif isinstance(v, str):
                    values.append(v.strip().upper())
            if values:
                rows.append((kind, int(row["page"]), values))
    return rows


def _contains(keys: list[float | str | None], values: list[float | str]) -> bool:
    used: set[int] = set()
    for v in values:
        hit = next((i for i, k in enumerate(keys) if i not in used and k is not None and same(k, v)), None)
        if hit is None:
            return False
        used.add(hit)
    return True


def match_rows(truth: list[tuple[str, int, list[float | str]]], grids: list[Grid], ocr: bool) -> list[bool]:
    """Which truth rows a one-to-one pairing with same-page grid rows can satisfy (Kuhn's algorithm)."""
    grid_rows: list[tuple[int, list[float | str | None]]] = []
    for grid in grids:
        pages = grid.get("row_pages") or [grid["page"]] * len(grid["rows"])
        for page, row in zip(pages, grid["rows"], strict=True):
            grid_rows.append((int(page), [cell_key(c, ocr) for c in row]))
    edges = [
        [j for j, (gp, keys) in enumerate(grid_rows) if gp == page and _contains(keys, values)]
        for _kind, page, values in truth
    ]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    found = [False] * len(truth)
    for i in range(len(truth)):
        if edges[i] and augment(i, set()):
            found[i] = True
    matched = set(owner.values())
    return [i in matched for i in range(len(truth))]


def score_doc(truth: dict[str, Any], grids: list[Grid], ocr: bool) -> dict[str, list[int]]:
    rows = truth_rows(truth)
    found = match_rows(rows, grids, ocr)
    out = {kind: [0, 0] for kind in KINDS}
    for (kind, _page, _values), hit in zip(rows, found, strict=True):
        out[kind][0] += int(hit)
        out[kind][1] += 1
    return out


# --------------------------------------------------------------------------- driver


def inputs(quick: bool) -> dict[str, list[Path]]:
    sets = {
        "ruled": sorted(SAMPLES.glob("*_ruled.pdf")),
        "borderless": sorted(SAMPLES.glob("*_borderless.pdf")),
        "scan": sorted(SAMPLES.glob("*_scan.pdf")),
    }
    return {k: v[:1] if quick else v for k, v in sets.items()}


def peer_python() -> Path:
    configured = os.environ.get("LAKIP_PEERS_PYTHON")
    if configured:
        return Path(configured)
    venv = Path(os.environ.get("LAKIP_PEERS_VENV", DEFAULT_VENV)) / "bin" / "python"
    return venv if venv.exists() else Path(sys.executable)


def run_tool(tool: str, files: list[Path], repeats: int) -> dict[str, Any]:
    python = peer_python() if TOOLS[tool][2] else Path(sys.executable)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory(prefix="lakip-peers-") as tmp:
        out = Path(tmp) / "out.json"
        cmd = [str(python), str(Path(__file__).resolve()), "--worker", tool, "--repeats", str(repeats)]
        cmd += ["--worker-out", str(out), *map(str, files)]
        try:
            proc = subprocess.run(
                cmd, env=env, capture_output=True, text=True, timeout=WORKER_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired:
            return {"error": f"{tool} worker took over {WORKER_TIMEOUT_S} s"}
        if proc.returncode != 0 or not out.exists():
            tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            return {"error": f"{tool} worker failed ({python}): {tail}"}
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    result["python"] = str(python)
    return result


def summarise(raw: dict[str, dict[str, Any]], sets: dict[str, list[Path]]) -> dict[str, Any]:
    """Per style and variant: found/total per kind, summed best seconds, and lakip's records."""
    style_of = {p.name: style for style, paths in sets.items() for p in paths}
    table: dict[str, dict[str, Any]] = {}
    for result in raw.values():
        if "error" in result:
            continue
        for name, doc in result["docs"].items():
            style = style_of[name]
            truth = json.loads((SAMPLES / name).with_suffix(".truth.json").read_text(encoding="utf-8"))
            for variant, data in doc["variants"].items():
                cell = table.setdefault(style, {}).setdefault(
                    variant, {"seconds": 0.0, "docs": 0, **{k: [0, 0] for k in KINDS}, "per_doc": {}}
                )
                scores = score_doc(truth, data["grids"], ocr=style == "scan")
                best = min(data["runs"])
                cell["seconds"] += best
                cell["docs"] += 1
                for kind in KINDS:
                    cell[kind] = [cell[kind][0] + scores[kind][0], cell[kind][1] + scores[kind][1]]
                cell["per_doc"][name] = {
                    "seconds": round(best, 3),
                    "runs": [round(t, 3) for t in data["runs"]],
                }
                cell["per_doc"][name].update(scores)
                if "stats" in doc:
                    cell["per_doc"][name]["lakip_stats"] = doc["stats"]
                if "records" in doc:
                    rec = cell.setdefault("records", {"performance": [0, 0], "budget": [0, 0]})
                    for kind, (right, gold) in doc["records"].items():
                        rec[kind] = [rec[kind][0] + right, rec[kind][1] + gold]
    for cells in table.values():
        for cell in cells.values():
            found = sum(cell[k][0] for k in HEADLINE)
            total = sum(cell[k][1] for k in HEADLINE)
            cell["recall"] = round(found / total, 4) if total else None
            cell["seconds"] = round(cell["seconds"], 3)
    return table


def _combined(table: dict[str, Any], styles: tuple[str, ...], label: str) -> tuple[float, float] | None:
    cells = [table.get(s, {}).get(label) for s in styles]
    if any(c is None for c in cells):
        return None
    found = sum(c[k][0] for c in cells for k in HEADLINE)
    total = sum(c[k][1] for c in cells for k in HEADLINE)
    return (found / total if total else 0.0, sum(c["seconds"] for c in cells))


def verdicts(table: dict[str, Any]) -> dict[str, Any]:
    """The issue's acceptance checks, computed from what was measured (None when a side is missing)."""
    out: dict[str, Any] = {}
    for name, styles in (
        ("born_digital", ("ruled", "borderless")),
        ("ruled", ("ruled",)),
        ("borderless", ("borderless",)),
    ):
        lakip = _combined(table, styles, "lakip")
        peers = {p: _combined(table, styles, p) for p in BORN_PEERS}
        # the best peer is the most accurate one; among equally accurate peers, the fastest
        ranked = sorted(((v[0], -v[1], p) for p, v in peers.items() if v), reverse=True)
        if lakip and ranked:
            acc, neg_s, best = ranked[0]
            out[name] = {
                "best_peer": best,
                "lakip_recall": round(lakip[0], 4),
                "peer_recall": round(acc, 4),
                "time_ratio": round(lakip[1] / -neg_s, 3),
                "pass_accuracy": lakip[0] >= acc,
                "pass_time": lakip[1] <= 1.5 * -neg_s,
            }
    scan = table.get("scan", {})
    if "lakip" in scan:
        lak = scan["lakip"]
        img = [scan[p] for p in ("img2table", "img2table-borderless") if p in scan]
        ocr = scan.get("ocrmypdf+pdfplumber")
        out["scan"] = {
            "lakip_recall": lak["recall"],
            "img2table_best_recall": max((c["recall"] for c in img), default=None),
            "pass_accuracy": all(lak["recall"] > c["recall"] for c in img) if img else None,
            "time_ratio_vs_ocrmypdf": round(lak["seconds"] / ocr["seconds"], 3) if ocr else None,
            "pass_time": lak["seconds"] * 2 <= ocr["seconds"] if ocr else None,
        }
    return out


def render(table: dict[str, Any]) -> str:
    """A Markdown table: recall per kind, headline recall, time, and the ratios to lakip."""
    head = (
        "| style | tool | performance | agreement | budget | perf+budget recall | seconds (sum of best) "
        "| lakip time / tool time | lakip recall − tool recall |"
    )
    lines = [head, "|" + "---|" * 9]
    for style in ("ruled", "borderless", "scan"):
        cells = table.get(style, {})
        lakip = cells.get("lakip")
        for label in sorted(cells, key=lambda n: (n != "lakip", n)):
            c = cells[label]
            kinds = " | ".join(f"{c[k][0]}/{c[k][1]}" for k in KINDS)
            ratio = diff = "—"
            if lakip and label != "lakip":
                ratio = f"{lakip['seconds'] / c['seconds']:.2f}" if c["seconds"] else "—"
                diff = f"{(lakip['recall'] - c['recall']) * 100:+.1f} pt"
            lines.append(
                f"| {style} | {label} | {kinds} | {c['recall']:.1%} | {c['seconds']:.2f} | {ratio} | {diff} |"
            )
        if lakip and "records" in lakip:
            rec = lakip["records"]
            lines.append(
                f"| {style} | lakip records (evaluate) | {rec['performance'][0]}/{rec['performance'][1]} | — "
                f"| {rec['budget'][0]}/{rec['budget'][1]} | — | — | — | — |"
            )
    return "\n".join(lines)


def _program_version(*cmd: str) -> str:
    try:
        proc = subprocess.run(list(cmd), capture_output=True, text=True, check=False)
    except OSError:
        return "not installed"
    lines = (proc.stdout or proc.stderr).splitlines()
    return lines[0].strip() if lines else "?"


def _tree() -> dict[str, Any]:
    """The lakip code measured: commit and uncommitted files (read without touching git's index)."""
    git = ["git", "--no-optional-locks", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--", "extractor", "cli.py"],
        capture_output=True,
        text=True,
        check=False,
    )
    return {"commit": head.stdout.strip() or None, "uncommitted": dirty.stdout.split("\n")[:-1]}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="first document of each style, one run each")
    parser.add_argument("--repeats", type=int, default=None, help="runs per document (default 3, scans 2)")
    parser.add_argument("--tools", nargs="*", choices=list(TOOLS), help="tools to run (default: all)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the JSON report goes")
    parser.add_argument("--worker", choices=list(TOOLS), help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.files, args.repeats or 1, args.worker_out)
        return 0

    sets = inputs(args.quick)
    raw: dict[str, dict[str, Any]] = {}
    for tool in args.tools or list(TOOLS):
        kind = TOOLS[tool][0]
        files = [p for style, paths in sets.items() if (style == "scan") == (kind == "scan") for p in paths]
        repeats = 1 if args.quick else args.repeats or (2 if kind == "scan" else 3)
        started, load = time.perf_counter(), os.getloadavg()[0]
        raw[tool] = run_tool(tool, files, repeats)
        raw[tool]["load_1min"] = [round(load, 2), round(os.getloadavg()[0], 2)]
        status = raw[tool].get("error", "ok")
        print(
            f"{tool}: {len(files)} documents x {repeats} runs in {time.perf_counter() - started:.0f} s ({status})"
        )
    table = summarise(raw, sets)
    checks = verdicts(table)
    print(render(table))
    print(json.dumps(checks, indent=2))
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "command": " ".join(["python3", "benchmarks/peers.py", *sys.argv[1:]]),
        "machine": {
            "cores": os.cpu_count(),
            "platform": platform.platform(),
            "tesseract": _program_version("tesseract", "--version"),
            "ghostscript": _program_version("gs", "--version"),
            "qpdf": _program_version("qpdf", "--version"),
            "python": platform.python_version(),
        },
        "lakip_tree": _tree(),
        "settings": {"OMP_THREAD_LIMIT": "1", "lang": LANG, "repeats": args.repeats, "quick": args.quick},
        "tools": {
            t: {k: v for k, v in r.items() if k != "docs"} | {"documents": sorted(r.get("docs", {}))}
            for t, r in raw.items()
        },
        "results": table,
        "acceptance": checks,
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
