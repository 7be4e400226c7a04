"""Borderless tables, where they are: blocks of lines, where a table starts and ends inside one
(header lines above, band rows and prose within), and a header stranded at a page foot."""

from __future__ import annotations

import itertools
import statistics

from extractor.models import Word
from extractor.tables.base import MAX_HEADER_LINES, TableSettings, merge_spans
from extractor.tables.stream_lines import (
    HEADER_NUMBER,
    furniture,
    has_digit,
    header_count,
    header_density,
    header_hits,
    is_header_line,
    is_prose,
    is_value,
    looks_like_heading,
    numbering_line,
    numeric_tokens,
    row_value,
    value_tokens,
    wide_run,
)
from extractor.tables.stream_rows import (
    one_phrase,
)
from extractor.vocabulary import YEAR_WORD, band_number


def line_blocks(lines: list[list[Word]], settings: TableSettings) -> list[list[list[Word]]]:
    """Split lines into runs without large vertical gaps."""
    if not lines:
        return []
    heights = [max(w.bottom for w in ln) - min(w.top for w in ln) for ln in lines]
    unit = statistics.median(heights) or 10.0
    blocks: list[list[list[Word]]] = [[lines[0]]]
    for prev, cur in itertools.pairwise(lines):
        gap = min(w.top for w in cur) - max(w.bottom for w in prev)
        if gap > settings.max_line_gap * unit:
            blocks.append([cur])
        else:
            blocks[-1].append(cur)
    return blocks


def table_spans(block: list[list[Word]], lone_top: float = float("-inf")) -> list[tuple[int, int, bool]]:
    """Where tables start inside a block (a header, or rows of values) and where prose ends them,
    and whether the table starts with a header.

    A line of running text between rows of values is a band row inside the table (up to two
    lines); short header lines over the first header line ("Tahun 2024" over Target | Realisasi)
    belong to the table."""
    width = max(w.x1 for ln in block for w in ln) - min(w.x0 for ln in block for w in ln)
    spans: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(block):
        header = is_header_line(block[i])
        # a row of verdicts opens a table too ('WTP | WTP | WTP | 100 %' atop a continued page)
        starts = header or numeric_tokens(block[i]) >= 2 or value_tokens(block[i]) >= 3
        # a header of narrow columns is set as tight as prose, but dense in header words
        if not starts or (is_prose(block[i], width) and not header) or looks_like_heading(block[i]):
            i += 1
            continue
        start = i
        end, j = _span_end(block, i, width)
        values = sum(1 for ln in block[start : end + 1] if numeric_tokens(ln) >= 1)
        lone = not spans and min(w.top for w in block[start]) < lone_top and numeric_tokens(block[start]) >= 3
        if (end > start or lone) and values >= 1 and (header or values >= 2 or lone):
            floor = spans[-1][1] if spans else -1
            start, headed = _span_start(block, start, floor, width, header)
            if not headed and not spans and min(w.top for w in block[0]) < lone_top:
                start = _band_on_top(block, start, end, width)
            spans.append((start, end, headed))
        i = max(j, end + 1)
    return spans


def _band_on_top(block: list[list[Word]], start: int, end: int, width: float) -> int:
    """A table continued at the top of a page without its header may open with a band row (the
    goal of the rows under it) above its first row, or with the last lines of a cell the previous
    page began (a label carried over the page break): the page's first lines, no figures among
    them, starting where the band rows inside the table start, or one paragraph starting where a
    cell's text starts in the table's rows."""
    if not 0 < start <= _BAND_LINES:
        return start
    top, table = block[:start], block[start : end + 1]
    return 0 if _like_its_bands(top, table, width) or _carried_cell(top, table, width) else start


def _carried_cell(lines: list[list[Word]], table: list[list[Word]], width: float) -> bool:
    """Lines without figures, set at one cell's line pitch, the first starting where the text of
    a cell starts in a row of values (not a band's start, nor a caption's)."""
    if any(_row_of_values(ln) or looks_like_heading(ln) or is_prose(ln, width) for ln in lines):
        return False
    if not all(_at_cell_pitch(a, b) for a, b in itertools.pairwise(lines)):
        return False
    starts = [min(w.x0 for w in ln if not row_value(w.text)) for ln in table if _row_of_values(ln) and not _all_values(ln)]
    first = min(w.x0 for w in lines[0])
    return any(abs(first - x) <= 1.5 for x in starts)


def _all_values(line: list[Word]) -> bool:
    return all(row_value(w.text) for w in line)


def _band_at_foot(block: list[list[Word]], i: int, j: int, width: float) -> bool:
    """The block's last lines after a table's last row are a band row the page break parted from
    the rows it heads: no figures among them, starting where the band rows inside the table do."""
    return 0 < len(block) - j <= _BAND_LINES and _like_its_bands(block[j:], block[i:j], width)


def _like_its_bands(lines: list[list[Word]], table: list[list[Word]], width: float) -> bool:
    """Lines without figures or a heading whose first starts where a band row of the table does."""
    if any(_row_of_values(ln) or looks_like_heading(ln) for ln in lines):
        return False
    bands = [min(w.x0 for w in ln) for ln in table if is_prose(ln, width) and not _row_of_values(ln)]
    first = min(w.x0 for w in lines[0])
    return any(abs(first - x) <= 1.5 for x in bands)


def _span_end(block: list[list[Word]], i: int, width: float) -> tuple[int, int]:
    """(last line, line after the run) of a table starting at line i: on to a caption or to prose
    that is no band row, the last row's wrapped text (short lines right below it) kept."""
    end = i
    j = i + 1
    while j < len(block) and not looks_like_heading(block[j]):
        if is_prose(block[j], width) and not _band_ahead(block, j, width):
            break
        if end > i and _prose_after(block[j], block[i : end + 1]):
            break
        if numeric_tokens(block[j]) >= 1:
            end = j
        j += 1
    while end + 1 < j and len(block[end + 1]) <= 12 and not _larger_type(block[end + 1], block[i : end + 1]):
        if _note_line(block[end + 1], block[i : end + 1]):
            return end, end + 1
        end += 1
    if end + 1 == j and _band_at_foot(block, i, j, width):
        return len(block) - 1, len(block)
    return end, j


def _prose_after(line: list[Word], table: list[list[Word]]) -> bool:
    """A line of words in a larger type than the table's: the report's paragraph after a table set
    in small type, though it quotes figures ('Dari 17 indikator kinerja, sebanyak 9 indikator')
    and starts indented, too short to read as prose by its spacing."""
    words = sum(1 for w in line if w.text[:1].isalpha())
    return 2 * words > len(line) and len(line) >= 3 and _larger_type(line, table)


def _note_line(line: list[Word], table: list[list[Word]]) -> bool:
    """A line under a table's last row, no figure in it, with two words or more under one column
    of figures and words under two such columns: a note's running text ('Sisa anggaran merupakan
    hasil efisiensi ...', its spacing too wide for prose), not the last row's wrapped text (a
    wrapped unit puts one word under a figure; a wrapped label none)."""
    if numeric_tokens(line):
        return False
    counts = [sum(1 for w in line if a <= (w.x0 + w.x1) / 2 <= b) for a, b in _figure_columns(table)]
    return max(counts, default=0) >= 2 and sum(1 for c in counts if c) >= 2


def _figure_columns(table: list[list[Word]]) -> list[tuple[float, float]]:
    """The x-extents of a table's columns of figures: its rows' figures, overlapping ones merged."""
    return merge_spans((w.x0, w.x1) for ln in table if numeric_tokens(ln) >= 2 for w in ln if row_value(w.text) and has_digit(w.text))


def _larger_type(line: list[Word], table: list[list[Word]]) -> bool:
    """The line is set in a larger type than the table: the report's prose after a table set in
    small type, not a cell's wrapped text. Its words stand taller than the table's tallest (OCR
    boxes are as tall as their glyphs: '(Gaji' is taller than '95%' in the same type)."""
    size = max(w.bottom - w.top for ln in table for w in ln)
    return statistics.median(w.bottom - w.top for w in line) > 1.15 * size


def _span_start(block: list[list[Word]], start: int, floor: int, width: float, header: bool) -> tuple[int, bool]:
    """Where a table that starts at line ``start`` really starts (parent header lines, a header
    over a numbering line, or a centred row's first label lines above it), and whether headed
    (the lines above are header lines, however few words each holds)."""
    numbered = _header_over_numbering(block, start, floor, width)
    if header:
        return _parent_lines_above(block, start, floor, width), True
    if numbered is not None:
        return numbered, True
    top = _label_lines_above(block, start, floor, width)
    # a header OCR broke into lines of a word or two each (a three-level header, its cells of
    # wrapped words): no line of it dense enough to open a table, all of it header words but
    # maybe a damaged last word ('« apaian'); or such a header repeated over the last lines of a
    # label the previous page began (three header lines at least, then the label's)
    head = header_count(block[top : start + 1])
    if start - top >= 3 and (head >= start - top - 1 or head >= 3):
        return top, True
    over_band = _header_over_band(block, top, floor, width)
    return (top, False) if over_band is None else (over_band, True)


def _header_over_band(block: list[list[Word]], start: int, floor: int, width: float) -> int | None:
    """Where a header starts that stands over a band row opening the body (the first goal's
    'SS1. ...' between the header and the first row of values), its lines maybe broken by OCR
    into a word or two each; None when the lines above the band are no header. The band's last
    line may be a short end of its paragraph ('terintegrasi')."""
    band = start
    if band - 2 > floor and not numeric_tokens(block[band - 1]) and _ends_paragraph(block[band - 2], block[band - 1], width):
        band -= 1
    while band - 1 > floor and start - band < _BAND_LINES and is_prose(block[band - 1], width) and not numeric_tokens(block[band - 1]):
        band -= 1
    if band == start:
        return None
    top = _label_lines_above(block, band, floor, width)
    if top == band:  # a ruled header stands a cell's padding above the band, not at its pitch
        while top - 1 > floor and band - top < MAX_HEADER_LINES and _plain_header_line(block[top - 1], width):
            top -= 1
    head = band - top
    return top if head >= 1 and header_count(block[top : band + 1]) >= max(head - 1, 1) else None


def _plain_header_line(line: list[Word], width: float) -> bool:
    """A line that may belong to a header: no figure (years are none), no prose, no caption."""
    return not numeric_tokens(line) and not is_prose(line, width) and not looks_like_heading(line)


def _nearer_above(block: list[list[Word]], i: int) -> bool:
    """Line i sits closer to the line above it than to the line below it."""
    above = min(w.top for w in block[i]) - max(w.bottom for w in block[i - 1])
    below = min(w.top for w in block[i + 1]) - max(w.bottom for w in block[i])
    return above <= below


def _band_ahead(block: list[list[Word]], j: int, width: float) -> bool:
    """Prose at line j is a band row when it holds no figure and rows of values follow within a
    few lines (a paragraph after the table quotes figures, a band row names a goal). The band's
    own number ('Sasaran Strategis 15 ...', its colon lost to OCR) is no figure."""
    line = block[j]
    for prev, w in itertools.pairwise(line):
        numbered = band_number(prev.text)
        if is_value(w.text) and has_digit(w.text) and not HEADER_NUMBER.match(w.text) and not numbered:
            return False
    for k in range(j + 1, min(j + _BAND_REACH, len(block))):
        if looks_like_heading(block[k]):
            return False
        if _row_of_values(block[k]) and not is_prose(block[k], width):
            return sum(1 for m in range(j, k) if is_prose(block[m], width)) <= _BAND_LINES
    return False


def _row_of_values(line: list[Word]) -> bool:
    """Two cells of values at least, one of them no empty mark ('WTP | - | -': an opinion not
    yet given a realisation is still a row)."""
    return value_tokens(line) >= 2 or (value_tokens(line) >= 1 and sum(1 for w in line if row_value(w.text)) >= 2)


# A band row's goal wraps over up to four full lines, and the row under it may centre its values
# against a label of three or four lines: the values come that far below the band's first line.
_BAND_LINES = 4


_BAND_REACH = 9


def _parent_lines_above(block: list[list[Word]], start: int, floor: int, width: float) -> int:
    """Short header lines right above a table's first header line (spanning parents such as
    "Tahun 2024" or "Anggaran") are part of its header."""
    while start - 1 > floor and start - 1 >= 0:
        line = block[start - 1]
        text = " ".join(w.text for w in line).lower()
        if is_prose(line, width) or looks_like_heading(line) or len(line) > 6 or numeric_tokens(line) > 2:
            break
        named = header_hits(line) or YEAR_WORD.search(text) or header_density(line) >= 0.5
        if not (named or _stacked_on(line, block[start], block[start : start + MAX_HEADER_LINES])):
            break
        if start - 2 >= 0 and looks_like_heading(block[start - 2]) and _nearer_above(block, start - 1):
            break  # the second line of a caption ("Tabel 3.4 ..." / "Tahun 2024")
        start -= 1
    return start


def _stacked_on(line: list[Word], below: list[Word], header: list[list[Word]]) -> bool:
    """The line is the top of header cells taller than the rest, centred on them ('Target' over
    'Akhir' / 'Renstra' / '(2024)'; 'Rencana' over 'Target 2022'): set at the tight pitch of one
    cell's wrapped text, each word over a word of the header below it."""
    if not _at_cell_pitch(line, below):
        return False
    words = [w for ln in header for w in ln]
    return all(any(_overlap(w, b) >= 0.5 * min(w.x1 - w.x0, b.x1 - b.x0) for b in words) for w in line)


def _overlap(a: Word, b: Word) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def _header_over_numbering(block: list[list[Word]], start: int, floor: int, width: float) -> int | None:
    """Where the header starts when a '(1) (2) (3)' numbering line sits right above the first row:
    the lines over it without values, up to a caption, prose or the previous table (an OCR'd
    header too damaged to read as header words is still the header)."""
    if start - 1 <= floor or not numbering_line(block[start - 1]):
        return None
    top = start - 1
    while top - 1 > floor and top > start - 1 - MAX_HEADER_LINES:
        line = block[top - 1]
        values = any(is_value(w.text) and not HEADER_NUMBER.match(w.text) for w in line)
        if values or is_prose(line, width) or looks_like_heading(line):
            break
        top -= 1
    return top


def _label_lines_above(block: list[list[Word]], start: int, floor: int, width: float) -> int:
    """A table continued without a header starts with a row whose values are centred against its
    label: the label's first lines sit above the first line of values, at the tight pitch of one
    cell's wrapped text (a caption or paragraph above stands farther off)."""
    while start - 1 > floor:
        line = block[start - 1]
        if not _at_cell_pitch(line, block[start]) or numeric_tokens(line) or is_prose(line, width) or looks_like_heading(line):
            break
        if start - 2 > floor and _ends_paragraph(block[start - 2], line, width):
            break  # the last line of a band row's text wrapped above the rows, not a label's
        start -= 1
    return start


def _ends_paragraph(above: list[Word], line: list[Word], width: float) -> bool:
    """The line is the last of a paragraph of running text: right under a line of prose, at the
    tight pitch of its wrapped text, starting where it starts."""
    same_start = abs(min(w.x0 for w in line) - min(w.x0 for w in above)) <= 2.0
    return same_start and is_prose(above, width) and _at_cell_pitch(above, line)


def _at_cell_pitch(line: list[Word], below: list[Word]) -> bool:
    """The line sits right above ``below`` at the tight pitch of one cell's wrapped text."""
    height = statistics.median(w.bottom - w.top for w in line) or 8.0
    return min(w.top for w in below) - max(w.bottom for w in line) <= 0.6 * height


def stranded_header(blocks: list[list[list[Word]]]) -> tuple[list[list[Word]], list[list[Word]]]:
    """Header lines at the foot of the page's text with no row of values under them, only a page
    number or a footer: the first rows of a table the page break cut from its body; and the
    lines of a band row under them (the first goal, 'Sasaran Strategis 1: ...', before the break).
    Empty lists when there is none."""
    for b in range(len(blocks) - 1, -1, -1):
        block = blocks[b]
        if not any(is_header_line(ln) for ln in block):
            if any(not furniture(ln) for ln in block) or len(block) > 2:
                return [], []
            continue
        start = max(i for i, ln in enumerate(block) if is_header_line(ln))
        while start > 0 and header_density(block[start - 1]) >= 0.5 and not looks_like_heading(block[start - 1]):
            start -= 1
        tail = block[start:]
        width = max(w.x1 for ln in tail for w in ln) - min(w.x0 for ln in tail for w in ln)
        # a band row's goal names 'Sasaran', 'Program', 'Anggaran' as densely as a header line,
        # but runs as one phrase across the table
        head = []
        for ln in tail:
            if header_density(ln) < 0.5 or wide_run(ln, width):
                break
            head.append(ln)
        band = _band_under(tail[len(head) :], head)
        rest = tail[len(head) + len(band) :]
        if not head or len(head) > MAX_HEADER_LINES or len(rest) > 2 or not all(furniture(ln) for ln in rest):
            return [], []
        # a caption over a ruled table (its words claimed) is one phrase, not a row of headers
        return ([], []) if looks_like_heading(head[0]) or all(one_phrase(ln) for ln in head) else (head, band)
    return [], []


def _band_under(lines: list[list[Word]], head: list[list[Word]]) -> list[list[Word]]:
    """The lines of a band row right under a header: running text from the header's left edge
    on, wider than any one header cell, no value in it (its own number aside), and its wrapped
    lines starting where it starts."""
    if not lines or not head:
        return []
    left = min(w.x0 for ln in head for w in ln)
    width = max(w.x1 for ln in head for w in ln) - left
    first = lines[0]
    if value_tokens(first) or min(w.x0 for w in first) > left + 2.0 or max(w.x1 for w in first) - left < 0.5 * width:
        return []
    band = [first]
    for ln in lines[1 : _BAND_LINES]:
        if value_tokens(ln) or abs(min(w.x0 for w in ln) - min(w.x0 for w in first)) > 2.0 or not _at_cell_pitch(band[-1], ln):
            break
        band.append(ln)
    return band
