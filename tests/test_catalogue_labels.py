"""Tests for extractor.catalogue.labels: the one label normaliser."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.catalogue import load_catalogue, normalise_label, plain_label
from extractor.catalogue.labels import names_no_quantity

# ------------------------------------------------------------------------------------ normalisation


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("1. Persentase kegiatan koordinasi 90% 90%", "persentase kegiatan koordinasi"),
        ("a) Nilai Akuntabilitas Kinerja B CcC 60", "nilai akuntabilitas kinerja"),
        ("Opini BPK atas Laporan Keuangan WTP WTP 100", "opini bpk atas laporan keuangan"),
        ("Prosentase Partisipasi Pemilih", "persentase partisipasi pemilih"),
        (
            "Presentase sengketa hukum yang dimenangkan KPU",
            "persentase sengketa hukum yang dimenangkan satker",
        ),
        ("Nilai Akuntabilitas Kinerja KPU Kabupaten Rejang Lebong", "nilai akuntabilitas kinerja satker"),
        ("Persentase KPU Kota Prabumulih, PPK, PPS dan KPPS", "persentase satker ppk pps dan kpps"),
        ("oleh Satker KPU Kab. Ogan Komering Ulu Timur", "oleh satker"),
        ("Daftar Pemilih Tetap (DPT)", "dpt"),
        ("12. % Penyusunan Anggaran", "persentase penyusunan anggaran"),  # a per cent sign for the word
        ("Penyerapan 95 % anggaran", "penyerapan anggaran"),  # ... not one after a figure  # the long form an abbreviation spells out is dropped
        # ... however loosely it is written (no "Kinerja" here), so it never dilutes the abbreviation
        ("Nilai Sistem Akuntabilitas Instansi Pemerintah (SAKIP)", "nilai akuntabilitas kinerja"),
        ("Indeks Pengelolaan Aset (IPA)", "indeks pengelolaan aset ipa"),  # no synonym knows IPA: kept
        ("Nilai Kinerja Anggaran (SAKIP)", "nilai kinerja anggaran akuntabilitas kinerja"),  # not its spelling
        ("Nilai Akuntabilitas Kinerja В", "nilai akuntabilitas kinerja"),  # Cyrillic В
        ("РЕRSENTASE penyeleng- garaan", "persentase penyelenggaraan"),  # Cyrillic Р Е, hyphen wrap
        ("QGE.001 Perencanaan dan Penganggaran Pemilu (6709.QGE.001)", "perencanaan dan penganggaran pemilu"),
        ("**<p>Jumlah Laporan Barang Milik Negara 2 Laporan</p>**", "jumlah laporan bmn"),
        ("II. Program Dukungan Manajemen (076.01.WA)", "program dukungan manajemen"),
        # other government units' names fold to the placeholder; SAKIP / RB / SPIP acronyms expand
        ("Nilai SAKIP Sekretariat Jenderal Kementerian Agama", "nilai akuntabilitas kinerja satker"),
        ("Indeks RB Setjen DPR", "indeks reformasi birokrasi satker"),
        ("Tingkat Maturitas Sistem Pengendalian Intern Pemerintah Ditjen Pajak", "tingkat maturitas spip satker"),
        # a parenthesis of words the catalogue does not use is a note; an acronym or unit name is kept
        ("Persentase sarana prasarana dalam kondisi baik (Indikator penunjang IKU Kepala)",
         "persentase sarana prasarana dalam kondisi baik"),
        ("Nilai Kinerja Pelaksanaan Anggaran (Skala 0-100)", "nilai ikpa"),  # IKPA by its value alone
        ("Nilai Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP)", "nilai akuntabilitas kinerja"),
        ("Indeks Profesionalitas ASN (IP ASN)", "indeks profesionalitas asn"),
        # regional governments print the same indicators after their name
        ("Opini BPK atas Laporan Keuangan Pemerintah Kabupaten Bantul", "opini bpk atas laporan keuangan satker"),
        # the hours standard is competence development (a catalogue definition)
        ("Persentase ASN yang mengikuti pelatihan 20 JP",
         "persentase asn yang mengikuti pengembangan kompetensi minimal jam pelajaran"),
    ],
)  # fmt: skip
def test_normalise_label(label: str, expected: str) -> None:
    assert normalise_label(label) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_normalise_label_is_idempotent_and_plain(text: str) -> None:
    once = normalise_label(text)
    assert normalise_label(once) == once
    assert once == once.strip() and "  " not in once
    assert all(len(w) > 1 and w.isascii() and w.isalnum() and w == w.lower() for w in once.split())


def test_plain_label_folds_case_accents_and_punctuation() -> None:
    assert plain_label("Indéks  Kepuasan-Layanan (IKL)") == "indeks kepuasan layanan ikl"
    assert plain_label("NILAI АKIP") == "nilai akip"  # Cyrillic А
    assert plain_label("") == ""


# ---------------------------------------------------------------------------------- rows naming no quantity


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Program Penunjang Urusan Pemerintahan Daerah", True),  # a program row
        ("Belanja Barang dan Jasa", True),  # an expenditure account of a budget table
        ("SDM yang Kompeten", True),  # outcome phrases of a strategy map
        ("Organisasi yang Berkinerja Tinggi", True),
        ("Data dan Informasi yang Berkualitas", True),
        ("Persentase pegawai yang memenuhi standar kompetensi", False),  # what it measures comes first
        ("Jumlah dokumen yang disusun", False),
        ("Persentase penyerapan belanja daerah", False),  # 'belanja' inside a name
        ("Laporan keuangan yang disusun sesuai standar akuntansi pemerintahan", False),  # a long clause
    ],
)
def test_names_no_quantity(label: str, expected: bool) -> None:
    assert names_no_quantity(normalise_label(label).split()) is expected


def test_no_catalogue_name_reads_as_a_row_naming_no_quantity() -> None:
    catalogue = load_catalogue()
    for entry in catalogue.indicators:
        for text in (entry.name, *entry.aliases):
            assert not names_no_quantity(normalise_label(text).split()), text
