"""Cross-unit comparison of a batch: capaian pivot, budget absorption ranking, outliers, gaps.

Works from the combined tables a batch wrote, so it can be rerun cheaply and on any subset.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from extractor.audit import AuditSettings
from extractor.combine import absorption as absorption_view
from extractor.errors import InputNotFoundError
from extractor.writers import write_csv


@dataclass(frozen=True)
class CompareSettings:
    outlier_points: float = 10.0  # minimum distance from the median, in capaian points
    outlier_mads: float = 3.0
    common_share: float = 0.5  # an indicator reported by this share of same-level units is expected
    capaian_bound: float = AuditSettings().capaian_bound  # above: implausible, left out of medians
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
    rows: pd.DataFrame  # the report-year indicator rows compared (value: capaian, printed or computed)
    implausible: pd.DataFrame  # rows whose capaian is above settings.capaian_bound
    flag_counts: pd.DataFrame  # file, satker, error, warning, info
    settings: CompareSettings


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
    implausible = rows[rows["value"] > settings.capaian_bound]
    rows = rows.assign(value=rows["value"].where(rows["value"] <= settings.capaian_bound))
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
        rows,
        implausible,
        _flag_counts(flags),
        settings,
    )


def _flag_counts(flags: pd.DataFrame | None) -> pd.DataFrame:
    columns = ["file", "satker", "error", "warning", "info"]
    if flags is None or flags.empty:
        return pd.DataFrame(columns=columns)
    counts = flags.pivot_table(index=["file", "satker"], columns="severity", values="code", aggfunc="count", fill_value=0)
    return counts.reindex(columns=["error", "warning", "info"], fill_value=0).reset_index()[columns]


def _flags(flags: pd.DataFrame | None, indicators: pd.DataFrame) -> pd.DataFrame:
    """The batch's flags table, or an empty one of the same columns (a batch combined before it)."""
    if flags is not None:
        return flags
    columns = ["file", "satker", "level", "region", "province", "report_year", "code", "severity"]
    return pd.DataFrame({c: pd.Series(dtype=indicators[c].dtype if c in indicators else "object") for c in columns})


def write_comparison(comparison: Comparison, outdir: Path) -> list[Path]:
    """The comparison's CSV files (the HTML pages are ``output.compare_page``'s, built on these)."""
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
    return paths
