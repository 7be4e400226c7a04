"""Scanned budget amounts put right from the table's sums: only where one reading alone adds up."""

from __future__ import annotations

from extractor.budget_sums import sum_repairs
from extractor.models import BudgetRecord, CellValue, Method, Provenance
from extractor.values import parse_amount, parse_value, to_cell_value


def _row(
    level: str, name: str, pagu: str, real: str, persen: str, line: int, method: Method = Method.OCR_STREAM
) -> BudgetRecord:
    prov = Provenance("scan.pdf", 1, line, None, method, 0)

    def amount(text: str) -> CellValue:
        return to_cell_value(parse_amount(text, ocr=True), prov)

    share = to_cell_value(parse_value(persen, expect="percent", ocr=True), prov)
    return BudgetRecord(level, None, name, amount(pagu), amount(real), share, None, 2024, prov)  # type: ignore[arg-type]


def _table(ro2_real: str, method: Method = Method.OCR_STREAM) -> list[BudgetRecord]:
    return [
        _row("kegiatan", "Pemutakhiran Data Pemilih", "1.000.000.000", "900.000.000", "90,00", 1, method),
        _row("ro", "Layanan Pemutakhiran", "600.000.000", "540.000.000", "90,00", 2, method),
        _row("ro", "Layanan Rekapitulasi", "400.000.000", ro2_real, "90,00", 3, method),
        _row("total", "Total", "1.000.000.000", "900.000.000", "90,00", 4, method),
    ]


def test_a_low_digit_ocr_misread_is_put_right_by_the_sums_the_table_prints() -> None:
    # '360.000.800': the % cannot tell (90,0002 %); the kegiatan's and the total's sums can, and the
    # kegiatan, whose total adds up, is not the one to change
    out = sum_repairs(_table("360.000.800"))
    real = out[2].realisasi
    assert real is not None and real.value == 360000000 and real.raw == "360.000.800"
    assert "the table's sum pins it" in real.repairs[-1]
    assert [r.realisasi for r in out[:2] + out[3:]] == [
        r.realisasi for r in _table("360.000.800")[:2] + _table("360.000.800")[3:]
    ]


def test_a_cell_no_single_reading_explains_stays_as_read() -> None:
    table = _table("360.004.000")  # '4' is no look-alike of '0': nothing reads it back
    assert sum_repairs(table) == table
    born_digital = _table("360.000.800", Method.PDF_RULED)
    assert sum_repairs(born_digital) == born_digital


def test_a_prior_year_amount_is_put_right_when_this_years_records_of_its_rows_add_up() -> None:
    # a Realisasi 2023 column: no pagu, no % to say no row is missing; the 2024 records of the
    # same printed rows add up, so the 2023 sum is complete and one reading of '270.000.800' fits
    def prior(row: BudgetRecord, real: str) -> BudgetRecord:
        value = to_cell_value(parse_amount(real, ocr=True), row.provenance)
        return BudgetRecord(row.level, None, row.name, None, value, None, None, 2023, row.provenance)

    this = _table("360.000.000")
    prior_reals = ("800.000.000", "530.000.000", "270.000.800", "800.000.000")
    rows = [x for r, real in zip(this, prior_reals, strict=True) for x in (r, prior(r, real))]
    out = sum_repairs(rows)  # the kegiatan adds up to the total as read: the row it is not
    fixed = out[5].realisasi
    assert fixed is not None and fixed.value == 270000000 and "the table's sum" in fixed.repairs[-1]
    # without this year's rows beside them nothing shows the sum complete: left as read
    alone = [r for r in rows if r.year == 2023]
    assert sum_repairs(alone) == alone


def test_a_parent_misread_is_put_right_by_the_sum_of_its_rows() -> None:
    # the kegiatan's '900.000.000' read '1.900.000.000': its rows add up to 900.000.000, and its
    # printed 90,00 % agrees; before, a parent was held to its last row alone and never mended
    rows = _table("360.000.000")[:3]  # no total row: only the kegiatan's own rows can tell
    rows[0] = _row("kegiatan", "Pemutakhiran Data Pemilih", "1.000.000.000", "1.900.000.000", "90,00", 1)
    out = sum_repairs(rows)
    fixed = out[0].realisasi
    assert fixed is not None and fixed.value == 900000000 and fixed.raw == "1.900.000.000"
    assert [r.realisasi for r in out[1:]] == [r.realisasi for r in rows[1:]]
