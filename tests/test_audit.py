"""The audit's registry, settings and run (extractor.audit.registry, run), a clean report, and recall on the gold reports."""

from __future__ import annotations

import json
from typing import Any

import pytest

from extractor.audit import (
    CHECKS,
    AuditInput,
    AuditSettings,
    AuditSettingsError,
    flags_to_dataframe,
    run_audit,
)
from tests.audit_builders import (
    SATKER,
    audit,
    budget,
    clean_report,
    narrative,
    recall_on_gold,
    text_fixture,
)
from tests.conftest import GOLD, data_files


def test_clean_report_gives_no_flags() -> None:
    inds, rows, text = clean_report()
    assert audit(inds, rows, text) == ()


def test_registry_covers_every_documented_check() -> None:
    assert set(CHECKS) == {
        "persen_mismatch",
        "capaian_mismatch",
        "total_mismatch",
        "overspend",
        "duplicate_conflict",
        "text_vs_table",
        "foreign_satker",
        "target_missing",
        "realisasi_missing",
        "year_mismatch",
        "future_realisasi",
        "implausible_capaian",
        "claim_arithmetic",
    }
    assert all(check.help and check.run.__doc__ for check in CHECKS.values())


@pytest.mark.parametrize(
    "kwargs",
    [
        {"persen_tolerance": -0.1},
        {"total_tolerance_rupiah": -1},
        {"capaian_tolerance": 101},
        {"enabled": frozenset({"no_such_check"})},
    ],
)
def test_invalid_settings_raise_actionable_error(kwargs: dict[str, Any]) -> None:
    with pytest.raises(AuditSettingsError) as err:
        run_audit(AuditInput(SATKER, (), (), (), 2024), AuditSettings(**kwargs))
    assert "\n" not in str(err.value)


def test_enabled_limits_the_checks() -> None:
    rows = (budget("ro", "A", 100_000, 200_000, 50.0, 10),)  # overspend and persen mismatch
    assert {f.code for f in audit(budget_rows=rows)} == {"overspend", "persen_mismatch"}
    assert {f.code for f in audit(budget_rows=rows, only="overspend")} == {"overspend"}


def test_run_audit_orders_by_severity_then_place() -> None:
    rows = (
        budget("ro", "late", 100_000, 200_000, 200.0, 90),  # overspend (warning), persen fine
        budget("ro", "early", 100_000, 50_000, 40.0, 20),  # persen mismatch (error)
        budget("ro", "mid", 100_000, 300_000, 100.0, 50),  # both
    )
    flags = audit(budget_rows=rows)
    assert [(f.severity, f.provenance[0].line) for f in flags] == [
        ("error", 20),
        ("error", 50),
        ("warning", 50),
        ("warning", 90),
    ]
    assert flags == audit(budget_rows=tuple(reversed(rows)))


def test_flags_to_dataframe_columns_and_json_values() -> None:
    rows = (budget("indikator", "Koordinasi", 33_801_000, 33_775_000, 99.95, 1922, 4),)
    frame = flags_to_dataframe(audit(budget_rows=rows))
    assert list(frame.columns) == ["code", "severity", "message", "page", "line", "method", "table", "values"]
    assert frame.loc[0, "line"] == 1922 and frame.loc[0, "table"] == 4
    assert json.loads(frame.loc[0, "values"])["pagu"] == 33_801_000
    assert flags_to_dataframe([]).empty


def test_flags_never_change_values() -> None:
    inds, rows = text_fixture()
    before = (inds, rows)
    audit(inds, rows, narrative("Adapun realisasi anggaran sebesar 98,68%."))
    assert (inds, rows) == before


def test_recall_on_gold_reports() -> None:
    found: dict[str, int] = {}
    total: dict[str, int] = {}
    for path in data_files(GOLD, "*.json"):
        for kind, (hit, n, _) in recall_on_gold(path).items():
            found[kind] = found.get(kind, 0) + hit
            total[kind] = total.get(kind, 0) + n
    assert found["persen_mismatch"] >= 0.9 * total["persen_mismatch"]
    assert found["total_mismatch"] >= 0.8 * total["total_mismatch"]
    assert found["text_vs_table"] >= 0.6 * total["text_vs_table"]
