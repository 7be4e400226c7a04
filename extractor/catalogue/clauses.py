"""Target clauses: the part of a printed indicator that states its target, not what it measures.

A Perjanjian Kinerja row often carries its target inside the wording: "Tingkat realisasi anggaran ...
pada bulan Desember sebesar 99%", "Rata-rata Predikat SAKIP Satker minimal BB", "Penyerapan anggaran
yang optimal". Such a clause names a value, a grade or a deadline: it says nothing about which indicator
the row is, and its words only dilute the match. ``strip_targets`` removes it before a label (or a
catalogue name: both sides are read the same way) is cut into words.

One threshold is part of what an indicator measures rather than its target: hours of competence
development ("minimal 20 jam pelajaran", "sebanyak 20 JPL", "minimal 24 jam per orang") all measure the
share of staff who reached the hours standard, so each becomes the one phrase "minimal jam pelajaran".
"""

from __future__ import annotations

import re

_NUM = r"\d[\d.,]*"
_MONTHS = "januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember"
# "minimal 20 jam pelajaran", "sebanyak 20 JPL", "minimal 24 jam per orang" (the hours standard of
# PP 17/2020 and UU 20/2023: every ASN has 20 JP of competence development a year)
_HOURS = re.compile(
    rf"(?:\b(?:minimal|minimum|paling\s+sedikit|sekurang-kurangnya|setidaknya|sebanyak|selama)\s+)?"
    rf"{_NUM}\s*(?:jam(?:\s+pelajaran)?|jpl?)\b(?:\s+per\s+(?:orang|pegawai|asn|tahun))*",
    re.IGNORECASE,
)
# a value the row must reach: "sebesar 99%", "mencapai nilai 84", "minimal 93", "target 100%"
_VALUE = re.compile(
    r"\b(?:sebesar|sebanyak|mencapai(?:\s+nilai)?|minimal|minimum|maksimal|maksimum|target"
    r"|paling\s+(?:sedikit|rendah|tinggi)|sekurang-kurangnya|setidaknya|lebih\s+dari|kurang\s+dari)"
    rf"\s*[:<>=≥≤]*\s*{_NUM}\s*(?:%|persen\b)?(?:\s*dari\s+(?:target|pagu)\b)?",
    re.IGNORECASE,
)
# a grade or opinion the row must reach: "minimal BB", "predikat minimal A", "kategori B ke atas"
_GRADE = re.compile(
    r"\b(?:(?:dengan\s+)?predikat\s+)?(?:minimal|minimum|paling\s+rendah|kategori)\s+[\"'“”]?"
    r"(?:AA|A|BB|B|CC|C|WTP|WDP)\b[\"'“”]?(?:\s+ke\s+atas)?",
    re.IGNORECASE,
)
# a deadline: "pada bulan Desember", "s.d. akhir Desember 2024", "pada akhir tahun anggaran", "pada triwulan IV"
_WHEN = re.compile(
    rf"\b(?:pada|sampai(?:\s+dengan)?|s\.?\s?d\.?|hingga|per)\s+(?:akhir\s+)?(?:(?:bulan\s+)?(?:{_MONTHS})"
    r"(?:\s+\d{4})?|tahun\s+anggaran(?:\s+\d{4})?|(?:tahun|semester|triwulan|tw)\s+(?:\d{1,4}|[ivx]{1,4})\b)",
    re.IGNORECASE,
)
# a judgement the row hopes for, at its end: "Penyerapan anggaran yang optimal"
_HOPE = re.compile(r"\s+(?:yang|secara)\s+(?:optimal|maksimal)\s*[.;:]*\s*$", re.IGNORECASE)
# a breakdown of the one measure by unit or plan ("Tingkat penyerapan anggaran per rencana kerja", "Nilai
# IKPA per bagian"): what is counted stays the same, so the breakdown says nothing about which indicator
# it is. A part of a composite ("per unsur", "per dimensi") is no breakdown and stays.
_BREAKDOWN = re.compile(
    r"\bper\s+(?:bagian|biro|bidang|seksi|unit(?:\s+kerja)?|satuan\s+kerja|satker|opd|skpd"
    r"|perangkat\s+daerah|rencana\s+kerja|kegiatan|program|jurusan|fakultas|prodi|wilayah|klaster"
    r"|kecamatan|desa|kelurahan|bulan)\b",
    re.IGNORECASE,
)


def strip_targets(text: str) -> str:
    """The label without the clauses that state its target (see the module doc)."""
    text = _HOURS.sub(" minimal jam pelajaran ", text)
    for pattern in (_VALUE, _GRADE, _WHEN, _HOPE, _BREAKDOWN):
        text = pattern.sub(" ", text)
    return text
