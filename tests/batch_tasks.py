"""Tasks a batch worker runs in tests (``FilePool.start(task=...)``): importable by the worker."""

from __future__ import annotations

import os
import time
from typing import Any

from extractor.bulk_workers import Summary, extract_file


def slow_or_crashing(path: str, out_json: str, settings: Any, csv: bool) -> Summary:
    """Sleeps past any limit for a file named slow*, kills its worker for crash*, else extracts."""
    name = os.path.basename(path)
    if name.startswith("slow"):
        time.sleep(60)
    if name.startswith("crash"):
        os._exit(3)
    return extract_file(path, out_json, settings, csv)


def worker_pid(path: str, out_json: str, settings: Any, csv: bool) -> Summary:
    """The worker's process id as the summary's kind: which process ran the file."""
    return ("ok", 0, None, 1, str(os.getpid()), 0, 0, 0, None, None)
