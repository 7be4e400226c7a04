"""Implausible capaian (extractor.audit.plausibility): far above target, or a count against a %."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from extractor.pipeline import extract
from tests.audit_builders import audit, cell, indicator, lines


def test_a_count_target_with_a_hundredfold_realisasi_is_flagged() -> None:
    """Target '1 Laporan', realisasi '100 Laporan': 10000%, which showed green on the compare page."""
    row = indicator("Jumlah Laporan Barang Milik Negara", 1, 100, None, 40, unit="laporan")
    flags = audit((row,), only="implausible_capaian")
    assert [f.code for f in flags] == ["implausible_capaian"] and lines(flags[0]) == {40}
    assert flags[0].values["capaian"] == 10000.0 and "10.000,00%" in flags[0].message


def test_the_bound_is_a_setting() -> None:
    row = indicator("Jumlah Laporan Barang Milik Negara", 2, 100, None, 40, unit="laporan")  # 5000%
    assert audit((row,), only="implausible_capaian", capaian_bound=6000.0) == ()
    assert len(audit((row,), only="implausible_capaian", capaian_bound=4000.0)) == 1


def test_a_count_against_a_percentage_is_flagged_at_any_size() -> None:
    row = indicator("Jumlah Laporan Keuangan", 1, 1, None, 41, unit="laporan")
    pct = replace(row, realisasi=cell(100.0, 41, 10, "%", col=3), capaian_computed=100.0)
    flags = audit((pct,), only="implausible_capaian")
    assert len(flags) == 1 and flags[0].values["units"] == ["laporan", "%"]
    text = replace(row, target=cell("1 Lakip dan 2 Perjanjian Kinerja", 41, col=2))
    assert len(audit((replace(text, realisasi=pct.realisasi),), only="implausible_capaian")) == 1


def test_plausible_rows_are_not_flagged() -> None:
    rows = (
        indicator("Persentase kegiatan koordinasi", 90, 95, 105.56, 42),
        indicator("Jumlah dokumen", 1, 1, 100.0, 43, unit="dokumen"),
        indicator("Indeks kepuasan", 80, 240, 300.0, 44),  # high but below the bound
        indicator("Nilai Akuntabilitas Kinerja", "B", "CC", None, 45, unit="grade"),
    )
    assert audit(rows, only="implausible_capaian") == ()


def test_fires_on_the_seed_rows_the_gold_names_and_nowhere_else(seed_dir: Path) -> None:
    """Seed 003 rows 11, 13 and 16 (gold lines 293, 295, 299) print a count target and a '100%'
    realisasi; the other seeds have no such row."""
    found = {}
    for name in ("000_473ae7671d36c3fd", "002_71f42d07af92d301", "003_c112caca8715f4b7"):
        doc = extract(seed_dir / f"{name}.txt")
        found[name] = sorted(f.provenance[0].line for f in doc.flags if f.code == "implausible_capaian")
    assert found == {
        "000_473ae7671d36c3fd": [],
        "002_71f42d07af92d301": [],
        "003_c112caca8715f4b7": [293, 295, 299],
    }
