from __future__ import annotations

from pathlib import Path

import pytest

from extractor.errors import (
    CorruptInputError,
    EncryptedInputError,
    ExitCode,
    InputNotFoundError,
    NoContentError,
    TooLargeError,
    UnsupportedInputError,
)
from extractor.ingest import IngestSettings, open_input, sniff
from tests.conftest import encrypted_pdf, hand_pdf, table_pdf

ZERO_PAGE_PDF = hand_pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"])


def test_pdf_is_fingerprinted(tmp_path: Path) -> None:
    pdf = table_pdf(tmp_path / "a.pdf", ruled=True)
    info = open_input(pdf)
    assert info.kind == "pdf" and info.pages == 2 and len(info.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "error", "code"),
    [
        ("missing.pdf", None, InputNotFoundError, ExitCode.INPUT_NOT_FOUND),
        ("empty.pdf", b"", NoContentError, ExitCode.NO_CONTENT),
        ("noise.pdf", b"\x01\x02garbage" * 100, CorruptInputError, ExitCode.CORRUPT_INPUT),
        ("photo.pdf", b"\xff\xd8\xff\xe0" + b"\x00" * 64, UnsupportedInputError, ExitCode.UNSUPPORTED_INPUT),
        ("blob.bin", b"\x00\x01\x02" * 50, UnsupportedInputError, ExitCode.UNSUPPORTED_INPUT),
        ("blank.txt", b"   \n\n  ", NoContentError, ExitCode.NO_CONTENT),
        ("zero.pdf", ZERO_PAGE_PDF, NoContentError, ExitCode.NO_CONTENT),
    ],
)
def test_bad_inputs_raise_with_exit_codes(
    tmp_path: Path, name: str, content: bytes | None, error: type, code: int
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(error) as info:
        open_input(path)
    assert info.value.exit_code == code
    assert "\n" not in str(info.value) and name in str(info.value)


def test_truncated_pdf(tmp_path: Path) -> None:
    good = table_pdf(tmp_path / "good.pdf", ruled=True).read_bytes()
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(good[: len(good) // 3])
    with pytest.raises(CorruptInputError):
        open_input(bad)


def test_encrypted_needs_password(tmp_path: Path) -> None:
    pdf = encrypted_pdf(tmp_path / "secret.pdf", "rahasia")
    with pytest.raises(EncryptedInputError, match="--password"):
        open_input(pdf)
    with pytest.raises(EncryptedInputError, match="wrong password"):
        open_input(pdf, IngestSettings(password="salah"))
    assert open_input(pdf, IngestSettings(password="rahasia")).pages == 1


def test_owner_password_only_opens(tmp_path: Path) -> None:
    assert open_input(encrypted_pdf(tmp_path / "owner.pdf", "")).pages == 1


def test_page_limit(tmp_path: Path) -> None:
    pdf = table_pdf(tmp_path / "a.pdf", ruled=True)
    with pytest.raises(TooLargeError, match="limit of 1 pages") as caught:
        open_input(pdf, IngestSettings(max_pages=1))
    assert "--" not in str(caught.value)  # it once named a --max-pages flag that does not exist


def test_image_frame_and_pixel_limits(tmp_path: Path) -> None:
    """TIFF frames had no limit; a 20000 x 20000 PNG raised DecompressionBombError (exit 70)."""
    from PIL import Image

    tiff = tmp_path / "many.tif"
    frame = Image.new("L", (8, 8), 255)
    frame.save(tiff, save_all=True, append_images=[frame] * 3)
    assert open_input(tiff).pages == 4
    with pytest.raises(TooLargeError, match="4 frames"):
        open_input(tiff, IngestSettings(max_pages=3))
    huge = tmp_path / "huge.png"
    Image.new("1", (20000, 20000), 1).save(huge)
    with pytest.raises(TooLargeError, match="too large"):
        open_input(huge)


def test_unreadable_input_is_a_lakip_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python API raised a plain PermissionError for a file it may not read."""
    path = tmp_path / "locked.txt"
    path.write_text("Laporan Kinerja")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(InputNotFoundError, match="Permission denied"):
        open_input(path)


def test_non_utf8_text_dump_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "lkjip.txt"
    path.write_bytes("Laporan Kinerja Tahun 2024 – capaian 99,92%".encode("cp1252"))
    info = open_input(path)
    assert info.kind == "text" and info.encoding == "cp1252" and "99,92%" in (info.text or "")


def test_sniff() -> None:
    assert sniff(b"%PDF-1.7\n") == "PDF"
    assert sniff(b"\x89PNG\r\n\x1a\n....") == "PNG"
    assert sniff(b"hello") is None
