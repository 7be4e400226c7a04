"""What a narrative check knows about the report year: its rows, totals and how to cite a sentence.

Only sentences about the report year (or naming no other year) are compared, and a stated figure
counts as supported when *any* report-year table figure of its kind gives it: a flag means no
table backs the number, not merely that it differs from the total.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from extractor.audit.cells import AMOUNT_FIELDS, amount_of, in_year, indicator_key, number_of
from extractor.audit.model import AuditInput, AuditSettings
from extractor.audit.sentences import Sentence, year_of_figure
from extractor.models import BudgetRecord, IndicatorRecord, Method, Provenance
from extractor.values import ValueKind, parse_value

CODE = "text_vs_table"
PCT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,3})?)\s?(?:%|persen\b)", re.I)
RP = re.compile(r"\bRp\s?\.?\s?\d{1,3}(?:[.,]\d{3})+(?:,\d{1,2})?(?:,-)?", re.I)
PAGU_WORD = re.compile(
    r"\bpagu(?:\s+(?:anggaran|dipa|definitif|awal|akhir|terakhir|revisi))*|\balokasi\s+anggaran", re.I
)
REAL_WORD = re.compile(
    r"\brealisasi(?:\s+anggaran)?|\bterealisasi|\bpenyerapan(?:\s+anggaran)?|\bmerealisasikan", re.I
)
CHANGE_WORD = re.compile(
    r"\b(?:naik|meningkat|turun|menurun|kenaikan|peningkatan|penurunan|selisih|bertambah|berkurang)", re.I
)


@dataclass(frozen=True)
class Figures:
    """Table figures sorted once, so asking whether any of them gives a stated figure looks at the
    few near it instead of every row of the report (linear, not rows x sentences)."""

    values: tuple[float, ...]

    @classmethod
    def of(cls, values: Iterable[float | None]) -> Figures:
        # NaN and infinities agree with no stated figure, and would break the sort order
        return cls(tuple(sorted(v for v in values if v is not None and (isinstance(v, int) or math.isfinite(v)))))

    def __bool__(self) -> bool:
        return bool(self.values)

    def near(self, stated: float, reach: float) -> tuple[float, ...]:
        """The figures within ``reach`` of ``stated``."""
        low = bisect.bisect_left(self.values, stated - reach)
        return self.values[low : bisect.bisect_right(self.values, stated + reach)]


@dataclass(frozen=True)
class Context:
    inp: AuditInput
    year: int | None
    perf: tuple[IndicatorRecord, ...]  # report-year performance rows, every occurrence
    agree: tuple[IndicatorRecord, ...]
    budget: tuple[BudgetRecord, ...]  # report-year budget rows
    tol: float  # capaian tolerance
    distinct: tuple[IndicatorRecord, ...]  # first performance row of each indicator

    @property
    def label(self) -> str:
        return str(self.year or "report-year")

    def prov(self, sent: Sentence, offset: int) -> Provenance:
        ln = sent.line_at(offset)
        return Provenance(self.inp.file, ln.page, ln.line, ln.bbox, Method.NARRATIVE)

    def total(self, field: str) -> BudgetRecord | None:
        """The report-year total that prints ``field`` (pagu, realisasi or persen), the largest."""
        return self._totals[field]

    @cached_property
    def _totals(self) -> dict[str, BudgetRecord | None]:
        """``total`` of each field, found once (every budget flag quotes it)."""
        totals = [b for b in self.budget if b.level == "total"]
        return {
            field: max(
                (b for b in totals if number_of(getattr(b, field)) is not None),
                key=lambda b: number_of(b.pagu) or 0.0,
                default=None,
            )
            for field in (*AMOUNT_FIELDS, "persen")
        }

    @cached_property
    def absorptions(self) -> Figures:
        """Every printed % and realisasi/pagu of the report-year budget rows."""
        return Figures.of(v for b in self.budget for v in (number_of(b.persen), ratio(b)))

    @cached_property
    def total_absorptions(self) -> Figures:
        """The same for the report-year total rows only."""
        totals = (b for b in self.budget if b.level == "total")
        return Figures.of(v for b in totals for v in (number_of(b.persen), ratio(b)))

    @cached_property
    def amounts(self) -> dict[str, Figures]:
        """Pagu and realisasi (whole rupiah) of the report-year budget rows, per field."""
        return {
            field: Figures.of(v for b in self.budget if (v := amount_of(getattr(b, field))) is not None)
            for field in AMOUNT_FIELDS
        }


def snippet(sent: Sentence, m: re.Match[str]) -> str:
    text = sent.text[max(0, m.start() - 40) : m.end() + 10].strip()
    return text if len(text) <= 120 else text[:117] + "..."


def ratio(rec: BudgetRecord) -> float | None:
    pagu, real = number_of(rec.pagu), number_of(rec.realisasi)
    return real * 100 / pagu if pagu and real is not None and pagu > 0 else rec.persen_computed


def same_at_precision(stated: float, value: float, decimals: int) -> bool:
    """Equal once rounded or truncated to the stated decimals; stricter than the table checks
    because a stated figure is compared with every row, where slack finds false twins."""
    unit = 10.0**-decimals
    return abs(stated - value) <= unit / 2 + 1e-9 or 0 <= value - stated < unit - 1e-9


def stated_pct(sent: Sentence, ctx: Context, start: int, window: int) -> tuple[re.Match[str], float] | None:
    """The first percentage after ``start`` if the sentence places it in the report year."""
    m = PCT.search(sent.text, start, min(len(sent.text), start + window))
    if m is None or not in_year(year_of_figure(sent.text, m.start()), ctx.year):
        return None
    parsed = parse_value(m.group(0), expect="percent")
    if parsed.kind is not ValueKind.PERCENT or not isinstance(parsed.value, int | float):
        return None
    return m, float(parsed.value)


def build_context(inp: AuditInput, settings: AuditSettings) -> Context:
    year = inp.year
    perf = tuple(i for i in inp.indicators if i.role == "performance" and in_year(i.year, year))
    return Context(
        inp=inp,
        year=year,
        perf=perf,
        agree=tuple(i for i in inp.indicators if i.role == "agreement" and in_year(i.year, year)),
        budget=tuple(b for b in inp.budget if in_year(b.year, year)),
        tol=settings.capaian_tolerance,
        distinct=tuple({indicator_key(i): i for i in reversed(perf)}.values())[::-1],
    )
