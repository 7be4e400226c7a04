"""The catalogue as frozen data: indicator entries, budget programs, synonyms.

Kept apart from loading and matching so every other catalogue module (and the rest of lakip) can
name these types without importing the YAML reader or the matcher.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VALUE_TYPES = ("percent", "grade", "opinion", "count", "index")
DIRECTIONS = ("higher_is_better", "lower_is_better")


@dataclass(frozen=True)
class CatalogueEntry:
    """One indicator wording family; ``measure`` groups entries that measure the same thing, so units
    that word it differently (Ketua vs Sekretariat agreements, Renstra periods) still compare."""

    id: str
    name: str
    sasaran: str | None
    unit: str
    value_type: str
    direction: str
    periods: tuple[str, ...]
    levels: tuple[str, ...]
    aliases: tuple[str, ...]
    source: str | None = None
    measure: str = ""

    def __post_init__(self) -> None:
        if not self.measure:
            object.__setattr__(self, "measure", self.id)


@dataclass(frozen=True)
class ProgramEntry:
    """A budget program (076.01.CQ) or kegiatan (6709); ``parent`` is a kegiatan's program code."""

    code: str
    name: str
    level: str  # "program" | "kegiatan"
    aliases: tuple[str, ...] = ()
    parent: str | None = None


@dataclass(frozen=True)
class Synonym:
    canonical: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class Definition:
    """A measure defined by what it counts: every word of ``all_of`` in a label (anywhere, after the
    synonyms) stands for ``canonical``; ``drop`` words go with them."""

    canonical: str
    all_of: tuple[str, ...]
    drop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Signature:
    """A government-wide measure named by its concepts, each a set of interchangeable wordings
    ({penyerapan, serapan} x {anggaran, belanja, DIPA}): reports reword such measures freely, so no
    list of aliases keeps up with them."""

    measure: str
    concepts: tuple[tuple[str, ...], ...]
    source: str = ""


@dataclass(frozen=True)
class Catalogue:
    indicators: tuple[CatalogueEntry, ...]
    programs: tuple[ProgramEntry, ...]  # programs first, then kegiatan
    sources: tuple[str, ...]
    synonyms: tuple[Synonym, ...] = ()
    common_words: tuple[str, ...] = ()  # report boilerplate: weak evidence for any indicator
    definitions: tuple[Definition, ...] = ()
    part_words: tuple[str, ...] = ()  # a part of a composite measure ("dimensi", "komponen")
    signatures: tuple[Signature, ...] = ()
    _by_id: dict[str, CatalogueEntry] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in self.indicators})

    def get(self, indicator_id: str) -> CatalogueEntry | None:
        return self._by_id.get(indicator_id)

    def get_program(self, code: str) -> ProgramEntry | None:
        return next((p for p in self.programs if p.code == code), None)

    def measure_of(self, indicator_id: str | None) -> str | None:
        """The measure an indicator id belongs to (its own id when it has no group), None if unknown."""
        entry = self._by_id.get(indicator_id) if indicator_id else None
        return entry.measure if entry else None
