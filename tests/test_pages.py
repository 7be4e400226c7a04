from __future__ import annotations

import io
from pathlib import Path

from extractor.models import Word
from extractor.pages import assign_lines, common_word_ratio, looks_like_table, triage_pdf
from tests.conftest import table_pdf


def _mixed_pdf(path: Path) -> Path:
    """Page 1 narrative, page 2 an image only, page 3 an image under a garbage text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(img).text((50, 50), "Laporan Kinerja", fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    text = c.beginText(72, 760)
    for _ in range(12):
        text.textLine("Laporan kinerja ini disusun sebagai wujud akuntabilitas dan pertanggungjawaban.")
    c.drawText(text)
    c.showPage()
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, *A4)
    c.showPage()
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, *A4)
    garbage = c.beginText(72, 760)
    garbage.setTextRenderMode(3)
    for _ in range(12):
        garbage.textLine("xqzt vrrkl ppqw zzkq mmxv wqrt kkzz qqpl vvxz trrq")
    c.drawText(garbage)
    c.showPage()
    c.save()
    return path


def test_triage_finds_table_pages(tmp_path: Path) -> None:
    pages = triage_pdf(table_pdf(tmp_path / "t.pdf", ruled=False))
    assert [p.is_table_page for p in pages] == [True, True]
    assert not any(p.needs_ocr for p in pages)


def test_triage_sends_image_and_garbage_pages_to_ocr(tmp_path: Path) -> None:
    pages = triage_pdf(_mixed_pdf(tmp_path / "m.pdf"))
    assert [p.needs_ocr for p in pages] == [False, True, True]
    assert pages[1].reason == "no text layer"
    assert pages[2].reason.startswith("garbage")
    assert not pages[0].is_table_page


def test_table_predicate_and_common_words() -> None:
    assert looks_like_table(
        ["No Indikator Target Realisasi Capaian", "1 Persentase A 90% 85% 94,44%", "2 B 80% 80% 100%"]
    )
    assert not looks_like_table(["Laporan kinerja ini disusun pada tahun 2025 dan memuat capaian."])
    assert common_word_ratio(["laporan kinerja dan anggaran tahun ini"]) > 0.5
    assert common_word_ratio(["xqzt vrrkl ppqw"]) == 0


def test_assign_lines_orders_words() -> None:
    words = [
        Word(1, 0, 0, "b", 100, 50, 10, 60, 20),
        Word(1, 0, 0, "a", 100, 10, 11, 20, 21),
        Word(1, 0, 0, "c", 100, 10, 40, 20, 50),
    ]
    lined = assign_lines(words, 1)
    assert [(w.text, w.line, w.word) for w in lined] == [("a", 1, 1), ("b", 1, 2), ("c", 2, 1)]


def test_garbled_text_layer_is_recognised() -> None:
    """An old bad OCR layer mixes digits and symbols into words; real reports (even OCR'd ones) do not."""
    from extractor.pages import garbled_ratio

    bad = [
        "Loporan Kinerja KPU Prahumulih 2157",
        "Alcvutablllfa5 kinerj; perw^judau kcwajlbau 5votv iu5fau5i",
    ]
    good = ["Laporan Kinerja KPU Kota Prabumulih Tahun 2024", "Kode 6709.QGE.001 pagu 426.483.000 (99,25%)"]
    assert garbled_ratio(bad) > 0.2
    assert garbled_ratio(good) == 0.0


def test_seed_dumps_are_not_garbled(seed_dir: Path) -> None:
    from extractor.pages import garbled_ratio

    for seed in seed_dir.glob("*.txt"):
        assert garbled_ratio(seed.read_text(encoding="utf-8").splitlines()) < 0.05
