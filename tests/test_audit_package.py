"""The audit package's shape: modules depend one way only (even inside functions), each check is
registered once with its help text, and no module is a catch-all."""

from __future__ import annotations

import ast
from pathlib import Path

from extractor.audit import CHECKS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "extractor" / "audit"
ORDER = [  # each may import only earlier ones
    "model",
    "cells",
    "cite",
    "registry",
    "indicators",
    "sentences",
    "context",
    "arithmetic",
    "consistency",
    "rollup",
    "years",
    "claims",
    "text_figures",
    "text_vs_table",
    "claim_arithmetic",
    "plausibility",
    "foreign",
    "run",
]


def imported(path: Path) -> set[str]:
    """Every extractor.audit module a file imports, including imports inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "extractor.audit":
                names.update(f"extractor.audit.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return {n.split(".")[2] for n in names if n.startswith("extractor.audit.")}


def test_modules_import_only_earlier_ones() -> None:
    modules = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    assert set(modules) <= set(ORDER), "add new modules to ORDER"
    for name in modules:
        allowed = set(ORDER[: ORDER.index(name)])
        assert imported(PACKAGE / f"{name}.py") <= allowed, name


def test_no_module_is_a_catch_all() -> None:
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 600, path.name


def test_each_check_is_registered_once_with_help() -> None:
    specs = [node for path in PACKAGE.glob("*.py") for node in _check_specs(path)]
    assert sorted(specs) == sorted(CHECKS), "every CheckSpec is listed in run.CHECKS, once"
    for code, check in CHECKS.items():
        assert (
            check.code == code and check.help.endswith(".") and check.severity in ("error", "warning", "info")
        )


def _check_specs(path: Path) -> list[str]:
    """The codes of the CheckSpec(...) calls a module makes (a literal, or a constant of the module
    or of the module it imports it from)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = _constants(ast.parse((PACKAGE / "context.py").read_text(encoding="utf-8"))) | _constants(tree)
    codes = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "CheckSpec" and node.args:
            first = node.args[0]
            codes.append(
                first.value if isinstance(first, ast.Constant) else constants[getattr(first, "id", "")]
            )
    return codes


def _constants(tree: ast.Module) -> dict[str, str]:
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def test_old_flat_modules_are_gone() -> None:
    for name in ("audit.py", "audit_claims.py", "audit_tables.py", "audit_text.py", "audit_html.py"):
        assert not (ROOT / "extractor" / name).exists(), name
    for path in [*ROOT.glob("extractor/**/*.py"), ROOT / "cli.py", *ROOT.glob("tests/*.py")]:
        text = path.read_text(encoding="utf-8")
        assert path.name == "test_audit_package.py" or (
            "extractor.audit_" not in text and "CHECK_HELP =" not in text
        ), path
