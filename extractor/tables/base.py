"""What every table finder shares: settings, the finder Protocol and its registry, and the
geometry of words in printed lines. The finders import this module, never the package, so the
package can import them to register them without an import cycle."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from extractor.header import header_role
from extractor.models import Page, Table, Word

T = TypeVar("T")

# The most printed lines a table header takes (three levels, a label wrapped over a line or two):
# more lines without values over a table, or stranded at a page foot, are text, not its header.
# a table's last row alone at the top of the next page starts above this share of its height
LONE_ROW_TOP = 0.3
MAX_HEADER_LINES = 6


@dataclass(frozen=True)
class TableSettings:
    """Geometry tolerances in PDF points; defaults suit 8-12 pt body text."""

    finders: tuple[str, ...] = ("ruled", "stream")
    snap: float = 2.0  # ruling lines closer than this are the same line
    min_gutter: float = 4.0  # narrowest white-space channel that separates two columns
    max_line_gap: float = 2.6  # a vertical gap over this many line heights ends a table block
    min_rows: int = 2

    def __post_init__(self) -> None:
        unknown = [f for f in self.finders if f not in FINDERS]
        if unknown:
            raise ValueError(f"unknown table finder(s) {unknown}; known: {sorted(FINDERS)}")
        if self.snap <= 0 or self.min_gutter <= 0 or self.max_line_gap <= 0:
            raise ValueError("table tolerances must be positive")


class TableFinder(Protocol):
    """Finds tables on one page; returns them with provisional indices (the pipeline renumbers)."""

    name: str

    def find(self, page: Page, settings: TableSettings, taken: tuple[Table, ...]) -> tuple[Table, ...]: ...


FINDERS: dict[str, Callable[[], TableFinder]] = {}


def register(name: str) -> Callable[[Callable[[], TableFinder]], Callable[[], TableFinder]]:
    def wrap(factory: Callable[[], TableFinder]) -> Callable[[], TableFinder]:
        FINDERS[name] = factory
        return factory

    return wrap


def _speck(word: Word) -> bool:
    """OCR debris in a table: border remnants ('|'), letters Tesseract itself barely believes, and
    short low-confidence letters, which would turn '90%' into 'INN 90%'. Digits are never dropped."""
    text = word.text.strip()
    if not text.strip("|!"):
        return True
    if any(ch.isdigit() for ch in text):
        return False
    if len(text) >= 5 and header_role(text) is not None:
        return False  # 'Target' at confidence 7 in a header line Tesseract found hard: a column's name
    return word.conf < 20 or (word.conf < 40 and len(text) <= 2)


def merge_spans(spans: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """x-ranges, overlapping ones merged, left to right."""
    out: list[tuple[float, float]] = []
    for x0, x1 in sorted(spans):
        if out and x0 <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], x1))
        else:
            out.append((x0, x1))
    return out


def group_by_middle(items: Sequence[T], span: Callable[[T], tuple[float, float]]) -> list[list[T]]:
    """Items grouped into printed lines: an item joins the line whose first item's (top, bottom)
    ``span`` holds its vertical middle."""
    lines: list[list[T]] = []
    spans: list[tuple[float, float]] = []
    for item in sorted(items, key=lambda x: sum(span(x)) / 2):
        top, bottom = span(item)
        middle = (top + bottom) / 2
        if spans and (spans[-1][0] <= middle <= spans[-1][1] or _on_line(lines[-1], middle, span)):
            lines[-1].append(item)
            continue
        lines.append([item])
        spans.append((top, bottom))
    return lines


def _on_line(line: Sequence[T], middle: float, span: Callable[[T], tuple[float, float]]) -> bool:
    """The middle lies within a quarter height of the line's median middle, or within its lower
    median top and bottom: the line's first item may sit off it (the top line of a two-line cell
    centred on a one-line row, a '%' centred higher in its header cell than 'Target' in its own)."""
    middles = sorted(sum(span(i)) / 2 for i in line)
    heights = sorted(span(i)[1] - span(i)[0] for i in line)
    if abs(middle - middles[len(middles) // 2]) <= heights[len(heights) // 2] / 4:
        return True
    low = (len(line) - 1) // 2  # the lower median: two items half a line apart span no third
    return sorted(span(i)[0] for i in line)[low] <= middle <= sorted(span(i)[1] for i in line)[low]


def visual_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into printed lines (``group_by_middle``), whatever line numbers the engine
    gave (automatic layout reads each column of a borderless table as its own block, so one row
    comes back as several one-number "lines")."""
    return group_by_middle(words, lambda w: (w.top, w.bottom))


def reading_order(words: Sequence[Word]) -> list[Word]:
    """A cell's words as read: ``visual_lines`` top to bottom, each left to right. Neither the
    engine's line numbers (Tesseract may split one printed line in two) nor raw tops (a scan's
    leftover skew puts '1' a point above 'Dokumen') order a cell's words reliably."""
    return [w for line in visual_lines(words) for w in sorted(line, key=lambda x: x.x0)]
