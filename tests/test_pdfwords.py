"""Words from glyphs: text drawn glyph by glyph or run by run (Word, LibreOffice) comes out whole,
and two cells' words are never glued."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.models import Segment
from extractor.pdfwords import Glyph, glyph_words, load_pages
from tests.wordpdf import WordStyle, glyph_text

TEXT = "Persentase layanan administrasi kepegawaian yang diselesaikan tepat waktu 95,00 100% Rp 1.234.567"


def _line_pdf(path: Path, style: WordStyle, text: str = TEXT) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), invariant=1)
    glyph_text(c, 50, 700, text, style, random.Random(style.seed))
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize(
    "style",
    [
        WordStyle(font="Times-Roman", size=7),  # a 1.75 pt space: pdfplumber's fixed 2 pt glued it
        WordStyle(font="Times-Roman", size=7, letter=0.6),  # PDFium guessed spaces inside words
        WordStyle(font="Helvetica", size=9, letter=0.6, word_gap=3),
        WordStyle(font="Helvetica", size=11, kern=0.4, word_gap=8),  # justified
        WordStyle(font="Courier", size=9, letter=0.6),
        WordStyle(font="Helvetica", size=10, spaces=True, word_gap=5),
    ],
    ids=["times7", "times7-tracked", "helv9-tracked", "helv11-justified", "courier9", "space-glyphs"],
)
@pytest.mark.parametrize("source", ["pdfium", "pdfplumber"])
def test_glyph_by_glyph_text_comes_out_in_whole_words(tmp_path: Path, style: WordStyle, source: str) -> None:
    pdf = _line_pdf(tmp_path / "line.pdf", style)
    page = next(load_pages(pdf, [1], name=source))
    assert [w.text for w in page.words] == TEXT.split()


@pytest.mark.parametrize("size", [7, 9, 11])
def test_letter_spaced_text_keeps_words_whole(tmp_path: Path, size: int) -> None:
    """Expanded character spacing (1.2 pt after every glyph) is the line's letter spacing, not a
    word break; PDFium alone guessed spaces all through these words."""
    pdf = _line_pdf(tmp_path / "wide.pdf", WordStyle(font="Helvetica", size=size, letter=1.2, kern=0.2))
    page = next(load_pages(pdf, [1]))
    assert [w.text for w in page.words] == TEXT.split()


def _glyphs(
    words: list[str], height: float, tracking: float, gaps: list[float], jitter: list[float]
) -> list[Glyph]:
    out, x, k = [], 40.0, 0
    for i, word in enumerate(words):
        for j, ch in enumerate(word):
            width = 0.5 * height
            out.append(Glyph(ch, x, 100.0, x + width, 100.0 + height))
            x += width + tracking + jitter[k % len(jitter)]
            k += 1
            if j == len(word) - 1 and i < len(words) - 1:
                x += gaps[i % len(gaps)]
    return out


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(
        st.text("abcdefghijklmnoprstuwy0123456789.,%", min_size=2, max_size=12), min_size=1, max_size=12
    ),
    height=st.floats(5.0, 20.0),
    tracking=st.floats(0.0, 0.05),
    gaps=st.lists(st.floats(0.18, 2.0), min_size=1, max_size=5),
    jitter=st.lists(st.floats(-0.03, 0.03), min_size=1, max_size=7),
)
def test_words_survive_kerning_tracking_and_justification(
    words: list[str], height: float, tracking: float, gaps: list[float], jitter: list[float]
) -> None:
    """Letter gaps = tracking + kerning jitter (up to 3% of the line height either way); word gaps
    = a space (at least 18% of the height, the narrowest fonts' space) + tracking + any
    justification. No space glyphs at all: geometry alone decides."""
    glyphs = _glyphs(
        words, height, tracking * height, [g * height for g in gaps], [j * height for j in jitter]
    )
    assert [w.text for w in glyph_words(glyphs, 1)] == words


def test_a_rule_between_two_glyphs_ends_the_word() -> None:
    """Two cells' texts a hair apart ('95' right-aligned against '100'): the column rule between
    them splits them, and only where the rule runs."""
    glyphs = [
        Glyph("9", 100.0, 50.0, 105.0, 60.0),
        Glyph("5", 105.0, 50.0, 110.0, 60.0),
        Glyph("1", 110.6, 50.0, 115.6, 60.0),
        Glyph("0", 115.6, 50.0, 120.6, 60.0),
        Glyph("0", 120.6, 50.0, 125.6, 60.0),
    ]
    rule = Segment(110.3, 40.0, 110.3, 70.0)
    assert [w.text for w in glyph_words(glyphs, 1, [rule])] == ["95", "100"]
    assert [w.text for w in glyph_words(glyphs, 1, [Segment(110.3, 80.0, 110.3, 120.0)])] == ["95100"]


def test_a_real_space_glyph_ends_the_word_however_narrow() -> None:
    glyphs = [
        Glyph("R", 10.0, 0.0, 16.0, 10.0),
        Glyph("p", 16.0, 0.0, 21.0, 10.0),
        Glyph("5", 21.2, 0.0, 26.0, 10.0, True),
    ]
    assert [w.text for w in glyph_words(glyphs, 1)] == ["Rp", "5"]


def test_a_jump_back_or_to_another_line_starts_a_new_word() -> None:
    glyphs = [
        Glyph("a", 50.0, 0.0, 55.0, 10.0),
        Glyph("b", 55.0, 0.0, 60.0, 10.0),
        Glyph("c", 20.0, 0.0, 25.0, 10.0),  # drawn later, further left: another cell's text
        Glyph("d", 25.0, 12.0, 30.0, 22.0),  # the next line
    ]
    assert [w.text for w in glyph_words(glyphs, 1)] == ["ab", "c", "d"]


def test_a_hyphen_at_a_line_end_is_read_as_printed(tmp_path: Path) -> None:
    # PDFium marks a hyphen that ends a line as U+FFFE; it is printed, and part of its word
    from reportlab.pdfgen import canvas

    path = tmp_path / "hyphen.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    c.setFont("Helvetica", 10)
    c.drawString(100, 700, "peraturan perundang-")
    c.drawString(100, 688, "undangan, serta")
    c.showPage()
    c.save()
    page = next(load_pages(path, [1]))
    assert [w.text for w in page.words] == ["peraturan", "perundang-", "undangan,", "serta"]
