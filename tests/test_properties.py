"""Properties of the value parser (grades, percents, counts: what tests/test_values.py leaves out)
and of the table/row model: random grids never raise, and formatted Indonesian numbers placed
under a generated header come back out of the pipeline as the same numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.header import Role
from extractor.ingest import InputFile
from extractor.models import Cell, Method, Satker, Table, TableRow
from extractor.normalise import build_records
from extractor.pipeline import ExtractSettings, _matcher, assemble
from extractor.roles import detect_roles
from extractor.rows import semantic_rows
from extractor.stitch import assign_roles
from extractor.values import ValueKind, parse_amount, parse_value

GRADES = ("AA", "A", "BB", "B", "CC", "C", "D")
COUNT_UNITS = ("kali", "dokumen", "laporan", "orang", "kegiatan", "satker")


def id_number(value: Decimal, places: int) -> str:
    """``value`` printed the Indonesian way: dots between thousands, a comma before decimals."""
    us = f"{value:,.{places}f}"
    return us.translate(str.maketrans(",.", ".,"))


decimals = st.builds(
    lambda units, places: (Decimal(units).scaleb(-places), places),
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=3),
)
# Below 1000: '1.000%' is read as 1.0 (a percent column prefers the decimal reading, see test_values).
percents = decimals.filter(lambda d: d[0] < 1000)


# --------------------------------------------------------------------------- grades


@given(st.sampled_from(GRADES), st.sampled_from(["", " ", "  "]), st.sampled_from(["", '"', "'"]))
def test_grades_round_trip(grade: str, pad: str, quote: str) -> None:
    raw = f"{pad}{quote}{grade}{quote}{pad}"
    parsed = parse_value(raw)
    assert (parsed.kind, parsed.value, parsed.unit) == (ValueKind.GRADE, grade, "grade")
    assert parsed.raw == raw and parsed.repairs == ()


@given(st.sampled_from(GRADES), decimals)
def test_score_beside_grade_keeps_the_grade(grade: str, score: tuple[Decimal, int]) -> None:
    raw = f"{id_number(*score)} ({grade})"
    parsed = parse_value(raw)
    assert (parsed.kind, parsed.value) == (ValueKind.GRADE, grade), raw
    assert any("score" in r for r in parsed.repairs)


@given(st.text(alphabet=st.sampled_from("ABCDEabcde()0123456789 ,.'\""), max_size=8))
def test_grade_values_are_always_valid_grades(raw: str) -> None:
    parsed = parse_value(raw)
    if parsed.kind is ValueKind.GRADE:
        assert parsed.value in GRADES


# --------------------------------------------------------------------------- percents and counts


@given(percents, st.sampled_from(["%", " %", " persen"]), st.sampled_from(["any", "percent", "number"]))
def test_indonesian_percents_round_trip(number: tuple[Decimal, int], sign: str, expect: str) -> None:
    value, places = number
    raw = f"{id_number(value, places)}{sign}"
    parsed = parse_value(raw, expect=expect)  # type: ignore[arg-type]
    assert parsed.kind is ValueKind.PERCENT, raw
    assert parsed.value == float(value), raw
    assert parsed.unit == "%"


@given(decimals)
def test_indonesian_numbers_round_trip_with_hint(number: tuple[Decimal, int]) -> None:
    value, places = number
    parsed = parse_value(id_number(value, places), decimal_hint="id")
    assert parsed.kind is ValueKind.NUMBER
    assert parsed.value == (int(value) if places == 0 else float(value))


@given(decimals)
def test_us_numbers_round_trip_with_hint(number: tuple[Decimal, int]) -> None:
    value, places = number
    parsed = parse_value(f"{value:,.{places}f}", decimal_hint="en")
    assert parsed.kind is ValueKind.NUMBER
    assert parsed.value == (int(value) if places == 0 else float(value))


@given(st.integers(min_value=1000, max_value=10**12))  # '(4)' is a column number, not an amount
def test_bracketed_amounts_are_negative(n: int) -> None:
    raw = f"({id_number(Decimal(n), 0)})"
    parsed = parse_amount(raw)
    assert (parsed.kind, parsed.value) == (ValueKind.AMOUNT, -n), raw


@given(st.integers(min_value=1, max_value=999), st.sampled_from(COUNT_UNITS), st.booleans())
def test_counts_round_trip(n: int, unit: str, title: bool) -> None:
    raw = f"{n} {unit.title() if title else unit}"
    parsed = parse_value(raw)
    assert (parsed.kind, parsed.value, parsed.unit) == (ValueKind.COUNT, n, unit), raw


# --------------------------------------------------------------------------- the table/row model


def make_table(rows: list[list[str]], *, index: int = 0, caption: str | None = None) -> Table:
    return Table(
        index,
        Method.TEXT_MARKDOWN,
        tuple(
            TableRow(r, tuple(Cell(t, r, c, None, r + 1, None) for c, t in enumerate(texts)))
            for r, texts in enumerate(rows)
        ),
        caption=caption,
    )


HEADER_WORDS = [
    "No",
    "Sasaran",
    "Indikator Kinerja",
    "Target",
    "Realisasi",
    "Capaian",
    "Pagu",
    "Realisasi Anggaran",
    "%",
    "Kode",
    "Uraian",
    "Satuan",
    "Keterangan",
    "Tahun 2024",
    "(1)",
]
cell_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(HEADER_WORDS),
    st.sampled_from(["90%", "99,92", "33.801.000", "Rp. 1.234,-", "-", "B", "WTP", "12 kali", "1."]),
)
grids = st.lists(st.lists(cell_text, min_size=0, max_size=7), min_size=0, max_size=8)
SOURCE = InputFile(Path("generated.txt"), "text", "0" * 64, 1, 1)
SATKER = Satker("KPU Kota Prabumulih", "kota", "Prabumulih", "Sumatera Selatan", 2024)


@settings(max_examples=150, deadline=None)
@given(st.lists(grids, min_size=1, max_size=3), st.one_of(st.none(), st.integers(2000, 2049)))
def test_row_model_never_raises_on_random_grids(tables: list[list[list[str]]], year: int | None) -> None:
    built = [make_table(g, index=i) for i, g in enumerate(tables)]
    for t in built:
        roles = detect_roles(t, year)
        if roles is not None:
            assert len(roles.roles) == t.n_cols and 0 < roles.header_rows <= len(t.rows)
    for rt in assign_roles(built, year):
        assert rt.roles.kind != "other"
        for row in semantic_rows(rt, year):
            assert row.kind in ("performance", "agreement", "budget")
            assert all(isinstance(role, Role) for role in row.cells)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(grids, min_size=1, max_size=3))
def test_assemble_never_raises_and_keeps_raw_cells(tables: list[list[list[str]]]) -> None:
    built = tuple(make_table(g, index=i) for i, g in enumerate(tables))
    doc = assemble(SOURCE, "text", SATKER, built, (), (), ExtractSettings())
    printed = {text for grid in tables for row in grid for text in row}
    values = [v for i in doc.indicators for v in (i.target, i.realisasi, i.capaian)]
    values += [v for b in doc.budget for v in (b.pagu, b.realisasi, b.persen)]
    for v in values:
        assert v is None or v.raw in printed


@st.composite
def budget_tables(draw: st.DrawFn) -> tuple[list[list[str]], list[tuple[int, int, Decimal]]]:
    """A budget table in Indonesian format, with the numbers it was printed from."""
    header = draw(
        st.sampled_from(
            [
                ["No", "Uraian", "Pagu", "Realisasi", "%"],
                ["No", "Program/Kegiatan", "Pagu Anggaran", "Realisasi Anggaran", "Persentase"],
                ["No", "Uraian", "Alokasi (Rp)", "Realisasi (Rp)", "Penyerapan (%)"],
            ]
        )
    )
    decorate = draw(st.sampled_from(["{}", "Rp. {},-", "Rp {}", "{},00"]))
    n = draw(st.integers(min_value=1, max_value=6))
    rows, numbers = [header], []
    for i in range(1, n + 1):
        pagu = draw(st.integers(min_value=1_000_000, max_value=10**12))
        real = draw(st.integers(min_value=0, max_value=pagu))
        pct = (Decimal(real) * 100 / Decimal(pagu)).quantize(Decimal("0.01"))
        rows.append(
            [
                f"{i}.",
                f"Belanja operasional satuan kerja nomor {i}",
                decorate.format(id_number(Decimal(pagu), 0)),
                decorate.format(id_number(Decimal(real), 0)),
                f"{id_number(pct, 2)}%",
            ]
        )
        numbers.append((pagu, real, pct))
    return rows, numbers


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budget_tables())
def test_budget_table_round_trips_through_assemble(case: tuple[list[list[str]], list[tuple]]) -> None:
    rows, numbers = case
    table = make_table(rows, caption="Tabel 3.4 Realisasi Anggaran TA 2024")
    doc = assemble(SOURCE, "text", SATKER, (table,), (), (), ExtractSettings())
    got = [
        (b.pagu.value, b.realisasi.value, b.persen.value)
        for b in doc.budget
        if b.pagu and b.realisasi and b.persen
    ]
    assert len(doc.budget) == len(numbers)
    assert got == [(p, r, float(pct)) for p, r, pct in numbers]
    for b in doc.budget:
        assert b.provenance.file == "generated.txt" and b.provenance.line is not None


@st.composite
def performance_tables(draw: st.DrawFn) -> tuple[list[list[str]], list[tuple[Decimal, Decimal, Decimal]]]:
    header = draw(
        st.sampled_from(
            [
                ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
                ["No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)"],
            ]
        )
    )
    percent = st.builds(lambda units: Decimal(units).scaleb(-2), st.integers(min_value=1, max_value=20_000))
    n = draw(st.integers(min_value=1, max_value=6))
    rows, numbers = [header], []
    for i in range(1, n + 1):
        target, real, cap = draw(percent), draw(percent), draw(percent)
        values = [f"{id_number(v, 2)}%" for v in (target, real, cap)]
        label = f"Persentase dokumen uji nomor {i} yang selesai"
        middle = ["Terwujudnya sasaran uji", label] if len(header) == 6 else [label]
        rows.append([f"{i}.", *middle, *values])
        numbers.append((target, real, cap))
    return rows, numbers


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(performance_tables())
def test_performance_table_round_trips_through_normalise(case: tuple[list[list[str]], list[tuple]]) -> None:
    rows, numbers = case
    table = make_table(rows, caption="Tabel 3.1 Pengukuran Kinerja Tahun 2024")
    roled = assign_roles([table], 2024)
    assert len(roled) == 1 and roled[0].roles.kind == "performance"
    records = build_records(
        "generated.txt", roled, [semantic_rows(rt, 2024) for rt in roled], _matcher(ExtractSettings())
    )
    got = [
        (o.target.value, o.realisasi.value, o.capaian.value)
        for o in records.occurrences
        if o.target and o.realisasi and o.capaian
    ]
    assert len(records.occurrences) == len(numbers)
    assert got == [(float(t), float(r), float(c)) for t, r, c in numbers]
    assert [o.label for o in records.occurrences] == [row[-4] for row in rows[1:]]
