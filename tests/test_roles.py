"""Column roles settled beyond the header model (extractor/roles.py)."""

from __future__ import annotations

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
    assert bare == (OtherYearColumn(4, Role.REALISASI, 2026),), "a year alone over figures is still dated"


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
