"""Measure signatures (extractor/catalogue/signatures.py): concepts name a government-wide measure."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.catalogue import Matcher, load_catalogue
from extractor.catalogue.signatures import CompiledSignature, signature_match
from extractor.errors import InvalidDataError

SERAPAN = CompiledSignature(
    "penyerapan_anggaran",
    "penyerapan_anggaran",
    ((("penyerapan",), ("serapan",)), (("anggaran",), ("belanja",))),
)
HEADS = frozenset({"partisipasi", "penyerapan"})


def test_first_concept_after_measure_words_and_the_others_anywhere() -> None:
    assert (
        signature_match("persentase penyerapan bunga dan belanja daerah".split(), [SERAPAN], HEADS) is SERAPAN
    )
    assert signature_match("tingkat serapan dipa belanja modal".split(), [SERAPAN], HEADS) is SERAPAN


def test_concept_that_does_not_open_the_label_or_a_missing_concept_is_no_fit() -> None:
    assert signature_match("laporan penyerapan anggaran".split(), [SERAPAN], HEADS) is None
    assert signature_match("persentase penyerapan dana".split(), [SERAPAN], HEADS) is None


def test_the_quantity_word_must_be_printed_not_an_ocr_repair() -> None:
    tokens = "penyerapan kegiatan belanja".split()  # "Keluaran kegiatan ..." repaired to a catalogue word
    assert signature_match(tokens, [SERAPAN], HEADS, printed={"keluaran", "kegiatan", "belanja"}) is None
    assert signature_match(tokens, [SERAPAN], HEADS, printed=set(tokens)) is SERAPAN


def test_a_second_quantity_joined_by_dan_blocks_the_fit() -> None:
    assert signature_match("persentase penyerapan anggaran dan partisipasi".split(), [SERAPAN], HEADS) is None


def test_a_conjunction_right_after_the_quantity_blocks_the_fit() -> None:
    # "Predikat SAKIP dan Zona Integritas": whatever follows 'dan', the quantity is joined to another
    assert signature_match("persentase penyerapan dan zona anggaran".split(), [SERAPAN], HEADS) is None


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_catalogue())


@pytest.mark.parametrize(
    ("label", "measure"),
    [
        ("Kepuasan Pemangku Kepentingan", "kepuasan_layanan"),
        (
            "Prosentase penyerapan Belanja (Belanja Bunga, Bantuan Keuangan, Belanja Tidak Terduga)",
            "penyerapan_anggaran",
        ),
        ("Tingkat pengelolaan kepuasan pengguna layanan digital", None),  # the quantity is the management
        ("Meningkatnya kepuasan pengguna layanan digital", None),  # a sasaran
        ("Persentase tingkat kepuasan masyarakat dan partisipasi masyarakat dalam forum", None),
        # the scores of the government-wide evaluations, by what is evaluated (round nine)
        ("Nilai LAKIP SKPD (minimal BB)", "nilai_akuntabilitas_kinerja"),
        ("Indeks SAKIP Perangkat Daerah", "nilai_akuntabilitas_kinerja"),
        ("Index Reformasi Birokrasi", "indeks_reformasi_birokrasi"),  # the English spelling
        ("Level Kematangan SPIP", "maturitas_spip"),
        ("Opini atas Laporan Keuangan", "opini_bpk"),
        ("Indeks Pengelolaan BMN", "pengelolaan_bmn"),
        ("Persentase sarana prasarana kerja yang memadai", "sarana_prasarana"),
        ("Persentase ASN yang memperoleh pengembangan kompetensi teknis", "pengembangan_kompetensi_asn"),
        ("Persentase OPD dengan nilai SAKIP minimal BB", None),  # a share of units
        ("Nilai komponen evaluasi internal SAKIP", None),  # one part of the score
        ("Indeks RB Tematik Pengentasan Kemiskinan", None),
        ("Predikat SAKIP dan Zona Integritas", None),  # two things graded
        ("Skor IKPA Deviasi Halaman III DIPA", None),
        ("Tingkat Maturitas Manajemen Risiko", None),
        (
            "Persentase SDM yang memiliki sertifikat sesuai kompetensi",
            None,
        ),  # certification, not the standard
        ("Belanja Pegawai", None),  # an expenditure account
    ],
)
def test_builtin_signatures_in_the_matcher(matcher: Matcher, label: str, measure: str | None) -> None:
    got = matcher.match(label).match
    assert (got.measure if got else None) == measure


def test_signature_of_an_unknown_measure_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "extra.yaml"
    path.write_text(
        "version: 1\nsignatures:\n  - measure: no_such_measure\n    concepts: [[a1], [b1]]\n    source: x\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidDataError, match="no_such_measure"):
        load_catalogue(path)
