"""The audit stays linear in rows (issue 15): a stated figure is looked up among the table figures
near it, not compared with every budget row of the report, and the answers are the same."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, ClassVar

from extractor.audit.context import Figures
from extractor.models import BudgetRecord, TextLine
from tests.audit_builders import audit, budget


class CountedRow(BudgetRecord):
    """A budget row that counts how often any check reads one of its figures."""

    reads: ClassVar[int] = 0

    def __getattribute__(self, name: str) -> Any:
        if name in ("pagu", "realisasi", "persen"):
            CountedRow.reads += 1
        return super().__getattribute__(name)


def counted(rec: BudgetRecord) -> CountedRow:
    return CountedRow(**{f.name: getattr(rec, f.name) for f in fields(rec)})


def _rows(n: int) -> tuple[BudgetRecord, ...]:
    """``n`` RO rows with distinct pagu, realisasi and absorption, and one total."""
    rows = [
        budget("ro", f"RO {i}", 1_000_000_000 + i * 7_000_000, 900_000_000 + i * 6_000_000, None, 20 + i)
        for i in range(n)
    ]
    return (*rows, budget("total", "JUMLAH", 51_412_431_000, 47_457_842_438, 92.31, 20 + n))


def _sentences(n: int) -> tuple[TextLine, ...]:
    texts = [
        f"Pada tahun 2024 pagu anggaran kegiatan {i} sebesar Rp 1.{i:03d}.000.000 dan realisasi "
        f"anggaran mencapai {80 + i % 20},{i % 10}%. Realisasi sebesar Rp 9{i:02d}.000.000."
        for i in range(n)
    ]
    return tuple(TextLine(t, 1, 500 + 2 * i) for i, t in enumerate(texts) for t in (t, ""))


def test_text_figures_read_each_budget_row_a_bounded_number_of_times() -> None:
    """Every sentence naming pagu, realisasi or absorption read every budget row again: 648k
    comparisons and 59% of a 1000-page report's time."""
    rows = tuple(counted(r) for r in _rows(150))
    CountedRow.reads = 0
    flags = audit((), rows, _sentences(150), only="text_vs_table")
    assert flags  # the stated figures differ from the rows: the lookups ran
    assert CountedRow.reads < 40 * len(rows)  # was over 150 sentences x 150 rows x 3 figures


def test_lookup_among_sorted_figures_agrees_with_comparing_every_row() -> None:
    rows = _rows(40)
    near = (
        "Pagu anggaran tahun 2024 sebesar Rp 1.070.000.001.",  # RO 10 within the 1-rupiah tolerance
        "Realisasi anggaran tahun 2024 sebesar Rp 960.000.002.",  # two rupiah off RO 10
        "Realisasi anggaran tahun 2024 mencapai 92,3%.",  # the total truncated to one decimal
        "Realisasi anggaran tahun 2024 mencapai 92,4%.",  # no row gives it
    )
    text = tuple(TextLine(t, 1, 500 + 2 * i) for i, t in enumerate(near))
    flags = audit((), rows, text, only="text_vs_table")
    assert sorted(f.values["stated"] for f in flags) == [92.4, 960_000_002]


def test_figures_near_returns_the_values_within_reach_only() -> None:
    figures = Figures.of([5.0, None, 1.0, float("nan"), 3.0, 10**30, float("inf"), 2.5])
    assert figures.values == (1.0, 2.5, 3.0, 5.0, 10**30)
    assert figures.near(3.0, 0.5) == (2.5, 3.0)
    assert figures.near(4.0, 0.9) == ()
    assert not Figures.of([None, float("nan")])
