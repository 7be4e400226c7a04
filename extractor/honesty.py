"""Honest status (issue 18): what the page images show against what was read from them.

A fax read at 116 dpi gave 0 indicators, 0 budget rows, a wrong year and status ``ok``. Two checks
keep such a result from looking finished:

- a page read by OCR whose image shows a table (a ruling grid, or figures aligned in rows) yet gave
  no table gets a page error ``table_unread``; when the whole document gave no performance or budget
  row, each such page that did give a table gets ``table_no_rows``. In a document that gave no row,
  a page whose pixels alone show text in aligned columns (``Page.image_table``) also counts as
  showing a table, however little OCR read there: a fax's table read as noise gives neither
  figures nor a grid (justified prose can show such columns too, so they do not count where rows
  were read). Either error makes the document ``partial`` (``models.Document.status``), never ``ok``;
- the report year read from the text is checked against the years the tables' captions and headers
  print; a year no table shows raises the warning flag ``report_year_unconfirmed``.

Only OCR pages are judged: a text layer's tables are read from its characters, and a text dump has
no image.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from extractor.models import Document, Flag, Page, PageError, Satker, Table, Word
from extractor.ocr.bands import grid_verticals
from extractor.tables import visual_lines
from extractor.vocabulary import REPORT_YEAR_DIGITS, RUPIAH, YEAR_MARK

TABLE_UNREAD = "table_unread"  # page error: the image shows a table, no table was read
TABLE_NO_ROWS = "table_no_rows"  # page error: tables read, but the document has no row at all
YEAR_UNCONFIRMED = "report_year_unconfirmed"  # flag: no table shows the report year

MIN_FIGURE_ROWS = 3  # rows of figures aligned on one column edge that make a table
MIN_RULES = 3  # horizontal rules across a good part of the page, with grid verticals
RULE_SHARE = 0.25  # of the page width
ALIGN_SHARE = 0.015  # of the page width: figure edges this close are one column
IMAGE_COLUMNS = "columns in the image"  # evidence from the pixels alone (``Page.image_table``)
IMAGE_NOISE = "columns in the image, read as noise"  # ... whose words OCR was unsure of
NOISE_CONF = 60.0  # median confidence of the words read inside the columns below this: noise

_FIGURE = re.compile(r"^[(\[]?(?:" + RUPIAH + r")?\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?\s*%?[)\]]?[.,;:]?$|^\d+[.,]\d+%?$")
_YEAR = re.compile(rf"(?<!\d)({REPORT_YEAR_DIGITS})(?!\d)")


def _is_figure(text: str) -> bool:
    return bool(_FIGURE.match(text)) and not YEAR_MARK.match(text)


def _aligned_figure_rows(words: Sequence[Word], width: float) -> bool:
    """Three or more printed lines with two figures each whose right edges (or centres) line up:
    a column of numbers, as prose and contents lines (one page number each) never have."""
    rows = []
    for line in visual_lines(words):
        figures = sorted((w for w in line if _is_figure(w.text)), key=lambda w: w.x0)
        if len(figures) >= 2:
            rows.append(figures)
    if len(rows) < MIN_FIGURE_ROWS:
        return False
    tolerance = ALIGN_SHARE * width
    for edge in (lambda w: w.x1, lambda w: (w.x0 + w.x1) / 2):
        positions = sorted(edge(w) for row in rows for w in row)
        for i, x in enumerate(positions):
            if sum(1 for y in positions[i:] if y - x <= tolerance) >= MIN_FIGURE_ROWS:
                return True
    return False


def table_evidence(page: Page) -> str | None:
    """Why the page image looks like it holds a table ("ruling grid", "aligned figure rows",
    "columns in the image"), or None.

    The last is the image's own evidence (``Page.image_table``: text lines split into aligned
    columns, measured on the pixels before any reading), so a table whose words OCR turned to
    noise, as on a fax, is still seen; the first two need segments or words that were read. It
    is ``IMAGE_NOISE`` when the words read inside those columns are mostly unsure (median
    confidence under ``NOISE_CONF``), as prose never is.
    """
    rules = [s for s in page.segments if s.horizontal and s.x1 - s.x0 >= RULE_SHARE * page.width]
    if len(rules) >= MIN_RULES and grid_verticals(page.segments, page.height):
        return "ruling grid"
    if _aligned_figure_rows(page.words, page.width):
        return "aligned figure rows"
    if page.image_table is not None:
        top, bottom = page.image_table
        confs = [w.conf for w in page.words if top <= (w.top + w.bottom) / 2 <= bottom]
        return IMAGE_NOISE if not confs or float(np.median(confs)) < NOISE_CONF else IMAGE_COLUMNS
    return None


def shown_tables(pages: Mapping[int, Page], ocr_pages: Sequence[int]) -> dict[int, str]:
    """OCR pages whose image shows a table, with the reason."""
    shown: dict[int, str] = {}
    for number in ocr_pages:
        page = pages.get(number)
        if page is not None and (reason := table_evidence(page)):
            shown[number] = reason
    return shown


def unread_table_errors(doc: Document, shown: Mapping[int, str]) -> tuple[PageError, ...]:
    """A page error for each page in ``shown`` that gave no table, and, when the document has no
    performance or budget row at all, for each page in ``shown`` that did.

    Columns the image alone shows, read confidently (``IMAGE_COLUMNS``), are judged only in a
    document that gave no row: justified prose with wide word gaps can show them too, so a page of
    it in a report whose tables were read is no loss; a report that gave nothing from pages showing
    columns is one. Columns read as noise (``IMAGE_NOISE``) are judged always: a fax giving a few
    stray rows from one page has not read the table on another.
    """
    rowless = not doc.indicators and not doc.budget
    shown = {n: why for n, why in shown.items() if rowless or why != IMAGE_COLUMNS}
    read = {p for t in doc.tables for p in t.pages if t.rows}
    errors = [
        PageError(n, TABLE_UNREAD, f"the page image shows a table ({why}) but no table was read from it")
        for n, why in sorted(shown.items())
        if n not in read
    ]
    if rowless:
        errors += [
            PageError(
                n,
                TABLE_NO_ROWS,
                f"the page image shows a table ({why}) but no performance or budget row was read "
                "from the document",
            )
            for n, why in sorted(shown.items())
            if n in read
        ]
    return tuple(errors)


def table_years(tables: Sequence[Table]) -> Counter[int]:
    """Years printed in tables' captions and header rows (the first two rows when the header
    depth is unknown), one count per table."""
    seen: Counter[int] = Counter()
    for table in tables:
        depth = table.header_rows if table.header_rows else 2
        text = " ".join([table.caption or "", *(c.text for row in table.rows[:depth] for c in row.cells)])
        seen.update({int(y) for y in _YEAR.findall(text)})
    return seen


def year_flags(satker: Satker, tables: Sequence[Table]) -> tuple[Flag, ...]:
    """A warning when the tables print years and none of them is the report year read from the text."""
    years = table_years(tables)
    if not years or (satker.year is not None and satker.year in years):
        return ()
    shown = ", ".join(f"{y} ({n} tables)" if n > 1 else str(y) for y, n in years.most_common(4))
    if satker.year is None:
        message = f"no report year was read from the text; the tables show {shown}"
    else:
        message = f"the report year read from the text is {satker.year}, but no table shows it; the tables show {shown}"
    values = {"year": satker.year, "table_years": sorted(years)}
    return (Flag(YEAR_UNCONFIRMED, "warning", message, (), values),)
