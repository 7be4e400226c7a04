"""Restoration of degraded page images (extractor/ocr/restore.py): synthetic pages, real Tesseract."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractor.ocr import OcrSettings, ocr_page_image, restore
from extractor.ocr.render import _grey_unless_colour, enlarge, restored

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FIGURES = ("75,00", "64,00", "85,33")


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default(size)


def figure_page(width: int = 1200, height: int = 500) -> Image.Image:
    """Black figures on white paper, RGB, at about 300 dpi."""
    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for row in range(3):
        for col, text in enumerate(FIGURES):
            draw.text((120 + col * 330, 100 + row * 110), text, font=font(44), fill=(0, 0, 0))
    return image


def read(image: Image.Image | np.ndarray) -> list[str]:
    settings = OcrSettings(cache_dir="off", jobs=1)  # type: ignore[arg-type]
    result = ocr_page_image(image, page=1, points_per_pixel=72 / 300, settings=settings)
    return [w.text for w in result.page.words]


def test_settings_reject_nonsense() -> None:
    with pytest.raises(ValueError):
        restore.RestoreSettings(min_paper=1.5)
    with pytest.raises(ValueError):
        restore.RestoreSettings(chroma=0)
    with pytest.raises(ValueError):
        restore.RestoreSettings(shade=1.2)


def stamped(page: Image.Image, cast: tuple[float, float, float]) -> np.ndarray:
    """A thick blue ring across the figures, ink multiplied over the page, under a coloured light."""
    rgb = np.asarray(page, np.float32) / 255.0
    ring = np.zeros(rgb.shape[:2], np.uint8)
    cv2.circle(ring, (560, 250), 200, 255, 26)
    cv2.line(ring, (100, 215), (1100, 230), 255, 14)
    ink = np.array([40, 70, 190], np.float32) / 255.0
    alpha = (ring > 0)[..., None].astype(np.float32)
    out = rgb * (1 - alpha) + rgb * ink * alpha
    out = out * np.array(cast, np.float32) * 255.0
    return cv2.cvtColor(np.clip(out, 0, 255).astype(np.uint8), cv2.COLOR_RGB2BGR)


def test_blue_stamp_is_dropped_and_the_figures_under_it_read() -> None:
    bgr = stamped(figure_page(), cast=(1.0, 0.91, 0.76))  # tungsten light
    grey = restore.drop_colour_ink(bgr)
    ring_pixels = grey[250 - 200 - 10 : 250 - 200 + 10, 550:570]  # the ring's top, no text there
    assert ring_pixels.min() > 200
    words = read(restore.restore_page(bgr))
    assert sum(w in FIGURES for w in words) == 9


def test_without_colour_separation_the_stamp_stays_in_the_grey_page() -> None:
    bgr = stamped(figure_page(), cast=(1.0, 0.91, 0.76))
    plain = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    assert plain[250 - 200 - 10 : 250 - 200 + 10, 550:570].min() < 150


def test_black_text_under_a_stamp_is_kept() -> None:
    bgr = stamped(figure_page(), cast=(1.0, 1.0, 1.0))
    grey = restore.drop_colour_ink(bgr)
    original = np.asarray(figure_page().convert("L"))
    text = original < 80
    assert (grey[text] < 128).mean() > 0.9


def photo_of(page: Image.Image) -> np.ndarray:
    """The page photographed on a dark desk: keystone, a small turn, a margin of desk around it."""
    grey = np.asarray(page.convert("L"), np.uint8)
    h, w = grey.shape
    out_w, out_h = int(w * 1.2), int(h * 1.2)
    quad = np.array([[90 + 25, 60], [90 + w - 25, 75], [90 + w + 5, 60 + h], [85, 50 + h]], np.float32)
    matrix = cv2.getPerspectiveTransform(np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32), quad)
    paper = cv2.warpPerspective(grey, matrix, (out_w, out_h), borderValue=0)
    mask = cv2.warpPerspective(np.full_like(grey, 255), matrix, (out_w, out_h), borderValue=0)
    desk = np.full_like(paper, 60)
    return np.where(mask > 0, (paper.astype(np.float32) * 0.92).astype(np.uint8), desk)


def test_paper_quad_finds_the_sheet_on_a_desk_and_flattens_it() -> None:
    page = figure_page(1000, 1300)
    photo = photo_of(page)
    quad = restore.paper_quad(photo)
    assert quad is not None
    expected = np.array([[115, 60], [1065, 75], [1095, 1360], [85, 1350]], np.float64)
    assert np.abs(quad - expected).max() < 8
    flat = restore.flatten_page(photo, quad)
    assert abs(flat.shape[1] - 980) < 30 and abs(flat.shape[0] - 1290) < 30
    assert flat[:, 3:8].mean() > 150 and flat[:, -8:-3].mean() > 150  # no desk left at the sides
    restored = restore.restore_page(photo)
    assert restored.shape == flat.shape and restored[:, :3].mean() > 150


def test_paper_quad_takes_the_sheets_edge_not_its_shadows() -> None:
    """A phone photo shows the page's shadow on a light desk beside two edges: the sheet's
    outline ran along the shadow's rim there, up to 35 px off at 300 dpi and turned, which
    left the flattened page in perspective (its rules then read as doubled columns)."""
    page = figure_page(1000, 1300)
    grey = np.asarray(page.convert("L"), np.uint8)
    h, w = grey.shape
    quad = np.array([[115, 60], [1065, 75], [1095, 1360], [85, 1350]], np.float32)
    matrix = cv2.getPerspectiveTransform(np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32), quad)
    size = (int(w * 1.25), int(h * 1.2))
    paper = cv2.warpPerspective(grey, matrix, size, borderValue=0).astype(np.float32)
    mask = cv2.warpPerspective(np.ones_like(grey, np.float32), matrix, size, borderValue=0)
    shadow = cv2.GaussianBlur(cv2.warpAffine(mask, np.float32([[1, 0, 28], [0, 1, 24]]), size), (0, 0), 6)
    desk = 175.0 * (1.0 - 0.55 * shadow)
    photo = np.clip(desk * (1 - mask) + paper * 0.92 * mask, 0, 255).astype(np.uint8)
    found = restore.paper_quad(photo)
    assert found is not None
    assert np.abs(found - quad).max() < 8


def test_a_scan_filling_the_frame_has_no_quad_and_passes_through() -> None:
    page = np.asarray(figure_page(1000, 1300).convert("L"))
    assert restore.paper_quad(page) is None
    assert np.array_equal(restore.restore_page(page), page)


def test_dark_lid_around_a_turned_copy_is_whitened() -> None:
    page = np.asarray(figure_page(1000, 1300).convert("L"), np.float32) * 0.85
    matrix = cv2.getRotationMatrix2D((500, 650), 2.5, 1.0)
    copy = cv2.warpAffine(page, matrix, (1000, 1300), borderValue=70).astype(np.uint8)
    bare = cv2.warpAffine(np.ones_like(page), matrix, (1000, 1300), borderValue=0) == 0
    outside = restore.outside_sheet(copy)
    # where the turned page left the glass bare, but for slivers thinner than a closed-away word
    wide = cv2.erode(bare.astype(np.uint8), np.ones((21, 21), np.uint8)) > 0
    assert wide.sum() > 5000 and (outside[wide] > 0).mean() > 0.99
    assert not outside[600:700, 400:600].any()
    restored = restore.restore_page(copy)
    assert np.percentile(restored[wide], 1) > 200


def test_specks_go_punctuation_stays() -> None:
    ink = np.zeros((400, 900), np.uint8)
    image = Image.new("L", (900, 400), 0)
    ImageDraw.Draw(image).text((50, 50), "Pemilih 75,00 i.", font=font(44), fill=255)
    ink = np.asarray(image).copy()
    words = ink.copy()
    for x, y in ((700, 300), (120, 250), (820, 40)):
        cv2.circle(ink, (x, y), 4, 255, -1)
    specks = restore.speck_mask(ink)
    assert specks[300, 700] and specks[250, 120] and specks[40, 820]
    assert not (specks & words).any()  # the comma, the full stop and the i's dot are kept


def _specks_one_by_one(ink: np.ndarray) -> np.ndarray:
    """``speck_mask`` as a loop over each candidate's window: the reference for the summed one."""
    settings = restore.DEFAULT
    count, labels, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype(np.uint8), connectivity=8)
    scale = restore.glyph_scale_of(stats, ink.shape[0])
    x, y, w, h, area = (stats[:, i] for i in range(5))
    reach = max(3, int(settings.speck_reach * scale))
    along = max(reach, int(settings.speck_line_reach * scale))
    specks = np.zeros(count, bool)
    for i in range(1, count):
        if area[i] < settings.speck_area * scale * scale and w[i] < 2 * h[i] and h[i] < 2 * w[i]:
            window = labels[max(0, y[i] - reach) : y[i] + h[i] + reach, max(0, x[i] - along) : x[i] + w[i] + along]
            specks[i] = not np.any((window > 0) & (window != i))
    return (specks[labels] * 255).astype(np.uint8)


def test_specks_by_summed_windows_are_those_of_a_window_by_window_search() -> None:
    image = Image.new("L", (900, 400), 0)
    ImageDraw.Draw(image).text((40, 60), "Realisasi 98,5 % i: 12.", font=font(40), fill=255)
    ink = np.asarray(image).copy()
    rng = np.random.default_rng(7)
    for x, y in zip(rng.integers(0, 900, 120), rng.integers(0, 400, 120), strict=True):
        cv2.circle(ink, (int(x), int(y)), int(rng.integers(1, 4)), 255, -1)  # some on the edges, some by text
    cv2.circle(ink, (0, 0), 3, 255, -1)
    got = restore.speck_mask(ink)
    assert got.any() and np.array_equal(got, _specks_one_by_one(ink))


def test_speck_components_flag_only_components_still_kept() -> None:
    ink = np.zeros((300, 600), np.uint8)
    for x in (100, 300, 500):
        cv2.circle(ink, (x, 150), 3, 255, -1)
    image = Image.new("L", (600, 300), 0)
    ImageDraw.Draw(image).text((20, 20), "Target 75,00", font=font(40), fill=255)
    ink = np.maximum(ink, np.asarray(image))
    components = restore.label_ink(ink)
    flags = restore.speck_components(components)
    assert np.array_equal((flags[components.labels] * 255).astype(np.uint8), restore.speck_mask(ink))
    assert flags.sum() == 3
    kept = components.kept.copy()
    kept[components.labels[150, 300]] = False
    fewer = restore.speck_components(restore.InkComponents(components.labels, components.stats, kept))
    assert fewer.sum() == 2 and not fewer[components.labels[150, 300]]


def test_glyph_scale_is_blind_to_speckle() -> None:
    image = Image.new("L", (900, 400), 0)
    ImageDraw.Draw(image).text((50, 50), "Persentase Pemutakhiran", font=font(44), fill=255)
    ink = np.asarray(image).copy()
    clean = restore.glyph_scale(ink)
    rng = np.random.default_rng(1)
    for x, y in zip(rng.integers(0, 900, 150), rng.integers(150, 400, 150), strict=True):
        cv2.circle(ink, (int(x), int(y)), 2, 255, -1)
    assert abs(restore.glyph_scale(ink) - clean) <= 3


def fax_of(page: Image.Image, seed: int = 3) -> np.ndarray:
    """A 100 dpi 1-bit copy of a 300 dpi page: dark threshold, ink dropping out at random."""
    grey = np.asarray(page.convert("L"), np.float32)
    small = cv2.resize(grey, None, fx=1 / 3, fy=1 / 3, interpolation=cv2.INTER_AREA)
    rng = np.random.default_rng(seed)
    black = (small < 165) & (rng.random(small.shape) > 0.04)
    return np.where(black, 0, 255).astype(np.uint8)


def test_bilevel_is_measured_from_the_pixels() -> None:
    fax = fax_of(figure_page())
    assert restore.is_bilevel(fax)
    assert not restore.is_bilevel(cv2.GaussianBlur(fax, (0, 0), 1.0))
    assert not restore.is_bilevel(np.full((50, 50), 255, np.uint8))  # blank: no ink at all


def test_bilevel_page_is_smoothed_before_it_is_enlarged() -> None:
    fax = fax_of(figure_page())
    big = enlarge(fax, 3.0)
    levels = np.count_nonzero((big > 20) & (big < 235)) / big.size
    assert levels > 0.01  # grey edges, not staircases
    words = read(big)
    assert sum(w in FIGURES for w in words) >= 7


def test_rendering_stays_grey_unless_the_page_shows_colour() -> None:
    assert _grey_unless_colour(figure_page()).mode == "L"
    coloured = figure_page()
    ImageDraw.Draw(coloured).ellipse((400, 100, 700, 400), outline=(40, 70, 190), width=12)
    assert _grey_unless_colour(coloured).mode == "RGB"


def test_a_typewriter_fonts_punctuation_stays() -> None:
    """A monospaced font centres '.' and ',' in a glyph-wide cell, farther from the digits than a
    proportional font: at scan size they were painted out ('62,23' read 6223)."""
    for size in (14, 16, 18, 22):  # 8-10 pt at 150-200 dpi
        image = Image.new("L", (900, 120), 0)
        mono = ImageFont.truetype(str(FONT.with_name("DejaVuSansMono.ttf")), size)
        ImageDraw.Draw(image).text((20, 40), "Rp 9.757.910.693,-  62,23 %", font=mono, fill=255)
        assert not restore.speck_mask(np.asarray(image).copy()).any(), size


def test_stray_marks_go_beside_text_and_punctuation_stays() -> None:
    """Speckle beside figures (before a number on its baseline, at mid-height between words,
    just above a rule) is taken; full stops, commas, a colon, i's dots and the '%' stay."""
    image = Image.new("L", (1300, 300), 0)
    draw = ImageDraw.Draw(image)
    draw.text((40, 40), "Realisasi: 1.282.637,60   75,00%   Pemilih", font=font(40), fill=255)
    draw.line([(40, 200), (1260, 200)], fill=255, width=3)
    words = np.asarray(image).copy()
    ink = words.copy()
    _, top, before, baseline = draw.textbbox((40, 40), "Realisasi: ", font=font(40))
    gap = draw.textbbox((40, 40), "Realisasi: 1.282.637,60   75,00%  ", font=font(40))[2]
    specks = [(before - 5, baseline - 4), (gap, (top + baseline) // 2), (600, 192)]
    for x, y in specks:
        cv2.circle(ink, (x, y), 4, 255, -1)
    stray = restore.stray_marks(ink)
    assert all(stray[y, x] for x, y in specks)
    assert not (stray & words).any()


def _grey_scan(streak: bool) -> np.ndarray:
    """A 150 dpi grey scan of text lines, with a darker copier streak down it when asked."""
    image = Image.new("L", (900, 1200), 215)
    draw = ImageDraw.Draw(image)
    for i in range(25):
        draw.text((60, 80 + 40 * i), f"Persentase layanan {i} 75,00 64,00", font=font(18), fill=40)
    page = np.asarray(image).astype(np.int16)
    if streak:
        page[:, 400:403] -= 45
    return np.clip(page, 0, 255).astype(np.uint8)


def test_a_clean_page_is_judged_at_its_own_resolution_and_only_enlarged() -> None:
    clean = _grey_scan(streak=False)
    assert restore.restore_page(clean) is clean
    assert np.array_equal(restored(clean, 2.0), enlarge(clean, 2.0))


def test_a_page_restoration_changes_is_restored_at_full_size() -> None:
    streaked = _grey_scan(streak=True)
    assert restore.restore_page(streaked) is not streaked
    got = restored(streaked, 2.0)
    assert np.array_equal(got, restore.restore_page(enlarge(streaked, 2.0)))
    assert not np.array_equal(got, enlarge(streaked, 2.0))


def test_a_comma_touching_its_digits_box_stays() -> None:
    """On a blurred copy a comma's blob reaches a pixel into the box of the digit before it (by
    its rounded corner, not touching it); it was then taken for a dot over that digit, not for
    punctuation after it, and painted out ('100,00' read '100 00')."""
    ink = np.zeros((300, 420), np.uint8)  # tall enough for the glyphs to be measured
    for x in [50, 76, 102, 140, 166, *range(220, 400, 26)]:  # '000' ',' '00', then more digits
        cv2.ellipse(ink, (x, 55), (9, 14), 0, 0, 360, 255, 4)
    right = 102 + 11  # the last column of the last "0" of "000"
    cv2.rectangle(ink, (right, 66), (right + 7, 77), 255, -1)  # the comma, below its widest point
    _, labels = cv2.connectedComponents(ink)
    assert labels[70, right + 2] != labels[55, 102 + 9]  # apart from the digit
    assert not restore.stray_marks(ink)[70, right + 2]
