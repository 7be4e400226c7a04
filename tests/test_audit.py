"""Audit checks on hand-built records (positive and negative cases) and recall on the gold reports."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.audit import (
    CHECKS,
    AuditInput,
    AuditSettings,
    AuditSettingsError,
    flags_to_dataframe,
    run_audit,
)
from extractor.audit.cells import pct_agrees
from extractor.audit.cite import fmt_num, fmt_rp
from extractor.models import (
    BBox,
    BudgetRecord,
    CellValue,
    Flag,
    IndicatorRecord,
    Method,
    Provenance,
    Satker,
    TextLine,
)
from tests.conftest import GOLD, SEEDS, data_files

FILE = "report.pdf"
SATKER = Satker("KPU Kabupaten Rejang Lebong", "kabupaten", "Rejang Lebong", "Bengkulu", 2024)
GOLD_KINDS = ("persen_mismatch", "capaian_mismatch", "total_mismatch", "text_vs_table", "foreign_satker")


# ----------------------------------------------------------------------------- builders


def prov(line: int | None, table: int | None = 0, page: int | None = 1, col: int | None = None) -> Provenance:
    box = (
        BBox(100.0 * col, float(line or 0), 100.0 * col + 90, float(line or 0) + 10)
        if col is not None
        else None
    )
    return Provenance(FILE, page, line, box, Method.PDF_RULED, table)


def num_raw(value: Any, unit: str | None) -> str:
    if isinstance(value, str) or value is None:
        return str(value or "")
    if unit == "rp":
        return fmt_rp(int(value))
    text = fmt_num(value, 0 if isinstance(value, int) else 2)
    return text + ("%" if unit == "%" else "")


def cell(
    value: Any,
    line: int | None,
    table: int | None = 0,
    unit: str | None = None,
    raw: str | None = None,
    col: int = 1,
) -> CellValue:
    kind = (
        "text"
        if isinstance(value, str)
        else ("amount" if unit == "rp" else "percent" if unit == "%" else "number")
    )
    return CellValue(
        raw if raw is not None else num_raw(value, unit), value, kind, unit, prov(line, table, col=col)
    )


def budget(
    level: str,
    name: str,
    pagu: int | None,
    realisasi: int | None,
    persen: float | None,
    line: int,
    table: int = 0,
    code: str | None = None,
    year: int | None = 2024,
    persen_raw: str | None = None,
) -> BudgetRecord:
    computed = round(realisasi * 100 / pagu, 2) if pagu and realisasi is not None else None
    return BudgetRecord(
        level=level,  # type: ignore[arg-type]
        code=code,
        name=name,
        pagu=cell(pagu, line, table, "rp", col=2) if pagu is not None else None,
        realisasi=cell(realisasi, line, table, "rp", col=3) if realisasi is not None else None,
        persen=cell(persen, line, table, "%", persen_raw, col=4) if persen is not None else None,
        persen_computed=computed,
        year=year,
        provenance=prov(line, table),
    )


def capaian_of(target: Any, realisasi: Any) -> float | None:
    if isinstance(target, int | float) and isinstance(realisasi, int | float) and target:
        return round(realisasi * 100 / target, 2)
    if isinstance(target, str) and isinstance(realisasi, str):
        return 100.0 if target.strip().upper() == realisasi.strip().upper() else None
    return None


def indicator(
    label: str,
    target: Any,
    realisasi: Any,
    capaian: float | None,
    line: int,
    table: int = 10,
    role: str = "performance",
    sasaran: str | None = None,
    year: int | None = 2024,
    unit: str | None = "%",
) -> IndicatorRecord:
    return IndicatorRecord(
        indicator_id=None,
        label=label,
        label_raw=label,
        match_score=None,
        sasaran=sasaran,
        unit=unit,
        target=cell(target, line, table, unit, col=2) if target is not None else None,
        realisasi=cell(realisasi, line, table, unit, col=3) if realisasi is not None else None,
        capaian=cell(capaian, line, table, "%", col=4) if capaian is not None else None,
        capaian_computed=capaian_of(target, realisasi),
        year=year,
        provenance=prov(line, table),
        role=role,  # type: ignore[arg-type]
    )


def narrative(*texts: str, start: int = 500) -> tuple[TextLine, ...]:
    return tuple(TextLine(t, 1, start + i) for i, t in enumerate(texts))


def audit(
    indicators: tuple[IndicatorRecord, ...] = (),
    budget_rows: tuple[BudgetRecord, ...] = (),
    text: tuple[TextLine, ...] = (),
    only: str | None = None,
    satker: Satker = SATKER,
    **settings: Any,
) -> tuple[Flag, ...]:
    enabled = frozenset({only}) if only else None
    inp = AuditInput(satker, indicators, budget_rows, text, satker.year)
    return run_audit(inp, AuditSettings(enabled=enabled, **settings))


def lines(flag: Flag) -> set[int | None]:
    return {p.line for p in flag.provenance}


# ----------------------------------------------------------------------------- gold evaluation


def _year_in(text: str) -> int | None:
    text = re.sub(r"(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}", " ", text)
    m = re.search(r"\b((?:19|20)\d{2})\b", text)
    return int(m.group(1)) if m else None


def _clusters(rows: list[dict[str, Any]], first_index: int) -> list[int]:
    """Table index per gold indicator row: a gap of more than 30 lines starts a new table."""
    out, index, last = [], first_index, None
    for r in rows:
        if last is not None and r["line"] - last > 30:
            index += 1
        out.append(index)
        last = r["line"]
    return out


def gold_input(path: Path) -> AuditInput:
    """Audit input built straight from a gold file's rows and its seed text as narrative."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    s = gold["satker"]
    satker = Satker(s["name"], s["level"], s["region"], s["province"], s["year"])
    year = s["year"]
    source = gold["source"]

    def gprov(line: int, table: int) -> Provenance:
        return Provenance(source, None, line, None, Method.TEXT_LINES, table)

    def gcell(value: Any, line: int, table: int, unit: str | None) -> CellValue | None:
        if value is None:
            return None
        kind = (
            "text"
            if isinstance(value, str)
            else ("amount" if unit == "rp" else "percent" if unit == "%" else "number")
        )
        return CellValue(num_raw(value, unit), value, kind, unit, gprov(line, table))

    tables: dict[str, int] = {}
    budget_rows = []
    for r in gold["budget"]:
        t = tables.setdefault(r["table"], len(tables))
        pagu, real = r["pagu"], r["realisasi"]
        budget_rows.append(
            BudgetRecord(
                level=r["level"],
                code=r["code"],
                name=r["name"],
                pagu=gcell(pagu, r["line"], t, "rp"),
                realisasi=gcell(real, r["line"], t, "rp"),
                persen=gcell(r["persen"], r["line"], t, "%"),
                persen_computed=round(real * 100 / pagu, 2) if pagu and real is not None else None,
                year=_year_in(r["name"])
                if re.search(r"\btahun\s+\d{4}", r["name"], re.I)
                else (_year_in(r["table"]) or year),
                provenance=gprov(r["line"], t),
                table_caption=r["table"],
            )
        )
    indicators = []
    first = 100
    for role in ("agreement", "performance"):
        rows = gold[role]
        for r, t in zip(rows, _clusters(rows, first), strict=True):
            unit = "%" if r.get("unit") == "%" else r.get("unit")
            target, real, cap = r["target"], r.get("realisasi"), r.get("capaian")
            indicators.append(
                IndicatorRecord(
                    indicator_id=None,
                    label=r["indicator"],
                    label_raw=r["indicator"],
                    match_score=None,
                    sasaran=r["sasaran"],
                    unit=r.get("unit"),
                    target=gcell(target, r["line"], t, unit),
                    realisasi=gcell(real, r["line"], t, unit),
                    capaian=gcell(cap, r["line"], t, "%"),
                    capaian_computed=capaian_of(target, real),
                    year=year,
                    provenance=gprov(r["line"], t),
                    role=role,
                )
            )
        first += 50
    seed = (SEEDS / source).read_text(encoding="utf-8").splitlines()
    text = tuple(TextLine(t, None, i + 1) for i, t in enumerate(seed))
    return AuditInput(satker, tuple(indicators), tuple(budget_rows), text, year)


def _flag_numbers(flag: Flag) -> set[str]:
    out = set()
    for key in ("printed", "stated"):
        v = flag.values.get(key)
        if isinstance(v, int | float) and not isinstance(v, bool):
            out.add(fmt_rp(int(v)) if isinstance(v, int) and v >= 10_000 else fmt_num(v))
    return out


def recall_on_gold(path: Path) -> dict[str, tuple[int, int, list[tuple[int, str]]]]:
    """Per kind: (found, total, missed (line, detail)) for the gold inconsistencies of ``GOLD_KINDS``."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    flags = run_audit(gold_input(path))
    out: dict[str, tuple[int, int, list[tuple[int, str]]]] = {}
    for kind in GOLD_KINDS:
        items = [g for g in gold["inconsistencies"] if g["kind"] == kind]
        same = [f for f in flags if f.code == kind]
        found, missed = 0, []
        for g in items:
            near = any(
                p.line is not None and abs(p.line - g["line"]) <= 3 for f in same for p in f.provenance
            )
            cited = any(n in g["detail"] for f in same for n in _flag_numbers(f))
            if near or cited:
                found += 1
            else:
                missed.append((g["line"], g["detail"]))
        out[kind] = (found, len(items), missed)
    return out


# ----------------------------------------------------------------------------- a clean report


def clean_report() -> tuple[tuple[IndicatorRecord, ...], tuple[BudgetRecord, ...], tuple[TextLine, ...]]:
    """A small consistent report: PK targets, performance table, budget tree and prose agree."""
    sas = "Terwujudnya Pemilu yang Berkualitas"
    inds = (
        indicator(
            "Persentase kegiatan pendidikan pemilih yang terlaksana", 90, None, None, 100, 1, "agreement", sas
        ),
        indicator(
            "Opini BPK atas Laporan Keuangan", "WTP", None, None, 101, 1, "agreement", sas, unit="opini"
        ),
        indicator("Persentase kegiatan pendidikan pemilih yang terlaksana", 90, 90, 100, 200, 2, sasaran=sas),
        indicator("Opini BPK atas Laporan Keuangan", "WTP", "WTP", 100, 201, 2, sasaran=sas, unit="opini"),
    )
    rows = (
        budget("program", "Program Dukungan Manajemen", 1_000_000_000, 990_000_000, 99.0, 300, 3, "WA"),
        budget("kegiatan", "Pengelolaan Keuangan", 600_000_000, 595_000_000, 99.17, 301, 3, "WA.3355"),
        budget("ro", "Layanan Perkantoran", 600_000_000, 595_000_000, 99.17, 302, 3, "3355.EBA.994"),
        budget("kegiatan", "Operasional Perkantoran", 400_000_000, 395_000_000, 98.75, 303, 3, "WA.3360"),
        budget("total", "JUMLAH", 1_000_000_000, 990_000_000, 99.0, 304, 3),
    )
    text = narrative(
        "KPU Kabupaten Rejang Lebong menetapkan 1 (satu) sasaran strategis dengan 2 (dua) indikator",
        "kinerja pada Tahun 2024. Semua target terpenuhi sesuai rencana.",
        "Realisasi anggaran Tahun 2024 sebesar 99,00% dari pagu anggaran sebesar Rp 1.000.000.000,-.",
        "Capaian kinerja Persentase kegiatan pendidikan pemilih yang terlaksana sebesar 100%.",
        "Pada tahun 2023 realisasi anggaran sebesar 93,37% dan KPU Provinsi Bengkulu membina kami.",
        "Koordinasi dengan KPU RI berjalan baik; efisiensi anggaran Tahun 2024 sebesar 1,00%.",
    )
    return inds, rows, text


def test_clean_report_gives_no_flags() -> None:
    inds, rows, text = clean_report()
    assert audit(inds, rows, text) == ()


def test_registry_covers_every_documented_check() -> None:
    assert set(CHECKS) == {
        "persen_mismatch",
        "capaian_mismatch",
        "total_mismatch",
        "overspend",
        "duplicate_conflict",
        "text_vs_table",
        "foreign_satker",
        "target_missing",
        "realisasi_missing",
        "year_mismatch",
        "future_realisasi",
        "implausible_capaian",
        "claim_arithmetic",
    }
    assert all(check.help and check.run.__doc__ for check in CHECKS.values())


# ----------------------------------------------------------------------------- settings


@pytest.mark.parametrize(
    "kwargs",
    [
        {"persen_tolerance": -0.1},
        {"total_tolerance_rupiah": -1},
        {"capaian_tolerance": 101},
        {"enabled": frozenset({"no_such_check"})},
    ],
)
def test_invalid_settings_raise_actionable_error(kwargs: dict[str, Any]) -> None:
    with pytest.raises(AuditSettingsError) as err:
        run_audit(AuditInput(SATKER, (), (), (), 2024), AuditSettings(**kwargs))
    assert "\n" not in str(err.value)


def test_enabled_limits_the_checks() -> None:
    rows = (budget("ro", "A", 100_000, 200_000, 50.0, 10),)  # overspend and persen mismatch
    assert {f.code for f in audit(budget_rows=rows)} == {"overspend", "persen_mismatch"}
    assert {f.code for f in audit(budget_rows=rows, only="overspend")} == {"overspend"}


# ----------------------------------------------------------------------------- persen_mismatch


def test_persen_mismatch_cites_all_three_cells() -> None:
    rows = (budget("indikator", "Koordinasi", 33_801_000, 33_775_000, 99.95, 1922, 4),)
    (flag,) = audit(budget_rows=rows, only="persen_mismatch")
    assert flag.severity == "error"
    assert "99,95%" in flag.message and "33.775.000 / 33.801.000 = 99,92%" in flag.message
    assert len(flag.provenance) == 3 and lines(flag) == {1922}
    assert flag.values["printed"] == 99.95 and flag.values["computed"] == pytest.approx(99.923, abs=1e-3)


def test_persen_mismatch_on_ocr_cells_marks_them_doubtful() -> None:
    """Failing arithmetic on OCR'd cells may be a misread: a warning naming the confidences."""
    from dataclasses import replace

    row = budget("ro", "Sarana IT Pemilu", 29_178_000, 28_067_100, 100.0, 10, 2)

    def ocr(c: CellValue | None, conf: float) -> CellValue | None:
        return (
            None
            if c is None
            else replace(c, provenance=replace(c.provenance, method=Method.OCR_RULED), conf=conf)
        )

    row = replace(row, pagu=ocr(row.pagu, 91), realisasi=ocr(row.realisasi, 62), persen=ocr(row.persen, 88))
    (flag,) = audit(budget_rows=(row,), only="persen_mismatch")
    assert flag.severity == "warning"
    assert "read by OCR (confidence '100,00%' 88, '29.178.000' 91, '28.067.100' 62)" in flag.message


@pytest.mark.parametrize(
    ("pagu", "realisasi", "printed", "raw", "flagged"),
    [
        (33_801_000, 33_775_000, 99.92, "99,92%", False),
        (1_000_000, 999_600, 100, "100%", False),  # 99,96 rounds to 100
        (1_000_000, 999_960, 99.99, "99,99", False),  # 99,996 truncated
        (1_000_000, 999_960, 100.0, "100,00", False),  # 99,996 rounded
        (5_640_000, 5_618_832, 100.0, "100,00", True),  # 99,62
        (20_000, 0, 78.33, "78,33", True),
        (2_000, 0, 0.0, "0", False),
    ],
)
def test_persen_rounding_rules(pagu: int, realisasi: int, printed: float, raw: str, flagged: bool) -> None:
    rows = (budget("ro", "X", pagu, realisasi, printed, 5, persen_raw=raw),)
    assert bool(audit(budget_rows=rows, only="persen_mismatch")) is flagged


def test_persen_tolerance_setting_widens_the_check() -> None:
    rows = (budget("ro", "X", 1_000_000, 990_000, 99.3, 5, persen_raw="99,3"),)
    assert audit(budget_rows=rows, only="persen_mismatch")
    assert not audit(budget_rows=rows, only="persen_mismatch", persen_tolerance=0.5)


@given(
    pagu=st.integers(min_value=1, max_value=10**12),
    share=st.floats(min_value=0, max_value=1.2, allow_nan=False),
    decimals=st.integers(min_value=0, max_value=2),
    truncate=st.booleans(),
)
def test_persen_printed_from_the_ratio_is_never_flagged(
    pagu: int, share: float, decimals: int, truncate: bool
) -> None:
    realisasi = int(pagu * share)
    exact = realisasi * 100 / pagu
    scale = 10**decimals
    printed = (int(exact * scale) if truncate else round(exact * scale)) / scale
    raw = fmt_num(printed, decimals) + "%"
    rows = (budget("ro", "X", pagu, realisasi, printed, 5, persen_raw=raw),)
    assert not audit(budget_rows=rows, only="persen_mismatch")


@given(st.floats(min_value=0, max_value=150, allow_nan=False), st.integers(min_value=0, max_value=2))
def test_pct_agrees_accepts_its_own_rounding(value: float, decimals: int) -> None:
    assert pct_agrees(round(value, decimals), value, decimals, None)


# ----------------------------------------------------------------------------- capaian_mismatch


def test_capaian_mismatch_positive_and_negative() -> None:
    wrong = indicator("Persentase pendidikan pemilih", 90, 85, 100, 1811)
    right = indicator("Persentase RPP", 90, 85, 94.4, 1813)
    capped = indicator("Persentase jadwal", 95, 100, 100, 1827)  # 105,26 capped at 100 by policy
    grade = indicator("Nilai Akuntabilitas Kinerja", "B", "CC", 60, 1803, unit="grade")
    (flag,) = audit((wrong, right, capped, grade), only="capaian_mismatch")
    assert lines(flag) == {1811} and len(flag.provenance) == 3
    assert flag.values["computed"] == pytest.approx(94.44)
    assert "94,44%" in flag.message


# ----------------------------------------------------------------------------- overspend


def test_overspend_only_above_pagu() -> None:
    rows = (
        budget("indikator", "Opini BPK", 2_678_165_000, 2_715_809_026, 101.41, 2116),
        budget("indikator", "Keterbukaan", 7_540_000, 7_540_000, 100.0, 2118),
    )
    (flag,) = audit(budget_rows=rows, only="overspend")
    assert flag.severity == "warning" and lines(flag) == {2116}
    assert flag.values["excess"] == 37_644_026


# ----------------------------------------------------------------------------- total_mismatch


def test_total_mismatch_kegiatan_vs_its_ro_rows() -> None:
    rows = (
        budget("kegiatan", "Pemungutan Suara", 2_419_398_000, 2_417_806_900, 99.93, 967, code="CQ.6872"),
        budget("ro", "Fasilitasi", 28_950_000, 28_921_500, 99.9, 968, code="6872.QGE.001"),
        budget("ro", "Pelaksanaan", 2_383_037_000, 2_383_037_000, 100.0, 969, code="6872.QGE.002"),
        budget("ro", "Evaluasi", 7_411_000, 5_885_000, 79.41, 970, code="6872.QGE.003"),
    )
    (flag,) = audit(budget_rows=rows, only="total_mismatch")
    assert flag.values["realisasi"] == {"printed": 2_417_806_900, "sum": 2_417_843_500, "difference": -36_600}
    assert "pagu" not in flag.values
    assert lines(flag) == {967, 968, 969, 970}
    assert "2.417.843.500" in flag.message


def test_total_row_vs_top_level_rows_and_absent_levels() -> None:
    rows = (
        budget("program", "A", 300, None, None, 1),
        budget("ro", "a1", 100, None, None, 2),  # no kegiatan level: RO rolls into the program
        budget("ro", "a2", 200, None, None, 3),
        budget("program", "B", 500, None, None, 4),
        budget("kegiatan", "b1", 500, None, None, 5),
        budget("total", "Jumlah", 900, None, None, 6),  # 300 + 500 = 800
    )
    (flag,) = audit(budget_rows=rows, only="total_mismatch")
    assert flag.values["pagu"] == {"printed": 900, "sum": 800, "difference": 100}
    assert lines(flag) == {6, 1, 4}


def test_subtotals_and_grand_total_and_multi_year_rows_are_fine() -> None:
    rows = (
        budget("kegiatan", "a", 100, 90, 90.0, 1),
        budget("total", "Sub Total A", 100, 90, 90.0, 2),
        budget("kegiatan", "b", 50, 50, 100.0, 3),
        budget("total", "Sub Total B", 50, 50, 100.0, 4),
        budget("total", "Grand Total", 150, 140, 93.33, 5),
    )
    years = tuple(
        budget("total", f"Tahun {y}", p, p, 100.0, 10 + i, 1, year=y)
        for i, (y, p) in enumerate([(2022, 20), (2023, 40), (2024, 110)])
    )
    assert not audit(budget_rows=rows + years, only="total_mismatch")


def test_cross_table_rollup_needs_one_field_to_add_up() -> None:
    keg = budget("kegiatan", "Pemungutan", 2_419_398_000, 2_417_806_900, 99.93, 967, 5, "CQ.6872")
    ros = (
        budget("ro", "a", 28_950_000, 28_921_500, 99.9, 940, 6, "6872.QGE.001"),
        budget("ro", "b", 2_383_037_000, 2_383_037_000, 100.0, 941, 6, "6872.QGE.002"),
        budget("ro", "c", 7_411_000, 5_885_000, 79.41, 942, 6, "6872.QGE.003"),
    )
    (flag,) = audit(budget_rows=(keg, *ros), only="total_mismatch")
    assert lines(flag) == {967, 940, 941, 942} and set(flag.values) >= {"realisasi"}
    partial = ros[:2]  # a table that lists only some ROs: both sums differ, nothing to conclude
    assert not audit(budget_rows=(keg, *partial), only="total_mismatch")


# ----------------------------------------------------------------------------- duplicate_conflict


def test_duplicate_indicator_target_conflict() -> None:
    label = "Persentase Keputusan KPU yang disusun tepat waktu"
    inds = (
        indicator(label, 85, None, None, 1659, 1, "agreement"),
        indicator(label.upper() + ".", 90, None, None, 3466, 3, "agreement"),
        indicator(label, 85, 85, 100, 1785, 2),
        indicator("Lain", 80, 80, 100, 1790, 2),
    )
    (flag,) = audit(inds, only="duplicate_conflict")
    assert flag.values["field"] == "target" and sorted(flag.values["values"]) == [85, 90]
    assert lines(flag) == {1659, 3466, 1785}


def test_duplicate_budget_line_conflict_needs_two_tables_and_one_year() -> None:
    rows = (
        budget("program", "Penyelenggaraan Pemilu", 26_608_457_000, None, None, 690, 0),
        budget("program", "Penyelenggaraan  pemilu", 26_960_928_000, None, None, 1210, 7),
        budget("program", "Penyelenggaraan Pemilu", 3_910_953_000, None, None, 1307, 10, year=2025),
        budget("ro", "X", 10, None, None, 5, 1, code="6709.QGE.001"),
        budget("ro", "X again", 11, None, None, 6, 1, code="6709.QGE.001"),  # same table: not this check
    )
    (flag,) = audit(budget_rows=rows, only="duplicate_conflict")
    assert lines(flag) == {690, 1210} and flag.values["field"] == "pagu"


# ----------------------------------------------------------------------------- missing targets and results


def test_agreement_never_reported_and_report_without_agreement() -> None:
    inds = (
        indicator("Persentase Partisipasi Pemilih dalam Pemilu", 80, None, None, 3478, 1, "agreement"),
        indicator("Opini BPK atas Laporan Keuangan", "WTP", None, None, 3474, 1, "agreement", unit="opini"),
        indicator("Opini BPK atas Laporan Keuangan", "WTP", "WTP", 100, 1804, 2, unit="opini"),
        indicator("Persentase Dokumen Evaluasi", 1, 1, 100, 1805, 2, unit="dokumen"),
        indicator("Nilai Reformasi Birokrasi", 100, None, None, 1003, 2),
    )
    flags = audit(inds)
    got = {(f.code, f.severity, f.provenance[0].line) for f in flags}
    assert got == {
        ("realisasi_missing", "warning", 3478),
        ("target_missing", "warning", 1805),
        ("target_missing", "warning", 1003),
        ("realisasi_missing", "info", 1003),
    }


def test_no_agreement_table_means_no_target_missing() -> None:
    inds = (indicator("Persentase Dokumen Evaluasi", 1, 1, 100, 5, 2),)
    assert not audit(inds, only="target_missing")


# ----------------------------------------------------------------------------- year_mismatch


def test_year_mismatch_caption_of_last_year_with_this_years_figures() -> None:
    pk_2023 = tuple(
        indicator(f"Indikator {name}", t, None, None, 370 + i, 1, "agreement", year=2023)
        for i, (name, t) in enumerate([("naskah akademik", 80), ("partai politik", 25), ("reformasi", 77)])
    )
    other_pk = (indicator("Laporan evaluasi distribusi logistik", 100, None, None, 462, 2, "agreement"),)
    budget_2023 = (budget("total", "Jumlah Anggaran", 126_887_188_000, None, None, 395, 5, year=2023),)
    budget_2024 = (budget("total", "Jumlah Anggaran Program", 126_887_188_000, None, None, 497, 6),)
    flags = audit(pk_2023 + other_pk, budget_2023 + budget_2024, only="year_mismatch")
    assert [(f.severity, f.values["table_year"], f.provenance[0].line) for f in flags] == [
        ("info", 2023, 370),
        ("info", 2023, 395),
    ]
    assert 497 in lines(flags[1])
    covered = tuple(replace(i, year=2024, provenance=prov(460 + n, 2)) for n, i in enumerate(pk_2023))
    assert not audit(pk_2023 + covered, budget_2024, only="year_mismatch")  # a true prior-year table
    next_year = tuple(replace(i, year=2025) for i in pk_2023)
    budget_2025 = (replace(budget_2023[0], year=2025),)
    assert not audit(next_year + other_pk, budget_2025 + budget_2024, only="year_mismatch")


def test_year_mismatch_previous_year_performance_table() -> None:
    inds = (indicator("Indikator A", 90, 90, 100, 10, 1, year=2023),)
    (flag,) = audit(inds, only="year_mismatch")
    assert "no 2024 performance table covers" in flag.message


# ----------------------------------------------------------------------------- foreign_satker


def test_foreign_satker_groups_and_grades_mentions() -> None:
    text = narrative(
        "Rapat bersama KPU Kabupaten Lebong dan KPU Provinsi Bengkulu serta KPU RI.",
        "Supervisi KPU Kota Palembang; laporan KPU Kabupaten Lebong menyusul.",
        "Laporan KPU Kabupaten Rejang Lebong. Desa di Kecamatan Kota Padang terpencil.",
    )
    flags = audit(text=text, only="foreign_satker")
    by_name = {f.values["region"]: f for f in flags}
    assert set(by_name) == {"Lebong", "Palembang"}
    assert by_name["Lebong"].severity == "info" and lines(by_name["Lebong"]) == {500, 501}
    assert by_name["Palembang"].severity == "warning" and by_name["Palembang"].values["mentions"] == 1
    assert all(p.method is Method.NARRATIVE for f in flags for p in f.provenance)


def test_foreign_satker_in_a_table_label_and_unknown_unit() -> None:
    inds = (indicator("Persentase Keputusan KPU Kota Prabumulih yang tepat waktu", 90, 90, 100, 9),)
    (flag,) = audit(inds, only="foreign_satker")
    assert flag.values["region"] == "Prabumulih" and lines(flag) == {9}
    unknown = Satker(None, None, None, None, 2024)
    assert not audit(inds, satker=unknown, only="foreign_satker")


# ----------------------------------------------------------------------------- text_vs_table


def _text_fixture() -> tuple[tuple[IndicatorRecord, ...], tuple[BudgetRecord, ...]]:
    inds = (
        indicator(
            "Persentase kegiatan pendidikan pemilih yang terlaksana", 90, 85, 94.4, 1811, 2, sasaran="S1"
        ),
        indicator("Nilai Akuntabilitas Kinerja", "B", "CC", 60, 1803, 2, sasaran="S2", unit="grade"),
        indicator("Persentase sengketa hukum yang dimenangkan KPU", 100, 100, 100, 1852, 2, sasaran="S2"),
    )
    rows = (
        budget("ro", "A", 20_000_000_000, 19_000_000_000, 95.0, 3400, 5),
        budget("ro", "B", 21_661_103_000, 20_552_911_818, 94.88, 3401, 5),
        budget("total", "Total", 41_661_103_000, 39_552_911_818, 94.94, 3421, 5),
    )
    return inds, rows


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("Adapun realisasi anggaran sebesar 98,68%.", True),
        ("Adapun realisasi anggaran sebesar 94,94%.", False),
        ("Penyerapan anggaran Tahun 2024 mencapai 94,88%.", False),  # a row, not the total
        ("memenuhi target 100% dan anggaran 99,95% dimana koordinasi", True),
        ("Pada tahun 2023 realisasi anggaran sebesar 93,37%.", False),
        ("Target penyerapan anggaran 95% tercapai.", False),
        ("Dari tabel diatas maka efisiensi anggaran Tahun 2024 sebesar 0,04%.", True),
        ("Efisiensi anggaran Tahun 2024 sebesar 5,06%.", False),
        ("Pagu anggaran terakhir sebesar Rp. 41.661.103.000,- (empat puluh satu miliar).", False),
        ("Pagu anggaran Tahun 2024 sebesar Rp 4.451.669.000.", True),
        ("Realisasi anggaran sebesar Rp 39.552.911.818.", False),
    ],
)
def test_text_budget_figures(sentence: str, flagged: bool) -> None:
    inds, rows = _text_fixture()
    flags = audit(inds, rows, narrative(sentence), only="text_vs_table")
    assert bool(flags) is flagged, [f.message for f in flags]
    for f in flags:
        assert f.provenance[0].line == 500 and f.provenance[0].method is Method.NARRATIVE
        assert any(p.line == 3421 for p in f.provenance)  # the total's cell is cited


def test_text_sentence_across_wrapped_lines_cites_the_figure_line() -> None:
    inds, rows = _text_fixture()
    text = narrative(
        "Hasil ini menunjukkan bahwa realisasi anggarannya", "sebesar", "", "94,91%. Hal ini baik."
    )
    (flag,) = audit(inds, rows, text, only="text_vs_table")
    assert flag.provenance[0].line == 503 and flag.values["stated"] == pytest.approx(94.91)
    ended = narrative("Hasil ini menunjukkan realisasi anggarannya.", "", "94,91% dari pagu.")
    assert not audit(inds, rows, ended, only="text_vs_table")


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("KPU menetapkan 3 (tiga) indikator kinerja pada Tahun 2024.", False),
        ("KPU menetapkan 2 (dua) sasaran strategis melalui Perjanjian Kinerja.", False),
        ("KPU menetapkan 17 (tujuh belas) indikator kinerja pada Tahun 2024.", True),
        ("KPU menetapkan 8 (delapan) sasaran strategis melalui PK.", True),
        ("IDI meliputi 3 (tiga) indikator dan 11 (sebelas) sub-indikator.", False),
        ("1 2 3 4 5 6 7 8 Sasaran 3 : Terwujudnya", False),
    ],
)
def test_text_counts(sentence: str, flagged: bool) -> None:
    inds, rows = _text_fixture()
    flags = audit(inds, rows, narrative(sentence), only="text_vs_table")
    assert bool(flags) is flagged, [f.message for f in flags]


def test_text_counts_that_contradict_each_other_cite_both_lines() -> None:
    inds, rows = _text_fixture()
    text = narrative(
        "Capaian kinerja tersebar pada 15 (lima belas) indikator kinerja.",
        "",
        "KPU menetapkan 3 (tiga) indikator kinerja melalui Perjanjian Kinerja.",
    )
    (flag,) = audit(inds, rows, text, only="text_vs_table")
    assert lines(flag) >= {500, 502} and flag.values["stated"] == 15


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("Dapat dikatakan semua target terpenuhi sesuai rencana.", True),
        ("KPU telah berhasil mencapai semua sasaran strategis Tahun 2024.", True),
        ("KPU telah berhasil mencapai hampir seluruh sasaran strategis.", False),
        ("Renstra memuat seluruh target kinerja yang akan dicapai.", False),
        ("Pada tahun 2023 semua target terpenuhi.", False),
        ("Capaian kinerja Persentase kegiatan pendidikan pemilih yang terlaksana sebesar 100%.", True),
        ("Capaian kinerja Persentase kegiatan pendidikan pemilih yang terlaksana sebesar 94,4%.", False),
        ("Rata-rata capaian kinerja Tahun 2024 mencapai 90,99%.", True),
        ("Rata-rata capaian kinerja Tahun 2024 mencapai 84,80%.", False),
    ],
)
def test_text_claims_and_capaian(sentence: str, flagged: bool) -> None:
    inds, rows = _text_fixture()
    flags = audit(inds, rows, narrative(sentence), only="text_vs_table")
    assert bool(flags) is flagged, [f.message for f in flags]


def test_claim_about_the_table_above_checks_only_that_table() -> None:
    inds, rows = _text_fixture()
    above = (
        budget("indikator", "Nilai Akuntabilitas Kinerja", 20_511_000, 17_088_900, 83.32, 2113, 8),
        budget(
            "indikator",
            "Persentase sengketa hukum yang dimenangkan KPU",
            7_540_000,
            7_539_761,
            100.0,
            2118,
            8,
        ),
    )
    claim = narrative("Dari tabel di atas, menunjukkan terpenuhinya kedua indikator tersebut.", start=2124)
    (flag,) = audit(inds, rows + above, claim, only="text_vs_table")
    assert lines(flag) == {2124, 1803}
    wrong_count = narrative(
        "Dari tabel di atas, menunjukkan terpenuhinya ketiga indikator tersebut.", start=2124
    )
    assert not audit(inds, rows + above, wrong_count, only="text_vs_table")


# ----------------------------------------------------------------------------- ordering and frames


def test_run_audit_orders_by_severity_then_place() -> None:
    rows = (
        budget("ro", "late", 100_000, 200_000, 200.0, 90),  # overspend (warning), persen fine
        budget("ro", "early", 100_000, 50_000, 40.0, 20),  # persen mismatch (error)
        budget("ro", "mid", 100_000, 300_000, 100.0, 50),  # both
    )
    flags = audit(budget_rows=rows)
    assert [(f.severity, f.provenance[0].line) for f in flags] == [
        ("error", 20),
        ("error", 50),
        ("warning", 50),
        ("warning", 90),
    ]
    assert flags == audit(budget_rows=tuple(reversed(rows)))


def test_flags_to_dataframe_columns_and_json_values() -> None:
    rows = (budget("indikator", "Koordinasi", 33_801_000, 33_775_000, 99.95, 1922, 4),)
    frame = flags_to_dataframe(audit(budget_rows=rows))
    assert list(frame.columns) == ["code", "severity", "message", "page", "line", "method", "table", "values"]
    assert frame.loc[0, "line"] == 1922 and frame.loc[0, "table"] == 4
    assert json.loads(frame.loc[0, "values"])["pagu"] == 33_801_000
    assert flags_to_dataframe([]).empty


def test_flags_never_change_values() -> None:
    inds, rows = _text_fixture()
    before = (inds, rows)
    audit(inds, rows, narrative("Adapun realisasi anggaran sebesar 98,68%."))
    assert (inds, rows) == before


# ----------------------------------------------------------------------------- gold recall

def test_recall_on_gold_reports() -> None:
    found: dict[str, int] = {}
    total: dict[str, int] = {}
    for path in data_files(GOLD, "*.json"):
        for kind, (hit, n, _) in recall_on_gold(path).items():
            found[kind] = found.get(kind, 0) + hit
            total[kind] = total.get(kind, 0) + n
    assert found["persen_mismatch"] >= 0.9 * total["persen_mismatch"]
    assert found["total_mismatch"] >= 0.8 * total["total_mismatch"]
    assert found["text_vs_table"] >= 0.6 * total["text_vs_table"]


def test_foreign_satker_for_a_province_unit() -> None:
    kalteng = Satker("KPU Provinsi Kalimantan Tengah", "provinsi", "Kalimantan Tengah", None, 2024)
    text = narrative(
        "Supervisi ke KPU Kota Palangka Raya bersama KPU Provinsi Kalimantan Tengah.",
        "",
        "Rapat dengan KPU Provinsi Kalimantan Barat.",
    )
    flags = audit(text=text, satker=kalteng, only="foreign_satker")
    assert {(f.values["region"], f.severity) for f in flags} == {
        ("Palangka Raya", "info"),
        ("Kalimantan Barat", "warning"),
    }
