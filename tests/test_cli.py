from __future__ import annotations

import hashlib
import json
from pathlib import Path

from typer.testing import CliRunner

from cli import app
from extractor.errors import ExitCode

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
    assert set(data) == {"label", "normalized", "match", "candidates"}
    assert data["match"] is not None and data["match"]["score"] > 0
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
