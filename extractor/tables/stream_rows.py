"""Rows of a borderless table from geometry: where one row ends and the next begins.

A row is the union of its cells' wrapped lines, whatever their vertical alignment. Values printed
in the middle (or at the bottom) of a row whose label wraps over several lines sit on a line in the
middle of the row, so "a value column filled again" only says that a new row starts somewhere
between two value lines. Where exactly is read from the text itself: a ruling line, a gap wider
than the line spacing, a label paragraph that ends (its last line stops short of the column's
right edge although the next line's first word would have fitted), a label line that starts with
a capital letter. When nothing tells, the alignment the rest of the table shows decides.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from extractor.models import Word
from extractor.vocabulary import band_number

Line = list[Word]


@dataclass(frozen=True)
class Rule:
    """A horizontal ruling line: its height and the stretch of the page it is drawn across."""

    y: float
    x0: float
    x1: float

    def spans(self, word: Word) -> bool:
        """The rule is drawn across the word's middle."""
        return self.x0 <= (word.x0 + word.x1) / 2 <= self.x1


def ruled_between(above: Sequence[Word], below: Sequence[Word], rule: Rule) -> bool:
    """The rule runs under ``above`` and over ``below``, judged by the words of each line it is
    drawn across: a rule that stops at a merged cell's edge ('Sasaran' spanning several rows)
    has that cell's wrapped text beside it, which may reach past it, not above or below it."""
    a = [w for w in above if rule.spans(w)] or above
    b = [w for w in below if rule.spans(w)] or below
    return max(w.bottom for w in a) - 1 <= rule.y <= min(w.top for w in b) + 1


def _first_below(lines: Sequence[Line], rule: Rule) -> int | None:
    """The first line a rule starts a row at: it runs under one line and over the next of those
    with words where it is drawn, and the row starts at the first line between whose top is
    below it. Lines with no words under the rule (a merged 'Sasaran' cell it stops at, its
    paragraph wrapped to its own pitch) neither part the rows nor keep them together."""
    drawn = [i for i, ln in enumerate(lines) if any(rule.spans(w) for w in ln)]
    for j, k in itertools.pairwise(drawn):
        if ruled_between(lines[j], lines[k], rule):
            return next((m for m in range(j + 1, k) if line_top(lines[m]) >= rule.y - 1), k)
    return None


@dataclass(frozen=True)
class RowGeometry:
    """The body lines of a table with what row grouping needs to know about each."""

    lines: Sequence[Line]
    cols: Sequence[dict[int, list[Word]]]  # words of each line by column
    value_cols: Sequence[frozenset[int]]  # columns in which a line holds only values
    band: Sequence[bool]  # a line drawn across the table (a "Sasaran ..." band row)
    ocr: bool = False  # words from OCR: line boxes vary with the glyphs each line holds


def group_rows(geo: RowGeometry, rules: Sequence[Rule]) -> list[list[Line]]:
    """Body lines grouped into rows (see the module docstring)."""
    n = len(geo.lines)
    if n == 0:
        return []
    gaps, tight = _spacing(geo)
    cuts = [True] + [False] * (n - 1)
    ruled = {i for rule in rules if (i := _first_below(geo.lines, rule)) is not None}
    # a rule under every row or so: the rules part the rows, a wide gap inside one does not (a
    # label's last line far above its values, the merged Sasaran's lines between them left out)
    by_rules = len(ruled) >= max(2, sum(1 for v in geo.value_cols if v) // 2)
    for i in range(1, n):
        wide = gaps[i - 1] > _row_gap(tight) and not by_rules
        if geo.band[i] != geo.band[i - 1] or i in ruled or wide:
            cuts[i] = True
    right_edges = _column_right_edges(geo)
    level = _level_lines(geo, gaps)
    # the rows the text tells apart clearly first; the alignment they show then settles the ties
    ties: list[list[int]] = []
    for a, b in _refills(geo, cuts):
        scores = [_cut_score(geo, j, gaps, tight, right_edges) if j not in level else -1.0 for j in range(a + 1, b + 1)]
        best = max(scores)
        tied = [a + 1 + k for k, sc in enumerate(scores) if sc == best]
        if best > 0 and len(tied) == 1:
            cuts[tied[0]] = True
        elif best > 0:
            ties.append(tied)
    align = _alignment(geo, cuts)
    for tied in ties:
        cuts[_by_alignment(tied[0] - 1, tied[-1], align, tied)] = True
    # what is still open is settled by the alignment the resolved rows show
    align = _alignment(geo, cuts)
    for a, b in _refills(geo, cuts):
        options = [j for j in range(a + 1, b + 1) if j not in level]
        cuts[_by_alignment(a, b, align, options)] = True
    if not by_rules:  # a label carried over the page break ends at a rule of its own
        _cut_carried_lines(geo, cuts, gaps, tight)
    return _split(geo.lines, cuts)


def _level_lines(geo: RowGeometry, gaps: Sequence[float]) -> set[int]:
    """Lines set level with the line above, overlapping it by half a line or more with text in a
    column it has text in too: one printed line OCR split in two (a skewed scan, a cell's text
    read out of line). No row starts there. (A group's number centred between two rows overlaps
    the rows' lines in a column of its own.)"""
    height = statistics.median(_bottom(ln) - line_top(ln) for ln in geo.lines)
    return {
        j
        for j in range(1, len(geo.lines))
        if gaps[j - 1] < -0.5 * height and geo.cols[j].keys() & geo.cols[j - 1].keys()
    }


def _cut_carried_lines(geo: RowGeometry, cuts: list[bool], gaps: Sequence[float], tight: float) -> None:
    """Text lines above the first row's share of them end a row the previous page began (a label
    carried over the page break, under the repeated header): where the other rows print their
    values on their first line, every line above the first line of values; where they centre
    them, the lines above it beyond as many as the row has below it (or one fewer), if a gap wider
    than a cell's line spacing parts them; where they set them at the bottom, the lines above the
    widest such gap above the first values. They become a row of their own."""
    first = next((i for i, values in enumerate(geo.value_cols) if values), None)
    if not first or any(cuts[1 : first + 1]) or any(geo.band[:first]):
        return
    text_cols = {c for k in range(first, len(geo.lines)) for c in geo.cols[k] if c not in geo.value_cols[k]}
    if any(c not in text_cols for j in range(first) for c in geo.cols[j]):
        return  # text in a column of values alone (a No column): a band's last line, not a label's
    later = [True] + [False] * first + list(cuts[first + 1 :])  # the rows after the first
    positions = _positions(geo, later)[1:]
    if not positions:
        return
    if max(positions) == 0.0:
        cuts[first] = True
        return
    parting = _parting_gap(cuts, gaps, tight, first)
    if statistics.median(positions) > 0.75:
        # at the bottom: the widest gap above the first values, if as wide as rows are apart
        widest = max(range(1, first + 1), key=lambda k: gaps[k - 1])
        if gaps[widest - 1] > parting:
            cuts[widest] = True
        return
    end = next((k for k in range(first + 1, len(cuts)) if cuts[k]), len(cuts)) - 1
    # a centred row has as many lines above its values as below, or one fewer (an even count)
    starts = [k for k in (first - (end - first), first - (end - first) + 1) if 0 < k <= first]
    if 0.25 <= statistics.median(positions) <= 0.75 and starts:
        carried = max(starts, key=lambda k: gaps[k - 1])
        if gaps[carried - 1] > parting:
            cuts[carried] = True


def _parting_gap(cuts: Sequence[bool], gaps: Sequence[float], tight: float, first: int) -> float:
    """A gap that parts two rows: wider than a cell's line spacing, and on a scan (whose glyph
    boxes leave a line without descenders further from the next) nearer the gaps the table's
    later rows start after than that spacing."""
    apart = [gaps[k - 1] for k in range(first + 1, len(cuts)) if cuts[k]]
    if not apart:
        return tight + 1.0
    return max(tight + 1.0, (tight + statistics.median(apart)) / 2)


def row_alignment(geo: RowGeometry, rows: Sequence[Sequence[Line]]) -> float | None:
    """Where value lines sit in the rows of ``group_rows``' result: 0 top, 0.5 middle, 1 bottom;
    None when no row is tall enough to tell."""
    starts = {id(row[0]) for row in rows if row}
    cuts = [id(line) in starts for line in geo.lines]
    if not any(end - start >= 2 for start, end in _spans(cuts)):
        return None
    return _alignment(geo, cuts)


def _spacing(geo: RowGeometry) -> tuple[list[float], float]:
    """The gap above each line (from the second on) and the table's line spacing within a cell."""
    height = statistics.median(_bottom(ln) - line_top(ln) for ln in geo.lines)
    gaps = [_gap(prev, cur, height, geo.ocr) for prev, cur in itertools.pairwise(geo.lines)]
    column_gaps = _column_gaps(geo, height)
    tight = _tightest(column_gaps, geo.ocr) if column_gaps else _tight(gaps)
    if geo.ocr:  # OCR lines of neighbouring cells centred apart leave gaps of a few points in a row
        tight = max(tight, 0.25 * height)
    return gaps, tight


def _row_gap(tight: float) -> float:
    """A gap wider than this between two lines is the space between two rows."""
    return tight * 1.6 + 1.5


def unsandwiched_bands(geo: RowGeometry) -> list[bool]:
    """Band flags without the lines set as tight as a cell's wrapped lines against non-band lines
    above and below. Two narrow columns' words in a monospaced font ('Professional kerangka
    regulasi'; on a text layer 'Teknis Penye | Pengelolaan Desain' a space apart) can look like
    one phrase drawn across the gutter, i.e. a band row; a real
    band row is a row of its own, spaced from the rows around it. A phrase that runs on into
    the columns of values is no two text cells side by side, however tight a Word table with no
    cell padding sets it: it stays a band."""
    band = list(geo.band)
    n = len(band)
    if n < 3:
        return band
    gaps, tight = _spacing(geo)
    valued = _main_value_columns(geo)
    i = 1
    while i < n - 1:
        if not band[i] or band[i - 1]:
            i += 1
            continue
        j = i
        while j + 1 < n and band[j + 1]:
            j += 1
        into_values = any(c in valued for k in range(i, j + 1) for c in geo.cols[k])
        if j + 1 < n and not into_values and gaps[i - 1] <= _row_gap(tight) and gaps[j] <= _row_gap(tight):
            band[i : j + 1] = [False] * (j + 1 - i)
        i = j + 1
    return band


def _main_value_columns(geo: RowGeometry) -> frozenset[int]:
    """The columns that hold a value on at least half the lines that hold any."""
    held = [v for v in geo.value_cols if v]
    return frozenset(c for c in frozenset().union(*held) if 2 * sum(c in v for v in held) >= len(held)) if held else frozenset()


def _gap(above: Line, below: Line, height: float, ocr: bool) -> float:
    """The white space between two lines. Born-digital glyph boxes are tight, so a line without
    descenders over one without ascenders looks further apart than its neighbours: the distance
    of the tops less the usual line height measures the spacing itself. OCR boxes are less
    regular at the top than at the bottom; there the plain box gap serves."""
    if ocr:
        return line_top(below) - _bottom(above)
    return line_top(below) - line_top(above) - height


def line_top(line: Sequence[Word]) -> float:
    return min(w.top for w in line)


def _bottom(line: Line) -> float:
    return max(w.bottom for w in line)


def _tight(gaps: Sequence[float]) -> float:
    """The spacing of lines inside one cell: the lower quartile of the gaps, never negative."""
    if not gaps:
        return 0.0
    ordered = sorted(gaps)
    return max(ordered[len(ordered) // 4], 0.0)


def _column_gaps(geo: RowGeometry, height: float) -> list[float]:
    """The gaps between consecutive lines of each column. Cells centred in rows of different
    heights put their lines half a line apart, so whole lines overlap (negative gaps) though every
    cell keeps its own line spacing, which is what tells a wrapped line from a new row."""
    gaps: list[float] = []
    last: dict[int, list[Word]] = {}
    for cols in geo.cols:
        for c, words in cols.items():
            if c in last:
                gaps.append(_gap(last[c], words, height, geo.ocr))
            last[c] = words
    return gaps


def _tightest(gaps: Sequence[float], ocr: bool = False) -> float:
    """The line spacing inside a cell from the gaps of its columns: glyph boxes only ever widen
    a gap (a line without descenders over one without ascenders), so the low end is the spacing
    itself; the lowest tenth, not the minimum, in case of a superscript. On a scan the lowest gap
    that is a gap at all: a table whose cells rarely wrap has fewer wrapped lines than a tenth of
    its gaps, and its row spacing is no cell's line spacing; lines OCR read overlapping (a speck
    split off a line) are no spacing either."""
    ordered = sorted(gaps)
    spaced = [g for g in ordered if g >= 0.0]
    if ocr and spaced:
        return spaced[0]
    return max(ordered[len(ordered) // 10], 0.0)


def _refills(geo: RowGeometry, cuts: Sequence[bool]) -> list[tuple[int, int]]:
    """(a, b) pairs of value lines with no cut between them although b fills a value column
    that a already filled: a row must start somewhere in (a, b]."""
    out = []
    filled: dict[int, int] = {}  # column -> the line that filled it since the last cut
    for i, cols in enumerate(geo.value_cols):
        if cuts[i]:
            filled = {}
        clash = [filled[c] for c in cols if c in filled]
        if clash:
            out.append((max(clash), i))
            filled = {}
        for c in cols:
            filled[c] = i
    return out


def _column_right_edges(geo: RowGeometry) -> dict[int, float]:
    """How far the text of each column reaches: the right edge a wrapped line fills up to."""
    edges: dict[int, float] = {}
    for cols, values, band in zip(geo.cols, geo.value_cols, geo.band, strict=True):
        if band:
            continue  # a band row runs across the columns, to no column's edge
        for c, ws in cols.items():
            if c not in values:
                edges[c] = max(edges.get(c, 0.0), max(w.x1 for w in ws))
    return edges


def _cut_score(geo: RowGeometry, j: int, gaps: Sequence[float], tight: float, edges: dict[int, float]) -> float:
    """How strongly the text says a row starts at line j."""
    prev, cur = geo.cols[j - 1], geo.cols[j]
    score = 0.0
    gap = _gap_in_columns(geo, j, gaps)
    if gap > tight + 1.0:
        score += min(1.0, (gap - tight) / max(tight, 2.0))
    capital = 0.0  # once a line: title-cased labels start wrapped lines with capitals in each column
    for c, words in cur.items():
        if c in geo.value_cols[j] or c not in prev or c in geo.value_cols[j - 1]:
            continue
        first = min(words, key=lambda w: w.x0)
        above = prev[c]
        space = max(1.0, 0.3 * (first.bottom - first.top))
        # OCR boxes are tight around the glyphs, narrower than the text's set width: a word that
        # fits by less than half a line's height may not have fitted on the page
        slack = max(1.0, 0.5 * (first.bottom - first.top)) if geo.ocr else 1.0
        if max(w.x1 for w in above) + space + (first.x1 - first.x0) < edges.get(c, 0.0) - slack:
            score += 2.0  # the paragraph above ended early: a new cell starts here
        if first.text[:1].isupper() and not max(above, key=lambda w: w.x1).text.endswith("-"):
            capital = 0.5
    return score + capital


def _gap_in_columns(geo: RowGeometry, j: int, gaps: Sequence[float]) -> float:
    """The gap above line j; where the line above holds values alone and none of line j's
    columns (a group's number centred between two labels' lines), from the nearest line above
    holding one of its text columns: that line's cell is what line j's text continues or ends."""
    text = {c for c in geo.cols[j] if c not in geo.value_cols[j]}
    above = geo.cols[j - 1]
    if not text or any(c in above for c in geo.cols[j]) or any(c not in geo.value_cols[j - 1] for c in above):
        return gaps[j - 1]
    for k in range(j - 2, -1, -1):
        if text & geo.cols[k].keys():
            return gaps[j - 1] + line_top(geo.lines[j - 1]) - line_top(geo.lines[k])
    return gaps[j - 1]


def _alignment(geo: RowGeometry, cuts: Sequence[bool]) -> float:
    """Where value lines sit in the rows settled so far: 0 top, 0.5 middle, 1 bottom."""
    positions = _positions(geo, cuts)
    return statistics.median(positions) if positions else 0.0


def _positions(geo: RowGeometry, cuts: Sequence[bool]) -> list[float]:
    """Where the one value line sits in each row of three lines or more: 0 top, 1 bottom."""
    positions = []
    for start, end in _spans(cuts):
        if end - start < 2:
            continue
        values = [i for i in range(start, end + 1) if geo.value_cols[i]]
        if len(values) == 1:
            positions.append((values[0] - start) / (end - start))
    return positions


def _by_alignment(a: int, b: int, align: float, among: Sequence[int] | None = None) -> int:
    """The cut in (a, b] (or among the given candidates) that puts value lines where the table's
    other rows have them: with values at the top of their rows the latest, at the bottom the
    earliest, in the middle the middle one."""
    options = list(among) if among else list(range(a + 1, b + 1))
    if align <= 0.25:
        return options[-1]
    if align >= 0.75:
        return options[0]
    return options[(len(options) - 1) // 2]


def _spans(cuts: Sequence[bool]) -> list[tuple[int, int]]:
    starts = [i for i, c in enumerate(cuts) if c]
    return [(s, (starts[k + 1] - 1) if k + 1 < len(starts) else len(cuts) - 1) for k, s in enumerate(starts)]


def _split(lines: Sequence[Line], cuts: Sequence[bool]) -> list[list[Line]]:
    rows: list[list[Line]] = []
    for line, cut in zip(lines, cuts, strict=True):
        if cut or not rows:
            rows.append([])
        rows[-1].append(line)
    return rows


def is_band_line(
    line: Line, seps: Sequence[float], is_value: Callable[[str], bool], exact: bool = False, spacing: float = 0.0
) -> bool:
    """A line of running text drawn across column gutters, with no value: a band row
    ("Sasaran Strategis 1: ...", "Program ...") that gives context to the rows under it. With
    ``exact`` (text-layer) geometry a short band that only spills into a gutter is one too."""
    if len(line) < 3 or not one_phrase(line, spacing):
        return False
    # the band's own number ('Sasaran Strategis 2', its colon lost to OCR) is no value
    if any(is_value(w.text) and not band_number(a.text) for a, w in itertools.pairwise(line)):
        return False
    return crosses_at_word_spacing(line, seps) or (exact and overflows_column(line, seps))


def overflows_column(line: Line, seps: Sequence[float]) -> bool:
    """Whether the line ends in a word that straddles a gutter's middle: a cell's text wraps
    inside its column, so a phrase that spills across the middle of the white channel towards
    the next column sits in a cell merged across them (a short band row, 'Terlaksananya
    Penetapan Hasil Pemilu'). Text on the far side of that gutter would make it two cells
    close together instead. Only for exact text-layer geometry; OCR boxes blur."""
    last = max(line, key=lambda w: w.x1)
    return any(last.x0 + 1.0 < s < last.x1 - 1.0 for s in seps)


def crosses_at_word_spacing(line: Line, seps: Sequence[float]) -> bool:
    """Whether the line runs across a gutter with the spacing it has between its own words: two
    cells side by side on one line ('Guna Meningkatkan' | 'Perkantoran') are closer than the
    gutter elsewhere but still further apart than the words inside either cell."""
    ordered = sorted(line, key=lambda w: w.x0)
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(ordered)]
    crossing = [
        i for i, (a, b) in enumerate(itertools.pairwise(ordered)) if any(_mid(a) < s < _mid(b) for s in seps)
    ]
    if not crossing:
        return False
    inner = [g for i, g in enumerate(gaps) if i not in crossing]
    if not inner:
        return True
    height = statistics.median(w.bottom - w.top for w in line) or 8.0
    limit = max(_SPACING_SPREAD * statistics.median(inner), 0.45 * height)
    return all(gaps[i] <= limit for i in crossing)


_SPACING_SPREAD = 1.8  # a justified or OCR'd line's word gaps vary; a gutter's is wider still


def _mid(word: Word) -> float:
    return (word.x0 + word.x1) / 2


def one_phrase(line: Line, spacing: float = 0.0) -> bool:
    """A line of words at normal spacing: one cell's text (a label's first line, a parent header,
    a band row), not a row of cells. ``spacing`` is the table's own word spacing where known: a
    monospaced font's space is 0.6 em, wider than an OCR box of a word without ascenders is tall."""
    height = statistics.median(w.bottom - w.top for w in line) or 8.0
    limit = max(0.9 * height, _SPACING_SPREAD * spacing)
    ordered = sorted(line, key=lambda w: w.x0)
    return all(b.x0 - a.x1 < limit for a, b in itertools.pairwise(ordered))
