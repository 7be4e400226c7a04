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
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace

from extractor.models import BudgetRecord, CellValue
from extractor.values import ValueKind, parse_value
from extractor.vocabulary import GRADE_ORDER, MOST_PERCENT, RUPIAH

# A '%' a scan read as a digit glued to its figure ('100.004', '754', '71,994'): Courier and other
# monospaced '%' signs come back as '4', '8' or '6'.
_GLUED_MARK = re.compile(r"^(\d[\d.,]*\d)\s*[468]$")  # two digits at least stay
_GLUED_PAIR = re.compile(r"^(\d[\d.,]*\d)\s*(?:96|46)$")  # '84,4496': '%' read as '96'
# ... or a short token after it: '102,35 >', '106,25 2', '89,00 % -', '100,00 Y6'
_TRAILING_MARK = re.compile(r"^(\d[\d.,]*\d)\s*%?\s+[^\s\d]?\S{0,2}$")
# ... or one letter or mark glued to a figure with decimals ('88,6t', '95,78#')
_GLUED_LETTER = re.compile(r"^(\d[\d.,]*[.,]\d{1,2})[^\s\d.,%]$")
# digits a scan mistakes for one another (closed or open loops, a lost or added stroke)
_LOOKALIKE_DIGITS = frozenset(
    frozenset(p) for p in ("38", "58", "56", "68", "08", "89", "69", "06", "09", "17", "49", "14", "27", "35", "29")
)
MAX_CAPAIAN = 1000.0  # a capaian above this is itself damaged ('95,11 %' read '95114'): no basis
_DECIMALS = re.compile(r"\d[.,](\d{1,3})(?!\d)")  # a mark OCR left after the figure ("90,36 8") does not hide them


def _numeric(v: CellValue | None) -> float | int | str | None:
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
    if not all(isinstance(_numeric(v), int | float) for v in (target, realisasi)):
        computed = None  # a capaian of grades ('BB' to 'CC') is a convention, not arithmetic to repair by
    printed = row_decimals(target, realisasi, capaian)
    capaian = lost_decimal(capaian, computed, "realisasi / target", printed)
    if higher:
        capaian = unreadable_capaian(capaian, computed)
    cap, t, r = _numeric(capaian), _numeric(target), _numeric(realisasi)
    if not higher or not isinstance(cap, int | float) or not 0 < cap <= MAX_CAPAIAN:
        return target, realisasi, capaian
    new_r, new_t = realisasi, target
    pinned = _rounding(_text(capaian)) < 0.01  # a capaian printed to two decimals pins the others
    if isinstance(t, int | float):
        new_r = _from_row(realisasi, cap * t / 100, "capaian x target", pinned, printed)
    if isinstance(r, int | float):
        new_t = _from_row(target, r * 100 / cap, "realisasi / capaian", pinned, printed)
    if (new_r is realisasi) != (new_t is target):
        return new_t, new_r, capaian
    if new_r is realisasi and (both := shared_misread(target, realisasi, capaian)) is not None:
        return (*both, capaian)
    if _lost(target, realisasi) or _lost(realisasi, target):
        return unreadable_figure(target, realisasi, capaian)
    return target, realisasi, capaian_digit(capaian, computed)


def _from_row(v: CellValue | None, expected: float, why: str, pinned: bool, printed: int) -> CellValue | None:
    """What the row's arithmetic says a figure is: a lost comma and lost digits put back, else,
    when a capaian printed to two decimals pins it, one misread digit put right (a capaian of
    '95' over 75 / 80 is a row that does not add up, for the audit to flag, not a misread '76')."""
    fixed = lost_digits(lost_decimal(v, expected, why, printed), expected, why, printed)
    return fixed if fixed is not v or not pinned else misread_digit(v, expected, why)


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
    t, r, cap = _numeric(target), _numeric(realisasi), _numeric(capaian)
    if not isinstance(cap, int | float) or cap <= 0:
        return target, realisasi, capaian
    half = _rounding(_text(capaian))
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
    text = _text(capaian)
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
    """The capaian's text with one digit read as its look-alike, or with a leading digit put back."""
    for i, a in enumerate(text):
        for b in "0123456789":
            if a.isdigit() and frozenset((a, b)) in _LOOKALIKE_DIGITS:
                yield text[:i] + b + text[i + 1 :], f"'{a}' was misread for '{b}'"
    if text[:1].isdigit():
        for lead in "123456789":
            yield lead + text, f"its leading '{lead}' was lost"


def misread_digit(v: CellValue | None, expected: float | None, why: str) -> CellValue | None:
    """A figure with one digit OCR misread or one stray digit added ('3,8' for '3,5', '710' for
    '70'): when the row's other figures give a round value (one decimal at most) whose digits are
    the ones read with one digit changed or dropped, it is read so, the raw text and repair kept."""
    value = _numeric(v)
    if v is None or expected is None or not isinstance(value, int | float) or expected <= 0:
        return v
    clean = round(expected, 1)
    if abs(expected - clean) > 0.001 * expected or abs(value - expected) <= 0.006 * expected:
        return v  # not a round value, or the figure as read already adds up ('79,85' for 79,848)
    # digit for digit with the decimal point where it was read: '95' is no misread '9,6'
    shown, meant = f"{value:g}", f"{clean:g}"
    diff = [(a, b) for a, b in zip(shown, meant, strict=False) if a != b] if len(shown) == len(meant) else []
    changed = len(diff) == 1 and frozenset(diff[0]) in _LOOKALIKE_DIGITS
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
    t, r, cap = _numeric(target), _numeric(realisasi), _numeric(capaian)
    if target is None or realisasi is None or capaian is None:
        return None
    if not (isinstance(t, int | float) and isinstance(r, int | float) and isinstance(cap, int | float)):
        return None
    tolerance = _rounding(_text(capaian))
    if t <= 0 or abs(r * 100 / t - cap) <= tolerance:
        return None
    fits = {
        (t2, r2)
        for read, meant in itertools.permutations("0123456789", 2)
        if frozenset((read, meant)) in _LOOKALIKE_DIGITS
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
    """``value`` with one of its ``read`` digits put as ``meant``."""
    shown = f"{value:g}"
    for i, ch in enumerate(shown):
        if ch == read and not (i == 0 and meant == "0"):
            yield float(shown[:i] + meant + shown[i + 1 :])


def lost_digits(v: CellValue | None, expected: float, why: str, printed: int = 2) -> CellValue | None:
    """A figure OCR read with digits missing at either end ('5' for '75', '8' for '85'): when the
    row's other figures give a round value whose digits start or end with the ones read, it is
    read so, the raw text and the repair kept. Zeros alone ('2' for '20') only in a row that
    prints no decimals (``printed``): else a comma lost elsewhere in the row explains it."""
    value = _numeric(v)
    if v is None or not isinstance(value, int | float) or expected <= 0:
        return v
    clean = round(expected, 1)
    if abs(expected - clean) > 0.006 * expected or abs(value - clean) < 1e-9:
        return v
    read, want = f"{value:g}".replace(".", ""), f"{clean:g}".replace(".", "")
    if len(read) != len(want) - 1 or not (want.startswith(read) or want.endswith(read)):
        return v  # one digit lost at most: '90' is no '8190' (a misread capaian says so)
    if printed and not want.replace(read, "", 1).strip("0"):
        return v  # only zeros missing: a decimal comma lost elsewhere in the row, not digits here
    note = f"OCR '{v.raw.strip()}' read as {clean:g}: digits were lost ({why} = {expected:.2f})"
    return replace(v, value=clean, repairs=(*v.repairs, note))


_PLACES = re.compile(r"^\D*\d{1,3}[.,](\d{1,2})(?!\d)")  # the decimals of a figure of a few digits


def column_places(raws: Sequence[str]) -> int | None:
    """The decimals a column prints its fractional figures with ('85,00', '100,00': 2): three of
    them or more, all alike; None when it prints whole numbers or mixes ('67,4' beside '96,29'
    leaves '674' either). Whole numbers beside them are counts of other units ('6' dokumen) or
    figures that lost their comma."""
    counts = Counter(len(m.group(1)) for r in raws if (m := _PLACES.match(r.strip())))
    if len(counts) != 1:
        return None
    places, n = counts.most_common(1)[0]
    return places if n >= 3 else None


def lost_comma(v: CellValue | None, places: int | None) -> CellValue | None:
    """A percent read as a whole number beyond any measure's ('8500' for '85,00', '972' for '97,2')
    in a column that prints its fractions with ``places`` decimals: OCR lost its comma. Both
    figures of a row may have lost it, or the table prints no capaian, so the row's arithmetic
    cannot tell; the column can."""
    value = _numeric(v)
    if v is None or not places or not isinstance(value, int | float) or any(c in v.raw for c in ".,"):
        return v
    candidate = value / 10**places
    if value != int(value) or value <= MOST_PERCENT or candidate > MOST_PERCENT:
        return v
    note = f"OCR '{v.raw.strip()}' read as {candidate:g}: its decimal comma was lost (the column prints {places} decimals)"
    return replace(v, value=candidate, kind=ValueKind.PERCENT.value, repairs=(*v.repairs, note))


def lost_decimal(v: CellValue | None, expected: float | None, why: str, printed: int = 2) -> CellValue | None:
    """A figure whose decimal comma OCR dropped ('9444' for '94,44'): when putting the comma back
    one or two digits from the right gives what the rest of its row says it must be, it is read
    so, the raw text and the repair kept. A lone zero decimal ('100' as '10,0') needs a row that
    prints decimals (``printed``, the most a figure of the row was read with). Nothing else is guessed."""
    value = _numeric(v)
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
    if _fits(*first, _text(capaian)):
        return None
    printed = row_decimals(*first)
    fits = {
        (_numeric(t), _numeric(r), _hundredths(c)): (t, r, c)
        for (t, _), (r, _), (c, c_text) in itertools.product(*(_readings(v, printed) for v in first))
        if (t, r, c) != first and _fits(t, r, c, c_text)
    }  # readings that agree on the figures are one reading; the last has the marks taken off
    return next(iter(fits.values())) if len(fits) == 1 else None


def _hundredths(v: CellValue | None) -> object:
    """A capaian to the two decimals reports print: a third ('95,784') is a '%' OCR glued on."""
    value = _numeric(v)
    return round(value, 2) if isinstance(value, float) else value


def _text(v: CellValue | None) -> str:
    return "" if v is None else v.raw.strip()


def _readings(v: CellValue | None, printed: int) -> Iterator[tuple[CellValue | None, str]]:
    """The value as read, then as the figure before what OCR made of its '%' ('100.004', '75,00 96',
    '102,35 >', '100,00 Y6'), each with the text it was read from; each of these also with the
    decimal comma OCR dropped put back one or two digits from the right ('93738': 93,73 and a '%')."""
    for reading, text in _mark_readings(v):
        yield reading, text
        yield from _decimal_readings(reading, text, printed)


def _mark_readings(v: CellValue | None) -> Iterator[tuple[CellValue | None, str]]:
    yield v, _text(v)
    if v is None:
        return
    raw = _text(v)
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
    value = _numeric(v)
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
    return max((len(m.group(1)) for c in cells for m in _ROW_DECIMALS.finditer(_text(c))), default=0)


def _unprinted_zeros(digits: str, places: int, printed: int) -> bool:
    """Whether a comma put back one digit from the right leaves a lone zero the row never prints
    ('100' as '10,0' beside '20' and '2'). Two zeros ('10000' as '100,00') are the common fixed
    format of a capaian column, printed beside counts without decimals: those stay readings."""
    return places == 1 and printed < 1 and digits.endswith("0")


def _fits(
    target: CellValue | None, realisasi: CellValue | None, capaian: CellValue | None, c_text: str
) -> bool:
    t, r, c = _numeric(target), _numeric(realisasi), _numeric(capaian)
    if not all(isinstance(x, int | float) for x in (t, r, c)) or not t or not c:
        return False
    return abs(float(r) * 100 / float(t) - float(c)) <= _rounding(c_text)  # type: ignore[arg-type]


def _rounding(text: str) -> float:
    """Half a unit of the last decimal the capaian was printed with ('92,00 %': 0.005; '93': 0.5)."""
    m = _DECIMALS.search(text)
    return 0.5 * 10 ** -(len(m.group(1)) if m else 0) + 1e-9


# ----------------------------------------------------------------------------- budget rows

_RP_PREFIX = re.compile(rf"^\s*{RUPIAH}\s*", re.I)
_AMOUNT_TAIL = re.compile(r"(?:,-|,00|\.-|-)\s*$")


_Row = tuple[CellValue | None, CellValue | None, CellValue | None]


def budget_repairs(pagu: CellValue | None, realisasi: CellValue | None, persen: CellValue | None) -> _Row:
    """A budget row's figures with one OCR misreading put right, when the printed % says what the
    row must be (realisasi / pagu x 100, to the decimals printed) and exactly one reading of one
    figure makes it so. A cell that did not read as a whole amount is first read with its stray
    marks taken out ('Rp.6:209:000'); only when no such reading fits is one digit changed: read
    as its look-alike ('144.757.000' for '744.757.000'), as a mark ('27.410.862.4%6'), lost
    ('3 263.643.000') or added. Rows that add up as read (the % with a glued mark taken off too),
    rows without a %, and rows two readings would explain are left as read."""
    shares = _shares(persen)
    p, r = _numeric(pagu), _numeric(realisasi)
    p_ok, r_ok = _is_amount(p), _is_amount(r)
    if not shares or (p_ok and r_ok and _row_fits(int(r), int(p), shares)):  # type: ignore[arg-type]
        return pagu, realisasi, persen
    for tier in (_damaged_amounts, amount_readings):
        fits: dict[tuple[str, float], _Row] = {}
        if r_ok:
            real = int(r)  # type: ignore[arg-type]
            fits |= {("pagu", x): (v, realisasi, persen) for x, v in tier(pagu) if _row_fits(real, x, shares)}
        if p_ok:
            base = int(p)  # type: ignore[arg-type]
            fits |= {
                ("realisasi", x): (pagu, v, persen) for x, v in tier(realisasi) if _row_fits(x, base, shares)
            }
        if tier is amount_readings and p_ok and r_ok and persen is not None:
            fits |= {
                ("persen", x): (pagu, realisasi, v)
                for x, v in _percent_readings(persen)
                if _row_fits(real, base, [(x, shares[0][1])])
            }
        if fits:  # two readings that fit: nothing tells which, the row stays as read
            return next(iter(fits.values())) if len(fits) == 1 else (pagu, realisasi, persen)
    return pagu, realisasi, persen


_THIRD_DECIMAL = re.compile(r"^(\d+[.,]\d\d)\d$")  # '93,941': a '%' read as a third decimal


def _shares(persen: CellValue | None) -> list[tuple[float, float]]:
    """The printed % as read and as it may have been (``_mark_readings``; a third decimal that
    is the '%' OCR glued on, '93,941'), each with half a unit of its last decimal."""
    texts = [text for c, text in _mark_readings(persen) if c is not None]
    texts += [m.group(1) for t in texts if (m := _THIRD_DECIMAL.match(re.sub(r"^\D+", "", t.strip())))]
    out = []
    for text in texts:
        parsed = parse_value(text, expect="percent", ocr=True)
        if isinstance(parsed.value, int | float) and 0 < parsed.value <= MAX_CAPAIAN:
            out.append((float(parsed.value), _printed_half(text)))
    return out


def budget_row_fits(rec: BudgetRecord) -> bool:
    """Whether a budget row's amounts agree with its printed % (true when it has no % or amount)."""
    p, r, shares = _numeric(rec.pagu), _numeric(rec.realisasi), _shares(rec.persen)
    if not shares or not _is_amount(p) or not _is_amount(r):
        return True
    return _row_fits(int(r), int(p), shares)  # type: ignore[arg-type]


def _row_fits(real: int, pagu: int, shares: Sequence[tuple[float, float]]) -> bool:
    return any(_pct_fits(real, pagu, share, half) for share, half in shares)


def _printed_half(text: str) -> float:
    """Half a unit of the last decimal a % was printed with, whatever OCR made of its sign
    ('93,85 Yo': 0.005)."""
    m = re.search(r"\d[.,](\d{1,3})\D*$", text)
    return 0.5 * 10 ** -(len(m.group(1)) if m else 0) + 1e-9


def _is_amount(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) and x > 0


def _pct_fits(real: int, pagu: int, printed: float, half: float) -> bool:
    """realisasi / pagu x 100 is the printed %, rounded or cut to the decimals printed."""
    if pagu <= 0:
        return False
    computed = real * 100 / pagu
    return abs(computed - printed) <= half or 0 <= computed - printed < 2 * half


def amount_readings(v: CellValue | None) -> Iterator[tuple[int, CellValue]]:
    """Other readings of a rupiah amount OCR may have damaged, each with the repair noted: one
    digit swapped for its look-alike, a leading digit lost or one digit added; for a cell that
    did not read as a whole amount, its digits with stray marks and spaces taken out
    ('Rp.6:209:000', '; 41.338.049.537') and the one mark among them read as each digit
    ('27.410.862.4%6')."""
    if v is None:
        return
    value = _numeric(v)
    if not _is_amount(value) or v.repairs:
        for amount, fixed in _damaged_amounts(v):
            yield amount, fixed
            if amount != value:
                yield from _digit_readings(fixed, str(amount))
    if _is_amount(value):
        yield from _digit_readings(v, str(value))


def _digit_readings(v: CellValue, digits: str) -> Iterator[tuple[int, CellValue]]:
    for i, a in enumerate(digits):
        if len(digits) > 4 and (i or digits[1] != "0"):
            yield _amount(v, int(digits[:i] + digits[i + 1 :]), f"a '{a}' was added")
        for b in "0123456789":
            if b != a and frozenset((a, b)) in _LOOKALIKE_DIGITS and (i or b != "0"):
                yield _amount(v, int(digits[:i] + b + digits[i + 1 :]), f"'{a}' was misread for '{b}'")
    for lead in "123456789":
        yield _amount(v, int(lead + digits), f"its leading '{lead}' was lost")


_SEPARATOR_MARKS = re.compile(r"(?<=\d)[:;](?=\d)")  # '6:209:000': a thousands dot read as a colon
_EDGE_MARKS = re.compile(r"^[^\d]+|[^\d]+$")


def _damaged_amounts(v: CellValue | None) -> Iterator[tuple[int, CellValue]]:
    """A cell that did not read as a whole amount, read with its stray marks taken out."""
    if v is None or (_is_amount(_numeric(v)) and not v.repairs):
        return
    core = _AMOUNT_TAIL.sub("", _RP_PREFIX.sub("", v.raw.strip())).replace(" ", "")
    core = _EDGE_MARKS.sub("", _SEPARATOR_MARKS.sub(".", core))
    odd = [i for i, c in enumerate(core) if not (c.isdigit() or c in ".,")]
    if len(odd) > 1 or sum(c.isdigit() for c in core) < 4:
        return
    texts = [core] if not odd else [core[: odd[0]] + d + core[odd[0] + 1 :] for d in "0123456789"]
    for text in texts:
        parsed = parse_value(text, expect="amount", ocr=True)
        if parsed.kind is ValueKind.AMOUNT and _is_amount(parsed.value) and not parsed.repairs:
            why = "the printed % agrees" if not odd else "the printed % pins it"
            yield _amount(v, int(parsed.value), f"it was read as '{text}'", why)  # type: ignore[arg-type]
        elif text.replace(".", "").replace(",", "").isdigit():
            what = f"its separators were misread in '{text}'"
            yield _amount(v, int(re.sub(r"\D", "", text)), what, "the printed % pins it" if odd else "the printed % agrees")


def _amount(v: CellValue, value: int, what: str, why: str = "the printed % pins it") -> tuple[int, CellValue]:
    dotted = f"{value:,}".replace(",", ".")
    note = f"OCR '{v.raw.strip()}' read as {dotted}: {what} ({why})"
    fixed = replace(v, value=value, kind=ValueKind.AMOUNT.value, unit="rupiah", repairs=(*v.repairs, note))
    return value, fixed


def _percent_readings(v: CellValue) -> Iterator[tuple[float, CellValue]]:
    """The printed % with one digit read as its look-alike (only to tell a row two readings explain)."""
    text = _text(v)
    for i, a in enumerate(text):
        for b in "0123456789":
            if a.isdigit() and b != a and frozenset((a, b)) in _LOOKALIKE_DIGITS:
                parsed = parse_value(text[:i] + b + text[i + 1 :], expect="percent", ocr=True)
                if isinstance(parsed.value, int | float) and not isinstance(parsed.value, bool):
                    note = f"OCR '{text}' read as {parsed.value:g}%: '{a}' was misread for '{b}' (the amounts pin it)"
                    yield float(parsed.value), replace(v, value=parsed.value, repairs=(*v.repairs, note))
