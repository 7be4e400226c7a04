"""Table bands: the image-only evidence (borderless rows, ruled grids, page frames) and the
band-first reading it allows, on pages drawn here at 300 DPI."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

from extractor.models import Segment, Word
from extractor.ocr import OcrPageResult, OcrSettings, ocr_page_image
from extractor.ocr.bands import (
    drop_rule_slivers,
    flat_marks_as_dashes,
    grid_verticals,
    has_figure_row,
    image_table_band,
)
from extractor.ocr.imaging import prepare
from extractor.ocr.orientation import osd_fallback_axis
from extractor.ocr.tesseract import TesseractEngine

SCANS = Path(__file__).parent / "data" / "scans"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
PROSE = (
    "Laporan Kinerja ini disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas",
    "dan fungsi Sekretariat selama tahun anggaran, dengan membandingkan target dan realisasi",
    "setiap indikator kinerja yang ditetapkan dalam Perjanjian Kinerja tahun berjalan ini.",
)
TABLE = (
    ("Indikator Kinerja", "Target", "Realisasi", "Capaian"),
    ("Persentase layanan", "100%", "98%", "98,00%"),
    ("Indeks kepuasan", "3,50", "3,61", "103,14%"),
    ("Jumlah laporan", "12", "12", "100,00%"),
    ("Tingkat partisipasi", "77,50%", "81,25%", "104,84%"),
)
AMOUNTS = "Pagu Rp 51.412.431.000 dengan realisasi Rp 47.457.842.438 atau 92,31% dari pagu."
COLUMNS = (150, 1050, 1450, 1850)  # left edges, pixels at 300 DPI


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default(size)


def page(*, table_at: int | None = 1300, frame: bool = False, amounts: bool = False) -> np.ndarray:
    """An A4 page at 300 DPI: prose at the top and bottom, a borderless table in between;
    with ``amounts``, the last paragraph quotes figures in a sentence."""
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    f = font(38)
    for block_top in (400, 2600):
        lines = (*PROSE[:2], AMOUNTS) if amounts and block_top == 2600 else PROSE
        for i, line in enumerate(lines):
            draw.text((150, block_top + 60 * i), line, font=f, fill=0)
    if table_at is not None:
        for r, row in enumerate(TABLE):
            for x, text in zip(COLUMNS, row, strict=True):
                draw.text((x, table_at + 75 * r), text, font=f, fill=0)
    if frame:  # a double page border: two rules at each side, a few points apart
        for inset in (60, 85):
            draw.rectangle((inset, inset, 2480 - inset, 3508 - inset), outline=0, width=4)
    return np.asarray(image)


def test_a_borderless_table_is_found_in_the_image_and_prose_is_not() -> None:
    prepared = prepare(page())
    band = image_table_band(prepared.ocr, prepared.char_height, prepared.segments)
    assert band is not None
    top, bottom = band
    assert 1000 < top <= 1300, "the band reaches up to the header row, not into the prose above"
    assert 1300 + 4 * 75 + 40 <= bottom < 2600
    prose = prepare(page(table_at=None))
    assert image_table_band(prose.ocr, prose.char_height, prose.segments) is None


def test_a_scanned_table_of_thin_monospaced_type_is_found_in_the_image() -> None:
    """Small monospaced type scanned at 166 dpi: shrunk to the layout analysis' glyph size its
    thin strokes are lighter than mid-grey, and counting only darker pixels as ink broke each
    figure into specks, so the page went unread as a table (tests/data/scans/README.md)."""
    scan = np.asarray(Image.open(SCANS / "mono_borderless_table.jpg").convert("L"))
    prepared = prepare(cv2.resize(scan, None, fx=300 / 166, fy=300 / 166, interpolation=cv2.INTER_CUBIC))
    band = image_table_band(prepared.ocr, prepared.char_height, prepared.segments)
    assert band is not None
    assert band[0] < 0.3 * prepared.ocr.shape[0] and band[1] > 0.9 * prepared.ocr.shape[0]


def test_a_double_page_frame_is_no_grid_and_does_not_turn_the_page() -> None:
    framed = page(table_at=None, frame=True)
    prepared = prepare(framed)
    assert prepared.rotation == 0
    assert osd_fallback_axis((framed < 128).astype(np.uint8) * 255) == 0
    assert image_table_band(prepared.ocr, prepared.char_height, prepared.segments) is None
    double = [Segment(x, 60, x, 3000) for x in (60, 85, 2395, 2420)]
    assert grid_verticals(double, 3508.0) == []
    grid = [Segment(x, 1200, x, 1700) for x in (140, 1030, 1430, 1830, 2300)]
    assert grid_verticals(grid, 3508.0) == grid


def _read_page() -> OcrPageResult:
    """The test page read at 300 dpi with Tesseract, cache off, every reading taken for a table."""
    return ocr_page_image(
        page(),
        page=1,
        points_per_pixel=72 / 300,
        settings=OcrSettings(cache_dir="off", jobs=1, engine="tesseract"),
        is_table_page=lambda words: True,
    )


@needs_tesseract
def test_a_table_page_is_read_band_first_without_a_whole_page_triage(monkeypatch: pytest.MonkeyPatch) -> None:
    """The band is read once as a table; the prose around it once, with the band blanked."""
    calls: list[tuple[np.ndarray, str]] = []
    original = TesseractEngine.image_to_words

    def spy(self: TesseractEngine, image: np.ndarray, **kwargs: object) -> object:
        calls.append((np.asarray(image), str(kwargs.get("config", ""))))
        return original(self, image, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(TesseractEngine, "image_to_words", spy)
    result = _read_page()
    layouts = [image for image, config in calls if config.startswith("--psm 3")]
    tables = [image for image, config in calls if config.startswith("--psm 6") and "whitelist" not in config]
    assert len(layouts) == 1 and len(tables) == 1, [(i.shape, c) for i, c in calls]
    assert tables[0].shape[0] < 1000, "only the band is read as a table"
    table_rows = layouts[0][1300 // 3 : (1300 + 4 * 75 + 40) // 3]  # the layout reading is at 100 DPI
    assert table_rows.min() == 255, "the table was read a second time in the layout reading"
    assert layouts[0][400 // 3 : 520 // 3].min() < 128, "the prose is in the layout reading"
    assert result.dpi_passes == (100, 300)
    text = " ".join(w.text for w in result.page.words)
    for value in ("104,84%", "103,14%", "77,50%", "Realisasi"):
        assert value in text
    assert "pertanggungjawaban" in text and "Perjanjian" in text


def test_flat_words_on_a_rule_are_dropped_but_a_dash_between_rules_is_kept() -> None:
    """Recorded from a 200-DPI bi-level TIFF: a rule's remains read as '55' and 'H5'."""

    def word(text: str, x0: float, top: float, x1: float, bottom: float, conf: float = 90.0) -> Word:
        return Word(1, 1, 1, text, conf, x0, top, x1, bottom)

    rule = Segment(84, 634.7, 537, 634.7)
    words = [
        (1, word("55", 365, 635.3, 420, 636.0, conf=31.0)),
        (1, word("H5", 436, 634.1, 483, 635.5, conf=14.0)),
        (1, word("100%", 446, 637.2, 468, 649.9)),  # touches the rule, but a full glyph tall
        (1, word("-", 505, 655.0, 510, 656.0)),  # an empty cell's dash, mid-cell
        (0, word("Persentase", 212, 639.8, 254, 646.8)),
        (0, word("Prabumulih,", 297, 639.8, 341, 647.3)),
    ]
    kept = [w.text for _, w in drop_rule_slivers(words, [rule])]
    assert kept == ["100%", "-", "Persentase", "Prabumulih,"]
    assert [w.text for _, w in drop_rule_slivers(words, [])] == [w.text for _, w in words]
    # a monospaced '-' of an empty cell, a point tall, that Tesseract named '0': a dash
    dashes = [*words[2:], (1, word("0", 466.6, 655.8, 471.0, 657.0, conf=27.0)), (1, word("8", 480, 650, 485, 658))]
    assert [w.text for _, w in flat_marks_as_dashes(dashes)] == ["100%", "-", "Persentase", "Prabumulih,", "-", "8"]


@needs_tesseract
def test_figures_outside_the_image_band_are_read_at_full_resolution_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Amounts quoted in a sentence below the table get their own table-style reading."""
    configs: list[tuple[int, str]] = []
    original = TesseractEngine.image_to_words

    def spy(self: TesseractEngine, image: np.ndarray, **kwargs: object) -> object:
        configs.append((np.asarray(image).shape[0], str(kwargs.get("config", ""))))
        return original(self, image, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(TesseractEngine, "image_to_words", spy)
    result = ocr_page_image(
        page(amounts=True),
        page=1,
        points_per_pixel=72 / 300,
        settings=OcrSettings(cache_dir="off", jobs=1, engine="tesseract"),
        is_table_page=lambda words: True,
    )
    tables = [rows for rows, config in configs if config.startswith("--psm 6") and "whitelist" not in config]
    assert len(tables) == 2, configs
    assert tables[1] < 600, "only the lines around the sentence with figures are read again"
    texts = {w.text for w in result.page.words}
    assert {"51.412.431.000", "47.457.842.438", "92,31%"} <= texts


GLYPH = 14  # pixels: the synthetic glyphs below are solid boxes this tall


def _draw_line(canvas: np.ndarray, top: int, cells: list[tuple[int, int]]) -> None:
    """Cells as (left, words): each word four glyph boxes, words a small gap apart."""
    for left, words in cells:
        x = left
        for _ in range(words):
            for _ in range(4):
                canvas[top : top + GLYPH, x : x + 9] = 0
                x += 12
            x += 8


@settings(max_examples=30, deadline=None)
@given(
    table_top=st.integers(min_value=300, max_value=1400),
    rows=st.integers(min_value=3, max_value=8),
    columns=st.integers(min_value=3, max_value=5),
    prose_lines=st.integers(min_value=0, max_value=6),
)
def test_the_image_band_holds_every_table_row_and_stays_on_the_page(
    table_top: int, rows: int, columns: int, prose_lines: int
) -> None:
    canvas = np.full((2000, 1400), 255, np.uint8)
    for i in range(prose_lines):  # prose above: one run of words, gaps well under a column gap
        _draw_line(canvas, 60 + 30 * i, [(100, 12)])
    for r in range(rows):
        _draw_line(canvas, table_top + 30 * r, [(100 + 260 * c, 1 if c else 2) for c in range(columns)])
    band = image_table_band(canvas, float(GLYPH))
    assert band is not None
    top, bottom = band
    assert 0 <= top < bottom <= canvas.shape[0]
    assert top <= table_top and bottom >= table_top + 30 * (rows - 1) + GLYPH
    assert bottom <= table_top + 30 * rows + 2 * 30, "the band ends about a line below the table"


@settings(max_examples=20, deadline=None)
@given(wrapped=st.integers(min_value=1, max_value=8), table_top=st.integers(min_value=100, max_value=600))
def test_the_image_band_holds_the_wrapped_lines_of_the_last_row_but_not_the_prose_after(
    wrapped: int, table_top: int
) -> None:
    # values set at each row's top, the last row's label wrapped over more lines below them
    canvas = np.full((2000, 1400), 255, np.uint8)
    for r in range(4):
        _draw_line(canvas, table_top + 30 * r, [(100, 2), (360, 2), (620, 1), (880, 1)])
    last = table_top + 30 * 3
    for k in range(1, wrapped + 1):  # a wrapped cell's lines, at a paragraph's pitch
        _draw_line(canvas, last + 18 * k, [(100, 2), (360, 1)])
    end = last + 18 * wrapped + GLYPH
    prose = end + 40  # a blank line off
    _draw_line(canvas, prose, [(100, 12)])
    band = image_table_band(canvas, float(GLYPH))
    assert band is not None
    assert band[1] >= end and band[1] < prose
    # lines under the table starting where no column starts are not the last row's
    canvas[last + 18 :, :] = 255
    for k in range(1, wrapped + 3):
        _draw_line(canvas, last + 18 * k, [(200, 3)])
    band = image_table_band(canvas, float(GLYPH))
    assert band is not None and band[1] < last + 18 * 2 + GLYPH


@settings(max_examples=20, deadline=None)
@given(lines=st.integers(min_value=1, max_value=40), words=st.integers(min_value=1, max_value=14))
def test_prose_of_any_length_shows_no_table(lines: int, words: int) -> None:
    canvas = np.full((1500, 1400), 255, np.uint8)
    for i in range(lines):
        _draw_line(canvas, 40 + 30 * i, [(100, words)])
    assert image_table_band(canvas, float(GLYPH)) is None


@needs_tesseract
def test_a_page_read_the_careful_way_is_read_the_same_way_from_the_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """When the band-first reading is refused (a poor read may mean a turned page), the cached
    geometry must send the next run down the same route, so it needs no engine call at all."""
    import extractor.ocr.page as ocr

    settings = OcrSettings(cache_dir=tmp_path, jobs=1)
    image = page()
    with monkeypatch.context() as patch:
        patch.setattr(ocr, "LOW_CONFIDENCE", 101.0)  # every band-first reading looks too poor
        first = ocr_page_image(
            image, page=1, points_per_pixel=72 / 300, settings=settings, is_table_page=lambda w: True
        )
    again = ocr_page_image(
        image, page=1, points_per_pixel=72 / 300, settings=settings, is_table_page=lambda w: True
    )
    assert again.from_cache
    assert again.page.words == first.page.words


def test_a_lone_row_of_figures_counts_but_years_do_not() -> None:
    """Recorded from a landscape page holding only a table's last row under its header."""

    def word(text: str, x0: float, top: float = 98.6) -> Word:
        return Word(13, 3, 1, text, 90.0, x0, top, x0 + 5 * len(text), top + 7)

    row = [word("Layanan", 193), word("154.664.000,-", 556), word("154.102.697,-", 666), word("99,64", 760)]
    assert has_figure_row(row)
    prose = [word("Tahun", 90), word("2023", 120), word("dan", 150), word("2024", 170), word("(2025)", 200)]
    assert not has_figure_row(prose)
    assert not has_figure_row(row[:3])


def test_a_lone_total_row_counts_when_the_first_reading_damaged_an_amount() -> None:
    """Recorded from a scan whose budget table's Total row sat alone under a repeated header: the
    low-resolution first reading gave 'Rp11.0544s1925' for 'Rp 11.054.451.925'."""

    def word(text: str, x0: float) -> Word:
        return Word(5, 3, 1, text, 80.0, x0, 120.0, x0 + 5 * len(text), 127.0)

    total = [word("Totat", 90), word("Rp", 250), word("13.390.388.000", 262), word("Rp11.0544s1925", 330), word("825", 400)]
    assert has_figure_row(total)
    codes = [word("6890.QGE.001", 90), word("Layanan", 160), word("3360.EBA", 250), word("2025", 300)]
    assert not has_figure_row(codes)  # account codes are not figures


def test_a_band_edge_moved_out_of_one_line_is_moved_out_of_the_line_it_lands_in() -> None:
    # a header with cells centred vertically: 'Realisasi (Rp)' (100-109) overlaps 'Anggaran'
    # (105-116); a band edge at 110 moved to 105 now cuts 'Realisasi', so it moves again
    from extractor.ocr.bands import _uncut

    spans = [(100.0, 109.0), (105.0, 116.0), (130.0, 140.0), (300.0, 310.0), (305.0, 320.0)]
    assert _uncut(110.0, 308.0, spans) == (100.0, 320.0)
    assert _uncut(120.0, 200.0, spans) == (120.0, 200.0)  # an edge between lines stays


@needs_tesseract
def test_a_page_the_axis_turned_wrongly_is_read_band_first_once_read_upright(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scan 13116 page 2: the text-line axis took a table of narrow wrapped columns for a page
    turned a quarter. The band read sideways is refused, the careful reading finds the page
    upright; the band the upright image shows is then read as a table, not left to a whole-page
    automatic layout that loses most of a table's cells."""
    import extractor.ocr.page as ocr

    original = ocr.prepare

    def sideways_first(grey: np.ndarray, rotation: int | None = None, **kwargs: object) -> object:
        return original(grey, rotation=90 if rotation is None else rotation, **kwargs)  # type: ignore[arg-type]

    routes: list[bool] = []
    band_first = ocr._band_first

    def spy(*args: object, **kwargs: object) -> object:
        tagged = band_first(*args, **kwargs)  # type: ignore[arg-type]
        routes.append(tagged is not None)
        return tagged

    monkeypatch.setattr(ocr, "prepare", sideways_first)
    monkeypatch.setattr(ocr, "_band_first", spy)
    result = _read_page()
    assert result.rotation == 0
    assert routes == [False, True]  # refused sideways, taken upright
    text = " ".join(w.text for w in result.page.words)
    for value in ("104,84%", "103,14%", "77,50%"):
        assert value in text
