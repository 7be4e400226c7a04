"""The header model: column paths from stacked header rows, spans from geometry, roles from paths."""

from __future__ import annotations

from extractor.header import Role, build_paths, header_extent, header_role, path_role, read_header
from extractor.models import BBox, Cell, Method, Table, TableRow
from extractor.roles import detect_roles
from extractor.rows import semantic_rows
from extractor.stitch import assign_roles
from tests.table_builders import ruled_grid as _grid
from tests.table_builders import text_table

# column x-ranges of a seven-column capaian table, in points
COLS = [(80, 100), (100, 260), (260, 300), (300, 350), (350, 400), (400, 450), (450, 500)]


def _cell(text: str, r: int, c: int, top: float, span: tuple[int, int] | None = None, fit: bool = False) -> Cell:
    """A cell whose box is its grid cell (ruled) or, with ``fit``, only its text's width (centred)."""
    a, b = span or (c, c)
    x0, x1 = COLS[a][0], COLS[b][1]
    if fit and text:
        mid, half = (x0 + x1) / 2, 2.5 * len(text)
        x0, x1 = mid - half, mid + half
    return Cell(text, r, c, 1, None, BBox(x0, top, x1, top + 10))


def _table(rows: list[list[Cell]], method: Method) -> Table:
    return Table(0, method, tuple(TableRow(i, tuple(r)) for i, r in enumerate(rows)), (1,))


BODY = [
    ["1", "Persentase layanan informasi publik", "%", "90", "95", "96", "101,05"],
    ["2", "Indeks partisipasi pemilih", "%", "80", "85", "90", "105,88"],
]


def _body(first_row: int, top: float) -> list[list[Cell]]:
    return [
        [_cell(t, first_row + i, c, top + 12 * i, fit=c != 1) for c, t in enumerate(texts)]
        for i, texts in enumerate(BODY)
    ]


def test_ruled_spanning_parent_names_its_children() -> None:
    head = [
        [_cell("No", 0, 0, 0), _cell("Indikator Kinerja", 0, 1, 0), _cell("Satuan", 0, 2, 0),
         _cell("Realisasi 2023", 0, 3, 0), _cell("Tahun 2024", 0, 4, 0, span=(4, 6)),
         _cell("", 0, 5, 0), _cell("", 0, 6, 0)],
        [_cell("", 1, c, 10) for c in range(4)]
        + [_cell("Target", 1, 4, 10), _cell("Realisasi", 1, 5, 10), _cell("Capaian", 1, 6, 10)],
    ]
    table = _table(head + _body(2, 20), Method.PDF_RULED)
    assert header_extent(table.rows) == 2
    paths = build_paths(table, 2)
    assert paths[4:] == [("Tahun 2024", "Target"), ("Tahun 2024", "Realisasi"), ("Tahun 2024", "Capaian")]
    model = read_header(table, 2024)
    assert model is not None
    roles = [c.role for c in model.columns]
    assert roles == [Role.NO, Role.INDICATOR, Role.UNIT, Role.OTHER_YEAR, Role.TARGET, Role.REALISASI, Role.CAPAIAN]
    assert model.columns[3].year == 2023 and model.columns[3].value_role == Role.REALISASI


def test_borderless_parent_centred_over_children_covers_them_but_not_its_neighbours() -> None:
    # "Tahun 2024" printed once, centred over Target | Realisasi | Capaian; "Realisasi 2023"
    # beside it is a header of its own, centred between the two header lines
    head = [
        [_cell("", 0, c, 0) for c in range(4)]
        + [_cell("", 0, 4, 0), _cell("Tahun 2024", 0, 5, 0, fit=True), _cell("", 0, 6, 0)],
        [_cell("No", 1, 0, 8, fit=True), _cell("Indikator Kinerja", 1, 1, 8, fit=True),
         _cell("Satuan", 1, 2, 8, fit=True), _cell("Realisasi 2023", 1, 3, 8, fit=True)]
        + [_cell("", 1, c, 8) for c in (4, 5, 6)],
        [_cell("", 2, c, 16) for c in range(4)]
        + [_cell("Target", 2, 4, 16, fit=True), _cell("Realisasi", 2, 5, 16, fit=True),
           _cell("Capaian", 2, 6, 16, fit=True)],
    ]
    table = _table(head + _body(3, 30), Method.PDF_STREAM)
    paths = build_paths(table, header_extent(table.rows))
    assert paths[3] == ("Realisasi 2023",)
    assert paths[4:] == [("Tahun 2024", "Target"), ("Tahun 2024", "Realisasi"), ("Tahun 2024", "Capaian")]
    roles = detect_roles(table, 2024)
    assert roles is not None and roles.kind == "performance"
    assert [(o.col, o.role, o.year) for o in roles.other_years] == [(3, Role.REALISASI, 2023)]


def test_an_ocr_parent_phrase_cut_into_columns_is_joined_at_a_monospaced_word_space() -> None:
    # "Capaian Kinerja 2024" in 10 pt monospaced type, read by OCR: one word in each of the three
    # columns under it, a word space (6 pt) apart; an OCR box is the ink (7 pt), not the line
    def piece(text: str, c: int, x0: float, x1: float) -> Cell:
        return Cell(text, 0, c, 1, None, BBox(x0, 0, x1, 7))

    head = [
        [_cell("No", 0, 0, 0, fit=True), _cell("Indikator Kinerja", 0, 1, 0, fit=True),
         _cell("Satuan", 0, 2, 0, fit=True), _cell("Realisasi 2023", 0, 3, 0, fit=True),
         piece("Capaian", 4, 380, 404), piece("Kinerja", 5, 410, 440), piece("2024", 6, 446, 466)],
        [_cell("", 1, c, 12) for c in range(4)]
        + [_cell("Target", 1, 4, 12, fit=True), _cell("Realisasi", 1, 5, 12, fit=True),
           _cell("Capaian", 1, 6, 12, fit=True)],
    ]
    table = _table(head + _body(2, 26), Method.OCR_STREAM)
    paths = build_paths(table, 2)
    parent = "Capaian Kinerja 2024"
    assert paths[4:] == [(parent, "Target"), (parent, "Realisasi"), (parent, "Capaian")]


def test_path_roles_read_the_leaf_in_its_parents_context() -> None:
    assert path_role(("Anggaran", "Realisasi")) == (Role.REAL_RP, None, False)
    assert path_role(("Anggaran Tahun 2024", "Sisa")) == (Role.SISA, 2024, False)
    assert path_role(("Sisa Anggaran (Rp)",))[0] == Role.SISA
    assert path_role(("Realisasi", "2023")) == (Role.REALISASI, 2023, False)
    assert path_role(("Capaian", "%"))[0] == Role.CAPAIAN
    assert path_role(("Target Akhir Renstra (2026)",)) == (Role.TARGET, 2026, True)
    assert path_role(("Kategori",))[0] == Role.CATEGORY
    assert path_role(("Pengukuran Kinerja",))[0] is None


def test_other_year_columns_become_records_of_their_own_year() -> None:
    rows = [
        ["Indikator Kinerja", "Target 2024", "Realisasi 2023", "Realisasi 2024", "Target 2025"],
        ["Persentase A", "90", "80", "85", "95"],
    ]
    table = Table(
        0,
        Method.TEXT_TSV,
        tuple(TableRow(r, tuple(Cell(t, r, c, None, r + 1, None) for c, t in enumerate(ts))) for r, ts in enumerate(rows)),
    )
    (rt,) = assign_roles([table], 2024)
    out = semantic_rows(rt, 2024)
    by_year = {r.year: {k.value: v.text for k, v in r.cells.items()} for r in out}
    assert by_year[2024]["target"] == "90" and by_year[2024]["realisasi"] == "85"
    assert by_year[2023]["realisasi"] == "80" and "target" not in by_year[2023]
    assert by_year[2025]["target"] == "95"


def test_band_row_is_context_not_a_header_or_a_label() -> None:
    head = [
        [_cell("No", 0, 0, 0), _cell("Indikator Kinerja", 0, 1, 0), _cell("Satuan", 0, 2, 0),
         _cell("Target", 0, 3, 0), _cell("Realisasi", 0, 4, 0), _cell("Capaian", 0, 5, 0),
         _cell("Keterangan", 0, 6, 0)],
        [_cell("Sasaran Strategis 1: Meningkatnya partisipasi", 1, 0, 10, span=(0, 6))]
        + [_cell("", 1, c, 10) for c in range(1, 7)],
    ]
    table = _table(head + _body(2, 20), Method.PDF_RULED)
    assert header_extent(table.rows) == 1
    (rt,) = assign_roles([table], 2024)
    rows = semantic_rows(rt, 2024)
    assert [r.cells[Role.INDICATOR].text for r in rows] == [BODY[0][1], BODY[1][1]]
    assert {r.sasaran for r in rows} == {"Meningkatnya partisipasi"}


def test_a_numbering_row_ends_the_header_even_when_ocr_mangles_it() -> None:
    rows = [
        ["No", "Indikator Kinerja", "Target", "Realisasi"],
        ["a", "@", "(3)", "m"],
        ["", "Persentase layanan yang", "", ""],
        ["1", "diselesaikan tepat waktu", "90", "95"],
    ]
    table = Table(
        0,
        Method.OCR_STREAM,
        tuple(TableRow(r, tuple(Cell(t, r, c, 1, None, None) for c, t in enumerate(ts))) for r, ts in enumerate(rows)),
    )
    model = read_header(table, 2024)
    assert model is not None and model.rows == 2


def test_a_wide_year_row_between_header_rows_is_part_of_the_header() -> None:
    # "TA 2022" spans Pagu | Realisasi | Penyerapan: a date over the columns, not a band row.
    table = _grid(
        [
            [("No", 0, 0), ("Program/Kegiatan", 1, 1), ("Realisasi Anggaran", 2, 4), ("", 3, 3), ("", 4, 4)],
            [("", 0, 0), ("", 1, 1), ("TA 2022", 2, 4), ("", 3, 3), ("", 4, 4)],
            [("", 0, 0), ("", 1, 1), ("Pagu", 2, 2), ("Realisasi", 3, 3), ("Penyerapan (%)", 4, 4)],
            [("1", 0, 0), ("Program A", 1, 1), ("Rp 1.000.000,-", 2, 2), ("Rp 900.000,-", 3, 3), ("90 %", 4, 4)],
        ],
        width=120.0,
    )
    assert header_extent(table.rows) == 3
    roles = detect_roles(table, 2022)
    assert roles is not None
    assert (roles.col(Role.PAGU), roles.col(Role.REAL_RP), roles.col(Role.PERSEN)) == (2, 3, 4)


def test_the_finders_header_rows_bound_the_header() -> None:
    # A borderless row centred in a tall cell leaves its label's first lines above its values:
    # "Persentase KPU" there is a label, not a '%' header, when the finder saw one header line.
    from dataclasses import replace

    table = _grid(
        [
            [("Indikator Kinerja", 0, 0), ("Target", 1, 1), ("Realisasi", 2, 2)],
            [("Persentase KPU Provinsi", 0, 0), ("", 1, 1), ("", 2, 2)],
            [("yang tepat waktu", 0, 0), ("90", 1, 1), ("95", 2, 2)],
        ],
        width=90.0,
    )
    assert header_extent(table.rows) == 2  # by words alone the label line looks like a header
    model = read_header(replace(table, method=Method.PDF_STREAM, header_rows=1), 2024)
    assert model is not None and model.rows == 1
    assert [c.role for c in model.columns] == [Role.INDICATOR, Role.TARGET, Role.REALISASI]


def test_a_parent_takes_no_column_whose_header_fills_the_whole_height_beside_it() -> None:
    # every cell centred: 'Target Renstra 2024' and 'Realisasi 2022' fill the header's height,
    # so their text starts well above 'Tahun 2023''s children; and 'Realisasi' over '2022' is one
    # cell wrapped over its year, no parent of its neighbours
    rows = [
        [("Target", 2), ("Tahun 2023", 5)],
        [("Realisasi", 3)],
        [("No", 0), ("Indikator Kinerja", 1), ("Renstra", 2), ("%", 6)],
        [("2022", 3), ("Target", 4), ("Realisasi", 5)],
        [("2024", 2), ("Capaian", 6)],
    ]
    head = []
    for r, cells in enumerate(rows):
        texts = dict((c, t) for t, c in cells)
        head.append([_cell(texts.get(c, ""), r, c, [0, 20, 30, 40, 50][r], fit=True) for c in range(7)])
    table = _table(head + _body(5, 64), Method.PDF_STREAM)
    paths = build_paths(table, 5)
    assert paths[2:4] == [("Target Renstra 2024",), ("Realisasi 2022",)]
    assert paths[4:] == [("Tahun 2023", "Target"), ("Tahun 2023", "Realisasi"), ("Tahun 2023", "% Capaian")]


def test_a_centred_parent_does_not_take_the_label_columns_beside_its_children() -> None:
    # "Kinerja Tahun 2024" centred over Target | Realisasi | Capaian; Satuan and Keterangan
    # stand level with the children on either side, symmetric, so by geometry alone the widest
    # run of columns under the parent's middle would take them too.
    head = [
        [_cell("Kinerja Tahun 2024", 0, 4, 0, fit=True)],
        [_cell(t, 1, c, 10, fit=True) for c, t in
         enumerate(["No", "Indikator", "Satuan", "Target", "Realisasi", "Capaian", "Keterangan"])],
    ]
    table = _table(head + _body(2, 22), Method.PDF_STREAM)
    paths = build_paths(table, 2)
    assert paths[2] == ("Satuan",) and paths[6] == ("Keterangan",)
    assert paths[3:6] == [("Kinerja Tahun 2024", "Target"), ("Kinerja Tahun 2024", "Realisasi"), ("Kinerja Tahun 2024", "Capaian")]


def test_ocr_damaged_value_headers_and_short_unit_headers_are_named() -> None:
    assert header_role("Realicaci") == Role.REALISASI
    assert header_role("Sat.") == Role.UNIT
    assert header_role("Keuangan") != Role.KET and header_role("Informasi") is None


def test_a_column_headed_only_by_its_parent_is_not_named_after_it() -> None:
    # 'Capaian Kinerja 2025' over 'Target PK | (Realisasi lost to OCR) | Capaian Kinerja': the
    # middle column is unnamed, not a second capaian; under 'Realisasi', an amount column with no
    # label of its own beside a '%' one stays the realisasi.
    t = _grid(
        [
            [("Indikator", 0, 0), ("Capaian Kinerja 2025", 1, 3)],
            [("", 0, 0), ("Target PK", 1, 1), ("", 2, 2), ("Capaian Kinerja", 3, 3)],
            [("Persentase A", 0, 0), ("75,00", 1, 1), ("72,00", 2, 2), ("96,00", 3, 3)],
        ]
    )
    model = read_header(t, 2025)
    assert model is not None and [c.role for c in model.columns][1:] == [Role.TARGET, Role.OTHER, Role.CAPAIAN]
    b = _grid(
        [
            [("Program", 0, 0), ("Pagu", 1, 1), ("Realisasi", 2, 3)],
            [("", 0, 0), ("", 1, 1), ("", 2, 2), ("%", 3, 3)],
            [("Program A", 0, 0), ("1.000.000", 1, 1), ("950.000", 2, 2), ("95,00", 3, 3)],
        ]
    )
    model = read_header(b, 2025)
    assert model is not None and model.columns[2].role == Role.REALISASI


def test_a_header_text_whose_columns_another_text_took_is_no_parent_to_extend() -> None:
    # a stub laid onto a stray total row and a line of prose (seen on a generated layout): '(%)'
    # covers only columns that texts of its row took first; reading the header must not fail
    def row(r: int, texts: list[str], boxes: list[tuple[int, int, int, int]]) -> TableRow:
        return TableRow(r, tuple(Cell(t, r, c, 1, None, BBox(*b)) for c, (t, b) in enumerate(zip(texts, boxes, strict=True))))

    table = Table(
        0,
        Method.PDF_STREAM,
        (
            row(0, ["No", "Uraian", "Akun", "Alokasi", "Realisasi", "(Rp)", "Keterangan"],
                [(89, 86, 99, 95), (135, 86, 166, 95), (171, 86, 192, 95), (255, 86, 290, 95), (335, 86, 381, 95),
                 (386, 86, 406, 95), (490, 86, 541, 95)]),
            row(1, ["(%)"], [(441, 91, 457, 100)]),
            row(2, ["Jumlah", "Rp", "32.267.086.000", "Rp", "30.597.835.322", "94,83", "%", "-"],
                [(106, 106, 137, 115), (227, 106, 237, 115), (247, 106, 319, 115), (325, 106, 335, 115),
                 (345, 106, 416, 115), (431, 106, 457, 115), (462, 106, 467, 115), (482, 106, 487, 115)]),
            row(3, ["Sisa", "anggaran", "merupakan", "hasil", "efisiensi", "pelaksanaan", "kegiatan", "dan"],
                [(115, 129, 141, 141), (149, 129, 202, 141), (210, 129, 270, 141), (277, 129, 310, 141),
                 (318, 129, 378, 141), (386, 129, 458, 141), (466, 129, 519, 141), (527, 129, 547, 141)]),
        ),
        (1,),
    )
    assert len(build_paths(table, 4)) == table.n_cols


def test_pk_alone_names_the_agreement_target() -> None:
    # 'Target PK' with 'Target' lost to OCR under a shaded header
    assert header_role("n PK") == Role.TARGET
    assert header_role("Target PK") == Role.TARGET


def test_a_header_row_with_a_figure_or_two_of_ocr_noise_among_many_names_is_still_a_header() -> None:
    # 'Tahun 2023' over the value columns read '22' and '200': a data row would hold a figure
    # per value column and name a column once at most
    t = text_table(
        [
            ["No", "Sasaran", "Indikator Kinerja", "Target Akhir Renstra (2024)", "Realisasi TA 2022", "22", "200 Predikat", "Sumber Data"],
            ["", "", "", "", "", "Target PK", "Realisasi", "Capaian"],
            ["1", "Terlaksananya X", "Persentase A", "100", "95", "90", "88", "97,78"],
        ]
    )
    assert header_extent(t.rows) == 2
    data = text_table([["1", "Program Target", "Realisasi 90", "900.000", "90"], ["2", "Program B", "1", "2", "3"]])
    assert header_extent(data.rows) == 0


def test_akun_names_the_code_column_only_when_no_other_word_names_it() -> None:
    assert header_role("Akun") == Role.KODE
    assert header_role("Kode Akun") == Role.KODE
    assert header_role("Akun/Jenis Belanja") == Role.NAME
    assert header_role("Uraian Akun") == Role.NAME


def test_a_later_year_alone_beside_a_realisasi_column_is_a_misread_year() -> None:
    # 'Realisasi' over '2024 | 2025' lost to OCR on a 2025 report, '2025' read '2028'
    t = text_table(
        [
            ["No", "Uraian", "Pagu (Rp)", "Realisasi 2024", "2028", "Penyerapan (%)"],
            ["1", "Belanja Pegawai", "24.317.364.000", "17.204.056.600", "23.419.987.650", "96,31"],
        ]
    )
    model = read_header(t, 2025)
    assert model is not None and model.columns[4].year is None
    assert read_header(t, 2029).columns[4].year == 2028  # type: ignore[union-attr]


def test_a_year_ocr_dropped_a_digit_of_beside_its_sibling_is_that_year() -> None:
    # 'Realisasi (Rp)' over '2024 | 2025' on a 2025 report, '2024' read '224'
    t = _grid(
        [
            [("No", 0, 0), ("Uraian", 1, 1), ("Pagu (Rp)", 2, 2), ("Realisasi (Rp)", 3, 4), ("Penyerapan (%)", 5, 5)],
            [("224", 3, 3), ("2025", 4, 4)],
            [("1", 0, 0), ("Belanja Pegawai", 1, 1), ("24.317.364.000", 2, 2), ("17.204.056.600", 3, 3),
             ("23.419.987.650", 4, 4), ("96,31", 5, 5)],
        ]
    )
    model = read_header(t, 2025)
    assert model is not None
    assert [(c.role, c.value_role, c.year) for c in model.columns][3:5] == [
        (Role.OTHER_YEAR, Role.REAL_RP, 2024),
        (Role.REAL_RP, Role.REAL_RP, 2025),
    ]


def test_a_misread_later_year_is_put_right_from_the_years_the_caption_names() -> None:
    # a 2024 report's 'Realisasi 2023' read 'Realisasi 2025' beside the undated 'Realisasi (Rp)'
    rows = [
        ["No", "Uraian", "Realisasi 2025", "Alokasi", "Realisasi (Rp)", "%"],
        ["1", "Belanja Pegawai", "3.255.630.300,00", "3.502.844.000,00", "3.229.083.969,00", "92,18"],
    ]
    t = text_table(rows, caption="Tabel 2.7 Perbandingan Realisasi Anggaran Tahun 2023 dan 2024")
    model = read_header(t, 2024)
    assert model is not None and model.columns[2].year == 2023 and model.columns[2].role == Role.OTHER_YEAR
    assert model.columns[4].role == Role.REAL_RP
    # no caption year one digit away, or two that fit: left undated as before
    for caption in ("Tabel 2.7 Realisasi Anggaran Tahun 2024", "Realisasi 2021, 2023 dan 2024", None):
        model = read_header(text_table(rows, caption=caption), 2024)
        assert model is not None and model.columns[2].year is None, caption


def test_a_year_ocr_damaged_in_a_header_is_read_as_the_nearest_year_the_column_can_be_about() -> None:
    # scans: 'Realisasi Tahun 2024' read 'Realisasi T: 1014', 'Target Renstra 2029' read '... 229'
    rows = [
        ["IKU", "Realisasi T: 1014", "Target Renstra 229", "Target 2025", "Realisasi 2025", "Capaian"],
        ["Ketepatan Pelaporan Keuangan", "93,8", "100", "95", "91", "95,79"],
    ]
    model = read_header(text_table(rows), 2025)
    assert model is not None
    assert [(c.role, c.value_role, c.year) for c in model.columns[1:3]] == [
        (Role.OTHER_YEAR, Role.REALISASI, 2024),
        (Role.OTHER_YEAR, Role.TARGET, 2029),
    ]
    # a realisasi is never put after the report year, nor a Renstra target before it
    rows[0][1:3] = ["Realisasi T: 1026", "Target Renstra 221"]
    model = read_header(text_table(rows), 2025)
    assert model is not None and [c.year for c in model.columns[1:3]] == [None, None]


def test_a_row_of_years_with_one_damaged_by_ocr_is_header_and_the_dated_column_is_current() -> None:
    # 'Realisasi' over '2021 | 2022', the first read '221': the 2022 column is the report year's
    t = _grid(
        [
            [("No", 0, 0), ("Uraian Akun", 1, 1), ("Alokasi", 2, 2), ("Realisasi", 3, 4), ("Capaian", 5, 5)],
            [("221", 3, 3), ("2022", 4, 4)],
            [("1", 0, 0), ("Belanja Pegawai", 1, 1), ("506.179.000", 2, 2), ("403.654.700", 3, 3),
             ("411.652.000", 4, 4), ("81,33 %", 5, 5)],
        ]
    )
    assert header_extent(t.rows) == 2
    model = read_header(t, 2022)
    assert model is not None
    # '221' is 2021 with a digit lost: the prior year's realisasi, not a second undated one
    assert [(c.role, c.year) for c in model.columns][3:5] == [(Role.OTHER_YEAR, 2021), (Role.REALISASI, 2022)]


def test_a_row_of_years_all_damaged_by_ocr_still_dates_the_columns_under_their_parent() -> None:
    # scan 11139: 'Realisasi Anggaran' over '2021 | 2022' read '21 | 222'
    t = _grid(
        [
            [("No", 0, 0), ("Program/Kegiatan", 1, 1), ("Pagu Anggaran (Rp)", 2, 2), ("Realisasi Anggaran", 3, 4),
             ("Capaian (%)", 5, 5)],
            [("21", 3, 3), ("222", 4, 4)],
            [("1", 0, 0), ("Program A", 1, 1), ("19.063.144.000", 2, 2), ("14.698.031.700", 3, 3),
             ("18.284.409.734", 4, 4), ("95,92", 5, 5)],
        ]
    )
    assert header_extent(t.rows) == 2
    model = read_header(t, 2022)
    assert model is not None
    assert [(c.role, c.year) for c in model.columns][3:5] == [(Role.OTHER_YEAR, 2021), (Role.REAL_RP, 2022)]
    # one damaged number alone is no row of years: it may be anything; nor are two equal counts
    t = _grid([[("No", 0, 0), ("Uraian", 1, 1), ("Pagu", 2, 2), ("Realisasi", 3, 3)], [("222", 3, 3)]])
    assert header_extent(t.rows) == 1
    t = _grid([[("No", 0, 0), ("Uraian", 1, 1), ("Target", 2, 2), ("Realisasi", 3, 3)], [("12", 2, 2), ("12", 3, 3)]])
    assert header_extent(t.rows) == 1


def test_years_a_digit_off_beside_column_names_are_a_header_row_not_figures() -> None:
    # docx scan 12802: 'Realisasi' over '2022 | 2023' beside 'Program' and 'Capaian', read
    # 'P Program | 2922 | 2823 | Capai'
    t = _grid(
        [
            [("No", 0, 0), ("Sasaran", 1, 1), ("Target", 2, 2), ("Realisasi", 3, 4), ("%", 5, 5)],
            [("", 0, 0), ("P Program", 1, 1), ("2922", 3, 3), ("2823", 4, 4), ("Capai", 5, 5)],
            [("1", 0, 0), ("Terlaksananya Pembentukan", 1, 1), ("90,00", 2, 2), ("72,20", 3, 3), ("89,00", 4, 4),
             ("98,89", 5, 5)],
        ]
    )
    assert header_extent(t.rows) == 2
    model = read_header(t, 2023)
    assert model is not None
    assert [(c.role, c.year) for c in model.columns][3:5] == [(Role.OTHER_YEAR, 2022), (Role.REALISASI, 2023)]
    # a row of data never names two columns: its four-digit figures stay figures
    t = _grid(
        [
            [("No", 0, 0), ("Uraian", 1, 1), ("Target", 2, 2), ("Realisasi", 3, 3)],
            [("1", 0, 0), ("Jumlah pemilih", 1, 1), ("2922", 2, 2), ("2823", 3, 3)],
        ]
    )
    assert header_extent(t.rows) == 1


def test_a_percent_header_cell_read_96_is_the_share_column_not_a_figure_ending_the_header() -> None:
    # docx scan 12708: 'Realisasi Anggaran TA 2022' over 'Pagu | Realisasi | %', the '%' read '96'
    t = _grid(
        [
            [("Kode", 0, 0), ("Program/Kegiatan/Output", 1, 1), ("Realisasi Anggaran TA 2022", 2, 4)],
            [("", 0, 0), ("", 1, 1), ("Pagu", 2, 2), ("Realisasi", 3, 3), ("96", 4, 4)],
            [("WA.3360", 0, 0), ("Operasional Perkantoran", 1, 1), ("40.275.000,00", 2, 2),
             ("36.436.000,00", 3, 3), ("90,47%", 4, 4)],
        ]
    )
    assert header_extent(t.rows) == 2
    model = read_header(t, 2022)
    assert model is not None and [c.role for c in model.columns][2:] == [Role.PAGU, Role.REAL_RP, Role.PERSEN]


def test_an_undated_column_keeps_its_role_against_a_dated_one_under_another_parent() -> None:
    # 'Realisasi Anggaran' over '2023 | 2024' split by the gutter: 'Anggaran' over 2024 is no
    # sibling of 'Pagu', which stays the pagu; 'Realisasi' over '221 | 2022' are siblings
    from extractor.header_years import HeaderColumn, settle_years

    def col(c: int, path: tuple[str, ...], role: Role, year: int | None) -> HeaderColumn:
        return HeaderColumn(c, path, role, role, year, False)

    split = [col(0, ("Pagu",), Role.PAGU, None), col(1, ("Anggaran", "2024"), Role.PAGU, 2024)]
    assert [c.role for c in settle_years(split, 2024)] == [Role.PAGU, Role.OTHER]
    damaged = [col(0, ("Realisasi", "221"), Role.REALISASI, None), col(1, ("Realisasi", "2022"), Role.REALISASI, 2022)]
    assert [c.role for c in settle_years(damaged, 2022)] == [Role.OTHER, Role.REALISASI]


def test_a_header_word_ocr_broke_into_pieces_is_read_with_its_letters_joined() -> None:
    assert header_role("T arge ' 2025") == Role.TARGET
    assert header_role("In dika tor Kine rja") == Role.INDICATOR
    assert header_role("Sumber Rete __.") is None


def test_role_words_name_a_column_only_at_a_word_start_also_through_ocr_damage() -> None:
    # 'Penganggaran' holds 'anggaran' and is as near to it as a garbled reading is: a label's
    # word, not a pagu column; OCR damages letters ('Kealisasi', 'Targel'), it adds no syllable
    assert header_role("Penganggaran") is None
    assert header_role("Perencanaan dan Penganggaran") is None
    assert header_role("Kealisasi") == Role.REALISASI and header_role("Targel") == Role.TARGET
    # nor do the budget and plan words qualify a column from inside a longer word
    assert path_role(("Perencanaan dan Penganggaran", "Realisasi"))[0] == Role.REALISASI
    assert path_role(("Target Tahun Terakhir",)) == (Role.TARGET, None, False)


def test_a_short_role_word_names_a_column_only_as_a_whole_word() -> None:
    assert header_role("Ket.") == Role.KET and header_role("ketentuan") is None
    assert header_role("Akun") == Role.KODE and header_role("Akuntabilitas") is None
    assert header_role("Target PK") == Role.TARGET and header_role("Sasaran (IKU)") == Role.SASARAN
    # OCR glued it to the next column word: still the word
    assert header_role("PaguAnggaran") == Role.PAGU and header_role("Paguyuban") is None


def test_a_row_of_years_with_ocr_debris_around_one_is_still_header() -> None:
    # 'Realisasi (Rp)' over '2024 | 2025', the second read '2025 __' off a rule below it
    t = _grid(
        [
            [("Uraian", 0, 0), ("Pagu (Rp)", 1, 1), ("Realisasi (Rp)", 2, 3), ("Capaian", 4, 4)],
            [("", 0, 0), ("", 1, 1), ("2024", 2, 2), ("2025 __", 3, 3), ("", 4, 4)],
            [("Program A", 0, 0), ("45.042.943.000", 1, 1), ("30.102.595.400", 2, 2), ("42.515.999.794", 3, 3), ("94,39 %", 4, 4)],
        ]
    )
    assert header_extent(t.rows) == 2
    model = read_header(t, 2025)
    assert model is not None and [c.year for c in model.columns][2:4] == [2024, 2025]


def test_a_revised_budget_or_agreement_is_the_one_read_and_the_initial_one_is_not() -> None:
    # 'Pagu Awal | Pagu Revisi': realisasi and its % are reckoned against the revised pagu
    budget = [
        ["Kode", "Program", "Pagu Awal (Rp)", "Pagu Revisi (Rp)", "Realisasi (Rp)", "%"],
        ["WA", "Program Dukungan Manajemen", "2.000.000.000", "2.350.000.000", "2.300.000.000", "97,87"],
    ]
    model = read_header(text_table(budget), 2024)
    assert model is not None and [c.role for c in model.columns][2:4] == [Role.OTHER, Role.PAGU]
    # the same stages in other words, the revised one printed first, and under a parent
    for initial, revised in (
        ("Anggaran Murni", "Anggaran Perubahan"),
        ("Pagu Semula", "Pagu Menjadi"),
        ("Anggaran Sebelum Perubahan", "Anggaran Setelah Perubahan"),
        ("Pagu", "Pagu Akhir"),
    ):
        for first, second in ((initial, revised), (revised, initial)):
            rows = [["Kode", "Program", first, second, "Realisasi (Rp)", "%"], budget[1]]
            model = read_header(text_table(rows), 2024)
            assert model is not None
            roles = [c.role for c in model.columns]
            assert roles.count(Role.PAGU) == 1 and model.columns[roles.index(Role.PAGU)].path[-1] == revised
    parent = _grid(
        [
            [("Kode", 0, 0), ("Program", 1, 1), ("Anggaran", 2, 3), ("Realisasi (Rp)", 4, 4)],
            [("Pagu Awal", 2, 2), ("Pagu Setelah Revisi", 3, 3)],
            [("WA", 0, 0), ("Program Dukungan", 1, 1), ("2.000.000.000", 2, 2), ("2.350.000.000", 3, 3),
             ("2.300.000.000", 4, 4)],
        ]
    )
    model = read_header(parent, 2024)
    assert model is not None and [c.role for c in model.columns][2:4] == [Role.OTHER, Role.PAGU]
    perf = [
        ["No", "Indikator Kinerja", "Target PK Awal", "Target PK Perubahan", "Realisasi", "Capaian"],
        ["1", "Nilai SAKIP", "70", "75", "72,5", "96,67"],
    ]
    model = read_header(text_table(perf), 2024)
    assert model is not None and [c.role for c in model.columns][2:4] == [Role.OTHER, Role.TARGET]
    # with no stage named, the first of two columns of a kind is read, as before
    plain = [["No", "Indikator Kinerja", "Target", "Target", "Realisasi", "Capaian"], perf[1]]
    assert [c.role for c in read_header(text_table(plain), 2024).columns][2:4] == [Role.TARGET, Role.OTHER]  # type: ignore[union-attr]


def test_the_planned_level_of_the_lan_and_permenpan_forms_is_a_target() -> None:
    assert header_role("Rencana Tingkat Capaian (Target)") == Role.TARGET
    assert header_role("Rencana Tingkat Capaian") == Role.TARGET
    assert header_role("Persentase Pencapaian Rencana Tingkat Capaian") == Role.PERSEN
    assert header_role("Tingkat Capaian") == Role.CAPAIAN
    rows = [
        ["No", "Indikator Kinerja", "Rencana Tingkat Capaian (Target)", "Realisasi",
         "Persentase Pencapaian Rencana Tingkat Capaian", "Ket"],
        ["1", "Persentase partisipasi pemilih", "80%", "82%", "102,50%", "-"],
        ["2", "Nilai SAKIP", "75", "72,5", "96,67%", "-"],
    ]
    roles = detect_roles(text_table(rows), 2024)
    assert roles is not None and roles.kind == "performance"
    assert list(roles.roles[2:5]) == [Role.TARGET, Role.REALISASI, Role.CAPAIAN]


def test_absorption_ceiling_balance_and_success_measure_words_name_their_columns() -> None:
    assert header_role("Serapan Anggaran (Rp)") == Role.REAL_RP  # was pagu, after 'anggaran'
    assert header_role("Serapan (Rp)") == Role.REAL_RP
    assert header_role("Daya Serap (%)") == Role.PERSEN
    assert header_role("Serapan (%)") == Role.PERSEN
    assert header_role("Plafon") == Role.PAGU
    assert header_role("Saldo") == Role.SISA and header_role("Efisiensi (Rp)") == Role.SISA
    assert header_role("Ukuran Keberhasilan") == Role.INDICATOR
    assert header_role("Penyerapan Anggaran (%)") == Role.PERSEN


def test_a_year_row_with_a_year_ocr_clipped_to_two_digits_belongs_to_the_header() -> None:
    # 'Realisasi' over '2023 | 2024', the rule under 'Realisasi' cutting '2024' down to '24'
    def head(second: str) -> list[list[Cell]]:
        return [
            [_cell("", 0, c, 0) for c in range(4)] + [_cell("Realisasi", 0, 4, 0, span=(4, 5)), _cell("", 0, 5, 0),
                                                      _cell("", 0, 6, 0)],
            [_cell("No", 1, 0, 10), _cell("Indikator Kinerja", 1, 1, 10), _cell("Satuan", 1, 2, 10),
             _cell("Target", 1, 3, 10), _cell("", 1, 4, 10), _cell("", 1, 5, 10), _cell("Capaian", 1, 6, 10)],
            [_cell("", 2, c, 20) for c in range(4)] + [_cell("2023", 2, 4, 20), _cell(second, 2, 5, 20),
                                                       _cell("", 2, 6, 20)],
        ]

    assert header_extent(_table(head("24") + _body(3, 30), Method.PDF_STREAM).rows) == 3
    # a figure far from the row's year is a value, not a clipped year
    assert header_extent(_table(head("75") + _body(3, 30), Method.PDF_STREAM).rows) == 2


def test_a_row_of_a_superscript_is_no_row_of_years() -> None:
    table = _table([[_cell("²", 0, 4, 0)], *_body(1, 12)], Method.PDF_STREAM)
    assert header_extent(table.rows) == 0


def test_a_bracketed_unit_beside_a_year_closes_the_header_and_dates_its_column() -> None:
    # dev scan 12931: 'Capaian (%)' and 'Target Tahun 2026' wrap to a last line read '(Ya) | 2026'
    t = _grid(
        [
            [("No", 0, 0), ("Indikator Kinerja", 1, 1), ("Target 2025", 2, 2), ("Realisasi", 3, 3), ("Capaian", 4, 4),
             ("Target Tahun", 5, 5)],
            [("(Ya)", 4, 4), ("2026", 5, 5)],
            [("1", 0, 0), ("Jumlah Dokumen", 1, 1), ("5 Dokumen", 2, 2), ("6 Dokumen", 3, 3), ("120,00%", 4, 4),
             ("5 Dokumen", 5, 5)],
        ]
    )
    assert header_extent(t.rows) == 2
    model = read_header(t, 2025)
    assert model is not None
    assert [(c.role, c.value_role, c.year) for c in model.columns][4:] == [
        (Role.CAPAIAN, Role.CAPAIAN, None),
        (Role.OTHER_YEAR, Role.TARGET, 2026),
    ]


def test_a_renstra_target_dated_before_the_report_year_is_the_plan_periods_last_year() -> None:
    # dev scan 12908: 'Target 2029 (Renstra)' read 'Target 2023 (Renstra)' in a 2025 report
    def renstra(header: str, year: int) -> tuple[Role | None, int | None]:
        t = _grid(
            [
                [("Indikator", 0, 0), (header, 1, 1), ("Target", 2, 2), ("Realisasi", 3, 3)],
                [("Jumlah Dokumen", 0, 0), ("10", 1, 1), ("5", 2, 2), ("5", 3, 3)],
            ]
        )
        model = read_header(t, year)
        assert model is not None
        return model.columns[1].role, model.columns[1].year

    assert renstra("Target 2023 (Renstra)", 2025) == (Role.OTHER_YEAR, 2029)
    assert renstra("Target Renstra 2029", 2025) == (Role.OTHER_YEAR, 2029)
    assert renstra("Target Akhir Renstra 2024", 2021) == (Role.OTHER_YEAR, 2024)
    # more than a digit from the period's end: no telling which year it was, left as read (an
    # undated plan column could pass for the report year's target)
    assert renstra("Target Renstra 2018", 2025) == (Role.OTHER_YEAR, 2018)


def test_a_year_wrapped_past_a_parents_line_keeps_its_column_out_of_the_parent() -> None:
    # dev scan 12915: 'Realisasi 2022' wraps over two lines, 'Capaian Kinerja 2023' centred over
    # Target | Realisasi | Capaian printed level with the gap between them
    def row(r: int, top: float, texts: dict[int, str]) -> list[Cell]:
        return [_cell(texts.get(c, ""), r, c, top, fit=c != 1) for c in range(7)]

    head = [
        row(0, 0, {0: "No", 1: "Indikator", 2: "Realisasi", 6: "Ket."}),
        row(1, 12, {4: "Capaian Kinerja 2023"}),
        row(2, 24, {2: "2022", 3: "Target", 4: "Realisasi", 5: "Capaian"}),
    ]
    body = [row(3 + i, 40 + 12 * i, dict(enumerate(texts))) for i, texts in enumerate(BODY)]
    t = _table(head + body, Method.OCR_STREAM)
    paths = build_paths(t, 3)
    assert paths[2] == ("Realisasi 2022",)
    assert paths[3:6] == [("Capaian Kinerja 2023", "Target"), ("Capaian Kinerja 2023", "Realisasi"), ("Capaian Kinerja 2023", "Capaian")]
    model = read_header(t, 2023)
    assert model is not None
    assert [(c.role, c.value_role, c.year) for c in model.columns][2:5] == [
        (Role.OTHER_YEAR, Role.REALISASI, 2022),
        (Role.TARGET, Role.TARGET, 2023),
        (Role.REALISASI, Role.REALISASI, 2023),
    ]


def _boxed(text: str, r: int, c: int, x0: float, top: float) -> Cell:
    """A borderless header cell set in 5-point-wide monospaced letters from ``x0``."""
    return Cell(text, r, c, 1, None, BBox(x0, top, x0 + 5.0 * len(text), top + 7))


def test_two_column_words_one_space_apart_centred_over_two_years_are_one_parent() -> None:
    # scan 13131: 'Realisasi Anggaran' over '2024 | 2025', the gutter between the years cutting
    # the phrase at its space; each word names a column, the phrase heads both
    head = [
        [_boxed("Realisasi", 0, 4, 380.0, 179.0), _boxed("Anggaran", 0, 5, 430.0, 179.0),
         _boxed("Capaian", 0, 6, 492.0, 180.0)],
        [_boxed("No", 1, 0, 116.0, 185.0), _boxed("Uraian", 1, 2, 227.0, 185.0), _boxed("Anggaran", 1, 3, 302.0, 185.0)],
        [_boxed("2024", 2, 4, 380.0, 190.0), _boxed("2025", 2, 5, 450.0, 190.0), _boxed("(%)", 2, 6, 502.0, 189.0)],
    ]
    def full(row: list[Cell], r: int) -> tuple[Cell, ...]:
        by_col = {c.col: c for c in row}
        return tuple(by_col.get(k, Cell("", r, k, 1, None, None)) for k in range(7))

    body = [[_boxed("1", 3, 0, 118.0, 210.0), _boxed("Pemutakhiran", 3, 2, 200.0, 210.0),
             _boxed("559.640.000", 3, 3, 300.0, 210.0), _boxed("428.960.200", 3, 4, 375.0, 210.0),
             _boxed("516.103.027", 3, 5, 440.0, 210.0), _boxed("92,22", 3, 6, 500.0, 210.0)]]
    table = Table(0, Method.OCR_STREAM, tuple(TableRow(i, full(r, i)) for i, r in enumerate([*head, *body])), (5,))
    paths = build_paths(table, 3)
    assert paths[4:6] == [("Realisasi Anggaran", "2024"), ("Realisasi Anggaran", "2025")]
    # the same words over a label and a year are two headers: 'Realisasi' | 'Anggaran 2025'
    head[2][0] = _boxed("(Rp)", 2, 4, 380.0, 190.0)
    table = Table(0, Method.OCR_STREAM, tuple(TableRow(i, full(r, i)) for i, r in enumerate([*head, *body])), (5,))
    assert build_paths(table, 3)[4:6] == [("Realisasi (Rp)",), ("Anggaran 2025",)]
