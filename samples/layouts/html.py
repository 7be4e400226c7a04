"""The web path: write a planned report as HTML and print it to PDF with headless Chromium.

Many LAKIP and Perjanjian Kinerja documents come out of e-SAKIP web applications that render an
HTML table and print it (dompdf, wkhtmltopdf or the browser's "Save as PDF"). Such PDFs differ
from Word's and reportlab's: Skia's text runs and glyph positioning, borders drawn as filled
rectangles from collapsed CSS borders, ``<thead>`` repeated on each page by the browser, its own
line breaking. A word wider than its column breaks inside the cell, as Word breaks it (a fixed
layout would otherwise paint it over the next cell). The code was never tuned on this path: it
measures the extractor on a producer it was not written against. ``print_pdf`` prints each file
with its own Chromium profile.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path

from samples.layouts.document import Planned
from samples.layouts.grid import FACES, PAD, Cell, Grid, margins, page_size
from samples.layouts.spec import LayoutSpec

GENERIC = {"serif": "serif", "sans": "sans-serif", "mono": "monospace"}  # CSS fallback families
GREY, LIGHT = "#d0d0d0", "#ebebeb"


def _css(spec: LayoutSpec) -> str:
    width, height = page_size(spec, False)
    left, right, top, bottom = margins(spec)
    page_margin = f"{top:.1f}pt {right:.1f}pt {bottom:.1f}pt {left:.1f}pt"
    centre = "center" if spec.caption_align == "center" else "left"
    return f"""
@page {{ size: {width:.1f}pt {height:.1f}pt; margin: {page_margin}; }}
@page land {{ size: {height:.1f}pt {width:.1f}pt; margin: {page_margin}; }}
body {{ font-family: '{FACES[(spec.font, spec.dejavu)]}', {GENERIC[spec.font]}; font-size: 11pt; margin: 0; }}
.land {{ page: land; }}
h1 {{ font-size: 15pt; text-align: center; margin: 0 0 2pt 0; }}
h1.last {{ margin-bottom: 18pt; }}
h2 {{ font-size: 11pt; margin: 6pt 0; break-after: avoid; }}
.caption {{ font-size: 10pt; font-weight: bold; text-align: {centre}; margin: 6pt 0; break-after: avoid; }}
p {{ text-align: justify; text-indent: 24pt; line-height: 1.15; margin: 0 0 8pt 0; }}
table {{ border-collapse: collapse; table-layout: fixed; margin: 0 auto 8pt auto; }}
td, th {{ padding: 1pt {PAD:.0f}pt 1.5pt {PAD:.0f}pt; line-height: 1.2; font-weight: normal;
  overflow-wrap: anywhere; }}
th {{ vertical-align: middle; }}
td {{ vertical-align: {spec.valign}; }}
tr {{ break-inside: avoid; }}
.b {{ font-weight: bold; }}
{_border_css(spec.border)}
"""


def _border_css(border: str) -> str:
    """CSS for a border style, as the other paths draw it (``pdf.rule_commands``)."""
    if border in ("grid", "grid_shaded"):
        rules = "td, th { border: 0.5pt solid #000; }"
    elif border == "horizontal":
        rules = (
            "table { border-top: 1pt solid #000; border-bottom: 1pt solid #000; }"
            " tr { border-bottom: 0.4pt solid #000; } tr.lasthead { border-bottom: 0.9pt solid #000; }"
        )
    elif border == "underline":
        rules = "tr.lasthead { border-bottom: 0.8pt solid #000; }"
    else:
        rules = ""
    if border in ("grid_shaded", "shaded"):
        rules += f" th {{ background: {GREY}; }} tr.band td {{ background: {LIGHT}; }}"
    return rules


def _cell_html(cell: Cell, tag: str) -> str:
    attrs = []
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    style = f"text-align: {cell.align};"
    if cell.indent:
        style += f" padding-left: {PAD + cell.indent:.1f}pt;"
    attrs.append(f'style="{style}"')
    if cell.bold:
        attrs.append('class="b"')
    return f"<{tag} {' '.join(attrs)}>{escape(cell.text)}</{tag}>"


def _rows(grid: Grid) -> list[list[str]]:
    """Each row's cells in HTML: a grid cell where one starts, an empty cell where no span covers."""
    at = {(c.row, c.col): c for c in grid.cells}
    covered: set[tuple[int, int]] = set()
    for c in grid.cells:
        covered.update(
            (r, k) for r in range(c.row, c.row + c.rowspan) for k in range(c.col, c.col + c.colspan)
        )
    rows: list[list[str]] = []
    for r in range(grid.nrows):
        tag = "th" if r < grid.header_rows else "td"
        row = []
        for k in range(len(grid.columns)):
            if (r, k) in at:
                row.append(_cell_html(at[(r, k)], tag))
            elif (r, k) not in covered:
                row.append(f"<{tag}></{tag}>")
        rows.append(row)
    return rows


def table_html(grid: Grid, spec: LayoutSpec) -> str:
    """The grid as an HTML table; header rows in ``<thead>`` (repeated on each page) when the
    layout repeats them."""
    cols = "".join(f'<col style="width: {w:.1f}pt">' for w in grid.widths)
    lines = [
        f'<table style="width: {sum(grid.widths):.1f}pt; font-size: {grid.font_size:.1f}pt">',
        f"<colgroup>{cols}</colgroup>",
    ]
    head_end = grid.header_rows if spec.repeat_header else 0
    for r, cells in enumerate(_rows(grid)):
        if r == 0 and head_end:
            lines.append("<thead>")
        if r == head_end:
            lines.append("<tbody>")
        classes = [c for c, on in (("lasthead", r == grid.header_rows - 1), ("band", r in grid.band_rows)) if on]
        cls = f' class="{" ".join(classes)}"' if classes else ""
        lines.append(f"<tr{cls}>{''.join(cells)}</tr>")
        if r == head_end - 1:
            lines.append("</thead>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def render_html(planned: Planned, out: Path) -> Path:
    """Write the report as one HTML file to ``out``."""
    spec = planned.spec
    parts = [
        "<!DOCTYPE html>",
        '<html lang="id"><head><meta charset="utf-8">',
        f"<title>{escape(planned.title)}</title><style>{_css(spec)}</style></head><body>",
    ]
    blocks = planned.blocks
    for i, block in enumerate(blocks):
        if block.kind == "title":
            last = i + 1 < len(blocks) and blocks[i + 1].kind != "title"
            parts.append(f"<h1{' class=last' if last else ''}>{escape(block.text)}</h1>")
        elif block.kind == "heading":
            parts.append(f"<h2>{escape(block.text)}</h2>")
        elif block.kind == "para":
            parts.append(f"<p>{escape(block.text)}</p>")
        elif block.kind == "caption":
            grid = blocks[i + 1].grid
            opened = '<div class="land">' if grid is not None and grid.landscape else "<div>"
            parts.append(f'{opened}<div class="caption">{escape(block.text)}</div>')
        elif block.grid is not None:
            parts.append(table_html(block.grid, spec) + "</div>")
    parts.append("</body></html>")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(parts), encoding="utf-8")
    return out


def chromium() -> str:
    """The Chromium binary, or a RuntimeError saying how to install it."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Chromium is missing: apt-get install -y chromium")


def print_pdf(html: Path, pdf: Path, *, timeout: float = 120.0) -> Path:
    """Print one HTML file to PDF (no browser header or footer) with a private profile."""
    profile = Path(tempfile.mkdtemp(prefix="lakip-chromium-"))
    try:
        proc = subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--user-data-dir={profile}",
                f"--print-to-pdf={pdf}",
                html.resolve().as_uri(),
            ],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if proc.returncode or not pdf.exists():
        raise RuntimeError(f"chromium did not print {html.name}: {proc.stderr.decode(errors='replace')[-400:]}")
    return pdf
