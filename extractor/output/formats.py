"""Numbers and words on the pages: Indonesian number notation (babel) in either language.

Reports print rupiah as 33.801.000 and percentages as 99,92%; the pages print them the same way
whatever their language, so a figure can be found in the report by its printed form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from extractor.audit.cite import fmt_num, fmt_rp
from extractor.catalogue.capaian import CAPAIAN_BANDS

LANGS = ("id", "en")
SEVERITIES = ("error", "warning", "info")
PERCENT_KEYS = ("printed", "computed", "stated", "mean", "mean_capped", "capaian", "bound", "total_persen")
FORMAT_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp ", ""]}  # for Vega

WORDS: dict[str, dict[str, str]] = {
    "id": {
        "audit_title": "Audit",
        "compare_title": "Perbandingan antarsatker",
        "error": "galat",
        "warning": "peringatan",
        "info": "info",
        "satker": "Satker",
        "level_region": "Tingkat / wilayah",
        "report_year": "Tahun laporan",
        "source_file": "Berkas sumber",
        "pages_kind": "Halaman / jenis",
        "status": "Status ekstraksi",
        "records": "Indikator / baris anggaran",
        "contents": "Daftar isi",
        "summary": "Ringkasan",
        "flags": "Temuan",
        "check": "Pemeriksaan",
        "meaning": "Artinya",
        "total": "Jumlah",
        "filter": "Saring",
        "all_checks": "semua pemeriksaan",
        "no_flags": "Tidak ada pemeriksaan yang menghasilkan temuan.",
        "page": "hal.",
        "line": "baris",
        "table": "tabel",
        "printed": "tercetak",
        "computed": "dihitung",
        "figures": "Angka",
        "cells": "Sel yang dirujuk",
        "more_cells": "dan {n} sel lain",
        "no_image": "Tanpa gambar halaman (laporan asli tidak tersedia; gunakan --source).",
        "crop_alt": "Potongan halaman {page} di sekitar sel yang dirujuk",
        "perf_tables": "Tabel kinerja hasil ekstraksi",
        "budget_tables": "Tabel anggaran hasil ekstraksi",
        "indicator": "Indikator",
        "target": "Target",
        "realisasi": "Realisasi",
        "capaian": "Capaian",
        "capaian_computed": "Capaian (dihitung)",
        "role": "Jenis",
        "performance": "kinerja",
        "agreement": "perjanjian kinerja",
        "level": "Tingkat",
        "code": "Kode",
        "name": "Uraian",
        "pagu": "Pagu",
        "persen": "%",
        "where": "Letak",
        "flagged_cell": "sel bertemuan",
        "note": (
            "Setiap temuan mengutip angka yang tercetak dan menunjuk sel yang perlu diperiksa. Halaman "
            "dihitung dari 1 menurut berkas; baris adalah baris teks pada halaman itu. Galat adalah "
            "hitungan yang salah di laporan, peringatan adalah pertentangan yang perlu diperiksa, info "
            "adalah konteks. Pesan temuan ditulis dalam bahasa Inggris."
        ),
        "absorption": "Penyerapan anggaran",
        "absorption_note": (
            "Pagu dan realisasi dari satu baris yang sama: baris total tingkat teratas tahun laporan "
            "tiap satker. Satker tanpa baris itu tidak diperingkat; alasannya dicantumkan."
        ),
        "rank": "Peringkat",
        "not_ranked": "Tidak diperingkat",
        "reason": "Alasan",
        "indicators_across": "Indikator antarsatker",
        "indicators_note": (
            "Target dan realisasi tiap satker, lalu capaian dengan latar pita skala ordinal: {bands}. "
            "Capaian di atas {bound} dianggap tidak masuk akal (kesalahan satuan) dan tidak digambar."
        ),
        "flags_per_unit": "Temuan per satker",
        "outliers": "Pencilan",
        "outliers_note": (
            "Capaian yang berjarak lebih dari maks({points} poin, {mads} × MAD) dari median satker "
            "lain untuk indikator yang sama, bila dilaporkan oleh sedikitnya 3 satker."
        ),
        "missing": "Indikator yang tidak dilaporkan",
        "missing_note": (
            "Indikator yang dilaporkan oleh sedikitnya {share} satker setingkat tetapi tidak oleh "
            "satker ini."
        ),
        "implausible": "Capaian tidak masuk akal",
        "none": "Tidak ada.",
        "median": "Median",
        "distance": "Jarak",
        "audit_page": "halaman audit",
        "value": "Nilai",
        "band": "Pita",
        "unit": "Satker",
        "year": "Tahun",
    },
    "en": {
        "audit_title": "Audit",
        "compare_title": "Comparison across units",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "satker": "Unit",
        "level_region": "Level / region",
        "report_year": "Report year",
        "source_file": "Source file",
        "pages_kind": "Pages / kind",
        "status": "Extraction status",
        "records": "Indicators / budget rows",
        "contents": "Contents",
        "summary": "Summary",
        "flags": "Flags",
        "check": "Check",
        "meaning": "What it means",
        "total": "Total",
        "filter": "Filter",
        "all_checks": "all checks",
        "no_flags": "No checks raised a flag.",
        "page": "page",
        "line": "line",
        "table": "table",
        "printed": "printed",
        "computed": "computed",
        "figures": "Figures",
        "cells": "Cells cited",
        "more_cells": "and {n} more cells",
        "no_image": "No page image (the original report is not available; use --source).",
        "crop_alt": "Page {page} around the cited cells",
        "perf_tables": "Extracted performance tables",
        "budget_tables": "Extracted budget tables",
        "indicator": "Indicator",
        "target": "Target",
        "realisasi": "Realisasi",
        "capaian": "Capaian",
        "capaian_computed": "Capaian (computed)",
        "role": "Kind",
        "performance": "performance",
        "agreement": "agreement (PK)",
        "level": "Level",
        "code": "Code",
        "name": "Name",
        "pagu": "Pagu",
        "persen": "%",
        "where": "Where",
        "flagged_cell": "flagged cell",
        "note": (
            "Each flag quotes the printed figures and points at the cells to check. Pages are the "
            "file's physical pages counted from 1; lines are text lines on that page. Errors are "
            "arithmetic the report gets wrong, warnings are contradictions to verify, info is context."
        ),
        "absorption": "Budget absorption",
        "absorption_note": (
            "Pagu and realisasi of one and the same row: each unit's top-level total of the report "
            "year. Units without one are not ranked; the reason is given."
        ),
        "rank": "Rank",
        "not_ranked": "Not ranked",
        "reason": "Reason",
        "indicators_across": "Indicators across units",
        "indicators_note": (
            "Target and realisasi of each unit, then capaian against the ordinal-scale bands: {bands}. "
            "Capaian above {bound} is implausible (a unit mistake) and not drawn."
        ),
        "flags_per_unit": "Flags per unit",
        "outliers": "Outliers",
        "outliers_note": (
            "Capaian further than max({points} points, {mads} × MAD) from the median of the other "
            "units for the same indicator, when at least 3 units report it."
        ),
        "missing": "Indicators not reported",
        "missing_note": "Indicators reported by at least {share} of units of the same level but not by this unit.",
        "implausible": "Implausible capaian",
        "none": "None.",
        "median": "Median",
        "distance": "Distance",
        "audit_page": "audit page",
        "value": "Value",
        "band": "Band",
        "unit": "Unit",
        "year": "Year",
    },
}


def words(lang: str) -> dict[str, str]:
    return WORDS[lang if lang in WORDS else "id"]


def _known(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value  # not NaN


def rupiah(value: object) -> str:
    return f"Rp {fmt_rp(int(value))}" if _known(value) and isinstance(value, int | float) else "—"


def number(value: object, decimals: int = 2) -> str:
    """A figure as the report prints it: 33.801.000, 99,92 (integers without decimals)."""
    if not _known(value) or not isinstance(value, int | float):
        return "—" if value is None or not isinstance(value, str) else value
    if float(value).is_integer():
        return fmt_num(float(value), 0)
    return fmt_num(float(value), decimals)


def whole(value: object) -> str:
    """A year, page or line as printed (2024, not 2.024); empty when unknown."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:  # NaN
        return ""
    return str(int(value))


def percent(value: object) -> str:
    return f"{number(value)}%" if _known(value) else "—"


def bands_text(lang: str) -> str:
    """'≥ 100% Sangat berhasil, 80–100% Berhasil, ...' in the page's language."""
    parts, upper = [], None
    for low, id_name, en_name in CAPAIAN_BANDS:
        name = id_name if lang == "id" else en_name
        span = f"≥ {number(low)}%" if upper is None else f"{number(low)}–{number(upper)}%"
        parts.append(f"{span} {name}")
        upper = low
    return ", ".join(parts)


def flag_values(values: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """A flag's values as (name, printed text) pairs, nested values flattened with dots."""
    rows: list[tuple[str, str]] = []
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            rows += flag_values(value, name + ".")
        elif isinstance(value, bool) or value is None:
            rows.append((name, "—" if value is None else str(value).lower()))
        elif isinstance(value, int | float):
            rows.append((name, _figure(value, name)))
        elif isinstance(value, Sequence) and not isinstance(value, str):
            shown = [_figure(v, name) if isinstance(v, int | float) else str(v) for v in value[:12]]
            rows.append((name, ", ".join(shown) + (f" … ({len(value)})" if len(value) > 12 else "")))
        else:
            rows.append((name, str(value)))
    return rows


def _figure(value: float | int, key: str) -> str:
    if any(word in key for word in ("year", "line", "children")):
        return str(int(value))
    text = number(value)
    is_percent = key.split(".")[-1] in PERCENT_KEYS and abs(value) <= 100_000 and not isinstance(value, int)
    return text + "%" if is_percent else text
