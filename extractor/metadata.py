"""Which KPU unit a report is about, and which fiscal year (stage "metadata").

Both answers come from a vote over the whole running text rather than from one cover line, so a
garbled cover, a missing title or one stray mention of another unit does not decide alone:

* every gazetteer mention of a region is a vote for that unit; a mention right after "KPU" /
  "Komisi Pemilihan Umum" (a *satker* mention) counts three times an ordinary one, an explicit kind
  ("Kota X") twice a bare name, and a weak bare name (shared, common word) hardly at all;
* votes are weighted by position (cover, kata pengantar and ikhtisar come first), by title-like lines
  (upper case, "LAPORAN KINERJA ..."), and damped for lines repeated on many pages (headers/footers),
  so a header counts like a few mentions, not like one per page;
* a unit is reported only when it clearly beats the runner-up; otherwise name, level, region and
  province are None (an auditor prefers "unknown" to a confident wrong unit).

The year is the fiscal year the report is about: report titles ("LAPORAN KINERJA ... TAHUN 2024",
"LKjIP 2024"), "Tahun Anggaran 2024" / "TA 2024" and "tahun 2024" phrases vote; legal citations
("Nomor 29 Tahun 2014"), plan ranges ("2020-2024") and plan contexts ("Rencana Kinerja Tahun 2025")
do not or barely; a signature date early in the year ("Curup, 17 Januari 2025") votes for the year
before.
"""

from __future__ import annotations

import bisect
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from extractor.gazetteer import Gazetteer, Mention, Region, load_gazetteer
from extractor.models import Satker, TextLine
from extractor.vocabulary import REPORT_YEAR_DIGITS

logger = logging.getLogger(__name__)

SatkerLevel = Literal["kota", "kabupaten", "provinsi", "pusat"]
PUSAT_NAME = "KPU RI"

# weights of one satker vote
_EXPLICIT = 1.0
_BARE = 0.5
_WEAK = 0.1
_ANCHORED = 3.0
_TITLE_LINE = 1.5
_MIN_SATKER_SCORE = 3.0
_MIN_MARGIN = 1.5  # the winner must score this many times the runner-up

# weights of one year vote
_YEAR_TITLE = 4.0
_YEAR_FISCAL = 3.0
_YEAR_PLAIN = 1.0
_YEAR_PLAN = 0.3
_YEAR_SIGNED = 2.0
_MIN_YEAR_SCORE = 1.0
_YEAR_MARGIN = 1.2

_ANCHOR = re.compile(
    r"(?:\bKPU|\bKIP|komisi\s+pemilihan\s+umum|komisi\s+independen\s+pemilihan)[\s:]*$", re.IGNORECASE
)
_PUSAT = re.compile(
    r"(?:\bKPU|komisi\s+pemilihan\s+umum)\s+(?:RI\b|republik\s+indonesia)"
    r"|sekretariat\s+jenderal\s+(?:KPU\b|komisi\s+pemilihan\s+umum)",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"laporan\s+(?:akuntabilitas\s+)?kinerja|\blakip\b|\blkjip\b|\blkip\b|\bLKj?\b|\blakin\b", re.IGNORECASE
)
_YEAR = rf"({REPORT_YEAR_DIGITS})(?!\d)"
_TITLE_YEAR = re.compile(
    r"(?:laporan\s+(?:akuntabilitas\s+)?kinerja|\blakip\b|\blkjip\b|\blkip\b|\blkj\b|\blakin\b)"
    r"(?:(?!" + REPORT_YEAR_DIGITS + r"(?!\d))[\s\S]){0,160}?(?<!\d)" + _YEAR,
    re.IGNORECASE,
)
_FISCAL_YEAR = re.compile(r"tahun\s+anggaran\s*:?\s*" + _YEAR, re.IGNORECASE)
_TA_YEAR = re.compile(r"\bT\.?\s?A\.?\s*" + _YEAR)  # upper-case "TA 2024" / "T.A. 2024" only
_PLAIN_YEAR = re.compile(r"\btahun\s+" + _YEAR, re.IGNORECASE)
# "Nomor 29 Tahun 2014", "No. 7 tahun 2017", and numbers of letters/decrees ending "/XII/2023"
_CITATION = re.compile(r"\b(?:nomor|no\.?)\s*:?\s*[\w./-]{1,25}\s+(?:tahun\s+)?$|/\s*$", re.IGNORECASE)
_RANGE_BEFORE = re.compile(
    r"(?:\d{4}\s*[-–—/]|\d{4}\s+(?:s\.?\s?d\.?|sampai(?:\s+dengan)?))\s*$", re.IGNORECASE
)
_RANGE_AFTER = re.compile(r"^\s*(?:[-–—/]|s\.?\s?d\.?|sampai)\s*\d{4}", re.IGNORECASE)
_PLAN_CONTEXT = re.compile(
    r"rencana|renstra|renja|perjanjian\s+kinerja|\bPK\b|\bRKT\b|\bRKA|target|proyeksi|mendatang|tahun\s+depan",
    re.IGNORECASE,
)
_MONTHS = (
    "januari", "februari", "maret", "april", "mei", "juni",
    "juli", "agustus", "september", "oktober", "november", "desember",
)  # fmt: skip
_SIGNED = re.compile(
    r"^\s*[A-Z][\w .'’-]{1,40},\s*\d{1,2}\s+(" + "|".join(_MONTHS) + r")\s+" + _YEAR + r"\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SatkerCandidate:
    """One unit the text could be about, with its vote total; ``region`` is None for KPU RI."""

    level: SatkerLevel
    region: Region | None
    score: float
    mentions: int
    first_line: int | None

    @property
    def name(self) -> str:
        return self.region.satker_name if self.region is not None else PUSAT_NAME


@dataclass(frozen=True)
class YearCandidate:
    year: int
    score: float
    first_line: int | None


@dataclass(frozen=True)
class _Doc:
    """The lines joined into one text, with what is needed to weigh a position in it."""

    text: str
    starts: tuple[int, ...]
    lines: Sequence[TextLine]
    repeats: tuple[int, ...]
    title_like: tuple[bool, ...]

    def line_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def line_number(self, offset: int) -> int | None:
        line = self.lines[self.line_index(offset)] if self.lines else None
        return line.line if line is not None else None

    def weight(self, offset: int) -> float:
        """Early text, title-like lines and rarely repeated lines weigh more."""
        index = self.line_index(offset)
        fraction = offset / max(1, len(self.text))
        position = 1.0 + 2.0 * math.exp(-8.0 * fraction)
        repeats = self.repeats[index]
        damping = (1.0 + math.log(repeats)) / repeats
        return position * damping * (_TITLE_LINE if self.title_like[index] else 1.0)


def _repeat_key(text: str) -> str:
    """Lines equal up to digits (page numbers) and spacing count as one repeated header."""
    return " ".join(re.sub(r"\d+", "#", text).casefold().split())


def _is_title_like(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4:
        return False
    upper = sum(c.isupper() for c in letters) / len(letters)
    return upper >= 0.7 or bool(_TITLE_WORDS.search(text))


def _build_doc(lines: Sequence[TextLine]) -> _Doc:
    starts: list[int] = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line.text) + 1
    counts = Counter(_repeat_key(line.text) for line in lines if line.text.strip())
    repeats = tuple(counts.get(_repeat_key(line.text), 1) for line in lines)
    return _Doc(
        text="\n".join(line.text for line in lines),
        starts=tuple(starts),
        lines=lines,
        repeats=repeats,
        title_like=tuple(_is_title_like(line.text) for line in lines),
    )


def _vote(mention: Mention, anchored: bool, shared_by: int) -> float:
    if mention.explicit:
        base = _EXPLICIT
    elif mention.weak:
        base = _WEAK / shared_by
    else:
        base = _BARE
    return base * (_ANCHORED if anchored else 1.0)


def _satker_candidates(doc: _Doc, gazetteer: Gazetteer) -> list[SatkerCandidate]:
    scores: defaultdict[tuple[str, Region | None], float] = defaultdict(float)
    counts: Counter[tuple[str, Region | None]] = Counter()
    first: dict[tuple[str, Region | None], int | None] = {}
    mentions = gazetteer.find_mentions(doc.text, include_weak=True)
    shared = Counter(m.start for m in mentions)
    for mention in mentions:
        anchored = bool(_ANCHOR.search(doc.text[max(0, mention.start - 60) : mention.start]))
        if mention.weak and not anchored and not mention.explicit:
            continue
        key: tuple[str, Region | None] = (mention.region.kind, mention.region)
        scores[key] += _vote(mention, anchored, shared[mention.start]) * doc.weight(mention.start)
        counts[key] += 1
        first.setdefault(key, doc.line_number(mention.start))
    for match in _PUSAT.finditer(doc.text):
        key = ("pusat", None)
        scores[key] += _EXPLICIT * _ANCHORED * doc.weight(match.start())
        counts[key] += 1
        first.setdefault(key, doc.line_number(match.start()))
    ranked = sorted(scores, key=lambda k: -scores[k])
    return [
        SatkerCandidate(
            _level(kind),
            region,
            round(scores[(kind, region)], 3),
            counts[(kind, region)],
            first[(kind, region)],
        )
        for kind, region in ranked
    ]


def _level(kind: str) -> SatkerLevel:
    levels: dict[str, SatkerLevel] = {"kota": "kota", "kabupaten": "kabupaten", "provinsi": "provinsi"}
    return levels.get(kind, "pusat")


def satker_candidates(lines: Sequence[TextLine], gazetteer: Gazetteer | None = None) -> list[SatkerCandidate]:
    """Every unit the text could be about, best first (for audits and for debugging a detection)."""
    return _satker_candidates(_build_doc(lines), gazetteer or load_gazetteer())


def _year_votes(doc: _Doc) -> list[tuple[int, float, int]]:
    """(year, weight, offset) for every piece of year evidence in the text."""
    votes: list[tuple[int, float, int]] = []
    text = doc.text
    for pattern, weight in (
        (_TITLE_YEAR, _YEAR_TITLE),
        (_FISCAL_YEAR, _YEAR_FISCAL),
        (_TA_YEAR, _YEAR_FISCAL),
    ):
        for match in pattern.finditer(text):
            if not _citation_or_range(text, match.start(1), match.end(1)):
                votes.append((int(match.group(1)), weight, match.start(1)))
    for match in _PLAIN_YEAR.finditer(text):
        start = match.start(1)
        if _citation_or_range(text, start, match.end(1)):
            continue
        planned = _PLAN_CONTEXT.search(text[max(0, match.start() - 50) : match.start()])
        votes.append((int(match.group(1)), _YEAR_PLAN if planned else _YEAR_PLAIN, start))
    for index, line in enumerate(doc.lines):
        signed = _SIGNED.match(line.text)
        if signed:
            month = _MONTHS.index(signed.group(1).casefold()) + 1
            year = int(signed.group(2))
            # reports are signed after the year closes: early in the year means last year's report
            votes.append((year - 1 if month <= 6 else year, _YEAR_SIGNED, doc.starts[index]))
    return votes


def _citation_or_range(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    return bool(
        _CITATION.search(before) or _RANGE_BEFORE.search(before) or _RANGE_AFTER.match(text[end : end + 20])
    )


def _year_candidates(doc: _Doc) -> list[YearCandidate]:
    scores: defaultdict[int, float] = defaultdict(float)
    first: dict[int, int | None] = {}
    for year, weight, offset in sorted(_year_votes(doc), key=lambda v: v[2]):
        scores[year] += weight * doc.weight(offset)
        first.setdefault(year, doc.line_number(offset))
    return [YearCandidate(y, round(s, 3), first[y]) for y, s in sorted(scores.items(), key=lambda kv: -kv[1])]


def report_year_candidates(lines: Sequence[TextLine]) -> list[YearCandidate]:
    """Fiscal years the report could be about, best first, with their vote totals."""
    return _year_candidates(_build_doc(lines))


def _pick_year(candidates: Sequence[YearCandidate]) -> int | None:
    if not candidates or candidates[0].score < _MIN_YEAR_SCORE:
        return None
    if len(candidates) > 1 and candidates[0].score < _YEAR_MARGIN * candidates[1].score:
        return None
    return candidates[0].year


def _pick_satker(candidates: Sequence[SatkerCandidate]) -> SatkerCandidate | None:
    if not candidates or candidates[0].score < _MIN_SATKER_SCORE:
        return None
    if len(candidates) > 1 and candidates[0].score < _MIN_MARGIN * candidates[1].score:
        return None
    return candidates[0]


def detect_satker(
    lines: Sequence[TextLine], gazetteer: Gazetteer | None = None, *, source: str | None = None
) -> Satker:
    """The KPU unit and fiscal year a report is about; fields are None where the text is not clear."""
    doc = _build_doc(lines)
    where = source or "<text>"
    units = _satker_candidates(doc, gazetteer or load_gazetteer())
    years = _year_candidates(doc)
    year = _pick_year(years)
    if year is None:
        logger.info(
            "%s: report year not certain (candidates %s)", where, [(c.year, c.score) for c in years[:3]]
        )
    best = _pick_satker(units)
    if best is None:
        logger.info("%s: satker not certain (candidates %s)", where, [(c.name, c.score) for c in units[:3]])
        return Satker(name=None, level=None, region=None, province=None, year=year)
    logger.debug("%s: satker %s, score %.1f, first at line %s", where, best.name, best.score, best.first_line)
    region = best.region
    return Satker(
        name=best.name,
        level=best.level,
        region=region.name if region is not None else None,
        province=region.province if region is not None else None,
        year=year,
    )
