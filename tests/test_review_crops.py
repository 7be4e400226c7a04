"""Crops of the page around a row and source lines of text dumps (extractor.review.crops)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extractor.pipeline import extract
from extractor.review.crops import ROW_COLOUR, crop_png, row_boxes, source_lines
from extractor.writers import document_to_dict
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "pdf" / "002_71f42d07af92d301_ruled_defects.pdf"


def test_a_crop_shows_the_row_outlined_on_its_page() -> None:
    data = document_to_dict(extract(SAMPLE))
    row = data["budget"][0]
    png = crop_png(SAMPLE, "pdf", row)
    assert png is not None and png[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(png)) as image:
        pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    box, cells = row_boxes(row)
    assert box is not None and len(cells) == 3
    height, width = pixels.shape[:2]
    assert width < 842 * 2 and height < (box.height + 60) * 2 + 10  # a strip, not the page
    red = (np.abs(pixels - np.array(ROW_COLOUR)).max(axis=2) < 30).sum()
    assert red > 200  # the row's outline
    assert (pixels.mean(axis=2) < 100).mean() > 0.01  # and printed text


def test_rows_without_a_page_or_box_have_no_crop() -> None:
    prov = {"file": "f", "page": None, "line": 3, "bbox": None, "method": "text-markdown", "table": 0}
    assert crop_png(SAMPLE, "pdf", {"provenance": prov, "values": {}}) is None
    assert crop_png(SAMPLE, "text", {"provenance": {**prov, "page": 1, "bbox": [1, 1, 9, 9]}, "values": {}}) is None


def test_text_dumps_show_the_lines_around_the_row(seed_dir: Path) -> None:
    seed = seed_dir / "003_c112caca8715f4b7.txt"
    row = document_to_dict(extract(seed))["indicators"][0]
    lines = source_lines(seed, row)
    here = [entry for entry in lines if entry["here"]]
    assert len(here) == 1 and here[0]["line"] == row["provenance"]["line"]
    assert 2 <= len(lines) <= 5
    assert row["label_raw"].split()[0] in " ".join(entry["text"] for entry in lines)


def test_pdf_pages_are_rendered_one_at_a_time_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The review server renders crops on several threads; PDFium takes one call at a time."""
    import threading
    import time

    from extractor.review import crops

    active, most = [0], [0]
    guard = threading.Lock()

    class Pdf:
        def __getitem__(self, index: int) -> Pdf:
            with guard:
                active[0] += 1
                most[0] = max(most[0], active[0])
            time.sleep(0.02)  # long enough for another thread to come in if nothing stops it
            with guard:
                active[0] -= 1
            return self

        def render(self, scale: float) -> Pdf:
            return self

        def to_pil(self) -> Image.Image:
            return Image.new("RGB", (4, 4))

        def close(self) -> None:
            pass

    monkeypatch.setattr(crops, "open_pdf", lambda source, password: Pdf())
    crops._page_image.cache_clear()
    threads = [
        threading.Thread(target=crops._page_image, args=(Path(f"r{i}.pdf"), "pdf", 1)) for i in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    crops._page_image.cache_clear()
    assert most[0] == 1
