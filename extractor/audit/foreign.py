"""Other KPU units named in a report: text copied from another unit's report."""

from __future__ import annotations

import re
from typing import Any

from extractor.audit.cite import make_flag, where
from extractor.audit.model import AuditInput, AuditSettings
from extractor.audit.registry import CheckSpec
from extractor.audit.sentences import Paragraph, build_paragraphs
from extractor.catalogue.labels import plain_label
from extractor.gazetteer import load_gazetteer
from extractor.models import Flag, Method, Provenance

# 'Kecamatan Kota Padang', 'Desa Kota Padang Baru': places inside a region sharing a unit's name
_SUB_DISTRICT = re.compile(
    r"\b(?:kecamatan|kec|desa|kelurahan|kel|dusun|jalan|jl|gang|perumahan)\.?\s*$", re.I
)


def foreign_satker_flags(inp: AuditInput) -> list[Flag]:
    """Explicit mentions ('KPU Kabupaten X', 'Kota Y', 'Provinsi Z') of other units in narrative,
    indicator labels and budget names. The unit itself, its parent province and the national KPU
    are fine; units of the same province are info, of another province a warning; repeated
    mentions of one unit make one flag."""

    sat = inp.satker
    if sat.region is None or sat.level is None or sat.level == "pusat":
        return []
    gaz = load_gazetteer()
    own_province = sat.province or (
        sat.region if sat.level == "provinsi" else gaz.province_of(sat.region, sat.level)
    )
    own = (sat.level, plain_label(sat.region))
    sources: list[tuple[str, Paragraph | Provenance]] = [(p.text, p) for p in build_paragraphs(inp.narrative)]
    sources += [(i.label_raw, i.provenance) for i in inp.indicators] + [
        (b.name, b.provenance) for b in inp.budget
    ]
    hits: dict[tuple[str, str], list[tuple[Any, Provenance]]] = {}
    for text, origin in sources:
        for mention in gaz.find_mentions(text):
            region = mention.region
            if not mention.explicit or (region.kind, plain_label(region.name)) == own:
                continue
            if (
                region.kind == "provinsi"
                and own_province
                and plain_label(region.name) == plain_label(own_province)
            ):
                continue
            if _SUB_DISTRICT.search(text[max(0, mention.start - 15) : mention.start]):
                continue
            if isinstance(origin, Paragraph):
                ln = origin.line_at(mention.start)
                prov = Provenance(inp.file, ln.page, ln.line, ln.bbox, Method.NARRATIVE)
            else:
                prov = origin
            hits.setdefault((region.kind, region.name), []).append((mention, prov))
    flags = []
    for (kind, name), found in hits.items():
        province = found[0][0].region.province
        same = bool(own_province and plain_label(province) == plain_label(own_province))
        places = list(dict.fromkeys(where(p) for _, p in found))
        shown = ", ".join(places[:5]) + (f" and {len(places) - 5} more" if len(places) > 5 else "")
        message = (
            f"'{found[0][0].text}' ({kind} {name}, {'same' if same else 'another'} province) is mentioned "
            f"{len(found)} time(s) in a report of {sat.name or sat.region}: {shown}."
        )
        values = {"region": name, "kind": kind, "province": province, "mentions": len(found)}
        flags.append(
            make_flag("foreign_satker", "info" if same else "warning", message, [p for _, p in found], values)
        )
    return flags


def check_foreign_satker(inp: AuditInput, settings: AuditSettings) -> list[Flag]:
    """Explicit mentions of other KPU units."""
    return foreign_satker_flags(inp)


FOREIGN_SATKER = CheckSpec(
    "foreign_satker",
    "warning",
    "The text names another KPU unit: possibly copied from another report.",
    check_foreign_satker,
)
