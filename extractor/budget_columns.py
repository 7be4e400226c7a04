"""Budget columns told by their amounts: which columns hold rupiah and which percents, and the
absorption arithmetic (realisasi = pagu x % / 100) that names a rupiah column whose header OCR
lost. Used by the column roles (``extractor.roles``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.models import Cell, Table
from extractor.values import ValueKind, parse_amount, parse_value
from extractor.vocabulary import Role

_THOUSANDS_LIKE = re.compile(r"\d[.,]\d{3}(?!\d)(?!\s*%)")
_SHARE_SLACK = 0.06  # percentage points: a printed absorption is rounded to two decimals


def _cells(table: Table, header: int, col: int) -> list[str]:
    return [r.cells[col].text for r in table.rows[header:] if col < len(r.cells) and not r.cells[col].empty]


def mostly_percents(table: Table, header: int, col: int) -> bool:
    cells = _cells(table, header, col)
    hits = 0
    for text in cells:
        if _THOUSANDS_LIKE.search(text):  # '10,000' is a volume, not 10 percent
            continue
        parsed = parse_value(text, expect="percent")
        if parsed.kind == ValueKind.PERCENT and isinstance(parsed.value, float) and 0 <= parsed.value <= 200:
            hits += 1
    return bool(cells) and hits >= 0.6 * len(cells)


def mostly_amounts(table: Table, header: int, col: int) -> bool:
    cells = _cells(table, header, col)
    amounts = 0
    ocr = table.method.ocr
    for text in cells:
        parsed = parse_amount(text, ocr=ocr)
        if isinstance(parsed.value, int) and parsed.value >= 100_000:
            amounts += 1
    return bool(cells) and amounts >= 0.6 * len(cells)


def _votes(
    table: Table, header: int, cols: tuple[int | None, int | None, int], free: Sequence[int]
) -> dict[int, int]:
    """Rows on which each free column makes the absorption arithmetic hold, standing in for
    whichever of pagu and realisasi ``cols`` = (pagu, realisasi, percent) leaves None."""
    votes = dict.fromkeys(free, 0)
    ocr = table.method.ocr

    def value(cells: Sequence[Cell], c: int, expect: str) -> object:
        if c >= len(cells):
            return None
        text = cells[c].text
        return (
            parse_value(text, expect="percent", ocr=ocr).value
            if expect == "%"
            else parse_amount(text, ocr=ocr).value
        )

    for row in table.rows[header:]:
        share = value(row.cells, cols[2], "%")
        if not isinstance(share, int | float):
            continue
        for c in free:
            base = value(row.cells, c if cols[0] is None else cols[0], "Rp")
            spent = value(row.cells, c if cols[1] is None else cols[1], "Rp")
            if isinstance(base, int) and base and isinstance(spent, int):
                votes[c] += abs(spent * 100 / base - share) <= _SHARE_SLACK
    return votes


def _winner(votes: dict[int, int]) -> int | None:
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if not ranked or not ranked[0][1] or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def absorbed(roles: Sequence[Role], table: Table, header: int, free: Sequence[int]) -> int | None:
    """Of several unnamed rupiah columns (this year's and last year's realisasi, their headers
    lost to OCR), the one the row's absorption percent says was spent (realisasi = pagu x % / 100)
    or the balance beside it (sisa = pagu - realisasi) on more rows than any other column. None
    when neither check is printed or no column wins."""
    if len(free) < 2 or Role.PAGU not in roles:
        return None
    pagu = roles.index(Role.PAGU)
    percents = [c for c in range(pagu + 1, len(roles)) if c not in free and mostly_percents(table, header, c)]
    votes = _votes(table, header, (pagu, None, percents[0]), free) if percents else dict.fromkeys(free, 0)
    if Role.SISA in roles:
        for c, n in _balance_votes(table, header, pagu, roles.index(Role.SISA), free).items():
            votes[c] += n
    return _winner(votes)


def _balance_votes(table: Table, header: int, pagu: int, sisa: int, free: Sequence[int]) -> dict[int, int]:
    """Rows on which each free column is what was spent of the pagu, to the rupiah the balance says."""
    votes = dict.fromkeys(free, 0)
    ocr = table.method.ocr
    for row in table.rows[header:]:
        amounts = {c: parse_amount(row.cells[c].text, ocr=ocr).value for c in (pagu, sisa, *free) if c < len(row.cells)}
        base, left = amounts.get(pagu), amounts.get(sisa)
        if not isinstance(base, int) or not isinstance(left, int):
            continue
        for c in free:
            spent = amounts.get(c)
            votes[c] += isinstance(spent, int) and abs(base - spent - left) <= 1
    return votes


def lost_pagu(roles: list[Role], table: Table, header: int) -> list[Role]:
    """A 'Pagu' header lost to OCR (a 7pt 'Pagu' read 'agu'), beside a rupiah realisasi: of the
    unnamed rupiah columns before the realisasi, the one the absorption percent after it divides
    (realisasi = pagu x % / 100) on most rows is the pagu; that percent column, if named
    'Realisasi' (its '%' lost) or nothing, is the absorption. Unchanged without such arithmetic."""
    if Role.PAGU in roles or Role.REAL_RP not in roles:
        return roles
    real = roles.index(Role.REAL_RP)
    shares = [
        c
        for c in range(real + 1, len(roles))
        if roles[c] in (Role.PERSEN, Role.REALISASI, Role.CAPAIAN, Role.OTHER)
        and mostly_percents(table, header, c)
    ]
    free = [c for c in range(real) if roles[c] == Role.OTHER and mostly_amounts(table, header, c)]
    if not shares or not free:
        return roles
    votes = _votes(table, header, (None, real, shares[0]), free)
    pick = _winner(votes)
    body = sum(1 for r in table.rows[header:] if not all(c.empty for c in r.cells))
    if pick is None or votes[pick] * 2 < body:
        return roles
    out = list(roles)
    out[pick] = Role.PAGU
    if Role.PERSEN not in out:
        out[shares[0]] = Role.PERSEN
    return out
