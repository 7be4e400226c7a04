"""Tests for extractor.catalogue.load and .model: loading, validation, merging, the summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.catalogue import (
    Catalogue,
    Matcher,
    catalogue_summary,
    load_catalogue,
)
from extractor.errors import ExitCode, InputNotFoundError, InvalidDataError


def write(tmp_path: Path, text: str, name: str = "extra.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


NEW_INDICATOR = """
version: 1
indicators:
  - id: indeks_kepuasan_pemilih
    name: Indeks kepuasan pemilih terhadap layanan TPS
    sasaran: null
    unit: indeks
    value_type: index
    direction: higher_is_better
    periods: ["2025-2029"]
    levels: [kabupaten/kota]
    aliases: [Nilai survei kepuasan pemilih di TPS]
"""


# ------------------------------------------------------------------------------------------ loading


def test_builtin_catalogue_is_valid_and_consistent(catalogue: Catalogue) -> None:
    ids = [e.id for e in catalogue.indicators]
    assert len(ids) == len(set(ids)) >= 40
    assert {e.value_type for e in catalogue.indicators} <= {"percent", "grade", "opinion", "count", "index"}
    assert catalogue.get("pemilih_tidak_masuk_dpt").direction == "lower_is_better"  # type: ignore[union-attr]
    assert catalogue.get("opini_bpk").value_type == "opinion"  # type: ignore[union-attr]
    assert catalogue.get("no_such_id") is None
    assert catalogue.sources
    codes = {p.code: p for p in catalogue.programs}
    assert {
        "076.01.CQ",
        "076.01.WA",
        "6639",
        "6709",
        "6867",
        "6870",
        "6871",
        "6872",
        "6981",
        "6982",
        "3355",
        "3360",
    } <= set(codes)
    assert codes["6709"].parent == "076.01.CQ" and codes["3355"].parent == "076.01.WA"
    assert catalogue.get_program("3360") is codes["3360"]


def test_builtin_load_is_cached() -> None:
    assert load_catalogue() is load_catalogue()


def test_extra_file_adds_and_overrides_by_id(tmp_path: Path) -> None:
    extra = write(
        tmp_path,
        NEW_INDICATOR
        + """
  - id: opini_bpk
    name: Opini BPK atas Laporan Keuangan
    sasaran: null
    unit: opini
    value_type: opinion
    direction: higher_is_better
    periods: ["2025-2029"]
    levels: [provinsi]
    aliases: []
programs:
  - code: "076.01.ZZ"
    name: Program Uji Coba
kegiatan:
  - code: "9999"
    program: "076.01.ZZ"
    name: Kegiatan Uji Coba
""",
    )
    merged = load_catalogue(extra)
    assert len(merged.indicators) == len(load_catalogue().indicators) + 1
    assert merged.get("opini_bpk").periods == ("2025-2029",)  # type: ignore[union-attr]
    assert merged.get_program("9999").parent == "076.01.ZZ"  # type: ignore[union-attr]
    result = Matcher(merged, place_words=()).match("Nilai survei kepuasan pemilih di TPS 85")
    assert result.match is not None and result.match.id == "indeks_kepuasan_pemilih"


def test_replace_uses_the_extra_file_alone(tmp_path: Path) -> None:
    only = load_catalogue(write(tmp_path, NEW_INDICATOR), replace=True)
    assert [e.id for e in only.indicators] == ["indeks_kepuasan_pemilih"]
    assert only.programs == () and only.synonyms == ()


@pytest.mark.parametrize(
    ("text", "pointer", "fix"),
    [
        (NEW_INDICATOR.replace("higher_is_better", "up"), "/indicators/0/direction", "allowed values"),
        (NEW_INDICATOR.replace("    unit: indeks\n", ""), "/indicators/0", "missing field"),
        (NEW_INDICATOR.replace("2025-2029", "2025"), "/indicators/0/periods/0", "required form"),
        (
            NEW_INDICATOR.replace("value_type: index", "value_type: index\n    colour: red"),
            "/indicators/0",
            "unknown",
        ),
        ("version: 1\nkegiatan:\n  - code: 6709\n    name: X\n", "/kegiatan/0/code", "quote codes"),
        ("version: 2\n", "/version", "allowed value"),
    ],
)
def test_schema_errors_name_file_pointer_and_fix(tmp_path: Path, text: str, pointer: str, fix: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InvalidDataError) as info:
        load_catalogue(path)
    message = str(info.value)
    assert str(path) in message and f"at {pointer}:" in message and fix in message
    assert info.value.exit_code == ExitCode.INVALID_DATA
    assert "\n" not in message


def test_duplicate_id_and_unknown_program_are_reported(tmp_path: Path) -> None:
    entry = NEW_INDICATOR.split("indicators:\n", 1)[1]
    with pytest.raises(
        InvalidDataError, match=r"/indicators/1/id: 'indeks_kepuasan_pemilih' is already used"
    ):
        load_catalogue(write(tmp_path, NEW_INDICATOR + entry))
    bad_parent = "version: 1\nkegiatan:\n  - code: '1234'\n    program: '076.01.XX'\n    name: Uji\n"
    with pytest.raises(InvalidDataError, match=r"/kegiatan/0/program: unknown program '076.01.XX'"):
        load_catalogue(write(tmp_path, bad_parent))


def test_alias_that_reads_like_another_indicator_is_rejected(tmp_path: Path) -> None:
    clash = NEW_INDICATOR.replace(
        "[Nilai survei kepuasan pemilih di TPS]", "['Opini BPK terhadap laporan keuangan (WTP)']"
    )
    with pytest.raises(
        InvalidDataError, match=r"/indicators/0/aliases/0: .* reads the same as .*'opini_bpk'"
    ):
        load_catalogue(write(tmp_path, clash))


def test_synonym_loops_and_numeric_aliases_are_rejected(tmp_path: Path) -> None:
    loop = "version: 1\nsynonyms:\n  - canonical: persentase\n    variants: [persen]\n  - canonical: persen\n    variants: [pct]\n"
    with pytest.raises(InvalidDataError, match="both a canonical form and a variant"):
        load_catalogue(write(tmp_path, loop))
    twice = "version: 1\nsynonyms:\n  - canonical: persentase\n    variants: [persen]\n  - canonical: persentase\n    variants: [pct]\n"
    with pytest.raises(InvalidDataError, match=r"/synonyms/1/canonical: 'persentase' is already used"):
        load_catalogue(write(tmp_path, twice))
    numeric = NEW_INDICATOR.replace("[Nilai survei kepuasan pemilih di TPS]", "['2024 (1) 90%']")
    with pytest.raises(InvalidDataError, match=r"/indicators/0/aliases/0: .*only numbers or codes"):
        load_catalogue(write(tmp_path, numeric))


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="catalogue file not found"):
        load_catalogue(tmp_path / "missing.yaml")
    with pytest.raises(InvalidDataError, match=r"not valid YAML/JSON at line 2, column 11"):
        load_catalogue(write(tmp_path, "version: 1\nsources: a: b\n"))
    with pytest.raises(InvalidDataError, match="must be a mapping"):
        load_catalogue(write(tmp_path, "- just a list\n"))
    with pytest.raises(InvalidDataError, match="has no indicators"):
        load_catalogue(write(tmp_path, "version: 1\n"), replace=True)
    with pytest.raises(InvalidDataError, match="needs an extra catalogue file"):
        load_catalogue(None, replace=True)
    json_file = write(
        tmp_path, json.dumps({"version": 1, "sources": ["a JSON file is YAML too"]}), "extra.json"
    )
    assert "a JSON file is YAML too" in load_catalogue(json_file).sources



def test_catalogue_summary_rows(catalogue: Catalogue) -> None:
    rows = catalogue_summary(catalogue)
    assert len(rows) == len(catalogue.indicators) + len(catalogue.programs)
    assert len({tuple(r) for r in rows}) == 1  # same keys everywhere
    first = rows[0]
    assert first["kind"] == "indicator" and first["id"] == catalogue.indicators[0].id
    assert {r["kind"] for r in rows} == {"indicator", "program", "kegiatan"}
    assert json.loads(json.dumps(rows)) == rows



def test_measures_default_to_the_id_and_group_variants(catalogue: Catalogue) -> None:
    assert catalogue.measure_of("opini_bpk") == "opini_bpk"
    assert catalogue.measure_of("evaluasi_akuntabilitas_kinerja") == "nilai_akuntabilitas_kinerja"
    assert catalogue.measure_of("no_such_id") is None and catalogue.measure_of(None) is None
    for entry in catalogue.indicators:  # a measure named after an entry is that entry's own measure
        named = catalogue.get(entry.measure)
        assert named is None or named.measure == entry.measure


def test_inconsistent_measures_are_rejected(tmp_path: Path) -> None:
    lower = NEW_INDICATOR.replace("higher_is_better", "lower_is_better").replace(
        "    name:", "    measure: nilai_akuntabilitas_kinerja\n    name:"
    )
    with pytest.raises(InvalidDataError, match="share the direction") as exc:
        load_catalogue(write(tmp_path, lower))
    assert "/indicators/0/direction" in str(exc.value)
    stolen = NEW_INDICATOR.replace("    name:", "    measure: evaluasi_akuntabilitas_kinerja\n    name:")
    with pytest.raises(InvalidDataError, match="use 'nilai_akuntabilitas_kinerja'"):
        load_catalogue(write(tmp_path, stolen))
