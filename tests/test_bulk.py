from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import wait
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import psutil
import pytest
from typer.testing import CliRunner

from cli import app
from extractor.bulk import MANIFEST, BatchSettings, _locked, read_manifest, result_names, run_batch
from extractor.compare import compare
from extractor.errors import ExitCode, InputNotFoundError, OutputBusyError
from extractor.pipeline import ExtractSettings
from tests.conftest import ROOT
from tests.processes import ctrl_c_as_in_a_terminal


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


def two_seeds(seed_dir: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    for seed in sorted(seed_dir.glob("*.txt"))[:2]:
        shutil.copy(seed, folder / seed.name)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00junk" * 40)
    return folder


def test_resume_extracts_changed_inputs_and_retries_failures(seed_dir: Path, tmp_path: Path) -> None:
    """--resume kept a stale result for a changed input (sha256 recorded, never compared) and never
    retried a failed file."""
    src = two_seeds(seed_dir, tmp_path / "in")
    out = tmp_path / "out"
    first = run_batch(src, out, ExtractSettings(), BatchSettings(jobs=2))
    changed, same = sorted(e.file for e in first.entries if e.status == "ok")
    shutil.copy(seed_dir / "003_c112caca8715f4b7.txt", src / changed)
    second = run_batch(src, out, ExtractSettings(), BatchSettings(jobs=2, resume=True))
    by_file = {e.file: e for e in second.entries}
    assert second.skipped == 1  # only the unchanged one; the failure was retried
    assert by_file[changed].sha256 == hashlib.sha256((src / changed).read_bytes()).hexdigest()
    result = json.loads((out / by_file[changed].output).read_text())
    assert result["source"]["sha256"] == by_file[changed].sha256
    assert result["satker"]["name"] == "KPU Provinsi Kalimantan Tengah"
    assert len((out / MANIFEST).read_text().splitlines()) == 3
    third = run_batch(src, out, ExtractSettings(), BatchSettings(jobs=2, resume=True, retry_failed=False))
    assert third.skipped == 3 and by_file[same] == {e.file: e for e in third.entries}[same]


def test_a_second_batch_into_the_same_folder_stops(seed_dir: Path, tmp_path: Path) -> None:
    """Two batches into one output folder dropped each other's manifest lines."""
    src = two_seeds(seed_dir, tmp_path / "in")
    out = tmp_path / "out"
    with _locked(out):
        with pytest.raises(OutputBusyError):
            run_batch(src, out, ExtractSettings(), BatchSettings(jobs=1))
        result = CliRunner().invoke(app, ["batch", str(src), "-o", str(out)])
    assert result.exit_code == ExitCode.OUTPUT_BUSY == 13
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and "another `lakip batch`" in lines[0]
    assert not (out / MANIFEST).exists()
    assert run_batch(src, out, ExtractSettings(), BatchSettings(jobs=1)).failed == 1  # lock released


def test_batch_of_a_missing_folder_is_input_not_found(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "missing"), "-o", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.INPUT_NOT_FOUND == 3, result.output
    assert result.output.startswith("error:") and len(result.output.splitlines()) == 1


def test_folder_names_are_data_not_markup(seed_dir: Path, tmp_path: Path) -> None:
    """A folder named a[/b] made the progress line raise rich's MarkupError and aborted the batch."""
    src = tmp_path / "in" / "a[/b]"
    two_seeds(seed_dir, src)
    (src / ("long" * 30 + ".pdf")).write_bytes(b"%PDF-1.4\n" + b"\x00junk" * 40)
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.PARTIAL, result.output
    failed = [ln for ln in result.output.splitlines() if ln.startswith("failed:")]
    assert len(failed) == 2 and all("a[/b]/" in ln for ln in failed)
    assert any(("long" * 30 + ".pdf") in ln for ln in failed)  # one line, however long


def test_ctrl_c_stops_the_batch_and_records_what_finished(seed_dir: Path, tmp_path: Path) -> None:
    """Ctrl-C kept extracting every queued file and recorded none of them."""
    src = tmp_path / "in"
    src.mkdir()
    seed = (seed_dir / "002_71f42d07af92d301.txt").read_text()
    for i in range(40):
        (src / f"r{i:02d}.txt").write_text(seed + f"\n{i}\n")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "batch", str(src), "-o", str(out), "-j", "1"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_as_in_a_terminal,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
        (out / MANIFEST).exists() and (out / MANIFEST).read_text().count("\n") >= 2
    ):
        time.sleep(0.05)
    workers = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGINT)
    stopped = time.monotonic()
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert time.monotonic() - stopped < 10
    recorded = read_manifest(out)
    assert 2 <= len(recorded) < 40
    assert all((out / e.output).exists() for e in recorded.values() if e.output)
    _, alive = psutil.wait_procs(workers, timeout=5)
    assert workers and not alive
    resumed = run_batch(src, out, ExtractSettings(), BatchSettings(jobs=2, resume=True))
    assert resumed.skipped == len(recorded) and len(resumed.entries) == 40


def test_batch_counts_files_with_no_tables(seed_dir: Path, tmp_path: Path) -> None:
    """A README or SCHEMA.md in a batch folder was an 'ok' report with 0 rows, counted with the rest."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(seed_dir / "002_71f42d07af92d301.txt", src / "report.txt")
    (src / "README.md").write_text("# Reports\n\nScanned by the provincial office in 2025.\n")
    (src / "SCHEMA.md").write_text("| column | meaning |\n|---|---|\n| file | the report |\n")
    result = CliRunner().invoke(app, ["batch", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "3 extracted (2 with no tables found)" in result.output
    entries = read_manifest(tmp_path / "out")
    assert entries["README.md"].warning == entries["SCHEMA.md"].warning == "no_tables_found"
    assert entries["report.txt"].warning is None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_dask_cluster_without_shared_storage(folder: Path, tmp_path: Path) -> None:
    """`--scheduler tcp://...` assumed workers see the client's folders (they wrote the results
    themselves). Here a scheduler and two workers run as separate processes, and each worker runs
    in a mount namespace where the test's folder (inputs and outputs) is an empty tmpfs."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    common = ["--no-dashboard"]
    scheduler = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "distributed.cli.dask_scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *common,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers = []
    scratch = Path(tempfile.mkdtemp(prefix="lakip-worker-scratch-"))
    try:
        for k in range(2):
            local = scratch / f"w{k}"
            local.mkdir()
            start = (
                f"mount -t tmpfs none {shlex.quote(str(tmp_path))} && "
                f"exec {shlex.quote(sys.executable)} -m distributed.cli.dask_worker {address} "
                f"--nthreads 1 --local-directory {shlex.quote(str(local))} --no-dashboard"
            )
            workers.append(
                subprocess.Popen(
                    ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", start],
                    env={**env, "TMPDIR": str(local)},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
            hidden = client.run(lambda: os.listdir(str(tmp_path)))
            assert list(hidden.values()) == [[], []]  # the workers cannot see the folders
        local_run = run_batch(folder, tmp_path / "local", ExtractSettings(), BatchSettings(jobs=2))
        remote = run_batch(folder, tmp_path / "remote", ExtractSettings(), BatchSettings(scheduler=address))
        assert [(e.file, e.status, e.sha256) for e in remote.entries] == [
            (e.file, e.status, e.sha256) for e in local_run.entries
        ]
        for name in ("indicators.csv", "budget.csv", "flags.csv"):
            assert (tmp_path / "remote" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
        assert sorted(
            p.relative_to(tmp_path / "remote") for p in (tmp_path / "remote" / "results").rglob("*")
        ) == sorted(p.relative_to(tmp_path / "local") for p in (tmp_path / "local" / "results").rglob("*"))
    finally:
        for proc in (*workers, scheduler):
            proc.terminate()
        for proc in (*workers, scheduler):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(scratch, ignore_errors=True)


def test_python_api_raises_lakip_errors_for_bad_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Python API raised plain FileNotFoundError / PermissionError for bad folders."""
    with pytest.raises(InputNotFoundError):
        compare(tmp_path)
    with pytest.raises(InputNotFoundError):
        run_batch(tmp_path / "missing", tmp_path / "out")

    def refuse(self: Path, pattern: str) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "rglob", refuse)
    with pytest.raises(InputNotFoundError, match="Permission denied"):
        run_batch(tmp_path, tmp_path / "out")


def _run_pool(tasks: list[tuple[Path, float]], task: Any, outdir: Path, workers: int = 1) -> list[Any]:
    """Each file through one FilePool, in order, as ManifestEntry."""
    from extractor.bulk import _entry, _out_json
    from extractor.bulk_workers import FilePool

    pool = FilePool(workers)
    try:
        jobs = [
            pool.start(str(p), p.name, _out_json(outdir, p.name, None), ExtractSettings(), limit, False, task=task)
            for p, limit in tasks
        ]
        wait([j.future for j in jobs], timeout=120)
        return [_entry(j, outdir) for j in jobs]
    finally:
        pool.close()


def test_a_file_over_its_limit_or_killing_its_worker_fails_alone(seed_dir: Path, tmp_path: Path) -> None:
    """Workers stay alive across files, so a timeout or a crash must end that file only: the files
    after it, on the same pool, are still extracted, each within its own limit."""
    from tests.batch_tasks import slow_or_crashing

    seed = seed_dir / "002_71f42d07af92d301.txt"
    names = ["a.txt", "slow.txt", "b.txt", "crash.txt", "c.txt"]
    for name in names:
        shutil.copy(seed, tmp_path / name)
    limits = {"slow.txt": 2.0}
    started = time.monotonic()
    entries = _run_pool([(tmp_path / n, limits.get(n, 120.0)) for n in names], slow_or_crashing, tmp_path / "out")
    by_file = {e.file: e for e in entries}
    assert time.monotonic() - started < 60  # the slow file was stopped at its 2 s, not after 60
    assert by_file["slow.txt"].exit_code == ExitCode.TIMEOUT and "2 s per-file limit" in by_file["slow.txt"].error
    assert by_file["crash.txt"].exit_code == ExitCode.INTERNAL and "worker died (exit 3)" in by_file["crash.txt"].error
    for name in ("a.txt", "b.txt", "c.txt"):
        assert by_file[name].status == "ok" and by_file[name].indicators > 0, by_file[name]
        assert by_file[name].sha256 == hashlib.sha256(seed.read_bytes()).hexdigest()
    assert by_file["crash.txt"].sha256 == by_file["a.txt"].sha256  # read by the parent for a dead worker


def test_workers_stay_alive_across_files(tmp_path: Path) -> None:
    """One process per file paid the imports again for every file (~0.9 s each)."""
    from tests.batch_tasks import worker_pid

    for i in range(4):
        (tmp_path / f"r{i}.txt").write_text("x\n")
    entries = _run_pool([(tmp_path / f"r{i}.txt", 60.0) for i in range(4)], worker_pid, tmp_path / "out")
    pids = {e.kind for e in entries}
    assert len(pids) == 1 and os.getpid() not in {int(p) for p in pids}
