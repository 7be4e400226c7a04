"""Generate sample LAKIP PDFs (and their truth files) from gold annotations.

    python -m samples.generate [--gold DIR] [--out DIR] [--style ruled|borderless|all]
                               [--scanned] [--pages N] [--defects] [--only STEM]

Each PDF gets ``<name>.truth.json`` beside it. See samples/README.md for the committed set.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from extractor.errors import InputNotFoundError, InvalidDataError, LakipError
from samples.content import plan_report, stable_seed
from samples.defects import plant_defects
from samples.narrative import padding_pages, write_prose
from samples.render import Layout, Style, render_pdf
from samples.scan import export_png, export_tiff, scan_pdf
from samples.truth import Truth, build_truth

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STYLES: tuple[Style, ...] = ("ruled", "borderless")
SCAN_DPIS = (150, 160, 170)
JPEG_QUALITY = (60, 68)  # low end of the 60-80 range: keeps the committed scans near 6 MB in all


def truth_path(pdf: Path) -> Path:
    """``x_ruled.pdf`` -> ``x_ruled.truth.json`` (also for .png / .tiff exports)."""
    return pdf.with_name(f"{pdf.stem}.truth.json")


def render_report(
    gold: dict[str, Any], out: Path, *, style: Style, pad_pages: int = 0, defects: bool = False
) -> Truth:
    """Render one gold annotation as a PDF at ``out``, write its truth file beside it, return the truth."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, not {style!r}")
    plan = plan_report(gold)
    if defects:
        plan = plant_defects(plan)
    prose = write_prose(plan)
    layout = Layout.choose(style, plan.seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    rendered = render_pdf(plan, prose, out, layout, lambda n: padding_pages(plan, n), pad_pages)
    truth = build_truth(plan, prose, rendered, pdf=out.name, style=style)
    truth.write(truth_path(out))
    log.info(
        "%s: %d pages, %d performance, %d agreement, %d budget rows, %d defects",
        out,
        truth.pages,
        len(truth.performance),
        len(truth.agreement),
        len(truth.budget),
        len(truth.defects),
    )
    return truth


def load_gold(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidDataError(f"cannot read gold file: {exc}", path=str(path)) from exc
    if not isinstance(data, dict):
        raise InvalidDataError("gold file must hold a JSON object", path=str(path))
    return data


def _table_pages(truth: Truth, kind: str) -> list[int]:
    return next((t["pages"] for t in truth.tables if t["kind"] == kind and t["pages"]), [])


def scan_variants(
    stem: str, pdf: Path, truth: Truth, out_dir: Path, suffix: str, *, extras: bool
) -> list[Path]:
    """The scan of ``pdf``; with ``extras`` also rotated and misleading excerpts, a PNG and a TIFF.

    The excerpts keep the pages that matter (capaian table, landscape page) so the committed set
    stays small; their truth files are renumbered and name the source pages.
    """
    dpi = SCAN_DPIS[stable_seed(stem) % len(SCAN_DPIS)]
    seed = stable_seed(stem, "scan")
    result = scan_pdf(
        pdf, out_dir / f"{stem}_scan{suffix}.pdf", dpi=dpi, seed=seed, jpeg_quality=JPEG_QUALITY
    )
    replace(truth, pdf=result.path.name, scan=result.to_dict()).write(truth_path(result.path))
    written = [result.path]
    if not extras:
        return written
    perf_pages = _table_pages(truth, "performance") or [min(2, truth.pages)]
    turned = truth.landscape_pages[0] if truth.landscape_pages else perf_pages[-1]
    tiff_pages = (
        perf_pages[:2] if len(perf_pages) > 1 else [perf_pages[0], min(perf_pages[0] + 1, truth.pages)]
    )
    variants = (
        ("rotated", sorted({perf_pages[0], turned}), turned, None),
        ("misleading", tiff_pages, None, perf_pages[0]),
    )
    for name, excerpt, rotate, misleading in variants:
        out = out_dir / f"{stem}_scan_{name}{suffix}.pdf"
        result = scan_pdf(
            pdf,
            out,
            dpi=150,
            seed=seed + 1,
            pages=excerpt,
            jpeg_quality=JPEG_QUALITY,
            rotate_page=rotate,
            misleading_text_layer_page=misleading,
        )
        part = truth.restricted_to(excerpt, out.name)
        replace(part, scan=result.to_dict()).write(truth_path(out))
        written.append(out)
    png = export_png(pdf, out_dir / f"{stem}_p{perf_pages[0]}{suffix}.png", perf_pages[0], dpi=150, seed=seed)
    truth.restricted_to([perf_pages[0]], png.name).write(truth_path(png))
    tiff = export_tiff(
        pdf,
        out_dir / f"{stem}_p{tiff_pages[0]}-{tiff_pages[-1]}{suffix}.tiff",
        tiff_pages,
        dpi=200,
        seed=seed,
    )
    truth.restricted_to(tiff_pages, tiff.name).write(truth_path(tiff))
    return [*written, png, tiff]


def generate(
    gold_dir: Path,
    out_dir: Path,
    *,
    style: str = "all",
    scanned: bool = False,
    pages: int = 0,
    defects: bool = False,
    only: str | None = None,
) -> list[Path]:
    """Everything the CLI writes, as a list of paths (PDFs and images; truth files sit beside them)."""
    files = sorted(
        p for p in gold_dir.glob("*.json") if not only or p.stem == only or p.stem.startswith(only)
    )
    if not files:
        raise InputNotFoundError(
            f"no gold *.json{' matching ' + only if only else ''}; check --gold/--only", path=str(gold_dir)
        )
    if style != "all" and style not in STYLES:
        raise ValueError(f"style must be 'all' or one of {STYLES}, not {style!r}")
    styles: tuple[Style, ...] = STYLES if style == "all" else (cast(Style, style),)
    suffix = ("_defects" if defects else "") + (f"_{pages}p" if pages else "")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for index, path in enumerate(files):
        gold = load_gold(path)
        truths = {}
        for st in styles:
            out = out_dir / f"{path.stem}_{st}{suffix}.pdf"
            truths[st] = render_report(gold, out, style=st, pad_pages=pages, defects=defects)
            written.append(out)
        if scanned:
            st = styles[index % len(styles)]
            pdf = out_dir / f"{path.stem}_{st}{suffix}.pdf"
            written += scan_variants(path.stem, pdf, truths[st], out_dir, suffix, extras=index == 0)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=HERE / "gold", help="directory of gold *.json files")
    parser.add_argument("--out", type=Path, default=HERE / "pdf", help="output directory")
    parser.add_argument("--style", choices=("ruled", "borderless", "all"), default="all")
    parser.add_argument(
        "--scanned", action="store_true", help="also write scanned variants and image exports"
    )
    parser.add_argument(
        "--pages", type=int, default=0, metavar="N", help="pad with narrative pages to N pages"
    )
    parser.add_argument("--defects", action="store_true", help="plant one defect of each kind")
    parser.add_argument("--only", metavar="STEM", help="only the gold file with this stem (or stem prefix)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.pages < 0:
        parser.error("--pages must be positive")
    try:
        written = generate(
            args.gold,
            args.out,
            style=args.style,
            scanned=args.scanned,
            pages=args.pages,
            defects=args.defects,
            only=args.only,
        )
    except LakipError as exc:
        log.error("%s", exc.one_line())
        return int(exc.exit_code)
    log.info("wrote %d files to %s", len(written), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
