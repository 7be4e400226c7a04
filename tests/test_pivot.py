"""Tables that print Target, Realisasi and Capaian down a column (``extractor.pivot``)."""

from __future__ import annotations

from pathlib import Path

from extractor.models import Cell, Method, Table, TableRow
from extractor.pivot import pivot_measure_rows
from tests.test_word_tables import _report


def _table(rows: list[list[str]]) -> Table:
    return Table(
        0,
        Method.TEXT_TSV,
        tuple(TableRow(r, tuple(Cell(t, r, c, None, r, None) for c, t in enumerate(ts))) for r, ts in enumerate(rows)),
    )


STACKED = [
    ["No", "Indikator Kinerja", "Uraian", "2023", "2024"],
    ["1", "Nilai SAKIP", "Target", "72", "75"],
    ["", "", "Realisasi", "70,5", "72,5"],
    ["", "", "Capaian", "97,92%", "96,67%"],
    ["2", "Persentase partisipasi", "Target", "77%", "77,5%"],
    ["", "pemilih", "Realisasi", "75%", "81,2%"],
    ["", "", "Capaian", "97,40%", "104,77%"],
]


def test_each_indicators_measure_rows_become_one_row_under_measure_and_year() -> None:
    table = pivot_measure_rows(_table(STACKED))
    assert table.header_rows == 1
    assert table.rows[0].texts() == (
        "No", "Indikator Kinerja",
        "Target 2023", "Realisasi 2023", "Capaian 2023", "Target 2024", "Realisasi 2024", "Capaian 2024",
    )  # fmt: skip
    assert table.rows[2].texts() == ("2", "Persentase partisipasi pemilih", "77%", "75%", "97,40%", "77,5%", "81,2%", "104,77%")


def test_a_labels_wrapped_line_without_a_measure_stays_in_its_group() -> None:
    rows = [*STACKED[:4], ["", "(skala 100)", "", "", ""], *STACKED[4:]]
    table = pivot_measure_rows(_table(rows))
    assert [r.texts()[1] for r in table.rows[1:]] == ["Nilai SAKIP (skala 100)", "Persentase partisipasi pemilih"]
    assert table.rows[1].texts()[2:5] == ("72", "70,5", "97,92%")


def test_a_table_without_a_column_of_measures_is_left_as_it_is() -> None:
    flat = _table([["No", "Indikator", "Target", "Realisasi"], ["1", "Nilai SAKIP", "75", "72,5"], ["2", "Opini BPK", "WTP", "WTP"]])
    assert pivot_measure_rows(flat) is flat
    words = _table([["No", "Uraian", "Keterangan"], ["1", "Target", "tercapai"], ["2", "Realisasi", "tercapai"]])
    assert pivot_measure_rows(words) is words  # measure names with no label column left of them


def test_a_stacked_trend_table_gives_the_report_years_records_and_the_years_before(tmp_path: Path) -> None:
    doc = _report(tmp_path / "stacked.pdf", ("Tabel 3.2 Perbandingan Capaian Kinerja Tahun 2023-2024", STACKED))
    got = {(i.label, i.year): (i.target.value, i.realisasi.value) for i in doc.indicators if i.target and i.realisasi}
    assert got[("Nilai SAKIP", 2024)] == (75, 72.5)
    assert got[("Nilai SAKIP", 2023)] == (72, 70.5)
    assert got[("Persentase partisipasi pemilih", 2024)] == (77.5, 81.2)
    assert not [f for f in doc.flags if f.code == "text_vs_table"]


def test_labels_that_hold_a_measure_word_are_no_column_of_measures() -> None:
    labels = _table(
        [["No", "Indikator Kinerja", "Target", "Realisasi"]]
        + [[str(i), f"Persentase realisasi anggaran {w}", "95%", "96%"] for i, w in enumerate("ABCDE")]
        + [["6", "Target kinerja yang tercapai tepat waktu", "100%", "100%"]]
    )
    assert pivot_measure_rows(labels) is labels
