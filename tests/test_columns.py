"""Column clean-up (extractor/tables/columns.py): currency-sign columns join their figures."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extractor.header import Role
from extractor.models import BBox, Cell, Method, Table, TableRow
from extractor.roles import detect_roles
from extractor.tables.columns import fold_sign_columns
from tests.table_builders import ruled_grid as _grid


def test_a_column_of_rp_signs_hands_its_header_to_the_figures_beside_it() -> None:
    # Excel-made: "Pagu" spans 'Rp. | 1.234.000', and a prior-year amount column comes first;
    # neither the sign column nor the prior year's figures may become pagu.
    table = fold_sign_columns(
        _grid(
            [
                [
                    ("No", 0, 0),
                    ("Program", 1, 1),
                    ("Realisasi 2023", 2, 3),
                    ("", 3, 3),
                    ("Pagu", 4, 5),
                    ("", 5, 5),
                    ("Realisasi", 6, 7),
                    ("", 7, 7),
                    ("%", 8, 8),
                ],
                [
                    ("1", 0, 0),
                    ("Program Dukungan Manajemen", 1, 1),
                    ("Rp.", 2, 2),
                    ("900.000", 3, 3),
                    ("Rp.", 4, 4),
                    ("1.000.000", 5, 5),
                    ("Rp.", 6, 6),
                    ("950.000", 7, 7),
                    ("95,00", 8, 8),
                ],
                [
                    ("2", 0, 0),
                    ("Program Teknis", 1, 1),
                    ("Rp.", 2, 2),
                    ("400.000", 3, 3),
                    ("Rp.", 4, 4),
                    ("500.000", 5, 5),
                    ("Rp.", 6, 6),
                    ("450.000", 7, 7),
                    ("90,00", 8, 8),
                ],
            ]
        )
    )
    assert [c.text for c in table.rows[1].cells][2:] == [
        "Rp. 900.000",
        "Rp. 1.000.000",
        "Rp. 950.000",
        "95,00",
    ]
    roles = detect_roles(table, 2024)
    assert roles is not None
    assert (roles.col(Role.PAGU), roles.col(Role.REAL_RP), roles.col(Role.PERSEN)) == (3, 4, 5)
    assert [(o.col, o.year) for o in roles.other_years] == [(2, 2023)]


def test_a_borderless_parent_over_sign_and_figure_pairs_covers_both_years() -> None:
    # "Realisasi" centred over 'Rp | 2024 figures | Rp | 2025 figures': once the signs are folded
    # into the figures, the parent sits over both year columns.
    head = [
        [("", 0, 0), ("", 1, 1), ("Realisasi", 2, 5)],
        [("Program", 0, 0), ("Pagu", 1, 1), ("2024", 2, 3), ("2025", 4, 5)],
    ]
    body = [
        [
            ("Program A", 0, 0),
            ("Rp 1.000.000", 1, 1),
            ("Rp", 2, 2),
            ("800.000", 3, 3),
            ("Rp", 4, 4),
            ("900.000", 5, 5),
        ],
        [
            ("Program B", 0, 0),
            ("Rp 2.000.000", 1, 1),
            ("Rp", 2, 2),
            ("1.800.000", 3, 3),
            ("Rp", 4, 4),
            ("1.900.000", 5, 5),
        ],
    ]
    table = fold_sign_columns(_grid(head + body))
    assert table.n_cols == 4
    assert [c.text for c in table.rows[3].cells] == [
        "Program B",
        "Rp 2.000.000",
        "Rp 1.800.000",
        "Rp 1.900.000",
    ]


def test_a_text_column_with_some_rp_cells_is_not_folded() -> None:
    table = _grid(
        [[("Uraian", 0, 0), ("Sumber", 1, 1)], [("A", 0, 0), ("Rp", 1, 1)], [("B", 0, 0), ("APBN", 1, 1)]]
    )
    assert fold_sign_columns(table) == table


def test_a_one_row_piece_with_a_lone_sign_column_is_folded_too() -> None:
    # the total row of a budget table, split from it: 'Jumlah Anggaran | Rp | 6.528.333.333'
    piece = _grid([[("Jumlah Anggaran", 0, 0), ("Rp", 1, 1), ("6.528.333.333", 2, 2)]])
    assert [c.text for c in fold_sign_columns(piece).rows[0].cells] == ["Jumlah Anggaran", "Rp 6.528.333.333"]


def test_a_column_of_percent_signs_joins_the_figures_on_its_left_even_misread() -> None:
    # A monospaced '% Realisasi' column prints '74,72 %' with the sign apart; a scan reads some
    # of the signs as '4' or 'X'. Headed over the figure only, it is one column.
    rows = [
        [("Uraian", 0, 0), ("Pagu", 1, 1), ("Realisasi", 2, 2), ("% Realisasi", 3, 3), ("", 4, 4)],
        [("Program A", 0, 0), ("4.150.000", 1, 1), ("3.101.000", 2, 2), ("74,72", 3, 3), ("4", 4, 4)],
        [("Program B", 0, 0), ("1.000.000", 1, 1), ("950.000", 2, 2), ("95,00", 3, 3), ("%", 4, 4)],
        [("Program C", 0, 0), ("2.000.000", 1, 1), ("1.700.000", 2, 2), ("85,00", 3, 3), ("%", 4, 4)],
    ]
    table = fold_sign_columns(_grid(rows))
    assert table.n_cols == 4
    assert [r.cells[3].text for r in table.rows] == ["% Realisasi", "74,72 4", "95,00 %", "85,00 %"]


def test_a_satuan_column_of_percent_signs_stays_a_column() -> None:
    # 'Capaian (%)' and 'Sat.' are two headed columns, however alike their body cells look
    rows = [
        [("Indikator", 0, 0), ("Capaian (%)", 1, 1), ("Sat.", 2, 2)],
        [("Persentase A", 0, 0), ("104,44", 1, 1), ("%", 2, 2)],
        [("Persentase B", 0, 0), ("100,00", 1, 1), ("%", 2, 2)],
    ]
    assert fold_sign_columns(_grid(rows)).n_cols == 3


def test_years_across_become_one_row_per_year() -> None:
    """'Uraian | 2021 | ... | 2024' with Pagu and Realisasi rows: read as printed, each figure was a
    row of the report year."""
    from extractor.tables.columns import transpose_year_columns
    from tests.table_builders import text_table

    table = text_table(
        [
            ["Uraian", "2021", "2022", "2023"],
            ["Pagu", "3.045.667.000", "4.100.000.000", "28.812.280.000"],
            ["Realisasi", "2.980.000.000", "4.000.000.000", "28.455.619.223"],
        ],
        first_line=20,
    )
    turned = transpose_year_columns(table)
    assert [r.texts() for r in turned.rows] == [
        ("Uraian", "Pagu", "Realisasi"),
        ("2021", "3.045.667.000", "2.980.000.000"),
        ("2022", "4.100.000.000", "4.000.000.000"),
        ("2023", "28.812.280.000", "28.455.619.223"),
    ]
    assert turned.rows[1].cells[2].line == 22  # every cell keeps where it was printed
    years_down = text_table(
        [["Tahun", "Pagu", "Realisasi"], ["2021", "1.000", "900"], ["2022", "2.000", "1.900"]]
    )
    assert transpose_year_columns(years_down) is years_down
    not_budget = text_table(
        [["Indikator", "2021", "2022"], ["Partisipasi", "70", "80"], ["Indeks", "3", "4"]]
    )
    assert transpose_year_columns(not_budget) is not_budget


def test_a_one_row_piece_under_a_repeated_header_folds_its_lone_signs() -> None:
    # a page that repeats the header and holds only the 'Total' row: 'Pagu' heads the sign column
    # as much as the figures, and each sign column holds one 'Rp.' under it
    rows = [
        [("Uraian", 0, 0), ("Pagu", 1, 1), ("Anggaran (Rp)", 2, 2), ("Realisasi", 3, 3), ("(Rp)", 4, 4)],
        [("Total", 0, 0), ("Rp.", 1, 1), ("5.265.393.000", 2, 2), ("Rp.", 3, 3), ("5.058.011.543", 4, 4)],
    ]
    table = fold_sign_columns(replace(_grid(rows), header_rows=1))
    assert [c.text for c in table.rows[1].cells] == ["Total", "Rp. 5.265.393.000", "Rp. 5.058.011.543"]


def test_a_scans_value_column_cut_between_figure_and_unit_is_one_column_again() -> None:
    """A borderless scan's centred 'Realisasi' cells ('23 Dokumen', '73', '84'): the white channel
    between figure and unit made two columns, figures falling on either side; one column again.
    Target beside it (a figure on both sides of a row) and a text layer's table stay as they are."""
    from dataclasses import replace

    from extractor.models import Method
    from tests.table_builders import text_table

    rows = [
        ["6", "Persentase A", "75", "", "73", "97,33"],
        ["7", "Jumlah Dokumen B", "22 Dokumen", "23", "", "104,55"],
        ["8", "Jumlah Dokumen C", "10 Dokumen", "10", "Dokumen", "100"],
        ["9", "Persentase D", "95", "", "84", "88,42"],
    ]
    scan = replace(text_table(rows), method=Method.OCR_STREAM)
    folded = fold_sign_columns(scan)
    assert folded.n_cols == 5
    assert [r.cells[3].text for r in folded.rows] == ["73", "23", "10 Dokumen", "84"]
    assert [r.cells[2].text for r in folded.rows] == ["75", "22 Dokumen", "10 Dokumen", "95"]
    assert fold_sign_columns(text_table(rows)).n_cols == 6  # born-digital: columns as printed
    headed = [["No", "Indikator", "Target", "Realisasi", "Capaian", "%"], *rows]
    assert fold_sign_columns(replace(text_table(headed), method=Method.OCR_STREAM)).n_cols == 6


def test_a_value_column_cut_with_its_unit_on_the_right_is_one_column_again() -> None:
    """A continuation page of centred values: '80%' drifts right of the channel the '1 Dokumen'
    cells open between figure and unit, so the left half holds figures only beside a unit word."""
    from dataclasses import replace

    from extractor.models import Method
    from tests.table_builders import text_table

    rows = [
        ["Persentase A", "", "80%", "", "73%", "91,25%"],
        ["Persentase B", "", "70%", "", "68,2%", "97,43%"],
        ["Jumlah Dokumen C", "1", "Dokumen", "2", "Dokumen", "200%"],
        ["Jumlah Dokumen D", "13", "Dokumen", "13", "Dokumen", "100%"],
    ]
    folded = fold_sign_columns(replace(text_table(rows), method=Method.OCR_STREAM))
    assert [[c.text for c in r.cells] for r in folded.rows][2] == ["Jumlah Dokumen C", "1 Dokumen", "2 Dokumen", "200%"]
    # a Satuan column beside the figures never holds a figure: two columns
    kept = [[label, figure, "Dokumen" if unit else "Persen"] for label, figure, unit, *_ in rows]
    kept = [[r[0], r[1] or "80", r[2]] for r in kept]
    assert fold_sign_columns(replace(text_table(kept), method=Method.OCR_STREAM)).n_cols == 3


@pytest.mark.parametrize(
    ("odd", "header", "at"),
    [
        ("A5)", "Pagu", 3),  # 'Rp.' read as 'A5)' once among six: still a column of signs
        ("— Rp", "Realisasi 2024", 2),  # a rule above it left a sliver the scan read before the sign
    ],
)
def test_a_sign_column_with_one_sign_misread_by_ocr_still_folds(odd: str, header: str, at: int) -> None:
    rows = [[("Program", 0, 0), (header, 1, 2)]]
    for i in range(6):
        rows.append([(f"Program {i}", 0, 0), (odd if i == at else "Rp.", 1, 1), (f"{i + 1}.000.000", 2, 2)])
    table = fold_sign_columns(_grid(rows))
    assert table.n_cols == 2 and table.rows[at + 1].cells[1].text == f"{odd} {at + 1}.000.000"


def _headless_rows(gap: float, texts: list[tuple[str, str, str]] | None = None) -> Table:
    """A continuation page without its header: figure and '%' (some read '$') ``gap`` points apart."""
    texts = texts or [("Persentase A", "92,50", "$"), ("Persentase B", "75,00", "%"), ("Persentase C", "100,00", "%")]
    rows = []
    for r, (label, figure, mark) in enumerate(texts):
        top = 12.0 * r
        cells = (
            Cell(label, r, 0, 1, None, BBox(50, top, 150, top + 8)),
            Cell(figure, r, 1, 1, None, BBox(360, top, 389, top + 8)),
            Cell(mark, r, 2, 1, None, BBox(389 + gap, top, 394 + gap, top + 8)),
        )
        rows.append(TableRow(r, cells))
    return Table(0, Method.OCR_STREAM, tuple(rows), (2,), header_rows=0)


def test_percent_signs_a_space_after_their_figures_fold_on_a_page_without_a_header() -> None:
    # a monospaced '92,50 %' apart, its sign read '$' on a scan: one column, as on the page before
    folded = fold_sign_columns(_headless_rows(gap=7.7))
    assert folded.n_cols == 2 and [r.cells[1].text for r in folded.rows] == ["92,50 $", "75,00 %", "100,00 %"]
    # a Satuan column stands a cell's padding off: it stays a column
    assert fold_sign_columns(_headless_rows(gap=25.0)).n_cols == 3


def test_digits_a_space_after_figures_fold_where_the_table_reads_its_percent_signs_as_them() -> None:
    # a monospaced scan reads every '%' as '4' or '8': in the cells where it stayed beside its
    # figure ('85,00 4') as in the column it was split into
    texts = [("85,00 4", "101,22", "4"), ("90,00 4", "82,50", "4"), ("75,00 8", "87,75", "4"), ("80,00 4", "91,89", "8")]
    table = _headless_rows(gap=4.0, texts=texts)
    assert fold_sign_columns(table).n_cols == 2
    # the same digits where no cell shows its '%' read so are figures of their own
    plain = [(label.split()[0], figure, mark) for label, figure, mark in texts]
    assert fold_sign_columns(_headless_rows(gap=4.0, texts=plain)).n_cols == 3
