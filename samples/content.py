"""Turn one gold annotation into the plan of what a generated report prints.

The plan fixes every printed row, caption, year and column choice before layout, so the truth file
can say exactly what was printed; rows that cannot be printed are listed with a reason, never lost.
"""

from __future__ import annotations

import json
import random
import re
import zlib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal

import jsonschema

from extractor.errors import InvalidDataError
from samples.numbers import Value

DATA_DIR = Path(__file__).resolve().parent / "data"

AmountStyle = Literal["plain", "rp_column", "suffix"]
Section = Literal["bab3", "lampiran"]

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_PAREN = re.compile(r"\s*\(([^()]*)\)")
_PREFIX = re.compile(r"^(?:lampiran|bab\s+[ivx]+(?:\.[a-z0-9]+)*)\s*:\s*", re.IGNORECASE)
_BUDGET_WORDS = ("anggaran", "pagu", "realisasi", "efisiensi", "belanja", "dipa")
_LEVEL_RANK = {"program": 0, "kegiatan": 1, "kro": 2, "ro": 3, "sasaran": 4, "indikator": 5}


@dataclass(frozen=True)
class Names:
    """Every way the report names its satker and place."""

    satker: str  # "KPU Kabupaten Rejang Lebong"
    satker_long: str  # "Komisi Pemilihan Umum Kabupaten Rejang Lebong"
    area: str  # "Kabupaten Rejang Lebong"
    province: str | None
    seat: str  # town that signs the kata pengantar
    level: str | None
    region: str | None

    @property
    def province_phrase(self) -> str:
        if not self.province or self.level == "provinsi":
            return ""
        return f", Provinsi {self.province}"


@dataclass(frozen=True)
class PerfRow:
    key: str
    gold_index: int
    sasaran: str | None
    indicator: str
    target: Value
    realisasi: Value
    capaian: Value
    unit: str | None


@dataclass(frozen=True)
class PkRow:
    key: str
    gold_index: int
    sasaran: str | None
    indicator: str
    target: Value
    unit: str | None


@dataclass(frozen=True)
class PkTable:
    key: str
    caption: str
    section: Section
    rows: tuple[PkRow, ...]


@dataclass(frozen=True)
class BudgetRow:
    key: str
    gold_index: int
    level: str
    code: str | None
    name: str
    pagu: int | None
    realisasi: int | None
    persen: float | int | None
    year: int


@dataclass(frozen=True)
class BudgetTable:
    key: str
    gold_table: str
    caption: str
    year: int
    rows: tuple[BudgetRow, ...]
    section: Section
    landscape: bool
    show_code: bool
    show_realisasi: bool
    show_persen: bool
    amount_style: AmountStyle
    percent_in_cell: bool  # "99,25%" in cells, or bare "99,25" under a "%" header


@dataclass(frozen=True)
class Absorption:
    """The budget-absorption figure the narrative states, taken from a printed total row."""

    pagu: int
    realisasi: int
    persen: float | int  # as the table prints it
    stated: float | int  # as the narrative states it (differs only for text_vs_table)
    row_key: str


@dataclass(frozen=True)
class Dropped:
    section: str
    gold_index: int
    reason: str
    row: dict[str, Any]


@dataclass(frozen=True)
class Defect:
    """A planted inconsistency; ``keys`` name the printed elements it touches (for page lookup)."""

    kind: str
    keys: tuple[str, ...]
    values: dict[str, Any]


@dataclass(frozen=True)
class Plan:
    source: str
    names: Names
    year: int
    satker: dict[str, Any]
    perf_caption: str
    performance: tuple[PerfRow, ...]
    agreement: tuple[PkTable, ...]
    budget: tuple[BudgetTable, ...]
    absorption: Absorption | None
    closing_satker: str  # the satker named in the closing sentence (foreign_satker defect swaps it)
    dropped: tuple[Dropped, ...]
    defects: tuple[Defect, ...] = ()
    skipped_defects: tuple[dict[str, str], ...] = ()
    seed: int = 0
    meta: dict[str, Any] = field(default_factory=dict)


def stable_seed(*parts: object) -> int:
    """Seed from text, stable across runs and Python versions (unlike ``hash``)."""
    return zlib.crc32("|".join(str(p) for p in parts).encode("utf-8"))


@cache
def load_data(name: str) -> dict[str, Any]:
    """Load ``data/<name>.json`` and check it against ``data/<name>.schema.json``."""
    path = DATA_DIR / f"{name}.json"
    schema_path = DATA_DIR / f"{name}.schema.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)
    except (OSError, json.JSONDecodeError, jsonschema.ValidationError) as exc:
        raise InvalidDataError(f"sample data file is invalid: {exc}", path=str(path)) from exc
    return data


def normalise(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _has_value(*values: Value) -> bool:
    return any(v is not None and v != "" for v in values)


def resolve_names(satker: dict[str, Any]) -> Names:
    """Names from the gold satker; the gazetteer fills the seat and a missing province."""
    level = satker.get("level")
    region = satker.get("region")
    name = satker.get("name")
    if not name:
        if not (level and region):
            raise InvalidDataError("gold satker needs a name or a level and region")
        name = f"KPU {str(level).title()} {region}"
    area = name[4:] if name.startswith("KPU ") else name
    long_name = f"Komisi Pemilihan Umum {area}" if name.startswith("KPU ") else name
    entry = next(
        (
            r
            for r in load_data("regions")["regions"]
            if normalise(r["name"]) == normalise(region) and r["level"] == level
        ),
        None,
    )
    province = satker.get("province") or (entry["province"] if entry else None)
    seat = entry["seat"] if entry else (region or area)
    return Names(name, long_name, area, province, seat, level, region)


def pick_foreign_satker(names: Names, rng: random.Random) -> str:
    """Another regency's KPU, from the same province when the gazetteer has one."""
    regions = [r for r in load_data("regions")["regions"] if r["level"] in ("kabupaten", "kota")]
    others = [r for r in regions if normalise(r["name"]) != normalise(names.region)]
    near = [r for r in others if names.province and r["province"] == names.province]
    chosen = rng.choice(near or others)
    return f"KPU {chosen['level'].title()} {chosen['name']}"


def years_in(text: str) -> list[int]:
    return [int(m.group(0)) for m in _YEAR.finditer(text)]


def shorten_caption(gold_table: str) -> tuple[str, str]:
    """A realistic caption from an annotator's table description: (caption, dropped suffix)."""
    text = _PREFIX.sub("", gold_table.strip())
    text = re.sub(r",\s*uncaptioned\b.*$", "", text, flags=re.IGNORECASE)

    def keep_acronym(match: re.Match[str]) -> str:
        inner = match.group(1).strip()
        return f" ({inner})" if re.fullmatch(r"[A-Z][A-Z0-9.]{1,9}", inner) else ""

    text = _PAREN.sub(keep_acronym, text)
    head, sep, tail = text.partition(" - ")
    head = " ".join(head.split()).strip(" ,;:")
    tail = " ".join(tail.replace(" / ", " dan ").split()).strip(" ,;:") if sep else ""
    if head.lower().startswith("tabel "):
        head = head[6:]
    return head, tail


def table_year(caption: str, report_year: int) -> int:
    found = years_in(caption)
    return found[0] if found else report_year


def _unique_captions(raw: list[tuple[str, str]], years: list[int], realised: list[bool]) -> list[str]:
    """Captions a reader can tell apart: the annotator's suffix only where heads collide."""
    heads = [head for head, _ in raw]
    captions: list[str] = []
    for (head, tail), year, has_realisasi in zip(raw, years, realised, strict=True):
        caption = f"{head} - {tail}" if tail and heads.count(head) > 1 else head
        if not any(w in caption.lower() for w in _BUDGET_WORDS):
            caption = f"Realisasi Anggaran pada {caption}" if has_realisasi else f"Anggaran {caption}"
        if not years_in(caption):
            caption = f"{caption} Tahun {year}"
        base, n = caption, 2
        while caption in captions:
            caption, n = f"{base} ({n})", n + 1
        captions.append(caption)
    return captions


def _plan_performance(gold: dict[str, Any], dropped: list[Dropped]) -> tuple[PerfRow, ...]:
    rows = []
    for i, r in enumerate(gold.get("performance") or []):
        if not _has_value(r.get("target"), r.get("realisasi"), r.get("capaian")) or not r.get("indicator"):
            dropped.append(Dropped("performance", i, "no value in gold (target, realisasi, capaian null)", r))
            continue
        rows.append(
            PerfRow(
                f"perf:{i}",
                i,
                r.get("sasaran"),
                r["indicator"],
                r.get("target"),
                r.get("realisasi"),
                r.get("capaian"),
                r.get("unit"),
            )
        )
    return tuple(rows)


def _plan_agreement(
    gold: dict[str, Any], names: Names, year: int, dropped: list[Dropped]
) -> tuple[PkTable, ...]:
    """Split the PK rows into tables: a repeated indicator starts the next signed agreement."""
    groups: list[list[PkRow]] = []
    seen: set[str] = set()
    for i, r in enumerate(gold.get("agreement") or []):
        if not _has_value(r.get("target")) or not r.get("indicator"):
            dropped.append(Dropped("agreement", i, "no value in gold (target null)", r))
            continue
        norm = normalise(r["indicator"])
        if not groups or norm in seen:
            groups.append([])
            seen = set()
        seen.add(norm)
        t = len(groups) - 1
        groups[-1].append(
            PkRow(f"pk:{t}:{i}", i, r.get("sasaran"), r["indicator"], r.get("target"), r.get("unit"))
        )
    tables = []
    for t, rows in enumerate(groups):
        if t == 0:
            caption = f"Perjanjian Kinerja {names.satker} Tahun {year}"
        elif t == 1:
            caption = f"Perjanjian Kinerja Sekretariat {names.satker} Tahun {year}"
        else:
            caption = f"Perjanjian Kinerja {names.satker} Tahun {year} (Bagian {t + 1})"
        tables.append(PkTable(f"pk:{t}", caption, "bab3" if t == 0 else "lampiran", tuple(rows)))
    return tuple(tables)


def _plan_budget(
    gold: dict[str, Any], year: int, rng: random.Random, dropped: list[Dropped]
) -> tuple[BudgetTable, ...]:
    order: list[str] = []
    grouped: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for i, r in enumerate(gold.get("budget") or []):
        if not _has_value(r.get("pagu"), r.get("realisasi"), r.get("persen")):
            dropped.append(Dropped("budget", i, "no value in gold (pagu, realisasi, persen null)", r))
            continue
        if not r.get("name"):
            dropped.append(Dropped("budget", i, "no row name in gold", r))
            continue
        gold_table = r.get("table") or "Anggaran"
        if gold_table not in grouped:
            order.append(gold_table)
            grouped[gold_table] = []
        grouped[gold_table].append((i, r))
    raw = [shorten_caption(t) for t in order]
    years = [table_year(head, year) for head, _ in raw]
    realised = [any(r.get("realisasi") is not None for _, r in grouped[t]) for t in order]
    captions = _unique_captions(raw, years, realised)
    tables = []
    for t, (gold_table, caption, t_year) in enumerate(zip(order, captions, years, strict=True)):
        members = grouped[gold_table]
        rows = tuple(
            BudgetRow(
                f"budget:{t}:{i}",
                i,
                r.get("level") or "other",
                r.get("code"),
                r["name"],
                r.get("pagu"),
                r.get("realisasi"),
                r.get("persen"),
                (years_in(r["name"]) or [t_year])[0],
            )
            for i, r in members
        )
        show_realisasi = any(r.realisasi is not None for r in rows)
        lampiran = gold_table.strip().lower().startswith("lampiran") or not show_realisasi
        tables.append(
            BudgetTable(
                key=f"budget:{t}",
                gold_table=gold_table,
                caption=caption,
                year=t_year,
                rows=rows,
                section="lampiran" if lampiran else "bab3",
                landscape=False,
                show_code=any(r.code for r in rows),
                show_realisasi=show_realisasi,
                show_persen=any(r.persen is not None for r in rows),
                amount_style=rng.choice(("plain", "plain", "rp_column", "suffix")),
                percent_in_cell=rng.random() < 0.6,
            )
        )
    return _choose_landscape(tables)


def _choose_landscape(tables: list[BudgetTable]) -> tuple[BudgetTable, ...]:
    """The largest realisation table goes on a landscape page, as wide budget tables do."""
    pool = [t for t in tables if t.section == "bab3"] or tables
    if not pool:
        return ()
    widest = max(pool, key=lambda t: (len(t.rows), t.show_code, -tables.index(t)))
    return tuple(replace(t, landscape=True) if t is widest else t for t in tables)


def pick_absorption(budget: tuple[BudgetTable, ...], year: int) -> Absorption | None:
    """The report-year total with pagu, realisasi and % printed; the largest if several."""
    candidates = [
        r
        for t in budget
        for r in t.rows
        if r.level == "total"
        and r.year == year
        and r.pagu
        and r.realisasi is not None
        and r.persen is not None
        and t.show_persen
    ]
    if not candidates:
        return None
    best = max(candidates, key=lambda r: r.pagu or 0)
    assert best.pagu is not None and best.realisasi is not None and best.persen is not None
    return Absorption(best.pagu, best.realisasi, best.persen, best.persen, best.key)


def plan_report(gold: dict[str, Any]) -> Plan:
    """Everything the report prints, decided from the gold file alone (seeded by its source)."""
    satker = gold.get("satker") or {}
    year = satker.get("year")
    if not isinstance(year, int):
        raise InvalidDataError("gold satker.year must be an integer reporting year", path=gold.get("source"))
    source = str(gold.get("source") or satker.get("name") or "gold")
    seed = stable_seed(source)
    rng = random.Random(seed)
    names = resolve_names(satker)
    dropped: list[Dropped] = []
    performance = _plan_performance(gold, dropped)
    agreement = _plan_agreement(gold, names, year, dropped)
    budget = _plan_budget(gold, year, rng, dropped)
    return Plan(
        source=source,
        names=names,
        year=year,
        satker=dict(satker),
        perf_caption=f"Pengukuran Kinerja {names.satker} Tahun {year}",
        performance=performance,
        agreement=agreement,
        budget=budget,
        absorption=pick_absorption(budget, year),
        closing_satker=names.satker,
        dropped=tuple(dropped),
        seed=seed,
    )


def level_rank(level: str) -> int:
    return _LEVEL_RANK.get(level, 9)
