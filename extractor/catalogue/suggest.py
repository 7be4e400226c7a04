"""Growing the catalogue from a batch: cluster the labels no entry matched and propose entries.

A batch over reports from units and years the catalogue was not written from leaves rows without an
id. Reviewing them one by one does not scale, and the same indicator recurs in many reports worded a
little differently or damaged by OCR, so labels are grouped on the words the matcher sees (after
normalisation and repair) and each group becomes one proposal with its count and example provenance.
A group close to an existing entry is proposed as aliases of that entry (written as the whole entry,
since a merged file replaces an entry by id); the rest become new entries. The output is a catalogue
file: review it, then pass it with ``--catalogue``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from extractor.catalogue.labels import WEIGHTLESS, LabelNormaliser
from extractor.catalogue.load import validate_document
from extractor.catalogue.matcher import Matcher
from extractor.catalogue.model import Catalogue, CatalogueEntry
from extractor.errors import InputNotFoundError, UsageError
from extractor.writers import atomic_writer

PERIODS = ("2015-2019", "2020-2024", "2025-2029")
# sasaran rows state an outcome ("Terwujudnya ...", "Meningkatnya ...", "Sasaran 3 ..."): proposing
# them would teach the matcher to give sasaran rows an indicator id
_SASARAN = re.compile(r"^\W*(?:sasaran\b|ter\w+nya\b|me\w+nya\b|ber\w+nya\b|kegiatan\s+\d)", re.I)
_LEVELS = {"kota": "kabupaten/kota", "kabupaten": "kabupaten/kota", "provinsi": "provinsi", "pusat": "pusat"}


@dataclass(frozen=True)
class SuggestSettings:
    """``similarity``: word overlap (Jaccard) joining a label to a group; ``alias_score``: matcher
    score from which a group is proposed as aliases of its best entry instead of a new id."""

    similarity: float = 0.5
    alias_score: float = 50.0
    min_words: int = 2  # content words a label needs; "Jumlah" or "Total" alone propose nothing
    examples: int = 3

    def __post_init__(self) -> None:
        if not 0 < self.similarity <= 1 or not 0 < self.alias_score <= 100 or self.min_words < 1:
            raise ValueError("invalid suggest settings")


@dataclass(frozen=True)
class LabelRow:
    """One unmatched row of the batch, with where it was printed."""

    label: str
    file: str
    page: int | None
    satker: str | None
    level: str | None
    year: int | None


@dataclass
class Cluster:
    """Labels read as one indicator; ``rows`` keeps every occurrence for counts and provenance."""

    words: frozenset[str]
    rows: list[LabelRow] = field(default_factory=list)

    @property
    def labels(self) -> Counter[str]:
        return Counter(r.label for r in self.rows)


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "alias" (of an existing entry) | "new"
    entry: dict[str, Any]  # a catalogue indicator, ready to merge
    cluster: Cluster
    score: float | None  # best matcher score against the existing catalogue


def unmatched_rows(outdir: Path, matcher: Matcher) -> list[LabelRow]:
    """Rows of a batch's combined indicator table that the given catalogue does not match.

    Labels are matched again rather than trusting the ids written at extraction, so a run after
    merging the suggestions shows what is still left."""
    table = Path(outdir) / "indicators.parquet"
    if not table.is_file():
        raise InputNotFoundError(
            "no batch results here (indicators.parquet); run `lakip batch` first", path=str(outdir)
        )
    frame = pd.read_parquet(table)
    labels = [str(x) for x in frame["label"].fillna("")]
    results = {r.label: r for r in matcher.match_many(list(dict.fromkeys(labels)))}
    rows = []
    for record, label in zip(frame.to_dict("records"), labels, strict=True):
        if label.strip() and results[label].match is None and not _SASARAN.match(label):
            rows.append(
                LabelRow(
                    label=" ".join(label.split()),
                    file=str(record.get("file") or ""),
                    page=_int(record.get("page")),
                    satker=_text(record.get("satker")),
                    level=_text(record.get("level")),
                    year=_int(record.get("report_year")),
                )
            )
    return rows


def cluster_rows(
    rows: Sequence[LabelRow], matcher: Matcher, settings: SuggestSettings | None = None
) -> list[Cluster]:
    """Greedy grouping, most frequent label first: a label joins the group whose first label shares
    the most of its content words (Jaccard >= ``similarity``), else starts its own."""
    settings = settings or SuggestSettings()
    counts = Counter(r.label for r in rows)
    unique = sorted(counts, key=lambda label: (-counts[label], label))
    words = {label: _content(w) for label, w in zip(unique, matcher.words(unique), strict=True)}
    clusters: list[Cluster] = []
    home: dict[str, Cluster] = {}
    for label in unique:
        own = words[label]
        if len(own) < settings.min_words:
            continue
        best, best_sim = None, 0.0
        for cluster in clusters:
            sim = len(own & cluster.words) / len(own | cluster.words)
            if sim > best_sim:
                best, best_sim = cluster, sim
        if best is None or best_sim < settings.similarity:
            best = Cluster(own)
            clusters.append(best)
        home[label] = best
    for row in rows:
        if row.label in home:
            home[row.label].rows.append(row)
    return sorted(clusters, key=lambda c: (-len(c.rows), sorted(c.labels)[0]))


def suggest(outdir: Path, catalogue: Catalogue, settings: SuggestSettings | None = None) -> list[Suggestion]:
    """Proposals for the unmatched labels of a batch: aliases of near entries, else new entries."""
    settings = settings or SuggestSettings()
    matcher = Matcher(catalogue)
    clusters = cluster_rows(unmatched_rows(outdir, matcher), matcher, settings)
    owned = _owned_texts(catalogue)
    taken_ids = {e.id for e in catalogue.indicators}
    aliases: dict[str, list[str]] = {}
    alias_clusters: dict[str, tuple[Cluster, float]] = {}
    out: list[Suggestion] = []
    for cluster in clusters:
        labels = [label for label, _ in cluster.labels.most_common()]
        fresh = [label for label in labels if owned.claim(label)]
        if not fresh:
            continue
        top = matcher.match(labels[0]).candidates
        if top and top[0].score >= settings.alias_score:
            aliases.setdefault(top[0].id, []).extend(fresh)
            alias_clusters.setdefault(top[0].id, (cluster, top[0].score))
            continue
        entry_id = _new_id(cluster.words, labels[0], taken_ids)
        taken_ids.add(entry_id)
        out.append(
            Suggestion("new", _new_entry(entry_id, fresh, cluster), cluster, top[0].score if top else None)
        )
    for entry_id, extra in aliases.items():
        entry = catalogue.get(entry_id)
        assert entry is not None
        cluster, score = alias_clusters[entry_id]
        out.insert(0, Suggestion("alias", _entry_dict(entry, extra), cluster, score))
    return out


def render_yaml(suggestions: Iterable[Suggestion], outdir: Path) -> str:
    """A catalogue file (schema-checked) with one commented block per proposal: count and examples."""
    blocks = []
    for s in suggestions:
        rows = s.cluster.rows
        files = sorted({r.file for r in rows})
        head = [
            f"# {s.kind}: {len(rows)} rows in {len(files)} files"
            + (f", best existing score {s.score:.1f}" if s.score is not None else ""),
            *(
                f"#   e.g. {r.file} page {r.page if r.page is not None else '?'} ({r.satker or 'unit unknown'}): {r.label[:100]}"
                for r in _examples(rows, 3)
            ),
        ]
        body = yaml.safe_dump([s.entry], allow_unicode=True, sort_keys=False, width=110)
        blocks.append("\n".join(head) + "\n" + "".join("  " + line + "\n" for line in body.splitlines()))
    text = (
        f"# Proposed by `lakip catalogue suggest {outdir}`: review every block, delete what is not an\n"
        "# indicator, then pass this file with --catalogue. An 'alias' block repeats the whole existing\n"
        "# entry with the new wordings added, because a merged file replaces an entry by id.\n"
        "version: 1\nindicators:\n" + "\n".join(blocks)
    )
    if not blocks:
        text = text.replace("indicators:\n", "indicators: []\n")
    validate_document(text.encode("utf-8"), "suggested catalogue")
    return text


# --------------------------------------------------------------------------------------- helpers


def _content(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w for w in words if w not in WEIGHTLESS and len(w) > 2)


class _Owned:
    """Texts the catalogue (and earlier proposals) already own, compared as the loader compares them."""

    def __init__(self, normaliser: LabelNormaliser, texts: Iterable[str]) -> None:
        self._normaliser = normaliser
        self._keys = {self._key(t) for t in texts}

    def _key(self, text: str) -> str:
        return " ".join(sorted(set(self._normaliser.normalise(text).split())))

    def claim(self, text: str) -> bool:
        key = self._key(text)
        if not key or key in self._keys:
            return False
        self._keys.add(key)
        return True


def _owned_texts(catalogue: Catalogue) -> _Owned:
    return _Owned(
        LabelNormaliser.of(catalogue), (t for e in catalogue.indicators for t in (e.name, *e.aliases))
    )


def _new_id(words: frozenset[str], label: str, taken: set[str]) -> str:
    ordered = [w for w in re.findall(r"[a-z0-9]+", label.casefold()) if w in words] or sorted(words)
    base = ("s_" + "_".join(dict.fromkeys(ordered))[:50]).rstrip("_")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def _new_entry(entry_id: str, labels: Sequence[str], cluster: Cluster) -> dict[str, Any]:
    first = (re.findall(r"[a-z]+", labels[0].casefold()) or [""])[0]
    kind = {
        "persentase": ("percent", "%"),
        "jumlah": ("count", "jumlah"),
        "indeks": ("index", "indeks"),
        "nilai": ("index", "nilai"),
        "opini": ("opinion", "opini"),
    }.get(first, ("percent", "%"))
    years = sorted({r.year for r in cluster.rows if r.year})
    periods = sorted({p for p in PERIODS for y in years if int(p[:4]) <= y <= int(p[5:])}) or ["2020-2024"]
    levels = sorted({_LEVELS.get(r.level or "", "pusat") for r in cluster.rows}) or ["kabupaten/kota"]
    files = len({r.file for r in cluster.rows})
    return {
        "id": entry_id,
        "name": labels[0],
        "sasaran": None,
        "unit": kind[1],
        "value_type": kind[0],
        "direction": "higher_is_better",
        "periods": periods,
        "levels": levels,
        "aliases": list(labels[1:]),
        "source": f"suggested from a batch: {len(cluster.rows)} rows in {files} files (review before use)",
    }


def _entry_dict(entry: CatalogueEntry, extra: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": entry.id}
    if entry.measure != entry.id:
        out["measure"] = entry.measure
    out.update(
        name=entry.name,
        sasaran=entry.sasaran,
        unit=entry.unit,
        value_type=entry.value_type,
        direction=entry.direction,
        periods=list(entry.periods),
        levels=list(entry.levels),
        aliases=[*entry.aliases, *extra],
    )
    if entry.source:
        out["source"] = entry.source
    return out


def _examples(rows: Sequence[LabelRow], n: int) -> list[LabelRow]:
    """One row per file first, so the examples show how far the wording travels."""
    seen: dict[str, LabelRow] = {}
    for row in rows:
        seen.setdefault(row.file, row)
    picked = list(seen.values())[:n]
    return picked + [r for r in rows if r not in picked][: n - len(picked)]


def _int(value: object) -> int | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and value != value) else str(value)


def write_suggestions(text: str, target: Path) -> None:
    """Write the proposals; an existing file is never overwritten (it may hold a review in progress)."""
    target = Path(target)
    if target.exists():
        raise UsageError("file exists; choose another --out or delete it", path=str(target))
    with atomic_writer(target) as fh:
        fh.write(text)
