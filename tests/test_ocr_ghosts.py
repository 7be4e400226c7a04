"""Words a table reading laid twice over the same ink (extractor/ocr/ghosts.py), on word boxes
shaped as the development scans gave them."""

from __future__ import annotations

from extractor.models import Word
from extractor.ocr.ghosts import drop_ghosts


def w(text: str, line: int, conf: float, x0: float, top: float, x1: float, bottom: float) -> Word:
    return Word(1, line, 1, text, conf, x0, top, x1, bottom)


def texts(words: tuple[Word, ...]) -> list[str]:
    return [x.text for x in words]


def test_a_fragment_on_a_line_of_its_own_over_a_figure_goes():
    # '84,24 %' read whole, and a '2' under it on a second line: the cell read '84,24 2 %'
    row = [w("100,00", 14, 96, 398, 470, 420, 478), w("84,24", 14, 93, 460, 470, 480, 478), w("%", 14, 89, 482, 470, 488, 478)]
    ghost = w("2", 15, 96, 471, 471, 476, 479)
    assert texts(drop_ghosts([*row, ghost])) == ["100,00", "84,24", "%"]


def test_the_weaker_of_two_readings_of_one_line_goes_whichever_came_first():
    # a header strip read again beside the band's own reading: per word the surer reading stays
    band = [w("Jumiah", 13, 88, 175, 232, 200, 240), w("Laporan", 13, 93, 204, 232, 234, 240)]
    strip = [w("bumlah", 55, 47, 175, 233, 201, 241), w("|", 55, 87, 204, 233, 206, 241)]
    assert texts(drop_ghosts([*strip, *band])) == ["Jumiah", "Laporan"]
    sure_strip = [w("Laporan", 55, 96, 109, 233, 140, 241)]
    weak_band = [w("pane", 13, 34, 110, 232, 125, 241), w("an", 13, 59, 129, 232, 138, 241)]
    assert texts(drop_ghosts([*weak_band, *sure_strip])) == ["Laporan"]


def test_a_tall_ghost_reaching_below_its_word_goes():
    kept = [w("Keuangan", 15, 96, 215.7, 259.7, 254.1, 266.1), w("Pelaporan", 16, 96, 109.2, 263.7, 148.1, 274.1)]
    ghost = w("ng", 16, 96, 234.7, 260.1, 244.5, 274.1)
    assert texts(drop_ghosts([kept[0], kept[1], ghost])) == ["Keuangan", "Pelaporan"]


def test_lines_of_wrapped_text_and_equal_readings_stay():
    # consecutive lines of a label overlap a little (descenders, ascenders): both are text
    lines = [w("Persentase", 1, 95, 100, 100, 150, 110), w("naskah", 2, 95, 100, 108, 135, 118)]
    assert texts(drop_ghosts(lines)) == ["Persentase", "naskah"]
    # same word, same confidence on two lines: nothing tells which is the ghost
    twin = [w("dan", 1, 90, 100, 100, 115, 108), w("dan", 2, 90, 100, 101, 115, 109)]
    assert texts(drop_ghosts(twin)) == ["dan", "dan"]
    # a tightly set two-line header: the boxes overlap, but they are two lines of ink
    header = [w("Target", 20, 96, 261, 364, 294, 377), w("Renstra", 21, 96, 258, 370, 298, 387),
              w("Capaian", 22, 82, 426, 390, 468, 400), w("Kinerja", 23, 96, 429, 395, 465, 415)]
    assert texts(drop_ghosts(header)) == ["Target", "Renstra", "Capaian", "Kinerja"]
    # words of one line never count as ghosts of each other
    same = [w("Rp", 3, 90, 100, 100, 112, 108), w("8.920", 3, 60, 101, 100, 130, 108)]
    assert texts(drop_ghosts(same)) == ["Rp", "8.920"]


def test_the_upper_ring_of_a_percent_read_apart_on_the_line_above_goes():
    # development scan 10637: '93,8 %' with a '°' over its '%', '100 %' with a '0' over its '%'
    row = [
        w("100", 29, 89, 367.2, 464.7, 382.4, 471.9),
        w("%", 29, 89, 387.2, 464.7, 393.4, 471.9),
        w("93,8", 29, 90, 415.0, 464.7, 433.0, 472.6),
        w("%", 29, 90, 438.0, 464.7, 444.3, 471.6),
    ]
    rings = [w("0", 28, 45, 385.2, 464.7, 388.8, 468.3), w("°", 28, 65, 436.1, 464.7, 439.7, 468.3)]
    assert texts(drop_ghosts([*rings, *row])) == ["100", "%", "93,8", "%"]
    # a '0' of the row above, over a figure's digits and not its '%', stays
    above = w("0", 27, 90, 370.0, 452.0, 375.0, 459.0)
    assert texts(drop_ghosts([above, *row])) == ["0", "100", "%", "93,8", "%"]
