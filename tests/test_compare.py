"""Tests for extractor.compare: the cross-unit views group by measure unless asked for ids."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from extractor.compare import CompareSettings, compare
from extractor.errors import ExitCode


def batch_tables(out: Path) -> None:
    """Three units report the AKIP score, one in the Sekretariat's wording (another id, one measure)."""
    rows = [
        ("KPU Kota A", "nilai_akuntabilitas_kinerja", 100.0),
        ("KPU Kota B", "nilai_akuntabilitas_kinerja", 98.0),
        ("KPU Kota C", "evaluasi_akuntabilitas_kinerja", 60.0),
    ]
    indicators = pd.DataFrame(
        {
            "file": [f"{r[0]}.pdf" for r in rows],
            "satker": [r[0] for r in rows],
            "province": "Bengkulu",
            "level": "kabupaten/kota",
            "indicator_id": [r[1] for r in rows],
            "measure_id": "nilai_akuntabilitas_kinerja",
            "label": ["Nilai Akuntabilitas Kinerja"] * 2 + ["Nilai evaluasi atas Akuntabilitas Kinerja"],
            "year": 2024,
            "report_year": 2024,
            "capaian": [r[2] for r in rows],
            "capaian_computed": None,
        }
    )
    indicators.to_parquet(out / "indicators.parquet")
    budget = pd.DataFrame(
        {
            "file": ["KPU Kota A.pdf"],
            "satker": ["KPU Kota A"],
            "province": "Bengkulu",
            "budget_level": ["total"],
            "year": [2024],
            "report_year": [2024],
            "pagu": [100],
            "realisasi": [90],
            "page": [3],
            "line": [12],
        }
    )
    budget.to_parquet(out / "budget.parquet")


def test_compare_groups_wordings_of_one_measure(tmp_path: Path) -> None:
    batch_tables(tmp_path)
    by_measure = compare(tmp_path)
    assert list(by_measure.pivot.index) == ["nilai_akuntabilitas_kinerja"]
    assert by_measure.pivot.shape == (1, 3)
    assert list(by_measure.outliers["satker"]) == ["KPU Kota C"]  # 60 against a median of 98
    assert by_measure.missing.empty
    by_id = compare(tmp_path, CompareSettings(by="indicator"))
    assert sorted(by_id.pivot.index) == ["evaluasi_akuntabilitas_kinerja", "nilai_akuntabilitas_kinerja"]
    assert by_id.outliers.empty  # two units are too few to call one an outlier
    assert set(by_id.missing["indicator_id"]) == {"nilai_akuntabilitas_kinerja"}


def test_compare_reads_batches_combined_before_measures(tmp_path: Path) -> None:
    batch_tables(tmp_path)
    old = pd.read_parquet(tmp_path / "indicators.parquet").drop(columns="measure_id")
    old.to_parquet(tmp_path / "indicators.parquet")
    assert len(compare(tmp_path).pivot.index) == 2  # without measures every id stands alone


def test_compare_by_is_validated() -> None:
    with pytest.raises(ValueError, match="measure"):
        CompareSettings(by="satker")


def test_cli_compare_by(tmp_path: Path) -> None:
    batch_tables(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["compare", str(tmp_path)]).exit_code == 0
    by_measure = pd.read_csv(tmp_path / "compare_capaian.csv")
    assert list(by_measure["measure_id"]) == ["nilai_akuntabilitas_kinerja"]
    assert runner.invoke(app, ["compare", str(tmp_path), "--by", "indicator"]).exit_code == 0
    assert len(pd.read_csv(tmp_path / "compare_capaian.csv")) == 2
    assert runner.invoke(app, ["compare", str(tmp_path), "--by", "unit"]).exit_code == ExitCode.USAGE
