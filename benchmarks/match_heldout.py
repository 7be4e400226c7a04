"""Matcher coverage and precision on wordings the catalogue was not written from (issue 17).

Usage (from the repo root):
    python3 benchmarks/match_heldout.py [--heldout FILE] [--catalogue extra.yaml] [--json]

Two measurements:

1. A held-out file (default ``tests/data/match_heldout.jsonl``; ``--heldout`` for another, such as
   ``tests/data/match_heldout2.jsonl``): indicator wordings from reports and systems that no catalogue
   entry cites (each row names its source), fixed before the catalogue and matcher were tuned on it.
   The first set has since been looked at while tuning; the second and third
   (``tests/data/match_heldout3.jsonl``) were committed before any change they could steer, as were the
   fourth to eighth (``match_heldout4.jsonl`` to ``match_heldout8.jsonl``; each run blind once, then tuned
   on, see ``benchmarks/README.md``). Kinds: ``indicator`` (right = the expected id), ``variant`` (another wording of a
   catalogued measure: right = the expected measure), ``outside`` (a real indicator of a measure the
   catalogue does not define: any match is wrong) and ``non_indicator`` (sasaran, program, header
   and total rows: any match is wrong).
2. Leave one source out: for every ``source`` of the catalogue, the entries written from it are
   removed, and the rows that meant them are matched against the rest: their own names and
   aliases, and the labelled report rows of ``tests/data/match_labels.jsonl`` whose id they were.
   Right: no match, or an entry of the same measure that remains; wrong: any other id.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.catalogue import Catalogue, Matcher, load_catalogue  # noqa: E402

HELDOUT = ROOT / "tests" / "data" / "match_heldout.jsonl"
LABELLED = ROOT / "tests" / "data" / "match_labels.jsonl"  # report rows (and noisy copies) with their id


def heldout(matcher: Matcher, path: Path = HELDOUT) -> dict[str, object]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    results = matcher.match_many([r["label"] for r in rows])
    counts: Counter[str] = Counter()
    misses: list[dict[str, object]] = []
    for row, result in zip(rows, results, strict=True):
        kind = row["kind"]
        got = result.match.id if result.match else None
        measure = matcher.catalogue.measure_of(got)
        counts[f"{kind}:n"] += 1
        if kind in ("indicator", "variant"):
            right = got == row["expected_id"] if kind == "indicator" else measure == row["expected_measure"]
            outcome = "right" if got and right else "wrong" if got else "none"
        else:
            outcome = "wrong" if got else "right"
        counts[f"{kind}:{outcome}"] += 1
        if outcome != "right":
            misses.append({"kind": kind, "label": row["label"], "expected": row["expected_measure"], "got": got})
    wordings = counts["indicator:n"] + counts["variant:n"]
    right = counts["indicator:right"] + counts["variant:right"]
    wrong = counts["indicator:wrong"] + counts["variant:wrong"]
    negatives = counts["outside:n"] + counts["non_indicator:n"]
    return {
        "wordings": wordings,
        "right": right,
        "right_pct": round(100 * right / max(wordings, 1), 1),
        "wrong": wrong,
        "wrong_pct": round(100 * wrong / max(wordings, 1), 1),
        "given_an_id_pct": round(100 * (right + wrong) / max(wordings, 1), 1),
        "non_indicator_matched_pct": round(100 * counts["non_indicator:wrong"] / max(counts["non_indicator:n"], 1), 1),
        "non_indicator_rows": counts["non_indicator:n"],
        "non_indicator_matched": counts["non_indicator:wrong"],
        "outside_rows": counts["outside:n"],
        "outside_matched": counts["outside:wrong"],
        "negatives_matched_pct": round(
            100 * (counts["non_indicator:wrong"] + counts["outside:wrong"]) / max(negatives, 1), 1
        ),
        "misses": misses,
    }


def leave_one_source_out(catalogue: Catalogue) -> dict[str, object]:
    labelled = [json.loads(line) for line in LABELLED.read_text("utf-8").splitlines() if line.strip()]
    by_source: dict[str, list[str]] = defaultdict(list)
    for entry in catalogue.indicators:
        by_source[entry.source or "(none)"].append(entry.id)
    counts: Counter[str] = Counter()
    wrong: list[dict[str, str]] = []
    for source, ids in sorted(by_source.items()):
        kept = tuple(e for e in catalogue.indicators if e.id not in ids)
        if not kept:
            continue
        matcher = Matcher(replace(catalogue, indicators=kept))
        removed = {e.id: e for e in catalogue.indicators if e.id in ids}
        labels = [(e, text) for e in removed.values() for text in (e.name, *e.aliases)]
        labels += [(removed[r["expected"]], r["label"]) for r in labelled if r["expected"] in removed]
        for (entry, text), result in zip(labels, matcher.match_many([t for _, t in labels]), strict=True):
            got = result.match.id if result.match else None
            if got is None:
                counts["abstained"] += 1
            elif catalogue.measure_of(got) == entry.measure:
                counts["same_measure"] += 1
            else:
                counts["wrong"] += 1
                wrong.append({"source": source, "label": text, "expected_measure": entry.measure, "got": got})
    total = sum(counts.values())
    return {
        "sources": len(by_source),
        "labels": total,
        "abstained": counts["abstained"],
        "same_measure": counts["same_measure"],
        "wrong": counts["wrong"],
        "wrong_pct": round(100 * counts["wrong"] / max(total, 1), 1),
        "wrong_examples": wrong,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", type=Path, default=HELDOUT, help="labelled rows, one JSON object a line")
    parser.add_argument("--catalogue", type=Path, help="an extra catalogue merged over the built-in one")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args()
    catalogue = load_catalogue(args.catalogue)
    report = {
        "catalogue_entries": len(catalogue.indicators),
        "measures": len({e.measure for e in catalogue.indicators}),
        "heldout_file": str(args.heldout),
        "heldout": heldout(Matcher(catalogue), args.heldout),
        "leave_one_source_out": leave_one_source_out(catalogue),
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    h, lo = report["heldout"], report["leave_one_source_out"]
    assert isinstance(h, dict) and isinstance(lo, dict)
    print(f"catalogue: {report['catalogue_entries']} entries, {report['measures']} measures")
    print(f"held-out set: {report['heldout_file']}")
    print(
        f"held-out wordings: {h['right']}/{h['wordings']} right ({h['right_pct']}%), "
        f"{h['wrong']} wrong ({h['wrong_pct']}%), {h['given_an_id_pct']}% given an id"
    )
    print(
        f"non-indicator rows matched: {h['non_indicator_matched']}/{h['non_indicator_rows']}; "
        f"indicators outside the catalogue matched: {h['outside_matched']}/{h['outside_rows']}"
    )
    for miss in h["misses"]:  # type: ignore[union-attr]
        print(f"  {miss['kind']:<13} expected {miss['expected']!s:<32} got {miss['got']!s:<32} {miss['label'][:70]}")
    print(
        f"leave one source out ({lo['sources']} sources, {lo['labels']} names, aliases and labelled rows): "
        f"{lo['abstained']} no match, {lo['same_measure']} same measure, {lo['wrong']} wrong ({lo['wrong_pct']}%)"
    )
    for w in lo["wrong_examples"][:15]:  # type: ignore[index]
        print(f"  [{w['source'][:30]}] {w['label'][:60]!r} -> {w['got']} (measure {w['expected_measure']})")


if __name__ == "__main__":
    main()
