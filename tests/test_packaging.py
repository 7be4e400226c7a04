"""The wheel's contents as pyproject.toml declares them: every package and data file of the source tree.

Building and installing the wheel is `.ci/run`'s job (slow); these checks catch a new subpackage or
data file that the explicit package list would leave out.
"""

from __future__ import annotations

import fnmatch
import json
import tomllib
from pathlib import Path

from setuptools import find_namespace_packages

from extractor.schema_files import SOURCE_DIR, schema_text
from tests.conftest import ROOT

SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def source_packages() -> set[str]:
    """Dotted names of the folders under extractor/ that hold Python modules."""
    found = find_namespace_packages(str(ROOT), include=["extractor", "extractor.*"])
    return {name for name in found if any((ROOT / name.replace(".", "/")).glob("*.py"))}


def test_every_package_under_extractor_is_in_the_wheel() -> None:
    assert set(SETUPTOOLS["packages"]) == source_packages() | {"extractor.schemas"}
    assert SETUPTOOLS["package-dir"] == {"extractor.schemas": "schemas"}


def test_no_generic_top_level_package_is_installed() -> None:
    assert all(name.split(".")[0] == "extractor" for name in SETUPTOOLS["packages"])
    assert SETUPTOOLS["py-modules"] == ["cli"]


def package_folders() -> dict[str, Path]:
    return {p: ROOT / SETUPTOOLS["package-dir"].get(p, p.replace(".", "/")) for p in SETUPTOOLS["packages"]}


def test_every_data_file_matches_a_package_data_pattern() -> None:
    folders = package_folders()
    for folder in set(folders.values()):
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix in {".py", ".pyc"} or "__pycache__" in path.parts:
                continue
            # The deepest package whose folder holds the file ships it.
            package = max((p for p, f in folders.items() if path.is_relative_to(f)), key=len)
            relative = path.relative_to(folders[package]).as_posix()
            patterns = SETUPTOOLS["package-data"].get(package, [])
            assert any(fnmatch.fnmatch(relative, p) for p in patterns), f"{package}: {relative} not shipped"


def test_schemas_load_from_the_checkout() -> None:
    names = sorted(p.name for p in SOURCE_DIR.glob("*.schema.json"))
    assert names == ["catalogue.schema.json", "gazetteer.schema.json", "lakip-output.schema.json"]
    for name in names:
        assert json.loads(schema_text(name)) == json.loads((SOURCE_DIR / name).read_text(encoding="utf-8"))
