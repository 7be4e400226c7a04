"""How a flag quotes the report: places, rupiah and percentages as printed, OCR doubts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from babel.numbers import format_decimal

from extractor.models import BudgetRecord, CellValue, Flag, Provenance, Severity


def fmt_rp(amount: int) -> str:
    """Indonesian thousands dots, as the report prints rupiah: 33.801.000."""
    return str(format_decimal(amount, format="#,##0", locale="id"))


def fmt_num(value: float, decimals: int = 2) -> str:
    """Indonesian decimal comma and thousands dots: 1.234,50."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return str(format_decimal(value, format=pattern, locale="id", decimal_quantization=True))


def fmt_value(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return fmt_rp(value) if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        return fmt_num(value, 0 if value.is_integer() else 2)
    return str(value)


def where(prov: Provenance) -> str:
    page = f"page {prov.page} " if prov.page is not None else ""
    return f"{page}line {prov.line}" + (f" (table {prov.table})" if prov.table is not None else "")


def make_flag(
    code: str, severity: Severity, message: str, provs: Iterable[Provenance | None], values: dict[str, Any]
) -> Flag:
    return Flag(code, severity, message, tuple(dict.fromkeys(p for p in provs if p is not None)), values)


def prov_of(cell: CellValue | None) -> Provenance | None:
    return cell.provenance if cell is not None else None


def short(text: str, limit: int = 70) -> str:
    """A label shortened for a message at a word boundary, never mid-word, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:-") + "…"


def describe_line(rec: BudgetRecord) -> str:
    level = rec.level.upper() if rec.level in ("kro", "ro") else rec.level
    name = short(rec.name)
    return f"{level} {rec.code + ' ' if rec.code else ''}'{name}'"


def repairs_note(*cells: CellValue | None) -> str:
    notes = [r for c in cells if c is not None for r in c.repairs]
    text = f" (OCR repairs applied: {'; '.join(notes)})" if notes else ""
    ocr = [c for c in cells if c is not None and c.provenance.method.ocr]
    if ocr:
        confs = ", ".join(
            f"'{c.raw.strip()}' {c.conf:.0f}" if c.conf is not None else f"'{c.raw}'" for c in ocr
        )
        text += f"; read by OCR (confidence {confs}): a cell may be misread, check the page before concluding"
    return text


def doubt_severity(severity: Severity, *cells: CellValue | None) -> Severity:
    """Arithmetic that fails on OCR'd cells marks them doubtful (a warning), not the report wrong."""
    ocr = any(c is not None and c.provenance.method.ocr for c in cells)
    return "warning" if ocr and severity == "error" else severity
