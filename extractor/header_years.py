"""Which year each value column of a header is about: the report year's target, realisasi and
capaian, or another year's (prior-year realisasi, a Renstra or next year's target), read as records
of their own year and never confused with the report year's. A year no column can be about (a
realisasi dated after the report year) is an OCR misread, put right from the caption where it can be.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from extractor.vocabulary import (
    FINAL_BUDGET,
    INITIAL_STAGE,
    REVISED_STAGE,
    VALUE_ROLES,
    YEAR_CUT,
    Role,
    damaged_year,
)


@dataclass(frozen=True)
class HeaderColumn:
    """One column as its header names it: the path of header texts and what they mean."""

    col: int
    path: tuple[str, ...]
    role: Role  # OTHER_YEAR for a value column about another year; see ``value_role``
    value_role: Role | None  # target/realisasi/... even when the column is about another year
    year: int | None  # the year the header names for it, if any
    plan: bool = False  # a Renstra / end-of-period target


def column_year_damaged(
    path: Sequence[str], role: Role | None, plan: bool, report_year: int | None, printed: Sequence[int]
) -> int | None:
    """The year OCR damaged in a column's header ('Realisasi T: 1014', 'Target Renstra 229'),
    nearest the leaf first: looked for only among the years such a column can be about, five years
    either side of the report year (or of the latest year the header prints) at most. Nothing is
    realised or budgeted after the report year, and a Renstra target is not dated before it."""
    anchor = report_year if report_year is not None else max(printed, default=None)
    if anchor is None:
        return None
    if plan:
        earliest, latest = anchor, anchor + _REACH
    elif role == Role.TARGET or role is None:
        earliest, latest = anchor - _REACH, anchor + _REACH
    else:
        earliest, latest = anchor - _REACH, anchor
    # a capaian's or a share's header is not dated by two digits: 'Capaian 20' is a '%' misread
    clipped = role not in (Role.CAPAIAN, Role.PERSEN)
    found = (damaged_year(text, earliest, latest, frozenset(printed), clipped) for text in reversed(path))
    return next((y for y in found if y is not None), None)


_REACH = 5  # years a comparison column reaches from the report year: one Renstra period


def settle_years(
    columns: list[HeaderColumn], report_year: int | None, named: frozenset[int] = frozenset()
) -> tuple[HeaderColumn, ...]:
    """Value columns about another year (prior-year realisasi, next year's or a Renstra target)
    become OTHER_YEAR, so they are read as records of their own year and never confused with the
    report year's columns. Without a known report year the latest realisasi year is taken.
    ``named``: the years the table's caption names, which may put a misread year right."""
    columns = _last_year_lost(_drop_impossible_years(columns, report_year, named), report_year)
    year = _current_year(columns, report_year)
    out = list(columns)
    for role in VALUE_ROLES:
        cols = [c for c in out if c.role == role]
        if not cols:
            continue
        current = [c for c in cols if c.year in (year, None) and not c.plan]
        # of siblings under one parent, one naming the year beats an undated one whose year OCR
        # damaged ('Realisasi' over '221 | 2022'); then a revised budget or agreement the initial one
        dated = [d for d in current if d.year is not None]
        current.sort(key=lambda c: (c.year is None and any(_siblings(c, d) for d in dated), -_stage(c)))
        if not current:  # only plan targets, or only other years: a plan target of the year counts
            current = [c for c in cols if c.year in (year, None)][:1]
        for c in cols:
            if c not in current or c is not current[0]:
                other = c.year is not None and c.year != year
                out[c.col] = _with_role(c, Role.OTHER_YEAR if other else Role.OTHER)
    return tuple(out)


def _last_year_lost(columns: list[HeaderColumn], report_year: int | None) -> list[HeaderColumn]:
    """A realisasi whose header ends where its year was ('Realisasi Tahun', 'Realisasi TA202': OCR
    lost it) beside the report year's realisasi (dated so, or undated) is the year before's, the
    comparison LAKIP tables print: when it is the only such column and no column names the year
    before (a trend of several years stays undated, as does anything without a report year)."""
    if report_year is None:
        return columns
    lost = [c for c in columns if c.year is None and c.value_role in _REALISED and YEAR_CUT.search(" ".join(c.path))]
    current = any(c.year in (report_year, None) and c.value_role in _REALISED for c in columns if c not in lost)
    if len(lost) != 1 or not current or any(c.year == report_year - 1 for c in columns):
        return columns
    return [replace(c, year=report_year - 1) if c is lost[0] else c for c in columns]


def _stage(c: HeaderColumn) -> int:
    """1 for a revised pagu or target ('Pagu Revisi', 'Target PK Perubahan'), -1 for the initial one
    ('Pagu Awal', 'Anggaran Murni'), 0 when the header names no stage."""
    joined = " ".join(c.path)
    if INITIAL_STAGE.search(joined):
        return -1
    final = c.value_role == Role.PAGU and FINAL_BUDGET.search(joined)
    return 1 if REVISED_STAGE.search(joined) or final else 0


def _siblings(a: HeaderColumn, b: HeaderColumn) -> bool:
    """Two columns headed below one parent."""
    return len(a.path) > 1 and a.path[:-1] == b.path[:-1] and a.col != b.col


def _drop_impossible_years(
    columns: list[HeaderColumn], report_year: int | None, named: frozenset[int] = frozenset()
) -> list[HeaderColumn]:
    """Nothing is realised after the report year: a later year over a realisasi column is a misread
    ('2035' for '2025' in a scan), and so is the same year over its neighbours under one parent,
    or a later year alone beside realisasi columns and no target ('Realisasi' over '2024 | 2028',
    the parent lost).
    The misread year is put right when the caption names one year it can be (``_meant_year``),
    else the column is left undated. Nor is a Renstra target dated before the report year
    (``_plan_end``)."""
    if report_year is None:
        return columns
    realised = (Role.REALISASI, Role.REAL_RP, Role.CAPAIAN, Role.PERSEN)
    # beside realisasi columns, but not where targets are printed too: a capaian table's later year
    # alone is its next year's target ('Target Tahun 2022', the words lost to OCR)
    beside = any(c.value_role in realised for c in columns) and not any(c.value_role == Role.TARGET for c in columns)
    wrong = {
        c.year
        for c in columns
        if c.year is not None and c.year > report_year and (c.value_role in realised or (beside and c.value_role is None))
    }
    return [
        replace(c, year=_meant_year(c, columns, report_year, named))
        if c.year in wrong and not c.plan
        else replace(c, year=_plan_end(c.year, report_year))
        if c.plan and c.year is not None and c.year < report_year
        else c
        for c in columns
    ]


def _plan_end(misread: int, report_year: int) -> int:
    """The year a Renstra target dated before the report year stood for (a plan is not dated
    before the year it is reported in: 'Target 2023 (Renstra)' in a 2025 report is OCR's '2029'):
    the last year of the five-year period the report year falls in, the national medium-term
    plan's (RPJMN 2020-2024, 2025-2029) that sets the Renstra of central agencies and their
    offices, when one digit from the year read; else the year as read (undated, a plan column
    could be taken for the report year's target)."""
    end = report_year + (4 - report_year % 5) % 5
    return end if _one_digit_apart(end, misread) else misread


_REALISED = (Role.REALISASI, Role.REAL_RP)  # one kind of column, whatever its unit


def _meant_year(
    column: HeaderColumn, columns: Sequence[HeaderColumn], report_year: int, named: frozenset[int]
) -> int | None:
    """The year a misread header year stood for: the one year the caption names, up to the report
    year, one digit from the misread one ('2025' for 2023 under 'Tahun 2023 dan 2024'), that no
    other column of its kind is about. A realisasi column beside an undated or report-year one
    is not about the report year. None when no such year, or more than one, fits."""
    assert column.year is not None
    kind = _REALISED if column.value_role in _REALISED else (column.value_role,)
    others = [c for c in columns if c.col != column.col and c.value_role in kind]
    taken = {c.year for c in others}
    if any(c.year in (None, report_year) for c in others):
        taken.add(report_year)
    fits = [y for y in named if y <= report_year and y not in taken and _one_digit_apart(y, column.year)]
    return fits[0] if len(fits) == 1 else None


def _one_digit_apart(a: int, b: int) -> bool:
    return sum(x != y for x, y in zip(str(a), str(b), strict=False)) == 1 and len(str(a)) == len(str(b))


def _current_year(columns: Sequence[HeaderColumn], report_year: int | None) -> int | None:
    """The year a table's main value columns are about: the report year if any value column is
    undated or names it, else the latest year realised (a 2023 comparison table is about 2023)."""
    values = [c for c in columns if c.role in VALUE_ROLES]
    if report_year is not None and any(c.year in (report_year, None) for c in values):
        return report_year
    realised = [c.year for c in values if c.role in (Role.REALISASI, Role.REAL_RP) and c.year is not None]
    dated = [c.year for c in values if c.year is not None]
    return max(realised or dated) if (realised or dated) else report_year


def _with_role(c: HeaderColumn, role: Role) -> HeaderColumn:
    return HeaderColumn(c.col, c.path, role, c.value_role, c.year, c.plan)
