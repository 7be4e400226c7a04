"""Stitching: continuations across pages, repeated and stranded headers."""

from __future__ import annotations

from dataclasses import replace

from extractor.header import Role
from extractor.models import BBox, Cell, Method, Table, TableRow
from extractor.rows import semantic_rows
from extractor.stitch import assign_roles, join_stranded_headers, realign
from tests.table_builders import text_table as _table


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


def _placed_row(xs: list[tuple[int, int]], r: int, texts: list[str], cols: list[int], page: int) -> TableRow:
    """Row ``r`` of a stream table: each text in the column span ``xs[col]`` its ``cols`` entry names."""
    return TableRow(
        r,
        tuple(
            Cell(t, r, i, page, None, BBox(xs[c][0], 10 * r, xs[c][1], 10 * r + 8))
            for i, (t, c) in enumerate(zip(texts, cols, strict=True))
        ),
    )


def test_a_continuation_missing_an_empty_column_is_laid_onto_the_table_it_continues() -> None:
    xs = [(80, 200), (210, 260), (270, 320), (330, 380)]  # name | pagu | realisasi | keterangan

    def row(r: int, texts: list[str], cols: list[int], page: int) -> TableRow:
        return _placed_row(xs, r, texts, cols, page)

    first = Table(
        0,
        Method.PDF_STREAM,
        (
            row(0, ["Uraian", "Pagu", "Realisasi", "Ket."], [0, 1, 2, 3], 1),
            row(1, ["Program A", "1.000.000", "900.000", "Blokir"], [0, 1, 2, 3], 1),
        ),
        (1,),
    )
    tail = Table(1, Method.PDF_STREAM, (row(0, ["Program B", "2.000.000", "1.500.000"], [0, 1, 2], 2),), (2,))
    laid = realign(tail, first)
    assert laid is not None and laid.n_cols == 4
    assert [c.text for c in laid.rows[0].cells] == ["Program B", "2.000.000", "1.500.000", ""]
    (rt,) = assign_roles([first, tail], 2024)
    assert [r.cells[Role.NAME].text for r in semantic_rows(rt, 2024)] == ["Program A", "Program B"]


def test_a_ruled_continuation_with_a_merged_total_cell_is_laid_onto_the_table_it_continues() -> None:
    """Held-out 13077: the next page of a ruled budget table holds the last row and 'JUMLAH',
    merged across No | Kode | Uraian, and leaves the empty Keterangan out: its grid cells still
    line up with the first page's, the merged one read by its narrowest neighbours."""
    xs = [(85, 103), (103, 130), (130, 309), (309, 399), (399, 489), (489, 579)]  # no | kode | uraian | pagu | realisasi | ket

    def row(r: int, texts: list[str], page: int, spans: dict[int, tuple[int, int]] | None = None) -> TableRow:
        boxes = {**{c: xs[c] for c in range(len(texts))}, **(spans or {})}
        return TableRow(r, tuple(Cell(t, r, c, page, None, BBox(boxes[c][0], 10 * r, boxes[c][1], 10 * r + 8)) for c, t in enumerate(texts)))

    first = Table(
        0,
        Method.PDF_RULED,
        (
            row(0, ["No", "Kode", "Program/Kegiatan", "Pagu", "Realisasi", "Keterangan"], 1),
            row(1, ["1", "WA", "Program Dukungan Manajemen", "8.371.728.000", "7.789.718.000", ""], 1),
        ),
        (1,),
    )
    tail = Table(
        1,
        Method.PDF_RULED,
        (
            row(0, ["17", "6709", "Perencanaan Program", "1.152.814.000", "1.086.960.000"], 2),
            row(1, ["JUMLAH", "", "", "9.524.542.000", "8.876.678.000"], 2, {0: (85, 309)}),
        ),
        (2,),
    )
    laid = realign(tail, first)
    assert laid is not None and [c.text for c in laid.rows[1].cells] == ["JUMLAH", "", "", "9.524.542.000", "8.876.678.000", ""]
    (rt,) = assign_roles([first, tail], 2024)
    assert len(rt.body) == 3  # both rows of the next page stitched on


def test_a_continuation_under_a_carried_merged_sasaran_is_laid_on_without_no_and_sasaran() -> None:
    """Held-out 13056: the next page's rows all stand under one merged Sasaran whose text the
    page break carried above them, and no row of it is numbered: No and Sasaran are empty there,
    two columns short, and the rest line up with the first page's."""
    xs = [(80, 92), (96, 190), (195, 290), (300, 330), (350, 380), (400, 440), (455, 500)]

    def row(r: int, texts: list[str], cols: list[int], page: int) -> TableRow:
        return _placed_row(xs, r, texts, cols, page)

    first = Table(
        0,
        Method.PDF_STREAM,
        (
            row(0, ["No", "Sasaran", "Indikator", "Target", "Realisasi", "Capaian", "Ket"], list(range(7)), 1),
            row(1, ["15", "Terwujudnya SDM", "Opini BPK", "WTP", "WDP", "75%", "-"], list(range(7)), 1),
        ),
        (1,),
    )
    tail = Table(1, Method.PDF_STREAM, (row(0, ["Nilai Akuntabilitas", "A", "BB", "80%", "Tidak"], [2, 3, 4, 5, 6], 2),), (2,))
    laid = realign(tail, first)
    assert laid is not None and [c.text for c in laid.rows[0].cells] == ["", "", "Nilai Akuntabilitas", "A", "BB", "80%", "Tidak"]


def test_a_continuation_splitting_a_column_the_first_page_joined_is_laid_on_with_them_joined() -> None:
    """Dev scan 12915: the first page's reading joined the narrow No column to the sasaran beside
    it; the next page's kept them apart, one column more, and its rows were lost."""
    xs = [(80, 92), (96, 200), (210, 300), (310, 350), (360, 400)]  # no | sasaran | indikator | target | realisasi

    def row(r: int, texts: list[str], cols: list[int], page: int) -> TableRow:
        return _placed_row(xs, r, texts, cols, page)

    joined = [(80, 200), *xs[2:]]
    first = Table(
        0,
        Method.OCR_STREAM,
        (
            _placed_row(joined, 0, ["No Sasaran", "Indikator", "Target", "Realisasi"], [0, 1, 2, 3], 1),
            _placed_row(joined, 1, ["Terwujudnya X 1", "Persentase A", "90%", "85%"], [0, 1, 2, 3], 1),
        ),
        (1,),
    )
    tail = Table(1, Method.OCR_STREAM, (row(0, ["5", "Tersedianya Y", "Persentase B", "100%", "80%"], [0, 1, 2, 3, 4], 2),), (2,))
    laid = realign(tail, first)
    assert laid is not None and [c.text for c in laid.rows[0].cells] == ["5 Tersedianya Y", "Persentase B", "100%", "80%"]


def test_a_continuation_with_a_column_of_margin_specks_is_laid_onto_the_table_it_continues() -> None:
    """A scan's speck in the page margin, read as '“' beside a continuation's rows, made a
    column of its own that lines up with none of the first page's: the continuation was lost."""
    xs = [(10, 20), (80, 200), (210, 260), (270, 320)]  # speck | name | pagu | realisasi

    def row(r: int, texts: list[str], cols: list[int], page: int) -> TableRow:
        return TableRow(
            r,
            tuple(
                Cell(t, r, i, page, None, BBox(xs[c][0], 10 * r, xs[c][1], 10 * r + 8) if t else None)
                for i, (t, c) in enumerate(zip(texts, cols, strict=True))
            ),
        )

    first = Table(
        0,
        Method.PDF_STREAM,
        (
            row(0, ["Uraian", "Pagu", "Realisasi"], [1, 2, 3], 1),
            row(1, ["Program A", "1.000.000", "900.000"], [1, 2, 3], 1),
        ),
        (1,),
    )
    tail = Table(
        1,
        Method.PDF_STREAM,
        (
            row(0, ["“", "Program B", "2.000.000", "1.500.000"], [0, 1, 2, 3], 2),
            row(1, ["", "Program C", "3.000.000", "2.500.000"], [0, 1, 2, 3], 2),
        ),
        (2,),
    )
    laid = realign(tail, first)
    assert laid is not None and laid.n_cols == 3
    assert [c.text for c in laid.rows[0].cells] == ["Program B", "2.000.000", "1.500.000"]
    words = replace(tail, rows=(row(0, ["Bab", "Program B", "2.000.000", "1.500.000"], [0, 1, 2, 3], 2),))
    assert realign(words, first) is None  # a column with text is no speck
    # as many columns as the first page's (its last one, Keterangan, empty here): laid on all the same
    xs.append((330, 380))
    kept = Table(
        0,
        Method.PDF_STREAM,
        (
            row(0, ["Uraian", "Pagu", "Realisasi", "Ket."], [1, 2, 3, 4], 1),
            row(1, ["Program A", "1.000.000", "900.000", "Blokir"], [1, 2, 3, 4], 1),
        ),
        (1,),
    )
    (rt,) = assign_roles([kept, tail], 2024)
    assert [r.cells[Role.NAME].text for r in semantic_rows(rt, 2024)] == ["Program A", "Program B", "Program C"]
    assert [r.cells[Role.PAGU].text for r in semantic_rows(rt, 2024)] == ["1.000.000", "2.000.000", "3.000.000"]


# x-ranges of a borderless capaian table: No | Indikator | Target | Realisasi | Capaian | Sumber
XS = [(80, 95), (100, 230), (240, 290), (300, 350), (360, 410), (420, 500)]


def _row(
    r: int, page: int, top: float, cells: dict[int, str], span: dict[int, int] | None = None
) -> TableRow:
    """A stream row on ``page``: text in the given columns, a parent's box stretched over ``span``."""
    out = []
    for c in range(len(XS)):
        text = cells.get(c, "")
        last = (span or {}).get(c, c)
        box = BBox(XS[c][0], top, XS[last][1], top + 9) if text else None
        out.append(Cell(text, r, c, page, None, box))
    return TableRow(r, tuple(out))


def test_a_header_row_stranded_at_the_foot_of_a_page_heads_the_table_on_the_next() -> None:
    # Word broke the table after its first header row: "No | Indikator | Tahun 2024 | Sumber"
    # ends page 1, "Target | Realisasi | Capaian" and the body start page 2.
    stub = Table(
        0,
        Method.PDF_STREAM,
        (_row(0, 1, 760, {0: "No", 1: "Indikator Kinerja", 3: "Tahun 2024", 5: "Sumber Data"}, {3: 3}),),
        (1,),
        caption="Tabel 3.2 Capaian Kinerja Tahun 2024",
    )
    body = Table(
        1,
        Method.PDF_STREAM,
        (
            _row(0, 2, 70, {2: "Target", 3: "Realisasi", 4: "Capaian"}),
            _row(
                1,
                2,
                84,
                {0: "1", 1: "Persentase partisipasi pemilih", 2: "80", 3: "82", 4: "102,5", 5: "KPU"},
            ),
            _row(
                2, 2, 98, {0: "2", 1: "Indeks kepuasan layanan", 2: "3,5", 3: "3,2", 4: "91,43", 5: "Survei"}
            ),
        ),
        (2,),
    )
    (joined,) = join_stranded_headers([stub, body])
    assert joined.pages == (1, 2) and joined.caption == "Tabel 3.2 Capaian Kinerja Tahun 2024"
    (rt,) = assign_roles([stub, body], 2024)
    assert (rt.roles.col(Role.INDICATOR), rt.roles.col(Role.TARGET), rt.roles.col(Role.CAPAIAN)) == (1, 2, 4)
    rows = semantic_rows(rt, 2024)
    assert [r.cells[Role.REALISASI].text for r in rows] == ["82", "3,2"]


def test_a_stranded_header_repeated_in_full_on_the_next_page_is_dropped() -> None:
    stub = Table(
        0, Method.PDF_STREAM, (_row(0, 1, 760, {1: "Indikator Kinerja", 2: "Target", 3: "Realisasi"}),), (1,)
    )
    body = Table(
        1,
        Method.PDF_STREAM,
        (
            _row(0, 2, 70, {1: "Indikator Kinerja", 2: "Target", 3: "Realisasi"}),
            _row(1, 2, 84, {1: "Persentase partisipasi pemilih", 2: "80", 3: "82"}),
        ),
        (2,),
    )
    assert join_stranded_headers([stub, body]) == [body]


def test_a_paragraph_cut_into_columns_is_no_stranded_header() -> None:
    # Prose split at wide word gaps reads as header-like rows; its finder saw no header in it.
    from dataclasses import replace

    prose = Table(
        0,
        Method.PDF_STREAM,
        (_row(0, 1, 700, {1: "Realisasi Anggaran", 2: "Target", 3: "Realisasi"}),),
        (1,),
        header_rows=0,
    )
    body = Table(
        1, Method.PDF_STREAM, (_row(0, 2, 70, {1: "Persentase partisipasi pemilih", 2: "80", 3: "82"}),), (2,)
    )
    assert join_stranded_headers([prose, body]) == [prose, body]
    assert join_stranded_headers([replace(prose, header_rows=1), body])[0].pages == (1, 2)


def test_a_continuation_after_a_page_whose_table_could_not_be_read_is_still_stitched() -> None:
    from dataclasses import replace

    head = replace(
        _table([["No", "Indikator Kinerja", "Target", "Realisasi"], ["1.", "Persentase A", "90%", "85%"]]),
        pages=(1,),
    )
    # a page OCR'd sideways: nine columns of debris that line up with nothing
    garbage = replace(
        _table([["25302 APL", "3558 IFO", ": 2", "$ 2 2", "2", "8"], [": 2", "s g 3", "2 8", ".", "", ""]]),
        pages=(2,),
    )
    tail = replace(_table([["2.", "Persentase B", "80%", "80%"]]), pages=(3,))
    (rt,) = assign_roles([head, garbage, tail], 2024)
    assert [r.cells[Role.INDICATOR].text for r in semantic_rows(rt, 2024)] == ["Persentase A", "Persentase B"]
    narrative_gap = replace(tail, pages=(4,))  # page 3 held no table at all: a new, headerless table
    (alone,) = assign_roles([head, garbage, narrative_gap], 2024)
    assert [r.cells[Role.INDICATOR].text for r in semantic_rows(alone, 2024)] == ["Persentase A"]


def test_a_continuation_whose_first_label_line_looks_like_a_one_word_header_is_stitched() -> None:
    from dataclasses import replace

    head = replace(
        _table(
            [["No", "Program", "Pagu", "Realisasi", "%"], ["1", "Program A", "1.000.000", "900.000", "90"]]
        ),
        pages=(1,),
    )
    # page 2 starts inside a row: 'Realisasi anggaran' is a label line, read as a header naming one column
    tail = replace(
        _table([["", "Realisasi anggaran", "", "", ""], ["2", "Program B", "2.000.000", "1.800.000", "90"]]),
        pages=(2,),
        header_rows=1,  # as a borderless finder saw it: one header-dense line on top
    )
    (rt,) = assign_roles([head, tail], 2024)
    assert [r.cells[Role.NAME].text for r in semantic_rows(rt, 2024)][-1].endswith("Program B")


def test_a_year_misread_on_one_page_of_a_repeated_header_is_outvoted() -> None:
    from dataclasses import replace

    def page(n: int, renstra: str, label: str) -> Table:
        rows = [
            ["Indikator Kinerja", "Target", "Realisasi", f"Target Renstra {renstra}"],
            [label, "90%", "85%", "95%"],
        ]
        return replace(_table(rows, caption="Tabel 3.1 Capaian Kinerja" if n == 1 else None), pages=(n,))

    (rt,) = assign_roles([page(1, "2028", "A"), page(2, "2029", "B"), page(3, "2029", "C")], 2024)
    assert [o.year for o in rt.roles.other_years] == [2029]
    assert sorted(r.year for r in semantic_rows(rt, 2024)) == [2024] * 3 + [2029] * 3


def test_two_pages_reading_two_years_take_the_one_the_documents_other_headers_print() -> None:
    from dataclasses import replace

    def page(n: int, year: str, label: str, caption: str | None = None, satuan: bool = True) -> Table:
        head = ["Indikator Kinerja", *(["Satuan"] if satuan else []), "Target", "Realisasi", f"Target Tahun {year}"]
        body = [label, *(["%"] if satuan else []), "90", "85", "95"]
        return replace(_table([head, body], caption=caption), pages=(n,))

    # page 1 has a column fewer and does not stitch; pages 2 and 3 read '2028' and '2025'
    first = page(1, "2025", "A", caption="Tabel 3.1 Capaian Kinerja", satuan=False)
    other = page(5, "2025", "D", caption="Tabel 3.2 Capaian Kinerja Lain", satuan=False)
    tables = assign_roles([first, page(2, "2028", "B", caption="Tabel 3.3 Capaian"), page(3, "2025", "C"), other], 2024)
    assert [[o.year for o in rt.roles.other_years] for rt in tables] == [[2025], [2025], [2025]]
    # no other table prints either: the first page's reading, as before
    (alone,) = assign_roles([page(2, "2028", "B", caption="Tabel 3.3 Capaian"), page(3, "2025", "C")], 2024)
    assert [o.year for o in alone.roles.other_years] == [2028]


def test_a_repeated_header_with_one_unnamed_column_more_or_less_still_continues_the_table() -> None:
    from dataclasses import replace

    first = replace(
        _table(
            [
                ["Indikator Kinerja", "Target", "Realisasi", "Capaian", "Ket.", ""],
                ["A", "90%", "85%", "94,44", "-", ""],
            ],
            caption="Tabel 3.3 Capaian Kinerja",
        ),
        pages=(1,),
    )
    # page 2: the empty last column found no gutter; its header names the same columns in order
    second = replace(
        _table(
            [
                ["Indikator Kinerja", "Target", "Realisasi", "Capaian", "Ket."],
                ["B", "80%", "88%", "110", "ok"],
            ]
        ),
        pages=(2,),
    )
    (rt,) = assign_roles([first, second], 2024)
    rows = semantic_rows(rt, 2024)
    assert [(r.cells[Role.INDICATOR].text, r.cells[Role.REALISASI].text) for r in rows] == [
        ("A", "85%"),
        ("B", "88%"),
    ]


def test_a_band_row_spanning_columns_does_not_blur_the_columns_a_continuation_is_laid_on() -> None:
    # page 1: a 'Sasaran ...' band row's cell stretches over Indikator and Target; page 2 lost the
    # empty Keterangan column: its four columns still go where they sit, by the narrow boxes.
    xs = [
        (80, 100),
        (110, 260),
        (270, 320),
        (330, 380),
        (390, 440),
    ]  # No | Indikator | Target | Realisasi | Ket

    def cell(text: str, r: int, c: int, page: int, span: int = 0) -> Cell:
        return Cell(text, r, c, page, None, BBox(xs[c][0], 12 * r, xs[c + span][1], 12 * r + 9))

    first = Table(
        0,
        Method.PDF_STREAM,
        (
            TableRow(
                0,
                (
                    cell("No", 0, 0, 1),
                    cell("Indikator Kinerja", 0, 1, 1),
                    cell("Target", 0, 2, 1),
                    cell("Realisasi", 0, 3, 1),
                    cell("Ket.", 0, 4, 1),
                ),
            ),
            TableRow(
                1,
                (
                    Cell("", 1, 0, 1, None, None),
                    cell("Sasaran Strategis 1: Meningkatnya partisipasi", 1, 1, 1, span=2),
                    Cell("", 1, 2, 1, None, None),
                    Cell("", 1, 3, 1, None, None),
                    Cell("", 1, 4, 1, None, None),
                ),
            ),
            TableRow(
                2,
                (
                    cell("1", 2, 0, 1),
                    cell("Persentase A", 2, 1, 1),
                    cell("90", 2, 2, 1),
                    cell("85", 2, 3, 1),
                    cell("-", 2, 4, 1),
                ),
            ),
        ),
        (1,),
    )
    tail = Table(
        1,
        Method.PDF_STREAM,
        (
            TableRow(
                0,
                (cell("2", 0, 0, 2), cell("Persentase B", 0, 1, 2), cell("80", 0, 2, 2), cell("88", 0, 3, 2)),
            ),
        ),
        (2,),
        header_rows=0,
    )
    laid = realign(tail, first)
    assert laid is not None and [c.text for c in laid.rows[0].cells] == ["2", "Persentase B", "80", "88", ""]
    piece = replace_cols(tail, 2)
    assert realign(piece, first) is None  # three columns short: some other table


def replace_cols(table: Table, keep: int) -> Table:
    from dataclasses import replace

    return replace(table, rows=tuple(replace(r, cells=r.cells[:keep]) for r in table.rows))


def test_a_repeated_header_whose_label_names_ocr_lost_still_continues_the_table() -> None:
    from dataclasses import replace

    first = replace(
        _table(
            [
                ["Sasaran Strategis", "IKU", "Target", "Realisasi", "Capaian"],
                ["X", "Persentase A", "90", "85", "94,44"],
            ],
            caption="Tabel 3.1 Realisasi dan Capaian Indikator Kinerja Utama Tahun 2023",
        ),
        pages=(1,),
    )
    # page 2 repeats the header, but OCR took 'Sasaran Strategis | IKU' into the caption above
    second = replace(
        _table([["", "", "Target", "Realisasi", "Capaian"], ["Y", "Jumlah Dokumen B", "3", "3", "100"]]),
        pages=(2,),
    )
    (rt,) = assign_roles([first, second], 2023)
    rows = semantic_rows(rt, 2023)
    assert [(r.cells[Role.INDICATOR].text, r.cells[Role.REALISASI].text) for r in rows] == [
        ("Persentase A", "85"),
        ("Jumlah Dokumen B", "3"),
    ]


def test_a_repeated_header_misread_by_ocr_is_still_the_same_header() -> None:
    from dataclasses import replace

    first = replace(
        _table(
            [
                [
                    "Sasaran",
                    "Indikator Sasaran",
                    "Satuan",
                    "Target PK",
                    "Realisasi",
                    "Capaian Kinerja",
                    "Sumber",
                ],
                ["X", "Persentase A", "%", "75,00", "72,00", "96,00", "Sidalih"],
            ],
            caption="Tabel 2.3 Capaian Indikator Kinerja Tahun 2025",
        ),
        pages=(1,),
    )
    # page 2: 'Target PK' read 'PK', 'Realisasi' lost, 'Capaian Kinerja' read 'Canaian Kinerja'
    second = replace(
        _table(
            [
                ["Sasaran", "Indikator Sasaran", "Satuan", "PK", "", "Canaian Kinerja", "Sumber"],
                ["Y", "Persentase B", "%", "85,00", "90,47", "106,44", "SIPOL"],
            ]
        ),
        pages=(2,),
    )
    (rt,) = assign_roles([first, second], 2025)
    rows = semantic_rows(rt, 2025)
    assert [(r.cells[Role.INDICATOR].text, r.cells[Role.REALISASI].text) for r in rows] == [
        ("Persentase A", "72,00"),
        ("Persentase B", "90,47"),
    ]


def test_a_budget_table_whose_header_ocr_destroyed_is_read_from_its_amounts() -> None:
    # '9 9 jatan (2) | 99 (3)' for 'Program/Kegiatan | Anggaran': of three rupiah columns the
    # absorption percent says which was spent (the middle one is last year's realisasi)
    rows = [
        ["No (1)", "9 9 jatan (2)", "99 (3)", "Realisasi 2024 (4)", "(Rp) 2025 (5)", "(6)"],
        ["1", "Penyelesaian Sengketa Proses Pemilu", "77.890.000", "37.170.800", "77.375.676", "99,34"],
        ["2", "Teknis Penyelenggaraan Pemilu", "10.574.018.000", "6.169.043.700", "7.430.062.648", "70,27"],
        ["3", "Pembentukan Badan Adhoc", "10.691.226.000", "11.441.627.800", "9.898.167.513", "92,58"],
    ]
    scan = replace(_table(rows, caption="Tabel 2.3 Realisasi Anggaran Tahun 2025"), method=Method.OCR_STREAM)
    roled = assign_roles([scan], 2025)
    assert len(roled) == 1 and roled[0].roles.kind == "budget"
    roles = roled[0].roles
    assert (roles.col(Role.NAME), roles.col(Role.PAGU), roles.col(Role.REAL_RP), roles.col(Role.PERSEN)) == (
        1,
        2,
        4,
        5,
    )
    # the No column's small numbers are not the absorption
    assert roles.col(Role.PERSEN) != 0


def test_a_repeated_header_read_better_on_a_later_page_decides_the_roles() -> None:
    # page 1: OCR lost 'Realisasi 2023 | Realisasi 2024 | Capaian' over three value columns,
    # which the order Target, Realisasi, Capaian would misname; page 2 reads their years
    def page(n: int, head: list[str], row: list[str]) -> Table:
        caption = "Tabel 3.1 Capaian Kinerja Tahun 2024" if n == 1 else None
        return replace(_table([head, row], caption=caption), pages=(n,))

    first = page(
        1,
        ["No", "Indikator Kinerja", "Target 2024", "", "", "", "Keterangan"],
        ["1", "Persentase A", "90", "80", "85", "94,44", "-"],
    )
    second = page(
        2,
        ["No", "Indikator Kinerja", "Target 2024", "2023", "2024", "Capaian", "Keterangan"],
        ["2", "Persentase B", "80", "70", "88", "110,00", "-"],
    )
    (rt,) = assign_roles([first, second], 2024)
    rows = semantic_rows(rt, 2024)
    assert [(r.year, r.cells[Role.REALISASI].text) for r in rows if Role.REALISASI in r.cells] == [
        (2024, "85"),
        (2023, "80"),
        (2024, "88"),
        (2023, "70"),
    ]


def test_a_table_of_months_or_quarters_is_a_time_series_not_budget_lines() -> None:
    rows = [["No", "Bulan", "Rencana Penarikan Dana (Rp)", "Realisasi (Rp)", "Deviasi (%)"]]
    rows += [[str(i), m, "169.000.000", "160.000.000", "3,10"] for i, m in enumerate(("Januari", "Februari", "Maret", "April"), 1)]
    assert assign_roles([_table(rows)], 2024) == []
    quarters = [["Uraian", "Pagu (Rp)", "Realisasi (Rp)", "%"]]
    quarters += [[q, "1.000.000.000", "250.000.000", "25,00"] for q in ("Triwulan I", "Triwulan II", "TW III", "TW IV")]
    assert assign_roles([_table(quarters)], 2024) == []
    # budget lines, one of them named after a month, stay budget lines
    lines = [["No", "Uraian", "Pagu (Rp)", "Realisasi (Rp)", "%"],
             ["1", "Belanja Pegawai", "1.000.000.000", "900.000.000", "90,00"],
             ["2", "Belanja Barang", "2.000.000.000", "1.900.000.000", "95,00"],
             ["3", "Honor Juli - Desember", "100.000.000", "100.000.000", "100,00"]]
    (rt,) = assign_roles([_table(lines)], 2024)
    assert rt.roles.kind == "budget" and len(rt.body) == 3


def test_a_renstra_column_whose_year_ocr_lost_on_one_page_takes_it_from_another() -> None:
    # development scan 10613: 'Target 202% (Renstra)' on one page, 'Target2029 (Renstra)' on the
    # next; the first page's reading names the same number of columns and decides the roles
    def page(n: int, renstra: str, realisasi: str, label: str) -> Table:
        rows = [
            ["Indikator Kinerja", renstra, realisasi, "Target PK", "Realisasi 2024"],
            [label, "95%", "80%", "90%", "85%"],
        ]
        return replace(_table(rows, caption="Tabel 3.1 Capaian Kinerja" if n == 1 else None), pages=(n,))

    pages = [page(1, "Target 202% (Renstra)", "Realisasi TA 2023", "A"), page(2, "Target2029 (Renstra)", "", "B")]
    (rt,) = assign_roles(pages, 2024)
    assert [(o.col, o.year) for o in rt.roles.other_years] == [(1, 2029), (2, 2023)]
    assert sorted(r.year for r in semantic_rows(rt, 2024)) == [2023, 2023, 2024, 2024, 2029, 2029]


def test_a_satuan_column_all_percent_on_a_headerless_page_stays_the_column_it_continues() -> None:
    # page 2 starts with the last line of a wrapped label, then rows whose Satuan is '%' in each:
    # nothing on that page tells the unit column from a column of signs apart from their figures
    xs = [(80, 200), (210, 250), (260, 300), (310, 350), (360, 390)]  # indikator | target | realisasi | capaian | sat.

    def row(r: int, texts: list[str], page: int) -> TableRow:
        return _placed_row(xs, r, texts, list(range(len(texts))), page)

    first = Table(
        0,
        Method.PDF_RULED,
        (
            row(0, ["Indikator Kinerja", "Target", "Realisasi", "% Capaian", "Sat."], 1),
            row(1, ["Jumlah Dokumen", "6", "5", "83,33%", "Dokumen"], 1),
            row(2, ["Persentase A yang", "90", "73", "81,11%", "%"], 1),
        ),
        (1,),
    )
    tail = Table(
        1,
        Method.PDF_RULED,
        (
            row(0, ["berlaku", "", "", "", ""], 2),
            row(1, ["Persentase B", "100", "82", "82%", "%"], 2),
            row(2, ["Persentase C", "80", "69", "86,25%", "%"], 2),
        ),
        (2,),
    )
    (rt,) = assign_roles([first, tail], 2024)
    capaian = {r.cells[Role.INDICATOR].text: r.cells[Role.CAPAIAN].text for r in semantic_rows(rt, 2024)}
    assert capaian == {"Jumlah Dokumen": "83,33%", "Persentase A yang berlaku": "81,11%", "Persentase B": "82%", "Persentase C": "86,25%"}


def test_a_lone_total_row_without_no_kode_or_keterangan_still_ends_the_table_it_continues() -> None:
    # the 'Jumlah Total' row alone at the top of the next page fills three of six columns
    xs = [(70, 85), (90, 150), (160, 260), (270, 340), (350, 420), (430, 500)]  # no | kode | uraian | pagu | realisasi | ket

    def row(r: int, texts: list[str], cols: list[int], page: int) -> TableRow:
        return _placed_row(xs, r, texts, cols, page)

    first = Table(
        0,
        Method.PDF_STREAM,
        (
            row(0, ["No", "Kode", "Uraian", "Pagu", "Realisasi", "Keterangan"], [0, 1, 2, 3, 4, 5], 1),
            row(1, ["1", "6710", "Pendaftaran Partai", "1.000.000", "900.000", "Blokir"], [0, 1, 2, 3, 4, 5], 1),
            row(2, ["2", "6871", "Pengelolaan Logistik", "2.000.000", "1.500.000", ""], [0, 1, 2, 3, 4, 5], 1),
        ),
        (1,),
        header_rows=1,
    )
    tail = Table(1, Method.PDF_STREAM, (row(0, ["Jumlah Total", "3.000.000", "2.400.000"], [2, 3, 4], 2),), (2,), header_rows=0)
    (rt,) = assign_roles([first, tail], 2024)
    rows = semantic_rows(rt, 2024)
    assert [(r.cells[Role.NAME].text, r.cells[Role.PAGU].text) for r in rows][-1] == ("Jumlah Total", "3.000.000")


def test_a_label_carried_under_a_repeated_header_is_no_header_row() -> None:
    # page 2 repeats the header, then ends the label page 1 began: 'Perencanaan Anggaran ...'
    # names a column (Anggaran: pagu) as a header row might, yet fills the label columns alone
    header = [["No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]]
    first = replace(
        _table([*header, ["1", "Tersedianya Layanan", "Jumlah Dokumen Kepemiluan", "16", "16", "100%"],
                ["2", "Terlaksananya", "Jumlah Dokumen", "21", "21", "100%"]]),
        pages=(1,),
    )
    second = replace(
        _table([*header, ["", "Fasilitasi Logistik", "Perencanaan Anggaran Pemeliharaan Logistik", "", "", ""],
                ["3", "Terwujudnya SDM", "Indeks Reformasi Birokrasi", "80", "75,7", "94,62%"]]),
        pages=(2,),
    )
    (rt,) = assign_roles([first, second], 2023)
    labels = [r.cells[Role.INDICATOR].text for r in semantic_rows(rt, 2023)]
    assert labels == ["Jumlah Dokumen Kepemiluan", "Jumlah Dokumen Perencanaan Anggaran Pemeliharaan Logistik", "Indeks Reformasi Birokrasi"]
