"""Column roles the figures settle where the header leaves them wrong or open: capaian =
realisasi / target x 100 on enough rows says which value column is which (an OCR'd header
loses or garbles names; a report never breaks its own arithmetic on most rows)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet

from extractor.models import Table
from extractor.values import Expect, ValueKind, parse_value
from extractor.vocabulary import Role


def realisasi_by_arithmetic(
    roles: list[Role], table: Table, header: int, dated: AbstractSet[int] = frozenset()
) -> list[Role]:
    """Realisasi and capaian where the figures put them: capaian = realisasi / target x 100. A
    header OCR glued into 'Kinerja paian Kinerja 2021 Realisasi' named the realisasi capaian; a
    header lost over 'Realisasi 2021 | Realisasi 2022 | % Capaian' left three value columns the
    print order names wrongly. Of the value columns after the target not dated to another year,
    the pair that adds up on the most rows (two at least, more than the pair as named, and no
    other pair as often) is the realisasi and the capaian."""
    if Role.TARGET not in roles:
        return roles
    t = roles.index(Role.TARGET)
    cands = [
        c
        for c, role in enumerate(roles)
        if c not in dated
        and (
            role in (Role.REALISASI, Role.CAPAIAN)
            or (c > t and role == Role.OTHER and value_column(table, header, c))
        )
    ]
    fits = _capaian_fits(table, header, t, cands)
    if not fits:
        return roles
    best = max(fits, key=lambda pair: fits[pair])
    ranked = sorted(fits.values(), reverse=True)
    named = (
        (roles.index(Role.REALISASI), roles.index(Role.CAPAIAN))
        if Role.REALISASI in roles and Role.CAPAIAN in roles
        else None
    )
    tied = len(ranked) > 1 and ranked[1] == ranked[0]
    if ranked[0] < 2 or tied or ranked[0] <= fits.get(named or (-1, -1), 0):
        return roles
    out: list[Role] = [Role.OTHER if r in (Role.REALISASI, Role.CAPAIAN) else r for r in roles]
    out[best[0]], out[best[1]] = Role.REALISASI, Role.CAPAIAN
    return out


def target_by_arithmetic(
    roles: list[Role], table: Table, header: int, dated: AbstractSet[int] = frozenset()
) -> list[Role]:
    """The target where the figures put it: an unnamed value column before the realisasi over
    which realisasi / target x 100 is the capaian to two decimals on more rows than over the
    column named target, counting the rows where both hold a figure. OCR lost the target's
    header ('8' for 'Target') and the next year's 'Target Tahun 2024' lost its year: the next
    year's targets, often the same, are not the report year's."""
    if not all(r in roles for r in (Role.TARGET, Role.REALISASI, Role.CAPAIAN)):
        return roles
    named, r, c = roles.index(Role.TARGET), roles.index(Role.REALISASI), roles.index(Role.CAPAIAN)
    cands = [col for col, role in enumerate(roles) if col < r and col not in dated and role == Role.OTHER]
    if not cands:
        return roles  # nothing else could be the target: no figures read
    fits = _fit_rows(table, header, r, c, (named, *cands))
    won = []
    for t in cands:
        both = fits.get(t, (set(), set()))[1] & fits.get(named, (set(), set()))[1]
        mine, theirs = (len(fits[k][0] & both) if k in fits else 0 for k in (t, named))
        if mine > theirs:
            won.append(t)
    if len(won) != 1:
        return roles
    out = list(roles)
    out[named], out[won[0]] = Role.OTHER, Role.TARGET
    return out


def _fit_rows(
    table: Table, header: int, r: int, c: int, cols: Sequence[int]
) -> dict[int, tuple[set[int], set[int]]]:
    """Per column t of ``cols`` holding figures: the rows on which column r over t, in percent, is
    column c to two decimals, and the rows on which t holds a figure."""
    out: dict[int, tuple[set[int], set[int]]] = {}
    for i, got in _figures(table, header, (r, c, *cols)):
        if max(r, c) >= len(table.rows[header + i].cells):
            continue
        for t in cols:
            tv = got.get(t)
            if tv is None or tv <= 0:
                continue
            fit, held = out.setdefault(t, (set(), set()))
            held.add(i)
            if r in got and c in got and _adds_up(got[r], tv, got[c]):
                fit.add(i)
    return out


def _capaian_fits(table: Table, header: int, t: int, cands: Sequence[int]) -> dict[tuple[int, int], int]:
    """Per pair (r, c) of ``cands``: the rows on which column r over the target column t, in
    percent, is column c."""
    fits: dict[tuple[int, int], int] = {}
    for _, got in _figures(table, header, (t, *cands)):
        tv = got.get(t)
        if tv is None or tv <= 0:
            continue
        nums = {c: v for c, v in got.items() if c != t and v > 0}
        for (r, rv), (c, cv) in itertools.permutations(nums.items(), 2):
            if _adds_up(rv, tv, cv):
                fits[(r, c)] = fits.get((r, c), 0) + 1
    return fits


def _figures(table: Table, header: int, cols: Sequence[int]) -> Iterator[tuple[int, dict[int, float]]]:
    """Per body row (its index under the header): the figures of ``cols`` read as percents."""
    ocr = table.method.ocr
    for i, row in enumerate(table.rows[header:]):
        got = {}
        for col in dict.fromkeys(cols):
            v = parse_value(row.cells[col].text, expect="percent", ocr=ocr).value if col < len(row.cells) else None
            if isinstance(v, int | float):
                got[col] = float(v)
        yield i, got


def _adds_up(realisasi: float, target: float, capaian: float) -> bool:
    """realisasi / target x 100 is the capaian, to the two decimals reports print."""
    return abs(realisasi * 100 / target - capaian) <= 0.06


def value_column(table: Table, header: int, col: int) -> bool:
    """Most body cells of the column are values (numbers, percents, grades, counts or dashes)."""
    cells = [r.cells[col].text for r in table.rows[header:] if col < len(r.cells) and not r.cells[col].empty]
    ocr = table.method.ocr  # a scan's '90.00 %' may come back '90.00 4'
    values = sum(1 for t in cells if _is_value(t) or (ocr and _is_value(t, "percent", ocr)))
    return bool(cells) and values >= 0.6 * len(cells)


def _is_value(text: str, expect: Expect = "any", ocr: bool = False) -> bool:
    return parse_value(text, expect=expect, ocr=ocr).kind is not ValueKind.TEXT
