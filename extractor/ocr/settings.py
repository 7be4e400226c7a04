"""Settings of the OCR stage: one validated object, shared by the engines and the page pipeline."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["OcrSettings"]

_LANG = re.compile(r"^[A-Za-z_]+(\+[A-Za-z_]+)*$")
_VALID_PSM = frozenset({1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})


@dataclass(frozen=True)
class OcrSettings:
    """How pages are OCR'd.

    ``psm`` reads whole pages: 3 (automatic layout) keeps large headings and cover titles,
    which 6 drops. ``digits_lang`` reads the digits-only second look at numbers: ``eng`` alone
    reads '%' and digits better than ``ind`` and is a third faster than ``ind+eng`` there.
    ``table_psm`` reads table bands: 6 (one uniform block) keeps isolated
    single-digit cells ("1", "5"), which layout analysis drops as noise. ``jobs`` 0 means all
    cores; ``cache_dir`` None means $LAKIP_CACHE_DIR or ~/.cache/lakip/ocr, "off" disables the
    cache; ``timeout_s`` bounds each Tesseract call. ``engine`` names one of ``ocr.engines.ENGINES``
    ("tesserocr": Tesseract in this process; "tesseract": the binary through pytesseract, one
    process per read) or "auto": $LAKIP_OCR_ENGINE when set, else the first engine of
    ``ocr.engines.auto_order()`` that works here.
    """

    lang: str = "ind+eng"
    digits_lang: str = "eng"
    engine: str = "auto"
    triage_dpi: int = 100
    table_dpi: int = 300
    psm: int = 3
    table_psm: int = 6
    jobs: int = 0
    cache_dir: Path | str | None = None
    timeout_s: float = 120.0

    def __post_init__(self) -> None:
        for name in ("lang", "digits_lang"):
            if not _LANG.match(getattr(self, name)):
                raise ValueError(
                    f"{name} must look like 'ind+eng' (Tesseract codes joined by '+'), got {getattr(self, name)!r}"
                )
        if not self.engine:
            raise ValueError("engine must name an OCR engine, e.g. 'tesseract'")
        if not 50 <= self.triage_dpi <= 600:
            raise ValueError(f"triage_dpi must be between 50 and 600, got {self.triage_dpi}")
        if not 100 <= self.table_dpi <= 1200:
            raise ValueError(f"table_dpi must be between 100 and 1200, got {self.table_dpi}")
        if self.triage_dpi > self.table_dpi:
            raise ValueError(f"triage_dpi ({self.triage_dpi}) must not exceed table_dpi ({self.table_dpi})")
        for name in ("psm", "table_psm"):
            if getattr(self, name) not in _VALID_PSM:
                valid = sorted(_VALID_PSM)
                raise ValueError(
                    f"{name} must be one of {valid} (0 and 2 do no OCR), got {getattr(self, name)}"
                )
        if self.jobs < 0:
            raise ValueError(f"jobs must be 0 (all cores) or a positive count, got {self.jobs}")
        if not self.timeout_s > 0:
            raise ValueError(f"timeout_s must be positive, got {self.timeout_s}")
        if isinstance(self.cache_dir, str) and not self.cache_dir.strip():
            raise ValueError("cache_dir must be a directory, 'off', or None for the default")

    @property
    def workers(self) -> int:
        """Worker processes to use: ``jobs``, or the cores this process may run on."""
        if self.jobs:
            return self.jobs
        if hasattr(os, "sched_getaffinity"):
            return max(1, len(os.sched_getaffinity(0)))
        return os.cpu_count() or 1
