"""Corrections a person made, stored beside the result as ``<name>.review.json``, and applied to it.

A row is named by an id that survives re-extraction of the same file: a hash of the source's
content hash, the row's kind, page, role (or budget level), its printed label as plain words, its
year and its ordinal among rows that share all of these. Line numbers and table indices are left
out on purpose: they move whenever the table finder improves, while the printed label, its page and
its year do not. A source whose bytes changed gets new ids, so its old corrections are listed as no
longer matching instead of landing on the wrong row.

The result JSON stays what the extractor read; ``apply_review`` returns a corrected copy, in which
every value a person set carries provenance method ``review`` and each touched row lists the
fields a person set under ``reviewed``.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from extractor.catalogue import Catalogue, load_catalogue, plain_label, recompute_capaian
from extractor.errors import InvalidDataError
from extractor.models import Method
from extractor.values import ValueKind, parse_amount, parse_value
from extractor.writers import atomic_writer

REVIEW_SUFFIX = ".review.json"
FORMAT = "lakip-review/1"

RowKind = Literal["indicator", "budget"]
Action = Literal["accept", "edit", "reject"]
ACTIONS: tuple[str, ...] = ("accept", "edit", "reject")

# what a person may set, per kind of row, in the order the form shows them
FIELDS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator_id", "label", "unit", "target", "realisasi", "capaian", "year"),
    "budget": ("name", "pagu", "realisasi", "persen", "year"),
}
VALUE_FIELDS: dict[str, tuple[str, ...]] = {
    "indicator": ("target", "realisasi", "capaian"),
    "budget": ("pagu", "realisasi", "persen"),
}
_SECTION: dict[str, str] = {"indicator": "indicators", "budget": "budget"}
YEARS = (1990, 2100)


@dataclass(frozen=True)
class Correction:
    """One person's decision on one row: accepted as read, edited, or rejected as not a real row."""

    row: str
    kind: RowKind
    action: Action
    who: str
    when: str  # ISO 8601, UTC
    label: str  # the printed label, so a person can recognise a correction that no longer matches
    page: int | None
    before: Mapping[str, Any] = field(default_factory=dict)
    after: Mapping[str, Any] = field(default_factory=dict)
    raw: Mapping[str, str] = field(default_factory=dict)  # what the person typed, per value field

    def __post_init__(self) -> None:
        if self.kind not in FIELDS:
            raise InvalidDataError(f"row kind must be one of {tuple(FIELDS)}, not {self.kind!r}")
        if self.action not in ACTIONS:
            raise InvalidDataError(f"review action must be one of {ACTIONS}, not {self.action!r}")
        unknown = set(self.after) - set(FIELDS[self.kind])
        if unknown:
            raise InvalidDataError(f"a {self.kind} row has no field {sorted(unknown)[0]!r}")


@dataclass(frozen=True)
class Review:
    """All corrections for one source file (identified by its content hash)."""

    file: str
    sha256: str
    corrections: tuple[Correction, ...] = ()

    def get(self, row: str) -> Correction | None:
        return next((c for c in self.corrections if c.row == row), None)

    def with_correction(self, correction: Correction) -> Review:
        kept = tuple(c for c in self.corrections if c.row != correction.row)
        return replace(self, corrections=(*kept, correction))

    def without(self, row: str) -> Review:
        return replace(self, corrections=tuple(c for c in self.corrections if c.row != row))


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --------------------------------------------------------------------------- row ids


def row_key(kind: str, row: Mapping[str, Any]) -> tuple[Any, ...]:
    page = row["provenance"].get("page")
    if kind == "indicator":
        return (kind, page, row.get("role") or "performance", plain_label(row["label_raw"]), row["year"])
    words = plain_label(f"{row.get('code') or ''} {row['name']}")
    return (kind, page, row["level"], words, row["year"])


def row_ids(data: Mapping[str, Any]) -> Iterator[tuple[RowKind, int, str]]:
    """(kind, index in its section, id) of every indicator and budget row of a result."""
    sha = data["source"]["sha256"]
    kinds: tuple[RowKind, ...] = ("indicator", "budget")
    for kind in kinds:
        seen: dict[tuple[Any, ...], int] = {}
        for index, row in enumerate(data[_SECTION[kind]]):
            key = row_key(kind, row)
            ordinal = seen.get(key, 0)
            seen[key] = ordinal + 1
            digest = hashlib.sha256(json.dumps([sha, *key, ordinal], ensure_ascii=False).encode()).hexdigest()
            page = row["provenance"].get("page") or 0
            yield kind, index, f"{kind[0]}{page}-{digest[:12]}"


# --------------------------------------------------------------------------- the file


def review_path(result: Path) -> Path:
    """``<name>.review.json`` beside ``<name>.json``."""
    return result.with_name(result.name.removesuffix(".json") + REVIEW_SUFFIX)


def load_review(path: Path) -> Review | None:
    """The corrections stored at ``path``; None when nobody reviewed this result yet."""
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidDataError(f"unreadable review file ({exc})", path=str(path)) from None
    try:
        if data.get("format") != FORMAT:
            raise InvalidDataError(f"not a lakip review file (format {data.get('format')!r})", path=str(path))
        corrections = tuple(Correction(**c) for c in data["corrections"])
        return Review(data["source"]["file"], data["source"]["sha256"], corrections)
    except (AttributeError, KeyError, TypeError) as exc:
        raise InvalidDataError(f"malformed review file ({exc})", path=str(path)) from None
    except InvalidDataError as exc:
        raise InvalidDataError(exc.message, path=str(path)) from None


def save_review(review: Review, path: Path) -> None:
    """Written atomically: a reader sees the old file or the new one, never half of one."""
    data = {
        "format": FORMAT,
        "source": {"file": review.file, "sha256": review.sha256},
        "corrections": [asdict(c) for c in review.corrections],
    }
    with atomic_writer(path) as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


def adjuster(result: Path) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """For ``writers.write_outputs``: the result as the corrections beside ``result`` make it."""

    def adjust(data: dict[str, Any]) -> dict[str, Any]:
        return apply_review(data, load_review(review_path(result)))

    return adjust


def empty_review(data: Mapping[str, Any]) -> Review:
    return Review(data["source"]["file"], data["source"]["sha256"])


# --------------------------------------------------------------------------- what a person typed


def parse_field(kind: str, name: str, text: str, catalogue: Catalogue) -> tuple[Any, str | None]:
    """(value, raw) of one edited field; raw is the typed text for value fields, else None.

    Raises InvalidDataError with a message for the form when the text is no such value."""
    text = text.strip()
    if name in VALUE_FIELDS[kind]:
        return _parse_value_field(kind, name, text), text
    if name == "year":
        return _parse_year(text), None
    if name == "indicator_id":
        if text and catalogue.get(text) is None:
            raise InvalidDataError(f"{text!r} is not an indicator of the catalogue")
        return text or None, None
    if name == "label" and not text:
        raise InvalidDataError("the label cannot be empty")
    return (text or None) if name == "unit" else text, None


def _parse_value_field(kind: str, name: str, text: str) -> Any:
    if not text:
        return None
    if kind == "budget" and name in ("pagu", "realisasi"):
        amount = parse_amount(text)
        if amount.kind != ValueKind.AMOUNT or not isinstance(amount.value, int):
            raise InvalidDataError(f"{name}: {text!r} is not an amount in rupiah")
        return amount.value
    parsed = parse_value(text, expect="percent" if name in ("capaian", "persen") else "any")
    if name in ("capaian", "persen") and not isinstance(parsed.value, int | float):
        raise InvalidDataError(f"{name}: {text!r} is not a percentage")
    if parsed.kind in (ValueKind.TEXT, ValueKind.EMPTY):
        raise InvalidDataError(f"{name}: {text!r} is not a number, grade or opinion")
    return parsed.value


def _parse_year(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or not YEARS[0] <= int(text) <= YEARS[1]:
        raise InvalidDataError(f"year: {text!r} is not a year between {YEARS[0]} and {YEARS[1]}")
    return int(text)


def changed_fields(kind: str, row: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """The subset of ``after`` that differs from the row as extracted."""
    return {k: v for k, v in after.items() if k in FIELDS[kind] and row.get(k) != v}


def decide(
    review: Review,
    target: tuple[RowKind, str, Mapping[str, Any]],
    action: str,
    texts: Mapping[str, str],
    who: str,
    catalogue: Catalogue,
) -> Review:
    """``review`` with one more decision on the row ``target`` = (kind, id, row as extracted).

    "undo" forgets the row's correction; "reject" marks it not a real row; "accept" and "edit" keep
    the fields ``texts`` set (over an earlier edit's) that differ from what was extracted, stored as
    an edit when any do and as an acceptance otherwise."""
    kind, row_id, row = target
    if action == "undo":
        return review.without(row_id)
    label = row["label_raw"] if kind == "indicator" else row["name"]
    page = row["provenance"].get("page")
    if action == "reject":
        return review.with_correction(Correction(row_id, kind, "reject", who, now(), label, page))
    if action not in ("accept", "edit"):
        raise InvalidDataError(f"unknown review action {action!r}; use accept, edit, reject or undo")
    earlier = review.get(row_id)
    after = dict(earlier.after) if earlier else {}
    raw = dict(earlier.raw) if earlier else {}
    for name, text in texts.items():
        if name not in FIELDS[kind]:
            raise InvalidDataError(f"a {kind} row has no field {name!r}")
        after[name], typed = parse_field(kind, name, text, catalogue)
        raw.pop(name, None)
        if typed is not None:
            raw[name] = typed
    after = changed_fields(kind, row, after)
    raw = {k: v for k, v in raw.items() if k in after}
    before = {k: row.get(k) for k in after}
    correction = Correction(row_id, kind, "edit" if after else "accept", who, now(), label, page, before, after, raw)
    return review.with_correction(correction)


# --------------------------------------------------------------------------- applying


def stale_rows(data: Mapping[str, Any], review: Review | None) -> tuple[Correction, ...]:
    """Corrections whose row the result no longer has (or whose source changed since)."""
    if review is None:
        return ()
    if review.sha256 != data["source"]["sha256"]:
        return review.corrections
    present = {row for _, _, row in row_ids(data)}
    return tuple(c for c in review.corrections if c.row not in present)


def apply_review(
    data: Mapping[str, Any], review: Review | None, catalogue: Catalogue | None = None
) -> dict[str, Any]:
    """A copy of a result with the corrections applied: rejected rows dropped, edited fields set
    (values with provenance method ``review``), every reviewed row naming its fields in ``reviewed``."""
    out = copy.deepcopy(dict(data))
    if review is None or not review.corrections or review.sha256 != data["source"]["sha256"]:
        return out
    dropped: dict[str, set[int]] = {"indicator": set(), "budget": set()}
    for kind, index, row_id in list(row_ids(out)):
        correction = review.get(row_id)
        if correction is None or correction.kind != kind:
            continue
        if correction.action == "reject":
            dropped[kind].add(index)
            continue
        row = out[_SECTION[kind]][index]
        _edit(kind, row, correction)
        if kind == "indicator" and {"target", "realisasi", "indicator_id"} & set(correction.after):
            catalogue = catalogue or load_catalogue()
            _recompute_indicator(row, catalogue)
    for name, indices in dropped.items():
        section = _SECTION[name]
        out[section] = [r for i, r in enumerate(out[section]) if i not in indices]
    return out


def _edit(kind: str, row: dict[str, Any], correction: Correction) -> None:
    fields = list(correction.after)
    for name, value in correction.after.items():
        row[name] = value
        if name in VALUE_FIELDS[kind]:
            _set_value(row, name, value, correction.raw.get(name, "" if value is None else str(value)))
    if kind == "budget" and {"pagu", "realisasi"} & set(fields):
        pagu, real = row.get("pagu"), row.get("realisasi")
        row["persen_computed"] = round(100.0 * real / pagu, 2) if pagu and real is not None else None
    row["reviewed"] = ",".join(fields) if fields else "accept"


def _set_value(row: dict[str, Any], name: str, value: Any, raw: str) -> None:
    values = row.setdefault("values", {})
    old = values.pop(name, None)
    if value is None:
        return
    provenance = dict(old["provenance"] if old else row["provenance"])
    provenance["method"] = Method.REVIEW.value
    kind = parse_value(raw, expect="percent" if name in ("capaian", "persen") else "any").kind
    values[name] = {"raw": raw, "kind": kind.value, "provenance": provenance}


def _recompute_indicator(row: dict[str, Any], catalogue: Catalogue) -> None:
    entry = catalogue.get(row["indicator_id"]) if row.get("indicator_id") else None
    row["measure_id"] = entry.measure if entry else None
    row["capaian_computed"] = recompute_capaian(
        row.get("target"),
        row.get("realisasi"),
        direction=entry.direction if entry else "higher_is_better",
        value_type=entry.value_type if entry else "percent",
    )
