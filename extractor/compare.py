"""Cross-unit comparison of a batch: capaian pivot, budget absorption ranking, outliers, gaps.

Works from the combined tables a batch wrote, so it can be rerun cheaply and on any subset.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from extractor.combine import absorption as absorption_view
from extractor.errors import InputNotFoundError
from extractor.writers import atomic_writer, write_csv


@dataclass(frozen=True)
class CompareSettings:
    outlier_points: float = 10.0  # minimum distance from the median, in capaian points
    outlier_mads: float = 3.0
    common_share: float = 0.5  # an indicator reported by this share of same-level units is expected
    # "measure": wordings of one measure (the Ketua's and the Sekretariat's AKIP score) compare as one
    # row; "indicator": every catalogue id apart
    by: str = "measure"

    def __post_init__(self) -> None:
        if self.outlier_points < 0 or self.outlier_mads <= 0 or not 0 < self.common_share <= 1:
            raise ValueError("invalid comparison thresholds")
        if self.by not in ("measure", "indicator"):
            raise ValueError(f"compare by 'measure' or 'indicator', got {self.by!r}")

    @property
    def key(self) -> str:
        return "measure_id" if self.by == "measure" else "indicator_id"


@dataclass(frozen=True)
class Comparison:
    pivot: pd.DataFrame  # measure_id (or indicator_id) x satker -> capaian
    absorption: pd.DataFrame  # budget_absorption view: file, satker, pagu, realisasi, absorption_pct, reason, rank
    outliers: pd.DataFrame  # satker, measure_id (or indicator_id), capaian, median, distance
    missing: pd.DataFrame  # satker, level, measure_id (or indicator_id), label


def _report_year_rows(indicators: pd.DataFrame, key: str) -> pd.DataFrame:
    if "measure_id" not in indicators.columns:  # a batch combined before measures existed
        indicators = indicators.assign(measure_id=indicators["indicator_id"])
    rows = indicators[(indicators["year"] == indicators["report_year"]) & indicators[key].notna()].copy()
    rows["value"] = rows["capaian"].fillna(rows["capaian_computed"])
    return rows


def compare(outdir: Path, settings: CompareSettings | None = None) -> Comparison:
    settings = settings or CompareSettings()
    for name in ("indicators.parquet", "budget.parquet"):
        if not (outdir / name).is_file():
            raise InputNotFoundError(f"no {name} here; run `lakip batch` first", path=str(outdir))
    indicators = pd.read_parquet(outdir / "indicators.parquet")
    budget = pd.read_parquet(outdir / "budget.parquet")
    key = settings.key
    rows = _report_year_rows(indicators, key)
    pivot = rows.pivot_table(index=key, columns="satker", values="value", aggfunc="first")
    flags = pd.read_parquet(outdir / "flags.parquet") if (outdir / "flags.parquet").is_file() else None
    ranked = absorption_view({"indicators": indicators, "budget": budget, "flags": _flags(flags, indicators)})
    ranked["rank"] = pd.array([None] * len(ranked), dtype="Int64")
    have = ranked["absorption_pct"].notna()
    ranked.loc[have, "rank"] = range(1, int(have.sum()) + 1)
    outliers = []
    for item, group in rows.dropna(subset=["value"]).groupby(key):
        if group["satker"].nunique() < 3:
            continue
        median = float(group["value"].median())
        mad = float((group["value"] - median).abs().median())
        limit = max(settings.outlier_points, settings.outlier_mads * mad)
        for _, r in group.iterrows():
            distance = float(r["value"]) - median
            if abs(distance) > limit:
                outliers.append(
                    {
                        "satker": r["satker"],
                        key: item,
                        "capaian": r["value"],
                        "median": round(median, 2),
                        "distance": round(distance, 2),
                    }
                )
    missing = []
    units = indicators.drop_duplicates("satker")[["satker", "level"]]
    for level, level_units in units.groupby("level", dropna=False):
        names = set(level_units["satker"])
        reported = rows[rows["satker"].isin(names)]
        share = reported.groupby(key)["satker"].nunique() / max(len(names), 1)
        expected = share[share >= settings.common_share].index
        labels = reported.drop_duplicates(key).set_index(key)["label"]
        for unit in sorted(n for n in names if n is not None):
            have = set(reported[reported["satker"] == unit][key])
            for ind in expected:
                if ind not in have:
                    missing.append({"satker": unit, "level": level, key: ind, "label": labels.get(ind)})
    return Comparison(
        pivot,
        ranked,
        pd.DataFrame(outliers, columns=["satker", key, "capaian", "median", "distance"]),
        pd.DataFrame(missing, columns=["satker", "level", key, "label"]),
    )


def _flags(flags: pd.DataFrame | None, indicators: pd.DataFrame) -> pd.DataFrame:
    """The batch's flags table, or an empty one of the same columns (a batch combined before it)."""
    if flags is not None:
        return flags
    columns = ["file", "satker", "level", "region", "province", "report_year", "code", "severity"]
    return pd.DataFrame({c: pd.Series(dtype=indicators[c].dtype if c in indicators else "object") for c in columns})


def write_comparison(comparison: Comparison, outdir: Path, *, html_report: bool) -> list[Path]:
    paths = [
        outdir / "compare_capaian.csv",
        outdir / "compare_absorption.csv",
        outdir / "compare_outliers.csv",
        outdir / "compare_missing.csv",
    ]
    write_csv(comparison.pivot.reset_index(), paths[0])
    write_csv(comparison.absorption, paths[1])
    write_csv(comparison.outliers, paths[2])
    write_csv(comparison.missing, paths[3])
    if html_report:
        target = outdir / "compare.html"
        with atomic_writer(target) as fh:
            fh.write(render_html(comparison))
        paths.append(target)
    return paths


def _bar_chart(absorption: pd.DataFrame) -> str:
    """A self-contained SVG bar chart of absorption per unit (no external scripts or fonts)."""
    height = 24 * len(absorption) + 30
    bars = []
    for i, (_, r) in enumerate(absorption.iterrows()):
        width = max(0.0, min(float(r["absorption_pct"]), 120.0)) * 4
        y = 24 * i + 10
        bars.append(
            f'<text x="0" y="{y + 14}" font-size="12">{html.escape(str(r["satker"]))}</text>'
            f'<rect x="260" y="{y}" width="{width:.1f}" height="18" fill="#3b82f6"/>'
            f'<text x="{265 + width:.1f}" y="{y + 14}" font-size="12">{r["absorption_pct"]:.2f}%</text>'
        )
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="800" height="{height}">{"".join(bars)}</svg>'


def _heat_table(pivot: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in pivot.columns)
    body = []
    for ind, row in pivot.iterrows():
        cells = []
        for v in row:
            if pd.isna(v):
                cells.append('<td class="na">–</td>')
            else:
                shade = "good" if v >= 100 else "mid" if v >= 90 else "low"
                cells.append(f'<td class="{shade}">{v:.2f}</td>')
        body.append(f"<tr><th>{html.escape(str(ind))}</th>{''.join(cells)}</tr>")
    return f"<table><tr><th>indicator</th>{head}</tr>{''.join(body)}</table>"


def render_html(comparison: Comparison) -> str:
    style = (
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:12px}"
        "td,th{border:1px solid #ccc;padding:3px 6px}.good{background:#dcfce7}.mid{background:#fef9c3}"
        ".low{background:#fee2e2}.na{color:#999}"
    )
    outliers = (
        comparison.outliers.to_html(index=False, border=0) if len(comparison.outliers) else "<p>none</p>"
    )
    missing = comparison.missing.to_html(index=False, border=0) if len(comparison.missing) else "<p>none</p>"
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>lakip comparison</title><style>{style}</style>"
        f"</head><body><h1>Comparison of {comparison.pivot.shape[1]} units</h1>"
        f"<h2>Budget absorption</h2>{_bar_chart(comparison.absorption)}"
        f"<h2>Capaian per indicator</h2>{_heat_table(comparison.pivot)}"
        f"<h2>Outliers</h2>{outliers}<h2>Missing standard indicators</h2>{missing}</body></html>"
    )
