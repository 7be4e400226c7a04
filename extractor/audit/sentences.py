"""Running text as paragraphs and sentences, and the years a sentence is about.

Wrapped lines are joined so sentences stay whole, each sentence remembering the line each of its
characters came from, so a flag can cite the line a figure is printed on. Table rows that a PDF
text layer repeats among the narrative lines are left out first (``prose_only``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from extractor.audit.model import AuditInput
from extractor.glyphs import normalise_text
from extractor.models import BudgetRecord, IndicatorRecord, TextLine
from extractor.vocabulary import YEAR_DIGITS


@dataclass(frozen=True)
class Paragraph:
    """Consecutive narrative lines joined with spaces, remembering where each line starts."""

    text: str
    starts: tuple[int, ...]
    lines: tuple[TextLine, ...]

    def line_at(self, offset: int) -> TextLine:
        return self.lines[max(0, bisect.bisect_right(self.starts, offset) - 1)]


@dataclass(frozen=True)
class Sentence:
    para: Paragraph
    start: int
    text: str

    def line_at(self, offset: int) -> TextLine:
        return self.para.line_at(self.start + offset)


_MARKUP = str.maketrans(dict.fromkeys("*|_`#\t", " "))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z])")


def build_paragraphs(narrative: Sequence[TextLine]) -> list[Paragraph]:
    """Wrapped lines are joined so sentences stay whole; a blank line ends a paragraph only after
    a line that ends a sentence, since PDF dumps also leave blank lines inside sentences."""
    paras: list[Paragraph] = []
    text, starts, lines = "", list[int](), list[TextLine]()
    for ln in [*narrative, None]:
        clean = " ".join(normalise_text(ln.text).translate(_MARKUP).split()) if ln is not None else ""
        # PDF text layers have no blank lines: a sentence-ending line at a page break ends a paragraph
        new_page = ln is not None and lines and ln.page != lines[-1].page
        if new_page and re.search(r"[.!?:;|]\s*$", lines[-1].text):
            paras.append(Paragraph(text, tuple(starts), tuple(lines)))
            text, starts, lines = "", [], []
        if ln is None or not clean:
            if lines and (ln is None or re.search(r"[.!?:;|]\s*$", lines[-1].text)):
                paras.append(Paragraph(text, tuple(starts), tuple(lines)))
                text, starts, lines = "", [], []
            continue
        text += " " if text else ""
        starts.append(len(text))
        lines.append(ln)
        text += clean
    return paras


def split_sentences(paras: Iterable[Paragraph]) -> Iterator[Sentence]:
    for para in paras:
        begin = 0
        for m in _SENTENCE_END.finditer(para.text):
            yield Sentence(para, begin, para.text[begin : m.start()])
            begin = m.end()
        yield Sentence(para, begin, para.text[begin:])


_YEAR = re.compile(rf"(?<![\d.,/-])({YEAR_DIGITS})(?![\d.,]\d)")
_RANGE_AFTER = re.compile(rf"^\s*(?:-|s\.?\s?d\.?|sampai|hingga)\s*{YEAR_DIGITS}")
_REGULATION = re.compile(r"(?:nomor|no\.?)\s*[\w./-]+\s+(?:tahun\s+)?$", re.I)


@lru_cache(maxsize=256)
def years_in(text: str) -> tuple[tuple[int, int], ...]:
    """(offset, year) of single years, leaving out ranges ('Renstra 2020-2024') and the years of
    regulations ('Peraturan KPU Nomor 3 Tahun 2022'), which say nothing about the figures. Cached:
    every figure of a sentence asks for its years."""
    out = []
    for m in _YEAR.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        if (
            _RANGE_AFTER.match(text[m.end() :])
            or re.search(r"\d{4}\s*-\s*$", before)
            or _REGULATION.search(before)
        ):
            continue
        out.append((m.start(), int(m.group(1))))
    return tuple(out)


def year_of_figure(sentence: str, offset: int) -> int | None:
    """The year a figure is about: the last year named before it, else one named just after it."""
    years = years_in(sentence)
    before = [y for pos, y in years if pos < offset and offset - pos <= 250]
    after = [y for pos, y in years if offset < pos <= offset + 80]
    return before[-1] if before else (after[0] if after else None)


_NUMBER = re.compile(r"\d[\d.,]*\d|\d|\b(?:AA|A|BB|B|CC|C|D|WTP|WDP|TMP|TW)\b")  # figures and grades


def _printed_values(rec: IndicatorRecord | BudgetRecord) -> tuple[str, ...]:
    cells = (
        (rec.target, rec.realisasi, rec.capaian)
        if isinstance(rec, IndicatorRecord)
        else (rec.pagu, rec.realisasi, rec.persen)
    )
    return tuple(t for c in cells if c is not None for t in _NUMBER.findall(c.raw))


_DASH_CELL = re.compile(r"(?<!\S)[-–—](?!\S)")  # an empty cell printed as a dash
_WORD = re.compile(r"[^\W\d_]{3,}")


def _row_of_figures(text: str, numbers: Sequence[str]) -> bool:
    """A table row of any table, one lakip read or not (a year-by-year trend 'Target 75% - - -
    77,5%', a transposed table): three figures or dashes or more after at most two words, no
    full stop. Nobody states a figure like that in prose."""
    if not numbers or text.rstrip().endswith("."):
        return False
    cells = len(numbers) + (len(_DASH_CELL.findall(text)) if len(numbers) < 3 else 0)
    return cells >= 3 and len(_WORD.findall(_without_rp(text))) <= 2


def _without_rp(text: str) -> str:
    return re.sub(r"\bRp\b", "", text)


def prose_only(inp: AuditInput) -> tuple[TextLine, ...]:
    """The narrative without the table rows a PDF text layer repeats on the table's page: a line
    that ends with a record's printed values (no full stop), or holds figures of that page's rows
    and one word at most. Such rows are no statements, and their numbers would pass for stated
    figures."""
    rows: dict[int, list[tuple[str, ...]]] = {}
    records: list[IndicatorRecord | BudgetRecord] = [*inp.indicators, *inp.budget]
    for rec in records:
        if rec.provenance.page is not None and (values := _printed_values(rec)):
            rows.setdefault(rec.provenance.page, []).append(values)
    figures = {page: {v for values in page_rows for v in values} for page, page_rows in rows.items()}
    out = []
    for ln in inp.narrative:
        page = ln.page if ln.page is not None else -1
        page_rows = rows.get(page)
        numbers = tuple(_NUMBER.findall(ln.text))
        if _row_of_figures(ln.text, numbers):
            out.append(TextLine("", ln.page, ln.line, ln.bbox))
            continue
        if page_rows and numbers and not ln.text.rstrip().endswith("."):
            # figures of the page's rows with one word at most: a row cell by cell ('Realisasi 72,5')
            few_words = len(_WORD.findall(_without_rp(ln.text))) <= 1
            if (few_words and set(numbers) <= figures[page]) or any(numbers[-len(v) :] == v for v in page_rows):
                ln = TextLine("", ln.page, ln.line, ln.bbox)  # keeps the paragraph break
        out.append(ln)
    return tuple(out)
