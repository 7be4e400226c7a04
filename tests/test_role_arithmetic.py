"""Column roles the figures settle: capaian = realisasi / target x 100 (extractor/role_arithmetic.py)."""

from __future__ import annotations

from dataclasses import replace

from extractor.models import Method
from extractor.roles import detect_roles
from extractor.vocabulary import Role
from tests.table_builders import text_table

HEADER = ["Indikator Kinerja", "8", "Realisasi", "Capaian (%)", "Target Tahun"]
ROWS = [
    ["Persentase A", "75%", "67%", "89,33%", "80%"],
    ["Persentase B", "100%", "86,88", "86,88", "100%"],
    ["Persentase C", "R58", "89,57%", "105,38%", "85%"],
    ["Persentase D", "65", "70,83", "108,97", "65"],
]


def test_the_target_is_the_column_the_capaian_is_worked_from() -> None:
    # a scan lost the target's header ('8') and the next year's 'Target Tahun 2024' its year; the
    # next year's targets are mostly the same, so only rows where both hold a figure count: there
    # 67 / 75 = 89,33 % says the unnamed column is the target
    roles = detect_roles(replace(text_table([HEADER, *ROWS]), method=Method.OCR_STREAM), 2023)
    assert roles is not None
    assert roles.roles[1] == Role.TARGET and roles.roles[4] == Role.OTHER


def test_a_named_target_the_figures_agree_with_stays() -> None:
    rows = [[label, t, r, c, "90%"] for label, t, r, c, _ in ROWS]
    roles = detect_roles(replace(text_table([["Indikator Kinerja", "Target", *HEADER[2:4], "Keterangan"], *rows]), method=Method.OCR_STREAM), 2023)
    assert roles is not None and roles.roles[1] == Role.TARGET
    # the same figures with the next year's column named target but agreeing on every row alike: left
    tied = [[label, t, r, c, t] for label, t, r, c, _ in ROWS]
    roles = detect_roles(replace(text_table([HEADER, *tied]), method=Method.OCR_STREAM), 2023)
    assert roles is not None and roles.roles[4] == Role.TARGET
