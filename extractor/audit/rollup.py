"""Budget roll-ups: a parent row (program, kegiatan, KRO, total) against the sum of its rows.

Budget tables print parents next to their rows; a parent that is not the sum of its rows means a
row was dropped, mistyped or copied. Each table is read in document order, every level nesting
into the nearest preceding higher one (program > kegiatan > KRO > RO), so a gap is reported at
the level it happens, in rupiah.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from extractor.audit.cells import AMOUNT_FIELDS, amount_of
from extractor.audit.cite import describe_line, fmt_rp, make_flag, prov_of
from extractor.audit.model import AuditInput, AuditSettings
from extractor.audit.registry import CheckSpec
from extractor.models import BudgetRecord, Flag

_RANK = {"program": 1, "kegiatan": 2, "kro": 3, "ro": 4}

# ----------------------------------------------------------------------------- roll-ups


def budget_tables(budget: Iterable[BudgetRecord]) -> list[list[BudgetRecord]]:
    groups: dict[object, list[BudgetRecord]] = {}
    for rec in budget:
        t = rec.provenance.table
        groups.setdefault(("t", t) if t is not None else ("c", rec.table_caption or ""), []).append(rec)
    return list(groups.values())


def _same_year(a: BudgetRecord, b: BudgetRecord) -> bool:
    return a.year is None or b.year is None or a.year == b.year


def nesting(rows: Sequence[BudgetRecord]) -> dict[int, list[int]]:
    """Parent row index → child row indices: each row belongs to the nearest preceding higher level
    of its own year. A table with a prior-year column gives each printed row a record per year,
    in turn ('Program 2024', 'Program 2023', 'Kegiatan 2024', ...): each year nests apart."""
    kids: dict[int, list[int]] = {}
    stacks: dict[int | None, list[int]] = {}
    for i, rec in enumerate(rows):
        stack = stacks.setdefault(rec.year, [])
        if rec.level == "total":
            stack.clear()
        if (rank := _RANK.get(rec.level)) is None:
            continue
        while stack and _RANK[rows[stack[-1]].level] >= rank:
            stack.pop()
        if stack:
            kids.setdefault(stack[-1], []).append(i)
        stack.append(i)
    return kids


def roots(rows: Sequence[BudgetRecord]) -> list[BudgetRecord]:
    """Ranked rows that are nobody's child: the top level, plus rows whose parent row is missing."""
    ranked = [r for r in rows if r.level in _RANK]
    kids = {i for found in nesting(ranked).values() for i in found}
    return [r for i, r in enumerate(ranked) if i not in kids]


def top_level(rows: Sequence[BudgetRecord]) -> list[BudgetRecord]:
    if ranked := [r for r in rows if r.level in _RANK]:
        top = min(_RANK[r.level] for r in ranked)
        return [r for r in ranked if _RANK[r.level] == top]
    others = [r for r in rows if r.level != "total"]
    return others if len({r.level for r in others}) == 1 else []


def sum_of(rows: Sequence[BudgetRecord], field: str) -> int | None:
    values = [amount_of(getattr(r, field)) for r in rows]
    return sum(v for v in values if v is not None) if values and None not in values else None


def _compare(
    parent: BudgetRecord, options: Sequence[Sequence[BudgetRecord]], tol: int
) -> dict[str, tuple[int, int]]:
    """Fields whose printed value equals the sum of none of the candidate child sets."""
    out: dict[str, tuple[int, int]] = {}
    for field in AMOUNT_FIELDS:
        printed = amount_of(getattr(parent, field))
        sums = [s for rows in options if (s := sum_of(rows, field)) is not None]
        if printed is not None and sums and all(abs(printed - s) > tol for s in sums):
            out[field] = (printed, sums[0])
    return out


def _rollup_flag(
    parent: BudgetRecord, kids: Sequence[BudgetRecord], bad: dict[str, tuple[int, int]], what: str
) -> Flag:
    parts = [
        f"{f} {fmt_rp(p)} but {what} sum to {fmt_rp(s)} (difference {fmt_rp(p - s)})"
        for f, (p, s) in bad.items()
    ]
    values: dict[str, Any] = {f: {"printed": p, "sum": s, "difference": p - s} for f, (p, s) in bad.items()}
    values |= {"children": len(kids), "child_lines": [c.provenance.line for c in kids]}
    provs = [prov_of(getattr(parent, f)) for f in bad] + [prov_of(getattr(c, f)) for c in kids for f in bad]
    return make_flag(
        "total_mismatch", "error", f"{describe_line(parent)} prints {'; '.join(parts)}.", provs, values
    )


def _rows_word(rows: Sequence[BudgetRecord]) -> str:
    levels = {r.level for r in rows}
    level = levels.pop() if len(levels) == 1 else "child"
    return f"its {len(rows)} {level.upper() if level in ('kro', 'ro') else level} rows"


def total_mismatch_flags(inp: AuditInput, tol: int) -> list[Flag]:
    """Printed parents vs the sum of their rows, within each table in document order (RO/KRO into
    kegiatan, kegiatan into program, top-level rows into a total row; a missing level is skipped),
    plus a kegiatan row vs another table's RO rows of that kegiatan. Sums that do not add up mean
    a row was dropped, mistyped or copied, and the reader cannot know which figure to trust."""
    flags: list[Flag] = []
    tables = budget_tables(inp.budget)
    for rows in tables:
        for parent, kid_is in nesting(rows).items():
            kids = [rows[i] for i in kid_is]
            if bad := _compare(rows[parent], [kids], tol):
                flags.append(_rollup_flag(rows[parent], kids, bad, _rows_word(kids)))
        flags += _total_rows(rows, tol)
    return flags + list(_cross_table(tables, tol))


def _total_rows(rows: Sequence[BudgetRecord], tol: int) -> Iterator[Flag]:
    """A total vs the top-level rows since the previous total or since the table start (either
    may be meant), or vs the earlier subtotals when it directly follows them."""
    last, earlier = -1, list[BudgetRecord]()
    for i, rec in enumerate(rows):
        if rec.level != "total":
            continue
        segment = [r for r in rows[last + 1 : i] if r.level != "total" and _same_year(r, rec)]
        whole = [r for r in rows[:i] if r.level != "total" and _same_year(r, rec)]
        options = [o for o in (top_level(segment), roots(segment), top_level(whole), roots(whole)) if o]
        if not segment and len(earlier) >= 2 and all(t.year == rec.year for t in earlier):
            options = [earlier]
        if options and (bad := _compare(rec, options, tol)):
            kids = min(options, key=lambda o: _gap(rec, o, bad))  # report the nearest reading
            bad = {f: (printed, sum_of(kids, f) or 0) for f, (printed, _) in bad.items()}
            yield _rollup_flag(rec, kids, bad, _rows_word(kids))
        earlier, last = [*earlier, rec], i


def _gap(parent: BudgetRecord, kids: Sequence[BudgetRecord], fields: Iterable[str]) -> float:
    gaps = [
        abs(p - s)
        for f in fields
        if (p := amount_of(getattr(parent, f))) is not None and (s := sum_of(kids, f)) is not None
    ]
    return sum(gaps) if gaps else float("inf")


def _kegiatan_no(code: str | None) -> str | None:
    m = re.search(r"(?<!\d)(\d{4})(?!\d)", code or "")
    return m.group(1) if m else None


def _cross_table(tables: Sequence[Sequence[BudgetRecord]], tol: int) -> Iterator[Flag]:
    """Only when one of pagu/realisasi adds up exactly, which shows the other table lists every RO
    of the kegiatan, is a gap in the other field a defect rather than a partial listing. Tables
    are indexed by kegiatan number, so each kegiatan meets only the tables that list its rows."""
    by_no: dict[str, dict[int, list[BudgetRecord]]] = {}
    listing: dict[str, dict[int, list[BudgetRecord]]] = {}  # kegiatan number -> its kegiatan rows per table
    for t, rows in enumerate(tables):
        for r in rows:
            if (no := _kegiatan_no(r.code)) is not None:
                by_no.setdefault(no, {}).setdefault(t, []).append(r)
                if r.level == "kegiatan":
                    listing.setdefault(no, {}).setdefault(t, []).append(r)
    for no, owners in listing.items():
        for t in sorted(owners):
            for keg in owners[t]:
                for other, found in by_no[no].items():
                    if other not in owners:
                        yield from _cross_flag(keg, [r for r in found if _same_year(r, keg)], tol)


def _cross_flag(keg: BudgetRecord, mine: Sequence[BudgetRecord], tol: int) -> Iterator[Flag]:
    kids = [r for r in mine if r.level == "ro"] or [r for r in mine if r.level == "kro"]
    both = all(amount_of(getattr(keg, f)) is not None and sum_of(kids, f) is not None for f in AMOUNT_FIELDS)
    if kids and both and len(bad := _compare(keg, [kids], tol)) == 1:
        yield _rollup_flag(keg, kids, bad, f"the {len(kids)} RO rows of another table")


def check_total_mismatch(inp: AuditInput, settings: AuditSettings) -> list[Flag]:
    """Printed parents and totals vs the sum of their rows."""
    return total_mismatch_flags(inp, settings.total_tolerance_rupiah)


TOTAL_MISMATCH = CheckSpec(
    "total_mismatch", "error", "A total or parent row is not the sum of its rows.", check_total_mismatch
)
