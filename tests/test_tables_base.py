"""Printed lines from word positions (``extractor.tables.base.group_by_middle``)."""

from __future__ import annotations

from extractor.models import Word
from extractor.tables.base import visual_lines


def _w(text: str, x0: float, top: float, bottom: float) -> Word:
    return Word(1, 1, 1, text, 95.0, x0, top, x0 + 30.0, bottom)


def test_a_word_set_higher_in_its_cell_does_not_split_its_header_line() -> None:
    """'%' centred higher in a two-line header cell than 'Target' in its own: 'Target' stays on the
    line of '(2024)' and 'Realisasi' although the first word of that line sits above them."""
    words = [
        _w("%", 520.0, 115.4, 121.9),
        _w("2024", 370.0, 118.5, 125.0),
        _w("(2024)", 367.0, 118.3, 126.7),
        _w("Realisasi", 463.0, 120.0, 126.5),
        _w("Target", 417.0, 120.0, 128.4),
    ]
    assert [sorted(w.text for w in line) for line in visual_lines(words)] == [
        sorted(w.text for w in words)
    ]


def test_lines_half_a_line_apart_do_not_chain_into_one() -> None:
    """Cells centred in rows of different heights put their lines half a line apart; each printed
    line stays a line of its own."""
    words = [_w("a", 0.0, 100.0, 108.0), _w("b", 50.0, 104.0, 112.0), _w("c", 0.0, 108.0, 116.0)]
    lines = visual_lines(words)
    assert len(lines) == 2 and [w.text for w in lines[-1]] == ["c"]
