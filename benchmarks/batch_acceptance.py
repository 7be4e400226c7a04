"""Issue 6 acceptance, measured: 30 generated reports (born-digital and scanned) plus 3 corrupt
files; one uninterrupted batch, and one killed half-way then resumed. Prints a JSON summary.

    python3 benchmarks/batch_acceptance.py [--jobs 2] [--kill-after 15]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "pdf"


def build_inputs(folder: Path) -> dict[str, int]:
    born = sorted(SAMPLES.glob("*_ruled.pdf")) + sorted(SAMPLES.glob("*_borderless.pdf"))
    scans = sorted(SAMPLES.glob("*_scan.pdf"))
    folder.mkdir(parents=True)
    for copy in range(4):
        for pdf in born:
            shutil.copy(pdf, folder / f"unit{copy}_{pdf.name}")
    for copy in range(2):
        for pdf in scans:
            shutil.copy(pdf, folder / f"scan{copy}_{pdf.name}")
    good = born[0].read_bytes()
    (folder / "bad_truncated.pdf").write_bytes(good[: len(good) // 3])
    (folder / "bad_empty.pdf").write_bytes(b"")
    (folder / "bad_photo.pdf").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(256))
    return {"born_digital": 4 * len(born), "scanned": 2 * len(scans), "corrupt": 3}


def lakip(*args: str) -> list[str]:
    return [sys.executable, "-m", "cli", *args]


def manifest_lines(out: Path) -> int:
    path = out / "manifest.jsonl"
    return len(path.read_text().splitlines()) if path.exists() else 0


def results_without_stats(out: Path) -> dict[str, Any]:
    docs = {}
    for path in sorted((out / "results").glob("*.json")):
        data = json.loads(path.read_text())
        data.pop("stats", None)
        docs[path.name] = data
    return docs


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--kill-after", type=int, default=15, help="files done before the kill")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="lakip-batch-acceptance-") as tmp:
        work = Path(tmp)
        counts = build_inputs(work / "in")
        started = time.perf_counter()
        full = subprocess.run(
            lakip("batch", str(work / "in"), "-o", str(work / "full"), "--jobs", str(args.jobs)),
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        full_seconds = time.perf_counter() - started

        proc = subprocess.Popen(
            lakip("batch", str(work / "in"), "-o", str(work / "resumed"), "--jobs", str(args.jobs)),
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        while manifest_lines(work / "resumed") < args.kill_after and proc.poll() is None:
            time.sleep(0.2)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        done_before = manifest_lines(work / "resumed")
        stamps = {p.name: p.stat().st_mtime_ns for p in (work / "resumed" / "results").glob("*.json")}
        resumed = subprocess.run(
            lakip(
                "batch", str(work / "in"), "-o", str(work / "resumed"), "--jobs", str(args.jobs), "--resume"
            ),
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        rewritten = [
            n for n, t in stamps.items() if (work / "resumed" / "results" / n).stat().st_mtime_ns != t
        ]
        entries = [json.loads(line) for line in (work / "full" / "manifest.jsonl").read_text().splitlines()]
        combined_same = all(
            (work / "full" / name).read_bytes() == (work / "resumed" / name).read_bytes()
            for name in ("indicators.csv", "budget.csv", "flags.csv")
        )
        per_file = sum(e["indicators"] for e in entries)
        indicator_rows = len((work / "full" / "indicators.csv").read_text().splitlines()) - 1
        summary = {
            "inputs": counts,
            "full_exit_code": full.returncode,
            "full_seconds": round(full_seconds, 1),
            "results_ok": sum(e["status"] != "failed" for e in entries),
            "failures_recorded": sum(e["status"] == "failed" for e in entries),
            "failure_messages": [e["error"] for e in entries if e["status"] == "failed"],
            "combined_indicator_rows": indicator_rows,
            "sum_of_per_file_indicators": per_file,
            "killed_after_files": done_before,
            "resume_exit_code": resumed.returncode,
            "results_rewritten_by_resume": len(rewritten),
            "combined_outputs_identical": combined_same,
            "per_file_results_identical_without_timings": results_without_stats(work / "full")
            == results_without_stats(work / "resumed"),
        }
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
