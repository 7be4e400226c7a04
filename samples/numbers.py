"""Indonesian number notation for the generated reports.

Values are formatted from their exact decimal form (``Decimal(str(x))``) so the printed text parses
back to the very value written into the truth file; nothing is rounded unless a caller asks.
"""

from __future__ import annotations

from decimal import Decimal

Value = int | float | str | None

COUNT_UNITS = frozenset(
    {"dokumen", "laporan", "kegiatan", "kali", "satker", "orang", "berkas", "paket", "unit", "peraturan"}
)
PLAIN_UNITS = frozenset({"nilai", "indeks", "index", "skor", "poin"})


def _group_thousands(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.append(digits[-3:])
        digits = digits[:-3]
    groups.append(digits)
    return ".".join(reversed(groups))


def decimals_of(value: float | int) -> int:
    """Number of decimals in the shortest exact form of ``value`` (94.4 -> 1, 100.0 -> 0)."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_number(value: float | int, decimals: int | None = None) -> str:
    """``1234567.5`` -> ``1.234.567,5``; ``decimals=None`` keeps the shortest exact form."""
    dec = Decimal(str(value))
    if decimals is None:
        dec = dec.normalize()
        decimals = max(0, -int(dec.as_tuple().exponent))
    quantum = Decimal(1).scaleb(-decimals)
    dec = dec.quantize(quantum)
    sign = "-" if dec < 0 else ""
    text = f"{abs(dec):f}"
    whole, _, frac = text.partition(".")
    out = sign + _group_thousands(whole)
    return f"{out},{frac}" if frac else out


def format_amount(value: int, *, suffix: bool = False) -> str:
    """Rupiah amounts: ``26.030.287.000``; ``suffix`` adds the ``,-`` some reports print."""
    text = format_number(int(value), 0)
    return f"{text},-" if suffix else text


def format_percent(value: float | int, *, sign: bool = True, decimals: int | None = None) -> str:
    """``84.98`` -> ``84,98%``; ``decimals=2`` prints ``100,00%`` only when that is exact."""
    if decimals is not None and decimals_of(value) > decimals:
        decimals = None
    text = format_number(value, decimals)
    return f"{text}%" if sign else text


def format_indicator_value(value: Value, unit: str | None, *, empty: str = "-") -> str:
    """A target/realisasi/capaian cell as a report prints it, given the gold unit."""
    if value is None:
        return empty
    if isinstance(value, str):
        return value
    key = (unit or "").strip().lower()
    if key == "%":
        return format_percent(value)
    if key in COUNT_UNITS:
        return f"{format_number(value)} {key.title()}"
    return format_number(value)


def percent_of(part: float | int, whole: float | int, decimals: int = 2) -> float:
    """``part / whole * 100`` rounded half-up, as a spreadsheet would print it."""
    ratio = Decimal(str(part)) * 100 / Decimal(str(whole))
    return float(ratio.quantize(Decimal(1).scaleb(-decimals)))
