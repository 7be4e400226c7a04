"""Stamps and signatures: where they go on a born-digital page, and their ink on its image.

Places are found from the PDF's own words (pdfplumber): a *figure row* is a text line with two or
more figures, a table's *header* is the line just above its first figure row. A stamp goes over a
table's last figure rows or over its header, as a unit's cap lands beside the signature block or on
the top of a table; a signature goes beside the first stamp, or in the free space at the foot of the
last page. Positions are PDF points with a top-left origin on the source page, as truth bboxes are;
the ink is drawn by multiplying the page colour, as ink over toner does.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from samples.degrade.spec import SIGNATURE_INKS, STAMP_INKS

_FIGURE = re.compile(r"^(?:rp\.?)?[\d.,]+%?$|^\d[\d.,]*\s*%$", re.I)
STAMP_RADIUS_PT = (46.0, 58.0)  # 3.2-4.1 cm across, as office stamps are
_STAMP_TEXT = "KOMISI PEMILIHAN UMUM * KABUPATEN * "


@dataclass(frozen=True)
class Line:
    """One text line of a source page: its words' box and text, and whether it holds figures."""

    page: int  # 1-based
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    figures: tuple[tuple[float, float], ...]  # x-centre, y-centre of each figure word


@dataclass(frozen=True)
class Stamp:
    page: int
    x: float  # centre, PDF points from the left
    y: float  # centre, PDF points from the top
    radius: float
    ink: str  # blue | purple | grey
    over: str  # rows | header
    angle: float  # degrees the ring text is turned
    covers: tuple[str, ...]  # the text of the lines the disc touches

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "center_pt": [round(self.x, 1), round(self.y, 1)],
            "radius_pt": round(self.radius, 1),
            "ink": self.ink,
            "over": self.over,
            "angle": round(self.angle, 1),
            "covers": list(self.covers),
        }


@dataclass(frozen=True)
class Signature:
    page: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
    ink: str  # blue | black
    strokes: int
    width_pt: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "bbox_pt": [round(v, 1) for v in self.bbox],
            "ink": self.ink,
            "strokes": self.strokes,
            "width_pt": round(self.width_pt, 2),
        }


def page_lines(pdf: Path) -> list[list[Line]]:
    """The text lines of every page of a born-digital PDF (an image-only page has none)."""
    import pdfplumber

    pages: list[list[Line]] = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
            rows: dict[int, list[dict[str, Any]]] = {}
            for w in sorted(words, key=lambda w: (float(w["top"]), float(w["x0"]))):
                key = next((k for k in rows if abs(k - float(w["top"])) <= 2.5), round(float(w["top"])))
                rows.setdefault(key, []).append(w)
            lines = []
            for ws in rows.values():
                figures = tuple(
                    ((float(w["x0"]) + float(w["x1"])) / 2, (float(w["top"]) + float(w["bottom"])) / 2)
                    for w in ws
                    if _FIGURE.match(w["text"]) and any(c.isdigit() for c in w["text"])
                )
                lines.append(
                    Line(
                        number,
                        min(float(w["x0"]) for w in ws),
                        min(float(w["top"]) for w in ws),
                        max(float(w["x1"]) for w in ws),
                        max(float(w["bottom"]) for w in ws),
                        " ".join(w["text"] for w in sorted(ws, key=lambda w: float(w["x0"]))),
                        figures,
                    )
                )
            pages.append(sorted(lines, key=lambda ln: ln.top))
    return pages


def _targets(lines: list[Line]) -> list[tuple[str, Line, float]]:
    """(over, line, x) candidates on one page: the last figure rows of each run of figure rows,
    and the header line just above each run's first one."""
    out: list[tuple[str, Line, float]] = []
    run: list[Line] = []

    def close() -> None:
        if len(run) >= 2:
            for ln in run[-2:]:
                out.append(("rows", ln, ln.figures[len(ln.figures) // 2][0]))
            first = lines.index(run[0])
            if first > 0:
                head = lines[first - 1]
                out.append(("header", head, (head.x0 + head.x1) / 2))
        run.clear()

    for ln in lines:
        if len(ln.figures) >= 2:
            run.append(ln)
        else:
            close()
    close()
    return out


def place_stamps(
    lines: list[list[Line]], sizes: list[tuple[float, float]], count: int, rng: np.random.Generator
) -> list[Stamp]:
    """``count`` stamps on distinct table places (at most one per page while pages last)."""
    candidates = [(p, t) for p, page in enumerate(lines) for t in _targets(page)]
    if not candidates or count <= 0:
        return []
    order = rng.permutation(len(candidates))
    stamps: list[Stamp] = []
    used_pages: set[int] = set()
    for i in order:
        if len(stamps) == count:
            break
        p, (over, line, x) = candidates[int(i)]
        if p in used_pages and len(used_pages) < len(lines):
            continue
        width, height = sizes[p]
        radius = float(rng.uniform(*STAMP_RADIUS_PT))
        cx = float(np.clip(x + rng.normal(0, radius * 0.3), radius * 0.6, width - radius * 0.6))
        cy = (line.top + line.bottom) / 2 + float(rng.normal(0, 4.0))
        if over == "rows":  # a cap on the bottom rows sits low on them
            cy += radius * float(rng.uniform(0.1, 0.5))
        cy = float(np.clip(cy, radius * 0.6, height - radius * 0.6))
        covers = tuple(
            ln.text
            for ln in lines[p]
            if ln.top < cy + radius and ln.bottom > cy - radius and _near(ln, cx, radius)
        )
        ink = str(rng.choice(list(STAMP_INKS)))
        stamps.append(Stamp(p + 1, cx, cy, radius, ink, over, float(rng.uniform(0, 360)), covers))
        used_pages.add(p)
    return stamps


def _near(line: Line, cx: float, radius: float) -> bool:
    return line.x0 < cx + radius and line.x1 > cx - radius


def place_signatures(
    lines: list[list[Line]],
    sizes: list[tuple[float, float]],
    stamps: list[Stamp],
    count: int,
    rng: np.random.Generator,
) -> list[Signature]:
    """Beside a stamp (overlapping it, as a signature under a cap does), else at the foot of the
    last page that has room, else over the last lines of the last page."""
    out: list[Signature] = []
    for k in range(count):
        w, h = float(rng.uniform(90, 150)), float(rng.uniform(30, 48))
        stroke = float(rng.uniform(0.7, 1.2))
        ink = str(rng.choice(list(SIGNATURE_INKS)))
        strokes = int(rng.integers(3, 7))
        if k < len(stamps):
            s = stamps[k]
            x0 = s.x - w * float(rng.uniform(0.2, 0.8))
            top = s.y - h * float(rng.uniform(0.2, 0.8))
            page = s.page
        else:
            page = len(lines)
            width, height = sizes[page - 1]
            bottom = max((ln.bottom for ln in lines[page - 1]), default=height * 0.5)
            x0 = width * float(rng.uniform(0.5, 0.62))
            top = bottom + 12 if bottom + 12 + h < height - 30 else bottom - h * 0.8
        width, height = sizes[page - 1]
        x0 = float(np.clip(x0, 10, width - w - 10))
        top = float(np.clip(top, 10, height - h - 10))
        out.append(Signature(page, (x0, top, x0 + w, top + h), ink, strokes, stroke))
    return out


def _ring_text(mask: np.ndarray, cx: float, cy: float, radius: float, angle: float, size: float) -> None:
    """Letters around a ring, each turned to face the centre."""
    n = len(_STAMP_TEXT)
    box = int(size * 2.2) + 2
    for i, ch in enumerate(_STAMP_TEXT):
        if ch == " ":
            continue
        theta = math.radians(angle + 360.0 * i / n)
        patch = np.zeros((box, box), np.uint8)
        scale = size / 22.0
        (tw, th), _ = cv2.getTextSize(ch, cv2.FONT_HERSHEY_SIMPLEX, scale, 1)
        org = ((box - tw) // 2, (box + th) // 2)
        cv2.putText(patch, ch, org, cv2.FONT_HERSHEY_SIMPLEX, scale, 255, max(1, int(size / 9)), cv2.LINE_AA)
        turn = cv2.getRotationMatrix2D((box / 2, box / 2), -math.degrees(theta) - 90, 1.0)
        turned = np.asarray(cv2.warpAffine(patch, turn, (box, box)), np.uint8)
        px = round(cx + radius * math.cos(theta) - box / 2)
        py = round(cy + radius * math.sin(theta) - box / 2)
        _max_into(mask, turned, px, py)


def _max_into(mask: np.ndarray, patch: np.ndarray, x: int, y: int) -> None:
    h, w = patch.shape
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, mask.shape[1]), min(y + h, mask.shape[0])
    if x0 >= x1 or y0 >= y1:
        return
    region = mask[y0:y1, x0:x1]
    np.maximum(region, patch[y0 - y : y1 - y, x0 - x : x1 - x], out=region)


def _patchy(shape: tuple[int, int], rng: np.random.Generator, low: float, cells: int = 12) -> np.ndarray:
    """A smooth random field in [low, 1]: ink that took unevenly."""
    coarse = rng.uniform(low, 1.0, (cells, cells)).astype(np.float32)
    field = cv2.resize(coarse, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)
    return np.clip(field, low, 1.0)


def stamp_mask(shape: tuple[int, int], stamp: Stamp, ppp: float, rng: np.random.Generator) -> np.ndarray:
    """The stamp's ink coverage (0-1) on a page image of ``shape`` at ``ppp`` pixels per point."""
    mask = np.zeros(shape, np.uint8)
    cx, cy, r = stamp.x * ppp, stamp.y * ppp, stamp.radius * ppp
    thick = max(2, round(2.2 * ppp))
    cv2.circle(mask, (round(cx), round(cy)), round(r), 255, thick, cv2.LINE_AA)
    cv2.circle(mask, (round(cx), round(cy)), round(r * 0.93), 255, max(1, thick // 2), cv2.LINE_AA)
    cv2.circle(mask, (round(cx), round(cy)), round(r * 0.6), 255, max(1, thick // 2), cv2.LINE_AA)
    _ring_text(mask, cx, cy, r * 0.77, stamp.angle, r * 0.2)
    for dy, word in ((-0.22, "KPU"), (0.05, "KAB."), (0.3, "* * *")):  # the emblem's lines
        scale = r / 100.0
        (tw, th), _ = cv2.getTextSize(word, cv2.FONT_HERSHEY_SIMPLEX, scale, 1)
        org = (round(cx - tw / 2), round(cy + dy * r + th / 2))
        cv2.putText(mask, word, org, cv2.FONT_HERSHEY_SIMPLEX, scale, 255, max(1, thick - 1), cv2.LINE_AA)
    soft = cv2.GaussianBlur(mask.astype(np.float32) / 255.0, (0, 0), 0.6 * ppp)
    return np.clip(soft * 1.3, 0, 1) * _patchy(shape, rng, 0.45)


def _bezier(p: np.ndarray, steps: int = 40) -> np.ndarray:
    t = np.linspace(0.0, 1.0, steps)[:, None]
    return (1 - t) ** 3 * p[0] + 3 * (1 - t) ** 2 * t * p[1] + 3 * (1 - t) * t**2 * p[2] + t**3 * p[3]


def signature_mask(
    shape: tuple[int, int], sig: Signature, ppp: float, rng: np.random.Generator
) -> np.ndarray:
    """Joined random cubic Bezier strokes across the signature's box, then a flourish under it."""
    mask = np.zeros(shape, np.float32)
    x0, top, x1, bottom = (v * ppp for v in sig.bbox)
    w, h = x1 - x0, bottom - top
    thick = max(1, round(sig.width_pt * ppp))
    point = np.array([x0, top + h * rng.uniform(0.3, 0.7)])
    for s in range(sig.strokes):
        step = w / sig.strokes
        end = np.array([x0 + step * (s + 1), top + h * rng.uniform(0.1, 0.9)])
        controls = [point + rng.normal(0, [step * 0.8, h * 0.6]), end + rng.normal(0, [step * 0.8, h * 0.6])]
        curve = _bezier(np.array([point, *controls, end]))
        cv2.polylines(mask, [np.round(curve).astype(np.int32)], False, 1.0, thick, cv2.LINE_AA)
        point = end
    flourish = np.array(
        [
            [x0 + w * 0.05, bottom - h * 0.1],
            [x0 + w * 0.4, bottom + h * 0.1],
            [x0 + w * 0.7, bottom - h * 0.3],
            [x1, bottom - h * 0.15],
        ]
    )
    cv2.polylines(mask, [np.round(_bezier(flourish)).astype(np.int32)], False, 1.0, thick, cv2.LINE_AA)
    return mask * _patchy(shape, rng, 0.7, cells=6)


def apply_ink(rgb: np.ndarray, mask: np.ndarray, colour: tuple[int, int, int], strength: float) -> np.ndarray:
    """Ink of ``colour`` multiplied onto the page where ``mask`` covers it."""
    ink = np.asarray(colour, np.float32) / 255.0
    cover = (mask * strength)[..., None]
    out = rgb.astype(np.float32) * (1.0 - cover * (1.0 - ink))
    return np.clip(out, 0, 255).astype(np.uint8)


def ink_page(
    rgb: np.ndarray,
    ppp: float,
    stamps: list[Stamp],
    signatures: list[Signature],
    rng: np.random.Generator,
) -> np.ndarray:
    """A rendered page with its signatures and stamps (stamps last: a cap goes over the signature)."""
    shape = rgb.shape[:2]
    for sig in signatures:
        rgb = apply_ink(rgb, signature_mask(shape, sig, ppp, rng), SIGNATURE_INKS[sig.ink], 0.95)
    for stamp in stamps:
        strength = float(rng.uniform(0.65, 0.9))
        rgb = apply_ink(rgb, stamp_mask(shape, stamp, ppp, rng), STAMP_INKS[stamp.ink], strength)
    return rgb
