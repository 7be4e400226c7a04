"""The accuracy scorer: a gold capaian row pairs with the extracted capaian row of its wording."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from extractor.evaluate import score_indicators
from tests.test_audit import indicator


def test_a_gold_capaian_row_pairs_with_the_capaian_row_not_the_same_wordings_agreement_row() -> None:
    label = "Persentase KPU Kabupaten yang menyelenggarakan Pemilu sesuai jadwal"
    doc: Any = SimpleNamespace(
        indicators=(
            indicator(label, 100, 100, 100.0, line=10, table=0, year=2023),
            indicator(label, 100, None, None, line=40, table=3, role="agreement", year=2023),
        )
    )
    gold = {
        "satker": {"year": 2023},
        "performance": [{"indicator": label, "target": 100, "realisasi": 100, "capaian": 100, "line": 1}],
        "agreement": [{"indicator": label, "target": 100}],
    }
    score = score_indicators(doc, gold)
    assert (score.right, score.gold) == (1, 1), score.misses
