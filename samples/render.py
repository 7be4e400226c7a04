"""Lay a report plan out as a PDF with reportlab, recording where every tracked element landed.

Rows, captions and stated figures are drawn by ``_Tracked`` paragraphs that note their page and
box while drawing, so the truth file holds positions reportlab actually used, not guesses.
"""

from __future__ import annotations

import io
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from samples.content import BudgetTable, PkTable, Plan
from samples.flowables import Emblem, KeepRoomForSplit
from samples.narrative import PaddingPage, Prose
from samples.tables import budget_table, perf_table, pk_table

log = logging.getLogger(__name__)

Style = Literal["ruled", "borderless"]

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 3 * cm, 2 * cm, 2.5 * cm, 2.5 * cm
_FRAME_HEIGHT = A4[1] - MARGIN_TOP - MARGIN_BOTTOM
FONTS = {
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic"),
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
}


@dataclass(frozen=True)
class Layout:
    """Visual choices for one document; seeded so both styles of a report differ only in rules."""

    style: Style
    body_font: str = "Times"
    number_row: bool = False  # "(1) (2) (3)" row under table headers
    empty: str = "-"  # how a null cell prints
    fixed_percent_decimals: bool = False  # budget % always with 2 decimals when exact

    @staticmethod
    def choose(style: Style, seed: int) -> Layout:
        rng = random.Random(seed ^ 0x1A1)
        return Layout(
            style=style,
            body_font=rng.choice(("Times", "Helvetica")),
            number_row=style == "ruled" and rng.random() < 0.5,
            empty=rng.choice(("-", "", "-")),
            fixed_percent_decimals=rng.random() < 0.5,
        )


@dataclass(frozen=True)
class Placement:
    page: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom; points, top-left origin


@dataclass(frozen=True)
class Rendered:
    pages: int
    page_sizes: tuple[tuple[float, float], ...]
    page_labels: tuple[str, ...]  # the number printed in each page's footer ("" on the cover)
    placements: dict[str, Placement]
    captions: dict[str, str]  # caption key -> the caption line as printed


@dataclass
class _State:
    """Filled while reportlab draws; read once the build is over."""

    placements: dict[str, Placement] = field(default_factory=dict)
    sizes: dict[int, tuple[float, float]] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    captions: dict[str, str] = field(default_factory=dict)
    body_start: int | None = None


class _Tracked(Paragraph):
    """A paragraph that records the page and box it is drawn at under ``key``."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, state: _State, **kw: Any) -> None:
        super().__init__(text, style, **kw)
        self._key = key
        self._state = state

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        ax, ay = canvas.absolutePosition(x, y)
        page_h = float(canvas._pagesize[1])
        self._state.placements[self._key] = Placement(
            canvas.getPageNumber(),
            (
                round(ax, 1),
                round(page_h - ay - self.height, 1),
                round(ax + self.width, 1),
                round(page_h - ay, 1),
            ),
        )
        super().drawOn(canvas, x, y, _sW)


class _Doc(BaseDocTemplate):
    def __init__(self, target: str | BinaryIO, plan: Plan, layout: Layout, state: _State) -> None:
        super().__init__(
            target,
            pagesize=A4,
            invariant=1,
            title=f"Laporan Kinerja {plan.names.satker} Tahun {plan.year}",
            author=f"Sekretariat {plan.names.satker}",
            subject="LAKIP sample generated from gold annotations",
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
        )
        self._plan, self._layout, self._state = plan, layout, state
        pw, ph = A4
        lw, lh = landscape(A4)
        portrait_frame = Frame(
            MARGIN_LEFT, MARGIN_BOTTOM, pw - MARGIN_LEFT - MARGIN_RIGHT, ph - MARGIN_TOP - MARGIN_BOTTOM
        )
        land_frame = Frame(
            MARGIN_LEFT, MARGIN_BOTTOM, lw - MARGIN_LEFT - MARGIN_RIGHT, lh - MARGIN_TOP - MARGIN_BOTTOM
        )
        cover_frame = Frame(2 * cm, 2 * cm, pw - 4 * cm, ph - 4 * cm)
        self.addPageTemplates(
            [
                PageTemplate("cover", [cover_frame], onPageEnd=self._cover_decor, pagesize=A4),
                PageTemplate("front", [portrait_frame], onPageEnd=self._decor, pagesize=A4),
                PageTemplate("body", [portrait_frame], onPageEnd=self._decor, pagesize=A4),
                PageTemplate("landscape", [land_frame], onPageEnd=self._decor, pagesize=landscape(A4)),
            ]
        )

    def _cover_decor(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        pw, ph = canvas._pagesize
        canvas.saveState()
        canvas.setLineWidth(3)
        canvas.rect(1.2 * cm, 1.2 * cm, pw - 2.4 * cm, ph - 2.4 * cm)
        canvas.setLineWidth(0.8)
        canvas.rect(1.4 * cm, 1.4 * cm, pw - 2.8 * cm, ph - 2.8 * cm)
        canvas.restoreState()
        page = canvas.getPageNumber()
        self._state.sizes[page] = (float(pw), float(ph))
        self._state.labels[page] = ""

    def _decor(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        page = canvas.getPageNumber()
        pw, ph = (float(v) for v in canvas._pagesize)
        start = self._state.body_start
        label = str(page - start + 1) if start is not None and page >= start else _roman(page - 1)
        regular, _, italic = FONTS[self._layout.body_font]
        canvas.saveState()
        canvas.setFont(italic, 8)
        header = f"Laporan Kinerja {self._plan.names.satker} Tahun {self._plan.year}"
        canvas.drawRightString(pw - MARGIN_RIGHT, ph - 1.5 * cm, header)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_LEFT, ph - 1.62 * cm, pw - MARGIN_RIGHT, ph - 1.62 * cm)
        canvas.setFont(regular, 9)
        canvas.drawCentredString((MARGIN_LEFT + pw - MARGIN_RIGHT) / 2, 1.4 * cm, label)
        canvas.restoreState()
        self._state.sizes[page] = (pw, ph)
        self._state.labels[page] = label


def _roman(n: int) -> str:
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out, n = out + letters, n - value
    return out


class _BodyStart(Flowable):
    """Zero-size marker: from the page it is drawn on, footers count 1, 2, 3 ..."""

    def __init__(self, state: _State) -> None:
        super().__init__()
        self._state = state

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self._state.body_start = self.canv.getPageNumber()


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    title: ParagraphStyle
    chapter: ParagraphStyle
    section: ParagraphStyle
    caption: ParagraphStyle
    bullet: ParagraphStyle
    sign: ParagraphStyle
    cover_big: ParagraphStyle
    cover: ParagraphStyle
    toc: ParagraphStyle

    @staticmethod
    def make(layout: Layout) -> _Styles:
        regular, bold, _ = FONTS[layout.body_font]
        body = ParagraphStyle(
            "body",
            fontName=regular,
            fontSize=11,
            leading=16,
            alignment=TA_JUSTIFY,
            spaceAfter=8,
            firstLineIndent=24,
        )
        return _Styles(
            body=body,
            title=ParagraphStyle(
                "title",
                parent=body,
                fontName=bold,
                fontSize=13,
                leading=18,
                alignment=TA_CENTER,
                spaceAfter=14,
                firstLineIndent=0,
            ),
            chapter=ParagraphStyle(
                "chapter",
                parent=body,
                fontName=bold,
                fontSize=14,
                leading=20,
                alignment=TA_CENTER,
                spaceAfter=16,
                firstLineIndent=0,
            ),
            section=ParagraphStyle(
                "section",
                parent=body,
                fontName=bold,
                fontSize=11.5,
                leading=16,
                alignment=TA_LEFT,
                spaceBefore=8,
                spaceAfter=6,
                firstLineIndent=0,
            ),
            caption=ParagraphStyle(
                "caption",
                parent=body,
                fontName=bold,
                fontSize=10,
                leading=13,
                alignment=TA_CENTER,
                spaceBefore=6,
                spaceAfter=6,
                firstLineIndent=0,
            ),
            bullet=ParagraphStyle(
                "bullet", parent=body, leftIndent=36, bulletIndent=18, firstLineIndent=0, spaceAfter=3
            ),
            sign=ParagraphStyle(
                "sign", parent=body, alignment=TA_LEFT, leftIndent=250, firstLineIndent=0, spaceAfter=2
            ),
            cover_big=ParagraphStyle(
                "cover_big", fontName=bold, fontSize=26, leading=34, alignment=TA_CENTER
            ),
            cover=ParagraphStyle("cover", fontName=bold, fontSize=17, leading=24, alignment=TA_CENTER),
            toc=ParagraphStyle("toc", parent=body, firstLineIndent=0, spaceAfter=0, alignment=TA_LEFT),
        )


@dataclass
class _Story:
    plan: Plan
    prose: Prose
    layout: Layout
    state: _State
    styles: _Styles
    toc_labels: dict[str, str]
    padding: tuple[tuple[PaddingPage, ...], tuple[PaddingPage, ...]]
    flow: list[Flowable] = field(default_factory=list)
    lampiran_no: int = 0
    bab3_no: int = 1

    def p(self, text: str, style: ParagraphStyle | None = None, key: str | None = None, **kw: Any) -> None:
        style = style or self.styles.body
        para = (
            _Tracked(escape(text), style, key, self.state, **kw)
            if key
            else Paragraph(escape(text), style, **kw)
        )
        self.flow.append(para)

    def chapter(self, key: str, number: str, title: str) -> None:
        self.flow += [NextPageTemplate("body"), PageBreak()]
        text = f"{number}<br/>{escape(title)}" if title else number
        self.flow.append(_Tracked(text, self.styles.chapter, key, self.state))

    def caption(self, text: str, key: str) -> None:
        self.state.captions[key] = text
        self.flow.append(CondPageBreak(110))
        self.p(text, self.styles.caption, key=key)

    def paras(self, texts: Sequence[str]) -> None:
        for text in texts:
            self.p(text)


def _front_matter(s: _Story) -> None:
    plan, prose, st = s.plan, s.prose, s.styles
    s.flow.append(Spacer(1, 40))
    s.p("LAPORAN KINERJA", st.cover_big)
    s.p("INSTANSI PEMERINTAH (LKjIP)", st.cover)
    s.flow += [Spacer(1, 60), Emblem(), Spacer(1, 60)]
    s.p(plan.names.satker_long.upper(), st.cover, key="text:cover_satker")
    if plan.names.province and plan.names.level != "provinsi":
        s.p(f"PROVINSI {plan.names.province.upper()}", st.cover)
    s.flow.append(Spacer(1, 30))
    s.p(f"TAHUN {plan.year}", st.cover, key="text:cover_year")
    s.flow += [NextPageTemplate("front"), PageBreak()]
    s.flow.append(_Tracked("KATA PENGANTAR", st.title, "head:pengantar", s.state))
    s.paras(prose.pengantar)
    s.flow.append(Spacer(1, 18))
    s.p(prose.signature.line, st.sign, key="text:signature")
    s.p(f"{prose.signature.role},", st.sign)
    s.flow.append(Spacer(1, 42))
    s.p(prose.signature.name, st.sign)
    s.flow.append(PageBreak())
    s.flow.append(_Tracked("IKHTISAR EKSEKUTIF", st.title, "head:ikhtisar", s.state))
    s.paras(prose.ikhtisar)
    if prose.absorption_summary:
        s.p(prose.absorption_summary, key="text:absorption_summary")
    s.flow.append(PageBreak())
    s.flow.append(_Tracked("DAFTAR ISI", st.title, "head:toc", s.state))
    entries = [
        ("KATA PENGANTAR", "head:pengantar"),
        ("IKHTISAR EKSEKUTIF", "head:ikhtisar"),
        ("DAFTAR ISI", "head:toc"),
        ("BAB I PENDAHULUAN", "head:bab1"),
        ("BAB II PERENCANAAN KINERJA", "head:bab2"),
        ("BAB III AKUNTABILITAS KINERJA", "head:bab3"),
        ("BAB IV PENUTUP", "head:bab4"),
        ("LAMPIRAN", "head:lampiran"),
    ]
    rows = [[Paragraph(escape(label), st.toc), s.toc_labels.get(key, "")] for label, key in entries]
    toc = Table(rows, colWidths=[380, 50], rowHeights=[22] * len(rows))
    toc.setStyle(
        [
            ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), FONTS[s.layout.body_font][0]),
            ("FONTSIZE", (0, 0), (-1, -1), 11),
        ]
    )
    s.flow.append(toc)


def _padding(s: _Story, pages: tuple[PaddingPage, ...], chapter_letter: str) -> None:
    for i, page in enumerate(pages):
        s.flow.append(PageBreak())
        s.p(f"{chapter_letter}.{i + 1} {page.heading}", s.styles.section)
        s.paras(page.paragraphs)


def _bab1(s: _Story) -> None:
    st, prose = s.styles, s.prose
    s.chapter("head:bab1", "BAB I", "PENDAHULUAN")
    s.flow.append(_BodyStart(s.state))
    s.p("A. Latar Belakang", st.section)
    s.paras(prose.latar)
    s.p("B. Tugas dan Wewenang", st.section)
    s.p(prose.tugas_intro)
    for i, item in enumerate(prose.tugas, 1):
        s.p(item, st.bullet, bulletText=f"{i}.")
    s.p("C. Struktur Organisasi", st.section)
    s.p(prose.struktur_intro)
    for item in prose.divisions:
        s.p(item, st.bullet, bulletText="-")
    s.p("D. Isu Strategis", st.section)
    s.paras(prose.isu)
    _padding(s, s.padding[0], "E")


def _bab2(s: _Story) -> None:
    st, plan = s.styles, s.plan
    s.chapter("head:bab2", "BAB II", "PERENCANAAN KINERJA")
    s.p("A. Rencana Strategis", st.section)
    s.paras(s.prose.renstra)
    s.p("B. Perjanjian Kinerja", st.section)
    s.paras(s.prose.pk_intro)
    for n, table in enumerate(t for t in plan.agreement if t.section == "bab3"):
        s.caption(f"Tabel 2.{n + 1} {table.caption}", key=f"cap:{table.key}")
        s.flow.append(pk_table(table, s.layout, _tracker(s)))


def _tracker(s: _Story) -> Callable[[str, ParagraphStyle, str], Paragraph]:
    def make(text: str, style: ParagraphStyle, key: str) -> Paragraph:
        return _Tracked(escape(text), style, key, s.state)

    return make


def _bab3(s: _Story) -> None:
    st, plan, prose = s.styles, s.plan, s.prose
    s.chapter("head:bab3", "BAB III", "AKUNTABILITAS KINERJA")
    s.paras(prose.bab3_intro)
    table, first_chunk_rows = perf_table(plan.performance, s.layout, _tracker(s))
    heading = Paragraph("A. Capaian Kinerja Organisasi", st.section)
    intro = [Paragraph(escape(t), st.body) for t in prose.capaian_intro]
    s.state.captions["cap:perf"] = f"Tabel 3.1 {plan.perf_caption}"
    caption = _Tracked(escape(s.state.captions["cap:perf"]), st.caption, "cap:perf", s.state)
    if plan.performance:
        s.flow.append(KeepRoomForSplit([heading, *intro, caption], table, first_chunk_rows, _FRAME_HEIGHT))
    s.flow += [heading, *intro]
    if plan.performance:
        s.flow += [caption, table, Spacer(1, 8)]
    s.paras(prose.after_table)
    for key, sentence in prose.sasaran_notes:
        s.p(sentence, key=f"text:note:{key}")
    s.p("B. Realisasi Anggaran", st.section)
    s.paras(prose.anggaran_intro)
    if prose.absorption_detail:
        s.p(prose.absorption_detail, key="text:absorption_detail")
    for table_plan in (t for t in plan.budget if t.section == "bab3"):
        s.bab3_no += 1
        _budget(s, table_plan, f"Tabel 3.{s.bab3_no} {table_plan.caption}")
    s.p("C. Efisiensi Penggunaan Sumber Daya", st.section)
    s.paras(prose.efisiensi)


def _budget(s: _Story, table_plan: BudgetTable, caption: str) -> None:
    if table_plan.landscape:
        s.flow += [NextPageTemplate("landscape"), PageBreak()]
    s.caption(caption, key=f"cap:{table_plan.key}")
    width = (landscape(A4)[0] if table_plan.landscape else A4[0]) - MARGIN_LEFT - MARGIN_RIGHT
    s.flow.append(budget_table(table_plan, s.layout, _tracker(s), width))
    s.flow.append(Spacer(1, 10))
    if table_plan.landscape:
        s.flow += [NextPageTemplate("body"), PageBreak()]


def _bab4_lampiran(s: _Story) -> None:
    plan = s.plan
    s.chapter("head:bab4", "BAB IV", "PENUTUP")
    s.paras(s.prose.bab4)
    s.p(s.prose.closing, key="text:closing")
    _padding(s, s.padding[1], "A")
    lampiran_pk: list[PkTable] = [t for t in plan.agreement if t.section == "lampiran"]
    lampiran_budget = [t for t in plan.budget if t.section == "lampiran"]
    s.chapter("head:lampiran", "LAMPIRAN", "")
    s.p(s.prose.lampiran_intro)
    for table in lampiran_pk:
        s.lampiran_no += 1
        s.caption(f"Lampiran {s.lampiran_no}. {table.caption}", key=f"cap:{table.key}")
        s.flow.append(pk_table(table, s.layout, _tracker(s)))
        s.flow.append(Spacer(1, 10))
    for table_plan in lampiran_budget:
        s.lampiran_no += 1
        _budget(s, table_plan, f"Lampiran {s.lampiran_no}. {table_plan.caption}")


def _build_once(
    plan: Plan,
    prose: Prose,
    layout: Layout,
    target: str | BinaryIO,
    toc_labels: dict[str, str],
    padding: tuple[tuple[PaddingPage, ...], tuple[PaddingPage, ...]],
) -> _State:
    state = _State()
    story = _Story(plan, prose, layout, state, _Styles.make(layout), toc_labels, padding)
    _front_matter(story)
    _bab1(story)
    _bab2(story)
    _bab3(story)
    _bab4_lampiran(story)
    _Doc(target, plan, layout, state).build(story.flow)
    return state


def _toc_labels(state: _State) -> dict[str, str]:
    return {k: state.labels.get(p.page, "") for k, p in state.placements.items() if k.startswith("head:")}


def render_pdf(
    plan: Plan,
    prose: Prose,
    out: Path,
    layout: Layout,
    padding_for: Callable[[int], tuple[PaddingPage, ...]],
    pad_pages: int = 0,
) -> Rendered:
    """Build the PDF (a draft pass fixes the table of contents and the padding) and report positions."""
    empty: tuple[tuple[PaddingPage, ...], tuple[PaddingPage, ...]] = ((), ())
    draft = _build_once(plan, prose, layout, io.BytesIO(), {}, empty)
    base_pages = max(draft.labels)
    padding = empty
    extra = max(0, pad_pages - base_pages)
    for _ in range(3):
        if extra <= 0:
            break
        pages = padding_for(extra)
        padding = (pages[: extra // 2], pages[extra // 2 :])
        draft = _build_once(plan, prose, layout, io.BytesIO(), _toc_labels(draft), padding)
        got = max(draft.labels)
        if got == pad_pages:
            break
        log.info("%s: padding gave %d pages instead of %d, adjusting", plan.source, got, pad_pages)
        extra += pad_pages - got
    labels = _toc_labels(draft)
    state = _build_once(plan, prose, layout, str(out), labels, padding)
    if _toc_labels(state) != labels:
        log.warning("%s: table of contents page numbers moved in the final pass", out)
    n = max(state.labels)
    return Rendered(
        pages=n,
        page_sizes=tuple(state.sizes[p] for p in range(1, n + 1)),
        page_labels=tuple(state.labels[p] for p in range(1, n + 1)),
        placements=dict(state.placements),
        captions=dict(state.captions),
    )
