"""How a layout prints numbers: percents, amounts, counts, in the notations real reports mix.

Every function takes the exact value the truth file records and returns the printed string, built
from ``samples.numbers.format_number`` so a value never changes on its way to the page.
"""

from __future__ import annotations

from samples.numbers import COUNT_UNITS, Value, format_number


def _decimal(text: str, decimal: str) -> str:
    """Swap Indonesian separators for English ones when ``decimal`` is '.'."""
    if decimal == ",":
        return text
    return text.replace(".", "\x00").replace(",", ".").replace("\x00", ",")


def fmt_number(value: float | int, decimal: str = ",", decimals: int | None = None) -> str:
    return _decimal(format_number(value, decimals), decimal)


def fmt_percent(value: float | int, style: str, decimal: str = ",", *, sign: bool = True) -> str:
    """A percent in one of the PERCENT_FORMATS: 100 / 100% / 100 % / 100,00 % / 100,00.

    ``sign=False`` drops the percent sign (values under a Satuan column, or a header saying %).
    """
    fixed = style in ("fixed2", "fixed2_space")
    decimals = 2 if fixed and _exact_in(value, 2) else None
    text = fmt_number(value, decimal, decimals)
    if not sign:
        return text
    if style == "sign":
        return f"{text}%"
    if style in ("space_sign", "fixed2_space"):
        return f"{text} %"
    return text


def _exact_in(value: float | int, decimals: int) -> bool:
    return round(float(value), decimals) == float(value)


def fmt_indicator(
    value: Value,
    unit: str,
    *,
    style: str,
    decimal: str,
    empty: str,
    satuan_column: bool,
    unit_case: str,
) -> str:
    """A target/realisasi cell: grades and opinions as text, counts with their unit unless a
    Satuan column carries it, percents in the table's percent style."""
    if value is None:
        return empty
    if isinstance(value, str):
        return value
    if unit == "%":
        return fmt_percent(value, style, decimal, sign=not satuan_column)
    text = fmt_number(value, decimal)
    if unit in COUNT_UNITS and not satuan_column:
        word = unit.title() if unit_case == "title" else unit
        return f"{text} {word}"
    return text


def satuan_text(unit: str, percent_sign: bool) -> str:
    """What a Satuan column prints for a unit."""
    if unit == "%":
        return "%" if percent_sign else "Persen"
    return {"grade": "Predikat", "opini": "Opini", "nilai": "Nilai", "indeks": "Indeks"}.get(
        unit, unit.title()
    )


def fmt_amount(value: int | None, style: str, rp_text: str, empty: str) -> str:
    """Rupiah in one of the AMOUNT_FORMATS. ``rp_column`` prints the bare figure (the Rp sits in
    its own column); ``comma`` groups with commas as spreadsheets exported in English do."""
    if value is None:
        return empty
    text = format_number(int(value), 0)
    if style == "rp_prefix":
        return f"{rp_text} {text}"
    if style == "rp_suffix":
        return f"{rp_text} {text},-"
    if style == "dec00":
        return f"{text},00"
    if style == "comma":
        return _decimal(text, ".")
    return text


def budget_decimal(amount_style: str) -> str:
    """Comma-grouped amounts come with dot-decimal percents ('97.50')."""
    return "." if amount_style == "comma" else ","
