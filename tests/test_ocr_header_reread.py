"""Header cells read again alone (``extractor.ocr.header_reread``)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from extractor.models import Segment, Word
from extractor.ocr.header_reread import (
    HeaderCell,
    better,
    data_line,
    doubtful,
    header_cells,
    header_runs,
    ink_bounded,
    reread_headers,
    settle_header,
)

PPP = 0.5  # points per pixel: a 144 dpi page


def _w(text: str, x0: float, top: float, line: int, conf: float = 95.0) -> Word:
    return Word(1, line, 1, text, conf, x0, top, x0 + 6.0 * len(text), top + 8.0)


# A ruled budget header: Kode | Uraian | 'Realisasi Tahun 2020' (shaded, read 'oy ahun') | Pagu | Realisasi
_VERTICALS = [Segment(x, 90.0, x, 200.0) for x in (10.0, 60.0, 160.0, 240.0, 320.0, 400.0)]
_HORIZONTALS = [Segment(10.0, y, 400.0, y) for y in (90.0, 125.0, 200.0)]
_HEADER = [
    _w("Kode", 20.0, 102.0, 1),
    _w("Uraian", 70.0, 102.0, 1),
    _w("oy", 170.0, 100.0, 1, conf=30.0),
    _w("ahun", 185.0, 100.0, 1, conf=93.0),
    _w("Pagu", 250.0, 102.0, 1),
    _w("Realisasi", 330.0, 102.0, 1),
]
_BODY = [
    _w("01", 20.0, 140.0, 2),
    _w("Program", 70.0, 140.0, 2),
    _w("46.299.100", 170.0, 140.0, 2),
    _w("50.958.000", 250.0, 140.0, 2),
    _w("40.597.353", 330.0, 140.0, 2),
]


def test_header_lines_are_the_lines_without_figures_naming_columns() -> None:
    runs = header_runs([*_HEADER, *_BODY])
    assert [sorted(w.text for w in run) for run in runs] == [sorted(w.text for w in _HEADER)]


def test_a_ruled_header_cell_is_the_box_between_its_rules() -> None:
    cells = header_cells(_HEADER, [*_VERTICALS, *_HORIZONTALS], 8.0)
    garbled = next(c for c in cells if "ahun" in c.text)
    assert garbled.text == "oy ahun"
    assert garbled.box == (160.0, 90.0, 240.0, 125.0)
    assert [doubtful(c) for c in cells] == [False, False, True, False, False]


def test_a_garbled_header_cell_is_read_again_alone() -> None:
    calls: list[tuple[int, int]] = []

    def read(crop: np.ndarray, scale: float) -> tuple[Word, ...]:
        calls.append(crop.shape[:2])
        return (
            Word(1, 1, 1, "Realisasi", 90.0, 5.0, 5.0, 40.0, 12.0),
            Word(1, 1, 2, "Tahun", 91.0, 42.0, 5.0, 60.0, 12.0),
            Word(1, 2, 1, "2020", 89.0, 20.0, 16.0, 36.0, 23.0),
            Word(1, 2, 2, ")", 20.0, 38.0, 16.0, 40.0, 23.0),
        )

    image = np.full((500, 900), 255, dtype=np.uint8)
    words, count = reread_headers([*_HEADER, *_BODY], image, PPP, [*_VERTICALS, *_HORIZONTALS], 8.0, read)
    assert count == 1 and len(calls) == 1  # only the doubtful cell was read again
    texts = [w.text for w in words]
    assert "oy" not in texts and "ahun" not in texts
    assert texts[2:5] == ["Realisasi", "Tahun", "2020"]  # the cell's place, punctuation alone dropped
    year = words[4]
    # a line of its own, inside the cell
    assert year.line != 1 and 160.0 < year.x0 < 240.0 and 90.0 < year.top < 125.0
    assert [w.text for w in words][-5:] == [w.text for w in _BODY]


def test_a_reread_naming_nothing_leaves_the_cell_as_read() -> None:
    def read(crop: np.ndarray, scale: float) -> tuple[Word, ...]:
        return (Word(1, 1, 1, "oyy", 60.0, 5.0, 5.0, 40.0, 12.0),)

    image = np.full((500, 900), 255, dtype=np.uint8)
    words, count = reread_headers([*_HEADER, *_BODY], image, PPP, [*_VERTICALS, *_HORIZONTALS], 8.0, read)
    assert count == 0 and list(words) == [*_HEADER, *_BODY]


@pytest.mark.parametrize(
    ("first", "again", "taken"),
    [
        ("oy ahun", "Realisasi Tahun 2020", True),  # names a column and a year
        ("Realisasi", "Realisasi 2020", True),  # the year the first reading lost
        ("Realisasi 2020", "Realisasi", False),  # never loses a year
        ("Realisasi 2020", "Renlisasi 2028", False),  # as much named, not surer
        ("ea,", "", False),
    ],
)
def test_better(first: str, again: str, taken: bool) -> None:
    def words(text: str, conf: float) -> list[Word]:
        return [_w(t, 10.0 * i, 0.0, 1, conf) for i, t in enumerate(text.split())]

    assert better(words(first, 70.0), words(again, 75.0)) is taken


def test_a_reread_never_loses_a_year_the_first_reading_was_sure_of() -> None:
    """'Target 2029 (Renstra)' read again 'Target 2028 (Renstra)', surer of its letters: the year
    read surely stays; a year read unsurely may be put right."""
    first = [_w("Target", 0.0, 0.0, 1, 40.0), _w("2029", 40.0, 0.0, 1, 90.0), _w("(Renstra)", 70.0, 0.0, 1, 40.0)]
    again = [_w("Target", 0.0, 0.0, 1, 96.0), _w("2028", 40.0, 0.0, 1, 96.0), _w("(Renstra)", 70.0, 0.0, 1, 96.0)]
    assert not better(first, again)
    unsure = [first[0], replace(first[1], conf=30.0), first[2]]
    assert better(unsure, again)


def test_years_and_numbering_alone_are_no_doubt() -> None:
    assert not doubtful(HeaderCell((_w("2021", 0.0, 0.0, 1),), (0.0, 0.0, 1.0, 1.0)))
    assert not doubtful(HeaderCell((_w("(3)", 0.0, 0.0, 1),), (0.0, 0.0, 1.0, 1.0)))
    assert doubtful(HeaderCell((_w("Realisasi", 0.0, 0.0, 1, conf=5.0),), (0.0, 0.0, 1.0, 1.0)))


def test_a_header_whose_year_is_plainly_lost_is_worth_a_second_look() -> None:
    # 'Target (Renstra)' and 'Target Tahun' name a column but print a year OCR lost
    def cell(*texts: str) -> HeaderCell:
        return HeaderCell(tuple(_w(t, 40.0 * i, 0.0, 1) for i, t in enumerate(texts)), (0.0, 0.0, 1.0, 1.0))

    assert doubtful(cell("Target", "(Renstra)"))
    assert doubtful(cell("Target", "Tahun"))
    assert not doubtful(cell("Target", "2029", "(Renstra)"))
    assert not doubtful(cell("Target", "Tahun", "2024"))
    assert not doubtful(cell("Pagu"))


def test_a_year_the_second_look_finds_is_added_to_a_first_reading_that_named_the_column() -> None:
    # scan 12839: 'Target / Tahun / 2024' read 'Target Tahun' (the year boxed into 'Tahun'); alone
    # the crop reads 'At bodi Tahun 2024': its words are worse, its year is what was lost
    first = [_w("Tahun", 506.0, 90.0, 4, conf=86.0), _w("Target", 506.0, 80.0, 2)]
    again = [_w("At", 508.0, 83.0, 1, conf=5.0), _w("bodi", 520.0, 83.0, 1, conf=42.0), _w("Tahun", 506.0, 91.0, 2),
             _w("2024", 510.0, 101.0, 3)]
    assert not better(first, again)
    kept = settle_header(first, again)
    assert kept is not None and [w.text for w in kept] == ["Target", "Tahun", "2024"]
    # a year read unsurely adds nothing; a first reading naming nothing gives way to the re-read
    assert settle_header(first, [*again[:3], replace(again[3], conf=30.0)]) is None
    assert settle_header([_w("eaere", 506.0, 80.0, 2)], again) == again


def _line(text: str, top: float, line: int) -> list[Word]:
    """A line of prose: words one space (3 points) apart."""
    out: list[Word] = []
    for t in text.split():
        out.append(_w(t, out[-1].x1 + 3.0 if out else 20.0, top, line))
    return out


def test_a_header_after_a_caption_and_prose_is_found_but_prose_is_no_header() -> None:
    prose = [
        *_line("Realisasi anggaran KPU Provinsi Tahun Anggaran 2025 sebesar", 10.0, 1),
        *_line("Kegiatan Kampanye Pemilu dan Evaluasi Laporan", 20.0, 2),
        *_line("Dari 17 indikator kinerja sebanyak 9 indikator", 30.0, 3),
        *_line("Realisasi Anggaran", 40.0, 4),
        *_line("Realisasi anggaran KPU Provinsi Tahun Anggaran 2025 sebesar", 50.0, 5),
        *_line("Kegiatan Kampanye Pemilu dan Evaluasi Laporan", 60.0, 6),
        *_line("Tabel 3.4 Perbandingan Realisasi Anggaran Tahun 2024", 70.0, 7),
    ]
    header = [
        _w("No", 20.0, 100.0, 20),
        _w("Uraian", 70.0, 100.0, 20),
        _w("Pagu", 170.0, 100.0, 20),
        _w("Real", 250.0, 100.0, 20, conf=40.0),
        _w("1014", 250.0, 112.0, 21, conf=71.0),
    ]
    body = [_w("1", 20.0, 130.0, 22), _w("10.000", 170.0, 130.0, 22), _w("9.000", 250.0, 130.0, 22)]
    runs = header_runs([*prose, *header, *body])
    assert len(runs) == 1 and {w.text for w in header} <= {w.text for w in runs[0]}
    assert len({w.line for w in runs[0]}) <= 6  # the run's last lines only
    assert header_runs([*prose, *body]) == []  # prose names no columns briefly enough


def test_a_header_of_split_words_under_its_caption_is_a_header_run() -> None:
    # docx scan 12733: 'berikut.' / caption / 'Tahun 2022' / 'N 0 IK U ... Capaian Kategori' /
    # 'Target' / '(Ya)', 'Realisasi' lost: the caption and the letters OCR split off 'No' and
    # 'IKU' must not outnumber the column names
    lines = [
        _line("berikut.", 10.0, 1),
        _line("Tabel 2.3 Realisasi dan Capaian Indikator Kinerja Utama Tahun 2022", 20.0, 2),
        [_w("Tahun", 360.0, 40.0, 3), _w("2022", 390.0, 40.0, 3)],
        [_w("N", 92.0, 52.0, 4), _w("0", 99.0, 52.0, 4, conf=20.0), _w("IK", 189.0, 52.0, 4), _w("U", 200.0, 52.0, 4),
         _w("Capaian", 440.0, 52.0, 4), _w("Kategori", 500.0, 52.0, 4)],
        [_w("Target", 308.0, 60.0, 5)],
        [_w("(Ya)", 450.0, 66.0, 6)],
    ]
    body = [_w("1", 96.0, 80.0, 7), _w("95,00", 311.0, 80.0, 7), _w("93,00", 384.0, 80.0, 7), _w("97,89", 446.0, 80.0, 7)]
    runs = header_runs([*(w for ln in lines for w in ln), *body])
    assert len(runs) == 1
    assert "Tabel" not in {w.text for w in runs[0]} and {"Target", "Capaian", "Kategori"} <= {w.text for w in runs[0]}


# A ruled performance table (scan): caption over the top rule, a four-line header whose cells OCR
# garbled ('Renstra Akh', 'Talon'), then a band row and a first row whose label wraps over four
# lines before its figures, which are small bare numbers.
_P_VERTICALS = [Segment(x, 100.0, x, 400.0) for x in (10.0, 110.0, 160.0, 210.0, 260.0)]
_P_HORIZONTALS = [Segment(10.0, y, 260.0, y) for y in (100.0, 150.0, 400.0)]
_P_CAPTION = _line("Tabel 2.2 Pengukuran Kinerja KPU Tahun 2024", 85.0, 1)
_P_HEADER = [
    _w("Indikator", 20.0, 110.0, 2),
    _w("Akh", 115.0, 110.0, 2, conf=57.0),
    _w("Realisasi", 165.0, 110.0, 2),
    _w("Talon", 215.0, 110.0, 2, conf=40.0),
    _w("Renstra", 115.0, 121.0, 3),
    _w("un", 225.0, 121.0, 3),
    _w("(2029)", 115.0, 132.0, 4),
    _w("2025", 215.0, 132.0, 4),
]
_P_LABELS = [
    *_line("Terlaksananya Pengelolaan Keuangan", 160.0, 5),
    *_line("EBA.994 Layanan", 172.0, 6),
    *_line("Perkantoran (Gaji dan", 184.0, 7),
    *_line("Tunjangan): EBD.955", 196.0, 8),
    *_line("Layanan Perkantoran", 208.0, 9),
]
_P_FIGURES = [_w("92", 120.0, 220.0, 10), _w("93", 170.0, 220.0, 10), _w("92,5", 220.0, 220.0, 10)]


def test_a_header_is_found_above_a_band_row_and_a_wrapped_first_label() -> None:
    words = [*_P_CAPTION, *_P_HEADER, *_P_LABELS, *_P_FIGURES]
    runs = header_runs(words, [*_P_VERTICALS, *_P_HORIZONTALS])
    assert len(runs) == 1
    assert {"Indikator", "Akh", "Realisasi", "Talon", "un", "(2029)"} <= {w.text for w in runs[0]}
    assert not {"Pengelolaan", "Perkantoran"} & {w.text for w in runs[0]}  # the label lines are not in it
    cells = header_cells(runs[0], [*_P_VERTICALS, *_P_HORIZONTALS], 8.0)
    assert not any("Tabel" in c.text for c in cells)  # the caption over the top rule is no header cell
    assert [c.text for c in cells if doubtful(c)] == ["Akh Renstra (2029)", "Talon un 2025"]


def test_a_ruled_cell_read_again_replaces_every_word_in_its_box() -> None:
    def read(crop: np.ndarray, scale: float) -> tuple[Word, ...]:
        return (
            Word(1, 1, 1, "Target", 95.0, 5.0, 5.0, 30.0, 12.0),
            Word(1, 2, 1, "Tahun", 95.0, 5.0, 16.0, 30.0, 23.0),
            Word(1, 3, 1, "2025", 95.0, 5.0, 27.0, 30.0, 34.0),
        )

    image = np.full((900, 900), 255, dtype=np.uint8)
    words, _ = reread_headers(
        [*_P_CAPTION, *_P_HEADER, *_P_LABELS, *_P_FIGURES], image, PPP, [*_P_VERTICALS, *_P_HORIZONTALS], 8.0, read
    )
    last = [w.text for w in words if 210.0 <= w.x0 < 260.0 and w.top < 150.0]
    assert "Talon" not in last and "un" not in last and last.count("2025") == 1


def test_a_line_of_small_bare_figures_is_data_and_ends_the_header() -> None:
    header = [_w("Target", 20.0, 100.0, 1), _w("Realisasi", 120.0, 100.0, 1), _w("Capaian", 220.0, 100.0, 1)]
    row = [_w("22", 20.0, 120.0, 2), _w("21", 120.0, 120.0, 2), _w("100,00", 220.0, 120.0, 2)]
    runs = header_runs([*header, *row])
    assert [sorted(w.text for w in run) for run in runs] == [sorted(w.text for w in header)]


def test_pieces_of_debris_are_one_cell_read_again_whole() -> None:
    # 'Target 2023' read as two scraps at low confidence, further apart than words of a phrase
    run = [
        _w("Target", 20.0, 100.0, 1),
        _w("Realisasi", 120.0, 100.0, 1),
        _w("mug", 220.0, 100.0, 1, conf=57.0),
        _w("2", 250.0, 100.0, 1, conf=37.0),
    ]
    cells = header_cells(run, [], 8.0)
    assert [c.text for c in cells] == ["Target", "Realisasi", "mug 2"]
    assert header_cells([*run[:3], replace(run[3], conf=90.0)], [], 8.0)[-1].text == "2"


def test_a_phrase_box_cut_through_its_capitals_grows_to_the_blank_rows_around_the_ink() -> None:
    """A misread word's box is often only as tall as its small letters ('eaere' for 'Target'):
    the crop must take the whole ink, or it reads no better ('Large')."""
    image = np.full((200, 300), 255, dtype=np.uint8)
    image[40:60, 100:160:3] = 0  # the word's ink: rows 40-59, strokes a third of the columns
    box = (50.0, 25.0, 80.0, 28.0)  # points at PPP 0.5: rows 50-56, inside the ink
    grown = ink_bounded(box, image, PPP, reach=10.0)
    assert grown[0] == box[0] and grown[2] == box[2]
    assert grown[1] <= 20.0 and grown[3] >= 29.5  # rows 40 and 59 inside, after the inset
    assert grown[1] >= 15.0 and grown[3] <= 35.0  # not beyond the blank rows around it


def test_a_box_on_blank_rows_or_under_a_rule_keeps_its_size() -> None:
    image = np.full((200, 300), 255, dtype=np.uint8)
    image[40:60, 100:160:3] = 0
    assert ink_bounded((50.0, 10.0, 80.0, 35.0), image, PPP, reach=10.0) == (50.0, 10.0, 80.0, 35.0)
    ruled = np.full((200, 300), 255, dtype=np.uint8)
    ruled[40:60, :] = 0  # ink across the whole width: a ruling line, not letters
    assert ink_bounded((50.0, 25.0, 80.0, 28.0), ruled, PPP, reach=10.0) == (50.0, 25.0, 80.0, 28.0)


def test_the_reach_bounds_the_growth() -> None:
    image = np.full((400, 300), 255, dtype=np.uint8)
    image[0:400, 100:110] = 0  # a vertical stroke: ink in every row of the box's columns
    grown = ink_bounded((50.0, 100.0, 60.0, 104.0), image, PPP, reach=4.0)
    assert 95.0 <= grown[1] <= 100.0 and 104.0 <= grown[3] <= 109.0



def test_a_grown_box_is_judged_against_every_word_it_would_replace() -> None:
    """'(Renstra)' read unsurely under 'Target 2029': its box grown to the ink takes in '2029', and a
    re-read naming '2028' must not replace the year read surely."""
    header = [
        _w("Target", 40.0, 100.0, 10),
        _w("2029", 110.0, 100.0, 10),
        _w("(Renstra)", 100.0, 109.0, 11, conf=20.0),
        _w("Realisasi", 200.0, 109.0, 11),
        _w("Capaian", 300.0, 109.0, 11),
    ]
    image = np.full((500, 900), 255, dtype=np.uint8)
    image[200:242, 200:330:3] = 0  # ink from the year's line down through '(Renstra)', no blank row between

    def read(crop: np.ndarray, scale: float) -> tuple[Word, ...]:
        return (
            Word(1, 1, 1, "Target", 96.0, 2.0, 2.0, 20.0, 8.0),
            Word(1, 1, 2, "2028", 96.0, 22.0, 2.0, 34.0, 8.0),
            Word(1, 2, 1, "(Renstra)", 96.0, 2.0, 10.0, 30.0, 16.0),
        )

    words, _ = reread_headers([*header, *_BODY], image, PPP, [], 8.0, read)
    assert "2029" in [w.text for w in words] and "2028" not in [w.text for w in words]


def test_a_year_found_again_replaces_the_first_reading_of_the_same_ink() -> None:
    # scan 13128: 'Target / 2024' first read 'Target 202'; the crop reads the year whole. The
    # clipped '202' on the year's own ink goes (left, it made the header line look like values)
    first = [_w("Target", 517.0, 296.0, 1), _w("202", 521.0, 306.0, 2, conf=84.0)]
    again = [_w("Tamet", 517.0, 296.0, 1, conf=20.0), _w("2024", 521.0, 306.0, 2)]
    kept = settle_header(first, again)
    assert kept is not None and [w.text for w in kept] == ["Target", "2024"]
    # a word beside the year, not on its ink, stays
    beside = [*first[:1], _w("Kinerja", 440.0, 306.0, 2)]
    kept = settle_header(beside, again)
    assert kept is not None and [w.text for w in kept] == ["Target", "Kinerja", "2024"]


def test_a_ghost_number_read_as_good_as_lost_does_not_split_a_header_run() -> None:
    # scan 13139 (skewed): 'No | Program/Kegiatan | ... | Keterangan' carries a ghost '02' read at 16
    # over 'Realisasi Tahun' and the '4' left of '2024': one figure, no row of data
    line = [_w("No", 90.0, 115.0, 3), _w("Program/Kegiatan", 235.0, 115.0, 3), _w("02", 479.0, 111.0, 3, conf=16.0),
            _w("4", 501.0, 121.0, 3), _w("Realisasi", 666.0, 123.0, 3), _w("Keterangan", 809.0, 115.0, 3)]
    assert not data_line(line)
    assert data_line([*line[:2], replace(line[2], conf=80.0), *line[3:]])
    words = [_w("Realisasi", 458.0, 109.0, 2, conf=76.0), _w("Tah", 503.0, 109.0, 2), *line,
             _w("Pagu", 579.0, 124.0, 4), _w("Realisasi", 743.0, 130.0, 4)]
    (run,) = header_runs(words)
    assert {w.text for w in run} >= {"No", "Keterangan", "Tah", "Pagu"}
