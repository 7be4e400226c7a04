"""Issue 5 acceptance, measured end to end through ``extractor.pipeline.extract``.

1. Recall of the gold inconsistencies of the three seed text dumps: a gold item is found when a
   flag of the same code cites a line within ±3 of the gold line. Misses are split into those the
   extraction causes (the records or narrative line a check needs are absent or misread) and those
   the audit rules cause.
2. No false flags on the generated clean PDFs. A flag is true only when the truth file (what was
   printed) bears it out: an arithmetic anomaly the generator lists, a roll-up that does not add up
   in the printed rows, a PK/performance row the other table really lacks, a value that really
   differs between the places cited. Everything else of severity error or warning is false.
3. Every defect planted by ``samples.generate`` is flagged with the right code on the right page,
   for the committed defects PDF and for defect PDFs generated here for every gold file and style.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz

from extractor.glyphs import normalise_text
from extractor.models import BBox, Document, Flag, Method, Provenance
from extractor.pipeline import extract
from tests.conftest import ROOT

GOLD = ROOT / "samples" / "gold"
PDFS = ROOT / "samples" / "pdf"
STEMS = ("000_473ae7671d36c3fd", "002_71f42d07af92d301", "003_c112caca8715f4b7")
KINDS = ("persen_mismatch", "capaian_mismatch", "total_mismatch", "text_vs_table", "foreign_satker")
MIN_RECALL = 0.8  # issue 5: recall over the five kinds together
MIN_KIND_RECALL = 0.7  # and no single kind far behind (text_vs_table is the hardest)
# The generator calls a PK indicator left out of the capaian table "target_missing"; the audit code
# for "an agreement indicator never reported" is realisasi_missing (target_missing is the reverse).
AUDIT_CODE = {"target_missing": "realisasi_missing"}
SERIOUS = ("error", "warning")


@cache
def extracted(path: str) -> Document:
    return extract(path)


def gold_of(stem: str) -> dict[str, Any]:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


def lines_of(flag: Flag) -> list[int]:
    return [p.line for p in flag.provenance if p.line is not None]


def pages_of(flag: Flag) -> set[int]:
    return {p.page for p in flag.provenance if p.page is not None}


def norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", normalise_text(text).lower()))


def same_label(a: str, b: str, satker: str = "") -> bool:
    """The same printed label, up to case, punctuation, word order and the unit's own name."""
    drop = set(norm(satker).split()) | {"kpu"}
    a, b = (" ".join(w for w in norm(x).split() if w not in drop) for x in (a, b))
    return fuzz.token_sort_ratio(a, b) >= 90


def close(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) < 0.011
    return a is not None and str(a).strip().upper() == str(b).strip().upper()


# ----------------------------------------------------------------------------- 1. seed recall


@dataclass(frozen=True)
class Item:
    """One gold inconsistency and how the pipeline fared on it."""

    stem: str
    kind: str
    line: int
    detail: str
    found: bool  # a flag of the same code cites a line within ±3 (the definition)
    stated: bool  # ... and that flag's first cited cell, the figure it is about, is within ±3
    extracted: bool  # the records / narrative line the check needs were extracted right

    @property
    def cause(self) -> str:
        return "found" if self.found else ("audit rule" if self.extracted else "extraction")


def _rows_near(rows: Iterable[dict[str, Any]], line: int) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("line") is not None and abs(r["line"] - line) <= 3]


def _cells_near(doc: Document, line: int) -> list[tuple[str, Any]]:
    """(field, value) of every extracted cell printed within ±3 lines of ``line``."""
    cells = [
        (f, c)
        for rec in (*doc.budget, *doc.indicators)
        for f in ("pagu", "realisasi", "persen", "target", "capaian")
        if (c := getattr(rec, f, None)) is not None
    ]
    return [
        (f, c.value) for f, c in cells if c.provenance.line is not None and abs(c.provenance.line - line) <= 3
    ]


def was_extracted(kind: str, line: int, doc: Document, gold: dict[str, Any]) -> bool:
    """Whether what a check needs for this gold item reached the audit intact.

    Table kinds need the gold row(s) near the line with every printed value read right; narrative
    kinds need the seed line among the document's narrative lines (not swallowed by a table).
    """
    if kind in ("text_vs_table", "foreign_satker"):
        return any(t.line == line and t.text.strip() for t in doc.narrative)
    source = gold["performance"] if kind == "capaian_mismatch" else gold["budget"]
    fields = (
        ("target", "realisasi", "capaian") if kind == "capaian_mismatch" else ("pagu", "realisasi", "persen")
    )
    rows = _rows_near(source, line)
    cells = _cells_near(doc, line)
    return bool(rows) and all(
        any(f == field and close(v, row[field]) for f, v in cells)
        for row in rows
        for field in fields
        if row.get(field) is not None
    )


@cache
def seed_items(seeds: Path) -> tuple[Item, ...]:
    items = []
    for stem in STEMS:
        gold, doc = gold_of(stem), extracted(str(seeds / f"{stem}.txt"))
        for inc in gold["inconsistencies"]:
            if inc["kind"] not in KINDS:
                continue
            same = [f for f in doc.flags if f.code == inc["kind"]]
            near = [f for f in same if any(abs(x - inc["line"]) <= 3 for x in lines_of(f))]
            stated = any(lines_of(f) and abs(lines_of(f)[0] - inc["line"]) <= 3 for f in near)
            ok = was_extracted(inc["kind"], inc["line"], doc, gold)
            items.append(Item(stem, inc["kind"], inc["line"], inc["detail"], bool(near), stated, ok))
    return tuple(items)


def recall_table(items: Sequence[Item]) -> str:
    rows = []
    for kind in KINDS:
        for stem in (*STEMS, "all"):
            mine = [i for i in items if i.kind == kind and stem in ("all", i.stem)]
            if mine:
                got = sum(i.found for i in mine)
                ext = [i for i in mine if i.extracted]
                rows.append(
                    f"{kind:17} {stem[:3]:4} found {got}/{len(mine)}"
                    f"  (statement cited {sum(i.stated for i in mine)}; "
                    f"audit on extracted {sum(i.found for i in ext)}/{len(ext)})"
                )
    misses = [
        f"  MISS [{i.cause}] {i.stem[:3]} {i.kind} {i.line}: {i.detail[:90]}" for i in items if not i.found
    ]
    return "\n".join(rows + misses)


@pytest.fixture(scope="module")
def items(seed_dir: Path) -> tuple[Item, ...]:
    result = seed_items(seed_dir)
    print("\n" + recall_table(result))
    return result


@pytest.mark.slow
def test_seed_recall(items: tuple[Item, ...]) -> None:
    """≥ 80% of the gold inconsistencies of the five kinds are flagged end to end."""
    assert sum(i.found for i in items) >= MIN_RECALL * len(items), recall_table(items)


@pytest.mark.slow
def test_audit_rules_find_what_extraction_delivers(items: tuple[Item, ...]) -> None:
    """Of the items whose records were extracted right, the audit rules find ≥ 80% overall and
    ≥ 70% of each kind, so what is left is mostly the extraction's to fix."""
    extracted = [i for i in items if i.extracted]
    assert sum(i.found for i in extracted) >= MIN_RECALL * len(extracted), recall_table(items)
    for kind in KINDS:
        mine = [i for i in extracted if i.kind == kind]
        if mine:
            assert sum(i.found for i in mine) >= MIN_KIND_RECALL * len(mine), recall_table(items)


# ----------------------------------------------------------------------------- 2. false flags


def truth_of(pdf: Path) -> dict[str, Any]:
    return json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))


def _overlaps(prov: Provenance, row: dict[str, Any]) -> bool:
    """A cited cell lies on the truth row: same page, overlapping vertical extent."""
    if prov.page != row.get("page") or prov.bbox is None or not row.get("bbox"):
        return False
    top, bottom = row["bbox"][1], row["bbox"][3]
    return prov.bbox.top <= bottom + 1 and prov.bbox.bottom >= top - 1


def cited_rows(flag: Flag, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if any(_overlaps(p, r) for p in flag.provenance)]


_RANK = {"program": 1, "kegiatan": 2, "kro": 3, "ro": 4}


def _child_sums(rows: Sequence[dict[str, Any]], i: int, field: str) -> list[int]:
    """Sums of ``field`` over each natural child set of row ``i`` in its printed table: for a total,
    every level since the previous total; for a program/kegiatan, each lower level up to the next
    row of its own level or above."""
    parent = rows[i]
    if parent["level"] == "total":
        start = max((j for j in range(i) if rows[j]["level"] == "total"), default=-1) + 1
        scope = rows[start:i]
        levels = {r["level"] for r in scope}
    else:
        rank = _RANK.get(parent["level"], 9)
        scope = []
        for r in rows[i + 1 :]:
            if r["level"] == "total" or _RANK.get(r["level"], 9) <= rank:
                break
            scope.append(r)
        levels = {r["level"] for r in scope}
    sums = []
    for level in levels:
        values = [r[field] for r in scope if r["level"] == level]
        if None not in values:
            sums.append(sum(values))
    if parent["level"] == "total":  # the programs plus rows that sit under no program, and so on
        roots, seen = [], 9
        for r in scope:
            rank = _RANK.get(r["level"], 9)
            if rank <= seen:
                roots.append(r)
                seen = rank
        if None not in (values := [r[field] for r in roots]):
            sums.append(sum(values))
    return sums


def total_is_real(flag: Flag, truth: dict[str, Any]) -> bool:
    """The printed parent equals no natural child sum of its printed table (truth rows)."""
    for field in ("pagu", "realisasi"):
        claim = flag.values.get(field)
        if not isinstance(claim, dict):
            continue
        for row in cited_rows(flag, truth["budget"]):
            if not close(row.get(field), claim["printed"]):
                continue
            table = [r for r in truth["budget"] if r["gold_table"] == row["gold_table"]]
            i = next(k for k, r in enumerate(table) if r is row)
            if all(not close(s, claim["printed"]) for s in _child_sums(table, i, field)):
                return True
    return False


def conflict_is_real(flag: Flag, truth: dict[str, Any]) -> bool:
    """The cited rows print at least two different values of the field."""
    field = str(flag.values.get("field"))
    rows = cited_rows(flag, [*truth["budget"], *truth["performance"], *truth["agreement"]])
    printed = {json.dumps(r.get(field)) for r in rows if r.get(field) is not None}
    return len(printed) >= 2


def _same_defect(code: str, v: Mapping[str, Any], a: dict[str, Any]) -> bool:
    """The flag's values name the anomaly's or planted defect's values."""
    if code in ("persen_mismatch", "capaian_mismatch"):
        kind = "persen" if code == "persen_mismatch" else "capaian"
        return close(v.get("printed"), a.get("printed", a.get(f"printed_{kind}")))
    if code == "overspend":
        return close(v.get("realisasi"), a.get("realisasi", a.get("printed_realisasi")))
    if code == "duplicate_conflict":
        return same_label(str(v.get("label", "")), a["indicator"])
    if code == "realisasi_missing":
        return same_label(str(v.get("indicator", "")), a["indicator"])
    if code == "total_mismatch":
        return close((v.get(a.get("field", "pagu")) or {}).get("printed"), a["printed_total"])
    if code == "text_vs_table":
        return close(v.get("stated"), a["stated"])
    if code == "foreign_satker":
        return norm(str(v.get("region", ""))) in norm(a["printed"])
    return code == "year_mismatch" and v.get("table_year") == a["caption_year"]


def anomaly_backs(flag: Flag, truth: dict[str, Any]) -> bool:
    """An inconsistency the generator lists (arithmetic on the printed rows, planted or not) on a
    page the flag cites, with the flag's values."""
    return any(
        AUDIT_CODE.get(a["kind"], a["kind"]) == flag.code
        and {a["page"], *a.get("pages", [])} & pages_of(flag)
        and _same_defect(flag.code, flag.values, a)
        for a in (*truth.get("anomalies", []), *truth.get("defects", []))
    )


def missing_is_real(flag: Flag, truth: dict[str, Any]) -> bool:
    """realisasi_missing: no printed performance row for the PK indicator; target_missing: no printed
    PK row with a target for the reported indicator."""
    label, satker = str(flag.values.get("indicator", "")), truth["satker"]["name"]
    if flag.code == "realisasi_missing":
        return not any(same_label(label, r["indicator"], satker) for r in truth["performance"])
    return not any(
        same_label(label, r["indicator"], satker) and r["target"] is not None for r in truth["agreement"]
    )


def implausible_is_real(flag: Flag, truth: dict[str, Any]) -> bool:
    """A cited printed performance row with a text target against a figure, or a realisasi above
    the flag's bound times the target."""
    for row in cited_rows(flag, truth["performance"]):
        target, real = row.get("target"), row.get("realisasi")
        if isinstance(target, str) and isinstance(real, int | float):
            return True
        numbers = isinstance(target, int | float) and isinstance(real, int | float) and target > 0
        if numbers and real * 100 / target > float(flag.values.get("bound", 0)):
            return True
    return False


def claim_is_real(flag: Flag, truth: dict[str, Any]) -> bool:
    """A printed absorption sentence on a cited page whose stated % is not its realisasi / pagu."""
    for item in truth["narrative"]:
        if item.get("kind") != "budget_absorption" or item.get("page") not in pages_of(flag):
            continue
        ratio = item["realisasi"] * 100 / item["pagu"]
        if close(item["stated"], flag.values.get("stated")) and abs(item["stated"] - ratio) > 0.011:
            return True
    return False


def is_true_flag(flag: Flag, truth: dict[str, Any]) -> bool:
    if anomaly_backs(flag, truth):
        return True
    if flag.code == "claim_arithmetic":
        return claim_is_real(flag, truth)
    if flag.code == "implausible_capaian":
        return implausible_is_real(flag, truth)
    if flag.code == "total_mismatch":
        return total_is_real(flag, truth)
    if flag.code == "duplicate_conflict":
        return conflict_is_real(flag, truth)
    if flag.code in ("realisasi_missing", "target_missing"):
        return missing_is_real(flag, truth)
    return False


def clean_pdfs() -> list[Path]:
    return sorted(p for p in PDFS.glob("*.pdf") if p.stem.endswith(("_ruled", "_borderless")))


def false_flags(pdf: Path) -> list[Flag]:
    doc, truth = extracted(str(pdf)), truth_of(pdf)
    return [f for f in doc.flags if f.severity in SERIOUS and not is_true_flag(f, truth)]


def describe(flags: Iterable[Flag]) -> str:
    return "\n".join(f"  {f.severity} {f.code} pages {sorted(pages_of(f))}: {f.message[:200]}" for f in flags)


@pytest.mark.parametrize("pdf", clean_pdfs(), ids=lambda p: p.stem)
def test_no_false_flags_on_clean_generated_reports(pdf: Path) -> None:
    doc = extracted(str(pdf))
    wrong = false_flags(pdf)
    info = Counter(f.code for f in doc.flags if f.severity == "info")
    print(f"\n{pdf.name}: {len(doc.flags)} flags, {len(wrong)} false; info {dict(info)}")
    assert not wrong, describe(wrong)


def test_every_generator_anomaly_is_flagged() -> None:
    """The real inconsistencies the clean PDFs reproduce (truth ``anomalies``) are all flagged."""
    for pdf in clean_pdfs():
        doc, truth = extracted(str(pdf)), truth_of(pdf)
        for a in truth["anomalies"]:
            one = {**truth, "anomalies": [a], "defects": []}
            assert any(anomaly_backs(f, one) for f in doc.flags), f"{pdf.name}: {a}"


def _truth_row(level: str, pagu: int, top: float, **extra: Any) -> dict[str, Any]:
    row = {"gold_table": "t", "level": level, "pagu": pagu, "realisasi": None, "page": 1}
    return {**row, "bbox": [100.0, top, 300.0, top + 10], **extra}


def _cell(top: float) -> Provenance:
    return Provenance("x.pdf", 1, 1, BBox(320, top + 1, 380, top + 9), Method.PDF_RULED, 0)


def test_the_oracle_judges_claims_by_the_printed_rows() -> None:
    """Claims the printed rows bear are true, the others false, so the clean-PDF test can fail."""
    rows = [
        _truth_row("program", 300, 10),
        _truth_row("kegiatan", 100, 30),
        _truth_row("kegiatan", 200, 50),
        _truth_row("total", 300, 70),
    ]
    truth: dict[str, Any] = {
        "budget": rows,
        "performance": [],
        "agreement": [],
        "anomalies": [],
        "defects": [],
    }
    truth["satker"] = {"name": "KPU Kota Prabumulih"}

    def total(top: float, printed: int) -> Flag:
        values = {"pagu": {"printed": printed, "sum": 0, "difference": printed}}
        return Flag("total_mismatch", "error", "x", (_cell(top),), values)

    assert not is_true_flag(total(10, 300), truth)  # the program is its kegiatan's sum
    assert not is_true_flag(total(70, 300), truth)  # the total is the programs' sum
    assert is_true_flag(total(10, 350), {**truth, "budget": [{**rows[0], "pagu": 350}, *rows[1:]]})
    twice = Flag("duplicate_conflict", "warning", "x", (_cell(10), _cell(70)), {"field": "pagu"})
    assert not is_true_flag(twice, truth)  # both cells print 300
    assert is_true_flag(
        Flag("duplicate_conflict", "warning", "x", (_cell(10), _cell(30)), {"field": "pagu"}), truth
    )
    indicator = {"indicator": "Nilai Akuntabilitas Kinerja KPU Kota Prabumulih", "target": "B"}
    reported = {**truth, "performance": [indicator], "agreement": [indicator]}
    for code in ("realisasi_missing", "target_missing"):
        flag = Flag(code, "warning", "x", (), {"indicator": "Nilai Akuntabilitas Kinerja"})
        assert not is_true_flag(flag, reported) and is_true_flag(flag, truth)
    evaluasi = {**indicator, "indicator": "Nilai Evaluasi atas Akuntabilitas Kinerja"}
    assert is_true_flag(flag, {**reported, "agreement": [evaluasi]})  # another catalogue indicator
    assert not is_true_flag(Flag("text_vs_table", "warning", "x", (_cell(10),), {"stated": 1.0}), truth)
    row = {**_truth_row("x", 0, 10), "target": 1, "realisasi": 100}
    implausible = Flag("implausible_capaian", "warning", "x", (_cell(10),), {"bound": 1000.0})
    assert is_true_flag(implausible, {**truth, "performance": [row]})
    assert not is_true_flag(implausible, {**truth, "performance": [{**row, "target": 90, "realisasi": 95}]})
    said = {"kind": "budget_absorption", "stated": 99.42, "pagu": 1000, "realisasi": 997, "page": 1}
    claim = Flag("claim_arithmetic", "warning", "x", (_cell(10),), {"stated": 99.42})
    assert is_true_flag(claim, {**truth, "narrative": [said]})
    assert not is_true_flag(claim, {**truth, "narrative": [{**said, "realisasi": 9942, "pagu": 10000}]})


# ----------------------------------------------------------------------------- 3. planted defects


def defect_found(defect: dict[str, Any], flags: Sequence[Flag]) -> bool:
    one = {"anomalies": [], "defects": [defect]}
    return any(anomaly_backs(f, one) for f in flags)


def assert_defects_flagged(pdf: Path, truth: dict[str, Any]) -> None:
    doc = extracted(str(pdf))
    kinds = Counter(d["kind"] for d in truth["defects"])
    missed = [d for d in truth["defects"] if not defect_found(d, doc.flags)]
    print(f"\n{pdf.name}: {len(truth['defects'])} planted ({dict(kinds)}), missed {len(missed)}")
    assert truth["defects"], "no defect planted"
    assert not missed, "\n".join(json.dumps(d, ensure_ascii=False)[:300] for d in missed)
    # a planted absorption sentence states pagu, realisasi and a % that does not follow from them
    said = [d for d in truth["defects"] if d["kind"] == "text_vs_table" and d.get("pagu")]
    claims = [f for f in doc.flags if f.code == "claim_arithmetic"]
    unseen = [
        d
        for d in said
        if not any(close(f.values["stated"], d["stated"]) and d["page"] in pages_of(f) for f in claims)
    ]
    assert not unseen, f"claim_arithmetic missed {unseen}"


def test_committed_defects_pdf_flags_every_planted_defect() -> None:
    pdf = PDFS / "002_71f42d07af92d301_ruled_defects.pdf"
    assert_defects_flagged(pdf, truth_of(pdf))


@pytest.mark.slow
@pytest.mark.parametrize("style", ["ruled", "borderless"])
@pytest.mark.parametrize("stem", STEMS)
def test_generated_defects_pdfs_flag_every_planted_defect(tmp_path: Path, stem: str, style: str) -> None:
    from samples.generate import render_report

    pdf = tmp_path / f"{stem}_{style}_defects.pdf"
    truth = render_report(gold_of(stem), pdf, style=style, defects=True)  # type: ignore[arg-type]
    assert_defects_flagged(pdf, truth_of(pdf))
    assert {d["kind"] for d in truth.defects} >= {"total_mismatch", "text_vs_table", "year_mismatch"}
