"""The in-process engine (tesserocr) against the CLI engine (pytesseract) on images drawn here.

Both read the same small table and sentence with real Tesseract and must give the same words at
the same places. "auto" takes the first working engine of ``auto_order()`` (tesserocr only when it runs the
binary's own libtesseract):
without tesserocr (the module hidden) it is the binary, without the binary tesserocr. No timings
are asserted.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

import extractor.ocr.engines as page_module
from extractor.errors import MissingDependencyError
from extractor.models import Word
from extractor.ocr import ENGINES, OcrSettings, get_engine, ocr_page_image, tesserocr_engine
from extractor.ocr.engines import AUTO_ORDER, ENGINE_ENV, auto_order
from extractor.ocr.reread import READ_CONFIG
from extractor.ocr.tesseract import TesseractEngine
from extractor.ocr.tesserocr_engine import TesserocrEngine, parse_config, tessdata_dir

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DPI = 200
PPP = 72.0 / DPI

# tesserocr has wheels for Linux and Windows only (the `ocr-fast` extra, part of `dev`); where it
# is installable a missing module or binary fails these tests rather than skipping them
needs_both = pytest.mark.skipif(
    sys.platform not in ("linux", "win32"), reason="tesserocr has no wheel for this platform"
)

LINES = (
    "Laporan Kinerja Instansi Pemerintah Tahun 2024",
    "Persentase layanan 26.030.287.000 84,98%",
    "Indeks kepuasan masyarakat 1.250.000 95,00%",
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default(size)


def drawn_page() -> np.ndarray:
    image = Image.new("L", (1500, 420), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(LINES):
        draw.text((60, 60 + 110 * i), line, font=_font(round(11 * DPI / 72)), fill=0)
    return np.asarray(image).copy()


def _read(engine: str, image: np.ndarray, config: str, lang: str | None = None) -> tuple[Word, ...]:
    found = get_engine(OcrSettings(cache_dir="off", engine=engine))
    return found.image_to_words(image, page=3, scale=PPP, config=config, lang=lang)


def _same_words(a: tuple[Word, ...], b: tuple[Word, ...]) -> None:
    assert [w.text for w in a] == [w.text for w in b]
    assert [(w.page, w.line, w.word) for w in a] == [(w.page, w.line, w.word) for w in b]
    for x, y in zip(a, b, strict=True):
        assert abs(x.x0 - y.x0) <= 1.5 and abs(x.x1 - y.x1) <= 1.5, (x, y)
        assert abs(x.top - y.top) <= 1.5 and abs(x.bottom - y.bottom) <= 1.5, (x, y)
        assert x.conf == int(x.conf) and y.conf == int(y.conf), "whole-number confidences, as the CLI's"


def test_options_are_parsed_like_the_command_line() -> None:
    assert parse_config("--psm 6 --dpi 300") == (6, 300, ())
    psm, dpi, variables = parse_config(READ_CONFIG)
    assert psm == 6 and dpi is None
    assert dict(variables) == {
        "tessedit_char_whitelist": "0123456789.,%-",
        "load_system_dawg": "0",
        "load_freq_dawg": "0",
    }
    with pytest.raises(ValueError, match="--oem"):
        parse_config("--oem 1")


def test_registered_once_beside_the_binary() -> None:
    assert ENGINES["tesserocr"] is TesserocrEngine
    assert ENGINES["tesseract"] is TesseractEngine
    assert OcrSettings().engine == "auto"


@pytest.mark.ocr
@needs_both
@pytest.mark.parametrize("config", ["--psm 3", "--psm 6"])
def test_both_engines_find_the_same_words(config: str) -> None:
    image = drawn_page()
    cli, in_process = _read("tesseract", image, config), _read("tesserocr", image, config)
    _same_words(cli, in_process)
    text = " ".join(w.text for w in in_process)
    for expected in ("Laporan", "26.030.287.000", "84,98%", "masyarakat"):
        assert expected in text
    assert all(w.page == 3 for w in in_process)


@pytest.mark.ocr
@needs_both
def test_both_engines_read_digits_only_alike() -> None:
    image = drawn_page()[150:280]
    cli = _read("tesseract", image, READ_CONFIG, lang="eng")
    in_process = _read("tesserocr", image, READ_CONFIG, lang="eng")
    _same_words(cli, in_process)
    assert all(set(w.text) <= set("0123456789.,%-") for w in in_process)
    assert "26.030.287.000" in "".join(w.text for w in in_process)


@pytest.mark.ocr
@needs_both
def test_both_engines_tell_a_turned_page_alike() -> None:
    lines = Image.new("L", (1400, 1000), 255)
    draw = ImageDraw.Draw(lines)
    for i in range(12):
        draw.text((40, 40 + 75 * i), "Capaian kinerja sasaran strategis tahun 2024", font=_font(40), fill=0)
    turned = np.rot90(np.asarray(lines)).copy()  # a quarter turn anticlockwise
    cli = get_engine(OcrSettings(engine="tesseract")).detect_orientation(turned)
    in_process = get_engine(OcrSettings(engine="tesserocr")).detect_orientation(turned)
    assert cli is not None and in_process is not None
    assert cli[0] == in_process[0] == 90
    assert in_process[1] == round(in_process[1], 2)


@pytest.mark.ocr
@needs_both
def test_auto_takes_the_first_working_engine_and_the_environment_can_choose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENGINE_ENV, raising=False)
    assert get_engine(OcrSettings()).name == auto_order()[0]
    for name in ENGINES:
        monkeypatch.setenv(ENGINE_ENV, name)
        assert get_engine(OcrSettings()).name == name
    monkeypatch.setenv(ENGINE_ENV, "tesseract")
    assert get_engine(OcrSettings(engine="tesserocr")).name == "tesserocr", "a named engine wins"
    assert tessdata_dir().endswith("/")


def test_auto_puts_tesserocr_first_only_when_it_runs_the_binarys_library(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    same = tesserocr_engine.reads_as_the_binary.__wrapped__
    monkeypatch.setattr(tesserocr_engine, "tesseract_version", lambda: "5.3.0")
    monkeypatch.setattr(tesserocr_engine, "tesserocr_version", lambda: "5.5.4 (tesserocr 2.13.0)")
    assert not same(), "the wheel's bundled 5.5.4 reads tables differently"
    monkeypatch.setattr(tesserocr_engine, "tesserocr_version", lambda: "5.3.0 (tesserocr 2.13.0)")
    assert same()

    def missing() -> str:
        raise MissingDependencyError("tesserocr is not installed")

    monkeypatch.setattr(tesserocr_engine, "tesserocr_version", missing)
    assert not same()
    monkeypatch.setattr(page_module, "reads_as_the_binary", lambda: True)
    assert auto_order() == ("tesserocr", "tesseract")
    monkeypatch.setattr(page_module, "reads_as_the_binary", lambda: False)
    assert auto_order() == AUTO_ORDER == ("tesseract", "tesserocr")


@pytest.mark.ocr
def test_auto_falls_back_to_the_binary_without_tesserocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tesserocr", None)  # `import tesserocr` now raises ImportError
    monkeypatch.setattr(page_module, "_unusable", {})
    monkeypatch.setattr(page_module, "AUTO_ORDER", ("tesserocr", "tesseract"))
    monkeypatch.delenv(ENGINE_ENV, raising=False)
    with pytest.raises(MissingDependencyError, match="pip install tesserocr"):
        get_engine(OcrSettings(engine="tesserocr"))
    engine = get_engine(OcrSettings())
    assert isinstance(engine, TesseractEngine)
    words = engine.image_to_words(drawn_page(), page=1, scale=PPP, config="--psm 6")
    assert "Laporan" in [w.text for w in words]
    assert page_module._unusable, "the failure is remembered for this process"


@pytest.mark.ocr
@needs_both
def test_auto_falls_back_to_tesserocr_without_the_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract

    from extractor.ocr import tesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    monkeypatch.setattr(page_module, "_unusable", {})
    monkeypatch.setattr(page_module, "AUTO_ORDER", ("tesseract", "tesserocr"))
    monkeypatch.delenv(ENGINE_ENV, raising=False)
    tesseract.tesseract_version.cache_clear()
    tesseract._installed_languages.cache_clear()
    try:
        engine = get_engine(OcrSettings())
    finally:
        tesseract.tesseract_version.cache_clear()
        tesseract._installed_languages.cache_clear()
    assert isinstance(engine, TesserocrEngine)
    assert "Laporan" in [w.text for w in engine.image_to_words(drawn_page(), page=1, scale=PPP)]


@pytest.mark.ocr
@needs_both
def test_a_missing_language_is_a_missing_dependency() -> None:
    with pytest.raises(MissingDependencyError, match="zzz"):
        TesserocrEngine(OcrSettings(lang="zzz"))


@pytest.mark.ocr
@needs_both
def test_the_cache_keeps_the_engines_apart(tmp_path: Path) -> None:
    image = drawn_page()
    read = {}
    for engine in ("tesseract", "tesserocr", "tesserocr"):
        settings = OcrSettings(cache_dir=tmp_path, jobs=1, engine=engine, table_dpi=DPI)
        result = ocr_page_image(image, page=1, points_per_pixel=PPP, settings=settings)
        read.setdefault(engine, []).append(result)
    assert not read["tesseract"][0].from_cache
    assert not read["tesserocr"][0].from_cache, "another engine's reading is not reused"
    assert read["tesserocr"][1].from_cache
    assert [w.text for w in read["tesserocr"][0].page.words] == [w.text for w in read["tesseract"][0].page.words]


@pytest.mark.ocr
@needs_both
def test_a_reading_over_the_time_limit_is_a_timeout_error() -> None:
    from extractor.errors import ExtractionTimeoutError

    engine = TesserocrEngine(OcrSettings(timeout_s=0.01))
    with pytest.raises(ExtractionTimeoutError, match="timeout_s"):
        engine.image_to_words(np.tile(drawn_page(), (6, 2)), page=4, scale=PPP, config="--psm 3")
    relaxed = TesserocrEngine(OcrSettings())
    words = relaxed.image_to_words(drawn_page(), page=4, scale=PPP, config="--psm 6")
    assert "Laporan" in [w.text for w in words], "the same API reads again after a cancelled reading"
