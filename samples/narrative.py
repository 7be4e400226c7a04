"""Running text of a generated report, filled from the prose templates in ``data/narrative.json``.

Figures the text states (budget absorption, indicator values) come from the plan, so a
text-versus-table check finds them consistent unless a defect was planted on purpose.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from samples.content import PerfRow, Plan, load_data
from samples.numbers import format_amount, format_indicator_value, format_percent


@dataclass(frozen=True)
class Signature:
    place: str
    date: str  # "17 Januari 2025" or "Januari 2025"
    role: str
    name: str

    @property
    def line(self) -> str:
        return f"{self.place}, {self.date}"


@dataclass(frozen=True)
class PaddingPage:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Prose:
    pengantar: tuple[str, ...]
    signature: Signature
    ikhtisar: tuple[str, ...]
    absorption_summary: str | None  # in the ikhtisar, always the table's figure
    absorption_detail: str | None  # in BAB III.B, the stated figure (text_vs_table may alter it)
    latar: tuple[str, ...]
    tugas_intro: str
    tugas: tuple[str, ...]
    struktur_intro: str
    divisions: tuple[str, ...]
    isu: tuple[str, ...]
    renstra: tuple[str, ...]
    pk_intro: tuple[str, ...]
    bab3_intro: tuple[str, ...]
    capaian_intro: tuple[str, ...]
    after_table: tuple[str, ...]
    sasaran_notes: tuple[tuple[str, str], ...]  # (perf row key, sentence stating its values)
    anggaran_intro: tuple[str, ...]
    efisiensi: tuple[str, ...]
    bab4: tuple[str, ...]
    closing: str
    lampiran_intro: str


def _fields(plan: Plan, **extra: Any) -> dict[str, Any]:
    n = plan.names
    return {
        "satker": n.satker,
        "satker_long": n.satker_long,
        "area": n.area,
        "province": n.province or "",
        "province_phrase": n.province_phrase,
        "year": plan.year,
        "next_year": plan.year + 1,
        "prev_year": plan.year - 1,
        "seat": n.seat,
        **extra,
    }


def _fill(templates: list[str] | tuple[str, ...], fields: dict[str, Any]) -> tuple[str, ...]:
    return tuple(t.format(**fields) for t in templates)


def _sasaran_notes(rows: tuple[PerfRow, ...], limit: int = 3) -> tuple[tuple[str, str], ...]:
    """One sentence per sasaran (first few) restating an indicator's target and realisation."""
    notes: list[tuple[str, str]] = []
    seen: set[str] = set()
    for row in rows:
        if len(notes) >= limit:
            break
        if row.sasaran in seen or row.target is None or row.realisasi is None:
            continue
        seen.add(row.sasaran or "")
        target = format_indicator_value(row.target, row.unit)
        realisasi = format_indicator_value(row.realisasi, row.unit)
        sasaran = f'Pada sasaran "{row.sasaran}", indikator' if row.sasaran else "Indikator"
        notes.append(
            (row.key, f'{sasaran} "{row.indicator}" ditargetkan {target} dengan realisasi {realisasi}.')
        )
    return tuple(notes)


def write_prose(plan: Plan) -> Prose:
    """All running text of the report; deterministic for a given plan."""
    data = load_data("narrative")
    rng = random.Random(plan.seed ^ 0x5EED)
    fields = _fields(plan)
    month = data["months"][rng.randrange(0, 3)]
    date = (
        f"{rng.randint(2, 28)} {month} {plan.year + 1}" if rng.random() < 0.6 else f"{month} {plan.year + 1}"
    )
    role = rng.choice(data["signer_roles"])
    signature = Signature(
        plan.names.seat, date, f"{role} {plan.names.satker}", rng.choice(data["signer_names"])
    )
    summary = detail = None
    if plan.absorption is not None:
        a = plan.absorption
        money = {"pagu": format_amount(a.pagu), "realisasi": format_amount(a.realisasi)}
        summary = data["absorption"][0].format(**_fields(plan, **money, persen=format_percent(a.persen)))
        detail = data["absorption"][1].format(**_fields(plan, **money, persen=format_percent(a.stated)))
    closing_fields = {**fields, "satker": plan.closing_satker}
    return Prose(
        pengantar=_fill(data["pengantar"], fields),
        signature=signature,
        ikhtisar=_fill(data["ikhtisar"], fields),
        absorption_summary=summary,
        absorption_detail=detail,
        latar=_fill(data["bab1_latar"], fields),
        tugas_intro=data["bab1_tugas_intro"].format(**fields),
        tugas=tuple(data["tugas_items"]),
        struktur_intro=data["struktur_intro"].format(**fields),
        divisions=tuple(data["divisions"]),
        isu=_fill(data["bab1_isu"], fields),
        renstra=_fill(data["bab2_renstra"], fields),
        pk_intro=_fill(data["bab2_pk_intro"], fields),
        bab3_intro=_fill(data["bab3_intro"], fields),
        capaian_intro=_fill(data["bab3_capaian_intro"], fields),
        after_table=_fill(data["bab3_after_table"], fields),
        sasaran_notes=_sasaran_notes(plan.performance),
        anggaran_intro=_fill(data["bab3_anggaran_intro"], fields),
        efisiensi=_fill(data["bab3_efisiensi"], fields),
        bab4=_fill(data["bab4"], fields),
        closing=data["closing"].format(**closing_fields),
        lampiran_intro=data["lampiran_intro"].format(**fields),
    )


def padding_pages(plan: Plan, count: int, *, seed: int = 0) -> tuple[PaddingPage, ...]:
    """``count`` one-page narrative sections (activity reports) to pad long benchmark documents."""
    data = load_data("narrative")
    rng = random.Random(plan.seed ^ seed ^ 0xFA11)
    pages = []
    for _ in range(count):
        paragraphs = []
        for _ in range(7):
            template = rng.choice(data["padding_templates"])
            extra = {
                "day": rng.randint(1, 28),
                "month": rng.choice(data["months"]),
                "count": rng.randint(12, 250),
                "activity": rng.choice(data["padding_activities"]),
                "participants": rng.choice(data["padding_participants"]),
                "place": rng.choice(data["padding_places"]),
            }
            paragraphs.append(template.format(**_fields(plan, **extra)))
        pages.append(PaddingPage(rng.choice(data["padding_headings"]), tuple(paragraphs)))
    return tuple(pages)
