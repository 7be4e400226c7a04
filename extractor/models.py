"""Frozen records passed between pipeline stages.

Every record is built complete by the stage that owns it and never mutated later; every value
keeps the provenance a person needs to find it again (file, 1-based page or line, bbox, method).
Coordinates are PDF points with the origin at the top-left of the page (pdfplumber's convention);
OCR words are scaled back to points so both feed the same table code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = "1.0"

SourceKind = Literal["pdf", "scan", "text", "image"]
Status = Literal["ok", "partial", "failed"]
Severity = Literal["error", "warning", "info"]
# page errors of pages that were read but whose table gave nothing (extractor.honesty): partial, not failed
READ_PAGE_ERRORS = frozenset({"table_unread", "table_no_rows"})


class Method(StrEnum):
    """How a value was read; stored in provenance so auditors know how far to trust it."""

    PDF_RULED = "pdf-ruled"  # table cells from ruling lines
    PDF_STREAM = "pdf-stream"  # table cells from word-position clustering
    OCR_RULED = "ocr-ruled"
    OCR_STREAM = "ocr-stream"
    TEXT_MARKDOWN = "text-markdown"
    TEXT_TSV = "text-tsv"
    TEXT_ALIGNED = "text-aligned"
    TEXT_LINES = "text-lines"  # one cell per line, rebuilt into rows
    NARRATIVE = "narrative"  # a figure stated in running text
    REVIEW = "review"  # set by a person in `lakip review` (never by the extractor)

    @property
    def ocr(self) -> bool:
        """Read by OCR: its figures may carry a scan's misreadings ('%' read as '96')."""
        return self.value.startswith("ocr")


@dataclass(frozen=True)
class BBox:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    def as_list(self) -> list[float]:
        return [round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1)]

    @staticmethod
    def enclosing(boxes: Iterable[BBox]) -> BBox | None:
        result: BBox | None = None
        for box in boxes:
            result = box if result is None else result.union(box)
        return result


@dataclass(frozen=True)
class Provenance:
    """Where a value came from: enough for a person to find the cell."""

    file: str
    page: int | None  # 1-based; None for text dumps without page breaks
    line: int | None  # 1-based line in a text dump (or OCR line number on the page)
    bbox: BBox | None
    method: Method
    table: int | None = None  # index of the table in the document, 0-based

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "page": self.page,
            "line": self.line,
            "bbox": self.bbox.as_list() if self.bbox else None,
            "method": self.method.value,
            "table": self.table,
        }


WORD_COLUMNS = ("page", "line", "word", "text", "conf", "x0", "top", "x1", "bottom")


@dataclass(frozen=True)
class Word:
    """One word of the fixed word frame shared by the PDF text layer and OCR.

    ``conf`` is 0-100 (100 for a PDF text layer); ``line`` numbers lines within the page.
    """

    page: int
    line: int
    word: int
    text: str
    conf: float
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def bbox(self) -> BBox:
        return BBox(self.x0, self.top, self.x1, self.bottom)


def words_to_dataframe(words: Iterable[Word]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame([asdict(w) for w in words], columns=list(WORD_COLUMNS))


@dataclass(frozen=True)
class Segment:
    """A ruling line (table border) in page points; horizontal when top == bottom."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return abs(self.bottom - self.top) <= abs(self.x1 - self.x0)


@dataclass(frozen=True)
class Page:
    """One page's content in the common word model, whatever it was read from."""

    number: int  # 1-based
    width: float
    height: float
    words: tuple[Word, ...]
    segments: tuple[Segment, ...] = ()
    source: Literal["text-layer", "ocr", "text"] = "text-layer"
    dpi: int | None = None  # resolution OCR ran at, if any
    # OCR pages: rows (top, bottom in points) where the image itself shows a table (ruled grid, or
    # text lines split into aligned columns: ``ocr.bands.image_table_band``), whatever was read
    image_table: tuple[float, float] | None = None

    def text_lines(self) -> list[str]:
        """Words joined into lines in reading order (used for triage, captions and narrative)."""
        lines: dict[int, list[Word]] = {}
        for w in self.words:
            lines.setdefault(w.line, []).append(w)
        ordered = sorted(lines.values(), key=lambda ws: (min(w.top for w in ws), min(w.x0 for w in ws)))
        return [" ".join(w.text for w in sorted(ws, key=lambda w: w.x0)) for ws in ordered]


@dataclass(frozen=True)
class Cell:
    """One table cell: raw text plus where it sits."""

    text: str
    row: int
    col: int
    page: int | None
    line: int | None
    bbox: BBox | None
    conf: float | None = None  # mean OCR confidence of its words, None for text layers

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class TableRow:
    index: int
    cells: tuple[Cell, ...]
    # the finder saw one text drawn across the columns (a merged cell, a "Sasaran ..." band row),
    # however short: context for the rows under it, never a label's next line
    band: bool = False

    def texts(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.cells)

    def at(self, col: int) -> Cell | None:
        """The row's cell in column ``col`` (by its ``col``, not its place in ``cells``)."""
        return next((c for c in self.cells if c.col == col), None)


@dataclass(frozen=True)
class Table:
    """A grid of cells found on one or more pages (continuations already stitched)."""

    index: int
    method: Method
    rows: tuple[TableRow, ...]
    pages: tuple[int, ...] = ()
    caption: str | None = None  # the title text just above the table, if any
    caption_line: int | None = None
    bbox: BBox | None = None  # on the first page
    # header rows as the finder saw them (a borderless finder knows which printed lines were dense
    # in header words); None when the finder leaves it to the header model
    header_rows: int | None = None

    @property
    def n_cols(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)

    @property
    def lone_row(self) -> bool:
        """One headerless row: a table's last row alone at the top of the next page, kept only to
        be stitched onto the table it continues."""
        return self.header_rows == 0 and len(self.rows) == 1

    @property
    def first_line(self) -> int | None:
        for r in self.rows:
            for c in r.cells:
                if c.line is not None:
                    return c.line
        return None

    def to_dataframe(self) -> pd.DataFrame:
        import pandas as pd

        width = self.n_cols
        data = [[*r.texts(), *[""] * (width - len(r.cells))] for r in self.rows]
        return pd.DataFrame(data, columns=[f"c{i}" for i in range(width)])


@dataclass(frozen=True)
class CellValue:
    """A parsed cell: the typed value, the raw string it came from, and its provenance."""

    raw: str
    value: float | int | str | None  # number for numeric cells, str for grades/opinions
    kind: str  # see values.ValueKind
    unit: str | None
    provenance: Provenance
    repairs: tuple[str, ...] = ()  # OCR repairs applied, e.g. "'98&' read as '98%'"
    conf: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"raw": self.raw, "kind": self.kind, "provenance": self.provenance.to_dict()}
        if self.repairs:
            out["repairs"] = list(self.repairs)
        if self.conf is not None:
            out["conf"] = round(self.conf, 1)
        if self.unit is not None:
            out["unit"] = self.unit
        return out


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    score: float
    measure: str = ""  # the catalogue measure the id belongs to (its own id when ungrouped)


@dataclass(frozen=True)
class IndicatorRecord:
    indicator_id: str | None
    label: str
    label_raw: str
    match_score: float | None
    sasaran: str | None
    unit: str | None
    target: CellValue | None
    realisasi: CellValue | None
    capaian: CellValue | None
    capaian_computed: float | None
    year: int | None
    provenance: Provenance
    candidates: tuple[Candidate, ...] = ()
    role: Literal["performance", "agreement"] = "performance"
    measure_id: str | None = None  # what is compared across units: one measure, several wordings


BudgetLevel = Literal[
    "total", "program", "kegiatan", "kro", "ro", "sasaran", "indikator", "jenis_belanja", "other"
]


@dataclass(frozen=True)
class BudgetRecord:
    level: BudgetLevel
    code: str | None
    name: str
    pagu: CellValue | None
    realisasi: CellValue | None
    persen: CellValue | None
    persen_computed: float | None
    year: int | None
    provenance: Provenance
    table_caption: str | None = None


@dataclass(frozen=True)
class Flag:
    code: str
    severity: Severity
    message: str
    provenance: tuple[Provenance, ...]
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Satker:
    name: str | None
    level: Literal["kota", "kabupaten", "provinsi", "pusat"] | None
    region: str | None
    province: str | None
    year: int | None


@dataclass(frozen=True)
class Source:
    file: str
    sha256: str
    pages: int
    kind: SourceKind


@dataclass(frozen=True)
class PageError:
    page: int | None
    code: str
    message: str


@dataclass(frozen=True)
class TextLine:
    """One line of running text, kept for metadata detection and narrative audits."""

    text: str
    page: int | None
    line: int | None
    bbox: BBox | None = None


@dataclass(frozen=True)
class Document:
    """Everything extracted from one input; ``status`` is never "ok" while ``errors`` is non-empty."""

    source: Source
    satker: Satker
    indicators: tuple[IndicatorRecord, ...]
    budget: tuple[BudgetRecord, ...]
    flags: tuple[Flag, ...]
    errors: tuple[PageError, ...]
    tables: tuple[Table, ...] = ()
    narrative: tuple[TextLine, ...] = ()  # running text, for metadata and text-vs-table audits
    occurrences: tuple[IndicatorRecord, ...] = ()  # every table row of ``indicators`` (for audits)
    stats: Mapping[str, Any] = field(default_factory=dict)
    schema_version: str = SCHEMA_VERSION

    @property
    def status(self) -> Status:
        if not self.errors:
            return "ok"
        if self.indicators or self.budget or self.tables:
            return "partial"
        # pages that were read, whose tables gave nothing (extractor.honesty): read, not failed
        return "partial" if all(e.code in READ_PAGE_ERRORS for e in self.errors) else "failed"
