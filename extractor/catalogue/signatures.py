"""Measure signatures: a government-wide measure recognised by its concepts, not by one wording.

Reports reword the measures every unit carries (budget absorption, service satisfaction) freely:
"Prosentase penyerapan Belanja (Belanja Bunga, ...)", "Kepuasan Pemangku Kepentingan". The fuzzy matcher
needs most of an entry's words; a signature needs one wording of each concept, the first of them as the
label's quantity (right after its measure words), and no second quantity joined to it. It only speaks
when the matcher found nothing, so it adds recall and never overrides a scored match.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from extractor.catalogue.labels import ACTIVITY_HEADS, JOINED, MEASURE_WORDS, SASARAN_HEADS, names_no_quantity
from extractor.catalogue.model import Catalogue, Signature
from extractor.models import Candidate

# a sasaran ("Meningkatnya kepuasan ..."), program or kegiatan row names no measure, whatever it holds
# (a signature's first concept may follow the measure words, labels.MEASURE_WORDS)
_NOT_MEASURES = SASARAN_HEADS | ACTIVITY_HEADS


@dataclass(frozen=True)
class CompiledSignature:
    """A signature in the matcher's words: per concept, its wordings as word tuples."""

    measure: str
    entry_id: str  # the entry a match names: the one whose id is the measure, else its first entry
    concepts: tuple[tuple[tuple[str, ...], ...], ...]


def compile_signatures(
    catalogue: Catalogue, words: Callable[[Sequence[str]], list[list[str]]]
) -> tuple[CompiledSignature, ...]:
    """Normalise every wording with the matcher's own ``words`` (synonyms, spelling folds); a signature
    whose measure has no entry left (a catalogue cut down, as leave-one-source-out does) names nothing."""
    compiled = []
    for sig in catalogue.signatures:
        entry_id = next((e.id for e in catalogue.indicators if e.measure == sig.measure), None)
        if entry_id is None:
            continue
        entry_id = sig.measure if catalogue.get(sig.measure) is not None else entry_id
        compiled.append(CompiledSignature(sig.measure, entry_id, _concepts(sig, words)))
    return tuple(compiled)


def _concepts(
    sig: Signature, words: Callable[[Sequence[str]], list[list[str]]]
) -> tuple[tuple[tuple[str, ...], ...], ...]:
    return tuple(tuple(tuple(w) for w in words(list(concept)) if w) for concept in sig.concepts)


def quantity_heads(names: Sequence[tuple[int, Sequence[str]]]) -> frozenset[str]:
    """The word each name measures (its first word after measure words): "partisipasi" in "Persentase
    partisipasi pemilih". After "dan" in a label such a word starts a second quantity."""
    heads = set()
    for _, toks in names:
        rest = [t for t in toks if t not in MEASURE_WORDS]
        if rest:
            heads.add(rest[0])
    return frozenset(heads)


def signature_match(
    tokens: Sequence[str],
    signatures: Sequence[CompiledSignature],
    heads: frozenset[str],
    printed: frozenset[str] | set[str] | None = None,
) -> CompiledSignature | None:
    """The one signature the label fits: its first concept opens the label (after measure words), every
    other concept is somewhere in it, and no conjunction joins another quantity ("Persentase tingkat
    kepuasan masyarakat dan partisipasi masyarakat ..." counts two things). With ``printed`` (the label's
    words before OCR repair) the quantity word must be one of them: "Keluaran" is no "kepuasan"."""
    fits = [
        s
        for s in signatures
        if _fits(tokens, s, heads) and (printed is None or any(w[0] in printed for w in s.concepts[0]))
    ]
    return fits[0] if len(fits) == 1 else None


def _fits(tokens: Sequence[str], sig: CompiledSignature, heads: frozenset[str]) -> bool:
    start = next((i for i, t in enumerate(tokens) if t not in MEASURE_WORDS), len(tokens))
    first, *others = sig.concepts
    # the quantity opens the label, and no conjunction right after it adds a second ("Predikat SAKIP dan
    # Zona Integritas" grades two things)
    if not any(
        tuple(tokens[start : start + len(w)]) == w and not _joined(tokens, start + len(w)) for w in first
    ):
        return False
    if not all(any(_holds(tokens, w) for w in concept) for concept in others):
        return False
    own = {t for concept in sig.concepts for w in concept for t in w}
    return not any(
        tokens[i] in JOINED and tokens[i + 1] in heads - own for i in range(start, len(tokens) - 1)
    )


def _joined(tokens: Sequence[str], at: int) -> bool:
    return at < len(tokens) and tokens[at] in JOINED


def _holds(tokens: Sequence[str], wording: tuple[str, ...]) -> bool:
    n = len(wording)
    return any(tuple(tokens[i : i + n]) == wording for i in range(len(tokens) - n + 1))


def signature_candidate(
    tokens: Sequence[str],
    printed: Sequence[str],
    catalogue: Catalogue,
    signatures: Sequence[CompiledSignature],
    heads: frozenset[str],
    score: float,
) -> Candidate | None:
    """The entry a signature names, scored ``score`` (the matcher's threshold: the words fit the
    measure, not any one of its wordings); None for a sasaran, program or kegiatan row, and for a row
    scoring one part of the measure ("Nilai komponen ...", "Indeks RB Tematik ...": catalogue part words)."""
    if not tokens or tokens[0] in _NOT_MEASURES or names_no_quantity(tokens):
        return None
    if not set(catalogue.part_words).isdisjoint(tokens):
        return None
    sig = signature_match(tokens, signatures, heads, set(printed))
    entry = catalogue.get(sig.entry_id) if sig else None
    return Candidate(entry.id, entry.name, score, entry.measure) if entry else None
