"""Tesseract in this process through tesserocr: the models stay loaded, a read launches nothing.

``TesseractEngine`` (pytesseract) starts the ``tesseract`` binary for every region, which loads
the language models again and takes the image through a temporary file: ~0.1 s per call before
any reading. ``TesserocrEngine`` keeps one ``tesserocr.PyTessBaseAPI`` per thread and per
(languages, ``-c`` variables) and hands it the pixels directly. It reads the same options as the
CLI engine (``--psm``, ``--dpi``, ``-c name=value``: the variables are given at initialisation,
as the CLI does, since some such as ``load_system_dawg`` only take effect there) and turns
Tesseract's TSV into Words with the same ``data_to_words``, so both engines give the same word
records. The language data is the system's: $TESSDATA_PREFIX, else the directory the
``tesseract`` binary reports (the tesserocr wheel bundles libtesseract without any data).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shlex
import subprocess
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

from extractor.errors import CorruptInputError, ExtractionTimeoutError, MissingDependencyError
from extractor.models import Word
from extractor.ocr.tesseract import _as_float, data_to_words, tesseract_version

if TYPE_CHECKING:
    from extractor.ocr.settings import OcrSettings

log = logging.getLogger(__name__)

_INSTALL = "pip install tesserocr (and apt-get install tesseract-ocr tesseract-ocr-ind for the language data)"
_TSV_COLUMNS = (
    "level",
    "page_num",
    "block_num",
    "par_num",
    "line_num",
    "word_num",
    "left",
    "top",
    "width",
    "height",
    "conf",
    "text",
)
_LIST_HEADER = re.compile(r'"(?P<path>[^"]+)"')
# `tesseract --psm 0` initialises with eng and loads osd beside it; libtesseract 5.5.4 aborts
# the process (std::out_of_range) doing that in tesserocr, so OSD gets an API of its own on osd
OSD_LANG = "osd"


def _module() -> Any:
    """The tesserocr module, or MissingDependencyError saying how to install it."""
    try:
        import tesserocr
    except ImportError as exc:
        raise MissingDependencyError(f"tesserocr is not installed: {_INSTALL}") from exc
    return tesserocr


@functools.lru_cache(maxsize=1)
def tessdata_dir() -> str:
    """The directory of ``*.traineddata``: $TESSDATA_PREFIX when it holds them, else the one
    ``tesseract --list-langs`` names. Ends with '/', as tesserocr wants."""
    candidates = []
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        candidates += [Path(prefix), Path(prefix) / "tessdata"]
    try:
        listed = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
        found = _LIST_HEADER.search(listed.stdout + listed.stderr)
        if found:
            candidates.append(Path(found["path"]))
    except (OSError, subprocess.SubprocessError):
        pass
    candidates += [Path("/usr/share/tesseract-ocr/5/tessdata"), Path("/usr/share/tessdata")]
    for folder in candidates:
        if folder.is_dir() and any(folder.glob("*.traineddata")):
            return str(folder).rstrip("/") + "/"
    raise MissingDependencyError(
        "no Tesseract language data found: set TESSDATA_PREFIX or apt-get install tesseract-ocr-ind"
    )


@functools.lru_cache(maxsize=1)
def tesserocr_version() -> str:
    """'5.5.4 (tesserocr 2.13.0)': libtesseract's version first, as it decides the reading."""
    tesserocr = _module()
    library = str(tesserocr.tesseract_version()).split()[1]
    return f"{library} (tesserocr {getattr(tesserocr, '__version__', '?')})"


@functools.lru_cache(maxsize=1)
def reads_as_the_binary() -> bool:
    """Whether tesserocr runs the same libtesseract release as the ``tesseract`` binary.

    Only then is it the same reader without the process launches: tesserocr's wheel bundles its
    own release (5.5.4 for 2.13), which drops table lines the system's 5.3 reads; built from
    source (``pip install --no-binary tesserocr``) it links the system library.
    """
    try:
        return tesserocr_version().split()[0] == tesseract_version()
    except MissingDependencyError:
        return False


def parse_config(config: str) -> tuple[int | None, int | None, tuple[tuple[str, str], ...]]:
    """(psm, dpi, sorted ``-c`` variables) from a CLI option string such as the engines receive."""
    psm = dpi = None
    variables: dict[str, str] = {}
    tokens = shlex.split(config)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        value = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token == "--psm":
            psm, i = int(value), i + 2
        elif token == "--dpi":
            dpi, i = int(value), i + 2
        elif token == "-c" and "=" in value:
            name, _, setting = value.partition("=")
            variables[name] = setting
            i += 2
        elif token.startswith("-c") and "=" in token:
            name, _, setting = token[2:].partition("=")
            variables[name] = setting
            i += 1
        else:
            raise ValueError(f"option {token!r} is not understood by the tesserocr engine")
    return psm, dpi, tuple(sorted(variables.items()))


_local = threading.local()


def api_for(lang: str, variables: tuple[tuple[str, str], ...] = (), psm: int = 3) -> Any:
    """This thread's API for ``lang`` initialised with ``variables``, built on first use."""
    apis: dict[tuple[str, tuple[tuple[str, str], ...]], Any] = _local.__dict__.setdefault("apis", {})
    key = (lang, variables)
    api = apis.get(key)
    if api is None:
        tesserocr = _module()
        try:
            api = tesserocr.PyTessBaseAPI(
                path=tessdata_dir(), lang=lang, psm=psm, variables=dict(variables) or None
            )
        except RuntimeError as exc:
            raise MissingDependencyError(
                f"tesserocr could not load '{lang}' from {tessdata_dir()} ({exc}): "
                f"apt-get install tesseract-ocr-{lang.split('+')[0]}"
            ) from exc
        apis[key] = api
    return api


def _tsv_to_data(tsv: str) -> dict[str, list[Any]]:
    """Tesseract's TSV rows as the dictionary ``pytesseract.image_to_data`` returns."""
    data: dict[str, list[Any]] = {name: [] for name in _TSV_COLUMNS}
    for row in tsv.splitlines():
        cells = row.split("\t")
        if len(cells) < len(_TSV_COLUMNS) - 1:
            continue
        cells += [""] * (len(_TSV_COLUMNS) - len(cells))
        for name, cell in zip(_TSV_COLUMNS, cells, strict=False):
            data[name].append(cell)
        # the tesseract binary's TSV (5.3) prints int(confidence); libtesseract 5.5 the float
        data["conf"][-1] = str(int(_as_float(data["conf"][-1])))
    return data


def _set_image(api: Any, image: Image.Image | np.ndarray) -> object:
    """The pixels handed over as they are (an 8-bit grey or RGB array: no encoding); returns
    what must stay alive until the reading is done."""
    if isinstance(image, np.ndarray) and image.dtype == np.uint8 and image.ndim in (2, 3):
        channels = 1 if image.ndim == 2 else image.shape[2]
        if channels in (1, 3, 4):
            height, width = image.shape[:2]
            buffer = np.ascontiguousarray(image).tobytes()
            api.SetImageBytes(buffer, width, height, channels, width * channels)
            return buffer
    pil = Image.fromarray(image) if isinstance(image, np.ndarray) else image
    if pil.mode not in ("1", "L", "RGB", "RGBA"):
        pil = pil.convert("RGB")
    api.SetImage(pil)
    return pil


class TesserocrEngine:
    """Tesseract in process (tesserocr); ``version`` (libtesseract's) goes into cache keys."""

    name = "tesserocr"

    def __init__(self, settings: OcrSettings) -> None:
        _module()  # importable now, whatever was cached before
        self.settings = settings
        self.version = tesserocr_version()
        for lang in {settings.lang, settings.digits_lang}:
            api_for(lang)  # load the models now, so a missing language fails here

    def image_to_words(
        self,
        image: Image.Image | np.ndarray,
        *,
        page: int,
        scale: float,
        config: str = "",
        lang: str | None = None,
    ) -> tuple[Word, ...]:
        """OCR one region as ``TesseractEngine.image_to_words`` does, without a process."""
        psm, _, variables = parse_config(config)
        dpi = max(30, min(1200, round(72.0 / scale)))
        api = api_for(lang or self.settings.lang, variables)
        api.SetPageSegMode(psm if psm is not None else self.settings.psm)
        api.SetVariable("user_defined_dpi", str(dpi))
        try:
            held = _set_image(api, image)
        except (RuntimeError, ValueError, TypeError) as exc:
            raise CorruptInputError(f"tesserocr could not take the page image: {exc}", page=page) from exc
        timeout = self.settings.timeout_s
        started = time.perf_counter()
        if not api.Recognize(timeout=int(timeout * 1000)):
            api.Clear()
            if time.perf_counter() - started >= timeout * 0.99:
                raise ExtractionTimeoutError(
                    f"tesseract took longer than {timeout:g} s; raise OcrSettings.timeout_s", page=page
                )
            raise CorruptInputError("tesseract could not read the page image", page=page)
        data = _tsv_to_data(api.GetTSVText(0))
        api.Clear()
        del held
        return data_to_words(data, page=page, scale=scale)

    def detect_orientation(self, grey: np.ndarray) -> tuple[int, float] | None:
        """Tesseract OSD as ``tesseract --psm 0 -c min_characters_to_try=20`` reports it:
        (clockwise degrees to turn upright, confidence to two decimals), or None."""
        tesserocr = _module()
        api = api_for(OSD_LANG, (("min_characters_to_try", "20"),), psm=tesserocr.PSM.OSD_ONLY)
        api.SetPageSegMode(tesserocr.PSM.OSD_ONLY)
        try:
            held = _set_image(api, grey)
            found = api.DetectOrientationScript()
            del held
        except RuntimeError as exc:
            log.warning("OSD failed (%s); orientation from text lines only", exc)
            return None
        finally:
            api.Clear()
        if not found:
            return None
        try:
            turned = int(found["orient_deg"]) % 360
            confidence = float(found["orient_conf"])
        except (KeyError, TypeError, ValueError):
            return None
        # the CLI prints "Rotate" (the turn that makes it upright) and the confidence to two
        # decimals: the same figures here, so thresholds mean the same for both engines
        return (360 - turned) % 360, round(confidence, 2)
