"""Budget rows a scan damaged, put right from the row's own arithmetic (stage: normalise, OCR
tables only): realisasi = pagu x the printed % / 100, to the decimals printed, and exactly one
reading of one figure making it so. The raw text and a note of the repair stay on the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from extractor.figure_repairs import LOOKALIKE_DIGITS, MAX_CAPAIAN, cell_text, mark_readings, numeric
from extractor.models import BudgetRecord, CellValue
from extractor.values import ValueKind, parse_value
from extractor.vocabulary import RUPIAH

_RP_PREFIX = re.compile(rf"^\s*{RUPIAH}\s*", re.I)
_AMOUNT_TAIL = re.compile(r"(?:,-|,00|\.-|-)\s*$")


_Row = tuple[CellValue | None, CellValue | None, CellValue | None]
_BY_PERCENT = "the printed %"
_BY_SISA = "pagu = realisasi + sisa"


def budget_repairs(pagu: CellValue | None, realisasi: CellValue | None, persen: CellValue | None) -> _Row:
    """A budget row's figures with one OCR misreading put right, when the printed % says what the
    row must be (realisasi / pagu x 100, to the decimals printed) and exactly one reading of one
    figure makes it so. A cell that did not read as a whole amount is first read with its stray
    marks taken out ('Rp.6:209:000'); only when no such reading fits is one digit changed: read
    as its look-alike ('144.757.000' for '744.757.000'), as a mark ('27.410.862.4%6'), lost
    ('3 263.643.000') or added. Rows that add up as read (the % with a glued mark taken off too),
    rows without a %, and rows two readings would explain are left as read."""
    shares = _shares(persen)
    p, r = numeric(pagu), numeric(realisasi)
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


def sisa_repairs(
    pagu: CellValue | None, realisasi: CellValue | None, sisa: CellValue | None, persen: CellValue | None = None
) -> tuple[CellValue | None, CellValue | None]:
    """Pagu and realisasi with one OCR misreading put right from a Sisa column: pagu = realisasi +
    sisa to the rupiah, and exactly one of the two one digit off what that makes it (a digit
    misread, lost or added, or stray marks). An amount pinned to the rupiah needs no look-alike
    digits to trust the repair, as a rounded % does; and it holds where the % is damaged too.
    A sisa can be the misread one, so a figure that read as a whole amount is changed only where
    the printed % (or its digits, its decimal mark maybe lost: '902' for 90,2) agrees with the
    repair, which also tells the two figures apart when a digit off in the same place of either
    explains the row, or where the sisa cannot be the misread one (``_sisa_stands``). A % that
    fits the row as read as well as repaired tells nothing; then the repair is taken only where
    the sisa stands or it makes the pagu the whole thousands every DIPA allotment is. Rows that
    add up as read, or without a whole sisa, are left as read."""
    p, r, s = _whole(pagu), _whole(realisasi), _whole(sisa)
    if sisa is not None and s and not _GROUPED.search(sisa.raw):
        s = None  # a sisa printed with no thousands mark is a '%' or a count in the wrong column
    if s is None or p is None or r is None:
        return _one_side_fixed(pagu, realisasi, (p, r, s), persen)
    if p == r + s:
        return pagu, realisasi  # adds up as read
    fits = _digit_fits((pagu, realisasi), (p, r, s), persen, sisa)
    if not fits and _sisa_stands(p, r, sisa, lookalikes=True):
        fits = _lookalike_fits((pagu, realisasi), (p, r, s))
    if len(fits) > 1:  # a pagu is allotted in whole thousands: not the repair taking it off them
        fits = [f for f in fits if (x := _whole(f[0])) is not None and x % 1000 == 0]
    return fits[0] if len(fits) == 1 else (pagu, realisasi)


_Pair = tuple[CellValue | None, CellValue | None]


def _one_side_fixed(
    pagu: CellValue | None, realisasi: CellValue | None, amounts: tuple[int | None, int | None, int | None], persen: CellValue | None
) -> _Pair:
    """A row with one of pagu and realisasi unread as a whole amount: the other and the sisa pin
    it, where the printed % bears the repair out or the damaged figure did not read whole."""
    p, r, s = amounts
    if s is None or (p is None and r is None):
        return pagu, realisasi
    fits = _sisa_readings((pagu, realisasi), (p, r, s), _one_digit_off)
    fits = [f for f in fits if _borne_out(f, (pagu, realisasi), persen)]
    return fits[0] if len(fits) == 1 else (pagu, realisasi)


def _digit_fits(read: _Pair, amounts: tuple[int, int, int], persen: CellValue | None, sisa: CellValue | None) -> list[_Pair]:
    """The readings of pagu or realisasi one digit off what the sisa makes them that the evidence
    allows: a whole amount is changed only where the printed % bears the repair out or the sisa
    stands (a sisa is as likely misread as the figure it would repair; one that did not read
    whole is damaged anyway); a % that fits the row as read says nothing of a repair that fits it
    as well; two left are told apart by the %'s digits."""
    pagu, (p, r, _) = read[0], amounts
    fits = _sisa_readings(read, amounts, _one_digit_off)
    stands = _sisa_stands(p, r, sisa)
    fits = [f for f in fits if stands or _borne_out(f, read, persen)]
    if _row_fits(r, p, _shares(persen)):
        fits = [f for f in fits if stands or _to_thousands(f[0], pagu)]
    if len(fits) > 1:
        fits = [f for f in fits if _percent_digits_agree(f[0], f[1], persen)]
    return fits


def _lookalike_fits(read: _Pair, amounts: tuple[int, int, int]) -> list[_Pair]:
    """Pagu or realisasi two look-alike digits off what the sisa makes it ('45.165.000' less
    '4.483.000' read '49.682.006' for 40.682.000: a monospaced '0' read '9' and '6')."""
    return _sisa_readings(read, amounts, _two_lookalikes_off)


def _sisa_readings(
    read: _Pair,
    amounts: tuple[int | None, int | None, int],
    off: Callable[[CellValue | None, int], CellValue | None],
) -> list[_Pair]:
    """The pagu read as realisasi + sisa, and the realisasi as pagu - sisa, where ``off`` allows
    the figure as read to be that amount misread."""
    (pagu, realisasi), (p, r, s) = read, amounts
    fits: list[_Pair] = []
    if r is not None and (fixed := off(pagu, r + s)) is not None:
        fits.append((fixed, realisasi))
    if p is not None and (fixed := off(realisasi, p - s)) is not None:
        fits.append((pagu, fixed))
    return fits


def _two_lookalikes_off(v: CellValue | None, meant: int) -> CellValue | None:
    """The cell read as ``meant`` when its digits differ from it in two places, each a look-alike."""
    if v is None or meant <= 0:
        return None
    digits, want = _digits(v), str(meant)
    if len(digits) != len(want):
        return None
    changed = [(a, b) for a, b in zip(digits, want, strict=True) if a != b]
    if len(changed) != 2 or not all(frozenset(pair) in LOOKALIKE_DIGITS for pair in changed):
        return None
    return _amount(v, meant, "two digits were read as their look-alikes", f"{_BY_SISA} pins it")[1]


def _digits(v: CellValue) -> str:
    return re.sub(r"\D", "", _AMOUNT_TAIL.sub("", _RP_PREFIX.sub("", v.raw.strip())))


def _sisa_stands(p: int | None, r: int | None, sisa: CellValue | None, lookalikes: bool = False) -> bool:
    """The sisa cannot be the misread figure of the row: what pagu and realisasi as read make it
    is more than one digit from what it reads (nor, with ``lookalikes``, two look-alikes off)."""
    if p is None or r is None:
        return False
    if p - r <= 0:  # nothing left, or overspent: a positive sisa is no misreading of that
        return (_whole(sisa) or 0) > 0
    return _one_digit_off(sisa, p - r) is None and not (lookalikes and _two_lookalikes_off(sisa, p - r))


def _to_thousands(fixed: CellValue | None, read: CellValue | None) -> bool:
    """The repair makes a pagu read off whole thousands a whole thousand (a DIPA allots whole
    thousands of rupiah: '34.136.006' read for 34.136.000)."""
    was, now = _whole(read), _whole(fixed)
    return fixed is not read and was is not None and now is not None and was % 1000 != 0 and now % 1000 == 0


def _borne_out(
    fit: tuple[CellValue | None, CellValue | None], read: tuple[CellValue | None, CellValue | None], persen: CellValue | None
) -> bool:
    changed = read[0] if fit[0] is not read[0] else read[1]
    if changed is not None and (changed.repairs or not _is_amount(numeric(changed))):
        return True
    p, r = _whole(fit[0]), _whole(fit[1])
    fits_percent = p is not None and r is not None and _row_fits(r, p, _shares(persen))
    return fits_percent or _percent_digits_agree(fit[0], fit[1], persen)


def _whole(v: CellValue | None) -> int | None:
    x = numeric(v)
    return int(x) if _is_amount(x) else None  # type: ignore[arg-type]


def _percent_digits_agree(pagu: CellValue | None, realisasi: CellValue | None, persen: CellValue | None) -> bool:
    """The printed %'s digits are those of realisasi / pagu x 100 to some number of decimals."""
    p, r = numeric(pagu), numeric(realisasi)
    digits = re.sub(r"\D", "", cell_text(persen)) if persen is not None else ""
    if not digits or not _is_amount(p) or not _is_amount(r) or not p:
        return False
    share = r * 100 / p  # type: ignore[operator]
    return any(f"{share:.{places}f}".replace(".", "") == digits for places in (0, 1, 2))


def _one_digit_off(v: CellValue | None, meant: int) -> CellValue | None:
    """The cell read as ``meant`` when its digits are one edit from it; None otherwise."""
    if v is None or meant <= 0 or numeric(v) == meant:
        return None
    digits = _digits(v)
    if len(digits) < 4 or Levenshtein.distance(digits, str(meant)) > 1:
        return None
    return _amount(v, meant, "one digit was misread, lost or added", f"{_BY_SISA} pins it")[1]


_GROUPED = re.compile(r"\d[.,]\d{3}")  # thousands grouping, as every rupiah amount of a budget prints
_THIRD_DECIMAL = re.compile(r"^(\d+[.,]\d\d)\d$")  # '93,941': a '%' read as a third decimal


def _shares(persen: CellValue | None) -> list[tuple[float, float]]:
    """The printed % as read and as it may have been (``_mark_readings``; a third decimal that
    is the '%' OCR glued on, '93,941'), each with half a unit of its last decimal."""
    texts = [text for c, text in mark_readings(persen) if c is not None]
    texts += [m.group(1) for t in texts if (m := _THIRD_DECIMAL.match(re.sub(r"^\D+", "", t.strip())))]
    out = []
    for text in texts:
        parsed = parse_value(text, expect="percent", ocr=True)
        if isinstance(parsed.value, int | float) and 0 < parsed.value <= MAX_CAPAIAN:
            out.append((float(parsed.value), _printed_half(text)))
    return out


def budget_row_fits(rec: BudgetRecord) -> bool:
    """Whether a budget row's amounts agree with its printed % (true when it has no % or amount)."""
    p, r, shares = numeric(rec.pagu), numeric(rec.realisasi), _shares(rec.persen)
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


def amount_readings(v: CellValue | None, evidence: str = _BY_PERCENT) -> Iterator[tuple[int, CellValue]]:
    """Other readings of a rupiah amount OCR may have damaged, each with the repair noted: one
    digit swapped for its look-alike, a leading digit lost or one digit added; for a cell that
    did not read as a whole amount, its digits with stray marks and spaces taken out
    ('Rp.6:209:000', '; 41.338.049.537') and the one mark among them read as each digit
    ('27.410.862.4%6'). ``evidence`` names what the row must agree with, for the notes."""
    if v is None:
        return
    value = numeric(v)
    if not _is_amount(value) or v.repairs:
        for amount, fixed in _damaged_amounts(v, evidence):
            yield amount, fixed
            if amount != value:
                yield from _digit_readings(fixed, str(amount), evidence)
    if _is_amount(value):
        yield from _digit_readings(v, str(value), evidence)


def _digit_readings(v: CellValue, digits: str, evidence: str) -> Iterator[tuple[int, CellValue]]:
    why = f"{evidence} pins it"
    for i, a in enumerate(digits):
        if len(digits) > 4 and (i or digits[1] != "0"):
            yield _amount(v, int(digits[:i] + digits[i + 1 :]), f"a '{a}' was added", why)
        for b in "0123456789":
            if b != a and frozenset((a, b)) in LOOKALIKE_DIGITS and (i or b != "0"):
                yield _amount(v, int(digits[:i] + b + digits[i + 1 :]), f"'{a}' was misread for '{b}'", why)
    for lead in "123456789":
        yield _amount(v, int(lead + digits), f"its leading '{lead}' was lost", why)


_SEPARATOR_MARKS = re.compile(r"(?<=\d)[:;](?=\d)")  # '6:209:000': a thousands dot read as a colon
_EDGE_MARKS = re.compile(r"^[^\d]+|[^\d]+$")


def _damaged_amounts(v: CellValue | None, evidence: str = _BY_PERCENT) -> Iterator[tuple[int, CellValue]]:
    """A cell that did not read as a whole amount, read with its stray marks taken out."""
    if v is None or (_is_amount(numeric(v)) and not v.repairs):
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
            why = f"{evidence} agrees" if not odd else f"{evidence} pins it"
            yield _amount(v, int(parsed.value), f"it was read as '{text}'", why)  # type: ignore[arg-type]
        elif text.replace(".", "").replace(",", "").isdigit():
            what = f"its separators were misread in '{text}'"
            yield _amount(v, int(re.sub(r"\D", "", text)), what, f"{evidence} pins it" if odd else f"{evidence} agrees")


def _amount(v: CellValue, value: int, what: str, why: str) -> tuple[int, CellValue]:
    dotted = f"{value:,}".replace(",", ".")
    note = f"OCR '{v.raw.strip()}' read as {dotted}: {what} ({why})"
    fixed = replace(v, value=value, kind=ValueKind.AMOUNT.value, unit="rupiah", repairs=(*v.repairs, note))
    return value, fixed


def _percent_readings(v: CellValue) -> Iterator[tuple[float, CellValue]]:
    """The printed % with one digit read as its look-alike (only to tell a row two readings explain)."""
    text = cell_text(v)
    for i, a in enumerate(text):
        for b in "0123456789":
            if a.isdigit() and b != a and frozenset((a, b)) in LOOKALIKE_DIGITS:
                parsed = parse_value(text[:i] + b + text[i + 1 :], expect="percent", ocr=True)
                if isinstance(parsed.value, int | float) and not isinstance(parsed.value, bool):
                    note = f"OCR '{text}' read as {parsed.value:g}%: '{a}' was misread for '{b}' (the amounts pin it)"
                    yield float(parsed.value), replace(v, value=parsed.value, repairs=(*v.repairs, note))
