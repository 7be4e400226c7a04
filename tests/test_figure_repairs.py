"""OCR figure repairs from the row's own arithmetic: only where one reading alone explains the row."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.budget_repairs import budget_repairs, sisa_repairs
from extractor.figure_repairs import glued_marks, lost_decimal, misread_digit, ocr_repairs
from extractor.models import CellValue, Method, Provenance
from extractor.values import parse_amount, parse_value, to_cell_value

_PROV = Provenance("scan.pdf", 1, None, None, Method.OCR_STREAM)


def _cell(text: str, *, ocr: bool = True) -> CellValue:
    return to_cell_value(parse_value(text, expect="percent", ocr=ocr), _PROV)


def test_a_decimal_comma_lost_by_ocr_is_put_back_only_where_the_row_says_so() -> None:

    lost = _cell("9444", ocr=False)
    fixed = lost_decimal(lost, 85 / 90 * 100, "realisasi / target")
    assert fixed is not None and fixed.value == 94.44 and fixed.raw == "9444" and fixed.repairs
    assert lost_decimal(lost, 120.0, "realisasi / target") is lost  # the row disagrees: left alone
    small = _cell("95", ocr=False)
    assert lost_decimal(small, 9.5, "x") is small  # two digits are never cut


def test_digits_or_a_comma_ocr_lost_from_a_target_are_put_back_only_where_the_row_says_so() -> None:

    # '75' read '5' (76 / 101,33 % = 75); '85' read '8' (79 / 92,94 % = 85); '80,00' read '8000'
    for raw, real, cap, want in (
        ("5", "76", "101,33", 75),
        ("8", "79", "92,94", 85),
        ("8000", "68,00", "85,00", 80),
    ):
        target = ocr_repairs(_cell(raw), _cell(real), _cell(cap), None, True)[0]
        assert target is not None and target.value == want and target.raw == raw and target.repairs, raw
    # the row disagrees, or the measure is lower-is-better: left alone
    kept = _cell("5")
    assert ocr_repairs(kept, _cell("76"), _cell("50"), None, True)[0] is kept
    assert ocr_repairs(kept, _cell("76"), _cell("101,33"), None, False)[0] is kept


def test_of_two_look_alike_readings_the_figure_read_less_surely_is_the_misread_one() -> None:
    # '100 % | 69,6 % | 89,6 %': the realisasi's '8' read '6', or the capaian's '6' read '8'?
    from dataclasses import replace

    target = _cell("100 %")
    unsure, sure = replace(_cell("69,6 %"), conf=41.0), replace(_cell("89,6 %"), conf=93.0)
    _, realisasi, capaian = ocr_repairs(target, unsure, sure, 69.6, True)
    assert realisasi is not None and realisasi.value == 89.6 and realisasi.repairs
    assert capaian is sure
    # the capaian read less surely: it is the one put right, as before
    _, realisasi, capaian = ocr_repairs(target, replace(unsure, conf=93.0), replace(sure, conf=41.0), 69.6, True)
    assert realisasi is not None and realisasi.value == 69.6
    assert capaian is not None and capaian.value == 69.6 and capaian.repairs


def test_a_lost_leading_digit_is_put_back_to_the_decimals_read() -> None:
    # '79,54' read '9,54' beside '85,00' and '93,58': 85 x 93,58 % = 79,543, read to two decimals
    realisasi = ocr_repairs(_cell("85,00"), _cell("9,54"), _cell("93,58"), None, True)[1]
    assert realisasi is not None and realisasi.value == 79.54 and realisasi.repairs
    # a digit lost inside the figure: '97,9' read '9,9' beside 95 and 103,05 % (95 x 103,05 % = 97,9)
    realisasi = ocr_repairs(_cell("95"), _cell("9,9"), _cell("103,05"), None, True)[1]
    assert realisasi is not None and realisasi.value == 97.9 and realisasi.repairs
    # decimals that do not end the expected figure's are no lost digit: left for the audit
    kept = _cell("9,55")
    assert ocr_repairs(_cell("85,00"), kept, _cell("93,58"), None, True)[1] is kept


def test_a_percent_target_is_not_given_a_digit_past_100_where_the_capaian_lost_one() -> None:
    # '100 % | 80 % | 80 %' with the capaian read '8%': 80 / 8 % would make the target 1000 %
    target, _, capaian = ocr_repairs(_cell("100 %"), _cell("80 %"), _cell("8%"), 80.0, True)
    assert target is not None and target.value == 100 and not target.repairs
    assert capaian is not None and capaian.value == 80 and capaian.repairs
    # a percent target read '8 %' beside '79 % | 92,94 %' is still 85 (79 / 92,94 % = 85)
    assert ocr_repairs(_cell("8 %"), _cell("79 %"), _cell("92,94 %"), None, True)[0].value == 85  # type: ignore[union-attr]


def test_a_percent_sign_read_as_a_glued_digit_is_taken_off_only_where_the_row_says_so() -> None:
    # '100.00 %' in Courier read '100.004', '75%' read '754': the row's capaian says which.
    fixed = glued_marks(_cell("100.00 %"), _cell("92.008"), _cell("92.00 %"))
    assert fixed is not None
    assert fixed[1] is not None and fixed[1].value == 92.0 and fixed[1].raw == "92.008" and fixed[1].repairs
    fixed = glued_marks(_cell("18"), _cell("18"), _cell("1004", ocr=False))
    assert fixed is not None and fixed[2] is not None and fixed[2].value == 100
    assert _cell("1004").value == 100  # read by OCR in a percent column, no percent is over 300
    assert glued_marks(_cell("754", ocr=False), _cell("71"), _cell("94,67")) is not None  # 71 / 75 = 94,67 %
    # '96,8 %' read '96.886' (its '%' as '86'), beside 92,5 and 104,65 %
    fixed = glued_marks(_cell("92,5"), _cell("96.886"), _cell("104,65"))
    assert fixed is not None and fixed[1] is not None and fixed[1].value == 96.8
    # '109,77%' read '109779': its '%' as a '9' and its comma lost (98,79 / 90 = 109,77 %)
    fixed = glued_marks(_cell("90"), _cell("98,79"), _cell("109779", ocr=False))
    assert fixed is not None and fixed[2] is not None and fixed[2].value == 109.77
    # a stray mark after the figure: what the scan made of a spaced '%'
    for cap in ("102,35 >", "102,35 Y6", "102,35 2"):
        fixed = glued_marks(_cell("85"), _cell("87"), _cell(cap))
        assert fixed is not None and fixed[2] is not None and fixed[2].value == 102.35, cap
    assert _cell("102,35 % -").value == 102.35  # a dash after the sign is a speck the reading drops
    # the row adds up as read, or no single reading makes it: left alone
    assert glued_marks(_cell("80"), _cell("84"), _cell("105")) is None
    assert glued_marks(_cell("754"), _cell("71,994"), _cell("103,994")) is None
    # ocr_repairs tries this first: '1004' is 100, not a lost decimal comma (100,4)
    assert ocr_repairs(_cell("18"), _cell("18"), _cell("1004"), 100.0, True)[2].value == 100  # type: ignore[union-attr]


def test_a_damaged_capaian_is_no_basis_for_repairing_the_realisasi() -> None:
    # '95,11 %' read '95114': 95114 x 90 / 100 starts with the digits of '85,60', yet is no realisasi
    realisasi = _cell("85,60")
    assert ocr_repairs(_cell("90,00"), realisasi, _cell("95114"), None, True)[1] is realisasi


def test_a_percent_read_as_a_digit_with_its_decimal_comma_lost_is_put_right_by_the_row() -> None:
    # '93.73%' read '93738', '95,11 %' read '95114', '84,44 %' read '844496': the '%' became a
    # digit (or '96') and the comma vanished; only the reading the row adds up to is taken
    for t, r, raw, want in (
        ("92.5%", "86.7 %", "93738", 93.73),
        ("90,00", "85,60", "95114", 95.11),
        ("90", "76", "844496", 84.44),
    ):
        capaian = ocr_repairs(_cell(t), _cell(r), _cell(raw), None, True)[2]
        assert capaian is not None and capaian.value == want and capaian.raw == raw and capaian.repairs, raw
    # no reading adds up: left as read
    kept = _cell("95114")
    assert ocr_repairs(_cell("90,00"), _cell("70,00"), kept, None, True)[2] is kept
    # a count the row adds up to as read is never cut
    assert glued_marks(_cell("120"), _cell("114"), _cell("95")) is None


def test_one_digit_a_scan_misread_is_put_right_only_where_a_two_decimal_capaian_pins_it() -> None:
    # '3,5' read '3,8' (3,32 / 94,86 % = 3,5); '70%' read '710%' (71,04 / 101,49 % = 70)
    for t, r, cap, want in (("3.8", "3.32", "94.86", 3.5), ("710%", "71,04 %", "101,49 %", 70)):
        target = ocr_repairs(_cell(t), _cell(r), _cell(cap), None, True)[0]
        assert target is not None and target.value == want and target.raw == t and target.repairs, t
    # a capaian of '95' does not pin 75 / 80 (a row that does not add up, for the audit); '85' and
    # '80' are not digits a scan confuses
    for t, r, cap in (("80", "75", "95"), ("85", "75", "93,75")):
        target, realisasi, _ = (_cell(t), _cell(r), _cell(cap))
        assert ocr_repairs(target, realisasi, _cell(cap), None, True)[:2] == (target, realisasi)


def test_a_figure_the_row_already_adds_up_to_is_never_shortened() -> None:
    # 79,85 / 90 = 88,72 %: the second decimal is printed, not a stray digit
    realisasi = _cell("79,85")
    assert ocr_repairs(_cell("90"), realisasi, _cell("88,72"), None, True)[1] is realisasi


def _amount(text: str) -> CellValue:
    return to_cell_value(parse_amount(text, ocr=True), _PROV)


def _budget(pagu: str, real: str, persen: str) -> tuple[CellValue | None, ...]:
    return budget_repairs(_amount(pagu), _amount(real), _cell(persen))


@pytest.mark.parametrize(
    ("pagu", "real", "persen", "field", "want"),
    [
        ("144.757.000", "733.580.000", "98,50", 0, 744757000),  # '7' read as '1'
        ("77.104.436.000", "72.921.917.930", "93,85 Yo", 0, 77704436000),  # the % sign misread too
        ("3 263.643.000", "13.170.366.643", "99,30", 0, 13263643000),  # a leading '1' lost
        ("Rp 6.602.709.000", "Rp 4.652.125.082", "70,47", 1, 4652725082),
        ("9,536,325,000", "844,452,000", "92.74", 1, 8844452000),  # cut, not rounded
        ("Rp. 6.299.000", "Rp.6:209:000", "98,57", 1, 6209000),  # thousands dots read as colons
        ("45.009.208.000", "; 41.338.049.537", "91,84", 1, 41338049537),  # a speck before it
        ("Rp 1.195.233.000,-", "Rp 1.070.851 .000,-", "89,59", 1, 1070851000),
        ("10.339.829.000", "110.069.945.595", "97,39 %", 1, 10069945595),  # a digit added
        ("Rp 224.598.625.000", "Rp 23.108.820.643", "93,941", 0, 24598625000),  # the '%' read as a '1'
        ("Rp 224.598.625.000", "Rp 23.108.820.643", "93,94 %", 0, 24598625000),
        ("9.611.327.000", "9A96813.856", "98.81%", 1, 9496813856),  # a '4' read 'A', a separator lost
    ],
)
def test_a_budget_figure_ocr_misread_is_put_right_when_the_printed_percent_pins_it(
    pagu: str, real: str, persen: str, field: int, want: int
) -> None:
    """Recorded from scanned layouts (150 dpi JPEG): one reading alone makes the row add up."""
    fixed = _budget(pagu, real, persen)[field]
    assert fixed is not None and fixed.value == want and fixed.kind == "amount"
    assert fixed.raw == (pagu, real)[field] and "the printed %" in fixed.repairs[-1]


def test_a_budget_row_is_left_as_read_when_it_adds_up_or_nothing_pins_one_reading() -> None:
    right = (_amount("744.757.000"), _amount("733.580.000"), _cell("98,50"))
    assert all(a is b for a, b in zip(budget_repairs(*right), right, strict=True))
    # a '%' read for a digit of the hundreds: the % pins the realisasi to +-1.5 million, ten digits fit
    vague = (_amount("Rp 29.866.351.000,-"), _amount("Rp 27.410.862.4%6,-"), _cell("91,78"))
    assert all(a is b for a, b in zip(budget_repairs(*vague), vague, strict=True))
    # '96,284': the '%' glued as a '4' (96,28 adds up): not a misread '8' in the pagu (234.461.000)
    glued = (_amount("Rp 234.481.000"), _amount("Rp 225.749.000"), _cell("96,284"))
    assert all(a is b for a, b in zip(budget_repairs(*glued), glued, strict=True))
    # the same behind a speck ('— 97,378' for '97,37%'): not a misread '9' in the pagu (649.462.000)
    specked = (_amount("649.492.000"), _amount("632.436.506"), _cell("— 97,378"))
    assert all(a is b for a, b in zip(budget_repairs(*specked), specked, strict=True))
    # 100%: the realisasi lost a leading '1', or the pagu gained one; the row cannot tell
    either = (_amount("11.594.963.000"), _amount("1.594.963.000"), _cell("100"))
    assert all(a is b for a, b in zip(budget_repairs(*either), either, strict=True))
    no_percent = (_amount("144.757.000"), _amount("733.580.000"), None)
    assert all(a is b for a, b in zip(budget_repairs(*no_percent), no_percent, strict=True))


@given(
    pagu=st.integers(min_value=1_000_000, max_value=99_000_000_000),
    share=st.integers(min_value=1000, max_value=10000),
)
def test_a_budget_row_that_adds_up_is_never_repaired(pagu: int, share: int) -> None:
    real = pagu * share // 10000
    persen = f"{real * 100 / pagu:.2f}".replace(".", ",")
    row = (_amount(f"{pagu:,}".replace(",", ".")), _amount(f"{real:,}".replace(",", ".")), _cell(persen))
    assert all(a is b for a, b in zip(budget_repairs(*row), row, strict=True))


def test_a_percent_read_as_a_glued_letter_and_a_third_decimal_are_taken_off_where_the_row_says_so() -> None:
    # '92,5%' read '92,54', '88,6%' read '88,6t', '95,78%' read '95,784': 88,6 / 92,5 = 95,78 %
    fixed = ocr_repairs(_cell("92,54"), _cell("88,6t"), _cell("95,784"), None, True)
    assert [v.value if v else None for v in fixed] == [92.5, 88.6, 95.78]
    assert fixed[1] is not None and fixed[1].raw == "88,6t" and fixed[1].repairs
    # the row does not add up with the letter taken off: left as read
    kept = _cell("88,6t")
    assert ocr_repairs(_cell("92,5"), kept, _cell("90,00"), None, True)[1] is kept


def test_a_capaian_digit_misread_for_its_look_alike_is_put_right_where_target_and_realisasi_pin_it() -> None:
    # '82,11%' read '62,11%': 78 / 95 = 82,11 %
    fixed = ocr_repairs(_cell("95"), _cell("78"), _cell("62.11%"), 78 / 95 * 100, True)[2]
    assert fixed is not None and fixed.value == 82.11 and fixed.raw == "62.11%" and fixed.repairs
    kept = _cell("62.11%")  # 78 / 93 = 83,87 %: no one-digit reading gives it
    assert ocr_repairs(_cell("93"), _cell("78"), kept, 78 / 93 * 100, True)[2] is kept


def test_a_comma_lost_from_a_two_digit_figure_is_put_back_only_when_a_two_decimal_capaian_pins_it() -> None:
    # '3,5' read '35': 3,3 / 3,5 = 94,29 %; the realisasi is not read as 33 (a comma is lost, not added)
    fixed = ocr_repairs(_cell("35"), _cell("3,3"), _cell("94,29"), 3.3 / 35 * 100, True)
    assert [v.value if v else None for v in fixed] == [3.5, 3.3, 94.29] and fixed[0] and fixed[0].repairs
    kept = _cell("35")  # a capaian of '94' pins nothing
    assert ocr_repairs(kept, _cell("3,3"), _cell("94"), 3.3 / 35 * 100, True)[0] is kept


def test_an_unreadable_figure_is_read_from_its_row_when_the_capaian_pins_one_round_value() -> None:
    # '75' read '»': 76 / 101,33 % = 75,00
    fixed = ocr_repairs(_cell("»"), _cell("76"), _cell("101,33"), None, True)[0]
    assert fixed is not None and fixed.value == 75 and fixed.raw == "»" and fixed.repairs
    # a row of whole numbers: 76 / 101 % leaves one whole target (74,9 to 75,6): 75
    whole = ocr_repairs(_cell("»"), _cell("76"), _cell("101"), None, True)[0]
    assert whole is not None and whole.value == 75 and whole.repairs
    # the realisasi read 'SI' (damaged ink, a few letters) beside 90 and 90 %: 81
    real = ocr_repairs(_cell("90"), _cell("SI"), _cell("90"), None, True)[1]
    assert real is not None and real.value == 81 and real.raw == "SI"
    # the precision the readable sibling is printed with: 25 and 108,7 % leave 23 alone (22,99 to
    # 23,01); 63,25 and 90,36 % leave 70,00 alone
    for first, real_text, cap, want in (("=>,", "25", "108,7", 23), ("oe", "63,25", "90,36", 70)):
        filled = ocr_repairs(_cell(first), _cell(real_text), _cell(cap), None, True)[0]
        assert filled is not None and filled.value == want and filled.raw == first
    # printed with decimals and an integer capaian, or pinned but no round value (73,66): kept
    for real_text, cap in (("76,5", "101"), ("76", "103,17")):
        kept = _cell("»")
        assert ocr_repairs(kept, _cell(real_text), _cell(cap), None, True)[0] is kept
    word = _cell("tidak ada")  # words are not an unreadable figure
    assert ocr_repairs(word, _cell("76"), _cell("101,33"), None, True)[0] is word


def test_an_unreadable_capaian_is_realisasi_over_target() -> None:
    # '111,11' read 'II' beside 90 and 100
    fixed = ocr_repairs(_cell("90"), _cell("100"), _cell("II"), 100 / 90 * 100, True)[2]
    assert fixed is not None and fixed.value == 111.11 and fixed.raw == "II" and fixed.repairs
    kept = _cell("II")  # lower is better: the capaian is not realisasi / target
    assert ocr_repairs(_cell("90"), _cell("100"), kept, 100 / 90 * 100, False)[2] is kept


def test_a_capaian_read_cleanly_is_not_cut_to_a_zero_decimal_the_row_never_prints() -> None:
    # '20 | 20 | 100 %' with the realisasi read '2': '100%' is no '10,0 %' (the row prints no decimals)
    kept = _cell("100%")
    assert ocr_repairs(_cell("20"), _cell("2"), kept, 10.0, True)[2] is kept
    assert glued_marks(_cell("20"), _cell("2"), kept) is None
    # a row printing one decimal may have lost that comma: '10,0 %' read '100%'
    fixed = ocr_repairs(_cell("20,0"), _cell("2,0"), _cell("100%"), 10.0, True)[2]
    assert fixed is not None and fixed.value == 10 and fixed.repairs


def test_a_zero_lost_from_a_figure_is_put_back_only_in_a_row_that_prints_no_decimals() -> None:
    # '20 | 20 | 100 %' read '20 | 2 | 100%': the realisasi lost its '0'
    fixed = ocr_repairs(_cell("20"), _cell("2"), _cell("100%"), 10.0, True)[1]
    assert fixed is not None and fixed.value == 20 and fixed.raw == "2" and fixed.repairs
    # '80,00 | 8 | 100,00': a row printing decimals may have lost a comma elsewhere: left as read
    kept = _cell("8")
    assert ocr_repairs(_cell("80,00"), kept, _cell("100,00"), 10.0, True)[1] is kept


def test_a_capaian_that_lost_its_leading_digit_is_put_right_and_no_figure_gains_two_digits() -> None:
    # '94,29 %' read '4.29 %': 66 / 70 = 94,29 %
    fixed = ocr_repairs(_cell("70,00 %"), _cell("66,00 %"), _cell("4.29 %"), 66 / 70 * 100, True)[2]
    assert fixed is not None and fixed.value == 94.29 and fixed.repairs
    # '90 | 81,9 | 91 %' read '90 | 81.9 | 1%': the capaian lost its '9', the target is no '8190'
    fixed_row = ocr_repairs(_cell("90"), _cell("81.9"), _cell("1%"), 91.0, True)
    assert [v.value if v else None for v in fixed_row] == [90, 81.9, 91]


def test_a_capaian_between_grades_is_never_repaired_by_a_computed_grade_ratio() -> None:
    """'BB' to 'CC' printed 50 %: the catalogue's grade order gives 60, a convention of its own,
    not arithmetic a misread digit ('5' for '6') could be put right by."""
    from extractor.catalogue.capaian import recompute_capaian

    computed = recompute_capaian("BB", "CC", direction="higher_is_better", value_type="grade")
    assert computed == 60.0
    grades = to_cell_value(parse_value("BB"), _PROV), to_cell_value(parse_value("CC"), _PROV)
    capaian = ocr_repairs(*grades, _cell("50%"), computed, True)[2]
    assert capaian is not None and capaian.value == 50 and not capaian.repairs
    figures = ocr_repairs(_cell("90"), _cell("54"), _cell("50%"), 60.0, True)[2]  # 54 / 90: 60
    assert figures is not None and figures.value == 60


def test_a_misread_digit_keeps_the_decimal_point_where_it_was_read() -> None:
    # '97,9' read '9.9' (a digit lost inside); 95 is not a misread '9,6' that 9,9 / 103,05 % asks for
    target = _cell("95")
    fixed = ocr_repairs(target, _cell("9.9"), _cell("103,05%"), 9.9 / 95 * 100, True)
    assert fixed[0] is target
    # one digit misread where the point stays put: '3,8' for '3,5' beside 3,5 and 100,00 %
    assert misread_digit(_cell("3,8"), 3.5, "realisasi / capaian").value == 3.5  # type: ignore[union-attr]


def test_a_nine_read_as_a_two_is_put_right_where_a_two_decimal_capaian_pins_it() -> None:
    # a 150 dpi scan's '95,00' read '25,00' beside 100,00 and 105,26 %: 100 / 105,26 % = 95,00
    fixed = ocr_repairs(_cell("25,00"), _cell("100,00"), _cell("105,26"), None, True)[0]
    assert fixed is not None and fixed.value == 95 and fixed.raw == "25,00" and fixed.repairs


def test_a_count_whose_figure_was_lost_is_read_from_its_row() -> None:
    # '1 laporan' read 'laporan' beside '1 laporan' and 100 %: only the unit came back
    target = to_cell_value(parse_value("laporan", ocr=True), _PROV)
    real = to_cell_value(parse_value("1 laporan", ocr=True), _PROV)
    fixed = ocr_repairs(target, real, _cell("100"), None, True)[0]
    assert fixed is not None and fixed.value == 1 and fixed.raw == "laporan" and fixed.repairs
    other = to_cell_value(parse_value("dokumen", ocr=True), _PROV)  # not the sibling's unit: a word
    assert ocr_repairs(other, real, _cell("100"), None, True)[0] is other


def test_a_percent_whose_comma_was_lost_is_read_at_its_column_s_precision() -> None:
    from extractor.figure_repairs import Fractions, column_fractions, lost_comma

    # target and realisasi both lost their comma ('85,00' / '85,60'): their ratio still fits the
    # capaian, so only the column, printing every figure with two decimals, tells
    fractions = column_fractions(["90,00", "8500", "100,00 %", "75,00", "70,50"])
    assert fractions == Fractions(frozenset({2}), 70.5, 100.0)
    fixed = lost_comma(_cell("8500"), fractions)
    assert fixed is not None and fixed.value == 85.0 and "decimal comma was lost" in fixed.repairs[-1]
    assert lost_comma(_cell("85,00"), fractions).value == 85.0  # nothing lost: as read
    assert lost_comma(_cell("150"), fractions).value == 150  # a percent a measure may reach stays
    one_place = Fractions(frozenset({1}), 90.5, 97.5)
    assert lost_comma(_cell("972"), one_place).value == 97.2  # a nocap table's '97,2' read '972'
    # counts of other units among them ('6' dokumen) leave the percents' precision as it is
    assert column_fractions(["90,00", "6", "85,00", "3", "8500", "70,00"]) == Fractions(frozenset({2}), 70.0, 90.0)
    # a column of whole numbers (counts, '100') says nothing, nor do two fractions
    assert column_fractions(["90", "8500", "100", "75"]) is None
    assert column_fractions(["90,5", "85,25", "100", "75"]) is None
    assert lost_comma(_cell("8500"), None).value == 8500
    assert lost_comma(_cell("85000"), Fractions(frozenset({2}), 70.0, 90.0)).value == 85000  # 850 %: left


def test_a_lost_comma_in_a_column_of_mixed_precision_is_read_where_its_figures_lie() -> None:
    from extractor.figure_repairs import column_fractions, lost_comma

    # scan 13139: a prior-year column printing '84,64%', '87,4%', '67,86%' (and '74%') read '86,6%'
    # as '866%': 86,6 lies among its figures, 8,66 far below them
    mixed = column_fractions(["74%", "866%", "84,64%", "69%", "87,4%", "67,86%", "88,3%", "71,4%"])
    assert mixed is not None and mixed.places == frozenset({1, 2})
    fixed = lost_comma(_cell("866%"), mixed)
    assert fixed is not None and fixed.value == 86.6 and "1 decimals" in fixed.repairs[-1]
    assert lost_comma(_cell("9646%"), mixed).value == 96.46  # 964,6 is beyond any percent
    # where both readings lie among the column's figures, nothing is guessed
    wide = column_fractions(["4,5", "96,25", "12,75", "80,5"])
    assert lost_comma(_cell("866"), wide).value == 866


def test_a_digit_misread_alike_in_target_and_realisasi_is_put_right_by_the_capaian() -> None:
    """'80 | 82 | 102,5' scanned as '30 | 32 | 102,5': the scan's '8' read '3' in both figures. No
    one figure's repair explains the row; the one pair with that digit changed in both does."""
    target, realisasi, capaian = ocr_repairs(_cell("30"), _cell("32"), _cell("102,5"), None, True)
    assert (target.value, realisasi.value, capaian.value) == (80, 82, 102.5)  # type: ignore[union-attr]
    assert target.raw == "30" and "misread alike" in target.repairs[-1]  # type: ignore[union-attr]
    # a row that adds up as read, or that no one shared misreading explains, is left as read
    kept = (_cell("30"), _cell("32"), _cell("106,67"))
    assert ocr_repairs(*kept, None, True)[:2] == kept[:2]
    odd = (_cell("30"), _cell("32"), _cell("97,5"))
    assert ocr_repairs(*odd, None, True)[:2] == odd[:2]


@pytest.mark.parametrize(
    ("target", "realisasi", "capaian", "meant"),
    [
        ("90", "29,35", "88,17", (90, 79.35)),  # '7' read '2' in a figure of two decimals
        ("90", "98,17", "103,52", (90, 93.17)),  # '3' read '8'
        ("80", "79,35", "88,17", (90, 79.35)),  # the target's '9' read '8'
    ],
)
def test_a_misread_digit_of_a_figure_of_any_precision_is_put_right_where_the_capaian_pins_it(
    target: str, realisasi: str, capaian: str, meant: tuple[float, float]
) -> None:
    t, r, _ = ocr_repairs(_cell(target), _cell(realisasi), _cell(capaian), None, True)
    assert (t.value, r.value) == meant  # type: ignore[union-attr]
    repaired = t if meant[0] != float(target) else r
    assert "misread" in repaired.repairs[-1]  # type: ignore[union-attr]
    assert (t.raw, r.raw) == (target, realisasi)  # type: ignore[union-attr]


def test_a_capaian_of_one_decimal_pins_nothing_a_digit_could_be_changed_to() -> None:
    """'88,2' allows 79,34 to 79,43 for a target of 90: too wide to tell a misread digit by."""
    kept = (_cell("90"), _cell("29,35"), _cell("88,2"))
    assert ocr_repairs(*kept, None, True)[:2] == kept[:2]



def test_a_capaian_that_lost_a_digit_of_its_whole_number_is_put_right() -> None:
    """'97,22' read '9,22' beside 90 and 87,5; never a decimal put in: '87,72' beside 80 and 70,18
    (87,725) is as printed, not '87,732'."""
    t, r, cap = ocr_repairs(_cell("90"), _cell("87,5"), _cell("9,22"), 97.2222, True)
    assert (t.value, r.value, cap.value) == (90, 87.5, 97.22)  # type: ignore[union-attr]
    assert "lost" in cap.repairs[-1] and cap.raw == "9,22"  # type: ignore[union-attr]
    kept = ocr_repairs(_cell("80"), _cell("70,18"), _cell("87,72"), 87.725, True)[2]
    assert kept.value == 87.72 and not kept.repairs  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("pagu", "real", "sisa", "persen", "want"),
    [
        ("866.887.000", "660.715.91", "206.171.509", "76,22", (866887000, 660715491)),  # an inner digit lost
        ("863.290.000", "889.210.000", "24.080.000", "97,21", (863290000, 839210000)),  # '3' read '8', the % agrees
        # the sisa cannot be the misread figure: no sisa is left where realisasi passes pagu
        ("863.290.000", "889.210.000", "24.080.000", "72,1", (863290000, 839210000)),
        # the sisa may be the misread one ('24.080.000' read '24.086.000') and nothing bears the
        # repair out: as read
        ("863.290.000", "839.210.000", "24.086.000", "72,1", (863290000, 839210000)),
        # the % fits as read and repaired alike; the sisa may be misread, but the repair makes the
        # pagu the whole thousands a DIPA allots (dev docx scan 12934, monospaced '0' read '6')
        ("34.136.006", "21.353.000", "12.783.000", "62,55", (34136000, 21353000)),
        # the % fits as read and repaired alike, the sisa cannot be one digit off: repaired
        ("648.845.000", "581.044.009", "67.801.000", "89,55", (648845000, 581044000)),
        # the % fits as read and repaired alike, a realisasi repair the sisa may explain: as read
        ("648.845.000", "581.044.009", "67.800.000", "89,55", (648845000, 581044009)),
        # two look-alike digits off where the sisa stands (dev docx scan 12934, monospaced '0's)
        ("45.165.000", "49.682.006", "4.483.000", "90,07", (45165000, 40682000)),
        ("2.172.984.609", "1.305.859.188", "867.124.812", "66,1", (2172984000, 1305859188)),
        # ... but not where the sisa may be the one two look-alikes off
        ("100.000.000", "90.000.000", "10.000.690", "", (100000000, 90000000)),
        # an overspent row whose negative sisa may be the misread figure: as read
        ("944.345.000", "969.986.061", "-25.641.661", "102,72", (944345000, 969986061)),
        ("100.000.000", "90.000.000", "18.000.000", "", (100000000, 90000000)),  # the sisa misread: as read
        ("6.265.215.000", "5681446975", "613.768.025", "902", (6265215000, 5651446975)),  # '90,2' its mark lost
        ("9.036.325.000", "8.844.452.000", "191.873.000", "97,88", (9036325000, 8844452000)),  # adds up: as read
    ],
)
def test_a_sisa_column_pins_one_damaged_amount_to_the_rupiah(
    pagu: str, real: str, sisa: str, persen: str, want: tuple[int, int]
) -> None:
    p, r = sisa_repairs(_amount(pagu), _amount(real), _amount(sisa), _cell(persen))
    assert (p.value, r.value) == want if p and r else False
    if (p.value, r.value) != (_amount(pagu).value, _amount(real).value):  # type: ignore[union-attr]
        assert "sisa pins it" in (p.repairs + r.repairs)[-1]  # type: ignore[union-attr]


def test_a_sisa_that_two_readings_explain_and_no_percent_tells_leaves_the_row() -> None:
    # a digit off in the same place of pagu or of realisasi: with no % to tell, nothing is changed
    p, r = sisa_repairs(_amount("6.265.215.000"), _amount("5681446975"), _amount("613.768.025"), None)
    assert (p.value, r.value) == (6265215000, 5681446975)  # type: ignore[union-attr]
    # a '%' column taken for the sisa ('100', no thousands mark) pins nothing either (docx scan
    # 12828: 52.828.000 would have become 52.828.100)
    p, r = sisa_repairs(_amount("52.828.000"), _amount("52.828.000"), _amount("100"), None)
    assert (p.value, r.value) == (52828000, 52828000)  # type: ignore[union-attr]
    # a sisa that is no whole amount pins nothing
    p, r = sisa_repairs(_amount("866.887.000"), _amount("660.715.91"), _amount("-"), _cell("76,22"))
    assert r is not None and r.value != 660715491
