"""Word and ruling-line sources for born-digital pages, behind one registry.

``pdfium`` reads character boxes and path objects straight from PDFium (about ten times faster
than pdfminer on table pages); ``pdfplumber`` is kept as the reference implementation and a
fallback. Both return the same ``Page`` (PDF points, top-left origin), so table code is shared.

Both build words the same way, from glyphs (``glyph_words``), because producers differ in how
they draw text: Word and LibreOffice place glyphs or short runs one by one with kerning shifts,
often with no space glyph between words, and PDFium's own guessed spaces split words at a kerning
gap. A word ends at a real space glyph, at a gap wider than a fraction of the line height (above
the line's own letter spacing), at a vertical rule between two glyphs, or where the text jumps.
Rules come from ``extractor.tables.rules``: stroked edges, thin filled boxes, grid-consistent
shading edges.
"""

from __future__ import annotations

import ctypes
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from extractor.models import Page, Segment, Word
from extractor.tables.rules import Box, page_rules

PageSource = Callable[[Path, Sequence[int], str | None], Iterator[Page]]
SOURCES: dict[str, PageSource] = {}

_AXIS_TOL = 1.0  # a stroke this close to axis-aligned counts as horizontal/vertical
WORD_GAP = 0.13  # a gap over this share of the line height (above the letter spacing) ends a word
MAX_TRACKING = 0.06  # letter spacing taken from a line is capped at this share of its height
_BACKWARD = 1.0  # a glyph this many heights left of the previous one starts a new word


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


# --- glyphs to words ----------------------------------------------------------------------------


class Glyph(NamedTuple):
    """One drawn character in page points (top-left origin), in content-stream order;
    ``spaced`` when a real space glyph (not a guessed one) came just before it. (A named tuple,
    not a dataclass: a table page has thousands and this is the born-digital hot path.)"""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    spaced: bool = False


def glyph_words(glyphs: Sequence[Glyph], page: int, rules: Sequence[Segment] = ()) -> list[Word]:
    """Words from glyphs in drawing order (line numbers are left to ``assign_lines``)."""
    walls = _Walls.of(rules)
    words: list[Word] = []
    for run in _runs(glyphs):
        start = 0
        for end in [*_breaks(run, walls), len(run)]:
            texts, x0s, tops, x1s, bottoms, _ = zip(*run[start:end], strict=True)
            words.append(Word(page, 0, 0, "".join(texts), 100.0, min(x0s), min(tops), max(x1s), max(bottoms)))
            start = end
    return words


def _runs(glyphs: Sequence[Glyph]) -> Iterator[list[Glyph]]:
    """Stretches of glyphs drawn left to right on one line: a glyph whose middle is half a height
    off the previous one's, or that jumps back left, starts a new stretch."""
    run: list[Glyph] = []
    prev_mid = prev_x1 = prev_h = 0.0
    for g in glyphs:
        _, x0, top, x1, bottom, _ = g
        h = bottom - top
        height = (h if h > prev_h else prev_h) or 0.1
        if run and (abs(prev_mid - top - bottom) >= height or prev_x1 - x0 > _BACKWARD * height):
            yield run
            run = [g]
        else:
            run.append(g)
        prev_mid, prev_x1, prev_h = top + bottom, x1, h
    if run:
        yield run


def _breaks(run: Sequence[Glyph], walls: _Walls) -> list[int]:
    """Indices in ``run`` where a new word starts. The line's letter spacing (its lower-quartile
    gap: most gaps are inside words; capped) raises the word-gap limit; it is only computed when
    some gap falls where it could matter."""
    if len(run) < 2:
        return []
    height = sorted(g.bottom - g.top for g in run)[len(run) // 2]
    gaps = [b.x0 - a.x1 for a, b in pairwise(run)]
    limit, most = WORD_GAP * height, MAX_TRACKING * height
    if len(gaps) >= 4 and any(limit < gap <= limit + most for gap in gaps):
        limit += min(max(sorted(gaps)[len(gaps) // 4], 0.0), most)
    if not walls.xs:
        return [i + 1 for i, gap in enumerate(gaps) if gap > limit or run[i + 1].spaced]
    return [
        i + 1
        for i, gap in enumerate(gaps)
        if gap > limit or run[i + 1].spaced or (gap > 0 and walls.between(run[i], run[i + 1]))
    ]


@dataclass(frozen=True)
class _Walls:
    """Vertical rules sorted by x: text on both sides of one belongs to two cells."""

    xs: tuple[float, ...]
    spans: tuple[tuple[float, float], ...]

    @staticmethod
    def of(rules: Sequence[Segment]) -> _Walls:
        items = sorted(((s.x0 + s.x1) / 2, (s.top, s.bottom)) for s in rules if not s.horizontal)
        return _Walls(tuple(x for x, _ in items), tuple(span for _, span in items))

    def between(self, a: Glyph, b: Glyph) -> bool:
        lo = bisect_right(self.xs, (a.x0 + a.x1) / 2)
        hi = bisect_left(self.xs, (b.x0 + b.x1) / 2)
        if lo >= hi:
            return False
        middle = (a.top + a.bottom + b.top + b.bottom) / 4
        return any(top <= middle <= bottom for top, bottom in self.spans[lo:hi])


# --- PDFium -------------------------------------------------------------------------------------


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
    width, height = page.get_size()  # type: ignore[attr-defined]
    segments = pdfium_rules(page, height)
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        glyphs = pdfium_glyphs(textpage, height)
    finally:
        textpage.close()
    words = glyph_words(glyphs, number, segments)
    return Page(number, float(width), float(height), assign_lines(words, number), segments)


def pdfium_glyphs(textpage: object, height: float) -> list[Glyph]:
    """The text page's characters as glyphs; PDFium's guessed spaces and line breaks are dropped
    (the gaps themselves decide), real space glyphs mark the next glyph ``spaced``."""
    import pypdfium2.raw as c

    raw = textpage.raw  # type: ignore[attr-defined]
    rect = c.FS_RECTF()
    box = ctypes.byref(rect)
    get_box = c.FPDFText_GetLooseCharBox
    out: list[Glyph] = []
    spaced = False
    for i, ch in enumerate(_page_chars(textpage)):
        if ch == _LINE_END_HYPHEN:
            get_box(raw, i, box)
            ch = "-" if rect.right > rect.left else ch
        if ch in _NOT_TEXT or ch.isspace():
            spaced = spaced or ch in _NOT_TEXT or not c.FPDFText_IsGenerated(raw, i)
            continue
        get_box(raw, i, box)
        out.append(Glyph(ch, rect.left, height - rect.top, rect.right, height - rect.bottom, spaced))
        spaced = False
    return out


_NOT_TEXT = frozenset("\x00\x02\ufffe\uffff")  # no character, or PDFium's markers: the word ends
# PDFium's mark for a hyphen that ends a line ('perundang-' over 'undangan'): printed, so read
# as the hyphen it is when it has a box of its own
_LINE_END_HYPHEN = "\ufffe"


def _page_chars(textpage: object) -> str | list[str]:
    """One character per text-page index: fetched in one call, or one by one where the page's
    text does not map one to one (characters beyond the Basic Multilingual Plane)."""
    import pypdfium2.raw as c

    raw = textpage.raw  # type: ignore[attr-defined]
    count = textpage.count_chars()  # type: ignore[attr-defined]
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = c.FPDFText_GetText(raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) == count:
        return text
    return [valid_char(chr(c.FPDFText_GetUnicode(raw, i))) for i in range(count)]


REPLACEMENT = "\ufffd"


def valid_char(text: str) -> str:
    """A lone surrogate (a broken ToUnicode map) cannot be written as UTF-8: it would lose the
    whole document at the writer, so it becomes U+FFFD; the pipeline counts those as repairs."""
    if text.isascii():
        return text
    return "".join(REPLACEMENT if "\ud800" <= ch <= "\udfff" else ch for ch in text)


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def pdfium_rules(page: object, height: float) -> tuple[Segment, ...]:
    """Stroked edges and filled boxes of the page's path objects, form XObjects included."""
    import pypdfium2.raw as c

    strokes: list[Segment] = []
    boxes: list[Box] = []
    count = c.FPDFPage_CountObjects(page.raw)  # type: ignore[attr-defined]
    objects = [c.FPDFPage_GetObject(page.raw, i) for i in range(count)]  # type: ignore[attr-defined]
    _walk(objects, _IDENTITY, height, strokes, boxes, depth=0)
    return page_rules(strokes, boxes)


def _walk(
    objects: Sequence[object],
    outer: Matrix,
    height: float,
    strokes: list[Segment],
    boxes: list[Box],
    depth: int,
) -> None:
    import pypdfium2.raw as c

    for obj in objects:
        kind = c.FPDFPageObj_GetType(obj)
        if kind not in (c.FPDF_PAGEOBJ_PATH, c.FPDF_PAGEOBJ_FORM):
            continue
        m = c.FS_MATRIX()
        c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
        matrix = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        if kind == c.FPDF_PAGEOBJ_FORM:
            if depth < 3:
                inner = [c.FPDFFormObj_GetObject(obj, k) for k in range(c.FPDFFormObj_CountObjects(obj))]
                _walk(inner, matrix, height, strokes, boxes, depth + 1)
            continue
        _path(obj, matrix, height, strokes, boxes)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer``."""
    a, b, c, d, e, f = inner
    oa, ob, oc, od, oe, of = outer
    return (
        a * oa + b * oc,
        a * ob + b * od,
        c * oa + d * oc,
        c * ob + d * od,
        e * oa + f * oc + oe,
        e * ob + f * od + of,
    )


def _path(obj: object, m: Matrix, height: float, strokes: list[Segment], boxes: list[Box]) -> None:
    """A path's stroked axis-aligned edges are rules; its filled rectilinear subpaths are boxes."""
    import pypdfium2.raw as c

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    filled = fill.value != c.FPDF_FILLMODE_NONE
    if not (filled or stroke.value):
        return
    for sub in _subpaths(obj, m):
        if stroke.value:
            strokes += [s for s in (_axis_segment(p, q, height) for p, q in sub.edges) if s is not None]
        elif sub.straight and sub.edges and all(_axis_segment(p, q, height, 0.0) for p, q in sub.edges):
            xs, ys = [p[0] for p, _ in sub.edges], [p[1] for p, _ in sub.edges]
            boxes.append(Box(min(xs), height - max(ys), max(xs), height - min(ys)))


Point = tuple[float, float]


@dataclass(frozen=True)
class _Subpath:
    edges: tuple[tuple[Point, Point], ...]  # its straight pieces, the closing one included
    straight: bool  # no curve segments


def _subpaths(obj: object, m: Matrix) -> Iterator[_Subpath]:
    import pypdfium2.raw as c

    a, b, cc, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    start: Point | None = None
    last: Point | None = None
    edges: list[tuple[Point, Point]] = []
    straight = True
    for k in range(c.FPDFPath_CountSegments(obj)):
        seg = c.FPDFPath_GetPathSegment(obj, k)
        c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        point = (a * x.value + cc * y.value + e, b * x.value + d * y.value + f)
        kind = c.FPDFPathSegment_GetType(seg)
        if kind == c.FPDF_SEGMENT_MOVETO or start is None:
            if edges:
                yield _Subpath(tuple(edges), straight)
            start, edges, straight = point, [], True
        elif kind == c.FPDF_SEGMENT_LINETO and last is not None and last != point:
            edges.append((last, point))
        elif kind == c.FPDF_SEGMENT_BEZIERTO:
            straight = False
        last = point
        if c.FPDFPathSegment_GetClose(seg):
            if last != start:
                edges.append((last, start))
            last = start
    if edges:
        yield _Subpath(tuple(edges), straight)


def _axis_segment(
    p: tuple[float, float], q: tuple[float, float], height: float, min_length: float = 4.0
) -> Segment | None:
    """The edge p-q as a top-left-origin segment if it is axis-aligned (and long enough)."""
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= _AXIS_TOL and abs(x1 - x0) >= min_length:
        top = height - (y0 + y1) / 2
        return Segment(min(x0, x1), top, max(x0, x1), top)
    if abs(x0 - x1) <= _AXIS_TOL and abs(y1 - y0) >= min_length:
        x = (x0 + x1) / 2
        return Segment(x, height - max(y0, y1), x, height - min(y0, y1))
    return None


# --- pdfplumber (the reference) -----------------------------------------------------------------


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
    segments = _plumber_rules(plumber_page)
    glyphs: list[Glyph] = []
    spaced = False
    for ch in plumber_page.dedupe_chars().chars:  # type: ignore[attr-defined]
        text = valid_char(ch["text"])
        if not text.strip():
            spaced = True
            continue
        glyphs.append(
            Glyph(text, float(ch["x0"]), float(ch["top"]), float(ch["x1"]), float(ch["bottom"]), spaced)
        )
        spaced = False
    words = glyph_words(glyphs, number, segments)
    return Page(
        number=number,
        width=float(plumber_page.width),  # type: ignore[attr-defined]
        height=float(plumber_page.height),  # type: ignore[attr-defined]
        words=assign_lines(words, number),
        segments=segments,
        source="text-layer",
    )


def _plumber_rules(plumber_page: object) -> tuple[Segment, ...]:
    strokes: list[Segment] = []
    boxes: list[Box] = []
    for rect in plumber_page.rects:  # type: ignore[attr-defined]
        x0, top, x1, bottom = (float(rect[k]) for k in ("x0", "top", "x1", "bottom"))
        if rect.get("stroke"):
            strokes += [Segment(x0, top, x1, top), Segment(x0, bottom, x1, bottom)]
            strokes += [Segment(x0, top, x0, bottom), Segment(x1, top, x1, bottom)]
        elif rect.get("fill"):
            boxes.append(Box(x0, top, x1, bottom))
    for item in (*plumber_page.lines, *plumber_page.curves):  # type: ignore[attr-defined]
        if not item.get("stroke"):
            continue
        points = item.get("pts") or []
        for p, q in pairwise(points):
            segment = _axis_segment((p[0], -p[1]), (q[0], -q[1]), 0.0)
            if segment is not None:
                strokes.append(segment)
    return page_rules(strokes, boxes)


def assign_lines(words: Sequence[Word], page: int) -> tuple[Word, ...]:
    """Number words into text lines by vertical overlap, left to right; ``word`` indexes the line."""
    ordered = sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0))
    lines: list[list[Word]] = []
    for w in ordered:
        mid = (w.top + w.bottom) / 2
        if lines:
            last = lines[-1]
            top = min(x.top for x in last)
            bottom = max(x.bottom for x in last)
            if top - 0.5 <= mid <= bottom + 0.5:
                last.append(w)
                continue
        lines.append([w])
    out = []
    for line_no, line in enumerate(lines, start=1):
        for word_no, w in enumerate(sorted(line, key=lambda x: x.x0), start=1):
            out.append(Word(page, line_no, word_no, w.text, w.conf, w.x0, w.top, w.x1, w.bottom))
    return tuple(out)
