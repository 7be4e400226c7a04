"""Word- and Excel-style tables the layout generator does not draw, read end to end from a PDF.

Each case is a shape found by hand-made probes outside ``samples/`` (2026-12-06): a revised DIPA
beside the initial one, the LAN/PermenPAN 'Rencana Tingkat Capaian (Target)' form, Excel's
accounting zero 'Rp -', a monthly disbursement plan, a year-by-year trend table under the capaian
table. Before the fixes each lost rows, invented rows or raised a false flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from extractor.models import Document
from extractor.pipeline import extract

_STYLE = getSampleStyleSheet()["BodyText"]


def _report(path: Path, *tables: tuple[str, Sequence[Sequence[str]]]) -> Document:
    """A landscape report page: a title, then each (caption, rows) as a ruled Word-like table whose
    cells wrap (every cell a paragraph), and extract it."""
    story: list[object] = [Paragraph("Laporan Kinerja KPU Kabupaten Contoh Tahun 2024", _STYLE), Spacer(1, 8)]
    for caption, rows in tables:
        table = Table([[Paragraph(text, _STYLE) for text in row] for row in rows])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        story += [Paragraph(caption, _STYLE), Spacer(1, 4), table, Spacer(1, 12)]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    return extract(path)


def test_the_revised_pagu_is_read_and_excels_zero_is_zero(tmp_path: Path) -> None:
    doc = _report(
        tmp_path / "dipa.pdf",
        (
            "Tabel 3.5 Realisasi Anggaran Tahun 2024",
            [
                ["Kode", "Program / Kegiatan", "Pagu Awal (Rp)", "Pagu Revisi (Rp)", "Realisasi (Rp)", "%"],
                ["WA", "Program Dukungan Manajemen", "2.000.000.000", "2.350.000.000", "2.300.000.000", "97,87"],
                ["WA.3355", "Pengelolaan Keuangan", "500.000.000", "550.000.000", "Rp -", "0,00"],
                ["", "JUMLAH", "2.000.000.000", "2.350.000.000", "2.300.000.000", "97,87"],
            ],
        ),
    )
    got = {b.name: (b.pagu.value if b.pagu else None, b.realisasi.value if b.realisasi else None) for b in doc.budget}
    assert got["Program Dukungan Manajemen"] == (2_350_000_000, 2_300_000_000)
    assert got["Pengelolaan Keuangan"] == (550_000_000, 0)
    assert not [f for f in doc.flags if f.code in ("persen_mismatch", "overspend")]


def test_the_planned_level_of_the_lan_form_is_the_target(tmp_path: Path) -> None:
    doc = _report(
        tmp_path / "lan.pdf",
        (
            "Tabel 3.1 Pengukuran Kinerja Tahun 2024",
            [
                ["No", "Indikator Kinerja", "Rencana Tingkat Capaian (Target)", "Realisasi",
                 "Persentase Pencapaian Rencana Tingkat Capaian"],
                ["1", "Persentase partisipasi pemilih", "80%", "82%", "102,50%"],
                ["2", "Nilai SAKIP", "75", "72,5", "96,67%"],
            ],
        ),
    )
    got = {i.label: (i.target.value, i.realisasi.value, i.capaian.value) for i in doc.indicators if i.target and i.realisasi and i.capaian}
    assert got == {"Persentase partisipasi pemilih": (80.0, 82.0, 102.5), "Nilai SAKIP": (75, 72.5, 96.67)}


def test_a_monthly_plan_gives_no_budget_rows_and_a_trend_table_no_statement(tmp_path: Path) -> None:
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni"]
    doc = _report(
        tmp_path / "mixed.pdf",
        (
            "Tabel 3.1 Capaian Kinerja Tahun 2024",
            [["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)"],
             ["1", "Persentase partisipasi pemilih", "77,5%", "81,2%", "104,77"]],
        ),
        (
            "Tabel 3.2 Perbandingan Capaian Indikator Persentase Partisipasi Pemilih Tahun 2020 - 2024",
            [["Uraian", "2020", "2021", "2022", "2023", "2024"],
             ["Target", "75%", "-", "-", "-", "77,5%"],
             ["Capaian", "101,73%", "-", "-", "-", "104,77%"]],
        ),
        (
            "Tabel 3.8 Rencana Penarikan Dana dan Realisasi per Bulan Tahun 2024",
            [["No", "Bulan", "Rencana Penarikan Dana (Rp)", "Realisasi (Rp)", "Deviasi (%)"]]
            + [[str(i), m, "169.000.000", "160.000.000", "3,10"] for i, m in enumerate(months, 1)],
        ),
    )
    assert [(i.label, i.year) for i in doc.indicators] == [("Persentase partisipasi pemilih", 2024)]
    assert doc.budget == ()
    assert not [f for f in doc.flags if f.code == "text_vs_table"]


def test_a_kinerja_column_is_the_sasaran_and_a_row_word_broke_across_pages_is_one(tmp_path: Path) -> None:
    """The LKj IKU table 'Kinerja Utama | Indikator Kinerja Utama | ...': the first column is the
    sasaran the indicator serves, not a second indicator column; a tall last row Word breaks across
    the page leaves a one-row grid at the top of the next page that carries the rest of its label."""
    filler = "Penjelasan capaian kinerja tahun berjalan. " * 60
    rows = [["Kinerja Utama", "Indikator Kinerja Utama", "Target", "Realisasi", "Capaian", "Kategori"]]
    rows += [
        ["Meningkatnya kualitas pengelolaan keuangan", "Nilai SAKIP", "75", "72,5", "96,67%", "Baik"],
        [
            "Tersedianya data kebutuhan logistik pemilu yang akurat dan tepat waktu di seluruh satuan kerja",
            " ".join(["Persentase ketersediaan data kebutuhan logistik yang akurat"] * 4),
            "100%",
            "90%",
            "90%",
            "Cukup",
        ],
    ]
    widths = [130, 150, 55, 55, 55, 55]
    table = Table([[Paragraph(text, _STYLE) for text in row] for row in rows], widths, splitInRow=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [Paragraph("Laporan Kinerja KPU Kabupaten Contoh Tahun 2024", _STYLE), Paragraph(filler, _STYLE)]
    story += [Paragraph(filler[:1500], _STYLE), Paragraph("Tabel 3.1 Capaian Kinerja Tahun 2024", _STYLE), table]
    path = tmp_path / "iku.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    doc = extract(path)
    got = {r.label: (r.sasaran, r.target.value if r.target else None) for r in doc.indicators}
    assert got["Nilai SAKIP"] == ("Meningkatnya kualitas pengelolaan keuangan", 75)
    long_label = next(label for label in got if label.startswith("Persentase ketersediaan"))
    assert long_label.count("Persentase ketersediaan") == 4  # the words on the next page joined
    assert len(doc.indicators) == 2


def test_a_sasarans_capaian_beside_its_budget_is_not_the_absorption(tmp_path: Path) -> None:
    """The efficiency table of an LKj (PermenPAN 53/2014, 'analisis efisiensi'): per sasaran its
    capaian kinerja, its budget and the absorption. 'Capaian Kinerja (%)' was read as the
    absorption, the real 'Penyerapan (%)' dropped, and each row flagged persen_mismatch."""
    doc = _report(
        tmp_path / "efisiensi.pdf",
        (
            "Tabel 3.9 Efisiensi Penggunaan Sumber Daya per Sasaran Strategis Tahun 2024",
            [
                ["No", "Sasaran Strategis", "Capaian Kinerja (%)", "Pagu (Rp)", "Realisasi (Rp)", "Penyerapan (%)", "Efisiensi (%)"],
                ["1", "Terwujudnya pemutakhiran data pemilih yang akurat", "100,00", "1.250.000.000", "1.187.500.000", "95,00", "5,00"],
                ["2", "Meningkatnya partisipasi masyarakat dalam pemilu", "104,77", "850.000.000", "841.500.000", "99,00", "5,77"],
                ["", "Jumlah", "", "2.100.000.000", "2.029.000.000", "96,62", ""],
            ],
        ),
    )
    got = {b.name: b.persen.value if b.persen else None for b in doc.budget}
    assert got["Terwujudnya pemutakhiran data pemilih yang akurat"] == 95
    assert got["Meningkatnya partisipasi masyarakat dalam pemilu"] == 99
    assert not [f for f in doc.flags if f.code == "persen_mismatch"]


def test_the_budget_total_of_an_output_table_is_no_indicator(tmp_path: Path) -> None:
    """'Capaian Output dan Realisasi Anggaran': per RO its volume target, realisasi and capaian,
    then its pagu, realisasi and absorption. The 'Jumlah' row totals the budget only; it was
    also emitted as an indicator with no figures and flagged unmatched."""
    doc = _report(
        tmp_path / "ro.pdf",
        (
            "Tabel 3.10 Capaian Output dan Realisasi Anggaran Tahun 2024",
            [
                ["No", "Kode", "Rincian Output", "Satuan", "Target Volume", "Realisasi Volume", "Capaian (%)",
                 "Pagu (Rp)", "Realisasi (Rp)", "% Penyerapan"],
                ["1", "3363.QEG.001", "Layanan Perkantoran", "Layanan", "12", "12", "100",
                 "2.450.000.000", "2.401.000.000", "98,00"],
                ["2", "3363.BDB.001", "Sosialisasi dan Pendidikan Pemilih", "Kegiatan", "10", "8", "80",
                 "500.000.000", "400.000.000", "80,00"],
                ["", "", "Jumlah", "", "", "", "", "2.950.000.000", "2.801.000.000", "94,95"],
            ],
        ),
    )
    assert [i.label for i in doc.indicators] == ["Layanan Perkantoran", "Sosialisasi dan Pendidikan Pemilih"]
    assert [b.name for b in doc.budget][-1] == "Jumlah"
    assert not [f for f in doc.flags if "'Jumlah'" in f.message]


def test_tables_of_places_staff_and_votes_give_no_indicators(tmp_path: Path) -> None:
    """A participation breakdown by kecamatan has Target and Realisasi columns, but its rows are
    places: they were emitted as indicators named 'Kecamatan Utara' and flagged unmatched. Staff
    and vote tables beside the capaian table give nothing either."""
    doc = _report(
        tmp_path / "noise.pdf",
        (
            "Tabel 3.1 Capaian Kinerja Tahun 2024",
            [["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)"],
             ["1", "Persentase partisipasi pemilih", "77,5%", "80,4%", "103,74"]],
        ),
        (
            "Tabel 3.5 Partisipasi Pemilih per Kecamatan Tahun 2024",
            [["No", "Kecamatan", "DPT", "Pengguna Hak Pilih", "Target Partisipasi (%)", "Realisasi Partisipasi (%)"],
             ["1", "Kecamatan Utara", "25.410", "20.836", "77,5", "82,0"],
             ["2", "Kecamatan Selatan", "31.002", "24.182", "77,5", "78,0"],
             ["3", "Kecamatan Barat", "18.950", "15.539", "77,5", "82,0"]],
        ),
        (
            "Tabel 1.1 Jumlah Pegawai menurut Golongan",
            [["No", "Golongan", "Laki-laki", "Perempuan", "Jumlah"], ["1", "IV", "2", "1", "3"], ["2", "III", "8", "6", "14"]],
        ),
        (
            "Tabel 3.4 Perolehan Suara Pemilu DPRD Tahun 2024",
            [["No", "Partai Politik", "Perolehan Suara", "%"], ["1", "Partai A", "45.210", "54,3"],
             ["2", "Partai B", "38.004", "45,7"]],
        ),
    )
    assert [i.label for i in doc.indicators] == ["Persentase partisipasi pemilih"]
    assert doc.budget == ()
