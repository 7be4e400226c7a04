"""The ``lakip`` command: a thin Typer shell over the ``extractor`` library.

The library raises; this module alone prints, draws progress bars and maps exceptions to exit
codes (one handler, ``_run``), so every command fails the same documented way.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table as RichTable
from rich.text import Text

from extractor.errors import ExitCode, LakipError

if TYPE_CHECKING:
    from extractor.compare import Comparison

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Turn LAKIP / LKjIP reports into auditable data."
)
out = Console()
err = Console(stderr=True)
T = TypeVar("T")

# Options shared by several commands are declared once here.
OutDir = Annotated[Path, typer.Option("--out", "-o", help="Folder for the results.")]
CatalogueOpt = Annotated[
    Path | None, typer.Option("--catalogue", help="Extra catalogue (YAML/JSON) merged over the built-in one.")
]
OcrOpt = Annotated[
    str, typer.Option("--ocr", help="OCR pages: auto (when the text layer is missing or bad), always, never.")
]
LangOpt = Annotated[str, typer.Option("--lang", help="Tesseract languages.")]
EngineOpt = Annotated[
    str,
    typer.Option(
        "--ocr-engine",
        help="OCR engine: auto ($LAKIP_OCR_ENGINE, else the tesseract binary, else tesserocr), "
        "tesseract (the binary), tesserocr (in process).",
    ),
]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", help="Worker processes for OCR (0 = all cores).")]
PasswordOpt = Annotated[str | None, typer.Option("--password", help="Password of encrypted PDFs.")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Log every stage to stderr.")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", help="Per-file time limit in seconds.")]


def _text(value: object) -> str:
    """Data inside a message (a label, a file name): never read as rich markup, never a lone
    surrogate (a file name that is not UTF-8) that the terminal cannot encode."""
    return escape(str(value).encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def _cell(value: object) -> Text:
    return Text(str(value).encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def _say(console: Console, tag: str, message: str) -> None:
    """One line, however long and whatever the terminal width (``message`` is already escaped)."""
    console.print(f"{tag} {message}" if tag else message, highlight=False, soft_wrap=True)


def _error(message: str, code: ExitCode) -> typer.Exit:
    _say(err, "[red]error:[/red]", message)
    return typer.Exit(int(code))


def _run(action: Callable[[], T]) -> T:
    """The one place where exceptions become exit codes and one-line messages."""
    try:
        return action()
    except LakipError as exc:
        raise _error(_text(exc.one_line()), exc.exit_code) from None
    except KeyboardInterrupt:
        _say(err, "", "[yellow]interrupted[/yellow]")
        raise typer.Exit(130) from None
    except Exception as exc:
        message = _text(f"{type(exc).__name__}: {exc}").replace("\n", " ")
        _say(err, "[red]internal error:[/red]", f"{message} (please report this)")
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _settings(
    ocr: str,
    lang: str,
    jobs: int,
    password: str | None,
    catalogue: Path | None,
    timeout: float | None = None,
    engine: str = "auto",
) -> Any:
    from extractor.ingest import IngestSettings
    from extractor.ocr import OcrSettings
    from extractor.pipeline import ExtractSettings

    try:
        return ExtractSettings(
            ingest=IngestSettings(password=password),
            ocr=OcrSettings(lang=lang, jobs=jobs, engine=engine),
            ocr_mode=ocr,  # type: ignore[arg-type]
            catalogue=catalogue,
            timeout_s=timeout,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _print_version(value: bool) -> None:
    if value:
        from extractor import __version__

        typer.echo(f"lakip {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    pass


@app.command()
def extract(
    inputs: Annotated[list[Path], typer.Argument(help="PDF, image, or .txt/.md text dump files.")],
    outdir: OutDir = Path("out"),
    csv: Annotated[
        bool, typer.Option("--csv", help="Also write <stem>.indicators.csv and <stem>.budget.csv.")
    ] = False,
    ocr: OcrOpt = "auto",
    lang: LangOpt = "ind+eng",
    ocr_engine: EngineOpt = "auto",
    jobs: JobsOpt = 0,
    password: PasswordOpt = None,
    catalogue: CatalogueOpt = None,
    timeout: TimeoutOpt = 600.0,
    verbose: VerboseOpt = False,
) -> None:
    """Extract indicator and budget tables into OUTDIR/<stem>.json (and CSV with --csv)."""
    from extractor.pipeline import NO_TABLES
    from extractor.pipeline import extract as run_extract
    from extractor.review.store import adjuster, load_review, review_path, stale_rows
    from extractor.writers import document_to_dict, output_stems, write_outputs

    _logging(verbose)
    settings = _settings(ocr, lang, jobs, password, catalogue, timeout, ocr_engine)
    codes: list[int] = []
    stems = output_stems(inputs)
    for path, stem in zip(inputs, stems, strict=True):
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total} pages"),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as bar:
            task = bar.add_task(path.name, total=None)

            def progress(done: int, total: int, task: Any = task, bar: Progress = bar) -> None:
                bar.update(task, completed=done, total=total)

            def one(
                path: Path = path, stem: str = stem, progress: Callable[[int, int], None] = progress
            ) -> int:
                doc = run_extract(path, settings, progress)
                result = outdir / f"{stem}.json"
                written = write_outputs(doc, outdir, stem, csv=csv, adjust=adjuster(result))
                _say(
                    out,
                    "",
                    _text(
                        f"{path.name}: {doc.status}, {len(doc.indicators)} indicators, "
                        f"{len(doc.budget)} budget rows, {len(doc.flags)} flags -> {written[0]}"
                    ),
                )
                for e in doc.errors:
                    _say(err, "[yellow]warning:[/yellow]", _text(f"{path.name} page {e.page}: {e.message}"))
                for f in doc.flags:
                    if f.code == NO_TABLES:
                        _say(err, "[yellow]warning:[/yellow]", _text(f"{path.name}: {f.message}"))
                _report_stale(stale_rows(document_to_dict(doc), load_review(review_path(result))), result)
                return int(ExitCode.OK if doc.status == "ok" else ExitCode.PARTIAL)

            try:
                codes.append(_run(one))
            except typer.Exit as exc:
                codes.append(exc.exit_code)
    if len(codes) == 1:
        raise typer.Exit(codes[0])
    failed = sum(1 for c in codes if c != ExitCode.OK)
    raise typer.Exit(int(ExitCode.OK if failed == 0 else ExitCode.PARTIAL))


def _report_stale(stale: Sequence[Any], result: Path) -> None:
    """Corrections of `lakip review` whose row this extraction no longer has: kept, and listed."""
    if stale:
        _say(
            err,
            "[yellow]warning:[/yellow]",
            _text(f"{len(stale)} review corrections no longer match a row of {result.name} (kept; see `lakip review`):"),
        )
    for c in stale:
        _say(err, "  ", _text(f"{c.row} page {c.page}: {c.label} ({c.action})"))


@app.command()
def match(
    label: Annotated[str, typer.Argument(help="An indicator label as printed in a report.")],
    catalogue: CatalogueOpt = None,
) -> None:
    """Match one label against the indicator catalogue and print the result as JSON."""
    from extractor.catalogue import load_catalogue, match_json

    result = _run(lambda: match_json(label, load_catalogue(catalogue)))
    print(json.dumps(result, ensure_ascii=False))


catalogue_app = typer.Typer(help="Validate and list the indicator catalogue; grow it from a batch.")
app.add_typer(catalogue_app, name="catalogue")


@catalogue_app.callback(invoke_without_command=True)
def catalogue_cmd(
    ctx: typer.Context,
    catalogue: CatalogueOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the entries as JSON.")] = False,
) -> None:
    """Validate the catalogue (built-in, plus --catalogue) and list its indicators."""
    if ctx.invoked_subcommand is not None:
        return
    from extractor.catalogue import catalogue_summary, load_catalogue

    entries = _run(lambda: catalogue_summary(load_catalogue(catalogue)))
    if as_json:
        print(json.dumps(entries, ensure_ascii=False, indent=2))
        return
    table = RichTable(title=f"{len(entries)} catalogue entries (valid)")
    columns = [k for k in ("id", "name", "unit", "value_type", "direction") if entries and k in entries[0]]
    for key in columns:
        table.add_column(key)
    for entry in entries:
        table.add_row(*(_cell(entry.get(k) or "") for k in columns))
    out.print(table)


@catalogue_app.command("suggest")
def catalogue_suggest(
    outdir: Annotated[Path, typer.Argument(help="Output folder of `lakip batch`.")],
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="YAML to write (default OUTDIR/catalogue.suggested.yaml; never overwritten)."
        ),
    ] = None,
    catalogue: CatalogueOpt = None,
    similarity: Annotated[
        float, typer.Option("--similarity", help="Word overlap (0-1] that puts two labels in one group.")
    ] = 0.5,
    alias_score: Annotated[
        float,
        typer.Option("--alias-score", help="Matcher score from which a group becomes aliases of an entry."),
    ] = 50.0,
) -> None:
    """Group the labels of a batch that no entry matched and write proposed entries and aliases."""
    from extractor.catalogue import load_catalogue
    from extractor.catalogue.suggest import SuggestSettings, render_yaml, suggest, write_suggestions

    try:
        settings = SuggestSettings(similarity=similarity, alias_score=alias_score)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(int(ExitCode.USAGE)) from None
    target = out_file or outdir / "catalogue.suggested.yaml"
    proposals = _run(lambda: suggest(outdir, load_catalogue(catalogue), settings))
    _run(lambda: write_suggestions(render_yaml(proposals, outdir), target))
    aliases = sum(p.kind == "alias" for p in proposals)
    rows = sum(len(p.cluster.rows) for p in proposals)
    out.print(
        f"{len(proposals)} proposals ({len(proposals) - aliases} new entries, {aliases} with new aliases) "
        f"from {rows} unmatched rows; review and merge with --catalogue: {target}"
    )


@app.command()
def audit(
    target: Annotated[
        Path,
        typer.Argument(
            help="An output .json of `lakip extract` (audited alone), or a report to extract first."
        ),
    ],
    outdir: Annotated[
        Path | None, typer.Option("--out", "-o", help="Folder for the results (default: beside TARGET).")
    ] = None,
    html: Annotated[bool, typer.Option("--html", help="Also write <stem>.audit.html.")] = False,
    source: Annotated[
        Path | None,
        typer.Option(
            "--source",
            help="The original report, for page images in the HTML (default: source.file beside the JSON).",
        ),
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the HTML page: id (default) or en.")
    ] = "id",
    catalogue: CatalogueOpt = None,
    password: PasswordOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Run every audit check on a result JSON; print a summary, write <stem>.flags.csv (and HTML with --html)."""
    from extractor.audit import audit_document, flags_to_dataframe
    from extractor.writers import write_csv

    _logging(verbose)
    if lang not in ("id", "en"):
        raise _error(_text(f"--lang must be 'id' or 'en', not {lang!r}"), ExitCode.USAGE)
    is_json = target.suffix.lower() == ".json"
    if is_json:
        from extractor.catalogue import load_catalogue
        from extractor.reader import load_document
        from extractor.review.document import corrected_document
        from extractor.review.store import load_review, review_path

        doc = _run(lambda: load_document(target))
        review = _run(lambda: load_review(review_path(target)))
        if review is not None:  # audit what a person corrected in `lakip review`
            doc = corrected_document(doc, review, _run(lambda: load_catalogue(catalogue)))
        doc = _run(lambda: audit_document(doc))
        report = source or target.parent / Path(doc.source.file).name
    else:
        from extractor.pipeline import extract as run_extract

        doc = _run(lambda: run_extract(target, _settings("auto", "ind+eng", 0, password, catalogue)))
        report = source or target
    folder = outdir if outdir is not None else target.parent
    stem = target.name.removesuffix(".json") if is_json else target.stem
    _run(lambda: write_csv(flags_to_dataframe(doc.flags), folder / f"{stem}.flags.csv"))
    _print_flags(doc, target)
    if html:
        _write_audit_page(doc, folder / f"{stem}.audit.html", report, lang, password)
    raise typer.Exit(int(ExitCode.OK))


def _print_flags(doc: Any, target: Path) -> None:
    table = RichTable(
        title=_text(f"{doc.satker.name or target.name} {doc.satker.year or ''}: {len(doc.flags)} flags")
    )
    for col in ("severity", "code", "where", "message"):
        table.add_column(col, overflow="fold")
    for f in doc.flags:
        p = f.provenance[0] if f.provenance else None
        where = f"p{p.page} l{p.line}" if p else ""
        table.add_row(_cell(f.severity), _cell(f.code), where, _cell(f.message))
    out.print(table)


def _write_audit_page(doc: Any, path: Path, report: Path, lang: str, password: str | None) -> None:
    from extractor.output.audit_page import write_audit_page

    if not report.is_file():
        _say(
            err,
            "[yellow]note:[/yellow]",
            _text(f"{report} not found: the page has no page images (use --source)"),
        )
    _run(
        lambda: write_audit_page(
            doc, path, report if report.is_file() else None, lang=lang, password=password
        )
    )
    _say(out, "wrote", _text(path))


@app.command()
def batch(
    input_dir: Annotated[Path, typer.Argument(help="Folder of reports (searched recursively).")],
    outdir: OutDir = Path("out"),
    jobs: JobsOpt = 0,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Skip files the manifest records as done (and unchanged since)."),
    ] = False,
    retry_failed: Annotated[
        bool,
        typer.Option("--retry-failed/--no-retry-failed", help="With --resume: extract failed files again."),
    ] = True,
    timeout: TimeoutOpt = 600.0,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address (tcp://host:port), or 'local'.")
    ] = None,
    dask_local: Annotated[bool, typer.Option("--dask-local", help="Run on a Dask LocalCluster.")] = False,
    csv: Annotated[bool, typer.Option("--csv", help="Also write per-file CSVs.")] = False,
    ocr: OcrOpt = "auto",
    lang: LangOpt = "ind+eng",
    ocr_engine: EngineOpt = "auto",
    password: PasswordOpt = None,
    catalogue: CatalogueOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Extract every report in a folder, one process per file; write combined CSV, Parquet and DuckDB."""
    from extractor.bulk import BatchSettings, run_batch

    _logging(verbose)
    settings = _settings(ocr, lang, 1, password, catalogue, timeout, ocr_engine)
    try:
        options = BatchSettings(
            jobs=jobs,
            timeout_s=timeout,
            resume=resume,
            retry_failed=retry_failed,
            csv=csv,
            scheduler="local" if dask_local else scheduler,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    failures = 0
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} files"),
        TextColumn("{task.fields[pages]} pages, {task.fields[failed]} failed"),
        TimeRemainingColumn(),
        console=err,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task("batch", total=None, pages=0, failed=0)

        def progress(entry: Any, done: int, total: int) -> None:
            nonlocal failures
            failures += entry.status == "failed"
            pages = bar.tasks[0].fields["pages"] + (entry.pages or 0)
            bar.update(task, completed=done, total=total, pages=pages, failed=failures)
            if entry.status == "failed":
                _say(err, "[yellow]failed:[/yellow]", _text(entry.error))

        result = _run(lambda: run_batch(input_dir, outdir, settings, options, progress))
    ok = sum(1 for e in result.entries if e.status != "failed")
    _say(
        out,
        "",
        _text(
            f"{ok} extracted ({result.no_tables} with no tables found), {result.failed} failed, "
            f"{result.skipped} already done -> {outdir} "
            "(indicators/budget/flags .csv/.parquet, lakip.duckdb, manifest.jsonl)"
        ),
    )
    raise typer.Exit(int(result.exit_code))


@app.command()
def compare(
    outdir: Annotated[Path, typer.Argument(help="Output folder of `lakip batch`.")],
    html: Annotated[bool, typer.Option("--html", help="Also write compare.html with charts.")] = False,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="Compare by 'measure' (wordings of one measure together, default) or 'indicator' (ids apart).",
        ),
    ] = "measure",
    lang: Annotated[str, typer.Option("--lang", help="Language of the HTML pages: id (default) or en.")] = "id",
) -> None:
    """Compare units of a batch: capaian pivot, absorption ranking, outliers, missing indicators."""
    import pandas as pd

    from extractor.compare import CompareSettings
    from extractor.compare import compare as run_compare

    if not (outdir / "indicators.parquet").exists():
        raise _error(
            _text(f"{outdir}: no batch results here; run `lakip batch` first"), ExitCode.INPUT_NOT_FOUND
        )
    if by not in ("measure", "indicator"):
        raise _error(_text(f"--by must be 'measure' or 'indicator', not {by!r}"), ExitCode.USAGE)
    if lang not in ("id", "en"):
        raise _error(_text(f"--lang must be 'id' or 'en', not {lang!r}"), ExitCode.USAGE)
    comparison = _run(lambda: run_compare(outdir, CompareSettings(by=by)))
    table = RichTable(title="Budget absorption (the report year's top-level total row)")
    for col in ("rank", "satker", "pagu", "realisasi", "absorption_pct"):
        table.add_column(col)
    for _, r in comparison.absorption.iterrows():
        if pd.isna(r["absorption_pct"]):
            table.add_row("", _cell(r["satker"]), _cell(f"not ranked: {r['reason']}"), "", "")
            continue
        table.add_row(
            str(r["rank"]),
            _cell(r["satker"]),
            f"{int(r['pagu']):,}",
            f"{int(r['realisasi']):,}",
            f"{r['absorption_pct']}",
        )
    out.print(table)
    out.print(_cell(comparison.pivot.to_string(max_cols=12)))
    out.print(f"{len(comparison.outliers)} outliers, {len(comparison.missing)} missing standard indicators")
    for path in _run(lambda: _write_comparison(comparison, outdir, html, lang)):
        _say(out, "wrote", _text(path))


def _write_comparison(comparison: Comparison, outdir: Path, html: bool, lang: str) -> list[Path]:
    from extractor.compare import write_comparison
    from extractor.output.compare_page import write_compare_pages

    paths = write_comparison(comparison, outdir)
    return paths + (write_compare_pages(comparison, outdir, lang=lang) if html else [])


@app.command()
def review(
    target: Annotated[Path, typer.Argument(help="A folder of results (`lakip extract`/`batch`), or one result .json.")],
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Folder of the reports, when they are not beside their results."),
    ] = None,
    catalogue: CatalogueOpt = None,
    reviewer: Annotated[
        str | None, typer.Option("--reviewer", help="Name stored with each correction (default: your login).")
    ] = None,
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0: any free port).")] = 0,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Print the URL instead of opening a browser.")] = False,
    verbose: VerboseOpt = False,
) -> None:
    """Check and correct doubtful rows in a local web app; corrections reach every export."""
    from extractor.review.app import ReviewSettings, start

    _logging(verbose)
    logging.getLogger("werkzeug").setLevel(logging.INFO if verbose else logging.WARNING)  # one line per request

    try:
        settings = ReviewSettings(target, sources, catalogue, port=port)
        if reviewer is not None:
            settings = dataclasses.replace(settings, reviewer=reviewer)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    running = _run(lambda: start(settings))
    _say(out, "", _text(f"review at {running.url}  (Ctrl+C to stop)"))
    if not no_browser:
        import webbrowser

        webbrowser.open(running.url)
    try:
        _run(running.serve_forever)  # until Ctrl+C
    finally:
        running.shutdown()
    _say(out, "", "review stopped; corrections are saved beside each result")


if __name__ == "__main__":
    app()
