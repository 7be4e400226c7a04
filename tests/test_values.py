"""Value parsing: table-driven cases taken from the seed reports and their gold noise notes,
plus properties (round trips, never raising, raw kept, no invented numbers)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.models import Method, Provenance
from extractor.values import (
    ParsedValue,
    ValueKind,
    column_decimal_style,
    parse_amount,
    parse_value,
    percent_column,
    to_cell_value,
)

E, N, P, A, G, OP, C, T = (
    ValueKind.EMPTY,
    ValueKind.NUMBER,
    ValueKind.PERCENT,
    ValueKind.AMOUNT,
    ValueKind.GRADE,
    ValueKind.OPINION,
    ValueKind.COUNT,
    ValueKind.TEXT,
)

# raw, keyword arguments, kind, value, unit, decimal_style
CASES: list[tuple[str, dict[str, Any], ValueKind, object, str | None, str | None]] = [
    # Indonesian and US digit groups
    ("33.801.000", {}, N, 33801000, None, "id"),
    ("99,92", {}, N, 99.92, None, "id"),
    ("94,4", {}, N, 94.4, None, "id"),
    ("34,884,986,000", {}, N, 34884986000, None, "en"),
    ("94,496,718,290", {"expect": "amount"}, A, 94496718290, "rupiah", "en"),
    ("0.75", {}, N, 0.75, None, "en"),
    ("79", {}, N, 79, None, None),
    ("0", {"expect": "amount"}, A, 0, "rupiah", None),
    ("1.234,567", {}, N, 1234.567, None, "id"),
    # a single separator before exactly three digits: expect, then hint, then Indonesian
    ("10,000", {}, N, 10.0, None, "id"),
    ("10,000", {"expect": "amount"}, A, 10000, "rupiah", "en"),
    ("10,000", {"decimal_hint": "en"}, N, 10000, None, "en"),
    ("1.234", {}, N, 1234, None, "id"),
    ("1.234", {"expect": "percent"}, P, 1.234, "%", "en"),
    ("1.234", {"decimal_hint": "en"}, N, 1.234, None, "en"),
    ("1,234", {"decimal_hint": "id"}, N, 1.234, None, "id"),
    # rupiah decorations (003 lines 389/487, 002 lines 685-690 and 988)
    ("Rp. 11.081.507.000,-", {}, A, 11081507000, "rupiah", "id"),
    ("RP. 51.412.431.000,-", {}, A, 51412431000, "rupiah", "id"),
    ("Rp.2.647.529.000", {}, A, 2647529000, "rupiah", "id"),
    ("115.805.681.000-", {}, A, 115805681000, "rupiah", "id"),
    ("2.526.500.000.-", {}, A, 2526500000, "rupiah", "id"),
    ("48.366.764.000,-", {}, A, 48366764000, "rupiah", "id"),
    ("1.234.567,00", {"expect": "amount"}, A, 1234567, "rupiah", "id"),
    ("5.640.000,0000", {"expect": "amount"}, A, 5640000, "rupiah", "id"),
    ("0,0000", {"expect": "amount"}, A, 0, "rupiah", "id"),
    ("IDR 1,000,000.00", {}, A, 1000000, "rupiah", "en"),
    ("5.000 rupiah", {}, A, 5000, "rupiah", "id"),
    ("Rp 1,5 miliar", {}, A, 1500000000, "rupiah", "id"),
    ("(1.234.000)", {"expect": "amount"}, A, -1234000, "rupiah", "id"),
    ("Rp. 51.412.431.000,- (Lima puluh satu miliar rupiah)", {}, A, 51412431000, "rupiah", "id"),
    # percentages (003 288/313, 002 675/679/936)
    ("90%", {}, P, 90.0, "%", None),
    ("90 %", {}, P, 90.0, "%", None),
    ("105%", {}, P, 105.0, "%", None),
    ("99,92%", {}, P, 99.92, "%", "id"),
    ("2,8%", {}, P, 2.8, "%", "id"),
    ("97.5%", {}, P, 97.5, "%", "en"),
    ("94.44%", {}, P, 94.44, "%", "en"),
    ("82.5%", {}, P, 82.5, "%", "en"),
    ("0.1%", {}, P, 0.1, "%", "en"),
    ("100,00", {"expect": "percent"}, P, 100.0, "%", "id"),
    ("**84,99%**", {}, P, 84.99, "%", "id"),
    ("<p>90%</p>", {}, P, 90.0, "%", None),
    ("100 persen", {}, P, 100.0, "%", None),
    # grades and opinions (000 1803, 003 373, 002 669-717)
    ("B", {}, G, "B", "grade", None),
    ("BB", {}, G, "BB", "grade", None),
    ("AA", {}, G, "AA", "grade", None),
    ("D", {}, G, "D", "grade", None),
    ('"BAIK"', {}, T, '"BAIK"', None, None),
    ("DD", {}, T, "DD", None, None),
    ("A.", {}, T, "A.", None, None),  # a list marker
    ("a", {}, T, "a", None, None),
    ("WTP", {}, OP, "WTP", "opini", None),
    ("WDP", {}, OP, "WDP", "opini", None),
    ("TMP", {}, OP, "TMP", "opini", None),
    ("Wajar Tanpa Pengecualian", {}, OP, "WTP", "opini", None),
    ("WTP (Wajar Tanpa Pengecualian)", {}, OP, "WTP", "opini", None),
    ("Opini WTP", {}, OP, "WTP", "opini", None),
    ("WTP (Wajar Dengan Pengecualian)", {}, T, "WTP (Wajar Dengan Pengecualian)", None, None),
    ("WTP WTP WTP", {}, T, "WTP WTP WTP", None, None),
    # counts with units (003 284-299)
    ("12 kali", {}, C, 12, "kali", None),
    ("1 satker", {}, C, 1, "satker", None),
    ("2 Kegiatan", {}, C, 2, "kegiatan", None),
    ("1 Dokumen", {}, C, 1, "dokumen", None),
    ("2 Laporan", {}, C, 2, "laporan", None),
    ("6 Orang", {}, C, 6, "orang", None),
    ("1.000 orang", {}, C, 1000, "orang", "id"),
    ("12 kali/tahun", {}, C, 12, "kali/tahun", None),
    ("2,5 jam", {}, C, 2.5, "jam", "id"),
    ("1 Lakip dan 2 Perjanjian Kinerja", {}, T, "1 Lakip dan 2 Perjanjian Kinerja", None, None),
    ("2 Perjanjian Kinerja", {}, T, "2 Perjanjian Kinerja", None, None),  # one unit word only
    ("6872 Kelembagaan", {}, T, "6872 Kelembagaan", None, None),  # kegiatan code + label (000 3150-3400)
    ("003 Pelaksanaan", {}, T, "003 Pelaksanaan", None, None),  # RO code + label
    ("70 predikat B", {}, T, "70 predikat B", None, None),
    ("2 Januari 2024", {}, T, "2 Januari 2024", None, None),
    # a figure with its verdict or its spelling in brackets: the figure, the words kept in raw
    ("3,92 (Baik)", {}, N, 3.92, None, "id"),
    ("82,5 (Sangat Baik)", {}, N, 82.5, None, "id"),
    ("100% (Tercapai)", {}, P, 100.0, "%", None),
    ("5 (lima)", {}, N, 5, None, None),
    ("Rp 5.000 (Lima Ribu)", {"expect": "amount"}, A, 5000, "rupiah", "id"),
    # a footnote mark after the figure ("*) data sementara" under the table)
    ("100 *)", {}, N, 100, None, None),
    ("98,5 %**)", {}, P, 98.5, "%", "id"),
    ("100¹", {}, N, 100, None, None),
    ("Rp 1.000.000 *)", {"expect": "amount"}, A, 1000000, "rupiah", "id"),
    # empty cells
    ("", {}, E, None, None, None),
    ("   ", {}, E, None, None, None),
    ("-", {}, E, None, None, None),
    ("–", {}, E, None, None, None),
    ("—", {}, E, None, None, None),
    ("n/a", {}, E, None, None, None),
    ("N/A", {}, E, None, None, None),
    ("Rp. Rp. | /", {}, E, None, None, None),  # 003 484: both amounts lost
    # a spreadsheet's accounting format prints zero as "Rp -"; a scan's "Rp -" may be a lost figure
    ("Rp -", {"expect": "amount"}, A, 0, "rupiah", None),
    ("Rp. -,-", {"expect": "amount"}, A, 0, "rupiah", None),
    ("Rp -", {"expect": "amount", "ocr": True}, E, None, None, None),
    ("Rp.", {"expect": "amount"}, E, None, None, None),
    # text that is not a value
    ("Tercapai", {}, T, "Tercapai", None, None),
    ("Belum Dilakukan Penilaian", {}, T, "Belum Dilakukan Penilaian", None, None),
    ("6709.QGE.001", {}, T, "6709.QGE.001", None, None),
    ("90 85", {}, T, "90 85", None, None),
    ("1. 90", {}, T, "1. 90", None, None),  # a list marker, not a wrapped number
    ("33.801.000 33.775.000", {}, T, "33.801.000 33.775.000", None, None),
    ("(4)", {}, T, "(4)", None, None),
    ("80 - 90%", {}, T, "80 - 90%", None, None),
    ("√", {}, T, "√", None, None),
    ("12abc", {}, T, "12abc", None, None),
    ("1" * 40, {}, T, "1" * 40, None, None),
]


@pytest.mark.parametrize(("raw", "kwargs", "kind", "value", "unit", "style"), CASES)
def test_parse_value_cases(
    raw: str, kwargs: dict[str, Any], kind: ValueKind, value: object, unit: str | None, style: str | None
) -> None:
    parsed = parse_value(raw, **kwargs)
    assert parsed.raw == raw
    assert parsed.kind is kind
    assert parsed.value == value
    assert type(parsed.value) is type(value)
    assert parsed.unit == unit
    assert parsed.decimal_style == style


# raw, keyword arguments, kind, value, a fragment every listed repair note must contain
REPAIRS: list[tuple[str, dict[str, Any], ValueKind, object, str]] = [
    ("98&", {}, P, 98.0, "'98&' read as '98%'"),
    ("98 96", {"expect": "percent", "ocr": True}, P, 98.0, "'96' after '98' read as '%'"),
    ("98 Yo", {"expect": "percent", "ocr": True}, P, 98.0, "'Yo' after '98' read as '%'"),
    ("98 o/o", {"expect": "percent", "ocr": True}, P, 98.0, "'o/o' after '98' read as '%'"),
    ('87,14 "', {"expect": "percent", "ocr": True}, P, 87.14, "'\"' after '87,14' read as '%'"),
    ("100,00 '", {"ocr": True}, N, 100.0, "after '100,00' dropped as OCR debris"),
    ("84.00 96", {"ocr": True}, P, 84.0, "'96' after '84.00' read as '%'"),
    ("75,00 $", {"ocr": True}, P, 75.0, "'$' after '75,00' read as '%'"),  # Courier '%', any column
    ("74,93 6", {"ocr": True}, P, 74.93, "'6' after '74,93' read as '%'"),  # no figure has a third decimal
    ("92.22 » %", {"ocr": True}, P, 92.22, "dropped as OCR debris"),
    ("78,4 % %", {"ocr": True}, P, 78.4, "'%' read twice after '78,4'"),  # a re-read laid over the first '%'
    ("1O0%", {"ocr": True}, P, 100.0, "'1O0' read as '100'"),
    ("l00", {"expect": "percent", "ocr": True}, P, 100.0, "'l00' read as '100'"),
    ("7S %", {"ocr": True}, P, 75.0, "'7S' read as '75'"),
    ("8s", {"expect": "percent", "ocr": True}, P, 85.0, "'8s' read as '85'"),
    ("CcC", {}, G, "CC", "'CcC' read as 'CC'"),
    ("Bb", {}, G, "BB", "'Bb' read as 'BB'"),
    ("cc", {"ocr": True}, G, "CC", "'cc' read as 'CC'"),  # a doubled grade read small, alone in a cell
    ("\u0412", {}, G, "B", "Cyrillic '\u0412' read as 'B'"),
    ("\u0412\u0412", {}, G, "BB", "Cyrillic '\u0412' read as 'B'"),
    ("64 (B)", {}, G, "B", "score '64'"),
    ("72,10 (BB)", {}, G, "BB", "score '72,10'"),
    ("e WTP", {"ocr": True}, OP, "WTP", "stray 'e'"),
    (". 100%", {"ocr": True}, P, 100.0, "stray '.'"),
    (", 90%", {"ocr": True}, P, 90.0, "stray ','"),
    (". 3 Laporan", {"ocr": True}, C, 3, "stray '.'"),
    ('" 105,26', {"expect": "percent", "ocr": True}, P, 105.26, "stray '\"' before"),
    (": 100", {"ocr": True}, N, 100.0, "stray ':' before"),
    ("= 21 Dokumen", {"ocr": True}, C, 21, "stray '=' before"),  # a rule stub read as '='
    ("~ 85,00", {"expect": "percent", "ocr": True}, P, 85.0, "stray '~' before"),
    ("100 ,", {"ocr": True}, N, 100.0, "stray ',' after"),
    ("93,75 , ,", {"expect": "percent", "ocr": True}, P, 93.75, "stray ', ,' after"),
    ("107,14% ,", {"ocr": True}, P, 107.14, "stray ',' after"),
    ("90,00, .", {"ocr": True}, N, 90.0, "stray ', .' after"),
    ("355.775.000,", {"expect": "amount", "ocr": True}, A, 355775000, "stray ',' after"),
    ("2 Dokumen ,", {"ocr": True}, C, 2, "stray ',' after"),
    ("80,00 . 6", {"ocr": True}, N, 80.0, "specks '. 6' after '80,00'"),
    ("90,00 . . 8.", {"ocr": True}, N, 90.0, "specks '. . 8.' after '90,00'"),
    ("88,30 '4 \"", {"ocr": True}, N, 88.3, "specks"),
    ("1,050.024.000,-", {}, A, 1050024000, "mixed separators in '1,050.024.000'"),
    ("1,050.024.000", {"expect": "amount"}, A, 1050024000, "mixed separators"),
    ("1.234.567.00 0", {"expect": "amount"}, A, 1234567000, "space inside '1.234.567.00 0'"),
    ("13.322.950. 000", {"expect": "amount"}, A, 13322950000, "space inside '13.322.950. 000'"),
    ("5.617.450.000,000 0", {"expect": "amount"}, A, 5617450000, "space inside"),
    ("99, 92%", {}, P, 99.92, "space inside '99, 92'"),
    ("1.234.567.00", {"expect": "amount"}, A, 1234567, "read as decimal"),
    ("1.234,56", {"expect": "amount"}, A, 1235, "rounded to whole rupiah"),
    ("1.663815.313", {"expect": "amount"}, A, 1663815313, "irregular digit groups"),
    ("≥ 80%", {}, P, 80.0, "comparator '≥'"),
    ("Min. 90%", {}, P, 90.0, "comparator 'Min.'"),
]


@pytest.mark.parametrize(("raw", "kwargs", "kind", "value", "note"), REPAIRS)
def test_repairs_are_applied_and_recorded(
    raw: str, kwargs: dict[str, Any], kind: ValueKind, value: object, note: str
) -> None:
    parsed = parse_value(raw, **kwargs)
    assert (parsed.kind, parsed.value) == (kind, value)
    assert any(note in r for r in parsed.repairs), parsed.repairs


@pytest.mark.parametrize(
    ("raw", "kwargs"),
    [
        ("98 96", {"expect": "percent"}),  # percent look-alikes need ocr=True
        ("98 96", {"ocr": True}),  # ... and a percent column
        ("1O0%", {}),  # letters in digit runs only with ocr=True
        ("e WTP", {}),
        ("Il", {"ocr": True}),  # no digit in the run: nothing to repair
        ("cc", {}),  # a grade read small only with ocr=True
        ("ab", {"ocr": True}),  # ... and only a letter doubled
        ("b", {"ocr": True}),  # ... never a lone small letter (a list marker)
    ],
)
def test_ocr_repairs_need_their_context(raw: str, kwargs: dict[str, Any]) -> None:
    parsed = parse_value(raw, **kwargs)
    assert parsed.kind is ValueKind.TEXT
    assert parsed.repairs == ()


def test_clean_values_carry_no_repairs() -> None:
    for raw in ("33.801.000", "99,92%", "B", "WTP", "1 Dokumen", "-", "Rp. 11.081.507.000,-"):
        assert parse_value(raw).repairs == (), raw


def test_parse_amount_is_integer_rupiah_or_nothing() -> None:
    assert parse_amount("Rp. 9.141.401.000,-") == ParsedValue(
        "Rp. 9.141.401.000,-", ValueKind.AMOUNT, 9141401000, "rupiah", (), "id"
    )
    assert parse_amount("426.483.000").value == 426483000
    assert parse_amount("20.000").value == 20000  # ambiguous group read as thousands in an amount column
    assert parse_amount("5.617.450.000,0000").value == 5617450000
    assert parse_amount("-").kind is ValueKind.EMPTY
    for raw in ("99,25%", "12 kali", "B", "WTP"):
        parsed = parse_amount(raw)
        assert (parsed.kind, parsed.value, parsed.unit) == (ValueKind.TEXT, raw, None)


def test_label_words_spilled_before_an_amount_are_set_aside_and_recorded() -> None:
    """A text dump wraps 'Penyelenggaraan Pemilu dalam Proses ...' and pushes 'Proses' into the
    amount column; the figure is still the cell's amount, the words are recorded, never read."""
    parsed = parse_amount("Proses Rp. 26.608.457.000")
    assert (parsed.kind, parsed.value, parsed.raw) == (ValueKind.AMOUNT, 26608457000, "Proses Rp. 26.608.457.000")
    assert parsed.repairs and "'Proses'" in parsed.repairs[0]
    assert parse_amount("Konsolidasi Demokrasi 34,884,986,000").value == 34884986000
    for raw in ("Jumlah 1.000", "Target 100", "Tahun 2024", "QGE.001 1.234.567", "lima kata ada sebelum ini 1.234.567"):
        assert parse_amount(raw).kind is ValueKind.TEXT, raw
    assert parse_value("Proses Rp. 26.608.457.000").kind is ValueKind.TEXT  # only where an amount is expected


def test_column_decimal_style() -> None:
    assert column_decimal_style(["99,25", "97,36", "100,00", "10,000"]) == "id"
    assert column_decimal_style(["0.75", "21.67", "0", "8.39"]) == "en"
    assert column_decimal_style(["34,884,986,000", "20,158,342,000", "97,53%"]) == "en"
    assert column_decimal_style(["426.483.000", "20.000,0000"]) == "id"
    assert column_decimal_style(["10,000", "1.234", "90", "B", "-"]) is None  # nothing unambiguous
    assert column_decimal_style(["99,25", "0.75"]) is None  # a tie decides nothing
    assert column_decimal_style([]) is None


def test_column_hint_resolves_ambiguous_cells() -> None:
    column = ["1,500", "2,750.5", "12,000"]
    hint = column_decimal_style(column)
    assert hint == "en"
    assert [parse_value(c, decimal_hint=hint).value for c in column] == [1500, 2750.5, 12000]


def test_to_cell_value_keeps_everything() -> None:
    prov = Provenance(file="r.pdf", page=3, line=12, bbox=None, method=Method.PDF_RULED, table=1)
    cell = to_cell_value(parse_value("98&"), prov, conf=87.5)
    assert (cell.raw, cell.value, cell.kind, cell.unit) == ("98&", 98.0, "percent", "%")
    assert cell.repairs == ("'98&' read as '98%'",)
    assert (cell.provenance, cell.conf) == (prov, 87.5)
    assert cell.to_dict()["repairs"] == ["'98&' read as '98%'"]


# --------------------------------------------------------------------------- properties


@given(st.integers(min_value=0, max_value=10**15))
def test_amounts_round_trip_in_both_styles(n: int) -> None:
    us = f"{n:,}"
    indonesian = us.replace(",", ".")
    for raw in (us, indonesian, f"Rp. {indonesian},-", f"Rp{indonesian},00"):
        parsed = parse_amount(raw)
        assert (parsed.kind, parsed.value) == (ValueKind.AMOUNT, n), raw
        assert type(parsed.value) is int


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=3))
def test_decimals_round_trip_as_percent(units: int, places: int) -> None:
    expected = Decimal(units).scaleb(-places)
    dotted = f"{expected:.{places}f}"
    for raw in (dotted.replace(".", ","), f"{dotted}%", f"{dotted.replace('.', ',')} %"):
        parsed = parse_value(raw, expect="percent")
        assert parsed.kind is ValueKind.PERCENT, raw
        assert parsed.value == float(expected), raw


@given(st.integers(min_value=0, max_value=10**9))
def test_whole_numbers_stay_int(n: int) -> None:
    parsed = parse_value(f"{n:,}".replace(",", "."))
    assert (parsed.kind, parsed.value) == (ValueKind.NUMBER, n)
    assert type(parsed.value) is int


@given(
    st.text(),
    st.sampled_from(["any", "percent", "amount", "number"]),
    st.sampled_from([None, "id", "en"]),
    st.booleans(),
)
def test_never_raises_and_keeps_raw(raw: str, expect: Any, hint: Any, ocr: bool) -> None:
    parsed = parse_value(raw, expect=expect, decimal_hint=hint, ocr=ocr)
    assert parsed.raw == raw
    assert isinstance(parsed.kind, ValueKind)
    assert parse_amount(raw, decimal_hint=hint, ocr=ocr).raw == raw
    if parsed.kind is ValueKind.EMPTY:
        assert parsed.value is None


_NUMERIC_KINDS = {ValueKind.NUMBER, ValueKind.PERCENT, ValueKind.AMOUNT, ValueKind.COUNT}


@given(
    st.text(alphabet=st.sampled_from(list("0123456789.,%- RpOlI&oY/()BcW")), max_size=20),
    st.sampled_from(["any", "percent", "amount", "number"]),
    st.booleans(),
)
def test_numbers_are_never_invented(raw: str, expect: Any, ocr: bool) -> None:
    parsed = parse_value(raw, expect=expect, ocr=ocr)
    assert parsed.raw == raw
    if parsed.kind in _NUMERIC_KINDS:
        assert any(ch.isdigit() for ch in raw)
        assert isinstance(parsed.value, int | float)
    else:
        assert parsed.value is None or isinstance(parsed.value, str)


@pytest.mark.parametrize(("raw", "value"), [("10096", 100.0), ("84,9996", 84.99), ("9896", 98.0)])
def test_ocr_percent_glued_as_96(raw: str, value: float) -> None:
    parsed = parse_value(raw, expect="percent", ocr=True)
    assert parsed.value == value and parsed.kind == ValueKind.PERCENT and parsed.repairs
    assert parse_value(raw, expect="percent").value != value  # only OCR text gets the repair


def test_a_count_glued_to_its_unit_by_ocr_is_read_with_the_repair_recorded() -> None:
    parsed = parse_value("1Dokumen", ocr=True)
    assert (parsed.kind, parsed.value, parsed.unit) == (ValueKind.COUNT, 1, "dokumen")
    assert parsed.repairs == ("space restored in '1Dokumen'",)
    assert parse_value("1Dokumen").kind is ValueKind.TEXT  # a text layer is taken as printed
    for raw in ("2024Tahun", "6709QGE"):
        assert parse_value(raw, ocr=True).kind is ValueKind.TEXT, raw
    # units printed in lower case lose their space the same way ('14 dokumen' read '14dokumen')
    lower = parse_value("14dokumen", ocr=True)
    assert (lower.kind, lower.value, lower.unit) == (ValueKind.COUNT, 14, "dokumen") and lower.repairs


def test_an_amount_that_lost_a_thousands_dot_is_not_read_as_a_three_decimal_figure() -> None:
    """OCR of '8.131.000,-' dropped the first dot; rupiah have no three-decimal amounts."""
    parsed = parse_amount("8131.000,-")
    assert (parsed.kind, parsed.value) == (ValueKind.AMOUNT, 8131000)
    assert parsed.repairs == ("irregular digit groups in '8131.000' read as thousands",)
    assert parse_value("8131.000").value == 8131.0  # outside an amount column it stays a decimal
    assert parse_amount("0,750").value == 1  # a leading zero is never a thousands group


def test_ocr_misreadings_of_a_percent_sign_after_a_figure() -> None:
    from extractor.values import percent_marked

    for raw in ("90 $", "106,67 °", "100 96"):
        parsed = parse_value(raw, expect="percent", ocr=True)
        assert parsed.kind == ValueKind.PERCENT and parsed.repairs, raw
    assert parse_value("90 $", expect="percent").kind != ValueKind.PERCENT  # a text layer means what it says
    assert percent_marked("90 $", ocr=True) and percent_marked("95,5 %") and not percent_marked("90")


def test_a_percent_sign_scanned_as_a_hash_is_read_as_a_percent() -> None:
    parsed = parse_value("98,66 #", expect="percent", ocr=True)
    assert (parsed.kind, parsed.value) == (ValueKind.PERCENT, 98.66) and parsed.repairs
    assert parse_value("98,66 #", expect="percent").kind != ValueKind.PERCENT  # a text layer: as printed


def test_a_lone_mark_after_a_figure_is_a_percent_sign_only_in_a_percent_column() -> None:
    # a monospaced '90 %' scanned: its '%' read as '8', '4' or '£' in some rows, not in others
    column = ["90 8", "100 4", "75 %", "92,1 4"]
    assert percent_column(column, ocr=True)
    assert not percent_column(["90 8", "100 4", "92,1 4"], ocr=True)  # no real sign anywhere
    assert not percent_column(column)  # a text layer's '4' is a '4'
    parsed = parse_value("92,1 4", expect="percent", ocr=True)
    assert (parsed.kind, parsed.value) == (ValueKind.PERCENT, 92.1)
    assert parse_value("92,1 4", ocr=True).kind is not ValueKind.PERCENT


def test_a_guillemet_after_a_figure_in_a_percent_column_is_its_percent_sign() -> None:
    parsed = parse_value("92,94 »", expect="percent", ocr=True)
    assert (parsed.kind, parsed.value) == (ValueKind.PERCENT, 92.94)
    assert parse_value("92,94 »", ocr=True).kind is not ValueKind.PERCENT


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("Rp 7.121.215 300.-", 7_121_215_300),  # a thousands dot read as a space
        ("Rp 2.558.684 500,-", 2_558_684_500),
        ("Rp 8.126.532500,-", 8_126_532_500),  # the last dot lost: the groups say where it was
        ("Rp 8.712.634.114,", 8_712_634_114),  # the '-' of ',-' lost
    ],
)
def test_ocr_amounts_with_a_lost_thousands_separator(raw: str, value: int) -> None:
    parsed = parse_amount(raw, ocr=True)
    assert parsed.value == value and parsed.raw == raw


def test_a_lost_thousands_separator_is_only_put_back_in_a_scan() -> None:
    assert parse_amount("Rp 7.121.215 300.-").kind is ValueKind.TEXT  # a text layer's space is a space
    assert parse_amount("12.345.678 90", ocr=True).kind is ValueKind.TEXT  # two digits are no group


def test_words_of_a_neighbouring_column_after_a_scanned_percent_figure_are_not_part_of_it() -> None:
    parsed = parse_value("85,71% penyelenggaraan kepemiluan yang", expect="percent", ocr=True)
    assert (parsed.kind, parsed.value) == (ValueKind.PERCENT, 85.71) and parsed.repairs
    assert parse_value("85,71% penyelenggaraan", expect="percent").kind is ValueKind.TEXT  # a text layer
    assert parse_value("85,71 penyelenggaraan", expect="percent", ocr=True).kind is not ValueKind.PERCENT


@pytest.mark.parametrize("raw", ["92,5 1", "12 . 6", "80,00 . 60", "80,00 » 6A"])
def test_only_marks_and_lone_digits_after_a_decimal_figure_are_specks(raw: str) -> None:
    """A digit after a decimal figure with no mark beside it may be the figure's own, split; after
    a whole number it may be the next figure; longer tokens are words or figures: left as text."""
    assert parse_value(raw, ocr=True).kind is ValueKind.TEXT


def test_a_monospaced_percent_sign_glued_on_as_a_digit_is_taken_off_only_beyond_any_percent() -> None:
    # '90%' in Courier read '901', '100%' read '1004': no percent column holds a figure over 300
    for text, value in (("901", 90), ("1004", 100), ("958", 95)):
        parsed = parse_value(text, expect="percent", ocr=True)
        assert parsed.value == value and parsed.repairs, text
    for text in ("251", "101", "190"):  # a capaian can be that high: read as printed
        assert parse_value(text, expect="percent", ocr=True).value == int(text)
    assert parse_value("901", expect="any", ocr=True).value == 901  # not a percent column
    assert parse_value("901", expect="percent").value == 901  # a text layer prints what it means


def test_a_column_of_figures_with_glued_monospaced_signs_is_a_percent_column() -> None:
    # Courier '90%', '75%', '95%' read '904', '754', '951', one sign read right: a percent column
    assert percent_column(["904", "754", "100%", "951"], ocr=True)
    assert not percent_column(["904", "754", "951"], ocr=False)  # a text layer prints what it means
    assert not percent_column(["250", "100", "98"], ocr=True)  # figures a percent column may hold


def test_a_scans_percent_with_a_space_read_inside_is_joined_or_its_comma_put_back() -> None:
    # '100%' read '1 00%' is 100; '97,14 %' read '97 14 Yo' is 97,14 (9714 is no percent)
    assert parse_value("1 00%", expect="percent", ocr=True).value == 100
    assert parse_value("97 14 Yo", expect="percent", ocr=True).value == 97.14
    assert parse_value("1 00%", expect="any", ocr=True).kind is ValueKind.TEXT  # not a percent column
    assert parse_value("1 00%", expect="percent").kind is ValueKind.TEXT  # a text layer prints what it means


def test_a_dash_or_tilde_a_scan_left_after_a_value_is_a_speck() -> None:
    assert parse_value("17 Dokumen -", ocr=True).value == 17
    assert parse_value("92.5 ~", ocr=True).value == 92.5
    assert parse_value("Rp 1.000.000,-", expect="amount", ocr=True).value == 1000000


def test_an_amount_with_spaces_read_after_its_thousands_separators_is_joined() -> None:
    # dev docx scan 12939 (monospaced, 9.5 pt): every other amount of a jenis-belanja table
    for raw, value in (
        ("18, 455,000", 18455000),
        ("2, 730,368, 500", 2730368500),
        ("706, 232, 000", 706232000),
        ("12.462. 280.000", 12462280000),
        ("Rp 1, 234,567,-", 1234567),
    ):
        parsed = parse_amount(raw, ocr=True)
        assert (parsed.kind, parsed.value) == (ValueKind.AMOUNT, value), raw
        assert any("space inside" in note for note in parsed.repairs)
    # two short numbers after a comma may be a list; mixed separators are no one number
    for raw in ("1, 234", "1, 2", "12, 345.000"):
        assert parse_value(raw).kind is ValueKind.TEXT, raw
