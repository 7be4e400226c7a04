"""Reading the narrative (extractor.audit.sentences, text_figures): table rows a PDF text layer repeats, and amounts."""

from __future__ import annotations

import pytest

from extractor.audit import AuditInput
from extractor.audit.sentences import prose_only
from extractor.models import Method, TextLine
from tests.audit_builders import SATKER, audit, budget, indicator, lines, narrative, text_fixture

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
    # elsewhere, a line of words and figures (no full stop) may be a sentence's wrapped part; a line
    # of figures after a word or two is a row of some table, read or not
    assert [t.text for t in elsewhere] == [t.text for t in text[:3]] + [""] + [t.text for t in text[4:6]] + [text[6].text]


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




@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("Adapun realisasi anggaran sebesar 98,68%.", True),
        ("Adapun realisasi anggaran sebesar 94,94%.", False),
        ("Penyerapan anggaran Tahun 2024 mencapai 94,88%.", False),  # a row, not the total
        ("memenuhi target 100% dan anggaran 99,95% dimana koordinasi", True),
        ("Pada tahun 2023 realisasi anggaran sebesar 93,37%.", False),
        ("Target penyerapan anggaran 95% tercapai.", False),
        ("Dari tabel diatas maka efisiensi anggaran Tahun 2024 sebesar 0,04%.", True),
        ("Efisiensi anggaran Tahun 2024 sebesar 5,06%.", False),
        ("Pagu anggaran terakhir sebesar Rp. 41.661.103.000,- (empat puluh satu miliar).", False),
        ("Pagu anggaran Tahun 2024 sebesar Rp 4.451.669.000.", True),
        ("Realisasi anggaran sebesar Rp 39.552.911.818.", False),
    ],
)
def test_text_budget_figures(sentence: str, flagged: bool) -> None:
    inds, rows = text_fixture()
    flags = audit(inds, rows, narrative(sentence), only="text_vs_table")
    assert bool(flags) is flagged, [f.message for f in flags]
    for f in flags:
        assert f.provenance[0].line == 500 and f.provenance[0].method is Method.NARRATIVE
        assert any(p.line == 3421 for p in f.provenance)  # the total's cell is cited


def test_text_sentence_across_wrapped_lines_cites_the_figure_line() -> None:
    inds, rows = text_fixture()
    text = narrative(
        "Hasil ini menunjukkan bahwa realisasi anggarannya", "sebesar", "", "94,91%. Hal ini baik."
    )
    (flag,) = audit(inds, rows, text, only="text_vs_table")
    assert flag.provenance[0].line == 503 and flag.values["stated"] == pytest.approx(94.91)
    ended = narrative("Hasil ini menunjukkan realisasi anggarannya.", "", "94,91% dari pagu.")
    assert not audit(inds, rows, ended, only="text_vs_table")


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("KPU menetapkan 3 (tiga) indikator kinerja pada Tahun 2024.", False),
        ("KPU menetapkan 2 (dua) sasaran strategis melalui Perjanjian Kinerja.", False),
        ("KPU menetapkan 17 (tujuh belas) indikator kinerja pada Tahun 2024.", True),
        ("KPU menetapkan 8 (delapan) sasaran strategis melalui PK.", True),
        ("IDI meliputi 3 (tiga) indikator dan 11 (sebelas) sub-indikator.", False),
        ("1 2 3 4 5 6 7 8 Sasaran 3 : Terwujudnya", False),
    ],
)
def test_text_counts(sentence: str, flagged: bool) -> None:
    inds, rows = text_fixture()
    flags = audit(inds, rows, narrative(sentence), only="text_vs_table")
    assert bool(flags) is flagged, [f.message for f in flags]


def test_text_counts_that_contradict_each_other_cite_both_lines() -> None:
    inds, rows = text_fixture()
    text = narrative(
        "Capaian kinerja tersebar pada 15 (lima belas) indikator kinerja.",
        "",
        "KPU menetapkan 3 (tiga) indikator kinerja melalui Perjanjian Kinerja.",
    )
    (flag,) = audit(inds, rows, text, only="text_vs_table")
    assert lines(flag) >= {500, 502} and flag.values["stated"] == 15


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("Dapat dikatakan semua target terpenuhi sesuai rencana.", True),
        ("KPU telah berhasil mencapai semua sasaran strategis Tahun 2024.", True),
        ("KPU telah berhasil mencapai hampir seluruh sasaran strategis.", False),
        ("Renstra memuat seluruh target kinerja yang akan dicapai.", False),
        ("Pada tahun 2023 semua target terpenuhi.", False),
        ("Capaian kinerja Persentase kegiatan pendidikan pemilih yang terlaksana sebesar 100%.", True),
        ("Capaian kinerja Persentase kegiatan pendidikan pemilih yang terlaksana sebesar 94,4%.", False),
        ("Rata-rata capaian kinerja Tahun 2024 mencapai 90,99%.", True),
        ("Rata-rata capaian kinerja Tahun 2024 mencapai 84,80%.", False),
    ],
)
def test_text_claims_and_capaian(sentence: str, flagged: bool) -> None:
    inds, rows = text_fixture()
    flags = audit(inds, rows, narrative(sentence), only="text_vs_table")
    assert bool(flags) is flagged, [f.message for f in flags]


def test_claim_about_the_table_above_checks_only_that_table() -> None:
    inds, rows = text_fixture()
    above = (
        budget("indikator", "Nilai Akuntabilitas Kinerja", 20_511_000, 17_088_900, 83.32, 2113, 8),
        budget(
            "indikator",
            "Persentase sengketa hukum yang dimenangkan KPU",
            7_540_000,
            7_539_761,
            100.0,
            2118,
            8,
        ),
    )
    claim = narrative("Dari tabel di atas, menunjukkan terpenuhinya kedua indikator tersebut.", start=2124)
    (flag,) = audit(inds, rows + above, claim, only="text_vs_table")
    assert lines(flag) == {2124, 1803}
    wrong_count = narrative(
        "Dari tabel di atas, menunjukkan terpenuhinya ketiga indikator tersebut.", start=2124
    )
    assert not audit(inds, rows + above, wrong_count, only="text_vs_table")


def test_a_row_of_an_unread_table_is_no_statement() -> None:
    # a year-by-year trend table printed sideways (years across): its rows are no prose on any page
    text = page(
        3,
        "Tabel 3.2 Perbandingan Capaian Indikator Persentase Partisipasi Pemilih Tahun 2020 - 2024",
        "Target 75% - - - 77,5%",
        "Capaian 101,73% - - - 104,77%",
        "Realisasi Rp 1.200.000.000 1.150.000.000 95,83%",
        "Capaian tahun 2020 sebesar 101,73%, tahun 2024 sebesar 104,77% dan",
        "rata-rata 103,25%.",
    )
    kept = prose_only(AuditInput(SATKER, (), (), text, 2024))
    assert [t.text for t in kept] == [text[0].text, "", "", "", text[4].text, text[5].text]
