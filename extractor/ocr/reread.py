"""A second look at table figures: numbers re-read on their own, digits only, no dictionary.

Read inside a table line, Tesseract turns a small '%' into '96', '16' or 'Yo', and splits
'33.801.000,-' at a wide thousands dot. The same figure cut out and read alone, restricted to
digits and separators and without the word lists, comes back right far more often. Every
numeric phrase of a table band (adjacent words made only of digits and separators) is cut out
of the prepared grey image, all of a page's phrases are stacked into one image so Tesseract
starts once per page (twice when it skipped some), and a re-read replaces the first reading only
when it is a well-formed number while the first reading was not (or only lacked the '%' that
Tesseract is known to misread); a well-formed figure read so surely that no re-read could win
is left out of the stack. Account codes ('6709.QGE.001') are not re-read at all, and
a whitelisted read of any other letters comes back with confidence 0, too low to count. A
replaced word carries the re-read's own confidence, so a doubtful figure still looks doubtful
downstream.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from extractor.models import Segment, Word
from extractor.ocr.tesseract import NUMERIC_WHITELIST

log = logging.getLogger(__name__)

READ_CONFIG = (
    f"--psm 6 -c tessedit_char_whitelist={NUMERIC_WHITELIST} -c load_system_dawg=0 -c load_freq_dawg=0"
)
RETRY_CONFIG = READ_CONFIG.replace("--psm 6", "--psm 11") + " -c thresholding_method=2"
SURE_MARGIN = 20.0  # confidence points a re-read needs over a well-formed first reading
MIN_CONF = 10.0  # digits-only reads of letters come back at 0; real digit reads score higher
MAX_GAP = 0.6  # words closer than this many glyph heights may be one number split in two
MARGIN = 3  # pixels kept around a phrase's box: Tesseract's boxes are tight to the ink
CHUNK = 150  # phrases per stacked image; keeps the image well inside Tesseract's limits
DIGIT_ASPECT = 0.65  # a digit's width over its height, as table faces print it (serif to mono)
ROOM = 0.8  # digits' worth of width past its characters that says a box holds a digit more
LOST_DIGIT_CONF = 50.0  # a re-read putting back a digit the first reading lost must be this sure
LOST_CONF = 10.0  # a first reading below this is no reading: a fairly sure well-formed re-read wins

_NUMBER = re.compile(
    r"^-?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)(?:%|,-|,00|-)?$"
)
_NUMERIC_CHARS = re.compile(r"^[\d.,%\-]+$")
_PERCENT_LOOKALIKES = re.compile(r"(?:96|16|Yo|%o|o/o|o)$")
_DIGIT = re.compile(r"\d")
_CODE = re.compile(r"[A-Z]{2,}")  # 'QGE', 'EBA', 'CQ': an account code, not a figure
_PERCENT_WORD = re.compile(r"^(?:Yo|%o|o/o|°o)$")

ReadFunction = Callable[[np.ndarray, str], tuple[Word, ...]]
"""OCR of a stacked image with the given Tesseract options: words in that image's pixels."""


def well_formed(text: str) -> bool:
    """A number as tables print it: grouped thousands, a decimal part, '%' or ',-' at the end."""
    return bool(_NUMBER.match(text))


def _numberish(text: str, after_number: bool = False) -> bool:
    """Could be (part of) a printed number: any digit, only separators (a split-off ',-'), or
    right after a number, a '%' read as a separate look-alike word ('94,4 Yo')."""
    if any(ch.isdigit() for ch in text) or _NUMERIC_CHARS.match(text):
        return True
    return after_number and bool(_PERCENT_WORD.match(text))


def prefer_reread(
    first: str, again: str, conf: float, first_conf: float = 100.0, roomy: bool = False
) -> bool:
    """Whether the digits-only re-read ``again`` (confidence ``conf``) should replace the first
    reading ``first`` (confidence ``first_conf``).

    Only a well-formed re-read counts. It wins over a malformed first reading. Over a
    well-formed one it wins when it restores a '%' that the first reading turned into a
    look-alike ('9096' -> '90%'), or when it differs only in digits and is much surer
    ('41.552.011.818' at 48 -> '41.552.911.818' at 86); a good '3.4' never becomes '34'. A
    first reading whose box has room for a digit more than it holds (``roomy``: '7' over the
    ink of '75') takes a fairly sure re-read that is it with one digit put back, and one read
    below ``LOST_CONF`` any fairly sure re-read.
    """
    if not well_formed(again) or again == first:
        return False
    if conf < MIN_CONF:  # letters read digits-only, unless the digits agree with the first reading
        return restores_percent(first, again)
    if not well_formed(first):
        return True
    if roomy and conf >= LOST_DIGIT_CONF and _one_digit_more(first, again):
        return True
    if first_conf < LOST_CONF and conf >= max(LOST_DIGIT_CONF, first_conf + SURE_MARGIN):
        return True  # a first reading Tesseract itself gave up on ('07%' at 0 over '86,67%')
    if again.endswith("%") and not first.endswith("%"):
        return restores_percent(first, again)
    same_shape = _DIGIT.sub("0", first) == _DIGIT.sub("0", again)
    return same_shape and conf >= first_conf + SURE_MARGIN


def restores_percent(first: str, again: str) -> bool:
    """The re-read is the first reading with its '%' look-alike put right ('100 Yo' -> '100%',
    '9096' -> '90%'): the same digits, so even a re-read whose '%' Tesseract scored at 0 is sure."""
    if not again.endswith("%") or first.endswith("%"):
        return False
    stem, joined = again[:-1], first.replace(" ", "")
    return joined.startswith(stem) and bool(_PERCENT_LOOKALIKES.match(joined[len(stem) :]))


def _one_digit_more(first: str, again: str) -> bool:
    """``again`` is ``first`` with one digit added somewhere ('7' -> '75', '8,5' -> '88,5')."""
    return len(again) == len(first) + 1 and any(
        again[i].isdigit() and again[:i] + again[i + 1 :] == first for i in range(len(again))
    )


def roomy(phrase: Sequence[Word]) -> bool:
    """The phrase's box is wider than its characters and most of one digit more could fill
    (``DIGIT_ASPECT``, ``ROOM``): Tesseract read fewer digits than the ink holds."""
    chars = sum(len(w.text) for w in phrase)
    width = max(w.x1 for w in phrase) - min(w.x0 for w in phrase)
    height = float(np.median([w.bottom - w.top for w in phrase]))
    return height > 0 and width > (chars + ROOM) * DIGIT_ASPECT * height


def settled(first: str, first_conf: float, room: bool = False) -> bool:
    """No re-read could replace this first reading (``prefer_reread``), so it is not made: a
    well-formed number read surer than ``100 - SURE_MARGIN`` (no confidence clears it by the
    margin) that does not end in a '%' look-alike a well-formed number can hold ('96', '16'),
    in a box with no room for a digit it lost (``roomy``)."""
    if room or not well_formed(first) or first_conf + SURE_MARGIN <= 100.0:
        return False
    return first.endswith("%") or not first.endswith(("96", "16"))


def _crosses_rule(left: Word, right: Word, verticals: Sequence[Segment]) -> bool:
    middle = (left.top + left.bottom) / 2
    return any(left.x1 <= s.x0 <= right.x0 and s.top <= middle <= s.bottom for s in verticals)


def numeric_phrases(
    words: Sequence[Word], segments: Sequence[Segment], glyph_height: float
) -> list[tuple[Word, ...]]:
    """Runs of adjacent number-like words on one line, not crossing a vertical ruling line.

    Words join a run while the gap is under ``MAX_GAP`` glyph heights (a thousands dot read as
    a space); runs without a digit, and account codes ('6709.QGE.001', 'CQ.6639'), are dropped.
    Lines are the words' ``line`` numbers.
    """
    verticals = [s for s in segments if not s.horizontal]
    limit = MAX_GAP * glyph_height
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    phrases: list[tuple[Word, ...]] = []
    for line in lines.values():
        run: list[Word] = []
        for w in sorted(line, key=lambda x: x.x0):
            joins = run and w.x0 - run[-1].x1 <= limit and not _crosses_rule(run[-1], w, verticals)
            if run and not (joins and _numberish(w.text, after_number=True)):
                phrases.append(tuple(run))
                run = []
            if _numberish(w.text, after_number=bool(run)):
                run.append(w)
        if run:
            phrases.append(tuple(run))
    figures = [
        p
        for p in phrases
        if any(ch.isdigit() for w in p for ch in w.text) and not any(_CODE.search(w.text) for w in p)
    ]
    marks = [
        (w,)
        for line in lines.values()
        if _has_figure(line)
        for w in line
        if _figure_sized_mark(w, glyph_height)
    ]
    return figures + marks


def _has_figure(line: Sequence[Word]) -> bool:
    return any(well_formed(w.text) for w in line)


def _figure_sized_mark(word: Word, glyph_height: float) -> bool:
    """A word of one or two marks, no letter or digit, as tall and wide as a figure's digits
    ('»' over the ink of '72'): on a line of figures, a figure Tesseract could not read. A dash,
    a dot or a speck is smaller."""
    text = word.text.strip()
    return (
        0 < len(text) <= 2
        and text != "%"
        and not any(ch.isalnum() for ch in text)
        and word.bottom - word.top >= 0.7 * glyph_height
        and word.x1 - word.x0 >= 0.9 * glyph_height
    )


def stack(crops: Sequence[np.ndarray], gap: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Crops one under another on white, ``gap`` pixels apart: (image, row span of each crop)."""
    width = max(c.shape[1] for c in crops) + 2 * gap
    height = sum(c.shape[0] for c in crops) + gap * (len(crops) + 1)
    canvas = np.full((height, width), 255, dtype=np.uint8)
    spans, y = [], gap
    for c in crops:
        canvas[y : y + c.shape[0], gap : gap + c.shape[1]] = c
        spans.append((y, y + c.shape[0]))
        y += c.shape[0] + gap
    return canvas, spans


def _crop(image: np.ndarray, phrase: Sequence[Word], ppp: float) -> np.ndarray:
    """The phrase's box with a small margin, its darkest ink stretched to black.

    Faint print (a light grey figure in a blurred scan) makes Tesseract drop the whole line
    from a stack without a trace; the same crop with full contrast reads fine.
    """
    rows, cols = image.shape[:2]
    x0 = max(0, int(min(w.x0 for w in phrase) / ppp) - MARGIN)
    y0 = max(0, int(min(w.top for w in phrase) / ppp) - MARGIN)
    x1 = min(cols, int(np.ceil(max(w.x1 for w in phrase) / ppp)) + MARGIN)
    y1 = min(rows, int(np.ceil(max(w.bottom for w in phrase) / ppp)) + MARGIN)
    crop = image[y0:y1, x0:x1]
    darkest = int(crop.min()) if crop.size else 255
    if darkest >= 200:
        return crop
    stretched = (crop.astype(np.float32) - darkest) * (255.0 / (255 - darkest))
    return np.clip(stretched, 0, 255).astype(np.uint8)


def _read_stacked(crops: Sequence[np.ndarray], gap: int, read: ReadFunction, config: str) -> list[list[Word]]:
    """The words read from each crop, stacked ``CHUNK`` at a time."""
    found: list[list[Word]] = []
    for start in range(0, len(crops), CHUNK):
        canvas, spans = stack(crops[start : start + CHUNK], gap)
        chunk: list[list[Word]] = [[] for _ in spans]
        for w in read(canvas, config):
            middle = (w.top + w.bottom) / 2
            for i, (top, bottom) in enumerate(spans):
                if top - gap / 2 <= middle <= bottom + gap / 2:
                    chunk[i].append(w)
                    break
        found.extend(chunk)
    return found


def reread_numbers(
    words: Sequence[Word],
    image: np.ndarray,
    points_per_pixel: float,
    segments: Sequence[Segment],
    glyph_height: float,
    read: ReadFunction,
) -> tuple[tuple[Word, ...], int]:
    """``words`` with their numeric phrases re-read where ``prefer_reread`` says so; a phrase
    no re-read could replace (``settled``: most figures of a clean table) is not read again.

    ``image`` is the prepared grey page the words' points map onto (``points_per_pixel``);
    ``glyph_height`` is in points. Tesseract now and then drops a perfectly legible line of the
    stack without a trace (its Otsu binarisation of that line fails); those crops, and those
    whose first reading and re-read are both malformed, get a second stack read as sparse text
    binarised by Sauvola's method, which recovers most of them. A replaced phrase becomes one
    word with the re-read's text and confidence over the phrase's box. Returns (words, number
    of phrases replaced).
    """
    phrases = numeric_phrases(words, segments, glyph_height)
    firsts = [" ".join(w.text for w in p) for p in phrases]
    crops = [_crop(image, p, points_per_pixel) for p in phrases]
    keep = [
        i
        for i, c in enumerate(crops)
        if min(c.shape[:2]) >= 4
        and not settled(firsts[i], min(w.conf for w in phrases[i]), roomy(phrases[i]))
    ]
    gap = int(max(20, 1.5 * glyph_height / points_per_pixel))
    chosen = _chosen_rereads(phrases, firsts, crops, keep, gap, read)
    return _with_rereads(words, phrases, chosen)


def _chosen_rereads(
    phrases: Sequence[Sequence[Word]],
    firsts: Sequence[str],
    crops: Sequence[np.ndarray],
    keep: Sequence[int],
    gap: int,
    read: ReadFunction,
) -> dict[int, tuple[str, float]]:
    """Per phrase index, the re-read (text, confidence) that replaces it: a stack read first, then
    the sparse Sauvola retry for what is left unread or malformed."""
    chosen: dict[int, tuple[str, float]] = {}
    todo = list(keep)
    for config in (READ_CONFIG, RETRY_CONFIG):
        if not todo:
            break
        unresolved = []
        for i, got in zip(todo, _read_stacked([crops[k] for k in todo], gap, read, config), strict=True):
            again = "".join(w.text for w in sorted(got, key=lambda x: x.x0))
            conf = min((w.conf for w in got), default=0.0)
            first_conf = min(w.conf for w in phrases[i])
            if got and prefer_reread(firsts[i], again, conf, first_conf, roomy(phrases[i])):
                # digits that agree with the first reading keep its confidence (``restores_percent``)
                chosen[i] = (again, conf if conf >= MIN_CONF else first_conf)
            elif not got or not well_formed(firsts[i]):
                unresolved.append(i)
        todo = unresolved
    return chosen


def _with_rereads(
    words: Sequence[Word], phrases: Sequence[Sequence[Word]], chosen: dict[int, tuple[str, float]]
) -> tuple[tuple[Word, ...], int]:
    """``words`` with each chosen phrase replaced by one word over the phrase's box."""
    replaced: dict[Word, Word | None] = {}
    for i, (again, conf) in chosen.items():
        phrase = phrases[i]
        replaced[phrase[0]] = replace(
            phrase[0],
            text=again,
            conf=conf,
            x0=min(w.x0 for w in phrase),
            top=min(w.top for w in phrase),
            x1=max(w.x1 for w in phrase),
            bottom=max(w.bottom for w in phrase),
        )
        replaced.update({w: None for w in phrase[1:]})
    out = []
    for w in words:
        if w not in replaced:
            out.append(w)
        elif (new := replaced[w]) is not None:
            out.append(new)
    return tuple(out), sum(1 for v in replaced.values() if v is not None)
