"""A sasaran printed once beside its indicators in a borderless table (a merged cell without rules):
its paragraph goes to the first of the rows it covers, whatever the vertical alignment, and the
indicator rows are grouped without its line breaks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.models import Word
from extractor.tables.stream_merged import regroup_merged_column
from extractor.tables.stream_rows import RowGeometry, group_rows

SAS_X, LABEL_X, VALUE_X = 20.0, 120.0, 320.0
PITCH, BOX, PAD = 10.0, 9.0, 4.0  # line pitch, glyph box height, padding between rows


def _words(texts: list[str], x: float, top: float) -> list[Word]:
    out = []
    for t in texts:
        out.append(Word(1, int(top), 0, t, 100.0, x, top, x + 5.0 * len(t), top + BOX))
        x += 5.0 * len(t) + 3.0
    return out


def _offset(align: str, room: float, used: float) -> float:
    return {"top": 0.0, "middle": (room - used) / 2, "bottom": room - used}[align]


def _layout(groups: list[tuple[int, list[int]]], align: str) -> tuple[RowGeometry, list[tuple[str, str]]]:
    """groups: (sasaran lines, label lines of each row); returns the geometry and, per row, the
    sasaran text its row should hold (first row of a group) and its label text."""
    by_top: dict[float, list[Word]] = defaultdict(list)
    want: list[tuple[str, str]] = []
    top = 0.0
    for g, (sas_lines, rows) in enumerate(groups):
        group_top = top
        for r, n in enumerate(rows):
            height = n * PITCH
            for k in range(n):
                by_top[top + k * PITCH] += _words(["Persentase" if k == 0 else "kegiatan", f"g{g}r{r}k{k}"], LABEL_X, top + k * PITCH)
            value_top = top + _offset(align, height, PITCH)
            by_top[value_top] += _words(["95"], VALUE_X, value_top)
            label = " ".join(f"{'Persentase' if k == 0 else 'kegiatan'} g{g}r{r}k{k}" for k in range(n))
            want.append(("", label))
            top += height + PAD
        sas_top = group_top + _offset(align, top - PAD - group_top, sas_lines * PITCH)
        text = []
        for k in range(sas_lines):
            words = ["Terwujudnya" if k == 0 else "sasaran", f"s{g}k{k}"]
            by_top[round(sas_top + k * PITCH, 3)] += _words(words, SAS_X, sas_top + k * PITCH)
            text += words
        first = len(want) - len(rows)
        want[first] = (" ".join(text), want[first][1])
    lines = [sorted(by_top[t], key=lambda w: w.x0) for t in sorted(by_top)]
    cols = [
        {c: ws for c, ws in ((0, [w for w in ln if w.x0 < 100]), (1, [w for w in ln if 100 <= w.x0 < 300]), (2, [w for w in ln if w.x0 >= 300])) if ws}
        for ln in lines
    ]
    values = [frozenset({2}) if 2 in c else frozenset() for c in cols]
    return RowGeometry(lines, cols, values, [False] * len(lines)), want


def _cells(rows: list[list[list[Word]]]) -> list[tuple[str, str]]:
    out = []
    for row in rows:
        words = sorted((w for line in row for w in line), key=lambda w: (w.top, w.x0))
        out.append(
            (
                " ".join(w.text for w in words if w.x0 < 100),
                " ".join(w.text for w in words if 100 <= w.x0 < 300),
            )
        )
    return out


def _read(geo: RowGeometry) -> list[tuple[str, str]]:
    return _cells(regroup_merged_column(geo, group_rows(geo, []), []))


def test_a_sasaran_centred_over_three_indicators_heads_them_all() -> None:
    geo, want = _layout([(3, [1, 1, 1]), (2, [2, 1])], "middle")
    assert _read(geo) == want


def test_a_sasaran_at_the_bottom_of_its_rows_heads_the_rows_above_it() -> None:
    geo, want = _layout([(2, [1, 2, 1]), (1, [1, 1])], "bottom")
    assert _read(geo) == want


def test_a_sasaran_on_each_group_s_first_row_is_left_as_grouped() -> None:
    geo, want = _layout([(1, [1, 2]), (2, [2]), (1, [3, 1])], "top")
    rows = group_rows(geo, [])
    assert regroup_merged_column(geo, rows, []) is rows
    assert _cells(rows) == want


@settings(max_examples=80, deadline=None)
@given(
    groups=st.lists(
        st.tuples(st.integers(1, 4), st.lists(st.integers(1, 3), min_size=1, max_size=4)), min_size=2, max_size=5
    ),
    align=st.sampled_from(["top", "middle", "bottom"]),
)
def test_every_sasaran_heads_its_own_rows(groups: list[tuple[int, list[int]]], align: str) -> None:
    # a sasaran has no more lines than its rows have room for (a longer one would make them taller);
    # one label of three lines shows where the table sets its values, which decides where a
    # one-line sasaran on the middle one of three one-line rows belongs
    # (the first sasaran runs across three one-line rows: what shows that the column spans rows)
    groups = [(3, [1, 1, 1]), (1, [3]), *((min(s, sum(rows)), rows) for s, rows in groups)]
    geo, want = _layout(groups, align)
    assert _read(geo) == want


def test_a_merged_cell_s_tail_carried_over_a_page_break_is_a_row_of_its_own() -> None:
    # the first line on the page is the last line of a sasaran the previous page began: it sits
    # above the first indicator row, in the merged column alone
    geo, want = _layout([(3, [1, 1, 1]), (2, [2, 1])], "middle")
    tail = _words(["penyuluhannya"], SAS_X, -PITCH - PAD)
    geo = RowGeometry([tail, *geo.lines], [{0: tail}, *geo.cols], [frozenset(), *geo.value_cols], [False] * (len(geo.lines) + 1))
    assert _read(geo) == [("penyuluhannya", ""), *want]


def test_a_sasaran_whose_lines_lack_descenders_is_still_one_paragraph() -> None:
    # a text layer's word box ends where its glyphs end below: a line without descenders
    # ('aman dan') leaves more white under it than one with them, at the same line pitch
    geo, want = _layout([(3, [1, 1, 1]), (3, [2, 1])], "top")
    short = [[replace(w, bottom=w.top + BOX - 2.0) if w.x0 < 100 and k % 2 else w for w in ln] for k, ln in enumerate(geo.lines)]
    cols = [{c: [short[k][ln.index(w)] for w in ws] for c, ws in cl.items()} for k, (ln, cl) in enumerate(zip(geo.lines, geo.cols, strict=True))]
    assert _read(replace(geo, lines=short, cols=cols)) == want


def test_a_label_s_tail_carried_over_a_page_break_keeps_out_of_the_first_sasaran_s_rows() -> None:
    # the page starts with the last line of the previous page's label, above the first row of
    # values; the first sasaran, centred on its rows, heads the row of values, not that tail
    geo, want = _layout([(3, [3, 1, 1]), (2, [3, 1])], "middle")
    tail = _words(["Logistik"], LABEL_X, -PITCH - 2 * PAD)
    geo = RowGeometry([tail, *geo.lines], [{1: tail}, *geo.cols], [frozenset(), *geo.value_cols], [False] * (len(geo.lines) + 1))
    assert _read(geo) == [("", "Logistik"), *want]


def test_rows_the_merged_column_alone_held_together_are_left_as_grouped() -> None:
    # a last row whose values sit at its top and its label at its bottom, the sasaran's lines
    # between them: without the sasaran the values would be a row of their own, parted from
    # their label
    geo, _ = _layout([(3, [1, 1, 1]), (2, [2, 1])], "top")
    top = max(w.bottom for ln in geo.lines for w in ln) + PAD
    lines = [
        *geo.lines,
        [*_words(["s0"], SAS_X, top), *_words(["95"], VALUE_X, top)],
        _words(["s0b"], SAS_X, top + PITCH),
        [*_words(["s0c"], SAS_X, top + 2 * PITCH), *_words(["Persentase", "kegiatan", "pihak"], LABEL_X, top + 2 * PITCH)],
    ]
    cols = [{c: ws for c, ws in ((0, [w for w in ln if w.x0 < 100]), (1, [w for w in ln if 100 <= w.x0 < 300]), (2, [w for w in ln if w.x0 >= 300])) if ws} for ln in lines]
    geo = RowGeometry(lines, cols, [frozenset({2}) if 2 in c else frozenset() for c in cols], [False] * len(lines))
    rows = group_rows(geo, [])
    assert regroup_merged_column(geo, rows, []) is rows
