"""The truth file written next to every generated PDF: what was printed, and on which page.

Values are the gold values exactly as printed (numbers as numbers, grades as strings). Planted
defects are listed with their pages; ``anomalies`` lists the inconsistencies simple arithmetic finds
in the printed values, so a checker knows which flags to expect even without ``--defects``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from samples.content import Plan, normalise
from samples.narrative import Prose
from samples.numbers import decimals_of, percent_of
from samples.render import Placement, Rendered

TRUTH_VERSION = "1.0"


@dataclass(frozen=True)
class Truth:
    pdf: str
    gold_source: str
    style: str
    satker: dict[str, Any]
    year: int
    pages: int
    page_sizes: tuple[tuple[float, float], ...]
    page_labels: tuple[str, ...]
    signature: dict[str, Any]
    tables: tuple[dict[str, Any], ...]
    performance: tuple[dict[str, Any], ...]
    agreement: tuple[dict[str, Any], ...]
    budget: tuple[dict[str, Any], ...]
    narrative: tuple[dict[str, Any], ...]
    defects: tuple[dict[str, Any], ...]
    skipped_defects: tuple[dict[str, Any], ...]
    anomalies: tuple[dict[str, Any], ...]
    dropped: tuple[dict[str, Any], ...]
    scan: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def landscape_pages(self) -> tuple[int, ...]:
        return tuple(i + 1 for i, (w, h) in enumerate(self.page_sizes) if w > h)

    def to_dict(self) -> dict[str, Any]:
        out = {"truth_version": TRUTH_VERSION, **asdict(self)}
        out["landscape_pages"] = list(self.landscape_pages)
        if not self.extra:
            out.pop("extra")
        return out

    def write(self, path: Path) -> Path:
        """JSON with one row per line: small enough to commit, still easy to diff and read."""
        path.write_text(dumps_rows(self.to_dict()), encoding="utf-8")
        return path

    @staticmethod
    def read(path: Path) -> Truth:
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop("truth_version", None)
        data.pop("landscape_pages", None)
        data["page_sizes"] = tuple(tuple(s) for s in data["page_sizes"])
        for key in (
            "page_labels",
            "tables",
            "performance",
            "agreement",
            "budget",
            "narrative",
            "defects",
            "skipped_defects",
            "anomalies",
            "dropped",
        ):
            data[key] = tuple(data[key])
        return Truth(**data)

    def restricted_to(self, pages: Iterable[int], image: str) -> Truth:
        """The truth of a few pages (an image export or scan excerpt), renumbered from 1."""
        keep = list(pages)
        renumber = {p: i + 1 for i, p in enumerate(keep)}

        def rows(items: tuple[dict[str, Any], ...]) -> tuple[dict[str, Any], ...]:
            return tuple({**r, "page": renumber[r["page"]]} for r in items if r.get("page") in renumber)

        return replace(
            self,
            pdf=image,
            pages=len(keep),
            page_sizes=tuple(self.page_sizes[p - 1] for p in keep),
            page_labels=tuple(self.page_labels[p - 1] for p in keep),
            performance=rows(self.performance),
            agreement=rows(self.agreement),
            budget=rows(self.budget),
            narrative=rows(self.narrative),
            defects=rows(self.defects),
            anomalies=rows(self.anomalies),
            tables=tuple(
                {
                    **t,
                    "pages": [renumber[p] for p in t["pages"] if p in renumber],
                    "caption_page": renumber.get(t["caption_page"]),
                }
                for t in self.tables
                if any(p in renumber for p in t["pages"])
            ),
            extra={**self.extra, "source_pages": keep},
        )


def dumps_rows(data: dict[str, Any]) -> str:
    """``json.dumps`` with top-level keys on their own lines and each list item on one line."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    parts = []
    for key, value in data.items():
        if isinstance(value, list | tuple) and value and isinstance(value[0], dict):
            items = ",\n  ".join(one(v) for v in value)
            parts.append(f"{one(key)}: [\n  {items}\n ]")
        else:
            parts.append(f"{one(key)}: {one(value)}")
    return "{\n " + ",\n ".join(parts) + "\n}\n"


def _where(rendered: Rendered, key: str) -> tuple[int | None, list[float] | None]:
    placed: Placement | None = rendered.placements.get(key)
    return (placed.page, list(placed.bbox)) if placed else (None, None)


def _tables(plan: Plan, rendered: Rendered) -> tuple[dict[str, Any], ...]:
    out = []
    specs: list[tuple[str, str, int | None, list[str]]] = [
        ("cap:perf", "performance", plan.year, [r.key for r in plan.performance])
    ]
    specs += [(f"cap:{t.key}", "agreement", plan.year, [r.key for r in t.rows]) for t in plan.agreement]
    specs += [(f"cap:{t.key}", "budget", t.year, [r.key for r in t.rows]) for t in plan.budget]
    for key, kind, year, row_keys in specs:
        page, _ = _where(rendered, key)
        pages = sorted({p for k in row_keys if (p := _where(rendered, k)[0]) is not None})
        if page is None and not pages:
            continue
        out.append(
            {
                "kind": kind,
                "caption": rendered.captions.get(key),
                "caption_page": page,
                "pages": pages,
                "year": year,
                "rows": len(row_keys),
            }
        )
    return tuple(out)


def _off(exact: float, printed: float | int) -> bool:
    return abs(exact - printed) >= 10 ** -decimals_of(printed) + 1e-9


_Add = Callable[..., None]


def _anomalies(plan: Plan, rendered: Rendered) -> tuple[dict[str, Any], ...]:
    """Arithmetic inconsistencies in the printed values.

    A printed percentage passes when it is the exact ratio rounded or truncated to its own decimals.
    """
    planted = {k for d in plan.defects for k in d.keys}
    found: list[dict[str, Any]] = []

    def add(kind: str, key: str, **values: Any) -> None:
        found.append({"kind": kind, "page": _where(rendered, key)[0], "planted": key in planted, **values})

    _budget_anomalies(plan, add)
    _capaian_anomalies(plan, add)
    _conflict_anomalies(plan, rendered, add)
    return tuple(found)


def _budget_anomalies(plan: Plan, add: _Add) -> None:
    """Budget rows whose printed percentage is off, or that spend more than the pagu."""
    for table in plan.budget:
        for r in table.rows:
            checkable = r.pagu and r.realisasi is not None and r.persen is not None and table.show_persen
            if checkable and _off(percent_of(r.realisasi or 0, r.pagu or 1, 6), r.persen or 0):
                computed = percent_of(r.realisasi or 0, r.pagu or 1)
                add("persen_mismatch", r.key, name=r.name, printed=r.persen, computed=computed)
            if r.pagu is not None and r.realisasi is not None and r.realisasi > r.pagu:
                add("overspend", r.key, name=r.name, pagu=r.pagu, realisasi=r.realisasi)


def _capaian_anomalies(plan: Plan, add: _Add) -> None:
    """Performance rows whose printed capaian is not realisasi / target."""
    for p in plan.performance:
        numeric = all(isinstance(v, int | float) for v in (p.target, p.realisasi, p.capaian))
        if numeric and p.target:
            assert isinstance(p.realisasi, int | float) and isinstance(p.target, int | float)
            assert isinstance(p.capaian, int | float)
            if _off(percent_of(p.realisasi, p.target, 6), p.capaian):
                add(
                    "capaian_mismatch",
                    p.key,
                    indicator=p.indicator,
                    printed=p.capaian,
                    computed=percent_of(p.realisasi, p.target),
                )


def _conflict_anomalies(plan: Plan, rendered: Rendered, add: _Add) -> None:
    """Perjanjian Kinerja rows whose target differs from the performance row of the same indicator."""
    perf_targets = {normalise(p.indicator): p for p in plan.performance}
    for pk_table in plan.agreement:
        for pk in pk_table.rows:
            match = perf_targets.get(normalise(pk.indicator))
            if match is not None and match.target is not None and match.target != pk.target:
                add(
                    "duplicate_conflict",
                    pk.key,
                    indicator=pk.indicator,
                    agreement_target=pk.target,
                    performance_target=match.target,
                    performance_page=_where(rendered, match.key)[0],
                )


def build_truth(plan: Plan, prose: Prose, rendered: Rendered, *, pdf: str, style: str) -> Truth:
    """Join the plan (what) with the rendering (where) into the truth record."""
    perf_caption = rendered.captions.get("cap:perf")
    performance = []
    for r in plan.performance:
        page, bbox = _where(rendered, r.key)
        performance.append(
            {
                "table_caption": perf_caption,
                "sasaran": r.sasaran,
                "indicator": r.indicator,
                "target": r.target,
                "realisasi": r.realisasi,
                "capaian": r.capaian,
                "unit": r.unit,
                "page": page,
                "bbox": bbox,
                "gold_index": r.gold_index,
            }
        )
    agreement = []
    for t in plan.agreement:
        for a in t.rows:
            page, bbox = _where(rendered, a.key)
            agreement.append(
                {
                    "table_caption": rendered.captions.get(f"cap:{t.key}"),
                    "sasaran": a.sasaran,
                    "indicator": a.indicator,
                    "target": a.target,
                    "unit": a.unit,
                    "page": page,
                    "bbox": bbox,
                    "gold_index": a.gold_index,
                }
            )
    budget = []
    for b in plan.budget:
        for row in b.rows:
            page, bbox = _where(rendered, row.key)
            budget.append(
                {
                    "table_caption": rendered.captions.get(f"cap:{b.key}"),
                    "gold_table": b.gold_table,
                    "year": row.year,
                    "level": row.level,
                    "code": row.code if b.show_code else None,
                    "name": row.name,
                    "pagu": row.pagu,
                    "realisasi": row.realisasi,
                    "persen": row.persen if b.show_persen else None,
                    "page": page,
                    "bbox": bbox,
                    "gold_index": row.gold_index,
                }
            )
    narrative: list[dict[str, Any]] = []
    if plan.absorption is not None:
        ab = plan.absorption
        for key in ("text:absorption_summary", "text:absorption_detail"):
            stated = ab.persen if key.endswith("summary") else ab.stated
            narrative.append(
                {
                    "kind": "budget_absorption",
                    "stated": stated,
                    "table_value": ab.persen,
                    "pagu": ab.pagu,
                    "realisasi": ab.realisasi,
                    "page": _where(rendered, key)[0],
                }
            )
    for key, sentence in prose.sasaran_notes:
        narrative.append(
            {"kind": "indicator_statement", "text": sentence, "page": _where(rendered, f"text:note:{key}")[0]}
        )
    narrative.append(
        {"kind": "closing_satker", "satker": plan.closing_satker, "page": _where(rendered, "text:closing")[0]}
    )
    defects = []
    for d in plan.defects:
        pages = sorted({p for k in d.keys if (p := _where(rendered, k)[0]) is not None})
        defects.append({"kind": d.kind, "page": _where(rendered, d.keys[0])[0], "pages": pages, **d.values})
    sig = prose.signature
    return Truth(
        pdf=pdf,
        gold_source=plan.source,
        style=style,
        satker=plan.satker,
        year=plan.year,
        pages=rendered.pages,
        page_sizes=rendered.page_sizes,
        page_labels=rendered.page_labels,
        signature={
            "place": sig.place,
            "date": sig.date,
            "role": sig.role,
            "name": sig.name,
            "page": _where(rendered, "text:signature")[0],
        },
        tables=_tables(plan, rendered),
        performance=tuple(performance),
        agreement=tuple(agreement),
        budget=tuple(budget),
        narrative=tuple(narrative),
        defects=tuple(defects),
        skipped_defects=plan.skipped_defects,
        anomalies=_anomalies(plan, rendered),
        dropped=tuple(
            {"section": d.section, "gold_index": d.gold_index, "reason": d.reason, "row": d.row}
            for d in plan.dropped
        ),
    )
