"""Row ids, the review file and corrections applied to a result (extractor.review.store)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from extractor.catalogue import load_catalogue
from extractor.errors import InvalidDataError
from extractor.pipeline import extract
from extractor.review.store import (
    Correction,
    Review,
    adjuster,
    apply_review,
    decide,
    empty_review,
    load_review,
    review_path,
    row_ids,
    save_review,
    stale_rows,
)
from extractor.writers import document_to_dict, validate_output

CATALOGUE = load_catalogue()


@pytest.fixture(scope="module")
def result(seed_dir: Path) -> dict[str, Any]:
    return document_to_dict(extract(seed_dir / "003_c112caca8715f4b7.txt"))


def first(data: dict[str, Any], kind: str, **where: Any) -> tuple[str, dict[str, Any]]:
    section = data["indicators" if kind == "indicator" else "budget"]
    for k, index, row_id in row_ids(data):
        row = section[index] if k == kind else None
        if row and all(row.get(key) == value for key, value in where.items()):
            return row_id, row
    raise AssertionError(f"no {kind} row with {where}")


def test_row_ids_are_unique_and_stable_across_re_extraction(seed_dir: Path, result: dict[str, Any]) -> None:
    ids = [row for _, _, row in row_ids(result)]
    assert len(ids) == len(set(ids)) == len(result["indicators"]) + len(result["budget"])
    again = document_to_dict(extract(seed_dir / "003_c112caca8715f4b7.txt"))
    assert [row for _, _, row in row_ids(again)] == ids


def test_row_ids_ignore_line_and_table_but_not_the_source_bytes(result: dict[str, Any]) -> None:
    moved = copy.deepcopy(result)
    for row in moved["indicators"] + moved["budget"]:
        row["provenance"]["line"] = (row["provenance"]["line"] or 0) + 3
        row["provenance"]["table"] = (row["provenance"]["table"] or 0) + 1
    assert list(row_ids(moved)) == list(row_ids(result))
    other = copy.deepcopy(result)
    other["source"]["sha256"] = "0" * 64
    assert not {r for *_, r in row_ids(other)} & {r for *_, r in row_ids(result)}


def test_review_file_round_trips_atomically(result: dict[str, Any], tmp_path: Path) -> None:
    row_id, row = first(result, "indicator")
    review = decide(empty_review(result), ("indicator", row_id, row), "reject", {}, "ana", CATALOGUE)
    path = review_path(tmp_path / "report.json")
    assert path.name == "report.review.json"
    save_review(review, path)
    assert load_review(path) == review
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.review.json"]  # no temporary left
    assert load_review(tmp_path / "none.review.json") is None


@pytest.mark.parametrize(
    "content", ["{", '{"format": "other"}', '{"format": "lakip-review/1", "source": {}}', "[1]"]
)
def test_a_damaged_review_file_is_invalid_data(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.review.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidDataError):
        load_review(path)


def test_corrections_check_their_kind_action_and_fields() -> None:
    with pytest.raises(InvalidDataError, match="no field 'pagu'"):
        Correction("r", "indicator", "edit", "a", "t", "l", 1, {}, {"pagu": 1})
    with pytest.raises(InvalidDataError, match="review action"):
        Correction("r", "budget", "delete", "a", "t", "l", 1)  # type: ignore[arg-type]


def test_an_edit_keeps_only_what_changed_and_what_was_typed(result: dict[str, Any]) -> None:
    row_id, row = first(result, "indicator")
    typed = {"target": row["values"]["target"]["raw"] if "target" in row["values"] else "", "realisasi": "97,5%"}
    review = decide(empty_review(result), ("indicator", row_id, row), "edit", typed, "ana", CATALOGUE)
    correction = review.get(row_id)
    assert correction is not None and correction.action == "edit" and correction.who == "ana"
    assert correction.after == {"realisasi": 97.5} and correction.raw == {"realisasi": "97,5%"}
    assert correction.before == {"realisasi": row["realisasi"]}
    # accepting later keeps the edit; undo forgets it
    accepted = decide(review, ("indicator", row_id, row), "accept", {}, "budi", CATALOGUE)
    assert accepted.get(row_id).after == {"realisasi": 97.5}  # type: ignore[union-attr]
    assert decide(accepted, ("indicator", row_id, row), "undo", {}, "budi", CATALOGUE).get(row_id) is None
    unchanged = decide(empty_review(result), ("indicator", row_id, row), "accept", {"year": str(row["year"])}, "a", CATALOGUE)
    assert unchanged.get(row_id).action == "accept"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kind", "texts", "message"),
    [
        ("indicator", {"indicator_id": "no_such_indicator"}, "not an indicator of the catalogue"),
        ("indicator", {"year": "20x4"}, "not a year"),
        ("indicator", {"capaian": "baik"}, "not a percentage"),
        ("indicator", {"label": "  "}, "cannot be empty"),
        ("budget", {"pagu": "banyak"}, "not an amount"),
        ("budget", {"target": "1"}, "no field 'target'"),
    ],
)
def test_what_cannot_be_a_value_is_refused_with_a_message(
    result: dict[str, Any], kind: str, texts: dict[str, str], message: str
) -> None:
    row_id, row = first(result, kind)
    with pytest.raises(InvalidDataError, match=message):
        decide(empty_review(result), (kind, row_id, row), "edit", texts, "ana", CATALOGUE)  # type: ignore[arg-type]


def reviewed(result: dict[str, Any]) -> tuple[Review, dict[str, str]]:
    ind_id, ind = first(result, "indicator")
    bud_id, bud = first(result, "budget")
    other_id, other = next(
        (r, result["indicators"][i]) for k, i, r in row_ids(result) if k == "indicator" and r != ind_id
    )
    review = empty_review(result)
    review = decide(review, ("indicator", ind_id, ind), "edit", {"realisasi": "50", "indicator_id": "opini_bpk"}, "a", CATALOGUE)
    review = decide(review, ("budget", bud_id, bud), "edit", {"pagu": "Rp 2.000.000"}, "a", CATALOGUE)
    review = decide(review, ("indicator", other_id, other), "reject", {}, "a", CATALOGUE)
    return review, {"indicator": ind_id, "budget": bud_id, "rejected": other_id}


def test_applying_sets_values_with_review_provenance_and_drops_rejected_rows(result: dict[str, Any]) -> None:
    review, ids = reviewed(result)
    applied = apply_review(result, review)
    validate_output(applied)  # still a valid result
    assert len(applied["indicators"]) == len(result["indicators"]) - 1
    assert ids["rejected"] not in {r for *_, r in row_ids(applied)}
    ind = next(r for r in applied["indicators"] if r.get("reviewed") and r["values"].get("realisasi"))
    assert ind["realisasi"] == 50 and ind["indicator_id"] == "opini_bpk"
    assert ind["measure_id"] == CATALOGUE.measure_of("opini_bpk")
    assert ind["values"]["realisasi"]["provenance"]["method"] == "review"
    assert ind["values"]["realisasi"]["raw"] == "50" and ind["reviewed"] == "realisasi,indicator_id"
    budget = next(b for b in applied["budget"] if b.get("reviewed"))
    assert budget["pagu"] == 2_000_000 and budget["values"]["pagu"]["provenance"]["method"] == "review"
    assert result["indicators"] != applied["indicators"]  # the result itself is left as extracted
    assert not any("reviewed" in r for r in result["indicators"])


def test_corrections_of_rows_that_are_gone_are_listed_not_applied(result: dict[str, Any]) -> None:
    review, ids = reviewed(result)
    shrunk = copy.deepcopy(result)
    index = next(i for k, i, r in row_ids(result) if r == ids["budget"])
    del shrunk["budget"][index]
    assert [c.row for c in stale_rows(shrunk, review)] == [ids["budget"]]
    assert stale_rows(result, review) == ()
    changed = copy.deepcopy(result)
    changed["source"]["sha256"] = "f" * 64
    assert stale_rows(changed, review) == review.corrections
    assert apply_review(changed, review) == changed  # another version of the file: nothing applied


def test_adjuster_reads_the_review_file_beside_a_result(result: dict[str, Any], tmp_path: Path) -> None:
    review, _ = reviewed(result)
    target = tmp_path / "r.json"
    assert adjuster(target)(result) == result
    save_review(review, review_path(target))
    assert adjuster(target)(result) == apply_review(result, review)
    assert json.loads(review_path(target).read_text())["format"] == "lakip-review/1"
