"""Which way up a scanned page lies and how far askew: the text lines' axis, Tesseract OSD when
the axis calls a page sideways, and a projection-profile skew angle, all measured on shrunk copies;
plus replaying a found rotation and skew on another copy of the page."""

from __future__ import annotations

import logging
from collections.abc import Callable

import cv2
import numpy as np
from PIL import Image

from extractor.ocr.restore import to_grey

log = logging.getLogger(__name__)

OsdFunction = Callable[[np.ndarray], tuple[int, float] | None]
"""Returns (clockwise degrees to rotate the image upright, confidence) or None when unsure."""

MAX_SKEW = 5.0  # degrees; larger angles are layout, not scanner skew
MIN_OSD_CONFIDENCE = 2.0  # Tesseract OSD orientation confidence below this is a guess
OSD_SIDE = 2000  # OSD is slow on big images and unreliable below ~1500 px for an A4 page
SKEW_SIDE = 1600  # skew is measured on a copy at most this large: 0.05° over 1600 px is ~1 px
_AXIS_SIDE = 900  # the text-line axis needs no fine angle
_BLOB_SIDE = SKEW_SIDE  # letters still apart at this size; one shrunk copy serves both measures
_ROTATE_CW = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def shrink(array: np.ndarray, max_side: int) -> np.ndarray:
    """A copy no larger than ``max_side`` pixels on its longer side (area-averaged)."""
    factor = max_side / max(array.shape[:2])
    if factor >= 1:
        return array
    return cv2.resize(array, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def _profile_score(ys: np.ndarray, xs: np.ndarray, angle: float, size: int) -> float:
    shifted = ys + xs * np.tan(np.radians(angle))
    bins = np.bincount(np.clip(shifted, 0, size - 1).astype(np.int64), minlength=size).astype(np.float64)
    return float(np.dot(bins, bins))


def estimate_skew(
    ink: np.ndarray, max_angle: float = MAX_SKEW, side: int = SKEW_SIDE
) -> tuple[float, float]:
    """Angle (degrees, counter-clockwise positive) of the text lines, and the profile score.

    Projection-profile search: the row histogram of ink is sharpest when rows follow the lines.
    The score (sum of squared row counts over the pixel count squared) compares orientations.
    """
    small = shrink(ink, side)
    ys, xs = np.nonzero(small > 127)
    if ys.size < 50:
        return 0.0, 0.0
    if ys.size > 200_000:
        stride = -(-ys.size // 200_000)
        ys, xs = ys[::stride], xs[::stride]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64)
    margin = int(small.shape[1] * np.tan(np.radians(max_angle))) + 2
    ys = ys + margin
    size = small.shape[0] + 2 * margin
    best, best_score = 0.0, -1.0
    step = 0.25
    candidates = np.arange(-max_angle, max_angle + step / 2, step)
    for _ in range(3):
        for angle in candidates:
            score = _profile_score(ys, xs, float(angle), size)
            if score > best_score:
                best, best_score = float(angle), score
        candidates = np.arange(best - step, best + step + step / 20, step / 5)
        step /= 5
    return round(best, 2), best_score / float(ys.size) ** 2


def osd_fallback_axis(ink: np.ndarray, shrunk: np.ndarray | None = None) -> int:
    """Cheap orientation guess from text lines alone: 0, or 90 when lines run vertically.

    Long rules (a page frame, table borders) are removed first: they score in both axes.
    Cannot tell upside-down pages apart; used only when Tesseract OSD is unsure. Vertical text
    in reports is almost always a landscape page turned counter-clockwise, hence 90. ``shrunk``:
    ``shrink(ink, _BLOB_SIDE)`` when the caller has it already.
    """
    small = _without_rules(shrink(ink, _AXIS_SIDE))  # a page frame or table rule scores in both axes
    _, flat = estimate_skew(small, side=_AXIS_SIDE)
    _, turned = estimate_skew(cv2.rotate(small, cv2.ROTATE_90_CLOCKWISE), side=_AXIS_SIDE)
    joins = _letters_join_across(ink if shrunk is None else shrunk)
    # a grid of narrow wrapped cells gives both profiles alike: sideways needs a clear profile or
    # letters that join up and down more readily than across
    if joins < _WORDS_ACROSS and (turned > _SIDEWAYS_PROFILE * flat or joins < 1.0):
        return 90
    return 0


_WORDS_ACROSS = 1.2  # letters that join into words this much more readily across than down are upright
_SIDEWAYS_PROFILE = 1.5  # text lines this much sharper turned a quarter: the page lies sideways


def _without_rules(small: np.ndarray) -> np.ndarray:
    """Ink less its long straight strokes (table rules, a page frame), found on a thickened copy
    so a rule of a page scanned a degree or two askew still counts as one straight line."""
    reach = max(3, max(small.shape) // 10)
    box = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
    # shrinking leaves a thin rule faint and uneven; any ink at all marks where it runs
    thick = cv2.dilate(cv2.threshold(small, 48, 255, cv2.THRESH_BINARY)[1], box)
    across = cv2.morphologyEx(thick, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, 1)))
    down = cv2.morphologyEx(thick, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, reach)))
    return cv2.subtract(small, cv2.dilate(cv2.max(across, down), box))


def _letters_join_across(ink: np.ndarray) -> float:
    """How much more readily letters join sideways than up and down (closing gaps of three pixels
    at a fixed scale): letters of a word sit closer than lines of text, so upright text joins
    across. Narrow columns of monospace text stacked in a table line up vertically and can fool
    the line-profile axis; they still join across."""
    small = _without_rules(shrink(ink, _BLOB_SIDE))
    joined_across = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1)))
    joined_down = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    return cv2.connectedComponents(joined_down)[0] / max(cv2.connectedComponents(joined_across)[0], 1)


def rotate_right_angle(array: np.ndarray, rotation: int) -> np.ndarray:
    """Rotate clockwise by 0/90/180/270 degrees."""
    if rotation % 360 == 0:
        return array
    return cv2.rotate(array, _ROTATE_CW[rotation % 360])


def rotate_small(array: np.ndarray, angle: float, fill: int = 255) -> np.ndarray:
    """Rotate by ``angle`` degrees counter-clockwise about the centre, keeping the size."""
    if abs(angle) < 1e-6:
        return array
    height, width = array.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2.0, height / 2.0), angle, 1.0)
    return cv2.warpAffine(
        array,
        matrix,
        (width, height),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=fill,
    )


def upright(image: Image.Image | np.ndarray, rotation: int, skew: float) -> np.ndarray:
    """Replay a prepared page's geometry on another copy of the same image (grey)."""
    grey = rotate_right_angle(to_grey(image), rotation)
    return rotate_small(grey, -skew)


def detect_orientation(
    grey: np.ndarray, ink: np.ndarray, osd: OsdFunction | None, shrunk: np.ndarray | None = None
) -> int:
    """Clockwise rotation that makes the page upright. The text lines' axis decides for upright
    pages (an upside-down read is caught after it, by its confidence). A page they call sideways is
    put to Tesseract OSD, which overrules them when sure the page is upright after all (a dense grid
    of narrow wrapped cells can look sideways to the line profile), but picks the quarter turn only
    when very sure: at confidence 3.96 it turned a counter-clockwise sample page the wrong way."""
    axis = osd_fallback_axis(ink, shrunk)
    if axis == 0 or osd is None:
        return axis
    guess = osd(shrink(grey, OSD_SIDE))
    if guess is not None and guess[0] % 180 == 0 and guess[1] >= MIN_OSD_CONFIDENCE:
        return guess[0] % 360  # not sideways after all
    if guess is not None and guess[1] >= 3 * MIN_OSD_CONFIDENCE:
        return guess[0] % 360  # which quarter turn: OSD is often wrong about it unless very sure
    if guess is not None:
        log.debug("orientation: OSD said %d° with confidence %.1f; using text-line axis %d°", *guess, axis)
    return axis
