"""Stage 2 — pages: cheap triage of every page, then the common word model for the pages that matter.

Triage reads pypdfium2's text layer (milliseconds a page) to decide which pages hold tables and
which need OCR, so that a 100-page report is table-parsed only on its handful of table pages.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Literal

from extractor.models import Page, Segment, TextLine, Word
from extractor.page_layout import Columns, Piece, Row, block_columns, columns_of, continues, table_rows
from extractor.pdfwords import pdfium_rules
from extractor.scanlayer import LayerSettings, check_page, image_words_agree, paint_summary
from extractor.vocabulary import HEADER_EXTRA, HEADER_WORD, HEADER_WORDS, RUPIAH, TABLE_CAPTION

log = logging.getLogger(__name__)

HiddenLayer = Literal["", "trusted", "rejected"]

_NUMBER = re.compile(r"(?<![\w.,])(?:" + RUPIAH + r"\s*)?\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?\s?%")
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
    picture_cover: float = 0.1  # a captioned table drawn as a picture this large is read by OCR
    min_common_ratio: float = 0.04  # below this share of common words the text layer is garbage
    max_garbled_ratio: float = 0.2  # above this share of garbled tokens ('K0fo', 'kinerj;') likewise
    max_unreadable_ratio: float = 0.5  # above this share of non-word tokens, with or without an image
    min_judged_tokens: int = 8  # fewer tokens than this are too few to call a text layer garbage
    min_table_rows: int = 3  # lines laid out as table rows (page_layout) that make a table page
    check_hidden_layer: bool = True  # judge a scan's hidden text layer against its image (scanlayer)
    # judge a doubtful text layer (no common word among its tokens, no page image) against what
    # the rendered page shows; below this share of shared words it is read by OCR (0 turns it off)
    min_layer_agreement: float = 0.3
    layer: LayerSettings = field(default_factory=LayerSettings)

    def __post_init__(self) -> None:
        if not 0 < self.picture_cover <= self.image_cover <= 1 or not 0 <= self.min_common_ratio < 1:
            raise ValueError("need 0 < picture_cover <= image_cover <= 1 and min_common_ratio in [0, 1)")
        if not 0 <= self.min_layer_agreement < 1:
            raise ValueError("min_layer_agreement must be a share in [0, 1)")


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
    table_reason: str = ""  # why it is a table page (see ``table_reason``); "" when it is not
    hidden_layer: HiddenLayer = ""  # a scan's hidden text layer: read ("trusted") or OCR'd instead


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
    """The table-page predicate for OCR words: the text rules, or three rows laid out as a table."""
    lines = lines_from_words(words)
    if looks_like_table(lines) or any(is_header_line(line) for line in lines):
        return True
    pieces = (Piece(w.x0, w.top, w.x1, w.bottom, w.text) for w in words)
    return len(table_rows(pieces)) >= TriageSettings().min_table_rows


# function words rule a header line out
_FUNCTION_WORDS = frozenset(
    "dan yang di ke dari untuk dalam pada dengan ini itu adalah telah akan oleh".split()
)


def is_header_line(line: str) -> bool:
    """A table's header row as a text line: short, three or more distinct header words, mostly
    header-like words (years, 'No', '(Rp)' count), and no function words ('dan', 'yang': prose)."""
    words = line.split()
    if not 3 <= len(words) <= 14 or ".." in line:  # long: prose; leader dots: a contents line
        return False
    lowered = line.lower()
    if len({m.group(1) for m in HEADER_WORD.finditer(lowered)}) < 3:
        return False
    tokens = [t for t in (w.strip(".,:;()[]/").lower() for w in words) if t]
    if any(t in _FUNCTION_WORDS for t in tokens):
        return False
    headerish = sum(1 for t in tokens if t in HEADER_EXTRA or t.isdigit() or HEADER_WORD.match(t))
    return headerish >= 0.6 * len(tokens)


def captions(lines: Iterable[str]) -> list[str]:
    """Numbered table captions ('Tabel 3.1 ...') starting a line, leader-dotted contents lines not."""
    return [line for line in lines if TABLE_CAPTION.match(line) and ".." not in line]


def table_reason(
    lines: Sequence[str],
    rows: Sequence[Row],
    previous: Columns,
    settings: TriageSettings,
    has_grid: Callable[[int], bool] = lambda rules: False,
) -> str:
    """Why a page that the number rules passed over is a table page ("" when it is not): a header
    line, enough table rows, rows in the previous table page's columns, a caption, or a table
    row on a ruled grid (``has_grid`` is only called then: it reads the page's paths; its argument
    is how many crossed rules make a grid)."""
    if count_header_words(lines) >= 3 and any(is_header_line(line) for line in lines):
        return "header line"
    if len(rows) >= settings.min_table_rows:
        return "table rows"
    if previous and any(continues(row, previous) for row in rows):
        return "rows continue the previous page's columns"
    if 0 < len(captions(lines)) <= 3:
        return "caption"
    if (rows or previous) and has_grid(1 if previous else 3):
        # after a table page even one ruled row counts: Word breaks a tall row across the page
        return "table row on a ruled grid"
    return ""


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


_WORD = re.compile(r"[^\W\d_]+(?:[-'.][^\W\d_]+)*\.?")
_VOWELS = frozenset("aeiouyAEIOUY")
_ODD_CASE = re.compile(r"[a-z][A-Z]")
_JUDGED_TOKENS = 200  # tokens of a page judged for readability: a share settles long before
SIDEWAYS_TEXT = "text drawn sideways on the page (a landscape table turned onto a portrait page)"
UNREADABLE_LAYER = "text layer is not readable text (a font without a Unicode map)"


def unreadable_ratio(lines: Iterable[str]) -> tuple[float, int]:
    """Share of tokens that are neither numbers, codes nor plausible words, and the number of tokens
    judged. A font without a usable ToUnicode map (Type3, re-encoded subsets) yields codes such
    as 'ME92@E+!F8' or 'kQzR' for glyphs that look right on the page."""
    raw = itertools.islice((t for line in lines for t in line.split()), _JUDGED_TOKENS)  # a share needs no more
    tokens = [t.strip(".,:;()[]\"'%/-") for t in raw]
    tokens = [t for t in tokens if t and not _CODE_LIKE.match(t) and not t.isdigit()]
    if not tokens:
        return 0.0, 0

    def readable(token: str) -> bool:
        if not _WORD.fullmatch(token) or _ODD_CASE.search(token):
            return False
        return len(token) <= 3 or any(ch in _VOWELS for ch in token)

    return sum(1 for t in tokens if not readable(t)) / len(tokens), len(tokens)


def triage_pdf(
    path: Path, *, password: str | None = None, settings: TriageSettings | None = None
) -> list[PageTriage]:
    """Classify every page from the text layer alone; never renders or parses tables."""
    import pypdfium2 as pdfium

    settings = settings or TriageSettings()
    pdf = pdfium.PdfDocument(str(path), password=password)
    result = []
    previous: Columns = ()
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                triage, previous = _triage_page(page, index + 1, settings, previous)
            finally:
                page.close()
            result.append(triage)
    finally:
        pdf.close()
    return result


def _triage_page(
    page: object, number: int, settings: TriageSettings, previous: Columns
) -> tuple[PageTriage, Columns]:
    """One page's triage, and the columns of its table rows if it is a table page (for the next)."""
    width, height = page.get_size()  # type: ignore[attr-defined]
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        text = textpage.get_text_bounded()
        lines = tuple(line.strip() for line in text.replace("\r", "").split("\n") if line.strip())
        paints = paint_summary(page, width, height, settings.image_cover)
        triage = _classify(number, width, height, lines, paints.image_cover, settings)
        if not triage.needs_ocr and sideways_share(textpage) > 0.5:
            triage = replace(triage, needs_ocr=True, is_table_page=False, reason=SIDEWAYS_TEXT)
        if not triage.needs_ocr and settings.check_hidden_layer and paints.hidden_text >= 0.5:
            triage = _judge_hidden_layer(page, textpage, triage, settings)
        elif not triage.needs_ocr and _doubtful(triage, settings):
            triage = _judge_doubtful_layer(page, triage, settings)
        if triage.needs_ocr:
            return triage, ()
        pieces = _text_pieces(textpage, height)
        if triage.is_table_page:  # by its numbers: only its columns are wanted, for the next page
            return replace(triage, table_reason="numbers"), block_columns(pieces)
        rows = table_rows(pieces, partial(_text_in, textpage, height))
    finally:
        textpage.close()
    reason = table_reason(lines, rows, previous, settings, partial(_has_grid, page, height))
    if reason in ("", "caption") and _picture_table(triage, rows, settings):
        return replace(triage, needs_ocr=True, reason=PICTURE_TABLE), ()
    triage = replace(triage, is_table_page=bool(reason), table_reason=reason)
    return triage, columns_of(rows) if reason else ()


PICTURE_TABLE = "a table caption over a picture: a table pasted as an image"


def sideways_share(textpage: object, sample: int = 24) -> float:
    """The share of a page's characters drawn turned a quarter (PDFium's char angle): a landscape
    table printed onto a portrait page without a /Rotate. Its words would read one letter per
    line, so the page is read as an image, which OCR turns upright. A sample of the characters."""
    import pypdfium2.raw as c

    raw = textpage.raw  # type: ignore[attr-defined]
    n = c.FPDFText_CountChars(raw)
    if n <= 0:
        return 0.0
    picks = range(0, n, max(1, n // sample))
    turned = sum(1 for i in picks if abs(abs(c.FPDFText_GetCharAngle(raw, i)) % math.pi - math.pi / 2) < 0.2)
    return turned / len(picks)


def _picture_table(triage: PageTriage, rows: Sequence[Row], settings: TriageSettings) -> bool:
    """A page whose text names a table ('Tabel 3.5 ...') that its text layer does not hold, beside
    a large picture: the table was pasted as an image (Excel 'paste as picture', a screenshot of
    the treasury's report), so only OCR can read it."""
    if triage.hidden_layer or triage.image_cover < settings.picture_cover:  # a scan's own layer was judged
        return False
    return bool(captions(triage.lines)) and len(rows) < settings.min_table_rows


def _judge_hidden_layer(
    page: object, textpage: object, triage: PageTriage, settings: TriageSettings
) -> PageTriage:
    """A scan whose scanner left its OCR as hidden text: read that layer only if it sits on the
    image's print (``scanlayer``), else send the page to OCR."""
    if triage.image_cover < settings.image_cover:
        return triage
    check = check_page(page, textpage, settings.layer)
    log.info("page %d: %s", triage.number, check.reason)
    verdict: HiddenLayer = "trusted" if check.trusted else "rejected"
    return replace(triage, needs_ocr=not check.trusted, reason=check.reason, hidden_layer=verdict)


def _doubtful(triage: PageTriage, settings: TriageSettings) -> bool:
    """A text layer of enough words, none of them a common one, on a page without a scan image:
    plausible-looking codes may stand for the glyphs of a font without a Unicode map."""
    if settings.min_layer_agreement <= 0 or triage.image_cover >= settings.image_cover:
        return False
    words = [t for line in triage.lines for t in line.split() if any(ch.isalpha() for ch in t)]
    return len(words) >= settings.min_judged_tokens and common_word_ratio(triage.lines) < settings.min_common_ratio


def _judge_doubtful_layer(page: object, triage: PageTriage, settings: TriageSettings) -> PageTriage:
    """Read the page image once (``scanlayer.image_words_agree``); a layer that holds few of the
    words it shows is not the page's text, and the page goes to OCR."""
    agreement = image_words_agree(page, triage.lines)
    if agreement is None:
        log.info("page %d: doubtful text layer kept, Tesseract unavailable to check it", triage.number)
        return triage
    share, seen = agreement
    if seen < settings.min_judged_tokens or share >= settings.min_layer_agreement:
        return triage
    reason = f"{UNREADABLE_LAYER}: it holds {share:.0%} of the {seen} words the page image shows"
    log.info("page %d: %s", triage.number, reason)
    return replace(triage, needs_ocr=True, is_table_page=False, reason=reason)


def _text_pieces(textpage: object, height: float) -> list[Piece]:
    """PDFium's text rectangles (a run of text each), top-left origin; no per-character calls."""
    count = textpage.count_rects()  # type: ignore[attr-defined]
    out = []
    for k in range(count):
        left, bottom, right, top = textpage.get_rect(k)  # type: ignore[attr-defined]
        out.append(Piece(left, height - top, right, height - bottom))
    return out


def _text_in(textpage: object, height: float, x0: float, top: float, x1: float, bottom: float) -> str:
    text: str = textpage.get_text_bounded(x0 - 0.5, height - bottom - 0.5, x1 + 0.5, height - top + 0.5)  # type: ignore[attr-defined]
    return " ".join(text.split())


def _has_grid(page: object, height: float, rules: int = 3) -> bool:
    return has_grid(pdfium_rules(page, height), rules=rules)


def has_grid(segments: Sequence[Segment], tol: float = 2.0, rules: int = 3) -> bool:
    """``rules`` (or more) horizontal rules each crossed by three or more vertical rules."""
    hs = [s for s in segments if s.horizontal]
    vs = [s for s in segments if not s.horizontal]
    crossed = 0
    for h in hs:
        crossings = sum(
            1 for v in vs if h.x0 - tol <= v.x0 <= h.x1 + tol and v.top - tol <= h.top <= v.bottom + tol
        )
        crossed += crossings >= 3
        if crossed >= rules:
            return True
    return False


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
    else:
        share, judged = unreadable_ratio(lines)
        if judged >= settings.min_judged_tokens and share > settings.max_unreadable_ratio:
            needs_ocr, reason = True, UNREADABLE_LAYER
    is_table = not needs_ocr and looks_like_table(lines, settings)
    return PageTriage(number, width, height, chars, lines, numbers, hits, cover, is_table, needs_ocr, reason)


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
