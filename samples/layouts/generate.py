"""Generate layouts for seeds, on the reportlab path, the DOCX + LibreOffice path, or both.

``python -m samples.layouts --seeds 0-19 --path pdf|docx|html|both --out DIR [--scan] [--scan-seeds 0-4]``
writes ``layout_<seed>_<path>.pdf`` and ``.truth.json`` beside it (the DOCX or HTML too on those
paths), and with ``--scan`` a ``_scan.pdf`` of each generated PDF with its own truth copy (``scan``
key). ``both`` is the reportlab and DOCX paths; ``html`` (printed by Chromium) is a producer the
extractor was never tuned on, asked for by name.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samples.layouts.document import plan, truth
from samples.truth import dumps_rows

PATHS = ("pdf", "docx")  # "both"
EXTRA_PATHS = ("html",)  # a producer the extractor was not tuned on


@dataclass(frozen=True)
class Generated:
    seed: int
    path: str  # pdf | docx | html
    pdf: Path
    truth: Path
    scan: bool = False


def parse_seeds(text: str) -> list[int]:
    """'0-19' / '1,4,9' / '0-4,10' -> sorted unique seeds."""
    seeds: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        lo, sep, hi = part.partition("-")
        seeds.update(range(int(lo), int(hi) + 1) if sep else {int(lo)})
    return sorted(seeds)


def stem(seed: int, path: str) -> str:
    return f"layout_{seed:05d}_{path}"


def _write_truth(data: dict[str, Any], out: Path) -> Path:
    out.write_text(dumps_rows(data), encoding="utf-8")
    return out


def _pdf(seed: int, out: Path) -> Generated:
    from samples.layouts.pdf import render_pdf

    planned = plan(seed)
    pdf = render_pdf(planned, out / f"{stem(seed, 'pdf')}.pdf")
    truth_path = _write_truth(truth(planned, source=pdf.name, path="pdf"), pdf.with_suffix(".truth.json"))
    return Generated(seed, "pdf", pdf, truth_path)


def _docx(seeds: Sequence[int], out: Path, jobs: int) -> list[Generated]:
    from samples.layouts.docx import convert_all, render_docx

    made: list[Generated] = []
    docs: list[Path] = []
    for seed in seeds:
        planned = plan(seed)
        doc = render_docx(planned, out / f"{stem(seed, 'docx')}.docx")
        pdf = doc.with_suffix(".pdf")
        truth_path = _write_truth(
            truth(planned, source=pdf.name, path="docx"), pdf.with_suffix(".truth.json")
        )
        docs.append(doc)
        made.append(Generated(seed, "docx", pdf, truth_path))
    convert_all(docs, out, jobs=jobs)
    missing = [g.pdf.name for g in made if not g.pdf.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not convert {len(missing)} file(s): {', '.join(missing[:5])}")
    return made


def scan_dpi(seed: int) -> int:
    return random.Random(f"lakip-scan-{seed}").randint(150, 200)


def _html(seed: int, out: Path) -> Generated:
    from samples.layouts.html import print_pdf, render_html

    planned = plan(seed)
    page = render_html(planned, out / f"{stem(seed, 'html')}.html")
    pdf = print_pdf(page, page.with_suffix(".pdf"))
    truth_path = _write_truth(truth(planned, source=pdf.name, path="html"), pdf.with_suffix(".truth.json"))
    return Generated(seed, "html", pdf, truth_path)


def _scan(made: Generated) -> Generated:
    from samples.scan import scan_pdf

    out = made.pdf.with_name(f"{made.pdf.stem}_scan.pdf")
    result = scan_pdf(made.pdf, out, dpi=scan_dpi(made.seed), seed=made.seed)
    data = json.loads(made.truth.read_text(encoding="utf-8"))
    data["source"] = out.name
    data["scan"] = result.to_dict()
    truth_path = _write_truth(data, out.with_suffix(".truth.json"))
    return Generated(made.seed, made.path, out, truth_path, scan=True)


def generate_many(
    seeds: Iterable[int],
    paths: Sequence[str],
    out: Path,
    *,
    scan_seeds: Iterable[int] = (),
    jobs: int = 1,
) -> list[Generated]:
    """Every seed on every path, then scans of the PDFs whose seed is in ``scan_seeds``."""
    out.mkdir(parents=True, exist_ok=True)
    seeds = list(seeds)
    made: list[Generated] = []
    if "pdf" in paths:
        made += [_pdf(seed, out) for seed in seeds]
    if "docx" in paths:
        made += _docx(seeds, out, jobs)
    if "html" in paths:
        made += [_html(seed, out) for seed in seeds]
    wanted = set(scan_seeds)
    made += [_scan(g) for g in list(made) if g.seed in wanted]
    return made


def generate(seed: int, path: str, out: Path, *, scan: bool = False) -> list[Generated]:
    """One seed on one path (plus its scan)."""
    return generate_many([seed], [path], out, scan_seeds=[seed] if scan else [])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.layouts", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", required=True, help="e.g. 0-19 or 1,5,9")
    parser.add_argument("--path", choices=(*PATHS, *EXTRA_PATHS, "both"), default="pdf")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--scan", action="store_true", help="also write a scanned copy of each PDF")
    parser.add_argument("--scan-seeds", help="scan only these seeds (default: all with --scan)")
    parser.add_argument("--jobs", type=int, default=1, help="parallel LibreOffice conversions")
    args = parser.parse_args(argv)
    seeds = parse_seeds(args.seeds)
    paths = PATHS if args.path == "both" else (args.path,)
    scan_seeds = parse_seeds(args.scan_seeds) if args.scan_seeds else (seeds if args.scan else [])
    started = time.perf_counter()
    made = generate_many(seeds, paths, args.out, scan_seeds=scan_seeds, jobs=args.jobs)
    for g in made:
        print(g.pdf)
    print(f"{len(made)} file(s) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0
