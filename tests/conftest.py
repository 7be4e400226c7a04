"""Shared fixtures: small reportlab PDFs generated on the fly, the seed dumps and gold, a temporary OCR cache.

The test data is committed: the three seed text dumps in ``tests/data/seeds/`` and their gold
annotations in ``samples/gold/`` (both copies of the project's shared seed set; see
``tests/data/seeds/README.md``). Missing data fails the tests, it never skips them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from extractor.catalogue import Catalogue, Matcher, load_catalogue

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "data" / "seeds"  # the seed text dumps
GOLD = ROOT / "samples" / "gold"  # their gold annotations (the samples are rendered from the same files)


def data_files(folder: Path, pattern: str) -> list[Path]:
    """The files of committed test data; none is an error (a collection error when used at import)."""
    files = sorted(folder.glob(pattern))
    if not files:
        raise FileNotFoundError(
            f"test data missing: no {pattern} in {folder} (it is committed: check the clone)"
        )
    return files


@pytest.fixture(scope="session", autouse=True)
def ocr_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """OCR results of the whole session go to a temporary folder, never the user's ~/.cache.

    Set in the environment, so CLI subprocesses and batch workers inherit it too.
    """
    from extractor.ocr.cache import ENV_VAR

    folder = tmp_path_factory.mktemp("ocr-cache")
    saved = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop(ENV_VAR, None)
    else:
        os.environ[ENV_VAR] = saved


def table_pdf(path: Path, *, ruled: bool, rows: int = 24, landscape_page: bool = False) -> Path:
    """A one-table report page: wrapped indicator cells, a spanning sasaran, a page break."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    ss = getSampleStyleSheet()

    def para(text: str) -> Paragraph:
        return Paragraph(text, ss["BodyText"])

    data: list[list[object]] = [["No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]]
    for i in range(1, rows + 1):
        data.append(
            [
                f"{i}.",
                para(f"Terwujudnya sasaran strategis nomor {(i - 1) // 4 + 1}"),
                para(f"Persentase kegiatan koordinasi dengan para pihak terkait yang terlaksana nomor {i}"),
                "90%",
                f"{80 + i % 10},5%",
                "94,44%",
            ]
        )
    style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if ruled:
        style += [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("SPAN", (1, 1), (1, 4))]
    else:
        style += [("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black)]
    table = Table(data, colWidths=[30, 110, 170, 50, 55, 55], repeatRows=1)
    table.setStyle(TableStyle(style))
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4) if landscape_page else A4, invariant=1)
    doc.build(
        [
            para("Tabel 3.1 Pengukuran Kinerja KPU Kota Prabumulih Tahun 2024"),
            Spacer(1, 6),
            table,
            Spacer(1, 20),
            para("Paragraf penutup yang panjang tentang capaian kinerja. " * 8),
        ]
    )
    return path


def encrypted_pdf(path: Path, user_password: str) -> Path:
    """A one-page PDF encrypted with ``user_password`` (empty: opens without one) and an owner password."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=StandardEncryption(user_password, ownerPassword="pemilik"))
    c.drawString(72, 720, "Laporan Kinerja KPU Kota Prabumulih Tahun 2024 (rahasia)")
    c.showPage()
    c.save()
    return path


@pytest.fixture
def make_table_pdf(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str = "report.pdf", **kwargs: object) -> Path:
        return table_pdf(tmp_path / name, **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    data_files(SEEDS, "*.txt")
    return SEEDS


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    data_files(GOLD, "*.json")
    return GOLD


def hand_pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct xref from object bodies (object 1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The built-in catalogue, loaded once."""
    return load_catalogue()


@pytest.fixture(scope="session")
def matcher(catalogue: Catalogue) -> Matcher:
    return Matcher(catalogue)


@pytest.fixture(scope="session")
def compared_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`lakip batch` then `lakip compare --html` of three seed dumps and two generated PDFs (two files of one unit)."""
    from typer.testing import CliRunner

    from cli import app

    reports, out = tmp_path_factory.mktemp("reports"), tmp_path_factory.mktemp("out")
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy(path, reports / path.name)
    for name in ("002_71f42d07af92d301_ruled_defects.pdf", "000_473ae7671d36c3fd_ruled.pdf"):
        shutil.copy(ROOT / "samples" / "pdf" / name, reports / name)
    result = CliRunner().invoke(app, ["batch", str(reports), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(app, ["compare", str(out), "--html"])
    assert result.exit_code == 0, result.output
    return out
