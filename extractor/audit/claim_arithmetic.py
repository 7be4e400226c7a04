"""Arithmetic the running text does with its own figures, whatever the tables say.

A sentence that gives pagu Rp A, realisasi Rp B and an absorption of P% is wrong on its face when P
is not B / A; so is "target T, realisasi R, capaian C%" when C is not R / T (or T / R for an
indicator where lower is better). A summary paragraph may spread the three figures over several
sentences; it is read as one when it holds exactly one pagu and one realisasi amount. Rounding or
truncating to the printed decimals is accepted; nothing is compared with a table (``text_vs_table``
does that), so this check also catches the case where text and table share the wrong figure.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractor.audit.cells import decimals_of, in_year, pct_agrees
from extractor.audit.cite import fmt_num, fmt_rp, make_flag
from extractor.audit.context import CHANGE_WORD, PAGU_WORD, PCT, REAL_WORD, RP
from extractor.audit.model import AuditInput, AuditSettings
from extractor.audit.registry import CheckSpec
from extractor.audit.sentences import Paragraph, build_paragraphs, prose_only, split_sentences, year_of_figure
from extractor.models import Flag, Method, Provenance
from extractor.values import ValueKind, parse_amount, parse_value
from extractor.vocabulary import YEAR_DIGITS

CODE = "claim_arithmetic"
_WINDOW = 120  # characters from a keyword to its amount
_ABSORPTION = re.compile(r"(?:penyerapan|serapan|realisasi|terealisasi|persentase)\b", re.I)
_NOT_ABSORPTION = re.compile(rf"efisiensi|sisa|capaian\s+kinerja|target|{YEAR_DIGITS}\s*$", re.I)
_TARGET = re.compile(r"\b(?:di)?target(?:kan|nya)?\b", re.I)
_RESULT = re.compile(r"\brealisasi(?:nya)?\b|\bterealisasi\b", re.I)
_CAPAIAN = re.compile(r"\bcapaian(?:\s+kinerja)?(?:nya)?\b", re.I)
_FIGURE = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})*(?:,\d{1,2})?(?![\d.,]\d)\s?(?:%|persen\b)?", re.I)


@dataclass(frozen=True)
class _Amount:
    field: str  # pagu or realisasi
    value: int
    start: int
    end: int
    text: str


def _amounts(text: str, year: int | None) -> list[_Amount]:
    """Rupiah amounts of the report year, each named by the nearest pagu/realisasi word before it
    with no other amount in between; 'pagu dan realisasi Rp A Rp B' names none (ambiguous)."""
    words = sorted(
        [(m.end(), "pagu") for m in PAGU_WORD.finditer(text)]
        + [(m.end(), "realisasi") for m in REAL_WORD.finditer(text)]
    )
    ends = [end for end, _ in words]
    out: list[_Amount] = []
    last_end = 0
    for m in RP.finditer(text):  # the words ending in [last_end, m.start()], at most _WINDOW before it
        low = bisect.bisect_left(ends, max(last_end, m.start() - _WINDOW))
        named = words[low : bisect.bisect_right(ends, m.start())]
        last_end = m.end()
        parsed = parse_amount(m.group(0)).value
        if not named or len({f for _, f in named}) > 1 or not isinstance(parsed, int) or parsed < 1000:
            continue
        if in_year(year_of_figure(text, m.start()), year):
            out.append(_Amount(named[-1][1], parsed, m.start(), m.end(), m.group(0).strip()))
    return out


def _stated_pcts(text: str, after: int, year: int | None, introduced: bool) -> list[re.Match[str]]:
    """Percentages after offset ``after`` that state an absorption: not a change, an efficiency or a
    target; in a paragraph, only those introduced by an absorption word."""
    found = []
    for m in PCT.finditer(text, after):
        before = text[max(after, m.start() - 60) : m.start()]
        if CHANGE_WORD.search(before) or _NOT_ABSORPTION.search(before):
            continue
        if introduced and not _ABSORPTION.search(before):
            continue
        if in_year(year_of_figure(text, m.start()), year):
            found.append(m)
    return found


def _pct(m: re.Match[str]) -> float | None:
    parsed = parse_value(m.group(0), expect="percent")
    ok = parsed.kind is ValueKind.PERCENT and isinstance(parsed.value, int | float)
    return float(parsed.value) if ok and isinstance(parsed.value, int | float) else None


def _prov(inp: AuditInput, para: Paragraph, offset: int) -> Provenance:
    ln = para.line_at(offset)
    return Provenance(inp.file, ln.page, ln.line, ln.bbox, Method.NARRATIVE)


def _snippet(text: str, start: int, end: int) -> str:
    """The words from ``start`` to ``end``, with a few words around, never cut mid-word."""
    begin = text.rfind(" ", 0, max(0, start - 20)) + 1
    stop = text.find(" ", end + 10)
    shown = " ".join(text[begin : stop if stop >= 0 else len(text)].split())
    return shown if len(shown) <= 220 else shown[:217] + "..."


def _budget_flags(inp: AuditInput, para: Paragraph, settings: AuditSettings) -> Iterator[Flag]:
    """Pagu, realisasi and the absorption % one paragraph states about the report year."""
    amounts = _amounts(para.text, inp.year)
    pagu = {a.value: a for a in amounts if a.field == "pagu"}
    real = {a.value: a for a in amounts if a.field == "realisasi"}
    if len(pagu) != 1 or len(real) != 1:
        return
    (a,), (b,) = pagu.values(), real.values()
    if a.value <= 0:
        return
    computed = b.value * 100 / a.value
    one_sentence = para.text.find(". ", min(a.start, b.start), max(a.end, b.end)) < 0
    for m in _stated_pcts(para.text, max(a.end, b.end), inp.year, introduced=not one_sentence):
        stated = _pct(m)
        if stated is None or pct_agrees(stated, computed, decimals_of(m.group(0)), settings.persen_tolerance):
            continue
        message = (
            f"Text states pagu {a.text}, realisasi {b.text} and {m.group(0).strip()} "
            f"('{_snippet(para.text, min(a.start, b.start), m.end())}') but {fmt_rp(b.value)} / "
            f"{fmt_rp(a.value)} = {fmt_num(computed)}% (a difference of {fmt_num(stated - computed)} points)."
        )
        values = {"stated": stated, "computed": round(computed, 4), "pagu": a.value, "realisasi": b.value}
        provs = [_prov(inp, para, m.start()), _prov(inp, para, a.start), _prov(inp, para, b.start)]
        yield make_flag(CODE, "warning", message, provs, values)


def _first_figure(text: str, keyword: re.Match[str]) -> re.Match[str] | None:
    m = _FIGURE.search(text, keyword.end(), min(len(text), keyword.end() + 40))
    return m if m is not None and not RP.search(text, max(0, m.start() - 4), m.end()) else None


def _performance_flags(inp: AuditInput, para: Paragraph, settings: AuditSettings) -> Iterator[Flag]:
    """'target T ... realisasi R ... capaian C%' inside one sentence."""
    for sent in split_sentences([para]):
        sentence, offset = sent.text, sent.start
        found = [list(p.finditer(sentence)) for p in (_TARGET, _RESULT, _CAPAIAN)]
        if any(len(ms) != 1 for ms in found):
            continue
        figures = [_first_figure(sentence, ms[0]) for ms in found]
        numbers = [_number(f.group(0)) if f is not None else None for f in figures]
        t, r, c = numbers
        if t is None or r is None or c is None or not t or not r or figures[2] is None:
            continue
        options = (r * 100 / t, t * 100 / r)  # higher or lower is better
        tol = max(settings.capaian_tolerance, 10.0 ** -decimals_of(figures[2].group(0)) / 2)
        if any(abs(c - v) <= tol or (c in (100.0, 120.0) and v > c) for v in options):
            continue
        shown = [f.group(0).strip() for f in figures if f is not None]
        message = (
            f"Text states target {shown[0]}, realisasi {shown[1]} and capaian {shown[2]} "
            f"('{_snippet(sentence, found[0][0].start(), figures[2].end())}') but realisasi / target = "
            f"{fmt_num(options[0])}%."
        )
        values = {"stated": c, "computed": round(options[0], 4), "target": t, "realisasi": r}
        yield make_flag(CODE, "warning", message, [_prov(inp, para, offset + figures[2].start())], values)


def _number(text: str) -> float | None:
    parsed = parse_value(text)
    return (
        float(parsed.value)
        if isinstance(parsed.value, int | float) and not isinstance(parsed.value, bool)
        else None
    )


def check_claim_arithmetic(inp: AuditInput, settings: AuditSettings) -> Iterator[Flag]:
    """Pagu, realisasi and absorption %, or target, realisasi and capaian, stated together in one
    sentence or paragraph, whose percentage does not follow from the two figures stated with it."""
    for para in build_paragraphs(prose_only(inp)):
        if RP.search(para.text):
            yield from _budget_flags(inp, para, settings)
        if _CAPAIAN.search(para.text):
            yield from _performance_flags(inp, para, settings)


CLAIM_ARITHMETIC = CheckSpec(
    CODE,
    "warning",
    "The text states two figures and a percentage that does not follow from them.",
    check_claim_arithmetic,
)
