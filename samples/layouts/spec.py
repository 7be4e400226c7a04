"""The layout of one generated report, drawn from a seed before any content exists.

Every visual choice the two renderers make (header shape, wordings, optional columns, rules,
alignment, number formats, fonts, paper) is a field here, so the truth file can say exactly which
mechanisms a layout exercised and the benchmark can break accuracy down by them. The option tuples
are public: the tests check every option is reachable over a range of seeds.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Any

HEADER_SHAPES = ("flat", "two_level", "year_split", "three_level")
BORDERS = ("grid", "grid_shaded", "horizontal", "none", "underline", "shaded")
VALIGNS = ("top", "middle", "bottom")
SASARAN_MODES = ("column", "column_once", "merged", "band", "none")
PERCENT_FORMATS = ("plain", "sign", "space_sign", "fixed2_space", "fixed2")
AMOUNT_FORMATS = ("dot", "rp_prefix", "rp_suffix", "dec00", "comma", "rp_column")
FONTS = ("serif", "sans", "mono")
PAPERS = ("A4", "Letter", "F4")
PERF_OPTIONAL = ("satuan", "prior", "renstra", "next_target", "kategori", "keterangan", "sumber")
BUDGET_OPTIONAL = ("sisa", "prior", "keterangan")
BUDGET_KINDS = ("program", "jenis_belanja")
BUDGET_DEPTHS = (
    "kegiatan",
    "program_kegiatan",
    "kegiatan_ro",
    "program_kegiatan_ro",
    "kegiatan_kro_ro",
    "ro",
)
CODE_MODES = ("column", "prefix", "none")

PAPER_SIZES = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0), "F4": (609.45, 935.43)}


@dataclass(frozen=True)
class PerfSpec:
    """The capaian table: which columns, in which order, under which wordings."""

    header: str  # HEADER_SHAPES; year_split needs the prior-year column
    sasaran: str  # SASARAN_MODES
    number_col: bool
    number_per_group: bool  # "1" once per sasaran group rather than per row
    capaian: bool  # False: no capaian column (truth capaian null)
    optional: tuple[str, ...]  # PERF_OPTIONAL present, in column order
    prior_first: bool  # prior-year realisasi before the report-year trio, not after
    satuan_after_indicator: bool
    number_row: bool  # "(1) (2) (3)" under the header
    percent: str  # PERCENT_FORMATS, for % values and capaian
    decimal: str  # "," or "."
    unit_case: str  # "title" ("12 Dokumen") or "lower" ("12 dokumen")
    rows: int
    band_style: str  # how a band row names its sasaran: "numbered", "plain", "ss"
    label_indicator: str
    label_sasaran: str
    label_target: str
    label_realisasi: str
    label_capaian: str
    label_parent: str  # spanning parent over the report-year trio ("" for flat)
    label_grandparent: str  # three_level only
    with_unit_in_satuan_percent: bool  # a "%" row under a Satuan column prints "%" there
    label_prior: str
    label_renstra: str
    label_next: str
    label_satuan: str
    label_kategori: str
    label_keterangan: str
    label_sumber: str


@dataclass(frozen=True)
class PkSpec:
    """The Perjanjian Kinerja table: No | Sasaran | Indikator | (Satuan) | Target."""

    sasaran: str
    number_col: bool
    satuan: bool
    number_row: bool
    label_indicator: str
    label_target: str
    before_capaian: bool


@dataclass(frozen=True)
class BudgetSpec:
    """One budget table."""

    kind: str  # BUDGET_KINDS
    depth: str  # BUDGET_DEPTHS (program kind only)
    header: str  # HEADER_SHAPES
    number_col: bool
    code: str  # CODE_MODES
    code_style: str  # kegiatan codes "6709" or "CQ.6709"
    amount: str  # AMOUNT_FORMATS
    rp_text: str  # "Rp" or "Rp."
    percent: str  # PERCENT_FORMATS
    optional: tuple[str, ...]  # BUDGET_OPTIONAL present
    sisa_before_persen: bool
    total_label: str
    total_first: bool
    total_span: bool  # the total label spans the No/Kode/Uraian columns
    indent: bool  # deeper levels indented
    bold_parents: bool
    landscape: bool
    number_row: bool
    rows: int
    label_name: str
    label_pagu: str
    label_realisasi: str
    label_persen: str
    label_parent: str
    label_grandparent: str
    label_code: str
    label_sisa: str
    label_prior: str
    label_keterangan: str


@dataclass(frozen=True)
class LayoutSpec:
    """Everything about how a report looks, for one seed."""

    seed: int
    year: int
    paper: str
    font: str  # FONTS; the docx path maps these to LibreOffice fonts
    dejavu: bool  # docx path: DejaVu instead of Liberation
    font_size: float  # table body size
    margins: str  # "3-2-2.5-2.5" or "4-3-3-3" (left-right-top-bottom, cm)
    border: str
    valign: str
    repeat_header: bool
    empty: str  # "-" or ""
    chapter: int  # "Tabel <chapter>.<n>"
    caption_align: str  # "center" or "left"
    running_header: bool
    perf: PerfSpec
    pk: PkSpec | None
    budgets: tuple[BudgetSpec, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """One line for benchmark listings."""
        p = self.perf
        budgets = ",".join(f"{b.kind}/{b.header}/{b.amount}/{b.code}" for b in self.budgets)
        opt = "+".join(p.optional) or "-"
        return (
            f"{self.paper} {self.font} {self.font_size}pt {self.border} valign={self.valign} "
            f"perf={p.header}/{p.sasaran}/{opt}/{p.percent}{'' if p.capaian else '/nocap'} "
            f"pk={'yes' if self.pk else 'no'} budget={budgets}"
        )


def renstra_year(year: int) -> int:
    """End of the Renstra period a report of ``year`` compares with (KPU: 2020-2024, 2025-2029).

    Never the report year itself, so a Renstra target is never confused with the annual one."""
    return 2024 if year < 2024 else 2029


def _pick(rng: random.Random, options: tuple[str, ...], weights: tuple[float, ...] | None = None) -> str:
    return rng.choices(options, weights=weights)[0] if weights else rng.choice(options)


def _perf(rng: random.Random, year: int) -> PerfSpec:
    k = rng.choice((0, 1, 1, 2, 2, 3))
    optional = tuple(o for o in PERF_OPTIONAL if o in rng.sample(PERF_OPTIONAL, k))
    header = _pick(rng, HEADER_SHAPES, (3, 3, 1.5, 1.5))
    if header == "year_split" and "prior" not in optional:
        optional = tuple(o for o in PERF_OPTIONAL if o in (*optional, "prior"))
    if renstra_year(year) == year + 1 and "renstra" in optional and "next_target" in optional:
        optional = tuple(o for o in optional if o != "next_target")  # both would be year+1 targets
    ry = renstra_year(year)
    flat_year = rng.random() < 0.4
    parent = rng.choice((f"Tahun {year}", f"Kinerja Tahun {year}", f"Capaian Kinerja {year}", str(year)))
    two = header in ("two_level", "three_level")
    return PerfSpec(
        header=header,
        sasaran=_pick(rng, SASARAN_MODES, (2, 2, 3, 2, 1)),
        number_col=rng.random() < 0.8,
        number_per_group=rng.random() < 0.4,
        capaian=rng.random() < 0.9,
        optional=optional,
        prior_first=rng.random() < 0.5,
        satuan_after_indicator=rng.random() < 0.7,
        number_row=rng.random() < 0.25,
        percent=_pick(rng, PERCENT_FORMATS),
        decimal="." if rng.random() < 0.12 else ",",
        unit_case=rng.choice(("title", "title", "lower")),
        rows=rng.randint(8, 25),
        band_style=rng.choice(("numbered", "plain", "ss")),
        label_indicator=rng.choice(
            (
                "Indikator Kinerja",
                "Indikator Kinerja Utama",
                "IKU",
                "Indikator Sasaran",
                "Indikator Kinerja Sasaran",
            )
        ),
        label_sasaran=rng.choice(("Sasaran Strategis", "Sasaran", "Sasaran Program", "Sasaran Kegiatan")),
        label_target=rng.choice(("Target", "Target", "Target PK"))
        if two
        else rng.choice(
            ("Target", f"Target {year}", "Target PK", f"Target {year}" if flat_year else "Target")
        ),
        label_realisasi="Realisasi" if two else rng.choice(("Realisasi", f"Realisasi {year}")),
        label_capaian=rng.choice(
            ("Capaian", "Capaian (%)", "% Capaian", "Persentase Capaian", "Capaian Kinerja")
        ),
        label_parent=parent if two else "",
        label_grandparent=rng.choice(("Kinerja", "Pengukuran Kinerja", "Capaian Kinerja Organisasi"))
        if header == "three_level"
        else "",
        with_unit_in_satuan_percent=rng.random() < 0.8,
        label_prior=rng.choice(
            (f"Realisasi {year - 1}", f"Realisasi Tahun {year - 1}", f"Realisasi TA {year - 1}")
        ),
        label_renstra=rng.choice(
            (f"Target Renstra {ry}", f"Target Akhir Renstra ({ry})", f"Target {ry} (Renstra)")
        ),
        label_next=rng.choice(
            (f"Target {year + 1}", f"Target Tahun {year + 1}", f"Rencana Target {year + 1}")
        ),
        label_satuan=rng.choice(("Satuan", "Satuan", "Sat.")),
        label_kategori=rng.choice(("Kategori", "Predikat", "Kriteria")),
        label_keterangan=rng.choice(("Keterangan", "Ket.", "Keterangan")),
        label_sumber=rng.choice(("Sumber Data", "Sumber Data", "Sumber")),
    )


def _pk(rng: random.Random) -> PkSpec | None:
    if rng.random() < 0.4:
        return None
    return PkSpec(
        sasaran=_pick(rng, SASARAN_MODES, (2, 2, 3, 2, 1)),
        number_col=rng.random() < 0.85,
        satuan=rng.random() < 0.3,
        number_row=rng.random() < 0.2,
        label_indicator=rng.choice(("Indikator Kinerja", "Indikator Kinerja Utama", "Indikator Sasaran")),
        label_target=rng.choice(("Target", "Target", "Target Kinerja")),
        before_capaian=rng.random() < 0.6,
    )


def _budget(rng: random.Random, year: int, kind: str) -> BudgetSpec:
    k = rng.choice((0, 0, 1, 1, 2))
    optional = tuple(o for o in BUDGET_OPTIONAL if o in rng.sample(BUDGET_OPTIONAL, k))
    header = _pick(rng, HEADER_SHAPES, (3, 3, 1.5, 1.5))
    if header == "year_split" and "prior" not in optional:
        optional = tuple(o for o in BUDGET_OPTIONAL if o in (*optional, "prior"))
    two = header in ("two_level", "three_level")
    amount = _pick(rng, AMOUNT_FORMATS, (4, 2, 1.5, 1, 1, 1.5))
    return BudgetSpec(
        kind=kind,
        depth=_pick(rng, BUDGET_DEPTHS, (1, 2, 2, 2, 1, 1)) if kind == "program" else "jenis",
        header=header,
        number_col=rng.random() < 0.6,
        code=_pick(rng, CODE_MODES, (2, 1, 1)),
        code_style=rng.choice(("6709", "CQ.6709")),
        amount=amount,
        rp_text=rng.choice(("Rp", "Rp", "Rp.")),
        percent=_pick(rng, PERCENT_FORMATS),
        optional=optional,
        sisa_before_persen=rng.random() < 0.5,
        total_label=rng.choice(("Jumlah", "JUMLAH", "Total", "TOTAL", "Jumlah Total", "Total Anggaran")),
        total_first=rng.random() < 0.1,
        total_span=rng.random() < 0.5,
        indent=rng.random() < 0.6,
        bold_parents=rng.random() < 0.7,
        landscape=rng.random() < 0.25,
        number_row=rng.random() < 0.2,
        rows=rng.randint(5, 30),
        label_name=rng.choice(
            ("Uraian", "Program/Kegiatan", "Program/Kegiatan/Output", "Uraian Program/Kegiatan")
            if kind == "program"
            else ("Uraian", "Jenis Belanja", "Uraian Akun", "Akun/Jenis Belanja")
        ),
        label_pagu=rng.choice(
            ("Pagu", "Pagu Anggaran", "Alokasi", "Anggaran")
            if two
            else ("Pagu", "Pagu Anggaran (Rp)", "Alokasi", "Anggaran", "Pagu (Rp)")
        ),
        label_realisasi=rng.choice(
            ("Realisasi", "Realisasi") if two else ("Realisasi", "Realisasi (Rp)", "Realisasi Anggaran")
        ),
        label_persen=rng.choice(("%", "Persentase", "Penyerapan (%)", "% Realisasi", "Capaian (%)")),
        label_parent=rng.choice(("Anggaran", f"Tahun Anggaran {year}", f"TA {year}", f"Tahun {year}"))
        if two
        else "",
        label_grandparent=rng.choice(("Realisasi Anggaran", "Anggaran dan Realisasi", "Keuangan"))
        if header == "three_level"
        else "",
        label_code=rng.choice(("Kode", "Kode", "Kode Akun")) if kind == "jenis_belanja" else "Kode",
        label_sisa=rng.choice(("Sisa", "Sisa Anggaran", "Sisa Anggaran (Rp)", "Selisih")),
        label_prior=rng.choice(
            (f"Realisasi {year - 1}", f"Realisasi TA {year - 1}", f"Realisasi Tahun {year - 1}")
        ),
        label_keterangan=rng.choice(("Keterangan", "Ket.")),
    )


def draw_spec(seed: int) -> LayoutSpec:
    """The layout for ``seed``: the same seed always gives the same spec."""
    rng = random.Random(f"lakip-layout-{seed}")
    year = rng.randint(2021, 2025)
    n_budget = rng.choice((1, 1, 2))
    kinds = ["program"] if n_budget == 1 and rng.random() < 0.75 else [rng.choice(BUDGET_KINDS)]
    if n_budget == 2:
        kinds = ["program", "jenis_belanja"] if rng.random() < 0.6 else ["program", "program"]
    return LayoutSpec(
        seed=seed,
        year=year,
        paper=_pick(rng, PAPERS, (3, 1, 2)),
        font=_pick(rng, FONTS, (4, 4, 1)),
        dejavu=rng.random() < 0.3,
        font_size=rng.choice((8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0)),
        margins=rng.choice(("3-2-2.5-2.5", "3-2-2.5-2.5", "4-3-3-3")),
        border=_pick(rng, BORDERS, (4, 2, 1.5, 1.5, 1.5, 1)),
        valign=_pick(rng, VALIGNS, (3, 3, 1)),
        repeat_header=rng.random() < 0.65,
        empty=rng.choice(("-", "-", "")),
        chapter=rng.choice((2, 3, 3, 3)),
        caption_align=rng.choice(("center", "center", "left")),
        running_header=rng.random() < 0.5,
        perf=_perf(rng, year),
        pk=_pk(rng),
        budgets=tuple(_budget(rng, year, kind) for kind in kinds),
    )
