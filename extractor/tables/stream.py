"""Borderless tables: columns from white-space gutters, rows from vertical gaps and value cells.

Real reports print many tables without vertical rules. Columns show as x-ranges that almost no
line crosses; a cell wrapped over several lines shows as lines closer together than the gap
between rows, or as lines with nothing in the value columns.
"""

from __future__ import annotations

import bisect
import itertools
import statistics
from collections import Counter
from collections.abc import Sequence, Set
from dataclasses import replace

from extractor.models import BBox, Cell, Method, Page, Table, TableRow, Word
from extractor.tables.base import LONE_ROW_TOP, TableSettings, reading_order, register
from extractor.tables.ruled import caption_above
from extractor.tables.stream_gutters import (
    assign,
    drop_headless_slivers,
    drop_split_phrases,
    empty_columns_beyond,
    gutters,
    header_splits,
    split_phrases,
    value_cell,
)
from extractor.tables.stream_lines import (
    group_lines,
    header_count,
    is_value,
    numeric_tokens,
    row_value,
    wide_run,
    word_spacing,
)
from extractor.tables.stream_merged import regroup_merged_column
from extractor.tables.stream_rows import (
    RowGeometry,
    Rule,
    crosses_at_word_spacing,
    group_rows,
    is_band_line,
    one_phrase,
    ruled_between,
    unsandwiched_bands,
)
from extractor.tables.stream_spans import line_blocks, stranded_header, table_spans
from extractor.vocabulary import TOTAL_NAME


def stream_tables(
    page: Page, settings: TableSettings, taken: tuple[Table, ...], method: Method
) -> tuple[Table, ...]:
    claimed = [t.bbox for t in taken if t.bbox is not None and page.number in t.pages]

    def free(w: Word) -> bool:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        return not any(b.x0 - 2 <= cx <= b.x1 + 2 and b.top - 2 <= cy <= b.bottom + 2 for b in claimed)

    lines = group_lines([w for w in page.words if free(w)])
    rules = [Rule((s.top + s.bottom) / 2, s.x0, s.x1) for s in page.segments if s.horizontal and s.x1 - s.x0 > 50]
    tables: list[Table] = []
    under_rows: set[int] = set()  # lines a table span holds below a row of values
    blocks = line_blocks(lines, settings)
    for block in blocks:
        # a table's last row alone at the top of the next page, before anything else on it
        lone_top = LONE_ROW_TOP * page.height if not tables else float("-inf")
        for first, last, headed in table_spans(block, lone_top):
            span = block[first : last + 1]
            values = next((k for k, ln in enumerate(span) if numeric_tokens(ln) >= 2), len(span))
            under_rows.update(id(ln) for ln in span[values + 1 :])
            lone = min(w.top for w in block[first]) < lone_top  # and no header found (_stream_table)
            table = _stream_table(page, block[first : last + 1], rules, settings, method, headed, lone)
            if table is not None:
                tables.append(table)
    stub, band = stranded_header(blocks)
    # a last row's wrapped label under its centred values ('Anggaran Tahun' / '2024') is that
    # row's text, not the header of a table the page break cut off
    if stub and not any(id(ln) in under_rows for ln in stub):
        tables.append(_header_stub(page, stub, band, method))
    return tuple(tables)


def _header_stub(page: Page, lines: list[list[Word]], band: list[list[Word]], method: Method) -> Table:
    """A table of header rows only, each printed line cut into its phrases where a gap is wider
    than a word space (a parent's line spans its children's gaps, so lines are cut one by one),
    and the band row under them if the page break came after it; the stitcher lays it onto the
    table the next page starts with."""
    rows = []
    for r, line in enumerate(lines):
        phrases = split_phrases(line, gap=0.5)
        cells = [
            Cell(" ".join(w.text for w in ws), r, c, page.number, min(w.line for w in ws), BBox.enclosing(w.bbox for w in ws))
            for c, ws in enumerate(phrases)
        ]
        rows.append(TableRow(r, tuple(cells)))
    if band:
        words = [w for ln in band for w in ln]
        text = Cell(" ".join(w.text for w in words), len(rows), 0, page.number, min(w.line for w in words), BBox.enclosing(w.bbox for w in words))
        rows.append(TableRow(len(rows), (text,), band=True))
    bbox = BBox.enclosing(w.bbox for ln in (*lines, *band) for w in ln)
    caption, caption_line = caption_above(page, bbox) if bbox else (None, None)
    return Table(0, method, tuple(rows), (page.number,), caption, caption_line, bbox, header_rows=len(lines))


def _stream_table(
    page: Page,
    lines: list[list[Word]],
    rules: list[Rule],
    settings: TableSettings,
    method: Method,
    headed: bool,
    lone: bool = False,
) -> Table | None:
    """The table of a span of lines; a span that starts with rows (a continuation) has no header,
    however header-like the first lines of a label that began on the previous page look. A
    ``lone`` row at the top of a page may be a table of one row (the last row of the table the
    previous page ends with); stitching keeps it only if it continues that table."""
    header = header_count(lines) if headed else 0
    if not lines[header:]:
        return None
    ocr = page.source == "ocr"
    found = _body_geometry(lines, header, rules, settings, ocr)
    if found is None:
        return None
    geo, seps, plain = found
    if header and not _names_values(lines[:header], seps, geo.value_cols):
        return _stream_table(page, lines, rules, settings, method, False, lone)
    grouped = [[ln] for ln in lines[:header]]
    rows = group_rows(geo, rules)
    grouped += rows if ocr else regroup_merged_column(geo, rows, rules)
    if len(grouped) < settings.min_rows and not (lone and len(grouped) == 1 and header == 0):
        return None
    body, band = geo.lines, geo.band
    bands = {id(ln) for ln, b in zip(body, band, strict=True) if b}
    spilled = _merged_cell_bands(list(body), list(band), plain, seps) if not ocr else set()
    return replace(_to_table(page, grouped, seps, method, bands, spilled), header_rows=header)


def _body_geometry(
    lines: list[list[Word]], header: int, rules: list[Rule], settings: TableSettings, ocr: bool
) -> tuple[RowGeometry, list[float], list[list[Word]]] | None:
    """The body's columns (separators), band rows and value cells, and the lines that are no band
    rows; None if the body shows no columns."""
    body = lines[header:]
    # OCR boxes are as tall as a word's glyphs, a text layer's as its font: only OCR needs the
    # table's own word spacing to tell a phrase (a monospaced space is wider than an x-height box)
    spacing = word_spacing(body) if ocr else 0.0
    width = max(w.x1 for ln in lines for w in ln) - min(w.x0 for ln in lines for w in ln)
    rowed = [a or b for a, b in zip(_ruled_row_lines(body, rules), _beside_values(body), strict=True)]
    wide = [w and not r for w, r in zip(_band_candidates(body, width, settings, spacing, exact=not ocr), rowed, strict=True)]
    plain = [ln for ln, w in zip(body, wide, strict=True) if not w] or body
    seps = _separators(lines[:header], plain, settings, ocr)
    if not seps:
        return None
    band = [b and not r for b, r in zip(_band_lines(body, wide, seps, spacing, ocr, rules), rowed, strict=True)]
    cols = [assign(ln, seps) for ln in body]
    geo = RowGeometry(body, cols, _value_columns(cols), band, ocr=ocr)
    return replace(geo, band=unsandwiched_bands(geo)), seps, plain


def _separators(head: list[list[Word]], plain: list[list[Word]], settings: TableSettings, ocr: bool) -> list[float]:
    """Column separators: the gutters of the body lines that are no band rows, a totals row that
    merges the label columns ('Jumlah Total' centred over Kode and Uraian) left out; then the
    header's evidence: on OCR (gutters blur) the splits its labels show and no headless sliver;
    and a column only the header names, right of the body's text."""
    spread = [ln for ln in plain if not _total_line(ln)]
    if sum(1 for ln in spread if numeric_tokens(ln) >= 2) < 2:
        spread = plain  # too few rows of values beside the total to show the columns without it
    seps = drop_split_phrases(gutters(spread, settings, ocr=ocr), spread)
    if ocr:
        seps = drop_headless_slivers(head, plain, header_splits(head, plain, seps, settings))
    return empty_columns_beyond(head, plain, seps, settings, ocr)


def _total_line(line: list[Word]) -> bool:
    """A totals row: its words before the first value name a total ('Jumlah Total', 'TOTAL')."""
    label = []
    for w in sorted(line, key=lambda w: w.x0):
        if row_value(w.text):
            break
        label.append(w.text)
    return bool(label) and len(label) < len(line) and bool(TOTAL_NAME.match(" ".join(label).lower()))


def _names_values(head: list[list[Word]], seps: list[float], value_cols: Sequence[frozenset[int]]) -> bool:
    """A header names the columns that hold the values: some word of it stands over one. Lines
    with words only over the label columns are a row's label that its values, set at the row's
    bottom, come under (a continuation page without a repeated header), however many header
    words ('Anggaran', 'Tahun') the label holds."""
    counts = Counter(c for v in value_cols for c in v)
    valued = sum(1 for v in value_cols if v)
    main = {c for c, n in counts.items() if 2 * n >= valued}
    return not main or any(c in main for ln in head for c in assign(ln, seps))


def _value_columns(cols: list[dict[int, list[Word]]]) -> list[frozenset[int]]:
    """The columns in which each line holds a value: figures, a grade, or, in a column that
    holds figures or grades on other lines, a count with its unit ('11 laporan', '16 Dokumen')."""
    plain = [frozenset(c for c, ws in cl.items() if value_cell(ws) or _grade_cell(ws)) for cl in cols]
    valued = frozenset().union(*plain)
    return [
        values | {c for c, ws in cl.items() if c in valued and _count_cell(ws)} for cl, values in zip(cols, plain, strict=True)
    ]


def _count_cell(words: list[Word]) -> bool:
    """A figure and one word after it: a count with its unit."""
    return len(words) == 2 and is_value(words[0].text) and any(ch.isdigit() for ch in words[0].text) and words[1].text.isalpha()


def _grade_cell(words: list[Word]) -> bool:
    """A cell holding a grade or an opinion ('BB', 'WTP'): a value of its row as much as a figure
    is, so two lines that each hold one in a column are two rows."""
    return bool(words) and all(is_value(w.text) and w.text != "-" for w in words)


def _band_lines(
    body: list[list[Word]], wide: list[bool], seps: list[float], spacing: float, ocr: bool, rules: Sequence[Rule] = ()
) -> list[bool]:
    """The body lines that are band rows, and the wrapped lines of each (never across a ruling line)."""
    band = [
        is_band_line(ln, seps, row_value, exact=not ocr, spacing=spacing)
        or (_opens_over_first_gutter(ln, seps, ocr) and _plain_phrase(ln, spacing))
        for ln in body
    ]
    for i in range(1, len(body)):  # the wrapped second line of a band row starts where it starts
        if band[i] and not band[i - 1] and not ocr and _wraps_cell_above(body[i - 1], body[i], seps):
            band[i] = False
        # OCR boxes jitter by a point or two; a label under a band starts a column further right
        near = 0.5 * _height(body[i]) if ocr else 2.0
        same_start = abs(_start(body[i]) - _start(body[i - 1])) <= max(near, 2.0)
        apart = _ruled_apart(body[i - 1], body[i], rules) or (not ocr and not _wrapped(body[i - 1], body[i]))
        band[i] = band[i] or (band[i - 1] and wide[i] and same_start and not apart)
    return band


def _ruled_row_lines(body: list[list[Word]], rules: Sequence[Rule]) -> list[bool]:
    """The lines that share the space between two ruling lines with exactly one line of values:
    a table ruled under every row holds one row there, so a wide line in it is that row's label
    wrapped above values set at the row's bottom, not a band row (which has its own ruled row)."""
    # a rule further off than a row's padding bounds no row of this table (the next table's)
    reach = 2.0 * statistics.median(_height(ln) for ln in body) if body else 0.0
    top, bottom = min((w.top for ln in body for w in ln), default=0.0), max((w.bottom for ln in body for w in ln), default=0.0)
    ys = sorted(r.y for r in rules if top - reach <= r.y <= bottom + reach)
    slot = [bisect.bisect(ys, (min(w.top for w in ln) + max(w.bottom for w in ln)) / 2) for ln in body]
    valued = Counter(k for k, ln in zip(slot, body, strict=True) if numeric_tokens(ln) >= 1)
    return [0 < k < len(ys) and valued[k] == 1 for k in slot]


def _beside_values(body: list[list[Word]]) -> list[bool]:
    """The lines that overlap a next or previous line of values in height: a label wrapped
    around values centred in its row (two lines, the values half a line down), where a band
    row has its height to itself."""
    def overlaps(a: list[Word], b: list[Word]) -> bool:
        low = min(max(w.bottom for w in a), max(w.bottom for w in b))
        high = max(min(w.top for w in a), min(w.top for w in b))
        return low - high > 0.2 * min(_height(a), _height(b)) and numeric_tokens(b) >= 1

    return [
        any(overlaps(ln, body[j]) for j in (i - 1, i + 1) if 0 <= j < len(body)) for i, ln in enumerate(body)
    ]


def _ruled_apart(above: list[Word], line: list[Word], rules: Sequence[Rule]) -> bool:
    """A horizontal ruling line runs between the two lines: they are two rows."""
    return any(ruled_between(above, line, rule) for rule in rules)


def _wrapped(above: list[Word], line: list[Word]) -> bool:
    """On exact geometry, ``line`` sits at the pitch of the text above it: a row's label set from
    the same left edge under a band row lies a cell's padding (and rule) further down."""
    return min(w.top for w in line) - max(w.bottom for w in above) <= _WRAP_GAP * _height(line)


def _wraps_cell_above(above: list[Word], line: list[Word], seps: list[float]) -> bool:
    """The line goes on with the text of a cell of the line above: it starts where that cell's
    text starts, at a cell's line spacing under it, and its first word would not have fitted
    after that text in the width the line itself fills (a label wrapped to a line that runs a
    point into the gutter, as a monospaced font's may, is no band row; a band under a label
    runs on far beyond where that label's next word would have gone)."""
    first = min(line, key=lambda w: w.x0)
    column = sum(1 for s in seps if s < first.x0)
    cell = [w for w in above if sum(1 for s in seps if s < w.x0) == column]
    if not cell or abs(_start(cell) - first.x0) > 2.0:
        return False
    if not _wrapped(cell, line):
        return False
    return max(w.x1 for w in cell) + 0.2 * _height(line) + (first.x1 - first.x0) > max(w.x1 for w in line)


def _start(line: list[Word]) -> float:
    return min(w.x0 for w in line)


def _height(line: list[Word]) -> float:
    return max(w.bottom for w in line) - min(w.top for w in line)


def _plain_phrase(line: list[Word], spacing: float) -> bool:
    """Words at word spacing, none of them a value: text, not cells."""
    return len(line) >= 2 and one_phrase(line, spacing) and not any(row_value(w.text) for w in line)


def _merged_cell_bands(body: list[list[Word]], band: list[bool], plain: list[list[Word]], seps: list[float]) -> set[int]:
    """On exact geometry a band row is a merged cell the grid will not show, unless a word of it
    starts where a column's cells start (two cells close together); OCR boxes are too ragged to
    tell, there the row reader decides by what the text spans."""
    starts = _cell_starts(plain, seps)
    return {id(ln) for ln, b in zip(body, band, strict=True) if b and not _starts_a_cell(ln, starts)}


def _cell_starts(lines: list[list[Word]], seps: list[float]) -> list[float]:
    """Left edges where three lines or more start a cell: the text start of a left-aligned column."""
    counts: Counter[int] = Counter()
    for line in lines:
        for ws in assign(line, seps).values():
            counts[round(min(w.x0 for w in ws))] += 1
    return [float(x) for x, n in counts.items() if n >= 3]


def _starts_a_cell(line: list[Word], starts: list[float]) -> bool:
    """A word after the line's first starts where a column's cells start, further from the word
    before it than any two words of the line are apart: the line is cells side by side
    ('Pengelolaan,' | 'dan Pengelolaan', a monospaced gutter a point wider than a space), not one
    text drawn across them. A long band's words fall on a column's start by chance, at a space
    the line puts between its words elsewhere too (a text layer sets one space alike)."""
    ordered = sorted(line, key=lambda w: w.x0)
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(ordered)]
    for k, word in enumerate(ordered[1:]):
        if not any(abs(word.x0 - x) <= 1.0 for x in starts):
            continue
        others = gaps[:k] + gaps[k + 1 :]
        if not others or gaps[k] > max(others) + _SPACE_JITTER:
            return True
    return False


_SPACE_JITTER = 0.05  # points: float noise between two spaces of one line on a text layer


def _band_candidates(
    body: list[list[Word]], width: float, settings: TableSettings, spacing: float = 0.0, exact: bool = True
) -> list[bool]:
    """Lines that may be band rows, before the columns are known: running text over most of the
    width; a phrase with no value across a gutter of the lines that hold values (short bands
    are a large share of the lines of a short table); and the lines that continue one (starting
    where it starts, text at normal spacing, no value)."""
    wide = [wide_run(ln, width, spacing) for ln in body]
    valued = [ln for ln in body if numeric_tokens(ln) >= 2]
    if len(valued) >= 2:
        seps = gutters(valued, settings)
        edge = _label_edge(body)
        for i, line in enumerate(body):
            wide[i] = wide[i] or (
                _plain_phrase(line, spacing)
                and _start(line) <= edge + _height(line)
                and (crosses_at_word_spacing(line, seps) or _opens_over_first_gutter(line, seps, not exact))
            )
    return _with_wrapped_lines(body, wide, spacing, exact)


def _with_wrapped_lines(body: list[list[Word]], wide: list[bool], spacing: float, exact: bool) -> list[bool]:
    """``wide`` with the lines that continue a wide one: starting where it starts, one phrase, no
    value, and after a line that ran on to the table's edge."""
    wide = list(wide)
    right = max((w.x1 for ln in body for w in ln), default=0.0)
    for i in range(1, len(body)):
        prev, line = body[i - 1], body[i]
        if wide[i - 1] and not wide[i] and one_phrase(line, spacing) and not any(row_value(w.text) for w in line):
            # a wrapped line sits at the pitch of its text, a row's label after it a row apart (on
            # exact geometry: OCR's glyph boxes leave gaps of their own between lines)
            wide[i] = (
                (not exact or _wrapped(prev, line))
                and abs(min(w.x0 for w in line) - min(w.x0 for w in prev)) <= 2.0
                and not _ended_early(prev, line, right)
            )
    return wide


def _ended_early(line: list[Word], below: list[Word], right: float) -> bool:
    """The line ends so far short of the table's right edge that the first word below would have
    fitted on it: its paragraph ended there (a band's last line), the line below starts another
    (the first label under the band, set from the same edge in a table packed without padding)."""
    first = min(below, key=lambda w: w.x0)
    space = 0.5 * _height(line)
    return max(w.x1 for w in line) + space + (first.x1 - first.x0) < right - _height(line)


_WRAP_GAP = 0.35  # the most white space between two lines of one paragraph, in line heights


def _label_edge(body: list[list[Word]]) -> float:
    """Where the table's text starts: a band row starts there (or further left); a line that
    starts in a column further right is that column's text, however far it runs (an indicator
    column empty on the lines with values, beside a merged, centred Sasaran)."""
    return min((w.x0 for ln in body for w in ln if not row_value(w.text)), default=0.0)


def _opens_over_first_gutter(line: list[Word], seps: list[float], ocr: bool = False) -> bool:
    """The line's first word is drawn over the first gutter of the value lines: it starts in the
    first column (a row number's) and runs into the next, as no cell's text does. A short band
    row ('Terlaksananya Penetapan Hasil Pemilu') set from the table's left edge over a No column.
    OCR boxes are ragged by a point or two: there the word must reach a glyph's height past the
    gutter on both sides."""
    if not seps:
        return False
    first = min(line, key=lambda w: w.x0)
    margin = _height(line) if ocr else 1.0
    return first.x0 + margin < seps[0] < first.x1 - margin


def _to_table(
    page: Page,
    grouped: list[list[list[Word]]],
    seps: list[float],
    method: Method,
    bands: set[int],
    spilled: Set[int] = frozenset(),
) -> Table:
    n_cols = len(seps) + 1
    rows = []
    for r, row_lines in enumerate(grouped):
        words_by_col: dict[int, list[Word]] = {}
        for line in row_lines:
            assigned = assign(line, seps) if id(line) not in bands else {assign(line, seps).__iter__().__next__(): line}
            for col, ws in assigned.items():
                words_by_col.setdefault(col, []).extend(ws)
        cells = []
        for c in range(n_cols):
            ws = reading_order(words_by_col.get(c, []))
            box = BBox.enclosing(w.bbox for w in ws)
            conf = sum(w.conf for w in ws) / len(ws) if ws and page.source == "ocr" else None
            cells.append(
                Cell(
                    " ".join(w.text for w in ws),
                    r,
                    c,
                    page.number,
                    min(w.line for w in ws) if ws else None,
                    box,
                    conf,
                )
            )
        rows.append(TableRow(r, tuple(cells), band=all(id(line) in spilled for line in row_lines)))
    all_words = [w for row_lines in grouped for line in row_lines for w in line]
    bbox = BBox.enclosing(w.bbox for w in all_words)
    assert bbox is not None
    caption, caption_line = caption_above(page, bbox)
    return Table(0, method, tuple(rows), (page.number,), caption, caption_line, bbox)


class StreamFinder:
    name = "stream"

    def find(self, page: Page, settings: TableSettings, taken: tuple[Table, ...]) -> tuple[Table, ...]:
        method = Method.OCR_STREAM if page.source == "ocr" else Method.PDF_STREAM
        return stream_tables(page, settings, taken, method)


@register("stream")
def _factory() -> StreamFinder:
    return StreamFinder()
