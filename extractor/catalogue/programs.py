"""Budget programs and kegiatan by name: a printed program name without its code, matched nearly verbatim."""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz, process

from extractor.catalogue.labels import NON_WORD, fold
from extractor.catalogue.model import Catalogue, ProgramEntry


def _program_key(name: str) -> str:
    text = NON_WORD.sub(" ", fold(name)).strip()
    return re.sub(r"^(?:program|kegiatan)\s+", "", text)


@functools.lru_cache(maxsize=8)
def _program_keys(catalogue: Catalogue) -> tuple[tuple[str, ...], tuple[ProgramEntry, ...]]:
    keys, entries = [], []
    for entry in catalogue.programs:
        for name in (entry.name, *entry.aliases):
            keys.append(_program_key(name))
            entries.append(entry)
    return tuple(keys), tuple(entries)


def match_program(name: str, catalogue: Catalogue, cutoff: float = 90.0) -> ProgramEntry | None:
    """The budget program or kegiatan a printed name stands for, when it is nearly verbatim.

    Budget rows often print a program's name without its code ("Penyelenggaraan Pemilu dalam
    Proses Konsolidasi Demokrasi"); knowing it is a program puts it in the right place of the
    roll-up that the total checks rely on."""
    keys, entries = _program_keys(catalogue)
    key = _program_key(name)
    if not key or not keys:
        return None
    found = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
    return entries[found[2]] if found else None
