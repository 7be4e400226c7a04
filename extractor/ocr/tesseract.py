"""Tesseract through pytesseract: one ``image_to_data`` call per region, turned into Words.

The conversion from Tesseract's TSV dictionary to Words is a plain function so it can be tested
on a recorded dictionary without the binary.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import numpy as np
import pytesseract
from PIL import Image

from extractor.errors import CorruptInputError, ExtractionTimeoutError, MissingDependencyError
from extractor.models import Word

if TYPE_CHECKING:
    from extractor.ocr.settings import OcrSettings

log = logging.getLogger(__name__)

NUMERIC_WHITELIST = "0123456789.,%-"
_INSTALL = "apt-get install tesseract-ocr tesseract-ocr-ind"


@functools.lru_cache(maxsize=1)
def tesseract_version() -> str:
    """Version of the tesseract binary on PATH; cached because it forks a process."""
    try:
        return str(pytesseract.get_tesseract_version())
    except pytesseract.TesseractNotFoundError as exc:
        raise MissingDependencyError(f"tesseract is not installed: {_INSTALL}") from exc
    except (OSError, pytesseract.TesseractError) as exc:
        raise MissingDependencyError(f"tesseract does not run ({exc}): reinstall with {_INSTALL}") from exc


@functools.lru_cache(maxsize=1)
def _installed_languages() -> frozenset[str]:
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except pytesseract.TesseractNotFoundError as exc:
        raise MissingDependencyError(f"tesseract is not installed: {_INSTALL}") from exc


def check_tesseract(lang: str) -> str:
    """Tesseract's version if it and every language in ``lang`` ("ind+eng") are installed."""
    version = tesseract_version()
    installed = _installed_languages()
    for code in lang.split("+"):
        if code and code not in installed:
            raise MissingDependencyError(f"language '{code}' missing: apt-get install tesseract-ocr-{code}")
    return version


def _uncompressed(image: Image.Image | np.ndarray) -> Image.Image:
    """The image tagged as BMP, so pytesseract hands it over without PNG compression.

    pytesseract writes every image to a temporary file in its ``format`` (PNG when unset);
    deflating a 300-DPI page costs ~0.08 s per call, a tenth of reading it.
    """
    pil = Image.fromarray(image) if isinstance(image, np.ndarray) else image.copy()
    if pil.mode not in ("1", "L", "RGB"):
        pil = pil.convert("RGB" if "A" not in pil.getbands() else "RGBA")
    if "A" not in pil.getbands():
        pil.format = "BMP"
    return pil


def _as_float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return -1.0


def data_to_words(
    data: Mapping[str, Sequence[Any]],
    *,
    page: int,
    scale: float,
    offset: tuple[float, float] = (0.0, 0.0),
) -> tuple[Word, ...]:
    """Words from an ``image_to_data`` dictionary, in points, lines numbered top to bottom.

    ``scale`` is points per pixel and ``offset`` the region's top-left corner in points.
    Tesseract's (block, paragraph, line) triples become line numbers 1..n ordered by their top
    edge, so they stay unique on the page; ``word`` counts from 1, left to right.
    """
    lines: dict[tuple[int, int, int], list[tuple[float, float, float, float, str, float]]] = {}
    for i, text in enumerate(data.get("text", ())):
        text = str(text).strip() if text is not None else ""
        if not text or int(data["level"][i]) != 5:
            continue
        conf = min(max(_as_float(data["conf"][i]), 0.0), 100.0)
        left, top = float(data["left"][i]), float(data["top"][i])
        right, bottom = left + float(data["width"][i]), top + float(data["height"][i])
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        lines.setdefault(key, []).append((left, top, right, bottom, text, conf))
    ordered = sorted(lines.values(), key=lambda ws: (min(w[1] for w in ws), min(w[0] for w in ws)))
    dx, dy = offset
    out = []
    for line_no, line in enumerate(ordered, start=1):
        for word_no, (left, top, right, bottom, text, conf) in enumerate(sorted(line), start=1):
            out.append(
                Word(
                    page=page,
                    line=line_no,
                    word=word_no,
                    text=text,
                    conf=conf,
                    x0=dx + left * scale,
                    top=dy + top * scale,
                    x1=dx + right * scale,
                    bottom=dy + bottom * scale,
                )
            )
    return tuple(out)


def _raise_for(exc: Exception, page: int, timeout: float) -> NoReturn:
    """Turn a pytesseract failure into the LakipError that says what to do."""
    message = str(exc)
    if isinstance(exc, RuntimeError) and "timeout" in message.lower():
        raise ExtractionTimeoutError(
            f"tesseract took longer than {timeout:g} s; raise OcrSettings.timeout_s", page=page
        ) from exc
    if "traineddata" in message or "language" in message.lower():
        raise MissingDependencyError(
            f"tesseract language data missing ({message.strip()[:120]})", page=page
        ) from exc
    raise CorruptInputError(
        f"tesseract could not read the page image: {message.strip()[:160]}", page=page
    ) from exc


class TesseractEngine:
    """The default engine; ``version`` goes into cache keys so an upgrade re-reads pages."""

    name = "tesseract"

    def __init__(self, settings: OcrSettings) -> None:
        self.settings = settings
        self.version = check_tesseract(f"{settings.lang}+{settings.digits_lang}")
        # Tesseract's OpenMP threads make a single page several times slower on shared or
        # few-core machines, and pages are already parallel; a value the user set is kept.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    def image_to_words(
        self,
        image: Image.Image | np.ndarray,
        *,
        page: int,
        scale: float,
        config: str = "",
        lang: str | None = None,
    ) -> tuple[Word, ...]:
        """OCR one region: a single ``image_to_data`` call; ``config`` may override ``--psm``,
        ``lang`` the settings' languages."""
        dpi = max(30, min(1200, round(72.0 / scale)))
        options = (
            f"--dpi {dpi} {config}"
            if "--psm" in config
            else f"--psm {self.settings.psm} --dpi {dpi} {config}"
        )
        try:
            data = pytesseract.image_to_data(
                _uncompressed(image),
                lang=lang or self.settings.lang,
                config=options.strip(),
                output_type=pytesseract.Output.DICT,
                timeout=self.settings.timeout_s,
            )
        except pytesseract.TesseractNotFoundError as exc:
            raise MissingDependencyError(f"tesseract is not installed: {_INSTALL}", page=page) from exc
        except (RuntimeError, pytesseract.TesseractError) as exc:
            _raise_for(exc, page, self.settings.timeout_s)
        return data_to_words(data, page=page, scale=scale)

    def detect_orientation(self, grey: np.ndarray) -> tuple[int, float] | None:
        """Tesseract OSD: (clockwise degrees to turn upright, confidence), None if it cannot tell."""
        try:
            osd = pytesseract.image_to_osd(
                grey,
                config="--psm 0 -c min_characters_to_try=20",
                output_type=pytesseract.Output.DICT,
                timeout=self.settings.timeout_s,
            )
        except pytesseract.TesseractError as exc:
            log.debug("OSD gave up: %s", str(exc).strip()[:120])
            return None
        except RuntimeError as exc:
            log.warning("OSD failed (%s); orientation from text lines only", exc)
            return None
        try:
            return int(osd["rotate"]) % 360, float(osd["orientation_conf"])
        except (KeyError, TypeError, ValueError):
            return None
