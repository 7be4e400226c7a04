"""The JSON Schemas of the output contract and the data files, wherever lakip runs from.

The repository keeps them in the top-level ``schemas/`` folder; the wheel ships that folder as
``extractor/schemas`` (``package-dir`` in pyproject.toml), so nothing installs a generic top-level
``schemas`` package into site-packages. A checkout (tests, ``python3 -m cli``, an editable install)
reads the folder beside ``extractor/``; an installed wheel reads the copy inside the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[1] / "schemas"  # the repository's top-level folder


def schema_text(name: str) -> str:
    """The text of ``name`` (e.g. ``lakip-output.schema.json``): the packaged copy, else the checkout's."""
    try:
        packaged = resources.files("extractor").joinpath("schemas", name)
        if packaged.is_file():
            return packaged.read_text(encoding="utf-8")
    except (ModuleNotFoundError, NotADirectoryError, TypeError):  # an extractor importlib cannot see into
        pass
    return (SOURCE_DIR / name).read_text(encoding="utf-8")
