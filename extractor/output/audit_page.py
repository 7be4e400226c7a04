"""The audit page of one report: what an auditor reads instead of the JSON.

A summary, the flags filterable by severity and check with a contents list, each flag with the
crop of the page around its cells beside the printed and computed figures, and the extracted
performance and budget tables with the flagged cells marked and linked to their flags. One
self-contained file (see ``render``); Indonesian by default, English with ``lang="en"``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from extractor.audit import CHECKS, order
from extractor.models import BudgetRecord, CellValue, Document, Flag, IndicatorRecord, Provenance
from extractor.output.formats import SEVERITIES, flag_values, number, percent, rupiah, words
from extractor.output.images import PageImages
from extractor.output.render import render
from extractor.writers import atomic_writer

MAX_CELLS = 25  # a roll-up flag can cite dozens of cells; the rest are counted
MAX_CROPS = 80  # page crops per page, in flag order (the worst first)
_FIRST_KEYS = ("printed", "stated", "computed", "sum", "difference", "mean")

# Flags the extraction stages raise (not audit checks, which carry their own help text).
STAGE_FLAG_HELP = {
    "unmatched_indicator": "An indicator label matches no catalogue indicator.",
    "unparseable_cell": "A value cell could not be read as a number, grade or opinion.",
    "no_tables_found": "No indicator or budget table was found in the report.",
    "text_repaired": "Characters of the text layer had no valid Unicode value and were replaced.",
    "report_year_unconfirmed": "The report year read from the text is not a year any table prints.",
}


def check_help(code: str) -> str:
    """What a flag code means, in one line an auditor can act on."""
    check = CHECKS.get(code)
    return check.help if check is not None else STAGE_FLAG_HELP.get(code, "")


def _cell_key(prov: Provenance) -> tuple[object, ...]:
    return (prov.page, prov.line, prov.table, prov.bbox)


def row_anchor(prov: Provenance) -> str:
    return f"r-{prov.table}-{prov.page}-{prov.line}"


@dataclass
class CellView:
    text: str
    numeric: bool = False
    flags: list[tuple[str, str]] = field(default_factory=list)  # (flag anchor, severity)

    @property
    def worst(self) -> str:
        return min((s for _, s in self.flags), key=SEVERITIES.index, default="")


@dataclass
class RowView:
    anchor: str
    cells: list[CellView]


@dataclass
class TableView:
    anchor: str
    title: str
    head: list[str]
    rows: list[RowView]


@dataclass
class FlagView:
    anchor: str
    severity: str
    code: str
    message: str
    place: str
    href: str
    values: list[tuple[str, str]]
    cells: list[tuple[str, str]]  # (text, href or "")
    more: int
    crop: str | None = None
    crop_page: int | None = None


def place_text(prov: Provenance, w: dict[str, str]) -> str:
    parts = [f"{w['page']} {prov.page}" if prov.page is not None else "", f"{w['line']} {prov.line}" if prov.line else ""]
    table = f" ({w['table']} {prov.table})" if prov.table is not None else ""
    return " ".join(p for p in parts if p) + table


def _sorted_values(flag: Flag) -> list[tuple[str, str]]:
    pairs = flag_values(flag.values)
    return sorted(pairs, key=lambda kv: next((i for i, k in enumerate(_FIRST_KEYS) if kv[0].endswith(k)), 99))


def _flag_views(
    flags: Sequence[Flag], rows: set[str], images: PageImages, w: dict[str, str]
) -> list[FlagView]:
    views = []
    for n, flag in enumerate(flags):
        first = flag.provenance[0] if flag.provenance else None
        cells = list(dict.fromkeys(flag.provenance))
        cited = list(
            dict.fromkeys(
                (place_text(p, w), f"#{row_anchor(p)}" if row_anchor(p) in rows else "") for p in cells[:MAX_CELLS]
            )
        )
        view = FlagView(
            anchor=f"flag-{n + 1}",
            severity=flag.severity,
            code=flag.code,
            message=flag.message,
            place=place_text(first, w) if first else "",
            href=f"#{row_anchor(first)}" if first and row_anchor(first) in rows else "",
            values=_sorted_values(flag),
            cells=cited,
            more=max(0, len(cells) - MAX_CELLS),
        )
        if n < MAX_CROPS and (found := images.crop(flag.provenance)) is not None:
            view.crop, view.crop_page = found
        views.append(view)
    return views


def _marks(flags: Sequence[Flag]) -> dict[tuple[object, ...], list[tuple[str, str]]]:
    marks: dict[tuple[object, ...], list[tuple[str, str]]] = {}
    for n, flag in enumerate(flags):
        for prov in dict.fromkeys(flag.provenance):
            marks.setdefault(_cell_key(prov), []).append((f"flag-{n + 1}", flag.severity))
    return marks


def _cell(value: CellValue | None, marks: dict[tuple[object, ...], list[tuple[str, str]]], kind: str) -> CellView:
    if value is None:
        return CellView("")
    if kind == "amount" and isinstance(value.value, int):
        text = rupiah(value.value).removeprefix("Rp ")
    else:
        text = value.raw.strip()
    return CellView(text, kind != "text", list(marks.get(_cell_key(value.provenance), [])))


Rec = TypeVar("Rec", IndicatorRecord, BudgetRecord)


def _groups(records: Iterable[Rec]) -> dict[object, list[Rec]]:
    groups: dict[object, list[Rec]] = {}
    for rec in records:
        groups.setdefault(rec.provenance.table, []).append(rec)
    return groups


def _perf_tables(doc: Document, marks: dict[tuple[object, ...], list[tuple[str, str]]], w: dict[str, str]) -> list[TableView]:
    head = [w["indicator"], w["role"], w["target"], w["realisasi"], w["capaian"], w["capaian_computed"], w["where"]]
    out = []
    for table, recs in _groups(doc.occurrences or doc.indicators).items():
        rows = [
            RowView(
                row_anchor(r.provenance),
                [
                    CellView(r.label_raw or r.label),
                    CellView(w[r.role]),
                    _cell(r.target, marks, "value"),
                    _cell(r.realisasi, marks, "value"),
                    _cell(r.capaian, marks, "value"),
                    CellView(percent(r.capaian_computed) if r.capaian_computed is not None else "", True),
                    CellView(place_text(r.provenance, w)),
                ],
            )
            for r in recs
        ]
        title = f"{w['table']} {table}" + (f" · {w['page']} {recs[0].provenance.page}" if recs[0].provenance.page else "")
        out.append(TableView(f"perf-{table}", title, head, rows))
    return out


def _budget_tables(doc: Document, marks: dict[tuple[object, ...], list[tuple[str, str]]], w: dict[str, str]) -> list[TableView]:
    head = [w["level"], w["code"], w["name"], w["year"], w["pagu"], w["realisasi"], w["persen"], w["where"]]
    out = []
    for table, recs in _groups(doc.budget).items():
        rows = [
            RowView(
                row_anchor(r.provenance),
                [
                    CellView(r.level.upper() if r.level in ("kro", "ro") else r.level),
                    CellView(r.code or ""),
                    CellView(r.name),
                    CellView(str(r.year) if r.year else ""),
                    _cell(r.pagu, marks, "amount"),
                    _cell(r.realisasi, marks, "amount"),
                    _cell(r.persen, marks, "value"),
                    CellView(place_text(r.provenance, w)),
                ],
            )
            for r in recs
        ]
        caption = recs[0].table_caption or f"{w['table']} {table}"
        out.append(TableView(f"budget-{table}", caption, head, rows))
    return out


def render_audit_page(doc: Document, report: Path | None = None, *, lang: str = "id", password: str | None = None) -> str:
    """The page as one HTML string; page crops only when ``report`` is the original PDF."""
    w = words(lang)
    flags = sorted(doc.flags, key=order)
    marks = _marks(flags)
    perf, budget = _perf_tables(doc, marks, w), _budget_tables(doc, marks, w)
    rows = {r.anchor for t in (*perf, *budget) for r in t.rows}
    with PageImages(report, password) as images:
        views = _flag_views(flags, rows, images, w)
    by_code: dict[str, Counter[str]] = {}
    for f in flags:
        by_code.setdefault(f.code, Counter())[f.severity] += 1
    s = doc.satker
    title = f"{w['audit_title']} {s.name or doc.source.file}" + (f" {s.year}" if s.year else "")
    meta = [
        (w["satker"], s.name or "—"),
        (w["level_region"], " / ".join(x for x in (s.level, s.region, s.province) if x) or "—"),
        (w["report_year"], str(s.year) if s.year is not None else "—"),
        (w["source_file"], doc.source.file),
        ("SHA-256", doc.source.sha256),
        (w["pages_kind"], f"{doc.source.pages} / {doc.source.kind}"),
        (w["status"], doc.status),
        (w["records"], f"{number(len(doc.indicators))} / {number(len(doc.budget))}"),
    ]
    checks = sorted(by_code.items(), key=lambda kv: (min(SEVERITIES.index(x) for x in kv[1]), kv[0]))
    return render(
        "audit.html.j2",
        lang=lang,
        w=w,
        title=title,
        meta=meta,
        severities=SEVERITIES,
        counts=Counter(f.severity for f in flags),
        checks=[(code, check_help(code), c) for code, c in checks],
        flags=views,
        perf=perf,
        budget=budget,
    )


def write_audit_page(
    doc: Document, path: Path, report: Path | None, *, lang: str = "id", password: str | None = None
) -> None:
    """The audit page, written atomically."""
    text = render_audit_page(doc, report, lang=lang, password=password)
    with atomic_writer(path) as fh:
        fh.write(text)
