"""Figures a scan damaged, put right from the rest of their row (stage: normalise, OCR tables only).

Every repair here needs the row's own arithmetic (capaian = realisasi / target) to say what a
figure must be, and one reading alone to explain the row, or (``lost_comma``) the way the whole
column prints its figures and the row's unit; the raw text and a note of the repair stay on the
value. Nothing is guessed from the figure alone.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from extractor.models import CellValue
from extractor.values import ValueKind, parse_value
from extractor.vocabulary import GRADE_ORDER, MOST_PERCENT

# A '%' a scan read as a digit glued to its figure ('100.004', '754', '71,994'): Courier and other
# monospaced '%' signs come back as '4', '8' or '6'.
_GLUED_MARK = re.compile(r"^(\d[\d.,]*\d)\s*[4689]$")  # two digits at least stay
_GLUED_PAIR = re.compile(r"^(\d[\d.,]*\d)\s*(?:96|46|86)$")  # '84,4496': '%' read as '96', '46' or '86'
# ... or a short token after it: '102,35 >', '106,25 2', '89,00 % -', '100,00 Y6'
_TRAILING_MARK = re.compile(r"^(\d[\d.,]*\d)\s*%?\s+[^\s\d]?\S{0,2}$")
# ... or one letter or mark glued to a figure with decimals ('88,6t', '95,78#')
_GLUED_LETTER = re.compile(r"^(\d[\d.,]*[.,]\d{1,2})[^\s\d.,%]$")
# digits a scan mistakes for one another (closed or open loops, a lost or added stroke)
LOOKALIKE_DIGITS = frozenset(
    frozenset(p) for p in ("38", "58", "56", "68", "08", "89", "69", "06", "09", "17", "49", "14", "27", "35", "29")
)
_LOOKALIKE_PAIRS = tuple((a, b) for a, b in itertools.permutations("0123456789", 2) if frozenset((a, b)) in LOOKALIKE_DIGITS)
MAX_CAPAIAN = 1000.0  # a capaian above this is itself damaged ('95,11 %' read '95114'): no basis
_DECIMALS = re.compile(r"\d[.,](\d{1,3})(?!\d)")  # a mark OCR left after the figure ("90,36 8") does not hide them


def numeric(v: CellValue | None) -> float | int | str | None:
    """A cell's value, or None for no cell."""
    return None if v is None else v.value


def ocr_repairs(
    target: CellValue | None,
    realisasi: CellValue | None,
    capaian: CellValue | None,
    computed: float | None,
    higher: bool,
) -> tuple[CellValue | None, CellValue | None, CellValue | None]:
    """Figures OCR damaged, put right only where the other two figures of the row say what they
    must be (capaian = realisasi / target for a higher-is-better measure), and only when one
    reading alone explains the row (both a repaired target and a repaired realisasi would: left)."""
    if higher and (glued := glued_marks(target, realisasi, capaian)) is not None:
        return glued
    if not all(isinstance(numeric(v), int | float) for v in (target, realisasi)):
        computed = None  # a capaian of grades ('BB' to 'CC') is a convention, not arithmetic to repair by
    printed = row_decimals(target, realisasi, capaian)
    capaian = lost_decimal(capaian, computed, "realisasi / target", printed)
    if higher:
        capaian = unreadable_capaian(capaian, computed)
    cap, t, r = numeric(capaian), numeric(target), numeric(realisasi)
    if not higher or not isinstance(cap, int | float) or not 0 < cap <= MAX_CAPAIAN:
        return target, realisasi, capaian
    new_r, new_t = realisasi, target
    half = _rounding(cell_text(capaian))
    pinned = half < 0.01 and cap > half  # a capaian printed to two decimals pins the others
    if isinstance(t, int | float):
        span = ((cap - half) * t / 100, (cap + half) * t / 100) if pinned else None
        new_r = _from_row(realisasi, cap * t / 100, "capaian x target", printed, span)
    if isinstance(r, int | float):
        span = (r * 100 / (cap + half), r * 100 / (cap - half)) if pinned else None
        new_t = _from_row(target, r * 100 / cap, "realisasi / capaian", printed, span)
    if (new_r is realisasi) != (new_t is target):
        return new_t, new_r, capaian
    if new_r is realisasi and (both := shared_misread(target, realisasi, capaian)) is not None:
        return (*both, capaian)
    if _lost(target, realisasi) or _lost(realisasi, target):
        return unreadable_figure(target, realisasi, capaian)
    fixed = capaian_digit(capaian, computed)
    if fixed is not capaian and (instead := _surer_capaian(target, realisasi, capaian)) is not None:
        return (*instead, capaian)
    return target, realisasi, fixed


def _surer_capaian(
    target: CellValue | None, realisasi: CellValue | None, capaian: CellValue | None
) -> tuple[CellValue, CellValue] | None:
    """Where a look-alike digit of the capaian explains the row, but so does exactly one such digit
    of the target or the realisasi ('69,6 %' beside 100 % and 89,6 %: the realisasi's '8' or the
    capaian's), the figure OCR read less surely is the misread one: (target, realisasi) with that
    other figure put right when it was read less surely than the capaian; None to repair the
    capaian."""
    if target is None or realisasi is None or capaian is None:
        return None
    t, r, cap = target.value, realisasi.value, capaian.value
    if not (isinstance(t, int | float) and isinstance(r, int | float) and isinstance(cap, int | float)) or t <= 0:
        return None
    half = _rounding(cell_text(capaian))
    fits = [(realisasi, r2) for read, meant in _LOOKALIKE_PAIRS for r2 in _one_changed(r, read, meant) if abs(r2 * 100 / t - cap) <= half]
    fits += [
        (target, t2) for read, meant in _LOOKALIKE_PAIRS for t2 in _one_changed(t, read, meant) if t2 > 0 and abs(r * 100 / t2 - cap) <= half
    ]
    if len(fits) != 1:
        return None
    ((misread, value),) = fits
    if misread.conf is None or capaian.conf is None or misread.conf >= capaian.conf:
        return None
    note = f"OCR '{misread.raw.strip()}' read as {value:g}: a digit misread, read less surely than the capaian {cap:g}"
    mended = replace(misread, value=value, repairs=(*misread.repairs, note))
    return (target, mended) if misread is realisasi else (mended, realisasi)


def _from_row(
    v: CellValue | None, expected: float, why: str, printed: int, span: tuple[float, float] | None
) -> CellValue | None:
    """What the row's arithmetic says a figure is: a lost comma and lost digits put back, else,
    when a capaian printed to two decimals pins it to ``span``, one misread digit put right (a
    capaian of '95' over 75 / 80 is a row that does not add up, for the audit to flag, not a
    misread '76')."""
    fixed = lost_digits(lost_decimal(v, expected, why, printed), expected, why, printed)
    if fixed is not v or span is None:
        return fixed
    fixed = misread_digit(v, expected, why)
    return fixed if fixed is not v else misread_in_span(v, span, why)


def misread_in_span(v: CellValue | None, span: tuple[float, float], why: str) -> CellValue | None:
    """A figure with one digit read as its look-alike ('29,35' for '79,35', '98,17' for '93,17')
    where the printed capaian pins the figure to ``span`` and exactly one such change lands in it;
    a figure of any precision, where ``misread_digit`` wants a round one. Only look-alikes: a
    digit a scan does not confuse ('85' for '80') is the report's own slip, for the audit."""
    value = numeric(v)
    if v is None or not isinstance(value, int | float) or span[0] <= value <= span[1]:
        return v
    fits = {x for read, meant in _LOOKALIKE_PAIRS for x in _one_changed(value, read, meant) if span[0] <= x <= span[1]}
    if len(fits) != 1:
        return v
    meant = fits.pop()
    note = f"OCR '{v.raw.strip()}' read as {meant:g}: a digit misread ({why} = {span[0]:.2f} to {span[1]:.2f})"
    return replace(v, value=meant, repairs=(*v.repairs, note))


_LETTERS = re.compile(r"[^\W\d_]")
DEBRIS_CHARS = 4  # letters and digits: a longer text where a figure belongs is a word, not damaged ink


def _unreadable(v: CellValue | None) -> bool:
    """A cell OCR read as marks or a few letters ('»', '~ :', 'SI', 'oe'): something was printed
    there, no figure came back (the row's other figures are numbers, so no grade was meant)."""
    if v is None or not isinstance(v.value, str) or not v.raw.strip():
        return False
    return not _LETTERS.search(v.raw) or sum(ch.isalnum() for ch in v.raw) <= DEBRIS_CHARS


def _lost(v: CellValue | None, sibling: CellValue | None) -> bool:
    """No figure came back: damaged ink (``_unreadable``), or only the unit its sibling prints
    after its figure ('laporan' beside '1 laporan')."""
    if _unreadable(v):
        return True
    unit = sibling.unit if sibling is not None else None
    return v is not None and isinstance(v.value, str) and bool(unit) and v.raw.strip().lower() == str(unit).lower()


def unreadable_figure(
    target: CellValue | None, realisasi: CellValue | None, capaian: CellValue | None
) -> tuple[CellValue | None, CellValue | None, CellValue | None]:
    """A target or realisasi OCR could not read, read from its row when the capaian, to the
    decimals printed, leaves one value for it at the precision its readable sibling is printed
    with (``_one_value``): '»' beside 76 and 101,33 % is 75; 'SI' beside 90 and 90 % is 81;
    '=>,' beside 25 and 108,7 % is 23. The raw text is kept; anything else is left as read."""
    t, r, cap = numeric(target), numeric(realisasi), numeric(capaian)
    if not isinstance(cap, int | float) or cap <= 0:
        return target, realisasi, capaian
    half = _rounding(cell_text(capaian))
    if isinstance(r, int | float) and r > 0 and _lost(target, realisasi) and cap > half:
        clean = _one_value(r * 100 / (cap + half), r * 100 / (cap - half), row_decimals(realisasi))
        if clean is not None:
            return _filled(target, clean, f"realisasi / capaian = {r * 100 / cap:.2f}"), realisasi, capaian
    if isinstance(t, int | float) and t > 0 and _lost(realisasi, target):
        clean = _one_value((cap - half) * t / 100, (cap + half) * t / 100, row_decimals(target))
        if clean is not None:
            return target, _filled(realisasi, clean, f"capaian x target = {cap * t / 100:.2f}"), capaian
    return target, realisasi, capaian


def _one_value(low: float, high: float, places: int) -> float | None:
    """The only value with ``places`` decimals between ``low`` and ``high``; None when there are
    several (the printed capaian does not pin the figure) or none."""
    step = 10.0**-places
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return round(first * step, places) if first == last else None


def unreadable_capaian(capaian: CellValue | None, computed: float | None) -> CellValue | None:
    """A capaian OCR could not read ('II' for '111,11'), read as realisasi / target to two decimals
    when both were read as figures. The raw text is kept and the repair recorded."""
    if computed is None or not _unreadable(capaian) or not 0 < computed <= MAX_CAPAIAN:
        return capaian
    return _filled(capaian, round(computed, 2), f"realisasi / target = {computed:.2f}")


def _filled(v: CellValue | None, value: float, why: str) -> CellValue | None:
    if v is None:
        return v
    note = f"OCR '{v.raw.strip()}' read as {value:g}: the figure was unreadable ({why})"
    return replace(v, value=value, kind=ValueKind.NUMBER.value, repairs=(*v.repairs, note))


def capaian_digit(capaian: CellValue | None, computed: float | None) -> CellValue | None:
    """A capaian with one digit OCR misread for its look-alike ('62,11 %' for '82,11 %') or its
    leading digit lost ('4,29 %' for '94,29 %'), put right when target and realisasi as read give
    exactly that figure to the decimals printed, and no other one-digit reading does."""
    if capaian is None or computed is None or not isinstance(capaian.value, int | float):
        return capaian
    text = cell_text(capaian)
    half = _rounding(text)
    if abs(float(capaian.value) - computed) <= half:
        return capaian
    fits = {}
    for reading, what in _capaian_readings(text):
        parsed = parse_value(reading, expect="percent", ocr=True)
        if isinstance(parsed.value, int | float) and abs(float(parsed.value) - computed) <= half:
            fits[float(parsed.value)] = what
    if len(fits) != 1:
        return capaian
    ((value, what),) = fits.items()
    note = f"OCR '{text}' read as {value:g}%: {what} (realisasi / target = {computed:.2f})"
    return replace(capaian, value=value, repairs=(*capaian.repairs, note))


def _capaian_readings(text: str) -> Iterator[tuple[str, str]]:
    """The capaian's text with one digit read as its look-alike, or with a digit it lost put back."""
    for i, a in enumerate(text):
        for b in "0123456789":
            if a.isdigit() and frozenset((a, b)) in LOOKALIKE_DIGITS:
                yield text[:i] + b + text[i + 1 :], f"'{a}' was misread for '{b}'"
    if text[:1].isdigit():
        for lead in "123456789":
            yield lead + text, f"its leading '{lead}' was lost"
    whole = len(text) - len(text.lstrip("0123456789"))
    for i in range(1, whole + 1):  # a digit lost inside the whole number ('9,22' for '97,22'), never a decimal
        if text[i - 1].isdigit():
            for digit in "0123456789":
                yield text[:i] + digit + text[i:], f"a '{digit}' was lost after '{text[:i]}'"


def misread_digit(v: CellValue | None, expected: float | None, why: str) -> CellValue | None:
    """A figure with one digit OCR misread or one stray digit added ('3,8' for '3,5', '710' for
    '70'): when the row's other figures give a round value (one decimal at most) whose digits are
    the ones read with one digit changed or dropped, it is read so, the raw text and repair kept."""
    value = numeric(v)
    if v is None or expected is None or not isinstance(value, int | float) or expected <= 0:
        return v
    clean = round(expected, 1)
    if abs(expected - clean) > 0.001 * expected or abs(value - expected) <= 0.006 * expected:
        return v  # not a round value, or the figure as read already adds up ('79,85' for 79,848)
    # digit for digit with the decimal point where it was read: '95' is no misread '9,6'
    shown, meant = f"{value:g}", f"{clean:g}"
    diff = [(a, b) for a, b in zip(shown, meant, strict=False) if a != b] if len(shown) == len(meant) else []
    changed = len(diff) == 1 and frozenset(diff[0]) in LOOKALIKE_DIGITS
    added = len(shown) == len(meant) + 1 and any(
        shown[i].isdigit() and shown[:i] + shown[i + 1 :] == meant for i in range(len(shown))
    )
    read, want = shown.replace(".", ""), meant.replace(".", "")
    comma = read == want and value > clean  # '35' for '3,5': the digits are right, the comma was lost
    if not (changed or added or comma) or len(want) < 2:
        return v
    what = "its decimal comma was lost" if comma else "a digit was misread"
    note = f"OCR '{v.raw.strip()}' read as {clean:g}: {what} ({why} = {expected:.2f})"
    return replace(v, value=clean, repairs=(*v.repairs, note))


def shared_misread(
    target: CellValue | None, realisasi: CellValue | None, capaian: CellValue | None
) -> tuple[CellValue, CellValue] | None:
    """Target and realisasi with the same digit misread the same way ('30 | 32' beside a capaian
    of 102,5 for '80 | 82': the scan's '8' read '3' in both): the one pair of readings, each with
    that look-alike digit changed once, whose quotient is the capaian as printed. A row that adds
    up as read, or that more than one pair explains, is left."""
    t, r, cap = numeric(target), numeric(realisasi), numeric(capaian)
    if target is None or realisasi is None or capaian is None:
        return None
    if not (isinstance(t, int | float) and isinstance(r, int | float) and isinstance(cap, int | float)):
        return None
    tolerance = _rounding(cell_text(capaian))
    if t <= 0 or abs(r * 100 / t - cap) <= tolerance:
        return None
    fits = {
        (t2, r2)
        for read, meant in _LOOKALIKE_PAIRS
        for t2 in _one_changed(t, read, meant)
        for r2 in _one_changed(r, read, meant)
        if t2 > 0 and abs(r2 * 100 / t2 - cap) <= tolerance
    }
    if len(fits) != 1:
        return None
    (t2, r2), why = fits.pop(), f"a digit misread alike in target and realisasi (capaian {cap:g})"
    notes = [f"OCR '{v.raw.strip()}' read as {x:g}: {why}" for v, x in ((target, t2), (realisasi, r2))]
    return replace(target, value=t2, repairs=(*target.repairs, notes[0])), replace(
        realisasi, value=r2, repairs=(*realisasi.repairs, notes[1])
    )


def _one_changed(value: float, read: str, meant: str) -> Iterator[float]:
    """``value`` with one of its ``read`` digits put as ``meant`` (all its digits: '1234567', never
    the '1.23457e+06' of a short format)."""
    shown = f"{value:.6f}".rstrip("0").rstrip(".")
    for i, ch in enumerate(shown):
        if ch == read and not (i == 0 and meant == "0"):
            yield float(shown[:i] + meant + shown[i + 1 :])


def lost_digits(v: CellValue | None, expected: float, why: str, printed: int = 2) -> CellValue | None:
    """A figure OCR read with a digit missing ('5' for '75', '8' for '85', '9,9' for '97,9'): when
    the row's other figures give a round value whose digits are the ones read with one more, it is
    read so, the raw text and the repair kept. Zeros alone ('2' for '20') only in a row that
    prints no decimals (``printed``): else a comma lost elsewhere in the row explains it."""
    value = numeric(v)
    if v is None or not isinstance(value, int | float) or expected <= 0:
        return v
    # to the decimals read ('9,54' beside 85 and 93,58 %: 79,54), at least one
    clean = round(expected, max(1, row_decimals(v)))
    if abs(expected - clean) > 0.006 * expected or abs(value - clean) < 1e-9:
        return v
    read, want = f"{value:g}".replace(".", ""), f"{clean:g}".replace(".", "")
    lost = {want[i] for i in range(len(want)) if want[:i] + want[i + 1 :] == read}
    if len(read) != len(want) - 1 or not lost:
        return v  # one digit lost at most: '90' is no '8190' (a misread capaian says so)
    if printed and lost == {"0"}:
        return v  # only zeros missing: a decimal comma lost elsewhere in the row, not digits here
    if v.kind == ValueKind.PERCENT.value and clean > 100 >= value:
        return v  # a target or realisasi of '100 %' is no 1000 %: the capaian lost a digit ('8%')
    note = f"OCR '{v.raw.strip()}' read as {clean:g}: digits were lost ({why} = {expected:.2f})"
    return replace(v, value=clean, repairs=(*v.repairs, note))


_PLACES = re.compile(r"^\D*(\d{1,3}[.,](\d{1,2}))(?!\d)")  # a figure of a few digits, its decimals


@dataclass(frozen=True)
class Fractions:
    """How a column prints its fractional figures: with which decimals, and over what range."""

    places: frozenset[int]
    low: float
    high: float


def column_fractions(raws: Sequence[str]) -> Fractions | None:
    """The decimals a column prints its fractional figures with ('85,00', '100,00': 2; '67,4'
    beside '96,29': 1 and 2) and their range; None for fewer than three such figures. Whole
    numbers beside them are counts of other units ('6' dokumen) or figures that lost their comma."""
    found = [m for r in raws if (m := _PLACES.match(r.strip()))]
    if len(found) < 3:
        return None
    values = [float(m.group(1).replace(",", ".")) for m in found]
    return Fractions(frozenset(len(m.group(2)) for m in found), min(values), max(values))


def lost_comma(v: CellValue | None, fractions: Fractions | None) -> CellValue | None:
    """A percent read as a whole number beyond any measure's ('8500' for '85,00', '972' for '97,2')
    in a column that prints its fractions so: OCR lost its comma. Both figures of a row may have
    lost it, or the table prints no capaian, so the row's arithmetic cannot tell; the column can.
    A column of one precision puts the comma back there; one mixing precisions ('866' beside '87,4'
    and '84,64' is 86,6 or 8,66) where one reading alone falls among the column's own figures."""
    value = numeric(v)
    if v is None or fractions is None or not isinstance(value, int | float) or any(c in v.raw for c in ".,"):
        return v
    if value != int(value) or value <= MOST_PERCENT:
        return v
    readings = [(p, value / 10**p) for p in sorted(fractions.places) if value / 10**p <= MOST_PERCENT]
    if len(fractions.places) > 1:
        readings = [(p, c) for p, c in readings if fractions.low / _SPREAD <= c <= fractions.high * _SPREAD]
    if len(readings) != 1:
        return v
    places, candidate = readings[0]
    note = f"OCR '{v.raw.strip()}' read as {candidate:g}: its decimal comma was lost (the column prints {places} decimals)"
    return replace(v, value=candidate, kind=ValueKind.PERCENT.value, repairs=(*v.repairs, note))


_SPREAD = 1.5  # how far beyond its column's range of figures a reading may fall and still belong


def lost_decimal(v: CellValue | None, expected: float | None, why: str, printed: int = 2) -> CellValue | None:
    """A figure whose decimal comma OCR dropped ('9444' for '94,44'): when putting the comma back
    one or two digits from the right gives what the rest of its row says it must be, it is read
    so, the raw text and the repair kept. A lone zero decimal ('100' as '10,0') needs a row that
    prints decimals (``printed``, the most a figure of the row was read with). Nothing else is guessed."""
    value = numeric(v)
    if (
        v is None
        or expected is None
        or not isinstance(value, int | float)
        or value < 100
        or value != int(value)
    ):
        return v
    for places in (2, 1):
        candidate = value / 10**places
        if _unprinted_zeros(str(int(value)), places, printed):
            continue
        if abs(candidate - expected) <= max(0.6, 0.005 * abs(expected)):
            note = f"OCR '{v.raw.strip()}' read as {candidate:g}: its decimal comma was lost ({why} = {expected:.2f})"
            return replace(v, value=candidate, repairs=(*v.repairs, note))
    return v


_GRADES = frozenset(GRADE_ORDER)


def ocr_grade(v: CellValue | None) -> CellValue | None:
    """A graded indicator's cell OCR'd as '8' or 'cc' is the grade 'B' / 'CC'; the raw text and the
    repair are kept. Only for catalogue indicators whose values are grades."""
    if v is None or v.kind == ValueKind.GRADE.value:
        return v
    guess = v.raw.strip().upper().replace("8", "B")
    if guess not in _GRADES:
        return v
    note = f"OCR '{v.raw.strip()}' read as grade '{guess}' (the catalogue grades this indicator)"
    return replace(v, value=guess, kind=ValueKind.GRADE.value, unit="grade", repairs=(*v.repairs, note))


def glued_marks(
    target: CellValue | None, realisasi: CellValue | None, capaian: CellValue | None
) -> tuple[CellValue | None, CellValue | None, CellValue | None] | None:
    """The row's figures with what OCR made of a '%' taken off (a glued digit, '96', a stray mark
    after the figure), when the row as read does not add up and exactly one such reading does
    (capaian = realisasi / target x 100); else None."""
    first = (target, realisasi, capaian)
    if _fits(*first, cell_text(capaian)):
        return None
    printed = row_decimals(*first)
    fits = {
        (numeric(t), numeric(r), _hundredths(c)): (t, r, c)
        for (t, _), (r, _), (c, c_text) in itertools.product(*(_readings(v, printed) for v in first))
        if (t, r, c) != first and _fits(t, r, c, c_text)
    }  # readings that agree on the figures are one reading; the last has the marks taken off
    return next(iter(fits.values())) if len(fits) == 1 else None


def _hundredths(v: CellValue | None) -> object:
    """A capaian to the two decimals reports print: a third ('95,784') is a '%' OCR glued on."""
    value = numeric(v)
    return round(value, 2) if isinstance(value, float) else value


def cell_text(v: CellValue | None) -> str:
    """A cell's raw text, stripped; empty for no cell."""
    return "" if v is None else v.raw.strip()


def _readings(v: CellValue | None, printed: int) -> Iterator[tuple[CellValue | None, str]]:
    """The value as read, then as the figure before what OCR made of its '%' ('100.004', '75,00 96',
    '102,35 >', '100,00 Y6'), each with the text it was read from; each of these also with the
    decimal comma OCR dropped put back one or two digits from the right ('93738': 93,73 and a '%')."""
    for reading, text in mark_readings(v):
        yield reading, text
        yield from _decimal_readings(reading, text, printed)


def mark_readings(v: CellValue | None) -> Iterator[tuple[CellValue | None, str]]:
    yield v, cell_text(v)
    if v is None:
        return
    raw = cell_text(v)
    for pattern in (_GLUED_MARK, _GLUED_PAIR, _TRAILING_MARK, _GLUED_LETTER):
        if (m := pattern.match(raw)) is None:
            continue
        parsed = parse_value(m.group(1), expect="percent", ocr=True)
        if parsed.kind is ValueKind.PERCENT and isinstance(parsed.value, int | float):
            note = f"OCR '{raw}' read as {parsed.value:g}%: '{raw[m.end(1) :].strip()}' after it is what the scan made of its '%'"
            yield (
                replace(
                    v, value=parsed.value, kind=ValueKind.PERCENT.value, unit="%", repairs=(*v.repairs, note)
                ),
                m.group(1),
            )


def _decimal_readings(v: CellValue | None, text: str, printed: int) -> Iterator[tuple[CellValue | None, str]]:
    """A figure of three digits or more printed without any separator, read with its decimal
    comma put back (two, then one digit from the right), with the text it would have had; not
    as zero decimals the row never prints ('100 %' beside '20' and '2' is no '10,0 %')."""
    value = numeric(v)
    digits = re.sub(r"\s*%$", "", text)
    if v is None or not isinstance(value, int | float) or value < 100 or not digits.isdigit():
        return
    for places in (2, 1):
        if _unprinted_zeros(digits, places, printed):
            continue
        candidate = round(value / 10**places, places)
        note = f"OCR '{v.raw.strip()}' read as {candidate:g}: its decimal comma was lost (the row adds up so)"
        yield (
            replace(v, value=candidate, repairs=(*v.repairs, note)),
            f"{digits[:-places]},{digits[-places:]}",
        )


_ROW_DECIMALS = re.compile(r"\d[.,](\d{1,2})(?!\d)")


def row_decimals(*cells: CellValue | None) -> int:
    """The most decimals a figure of the row was read with ('80,00': 2; '20': 0)."""
    return max((len(m.group(1)) for c in cells for m in _ROW_DECIMALS.finditer(cell_text(c))), default=0)


def _unprinted_zeros(digits: str, places: int, printed: int) -> bool:
    """Whether a comma put back one digit from the right leaves a lone zero the row never prints
    ('100' as '10,0' beside '20' and '2'). Two zeros ('10000' as '100,00') are the common fixed
    format of a capaian column, printed beside counts without decimals: those stay readings."""
    return places == 1 and printed < 1 and digits.endswith("0")


def _fits(
    target: CellValue | None, realisasi: CellValue | None, capaian: CellValue | None, c_text: str
) -> bool:
    t, r, c = numeric(target), numeric(realisasi), numeric(capaian)
    if not all(isinstance(x, int | float) for x in (t, r, c)) or not t or not c:
        return False
    return abs(float(r) * 100 / float(t) - float(c)) <= _rounding(c_text)  # type: ignore[arg-type]


def _rounding(text: str) -> float:
    """Half a unit of the last decimal the capaian was printed with ('92,00 %': 0.005; '93': 0.5)."""
    m = _DECIMALS.search(text)
    return 0.5 * 10 ** -(len(m.group(1)) if m else 0) + 1e-9
