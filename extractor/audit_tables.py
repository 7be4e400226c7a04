"""Audits of table structure: roll-ups that do not add up, and tables labelled with the wrong year.

Budget tables print parents (program, kegiatan, totals) next to their rows; a parent that is not
the sum of its rows means a row was dropped, mistyped or copied. A table captioned with last year
but holding this year's figures misleads every reader who compares years, and the other checks
must then read it as the report year's table (``as_report_year``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from extractor.audit import (
    _FIELDS,
    AuditInput,
    amount_of,
    describe_line,
    fmt_rp,
    make_flag,
    prov_of,
    same_indicator,
    where,
)
from extractor.catalogue.labels import plain_label
from extractor.models import BudgetRecord, Flag, IndicatorRecord, Provenance

_RANK = {"program": 1, "kegiatan": 2, "kro": 3, "ro": 4}

# ----------------------------------------------------------------------------- roll-ups


def _tables(budget: Iterable[BudgetRecord]) -> list[list[BudgetRecord]]:
    groups: dict[object, list[BudgetRecord]] = {}
    for rec in budget:
        t = rec.provenance.table
        groups.setdefault(("t", t) if t is not None else ("c", rec.table_caption or ""), []).append(rec)
    return list(groups.values())


def _same_year(a: BudgetRecord, b: BudgetRecord) -> bool:
    return a.year is None or b.year is None or a.year == b.year


def _children(rows: Sequence[BudgetRecord]) -> dict[int, list[int]]:
    """Parent row index → child row indices: each row belongs to the nearest preceding higher level."""
    kids: dict[int, list[int]] = {}
    stack: list[int] = []
    for i, rec in enumerate(rows):
        if rec.level == "total":
            stack.clear()
        if (rank := _RANK.get(rec.level)) is None:
            continue
        while stack and (_RANK[rows[stack[-1]].level] >= rank or not _same_year(rows[stack[-1]], rec)):
            stack.pop()
        if stack:
            kids.setdefault(stack[-1], []).append(i)
        stack.append(i)
    return kids


def _roots(rows: Sequence[BudgetRecord]) -> list[BudgetRecord]:
    """Ranked rows that are nobody's child: the top level, plus rows whose parent row is missing."""
    ranked = [r for r in rows if r.level in _RANK]
    kids = {i for found in _children(ranked).values() for i in found}
    return [r for i, r in enumerate(ranked) if i not in kids]


def _top_level(rows: Sequence[BudgetRecord]) -> list[BudgetRecord]:
    if ranked := [r for r in rows if r.level in _RANK]:
        top = min(_RANK[r.level] for r in ranked)
        return [r for r in ranked if _RANK[r.level] == top]
    others = [r for r in rows if r.level != "total"]
    return others if len({r.level for r in others}) == 1 else []


def _sum(rows: Sequence[BudgetRecord], field: str) -> int | None:
    values = [amount_of(getattr(r, field)) for r in rows]
    return sum(v for v in values if v is not None) if values and None not in values else None


def _compare(
    parent: BudgetRecord, options: Sequence[Sequence[BudgetRecord]], tol: int
) -> dict[str, tuple[int, int]]:
    """Fields whose printed value equals the sum of none of the candidate child sets."""
    out: dict[str, tuple[int, int]] = {}
    for field in _FIELDS:
        printed = amount_of(getattr(parent, field))
        sums = [s for rows in options if (s := _sum(rows, field)) is not None]
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
    tables = _tables(inp.budget)
    for rows in tables:
        for parent, kid_is in _children(rows).items():
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
        options = [o for o in (_top_level(segment), _roots(segment), _top_level(whole), _roots(whole)) if o]
        if not segment and len(earlier) >= 2 and all(t.year == rec.year for t in earlier):
            options = [earlier]
        if options and (bad := _compare(rec, options, tol)):
            kids = min(options, key=lambda o: _gap(rec, o, bad))  # report the nearest reading
            bad = {f: (printed, _sum(kids, f) or 0) for f, (printed, _) in bad.items()}
            yield _rollup_flag(rec, kids, bad, _rows_word(kids))
        earlier, last = [*earlier, rec], i


def _gap(parent: BudgetRecord, kids: Sequence[BudgetRecord], fields: Iterable[str]) -> float:
    gaps = [
        abs(p - s)
        for f in fields
        if (p := amount_of(getattr(parent, f))) is not None and (s := _sum(kids, f)) is not None
    ]
    return sum(gaps) if gaps else float("inf")


def _kegiatan_no(code: str | None) -> str | None:
    m = re.search(r"(?<!\d)(\d{4})(?!\d)", code or "")
    return m.group(1) if m else None


def _cross_table(tables: Sequence[Sequence[BudgetRecord]], tol: int) -> Iterator[Flag]:
    """Only when one of pagu/realisasi adds up exactly, which shows the other table lists every RO
    of the kegiatan, is a gap in the other field a defect rather than a partial listing."""
    for rows in tables:
        for keg in (r for r in rows if r.level == "kegiatan" and _kegiatan_no(r.code)):
            no = _kegiatan_no(keg.code)
            for other in tables:
                if other is rows or any(r.level == "kegiatan" and _kegiatan_no(r.code) == no for r in other):
                    continue
                mine = [r for r in other if _kegiatan_no(r.code) == no and _same_year(r, keg)]
                kids = [r for r in mine if r.level == "ro"] or [r for r in mine if r.level == "kro"]
                both = all(
                    amount_of(getattr(keg, f)) is not None and _sum(kids, f) is not None for f in _FIELDS
                )
                if kids and both and len(bad := _compare(keg, [kids], tol)) == 1:
                    yield _rollup_flag(keg, kids, bad, f"the {len(kids)} RO rows of another table")


# ----------------------------------------------------------------------------- year labels


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
    if (year := inp.year) is None:
        return []
    out: list[Mislabel] = []
    ind_tables: dict[tuple[object, str], list[IndicatorRecord]] = {}
    for ind in inp.indicators:
        ind_tables.setdefault((ind.provenance.table, ind.role), []).append(ind)
    for (_, role), rows in ind_tables.items():
        if len(years := {r.year for r in rows}) != 1 or (ty := years.pop()) is None or ty >= year:
            continue
        now = [i for i in inp.indicators if i.role == role and i.year == year]
        if not any(same_indicator(r, c) for r in rows for c in now):
            why = f"no {year} {role} table covers any of its {len(rows)} indicators"
            out.append(Mislabel(tuple(rows), ty, why, tuple(r.provenance for r in rows)))
    big = {v: r for r in inp.budget if r.year == year and (v := amount_of(r.pagu)) and v >= 1_000_000}
    tables = _tables(inp.budget)
    for rows_b in tables:
        if len(years := {r.year for r in rows_b}) != 1 or (ty := years.pop()) is None or ty >= year:
            continue
        echo_b = [(r, big[v]) for r in rows_b if (v := amount_of(r.pagu)) is not None and v in big]
        sums = {
            s for o in (_top_level(rows_b), _roots(rows_b)) if len(o) > 1 and (s := _sum(o, "pagu")) in big
        }
        odd = _odd_one_out(rows_b, tables, year)
        cited: list[Provenance | None]
        if sums:
            twin = big[sums.pop()]
            why = f"its rows add up to the {year} pagu of {describe_line(twin)} at {where(twin.provenance)}"
            cited = [prov_of(r.pagu) for r in (*rows_b, twin)]
        elif echo_b and (
            len(echo_b) >= max(2, len(rows_b) / 2) or any(r.level == "total" for r, _ in echo_b)
        ):
            why = f"{len(echo_b)} of its {len(rows_b)} pagu figures equal {year} figures"
            cited = [prov_of(r.pagu) for pair in echo_b for r in pair]
        elif odd:
            why = f"it breaks a series of {year} tables ({odd}) that has no {year} table in its place"
            cited = [r.provenance for r in rows_b]
        else:
            continue
        out.append(Mislabel(tuple(rows_b), ty, why, tuple(cited)))
    return out


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
    slot = tuple(n for n in re.findall(r"\d+", body) if not re.fullmatch(r"(?:19|20)\d\d", n))
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
