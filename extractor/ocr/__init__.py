"""OCR layer: scanned pages and images into the common word model (``Page`` with ``source="ocr"``).

Settings live in ``ocr.settings``, the engine registry in ``ocr.engines``, one page's reading in
``ocr.page`` (the band-first reading, the cache);
rendering PDF pages and image files and spreading pages over processes in ``ocr.render``, which
imports ``ocr.page`` and nothing imports back. This package only names what callers use.
"""

from __future__ import annotations

from extractor.ocr.bands import grid_verticals, merge_passes, table_band
from extractor.ocr.page import (
    ENGINES,
    OcrEngine,
    OcrPageResult,
    OcrSettings,
    UnknownEngineError,
    get_engine,
    ocr_page_image,
    repair_numeric_cell,
)
from extractor.ocr.render import ocr_image_file, ocr_pdf_pages
from extractor.ocr.tesseract import check_tesseract

__all__ = [
    "ENGINES",
    "OcrEngine",
    "OcrPageResult",
    "OcrSettings",
    "UnknownEngineError",
    "check_tesseract",
    "get_engine",
    "grid_verticals",
    "merge_passes",
    "ocr_image_file",
    "ocr_page_image",
    "ocr_pdf_pages",
    "repair_numeric_cell",
    "table_band",
]
