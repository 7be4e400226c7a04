"""Rasterising inputs for OCR and spreading pages over worker processes.

Workers render or decode their own page (pypdfium2 for PDFs, Pillow for images, one TIFF frame
at a time), so only small results cross process boundaries and at most one page image per
worker is alive. Each worker limits Tesseract's OpenMP threads to one: with one page per core,
extra threads only contend.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from extractor.errors import (
    CorruptInputError,
    EncryptedInputError,
    InputNotFoundError,
    LakipError,
    TooLargeError,
    UnsupportedInputError,
)
from extractor.ocr.imaging import MAX_UPSCALE, to_grey, upsample
from extractor.ocr.restore import is_bilevel, restore_page, smooth_bilevel

if TYPE_CHECKING:
    import pypdfium2 as pdfium

    from extractor.ocr.page import OcrPageResult, TablePredicate
    from extractor.ocr.settings import OcrSettings

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
MAX_PIXELS = 60_000_000  # ~A2 at 300 DPI; larger pages are rendered at a lower resolution
MIN_DPI = 72  # below this nothing is legible; refuse instead of returning garbage
DEFAULT_IMAGE_DPI = 300
_UNTRUSTED_DPI = (72, 96)  # writers' defaults, not scanner settings
COARSE = 2.0  # a 1-bit page enlarged this much or more is repaired first (see ``enlarge``)

_worker_pdf: dict[tuple[str, str | None], Any] = {}


def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    cv2.setNumThreads(1)


def open_pdf(path: Path, password: str | None) -> pdfium.PdfDocument:
    """Open a PDF with pypdfium2, turning its failures into actionable LakipErrors."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if not path.is_file():
        raise InputNotFoundError("file not found", path=str(path))
    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            hint = "wrong password" if password else "the PDF is encrypted: pass --password"
            raise EncryptedInputError(hint, path=str(path)) from exc
        raise CorruptInputError(
            f"pypdfium2 cannot open the PDF ({exc}); is it truncated?", path=str(path)
        ) from exc


def source_dpi(page: pdfium.PdfPage) -> float | None:
    """Resolution at which the scan image filling a page was placed, or None without one.

    Pixels over placed area (geometric mean of both axes), so a quarter-turned placement
    gives the same answer. Images covering under half the page (logos, stamps) do not count.
    """
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    best, best_area = None, 0.5 * width * height
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        area = (right - left) * (top - bottom)
        if area < best_area:
            continue
        px_width, px_height = obj.get_px_size()
        dpi = 72.0 * ((px_width * px_height) / area) ** 0.5
        if MIN_DPI / 2 <= dpi <= 2400:
            best, best_area = dpi, area
    return best


def render_dpi(native: float | None, target: float) -> tuple[float, float]:
    """(DPI to let pdfium render at, factor to upsample by afterwards) to reach ``target``.

    A coarse scan is rendered at its own resolution, one image pixel per output pixel, and
    enlarged by ``imaging.upsample``, which sharpens as much as it enlarges; pdfium's own
    enlargement is smooth and unsharpened. Finer scans and vector pages render at ``target``.
    """
    if native is None or native * 1.1 >= target:
        return target, 1.0
    base = max(native, target / MAX_UPSCALE)
    return base, target / base


def render_pdf_page(
    pdf: pdfium.PdfDocument, number: int, dpi: int, *, restore: bool = False
) -> tuple[Image.Image | np.ndarray, float]:
    """Greyscale rendering of one page (1-based) at ``dpi`` and its points per pixel.

    Scans coarser than ``dpi`` are rendered at their own resolution and upsampled (see
    ``render_dpi``). Pages too large for ``MAX_PIXELS`` at ``dpi`` are rendered at the largest
    resolution that fits. With ``restore``, the page comes back restored (``restored``).
    """
    page = pdf[number - 1]
    try:
        width, height = page.get_size()
        target = float(dpi)
        if width * height * (target / 72.0) ** 2 > MAX_PIXELS:
            target = (MAX_PIXELS / (width * height)) ** 0.5 * 72.0
            if target < MIN_DPI:
                raise TooLargeError(
                    f"page is {width / 72:.0f}x{height / 72:.0f} inches; too large to OCR", page=number
                )
            log.warning("page %d is large; rendering at %.0f DPI instead of %d", number, target, dpi)
        base, factor = render_dpi(source_dpi(page), target)
        bitmap = page.render(scale=base / 72.0)
        image = _grey_unless_colour(bitmap.to_pil())
        bitmap.close()
    finally:
        page.close()
    if factor <= 1.05:
        return (restore_page(image) if restore else image), 72.0 / base
    rendered_width = image.width
    big = restored(_as_array(image), factor) if restore else enlarge(_as_array(image), factor)
    return big, 72.0 / base * rendered_width / big.shape[1]


def _grey_unless_colour(image: Image.Image) -> Image.Image:
    """The rendering as grey ("L") when its channels agree everywhere (a grey or 1-bit scan),
    else RGB, so ``restore`` can separate coloured ink (stamps, signatures) from the text."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    small = np.asarray(rgb.reduce(4) if min(rgb.size) > 64 else rgb, dtype=np.int16)
    spread = int(np.abs(small - small[:, :, 1:2]).max()) if small.size else 0
    return rgb if spread > 8 else rgb.convert("L")


def _decoded(image: Image.Image) -> Image.Image:
    """An image file's frame as grey ("L"), or RGB when it shows colour; alpha flattened onto white."""
    if image.mode in ("RGBA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    if image.mode in ("RGB", "RGBA", "CMYK", "YCbCr", "P"):
        return _grey_unless_colour(image)
    return Image.fromarray(to_grey(image))


def _as_array(image: Image.Image) -> np.ndarray:
    """Pixels as OpenCV expects them: grey, or BGR for colour."""
    array = np.asarray(image, dtype=np.uint8)
    return cv2.cvtColor(array, cv2.COLOR_RGB2BGR) if array.ndim == 3 else array


def enlarge(image: np.ndarray, factor: float) -> np.ndarray:
    """A coarse scan enlarged for OCR (``imaging.upsample``); a 1-bit one enlarged ``COARSE``
    times or more (a fax at 100-120 dpi) is first made grey at its own resolution
    (``restore.smooth_bilevel``), so its broken strokes join and its edges are not staircases. A
    finer 1-bit scan (200 dpi) has strokes several pixels wide that closing would run together."""
    if factor >= COARSE and image.ndim == 2 and is_bilevel(image):
        image = smooth_bilevel(image)
    return upsample(image, factor)


def restored(image: np.ndarray, factor: float) -> np.ndarray:
    """``restore.restore_page`` of the page ``enlarge`` makes. Whether restoration changes a grey
    page at all is asked at its own resolution, a quarter of the pixels at 150 dpi: most pages are
    clean scans it leaves as they are, which are then only enlarged. A page it changes, a colour one
    and a coarse 1-bit one (repaired as it is enlarged) are enlarged first and restored at full
    size."""
    if image.ndim == 2 and not (factor >= COARSE and is_bilevel(image)) and restore_page(image) is image:
        return enlarge(image, factor)
    return restore_page(enlarge(image, factor))


def _cached_pdf(path: str, password: str | None) -> Any:
    """The open document for this process: a worker renders many pages of one file."""
    key = (path, password)
    if key not in _worker_pdf:
        _close_cached_pdfs()
        _worker_pdf[key] = open_pdf(Path(path), password)
    return _worker_pdf[key]


def _close_cached_pdfs() -> None:
    for pdf in _worker_pdf.values():
        pdf.close()
    _worker_pdf.clear()


def _pdf_task(
    path: str, number: int, settings: OcrSettings, password: str | None, predicate: TablePredicate | None
) -> OcrPageResult:
    from extractor.ocr.page import ocr_page_image

    image, ppp = render_pdf_page(_cached_pdf(path, password), number, settings.table_dpi, restore=True)
    return ocr_page_image(
        image,
        page=number,
        points_per_pixel=ppp,
        settings=settings,
        is_table_page=predicate,
        source=path,
        restored=True,
    )


def image_dpi(image: Image.Image) -> float:
    """The DPI an image file declares, or 300 when it declares none or a writer's default.

    72 and 96 DPI are what many programs write when they do not know; they are believed only
    when the page they imply is no larger than A3.
    """
    raw = image.info.get("dpi")
    try:
        dpi = float(raw[0]) if isinstance(raw, tuple) else float(raw) if raw is not None else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    if not 30 <= dpi <= 2400:
        return float(DEFAULT_IMAGE_DPI)
    if round(dpi) in _UNTRUSTED_DPI and max(image.size) / dpi > 16.6:
        return float(DEFAULT_IMAGE_DPI)
    return dpi


def load_image_frame(
    path: Path, frame: int, target_dpi: int, *, restore: bool = False
) -> tuple[Image.Image | np.ndarray, float]:
    """One frame (0-based) of an image file, upright per EXIF, resampled to ``target_dpi``
    (enlarged by ``imaging.upsample``, at most ``MAX_UPSCALE`` times); with ``restore``, restored
    (``restored``)."""
    try:
        with Image.open(path) as handle:
            handle.seek(frame)
            dpi = image_dpi(handle)
            image = ImageOps.exif_transpose(handle.copy())
    except Image.DecompressionBombError as exc:
        raise TooLargeError(f"image is too large to OCR ({exc})", path=str(path), page=frame + 1) from exc
    except (OSError, EOFError, ValueError) as exc:
        raise CorruptInputError(f"cannot decode the image ({exc})", path=str(path), page=frame + 1) from exc
    factor = min(target_dpi / dpi, MAX_UPSCALE)
    if image.width * image.height * factor * factor > MAX_PIXELS:
        factor = (MAX_PIXELS / (image.width * image.height)) ** 0.5
    ppp = 72.0 / dpi
    image = _decoded(image)
    if factor > 1.05:
        big = restored(_as_array(image), factor) if restore else enlarge(_as_array(image), factor)
        return big, ppp * image.width / big.shape[1]
    if factor < 0.95:
        size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
        ppp = ppp * image.width / size[0]
        image = image.resize(size, Image.Resampling.LANCZOS)
    return (restore_page(image) if restore else image), ppp


def _image_task(
    path: str, frame: int, settings: OcrSettings, predicate: TablePredicate | None
) -> OcrPageResult:
    from extractor.ocr.page import ocr_page_image

    image, ppp = load_image_frame(Path(path), frame, settings.table_dpi, restore=True)
    return ocr_page_image(
        image,
        page=frame + 1,
        points_per_pixel=ppp,
        settings=settings,
        is_table_page=predicate,
        source=path,
        restored=True,
    )


def _locate(exc: LakipError, path: Path, page: int) -> LakipError:
    if exc.path:
        return exc
    return type(exc)(exc.message, path=str(path), page=exc.page if exc.page is not None else page)


def _check_picklable(predicate: TablePredicate | None) -> None:
    """Fail early and clearly: a lambda predicate would otherwise break inside the pool."""
    try:
        pickle.dumps(predicate)
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        raise ValueError(
            f"is_table_page must be a module-level function to run in worker processes ({exc}); "
            "or use OcrSettings(jobs=1)"
        ) from exc


def _run_tasks(
    tasks: Sequence[tuple[int, Callable[[], OcrPageResult]]], settings: OcrSettings, path: Path
) -> Iterator[OcrPageResult]:
    """Run page tasks in order; in a process pool when there is more than one worker to use."""
    workers = min(settings.workers, len(tasks))
    if workers <= 1:
        try:
            for page, task in tasks:
                try:
                    yield task()
                except LakipError as exc:
                    raise _locate(exc, path, page) from exc
        finally:
            _close_cached_pdfs()
        return
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["extractor.ocr.page"])
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker)
    pending: deque[tuple[int, Future[OcrPageResult]]] = deque()
    queue = iter(tasks)
    try:
        for page, task in queue:
            pending.append((page, pool.submit(task)))
            if len(pending) >= 2 * workers:
                break
        while pending:
            page, future = pending.popleft()
            try:
                result = future.result()
            except LakipError as exc:
                raise _locate(exc, path, page) from exc
            for next_page, task in queue:
                pending.append((next_page, pool.submit(task)))
                break
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def ocr_pdf_pages(
    pdf_path: Path,
    pages: Sequence[int],
    *,
    settings: OcrSettings,
    password: str | None = None,
    is_table_page: TablePredicate | None = None,
) -> Iterator[OcrPageResult]:
    """OCR the given 1-based pages of a PDF, yielded in the order given.

    Input problems (missing, encrypted, corrupt file, page out of range) raise at the call, not
    at the first ``next``. With several workers (started by forkserver), ``is_table_page``
    must be a module-level function and a calling script needs the usual
    ``if __name__ == "__main__":`` guard.
    """
    pdf_path = Path(pdf_path)
    pdf = open_pdf(pdf_path, password)
    try:
        count = len(pdf)
    finally:
        pdf.close()
    for number in pages:
        if not 1 <= number <= count:
            raise ValueError(f"{pdf_path}: page {number} does not exist (the PDF has {count} pages)")
    if settings.workers > 1 and len(pages) > 1:
        _check_picklable(is_table_page)
    tasks = [(n, partial(_pdf_task, str(pdf_path), n, settings, password, is_table_page)) for n in pages]
    return _run_tasks(tasks, settings, pdf_path)


def ocr_image_file(
    path: Path, *, settings: OcrSettings, is_table_page: TablePredicate | None = None
) -> Iterator[OcrPageResult]:
    """OCR a PNG, JPEG or (multi-page) TIFF; each frame becomes a page numbered from 1.

    Frames without a usable DPI are taken as 300 DPI (see ``image_dpi``); every frame is
    resampled to ``table_dpi`` (up to 3x) before reading.
    """
    path = Path(path)
    if not path.is_file():
        raise InputNotFoundError("file not found", path=str(path))
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        known = ", ".join(sorted(IMAGE_SUFFIXES))
        raise UnsupportedInputError(f"cannot OCR '{path.suffix}' files; use one of {known}", path=str(path))
    try:
        with Image.open(path) as handle:
            frames = int(getattr(handle, "n_frames", 1))
    except Image.DecompressionBombError as exc:
        raise TooLargeError(f"image is too large to OCR ({exc})", path=str(path)) from exc
    except UnidentifiedImageError as exc:
        raise CorruptInputError(
            "not a readable image; is the file truncated or mislabelled?", path=str(path)
        ) from exc
    except OSError as exc:
        raise CorruptInputError(f"cannot read the image ({exc})", path=str(path)) from exc
    if settings.workers > 1 and frames > 1:
        _check_picklable(is_table_page)
    tasks = [(f + 1, partial(_image_task, str(path), f, settings, is_table_page)) for f in range(frames)]
    return _run_tasks(tasks, settings, path)
