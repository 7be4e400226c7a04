"""OCR layer against the real Tesseract binary, on tables drawn here with known text and positions.

Everything Tesseract-bound is marked ``ocr`` and skipped when the binary is missing; the replay
of a recorded ``image_to_data`` dictionary and the settings checks run everywhere.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

from extractor.errors import (
    CorruptInputError,
    EncryptedInputError,
    ExtractionTimeoutError,
    InputNotFoundError,
    MissingDependencyError,
    UnsupportedInputError,
)
from extractor.models import BBox, Segment, Word
from extractor.ocr import (
    ENGINES,
    OcrPageResult,
    OcrSettings,
    UnknownEngineError,
    check_tesseract,
    get_engine,
    grid_verticals,
    merge_passes,
    ocr_image_file,
    ocr_page_image,
    ocr_pdf_pages,
    orientation,
    repair_numeric_cell,
    table_band,
)
from extractor.ocr.cache import OcrCache, cache_key, default_cache_dir
from extractor.ocr.render import open_pdf, render_dpi, render_pdf_page, source_dpi
from extractor.ocr.reread import numeric_phrases, prefer_reread, reread_numbers, settled, well_formed
from extractor.ocr.tesseract import data_to_words

DATA = Path(__file__).parent / "data"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DPI = 200
PPP = 72.0 / DPI
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")

ROWS = (
    ("No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"),
    ("1", "Persentase layanan", "26.030.287.000", "22.120.450.500", "84,98%"),
    ("2", "Indeks kepuasan", "1.250.000", "1.187.500", "95,00%"),
    ("3", "Jumlah laporan", "12", "12", "100,00%"),
    ("4", "Tingkat partisipasi", "77,50%", "81,25%", "104,84%"),
    ("5", "Realisasi anggaran", "3.456.789.012", "3.210.987.654", "92,89%"),
)
COLUMNS = (60, 300, 250, 250, 170)  # pixels at DPI
ROW_HEIGHT = 56
ORIGIN = (36, 54)


@dataclass(frozen=True)
class Drawn:
    text: str
    box: BBox  # points


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default(size)


def table_image(rows: Sequence[Sequence[str]] = ROWS) -> tuple[Image.Image, list[Drawn]]:
    """A ruled table at DPI with 10 pt text; returns the image and every cell text's box in points."""
    width = ORIGIN[0] * 2 + sum(COLUMNS)
    height = ORIGIN[1] * 2 + ROW_HEIGHT * len(rows)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    f = font(round(10 * DPI / 72))
    drawn = []
    for r, row in enumerate(rows):
        x = ORIGIN[0]
        for c, text in enumerate(row):
            middle = ORIGIN[1] + r * ROW_HEIGHT + ROW_HEIGHT // 2
            # numbers hug the right border and text the left one, as in real reports: only
            # the border keeps "26.030.287.000" apart from the next cell
            right_aligned = r > 0 and c > 1
            anchor = (x + COLUMNS[c] - 8, middle) if right_aligned else (x + 8, middle)
            where = "rm" if right_aligned else "lm"
            draw.text(anchor, text, font=f, fill=0, anchor=where)
            left, top, right, bottom = draw.textbbox(anchor, text, font=f, anchor=where)
            drawn.append(Drawn(text, BBox(left * PPP, top * PPP, right * PPP, bottom * PPP)))
            x += COLUMNS[c]
    right_edge = ORIGIN[0] + sum(COLUMNS)
    bottom_edge = ORIGIN[1] + ROW_HEIGHT * len(rows)
    for r in range(len(rows) + 1):
        y = ORIGIN[1] + r * ROW_HEIGHT
        draw.line([(ORIGIN[0], y), (right_edge, y)], fill=0, width=2)
    x = ORIGIN[0]
    for c in range(len(COLUMNS) + 1):
        draw.line([(x, ORIGIN[1]), (x, bottom_edge)], fill=0, width=2)
        x += COLUMNS[c] if c < len(COLUMNS) else 0
    return image, drawn


def scanned(image: Image.Image, *, angle: float = 0.0, turn: int = 0, seed: int = 0) -> Image.Image:
    """Skew, turn, uneven shading, noise and JPEG compression, like a cheap office scan."""
    out = (
        image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255) if angle else image
    )
    if turn:
        out = out.rotate(turn, expand=True)
    array = np.asarray(out, dtype=np.float64)
    h, w = array.shape
    yy, xx = np.mgrid[0:h, 0:w]
    array = array * (1.0 - 0.3 * (xx / w) * (yy / h)) + np.random.default_rng(seed).normal(0, 8, array.shape)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(array, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=55)
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def numeric(drawn: Sequence[Drawn]) -> list[Drawn]:
    return [d for d in drawn if re.search(r"\d", d.text)]


def found(
    cell: Drawn, words: Sequence[Word], shift: tuple[float, float] = (0.0, 0.0), slack: float = 4.0
) -> bool:
    """A word with the cell's exact text whose centre lies in the drawn box (shifted, with slack)."""
    dx, dy = shift
    box = cell.box
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2 - dx, (w.top + w.bottom) / 2 - dy
        if (
            w.text == cell.text
            and box.x0 - slack <= cx <= box.x1 + slack
            and box.top - slack <= cy <= box.bottom + slack
        ):
            return True
    return False


def no_cache(**overrides: object) -> OcrSettings:
    return OcrSettings(cache_dir="off", table_dpi=DPI, **overrides)  # type: ignore[arg-type]


# ---------------------------------------------------------------- no Tesseract needed


def test_settings_reject_nonsense() -> None:
    with pytest.raises(ValueError, match="psm"):
        OcrSettings(psm=2)
    with pytest.raises(ValueError, match="triage_dpi"):
        OcrSettings(triage_dpi=400, table_dpi=300)
    with pytest.raises(ValueError, match="lang"):
        OcrSettings(lang="ind eng")
    with pytest.raises(ValueError, match="jobs"):
        OcrSettings(jobs=-1)
    with pytest.raises(ValueError, match="timeout"):
        OcrSettings(timeout_s=0)
    assert OcrSettings(jobs=3).workers == 3


def test_missing_tesseract_binary_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract

    from extractor.ocr import tesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    tesseract.tesseract_version.cache_clear()
    try:
        with pytest.raises(MissingDependencyError, match="apt-get install tesseract-ocr tesseract-ocr-ind"):
            check_tesseract("ind")
    finally:
        tesseract.tesseract_version.cache_clear()


def test_unknown_engine_lists_the_known_ones() -> None:
    with pytest.raises(UnknownEngineError, match="tesseract"):
        get_engine(OcrSettings(engine="abbyy"))
    assert "tesseract" in ENGINES


def test_recorded_image_to_data_replays_into_words() -> None:
    recorded = json.loads((DATA / "ocr_image_to_data.json").read_text(encoding="utf-8"))
    scale = 72.0 / recorded["dpi"]
    words = data_to_words(recorded["data"], page=7, scale=scale, offset=(10.0, 20.0))
    texts = [w.text for w in words]
    assert "26.030.287.000" in texts and "84,98%" in texts
    assert all(w.page == 7 and 0 <= w.conf <= 100 for w in words)
    level5 = [i for i, t in enumerate(recorded["data"]["text"]) if str(t).strip()]
    assert len(words) == len(level5)
    first = recorded["data"]["text"].index("26.030.287.000")
    word = next(w for w in words if w.text == "26.030.287.000")
    assert word.x0 == pytest.approx(10.0 + recorded["data"]["left"][first] * scale)
    assert word.bottom == pytest.approx(
        20.0 + (recorded["data"]["top"][first] + recorded["data"]["height"][first]) * scale
    )
    tops: dict[int, list[float]] = {}
    for w in words:
        tops.setdefault(w.line, []).append(w.top)
    order = [min(v) for _, v in sorted(tops.items())]
    assert order == sorted(order), "line numbers must run top to bottom"
    assert sorted(tops) == list(range(1, len(tops) + 1))
    for line in tops:
        xs = [w.x0 for w in sorted((w for w in words if w.line == line), key=lambda w: w.word)]
        assert xs == sorted(xs)


def test_table_band_covers_numeric_lines_and_header_without_cutting_lines() -> None:
    def line(n: int, top: float, *texts: str) -> list[Word]:
        return [
            Word(1, n, i + 1, t, 90, 50 + 80 * i, top, 120 + 80 * i, top + 10) for i, t in enumerate(texts)
        ]

    words = (
        line(1, 50, "Kata", "pengantar", "laporan")
        + line(2, 300, "No", "Target", "Realisasi")
        + line(3, 320, "1", "26.030.287.000", "84,98%")
        + line(4, 340, "2", "1.250.000", "95,00%")
        + line(5, 700, "Demikian", "laporan", "ini")
    )
    band = table_band(words, (), 842.0)
    assert band is not None
    top, bottom = band
    assert top <= 300 < 320 and bottom >= 350
    assert bottom < 700 and top > 60
    assert table_band(line(1, 50, "tanpa", "angka"), (), 842.0) is None


def test_table_band_sees_rows_that_layout_analysis_split_into_column_blocks() -> None:
    """Automatic layout reads a borderless table column by column: every number is a "line" of
    its own. The band still covers the rows, and the single-number rows below tall wrapped
    cells, but not a paragraph far below."""
    words = [Word(1, 1, 1, "Pengukuran", 90, 50, 60, 120, 70)]
    line = 2
    for y in (300, 330, 360):  # label block, then one block per numeric column
        for x, text in ((50, "Persentase"), (330, "90%"), (400, "85%")):
            words.append(Word(1, line, 1, text, 90, x, y, x + 40, y + 10))
            line += 1
    for y in range(375, 450, 15):  # a tall wrapped cell
        words.append(Word(1, line, 1, "kegiatan", 90, 50, y, 90, y + 10))
        line += 1
    words.append(Word(1, line, 1, "100%", 90, 330, 455, 360, 465))  # a last row, one number legible
    words.append(Word(1, line + 1, 1, "2025", 90, 50, 760, 80, 770))  # narrative much further down
    band = table_band(words, (), 842.0)
    assert band is not None
    top, bottom = band
    assert top <= 300 and 465 <= bottom < 760


def test_page_frame_is_not_a_table_grid() -> None:
    frame = [Segment(20, 20, 20, 820), Segment(575, 20, 575, 820)]
    table = [Segment(x, 300, x, 420) for x in (40, 120, 300, 500)]
    assert grid_verticals(frame, 842.0) == []
    assert grid_verticals(frame + table, 842.0) == table
    band = table_band([], frame + table, 842.0)
    assert band is not None and band[0] <= 300 and band[1] >= 420 and band[1] < 842


def test_merge_keeps_page_words_the_table_pass_missed() -> None:
    caption = Word(1, 1, 1, "Tabel", 92, 50, 100, 90, 112)
    noise = Word(1, 1, 2, "~", 20, 300, 100, 305, 112)
    outside = Word(1, 2, 1, "Narasi", 95, 50, 600, 90, 612)
    low_res_cell = Word(1, 3, 1, "26.030.287.0O0", 60, 100, 150, 200, 162)
    table_cell = Word(1, 1, 1, "26.030.287.000", 95, 101, 151, 199, 161)
    merged = merge_passes([caption, noise, outside, low_res_cell], [table_cell], (90.0, 200.0))
    texts = sorted(w.text for _, w in merged)
    assert texts == ["26.030.287.000", "Narasi", "Tabel"]


def test_cache_round_trip_and_atomic_files(tmp_path: Path) -> None:
    cache = OcrCache(tmp_path)
    key = cache_key("image", 1, (2.0, 3.0))
    assert cache.get(key) is None
    cache.put(key, [[1, 1, "84,98%", 91.5, 1.0, 2.0, 3.0, 4.0]])
    assert cache.get(key) == [[1, 1, "84,98%", 91.5, 1.0, 2.0, 3.0, 4.0]]
    assert (cache.hits, cache.misses) == (1, 1)
    assert not list(tmp_path.rglob(".tmp-*")), "temporary files must be renamed into place"
    entry = next(tmp_path.rglob("*.json"))
    entry.write_text("{truncated", encoding="utf-8")
    assert cache.get(key) is None
    assert OcrCache(None).get(key) is None


def _hammer_cache(directory: str, seed: int) -> int:
    """Write and read the same few keys as fast as possible; count unreadable entries."""
    cache = OcrCache(Path(directory))
    bad = 0
    for i in range(150):
        key = cache_key("shared", i % 5)
        cache.put(key, [[seed, i, "x" * (i % 50)]])
        value = cache.get(key)
        bad += not (isinstance(value, list) and len(value) == 1 and len(value[0]) == 3)
    return bad


def test_cache_survives_concurrent_writers(tmp_path: Path) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(4, mp_context=multiprocessing.get_context("fork")) as pool:
        bad = list(pool.map(_hammer_cache, [str(tmp_path)] * 4, range(4)))
    assert bad == [0, 0, 0, 0]
    assert not list(tmp_path.rglob(".tmp-*"))


def test_cache_directory_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LAKIP_CACHE_DIR", str(tmp_path / "env"))
    assert default_cache_dir(None) == tmp_path / "env"
    assert default_cache_dir(tmp_path / "given") == tmp_path / "given"
    assert default_cache_dir("off") is None
    assert default_cache_dir(Path("off")) is None
    monkeypatch.setenv("LAKIP_CACHE_DIR", "off")
    assert default_cache_dir(None) is None
    monkeypatch.delenv("LAKIP_CACHE_DIR")
    assert default_cache_dir(None) == Path.home() / ".cache" / "lakip" / "ocr"


@pytest.mark.parametrize(
    ("first", "again", "conf", "taken"),
    [
        ("41.552.011.818", "41.552.911.818", 86.0, True),  # first read at 48: much less sure
        ("41.552.011.818", "41.552.911.818", 60.0, False),
        ("3.010.953.000", "3.910.953", 96.0, False),  # not the same shape: keep the first
        ("9096", "90%", 93.0, True),  # '%' read as '96' inside a table line
        ("10016", "100%", 95.0, True),
        ("1Yo", "1%", 96.0, True),
        ("94,4 Yo", "94,4%", 90.0, True),
        ("100 Yo", "100%", 0.0, True),  # its '%' scored 0 digits-only, but the digits agree
        ("9096", "90%", 0.0, True),
        ("92,5 Yo", "92.5%", 0.0, False),  # not the same digits: an unsure re-read is no proof
        ("33.801 .000,-", "33.801.000,-", 90.0, True),  # a thousands dot read as a space
        ("47.A57.842.438", "47.457.842.438", 18.0, True),  # unsure, but the first was no number
        ("3.4", "34", 94.0, False),  # a good first reading is kept
        ("100%", "10096", 90.0, False),
        ("11", "1", 90.0, False),
        ("6709.QGE.001", "6709.0.001", 0.0, False),  # letters read digits-only
        ("(1)", "1", 0.0, False),
        ("CQ.6639", "6639", 0.0, False),
        ("1.286.591.000,", "1.286.591.000,", 95.0, False),
    ],
)
def test_prefer_reread(first: str, again: str, conf: float, taken: bool) -> None:
    assert prefer_reread(first, again, conf, first_conf=48.0) is taken


@pytest.mark.parametrize(
    ("first", "conf", "skipped"),
    [
        ("41.552.011.818", 86.0, True),
        ("41.552.011.818", 80.0, False),  # a re-read at 100 would clear it by the margin
        ("94,29%", 90.0, True),
        ("9096", 95.0, False),  # '%' read as '96': the re-read may restore it
        ("10016", 95.0, False),
        ("96%", 95.0, True),
        ("33.801 .000,-", 95.0, False),  # malformed: always re-read
        ("1Yo", 95.0, False),
    ],
)
def test_a_settled_reading_is_one_no_reread_replaces(first: str, conf: float, skipped: bool) -> None:
    assert settled(first, conf) is skipped
    if skipped:  # whatever the re-read gives, it would not be taken
        for again in ("41.552.911.818", "94,29%", "9%", first + "%", first[:-1], "100%"):
            assert not prefer_reread(first, again, 100.0, first_conf=conf)


@given(
    st.from_regex(r"[0-9][0-9.,]{0,12}(%|,-|96|16)?", fullmatch=True),
    st.from_regex(r"[0-9][0-9.,]{0,12}(%|,-)?", fullmatch=True),
    st.floats(min_value=0.0, max_value=100.0),
    st.floats(min_value=0.0, max_value=100.0),
)
def test_no_reread_replaces_a_settled_reading(first: str, again: str, conf: float, first_conf: float) -> None:
    if settled(first, first_conf):
        assert not prefer_reread(first, again, conf, first_conf=first_conf)


@given(
    st.integers(min_value=0, max_value=10**13),
    st.sampled_from(["", ",-", "%", ",5%", ",00"]),
)
def test_numbers_as_reports_print_them_are_well_formed(value: int, suffix: str) -> None:
    grouped = f"{value:,}".replace(",", ".")
    assert well_formed(grouped + suffix)
    assert well_formed(str(value) + suffix)
    assert not well_formed(grouped + "A")
    assert not well_formed(grouped + " " + grouped)


def _word(text: str, x0: float, x1: float, line: int = 1, top: float = 100.0) -> Word:
    return Word(1, line, 1, text, 90.0, x0, top, x1, top + 8.0)


def test_numeric_phrases_join_a_split_number_but_not_cells_or_words() -> None:
    words = [
        _word("Rp", 40, 50),
        _word("33.801", 60, 85),
        _word(".000,-", 87, 110),  # 2 pt gap: one number split by Tesseract
        _word("33.775.000,-", 160, 210),
        _word("99,92", 214, 235),  # as close, but across a column rule
        _word("Jumlah", 60, 90, line=2, top=120),
        _word("2", 93, 97, line=2, top=120),
        _word("6709.QGE.001", 20, 70, line=3, top=140),  # an account code, never a figure
        _word("94,4", 160, 178, line=3, top=140),
        _word("Yo", 180, 188, line=3, top=140),  # its '%', read apart
        _word("Yo", 300, 308, line=4, top=160),  # a lone header '%' is no number
    ]
    rule = Segment(212, 90, 212, 130)
    phrases = numeric_phrases(words, [rule], glyph_height=7.0)
    texts = [" ".join(w.text for w in p) for p in phrases]
    assert texts == ["33.801 .000,-", "33.775.000,-", "99,92", "2", "94,4 Yo"]


def test_render_dpi_follows_the_scan() -> None:
    assert render_dpi(150.0, 300.0) == (150.0, 2.0)
    assert render_dpi(72.0, 300.0) == (100.0, 3.0)  # never enlarged more than 3 times
    assert render_dpi(290.0, 300.0) == (300.0, 1.0)  # close enough: let pdfium resample
    assert render_dpi(600.0, 300.0) == (300.0, 1.0)
    assert render_dpi(None, 300.0) == (300.0, 1.0)  # vector page: no image to follow


# ---------------------------------------------------------------- real Tesseract


@pytest.fixture(scope="module")
def table() -> tuple[Image.Image, list[Drawn]]:
    return table_image()


@pytest.fixture(scope="module")
def flat_run(
    table: tuple[Image.Image, list[Drawn]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[OcrPageResult, OcrSettings]:
    """The noisy upright table read once with a fresh cache; tests share the reading."""
    image, _ = table
    settings = OcrSettings(cache_dir=tmp_path_factory.mktemp("ocr-cache"), table_dpi=DPI)
    return ocr_page_image(scanned(image), page=3, points_per_pixel=PPP, settings=settings), settings


@pytest.fixture(scope="module")
def flat_result(flat_run: tuple[OcrPageResult, OcrSettings]) -> OcrPageResult:
    return flat_run[0]


@needs_tesseract
@pytest.mark.ocr
def test_check_tesseract_reports_version_and_missing_language() -> None:
    assert re.match(r"\d+\.\d+", check_tesseract("ind+eng"))
    with pytest.raises(MissingDependencyError, match="apt-get install tesseract-ocr-xyz"):
        check_tesseract("xyz")


@needs_tesseract
@pytest.mark.ocr
def test_numeric_cells_and_positions_on_a_noisy_scan(
    flat_result: OcrPageResult, table: tuple[Image.Image, list[Drawn]]
) -> None:
    image, drawn = table
    page = flat_result.page
    cells = numeric(drawn)
    hits = sum(found(cell, page.words) for cell in cells)
    assert hits >= 0.9 * len(cells), [w.text for w in page.words]
    assert page.source == "ocr" and page.number == 3 and page.dpi == DPI
    assert page.width == pytest.approx(image.width * PPP, abs=0.5)
    assert page.height == pytest.approx(image.height * PPP, abs=0.5)
    assert all(w.page == 3 for w in page.words)
    tops: dict[int, list[float]] = {}
    for w in page.words:
        tops.setdefault(w.line, []).append(w.top)
    starts = [min(v) for _, v in sorted(tops.items())]
    assert starts == sorted(starts)


@needs_tesseract
@pytest.mark.ocr
def test_grid_segments_come_back_in_points(flat_result: OcrPageResult) -> None:
    segments = flat_result.page.segments
    ys = sorted(s.top for s in segments if s.horizontal)
    xs = sorted(s.x0 for s in segments if not s.horizontal)
    expected_y = [(ORIGIN[1] + r * ROW_HEIGHT) * PPP for r in range(len(ROWS) + 1)]
    expected_x = [(ORIGIN[0] + sum(COLUMNS[:c])) * PPP for c in range(len(COLUMNS) + 1)]
    assert ys == pytest.approx(expected_y, abs=1.5)
    assert xs == pytest.approx(expected_x, abs=1.5)


@needs_tesseract
@pytest.mark.ocr
def test_second_call_is_served_from_the_cache(
    flat_run: tuple[OcrPageResult, OcrSettings], table: tuple[Image.Image, list[Drawn]]
) -> None:
    first, settings = flat_run
    assert not first.from_cache
    image, _ = table
    again = ocr_page_image(scanned(image), page=3, points_per_pixel=PPP, settings=settings)
    assert again.from_cache
    assert again.page == first.page
    assert (again.rotation, again.skew, again.dpi_passes) == (first.rotation, first.skew, first.dpi_passes)


@needs_tesseract
@pytest.mark.ocr
def test_skewed_scan_is_straightened(table: tuple[Image.Image, list[Drawn]]) -> None:
    image, drawn = table
    skewed = scanned(image, angle=1.5, seed=1)
    result = ocr_page_image(skewed, page=1, points_per_pixel=PPP, settings=no_cache())
    assert result.skew == pytest.approx(1.5, abs=0.5)
    assert result.rotation == 0
    shift = ((skewed.width - image.width) / 2 * PPP, (skewed.height - image.height) / 2 * PPP)
    cells = numeric(drawn)
    hits = sum(found(cell, result.page.words, shift) for cell in cells)
    assert hits >= 0.9 * len(cells), [w.text for w in result.page.words]


@needs_tesseract
@pytest.mark.ocr
def test_page_turned_sideways_is_detected_and_read(table: tuple[Image.Image, list[Drawn]]) -> None:
    image, drawn = table
    result = ocr_page_image(
        scanned(image, turn=90, seed=2), page=1, points_per_pixel=PPP, settings=no_cache()
    )
    assert result.rotation == 90
    assert result.page.width == pytest.approx(image.width * PPP, abs=0.5)
    cells = numeric(drawn)
    assert sum(found(cell, result.page.words) for cell in cells) >= 0.9 * len(cells)


@needs_tesseract
@pytest.mark.ocr
@pytest.mark.parametrize("osd", [None, (90, 2.73)])
def test_a_page_turned_by_mistake_is_read_as_it_came(
    monkeypatch: pytest.MonkeyPatch, osd: tuple[int, float] | None
) -> None:
    """The text-line axis can call an upright page sideways (a table of narrow wrapped columns
    in a serif font, photographed; a skewed page whose rules took text lines with them) while
    OSD is unsure: the page was then read turned, a few words of a full page. Such a read is
    compared with the page read as it came, also when OSD, asked again, turns it the wrong way
    (a turned page's few words are confident junk, and upside down is no better)."""
    image, drawn = table_image((*ROWS, *ROWS[1:], *ROWS[1:]))  # a page's worth of marks
    monkeypatch.setattr(orientation, "osd_fallback_axis", lambda ink, shrunk=None: 90)
    monkeypatch.setattr(type(get_engine(no_cache())), "detect_orientation", lambda self, grey: osd)
    result = ocr_page_image(scanned(image, seed=4), page=1, points_per_pixel=PPP, settings=no_cache())
    assert result.rotation == 0
    cells = numeric(drawn)
    assert sum(found(cell, result.page.words) for cell in cells) >= 0.9 * len(cells)


@needs_tesseract
@pytest.mark.ocr
def test_small_print_the_triage_resolution_cannot_read_is_read_at_the_pages_own() -> None:
    """A page of 5 pt print read at the 100 dpi triage resolution gives garbled words: the page is
    read again at its own resolution before its words decide anything."""
    words = "Persentase penyampaian laporan pertanggungjawaban anggaran tepat waktu dan valid".split()
    image = Image.new("L", (1600, 2200), 255)
    draw = ImageDraw.Draw(image)
    f = font(round(5 * DPI / 72))
    for line in range(60):
        draw.text((120, 120 + 32 * line), " ".join(words[line % 3 :] + words[: line % 3]), fill=0, font=f)
    result = ocr_page_image(
        scanned(image, seed=5), page=1, points_per_pixel=PPP, settings=no_cache(), is_table_page=lambda w: False
    )
    assert result.dpi_passes == (DPI,)
    read = [w.text.lower() for w in result.page.words]
    assert sum(1 for w in read if w in {"pertanggungjawaban", "penyampaian", "persentase"}) >= 170


@needs_tesseract
@pytest.mark.ocr
def test_upside_down_page_is_fixed_after_a_poor_first_read(table: tuple[Image.Image, list[Drawn]]) -> None:
    image, drawn = table
    result = ocr_page_image(
        scanned(image, turn=180, seed=3), page=1, points_per_pixel=PPP, settings=no_cache()
    )
    assert result.rotation == 180
    cells = numeric(drawn)
    assert sum(found(cell, result.page.words) for cell in cells) >= 0.9 * len(cells)


@needs_tesseract
@pytest.mark.ocr
def test_a_hung_tesseract_call_becomes_a_timeout_error(table: tuple[Image.Image, list[Drawn]]) -> None:
    image, _ = table
    with pytest.raises(ExtractionTimeoutError, match="timeout_s") as caught:
        ocr_page_image(image, page=4, points_per_pixel=PPP, settings=no_cache(timeout_s=0.01))
    assert caught.value.page == 4


def looks_like_table(words: Sequence[Word]) -> bool:
    """Stand-in for the lead's predicate: several numbers on the page."""
    return sum(bool(re.search(r"\d[.,]\d", w.text)) for w in words) >= 4


@needs_tesseract
@pytest.mark.ocr
def test_two_pass_triage_rereads_only_the_table_band() -> None:
    image, drawn = table_image()
    page = Image.new("L", (image.width, image.height + 420), 255)
    draw = ImageDraw.Draw(page)
    f = font(round(10 * DPI / 72))
    for i, text in enumerate(("Laporan Kinerja Komisi Pemilihan Umum", "Capaian kinerja tahun ini baik")):
        draw.text((ORIGIN[0], 40 + 50 * i), text, font=f, fill=0)
    page.paste(image, (0, 200))
    draw.text((ORIGIN[0], image.height + 300), "Demikian laporan ini disusun", font=f, fill=0)
    result = ocr_page_image(
        scanned(page, seed=4),
        page=2,
        points_per_pixel=PPP,
        settings=no_cache(),
        is_table_page=looks_like_table,
    )
    assert result.dpi_passes == (100, DPI)
    texts = [w.text for w in result.page.words]
    assert "Laporan" in texts and "Demikian" in texts
    cells = numeric(drawn)
    hits = sum(found(cell, result.page.words, (0.0, 200 * PPP)) for cell in cells)
    assert hits >= 0.9 * len(cells), texts
    assert texts.count("26.030.287.000") == 1, "a cell must not come back from both passes"

    plain = ocr_page_image(
        scanned(page, seed=4),
        page=2,
        points_per_pixel=PPP,
        settings=no_cache(),
        is_table_page=lambda ws: False,
    )
    assert plain.dpi_passes == (100, DPI)  # a ruled grid earns the table pass on its own

    prose = Image.new("L", page.size, 255)
    ImageDraw.Draw(prose).text((ORIGIN[0], 40), "Demikian laporan ini disusun", font=f, fill=0)
    narrative = ocr_page_image(
        scanned(prose, seed=4),
        page=3,
        points_per_pixel=PPP,
        settings=no_cache(),
        is_table_page=lambda ws: False,
    )
    assert narrative.dpi_passes == (100,)


@needs_tesseract
@pytest.mark.ocr
def test_repair_numeric_cell_rereads_digits(table: tuple[Image.Image, list[Drawn]]) -> None:
    image, drawn = table
    cells = [d for d in numeric(drawn) if len(d.text) > 3][::2]
    settings = no_cache()
    noisy = scanned(image)
    right = 0
    for cell in cells:
        box = BBox(cell.box.x0 - 1, cell.box.top - 1, cell.box.x1 + 1, cell.box.bottom + 1)
        result = repair_numeric_cell(noisy, box, points_per_pixel=PPP, settings=settings)
        right += result is not None and result[0] == cell.text
    assert right >= 0.9 * len(cells)
    empty = BBox(ORIGIN[0] * PPP, 2 * PPP, 200 * PPP, 40 * PPP)
    assert repair_numeric_cell(image, empty, points_per_pixel=PPP, settings=settings) is None


@needs_tesseract
@pytest.mark.ocr
def test_multi_page_tiff_gives_one_page_per_frame(
    tmp_path: Path, table: tuple[Image.Image, list[Drawn]]
) -> None:
    image, drawn = table
    path = tmp_path / "ocr_scan.tiff"
    first, second = scanned(image, seed=5), scanned(image, angle=-1.0, seed=6)
    first.save(path, save_all=True, append_images=[second], dpi=(DPI, DPI), compression="tiff_deflate")
    results = list(ocr_image_file(path, settings=no_cache(jobs=1)))
    assert [r.page.number for r in results] == [1, 2]
    assert results[0].page.width == pytest.approx(image.width * PPP, abs=0.5)
    assert results[1].skew == pytest.approx(-1.0, abs=0.5)
    cells = numeric(drawn)
    assert sum(found(cell, results[0].page.words) for cell in cells) >= 0.9 * len(cells)


def scanned_pdf(path: Path, pages: Sequence[Image.Image], password: str | None = None) -> None:
    """An image-only PDF, one page per image, each page exactly the image's size at DPI."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), encrypt=password)
    for image in pages:
        size = (image.width * PPP, image.height * PPP)
        pdf.setPageSize(size)
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 0, 0, *size)
        pdf.showPage()
    pdf.save()


@needs_tesseract
@pytest.mark.ocr
@pytest.mark.slow
def test_pdf_pages_are_rendered_in_workers_and_yielded_in_order(
    tmp_path: Path, table: tuple[Image.Image, list[Drawn]]
) -> None:
    image, drawn = table
    path = tmp_path / "ocr_scan.pdf"
    scanned_pdf(path, [scanned(image, seed=7), scanned(image, turn=90, seed=8), scanned(image, seed=9)])
    results = list(ocr_pdf_pages(path, [3, 1, 2], settings=no_cache(jobs=2)))
    assert [r.page.number for r in results] == [3, 1, 2]
    assert [r.rotation for r in results] == [0, 0, 90]
    cells = numeric(drawn)
    for result in results:
        assert result.dpi_passes == (DPI, DPI)  # the page, then its ruled grid as a table band
        assert sum(found(cell, result.page.words, slack=5.0) for cell in cells) >= 0.9 * len(cells)
    with pytest.raises(ValueError, match="page 4 does not exist"):
        ocr_pdf_pages(path, [4], settings=no_cache())


def test_input_errors_are_lakip_errors(tmp_path: Path) -> None:
    settings = no_cache()
    with pytest.raises(InputNotFoundError):
        list(ocr_pdf_pages(tmp_path / "missing.pdf", [1], settings=settings))
    with pytest.raises(InputNotFoundError):
        list(ocr_image_file(tmp_path / "missing.png", settings=settings))
    bad_pdf = tmp_path / "ocr_truncated.pdf"
    bad_pdf.write_bytes(b"%PDF-1.7\n1 0 obj\n<<")
    with pytest.raises(CorruptInputError):
        list(ocr_pdf_pages(bad_pdf, [1], settings=settings))
    bad_png = tmp_path / "ocr_truncated.png"
    bad_png.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(CorruptInputError):
        list(ocr_image_file(bad_png, settings=settings))
    gif = tmp_path / "ocr_scan.gif"
    Image.new("L", (10, 10)).save(gif)
    with pytest.raises(UnsupportedInputError, match=r"\.png"):
        list(ocr_image_file(gif, settings=settings))


def test_lambda_predicate_is_refused_before_starting_workers(tmp_path: Path) -> None:
    path = tmp_path / "ocr_two_pages.pdf"
    scanned_pdf(path, [Image.new("L", (200, 100), 255)] * 2)
    with pytest.raises(ValueError, match="module-level function"):
        list(ocr_pdf_pages(path, [1, 2], settings=no_cache(jobs=2), is_table_page=lambda words: True))


def test_encrypted_pdf_needs_the_password(tmp_path: Path) -> None:
    path = tmp_path / "ocr_locked.pdf"
    scanned_pdf(path, [Image.new("L", (200, 100), 255)], password="rahasia")
    with pytest.raises(EncryptedInputError, match="password"):
        list(ocr_pdf_pages(path, [1], settings=no_cache()))


@needs_tesseract
@pytest.mark.ocr
def test_reread_restores_percent_and_joins_a_split_number_but_keeps_codes() -> None:
    """First readings as Tesseract gets them wrong inside table lines, over a clean image of
    the true text: the digits-only re-read fixes the numbers and leaves letter codes alone."""
    dpi = 300
    ppp = 72.0 / dpi
    image = Image.new("L", (1400, 520), 255)
    draw = ImageDraw.Draw(image)
    f = font(round(8 * dpi / 72))
    truth = ("90%", "33.801.000,-", "6709.QGE.001", "3.4", "84,98%")
    first = ("9096", "33.801 .000,-", "6709.0GE.001", "3.4", "84,98Yo")
    words = []
    for i, (text, misread) in enumerate(zip(truth, first, strict=True)):
        left, top, right, bottom = draw.textbbox((100, 40 + 95 * i), text, font=f)
        draw.text((100, 40 + 95 * i), text, font=f, fill=0)
        parts = misread.split(" ")
        width = (right - left) / len(misread)
        x = left
        for part in parts:
            x1 = x + width * len(part)
            words.append(Word(1, i + 1, 1, part, 80.0, x * ppp, top * ppp, x1 * ppp, bottom * ppp))
            x = x1 + width / 2  # Tesseract splits at a gap narrower than a space
    grey = np.asarray(scanned(image, seed=11))
    engine = get_engine(no_cache())

    def read(canvas: np.ndarray, config: str) -> tuple[Word, ...]:
        return engine.image_to_words(canvas, page=1, scale=1.0, config=config)

    fixed, replaced = reread_numbers(words, grey, ppp, [], 8 * 0.7, read)
    assert [w.text for w in fixed] == ["90%", "33.801.000,-", "6709.0GE.001", "3.4", "84,98%"]
    assert replaced == 3
    joined = fixed[1]
    assert joined.x0 == words[1].x0 and joined.x1 == words[2].x1, "the split number keeps both boxes"
    assert 0 < fixed[0].conf <= 100


def low_resolution_pdf(path: Path, image: Image.Image, dpi: int, seed: int) -> Image.Image:
    """``image`` (drawn at 300 DPI) scanned at ``dpi``: resampled, blurred, grainy, JPEG at 60,
    placed in an image-only PDF at its true size. Returns the scanned image."""
    import cv2
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    factor = dpi / 300
    small = cv2.resize(np.asarray(image), None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small.astype(np.float32), (0, 0), 0.8)
    small = small + np.random.default_rng(seed).normal(0, 2.5, small.shape)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(small, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=60)
    buffer.seek(0)
    scan = Image.open(buffer).convert("L")
    pdf = canvas.Canvas(str(path))
    size = (scan.width * 72 / dpi, scan.height * 72 / dpi)
    pdf.setPageSize(size)
    buffer.seek(0)
    pdf.drawImage(ImageReader(buffer), 0, 0, *size)
    pdf.showPage()
    pdf.save()
    return scan


def small_print_table(size: int = 8) -> tuple[Image.Image, list[Drawn]]:
    """A ruled budget table in 8 pt print at 300 DPI (the size KPU reports use), text positions in points."""
    dpi = 300
    ppp = 72.0 / dpi
    rows = [
        ("Kode", "Uraian", "Pagu (Rp)", "Realisasi (Rp)", "%"),
        ("6709.QGE.001", "Perencanaan dan Penganggaran", "426.483.000", "372.684.240", "87,38%"),
        ("6709.QGE.004", "Pelatihan Teknis Kepemiluan", "5.640.000", "5.618.832", "99,62%"),
        ("6867.QGE.002", "Honorarium Badan Adhoc", "5.617.450.000", "5.617.450.000", "100%"),
        ("6871.QGE.003", "Dokumentasi Logistik", "122.849.000", "122.114.996", "99,40%"),
        ("3355.EBD.955", "Layanan Manajemen Keuangan", "39.682.000", "35.272.900", "88,89%"),
        ("6890.QGE.002", "Pelaksanaan Proses Pencalonan", "20.530.000", "19.887.488", "96,87%"),
    ]
    widths, height, left, top = (260, 620, 330, 330, 190), 70, 150, 300
    image = Image.new("L", (left * 2 + sum(widths), top * 2 + height * len(rows)), 255)
    draw = ImageDraw.Draw(image)
    f = font(round(size * dpi / 72))
    drawn = []
    for r, row in enumerate(rows):
        x = left
        for c, text in enumerate(row):
            middle = top + r * height + height // 2
            anchor, where = ((x + widths[c] - 14, middle), "rm") if r and c > 1 else ((x + 14, middle), "lm")
            draw.text(anchor, text, font=f, fill=0, anchor=where)
            x0, y0, x1, y1 = draw.textbbox(anchor, text, font=f, anchor=where)
            drawn.append(Drawn(text, BBox(x0 * ppp, y0 * ppp, x1 * ppp, y1 * ppp)))
            x += widths[c]
    for r in range(len(rows) + 1):
        draw.line([(left, top + r * height), (left + sum(widths), top + r * height)], fill=0, width=3)
    x = left
    for c in range(len(widths) + 1):
        draw.line([(x, top), (x, top + height * len(rows))], fill=0, width=3)
        x += widths[c] if c < len(widths) else 0
    return image, drawn


@needs_tesseract
@pytest.mark.ocr
def test_a_150_dpi_scan_is_rendered_at_its_own_resolution_and_read_like_300(tmp_path: Path) -> None:
    image, drawn = small_print_table()
    path = tmp_path / "ocr_150dpi.pdf"
    scan = low_resolution_pdf(path, image, 150, seed=12)
    pdf = open_pdf(path, None)
    try:
        assert source_dpi(pdf[0]) == pytest.approx(150, abs=1)
        rendered, ppp = render_pdf_page(pdf, 1, 300)
    finally:
        pdf.close()
    assert np.asarray(rendered).shape == pytest.approx((scan.height * 2, scan.width * 2), abs=2)
    assert ppp == pytest.approx(72 / 300, rel=0.01)
    result = next(ocr_pdf_pages(path, [1], settings=OcrSettings(cache_dir="off", jobs=1)))
    cells = numeric(drawn)
    hits = [cell.text for cell in cells if found(cell, result.page.words, slack=5.0)]
    assert len(hits) >= 0.95 * len(cells), sorted({c.text for c in cells} - set(hits))
