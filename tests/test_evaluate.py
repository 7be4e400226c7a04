"""The accuracy scorer: a gold capaian row pairs with the extracted capaian row of its wording."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from extractor.evaluate import score_indicators
from tests.audit_builders import indicator


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


def test_a_row_right_in_its_values_counts_its_label_as_printed_only_when_nothing_is_glued_on() -> None:
    """Rows pair by a fuzzy label match, so a band line or a row number glued onto a label still
    pairs; ``labels_right`` sees it. Line breaks and spacing do not count against a label."""
    want = "Persentase penyampaian Laporan Pertanggungjawaban Anggaran tepat waktu"
    sasaran = "Meningkatnya Akuntabilitas Keuangan"
    cases = {
        "as printed": (want.replace("Pertanggungjawaban", "Pertanggung- jawaban").replace("-", ""), sasaran, 1),
        "row number glued on": (f"{want} 4", sasaran, 0),
        "band text glued on": (f"{want} Terwujudnya Sumber Daya Manusia", sasaran, 0),
        "sasaran cut short": (want, "Meningkatnya Akuntabilitas", 0),
    }
    for name, (label, got_sasaran, expected) in cases.items():
        doc: Any = SimpleNamespace(indicators=(indicator(label, 90, 90, 100.0, line=1, sasaran=got_sasaran, year=2023),))
        gold = {
            "satker": {"year": 2023},
            "performance": [{"indicator": want, "sasaran": sasaran, "target": 90, "realisasi": 90, "capaian": 100}],
        }
        score = score_indicators(doc, gold)
        assert (score.right, score.labels_right) == (1, expected), name
