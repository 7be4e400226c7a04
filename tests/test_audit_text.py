"""Reading the narrative (extractor.audit.sentences, text_figures): table rows a PDF text layer repeats, and amounts."""

from __future__ import annotations

from extractor.audit import AuditInput
from extractor.audit.sentences import prose_only
from extractor.models import TextLine
from tests.test_audit import SATKER, audit, budget, indicator, lines

JUMLAH = budget("total", "JUMLAH", 51_412_431_000, 47_457_842_438, 92.31, 22, 6)
PK_ROW = budget("program", "Program Dukungan Manajemen", 2_647_529_000, None, None, 18, 11)


def page(number: int, *texts: str) -> tuple[TextLine, ...]:
    return tuple(TextLine(t, number, i + 1) for i, t in enumerate(texts))


def test_table_rows_on_their_own_page_are_not_prose() -> None:
    text = page(
        1,
        "Lampiran 2. Anggaran Perjanjian Kinerja Tahun 2024",
        "No Uraian Pagu (Rp)",
        "1 Program Dukungan Manajemen Rp 2.647.529.000",
        "JUMLAH 51.412.431.000 47.457.842.438 92,31%",
        "51.412.431.000",
        "Nilai Akuntabilitas Kinerja B",
        "Realisasi sebesar Rp 47.457.842.438 atau 92,31%.",
    )
    grade = indicator("Nilai Akuntabilitas Kinerja", "B", None, None, 30, 0, "agreement")
    records = (grade,), (JUMLAH, PK_ROW)
    kept = prose_only(AuditInput(SATKER, *records, text, 2024))
    assert [t.text for t in kept] == [text[0].text, text[1].text, "", "", "", "", text[6].text]
    assert [t.line for t in kept] == [t.line for t in text]  # blanked, not removed
    elsewhere = prose_only(AuditInput(SATKER, *records, page(2, *(t.text for t in text)), 2024))
    assert [t.text for t in elsewhere] == [t.text for t in text[:6]] + [text[6].text]


def test_a_counted_table_row_is_no_count_statement() -> None:
    """'No Uraian Pagu 1 Program Dukungan ...' read as prose said '1 Program'."""
    text = page(1, "Perjanjian Kinerja: No Uraian Pagu", "1 Program Dukungan Manajemen 2.647.529.000")
    rows = (PK_ROW, budget("program", "Penyelenggaraan Pemilu", 26_608_457_000, None, None, 19, 11))
    assert not audit((), rows, text, only="text_vs_table")


def test_an_amount_is_read_whole_even_past_the_search_window() -> None:
    text = page(
        5,
        "Realisasi anggaran KPU Kabupaten Rejang Lebong sampai dengan 31 Desember 2024 adalah "
        "Rp 47.457.842.438 dari pagu Rp 51.412.431.000.",
    )
    assert not audit((), (JUMLAH,), text, only="text_vs_table")
    wrong = page(5, text[0].text.replace("47.457.842.438", "47.457.842.000"))
    (flag,) = audit((), (JUMLAH,), wrong, only="text_vs_table")
    assert flag.values["stated"] == 47_457_842_000 and lines(flag) == {1, 22}


def test_pagu_and_realisasi_named_together_take_their_amounts_in_order() -> None:
    text = page(
        12, "Pagu dan Realisasi Anggaran Tahun 2024 Rp 51.412.431.000 Rp 47.457.842.438 sesuai laporan."
    )
    assert not audit((), (JUMLAH,), text, only="text_vs_table")
