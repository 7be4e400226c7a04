"""The sample generator: realistic PDFs whose truth files say exactly what was printed where."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from extractor.errors import ExitCode
from samples.content import normalise, shorten_caption
from samples.defects import DEFECT_KINDS
from samples.generate import main, render_report, truth_path
from samples.numbers import format_amount, format_number, format_percent
from samples.scan import export_png, export_tiff, make_scan, rasterise, scan_pdf
from samples.truth import Truth

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GOLD = SAMPLES / "gold"
MAIN_STEM = "000_473ae7671d36c3fd"  # has multi-row sasaran groups, a landscape table and grades
SMALL_STEM = "003_c112caca8715f4b7"


def _gold(stem: str) -> dict[str, Any]:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


def _page_text(pdf: pdfplumber.PDF, page: int) -> str:
    return " ".join((pdf.pages[page - 1].extract_text() or "").split())


def _cell_text(pdf: pdfplumber.PDF, page: int, bbox: list[float]) -> str:
    x0, top, x1, bottom = bbox
    crop = pdf.pages[page - 1].crop((x0 - 1, top - 1, x1 + 1, bottom + 1))
    return " ".join((crop.extract_text() or "").split())


@pytest.fixture(scope="module")
def ruled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth]:
    out = tmp_path_factory.mktemp("ruled") / f"{MAIN_STEM}_ruled.pdf"
    return out, render_report(_gold(MAIN_STEM), out, style="ruled")


@pytest.fixture(scope="module")
def borderless(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth]:
    out = tmp_path_factory.mktemp("borderless") / f"{MAIN_STEM}_borderless.pdf"
    return out, render_report(_gold(MAIN_STEM), out, style="borderless")


@pytest.fixture(scope="module")
def defective(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth]:
    out = tmp_path_factory.mktemp("defects") / "002_defects.pdf"
    return out, render_report(_gold("002_71f42d07af92d301"), out, style="ruled", defects=True)


def test_pdf_has_truth_pages_and_a_landscape_page(ruled: tuple[Path, Truth]) -> None:
    pdf_path, truth = ruled
    assert Truth.read(truth_path(pdf_path)) == truth
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == truth.pages
        sizes = [(round(float(p.width)), round(float(p.height))) for p in pdf.pages]
    assert sizes == [(round(w), round(h)) for w, h in truth.page_sizes]
    landscape = [i + 1 for i, (w, h) in enumerate(sizes) if w > h]
    assert landscape and landscape == list(truth.landscape_pages)
    budget_pages = {r["page"] for r in truth.budget}
    assert set(landscape) <= budget_pages


def test_cover_and_pengantar_name_the_satker_and_next_year(ruled: tuple[Path, Truth]) -> None:
    pdf_path, truth = ruled
    with pdfplumber.open(pdf_path) as pdf:
        cover = _page_text(pdf, 1).upper()
        pengantar = _page_text(pdf, truth.signature["page"])
    assert "LAPORAN KINERJA" in cover
    assert "KOMISI PEMILIHAN UMUM KOTA PRABUMULIH" in cover
    assert f"TAHUN {truth.year}" in cover
    assert re.search(rf"Prabumulih, (\d{{1,2}} )?(Januari|Februari|Maret) {truth.year + 1}", pengantar)


@pytest.mark.parametrize("style", ["ruled", "borderless"])
def test_every_row_is_printed_in_its_recorded_box(
    style: str, ruled: tuple[Path, Truth], borderless: tuple[Path, Truth]
) -> None:
    pdf_path, truth = ruled if style == "ruled" else borderless
    assert truth.performance and truth.agreement and truth.budget
    with pdfplumber.open(pdf_path) as pdf:
        for row in truth.performance:
            assert _cell_text(pdf, row["page"], row["bbox"]) == " ".join(row["indicator"].split())
        for row in truth.agreement:
            assert _cell_text(pdf, row["page"], row["bbox"]) == " ".join(row["indicator"].split())
        for row in truth.budget:
            assert _cell_text(pdf, row["page"], row["bbox"]) == " ".join(row["name"].split())


def test_numbers_are_printed_in_indonesian_notation(ruled: tuple[Path, Truth]) -> None:
    pdf_path, truth = ruled
    with pdfplumber.open(pdf_path) as pdf:
        pages = {r["page"] for r in (*truth.budget, *truth.performance)}
        texts = {p: _page_text(pdf, p) for p in pages}
    for row in truth.budget:
        if row["pagu"] is not None:
            assert format_amount(row["pagu"]) in texts[row["page"]]
        if row["persen"] is not None and row["persen"] != int(row["persen"]):
            assert format_percent(row["persen"], sign=False) in texts[row["page"]]
    for row in truth.performance:
        if row["unit"] == "%" and isinstance(row["target"], int | float):
            assert format_percent(row["target"]) in texts[row["page"]]
        if isinstance(row["target"], str):
            assert row["target"] in texts[row["page"]]
    body = " ".join(texts.values())
    assert re.search(r"\b\d{1,3}(\.\d{3}){2,}\b", body)  # grouped rupiah amounts
    assert re.search(r"\b\d+,\d+%", body)  # comma decimals
    assert not re.search(r"\b\d{7,}\b", body)  # no ungrouped big amounts


def test_truth_values_are_the_gold_values(ruled: tuple[Path, Truth]) -> None:
    _, truth = ruled
    gold = _gold(MAIN_STEM)
    for row in truth.performance:
        g = gold["performance"][row["gold_index"]]
        assert (row["target"], row["realisasi"], row["capaian"], row["unit"]) == (
            g["target"],
            g["realisasi"],
            g["capaian"],
            g["unit"],
        )
    for row in truth.budget:
        g = gold["budget"][row["gold_index"]]
        assert (row["pagu"], row["realisasi"], row["persen"], row["level"]) == (
            g["pagu"],
            g["realisasi"],
            g["persen"],
            g["level"],
        )
    for section in ("performance", "agreement", "budget"):
        printed = {r["gold_index"] for r in getattr(truth, section)}
        dropped = {d["gold_index"] for d in truth.dropped if d["section"] == section}
        assert printed | dropped == set(range(len(gold[section]))) and not printed & dropped
    assert all(d["reason"] for d in truth.dropped)
    absorption = [n for n in truth.narrative if n["kind"] == "budget_absorption"]
    assert absorption and all(n["stated"] == n["table_value"] for n in absorption)


def test_capaian_table_runs_across_a_page_break_with_its_header(ruled: tuple[Path, Truth]) -> None:
    pdf_path, truth = ruled
    pages = sorted({r["page"] for r in truth.performance})
    assert len(pages) >= 2
    with pdfplumber.open(pdf_path) as pdf:
        for page in pages:
            assert "Indikator Kinerja" in _page_text(pdf, page)
        wrapped = [r for r in truth.performance if r["bbox"][3] - r["bbox"][1] > 15]
    assert wrapped, "some indicator cells should wrap over several lines"


def test_ruled_draws_a_grid_and_borderless_only_rules(
    ruled: tuple[Path, Truth], borderless: tuple[Path, Truth]
) -> None:
    def vertical_edges(pdf_path: Path, page: int) -> int:
        with pdfplumber.open(pdf_path) as pdf:
            return sum(1 for e in pdf.pages[page - 1].edges if e["orientation"] == "v")

    ruled_page = ruled[1].performance[0]["page"]
    borderless_page = borderless[1].performance[0]["page"]
    assert vertical_edges(ruled[0], ruled_page) > 5
    assert vertical_edges(borderless[0], borderless_page) == 0


@pytest.mark.parametrize("style", ["ruled", "borderless"])
def test_sasaran_printed_once_per_group(
    style: str, ruled: tuple[Path, Truth], borderless: tuple[Path, Truth]
) -> None:
    pdf_path, truth = ruled if style == "ruled" else borderless
    first_table = [r for r in truth.agreement if r["table_caption"] == truth.agreement[0]["table_caption"]]
    group = [r for r in first_table if r["sasaran"] == first_table[0]["sasaran"]]
    assert len(group) >= 2
    with pdfplumber.open(pdf_path) as pdf:
        text = _page_text(pdf, group[0]["page"])
    assert text.count(" ".join(group[0]["sasaran"].split()[:3])) == 1


def test_generation_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    ta = render_report(_gold(SMALL_STEM), a, style="borderless")
    tb = render_report(_gold(SMALL_STEM), b, style="borderless")
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    assert ta.to_dict() | {"pdf": ""} == tb.to_dict() | {"pdf": ""}


def test_padding_reaches_the_requested_page_count(tmp_path: Path) -> None:
    truth = render_report(_gold(SMALL_STEM), tmp_path / "long.pdf", style="ruled", pad_pages=45)
    assert truth.pages == 45
    with pdfplumber.open(tmp_path / "long.pdf") as pdf:
        assert len(pdf.pages) == 45
        assert all(
            _cell_text(pdf, r["page"], r["bbox"]) == " ".join(r["indicator"].split())
            for r in truth.performance
        )


def test_defects_are_planted_and_recorded(defective: tuple[Path, Truth]) -> None:
    pdf_path, truth = defective
    kinds = [d["kind"] for d in truth.defects] + [s["kind"] for s in truth.skipped_defects]
    assert sorted(kinds) == sorted(DEFECT_KINDS)
    assert len(truth.defects) == len(DEFECT_KINDS), truth.skipped_defects
    by_kind = {d["kind"]: d for d in truth.defects}
    assert all(d["page"] for d in truth.defects)
    with pdfplumber.open(pdf_path) as pdf:

        def on_page(kind: str) -> str:
            return _page_text(pdf, by_kind[kind]["page"])

        assert format_percent(by_kind["text_vs_table"]["stated"]) in on_page("text_vs_table")
        assert by_kind["foreign_satker"]["printed"] in on_page("foreign_satker")
        assert " ".join(by_kind["year_mismatch"]["caption"].split()[-2:]) in on_page("year_mismatch")
        assert format_percent(
            by_kind["persen_mismatch"]["printed_persen"], sign=False, decimals=2
        ) in on_page("persen_mismatch") or format_percent(
            by_kind["persen_mismatch"]["printed_persen"]
        ) in on_page("persen_mismatch")
        assert format_amount(by_kind["overspend"]["printed_realisasi"]) in on_page("overspend")
    persen = by_kind["persen_mismatch"]
    assert abs(persen["printed_persen"] - persen["computed_persen"]) > 1
    assert by_kind["overspend"]["printed_realisasi"] > by_kind["overspend"]["pagu"]
    total = by_kind["total_mismatch"]
    assert total["printed_total"] != total["children_sum"]
    missing = normalise(by_kind["target_missing"]["indicator"])
    assert missing not in {normalise(r["indicator"]) for r in truth.performance}
    assert missing in {normalise(r["indicator"]) for r in truth.agreement}
    conflict = by_kind["duplicate_conflict"]
    assert conflict["agreement_target"] != conflict["performance_target"]
    planted = [a for a in truth.anomalies if a["planted"]]
    assert {a["kind"] for a in planted} >= {"persen_mismatch", "overspend", "capaian_mismatch"}


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth]:
    out = tmp_path_factory.mktemp("small") / "small_ruled.pdf"
    return out, render_report(_gold(SMALL_STEM), out, style="ruled")


def test_scan_is_image_only_with_the_same_pages(small_pdf: tuple[Path, Truth], tmp_path: Path) -> None:
    pdf_path, truth = small_pdf
    scan = make_scan(pdf_path, tmp_path / "scan.pdf", dpi=40, seed=3)
    with pdfplumber.open(scan) as pdf:
        assert len(pdf.pages) == truth.pages
        assert all(not p.chars for p in pdf.pages)
        assert all(len(p.images) == 1 for p in pdf.pages)
        assert abs(float(pdf.pages[0].width) - truth.page_sizes[0][0]) < 3


def test_misleading_layer_is_invisible_and_wrong(small_pdf: tuple[Path, Truth], tmp_path: Path) -> None:
    pdf_path, truth = small_pdf
    page = truth.performance[0]["page"]
    plain = scan_pdf(pdf_path, tmp_path / "plain.pdf", dpi=60, seed=5, pages=[page, page + 1])
    bad = scan_pdf(
        pdf_path,
        tmp_path / "bad.pdf",
        dpi=60,
        seed=5,
        pages=[page, page + 1],
        misleading_text_layer_page=page,
    )
    assert bad.misleading_text_layer_page == 1 and bad.source_pages == (page, page + 1)
    with pdfplumber.open(bad.path) as pdf, pdfplumber.open(pdf_path) as src:
        assert pdf.pages[0].chars and not pdf.pages[1].chars
        wrong = set(_page_text(pdf, 1).split())
        right = set(_page_text(src, page).split())
    assert len(wrong & right) < 0.6 * len(right)
    import pypdfium2 as pdfium

    a, b = pdfium.PdfDocument(str(plain.path)), pdfium.PdfDocument(str(bad.path))
    assert np.array_equal(rasterise(a, 0, 50), rasterise(b, 0, 50))  # the text layer draws nothing
    a.close()
    b.close()


def test_rotated_page_is_turned(small_pdf: tuple[Path, Truth], tmp_path: Path) -> None:
    pdf_path, truth = small_pdf
    result = scan_pdf(pdf_path, tmp_path / "rot.pdf", dpi=72, seed=1, rotate_page=2, pages=[1, 2])
    assert result.rotate_page == 2
    with pdfplumber.open(result.path) as pdf:
        w, h = float(pdf.pages[1].width), float(pdf.pages[1].height)
    assert w > h and truth.page_sizes[1][0] < truth.page_sizes[1][1]
    assert all(abs(a) <= 1.5 for a in result.skew_degrees)


def test_image_exports(small_pdf: tuple[Path, Truth], tmp_path: Path) -> None:
    pdf_path, _ = small_pdf
    png = export_png(pdf_path, tmp_path / "p.png", 2, dpi=80)
    tiff = export_tiff(pdf_path, tmp_path / "p.tiff", [2, 3], dpi=80)
    with Image.open(png) as im:
        assert im.size[1] > im.size[0] > 400
    with Image.open(tiff) as im:
        assert getattr(im, "n_frames", 1) == 2 and im.mode == "1"


def test_cli_writes_pdf_and_truth_and_reports_missing_input(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path), "--only", SMALL_STEM, "--style", "borderless"]) == 0
    assert (tmp_path / f"{SMALL_STEM}_borderless.pdf").exists()
    assert (tmp_path / f"{SMALL_STEM}_borderless.truth.json").exists()
    assert main(["--out", str(tmp_path), "--only", "nope"]) == ExitCode.INPUT_NOT_FOUND


def test_committed_samples_match_their_truth() -> None:
    pdfs = sorted((SAMPLES / "pdf").glob("*.pdf"))
    assert len(pdfs) >= 10
    for pdf_path in pdfs:
        truth = Truth.read(truth_path(pdf_path))
        with pdfplumber.open(pdf_path) as pdf:
            assert len(pdf.pages) == truth.pages, pdf_path.name
    for image in [*(SAMPLES / "pdf").glob("*.png"), *(SAMPLES / "pdf").glob("*.tiff")]:
        assert truth_path(image).exists()


def test_caption_shortening_keeps_years_and_acronyms() -> None:
    head, tail = shorten_caption(
        "Lampiran: Rencana Kerja Tahunan (RKT) 2025 (next year) - Anggaran per Program"
    )
    assert head == "Rencana Kerja Tahunan (RKT) 2025" and tail == "Anggaran per Program"
    head, _ = shorten_caption(
        "BAB III.B: Pagu dan Realisasi Anggaran per Tahun 2021-2024 (No | Tahun), uncaptioned"
    )
    assert head == "Pagu dan Realisasi Anggaran per Tahun 2021-2024"


def _parse_id(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


@given(st.integers(min_value=0, max_value=10**13))
def test_amounts_group_thousands(value: int) -> None:
    text = format_amount(value)
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", text)
    assert _parse_id(text) == value
    assert format_amount(value, suffix=True) == f"{text},-"


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_decimals_round_trip(value: Decimal) -> None:
    number = float(value)
    assert _parse_id(format_number(number)) == Decimal(str(number))
    assert format_percent(number).endswith("%")
    assert _parse_id(format_percent(number, sign=False, decimals=2)) == Decimal(str(number))


def test_minimal_gold_renders_and_explains_skipped_defects(tmp_path: Path) -> None:
    gold = {
        "source": "tiny.txt",
        "satker": {
            "name": "KPU Kota Contoh",
            "level": "kota",
            "region": "Contoh",
            "province": None,
            "year": 2023,
        },
        "performance": [
            {
                "sasaran": None,
                "indicator": "Persentase laporan tepat waktu",
                "target": 100,
                "realisasi": 95,
                "capaian": 95,
                "unit": "%",
            },
            {
                "sasaran": "S",
                "indicator": "Kosong",
                "target": None,
                "realisasi": None,
                "capaian": None,
                "unit": "%",
            },
        ],
        "agreement": [],
        "budget": [],
    }
    truth = render_report(gold, tmp_path / "tiny.pdf", style="ruled", defects=True)
    assert truth.year == 2023 and not truth.landscape_pages and len(truth.performance) == 1
    assert [d["gold_index"] for d in truth.dropped] == [1]
    skipped = {s["kind"] for s in truth.skipped_defects}
    assert {"persen_mismatch", "total_mismatch", "overspend", "text_vs_table"} <= skipped
    assert {d["kind"] for d in truth.defects} >= {"capaian_mismatch", "foreign_satker", "year_mismatch"}
    with pdfplumber.open(tmp_path / "tiny.pdf") as pdf:
        assert "KOMISI PEMILIHAN UMUM KOTA CONTOH" in _page_text(pdf, 1)
