"""The auditor's HTML report: self-contained, escaped, well-formed, and showing every flag."""

from __future__ import annotations

from html.parser import HTMLParser

from extractor.models import BBox, Document, Flag, Method, Provenance, Satker, Source
from extractor.output.audit_page import location, render_html


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
    page = render_html(_document())
    parsed = _parse(page)
    assert parsed.errors == [] and parsed.stack == []
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert not [v for k, v in parsed.attrs if k in ("href", "src", "srcset", "action")]
    assert "style" in parsed.tags and "url(" not in page and "@import" not in page


def test_report_shows_header_counts_flags_and_summary() -> None:
    page = render_html(_document())
    text = " ".join(_parse(page).text)
    for needle in ("KPU Kota Prabumulih", "2024", "lakip.pdf", "Sumatera Selatan"):
        assert needle in text
    assert "Error (1)" in text and "Warning (2)" in text and "Info (1)" in text
    assert "Printed 99,95% but realisasi/pagu = 33.775.000 / 33.801.000 = 99,92%." in text
    assert "check page 12 line 1922 (table 3)" in text and "check line 68" in text
    assert '"computed": 99.9231' in text
    assert "and 5 more cells" in text  # 30 cited cells, 25 shown
    for code in ("persen_mismatch", "text_vs_table", "foreign_satker", "overspend"):
        assert code in text
    error, warning, info = (page.index(f'<section id="{s}">') for s in ("error", "warning", "info"))
    assert (
        error
        < page.rindex("persen_mismatch")
        < warning
        < page.rindex("overspend")
        < info
        < page.rindex("foreign_satker")
    )


def test_report_escapes_report_text() -> None:
    page = render_html(_document())
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Text says <script>alert('x')</script> & 'semua" in " ".join(_parse(page).text)


def test_report_without_flags_says_so() -> None:
    doc = _document()
    empty = Document(doc.source, doc.satker, (), (), (), ())
    text = " ".join(_parse(render_html(empty)).text)
    assert "No checks raised a flag." in text and "No error flags." in text


def test_location_leaves_out_what_is_unknown() -> None:
    assert location(Provenance("f", 3, None, None, Method.OCR_STREAM, None)) == "check page 3 [ocr-stream]"
    assert (
        location(Provenance("f", None, 7, None, Method.TEXT_LINES, 2))
        == "check line 7 (table 2) [text-lines]"
    )
