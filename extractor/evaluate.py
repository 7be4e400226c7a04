"""Accuracy of an extraction against a gold file (the format of ``samples/gold/SCHEMA.md``).

Used by the accuracy tests and the benchmarks, and by anyone who annotates a report of their own:
rows are paired one-to-one (best label match for indicators, equal amounts for budget lines), then
each pair's values are compared.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from extractor.catalogue.labels import plain_label
from extractor.catalogue.load import builtin_normaliser
from extractor.models import Document, IndicatorRecord


@dataclass(frozen=True)
class Score:
    gold: int
    right: int  # gold rows found with all compared values right
    extracted: int
    matched: int  # extracted rows paired with some gold row
    misses: tuple[str, ...] = field(default_factory=tuple)
    labels_right: int = 0  # of the ``right`` rows: label (and sasaran) read as printed

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0


def _norm(label: str) -> str:
    """Labels compared with unit names masked: gold and extraction may name the unit differently."""
    return " ".join(builtin_normaliser().mask_units(plain_label(label)).split())


def _letters(text: str | None) -> str:
    """Letters and digits only: a label read as printed, whatever its line breaks and spacing."""
    return re.sub(r"[^0-9a-z]", "", (text or "").lower())


def label_as_printed(got: str | None, want: str | None, *also: str | None) -> bool:
    """Whether ``got`` holds exactly the letters and digits of ``want`` (or of ``want`` after one
    of ``also``, a code printed in its own column): no band text, row number or value glued on,
    no line lost. The pairing of rows is fuzzy; this is the strict check of the label itself."""
    key = _letters(got)
    return key == _letters(want) or any(a and key == _letters(f"{a} {want}") for a in also)


def same_value(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return str(a).strip().upper() == str(b).strip().upper()
    return math.isclose(float(a), float(b), abs_tol=0.011)


def score_indicators(doc: Document, gold: dict[str, Any], *, year: int | None = None) -> Score:
    """Gold ``performance`` rows found with target, realisasi and capaian right; precision over
    extracted report-year indicators that pair with a gold performance or agreement row."""
    year = year or gold["satker"]["year"]
    extracted = [i for i in doc.indicators if i.year in (year, None)]
    labels = [_norm(i.label) for i in extracted]
    pairs = _pair_indicators(gold["performance"], extracted, labels)
    right, as_printed, misses = 0, 0, []
    for g, e in pairs:
        row, ind = gold["performance"][g], extracted[e]
        got = (_val(ind.target), _val(ind.realisasi), _val(ind.capaian))
        want = (row["target"], row["realisasi"], row["capaian"])
        if all(same_value(a, b) for a, b in zip(got, want, strict=True)):
            right += 1
            as_printed += _indicator_as_printed(ind, row)
        else:
            misses.append(f"line {row.get('line')}: {row['indicator'][:50]!r} want {want} got {got}")
    used_g, used_e = {g for g, _ in pairs}, {e for _, e in pairs}
    misses += [
        f"line {row.get('line')}: {row['indicator'][:50]!r} not found"
        for g, row in enumerate(gold["performance"])
        if g not in used_g
    ]
    agreement = [_norm(a["indicator"]) for a in gold.get("agreement", [])]
    matched = len(used_e) + sum(
        1
        for e, el in enumerate(labels)
        if e not in used_e and any(fuzz.token_set_ratio(el, a) >= 75 for a in agreement)
    )
    return Score(len(gold["performance"]), right, len(extracted), matched, tuple(misses), as_printed)


def _pair_indicators(
    rows: Sequence[dict[str, Any]], extracted: Sequence[IndicatorRecord], labels: Sequence[str]
) -> list[tuple[int, int]]:
    """(gold row, extracted indicator) pairs, one-to-one, best label match first; on a tie the
    capaian row, not the same wording's Perjanjian Kinerja row."""
    pairs: list[tuple[float, bool, int, int]] = []
    for g, row in enumerate(rows):
        gl = _norm(row["indicator"])
        for e, el in enumerate(labels):
            s = (fuzz.token_set_ratio(gl, el) + fuzz.token_sort_ratio(gl, el)) / 2
            if s >= 70:
                pairs.append((s, extracted[e].role == "performance", g, e))
    used_g: set[int] = set()
    used_e: set[int] = set()
    out = []
    for _s, _perf, g, e in sorted(pairs, reverse=True):
        if g not in used_g and e not in used_e:
            used_g.add(g)
            used_e.add(e)
            out.append((g, e))
    return out


def _indicator_as_printed(ind: IndicatorRecord, row: dict[str, Any]) -> bool:
    sasaran_ok = not row.get("sasaran") or label_as_printed(ind.sasaran, row["sasaran"])
    return label_as_printed(ind.label, row["indicator"]) and sasaran_ok


def _val(v: Any) -> Any:
    return None if v is None else v.value


def score_budget(doc: Document, gold: dict[str, Any]) -> Score:
    """Gold budget rows (with an amount) found with pagu and realisasi right."""
    rows = [b for b in gold["budget"] if b.get("pagu") is not None or b.get("realisasi") is not None]
    extracted = list(doc.budget)
    used: set[int] = set()
    right, as_printed, misses = 0, 0, []
    for row in rows:
        best, best_score = None, -1.0
        for e, rec in enumerate(extracted):
            if e in used:
                continue
            if same_value(_val(rec.pagu), row.get("pagu")) and same_value(
                _val(rec.realisasi), row.get("realisasi")
            ):
                s = fuzz.token_set_ratio(_norm(rec.name), _norm(row.get("name") or ""))
                if s > best_score:
                    best, best_score = e, s
        if best is None:
            misses.append(
                f"line {row.get('line')}: {row.get('name', '')[:50]!r} {row.get('pagu')} / {row.get('realisasi')}"
            )
            continue
        used.add(best)
        right += 1
        as_printed += label_as_printed(extracted[best].name, row.get("name"), row.get("code"))
    matched = len(used)
    return Score(len(rows), right, len(extracted), matched, tuple(misses), as_printed)


def score_budget_report_year(doc: Document, gold: dict[str, Any], *, year: int | None = None) -> Score:
    """``score_budget`` over the budget records of the report year (or of no year) only.

    A layout with a prior-year column yields budget records of that other year; emitted with their
    own year they are right, not noise, so they count neither as hits nor against precision here
    (``score_other_years`` scores them)."""
    year = year or gold["satker"]["year"]
    kept = tuple(b for b in doc.budget if b.year in (year, None))
    return score_budget(dataclasses.replace(doc, budget=kept), gold)


def _pairs(a: str, b: str) -> float:
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2


def score_other_years(doc: Document, gold: dict[str, Any]) -> Score:
    """Values a report prints about other years (``other_years`` of a generated truth file:
    prior-year realisasi, Renstra and next-year targets, a prior-year budget column).

    Each value is right when the document has an indicator (``kind`` performance / agreement) or
    budget record of that ``year`` whose label pairs with the value's label and whose ``field``
    (target, realisasi, capaian, pagu) equals the value. Precision: extracted records of a year
    other than the report year that pair with some value's label."""
    report_year = gold["satker"]["year"]
    entries = gold.get("other_years", [])
    indicators = [i for i in doc.indicators if i.year not in (report_year, None)]
    budget = [b for b in doc.budget if b.year not in (report_year, None)]
    ind_labels = [_norm(i.label) for i in indicators]
    bud_labels = [_norm(b.name) for b in budget]
    paired: set[tuple[str, int]] = set()
    right, misses = 0, []
    for entry in entries:
        label = _norm(entry["label"])
        is_budget = entry["kind"] == "budget"
        records: Sequence[Any] = budget if is_budget else indicators
        labels = bud_labels if is_budget else ind_labels
        found = [
            k
            for k, rec in enumerate(records)
            if rec.year == entry["year"]
            and (
                fuzz.token_set_ratio(label, labels[k]) >= 75 if is_budget else _pairs(label, labels[k]) >= 70
            )
        ]
        paired.update(("b" if is_budget else "i", k) for k in found)
        if any(same_value(_val(getattr(records[k], entry["field"], None)), entry["value"]) for k in found):
            right += 1
        else:
            got = [_val(getattr(records[k], entry["field"], None)) for k in found]
            misses.append(
                f"{entry['kind']} {entry['year']} {entry['field']} {entry['label'][:40]!r}: "
                f"want {entry['value']!r}, " + (f"got {got}" if found else "no record of that year")
            )
    return Score(len(entries), right, len(indicators) + len(budget), len(paired), tuple(misses))


def summary(scores: Sequence[tuple[str, Score]]) -> str:
    return "; ".join(
        f"{name}: recall {s.right}/{s.gold} = {s.recall:.1%}, precision {s.matched}/{s.extracted} = {s.precision:.1%}"
        for name, s in scores
    )
