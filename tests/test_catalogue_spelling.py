"""Tests for extractor.catalogue.spelling: the matcher repairs what a scan or a typist damages, and
leaves real words that merely lie near a catalogue word alone (issue 17)."""

from __future__ import annotations

import pytest

from extractor.catalogue import Matcher
from extractor.catalogue.spelling import _PAIRS, UNDONE_FIRST, ocr_forms, repair_cost


@pytest.mark.parametrize(
    ("word", "near"),
    [
        ("kesehatan", "ketepatan"),  # health: 's'->'t' and 'h'->'p' is no misreading
        ("memiliki", "memilih"),  # to own
        ("kompeten", "kompetensi"),  # competent: two letters cut off the end
        ("pengawasan", "pengadaan"),  # supervision
        ("kepatuhan", "keputusan"),  # compliance
        ("pengaduan", "pengadaan"),  # complaints: 'a' read 'u' is one misread letter, no OCR confusion
        ("pemerintahan", "pemerintah"),  # government (affairs): two letters added
        ("kepemimpinan", "kepemiluan"),  # leadership (seed report 000)
        ("proses", "prosen"),  # process, no per cent (seed report 000: a duty matched an output)
        ("permen", "persen"),  # ministerial regulation
    ],
)
def test_real_words_are_not_rewritten_into_catalogue_words(matcher: Matcher, word: str, near: str) -> None:
    assert repair_cost(word, near, 3) is None
    assert matcher.words([f"Indeks {word} pegawai"])[0] == ["indeks", word, "pegawai"]


@pytest.mark.parametrize("word", ["penerapan", "internet", "pangkat", "sedang"])
def test_a_word_as_near_to_an_implausible_repair_is_left_alone(matcher: Matcher, word: str) -> None:
    """'penerapan' is one edit from 'penetapan' ('t' misread 'r': no) and from 'penyerapan' (a letter
    lost: possible): ruling out the first must not make the second a sure repair."""
    assert matcher.words([f"Indeks {word} pegawai"])[0] == ["indeks", word, "pegawai"]


def test_a_duty_in_the_narrative_is_no_output_indicator(matcher: Matcher) -> None:
    assert matcher.match("Penyelesaian sengketa proses tahapan, hasil Pemilu dan Pemilihan,").match is None


@pytest.mark.parametrize(
    ("read", "word"),
    [
        ("pernilih", "pemilih"),  # 'rn' read for 'm'
        ("rnemilih", "memilih"),
        ("clokumen", "dokumen"),  # 'cl' for 'd'
        ("kinrcja", "kinerja"),  # two letters swapped, one of them read 'c' for 'e'
        ("ketetepatan", "ketepatan"),  # a pair of letters typed twice
        ("pemeriintah", "pemerintah"),  # a letter added
        ("keteotan", "ketepatan"),  # a letter lost and 'a' read 'o'
        ("tahapar", "tahapan"),  # 'n' read 'r'
        ("ke1uangan", "keuangan"),  # a speck read as '1'
        ("melatui", "melalui"),  # 'l' read 't' (seed report 000, a real scan)
        ("public", "publik"),  # a loanword's English spelling (seed report 002)
        ("legislative", "legislatif"),
    ],
)
def test_what_a_scan_or_typist_damages_is_repaired(read: str, word: str) -> None:
    assert repair_cost(read, word, 3) is not None


@pytest.mark.parametrize(
    ("label", "words"),
    [
        ("Persentase pernilih yang rnemilih", ["persentase", "pemilih", "yang", "memilih"]),
        ("Ketetepatan Waktu Pelaporan Kcuangan", ["ketepatan", "waktu", "pelaporan", "keuangan"]),
        ("Nilai Akunotbilitas Kinrcja", ["nilai", "akuntabilitas", "kinerja"]),
    ],
)
def test_the_matcher_still_repairs_ocr_damage(matcher: Matcher, label: str, words: list[str]) -> None:
    assert matcher.words([label])[0][: len(words)] == words


def test_a_repair_stays_within_its_budget() -> None:
    assert repair_cost("pemilih", "pemilih", 0) == 0
    assert repair_cost("pernilih", "pemilih", 1) == 1
    assert repair_cost("pcrnilih", "pemilih", 1) is None  # 'c' for 'e' and 'rn' for 'm': two confusions
    assert repair_cost("pcrnilih", "pemilih", 2) == 2


def test_the_confusions_undone_first_are_glyph_confusions() -> None:
    assert set(UNDONE_FIRST) <= _PAIRS
    assert "jmlah" in ocr_forms("jrnlah") and "pemilih" in ocr_forms("pernilih")


def test_a_report_row_spelling_a_loanword_in_english_still_matches(matcher: Matcher) -> None:
    """Seed report 002 prints 'publik' as 'public' (and 'kompeten' is no longer read as 'kompetensi')."""
    label = "Persentase informasi tentang partai politik yang kompeten yang di publikasikan pada public"
    result = matcher.match(label)
    assert result.match is not None and result.match.id == "informasi_partai_politik"
