"""Turn a born-digital sample into what a scanner or an old OCR run would have produced.

Pages are rasterised with pdfium, skewed, unevenly lit, blurred, noised and JPEG-compressed, then
wrapped into an image-only PDF. Variants: one page turned 90 degrees, or one page carrying an
invisible (render mode 3) text layer whose words are garbled, as a bad earlier OCR pass leaves.
"""

from __future__ import annotations

import io
import logging
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from extractor.errors import CorruptInputError, InputNotFoundError

log = logging.getLogger(__name__)

MAX_SKEW_DEGREES = 1.5
_CONFUSABLE = {
    "a": "o",
    "e": "c",
    "i": "l",
    "l": "1",
    "o": "0",
    "s": "5",
    "n": "u",
    "m": "rn",
    "r": "t",
    "u": "v",
    "t": "f",
    "b": "h",
    "g": "q",
    "S": "5",
    "O": "0",
    "B": "8",
    "I": "l",
    "k": "lc",
}


@dataclass(frozen=True)
class ScanResult:
    path: Path
    source: Path
    dpi: int
    seed: int
    pages: int
    skew_degrees: tuple[float, ...]  # per page, counter-clockwise
    jpeg_quality: tuple[int, ...]
    rotate_page: int | None  # 1-based output page turned 90 degrees counter-clockwise
    misleading_text_layer_page: int | None  # 1-based output page with a garbled invisible text layer
    source_pages: tuple[int, ...]  # source page of each output page

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_pdf": self.source.name,
            "dpi": self.dpi,
            "seed": self.seed,
            "pages": self.pages,
            "skew_degrees": list(self.skew_degrees),
            "jpeg_quality": list(self.jpeg_quality),
            "rotate_page": self.rotate_page,
            "rotate_direction": "counter-clockwise" if self.rotate_page else None,
            "misleading_text_layer_page": self.misleading_text_layer_page,
            "source_pages": list(self.source_pages),
            "text_layer": "garbled on misleading_text_layer_page only"
            if self.misleading_text_layer_page
            else "none",
            "bbox_note": "truth bboxes are born-digital positions, before skew and rotation",
        }


def open_pdf(pdf: Path) -> pdfium.PdfDocument:
    if not pdf.exists():
        raise InputNotFoundError("PDF to scan does not exist; generate it first", path=str(pdf))
    try:
        return pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError as exc:
        raise CorruptInputError(f"cannot open PDF to scan: {exc}", path=str(pdf)) from exc


def rasterise(doc: pdfium.PdfDocument, index: int, dpi: int, *, colour: bool = False) -> np.ndarray:
    """One page as an 8-bit grey array at ``dpi`` (an RGB array with ``colour``)."""
    bitmap = doc[index].render(scale=dpi / 72, grayscale=not colour)
    return np.asarray(bitmap.to_pil().convert("RGB" if colour else "L"), dtype=np.uint8)


def degrade(
    gray: np.ndarray, rng: np.random.Generator, dpi: int, *, noise: bool = True
) -> tuple[np.ndarray, float]:
    """Skew, uneven lighting, blur and sensor noise; returns the image and the skew angle used."""
    h, w = gray.shape
    angle = float(rng.uniform(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES))
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    img = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255).astype(np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    theta = rng.uniform(0, 2 * np.pi)
    ramp = np.cos(theta) * xx / w + np.sin(theta) * yy / h
    ramp = (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
    light = float(rng.uniform(0.93, 0.98)) * (1.0 - float(rng.uniform(0.05, 0.13)) * ramp)
    img = img * light
    if noise:  # grain before the blur: the optics soften it, which also keeps JPEGs small
        img = img + rng.normal(0.0, float(rng.uniform(1.5, 3.0)), img.shape).astype(np.float32)
    img = cv2.GaussianBlur(img, (0, 0), sigmaX=float(rng.uniform(0.7, 0.9)) * dpi / 150)
    return np.clip(img, 0, 255).astype(np.uint8), round(angle, 3)


def jpeg_bytes(img: np.ndarray, quality: int) -> bytes:
    """A grey or RGB array as JPEG bytes (progressive, optimised)."""
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "JPEG", quality=quality, optimize=True, progressive=True)
    return buf.getvalue()


def garble(text: str, rng: random.Random) -> str:
    """Text as a poor OCR pass reads it: digits changed, letters confused, words merged or lost."""
    out = []
    for ch in text:
        if ch.isdigit():
            out.append(str(rng.randrange(10)) if rng.random() < 0.6 else ch)
        elif ch in _CONFUSABLE and rng.random() < 0.35:
            out.append(_CONFUSABLE[ch])
        elif ch.isalpha() and rng.random() < 0.05:
            out.append(rng.choice("~^`'|;:"))
        else:
            out.append(ch)
    return "".join(out)


def _draw_misleading_layer(canvas: Canvas, pdf: Path, index: int, rng: random.Random) -> int:
    """Invisible garbled words at roughly the original positions; returns how many were drawn."""
    import pdfplumber

    with pdfplumber.open(pdf) as src:
        page = src.pages[index]
        words = page.extract_words()
        height = float(page.height)
    drawn = 0
    text = canvas.beginText()
    text.setTextRenderMode(3)
    for word in words:
        if rng.random() < 0.1:
            continue
        size = max(4.0, (float(word["bottom"]) - float(word["top"])) * 0.95)
        text.setFont("Helvetica", size)
        text.setTextOrigin(float(word["x0"]), height - float(word["bottom"]) + size * 0.2)
        text.textOut(garble(word["text"], rng) + " ")
        drawn += 1
    canvas.drawText(text)
    return drawn


def scan_pdf(
    pdf: Path,
    out: Path,
    *,
    dpi: int = 200,
    seed: int = 0,
    rotate_page: int | None = None,
    misleading_text_layer_page: int | None = None,
    pages: list[int] | None = None,
    jpeg_quality: tuple[int, int] = (60, 80),
) -> ScanResult:
    """Write an image-only scan of ``pdf`` to ``out`` and say exactly what was done to it.

    Page options use source page numbers; ``pages`` keeps only those pages (an excerpt), in order.
    Each page gets a JPEG quality drawn from the inclusive ``jpeg_quality`` range.
    """
    doc = open_pdf(pdf)
    n = len(doc)
    keep = list(pages) if pages else list(range(1, n + 1))
    for name, value in (
        ("rotate_page", rotate_page),
        ("misleading_text_layer_page", misleading_text_layer_page),
    ):
        if value is not None and value not in keep:
            raise ValueError(f"{name}={value} is not among the scanned pages of {pdf}")
    if any(not 1 <= p <= n for p in keep):
        raise ValueError(f"pages {keep} fall outside 1..{n} for {pdf}")
    rng = np.random.default_rng(seed)
    text_rng = random.Random(seed)
    canvas = Canvas(str(out), invariant=1)
    canvas.setTitle(f"Scan of {pdf.name}")
    angles: list[float] = []
    qualities: list[int] = []
    for source_page in keep:
        img, angle = degrade(rasterise(doc, source_page - 1, dpi), rng, dpi)
        if rotate_page == source_page:
            img = np.ascontiguousarray(np.rot90(img, k=1))
        quality = int(rng.integers(jpeg_quality[0], jpeg_quality[1] + 1))
        h_px, w_px = img.shape
        size = (w_px * 72 / dpi, h_px * 72 / dpi)
        canvas.setPageSize(size)
        canvas.drawImage(ImageReader(io.BytesIO(jpeg_bytes(img, quality))), 0, 0, *size)
        if misleading_text_layer_page == source_page:
            drawn = _draw_misleading_layer(canvas, pdf, source_page - 1, text_rng)
            log.info("%s page %d: %d garbled words in an invisible text layer", out, len(angles) + 1, drawn)
        canvas.showPage()
        angles.append(angle)
        qualities.append(quality)
    canvas.save()
    doc.close()

    def output_page(source_page: int | None) -> int | None:
        return keep.index(source_page) + 1 if source_page is not None else None

    return ScanResult(
        out,
        pdf,
        dpi,
        seed,
        len(keep),
        tuple(angles),
        tuple(qualities),
        output_page(rotate_page),
        output_page(misleading_text_layer_page),
        tuple(keep),
    )


def make_scan(
    pdf: Path,
    out: Path,
    *,
    dpi: int = 200,
    seed: int = 0,
    rotate_page: int | None = None,
    misleading_text_layer_page: int | None = None,
    pages: list[int] | None = None,
) -> Path:
    """Image-only scanned variant of ``pdf``; see :func:`scan_pdf` for the details it reports."""
    return scan_pdf(
        pdf,
        out,
        dpi=dpi,
        seed=seed,
        rotate_page=rotate_page,
        misleading_text_layer_page=misleading_text_layer_page,
        pages=pages,
    ).path


def export_png(pdf: Path, out: Path, page: int, *, dpi: int = 150, seed: int = 0) -> Path:
    """One page as a 16-grey PNG, as scanners save in text mode (no grain: grain bloats PNG)."""
    doc = open_pdf(pdf)
    img, _ = degrade(rasterise(doc, page - 1, dpi), np.random.default_rng(seed), dpi, noise=False)
    doc.close()
    levels = (img // 17 * 17).astype(np.uint8)
    Image.fromarray(levels).convert("P", palette=Image.Palette.ADAPTIVE, colors=16).save(
        out, "PNG", optimize=True, dpi=(dpi, dpi), bits=4
    )
    return out


def export_tiff(pdf: Path, out: Path, pages: list[int], *, dpi: int = 200, seed: int = 0) -> Path:
    """Pages as one multi-page bilevel CCITT G4 TIFF, the way office scanners file documents."""
    doc = open_pdf(pdf)
    rng = np.random.default_rng(seed)
    frames = []
    for page in pages:
        img, _ = degrade(rasterise(doc, page - 1, dpi), rng, dpi)
        _, bw = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        frames.append(Image.fromarray(bw).convert("1"))
    doc.close()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], compression="group4", dpi=(dpi, dpi))
    return out
