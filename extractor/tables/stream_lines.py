"""Borderless tables, line by line: what a printed line is (a header line, a row of values, prose,
a caption, a page number) before any column is known."""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence

from extractor.header import header_role
from extractor.models import Word
from extractor.tables.base import visual_lines
from extractor.tables.stream_rows import (
    one_phrase,
)
from extractor.vocabulary import (
    BRACKETED_UNIT,
    COLUMN_WORD_STARTS,
    HEADER_EXTRA,
    HEADER_MARKS,
    HEADER_WORDS,
    LINE_FILLER,
    RUPIAH,
    YEAR_TOKEN,
    clipped_year,
    year_off_by_a_digit,
    years_only,
)

_VALUE = re.compile(
    r"^(?:" + RUPIAH + r")?[\d.,]+(?:,-|\.-|-)?%?$|^\d+(?:[.,]\d+)?\s?%$|^(?:AA|A|BB|B|CC|C|D|WTP|WDP|TW|TMP)$|^-$"
)


def group_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Printed lines by position (``visual_lines``), not the source's line numbers: in a row whose
    cells are centred vertically, lines of neighbouring cells overlap and a text layer's line
    grouping chains them into one tall "line" spanning several printed ones."""
    lines = [sorted(ws, key=lambda w: w.x0) for ws in visual_lines(words)]
    return sorted(lines, key=lambda ws: min(w.top for w in ws))


def is_value(text: str) -> bool:
    return bool(_VALUE.match(text.strip()))


def header_hits(line: list[Word]) -> int:
    text = " ".join(w.text for w in line).lower()
    hits = sum(1 for word in HEADER_WORDS if word in text)
    hits += sum(1 for w in line if w.text.lower().strip(":") in HEADER_MARKS)
    return hits


def is_header_line(line: list[Word]) -> bool:
    """Header words dense in a short line; prose that mentions 'target dan realisasi' is not one."""
    hits = header_hits(line)
    if hits < 2 or numeric_tokens(line) >= 2:  # '75,00 % 70,00 %': its '%' signs are no header words
        return False
    height = statistics.median(w.bottom - w.top for w in line) or 8.0
    wide_gaps = sum(1 for a, b in itertools.pairwise(line) if b.x0 - a.x1 > 1.5 * height)
    return hits >= 0.5 * len(line) or wide_gaps >= 2


def numeric_tokens(line: list[Word]) -> int:
    """Figures in a line; a year or a '(3)' column number is header text, not a value."""
    return sum(1 for w in line if row_value(w.text) and has_digit(w.text))


def row_value(text: str) -> bool:
    """A value a row holds; a year is text of its own ('Terlaksananya Penyusunan Anggaran Tahun
    2024' is a band row)."""
    return is_value(text) and not HEADER_NUMBER.match(text)


def value_tokens(line: list[Word]) -> int:
    """Cells a row of values holds: figures, and grades or opinions ('B | BB | 133,33%')."""
    return sum(1 for w in line if row_value(w.text) and w.text != "-")


def is_prose(line: list[Word], width: float) -> bool:
    """Running text: many words, evenly spaced, across most of the block's width. Justified text
    stretches every gap of a line alike, so wide but even gaps are prose too ("Dari 23 indikator
    kinerja, sebanyak 9 ..."); a table row has narrow gaps inside cells and wide ones between."""
    if len(line) < 6 or numbering_line(line):
        return False
    height = statistics.median(w.bottom - w.top for w in line) or 8.0
    if (line[-1].x1 - line[0].x0) <= 0.6 * width:
        return False
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(line)]
    if all(g <= 0.8 * height for g in gaps):
        return True
    figures = sum(1 for w in line if is_value(w.text) or UNIT_MARK.match(w.text))
    words = sum(1 for w in line if w.text[:1].isalpha() and not has_digit(w.text))
    if 2 * words >= len(line) and _justified(gaps) and (line[-1].x1 - line[0].x0) > 0.85 * width:
        return True  # 'sebesar Rp 68.851.468.660 atau 85,62% dari pagu,' quotes figures in prose
    # evenly spaced words; a row of narrow cells is even too, but its gaps are gutters, wider
    # than a line is tall, where prose leaves a word space
    even = max(gaps) <= 2.2 * max(statistics.median(gaps), 1.0) and statistics.median(gaps) <= 1.2 * height
    return len(line) >= 8 and figures <= len(line) // 4 and even


def _justified(gaps: list[float]) -> bool:
    """Every gap of the line stretched alike (a justified line of a paragraph, however few its
    words); the gutters of a table row differ from one another and from its word spaces."""
    return max(gaps) - min(gaps) <= 0.15 * statistics.median(gaps) + 0.5


def looks_like_heading(line: list[Word]) -> bool:
    text = " ".join(w.text for w in line)
    return bool(re.match(r"^(Tabel|Table|BAB|Gambar|Grafik|Lampiran)\b", text, re.I))


def word_spacing(lines: list[list[Word]]) -> float:
    """The usual space between two words of one cell (a monospaced font's is over half the line
    height, a proportional font's a quarter): the median gap under a line height."""
    gaps = []
    for line in lines:
        ordered = sorted(line, key=lambda w: w.x0)
        gaps += [b.x0 - a.x1 for a, b in itertools.pairwise(ordered) if 0 < b.x0 - a.x1 < b.bottom - b.top]
    return statistics.median(gaps) if gaps else 0.0


def furniture(line: list[Word]) -> bool:
    """A page number or a short running footer: no row of values, no header words."""
    return len(line) <= 8 and numeric_tokens(line) <= 1 and not is_header_line(line)


UNIT_MARK = re.compile(rf"^(?:%|{RUPIAH}|,-)$", re.I)


def has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


# a three-level header with wrapped cells ('Pengukuran Kinerja' / 'Target Renstra 2024' over three
# lines / '2022' / 'Target | Realisasi | % Capaian') runs to nine or ten lines
_MOST_HEADER_LINES = 12


def header_count(lines: list[list[Word]]) -> int:
    """Leading lines that form the header: dense in header words, no values but years or '(1)'
    numbering, up to the last such line (a wrapped header cell may leave a line without one in
    between); a band row or a value ends it."""
    count = 0
    width = max(w.x1 for ln in lines for w in ln) - min(w.x0 for ln in lines for w in ln)
    for i, line in enumerate(lines[:_MOST_HEADER_LINES]):
        figures = _figures(line)
        # a stray figure per three header words is OCR noise ('Capaian %' read '2', 'Sasaran'
        # read '8 “saran', '2029' read '229')
        noise = is_header_line(line) and 3 * figures <= max(header_hits(line), 3)
        # a lone speck of a line between header lines (OCR split a word off the line it is on)
        speck = len(line) == 1 and i + 1 < len(lines) and is_header_line(lines[i + 1])
        if speck:
            continue
        if i > 0 and count and years_only([w.text for w in line], clipped=False):
            count = i + 1  # '220 | 221' under 'Realisasi': the years of the columns, OCR damaged
            continue
        if wide_run(line, width) or (figures and not noise):
            break
        if i > 0 and numbering_line(line):
            return i + 1  # the header ends with its '(1) (2) (3)' line, however OCR read it
        if _label_starts(lines, i):
            break
        density = header_density(line)
        if density >= 1.0 or (density >= 0.6 and not one_phrase(line)):
            count = i + 1
    return _less_label_lines(lines, count)


def _figures(line: list[Word]) -> int:
    """The line's figures: not a speck OCR doubts, a clipped year, or a year a digit off beside
    header words or a whole year."""
    years = _years(line)
    return sum(
        1
        for w in line
        if row_value(w.text) and has_digit(w.text) and not _faint_digit(w) and not clipped_year(w.text, years)
        and not (year_off_by_a_digit(w.text) and _years_beside(line, _header_tally(line)[0]))
    )


def _label_starts(lines: list[list[Word]], i: int) -> bool:
    """Line ``i`` is one phrase that a line of no header words goes on from, at its left edge, in
    lower case: a label's first line ('Persentase kegiatan' over 'pengelolaan dan', both column
    words, atop a continued page), not a header cell, which wraps onto header words or capitals."""
    if i + 1 >= len(lines) or not one_phrase(lines[i]):
        return False
    line, below = lines[i], sorted(lines[i + 1], key=lambda w: w.x0)
    left = min(w.x0 for w in line)
    return abs(below[0].x0 - left) <= 2.0 and below[0].text[:1].islower() and header_density(lines[i + 1]) < 0.6


def _years(line: list[Word]) -> list[int]:
    return [int(w.text.strip("()")) for w in line if YEAR_TOKEN.match(w.text)]


def _faint_digit(word: Word) -> bool:
    """A lone digit OCR itself barely believes (confidence under 20): a speck or a bracket of a
    damaged header word ('(%)' read '7'), no figure of a row. A text layer's words are certain."""
    return len(word.text) == 1 and word.conf < 20


def _less_label_lines(lines: list[list[Word]], count: int) -> int:
    """``count`` less the header's last lines that are the first lines of the body's first row
    ('Persentase' over 'Tersedianya Sarana ...', a label whose row centres its values, under a
    header repeated on a new page; 'Tersedianya' / 'Data dan' over 'Informasi Produk Hukum', a
    sasaran set at its row's bottom; a sasaran and a label wrapped side by side, 'Perencanaan'
    and 'Penganggaran' naming columns): lines whose cells start where the next line's cells
    start, set as close to the text under them as a cell's lines are (a line of other columns
    may come between) and farther from the header line above them (a row's padding and more). A
    header line is never nearer the body than the rest of the header: the body starts a row of
    its own."""
    if not 2 <= count < len(lines):
        return count
    line = lines[count - 1]
    left, right = min(w.x0 for w in line), max(w.x1 for w in line)
    below = [w for ln in lines[count : count + 4] for w in ln if w.x0 < right and w.x1 > left]
    if not below or not _starts_over(line, below):
        return count
    spacing = min(w.top for w in below) - max(w.bottom for w in line)
    first = count - 1
    while first >= 2 and _same_cells(lines[first - 1], lines[first], spacing):
        first -= 1
    height = statistics.median(w.bottom - w.top for w in line)
    over = min(w.top for w in lines[first]) - max(w.bottom for w in lines[first - 1])
    return first if spacing >= 0 and over > spacing + max(2.0, 0.25 * height) else count


def _same_cells(above: list[Word], line: list[Word], spacing: float) -> bool:
    """``above`` holds the lines of the same cells before ``line``: each of its cells starts
    where one of ``line`` starts, at the cells' line spacing."""
    gap = min(w.top for w in line) - max(w.bottom for w in above)
    return gap <= spacing + 1.0 and _starts_over(above, line)


def _starts_over(line: list[Word], below: list[Word]) -> bool:
    """Each cell of ``line`` (a run of words at word spacing) starts where a word of ``below``
    starts: left-aligned cells whose text goes on on the next line."""
    return all(any(abs(x - w.x0) <= 2.0 for w in below) for x in _cell_starts(line))


def _cell_starts(line: list[Word]) -> list[float]:
    ordered = sorted(line, key=lambda w: w.x0)
    height = statistics.median(w.bottom - w.top for w in line) or 8.0
    return [ordered[0].x0] + [b.x0 for a, b in itertools.pairwise(ordered) if b.x0 - a.x1 >= 0.9 * height]


def numbering_line(line: list[Word]) -> bool:
    """Short marks only, with '(n)' among them: the column numbering under a header. A year
    among them makes it a header line of short words ('TA 2022' beside a '(%)' read '(26)')."""
    return (
        len(line) >= 3
        and all(len(w.text) <= 4 for w in line)
        and sum(1 for w in line if re.fullmatch(r"\(\d{1,2}\)", w.text)) >= 1
        and not any(YEAR_TOKEN.match(w.text) for w in line)
    )


def header_density(line: list[Word]) -> float:
    """Share of a line's words that are header words, years (a clipped one too) or '(1)' numbering;
    beside two such words or more or a whole year, four digits a digit off a year ('2922 | 2823')
    are damaged years."""
    hits, words, damaged = _header_tally(line)
    if _years_beside(line, hits):
        hits += damaged
    else:
        words += damaged
    return hits / (hits + words) if hits + words else 0.0


def _extra_last_letter_lost(t: str) -> bool:
    """A header word of five letters or more read without its last letter ('Strategi')."""
    return len(t) >= 5 and t.isalpha() and any(len(e) == len(t) + 1 and e.startswith(t) for e in HEADER_EXTRA)


def _years_beside(line: list[Word], hits: int) -> bool:
    """Four digits a digit off a year are a damaged year beside two header words or more, or
    beside a year read whole ('1014 | 2025' under 'Realisasi'); alone they are a figure."""
    return hits >= 2 or bool(_years(line))


def _header_tally(line: list[Word]) -> tuple[int, int, int]:
    """(header words, other words, years damaged by a digit) of a line."""
    hits = words = damaged = 0
    years = _years(line)
    for w in line:
        t = w.text.lower().strip(":.,")
        if year_off_by_a_digit(t):
            damaged += 1
            continue
        if t.startswith("(") and t.endswith(")") and not HEADER_NUMBER.match(t):
            t = t[1:-1]  # '(Renstra)', '(%)', '(Rp)': a header word in brackets
        if (
            HEADER_NUMBER.match(t)
            or BRACKETED_UNIT.fullmatch(w.text.strip(":.,"))  # '(%)' read '(Ya)': a unit however OCR read it
            or clipped_year(t, years)
            or t in LINE_FILLER
            or t in HEADER_EXTRA
            or _extra_last_letter_lost(t)
            or (
                t.startswith(COLUMN_WORD_STARTS)  # 'Penganggaran', 'Perencanaan': a label's words
                and (any(word in t for word in HEADER_WORDS) or (len(t) >= 4 and header_role(t) is not None))
            )  # 'Penyerapan', 'Selisih': a column's name
        ):
            hits += 1
        elif sum(ch.isalnum() for ch in t) >= 2:  # OCR specks and rule fragments ('—') say nothing
            words += 1
    return hits, words, damaged


HEADER_NUMBER = re.compile(YEAR_TOKEN.pattern + r"|^\(\d{1,2}\)$")  # a year or a column number


def wide_run(line: list[Word], width: float, spacing: float = 0.0) -> bool:
    """Running text over most of the table's width, before columns are known (a band row)."""
    if len(line) < 3:
        return False
    ordered = sorted(line, key=lambda w: w.x0)
    return one_phrase(line, spacing) and ordered[-1].x1 - ordered[0].x0 > 0.45 * width
