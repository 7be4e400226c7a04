"""Batch workers that stay alive across files: imports and caches are paid once per worker, not
once per file, while each file keeps its own time limit and a crash fails that file only.

A pebble ``ProcessPool`` runs the files. Its workers are forked from a fork server that has
already imported and warmed the pipeline (``extractor.worker_preload``), so a new worker, after a
timeout killed one or after ``MAX_FILES_PER_WORKER`` files, starts ready to extract. pebble kills
the worker of a file that overruns its limit (the future raises ``TimeoutError``) and reports a
worker that died (``ProcessExpired``); the other files and workers go on. Workers ignore SIGINT:
on Ctrl-C the batch stops the pool, which ends them.
"""

from __future__ import annotations

import atexit
import multiprocessing as mp
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from extractor.errors import ExitCode, LakipError
from extractor.ingest import sha256_file

MAX_FILES_PER_WORKER = 50  # a fresh worker now and then: memory a long batch leaks stays bounded

FileStatus = Literal["ok", "partial", "failed"]
# status, exit code, error, pages, kind, indicators, budget rows, flags, warning, sha256
Summary = tuple[FileStatus, int, str | None, int | None, str | None, int, int, int, str | None, str | None]


def extract_file(path: str, out_json: str, settings: Any, csv: bool) -> Summary:
    """Runs in a worker: extract one file, write its outputs, and return a small summary."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from extractor.pipeline import NO_TABLES, extract
    from extractor.review.store import adjuster
    from extractor.writers import write_outputs

    digest = _digest(path)
    try:
        doc = extract(path, settings)
        target = Path(out_json)
        write_outputs(doc, target.parent, target.name.removesuffix(".json"), csv=csv, adjust=adjuster(target))
    except LakipError as exc:
        return ("failed", int(exc.exit_code), exc.one_line(), None, None, 0, 0, 0, None, digest)
    except Exception as exc:
        internal = f"{type(exc).__name__}: {exc}"
        return ("failed", int(ExitCode.INTERNAL), internal, None, None, 0, 0, 0, None, digest)
    code = ExitCode.OK if doc.status == "ok" else ExitCode.PARTIAL
    errors = "; ".join(f"page {e.page}: {e.message}" for e in doc.errors[:3]) or None
    warning = NO_TABLES if any(f.code == NO_TABLES for f in doc.flags) else None
    counts = (len(doc.indicators), len(doc.budget), len(doc.flags))
    return (doc.status, int(code), errors, doc.source.pages, doc.source.kind, *counts, warning, digest)


def _digest(path: str) -> str | None:
    try:
        return sha256_file(Path(path))
    except OSError:
        return None


def worker_context() -> Any:
    """A fork server that has already imported the pipeline: each worker starts without paying the
    import cost again, and without forking a threaded parent."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["extractor.worker_preload"])
        return ctx
    return mp.get_context("spawn")


@dataclass(frozen=True)
class Job:
    """One file handed to the pool: what the manifest entry needs once it ends."""

    path: str
    rel: str
    out_json: Path
    timeout_s: float
    started: float
    future: Future[Summary]


@dataclass(frozen=True)
class Outcome:
    """How a job ended: the worker's summary, or why there is none (a timeout, a dead worker)."""

    summary: Summary | None
    seconds: float
    digest: str | None
    error: str | None = None
    code: ExitCode = ExitCode.OK


class FilePool:
    """Long-lived worker processes, one file at a time each, every file with its own limit."""

    def __init__(self, workers: int) -> None:
        from pebble import ProcessPool

        self.workers = workers
        self._pool = ProcessPool(max_workers=workers, max_tasks=MAX_FILES_PER_WORKER, context=worker_context())

    def start(
        self,
        path: str,
        rel: str,
        out_json: Path,
        settings: Any,
        timeout_s: float,
        csv: bool,
        task: Callable[[str, str, Any, bool], Summary] = extract_file,  # tests run their own
    ) -> Job:
        future = self._pool.schedule(task, (path, str(out_json), settings, csv), timeout=timeout_s)
        return Job(path, rel, out_json, timeout_s, time.perf_counter(), future)

    def close(self) -> None:
        """Stop at once: files still running are killed (an interrupted batch records none of them)."""
        self._pool.stop()
        self._pool.join()


def outcome(job: Job) -> Outcome:
    """The ended job's outcome; call only once ``job.future`` is done."""
    from pebble import ProcessExpired

    seconds = round(time.perf_counter() - job.started, 3)
    try:
        summary = job.future.result(timeout=0)
    except TimeoutError:
        error, code = f"{job.rel}: stopped after the {job.timeout_s:.0f} s per-file limit", ExitCode.TIMEOUT
    except ProcessExpired as exc:
        error, code = f"{job.rel}: worker died (exit {exc.exitcode})", ExitCode.INTERNAL
    except (CancelledError, Exception) as exc:
        error, code = f"{job.rel}: {type(exc).__name__}: {exc}", ExitCode.INTERNAL
    else:
        return Outcome(summary, seconds, summary[-1])
    return Outcome(None, seconds, _digest(job.path), error, code)


_THREAD_POOLS: dict[int, FilePool] = {}
_THREAD_POOLS_LOCK = threading.Lock()


def thread_pool() -> FilePool:
    """This thread's one-worker pool, kept for the life of the process: a Dask worker thread runs
    one file at a time and pays the worker's start once, not once per file."""
    key = threading.get_ident()
    with _THREAD_POOLS_LOCK:
        if key not in _THREAD_POOLS:
            if not _THREAD_POOLS:
                atexit.register(_close_thread_pools)
            _THREAD_POOLS[key] = FilePool(1)
        return _THREAD_POOLS[key]


def drop_thread_pool() -> None:
    """Stop this thread's pool (its file was abandoned): the next file gets a fresh worker."""
    with _THREAD_POOLS_LOCK:
        pool = _THREAD_POOLS.pop(threading.get_ident(), None)
    if pool is not None:
        pool.close()


def _close_thread_pools() -> None:
    with _THREAD_POOLS_LOCK:
        pools = list(_THREAD_POOLS.values())
        _THREAD_POOLS.clear()
    for pool in pools:
        pool.close()
