"""A self-contained HTML page of a report's audit flags, for auditors who do not read JSON.

One file, inline CSS, no scripts and no external assets, so it can be mailed or archived and
still open offline; every piece of report text is escaped because it comes from untrusted PDFs.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from html import escape

from extractor.models import Document, Flag, Provenance

SEVERITIES = ("error", "warning", "info")
MAX_LOCATIONS = 25  # a roll-up flag can cite dozens of cells; the rest are summarised

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:70rem;
color:#1d232a;line-height:1.45;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccd}
table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ccd;padding:.25rem .6rem;text-align:left}
th{background:#f2f4f8}.num{text-align:right}
.meta td:first-child{font-weight:600;background:#f7f8fb}
.flag{border-left:.3rem solid #999;background:#fafbfc;margin:.8rem 0;padding:.5rem .8rem}
.flag.error{border-color:#c62828}.flag.warning{border-color:#ef8f00}.flag.info{border-color:#1e6fd9}
.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-weight:600}
.badge{display:inline-block;border-radius:.6rem;padding:0 .5rem;color:#fff;font-size:.8rem;margin-right:.4rem}
.badge.error{background:#c62828}.badge.warning{background:#ef8f00}.badge.info{background:#1e6fd9}
.loc{color:#444;font-size:.9rem;margin:.2rem 0 0 0;padding-left:1.2rem}
pre{background:#f2f4f8;padding:.4rem .6rem;overflow-x:auto;font-size:.85rem;margin:.3rem 0}
.empty{color:#666;font-style:italic}
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


def _order(flag: Flag) -> tuple[int, int, int, str]:
    first = flag.provenance[0] if flag.provenance else None
    return (
        SEVERITIES.index(flag.severity) if flag.severity in SEVERITIES else len(SEVERITIES),
        (first.page or 0) if first else 0,
        (first.line or 0) if first else 0,
        flag.code,
    )


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
    head = "<tr><th>Check</th>" + "".join(f"<th>{s}</th>" for s in SEVERITIES) + "<th>Total</th></tr>"
    rows = "".join(
        f'<tr><td class="code">{escape(code)}</td>'
        + "".join(f'<td class="num">{c.get(s, 0)}</td>' for s in SEVERITIES)
        + f'<td class="num">{sum(c.values())}</td></tr>'
        for code, c in sorted(by_code.items())
    )
    return f'<table class="summary">{head}{rows}</table>'


def _flag(flag: Flag) -> str:
    locs = [location(p) for p in flag.provenance]
    shown = "".join(f"<li>{escape(loc)}</li>" for loc in locs[:MAX_LOCATIONS])
    if len(locs) > MAX_LOCATIONS:
        shown += f"<li>and {len(locs) - MAX_LOCATIONS} more cells</li>"
    values = json.dumps(dict(flag.values), ensure_ascii=False, indent=1, sort_keys=True, default=str)
    return (
        f'<div class="flag {escape(flag.severity)}">'
        f'<div><span class="badge {escape(flag.severity)}">{escape(flag.severity)}</span>'
        f'<span class="code">{escape(flag.code)}</span></div>'
        f"<p>{escape(flag.message)}</p>"
        f"<pre>{escape(values)}</pre>"
        f'<ul class="loc">{shown}</ul></div>'
    )


def render_html(doc: Document) -> str:
    """The auditor's report: header, counts by severity, a summary per check, then every flag."""
    flags = sorted(doc.flags, key=_order)
    title = f"Audit of {doc.satker.name or doc.source.file}" + (
        f" {doc.satker.year}" if doc.satker.year else ""
    )
    sections = []
    for sev in SEVERITIES:
        items = [f for f in flags if f.severity == sev]
        body = "".join(_flag(f) for f in items) or f'<p class="empty">No {sev} flags.</p>'
        sections.append(f'<section id="{sev}"><h2>{sev.capitalize()} ({len(items)})</h2>{body}</section>')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>{_meta(doc)}<h2>Flags by severity</h2>{_counts(flags)}"
        f"<h2>Flags by check</h2>{_summary(flags)}{''.join(sections)}"
        "</body></html>\n"
    )
