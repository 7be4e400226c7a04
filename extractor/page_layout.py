"""Column geometry for the cheap page triage: is this page's text laid out in table rows?

A table row is a line of three or more separate text blocks (columns) of which at least two read
as values ("95", "100", "91,5", "1.234.000", "97%"); prose is one block per line however it is
justified, and a numbered list has one number. A page with a few such rows is a table page
whatever its numbers look like, and a page whose rows fall in the columns of the previous table
page continues that table (the last rows of a table, carried over without a repeated header).

The pieces are PDFium's text rectangles (one per run of text, fetched without per-character
calls) or OCR words; a block's text is asked for only where a line has three or more blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from extractor.tables.base import group_by_middle, merge_spans
from extractor.vocabulary import RUPIAH

BLOCK_GAP = 0.9  # pieces of a line closer than this many line heights are one block
MIN_BLOCKS = 3  # blocks a table row has at least
MIN_VALUES = 2  # of which this many read as values
_VALUE = re.compile(rf"^[(\[]?[<>≤≥±+-]?(?:{RUPIAH})?\d[\d.,]*\)?(?:%|persen)?[)\]]?$", re.I)
_LIST_MARK = re.compile(r"^\(?\d{1,3}[.)]$")  # "1." or "(2)": a list or row number, not a value


class Piece(NamedTuple):
    """A run of text and its box (points, top-left origin); ``text`` None until asked for. (A
    named tuple: triage makes one per text run of every page.)"""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str | None = None


@dataclass(frozen=True)
class Block:
    x0: float
    x1: float
    text: str

    @property
    def value(self) -> bool:
        compact = self.text.replace(" ", "")
        return bool(_VALUE.match(compact)) and not _LIST_MARK.match(compact)


@dataclass(frozen=True)
class Row:
    """A line of three or more blocks with at least two values: a table row."""

    top: float
    bottom: float
    blocks: tuple[Block, ...]


Columns = tuple[tuple[float, float], ...]
TextOf = Callable[[float, float, float, float], str]


def table_rows(pieces: Iterable[Piece], text_of: TextOf | None = None) -> tuple[Row, ...]:
    """The lines that read as table rows. ``text_of(x0, top, x1, bottom)`` supplies the text of
    a block whose pieces came without it; only lines of ``MIN_BLOCKS`` blocks ask."""
    rows = []
    for line, spans in _block_lines(pieces):
        blocks = tuple(Block(x0, x1, _text(members, text_of)) for x0, x1, members in spans)
        if sum(b.value for b in blocks) >= MIN_VALUES:
            rows.append(Row(min(p.top for p in line), max(p.bottom for p in line), blocks))
    return tuple(rows)


def block_columns(pieces: Iterable[Piece]) -> Columns:
    """``columns_of`` every line of ``MIN_BLOCKS`` blocks, values or not: the columns of a page
    already known to hold a table, without asking for any text."""
    return _merge(sorted((x0, x1) for _, spans in _block_lines(pieces) for x0, x1, _ in spans))


def _block_lines(
    pieces: Iterable[Piece],
) -> Iterator[tuple[list[Piece], list[tuple[float, float, list[Piece]]]]]:
    for line in group_by_middle(list(pieces), lambda p: (p.top, p.bottom)):
        if len(line) >= MIN_BLOCKS:
            spans = _blocks(line)
            if len(spans) >= MIN_BLOCKS:
                yield line, spans


def _blocks(line: Sequence[Piece]) -> list[tuple[float, float, list[Piece]]]:
    ordered = sorted(line, key=lambda p: p.x0)
    height = sorted(p.bottom - p.top for p in ordered)[len(ordered) // 2]
    out: list[tuple[float, float, list[Piece]]] = []
    for p in ordered:
        if out and p.x0 - out[-1][1] < BLOCK_GAP * height:
            x0, x1, members = out[-1]
            out[-1] = (x0, max(x1, p.x1), [*members, p])
        else:
            out.append((p.x0, p.x1, [p]))
    return out


def _text(members: Sequence[Piece], text_of: TextOf | None) -> str:
    if all(p.text is not None for p in members) or text_of is None:
        return " ".join(p.text or "" for p in members).strip()
    return text_of(
        min(p.x0 for p in members),
        min(p.top for p in members),
        max(p.x1 for p in members),
        max(p.bottom for p in members),
    ).strip()


def columns_of(rows: Iterable[Row]) -> Columns:
    """The x-spans the rows' blocks occupy, overlapping blocks merged: the table's columns."""
    return _merge(sorted((b.x0, b.x1) for r in rows for b in r.blocks))


def _merge(spans: Sequence[tuple[float, float]]) -> Columns:
    return tuple(merge_spans(spans))


def continues(row: Row, columns: Columns) -> bool:
    """Whether the row's blocks fall one to a column in ``MIN_BLOCKS`` or more of ``columns``."""
    hit = {i for b in row.blocks for i, (x0, x1) in enumerate(columns) if b.x0 < x1 and x0 < b.x1}
    inside = sum(any(b.x0 < x1 and x0 < b.x1 for x0, x1 in columns) for b in row.blocks)
    return len(hit) >= MIN_BLOCKS and inside == len(row.blocks)
