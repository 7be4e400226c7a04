"""samples.degrade: photocopy, phone-photo and fax copies do what their truth says, deterministically."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pytest

from samples.degrade import DegradeSpec, degrade_file, degrade_pdf, draw_spec
from samples.degrade.generate import main
from samples.degrade.ink import Stamp, ink_page
from samples.degrade.spec import FAX_DPI, KINDS, PHONE_DPI

PORTRAIT = (260.0, 360.0)
LANDSCAPE = (360.0, 260.0)
FRAME = 20.0  # the frame rectangle's inset, points


def small_report(path: Path) -> Path:
    """Two small pages (portrait, then landscape), each with a frame, a long rule and a ruled
    table of figure rows: enough for stamps to find rows and for geometry to be measured."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), invariant=1)
    for width, height in (PORTRAIT, LANDSCAPE):
        canvas.setPageSize((width, height))
        canvas.setLineWidth(1.5)
        canvas.rect(FRAME, FRAME, width - 2 * FRAME, height - 2 * FRAME)  # reportlab: bottom-left origin
        canvas.setFont("Helvetica", 8)
        canvas.drawString(35, height - 45, "Tabel 3.1 Realisasi Anggaran Tahun 2024")
        top = height - 60
        canvas.line(35, top, width - 35, top)
        canvas.drawString(40, top - 10, "Uraian        Pagu        Realisasi      %")
        for i in range(6):
            y = top - 24 - 14 * i
            canvas.line(35, y + 10, width - 35, y + 10)
            canvas.drawString(40, y, f"Kegiatan {i + 1}")
            canvas.drawRightString(width - 140, y, f"{1_250_000 + 37_000 * i:,}".replace(",", "."))
            canvas.drawRightString(width - 80, y, f"{1_100_000 + 29_000 * i:,}".replace(",", "."))
            canvas.drawRightString(width - 40, y, f"{88 + i},{i}0%")
        canvas.showPage()
    canvas.save()
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_report(tmp_path_factory.mktemp("degrade") / "small.pdf")


def _spec(kind: str, **changes: object) -> DegradeSpec:
    return replace(draw_spec(7, kind, ink="heavy"), **changes)  # type: ignore[arg-type]


def _page_image(pdf: Path, index: int) -> tuple[np.ndarray, dict[str, object]]:
    """The page's one image as stored (pixels at their own resolution) and pdfplumber's record of it."""
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[index]
        (info,) = page.images
        width_pt = float(page.width)
    doc2 = pdfium.PdfDocument(str(pdf))
    (obj,) = [o for o in doc2[index].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    pil = obj.get_bitmap().to_pil()
    doc2.close()
    return np.asarray(pil), {**info, "dpi": info["srcsize"][0] / (width_pt / 72)}


@pytest.mark.parametrize("kind", KINDS)
def test_same_seed_same_bytes_and_another_seed_another_file(report: Path, tmp_path: Path, kind: str) -> None:
    a = degrade_pdf(report, tmp_path / "a.pdf", _spec(kind))
    b = degrade_pdf(report, tmp_path / "b.pdf", _spec(kind))
    c = degrade_pdf(report, tmp_path / "c.pdf", replace(_spec(kind), seed=8))
    assert a.path.read_bytes() == b.path.read_bytes() and a.to_dict() == b.to_dict()
    assert a.path.read_bytes() != c.path.read_bytes()
    with pdfplumber.open(a.path) as pdf:  # image-only: nothing for a text layer to give away
        assert all(not page.extract_words() for page in pdf.pages)


def _rule_angle(grey: np.ndarray) -> float:
    """Counter-clockwise angle (degrees) of the longest straight dark line in the image."""
    edges = cv2.Canny(grey, 50, 150)
    lines = cv2.HoughLinesP(
        edges, 1, np.pi / 1800, threshold=80, minLineLength=grey.shape[1] // 3, maxLineGap=6
    )
    assert lines is not None

    def angle(ln: np.ndarray) -> float:
        x0, y0, x1, y1 = (float(v) for v in ln)
        return (-math.degrees(math.atan2(y1 - y0, x1 - x0)) + 90) % 180 - 90  # image y points down

    flat = [ln for ln in np.asarray(lines).reshape(-1, 4) if abs(angle(ln)) < 10]
    assert flat
    return angle(max(flat, key=lambda ln: math.hypot(ln[2] - ln[0], ln[3] - ln[1])))


def test_photocopy_is_150_dpi_grey_and_skewed_as_recorded(report: Path, tmp_path: Path) -> None:
    result = degrade_pdf(report, tmp_path / "copy.pdf", _spec("photocopy", turn_landscape=False))
    skews = [p.params["skew_degrees"] for p in result.pages]
    assert all(1.0 <= abs(s) <= 3.0 for s in skews) and len(set(skews)) == len(skews)  # per page
    for index, page in enumerate(result.pages):
        img, info = _page_image(result.path, index)
        assert img.ndim == 2 and abs(info["dpi"] - 150) < 1  # type: ignore[operator]
        assert 150 < float(np.median(img)) < 235  # grey paper, not white
        assert abs(_rule_angle(img) - page.params["skew_degrees"]) < 0.35  # the recorded skew is the real one
        assert page.params["streaks"] and page.params["speckle_density"] > 0


def test_fax_is_one_bit_at_its_recorded_resolution(report: Path, tmp_path: Path) -> None:
    spec = _spec("fax")
    result = degrade_pdf(report, tmp_path / "fax.pdf", spec)
    assert FAX_DPI[0] <= spec.dpi <= FAX_DPI[1]
    for index in range(len(result.pages)):
        img, info = _page_image(result.path, index)
        assert info["bits"] == 1 and abs(info["dpi"] - spec.dpi) < 1.5  # type: ignore[operator]
        assert len(np.unique(img.astype(np.uint8))) == 2  # black and white, nothing between


def _quad_error(rgb: np.ndarray, expected: np.ndarray) -> float:
    """How far (pixels) the 4-sided contour of the photo nearest to ``expected`` is from it: the
    worst corner's distance to its nearest detected corner."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    dark = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    contours, _ = cv2.findContours(dark, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    quads = []
    for c in contours:
        approx = cv2.approxPolyDP(c, 0.02 * cv2.arcLength(c, True), True)
        if len(approx) == 4:
            quads.append(approx[:, 0, :].astype(np.float64))
    assert quads
    return min(max(float(min(np.hypot(*(q - c).T))) for c in expected) for q in quads)


def test_phone_photo_has_the_recorded_perspective_quad(report: Path, tmp_path: Path) -> None:
    spec = _spec("phone", turn_landscape=False, stamps=0, signatures=0)
    result = degrade_pdf(report, tmp_path / "photo.pdf", spec)
    assert PHONE_DPI[0] <= spec.dpi <= PHONE_DPI[1]
    page = result.pages[0]
    rgb, _ = _page_image(result.path, 0)
    assert rgb.ndim == 3 and rgb.shape[1::-1] == tuple(page.params["image_px"])
    width, height = PORTRAIT
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    to_photo = cv2.getPerspectiveTransform(corners, np.array(page.params["quad_px"], np.float32))
    inner = np.array(
        [[FRAME, FRAME], [width - FRAME, FRAME], [width - FRAME, height - FRAME], [FRAME, height - FRAME]],
        np.float32,
    )
    expected = cv2.perspectiveTransform(inner[None], to_photo)[0]
    assert _quad_error(rgb, expected) < 4.0  # the frame sits where the recorded quad puts it
    found = expected
    sides = [np.hypot(*(found[i] - found[(i + 1) % 4])) for i in range(4)]
    narrow = max(
        abs(sides[0] - sides[2]) / max(sides[0], sides[2]), abs(sides[1] - sides[3]) / max(sides[1], sides[3])
    )
    assert 0.005 < narrow < 0.05  # a keystone of 1-3% is there to measure
    assert 0.01 <= page.params["keystone"] <= 0.03
    desk = rgb[:3, :3].reshape(-1, 3).mean(axis=0)  # the corner of the photo is desk, not page
    inside = rgb[rgb.shape[0] // 2 - 5 : rgb.shape[0] // 2 + 5, 30:40].reshape(-1, 3).mean(axis=0)
    assert not np.allclose(desk, inside, atol=15)


def test_landscape_page_turned_and_stamps_recorded(report: Path, tmp_path: Path) -> None:
    spec = _spec("photocopy", turn_landscape=True, stamps=2, signatures=1)
    result = degrade_pdf(report, tmp_path / "turned.pdf", spec)
    first, second = result.pages
    assert not first.landscape and first.turned == 0
    assert second.landscape and second.turned in (90, 270)
    assert second.size_pt[1] > second.size_pt[0]  # fed upright: the landscape page is portrait now
    stamps = [s for p in result.pages for s in p.stamps]
    assert len(stamps) == 2 and {s.page for s in stamps} == {1, 2}
    assert all(
        s.over in ("rows", "header") and s.covers and s.ink in ("blue", "purple", "grey") for s in stamps
    )
    (signature,) = [s for p in result.pages for s in p.signatures]
    assert signature.page == stamps[0].page  # signed under the first cap
    record = result.to_dict()
    assert record["pages"][1]["turned"] == second.turned
    assert [len(p["stamps"]) for p in record["pages"]] == [1, 1] and record["pages"][0]["stamps"][0][
        "center_pt"
    ]


def test_a_stamp_inks_its_recorded_disc_in_its_colour() -> None:
    white = np.full((200, 200, 3), 255, np.uint8)
    stamp = Stamp(1, 50.0, 50.0, 40.0, "blue", "rows", 0.0, ())
    inked = ink_page(white, 2.0, [stamp], [], np.random.default_rng(0))
    ring = inked[100, 100 + 78 : 100 + 82].astype(int)  # on the outer ring, right of the centre
    assert (ring[:, 2] - ring[:, 0] > 40).any()  # blue over white
    assert (inked[:20, :20] == 255).all()  # nothing outside the disc


def test_draw_spec_stays_in_each_kinds_ranges() -> None:
    for seed in range(40):
        assert draw_spec(seed, "photocopy").dpi == 150
        assert PHONE_DPI[0] <= draw_spec(seed, "phone").dpi <= PHONE_DPI[1]
        assert FAX_DPI[0] <= draw_spec(seed, "fax").dpi <= FAX_DPI[1]
        assert draw_spec(seed, "fax", ink="none").stamps == 0
        assert draw_spec(seed, "fax", ink="heavy").stamps >= 2
    with pytest.raises(ValueError, match="kind must be one of"):
        draw_spec(1, "microfilm")


def test_truth_and_cli(report: Path, tmp_path: Path) -> None:
    report.with_suffix(".truth.json").write_text(json.dumps({"satker": {"year": 2024}, "budget": []}))
    made = degrade_file(report, tmp_path, draw_spec(3, "fax"))
    truth = json.loads(made.truth.read_text(encoding="utf-8"))
    assert truth["source"] == made.pdf.name and truth["satker"] == {"year": 2024}
    assert truth["degrade"]["kind"] == "fax" and len(truth["degrade"]["pages"]) == 2
    assert (
        main(["--pdf", str(report), "--kinds", "phone", "--seeds", "4,5", "--out", str(tmp_path / "cli")])
        == 0
    )
    assert sorted(p.name for p in (tmp_path / "cli").glob("*.pdf")) == [
        "small_phone_s4.pdf",
        "small_phone_s5.pdf",
    ]
    assert main(["--pdf", str(report), "--kinds", "telex", "--seeds", "1", "--out", str(tmp_path)]) == 2
