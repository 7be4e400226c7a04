"""Borderless tables, their columns: white-space gutters between the lines of values, gutters that
only cut a phrase dropped, header labels that split a blurred column, words assigned to columns."""

from __future__ import annotations

import itertools
import re
import statistics
from typing import NamedTuple

from extractor.models import Word
from extractor.tables.base import TableSettings
from extractor.tables.stream_lines import UNIT_MARK, has_digit, header_hits, is_value, word_spacing
from extractor.values import is_currency_mark


def gutters(lines: list[list[Word]], settings: TableSettings, ocr: bool = False) -> list[float]:
    """Column separators: x-ranges that (almost) no line of the block crosses. On OCR pages a
    token of dashes or dots alone (a speck, a rule fragment read as '—') crosses nothing: a text
    layer's '-' is an empty cell's mark and stays."""
    x_min = min(w.x0 for ln in lines for w in ln)
    x_max = max(w.x1 for ln in lines for w in ln)
    width = int(x_max - x_min) + 2
    counts = [0] * width
    for ln in lines:
        covered = [False] * width
        for w in ln:
            if ocr and _DASHES.match(w.text):
                continue
            for x in range(int(w.x0 - x_min), min(int(w.x1 - x_min) + 1, width)):
                covered[x] = True
        for x, flag in enumerate(covered):
            counts[x] += flag
    limit = int(0.06 * len(lines))  # a few spanning section rows may cross a gutter
    return [x_min + m for m in _runs(counts, limit, settings.min_gutter)]


def _runs(counts: list[int], limit: int, min_width: float) -> list[float]:
    """Middles of the inner runs of positions crossed by at most ``limit`` lines. A run that
    reaches the right edge holds a sparse last column (a Keterangan filled in two rows): its
    gutter is the blank stretch before that column's first ink. One that starts at the left edge
    may likewise hold a sparse first column (a number on each group's first line only)."""
    width = len(counts)
    middles = []
    run_start = None
    for x, count in enumerate([*counts, limit + 1]):
        if count <= limit:
            if run_start is None:
                run_start = x
            continue
        if run_start == 0 and x < width:
            middles.extend(_sparse_first_column(counts, x, min_width))
        elif run_start is not None and x - run_start >= min_width and run_start > 0:
            if x < width:
                middles.extend(_clear_channels(counts, run_start, x, min_width) or [(run_start + x) / 2])
            else:
                ink = next((i for i in range(run_start, width) if counts[i]), None)
                if ink is not None and ink - run_start >= min_width:
                    middles.append((run_start + ink) / 2)
                if ink is not None:
                    last = max(i for i in range(ink, width) if counts[i])
                    middles.extend(_clear_channels(counts, ink, last + 1, min_width))
        run_start = None
    return middles


def _sparse_first_column(counts: list[int], end: int, min_width: float) -> list[float]:
    """The gutter after a first column few lines use, inside the run the tolerance let through."""
    ink = [i for i in range(end) if counts[i]]
    if not ink or end - (ink[-1] + 1) < min_width:
        return []
    return [*_clear_channels(counts, ink[0], ink[-1] + 1, min_width), (ink[-1] + 1 + end) / 2]


def _clear_channels(counts: list[int], start: int, end: int, min_width: float) -> list[float]:
    """Middles of the stretches no line crosses inside a run a few lines cross: where a page holds
    few rows of values among many wrapped label lines, the tolerance lets whole value columns
    through, and only the clear channels between them are gutters."""
    peak = max(counts[start:end])
    if not peak:
        return []
    channels: list[tuple[int, int]] = []
    run = None
    for x in range(start, end + 1):
        if x < end and counts[x] == 0:
            run = x if run is None else run
            continue
        if run is not None and x - run >= min_width:
            # one stray line between two channels (a wrapped label) leaves them one gutter; where
            # one line is all that crosses the run (a page's only row of values), what it holds
            # between two channels is a cell, not a stray
            if channels and peak >= 2 and max(counts[channels[-1][1] : run]) < 2:
                channels[-1] = (channels[-1][0], x)
            else:
                channels.append((run, x))
        run = None
    return [(a + b) / 2 for a, b in channels]


def header_splits(
    head: list[list[Word]], body: list[list[Word]], seps: list[float], settings: TableSettings
) -> list[float]:
    """Gutters the header shows where the body blurs them: two header labels side by side in one
    column ('Sasaran' | 'IKU') head two columns whose text OCR jitter, skew or stray dashes run
    together. The gutter goes where the fewest body lines cross between the two labels, if few
    do and both sides hold text of their own in many lines."""
    labels = _without_parents(
        [p for line in head for p in split_phrases(line) if any(sum(ch.isalpha() for ch in w.text) >= 2 for w in p)]
    )
    out = list(seps)
    bounds = [float("-inf"), *seps, float("inf")]
    for lo, hi in itertools.pairwise(bounds):
        inside = sorted((p for p in labels if lo < _middle_of(p) < hi), key=lambda p: p[0].x0)
        for left, right in itertools.pairwise(inside):
            a, b = max(w.x1 for w in left), min(w.x0 for w in right)
            if b - a >= settings.min_gutter:
                x = _least_crossed(body, a, b)
                if x is not None and _both_sides_filled(body, lo, x, hi):
                    out.append(x)
    return sorted(set(out))


def _without_parents(labels: list[list[Word]]) -> list[list[Word]]:
    """The header labels less each one over a label on a lower line: a spanning parent ('Kinerja
    Tahun 2024' over 'Realisasi') falls between its children in x order and hides the gutter
    between the first two ('Target' | 'Realisasi'); a wrapped label's first line ('Target 2029'
    over '(Renstra)') leaves its column to the line below."""

    def over(parent: list[Word], child: list[Word]) -> bool:
        below = max(w.bottom for w in parent) <= min(w.top for w in child) + 1.0
        return below and parent[0].x0 <= _middle_of(child) <= parent[-1].x1

    return [p for p in labels if not any(c is not p and over(p, c) for c in labels)]


def drop_headless_slivers(head: list[list[Word]], body: list[list[Word]], seps: list[float]) -> list[float]:
    """Without the gutter that cuts a header word, a column no header word stands in and almost no
    body line has ink in: on a scan, two stray label lines running into a centred value column
    leave two channels beside its figures, and the sliver between them is no column ('Target'
    printed across it is the next column's header). A sparse column a header names stays."""
    words = [w for line in head for w in line]
    out = list(seps)
    for lo, hi in itertools.pairwise([float("-inf"), *seps, float("inf")]):
        named = any(lo < (w.x0 + w.x1) / 2 < hi for w in words)
        inked = sum(1 for line in body if any(lo < (w.x0 + w.x1) / 2 < hi for w in line))
        if named or inked > max(SLIVER_LINES, 0.1 * len(body)):
            continue
        cutting = [s for s in (lo, hi) if s in out and any(w.x0 < s < w.x1 for w in words)]
        if len(cutting) == 1:
            out.remove(cutting[0])
        elif len(cutting) == 2 and any(w.x0 < lo and hi < w.x1 and _leaf(w, words) for w in words):
            out.remove(lo)  # both cut one column's own label ('2023' under 'Realisasi'): neither
            out.remove(hi)  # is a boundary, the sliver lies inside that column
    return out


def _leaf(word: Word, words: list[Word]) -> bool:
    """A header word with no header word under it: a column's own label, which no boundary
    crosses (a parent's, 'Realisasi' over '2023 | 2024', spans several columns)."""
    return not any(w.top >= word.bottom and w.x0 < word.x1 and word.x0 < w.x1 for w in words)


SLIVER_LINES = 2  # body lines with ink in a headless sliver column: stray ends of labels


def empty_columns_beyond(
    head: list[list[Word]], body: list[list[Word]], seps: list[float], settings: TableSettings, ocr: bool = False
) -> list[float]:
    """A header label wholly right of every body line's text heads a column this page leaves
    empty (a Keterangan filled on a later page only, or whose '-' marks OCR did not read): a
    gutter goes before it, so the label heads a column of its own instead of joining the last
    column's header. On OCR the label must be a header word: a stray speck there names nothing."""
    if not head or not body:
        return seps
    right = max(w.x1 for ln in body for w in ln if not (ocr and _DASHES.match(w.text)))
    beyond = [
        w.x0
        for ln in head
        for w in ln
        if w.x0 > right + settings.min_gutter and _LETTERS3.search(w.text) and (not ocr or header_hits([w]))
    ]
    if not beyond:
        return seps
    return sorted({*seps, (right + min(beyond)) / 2})


_LETTERS3 = re.compile(r"[^\W\d_]{3}")


def split_phrases(line: list[Word], gap: float = 0.9) -> list[list[Word]]:
    """The line cut where words are further apart than ``gap`` line heights (normal spacing)."""
    height = statistics.median(w.bottom - w.top for w in line) or 8.0
    out: list[list[Word]] = []
    for w in sorted(line, key=lambda w: w.x0):
        if out and w.x0 - out[-1][-1].x1 < gap * height:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _middle_of(words: list[Word]) -> float:
    return (min(w.x0 for w in words) + max(w.x1 for w in words)) / 2


def _least_crossed(body: list[list[Word]], a: float, b: float) -> float | None:
    """The middle of the widest least crossed stretch of [a, b] (dashes OCR made of rules aside),
    if at most a sixth of the body lines cross it."""
    words = [w for line in body for w in line if not _DASHES.match(w.text)]
    steps = [a + (b - a) * k / 20 for k in range(21)]
    counts = [sum(1 for w in words if w.x0 < x < w.x1) for x in steps]
    least = min(counts)
    if least > len(body) / 6:
        return None
    # the widest stretch of the least crossed: two apart (either side of a centred column's
    # figures) have that column between them, not a gutter
    runs = [list(g) for key, g in itertools.groupby(zip(steps, counts, strict=True), key=lambda sc: sc[1] == least) if key]
    best = max(runs, key=len)
    return (best[0][0] + best[-1][0]) / 2


_DASHES = re.compile(r"^[-–—_=~.,:;'\"`]+$")


def _both_sides_filled(body: list[list[Word]], lo: float, x: float, hi: float) -> bool:
    left = sum(1 for line in body if any(lo <= _middle(w) < x for w in line))
    right = sum(1 for line in body if any(x <= _middle(w) < hi for w in line))
    return min(left, right) >= 0.2 * len(body)


def drop_split_phrases(seps: list[float], lines: list[list[Word]]) -> list[float]:
    """Drop a gutter that only cuts phrases: centred values of varying width leave white space
    inside one column, and the few wider cells ('3 Laporan') cross it at normal word spacing. A
    real column boundary has a column on each side with text of its own in lines no phrase
    crosses it, or is touched that closely in most rows alike (but not by phrases in each)."""
    keep = list(seps)
    spacing = word_spacing(lines)
    for s in seps:
        t = _tally(lines, s, _neighbours(keep, s), spacing)
        # a boundary every row touches at word spacing ('1.234.000 Rp') is a column edge
        few = t.crossing <= max(1, len(lines) // 4) or t.phrases == t.crossing
        if t.crossing and few and (t.own_left == 0 or t.own_right == 0):
            keep.remove(s)
    return keep


class _Tally(NamedTuple):
    crossing: int  # lines with text on both sides at word spacing
    phrases: int  # of those, the ones that read as one phrase across the boundary
    own_left: int  # lines with text on one side only, or on both sides well apart
    own_right: int


def _tally(lines: list[list[Word]], s: float, bounds: tuple[float, float], spacing: float) -> _Tally:
    """How the lines meet the boundary ``s`` between its neighbours ``bounds``. A crossing reads
    as a phrase where word meets word (a monospaced label column's first words alike,
    'Persentase' in every row), or a figure meets a word while the lines with text on one side
    only hold values there (a count and its unit, '14 Dokumen', in a column of values)."""
    lo, hi = bounds
    crossing, words, counts, own_left, own_right, text_alone = 0, 0, 0, 0, 0, False
    for line in lines:
        left = [w for w in line if lo <= _middle(w) < s]
        right = [w for w in line if s <= _middle(w) < hi]
        if left and right:
            a, b = max(left, key=lambda w: w.x1), min(right, key=lambda w: w.x0)
            close = b.x0 - a.x1 < max(0.6 * max(a.bottom - a.top, 1.0), 1.15 * spacing)
            if close and not _sign_leads(a, b):
                crossing += 1
                words += _WORD.match(a.text) is not None and _WORD.match(b.text) is not None
                counts += is_value(a.text) and has_digit(a.text) and _WORD.match(b.text) is not None
                continue
        elif left or right:
            text_alone |= not all(is_value(w.text) or UNIT_MARK.match(w.text) for w in left or right)
        own_left += bool(left)
        own_right += bool(right)
    phrases = words + (0 if text_alone else counts)
    return _Tally(crossing, phrases, own_left, own_right)


_WORD = re.compile(r"^[^\W\d_]{2,}[,.;:]?$")


def _sign_leads(a: Word, b: Word) -> bool:
    """A figure then a currency sign ('124.134.000 Rp'): the sign leads the next column's amount,
    whatever the space between; a cell's phrase never reads so (a unit word follows its figure)."""
    return is_value(a.text) and has_digit(a.text) and is_currency_mark(b.text)


def _neighbours(seps: list[float], s: float) -> tuple[float, float]:
    """The separators left and right of ``s`` (infinite at the table's edges)."""
    lower = [x for x in seps if x < s]
    higher = [x for x in seps if x > s]
    return (max(lower) if lower else float("-inf"), min(higher) if higher else float("inf"))


def assign(line: list[Word], seps: list[float]) -> dict[int, list[Word]]:
    cols: dict[int, list[Word]] = {}
    for w in line:
        cx = (w.x0 + w.x1) / 2
        col = sum(1 for s in seps if s < cx)
        cols.setdefault(col, []).append(w)
    return cols


def value_cell(words: list[Word]) -> bool:
    """A line's words in one column read as a value: figures, with a '%' or 'Rp' printed apart."""
    return any(has_digit(w.text) for w in words) and all(
        (is_value(w.text) and has_digit(w.text)) or UNIT_MARK.match(w.text) for w in words
    )


def _middle(word: Word) -> float:
    return (word.x0 + word.x1) / 2
