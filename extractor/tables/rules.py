"""Ruling lines from what a page paints, whatever the producer used to draw them.

Producers draw table borders three ways: stroked lines (reportlab, LibreOffice), thin filled
rectangles (Microsoft Word, Excel), or the edges of filled cell backgrounds (shading). This module
turns all three into ``Segment`` rules for the grid finder:

- a stroked path's axis-aligned edges are rules;
- a filled rectangle at most ``THIN`` points thick is one rule along its centre line (a border);
- a thicker filled rectangle is shading. Its edges count only where they agree with the rules
  drawn around it: a vertical edge where a vertical rule runs at the same x (the shading carries
  a column border through a header the border skips), a horizontal edge where a horizontal rule
  runs at the same y, or where the box sits between two such column borders (a shaded row of a
  grid). A box joined to the grid carries it on (a two-row shaded header over column rules that
  start below it). Shading alone never invents a column: a shaded header over a borderless body gives no
  grid, and the white-space finder reads the table.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extractor.models import BBox, Segment

MIN_RULE = 4.0  # shorter strokes are glyph parts or ticks, not table rules
THIN = 6.0  # a filled box this thin (or thinner) is a border; Word's borders run 0.25-6 pt
TOL = 2.0  # a shading edge this close to a rule is on it (the grid finder's default snap)
MAX_CARRY = 6  # shaded rows carried up (or down) from the column rules: deeper headers are rare


Box = BBox  # a filled, unstroked axis-aligned rectangle in page points (top-left origin)


def box_rule(box: Box) -> Segment | None:
    """The border a thin filled box draws, along its centre line; None for shading or a speck."""
    if max(box.width, box.height) < MIN_RULE or min(box.width, box.height) > THIN:
        return None
    if box.width >= box.height:
        y = (box.top + box.bottom) / 2
        return Segment(box.x0, y, box.x1, y)
    x = (box.x0 + box.x1) / 2
    return Segment(x, box.top, x, box.bottom)


def page_rules(strokes: Iterable[Segment], boxes: Iterable[Box], tol: float = TOL) -> tuple[Segment, ...]:
    """All rules of a page: stroked edges, thin boxes as lines, and the grid-consistent shading edges."""
    rules = [s for s in strokes if max(abs(s.x1 - s.x0), abs(s.bottom - s.top)) >= MIN_RULE]
    shading: list[Box] = []
    for box in boxes:
        rule = box_rule(box)
        if rule is not None:
            rules.append(rule)
        elif min(box.width, box.height) > THIN:
            shading.append(box)
    return tuple(rules) + shading_rules(shading, rules, tol)


@dataclass(frozen=True)
class _Index:
    """Rules of one orientation sorted by position, for 'is there a rule at p over [a, b]?'."""

    positions: tuple[float, ...]
    spans: tuple[tuple[float, float], ...]

    @staticmethod
    def of(rules: Iterable[Segment], horizontal: bool) -> _Index:
        items = sorted(
            ((s.top + s.bottom) / 2, (min(s.x0, s.x1), max(s.x0, s.x1)))
            if horizontal
            else ((s.x0 + s.x1) / 2, (min(s.top, s.bottom), max(s.top, s.bottom)))
            for s in rules
            if s.horizontal == horizontal
        )
        return _Index(tuple(p for p, _ in items), tuple(span for _, span in items))

    def has(self, pos: float, start: float, end: float, tol: float) -> bool:
        return self.at(pos, start, end, tol) is not None

    def at(self, pos: float, start: float, end: float, tol: float) -> float | None:
        """The position of a rule within ``tol`` of ``pos`` that overlaps [start, end], if any."""
        lo, hi = bisect_left(self.positions, pos - tol), bisect_right(self.positions, pos + tol)
        hits = [p for p, (a, b) in zip(self.positions[lo:hi], self.spans[lo:hi], strict=True) if a <= end + tol and b >= start - tol]
        return min(hits, key=lambda p: abs(p - pos)) if hits else None


def shading_rules(shading: Sequence[Box], rules: Sequence[Segment], tol: float = TOL) -> tuple[Segment, ...]:
    """The edges of shading boxes that lie on the grid the ``rules`` draw (see the module doc).

    A box with an edge on a column rule joins the grid, so the rows of a shaded two-row header
    over column rules that start under it are carried up one at a time."""
    if not rules:
        return ()
    grid, out, pending = list(rules), [], list(shading)
    for _ in range(MAX_CARRY):
        vertical, horizontal = _Index.of(grid, False), _Index.of(grid, True)
        carried: list[Segment] = []
        rest: list[Box] = []
        for box in pending:
            edges = _box_edges(box, vertical, horizontal, tol)
            if any(not s.horizontal for s in edges):
                carried += edges
            else:
                rest.append(box)
        if not carried:
            break
        out += carried
        grid += carried
        pending = rest
    return tuple(out) + tuple(s for box in pending for s in _box_edges(box, vertical, horizontal, tol))


def _box_edges(box: Box, vertical: _Index, horizontal: _Index, tol: float) -> list[Segment]:
    # an edge joins the grid at the rule it meets, so edges carried up a shaded header never drift
    left = vertical.at(box.x0, box.top, box.bottom, tol)
    right = vertical.at(box.x1, box.top, box.bottom, tol)
    out = [Segment(x, box.top, x, box.bottom) for x in (left, right) if x is not None]
    for y in (box.top, box.bottom):
        if (left is not None and right is not None) or horizontal.has(y, box.x0, box.x1, tol):
            out.append(Segment(box.x0, y, box.x1, y))
    return out
