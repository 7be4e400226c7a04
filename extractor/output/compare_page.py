"""The compare page of a batch, and an audit page per unit for it to link to.

Charts are Vega-Lite specs built with altair and drawn in the browser by the inlined Vega bundle:
per indicator, target against realisasi and capaian against the ordinal-scale bands across units;
budget absorption with the rupiah figures behind each bar. Every criterion the page applies
(outliers, missing indicators, implausible capaian, why a unit is not ranked) is stated on it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
from babel.numbers import format_compact_decimal

from extractor.bulk import read_manifest
from extractor.catalogue.capaian import CAPAIAN_BANDS, capaian_band
from extractor.compare import Comparison
from extractor.errors import LakipError
from extractor.output.audit_page import write_audit_page
from extractor.output.formats import bands_text, number, percent, rupiah, words
from extractor.output.render import chart_json, embed_options, render, vega_bundle
from extractor.reader import load_document
from extractor.writers import atomic_writer

log = logging.getLogger(__name__)

BAND_COLOURS = ("#2e7d32", "#7cb342", "#f9a825", "#c62828")  # best band first, as CAPAIAN_BANDS
TARGET, REAL = "#90a4ae", "#1e6fd9"


def _short_rp(value: float) -> str:
    """Rp 47,5 M: the figure a bar label has room for (the table gives it in full)."""
    return "Rp " + str(format_compact_decimal(value, locale="id", fraction_digits=1))


def absorption_chart(absorption: pd.DataFrame, w: dict[str, str]) -> dict[str, Any] | None:
    ranked = absorption[absorption["absorption_pct"].notna()]
    if ranked.empty:
        return None
    names = ranked["satker"].fillna(ranked["file"])
    twice = set(names[names.duplicated()])
    records = [
        {
            "unit": f"{name} ({r['file']})" if name in twice else name,
            "pct": float(r["absorption_pct"]),
            "label": f"{percent(r['absorption_pct'])} · {_short_rp(r['realisasi'])} / {_short_rp(r['pagu'])}",
            "pagu": rupiah(r["pagu"]),
            "realisasi": rupiah(r["realisasi"]),
        }
        for name, (_, r) in zip(names, ranked.iterrows(), strict=True)
    ]
    top = max(150.0, float(ranked["absorption_pct"].max()) + 50)
    base = alt.Chart(alt.Data(values=records)).encode(
        y=alt.Y("unit:N", sort="-x", title=None, axis=alt.Axis(labelLimit=170)),
        x=alt.X("pct:Q", title=f"{w['absorption']} (%)", scale=alt.Scale(domain=[0, top]), axis=alt.Axis(format=",.0f")),
    )
    tooltip = [
        alt.Tooltip("unit:N", title=w["unit"]),
        alt.Tooltip("pagu:N", title=w["pagu"]),
        alt.Tooltip("realisasi:N", title=w["realisasi"]),
        alt.Tooltip("pct:Q", title="%", format=",.2f"),
    ]
    bars = base.mark_bar(color=REAL).encode(tooltip=tooltip)
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(text="label:N")
    hundred = alt.Chart(alt.Data(values=[{"x": 100}])).mark_rule(strokeDash=[4, 3], color="#555").encode(x="x:Q")
    years = sorted({int(y) for y in ranked["report_year"].dropna()})
    title = f"{w['absorption']} {', '.join(map(str, years))}"
    chart = (bars + labels + hundred).properties(width="container", height=max(60, 28 * len(records)), title=title)
    return chart.to_dict()


def _band_layer(top: float, lang: str) -> alt.Chart:
    bands, upper = [], top
    for (low, id_name, en_name), colour in zip(CAPAIAN_BANDS, BAND_COLOURS, strict=True):
        bands.append({"y0": low, "y1": upper, "band": id_name if lang == "id" else en_name, "colour": colour})
        upper = low
    return (
        alt.Chart(alt.Data(values=bands))
        .mark_rect(opacity=0.14)
        .encode(y="y0:Q", y2="y1:Q", color=alt.Color("colour:N", scale=None))
    )


def indicator_charts(rows: pd.DataFrame, key: str, w: dict[str, str], lang: str) -> list[dict[str, Any]]:
    """Per indicator reported by two units or more: target vs realisasi, and capaian in its band."""
    out = []
    for item, group in rows.groupby(key):
        group = group.drop_duplicates("satker")
        if group["satker"].nunique() < 2:
            continue
        label = str(group["label"].iloc[0])
        pairs = [
            {"unit": r["satker"], "series": w[s], "value": float(r[s])}
            for _, r in group.iterrows()
            for s in ("target", "realisasi")
            if pd.notna(r[s])
        ]
        capaian = [
            {"unit": r["satker"], "capaian": float(r["value"]), "band": capaian_band(float(r["value"])), "text": percent(r["value"])}
            for _, r in group.iterrows()
            if pd.notna(r["value"])
        ]
        out.append({"id": str(item), "label": label, "values": _values_spec(pairs, w), "capaian": _capaian_spec(capaian, w, lang)})
    return out


def _values_spec(pairs: list[dict[str, Any]], w: dict[str, str]) -> dict[str, Any] | None:
    if not pairs:
        return None
    chart = (
        alt.Chart(alt.Data(values=pairs))
        .mark_bar()
        .encode(
            x=alt.X("unit:N", title=None, axis=alt.Axis(labelAngle=0, labelLimit=140)),
            xOffset="series:N",
            y=alt.Y("value:Q", title=f"{w['target']} / {w['realisasi']}", axis=alt.Axis(format=",.2~f")),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=[w["target"], w["realisasi"]], range=[TARGET, REAL]),
                legend=alt.Legend(orient="top", title=None),
            ),
            tooltip=["unit:N", "series:N", alt.Tooltip("value:Q", format=",.2~f")],
        )
        .properties(width="container", height=180)
    )
    return chart.to_dict()


def _capaian_spec(capaian: list[dict[str, Any]], w: dict[str, str], lang: str) -> dict[str, Any] | None:
    if not capaian:
        return None
    top = max(120.0, max(c["capaian"] for c in capaian) + 10)
    base = alt.Chart(alt.Data(values=capaian)).encode(
        x=alt.X("unit:N", title=None, axis=alt.Axis(labelAngle=0, labelLimit=140)),
        y=alt.Y("capaian:Q", title=f"{w['capaian']} (%)", scale=alt.Scale(domain=[0, top]), axis=alt.Axis(format=",.0f")),
    )
    bars = base.mark_bar(width={"band": 0.5}).encode(
        color=alt.Color("band:O", scale=alt.Scale(domain=list(range(len(BAND_COLOURS))), range=list(BAND_COLOURS)), legend=None),
        tooltip=["unit:N", alt.Tooltip("capaian:Q", format=",.2f")],
    )
    text = base.mark_text(dy=-6, fontSize=11).encode(text="text:N")
    hundred = alt.Chart(alt.Data(values=[{"y": 100}])).mark_rule(strokeDash=[4, 3], color="#555").encode(y="y:Q")
    return (_band_layer(top, lang) + bars + text + hundred).properties(width="container", height=180).to_dict()


def _audit_pages(outdir: Path, lang: str) -> tuple[dict[str, str], list[Path]]:
    """An audit page beside each unit's result JSON; file -> link relative to the compare page."""
    links: dict[str, str] = {}
    written: list[Path] = []
    for file, entry in sorted(read_manifest(outdir).items()):
        if not entry.output or not (source := outdir / entry.output).is_file():
            continue
        target = source.with_name(source.name.removesuffix(".json") + ".audit.html")
        try:
            write_audit_page(load_document(source), target, None, lang=lang)
        except LakipError as exc:  # a result from an older version: the compare page goes on
            log.warning("%s: no audit page (%s)", source, exc.one_line())
            continue
        links[file] = target.relative_to(outdir).as_posix()
        written.append(target)
    return links, written


def render_compare_page(comparison: Comparison, links: dict[str, str] | None = None, *, lang: str = "id") -> str:
    w, s = words(lang), comparison.settings
    key = s.key
    links = links or {}
    absorption = comparison.absorption
    notes = {
        "indicators": w["indicators_note"].format(bands=bands_text(lang), bound=percent(s.capaian_bound)),
        "outliers": w["outliers_note"].format(points=number(s.outlier_points), mads=number(s.outlier_mads)),
        "missing": w["missing_note"].format(share=percent(s.common_share * 100)),
    }
    charts = indicator_charts(comparison.rows, key, w, lang)
    return render(
        "compare.html.j2",
        lang=lang,
        w=w,
        title=w["compare_title"],
        key=key,
        notes=notes,
        absorption_spec=absorption_chart(absorption, w),
        ranked=[r for _, r in absorption.iterrows() if pd.notna(r["absorption_pct"])],
        unranked=[r for _, r in absorption.iterrows() if pd.isna(r["absorption_pct"])],
        charts=charts,
        flag_counts=[r for _, r in comparison.flag_counts.iterrows()],
        outliers=[r for _, r in comparison.outliers.iterrows()],
        missing=[r for _, r in comparison.missing.iterrows()],
        implausible=[r for _, r in comparison.implausible.iterrows()],
        links=links,
        vega=vega_bundle() if charts or len(absorption) else "",
        options=embed_options(),
        chart_json=chart_json,
    )


def write_compare_pages(comparison: Comparison, outdir: Path, *, lang: str = "id") -> list[Path]:
    """compare.html, and the audit page of every unit it links to."""
    links, written = _audit_pages(outdir, lang)
    target = outdir / "compare.html"
    text = render_compare_page(comparison, links, lang=lang)
    with atomic_writer(target) as fh:
        fh.write(text)
    return [target, *written]
