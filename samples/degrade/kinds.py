"""One page made into a photocopy, a phone photo or a fax; each returns the image and what was done.

Inputs are RGB renderings of the born-digital page (with its ink); outputs are the pixels that go
into the PDF: grey for a photocopy, RGB for a photo, 0/255 for a fax. Angles are degrees,
counter-clockwise positive (OpenCV's and ``samples.scan``'s convention).
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from samples.degrade.spec import FAX_SKEW_DEGREES, KEYSTONE, SKEW_DEGREES

DESKS: tuple[tuple[int, int, int], ...] = (
    (122, 88, 58),  # wood
    (68, 68, 74),  # dark grey table
    (150, 148, 140),  # grey
    (196, 184, 160),  # beige
    (40, 44, 60),  # dark blue cloth
)
CASTS: dict[str, tuple[float, float, float]] = {
    "warm": (1.0, 0.91, 0.76),  # tungsten
    "cool": (0.84, 0.93, 1.0),  # daylight in shade
    "green": (0.9, 1.0, 0.84),  # fluorescent tube
    "neutral": (0.98, 0.98, 0.96),
}


def _smooth_field(shape: tuple[int, int], rng: np.random.Generator, cells: int = 8) -> np.ndarray:
    """A smooth random field in [-1, 1] over ``shape``."""
    coarse = rng.uniform(-1.0, 1.0, (cells, cells)).astype(np.float32)
    return np.clip(cv2.resize(coarse, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC), -1, 1)


def _rotate(img: np.ndarray, angle: float, border: float | tuple[float, ...]) -> np.ndarray:
    h, w = img.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def photocopy(rgb: np.ndarray, rng: np.random.Generator, dpi: int) -> tuple[np.ndarray, dict[str, Any]]:
    """Grey paper, toner that does not reach black, the page turned 1-3 degrees on the glass, the
    dark lid where the turned page leaves the glass bare (on about half the copies), toner streaks
    down the page, speckle, blur and grain."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    h, w = grey.shape
    paper, toner = float(rng.uniform(192, 222)), float(rng.uniform(22, 55))
    img = toner + (paper - toner) * grey / 255.0
    img += 6.0 * _smooth_field(grey.shape, rng, 6)  # the paper's own unevenness
    angle = float(rng.uniform(*SKEW_DEGREES)) * (1 if rng.random() < 0.5 else -1)
    lid = bool(rng.random() < 0.5)
    border = float(rng.uniform(45, 95)) if lid else paper
    img = _rotate(img, angle, border)
    streaks = []
    for _ in range(int(rng.integers(1, 4))):
        x = int(rng.integers(0, w))
        width = int(rng.integers(1, 6))
        delta = float(rng.uniform(18, 55)) * (1 if rng.random() < 0.4 else -1)  # light: toner missing
        profile = 0.6 + 0.4 * _smooth_field((h, 1), rng, 5)[:, 0]
        img[:, x : x + width] += (delta * profile)[:, None]
        streaks.append({"x_px": x, "width_px": width, "delta": round(delta, 1)})
    density = float(rng.uniform(3e-4, 1.2e-3))
    n = int(density * h * w)
    ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
    radii = rng.choice([0, 0, 0, 1, 1, 2], n)
    for y, x, r in zip(ys, xs, radii, strict=True):
        cv2.circle(img, (int(x), int(y)), int(r), float(toner + rng.uniform(0, 50)), -1)
    sigma = float(rng.uniform(0.6, 1.0)) * dpi / 150
    img = np.asarray(cv2.GaussianBlur(img, (0, 0), sigmaX=sigma), np.float32)
    img += rng.normal(0.0, float(rng.uniform(2.5, 5.0)), img.shape).astype(np.float32)
    params = {
        "skew_degrees": round(angle, 3),
        "paper_grey": round(paper, 1),
        "toner_grey": round(toner, 1),
        "lid_visible": lid,
        "streaks": streaks,
        "speckle_density": round(density, 6),
        "blur_sigma_px": round(sigma, 2),
    }
    return np.clip(img, 0, 255).astype(np.uint8), params


def _quad(
    w: float, h: float, margins: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, dict[str, Any]]:
    """Where the page's corners land in the photo (TL, TR, BR, BL): a keystone narrowing the edge
    farther from the lens, a small in-plane turn and a little jitter."""
    left, top = margins[0], margins[1]
    quad = np.array([[left, top], [left + w, top], [left + w, top + h], [left, top + h]], np.float64)
    keystone = float(rng.uniform(*KEYSTONE))
    edge = str(rng.choice(["top", "bottom", "left", "right"]))
    if edge in ("top", "bottom"):
        i, j = (0, 1) if edge == "top" else (3, 2)
        quad[i, 0] += keystone * w / 2
        quad[j, 0] -= keystone * w / 2
        quad[[i, j], 1] += (keystone * h * 0.3) * (1 if edge == "top" else -1)
    else:
        i, j = (0, 3) if edge == "left" else (1, 2)
        quad[i, 1] += keystone * h / 2
        quad[j, 1] -= keystone * h / 2
        quad[[i, j], 0] += (keystone * w * 0.3) * (1 if edge == "left" else -1)
    turn = float(rng.uniform(-1.5, 1.5))
    centre = quad.mean(axis=0)
    c, s = np.cos(np.radians(-turn)), np.sin(np.radians(-turn))  # image y points down
    quad = (quad - centre) @ np.array([[c, s], [-s, c]]) + centre
    quad += rng.normal(0.0, 0.0015 * w, quad.shape)
    return quad, {"keystone": round(keystone, 4), "keystone_edge": edge, "rotation_degrees": round(turn, 3)}


def phone(
    rgb: np.ndarray, rng: np.random.Generator, dpi: int, render_dpi: int
) -> tuple[np.ndarray, dict[str, Any]]:
    """The page photographed on a desk: ``rgb`` (rendered at ``render_dpi``) warped onto a quad at
    ``dpi`` on the page, the desk and the page's shadow around it, light falling off across the
    page and towards the corners, a colour cast, a little blur and sensor noise."""
    H, W = rgb.shape[:2]
    w, h = W * dpi / render_dpi, H * dpi / render_dpi
    margins = rng.uniform(0.04, 0.09, 4) * np.array([w, h, w, h])  # left, top, right, bottom
    out_w, out_h = round(w + margins[0] + margins[2]), round(h + margins[1] + margins[3])
    quad, params = _quad(w, h, margins, rng)
    src = np.array([[0, 0], [W, 0], [W, H], [0, H]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, quad.astype(np.float32))
    page = cv2.warpPerspective(rgb, matrix, (out_w, out_h), flags=cv2.INTER_AREA).astype(np.float32)
    mask = cv2.warpPerspective(np.ones((H, W), np.float32), matrix, (out_w, out_h), flags=cv2.INTER_LINEAR)
    desk_name = int(rng.integers(0, len(DESKS)))
    desk = np.empty((out_h, out_w, 3), np.float32)
    desk[:] = np.asarray(DESKS[desk_name], np.float32)
    desk *= (1.0 + 0.12 * _smooth_field((out_h, out_w), rng, 10))[..., None]
    shadow_dx, shadow_dy = (float(v) for v in rng.uniform(4, 14, 2) * dpi / 135)
    shift = np.array([[1, 0, shadow_dx], [0, 1, shadow_dy]], np.float32)
    shadow = cv2.GaussianBlur(cv2.warpAffine(mask, shift, (out_w, out_h)), (0, 0), float(rng.uniform(6, 14)))
    shadow_depth = float(rng.uniform(0.35, 0.6))
    desk *= (1.0 - shadow_depth * shadow)[..., None]
    paper = float(rng.uniform(0.86, 0.95))
    img = desk * (1.0 - mask[..., None]) + page * paper * mask[..., None]
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    theta = float(rng.uniform(0, 2 * np.pi))
    ramp = np.cos(theta) * xx / out_w + np.sin(theta) * yy / out_h
    ramp = (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
    fall = float(rng.uniform(0.1, 0.25))
    vignette = float(rng.uniform(0.15, 0.35))
    cx, cy = out_w * float(rng.uniform(0.35, 0.65)), out_h * float(rng.uniform(0.35, 0.65))
    r2 = ((xx - cx) / out_w) ** 2 + ((yy - cy) / out_h) ** 2
    light = (1.0 - fall * ramp) * (1.0 - vignette * r2 / max(float(r2.max()), 1e-6))
    cast_name = str(rng.choice(list(CASTS)))
    gains = np.asarray(CASTS[cast_name], np.float32) * rng.uniform(0.97, 1.03, 3).astype(np.float32)
    img = img * light[..., None] * gains
    img = cv2.GaussianBlur(img, (0, 0), sigmaX=float(rng.uniform(0.5, 0.9)))
    img += rng.normal(0.0, float(rng.uniform(2.0, 4.5)), img.shape).astype(np.float32)
    params.update(
        quad_px=[[round(float(x), 1), round(float(y), 1)] for x, y in quad],
        quad_pt=[[round(float(x) * 72 / dpi, 1), round(float(y) * 72 / dpi, 1)] for x, y in quad],
        image_px=[out_w, out_h],
        desk=list(DESKS[desk_name]),
        shadow_offset_px=[round(shadow_dx, 1), round(shadow_dy, 1)],
        shadow_depth=round(shadow_depth, 3),
        light_falloff=round(fall, 3),
        vignette=round(vignette, 3),
        colour_cast=cast_name,
        channel_gains=[round(float(g), 3) for g in gains],
    )
    return np.clip(img, 0, 255).astype(np.uint8), params


def fax(rgb: np.ndarray, rng: np.random.Generator, dpi: int) -> tuple[np.ndarray, dict[str, Any]]:
    """A fax: a slight feed skew, a fixed threshold set dark (thin strokes break), ink dropping out
    in patches and at random, a few scan lines lost or smeared, specks; 0/255 pixels."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    h, w = grey.shape
    angle = float(rng.uniform(-FAX_SKEW_DEGREES, FAX_SKEW_DEGREES))
    img = _rotate(grey, angle, 255.0)
    img = cv2.GaussianBlur(img, (0, 0), sigmaX=0.45)
    img += rng.normal(0.0, 10.0, img.shape).astype(np.float32)
    threshold = float(rng.uniform(150, 180))
    black = img < threshold
    patches = _smooth_field((h, w), rng, 24) > float(rng.uniform(0.3, 0.5))
    dropout = float(rng.uniform(0.02, 0.06))
    lost = (patches & (rng.random((h, w)) < 0.25)) | (rng.random((h, w)) < dropout)
    black &= ~lost
    dropped = sorted(int(y) for y in rng.integers(0, h, int(rng.integers(1, 4))))
    for y in dropped:
        black[y, :] = False
    smeared = []
    if rng.random() < 0.5:
        y = int(rng.integers(1, h))
        black[y, :] |= black[y - 1, :]
        black[y, int(rng.integers(0, w // 2)) : int(rng.integers(w // 2, w))] |= rng.random() < 0.5
        smeared.append(y)
    specks = rng.random((h, w)) < 2e-4
    black |= specks
    params = {
        "skew_degrees": round(angle, 3),
        "threshold": round(threshold, 1),
        "dropout": round(dropout, 4),
        "dropped_lines_px": dropped,
        "smeared_lines_px": smeared,
    }
    return np.where(black, 0, 255).astype(np.uint8), params
