"""Ruled tables: the grid comes from ruling lines, merged cells from the lines that are missing.

A sasaran cell spanning four indicator rows has no horizontal rule inside it; joining grid cells
across missing rules gives the span, and its text is placed in the span's first row so the rows
stage can fill it down.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from extractor.models import BBox, Cell, Method, Page, Segment, Table, TableRow, Word
from extractor.tables.base import LONE_ROW_TOP, TableSettings, reading_order, register


@dataclass(frozen=True)
class _Line:
    pos: float  # y for horizontal, x for vertical
    start: float
    end: float


def _snap(values: Sequence[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _merge_lines(segments: Sequence[Segment], horizontal: bool, tol: float) -> list[_Line]:
    """Join collinear pieces (reportlab and Word draw a rule as many short strokes).

    Pieces within ``tol`` of each other across form one family (a scanned rule wanders by a
    point or so); within a family, pieces are joined only where they meet or overlap along
    their length, so the same column border of two stacked tables stays two lines.
    """
    raw = []
    for s in segments:
        if horizontal:
            raw.append(_Line((s.top + s.bottom) / 2, min(s.x0, s.x1), max(s.x0, s.x1)))
        else:
            raw.append(_Line((s.x0 + s.x1) / 2, min(s.top, s.bottom), max(s.top, s.bottom)))
    raw.sort(key=lambda ln: ln.pos)
    families: list[list[_Line]] = []
    for ln in raw:
        if families and ln.pos - families[-1][-1].pos <= tol:
            families[-1].append(ln)
        else:
            families.append([ln])
    merged: list[_Line] = []
    for family in families:
        current: _Line | None = None
        for ln in sorted(family, key=lambda x: x.start):
            if current is not None and ln.start <= current.end + tol:
                current = _Line(current.pos, current.start, max(current.end, ln.end))
                continue
            if current is not None:
                merged.append(current)
            current = ln
        if current is not None:
            merged.append(current)
    return merged


def _components(h: list[_Line], v: list[_Line], tol: float) -> list[tuple[list[_Line], list[_Line]]]:
    """Group rules that touch into separate grids (two tables on one page)."""
    items: list[tuple[str, _Line]] = [("h", ln) for ln in h] + [("v", ln) for ln in v]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (ki, a) in enumerate(items):
        for j in range(i + 1, len(items)):
            kj, b = items[j]
            if ki == kj:
                continue
            hh, vv = (a, b) if ki == "h" else (b, a)
            if vv.start - tol <= hh.pos <= vv.end + tol and hh.start - tol <= vv.pos <= hh.end + tol:
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list[_Line], list[_Line]]] = {}
    for i, (kind, ln) in enumerate(items):
        group = groups.setdefault(find(i), ([], []))
        (group[0] if kind == "h" else group[1]).append(ln)
    return list(groups.values())


def _covered(lines: list[_Line], pos: float, start: float, end: float, tol: float) -> bool:
    """Is there a rule at ``pos`` covering most of [start, end]?"""
    span = end - start
    for ln in lines:
        if abs(ln.pos - pos) <= tol:
            overlap = min(ln.end, end) - max(ln.start, start)
            if overlap >= 0.6 * span:
                return True
    return False


def _cell_text(words: list[Word]) -> str:
    return " ".join(w.text for w in reading_order(words))


def grid_tables(page: Page, settings: TableSettings, method: Method) -> tuple[Table, ...]:
    h_all = [s for s in page.segments if s.horizontal]
    v_all = [s for s in page.segments if not s.horizontal]
    h = _merge_lines(h_all, True, settings.snap)
    v = _merge_lines(v_all, False, settings.snap)
    tables = []
    for hs, grid_vs in _components(h, v, settings.snap):
        vs = _borders(grid_vs, hs, settings.snap) if method == Method.OCR_RULED else grid_vs
        hs = hs + _open_ends(hs, vs, settings.snap)
        ys = _snap([ln.pos for ln in hs], settings.snap)
        xs = _snap([ln.pos for ln in vs], settings.snap)
        need = 1 if ys and _at_top(page, ys) else settings.min_rows
        if len(ys) < need + 1 or len(xs) < 3:
            continue
        table = _build(page, hs, vs, xs, ys, settings, method)
        if table is not None:
            tables.append(table)
    return tuple(tables)


_Key = tuple[int, int]
ISLAND = 0.5  # share of the grid's height a vertical touching neither its top nor its bottom may span


def _borders(vs: list[_Line], hs: list[_Line], tol: float) -> list[_Line]:
    """A scanned grid's verticals less the islands: a stroke inside the grid that reaches neither
    its top nor its bottom rule, spans under ``ISLAND`` of its height and has no other piece of
    border above or below it at its x (a table with full-width section rows draws each column
    border row by row)
    is a mark on the page (a round stamp's ring where it runs upright, a signature's downstroke),
    not a column border. A column under a spanning header starts below the top but runs on to the
    bottom."""
    if not hs:
        return vs
    top, bottom = min(ln.pos for ln in hs), max(ln.pos for ln in hs)
    near = 3 * tol

    def island(ln: _Line) -> bool:
        if ln.start <= top + near or ln.end >= bottom - near or ln.end - ln.start >= ISLAND * (bottom - top):
            return False
        return not any(
            abs(other.pos - ln.pos) <= 2 * tol and (other.end < ln.start or other.start > ln.end) for other in vs
        )

    return [ln for ln in vs if not island(ln)]


def _open_ends(hs: list[_Line], vs: list[_Line], tol: float) -> list[_Line]:
    """Rules closing a grid whose vertical rules run on past its last (or first) horizontal one: a
    row split across a page break is drawn open at the page's foot (and head) by some producers."""
    if not hs or len(vs) < 3:
        return []
    left, right = min(ln.pos for ln in vs), max(ln.pos for ln in vs)
    out = []
    for edge, side in ((max(ln.pos for ln in hs), 1), (min(ln.pos for ln in hs), -1)):
        ends = sorted((ln.end if side > 0 else -ln.start) for ln in vs)
        reach = ends[-3] * side  # at least three verticals run this far
        if (reach - edge) * side > 2 * tol:
            out.append(_Line(reach, left, right))
    return out


def _build(
    page: Page,
    hs: list[_Line],
    vs: list[_Line],
    xs: list[float],
    ys: list[float],
    settings: TableSettings,
    method: Method,
) -> Table | None:
    roots = _regions(hs, vs, xs, ys, settings.snap)
    region_words = _region_words(page, xs, ys, roots)
    if sum(len(ws) for ws in region_words.values()) == 0:
        return None
    region_box = _region_boxes(xs, ys, roots)
    rows: list[TableRow] = []
    for r in range(len(ys) - 1):
        cells = _grid_row(page, r, xs, ys, roots, region_words, region_box)
        merged = any(roots[(r, c)] != (r, c) for c in range(len(xs) - 1))
        if any(not cell.empty for cell in cells) or merged:
            rows.append(TableRow(len(rows), tuple(cells)))
    lone = len(rows) == 1 and _at_top(page, ys)
    rows = rows if lone else _drop_empty_columns(rows)  # a lone row's empty cells are its columns
    if len(rows) < settings.min_rows and not lone:
        return None
    bbox = BBox(xs[0], ys[0], xs[-1], ys[-1])
    caption, caption_line = caption_above(page, bbox)
    return Table(0, method, tuple(rows), (page.number,), caption, caption_line, bbox, 0 if lone else None)


def _at_top(page: Page, ys: list[float]) -> bool:
    """A grid of one row high on a page may be the last row of the previous page's table, which
    Word breaks across the page: kept as a lone row for stitching to take or drop."""
    return ys[0] < LONE_ROW_TOP * page.height


def _regions(
    hs: list[_Line], vs: list[_Line], xs: list[float], ys: list[float], tol: float
) -> dict[_Key, _Key]:
    """Each grid cell's merged region (its first cell): neighbours join where no rule divides them."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

    def find(key: _Key) -> _Key:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a: _Key, b: _Key) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            first, second = sorted((ra, rb))
            parent[second] = first

    for r in range(n_rows):
        for c in range(n_cols - 1):
            if not _covered(vs, xs[c + 1], ys[r], ys[r + 1], tol):
                union((r, c), (r, c + 1))
    for c in range(n_cols):
        for r in range(n_rows - 1):
            if not _covered(hs, ys[r + 1], xs[c], xs[c + 1], tol):
                union((r, c), (r + 1, c))
    return {key: find(key) for key in parent}


def _region_words(
    page: Page, xs: list[float], ys: list[float], roots: dict[_Key, _Key]
) -> dict[_Key, list[Word]]:
    """The words inside the grid, grouped by the merged region their centre falls in."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    region_words: dict[_Key, list[Word]] = {}
    for w in page.words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
            continue
        c = max(i for i in range(n_cols) if xs[i] <= cx)
        r = max(i for i in range(n_rows) if ys[i] <= cy)
        region_words.setdefault(roots[(r, c)], []).append(w)
    return region_words


def _region_boxes(xs: list[float], ys: list[float], roots: dict[_Key, _Key]) -> dict[_Key, BBox]:
    """Each merged region's box, the union of its grid cells."""
    region_box: dict[_Key, BBox] = {}
    for r in range(len(ys) - 1):
        for c in range(len(xs) - 1):
            box = BBox(xs[c], ys[r], xs[c + 1], ys[r + 1])
            root = roots[(r, c)]
            region_box[root] = region_box[root].union(box) if root in region_box else box
    return region_box


def _grid_row(
    page: Page,
    r: int,
    xs: list[float],
    ys: list[float],
    roots: dict[_Key, _Key],
    region_words: dict[_Key, list[Word]],
    region_box: dict[_Key, BBox],
) -> list[Cell]:
    """One grid row's cells; a merged region's text and box go to its first cell only."""
    cells = []
    for c in range(len(xs) - 1):
        root = roots[(r, c)]
        first = root == (r, c)
        words = region_words.get(root, []) if first else []
        conf = sum(w.conf for w in words) / len(words) if words and page.source == "ocr" else None
        cells.append(
            Cell(
                text=_cell_text(words),
                row=r,
                col=c,
                page=page.number,
                line=min(w.line for w in words) if words else None,
                bbox=region_box[root] if first else BBox(xs[c], ys[r], xs[c + 1], ys[r + 1]),
                conf=conf,
            )
        )
    return cells


def _drop_empty_columns(rows: list[TableRow]) -> list[TableRow]:
    if not rows:
        return rows
    width = max(len(r.cells) for r in rows)
    keep = [c for c in range(width) if any(c < len(r.cells) and not r.cells[c].empty for r in rows)]
    out = []
    for r in rows:
        cells = tuple(
            Cell(cell.text, r.index, new_c, cell.page, cell.line, cell.bbox, cell.conf)
            for new_c, cell in enumerate(r.cells[c] for c in keep if c < len(r.cells))
        )
        out.append(replace(r, cells=cells))
    return out


def caption_above(page: Page, bbox: BBox, max_gap: float = 40.0) -> tuple[str | None, int | None]:
    """The one or two text lines just above a table, which usually name it and its year."""
    lines: dict[int, list[Word]] = {}
    for w in page.words:
        if w.bottom <= bbox.top + 1 and bbox.top - w.bottom <= max_gap:
            lines.setdefault(w.line, []).append(w)
    if not lines:
        return None, None
    ordered = sorted(lines.items(), key=lambda kv: min(w.top for w in kv[1]))[-2:]
    texts = [" ".join(w.text for w in sorted(ws, key=lambda w: w.x0)) for _, ws in ordered]
    for i, text in enumerate(texts):
        if _CAPTION_START.match(text):  # drop prose above an explicit "Tabel 3.1 ..." caption
            return " ".join(texts[i:]), ordered[i][0]
    return " ".join(texts), ordered[0][0]


_CAPTION_START = re.compile(r"^\s*(tabel|table|lampiran|gambar)\b", re.I)


class RuledFinder:
    name = "ruled"

    def find(self, page: Page, settings: TableSettings, taken: tuple[Table, ...]) -> tuple[Table, ...]:
        method = Method.OCR_RULED if page.source == "ocr" else Method.PDF_RULED
        return grid_tables(page, settings, method)


@register("ruled")
def _factory() -> RuledFinder:
    return RuledFinder()
