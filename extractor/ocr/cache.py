"""On-disk cache of OCR results, keyed by the page image itself.

OCR is the slowest stage by far; re-running a report after a fix in a later stage should not
re-read its scans. Keys hash the rendered pixels together with everything that changes the
result (engine, its version, language, page segmentation mode, resolution), so a stale entry
cannot be hit. Entries are small JSON files written atomically (temporary file, then
``os.replace``), which makes concurrent writers from several worker processes safe: a reader
sees either no file or a complete one, and the last identical write wins.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import astuple
from pathlib import Path
from typing import Any

import numpy as np

from extractor.models import Segment, Word

log = logging.getLogger(__name__)

CACHE_FORMAT = 25  # bump when the stored layout, the image preparation or the re-read rules change
ENV_VAR = "LAKIP_CACHE_DIR"
OFF = "off"


def default_cache_dir(setting: Path | str | None) -> Path | None:
    """The directory to use: the setting, else $LAKIP_CACHE_DIR, else ~/.cache/lakip/ocr; "off" disables."""
    if setting is None:
        setting = os.environ.get(ENV_VAR) or Path.home() / ".cache" / "lakip" / "ocr"
    if str(setting).strip().lower() == OFF:  # "off" or Path("off")
        return None
    return Path(setting).expanduser()


def image_digest(array: np.ndarray) -> str:
    """sha256 of an image's pixels, shape and type: equal digests mean equal OCR input."""
    digest = hashlib.sha256()
    digest.update(f"{array.shape}|{array.dtype}|".encode())
    digest.update(np.ascontiguousarray(array).data)
    return digest.hexdigest()


def cache_key(*parts: object) -> str:
    """One key from several parts (strings, numbers, tuples), order-sensitive."""
    return hashlib.sha256("\x1f".join(repr(p) for p in parts).encode()).hexdigest()


def words_to_json(words: Iterable[Word]) -> list[list[Any]]:
    """Compact rows; floats are kept exact so a cached page equals a freshly read one."""
    return [[w.line, w.word, w.text, w.conf, w.x0, w.top, w.x1, w.bottom] for w in words]


def words_from_json(rows: Sequence[Sequence[Any]], page: int) -> tuple[Word, ...]:
    return tuple(
        Word(
            page,
            int(r[0]),
            int(r[1]),
            str(r[2]),
            float(r[3]),
            float(r[4]),
            float(r[5]),
            float(r[6]),
            float(r[7]),
        )
        for r in rows
    )


def segments_to_json(segments: Iterable[Segment]) -> list[list[float]]:
    return [list(astuple(s)) for s in segments]


def segments_from_json(rows: Sequence[Sequence[Any]]) -> tuple[Segment, ...]:
    return tuple(Segment(float(r[0]), float(r[1]), float(r[2]), float(r[3])) for r in rows)


class OcrCache:
    """Get/put JSON values by key; a disabled cache (``directory=None``) always misses.

    ``hits`` and ``misses`` count lookups in this process, for reports and tests.
    """

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.hits = 0
        self.misses = 0
        self._warned = False

    @property
    def enabled(self) -> bool:
        return self.directory is not None

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        if self.directory is None:
            return None
        path = self._path(key)
        try:
            with path.open(encoding="utf-8") as handle:
                entry = json.load(handle)
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable OCR cache entry %s: %s", path, exc)
            self.misses += 1
            return None
        if not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT or entry.get("key") != key:
            self.misses += 1
            return None
        self.hits += 1
        return entry.get("value")

    def put(self, key: str, value: Any) -> None:
        if self.directory is None:
            return
        path = self._path(key)
        tmp_name = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, prefix=".tmp-", suffix=".json", delete=False
            ) as handle:
                tmp_name = handle.name
                json.dump({"format": CACHE_FORMAT, "key": key, "value": value}, handle, ensure_ascii=False)
            os.replace(tmp_name, path)
            tmp_name = None
        except OSError as exc:
            if not self._warned:
                log.warning(
                    "OCR cache %s is not writable (%s); continuing without caching", self.directory, exc
                )
                self._warned = True
        finally:
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)
