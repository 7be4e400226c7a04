"""Hand-built audit records (indicator, budget and narrative rows with provenance) and the gold reports
as audit input: shared by the tests of the audit checks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from extractor.audit import (
    AuditInput,
    AuditSettings,
    run_audit,
)
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
from tests.conftest import SEEDS

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


def text_fixture() -> tuple[tuple[IndicatorRecord, ...], tuple[BudgetRecord, ...]]:
    """Indicator and budget rows the narrative tests talk about."""
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

