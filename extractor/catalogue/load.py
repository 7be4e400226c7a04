"""Loading the catalogue: YAML files checked against ``schemas/catalogue.schema.json`` and merged.

Users extend or replace the built-in catalogue with ``--catalogue FILE`` without touching code, so
every problem is reported with the file, a JSON pointer and what to fix.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from extractor.catalogue.labels import LabelNormaliser
from extractor.catalogue.model import Catalogue, CatalogueEntry, Definition, ProgramEntry, Signature, Synonym
from extractor.errors import InputNotFoundError, InvalidDataError
from extractor.schema_files import schema_text

# ------------------------------------------------------------------------------------------ loading


def load_catalogue(extra: Path | None = None, *, replace: bool = False) -> Catalogue:
    """The built-in catalogue, or it with ``extra`` merged over it by id (``replace``: extra alone)."""
    if extra is None:
        if replace:
            raise InvalidDataError("replace=True needs an extra catalogue file to replace the built-in one")
        return _builtin()
    extra = Path(extra)
    if not extra.is_file():
        raise InputNotFoundError("catalogue file not found; check the --catalogue path", path=str(extra))
    doc = _read_document(extra.read_bytes(), str(extra))
    if replace:
        return _build([(str(extra), doc)])
    return _build([("built-in catalogue.yaml", _builtin_document()), (str(extra), doc)])


@functools.cache
def _builtin() -> Catalogue:
    return _build([("built-in catalogue.yaml", _builtin_document())])


@functools.cache
def _builtin_document() -> dict[str, Any]:
    return _read_document(_package_file("extractor", "data/catalogue.yaml"), "extractor/data/catalogue.yaml")


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_text("catalogue.schema.json")))


def _package_file(package: str, name: str) -> bytes:
    """Package data; falls back to the source tree where importlib.resources cannot see the package."""
    try:
        return importlib.resources.files(package).joinpath(name).read_bytes()
    except (ModuleNotFoundError, NotADirectoryError, TypeError, FileNotFoundError):
        return (Path(__file__).resolve().parents[2] / package / name).read_bytes()


_FIXES = {
    "required": "add the missing field",
    "additionalProperties": "remove or rename the unknown field",
    "enum": "use one of the allowed values",
    "const": "set it to the allowed value",
    "type": 'give a value of the right type (quote codes such as "6709")',
    "pattern": "change the text to the required form",
    "minItems": "add at least one item",
    "uniqueItems": "remove the duplicate item",
    "minLength": "give a non-empty text",
    "maxLength": "shorten the text",
}


def validate_document(data: bytes, where: str) -> dict[str, Any]:
    """Parse and schema-check catalogue text without merging it (e.g. a file about to be written)."""
    return _read_document(data, where)


def _read_document(data: bytes, where: str) -> dict[str, Any]:
    """Parse and schema-check one catalogue file; every problem names the file and a JSON pointer."""
    try:
        doc = yaml.load(data.decode("utf-8-sig"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except UnicodeDecodeError as exc:
        raise InvalidDataError(
            f"catalogue is not UTF-8 text ({exc.reason}); save it as UTF-8", path=where
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InvalidDataError(
            f"catalogue is not valid YAML/JSON{at}: fix the syntax there", path=where
        ) from exc
    if not isinstance(doc, dict):
        raise InvalidDataError("catalogue must be a mapping with 'version: 1' at the top", path=where)
    error = best_match(_validator().iter_errors(doc))
    if error is not None:
        raise _schema_error(error, where)
    return doc


def _schema_error(error: ValidationError, where: str) -> InvalidDataError:
    pointer = "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in error.absolute_path)
    message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
    fix = _FIXES.get(str(error.validator), "correct the value")
    return InvalidDataError(f"invalid catalogue at {pointer}: {message}; {fix}", path=where)


def _build(documents: Sequence[tuple[str, dict[str, Any]]]) -> Catalogue:
    """Merge documents in order (later ones win by id / code / canonical) and check the result."""
    indicators: dict[str, tuple[CatalogueEntry, str, str]] = {}
    programs: dict[str, tuple[ProgramEntry, str, str]] = {}
    synonyms: dict[str, Synonym] = {}
    sources: list[str] = []
    common: list[str] = []
    definitions: list[Definition] = []
    parts: list[str] = []
    signatures: dict[str, Signature] = {}  # by measure: a later file replaces a measure's signature
    for where, doc in documents:
        seen: dict[str, str] = {}
        for i, raw in enumerate(doc.get("indicators", [])):
            _check_unique(seen, raw["id"], f"/indicators/{i}/id", where)
            indicators[raw["id"]] = (_entry(raw), where, f"/indicators/{i}")
        for section, level in (("programs", "program"), ("kegiatan", "kegiatan")):
            for i, raw in enumerate(doc.get(section, [])):
                _check_unique(seen, raw["code"], f"/{section}/{i}/code", where)
                entry = ProgramEntry(
                    raw["code"], raw["name"], level, tuple(raw.get("aliases", ())), raw.get("program")
                )
                programs[raw["code"]] = (entry, where, f"/{section}/{i}")
        seen_canonical: dict[str, str] = {}  # one file listing a canonical twice would drop the first list
        for i, raw in enumerate(doc.get("synonyms", [])):
            _check_unique(seen_canonical, raw["canonical"], f"/synonyms/{i}/canonical", where)
            synonyms[raw["canonical"]] = Synonym(raw["canonical"], tuple(raw["variants"]))
        sources.extend(s for s in doc.get("sources", []) if s not in sources)
        common.extend(w for w in doc.get("common_words", []) if w not in common)
        parts.extend(w for w in doc.get("part_words", []) if w not in parts)
        for raw in doc.get("signatures", []):
            concepts = tuple(tuple(c) for c in raw["concepts"])
            signatures[raw["measure"]] = Signature(raw["measure"], concepts, raw["source"])
        for raw in doc.get("definitions", []):
            found = Definition(raw["canonical"], tuple(raw["all_of"]), tuple(raw.get("drop", ())))
            definitions.extend([found] if found not in definitions else [])
    if not indicators:
        raise InvalidDataError("catalogue has no indicators; add an 'indicators' list", path=documents[-1][0])
    for entry, where, pointer in programs.values():
        if entry.parent is not None and entry.parent not in programs:
            raise InvalidDataError(
                f"invalid catalogue at {pointer}/program: unknown program '{entry.parent}'; "
                "add it under 'programs'",
                path=where,
            )
    ordered = sorted(programs.values(), key=lambda p: p[0].level != "program")
    catalogue = Catalogue(
        indicators=tuple(e for e, _, _ in indicators.values()),
        programs=tuple(p for p, _, _ in ordered),
        sources=tuple(sources),
        synonyms=tuple(synonyms.values()),
        common_words=tuple(common),
        definitions=tuple(definitions),
        part_words=tuple(parts),
        signatures=tuple(signatures.values()),
    )
    _check_synonyms(catalogue, documents[-1][0])
    _check_measures(catalogue, {e.id: (w, p) for e, w, p in indicators.values()})
    _check_choices(catalogue, {e.id: (w, p) for e, w, p in indicators.values()})
    _check_signatures(catalogue, documents[-1][0])
    return catalogue


def _entry(raw: Mapping[str, Any]) -> CatalogueEntry:
    return CatalogueEntry(
        id=raw["id"],
        name=raw["name"],
        sasaran=raw.get("sasaran"),
        unit=raw["unit"],
        value_type=raw["value_type"],
        direction=raw["direction"],
        periods=tuple(raw["periods"]),
        levels=tuple(raw["levels"]),
        aliases=tuple(raw["aliases"]),
        source=raw.get("source"),
        measure=raw.get("measure") or raw["id"],
    )


def _check_unique(seen: dict[str, str], key: str, pointer: str, where: str) -> None:
    if key in seen:
        raise InvalidDataError(
            f"invalid catalogue at {pointer}: '{key}' is already used at {seen[key]}; "
            "give each entry its own key",
            path=where,
        )
    seen[key] = pointer


def _check_synonyms(catalogue: Catalogue, where: str) -> None:
    """A canonical form that is also some variant would rewrite forever."""
    variants = {v: s.canonical for s in catalogue.synonyms for v in s.variants}
    for syn in catalogue.synonyms:
        if syn.canonical in variants:
            raise InvalidDataError(
                f"invalid catalogue at /synonyms: '{syn.canonical}' is both a canonical form and a "
                f"variant of '{variants[syn.canonical]}'; keep it in one place",
                path=where,
            )


def _check_measures(catalogue: Catalogue, origin: Mapping[str, tuple[str, str]]) -> None:
    """One measure is one comparable quantity: its entries share direction, and a measure named after
    an entry must be that entry's own measure (else two groups would claim one name)."""
    directions: dict[str, tuple[str, str]] = {}
    for entry in catalogue.indicators:
        where, pointer = origin[entry.id]
        named = catalogue.get(entry.measure)
        if named is not None and named.measure != entry.measure:
            raise InvalidDataError(
                f"invalid catalogue at {pointer}/measure: '{entry.measure}' is the id of an indicator in "
                f"measure '{named.measure}'; use '{named.measure}' or a name no indicator has",
                path=where,
            )
        first = directions.setdefault(entry.measure, (entry.direction, entry.id))
        if first[0] != entry.direction:
            raise InvalidDataError(
                f"invalid catalogue at {pointer}/direction: measure '{entry.measure}' is {first[0]} in "
                f"'{first[1]}'; entries of one measure must share the direction",
                path=where,
            )


def _check_signatures(catalogue: Catalogue, where: str) -> None:
    """A signature must name a measure some indicator has: it resolves to that measure's entries."""
    measures = {e.measure for e in catalogue.indicators}
    for i, sig in enumerate(catalogue.signatures):
        if sig.measure not in measures:
            raise InvalidDataError(
                f"invalid catalogue at /signatures/{i}/measure: no indicator has measure '{sig.measure}'; "
                "add the indicator or fix the measure",
                path=where,
            )


def _check_choices(catalogue: Catalogue, origin: Mapping[str, tuple[str, str]]) -> None:
    """Names and aliases must normalise to something, and never to another indicator's text."""
    context = LabelNormaliser.of(catalogue)
    owner: dict[str, str] = {}
    for entry in catalogue.indicators:
        for k, text in enumerate((entry.name, *entry.aliases)):
            where, pointer = origin[entry.id]
            at = f"{pointer}/name" if k == 0 else f"{pointer}/aliases/{k - 1}"
            norm = " ".join(sorted(set(context.normalise(text).split())))
            if not norm:
                raise InvalidDataError(
                    f"invalid catalogue at {at}: '{text}' is only numbers or codes; use words", path=where
                )
            other = owner.setdefault(norm, entry.id)
            if other != entry.id:
                raise InvalidDataError(
                    f"invalid catalogue at {at}: '{text}' reads the same as a name or alias of '{other}'; "
                    "remove it from one of the two indicators",
                    path=where,
                )


def catalogue_summary(catalogue: Catalogue) -> list[dict[str, Any]]:
    """One plain row per indicator, program and kegiatan, for `lakip catalogue`."""
    rows: list[dict[str, Any]] = [
        {
            "kind": "indicator",
            "id": e.id,
            "measure": e.measure,
            "name": e.name,
            "unit": e.unit,
            "value_type": e.value_type,
            "direction": e.direction,
            "periods": list(e.periods),
            "levels": list(e.levels),
            "aliases": len(e.aliases),
            "parent": None,
        }
        for e in catalogue.indicators
    ]
    for p in catalogue.programs:
        rows.append(
            {
                "kind": p.level,
                "id": p.code,
                "measure": None,
                "name": p.name,
                "unit": "Rp",
                "value_type": None,
                "direction": None,
                "periods": [],
                "levels": [],
                "aliases": len(p.aliases),
                "parent": p.parent,
            }
        )
    return rows




@functools.cache
def builtin_normaliser() -> LabelNormaliser:
    return LabelNormaliser.of(load_catalogue())


def normalise_label(label: str) -> str:
    """The words a label is matched on: lower-case, numbering, codes, values and punctuation gone, unit
    names as one placeholder, the built-in catalogue's synonyms applied (OCR repair needs a Matcher)."""
    return builtin_normaliser().normalise(label)
