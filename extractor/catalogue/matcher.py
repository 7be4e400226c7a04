"""Matching noisy report labels onto catalogue ids.

Reports word the same indicator many ways ("Nilai Evaluasi atas Akuntabilitas Kinerja KPU Kabupaten X",
"Nilai akuntabilitas kinerja B CcC 60"), so a label is first normalised (numbering, codes, values,
markup and unit names removed, look-alike letters and synonyms folded), then its OCR-damaged words are
repaired towards words the catalogue uses (rapidfuzz OSA distance over the catalogue vocabulary, with
OCR confusions such as rn->m undone first), so a repair can never invent text; and only where a scan or
a typist could have made the damage (``spelling``), so a real word is not read as its catalogue neighbour.

The score is an F-beta (beta 0.5) of IDF-weighted word coverage: precision = how much of the label the
choice explains, recall = how much of the choice the label covers. Rare words carry the evidence, so a
truncated or wrapped label ("Persentase kegiatan koordinasi") still scores high, while short generic
rows ("Jumlah", "Indikator Kinerja", "Perjanjian Kinerja") share too little weight to score at all
(plain WRatio gives them 85-90). A match also needs a margin over the runner-up, and a label whose words
all belong to the runner-up too must read as nearly the whole indicator.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA
from scipy import sparse

from extractor.catalogue.labels import (
    ACTIVITY_HEADS,
    JOINED,
    NON_WORD,
    PLACEHOLDER,
    SASARAN_HEADS,
    UNIT_WORDS,
    WEIGHTLESS,
    LabelNormaliser,
    fold,
    names_no_quantity,
)
from extractor.catalogue.model import Catalogue
from extractor.catalogue.signatures import compile_signatures, quantity_heads, signature_candidate
from extractor.catalogue.spelling import ocr_forms, repair_cost
from extractor.catalogue.wrapped import printed_words
from extractor.errors import LakipError
from extractor.gazetteer import load_gazetteer
from extractor.models import Candidate

log = logging.getLogger(__name__)

_SEGMENT_SPLIT = re.compile(r";|\b(?i:[a-z]{2,3})\.\s?\d{3}\b|\b[A-Z]{3}\.(?=\s+[A-Z])")


# --------------------------------------------------------------------------------------------- data


@dataclass(frozen=True)
class MatchSettings:
    """Acceptance rule: best score >= threshold and at least ``margin`` above the runner-up."""

    threshold: float = 72.0
    margin: float = 6.0
    top_k: int = 5
    # a label that opens with the whole of an entry's name and goes on with qualifiers ("Nilai IKPA
    # DIPA BUA satuan kerja X", "Indeks Kepuasan Layanan Dukungan Teknis ...") scores low only because
    # of what follows; it is accepted from this score (see Matcher._names_head)
    head_threshold: float = 40.0

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 100:
            raise ValueError(f"match threshold must be in (0, 100], got {self.threshold}")
        if not 0 <= self.margin < 100:
            raise ValueError(f"match margin must be in [0, 100), got {self.margin}")
        if not 1 <= self.top_k <= 50:
            raise ValueError(f"match top_k must be between 1 and 50, got {self.top_k}")
        if not 0 < self.head_threshold <= self.threshold:
            raise ValueError(f"match head_threshold must be in (0, threshold], got {self.head_threshold}")


@dataclass(frozen=True)
class MatchResult:
    label: str
    normalized: str
    match: Candidate | None
    candidates: tuple[Candidate, ...]

    @property
    def measure_id(self) -> str | None:
        """The matched entry's measure: what compare groups by across units."""
        return (self.match.measure or self.match.id) if self.match else None


# --------------------------------------------------------------------------------------- matching


class Matcher:
    """Scores labels against a catalogue; built once, it precomputes the normalised choices."""

    beta = 0.5  # F-beta weighting: a label's own words must be explained more than the choice covered
    _MIN_SHARED = 2  # content words a label must share with a choice (fewer if the choice has fewer)

    def __init__(
        self,
        catalogue: Catalogue,
        settings: MatchSettings | None = None,
        *,
        place_words: Iterable[str] | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.settings = settings or MatchSettings()
        self._context = LabelNormaliser.of(catalogue)
        choices = self._choices()
        self._vocab = sorted({t for _, toks in choices for t in toks})
        self._index = {t: i for i, t in enumerate(self._vocab)}
        self._init_words(place_words)
        self._init_weights(choices)
        self._init_matrices(choices)
        self._repairs: dict[str, str | None] = {}
        self._entry_choices: dict[str, list[frozenset[str]]] = {}
        self._entry_heads: dict[str, list[tuple[str, ...]]] = {}
        for e, toks in choices:
            self._entry_choices.setdefault(catalogue.indicators[e].id, []).append(frozenset(toks))
            self._entry_heads.setdefault(catalogue.indicators[e].id, []).append(toks)
        self._entry_words = {k: frozenset().union(*v) for k, v in self._entry_choices.items()}
        self._used_words = frozenset(self._index) | self._plain_words
        # an entry's core: the distinctive words all its names and aliases hold ("kepuasan", "perempuan")
        common = frozenset(catalogue.common_words)
        self._core = [
            frozenset(w for w in frozenset.intersection(*self._entry_choices[e.id]) if w not in common)
            - {w for w in self._entry_words[e.id] if self._weight_of(w) <= 0}
            for e in catalogue.indicators
        ]
        # grades and opinions are never a share of things ("Persentase satker yang nilai AKIP minimal BB")
        self._scalar_only = [e.value_type in ("grade", "opinion") for e in catalogue.indicators]
        self._part_words = frozenset(catalogue.part_words)
        self._activity_ok = np.array(
            [any(c[:1] and c[0] in ACTIVITY_HEADS for c in self._entry_heads[e.id]) for e in catalogue.indicators]
        )
        measures = {m: i for i, m in enumerate(dict.fromkeys(e.measure for e in catalogue.indicators))}
        self._measure_index = np.array([measures[e.measure] for e in catalogue.indicators], dtype=np.int64)
        self._sig = (compile_signatures(catalogue, self.words), quantity_heads(choices))  # compiled signatures

    def _choices(self) -> list[tuple[int, tuple[str, ...]]]:
        """(entry index, normalised words) of every distinct name and alias, grouped by entry."""
        choices: list[tuple[int, tuple[str, ...]]] = []
        for e, entry in enumerate(self.catalogue.indicators):
            seen: set[tuple[str, ...]] = set()
            for text in (entry.name, *entry.aliases):
                toks = tuple(dict.fromkeys(self._context.normalise(text).split()))
                if toks and toks not in seen:
                    seen.add(toks)
                    choices.append((e, toks))
        return choices

    def _init_words(self, place_words: Iterable[str] | None) -> None:
        """Repair targets, place names and weightless words."""
        synonyms = self.catalogue.synonyms
        # words a damaged word may be repaired to; spellings of one canonical word are not rivals
        self._canon = {v: syn.canonical for syn in synonyms for v in syn.variants if " " not in v}
        variant_words = {w for syn in synonyms for v in syn.variants for w in v.split()}
        # a word the synonyms write ("caput") or a part word ("deviasi") is a word, not damage to repair
        said = {w for syn in synonyms for w in syn.canonical.split()} | set(self.catalogue.part_words)
        self._targets = sorted(set(self._vocab) | variant_words | said | UNIT_WORDS)
        self._target_set = frozenset(self._targets)
        all_places = frozenset(_place_words() if place_words is None else place_words)
        self.printed_words = printed_words(self.catalogue, all_places)  # to rejoin words a column broke
        places = all_places - self._target_set
        self._places = sorted(w for w in places if len(w) > 2)
        # place names say nothing about the indicator; nor do stray words of a long name
        self._weightless = WEIGHTLESS | places | (variant_words - set(self._vocab))
        # boilerplate is never "repaired" into a catalogue word or a place ("pagu" -> "palu", "rata" -> "data")
        self._plain_words = frozenset(self.catalogue.common_words)
        # ... unless a cut-off long name stands at the label's edge: "Jumlah Laporan Barang Milik" (a long
        # name an abbreviation stands for; a rewording such as "persentase realisasi anggaran" is none)
        self._long_names = [
            (tuple(v.split()), tuple(syn.canonical.split()))
            for syn in synonyms
            for v in syn.variants
            if len(v.split()) >= 3 and len(syn.canonical.split()) < len(v.split())
        ]

    def _init_weights(self, choices: list[tuple[int, tuple[str, ...]]]) -> None:
        """IDF weight of each vocabulary word over entries (document frequency: entries holding it)."""
        words_of: dict[int, set[str]] = {}
        for e, toks in choices:
            words_of.setdefault(e, set()).update(toks)
        df: Counter[str] = Counter(t for words in words_of.values() for t in words)
        n = len(self.catalogue.indicators)
        common = frozenset(self.catalogue.common_words)
        self._weights = np.array([_weight(t, n, df[t], common) for t in self._vocab], dtype=np.float32)
        self._unknown_weight = float(np.median(self._weights[self._weights > 0]))

    def _init_matrices(self, choices: list[tuple[int, tuple[str, ...]]]) -> None:
        """Word x choice incidence, sparse: its size grows with the words the choices hold, not with
        vocabulary x choices (both grow with the catalogue, so a dense matrix grew quadratically)."""
        n = len(self.catalogue.indicators)
        first_choice: dict[int, int] = {}  # choices are grouped by entry, every entry has its name
        for c, (e, _) in enumerate(choices):
            first_choice.setdefault(e, c)
        self._entry_starts = np.array([first_choice[e] for e in range(n)], dtype=np.int64)
        rows = np.array([self._index[t] for _, toks in choices for t in toks], dtype=np.int64)
        cols = np.array([c for c, (_, toks) in enumerate(choices) for _ in toks], dtype=np.int64)
        shape = (len(self._vocab), len(choices))
        weights = self._weights[rows]
        self._weighted = sparse.csr_matrix((weights, (rows, cols)), shape=shape, dtype=np.float32)
        content = (weights > 0).astype(np.float32)
        self._content = sparse.csr_matrix((content, (rows, cols)), shape=shape, dtype=np.float32)
        self._choice_weight = np.asarray(self._weighted.sum(axis=0), dtype=np.float32).ravel()
        self._min_shared = np.minimum(np.asarray(self._content.sum(axis=0)).ravel(), self._MIN_SHARED)
        # evidence floor: about one word unique to a single indicator ("koordinasi"), so labels made
        # only of common words ("Perjanjian Kinerja", "Realisasi Anggaran") never match
        self._min_weight = np.minimum(self._choice_weight, 0.75 * math.log(1.0 + n))

    # -- public API

    def match(self, label: str) -> MatchResult:
        return self.match_many([label])[0]

    def words(self, labels: Sequence[str]) -> list[list[str]]:
        """The words each label is scored on (normalised, OCR-repaired, synonyms applied), so tools
        that group labels (``catalogue suggest``) see them exactly as the matcher does."""
        return [
            self._fragments(self._context.rewrite(t))
            for t in self._repair([self._context.tokens(label) for label in labels])
        ]

    def match_many(self, labels: Sequence[str]) -> list[MatchResult]:
        """Match a batch at once: one matrix product scores every label against every choice."""
        unique = list(dict.fromkeys(labels))
        parts: list[str] = []
        owners: list[tuple[int, int]] = []  # (first part, number of parts) per unique label
        for label in unique:
            segs = _segments(label)
            owners.append((len(parts), len(segs) + 1 if len(segs) > 1 else 1))
            parts.append(label)
            if len(segs) > 1:
                parts.extend(segs)
        tokens = [
            self._fragments(self._context.rewrite(t))
            for t in self._repair([self._context.tokens(p) for p in parts])
        ]
        scores = self._score(tokens)
        results: dict[str, MatchResult] = {}
        for label, (first, count) in zip(unique, owners, strict=True):
            result = self._decide(label, tokens[first], scores[first])
            if count > 1:
                result = self._combine(
                    result, tokens[first + 1 : first + count], scores[first + 1 : first + count]
                )
            results[label] = result
        return [results[label] for label in labels]

    # -- internals

    def _repair(self, token_lists: list[list[str]]) -> list[list[str]]:
        """Map OCR-damaged words to catalogue words: joins, OCR swaps, then a unique nearest edit (5+ letters)."""
        known = self._target_set
        merged_lists: list[list[str]] = []
        for toks in token_lists:
            out: list[str] = []
            i = 0
            while i < len(toks):
                pair = toks[i] + toks[i + 1] if i + 1 < len(toks) else ""
                if pair in known and (toks[i] not in known or toks[i + 1] not in known):
                    out.append(pair)
                    i += 2
                else:
                    out.append(toks[i])
                    i += 1
            merged_lists.append(out)
        if len(self._repairs) > 200_000:
            self._repairs.clear()
        skip = self._weightless | self._plain_words
        pending = sorted(
            {t for toks in merged_lists for t in toks if t not in known and t not in skip}
            - self._repairs.keys()
        )
        fuzzy: list[str] = []
        for tok in pending:
            forms = ocr_forms(tok)
            found = {self._canon.get(f, f) for f in forms if f in known}
            self._repairs[tok] = found.pop() if len(found) == 1 else None
            if self._repairs[tok] is None and len(tok) >= 5:  # 4 letters: an acronym ('apip' is no 'akip')
                fuzzy.append(tok)
        unresolved: list[str] = []
        for tok, hits, fit in self._nearest(fuzzy, self._targets):
            pick = _closest(tok, hits, self._canon) if hits else None
            # the nearest word must be one a scan or typist could have damaged into the token
            self._repairs[tok] = pick if any(self._canon.get(h, h) == pick for h in fit) else None
            if self._repairs[tok] is None:
                unresolved.append(tok)
        # a place name absorbs a word one edit away only ("Lcbong"): a real word two edits from some
        # place ("tematik", "ternate") would otherwise vanish as a place and leave the rest to decide
        for tok, hits, fit in self._nearest(unresolved, self._places, cap=1):
            self._repairs[tok] = hits[0] if hits and hits[0] in fit else self._split(tok)
        return [[w for t in toks for w in (self._repairs.get(t) or t).split()] for toks in merged_lists]

    def _fragments(self, tokens: list[str]) -> list[str]:
        """A long name cut by truncation or wrapping (its start ends the label, or its end starts it)
        still stands for its abbreviation, if the cut part has a word the catalogue does not use (nor
        counts as boilerplate: a header "Indikator Kinerja" is no cut "Indikator Kinerja Pelaksanaan ...")."""
        used = self._used_words
        for variant, canonical in self._long_names:
            for k in range(len(variant) - 1, 1, -1):
                if tuple(tokens[-k:]) == variant[:k] and set(variant[:k]) - used:
                    return [*tokens[:-k], *canonical]
                if tuple(tokens[:k]) == variant[-k:] and set(variant[-k:]) - used:
                    return [*canonical, *tokens[k:]]
        return tokens

    @staticmethod
    def _nearest(tokens: list[str], words: list[str], cap: int = 3) -> list[tuple[str, list[str], set[str]]]:
        """The nearest words within a token's allowed edit distance (1 up to 6 letters, then 2, 3), its
        OCR swaps included ('jrnlah' is 'jmlah' after rn->m, one edit from 'jumlah'), and those of them a
        scan or a typist could have damaged into it (``repair_cost``: 'kesehatan' is two edits from
        'ketepatan', but no misreading of it). All stay candidates, so a real word as near to several
        words stays ambiguous: a repair is only ever refused, never made where it was not."""
        if not tokens or not words:
            return [(t, [], set()) for t in tokens]
        forms = [(t, f) for t in tokens for f in sorted(ocr_forms(t) | {t})]
        # one thread: batch runs a process per core, and these matrices are small
        dist = process.cdist([f for _, f in forms], words, scorer=OSA.distance, score_cutoff=3, workers=1)
        best: dict[str, np.ndarray] = {}
        for (tok, _), row in zip(forms, dist, strict=True):
            best[tok] = np.minimum(best[tok], row) if tok in best else row
        out: list[tuple[str, list[str], set[str]]] = []
        for tok in tokens:
            row = best[tok]
            allowed = min(cap, 1 if len(tok) <= 6 else 2 if len(tok) <= 11 else 3)
            low = int(row.min())
            near = [words[int(i)] for i in np.flatnonzero(row == low)] if low <= allowed else []
            out.append((tok, near, {w for w in near if repair_cost(tok, w, allowed + 1) is not None}))
        return out

    def _split(self, tok: str) -> str | None:
        for i in range(3, len(tok) - 2):
            if tok[:i] in self._target_set and tok[i:] in self._target_set:
                return f"{tok[:i]} {tok[i:]}"
        return None

    def _score(self, token_lists: list[list[str]]) -> np.ndarray:
        """Per label and entry: the best F-beta of weighted precision (label) and recall (choice)."""
        out = np.zeros((len(token_lists), len(self.catalogue.indicators)), dtype=np.float32)
        b2 = self.beta**2
        for start in range(0, len(token_lists), 2048):
            chunk = token_lists[start : start + 2048]
            present, unknown = self._present(chunk)
            shared = (present @ self._weighted).toarray()
            label_weight = present @ self._weights + unknown
            precision = shared / np.maximum(label_weight, 1e-9)[:, None]
            recall = shared / np.maximum(self._choice_weight, 1e-9)[None, :]
            f = (1 + b2) * precision * recall / np.maximum(b2 * precision + recall, 1e-9)
            f[(present @ self._content).toarray() < self._min_shared[None, :]] = 0.0
            f[shared < self._min_weight[None, :] - 1e-6] = 0.0
            out[start : start + len(chunk)] = np.maximum.reduceat(f, self._entry_starts, axis=1) * 100.0
        return out

    def _present(self, chunk: list[list[str]]) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Which catalogue words each label holds (sparse, one row a label), and the weight of its
        words the catalogue does not know."""
        rows: list[int] = []
        cols: list[int] = []
        unknown = np.zeros(len(chunk), dtype=np.float32)
        for r, toks in enumerate(chunk):
            for tok in set(toks):
                i = self._index.get(tok)
                if i is not None:
                    rows.append(r)
                    cols.append(i)
                elif tok not in self._weightless and len(tok) > 2:
                    unknown[r] += self._unknown_weight
        data = np.ones(len(rows), dtype=np.float32)
        present = sparse.csr_matrix((data, (rows, cols)), shape=(len(chunk), len(self._vocab)))
        return present, unknown

    @property
    def stored_cells(self) -> int:
        """Cells the scoring matrices hold: one per word of each choice, so building and scoring grow
        linearly with the catalogue (a test counts them instead of timing)."""
        return int(self._weighted.nnz + self._content.nnz)

    def _candidates(self, row: np.ndarray) -> tuple[Candidate, ...]:
        order = np.argsort(-row, kind="stable")[: self.settings.top_k]
        entries = self.catalogue.indicators
        return tuple(
            Candidate(entries[i].id, entries[i].name, round(float(row[i]), 1), entries[i].measure)
            for i in order
            if row[i] > 0
        )

    def _decide(self, label: str, tokens: list[str], row: np.ndarray) -> MatchResult:
        """Best entry if it clears the threshold and leads the best entry of *another* measure by the
        margin: two wordings of one measure (Ketua and Sekretariat agreements) are no rivals."""
        row = self._eligible(tokens, row)
        candidates = self._candidates(row)
        match = None
        if candidates:
            best = candidates[0]
            best_i = int(np.argmax(row))
            rival_i = self._rival(set(tokens), row, best_i)
            rival = round(float(row[rival_i]), 1) if rival_i is not None else 0.0
            lead = best.score - rival
            if (
                (
                    best.score >= self.settings.threshold
                    or (best.score >= self.settings.head_threshold and self._names_head(tokens, best.id))
                )
                and lead >= self.settings.margin
                and (
                    rival_i is None
                    or lead >= 3 * self.settings.margin  # a runner-up that far behind is no rival
                    or self._discriminates(set(tokens), best.id, self.catalogue.indicators[rival_i].id)
                )
            ):
                match = best if self._activity_ok[best_i] or tokens[0] not in ACTIVITY_HEADS else None
        printed = self._context.rewrite(self._context.tokens(label)) if label else tokens  # before OCR repair
        match = match or signature_candidate(tokens, printed, self.catalogue, *self._sig, self.settings.threshold)
        return MatchResult(label, " ".join(tokens), match, candidates)

    def _eligible(self, tokens: list[str], row: np.ndarray) -> np.ndarray:
        """The row with the entries the label cannot be set to 0: one whose core words it lacks (unless
        it may be one of the entry's names cut short: "Indeks Pelayanan Publik" is no satisfaction index,
        "Persentase KPU yang melaksanakan Pemilu" may be a wrapped line), and a grade or opinion when the
        label is a share or count of things ("Persentase satker yang ...", "Jumlah KPU yang ...")."""
        present, row, top = set(tokens), row.copy(), None
        if names_no_quantity(tokens):  # a program, an expenditure account, an outcome phrase: no measure
            return np.zeros_like(row)
        # a share or count of units ("Persentase OPD dengan Nilai Evaluasi SAKIP ...": OPD became the unit word)
        share = bool(tokens) and tokens[0] in ("persentase", "jumlah", "rasio") and (
            "yang" in present or tokens[1:2] == [PLACEHOLDER]
        )
        for i in (int(i) for i in np.argsort(-row, kind="stable")):  # down to the last possible rival
            if row[i] <= 0 or (top is not None and row[i] < top - 3 * self.settings.margin):
                break
            core, entry_id = self._core[i], self.catalogue.indicators[i].id
            held = sum(self._weight_of(w) for w in core & present)  # a third of the core, or the rest cut off
            lacks = 3 * held < sum(map(self._weight_of, core)) and not self._cut_short(tokens, entry_id, core - present)
            part = not (present & self._part_words) <= self._entry_words[entry_id]  # "... Dimensi Kompetensi"
            if lacks or part or (share and self._scalar_only[i]):
                row[i] = 0.0
            elif top is None:
                top = float(row[i])
        return row

    def _cut_short(self, tokens: list[str], entry_id: str, core: frozenset[str]) -> bool:
        """The label's words a name holds stand in its order, and its core words all lie beyond the cut
        (after the label's last word, or before its first when the label is a continuation line)."""
        for choice in self._entry_heads[entry_id]:
            at = {w: i for i, w in enumerate(choice)}
            pos = [at[t] for t in tokens if t in at and self._weight_of(t) > 0]
            ends = [at[w] for w in core if w in at]
            if len(pos) >= 2 and pos == sorted(pos) and (min(ends) > pos[-1] or max(ends) < pos[0]):
                return True
        return False

    def _rival(self, tokens: set[str], row: np.ndarray, best_i: int) -> int | None:
        """The best entry of another measure the label may still be. When the label holds all of the
        best entry's core, a runner-up whose core words beyond the best's are missing from it is none
        ("Tingkat partisipasi pemilih" is not women's turnout; "Jumlah Dokumen" holds no core, so every
        "Jumlah dokumen ..." stays a rival)."""
        best_words, whole = (
            self._entry_words[self.catalogue.indicators[best_i].id],
            self._core[best_i] <= tokens,
        )
        for i in (int(i) for i in np.argsort(-row, kind="stable")):
            if row[i] <= 0:
                return None
            rival = self._measure_index[i] != self._measure_index[best_i]
            if rival and (not whole or (self._core[i] - best_words) <= tokens):
                return i
        return None

    def _names_head(self, tokens: list[str], entry_id: str) -> bool:
        """The label opens with the whole of one of the entry's names (its weighted words, in any order,
        within the first words of the label, one stray word allowed) and is no sasaran: the rest of the
        label qualifies that name rather than naming another quantity."""
        if not tokens or tokens[0] in SASARAN_HEADS:
            return False
        words = [t for t in tokens if t not in self._weightless]
        for choice in self._entry_heads[entry_id]:
            weighted = {t for t in choice if self._weight_of(t) > 0}
            if len(weighted) >= 2 and weighted <= set(words[: len(weighted) + 1]):
                # "Predikat SAKIP dan Zona Integritas": a conjunction right after the name adds a second
                # quantity ("Serapan Anggaran Operasional dan Program" joins two qualifiers of one)
                last = max(tokens.index(t) for t in weighted)
                return tokens[last + 1 : last + 2] not in ([j] for j in JOINED)
        return False

    def _discriminates(self, tokens: set[str], best: str, runner_up: str) -> bool:
        """Some weighted label word backs the best indicator but not the runner-up, or the label reads
        as the whole indicator: 'Jumlah Dokumen' fits several 'Jumlah dokumen ...' equally well."""
        if (tokens & self._entry_words[best]) - self._entry_words[runner_up] - self._weightless:
            return True
        return any(
            sum(self._weight_of(t) for t in tokens & choice) >= 0.75 * sum(self._weight_of(t) for t in choice)
            for choice in self._entry_choices[best]
        )

    def _weight_of(self, word: str) -> float:
        i = self._index.get(word)
        return float(self._weights[i]) if i is not None else 0.0

    def _combine(self, whole: MatchResult, token_lists: list[list[str]], rows: np.ndarray) -> MatchResult:
        """A label listing several outputs ('QGE.001 X; QGE.002 Y') matches if its parts agree."""
        parts = [
            self._decide("", toks, row)
            for toks, row in zip(token_lists, rows, strict=True)
            if any(self._weight_of(t) > 0 or t not in self._weightless for t in toks)
        ]
        if not parts:
            return whole
        tops = [p.candidates[0] for p in parts if p.candidates]
        if len({t.id for t in tops}) != 1 or sum(p.match is not None for p in parts) * 3 < len(parts) * 2:
            return whole
        top = tops[0].id
        score = round(sum(t.score for t in tops) / len(parts), 1)
        if score < self.settings.threshold or (whole.match is not None and whole.match.score >= score):
            return whole
        entry = self.catalogue.get(top)
        assert entry is not None
        match = Candidate(entry.id, entry.name, score, entry.measure)
        others = tuple(c for c in whole.candidates if c.id != top)[: self.settings.top_k - 1]
        return MatchResult(whole.label, whole.normalized, match, (match, *others))


def _weight(word: str, n_entries: int, df: int, common: frozenset[str]) -> float:
    """Inverse document frequency over entries; boilerplate words weigh as if in half of them."""
    if word in WEIGHTLESS:
        return 0.0
    idf = math.log(1.0 + n_entries / df)
    return min(idf, math.log(3.0)) if word in common else idf


def _closest(tok: str, hits: list[str], canon: Mapping[str, str]) -> str | None:
    """Among equally near words, the one sharing the longest start (typos keep the start); None if tied."""
    forms = {canon.get(h, h) for h in hits}
    if len(forms) == 1:
        return forms.pop()

    def shared_start(word: str) -> int:
        return next(
            (i for i, (a, b) in enumerate(zip(tok, word, strict=False)) if a != b), min(len(tok), len(word))
        )

    ranked = sorted(hits, key=shared_start, reverse=True)
    if shared_start(ranked[0]) == shared_start(ranked[1]):
        return None
    return canon.get(ranked[0], ranked[0])


@functools.cache
def _place_words() -> frozenset[str]:
    """Words of Indonesian region names (the gazetteer): labels carry them, indicators never need them."""
    try:
        regions = load_gazetteer().regions
    except LakipError as exc:
        log.warning("gazetteer unavailable (%s); region names in labels will count as unknown words", exc)
        return frozenset()
    return frozenset(
        w for r in regions for text in (r.name, *r.aliases) for w in NON_WORD.split(fold(text)) if w
    )


def _segments(label: str) -> list[str]:
    """Parts of a label separated by ';' or output codes, each with at least two words."""
    parts = [p.strip(" ,.-") for p in _SEGMENT_SPLIT.split(label)]
    return [p for p in parts if len(re.findall(r"[A-Za-z]{2,}", p)) >= 2]


@functools.lru_cache(maxsize=8)
def _matcher(catalogue: Catalogue, settings: MatchSettings) -> Matcher:
    return Matcher(catalogue, settings)


def match_json(label: str, catalogue: Catalogue, settings: MatchSettings | None = None) -> dict[str, Any]:
    """The CLI's `lakip match` answer: the normalised label, the match (or null) and the candidates."""
    result = _matcher(catalogue, settings or MatchSettings()).match(label)

    def cand(c: Candidate) -> dict[str, Any]:
        return {"id": c.id, "measure_id": c.measure or c.id, "name": c.name, "score": c.score}

    return {
        "label": result.label,
        "normalized": result.normalized,
        "measure_id": result.measure_id,
        "match": cand(result.match) if result.match else None,
        "candidates": [cand(c) for c in result.candidates],
    }
