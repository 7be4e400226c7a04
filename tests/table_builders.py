"""Small tables for unit tests: a text dump's grid (no boxes) and a ruled grid with boxes."""

from __future__ import annotations

from extractor.models import BBox, Cell, Method, Table, TableRow


def text_table(rows: list[list[str]], *, index: int = 0, first_line: int = 1, caption: str | None = None) -> Table:
    """A tab-separated text dump's table: one cell per string, line numbers, no boxes."""
    return Table(
        index,
        Method.TEXT_TSV,
        tuple(
            TableRow(r, tuple(Cell(t, r, c, None, first_line + r, None) for c, t in enumerate(texts)))
            for r, texts in enumerate(rows)
        ),
        caption=caption,
    )


def ruled_grid(rows: list[list[tuple[str, int, int]]], width: float = 50.0) -> Table:
    """A ruled table from (text, first column, last column) cells, columns ``width`` points wide."""
    out = []
    for r, cells in enumerate(rows):
        out.append(
            tuple(
                Cell(t, r, a, 1, None, BBox(50 + a * width, 12 * r, 50 + (b + 1) * width, 12 * r + 10))
                for t, a, b in cells
            )
        )
    return Table(0, Method.PDF_RULED, tuple(TableRow(i, c) for i, c in enumerate(out)), (1,))
