"""Tests of the region gazetteer: the shipped data, its validation, lookups and mention finding."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.errors import InputNotFoundError, InvalidDataError
from extractor.gazetteer import Gazetteer, Region, compact_key, load_gazetteer

NEW_PAPUA = ("Papua Selatan", "Papua Tengah", "Papua Pegunungan", "Papua Barat Daya")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _write(tmp_path: Path, data: object, name: str = "extra.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _minimal(units: list[dict[str, object]]) -> dict[str, object]:
    return {"version": 1, "provinces": [{"name": "Sumatera Selatan", "units": units}]}


# ------------------------------------------------------------------------------------------- data


def test_all_38_provinces_and_514_units(gaz: Gazetteer) -> None:
    assert len(gaz.provinces) == 38
    kinds = Counter(r.kind for r in gaz.regions)
    assert kinds["kabupaten"] == 416
    assert kinds["kota"] == 98
    assert kinds["kabupaten"] + kinds["kota"] >= 500


def test_every_province_has_plausible_units(gaz: Gazetteer) -> None:
    sizes = {p.name: len(gaz.units(p.name)) for p in gaz.provinces}
    assert all(1 <= n <= 40 for n in sizes.values()), sizes
    assert sizes["Jawa Barat"] == 27
    assert sizes["Jawa Timur"] == 38
    assert sizes["DKI Jakarta"] == 6
    assert sizes["Papua Selatan"] == 4
    assert sum(sizes.values()) == 514


def test_new_papua_provinces_hold_their_regencies(gaz: Gazetteer) -> None:
    assert {p.name for p in gaz.provinces} >= set(NEW_PAPUA)
    assert gaz.province_of("Merauke", "kabupaten") == "Papua Selatan"
    assert gaz.province_of("Mimika", "kabupaten") == "Papua Tengah"
    assert gaz.province_of("Jayawijaya", "kabupaten") == "Papua Pegunungan"
    assert gaz.province_of("Sorong", "kota") == "Papua Barat Daya"
    assert gaz.province_of("Manokwari", "kabupaten") == "Papua Barat"


def test_names_are_title_case_without_prefix(gaz: Gazetteer) -> None:
    for region in gaz.regions:
        first = region.name.split()[0].casefold()
        assert first not in {"kabupaten", "kab", "kota", "provinsi"}, region
        assert region.name[0].isupper(), region


# ---------------------------------------------------------------------------------------- lookups


def test_homonyms_of_different_kinds_are_kept_apart(gaz: Gazetteer) -> None:
    for name in ("Bekasi", "Bogor", "Malang", "Serang", "Tasikmalaya"):
        assert {r.kind for r in gaz.lookup(name)} == {"kabupaten", "kota"}, name
    assert {r.kind for r in gaz.lookup("Bengkulu")} == {"provinsi", "kota"}
    assert {r.kind for r in gaz.lookup("Gorontalo")} == {"provinsi", "kabupaten", "kota"}
    assert [r.kind for r in gaz.lookup("Kab. Bogor")] == ["kabupaten"]
    assert [r.kind for r in gaz.lookup("Bogor", "kota")] == ["kota"]


@pytest.mark.parametrize(
    ("spelling", "name", "kind"),
    [
        ("Tanjung Balai", "Tanjungbalai", "kota"),
        ("Pangkal Pinang", "Pangkalpinang", "kota"),
        ("Palangkaraya", "Palangka Raya", "kota"),
        ("Banyu Asin", "Banyuasin", "kabupaten"),
        ("Kep. Seribu", "Kepulauan Seribu", "kabupaten"),
        ("KEPULAUAN MENTAWAI", "Kepulauan Mentawai", "kabupaten"),
        ("Toli-Toli", "Tolitoli", "kabupaten"),
        ("Sumatra Utara", "Sumatera Utara", "provinsi"),
        ("Padang Sidempuan", "Padangsidimpuan", "kota"),
    ],
)
def test_alternative_spellings(gaz: Gazetteer, spelling: str, name: str, kind: str) -> None:
    assert [(r.name, r.kind) for r in gaz.lookup(spelling)] == [(name, kind)]


def test_province_of(gaz: Gazetteer) -> None:
    assert gaz.province_of("Prabumulih", "kota") == "Sumatera Selatan"
    assert gaz.province_of("Rejang Lebong") == "Bengkulu"
    assert gaz.province_of("Kalimantan Tengah", "provinsi") == "Kalimantan Tengah"
    assert gaz.province_of("Bogor") == "Jawa Barat"  # both Bogors lie in Jawa Barat
    assert gaz.province_of("Atlantis") is None


def test_every_region_is_found_by_its_explicit_name(gaz: Gazetteer) -> None:
    for region in gaz.regions:
        text = f"Sekretariat KPU {region.kind.capitalize()} {region.name} menyusun laporan"
        mentions = gaz.find_mentions(text)
        assert [(m.region, m.explicit) for m in mentions] == [(region, True)], text
        assert gaz.lookup(region.name, region.kind) == [region]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_case_and_spacing_do_not_matter(gaz: Gazetteer, data: st.DataObject) -> None:
    region = data.draw(st.sampled_from(gaz.regions))
    upper = data.draw(st.booleans())
    joiner = data.draw(st.sampled_from([" ", "  ", "\n", "-"]))
    spelled = joiner.join(region.name.split())
    spelled = spelled.upper() if upper else spelled.lower()
    assert region in gaz.lookup(spelled, region.kind)


# --------------------------------------------------------------------------------------- mentions


def test_explicit_mentions_with_offsets(gaz: Gazetteer) -> None:
    text = "Rapat KPU Kabupaten Lahat, KPU Kota Palembang dan KPU Provinsi Jambi; juga Kota Jambi."
    mentions = gaz.find_mentions(text)
    got = [(m.text, m.region.name, m.region.kind, m.explicit) for m in mentions]
    assert got == [
        ("Kabupaten Lahat", "Lahat", "kabupaten", True),
        ("Kota Palembang", "Palembang", "kota", True),
        ("Provinsi Jambi", "Jambi", "provinsi", True),
        ("Kota Jambi", "Jambi", "kota", True),
    ]
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.confident


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("KPU Kab. Rejang\nLebong", "Rejang Lebong", "kabupaten"),
        ("KPU Kab Lahat", "Lahat", "kabupaten"),
        ("KOMISI PEMILIHAN UMUM PROVINSI KALIMANTANTENGAH", "Kalimantan Tengah", "provinsi"),
        ("KOMISI PEMILIHAN UMUM KOTAPRABUMULIH", "Prabumulih", "kota"),
        ("KPU Kota Administrasi Jakarta Selatan", "Jakarta Selatan", "kota"),
        ("KPU Kabupaten Administrasi Kepulauan Seribu", "Kepulauan Seribu", "kabupaten"),
        ("Propinsi Papua Barat Daya", "Papua Barat Daya", "provinsi"),
        ("KPU Kota Batu", "Batu", "kota"),
    ],
)
def test_ocr_and_abbreviated_explicit_mentions(gaz: Gazetteer, text: str, name: str, kind: str) -> None:
    mentions = gaz.find_mentions(text)
    assert [(m.region.name, m.region.kind, m.explicit) for m in mentions] == [(name, kind, True)]


def test_glued_kind_word_never_splits_a_real_name(gaz: Gazetteer) -> None:
    mentions = gaz.find_mentions("Kotabaru, Kotamobagu dan Kotawaringin Barat", include_weak=True)
    assert [(m.region.name, m.region.kind, m.explicit) for m in mentions] == [
        ("Kotabaru", "kabupaten", False),  # weak: "kota baru" is also a common phrase
        ("Kotamobagu", "kota", False),
        ("Kotawaringin Barat", "kabupaten", False),
    ]


def test_common_words_are_not_flagged(gaz: Gazetteer) -> None:
    text = (
        "Di pesisir selatan pulau itu batu bara diangkut ke padang yang luas; sari pati dan batu "
        "dijual di tegal. Sungai penuh air, tanah datar, lima puluh kota kecil, metro dan puncak acara."
    )
    assert gaz.find_mentions(text) == []
    weak = gaz.find_mentions(text, include_weak=True)
    assert weak, "the weak candidates are still available on request"
    assert all(not m.explicit and m.weak and not m.confident for m in weak)


def test_shared_bare_names_are_weak_but_explicit_ones_are_not(gaz: Gazetteer) -> None:
    assert gaz.find_mentions("di Bogor dan Bengkulu") == []
    weak = gaz.find_mentions("di Bogor", include_weak=True)
    assert {m.region.kind for m in weak} == {"kabupaten", "kota"}
    assert all(m.weak for m in weak)
    both = gaz.find_mentions("Kota Bogor dan Kabupaten Bogor")
    assert [(m.region.kind, m.confident) for m in both] == [("kota", True), ("kabupaten", True)]


def test_kabupaten_slash_kota_names_no_kind(gaz: Gazetteer) -> None:
    mentions = gaz.find_mentions("KPU Kabupaten/Kota Bogor", include_weak=True)
    assert mentions and all(not m.explicit for m in mentions)


def test_unique_bare_names_are_confident(gaz: Gazetteer) -> None:
    mentions = gaz.find_mentions("Prabumulih, 16 Januari 2025; Kalimantan Tengah")
    assert [(m.region.name, m.explicit, m.confident) for m in mentions] == [
        ("Prabumulih", False, True),
        ("Kalimantan Tengah", False, True),
    ]


def test_longest_name_wins_and_names_do_not_run_across_punctuation(gaz: Gazetteer) -> None:
    mentions = gaz.find_mentions("Kabupaten Bengkulu Selatan; Rejang, Lebong")
    assert [m.region.name for m in mentions] == ["Bengkulu Selatan", "Lebong"]


def test_names_and_kind_words_do_not_reach_across_paragraphs(gaz: Gazetteer) -> None:
    text = "Rejang\n\n\n\n\nLebong; Kota\n\n\n\n\nPalembang; Kota\n\n\n\n\nAdministrasi Jakarta Selatan"
    mentions = gaz.find_mentions(text)
    assert [(m.region.name, m.explicit) for m in mentions] == [
        ("Lebong", False),
        ("Palembang", False),
        ("Jakarta Selatan", False),
    ]


@settings(max_examples=40, deadline=None)
@given(
    parts=st.lists(
        st.one_of(
            st.sampled_from(["KPU Kota Prabumulih", "Kabupaten Lahat", "Palembang", "Provinsi Jambi"]),
            st.text(alphabet="abcdefghijklmnop ,.\n-/", max_size=20),
        ),
        max_size=12,
    )
)
def test_mentions_are_ordered_disjoint_and_exact(gaz: Gazetteer, parts: list[str]) -> None:
    text = " ".join(parts)
    mentions = gaz.find_mentions(text, include_weak=True)
    previous = (-1, -1)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        # spans never overlap; one span repeats only for a name several regions share
        assert (m.start, m.end) == previous or m.start >= previous[1]
        previous = (m.start, m.end)


def test_find_mentions_on_a_long_text_finds_every_mention(gaz: Gazetteer) -> None:
    text = "Laporan KPU Kabupaten Ogan Ilir tentang Kota Palembang dan lainnya. " * 2000  # ~130k chars
    assert len(gaz.find_mentions(text)) == 4000  # its speed is a benchmark's business, not a test's


# ------------------------------------------------------------------------------- validation, extra


def test_schema_rejects_a_bad_type_with_a_json_pointer(tmp_path: Path) -> None:
    path = _write(tmp_path, _minimal([{"name": "Lahat", "type": "kecamatan"}]))
    with pytest.raises(InvalidDataError) as info:
        load_gazetteer(path)
    message = str(info.value)
    assert str(path) in message
    assert "/provinces/0/units/0/type" in message
    assert info.value.exit_code == 11


def test_schema_rejects_unknown_keys_and_missing_names(tmp_path: Path) -> None:
    bad = {"version": 1, "provinces": [{"units": []}], "colour": "blue"}
    with pytest.raises(InvalidDataError, match="JSON pointer"):
        load_gazetteer(_write(tmp_path, bad))


def test_broken_yaml_and_duplicates_are_rejected(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nprovinces: [\n  - {name: Bali\n", encoding="utf-8")
    with pytest.raises(InvalidDataError, match="not valid YAML"):
        load_gazetteer(broken)
    twice = _minimal([{"name": "Lahat", "type": "kabupaten"}, {"name": "LAHAT", "type": "kabupaten"}])
    with pytest.raises(InvalidDataError, match="/provinces/0/units/1"):
        load_gazetteer(_write(tmp_path, twice, "twice.yaml"))


def test_missing_extra_file(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError):
        load_gazetteer(tmp_path / "nope.yaml")


def test_extra_file_adds_aliases_and_units(tmp_path: Path) -> None:
    extra = {
        "version": 1,
        "common_words": ["Prabu"],
        "provinces": [
            {
                "name": "Sumatera Selatan",
                "units": [{"name": "Prabumulih", "type": "kota", "aliases": ["Prabumuleh"]}],
            },
            {"name": "Nusantara Baru", "units": [{"name": "Ibu Kota Nusantara", "type": "kota"}]},
        ],
    }
    gaz = load_gazetteer(_write(tmp_path, extra))
    assert [r.name for r in gaz.lookup("Prabumuleh")] == ["Prabumulih"]
    assert gaz.province_of("Ibu Kota Nusantara", "kota") == "Nusantara Baru"
    assert len(gaz.provinces) == 39
    assert load_gazetteer().lookup("Prabumuleh") == []  # the packaged data is untouched
    assert load_gazetteer() is load_gazetteer()  # cached


def test_region_satker_name_and_compact_key() -> None:
    assert Region("Rejang Lebong", "kabupaten", "Bengkulu").satker_name == "KPU Kabupaten Rejang Lebong"
    assert Region("Jambi", "provinsi", "Jambi").satker_name == "KPU Provinsi Jambi"
    assert compact_key("Tanjung-Balai") == compact_key("TANJUNGBALAI") == "tanjungbalai"
    assert compact_key("Kаlimantan") == "kalimantan"  # Cyrillic 'а' read by OCR
