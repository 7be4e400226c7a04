"""Narrative audits: figures in running text that the tables contradict, and other KPU units named.

Reports repeat key figures in prose (absorption rate, pagu, number of indicators, "all targets
met"); those sentences are often copied from last year's report or averaged by hand, so they drift
from the tables. Only sentences about the report year (or naming no other year) are compared, and
a stated figure counts as supported when *any* report-year table figure of its kind gives it: a
flag means no table backs the number, not merely that it differs from the total. Table rows that
a PDF text layer repeats among the narrative lines are left out first (``prose_only``).
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from extractor.audit import (
    AuditInput,
    AuditSettings,
    amount_of,
    capaian_of,
    decimals_of,
    fmt_num,
    fmt_rp,
    in_year,
    indicator_key,
    make_flag,
    number_of,
    where,
)
from extractor.catalogue.labels import plain_label
from extractor.models import BudgetRecord, Flag, IndicatorRecord, Method, Provenance, TextLine
from extractor.values import ValueKind, normalise_text, parse_amount, parse_value

log = logging.getLogger(__name__)

CODE = "text_vs_table"

# ----------------------------------------------------------------------------- sentences


@dataclass(frozen=True)
class Paragraph:
    """Consecutive narrative lines joined with spaces, remembering where each line starts."""

    text: str
    starts: tuple[int, ...]
    lines: tuple[TextLine, ...]

    def line_at(self, offset: int) -> TextLine:
        return self.lines[max(0, bisect.bisect_right(self.starts, offset) - 1)]


@dataclass(frozen=True)
class Sentence:
    para: Paragraph
    start: int
    text: str

    def line_at(self, offset: int) -> TextLine:
        return self.para.line_at(self.start + offset)


_MARKUP = str.maketrans(dict.fromkeys("*|_`#\t", " "))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z])")


def build_paragraphs(narrative: Sequence[TextLine]) -> list[Paragraph]:
    """Wrapped lines are joined so sentences stay whole; a blank line ends a paragraph only after
    a line that ends a sentence, since PDF dumps also leave blank lines inside sentences."""
    paras: list[Paragraph] = []
    text, starts, lines = "", list[int](), list[TextLine]()
    for ln in [*narrative, None]:
        clean = " ".join(normalise_text(ln.text).translate(_MARKUP).split()) if ln is not None else ""
        # PDF text layers have no blank lines: a sentence-ending line at a page break ends a paragraph
        new_page = ln is not None and lines and ln.page != lines[-1].page
        if new_page and re.search(r"[.!?:;|]\s*$", lines[-1].text):
            paras.append(Paragraph(text, tuple(starts), tuple(lines)))
            text, starts, lines = "", [], []
        if ln is None or not clean:
            if lines and (ln is None or re.search(r"[.!?:;|]\s*$", lines[-1].text)):
                paras.append(Paragraph(text, tuple(starts), tuple(lines)))
                text, starts, lines = "", [], []
            continue
        text += " " if text else ""
        starts.append(len(text))
        lines.append(ln)
        text += clean
    return paras


def split_sentences(paras: Iterable[Paragraph]) -> Iterator[Sentence]:
    for para in paras:
        begin = 0
        for m in _SENTENCE_END.finditer(para.text):
            yield Sentence(para, begin, para.text[begin : m.start()])
            begin = m.end()
        yield Sentence(para, begin, para.text[begin:])


_YEAR = re.compile(r"(?<![\d.,/-])((?:19|20)\d{2})(?![\d.,]\d)")
_RANGE_AFTER = re.compile(r"^\s*(?:-|s\.?\s?d\.?|sampai|hingga)\s*(?:19|20)\d{2}")
_REGULATION = re.compile(r"(?:nomor|no\.?)\s*[\w./-]+\s+(?:tahun\s+)?$", re.I)


def years_in(text: str) -> list[tuple[int, int]]:
    """(offset, year) of single years, leaving out ranges ('Renstra 2020-2024') and the years of
    regulations ('Peraturan KPU Nomor 3 Tahun 2022'), which say nothing about the figures."""
    out = []
    for m in _YEAR.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        if (
            _RANGE_AFTER.match(text[m.end() :])
            or re.search(r"\d{4}\s*-\s*$", before)
            or _REGULATION.search(before)
        ):
            continue
        out.append((m.start(), int(m.group(1))))
    return out


def year_of_figure(sentence: str, offset: int) -> int | None:
    """The year a figure is about: the last year named before it, else one named just after it."""
    years = years_in(sentence)
    before = [y for pos, y in years if pos < offset and offset - pos <= 250]
    after = [y for pos, y in years if offset < pos <= offset + 80]
    return before[-1] if before else (after[0] if after else None)


# ----------------------------------------------------------------------------- context


@dataclass(frozen=True)
class Context:
    inp: AuditInput
    year: int | None
    perf: tuple[IndicatorRecord, ...]  # report-year performance rows, every occurrence
    agree: tuple[IndicatorRecord, ...]
    budget: tuple[BudgetRecord, ...]  # report-year budget rows
    tol: float  # capaian tolerance
    distinct: tuple[IndicatorRecord, ...]  # first performance row of each indicator

    @property
    def label(self) -> str:
        return str(self.year or "report-year")

    def prov(self, sent: Sentence, offset: int) -> Provenance:
        ln = sent.line_at(offset)
        return Provenance(self.inp.file, ln.page, ln.line, ln.bbox, Method.NARRATIVE)

    def total(self, field: str) -> BudgetRecord | None:
        """The report-year total that prints ``field`` (pagu, realisasi or persen), the largest."""

        def has(b: BudgetRecord) -> bool:
            return (number_of(b.persen) if field == "persen" else number_of(getattr(b, field))) is not None

        totals = [b for b in self.budget if b.level == "total" and has(b)]
        return max(totals, key=lambda b: number_of(b.pagu) or 0.0, default=None)


def snippet(sent: Sentence, m: re.Match[str]) -> str:
    text = sent.text[max(0, m.start() - 40) : m.end() + 10].strip()
    return text if len(text) <= 120 else text[:117] + "..."


def _ratio(rec: BudgetRecord) -> float | None:
    pagu, real = number_of(rec.pagu), number_of(rec.realisasi)
    return real * 100 / pagu if pagu and real is not None and pagu > 0 else rec.persen_computed


def _same_at_precision(stated: float, value: float, decimals: int) -> bool:
    """Equal once rounded or truncated to the stated decimals; stricter than the table checks
    because a stated figure is compared with every row, where slack finds false twins."""
    unit = 10.0**-decimals
    return abs(stated - value) <= unit / 2 + 1e-9 or 0 <= value - stated < unit - 1e-9


# ----------------------------------------------------------------------------- budget figures

_PCT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,3})?)\s?(?:%|persen\b)", re.I)
RP = re.compile(r"\bRp\s?\.?\s?\d{1,3}(?:[.,]\d{3})+(?:,\d{1,2})?(?:,-)?", re.I)
_ABSORB = re.compile(
    r"(?:realisasi|penyerapan|serapan|daya\s+serap)\s+(?:dana\s+|keuangan\s+|pagu\s+)?anggaran(?:nya)?"
    r"|anggaran(?:nya)?\s+(?:yang\s+)?(?:telah\s+|sudah\s+)?(?:di)?realisasikan|merealisasikan\s+anggaran"
    r"|anggaran(?:nya)?\s+(?:telah\s+|sudah\s+)?(?:terealisasi|terserap)"
    r"|(?:\bdan|\bserta|,)\s+anggaran(?:nya)?(?=\s+(?:sebesar\s+|mencapai\s+)?\d{1,3}(?:[.,]\d+)?\s?%)",
    re.I,
)
_CHANGE_WORD = re.compile(
    r"\b(?:naik|meningkat|turun|menurun|kenaikan|peningkatan|penurunan|selisih|bertambah|berkurang)", re.I
)
_EFFICIENCY = re.compile(r"efisiensi\s+(?:penggunaan\s+)?anggaran", re.I)
_PAGU = re.compile(
    r"\bpagu(?:\s+(?:anggaran|dipa|definitif|awal|akhir|terakhir|revisi))*|\balokasi\s+anggaran", re.I
)
_REAL = re.compile(
    r"\brealisasi(?:\s+anggaran)?|\bterealisasi|\bpenyerapan(?:\s+anggaran)?|\bmerealisasikan", re.I
)


def stated_pct(sent: Sentence, ctx: Context, start: int, window: int) -> tuple[re.Match[str], float] | None:
    """The first percentage after ``start`` if the sentence places it in the report year."""
    m = _PCT.search(sent.text, start, min(len(sent.text), start + window))
    if m is None or not in_year(year_of_figure(sent.text, m.start()), ctx.year):
        return None
    parsed = parse_value(m.group(0), expect="percent")
    if parsed.kind is not ValueKind.PERCENT or not isinstance(parsed.value, int | float):
        return None
    return m, float(parsed.value)


def _total_note(ctx: Context, field: str) -> tuple[str, list[Provenance | None], dict[str, Any]]:
    """'; the 2024 total ...' with the total's cell, the reference every budget flag quotes."""
    if (total := ctx.total(field)) is None:
        return "", [], {}
    if field == "persen":
        printed, computed = number_of(total.persen) or 0.0, _ratio(total)
        ratio = f" and realisasi/pagu = {fmt_num(computed)}%" if computed is not None else ""
        efficiency = f" (efficiency {fmt_num(100 - printed)}%)"
        text = f"; the {ctx.label} total prints {fmt_num(printed)}%{ratio}{efficiency}"
        values = {"total_persen": printed, "total_computed": None if computed is None else round(computed, 2)}
        return text, [total.persen.provenance if total.persen else None], values
    amount = amount_of(getattr(total, field)) or 0
    text = f"; the {ctx.label} total {field} is {fmt_rp(amount)}"
    return text, [getattr(total, field).provenance], {"total": amount}


def _absorption_flags(sent: Sentence, ctx: Context) -> Iterator[Flag]:
    """Absorption may be about any budget line; efficiency (100 - absorption) is about the year."""
    totals = [b for b in ctx.budget if b.level == "total"]
    done: set[int] = set()
    for pattern, what, rows, inverted in (
        (_ABSORB, "absorption", ctx.budget, False),
        (_EFFICIENCY, "efficiency", totals, True),
    ):
        matches = list(pattern.finditer(sent.text))
        if not matches:  # most sentences state no figure: skip the per-row work
            continue
        supported = [v for b in rows for v in (number_of(b.persen), _ratio(b)) if v is not None]
        for km in matches if supported else ():
            if re.search(r"target\s*(?:\w+\s*)?$", sent.text[max(0, km.start() - 20) : km.start()], re.I):
                continue
            if (found := stated_pct(sent, ctx, km.end(), 70)) is None or found[0].start() in done:
                continue
            m, stated = found
            done.add(m.start())
            if _CHANGE_WORD.search(sent.text, km.end(), m.start()):
                continue  # 'realisasi anggaran naik sebesar 0,8%' is a change, not a level (audit_claims)
            absorption = 100 - stated if inverted else stated
            if any(_same_at_precision(absorption, v, decimals_of(m.group(0))) for v in supported):
                continue
            note, provs, values = _total_note(ctx, "persen")
            message = (
                f"Text states budget {what} {m.group(0)} ('{snippet(sent, m)}') but no {ctx.label} "
                f"budget row gives that figure{note}."
            )
            yield make_flag(
                CODE, "warning", message, [ctx.prov(sent, m.start()), *provs], {"stated": stated, **values}
            )


def _amount_flags(sent: Sentence, ctx: Context, tol: int) -> Iterator[Flag]:
    for pattern, field, rival in ((_PAGU, "pagu", _REAL), (_REAL, "realisasi", _PAGU)):
        matches = list(pattern.finditer(sent.text))
        if not matches:
            continue
        supported = [v for b in ctx.budget if (v := amount_of(getattr(b, field))) is not None]
        for km in matches if supported else ():
            if re.search(rf"(?:{rival.pattern})\s*(?:dan|serta|&|/)\s*$", sent.text[: km.start()], re.I):
                continue  # 'pagu dan realisasi Rp A Rp B': figures in the order of the nouns
            m = RP.search(sent.text, km.end())  # the window bounds where it starts, not where it ends
            if m is None or m.start() > km.end() + 80:
                continue
            if not in_year(year_of_figure(sent.text, m.start()), ctx.year):
                continue
            between = sent.text[km.end() : m.start()]
            parsed = parse_amount(m.group(0))
            if "%" in between or rival.search(between) or not isinstance(parsed.value, int):
                continue  # the amount belongs to another figure of the sentence
            if parsed.value < 1000 or any(abs(parsed.value - v) <= tol for v in supported):
                continue
            note, provs, values = _total_note(ctx, field)
            message = (
                f"Text states {field} {m.group(0).strip()} ('{snippet(sent, m)}') but no {ctx.label} "
                f"budget row has that {field}{note}."
            )
            values |= {"field": field, "stated": parsed.value}
            yield make_flag(CODE, "warning", message, [ctx.prov(sent, m.start()), *provs], values)
            break


# ----------------------------------------------------------------------------- counts

_COUNT = re.compile(
    r"(?<![\d.,])(\d{1,3})\s*(\(\s*[a-z][a-z ]*?\s*\)\s*)?"
    r"(sasaran(?:\s+(?:strategis|kegiatan|program))?|indikator|program|kegiatan)\b",
    re.I,
)
_CONTEXT = {
    "indikator": re.compile(
        r"kinerja|perjanjian|\bPK\b|renstra|strategis|menetapkan|ditetapkan|capaian", re.I
    ),
    "kegiatan": re.compile(
        r"ditetapkan|\bdipa\b|perjanjian\s+kinerja|pengukuran|terdiri|sebanyak|meliputi", re.I
    ),
}
_CONTEXT |= {"sasaran": _CONTEXT["indikator"], "program": _CONTEXT["kegiatan"]}


@dataclass(frozen=True)
class _Count:
    noun: str
    count: int
    sent: Sentence
    match: re.Match[str]


def _counts(sent: Sentence, ctx: Context) -> Iterator[_Count]:
    """'17 (tujuh belas) indikator', '2 (dua) Program dan 13 kegiatan' about the report's own plan."""
    for m in _COUNT.finditer(sent.text):
        noun = m.group(3).split()[0].lower()
        before = sent.text[max(0, m.start() - 30) : m.start()]
        if not m.group(2) and not re.search(r"[^\W\d_]{2,}\s*$", before):
            continue  # '2 3 4 5 6 7 8 Sasaran': a header row, not a statement
        if re.search(r"(?:tabel|lampiran|nomor|no\.?|bab|pasal|sasaran|tahun)\s*$", before, re.I):
            continue
        if _CONTEXT[noun].search(sent.text) and in_year(year_of_figure(sent.text, m.start()), ctx.year):
            yield _Count(noun, int(m.group(1)), sent, m)


def _table_counts(ctx: Context, noun: str) -> dict[int, Provenance]:
    """Every count of ``noun`` one report-year table supports, with that table's first row."""
    groups: dict[object, list[Any]] = {}
    if noun in ("indikator", "sasaran"):
        for role in (ctx.perf, ctx.agree):
            for ind in role:
                groups.setdefault((ind.role, ind.provenance.table), []).append(ind)
            if role:
                groups[(role[0].role, "all")] = list(role)
    else:
        for b in ctx.budget:
            if b.level == noun:
                groups.setdefault(b.provenance.table, []).append(b)
    out: dict[int, Provenance] = {}
    for rows in (r for r in groups.values() if r):
        if noun == "indikator":
            met = [i for i in rows if (c := capaian_of(i)) is not None and c >= 100]
            sizes = [len({indicator_key(i) for i in rows}), len({indicator_key(i) for i in met})]
        elif noun == "sasaran":
            sizes = [len({plain_label(i.sasaran) for i in rows if i.sasaran})]
        else:
            sizes = [len({b.code.upper() if b.code else plain_label(b.name) for b in rows})]
        out |= {n: rows[0].provenance for n in sizes if n and n not in out}
    return out


def _count_flags(statements: list[_Count], ctx: Context) -> Iterator[Flag]:
    """A count no table gives; other statements of the same count that disagree are cited too."""
    for noun in dict.fromkeys(st.noun for st in statements):
        items = [st for st in statements if st.noun == noun]
        supported = _table_counts(ctx, noun)
        for st in items:
            others = [o for o in items if o.count != st.count]
            if st.count in supported or not (supported or others):
                continue
            said = (
                [f"the {ctx.label} tables give {' or '.join(map(str, sorted(supported)))}"]
                if supported
                else []
            )
            if others:
                said.append(
                    "elsewhere the text says "
                    + ", ".join(f"{o.count} (line {o.sent.line_at(o.match.start()).line})" for o in others)
                )
            message = (
                f"Text states '{st.match.group(0)}' ('{snippet(st.sent, st.match)}') but {'; '.join(said)}."
            )
            provs = [
                ctx.prov(st.sent, st.match.start()),
                *(ctx.prov(o.sent, o.match.start()) for o in others),
            ]
            values = {
                "noun": noun,
                "stated": st.count,
                "table_counts": sorted(supported),
                "other_statements": sorted({o.count for o in others}),
            }
            yield make_flag(CODE, "warning", message, [*provs, *supported.values()], values)


_NUMBER = re.compile(r"\d[\d.,]*\d|\d|\b(?:AA|A|BB|B|CC|C|D|WTP|WDP|TMP|TW)\b")  # figures and grades


def _printed_values(rec: IndicatorRecord | BudgetRecord) -> tuple[str, ...]:
    cells = (
        (rec.target, rec.realisasi, rec.capaian)
        if isinstance(rec, IndicatorRecord)
        else (rec.pagu, rec.realisasi, rec.persen)
    )
    return tuple(t for c in cells if c is not None for t in _NUMBER.findall(c.raw))


def prose_only(inp: AuditInput) -> tuple[TextLine, ...]:
    """The narrative without the table rows a PDF text layer repeats on the table's page: a line
    that ends with a record's printed values (no full stop), or holds nothing but figures of that
    page's rows. Such rows are no statements, and their numbers would pass for stated figures."""
    rows: dict[int, list[tuple[str, ...]]] = {}
    records: list[IndicatorRecord | BudgetRecord] = [*inp.indicators, *inp.budget]
    for rec in records:
        if rec.provenance.page is not None and (values := _printed_values(rec)):
            rows.setdefault(rec.provenance.page, []).append(values)
    out = []
    for ln in inp.narrative:
        page_rows = rows.get(ln.page) if ln.page is not None else None
        numbers = tuple(_NUMBER.findall(ln.text))
        if page_rows and numbers and not ln.text.rstrip().endswith("."):
            figures = {v for values in page_rows for v in values}
            only_figures = not re.search(r"[^\W\d_]{3,}", re.sub(r"\bRp\b", "", ln.text))
            if (only_figures and set(numbers) <= figures) or any(numbers[-len(v) :] == v for v in page_rows):
                ln = TextLine("", ln.page, ln.line, ln.bbox)  # keeps the paragraph break
        out.append(ln)
    return tuple(out)


def text_vs_table_flags(inp: AuditInput, settings: AuditSettings) -> list[Flag]:
    """Absorption/efficiency %, pagu/realisasi Rp, counts of indicators, sasaran, programs and
    kegiatan here; capaian, "all targets met", grades and year-on-year changes in audit_claims."""
    from extractor.audit_claims import claim_flags

    year = inp.year
    perf = tuple(i for i in inp.indicators if i.role == "performance" and in_year(i.year, year))
    ctx = Context(
        inp=inp,
        year=year,
        perf=perf,
        agree=tuple(i for i in inp.indicators if i.role == "agreement" and in_year(i.year, year)),
        budget=tuple(b for b in inp.budget if in_year(b.year, year)),
        tol=settings.capaian_tolerance,
        distinct=tuple({indicator_key(i): i for i in reversed(perf)}.values())[::-1],
    )
    flags: list[Flag] = []
    statements: list[_Count] = []
    for sent in split_sentences(build_paragraphs(prose_only(inp))):
        flags += _absorption_flags(sent, ctx)
        flags += _amount_flags(sent, ctx, settings.total_tolerance_rupiah)
        flags += claim_flags(sent, ctx)
        statements += _counts(sent, ctx)
    flags += _count_flags(statements, ctx)
    log.debug("%s: %d narrative flags from %d lines", inp.file, len(flags), len(inp.narrative))
    return flags


# ----------------------------------------------------------------------------- other KPU units

# 'Kecamatan Kota Padang', 'Desa Kota Padang Baru': places inside a region sharing a unit's name
_SUB_DISTRICT = re.compile(
    r"\b(?:kecamatan|kec|desa|kelurahan|kel|dusun|jalan|jl|gang|perumahan)\.?\s*$", re.I
)


def foreign_satker_flags(inp: AuditInput) -> list[Flag]:
    """Explicit mentions ('KPU Kabupaten X', 'Kota Y', 'Provinsi Z') of other units in narrative,
    indicator labels and budget names. The unit itself, its parent province and the national KPU
    are fine; units of the same province are info, of another province a warning; repeated
    mentions of one unit make one flag."""
    from extractor.gazetteer import load_gazetteer

    sat = inp.satker
    if sat.region is None or sat.level is None or sat.level == "pusat":
        return []
    gaz = load_gazetteer()
    own_province = sat.province or (
        sat.region if sat.level == "provinsi" else gaz.province_of(sat.region, sat.level)
    )
    own = (sat.level, plain_label(sat.region))
    sources: list[tuple[str, Paragraph | Provenance]] = [(p.text, p) for p in build_paragraphs(inp.narrative)]
    sources += [(i.label_raw, i.provenance) for i in inp.indicators] + [
        (b.name, b.provenance) for b in inp.budget
    ]
    hits: dict[tuple[str, str], list[tuple[Any, Provenance]]] = {}
    for text, origin in sources:
        for mention in gaz.find_mentions(text):
            region = mention.region
            if not mention.explicit or (region.kind, plain_label(region.name)) == own:
                continue
            if (
                region.kind == "provinsi"
                and own_province
                and plain_label(region.name) == plain_label(own_province)
            ):
                continue
            if _SUB_DISTRICT.search(text[max(0, mention.start - 15) : mention.start]):
                continue
            if isinstance(origin, Paragraph):
                ln = origin.line_at(mention.start)
                prov = Provenance(inp.file, ln.page, ln.line, ln.bbox, Method.NARRATIVE)
            else:
                prov = origin
            hits.setdefault((region.kind, region.name), []).append((mention, prov))
    flags = []
    for (kind, name), found in hits.items():
        province = found[0][0].region.province
        same = bool(own_province and plain_label(province) == plain_label(own_province))
        places = list(dict.fromkeys(where(p) for _, p in found))
        shown = ", ".join(places[:5]) + (f" and {len(places) - 5} more" if len(places) > 5 else "")
        message = (
            f"'{found[0][0].text}' ({kind} {name}, {'same' if same else 'another'} province) is mentioned "
            f"{len(found)} time(s) in a report of {sat.name or sat.region}: {shown}."
        )
        values = {"region": name, "kind": kind, "province": province, "mentions": len(found)}
        flags.append(
            make_flag("foreign_satker", "info" if same else "warning", message, [p for _, p in found], values)
        )
    return flags
