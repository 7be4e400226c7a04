"""Generate tests/data/match_labels.jsonl, the labelled set behind the matcher's accuracy figures.

Usage (from the repo root):  python tests/data/make_match_labels.py [--seeds tests/data/seeds] [--gold samples/gold]

Deterministic (fixed seed). Indicator rows are noisy variants of the *gold* labels of the seed
reports (never of catalogue strings), each expected to map to the hand-checked id listed in
tests/test_catalogue.py (GOLD_IDS). Non-indicator rows (expected null) are table headers, generic cell
words, sasaran / tujuan texts, budget lines and narrative lines taken from the same reports.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import random
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SEED = 20250131
VARIANTS_PER_LABEL = 5

OTHER_UNITS = [
    "KPU Kabupaten Ogan Komering Ulu Timur",
    "KPU Kab. Sleman",
    "Satker KPU Kota Bandar Lampung",
    "KPU Provinsi Nusa Tenggara Barat",
    "Sekretariat KPU Kabupaten Tanah Datar",
    "KPU Kota Palangka Raya",
    "KPU Kabupaten Hulu Sungai Selatan",
    "KPU Prov. Jawa Tengah",
    "KPU Kota Tanjungbalai",
    "Satker KPU Kab. Kepulauan Seribu",
]
UNIT_NAME = re.compile(
    r"(?:Satker |Sekretariat )?KPU (?:Kota Prabumulih|Kabupaten Rejang Lebong|Provinsi Kalimantan Tengah|Provinsi)"
)
OCR_SWAPS = [("m", "rn"), ("rn", "m"), ("i", "l"), ("l", "1"), ("o", "0"), ("e", "c"), ("a", "o"), ("n", "r"),
             ("u", "n"), ("d", "cl"), ("h", "b"), ("w", "vv"), ("t", "f"), ("s", "5")]  # fmt: skip
HOMOGLYPHS = {
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "B": "В",
    "K": "К",
    "M": "М",
    "H": "Н",
    "T": "Т",
}
ABBREVIATIONS = [
    ("Persentase", "Prosentase"),
    ("Persentase", "Presentase"),
    ("Persentase", "%"),
    ("Daftar Pemilih Tetap", "DPT"),
    ("BPK", "Badan Pemeriksa Keuangan"),
    ("Kabupaten", "Kab."),
    ("Provinsi", "Prov."),
    ("Barang Milik Negara", "BMN"),
    ("Pemilu/Pemilihan", "Pemilu / Pemilihan"),
    (" dan ", " & "),
    (" yang ", " yg "),
    ("Pertanggung Jawaban", "Pertanggungjawaban"),
    ("Sarana dan Prasarana", "Sarpras"),
]
VALUE_TAILS = ["90 90 100", "100% 100%", "100 98 98,00", "B CcC 60", "WTP WTP 100", "1 Dokumen 1 Dokumen", "80 | 80 | 100",
               "95 %", "0,1% 0,08%", "85%", "2 Laporan 100%", "Tercapai"]  # fmt: skip
NUMBERING = ["1.", "2)", "a.", "(3)", "- ", "•", "II.", "12."]

HEADERS = [
    "Indikator Kinerja", "INDIKATOR KINERJA UTAMA", "Sasaran Strategis", "Sasaran Kegiatan", "Target", "Realisasi",
    "Capaian", "% Capaian", "Target (%)", "Realisasi (%)", "Capaian Kinerja (%)", "No.", "(1) (2) (3) (4)",
    "1 2 3 4 5 6", "Keterangan", "Program/Kegiatan", "Kegiatan", "Satuan", "Anggaran", "Pagu (Rp)", "Realisasi (Rp)",
    "Persen tase (%)", "Uraian", "KODE AKUN", "Kinerja Anggaran", "Indikator Kinerja Target", "Target Indikator Kinerja",
    "Sasaran Program", "Realisasi Anggaran", "Pagu Anggaran",
]  # fmt: skip
GENERIC = [
    "Jumlah", "Total", "JUMLAH", "Rata-rata", "Tercapai", "Berhasil", "Sangat Berhasil", "Belum Dilakukan Penilaian",
    "WTP", "B", "100%", "Rp.", "Ketua", "Sekretaris", "Nihil", "-", "Lampiran", "Tahun 2024", "Program",
]  # fmt: skip
BELANJA = [
    "Belanja Pegawai 2.891.003.000",
    "Belanja Barang Operasional 154.664.000",
    "Belanja Modal Peralatan dan Mesin",
]


FUNCTION_WORDS = set(
    "yang dan di ke dari dalam dengan untuk pada oleh atas serta terhadap secara atau guna tahun".split()
)


def words(text: str) -> list[str]:
    """Lower-case words of three or more letters (numbers and short particles say nothing)."""
    return re.findall(r"[a-z]{3,}", text.lower())


def gold_ids() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("test_catalogue", ROOT / "tests" / "test_catalogue.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.GOLD_IDS)


def distinctive(label: str, expected: str, ids: dict[str, str]) -> set[str]:
    """Words of a gold label that no gold label of another indicator uses: what lets a person decide."""
    others = {w for other, oid in ids.items() if oid != expected for w in words(other)}
    return {w for w in words(label) if w not in others and not w.isdigit()}


# --------------------------------------------------------------------------------------- corruptions


def ocr(rng: random.Random, text: str) -> str:
    toks = text.split(" ")
    spots = [i for i, t in enumerate(toks) if len(t) >= 5 and t.isalpha()]
    for i in rng.sample(spots, min(len(spots), rng.randint(1, 3))):
        options = [(a, b) for a, b in OCR_SWAPS if a in toks[i]]
        if options:
            a, b = rng.choice(options)
            at = rng.choice([m.start() for m in re.finditer(re.escape(a), toks[i])])
            toks[i] = toks[i][:at] + b + toks[i][at + len(a) :]
    return " ".join(toks)


def homoglyph(rng: random.Random, text: str) -> str:
    spots = [i for i, ch in enumerate(text) if ch in HOMOGLYPHS]
    chars = list(text)
    for i in rng.sample(spots, min(len(spots), rng.randint(1, 3))):
        chars[i] = HOMOGLYPHS[chars[i]]
    return "".join(chars)


def typo(rng: random.Random, text: str) -> str:
    toks = text.split(" ")
    spots = [i for i, t in enumerate(toks) if len(t) >= 6 and t.isalpha()]
    for i in rng.sample(spots, min(len(spots), rng.randint(1, 2))):
        t, k = toks[i], rng.randrange(1, len(toks[i]) - 1)
        toks[i] = rng.choice([t[:k] + t[k + 1 :], t[:k] + t[k] + t[k:], t[:k] + t[k + 1] + t[k] + t[k + 2 :]])
    return " ".join(toks)


def truncate(rng: random.Random, text: str, keep: set[str]) -> str | None:
    toks = text.split(" ")
    lo = max(2, math.ceil(0.5 * len(toks)))
    cuts = [k for k in range(lo, len(toks)) if keep & set(words(" ".join(toks[:k])))]
    return " ".join(toks[: rng.choice(cuts)]) if cuts else None


def wrap(rng: random.Random, text: str, keep: set[str]) -> str | None:
    """What a table cell wrapped over lines turns into: values inside, lines out of order, hyphens."""
    width = rng.randint(24, 34)
    lines: list[str] = []
    for tok in text.split(" "):
        if lines and len(lines[-1]) + len(tok) < width:
            lines[-1] += " " + tok
        else:
            lines.append(tok)
    if len(lines) < 2:
        return None
    style = rng.choice(["values", "swap", "hyphen", "drop_last"])
    if style == "values":
        lines[0] += " " + rng.choice(VALUE_TAILS)
    elif style == "swap":
        lines = [*lines[1:], lines[0]]
    elif style == "hyphen":
        i = rng.randrange(len(lines) - 1)
        tail = lines[i].split(" ")[-1]
        if len(tail) < 8:
            return None
        cut = rng.randrange(3, len(tail) - 3)
        lines[i] = lines[i][: len(lines[i]) - len(tail)] + tail[:cut] + "-"
        lines[i + 1] = tail[cut:] + " " + lines[i + 1]
    elif style == "drop_last":
        if not keep & set(words(" ".join(lines[:-1]))):
            return None
        lines = lines[:-1]
    return rng.choice(["\n", " "]).join(lines)


def values(rng: random.Random, text: str) -> str:
    return f"{text} {rng.choice(VALUE_TAILS)}"


def numbering(rng: random.Random, text: str) -> str:
    return f"{rng.choice(NUMBERING)} {text}"


def abbreviate(rng: random.Random, text: str) -> str | None:
    options = [(a, b) for a, b in ABBREVIATIONS if a in text]
    if not options:
        return None
    a, b = rng.choice(options)
    return text.replace(a, b, 1)


def unit(rng: random.Random, text: str) -> str:
    other = rng.choice(OTHER_UNITS)
    if UNIT_NAME.search(text):
        return UNIT_NAME.sub(other, text)
    if text.endswith(" KPU"):
        return text[: -len(" KPU")] + " " + other
    return f"{text} {other}"


def case(rng: random.Random, text: str) -> str:
    return rng.choice([text.upper(), text.lower(), text.title()])


def markup(rng: random.Random, text: str) -> str:
    return rng.choice(
        [f"**{text}**", f"| {text} |", f"<p>{text}</p>", text.replace(" ", "  ", 2), f"\t{text}\t"]
    )


def raw_codes(rng: random.Random, text: str) -> str | None:
    """Output lists as printed in the report: codes between the names, no semicolons."""
    return text.replace("; ", " ") if ";" in text else None


HARD = {"ocr": ocr, "homoglyph": homoglyph, "typo": typo, "abbrev": abbreviate, "unit": unit}
SOFT = {"values": values, "numbering": numbering, "case": case, "markup": markup, "raw_codes": raw_codes}


def variant(rng: random.Random, label: str, keep: set[str]) -> tuple[str, list[str]]:
    ops: list[str] = []
    text = label
    structural = rng.random()
    if structural < 0.25:
        cut = truncate(rng, text, keep)
        if cut:
            text, ops = cut, ["truncate"]
    elif structural < 0.5:
        wrapped = wrap(rng, text, keep)
        if wrapped:
            text, ops = wrapped, ["wrap"]
    for name in rng.sample(sorted(HARD), rng.randint(1, 2)):
        out = HARD[name](rng, text)
        if out and out != text:
            text, ops = out, [*ops, name]
    for name in rng.sample(sorted(SOFT), rng.randint(0, 2)):
        out = SOFT[name](rng, text)
        if out and out != text:
            text, ops = out, [*ops, name]
    return text, ops


# ------------------------------------------------------------------------------------ null rows


def null_rows(rng: random.Random, seeds: Path, gold_dir: Path, ids: dict[str, str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [{"label": t, "expected": None, "kind": "header"} for t in HEADERS]
    rows += [{"label": t, "expected": None, "kind": "generic"} for t in GENERIC]
    golds = [json.loads(p.read_text("utf-8")) for p in sorted(gold_dir.glob("*.json"))]
    sasaran: dict[str, set[str]] = {}
    for gold in golds:
        for row in gold["performance"] + gold["agreement"]:
            if row.get("sasaran"):
                sasaran.setdefault(row["sasaran"], set()).add(row["indicator"])
    for text, own in sasaran.items():
        # a sasaran that restates its own indicator (>= 60% of its words) is not a fair negative
        content = set(words(text)) - FUNCTION_WORDS
        if any(len(content & set(words(label))) >= 0.6 * len(content) for label in own):
            continue
        rows.append({"label": text, "expected": None, "kind": "sasaran"})
    seen: set[str] = set()
    for gold in golds:
        for row in gold["budget"]:
            if row["level"] in ("total", "program", "jenis_belanja", "other") and row["name"] not in seen:
                seen.add(row["name"])
                amounts = " ".join(f"{v:,}".replace(",", ".") for v in (row["pagu"], row["realisasi"]) if v)
                rows.append({"label": f"{row['name']} {amounts}".strip(), "expected": None, "kind": "budget"})
    rows += [{"label": t, "expected": None, "kind": "budget"} for t in BELANJA]
    gold_words = [set(words(label)) for label in ids]
    narrative: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        for line in path.read_text("utf-8").splitlines():
            line = line.strip()
            if (
                not 40 <= len(line) <= 160
                or "|" in line
                or "\t" in line
                or len(re.findall(r"[A-Za-z]{3,}", line)) < 6
            ):
                continue
            lw = set(words(line))
            if any(len(g & lw) >= 0.5 * len(g) for g in gold_words):
                continue  # the line names an indicator: matching it would be right
            narrative.append(line)
    rows += [{"label": t, "expected": None, "kind": "narrative"} for t in rng.sample(narrative, 25)]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=Path, default=HERE / "seeds", help="the seed text dumps")
    parser.add_argument("--gold", type=Path, default=ROOT / "samples" / "gold", help="their gold files")
    parser.add_argument("--out", type=Path, default=HERE / "match_labels.jsonl")
    parser.add_argument("--seed", type=int, default=SEED, help="another seed gives a held-out set")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    ids = gold_ids()
    rows: list[dict[str, Any]] = []
    seen: set[str] = set(ids)
    for label, expected in sorted(ids.items()):
        keep = distinctive(label, expected, ids)
        made = 0
        while made < VARIANTS_PER_LABEL:
            text, ops = variant(rng, label, keep)
            if text in seen or not ops:
                continue
            seen.add(text)
            rows.append({"label": text, "expected": expected, "kind": "variant", "source": label, "ops": ops})
            made += 1
    rows += null_rows(rng, args.seeds, args.gold, ids)
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    n_null = sum(r["expected"] is None for r in rows)
    print(f"wrote {len(rows)} rows ({len(rows) - n_null} variants, {n_null} non-indicator) to {args.out}")


if __name__ == "__main__":
    main()
