"""What a check is: a code, the worst severity it raises, one line of help, and the function.

Each check module defines one ``CheckSpec`` next to its function; ``extractor.audit.run`` lists
them once, and everything else (settings validation, the HTML legend, the CLI) reads that list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from extractor.audit.model import AuditInput, AuditSettings
from extractor.models import Flag, Severity

CheckFn = Callable[[AuditInput, AuditSettings], Iterable[Flag]]


class Check(Protocol):
    """The shape of a registered check."""

    @property
    def code(self) -> str: ...

    @property
    def severity(self) -> Severity: ...

    @property
    def help(self) -> str: ...

    @property
    def as_printed(self) -> bool: ...

    def __call__(self, inp: AuditInput, settings: AuditSettings) -> Iterable[Flag]: ...


@dataclass(frozen=True)
class CheckSpec:
    """A check. ``as_printed`` checks see the years as printed; the others see mislabelled tables
    moved to the report year (``extractor.audit.years.as_report_year``)."""

    code: str
    severity: Severity
    help: str
    run: CheckFn
    as_printed: bool = False

    def __call__(self, inp: AuditInput, settings: AuditSettings) -> Iterable[Flag]:
        return self.run(inp, settings)
