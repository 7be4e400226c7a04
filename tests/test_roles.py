"""Column roles settled beyond the header model (extractor/roles.py)."""

from __future__ import annotations

from dataclasses import replace

from extractor.header import Role
from extractor.models import BBox, Cell, Method, Table, TableRow
from extractor.roles import OtherYearColumn, _dated_columns, detect_roles


def _table(rows: list[list[str]]) -> Table:
    cells = [
        tuple(Cell(t, r, c, 1, None, BBox(60.0 * c, 12.0 * r, 60.0 * c + 50, 12.0 * r + 10)) for c, t in enumerate(row))
        for r, row in enumerate(rows)
    ]
    return Table(0, Method.PDF_STREAM, tuple(TableRow(i, row) for i, row in enumerate(cells)), (1,))


def test_a_column_the_header_dates_is_not_dated_again_as_a_realisasi() -> None:
    """'Rencana Target 2026' over three header lines: the header model names it next year's target;
    the rule for a year alone over figures ('2026' on its own line reads as a bare year) must not
    add a 2026 realisasi of the same cells, which no report can state."""
    table = _table(
        [
            ["Indikator", "Target", "Realisasi", "Capaian", "Rencana Target 2026"],
            ["Persentase A", "70", "71", "101,43", "70"],
            ["Persentase B", "90", "98,55", "109,5", "90"],
        ]
    )
    roles = [Role.INDICATOR, Role.TARGET, Role.REALISASI, Role.CAPAIAN, Role.OTHER]
    years = (None, None, None, None, 2026)
    dated = (OtherYearColumn(4, Role.TARGET, 2026),)
    _, others = _dated_columns(roles, years, 2025, (table, 1, "performance"), dated)
    assert others == dated
    _, bare = _dated_columns(roles, years, 2025, (table, 1, "performance"), ())
    assert bare == (OtherYearColumn(4, Role.TARGET, 2026),), "a later year alone over figures: its target"
    _, earlier = _dated_columns(roles, (None, None, None, None, 2024), 2025, (table, 1, "performance"), ())
    assert earlier == (OtherYearColumn(4, Role.REALISASI, 2024),), "an earlier year alone: its realisasi"


def test_a_later_year_alone_in_a_capaian_table_is_next_years_target() -> None:
    """'Target Tahun 2022' read '2022' beside 'Realisasi TA 2020' in a 2021 capaian table: nothing
    is realised after the report year, and a table printing targets prints next year's too; the
    column is 2022's target, not a misread realisasi year nor the report year's second target."""
    from tests.table_builders import text_table

    rows = [
        ["No", "Indikator", "Target", "Realisasi", "% Capaian", "Realisasi TA 2020", "2022"],
        ["1", "Persentase A", "90%", "96,71 %", "106,34 %", "86%", "90 %"],
        ["2", "Persentase B", "80%", "66%", "82,5 %", "74,13%", "85 %"],
    ]
    roles = detect_roles(text_table(rows), 2021)
    assert roles is not None and roles.roles[2:5] == (Role.TARGET, Role.REALISASI, Role.CAPAIAN)
    assert set(roles.other_years) == {
        OtherYearColumn(5, Role.REALISASI, 2020),
        OtherYearColumn(6, Role.TARGET, 2022),
    }


def test_an_absorption_header_over_amounts_is_the_money_absorbed() -> None:
    from tests.table_builders import text_table

    for head, last in ((["Serapan Anggaran", "%"], "97,87"), (["Serapan", "Sisa"], "50.000.000")):
        rows = [
            ["No", "Program", "Pagu (Rp)", *head],
            ["1", "Program Dukungan Manajemen", "2.350.000.000", "2.300.000.000", last],
            ["2", "Program Penyelenggaraan Pemilu", "1.000.000.000", "900.000.000", last],
        ]
        roles = detect_roles(text_table(rows), 2024)
        assert roles is not None and roles.roles[2:4] == (Role.PAGU, Role.REAL_RP), head


def test_a_realisasi_whose_year_ocr_lost_is_the_year_befores_and_one_over_percents_the_absorption() -> None:
    """Scan 11709: 'Realisasi Tahun 2024' read '074 | Realisasi Tahun' beside 'Realisasi (Rp)' and
    '% Realisasi' read 'Realisasi —': the cut header is the year before's realisasi, the
    realisasi over percents the absorption."""
    from tests.table_builders import text_table

    rows = [
        ["Program/Kegiatan", "074 Realisasi Tahun", "Alokasi", "Realisasi (Rp) —", "Realisasi —", "Sisa"],
        ["Penyelenggaraan Pemilu", "48.369.656.100", "46.725.469.000", "45.704.698.226", "97,82%", "1.020.770.774"],
        ["Pendaftaran Partai Politik", "21.933.000.400", "25.365.969.000", "25.078.513.622", "98,87 %", "287.455.378"],
    ]
    roles = detect_roles(text_table(rows), 2025)
    assert roles is not None and roles.roles[2:5] == (Role.PAGU, Role.REAL_RP, Role.PERSEN)
    assert roles.other_years == (OtherYearColumn(1, Role.REAL_RP, 2024),)
    # two columns cut so: a trend of years, left undated
    rows[0][3] = "Realisasi TA"
    roles = detect_roles(text_table(rows), 2025)
    assert roles is not None and roles.other_years == ()


def test_a_pagu_header_lost_to_ocr_is_the_rupiah_column_the_absorption_divides() -> None:
    """A scan's 7pt 'Pagu' read 'agu' (no role) beside 'Realisasi TA 2020' and 'Realisasi (Rp)',
    its '% Realisasi' read 'Realisasi': the unnamed rupiah column the absorption percent divides
    (realisasi = pagu x % / 100) is the pagu, the percents after the realisasi the absorption."""
    from tests.table_builders import text_table

    rows = [
        ["No", "Uraian", "Realisasi TA 2020", "agu", "Realisasi (Rp)", "Realisasi"],
        ["1", "Belanja Pegawai", "Rp 13.983.000", "Rp 11.904.000", "Rp 10.068.622", "84,58%"],
        ["2", "Belanja Barang", "Rp 6.700.779.500", "Rp 10.788.701.000", "Rp 10.076.064.910", "93,39%"],
        ["3", "Belanja Modal", "Rp 300.280.100", "Rp 310.505.000", "Rp 296.763.874", "95,57%"],
    ]
    roles = detect_roles(text_table(rows), 2021)
    assert roles is not None and roles.roles[3:] == (Role.PAGU, Role.REAL_RP, Role.PERSEN)
    assert roles.other_years == (OtherYearColumn(2, Role.REAL_RP, 2020),)


def test_of_two_realisasi_columns_whose_years_ocr_lost_the_one_spent_is_this_years() -> None:
    """'Realisasi Anggaran' over '2021 | 2022' in a shaded header, the years read as nothing and the
    % misread in most rows: the balance (sisa = pagu - realisasi) says which column was spent."""
    from tests.table_builders import ruled_grid

    rows = [
        [("No", 0, 0), ("Program", 1, 1), ("Pagu (Rp)", 2, 2), ("Realisasi Anggaran", 3, 4), ("Capaian (%)", 5, 5), ("Selisih", 6, 6)],
        [("", 0, 0), ("", 1, 1), ("", 2, 2), ("", 3, 3), ("", 4, 4), ("", 5, 5), ("", 6, 6)],
        [("1", 0, 0), ("Program A", 1, 1), ("Rp 19.063.144.000", 2, 2), ("Rp 14.698.031.700", 3, 3),
         ("Rp 18.284.409.734", 4, 4), ("8", 5, 5), ("Rp 778.734.266", 6, 6)],
        [("2", 0, 0), ("Kegiatan B", 1, 1), ("Rp 3.915.128.000", 2, 2), ("Rp 2.984.195.400", 3, 3),
         ("Rp 3.766.943.000", 4, 4), ("6.22%", 5, 5), ("Rp 148.185.000", 6, 6)],
        [("3", 0, 0), ("Kegiatan C", 1, 1), ("Rp 164.064.000", 2, 2), ("Rp 163.897.000", 3, 3),
         ("Rp 146.433.138", 4, 4), ("99.25%", 5, 5), ("Rp 17.630.862", 6, 6)],
    ]
    table = replace(ruled_grid(rows), method=Method.OCR_RULED)
    roles = detect_roles(table, 2022)
    assert roles is not None and roles.roles[2:5] == (Role.PAGU, Role.OTHER, Role.REAL_RP)
