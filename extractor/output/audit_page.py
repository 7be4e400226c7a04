"""A self-contained HTML page of a report's audit flags, for auditors who do not read JSON.

One file, inline CSS, no scripts, links or external assets, so it can be mailed or archived and
still open offline; every piece of report text is escaped because it comes from untrusted PDFs.
Flags are grouped by severity, then by check, each with the numbers involved (formatted as the
report prints them) and the pages and lines to open.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from extractor.audit import CHECKS
from extractor.models import Document, Flag, Provenance
from extractor.writers import atomic_writer

SEVERITIES = ("error", "warning", "info")
MAX_LOCATIONS = 25  # a roll-up flag can cite dozens of cells; the rest are summarised

# Flags the extraction stages raise (not audit checks, which carry their own help text).
STAGE_FLAG_HELP = {
    "unmatched_indicator": "An indicator label matches no catalogue indicator.",
    "unparseable_cell": "A value cell could not be read as a number, grade or opinion.",
}


def check_help(code: str) -> str:
    """What a flag code means, in one line an auditor can act on."""
    check = CHECKS.get(code)
    return check.help if check is not None else STAGE_FLAG_HELP.get(code, "")

_CSS = """
body{font-family:"DejaVu Sans","Liberation Sans",system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;
color:#1d232a;line-height:1.45;padding:0 1.2rem;font-size:15px}
h1{font-size:1.55rem;margin:.2rem 0 .6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #ccd}
h3{font-size:1.05rem;margin:1.3rem 0 .3rem}h3 .help{font-weight:400;color:#555;font-size:.92rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccd;padding:.25rem .6rem;text-align:left}
th{background:#eef1f6}.num{text-align:right;font-variant-numeric:tabular-nums}
.meta td:first-child{font-weight:600;background:#f5f7fa}.meta td{font-size:.92rem}
.note{color:#444;font-size:.9rem;max-width:60rem}
.counts td{border:none;padding:.2rem 1.2rem .2rem 0;font-size:1.05rem}
.flag{border-left:.35rem solid #999;background:#fafbfc;margin:.7rem 0;padding:.5rem .9rem;
border-radius:0 .3rem .3rem 0;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.flag.error{border-color:#c62828;background:#fdf6f6}.flag.warning{border-color:#e08600;background:#fffaf2}
.flag.info{border-color:#1e6fd9;background:#f5f9ff}
.head{display:flex;justify-content:space-between;gap:1rem;align-items:baseline}
.where{font-weight:600;color:#333;white-space:nowrap;font-size:.92rem}
.code{font-family:"DejaVu Sans Mono",ui-monospace,monospace;font-weight:600}
.badge{display:inline-block;border-radius:.6rem;padding:0 .5rem;color:#fff;font-size:.8rem;margin-right:.4rem}
.badge.error{background:#c62828}.badge.warning{background:#b86e00}.badge.info{background:#1e6fd9}
.msg{margin:.35rem 0}.values{font-size:.88rem;margin:.3rem 0}.values td{padding:.1rem .6rem;background:#fff}
.values th{padding:.1rem .6rem;font-weight:400;color:#555;background:#f3f4f7}
.loc{color:#333;font-size:.86rem;margin:.3rem 0 0 0;padding-left:1.2rem;columns:3 16rem}
details{font-size:.85rem;color:#555;margin:.2rem 0}
pre{background:#f0f2f6;padding:.4rem .6rem;overflow-x:auto;font-size:.8rem;margin:.3rem 0}
.empty{color:#666;font-style:italic}
@media print{.flag{break-inside:avoid;box-shadow:none}body{max-width:none}}
"""


def location(prov: Provenance) -> str:
    """'check page P line L (table T)', leaving out what the provenance does not know."""
    parts = []
    if prov.page is not None:
        parts.append(f"page {prov.page}")
    if prov.line is not None:
        parts.append(f"line {prov.line}")
    where = " ".join(parts) or prov.file or "unknown place"
    table = f" (table {prov.table})" if prov.table is not None else ""
    return f"check {where}{table} [{prov.method.value}]"


def _first_place(flag: Flag) -> str:
    """Where to start looking: the first cited cell, which each check puts first."""
    first = flag.provenance[0] if flag.provenance else None
    if first is None:
        return ""
    parts = [
        f"page {first.page}" if first.page is not None else "",
        f"line {first.line}" if first.line else "",
    ]
    return ", ".join(p for p in parts if p)


def _order(flag: Flag) -> tuple[int, int, int, str]:
    first = flag.provenance[0] if flag.provenance else None
    return (
        SEVERITIES.index(flag.severity) if flag.severity in SEVERITIES else len(SEVERITIES),
        (first.page or 0) if first else 0,
        (first.line or 0) if first else 0,
        flag.code,
    )


def _number(value: float | int, key: str) -> str:
    """Indonesian notation, as the report prints it: 33.801.000 and 99,92 (years and lines plain)."""
    if any(word in key for word in ("year", "line")) or (float(value).is_integer() and abs(value) < 10_000):
        text = str(int(value))
    elif isinstance(value, int) or float(value).is_integer():
        text = f"{int(value):,}".replace(",", ".")
    else:
        text = f"{value:,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    percent = key.split(".")[-1] in ("printed", "computed", "stated", "mean", "mean_capped", "capaian")
    return text + "%" if percent and abs(value) <= 1000 and not isinstance(value, int) else text


def _flatten(values: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            rows += _flatten(value, name + ".")
        elif isinstance(value, bool) or value is None:
            rows.append((name, "—" if value is None else str(value).lower()))
        elif isinstance(value, int | float):
            rows.append((name, _number(value, name)))
        elif isinstance(value, Sequence) and not isinstance(value, str):
            shown = [_number(v, name) if isinstance(v, int | float) else str(v) for v in value[:12]]
            rows.append((name, ", ".join(shown) + (f" … ({len(value)} in all)" if len(value) > 12 else "")))
        else:
            rows.append((name, str(value)))
    return rows


def _meta(doc: Document) -> str:
    s, src = doc.satker, doc.source
    rows = [
        ("Satker", s.name or "unknown"),
        ("Level / region", " / ".join(x for x in (s.level, s.region, s.province) if x) or "unknown"),
        ("Report year", str(s.year) if s.year is not None else "unknown"),
        ("Source file", src.file),
        ("SHA-256", src.sha256),
        ("Pages / kind", f"{src.pages} / {src.kind}"),
        ("Extraction status", doc.status),
        ("Indicators / budget rows", f"{len(doc.indicators)} / {len(doc.budget)}"),
    ]
    body = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="meta">{body}</table>'


def _counts(flags: Iterable[Flag]) -> str:
    counts: Counter[str] = Counter(f.severity for f in flags)
    cells = "".join(
        f'<td><span class="badge {sev}">{sev}</span><span class="num">{counts.get(sev, 0)}</span></td>'
        for sev in SEVERITIES
    )
    return f'<table class="counts"><tr>{cells}</tr></table>'


def _summary(flags: Iterable[Flag]) -> str:
    by_code: dict[str, Counter[str]] = {}
    for f in flags:
        by_code.setdefault(f.code, Counter())[f.severity] += 1
    if not by_code:
        return '<p class="empty">No checks raised a flag.</p>'
    head = (
        "<tr><th>Check</th><th>What it means</th>"
        + "".join(f"<th>{s}</th>" for s in SEVERITIES)
        + "<th>Total</th></tr>"
    )
    rows = "".join(
        f'<tr><td class="code">{escape(code)}</td><td>{escape(check_help(code))}</td>'
        + "".join(f'<td class="num">{c.get(s, 0)}</td>' for s in SEVERITIES)
        + f'<td class="num">{sum(c.values())}</td></tr>'
        for code, c in sorted(by_code.items(), key=lambda item: (_worst(item[1]), item[0]))
    )
    return f'<table class="summary">{head}{rows}</table>'


def _worst(counts: Counter[str]) -> int:
    return min((SEVERITIES.index(s) for s in counts if s in SEVERITIES), default=len(SEVERITIES))


def _flag(flag: Flag) -> str:
    locs = list(dict.fromkeys(location(p) for p in flag.provenance))  # one line per distinct cell
    shown = "".join(f"<li>{escape(loc)}</li>" for loc in locs[:MAX_LOCATIONS])
    if len(locs) > MAX_LOCATIONS:
        shown += f"<li>and {len(locs) - MAX_LOCATIONS} more cells</li>"
    # numbers always; a text value only when the message does not already quote it
    pairs = [
        (k, v) for k, v in _flatten(flag.values) if v[:60] not in flag.message or any(c.isdigit() for c in v)
    ]
    table = (
        "<tr>" + "".join(f"<th>{escape(k)}</th>" for k, _ in pairs) + "</tr>"
        "<tr>" + "".join(f'<td class="num">{escape(v)}</td>' for _, v in pairs) + "</tr>"
        if pairs
        else ""
    )
    raw = json.dumps(dict(flag.values), ensure_ascii=False, indent=1, sort_keys=True, default=str)
    place = _first_place(flag)
    return (
        f'<div class="flag {escape(flag.severity)}">'
        f'<div class="head"><div><span class="badge {escape(flag.severity)}">{escape(flag.severity)}</span>'
        f'<span class="code">{escape(flag.code)}</span></div>'
        + (f'<div class="where">{escape(place)}</div>' if place else "")
        + f'</div><p class="msg">{escape(flag.message)}</p>'
        + (f'<table class="values">{table}</table>' if table else "")
        + f'<ul class="loc">{shown}</ul>'
        f"<details><summary>values as JSON</summary><pre>{escape(raw)}</pre></details></div>"
    )


def _section(severity: str, flags: Sequence[Flag]) -> str:
    """One severity, its flags grouped by check (checks in order of first appearance)."""
    body = []
    for code in dict.fromkeys(f.code for f in flags):
        group = [f for f in flags if f.code == code]
        help_text = check_help(code)
        body.append(
            f'<h3><span class="code">{escape(code)}</span> ({len(group)})'
            + (f' <span class="help">— {escape(help_text)}</span>' if help_text else "")
            + "</h3>"
            + "".join(_flag(f) for f in group)
        )
    content = "".join(body) or f'<p class="empty">No {severity} flags.</p>'
    return f'<section id="{severity}"><h2>{severity.capitalize()} ({len(flags)})</h2>{content}</section>'


def render_html(doc: Document) -> str:
    """The auditor's report: header, counts by severity, a summary per check, then every flag,
    grouped by severity and check, with its values and the cells to open."""
    flags = sorted(doc.flags, key=_order)
    title = f"Audit of {doc.satker.name or doc.source.file}" + (
        f" {doc.satker.year}" if doc.satker.year else ""
    )
    note = (
        '<p class="note">Each flag quotes the printed figures and lists the cells to check. Pages '
        "are the file's physical pages counted from 1; lines are text lines on that page (or of the "
        "text dump). Errors are arithmetic the report gets wrong, warnings are contradictions to "
        "verify, info is context.</p>"
    )
    sections = "".join(_section(sev, [f for f in flags if f.severity == sev]) for sev in SEVERITIES)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>{_meta(doc)}{note}<h2>Flags by severity</h2>{_counts(flags)}"
        f"<h2>Flags by check</h2>{_summary(flags)}{sections}"
        "</body></html>\n"
    )


def write_audit_page(
    doc: Document, path: Path, report: Path | None, *, lang: str = "id", password: str | None = None
) -> None:
    """The audit page, written atomically."""
    with atomic_writer(path) as fh:
        fh.write(render_html(doc))
