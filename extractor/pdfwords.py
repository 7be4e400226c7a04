"""Word and ruling-line sources for born-digital pages, behind one registry.

``pdfium`` reads character boxes and path segments straight from PDFium (about ten times faster
than pdfminer on table pages); ``pdfplumber`` is kept as the reference implementation and a
fallback. Both return the same ``Page`` (PDF points, top-left origin), so table code is shared.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from extractor.models import Page, Segment, Word
from extractor.pages import assign_lines

PageSource = Callable[[Path, Sequence[int], str | None], Iterator[Page]]
SOURCES: dict[str, PageSource] = {}

_MIN_RULE = 4.0  # shorter strokes are glyph parts or ticks, not table rules
_AXIS_TOL = 1.0  # a stroke this close to axis-aligned counts as horizontal/vertical


def source(name: str) -> Callable[[PageSource], PageSource]:
    def wrap(fn: PageSource) -> PageSource:
        SOURCES[name] = fn
        return fn

    return wrap


def load_pages(
    path: Path, numbers: Sequence[int], *, password: str | None = None, name: str = "pdfium"
) -> Iterator[Page]:
    if name not in SOURCES:
        raise ValueError(f"unknown word source {name!r}; known: {sorted(SOURCES)}")
    return SOURCES[name](path, numbers, password)


@source("pdfium")
def _pdfium_pages(path: Path, numbers: Sequence[int], password: str | None) -> Iterator[Page]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        for number in numbers:
            page = pdf[number - 1]
            try:
                yield _pdfium_page(page, number)
            finally:
                page.close()
    finally:
        pdf.close()


def _pdfium_page(page: object, number: int) -> Page:
    import pypdfium2.raw as c

    width, height = page.get_size()  # type: ignore[attr-defined]
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    words: list[Word] = []
    try:
        count = textpage.count_chars()
        rect = c.FS_RECTF()
        current: list[tuple[str, float, float, float, float]] = []

        def flush() -> None:
            if current:
                text = "".join(ch for ch, *_ in current)
                words.append(
                    Word(
                        number,
                        0,
                        0,
                        text,
                        100.0,
                        min(b[1] for b in current),
                        min(b[2] for b in current),
                        max(b[3] for b in current),
                        max(b[4] for b in current),
                    )
                )
                current.clear()

        for i in range(count):
            code = c.FPDFText_GetUnicode(textpage.raw, i)
            ch = chr(code) if code else ""
            if not ch or ch.isspace() or code in (0xFFFE, 0xFFFF, 0x2):
                flush()
                continue
            c.FPDFText_GetLooseCharBox(textpage.raw, i, ctypes.byref(rect))
            x0, x1 = float(rect.left), float(rect.right)
            y0, y1 = height - float(rect.top), height - float(rect.bottom)
            if current:
                prev = current[-1]
                same_line = abs((prev[2] + prev[4]) / 2 - (y0 + y1) / 2) < 0.5 * (y1 - y0)
                gap = x0 - prev[3]
                if not same_line or gap > 0.3 * (y1 - y0) or gap < -(y1 - y0):
                    flush()
            current.append((ch, x0, y0, x1, y1))
        flush()
    finally:
        textpage.close()
    return Page(
        number, float(width), float(height), assign_lines(words, number), _pdfium_segments(page, height)
    )


def _pdfium_segments(page: object, height: float) -> tuple[Segment, ...]:
    """Axis-aligned strokes of path objects (table rules, and the edges of thin filled boxes)."""
    import pypdfium2.raw as c

    out: list[Segment] = []
    for obj in page.get_objects(filter=[c.FPDF_PAGEOBJ_PATH], max_depth=3):  # type: ignore[attr-defined]
        matrix = obj.get_matrix()
        a, b, cc, d, e, f = matrix.get()
        n = c.FPDFPath_CountSegments(obj.raw)
        points: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        x, y = ctypes.c_float(), ctypes.c_float()
        for k in range(n):
            seg = c.FPDFPath_GetPathSegment(obj.raw, k)
            c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            px, py = a * x.value + cc * y.value + e, b * x.value + d * y.value + f
            kind = c.FPDFPathSegment_GetType(seg)
            if kind == c.FPDF_SEGMENT_MOVETO:
                points = [(px, py)]
                start = (px, py)
            elif kind == c.FPDF_SEGMENT_LINETO and points:
                _add(out, points[-1], (px, py), height)
                points.append((px, py))
            else:
                points = [(px, py)]
            if c.FPDFPathSegment_GetClose(seg) and start is not None and points:
                _add(out, points[-1], start, height)
    return tuple(out)


def _add(out: list[Segment], p: tuple[float, float], q: tuple[float, float], height: float) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= _AXIS_TOL and abs(x1 - x0) >= _MIN_RULE:
        y = height - (y0 + y1) / 2
        out.append(Segment(min(x0, x1), y, max(x0, x1), y))
    elif abs(x0 - x1) <= _AXIS_TOL and abs(y1 - y0) >= _MIN_RULE:
        x = (x0 + x1) / 2
        out.append(Segment(x, height - max(y0, y1), x, height - min(y0, y1)))


@source("pdfplumber")
def _plumber_pages(path: Path, numbers: Sequence[int], password: str | None) -> Iterator[Page]:
    import pdfplumber

    with pdfplumber.open(str(path), password=password or "") as pdf:
        for number in numbers:
            plumber_page = pdf.pages[number - 1]
            try:
                yield _plumber_page(plumber_page, number)
            finally:
                plumber_page.close()


def _plumber_page(plumber_page: object, number: int) -> Page:
    raw = plumber_page.extract_words(keep_blank_chars=False, x_tolerance=2, y_tolerance=2)  # type: ignore[attr-defined]
    words = [
        Word(
            number,
            0,
            0,
            w["text"],
            100.0,
            float(w["x0"]),
            float(w["top"]),
            float(w["x1"]),
            float(w["bottom"]),
        )
        for w in raw
        if w["text"].strip()
    ]
    segments = []
    for edge in plumber_page.edges:  # type: ignore[attr-defined]
        x0, x1, top, bottom = float(edge["x0"]), float(edge["x1"]), float(edge["top"]), float(edge["bottom"])
        if max(x1 - x0, bottom - top) >= _MIN_RULE:
            segments.append(Segment(x0, top, x1, bottom))
    return Page(
        number=number,
        width=float(plumber_page.width),  # type: ignore[attr-defined]
        height=float(plumber_page.height),  # type: ignore[attr-defined]
        words=assign_lines(words, number),
        segments=tuple(segments),
        source="text-layer",
    )
