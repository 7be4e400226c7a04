from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from extractor.bulk import MANIFEST, BatchSettings, read_manifest, result_names, run_batch
from extractor.compare import compare
from extractor.pipeline import ExtractSettings


@pytest.fixture
def folder(seed_dir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for seed in sorted(seed_dir.glob("*.txt")):
        shutil.copy(seed, src / seed.name)
    shutil.copy(seed_dir / "003_c112caca8715f4b7.txt", src / "sub" / "copy.md")
    (src / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00junk" * 40)
    (src / "empty.pdf").write_bytes(b"")
    (src / "notes.docx").write_bytes(b"ignored: unsupported suffix")
    return src


def test_batch_isolates_failures_and_combines(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_batch(folder, out, ExtractSettings(), BatchSettings(jobs=2, timeout_s=120))
    by_file = {e.file: e for e in result.entries}
    assert len(by_file) == 6
    assert by_file["corrupt.pdf"].status == "failed" and by_file["corrupt.pdf"].exit_code == 5
    assert by_file["empty.pdf"].status == "failed" and by_file["empty.pdf"].exit_code == 7
    assert result.failed == 2 and int(result.exit_code) == 1
    assert (out / "results" / "sub" / "copy.md.json").exists()
    combined = (out / "indicators.csv").read_text().splitlines()
    expected = sum(
        len(json.loads((out / e.output).read_text())["indicators"]) for e in result.entries if e.output
    )
    assert len(combined) - 1 == expected
    con = duckdb.connect(str(out / "lakip.duckdb"), read_only=True)
    units = {r[0] for r in con.execute("SELECT DISTINCT satker FROM capaian_per_indicator").fetchall()}
    assert "KPU Kabupaten Rejang Lebong" in units
    absorption = con.execute("SELECT satker, absorption_pct FROM budget_absorption").fetchall()
    assert any(s == "KPU Kabupaten Rejang Lebong" and abs(p - 92.31) < 0.01 for s, p in absorption)
    assert (
        con.execute("SELECT sum(n) FROM flags_per_unit").fetchone()[0]
        == len((out / "flags.csv").read_text().splitlines()) - 1
    )
    comparison = compare(out)
    assert "KPU Kabupaten Rejang Lebong" in comparison.pivot.columns


def test_resume_redoes_nothing(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_batch(folder, out, ExtractSettings(), BatchSettings(jobs=2))
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    combined = (out / "indicators.csv").read_bytes()
    # simulate a run killed after two files: keep two manifest lines and a torn third one
    lines = (out / MANIFEST).read_text().splitlines()
    (out / MANIFEST).write_text("\n".join(lines[:2]) + "\n" + lines[2][:20])
    kept = {json.loads(line)["file"] for line in lines[:2]}
    second = run_batch(folder, out, ExtractSettings(), BatchSettings(jobs=2, resume=True))
    assert second.skipped == 2 and len(second.entries) == len(first.entries)
    for name, stamp in stamps.items():
        if any(name.startswith(Path(k).stem.replace("/", "__")) for k in kept):
            assert (out / "results" / name).stat().st_mtime_ns == stamp
    assert (out / "indicators.csv").read_bytes() == combined
    assert set(read_manifest(out)) == {e.file for e in first.entries}


def test_dask_local_cluster_gives_the_same_results(folder: Path, tmp_path: Path) -> None:
    """The same process_one runs on Dask workers (LocalCluster on loopback); outputs match."""
    local = run_batch(folder, tmp_path / "local", ExtractSettings(), BatchSettings(jobs=2))
    dask = run_batch(folder, tmp_path / "dask", ExtractSettings(), BatchSettings(jobs=2, scheduler="local"))
    assert [(e.file, e.status) for e in dask.entries] == [(e.file, e.status) for e in local.entries]
    for name in ("indicators.csv", "budget.csv", "flags.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


def test_batch_of_born_digital_pdfs_finds_tables_in_workers(tmp_path: Path) -> None:
    """Settings travel to worker processes pickled; the table finders must still be registered."""
    from tests.conftest import table_pdf

    folder = tmp_path / "in"
    folder.mkdir()
    table_pdf(folder / "report.pdf", ruled=True)
    result = run_batch(folder, tmp_path / "out", ExtractSettings(), BatchSettings(jobs=1))
    (entry,) = result.entries
    assert entry.status == "ok", entry.error
    data = json.loads((tmp_path / "out" / entry.output).read_text())
    assert data["stats"]["tables"] >= 1 and data["indicators"] and not data["errors"]


def test_colliding_and_overlong_names_each_get_their_own_result(seed_dir: Path, tmp_path: Path) -> None:
    """report.md/report.txt and sub/x.md/sub__x.md once mapped to one result (one unit lost, the
    other counted twice); a 250-byte name aborted the batch."""
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    seeds = sorted(seed_dir.glob("*.txt"))
    long_name = "a" * 247 + ".md"
    layout = {"report.md": 0, "report.txt": 1, "sub/x.md": 2, "sub__x.md": 0, long_name: 1}
    for name, seed in layout.items():
        shutil.copy(seeds[seed], src / name)
    out = tmp_path / "out"
    result = run_batch(src, out, ExtractSettings(), BatchSettings(jobs=2, timeout_s=120, csv=True))
    assert {e.file for e in result.entries} == set(layout)
    assert all(e.status == "ok" and e.output for e in result.entries), result.entries
    outputs = [e.output for e in result.entries]
    assert len(set(outputs)) == len(outputs)
    assert "results/report.md.json" in outputs and "results/sub/x.md.json" in outputs
    long_output = next(e.output for e in result.entries if e.file == long_name)
    assert long_output and len(Path(long_output).name.encode()) <= 255 and long_output.endswith(".md.json")
    assert not list(out.rglob("*.tmp"))
    files = (out / "indicators.csv").read_text().splitlines()
    assert len(files) - 1 == sum(e.indicators for e in result.entries)
    assert set(pd.read_csv(out / "indicators.csv")["file"]) == set(layout)


def test_result_names_are_stable_and_unique_ignoring_case() -> None:
    names = result_names(["A.md", "a.md", "sub/x.md", "sub__x.md"])
    assert names["A.md"] == "A.md" and names["sub/x.md"] == "sub/x.md"
    assert len({n.casefold() for n in names.values()}) == 4
    assert result_names(["A.md", "a.md"]) == {k: names[k] for k in ("A.md", "a.md")}
