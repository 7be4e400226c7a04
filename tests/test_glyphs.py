"""Text as the parsers read it (extractor/glyphs.py): look-alike letters, spaces, quotes, hyphens."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractor.glyphs import normalise_text


def test_normalise_text() -> None:
    assert normalise_text("Nilai \u0412\u0412") == "Nilai BB"
    assert normalise_text("\u201cBAIK\u201d \u2018x\u2019") == "\"BAIK\" 'x'"
    assert normalise_text("1\u00a0000\u200b") == "1 000"
    assert normalise_text("2020\u20132024 \u2014 \u2212") == "2020-2024 - -"
    assert normalise_text("\ufb01nal \uff19\uff10\uff05") == "final 90%"
    assert normalise_text("a\tb\nc") == "a\tb\nc"  # tabs and newlines carry table structure
    assert normalise_text("Kabupaten Rejang Lebong") == "Kabupaten Rejang Lebong"


@given(st.text())
def test_normalise_text_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


