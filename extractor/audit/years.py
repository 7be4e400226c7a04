"""Tables labelled with the wrong year.

A table captioned with last year but holding this year's figures misleads every reader who
compares years, and the other checks must then read it as the report year's table
(``as_report_year``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from extractor.audit.cells import amount_of
from extractor.audit.cite import describe_line, make_flag, prov_of, short, where
from extractor.audit.indicators import IndicatorIndex
from extractor.audit.model import AuditInput, AuditSettings
from extractor.audit.registry import CheckSpec
from extractor.audit.rollup import budget_tables, roots, sum_of, top_level
from extractor.catalogue.labels import plain_label
from extractor.models import BudgetRecord, Flag, IndicatorRecord, Provenance
from extractor.vocabulary import YEAR_DIGITS


@dataclass(frozen=True)
class Mislabel:
    """A table captioned with an earlier year that holds report-year data, and why we think so."""

    rows: tuple[IndicatorRecord, ...] | tuple[BudgetRecord, ...]
    table_year: int
    why: str
    cited: tuple[Provenance | None, ...]


def mislabelled(inp: AuditInput) -> list[Mislabel]:
    """Tables labelled with an earlier year whose indicators no report-year table of their kind
    covers, whose rows add up to a report-year figure, whose figures repeat report-year ones, or
    that break a series of report-year tables. Next-year tables (RKT/PK) are normal appendices."""
    if inp.year is None:
        return []
    return [*_indicator_mislabels(inp, inp.year), *_budget_mislabels(inp, inp.year)]


def _earlier_year(rows: Sequence[IndicatorRecord] | Sequence[BudgetRecord], year: int) -> int | None:
    """The one year all rows of a table carry, when it is before the report year."""
    years = {r.year for r in rows}
    table_year = years.pop() if len(years) == 1 else None
    return table_year if table_year is not None and table_year < year else None


def _indicator_mislabels(inp: AuditInput, year: int) -> Iterator[Mislabel]:
    tables: dict[tuple[object, str], list[IndicatorRecord]] = {}
    for ind in inp.indicators:
        tables.setdefault((ind.provenance.table, ind.role), []).append(ind)
    now = {
        role: IndicatorIndex(i for i in inp.indicators if i.role == role and i.year == year)
        for role in ("performance", "agreement")
    }
    for (_, role), rows in tables.items():
        if (ty := _earlier_year(rows, year)) is not None and not any(r in now[role] for r in rows):
            why = f"no {year} {role} table covers any of its {len(rows)} indicators"
            yield Mislabel(tuple(rows), ty, why, tuple(r.provenance for r in rows))


def _budget_mislabels(inp: AuditInput, year: int) -> Iterator[Mislabel]:
    big = {v: r for r in inp.budget if r.year == year and (v := amount_of(r.pagu)) and v >= 1_000_000}
    tables = budget_tables(inp.budget)
    for rows in tables:
        if (ty := _earlier_year(rows, year)) is not None and (
            found := _budget_reason(rows, tables, big, year)
        ):
            yield Mislabel(tuple(rows), ty, found[0], tuple(found[1]))


def _budget_reason(
    rows: Sequence[BudgetRecord],
    tables: Sequence[Sequence[BudgetRecord]],
    big: dict[int, BudgetRecord],
    year: int,
) -> tuple[str, list[Provenance | None]] | None:
    """Why an earlier-year budget table holds report-year data, with the cells that show it."""
    echo = [(r, big[v]) for r in rows if (v := amount_of(r.pagu)) is not None and v in big]
    sums = {s for o in (top_level(rows), roots(rows)) if len(o) > 1 and (s := sum_of(o, "pagu")) in big}
    if sums:
        twin = big[sums.pop()]
        why = f"its rows add up to the {year} pagu of {describe_line(twin)} at {where(twin.provenance)}"
        return why, [prov_of(r.pagu) for r in (*rows, twin)]
    if echo and (len(echo) >= max(2, len(rows) / 2) or any(r.level == "total" for r, _ in echo)):
        return f"{len(echo)} of its {len(rows)} pagu figures equal {year} figures", [
            prov_of(r.pagu) for pair in echo for r in pair
        ]
    if odd := _odd_one_out(rows, tables, year):
        why = f"it breaks a series of {year} tables ({odd}) that has no {year} table in its place"
        return why, [r.provenance for r in rows]
    return None


def year_mismatch_flags(inp: AuditInput) -> list[Flag]:
    """One info flag per mislabelled table, citing the figures that give it away."""
    flags = []
    for m in mislabelled(inp):
        kind = "Budget" if isinstance(m.rows[0], BudgetRecord) else m.rows[0].role.capitalize()
        message = (
            f"{kind} table at {where(m.rows[0].provenance)} is labelled {m.table_year} in a {inp.year} "
            f"report, but {m.why}."
        )
        values = {"table_year": m.table_year, "report_year": inp.year}
        flags.append(make_flag("year_mismatch", "info", message, m.cited, values))
    return flags


def as_report_year(inp: AuditInput) -> AuditInput:
    """The records with mislabelled tables moved to the report year, so that a capaian table
    captioned with last year is still compared with this year's PK and budget."""
    found = mislabelled(inp)
    if not found or inp.year is None:
        return inp
    moved = {id(r) for m in found for r in m.rows}
    return replace(
        inp,
        indicators=tuple(replace(i, year=inp.year) if id(i) in moved else i for i in inp.indicators),
        budget=tuple(replace(b, year=inp.year) if id(b) in moved else b for b in inp.budget),
    )


_CAPTION_NO = re.compile(r"^\s*(?:tabel|table|lampiran)\s*[\dIVX]+(?:[.-]\d+)*[.:]?\s*", re.I)


def _series(caption: str | None) -> tuple[str, tuple[str, ...]]:
    """A caption's series ('Kinerja-Anggaran Sasaran # Tahun #') and its slot (numbers but years)."""
    body = _CAPTION_NO.sub("", caption or "")
    slot = tuple(n for n in re.findall(r"\d+", body) if not re.fullmatch(YEAR_DIGITS, n))
    return plain_label(re.sub(r"\d+", " ", body)), slot


def _odd_one_out(rows: Sequence[BudgetRecord], tables: Sequence[Sequence[BudgetRecord]], year: int) -> str:
    """'Sasaran 1 Tahun 2023' among 'Sasaran 3 Tahun 2024' and 'Sasaran 4 Tahun 2024' with no 'Sasaran 1
    Tahun 2024': one table of a report-year series captioned with another year. A true prior-year
    table has a report-year twin in the same slot."""
    series, slot = _series(rows[0].table_caption)
    if not series or not slot:
        return ""
    now = [t[0] for t in tables if t[0].year == year and _series(t[0].table_caption)[0] == series]
    if not now or any(_series(t.table_caption)[1] == slot for t in now):
        return ""
    return ", ".join(f"'{t.table_caption}'" for t in now[:3])


def check_year_mismatch(inp: AuditInput, settings: AuditSettings) -> list[Flag]:
    """Tables labelled with an earlier year that hold report-year data."""
    return year_mismatch_flags(inp)


YEAR_MISMATCH = CheckSpec(
    "year_mismatch",
    "info",
    "A table is labelled with another year but holds report-year data.",
    check_year_mismatch,
    as_printed=True,
)


def check_future_realisasi(inp: AuditInput, settings: AuditSettings) -> list[Flag]:
    """Realisasi dated after the report year, one flag per table and year. A report cannot state
    what has not happened yet: the column's year was misread (a scan's '2023' read as '2025') or the
    report's own year was. Targets of later years (next year's PK, the Renstra's end) are normal."""
    if inp.year is None:
        return []
    rows: list[IndicatorRecord | BudgetRecord] = [*inp.indicators, *inp.budget]
    found: dict[tuple[int | None, int], list[IndicatorRecord | BudgetRecord]] = {}
    for row in rows:
        cell = row.realisasi
        if row.year is not None and row.year > inp.year and cell is not None and cell.value is not None:
            found.setdefault((row.provenance.table, row.year), []).append(row)
    return [_future_flag(group, year, inp.year) for (_, year), group in found.items()]


def _future_flag(rows: Sequence[IndicatorRecord | BudgetRecord], year: int, report_year: int) -> Flag:
    first = rows[0]
    label = first.label if isinstance(first, IndicatorRecord) else first.name
    more = f" and {len(rows) - 1} more row(s) of its table carry" if len(rows) > 1 else " carries"
    message = (
        f"'{short(label)}'{more} a realisasi for {year}, after the report year {report_year}: "
        "the column's year, or the report's, was probably misread."
    )
    provs = [prov_of(r.realisasi) for r in rows]
    return make_flag("future_realisasi", "warning", message, provs, {"year": year, "report_year": report_year, "rows": len(rows)})


FUTURE_REALISASI = CheckSpec(
    "future_realisasi",
    "warning",
    "Realisasi dated after the report year: a misread column or report year.",
    check_future_realisasi,
    as_printed=True,
)
