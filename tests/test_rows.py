from __future__ import annotations

from extractor.models import Cell, Method, Table, TableRow
from extractor.rows import (
    Role,
    assign_roles,
    caption_year,
    detect_roles,
    header_role,
    semantic_rows,
    split_code,
)


def _table(
    rows: list[list[str]], *, index: int = 0, first_line: int = 1, caption: str | None = None
) -> Table:
    return Table(
        index,
        Method.TEXT_TSV,
        tuple(
            TableRow(r, tuple(Cell(t, r, c, None, first_line + r, None) for c, t in enumerate(texts)))
            for r, texts in enumerate(rows)
        ),
        caption=caption,
    )


def test_header_roles_tolerate_ocr_damage() -> None:
    assert header_role("Realisas1") == Role.REALISASI
    assert header_role("Targel") == Role.TARGET
    assert header_role("INDIKATOR KINERJA") == Role.INDICATOR
    assert header_role("Realisasi (Rp)") == Role.REAL_RP
    assert header_role("Persen tase (%)") == Role.PERSEN
    assert header_role("No.") == Role.NO
    assert header_role("Keterangan") == Role.KET


def test_performance_table_roles_and_numbering_row() -> None:
    t = _table(
        [
            ["No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            ["1.", "Terwujudnya X", "Persentase A", "90%", "85%", "94,44%"],
        ]
    )
    roles = detect_roles(t, 2024)
    assert roles is not None and roles.kind == "performance" and roles.header_rows == 2
    assert roles.roles == (Role.NO, Role.SASARAN, Role.INDICATOR, Role.TARGET, Role.REALISASI, Role.CAPAIAN)


def test_rupiah_values_under_target_headers_make_a_budget_table() -> None:
    t = _table(
        [
            ["Program", "Target", "Realisasi", "Capaian"],
            ["Program Dukungan Manajemen", "3.045.667.000", "3.037.102.322", "99,72%"],
            ["Program Penyelenggaraan Pemilu", "48.366.764.000", "44.420.740.116", "92,31%"],
        ]
    )
    roles = detect_roles(t, 2024)
    assert roles is not None and roles.kind == "budget"
    assert roles.roles == (Role.NAME, Role.PAGU, Role.REAL_RP, Role.PERSEN)


def test_mixed_indicator_budget_table() -> None:
    t = _table(
        [
            ["Indikator Kinerja", "Target", "Realisasi", "%", "Pagu", "Realisasi", "%"],
            ["Persentase A", "90", "90", "100", "33.801.000", "33.775.000", "99,92"],
        ]
    )
    roles = detect_roles(t, 2024)
    assert roles is not None and roles.kind == "mixed"
    assert roles.roles == (
        Role.INDICATOR,
        Role.TARGET,
        Role.REALISASI,
        Role.CAPAIAN,
        Role.PAGU,
        Role.REAL_RP,
        Role.PERSEN,
    )
    rows = semantic_rows(assign_roles([t], 2024)[0], 2024)
    assert [r.kind for r in rows] == ["performance", "budget"]


def test_report_year_column_chosen_in_multi_year_table() -> None:
    t = _table(
        [
            ["Indikator Kinerja", "Target 2024", "Realisasi 2023", "Realisasi 2024"],
            ["Persentase A", "90", "80", "85"],
        ]
    )
    roles = detect_roles(t, 2024)
    assert roles is not None
    assert roles.roles == (Role.INDICATOR, Role.TARGET, Role.OTHER_YEAR, Role.REALISASI)
    assert [(o.col, o.role, o.year) for o in roles.other_years] == [(2, Role.REALISASI, 2023)]


def test_continuation_without_header_is_stitched_and_sasaran_filled_down() -> None:
    head = _table(
        [
            ["No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi"],
            ["1.", "Terwujudnya X", "Persentase A", "90%", "85%"],
            ["2.", "", "Persentase B", "80%", "80%"],
        ],
        caption="Pengukuran Kinerja Tahun 2024",
    )
    tail = _table(
        [["3.", "Terwujudnya Y", "Persentase C", "100%", "99%"], ["", "yang akuntabel", "", "", ""]],
        index=1,
        first_line=6,
    )
    roled = assign_roles([head, tail], 2024)
    assert len(roled) == 1 and roled[0].year == 2024
    rows = semantic_rows(roled[0], 2024)
    assert [r.cells[Role.INDICATOR].text for r in rows] == ["Persentase A", "Persentase B", "Persentase C"]
    assert rows[1].sasaran == "Terwujudnya X"
    assert rows[2].sasaran == "Terwujudnya Y yang akuntabel"


def test_split_code_and_caption_year() -> None:
    assert split_code("CQ.6709 Perencanaan Program") == ("CQ.6709", "Perencanaan Program")
    assert split_code("QGE.001 Perencanaan dan Penganggaran") == ("QGE.001", "Perencanaan dan Penganggaran")
    assert split_code("Masa Kampanye Pemilu (6870)") == ("6870", "Masa Kampanye Pemilu")
    assert split_code("Program Dukungan Manajemen") == (None, "Program Dukungan Manajemen")
    assert caption_year("Realisasi Anggaran TA 2024") == 2024
    assert caption_year("Pagu 2021-2024") is None
    assert caption_year(None) is None


def test_a_label_word_spilled_into_the_amount_column_does_not_merge_two_programs() -> None:
    t = _table(
        [
            ["Program", "Anggaran"],
            ["1. Program Dukungan Manajemen", "Rp. 2.647.529.000"],
            ["2. Penyelenggaraan Pemilu dalam Konsolidasi Demokrasi", "Proses Rp. 26.608.457.000"],
        ]
    )
    (roled,) = assign_roles([t], 2024)
    rows = semantic_rows(roled, 2024)
    names = [r.cells[Role.NAME].text for r in rows]
    assert names == ["1. Program Dukungan Manajemen", "2. Penyelenggaraan Pemilu dalam Konsolidasi Demokrasi"]


def test_a_continuation_missing_an_empty_column_is_laid_onto_the_table_it_continues() -> None:
    from extractor.models import BBox
    from extractor.rows import realign

    xs = [(80, 200), (210, 260), (270, 320), (330, 380)]  # name | pagu | realisasi | keterangan

    def row(r: int, texts: list[str], cols: list[int], page: int) -> TableRow:
        return TableRow(r, tuple(Cell(t, r, i, page, None, BBox(xs[c][0], 10 * r, xs[c][1], 10 * r + 8)) for i, (t, c) in enumerate(zip(texts, cols, strict=True))))

    first = Table(0, Method.PDF_STREAM, (
        row(0, ["Uraian", "Pagu", "Realisasi", "Ket."], [0, 1, 2, 3], 1),
        row(1, ["Program A", "1.000.000", "900.000", "Blokir"], [0, 1, 2, 3], 1),
    ), (1,))
    tail = Table(1, Method.PDF_STREAM, (row(0, ["Program B", "2.000.000", "1.500.000"], [0, 1, 2], 2),), (2,))
    laid = realign(tail, first)
    assert laid is not None and laid.n_cols == 4
    assert [c.text for c in laid.rows[0].cells] == ["Program B", "2.000.000", "1.500.000", ""]
    (rt,) = assign_roles([first, tail], 2024)
    assert [r.cells[Role.NAME].text for r in semantic_rows(rt, 2024)] == ["Program A", "Program B"]
