"""Bulk ingestion: a folder of reports, each extracted in a worker process with a time limit.

Workers stay alive across files (``bulk_workers``: imports paid once per worker); a file that
overruns its limit or crashes its worker fails alone. A manifest line is appended (and fsynced)
after every file, and results are written atomically, so a killed run resumes where it stopped and
redoes nothing already written. Locally a pool of ``jobs`` workers runs the files; on Dask each
worker thread runs ``process_one`` on a one-worker pool of its own.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any

from extractor.bulk_workers import FilePool, FileStatus, Job, Summary, drop_thread_pool, outcome, thread_pool
from extractor.errors import (
    ExitCode,
    InputNotFoundError,
    OutputBusyError,
    UnsupportedInputError,
)
from extractor.ingest import IMAGE_SUFFIXES, TEXT_SUFFIXES, sha256_file

log = logging.getLogger(__name__)

SUPPORTED = {".pdf", *IMAGE_SUFFIXES, *TEXT_SUFFIXES}
MANIFEST = "manifest.jsonl"
RESULTS = "results"

@dataclass(frozen=True)
class BatchSettings:
    jobs: int = 0  # 0 = all cores
    timeout_s: float = 600.0
    resume: bool = False
    retry_failed: bool = True  # with resume: extract again what failed last time (a full disk)
    csv: bool = False
    scheduler: str | None = (
        None  # None: local processes; "local": a Dask LocalCluster; "tcp://...": a cluster
    )

    def __post_init__(self) -> None:
        if self.jobs < 0 or self.timeout_s <= 0:
            raise ValueError("jobs must be >= 0 and timeout positive")

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1


@dataclass(frozen=True)
class ManifestEntry:
    file: str  # relative to the input folder
    sha256: str | None
    status: FileStatus
    exit_code: int
    error: str | None
    seconds: float
    pages: int | None
    kind: str | None
    output: str | None  # result JSON, relative to the output folder
    indicators: int = 0
    budget: int = 0
    flags: int = 0
    warning: str | None = None  # e.g. "no_tables_found": extracted, but nothing in it was found


@dataclass(frozen=True)
class BatchResult:
    entries: tuple[ManifestEntry, ...]
    skipped: int  # already done in an earlier run
    outdir: Path

    @property
    def failed(self) -> int:
        return sum(1 for e in self.entries if e.status == "failed")

    @property
    def no_tables(self) -> int:
        """Files extracted without error in which no table was found (a README, a cover letter)."""
        from extractor.pipeline import NO_TABLES

        return sum(1 for e in self.entries if e.status != "failed" and e.warning == NO_TABLES)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.PARTIAL if any(e.status != "ok" for e in self.entries) else ExitCode.OK


def discover(input_dir: Path) -> list[Path]:
    """Supported files below a folder, in a stable order; hidden files and our own outputs skipped."""
    if not input_dir.exists():
        raise InputNotFoundError("no such folder", path=str(input_dir))
    if not input_dir.is_dir():
        raise UnsupportedInputError("not a folder; `lakip extract` reads single files", path=str(input_dir))
    found = []
    try:
        for path in sorted(input_dir.rglob("*")):
            rel = path.relative_to(input_dir)
            if any(part.startswith(".") for part in rel.parts) or not path.is_file():
                continue
            if path.suffix.lower() in SUPPORTED:
                found.append(path)
    except OSError as exc:  # a folder that may not be listed: bad input, not a crash
        raise InputNotFoundError(f"cannot be read ({exc.strerror or exc})", path=str(input_dir)) from None
    return found


def result_name(rel: str) -> str:
    """Where the result of an input goes under ``results/`` (without ``.json``): its relative path,
    extension kept, so ``report.md`` and ``report.txt`` or ``sub/x.md`` and ``sub__x.md`` never share
    a result; a name too long for the file system is shortened with a hash of the whole path."""
    from extractor.writers import fit_name

    *folders, name = PurePosixPath(rel).parts
    return "/".join((*folders, fit_name(name, rel)))


def result_names(rels: Iterable[str]) -> dict[str, str]:
    """``result_name`` of each input, made unique even where the file system ignores case."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for rel in rels:
        name = result_name(rel)
        if name.casefold() in taken:
            digest = hashlib.sha256(os.fsencode(rel)).hexdigest()[:8]
            name = f"{name}~{digest}"
        taken.add(name.casefold())
        names[rel] = name
    return names


def read_manifest(outdir: Path) -> dict[str, ManifestEntry]:
    """Last entry per file; a torn last line from a killed run is ignored."""
    path = outdir / MANIFEST
    entries: dict[str, ManifestEntry] = {}
    if not path.exists():
        return entries
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            data = json.loads(line)
            entries[data["file"]] = ManifestEntry(**data)
        except (json.JSONDecodeError, TypeError, KeyError):
            log.warning("%s: skipping an unreadable manifest line", path)
    return entries


def _rewrite_manifest(outdir: Path, entries: Iterable[ManifestEntry]) -> None:
    """Start the manifest afresh with the readable entries (drops a line torn by a kill)."""
    from extractor.writers import atomic_writer

    with atomic_writer(outdir / MANIFEST) as fh:
        for entry in entries:
            fh.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")


def _append_manifest(outdir: Path, entry: ManifestEntry) -> None:
    from extractor.writers import output_error

    try:
        with (outdir / MANIFEST).open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise output_error(exc, outdir / MANIFEST) from None


LOCK = ".lakip.lock"


@contextmanager
def _locked(outdir: Path) -> Iterator[None]:
    """One batch at a time per output folder: two would drop each other's manifest lines.

    An advisory ``flock`` on a file in the folder; the kernel releases it when the process dies,
    so a killed run never leaves a stale lock behind."""
    import fcntl

    from extractor.writers import output_error

    try:
        outdir.mkdir(parents=True, exist_ok=True)
        fd = os.open(outdir / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise output_error(exc, outdir) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusyError(
                "another `lakip batch` is writing into this folder; wait for it or choose another --out",
                path=str(outdir),
            ) from None
        yield
    finally:
        os.close(fd)


def _entry(job: Job, outdir: str | Path) -> ManifestEntry:
    """The manifest entry of a job that ended (extracted, failed, timed out, or its worker died)."""
    ended = outcome(job)
    if ended.summary is None:
        code = int(ended.code)
        return ManifestEntry(job.rel, ended.digest, "failed", code, ended.error, ended.seconds, None, None, None)
    status, code, error, pages, kind, n_ind, n_bud, n_flags, warning, digest = ended.summary
    written = job.out_json.exists() and pages is not None
    output = str(job.out_json.relative_to(outdir)) if written else None
    return ManifestEntry(
        job.rel, digest, status, code, error, ended.seconds, pages, kind, output, n_ind, n_bud, n_flags, warning
    )


def _out_json(outdir: str | Path, rel: str, name: str | None) -> Path:
    return Path(outdir) / RESULTS / f"{name or result_name(rel)}.json"


def process_one(
    path: str,
    rel: str,
    outdir: str,
    settings: Any,
    timeout_s: float,
    csv: bool = False,
    name: str | None = None,
    stop: threading.Event | None = None,
) -> ManifestEntry | None:
    """Extract one file in this thread's long-lived worker process (``bulk_workers``); a crash or a
    timeout fails this file only.

    Returns None, having killed the worker, when ``stop`` is set (the batch was interrupted): an
    unfinished file is not recorded, so a resumed run extracts it."""
    job = thread_pool().start(path, rel, _out_json(outdir, rel, name), settings, timeout_s, csv)
    while not job.future.done():
        if stop is not None and stop.is_set():
            drop_thread_pool()
            return None
        wait([job.future], timeout=0.2)
    return _entry(job, outdir)


ProgressFn = Callable[[ManifestEntry, int, int], None]


def run_batch(
    input_dir: Path,
    outdir: Path,
    settings: Any = None,
    batch: BatchSettings | None = None,
    progress: ProgressFn | None = None,
) -> BatchResult:
    """Extract every supported file below ``input_dir`` into ``outdir`` and combine the results.

    With ``resume``, a file is extracted again when its bytes changed since the manifest recorded
    it, or when it failed (unless ``retry_failed`` is off)."""
    from extractor.pipeline import ExtractSettings

    settings = settings or ExtractSettings()
    batch = batch or BatchSettings()
    files = discover(input_dir)
    with _locked(outdir):
        return _run_locked(input_dir, outdir, files, settings, batch, progress)


def _is_done(prior: ManifestEntry | None, path: Path, outdir: Path, batch: BatchSettings) -> bool:
    """Whether a resumed run may keep an earlier entry: same bytes, result still there, and not a
    failure to retry."""
    if prior is None or (prior.status == "failed" and batch.retry_failed):
        return False
    if prior.output is not None and not (outdir / prior.output).exists():
        return False
    try:
        return prior.sha256 is not None and sha256_file(path) == prior.sha256
    except OSError:
        return False


def _run_locked(
    input_dir: Path,
    outdir: Path,
    files: list[Path],
    settings: Any,
    batch: BatchSettings,
    progress: ProgressFn | None,
) -> BatchResult:
    from extractor.combine import write_combined

    done = read_manifest(outdir) if batch.resume else {}
    rels = {path: path.relative_to(input_dir).as_posix() for path in files}
    names = result_names(rels.values())
    todo = []
    for path, rel in rels.items():
        if not _is_done(done.get(rel), path, outdir, batch):
            todo.append((str(path), rel, names[rel]))
    pending = {r for _, r, _ in todo}
    entries: list[ManifestEntry] = [e for rel, e in done.items() if rel not in pending]
    _rewrite_manifest(outdir, entries)
    skipped = len(files) - len(todo)

    def record(entry: ManifestEntry) -> None:
        _append_manifest(outdir, entry)
        entries.append(entry)
        if progress:
            progress(entry, len(entries) - kept, len(todo))

    kept = len(entries)

    _execute(todo, outdir, settings, batch, record)
    entries.sort(key=lambda e: e.file)
    write_combined(outdir, entries)
    return BatchResult(tuple(entries), skipped, outdir)


def _execute(
    todo: list[tuple[str, str, str]],
    outdir: Path,
    settings: Any,
    batch: BatchSettings,
    record: Callable[[ManifestEntry], None],
) -> None:
    """Run every file, recording each as it finishes. On an interrupt (Ctrl-C) nothing more is
    scheduled, running extractions are killed, what finished is recorded, and the interrupt goes
    on to the caller."""
    if not todo:
        return
    if batch.scheduler:
        _execute_dask(todo, outdir, settings, batch, record)
        return
    pool = FilePool(batch.workers)
    queue = iter(todo)
    running: dict[Future[Summary], Job] = {}
    try:
        while True:
            for path, rel, name in islice(queue, batch.workers - len(running)):
                job = pool.start(path, rel, _out_json(outdir, rel, name), settings, batch.timeout_s, batch.csv)
                running[job.future] = job
            if not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: running[f].started):
                record(_entry(running.pop(future), outdir))
    finally:
        # interrupted: what ended while the interrupt was being handled is recorded; the rest is
        # killed unrecorded, so a resumed run extracts it
        for future in [f for f in running if f.done()]:
            record(_entry(running.pop(future), outdir))
        pool.close()


RemoteResult = tuple[ManifestEntry | None, dict[str, bytes]]


def process_remote(
    data: bytes,
    rel: str,
    name: str,
    settings: Any,
    timeout_s: float,
    csv: bool,
    catalogue: tuple[str, bytes] | None = None,
) -> RemoteResult:
    """``process_one`` on a worker that shares no folder with the client: the input arrives as
    bytes, is extracted in a private temporary folder, and the result files go back as bytes for
    the client to write."""
    import tempfile
    from dataclasses import replace

    with tempfile.TemporaryDirectory(prefix="lakip-worker-") as work:
        root = Path(work)
        source = root / "in" / PurePosixPath(rel).name  # the name the result records, as locally
        source.parent.mkdir()
        source.write_bytes(data)
        if catalogue is not None:  # the client's --catalogue file, which the worker cannot see
            local = root / f"catalogue{PurePosixPath(catalogue[0]).suffix}"
            local.write_bytes(catalogue[1])
            settings = replace(settings, catalogue=local)
        out = root / "out"
        entry = process_one(str(source), rel, str(out), settings, timeout_s, csv, name)
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    return entry, files


def _store(outdir: Path, result: RemoteResult) -> ManifestEntry | None:
    """Write a worker's result files into the output folder (atomically, as a local run would)."""
    from extractor.writers import atomic_writer

    entry, files = result
    for relative, content in files.items():
        with atomic_writer(outdir / relative, "wb") as fh:
            fh.write(content)
    return entry


def _execute_dask(
    todo: list[tuple[str, str, str]],
    outdir: Path,
    settings: Any,
    batch: BatchSettings,
    record: Callable[[ManifestEntry], None],
) -> None:
    """``process_remote`` on Dask workers (a LocalCluster for ``local``). Workers need no access
    to the input or output folders: the client reads each input, sends its bytes, and writes the
    results it gets back. Two files per worker thread are in flight, so the client never holds
    the whole input folder in memory."""
    import dask
    from distributed import Client, LocalCluster
    from distributed import as_completed as dask_completed

    catalogue = None
    if settings.catalogue is not None:
        catalogue = (Path(settings.catalogue).name, Path(settings.catalogue).read_bytes())
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = None
        if batch.scheduler == "local":
            cluster = LocalCluster(
                n_workers=batch.workers,
                threads_per_worker=1,
                host="127.0.0.1",
                dashboard_address=None,
                processes=True,
            )
            client = Client(cluster)
        else:
            client = Client(batch.scheduler)
        queue = iter(todo)
        running = dask_completed()
        submitted: list[Any] = []

        def submit_next() -> bool:
            """Send the next readable input; False when none is left."""
            for path, rel, name in queue:
                try:
                    data = Path(path).read_bytes()
                except OSError as exc:
                    code = int(ExitCode.INPUT_NOT_FOUND)
                    record(ManifestEntry(rel, None, "failed", code, f"{rel}: {exc}", 0.0, None, None, None))
                    continue
                args = (data, rel, name, settings, batch.timeout_s, batch.csv, catalogue)
                submitted.append(client.submit(process_remote, *args, pure=False))
                running.add(submitted[-1])
                return True
            return False

        def top_up() -> None:
            """Two files in flight per worker thread (workers may join while the batch runs)."""
            while running.count() < max(2 * sum(client.nthreads().values()), 2) and submit_next():
                pass

        try:
            top_up()
            for future in running:
                entry = _store(outdir, future.result())
                if entry is not None:
                    record(entry)
                top_up()
        finally:
            client.cancel([f for f in submitted if not f.done()])
            client.close()
            if cluster is not None:
                cluster.close()
