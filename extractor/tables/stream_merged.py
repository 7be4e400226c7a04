"""A column whose cells span several rows of a borderless table: a sasaran printed once beside its
indicators, as a merged cell with no rules to show where it ends.

Grouping lines into rows sees a merged cell's wrapped lines beside the indicator labels, so a
sasaran of three lines centred over three indicators gives each of them one line of it, and its
line breaks add row starts of their own. Such a column shows itself by text that runs on at line
spacing across a row boundary. Its text is then taken out, the rows are grouped from the other columns alone, the column is cut into
paragraphs at its own line spacing, and each paragraph goes to the rows it covers, with the rows
between two paragraphs shared out as the table's vertical alignment puts a merged cell's text: at
the top of its rows, in their middle or at their bottom. Each paragraph then sits in the first row
of its rows, as a ruled table gives a merged cell, and the rows below it take it as their context.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from extractor.models import Word
from extractor.tables.stream_rows import Line, RowGeometry, Rule, group_rows, line_top, row_alignment

PITCH_SLACK = 1.0  # points beyond a cell's line pitch that still continue one paragraph
LEADING_SHARE = 0.2  # the white space between wrapped lines, of a line's height, where none wraps


@dataclass(frozen=True)
class _Fragment:
    """The words of one body line inside the spanning column."""

    words: tuple[Word, ...]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


def regroup_merged_column(geo: RowGeometry, rows: list[list[Line]], rules: Sequence[Rule]) -> list[list[Line]]:
    """``rows`` again with a spanning column's paragraphs each in the first row of the rows it
    covers (see the module docstring); ``rows`` itself when no column spans rows."""
    if any(geo.band) or len(rows) < 2:
        return rows
    found = _spanning_column(geo, rows)
    if found is None:
        return rows
    column, pitch = found
    fragments = [_Fragment(tuple(cols[column])) for cols in geo.cols if column in cols]
    stripped = _without_column(geo, column)
    if stripped is None:
        return rows
    new_rows = group_rows(stripped, rules)
    lead = _text_rows(stripped, new_rows)
    body = new_rows[lead:]
    if len(new_rows) < 2 or not body or _values_alone(stripped, body):
        return rows
    tops = [min(w.top for line in row for w in line) for row in body]
    bottoms = [max(w.bottom for line in row for w in line) for row in body]
    paragraphs = _paragraphs(fragments, pitch)
    carried = _carried(paragraphs, tops[0])
    paragraphs = paragraphs[len(carried) :]
    spans = _covered_rows(paragraphs, tops, bottoms) if paragraphs else None
    if spans is None:
        return rows
    groups = _groups(spans, tops, bottoms, paragraphs, row_alignment(stripped, new_rows))
    out = [list(row) for row in body]
    for (first, _last), para in zip(groups, paragraphs, strict=True):
        out[first].append(_words_of(para))
    tail = [line for row in new_rows[:lead] for line in row] + [_words_of(para) for para in carried]
    return [tail, *out] if tail else out


def _text_rows(geo: RowGeometry, rows: list[list[Line]]) -> int:
    """How many rows come before the first that holds a value: the last lines of a row the
    previous page began (a label carried over the page break, under the repeated header)."""
    valued = {id(line) for line, values in zip(geo.lines, geo.value_cols, strict=True) if values}
    return next((k for k, row in enumerate(rows) if any(id(line) in valued for line in row)), len(rows))


def _values_alone(geo: RowGeometry, rows: list[list[Line]]) -> bool:
    """A row of the other columns holds values and no text: the column taken out was what held
    its lines together (values set at a row's top beside a label at its bottom, the merged
    cell's lines between them), so the rows are better read as grouped with it."""
    text = {id(line) for line, cols, values in zip(geo.lines, geo.cols, geo.value_cols, strict=True) if set(cols) - values}
    return any(not any(id(line) in text for line in row) for row in rows)


def _carried(paragraphs: list[list[_Fragment]], first_top: float) -> list[list[_Fragment]]:
    """The paragraphs that end above the first row of values: the last lines of a merged cell
    the previous page began (carried over the page break). They, and the other columns' lines
    above that row, are one row, as the stitcher joins it to the row it continues."""
    return list(itertools.takewhile(lambda para: para[-1].bottom <= first_top, paragraphs))


def _words_of(paragraph: list[_Fragment]) -> list[Word]:
    return [w for f in paragraph for w in f.words]


def _spanning_column(geo: RowGeometry, rows: list[list[Line]]) -> tuple[int, float] | None:
    """The text column left of the label column (the text column with the most words) whose text
    runs on at line spacing across a row boundary, with its line pitch, if any. A column that
    merely fills fewer rows (a sasaran printed on each group's first row) is left alone: its
    rows below take it as context anyway."""
    index = {id(line): i for i, line in enumerate(geo.lines)}
    cells = [[geo.cols[index[id(ln)]] for ln in row] for row in rows]
    filled: dict[int, int] = {}
    words: dict[int, int] = {}
    for row in cells:
        for c in {c for cl in row for c in cl}:
            filled[c] = filled.get(c, 0) + 1
            words[c] = words.get(c, 0) + sum(len(cl.get(c, ())) for cl in row)
    text_cols = sorted(c for c in filled if not any(c in v for v in geo.value_cols))
    if len(text_cols) < 2:
        return None
    label = max(text_cols, key=lambda c: (words[c], c))
    for c in text_cols:
        if c >= label:
            break
        pitch = _cell_pitch(cells, c)
        if pitch is None:
            pitch = _cell_pitch(cells, label)
        if pitch is None:  # no cell wraps: leading is about a fifth of the type size
            pitch = (1 + LEADING_SHARE) * statistics.median(max(w.bottom for w in ln) - line_top(ln) for ln in geo.lines)
        if _runs_across(cells, c, pitch):
            return c, pitch
    return None


def _fragments_by_row(cells: list[list[dict[int, list[Word]]]], c: int) -> list[list[list[Word]]]:
    return [[cl[c] for cl in row if c in cl] for row in cells]


def _cell_pitch(cells: list[list[dict[int, list[Word]]]], c: int) -> float | None:
    """Column ``c``'s own line pitch (top to top): the low end (lowest tenth) of the pitches of
    its lines inside one row. Rows grouped from every column may hold two of its cells one under
    the other (Word's cell margins are a point or two), so the typical step can be a row's, not a
    line's. Tops, not the white space between boxes: a text layer's word boxes end where the
    glyphs end below ('Serentak yang' reaches lower than 'aman dan'), so the space under a line
    varies with its letters while its top stays on the line."""
    steps = sorted(
        line_top(b) - line_top(a) for frags in _fragments_by_row(cells, c) for a, b in itertools.pairwise(frags)
    )
    return max(steps[len(steps) // 10], 0.0) if steps else None


def _runs_across(cells: list[list[dict[int, list[Word]]]], c: int, pitch: float) -> bool:
    """Column ``c``'s text continues at its line pitch from one row into the next."""
    for above, below in itertools.pairwise(_fragments_by_row(cells, c)):
        if above and below and line_top(below[0]) - line_top(above[-1]) <= pitch + PITCH_SLACK:
            return True
    return False


def _without_column(geo: RowGeometry, column: int) -> RowGeometry | None:
    """The geometry without the column's words (lines left empty dropped); None when nothing but
    the column is left."""
    lines: list[Line] = []
    cols: list[dict[int, list[Word]]] = []
    values: list[frozenset[int]] = []
    band: list[bool] = []
    for i, (line, cl) in enumerate(zip(geo.lines, geo.cols, strict=True)):
        if column not in cl:
            rest, rest_cols = line, cl
        else:
            own = {id(w) for w in cl[column]}
            rest = [w for w in line if id(w) not in own]
            rest_cols = {c: ws for c, ws in cl.items() if c != column}
        if not rest:
            continue
        lines.append(rest)
        cols.append(rest_cols)
        values.append(geo.value_cols[i] - {column})
        band.append(geo.band[i])
    if not lines:
        return None
    return RowGeometry(lines, cols, values, band, geo.ocr)


def _paragraphs(fragments: list[_Fragment], pitch: float) -> list[list[_Fragment]]:
    """The column's lines cut into paragraphs wherever a line starts further below the one
    above than the line pitch."""
    paragraphs: list[list[_Fragment]] = []
    for frag in fragments:
        if paragraphs and frag.top - paragraphs[-1][-1].top <= pitch + PITCH_SLACK:
            paragraphs[-1].append(frag)
        else:
            paragraphs.append([frag])
    return paragraphs


def _covered_rows(
    paragraphs: list[list[_Fragment]], tops: list[float], bottoms: list[float]
) -> list[tuple[int, int]] | None:
    """(first, last) row each paragraph's lines overlap; None when two paragraphs share a row."""
    spans: list[tuple[int, int]] = []
    for para in paragraphs:
        top, bottom = min(f.top for f in para), max(f.bottom for f in para)
        hit = [r for r in range(len(tops)) if tops[r] < bottom and bottoms[r] > top]
        if not hit:
            hit = [min(range(len(tops)), key=lambda r: abs((tops[r] + bottoms[r]) / 2 - (top + bottom) / 2))]
        if spans and hit[0] <= spans[-1][1]:
            return None
        spans.append((hit[0], hit[-1]))
    return spans


def _groups(
    spans: list[tuple[int, int]],
    tops: list[float],
    bottoms: list[float],
    paragraphs: list[list[_Fragment]],
    values: float | None,
) -> list[tuple[int, int]]:
    """The rows each paragraph heads, under the alignment (top, middle or bottom) that puts every
    paragraph where it sits: the one whose groups fit the paragraphs' positions best. Where two
    fit alike (a one-line sasaran on the middle one of three one-line rows), the alignment of the
    value lines decides, and without one the middle, as merged cells are most often set."""
    extents = [(min(f.top for f in p), max(f.bottom for f in p)) for p in paragraphs]
    best: tuple[float, list[tuple[int, int]]] | None = None
    for align in sorted((0.5, 0.0, 1.0), key=lambda a: abs(a - (0.5 if values is None else values))):
        groups = _groups_for(spans, tops, bottoms, extents, align)
        cost = _misfit(groups, tops, bottoms, extents, align)
        if best is None or cost < best[0]:
            best = (cost, groups)
    assert best is not None
    return best[1]


def _groups_for(
    spans: list[tuple[int, int]],
    tops: list[float],
    bottoms: list[float],
    extents: list[tuple[float, float]],
    align: float,
) -> list[tuple[int, int]]:
    """Each paragraph's rows: its own, and those between it and the next paragraph as ``align``
    puts them (top: all to the paragraph above, bottom: all to the one below, middle: where the
    paragraph above sits nearest the middle of its rows)."""
    n = len(tops)
    groups: list[tuple[int, int]] = []
    start = spans[0][0] if align == 0.0 else 0
    for k, (first, last) in enumerate(spans):
        end = spans[k + 1][0] - 1 if k + 1 < len(spans) else n - 1
        if k + 1 < len(spans) and align == 1.0:
            end = last
        elif k + 1 < len(spans) and align == 0.5:
            centre = sum(extents[k]) / 2
            end = min(range(last, end + 1), key=lambda e: abs((tops[start] + bottoms[e]) / 2 - centre))
        groups.append((min(start, first), end))
        start = end + 1
    return groups


def _misfit(
    groups: list[tuple[int, int]],
    tops: list[float],
    bottoms: list[float],
    extents: list[tuple[float, float]],
    align: float,
) -> float:
    """How far the paragraphs sit from where ``align`` would print them in their rows; rows left
    without a paragraph above the first count a row height each."""
    cost = sum(bottoms[r] - tops[r] for r in range(groups[0][0]))
    for (first, last), (top, bottom) in zip(groups, extents, strict=True):
        room_top, room_bottom = tops[first], bottoms[last]
        if align == 0.0:
            cost += abs(top - room_top)
        elif align == 1.0:
            cost += abs(room_bottom - bottom)
        else:
            cost += abs((top + bottom) / 2 - (room_top + room_bottom) / 2)
    return cost
