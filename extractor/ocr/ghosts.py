"""Words read twice over the same ink: the weaker reading dropped.

Reading a table band as one uniform block, Tesseract sometimes lays a second text line over a
line it has read already: where the cells of one row sit at different heights (middle-aligned
labels beside one-line figures) it returns fragments of the same glyphs again, on a line of
their own ('84,24 %' with a '2' under it, 'regulasi' with 'si'), and a header strip read again
alone can leave its reading of a line beside the band's ('bumlah | Cictam' over 'Jumlah
Laporan Sistem'). Joined into cells, those fragments damage figures ('84,24 2 %') and labels.
Two words on different lines do not cover the same ink on a printed page, so where they do,
the one with fewer confidently read letters and digits is a ghost. Boxes alone are not proof:
the lines of a tightly set header ('Target' over 'Renstra') overlap too, so the two must also
sit on one line of ink (``SAME_LINE`` of the taller box's height) or read alike (one inside the
other: 'ng' in 'Keuangan', '2' in '84,24'). The upper ring of a small '%' read apart as '°' or
'0' on the line above ('° % 93,8') goes too.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from extractor.models import Word

COVERED = 0.4  # share of a word's box another line's word covers for the two to be one reading
SAME_LINE = 0.5  # share of the taller box's height two boxes share when they read one line of ink
ALIKE = 70.0  # rapidfuzz partial ratio at which the shorter text reads as part of the longer


def _area(w: Word) -> float:
    return max(0.0, w.x1 - w.x0) * max(0.0, w.bottom - w.top)


def _covered(a: Word, b: Word) -> float:
    """Share of ``a``'s box that ``b``'s box covers."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    area = _area(a)
    if width <= 0 or height <= 0 or area <= 0:
        return 0.0
    return width * height / area


def _alnum(w: Word) -> str:
    return "".join(ch for ch in w.text.lower() if ch.isalnum())


def _same_ink(a: Word, b: Word) -> bool:
    """The two boxes read one stretch of ink: on one line, or one text part of the other."""
    shared = min(a.bottom, b.bottom) - max(a.top, b.top)
    if shared >= SAME_LINE * max(a.bottom - a.top, b.bottom - b.top):
        return True
    x, y = _alnum(a), _alnum(b)
    return bool(x and y) and fuzz.partial_ratio(x, y) >= ALIKE


def one_reading(a: Word, b: Word) -> bool:
    """``a`` and ``b`` are two readings of one word: the larger box covers ``COVERED`` of the
    smaller, and they read one stretch of ink (``_same_ink``)."""
    small, large = (a, b) if _area(a) <= _area(b) else (b, a)
    return _covered(small, large) >= COVERED and _same_ink(a, b)


def _weight(w: Word) -> float:
    """Letters and digits read, weighted by confidence: what a reading is worth."""
    return sum(ch.isalnum() for ch in w.text) * max(w.conf, 0.0)


def drop_ghosts(words: Sequence[Word]) -> tuple[Word, ...]:
    """``words`` without those another line's word reads over (``one_reading``) with more
    weight; equal readings both stay. Order is kept. The rings of '%' signs read apart go first:
    a ring outweighs the '%' it came from, which has no letters."""
    words = [w for w in words if not _percent_top(w, words)]
    ranked = sorted(range(len(words)), key=lambda i: words[i].x0)
    ghosts: set[int] = set()
    for n, i in enumerate(ranked):
        a = words[i]
        for j in ranked[n + 1 :]:
            b = words[j]
            if b.x0 >= a.x1:
                break
            if a.line == b.line:
                continue
            if not one_reading(a, b):
                continue
            wa, wb = _weight(a), _weight(b)
            if wa != wb:
                ghosts.add(i if wa < wb else j)
    return tuple(w for k, w in enumerate(words) if k not in ghosts)


_RING = frozenset("°ºoO0")  # what the upper ring of a small '%' reads as, alone


def _percent_top(speck: Word, words: Sequence[Word]) -> bool:
    """``speck`` is the upper ring of a '%' read again as a word of its own on the line above
    ('°' over '93,8 %', '0' over '100 %'): one ring character whose box lies over the top half
    of the '%' at the right end of a word on another line."""
    if speck.text not in _RING:
        return False
    middle = (speck.top + speck.bottom) / 2
    for w in words:
        height = w.bottom - w.top
        if w.line == speck.line or not w.text.endswith("%") or height <= 0:
            continue
        over_sign = speck.x0 < w.x1 and speck.x1 > w.x1 - 0.9 * height  # the '%' is about a glyph wide
        if over_sign and w.top - 0.25 * height <= middle <= w.top + 0.5 * height:
            return True
    return False
