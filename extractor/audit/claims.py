"""Narrative claims about results: capaian figures, "all targets met" or "not met", grades, and
changes from last year, each checked against the report-year tables.

A LAKIP's running text is where readers look first, and it is often copied from the previous
year's report or written before the tables were final; a claim the tables do not bear misleads
more readers than a wrong cell does. Sentences come from ``sentences``; ``text_figures`` checks the
budget figures and counts the text states.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rapidfuzz import fuzz

from extractor.audit.cells import AMOUNT_FIELDS, amount_of, capaian_of, decimals_of, in_year, number_of
from extractor.audit.cite import fmt_num, make_flag, repairs_note, short, where
from extractor.audit.context import CODE, RP, Context, snippet, stated_pct
from extractor.audit.indicators import FUZZY_MIN
from extractor.audit.sentences import Sentence, year_of_figure, years_in
from extractor.catalogue.labels import plain_label
from extractor.models import BudgetRecord, Flag, IndicatorRecord, TextLine
from extractor.values import parse_amount, parse_value
from extractor.vocabulary import OPINION_ORDER

MEAN_TOLERANCE = 1.0  # percentage points for stated averages (reports round and cap differently)
IMPLAUSIBLE_CAPAIAN = 200.0  # realisasi/target above this is a unit mismatch, not a result


def claim_flags(sent: Sentence, ctx: Context) -> Iterator[Flag]:
    """Every claim check on one sentence."""
    yield from _capaian_flags(sent, ctx)
    yield from _claim_flags(sent, ctx)
    yield from _unmet_claim_flags(sent, ctx)
    yield from _grade_flags(sent, ctx)
    yield from _change_flags(sent, ctx)


# ----------------------------------------------------------------------------- capaian statements

_CAPAIAN = re.compile(r"\bcapaian(?:\s+kinerja(?:nya)?)?", re.I)
_OVERALL = re.compile(r"rata-?\s?rata|keseluruhan|menyeluruh", re.I)


def _named_indicator(sentence: str, inds: Sequence[IndicatorRecord]) -> IndicatorRecord | None:
    """The one indicator a sentence names (fuzzy), None when none or several fit equally well."""
    text = plain_label(sentence)
    scored = sorted(
        (
            (fuzz.partial_ratio(label, text), ind)
            for ind in inds
            if len(label := plain_label(ind.label)) >= 15
        ),
        key=lambda s: -s[0],
    )
    if not scored or scored[0][0] < FUZZY_MIN or (len(scored) > 1 and scored[1][0] >= scored[0][0] - 3):
        return None
    return scored[0][1]


def _capaian_flags(sent: Sentence, ctx: Context) -> Iterator[Flag]:
    """'capaian kinerja <indicator> ... X%' vs that indicator; 'rata-rata capaian ... X%' or an
    overall capaian of the year vs the mean of the performance table."""
    inds = ctx.distinct if _CAPAIAN.search(sent.text) else []
    for km in _CAPAIAN.finditer(sent.text) if inds else ():
        overall = _OVERALL.search(sent.text[max(0, km.start() - 30) : km.end() + 160])
        if found := stated_pct(sent, ctx, km.end(), 170 if overall else 90):
            yield from _capaian_flag(sent, ctx, found, inds, overall is not None)
            return


def _capaian_flag(
    sent: Sentence,
    ctx: Context,
    found: tuple[re.Match[str], float],
    inds: Sequence[IndicatorRecord],
    overall: bool,
) -> Iterator[Flag]:
    m, stated = found
    if (named := _named_indicator(sent.text, inds)) is not None:
        options = [v for v in (number_of(named.capaian), named.capaian_computed) if v is not None]
        if not options or any(
            abs(stated - v) <= ctx.tol or abs(stated - min(v, 100.0)) <= ctx.tol for v in options
        ):
            return
        shown = " / ".join(f"{fmt_num(v)}%" for v in options)
        message = (
            f"Text states capaian {m.group(0)} for '{short(named.label, 70)}' ('{snippet(sent, m)}') "
            f"but the table gives {shown}."
        )
        provs = [ctx.prov(sent, m.start()), named.capaian.provenance if named.capaian else named.provenance]
        yield make_flag(
            CODE, "warning", message, provs, {"stated": stated, "table": options, "indicator": named.label}
        )
    elif overall or re.search(
        rf"tahun\s+{ctx.year}\s+(?:adalah\s+|sebesar\s+|mencapai\s+)?$", sent.text[: m.start()], re.I
    ):
        yield from _mean_flag(sent, ctx, m, stated, inds)


def _mean_flag(
    sent: Sentence, ctx: Context, m: re.Match[str], stated: float, inds: Sequence[IndicatorRecord]
) -> Iterator[Flag]:
    pairs = [(ind, c) for ind in inds if (c := capaian_of(ind)) is not None]
    kept = [(ind, c) for ind, c in pairs if c <= IMPLAUSIBLE_CAPAIAN]
    if not kept:
        return
    mean = sum(c for _, c in kept) / len(kept)
    capped = sum(min(c, 100.0) for _, c in kept) / len(kept)
    if min(abs(stated - mean), abs(stated - capped)) <= max(MEAN_TOLERANCE, ctx.tol):
        return
    dropped = len(pairs) - len(kept)
    note = (
        f", leaving out {dropped} row(s) above {IMPLAUSIBLE_CAPAIAN:.0f}% (unit mismatch)" if dropped else ""
    )
    twin = next(
        (b for b in ctx.budget if (p := number_of(b.persen)) is not None and abs(p - stated) < 0.005), None
    )
    same = f"; {m.group(0)} is the budget absorption printed at {where(twin.provenance)}" if twin else ""
    message = (
        f"Text states overall capaian {m.group(0)} ('{snippet(sent, m)}') but the {len(kept)} indicators "
        f"of the performance table average {fmt_num(mean)}%{note}{same}."
    )
    provs = [ctx.prov(sent, m.start()), *(i.provenance for i, _ in kept), twin.provenance if twin else None]
    values = {"stated": stated, "mean": round(mean, 2), "mean_capped": round(capped, 2), "n": len(kept)}
    yield make_flag(CODE, "warning", message, provs, values)


# ----------------------------------------------------------------------------- "all met" claims

_VERB = (  # not a plan: 'akan dicapai', 'hendak mencapai'
    r"(?<!akan )(?<!hendak )(?<!ingin )(?<!harus )(?<!agar )"
    r"(?:terpenuhi|tercapai|mencapai|memenuhi|berhasil|terealisasi)(?:nya)?"
)
_ALL = r"(?:semua|seluruh|keseluruhan)\s+(?:\w+\s+){0,2}?(?:target|indikator|sasaran)"
_ALL_MET = re.compile(rf"{_ALL}[^.;]{{0,80}}?\b{_VERB}\b|\b{_VERB}\s+(?:\w+\s+){{0,2}}{_ALL}", re.I)
_ORDINALS = {"kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6, "ketujuh": 7, "kedelapan": 8}
_SCOPED = re.compile(rf"\b{_VERB}\s+(?:\w+\s+){{0,2}}({'|'.join(_ORDINALS)})\s+indikator", re.I)
_NEGATION = re.compile(r"\b(?:hampir|tidak|belum|sebagian|kurang)\b", re.I)


def _claim_flags(sent: Sentence, ctx: Context) -> Iterator[Flag]:
    """'semua target terpenuhi' while an indicator is below 100%; 'terpenuhinya ketiga indikator'
    is checked against the rows of the table just above the sentence."""
    years = {y for _, y in years_in(sent.text)}
    if years and ctx.year not in years:
        return
    scope, m = list(ctx.distinct), _ALL_MET.search(sent.text)
    what = "all targets were"
    if m is None and (m := _SCOPED.search(sent.text)) is not None:
        n = _ORDINALS[m.group(1).lower()]
        scope, what = (
            _table_above(ctx, sent.line_at(m.start()), n),
            f"the {n} indicators of the table above were",
        )
    if m is None or _NEGATION.search(sent.text[max(0, m.start() - 25) : m.end()]):
        return
    unmet = [(i, c) for i in scope if (c := capaian_of(i)) is not None and c < 100 - ctx.tol]
    if not unmet:
        return
    listed = "; ".join(f"'{short(i.label, 50)}' {fmt_num(c)}% ({where(i.provenance)})" for i, c in unmet[:5])
    more = f" and {len(unmet) - 5} more" if len(unmet) > 5 else ""
    message = (
        f"Text claims {what} met ('{snippet(sent, m)}') but {len(unmet)} indicator(s) are below 100%: "
        f"{listed}{more}."
    )
    provs = [ctx.prov(sent, m.start()), *((i.capaian or i).provenance for i, _ in unmet)]
    yield make_flag(
        CODE, "warning", message, provs, {"unmet": [{"indicator": i.label, "capaian": c} for i, c in unmet]}
    )


_UNMET = re.compile(
    r"\b(?:tidak|belum)\s+(?:ter|mem|men)?(?:capai|penuhi|enuhi)(?:nya)?\s+(?:\w+\s+){0,2}?"
    r"(?:target|indikator|sasaran)|\b(?:target|indikator|sasaran)\s+(?:\w+\s+){0,3}?"
    r"(?:tidak|belum)\s+(?:tercapai|terpenuhi)",
    re.I,
)
_HYPOTHETICAL = re.compile(r"\b(?:jika|apabila|bila|agar|supaya|kalau|tidak\s+ada|tanpa)\b[^.]{0,40}$", re.I)


def _unmet_claim_flags(sent: Sentence, ctx: Context) -> Iterator[Flag]:
    """'tidak tercapainya indikator' while every report-year capaian is at or above 100%: boilerplate
    kept from another year's report, or a table that hides the failures."""
    m = _UNMET.search(sent.text)
    if m is None or _HYPOTHETICAL.search(sent.text[: m.start()]):
        return
    if (years := {y for _, y in years_in(sent.text)}) and ctx.year not in years:
        return
    targeted = [i for i in ctx.distinct if i.target is not None and i.target.value is not None]
    known = [(i, c) for i in targeted if (c := capaian_of(i)) is not None]
    if len(known) < max(2, len(targeted)) or any(c < 100 - ctx.tol for _, c in known):
        return  # an indicator with a target and no result may be the one the text means
    message = (
        f"Text says targets were not met ('{snippet(sent, m)}') but all {len(known)} indicators with "
        f"a target in the {ctx.label} performance tables are at or above 100%."
    )
    provs = [ctx.prov(sent, m.start()), *((i.capaian or i).provenance for i, _ in known)]
    yield make_flag(CODE, "warning", message, provs, {"claim": "not met", "indicators": len(known)})


_OPINIONS = OPINION_ORDER
_INTENT = re.compile(r"target|diharapkan|harapan|rencana|agar|supaya|upaya", re.I)
_GRADE = re.compile(  # 'yakni B', 'predikat BB', 'nilai CC'; the indicator's own name is no verb
    r"(?i:\b(?:predikat|kategori|yakni|yaitu|adalah|meraih|memperoleh|mendapat(?:kan)?|menjadi)"
    r"\s+(?:\w+\s+){0,2}?|\b(?:nilai|opini)\s+)"
    rf"(AA|A|BB|B|CC|C|D|{'|'.join(_OPINIONS)})\b(?!\.\w)"
)


def _grade_flags(sent: Sentence, ctx: Context) -> Iterator[Flag]:
    """A grade or opinion the text gives for the report year ('di 2024 ... yakni B') that is not the
    realisasi of the indicator the sentence names ('Nilai Akuntabilitas Kinerja' CC)."""
    graded = {
        i: str(i.realisasi.value) for i in ctx.distinct if i.realisasi and isinstance(i.realisasi.value, str)
    }
    for m in _GRADE.finditer(sent.text) if graded else ():
        stated, before = m.group(1), sent.text[max(0, m.start() - 80) : m.start(1)]
        if _INTENT.search(before) or not in_year(year_of_figure(sent.text, m.start(1)), ctx.year):
            continue  # a target or a hope ('diharapkan ... predikat B') is not a result
        same_kind = [i for i, grade in graded.items() if (grade in _OPINIONS) == (stated in _OPINIONS)]
        named = _named_indicator(sent.text, same_kind)
        if named is None or named.realisasi is None or graded[named].upper() == stated:
            continue
        message = (
            f"Text gives {stated} for '{short(named.label, 70)}' ('{snippet(sent, m)}') but the {ctx.label} "
            f"performance table reports realisasi {named.realisasi.value}{repairs_note(named.realisasi)}."
        )
        provs = [ctx.prov(sent, m.start(1)), named.realisasi.provenance]
        values = {"stated": stated, "table": named.realisasi.value, "indicator": named.label}
        yield make_flag(CODE, "warning", message, provs, values)
        return


_CHANGE = re.compile(
    r"\b(?P<verb>naik|meningkat|kenaikan|peningkatan|turun|menurun|penurunan)(?:nya)?\s+"
    r"(?:\w+\s+){0,2}?(?:sebesar|sekitar|mencapai)\s+(?P<pct>\d{1,3}(?:[.,]\d{1,2})?)\s?(?:%|persen)",
    re.I,
)
_BUDGET_WORDS = re.compile(r"anggaran|pagu|realisasi|serapan", re.I)


def _change_flags(sent: Sentence, ctx: Context) -> Iterator[Flag]:
    """'di Tahun 2024 naik sebesar 0,8%' against last year's budget totals: the change in absorption
    (points or relative) and in pagu and realisasi. A stated change that no pair of the two years'
    totals gives, in size and direction, was computed from figures the report does not show."""
    m = _CHANGE.search(sent.text)
    years = {y for _, y in years_in(sent.text)}
    prior = sorted(y for y in years if ctx.year is not None and y < ctx.year)
    if m is None or ctx.year not in years or len(prior) != 1 or not _BUDGET_WORDS.search(sent.text):
        return
    before, now, options = _change_options(sent, ctx, prior[0])
    parsed = parse_value(m.group("pct") + "%", expect="percent").value
    if not options or not isinstance(parsed, int | float):
        return
    falling = m.group("verb").lower() in ("turun", "menurun", "penurunan")
    stated = -float(parsed) if falling else float(parsed)
    unit = 10.0 ** -decimals_of(m.group("pct"))
    if any(abs(stated - v) <= max(0.05, unit / 2) for v, _ in options):
        return
    shown = "; ".join(dict.fromkeys(text for _, text in options))
    message = (
        f"Text states a {'fall' if falling else 'rise'} of {m.group('pct')}% from {prior[0]} to {ctx.year} "
        f"('{snippet(sent, m)}') but the {prior[0]} and {ctx.year} totals give: {shown}."
    )
    provs = [ctx.prov(sent, m.start()), *(r.persen.provenance for r in (*before, *now) if r.persen)]
    values = {"stated": stated, "from_year": prior[0], "options": [round(v, 2) for v, _ in options]}
    yield make_flag(CODE, "warning", message, provs, values)


def _change_options(
    sent: Sentence, ctx: Context, prior: int
) -> tuple[list[BudgetRecord], list[BudgetRecord], list[tuple[float, str]]]:
    """Last year's and this year's totals, and every change between them a text could mean.
    Last year's total is the row so labelled, or the total whose pagu the text gives for that year."""
    said = {
        v
        for r in RP.finditer(sent.text)
        if year_of_figure(sent.text, r.start()) == prior
        and isinstance(v := parse_amount(r.group(0)).value, int)
    }
    before = [
        b for b in ctx.inp.budget if b.level == "total" and (b.year == prior or amount_of(b.pagu) in said)
    ]
    now = [b for b in ctx.budget if b.level == "total" and b not in before]
    options: list[tuple[float, str]] = []
    for old, new in ((a, b) for a in before for b in now):
        if (p0 := number_of(old.persen)) and (p1 := number_of(new.persen)) is not None:
            change = f"absorption {fmt_num(p0)}% -> {fmt_num(p1)}% ({fmt_num(p1 - p0)} points)"
            options += [(p1 - p0, change), ((p1 / p0 - 1) * 100, change)]
        for field in AMOUNT_FIELDS:
            if (a0 := amount_of(getattr(old, field))) and (a1 := amount_of(getattr(new, field))) is not None:
                options.append(((a1 / a0 - 1) * 100, f"{field} {fmt_num((a1 / a0 - 1) * 100)}%"))
    return before, now, options


def _table_above(ctx: Context, line: TextLine, n: int) -> list[IndicatorRecord]:
    """Performance rows named by the nearest table above a sentence, when that table has ``n`` rows."""
    here = (line.page or 0, line.line or 0)
    rows = [(i.provenance, i.label) for i in ctx.inp.indicators]
    rows += [(b.provenance, b.name) for b in ctx.inp.budget if b.level == "indikator"]
    above = [(p, label) for p, label in rows if (p.page or 0, p.line or 0) < here]
    if not above:
        return []
    nearest = max(above, key=lambda r: (r[0].page or 0, r[0].line or 0))[0].table
    labels = list(dict.fromkeys(plain_label(label) for p, label in above if p.table == nearest))
    if len(labels) != n:
        return []
    perf = ctx.distinct
    return [
        i for label in labels for i in perf if fuzz.token_sort_ratio(label, plain_label(i.label)) >= FUZZY_MIN
    ]
