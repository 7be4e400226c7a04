"""The domain vocabulary, in one place: the words that name a table's columns, and the year and
rupiah marks the readers look for.

Each reader keeps the set it was tuned with (a word added to one would move tables found or lost
elsewhere), so several sets live here side by side, derived from one another where they are one
another's subsets. This module imports nothing from the package: every stage may import it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from enum import StrEnum

from rapidfuzz.distance import Levenshtein

# ---------------------------------------------------------------------------------------------
# Column roles and the words naming them (the header model, ``header.header_role``)


class Role(StrEnum):
    NO = "no"
    SASARAN = "sasaran"
    INDICATOR = "indicator"
    TARGET = "target"
    REALISASI = "realisasi"
    CAPAIAN = "capaian"
    KODE = "kode"
    NAME = "name"
    PAGU = "pagu"
    REAL_RP = "realisasi_rp"
    PERSEN = "persen"
    UNIT = "unit"
    KET = "ket"
    YEAR = "year"
    SISA = "sisa"  # remaining budget: a value column, never pagu or realisasi
    CATEGORY = "category"  # Kategori / Predikat / Kriteria: a verdict, not a value
    OTHER_YEAR = "other_year"  # a value column about another year (see ``HeaderColumn.year``)
    OTHER = "other"


# (role, keywords); the keyword found first in a header text names the column, so "Target
# Indikator Kinerja" is a target and "Sisa Anggaran" is sisa; on a tie the longer keyword wins.
ROLE_WORDS: tuple[tuple[Role, tuple[str, ...]], ...] = (
    (Role.REAL_RP, ("realisasi anggaran", "realisasi (rp", "realisasi rp", "realisasi dana", "realisasi keuangan")),
    (Role.INDICATOR, ("indikator", "iku", "kinerja/ro")),
    (Role.SASARAN, ("sasaran", "tujuan")),
    (Role.TARGET, ("target", "pk")),  # "PK": the Perjanjian Kinerja (agreement) target
    (Role.REALISASI, ("realisasi",)),
    (Role.CAPAIAN, ("capaian",)),
    (Role.SISA, ("sisa", "selisih")),
    (Role.PAGU, ("pagu", "anggaran", "alokasi", "dipa")),
    (Role.PERSEN, ("%", "persen", "prosentase", "presentase", "penyerapan")),
    (Role.KODE, ("kode", "akun", "mak")),
    (Role.NAME, ("program", "kegiatan", "uraian", "output", "kro", "rincian", "belanja", "nama")),
    (Role.UNIT, ("satuan", "sat.")),
    (Role.CATEGORY, ("kategori", "predikat", "kriteria", "status", "interpretasi")),
    (
        Role.KET,
        ("ket", "keterangan", "sumber data", "formulasi", "definisi", "penjelasan", "penanggung", "alasan"),
    ),
    (Role.YEAR, ("tahun",)),
)
# Header phrases read as another word before the role words are looked for (``header.header_role``
# only: the borderless readers' column-word starts stay as they are). "Rencana Tingkat Capaian
# (Target)", the planned level of the RKT/PK forms of the LAN and PermenPAN guidelines, is a target
# despite its "capaian"; money absorbed ("Serapan (Rp)") is the realisasi, its share ("Daya Serap",
# "Serapan (%)") the absorption; a ceiling ("Plafon") is the pagu; a balance ("Saldo") or a saving
# ("Efisiensi") what is left; "Ukuran Keberhasilan" (RPJMD tables) names the indicator.
HEADER_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\brencana\s+tingkat\s+capaian\b"), "target"),
    (re.compile(r"\bserapan(?:\s+anggaran)?\s*(?=\(?rp\b)"), "realisasi "),
    (re.compile(r"\b(?:daya\s+serap|serapan)\b"), "penyerapan"),
    (re.compile(r"\bplafon\b"), "pagu"),
    (re.compile(r"\b(?:saldo|efisiensi)\b"), "sisa"),
    (re.compile(r"\bukuran\s+keberhasilan\b"), "indikator"),
)
# A column headed only 'Kinerja' or 'Kinerja Utama': the indicator whose first word a wrap or OCR
# lost, unless a column to its right names the indicator outright; then it is the sasaran level
# of the IKU table ('Kinerja Utama | Indikator Kinerja Utama | Target | ...').
KINERJA_ONLY = re.compile(r"^\s*kinerja(?:\s+utama)?[\s.:]*$", re.I)
VALUE_ROLES = frozenset({Role.TARGET, Role.REALISASI, Role.CAPAIAN, Role.PAGU, Role.REAL_RP, Role.PERSEN})
LABEL_ROLES = frozenset({Role.SASARAN, Role.INDICATOR, Role.NAME})  # the columns that name a row
# keywords that name a column only when no other keyword does: 'Akun' alone heads account codes
WEAK_ROLE_WORDS = frozenset({"akun"})
NO_HEADER = re.compile(r"^(no|nomor|no\s*urut)\.?$", re.I)  # the row-number column
YEAR_HEADER = re.compile(r"^(?:t\.?\s?a|thn|th)\.?$", re.I)  # 'TA', 'T.A.', 'Thn': tahun (anggaran)
# A header ending where its year was: 'Realisasi Tahun', 'Realisasi TA202' (OCR lost the year or part of it)
YEAR_CUT = re.compile(r"\b(?:tahun|thn|th|t\.?\s?a)\.?\s*\d{0,3}[\W_]*$", re.I)
# Words in a parent header that put its value columns in rupiah ("Anggaran" over Pagu | Realisasi).
BUDGET_CONTEXT = ("anggaran", "pagu", "keuangan", "dana", "(rp", "rp.", "rupiah", "dipa")
# how a sasaran or tujuan is numbered in front of its text: 'Sasaran Strategis 1:', 'Tujuan 2.',
# 'SS1.', 'SS 3:' (Renstra KPU numbers its sasaran strategis SS1 ...), 'SP2' (sasaran program)
SASARAN_NUMBER = re.compile(
    r"^(?:(?:sasaran|tujuan)(?:\s+strategis|\s+program|\s+kegiatan)?\s*[\dIVX]*|S[SPK]\s?\d{1,2}(?![\dA-Z]))\s*[.:)\-]?\s*",
    re.I,
)
# A target column qualified like this is a medium-term plan, not the year's agreement.
PLAN_WORDS = ("renstra", "akhir", "jangka menengah", "rpjm", "rencana strategis", "periode")
# The stage of a budget or an agreement: a DIPA revised during the year ("Pagu Awal | Pagu Revisi"),
# an APBD changed ("Anggaran Murni | Anggaran Perubahan"), a Perjanjian Kinerja amended ("Target
# PK Awal | Target PK Perubahan"). Realisasi and capaian are reckoned against the last stage.
INITIAL_STAGE = re.compile(r"\b(?:awal|murni|semula|induk|sebelum(?:\s+(?:revisi|perubahan))?)\b", re.I)
REVISED_STAGE = re.compile(
    r"\b(?:revisi|perubahan|setelah|sesudah|definitif|menjadi|pergeseran|p-?apbd|apbd-?p)\b", re.I
)
# ... and for a budget, its final amount ('Pagu Akhir'; a target's 'akhir' is a plan's, above)
FINAL_BUDGET = re.compile(r"\bakhir\b", re.I)

# ---------------------------------------------------------------------------------------------
# Header words of the line readers: text dumps (``tables.text_lines``), the page triage
# (``pages``) and borderless tables (``tables.stream_lines``)

# What a text dump's header word names: "label" a text column, "value" a number column.
HEADER_KINDS: dict[str, str] = {
    "no": "label",
    "nomor": "label",
    "sasaran": "label",
    "indikator": "label",
    "kode": "label",
    "program": "label",
    "kegiatan": "label",
    "uraian": "label",
    "keterangan": "label",
    "satuan": "label",
    "tujuan": "label",
    "target": "value",
    "realisasi": "value",
    "capaian": "value",
    "pagu": "value",
    "anggaran": "value",
    "alokasi": "value",
    "persentase": "value",
    "persen": "value",
    "efisiensi": "value",
    "tahun": "value",
    "%": "value",
}
# Words that sit in a text dump's headers without naming a column of their own.
DUMP_FILLER = frozenset(
    {"kinerja", "utama", "strategis", "dan", "sub", "per", "tw", "jumlah", "(rp)", "(rp.)", "rp", "rp."}
)
# Header words long enough to be recognised through OCR damage ('Realisasl'), in HEADER_KINDS order.
FUZZY_HEADER_WORDS = [w for w in HEADER_KINDS if len(w) >= 5]

# The text dump's words the page triage and the borderless finder do not count: those two look
# for header words inside a line's text, where the short marks are everywhere ('no' in 'nomor',
# '%' beside every figure, 'tahun' in prose), and were never tuned with the rest.
_DUMP_ONLY = frozenset({"no", "nomor", "kode", "keterangan", "tujuan", "persen", "efisiensi", "tahun", "%"})
# Column words searched inside a line's text (``pages.count_header_words``, ``stream_lines``).
HEADER_WORDS = tuple(w for w in HEADER_KINDS if w not in _DUMP_ONLY)
# HEADER_WORDS at a word start: the distinct column words of a triage header line.
HEADER_WORD = re.compile(r"\b(" + "|".join(HEADER_WORDS) + ")")
# Whole words that count towards a header line besides HEADER_WORDS (``pages.is_header_line``,
# ``stream_lines.header_density``).
HEADER_EXTRA = frozenset(
    "no nomor kinerja strategis tahun rp % (%) ket keterangan kode satuan sat uraian output outcome "
    "sumber data iku renstra akhir awal tw triwulan i ii iii iv jumlah nilai kategori predikat sisa pk".split()
)
# Whole words a borderless header line counts as hits besides HEADER_WORDS (``stream_lines.header_hits``).
HEADER_MARKS = frozenset({"no", "no.", "kode", "%", "tahun", "ket", "keterangan", "rp", "(rp)"})
# A unit in brackets closing a wrapped header cell: "(%)", "(Rp)", as OCR reads them too ("(Ya)",
# "(96)"); under the rest of a header it names no figure (``header``, ``stream_lines``).
BRACKETED_UNIT = re.compile(r"\([^()\s]{1,4}\)")
# Words of a borderless header that name no column but break no header (``stream_lines.header_density``).
LINE_FILLER = frozenset({"utama", "(iku)", "(rp)", "ta", "dan", "/"})
# A column word begins the word that names a column ('Realisasi2024', 'TargetPK', OCR's 'Targel':
# its first four letters); inside a longer word ('Penganggaran', 'Perencanaan') it is a label's
# (``stream_lines.header_density``; ``header.header_role`` matches at word starts likewise).
COLUMN_WORD_STARTS = tuple(
    sorted({w.split()[0].strip("(")[:4] for _, ws in ROLE_WORDS for w in ws} | {w[:4] for w in HEADER_WORDS})
)

# ---------------------------------------------------------------------------------------------
# Years and rupiah

YEAR_DIGITS = r"(?:19|20)\d\d"  # a year a table or a sentence may print
YEAR_WORD = re.compile(rf"\b{YEAR_DIGITS}\b")  # a year inside a text
YEAR_TOKEN = re.compile(rf"^\(?{YEAR_DIGITS}\)?$")  # a word that is a year, '(2024)' too
YEAR_MARK = re.compile(rf"^\(?{YEAR_DIGITS}\)?[.,;:]?$")  # a word that is a year, punctuation after it too
REPORT_YEAR_DIGITS = r"20\d\d"  # a year a report can be about
HEADER_YEAR = re.compile(r"(?<!\d)(?<!\d[.,])(20[0-4]\d)(?![.,]?\d)")  # a year a header names for a column, OCR may glue it to a word ('Target2029')
HEADER_YEARS = (2000, 2049)  # the years HEADER_YEAR reads
PRIOR_YEAR = re.compile(r"\b(tahun\s+(lalu|sebelumnya)|n\s*-\s*1)\b", re.I)  # a header about last year
NEXT_YEAR = re.compile(r"\b(tahun\s+(depan|berikutnya)|n\s*\+\s*1)\b", re.I)  # ... about next year

MOST_PERCENT = 200  # the largest percent a target or realisasi reaches; more is a misreading

# words a band row numbers its goal after ('Sasaran Strategis 2: ...', 'Program 1'): the number
# after them (its colon often lost to OCR) is the band's own, no figure of a row
BAND_NUMBERED_BY = frozenset({"sasaran", "strategis", "tujuan", "program", "kegiatan"})


def band_number(before: str) -> bool:
    """Whether a number after the word ``before`` numbers a band row's goal."""
    return before.lower().strip(":.") in BAND_NUMBERED_BY


def clipped_year(text: str, years: Sequence[int]) -> bool:
    """A two-digit number beside full years in a header row is a year OCR clipped ('24' beside
    '2023' where a rule crossed '2024'): within five years of one of them."""
    return len(text) == 2 and text.isdecimal() and any(abs(y % 100 - int(text)) <= 5 for y in years)


# a header number OCR may have made of a year; two digits only bare ('(20)' is a '(%)' misread)
_YEAR_LIKE = re.compile(r"(?<![\d.,])(?:\d{3,4}|(?<!\()\d\d(?!\)))(?![.,]?\d)")


def damaged_year(
    text: str, earliest: int, latest: int, exclude: Collection[int] = (), clipped: bool = True
) -> int | None:
    """The year a damaged header number stands for, when OCR dropped or changed digits of it
    ('224' or '1014' for 2024, 'Target Renstra 229' for 2029, 'Target 22' for 2022): of the years
    from ``earliest`` to ``latest`` and not in ``exclude`` (the header's intact years), the one
    nearest it by edit distance, one edit for three digits, two for four, and two digits as the
    year's last two (unless not ``clipped``); None if none or more than one is nearest. The
    window is what keeps a figure from becoming a year, so callers keep it to the years the
    column can be about."""
    if HEADER_YEAR.search(text):
        return None
    best: dict[int, set[int]] = {}
    for token in _YEAR_LIKE.findall(text):
        if len(token) == 2 and not clipped:
            continue
        for year in range(earliest, latest + 1):
            d = _edits(token, year)
            if year not in exclude and d <= max(len(token) - 2, 0):
                best.setdefault(d, set()).add(year)
    if not best:
        return None
    fits = best[min(best)]
    return next(iter(fits)) if len(fits) == 1 else None


def year_off_by_a_digit(text: str) -> bool:
    """Four digits a digit or two off one header year ('2922' for 2022, '2823' for 2023): among
    column names, a year OCR damaged rather than a figure of a row."""
    t = text.strip("()[]._-—|")
    return len(t) == 4 and t.isdecimal() and damaged_year(t, *HEADER_YEARS) is not None


def years_only(texts: Sequence[str], clipped: bool = True) -> bool:
    """Texts of a header row that are all years ('2021 | 2022' under 'Realisasi'); one of them may
    be OCR-damaged ('221', '24') as long as another reads as a year, or all of two or more when
    each is one year damaged ('220 | 221' for '2020 | 2021'). A unit in brackets beside them is
    the last line of another wrapped header cell ('(%)' under 'Capaian', OCR's '(Ya)'), not a
    figure; brackets, rule ends and specks around a year are OCR's ('2025 __'). Not ``clipped``:
    two digits are a year's last two only beside a year read whole."""
    bare = [bare_word(t) for t in texts if not BRACKETED_UNIT.fullmatch(t.strip())]
    full = [int(t) for t in bare if HEADER_YEAR.fullmatch(t)]
    damaged = sum(
        1
        for t in bare
        if t.isdecimal() and int(t) not in full and (3 <= len(t) <= 5 or clipped_year(t, full))
    )
    if not full:
        return _damaged_years(bare, clipped)
    return len(full) + damaged == len(bare) and damaged <= len(full)


def _damaged_years(texts: Sequence[str], clipped: bool) -> bool:
    """Two or more numbers each one year OCR damaged, all different years and few apart ('21 |
    222'): not a line of small counts under the header ('12 | 12' is no pair of years)."""
    years = [damaged_year(t, *HEADER_YEARS, clipped=clipped) if t.isdecimal() else None for t in texts]
    found = [y for y in years if y is not None]
    return len(texts) >= 2 and len(found) == len(texts) == len(set(found)) and max(found) - min(found) <= 10


def bare_word(text: str) -> str:
    """A header text without the brackets, rule ends and specks OCR reads around it ('2025 __')."""
    return _DEBRIS.sub("", text)


_DEBRIS = re.compile(r"^[\W_]+|[\W_]+$")


def _edits(token: str, year: int) -> int:
    """Edits from ``year`` to the number read; two digits are the year's last two or nothing."""
    if len(token) == 2:
        return 0 if token == str(year)[2:] else len(token) + 4
    return Levenshtein.distance(token, str(year))


TABLE_CAPTION = re.compile(r"^\s*tabel\s+[0-9IVX]+(?:[.\-][0-9]+)*\b", re.I)  # 'Tabel 3.1 ...' opening a line
RUPIAH = r"Rp\.?"  # the rupiah sign, in a figure or before it (readers add re.I for 'RP', 'rp')
RUPIAH_SIGN = re.compile(rf"^{RUPIAH}$", re.I)  # 'Rp' or 'Rp.' as a token of its own

# ---------------------------------------------------------------------------------------------
# Figures, grades and opinions

FIGURE = r"\d(?:[\d.,]*\d)?"  # digits with their group and decimal marks, as printed
GRADE_ORDER = ("D", "C", "CC", "B", "BB", "A", "AA")  # SAKIP grades, worst to best; rank = position + 1
OPINION_ORDER = ("TMP", "TW", "WDP", "WTP")  # BPK opinions: disclaimer, adverse, qualified, unqualified
# An opinion spelled out, as the BPK report words it.
OPINION_PHRASES = {
    "wajar tanpa pengecualian": "WTP",
    "wajar dengan pengecualian": "WDP",
    "tidak wajar": "TW",
    "tidak memberikan pendapat": "TMP",
    "tidak menyatakan pendapat": "TMP",
    "menolak memberikan pendapat": "TMP",
    "disclaimer": "TMP",
}

# A row label that names a period of the year, not a budget line or an indicator: a month, a
# quarter, a semester ('Januari', 'Triwulan II', 'TW III', 'Semester 1', 's.d. Juni'). A table
# whose rows are periods is a time series (a monthly disbursement plan, quarterly realisation).
# A caption that says the table goes on from the page before ('Tabel 3.1 (lanjutan)', 'sambungan').
# "Total ..." always closes a table; "Jumlah ..." only when it names money or nothing more
# ("Jumlah Layanan Perkantoran" is an output, not a total). Matched on a lower-cased name.
# OCR's look-alikes count too: 'Jumiah', 'Jurnlah', 'JUM1AH', 'Totai'.
TOTAL_NAME = re.compile(
    r"^(?:sub\s*|grand\s*)?t[o0]ta[l1i|]\b|^(?:sub\s*)?ju(?:m|rn)[l1i|]ah(?:\s+(?:t[o0]ta[l1i|]|keseluruhan|seluruhnya"
    r"|anggaran|pagu|biaya|belanja|dana|program|\(?rp\)?)\b.*|\s+\d{4}.*|\s*:?\s*)$"
)
CONTINUED = re.compile(r"\b(?:lanjut|sambung)", re.I)
# A label column headed by a place ('Kecamatan | DPT | Target | Realisasi'): the rows are places,
# each one's share of a measure the caption names, not indicators of the report.
PLACE_HEADER = re.compile(
    r"^\s*(?:nama\s+)?(?:kecamatan|kelurahan|desa|(?:desa|kelurahan)\s*/\s*(?:desa|kelurahan)|kabupaten(?:\s*/\s*kota)?"
    r"|kab\.?\s*/\s*kota|kota|provinsi|wilayah|daerah(?:\s+pemilihan)?|dapil|tps|ppk|pps|satker|satuan\s+kerja)\s*$",
    re.I,
)
PERIOD_LABEL = re.compile(
    r"^(?:s\.?\s?d\.?\s+|sampai\s+(?:dengan\s+)?)?(?:januari|februari|pebruari|maret|april|mei|juni|juli|agustus|"
    r"september|oktober|nopember|november|desember|triwulan\s+(?:[iv]+|[1-4])|tw\.?\s*(?:[iv]+|[1-4])|"
    r"semester\s+(?:[i]+|[12]))\b",
    re.I,
)
