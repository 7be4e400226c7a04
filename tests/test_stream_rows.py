"""Rows of borderless tables from geometry: wrapped labels with values at the top, middle or bottom,
rows packed without gaps (Word's default zero cell padding)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.models import Word
from extractor.tables.stream_rows import (
    RowGeometry,
    Rule,
    _column_right_edges,
    _cut_score,
    _gap,
    _tightest,
    group_rows,
    one_phrase,
    unsandwiched_bands,
)

LABEL_X0, LABEL_X1, VALUE_X = 100.0, 260.0, 300.0
LINE_H = 10.0


def _word(text: str, x0: float, top: float) -> Word:
    return Word(1, int(top), 0, text, 100.0, x0, top, x0 + 5.0 * len(text), top + LINE_H - 1)


def _label_lines(n_lines: int, row: int) -> list[list[str]]:
    """A label wrapped over n lines: full lines up to the column edge, a short last line; the first
    word capitalised, the rest lower case, as Indonesian indicator labels are."""
    lines = []
    for k in range(n_lines):
        words = ["Persentase" if k == 0 else "kegiatan", "koordinasi", "dengan", "pihak", "terkait"]
        if k == n_lines - 1:
            words = [*words[:2], f"r{row}"]
        lines.append(words)
    return lines


def _table(sizes: list[int], align: str, gap: float) -> tuple[RowGeometry, list[int]]:
    lines: list[list[Word]] = []
    owner: list[int] = []
    top = 0.0
    for r, n in enumerate(sizes):
        value_at = {"top": 0, "bottom": n - 1, "middle": (n - 1) // 2}[align]
        for k, words in enumerate(_label_lines(n, r)):
            x = LABEL_X0
            line = []
            for w in words:
                line.append(_word(w, x, top))
                x += 5.0 * len(w) + 3.0
            if k == value_at:
                line.append(_word("95", VALUE_X, top))
            lines.append(line)
            owner.append(r)
            top += LINE_H
        top += gap
    cols = [{0: [w for w in ln if w.x0 < 280], **({1: [w for w in ln if w.x0 >= 280]} if any(w.x0 >= 280 for w in ln) else {})} for ln in lines]
    values = [frozenset({1}) if 1 in c else frozenset() for c in cols]
    return RowGeometry(lines, cols, values, [False] * len(lines)), owner


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=5), min_size=2, max_size=7),
    align=st.sampled_from(["top", "middle", "bottom"]),
    gap=st.sampled_from([0.0, 0.0, 4.0]),
)
def test_every_wrapped_label_line_lands_in_its_own_row(sizes: list[int], align: str, gap: float) -> None:
    geo, owner = _table(sizes, align, gap)
    rows = group_rows(geo, rules=[])
    assert len(rows) == len(sizes)
    got = [r for r, row in enumerate(rows) for _ in row]
    assert got == owner


def test_a_ruling_line_starts_a_row() -> None:
    geo, _ = _table([3, 3], "top", 0.0)
    rows = group_rows(geo, rules=[Rule(3 * LINE_H - 0.5, 0.0, 1000.0)])
    assert [len(r) for r in rows] == [3, 3]


def test_rules_under_every_row_keep_a_rows_lines_together_across_a_wide_gap() -> None:
    """Held-out 13089 (a merged Sasaran's lines taken out): a label's last line stands three
    lines above its values at the row's foot. With a rule under every row the rules part the
    rows, not that gap; without rules the gap still cuts."""
    geo, _ = _table([3, 3, 3], "bottom", 0.0)
    tops = [100.0 * r + dy for r in range(3) for dy in (0.0, 10.0, 40.0)]
    lines = [[replace(w, top=t, bottom=t + LINE_H - 1) for w in ln] for ln, t in zip(geo.lines, tops, strict=True)]
    geo = replace(geo, lines=lines)
    rules = [Rule(100.0 * r - 5.0, 0.0, 1000.0) for r in (0, 1, 2)]  # the first under the header
    rows = group_rows(geo, rules=rules)
    assert [len(r) for r in rows] == [3, 3, 3]
    assert len(group_rows(geo, rules=[])) > 3


def test_a_rule_stopping_at_a_merged_cell_parts_the_rows_it_is_drawn_across() -> None:
    """Scan 12633, as OCR placed it: a 'Sasaran' paragraph merged over rows 16 to 18 at its own
    line pitch, one of its lines ('Kepemiluan') reaching just past the rule that runs across the
    indicator and value columns only. The rule, not that line, ends row 16."""

    def line(top: float, *words: tuple[str, float]) -> list[Word]:
        return [Word(1, int(top), 0, t, 90.0, x, top, x + 6.0 * len(t), top + 7.5) for t, x in words]

    values = (("100", 278.0), ("100", 336.0), ("92,14", 391.0))
    lines = [
        line(455.1, ("16", 91.0), ("Terwujudnya", 108.0), ("Persentase", 170.0), *values),
        line(464.7, ("Kesadaran", 109.0), ("Pemilih", 170.0), ("Disabilitas", 199.0)),
        line(474.0, ("dalam", 170.0), ("Pemilu/Pemilihan", 195.0)),
        line(483.3, ("Kepemiluan", 109.0)),
        line(488.9, ("Persentase", 170.0), ("Partisipasi", 213.0), *values),
        line(493.2, ("dan", 108.0), ("Demokrasi", 124.0)),
        line(498.5, ("Pemilih", 170.0), ("dalam", 199.0)),
        line(508.1, ("Pemilu/Pemilihan", 169.0)),
    ]

    def column(w: Word) -> int:
        return 0 if w.x0 < 105 else 1 if w.x0 < 165 else 2 if w.x0 < 270 else 3 + int(w.x0 > 330) + int(w.x0 > 380)

    cols = [{c: [w for w in ln if column(w) == c] for c in {column(w) for w in ln}} for ln in lines]
    value_cols = [frozenset(c for c in cs if c >= 3) for cs in cols]
    geo = RowGeometry(lines, cols, value_cols, [False] * len(lines), ocr=True)
    rows = group_rows(geo, rules=[Rule(484.8, 168.0, 540.0)])
    assert [[ln[0].text for ln in row] for row in rows] == [
        ["16", "Kesadaran", "dalam", "Kepemiluan"],
        ["Persentase", "dan", "Pemilih", "Pemilu/Pemilihan"],
    ]


def test_ocr_lines_of_cells_centred_apart_stay_in_their_row() -> None:
    # OCR of a row whose sasaran (3 lines) and indicator (2 lines) are centred independently:
    # the lines overlap or sit a few points apart inside the row; rows are 8 points apart.
    lines: list[list[Word]] = []
    owner: list[int] = []
    for r in range(3):
        base = r * 42.0
        for k, (top, x, value) in enumerate([(0.0, 100, False), (4.0, 200, False), (13.6, 100, True),
                                              (17.6, 200, False), (27.2, 100, False)]):
            line = [Word(1, k, 0, "Terwujudnya" if x == 100 else "Persentase", 60.0, x, base + top, x + 50, base + top + 7)]
            if value:
                line.append(Word(1, k, 1, "95", 60.0, VALUE_X, base + top, VALUE_X + 10, base + top + 7))
            lines.append(line)
            owner.append(r)
    cols = [{0 if ln[0].x0 < 150 else 1: [ln[0]], **({2: ln[1:]} if len(ln) > 1 else {})} for ln in lines]
    values = [frozenset({2}) if 2 in c else frozenset() for c in cols]
    rows = group_rows(RowGeometry(lines, cols, values, [False] * len(lines), ocr=True), rules=[])
    assert [r for r, row in enumerate(rows) for _ in row] == owner


def test_a_wrapped_line_beside_a_centred_value_line_stays_in_its_row() -> None:
    # A Word table: a 4-line sasaran beside a 1-line indicator, values centred half a line off.
    # Whole lines overlap (negative gaps) around the value line, so only each column's own line
    # spacing (1.7 pt) tells a wrapped line from the next row (4.7 pt of cell padding).
    pitch, height, lines, owner = 9.2, 7.5, [], []
    for r in range(3):
        base = r * (3 * pitch + height + 4.7)
        for k, top in enumerate([0.0, pitch, 1.5 * pitch, 2 * pitch, 3 * pitch]):
            y = base + top
            if k == 2:
                line = [Word(1, k, 0, "95", 100.0, VALUE_X, y, VALUE_X + 10, y + height)]
            else:
                line = [Word(1, k, 0, "Tersedianya", 100.0, LABEL_X0, y, LABEL_X0 + 50, y + height)]
            if k == 1:
                line.append(Word(1, k, 1, "Jumlah", 100.0, 200.0, y, 240.0, y + height))
            lines.append(line)
            owner.append(r)
    cols = [{0 if w.x0 < 150 else 1 if w.x0 < 280 else 2: [w] for w in ln} for ln in lines]
    values = [frozenset({2}) if 2 in c else frozenset() for c in cols]
    rows = group_rows(RowGeometry(lines, cols, values, [False] * len(lines)), rules=[])
    assert [r for r, row in enumerate(rows) for _ in row] == owner



def test_line_spacing_is_read_from_the_pitch_not_from_glyph_boxes() -> None:
    # 'Pemutakhiran Data' has no descenders: its tight box ends 1.6 pt higher than 'yang pemilih'
    # on the same 9.2 pt pitch. Both gaps are one line spacing; the boxes alone say 1.7 and 3.3.
    def line(top: float, height: float) -> list[Word]:
        return [Word(1, 0, 0, "x", 100.0, LABEL_X0, top, LABEL_X0 + 40, top + height)]

    with_desc, without = line(0.0, 7.5), line(0.0, 5.9)
    below = line(9.2, 7.5)
    assert _gap(with_desc, below, 7.5, ocr=False) == _gap(without, below, 7.5, ocr=False)
    assert _gap(with_desc, below, 7.5, ocr=True) != _gap(without, below, 7.5, ocr=True)


def test_a_monospaced_ocr_phrase_is_one_phrase_at_the_tables_own_word_spacing() -> None:
    # OCR boxes of words without ascenders are short; a Courier space (0.6 em) is wider than 0.9
    # of the median box: measured against the table's own word spacing it is still one phrase
    heights = [6, 9, 7, 8, 6, 8, 7]
    x, line = 88.0, []
    for i, h in enumerate(heights):
        line.append(Word(1, 0, i, f"w{i}", 90.0, x, 10.0 - h, x + 40.0, 10.0))
        x += 48.0  # an 8-point gap
    assert not one_phrase(line)
    assert one_phrase(line, spacing=6.5)
    assert not one_phrase(line, spacing=3.0)


def test_a_wrapped_line_taken_for_a_band_on_a_scan_is_not_one_but_a_spaced_band_row_is() -> None:
    # monospaced OCR: a wrapped line of two narrow columns looked like one phrase across the
    # gutter; set as tight as its neighbours it is a line of the row, not a band row
    geo, owner = _table([4, 4, 4], "bottom", 6.0)
    flags = [False] * len(geo.lines)
    flags[5] = flags[6] = True  # two inner lines of the second row
    geo = replace(geo, band=flags, ocr=True)
    assert not any(unsandwiched_bands(geo))
    rows = group_rows(replace(geo, band=unsandwiched_bands(geo)), rules=[])
    assert [r for r, row in enumerate(rows) for _ in row] == owner
    # a one-line row of its own, spaced from the rows around it, stays a band
    band_geo, _ = _table([3, 1, 3], "bottom", 6.0)
    flags = [False] * len(band_geo.lines)
    flags[3] = True
    assert unsandwiched_bands(replace(band_geo, band=flags, ocr=True))[3]


def test_a_band_running_on_into_the_value_columns_stays_a_band_however_tight() -> None:
    # a Word table with no cell padding sets its band rows ('SS2. Tersajinya Laporan Pertanggung
    # Jawaban Anggaran') as tight as a label's wrapped lines; its words over the columns of
    # values say it is drawn across them, no two text cells side by side
    geo, _ = _table([4, 4, 4], "bottom", 0.0)
    band_line = geo.lines[4]
    spill = _word("Anggaran", VALUE_X, band_line[0].top)
    lines = [*geo.lines[:4], [*band_line, spill], *geo.lines[5:]]
    cols = [*geo.cols[:4], {0: list(band_line), 1: [spill]}, *geo.cols[5:]]
    flags = [False] * len(lines)
    flags[4] = True
    spilled = RowGeometry(lines, cols, geo.value_cols, flags, ocr=True)
    assert unsandwiched_bands(spilled)[4]
    # the same line within its text column is a wrapped line that only looked like a phrase across
    inside = replace(spilled, lines=geo.lines, cols=geo.cols)
    assert not unsandwiched_bands(inside)[4]


def test_ocr_rows_spaced_apart_with_few_wrapped_cells_are_cut_by_their_gaps() -> None:
    # a scan of a top-aligned table: the first of twelve labels wraps (1 point under its first
    # line), rows sit 7 points apart, and a band row with no value lies between two rows
    lines: list[list[Word]] = []
    top = 0.0
    for r in range(12):
        lines.append([_word("Persentase", LABEL_X0, top), _word(f"r{r}", LABEL_X0 + 60.0, top), _word("95", VALUE_X, top)])
        top += LINE_H
        if r == 0:
            lines.append([_word("kegiatan", LABEL_X0, top)])
            top += LINE_H
        top += 7.0
        if r == 4:
            lines.append([_word("Terwujudnya", LABEL_X0, top), _word("Sasaran", LABEL_X0 + 60.0, top)])
            top += LINE_H + 7.0
    cols = [{0: ln[:2], 1: ln[2:]} if len(ln) == 3 else {0: ln} for ln in lines]
    values = [frozenset({1}) if 1 in c else frozenset() for c in cols]
    geo = RowGeometry(lines, cols, values, [False] * len(lines), ocr=True)
    assert [len(r) for r in group_rows(geo, rules=[])] == [2, *[1] * 12]  # the band line a row of its own


def test_on_a_scan_lines_read_overlapping_are_no_line_spacing() -> None:
    # development scan 9703: one speck line overlaps its neighbour (-1.2); cells wrap 3.4 apart
    gaps = [-1.2, *[3.4] * 12, 5.3, *[8.4] * 40]
    assert _tightest(gaps, ocr=True) == 3.4
    assert _tightest([1.0, *[8.0] * 30], ocr=True) == 1.0  # one wrapped cell among many rows
    assert _tightest([1.0, *[8.0] * 30]) == 8.0  # a text layer keeps the lowest tenth


def test_title_cased_labels_in_two_columns_do_not_outvote_the_tables_alignment() -> None:
    # Sasaran and indicator both wrap title-cased text ('Publik Dokumen Teknis Kepemiluan'): a
    # line whose two columns start with capitals is no stronger a row start than one with one
    def line(top: float, sasaran: str = "", indicator: str = "", value: str = "") -> list[Word]:
        words = []
        for text, x in ((sasaran, 100.0), (indicator, 200.0)):
            for part in text.split():
                words.append(_word(part, x, top))
                x += 5.0 * len(part) + 3.0
        return [*words, *([_word(value, VALUE_X + 50, top)] if value else [])]

    texts = [
        ("Terwujudnya", "Persentase Informasi", ""),
        ("Data Pemilih", "Pemilih Berkelanjutan", ""),
        ("Berkelanjutan", "Nasional", "70"),
        ("Terlaksananya", "EBA.994 Layanan", ""),
        ("Barang Milik", "Layanan Perkantoran", ""),
        ("Negara", "(Operasional)", "100"),
        ("Tersedianya", "", ""),
        ("Pelayanan", "", ""),
        ("Publik Dokumen", "Persentase Peserta", ""),
        ("Teknis", "Pemilu yang Dapat", ""),
        ("Kepemiluan", "Dilayani", "100"),
    ]
    # the first row stands apart (a gap under it) and shows the values at the rows' bottom
    lines = [line(LINE_H * i + (4.0 if i >= 3 else 0.0), *t) for i, t in enumerate(texts)]
    cols = [
        {c: ws for c, ws in ((0, [w for w in ln if w.x0 < 195]), (1, [w for w in ln if 195 <= w.x0 < 340]), (2, [w for w in ln if w.x0 >= 340])) if ws}
        for ln in lines
    ]
    values = [frozenset({2}) if 2 in c else frozenset() for c in cols]
    rows = group_rows(RowGeometry(lines, cols, values, [False] * len(lines)), rules=[])
    assert [len(r) for r in rows] == [3, 3, 5]


def _phrase(top: float, text: str, value: str = "", value_x: float = VALUE_X) -> list[Word]:
    """A label line from the label column's left edge at a 3 pt word spacing, and its value."""
    words, x = [], LABEL_X0
    for part in text.split():
        words.append(_word(part, x, top))
        x += 5.0 * len(part) + 3.0
    return [*words, *([_word(value, value_x, top)] if value else [])]


def test_a_band_row_sets_no_columns_right_edge() -> None:
    # a band row runs across the columns: its words in the label column reach far beyond any
    # label line, and every wrapped label line would look like a paragraph that ended early
    texts = [
        ("Mewujudkan Pemilu Serentak yang Langsung, Umum,", ""),
        ("Persentase KPU Kabupaten Kerinci,", "100%"),
        ("PPK dan KPPS yang melaksanakan", ""),
        ("Pemilu/Pemilihan yang aman dan damai", ""),
        ("Persentase sengketa hukum yang", "75%"),
        ("dimenangkan KPU", ""),
    ]
    lines = [_phrase(LINE_H * i, *t, value_x=340.0) for i, t in enumerate(texts)]
    lines[0] += [_word("Bebas", 340.0, 0.0), _word("Rahasia", 373.0, 0.0)]
    cols = [{c: ws for c, ws in ((0, [w for w in ln if w.x0 < 330]), (1, [w for w in ln if w.x0 >= 330])) if ws} for ln in lines]
    values = [frozenset({1}) if 1 in c and i else frozenset() for i, c in enumerate(cols)]
    band = [True] + [False] * (len(lines) - 1)
    rows = group_rows(RowGeometry(lines, cols, values, band), rules=[])
    assert [len(r) for r in rows] == [1, 3, 2]


def test_a_group_number_between_two_labels_hides_no_row_gap() -> None:
    # a No column numbering groups of rows centres its number between one label's last line and
    # the next label's first: the gap that parts the two rows is measured in the label column,
    # not from the number's line just above
    first = ["Persentase KPU Kabupaten", "PPK dan KPPS yang", "melaksanakan kegiatan", "Pemilu/Pemilihan yang", "aman dan damai sekali"]
    lines = [_phrase(LINE_H * k, text, "95" if k == 2 else "") for k, text in enumerate(first)]
    lines.append([_word("3", 60.0, 5 * LINE_H)])
    second = ["Persentase sengketa", "hukum yang dimenangkan", "oleh KPU"]
    lines += [_phrase(5 * LINE_H + 4.0 + LINE_H * k, text, "90" if k == 1 else "") for k, text in enumerate(second)]
    cols = [{c: ws for c, ws in ((0, [w for w in ln if w.x0 < 90]), (1, [w for w in ln if 90 <= w.x0 < 280]), (2, [w for w in ln if w.x0 >= 280])) if ws} for ln in lines]
    values = [frozenset(c for c in cl if c != 1) for cl in cols]
    rows = group_rows(RowGeometry(lines, cols, values, [False] * len(lines)), rules=[])
    assert [len(r) for r in rows] == [6, 3]


def test_a_carried_label_ends_its_row_though_one_row_sets_its_values_apart() -> None:
    # a page starts with the last lines of a label the previous page began (no values), then rows
    # centring their values; one row's values sit on its first line (its height is set by another
    # column): the table still centres, and the carried lines are a row of their own
    sizes, value_at = [3, 3, 3, 3], [1, 1, 0, 1]
    lines: list[list[Word]] = []
    for k in range(3):
        lines.append([_word("kegiatan", LABEL_X0, k * LINE_H), _word(f"c{k}", LABEL_X0 + 50, k * LINE_H)])
    top = 3 * LINE_H + 1.5  # more than a line's spacing, less than a row gap's
    owner = [0, 0, 0]
    for r, n in enumerate(sizes):
        for k, words in enumerate(_label_lines(n, r)):
            line = [_word(w, LABEL_X0 + 35.0 * i, top) for i, w in enumerate(words[:3])]
            if k == value_at[r]:
                line.append(_word("95", VALUE_X, top))
            lines.append(line)
            owner.append(r + 1)
            top += LINE_H
        top += 1.5
    cols = [{0: [w for w in ln if w.x0 < 280], **({1: [w for w in ln if w.x0 >= 280]} if any(w.x0 >= 280 for w in ln) else {})} for ln in lines]
    values = [frozenset({1}) if 1 in c else frozenset() for c in cols]
    rows = group_rows(RowGeometry(lines, cols, values, [False] * len(lines)), rules=[])
    assert [r for r, row in enumerate(rows) for _ in row] == owner


def _two_column_rows(texts: list[tuple[str, str, str]], extra: dict[int, float] | None = None) -> RowGeometry:
    """Lines of a sasaran | indicator | value table, one word per text column, at a fixed pitch
    (``extra`` points more above the lines it names)."""
    lines, top = [], 0.0
    for i, (sasaran, indicator, value) in enumerate(texts):
        top += (extra or {}).get(i, 0.0)
        words = [_word(t, x, top) for t, x in ((sasaran, 100.0), (indicator, 200.0), (value, VALUE_X + 50)) if t]
        lines.append(words)
        top += LINE_H
    cols = [
        {c: ws for c, ws in ((0, [w for w in ln if w.x0 < 195]), (1, [w for w in ln if 195 <= w.x0 < 340]), (2, [w for w in ln if w.x0 >= 340])) if ws}
        for ln in lines
    ]
    values = [frozenset({2}) if 2 in c else frozenset() for c in cols]
    return RowGeometry(lines, cols, values, [False] * len(lines))


def test_rows_the_text_parts_clearly_set_the_alignment_that_settles_the_ties() -> None:
    # dev docx scan 12933: title-cased sasaran and indicator lines, a capital in each column of
    # every line; a wider gap parts the first two rows, the rows it shows end on their values, and
    # the tie between the next two rows is settled so: each row's label lines come before its values
    texts = [
        ("Terwujudnya", "Persentase", ""),
        ("Dukungannya", "Operasional", ""),
        ("Prasarana", "Perkantoran", "75"),
        ("Tersedianya", "Persentase", ""),
        ("Informasinya", "Publikasinya", ""),
        ("Kepemiluan", "Makassarnya", "95"),
        ("Terlaksananya", "Pembentukan", ""),
        ("Pembentukan", "Honorarium", "90"),
    ]
    rows = group_rows(_two_column_rows(texts, extra={3: 1.8}), rules=[])
    assert [len(r) for r in rows] == [3, 3, 2]


def test_a_carried_label_over_rows_with_their_values_at_the_bottom_is_a_row_of_its_own() -> None:
    # dev docx scan 12933: a page starts with the last lines of the previous page's row, a gap
    # wider than a cell's line spacing (but no row gap) under them, then rows ending on their values
    texts = [
        ("Pelaporan", "", ""),
        ("Keuangan", "Keuangannya", ""),
        ("Mewujudkan", "Persentase", ""),
        ("Serentaknya", "Kabupatenya", ""),
        ("Langsungnya", "Melaksanakan", "92"),
        ("Terlaksananya", "Pelaksanaan", ""),
        ("Penetapanya", "Penyelesaian", ""),
        ("Sengketanya", "Penetapanya", "85"),
    ]
    geo = _two_column_rows(texts, extra={2: 1.8, 5: 1.8})
    rows = group_rows(geo, rules=[])
    assert [len(r) for r in rows] == [2, 3, 3]


def test_no_row_starts_at_a_line_ocr_split_off_the_line_it_is_level_with() -> None:
    # dev docx scan 12918: 'Penatausahaan | Jumlah Laporan | 3' and, read as a line of its own
    # overlapping it, 'Pembentukan | Negaranya': no row starts there, however early the text
    # above it ends
    texts = [
        ("Terwujudnya", "Persentase", "90"),
        ("dukungannya", "operasionalnya", ""),
        ("Penatausahaan", "Laporan", "3"),
        ("Pembentukan", "Negaranya", ""),  # six of its nine points level with the line above
        ("terlaksananya", "penyelesaiannyasekali", ""),
        ("Penetapanya", "Penyelesaian", "85"),
        ("hasilnya", "sengketanya", ""),
    ]
    geo = _two_column_rows(texts, extra={2: 1.0, 3: -6.0, 4: 1.0})
    rows = group_rows(replace(geo, ocr=True), rules=[])
    assert [len(r) for r in rows] == [2, 3, 2]


def test_a_carried_label_over_a_centred_row_of_an_even_line_count_is_a_row_of_its_own() -> None:
    # dev docx scan 12914: 'Utara yang disusun / tepat waktu ...' carried over the page break above
    # a row of six lines centring its values on the third: one line fewer above them than below
    texts = [
        ("", "regulasinya", ""),
        ("", "kerangkanya", ""),
        ("Terwujudnya", "Persentase", ""),
        ("kebijakan", "akademiknya", "80"),
        ("bidangnya", "peraturannya", ""),
        ("politiknya", "berbasisnya", ""),
        ("Tersedianya", "Persentase", ""),
        ("pemutakhiran", "pemutakhiran", "100"),
        ("datanya", "pemilihnya", ""),
    ]
    geo = _two_column_rows(texts, extra={2: 1.8, 6: 1.8})
    rows = group_rows(geo, rules=[])
    assert [len(r) for r in rows] == [2, 4, 3]


def test_on_a_scan_a_word_that_fits_by_less_than_half_a_line_is_no_paragraph_end() -> None:
    # dev docx scan 12926: 'Keputusan' / 'KPU sesuai' in a narrow sasaran column; OCR's tight boxes
    # left 'KPU' fitting after 'Keputusan' by a third of a point, and a row was cut mid-label
    texts = [("Terlaksananya", "95"), ("Keputusan", ""), ("KPU sesuai", ""), ("ketentuannya", "")]
    lines = []
    for i, (label, value) in enumerate(texts):
        words, x = [], LABEL_X0
        for part in label.split():
            words.append(_word(part, x, LINE_H * i))
            x += 5.0 * len(part) + 3.0
        lines.append([*words, *([_word(value, VALUE_X, LINE_H * i)] if value else [])])
    # the column's right edge: 'Terlaksananya' ends at 165; 'Keputusan' at 145; 'KPU' is 15 wide
    cols = [{0: [w for w in ln if w.x0 < 280], **({1: [w for w in ln if w.x0 >= 280]} if any(w.x0 >= 280 for w in ln) else {})} for ln in lines]
    values = [frozenset({1}) if 1 in c else frozenset() for c in cols]
    gaps = [1.0, 1.0, 1.0]
    for ocr, want in ((False, 2.5), (True, 0.5)):
        geo = RowGeometry(lines, cols, values, [False] * len(lines), ocr=ocr)
        assert _cut_score(geo, 2, gaps, 1.0, _column_right_edges(geo)) == want


def test_a_scan_s_line_without_descenders_parts_no_row_at_the_top_of_a_page() -> None:
    # scan 13118: a page starts with a whole row ending on its values; above them one gap is a
    # point wider than a cell's line spacing ('entasian' has no descender), the later rows part
    # at four points more: that one gap is no row's edge, the lines above it carry no label over
    texts = [
        ("Terlaksananya", "", ""),
        ("penetapan", "", ""),
        ("ketentuan", "Persentase", ""),
        ("dangundangan", "Lebongnya", ""),
        ("entasian", "diharmonisasi", ""),
        ("informasi", "dengannya", ""),
        ("penyuluhannya", "Regulasinya", "100"),
        ("Terlaksananya", "", ""),
        ("Fasilitasinya", "Jumlahnya", ""),
        ("Logistiknya", "Pemeliharaan", "8"),
        ("Terwujudnya", "Persentase", ""),
        ("Dukungannya", "Tersedianya", "85"),
    ]
    geo = _two_column_rows(texts, extra={5: 2.5, 7: 5.0, 10: 5.0})
    rows = group_rows(replace(geo, ocr=True), rules=[])
    assert [len(r) for r in rows] == [7, 3, 2]
