"""The pipeline: ingest → pages → tables → rows → values/catalogue → normalise → audit, for one file.

Each stage is a plain function in its own module; this module only wires them and records what
went wrong per page, so a bad page makes a partial document instead of a crash.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, TypeVar

from extractor.audit import AuditInput, AuditSettings, run_audit
from extractor.catalogue import Matcher, MatchSettings, load_catalogue
from extractor.errors import (
    CorruptInputError,
    ExtractionTimeoutError,
    LakipError,
    NoContentError,
    TooLargeError,
)
from extractor.honesty import shown_tables, unread_table_errors, year_flags
from extractor.ingest import IngestSettings, InputFile, open_input
from extractor.metadata import detect_satker
from extractor.models import Document, Flag, Method, Page, PageError, Satker, Source, Table, TextLine
from extractor.normalise import build_records
from extractor.ocr import OcrSettings
from extractor.pages import (
    UNREADABLE_LAYER,
    PageTriage,
    TriageSettings,
    narrative_lines,
    page_text_lines,
    triage_pdf,
    words_look_like_table,
)
from extractor.pdfwords import REPLACEMENT, load_pages
from extractor.review.document import correct_records
from extractor.review.store import Review
from extractor.rows import semantic_rows
from extractor.scanlayer import add_image_rules
from extractor.stitch import assign_roles
from extractor.tables import TableSettings, find_tables
from extractor.tables.text import parse_text_dump

log = logging.getLogger(__name__)

OcrMode = Literal["auto", "always", "never"]
ProgressCallback = Callable[[int, int], None]
T = TypeVar("T")


@dataclass(frozen=True)
class ExtractSettings:
    """All stage settings in one object; each part validates itself.

    ``timeout_s`` bounds the work on one file; it is checked between stages and between pages
    (a single page is never interrupted), so a runaway file stops with a TIMEOUT error.
    """

    ingest: IngestSettings = field(default_factory=IngestSettings)
    triage: TriageSettings = field(default_factory=TriageSettings)
    tables: TableSettings = field(default_factory=TableSettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)
    match: MatchSettings = field(default_factory=MatchSettings)
    audit: AuditSettings = field(default_factory=AuditSettings)
    ocr_mode: OcrMode = "auto"
    catalogue: Path | None = None
    timeout_s: float | None = None
    review: Review | None = None  # corrections of `lakip review`, applied before the audit runs

    def __post_init__(self) -> None:
        if self.ocr_mode not in ("auto", "always", "never"):
            raise ValueError(f"ocr mode must be auto, always or never, not {self.ocr_mode!r}")
        if self.timeout_s is not None and not self.timeout_s > 0:
            raise ValueError(f"timeout must be a positive number of seconds, not {self.timeout_s!r}")


@dataclass(frozen=True)
class _Deadline:
    """The cooperative per-file time limit; ``check`` names how far the work got."""

    file: str
    limit_s: float | None
    started: float

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def check(self, stage: str) -> None:
        if self.limit_s is None:
            return
        elapsed = self.elapsed()
        if elapsed > self.limit_s:
            raise ExtractionTimeoutError(
                f"stopped after {elapsed:.1f} s (limit {self.limit_s:g} s) {stage}; raise the time limit",
                path=self.file,
            )


def extract(
    path: Path | str, settings: ExtractSettings | None = None, progress: ProgressCallback | None = None
) -> Document:
    """Extract one report. Raises LakipError for a file that cannot be read at all.

    A file with no text anywhere (blank pages, or image pages under ``ocr_mode="never"``) raises
    NoContentError rather than returning an empty "ok" document.
    """
    settings = settings or ExtractSettings()
    started = time.perf_counter()
    deadline = _Deadline(str(path), settings.timeout_s, started)
    try:
        with _alarm(deadline):
            return _extract(Path(path), settings, progress, deadline)
    except MemoryError:
        raise TooLargeError(
            "ran out of memory; the file is too large or too dense to process", path=str(path)
        ) from None


ALARM_GRACE_S = 1.0


@contextmanager
def _alarm(deadline: _Deadline) -> Iterator[None]:
    """Enforce the time limit inside long stages too (matching and audit of a huge text, one slow
    page), not only between them: a SIGALRM raises the timeout wherever the work is. Only in the
    main thread of a process that has no alarm of its own; elsewhere the checks between stages
    and pages remain the limit."""
    if (
        deadline.limit_s is None
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, None)
    ):
        yield
        return

    def fire(signum: int, frame: object) -> None:
        # again shortly: the timer may fire a hair early, or a broad ``except`` may swallow this one
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        deadline.check("while matching, auditing or reading one page")

    signal.signal(signal.SIGALRM, fire)
    # a second's grace: where the checks between stages and pages come first, they say more
    signal.setitimer(signal.ITIMER_REAL, max(deadline.limit_s - deadline.elapsed(), 0.0) + ALARM_GRACE_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def _extract(
    path: Path, settings: ExtractSettings, progress: ProgressCallback | None, deadline: _Deadline
) -> Document:
    started = deadline.started
    source = open_input(path, settings.ingest)
    deadline.check("after checking the file")
    if source.kind == "text":
        tables, narrative, errors, stats, shown = _from_text(source)
        kind: Literal["pdf", "scan", "text", "image"] = "text"
    elif source.kind == "pdf":
        tables, narrative, errors, stats, shown = _from_pdf(source, settings, progress, deadline)
        scanned = stats.get("pages_ocr", 0) + stats.get("pages_hidden_layer_read", 0)
        kind = "scan" if scanned > stats.get("pages", 1) / 2 else "pdf"
    else:
        tables, narrative, errors, stats, shown = _from_image(source, settings, progress, deadline)
        kind = "image"
    if not tables and not narrative and all(e.code == OCR_SKIPPED for e in errors):
        raise NoContentError(_nothing_read(stats, skipped=len(errors)), path=str(source.path))
    deadline.check(f"after reading all {stats.get('pages', 0)} pages, before matching and audit")
    tables = tuple(replace(t, index=i) for i, t in enumerate(tables))
    satker = detect_satker(list(narrative), source=source.path.name)
    doc = assemble(source, kind, satker, tables, narrative, errors, settings)
    # honest status: a page image showing a table that gave nothing is a page error, not "ok"
    unread = unread_table_errors(doc, shown)
    summary: dict[str, float | int] = {**stats, "seconds": round(time.perf_counter() - started, 3)}
    summary["tables"] = len(tables)
    if shown:
        summary["pages_table_shown"] = len(shown)
    if unread:
        summary["pages_table_unread"] = len(unread)
    flags = doc.flags + _repair_flags(summary) + _nothing_found(doc) + year_flags(satker, tables)
    return replace(doc, stats=summary, flags=flags, errors=doc.errors + unread)


NO_TABLES = "no_tables_found"


def _nothing_found(doc: Document) -> tuple[Flag, ...]:
    """A report in which nothing was found is never silently "ok": a README, a cover letter, or a
    layout lakip cannot read yet all say so, and a batch counts them."""
    if doc.indicators or doc.budget:
        return ()
    what = "no indicator or budget table found"
    if doc.satker.name is None:
        what += " and no reporting unit named: this does not look like a LAKIP/LKjIP report"
    else:
        what += "; check the report (a layout lakip cannot read yet?)"
    return (Flag(NO_TABLES, "warning", what, (), {"tables": len(doc.tables)}),)


def _repair_flags(stats: dict[str, float | int]) -> tuple[Flag, ...]:
    """What the reading changed in the text, recorded where a reader of the output will see it."""
    count = int(stats.get("chars_replaced", 0))
    if not count:
        return ()
    message = (
        f"{count} characters of the text layer had no valid Unicode value (a broken font map) "
        "and were replaced by U+FFFD"
    )
    return (Flag("text_repaired", "info", message, (), {"chars_replaced": count}),)


def assemble(
    source: InputFile,
    kind: Literal["pdf", "scan", "text", "image"],
    satker: Satker,
    tables: tuple[Table, ...],
    narrative: tuple[TextLine, ...],
    errors: tuple[PageError, ...],
    settings: ExtractSettings,
) -> Document:
    # a file name that is not UTF-8 (bytes kept as surrogates) must still be writable as JSON
    file = source.path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    matcher = _matcher(settings)
    roled = assign_roles(tables, satker.year)
    rows = [semantic_rows(rt, satker.year) for rt in roled]
    records = build_records(file, roled, rows, matcher)
    if settings.review is not None:
        records = correct_records(records, source.sha256, settings.review, load_catalogue(settings.catalogue))
    audit_flags = run_audit(
        AuditInput(satker, records.occurrences, records.budget, narrative, satker.year), settings.audit
    )
    flags: tuple[Flag, ...] = records.flags + audit_flags
    return Document(
        source=Source(file, source.sha256, source.pages, kind),
        satker=satker,
        indicators=records.indicators,
        budget=records.budget,
        flags=flags,
        errors=errors,
        tables=tables,
        narrative=narrative,
        occurrences=records.occurrences,
    )


_MATCHERS: dict[tuple[Path | None, MatchSettings], Matcher] = {}


def warm_up(settings: ExtractSettings | None = None) -> None:
    """Build the per-process caches (catalogue matcher, gazetteer, output schema) once, so batch
    workers forked from a warmed server do not each pay for them."""
    from extractor.gazetteer import load_gazetteer
    from extractor.writers import load_schema

    _matcher(settings or ExtractSettings())
    load_gazetteer()
    load_schema()


def _matcher(settings: ExtractSettings) -> Matcher:
    key = (settings.catalogue, settings.match)
    if key not in _MATCHERS:
        _MATCHERS[key] = Matcher(load_catalogue(settings.catalogue), settings.match)
    return _MATCHERS[key]


# tables, running text, page errors, stats, and the OCR pages whose image shows a table (honesty)
Parts = tuple[tuple[Table, ...], tuple[TextLine, ...], tuple[PageError, ...], dict[str, int], dict[int, str]]
OCR_SKIPPED = "ocr_skipped"  # page error code: an image page left unread because OCR is off


def _nothing_read(stats: dict[str, int], *, skipped: int) -> str:
    pages = stats.get("pages", 0)
    if skipped:
        return f"no text layer on any of its {pages} pages and OCR is off; run with --ocr auto"
    if stats.get("pages_ocr", 0):
        return f"no text on any of its {pages} pages, and OCR found none"
    return f"no text on any of its {pages} pages"


def _from_text(source: InputFile) -> Parts:
    assert source.text is not None
    content = parse_text_dump(source.text)
    return content.tables, content.narrative, (), {"pages": content.pages, "pages_ocr": 0}, {}


def _triage(source: InputFile, settings: ExtractSettings) -> list[PageTriage]:
    import pypdfium2 as pdfium

    triage_settings = settings.triage
    if settings.ocr_mode == "always":  # every page is OCR'd: no text layer is worth judging
        triage_settings = replace(triage_settings, check_hidden_layer=False, min_layer_agreement=0.0)
    try:
        return triage_pdf(source.path, password=settings.ingest.password, settings=triage_settings)
    except pdfium.PdfiumError as exc:  # ingest checked the page tree; this is damage inside a page
        raise CorruptInputError(f"a page cannot be read ({exc})", path=str(source.path)) from exc


def _skipped_scans(triage: Sequence[PageTriage], settings: ExtractSettings) -> list[PageError]:
    """Image pages left unread under ``ocr_mode="never"``: errors, so the document is not "ok".

    A page with no text and no large image is blank (a separator page), not an error.
    """
    return [
        PageError(t.number, OCR_SKIPPED, f"image page not read ({t.reason}); OCR is off, use --ocr auto")
        for t in triage
        if t.needs_ocr and (t.image_cover >= settings.triage.image_cover or t.reason == UNREADABLE_LAYER)
    ]


def _from_pdf(
    source: InputFile, settings: ExtractSettings, progress: ProgressCallback | None, deadline: _Deadline
) -> Parts:
    password = settings.ingest.password
    triage = _triage(source, settings)
    deadline.check(f"after triage of {len(triage)} pages")
    errors: list[PageError] = []
    if settings.ocr_mode == "always":
        ocr_pages = [t.number for t in triage]
    elif settings.ocr_mode == "never":
        ocr_pages = []
        errors.extend(_skipped_scans(triage, settings))
    else:
        ocr_pages = [t.number for t in triage if t.needs_ocr]
    text_table_pages = [t.number for t in triage if t.is_table_page and t.number not in ocr_pages]
    narrative = [ln for ln in narrative_lines(triage) if ln.page not in ocr_pages]
    pages: dict[int, Page] = {}
    total = len(text_table_pages) + len(ocr_pages)
    done = 0
    loaded = load_pages(source.path, text_table_pages, password=password)
    with closing(_guarded(loaded, text_table_pages, errors)) as stream:
        for page in stream:
            pages[page.number] = page
            done += 1
            if progress:
                progress(done, total)
            deadline.check(f"reading table pages ({done} of {total} pages done)")
    replaced = {n: sum(w.text.count(REPLACEMENT) for w in page.words) for n, page in pages.items()}
    add_image_rules(source.path, pages, [t.number for t in triage if t.hidden_layer == "trusted"], password)
    dpi_counts: dict[str, int] = {}
    if ocr_pages:
        from extractor.ocr import ocr_pdf_pages

        results = ocr_pdf_pages(
            source.path,
            ocr_pages,
            settings=settings.ocr,
            password=password,
            is_table_page=words_look_like_table,
        )
        with closing(_guarded(results, ocr_pages, errors)) as stream:
            for result in stream:
                pages[result.page.number] = result.page
                narrative.extend(page_text_lines(result.page))
                for dpi in result.dpi_passes:
                    dpi_counts[f"pages_ocr_{dpi}dpi"] = dpi_counts.get(f"pages_ocr_{dpi}dpi", 0) + 1
                done += 1
                if progress:
                    progress(done, total)
                deadline.check(f"during OCR ({done} of {total} pages done)")
    tables = _tables_of(pages, settings, errors, ocr_pages, deadline)
    narrative.sort(key=lambda ln: (ln.page or 0, ln.line or 0))
    stats = {
        "pages": len(triage),
        "pages_table": len(text_table_pages),
        "pages_ocr": len(ocr_pages),
        **dpi_counts,
        **_hidden_layer_counts(triage, ocr_pages),
        **{k: v for k, v in (("chars_replaced", sum(replaced.values())),) if v},
    }
    if stats.get("chars_replaced"):
        repaired = [n for n, count in replaced.items() if count]
        log.info(
            "%s: %d invalid characters replaced on pages %s", source.path, stats["chars_replaced"], repaired
        )
    return tables, tuple(narrative), tuple(errors), stats, shown_tables(pages, ocr_pages)


def _hidden_layer_counts(triage: Sequence[PageTriage], ocr_pages: Sequence[int]) -> dict[str, int]:
    """Scanned pages whose scanner's hidden text layer was read, and those whose layer disagreed
    with the image and went to OCR instead (``PageTriage.hidden_layer``); absent when none."""
    read = sum(1 for t in triage if t.hidden_layer == "trusted" and t.number not in ocr_pages)
    reread = sum(1 for t in triage if t.hidden_layer == "rejected")
    return {
        k: v for k, v in (("pages_hidden_layer_read", read), ("pages_hidden_layer_rejected", reread)) if v
    }


def _from_image(
    source: InputFile, settings: ExtractSettings, progress: ProgressCallback | None, deadline: _Deadline
) -> Parts:
    from extractor.ocr import ocr_image_file

    errors: list[PageError] = []
    pages: dict[int, Page] = {}
    narrative: list[TextLine] = []
    numbers = list(range(1, source.pages + 1))
    results = ocr_image_file(source.path, settings=settings.ocr, is_table_page=words_look_like_table)
    with closing(_guarded(results, numbers, errors)) as stream:
        for i, result in enumerate(stream, start=1):
            pages[result.page.number] = result.page
            narrative.extend(page_text_lines(result.page))
            if progress:
                progress(i, source.pages)
            deadline.check(f"during OCR ({i} of {source.pages} pages done)")
    tables = _tables_of(pages, settings, errors, numbers, deadline)
    stats = {"pages": source.pages, "pages_ocr": len(pages)}
    return tables, tuple(narrative), tuple(errors), stats, shown_tables(pages, numbers)


def _tables_of(
    pages: dict[int, Page],
    settings: ExtractSettings,
    errors: list[PageError],
    ocr_pages: Sequence[int],
    deadline: _Deadline,
) -> tuple[Table, ...]:
    tables: list[Table] = []
    for done, number in enumerate(sorted(pages)):
        deadline.check(f"finding tables ({done} of {len(pages)} pages done)")
        page = pages[number]
        try:
            found = find_tables(page, settings.tables)
            if number in ocr_pages and not words_look_like_table(page.words):
                # OCR's words alone may not look tabular ('75,00 Yo' for '75,00 %'); a grid does,
                # and so do the last rows of a table alone at the top of the page after it
                found = tuple(t for t in found if t.method == Method.OCR_RULED or _last_rows(t))
            tables.extend(found)
        except Exception as exc:  # one bad page must not lose the document
            log.exception("page %d: table reconstruction failed", number)
            errors.append(PageError(number, "table_error", f"{type(exc).__name__}: {exc}"))
    return tuple(tables)


def _last_rows(table: Table) -> bool:
    """A headerless piece of fewer rows than a table page needs, each row holding two figures or
    more: a table's last rows alone at the top of the page after it (a lone row, or a last
    item and its total)."""
    if table.lone_row:
        return True
    figures = lambda row: sum(any(ch.isdigit() for ch in c.text) for c in row.cells)  # noqa: E731
    return (
        table.header_rows == 0
        and len(table.rows) < TriageSettings().min_table_rows
        and all(figures(r) >= 2 for r in table.rows)
    )


def _guarded(items: Iterator[T], numbers: Sequence[int], errors: list[PageError]) -> Generator[T, None, None]:
    """Yield from a page iterator, turning a failure into a page error for the remaining pages."""
    try:
        yield from items
    except LakipError:
        raise
    except Exception as exc:
        log.exception("page reading failed")
        errors.append(PageError(None, "page_error", f"{type(exc).__name__}: {exc} (pages {list(numbers)})"))
