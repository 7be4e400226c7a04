"""Words a narrow column broke in two are written whole again (``extractor.catalogue.wrapped``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractor.catalogue import load_catalogue
from extractor.catalogue.matcher import _place_words
from extractor.catalogue.wrapped import join_broken_words, printed_words

KNOWN = printed_words(load_catalogue(), _place_words())


def test_pieces_of_a_catalogue_word_are_joined() -> None:
    # recorded from LibreOffice and reportlab PDFs of tables with narrow label columns
    assert join_broken_words("Meningkatny a Pembinaan Perbendahar aan.", KNOWN) == "Meningkatnya Pembinaan Perbendaharaan."
    assert join_broken_words("QGE.001 Pembentukan/Selek si Badan Adhoc", KNOWN) == "QGE.001 Pembentukan/Seleksi Badan Adhoc"
    assert (
        join_broken_words("QGE.004 So sialisasi/Penyuluhan/Bimb ingan Teknis", KNOWN)
        == "QGE.004 Sosialisasi/Penyuluhan/Bimbingan Teknis"
    )
    assert join_broken_words("KPU Kabupaten/K ota yang menyampaik an laporan", KNOWN) == (
        "KPU Kabupaten/Kota yang menyampaikan laporan"
    )


def test_two_words_and_function_words_stay_apart() -> None:
    for text in (
        "Laporan Pertanggung jawaban Penggunaan Anggaran",  # two words, each printed alone too
        "Persentase kegiatan koordinasi dengan para pihak terkait yang terlaksana",
        "data pemilih di kelola",  # 'di' is a word of its own, however it should be spelled
        "Nilai SAKIP",
    ):
        assert join_broken_words(text, KNOWN) == text


@given(st.lists(st.sampled_from([*sorted(KNOWN)[:400], "an", "a", "ya", "si", "Rp", "2024", "/", "(e"]), max_size=12))
def test_joining_only_ever_removes_spaces(words: list[str]) -> None:
    text = " ".join(words)
    joined = join_broken_words(text, KNOWN)
    assert joined.replace(" ", "") == text.replace(" ", "")
    assert joined.count(" ") <= text.count(" ")


def test_a_word_a_line_end_hyphen_parts_is_one_word_with_its_hyphen() -> None:
    text = "sesuai dengan ketentuan peraturan perundang- undangan, serta masing- masing"
    assert join_broken_words(text, KNOWN) == "sesuai dengan ketentuan peraturan perundang-undangan, serta masing-masing"
    assert join_broken_words("Target - Realisasi", KNOWN) == "Target - Realisasi"  # a dash between words stays
