"""The report as a sequence of blocks both renderers draw, and the truth that goes with it.

A short report: the title block (LAPORAN KINERJA, the satker in capitals, the year), a little
prose, then the capaian table, optionally the Perjanjian Kinerja table (before or after it), and
one or two budget tables, each under its caption, with a sentence or two between them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from samples.layouts.budget_table import build_budget
from samples.layouts.content import Report, draw_report
from samples.layouts.formats import budget_decimal, fmt_amount, fmt_percent
from samples.layouts.grid import Grid
from samples.layouts.spec import LayoutSpec, draw_spec
from samples.layouts.tables import Built, build_perf, build_pk


@dataclass(frozen=True)
class Block:
    kind: str  # title | heading | para | caption | table
    text: str = ""
    grid: Grid | None = None


@dataclass(frozen=True)
class Planned:
    spec: LayoutSpec
    report: Report
    blocks: tuple[Block, ...]
    built: tuple[Built, ...]

    @property
    def title(self) -> str:
        return f"Laporan Kinerja {self.report.satker.name} Tahun {self.spec.year}"


def _long_name(report: Report) -> str:
    return f"KOMISI PEMILIHAN UMUM {report.satker.area.upper()}"


def captions(report: Report, spec: LayoutSpec) -> tuple[str, str, tuple[str, ...]]:
    """(capaian caption, PK caption, budget captions), numbered in the order the tables appear."""
    rng = random.Random(f"lakip-captions-{spec.seed}")
    y, satker, ch = spec.year, report.satker.name, spec.chapter
    n = rng.randint(1, 3)
    pk = rng.choice(
        (
            f"Perjanjian Kinerja Tahun {y}",
            f"Perjanjian Kinerja {satker} Tahun {y}",
            f"Target Kinerja Tahun {y}",
        )
    )
    pk_caption = f"Tabel {max(1, ch - 1)}.{rng.randint(1, 3)} {pk}"
    if spec.pk and spec.pk.before_capaian and ch == 2:
        n += 1
    perf = rng.choice(
        (
            f"Capaian Indikator Kinerja Tahun {y}",
            f"Pengukuran Kinerja {satker} Tahun {y}",
            f"Realisasi dan Capaian Indikator Kinerja Utama Tahun {y}",
            f"Capaian Kinerja Sasaran Strategis Tahun {y}",
        )
    )
    perf_caption = f"Tabel {ch}.{n} {perf}"
    budget: list[str] = []
    for b in spec.budgets:
        n += rng.randint(1, 4)
        if b.kind == "jenis_belanja":
            text = rng.choice(
                (f"Realisasi Anggaran per Jenis Belanja Tahun {y}", f"Realisasi Belanja Tahun Anggaran {y}")
            )
        else:
            text = rng.choice(
                (
                    f"Realisasi Anggaran Tahun {y}",
                    f"Realisasi Anggaran per Program/Kegiatan TA {y}",
                    f"Pagu dan Realisasi Anggaran {satker} Tahun Anggaran {y}",
                )
            )
        if "prior" in b.optional and rng.random() < 0.3:
            text = f"Perbandingan Realisasi Anggaran Tahun {y - 1} dan {y}"
        budget.append(f"Tabel {ch}.{n} {text}")
    return perf_caption, pk_caption, tuple(budget)


def plan(seed: int) -> Planned:
    """Spec, content, grids and blocks for ``seed``."""
    spec = draw_spec(seed)
    report = draw_report(spec)
    perf_caption, pk_caption, budget_captions = captions(report, spec)
    satker, y = report.satker.name, spec.year
    perf = build_perf(report, spec, perf_caption)
    pk = build_pk(report, spec, spec.pk, pk_caption) if spec.pk else None
    budgets = [
        build_budget(lines, spec, b, cap)
        for lines, b, cap in zip(report.budgets, spec.budgets, budget_captions, strict=True)
    ]
    blocks: list[Block] = [
        Block("title", "LAPORAN KINERJA"),
        Block("title", _long_name(report)),
        Block("title", f"TAHUN {y}"),
        Block(
            "para",
            f"Laporan Kinerja {satker} Tahun {y} disusun sebagai wujud pertanggungjawaban atas "
            "pelaksanaan tugas dan fungsi dalam mencapai sasaran strategis yang ditetapkan dalam "
            "Rencana Strategis. Pengukuran kinerja dilakukan dengan membandingkan target dan realisasi "
            "setiap indikator kinerja.",
        ),
    ]

    def table(built: Built, before: str, after: str = "") -> None:
        blocks.extend(
            [Block("para", before), Block("caption", built.grid.caption), Block("table", grid=built.grid)]
        )
        if after:
            blocks.append(Block("para", after))

    pk_text = (
        f"Perjanjian Kinerja {satker} Tahun {y} memuat sasaran strategis, indikator kinerja dan "
        "target yang akan dicapai, sebagaimana tabel berikut."
    )
    if pk and spec.pk and spec.pk.before_capaian:
        blocks.append(Block("heading", "Perjanjian Kinerja"))
        table(pk, pk_text)
    blocks.append(Block("heading", "Capaian Kinerja Organisasi"))
    reached = sum(1 for i in report.indicators if isinstance(i.capaian, int | float) and i.capaian >= 100)
    table(
        perf,
        f"Capaian indikator kinerja {satker} pada tahun {y} disajikan pada tabel berikut.",
        f"Dari {len(report.indicators)} indikator kinerja, sebanyak {reached} indikator mencapai atau "
        "melampaui target yang ditetapkan.",
    )
    if pk and spec.pk and not spec.pk.before_capaian:
        table(pk, pk_text)
    blocks.append(Block("heading", "Realisasi Anggaran"))
    for lines, b, built in zip(report.budgets, spec.budgets, budgets, strict=True):
        total = next(line for line in lines if line.level == "total")
        amount = fmt_amount(total.realisasi, "dot", "Rp", "-")
        persen = fmt_percent(total.persen, "sign", budget_decimal(b.amount))
        table(
            built,
            f"Realisasi anggaran {satker} Tahun Anggaran {y} sebesar Rp {amount} atau {persen} "
            "dari pagu, dengan rincian sebagai berikut.",
        )
    blocks.append(
        Block(
            "para",
            "Sisa anggaran merupakan hasil efisiensi pelaksanaan kegiatan dan sisa "
            "kontrak pengadaan barang dan jasa.",
        )
    )
    return Planned(spec, report, tuple(blocks), (perf, *((pk,) if pk else ()), *budgets))


def truth(planned: Planned, *, source: str, path: str) -> dict[str, Any]:
    """The truth file, in the gold format ``extractor.evaluate`` reads, plus layout and raw strings."""
    spec, report = planned.spec, planned.report
    out: dict[str, Any] = {
        "source": source,
        "path": path,
        "seed": spec.seed,
        "satker": {
            "name": report.satker.name,
            "level": report.satker.level,
            "region": report.satker.region,
            "province": report.satker.province,
            "year": spec.year,
        },
        "performance": [],
        "agreement": [],
        "budget": [],
        "other_years": [],
        "tables": [],
    }
    for built in planned.built:
        g = built.grid
        out[g.kind].extend(built.rows)
        out["other_years"].extend(built.other_years)
        out["tables"].append(
            {
                "kind": g.kind,
                "caption": g.caption,
                "columns": [c.key for c in g.columns],
                "header_rows": g.header_rows,
                "rows": len(built.rows),
                "font_size": g.font_size,
                "landscape": g.landscape,
                "widths": list(g.widths),
            }
        )
    out["layout"] = spec.to_dict()
    return out
