"""What the audit reads and how strict it is: one report's records and the checks' tolerances."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from extractor.errors import ExitCode, LakipError
from extractor.models import BudgetRecord, IndicatorRecord, Satker, TextLine


class AuditSettingsError(LakipError):
    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class AuditSettings:
    """Tolerances of the checks; ``enabled`` picks checks by code (None = all, codes checked by run_audit)."""

    persen_tolerance: float | None = None  # None: half a unit of the printed decimals, at least 0.01
    total_tolerance_rupiah: int = 1
    capaian_tolerance: float = 0.5  # percentage points
    capaian_bound: float = 1000.0  # capaian (%) above this is implausible: a unit or typing mistake
    enabled: frozenset[str] | None = None

    def __post_init__(self) -> None:
        pt, ct = self.persen_tolerance, self.capaian_tolerance
        if pt is not None and not 0 <= pt <= 100:
            raise AuditSettingsError(f"persen_tolerance must be between 0 and 100, got {pt}")
        if self.total_tolerance_rupiah < 0:
            raise AuditSettingsError(
                f"total_tolerance_rupiah must be >= 0, got {self.total_tolerance_rupiah}"
            )
        if not 0 <= ct <= 100:
            raise AuditSettingsError(f"capaian_tolerance must be between 0 and 100, got {ct}")
        if not self.capaian_bound > 100:
            raise AuditSettingsError(f"capaian_bound must be above 100 (%), got {self.capaian_bound}")


@dataclass(frozen=True)
class AuditInput:
    """One report's records; ``indicators`` should hold every table occurrence, not the merged view."""

    satker: Satker
    indicators: tuple[IndicatorRecord, ...]
    budget: tuple[BudgetRecord, ...]
    narrative: tuple[TextLine, ...]
    report_year: int | None

    @property
    def year(self) -> int | None:
        return self.report_year if self.report_year is not None else self.satker.year

    @cached_property
    def file(self) -> str:
        """The report's file name, as its records cite it; looked up once (every flag cites it)."""
        provs = [*(i.provenance for i in self.indicators), *(b.provenance for b in self.budget)]
        return next((p.file for p in provs if p.file), "")
