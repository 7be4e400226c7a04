"""Stage 4 — column roles: what each column of a table holds, from its header model (``extractor.header``)
settled against the values below it: a table headed Target/Realisasi/Capaian whose cells are rupiah
amounts is a budget table, a column whose header OCR destroyed is named by the order LAKIP tables
print, columns about another year are read as that year's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from typing import Literal

from extractor.budget_columns import absorbed as _absorbed
from extractor.budget_columns import lost_pagu as _lost_pagu
from extractor.budget_columns import mostly_amounts as _mostly_amounts
from extractor.budget_columns import mostly_percents as _mostly_percents
from extractor.header import header_role, read_header
from extractor.header_years import HeaderColumn
from extractor.models import Table, TableRow
from extractor.role_arithmetic import realisasi_by_arithmetic, target_by_arithmetic, value_column
from extractor.values import ValueKind, parse_amount, parse_value
from extractor.vocabulary import HEADER_YEAR, KINERJA_ONLY, REPORT_YEAR_DIGITS, VALUE_ROLES, Role

TableKind = Literal["performance", "agreement", "budget", "mixed", "other"]


@dataclass(frozen=True)
class OtherYearColumn:
    """A value column about another year than the table's own (prior-year realisasi, a Renstra
    or next year's target): read into records of that year."""

    col: int
    role: Role
    year: int


@dataclass(frozen=True)
class ColumnRoles:
    roles: tuple[Role, ...]
    years: tuple[int | None, ...]
    header_rows: int
    kind: TableKind
    header_text: str = ""
    other_years: tuple[OtherYearColumn, ...] = ()
    year: int | None = None  # the year the value columns name, when they name one

    def col(self, role: Role) -> int | None:
        return self.roles.index(role) if role in self.roles else None


@dataclass(frozen=True)
class RoledTable:
    table: Table
    roles: ColumnRoles
    year: int | None  # from the caption; None if it names none or a range
    body: tuple[TableRow, ...]


def detect_roles(table: Table, report_year: int | None = None) -> ColumnRoles | None:
    """Column roles from the header model of the table's top rows, or None if it has no header."""
    model = read_header(table, report_year)
    if model is None:
        return None
    header = model.rows
    roles = [c.role for c in model.columns]
    years = tuple(c.year for c in model.columns)
    roles = _values_under_label_words(_kinerja_level(roles, model.columns), model.columns, table, header)
    roles = _resolve(roles, table, header, years, report_year)
    kind = _kind(roles)
    others = _other_year_columns(model.columns, kind)
    year = next((y for r, y in zip(roles, years, strict=True) if r in VALUE_ROLES and y is not None), None)
    if kind in ("budget", "performance"):
        dated_year = year if kind == "budget" else year or report_year
        roles, others = _dated_columns(roles, years, dated_year, (table, header, kind), others)
    return ColumnRoles(tuple(roles), years, header, kind, model.text, others, year)


def _kinerja_level(roles: list[Role], columns: Sequence[HeaderColumn]) -> list[Role]:
    """A 'Kinerja (Utama)' column left of one naming the indicator is the sasaran it serves."""
    bare = [c.role in (Role.INDICATOR, Role.OTHER) and KINERJA_ONLY.match(" ".join(c.path)) for c in columns]
    named = [r == Role.INDICATOR and not b for r, b in zip(roles, bare, strict=True)]
    return [Role.SASARAN if bare[c] and any(named[c + 1 :]) else r for c, r in enumerate(roles)]


def _values_under_label_words(
    roles: list[Role], columns: Sequence[HeaderColumn], table: Table, header: int
) -> list[Role]:
    """A column over figures whose header also holds a label word (a wrapped 'Sasaran' of the
    next column's label landed over 'Target PK') is named by its value word."""
    out = list(roles)
    for c, column in enumerate(columns):
        if out[c] not in (Role.SASARAN, Role.INDICATOR) or not value_column(table, header, c):
            continue
        rest = column.path[-1] if column.path else ""
        for word in ("sasaran", "indikator", "kinerja", "tujuan", "iku"):
            rest = re.sub(rf"\b{word}\b", " ", rest, flags=re.I)
        named = header_role(rest)
        if named in VALUE_ROLES:
            out[c] = named
    return out


def _dated_columns(
    roles: list[Role],
    years: Sequence[int | None],
    year: int | None,
    rt: tuple[Table, int, TableKind],
    others: tuple[OtherYearColumn, ...],
) -> tuple[list[Role], tuple[OtherYearColumn, ...]]:
    """A value column headed by another year alone, its 'Realisasi' parent lost to OCR ('2023'
    beside the budget realisasi of 2024; '2022 | 2023' or 'Tahun 2024' in a capaian table), is
    that year's realisasi (in rupiah in a budget table)."""
    table, header, kind = rt
    budget = kind == "budget"
    out, more = list(roles), list(others)
    named = {o.col for o in others}  # a column the header already dates ('Rencana Target 2026') keeps its role
    for c, role in enumerate(roles):
        if c in named:
            continue
        dated = years[c] is not None and year is not None and years[c] != year
        # 'Tahun 2024' alone heads figures in a capaian table, not a column of years
        unnamed = role == Role.OTHER or (
            not budget and role == Role.YEAR and not _years_column(table, header, c)
        )
        filled = _mostly_amounts(table, header, c) if budget else value_column(table, header, c)
        if unnamed and dated and filled:
            out[c] = Role.OTHER_YEAR
            more.append(OtherYearColumn(c, _dated_role(budget, years[c] or 0, year or 0), years[c] or 0))
    return out, tuple(more)


def _dated_role(budget: bool, dated: int, year: int) -> Role:
    """What a column headed by a year alone holds: that year's realisasi, or in a capaian table a
    later year's target (nothing is realised after the table's year: 'Target Tahun 2022' beside
    the capaian of 2021, its words lost to OCR)."""
    if budget:
        return Role.REAL_RP
    return Role.TARGET if dated > year else Role.REALISASI


def _years_column(table: Table, header: int, col: int) -> bool:
    cells = [
        r.cells[col].text.strip()
        for r in table.rows[header:]
        if col < len(r.cells) and not r.cells[col].empty
    ]
    return bool(cells) and sum(1 for t in cells if HEADER_YEAR.fullmatch(t)) * 2 >= len(cells)


def _other_year_columns(columns: Sequence[HeaderColumn], kind: TableKind) -> tuple[OtherYearColumn, ...]:
    """Other-year value columns with the role they play in this kind of table."""
    swap = {Role.TARGET: Role.PAGU, Role.REALISASI: Role.REAL_RP, Role.CAPAIAN: Role.PERSEN}
    out = []
    for c in columns:
        if c.role != Role.OTHER_YEAR or c.value_role is None or c.year is None:
            continue
        role = swap.get(c.value_role, c.value_role) if kind == "budget" else c.value_role
        out.append(OtherYearColumn(c.col, role, c.year))
    return tuple(out)


def _resolve(
    roles: list[Role],
    table: Table,
    header: int,
    years: Sequence[int | None] = (),
    report_year: int | None = None,
) -> list[Role]:
    """Settle context-dependent roles the header alone leaves open (Realisasi after Pagu is rupiah,
    % beside Target is capaian, a rupiah table headed Target is a budget table)."""
    roles = _budget_context(list(roles), table, header)
    roles = _percent_in_ket(roles, table, header)
    roles = _reconcile_amounts(roles, table, header, years)
    dated = {c for c, y in enumerate(years) if y is not None and report_year is not None and y != report_year}
    roles = _infer_unnamed_values(roles, table, header, dated)
    roles = _unnamed_indicator(_first_of_duplicates(roles), table, header)
    return target_by_arithmetic(realisasi_by_arithmetic(roles, table, header, dated), table, header, dated)


def _unnamed_indicator(roles: list[Role], table: Table, header: int) -> list[Role]:
    """A capaian or agreement table without an indicator column whose header OCR lost: the last
    unnamed column of text before the values holds the indicators, and a Kegiatan/Program column
    before it the goals they serve."""
    if Role.TARGET not in roles or Role.INDICATOR in roles or Role.PAGU in roles or Role.REAL_RP in roles:
        return roles
    first = min(i for i, r in enumerate(roles) if r in VALUE_ROLES)
    unnamed = [c for c in range(first) if roles[c] == Role.OTHER and _text_column(table, header, c)]
    if not unnamed:
        return roles
    out = [Role.SASARAN if r == Role.NAME and c < unnamed[-1] else r for c, r in enumerate(roles)]
    out[unnamed[-1]] = Role.INDICATOR
    return out


def _text_column(table: Table, header: int, col: int) -> bool:
    """Most body cells of the column are words, none of them a value."""
    cells = [r.cells[col].text for r in table.rows[header:] if col < len(r.cells) and not r.cells[col].empty]
    words = sum(1 for t in cells if parse_value(t).kind == ValueKind.TEXT and len(t.split()) >= 2)
    return bool(cells) and words >= 0.6 * len(cells)


def _budget_context(roles: list[Role], table: Table, header: int) -> list[Role]:
    """Value words read in the table's context (``_words_beside_pagu``); a Target over rupiah
    amounts is a pagu."""
    first_pagu = roles.index(Role.PAGU) if Role.PAGU in roles else None
    roles = _words_beside_pagu(roles, table, header, first_pagu)
    if (
        first_pagu is None
        and Role.TARGET in roles
        and _mostly_amounts(table, header, roles.index(Role.TARGET))
    ):
        swap = {Role.TARGET: Role.PAGU, Role.REALISASI: Role.REAL_RP, Role.CAPAIAN: Role.PERSEN}
        roles = [swap.get(r, r) for r in roles]
    if first_pagu is not None and Role.REALISASI in roles and Role.TARGET not in roles:
        roles = [Role.REAL_RP if r == Role.REALISASI else r for r in roles]
    if Role.PAGU in roles and Role.CAPAIAN in roles and Role.TARGET not in roles and Role.PERSEN not in roles:
        roles = [Role.PERSEN if r == Role.CAPAIAN else r for r in roles]
    return roles


def _words_beside_pagu(roles: list[Role], table: Table, header: int, first_pagu: int | None) -> list[Role]:
    """After Pagu, Realisasi is rupiah and Capaian the absorption, unless a column names that
    ('Capaian Kinerja' beside a sasaran's budget), and a Realisasi over percents is the absorption
    (its '%' lost to OCR: 'Realisasi —' for '% Realisasi'); beside a Target, '%' is capaian."""
    out = list(roles)
    has_target = Role.TARGET in roles
    persen_after = first_pagu is not None and Role.PERSEN in roles[first_pagu + 1 :]
    for i, role in enumerate(roles):
        after_pagu = first_pagu is not None and i > first_pagu
        if after_pagu and role == Role.REALISASI:
            spent = persen_after or not _mostly_percents(table, header, i)
            out[i] = Role.REAL_RP if spent else Role.PERSEN
            persen_after = persen_after or not spent
        elif after_pagu and role == Role.CAPAIAN and not persen_after:
            out[i] = Role.PERSEN
        elif not after_pagu and role == Role.PERSEN and has_target:
            out[i] = Role.CAPAIAN
    return out


def _percent_in_ket(roles: list[Role], table: Table, header: int) -> list[Role]:
    """A budget table without a '%' header whose Keterangan column holds percents: that is it."""
    if Role.PAGU not in roles or Role.PERSEN in roles or Role.KET not in roles:
        return roles
    ket = roles.index(Role.KET)
    texts = [r.cells[ket].text for r in table.rows[header:] if ket < len(r.cells) and not r.cells[ket].empty]
    percents = sum(parse_value(t, expect="percent").kind == ValueKind.PERCENT for t in texts)
    if texts and percents > len(texts) / 2:
        roles = [*roles[:ket], Role.PERSEN, *roles[ket + 1 :]]
    return roles


def _first_of_duplicates(roles: list[Role]) -> list[Role]:
    """Keep the first column of each remaining duplicate role (names may repeat)."""
    out, seen = list(roles), set()
    for i, role in enumerate(out):
        if role in seen and role not in (Role.OTHER, Role.NAME):
            out[i] = Role.OTHER
        seen.add(role)
    return out


def _infer_unnamed_values(
    roles: list[Role], table: Table, header: int, dated: AbstractSet[int] = frozenset()
) -> list[Role]:
    """Name value columns whose header OCR destroyed ("Panlicnsi", "meet") from the order LAKIP
    tables always print: Target, then Realisasi, then Capaian. A column headed by another year
    than the report's (``dated``) is none of these; one headed by the report year alone (its
    'Realisasi' lost under 'Kinerja Tahun 2024') is."""
    if Role.PAGU in roles:
        return roles
    out = list(roles)
    if Role.TARGET not in out and Role.REALISASI in out:
        out = _unnamed_target(out, table, header, dated)
    if Role.TARGET not in out:
        return out
    if Role.PERSEN in out and Role.CAPAIAN not in out:  # beside a target, '%' is the capaian
        out[out.index(Role.PERSEN)] = Role.CAPAIAN
    out = _prior_realisasi_first(out, table, header, dated)
    start = out.index(Role.TARGET) + 1
    for wanted in (Role.REALISASI, Role.CAPAIAN):
        if wanted in out:
            start = max(start, out.index(wanted) + 1)
            continue
        for c in range(start, len(out)):
            unnamed = out[c] == Role.OTHER or (out[c] == Role.YEAR and not _years_column(table, header, c))
            if unnamed and c not in dated and value_column(table, header, c):
                out[c] = wanted
                start = c + 1
                break
    return out


def _unnamed_target(roles: list[Role], table: Table, header: int, dated: AbstractSet[int]) -> list[Role]:
    """The target is the nearest unnamed value column before the realisasi, past any columns of
    another year printed between them ('Target 2023' OCR'd as 'eons' | Realisasi 2022 | 2023)."""
    out = list(roles)
    for c in range(out.index(Role.REALISASI) - 1, -1, -1):
        if out[c] == Role.OTHER_YEAR or c in dated:
            continue
        if out[c] == Role.OTHER and value_column(table, header, c):
            out[c] = Role.TARGET
        break
    return out


def _prior_realisasi_first(
    roles: list[Role], table: Table, header: int, dated: AbstractSet[int]
) -> list[Role]:
    """A 'Realisasi' printed before the target, with an unnamed value column after the target, is
    the prior year's realisasi whose year OCR lost ('TA Realisasi' for 'Realisasi TA 2024'): LAKIP
    tables print the year's target before its realisasi. The unnamed column is the realisasi."""
    real, target = roles.index(Role.REALISASI) if Role.REALISASI in roles else -1, roles.index(Role.TARGET)
    if not 0 <= real < target:
        return roles
    end = (
        roles.index(Role.CAPAIAN)
        if Role.CAPAIAN in roles and roles.index(Role.CAPAIAN) > target
        else len(roles)
    )
    after = [
        c
        for c in range(target + 1, end)
        if roles[c] == Role.OTHER and c not in dated and value_column(table, header, c)
    ]
    if not after:
        return roles
    out = list(roles)
    out[real], out[after[0]] = Role.OTHER, Role.REALISASI
    return out


def _reconcile_amounts(
    roles: list[Role], table: Table, header: int, years: Sequence[int | None] = ()
) -> list[Role]:
    """Headers OCR'd or rebuilt out of line put "Pagu" over the wrong column; the amounts show
    where pagu and realisasi really are (the first and second rupiah columns)."""
    roles = _lost_pagu(roles, table, header)
    if Role.PAGU not in roles:
        return roles
    # an absorption header over rupiah amounts ('Serapan Anggaran') names the money absorbed
    roles = [Role.OTHER if r == Role.PERSEN and _mostly_amounts(table, header, c) else r for c, r in enumerate(roles)]
    amount_cols = [
        c for c in range(len(roles)) if roles[c] != Role.OTHER_YEAR and _mostly_amounts(table, header, c)
    ]
    pagu = roles.index(Role.PAGU)
    if not amount_cols:
        return roles
    if pagu in amount_cols:
        return _fill_missing_budget_roles(roles, table, header, [c for c in amount_cols if c > pagu], years)
    out: list[Role] = [Role.OTHER if r in (Role.PAGU, Role.REAL_RP, Role.PERSEN) else r for r in roles]
    out[amount_cols[0]] = Role.PAGU
    if len(amount_cols) > 1:
        out[amount_cols[1]] = Role.REAL_RP
    last = amount_cols[min(1, len(amount_cols) - 1)]
    for c in range(last + 1, len(out)):
        if out[c] == Role.OTHER and _mostly_percents(table, header, c):
            out[c] = Role.PERSEN
            break
    return out


def _fill_missing_budget_roles(
    roles: list[Role], table: Table, header: int, later_amounts: list[int], years: Sequence[int | None] = ()
) -> list[Role]:
    """A realisasi or % header lost to OCR: the next unnamed rupiah column is realisasi (of the
    columns headed only by a year, '2023 | 2024' with their 'Realisasi' parent lost, the latest
    year's), the next unnamed percent column after it is the absorption. A realisasi header over
    percents ('% Realisasi' read 'Rentisasi' beside a garbled 'Realisasi') is the absorption, and
    the unnamed rupiah column the realisasi. A realisasi printed before the pagu, its year misread
    ('Realisasi 2025' for 2023 on a 2024 report), beside an unnamed rupiah column after the pagu:
    the one the absorption percent says was spent is the realisasi."""
    out = _moved_realisasi(list(roles), table, header, later_amounts)
    if Role.REAL_RP not in out:
        free = [c for c in later_amounts if out[c] == Role.OTHER]
        dated = [c for c in free if c < len(years) and years[c] is not None]
        if free:
            pick = _absorbed(out, table, header, free)
            if pick is None:
                pick = max(dated, key=lambda c: years[c] or 0) if dated else free[0]
            out[pick] = Role.REAL_RP
    return _absorption_after_realisasi(out, table, header)


def _moved_realisasi(out: list[Role], table: Table, header: int, later_amounts: list[int]) -> list[Role]:
    """A realisasi header over percents becomes the absorption (the unnamed rupiah column the
    realisasi); a realisasi before the pagu, or beside an unnamed rupiah column (a second year
    under one 'Realisasi' whose years OCR lost), gives way to the column the absorption percent
    says was spent."""
    real = out.index(Role.REAL_RP) if Role.REAL_RP in out else None
    free = [c for c in later_amounts if out[c] == Role.OTHER]
    if real is not None and real not in later_amounts and free and _mostly_percents(table, header, real):
        out[real] = Role.PERSEN if Role.PERSEN not in out else Role.OTHER
        out[free[0]] = Role.REAL_RP
    elif real is not None and Role.PAGU in out and real < out.index(Role.PAGU):
        after = [c for c in later_amounts if out[c] in (Role.OTHER, Role.REAL_RP)]
        pick = _absorbed(out, table, header, [real, *after]) if after else None
        if pick is not None and pick != real:
            out = [Role.OTHER if r == Role.REAL_RP else r for r in out]
            out[pick] = Role.REAL_RP
    elif real is not None and Role.PAGU in out and free:
        # 'Realisasi Anggaran' over two years OCR left unread: this year's is the one spent
        pick = _absorbed(out, table, header, [real, *free])
        if pick is not None and pick != real:
            out[real], out[pick] = Role.OTHER, Role.REAL_RP
    return out


def _absorption_after_realisasi(out: list[Role], table: Table, header: int) -> list[Role]:
    """The first unnamed column of percents after the realisasi is the absorption."""
    if Role.PERSEN not in out and Role.REAL_RP in out:
        for c in range(out.index(Role.REAL_RP) + 1, len(out)):
            if out[c] == Role.OTHER and _mostly_percents(table, header, c):
                out[c] = Role.PERSEN
                break
    return out


def _kind(roles: Sequence[Role]) -> TableKind:
    has = set(roles)
    perf = Role.TARGET in has and (Role.INDICATOR in has or Role.SASARAN in has or Role.NAME in has)
    if Role.PAGU in has or Role.REAL_RP in has:
        return "mixed" if perf and Role.REALISASI in has else "budget"
    if perf and (Role.REALISASI in has or Role.CAPAIAN in has):
        return "performance"
    if perf:
        return "agreement"
    return "other"


def infer_budget_roles(table: Table, header: ColumnRoles | None = None) -> ColumnRoles | None:
    """Roles of a rupiah table from its cells alone: a headerless one (Perjanjian Kinerja annexes
    print 'Program | Anggaran' lines without a header row), or one whose header OCR destroyed
    (``header``: what the header model read, naming no budget column; its rows are skipped and
    its other-year columns kept). Pagu is the first rupiah column; with more than two, the
    realisasi is the one the absorption percent says was spent (realisasi = pagu x % / 100)."""
    start = header.header_rows if header is not None else 0
    kept = {o.col for o in header.other_years} if header is not None else set()
    amount_cols, percent_cols, text_len = _body_columns(table, start, kept)
    percent_cols = [c for c in percent_cols if amount_cols and c > amount_cols[0]]  # not a No column
    if not amount_cols or (len(amount_cols) > 2 and not percent_cols):
        return None
    n = table.n_cols
    roles = (
        [Role.OTHER] * n
        if header is None
        else [Role.OTHER_YEAR if c in kept else Role.OTHER for c in range(n)]
    )
    name_col = max(
        (c for c in range(n) if c not in amount_cols and c not in kept),
        key=lambda c: text_len[c],
        default=None,
    )
    if name_col is None or text_len[name_col] == 0:
        return None
    roles[name_col] = Role.NAME
    roles[amount_cols[0]] = Role.PAGU
    if len(amount_cols) == 2:
        roles[amount_cols[1]] = Role.REAL_RP
    elif len(amount_cols) > 2:
        spent = _absorbed(roles, table, start, [c for c in amount_cols[1:] if c < percent_cols[0]])
        if spent is None:
            return None
        roles[spent] = Role.REAL_RP
    if percent_cols:
        roles[percent_cols[0]] = Role.PERSEN
    if header is None:
        return ColumnRoles(tuple(roles), (None,) * n, 0, "budget", "")
    others = tuple(
        replace(o, role=Role.REAL_RP) if o.role == Role.REALISASI else o for o in header.other_years
    )
    return replace(header, roles=tuple(roles), kind="budget", other_years=others)


def _body_columns(table: Table, start: int, skip: AbstractSet[int]) -> tuple[list[int], list[int], list[int]]:
    """Columns of rupiah amounts and of percents, and the letters of text in each column."""
    n = table.n_cols
    ocr = table.method.ocr
    amount_cols, percent_cols, text_len = [], [], [0] * n
    for col in range(n):
        cells = [
            r.cells[col].text for r in table.rows[start:] if col < len(r.cells) and not r.cells[col].empty
        ]
        amounts = sum(
            1 for t in cells if isinstance((v := parse_amount(t, ocr=ocr).value), int) and v >= 1_000_000
        )
        percents = sum(
            1 for t in cells if parse_value(t, expect="percent", ocr=ocr).kind == ValueKind.PERCENT
        )
        text_len[col] = sum(len(t) for t in cells if parse_value(t).kind == ValueKind.TEXT)
        if col in skip:
            continue
        if amounts >= 2 and amounts >= 0.5 * len(cells):
            amount_cols.append(col)
        elif percents >= 2 and percents >= 0.5 * len(cells):
            percent_cols.append(col)
    return amount_cols, percent_cols, text_len


def caption_year(caption: str | None) -> int | None:
    """The single year a caption names ('... Tahun 2024'); None for none or a range."""
    if not caption:
        return None
    years = {int(y) for y in HEADER_YEAR.findall(caption)}
    if len(years) == 1:
        return years.pop()
    if re.search(rf"{REPORT_YEAR_DIGITS}\s*[-–/]\s*{REPORT_YEAR_DIGITS}", caption):
        return None
    return max(years) if years else None
