"""The random layout generator (samples/layouts): deterministic per seed, every option reachable, and
the truth says exactly what is printed, so the layout benchmark measures the extractor and not the
generator. One test converts a DOCX with LibreOffice; it fails (never skips) without soffice."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from dataclasses import fields
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from samples.layouts import generate
from samples.layouts.document import plan, truth
from samples.layouts.formats import budget_decimal
from samples.layouts.spec import (
    AMOUNT_FORMATS,
    BORDERS,
    BUDGET_DEPTHS,
    BUDGET_KINDS,
    BUDGET_OPTIONAL,
    CODE_MODES,
    FONTS,
    HEADER_SHAPES,
    PAPERS,
    PERCENT_FORMATS,
    PERF_OPTIONAL,
    SASARAN_MODES,
    VALIGNS,
    draw_spec,
)
from samples.numbers import percent_of

SEEDS = (3, 17, 42, 1001)  # a handful of development seeds; 5000 and up are held out


def test_spec_and_truth_are_deterministic_per_seed() -> None:
    for seed in SEEDS:
        assert draw_spec(seed) == draw_spec(seed)
        assert truth(plan(seed), source="x.pdf", path="pdf") == truth(plan(seed), source="x.pdf", path="pdf")
    assert len({draw_spec(s).summary() for s in range(20)}) == 20


def test_pdf_bytes_are_deterministic(tmp_path: Path) -> None:
    a = generate(5, "pdf", tmp_path / "a")[0].pdf.read_bytes()
    b = generate(5, "pdf", tmp_path / "b")[0].pdf.read_bytes()
    assert a == b


def _page_options(specs: list[Any]) -> dict[str, tuple[set[Any], tuple[Any, ...]]]:
    """Options drawn per page (paper, font, rules ...) against every option the generator has."""
    return {
        "paper": ({s.paper for s in specs}, PAPERS),
        "font": ({s.font for s in specs}, FONTS),
        "border": ({s.border for s in specs}, BORDERS),
        "valign": ({s.valign for s in specs}, VALIGNS),
        "empty": ({s.empty for s in specs}, ("-", "")),
        "margins": ({s.margins for s in specs}, ("3-2-2.5-2.5", "4-3-3-3")),
    }


def _perf_options(perfs: list[Any], pks: list[Any]) -> dict[str, tuple[set[Any], tuple[Any, ...]]]:
    return {
        "perf.header": ({p.header for p in perfs}, HEADER_SHAPES),
        "perf.sasaran": ({p.sasaran for p in perfs}, SASARAN_MODES),
        "perf.percent": ({p.percent for p in perfs}, PERCENT_FORMATS),
        "perf.optional": ({o for p in perfs for o in p.optional}, PERF_OPTIONAL),
        "perf.decimal": ({p.decimal for p in perfs}, (",", ".")),
        "pk.sasaran": ({p.sasaran for p in pks}, SASARAN_MODES),
    }


def _budget_options(budgets: list[Any]) -> dict[str, tuple[set[Any], tuple[Any, ...]]]:
    return {
        "budget.header": ({b.header for b in budgets}, HEADER_SHAPES),
        "budget.amount": ({b.amount for b in budgets}, AMOUNT_FORMATS),
        "budget.percent": ({b.percent for b in budgets}, PERCENT_FORMATS),
        "budget.optional": ({o for b in budgets for o in b.optional}, BUDGET_OPTIONAL),
        "budget.kind": ({b.kind for b in budgets}, BUDGET_KINDS),
        "budget.depth": ({b.depth for b in budgets if b.kind == "program"}, BUDGET_DEPTHS),
        "budget.code": ({b.code for b in budgets}, CODE_MODES),
    }


def test_every_layout_option_is_reachable() -> None:
    specs = [draw_spec(s) for s in range(400)]
    perfs = [s.perf for s in specs]
    pks = [s.pk for s in specs if s.pk]
    budgets = [b for s in specs for b in s.budgets]
    expect = {**_page_options(specs), **_perf_options(perfs, pks), **_budget_options(budgets)}
    for name, (seen, options) in expect.items():
        assert seen == set(options), f"{name}: never drawn {set(options) - seen}"
    assert {len(s.budgets) for s in specs} == {1, 2}
    assert {s.pk is None for s in specs} == {True, False}
    assert {s.font_size for s in specs} >= {8.0, 11.0}


@pytest.mark.parametrize("kind", ["spec", "perf", "pk", "budget"])
def test_every_boolean_layout_switch_takes_both_values(kind: str) -> None:
    specs = [draw_spec(s) for s in range(400)]
    objs = {
        "spec": specs,
        "perf": [s.perf for s in specs],
        "pk": [s.pk for s in specs if s.pk],
        "budget": [b for s in specs for b in s.budgets],
    }[kind]
    for f in fields(objs[0]):
        values = {getattr(o, f.name) for o in objs}
        if isinstance(next(iter(values)), bool):
            assert values == {True, False}, f"{type(objs[0]).__name__}.{f.name} is always {values}"


def _number(raw: str, decimal: str) -> float | str:
    """Read a printed cell back independently of the generator: Rp, ',-', units and % removed."""
    text = re.sub(r"^Rp\.?\s*", "", raw.strip())
    text = re.sub(r",-$", "", text)
    text = re.sub(r"\s*%$", "", text)
    text = re.sub(r"\s+[A-Za-z]+$", "", text)
    if not re.fullmatch(r"-?[\d.,]+", text):
        return text  # a grade or an opinion
    thousands = "," if decimal == "." else "."
    return float(text.replace(thousands, "").replace(decimal, "."))


def _page_text(pdf: Path) -> str:
    with pdfplumber.open(pdf) as doc:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in doc.pages)


def _check_printed(data: dict[str, Any], text: str) -> None:
    layout = data["layout"]
    perf_decimal = layout["perf"]["decimal"]
    budget_decimals = {}
    for spec, t in zip(layout["budgets"], [t for t in data["tables"] if t["kind"] == "budget"], strict=True):
        budget_decimals[t["caption"]] = budget_decimal(spec["amount"])
    rows = [(r, perf_decimal) for r in (*data["performance"], *data["agreement"])]
    rows += [(r, budget_decimals[r["table"]]) for r in data["budget"]]
    checked = 0
    for row, decimal in rows:
        for field, raw in row["raw"].items():
            value = row[field]
            if value is None:
                assert raw in ("", "-"), (field, raw)
                continue
            assert raw in text, (
                f"{raw!r} ({field} of {row.get('indicator') or row.get('name')!r}) not printed"
            )
            read = _number(raw, decimal)
            assert read == value or (isinstance(read, float) and abs(read - float(value)) < 1e-9), (
                raw,
                value,
            )
            checked += 1
    for other in data["other_years"]:
        assert other["raw"] in text, other
        decimal = budget_decimals[other["table"]] if other["kind"] == "budget" else perf_decimal
        read = _number(other["raw"], decimal)
        assert read == other["value"] or abs(float(read) - float(other["value"])) < 1e-9, other
    assert checked > 20


@pytest.mark.parametrize("seed", SEEDS)
def test_truth_values_are_the_printed_ones(tmp_path: Path, seed: int) -> None:
    made = generate(seed, "pdf", tmp_path)[0]
    data = json.loads(made.truth.read_text(encoding="utf-8"))
    _check_printed(data, _page_text(made.pdf))


@pytest.mark.parametrize("seed", SEEDS)
def test_truth_is_arithmetically_consistent(seed: int) -> None:
    data = truth(plan(seed), source="x.pdf", path="pdf")
    assert 8 <= len(data["performance"]) <= 25
    for row in data["performance"]:
        t, r, c = row["target"], row["realisasi"], row["capaian"]
        if c is not None and isinstance(t, int | float) and isinstance(r, int | float):
            assert c == percent_of(r, t)
    for caption in {b["table"] for b in data["budget"]}:
        rows = [b for b in data["budget"] if b["table"] == caption]
        assert 5 <= len(rows) <= 32
        for b in rows:
            assert b["persen"] == percent_of(b["realisasi"], b["pagu"])
        total = next(b for b in rows if b["level"] == "total")
        top_level = {"program"} if any(b["level"] == "program" for b in rows) else None
        tops = [b for b in rows if b["level"] != "total" and (top_level is None or b["level"] in top_level)]
        if top_level or all(b["level"] in ("ro",) for b in tops):
            assert total["pagu"] == sum(b["pagu"] for b in tops)
    years = {o["year"] for o in data["other_years"]}
    assert data["satker"]["year"] not in years


def test_scores_read_the_truth_directly(tmp_path: Path) -> None:
    from extractor import extract
    from extractor.evaluate import score_budget, score_budget_report_year, score_indicators, score_other_years

    seed = next(
        s
        for s in range(1000, 1100)
        if "prior" in draw_spec(s).perf.optional and any("prior" in b.optional for b in draw_spec(s).budgets)
    )
    made = generate(seed, "pdf", tmp_path)[0]
    data = json.loads(made.truth.read_text(encoding="utf-8"))
    doc = extract(made.pdf)
    assert score_indicators(doc, data).gold == len(data["performance"])
    assert score_budget(doc, data).gold == len(data["budget"])
    report_year = score_budget_report_year(doc, data)
    assert report_year.extracted == sum(1 for b in doc.budget if b.year in (data["satker"]["year"], None))
    other = score_other_years(doc, data)
    assert other.gold == len(data["other_years"]) > 0
    assert 0 <= other.right <= other.gold


def test_scan_option_writes_a_scan_with_the_same_truth(tmp_path: Path) -> None:
    made = generate(3, "pdf", tmp_path, scan=True)
    scan = next(g for g in made if g.scan)
    data = json.loads(scan.truth.read_text(encoding="utf-8"))
    original = json.loads(made[0].truth.read_text(encoding="utf-8"))
    assert scan.pdf.name == "layout_00003_pdf_scan.pdf" and scan.pdf.exists()
    assert 150 <= data["scan"]["dpi"] <= 200
    assert data["performance"] == original["performance"] and data["budget"] == original["budget"]


def test_docx_path_converts_with_libreoffice(tmp_path: Path) -> None:
    assert shutil.which("soffice") or shutil.which("libreoffice"), (
        "LibreOffice is required: apt-get install -y libreoffice-writer-nogui"
    )
    seed = next(
        s for s in range(1000, 1100) if draw_spec(s).perf.header != "flat" and draw_spec(s).repeat_header
    )
    made = generate(seed, "docx", tmp_path)[0]
    assert made.pdf.exists() and made.pdf.with_suffix(".docx").exists()
    xml = zipfile.ZipFile(made.pdf.with_suffix(".docx")).read("word/document.xml").decode("utf-8")
    assert "<w:tblHeader/>" in xml and "w:gridSpan" in xml and "w:vMerge" in xml
    data = json.loads(made.truth.read_text(encoding="utf-8"))
    assert data["path"] == "docx"
    text = _page_text(made.pdf)
    assert data["satker"]["name"].upper().replace("KPU ", "KOMISI PEMILIHAN UMUM ") in text
    _check_printed(data, text)


def test_html_path_prints_with_chromium(tmp_path: Path) -> None:
    """The web producer: spans, a repeated ``<thead>``, every truth value printed in the PDF."""
    from samples.layouts.html import chromium

    assert chromium()
    seed = next(
        s for s in range(1000, 1100) if draw_spec(s).perf.header != "flat" and draw_spec(s).repeat_header
    )
    made = generate(seed, "html", tmp_path)[0]
    page = made.pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert "<thead>" in page and "colspan=" in page and "rowspan=" in page
    with pdfplumber.open(made.pdf) as doc:
        assert "Skia" in (doc.metadata.get("Producer") or "")
    data = json.loads(made.truth.read_text(encoding="utf-8"))
    assert data["path"] == "html"
    _check_printed(data, _page_text(made.pdf))
