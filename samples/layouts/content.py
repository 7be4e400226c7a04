"""What a generated report says: satker, year, indicators and budget lines with fresh values.

Wordings (sasaran, indicator labels, units, program/kegiatan/RO names and codes) come from the
three real gold files, reshuffled; every number is drawn anew and kept consistent the way a
report's author keeps it (capaian = realisasi / target, parents sum their children, totals sum
the top level), so a right extraction can be checked value by value.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from samples.layouts.budget_lines import BudgetLine, draw_budget, gold_files
from samples.layouts.spec import LayoutSpec, renstra_year
from samples.numbers import COUNT_UNITS, Value, percent_of

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ROOT / "data" / "regions.json"

UNITS = frozenset({"%", "grade", "opini", "nilai", "indeks"} | COUNT_UNITS)
GRADES = ("C", "CC", "B", "BB", "A", "AA")
SUMBER = (
    "Laporan Keuangan",
    "Aplikasi SAKTI",
    "LHE AKIP",
    "Dokumen Sekretariat",
    "Sidalih",
    "Laporan Kegiatan",
    "Data Subbag Teknis",
    "SIPOL",
)
_SATKER_IN_TEXT = re.compile(
    r"KPU (?:Kota|Kabupaten|Provinsi) (?:Prabumulih|Rejang Lebong|Kalimantan Tengah)"
)


@dataclass(frozen=True)
class Satker:
    name: str  # "KPU Kabupaten Lahat"
    level: str
    region: str
    province: str | None

    @property
    def area(self) -> str:
        return self.name.removeprefix("KPU ")


@dataclass(frozen=True)
class Indicator:
    """One indicator with every value any column of any layout might print."""

    sasaran: str
    text: str
    unit: str
    target: Value
    realisasi: Value
    capaian: Value
    prior: Value  # realisasi of the year before
    renstra: Value  # end-of-Renstra target
    next_target: Value  # next year's target
    kategori: str
    keterangan: str
    sumber: str


@dataclass(frozen=True)
class Report:
    seed: int
    year: int
    satker: Satker
    indicators: tuple[Indicator, ...]
    budgets: tuple[tuple[BudgetLine, ...], ...]  # one per budget spec, total included


@cache
def _regions() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(REGIONS.read_text(encoding="utf-8"))["regions"])


def _pick_satker(rng: random.Random) -> Satker:
    pool = [(g["satker"]["level"], g["satker"]["region"], g["satker"]["province"]) for g in gold_files()]
    pool += [(r["level"], r["name"], r["province"]) for r in _regions()]
    level, region, province = rng.choice(pool)
    return Satker(f"KPU {level.title()} {region}", level, region, province)


@cache
def indicator_pool() -> tuple[tuple[str, str, str], ...]:
    """(sasaran, indicator, unit) from the gold performance and agreement rows, deduplicated."""
    seen: dict[str, tuple[str, str, str]] = {}
    for gold in gold_files():
        for row in (*gold["performance"], *gold["agreement"]):
            unit, target = (row.get("unit") or "").lower(), row.get("target")
            if unit not in UNITS or not row.get("sasaran"):
                continue
            if isinstance(target, str) and unit not in ("grade", "opini"):
                continue
            key = re.sub(r"[^a-z]+", "", _SATKER_IN_TEXT.sub("KPU", row["indicator"]).lower())
            seen.setdefault(key, (" ".join(row["sasaran"].split()), row["indicator"], unit))
    return tuple(seen.values())


def _grade_capaian(target: str, realisasi: str) -> float:
    return percent_of(GRADES.index(realisasi) + 1, GRADES.index(target) + 1)


def _kategori(capaian: float | None) -> str:
    if capaian is None:
        return "-"
    return (
        "Sangat Baik"
        if capaian >= 90
        else "Baik"
        if capaian >= 75
        else "Cukup"
        if capaian >= 60
        else "Kurang"
    )


def _numeric(unit: str, rng: random.Random) -> tuple[float | int, float | int, float | int, float | int]:
    """(target, realisasi, prior, renstra) for a numeric unit."""
    if unit == "%":
        target: float | int = rng.choice((70, 75, 80, 85, 90, 90, 95, 100, 100, 100, 92.5))
        real = round(min(100.0, float(target) * rng.uniform(0.8, 1.12)), rng.choice((0, 0, 1, 2)))
        prior = round(min(100.0, float(target) * rng.uniform(0.75, 1.1)), rng.choice((0, 1, 2)))
        renstra: float | int = min(100, int(target) + rng.choice((0, 5, 10)))
    elif unit in COUNT_UNITS:
        target = rng.randint(1, 24)
        real = max(0, target + rng.choice((0, 0, 0, 0, -1, 1, 2)))
        prior = max(0, target + rng.choice((-2, -1, 0, 1)))
        renstra = target * rng.choice((1, 2, 4, 5))
    else:
        target = rng.choice((60, 65, 70, 75, 77, 79, 80, 85, 3.5))
        real = round(float(target) * rng.uniform(0.85, 1.1), rng.choice((0, 1, 2)))
        prior = round(float(target) * rng.uniform(0.8, 1.05), rng.choice((0, 1, 2)))
        renstra = round(float(target) * rng.choice((1.0, 1.05, 1.1)), 1)
    return target, _int_if_whole(real), _int_if_whole(prior), _int_if_whole(renstra)


def _int_if_whole(v: float | int) -> float | int:
    return int(v) if float(v).is_integer() else v


def _indicator(sasaran: str, text: str, unit: str, rng: random.Random) -> Indicator:
    if unit == "grade":
        target: Value = rng.choice(("B", "BB", "A"))
        realisasi: Value = rng.choice(("CC", "B", "BB", "BB", "A"))
        prior: Value = rng.choice(("CC", "B", "BB"))
        renstra: Value = rng.choice(("BB", "A"))
        next_target: Value = rng.choice(("B", "BB", "A"))
        capaian: Value = _grade_capaian(str(target), str(realisasi))
    elif unit == "opini":
        target, prior, renstra, next_target = "WTP", rng.choice(("WTP", "WTP", "WDP")), "WTP", "WTP"
        realisasi = "WTP" if rng.random() < 0.85 else "WDP"
        capaian = 100 if realisasi == target else 75
    else:
        t, r, p, rs = _numeric(unit, rng)
        target, realisasi, prior, renstra = t, r, p, rs
        next_target = (
            _int_if_whole(round(min(100.0, float(t) + rng.choice((0, 0, 5))), 1)) if unit == "%" else t
        )
        capaian = percent_of(r, t) if t else None
    if rng.random() < 0.04:
        realisasi, capaian = None, None  # not yet available when the report went out
    cap = float(capaian) if isinstance(capaian, int | float) else None
    keterangan = "Tercapai" if cap is not None and cap >= 100 else "Tidak Tercapai" if cap is not None else ""
    if rng.random() < 0.3:
        keterangan = ""
    return Indicator(
        sasaran=sasaran,
        text=text,
        unit=unit,
        target=target,
        realisasi=realisasi,
        capaian=_int_if_whole(capaian) if isinstance(capaian, float) else capaian,
        prior=prior,
        renstra=renstra,
        next_target=next_target,
        kategori=_kategori(cap),
        keterangan=keterangan,
        sumber=rng.choice(SUMBER),
    )


def _indicators(spec: LayoutSpec, satker: Satker, rng: random.Random) -> tuple[Indicator, ...]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for sasaran, text, unit in indicator_pool():
        groups.setdefault(sasaran.casefold(), []).append((text, unit))
    sasaran_text = {s.casefold(): s for s, _, _ in indicator_pool()}
    order = list(groups)
    rng.shuffle(order)
    out: list[Indicator] = []
    for key in order:
        members = list(groups[key])
        rng.shuffle(members)
        for text, unit in members[: rng.randint(1, 4)]:
            if len(out) >= spec.perf.rows:
                break
            label = _SATKER_IN_TEXT.sub(satker.name, text)
            out.append(_indicator(sasaran_text[key], label, unit, rng))
    return tuple(out)


def draw_report(spec: LayoutSpec) -> Report:
    """The content for a layout: same spec, same content."""
    rng = random.Random(f"lakip-content-{spec.seed}")
    satker = _pick_satker(rng)
    budgets = [draw_budget(b, rng) for b in spec.budgets]
    return Report(spec.seed, spec.year, satker, _indicators(spec, satker, rng), tuple(budgets))


__all__ = ["BudgetLine", "Indicator", "Report", "Satker", "draw_report", "indicator_pool", "renstra_year"]
