"""Stage "review": a person checks doubtful rows beside their page and corrects them.

Modules depend one way only: store (row ids, the ``<name>.review.json`` file, applying corrections
to a result) <- document (the same corrections on an extraction's records, before the pipeline's
audit) and queue (rows ordered by doubt) <- crops (page images and source lines) <- exports
(rewrite the per-file and combined outputs) <- app (the local web app). Every export reads a result
through ``store.apply_review`` (``lakip audit`` through ``document``), so a correction made once
reaches every file lakip writes.
"""

from extractor.review.store import (
    REVIEW_SUFFIX,
    Correction,
    Review,
    apply_review,
    load_review,
    review_path,
    row_ids,
    stale_rows,
)

__all__ = [
    "REVIEW_SUFFIX",
    "Correction",
    "Review",
    "apply_review",
    "load_review",
    "review_path",
    "row_ids",
    "stale_rows",
]
