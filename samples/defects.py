"""Plant one of each auditable inconsistency into a report plan (``--defects``).

Each planter changes what gets printed and records the values involved; a defect that this gold
file cannot carry (say, no total row anywhere) is listed as skipped with the reason.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from samples.content import (
    BudgetRow,
    BudgetTable,
    Defect,
    Dropped,
    PerfRow,
    PkRow,
    PkTable,
    Plan,
    level_rank,
    normalise,
    pick_foreign_satker,
)
from samples.numbers import percent_of

DEFECT_KINDS = (
    "persen_mismatch",
    "capaian_mismatch",
    "total_mismatch",
    "overspend",
    "duplicate_conflict",
    "target_missing",
    "text_vs_table",
    "foreign_satker",
    "year_mismatch",
)


@dataclass
class _Work:
    """Mutable working copy; turned back into a frozen Plan once every defect is planted."""

    plan: Plan
    performance: list[PerfRow]
    agreement: list[PkTable]
    budget: list[BudgetTable]
    used: set[str] = field(default_factory=set)
    defects: list[Defect] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    perf_caption: str = ""
    absorption: Any = None
    closing_satker: str = ""

    def set_budget_row(self, t: int, row: BudgetRow) -> None:
        rows = tuple(row if r.key == row.key else r for r in self.budget[t].rows)
        self.budget[t] = replace(self.budget[t], rows=rows)

    def set_pk_row(self, t: int, row: PkRow) -> None:
        rows = tuple(row if r.key == row.key else r for r in self.agreement[t].rows)
        self.agreement[t] = replace(self.agreement[t], rows=rows)


def _consistent(row: BudgetRow) -> bool:
    if not row.pagu or row.realisasi is None or row.persen is None:
        return False
    return abs(percent_of(row.realisasi, row.pagu) - row.persen) <= 0.01


def _persen_mismatch(w: _Work, rng: random.Random) -> str | None:
    pool = [
        (t, r)
        for t, table in enumerate(w.budget)
        if table.show_persen
        for r in table.rows
        if r.level != "total" and r.key not in w.used and _consistent(r)
    ]
    if not pool:
        return "no budget row with pagu, realisasi and a matching % to falsify"
    t, row = rng.choice(pool)
    assert row.pagu and row.realisasi is not None
    computed = percent_of(row.realisasi, row.pagu)
    delta = rng.choice((2.17, 3.41, 4.05, 1.88, 6.3))
    printed = round(computed - delta if computed + delta > 100 else computed + delta, 2)
    w.set_budget_row(t, replace(row, persen=printed))
    w.used.add(row.key)
    w.defects.append(
        Defect(
            "persen_mismatch",
            (row.key,),
            {
                "table": w.budget[t].caption,
                "name": row.name,
                "code": row.code,
                "pagu": row.pagu,
                "realisasi": row.realisasi,
                "printed_persen": printed,
                "computed_persen": computed,
                "gold_persen": row.persen,
            },
        )
    )
    return None


def _capaian_mismatch(w: _Work, rng: random.Random) -> str | None:
    pool = [
        r
        for r in w.performance
        if isinstance(r.target, int | float)
        and r.target > 0
        and isinstance(r.realisasi, int | float)
        and r.key not in w.used
    ]
    if not pool:
        return "no performance row with a numeric target and realisasi"
    row = rng.choice(pool)
    assert isinstance(row.target, int | float) and isinstance(row.realisasi, int | float)
    computed = percent_of(row.realisasi, row.target)
    printed = round(max(0.0, computed + rng.choice((7.5, -6.25, 12.0, -9.1))), 2)
    w.performance = [replace(r, capaian=printed) if r.key == row.key else r for r in w.performance]
    w.used.add(row.key)
    w.defects.append(
        Defect(
            "capaian_mismatch",
            (row.key,),
            {
                "indicator": row.indicator,
                "target": row.target,
                "realisasi": row.realisasi,
                "printed_capaian": printed,
                "computed_capaian": computed,
                "gold_capaian": row.capaian,
            },
        )
    )
    return None


def _total_mismatch(w: _Work, rng: random.Random) -> str | None:
    pool = []
    for t, table in enumerate(w.budget):
        children = [r for r in table.rows if r.level != "total" and r.pagu is not None]
        if not children:
            continue
        top = min(level_rank(r.level) for r in children)
        children = [r for r in children if level_rank(r.level) == top]
        pool += [
            (t, r, children)
            for r in table.rows
            if r.level == "total" and r.pagu is not None and r.key not in w.used
        ]
    if not pool:
        return "no table with a total row and child rows"
    t, total, children = rng.choice(pool)
    assert total.pagu is not None
    children_sum = sum(r.pagu or 0 for r in children)
    new_pagu = total.pagu + rng.choice((1_000_000, 2_500_000, 12_750_000, 4_125_000))
    if new_pagu == children_sum:
        new_pagu += 1_000_000
    persen = total.persen
    if total.realisasi is not None and total.persen is not None and new_pagu > 0:
        persen = percent_of(total.realisasi, new_pagu)
    w.set_budget_row(t, replace(total, pagu=new_pagu, persen=persen))
    w.used.add(total.key)
    w.defects.append(
        Defect(
            "total_mismatch",
            (total.key,),
            {
                "table": w.budget[t].caption,
                "name": total.name,
                "field": "pagu",
                "printed_total": new_pagu,
                "children_sum": children_sum,
                "children": [r.name for r in children],
                "gold_total": total.pagu,
                "printed_persen": persen,
            },
        )
    )
    return None


def _overspend(w: _Work, rng: random.Random) -> str | None:
    def candidates(allow_totals: bool) -> list[tuple[int, BudgetRow]]:
        return [
            (t, r)
            for t, table in enumerate(w.budget)
            for r in table.rows
            if (allow_totals or r.level != "total")
            and r.pagu
            and r.realisasi is not None
            and r.realisasi <= r.pagu
            and r.key not in w.used
        ]

    pool = candidates(False) or candidates(True)
    no_total = [(t, r) for t, r in pool if not any(x.level == "total" for x in w.budget[t].rows)]
    pool = no_total or pool
    if not pool:
        return "no budget row with both pagu and realisasi"
    t, row = rng.choice(pool)
    assert row.pagu
    extra = max(1000, round(row.pagu * rng.uniform(0.02, 0.09) / 1000) * 1000)
    realisasi = row.pagu + extra
    persen = percent_of(realisasi, row.pagu) if row.persen is not None else None
    w.set_budget_row(t, replace(row, realisasi=realisasi, persen=persen))
    w.used.add(row.key)
    w.defects.append(
        Defect(
            "overspend",
            (row.key,),
            {
                "table": w.budget[t].caption,
                "name": row.name,
                "code": row.code,
                "pagu": row.pagu,
                "printed_realisasi": realisasi,
                "gold_realisasi": row.realisasi,
                "printed_persen": persen,
            },
        )
    )
    return None


def _shared_indicators(w: _Work) -> list[tuple[int, PkRow, PerfRow]]:
    perf = {normalise(r.indicator): r for r in w.performance}
    return [
        (t, a, perf[normalise(a.indicator)])
        for t, table in enumerate(w.agreement)
        for a in table.rows
        if normalise(a.indicator) in perf
        and a.key not in w.used
        and perf[normalise(a.indicator)].key not in w.used
    ]


def _duplicate_conflict(w: _Work, rng: random.Random) -> str | None:
    pool = [
        (t, a, p)
        for t, a, p in _shared_indicators(w)
        if isinstance(a.target, int | float) and a.target == p.target
    ]
    if not pool:
        return "no indicator in both the PK and the capaian table with the same numeric target"
    t, pk, perf = rng.choice(pool)
    assert isinstance(pk.target, int | float)
    target = pk.target - 5 if pk.target > 5 else pk.target + 5
    w.set_pk_row(t, replace(pk, target=target))
    w.used |= {pk.key, perf.key}
    w.defects.append(
        Defect(
            "duplicate_conflict",
            (pk.key, perf.key),
            {
                "indicator": pk.indicator,
                "agreement_target": target,
                "performance_target": perf.target,
                "gold_target": pk.target,
            },
        )
    )
    return None


def _target_missing(w: _Work, rng: random.Random) -> str | None:
    pool = _shared_indicators(w)
    if not pool:
        return "no PK indicator that also appears in the capaian table"
    _, pk, perf = rng.choice(pool)
    w.performance = [r for r in w.performance if r.key != perf.key]
    w.used |= {pk.key, perf.key}
    w.dropped.append(
        Dropped(
            "performance",
            perf.gold_index,
            "planted defect target_missing: row left out of the capaian table",
            {"indicator": perf.indicator, "sasaran": perf.sasaran},
        )
    )
    w.defects.append(
        Defect(
            "target_missing",
            (pk.key,),
            {"indicator": pk.indicator, "sasaran": pk.sasaran, "agreement_target": pk.target},
        )
    )
    return None


def _text_vs_table(w: _Work, rng: random.Random) -> str | None:
    a = w.absorption
    if a is None:
        return "no report-year total row with pagu, realisasi and % to state in the narrative"
    delta = rng.choice((1.27, 2.36, 3.05, 0.84))
    stated = round(a.persen - delta if a.persen + delta > 100 else a.persen + delta, 2)
    w.absorption = replace(a, stated=stated)
    w.defects.append(
        Defect(
            "text_vs_table",
            ("text:absorption_detail", a.row_key),
            {"stated": stated, "table_value": a.persen, "pagu": a.pagu, "realisasi": a.realisasi},
        )
    )
    return None


def _foreign_satker(w: _Work, rng: random.Random) -> str | None:
    foreign = pick_foreign_satker(w.plan.names, rng)
    w.closing_satker = foreign
    w.defects.append(
        Defect("foreign_satker", ("text:closing",), {"printed": foreign, "expected": w.plan.names.satker})
    )
    return None


def _year_mismatch(w: _Work, rng: random.Random) -> str | None:
    year = w.plan.year
    absorption_key = w.absorption.row_key if w.absorption else None
    pool = [
        (t, table)
        for t, table in enumerate(w.budget)
        if table.year == year and table.show_realisasi and table.section == "bab3"
    ]
    pool.sort(key=lambda item: any(r.key == absorption_key for r in item[1].rows))
    wrong = str(year - 1)
    if pool:
        t, table = pool[0]
        caption = _swap_year(table.caption, year, wrong)
        w.budget[t] = replace(table, caption=caption)
        key = f"cap:{table.key}"
    else:
        caption = _swap_year(w.perf_caption, year, wrong)
        w.perf_caption = caption
        key = "cap:perf"
    w.defects.append(
        Defect("year_mismatch", (key,), {"caption": caption, "caption_year": year - 1, "table_year": year})
    )
    return None


def _swap_year(caption: str, year: int, wrong: str) -> str:
    matches = list(re.finditer(rf"\b{year}\b", caption))
    if not matches:
        return f"{caption} Tahun {wrong}"
    m = matches[-1]
    return caption[: m.start()] + wrong + caption[m.end() :]


_PLANTERS: dict[str, Callable[[_Work, random.Random], str | None]] = {
    "persen_mismatch": _persen_mismatch,
    "capaian_mismatch": _capaian_mismatch,
    "total_mismatch": _total_mismatch,
    "overspend": _overspend,
    "duplicate_conflict": _duplicate_conflict,
    "target_missing": _target_missing,
    "text_vs_table": _text_vs_table,
    "foreign_satker": _foreign_satker,
    "year_mismatch": _year_mismatch,
}


def plant_defects(plan: Plan) -> Plan:
    """A new plan with one defect of each kind planted (deterministic for the plan's seed)."""
    rng = random.Random(plan.seed ^ 0xDEFEC7)
    w = _Work(
        plan,
        list(plan.performance),
        list(plan.agreement),
        list(plan.budget),
        perf_caption=plan.perf_caption,
        absorption=plan.absorption,
        closing_satker=plan.closing_satker,
    )
    if plan.absorption is not None:
        w.used.add(plan.absorption.row_key)
    for kind in DEFECT_KINDS:
        reason = _PLANTERS[kind](w, rng)
        if reason:
            w.skipped.append({"kind": kind, "reason": reason})
    return replace(
        plan,
        performance=tuple(w.performance),
        agreement=tuple(w.agreement),
        budget=tuple(w.budget),
        perf_caption=w.perf_caption,
        absorption=w.absorption,
        closing_satker=w.closing_satker,
        dropped=(*plan.dropped, *w.dropped),
        defects=tuple(w.defects),
        skipped_defects=tuple(w.skipped),
    )
