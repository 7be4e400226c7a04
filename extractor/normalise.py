"""Stage 6 — normalise: semantic rows into indicator and budget records with typed values.

Values are parsed here, once, with the column's decimal convention decided from the whole column;
indicators are matched to the catalogue and merged across tables (the target from the Perjanjian
Kinerja, the realisasi from the capaian table) into one record per indicator and year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from rapidfuzz import fuzz, process

from extractor.budget_repairs import budget_repairs, sisa_repairs
from extractor.budget_sums import sum_repairs
from extractor.catalogue import CatalogueEntry, Matcher, match_program, recompute_capaian
from extractor.catalogue.wrapped import join_broken_words
from extractor.figure_repairs import Fractions, column_fractions, lost_comma, ocr_grade, ocr_repairs
from extractor.glyphs import normalise_text
from extractor.header import Role
from extractor.models import (
    BBox,
    BudgetLevel,
    BudgetRecord,
    Cell,
    CellValue,
    Flag,
    IndicatorRecord,
    Provenance,
    Table,
)
from extractor.roles import RoledTable
from extractor.rows import SemanticRow, split_code
from extractor.values import (
    ValueKind,
    column_decimal_style,
    parse_amount,
    parse_value,
    percent_column,
    to_cell_value,
)
from extractor.vocabulary import TOTAL_NAME, YEAR_DIGITS

_NUMBERING = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|[a-z][.)]|[IVX]+[.)]|-|•)\s+", re.I)
_SPACES = re.compile(r"\s+")

DecimalHint = Literal["id", "en"] | None


@dataclass(frozen=True)
class Records:
    """What normalise hands to audit and the writers: all occurrences, and the merged view."""

    occurrences: tuple[IndicatorRecord, ...]  # one per table row (for duplicate audits)
    indicators: tuple[IndicatorRecord, ...]  # merged: one per indicator and year
    budget: tuple[BudgetRecord, ...]
    flags: tuple[Flag, ...]


def clean_label(text: str) -> str:
    t = _SPACES.sub(" ", normalise_text(text)).strip()
    t = _NUMBERING.sub("", t)
    return t.strip(" .;:-*")


def _prov(file: str, cell: Cell, table: Table) -> Provenance:
    return Provenance(file, cell.page, cell.line, cell.bbox, table.method, table.index)


def _row_prov(file: str, cells: Sequence[Cell], table: Table) -> Provenance:
    first = min(cells, key=lambda c: (c.line or 0, c.col))
    return Provenance(
        file,
        first.page,
        first.line,
        BBox.enclosing(c.bbox for c in cells if c.bbox),
        table.method,
        table.index,
    )


@dataclass(frozen=True)
class ColumnHints:
    """What a whole column says about each of its cells: the decimal convention, and whether it is
    a percent column (so an OCR'd '10096' is read as '100%', with the repair recorded)."""

    decimal: dict[int, DecimalHint]
    percent: frozenset[int]
    fractions: dict[int, Fractions | None]  # how the column prints its fractions (``column_fractions``)

    def fractions_of(self, row: SemanticRow, role: Role) -> Fractions | None:
        cell = row.cells.get(role)
        return None if cell is None else self.fractions.get(cell.col)


def _column_hints(rt: RoledTable) -> ColumnHints:
    """Keyed by column, not role: a prior-year column's cells stand under the role they have in
    their own year's row (realisasi), and its hints are its own, not the report year's column's."""
    decimal: dict[int, DecimalHint] = {}
    fractions: dict[int, Fractions | None] = {}
    percent = set()
    for col in range(len(rt.roles.roles)):
        raws = [r.cells[col].text for r in rt.body if col < len(r.cells) and not r.cells[col].empty]
        decimal[col] = column_decimal_style(raws)
        fractions[col] = column_fractions(raws)
        if percent_column(raws, ocr=rt.table.method.ocr):
            percent.add(col)
    return ColumnHints(decimal, frozenset(percent), fractions)


def _value(
    file: str, row: SemanticRow, role: Role, table: Table, hints: ColumnHints, expect: str
) -> CellValue | None:
    cell = row.cells.get(role)
    if cell is None or cell.empty:
        return None
    ocr = table.method.ocr
    decimal = hints.decimal.get(cell.col)
    if expect == "amount":
        parsed = parse_amount(cell.text, decimal_hint=decimal, ocr=ocr)
    else:
        if expect == "any" and cell.col in hints.percent and _percent_unit(row.cells.get(Role.UNIT)):
            expect = "percent"
        parsed = parse_value(cell.text, expect=expect, decimal_hint=decimal, ocr=ocr)  # type: ignore[arg-type]
    return to_cell_value(parsed, _prov(file, cell, table), cell.conf)


def _percent_unit(unit: Cell | None) -> bool:
    """The row's Satuan, if printed, allows a percent: a 'Nilai' row's bare '75' in a column of
    percents stays a score."""
    return unit is None or unit.empty or unit.text.strip().lower().strip("()") in _PERCENT_UNITS


_PERCENT_UNITS = ("%", "persen", "persentase")  # how a Satuan cell names a percent


_ORDINAL_UNITS = frozenset({"grade", "opini"})  # catalogue units of ranked verdicts, not figures


def _unit(
    label: str, values: Sequence[CellValue | None], unit_cell: Cell | None, catalogue_unit: str | None
) -> str | None:
    for v in values:
        if v is not None and v.unit and v.unit != "rupiah":
            return v.unit
    if unit_cell is not None and not unit_cell.empty:
        return unit_cell.text.strip().lower()
    # a measure scored either way ('Nilai SAKIP': 72,5 or BB) takes the catalogue's ordinal unit
    # only when its figures are grades or opinions
    numeric = any(v is not None and isinstance(v.value, int | float) for v in values)
    if catalogue_unit and not (numeric and catalogue_unit in _ORDINAL_UNITS):
        return catalogue_unit
    low = label.lower()
    if low.startswith(("persentase", "prosentase", "presentase")):
        return "%"
    if low.startswith(("nilai", "indeks")):
        return "nilai"
    return None


def _percent_beside_percent(
    file: str, row: SemanticRow, table: Table, hints: ColumnHints, pair: tuple[CellValue | None, CellValue | None]
) -> tuple[CellValue | None, CellValue | None]:
    """A scan's target and realisasi measure the same thing: beside one printed as a percent, the
    other is read as a percent too, so a '%' OCR glued on as '96' ('94,796' beside '100%') is taken
    off as it is in a percent column. Only a reading that changes the figure is taken."""
    out = list(pair)
    for i, (role, other) in enumerate(((Role.TARGET, pair[1]), (Role.REALISASI, pair[0]))):
        v = pair[i]
        if v is None or other is None or other.kind != ValueKind.PERCENT.value or v.kind == other.kind:
            continue
        again = _value(file, row, role, table, hints, "percent")
        if again is not None and again.kind == ValueKind.PERCENT.value and again.value != v.value:
            out[i] = again
    return out[0], out[1]


def _numeric(v: CellValue | None) -> float | int | str | None:
    return None if v is None else v.value


def _computed(target: CellValue | None, realisasi: CellValue | None, entry: CatalogueEntry | None) -> float | None:
    """Capaian recomputed from the row's target and realisasi, the catalogue's direction and type."""
    if target is None or realisasi is None:
        return None
    value_type = entry.value_type if entry else _value_type(target)
    direction = entry.direction if entry else "higher_is_better"
    return recompute_capaian(_numeric(target), _numeric(realisasi), direction=direction, value_type=value_type)


def indicator_record(
    file: str, row: SemanticRow, rt: RoledTable, hints: ColumnHints, matcher: Matcher
) -> IndicatorRecord | None:
    table = rt.table
    label_cell = next(
        (
            row.cells[r]
            for r in (Role.INDICATOR, Role.NAME, Role.SASARAN)
            if r in row.cells and not row.cells[r].empty
        ),
        None,
    )
    if label_cell is None:
        return None
    label = join_broken_words(clean_label(label_cell.text), matcher.printed_words)
    if not label:
        return None
    target = _value(file, row, Role.TARGET, table, hints, "any")
    realisasi = _value(file, row, Role.REALISASI, table, hints, "any")
    capaian = _value(file, row, Role.CAPAIAN, table, hints, "percent")
    if table.method.ocr:
        target, realisasi = _percent_beside_percent(file, row, table, hints, (target, realisasi))
    result = matcher.match(label)
    entry = matcher.catalogue.get(result.match.id) if result.match else None
    if entry is not None and entry.value_type == "grade" and table.method.ocr:
        target, realisasi = ocr_grade(target), ocr_grade(realisasi)
    unit = _unit(label, (target, realisasi), row.cells.get(Role.UNIT), entry.unit if entry else None)
    computed = _computed(target, realisasi, entry)
    if table.method.ocr:
        higher = entry is None or entry.direction == "higher_is_better"
        target, realisasi, capaian = ocr_repairs(target, realisasi, capaian, computed, higher)
        if unit in _PERCENT_UNITS:  # what the row's arithmetic could not put right
            target = lost_comma(target, hints.fractions_of(row, Role.TARGET))
            realisasi = lost_comma(realisasi, hints.fractions_of(row, Role.REALISASI))
        computed = _computed(target, realisasi, entry)
    sasaran = join_broken_words(clean_label(row.sasaran), matcher.printed_words) if row.sasaran else None
    cells = [c for c in row.cells.values() if not c.empty]
    return IndicatorRecord(
        indicator_id=result.match.id if result.match else None,
        measure_id=(result.match.measure or result.match.id) if result.match else None,
        label=label,
        label_raw=label_cell.text,
        match_score=result.match.score
        if result.match
        else (result.candidates[0].score if result.candidates else None),
        sasaran=sasaran or None,
        unit=unit,
        target=target,
        realisasi=realisasi,
        capaian=capaian,
        capaian_computed=computed,
        year=row.year,
        provenance=_row_prov(file, cells, table),
        candidates=result.candidates,
        role="agreement" if row.kind == "agreement" else "performance",
    )


def _value_type(v: CellValue) -> str:
    if v.kind == ValueKind.GRADE.value:
        return "grade"
    if v.kind == ValueKind.OPINION.value:
        return "opinion"
    if v.kind == ValueKind.PERCENT.value:
        return "percent"
    return "count" if v.kind == ValueKind.COUNT.value else "index"


def budget_level(code: str | None, name: str, row: SemanticRow, rt: RoledTable) -> BudgetLevel:
    """The budget hierarchy level from the code's shape, then the name, then the column."""
    low = name.lower()
    if TOTAL_NAME.match(low):
        return "total"
    if code:
        c = code.upper()
        if re.fullmatch(r"\d{3}\.\d{2}\.[A-Z]{2}|[A-Z]{2}", c):
            return "program"
        if re.fullmatch(r"(?:[A-Z]{2}\.)?\d{4}", c):
            return "kegiatan"
        if re.fullmatch(r"(?:\d{4}\.)?[A-Z]{3}\.\d{3}|[A-Z]{3}\.?", c):
            return "ro"
        if re.fullmatch(r"\d{4}\.[A-Z]{3}", c):
            return "kro"
        if re.fullmatch(r"5\d{5}", c):
            return "jenis_belanja"
    if low.startswith("program"):
        return "program"
    if low.startswith("belanja"):
        return "jenis_belanja"
    if Role.YEAR in row.cells:
        return "total"
    if rt.roles.kind == "mixed" or (Role.INDICATOR in row.cells and Role.TARGET in rt.roles.roles):
        return "indikator"
    header = rt.roles.header_text.lower()
    if "sasaran" in header and Role.INDICATOR not in row.cells and Role.NAME not in row.cells:
        return "sasaran"
    if "kegiatan" in header and Role.INDICATOR not in row.cells:
        return "kegiatan"
    if "program" in header and Role.INDICATOR not in row.cells:
        return "program"
    return "other"


_YEAR_NAME = re.compile(rf"^\s*(?:tahun(?:\s+anggaran)?\s+|t\.?a\.?\s*)?({YEAR_DIGITS})\s*$", re.I)


def _year_named(row: SemanticRow, name: str) -> re.Match[str] | None:
    """The year a budget row is named by, when its name is that year or it has no name but a year."""
    if name.strip():
        return _YEAR_NAME.match(name)
    return next((m for c in row.cells.values() if (m := _YEAR_NAME.match(c.text))), None)


def _budget_name_cell(row: SemanticRow) -> Cell | None:
    """Which cell names the budget line: an output (RO) printed with its code in the indicator
    column, else the program/kegiatan column, else any label; a total's words may sit anywhere."""
    indicator, name = row.cells.get(Role.INDICATOR), row.cells.get(Role.NAME)
    if indicator is not None and not indicator.empty and split_code(indicator.text)[0]:
        return indicator
    for cell in (name, indicator, row.cells.get(Role.SASARAN), row.cells.get(Role.YEAR)):
        if cell is not None and not cell.empty:
            return cell
    texts = [c for c in row.cells.values() if not c.empty and parse_value(c.text).kind == ValueKind.TEXT]
    return min(texts, key=lambda c: c.col) if texts else None


def budget_record(
    file: str, row: SemanticRow, rt: RoledTable, hints: ColumnHints, matcher: Matcher
) -> BudgetRecord | None:
    table = rt.table
    pagu = _value(file, row, Role.PAGU, table, hints, "amount")
    realisasi = _value(file, row, Role.REAL_RP, table, hints, "amount")
    if not isinstance(_numeric(pagu), int) and not isinstance(_numeric(realisasi), int):
        return None
    persen = _value(file, row, Role.PERSEN, table, hints, "percent")
    if table.method.ocr:
        sisa = _value(file, row, Role.SISA, table, hints, "amount")
        pagu, realisasi = sisa_repairs(pagu, realisasi, sisa, persen)
        pagu, realisasi, persen = budget_repairs(pagu, realisasi, persen)
    name_cell = _budget_name_cell(row)
    raw_name = name_cell.text if name_cell else ""
    code_cell = row.cells.get(Role.KODE)
    code, name = split_code(join_broken_words(clean_label(raw_name), matcher.printed_words))
    if code_cell is not None and not code_cell.empty:
        code = code_cell.text.strip().replace(" ", "")
    if code and row.parent_code and re.fullmatch(r"[A-Z]{3}\.\d{3}", code):
        code = f"{re.sub(r'[^0-9]', '', row.parent_code)}.{code}"
    if name_cell is not None and name_cell is row.cells.get(Role.YEAR):
        name = f"Tahun {m.group(1) if (m := _YEAR_NAME.match(name)) else name}"
    level = budget_level(code, name or raw_name, row, rt)
    if level in ("other", "indikator", "kegiatan", "program") and not code:
        known = match_program(name or raw_name, matcher.catalogue)
        if known is not None and not TOTAL_NAME.match((name or raw_name).lower()):
            level, code = known.level, known.code  # type: ignore[assignment]
    year = row.year
    if level == "other" and (m := _year_named(row, name)):
        # a row named by a year alone ('2021', 'TA 2022') is that year's total: a multi-year table
        year, level, name = int(m.group(1)), "total", f"Tahun {m.group(1)}"
    p, r = _numeric(pagu), _numeric(realisasi)
    computed = round(r * 100 / p, 2) if isinstance(p, int) and isinstance(r, int) and p > 0 else None
    cells = [c for c in row.cells.values() if not c.empty]
    return BudgetRecord(
        level=level,
        code=code,
        name=name or raw_name,
        pagu=pagu,
        realisasi=realisasi,
        persen=persen,
        persen_computed=computed,
        year=year,
        provenance=_row_prov(file, cells, table),
        table_caption=table.caption,
    )


def build_records(
    file: str, roled: Sequence[RoledTable], rows_by_table: Sequence[Sequence[SemanticRow]], matcher: Matcher
) -> Records:
    occurrences: list[IndicatorRecord] = []
    budget: list[BudgetRecord] = []
    flags: list[Flag] = []
    for rt, rows in zip(roled, rows_by_table, strict=True):
        hints = _column_hints(rt)
        for row in rows:
            if row.kind == "budget":
                rec = budget_record(file, row, rt, hints, matcher)
                if rec is not None:
                    budget.append(rec)
                continue
            ind = indicator_record(file, row, rt, hints, matcher)
            if ind is None:
                continue
            occurrences.append(ind)
            flags.extend(_value_flags(ind))
    budget = sum_repairs(budget)
    for rec in budget:
        flags.extend(_cell_flags(rec.name, (("pagu", rec.pagu), ("realisasi", rec.realisasi)), amounts=True))
    merged = merge_indicators(occurrences, matcher)
    flags.extend(_unmatched_flags(merged))
    return Records(tuple(occurrences), tuple(merged), tuple(budget), tuple(flags))


def _unmatched_flags(merged: Sequence[IndicatorRecord]) -> list[Flag]:
    """One flag per label no catalogue entry matched, citing each of its rows (a label read for
    the report year and a prior year is one question for the reviewer, not two)."""
    groups: dict[str, list[IndicatorRecord]] = {}
    for ind in merged:
        if ind.indicator_id is None:
            groups.setdefault(ind.label, []).append(ind)
    flags = []
    for label, rows in groups.items():
        first = rows[0]
        best = f" (best candidate {first.candidates[0].id} at {first.candidates[0].score:.0f})" if first.candidates else ""
        cited = tuple(dict.fromkeys(r.provenance for r in rows))
        message = f"'{label[:80]}' matches no catalogue indicator with confidence{best}"
        flags.append(Flag("unmatched_indicator", "info", message, cited, {"label": label}))
    return flags


def _value_flags(ind: IndicatorRecord) -> list[Flag]:
    return _cell_flags(ind.label, (("target", ind.target), ("realisasi", ind.realisasi), ("capaian", ind.capaian)))


def _cell_flags(label: str, values: Sequence[tuple[str, CellValue | None]], *, amounts: bool = False) -> list[Flag]:
    """A warning per value cell that reads as no value: an indicator's figure, or a budget amount
    no repair could read ('Rp 27.410.862.4%6,-'), which is never emitted as if it were one."""
    flags = []
    for name, v in values:
        unread = v is not None and (v.value is None or (amounts and v.kind == ValueKind.TEXT.value))
        if v is not None and unread and v.kind != ValueKind.EMPTY.value:
            flags.append(
                Flag(
                    "unparseable_cell",
                    "warning",
                    f"{name} '{v.raw}' of '{label[:60]}' is not a value",
                    (v.provenance,),
                    {"raw": v.raw},
                )
            )
    return flags


def _key(ind: IndicatorRecord) -> tuple[str, int | None]:
    return (ind.indicator_id or clean_label(ind.label).lower(), ind.year)


def merge_indicators(occurrences: Sequence[IndicatorRecord], matcher: Matcher) -> list[IndicatorRecord]:
    """One record per indicator and year: the performance table's values first, then the agreement's."""
    groups: dict[tuple[str, int | None], list[list[IndicatorRecord]]] = {}
    for ind in occurrences:
        # two rows of one table are two rows, even when their wordings match one catalogue entry
        slots = groups.setdefault(_key(ind), [])
        free = next((g for g in slots if all(o.provenance.table != ind.provenance.table for o in g)), None)
        if free is None:
            slots.append([ind])
        else:
            free.append(ind)
    out = []
    for items in _join_misread(list(g for slots in groups.values() for g in slots)):
        items.sort(key=lambda i: 0 if i.role == "performance" else 1)
        primary = items[0]
        for other in items[1:]:
            if primary.indicator_id is None and other.indicator_id is not None:  # see _join_misread
                primary = replace(
                    primary,
                    indicator_id=other.indicator_id,
                    measure_id=other.measure_id,
                    match_score=other.match_score,
                    candidates=other.candidates,
                )
            primary = replace(
                primary,
                target=primary.target or other.target,
                realisasi=primary.realisasi or other.realisasi,
                capaian=primary.capaian or other.capaian,
                sasaran=primary.sasaran or other.sasaran,
                unit=primary.unit or other.unit,
            )
        if primary.capaian_computed is None and primary.target is not None and primary.realisasi is not None:
            primary = replace(primary, capaian_computed=_recompute(primary, matcher))
        out.append(primary)
    out.sort(key=lambda i: (i.provenance.page or 0, i.provenance.line or 0, i.provenance.table or 0))
    return out


def _join_misread(groups: list[list[IndicatorRecord]]) -> list[list[IndicatorRecord]]:
    """Agreement rows joined to the capaian row of the same indicator whose wording OCR damaged
    ('Jumlah Pembayaran Gaji dan Tun}', so it matched no catalogue entry): the labels are near
    alike, the year is one and the targets are equal. Anything less stays apart."""
    def alone(g: list[IndicatorRecord], role: str) -> bool:
        return all(i.role == role and (role == "agreement" or i.indicator_id is None) for i in g)

    perf = [g for g in groups if alone(g, "performance")]
    labels = [clean_label(g[0].label).lower() for g in perf]
    joined: set[int] = set()
    out = []
    for g in groups:
        if not alone(g, "agreement") or not labels:
            out.append(g)
            continue
        ind = g[0]
        hits = process.extract(clean_label(ind.label).lower(), labels, scorer=fuzz.token_set_ratio, score_cutoff=90)
        k = next((k for _, _, k in hits if k not in joined and _same_target(perf[k][0], ind)), None)
        if k is None:
            out.append(g)
        else:
            joined.add(k)
            perf[k].extend(g)
    return out


def _same_target(a: IndicatorRecord, b: IndicatorRecord) -> bool:
    return a.year == b.year and a.target is not None and b.target is not None and a.target.value == b.target.value


def _recompute(ind: IndicatorRecord, matcher: Matcher) -> float | None:
    """Capaian from merged values, with the catalogue's direction (lower-is-better indicators)."""
    assert ind.target is not None and ind.realisasi is not None
    entry = matcher.catalogue.get(ind.indicator_id) if ind.indicator_id else None
    return recompute_capaian(
        ind.target.value,
        ind.realisasi.value,
        direction=entry.direction if entry else "higher_is_better",
        value_type=entry.value_type if entry else _value_type(ind.target),
    )
