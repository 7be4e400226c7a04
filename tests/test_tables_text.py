"""Tables from text dumps: one synthetic snippet per layout, properties, and the three seed reports."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractor.models import Method, Table, TableRow
from extractor.tables.text import TextContent, clean_cell, parse_text_dump, split_dump
from extractor.tables.text_lines import header_kind, is_numbering_line, split_values
from tests.conftest import GOLD, SEEDS


def texts(table: Table) -> list[list[str]]:
    return [list(r.texts()) for r in table.rows]


def only(content: TextContent, method: Method) -> list[Table]:
    return [t for t in content.tables if t.method == method]


# --- dump lines and pages -------------------------------------------------------------------------


def test_split_dump_numbers_lines_and_form_feed_pages() -> None:
    lines, pages = split_dump("a\nb\n\fc\nd\f\ne\n\f")
    assert [(ln.number, ln.page, ln.text) for ln in lines] == [
        (1, 1, "a"),
        (2, 1, "b"),
        (3, 2, "c"),
        (4, 2, "d"),
        (5, 3, "e"),
        (6, 4, ""),
    ]
    assert pages == 3  # pdftotext ends every page, the last one included, with a form feed


def test_split_dump_without_form_feeds_has_no_pages() -> None:
    lines, pages = split_dump("x\r\ny\n")
    assert pages == 1
    assert [(ln.number, ln.page, ln.text) for ln in lines] == [(1, None, "x"), (2, None, "y"), (3, None, "")]


def test_empty_dump() -> None:
    content = parse_text_dump("")
    assert content == TextContent((), (), 1)


def test_clean_cell_strips_markup() -> None:
    assert clean_cell("**Target** <br> *2024*") == "Target 2024"
    assert clean_cell("<p>Divisi&amp;Umum</p>") == "Divisi&Umum"
    assert clean_cell("kpu_kalteng 5 * 3") == "kpu_kalteng 5 * 3"


# --- markdown -------------------------------------------------------------------------------------

MARKDOWN = """\
**Pengukuran Kinerja KPU Kota Contoh
Tahun 2024**

| No | **Indikator** | Target | | Realisasi |
|----|:--|--:|--|---|
| 1. | Persentase A | 90% | | 85% |
| 2. | Nilai B | B | | BB |
| | | | | |

KOMISI PEMILIHAN UMUM KOTA CONTOH
| 3. | Opini C | WTP | | WTP |
|----|----|----|----|----|
Teks biasa sesudah tabel.
"""


def test_markdown_table_cells_caption_and_lines() -> None:
    content = parse_text_dump(MARKDOWN)
    first, second = only(content, Method.TEXT_MARKDOWN)
    assert texts(first) == [
        ["No", "Indikator", "Target", "Realisasi"],
        ["1.", "Persentase A", "90%", "85%"],
        ["2.", "Nilai B", "B", "BB"],
    ]
    assert first.caption == "Pengukuran Kinerja KPU Kota Contoh Tahun 2024"
    assert first.caption_line == 1
    assert [r.cells[1].line for r in first.rows] == [4, 6, 7]
    assert all(c.page is None and c.bbox is None for r in first.rows for c in r.cells)
    assert [r.index for r in first.rows] == [0, 1, 2]
    assert [c.col for c in first.rows[1].cells] == [0, 1, 2, 3]
    # the continuation after a page header stays a table of its own, its first row kept
    assert texts(second) == [["3.", "Opini C", "WTP", "WTP"]]
    assert second.caption == "KOMISI PEMILIHAN UMUM KOTA CONTOH"
    assert [t.index for t in content.tables] == [0, 1]
    narrative = [(n.line, n.text) for n in content.narrative]
    assert (10, "KOMISI PEMILIHAN UMUM KOTA CONTOH") in narrative
    assert (13, "Teks biasa sesudah tabel.") in narrative
    assert not any(n.text.startswith("|") for n in content.narrative)


def test_markdown_without_outer_pipes_needs_a_separator() -> None:
    content = parse_text_dump("Program | Pagu\n--- | ---\nDukungan | 1.000\nnot | a table")
    (table,) = content.tables
    assert texts(table) == [["Program", "Pagu"], ["Dukungan", "1.000"], ["not", "a table"]]
    assert parse_text_dump("a | b\nc | d").tables == ()


def test_first_table_index_and_form_feed_pages() -> None:
    dump = "| a | b |\n| 1 | 2 |\n\f| c | d |\n"
    content = parse_text_dump(dump, first_table_index=5)
    assert [t.index for t in content.tables] == [5]
    (table,) = content.tables
    assert table.pages == (1, 2)
    assert [r.cells[0].page for r in table.rows] == [1, 1, 2]
    assert content.pages == 2


# --- TSV ------------------------------------------------------------------------------------------

TSV = (
    "REALISASI ANGGARAN\n"
    "\n"
    "KODE\tURAIAN\tPAGU\tREALISASI\t%\n"
    "---\t---\t---\t---\t---\n"
    "076.01.CQ Penyelenggaraan Pemilu\t\t\t\t\n"
    "CQ.6639\tTeknis\t26.030.287.000\t22.119.333.071\t84,98%\n"
    "JUMLAH\t\t51.412.431.000\n"
    "\n"
    "WA.3355\tPengelolaan\t2.891.003.000\t2.882.999.625\t99,72%\n"
    "satu\ttab saja di teks\n"
)


def test_tsv_keeps_empty_cells_and_pads_rows() -> None:
    content = parse_text_dump(TSV)
    first, second = only(content, Method.TEXT_TSV)
    assert texts(first) == [
        ["KODE", "URAIAN", "PAGU", "REALISASI", "%"],
        ["076.01.CQ Penyelenggaraan Pemilu", "", "", "", ""],
        ["CQ.6639", "Teknis", "26.030.287.000", "22.119.333.071", "84,98%"],
        ["JUMLAH", "", "51.412.431.000", "", ""],
    ]
    assert [r.cells[0].line for r in first.rows] == [3, 5, 6, 7]
    assert first.caption == "REALISASI ANGGARAN"
    assert texts(second)[0] == ["WA.3355", "Pengelolaan", "2.891.003.000", "2.882.999.625", "99,72%"]
    assert texts(second)[1] == ["satu", "tab saja di teks", "", "", ""]


def test_single_stray_tab_is_narrative() -> None:
    content = parse_text_dump("kata\t\nlain")
    assert content.tables == ()
    assert [n.text for n in content.narrative] == ["kata", "lain"]


# --- whitespace-aligned (pdftotext -layout) -------------------------------------------------------

ALIGNED = """\
                 Tabel 3.1 Capaian Kinerja Tahun 2024

  No   Indikator Kinerja                    Target    Realisasi    Capaian
   1   Persentase kegiatan koordinasi          90%         90%       100%
       dengan para pihak terkait
   2   Nilai Akuntabilitas Kinerja               B          CC         60
   3   Opini BPK atas Laporan Keuangan         WTP         WTP        100

Berikut ini   adalah teks  biasa dengan  spasi ganda yang
tidak boleh   menjadi tabel  karena tidak ada angka.

  Program                                 Pagu (Rp)          Realisasi (Rp)      %
  Program Dukungan Manajemen          2.885.908.000           2.800.000.000   97,02
  Penyelenggaraan Pemilu dalam       17.632.649.000          17.000.000.000   96,41
  Proses Konsolidasi Demokrasi
  Jumlah                             20.518.557.000          19.800.000.000   96,50
"""


def test_aligned_columns_and_wrapped_cells() -> None:
    content = parse_text_dump(ALIGNED)
    first, second = only(content, Method.TEXT_ALIGNED)
    assert texts(first) == [
        ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
        ["1", "Persentase kegiatan koordinasi dengan para pihak terkait", "90%", "90%", "100%"],
        ["2", "Nilai Akuntabilitas Kinerja", "B", "CC", "60"],
        ["3", "Opini BPK atas Laporan Keuangan", "WTP", "WTP", "100"],
    ]
    assert first.caption == "Tabel 3.1 Capaian Kinerja Tahun 2024"
    assert texts(second)[2] == [
        "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi",
        "17.632.649.000",
        "17.000.000.000",
        "96,41",
    ]
    assert texts(second)[3][0] == "Jumlah"
    narrative = [n.line for n in content.narrative]
    assert narrative == [1, 9, 10]  # the title and the double-spaced prose


def test_double_spaced_prose_is_not_a_table() -> None:
    prose = (
        "Dalam  rangka  mewujudkan  tata  kelola\nyang  baik  maka  KPU  menyusun\nlaporan  kinerja  ini.\n"
    )
    assert parse_text_dump(prose).tables == ()


# --- one cell per line ----------------------------------------------------------------------------

ONE_PER_LINE = """\
capaian kinerja sebagai berikut :

Indikator Kinerja

Target (%)

Realisasi
(%)

% Capaian

(1)

(2)

Sasaran 1. Terwujudnya Kebijakan Bidang Politik yang Kuat

Persentase kegiatan koordinasi 90 90 100
dengan para pihak terkait yang

terlaksana

Persentase informasi mengenai
Partai Politik yang mutakhir dan

80

80

100
dipublikasikan pada publik

Nilai Akuntabilitas Kinerja B CC 60

Dari tabel di atas, menunjukkan bahwa pencapaian indikator kinerja memenuhi
target yang telah ditetapkan dimana koordinasi tetap dilaksanakan secara
"""


def test_one_cell_per_line_rows_are_rebuilt() -> None:
    content = parse_text_dump(ONE_PER_LINE)
    (table,) = content.tables
    assert table.method == Method.TEXT_LINES
    assert texts(table) == [
        ["Indikator Kinerja", "Target (%)", "Realisasi (%)", "% Capaian"],
        ["Sasaran 1. Terwujudnya Kebijakan Bidang Politik yang Kuat", "", "", ""],
        ["Persentase kegiatan koordinasi dengan para pihak terkait yang terlaksana", "90", "90", "100"],
        [
            "Persentase informasi mengenai Partai Politik yang mutakhir dan dipublikasikan pada publik",
            "80",
            "80",
            "100",
        ],
        ["Nilai Akuntabilitas Kinerja", "B", "CC", "60"],
    ]
    source = ONE_PER_LINE.splitlines()
    label_line = source.index("Persentase informasi mengenai") + 1
    eighty = source.index("80") + 1
    assert [c.line for c in table.rows[3].cells] == [label_line, eighty, eighty + 2, eighty + 4]
    assert table.caption == "capaian kinerja sebagai berikut :"
    assert (table.first_line, table.caption_line) == (3, 1)
    prose = source.index("Dari tabel di atas, menunjukkan bahwa pencapaian indikator kinerja memenuhi") + 1
    assert [n.line for n in content.narrative] == [1, prose, prose + 1]


BUDGET_LINES = """\
Kinerja Anggaran
Indikator Kinerja
Utama Target Realisasi
% Pagu (Rp) Realisasi (Rp) %
2 3 4 5 6 7 8
Persentase
kegiatan
1 90 90 100 33.801.000 33.775.000 99,92
pendidikan pemilih
Persentase
kegiatan pengelolaan
2 90 85 94,4 22.442.000 21.868.492 97,44
dan pengembangan RPP
41.661.103.000 41.552.911.818 99,42
"""


def test_row_numbers_leave_the_value_run_and_totals_keep_their_row() -> None:
    (table,) = parse_text_dump(BUDGET_LINES).tables
    rows = texts(table)
    assert rows[0][1:] == ["Target", "Realisasi", "%", "Pagu (Rp)", "Realisasi (Rp)", "%"]
    assert rows[1] == [
        "1 Persentase kegiatan pendidikan pemilih",
        "90",
        "90",
        "100",
        "33.801.000",
        "33.775.000",
        "99,92",
    ]
    assert rows[2][0] == "2 Persentase kegiatan pengelolaan dan pengembangan RPP"
    assert rows[3] == ["", "", "", "", "41.661.103.000", "41.552.911.818", "99,42"]


def test_program_budget_lines_and_column_major_blocks() -> None:
    dump = (
        "Program\n\nAnggaran\n\n1. Program Penyelenggaraan Pemilu\n\nRp. 115.805.681.000-\n\n"
        "2. Program Dukungan Manajemen\n\nRp. 11.081.507.000,-\n\nRp. 126.887.188.000,-\n\n"
        "Palangka Raya, Januari 2024\n\nKETUA,\n\n\n"
        "- Program\n1. Program Dukungan Manajemen\n 2. Penyelenggaraan Pemilu\n\nAnggaran\n"
        "Rp. 2.647.529.000,-\nRp. 26.608.457.000,-\n"
    )
    first, second = parse_text_dump(dump).tables
    assert texts(first) == [
        ["Program", "Anggaran"],
        ["1. Program Penyelenggaraan Pemilu", "Rp. 115.805.681.000-"],
        ["2. Program Dukungan Manajemen", "Rp. 11.081.507.000,-"],
        ["", "Rp. 126.887.188.000,-"],
    ]
    assert texts(second) == [
        ["Program", "Anggaran"],
        ["1. Program Dukungan Manajemen", "Rp. 2.647.529.000,-"],
        ["2. Penyelenggaraan Pemilu", "Rp. 26.608.457.000,-"],
    ]
    assert [(c.line, c.col) for c in second.rows[2].cells] == [(22, 0), (26, 1)]


def test_repeated_header_starts_a_new_table() -> None:
    dump = (
        "Indikator Kinerja Target\n\nPersentase kegiatan 90 %\nkoordinasi yang terlaksana\n\n"
        "Sasaran 3\nTerwujudnya SDM yang Berkualitas\n\nIndikator Kinerja Target\n\n"
        "Nilai akuntabilitas kinerja B\n\nOpini BPK WTP\n"
    )
    first, second = parse_text_dump(dump).tables
    assert texts(first) == [
        ["Indikator Kinerja", "Target"],
        ["Persentase kegiatan koordinasi yang terlaksana", "90%"],
    ]
    assert texts(second)[1:] == [["Nilai akuntabilitas kinerja", "B"], ["Opini BPK", "WTP"]]
    assert second.caption == "Sasaran 3 Terwujudnya SDM yang Berkualitas"


def test_library_does_not_print(capsys: pytest.CaptureFixture[str]) -> None:
    parse_text_dump(MARKDOWN + TSV + ALIGNED + ONE_PER_LINE, source="mixed.txt")
    assert capsys.readouterr() == ("", "")


def test_prose_with_numbers_is_not_a_table() -> None:
    prose = (
        "Realisasi Anggaran\n\n"
        "Pada tahun 2024 realisasi anggaran KPU mencapai 99,42 persen dari pagu yang\n"
        "ditetapkan sebesar Rp 41.661.103.000 sehingga dapat dikatakan sangat baik dan\n"
        "efisien dalam penggunaannya.\n"
    )
    content = parse_text_dump(prose)
    assert content.tables == ()
    assert len(content.narrative) == 4


def test_token_helpers() -> None:
    assert split_values("Persentase kegiatan 90 %") == ("Persentase kegiatan", ["90%"])
    assert split_values("1. Program Dukungan Rp 2.885.908.000") == (
        "1. Program Dukungan",
        ["Rp 2.885.908.000"],
    )
    assert split_values("Nilai Akuntabilitas Kinerja B CcC 60") == (
        "Nilai Akuntabilitas Kinerja",
        ["B", "CcC", "60"],
    )
    assert split_values("dipublikasikan pada publik") == ("dipublikasikan pada publik", [])
    assert header_kind("Realisas1") == "value"  # OCR damage
    assert header_kind("Indikator") == "label"
    assert header_kind("(%)") == "filler"
    assert header_kind("Prabumulih") is None
    assert is_numbering_line("(1) (2) (3)")
    assert is_numbering_line("1 2 3 4 5 6 7 8 9 10 1 12 13")
    assert not is_numbering_line("90 85 94")


# --- properties -----------------------------------------------------------------------------------

cell_text = st.text(alphabet="abcXYZ019., %", min_size=1, max_size=12).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(cell_text, min_size=2, max_size=2).map(tuple), min_size=1, max_size=6),
    st.integers(0, 3),
)
def test_markdown_round_trip(grid: list[tuple[str, str]], lead: int) -> None:
    body = "\n".join(f"| {a} | {b} |" for a, b in grid)
    dump = "judul\n" * lead + "\n" + body + "\n"
    (table,) = parse_text_dump(dump).tables
    assert [tuple(r) for r in texts(table)] == [(" ".join(a.split()), " ".join(b.split())) for a, b in grid]
    assert [r.cells[0].line for r in table.rows] == list(range(lead + 2, lead + 2 + len(grid)))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet="abc XYZ019.,%|\t-*", max_size=40),
            st.sampled_from(
                ["Target", "Realisasi", "Program", "Anggaran", "90 85 100", "Rp 1.000", "\f", ""]
            ),
        ),
        max_size=40,
    )
)
@example(["%", "Target", "X", "90 85 100", "", "a"])  # a lone lower-case line after the table
def test_every_line_is_table_or_narrative_once(lines: list[str]) -> None:
    dump = "\n".join(lines)
    content = parse_text_dump(dump)
    numbered, _ = split_dump(dump)
    nonempty = {ln.number for ln in numbered if ln.text.strip()}
    spans = []
    for t in content.tables:
        cell_lines = [n for r in t.rows for c in r.cells if (n := c.line) is not None]
        assert cell_lines, "a table without located cells"
        spans.append((min(cell_lines), max(cell_lines)))
        assert all(isinstance(r, TableRow) for r in t.rows)
        assert [r.index for r in t.rows] == list(range(len(t.rows)))
    narrative = {ln for n in content.narrative if (ln := n.line) is not None}
    assert narrative <= nonempty
    assert [t.index for t in content.tables] == list(range(len(content.tables)))
    for lo, hi in spans:
        assert not any(lo <= n <= hi for n in narrative)
    assert nonempty - narrative <= {n for lo, hi in spans for n in range(lo, hi + 1)} | _claimed_gaps(content)


def _claimed_gaps(content: TextContent) -> set[int]:
    """Separator rows, header lines and column numbers belong to a table but carry no cell."""
    out: set[int] = set()
    for t in content.tables:
        lines = [n for r in t.rows for c in r.cells if (n := c.line) is not None]
        out.update(range(min(lines) - 1, max(lines) + 2))
    return out


# --- seed reports ---------------------------------------------------------------------------------


def _numbers(text: str) -> set[float]:
    """Every reading of every number in ``text``: Indonesian, English, or separators dropped."""
    out: set[float] = set()
    for tok in re.findall(r"\d[\d.,]*", text):
        tok = tok.rstrip(".,")
        digits = re.sub(r"[.,]", "", tok)
        out.add(float(digits))
        for thousands, decimal in ((".", ","), (",", ".")):
            head, _, tail = tok.partition(decimal)
            if re.fullmatch(rf"\d{{1,3}}(\{thousands}\d{{3}})*|\d+", head) and (not tail or tail.isdigit()):
                out.add(float(head.replace(thousands, "") + ("." + tail if tail else "")))
    return out


def _collapse(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word.upper())


def _row_prints(row: TableRow, gold: dict[str, object]) -> bool:
    text = " ".join(row.texts())
    numbers = _numbers(text)
    words = {_collapse(w) for w in re.findall(r"[A-Za-z]+", text)}
    for key in ("target", "realisasi", "capaian", "pagu", "persen"):
        value = gold.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            if value.lower() not in text.lower() and _collapse(value) not in words:
                return False
        elif not any(abs(n - float(value)) < 0.006 for n in numbers):  # type: ignore[arg-type]
            return False
    return True


def seed_recall(stem: str) -> tuple[int, int]:
    """Gold performance/budget rows whose line sits in a table row that prints their values."""
    content = parse_text_dump((SEEDS / f"{stem}.txt").read_text(encoding="utf-8"))
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    rows = []
    for t in content.tables:
        for r in t.rows:
            lines = [n for c in r.cells if (n := c.line) is not None]
            if lines:
                rows.append((min(lines), max(lines), r))
    wanted = gold["performance"] + gold["budget"]
    found = sum(1 for g in wanted if any(lo <= g["line"] <= hi and _row_prints(r, g) for lo, hi, r in rows))
    return found, len(wanted)


@pytest.mark.parametrize(
    ("stem", "floor"),
    [
        ("002_71f42d07af92d301", 0.95),  # TSV
        ("003_c112caca8715f4b7", 0.95),  # markdown, plus "Program / Anggaran" one per line
        ("000_473ae7671d36c3fd", 0.95),  # OCR, one cell per line (measured 57/57)
    ],
)
def test_seed_gold_rows_are_inside_table_rows(stem: str, floor: float) -> None:
    found, total = seed_recall(stem)
    assert total > 0
    assert found / total >= floor, f"{stem}: {found}/{total}"


# Recorded from `pdftotext -layout` of a generated report: markers left-aligned, figures
# right-aligned, and the next column's 'Rp' one space after the figure before it.
LAYOUT_BUDGET = """\
               Tabel 3.5 Analisa Efisiensi Penggunaan Sumber Daya TA 2024

      Kode                              Program/Kegiatan/Output                                       Pagu                    Realisasi                   %
6709.QGE.001   Perencanaan dan Penganggaran Pemilu                                               Rp     426.483.000 Rp              372.684.240               99,25
6709.QGE.003   Fasilitasi Seleksi Calon Anggota KPU Provinsi dan KPU Kabupaten/Kota              Rp            20.000 Rp                        0             78,33
6709.QGE.004   Penyelenggaraan Pelatihan Teknis Kepemiluan                                       Rp          5.640.000 Rp              5.618.832           100,00
"""
LAYOUT_PERFORMANCE = """\
No     Sasaran Strategis                 Indikator Kinerja                 Target         Realisasi     Capaian
                              Persentase KPU Kota Prabumulih, PPK,            95%           100%         105%
6    Terwujudnya Pemilu       Persentase KPU Kota Prabumulih, PPK             95%            95%         100%
                              Persentase sengketa hukum yang               100%             100%         100%
"""


def test_layout_dump_keeps_currency_markers_with_their_figures() -> None:
    (table,) = parse_text_dump(LAYOUT_BUDGET).tables
    assert table.method == Method.TEXT_ALIGNED
    assert [r.texts()[-3:] for r in table.rows[1:]] == [
        ("Rp 426.483.000", "Rp 372.684.240", "99,25"),
        ("Rp 20.000", "Rp 0", "78,33"),
        ("Rp 5.640.000", "Rp 5.618.832", "100,00"),
    ]


def test_layout_dump_columns_tolerate_a_character_of_jitter() -> None:
    """'100%' starts three characters left of '95%' above it: still one Target column."""
    (table,) = parse_text_dump(LAYOUT_PERFORMANCE).tables
    assert table.rows[0].texts()[-3:] == ("Target", "Realisasi", "Capaian")
    assert [r.texts()[-3:] for r in table.rows[1:]] == [
        ("95%", "100%", "105%"),
        ("95%", "95%", "100%"),
        ("100%", "100%", "100%"),
    ]


LAYOUT_TALL_CELLS = """\
No      Sasaran Strategis                  Indikator Kinerja                  Target        Realisasi      Capaian
16    Terwujudnya               Jumlah Laporan Barang Milik Negara           2 Laporan     100 Laporan          -
      Penatausahaan Barang
      Milik Negara yang
      akuntabel
17    Terwujudnya               Ketepatan Pelaporan Keuangan                   100%          84,99%             -
      Akuntabilitas Keuangan

     Dari tabel di atas dapat dilihat bahwa sebagian besar indikator kinerja telah mencapai target
"""


def test_layout_dump_rows_after_a_tall_wrapped_cell_stay_in_the_table() -> None:
    """Three lone lines of a wrapped sasaran cell are not a gap that ends the table; the
    paragraph after it is not part of it."""
    (table,) = parse_text_dump(LAYOUT_TALL_CELLS).tables
    numbers = [r.texts()[0] for r in table.rows]
    assert numbers == ["No", "16", "17"]
    assert table.rows[2].texts()[-3:] == ("100%", "84,99%", "-")
    assert "Penatausahaan Barang Milik Negara yang akuntabel" in table.rows[1].texts()[1]
