"""Tests of satker / report-year detection on the seed reports and on generated reports."""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.gazetteer import Gazetteer, Region, load_gazetteer
from extractor.metadata import PUSAT_NAME, detect_satker, report_year_candidates, satker_candidates
from extractor.models import Satker, TextLine
from tests.conftest import GOLD, SEEDS, data_files

FILLER = (
    "Pelaksanaan tugas dan fungsi berjalan dengan baik sesuai rencana yang telah ditetapkan.",
    "Capaian indikator kinerja menunjukkan hasil yang memuaskan pada seluruh sasaran strategis.",
    "Anggaran yang tersedia dimanfaatkan secara efektif dan efisien untuk mendukung tahapan.",
    "Koordinasi dengan para pemangku kepentingan dilakukan secara berkala dan terukur.",
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _lines(texts: list[str]) -> list[TextLine]:
    return [TextLine(text=t, page=None, line=i + 1) for i, t in enumerate(texts)]


def _filler(n: int) -> list[str]:
    return [FILLER[i % len(FILLER)] for i in range(n)]


def _report(kind: str, name: str, year: int = 2024, body: list[str] | None = None) -> list[str]:
    """A plain generated report: cover, kata pengantar, a body with a few subject mentions."""
    unit = f"{kind} {name}"
    return [
        "LAPORAN KINERJA",
        f"KOMISI PEMILIHAN UMUM {unit.upper()}",
        f"TAHUN {year}",
        "",
        "KATA PENGANTAR",
        f"Laporan Kinerja KPU {unit} Tahun {year} disusun sebagai wujud pertanggungjawaban.",
        *_filler(6),
        f"KPU {unit} melaksanakan seluruh tahapan dengan baik.",
        *_filler(20),
        *(body or []),
        f"Dengan demikian kinerja KPU {unit} pada tahun {year} tercapai.",
        *_filler(20),
    ]


# ------------------------------------------------------------------------------------------ seeds


@pytest.mark.parametrize("gold_path", data_files(GOLD, "*.json"), ids=lambda p: p.stem)
def test_seed_reports_match_gold_satker(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    seed = SEEDS / gold["source"]
    lines = _lines(seed.read_text(encoding="utf-8").splitlines())
    assert dataclasses.asdict(detect_satker(lines)) == gold["satker"]


# -------------------------------------------------------------------------------------- synthetic


@pytest.mark.parametrize(("subject", "neighbour"), [("Kabupaten", "Kota"), ("Kota", "Kabupaten")])
def test_bogor_kabupaten_and_kota_are_told_apart(gaz: Gazetteer, subject: str, neighbour: str) -> None:
    body = [
        f"Koordinasi dengan KPU {neighbour} Bogor dalam pemutakhiran data pemilih.",
        f"Wilayah {neighbour} Bogor berbatasan langsung.",
        "Rapat di Bogor berjalan lancar.",
    ] * 3
    satker = detect_satker(_lines(_report(subject, "Bogor", body=body)), gaz)
    got = (satker.name, satker.level, satker.region, satker.province, satker.year)
    assert got == (f"KPU {subject} Bogor", subject.lower(), "Bogor", "Jawa Barat", 2024)


def test_province_report_with_its_own_kota_namesake(gaz: Gazetteer) -> None:
    body = [
        "KPU Provinsi Bengkulu melakukan supervisi kepada KPU Kabupaten/Kota se-Provinsi Bengkulu.",
        "Rapat koordinasi bersama KPU Kota Bengkulu dan KPU Kabupaten Rejang Lebong.",
        "Monitoring ke KPU Kabupaten Kaur dan KPU Kota Bengkulu.",
    ] * 2
    satker = detect_satker(_lines(_report("Provinsi", "Bengkulu", body=body)), gaz)
    assert satker == Satker("KPU Provinsi Bengkulu", "provinsi", "Bengkulu", "Bengkulu", 2024)


def test_report_signed_next_year_is_about_the_fiscal_year(gaz: Gazetteer) -> None:
    texts = [
        "LAPORAN KINERJA KPU KOTA PRABUMULIH",  # the cover names no year
        "KATA PENGANTAR",
        "Hasil capaian kinerja KPU Kota Prabumulih pada tahun 2024 memenuhi target.",
        "Laporan ini mengacu pada Peraturan Presiden Nomor 29 Tahun 2014 dan Renstra 2020-2024.",
        "Prabumulih, 16 Januari 2025",
        "Ketua",
        *_filler(10),
        "Rencana Kinerja Tahun 2025 telah disusun; Perjanjian Kinerja Tahun 2025 ditandatangani.",
        "Target tahun 2025 ditetapkan lebih tinggi, proyeksi tahun 2025 disiapkan.",
        "Realisasi anggaran tahun 2024 mencapai 98,5%.",
        *_filler(10),
        "Rencana aksi tahun 2025 dan pagu indikatif tahun 2025 telah diusulkan.",
    ]
    lines = _lines(texts)
    assert detect_satker(lines, gaz).year == 2024
    years = [c.year for c in report_year_candidates(lines)]
    assert years[0] == 2024
    assert 2014 not in years and 2020 not in years


def test_signature_date_alone_points_to_the_previous_year() -> None:
    lines = _lines(["Curup, 17 Januari 2025", "Ketua", *_filler(5)])
    assert report_year_candidates(lines)[0].year == 2024


def test_citations_ranges_and_letter_numbers_are_not_years() -> None:
    lines = _lines(
        [
            "Peraturan Presiden Nomor 29 Tahun 2014 tentang SAKIP.",
            "Renstra KPU tahun 2020-2024 dan tahun 2020 s.d. 2024.",
            "Surat Nomor B/3934/M.PANRB/12/2015 tanggal 11 Desember 2015.",
            "Laporan Kinerja Tahun 2023 ini disusun.",
        ]
    )
    assert [c.year for c in report_year_candidates(lines)] == [2023]


def test_repeated_footer_naming_another_region_does_not_win(gaz: Gazetteer) -> None:
    texts: list[str] = []
    for page in range(1, 51):
        if page == 1:
            texts += ["LAPORAN KINERJA", "KOMISI PEMILIHAN UMUM KABUPATEN OGAN ILIR", "TAHUN 2024"]
        if page in {2, 10, 20, 30, 40, 45}:
            texts.append("KPU Kabupaten Ogan Ilir menyelenggarakan kegiatan sosialisasi.")
        texts += _filler(8)
        texts.append(f"Jl. Jenderal Sudirman No. 10 Kota Palembang   {page}")
    satker = detect_satker(_lines(texts), gaz)
    assert satker == Satker("KPU Kabupaten Ogan Ilir", "kabupaten", "Ogan Ilir", "Sumatera Selatan", 2024)


def test_repeated_header_naming_the_subject_is_fine(gaz: Gazetteer) -> None:
    texts: list[str] = []
    for page in range(1, 41):
        texts.append(f"LKjIP KPU Kabupaten Lahat Tahun 2024 | Halaman {page}")
        texts += _filler(6)
        if page % 10 == 0:
            texts.append("Rapat bersama Kabupaten Muara Enim dan Kota Pagar Alam tahun 2025.")
    satker = detect_satker(_lines(texts), gaz)
    assert satker == Satker("KPU Kabupaten Lahat", "kabupaten", "Lahat", "Sumatera Selatan", 2024)


def test_text_listing_many_other_units_keeps_the_subject(gaz: Gazetteer) -> None:
    others = [r for r in gaz.units("Sumatera Selatan") if r.name != "Prabumulih"]
    table = [f"| KPU {r.kind.capitalize()} {r.name} | 12 | 12 | 100% |" for r in others]
    body = [
        "Tabel rekapitulasi supervisi KPU Provinsi Sumatera Selatan:",
        *table,
        *_filler(10),
        *table,
        "Rapat di Kota Palembang, Kabupaten Muara Enim dan Kabupaten Lahat.",
        "KPU Provinsi Sumatera Selatan memberikan arahan.",
    ]
    satker = detect_satker(_lines(_report("Kota", "Prabumulih", body=body)), gaz)
    assert satker == Satker("KPU Kota Prabumulih", "kota", "Prabumulih", "Sumatera Selatan", 2024)
    runner_up = satker_candidates(_lines(_report("Kota", "Prabumulih", body=body)), gaz)[1]
    assert runner_up.region is not None and runner_up.region.name != "Prabumulih"


def test_ocr_split_cover_and_abbreviations(gaz: Gazetteer) -> None:
    texts = [
        "KOMISI PEMILIHAN UMUM",
        "KABUPATEN REJANG",
        "LEBONG",
        "LAPORAN KINERJA TAHUN",
        "2024",
        *_filler(5),
        "Sekretariat KPU Kab. Rejang Lebong menyusun laporan ini.",
        "Kinerja KPU Kab Rejang Lebong meningkat.",
        *_filler(5),
    ]
    satker = detect_satker(_lines(texts), gaz)
    assert satker == Satker("KPU Kabupaten Rejang Lebong", "kabupaten", "Rejang Lebong", "Bengkulu", 2024)


def test_kpu_ri_report_is_pusat(gaz: Gazetteer) -> None:
    texts = [
        "LAPORAN KINERJA KOMISI PEMILIHAN UMUM REPUBLIK INDONESIA TAHUN 2024",
        *_filler(5),
        "KPU RI melaksanakan Pemilu serentak.",
        "Supervisi ke KPU Provinsi Aceh, KPU Provinsi Jambi dan KPU Kabupaten Lahat.",
        "Sekretariat Jenderal KPU menyusun laporan keuangan.",
        *_filler(5),
        "KPU RI menetapkan hasil Pemilu.",
    ]
    assert detect_satker(_lines(texts), gaz) == Satker(PUSAT_NAME, "pusat", None, None, 2024)


def test_no_unit_or_a_tie_gives_none(gaz: Gazetteer, caplog: pytest.LogCaptureFixture) -> None:
    assert detect_satker(_lines(_filler(30)), gaz) == Satker(None, None, None, None, None)
    tie = ["KPU Kota Prabumulih dan KPU Kota Palembang menyusun laporan bersama tahun 2024.", *_filler(10)]
    with caplog.at_level(logging.INFO, logger="extractor.metadata"):
        satker = detect_satker(_lines(tie), gaz, source="tie.txt")
    assert (satker.name, satker.province, satker.year) == (None, None, 2024)
    assert any("tie.txt" in r.getMessage() and "not certain" in r.getMessage() for r in caplog.records)


def test_every_region_is_detected_from_a_plain_report(gaz: Gazetteer) -> None:
    for region in gaz.regions:
        satker = detect_satker(_lines(_report(region.kind.capitalize(), region.name)), gaz)
        assert satker == _expected(region, 2024), region


def _expected(region: Region, year: int) -> Satker:
    return Satker(region.satker_name, region.kind, region.name, region.province, year)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_detection_follows_region_and_year(gaz: Gazetteer, data: st.DataObject) -> None:
    region = data.draw(st.sampled_from(gaz.regions))
    year = data.draw(st.integers(min_value=2015, max_value=2030))
    texts = _report(region.kind.capitalize(), region.name, year)
    texts.append(f"{region.name}, 15 Februari {year + 1}")
    if data.draw(st.booleans()):
        texts = [t.upper() for t in texts]
    assert detect_satker(_lines(texts), gaz) == _expected(region, year)


@pytest.mark.parametrize(
    ("title", "year"),
    [("LKj KPU KOTA BANDA ACEH 2024", 2024), ("LAKIN Sekretariat KPU Provinsi Bali 2023", 2023)],
)
def test_short_report_titles_date_the_report(title: str, year: int) -> None:
    # 'LKj' and 'LAKIN' title a report as 'Laporan Kinerja' does; the bare year after is its year
    assert detect_satker((TextLine(title, 1, 1),)).year == year
