"""Accuracy on random table layouts (issue 11): which layout mechanisms make the extractor lose rows.

Usage (from the repo root):
    python3 benchmarks/layouts.py --seeds 1000-1049 --path pdf|docx|html|both [--scan [--scan-seeds 1000-1009]]
                                  [--jobs 2] [--json out.json] [--keep DIR] [--worst 10]

Generates one report per seed and path with ``samples.layouts`` (reportlab, DOCX converted by
LibreOffice, or, asked for by name, HTML printed by Chromium: a producer the code was never tuned
on), extracts each (a process pool, ``OMP_THREAD_LIMIT=1``, OCR cache off) and scores it with
``extractor.evaluate``: performance rows (``score_indicators``), budget rows of the report year
(``score_budget_report_year``: a prior-year column's records emitted with their own year are not
errors) and the values printed about other years (``score_other_years``). Prints totals, totals per
path, the spread of per-layout recall, the worst layouts with their spec and first misses, and
recall per layout feature (header shape, rules, alignment, each optional column, number format ...).
An extraction that raises scores 0 and is listed with its error.

Seeds 5000 and up are held out: develop against lower seeds (1000-1049 is the development set).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["OMP_THREAD_LIMIT"] = "1"

PERF_FEATURES = ("header", "sasaran", "number_col", "number_row", "capaian", "percent", "decimal")
BUDGET_FEATURES = (
    "kind",
    "depth",
    "header",
    "code",
    "amount",
    "percent",
    "total_first",
    "total_span",
    "landscape",
    "number_row",
    "indent",
)
DOC_FEATURES = ("path", "scan", "border", "valign", "font", "paper", "font_size", "repeat_header", "empty")
PERF_OPTIONAL = ("satuan", "prior", "renstra", "next_target", "kategori", "keterangan", "sumber")
BUDGET_OPTIONAL = ("sisa", "prior", "keterangan")


def score_file(pdf: str, truth_path: str) -> dict[str, Any]:
    """Extract one file and score it; never raises (an error scores 0)."""
    from extractor.evaluate import score_budget_report_year, score_indicators, score_other_years
    from extractor.ocr import OcrSettings
    from extractor.pipeline import ExtractSettings, extract

    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    perf_gold, budget_gold = (
        len(truth["performance"]),
        sum(1 for b in truth["budget"] if b["pagu"] is not None),
    )
    out: dict[str, Any] = {
        "file": Path(pdf).name,
        "seed": truth["seed"],
        "path": truth["path"],
        "scan": "scan" in truth,
        "error": None,
        "seconds": 0.0,
    }
    started = time.perf_counter()
    try:
        # LAKIP_BENCH_OCR_CACHE: a cache folder shared by two runs whose OCR code is the same (a
        # dev comparison of table code on scans); off by default, so a held-out run reads afresh
        cache = Path(os.environ.get("LAKIP_BENCH_OCR_CACHE", "off"))
        doc = extract(Path(pdf), ExtractSettings(ocr=OcrSettings(cache_dir=cache)))
        perf = score_indicators(doc, truth)
        budget = score_budget_report_year(doc, truth)
        other = score_other_years(doc, truth)
        tables = []
        for t in truth["tables"]:
            if t["kind"] != "budget":
                continue
            sub = {**truth, "budget": [b for b in truth["budget"] if b["table"] == t["caption"]]}
            s = score_budget_report_year(doc, sub)
            tables.append({"caption": t["caption"], "right": s.right, "gold": s.gold})
        by_column = {}
        for kind, column in sorted({(e["kind"], e["column"]) for e in truth["other_years"]}):
            entries = [e for e in truth["other_years"] if (e["kind"], e["column"]) == (kind, column)]
            s = score_other_years(doc, {**truth, "other_years": entries})
            by_column[f"{kind}:{column}"] = [s.right, s.gold]
        out.update(
            performance=[perf.right, perf.gold],
            performance_precision=[perf.matched, perf.extracted],
            budget=[budget.right, budget.gold],
            budget_precision=[budget.matched, budget.extracted],
            other_years=[other.right, other.gold],
            other_precision=[other.matched, other.extracted],
            performance_labels=[perf.labels_right, perf.right],
            budget_labels=[budget.labels_right, budget.right],
            budget_tables=tables,
            other_by_column=by_column,
            year_found=doc.satker.year,
            misses=[*perf.misses[:4], *budget.misses[:4], *other.misses[:2]],
        )
    except Exception as exc:  # a benchmark reports a crash, it does not stop on it
        out.update(
            performance=[0, perf_gold],
            performance_precision=[0, 0],
            budget=[0, budget_gold],
            budget_precision=[0, 0],
            other_years=[0, len(truth.get("other_years", []))],
            other_precision=[0, 0],
            performance_labels=[0, 0],
            budget_labels=[0, 0],
            budget_tables=[
                {
                    "caption": t["caption"],
                    "right": 0,
                    "gold": sum(1 for b in truth["budget"] if b["table"] == t["caption"]),
                }
                for t in truth["tables"]
                if t["kind"] == "budget"
            ],
            other_by_column={},
            year_found=None,
            misses=[],
            error=f"{type(exc).__name__}: {exc}",
            traceback=traceback.format_exc(limit=4),
        )
    out["seconds"] = round(time.perf_counter() - started, 2)
    return out


def _features(
    truth_layout: dict[str, Any], result: dict[str, Any]
) -> Iterable[tuple[str, str, str, int, int]]:
    """(table kind, feature, value, right, gold) for each feature the layout exercised."""
    perf = truth_layout["perf"]
    doc = {**{k: truth_layout.get(k) for k in DOC_FEATURES}, "path": result["path"], "scan": result["scan"]}
    pr, pg = result["performance"]
    for name, value in doc.items():
        yield "perf", name, str(value), pr, pg
    for name in PERF_FEATURES:
        yield "perf", name, str(perf[name]), pr, pg
    for name in PERF_OPTIONAL:
        yield "perf", f"col:{name}", str(name in perf["optional"]), pr, pg
    for spec, table in zip(truth_layout["budgets"], result["budget_tables"], strict=False):
        br, bg = table["right"], table["gold"]
        for name, value in doc.items():
            yield "budget", name, str(value), br, bg
        for name in BUDGET_FEATURES:
            yield "budget", name, str(spec[name]), br, bg
        for name in BUDGET_OPTIONAL:
            yield "budget", f"col:{name}", str(name in spec["optional"]), br, bg


def _pct(right: int, gold: int) -> str:
    return f"{right / gold:6.1%}" if gold else "     -"


def _ratio(pair: list[int]) -> str:
    return f"{pair[0]}/{pair[1]} ({_pct(*pair).strip()})"


def _sum(results: list[dict[str, Any]], key: str) -> list[int]:
    return [sum(r[key][0] for r in results), sum(r[key][1] for r in results)]


def _recall(r: dict[str, Any]) -> float:
    right = r["performance"][0] + r["budget"][0]
    gold = r["performance"][1] + r["budget"][1]
    return right / gold if gold else 1.0


def _bucket(recall: float) -> str:
    return "100%" if recall >= 1 else "90-99%" if recall >= 0.9 else "0%" if recall == 0 else "<90%"


_TOTALS = ("performance", "performance_precision", "budget", "budget_precision", "other_years")


def report(
    results: list[dict[str, Any]], layouts: dict[tuple[int, str], dict[str, Any]], worst: int
) -> dict[str, Any]:
    """Print the human report and return the same figures for JSON."""
    summary = _report_totals(results)
    _report_distribution(summary)
    summary["other_years_by_column"] = _report_other_years(results)
    summary["labels"] = _report_labels(results)
    _report_errors(results)
    _report_worst(results, worst)
    summary["features"] = _report_features(results, layouts)
    return summary


def _report_totals(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Print the totals per group of files (all, each path, scans); return them by group name."""
    summary: dict[str, Any] = {}
    groups = {
        "all": results,
        **{p: [r for r in results if r["path"] == p and not r["scan"]] for p in ("pdf", "docx", "html")},
        "scan": [r for r in results if r["scan"]],
    }
    print(
        f"{'':6} {'files':>5}  {'performance':>18} {'precision':>18}  {'budget':>18} {'precision':>18}  {'other years':>18}"
    )
    for name, rs in groups.items():
        if not rs:
            continue
        row = _group_totals(rs)
        summary[name] = row
        print(f"{name:6} {len(rs):5}  " + "  ".join(f"{_ratio(row[k]):>18}" for k in _TOTALS))
    return summary


def _group_totals(rs: list[dict[str, Any]]) -> dict[str, Any]:
    """One group's summed counts, its recall distribution and its error count."""
    row: dict[str, Any] = {k: _sum(rs, k) for k in _TOTALS}
    buckets: dict[str, int] = defaultdict(int)
    for r in rs:
        buckets[_bucket(_recall(r))] += 1
    row["distribution"] = {b: buckets.get(b, 0) for b in ("100%", "90-99%", "<90%", "0%")}
    row["errors"] = sum(1 for r in rs if r["error"])
    return row


def _report_distribution(summary: dict[str, Any]) -> None:
    """Print how many files of each group fall in each recall bucket."""
    print("\nper-layout recall (performance + budget rows):")
    for name, row in summary.items():
        print(
            f"  {name:6} "
            + "  ".join(f"{b}: {n}" for b, n in row["distribution"].items())
            + (f"  errors: {row['errors']}" if row["errors"] else "")
        )


def _report_other_years(results: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Print and return the other-year values right and total, by column."""
    columns: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in results:
        for column, (right, gold) in r["other_by_column"].items():
            columns[column][0] += right
            columns[column][1] += gold
    if columns:
        print("\nother-year values by column (right/total):")
        print("  " + "  ".join(f"{c} {_ratio(v)}" for c, v in sorted(columns.items())))
    return dict(columns)


def _report_labels(results: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Print and return, of the rows right, how many have their label (and sasaran) as printed:
    rows pair by a fuzzy label match, so a band line or row number glued on goes unseen there."""
    labels = {k: _sum(results, f"{k}_labels") for k in ("performance", "budget")}
    print("\nlabels as printed, of the rows right: " + "  ".join(f"{k} {_ratio(v)}" for k, v in labels.items()))
    return labels


def _report_errors(results: list[dict[str, Any]]) -> None:
    """Print the files whose extraction failed, if any."""
    errors = [r for r in results if r["error"]]
    if errors:
        print("\nextraction errors:")
        for r in errors:
            print(f"  {r['file']}: {r['error']}")


def _report_worst(results: list[dict[str, Any]], worst: int) -> None:
    """Print the ``worst`` lowest-recall files with their layout and first misses."""
    from samples.layouts.spec import draw_spec

    print(f"\n{worst} worst layouts:")
    for r in sorted(results, key=lambda r: (_recall(r), r["seed"]))[:worst]:
        print(
            f"  seed {r['seed']} {r['path']}{' scan' if r['scan'] else ''}: recall {_recall(r):.0%}  "
            f"perf {r['performance'][0]}/{r['performance'][1]}  budget {r['budget'][0]}/{r['budget'][1]}  "
            f"year read {r['year_found']}"
        )
        print(f"      {draw_spec(r['seed']).summary()}")
        for miss in r["misses"][:3]:
            print(f"      - {miss}")


def _feature_table(
    results: list[dict[str, Any]], layouts: dict[tuple[int, str], dict[str, Any]]
) -> dict[tuple[str, str, str], list[int]]:
    """Per (feature, value, table kind): rows right, rows gold, tables, tables with none right."""
    table: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in results:
        for kind, feature, value, right, gold in _features(layouts[(r["seed"], r["path"])], r):
            cell = table[(feature, value, kind)]
            cell[0] += right
            cell[1] += gold
            cell[2] += 1
            cell[3] += int(gold > 0 and right == 0)
    return table


def _report_features(
    results: list[dict[str, Any]], layouts: dict[tuple[int, str], dict[str, Any]]
) -> list[dict[str, Any]]:
    """Print recall by layout feature; return the same figures, one dict per feature value and table."""
    table = _feature_table(results, layouts)
    print("\nrecall by layout feature (rows right/gold, tables, tables with 0 rows right):")
    print(f"  {'feature':14} {'value':22} {'performance':>26} {'budget':>26}")
    features: list[dict[str, Any]] = []
    for feature, value in sorted({(f, v) for f, v, _ in table}):
        cols = []
        for kind in ("perf", "budget"):
            c = table.get((feature, value, kind))
            if c:
                cols.append(f"{c[0]:4}/{c[1]:<4} {_pct(c[0], c[1])} n={c[2]:<3} 0:{c[3]:<2}")
                features.append(
                    {
                        "feature": feature,
                        "value": value,
                        "table": kind,
                        "right": c[0],
                        "gold": c[1],
                        "tables": c[2],
                        "zero": c[3],
                    }
                )
            else:
                cols.append("")
        print(f"  {feature:14} {value[:22]:22} {cols[0]:>26} {cols[1]:>26}")
    return features


def _generated(seeds: list[int], paths: tuple[str, ...], work: Path, scan_seeds: list[int]) -> list[Any]:
    """The files an earlier run generated for these seeds (generation is deterministic)."""
    from samples.layouts.generate import Generated, stem

    made = []
    for path in paths:
        for seed in seeds:
            name = stem(seed, path)
            made.append(Generated(seed, path, work / f"{name}.pdf", work / f"{name}.truth.json"))
    for path in paths:  # generation scans every path's PDF of a scan seed (``generate_many``)
        for seed in scan_seeds:
            name = stem(seed, path) + "_scan"
            made.append(Generated(seed, path, work / f"{name}.pdf", work / f"{name}.truth.json", scan=True))
    missing = [g.pdf for g in made if not g.pdf.exists() or not g.truth.exists()]
    if missing:
        raise SystemExit(f"--reuse: {len(missing)} generated files missing, e.g. {missing[0]}")
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1000-1049", help="e.g. 1000-1049 (5000+ are held out)")
    parser.add_argument(
        "--path", choices=("pdf", "docx", "html", "both"), default="both", help="html: Chromium, never tuned on"
    )
    parser.add_argument("--scan", action="store_true", help="also score scans of the generated PDFs")
    parser.add_argument("--scan-seeds", help="seeds to scan (default: all with --scan)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write every figure and per-file result here")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument(
        "--reuse", action="store_true", help="score the files an earlier --keep run generated in that folder"
    )
    parser.add_argument("--worst", type=int, default=10)
    args = parser.parse_args()

    from samples.layouts.generate import generate_many, parse_seeds

    seeds = parse_seeds(args.seeds)
    paths = ("pdf", "docx") if args.path == "both" else (args.path,)
    scan_seeds = parse_seeds(args.scan_seeds) if args.scan_seeds else (seeds if args.scan else [])
    with tempfile.TemporaryDirectory(prefix="lakip-layouts-") as scratch:
        work = args.keep or Path(scratch)
        started = time.perf_counter()
        if args.reuse and args.keep:
            made = _generated(seeds, paths, work, scan_seeds)
        else:
            made = generate_many(seeds, paths, work, scan_seeds=scan_seeds, jobs=args.jobs)
        generated = time.perf_counter() - started
        layouts = {}
        for g in made:
            layouts[(g.seed, g.path)] = json.loads(g.truth.read_text(encoding="utf-8"))["layout"]
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(score_file, [str(g.pdf) for g in made], [str(g.truth) for g in made]))
        extracted = time.perf_counter() - started
    summary = report(results, layouts, args.worst)
    timing = {
        "files": len(made),
        "generate_seconds": round(generated, 1),
        "extract_seconds": round(extracted, 1),
        "jobs": args.jobs,
    }
    print(
        f"\n{len(made)} files: generated in {generated:.1f} s, extracted and scored in {extracted:.1f} s "
        f"({args.jobs} jobs)"
    )
    if args.json:
        result = {
            "benchmark": "layouts",
            "seeds": args.seeds,
            "paths": list(paths),
            "scan_seeds": list(scan_seeds),
            "timing": timing,
            "summary": summary,
            "documents": results,
        }
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
