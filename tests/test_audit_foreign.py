"""Other units named in the report (extractor.audit.foreign)."""

from __future__ import annotations

from extractor.models import (
    Method,
    Satker,
)
from tests.audit_builders import (
    audit,
    indicator,
    lines,
    narrative,
)


def test_foreign_satker_groups_and_grades_mentions() -> None:
    text = narrative(
        "Rapat bersama KPU Kabupaten Lebong dan KPU Provinsi Bengkulu serta KPU RI.",
        "Supervisi KPU Kota Palembang; laporan KPU Kabupaten Lebong menyusul.",
        "Laporan KPU Kabupaten Rejang Lebong. Desa di Kecamatan Kota Padang terpencil.",
    )
    flags = audit(text=text, only="foreign_satker")
    by_name = {f.values["region"]: f for f in flags}
    assert set(by_name) == {"Lebong", "Palembang"}
    assert by_name["Lebong"].severity == "info" and lines(by_name["Lebong"]) == {500, 501}
    assert by_name["Palembang"].severity == "warning" and by_name["Palembang"].values["mentions"] == 1
    assert all(p.method is Method.NARRATIVE for f in flags for p in f.provenance)


def test_foreign_satker_in_a_table_label_and_unknown_unit() -> None:
    inds = (indicator("Persentase Keputusan KPU Kota Prabumulih yang tepat waktu", 90, 90, 100, 9),)
    (flag,) = audit(inds, only="foreign_satker")
    assert flag.values["region"] == "Prabumulih" and lines(flag) == {9}
    unknown = Satker(None, None, None, None, 2024)
    assert not audit(inds, satker=unknown, only="foreign_satker")


def test_foreign_satker_for_a_province_unit() -> None:
    kalteng = Satker("KPU Provinsi Kalimantan Tengah", "provinsi", "Kalimantan Tengah", None, 2024)
    text = narrative(
        "Supervisi ke KPU Kota Palangka Raya bersama KPU Provinsi Kalimantan Tengah.",
        "",
        "Rapat dengan KPU Provinsi Kalimantan Barat.",
    )
    flags = audit(text=text, satker=kalteng, only="foreign_satker")
    assert {(f.values["region"], f.severity) for f in flags} == {
        ("Palangka Raya", "info"),
        ("Kalimantan Barat", "warning"),
    }
