"""Rebuild table rows from dumps that put one cell (or one wrapped cell fragment) per line.

OCR and PDF-to-text converters often flatten a table column by column: the header words come one
per line, then each row's label wraps over a few short lines and its numbers follow on the same
line or on lines of their own. A row is rebuilt as "label lines + the run of value tokens that
follows them"; the header's value columns and the most common run length decide how many trailing
values a row has, so nothing here depends on a particular report layout.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, pairwise

from rapidfuzz import fuzz, process

from extractor.models import Cell, Method, TableRow
from extractor.vocabulary import (
    DUMP_FILLER,
    FUZZY_HEADER_WORDS,
    HEADER_KINDS,
    RUPIAH,
    RUPIAH_SIGN,
    YEAR_TOKEN,
)

log = logging.getLogger(__name__)

_UNIT = re.compile(rf"^\((?:%|{RUPIAH}|rupiah)\)$", re.I)
_NUMBER = re.compile(rf"^[-−+]?(?:{RUPIAH})?\(?\d[\d.,]*\)?[%&]?(?:,-|\.-|-)?$", re.I)
_DASH = re.compile(r"^[-–—]$")
_GRADE = re.compile(r"^\(?(?:[A-E][A-Ea-e]{0,2}[+-]?|WTP|WDP|TMP|TW)\)?$")
_ENUMERATED = re.compile(r"^(?:\d{1,2}|[A-Z]|[IVX]{1,4})[.)]\s+\S")
_SECTION_WORD = re.compile(r"^([A-Za-z]+)\s*\d{1,2}\b")
_PAREN_JUNK = re.compile(r"^\(\S{0,3}\)$")
_WORD = re.compile(r"\S+")

MAX_LABEL_GAP = 20  # label lines without any value that end a table
LONG_CHARS = 60  # two lines this long in a row read as prose, not narrow table cells
MAX_HEADER_LINES = 12  # header lines (one word each, at worst) a table may have
SECTION_WRAP = 3  # wrapped lines a section title may have
PROSE_CHARS = 150  # one line this long without values is a paragraph


@dataclass(frozen=True)
class DumpLine:
    """One line of a text dump: 1-based line number, 1-based page (None without form feeds)."""

    number: int
    page: int | None
    text: str


@dataclass(frozen=True)
class FoundTable:
    """A table before numbering and captioning; ``first_line``..``last_line`` are claimed."""

    method: Method
    rows: tuple[TableRow, ...]
    first_line: int
    last_line: int


def tokens(text: str) -> list[str]:
    """Whitespace tokens; OCR column bars ('|') count as whitespace."""
    return _WORD.findall(text.replace("|", " "))


@lru_cache(maxsize=8192)
def header_kind(token: str) -> str | None:
    """'label' / 'value' for a header word (OCR-tolerant), 'filler' for neutral header words."""
    t = token.lower().strip(".,:;")
    if not t:
        return "filler"
    if t in HEADER_KINDS:
        return HEADER_KINDS[t]
    if t in DUMP_FILLER or _UNIT.match(t) or YEAR_TOKEN.match(t) or t in {"-", "/", "&"}:
        return "filler"
    if t.startswith("%"):
        return "value"
    if len(t) >= 5:
        best = process.extractOne(t, FUZZY_HEADER_WORDS, scorer=fuzz.ratio, score_cutoff=85)
        if best is not None:
            return HEADER_KINDS[best[0]]
    return None


def is_value_token(token: str) -> bool:
    """A number, percent, dash, grade (B, CC, WTP) or rupiah sign: what a value cell holds."""
    if token == "%":
        return True
    return bool(_NUMBER.match(token) or _DASH.match(token) or _GRADE.match(token) or RUPIAH_SIGN.match(token))


def is_strong(token: str) -> bool:
    """A value no label word could be: a formatted number, a percent, rupiah, a multi-letter grade."""
    t = token.strip("()")
    if not t:
        return False
    if RUPIAH_SIGN.match(t.split()[0]) or "%" in t or "&" in t:
        return True
    if _NUMBER.match(t):
        return bool(re.search(r"\d[.,]\d", t))
    return bool(_GRADE.match(t)) and sum(ch.isalpha() for ch in t) >= 2


def split_values(text: str) -> tuple[str, list[str]]:
    """Split a line into its label text and the run of value tokens that ends it."""
    label, run = _split_values(text)
    return label, list(run)


@lru_cache(maxsize=4096)
def _split_values(text: str) -> tuple[str, tuple[str, ...]]:
    toks = tokens(text)
    i = len(toks)
    while i > 0 and is_value_token(toks[i - 1]):
        i -= 1
    run = toks[i:]
    while run and RUPIAH_SIGN.match(run[-1]):  # a dangling "Rp" is label text
        run.pop()
    merged: list[str] = []
    for tok in run:
        if merged and (RUPIAH_SIGN.match(merged[-1]) or tok == "%"):
            merged[-1] = f"{merged[-1]} {tok}" if tok != "%" else merged[-1] + tok
        else:
            merged.append(tok)
    if not any(re.search(r"\d", t) or _GRADE.match(t) for t in merged):
        return " ".join(toks), ()
    return " ".join(toks[:i]), tuple(merged)


def run_accepted(run: Sequence[str], expected: int = 2) -> bool:
    """Enough to be a row's values: two or more tokens, or one that no label word could be."""
    if not run:
        return False
    if len(run) == 1 and YEAR_TOKEN.match(run[0]):
        return False  # "..., Januari 2024": a date, not a value
    return len(run) >= min(2, max(expected, 1)) or any(is_strong(t) for t in run)


def is_numbering_line(text: str) -> bool:
    """Column-number rows like '(1) (2) (3)' or '1 2 3 4 5' (OCR may garble a few)."""
    toks = tokens(text)
    if not toks:
        return False
    if all(_PAREN_JUNK.match(t) and not _UNIT.match(t) for t in toks):
        return True
    if len(toks) < 3 or not all(t.isdigit() and len(t) <= 2 for t in toks):
        return False
    steps = [int(b) - int(a) == 1 for a, b in pairwise(toks)]
    return sum(steps) >= 0.6 * len(steps)


@lru_cache(maxsize=4096)
def header_words(text: str) -> tuple[tuple[str, str | None], ...] | None:
    """The (token, kind) list of a header line, or None if the line is not header-like."""
    toks = [t for t in tokens(text) if t not in {"-", "/", "|"}]
    if not toks or len(toks) > 15 or len(text) > 120 or text.rstrip().endswith(":"):
        return None
    if len(toks) > 2 and toks[0][0].islower():
        return None  # running text that happens to name a column word
    kinds = tuple((t, header_kind(t)) for t in toks)
    vocab = sum(1 for _, k in kinds if k in ("label", "value"))
    known = sum(1 for _, k in kinds if k is not None)
    if vocab == 0 or known < 0.6 * len(kinds):
        return None
    _, run = split_values(text)
    if any(re.search(r"\d", t) and not YEAR_TOKEN.match(t) for t in run):
        return None  # a header names years at most; other numbers make it a data row
    return kinds


def _is_filler_line(text: str) -> bool:
    """'Kinerja' or '(%)' alone: part of a header block without naming a column."""
    toks = tokens(text)
    return bool(toks) and len(toks) <= 3 and all(header_kind(t) == "filler" for t in toks)


@dataclass
class _Header:
    start: int  # index into the region
    end: int  # index after the last header line
    label: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    vocab: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    lines: int = 0
    pure: bool = True  # every token a header word or filler

    @property
    def is_table(self) -> bool:
        return len(self.vocab) >= 2 and "value" in self.kinds

    @property
    def is_strong(self) -> bool:
        """Clear enough to end the table above it (a label cell may hold a header word or two)."""
        return self.is_table and (
            len(self.vocab) >= 3 or (self.lines == 1 and self.pure and "label" in self.kinds)
        )


def _read_header(lines: Sequence[DumpLine], start: int) -> _Header | None:
    """Collect the header block that starts at ``start`` (header, filler and numbering lines)."""
    if header_words(lines[start].text) is None:
        return None
    head = _Header(start, start)
    numbered = False
    i = start
    while i < len(lines) and head.lines < MAX_HEADER_LINES:
        text = lines[i].text.strip()
        if not text or is_numbering_line(text):
            numbered = numbered or bool(text)
            i += 1
            continue
        kinds = header_words(text)
        if numbered or (kinds is None and not _is_filler_line(text)):
            break  # column numbers close a header
        _add_header_line(head, kinds or [(t, "filler") for t in tokens(text)])
        head.lines += 1
        i += 1
    head.end = i
    return head


def _add_header_line(head: _Header, words: Sequence[tuple[str, str | None]]) -> None:
    """Value words open a column phrase; units and unknown words after one extend it."""
    for tok, kind in words:
        head.pure = head.pure and kind is not None
        if kind in ("label", "value"):
            head.vocab.add(tok.lower().strip(".,:;"))
            head.kinds.add(kind)
    if len(words) == 2 and words[0][0] == "%" and words[1][1] == "value":
        head.values.append(f"% {words[1][0]}")  # "% Capaian" on a line of its own is one column
        return
    for tok, kind in words:
        if kind == "value":
            head.values.append(tok)
        elif head.values and (_UNIT.match(tok.lower()) or kind is None):
            head.values[-1] = f"{head.values[-1]} {tok}"
        else:
            head.label.append(tok)


@dataclass
class _Rec:
    """A body line split into label text and trailing values."""

    line: DumpLine
    label: str
    run: list[str]
    blank_before: bool
    in_section: int = 0  # 1 on a section line, 2.. on its wrapped continuation lines

    @property
    def long(self) -> bool:
        """Page-wide text; a line with column bars ('|') is a table row however long."""
        return len(self.label) >= LONG_CHARS and "|" not in self.line.text

    @property
    def data(self) -> bool:
        """Carries a row's values (a long sentence ending in one number does not)."""
        return run_accepted(self.run) and (len(self.run) >= 2 or not self.long)

    @property
    def section(self) -> bool:
        m = _SECTION_WORD.match(self.label)
        return bool(_ENUMERATED.match(self.label) or (m and header_kind(m.group(1)) in ("label", "value")))

    @property
    def lower(self) -> bool:
        return bool(self.label) and (self.label[0].islower() or self.label[0] in ",;)")


@dataclass
class _Row:
    labels: list[tuple[str, DumpLine]] = field(default_factory=list)
    values: list[tuple[str, DumpLine]] = field(default_factory=list)


def _continues_section(rec: _Rec, prev: _Rec | None) -> bool:
    return rec.lower or (prev is not None and not rec.blank_before and prev.long)


def _body(lines: Sequence[DumpLine], start: int) -> list[_Rec]:
    """Body records from ``start`` until prose, a new header or a long run of label-only lines."""
    recs: list[_Rec] = []
    blank = False
    gap = 0
    for i in range(start, len(lines)):
        text = lines[i].text.strip()
        if not text or is_numbering_line(text):
            blank = blank or not text
            continue
        if _starts_table(lines, i) and any(r.run for r in recs):
            break  # the next table starts here
        prev = recs[-1] if recs else None
        rec = _record(lines[i], text, blank, prev)
        if not rec.data and len(text) > PROSE_CHARS:
            break
        if _prose_pair(rec, prev):
            recs.pop()
            break
        gap = 0 if run_accepted(rec.run, 1) else gap + 1
        if gap > MAX_LABEL_GAP:
            break
        recs.append(rec)
        blank = False
    return recs


def _starts_table(lines: Sequence[DumpLine], i: int) -> bool:
    """Line ``i`` opens a table: a strong header, or a column-major one."""
    head = _read_header(lines, i)
    return head is not None and (head.is_strong or _column_major(lines, i)[0] is not None)


def _record(line: DumpLine, text: str, blank: bool, prev: _Rec | None) -> _Rec:
    """One body line as a record, numbered within the section (if any) that ``prev`` is in."""
    label, run = split_values(text)
    if len(run) == 1 and run[0].isdigit() and len(run[0]) <= 2 and header_kind(label) in ("label", "value"):
        label, run = text, []  # "Sasaran 4" names a section, it holds no value
    rec = _Rec(line, label, run, blank)
    follows = prev is not None and 0 < prev.in_section <= SECTION_WRAP and _continues_section(rec, prev)
    rec.in_section = 1 if rec.section else (prev.in_section + 1 if follows and prev else 0)
    return rec


def _prose_pair(rec: _Rec, prev: _Rec | None) -> bool:
    """Two long value-less lines in a row, outside any section: prose, so the body ended above."""
    prose = prev is not None and rec.long and prev.long and not (rec.data or prev.data)
    return bool(prose and prev is not None and not (rec.in_section or prev.in_section))


def _group(recs: Sequence[_Rec], k: int | None) -> list[_Row]:
    """Group body records into rows: label lines, then the value run that closes the row."""
    rows: list[_Row] = []
    pending: list[tuple[str, DumpLine]] = []
    section = False  # pending holds a section line (e.g. "Sasaran 2. ...") and its wrapped text
    acc: list[tuple[str, DumpLine]] = []
    prev: _Rec | None = None

    def resolve(next_run: int | None = None) -> None:
        nonlocal pending, acc, section
        if not acc:
            return
        if run_accepted([t for t, _ in acc], k or 2):
            spill = k is not None and k >= 4 and next_run is not None
            if spill and len(acc) <= (k or 0) // 2 and len(acc) + (next_run or 0) <= (k or 0) + 1:
                return  # a row whose values spill over two lines
            rows.append(_Row(pending, acc))
            pending, acc, section = [], [], False
            return
        for tok, line in acc:  # too little to be values: give the tokens back to the label
            if pending and pending[-1][1].number == line.number:
                pending[-1] = (f"{pending[-1][0]} {tok}", line)
            else:
                pending.append((tok, line))
        acc = []

    def add_label(rec: _Rec) -> None:
        nonlocal pending, section
        if pending and section and not _continues_section(rec, prev):
            rows.append(_Row(pending, []))
            pending, section = [], False
        elif pending and rec.section and not rec.run:
            if rows and rows[-1].values:  # text left between a row and the next section wraps that row
                rows[-1].labels.extend(pending)
            else:
                rows.append(_Row(pending, []))
            pending = []
        # a lower-case line wraps the row above, across a blank line too, unless it is the last
        # line of the table: then it is the text after the table
        trailing = rec.blank_before and rec is recs[-1]
        if not pending and not rec.run and rec.lower and not trailing and rows and rows[-1].values:
            rows[-1].labels.append((rec.label, rec.line))
            return
        pending.append((rec.label, rec.line))
        if len(pending) == 1:
            section = rec.section and not rec.run

    for rec in recs:
        if rec.run and rec.label:
            resolve(len(rec.run))
            if pending and not acc and rows and rec.blank_before and rec.label[0].isupper():
                # a new paragraph starts this row: the text above is a section title or ends the last row
                if section:
                    rows.append(_Row(pending, []))
                else:
                    rows[-1].labels.extend(pending)
                pending, section = [], False
            add_label(rec)
            acc.extend((t, rec.line) for t in rec.run)
        elif rec.run:
            if k is not None and len(acc) >= k:
                resolve()  # the row above is full: these values start the next one
            acc.extend((t, rec.line) for t in rec.run)
        else:
            resolve()
            add_label(rec)
        prev = rec
    resolve()
    return rows


def _row_numbers(rows: list[_Row]) -> None:
    """Move a leading 1, 2, 3 ... out of the value runs when every row starts with it."""
    longest = max((len(r.values) for r in rows), default=0)
    data = [r for r in rows if len(r.values) == longest >= 2]  # totals and short rows carry no number
    if len(data) < 2:
        return
    firsts = [r.values[0][0] for r in data]
    if not all(f.isdigit() and len(f) <= 3 for f in firsts):
        return
    nums = [int(f) for f in firsts]
    if nums != list(range(nums[0], nums[0] + len(nums))):
        return
    for r in data:
        r.labels.insert(0, r.values.pop(0))


def _cells(row: _Row, index: int, k: int) -> TableRow:
    values = row.values[-k:] if k else []
    extra = row.values[: len(row.values) - len(values)]
    labels = sorted(row.labels + extra, key=lambda x: x[1].number) if extra else row.labels
    text = " ".join(t for t, _ in labels)
    first = labels[0][1] if labels else None
    cells = [Cell(text, index, 0, first.page if first else None, first.number if first else None, None)]
    pad = k - len(values)
    for col in range(1, k + 1):
        if col <= pad:
            cells.append(Cell("", index, col, None, None, None))
        else:
            tok, line = values[col - 1 - pad]
            cells.append(Cell(tok, index, col, line.page, line.number, None))
    return TableRow(index, tuple(cells))


def _header_row(head: _Header, lines: Sequence[DumpLine], k: int) -> TableRow:
    values = head.values[-k:] if k else []
    label = " ".join(head.label + head.values[: len(head.values) - len(values)])
    first = lines[head.start]
    cells = [Cell(label, 0, 0, first.page, first.number, None)]
    pad = k - len(values)
    cells += [Cell("", 0, c, None, None, None) for c in range(1, pad + 1)]
    cells += [Cell(v, 0, pad + 1 + i, first.page, first.number, None) for i, v in enumerate(values)]
    return TableRow(0, tuple(cells))


def _mode(values: Sequence[int]) -> int | None:
    """Most common value, the larger on ties; None for no values."""
    if not values:
        return None
    return max(Counter(values).items(), key=lambda kv: (kv[1], kv[0]))[0]


def _table_at(lines: Sequence[DumpLine], head: _Header) -> tuple[FoundTable | None, int]:
    recs = _body(lines, head.end)
    k0 = _mode([len(r.run) for r in recs if run_accepted(r.run)])
    rows = _group(recs, k0)
    lengths = [len(r.values) for r in rows if r.values]
    if not lengths:
        return None, head.end
    rows = _group(recs, _mode(lengths))
    _row_numbers(rows)
    k = _mode([len(r.values) for r in rows if r.values]) or 1
    while rows and not rows[-1].values:
        rows.pop()
    data = [r for r in rows if r.values]
    single = data[0].values if len(data) == 1 else []
    if not data or (single and len(single) < 3 and not any(is_strong(t) for t, _ in single)):
        return None, head.end
    last = max(n.number for r in rows for _, n in r.labels + r.values)
    out = [_header_row(head, lines, k)] + [_cells(r, i + 1, k) for i, r in enumerate(rows)]
    first = lines[head.start].number
    end_index = bisect_right(lines, last, key=lambda ln: ln.number)
    return FoundTable(Method.TEXT_LINES, tuple(out), first, last), max(end_index, head.end)


def _column_major(lines: Sequence[DumpLine], start: int) -> tuple[FoundTable | None, int]:
    """'Program' + n labels, then 'Anggaran' + n values: a two-column table dumped column by column."""
    nonblank = (
        (i, ln) for i, ln in enumerate(lines[start : start + 4 * MAX_HEADER_LINES], start) if ln.text.strip()
    )
    items = list(islice(nonblank, 2 + 2 * MAX_HEADER_LINES))
    if len(items) < 6 or header_words(items[0][1].text) is None:
        return None, start
    labels: list[DumpLine] = []
    j = 1
    while j < len(items) and not split_values(items[j][1].text)[1] and header_words(items[j][1].text) is None:
        labels.append(items[j][1])
        j += 1
    n = len(labels)
    if n < 2 or j >= len(items) or header_words(items[j][1].text) is None:
        return None, start
    values = [ln for _, ln in items[j + 1 : j + 1 + n]]
    if len(values) < n or not all(_is_value_only(v.text) for v in values):
        return None, start
    head_a, head_b = items[0][1], items[j][1]
    kinds = {k for _, k in (header_words(head_a.text) or ()) + (header_words(head_b.text) or ())}
    if "value" not in kinds:
        return None, start
    rows = [
        TableRow(0, (_cell(head_a.text, 0, 0, head_a), _cell(head_b.text, 0, 1, head_b))),
        *(
            TableRow(i + 1, (_cell(a.text, i + 1, 0, a), _cell(b.text, i + 1, 1, b)))
            for i, (a, b) in enumerate(zip(labels, values, strict=True))
        ),
    ]
    last = values[-1].number
    end_index = items[j + n][0] + 1
    return FoundTable(Method.TEXT_LINES, tuple(rows), head_a.number, last), end_index


def _is_value_only(text: str) -> bool:
    label, run = split_values(text)
    return not label and run_accepted(run, 1)


def _cell(text: str, row: int, col: int, line: DumpLine) -> Cell:
    return Cell(" ".join(tokens(re.sub(r"^\s*[-•*]\s+", "", text))), row, col, line.page, line.number, None)


def rebuild_line_tables(lines: Sequence[DumpLine]) -> list[FoundTable]:
    """Find header blocks in a run of unclaimed lines and rebuild the rows that follow each."""
    found: list[FoundTable] = []
    i = 0
    while i < len(lines):
        head = _read_header(lines, i) if lines[i].text.strip() else None
        if head is not None and head.is_table:
            table, end = _table_at(lines, head)
            if table is not None:
                log.debug("text-lines table at line %d: %d rows", table.first_line, len(table.rows))
                found.append(table)
                i = end
                continue
        if head is not None:
            table, end = _column_major(lines, i)
            if table is not None:
                found.append(table)
                i = end
                continue
        i = max(i + 1, head.end if head is not None else 0)
    return found
