"""The budget lines of a generated report: program / kegiatan / KRO / RO or jenis belanja rows.

Names and codes come from the gold files (kegiatan and RO codes such as ``6709.QGE.001``) or the
standard chart of accounts; amounts are drawn per leaf and summed upwards, so every parent equals
the sum of its children and the total the sum of the top level, as in a real DIPA realisation.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from samples.layouts.spec import BudgetSpec
from samples.numbers import percent_of

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"

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
KETERANGAN_BUDGET = ("Efisiensi", "Sisa kontrak", "Blokir anggaran", "Sisa honor badan adhoc")


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
    for gold in gold_files():
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


@cache
def gold_files() -> tuple[dict[str, Any], ...]:
    """The three real gold annotations the wordings are drawn from."""
    return tuple(json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("*.json")))


def draw_budget(b: BudgetSpec, rng: random.Random) -> tuple[BudgetLine, ...]:
    """The lines of one budget table, total included."""
    lines = (
        _program_table(b.depth, b.code_style, b.rows, rng)
        if b.kind == "program"
        else _jenis_table(b.rows, rng)
    )
    return _with_total(lines, b.total_label, b.total_first, rng)
