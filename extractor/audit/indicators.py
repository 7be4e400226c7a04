"""Finding the same indicator in another table without comparing every pair of rows.

Two rows are the same indicator when both carry a catalogue id and the ids agree, else when their
plain labels are the same up to spelling (rapidfuzz token-sort score of at least ``FUZZY_MIN``).
``IndicatorIndex`` answers that question against a whole table: ids and exact plain labels are
dictionary look-ups, and only a label found neither way is scored, once, against the index's
labels in rapidfuzz's C loop, so the audit stays linear in rows on a thousand-page report.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from extractor.catalogue.labels import plain_label
from extractor.models import IndicatorRecord

FUZZY_MIN = 85  # rapidfuzz score for "the same indicator, spelled differently"


def same_indicator(a: IndicatorRecord, b: IndicatorRecord) -> bool:
    if a.indicator_id and b.indicator_id:
        return a.indicator_id == b.indicator_id
    return fuzz.token_sort_ratio(plain_label(a.label), plain_label(b.label)) >= FUZZY_MIN


class IndicatorIndex:
    """The rows of one or more tables, asked "is this indicator among you?" (``same_indicator``)."""

    def __init__(self, rows: Iterable[IndicatorRecord]) -> None:
        self._ids: set[str] = set()
        self._labels: dict[str, bool] = {}  # plain label -> some row with it has no id
        for row in rows:
            if row.indicator_id:
                self._ids.add(row.indicator_id)
            label = plain_label(row.label)
            self._labels[label] = self._labels.get(label, False) or not row.indicator_id
        self._any = list(self._labels)
        self._no_id = [label for label, no_id in self._labels.items() if no_id]

    def __bool__(self) -> bool:
        return bool(self._labels)

    def __contains__(self, ind: IndicatorRecord) -> bool:
        label = plain_label(ind.label)
        if ind.indicator_id:
            if ind.indicator_id in self._ids or self._labels.get(label):
                return True
            choices = self._no_id  # rows with an id of their own answer by id alone
        else:
            if label in self._labels:
                return True
            choices = self._any
        found = process.extractOne(label, choices, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_MIN)
        return found is not None
