"""Crops of the report's pages around the cells a flag cites, for the audit page.

Provenance boxes are in PDF points on the page (top-left origin), whatever read the cell (text
layer or OCR); a crop renders the page with pdfium and cuts the union of the boxes on the flag's
first cited page, with a margin, as an inline PNG. Only PDFs have pages to render here.
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from PIL import ImageDraw

from extractor.models import BBox, Provenance

log = logging.getLogger(__name__)

SCALE = 1.6  # pixels per point of the rendered page
MARGIN_PT = 28.0  # points around the cited cells
MAX_HEIGHT_PT = 320.0  # a crop taller than this is cut around the first cell
MARK = (198, 40, 40)  # the outline of cited cells: the error red of the pages


class PageImages:
    """Rendered pages of one PDF, each rendered once; ``crop`` gives a data URI or None."""

    def __init__(self, report: Path | None, password: str | None = None) -> None:
        self._pdf: Any = None
        self._pages: dict[int, Any] = {}
        if report is None or report.suffix.lower() != ".pdf":
            return
        import pypdfium2 as pdfium

        try:
            self._pdf = pdfium.PdfDocument(str(report), password=password)
        except (pdfium.PdfiumError, OSError) as exc:
            log.warning("%s: no page images (%s)", report, exc)

    def __enter__(self) -> PageImages:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pdf is not None:
            with suppress(Exception):
                self._pdf.close()

    def _page(self, number: int) -> Any:
        if number not in self._pages:
            page = self._pdf[number - 1]
            self._pages[number] = page.render(scale=SCALE).to_pil().convert("RGB")
        return self._pages[number]

    def crop(self, provenance: Iterable[Provenance]) -> tuple[str, int] | None:
        """(data URI of a PNG, page number) around the cited boxes of the first cited page."""
        cited = [p for p in provenance if p.page is not None and p.bbox is not None]
        if self._pdf is None or not cited or not 1 <= (page := cited[0].page or 0) <= len(self._pdf):
            return None
        box = BBox.enclosing(p.bbox for p in cited if p.page == page and p.bbox is not None)
        if box is None:
            return None
        first = cited[0].bbox
        if box.height > MAX_HEIGHT_PT and first is not None:
            box = first
        image = self._page(page).copy()
        draw = ImageDraw.Draw(image)
        for p in cited:  # the cited cells outlined, so the eye finds them in the crop
            if p.page == page and p.bbox is not None:
                b = p.bbox
                draw.rectangle([b.x0 * SCALE - 2, b.top * SCALE - 2, b.x1 * SCALE + 2, b.bottom * SCALE + 2], outline=MARK, width=3)
        # the whole width of the page, so a row's label is in the crop beside its figures
        top = max(0.0, box.top - MARGIN_PT) * SCALE
        bottom = min(image.height, (box.bottom + MARGIN_PT) * SCALE)
        if bottom - top < 4:
            return None
        out = io.BytesIO()
        image.crop((0, int(top), image.width, int(bottom))).save(out, format="PNG", optimize=True)
        return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii"), page
