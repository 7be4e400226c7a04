"""Combined outputs of a batch: tidy CSV and Parquet tables plus a DuckDB file with ready views.

Built only from the per-file JSON results (never from memory), so a resumed batch produces the
same combined files as an uninterrupted one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from extractor.errors import OutputError
from extractor.review.store import apply_review, load_review, review_path
from extractor.writers import temp_path, write_csv

SATKER_COLUMNS = ("satker", "level", "region", "province", "report_year")
DUCKDB_FILE = "lakip.duckdb"

VIEWS = {
    # capaian of each indicator across units, for the report year of each report
    "capaian_per_indicator": """
        SELECT indicator_id, measure_id, label, satker, level, province, year,
               capaian, capaian_computed, target, realisasi
        FROM indicators
        WHERE indicator_id IS NOT NULL AND year = report_year
        ORDER BY measure_id, indicator_id, satker""",
    # budget absorption per unit: pagu and realisasi of one row, the unit's report-year top-level
    # total (the largest report-year total printing both); a unit without one is listed with why
    "budget_absorption": """
        WITH units AS (
            SELECT file, satker, province, report_year FROM budget
            UNION SELECT file, satker, province, report_year FROM indicators
            UNION SELECT file, satker, province, report_year FROM flags),
        totals AS (
            SELECT file, pagu, realisasi, page, line,
                   row_number() OVER (PARTITION BY file ORDER BY pagu DESC, page, line) AS n
            FROM budget
            WHERE budget_level = 'total' AND year = report_year
              AND pagu IS NOT NULL AND pagu > 0 AND realisasi IS NOT NULL),
        why AS (
            SELECT file, CASE
                WHEN count(*) FILTER (WHERE budget_level = 'total') = 0
                    THEN 'no total row in its budget tables'
                WHEN count(*) FILTER (WHERE budget_level = 'total' AND year = report_year) = 0
                    THEN 'no total row for the report year (only ' || string_agg(DISTINCT CAST(year AS VARCHAR), ', ')
                         FILTER (WHERE budget_level = 'total') || ')'
                ELSE 'the report-year total does not print both pagu and realisasi' END AS reason
            FROM budget GROUP BY file)
        SELECT u.file, u.satker, u.province, u.report_year, t.pagu, t.realisasi,
               round(100.0 * t.realisasi / t.pagu, 2) AS absorption_pct, t.page, t.line,
               CASE WHEN t.file IS NOT NULL THEN NULL
                    WHEN u.report_year IS NULL THEN 'report year unknown'
                    ELSE coalesce(w.reason, 'no budget table found') END AS reason
        FROM units u
        LEFT JOIN totals t ON t.file = u.file AND t.n = 1
        LEFT JOIN why w ON w.file = u.file
        ORDER BY absorption_pct DESC NULLS LAST, u.satker, u.file""",
    "flags_per_unit": """
        SELECT satker, report_year, severity, code, count(*) AS n
        FROM flags GROUP BY satker, report_year, severity, code
        ORDER BY satker, severity, code""",
}


def _load(outdir: Path, entries: Sequence[Any]) -> list[dict[str, Any]]:
    docs = []
    for entry in entries:
        if entry.output:
            path = outdir / entry.output
            if path.exists():
                # corrections a person made in `lakip review` reach every combined output
                doc = apply_review(json.loads(path.read_text(encoding="utf-8")), load_review(review_path(path)))
                # the path within the batch folder: two units' report.pdf stay two files
                doc["source"]["file"] = entry.file
                docs.append(doc)
    docs.sort(key=lambda d: d["source"]["file"])
    return docs


def _satker(doc: dict[str, Any]) -> dict[str, Any]:
    s = doc["satker"]
    return {
        "file": doc["source"]["file"],
        "satker": s["name"],
        "level": s["level"],
        "region": s["region"],
        "province": s["province"],
        "report_year": s["year"],
    }


def _scalar_text(value: Any) -> Any:
    """Targets mix numbers and grades; keep a numeric column and a text column."""
    return value if isinstance(value, str) else None


def _scalar_num(value: Any) -> Any:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def frames(docs: Sequence[dict[str, Any]]) -> dict[str, pd.DataFrame]:
    ind_rows, bud_rows, flag_rows = [], [], []
    for doc in docs:
        base = _satker(doc)
        for ind in doc["indicators"]:
            p = ind["provenance"]
            ind_rows.append(
                {
                    **base,
                    "indicator_id": ind["indicator_id"],
                    "measure_id": ind.get("measure_id") or ind["indicator_id"],
                    "label": ind["label"],
                    "match_score": ind["match_score"],
                    "sasaran": ind["sasaran"],
                    "unit": ind["unit"],
                    "year": ind["year"],
                    "role": ind.get("role"),
                    "target": _scalar_num(ind["target"]),
                    "target_text": _scalar_text(ind["target"]),
                    "realisasi": _scalar_num(ind["realisasi"]),
                    "realisasi_text": _scalar_text(ind["realisasi"]),
                    "capaian": ind["capaian"],
                    "capaian_computed": ind["capaian_computed"],
                    "page": p["page"],
                    "line": p["line"],
                    "method": p["method"],
                    "reviewed": ind.get("reviewed"),
                }
            )
        for b in doc["budget"]:
            p = b["provenance"]
            bud_rows.append(
                {
                    **base,
                    "budget_level": b["level"],
                    "code": b["code"],
                    "name": b["name"],
                    "year": b["year"],
                    "pagu": b["pagu"],
                    "realisasi": b["realisasi"],
                    "persen": b["persen"],
                    "persen_computed": b["persen_computed"],
                    "page": p["page"],
                    "line": p["line"],
                    "method": p["method"],
                    "reviewed": b.get("reviewed"),
                }
            )
        for f in doc["flags"]:
            p = f["provenance"][0] if f["provenance"] else {}
            flag_rows.append(
                {
                    **base,
                    "code": f["code"],
                    "severity": f["severity"],
                    "message": f["message"],
                    "page": p.get("page"),
                    "line": p.get("line"),
                }
            )
    ind_cols = [
        *("file",),
        *SATKER_COLUMNS,
        "indicator_id",
        "measure_id",
        "label",
        "match_score",
        "sasaran",
        "unit",
        "year",
        "role",
        "target",
        "target_text",
        "realisasi",
        "realisasi_text",
        "capaian",
        "capaian_computed",
        "page",
        "line",
        "method",
        "reviewed",
    ]
    bud_cols = [
        "file",
        *SATKER_COLUMNS,
        "budget_level",
        "code",
        "name",
        "year",
        "pagu",
        "realisasi",
        "persen",
        "persen_computed",
        "page",
        "line",
        "method",
        "reviewed",
    ]
    flag_cols = ["file", *SATKER_COLUMNS, "code", "severity", "message", "page", "line"]
    indicators = pd.DataFrame(ind_rows, columns=ind_cols)
    budget = pd.DataFrame(bud_rows, columns=bud_cols).astype({"pagu": "Int64", "realisasi": "Int64"})
    return {
        "indicators": indicators.astype(
            {
                "target": "Float64",
                "realisasi": "Float64",
                "capaian": "Float64",
                "capaian_computed": "Float64",
                "match_score": "Float64",
            }
        ),
        "budget": budget,
        "flags": pd.DataFrame(flag_rows, columns=flag_cols),
    }


def write_combined(outdir: Path, entries: Sequence[Any]) -> dict[str, pd.DataFrame]:
    """indicators/budget/flags as CSV and Parquet, and a DuckDB file with the same plus views."""
    tables = frames(_load(outdir, entries))
    for name, frame in tables.items():
        write_csv(frame, outdir / f"{name}.csv")
        with temp_path(outdir / f"{name}.parquet", ".parquet") as tmp:
            frame.to_parquet(tmp, index=False)
    _write_duckdb(outdir, tables)
    return tables


def absorption(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The ``budget_absorption`` view over combined tables held in memory (``lakip compare``)."""
    import duckdb

    con = duckdb.connect()
    try:
        for name in ("indicators", "budget", "flags"):
            con.register(name, tables[name])
        return con.execute(VIEWS["budget_absorption"]).df()
    finally:
        con.close()


def _write_duckdb(outdir: Path, tables: dict[str, pd.DataFrame]) -> None:
    import duckdb

    with temp_path(outdir / DUCKDB_FILE, ".duckdb") as tmp:
        tmp.unlink()  # duckdb wants to create the file itself
        try:
            con = duckdb.connect(str(tmp))
        except duckdb.Error as exc:
            raise OutputError(f"cannot write output ({exc})", path=str(outdir / DUCKDB_FILE)) from None
        try:
            for name, frame in tables.items():
                con.register("frame", frame)
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
                con.unregister("frame")
            for view, sql in VIEWS.items():
                con.execute(f"CREATE VIEW {view} AS {sql}")
        except duckdb.IOException as exc:  # a full disk, seen by DuckDB
            raise OutputError(f"cannot write output ({exc})", path=str(outdir / DUCKDB_FILE)) from None
        finally:
            con.close()
