"""Stage 8 — writers: the JSON contract (validated before writing), CSV views, atomic files.

Writes go to a temporary file in the target folder and are renamed into place, so a killed batch
never leaves a half-written result that a resumed run would mistake for a finished one.
"""

from __future__ import annotations

import errno
import hashlib
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import IO, Any

import jsonschema_rs
import pandas as pd

from extractor.errors import InputNotFoundError, InvalidDataError, OutputError
from extractor.models import BudgetRecord, CellValue, Document, Flag, IndicatorRecord
from extractor.schema_files import schema_text

OUTPUT_SCHEMA = "lakip-output.schema.json"
NAME_MAX = 255  # bytes in one file name on common file systems
LONGEST_SUFFIX = ".indicators.csv"  # the longest suffix write_outputs appends to a stem


def _num(value: float | int | str | None) -> float | int | str | None:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return round(value, 4)
    return value


def _scalar(v: CellValue | None) -> float | int | str | None:
    return None if v is None else _num(v.value)


def _values(**cells: CellValue | None) -> dict[str, Any]:
    return {name: v.to_dict() for name, v in cells.items() if v is not None}


def indicator_to_dict(ind: IndicatorRecord) -> dict[str, Any]:
    capaian = _scalar(ind.capaian)
    return {
        "indicator_id": ind.indicator_id,
        "measure_id": ind.measure_id,
        "label": ind.label,
        "label_raw": ind.label_raw,
        "match_score": None if ind.match_score is None else round(ind.match_score, 1),
        "sasaran": ind.sasaran,
        "unit": ind.unit,
        "target": _scalar(ind.target),
        "realisasi": _scalar(ind.realisasi),
        "capaian": capaian if isinstance(capaian, (int, float)) else None,
        "capaian_computed": _num(ind.capaian_computed),
        "year": ind.year,
        "role": ind.role,
        "provenance": ind.provenance.to_dict(),
        "values": _values(target=ind.target, realisasi=ind.realisasi, capaian=ind.capaian),
        "candidates": [
            {"id": c.id, "measure_id": c.measure or c.id, "name": c.name, "score": round(c.score, 1)}
            for c in ind.candidates
        ],
    }


def budget_to_dict(rec: BudgetRecord) -> dict[str, Any]:
    def amount(v: CellValue | None) -> int | None:
        return v.value if v is not None and isinstance(v.value, int) else None

    persen = _scalar(rec.persen)
    return {
        "level": rec.level,
        "code": rec.code,
        "name": rec.name,
        "pagu": amount(rec.pagu),
        "realisasi": amount(rec.realisasi),
        "persen": persen if isinstance(persen, (int, float)) else None,
        "persen_computed": _num(rec.persen_computed),
        "year": rec.year,
        "table_caption": rec.table_caption,
        "provenance": rec.provenance.to_dict(),
        "values": _values(pagu=rec.pagu, realisasi=rec.realisasi, persen=rec.persen),
    }


def flag_to_dict(flag: Flag) -> dict[str, Any]:
    return {
        "code": flag.code,
        "severity": flag.severity,
        "message": flag.message,
        "provenance": [p.to_dict() for p in flag.provenance],
        "values": json.loads(json.dumps(dict(flag.values), default=str)),
    }


def document_to_dict(doc: Document) -> dict[str, Any]:
    s = doc.satker
    return {
        "schema_version": doc.schema_version,
        "status": doc.status,
        "source": {
            "file": doc.source.file,
            "sha256": doc.source.sha256,
            "pages": doc.source.pages,
            "kind": doc.source.kind,
        },
        "satker": {
            "name": s.name,
            "level": s.level,
            "region": s.region,
            "province": s.province,
            "year": s.year,
        },
        "indicators": [indicator_to_dict(i) for i in doc.indicators],
        "budget": [budget_to_dict(b) for b in doc.budget],
        "flags": [flag_to_dict(f) for f in doc.flags],
        "errors": [{"page": e.page, "code": e.code, "message": e.message} for e in doc.errors],
        "stats": dict(doc.stats),
        "occurrences": [indicator_to_dict(i) for i in doc.occurrences],
        "narrative": [
            {"text": ln.text, "page": ln.page, "line": ln.line, "bbox": ln.bbox.as_list() if ln.bbox else None}
            for ln in doc.narrative
        ],
    }


@cache
def load_schema(name: str = OUTPUT_SCHEMA) -> dict[str, Any]:
    text = schema_text(name)
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _fast_validator() -> Any:
    return jsonschema_rs.validator_for(load_schema())


def validate_output(data: dict[str, Any]) -> None:
    """Refuse to write output that breaks the published contract.

    Every result is checked when written and again when read (compare, review, audit pages), so
    the check is the compiled ``jsonschema_rs`` validator: a 1000-page result took ~10 s in the
    pure-Python ``jsonschema``, a third of its extraction. Only a result that fails goes through
    ``jsonschema`` as well, for the first error by path, as this message has always named it.
    """
    if _fast_validator().is_valid(data):
        return
    import jsonschema  # only for a broken result: its import costs a tenth of a second at start-up

    validator = jsonschema.Draft202012Validator(load_schema())
    error = next(iter(sorted(validator.iter_errors(data), key=lambda e: list(e.path))), None)
    if error is not None:
        pointer = "/" + "/".join(str(p) for p in error.absolute_path)
        raise InvalidDataError(f"output breaks {OUTPUT_SCHEMA} at {pointer}: {error.message}")
    fast = next(iter(_fast_validator().iter_errors(data)))
    raise InvalidDataError(f"output breaks {OUTPUT_SCHEMA}: {fast.message}")


def read_result(path: Path) -> dict[str, Any]:
    """A result JSON written by ``lakip extract``, checked against the contract before anything
    trusts its fields: a missing, unreadable or foreign file is bad input, not a crash."""
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise InputNotFoundError("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise InvalidDataError("is a folder, not a result JSON", path=str(path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidDataError(
            f"not valid JSON ({exc}); pass a result of `lakip extract`", path=str(path)
        ) from None
    if not isinstance(data, dict):
        raise InvalidDataError("not a result of `lakip extract` (not a JSON object)", path=str(path))
    try:
        validate_output(data)
    except InvalidDataError as exc:
        raise InvalidDataError(f"not a result of `lakip extract`: {exc.message}", path=str(path)) from None
    return data


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


UMASK = _umask()  # read once: os.umask can only be read by setting it, which races with threads

_WHY = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.EEXIST: "a file is in the way of a folder",
    errno.ENOTDIR: "a file is in the way of a folder",
    errno.EISDIR: "a folder is in the way of the file",
    errno.ENAMETOOLONG: "the name is too long for the file system",
}


def output_error(exc: OSError, path: Path) -> OutputError:
    """An OSError while writing output as the documented OUTPUT_ERROR, in one line."""
    why = _WHY.get(exc.errno or 0, exc.strerror or str(exc))
    return OutputError(
        f"cannot write output ({why}); free space or choose another --out folder", path=str(path)
    )


@contextmanager
def temp_path(path: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary file beside ``path`` for writers that want a file name (Parquet, DuckDB); it
    replaces ``path`` (with the umask's permissions) on success and is removed with its side files
    (a DuckDB ``.wal``) on any failure, so a full disk leaves nothing behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=suffix, dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise output_error(exc, path) from None
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(0o666 & ~UMASK)
        os.replace(tmp, path)
    except OSError as exc:
        raise output_error(exc, path) from None
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)


@contextmanager
def atomic_writer(path: Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Write ``path`` through a temporary file, so no reader ever sees half a file."""
    with (
        temp_path(path) as tmp,
        tmp.open(
            mode, encoding=None if "b" in mode else "utf-8", newline="" if "b" not in mode else None
        ) as fh,
    ):
        yield fh


def write_json(doc: Document, path: Path) -> dict[str, Any]:
    data = document_to_dict(doc)
    validate_output(data)
    with atomic_writer(path) as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return data


def _flat_row(record: dict[str, Any], names: Sequence[str]) -> dict[str, Any]:
    """One CSV row: the record's fields, each value's raw string, flat provenance columns, and which
    fields a person set in `lakip review` (``reviewed``: field names, or "accept")."""
    row = dict(record)
    prov = row.pop("provenance")
    values = row.pop("values", {})
    reviewed = row.pop("reviewed", None)
    row.update({f"{name}_raw": values[name]["raw"] if name in values else None for name in names})
    row.update({f"prov_{k}": (json.dumps(v) if k == "bbox" and v else v) for k, v in prov.items()})
    row["repairs"] = "; ".join(r for v in values.values() for r in v.get("repairs", ())) or None
    row["reviewed"] = reviewed
    return row


def indicators_frame(records: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Indicators of a result (as in its JSON) as a table; provenance columns keep rows traceable."""
    rows = []
    for record in records:
        d = dict(record)
        d["candidates"] = ";".join(f"{c['id']}:{c['score']}" for c in d.get("candidates", ()))
        rows.append(_flat_row(d, ("target", "realisasi", "capaian")))
    return pd.DataFrame(rows)


def budget_frame(records: Sequence[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame([_flat_row(dict(r), ("pagu", "realisasi", "persen")) for r in records])


def indicators_dataframe(doc: Document) -> pd.DataFrame:
    return indicators_frame([indicator_to_dict(ind) for ind in doc.indicators])


def budget_dataframe(doc: Document) -> pd.DataFrame:
    return budget_frame([budget_to_dict(rec) for rec in doc.budget])


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\+?\d[\d.,]*\s*%?|-")


def _inert(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP's CSV
    injection advice); numbers, and numbers kept as text ("-12,5"), are left as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Every CSV lakip writes (per file, combined, compare) goes through here, formula-safe."""
    safe = frame.copy(deep=False)
    for column in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[column]) or pd.api.types.is_bool_dtype(safe[column])):
            safe[column] = safe[column].map(_inert)
    with atomic_writer(path) as fh:
        safe.to_csv(fh, index=False)


def fit_name(name: str, key: str) -> str:
    """``name`` if every output named after it fits in NAME_MAX bytes, else a shortened name with a
    hash of ``key`` (the whole input path) before the extension, so distinct inputs stay distinct."""
    limit = NAME_MAX - len(LONGEST_SUFFIX) - len(".json")
    raw = os.fsencode(name)
    if len(raw) <= limit:
        return name
    digest = hashlib.sha256(os.fsencode(key)).hexdigest()[:16]
    ext = os.fsencode(Path(name).suffix)[:16]
    head = raw[: limit - len(digest) - 1 - len(ext)].decode("utf-8", "ignore")
    return f"{head}~{digest}{os.fsdecode(ext)}"


def output_stems(paths: Sequence[Path]) -> list[str]:
    """Result stems for inputs written into one folder: the file stem where that is unique, the
    whole name (extension kept) where stems collide, plus a hash of the path where names collide,
    so two inputs never write one result."""

    def counts(names: list[str]) -> dict[str, int]:
        seen: dict[str, int] = {}
        for n in names:
            seen[n.casefold()] = seen.get(n.casefold(), 0) + 1
        return seen

    stems = [p.stem for p in paths]
    by_stem = counts(stems)
    names = [p.name if by_stem[s.casefold()] > 1 else s for p, s in zip(paths, stems, strict=True)]
    by_name = counts(names)
    result = []
    for path, name in zip(paths, names, strict=True):
        key = str(path.resolve())
        if by_name[name.casefold()] > 1:
            name = f"{name}~{hashlib.sha256(os.fsencode(key)).hexdigest()[:8]}"
        result.append(fit_name(name, key))
    return result


Adjust = Callable[[dict[str, Any]], dict[str, Any]]


def write_result_csvs(data: dict[str, Any], outdir: Path, stem: str) -> list[Path]:
    """``<stem>.indicators.csv`` and ``<stem>.budget.csv`` of a result (as in its JSON)."""
    written = []
    for suffix, frame in (
        ("indicators", indicators_frame(data["indicators"])),
        ("budget", budget_frame(data["budget"])),
    ):
        target = outdir / f"{stem}.{suffix}.csv"
        write_csv(frame, target)
        written.append(target)
    return written


def write_outputs(
    doc: Document, outdir: Path, stem: str, *, csv: bool, adjust: Adjust | None = None
) -> list[Path]:
    """The JSON (always, as extracted) and the indicator/budget CSVs (on request) of one document;
    ``adjust`` turns the result into what the CSVs show (``lakip review`` applies its corrections)."""
    written = [outdir / f"{stem}.json"]
    data = write_json(doc, written[0])
    if csv:
        written += write_result_csvs(adjust(data) if adjust else data, outdir, stem)
    return written
