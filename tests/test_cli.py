from __future__ import annotations

import csv
import errno
import hashlib
import json
import stat
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from extractor.combine import write_combined
from extractor.errors import ExitCode, OutputError
from extractor.writers import UMASK, temp_path, write_csv
from tests.processes import ctrl_c_as_in_a_terminal

runner = CliRunner()


def test_extract_text_dump_writes_valid_json_and_csv(seed_dir: Path, tmp_path: Path) -> None:
    seed = seed_dir / "003_c112caca8715f4b7.txt"
    result = runner.invoke(app, ["extract", str(seed), "-o", str(tmp_path), "--csv"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / f"{seed.stem}.json").read_text())
    assert data["satker"]["name"] == "KPU Provinsi Kalimantan Tengah"
    assert data["status"] == "ok" and data["source"]["kind"] == "text"
    assert data["indicators"] and all(i["provenance"]["line"] for i in data["indicators"])
    header = (tmp_path / f"{seed.stem}.indicators.csv").read_text().splitlines()[0]
    assert "target_raw" in header and "prov_line" in header
    assert (tmp_path / f"{seed.stem}.budget.csv").exists()


def test_bad_inputs_give_one_line_and_exit_code(tmp_path: Path) -> None:
    cases = {
        "empty.pdf": (b"", ExitCode.NO_CONTENT),
        "broken.pdf": (b"%PDF-1.4\n" + b"\x00garbage" * 50, ExitCode.CORRUPT_INPUT),
        "photo.pdf": (b"\xff\xd8\xff\xe0" + b"\x00" * 32, ExitCode.UNSUPPORTED_INPUT),
    }
    for name, (content, code) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        result = runner.invoke(app, ["extract", str(path), "-o", str(tmp_path / "out")])
        assert result.exit_code == code, (name, result.output)
        lines = [ln for ln in result.output.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("error:") and name in lines[0]


def test_many_inputs_with_one_bad_is_partial(seed_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"")
    seed = seed_dir / "003_c112caca8715f4b7.txt"
    result = runner.invoke(app, ["extract", str(bad), str(seed), "-o", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.PARTIAL
    assert (tmp_path / "out" / f"{seed.stem}.json").exists()


def test_match_prints_one_json_object() -> None:
    result = runner.invoke(app, ["match", "Persentase Sengketa Hukum yang dimenangkan KPU"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"label", "normalized", "measure_id", "match", "candidates"}
    assert data["match"] is not None and data["match"]["score"] > 0
    assert data["measure_id"] == data["match"]["measure_id"] == "sengketa_hukum_dimenangkan"
    generic = json.loads(runner.invoke(app, ["match", "Jumlah"]).output)
    assert generic["match"] is None


def test_catalogue_lists_and_rejects_invalid(tmp_path: Path) -> None:
    assert runner.invoke(app, ["catalogue"]).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("indicators:\n  - name: no id here\n")
    result = runner.invoke(app, ["catalogue", "--catalogue", str(bad)])
    assert result.exit_code == ExitCode.INVALID_DATA


def test_extract_of_same_named_inputs_writes_one_result_each(seed_dir: Path, tmp_path: Path) -> None:
    """`lakip extract a/r.txt b/r.txt` wrote both to out/r.json: the first was lost."""
    seeds = sorted(seed_dir.glob("*.txt"))
    inputs = []
    for folder, seed in (("a", seeds[0]), ("b", seeds[2])):
        (tmp_path / folder).mkdir()
        inputs.append(tmp_path / folder / "r.txt")
        inputs[-1].write_bytes(seed.read_bytes())
    (tmp_path / "r.md").write_bytes(seeds[1].read_bytes())
    inputs.append(tmp_path / "r.md")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", *map(str, inputs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(out.glob("*.json"))
    assert len(written) == 3
    assert {json.loads(p.read_text())["source"]["sha256"] for p in written} == {
        hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs
    }
    assert (out / "r.md.json").exists()


def one_error_line(output: str) -> str:
    lines = [ln for ln in output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), lines
    return lines[0]


def test_output_path_that_is_a_file_is_an_output_error(seed_dir: Path, tmp_path: Path) -> None:
    """An existing file as -o gave exit 70 "internal error"."""
    blocker = tmp_path / "out"
    blocker.write_text("in the way")
    seed = seed_dir / "003_c112caca8715f4b7.txt"
    result = runner.invoke(app, ["extract", str(seed), "-o", str(blocker)])
    assert result.exit_code == ExitCode.OUTPUT_ERROR == 12, result.output
    assert "a file is in the way" in one_error_line(result.output)
    result = runner.invoke(app, ["batch", str(seed_dir), "-o", str(blocker)])
    assert result.exit_code == ExitCode.OUTPUT_ERROR, result.output
    one_error_line(result.output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_full_disk_leaves_no_temporary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk gave exit 70 and left `.lakip.*.duckdb.wal` behind."""
    target = tmp_path / "lakip.duckdb"
    with pytest.raises(OutputError, match="disk is full"), temp_path(target, ".duckdb") as tmp:
        tmp.write_bytes(b"partial")
        tmp.with_name(tmp.name + ".wal").write_bytes(b"log")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert list(tmp_path.iterdir()) == []

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    with pytest.raises(OutputError):
        write_combined(tmp_path, [])
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_outputs_respect_the_umask(seed_dir: Path, tmp_path: Path) -> None:
    """Outputs were written mode 0600 (mkstemp's), whatever the umask."""
    seed = seed_dir / "003_c112caca8715f4b7.txt"
    result = runner.invoke(app, ["extract", str(seed), "-o", str(tmp_path), "--csv"])
    assert result.exit_code == 0, result.output
    expected = 0o666 & ~UMASK
    for path in tmp_path.glob(f"{seed.stem}.*"):
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (None, ExitCode.INPUT_NOT_FOUND, "no such file"),
        (b"{}", ExitCode.INVALID_DATA, "not a result"),
        (b"[]", ExitCode.INVALID_DATA, "not a result"),
        (b"{not json", ExitCode.INVALID_DATA, "not valid JSON"),
        (b"\xff\xfe", ExitCode.INVALID_DATA, "not valid JSON"),
    ],
    ids=["missing", "empty-object", "array", "invalid", "binary"],
)
def test_audit_of_a_bad_json_is_one_line(
    tmp_path: Path, content: bytes | None, code: int, words: str
) -> None:
    """`lakip audit` gave 70 for a missing or invalid JSON and a traceback for {} or []."""
    target = tmp_path / "report.json"
    if content is not None:
        target.write_bytes(content)
    result = runner.invoke(app, ["audit", str(target), "-o", str(tmp_path / "out")])
    assert result.exit_code == code, result.output
    assert words in one_error_line(result.output)


def test_audit_prints_labels_as_data_not_markup(seed_dir: Path, tmp_path: Path) -> None:
    """A label containing `[/bold]` crashed `lakip audit` (rich MarkupError)."""
    text = (seed_dir / "003_c112caca8715f4b7.txt").read_text()
    line = next(ln for ln in text.splitlines() if "Indeks" in ln or "Persentase" in ln)
    dump = tmp_path / "markup.txt"
    dump.write_text(text.replace(line, line.replace(" ", " [/bold] [red]", 1), 1) + "\n[/]\n")
    result = runner.invoke(app, ["audit", str(dump), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "markup.flags.csv").exists()


def test_csv_cells_never_become_formulas(tmp_path: Path) -> None:
    """Text cells starting with = + - @ tab or CR went out as written: a spreadsheet ran them."""
    labels = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "plain", "-"]
    frame = pd.DataFrame(
        {"label": labels, "value": [1.5, -2, 3, 4, 5, 6, 7, 8], "raw": ["-12,5", "10%", *"xyzwvu"]}
    )
    target = tmp_path / "t.csv"
    write_csv(frame, target)
    rows = list(csv.reader(target.open(newline="", encoding="utf-8")))[1:]
    assert [r[0] for r in rows if r[0] != "x"] == [
        '\'=HYPERLINK("http://x")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "'",  # pandas leaves a CR unquoted, so the reader splits the cell; the formula still cannot run
        "plain",
        "-",  # the dash of an empty cell is no formula
    ]
    assert "'\rx" in target.open(encoding="utf-8", newline="").read()
    assert rows[0][1:] == ["1.5", "-12,5"]  # numbers, and a negative number kept as text, stay as they are
    assert rows[1][1] == "-2.0"


def test_review_of_a_missing_folder_is_one_line_and_exit_code(tmp_path: Path) -> None:
    result = runner.invoke(app, ["review", str(tmp_path / "nowhere"), "--no-browser"])
    assert result.exit_code == ExitCode.INPUT_NOT_FOUND
    assert "no such file or folder" in result.output and "Traceback" not in result.output
    assert runner.invoke(app, ["review", str(tmp_path), "--port", "70000", "--no-browser"]).exit_code == ExitCode.USAGE


def test_extract_again_keeps_corrections_and_lists_those_that_no_longer_match(seed_dir: Path, tmp_path: Path) -> None:
    from extractor.catalogue import load_catalogue
    from extractor.review.store import Correction, decide, empty_review, review_path, row_ids, save_review

    seed = seed_dir / "003_c112caca8715f4b7.txt"
    assert runner.invoke(app, ["extract", str(seed), "-o", str(tmp_path), "--csv"]).exit_code == 0
    data = json.loads((tmp_path / f"{seed.stem}.json").read_text(encoding="utf-8"))
    kind, index, row_id = next(r for r in row_ids(data) if r[0] == "indicator")
    review = decide(empty_review(data), (kind, row_id, data["indicators"][index]), "edit", {"unit": "orang"}, "ana", load_catalogue())
    gone = Correction("i9-000000000000", "indicator", "reject", "ana", "2026-01-01T00:00:00Z", "Baris hilang", 9)
    save_review(review.with_correction(gone), review_path(tmp_path / f"{seed.stem}.json"))

    result = runner.invoke(app, ["extract", str(seed), "-o", str(tmp_path), "--csv"])

    assert result.exit_code == 0, result.output
    assert "1 review corrections no longer match a row" in result.output and "Baris hilang" in result.output
    rows = list(csv.DictReader((tmp_path / f"{seed.stem}.indicators.csv").open(encoding="utf-8")))
    assert [(r["unit"], r["reviewed"]) for r in rows if r["reviewed"]] == [("orang", "unit")]


def test_audit_of_a_reviewed_result_audits_the_corrections(tmp_path: Path) -> None:
    import shutil

    from extractor.catalogue import load_catalogue
    from extractor.review.store import decide, empty_review, review_path, row_ids, save_review
    from tests.conftest import ROOT

    sample = ROOT / "samples" / "pdf" / "002_71f42d07af92d301_ruled_defects.pdf"
    shutil.copy(sample, tmp_path / sample.name)
    assert runner.invoke(app, ["extract", str(tmp_path / sample.name), "-o", str(tmp_path)]).exit_code == 0
    result = tmp_path / f"{sample.stem}.json"
    data = json.loads(result.read_text(encoding="utf-8"))
    review = empty_review(data)
    for kind, index, row_id in row_ids(data):
        row = data["budget"][index] if kind == "budget" else None
        if row and row["persen"] is not None and row["persen_computed"] is not None:
            fix = {"persen": str(row["persen_computed"])}
            review = decide(review, ("budget", row_id, row), "edit", fix, "ana", load_catalogue())
    save_review(review, review_path(result))

    run = runner.invoke(app, ["audit", str(result), "-o", str(tmp_path)])

    assert run.exit_code == 0, run.output
    codes = pd.read_csv(tmp_path / f"{sample.stem}.flags.csv")["code"].tolist()
    assert "persen_mismatch" not in codes and "total_mismatch" in codes


def test_review_serves_the_page_at_the_printed_url(tmp_path: Path) -> None:
    import re
    import signal
    import subprocess
    import sys
    import urllib.request

    from extractor.pipeline import extract
    from extractor.writers import write_outputs
    from tests.conftest import ROOT

    write_outputs(extract(ROOT / "samples" / "pdf" / "002_71f42d07af92d301_ruled.pdf"), tmp_path, "r", csv=False)
    command = [sys.executable, str(ROOT / "cli.py"), "review", str(tmp_path), "--no-browser", "--reviewer", "ana"]
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=ctrl_c_as_in_a_terminal
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", line)
        assert url, line + (proc.stderr.read() if proc.poll() is not None and proc.stderr else "")
        with urllib.request.urlopen(url.group(0), timeout=30) as page:
            assert page.status == 200 and b"lakip review" in page.read()
    finally:
        proc.send_signal(signal.SIGINT)
        _, errors = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "GET /" not in errors  # Ctrl+C ends a review; quiet unless --verbose
