"""Restoring degraded page images before preparation: what the picture says is undone.

Reports reach an archive as phone photos (the page on a desk, in perspective, under a colour
cast), photocopies (grey paper, speckle) and faxes (1-bit at 100-120 dpi, strokes broken). Each
step here is driven by a property measured on the image itself, never by where it came from:

- ``paper_quad``: the sheet's four edges, found as the one large convex outline in an edge map
  once text is closed away; ``flatten_page`` warps the sheet to a rectangle, so the desk, its
  shadow and the keystone are gone before deskew and ruling lines are looked for;
- ``drop_colour_ink``: stamps and signatures in coloured ink (blue, purple) are removed by
  colour separation: each channel divided by its own paper estimate (which also undoes a colour
  cast), then pixels whose channels spread apart are paper unless dark in every channel (black
  text under a stamp stays);
- ``is_bilevel`` / ``smooth_bilevel``: a 1-bit page is closed and blurred at its own resolution
  before it is enlarged, so broken strokes join and Tesseract gets grey edges to read;
- ``speck_mask``: ink components far smaller than a glyph and far from any glyph (photocopier
  speckle, fax specks) are painted out; ``stray_marks``: on a speckled copy, small solid marks
  beside text that sit where no punctuation or i's dot does (before a number, at mid-height) too.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from extractor.ocr.streaks import even_streaks

__all__ = [
    "InkComponents",
    "RestoreSettings",
    "drop_colour_ink",
    "flatten_page",
    "glyph_scale",
    "glyph_scale_of",
    "is_bilevel",
    "label_ink",
    "outside_sheet",
    "paper_cutoff",
    "paper_quad",
    "restore_page",
    "smooth_bilevel",
    "speck_components",
    "speck_mask",
    "stray_marks",
    "to_grey",
    "visible_ink",
]


@dataclass(frozen=True)
class RestoreSettings:
    """Thresholds of the restoration steps, each a measured property of the image.

    ``quad_side``: the edge map's size (pixels, longer side); ``min_paper``: the smallest share of
    the picture a sheet may cover; ``max_corner_skew``: degrees a sheet's corner may differ from a
    right angle; ``chroma``: the spread between white-balanced channels (0-255) above which a pixel
    is coloured ink; ``dark``: a coloured pixel whose brightest balanced channel is below this is
    dark in every channel, i.e. text under the ink, and is kept; ``bilevel``: the share of pixels at
    pure black or white that makes an image 1-bit; ``speck_area``, ``speck_reach``,
    ``speck_line_reach``: a component smaller than ``speck_area`` glyph heights squared, with no
    glyph within ``speck_reach`` glyph heights above or below nor within ``speck_line_reach`` glyph
    heights along its line, is a speck (a typewriter font centres '.' and ',' in a glyph-wide cell,
    farther from its digits than a proportional font does); ``shade``: what lies outside the sheet (a copier's lid, a desk) is darker
    than this share of the paper's brightness. ``mark_*`` (``stray_marks``): a component at least
    ``mark_glyph`` glyph heights tall (and at most four), at most ``mark_long`` times as wide
    (a word melted together, not a rule) is a glyph; a smaller round one filling ``mark_fill`` of its
    box (a dot, not a small 'o') is a mark, and punctuation when it follows
    a glyph and sits beside one within ``mark_gap`` glyph heights with its centre between ``mark_baseline`` (shares of
    that glyph's height above and below its bottom), or a dot of a stack (an i's dot, a colon) when a
    glyph or another mark lies straight below it within ``mark_stack`` glyph heights.
    """

    quad_side: int = 800
    min_paper: float = 0.3
    max_corner_skew: float = 20.0
    chroma: float = 45.0
    dark: float = 110.0
    bilevel: float = 0.97
    speck_area: float = 0.12
    speck_reach: float = 0.4
    speck_line_reach: float = 1.2
    shade: float = 0.7
    mark_glyph: float = 0.5
    mark_fill: float = 0.6
    mark_long: float = 15.0
    mark_gap: float = 0.4
    mark_stack: float = 0.6
    mark_baseline: tuple[float, float] = (0.3, 0.25)

    def __post_init__(self) -> None:
        if not 200 <= self.quad_side <= 4000:
            raise ValueError(f"quad_side must be between 200 and 4000 pixels, got {self.quad_side}")
        if not 0 < self.min_paper < 1:
            raise ValueError(f"min_paper must be a share between 0 and 1, got {self.min_paper}")
        if not 0 < self.max_corner_skew < 45:
            raise ValueError(f"max_corner_skew must be between 0 and 45 degrees, got {self.max_corner_skew}")
        if not 0 < self.chroma < 255 or not 0 < self.dark < 255:
            raise ValueError("chroma and dark must be grey levels between 0 and 255")
        if not 0.5 < self.bilevel <= 1:
            raise ValueError(f"bilevel must be a share above 0.5, got {self.bilevel}")
        if min(self.speck_area, self.speck_reach, self.speck_line_reach) <= 0:
            raise ValueError("speck_area, speck_reach and speck_line_reach must be positive")
        if not 0 < self.shade < 1:
            raise ValueError(f"shade must be a share between 0 and 1, got {self.shade}")
        if not 0 < self.mark_glyph < 1 or not 0 < self.mark_fill < 1 or self.mark_long < 1 or min(self.mark_gap, self.mark_stack, *self.mark_baseline) <= 0:
            raise ValueError("mark_glyph and mark_fill must be shares, mark_long at least 1, the others positive")


DEFAULT = RestoreSettings()


def to_grey(image: Image.Image | np.ndarray) -> np.ndarray:
    """An 8-bit single-channel copy of a PIL image (alpha flattened onto white) or an array
    (colour arrays are taken in OpenCV's BGR order)."""
    if isinstance(image, Image.Image):
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            image = Image.alpha_composite(white, rgba)
        if image.mode in ("I;16", "I;16B", "I;16L", "I"):
            wide = np.asarray(image, dtype=np.float64)
            top = float(wide.max()) or 1.0
            return np.ascontiguousarray((wide * (255.0 / top)).astype(np.uint8))
        return np.ascontiguousarray(np.asarray(image.convert("L"), dtype=np.uint8))
    array = np.asarray(image)
    if array.ndim == 3:
        code = cv2.COLOR_BGRA2GRAY if array.shape[2] == 4 else cv2.COLOR_BGR2GRAY
        array = cv2.cvtColor(array, code)
    if array.dtype != np.uint8:
        array = np.clip(array, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(array)


def _small(image: np.ndarray, side: int) -> tuple[np.ndarray, float]:
    factor = min(1.0, side / max(image.shape[:2]))
    if factor >= 1.0:
        return image, 1.0
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA), factor


def _sheet_outline(grey: np.ndarray, side: int) -> tuple[np.ndarray, np.ndarray, float, np.ndarray] | None:
    """(largest outline's points, its hull, scale, the edge map's pixels as x, y, and the
    brightness gradient there as dx, dy) of the page with text closed away."""
    small, factor = _small(grey, side)
    small = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7)))
    small = cv2.GaussianBlur(small, (0, 0), 1.5)
    edges = cv2.Canny(small, 20, 50)
    thick = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(thick, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return None
    outline = max(contours, key=lambda c: cv2.contourArea(cv2.convexHull(c)))
    ys, xs = np.nonzero(edges)
    dx, dy = cv2.Sobel(small, cv2.CV_32F, 1, 0)[ys, xs], cv2.Sobel(small, cv2.CV_32F, 0, 1)[ys, xs]
    pixels = np.stack([xs, ys, dx, dy], axis=1).astype(np.float64)
    return outline.reshape(-1, 2).astype(np.float64), cv2.convexHull(outline), factor, pixels


def _side_line(points: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(point, direction) of the line fitted to the outline points along the side a-b."""
    d = b - a
    length = float(np.hypot(*d))
    normal = np.array([-d[1], d[0]]) / length
    t = (points - a) @ d / length**2
    near = (np.abs((points - a) @ normal) < 4) & (t > 0.1) & (t < 0.9)
    if near.sum() < 10:
        return None
    vx, vy, x0, y0 = cv2.fitLine(points[near].astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    return np.array([x0, y0], np.float64), np.array([vx, vy], np.float64)


SHADOW_DEPTH = 0.03  # share of a side: how far inside the outline the sheet's own edge may lie
EDGE_SUPPORT = 0.4  # share of a side's length an edge must run along to be the sheet's
EDGE_TURN = 3.0  # degrees the sheet's edge may turn from the outline's side
EDGE_WINDOWS = (3.0, 2.0)  # pixels of the edge map: the side refitted to the edge within each in turn


def _sheet_edge(
    edges: np.ndarray, line: tuple[np.ndarray, np.ndarray], a: np.ndarray, b: np.ndarray, centre: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The side's line on the sheet's own edge. A photo shows the page's shadow on the desk
    beside two of its edges: the outline then runs along the shadow's rim, outside the sheet,
    and bends into the shadow at the corner between them (so its side is turned too). Only edge
    pixels where the picture darkens outwards are the sheet's (the shadow's rim lightens
    towards the desk); the line moves to the one parallel to it, up to ``SHADOW_DEPTH`` inside,
    that most of them run along, if it runs along ``EDGE_SUPPORT`` of the side, and is refitted
    to them in narrowing windows."""
    point, direction = line
    length = float(np.hypot(*(b - a)))
    normal = np.array([-direction[1], direction[0]])
    if normal @ (centre - point) < 0:
        normal = -normal
    xy = edges[:, :2]
    sheet = (np.abs((xy - (a + b) / 2) @ direction) < 0.4 * length) & (edges[:, 2:] @ normal > 0)
    xy = xy[sheet]
    middle = point + float(((a + b) / 2 - point) @ direction) * direction
    depth = int(SHADOW_DEPTH * length)
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for turn in np.radians(np.arange(-EDGE_TURN, EDGE_TURN + 0.01, 0.25)):
        c, s = np.cos(turn), np.sin(turn)
        turned = np.array([c * normal[0] - s * normal[1], s * normal[0] + c * normal[1]])
        offset = (xy - middle) @ turned
        inside = offset[(offset > -2.5) & (offset <= depth)]
        if inside.size == 0:
            continue
        counts = np.bincount(np.round(inside + 3).astype(np.int64), minlength=depth + 6)
        support = np.convolve(counts, np.ones(3), mode="same")  # a pixel either side
        top = int(np.argmax(support))
        if best is None or support[top] > best[0]:
            best = (float(support[top]), middle + float(top - 3) * turned, turned)
    if best is None or best[0] < EDGE_SUPPORT * length:
        return line
    _, point, normal = best
    direction = np.array([normal[1], -normal[0]])
    for window in EDGE_WINDOWS:
        near = np.abs((xy - point) @ normal) < window
        if near.sum() < EDGE_SUPPORT * length:
            break
        vx, vy, x0, y0 = cv2.fitLine(xy[near].astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        point, direction = np.array([x0, y0], np.float64), np.array([vx, vy], np.float64)
        normal = np.array([-direction[1], direction[0]])
    return point, direction


def _corner_angles(quad: np.ndarray) -> np.ndarray:
    out = []
    for i in range(4):
        u, v = quad[i - 1] - quad[i], quad[(i + 1) % 4] - quad[i]
        cos = float(u @ v / max(np.hypot(*u) * np.hypot(*v), 1e-9))
        out.append(np.degrees(np.arccos(np.clip(cos, -1, 1))))
    return np.array(out)


def _ordered(quad: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    total, diff = quad.sum(axis=1), quad[:, 1] - quad[:, 0]
    return np.array([quad[np.argmin(total)], quad[np.argmin(diff)], quad[np.argmax(total)], quad[np.argmax(diff)]])


def paper_quad(grey: np.ndarray, settings: RestoreSettings = DEFAULT) -> np.ndarray | None:
    """The sheet's corners (TL, TR, BR, BL; pixels of ``grey``) when the picture shows a sheet on
    something else (a desk), else None.

    Text is closed away, edges are found on a small copy, and the largest outline must reduce to
    four corners near right angles, cover ``min_paper`` of the picture and lie inside it: a scan
    whose paper fills the frame has no such outline. Each side is then a line fitted to the
    outline's points along it, moved onto the sheet's own edge (``_sheet_edge``: not its
    shadow's), and the corners are where the lines meet.
    """
    found = _sheet_outline(grey, settings.quad_side)
    if found is None:
        return None
    points, hull, factor, edges = found
    height, width = grey.shape[:2]
    if cv2.contourArea(hull) < settings.min_paper * width * height * factor * factor:
        return None
    approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True).reshape(-1, 2).astype(np.float64)
    if len(approx) != 4:
        return None
    lines = [_side_line(points, approx[i], approx[(i + 1) % 4]) for i in range(4)]
    if any(line is None for line in lines):
        return None
    centre = approx.mean(axis=0)
    lines = [_sheet_edge(edges, ln, approx[i], approx[(i + 1) % 4], centre) for i, ln in enumerate(lines) if ln is not None]
    corners = []
    for first, second in zip(lines[-1:] + lines[:-1], lines, strict=True):
        assert first is not None and second is not None
        (p, u), (q, v) = first, second
        try:
            s = np.linalg.solve(np.array([[u[0], -v[0]], [u[1], -v[1]]]), q - p)
        except np.linalg.LinAlgError:
            return None
        corners.append(p + s[0] * u)
    quad = _ordered(np.array(corners) / factor)  # the lines run on the edge map's own pixels
    inside = (quad[:, 0] >= -2) & (quad[:, 0] <= width + 2) & (quad[:, 1] >= -2) & (quad[:, 1] <= height + 2)
    if not inside.all() or np.abs(_corner_angles(quad) - 90).max() > settings.max_corner_skew:
        return None
    return quad


def flatten_page(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The sheet inside ``quad`` warped to an upright rectangle (sides: the mean of opposite edges)."""
    top, bottom = np.hypot(*(quad[1] - quad[0])), np.hypot(*(quad[2] - quad[3]))
    left, right = np.hypot(*(quad[3] - quad[0])), np.hypot(*(quad[2] - quad[1]))
    width, height = round((top + bottom) / 2), round((left + right) / 2)
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    return cv2.warpPerspective(
        image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


def _paper_level(channel: np.ndarray) -> np.ndarray:
    """The paper's brightness around every pixel: a closing (text away) on a small copy, blurred."""
    small, factor = _small(channel, 800)
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15)))
    background = cv2.GaussianBlur(background, (0, 0), 3)
    if factor < 1.0:
        background = cv2.resize(background, channel.shape[::-1], interpolation=cv2.INTER_LINEAR)
    return np.maximum(background, 1)


def white_balanced(bgr: np.ndarray) -> np.ndarray:
    """Each channel divided by its own paper estimate: paper white whatever the light's colour."""
    return cv2.merge([cv2.divide(c, _paper_level(c), scale=255) for c in cv2.split(bgr)])


def colour_ink(balanced: np.ndarray, settings: RestoreSettings = DEFAULT) -> np.ndarray:
    """Mask (255) of coloured ink in a white-balanced image: channels spread apart, not dark in all."""
    high, low = balanced.max(axis=2), balanced.min(axis=2)
    coloured = (high.astype(np.int16) - low.astype(np.int16)) >= settings.chroma
    mask = (coloured & (high >= settings.dark)).astype(np.uint8) * 255
    # the ink's soft rim is less saturated than its core: take it with the core
    return cv2.dilate(mask, np.ones((3, 3), np.uint8))


def drop_colour_ink(bgr: np.ndarray, settings: RestoreSettings = DEFAULT) -> np.ndarray:
    """A grey page with coloured ink (stamps, signatures) turned to paper, from a BGR image."""
    balanced = white_balanced(bgr)
    grey = cv2.cvtColor(balanced, cv2.COLOR_BGR2GRAY)
    grey[colour_ink(balanced, settings) > 0] = 255
    return grey


def has_colour(bgr: np.ndarray, settings: RestoreSettings = DEFAULT) -> bool:
    """Whether any pixels of a BGR image are coloured ink (checked on a small copy)."""
    small, _ = _small(bgr, 1000)
    return bool((colour_ink(white_balanced(small), settings) > 0).mean() > 1e-4)


def is_bilevel(grey: np.ndarray, settings: RestoreSettings = DEFAULT) -> bool:
    """A 1-bit page (fax, bitonal scan): nearly every pixel pure black or pure white."""
    extremes = np.count_nonzero((grey <= 8) | (grey >= 247))
    return bool(extremes >= settings.bilevel * grey.size and np.count_nonzero(grey <= 8) > 0)


def smooth_bilevel(grey: np.ndarray) -> np.ndarray:
    """A 1-bit page made grey at its own resolution: one-pixel breaks in strokes closed (a 2x2
    closing of the ink), then a blur of under a pixel, so enlarging gives soft edges, not steps."""
    ink = cv2.bitwise_not(grey)
    ink = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((2, 2), np.uint8))
    return cv2.GaussianBlur(cv2.bitwise_not(ink), (0, 0), 0.7)


def glyph_scale(ink: np.ndarray) -> float:
    """Typical glyph height of an ink mask, blind to specks: the median height of its components
    weighted by their ink (0 with none). Speckle can outnumber letters on a photocopy and pull a
    plain median down to its own size; it cannot outweigh their ink."""
    _, _, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype(np.uint8), connectivity=8)
    return glyph_scale_of(stats, ink.shape[0])


def glyph_scale_of(stats: np.ndarray, rows: int) -> float:
    """``glyph_scale`` from the component statistics of a mask ``rows`` high, for callers that
    labelled it already (labelling a full page costs more than the rest of the measure)."""
    heights, areas = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_AREA]
    keep = (heights >= 4) & (heights <= max(8, rows // 8))
    if not keep.any():
        return 0.0
    order = np.argsort(heights[keep])
    weight = np.cumsum(areas[keep][order])
    return float(heights[keep][order][np.searchsorted(weight, weight[-1] / 2)])


@dataclass(frozen=True, eq=False)
class InkComponents:
    """An ink mask's 8-connected components, labelled once for every step that needs them (a
    full page costs tens of milliseconds to label): OpenCV's ``labels`` and ``stats``, and
    ``kept``, the components still in the ink (specks painted out are not)."""

    labels: np.ndarray
    stats: np.ndarray
    kept: np.ndarray


def label_ink(ink: np.ndarray) -> InkComponents:
    """The components of an ink mask (255 or any non-zero value is ink), all kept."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype(np.uint8), connectivity=8)
    kept = np.ones(count, bool)
    kept[0] = False
    return InkComponents(labels, stats, kept)


def speck_mask(ink: np.ndarray, settings: RestoreSettings = DEFAULT) -> np.ndarray:
    """Mask (255) of specks: round ink components under ``speck_area`` glyph heights squared with
    no other ink within ``speck_reach`` glyph heights above and below and ``speck_line_reach``
    along the line. A comma, a full stop (a typewriter font's too, centred in its wide cell), an
    i's dot or a small digit sits beside other ink and stays, a lone dash is long, not round, and stays; photocopier
    speckle and fax specks alone between words and in the margins go."""
    components = label_ink(ink)
    specks = speck_components(components, settings)
    return (specks[components.labels] * 255).astype(np.uint8) if specks.any() else np.zeros_like(ink)


def speck_components(components: InkComponents, settings: RestoreSettings = DEFAULT) -> np.ndarray:
    """Which of the components are specks (``speck_mask``), one flag per label."""
    labels, stats = components.labels, components.stats
    specks = np.zeros(len(stats), bool)
    scale = glyph_scale_of(stats, labels.shape[0])
    if scale <= 0:
        return specks
    x, y, w, h, area = (stats[:, i].astype(np.int64) for i in range(5))
    specks = (area < settings.speck_area * scale * scale) & (w < 2 * h) & (h < 2 * w) & components.kept
    if not specks.any():
        return specks
    reach = max(3, int(settings.speck_reach * scale))
    along = max(reach, int(settings.speck_line_reach * scale))
    # alone in its window: the window's ink is the component's own (all of it lies inside)
    rows, cols = labels.shape
    top, bottom = np.maximum(0, y - reach), np.minimum(rows, y + h + reach)
    left, right = np.maximum(0, x - along), np.minimum(cols, x + w + along)
    summed = cv2.integral((labels > 0).astype(np.uint8), sdepth=cv2.CV_32S)
    inked = summed[bottom, right] - summed[top, right] - summed[bottom, left] + summed[top, left]
    return specks & (inked == area)


def paper_cutoff(level: float) -> float:
    """Grey level above which the OCR image shows paper: halfway between Otsu's level and white."""
    return (level + 255.0) / 2.0


def visible_ink(normalised: np.ndarray, level: float | None) -> np.ndarray:
    """Mask (255) of what the OCR image shows as ink (``erase_lines`` keeps it grey): darker than
    ``paper_cutoff``, so faint marks lighter than Otsu's level are in it too. A photocopy's light
    specks are such marks, and Tesseract reads them as full stops all the same."""
    if level is None:
        return np.zeros_like(normalised)
    return ((normalised <= paper_cutoff(level)) * 255).astype(np.uint8)


def stray_marks(ink: np.ndarray, settings: RestoreSettings = DEFAULT) -> np.ndarray:
    """Mask (255) of solid round marks smaller than half a glyph that sit where no punctuation does.

    Photocopier speckle lands on table cells too, where ``speck_mask`` keeps it for the ink
    nearby, and Tesseract reads it into the figures ('. 80%', '5 100%'). A full stop or a comma
    follows a glyph closely, on the baseline of a glyph beside it (a 'Q' reaches below its
    baseline: the digit after it shows it); an i's dot has a stem straight below it (a lone short one, ink
    starting below the top of the word it is part of, or a word it does not rise above), a colon's upper dot a dot; a mark inside the box of a single glyph (the rings of a '%') belongs to it. A small round mark
    that is none of these (before a number, at mid-height, in a gap between words) is a speck.
    Long marks (hyphens, dashes, quotes) are never candidates; straight strokes three glyphs long
    (rules, toner streaks) are set aside first, so a speck on one is seen. Expects an upright,
    deskewed page.
    """
    scale = glyph_scale(ink)
    if scale <= 0:
        return np.zeros_like(ink)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(_without_strokes(ink, scale), connectivity=8)
    x, y, w, h, area = (stats[:, i].astype(np.int64) for i in range(5))
    # neither a rule nor a grid of rules is a glyph
    glyph = (h >= settings.mark_glyph * scale) & (h <= 4 * scale) & (w <= settings.mark_long * h)
    solid = area >= settings.mark_fill * w * h
    small = ~glyph & solid & (2 * w <= 3 * h) & (2 * h <= 3 * w)
    small[0] = False
    gap, stack = int(np.ceil(settings.mark_gap * scale)), int(np.ceil(settings.mark_stack * scale))
    kind = np.where(glyph, _GLYPH, np.where(small, _MARK, 0))
    stray = np.zeros(count, bool)
    for i in np.nonzero(small)[0]:
        window = labels[max(0, y[i] - stack) : y[i] + h[i] + stack, max(0, x[i] - gap) : x[i] + w[i] + gap]
        near = [(j, stats[j, :4], int(kind[j])) for j in set(window[window > 0].tolist()) if j != i]
        stray[i] = not _belongs(stats[i, :4], near, labels, scale, settings)
    return (stray[labels] * 255).astype(np.uint8)


_GLYPH, _MARK = 2, 1


def _without_strokes(ink: np.ndarray, scale: float) -> np.ndarray:
    """0/1 ink less its straight strokes three glyphs long (rules, a copier's toner streaks): a
    speck on one is then seen on its own."""
    binary = (ink > 0).astype(np.uint8)
    reach = max(8, int(3 * scale))
    across = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, 1)))
    down = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, reach)))
    return cv2.subtract(binary, cv2.max(across, down))
_STEM_DROP = 0.15  # an i's stem starts this many glyph heights below the top of the word around it
_STEM = (0.4, 0.85)  # a lone stem is at most this wide and this tall, in glyph heights ('1' is taller)


def _over_stem(mark: np.ndarray, j: int, box: np.ndarray, labels: np.ndarray, scale: float, stack: float) -> bool:
    """Whether a mark (x, y, w, h) sits over component ``j`` (x, y, w, h) as an i's dot over its
    stem: the ink of ``j`` under it starts within ``stack`` pixels below it, and ``j`` is a lone
    short stem, or a word whose ink under the mark starts lower than its top, or a word the mark
    does not rise above (a speck over a digit sits over ink as tall as the digits beside it)."""
    xi, yi, wi, hi = (int(v) for v in mark)
    xj, yj, wj, hj = (int(v) for v in box)
    rows = np.nonzero((labels[yj : yj + hj, max(xi, xj) : min(xi + wi, xj + wj)] == j).any(axis=1))[0]
    if rows.size == 0 or not 0 <= yj + int(rows[0]) - (yi + hi) + 1 <= stack:
        return False
    lone = wj <= _STEM[0] * scale and hj <= _STEM[1] * scale
    return lone or rows[0] >= _STEM_DROP * scale or yi >= yj - _STEM_DROP * scale


def _belongs(
    mark: np.ndarray,
    near: list[tuple[int, np.ndarray, int]],
    labels: np.ndarray,
    scale: float,
    settings: RestoreSettings,
) -> bool:
    """Whether a small mark (x, y, w, h) is punctuation or a dot among its ``near`` components
    (label, (x, y, w, h), kind): see ``stray_marks``."""
    xi, yi, wi, hi = (int(v) for v in mark)
    gap, stack = settings.mark_gap * scale, settings.mark_stack * scale
    centre = yi + hi / 2
    above, below = settings.mark_baseline
    over_mark = follows = on_baseline = False
    for j, box, kind in near:
        xj, yj, wj, hj = (int(v) for v in box)
        # straight above a stem (an i's dot) or a dot (a colon), or in a glyph: its middle over
        # the other's box; a comma a blurred copy pushed a pixel into its digit's box follows it
        if xj <= xi + wi // 2 < xj + wj:
            inside = yj - 1 <= yi and yi + hi <= yj + hj + 1 and 2 * wj <= 3 * hj  # one glyph's box: a '%'
            if kind == _GLYPH and (inside or _over_stem(mark, j, box, labels, scale, stack)):
                return True
            over_mark = over_mark or (kind == _MARK and 0 <= yj - (yi + hi) + 1 <= stack)
            continue
        if kind != _GLYPH or max(xi - (xj + wj), xj - (xi + wi)) > gap:
            continue
        follows = follows or (2 * xj + wj < 2 * xi and yj <= centre <= yj + hj * (1 + below))
        on_baseline = on_baseline or yj + hj * (1 - above) <= centre <= yj + hj * (1 + below)
    return follows and (on_baseline or over_mark)  # a colon's upper dot follows its glyph too


def outside_sheet(grey: np.ndarray, settings: RestoreSettings = DEFAULT) -> np.ndarray:
    """Mask (255) of what surrounds the sheet: dark regions touching the picture's border (a
    copier's lid where the page lay turned on the glass, a desk), found on a small copy with text
    closed away, when they are darker than ``shade`` of the paper. A page filling the frame has none."""
    small, factor = _small(grey, 800)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15)))
    paper = float(np.percentile(closed, 90))
    dark = (closed < settings.shade * paper).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    h, w = dark.shape
    x, y, cw, ch = (stats[:, i] for i in range(4))
    edge = (x == 0) | (y == 0) | (x + cw >= w) | (y + ch >= h)
    edge[0] = False
    mask = (edge[labels] * 255).astype(np.uint8)
    if not mask.any():
        return np.zeros_like(grey)
    mask = cv2.dilate(mask, np.ones((5, 5), np.uint8))  # the blurred rim between lid and paper
    return cv2.resize(mask, grey.shape[::-1], interpolation=cv2.INTER_NEAREST) if factor < 1 else mask


def restore_page(image: Image.Image | np.ndarray, settings: RestoreSettings = DEFAULT) -> np.ndarray:
    """The grey page a degraded picture shows: the sheet flattened when it lies on a desk, what
    surrounds it whitened, coloured ink dropped when there is colour, copier streaks evened out. Grey and black-and-white
    scans of a full page pass through unchanged."""
    colour = _as_bgr(image)
    grey = to_grey(image) if colour is None else cv2.cvtColor(colour, cv2.COLOR_BGR2GRAY)
    quad = paper_quad(grey, settings)
    if quad is not None:
        grey = flatten_page(grey, quad)
        colour = None if colour is None else flatten_page(colour, quad)
    if colour is not None and has_colour(colour, settings):
        grey = drop_colour_ink(colour, settings)
    outside = outside_sheet(grey, settings)
    if outside.any():
        grey = grey.copy()
        grey[outside > 0] = int(np.percentile(grey, 90))
    return even_streaks(grey)


def _as_bgr(image: Image.Image | np.ndarray) -> np.ndarray | None:
    """A colour image as a BGR array, None for a grey one."""
    if isinstance(image, Image.Image):
        if image.mode not in ("RGB", "RGBA", "CMYK", "YCbCr", "P"):
            return None
        return cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR)
    array = np.asarray(image)
    if array.ndim == 3 and array.shape[2] >= 3:
        return np.ascontiguousarray(array[:, :, :3])
    return None
