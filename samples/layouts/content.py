"""What a generated report says: satker, year, indicators and budget lines with fresh values.

Wordings (sasaran, indicator labels, units, program/kegiatan/RO names and codes) come from the
three real gold files, reshuffled; every number is drawn anew and kept consistent the way a
report's author keeps it (capaian = realisasi / target, parents sum their children, totals sum
the top level), so a right extraction can be checked value by value.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from samples.layouts.spec import LayoutSpec, renstra_year
from samples.numbers import COUNT_UNITS, Value, percent_of

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "gold"
REGIONS = ROOT / "data" / "regions.json"

UNITS = frozenset({"%", "grade", "opini", "nilai", "indeks"} | COUNT_UNITS)
GRADES = ("C", "CC", "B", "BB", "A", "AA")
PROGRAMS = {
    "CQ": "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi",
    "WA": "Program Dukungan Manajemen",
}
SUPPORT_KEGIATAN = ("3355", "3360")  # under Program Dukungan Manajemen (WA)
KEGIATAN_EXTRA = {  # kegiatan whose ROs the gold files list without naming the kegiatan itself
    "6710": "Pendaftaran, Verifikasi dan Penetapan Partai Politik Peserta Pemilu",
    "6887": "Pemutakhiran Data Pemilih dan Penyusunan Daftar Pemilih",
    "6888": "Penyelesaian Sengketa Proses Pemilu",
    "6889": "Penataan Daerah Pemilihan dan Alokasi Kursi",
    "6890": "Pencalonan Peserta Pemilu",
}
KRO_NAMES = {
    "QGE": "Pelayanan Publik kepada Lembaga",
    "RAN": "Sarana Bidang Teknologi Informasi dan Komunikasi",
    "BDB": "Fasilitasi dan Pembinaan Lembaga",
    "EBA": "Layanan Dukungan Manajemen Internal",
    "EBD": "Layanan Manajemen Kinerja Internal",
}
JENIS_BELANJA = (
    (
        "51",
        "Belanja Pegawai",
        (
            ("511111", "Belanja Gaji Pokok PNS"),
            ("511119", "Belanja Pembulatan Gaji PNS"),
            ("511121", "Belanja Tunj. Suami/Istri PNS"),
            ("511122", "Belanja Tunj. Anak PNS"),
            ("511124", "Belanja Tunj. Fungsional PNS"),
            ("511126", "Belanja Tunj. Beras PNS"),
            ("512211", "Belanja Uang Lembur"),
        ),
    ),
    (
        "52",
        "Belanja Barang",
        (
            ("521111", "Belanja Keperluan Perkantoran"),
            ("521115", "Belanja Honor Operasional Satuan Kerja"),
            ("521211", "Belanja Bahan"),
            ("521213", "Belanja Honor Output Kegiatan"),
            ("521219", "Belanja Barang Non Operasional Lainnya"),
            ("522111", "Belanja Langganan Listrik"),
            ("523111", "Belanja Pemeliharaan Gedung dan Bangunan"),
            ("523121", "Belanja Pemeliharaan Peralatan dan Mesin"),
            ("524111", "Belanja Perjalanan Dinas Biasa"),
            ("524113", "Belanja Perjalanan Dinas Dalam Kota"),
        ),
    ),
    (
        "53",
        "Belanja Modal",
        (
            ("532111", "Belanja Modal Peralatan dan Mesin"),
            ("533111", "Belanja Modal Gedung dan Bangunan"),
        ),
    ),
)
SUMBER = (
    "Laporan Keuangan",
    "Aplikasi SAKTI",
    "LHE AKIP",
    "Dokumen Sekretariat",
    "Sidalih",
    "Laporan Kegiatan",
    "Data Subbag Teknis",
    "SIPOL",
)
KETERANGAN_BUDGET = ("Efisiensi", "Sisa kontrak", "Blokir anggaran", "Sisa honor badan adhoc")
_SATKER_IN_TEXT = re.compile(
    r"KPU (?:Kota|Kabupaten|Provinsi) (?:Prabumulih|Rejang Lebong|Kalimantan Tengah)"
)


@dataclass(frozen=True)
class Satker:
    name: str  # "KPU Kabupaten Lahat"
    level: str
    region: str
    province: str | None

    @property
    def area(self) -> str:
        return self.name.removeprefix("KPU ")


@dataclass(frozen=True)
class Indicator:
    """One indicator with every value any column of any layout might print."""

    sasaran: str
    text: str
    unit: str
    target: Value
    realisasi: Value
    capaian: Value
    prior: Value  # realisasi of the year before
    renstra: Value  # end-of-Renstra target
    next_target: Value  # next year's target
    kategori: str
    keterangan: str
    sumber: str


@dataclass(frozen=True)
class BudgetLine:
    level: str  # total | program | kegiatan | kro | ro | jenis_belanja | other
    code: str | None
    name: str
    pagu: int
    realisasi: int
    persen: float
    prior: int  # realisasi of the year before
    keterangan: str
    depth: int  # 0 top level, for indentation


@dataclass(frozen=True)
class Report:
    seed: int
    year: int
    satker: Satker
    indicators: tuple[Indicator, ...]
    budgets: tuple[tuple[BudgetLine, ...], ...]  # one per budget spec, total included


@cache
def _gold() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("*.json")))


@cache
def _regions() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(REGIONS.read_text(encoding="utf-8"))["regions"])


def _pick_satker(rng: random.Random) -> Satker:
    pool = [(g["satker"]["level"], g["satker"]["region"], g["satker"]["province"]) for g in _gold()]
    pool += [(r["level"], r["name"], r["province"]) for r in _regions()]
    level, region, province = rng.choice(pool)
    return Satker(f"KPU {level.title()} {region}", level, region, province)


@cache
def indicator_pool() -> tuple[tuple[str, str, str], ...]:
    """(sasaran, indicator, unit) from the gold performance and agreement rows, deduplicated."""
    seen: dict[str, tuple[str, str, str]] = {}
    for gold in _gold():
        for row in (*gold["performance"], *gold["agreement"]):
            unit, target = (row.get("unit") or "").lower(), row.get("target")
            if unit not in UNITS or not row.get("sasaran"):
                continue
            if isinstance(target, str) and unit not in ("grade", "opini"):
                continue
            key = re.sub(r"[^a-z]+", "", _SATKER_IN_TEXT.sub("KPU", row["indicator"]).lower())
            seen.setdefault(key, (" ".join(row["sasaran"].split()), row["indicator"], unit))
    return tuple(seen.values())


def _grade_capaian(target: str, realisasi: str) -> float:
    return percent_of(GRADES.index(realisasi) + 1, GRADES.index(target) + 1)


def _kategori(capaian: float | None) -> str:
    if capaian is None:
        return "-"
    return (
        "Sangat Baik"
        if capaian >= 90
        else "Baik"
        if capaian >= 75
        else "Cukup"
        if capaian >= 60
        else "Kurang"
    )


def _numeric(unit: str, rng: random.Random) -> tuple[float | int, float | int, float | int, float | int]:
    """(target, realisasi, prior, renstra) for a numeric unit."""
    if unit == "%":
        target: float | int = rng.choice((70, 75, 80, 85, 90, 90, 95, 100, 100, 100, 92.5))
        real = round(min(100.0, float(target) * rng.uniform(0.8, 1.12)), rng.choice((0, 0, 1, 2)))
        prior = round(min(100.0, float(target) * rng.uniform(0.75, 1.1)), rng.choice((0, 1, 2)))
        renstra: float | int = min(100, int(target) + rng.choice((0, 5, 10)))
    elif unit in COUNT_UNITS:
        target = rng.randint(1, 24)
        real = max(0, target + rng.choice((0, 0, 0, 0, -1, 1, 2)))
        prior = max(0, target + rng.choice((-2, -1, 0, 1)))
        renstra = target * rng.choice((1, 2, 4, 5))
    else:
        target = rng.choice((60, 65, 70, 75, 77, 79, 80, 85, 3.5))
        real = round(float(target) * rng.uniform(0.85, 1.1), rng.choice((0, 1, 2)))
        prior = round(float(target) * rng.uniform(0.8, 1.05), rng.choice((0, 1, 2)))
        renstra = round(float(target) * rng.choice((1.0, 1.05, 1.1)), 1)
    return target, _int_if_whole(real), _int_if_whole(prior), _int_if_whole(renstra)


def _int_if_whole(v: float | int) -> float | int:
    return int(v) if float(v).is_integer() else v


def _indicator(sasaran: str, text: str, unit: str, rng: random.Random) -> Indicator:
    if unit == "grade":
        target: Value = rng.choice(("B", "BB", "A"))
        realisasi: Value = rng.choice(("CC", "B", "BB", "BB", "A"))
        prior: Value = rng.choice(("CC", "B", "BB"))
        renstra: Value = rng.choice(("BB", "A"))
        next_target: Value = rng.choice(("B", "BB", "A"))
        capaian: Value = _grade_capaian(str(target), str(realisasi))
    elif unit == "opini":
        target, prior, renstra, next_target = "WTP", rng.choice(("WTP", "WTP", "WDP")), "WTP", "WTP"
        realisasi = "WTP" if rng.random() < 0.85 else "WDP"
        capaian = 100 if realisasi == target else 75
    else:
        t, r, p, rs = _numeric(unit, rng)
        target, realisasi, prior, renstra = t, r, p, rs
        next_target = (
            _int_if_whole(round(min(100.0, float(t) + rng.choice((0, 0, 5))), 1)) if unit == "%" else t
        )
        capaian = percent_of(r, t) if t else None
    if rng.random() < 0.04:
        realisasi, capaian = None, None  # not yet available when the report went out
    cap = float(capaian) if isinstance(capaian, int | float) else None
    keterangan = "Tercapai" if cap is not None and cap >= 100 else "Tidak Tercapai" if cap is not None else ""
    if rng.random() < 0.3:
        keterangan = ""
    return Indicator(
        sasaran=sasaran,
        text=text,
        unit=unit,
        target=target,
        realisasi=realisasi,
        capaian=_int_if_whole(capaian) if isinstance(capaian, float) else capaian,
        prior=prior,
        renstra=renstra,
        next_target=next_target,
        kategori=_kategori(cap),
        keterangan=keterangan,
        sumber=rng.choice(SUMBER),
    )


def _indicators(spec: LayoutSpec, satker: Satker, rng: random.Random) -> tuple[Indicator, ...]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for sasaran, text, unit in indicator_pool():
        groups.setdefault(sasaran.casefold(), []).append((text, unit))
    sasaran_text = {s.casefold(): s for s, _, _ in indicator_pool()}
    order = list(groups)
    rng.shuffle(order)
    out: list[Indicator] = []
    for key in order:
        members = list(groups[key])
        rng.shuffle(members)
        for text, unit in members[: rng.randint(1, 4)]:
            if len(out) >= spec.perf.rows:
                break
            label = _SATKER_IN_TEXT.sub(satker.name, text)
            out.append(_indicator(sasaran_text[key], label, unit, rng))
    return tuple(out)


def _amounts(rng: random.Random) -> tuple[int, int, int]:
    """(pagu, realisasi, prior realisasi) for a leaf line."""
    pagu = int(10 ** rng.uniform(6.5, 10.3)) // 1000 * 1000
    roll = rng.random()
    ratio = (
        1.0
        if roll < 0.06
        else rng.uniform(1.0, 1.03)
        if roll < 0.08
        else rng.uniform(0.6, 0.9)
        if roll < 0.3
        else rng.uniform(0.9, 1.0)
    )
    real = int(pagu * ratio)
    if rng.random() < 0.4:
        real = real // 1000 * 1000
    prior = int(pagu * rng.uniform(0.4, 1.3)) // 100 * 100
    return pagu, real, prior


def _line(
    level: str, code: str | None, name: str, depth: int, kids: list[BudgetLine], rng: random.Random
) -> BudgetLine:
    """A budget line; a parent's amounts are the sums of its children one level down."""
    if kids:
        top = [k for k in kids if k.depth == min(k.depth for k in kids)]
        pagu, real, prior = (
            sum(k.pagu for k in top),
            sum(k.realisasi for k in top),
            sum(k.prior for k in top),
        )
    else:
        pagu, real, prior = _amounts(rng)
    ket = rng.choice(KETERANGAN_BUDGET) if rng.random() < 0.15 else ""
    return BudgetLine(level, code, name, pagu, real, percent_of(real, pagu), prior, ket, depth)


@cache
def _kegiatan_pool() -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """kegiatan number -> (name, [(ro code, ro name)]) from the gold budget rows."""
    names: dict[str, str] = dict(KEGIATAN_EXTRA)
    ros: dict[str, dict[str, str]] = {}
    for gold in _gold():
        for row in gold["budget"]:
            code = row.get("code") or ""
            if row["level"] == "kegiatan" and (m := re.search(r"(\d{4})$", code)):
                names.setdefault(m.group(1), " ".join(row["name"].split()))
            elif row["level"] == "ro" and re.fullmatch(r"\d{4}\.[A-Z]{3}\.\d{3}", code):
                ros.setdefault(code[:4], {}).setdefault(code, " ".join(row["name"].split()))
    return {k: (names[k], sorted(ros.get(k, {}).items())) for k in sorted(names)}


def _program_table(spec_depth: str, code_style: str, rows: int, rng: random.Random) -> list[BudgetLine]:
    pool = _kegiatan_pool()
    with_ro = "ro" in spec_depth.split("_")
    keys = [k for k in pool if pool[k][1] or not with_ro]
    rng.shuffle(keys)
    programs = ["CQ", "WA"] if rng.random() < 0.6 else ["WA", "CQ"]
    has_program = spec_depth.startswith("program")
    base = 1 if has_program else 0
    chosen: dict[str, list[list[BudgetLine]]] = {p: [] for p in programs}
    count = len(programs) if has_program else 0
    for k in keys:
        if count >= rows - 1:
            break
        name, ro_list = pool[k]
        program = "WA" if k in SUPPORT_KEGIATAN else "CQ"
        kcode = f"{program}.{k}" if code_style == "CQ.6709" else k
        block: list[BudgetLine] = []
        if spec_depth == "ro":
            for code, ro_name in ro_list[: rng.randint(1, 4)]:
                block.append(_line("ro", code, ro_name, 0, [], rng))
        elif with_ro:
            kids: list[BudgetLine] = []
            picked = ro_list[: rng.randint(1, 4)]
            if spec_depth == "kegiatan_kro_ro":
                for kro in sorted({c[5:8] for c, _ in picked}):
                    ro_lines = [_line("ro", c, n, base + 2, [], rng) for c, n in picked if c[5:8] == kro]
                    kids += [
                        _line("kro", f"{k}.{kro}", KRO_NAMES.get(kro, kro), base + 1, ro_lines, rng),
                        *ro_lines,
                    ]
            else:
                kids = [_line("ro", c, n, base + 1, [], rng) for c, n in picked]
            block = [_line("kegiatan", kcode, name, base, kids, rng), *kids]
        else:
            block = [_line("kegiatan", kcode, name, base, [], rng)]
        chosen[program].append(block)
        count += len(block)
    out: list[BudgetLine] = []
    for program in programs:
        blocks = [line for block in chosen[program] for line in block]
        if not blocks:
            continue
        if has_program:
            out.append(_line("program", program, PROGRAMS[program], 0, blocks, rng))
        out += blocks
    return out


def _jenis_table(rows: int, rng: random.Random) -> list[BudgetLine]:
    detail = rows > 5
    per = max(1, (rows - 4) // 3)
    out: list[BudgetLine] = []
    for code, name, akun in JENIS_BELANJA:
        kids = (
            [_line("other", c, n, 1, [], rng) for c, n in akun[: rng.randint(1, per + 1)]] if detail else []
        )
        out += [_line("jenis_belanja", code, name, 0, kids, rng), *kids]
    return out


def _with_total(
    lines: list[BudgetLine], label: str, first: bool, rng: random.Random
) -> tuple[BudgetLine, ...]:
    top = [line for line in lines if line.depth == 0]
    total = _line("total", None, label, 0, top, rng)
    total = BudgetLine("total", None, label, total.pagu, total.realisasi, total.persen, total.prior, "", 0)
    return (total, *lines) if first else (*lines, total)


def draw_report(spec: LayoutSpec) -> Report:
    """The content for a layout: same spec, same content."""
    rng = random.Random(f"lakip-content-{spec.seed}")
    satker = _pick_satker(rng)
    budgets = []
    for b in spec.budgets:
        lines = (
            _program_table(b.depth, b.code_style, b.rows, rng)
            if b.kind == "program"
            else _jenis_table(b.rows, rng)
        )
        budgets.append(_with_total(lines, b.total_label, b.total_first, rng))
    return Report(spec.seed, spec.year, satker, _indicators(spec, satker, rng), tuple(budgets))


__all__ = ["BudgetLine", "Indicator", "Report", "Satker", "draw_report", "indicator_pool", "renstra_year"]
