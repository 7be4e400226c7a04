"""The review queue: every row of a folder of results, the most doubtful first.

A row is doubtful when the catalogue did not match it (or barely), when an audit check flagged it,
when OCR read its values with low confidence, when a value needed repairs, or when its printed
capaian (or budget persen) does not follow from its own numbers. Each reason carries a weight; the
queue is sorted by their sum, so a person spends the first minutes on the rows most likely wrong.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.bulk import read_manifest
from extractor.errors import InputNotFoundError, InvalidDataError
from extractor.ingest import sha256_file
from extractor.review.store import FIELDS, VALUE_FIELDS, Correction, Review, row_ids
from extractor.writers import read_result

WEIGHTS = {"unmatched": 5, "low_score": 3, "low_conf": 3, "repaired": 2, "capaian_off": 3}
FLAG_WEIGHTS = {"error": 4, "warning": 2, "info": 1}


@dataclass(frozen=True)
class QueueSettings:
    """What counts as doubtful; validated once."""

    low_score: float = 80.0  # catalogue match score below which a match is doubtful
    low_conf: float = 60.0  # OCR word confidence (0-100) below which a value is doubtful
    off_by: float = 1.0  # capaian points a printed capaian may differ from the computed one

    def __post_init__(self) -> None:
        if not (0 <= self.low_score <= 100 and 0 <= self.low_conf <= 100 and self.off_by >= 0):
            raise ValueError("low_score and low_conf must be within 0-100 and off_by >= 0")


@dataclass(frozen=True)
class ReviewDoc:
    """One result under review and the source it was read from (None when it cannot be found)."""

    index: int
    result: Path
    data: Mapping[str, Any]
    source: Path | None

    @property
    def name(self) -> str:
        return str(self.data["source"]["file"])


@dataclass(frozen=True)
class Reason:
    check: str  # "unmatched", "low_score", "low_conf", "repaired", "capaian_off", or a flag code
    text: str
    weight: int


# --------------------------------------------------------------------------- loading


def load_docs(target: Path, sources: Path | None = None) -> tuple[ReviewDoc, ...]:
    """The results in ``target`` (a folder of `lakip extract`/`batch` results, or one result JSON)
    with their sources, looked for in ``sources``, the manifest's input paths and beside the result."""
    if not target.exists():
        raise InputNotFoundError("no such file or folder", path=str(target))
    folder = target if target.is_dir() else target.parent
    inputs = _manifest_inputs(folder)  # a batch folder: results under results/, inputs by manifest
    if target.is_file():
        paths = [target]
    elif inputs:
        paths = sorted(inputs)
    else:
        paths = sorted(p for p in target.glob("*.json") if not p.name.endswith(".review.json"))
    docs: list[ReviewDoc] = []
    for path in paths:
        try:
            data = read_result(path)
        except InvalidDataError:
            if target.is_file():
                raise
            continue  # another JSON in the folder (a catalogue, a report of another tool)
        docs.append(ReviewDoc(len(docs), path, data, _source_of(path, data, inputs.get(path), sources)))
    if not docs:
        raise InputNotFoundError("no results of `lakip extract` or `lakip batch` here", path=str(target))
    return tuple(docs)


def _source_of(result: Path, data: Mapping[str, Any], rel: str | None, sources: Path | None) -> Path | None:
    name = Path(data["source"]["file"]).name
    places = [result.parent / name]
    if sources is not None:
        places[:0] = [sources / rel] if rel else []
        places.insert(-1, sources / name)
    roots = [r.resolve() for r in (result.parent, sources) if r is not None]
    inside = [p for p in places if any(p.resolve().is_relative_to(r) for r in roots)]
    return _find_source(inside, data["source"]["sha256"])


def _manifest_inputs(folder: Path) -> dict[Path, str]:
    """A batch's result JSONs -> their input paths relative to the batch's input folder."""
    return {
        folder / e.output: rel for rel, e in read_manifest(folder).items() if e.output and (folder / e.output).is_file()
    }


def _find_source(places: Sequence[Path], sha256: str) -> Path | None:
    """The first place holding the very bytes the result was read from (so crops show its pages)."""
    for place in places:
        if place.is_file() and sha256_file(place) == sha256:
            return place.resolve()
    return None


# --------------------------------------------------------------------------- doubt


def _cells(row: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield row["provenance"]
    for value in row.get("values", {}).values():
        yield value["provenance"]


def flags_by_place(data: Mapping[str, Any]) -> dict[tuple[Any, Any], list[Mapping[str, Any]]]:
    """Flags by (page, line) of each place they point at."""
    places: dict[tuple[Any, Any], list[Mapping[str, Any]]] = {}
    for flag in data["flags"]:
        for prov in flag["provenance"]:
            bucket = places.setdefault((prov.get("page"), prov.get("line")), [])
            if flag not in bucket:
                bucket.append(flag)
    return places


def reasons(
    kind: str, row: Mapping[str, Any], flags: Mapping[tuple[Any, Any], list[Mapping[str, Any]]], settings: QueueSettings
) -> list[Reason]:
    """Why a person should look at this row; empty when nothing about it is doubtful."""
    found = _match_reasons(row, settings) if kind == "indicator" else []
    found += _value_reasons(row, settings)
    found += _follow_reasons(kind, row, settings)
    seen: set[str] = set()
    for prov in _cells(row):
        for flag in flags.get((prov.get("page"), prov.get("line")), ()):
            if flag["code"] not in seen:
                seen.add(flag["code"])
                found.append(Reason(flag["code"], flag["message"], FLAG_WEIGHTS.get(flag["severity"], 1)))
    return found


def _match_reasons(row: Mapping[str, Any], settings: QueueSettings) -> list[Reason]:
    if row["indicator_id"] is None:
        return [Reason("unmatched", "no catalogue indicator matched this label", WEIGHTS["unmatched"])]
    score = row.get("match_score")
    if score is not None and score < settings.low_score:
        return [Reason("low_score", f"catalogue match score {score:.0f} < {settings.low_score:.0f}", WEIGHTS["low_score"])]
    return []


def _value_reasons(row: Mapping[str, Any], settings: QueueSettings) -> list[Reason]:
    found = []
    for name, value in row.get("values", {}).items():
        conf = value.get("conf")
        if conf is not None and conf < settings.low_conf:
            found.append(Reason("low_conf", f"{name} read by OCR with confidence {conf:.0f}", WEIGHTS["low_conf"]))
        if value.get("repairs"):
            found.append(Reason("repaired", f"{name}: " + "; ".join(value["repairs"]), WEIGHTS["repaired"]))
    return found


def _follow_reasons(kind: str, row: Mapping[str, Any], settings: QueueSettings) -> list[Reason]:
    name = "capaian" if kind == "indicator" else "persen"
    printed, computed = row.get(name), row.get(f"{name}_computed")
    if isinstance(printed, int | float) and isinstance(computed, int | float) and abs(printed - computed) > settings.off_by:
        return [Reason("capaian_off", f"{name} {printed} printed, {computed} computed", WEIGHTS["capaian_off"])]
    return []


# --------------------------------------------------------------------------- items


def field_texts(kind: str, row: Mapping[str, Any], correction: Correction | None) -> dict[str, str]:
    """The form's text per field: what a person set, else the printed string, else the value."""
    after = dict(correction.after) if correction and correction.action == "edit" else {}
    raw = dict(correction.raw) if correction else {}
    texts = {}
    for name in FIELDS[kind]:
        if name in raw and name in after:
            texts[name] = raw[name]
        elif name in after:
            texts[name] = "" if after[name] is None else str(after[name])
        elif name in VALUE_FIELDS[kind] and name in row.get("values", {}):
            texts[name] = row["values"][name]["raw"]
        else:
            texts[name] = "" if row.get(name) is None else str(row[name])
    return texts


def items(doc: ReviewDoc, review: Review | None, settings: QueueSettings) -> list[dict[str, Any]]:
    """One queue item per row of ``doc``: what the page shows beside the crop of its cells."""
    flags = flags_by_place(doc.data)
    out = []
    for kind, index, row_id in row_ids(doc.data):
        row = doc.data["indicators" if kind == "indicator" else "budget"][index]
        found = reasons(kind, row, flags, settings)
        correction = review.get(row_id) if review else None
        out.append(
            {
                "doc": doc.index,
                "file": doc.name,
                "row": row_id,
                "kind": kind,
                "role": row.get("role", "performance") if kind == "indicator" else "budget",
                "page": row["provenance"].get("page"),
                "line": row["provenance"].get("line"),
                "label": row["label_raw"] if kind == "indicator" else f"{row.get('code') or ''} {row['name']}".strip(),
                "reasons": [{"check": r.check, "text": r.text} for r in found],
                "doubt": sum(r.weight for r in found),
                "fields": field_texts(kind, row, correction),
                "candidates": row.get("candidates", [])[:4],
                "status": correction.action if correction else None,
                "who": correction.who if correction else None,
            }
        )
    return out


def queue(
    docs: Sequence[ReviewDoc], reviews: Mapping[int, Review | None], settings: QueueSettings
) -> list[dict[str, Any]]:
    """All rows of all documents, most doubtful first (then by file, page, line)."""
    rows = [item for doc in docs for item in items(doc, reviews.get(doc.index), settings)]
    rows.sort(key=lambda r: (-r["doubt"], r["file"], r["page"] or 0, r["line"] or 0))
    return rows


def progress(rows: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """Per file: rows, doubtful rows, and rows a person has decided (accepted, edited or rejected)."""
    per: dict[str, dict[str, int]] = {}
    for row in rows:
        entry = per.setdefault(row["file"], {"rows": 0, "doubtful": 0, "done": 0, "doubtful_done": 0})
        entry["rows"] += 1
        entry["doubtful"] += row["doubt"] > 0
        entry["done"] += row["status"] is not None
        entry["doubtful_done"] += row["doubt"] > 0 and row["status"] is not None
    return per
