"""Budget figures and counts the running text states that no report-year table gives.

Reports repeat key figures in prose (absorption rate, pagu, number of indicators); those sentences
are often copied from last year's report or averaged by hand, so they drift from the tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from extractor.audit.cells import amount_of, capaian_of, decimals_of, in_year, indicator_key, number_of
from extractor.audit.cite import fmt_num, fmt_rp, make_flag
from extractor.audit.context import (
    CHANGE_WORD,
    CODE,
    PAGU_WORD,
    REAL_WORD,
    RP,
    Context,
    ratio,
    same_at_precision,
    snippet,
    stated_pct,
)
from extractor.audit.sentences import Sentence, year_of_figure
from extractor.catalogue.labels import plain_label
from extractor.models import Flag, Provenance
from extractor.values import parse_amount

_ABSORB = re.compile(
    r"(?:realisasi|penyerapan|serapan|daya\s+serap)\s+(?:dana\s+|keuangan\s+|pagu\s+)?anggaran(?:nya)?"
    r"|anggaran(?:nya)?\s+(?:yang\s+)?(?:telah\s+|sudah\s+)?(?:di)?realisasikan|merealisasikan\s+anggaran"
    r"|anggaran(?:nya)?\s+(?:telah\s+|sudah\s+)?(?:terealisasi|terserap)"
    r"|(?:\bdan|\bserta|,)\s+anggaran(?:nya)?(?=\s+(?:sebesar\s+|mencapai\s+)?\d{1,3}(?:[.,]\d+)?\s?%)",
    re.I,
)
_EFFICIENCY = re.compile(r"efisiensi\s+(?:penggunaan\s+)?anggaran", re.I)


def _total_note(ctx: Context, field: str) -> tuple[str, list[Provenance | None], dict[str, Any]]:
    """'; the 2024 total ...' with the total's cell, the reference every budget flag quotes."""
    if (total := ctx.total(field)) is None:
        return "", [], {}
    if field == "persen":
        printed, computed = number_of(total.persen) or 0.0, ratio(total)
        shown = f" and realisasi/pagu = {fmt_num(computed)}%" if computed is not None else ""
        efficiency = f" (efficiency {fmt_num(100 - printed)}%)"
        text = f"; the {ctx.label} total prints {fmt_num(printed)}%{shown}{efficiency}"
        values = {"total_persen": printed, "total_computed": None if computed is None else round(computed, 2)}
        return text, [total.persen.provenance if total.persen else None], values
    amount = amount_of(getattr(total, field)) or 0
    text = f"; the {ctx.label} total {field} is {fmt_rp(amount)}"
    return text, [getattr(total, field).provenance], {"total": amount}


def absorption_flags(sent: Sentence, ctx: Context) -> Iterator[Flag]:
    """Absorption may be about any budget line; efficiency (100 - absorption) is about the year."""
    done: set[int] = set()
    for pattern, what, inverted in ((_ABSORB, "absorption", False), (_EFFICIENCY, "efficiency", True)):
        matches = list(pattern.finditer(sent.text))
        if not matches:  # most sentences state no figure: skip the per-row work
            continue
        supported = ctx.total_absorptions if inverted else ctx.absorptions
        for km in matches if supported else ():
            if re.search(r"target\s*(?:\w+\s*)?$", sent.text[max(0, km.start() - 20) : km.start()], re.I):
                continue
            if (found := stated_pct(sent, ctx, km.end(), 70)) is None or found[0].start() in done:
                continue
            m, stated = found
            done.add(m.start())
            if CHANGE_WORD.search(sent.text, km.end(), m.start()):
                continue  # 'realisasi anggaran naik sebesar 0,8%' is a change, not a level (claims)
            absorption, decimals = 100 - stated if inverted else stated, decimals_of(m.group(0))
            near = supported.near(absorption, 10.0**-decimals)  # wider than same_at_precision's reach
            if any(same_at_precision(absorption, v, decimals) for v in near):
                continue
            note, provs, values = _total_note(ctx, "persen")
            message = (
                f"Text states budget {what} {m.group(0)} ('{snippet(sent, m)}') but no {ctx.label} "
                f"budget row gives that figure{note}."
            )
            yield make_flag(
                CODE, "warning", message, [ctx.prov(sent, m.start()), *provs], {"stated": stated, **values}
            )


def amount_flags(sent: Sentence, ctx: Context, tol: int) -> Iterator[Flag]:
    for pattern, field, rival in ((PAGU_WORD, "pagu", REAL_WORD), (REAL_WORD, "realisasi", PAGU_WORD)):
        matches = list(pattern.finditer(sent.text))
        if not matches:
            continue
        supported = ctx.amounts[field]
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
            if parsed.value < 1000 or any(abs(parsed.value - v) <= tol for v in supported.near(parsed.value, tol)):
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
class Count:
    noun: str
    count: int
    sent: Sentence
    match: re.Match[str]


def counts(sent: Sentence, ctx: Context) -> Iterator[Count]:
    """'17 (tujuh belas) indikator', '2 (dua) Program dan 13 kegiatan' about the report's own plan."""
    for m in _COUNT.finditer(sent.text):
        noun = m.group(3).split()[0].lower()
        before = sent.text[max(0, m.start() - 30) : m.start()]
        if not m.group(2) and not re.search(r"[^\W\d_]{2,}\s*$", before):
            continue  # '2 3 4 5 6 7 8 Sasaran': a header row, not a statement
        if re.search(r"(?:tabel|lampiran|nomor|no\.?|bab|pasal|sasaran|tahun)\s*$", before, re.I):
            continue
        if _CONTEXT[noun].search(sent.text) and in_year(year_of_figure(sent.text, m.start()), ctx.year):
            yield Count(noun, int(m.group(1)), sent, m)


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


def count_flags(statements: list[Count], ctx: Context) -> Iterator[Flag]:
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
