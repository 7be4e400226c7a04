"""Scans that carry a scanner's hidden OCR text layer, generated from a born-digital page.

The page is rendered (150 dpi grey, JPEG) and placed full-page; its words are written back as
invisible text (render mode 3), each stretched to its box, in one of these ways:

- ``good``: every word at its place, in reading order;
- ``interleaved``: every word at its place, drawn column by column (a layer whose lines mix a
  table's columns: harmless to a reader that goes by position);
- ``line_strings``: each text line written as one string from its first word at natural width
  (words drift off their ink across a table's columns);
- ``shifted``: every word a line and a half lower and 30 points right (a layer for another
  resolution or crop);
- ``partial``: the words outside the table only (the scanner took the table for a picture).
"""

from __future__ import annotations

import io
from pathlib import Path

LAYERS = ("good", "interleaved", "line_strings", "shifted", "partial")


def layered_scan(source: Path, page_number: int, out: Path, layer: str, *, dpi: int = 150) -> Path:
    import pypdfium2 as pdfium
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from extractor.pdfwords import load_pages

    pdf = pdfium.PdfDocument(str(source))
    page = pdf[page_number - 1]
    width, height = page.get_size()
    bitmap = page.render(scale=dpi / 72.0, grayscale=True)
    image = Image.fromarray(bitmap.to_numpy()[:, :, 0] if bitmap.to_numpy().ndim == 3 else bitmap.to_numpy())
    page.close()
    pdf.close()
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=75)
    words = list(next(load_pages(source, [page_number])).words)
    c = canvas.Canvas(str(out), pagesize=(width, height), invariant=1)
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, width, height)
    text = c.beginText()
    text.setTextRenderMode(3)
    for x, top, bottom, string, box_width in _placed(words, layer, source, page_number):
        size = max(4.0, (bottom - top) * 0.85)
        text.setFont("Helvetica", size)
        natural = c.stringWidth(string, "Helvetica", size)
        text.setHorizScale(100.0 * box_width / natural if box_width and natural else 100.0)
        text.setTextOrigin(x, height - bottom + 0.2 * size)
        text.textOut(string)
    c.drawText(text)
    c.showPage()
    c.save()
    return out


def _placed(
    words: list, layer: str, source: Path, page_number: int
) -> list[tuple[float, float, float, str, float | None]]:
    """(x, top, bottom, text, width to stretch to or None) in drawing order."""
    if layer == "good":
        return [(w.x0, w.top, w.bottom, w.text, w.x1 - w.x0) for w in words]
    if layer == "interleaved":
        ordered = sorted(words, key=lambda w: (round(w.x0 / 40), w.top))
        return [(w.x0, w.top, w.bottom, w.text, w.x1 - w.x0) for w in ordered]
    if layer == "shifted":
        return [(w.x0 + 30, w.top + 18, w.bottom + 18, w.text, w.x1 - w.x0) for w in words]
    if layer == "line_strings":
        lines: dict[int, list] = {}
        for w in words:
            lines.setdefault(w.line, []).append(w)
        out = []
        for ws in lines.values():
            ws.sort(key=lambda w: w.x0)
            out.append((ws[0].x0, ws[0].top, ws[0].bottom, " ".join(w.text for w in ws), None))
        return out
    if layer == "partial":
        from extractor.pdfwords import load_pages
        from extractor.tables import find_tables

        boxes = [t.bbox for t in find_tables(next(load_pages(source, [page_number]))) if t.bbox]
        outside = [w for w in words if not any(b.top - 2 <= w.top <= b.bottom + 2 for b in boxes)]
        return [(w.x0, w.top, w.bottom, w.text, w.x1 - w.x0) for w in outside]
    raise ValueError(f"unknown layer {layer!r}; known: {LAYERS}")
