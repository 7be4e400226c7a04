"""The domain vocabulary's sets keep the relations their readers rely on."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from extractor.vocabulary import HEADER_KINDS, HEADER_WORD, HEADER_WORDS, YEAR_MARK, YEAR_TOKEN, YEAR_WORD


def test_the_triage_header_words_are_text_dump_header_words() -> None:
    assert set(HEADER_WORDS) <= set(HEADER_KINDS)
    assert len(HEADER_WORDS) == 13


def test_no_header_word_starts_another() -> None:
    """HEADER_WORD's alternation then finds the same word whatever the order of HEADER_WORDS."""
    assert not [(a, b) for a, b in itertools.permutations(HEADER_WORDS, 2) if b.startswith(a)]
    assert [m.group(1) for m in HEADER_WORD.finditer("target dan realisasi anggaran")] == [
        "target",
        "realisasi",
        "anggaran",
    ]


def test_year_patterns() -> None:
    assert YEAR_TOKEN.match("(2024)") and not YEAR_TOKEN.match("2024.")
    assert YEAR_MARK.match("2024.") and YEAR_MARK.match("(1999)") and not YEAR_MARK.match("2024%")
    assert YEAR_WORD.search("Tahun 2023 ini") and not YEAR_WORD.search("12023")


def test_every_column_word_begins_with_a_column_word_start() -> None:
    from extractor.vocabulary import COLUMN_WORD_STARTS, ROLE_WORDS

    words = [w for _, ws in ROLE_WORDS for w in ws if w[0].isalpha()] + list(HEADER_WORDS)
    assert all(w.startswith(COLUMN_WORD_STARTS) for w in words)
    assert not "penganggaran".startswith(COLUMN_WORD_STARTS) and "realisasi2024".startswith(COLUMN_WORD_STARTS)


def test_a_totals_name_ocr_misread_is_still_a_total_and_an_output_is_not() -> None:
    from extractor.vocabulary import TOTAL_NAME

    for name in ("jumlah total", "jumiah total", "jurnlah", "jum1ah anggaran", "totai", "subtotal", "total"):
        assert TOTAL_NAME.match(name), name
    for name in ("jumlah layanan perkantoran", "jumiah dokumen kepemiluan", "totalitas pelayanan"):
        assert not TOTAL_NAME.match(name), name


def test_a_superscript_is_no_clipped_year_and_breaks_nothing() -> None:
    # '²' is a digit to str.isdigit() but no number to int(): found by the row-model property test
    from extractor.vocabulary import clipped_year

    assert clipped_year("24", [2023]) and not clipped_year("²³", [2023]) and not clipped_year("75", [2023])


def test_a_year_ocr_damaged_is_the_one_nearest_year_the_column_can_be_about() -> None:
    from extractor.vocabulary import damaged_year

    assert damaged_year("224", 2015, 2025, {2025}) == 2024  # 'Realisasi (Rp)' over '224 | 2025'
    assert damaged_year("024", 2015, 2025, {2025}) == 2024  # its first digit lost
    assert damaged_year("024", 2013, 2023, {2023}) is None  # nothing is dated after the window
    assert damaged_year("202", 2015, 2025, {2025}) is None  # 2020 to 2025 all fit: no telling which
    assert damaged_year("225", 2015, 2025, {2025}) is None  # only the year already printed fits
    assert damaged_year("100", 2015, 2025, {2025}) is None  # a figure, no year
    assert damaged_year("Realisasi 2024", 2015, 2025) is None  # intact: not damaged
    assert damaged_year("Realisasi T: 1014", 2020, 2025, {2025}) == 2024  # two digits changed
    assert damaged_year("Realisasi T: 1014", 2019, 2025, {2025}) is None  # 2019 as near as 2024
    assert damaged_year("Target Renstra 229", 2025, 2030, {2024, 2025}) == 2029
    assert damaged_year("Target 22", 2016, 2026, {2021}) == 2022  # clipped to its last two digits
    assert damaged_year("Target 22", 2016, 2026, {2022}) is None and damaged_year("Capaian 85", 2016, 2026) is None
    assert damaged_year("Capaian (20)", 2016, 2021) is None  # '(%)' misread, not a clipped year
    assert damaged_year("Capaian 20", 2016, 2021, clipped=False) is None
    assert damaged_year("(Rp 1.000)", 2015, 2025) is None and damaged_year("Pagu 12345", 2015, 2025) is None


@given(st.integers(2000, 2049), st.integers(0, 3), st.integers(0, 5), st.integers(0, 5))
def test_a_year_put_right_is_one_edit_from_three_digits_and_inside_its_window(
    year: int, at: int, before: int, after: int
) -> None:
    """Whatever it returns lies in the window, and is one edit from the three digits read."""
    from rapidfuzz.distance import Levenshtein

    from extractor.vocabulary import damaged_year

    text = str(year)[:at] + str(year)[at + 1 :]
    found = damaged_year(f"Realisasi {text}", year - before, year + after)
    assert found is None or (year - before <= found <= year + after and Levenshtein.distance(text, str(found)) == 1)


def test_a_row_of_years_may_be_damaged_and_end_beside_a_bracketed_unit() -> None:
    from extractor.vocabulary import bare_word, years_only

    assert years_only(["2024", "2025"]) and years_only(["(2024)", "2025 __"])
    # dev scan 12931: 'Capaian (%)' beside 'Target Tahun 2026', their last lines read '(Ya) | 2026'
    assert years_only(["(Ya)", "2026"]) and years_only(["(%)", "2024", "2025"])
    assert not years_only(["(%)"]) and not years_only(["(Ya)", "(Rp)"])  # units alone date nothing
    # dev scan 12903: 'Realisasi' over '2020 | 2021' read '220 | 221'
    assert years_only(["220", "221"])
    assert not years_only(["12", "12"]) and not years_only(["95", "100,00"])
    # two digits are a year's last two beside a whole year, or where the caller allows it
    assert years_only(["1014", "21"]) and not years_only(["1014", "21"], clipped=False)
    assert years_only(["2024", "25"], clipped=False)
    assert bare_word("(2025)") == "2025" and bare_word("— Realisasi |") == "Realisasi"
