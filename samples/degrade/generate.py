"""Degrade a born-digital PDF into an image-only photocopy, phone photo or fax, with its truth.

``python -m samples.degrade --seeds 100-139 --kinds photocopy,phone,fax --out DIR [--path pdf|docx]
[--ink none|auto|heavy]`` generates ``samples.layouts`` reports for the seeds and writes
``layout_<seed>_<path>_<kind>.pdf`` with a ``.truth.json`` beside each: the layout's truth (source
renamed) plus ``degrade``, every parameter used (kind, dpi, per page: skew, keystone and page quad,
stamps, signatures, turned landscape pages). ``--pdf FILE --kinds fax --seeds 3`` degrades any PDF
instead (its ``.truth.json``, if any, is copied the same way).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from samples.degrade import ink as inks
from samples.degrade.kinds import fax, phone, photocopy
from samples.degrade.spec import KINDS, DegradeSpec, InkMode, draw_spec, rng_for
from samples.scan import jpeg_bytes, open_pdf, rasterise

PHONE_OVERSAMPLE = 1.6  # a photo is rendered finer than its effective resolution, then warped down
_FIXED_DATE = time.gmtime(946684800)  # 2000-01-01: Pillow's PDF dates, so reruns are byte-identical


@dataclass(frozen=True)
class PageDegradation:
    page: int  # 1-based, output page == source page
    size_pt: tuple[float, float]  # output page size
    landscape: bool  # the source page is wider than tall
    turned: int  # degrees the page image was turned counter-clockwise (0, 90 or 270)
    params: dict[str, Any]  # the kind's parameters (skew, keystone and quad, threshold ...)
    stamps: tuple[inks.Stamp, ...]
    signatures: tuple[inks.Signature, ...]
    jpeg_quality: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "size_pt": [round(v, 1) for v in self.size_pt],
            "landscape": self.landscape,
            "turned": self.turned,
            **self.params,
            "stamps": [s.to_dict() for s in self.stamps],
            "signatures": [s.to_dict() for s in self.signatures],
            "jpeg_quality": self.jpeg_quality,
        }


@dataclass(frozen=True)
class DegradeResult:
    path: Path
    source: Path
    spec: DegradeSpec
    pages: tuple[PageDegradation, ...]

    @property
    def skew_degrees(self) -> tuple[float | None, ...]:
        return tuple(p.params.get("skew_degrees") for p in self.pages)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.spec.to_dict(),
            "source_pdf": self.source.name,
            "pages": [p.to_dict() for p in self.pages],
            "text_layer": "none",
            "bbox_note": "truth bboxes and stamp / signature positions are PDF points on the "
            "born-digital page (top-left origin), before turning, skew and perspective",
        }


def _render_dpi(spec: DegradeSpec) -> int:
    return round(spec.dpi * PHONE_OVERSAMPLE) if spec.kind == "phone" else spec.dpi


def degrade_pdf(pdf: Path, out: Path, spec: DegradeSpec) -> DegradeResult:
    """Write the degraded, image-only copy of ``pdf`` to ``out`` and say what was done to it."""
    doc = open_pdf(pdf)
    sizes = [(float(doc[i].get_width()), float(doc[i].get_height())) for i in range(len(doc))]
    lines = inks.page_lines(pdf)
    ink_rng = rng_for(spec.seed, spec.kind, 1)
    stamps = inks.place_stamps(lines, sizes, spec.stamps, ink_rng)
    signatures = inks.place_signatures(lines, sizes, stamps, spec.signatures, ink_rng)
    page_rng = rng_for(spec.seed, spec.kind, 2)
    render_dpi = _render_dpi(spec)
    images: list[np.ndarray] = []
    pages: list[PageDegradation] = []
    for index, (width, height) in enumerate(sizes):
        number = index + 1
        rgb = rasterise(doc, index, render_dpi, colour=True)
        on_page = [s for s in stamps if s.page == number]
        signed = [s for s in signatures if s.page == number]
        rgb = inks.ink_page(rgb, render_dpi / 72, on_page, signed, page_rng)
        landscape = width > height
        turned = 0
        if landscape and spec.turn_landscape:
            turned = 90 if page_rng.random() < 0.5 else 270
            rgb = np.ascontiguousarray(np.rot90(rgb, k=turned // 90))
        if spec.kind == "photocopy":
            img, params = photocopy(rgb, page_rng, spec.dpi)
        elif spec.kind == "phone":
            img, params = phone(rgb, page_rng, spec.dpi, render_dpi)
        else:
            img, params = fax(rgb, page_rng, spec.dpi)
        quality = (
            None
            if spec.kind == "fax"
            else int(page_rng.integers(spec.jpeg_quality[0], spec.jpeg_quality[1] + 1))
        )
        size = (img.shape[1] * 72 / spec.dpi, img.shape[0] * 72 / spec.dpi)
        images.append(img)
        pages.append(
            PageDegradation(number, size, landscape, turned, params, tuple(on_page), tuple(signed), quality)
        )
    doc.close()
    if spec.kind == "fax":
        _write_bilevel(images, out, spec.dpi, title=f"Fax of {pdf.name}")
    else:
        _write_jpeg_pdf(
            images, [p.jpeg_quality or 75 for p in pages], out, spec.dpi, title=f"{spec.kind} of {pdf.name}"
        )
    return DegradeResult(out, pdf, spec, tuple(pages))


def _write_jpeg_pdf(
    images: Sequence[np.ndarray], qualities: Sequence[int], out: Path, dpi: int, *, title: str
) -> None:
    canvas = Canvas(str(out), invariant=1)
    canvas.setTitle(title)
    for img, quality in zip(images, qualities, strict=True):
        size = (img.shape[1] * 72 / dpi, img.shape[0] * 72 / dpi)
        canvas.setPageSize(size)
        canvas.drawImage(ImageReader(io.BytesIO(jpeg_bytes(img, quality))), 0, 0, *size)
        canvas.showPage()
    canvas.save()


def _write_bilevel(images: Sequence[np.ndarray], out: Path, dpi: int, *, title: str) -> None:
    """1-bit pages (CCITT G4 inside the PDF, as fax software files them); Pillow writes them, as
    reportlab would widen a 1-bit image to RGB."""
    frames = [Image.fromarray(img).convert("1") for img in images]
    frames[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=frames[1:],
        resolution=float(dpi),
        title=title,
        creationDate=_FIXED_DATE,
        modDate=_FIXED_DATE,
    )


def degraded_truth(source_truth: dict[str, Any] | None, result: DegradeResult) -> dict[str, Any]:
    """The source's truth with ``source`` renamed and ``degrade`` added."""
    data = dict(source_truth or {})
    data["source"] = result.path.name
    data["degrade"] = result.to_dict()
    return data


@dataclass(frozen=True)
class Degraded:
    seed: int
    kind: str
    path: str  # layout path (pdf | docx), or "file" for --pdf
    pdf: Path
    truth: Path


def degrade_file(pdf: Path, out_dir: Path, spec: DegradeSpec, *, name_seed: bool = False) -> Degraded:
    """Degrade ``pdf`` into ``out_dir`` as ``<stem>_<kind>.pdf`` (``<stem>_<kind>_s<seed>.pdf`` with
    ``name_seed``) and write its truth beside it."""
    from samples.truth import dumps_rows

    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{pdf.stem}_{spec.kind}{f'_s{spec.seed}' if name_seed else ''}.pdf"
    result = degrade_pdf(pdf, out, spec)
    truth_in = pdf.with_suffix(".truth.json")
    source = json.loads(truth_in.read_text(encoding="utf-8")) if truth_in.exists() else None
    truth_out = out.with_suffix(".truth.json")
    truth_out.write_text(dumps_rows(degraded_truth(source, result)), encoding="utf-8")
    path = str(source.get("path", "file")) if source else "file"
    return Degraded(spec.seed, spec.kind, path, out, truth_out)


def generate_many(
    seeds: Iterable[int],
    kinds: Sequence[str],
    out: Path,
    *,
    path: str = "pdf",
    ink: InkMode = "auto",
    jobs: int = 1,
) -> list[Degraded]:
    """A ``samples.layouts`` report per seed on ``path``, then each kind of degraded copy of it."""
    from samples.layouts.generate import generate_many as layouts

    for kind in kinds:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    made = layouts(list(seeds), ("pdf", "docx") if path == "both" else (path,), out, jobs=jobs)
    return [degrade_file(g.pdf, out, draw_spec(g.seed, kind, ink=ink)) for g in made for kind in kinds]


def main(argv: Sequence[str] | None = None) -> int:
    from samples.layouts.generate import parse_seeds

    parser = argparse.ArgumentParser(prog="python -m samples.degrade", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", required=True, help="e.g. 100-139 or 1,5,9")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated: {', '.join(KINDS)}")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--path", choices=("pdf", "docx", "both"), default="pdf", help="layout path")
    parser.add_argument(
        "--ink", choices=("none", "auto", "heavy"), default="auto", help="stamps and signatures"
    )
    parser.add_argument("--pdf", type=Path, help="degrade this PDF instead of generating layouts")
    parser.add_argument("--jobs", type=int, default=1, help="parallel LibreOffice conversions (docx path)")
    args = parser.parse_args(argv)
    seeds = parse_seeds(args.seeds)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    started = time.perf_counter()
    try:
        if args.pdf:
            made = [
                degrade_file(args.pdf, args.out, draw_spec(s, k, ink=args.ink), name_seed=True)
                for s in seeds
                for k in kinds
            ]
        else:
            made = generate_many(seeds, kinds, args.out, path=args.path, ink=args.ink, jobs=args.jobs)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for d in made:
        print(d.pdf)
    print(f"{len(made)} file(s) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0
