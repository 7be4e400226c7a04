"""Benchmark the matcher: 10,000 noisy labels in one batch (the target is under 2 s).

Usage (from the repo root):  python benchmarks/bench_match.py [--n 10000] [--seed 7]

The labels are fresh corruptions of the gold labels recorded in tests/data/match_labels.jsonl (made
with the corruption functions of tests/data/make_match_labels.py and a different seed), plus its
non-indicator rows, so most of them are new to the matcher's repair cache. The matcher is built
inside the timed region's "cold" run; a second "warm" run shows the effect of the repair cache.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "match_labels.jsonl"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_match_labels", ROOT / "tests" / "data" / "make_match_labels.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_labels(n: int, seed: int) -> list[str]:
    rows = [json.loads(line) for line in LABELS.read_text("utf-8").splitlines()]
    ids = {r["source"]: r["expected"] for r in rows if r["expected"] is not None}
    negatives = [r["label"] for r in rows if r["expected"] is None]
    gen = generator()
    rng = random.Random(seed)
    sources = sorted(ids)
    keep = {s: gen.distinctive(s, ids[s], ids) for s in sources}
    out: list[str] = []
    while len(out) < n:
        if rng.random() < 0.2:
            out.append(rng.choice(negatives))
        else:
            source = rng.choice(sources)
            out.append(gen.variant(rng, source, keep[source])[0])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from extractor.catalogue import Matcher, load_catalogue

    labels = make_labels(args.n, args.seed)
    catalogue = load_catalogue()
    start = time.perf_counter()
    matcher = Matcher(catalogue)
    built = time.perf_counter()
    results = matcher.match_many(labels)
    cold = time.perf_counter()
    matcher.match_many(labels)
    warm = time.perf_counter()

    matched = sum(r.match is not None for r in results)
    print(
        f"labels: {len(labels)} ({len(set(labels))} distinct), catalogue: {len(catalogue.indicators)} indicators"
    )
    print(f"build matcher: {built - start:.3f} s")
    print(f"match_many cold: {cold - built:.3f} s  ({len(labels) / (cold - built):,.0f} labels/s)")
    print(f"match_many warm: {warm - cold:.3f} s  ({len(labels) / (warm - cold):,.0f} labels/s)")
    print(f"total cold (build + match): {cold - start:.3f} s; matched {matched} of {len(labels)}")


if __name__ == "__main__":
    main()
