"""The catalogue package's shape: modules depend one way only, at any depth, and stay small."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "extractor" / "catalogue"
ORDER = ["model", "spelling", "clauses", "labels", "capaian", "wrapped", "load", "programs", "signatures", "matcher", "suggest"]  # each may import only earlier ones


def imported(path: Path) -> set[str]:
    """Every extractor.catalogue module a file imports, including imports inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return {n.split(".")[2] for n in names if n.startswith("extractor.catalogue.")} | (
        {"__init__"} if "extractor.catalogue" in names else set()
    )


def test_modules_import_only_earlier_ones() -> None:
    modules = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    assert set(modules) <= set(ORDER), "add new modules to ORDER"
    for name in modules:
        allowed = set(ORDER[: ORDER.index(name)])
        assert imported(PACKAGE / f"{name}.py") <= allowed, name


def test_no_module_is_a_catch_all() -> None:
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 600, path.name


def test_old_module_names_are_gone() -> None:
    root = PACKAGE.parents[1]
    assert not (root / "extractor" / "matching.py").exists()
    assert not (root / "extractor" / "catalogue.py").exists()
    for path in [*root.glob("extractor/**/*.py"), root / "cli.py", *root.glob("tests/*.py")]:
        if path.resolve() != Path(__file__).resolve():
            assert "extractor.matching" not in path.read_text(encoding="utf-8"), path
