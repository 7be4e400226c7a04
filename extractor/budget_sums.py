"""Scanned budget amounts put right from the table's sums (stage: normalise, OCR tables only).

A budget table prints parents next to their rows and a total under the top level, to the rupiah.
When one cell of such a sum does not add up and exactly one of its OCR readings
(``budget_repairs.amount_readings``: a digit misread, lost or added, a mark among the digits)
makes the sum exact, that reading is taken, the raw text and a note kept on the value. A row's
printed % must still agree with the reading. Anything else is left for the audit to flag.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from extractor.audit.cells import AMOUNT_FIELDS
from extractor.audit.rollup import budget_tables, nesting, roots, top_level
from extractor.budget_repairs import amount_readings, budget_row_fits
from extractor.models import BudgetRecord, CellValue


def sum_repairs(budget: Sequence[BudgetRecord]) -> list[BudgetRecord]:
    """The budget records with cells of OCR tables that one reading makes add up put right."""
    fixed = {id(r): r for r in budget}
    for rows in budget_tables(budget):
        if not rows[0].provenance.method.ocr:
            continue
        current = list(rows)
        sums = [[parent, *kids] for parent, kids in _sums(current)]
        for cells in sums:
            for field in AMOUNT_FIELDS:
                held = {
                    k
                    for other in sums
                    if other is not cells and _adds_up(current, other, field)
                    for k in other
                }
                if (found := _one_reading(current, cells, field, held)) is not None:
                    k, value = found
                    current[k] = _with(current[k], field, value)
        fixed.update({id(old): new for old, new in zip(rows, current, strict=True)})
    return [fixed[id(r)] for r in budget]


def _sums(rows: Sequence[BudgetRecord]) -> Iterator[tuple[int, list[int]]]:
    """(parent, children) index sets that must add up: nested levels, and a total over the top
    level of the rows before it (of its year)."""
    yield from nesting(rows).items()
    at = {id(r): i for i, r in enumerate(rows)}
    for i, rec in enumerate(rows):
        if rec.level != "total":
            continue
        before = [r for r in rows[:i] if r.level != "total" and r.year == rec.year]
        for option in (top_level(before), roots(before)):
            if option:
                yield i, [at[id(r)] for r in option]
                break


def _with(rec: BudgetRecord, field: str, v: CellValue) -> BudgetRecord:
    return replace(rec, pagu=v) if field == "pagu" else replace(rec, realisasi=v)


def _amount(v: CellValue | None) -> int | None:
    x = None if v is None else v.value
    return x if isinstance(x, int) and not isinstance(x, bool) else None


def _adds_up(rows: Sequence[BudgetRecord], cells: Sequence[int], field: str) -> bool:
    values = [_amount(getattr(rows[k], field)) for k in cells]
    return None not in values and values[0] == sum(values[1:])  # type: ignore[arg-type]


def _one_reading(
    rows: Sequence[BudgetRecord], cells: Sequence[int], field: str, held: set[int]
) -> tuple[int, CellValue] | None:
    """(row, reading) when one cell of the sum (parent first) is off and exactly one of its
    readings fits. The sum must be a complete one: its other field adds up (no row is missing),
    or the cell did not read as an amount, or its own row's % did not agree and agrees with the
    reading; and a cell of another sum that adds up as read is not changed."""
    values = [_amount(getattr(rows[k], field)) for k in cells]
    if sum(v is None for v in values) > 1 or _adds_up(rows, cells, field):
        return None
    complete = _adds_up(rows, cells, "realisasi" if field == "pagu" else "pagu") or _twins_add_up(rows, cells)
    found: dict[tuple[int, int], CellValue] = {}
    for pos, k in enumerate(cells):
        others = [v for j, v in enumerate(values) if j != pos]
        if None in others or k in held:
            continue
        need = sum(others) if pos == 0 else others[0] - sum(others[1:])  # type: ignore[operator,arg-type]
        shown = complete or values[pos] is None or not budget_row_fits(rows[k])
        for value, reading in amount_readings(getattr(rows[k], field)):
            if value == need and shown and budget_row_fits(_with(rows[k], field, reading)):
                found[(k, value)] = _noted(reading)
    if len(found) != 1:
        return None
    (k, _), reading = next(iter(found.items()))
    return k, reading


def _twins_add_up(rows: Sequence[BudgetRecord], cells: Sequence[int]) -> bool:
    """The sum's rows are complete by the other year's records of the same printed rows: a
    prior-year column has no pagu to show that no row is missing, but its rows' report-year
    records, printed beside them, add up."""
    twins = []
    for k in cells:
        found = [j for j, r in enumerate(rows) if r.year != rows[k].year and (r.name, r.level) == (rows[k].name, rows[k].level)]
        if not found:
            return False
        twins.append(min(found, key=lambda j: abs(j - k)))
    return any(_adds_up(rows, twins, f) for f in AMOUNT_FIELDS)


def _noted(v: CellValue) -> CellValue:
    note = v.repairs[-1].replace("(the printed % pins it)", "(the table's sum pins it)")
    return replace(
        v, repairs=(*v.repairs[:-1], note.replace("(the printed % agrees)", "(the table's sum agrees)"))
    )
