"""Hostile and broken inputs, generated here: every one ends in its documented exit code and a
single ``error:`` line naming the file, fast, without a crash or a runaway worker.

Ingest-level checks live in test_ingest.py; this file drives the whole corpus through the CLI
once, and adds what only the pipeline can show: PDF bombs, image-only pages, the per-file time
limit and memory on a 1,000-page report.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from cli import app
from extractor.errors import (
    CorruptInputError,
    ExitCode,
    ExtractionTimeoutError,
    NoContentError,
    TooLargeError,
)
from extractor.ingest import IngestSettings, decode_text, open_input
from extractor.ocr import OcrSettings
from extractor.pages import TriageSettings, triage_pdf
from extractor.pipeline import ExtractSettings, extract
from tests.conftest import ROOT, encrypted_pdf, hand_pdf, table_pdf

runner = CliRunner()
DEEP = 100_000  # nesting levels in the hand-written bombs
NO_OCR = ExtractSettings(ocr_mode="never")


# --------------------------------------------------------------------------- the corpus


CATALOG = b"<</Type/Catalog/Pages 2 0 R>>"
ONE_KID = b"<</Type/Pages/Kids[3 0 R]/Count 1>>"
UNCLOSED_CATALOG = b"<</Type/Catalog/Pages 2 0 R/Junk " + b"[" * DEEP  # never closed


def one_page(page_extra: bytes = b"", media_box: bytes = b"[0 0 595 842]", content: bytes = b"") -> bytes:
    page = b"<</Type/Page/Parent 2 0 R/MediaBox" + media_box + page_extra
    objects = [CATALOG, ONE_KID]
    if content:
        page += b"/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>"
        stream = b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream"
        objects += [page + b">>", stream, b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"]
    else:
        objects.append(page + b">>")
    return hand_pdf(objects)


TEXT = b"BT /F1 11 Tf 72 760 Td (Laporan Kinerja KPU Kota Prabumulih Tahun 2024) Tj ET"


def deep_page_tree() -> bytes:
    """A chain of DEEP /Pages nodes, each the only kid of the one before."""
    objects = [CATALOG]
    for level in range(DEEP):
        parent = b"/Parent %d 0 R" % (level + 1) if level else b""
        objects.append(b"<</Type/Pages/Kids[%d 0 R]/Count 1%s>>" % (level + 3, parent))
    objects.append(b"<</Type/Page/Parent %d 0 R/MediaBox[0 0 595 842]>>" % (DEEP + 1))
    return hand_pdf(objects)


def image_pdf(path: Path, pages: list[str]) -> Path:
    """Small pages: 'text' has a text layer, 'noise' and 'blank' are one full-page image each."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(300, 300), invariant=1)
    for kind in pages:
        if kind == "text":
            c.setFont("Helvetica", 10)
            c.drawString(20, 250, "Laporan Kinerja KPU Kota Prabumulih Tahun 2024")
            c.drawString(20, 230, "Capaian kinerja tahun ini sesuai dengan target.")
        else:
            pixels = (
                np.random.default_rng(7).integers(0, 256, (150, 150), dtype=np.uint8)
                if kind == "noise"
                else np.full((150, 150), 255, dtype=np.uint8)
            )
            c.drawImage(ImageReader(Image.fromarray(pixels)), 0, 0, 300, 300)
        c.showPage()
    c.save()
    return path


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (64, 64), 200).save(buffer, "JPEG")
    return buffer.getvalue()


def write(data: bytes) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return build


def truncated(path: Path) -> Path:
    good = table_pdf(path.with_name("good.pdf"), ruled=True).read_bytes()
    path.write_bytes(good[: len(good) // 3])
    return path


# id -> (file name, builder, extra CLI arguments, exit code, fragment of the error line)
BAD: dict[str, tuple[str, Callable[[Path], Path] | None, list[str], ExitCode, str]] = {
    "missing": ("missing.pdf", None, [], ExitCode.INPUT_NOT_FOUND, "no such file"),
    "zero-bytes": ("empty.pdf", write(b""), [], ExitCode.NO_CONTENT, "0 bytes"),
    "jpeg-named-pdf": ("photo.pdf", write(jpeg_bytes()), [], ExitCode.UNSUPPORTED_INPUT, "rename"),
    "random-binary": ("data.dat", write(bytes(range(256)) * 8), [], ExitCode.UNSUPPORTED_INPUT, "binary"),
    "unreadable-png": ("scan.png", write(b"\x01\x02 not a png" * 20), [], ExitCode.CORRUPT_INPUT, "image"),
    "header-only-pdf": ("broken.pdf", write(b"%PDF-1.7\n" + b"\x00junk" * 200), [], ExitCode.CORRUPT_INPUT, "damaged"),
    "truncated-pdf": ("truncated.pdf", truncated, [], ExitCode.CORRUPT_INPUT, "damaged"),
    "zero-pages": ("zero.pdf", write(hand_pdf([CATALOG, b"<</Type/Pages/Kids[]/Count 0>>"])), [], ExitCode.NO_CONTENT, "no pages"),
    "encrypted-no-password": ("secret.pdf", lambda p: encrypted_pdf(p, "rahasia"), [], ExitCode.ENCRYPTED_INPUT, "--password"),
    "encrypted-wrong-password": ("secret.pdf", lambda p: encrypted_pdf(p, "rahasia"), ["--password", "salah"], ExitCode.ENCRYPTED_INPUT, "wrong password"),
    "huge-page": ("bomb.pdf", write(one_page(media_box=b"[0 0 200000 200000]")), [], ExitCode.TOO_LARGE, "page-size limit"),
    "deep-page-tree": ("deep-tree.pdf", write(deep_page_tree()), [], ExitCode.CORRUPT_INPUT, "page tree"),
    "page-tree-cycle": ("cycle.pdf", write(hand_pdf([CATALOG, b"<</Type/Pages/Kids[2 0 R 3 0 R]/Count 2>>", b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"])), [], ExitCode.CORRUPT_INPUT, "page tree"),
    "deep-array-unclosed": ("deep-open.pdf", write(hand_pdf([UNCLOSED_CATALOG, ONE_KID, b"<</Type/Page/Parent 2 0 R>>"])), [], ExitCode.CORRUPT_INPUT, "damaged"),
    "deep-array-on-blank-page": ("deep-array.pdf", write(one_page(b"/Junk " + b"[" * DEEP + b"]" * DEEP)), [], ExitCode.NO_CONTENT, "no text"),
    "blank-page": ("blank.pdf", write(one_page()), [], ExitCode.NO_CONTENT, "no text"),
    "image-only-ocr-never": ("scanned.pdf", lambda p: image_pdf(p, ["noise", "noise"]), ["--ocr", "never"], ExitCode.NO_CONTENT, "--ocr auto"),
    "whitespace-text": ("blank.txt", write(b" \r\n\t\n" * 10), [], ExitCode.NO_CONTENT, "white space"),
    "damaged-utf16": ("dump.txt", write(b"\xff\xfeL\x00a\x00p"), [], ExitCode.CORRUPT_INPUT, "byte-order mark"),
}  # fmt: skip


def invoke(path: Path, out: Path, *extra: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["extract", str(path), "-o", str(out), *extra])
    return result.exit_code, [line for line in result.output.splitlines() if line.strip()]


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_input_gives_exit_code_and_one_error_line(tmp_path: Path, case: str) -> None:
    name, build, extra, code, fragment = BAD[case]
    path = tmp_path / name
    if build is not None:
        path = build(path)
    exit_code, lines = invoke(path, tmp_path / "out", *extra)
    assert exit_code == code, lines
    assert len(lines) == 1, lines
    assert lines[0].startswith("error:") and name in lines[0] and fragment in lines[0], lines[0]
    assert not (tmp_path / "out" / f"{path.stem}.json").exists()


def test_real_cli_prints_only_the_error_lines(tmp_path: Path) -> None:
    """In a real process no logging handler is captured: stray library warnings would show here."""
    paths = []
    for case, (name, build, extra, _, _) in BAD.items():
        if extra:
            continue
        folder = tmp_path / case
        folder.mkdir()
        paths.append(build(folder / name) if build else folder / name)
    command = [sys.executable, str(ROOT / "cli.py"), "extract", *map(str, paths), "-o", str(tmp_path / "out")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == ExitCode.PARTIAL, done.stderr
    assert done.stdout.strip() == ""
    lines = done.stderr.splitlines()
    assert len(lines) == len(paths), lines
    for path, line in zip(paths, lines, strict=True):
        assert line.startswith("error: ") and str(path) in line, line


# --------------------------------------------------------------------------- readable oddities

DUMP = """Laporan Kinerja KPU Kabupaten Bireuën Tahun 2024

Tabel 3.1 Pengukuran Kinerja Tahun 2024

| No | Indikator Kinerja | Target | Realisasi | Capaian |
|---|---|---|---|---|
| 1 | Persentase pemilih Bireuën yang terdaftar | 90% | 85% | 94,44% |
| 2 | Persentase laporan keuangan tepat waktu | 100% | 99,5% | 99,5% |
"""


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("cp1252", b""),
        ("latin-1", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
    ],
)
def test_text_dumps_in_any_common_encoding_extract_the_same(
    tmp_path: Path, encoding: str, bom: bytes
) -> None:
    path = tmp_path / f"dump-{encoding}.txt"
    path.write_bytes(bom + DUMP.encode(encoding))
    exit_code, lines = invoke(path, tmp_path)
    assert exit_code == ExitCode.OK, lines
    data = json.loads((tmp_path / f"{path.stem}.json").read_text(encoding="utf-8"))
    labels = [i["label"] for i in data["indicators"]]
    assert "Persentase pemilih Bireuën yang terdaftar" in labels
    assert [i["realisasi"] for i in data["indicators"]] == [85.0, 99.5]


def test_decode_text_trusts_byte_order_marks() -> None:
    assert decode_text(b"\xff\xfeA\x00") == ("A", "utf-16")
    assert decode_text(b"\xfe\xff\x00A") == ("A", "utf-16")
    assert decode_text(b"\xff\xfe\x00\x00A\x00\x00\x00") == ("A", "utf-32")
    assert decode_text(b"\xef\xbb\xbfA") == ("A", "utf-8-sig")
    assert decode_text("é".encode("cp1252")) == ("é", "cp1252")
    with pytest.raises(CorruptInputError, match=r"dump\.txt: text starts with a UTF-16"):
        decode_text(b"\xff\xfeA", "dump.txt")


def test_encrypted_pdf_opens_with_its_password(tmp_path: Path) -> None:
    pdf = encrypted_pdf(tmp_path / "secret.pdf", "rahasia")
    exit_code, lines = invoke(pdf, tmp_path / "out", "--password", "rahasia", "--ocr", "never")
    assert exit_code == ExitCode.OK, lines
    data = json.loads((tmp_path / "out" / "secret.json").read_text(encoding="utf-8"))
    assert data["satker"]["name"] == "KPU Kota Prabumulih"


# --------------------------------------------------------------------------- PDF bombs


def test_page_size_is_checked_before_anything_renders(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(one_page(media_box=b"[0 0 595 200000]", content=TEXT))
    with pytest.raises(TooLargeError, match="page 1: page is 595 x 200000 pt") as info:
        open_input(bomb)
    assert info.value.exit_code == ExitCode.TOO_LARGE
    a4 = table_pdf(tmp_path / "a4.pdf", ruled=True)
    assert open_input(a4).pages == 2
    with pytest.raises(TooLargeError, match="page 1: page is 595 x 842 pt, over the 600 pt"):
        open_input(a4, IngestSettings(max_page_points=600))


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (deep_page_tree, CorruptInputError),
        (lambda: hand_pdf([UNCLOSED_CATALOG, ONE_KID, b"<</Type/Page/Parent 2 0 R>>"]), CorruptInputError),
        (lambda: one_page(b"/Junk " + b"[" * DEEP + b"]" * DEEP, content=TEXT), None),
        # PDFium gives up on the whole page dictionary here, so the page reads as empty
        (lambda: one_page(b"/Junk " + b"<</A " * DEEP + b">>" * DEEP, content=TEXT), NoContentError),
        (lambda: one_page(content=b"q " * DEEP + TEXT + b" Q" * DEEP), None),
    ],
    ids=["page-tree", "unclosed-array", "array-beside-text", "dictionary-beside-text", "graphics-state"],
)
def test_deep_nesting_fails_fast_and_cleanly(
    tmp_path: Path, build: Callable[[], bytes], error: type[Exception] | None
) -> None:
    """Refused with a clean error, or the nesting PDFium will not follow is dropped and the rest reads."""
    path = tmp_path / "deep.pdf"
    path.write_bytes(build())
    if error is None:
        doc = extract(path, NO_OCR)
        assert doc.status == "ok" and doc.satker.name == "KPU Kota Prabumulih"
    else:
        with pytest.raises(error) as info:
            extract(path, NO_OCR)
        assert str(info.value).startswith(f"{path}") and "\n" not in str(info.value)


# --------------------------------------------------------------------------- image-only pages


def test_image_page_under_ocr_never_is_a_page_error_not_ok(tmp_path: Path) -> None:
    pdf = image_pdf(tmp_path / "mixed.pdf", ["text", "noise"])
    doc = extract(pdf, NO_OCR)
    assert doc.status != "ok"
    assert [(e.page, e.code) for e in doc.errors] == [(2, "ocr_skipped")]
    assert doc.stats["pages_ocr"] == 0
    exit_code, lines = invoke(pdf, tmp_path / "out", "--ocr", "never")
    assert exit_code == ExitCode.PARTIAL
    warning = " ".join(lines[lines.index(next(ln for ln in lines if ln.startswith("warning:"))) :])
    assert "mixed.pdf page 2: image page not read" in warning and "--ocr auto" in warning
    data = json.loads((tmp_path / "out" / "mixed.json").read_text(encoding="utf-8"))
    assert data["status"] == doc.status and data["errors"][0]["code"] == "ocr_skipped"


def test_blank_pages_without_images_are_not_errors(tmp_path: Path) -> None:
    path = tmp_path / "separator.pdf"
    text_page = (
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 5 0 R/Resources<</Font<</F1 6 0 R>>>>>>"
    )
    stream = b"<</Length %d>>stream\n" % len(TEXT) + TEXT + b"\nendstream"
    font = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"
    blank = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"
    path.write_bytes(
        hand_pdf([CATALOG, b"<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2>>", text_page, blank, stream, font])
    )
    doc = extract(path, NO_OCR)
    assert doc.errors == () and doc.status == "ok" and doc.source.pages == 2


@pytest.mark.ocr
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_image_pages_go_to_ocr_under_auto(tmp_path: Path) -> None:
    settings = ExtractSettings(ocr=OcrSettings(jobs=1, cache_dir="off"))
    doc = extract(image_pdf(tmp_path / "mixed.pdf", ["text", "blank"]), settings)
    assert doc.stats["pages_ocr"] == 1 and doc.errors == () and doc.status == "ok"
    with pytest.raises(NoContentError, match="OCR found none"):
        extract(image_pdf(tmp_path / "blank.pdf", ["blank"]), settings)


# --------------------------------------------------------------------------- per-file time limit


@pytest.fixture(scope="module")
def long_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from samples.generate import load_gold, render_report

    out = tmp_path_factory.mktemp("long") / "long.pdf"
    render_report(
        load_gold(ROOT / "samples" / "gold" / "003_c112caca8715f4b7.json"), out, style="ruled", pad_pages=60
    )
    return out


def test_timeout_setting_is_validated() -> None:
    for bad in (0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="timeout"):
            ExtractSettings(timeout_s=bad)


def test_timeout_stops_between_pages_and_says_how_far_it_got(long_report: Path) -> None:
    limit = 1.5
    reached: list[tuple[int, int]] = []

    def slow_first_page(done: int, total: int) -> None:
        """The first page takes until just past the limit, as a runaway page would."""
        reached.append((done, total))
        time.sleep(max(0.0, limit - (time.perf_counter() - started)) + 0.05)

    started = time.perf_counter()
    with pytest.raises(ExtractionTimeoutError) as info:
        extract(long_report, ExtractSettings(ocr_mode="never", timeout_s=limit), slow_first_page)
    message = str(info.value)
    assert info.value.exit_code == ExitCode.TIMEOUT
    assert len(reached) == 1 and reached[0][0] == 1 and reached[0][1] > 1  # stopped after one page
    assert message.startswith(f"{long_report}: stopped after") and "\n" not in message
    assert f"(limit 1.5 s) reading table pages (1 of {reached[0][1]} pages done)" in message


def test_a_generous_timeout_lets_the_file_finish(long_report: Path) -> None:
    doc = extract(long_report, ExtractSettings(ocr_mode="never", timeout_s=600))
    assert doc.status == "ok" and doc.indicators and doc.source.pages >= 60


def test_timeout_is_checked_for_text_dumps(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(DUMP, encoding="utf-8")
    with pytest.raises(ExtractionTimeoutError, match=r"dump\.txt: stopped after .* after checking the file"):
        extract(path, ExtractSettings(timeout_s=1e-9))


def test_timeout_holds_during_matching_and_audit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--timeout was checked only between stages: a 100 MB one-line text ran 162 s past it."""
    import extractor.pipeline as pipeline

    real_audit = pipeline.run_audit

    def slow_audit(*args: object, **kwargs: object) -> object:
        time.sleep(8)  # stands for matching and audit of a huge text
        return real_audit(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "run_audit", slow_audit)
    path = tmp_path / "dump.txt"
    path.write_text(DUMP, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ExtractionTimeoutError, match=r"limit 1 s\) while matching, auditing"):
        extract(path, ExtractSettings(timeout_s=1.0))
    assert time.perf_counter() - started < 1.0 + pipeline.ALARM_GRACE_S + 1.0
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL  # the alarm is put back


def test_out_of_memory_is_too_large_not_internal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text under the size limit took more than 7 GB and ended in MemoryError, exit 70."""
    import extractor.pipeline as pipeline

    def exhausted(*args: object, **kwargs: object) -> object:
        raise MemoryError

    monkeypatch.setattr(pipeline, "parse_text_dump", exhausted)
    path = tmp_path / "dump.txt"
    path.write_text(DUMP, encoding="utf-8")
    code, lines = invoke(path, tmp_path / "out")
    assert code == ExitCode.TOO_LARGE and lines[0].startswith("error:") and "memory" in lines[0]


def test_overlong_lines_are_refused_before_parsing(tmp_path: Path) -> None:
    """One 100 MB line: memory grows with line length in the table parsers, so it is refused."""
    path = tmp_path / "one-line.txt"
    path.write_text("Indikator Kinerja 80% " * 10_000, encoding="utf-8")
    with pytest.raises(TooLargeError, match="line 1 is 220,000 characters"):
        open_input(path)
    assert open_input(path, IngestSettings(max_line_chars=300_000)).kind == "text"


# --------------------------------------------------------------------------- a 1,000-page report

_MEASURE = """
import json, resource, sys, time
from pathlib import Path
from extractor.pipeline import ExtractSettings, extract
started = time.perf_counter()
doc = extract(Path(sys.argv[1]), ExtractSettings(ocr_mode="never"))
print(json.dumps({
    "status": doc.status, "pages": doc.source.pages, "indicators": len(doc.indicators),
    "budget": len(doc.budget), "seconds": time.perf_counter() - started,
    "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
"""


def _measure(pdf: Path) -> dict[str, float]:
    """Extract in a fresh interpreter: ru_maxrss only ever grows, so each size needs its own."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(pdf)], capture_output=True, text=True, timeout=600, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_thousand_page_report_completes_in_bounded_memory(tmp_path: Path) -> None:
    from samples.generate import load_gold, render_report

    gold = load_gold(ROOT / "samples" / "gold" / "002_71f42d07af92d301.json")
    small, large = tmp_path / "r100.pdf", tmp_path / "r1000.pdf"
    render_report(gold, small, style="ruled", pad_pages=100)
    render_report(gold, large, style="ruled", pad_pages=1000)
    a, b = _measure(small), _measure(large)
    assert (a["pages"], b["pages"]) == (100, 1000)
    assert a["status"] == b["status"] == "ok"
    assert (b["indicators"], b["budget"]) == (a["indicators"], a["budget"]) != (0, 0)  # padding adds no rows
    assert b["peak_kb"] < 2 * a["peak_kb"] + 100 * 1024, (a, b)


def broken_tounicode_pdf(path: Path) -> Path:
    """A table page whose font maps 'X' to a lone surrogate (and 'Y' to an astral character, which
    makes PDFium's text differ in length and be read character by character)."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
        b"1 begincodespacerange <00> <FF> endcodespacerange "
        b"2 beginbfchar <58> <D800> <59> <D83DDE00> endbfchar "
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    rows = [(b"Indikator Kinerja", b"Target", b"Realisasi", b"Capaian")]
    rows += [(b"Persentase partisipasi X Y %d" % i, b"77,5%", b"80,1%", b"103,35%") for i in range(1, 9)]
    content = b"BT /F1 10 Tf 72 780 Td (Laporan Kinerja KPU Kota Prabumulih Tahun 2024) Tj ET "
    for k, row in enumerate(rows):
        for x, cell in zip((60, 300, 380, 460), row, strict=True):
            content += b"BT /F1 10 Tf %d %d Td (%s) Tj ET " % (x, 740 - 20 * k, cell)

    def stream(data: bytes) -> bytes:
        return b"<</Length %d>>stream\n" % len(data) + data + b"\nendstream"

    page = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>"
    font = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/ToUnicode 6 0 R>>"
    path.write_bytes(hand_pdf([CATALOG, ONE_KID, page, stream(content), font, stream(cmap)]))
    return path


def test_lone_surrogates_in_a_text_layer_are_replaced_and_recorded(tmp_path: Path) -> None:
    """A broken ToUnicode map once lost the whole document (UnicodeEncodeError, exit 70)."""
    pdf = broken_tounicode_pdf(tmp_path / "surrogates.pdf")
    code, lines = invoke(pdf, tmp_path / "out", "--ocr", "never")
    assert code == ExitCode.OK, lines
    data = json.loads((tmp_path / "out" / "surrogates.json").read_text(encoding="utf-8"))
    assert data["status"] == "ok" and data["indicators"]
    assert "\ufffd" in data["indicators"][0]["label_raw"]
    repair = [f for f in data["flags"] if f["code"] == "text_repaired"]
    assert repair and repair[0]["values"]["chars_replaced"] >= 8
    assert data["stats"]["chars_replaced"] == repair[0]["values"]["chars_replaced"]


def test_a_file_name_that_is_not_utf8_still_extracts(seed_dir: Path, tmp_path: Path) -> None:
    """A name with a byte that is not UTF-8 (kept as a lone surrogate) crashed the JSON writer."""
    name = os.fsdecode(b"laporan\xff.txt")
    shutil.copy(seed_dir / "002_71f42d07af92d301.txt", tmp_path / name)
    code, lines = invoke(tmp_path / name, tmp_path / "out")
    assert code == ExitCode.OK, lines
    (written,) = (tmp_path / "out").glob("*.json")
    assert json.loads(written.read_text(encoding="utf-8"))["source"]["file"] == "laporan\ufffd.txt"


# --------------------------------------------------------------------------- garbage text layers


def glyph_proc(ch: str, width: int) -> bytes:
    """A Type3 glyph: the character drawn by Pillow (Vera, 100 px per em), one rectangle per run of
    inked pixels, in 1000-unit glyph space."""
    import reportlab
    from PIL import ImageDraw, ImageFont

    font = ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), 100)
    w = max(1, round(width / 10))
    img = Image.new("1", (w, 125), 0)
    ImageDraw.Draw(img).text((0, 100), ch, font=font, fill=1, anchor="ls")
    ink = np.array(img, dtype=bool)
    rects = []
    for y, row in enumerate(ink):
        edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
        for start, stop in zip(edges[::2], edges[1::2], strict=True):
            rects.append(b"%d %d %d 10 re" % (start * 10, 990 - 10 * y, (stop - start) * 10))
    return b"%d 0 0 -250 %d 1000 d1 " % (width, width) + b" ".join(rects) + b" f"


def type3_pdf(lines: list[tuple[int, int, int, str]], letters: bool = False) -> bytes:
    """Text drawn by a Type3 font whose codes are a scramble and which has no ToUnicode map: the
    page shows the right text, its text layer is meaningless (``letters``: lower-case letters only,
    words that look plausible, for an alphabet of 26 characters at most)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    alphabet = sorted({ch for _, _, _, text in lines for ch in text})
    base = ord("a") if letters else 0x21
    codes = {ch: base + (i * 7) % len(alphabet) for i, ch in enumerate(alphabet)}  # meaningless order
    by_code = {code: ch for ch, code in codes.items()}
    first, last = base, base + len(alphabet) - 1
    widths = {code: round(stringWidth(by_code[code], "Helvetica", 1000)) for code in range(first, last + 1)}

    def stream(data: bytes) -> bytes:
        return b"<</Length %d>>stream\n" % len(data) + data + b"\nendstream"

    def literal(data: bytes) -> bytes:
        return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    content = b"".join(
        b"BT /T3 %d Tf %d %d Td (%s) Tj ET\n" % (size, x, y, literal(bytes(codes[ch] for ch in text)))
        for x, y, size, text in lines
    )
    page = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</T3 5 0 R>>>>>>"
    font = (
        b"<</Type/Font/Subtype/Type3/FontBBox[0 -250 1000 1000]/FontMatrix[0.001 0 0 0.001 0 0]"
        b"/CharProcs 6 0 R/Encoding<</Type/Encoding/Differences[%d %s]>>/FirstChar %d/LastChar %d/Widths[%s]>>"
        % (
            first,
            b" ".join(b"/g%d" % code for code in widths),
            first,
            last,
            b" ".join(b"%d" % w for w in widths.values()),
        )
    )
    procs = b"<<" + b" ".join(b"/g%d %d 0 R" % (code, 7 + i) for i, code in enumerate(widths)) + b">>"
    glyphs = [stream(glyph_proc(by_code[code], w)) for code, w in widths.items()]
    return hand_pdf([CATALOG, ONE_KID, page, stream(content), font, procs, *glyphs])


def unreadable_report(path: Path) -> Path:
    labels = ["Persentase partisipasi pemilih", "Indeks kepuasan layanan publik", "Nilai SAKIP"]
    lines = [(60, 790, 12, "LAPORAN KINERJA KPU KOTA PRABUMULIH TAHUN 2024")]
    rows = [("No", "Indikator Kinerja", "Target", "Realisasi", "Capaian")]
    rows += [
        (str(i), label, f"{70 + i},00%", f"{72 + i},50%", f"{100 + i},25%")
        for i, label in enumerate(labels, 1)
    ]
    for k, row in enumerate(rows):
        lines += [(x, 740 - 22 * k, 10, cell) for x, cell in zip((60, 90, 330, 410, 490), row, strict=True)]
    path.write_bytes(type3_pdf(lines))
    return path


def test_unreadable_text_layer_is_ocred_not_silently_empty(tmp_path: Path) -> None:
    """A Type3 font without ToUnicode extracted as 'ok', 0 indicators, exit 0; --ocr always read it."""
    pdf = unreadable_report(tmp_path / "type3.pdf")
    doc = extract(pdf)
    assert doc.status == "ok" and doc.stats["pages_ocr"] == 1
    assert len(doc.indicators) == 3 and doc.satker.name == "KPU Kota Prabumulih"
    assert not any(f.code == "no_tables_found" for f in doc.flags)
    never = extract(pdf, NO_OCR)
    assert never.status != "ok" and "not readable text" in never.errors[0].message


def test_a_plausible_looking_text_layer_the_image_contradicts_is_ocred(tmp_path: Path) -> None:
    """Codes of lower-case letters only ('iremtcwaun'): no token is garbled, so the layer passed
    the readability test and the report came out with nothing read. No common word in it is the
    doubt; the page image, read once, shows words the layer does not hold, and the page is OCR'd."""
    cells = ["no", "indikator", "target", "realisasi", "capaian"]
    labels = ["persentase partisipasi pemilu", "indeks kepuasan", "nilai sakip"]
    lines = [(60, 790, 12, "laporan kpu 2024")]
    rows = [cells] + [[str(i), label, f"{70 + i},00%", f"{72 + i},50%", f"{100 + i},25%"] for i, label in enumerate(labels, 1)]
    for k, row in enumerate(rows):
        lines += [(x, 740 - 22 * k, 10, cell) for x, cell in zip((60, 90, 330, 410, 490), row, strict=True)]
    pdf = tmp_path / "letters.pdf"
    pdf.write_bytes(type3_pdf(lines, letters=True))
    (triage,) = triage_pdf(pdf)
    assert triage.needs_ocr and "page image shows" in triage.reason
    doc = extract(pdf)
    assert doc.stats["pages_ocr"] == 1 and len(doc.indicators) == 3
    kept = triage_pdf(pdf, settings=TriageSettings(min_layer_agreement=0))  # the check turned off
    assert not kept[0].needs_ocr


def test_a_document_with_nothing_found_carries_a_warning(tmp_path: Path) -> None:
    """A README in a batch folder counted as an 'ok' report with 0 rows, with no word about it."""
    readme = tmp_path / "README.md"
    readme.write_text("# Notes\n\nThis folder holds the 2024 reports of our units.\n" * 3)
    code, lines = invoke(readme, tmp_path / "out")
    assert code == ExitCode.OK
    assert any(ln.startswith("warning:") and "does not look like a LAKIP" in ln for ln in lines), lines
    flags = json.loads((tmp_path / "out" / "README.json").read_text())["flags"]
    assert [f["code"] for f in flags] == ["no_tables_found"] and flags[0]["severity"] == "warning"
