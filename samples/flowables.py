"""Custom reportlab flowables for the sample reports: the cover emblem and the split forcer."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table


class Emblem(Flowable):
    """A plain vector emblem for the cover (real covers carry the KPU logo)."""

    def __init__(self, size: float = 110) -> None:
        super().__init__()
        self.size = size

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self._aw = aW
        return aW, self.size

    def draw(self) -> None:
        c = self.canv
        cx, cy, r = self._aw / 2, self.size / 2, self.size / 2 - 4
        c.setLineWidth(2.5)
        c.circle(cx, cy, r)
        c.setLineWidth(1)
        c.circle(cx, cy, r - 7)
        points = []
        for i in range(10):
            radius = (r - 14) if i % 2 == 0 else (r - 14) * 0.42
            angle = math.pi / 2 + i * math.pi / 5
            points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
        path = c.beginPath()
        path.moveTo(*points[0])
        for p in points[1:]:
            path.lineTo(*p)
        path.close()
        c.setFillColor(colors.Color(0.35, 0.35, 0.35))
        c.drawPath(path, stroke=1, fill=1)
        c.setFillColor(colors.black)


class KeepRoomForSplit(Flowable):
    """Leaves only part of a page for a table that would otherwise fit whole.

    Real capaian tables run across a page break with their header repeated; this spacer makes the
    table start low enough on its page that reportlab must split it, wherever the text before ends.
    """

    def __init__(
        self, following: Sequence[Flowable], table: Table, first_chunk_rows: int, frame_height: float
    ) -> None:
        super().__init__()
        self._frame_height = frame_height
        self._following = list(following)
        self._table = table
        self._first_chunk_rows = first_chunk_rows
        self._height = 0.0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        total = self._table.wrap(aW, 1e6)[1]
        heights = list(self._table._rowHeights)
        first_chunk = sum(heights[: self._first_chunk_rows]) + 6
        following = sum(f.wrap(aW, aH)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in self._following)
        avail = aH - following
        if total <= first_chunk or following + total > self._frame_height:
            self._height = 0.0  # cannot split, or too long to fit any page: it splits by itself
        elif avail < total:
            self._height = 0.0 if avail >= first_chunk else aH + 1  # splits here, or start afresh
        else:
            desired = min(max(first_chunk, total * 0.5), total - 6)
            self._height = max(0.0, avail - desired)
        return aW, self._height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        return None
