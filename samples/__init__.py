"""Sample LAKIP reports rendered from gold annotations, with truth files, defects and scans.

Used by tests and benchmarks as realistic inputs whose every printed value and page is known.
Imports are lazy so ``python -m samples.generate`` does not load its own module twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samples.generate import render_report
    from samples.scan import make_scan
    from samples.truth import Truth

__all__ = ["Truth", "make_scan", "render_report"]


def __getattr__(name: str) -> Any:
    if name == "render_report":
        from samples.generate import render_report

        return render_report
    if name == "make_scan":
        from samples.scan import make_scan

        return make_scan
    if name == "Truth":
        from samples.truth import Truth

        return Truth
    raise AttributeError(f"module 'samples' has no attribute {name!r}")
