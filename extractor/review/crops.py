"""What a person sees beside a row: the crop of its page around its cells, or its source lines.

PDF pages are rendered with pypdfium2 and image files read with Pillow, both at ``CROP_DPI``; the
row's box is outlined in red and each value cell in orange. Text dumps have no page image: the lines
around the row's provenance line are shown instead. Only sources ``queue.load_docs`` verified by
their content hash are ever opened.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from extractor.models import BBox
from extractor.ocr.render import load_image_frame, open_pdf

CROP_DPI = 144
MARGIN = 28.0  # points of context around the row
CONTEXT_LINES = 2
ROW_COLOUR, CELL_COLOUR = (198, 40, 40), (239, 108, 0)
# PDFium allows one call at a time in a process, even on different documents (pypdfium2's docs,
# "Incompatibility with Threading"); the review server answers crop requests on several threads,
# and two renders at once crashed it (a segfault in get_page beside render)
_PDFIUM = threading.Lock()


def _box(values: Sequence[float] | None) -> BBox | None:
    return BBox(*values) if values and len(values) == 4 else None


def row_boxes(row: Mapping[str, Any]) -> tuple[BBox | None, list[BBox]]:
    """The row's box and its value cells' boxes on the row's page, in points."""
    page = row["provenance"].get("page")
    cells = [
        box
        for value in row.get("values", {}).values()
        if value["provenance"].get("page") == page and (box := _box(value["provenance"].get("bbox")))
    ]
    return _box(row["provenance"].get("bbox")), cells


@lru_cache(maxsize=8)
def _page_image(source: Path, kind: str, page: int) -> tuple[Image.Image, float]:
    """The page in colour and its points per pixel."""
    if kind == "image":
        image, ppp = load_image_frame(source, page - 1, CROP_DPI)
        pil = image if isinstance(image, Image.Image) else Image.fromarray(image)
        return pil.convert("RGB"), ppp
    with _PDFIUM:
        pdf = open_pdf(source, None)
        try:
            handle = pdf[page - 1]
            try:
                bitmap = handle.render(scale=CROP_DPI / 72.0)
                pil = bitmap.to_pil().convert("RGB")
                bitmap.close()
            finally:
                handle.close()
        finally:
            pdf.close()
    return pil, 72.0 / CROP_DPI


def crop_png(source: Path, kind: str, row: Mapping[str, Any]) -> bytes | None:
    """PNG of the row's surroundings on its page; None when the row has no page or box."""
    page = row["provenance"].get("page")
    box, cells = row_boxes(row)
    area = BBox.enclosing([b for b in (box, *cells) if b is not None])
    if page is None or area is None or kind == "text":
        return None
    image, ppp = _page_image(source, kind, page)
    scale = 1.0 / ppp
    left = max(0, int((area.x0 - MARGIN) * scale))
    top = max(0, int((area.top - MARGIN) * scale))
    right = min(image.width, int((area.x1 + MARGIN) * scale))
    bottom = min(image.height, int((area.bottom + MARGIN) * scale))
    if right <= left or bottom <= top:
        return None
    crop = image.crop((left, top, right, bottom))
    draw = ImageDraw.Draw(crop)
    for outline, width, boxes in ((CELL_COLOUR, 2, cells), (ROW_COLOUR, 3, [box] if box else [])):
        for b in boxes:
            draw.rectangle(
                (b.x0 * scale - left, b.top * scale - top, b.x1 * scale - left, b.bottom * scale - top),
                outline=outline,
                width=width,
            )
    buffer = io.BytesIO()
    crop.save(buffer, format="PNG")
    return buffer.getvalue()


def source_lines(source: Path, row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The lines of a text dump around the row's line: [{"line": n, "text": ..., "here": bool}]."""
    line = row["provenance"].get("line")
    if line is None:
        return []
    lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
    first = max(1, line - CONTEXT_LINES)
    last = min(len(lines), line + CONTEXT_LINES)
    return [{"line": n, "text": lines[n - 1], "here": n == line} for n in range(first, last + 1)]
