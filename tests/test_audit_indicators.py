"""Finding an indicator in another table (extractor.audit.indicators): the answer same_indicator
gives, at one look-up per row instead of one comparison per pair (issue 15: 648k pairwise calls)."""

from __future__ import annotations

from typing import Any

import pytest
from rapidfuzz import process

import extractor.audit.indicators as indicators
from extractor.audit.indicators import IndicatorIndex, same_indicator
from tests.audit_builders import audit, indicator


def _row(label: str, line: int, role: str = "performance", ident: str | None = None) -> Any:
    from dataclasses import replace

    return replace(indicator(label, 90, 90, 100.0, line, role=role), indicator_id=ident)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Persentase kegiatan koordinasi", None), ("Persentase kegiatan koordinasi", None)),
        (("Persentase kegiatan koordinasi", None), ("Prosentase kegiatan koordinasi", None)),
        (("Persentase kegiatan koordinasi", "x"), ("Indeks lain sama sekali", "x")),
        (("Persentase kegiatan koordinasi", "x"), ("Persentase kegiatan koordinasi", "y")),
        (("Persentase kegiatan koordinasi", "x"), ("Persentase kegiatan koordinasi", None)),
        (("Nilai Akuntabilitas Kinerja", None), ("Opini BPK atas Laporan Keuangan", None)),
    ],
)
def test_the_index_answers_as_same_indicator(a: tuple[str, str | None], b: tuple[str, str | None]) -> None:
    first, second = _row(a[0], 1, ident=a[1]), _row(b[0], 2, ident=b[1])
    assert (first in IndicatorIndex([second])) == same_indicator(first, second)


def test_missing_checks_are_linear_in_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """1000 PK and 1000 reported rows: exact labels need no fuzzy scoring at all, and labels found
    nowhere are scored once each (against all labels in C), never once per pair."""
    calls, real = [], process.extractOne

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(indicators.process, "extractOne", counted)
    monkeypatch.setattr(indicators, "same_indicator", lambda *a: pytest.fail("pairwise comparison"))
    n = 1000
    perf = tuple(_row(f"Indikator nomor {i} kinerja", i + 1) for i in range(n))
    agree = tuple(_row(f"Indikator nomor {i} kinerja", n + i + 1, "agreement") for i in range(n))
    assert audit(perf + agree, only="realisasi_missing") == () and calls == []
    others = tuple(_row(f"Sasaran berbeda {i} lain", n + i + 1, "agreement") for i in range(n))
    flags = audit(perf + others, only="target_missing")
    assert len(flags) == n and len(calls) == n
