"""What a degraded copy will be: the kind, its resolution and its ink, drawn from one seed.

Three kinds, as reports reach an archive (issue 18):

- ``photocopy``: 150 dpi grey, the paper grey, speckle, blur, toner streaks, 1-3 degrees of skew
  that differs page by page, sometimes the copier's dark lid showing where the page is turned;
- ``phone``: a colour photo of each page, ~135 dpi on the page, the desk around it, a shadow under
  the page, a 1-3% perspective keystone, uneven light and vignetting, a colour cast;
- ``fax``: 100-120 dpi, 1-bit, thin strokes broken, a few dropped or smeared scan lines.

Any kind may also carry round stamps (blue, purple or grey) over table rows or headers, signatures
(Bezier strokes in blue or black), and landscape pages turned a quarter, as a sheet fed upright.
Everything random comes from ``numpy.random.default_rng`` seeded with (seed, kind), so one seed and
kind always give the same file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

Kind = Literal["photocopy", "phone", "fax"]
KINDS: tuple[Kind, ...] = ("photocopy", "phone", "fax")
InkMode = Literal["none", "auto", "heavy"]

PHOTOCOPY_DPI = 150
PHONE_DPI = (125, 145)  # effective resolution on the page
FAX_DPI = (100, 120)
SKEW_DEGREES = (1.0, 3.0)  # photocopy: magnitude per page, either sign
FAX_SKEW_DEGREES = 0.8
KEYSTONE = (0.01, 0.03)  # phone: the short edge is this share narrower than the long one

STAMP_INKS: dict[str, tuple[int, int, int]] = {
    "blue": (40, 70, 190),
    "purple": (120, 50, 150),
    "grey": (95, 95, 100),
}
SIGNATURE_INKS: dict[str, tuple[int, int, int]] = {"blue": (25, 45, 160), "black": (25, 25, 30)}


def kind_index(kind: str) -> int:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    return KINDS.index(kind)


def rng_for(seed: int, kind: str, stream: int = 0) -> np.random.Generator:
    """The generator of one (seed, kind); ``stream`` separates independent draws (ink, pages)."""
    return np.random.default_rng([seed, kind_index(kind), stream])


@dataclass(frozen=True)
class DegradeSpec:
    """One document's degradation; per-page parameters are drawn while the pages are made."""

    kind: Kind
    seed: int
    dpi: int  # output resolution (for phone: effective resolution on the page)
    stamps: int  # round stamps over the document's tables
    signatures: int
    turn_landscape: bool  # landscape pages are turned a quarter, as fed upright
    jpeg_quality: tuple[int, int]  # inclusive range per page; (0, 0) for the 1-bit fax

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "seed": self.seed,
            "dpi": self.dpi,
            "stamps": self.stamps,
            "signatures": self.signatures,
            "turn_landscape": self.turn_landscape,
            "jpeg_quality": list(self.jpeg_quality),
        }


def draw_spec(seed: int, kind: str, *, ink: InkMode = "auto") -> DegradeSpec:
    """The degradation of (seed, kind): resolution from the kind's range, ink from ``ink``
    (``auto``: a stamp on about two files in three, a signature on about half; ``heavy``: 2-3
    stamps and a signature; ``none``: neither)."""
    if ink not in ("none", "auto", "heavy"):
        raise ValueError(f"ink must be none, auto or heavy, not {ink!r}")
    rng = rng_for(seed, kind)
    k: Kind = KINDS[kind_index(kind)]
    if k == "photocopy":
        dpi, quality = PHOTOCOPY_DPI, (55, 75)
    elif k == "phone":
        dpi, quality = int(rng.integers(PHONE_DPI[0], PHONE_DPI[1] + 1)), (70, 88)
    else:
        dpi, quality = int(rng.integers(FAX_DPI[0], FAX_DPI[1] + 1)), (0, 0)
    stamp_draw, sign_draw, turn_draw = rng.random(3)
    if ink == "none":
        stamps, signatures = 0, 0
    elif ink == "heavy":
        stamps, signatures = 2 + int(stamp_draw < 0.5), 1
    else:
        stamps = 0 if stamp_draw < 0.35 else 1 if stamp_draw < 0.8 else 2
        signatures = int(sign_draw < 0.5)
    return DegradeSpec(k, seed, dpi, stamps, signatures, bool(turn_draw < 0.3), quality)
