"""Stage "catalogue": the canonical indicator catalogue, its one label normaliser, the matcher that maps
printed labels onto it, and the suggester that grows it from a batch's unmatched labels.

Modules depend one way only: model <- clauses <- labels <- load <- programs <- matcher <- suggest
(capaian, and wrapped, which rejoins words a narrow column broke, need model and labels; spelling,
the glyphs OCR confuses, needs none and serves the matcher).
This package re-exports what the rest of lakip uses.
"""

from extractor.catalogue.capaian import recompute_capaian
from extractor.catalogue.labels import LabelNormaliser, fold, plain_label
from extractor.catalogue.load import catalogue_summary, load_catalogue, normalise_label
from extractor.catalogue.matcher import Matcher, MatchResult, MatchSettings, match_json
from extractor.catalogue.model import (
    DIRECTIONS,
    VALUE_TYPES,
    Catalogue,
    CatalogueEntry,
    ProgramEntry,
    Synonym,
)
from extractor.catalogue.programs import match_program

__all__ = [
    "DIRECTIONS",
    "VALUE_TYPES",
    "Catalogue",
    "CatalogueEntry",
    "LabelNormaliser",
    "MatchResult",
    "MatchSettings",
    "Matcher",
    "ProgramEntry",
    "Synonym",
    "catalogue_summary",
    "fold",
    "load_catalogue",
    "match_json",
    "match_program",
    "normalise_label",
    "plain_label",
    "recompute_capaian",
]
