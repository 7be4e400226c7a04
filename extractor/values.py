"""Typed values from raw table-cell strings, Indonesian conventions first.

LAKIP cells mix Indonesian (``33.801.000``, ``99,92``) and US (``34,884,986,000``, ``97.5%``) number
styles, rupiah decorations (``Rp.``, ``,-``) and OCR damage (``98&``, ``CcC``, Cyrillic ``В``). A
reading is decided from digit groups, never from ``float()`` on a localised string, the raw string
is always kept, and every repair is written down so an auditor can see why a cell got its value.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Literal

from extractor.glyphs import normalise_text, normalise_with_notes
from extractor.models import CellValue, Provenance
from extractor.verdicts import grade_of, opinion_of, small_grade
from extractor.vocabulary import FIGURE, MOST_PERCENT, RUPIAH

Style = Literal["id", "en"]
Expect = Literal["any", "percent", "amount", "number"]


class ValueKind(StrEnum):
    EMPTY = "empty"
    NUMBER = "number"
    PERCENT = "percent"
    AMOUNT = "amount"
    GRADE = "grade"
    OPINION = "opinion"
    COUNT = "count"
    TEXT = "text"


@dataclass(frozen=True)
class ParsedValue:
    """One parsed cell; ``raw`` is the untouched input and ``repairs`` explains every change."""

    raw: str
    kind: ValueKind
    value: int | float | str | None
    unit: str | None
    repairs: tuple[str, ...] = ()
    decimal_style: Style | None = None


# --------------------------------------------------------------------------- numbers

_NUM = FIGURE
_MAX_DIGITS = 30  # beyond this a digit run is an identifier or garbage, not a quantity


@dataclass(frozen=True)
class _Number:
    value: Decimal
    decimals: int  # digits printed after the decimal separator
    style: Style | None
    ambiguous: bool
    note: str | None = None


def _split_at(groups: list[str], sep: str, *, ambiguous: bool = False, note: str | None = None) -> _Number:
    """Last group is the fraction, every other group is integer digits; a note means mixed styles."""
    whole, frac = "".join(groups[:-1]) or "0", groups[-1]
    style: Style | None = None if note else ("id" if sep == "," else "en")
    return _Number(Decimal(f"{whole}.{frac}"), len(frac), style, ambiguous, note)


def _thousands(groups: list[str], sep: str, *, ambiguous: bool = False, note: str | None = None) -> _Number:
    style: Style | None = None if note else ("id" if sep == "." else "en")
    return _Number(Decimal("".join(groups)), 0, style, ambiguous, note)


def _ambiguous_is_thousands(sep: str, expect: Expect, hint: Style | None) -> bool:
    """``1.234`` / ``1,234``: the column's meaning first, then its convention, then Indonesian."""
    if expect == "percent":
        return False
    if expect == "amount":
        return True
    return (sep == ".") == ((hint or "id") == "id")


def _read_number(text: str, expect: Expect, hint: Style | None) -> _Number | None:
    """Read a digit string with ``.``/``,`` separators by its digit groups; None if it is no number."""
    if not re.fullmatch(_NUM, text):
        return None
    parts = re.split(r"([.,])", text)
    groups, seps = parts[0::2], parts[1::2]
    if "" in groups or len("".join(groups)) > _MAX_DIGITS:
        return None
    if not seps:
        return _Number(Decimal(text), 0, None, False)
    head, body, tail = groups[0], groups[1:-1], groups[-1]
    last, before = seps[-1], set(seps[:-1])
    mixed = f"mixed separators in '{text}' read as thousands"
    if not (len(head) <= 3 and head[0] != "0" and all(len(g) == 3 for g in body)):
        # rupiah have no three-decimal amounts: '8131.000,-' lost a dot, it is not 8131
        if expect == "amount" and len(tail) == 3 and head[0] != "0":
            return _thousands(groups, last, note=f"irregular digit groups in '{text}' read as thousands")
        if len(seps) == 1:  # '0,75', '1234,5': cannot be thousands
            return _split_at(groups, last)
        return None
    if len(seps) == 1:
        if len(tail) != 3:
            return _split_at(groups, last)
        if _ambiguous_is_thousands(last, expect, hint):
            return _thousands(groups, last, ambiguous=True)
        return _split_at(groups, last, ambiguous=True)
    if len(tail) == 3:
        if before == {last}:
            return _thousands(groups, last)
        if len(before) == 1 and expect != "amount":  # '1.234,567': a three-decimal figure
            return _split_at(groups, last)
        return _thousands(groups, last, note=mixed)
    if before == {last}:  # '1.234.567.00'
        return _split_at(groups, last, note=f"last '{last}' in '{text}' read as decimal")
    return _split_at(groups, last, note=None if len(before) == 1 else mixed)


def _joinable(left: str, right: str) -> bool:
    """Whether ``left right`` is one number split by a line wrap or OCR, not two numbers."""
    if _groups_go_on(left, right):
        return True
    if not re.fullmatch(r"\d+", right) or not re.fullmatch(r"\d[\d.,]*", left):
        return False
    seps = re.findall(r"[.,]", left)
    if not seps:
        return False
    if left[-1] in ".,":  # '13.322.950. 000', '99, 92' but not the list marker '1. 90'
        return len(seps) >= 2 or len(left) >= 3
    groups = re.split(r"[.,]", left)
    if len(seps) < 2:
        return False
    if len(groups[-1]) < 3 and len(groups[-1]) + len(right) == 3:  # '1.234.567.00 0'
        return len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:-1])
    return seps[-1] != seps[-2] and set(right) == {"0"}  # '5.617.450.000,000 0'


def _groups_go_on(left: str, right: str) -> bool:
    """'18, 455,000' or '706, 232, 000': OCR read a space after a thousands separator; the groups
    on both sides are whole thousands groups under one separator, three or more of them or more
    to come (two short numbers after a comma, '1, 234', may be a list)."""
    if not left or left[-1] not in ".," or not _GROUP_RUN.fullmatch(right):
        return False
    sep = left[-1]
    groups = left[:-1].split(sep)
    more = right.endswith(sep) or len(groups) + len(right.split(sep)) >= 3  # a million or more: no list
    return (
        more
        and set(re.findall(r"[.,]", right)) <= {sep}
        and all(g.isdecimal() for g in groups)
        and 1 <= len(groups[0]) <= 3
        and all(len(g) == 3 for g in groups[1:])
    )


_GROUP_RUN = re.compile(r"\d{3}(?:[.,]\d{3})*[.,]?")  # thousands groups after a separator


def _join_split_numbers(text: str, notes: list[str], ocr: bool = False) -> str:
    out: list[str] = []
    for token in text.split(" "):
        if out and _joinable(out[-1], token):
            notes.append(f"space inside '{out[-1]} {token}' removed")
            out[-1] += token
        elif ocr and out and re.fullmatch(r"\d{3}", token) and (m := _GROUPED.fullmatch(out[-1])):
            notes.append(f"'{out[-1]} {token}': OCR read a thousands separator as a space")
            out[-1] += m.group(1) + token
        else:
            out.append(token)
    return " ".join(_lost_separator(t, notes) if ocr else t for t in out)


_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")  # '7.121.215': one separator throughout
_SIX_DIGIT_TAIL = re.compile(r"(\d{1,3}(?:([.,])\d{3})(?:\2\d{3})*)\2?(\d{3})(\d{3})")


def _lost_separator(token: str, notes: list[str]) -> str:
    """'8.126.532500': a scan lost the last thousands dot of an amount (its groups say where)."""
    if not (m := _SIX_DIGIT_TAIL.fullmatch(token)) or token.count(m.group(2)) < 2:
        return token
    fixed = f"{m.group(1)}{m.group(2)}{m.group(3)}{m.group(2)}{m.group(4)}"
    notes.append(f"'{token}' read as '{fixed}': OCR lost a thousands separator")
    return fixed


_OCR_DIGIT_RUN = re.compile(r"(?<![^\W\d_])(?>[\dOoIlSs.,]+)(?![^\W\d_])")


def _repair_digit_letters(text: str, notes: list[str]) -> str:
    """``O``/``o`` → 0, ``l``/``I`` → 1 and ``S``/``s`` → 5, only inside runs that already hold a
    digit ('1S Laporan' is 15 reports, '8s' is 85)."""

    def fix(m: re.Match[str]) -> str:
        run = m.group(0)
        if not re.search(r"\d", run) or not re.search(r"[OoIlSs]", run):
            return run
        fixed = run.translate(str.maketrans("OoIlSs", "001155"))
        notes.append(f"'{run}' read as '{fixed}'")
        return fixed

    return _OCR_DIGIT_RUN.sub(fix, text)


# --------------------------------------------------------------------------- cell parsing

_EMPTY_WORDS = frozenset({"n/a", "na", "n.a", "n.a.", "#n/a", "nan", "none", "null"})
_EMPTY_MARKS = re.compile(r"[-_./\\|:;,'\"\s]+")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_CURRENCY = re.compile(r"^(?:(?:rp|idr)(?![^\W\d_])\s*[.,:]?\s*)+", re.I)
_AMOUNT_TAIL = re.compile(r"(?<=\d)\s*[.,]?\s*[-=]+$")
_RUPIAH = re.compile(r"\s*rupiah$", re.I)
_SPELLED_OUT = re.compile(r"\s*\([^()\d]*\)$")
_COMPARATOR = re.compile(r"^([<>≤≥]=?|=>|=<|(?:min|maks|max)(?:imal|imum)?\.?)\s*(?=[-+\d])", re.I)
_SCALES = {
    "ribu": 10**3, "rb": 10**3, "juta": 10**6, "jt": 10**6,
    "miliar": 10**9, "milyar": 10**9, "triliun": 10**12,
}  # fmt: skip
_SCALE = re.compile(rf"^(.+?)\s*(?<![^\W\d_])({'|'.join(_SCALES)})\.?$", re.I)
_PERCENT_SIGN = re.compile(r"^(.+?)\s*(?:%|persen|prosen)$", re.I)
_AMPERSAND = re.compile(r"^(.*\d)\s*&$")  # '98&': shift-7 for shift-5, seen in typed reports
# '90 $': a '%' in Courier; '87,14 "': a small or faint '%' read as a quote mark; '98,66 #': its
# two rings and slash read as the crossed strokes of a '#'
_OCR_PERCENT = re.compile(r"^(.*\d)(?:\s+(96|0/0)|\s*([Yy]o|[o0°]/[o0]|%[o6])|\s+([$°#\"'‘’“”]))$")
# '84,00 96', Courier '84,00 $', or a lone '6' after two decimals ('74,93 6'; after one decimal
# it may be the second, split off: '92,1 4' for '92,14')
_OCR_DECIMAL_MARK = re.compile(r"^(\d{1,3}[.,](?:\d{1,2}(?=\s+(?:96|\$)$)|\d{2}(?=\s+[4689]$)))\s+(96|\$|[4689])$")
_OCR_DEBRIS_PERCENT = re.compile(r"^(.*\d)\s+([»«|¦'\"`~])\s*%$")
_OCR_TWICE_PERCENT = re.compile(r"^(.*\d)\s*%\s*%$")  # '78,4 % %': a re-read laid a second '%' over the first
_OCR_LONE_MARK = re.compile(r"^(.*\d)\s+([48£€§»«])$")
_OCR_QUOTE_DEBRIS = re.compile(r"^(.*\d)\s+([\"'‘’“”`]+)$")  # a speck after a figure, read as a quote mark
_OCR_GLUED_PERCENT = re.compile(r"^((?:1\d{2}|[1-9]\d?)(?:[.,]\d{1,2})?)96$")
_OCR_GLUED_MARK = re.compile(r"^(1\d{2}|[1-9]\d)([148])$")
GLUED_CEILING = 300  # a percent column's whole number above this is a figure with its sign glued on
_WORD = r"[^\W\d_]+(?:[/-][^\W\d_]+)*"
# One unit word after a quantity; '003 Pelaksanaan' and '6872 Kelembagaan' are codes, not counts.
_COUNT = re.compile(rf"^((?!0\d)(?!\d{{4}})\d[\d.,]*)\s+({_WORD})$")
_UNIT_STOPWORDS = frozenset({"dan", "atau", "serta", "dengan", "dari", "per", "untuk", "yang", "ke", "s/d"})
# OCR debris before a value: a border stub reads as a dash or '=', a photocopy's speck as '.', ',' or '~'
_BULLET = re.compile(r"^([eo¢•·»*>—–.,:\"'‘’“”`=~-])\s+(?=\S)")
# ... and after it: specks beside a figure read as ',', '.', ':', a quote or a dash ('100 ,', '90,00, .',
# '17 Dokumen -')
_TRAILING_MARKS = re.compile(r"^(.*?\S)(,?(?:\s+[.,:\"'‘’“”`~—–-]+)+|,)$")
_DECIMAL_FIGURE = re.compile(r"^\d{1,3}(?:[.,]\d{3})*[.,]\d{1,2}\.?%?$")
_MARKS_ONLY = re.compile(r"^[^\w\s]+$")
_VALUE_KINDS = frozenset(ValueKind) - {ValueKind.EMPTY, ValueKind.TEXT}


def _before_speck_tail(text: str) -> str | None:
    """A decimal figure followed by specks a photocopy left beside it ('80,00 . 6', '85,00 . 7 .'):
    two tokens or more, each a lone digit or at most two characters holding a mark, at least one
    of marks alone, no '%'. Returns the figure, else None. A decimal figure is complete, so a
    digit after it is no part of it; one mark alone after a figure may be its '%' misread, which
    the row's arithmetic settles (``figure_repairs``)."""
    tokens = text.split()
    if len(tokens) < 3 or not _DECIMAL_FIGURE.match(tokens[0]) or "%" in text:
        return None
    tail = tokens[1:]
    debris = all(len(t) == 1 if t.isdigit() else len(t) <= 2 and not t.isalnum() for t in tail)
    return tokens[0] if debris and any(_MARKS_ONLY.match(t) for t in tail) else None


# A scan's percent with a space read inside it: '1 00%' (100%) or, where joining would be no
# percent, its decimal comma read as a space: '97 14 %' (97,14%)
_SPLIT_FIGURE = re.compile(r"^(\d{1,3}) (\d{1,3})(\s*[^\w\s]{0,2}|\s*Yo)$")


def _split_figure(m: re.Match[str]) -> _Strip:
    """The two halves of a split percent read as one figure: joined while that is a percent (no
    percent column holds more than ``MOST_PERCENT``), else with the comma the space stood for."""
    whole = m.group(1) + m.group(2)
    if int(whole) <= MOST_PERCENT and not m.group(1).startswith("0"):
        return whole + m.group(3), f"space inside '{m.group(1)} {m.group(2)}' removed", frozenset({ValueKind.PERCENT})
    decimal = f"{m.group(1)},{m.group(2)}{m.group(3)}"
    return decimal, f"'{m.group(1)} {m.group(2)}': OCR read the decimal comma as a space", frozenset({ValueKind.PERCENT})


_GLUED_COUNT = re.compile(r"^(\d{1,3})([A-Za-z][a-z]{3,})$")  # OCR lost the space: '1Dokumen', '14dokumen'
# A wrapped label's last words pushed into the amount column by a text dump ("Proses Rp. 26.608.457.000"):
# at most four plain words, then an amount of a million or more with its thousands grouped.
# A scan's words of a neighbouring column's wrapped text landing after a percent figure
# ('85,71% penyelenggaraan kepemiluan yang'): the '%' closes the figure, the words are not its.
_TRAILING_WORDS = re.compile(r"^(\d[\d.,]*\s*%)\s+([^\W\d_]{3,}(?:\s+[^\W\d_]+){0,5})$")
# A footnote mark after a figure ('100 *)', '98,5 %**)', '100¹'): the note below the table, not the value.
_FOOTNOTE = re.compile(r"^(.*[\d%])\s*(\*+\)?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\)?)$")
# A figure with its verdict or its spelling in brackets ('3,92 (Baik)', '100% (Tercapai)', '5 (lima)').
_VERDICT = re.compile(r"^(\d[\d.,]*\s*%?)\s*\(([^\W\d_]{3,}(?:\s+[^\W\d_]+){0,2})\)$")
_SPILL = re.compile(r"^((?:[A-Za-z][A-Za-z/()]*\s+){1,4}?)((?:" + RUPIAH + r"\s*)?\d{1,3}(?:[.,]\d{3}){2,}(?:,-|,00)?)$")


def _clean(raw: str) -> tuple[str, list[str]]:
    """Normalised text without HTML tags, markdown emphasis, stray pipes or repeated spaces."""
    text, notes = normalise_with_notes(raw)
    text = " ".join(_HTML_TAG.sub(" ", text).split())
    return text.strip(" *_`|"), notes


def _is_empty(text: str) -> bool:
    return not text or text.lower() in _EMPTY_WORDS or bool(_EMPTY_MARKS.fullmatch(text))


@dataclass(frozen=True)
class _Reading:
    kind: ValueKind
    value: int | float | None
    unit: str | None
    style: Style | None


def _to_rupiah(value: Decimal, text: str, notes: list[str]) -> int:
    whole = int(value.to_integral_value(rounding=ROUND_HALF_UP))
    if whole != value:
        notes.append(f"fraction of '{text}' rounded to whole rupiah")
    return whole


_ACCOUNTING_ZERO = re.compile(r"[-–—]+(?:\s*,\s*-)?")  # 'Rp -', 'Rp -,-': Excel's zero


def _strip_amount_marks(text: str, notes: list[str]) -> tuple[str, bool]:
    """Remove ``Rp``, ``,-``, ``rupiah`` and a spelled-out amount; True if any marked a rupiah amount."""
    s, currency = text, False
    if m := _CURRENCY.match(s):
        s, currency = s[m.end() :], True
    if (m := _SPELLED_OUT.search(s)) and m.start() > 0:  # 'Rp 5.000,- (lima ribu rupiah)'
        rest = s[: m.start()]
        if currency or _AMOUNT_TAIL.search(rest) or _RUPIAH.search(rest):
            notes.append(f"'{m.group(0).strip()}' after amount kept only in raw")
            s, currency = rest, True
    if m := _AMOUNT_TAIL.search(s):
        s, currency = s[: m.start()], True
    if m := _RUPIAH.search(s):
        s, currency = s[: m.start()], True
    s = s.strip().rstrip(".").strip()
    return (s.rstrip(",") if currency else s), currency  # 'Rp 8.712.634.114,': the '-' of ',-' lost


def _strip_percent_mark(s: str, text: str, expect: Expect, ocr: bool, notes: list[str]) -> tuple[str, bool]:
    if ocr and (m := _OCR_DEBRIS_PERCENT.match(s)):
        notes.append(f"'{m.group(2)}' between '{m.group(1)}' and its '%' dropped as OCR debris")
        return m.group(1), True
    if ocr and (m := _OCR_TWICE_PERCENT.match(s)):
        notes.append(f"'%' read twice after '{m.group(1)}'")
        return m.group(1), True
    if m := _PERCENT_SIGN.match(s):
        return m.group(1), True
    if m := _AMPERSAND.match(s):
        notes.append(f"'{text}' read as '{m.group(1)}%'")
        return m.group(1), True
    if ocr and expect == "percent" and (m := _OCR_PERCENT.match(s)):
        notes.append(f"'{m.group(2) or m.group(3) or m.group(4)}' after '{m.group(1)}' read as '%'")
        return m.group(1), True
    if ocr and (m := _OCR_DECIMAL_MARK.match(s)):
        # '84.00 96', '84,00 $' or '74,93 6': a decimal figure with its '%' read as '96', a lone
        # digit or (Courier) '$', in any column (a count is never printed with decimals and a
        # trailing 96 or '$'; no figure has a third decimal or a thousands group of one digit)
        notes.append(f"'{m.group(2)}' after '{m.group(1)}' read as '%'")
        return m.group(1), True
    if ocr and expect == "percent" and (m := _OCR_LONE_MARK.match(s)):
        # a monospaced '90 %' whose '%' a scan read as '4', '8' or '£': only in a column that
        # is mostly percents, one of them at least printed as such (see ``percent_column``)
        notes.append(f"'{m.group(2)}' after '{m.group(1)}' read as '%' (a percent column)")
        return m.group(1), True
    if ocr and expect == "percent" and (m := _OCR_GLUED_PERCENT.match(s)):
        # '10096' in a percent column: a '%' glued to the number and read as '96' (no percent
        # is in the thousands, so the reading is safe)
        notes.append(f"'{s}' read as '{m.group(1)}%' ('%' OCR'd as '96')")
        return m.group(1), True
    if ocr and expect == "percent" and (m := _glued_mark(s)):
        # '901' in a percent column: a monospaced '90%' whose sign a scan read as '1', '4' or '8'
        notes.append(f"'{s}' read as '{m.group(1)}%' ('%' OCR'd as '{m.group(2)}')")
        return m.group(1), True
    return s, False


def is_currency_mark(text: str) -> bool:
    """A cell that holds only a currency sign ('Rp', 'Rp.', 'IDR'): Excel-made budget tables give
    the sign a column of its own beside the figures."""
    t = text.strip()
    m = _CURRENCY.match(t)
    return bool(t) and m is not None and m.end() == len(t)


def percent_marked(text: str, *, ocr: bool = False) -> bool:
    """Whether a cell carries a percent sign, or (read by OCR) a known misreading of one."""
    s = normalise_text(text).strip()
    if _PERCENT_SIGN.match(s) or _AMPERSAND.match(s):
        return True
    return ocr and bool(_OCR_PERCENT.match(s) or _OCR_TWICE_PERCENT.match(s) or _OCR_GLUED_PERCENT.match(s) or _glued_mark(s))


def _glued_mark(s: str) -> re.Match[str] | None:
    """'901' for a monospaced '90%': a whole number beyond any percent, ending in a sign's misreading."""
    m = _OCR_GLUED_MARK.match(s)
    return m if m is not None and int(s) > GLUED_CEILING else None


def percent_column(texts: Sequence[str], *, ocr: bool = False) -> bool:
    """Whether a column's cells are percents: most carry a percent sign (or, read by OCR, a known
    misreading of one, or a lone '4' / '8' / '£' after the figure where at least one cell shows a
    real sign)."""
    if not texts:
        return False
    marked = sum(percent_marked(t, ocr=ocr) for t in texts)
    lone = sum(1 for t in texts if ocr and _OCR_LONE_MARK.match(normalise_text(t).strip()))
    return marked > len(texts) / 2 or (marked > 0 and marked + lone > len(texts) / 2)


def _whole_or_float(number: _Number, value: Decimal) -> int | float:
    return int(value) if number.decimals == 0 else float(value)


def _numeric(text: str, expect: Expect, hint: Style | None, ocr: bool, notes: list[str]) -> _Reading | None:
    """Percent, amount, count or plain number; None when the text is not one of them."""
    s, currency = _strip_amount_marks(text, notes)
    # (not on a scan, where a lost figure beside a rule's fragment reads the same)
    if currency and not ocr and _ACCOUNTING_ZERO.fullmatch(s) and _CURRENCY.match(text):
        notes.append(f"'{text}' read as 0 (a spreadsheet's accounting format prints zero as a dash)")
        return _Reading(ValueKind.AMOUNT, 0, "rupiah", None)
    if currency and _is_empty(s):  # 'Rp.' with its figure lost
        return _Reading(ValueKind.EMPTY, None, None, None)
    s, negative = _sign(s, currency or expect == "amount", notes)
    s, percent = _strip_percent_mark(s, text, expect, ocr, notes)
    if ocr:
        s = _ocr_cleanup(s, percent, notes)
    s = _join_split_numbers(s, notes, ocr)
    scale = _SCALE.match(s) if not percent else None
    count = _COUNT.match(s) if not currency else None
    number, kind = _number_and_kind(s, (percent, currency), expect, hint, (scale, count))
    if number is None:
        return None
    if number.note:
        notes.append(number.note)
    value = number.value * (-1 if negative else 1)
    if kind is ValueKind.PERCENT:
        return _Reading(kind, float(value), "%", number.style)
    if kind is ValueKind.AMOUNT:
        factor = _SCALES[scale.group(2).lower()] if scale else 1
        return _Reading(kind, _to_rupiah(value * factor, text, notes), "rupiah", number.style)
    if kind is ValueKind.COUNT and count:
        return _Reading(kind, _whole_or_float(number, value), count.group(2).lower(), number.style)
    return _Reading(kind, _whole_or_float(number, value), None, number.style)


def _sign(s: str, amount: bool, notes: list[str]) -> tuple[str, bool]:
    """A comparator dropped ('>= 90'), and the sign: '-5', or an amount in brackets '(1.500.000)'."""
    if m := _COMPARATOR.match(s):
        notes.append(f"comparator '{m.group(1)}' kept only in raw")
        s = s[m.end() :]
    if m := re.fullmatch(r"[-+](\d.*)", s):
        return m.group(1), s[0] == "-"
    if amount and (m := re.fullmatch(r"\((\d[^()]*[.,]\d[^()]*)\)", s)):
        return m.group(1), True
    return s, False


def _ocr_cleanup(s: str, percent: bool, notes: list[str]) -> str:
    if not percent and (m := _OCR_QUOTE_DEBRIS.match(s)):
        notes.append(f"'{m.group(2)}' after '{m.group(1)}' dropped as OCR debris")
        s = m.group(1)
    return _repair_digit_letters(s, notes)


def _number_and_kind(
    s: str,
    marks: tuple[bool, bool],
    expect: Expect,
    hint: Style | None,
    patterns: tuple[re.Match[str] | None, re.Match[str] | None],
) -> tuple[_Number | None, ValueKind]:
    """The number and what it is: a percent (marked), a scaled amount ('1,2 miliar'), a number
    read as the column expects, or a count with its unit ('12 dokumen')."""
    (percent, currency), (scale, count) = marks, patterns
    if percent:
        return _read_number(s.strip(), "percent", hint), ValueKind.PERCENT
    if scale:
        return _read_number(scale.group(1), "number", hint), ValueKind.AMOUNT
    if number := _read_number(s, "amount" if currency else expect, hint):
        amount = currency or expect == "amount"
        return number, ValueKind.AMOUNT if amount else ValueKind.PERCENT if expect == "percent" else ValueKind.NUMBER
    if count and count.group(2).lower() not in _UNIT_STOPWORDS:
        return _read_number(count.group(1), "number", hint), ValueKind.COUNT
    return None, ValueKind.TEXT


# What lies around a value that is no part of it: (the value's text, the note recorded, the
# kinds the rest must parse as), in the order ``parse_value`` tries them after a plain reading.
_Strip = tuple[str, str, frozenset[ValueKind]]
_FIGURES = frozenset({ValueKind.NUMBER, ValueKind.PERCENT})


def _strips(text: str, expect: Expect, ocr: bool) -> Iterator[_Strip]:
    if ocr and (m := _BULLET.match(text)):
        yield text[m.end() :], f"stray '{m.group(1)}' before value ignored", _VALUE_KINDS
    if ocr and (m := _TRAILING_MARKS.match(text)):
        yield m.group(1), f"stray '{m.group(2).strip()}' after value ignored", _VALUE_KINDS
    if ocr and (head := _before_speck_tail(text)):
        yield head, f"specks '{text[len(head) :].strip()}' after '{head}' ignored", _VALUE_KINDS
    if ocr and expect == "percent" and (m := _SPLIT_FIGURE.match(text)):
        yield _split_figure(m)
    if ocr and (m := _GLUED_COUNT.match(text)):
        yield f"{m.group(1)} {m.group(2)}", f"space restored in '{text}'", frozenset({ValueKind.COUNT})
    if ocr and expect == "percent" and (m := _TRAILING_WORDS.match(text)):
        note = f"words '{m.group(2)}' after '{m.group(1)}' ignored (a neighbouring column's text)"
        yield m.group(1), note, frozenset({ValueKind.PERCENT})
    if (m := _FOOTNOTE.match(text)) and not _FOOTNOTE.match(m.group(1)):
        yield m.group(1), f"footnote mark '{m.group(2)}' after '{m.group(1)}' kept only in raw", _VALUE_KINDS
    if (m := _VERDICT.match(text)) and expect != "amount":
        yield m.group(1), f"'({m.group(2)})' after '{m.group(1).strip()}' kept only in raw", _FIGURES
    if expect == "amount" and (m := _SPILL.match(text)):
        note = f"leading words '{m.group(1).strip()}' ignored (a wrapped label spilled into the cell)"
        yield m.group(2), note, frozenset({ValueKind.AMOUNT})


def parse_value(
    raw: str,
    *,
    expect: Expect = "any",
    decimal_hint: Style | None = None,
    ocr: bool = False,
) -> ParsedValue:
    """Parse one cell; ``expect`` is what the column holds, ``decimal_hint`` its number convention.

    Never raises: text that is no value comes back as TEXT holding the cleaned string.
    """
    text, notes = _clean(raw)

    def build(
        kind: ValueKind, value: int | float | str | None, unit: str | None, style: Style | None = None
    ) -> ParsedValue:
        return ParsedValue(raw, kind, value, unit, tuple(dict.fromkeys(notes)), style)

    if _is_empty(text):
        return build(ValueKind.EMPTY, None, None)
    if opinion := opinion_of(text):
        return build(ValueKind.OPINION, opinion, "opini")
    if grade := grade_of(text):
        notes.extend(grade[1])
        return build(ValueKind.GRADE, grade[0], "grade")
    if ocr and (grade := small_grade(text)):
        notes.extend(grade[1])
        return build(ValueKind.GRADE, grade[0], "grade")
    attempt: list[str] = []
    if reading := _numeric(text, expect, decimal_hint, ocr, attempt):
        notes.extend(attempt)
        return build(reading.kind, reading.value, reading.unit, reading.style)
    for part, note, kinds in _strips(text, expect, ocr):
        inner = parse_value(part, expect=expect, decimal_hint=decimal_hint, ocr=ocr)
        if inner.kind in kinds:
            notes.append(note)
            notes.extend(inner.repairs)
            return build(inner.kind, inner.value, inner.unit, inner.decimal_style)
    return build(ValueKind.TEXT, text, None)


def parse_amount(raw: str, *, decimal_hint: Style | None = None, ocr: bool = False) -> ParsedValue:
    """An integer rupiah amount; anything else in the cell comes back as EMPTY or TEXT, never guessed."""
    parsed = parse_value(raw, expect="amount", decimal_hint=decimal_hint, ocr=ocr)
    if parsed.kind in (ValueKind.AMOUNT, ValueKind.EMPTY, ValueKind.TEXT):
        return parsed
    text, notes = _clean(raw)
    return ParsedValue(raw, ValueKind.TEXT, text, None, tuple(notes))


def column_decimal_style(raws: Iterable[str]) -> Style | None:
    """The convention most unambiguous numbers of a column follow; None if none decide or they tie."""
    votes: Counter[str] = Counter()
    for raw in raws:
        for token in re.findall(_NUM, _clean(raw)[0]):
            number = _read_number(token, "number", None)
            if number is not None and not number.ambiguous and number.style is not None:
                votes[number.style] += 1
    ranked = votes.most_common()
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return "id" if ranked[0][0] == "id" else "en"


def to_cell_value(parsed: ParsedValue, provenance: Provenance, conf: float | None = None) -> CellValue:
    """The shared record other stages store: value, kind, raw string, repairs and provenance."""
    return CellValue(
        raw=parsed.raw,
        value=parsed.value,
        kind=parsed.kind.value,
        unit=parsed.unit,
        provenance=provenance,
        repairs=parsed.repairs,
        conf=conf,
    )
