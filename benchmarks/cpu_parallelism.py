"""How much two processes can gain over one on this machine: a pure-Python CPU loop run alone,
then in two processes at once. Batch throughput (`run.py batch`) can never beat this ratio.

    python3 benchmarks/cpu_parallelism.py
"""

from __future__ import annotations

import json
import multiprocessing as mp
import time


def burn(n: int) -> float:
    started = time.perf_counter()
    total = 0
    for i in range(n):
        total += i * i
    return time.perf_counter() - started


def main() -> None:
    n = 8_000_000
    alone = min(burn(n) for _ in range(3))
    with mp.get_context("spawn").Pool(2) as pool:
        pair = max(pool.map(burn, [n, n]))
    print(
        json.dumps(
            {
                "seconds_alone": round(alone, 3),
                "seconds_each_of_two": round(pair, 3),
                "max_two_process_speedup": round(2 * alone / pair, 2),
                "cores": mp.cpu_count(),
            }
        )
    )


if __name__ == "__main__":
    main()
