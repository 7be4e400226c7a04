"""A borderless budget table's last rows alone at the top of the next scanned page (a last item
and its total): too few rows for the page to look like a table, kept all the same to be
stitched onto the table they continue (extractor.pipeline._last_rows)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from extractor.models import BBox, Cell, Method, Table, TableRow
from extractor.ocr import OcrSettings
from extractor.pipeline import ExtractSettings, _last_rows, extract
from tests.test_ocr import DPI, font, needs_tesseract, scanned, scanned_pdf

COLUMNS = (90, 700, 1000, 1300)  # left edges (pixels at DPI): Uraian | Pagu | Realisasi | %
FIRST = (
    ("Tabel 3.5 Pagu dan Realisasi Anggaran Tahun 2023",),
    ("Uraian", "Pagu (Rp)", "Realisasi (Rp)", "%"),
    ("Program Dukungan Manajemen", "8.314.953.000", "7.655.880.809", "92,07"),
    ("Pengelolaan Keuangan", "8.275.018.000", "7.630.172.385", "92,21"),
    ("Masa Kampanye Pemilu", "1.506.985.000", "1.464.207.000", "97,16"),
    ("Penetapan Hasil Pemilu", "49.006.000", "40.299.688", "82,23"),
)
LAST = (
    ("Penataan Daerah Pemilihan", "216.695.000", "216.695.000", "100,00"),
    ("Jumlah", "18.362.657.000", "16.991.260.882", "92,53"),
)


def _page(rows: tuple[tuple[str, ...], ...], seed: int) -> Image.Image:
    image = Image.new("L", (1500, 1000), 255)
    draw = ImageDraw.Draw(image)
    f = font(round(10 * DPI / 72))
    for r, row in enumerate(rows):
        for x, text in zip(COLUMNS, row, strict=False):
            draw.text((x, 100 + 60 * r), text, font=f, fill=0)
    return scanned(image, seed=seed)


@needs_tesseract
@pytest.mark.ocr
def test_a_last_item_and_its_total_alone_on_the_next_page_are_stitched_on(tmp_path: Path) -> None:
    path = tmp_path / "continued.pdf"
    scanned_pdf(path, [_page(FIRST, 1), _page(LAST, 2)])
    doc = extract(path, ExtractSettings(ocr=OcrSettings(cache_dir=Path("off"))))
    names = [b.name for b in doc.budget]
    assert "Penataan Daerah Pemilihan" in names, names
    penataan = next(b for b in doc.budget if b.name == "Penataan Daerah Pemilihan")
    assert penataan.pagu is not None and penataan.pagu.value == 216695000


def _table(rows: list[list[str]], header_rows: int = 0) -> Table:
    return Table(
        0,
        Method.OCR_STREAM,
        tuple(
            TableRow(r, tuple(Cell(t, r, c, 2, r, BBox(0, 0, 1, 1)) for c, t in enumerate(row)))
            for r, row in enumerate(rows)
        ),
        (2,),
        header_rows=header_rows,
    )


def test_last_rows_are_short_headerless_rows_of_figures() -> None:
    last = [["Penataan", "216.695.000", "216.695.000", "100,00"], ["Jumlah", "18.362.657.000", "1", "92"]]
    assert _last_rows(_table(last))
    assert not _last_rows(_table(last, header_rows=1))
    assert not _last_rows(_table([*last, last[0]]))  # three rows: a table page on its own terms
    assert not _last_rows(_table([["Bab III", "Akuntabilitas", "Kinerja 2023", ""], last[0]]))  # prose
