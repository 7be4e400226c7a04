"""OCR layer: scanned pages and images into the common word model (``Page`` with ``source="ocr"``).

A page is rendered at ``table_dpi`` (a coarser scan at its own resolution, then enlarged and
sharpened: ``render.render_dpi``), goes through ``imaging.prepare`` (upright, deskewed, paper
whitened, ruling lines found and erased, ink left grey for the recogniser), then an engine from
the ``ENGINES`` registry. Text is read with automatic layout (``psm``), which keeps headings;
the band that holds a table as one uniform block (``table_psm``), which keeps lone single-digit
cells, its numbers then get a digits-only second look (``reread``). When the image itself shows
a table (``bands.image_table_band``) the band is read first and once, the rest of the page with
the band blanked; otherwise the whole page is read first (at ``triage_dpi`` given a table
predicate) and a band is read again only where the words show a table. Readings are merged;
words and ruling segments come back in PDF points (top-left origin) of the upright, deskewed
page, so the table finders treat scans and text layers alike; ``OcrPageResult.rotation``/``skew``
say how that page relates to the input.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import cv2
import numpy as np
from PIL import Image

from extractor.models import BBox, Page, Segment, Word
from extractor.ocr.bands import (
    drop_rule_slivers,
    flat_marks_as_dashes,
    grid_verticals,
    has_figure_row,
    image_table_band,
    merge_passes,
    table_band,
)
from extractor.ocr.cache import (
    CACHE_FORMAT,
    OcrCache,
    cache_key,
    default_cache_dir,
    image_digest,
    segments_from_json,
    segments_to_json,
    words_from_json,
    words_to_json,
)
from extractor.ocr.empty_cells import read_empty_cells
from extractor.ocr.engines import ENGINES, OcrEngine, UnknownEngineError, get_engine
from extractor.ocr.fused_cells import reread_fused_cells
from extractor.ocr.ghosts import drop_ghosts
from extractor.ocr.header_ink import read_lost_header_words
from extractor.ocr.header_reread import RULES as HEADER_RULES
from extractor.ocr.header_reread import reread_headers
from extractor.ocr.imaging import (
    ColumnGaps,
    PreparedImage,
    isolate_cell,
    prepare,
    to_grey,
    widen_at_rulings,
)
from extractor.ocr.orientation import MIN_OSD_CONFIDENCE, OSD_SIDE, shrink, upright
from extractor.ocr.reread import READ_CONFIG, reread_numbers
from extractor.ocr.restore import restore_page
from extractor.ocr.settings import OcrSettings
from extractor.ocr.strips import with_header_strip
from extractor.ocr.word_boxes import fit_to_ink

log = logging.getLogger(__name__)

TablePredicate = Callable[[Sequence[Word]], bool]
MIN_SIDE = 8  # pixels; Tesseract refuses smaller images and they hold no text anyway
LOW_CONFIDENCE = 60.0  # median word confidence below this suggests a page read sideways or upside down

__all__ = [
    "ENGINES",
    "OcrEngine",
    "OcrPageResult",
    "OcrSettings",
    "UnknownEngineError",
    "get_engine",
    "ocr_page_image",
    "repair_numeric_cell",
]


@dataclass(frozen=True)
class OcrPageResult:
    """One OCR'd page and how it was read.

    ``dpi_passes`` lists the resolution of each reading (triage, then table band);
    ``rotation`` is the clockwise quarter turn and ``skew`` the angle (degrees, counter-clockwise
    positive) undone before reading; ``from_cache`` is True when no engine call was needed.
    """

    page: Page
    dpi_passes: tuple[int, ...]
    rotation: int
    skew: float
    seconds: float
    from_cache: bool = False


def _median_conf(words: Sequence[Word]) -> float:
    return float(np.median([w.conf for w in words])) if words else 0.0


def _renumber(words: Sequence[tuple[int, Word]], page: int) -> tuple[Word, ...]:
    """One top-to-bottom line numbering for words of several passes (tagged by pass)."""
    groups: dict[tuple[int, int], list[Word]] = {}
    for tag, w in words:
        groups.setdefault((tag, w.line), []).append(w)
    ordered = sorted(groups.values(), key=lambda ws: (min(w.top for w in ws), min(w.x0 for w in ws)))
    out = []
    for line_no, ws in enumerate(ordered, start=1):
        for word_no, w in enumerate(sorted(ws, key=lambda x: x.x0), start=1):
            out.append(replace(w, page=page, line=line_no, word=word_no))
    return tuple(out)


def _scale_segment(s: Segment, factor: float) -> Segment:
    return Segment(s.x0 * factor, s.top * factor, s.x1 * factor, s.bottom * factor)


class _PageRun:
    """One page being read. The prepared image is built only on a cache miss; the page's
    geometry (orientation, skew, segments) is cached once its orientation is final."""

    def __init__(
        self,
        grey: np.ndarray,
        page: int,
        ppp: float,
        settings: OcrSettings,
        engine: OcrEngine,
        source: str,
    ) -> None:
        self.source = source
        self.grey = grey
        self.page = page
        self.ppp = ppp
        self.settings = settings
        self.engine = engine
        self.cache = OcrCache(default_cache_dir(settings.cache_dir))
        self.base = cache_key(
            CACHE_FORMAT, image_digest(grey), engine.name, engine.version, settings.lang, round(ppp, 6)
        )
        self.engine_calls = 0
        self._prepared: PreparedImage | None = None
        self._widened: tuple[np.ndarray, ColumnGaps] | None = None
        cached = self.cache.get(cache_key(self.base, "geometry"))
        self.geometry_cached = isinstance(cached, dict)
        self._rotation: int | None = int(cached["rotation"]) if isinstance(cached, dict) else None
        self.geometry: dict[str, Any] = cached if isinstance(cached, dict) else self._geometry(self.prepared)

    @property
    def prepared(self) -> PreparedImage:
        """Built on first use, with the cached orientation when the geometry came from the cache."""
        if self._prepared is None:
            self._prepared = prepare(self.grey, rotation=self._rotation, osd=self.engine.detect_orientation)
        return self._prepared

    def _geometry(self, p: PreparedImage) -> dict[str, Any]:
        band = image_table_band(p.ocr, p.char_height, p.segments)
        return {
            "rotation": p.rotation,
            "skew": p.skew,
            "width": p.width * self.ppp,
            "height": p.height * self.ppp,
            "segments": segments_to_json(_scale_segment(s, self.ppp) for s in p.segments),
            "char_height": p.char_height * self.ppp,
            "image_band": None if band is None else [band[0] * self.ppp, band[1] * self.ppp],
            # what the image shows, kept when the band-first reading is refused ("image_band" None)
            "image_table": None if band is None else [band[0] * self.ppp, band[1] * self.ppp],
        }

    @property
    def widened(self) -> tuple[np.ndarray, ColumnGaps]:
        """The OCR image with blank columns where vertical borders were (see ``widen_at_rulings``)."""
        if self._widened is None:
            p = self.prepared
            self._widened = widen_at_rulings(p.ocr, p.segments, int(max(12, 2 * p.char_height)))
        return self._widened

    def _unwiden(self, w: Word, gaps: ColumnGaps, offset_y: int) -> Word:
        """A word read from a (cropped) widened image back in page points."""
        top, bottom = w.top + offset_y * self.ppp, w.bottom + offset_y * self.ppp
        middle = (top + bottom) / 2 / self.ppp
        x0 = gaps.to_original(w.x0 / self.ppp, middle) * self.ppp
        x1 = gaps.to_original(w.x1 / self.ppp, middle) * self.ppp
        return replace(w, x0=x0, top=top, x1=max(x0, x1), bottom=bottom)

    def use(self, prepared: PreparedImage) -> None:
        self._prepared = prepared
        self._widened = None
        self.geometry = self._geometry(prepared)

    def save_geometry(self) -> None:
        if not self.geometry_cached:
            self.cache.put(cache_key(self.base, "geometry"), self.geometry)

    def read(
        self,
        dpi: int,
        band: tuple[float, float] | None,
        psm: int,
        blank: tuple[float, float] | None = None,
    ) -> tuple[Word, ...]:
        """Words of the whole page or of a band (points), read at ``dpi`` with ``psm``, via the
        cache; rows of ``blank`` (points) are painted white first, as read already."""
        key = cache_key(
            self.base,
            "words",
            self.geometry["rotation"],
            self.geometry["skew"],
            dpi,
            psm,
            band and (round(band[0], 2), round(band[1], 2)),
            blank and (round(blank[0], 2), round(blank[1], 2)),
        )
        cached = self.cache.get(key)
        if isinstance(cached, list):
            return words_from_json(cached, self.page)
        image, gaps = self.widened
        if blank is not None:
            image = image.copy()
            image[max(0, int(blank[0] / self.ppp)) : int(np.ceil(blank[1] / self.ppp)) + 1] = 255
        offset_y = 0
        if band is not None:
            offset_y = max(0, int(band[0] / self.ppp))
            image = image[offset_y : int(np.ceil(band[1] / self.ppp)) + 1]
        factor = dpi * self.ppp / 72.0
        if factor < 0.95:
            image = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        else:
            factor = 1.0
        if min(image.shape[:2]) < MIN_SIDE:
            return ()
        self.engine_calls += 1
        read = self.engine.image_to_words(
            image, page=self.page, scale=self.ppp / factor, config=f"--psm {psm}"
        )
        words = tuple(self._unwiden(w, gaps, offset_y) for w in read)
        self.cache.put(key, words_to_json(words))
        return words

    def with_header(self, words: tuple[Word, ...], dpi: int, band: tuple[float, float] | None) -> tuple[Word, ...]:
        """The band's words with an unread header strip read again alone (``strips``)."""
        p = self.prepared
        read = lambda strip: self.read(dpi, strip, self.settings.table_psm)  # noqa: E731
        return with_header_strip(words, read, p.ocr, self.ppp, p.char_height, band)

    def reread(self, words: tuple[Word, ...], dpi: int, band: tuple[float, float] | None) -> tuple[Word, ...]:
        """Numeric phrases inside the band re-read on their own (see ``reread.reread_numbers``),
        after words the table reading laid twice over the same ink are dropped (``ghosts``)."""
        words = drop_ghosts(words)
        key = cache_key(
            self.base,
            "reread",
            f"header-cells-{HEADER_RULES}",
            self.settings.digits_lang,
            self.geometry["rotation"],
            self.geometry["skew"],
            dpi,
            band and (round(band[0], 2), round(band[1], 2)),
            words_to_json(words),  # a header strip read again changes them (``with_header``)
        )
        cached = self.cache.get(key)
        if isinstance(cached, list):
            return words_from_json(cached, self.page)
        top, bottom = band if band is not None else (float("-inf"), float("inf"))
        inside = [w for w in words if top <= (w.top + w.bottom) / 2 <= bottom]
        outside = [w for w in words if not top <= (w.top + w.bottom) / 2 <= bottom]
        ppp = self.ppp

        def read(canvas: np.ndarray, config: str) -> tuple[Word, ...]:
            self.engine_calls += 1
            found = self.engine.image_to_words(
                canvas, page=self.page, scale=ppp, config=config, lang=self.settings.digits_lang
            )
            return tuple(
                replace(w, x0=w.x0 / ppp, top=w.top / ppp, x1=w.x1 / ppp, bottom=w.bottom / ppp)
                for w in found
            )

        p = self.prepared
        glyph = p.char_height * ppp if p.char_height > 0 else 8.0
        segments = segments_from_json(self.geometry["segments"])
        fixed, count = reread_numbers(inside, p.ocr, ppp, segments, glyph, read)
        fixed, heads = reread_headers(fixed, p.ocr, ppp, segments, glyph, self._read_cell)
        fixed, lost = read_lost_header_words(fixed, p.ocr, ppp, segments, glyph, self._read_cell)
        fixed, cells = reread_fused_cells(fixed, p.ocr, ppp, segments, glyph, self._read_cell)
        fixed, empty = read_empty_cells(fixed, p.ocr, ppp, segments, glyph, self._read_cell, band)
        fixed = fit_to_ink(fixed, p.ocr, ppp)  # row geometry wants glyph boxes, not Tesseract's tall ones
        if count or heads or lost or cells or empty:
            log.debug(
                "%s page %d: %d numbers, %d header cells, %d fused cells re-read, %d empty cells, %d unread header ink read",
                self.source,
                self.page,
                count,
                heads,
                cells,
                empty,
                lost,
            )
        result = tuple(sorted((*fixed, *outside), key=lambda w: (w.line, w.x0)))
        self.cache.put(key, words_to_json(result))
        return result

    def _read_cell(self, crop: np.ndarray, scale: float) -> tuple[Word, ...]:
        self.engine_calls += 1
        return self.engine.image_to_words(crop, page=self.page, scale=scale, config="--psm 6")

    def check_orientation(self, words: tuple[Word, ...], dpi: int) -> tuple[Word, ...]:
        """Ask OSD when a read looks like upside-down or sideways text, and re-read if it agrees.
        A page the text-line axis turned a quarter (OSD unsure) whose read gives few letters for
        the marks it shows is read again as it came too, and of the readings the one with the
        most confidently read letters is kept: a table of narrow wrapped columns can look
        sideways to the axis, and its few words read sideways can be confident junk."""
        if self.geometry_cached or self.prepared.char_height <= 0:
            return words
        sparse = self.prepared.rotation % 180 == 90 and _few_letters(words, self.prepared.ocr)
        if _median_conf(words) >= LOW_CONFIDENCE and not sparse:
            return words
        first = self.prepared
        readings = [(first, words)]
        guess = self.engine.detect_orientation(shrink(first.grey, OSD_SIDE))
        if guess is not None and guess[0] % 360 != 0 and guess[1] >= MIN_OSD_CONFIDENCE:
            self.use(prepare(self.grey, rotation=(first.rotation + guess[0]) % 360))
            readings.append((self.prepared, self.read(dpi, None, self.settings.psm)))
            if not sparse:
                return self._keep(readings, _median_conf)
        if sparse and all(p.rotation for p, _ in readings):
            self.use(prepare(self.grey, rotation=0))
            readings.append((self.prepared, self.read(dpi, None, self.settings.psm)))
        return self._keep(readings, _sure_letters)

    def _keep(
        self, readings: Sequence[tuple[PreparedImage, tuple[Word, ...]]], measure: Callable[[Sequence[Word]], float]
    ) -> tuple[Word, ...]:
        """The reading ``measure`` scores highest, the first on a tie, its image put back in use."""
        best = max(range(len(readings)), key=lambda i: (measure(readings[i][1]), -i))
        prepared, words = readings[best]
        if prepared is not self.prepared:
            self.use(prepared)
        if best:
            log.info("%s page %d: read at %d°, not %d°", self.source, self.page, prepared.rotation, readings[0][0].rotation)
        return words


_SURE = 50.0  # word confidence below which a word's letters do not count as read
_MIN_MARKS = 200  # a page showing fewer marks than this is too bare to judge how much was read
_WORD = 3  # letters: shorter words are not counted as read
_MARK_SIDE = 8  # pixels: a mark at least this long on a side may be a letter (300 dpi)


def _sure_letters(words: Sequence[Word]) -> int:
    """Letters of the words read with confidence, at least ``_WORD`` long and lying along the
    line (wider than tall): of a page turned the wrong way, Tesseract reads a few words, a
    scatter of one-letter guesses, or its lines running down the image."""
    return sum(
        len(w.text) for w in words if w.conf >= _SURE and len(w.text) >= _WORD and w.x1 - w.x0 >= w.bottom - w.top
    )


def _few_letters(words: Sequence[Word], ocr: np.ndarray) -> bool:
    """The read gave under half as many sure letters (``_sure_letters``) as the image shows
    marks of a letter's size, counted whatever way they lie (a turned page's own glyph height
    is wrong)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats((ocr < 128).astype(np.uint8), connectivity=8)
    side = np.maximum(stats[1:count, cv2.CC_STAT_WIDTH], stats[1:count, cv2.CC_STAT_HEIGHT])
    marks = int(np.sum((side >= _MARK_SIDE) & (side <= 8 * _MARK_SIDE)))
    return marks >= _MIN_MARKS and _sure_letters(words) < 0.5 * marks


def _band_first(
    run: _PageRun, first_dpi: int, full_dpi: int, numeric_lines: bool
) -> list[tuple[int, Word]] | None:
    """Read a page whose image shows a table (``bands.image_table_band``) in one pass per region.

    The table band is read at ``full_dpi`` as a uniform block and its numbers re-read; the rest
    of the page, the band painted white, at ``first_dpi`` with automatic layout. This skips the
    whole-page triage reading, which on a table page costs as much as the table itself. Lines of
    numbers the image did not show as a table (a two-column table, amounts in a sentence; with
    ``numeric_lines``) are then read again like a table band, so every figure on the page is
    read at ``full_dpi`` as before. None (nothing read but the band) when the image shows no
    table or the band reads so poorly that the page may be turned: the caller then reads the
    page the careful way.
    """
    found = run.geometry.get("image_band")
    if found is None:
        return None
    band = (float(found[0]), float(found[1]))
    settings = run.settings
    words = run.read(full_dpi, band, settings.table_psm)
    if not run.geometry_cached and (
        _median_conf(words) < LOW_CONFIDENCE or _reads_little(run, words, band) or _turned_and_sparse(run, words, band)
    ):
        return None
    table = run.reread(run.with_header(words, full_dpi, band), full_dpi, band)
    base = run.read(first_dpi, None, settings.psm, blank=band)
    tagged = merge_passes(base, table, band)
    more = table_band(base, (), float(run.geometry["height"])) if numeric_lines else None
    if more is None:
        return tagged
    parts = [(more[0], min(more[1], band[0])), (max(more[0], band[1]), more[1])]
    for tag, part in enumerate((p for p in parts if p[1] - p[0] > 2.0), start=2):
        extra = run.reread(run.read(full_dpi, part, settings.table_psm), full_dpi, part)
        inside = [w for _, w in tagged if part[0] <= (w.top + w.bottom) / 2 <= part[1]]
        tagged = [(t, w) for t, w in tagged if not part[0] <= (w.top + w.bottom) / 2 <= part[1]]
        tagged += [(tag if t else 0, w) for t, w in merge_passes(inside, extra, part)]
    return tagged


_GLYPHS_READ = 0.5  # a band read giving fewer letters than this share of the glyphs it shows failed


def _reads_little(run: _PageRun, words: Sequence[Word], band: tuple[float, float]) -> bool:
    """The band read returned far fewer letters than the band shows glyphs: Tesseract's uniform
    block gave up on a dense grid (12 narrow columns at 200 dpi), with confident but few words."""
    p = run.prepared
    top, bottom = max(0, int(band[0] / run.ppp)), int(np.ceil(band[1] / run.ppp))
    region = (p.ocr[top:bottom] < 128).astype(np.uint8)
    if not region.any():
        return False
    count, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
    tall = max(2.0, 0.4 * p.char_height)
    glyphs = int(np.sum(stats[1:count, cv2.CC_STAT_HEIGHT] >= tall))
    letters = sum(len(w.text) for w in words)
    return glyphs >= 60 and letters < _GLYPHS_READ * glyphs


def _turned_and_sparse(run: _PageRun, words: Sequence[Word], band: tuple[float, float]) -> bool:
    """The page was turned a quarter and its band read gave few letters for its marks: the
    careful route then checks the turn (``check_orientation``)."""
    p = run.prepared
    top, bottom = max(0, int(band[0] / run.ppp)), int(np.ceil(band[1] / run.ppp))
    return p.rotation % 180 == 90 and _few_letters(words, p.ocr[top:bottom])


def ocr_page_image(
    image: Image.Image | np.ndarray,
    *,
    page: int,
    points_per_pixel: float,
    settings: OcrSettings,
    is_table_page: TablePredicate | None = None,
    source: str = "",
    restored: bool = False,
) -> OcrPageResult:
    """OCR one page image (any resolution; ``points_per_pixel`` = 72 / its DPI).

    A page whose image shows a table is read band first (``_band_first``). Otherwise the whole
    page is read with ``settings.psm``: at ``triage_dpi`` when ``is_table_page`` is given (the
    image's own resolution otherwise), and again at the image's resolution if that read gives few
    letters for the marks the page shows (small print). If the predicate sees a table in those
    words, or a row of three or more figures (or, without a predicate, the page has a ruled
    grid), the table band is read again at the image's resolution with ``settings.table_psm``
    and the readings are merged. ``source`` (the file name) only labels log messages;
    ``restored``: the image went through ``restore.restore_page`` already (``render.restored``).
    """
    if points_per_pixel <= 0:
        raise ValueError("points_per_pixel must be positive (72 / the image's DPI)")
    start = time.perf_counter()
    grey = to_grey(image) if restored else restore_page(image)
    run = _PageRun(grey, page, points_per_pixel, settings, get_engine(settings), source)
    full_dpi = round(72.0 / points_per_pixel)
    first_dpi = (
        settings.triage_dpi
        if is_table_page is not None and full_dpi > settings.triage_dpi * 1.2
        else full_dpi
    )
    tagged = _band_first(run, first_dpi, full_dpi, numeric_lines=is_table_page is not None)
    passes = [first_dpi, full_dpi]
    if tagged is None:
        tagged, passes = _careful(run, first_dpi, full_dpi, is_table_page)
    height = float(run.geometry["height"])
    segments = segments_from_json(run.geometry["segments"])
    run.save_geometry()
    words = _renumber(flat_marks_as_dashes(drop_rule_slivers(tagged, segments)), page)
    shown = run.geometry.get("image_table")
    result_page = Page(
        number=page,
        width=float(run.geometry["width"]),
        height=height,
        words=words,
        segments=segments,
        source="ocr",
        dpi=max(passes),
        image_table=None if shown is None else (float(shown[0]), float(shown[1])),
    )
    seconds = time.perf_counter() - start
    log.debug("%s page %d: OCR passes %s, %d words, %.2f s", source, page, passes, len(words), seconds)
    return OcrPageResult(
        page=result_page,
        dpi_passes=tuple(passes),
        rotation=int(run.geometry["rotation"]),
        skew=float(run.geometry["skew"]),
        seconds=seconds,
        from_cache=run.engine_calls == 0 and run.cache.enabled,
    )


def _careful(
    run: _PageRun, first_dpi: int, full_dpi: int, is_table_page: TablePredicate | None
) -> tuple[list[tuple[int, Word]], list[int]]:
    """The page read whole (turned upright if the read says so), then its table band, if its words
    show one, read again at ``full_dpi``; the reading and the resolutions of its passes."""
    settings = run.settings
    turned = run.prepared.rotation
    base = run.check_orientation(run.read(first_dpi, None, settings.psm), first_dpi)
    if run.prepared.rotation != turned:
        # the band-first reading was refused for the turn the text-line axis guessed (a table of
        # narrow wrapped columns looks sideways); the image as it came may show its table
        tagged = _band_first(run, first_dpi, full_dpi, numeric_lines=is_table_page is not None)
        if tagged is not None:
            return tagged, [first_dpi, full_dpi]
    if first_dpi < full_dpi and _few_letters(base, run.prepared.ocr):
        # small print the triage resolution cannot read (7 pt at 100 dpi): the page is read
        # at its own resolution before anything is decided from its words
        first_dpi = full_dpi
        base = run.read(full_dpi, None, settings.psm)
    # a cached run must take this route again rather than the band-first one that was refused
    run.geometry = {**run.geometry, "image_band": None}
    height = float(run.geometry["height"])
    segments = segments_from_json(run.geometry["segments"])
    # a ruled grid is evidence enough; low-DPI words of a table are often too damaged to tell
    has_grid = bool(grid_verticals(segments, height))
    wants_table = has_grid or (is_table_page is not None and (is_table_page(base) or has_figure_row(base)))
    if not wants_table:
        return [(0, w) for w in base], [first_dpi]
    band = table_band(base, segments, height, numeric_lines=is_table_page is not None)
    if band is not None and band[1] - band[0] > 0.75 * height:
        band = None
    words = run.with_header(run.read(full_dpi, band, settings.table_psm), full_dpi, band)
    return merge_passes(base, run.reread(words, full_dpi, band), band), [first_dpi, full_dpi]


def repair_numeric_cell(
    image: Image.Image | np.ndarray,
    bbox_points: BBox | tuple[float, float, float, float],
    *,
    points_per_pixel: float,
    settings: OcrSettings,
    rotation: int = 0,
    skew: float = 0.0,
) -> tuple[str, float] | None:
    """Re-read one numeric cell with digits only (no dictionary, one line): (text, min conf).

    ``image`` must be in the page's upright frame; pass the result's ``rotation`` and ``skew``
    to replay them on a freshly rendered page. Returns None when no digit was read.
    """
    box = bbox_points if isinstance(bbox_points, BBox) else BBox(*bbox_points)
    grey = upright(image, rotation, skew) if (rotation or skew) else to_grey(image)
    pixels = (
        int(box.x0 / points_per_pixel),
        int(box.top / points_per_pixel),
        int(np.ceil(box.x1 / points_per_pixel)),
        int(np.ceil(box.bottom / points_per_pixel)),
    )
    isolated = isolate_cell(grey, pixels)
    if isolated is None:
        return None
    clean, factor = isolated
    config = READ_CONFIG.replace("--psm 6", "--psm 7")  # one line: the cell
    words = get_engine(settings).image_to_words(clean, page=0, scale=points_per_pixel / factor, config=config)
    text = "".join(w.text for w in words)
    if not any(ch.isdigit() for ch in text):
        return None
    return text, min(w.conf for w in words)

