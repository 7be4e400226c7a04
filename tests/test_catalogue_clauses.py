"""Target clauses (extractor.catalogue.clauses): the part of a row that states its target is not matched on."""

from __future__ import annotations

import pytest

from extractor.catalogue import Matcher, load_catalogue, normalise_label
from extractor.catalogue.clauses import strip_targets


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_catalogue())


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Tingkat realisasi anggaran pada bulan Desember sebesar 99%", "Tingkat realisasi anggaran"),
        ("Rata-rata Predikat SAKIP Satker minimal BB", "Rata-rata Predikat SAKIP Satker"),
        ("Indeks kepuasan masyarakat mencapai nilai 84", "Indeks kepuasan masyarakat"),
        ("Persentase OPD dengan Nilai SAKIP Kategori B ke Atas", "Persentase OPD dengan Nilai SAKIP"),
        ("Penyerapan anggaran yang optimal", "Penyerapan anggaran"),
        ("Persentase penyerapan anggaran s.d. akhir Desember 2024", "Persentase penyerapan anggaran"),
        ("Nilai IKPA pada triwulan IV", "Nilai IKPA"),
        # a breakdown of the one measure by unit or plan; a part of a composite is no breakdown
        ("Tingkat penyerapan anggaran per rencana kerja", "Tingkat penyerapan anggaran"),
        ("Nilai IKPA per Bagian", "Nilai IKPA"),
        ("Nilai SKM per unsur", "Nilai SKM per unsur"),
    ],
)
def test_target_clauses_are_dropped(text: str, kept: str) -> None:
    assert " ".join(strip_targets(text).split()) == kept


@pytest.mark.parametrize(
    "text",
    ["Persentase ASN yang mengikuti pengembangan kompetensi minimal 20 jam pelajaran",
     "Peningkatan kompetensi pegawai minimal 24 jam per orang", "Persentase ASN sebanyak 20 JPL"],
)  # fmt: skip
def test_an_hours_standard_is_one_phrase(text: str) -> None:
    """The hours standard is part of the measure, however its target is worded."""
    assert normalise_label(text).endswith("minimal jam pelajaran")


def test_what_a_row_measures_is_kept() -> None:
    for text in ("Persentase keputusan yang disusun tepat waktu", "Indeks Kepuasan Layanan", "Opini BPK atas LKPD"):
        assert strip_targets(text) == text


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Persentase realisasi anggaran sebesar 95% pada bulan Desember", "penyerapan_anggaran"),
        ("Tingkat Penyerapan Anggaran yang optimal", "penyerapan_anggaran"),
        ("Persentase penyerapan anggaran pada bulan Desember sebesar 95% dari pagu", "penyerapan_anggaran"),
    ],
)
def test_rows_with_their_target_match(matcher: Matcher, label: str, expected: str) -> None:
    result = matcher.match(label)
    assert result.match is not None and result.match.id == expected, result.candidates
