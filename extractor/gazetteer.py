"""Indonesian provinces, kabupaten and kota, and a fast finder for their mentions in running text.

The data lives in ``extractor/data/gazetteer.yaml`` (validated by ``schemas/gazetteer.schema.json``).
Names are compared on *compact keys*: case-folded letters only, with OCR look-alike letters
folded to Latin, so "Tanjung Balai", "TANJUNGBALAI" and "Tanjung-Balai" are one key and an
OCR-joined "KALIMANTANTENGAH" still matches. Matching walks the text's words once, extending
a key through a set of key prefixes (a word-level Aho-Corasick walk), so it costs about one
dictionary probe per word whatever the size of the gazetteer.

A mention is **explicit** when a kind word stands right before the name ("Kota Palembang",
"KPU Kab. Lahat", "Provinsi Jambi", "Kota Administrasi Jakarta Selatan"); the kind then decides
between homonyms (Kabupaten vs Kota Bogor, Provinsi vs Kota Bengkulu). "Kabupaten/Kota X" names
no kind and counts as bare.

Confidence rule for **bare** mentions (no kind word): a bare mention is *weak* (never
confident) when its surface form

1. names more than one region (Bogor, Bengkulu, Gorontalo, ...), or
2. is listed in the data file's ``common_words`` (ordinary words such as "Batu", "Metro",
   "Padang", "Pesisir Selatan", "Lima Puluh Kota", "Sungai Penuh"), or
3. has three letters or fewer (abbreviations such as "OKU", "NTB").

Joining is only tried inside one name and between a full kind word and a name
("KOTAPRABUMULIH"); a kind word glued to a longer word never swallows a real name
("Kotabaru", "Kotamobagu" stay whole because the whole word is tried first).
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal, cast

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from extractor.errors import InputNotFoundError, InvalidDataError
from extractor.schema_files import schema_text

logger = logging.getLogger(__name__)

RegionKind = Literal["provinsi", "kabupaten", "kota"]

_TOKEN = re.compile(r"[^\W\d_]+")
# Cyrillic/Greek letters that OCR and copy-paste put in place of Latin ones, plus dotless i.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ı": "i",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
        "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
        "α": "a", "ο": "o", "ρ": "p", "Α": "A", "Β": "B", "Ε": "E", "Κ": "K", "Μ": "M",
        "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X",
    }
)  # fmt: skip
_GAP_CHARS = frozenset(" \t\r\n\f\v-–")
_MAX_GAP = 4  # whitespace between two words of one name ("Rejang\nLebong"), not across paragraphs
_MAX_WORDS = 8  # a name split by OCR into more words than this is not worth chasing
_SHORT_KEY = 3  # bare keys this short are abbreviations: never confident
_JOINABLE_KIND_MIN = 4  # only full kind words ("kota", "kabupaten") may be glued to a name

DATA_PACKAGE = "extractor"
DATA_FILE = "data/gazetteer.yaml"
SCHEMA_FILE = "gazetteer.schema.json"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Case-fold a word, strip accents and map look-alike letters so OCR variants compare equal.

    Cached: running text repeats the same words, and this runs once per token."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_CONFUSABLES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def compact_key(text: str) -> str:
    """The comparison key of a name: its folded letters, without spaces, hyphens or dots."""
    return "".join(fold(t) for t in _TOKEN.findall(text))


@dataclass(frozen=True)
class Region:
    """A province, kabupaten or kota; ``province`` is the region's own name for a province."""

    name: str
    kind: RegionKind
    province: str
    aliases: tuple[str, ...] = ()

    @property
    def satker_name(self) -> str:
        """Canonical name of the KPU unit for this region, e.g. "KPU Kabupaten Rejang Lebong"."""
        return f"KPU {self.kind.capitalize()} {self.name}"


@dataclass(frozen=True)
class Mention:
    """One occurrence of a region name in a text; ``start``/``end`` are character offsets."""

    region: Region
    text: str
    start: int
    end: int
    explicit: bool
    # the words alone do not pin one region: a bare name that is shared, a common word or an
    # abbreviation, or an explicit name that several regions of that kind share
    weak: bool = False

    @property
    def confident(self) -> bool:
        return not self.weak


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    key: str


@dataclass
class _Index:
    keys: dict[str, list[Region]] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)

    def add(self, key: str, region: Region) -> None:
        if not key:
            return
        regions = self.keys.setdefault(key, [])
        if region not in regions:
            regions.append(region)
        self.prefixes.update(key[:i] for i in range(1, len(key) + 1))


class Gazetteer:
    """Regions plus a word-level index of every spelling of their names."""

    def __init__(
        self,
        regions: Sequence[Region],
        *,
        kind_words: Mapping[RegionKind, Iterable[str]],
        admin_words: Iterable[str] = (),
        word_variants: Mapping[str, Iterable[str]] | None = None,
        common_words: Iterable[str] = (),
    ) -> None:
        self.regions: tuple[Region, ...] = tuple(regions)
        self._kind_of_word: dict[str, RegionKind] = {
            compact_key(w): kind for kind, words in kind_words.items() for w in [kind, *words]
        }
        self._joinable = tuple(w for w in self._kind_of_word if len(w) >= _JOINABLE_KIND_MIN)
        self._admin_words = frozenset(compact_key(w) for w in admin_words)
        variants = {w.casefold(): [w, *vs] for w, vs in (word_variants or {}).items()}
        self._index = _Index()
        for region in self.regions:
            for surface in (region.name, *region.aliases):
                for spelled in _spellings(surface, variants):
                    self._index.add(compact_key(spelled), region)
        common = {compact_key(w) for w in common_words}
        self._weak_keys = frozenset(
            key
            for key, regs in self._index.keys.items()
            if len(regs) > 1 or key in common or len(key) <= _SHORT_KEY
        )

    def __len__(self) -> int:
        return len(self.regions)

    @property
    def provinces(self) -> tuple[Region, ...]:
        return tuple(r for r in self.regions if r.kind == "provinsi")

    def units(self, province: str) -> tuple[Region, ...]:
        """Kabupaten and kota of a province (matched on its compact key)."""
        key = compact_key(province)
        return tuple(r for r in self.regions if r.kind != "provinsi" and compact_key(r.province) == key)

    def lookup(self, name: str, kind: str | None = None) -> list[Region]:
        """Regions called ``name`` (any spelling); a leading kind word ("Kab. Bogor") sets the kind.

        ``kind`` takes a Satker level too: "pusat" names no region, so it finds nothing.
        """
        tokens = [fold(t) for t in _TOKEN.findall(name)]
        if len(tokens) > 1 and tokens[0] in self._kind_of_word:
            prefix_kind = self._kind_of_word[tokens[0]]
            rest = tokens[1:]
            if len(rest) > 1 and rest[0] in self._admin_words:
                rest = rest[1:]
            if "".join(rest) in self._index.keys:
                tokens, kind = rest, kind or prefix_kind
        regions = self._index.keys.get("".join(tokens), [])
        return [r for r in regions if kind is None or r.kind == kind]

    def province_of(self, region_name: str, kind: str | None = None) -> str | None:
        """The province a region lies in, or None when the name is unknown or ambiguous."""
        provinces = {r.province for r in self.lookup(region_name, kind)}
        return provinces.pop() if len(provinces) == 1 else None

    def find_mentions(self, text: str, *, include_weak: bool = False) -> list[Mention]:
        """Region names in ``text``, left to right, longest spelling first, never overlapping.

        Weak bare mentions (see the module docstring) are left out unless ``include_weak``;
        a weak name shared by several regions then yields one mention per region.
        """
        tokens = [_Token(m.start(), m.end(), fold(m.group())) for m in _TOKEN.finditer(text)]
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            start = tokens[i].start
            kind, kind_start = self._kind_before(text, tokens, i)
            hits = self._hits(text, tokens, i, tokens[i].key)
            if not hits:
                kind, hits = self._joined_kind(text, tokens, i)
                kind_start = start
            if not hits:
                i += 1
                continue
            end_index, regions, explicit = self._choose(hits, kind)
            if explicit:
                start = kind_start
            weak = len(regions) > 1 or (not explicit and hits[-1][1] in self._weak_keys)
            if include_weak or not weak:
                end = tokens[end_index - 1].end
                found.extend(Mention(r, text[start:end], start, end, explicit, weak) for r in regions)
            i = end_index
        return found

    def _hits(self, text: str, tokens: Sequence[_Token], i: int, first: str) -> list[tuple[int, str]]:
        """(end token index, key) for every key that starts at token ``i``, shortest first."""
        hits: list[tuple[int, str]] = []
        acc = ""
        for j in range(i, min(len(tokens), i + _MAX_WORDS)):
            if j > i and not _gap_ok(text, tokens[j - 1], tokens[j]):
                break
            acc += first if j == i else tokens[j].key
            if acc not in self._index.prefixes:
                break
            if acc in self._index.keys:
                hits.append((j + 1, acc))
        return hits

    def _kind_before(self, text: str, tokens: Sequence[_Token], i: int) -> tuple[RegionKind | None, int]:
        """The kind word right before token ``i`` ("Kab.", "Kota Administrasi"), if any."""
        k = i - 1
        if k < 0 or not _gap_ok(text, tokens[k], tokens[i]):
            return None, tokens[i].start
        if tokens[k].key in self._admin_words:
            k -= 1
            if k < 0 or not _gap_ok(text, tokens[k], tokens[k + 1]):
                return None, tokens[i].start
        kind = self._kind_of_word.get(tokens[k].key)
        if kind is None:
            return None, tokens[i].start
        # "Kabupaten/Kota X" and "Kota/Kabupaten X" name no kind
        slash = k > 0 and "/" in text[tokens[k - 1].end : tokens[k].start]
        if slash and tokens[k - 1].key in self._kind_of_word:
            return None, tokens[i].start
        return kind, tokens[k].start

    def _joined_kind(
        self, text: str, tokens: Sequence[_Token], i: int
    ) -> tuple[RegionKind | None, list[tuple[int, str]]]:
        """A full kind word glued to the name by OCR ("KOTAPRABUMULIH", "PROVINSIKALIMANTAN")."""
        word = tokens[i].key
        if len(word) <= _JOINABLE_KIND_MIN + 2 or not word.startswith(self._joinable):
            return None, []
        for kind_word, kind in self._kind_of_word.items():
            rest = word[len(kind_word) :]
            if len(kind_word) >= _JOINABLE_KIND_MIN and word.startswith(kind_word) and len(rest) > 2:
                hits = self._hits(text, tokens, i, rest)
                if any(kind in {r.kind for r in self._index.keys[key]} for _, key in hits):
                    return kind, hits
        return None, []

    def _choose(self, hits: list[tuple[int, str]], kind: RegionKind | None) -> tuple[int, list[Region], bool]:
        """Longest hit of the announced kind (explicit), else the longest hit (bare)."""
        if kind is not None:
            for end_index, key in reversed(hits):
                regions = [r for r in self._index.keys[key] if r.kind == kind]
                if regions:
                    return end_index, regions, True
        end_index, key = hits[-1]
        return end_index, list(self._index.keys[key]), False


def _gap_ok(text: str, left: _Token, right: _Token) -> bool:
    """Whether two words may belong to one name: only spaces/hyphens between, or "Kab." style dots."""
    gap = text[left.end : right.start]
    if len(gap) > _MAX_GAP:
        return False
    if all(c in _GAP_CHARS for c in gap):
        return True
    return (
        gap.lstrip().startswith(".")
        and gap.count(".") == 1
        and len(left.key) <= _JOINABLE_KIND_MIN
        and (all(c in _GAP_CHARS for c in gap.replace(".", "", 1)))
    )


def _spellings(surface: str, variants: Mapping[str, list[str]]) -> list[str]:
    """Every spelling of a name once abbreviable words ("Kepulauan" -> "Kep") are expanded."""
    options = [variants.get(word.casefold(), [word]) for word in surface.split()]
    combos = itertools.islice(itertools.product(*options), 16)
    return [" ".join(c) for c in combos]


# ---------------------------------------------------------------------------------------- loading


def _pointer(path: Iterable[Any]) -> str:
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
    return "/" + "/".join(parts) if parts else "/"


@functools.cache
def _schema_validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_text(SCHEMA_FILE)))


def _read(source: Traversable | Path, label: str) -> dict[str, Any]:
    """Parse and validate one gazetteer file; every defect becomes an InvalidDataError."""
    try:
        raw = source.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputNotFoundError("gazetteer file not found; check the path", path=label) from exc
    except (OSError, UnicodeDecodeError) as exc:
        message = f"cannot read gazetteer file ({exc}); save it as UTF-8 YAML"
        raise InvalidDataError(message, path=label) from exc
    try:
        data = yaml.load(raw, Loader=_YAML_LOADER)  # a safe loader, C-accelerated when built
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise InvalidDataError(f"gazetteer is not valid YAML{where}; fix its syntax", path=label) from exc
    error = best_match(_schema_validator().iter_errors(data))
    if error is not None:
        raise InvalidDataError(
            f"gazetteer fails its schema at JSON pointer {_pointer(error.absolute_path)}: {error.message}",
            path=label,
        )
    data = cast(dict[str, Any], data)
    _check_duplicates(data, label)
    return data


def _check_duplicates(data: Mapping[str, Any], label: str) -> None:
    """Reject a province listed twice or a unit listed twice in one province (same name and type)."""
    seen_provinces: set[str] = set()
    for p_index, province in enumerate(data["provinces"]):
        key = compact_key(province["name"])
        if key in seen_provinces:
            pointer = _pointer(["provinces", p_index, "name"])
            raise InvalidDataError(f"province listed twice at JSON pointer {pointer}", path=label)
        seen_provinces.add(key)
        seen_units: set[tuple[str, str]] = set()
        for u_index, unit in enumerate(province.get("units", [])):
            unit_key = (compact_key(unit["name"]), unit["type"])
            if unit_key in seen_units:
                pointer = _pointer(["provinces", p_index, "units", u_index])
                raise InvalidDataError(f"{unit['type']} {unit['name']} listed twice at {pointer}", path=label)
            seen_units.add(unit_key)


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Add an extra file's provinces, units and aliases to the packaged data (union, never removal)."""
    merged = json.loads(json.dumps(base))  # deep copy of plain YAML data
    for key in ("common_words", "admin_words"):
        merged[key] = _union(merged.get(key, []), extra.get(key, []))
    for group in ("kind_words", "word_variants"):
        target = merged.setdefault(group, {})
        for word, values in extra.get(group, {}).items():
            target[word] = _union(target.get(word, []), values)
    provinces = {compact_key(p["name"]): p for p in merged["provinces"]}
    for province in extra["provinces"]:
        existing = provinces.get(compact_key(province["name"]))
        if existing is None:
            merged["provinces"].append(province)
            continue
        existing["aliases"] = _union(existing.get("aliases", []), province.get("aliases", []))
        units = {(compact_key(u["name"]), u["type"]): u for u in existing.setdefault("units", [])}
        for unit in province.get("units", []):
            known = units.get((compact_key(unit["name"]), unit["type"]))
            if known is None:
                existing["units"].append(unit)
            else:
                known["aliases"] = _union(known.get("aliases", []), unit.get("aliases", []))
    return merged


def gazetteer_from_data(data: Mapping[str, Any]) -> Gazetteer:
    """Build a Gazetteer from already validated data (the YAML file's structure)."""
    regions: list[Region] = []
    for province in data["provinces"]:
        name = province["name"]
        regions.append(Region(name, "provinsi", name, tuple(province.get("aliases", []))))
        regions.extend(
            Region(unit["name"], unit["type"], name, tuple(unit.get("aliases", [])))
            for unit in province.get("units", [])
        )
    return Gazetteer(
        regions,
        kind_words=data.get("kind_words", {}),
        admin_words=data.get("admin_words", []),
        word_variants=data.get("word_variants", {}),
        common_words=data.get("common_words", []),
    )


def _packaged_data() -> Traversable | Path:
    """The shipped YAML; a namespace ``extractor`` (no __init__.py) defeats importlib.resources on 3.11."""
    try:
        return resources.files(DATA_PACKAGE) / DATA_FILE
    except (NotADirectoryError, TypeError, ModuleNotFoundError):
        return Path(__file__).resolve().parent / DATA_FILE


@functools.lru_cache(maxsize=8)
def _load(extra: str | None) -> Gazetteer:
    packaged = _packaged_data()
    data = _read(packaged, f"{DATA_PACKAGE}/{DATA_FILE}")
    if extra is not None:
        data = _merge(data, _read(Path(extra), extra))
    gazetteer = gazetteer_from_data(data)
    logger.debug("gazetteer loaded: %d regions (extra file: %s)", len(gazetteer), extra or "none")
    return gazetteer


def load_gazetteer(extra: Path | None = None) -> Gazetteer:
    """The packaged gazetteer, optionally extended by a user file of the same format (cached)."""
    return _load(str(Path(extra).resolve()) if extra is not None else None)
