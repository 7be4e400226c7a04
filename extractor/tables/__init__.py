"""Stage 3 — tables: find table grids in pages (PDF text layer or OCR words) and in text dumps.

Finders sit behind a small Protocol and a registry keyed by name (``tables.base``), so a new
strategy (or a third-party one) plugs in without touching the pipeline.
"""

from __future__ import annotations

from dataclasses import replace

from extractor.models import Page, Table
from extractor.tables import ruled, stream  # noqa: F401  (importing registers them)
from extractor.tables.base import (
    FINDERS,
    MAX_HEADER_LINES,
    TableFinder,
    TableSettings,
    _speck,
    group_by_middle,
    reading_order,
    register,
    visual_lines,
)

__all__ = [
    "FINDERS",
    "MAX_HEADER_LINES",
    "TableFinder",
    "TableSettings",
    "find_tables",
    "group_by_middle",
    "reading_order",
    "register",
    "visual_lines",
]


def find_tables(page: Page, settings: TableSettings | None = None) -> tuple[Table, ...]:
    """Run the configured finders in order; later finders skip regions earlier ones claimed."""
    settings = settings or TableSettings()
    if page.source == "ocr":
        page = replace(page, words=tuple(w for w in page.words if not _speck(w)))
    found: tuple[Table, ...] = ()
    for name in settings.finders:
        found += FINDERS[name]().find(page, settings, found)
    return tuple(sorted(found, key=lambda t: t.bbox.top if t.bbox else 0.0))
