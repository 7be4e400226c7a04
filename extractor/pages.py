"""Stage 2 — pages: cheap triage of every page, then the common word model for the pages that matter.

Triage reads pypdfium2's text layer (milliseconds a page) to decide which pages hold tables and
which need OCR, so that a 100-page report is table-parsed only on its handful of table pages.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from extractor.models import Page, TextLine, Word

log = logging.getLogger(__name__)

HEADER_WORDS = (
    "indikator",
    "target",
    "realisasi",
    "capaian",
    "sasaran",
    "pagu",
    "anggaran",
    "persentase",
    "uraian",
    "program",
    "kegiatan",
    "satuan",
    "alokasi",
)
_NUMBER = re.compile(r"(?<![\w.,])(?:Rp\.?\s*)?\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?\s?%")
COMMON_WORDS = frozenset(
    [
        "dan",
        "yang",
        "di",
        "ke",
        "dari",
        "untuk",
        "dalam",
        "pada",
        "dengan",
        "ini",
        "itu",
        "tahun",
        "kinerja",
        "kpu",
        "komisi",
        "pemilihan",
        "umum",
        "laporan",
        "sebesar",
        "target",
        "realisasi",
        "capaian",
        "anggaran",
        "program",
        "kegiatan",
        "sasaran",
        "indikator",
        "persentase",
        "jumlah",
        "nilai",
        "tersebut",
        "adalah",
        "atau",
        "oleh",
        "secara",
        "telah",
        "akan",
        "tidak",
        "sesuai",
        "serta",
        "bab",
        "the",
        "of",
    ]
)


@dataclass(frozen=True)
class TriageSettings:
    """Thresholds of the cheap page triage; defaults suit A4 reports."""

    min_chars: int = 40  # fewer characters than this: the page needs OCR
    min_numbers: int = 4  # numeric tokens needed, with header words, to call a page a table page
    dense_numbers: int = 10  # numeric tokens that make a page a table page on their own
    image_cover: float = 0.6  # an image covering this share of the page marks a scan
    min_common_ratio: float = 0.04  # below this share of common words the text layer is garbage
    max_garbled_ratio: float = 0.2  # above this share of garbled tokens ('K0fo', 'kinerj;') likewise

    def __post_init__(self) -> None:
        if not 0 < self.image_cover <= 1 or not 0 <= self.min_common_ratio < 1:
            raise ValueError("image_cover must be in (0, 1] and min_common_ratio in [0, 1)")


@dataclass(frozen=True)
class PageTriage:
    number: int
    width: float
    height: float
    chars: int
    lines: tuple[str, ...]
    numbers: int
    header_hits: int
    image_cover: float
    is_table_page: bool
    needs_ocr: bool
    reason: str


def count_numbers(lines: Iterable[str]) -> int:
    return sum(len(_NUMBER.findall(line)) for line in lines)


def count_header_words(lines: Iterable[str]) -> int:
    text = " ".join(lines).lower()
    return sum(1 for word in HEADER_WORDS if word in text)


def looks_like_table(lines: Sequence[str], settings: TriageSettings | None = None) -> bool:
    """The table-page predicate shared by PDF text layers and low-DPI OCR words."""
    settings = settings or TriageSettings()
    numbers = count_numbers(lines)
    if numbers >= settings.dense_numbers:
        return True
    hits = count_header_words(lines)
    # a table's last row alone on a page still has its repeated header above it
    return (numbers >= settings.min_numbers and hits >= 2) or (numbers >= 2 and hits >= 4)


def words_look_like_table(words: Sequence[Word]) -> bool:
    return looks_like_table(lines_from_words(words))


def common_word_ratio(lines: Iterable[str]) -> float:
    tokens = [t.strip(".,:;()\"'").lower() for line in lines for t in line.split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if t in COMMON_WORDS) / len(tokens)


_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,}(?:[./-][A-Z0-9]+)+$|^\d[\d.,%]*$")
_GARBLED = re.compile(r"[A-Za-z][0-9^`~|;\\]|[0-9^`~|\\][A-Za-z]|[A-Za-z][;:,][A-Za-z]")


def garbled_ratio(lines: Iterable[str]) -> float:
    """Share of tokens mixing letters with digits or stray symbols inside a word ('K0fo', 'tarqef;',
    'perw^judau'): what an old bad OCR run leaves in a text layer. Codes and numbers do not count."""
    tokens = [t.strip(".,:;()\"'") for line in lines for t in line.split()]
    tokens = [t for t in tokens if len(t) >= 3 and not _CODE_LIKE.match(t)]
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if _GARBLED.search(t)) / len(tokens)


def triage_pdf(
    path: Path, *, password: str | None = None, settings: TriageSettings | None = None
) -> list[PageTriage]:
    """Classify every page from the text layer alone; never renders or parses tables."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    settings = settings or TriageSettings()
    pdf = pdfium.PdfDocument(str(path), password=password)
    result = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            textpage = page.get_textpage()
            text = textpage.get_text_bounded()
            textpage.close()
            lines = tuple(line.strip() for line in text.replace("\r", "").split("\n") if line.strip())
            covered = 0.0
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
                left, bottom, right, top = obj.get_bounds()
                covered = max(covered, (right - left) * (top - bottom) / max(width * height, 1.0))
            page.close()
            result.append(_classify(index + 1, width, height, lines, min(covered, 1.0), settings))
    finally:
        pdf.close()
    return result


def _classify(
    number: int, width: float, height: float, lines: tuple[str, ...], cover: float, settings: TriageSettings
) -> PageTriage:
    chars = sum(len(line) for line in lines)
    numbers = count_numbers(lines)
    hits = count_header_words(lines)
    needs_ocr, reason = False, "text layer"
    if chars < settings.min_chars:
        needs_ocr, reason = True, "no text layer" if chars == 0 else "too little text"
    elif cover >= settings.image_cover and (
        common_word_ratio(lines) < settings.min_common_ratio
        or garbled_ratio(lines) > settings.max_garbled_ratio
    ):
        needs_ocr, reason = True, "garbage text layer over a page image"
    is_table = not needs_ocr and looks_like_table(lines, settings)
    return PageTriage(number, width, height, chars, lines, numbers, hits, cover, is_table, needs_ocr, reason)


def assign_lines(words: Sequence[Word], page: int) -> tuple[Word, ...]:
    """Number words into text lines by vertical overlap, left to right; ``word`` indexes the line."""
    ordered = sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0))
    lines: list[list[Word]] = []
    for w in ordered:
        mid = (w.top + w.bottom) / 2
        if lines:
            last = lines[-1]
            top = min(x.top for x in last)
            bottom = max(x.bottom for x in last)
            if top - 0.5 <= mid <= bottom + 0.5:
                last.append(w)
                continue
        lines.append([w])
    out = []
    for line_no, line in enumerate(lines, start=1):
        for word_no, w in enumerate(sorted(line, key=lambda x: x.x0), start=1):
            out.append(Word(page, line_no, word_no, w.text, w.conf, w.x0, w.top, w.x1, w.bottom))
    return tuple(out)


def lines_from_words(words: Sequence[Word]) -> list[str]:
    by_line: dict[int, list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    return [" ".join(w.text for w in sorted(ws, key=lambda w: w.x0)) for _, ws in sorted(by_line.items())]


def narrative_lines(triage: Sequence[PageTriage]) -> tuple[TextLine, ...]:
    """Every text-layer line with its page, for metadata detection and narrative audits."""
    out = []
    for page in triage:
        for i, line in enumerate(page.lines, start=1):
            out.append(TextLine(line, page.number, i))
    return tuple(out)


def page_text_lines(page: Page) -> tuple[TextLine, ...]:
    """Lines of an OCR'd page, in the same form as text-layer narrative lines."""
    return tuple(
        TextLine(text, page.number, i) for i, text in enumerate(lines_from_words(page.words), start=1)
    )
