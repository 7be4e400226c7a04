"""The auditor's HTML report: self-contained, escaped, well-formed, and showing every flag."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from extractor.audit import order
from extractor.models import BBox, Document, Flag, Method, Provenance, Satker, Source
from extractor.output.audit_page import render_audit_page
from extractor.pipeline import extract
from tests.conftest import ROOT


class _Collector(HTMLParser):
    """Tags, attributes and text of a page, and whether every opened element was closed."""

    VOID = frozenset({"meta", "br", "img", "link", "hr", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _document() -> Document:
    def prov(line: int, table: int | None = 3, page: int | None = 12) -> Provenance:
        return Provenance("lakip.pdf", page, line, BBox(1, 2, 3, 4), Method.PDF_RULED, table)

    flags = (
        Flag(
            "persen_mismatch",
            "error",
            "Printed 99,95% but realisasi/pagu = 33.775.000 / 33.801.000 = 99,92%.",
            (prov(1922), prov(1923)),
            {"printed": 99.95, "computed": 99.9231},
        ),
        Flag(
            "text_vs_table",
            "warning",
            "Text says <script>alert('x')</script> & 'semua target terpenuhi' at https://example.org/x",
            (Provenance("lakip.pdf", None, 68, None, Method.NARRATIVE),),
            {"stated": "semua"},
        ),
        Flag(
            "foreign_satker",
            "info",
            "'KPU Kabupaten Lebong' is mentioned 2 time(s).",
            (prov(5, None, 1),),
            {},
        ),
        Flag(
            "overspend",
            "warning",
            "Realisasi exceeds pagu.",
            tuple(prov(100 + i) for i in range(30)),
            {"excess": 5},
        ),
    )
    return Document(
        source=Source("lakip.pdf", "ab" * 32, 40, "pdf"),
        satker=Satker("KPU Kota Prabumulih", "kota", "Prabumulih", "Sumatera Selatan", 2024),
        indicators=(),
        budget=(),
        flags=flags,
        errors=(),
    )


def _parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    collector.close()
    return collector


def test_report_is_well_formed_and_self_contained() -> None:
    page = render_audit_page(_document())
    parsed = _parse(page)
    assert parsed.errors == [] and parsed.stack == []
    assert "link" not in parsed.tags and "iframe" not in parsed.tags
    external = [v for k, v in parsed.attrs if k in ("href", "src", "srcset", "action") and v and not v.startswith("#")]
    assert external == []  # only in-page anchors
    assert "url(" not in page and "@import" not in page and "http" not in page.replace("https://example.org/x", "")


def test_report_shows_header_counts_flags_and_summary_in_indonesian() -> None:
    page = render_audit_page(_document())
    text = " ".join(_parse(page).text)
    for needle in ("KPU Kota Prabumulih", "2024", "lakip.pdf", "Sumatera Selatan", "Daftar isi", "Ringkasan"):
        assert needle in text
    assert "Temuan (4)" in text and "galat" in text and "peringatan" in text
    assert "Printed 99,95% but realisasi/pagu = 33.775.000 / 33.801.000 = 99,92%." in text
    assert "hal. 12 baris 1922 (tabel 3)" in text and "baris 68" in text
    assert "99,92%" in text and "99,95%" in text  # printed vs computed, Indonesian decimals
    assert "dan 5 sel lain" in text  # 30 cited cells, 25 shown
    for code in ("persen_mismatch", "text_vs_table", "foreign_satker", "overspend"):
        assert f'data-code="{code}"' in page
    order = [page.index(f'data-code="{c}" ') for c in ("persen_mismatch", "overspend", "foreign_satker")]
    assert order == sorted(order)  # errors, then warnings, then info
    assert 'type="checkbox" class="sev" value="error"' in page and '<select id="check">' in page


def test_report_in_english() -> None:
    text = " ".join(_parse(render_audit_page(_document(), lang="en")).text)
    assert "Contents" in text and "Flags (4)" in text and "page 12 line 1922 (table 3)" in text


def test_report_escapes_report_text() -> None:
    page = render_audit_page(_document())
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_report_without_flags_says_so() -> None:
    doc = _document()
    empty = Document(doc.source, doc.satker, (), (), (), ())
    page = render_audit_page(empty, lang="en")
    assert "No checks raised a flag." in page and not _parse(page).errors


def test_flagged_cells_of_the_extracted_tables_are_marked_and_linked(seed_dir: Path) -> None:
    doc = extract(seed_dir / "002_71f42d07af92d301.txt")
    page = render_audit_page(doc)
    persen = next(n for n, f in enumerate(sorted(doc.flags, key=order)) if f.code == "persen_mismatch")
    assert f'<a href="#flag-{persen + 1}">' in page  # the flagged cell links to its flag
    assert 'class="num flagged error"' in page
    assert "Tabel anggaran hasil ekstraksi" in page and "Tabel kinerja hasil ekstraksi" in page


def test_each_flag_shows_the_crop_of_its_page_when_the_report_is_there() -> None:
    pdf = ROOT / "samples" / "pdf" / "002_71f42d07af92d301_ruled_defects.pdf"
    doc = extract(pdf)
    with_images, without = render_audit_page(doc, pdf), render_audit_page(doc)
    assert with_images.count('<img src="data:image/png;base64,') >= 20
    assert "<img" not in without
