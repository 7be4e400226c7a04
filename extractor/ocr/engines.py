"""OCR engines: the registry (``ENGINES``), the Protocol they meet, and what "auto" picks.

Adding an engine is one entry in ``ENGINES``: a callable taking ``OcrSettings`` that raises
``MissingDependencyError`` when it cannot run here.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Protocol

import numpy as np
from PIL import Image

from extractor.errors import ExitCode, LakipError, MissingDependencyError
from extractor.models import Word
from extractor.ocr.settings import OcrSettings
from extractor.ocr.tesseract import TesseractEngine
from extractor.ocr.tesserocr_engine import TesserocrEngine, reads_as_the_binary

log = logging.getLogger(__name__)

__all__ = [
    "AUTO_ENGINE",
    "AUTO_ORDER",
    "ENGINES",
    "ENGINE_ENV",
    "OcrEngine",
    "UnknownEngineError",
    "auto_order",
    "get_engine",
]


class OcrEngine(Protocol):
    """What the page pipeline needs from an OCR engine; ``version`` goes into cache keys."""

    name: str
    version: str

    def image_to_words(
        self,
        image: Image.Image | np.ndarray,
        *,
        page: int,
        scale: float,
        config: str = "",
        lang: str | None = None,
    ) -> tuple[Word, ...]:
        """Words of one region, in points (``scale`` = points per pixel), lines numbered from 1;
        ``lang`` overrides the settings' languages for this call."""
        ...

    def detect_orientation(self, grey: np.ndarray) -> tuple[int, float] | None:
        """(clockwise degrees to turn the image upright, confidence), or None when unsure."""
        ...


ENGINES: dict[str, Callable[[OcrSettings], OcrEngine]] = {
    "tesseract": TesseractEngine,
    "tesserocr": TesserocrEngine,
}
AUTO_ENGINE = "auto"
ENGINE_ENV = "LAKIP_OCR_ENGINE"  # the engine "auto" means, e.g. for benchmarks and the CLI
# What "auto" tries, in order, unless tesserocr runs the binary's own libtesseract (auto_order).
# The binary first: tesserocr's wheel bundles libtesseract 5.5.4, which drops whole table lines
# the system's 5.3 binary reads (the committed PNG and TIFF scans: performance recall 0.8 and 0.83
# against 0.9 and more; benchmarks/README.md).
AUTO_ORDER = ("tesseract", "tesserocr")
_unusable: dict[tuple[str, str, str], str] = {}  # (engine, lang, digits_lang) -> why, per process


class UnknownEngineError(LakipError):
    exit_code = ExitCode.USAGE


def auto_order() -> tuple[str, ...]:
    """What "auto" tries: tesserocr first when it is built on the binary's own libtesseract
    (the same reading, no process per region: about a third less CPU), else ``AUTO_ORDER``."""
    if reads_as_the_binary():
        return ("tesserocr", "tesseract")
    return AUTO_ORDER


def get_engine(settings: OcrSettings) -> OcrEngine:
    """The engine named in the settings, checked to be installed.

    "auto" is $LAKIP_OCR_ENGINE when set, else the first of ``AUTO_ORDER`` that works here: an
    engine that fails (tesserocr not installed, a language it cannot load) is remembered for
    this process and the next one is used; the last one's error is raised.
    """
    name = settings.engine
    if name == AUTO_ENGINE:
        name = os.environ.get(ENGINE_ENV, "").strip() or AUTO_ENGINE
    if name == AUTO_ENGINE:
        order = auto_order()
        for candidate in order[:-1]:
            key = (candidate, settings.lang, settings.digits_lang)
            if key in _unusable:
                continue
            try:
                return ENGINES[candidate](settings)
            except MissingDependencyError as exc:
                _unusable[key] = str(exc)
                log.info("OCR engine %s unusable (%s); trying the next", candidate, exc)
        name = order[-1]
    factory = ENGINES.get(name)
    if factory is None:
        known = ", ".join([AUTO_ENGINE, *sorted(ENGINES)])
        raise UnknownEngineError(f"unknown OCR engine {name!r}; known engines: {known}")
    return factory(settings)
