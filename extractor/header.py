"""The header model: a table's header rows as one path of texts per column, and a role per path.

Real LAKIP tables stack their headers: "Tahun 2024" spans Target | Realisasi | Capaian, "Anggaran"
spans Pagu | Realisasi | Sisa, "Realisasi" spans 2023 | 2024. Gluing a parent's text onto each
child and naming the column after its first keyword loses whole tables, so a column is read as the
path from its top header cell to its leaf ("Tahun 2024", "Realisasi"), spans taken from the cell
geometry (a ruled span's box, or a centred parent over the children below it), and its role comes
from the whole path: the leaf names what it is, the parents add the year and the budget context.

Which words name which column is domain vocabulary: it lives in ``vocabulary`` (``ROLE_WORDS``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from extractor.glyphs import normalise_text
from extractor.header_years import HeaderColumn, column_year_damaged, settle_years
from extractor.models import Cell, Method, Table, TableRow
from extractor.values import ValueKind, parse_value
from extractor.vocabulary import (
    BUDGET_CONTEXT,
    HEADER_PHRASES,
    HEADER_YEAR,
    NEXT_YEAR,
    NO_HEADER,
    PLAN_WORDS,
    PRIOR_YEAR,
    ROLE_WORDS,
    RUPIAH,
    VALUE_ROLES,
    WEAK_ROLE_WORDS,
    YEAR_HEADER,
    Role,
    bare_word,
    year_off_by_a_digit,
    years_only,
)

NUMBERING = re.compile(r"^\(?\d{1,2}\)?\.?$")
_PAREN_NUMBER = re.compile(r"^\(\d{1,2}\)$")
_MAX_HEADER_ROWS = 8  # a borderless header centred over three levels spans up to eight printed lines
_MAX_HEADER_WORDS = 8


@dataclass(frozen=True)
class HeaderModel:
    columns: tuple[HeaderColumn, ...]
    rows: int  # header rows, numbering row included

    @property
    def text(self) -> str:
        return " | ".join(" / ".join(c.path) for c in self.columns)


@lru_cache(maxsize=8192)
def header_role(text: str) -> Role | None:
    """The role a header text names, tolerant of OCR damage ('Realisas1', 'Targel'). Cached: the
    same cell texts come back table after table, and every row is asked while finding the header."""
    t = normalise_text(text).lower().replace("\n", " ").strip()
    t = _OCR_PERCENT_HEAD.sub("% ", t).strip()  # '% Realisasi' or '%' with its '%' read as '96'
    for phrase, word in HEADER_PHRASES:
        t = phrase.sub(word, t)
    if not t:
        return None
    if NO_HEADER.match(t):
        return Role.NO
    if YEAR_HEADER.match(t):
        return Role.YEAR
    if t.strip(" .:") == "kinerja":  # "Indikator Kinerja" with its first word lost to OCR or a wrap
        return Role.INDICATOR
    best: tuple[int, int, Role] | None = None
    found = {w for _, words in ROLE_WORDS for w in words if _find_word(t, w) >= 0}
    for role, words in ROLE_WORDS:
        for w in words:
            if w in WEAK_ROLE_WORDS and found - WEAK_ROLE_WORDS - {"tahun"}:
                continue  # 'Akun/Jenis Belanja', 'Uraian Akun': the other word names the column
            at = _find_word(t, w)
            # "Tahun" qualifies another header word ("Tahun Realisasi") before it names a column
            rank = (at + (1000 if role == Role.YEAR else 0), -len(w))
            if at >= 0 and (best is None or rank < best[:2]):
                best = (*rank, role)
    # a garbled word before the first exact one still names the column ('Realicaci Anggaran')
    before = best[0] if best is not None and best[0] < 1000 else len(t)
    for m in re.finditer(r"[a-z]{5,}", t):
        if m.start() >= before:
            break
        if m.group(0) not in _KNOWN_WORDS and (garbled := _fuzzy_role(m.group(0))) is not None:
            return garbled
    if best is None:  # a word OCR broke into pieces ('T arge 2025'): read with the letters joined
        joined = re.sub(r"(?<=[a-z]) (?=[a-z])", "", t)
        return header_role(joined) if joined != t else None
    return best[2]


_OCR_PERCENT_HEAD = re.compile(r"^(?:96|0/0|°)(?:\s+(?=[a-z])|$)")  # alone too: a '%' header cell
_KNOWN_WORDS = frozenset(w for _, words in ROLE_WORDS for w in words)


def _fuzzy_role(token: str) -> Role | None:
    for role, words in ROLE_WORDS:
        # value headers are long words OCR garbles most ('Realicaci'); nothing else is that near
        limit = 75 if role in VALUE_ROLES and len(token) >= 7 else 80
        if any(len(w) >= 5 and w.isalpha() and _start_ratio(token, w) >= limit for w in words):
            return role
    return None


def _start_ratio(token: str, word: str) -> float:
    """How near ``token`` is to ``word`` read from the token's start: OCR damages letters, it does
    not add a syllable before them, so 'Penganggaran' is no 'anggaran' although the two share it."""
    return min(fuzz.ratio(token, word), fuzz.ratio(token[: len(word)], word))


def _find_word(text: str, word: str) -> int:
    """Where ``word`` starts in ``text`` at a word start ('ket' is not inside 'paket'), a short
    word as a whole word ('ket' does not begin 'ketentuan')."""
    if not word[0].isalpha():
        return text.find(word)
    m = _word_start(word).search(text)
    return m.start() if m else -1


@lru_cache(maxsize=1024)
def _word_start(word: str) -> re.Pattern[str]:
    # a short word is a whole word: 'Ket', 'Akun', 'IKU' begin 'ketentuan', 'akuntabilitas', 'ikut';
    # or glued by OCR to the next column word ('PaguAnggaran')
    whole = rf"(?![a-z])|(?={_NEXT_WORD})" if len(word) <= _SHORT_WORD and word.isalpha() else ""
    return re.compile(r"(?<![a-z])" + re.escape(word) + f"(?:{whole})")


_SHORT_WORD = 4
_NEXT_WORD = "|".join(sorted({re.escape(w) for _, words in ROLE_WORDS for w in words if w[0].isalpha() and len(w) > _SHORT_WORD}))


# ---------------------------------------------------------------------------------------------
# Which rows are the header


def is_numbering_row(row: TableRow) -> bool:
    """The '(1) (2) (3)' row some reports print under the header; OCR may mangle most of it
    ('a @ @ (3) m'), so a row of short marks with two real numbers among them counts too."""
    texts = [c.text.strip() for c in row.cells if not c.empty]
    if len(texts) < 2 or any(len(t) > 4 for t in texts):
        return False
    numbered = [t for t in texts if NUMBERING.match(t)]
    if len(numbered) == len(texts):
        return True
    return len(texts) >= 3 and any(_PAREN_NUMBER.match(t) for t in numbered)


def _is_value_text(text: str) -> bool:
    t = text.strip()
    if HEADER_YEAR.fullmatch(bare_word(t)) or _PAREN_NUMBER.match(t) or re.fullmatch(rf"\(?({RUPIAH}|%)\)?", t, re.I):
        return False
    return parse_value(t).kind not in (ValueKind.TEXT, ValueKind.EMPTY)


def _header_like(row: TableRow) -> bool:
    """Short texts and no values: a row that can belong to a header. A figure per three column
    names or more is OCR's reading of damaged header words ('Tahun 2023' read '22'), not a row
    of data, which holds a figure per value column and names a column once at most."""
    texts = [c.text for c in row.cells if not c.empty]
    known = _known(row)
    # beside column names, four digits a digit off a year are that year damaged ('Realisasi' /
    # '2922 | 2823' for 2022 | 2023 beside 'Capaian'), not the figures of a row
    figures = sum(1 for t in texts if _is_value_text(t) and not (known >= 2 and year_off_by_a_digit(t)))
    if not texts or (figures and 3 * figures > known):
        return False
    return all(len(t.split()) <= _MAX_HEADER_WORDS for t in texts)


def _known(row: TableRow) -> int:
    return sum(1 for c in row.cells if not c.empty and header_role(c.text) not in (None, Role.YEAR))


def header_extent(rows: Sequence[TableRow]) -> int:
    """How many top rows form the header (0 if none): header-like rows naming at least two
    columns between them, up to the last row that names one or holds only years (an in-between
    row such as "Kinerja Tahun 2021" over Target | Realisasi belongs to it). A band row
    ("Sasaran Strategis ...", one text across the table) after a complete header ends it."""
    n = 0
    known = 0
    for i, row in enumerate(rows[:_MAX_HEADER_ROWS]):
        if not (_header_like(row) or (i > 0 and _years_only(row))) or (i > 0 and is_numbering_row(row)):
            break  # nothing of the header comes after its numbering row
        if i > 0 and known >= 2 and _band_in_header(rows, i):
            break
        known += _known(row)
        if _known(row) or _years_only(row) or _names_year(row):
            n = i + 1
    return n if known >= 2 else 0


def _names_year(row: TableRow) -> bool:
    """A header row that dates the columns above or below it ("Tahun 2021" under "Realisasi",
    "TA 2022" over Pagu | Realisasi): short texts that each name a year."""
    texts = [c.text for c in row.cells if not c.empty]
    return bool(texts) and all(HEADER_YEAR.search(t) and len(t.split()) <= 4 for t in texts)


def _band_in_header(rows: Sequence[TableRow], i: int) -> bool:
    """Row ``i`` is a band row ending the header: one wide text naming at most one column, not a
    year over the columns below, and no header row naming columns follows it."""
    row = rows[i]
    if not _single_wide_cell(row, rows) or _known(row) > 1 or _names_year(row):
        return False
    after = rows[i + 1] if i + 1 < len(rows) else None
    return after is None or not (_header_like(after) and _known(after) >= 2)


def _years_only(row: TableRow) -> bool:
    return years_only([c.text for c in row.cells if not c.empty])


def _single_wide_cell(row: TableRow, rows: Sequence[TableRow]) -> bool:
    """One text stretched over most of the table: a band row, not a column header."""
    filled = [c for c in row.cells if not c.empty]
    if len(filled) != 1 or filled[0].bbox is None:
        return False
    left = min((c.bbox.x0 for r in rows for c in r.cells if c.bbox), default=0.0)
    right = max((c.bbox.x1 for r in rows for c in r.cells if c.bbox), default=0.0)
    return filled[0].bbox.width >= 0.6 * max(right - left, 1.0)


# ---------------------------------------------------------------------------------------------
# Paths: which header texts sit over which column


def column_spans(table: Table) -> list[tuple[float, float]]:
    """The x-range of every column, from every cell box in it."""
    spans: list[tuple[float, float]] = []
    for col in range(table.n_cols):
        boxes = [r.cells[col].bbox for r in table.rows if col < len(r.cells) and r.cells[col].bbox]
        if not boxes:
            spans.append((_NO_BOX * col, _NO_BOX * (col + 1)))
            continue
        # a spanned header box is wider than its column: the narrowest boxes show the column
        widths = sorted(b.width for b in boxes if b is not None)
        narrow = [b for b in boxes if b is not None and b.width <= widths[len(widths) // 2] + 0.5]
        spans.append((min(b.x0 for b in narrow), max(b.x1 for b in narrow)))
    return spans


# A header naming a label column ("Indikator Kinerja" wrapped over "Sasaran") heads no value columns.
_LABEL_HEADERS = frozenset({Role.NO, Role.INDICATOR, Role.SASARAN, Role.KODE, Role.NAME, Role.UNIT, Role.KET, Role.CATEGORY})
INK_EM = 0.7  # an OCR word box (cap height and descenders, no leading) is about this share of an em
_NO_BOX = 100.0  # a text dump's cells have no boxes: each column is this wide, side by side


@dataclass(frozen=True)
class _Text:
    row: int
    col: int
    text: str
    x0: float
    x1: float
    top: float = 0.0
    bottom: float = 0.0


def _numbering_mark(text: str) -> bool:
    """'(3)' or '3' of a numbering row, not a '%' header OCR read as '96'."""
    return bool(NUMBERING.match(text.strip())) and header_role(text) != Role.PERSEN


def _header_texts(table: Table, rows: int) -> list[_Text]:
    """Header cell texts; in a borderless table a phrase split over two columns is joined."""
    out: list[_Text] = []
    ruled = table.method in (Method.PDF_RULED, Method.OCR_RULED)
    for k, row in enumerate(table.rows[:rows]):
        below = [c for r in table.rows[k + 1 : rows] for c in r.cells if not c.empty]
        years = _years_only(row)  # '21 | 222': years OCR damaged, not a numbering row's marks
        cells = [c for c in row.cells if not c.empty and (years or not _numbering_mark(c.text))]
        merged: list[Cell] = []
        last_col = -2  # the column of the last piece joined into merged[-1]
        for cell in cells:
            prev = merged[-1] if merged else None
            if not ruled and prev is not None and cell.col == last_col + 1 and _same_phrase(prev, cell, table.method.ocr, below):
                box = prev.bbox.union(cell.bbox) if prev.bbox and cell.bbox else prev.bbox
                merged[-1] = Cell(f"{prev.text} {cell.text}", prev.row, prev.col, prev.page, prev.line, box)
            else:
                merged.append(cell)
            last_col = cell.col
        for cell in merged:
            x0, x1 = (cell.bbox.x0, cell.bbox.x1) if cell.bbox else (_NO_BOX * cell.col, _NO_BOX * (cell.col + 1))
            top, bottom = (cell.bbox.top, cell.bbox.bottom) if cell.bbox else (row.index, row.index + 1.0)
            out.append(_Text(row.index, cell.col, " ".join(cell.text.split()), x0, x1, top, bottom))
    return out


def _same_phrase(a: Cell, b: Cell, ocr: bool = False, below: Sequence[Cell] = ()) -> bool:
    """Two neighbouring borderless header cells that are one phrase cut by a column gutter. A text
    layer's box is a line of type; an OCR box only its ink, about ``INK_EM`` of that. Two texts
    naming a column each are one phrase only as a parent centred over years ('Realisasi
    Anggaran' over '2024 | 2025', ``below``: the header cells under them)."""
    if a.bbox is None or b.bbox is None:
        return False
    height = max(a.bbox.height, 1.0)
    lines = max(1, round(height / 10.0))
    line_h = height / lines
    same_line = abs(a.bbox.top - b.bbox.top) < 0.5 * line_h and abs(a.bbox.bottom - b.bbox.bottom) < 0.5 * line_h
    em = line_h / INK_EM if ocr else line_h
    close = 0 <= b.bbox.x0 - a.bbox.x1 < 0.65 * em  # a monospace space is 0.6 em
    # two texts that each name a column ("Satuan" | "Realisasi") are two headers, however close
    named = _names_column(a.text) and _names_column(b.text)
    return same_line and close and (not named or _parent_over_years(a, b, below))


def _parent_over_years(a: Cell, b: Cell, below: Sequence[Cell]) -> bool:
    """The phrase of ``a`` and ``b`` stands centred over the years headed under both columns."""
    under = [c for c in below if c.col in (a.col, b.col) and c.bbox is not None]
    if not all(years_only([c.text for c in under if c.col == col]) for col in (a.col, b.col)):
        return False
    lo, hi = min(c.bbox.x0 for c in under if c.bbox), max(c.bbox.x1 for c in under if c.bbox)
    centre = (a.bbox.x0 + b.bbox.x1) / 2 if a.bbox and b.bbox else float("inf")
    return abs(centre - (lo + hi) / 2) <= _CENTRED * (hi - lo)


_CENTRED = 0.1  # of the children's width: how far off their middle a parent printed over them stands


def _names_column(text: str) -> bool:
    """A header text that names a column by a word of its own ('Kinerja' alone only qualifies)."""
    return header_role(text) not in (None, Role.YEAR) and text.lower().strip(" .:") != "kinerja"


def _covers(text: _Text, span: tuple[float, float]) -> bool:
    mid = (span[0] + span[1]) / 2
    return text.x0 - 1 <= mid <= text.x1 + 1


def build_paths(table: Table, rows: int) -> list[tuple[str, ...]]:
    """One path of header texts per column, top to bottom."""
    spans = column_spans(table)
    texts = _header_texts(table, rows)
    n = table.n_cols
    owner: dict[tuple[int, int], _Text] = {}
    for t in texts:
        covered = [c for c in range(n) if _covers(t, spans[c])] or [t.col]
        for c in covered:
            owner.setdefault((t.row, c), t)
    row_ids = sorted({t.row for t in texts})
    _extend_parents(texts, owner, spans, row_ids, n)
    owned: dict[int, int] = {}
    for t in owner.values():
        owned[id(t)] = owned.get(id(t), 0) + 1
    paths: list[tuple[str, ...]] = []
    for c in range(n):
        path: list[str] = []
        alone = False  # the text above owns this column alone
        for r in row_ids:
            found = owner.get((r, c))
            if found is None or (path and path[-1] == found.text):
                continue
            single = owned[id(found)] == 1
            if path and alone and single:
                path[-1] = f"{path[-1]} {found.text}"  # one header cell wrapped over two lines
            else:
                path.append(found.text)
            alone = single
        paths.append(tuple(path))
    return paths


def _extend_parents(
    texts: Sequence[_Text],
    owner: dict[tuple[int, int], _Text],
    spans: Sequence[tuple[float, float]],
    row_ids: Sequence[int],
    n: int,
) -> None:
    """A borderless parent printed over the middle of its children covers them all: the widest run
    of neighbouring columns, each empty in the parent's row and headed only below the parent
    (a header centred beside it, level with the parent, is no child), whose middle is under the
    parent's middle."""
    for t in texts:
        if not _has_child(t.col, t, texts) or header_role(t.text) in _LABEL_HEADERS:
            continue
        cols = [c for c in range(n) if owner.get((t.row, c)) is t]
        if not cols:
            continue  # another text of its row took its columns first (a stub laid onto a body)
        lo, hi = min(cols), max(cols)
        best = (lo, hi)
        under = _under(t, cols, texts)
        for a in range(lo, -1, -1):
            if a < lo and not _free_child(a, t, owner, texts, under):
                break
            for b in range(hi, n):
                if b > hi and not _free_child(b, t, owner, texts, under):
                    break
                mid = (spans[a][0] + spans[b][1]) / 2
                width = spans[b][1] - spans[a][0]
                if abs(mid - (t.x0 + t.x1) / 2) <= 0.15 * width and (b - a) > (best[1] - best[0]):
                    best = (a, b)
        for c in range(best[0], best[1] + 1):
            owner.setdefault((t.row, c), t)


def _has_child(col: int, parent: _Text, texts: Sequence[_Text]) -> bool:
    """Column ``col`` has a header text wholly below ``parent``, and none level with it."""
    below = [t for t in texts if t.col == col and t.row > parent.row]
    return bool(below) and all(t.top >= parent.bottom - 1.0 for t in below)


@dataclass(frozen=True)
class _Under:
    """The header texts under a parent in the columns its own text stands over: where they start,
    and whether they are years only (then the parent may be one cell wrapped over its year)."""

    level: float
    years: bool


def _under(parent: _Text, cols: Sequence[int], texts: Sequence[_Text]) -> _Under:
    own = [t for t in texts if t.col in cols and t.row > parent.row]
    return _Under(min((t.top for t in own), default=float("-inf")), bool(own) and years_only([t.text for t in own]))


def _free_child(
    col: int, parent: _Text, owner: dict[tuple[int, int], _Text], texts: Sequence[_Text], under: _Under | None = None
) -> bool:
    """Column ``col`` can join ``parent``'s span: free in its row, headed below it (not by a year
    wrapped past it, ``_wrapped_year``), and not a label column (Satuan, Keterangan, Indikator
    beside "Tahun 2024" are its neighbours, not its children). Beside the parent's own children
    (``under``) it is their sibling: its header starts no higher than a line and a half above
    them (a cell as tall as the whole header, its text centred, 'Realisasi 2022' beside 'Tahun
    2023' over Target | Realisasi, starts higher), and is years only where they are ('Realisasi'
    over '2022' is one cell wrapped, not a parent of 'Renstra 2024' beside it)."""
    if owner.get((parent.row, col)) is not None or not _has_child(col, parent, texts):
        return False
    below = [t for t in texts if t.col == col and t.row > parent.row]
    if under is not None and min(t.top for t in below) < under.level - 1.5 * max(parent.bottom - parent.top, 1.0):
        return False
    if under is not None and under.years and not years_only([t.text for t in below]):
        return False
    if _wrapped_year(col, parent, owner, texts):
        return False
    return header_role(" ".join(t.text for t in below)) not in _LABEL_HEADERS - {Role.CATEGORY}


def _wrapped_year(col: int, parent: _Text, owner: dict[tuple[int, int], _Text], texts: Sequence[_Text]) -> bool:
    """Column ``col`` is headed above ``parent``'s row by a text of its own, not the parent's, and
    below it by years only: one cell wrapped past the parent's line ('Realisasi' over '2022'
    beside the 'Capaian Kinerja 2023' its neighbours are under), no child of it."""
    below = [t.text for t in texts if t.col == col and t.row > parent.row]
    return years_only(below) and any(
        (above := owner.get((t.row, col))) is not None and above is not owner.get((t.row, parent.col))
        for t in texts
        if t.row < parent.row
    )


# ---------------------------------------------------------------------------------------------
# Roles from paths


def path_role(path: Sequence[str]) -> tuple[Role | None, int | None, bool]:
    """(role, year, plan) a header path names: the lowest text that names a role decides, its
    parents turn a realisasi into rupiah or a % into capaian; the year nearest the leaf counts."""
    role: Role | None = None
    at = -1
    for i in range(len(path) - 1, -1, -1):
        r = header_role(path[i])
        if r is not None and r != Role.YEAR:
            role, at = r, i
            break
    joined = " ".join(path).lower()
    parents = " ".join(path[:at]).lower() if at > 0 else ""
    if role == Role.REALISASI and _has_word(f"{parents} {path[at].lower()}", BUDGET_CONTEXT):
        role = Role.REAL_RP
    if role == Role.PERSEN and "capaian" in parents:
        role = Role.CAPAIAN
    if role is None and any(header_role(p) == Role.YEAR for p in path):
        role = Role.YEAR
    year = next((int(m.group(1)) for p in reversed(path) if (m := HEADER_YEAR.search(p))), None)
    plan = role == Role.TARGET and _has_word(joined, PLAN_WORDS)
    return role, year, plan


def _has_word(text: str, words: Sequence[str]) -> bool:
    """One of ``words`` begins a word of ``text`` ('dana' is not in 'Pendanaan')."""
    return any(_find_word(text, w) >= 0 for w in words)


def _label_lost(paths: Sequence[tuple[str, ...]], col: int) -> bool:
    """The column is headed only by the parent over it ('Capaian Kinerja 2025') while a neighbour
    under that parent names the same thing with a label of its own ('Capaian Kinerja'): the
    column's own label ('Realisasi') is missing, and the parent's name is not its name. (Under
    'Realisasi', an amount column with no label of its own beside a '%' one is the realisasi.)"""
    path = paths[col]
    if not path:
        return False
    role = path_role(path)[0]
    return any(
        0 <= n < len(paths)
        and len(paths[n]) > len(path)
        and paths[n][: len(path)] == path
        and path_role(paths[n])[0] == role
        for n in (col - 1, col + 1)
    )


def _relative_year(path: Sequence[str], report_year: int | None) -> int | None:
    if report_year is None:
        return None
    joined = " ".join(path)
    if PRIOR_YEAR.search(joined):
        return report_year - 1
    if NEXT_YEAR.search(joined):
        return report_year + 1
    return None


def read_header(table: Table, report_year: int | None) -> HeaderModel | None:
    """The header model of a table, or None when its top rows are not a header."""
    rows = table.header_rows if table.header_rows is not None else header_extent(table.rows)
    if rows == 0:
        return None
    paths = build_paths(table, rows)
    while rows < len(table.rows) and is_numbering_row(table.rows[rows]):
        rows += 1
    columns = []
    printed = [int(y) for path in paths for text in path for y in HEADER_YEAR.findall(text)]
    for col, path in enumerate(paths):
        role, year, plan = path_role(path)
        if _label_lost(paths, col):  # 'Tahun 2024' alone over a column whose 'Realisasi' OCR lost
            role, plan = None, False
        year = year if year is not None else _relative_year(path, report_year)
        if year is None:
            year = column_year_damaged(path, role, plan, report_year, printed)
        columns.append(HeaderColumn(col, path, role or Role.OTHER, role, year, plan))
    return HeaderModel(settle_years(columns, report_year, _named_years(table.caption)), rows)


def _named_years(caption: str | None) -> frozenset[int]:
    """The years a table's caption names ('Perbandingan Realisasi Anggaran Tahun 2023 dan 2024')."""
    return frozenset(int(y) for y in HEADER_YEAR.findall(caption or ""))
