"""Lay the capaian and Perjanjian Kinerja tables out as grids, with truth rows of what they print.

Each builder turns content + spec into a ``Grid`` and the truth rows of the values
printed in it (report-year values in the gold format, every other year's value in ``other_years``),
each with the raw string as printed so a test can find it on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from samples.layouts.content import Indicator, Report
from samples.layouts.formats import fmt_indicator, fmt_percent, satuan_text
from samples.layouts.grid import Cell, Column, Grid, fit_widths, frame_width, header_cells
from samples.layouts.spec import LayoutSpec, PerfSpec, PkSpec, renstra_year


@dataclass(frozen=True)
class Built:
    grid: Grid
    rows: tuple[dict[str, Any], ...]  # truth rows (performance, agreement or budget)
    other_years: tuple[dict[str, Any], ...]


def _groups(items: tuple[Indicator, ...]) -> list[list[Indicator]]:
    out: list[list[Indicator]] = []
    for ind in items:
        if out and out[-1][0].sasaran == ind.sasaran:
            out[-1].append(ind)
        else:
            out.append([ind])
    return out


def _band_text(style: str, number: int, sasaran: str) -> str:
    if style == "numbered":
        return f"Sasaran Strategis {number}: {sasaran}"
    if style == "ss":
        return f"SS{number}. {sasaran}"
    return sasaran


def _perf_columns(p: PerfSpec, year: int) -> list[Column]:
    cols: list[Column] = []
    trio_parent: tuple[str, ...] = ()
    if p.header == "two_level":
        trio_parent = (p.label_parent,)
    elif p.header == "three_level":
        trio_parent = (p.label_grandparent, p.label_parent)
    if p.number_col:
        cols.append(Column("no", ("No",)))
    if p.sasaran in ("column", "column_once", "merged"):
        cols.append(Column("sasaran", (p.label_sasaran,), "left", "label", 2.0))
    cols.append(Column("indicator", (p.label_indicator,), "left", "label", 3.0))
    opt = set(p.optional)
    if "satuan" in opt and p.satuan_after_indicator:
        cols.append(Column("satuan", (p.label_satuan,), "center", "text"))
    if "renstra" in opt:
        cols.append(Column("renstra", (p.label_renstra,)))
    split = p.header == "year_split"
    if "prior" in opt and p.prior_first and not split:
        cols.append(Column("prior", (p.label_prior,)))
    cols.append(Column("target", (*trio_parent, p.label_target)))
    if split:
        cols += [Column("prior", ("Realisasi", str(year - 1))), Column("realisasi", ("Realisasi", str(year)))]
    else:
        cols.append(Column("realisasi", (*trio_parent, p.label_realisasi)))
    if p.capaian:
        cols.append(Column("capaian", (*trio_parent, p.label_capaian)))
    if "prior" in opt and not p.prior_first and not split:
        cols.append(Column("prior", (p.label_prior,)))
    if "next_target" in opt:
        cols.append(Column("next_target", (p.label_next,)))
    if "satuan" in opt and not p.satuan_after_indicator:
        cols.append(Column("satuan", (p.label_satuan,), "center", "text"))
    for key, label in (
        ("kategori", p.label_kategori),
        ("sumber", p.label_sumber),
        ("keterangan", p.label_keterangan),
    ):
        if key in opt:
            cols.append(Column(key, (label,), "center", "text"))
    return cols


def finish(
    kind: str,
    caption: str,
    spec: LayoutSpec,
    cols: list[Column],
    cells: list[Cell],
    header_rows: int,
    nrows: int,
    landscape: bool,
    bands: list[int],
    totals: list[int],
) -> Grid:
    widths, size = fit_widths(cols, cells, spec.font, spec.font_size, frame_width(spec, landscape))
    return Grid(
        kind,
        caption,
        tuple(cols),
        widths,
        size,
        header_rows,
        nrows,
        tuple(cells),
        landscape,
        tuple(bands),
        tuple(totals),
    )


def build_perf(report: Report, spec: LayoutSpec, caption: str) -> Built:
    p = spec.perf
    cols = _perf_columns(p, spec.year)
    keys = [c.key for c in cols]
    cells, r = header_cells(cols, p.number_row)
    header_rows = r
    satuan = "satuan" in keys
    fmt: dict[str, Any] = {
        "style": p.percent,
        "decimal": p.decimal,
        "empty": spec.empty,
        "satuan_column": satuan,
        "unit_case": p.unit_case,
    }
    rows: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    bands: list[int] = []
    counter = 0
    ry = renstra_year(spec.year)
    for g, group in enumerate(_groups(report.indicators), start=1):
        if p.sasaran == "band":
            cells.append(
                Cell(
                    r,
                    0,
                    _band_text(p.band_style, g, group[0].sasaran),
                    1,
                    len(cols),
                    "left",
                    True,
                    kind="band",
                )
            )
            bands.append(r)
            r += 1
        for i, ind in enumerate(group):
            counter += 1
            first = i == 0
            span = len(group) if p.sasaran == "merged" and first else 1
            cap = (
                fmt_percent(ind.capaian, p.percent, p.decimal)
                if isinstance(ind.capaian, int | float)
                else spec.empty
            )
            texts = {
                "satuan": satuan_text(ind.unit, p.with_unit_in_satuan_percent),
                "renstra": fmt_indicator(ind.renstra, ind.unit, **fmt),
                "prior": fmt_indicator(ind.prior, ind.unit, **fmt),
                "target": fmt_indicator(ind.target, ind.unit, **fmt),
                "realisasi": fmt_indicator(ind.realisasi, ind.unit, **fmt),
                "capaian": cap,
                "next_target": fmt_indicator(ind.next_target, ind.unit, **fmt),
                "kategori": ind.kategori,
                "sumber": ind.sumber,
                "keterangan": ind.keterangan or spec.empty,
            }
            for c, key in enumerate(keys):
                if key == "no":
                    if p.number_per_group and p.sasaran != "band":
                        if first:
                            cells.append(Cell(r, c, str(g), span, align="center"))
                        elif p.sasaran != "merged":
                            cells.append(Cell(r, c, ""))
                    else:
                        cells.append(Cell(r, c, str(counter), align="center"))
                elif key == "sasaran":
                    if first:
                        cells.append(Cell(r, c, ind.sasaran, span))
                    elif p.sasaran == "column":
                        cells.append(Cell(r, c, ind.sasaran))
                    elif p.sasaran == "column_once":
                        cells.append(Cell(r, c, ""))
                elif key == "indicator":
                    cells.append(Cell(r, c, ind.text))
                else:
                    cells.append(Cell(r, c, texts[key], align=cols[c].align))
            rows.append(
                {
                    "sasaran": None if p.sasaran == "none" else ind.sasaran,
                    "indicator": ind.text,
                    "target": ind.target,
                    "realisasi": ind.realisasi,
                    "capaian": ind.capaian if p.capaian else None,
                    "unit": ind.unit,
                    "raw": {k: texts[k] for k in ("target", "realisasi", "capaian") if k in keys},
                }
            )
            for key, year, field in (
                ("prior", spec.year - 1, "realisasi"),
                ("renstra", ry, "target"),
                ("next_target", spec.year + 1, "target"),
            ):
                if key in keys:
                    others.append(
                        {
                            "kind": "performance",
                            "label": ind.text,
                            "year": year,
                            "field": field,
                            "value": getattr(ind, key),
                            "raw": texts[key],
                            "column": key,
                            "table": caption,
                        }
                    )
            r += 1
    grid = finish("performance", caption, spec, cols, cells, header_rows, r, False, bands, [])
    return Built(grid, tuple(rows), tuple(others))


def build_pk(report: Report, spec: LayoutSpec, pk: PkSpec, caption: str) -> Built:
    cols: list[Column] = []
    if pk.number_col:
        cols.append(Column("no", ("No",)))
    if pk.sasaran in ("column", "column_once", "merged"):
        cols.append(Column("sasaran", ("Sasaran Strategis",), "left", "label", 2.0))
    cols.append(Column("indicator", (pk.label_indicator,), "left", "label", 3.0))
    if pk.satuan:
        cols.append(Column("satuan", ("Satuan",), "center", "text"))
    cols.append(Column("target", (pk.label_target,)))
    keys = [c.key for c in cols]
    cells, r = header_cells(cols, pk.number_row)
    header_rows = r
    rows: list[dict[str, Any]] = []
    bands: list[int] = []
    for g, group in enumerate(_groups(report.indicators), start=1):
        if pk.sasaran == "band":
            cells.append(
                Cell(
                    r, 0, _band_text("numbered", g, group[0].sasaran), 1, len(cols), "left", True, kind="band"
                )
            )
            bands.append(r)
            r += 1
        for i, ind in enumerate(group):
            first = i == 0
            span = len(group) if pk.sasaran == "merged" and first else 1
            target = fmt_indicator(
                ind.target,
                ind.unit,
                style=spec.perf.percent,
                decimal=spec.perf.decimal,
                empty=spec.empty,
                satuan_column=pk.satuan,
                unit_case=spec.perf.unit_case,
            )
            for c, key in enumerate(keys):
                if key == "no":
                    if first:
                        cells.append(Cell(r, c, str(g), span, align="center"))
                    elif pk.sasaran != "merged":
                        cells.append(Cell(r, c, ""))
                elif key == "sasaran":
                    if first or pk.sasaran == "column":
                        cells.append(Cell(r, c, ind.sasaran, span))
                    elif pk.sasaran == "column_once":
                        cells.append(Cell(r, c, ""))
                elif key == "indicator":
                    cells.append(Cell(r, c, ind.text))
                elif key == "satuan":
                    cells.append(Cell(r, c, satuan_text(ind.unit, True), align="center"))
                else:
                    cells.append(Cell(r, c, target, align="center"))
            rows.append(
                {
                    "sasaran": None if pk.sasaran == "none" else ind.sasaran,
                    "indicator": ind.text,
                    "target": ind.target,
                    "unit": ind.unit,
                    "raw": {"target": target},
                }
            )
            r += 1
    grid = finish("agreement", caption, spec, cols, cells, header_rows, r, False, bands, [])
    return Built(grid, tuple(rows), ())
