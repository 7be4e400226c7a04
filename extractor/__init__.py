"""lakip: Indonesian government performance reports (LAKIP / LKjIP) into auditable data.

``extract(path)`` returns a typed ``Document`` for one report; ``batch(input_dir, outdir)`` runs a
folder with per-file isolation and resumability. Imports are lazy so ``import extractor`` is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.bulk import run_batch as batch
    from extractor.pipeline import extract

__all__ = ["batch", "extract"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "extract":
        from extractor.pipeline import extract

        return extract
    if name == "batch":
        from extractor.bulk import run_batch

        return run_batch
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
