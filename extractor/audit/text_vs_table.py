"""The running text against the tables: figures, counts and claims no report-year table supports."""

from __future__ import annotations

import logging

from extractor.audit.claims import claim_flags
from extractor.audit.context import CODE, build_context
from extractor.audit.model import AuditInput, AuditSettings
from extractor.audit.registry import CheckSpec
from extractor.audit.sentences import build_paragraphs, prose_only, split_sentences
from extractor.audit.text_figures import Count, absorption_flags, amount_flags, count_flags, counts
from extractor.models import Flag

log = logging.getLogger(__name__)


def check_text_vs_table(inp: AuditInput, settings: AuditSettings) -> list[Flag]:
    """Absorption/efficiency %, pagu/realisasi Rp, counts of indicators, sasaran, programs and
    kegiatan (text_figures); capaian, "all targets met", grades and year-on-year changes (claims)."""
    ctx = build_context(inp, settings)
    flags: list[Flag] = []
    statements: list[Count] = []
    for sent in split_sentences(build_paragraphs(prose_only(inp))):
        flags += absorption_flags(sent, ctx)
        flags += amount_flags(sent, ctx, settings.total_tolerance_rupiah)
        flags += claim_flags(sent, ctx)
        statements += counts(sent, ctx)
    flags += count_flags(statements, ctx)
    log.debug("%s: %d narrative flags from %d lines", inp.file, len(flags), len(inp.narrative))
    return flags


TEXT_VS_TABLE = CheckSpec(
    CODE,
    "warning",
    "The running text states a figure or claim no report-year table supports.",
    check_text_vs_table,
)
