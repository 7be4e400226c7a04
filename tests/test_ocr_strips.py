"""Header lines the band reading left unread (extractor/ocr/strips.py): a synthetic image and
words, the strip reading faked."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from extractor.models import Word
from extractor.ocr.strips import figure_rows, unread_strips, with_header_strip

PPP = 72 / 300  # points per pixel
CHAR = 30  # glyph height, pixels


def glyph_row(image: np.ndarray, top: int, glyphs: int, left: int = 100) -> None:
    """``glyphs`` separate glyph-sized blobs along one line."""
    for i in range(glyphs):
        x = left + i * 40
        image[top : top + CHAR, x : x + 20] = 0


def word(text: str, line: int, top_px: int, x_px: int) -> Word:
    return Word(1, line, 1, text, 90.0, x_px * PPP, top_px * PPP, (x_px + 20 * len(text)) * PPP, (top_px + CHAR) * PPP)


def table() -> tuple[np.ndarray, list[Word], list[Word]]:
    """An image with a caption, a header line and three figure rows; the band's words lack the
    header line but for one fragment; the header as read alone."""
    image = np.full((900, 2000), 255, np.uint8)
    glyph_row(image, 100, 20)  # caption
    glyph_row(image, 200, 30)  # header: No Indikator Target Realisasi Capaian
    for r in range(3):
        glyph_row(image, 300 + 80 * r, 25)
    band_words = [word("Tabel", 1, 100, 100), word("3.1", 1, 100, 260), word("Capaian", 1, 100, 400),
                  word("Realisasi", 1, 100, 700), word("Tahun", 1, 100, 1000), word("2024", 1, 100, 1200)]
    band_words.append(word("No", 2, 200, 100))
    for r in range(3):
        band_words += [word("Layanan", 3 + r, 300 + 80 * r, 100), word("75,00", 3 + r, 300 + 80 * r, 900),
                       word("64,00", 3 + r, 300 + 80 * r, 1200), word("85,33", 3 + r, 300 + 80 * r, 1500)]
    alone = [word(t, 1, 200, x) for t, x in (("No", 100), ("Indikator", 300), ("Target", 800),
                                              ("Realisasi", 1100), ("Capaian", 1500))]
    return image, band_words, alone


def test_the_unread_header_line_above_the_figures_is_found() -> None:
    image, words, _ = table()
    assert abs(figure_rows(words)[0][0] - 300 * PPP) < 0.1
    found = unread_strips(words, image, PPP, CHAR, (0.0, 900 * PPP))
    strip = found[0][0] if found else None
    assert strip is not None
    assert 150 * PPP < strip[0] <= 200 * PPP, "from the header line, not the caption that was read"
    assert strip[1] < 300 * PPP


def test_the_header_read_alone_replaces_the_fragment_and_keeps_the_rest() -> None:
    image, words, alone = table()
    asked: list[tuple[float, float]] = []

    def read(strip: tuple[float, float]) -> list[Word]:
        asked.append(strip)
        return alone

    out = with_header_strip(words, read, image, PPP, CHAR, (0.0, 900 * PPP))
    texts = [w.text for w in out]
    assert len(asked) == 1
    assert {"Indikator", "Target", "Realisasi", "Capaian"} <= set(texts)
    assert texts.count("75,00") == 3 and "Tabel" in texts
    header_lines = {w.line for w in out if w.text in ("Indikator", "Target")}
    assert header_lines.isdisjoint({w.line for w in words}), "the strip's lines are its own"


def test_a_header_that_was_read_is_not_read_again() -> None:
    image, words, alone = table()
    whole = [w for w in words if w.text != "No"] + alone
    called: list[object] = []
    out = with_header_strip(whole, lambda s: called.append(s) or [], image, PPP, CHAR, (0.0, 900 * PPP))
    assert not called and len(out) == len(whole)


def test_line_by_line_a_header_line_the_band_read_well_keeps_the_band_reading() -> None:
    """The strip reading may be worse on a line the band read ('Strat egis' and debris at low
    confidence); only the lines it reads better are taken from it."""
    image, words, alone = table()
    glyph_row(image, 250, 12)  # a second header line, right above the figures
    second = [word("Strategis", 2, 250, 100), word("2024", 2, 250, 800)]
    junk = [word("Strat", 1, 250, 100), word("egis", 1, 250, 220),
            replace(word("aca", 1, 250, 400), conf=20.0), replace(word("tor", 1, 250, 600), conf=20.0)]
    out = with_header_strip([*words, *second], lambda s: [*alone, *junk], image, PPP, CHAR, (0.0, 900 * PPP))
    texts = [w.text for w in out]
    assert "Target" in texts and "Strategis" in texts
    assert not {"Strat", "egis", "aca", "tor"} & set(texts)


def test_a_heading_far_above_the_header_is_not_read_again() -> None:
    """A heading seven text lines above the figures that the band dropped is the layout
    reading's business: the header itself was read, so nothing is read again."""
    image = np.full((1200, 2000), 255, np.uint8)
    glyph_row(image, 20, 25)  # the heading, unread
    for k in range(5):
        glyph_row(image, 80 + 50 * k, 3)  # short lines: too few glyphs to judge
    glyph_row(image, 330, 30)  # the header, read
    words = [word(t, 1, 330, x) for t, x in (("No", 100), ("Indikator", 300), ("Target", 800),
                                              ("Realisasi", 1100), ("Capaian", 1500))]
    for r in range(3):
        glyph_row(image, 430 + 80 * r, 25)
        words += [word("Layanan", 2 + r, 430 + 80 * r, 100), word("75,00", 2 + r, 430 + 80 * r, 900),
                  word("64,00", 2 + r, 430 + 80 * r, 1200)]
    called: list[object] = []
    with_header_strip(words, lambda s: called.append(s) or [], image, PPP, CHAR, (0.0, 1200 * PPP))
    assert not called


def test_a_second_table_in_the_band_gets_its_header_read_again_too() -> None:
    """Two tables in one band: the first read whole, the second's header line dropped."""
    image, words, alone = table()
    whole = [w for w in words if w.text != "No"] + alone
    glyph_row(image, 600, 28)  # the second table's header, unread
    glyph_row(image, 700, 25)
    whole += [word("Belanja", 10, 700, 100), word("51.412.000", 10, 700, 900), word("47.457.842", 10, 700, 1300)]
    second = [word(t, 1, 600, x) for t, x in (("Akun/Jenis", 100), ("Belanja", 400), ("Pagu", 900),
                                               ("Realisasi", 1300), ("Penyerapan", 1600))]
    asked: list[tuple[float, float]] = []

    def read(strip: tuple[float, float]) -> list[Word]:
        asked.append(strip)
        return second

    texts = [w.text for w in with_header_strip(whole, read, image, PPP, CHAR, (0.0, 900 * PPP))]
    assert len(asked) == 1 and 540 * PPP < asked[0][0] <= 600 * PPP
    assert {"Pagu", "Penyerapan", "Target", "Indikator"} <= set(texts)


def test_a_line_where_the_band_read_a_figure_keeps_the_band_reading() -> None:
    """A wrapped row's lone value ('72%') between figure rows is no header: a strip reading that
    gives its line more letters ('Persentase pemilih 2') does not replace it."""
    image, words, alone = table()
    whole = [w for w in words if w.text != "No"] + alone
    glyph_row(image, 520, 20)  # a wrapped label line with its row's value, below the figure rows
    glyph_row(image, 620, 25)
    whole += [word("72%", 20, 520, 900), word("Belanja", 21, 620, 100), word("51.412", 21, 620, 900),
              word("47.457", 21, 620, 1300)]
    again = [word("Persentase", 1, 520, 100), word("pemilih", 1, 520, 400), word("2", 1, 520, 900)]
    texts = [w.text for w in with_header_strip(whole, lambda s: again, image, PPP, CHAR, (0.0, 900 * PPP))]
    assert "72%" in texts and "2" not in texts
