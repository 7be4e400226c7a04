"""Audit stage: checks that flag defects inside a report, never changing an extracted value.

Each check lives in one module with its ``CheckSpec`` (code, severity, help, function) and is
listed once in ``run.CHECKS``; it takes the frozen records of one report and returns ``Flag``s
carrying the numbers involved and the provenance of every cell involved, so an auditor can open
the page and see the defect for themselves. Modules import only those below them:

    model < cells < cite < registry < indicators < sentences < context
          < (arithmetic, consistency, rollup < years, claims, text_figures < text_vs_table, ...)
          < run
"""

from extractor.audit.model import AuditInput, AuditSettings, AuditSettingsError
from extractor.audit.run import CHECKS, audit_document, flags_to_dataframe, order, run_audit

__all__ = [
    "CHECKS",
    "AuditInput",
    "AuditSettings",
    "AuditSettingsError",
    "audit_document",
    "flags_to_dataframe",
    "order",
    "run_audit",
]
