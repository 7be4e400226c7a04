"""The output contract check (extractor.writers.validate_output): the compiled validator that
checks every result and the reference ``jsonschema`` that names the first error agree."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from extractor.errors import InvalidDataError
from extractor.pipeline import extract
from extractor.writers import document_to_dict, load_schema, validate_output


@pytest.fixture(scope="module")
def result(seed_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(document_to_dict(extract(seed_dir / "000_473ae7671d36c3fd.txt"))))
    assert data["indicators"] and data["budget"]
    return data


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return apply


def _drop(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return apply


BREAKS = {
    "status not a status": (_set(("status",), "fine"), "/status"),
    "indicators not a list": (_set(("indicators",), {}), "/indicators"),
    "an indicator without its label": (_drop(("indicators", 0, "label")), "/indicators/0"),
    "a budget year that is text": (_set(("budget", 0, "year"), "2024"), "/budget/0/year"),
    "an unknown top-level key": (_set(("surprise",), 1), "/"),
}


def test_a_result_as_written_passes(result: dict[str, Any]) -> None:
    validate_output(result)
    assert not list(jsonschema.Draft202012Validator(load_schema()).iter_errors(result))


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_a_broken_result_is_refused_naming_where(result: dict[str, Any], case: str) -> None:
    """Each break is one jsonschema also finds; the message points at it."""
    breaker, pointer = BREAKS[case]
    data = copy.deepcopy(result)
    breaker(data)
    assert list(jsonschema.Draft202012Validator(load_schema()).iter_errors(data))
    with pytest.raises(InvalidDataError) as info:
        validate_output(data)
    assert f"at {pointer}" in str(info.value) or (pointer == "/" and "output breaks" in str(info.value))
