"""Tests for extractor.catalogue.suggest: a batch's unmatched labels grouped into proposals."""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cli import app
from extractor.bulk import BatchSettings, run_batch
from extractor.catalogue import Catalogue, Matcher, load_catalogue
from extractor.catalogue.suggest import (
    SuggestSettings,
    cluster_rows,
    render_yaml,
    suggest,
    unmatched_rows,
    write_suggestions,
)
from extractor.errors import ExitCode, InputNotFoundError, UsageError
from extractor.pipeline import ExtractSettings

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"
# measures removed from the catalogue: their wordings in the batch must come back grouped
REMOVED_MEASURES = {
    "opini_bpk",
    "informasi_partai_politik",
    "penyelenggaraan_sesuai_jadwal",
    "keterbukaan_informasi_publik",
    "pemilih_tidak_masuk_dpt",
    "pemilu_aman_damai",
    "sengketa_hukum_dimenangkan",
    "naskah_akademik_riset",
    "data_pemilih_tepat_waktu",
    "distribusi_logistik_tepat",
    "koordinasi_para_pihak",
    "output_kegiatan_6870",
    "output_kegiatan_6872",
    "laporan_sistem_akuntansi",
    "data_informasi_produk_hukum",
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, seed_dir: Path) -> Path:
    """The project's generated reports (six born-digital PDFs) and the three seed dumps, batched."""
    src = tmp_path_factory.mktemp("in")
    pdfs = sorted(SAMPLES.glob("*_ruled.pdf")) + sorted(SAMPLES.glob("*_borderless.pdf"))
    assert len(pdfs) == 6, "generated sample PDFs are missing"
    for path in [*pdfs, *sorted(seed_dir.glob("*.txt"))]:
        shutil.copy(path, src / path.name)
    out = tmp_path_factory.mktemp("out")
    result = run_batch(src, out, ExtractSettings(), BatchSettings(jobs=2, timeout_s=300))
    assert result.failed == 0
    return out


@pytest.fixture(scope="module")
def full() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def reduced(full: Catalogue) -> Catalogue:
    return replace(full, indicators=tuple(e for e in full.indicators if e.measure not in REMOVED_MEASURES))


def test_clusters_of_removed_indicators_are_pure(batch: Path, full: Catalogue, reduced: Catalogue) -> None:
    matcher = Matcher(reduced)
    rows = unmatched_rows(batch, matcher)
    truth = {r.label: r.measure_id for r in Matcher(full).match_many([r.label for r in rows])}
    removed_rows = [r for r in rows if truth[r.label] in REMOVED_MEASURES]
    assert len({truth[r.label] for r in removed_rows}) >= 12  # most removed measures occur in the batch
    clusters = [
        c for c in cluster_rows(rows, matcher) if any(truth[r.label] in REMOVED_MEASURES for r in c.rows)
    ]
    majority = sum(Counter(truth[r.label] for r in c.rows).most_common(1)[0][1] for c in clusters)
    size = sum(len(c.rows) for c in clusters)
    purity = majority / size
    grouped = sum(truth[r.label] in REMOVED_MEASURES for c in clusters for r in c.rows)
    print(
        f"\nsuggest purity {majority}/{size} = {purity:.3f} in {len(clusters)} clusters; "
        f"{grouped}/{len(removed_rows)} rows of removed indicators grouped"
    )
    assert purity >= 0.9
    assert grouped >= 0.8 * len(removed_rows)
    # one measure is not scattered: its rows sit in at most three clusters (wordings, damaged copies)
    spread = Counter(truth[c.rows[0].label] for c in clusters)
    assert max(spread.values()) <= 3, spread


def test_proposals_merge_and_then_match(batch: Path, reduced: Catalogue, tmp_path: Path) -> None:
    suggestions = suggest(batch, reduced)
    assert {s.kind for s in suggestions} <= {"alias", "new"}
    new = [s for s in suggestions if s.kind == "new"]
    assert new, "removed indicators must come back as new entries"
    text = render_yaml(suggestions, batch)
    assert "rows in" in text and "e.g." in text  # counts and example provenance per block
    target = tmp_path / "proposed.yaml"
    write_suggestions(text, target)
    with pytest.raises(UsageError):
        write_suggestions(text, target)  # never overwrite a file under review
    doc = yaml.safe_load(target.read_text("utf-8"))
    proposed = load_catalogue(target, replace=True)  # valid and consistent as a catalogue file
    assert {e["id"] for e in doc["indicators"]} == {e.id for e in proposed.indicators}
    replaced = {e.id for e in proposed.indicators}
    grown = replace(
        reduced,
        indicators=(*(e for e in reduced.indicators if e.id not in replaced), *proposed.indicators),
    )
    again = Matcher(grown).match_many([label for s in new for label in s.cluster.labels])
    assert sum(r.match is not None for r in again) >= 0.9 * len(again)
    assert all(s.entry["source"].startswith("suggested from a batch") for s in new)


def test_near_duplicates_become_aliases(batch: Path, full: Catalogue) -> None:
    """Rows close to an existing entry (a wrapped, garbled or cut wording) are proposed as its aliases,
    never as new ids."""
    proposals = suggest(batch, full, SuggestSettings(alias_score=50.0))
    targets = {s.entry["id"] for s in proposals if s.kind == "alias"}
    assert "pemilih_tidak_masuk_dpt" in targets
    # "Persentase Partisipasi Pemilih" was proposed as an alias while women's and disabled voters'
    # turnout counted as its rivals; now it matches, so it is no longer left over to propose
    assert "partisipasi_pemilih" not in targets
    assert Matcher(full).match("Persentase Partisipasi Pemilih").measure_id == "partisipasi_pemilih"
    assert not any(s.kind == "new" for s in proposals if s.score is not None and s.score >= 50.0)
    alias = next(s for s in proposals if s.entry["id"] == "pemilih_tidak_masuk_dpt")
    existing = full.get("pemilih_tidak_masuk_dpt")
    assert existing is not None and alias.entry["aliases"][: len(existing.aliases)] == list(existing.aliases)


def test_sasaran_rows_and_single_words_are_not_proposed(batch: Path, full: Catalogue) -> None:
    rows = unmatched_rows(batch, Matcher(full))
    assert not any(r.label.casefold().startswith(("terwujudnya", "tersusunnya", "sasaran")) for r in rows)
    clusters = cluster_rows(rows, Matcher(full), SuggestSettings(min_words=2))
    assert all(len(c.words) >= 2 for c in clusters)


def test_missing_batch_is_reported(tmp_path: Path, full: Catalogue) -> None:
    with pytest.raises(InputNotFoundError, match="lakip batch"):
        suggest(tmp_path, full)
    with pytest.raises(ValueError):
        SuggestSettings(similarity=0)
    assert yaml.safe_load(render_yaml([], tmp_path))["indicators"] == []  # nothing left: still a valid file


def test_cli_suggest_writes_a_catalogue_file(batch: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "s.yaml"
    result = runner.invoke(app, ["catalogue", "suggest", str(batch), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert "proposals" in result.output
    load_catalogue(target)  # valid and mergeable
    assert (
        runner.invoke(app, ["catalogue", "suggest", str(batch), "--out", str(target)]).exit_code
        == ExitCode.USAGE
    )
    assert runner.invoke(app, ["catalogue"]).exit_code == 0  # listing still works without a subcommand
