"""Image preparation without Tesseract: deskew, orientation axis, binarisation, ruling lines."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

from extractor.models import Segment
from extractor.ocr import imaging, orientation, restore

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
WORDS = "Laporan Kinerja Komisi Pemilihan Umum Tahun 2024 realisasi anggaran sebesar 84,98% dari pagu".split()


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return ImageFont.truetype(str(path), size) if path.exists() else ImageFont.load_default(size)


def text_page(width: int = 900, height: int = 700, lines: int = 14) -> Image.Image:
    """Paragraph text only: the projection profile has nothing but text lines to go by."""
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    f = font(22)
    for i in range(lines):
        words = WORDS[i % 5 :] + WORDS[: i % 5]
        draw.text((40, 40 + i * 45), " ".join(words)[:60], font=f, fill=0)
    return image


GRID_X = (60, 200, 520, 760)
GRID_Y = (80, 130, 180, 230, 280)


def grid_page() -> Image.Image:
    """A 3x4 ruled table with text in the cells and a line of text above it."""
    image = Image.new("L", (820, 360), 255)
    draw = ImageDraw.Draw(image)
    f = font(20)
    draw.text((60, 20), "Tabel 3.1 Capaian Kinerja Tahun 2024", font=f, fill=0)
    for y in GRID_Y:
        draw.line([(GRID_X[0], y), (GRID_X[-1], y)], fill=0, width=2)
    for x in GRID_X:
        draw.line([(x, GRID_Y[0]), (x, GRID_Y[-1])], fill=0, width=2)
    for r in range(len(GRID_Y) - 1):
        for c, text in enumerate(("1", "26.030.287.000", "84,98%")):
            draw.text((GRID_X[c] + 10, GRID_Y[r] + 12), text, font=f, fill=0)
    return image


def uneven(image: Image.Image, seed: int = 0) -> Image.Image:
    """Darken towards one corner and add noise, like a cheap flatbed scan."""
    array = np.asarray(image, dtype=np.float64)
    h, w = array.shape
    yy, xx = np.mgrid[0:h, 0:w]
    shade = 1.0 - 0.45 * (xx / w) * (yy / h)
    noisy = array * shade + np.random.default_rng(seed).normal(0, 6, array.shape)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


@settings(max_examples=8, deadline=None)
@given(st.floats(min_value=-4.5, max_value=4.5).filter(lambda a: abs(a) > 0.2))
def test_skew_is_measured_within_half_a_degree(angle: float) -> None:
    rotated = text_page().rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    prepared = imaging.prepare(rotated, rotation=0)
    assert prepared.skew == pytest.approx(angle, abs=0.5)


def test_deskewed_grid_lines_are_straight_again() -> None:
    rotated = uneven(grid_page()).rotate(1.5, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    prepared = imaging.prepare(rotated)
    assert prepared.skew == pytest.approx(1.5, abs=0.3)
    horizontal = [s for s in prepared.segments if s.horizontal]
    vertical = [s for s in prepared.segments if not s.horizontal]
    assert len(horizontal) == len(GRID_Y)
    assert len(vertical) == len(GRID_X)
    lengths = sorted(s.x1 - s.x0 for s in horizontal)
    assert lengths[0] == pytest.approx(GRID_X[-1] - GRID_X[0], abs=12)


def test_upright_page_keeps_its_orientation() -> None:
    prepared = imaging.prepare(text_page())
    assert prepared.rotation == 0
    assert prepared.skew == 0.0


@pytest.mark.parametrize("turn", [90, 270])
def test_sideways_text_is_turned_upright_by_the_axis_heuristic(turn: int) -> None:
    page = text_page()
    sideways = page.rotate(turn, expand=True)
    prepared = imaging.prepare(sideways)
    assert prepared.rotation % 180 == 90
    assert prepared.grey.shape == (page.height, page.width)


def test_osd_answer_decides_between_opposite_turns() -> None:
    page = text_page()
    sideways = page.rotate(270, expand=True)  # clockwise: needs 270 clockwise to come back
    prepared = imaging.prepare(sideways, osd=lambda grey: (270, 9.0))
    assert prepared.rotation == 270
    ink = imaging.ink_mask(prepared.grey)
    original = imaging.ink_mask(imaging.normalise_background(imaging.to_grey(page)))
    assert np.mean(ink == original) > 0.97


def test_osd_moderately_sure_of_a_quarter_turn_leaves_the_axis_convention() -> None:
    # OSD said 270 at confidence 3.96 for a page turned counter-clockwise: only a very sure answer
    # picks the turn, otherwise the text lines' convention (90) stands and the read is checked later
    sideways = text_page().rotate(90, expand=True)
    assert imaging.prepare(sideways, osd=lambda grey: (270, 3.96)).rotation == 90


def test_osd_sure_the_page_is_upright_overrules_the_text_lines() -> None:
    sideways = text_page().rotate(90, expand=True)  # the axis calls it sideways; say OSD disagrees
    assert imaging.prepare(sideways, osd=lambda grey: (0, 4.28)).rotation == 0


def test_unsure_osd_contradicting_the_text_lines_is_ignored() -> None:
    prepared = imaging.prepare(text_page(), osd=lambda grey: (90, 0.4))
    assert prepared.rotation == 0


def test_forced_rotation_must_be_a_quarter_turn() -> None:
    with pytest.raises(ValueError, match="multiple of 90"):
        imaging.prepare(text_page(), rotation=45)


def test_ruling_lines_are_found_and_erased_for_ocr() -> None:
    prepared = imaging.prepare(uneven(grid_page()))
    ys = sorted(s.top for s in prepared.segments if s.horizontal)
    xs = sorted(s.x0 for s in prepared.segments if not s.horizontal)
    assert ys == pytest.approx(GRID_Y, abs=2.5)
    assert xs == pytest.approx(GRID_X, abs=2.5)
    for y in GRID_Y:
        band = prepared.ocr[y - 1 : y + 2, GRID_X[0] + 5 : GRID_X[-1] - 5]
        assert band.min() == 255, "a ruling line survived in the OCR image"
    cell = prepared.ocr[GRID_Y[0] + 8 : GRID_Y[1] - 8, GRID_X[1] + 5 : GRID_X[2] - 5]
    assert (cell < 128).sum() > 200, "cell text was erased with the lines"


def test_bold_heading_stems_are_not_ruling_lines() -> None:
    image = Image.new("L", (1000, 400), 255)
    draw = ImageDraw.Draw(image)
    draw.text((40, 40), "BAB III KINERJA", font=font(64, bold=True), fill=0)
    for i in range(5):
        draw.text((40, 160 + i * 40), " ".join(WORDS), font=font(20), fill=0)
    prepared = imaging.prepare(image)
    assert prepared.segments == ()
    heading = prepared.ocr[40:120, 40:700]
    assert (heading < 128).sum() > 3000


def test_background_normalisation_whitens_a_shaded_corner() -> None:
    shaded = uneven(text_page(), seed=3)
    normalised = imaging.normalise_background(imaging.to_grey(shaded))
    ink = imaging.ink_mask(normalised)
    corner = ink[-60:, -60:]  # dark paper, no text
    assert corner.mean() < 3
    text_rows = ink[40:70, 40:400]
    assert (text_rows > 0).sum() > 500


def test_blank_page_has_no_ink_segments_or_rotation() -> None:
    blank = Image.new("L", (400, 300), 250)
    prepared = imaging.prepare(blank)
    assert prepared.segments == ()
    assert prepared.rotation == 0
    assert prepared.skew == 0.0
    assert prepared.ocr.min() == 255


def test_to_grey_accepts_common_modes() -> None:
    rgba = Image.new("RGBA", (20, 10), (0, 0, 0, 0))
    assert imaging.to_grey(rgba).min() == 255  # transparent means paper
    rgb_array = np.zeros((10, 20, 3), dtype=np.uint8)
    assert imaging.to_grey(rgb_array).shape == (10, 20)
    sixteen = Image.fromarray(np.full((10, 20), 4000, dtype=np.uint16))
    assert imaging.to_grey(sixteen).dtype == np.uint8
    bilevel = Image.new("1", (20, 10), 1)
    assert imaging.to_grey(bilevel).min() == 255


def test_upright_replays_rotation_and_skew() -> None:
    page = grid_page()
    turned = page.rotate(90, expand=True)
    prepared = imaging.prepare(turned)
    replay = orientation.upright(turned, prepared.rotation, prepared.skew)
    assert replay.shape == prepared.grey.shape


def test_isolate_cell_drops_borders_but_keeps_a_lone_one() -> None:
    grey = imaging.to_grey(grid_page())
    box = (GRID_X[0] - 2, GRID_Y[0] - 2, GRID_X[1] + 2, GRID_Y[1] + 2)  # the whole "1" cell, borders included
    isolated = imaging.isolate_cell(grey, box)
    assert isolated is not None
    clean, factor = isolated
    assert factor == 1.0
    ink = clean < 128
    assert ink.sum() > 40, "the digit 1 was erased with the cell borders"
    assert ink.sum(axis=1).max() < 0.5 * clean.shape[1], "a horizontal border is left"
    assert imaging.isolate_cell(np.full((50, 50), 255, np.uint8), (10, 10, 40, 40)) is None


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(min_value=5, max_value=195), min_size=1, max_size=4, unique=True),
    st.integers(min_value=0, max_value=199),
    st.integers(min_value=0, max_value=119),
)
def test_widened_positions_map_back_to_the_original(cuts: list[int], x: int, y: int) -> None:
    image = np.full((120, 200), 255, dtype=np.uint8)
    image[y, x] = 0
    segments = [Segment(float(c), 20.0, float(c), 100.0) for c in cuts]
    widened, gaps = imaging.widen_at_rulings(image, segments, gap=7)
    assert widened.shape == (120, 200 + 7 * len(cuts))
    ys, xs = np.nonzero(widened == 0)
    assert len(xs) == 1, "every original pixel appears exactly once"
    assert ys[0] == y
    assert gaps.to_original(float(xs[0]), float(y)) == x
    if 20 <= y <= 100:
        assert xs[0] == x + 7 * sum(1 for c in cuts if c <= x)
    else:
        assert xs[0] == x


SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "pdf" / "000_473ae7671d36c3fd_ruled.pdf"


def test_bold_header_text_on_grey_is_not_taken_for_a_ruling_line() -> None:
    """The shaded header of a sample table scanned at 150 DPI and enlarged smoothly (as pdfium
    renders it): the threshold merges its bold letters into long thin runs that once passed
    for rules and were erased ('Realisasi' came out 'Panlicnsi'). Ink on both sides of them
    along most of their length says they are text."""
    import cv2
    import pypdfium2 as pdfium

    from samples.scan import degrade, rasterise

    document = pdfium.PdfDocument(str(SAMPLE))
    try:
        page = rasterise(document, 7, 150)
    finally:
        document.close()
    scan, _ = degrade(page, np.random.default_rng(7), 150)
    smooth = cv2.resize(scan, None, fx=2, fy=2, interpolation=cv2.INTER_LINEAR)
    prepared = imaging.prepare(smooth, rotation=0)
    rules = sorted(s.top for s in prepared.segments if s.horizontal and 1280 < s.top < 1400)
    assert len(rules) == 2 and rules[1] - rules[0] > 60, f"rules found inside the header row: {rules}"
    header = prepared.ocr[int(rules[0]) + 8 : int(rules[1]) - 8]
    assert (header < 128).sum() > 4000, "the header text was erased with the rules"


def test_a_rule_between_paper_is_not_flanked_and_text_is() -> None:
    ink = np.zeros((60, 200), np.uint8)
    ink[30:32, 10:190] = 255  # a rule with paper above and below
    assert imaging.flanked_share(ink, 10, 30, 180, 2, True, 4) == 0.0
    ink[22:29, 10:190:6] = 255  # letter stems above and below a merged run, every 6 px
    ink[33:40, 10:190:6] = 255
    ink[22:29, 11:190:6] = 255
    ink[33:40, 11:190:6] = 255
    assert imaging.flanked_share(ink, 10, 30, 180, 2, True, 4) == pytest.approx(2 / 6, abs=0.02)
    ink[22:29, 10:190] = 255
    ink[33:40, 10:190] = 255
    assert imaging.flanked_share(ink, 10, 30, 180, 2, True, 4) == 1.0
    assert imaging.flanked_share(ink.T.copy(), 30, 10, 2, 180, False, 4) == 1.0


def test_upsample_enlarges_and_sharpens_but_never_beyond_the_cap() -> None:
    import cv2

    edge = np.full((40, 40), 255, np.uint8)
    edge[:, 20:] = 30
    soft = cv2.GaussianBlur(edge, (0, 0), 1.2)
    big = imaging.upsample(soft, 2.0)
    assert big.shape == (80, 80)
    plain = cv2.resize(soft, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC)
    row = 40
    assert np.abs(np.diff(big[row].astype(int))).max() > np.abs(np.diff(plain[row].astype(int))).max()
    assert imaging.upsample(soft, 1.02) is soft
    assert imaging.upsample(soft, 10.0).shape == (40 * imaging.MAX_UPSCALE, 40 * imaging.MAX_UPSCALE)


def test_ocr_image_keeps_grey_ink_edges_on_pure_white_paper() -> None:
    """Tesseract reads grey levels better than a thresholded copy; paper must still be clean."""
    prepared = imaging.prepare(uneven(grid_page()), rotation=0)
    ocr = prepared.ocr
    paper = ocr[GRID_Y[-1] + 20 :, :]
    assert paper.min() == 255, "grain or shading left on blank paper"
    text = ocr[GRID_Y[0] + 5 : GRID_Y[1] - 5, GRID_X[1] + 5 : GRID_X[2] - 5]
    edges = ((text > 60) & (text < 200)).sum()
    assert edges > 50, "the OCR image was thresholded to black and white"


def test_a_short_run_with_letter_bodies_along_one_side_is_text_not_a_rule() -> None:
    # a bold word of a blurred, enlarged scan melts along its baseline: a 4 px run under the
    # letters' bodies, paper below; a border of the same table has paper on both sides
    glyph = 22
    ink = np.zeros((400, 1200), np.uint8)
    ink[100:104, 300:410] = 255  # the melted baseline of 'Realisasi'
    for x in range(300, 410, 7):
        ink[80:100, x : x + 5] = 255  # the letters standing on it
    ink[200:203, 50:1150] = 255  # a border
    for x in range(60, 160, 7):
        ink[178:195, x : x + 5] = 255  # a word sitting close above part of it
    _lines, segments = imaging.find_ruling_lines(ink, glyph)
    tops = sorted(round(s.top) for s in segments if s.horizontal)
    assert tops == [202], tops
    assert imaging.one_sided_share(ink, 300, 100, 110, 4, 7) > imaging.MAX_ONE_SIDED
    assert imaging.one_sided_share(ink, 50, 200, 1100, 3, 7) < 0.2


def test_a_skewed_grid_of_narrow_wrapped_cells_is_upright(tmp_path: Path) -> None:
    """Generated layout 9520, page 2, scanned at 176 dpi and turned 1.16 degrees: a ruled capaian
    table whose cells wrap over many short lines gives the row and the column profiles alike and
    was once read sideways (every word garbage)."""
    import cv2
    import pypdfium2 as pdfium

    from samples.layouts.generate import generate
    from samples.scan import rasterise

    made = generate(9520, "pdf", tmp_path)[0]
    document = pdfium.PdfDocument(str(made.pdf))
    try:
        page = rasterise(document, 1, 176)
    finally:
        document.close()
    h, w = page.shape
    turned = cv2.warpAffine(page, cv2.getRotationMatrix2D((w / 2, h / 2), -1.156, 1.0), (w, h), borderValue=255)
    ink = imaging.ink_mask(imaging.normalise_background(turned))
    assert orientation.osd_fallback_axis(ink) == 0
    assert orientation.osd_fallback_axis(np.ascontiguousarray(np.rot90(ink))) == 90


def test_the_ragged_edge_of_a_fax_border_is_erased_with_it_and_a_word_beside_it_stays() -> None:
    # an enlarged 1-bit border wobbles: bumps of a pixel or two off its core, which the opening
    # that found the border does not cover and Tesseract reads as '_'
    glyph = 24
    ink = np.zeros((300, 1200), np.uint8)
    ink[150:154, 50:1150] = 255
    for x in range(60, 1150, 9):
        ink[147:150, x : x + 3] = 255
    for x in range(300, 420, 9):  # a word sitting just above the border
        ink[124:146, x : x + 6] = 255
    lines, segments = imaging.find_ruling_lines(ink, glyph)
    assert len([s for s in segments if s.horizontal]) == 1
    normalised = np.where(ink > 0, 0, 255).astype(np.uint8)
    ocr = imaging.erase_lines(normalised, lines, 128.0, glyph // 4)
    assert ocr[140:160, 430:1150].min() == 255, "bumps of the border left for Tesseract to read as '_'"
    assert (ocr[124:146, 300:420] < 128).sum() > 0.9 * (ink[124:146, 300:420] > 0).sum(), "the word went too"
    assert imaging.erase_lines(normalised, lines, 128.0)[140:160, 430:1150].min() == 0  # without reach


def _erased_on_the_whole_page(out: np.ndarray, lines: np.ndarray, level: float, reach: int) -> np.ndarray:
    """``erase_lines``'s residue step labelled over the whole page: the reference for the boxed one."""
    out = out.copy()
    out[cv2.dilate(lines, np.ones((3, 3), np.uint8)) > 0] = 255
    out[out > (level + 255) / 2] = 255
    strip = cv2.dilate(lines, np.ones((2 * reach + 1, 2 * reach + 1), np.uint8))
    joined = cv2.dilate((out <= level).astype(np.uint8), np.ones((3, 3), np.uint8))
    count, labels = cv2.connectedComponents(joined, connectivity=8)
    residue = np.bincount(labels[strip == 0], minlength=count) == 0
    residue[0] = False
    out[residue[labels] & (out < 255)] = 255
    return out


def test_residue_is_found_in_the_box_around_the_lines_as_on_the_whole_page() -> None:
    # specks hugging a rule go; a stroke that starts by the rule and leaves the box around it
    # (cut by the box) stays, as when the whole page is labelled
    normalised = np.full((200, 400), 255, np.uint8)
    normalised[100:103, 50:350] = 0
    lines = np.zeros_like(normalised)
    lines[100:103, 50:350] = 255
    for x in range(60, 340, 20):
        normalised[97:99, x : x + 2] = 60  # bumps within reach of the rule
    normalised[20:104, 200:203] = 40  # a stem from the rule up out of the box
    normalised[103:106, 5:60] = 40  # a dash from beside the box's left end into it
    got = imaging.erase_lines(normalised, lines, 128.0, 5)
    assert np.array_equal(got, _erased_on_the_whole_page(normalised, lines, 128.0, 5))
    assert got[97:99, 60:190].min() == 255 and got[20:97, 200:203].max() < 128
    assert got[104:106, 5:60].max() < 128


def test_a_border_piece_ending_inside_a_text_line_shifts_the_whole_line() -> None:
    # a fax border found only in pieces: this piece ends halfway down a line of text; widening
    # must shift the line's glyphs whole, not their top halves alone
    image = np.full((200, 400), 255, dtype=np.uint8)
    for x in (250, 270, 290):
        image[90:111, x : x + 8] = 0  # glyphs of one line, rows 90-110
    widened, gaps = imaging.widen_at_rulings(image, [Segment(200.0, 20.0, 200.0, 100.0)], gap=20)
    columns = [tuple(np.flatnonzero(widened[y] == 0)) for y in range(90, 111)]
    assert len(set(columns)) == 1, "the line was sheared where the border piece ends"
    assert gaps.to_original(float(columns[0][0]), 95.0) == 250


def test_dashes_along_a_border_found_in_pieces_go_with_it_and_a_stem_beside_it_stays() -> None:
    glyph = 24
    ink = np.zeros((600, 400), np.uint8)
    ink[100:103, 40:360] = 255  # the table's top and bottom rules
    ink[500:503, 40:360] = 255
    ink[100:250, 200:204] = 255  # a border found in two long pieces ...
    ink[400:503, 200:204] = 255
    for y in range(255, 395, 20):  # ... with dashes too short for any kernel between them
        ink[y : y + 12, 201:204] = 255
    ink[300:324, 220:224] = 255  # a '1' in the cell beside the border
    lines, _segments = imaging.find_ruling_lines(ink, glyph)
    assert lines[255:395, 200:204].any() and not (ink[255:395, 200:204] & ~lines[255:395, 200:204]).any()
    assert not lines[300:324, 220:224].any(), "the glyph beside the border was taken for a dash of it"


def test_ruling_lines_from_components_labelled_before_are_those_labelled_anew_less_the_specks() -> None:
    # prepare labels the ink once for specks and hands the components on; a speck painted out
    # (not kept) is no dash of a border, as when the ink is labelled again without it
    ink = np.zeros((600, 400), np.uint8)
    ink[100:103, 40:360] = 255
    ink[500:503, 40:360] = 255
    ink[100:250, 200:204] = 255
    ink[400:503, 200:204] = 255
    for y in range(255, 395, 20):
        ink[y : y + 12, 201:204] = 255
    ink[330:333, 201:204] = 255  # a speck on the border's line
    components = restore.label_ink(ink)
    speck = components.labels[331, 202]
    kept = components.kept.copy()
    kept[speck] = False
    without = ink.copy()
    without[330:333, 201:204] = 0
    lines, segments = imaging.find_ruling_lines(
        without, 24, restore.InkComponents(components.labels, components.stats, kept)
    )
    again, segments_again = imaging.find_ruling_lines(without, 24)
    assert np.array_equal(lines, again) and segments == segments_again
    assert lines[255:267, 201:204].all() and not lines[330:333, 201:204].any()


def test_specks_are_painted_out_and_their_components_dropped_or_labelled_again_on_a_speckled_copy() -> None:
    ink = 255 - np.asarray(text_page(lines=6))
    ink = ink.copy()
    for x, y in ((880, 20), (20, 340), (450, 345)):
        ink[y : y + 4, x : x + 4] = 255  # three specks far from the text
    normalised = 255 - ink
    cleaned, left, components = imaging._without_specks(normalised, ink, 128.0)
    assert components is not None and not left[340:350, 20:25].any() and cleaned[341, 21] == 255
    assert not components.kept[components.labels[341, 21]] and components.kept[components.labels[ink > 0]].sum() > 0
    speckled = ink.copy()
    for y in range(420, 690, 30):  # a grid of specks below the text: a speckled copy
        for x in range(20, 880, 40):
            speckled[y : y + 4, x : x + 4] = 255
    assert imaging._without_specks(255 - speckled, speckled, 128.0)[2] is None


def test_the_orientation_axis_from_a_copy_shrunk_once_is_the_same() -> None:
    ink = 255 - np.asarray(text_page(lines=6))
    big = cv2.resize(ink, None, fx=2.5, fy=2.5, interpolation=cv2.INTER_NEAREST)
    for page in (big, np.ascontiguousarray(np.rot90(big))):
        assert orientation.osd_fallback_axis(page, orientation.shrink(page, 1600)) == orientation.osd_fallback_axis(page)


def test_char_height_is_blind_to_speckle_beside_the_text() -> None:
    """Photocopy speckle touching the lines of text survives speck removal and outnumbers the
    letters; the glyph height every kernel is sized from must stay the letters' own."""
    ink = 255 - np.asarray(text_page(lines=6))
    clean = imaging.estimate_char_height(ink)
    speckled = ink.copy()
    rng = np.random.default_rng(2)
    for x, y in zip(rng.integers(30, 870, 900), rng.integers(30, 320, 900), strict=True):
        speckled[y : y + 6, x : x + 6] = 255
    assert clean > 10
    assert abs(imaging.estimate_char_height(speckled) - clean) <= 2


def test_char_height_of_speckle_beside_heavy_ink_no_glyph_is_shaped_like_is_a_number() -> None:
    """A dark band (a stamp, a photo's shadow) sets the ink-weighted scale but is no glyph; with
    only speckle left there is no component of glyph height to measure. The height stays the
    speckle's, never NaN (which stopped a held-out scan's page: int(NaN) in ``prepare``)."""
    ink = np.zeros((600, 800), dtype=np.uint8)
    ink[100:160, 50:700] = 255
    for k in range(60):
        y, x = 300 + (k // 20) * 20, 40 + (k % 20) * 30
        ink[y : y + 5, x : x + 4] = 255
    height = imaging.estimate_char_height(ink)
    assert np.isfinite(height) and height == 5.0


def test_faint_speckle_beside_figures_is_cleared_on_a_speckled_copy_only() -> None:
    """A speck lighter than Otsu's level still shows in the OCR image and is read as a full stop;
    on a speckled copy it goes, and a clean page with the same speck keeps it (nothing is judged
    on a page without speckle)."""
    image = Image.new("L", (1000, 1400), 255)
    draw = ImageDraw.Draw(image)
    for row in range(6):
        draw.text((120, 80 + 90 * row), "Target 75,00   Realisasi 64,00", font=font(30), fill=0)
    page = np.asarray(image).copy()
    left = draw.textbbox((120, 80), "Target 75,00   ", font=font(30))[2]
    faint = (left - 16, 95)  # mid-height, a word space before '64,00'
    cv2.circle(page, faint, 4, 175, -1)
    clean = imaging.prepare(page, rotation=0)
    speckled = page.copy()
    rng = np.random.default_rng(3)
    for x, y in zip(rng.integers(20, 980, 150), rng.integers(620, 1380, 150), strict=True):
        cv2.circle(speckled, (int(x), int(y)), 3, 0, -1)
    copy = imaging.prepare(speckled, rotation=0)
    assert clean.ocr[faint[1], faint[0]] < 255
    assert copy.ocr[faint[1], faint[0]] == 255
    assert (copy.ocr[:560] < 128).sum() >= 0.97 * (clean.ocr[:560] < 128).sum()  # the text stays


def test_the_borders_of_one_line_rows_between_band_rows_are_found() -> None:
    # a grid whose one-line rows (a numbering row, a one-line indicator) sit between full-width
    # band rows: their vertical borders are no longer than a bold stem, yet they are borders
    image = Image.new("L", (820, 420), 255)
    draw = ImageDraw.Draw(image)
    f = font(18)
    xs, ys = (60, 400, 520, 640, 760), (40, 110, 136, 162, 188, 260)
    for y in ys:
        draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=2)
    for x in xs:
        draw.line([(x, ys[0]), (x, ys[1])], fill=0, width=2)  # the header row
        draw.line([(x, ys[4]), (x, ys[5])], fill=0, width=2)  # a tall row
        draw.line([(x, ys[2]), (x, ys[3])], fill=0, width=2)  # a one-line row (26 px)
    for x in (xs[0], xs[-1]):
        draw.line([(x, ys[0]), (x, ys[-1])], fill=0, width=2)
    draw.text((70, 113), "Sasaran Strategis 1: Terlaksananya Fasilitasi Perencanaan", font=f, fill=0)
    draw.text((70, 139), "Jumlah Dokumen Perencanaan", font=f, fill=0)
    for x, text in zip(xs[1:], ("9 dokumen", "10 dokumen", "111,11%"), strict=False):
        draw.text((x + 6, 139), text, font=f, fill=0)
    draw.text((70, 191), "Persentase informasi mengenai Partai Politik", font=f, fill=0)
    ink = (np.asarray(image) < 128).astype(np.uint8) * 255
    _, segments = imaging.find_ruling_lines(ink, 14.0)
    one_line = [s for s in segments if not s.horizontal and s.top <= 149 <= s.bottom]
    assert sorted(round(s.x0) for s in one_line) == pytest.approx(list(xs), abs=2)
    # the band row above it holds no inner border, however its letters line up
    band = [s for s in segments if not s.horizontal and s.top <= 123 <= s.bottom]
    assert sorted(round(s.x0) for s in band) == pytest.approx([xs[0], xs[-1]], abs=2)
