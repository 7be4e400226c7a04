"""Stage 1 — ingest: identify an input by its bytes, fingerprint it, and refuse bad files early.

Deciding the kind from magic bytes (not the file name) is what lets a batch of files from the
internet fail one by one with a clear message instead of crashing deep inside a parser.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from extractor.errors import (
    CorruptInputError,
    EncryptedInputError,
    InputNotFoundError,
    NoContentError,
    TooLargeError,
    UnsupportedInputError,
)

if TYPE_CHECKING:
    import pypdfium2

log = logging.getLogger(__name__)

InputKind = Literal["pdf", "image", "text"]

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
_IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}
TEXT_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
LEGACY_ENCODINGS = frozenset({"cp1252", "latin-1"})
# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class IngestSettings:
    """Limits that keep one hostile file from exhausting a batch worker."""

    password: str | None = None
    max_bytes: int = 500 * 1024 * 1024
    max_pages: int = 5000
    max_page_points: float = 14400.0  # 200 inches: PDF's own user-unit limit
    # a text dump's line: the table parsers' memory grows with line length (a 100 MB one-line
    # file took over 7 GB); real dumps stay under a few thousand characters a line
    max_line_chars: int = 100_000

    def __post_init__(self) -> None:
        if (
            self.max_bytes <= 0
            or self.max_pages <= 0
            or self.max_page_points <= 0
            or self.max_line_chars <= 0
        ):
            raise ValueError("ingest limits must be positive")


@dataclass(frozen=True)
class InputFile:
    path: Path
    kind: InputKind
    sha256: str
    size: int
    pages: int  # PDF pages, image frames, or text pages (form feeds + 1)
    text: str | None = None  # decoded text for text dumps
    encoding: str | None = None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sniff(head: bytes) -> str | None:
    """Name the format of a file from its first bytes, or None if it is not a known binary one."""
    if head.lstrip(b"\x00\t\r\n ")[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "PDF"
    for magic, name in _IMAGE_MAGIC.items():
        if head.startswith(magic):
            return name
    return None


def open_input(path: Path, settings: IngestSettings | None = None) -> InputFile:
    """Check and fingerprint one input; raises a LakipError subclass for every bad case."""
    settings = settings or IngestSettings()
    try:
        return _open_input(path, settings)
    except OSError as exc:  # unreadable (permissions, I/O error): bad input, not a crash
        why = exc.strerror or type(exc).__name__
        raise InputNotFoundError(f"cannot be read ({why})", path=str(path)) from None


def _open_input(path: Path, settings: IngestSettings) -> InputFile:
    name = str(path)
    if not path.exists():
        raise InputNotFoundError("no such file", path=name)
    if not path.is_file():
        raise UnsupportedInputError("not a regular file", path=name)
    size = path.stat().st_size
    if size == 0:
        raise NoContentError("file is empty (0 bytes)", path=name)
    if size > settings.max_bytes:
        raise TooLargeError(f"file is {size:,} bytes, over the {settings.max_bytes:,}-byte limit", path=name)
    with path.open("rb") as fh:
        head = fh.read(2048)
    fmt = sniff(head)
    suffix = path.suffix.lower()
    digest = sha256_file(path)
    if fmt == "PDF":
        pages = _check_pdf(path, settings)
        return InputFile(path, "pdf", digest, size, pages)
    if fmt in {"PNG", "JPEG", "TIFF"}:
        if suffix == ".pdf":
            raise UnsupportedInputError(
                f"named .pdf but holds a {fmt} image; rename it to .{fmt.lower()} to OCR it", path=name
            )
        return InputFile(path, "image", digest, size, _count_frames(path, settings))
    if suffix == ".pdf":
        raise CorruptInputError(
            "named .pdf but has no PDF header; the file is damaged or not a PDF", path=name
        )
    if suffix in IMAGE_SUFFIXES:
        raise CorruptInputError(f"named {suffix} but is not a readable image", path=name)
    data = path.read_bytes()
    if _bom_encoding(data) is None and b"\x00" in data[:65536]:
        raise UnsupportedInputError(
            "binary file of unknown type; lakip reads PDF, PNG/JPEG/TIFF and .txt/.md dumps", path=name
        )
    text, encoding = decode_text(data, name)
    if not text.strip():
        raise NoContentError("text file holds only white space", path=name)
    _check_lines(text, settings.max_line_chars, name)
    if encoding in LEGACY_ENCODINGS:
        log.warning("%s: not UTF-8, decoded as %s", name, encoding)
    return InputFile(path, "text", digest, size, text.count("\f") + 1, text=text, encoding=encoding)


def _check_lines(text: str, limit: int, name: str) -> None:
    """Refuse a text whose longest line is over ``limit`` characters, before any parser sees it;
    walks the line breaks with ``str.find`` (linear, C speed) instead of splitting into a list."""
    start = number = 0
    while start < len(text):
        number += 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > limit:
            raise TooLargeError(
                f"line {number} is {end - start:,} characters long, over the {limit:,}-character limit "
                "for text dumps; is this a text export of a report?",
                path=name,
            )
        start = end + 1


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode_text(data: bytes, name: str | None = None) -> tuple[str, str]:
    """Decode a text dump; legacy Windows exports are common, so fall back to cp1252.

    A UTF-16/32 byte-order mark (Notepad's "Unicode" export) is trusted: such text is full of NUL
    bytes and would otherwise pass for binary or for mojibake in a one-byte code page.
    """
    wide = _bom_encoding(data)
    if wide is not None:
        try:
            return data.decode(wide), wide
        except UnicodeDecodeError as exc:
            raise CorruptInputError(
                f"text starts with a {wide.upper()} byte-order mark but is not valid {wide.upper()} "
                f"(byte {exc.start}); the file is truncated or damaged",
                path=name,
            ) from exc
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")


def _check_pdf(path: Path, settings: IngestSettings) -> int:
    import pypdfium2 as pdfium

    name = str(path)
    try:
        pdf = pdfium.PdfDocument(str(path), password=settings.password)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            hint = "wrong password" if settings.password else "decrypt with --password"
            raise EncryptedInputError(f"PDF is encrypted: {hint}", path=name) from exc
        if _has_no_pages(path):
            raise NoContentError("PDF has no pages", path=name) from exc
        raise CorruptInputError(f"PDF is damaged and cannot be opened ({exc})", path=name) from exc
    try:
        count = len(pdf)
        if count == 0:
            raise NoContentError("PDF has no pages", path=name)
        if count > settings.max_pages:
            raise TooLargeError(
                f"PDF has {count} pages, over the limit of {settings.max_pages} pages; split it", path=name
            )
        _check_page_sizes(pdf, count, settings.max_page_points, name)
        return count
    finally:
        pdf.close()


def _check_page_sizes(pdf: pypdfium2.PdfDocument, count: int, limit: float, name: str) -> None:
    """Refuse a page-size bomb before anything renders it; reads page boxes, not page content.

    A page tree that PDFium cannot walk (a cycle, absurd nesting) fails here, as a damaged file,
    instead of deep inside triage.
    """
    import pypdfium2 as pdfium

    for index in range(count):
        try:
            width, height = pdf.get_page_size(index)
        except pdfium.PdfiumError as exc:
            raise CorruptInputError(
                "page cannot be read; the page tree is damaged or loops", path=name, page=index + 1
            ) from exc
        if not (width <= limit and height <= limit):  # also catches NaN
            raise TooLargeError(
                f"page is {width:.0f} x {height:.0f} pt, over the {limit:.0f} pt page-size limit",
                path=name,
                page=index + 1,
            )


def _has_no_pages(path: Path) -> bool:
    """PDFium rejects an empty page tree as a format error; pdfminer can tell the two apart.

    pdfminer's warnings about the damage are muted: the caller reports it in one line.
    """
    import pdfplumber

    miner = logging.getLogger("pdfminer")
    level = miner.level
    miner.setLevel(logging.CRITICAL)
    try:
        with pdfplumber.open(str(path)) as pdf:
            return len(pdf.pages) == 0
    except Exception:
        return False
    finally:
        miner.setLevel(level)


def _count_frames(path: Path, settings: IngestSettings) -> int:
    """Frames of an image file, refused over the page limit or Pillow's decompression-bomb size
    (a 20000 x 20000 PNG) before anything decodes them."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            frames = int(getattr(img, "n_frames", 1))
            width, height = img.size
    except Image.DecompressionBombError as exc:
        raise TooLargeError(f"image is too large to decode safely ({exc})", path=str(path)) from None
    except (UnidentifiedImageError, OSError) as exc:
        raise CorruptInputError(f"image cannot be read ({exc})", path=str(path)) from exc
    if frames > settings.max_pages:
        raise TooLargeError(
            f"image has {frames} frames, over the limit of {settings.max_pages} pages; split it",
            path=str(path),
        )
    limit = Image.MAX_IMAGE_PIXELS
    if limit and width * height > limit:
        raise TooLargeError(
            f"image is {width} x {height} pixels, over the {limit:,}-pixel limit", path=str(path)
        )
    return frames
