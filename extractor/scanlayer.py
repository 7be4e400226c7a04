"""Can a scanned page's hidden text layer be read instead of running OCR?

Scanner software often adds its own OCR as an invisible text layer (render mode 3, or text drawn
under the page image). lakip reads words by position, so a layer whose reading order mixes a
table's columns is fine, as long as every word sits where its ink is. A layer is distrusted, and
the page read again with lakip's own OCR, when its words are garbage (``pages.garbled_ratio``,
``pages.common_word_ratio``: checked for every image page) or when they disagree with the image:

- ``agree``: the share of the layer's lines (three or more words) that sit on their print: nearly
  every word's box printed over (most of its pixel columns hold ink) and nearly every space
  between neighbouring words on paper. A shifted or rescaled layer, a layer of another page, or
  one string per line at its own spacing (words run over a table's column gaps, spaces land
  inside printed words) fails it;
- ``covered``: the share of the image's text ink that some word box covers (a layer that skipped
  the table, or recognised only part of the page).

The image is rendered once at a low resolution (the hidden text draws nothing); ink in rules,
logos, stamps and photos (components far taller than a text line, or thin and long) is not
counted as text. Cost: one render and a few array passes, against seconds for OCR.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.models import Page, Segment, Word

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class LayerSettings:
    """Thresholds of the hidden-layer check; ``dpi`` is the resolution the image is judged at."""

    dpi: int = 100
    min_lines: float = 0.85  # share of judged lines (3+ words) that must sit on their print
    min_fits: float = 0.85  # in a line: share of words printed over
    min_gaps: float = 0.8  # in a line: share of spaces between words on paper
    min_covered: float = 0.75  # share of the image's text ink under some word
    word_columns: float = 0.6  # share of a word box's pixel columns that must hold ink
    pad: float = 1.5  # points added around word boxes when measuring the ink they cover

    def __post_init__(self) -> None:
        shares = (self.min_lines, self.min_fits, self.min_gaps, self.min_covered, self.word_columns)
        if self.dpi < 36 or not all(0 < v <= 1 for v in shares):
            raise ValueError("hidden-layer check: dpi >= 36 and shares in (0, 1]")


@dataclass(frozen=True)
class LayerCheck:
    words: int
    lines: int  # lines of three or more words, the ones judged
    agree: float  # share of those sitting on their print
    covered: float  # share of the image's text ink under some word
    trusted: bool

    @property
    def reason(self) -> str:
        verdict = "matches" if self.trusted else "disagrees with"
        return (
            f"scanner's hidden text layer {verdict} the page image ({self.agree:.0%} of {self.lines} "
            f"lines on their print, {self.covered:.0%} of the text ink under its {self.words} words)"
        )


def check_page(page: object, textpage: object, settings: LayerSettings | None = None) -> LayerCheck:
    """Judge the hidden text layer of one PDFium page against its rendered image."""
    from extractor.pdfwords import assign_lines, glyph_words, pdfium_glyphs

    settings = settings or LayerSettings()
    _, height = page.get_size()  # type: ignore[attr-defined]
    words = assign_lines(glyph_words(pdfium_glyphs(textpage, height), 0), 0)
    return check_words(render_grey(page, settings.dpi), settings.dpi / 72.0, words, settings)


def render_grey(page: object, dpi: int) -> np.ndarray:
    import numpy as np

    bitmap = page.render(scale=dpi / 72.0, grayscale=True)  # type: ignore[attr-defined]
    try:
        grey = np.array(bitmap.to_numpy(), copy=True)
    finally:
        bitmap.close()
    return grey[:, :, 0] if grey.ndim == 3 else grey


def check_words(grey: np.ndarray, scale: float, words: Sequence[Word], settings: LayerSettings) -> LayerCheck:
    """``grey``: the page image (``scale`` pixels per point); ``words``: the layer's words,
    numbered into lines (``pdfwords.assign_lines``)."""
    import numpy as np

    ink = _ink(grey)
    text_ink = _text_ink(ink) if ink.any() else ink
    words = [w for w in words if w.text.strip()]
    covered_mask = np.zeros_like(text_ink)
    for w in words:
        x0, y0, x1, y1 = _pixels(w, scale, settings.pad, ink.shape)
        covered_mask[y0:y1, x0:x1] = True
    total = int(text_ink.sum())
    covered = float((text_ink & covered_mask).sum()) / total if total else 1.0
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    verdicts = [_line_agrees(ink, scale, sorted(ws, key=lambda w: w.x0), settings) for ws in lines.values()]
    judged = [v for v in verdicts if v is not None]
    agree = sum(judged) / len(judged) if judged else 1.0
    trusted = bool(words) and agree >= settings.min_lines and covered >= settings.min_covered
    return LayerCheck(len(words), len(judged), agree, covered, trusted)


def image_words_agree(page: object, layer_lines: Sequence[str], dpi: int = 150) -> tuple[float, int] | None:
    """What share of the words the page image shows (one Tesseract read at ``dpi``: words of four
    letters or more with a vowel, so that OCR noise on small print counts for nothing) the text
    layer also holds, and how many were read (the engine `ocr.get_engine` chooses); None when no
    engine can read it.
    A font that draws the right glyphs under meaningless codes shares almost none of them."""
    from extractor.errors import LakipError
    from extractor.ocr.engines import get_engine
    from extractor.ocr.settings import OcrSettings

    held = {_letters(t) for line in layer_lines for t in line.split()}
    try:
        read = get_engine(OcrSettings()).image_to_words(
            render_grey(page, dpi), page=0, scale=72.0 / dpi, config="--psm 3"
        )
    except (LakipError, OSError):  # no engine here, or it failed: the layer is not judged
        return None
    seen = [w for w in (_letters(r.text) for r in read) if len(w) >= 4 and any(ch in "aeiou" for ch in w)]
    if not seen:
        return 1.0, 0
    return sum(1 for w in seen if w in held) / len(seen), len(seen)


def _letters(token: str) -> str:
    return "".join(ch for ch in token.lower() if ch.isalpha())


def _line_agrees(ink: np.ndarray, scale: float, line: Sequence[Word], settings: LayerSettings) -> bool | None:
    """Whether a line of three or more words sits on its print: nearly every word's box printed
    over, nearly every space between them on paper. None for shorter lines (not judged)."""
    if len(line) < 3:
        return None
    fits = sum(_fits(ink, scale, w, settings) for w in line) / len(line)
    gaps = [g for g in (_gap_blank(ink, scale, a, b) for a, b in pairwise(line)) if g is not None]
    on_paper = sum(gaps) / len(gaps) if gaps else 1.0
    return fits >= settings.min_fits and on_paper >= settings.min_gaps


def _fits(ink: np.ndarray, scale: float, w: Word, settings: LayerSettings) -> bool:
    """Whether the word's box is printed over: most of its pixel columns hold ink (a word laid
    over a table's column gap is not). A word of one or two characters ('1', 'I': a thin glyph
    in a wide box) needs only some ink."""
    x0, y0, x1, y1 = _pixels(w, scale, 0.0, ink.shape)
    columns = ink[y0:y1, x0:x1].any(axis=0)
    if not columns.size:
        return False
    return bool(columns.any()) if len(w.text) <= 2 else float(columns.mean()) >= settings.word_columns


def _gap_blank(ink: np.ndarray, scale: float, a: Word, b: Word) -> bool | None:
    """Whether the space between two neighbouring words (up to two line heights wide) is blank
    on the image, along its middle column over the words' middle half; None if not a space."""
    height = max(a.bottom - a.top, b.bottom - b.top)
    if not 0 < b.x0 - a.x1 <= 2 * height:
        return None
    x = int((a.x1 + b.x0) / 2 * scale)
    top = int((max(a.top, b.top) + height / 4) * scale)
    bottom = max(int((min(a.bottom, b.bottom) - height / 4) * scale), top + 1)
    if not (0 <= x < ink.shape[1] and 0 <= top < ink.shape[0]):
        return None
    return bool(ink[top:bottom, x].mean() <= 0.25)


def _pixels(w: Word, scale: float, pad: float, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    height, width = shape[:2]
    x0 = min(max(int((w.x0 - pad) * scale), 0), width - 1)
    y0 = min(max(int((w.top - pad) * scale), 0), height - 1)
    x1 = min(max(int((w.x1 + pad) * scale + 1), x0 + 1), width)
    y1 = min(max(int((w.bottom + pad) * scale + 1), y0 + 1), height)
    return x0, y0, x1, y1


def _ink(grey: np.ndarray) -> np.ndarray:
    from extractor.ocr.imaging import ink_mask, normalise_background

    return ink_mask(normalise_background(grey)) > 0


def _text_ink(ink: np.ndarray) -> np.ndarray:
    """Ink in components the size of text: not rules (thin and long), not logos, stamps or grids
    (far taller than a line of text)."""
    import cv2
    import numpy as np

    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    small = heights[1:][(heights[1:] >= 3) & (widths[1:] <= 4 * heights[1:])]
    line = float(np.median(small)) if small.size else 8.0
    keep = (heights <= 2.5 * line) & ~((heights <= 3) & (widths >= 6 * line))
    keep[0] = False
    return np.asarray(keep[labels])


@dataclass(frozen=True)
class Paints:
    image_cover: float  # the largest share of the page one image covers
    hidden_text: float  # share of text objects drawn invisible, or under that image


def paint_summary(page: object, width: float, height: float, scan_cover: float = 0.6) -> Paints:
    """What the page paints, from raw PDFium calls (no wrapper per page object), in drawing
    order, form XObjects included (their objects placed by the form's matrix). Text objects are
    looked at only when one image covers ``scan_cover`` of the page."""
    import pypdfium2.raw as c

    raw = page.raw  # type: ignore[attr-defined]
    top = [c.FPDFPage_GetObject(raw, i) for i in range(c.FPDFPage_CountObjects(raw))]
    objects = list(_objects(top))
    cover, image_at = 0.0, -1
    for index, (obj, kind, matrix) in enumerate(objects):
        if kind == c.FPDF_PAGEOBJ_IMAGE:
            share = _area(obj, matrix) / max(width * height, 1.0)
            if share > cover:
                cover, image_at = share, index
    if cover < scan_cover:
        return Paints(min(cover, 1.0), 0.0)
    invisible = c.FPDF_TEXTRENDERMODE_INVISIBLE
    texts = [
        index < image_at or c.FPDFTextObj_GetTextRenderMode(obj) == invisible
        for index, (obj, kind, _) in enumerate(objects)
        if kind == c.FPDF_PAGEOBJ_TEXT
    ]
    return Paints(min(cover, 1.0), sum(texts) / len(texts) if texts else 0.0)


Matrix = tuple[float, float, float, float, float, float]


def _objects(
    objects: Sequence[object], outer: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), depth: int = 0
) -> Iterator[tuple[object, int, Matrix]]:
    import ctypes

    import pypdfium2.raw as c

    for obj in objects:
        kind = c.FPDFPageObj_GetType(obj)
        if kind == c.FPDF_PAGEOBJ_FORM and depth < 2:
            m = c.FS_MATRIX()
            c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
            a, b, cc, d, e, f = outer
            inner = (
                m.a * a + m.b * cc,
                m.a * b + m.b * d,
                m.c * a + m.d * cc,
                m.c * b + m.d * d,
                m.e * a + m.f * cc + e,
                m.e * b + m.f * d + f,
            )
            yield from _objects(
                [c.FPDFFormObj_GetObject(obj, k) for k in range(c.FPDFFormObj_CountObjects(obj))],
                inner,
                depth + 1,
            )
        else:
            yield obj, kind, outer


def _area(obj: object, matrix: Matrix) -> float:
    """The area of an object's bounds (in its parent's space) placed by ``matrix``."""
    import ctypes

    import pypdfium2.raw as c

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in (left, bottom, right, top)))
    a, b, cc, d, e, f = matrix
    corners = [(x, y) for x in (left.value, right.value) for y in (bottom.value, top.value)]
    xs = [a * x + cc * y + e for x, y in corners]
    ys = [b * x + d * y + f for x, y in corners]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def image_rules(page: object, dpi: int = 150) -> tuple[Segment, ...]:
    """The ruling lines printed on a scanned page's image, in points (top-left origin): a page
    read from its hidden text layer has its table borders only in the picture."""
    import numpy as np

    from extractor.ocr.imaging import estimate_char_height, find_ruling_lines

    ink = _ink(render_grey(page, dpi)).astype(np.uint8) * 255
    _, segments = find_ruling_lines(ink, estimate_char_height(ink))
    k = 72.0 / dpi
    return tuple(Segment(s.x0 * k, s.top * k, s.x1 * k, s.bottom * k) for s in segments)


def add_image_rules(path: Path, pages: dict[int, Page], numbers: Sequence[int], password: str | None) -> None:
    """Give the pages read from a trusted hidden layer (``numbers``, when loaded) the rules of
    their image, so ruled tables are read as grids."""
    import pypdfium2 as pdfium

    wanted = [n for n in numbers if n in pages]
    if not wanted:
        return
    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        for number in wanted:
            page = pdf[number - 1]
            try:
                pages[number] = replace(pages[number], segments=pages[number].segments + image_rules(page))
            finally:
                page.close()
    finally:
        pdf.close()
