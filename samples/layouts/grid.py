"""A table as both renderers draw it: cells with spans, column widths, header rows.

The reportlab and the python-docx paths draw the very same ``Grid``, so a difference in accuracy
between them comes from the renderer (LibreOffice's line breaking, rules, merged cells), never
from different content. Column widths are fitted here, with the widest of the fonts either path
may use, so figures never wrap inside their cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from samples.layouts.spec import PAPER_SIZES, LayoutSpec

CM = 28.3465
PAD = 3.0  # left and right cell padding, both paths
BUILTIN = {
    "serif": ("Times-Roman", "Times-Bold"),
    "sans": ("Helvetica", "Helvetica-Bold"),
    "mono": ("Courier", "Courier-Bold"),
}
# the installed faces the DOCX and HTML paths name (LibreOffice and Chromium render with them)
FACES = {
    ("serif", False): "Liberation Serif",
    ("sans", False): "Liberation Sans",
    ("mono", False): "Liberation Mono",
    ("serif", True): "DejaVu Serif",
    ("sans", True): "DejaVu Sans",
    ("mono", True): "DejaVu Sans Mono",
}
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU = {
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
}


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    align: str = "left"  # left | center | right
    bold: bool = False
    indent: float = 0.0  # points
    kind: str = "body"  # head | number | body | band | total


@dataclass(frozen=True)
class Column:
    key: str  # role of the column: no, sasaran, indicator, target, pagu, rp:pagu, ...
    path: tuple[str, ...]  # header labels, top level first
    align: str = "center"
    fit: str = "value"  # value (natural width) | text (short wrapping text) | label (shares the rest)
    weight: float = 1.0


@dataclass(frozen=True)
class Grid:
    kind: str  # performance | agreement | budget
    caption: str
    columns: tuple[Column, ...]
    widths: tuple[float, ...]
    font_size: float
    header_rows: int  # numbering row included
    nrows: int
    cells: tuple[Cell, ...]
    landscape: bool
    band_rows: tuple[int, ...] = ()
    total_rows: tuple[int, ...] = ()


def margins(spec: LayoutSpec) -> tuple[float, float, float, float]:
    """left, right, top, bottom in points."""
    left, right, top, bottom = (float(x) * CM for x in spec.margins.split("-"))
    return left, right, top, bottom


def page_size(spec: LayoutSpec, landscape: bool) -> tuple[float, float]:
    w, h = PAPER_SIZES[spec.paper]
    return (h, w) if landscape else (w, h)


def frame_width(spec: LayoutSpec, landscape: bool) -> float:
    left, right, _, _ = margins(spec)
    return page_size(spec, landscape)[0] - left - right


def header_cells(columns: Sequence[Column], number_row: bool) -> tuple[list[Cell], int]:
    """Header rows from the columns' label paths: equal prefixes merge across, a short path's
    last label reaches down to the bottom header row. Returns the cells and the row count."""
    n = len(columns)
    levels = max(len(c.path) for c in columns)
    cells: list[Cell] = []
    for level in range(levels):
        c = 0
        while c < n:
            path = columns[c].path
            if level >= len(path):
                c += 1
                continue
            leaf = level == len(path) - 1
            end = c
            while end + 1 < n:
                nxt = columns[end + 1].path
                if (
                    len(nxt) <= level
                    or nxt[: level + 1] != path[: level + 1]
                    or (len(nxt) - 1 == level) != leaf
                ):
                    break
                end += 1
            rowspan = levels - level if leaf else 1
            cells.append(Cell(level, c, path[level], rowspan, end - c + 1, "center", True, kind="head"))
            c = end + 1
    if not number_row:
        return cells, levels
    c, number = 0, 1
    while c < n:
        end = c
        while end + 1 < n and columns[end + 1].path == columns[c].path:
            end += 1
        cells.append(Cell(levels, c, f"({number})", 1, end - c + 1, "center", kind="number"))
        number, c = number + 1, end + 1
    return cells, levels + 1


@cache
def _dejavu(family: str, bold: bool) -> str | None:
    """Register the DejaVu face with reportlab for measuring; None when it is not installed."""
    path = DEJAVU_DIR / DEJAVU[family][int(bold)]
    if not path.exists():
        return None
    name = f"Measure-{path.stem}"
    pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


def measure(text: str, family: str, bold: bool, size: float) -> float:
    """Width of ``text`` in the widest face either path may print it in."""
    width = pdfmetrics.stringWidth(text, BUILTIN[family][int(bold)], size)
    dejavu = _dejavu(family, bold)
    other = pdfmetrics.stringWidth(text, dejavu, size) if dejavu else width * 1.12
    return max(width, other)


def _longest_word(text: str, family: str, bold: bool, size: float) -> float:
    return max((measure(w, family, bold, size) for w in text.split()), default=0.0)


MIN_LABEL = {"indicator": 95.0, "sasaran": 65.0, "name": 110.0}


def fit_widths(
    columns: Sequence[Column], cells: Sequence[Cell], family: str, size: float, avail: float
) -> tuple[tuple[float, ...], float]:
    """Column widths filling ``avail``: figures at their natural width, label columns sharing what
    is left. Shrinks the font (down to 6.5 pt) until the labels keep a readable width."""
    widths: list[float] = []
    while True:
        widths = [_natural_width(c, col, cells, family, size) for c, col in enumerate(columns)]
        labels = [c for c, col in enumerate(columns) if col.fit == "label"]
        minimum = sum(MIN_LABEL.get(columns[c].key, 80.0) * size / 9 for c in labels)
        left = avail - sum(w for c, w in enumerate(widths) if c not in labels)
        if left >= minimum or size <= 6.5:
            break
        size -= 0.5
    weights = sum(columns[c].weight for c in labels) or 1.0
    for c in labels:
        widths[c] = max(left, minimum) * columns[c].weight / weights
    if not labels and sum(widths) < avail * 0.6:
        widths = [w * avail * 0.6 / sum(widths) for w in widths]
    return tuple(round(w, 1) for w in widths), size


def _natural_width(c: int, col: Column, cells: Sequence[Cell], family: str, size: float) -> float:
    """Column ``c``'s width with padding: its widest header word, and its body text as ``col.fit`` asks."""
    own = [cell for cell in cells if cell.col == c and cell.colspan == 1 and cell.kind != "band"]
    body = [cell for cell in own if cell.kind not in ("head", "number")]
    head = [cell for cell in own if cell.kind in ("head", "number")]
    head_w = max((_longest_word(h.text, family, True, size) for h in head), default=0.0)
    return max(_body_width(col, body, family, size), head_w) + 2 * PAD + 2.0


def _body_width(col: Column, body: Sequence[Cell], family: str, size: float) -> float:
    """Body text width: values whole, text wrapped at about 70 pt (never inside a word), labels 0."""
    if col.fit == "value":
        return max((measure(b.text, family, b.bold, size) + b.indent for b in body), default=0.0)
    if col.fit == "text":
        longest = max((measure(b.text, family, b.bold, size) for b in body), default=0.0)
        word = max((_longest_word(b.text, family, b.bold, size) for b in body), default=0.0)
        return max(word, min(longest, 70.0 * size / 9))
    return 0.0
