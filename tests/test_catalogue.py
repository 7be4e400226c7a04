"""Tests for extractor.catalogue: loading and validation, normalisation, matching, capaian."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.catalogue import Catalogue, catalogue_summary, load_catalogue, recompute_capaian
from extractor.errors import ExitCode, InputNotFoundError, InvalidDataError
from extractor.matching import Matcher, MatchSettings, match_json, normalise_label

LABELS = Path(__file__).parent / "data" / "match_labels.jsonl"

# Hand-checked: every distinct indicator label of the three gold files and the catalogue id it means.
# Counterparts across reports share an id whatever their wording or unit name ("Persentase Sengketa
# Hukum yang dimenangkan KPU Provinsi" / "... KPU"; "Persentase Opini BPK Atas Laporan Keuangan KPU
# Kabupaten X" / "Opini BPK atas Laporan Keuangan"). The Ketua's PK (Renstra IKU) and the Sekretariat's
# PK are separate agreements printed in the same report with their own targets (002: "Indeks Reformasi
# Birokrasi" 79 and "Nilai Evaluasi atas Pelaksanaan Reformasi Birokrasi" 100%), so a Sekretariat
# indicator has its own id even where its topic matches an IKU. The 003 label fusing "Partisipasi
# Pemilih" with the DPT indicator is the DPT one: its 2,8% target only makes sense there (see the gold
# inconsistencies). The 002 rows that list RO outputs map to their kegiatan's output indicator.
GOLD_IDS: dict[str, str] = {
    # 000 KPU Kota Prabumulih
    "Persentase kegiatan koordinasi dengan para pihak terkait yang terlaksana": "koordinasi_para_pihak",
    "Persentase Keputusan KPU Kota Prabumulih yang disusun tepat waktu sesuai dengan kerangka regulasi KPU": (
        "keputusan_tepat_waktu"
    ),
    "Persentase informasi mengenai Partai Politik yang mutakhir dan dipublikasikan pada publik": (
        "informasi_partai_politik"
    ),
    "Nilai Akuntabilitas Kinerja": "nilai_akuntabilitas_kinerja",
    "Opini BPK atas Laporan Keuangan": "opini_bpk",
    "Nilai Keterbukaan Informasi Publik": "keterbukaan_informasi_publik",
    "Persentase kegiatan pendidikan pemilih yang terlaksana": "pendidikan_pemilih",
    "Persentase kegiatan pengelolaan dan pengembangan RPP yang terlaksana": "rumah_pintar_pemilu",
    "Persentase pemilih yang berhak memilih tetapi tidak masuk dalam Daftar Pemilih Tetap": "pemilih_tidak_masuk_dpt",
    "Persentase KPU Kota Prabumulih, PPK, PPS dan KPPS yang menyelenggarakan Pemilu/Pemilihan sesuai dengan "
    "jadwal dan ketentuan yang berlaku": "penyelenggaraan_sesuai_jadwal",
    "Persentase KPU Kota Prabumulih, PPK dan KPPS yang melaksanakan Pemilu/Pemilihan yang aman dan damai": (
        "pemilu_aman_damai"
    ),
    "Persentase sengketa hukum yang dimenangkan KPU": "sengketa_hukum_dimenangkan",
    "Persentase Partisipasi Pemilih dalam Pemilu/Pemilihan": "partisipasi_pemilih",
    "Persentase Partisipasi Pemilih Perempuan dalam Pemilu/Pemilihan": "partisipasi_pemilih_perempuan",
    "Persentase Partisipasi Pemilih Disabilitas dalam Pemilu/Pemilihan": "partisipasi_pemilih_disabilitas",
    "Persentase KPU Kota Prabumulih, PPK, PPS dan KPPS yang melaksanakan Pemilu/Pemilihan yang aman dan damai": (
        "pemilu_aman_damai"
    ),
    # 002 KPU Kabupaten Rejang Lebong
    "BDB.001 Fasilitas Pengelolaan Desain Surat Suara, Dokumentasi, Daerah Pemilihan dan Alokasi Kursi": (
        "output_kegiatan_6639"
    ),
    "QGE.001 Perencanaan dan Penganggaran Pemilu; QGE.003 Penyelenggaraan Pelatihan Teknis Kepemiluan; "
    "QGE.004 Sosialisasi/Penyuluhan/Bimbingan Teknis Tahapan; RAN.001 Persiapan Kebutuhan Sarana IT Pemilu": (
        "output_kegiatan_6709"
    ),
    "QGE.001 Pembentukan/Seleksi Badan Adhoc; QGE.002 Honorarium Badan Adhoc; QGE.003 Dukungan Operasional "
    "Badan Adhoc": "output_kegiatan_6867",
    "QGE.001 Persiapan Kampanye Pemilu; QGE.002 Pengelolaan Kampanye Pemilu; QGE.003 Evaluasi dan Laporan "
    "Kegiatan Kampanye Pemilu": "output_kegiatan_6870",
    "QGE.001 Penyiapan dan Pengelolaan Logistik Pemilu; QGE.002 Pengelolaan Pengadaan Barang dan Jasa; "
    "QGE.003 Pengelolaan Dokumentasi Logistik": "output_kegiatan_6871",
    "QGE.001 Fasilitas Penyiapan Tahapan Pemungutan dan Penghitungan Suara; QGE.002 Pelaksanaan Tahapan "
    "Pemungutan dan Penghitungan Suara; QGE.003 Evaluasi Pelaksanaan Pemungutan dan Penghitungan Suara": (
        "output_kegiatan_6872"
    ),
    "QGE.001 Fasilitas Penyiapan Sumpah Janji; QGE.002 Pelaksanaan Kegiatan Sumpah Janji": "output_kegiatan_6981",
    "QGE.002 Pelaksanaan Tahapan Penetapan Hasil Pemilu; QGE.003 Penyelesaian Sengketa Penetapan Hasil Pemilu": (
        "output_kegiatan_6982"
    ),
    "EBA.994 Layanan Perkantoran (Gaji dan Tunjangan); EBD.955 Layanan Perkantoran (Operasional)": (
        "output_kegiatan_3355"
    ),
    "Persentase kesesuaian kompetensi pegawai terhadap standar kompetensi penugasannya di KPU Kabupaten "
    "Rejang Lebong": "kompetensi_pegawai",
    "Persentase Tersedianya Sarana dan Prasarana untuk Memenuhi Kebutuhan Kerja Pegawai yang Berfungsi dengan "
    "Baik di KPU Kabupaten Rejang Lebong": "sarana_prasarana",
    "Nilai Evaluasi atas Akuntabilitas Kinerja KPU Kabupaten Rejang Lebong": "evaluasi_akuntabilitas_kinerja",
    "Persentase Opini BPK Atas Laporan Keuangan KPU Kabupaten Rejang Lebong": "opini_bpk",
    "Nilai Evaluasi atas Pelaksanaan Reformasi Birokrasi KPU Kabupaten Rejang Lebong": (
        "evaluasi_reformasi_birokrasi"
    ),
    "Persentase ketepatan waktu KPU Kabupaten Rejang Lebong dalam Pemutakhiran Data Pemilih": (
        "data_pemilih_tepat_waktu"
    ),
    "Persentase Rancangan Keputusan KPU Kabupaten Rejang Lebong yang disusun dan diharmonisasi dengan tepat "
    "waktu sesuai dengan Kerangka Regulasi KPU": "rancangan_keputusan_tepat_waktu",
    "Persentase keberhasilan distribusi logistik Pemilu/Pemilihan secara tepat jumlah, tepat jenis, tepat mutu "
    "dan tepat waktu oleh Satker KPU Kabupaten Rejang Lebong": "distribusi_logistik_tepat",
    "Persentase keberhasilan penyelenggaraan Pemilu/Pemilihan yang sesuai jadwal oleh KPU Kabupaten Rejang "
    "Lebong": "tahapan_sesuai_jadwal",
    "Persentase naskah akademik regulasi sesuai dengan kerangka regulasi KPU yang berbasis riset kepemiluan": (
        "naskah_akademik_riset"
    ),
    "Persentase informasi mengenai partai politik yang mutakhir dan dipublikasikan pada publik": (
        "informasi_partai_politik"
    ),
    "Indeks Reformasi Birokrasi": "indeks_reformasi_birokrasi",
    "Persentase Pemilih yang Berhak Memilih Tetapi Tidak Masuk dalam Daftar Pemilih Tetap": "pemilih_tidak_masuk_dpt",
    "Persentase KPU Kabupaten Rejang Lebong yang menyelenggarakan Pemilu/Pemilihan sesuai dengan jadwal dan "
    "ketentuan yang berlaku": "penyelenggaraan_sesuai_jadwal",
    "Persentase KPU Kabupaten Rejang Lebong yang melaksanakan Pemilu/Pemilihan yang Aman dan Damai": (
        "pemilu_aman_damai"
    ),
    "Persentase Sengketa Hukum yang dimenangkan KPU": "sengketa_hukum_dimenangkan",
    "Persentase ketepatan waktu KPU Kabupaten Rejang Lebong dalam pemutakhiran Data Pemilih": (
        "data_pemilih_tepat_waktu"
    ),
    "Persentase kesesuaian kompetensi pegawai terhadap standar penugasannya di KPU Kabupaten Rejang Lebong": (
        "kompetensi_pegawai"
    ),
    # 003 KPU Provinsi Kalimantan Tengah
    "Laporan evaluasi distribusi logistik": "laporan_evaluasi_distribusi_logistik",
    "Jumlah Dokumen Perencanaan Anggaran Pemeliharaan Logistik": "dokumen_perencanaan_pemeliharaan_logistik",
    "Jumlah Dokumen Laporan evaluasi Pelaksanaan Pemeliharaan dan Pengelolaan Logistik": (
        "laporan_pemeliharaan_logistik"
    ),
    "Jumlah Dokumen Kepemiluan": "dokumen_kepemiluan",
    "Persentase Data dan Informasi Produk Hukum": "data_informasi_produk_hukum",
    "Persentase Peserta Pemilu yang Dapat Dilayani": "peserta_pemilu_dilayani",
    "Persentase Informasi dan Publikasi yang ditampilkan di Media Publikasi KPU Provinsi Kalimantan Tengah": (
        "publikasi_informasi_kepemiluan"
    ),
    "Jumlah Dokumen Evaluasi Tahapan Pemilihan Serentak": "dokumen_evaluasi_tahapan",
    "Jumlah Pembayaran Gaji dan Tunjangan": "pembayaran_gaji_tunjangan",
    "Persentase penyampaian Laporan Pertanggung Jawaban Anggaran (LPPA) tepat waktu dan valid": "lppa_tepat_waktu",
    "Jumlah Laporan Sistem Akuntansi dan Pelaporan Keuangan": "laporan_sistem_akuntansi",
    "Persentase Pemutakhiran Data Pemilih Berkelanjutan": "pemutakhiran_data_pemilih_berkelanjutan",
    "Jumlah Laporan Kinerja dan Penyusunan Perjanjian Kinerja": "dokumen_lakip_pk",
    "Persentase Penyusunan Anggaran": "penyusunan_anggaran",
    "Persentase Dukungan Operasional dan Pemeliharaan Perkantoran": "dukungan_operasional_perkantoran",
    "Jumlah Laporan Barang Milik Negara": "laporan_bmn",
    "Ketepatan Pelaporan Keuangan": "ketepatan_pelaporan_keuangan",
    "Persentase naskah akademik Peraturan/Keputusan KPU Provinsi yang berbasis riset Kepemiluan": (
        "naskah_akademik_riset"
    ),
    'Indeks Reformasi Birokrasi "BAIK"': "indeks_reformasi_birokrasi",
    "Persentase Partisipasi Pemilih yang Berhak Memilih Tetapi Tidak Masuk dalam Daftar Pemilih Tetap": (
        "pemilih_tidak_masuk_dpt"
    ),
    "Persentase penyelenggaraan Pemilu/Pemilihan sesuai dengan jadwal dan ketentuan yang berlaku": (
        "penyelenggaraan_sesuai_jadwal"
    ),
    "Persentase pelaksanaan Pemilu/Pemilihan yang Aman dan Damai": "pemilu_aman_damai",
    "Persentase Sengketa Hukum yang dimenangkan KPU Provinsi": "sengketa_hukum_dimenangkan",
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def matcher(catalogue: Catalogue) -> Matcher:
    return Matcher(catalogue)


def write(tmp_path: Path, text: str, name: str = "extra.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


NEW_INDICATOR = """
version: 1
indicators:
  - id: indeks_kepuasan_pemilih
    name: Indeks kepuasan pemilih terhadap layanan TPS
    sasaran: null
    unit: indeks
    value_type: index
    direction: higher_is_better
    periods: ["2025-2029"]
    levels: [kabupaten/kota]
    aliases: [Nilai survei kepuasan pemilih di TPS]
"""


# ------------------------------------------------------------------------------------------ loading


def test_builtin_catalogue_is_valid_and_consistent(catalogue: Catalogue) -> None:
    ids = [e.id for e in catalogue.indicators]
    assert len(ids) == len(set(ids)) >= 40
    assert {e.value_type for e in catalogue.indicators} <= {"percent", "grade", "opinion", "count", "index"}
    assert catalogue.get("pemilih_tidak_masuk_dpt").direction == "lower_is_better"  # type: ignore[union-attr]
    assert catalogue.get("opini_bpk").value_type == "opinion"  # type: ignore[union-attr]
    assert catalogue.get("no_such_id") is None
    assert set(GOLD_IDS.values()) <= set(ids)
    assert catalogue.sources
    codes = {p.code: p for p in catalogue.programs}
    assert {
        "076.01.CQ",
        "076.01.WA",
        "6639",
        "6709",
        "6867",
        "6870",
        "6871",
        "6872",
        "6981",
        "6982",
        "3355",
        "3360",
    } <= set(codes)
    assert codes["6709"].parent == "076.01.CQ" and codes["3355"].parent == "076.01.WA"
    assert catalogue.get_program("3360") is codes["3360"]


def test_builtin_load_is_cached() -> None:
    assert load_catalogue() is load_catalogue()


def test_extra_file_adds_and_overrides_by_id(tmp_path: Path) -> None:
    extra = write(
        tmp_path,
        NEW_INDICATOR
        + """
  - id: opini_bpk
    name: Opini BPK atas Laporan Keuangan
    sasaran: null
    unit: opini
    value_type: opinion
    direction: higher_is_better
    periods: ["2025-2029"]
    levels: [provinsi]
    aliases: []
programs:
  - code: "076.01.ZZ"
    name: Program Uji Coba
kegiatan:
  - code: "9999"
    program: "076.01.ZZ"
    name: Kegiatan Uji Coba
""",
    )
    merged = load_catalogue(extra)
    assert len(merged.indicators) == len(load_catalogue().indicators) + 1
    assert merged.get("opini_bpk").periods == ("2025-2029",)  # type: ignore[union-attr]
    assert merged.get_program("9999").parent == "076.01.ZZ"  # type: ignore[union-attr]
    result = Matcher(merged, place_words=()).match("Nilai survei kepuasan pemilih di TPS 85")
    assert result.match is not None and result.match.id == "indeks_kepuasan_pemilih"


def test_replace_uses_the_extra_file_alone(tmp_path: Path) -> None:
    only = load_catalogue(write(tmp_path, NEW_INDICATOR), replace=True)
    assert [e.id for e in only.indicators] == ["indeks_kepuasan_pemilih"]
    assert only.programs == () and only.synonyms == ()


@pytest.mark.parametrize(
    ("text", "pointer", "fix"),
    [
        (NEW_INDICATOR.replace("higher_is_better", "up"), "/indicators/0/direction", "allowed values"),
        (NEW_INDICATOR.replace("    unit: indeks\n", ""), "/indicators/0", "missing field"),
        (NEW_INDICATOR.replace("2025-2029", "2025"), "/indicators/0/periods/0", "required form"),
        (
            NEW_INDICATOR.replace("value_type: index", "value_type: index\n    colour: red"),
            "/indicators/0",
            "unknown",
        ),
        ("version: 1\nkegiatan:\n  - code: 6709\n    name: X\n", "/kegiatan/0/code", "quote codes"),
        ("version: 2\n", "/version", "allowed value"),
    ],
)
def test_schema_errors_name_file_pointer_and_fix(tmp_path: Path, text: str, pointer: str, fix: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InvalidDataError) as info:
        load_catalogue(path)
    message = str(info.value)
    assert str(path) in message and f"at {pointer}:" in message and fix in message
    assert info.value.exit_code == ExitCode.INVALID_DATA
    assert "\n" not in message


def test_duplicate_id_and_unknown_program_are_reported(tmp_path: Path) -> None:
    entry = NEW_INDICATOR.split("indicators:\n", 1)[1]
    with pytest.raises(
        InvalidDataError, match=r"/indicators/1/id: 'indeks_kepuasan_pemilih' is already used"
    ):
        load_catalogue(write(tmp_path, NEW_INDICATOR + entry))
    bad_parent = "version: 1\nkegiatan:\n  - code: '1234'\n    program: '076.01.XX'\n    name: Uji\n"
    with pytest.raises(InvalidDataError, match=r"/kegiatan/0/program: unknown program '076.01.XX'"):
        load_catalogue(write(tmp_path, bad_parent))


def test_alias_that_reads_like_another_indicator_is_rejected(tmp_path: Path) -> None:
    clash = NEW_INDICATOR.replace(
        "[Nilai survei kepuasan pemilih di TPS]", "['Opini BPK terhadap laporan keuangan (WTP)']"
    )
    with pytest.raises(
        InvalidDataError, match=r"/indicators/0/aliases/0: .* reads the same as .*'opini_bpk'"
    ):
        load_catalogue(write(tmp_path, clash))


def test_synonym_loops_and_numeric_aliases_are_rejected(tmp_path: Path) -> None:
    loop = "version: 1\nsynonyms:\n  - canonical: persentase\n    variants: [persen]\n  - canonical: persen\n    variants: [pct]\n"
    with pytest.raises(InvalidDataError, match="both a canonical form and a variant"):
        load_catalogue(write(tmp_path, loop))
    numeric = NEW_INDICATOR.replace("[Nilai survei kepuasan pemilih di TPS]", "['2024 (1) 90%']")
    with pytest.raises(InvalidDataError, match=r"/indicators/0/aliases/0: .*only numbers or codes"):
        load_catalogue(write(tmp_path, numeric))


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="catalogue file not found"):
        load_catalogue(tmp_path / "missing.yaml")
    with pytest.raises(InvalidDataError, match=r"not valid YAML/JSON at line 2, column 11"):
        load_catalogue(write(tmp_path, "version: 1\nsources: a: b\n"))
    with pytest.raises(InvalidDataError, match="must be a mapping"):
        load_catalogue(write(tmp_path, "- just a list\n"))
    with pytest.raises(InvalidDataError, match="has no indicators"):
        load_catalogue(write(tmp_path, "version: 1\n"), replace=True)
    with pytest.raises(InvalidDataError, match="needs an extra catalogue file"):
        load_catalogue(None, replace=True)
    json_file = write(
        tmp_path, json.dumps({"version": 1, "sources": ["a JSON file is YAML too"]}), "extra.json"
    )
    assert "a JSON file is YAML too" in load_catalogue(json_file).sources


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
        ("Daftar Pemilih Tetap (DPT)", "dpt dpt"),
        ("Nilai Akuntabilitas Kinerja В", "nilai akuntabilitas kinerja"),  # Cyrillic В
        ("РЕRSENTASE penyeleng- garaan", "persentase penyelenggaraan"),  # Cyrillic Р Е, hyphen wrap
        ("QGE.001 Perencanaan dan Penganggaran Pemilu (6709.QGE.001)", "perencanaan dan penganggaran pemilu"),
        ("**<p>Jumlah Laporan Barang Milik Negara 2 Laporan</p>**", "jumlah laporan bmn"),
        ("II. Program Dukungan Manajemen (076.01.WA)", "program dukungan manajemen"),
    ],
)
def test_normalise_label(label: str, expected: str) -> None:
    assert normalise_label(label) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_normalise_label_is_idempotent_and_plain(text: str) -> None:
    once = normalise_label(text)
    assert normalise_label(once) == once
    assert once == once.strip() and "  " not in once
    assert all(len(w) > 1 and w.isascii() and w.isalnum() and w == w.lower() for w in once.split())


# ----------------------------------------------------------------------------------------- matching


@pytest.mark.parametrize(("label", "expected"), sorted(GOLD_IDS.items()))
def test_every_gold_label_maps_to_its_hand_checked_id(matcher: Matcher, label: str, expected: str) -> None:
    result = matcher.match(label)
    assert result.match is not None, (label, result.candidates)
    assert result.match.id == expected


def test_gold_files_hold_exactly_the_listed_labels(gold_dir: Path) -> None:
    labels = set()
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        labels |= {row["indicator"] for row in gold["performance"] + gold["agreement"]}
    assert labels == set(GOLD_IDS)


def test_labelled_set_accuracy() -> None:
    rows = [json.loads(line) for line in LABELS.read_text("utf-8").splitlines()]
    variants = [r for r in rows if r["expected"] is not None]
    negatives = [r for r in rows if r["expected"] is None]
    assert len(variants) >= 300 and len(negatives) >= 100
    assert all(r["label"] not in GOLD_IDS for r in variants)  # every variant is corrupted
    results = Matcher(load_catalogue()).match_many([r["label"] for r in rows])
    got = {r["label"]: (res.match.id if res.match else None) for r, res in zip(rows, results, strict=True)}
    correct = sum(got[r["label"]] == r["expected"] for r in variants)
    wrong_id = [r["label"] for r in variants if got[r["label"]] not in (None, r["expected"])]
    false_pos = [r["label"] for r in negatives if got[r["label"]] is not None]
    assert correct / len(variants) >= 0.98, f"top-1 accuracy {correct}/{len(variants)}"
    assert not wrong_id, wrong_id
    assert len(false_pos) <= 0.01 * len(negatives), false_pos


@pytest.mark.parametrize(
    "label",
    ["Jumlah", "Total", "Indikator Kinerja", "Sasaran Strategis", "Target", "Realisasi Anggaran", "", "  ", "90%",
     "Perjanjian Kinerja", "Jumlah Dokumen", "Laporan Kinerja KPU Kota Prabumulih Tahun 2024", "WTP", "(1) (2) (3)"],
)  # fmt: skip
def test_generic_rows_do_not_match(matcher: Matcher, label: str) -> None:
    assert matcher.match(label).match is None


def test_near_twins_are_told_apart(matcher: Matcher) -> None:
    base = "Persentase Partisipasi Pemilih {}dalam Pemilu/Pemilihan"
    assert matcher.match(base.format("")).match.id == "partisipasi_pemilih"  # type: ignore[union-attr]
    assert matcher.match(base.format("Perempuan ")).match.id == "partisipasi_pemilih_perempuan"  # type: ignore[union-attr]
    assert matcher.match(base.format("Disabilitas ")).match.id == "partisipasi_pemilih_disabilitas"  # type: ignore[union-attr]


def test_ocr_damage_is_repaired_towards_catalogue_words(matcher: Matcher) -> None:
    result = matcher.match("Persentase pernilih yang berhak rnemilih tetapi tidak rnasuk dalarn DPT")
    assert result.match is not None and result.match.id == "pemilih_tidak_masuk_dpt"
    assert "pemilih" in result.normalized.split() and "memilih" in result.normalized.split()


def test_output_lists_match_by_their_parts(matcher: Matcher) -> None:
    label = "QGE.001 Pembentukan / Seleksi Badan Adhoc QGE.002 Honorarium Badan Adhoc QGE.003 Dukungan Operasional"
    result = matcher.match(label)
    assert result.match is not None and result.match.id == "output_kegiatan_6867"


def test_below_threshold_keeps_candidates_for_review(matcher: Matcher) -> None:
    result = matcher.match("Persentase informasi")
    assert result.match is None
    strict = Matcher(load_catalogue(), MatchSettings(threshold=100.0, margin=0.0, top_k=2))
    near = strict.match("Persentase kegiatan koordinasi dengan para pihak")
    assert near.match is None and len(near.candidates) <= 2
    assert near.candidates[0].id == "koordinasi_para_pihak" and near.candidates[0].score < 100


def test_match_many_equals_match(matcher: Matcher) -> None:
    labels = [*list(GOLD_IDS)[:10], "Jumlah", "Nilai akuntabilitas kinerja B", "Jumlah", ""]
    batch = matcher.match_many(labels)
    assert [r.label for r in batch] == labels
    assert batch == [matcher.match(label) for label in labels]


def test_match_settings_are_validated() -> None:
    for bad in ({"threshold": 0}, {"threshold": 101}, {"margin": -1}, {"top_k": 0}):
        with pytest.raises(ValueError, match="match"):
            MatchSettings(**bad)
    assert MatchSettings() == MatchSettings(threshold=72.0, margin=6.0, top_k=5)


def test_match_json_shape(catalogue: Catalogue) -> None:
    out = match_json("1. Opini BPK atas Laporan Keuangan WTP", catalogue)
    assert list(out) == ["label", "normalized", "match", "candidates"]
    assert out["match"] == {"id": "opini_bpk", "name": "Opini BPK atas Laporan Keuangan", "score": 100.0}
    assert all(list(c) == ["id", "name", "score"] for c in out["candidates"])
    assert json.loads(json.dumps(out)) == out
    assert match_json("Total", catalogue)["match"] is None


def test_catalogue_summary_rows(catalogue: Catalogue) -> None:
    rows = catalogue_summary(catalogue)
    assert len(rows) == len(catalogue.indicators) + len(catalogue.programs)
    assert len({tuple(r) for r in rows}) == 1  # same keys everywhere
    first = rows[0]
    assert first["kind"] == "indicator" and first["id"] == catalogue.indicators[0].id
    assert {r["kind"] for r in rows} == {"indicator", "program", "kegiatan"}
    assert json.loads(json.dumps(rows)) == rows


# -------------------------------------------------------------------------------------- capaian


@pytest.mark.parametrize(
    ("target", "realisasi", "direction", "value_type", "expected"),
    [
        (90, 90, "higher_is_better", "percent", 100.0),
        (90, 85, "higher_is_better", "percent", 94.44),
        (95, 100, "higher_is_better", "percent", 105.26),
        (1, 1, "lower_is_better", "percent", 100.0),
        (0.1, 0.08, "lower_is_better", "percent", 120.0),
        (1, 2.5, "lower_is_better", "percent", 0.0),  # floored: three times worse is not -50 %
        (0, 5, "higher_is_better", "percent", None),
        (0, 0, "lower_is_better", "percent", None),
        ("90", 90, "higher_is_better", "percent", None),  # text is never parsed here
        (None, 90, "higher_is_better", "count", None),
        (True, 1, "higher_is_better", "count", None),
        (math.nan, 1, "higher_is_better", "index", None),
        ("B", "CC", "higher_is_better", "grade", 75.0),
        ("B", "BB", "higher_is_better", "grade", 100.0),
        ("AA", "AA", "higher_is_better", "grade", 100.0),
        ("В", "B", "higher_is_better", "grade", 100.0),  # Cyrillic target
        ("B", "72,10 (BB)", "higher_is_better", "grade", 100.0),
        ("A", "D", "higher_is_better", "grade", 16.67),
        ("B", "Belum Dilakukan Penilaian", "higher_is_better", "grade", None),
        (70, 71.2, "higher_is_better", "grade", 101.71),  # scores on both sides compare as numbers
        ("WTP", "WTP", "higher_is_better", "opinion", 100.0),
        ("WTP", "WDP", "higher_is_better", "opinion", 75.0),
        ("WDP", "WTP", "higher_is_better", "opinion", 100.0),
        ("WTP", "TMP", "higher_is_better", "opinion", 25.0),
        ("wtp", "WTP-DPP", "higher_is_better", "opinion", 100.0),
    ],
)
def test_recompute_capaian(
    target: object, realisasi: object, direction: str, value_type: str, expected: float | None
) -> None:
    assert recompute_capaian(target, realisasi, direction=direction, value_type=value_type) == expected  # type: ignore[arg-type]


def test_recompute_capaian_rejects_unknown_kinds() -> None:
    with pytest.raises(ValueError, match="direction"):
        recompute_capaian(1, 1, direction="up", value_type="percent")
    with pytest.raises(ValueError, match="value_type"):
        recompute_capaian(1, 1, direction="higher_is_better", value_type="ratio")


positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)


@given(target=positive, low=positive, high=positive)
def test_capaian_moves_with_direction(target: float, low: float, high: float) -> None:
    low, high = sorted((low, high))
    up_low = recompute_capaian(target, low, direction="higher_is_better", value_type="percent")
    up_high = recompute_capaian(target, high, direction="higher_is_better", value_type="percent")
    down_low = recompute_capaian(target, low, direction="lower_is_better", value_type="percent")
    down_high = recompute_capaian(target, high, direction="lower_is_better", value_type="percent")
    assert up_low is not None and up_high is not None and down_low is not None and down_high is not None
    assert up_low <= up_high and down_low >= down_high >= 0
    assert up_low == round(up_low, 2)
    assert recompute_capaian(target, target, direction="lower_is_better", value_type="percent") == 100.0
