"""The compare page (extractor.output.compare_page) of a real batch, and the audit pages it links."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from extractor.compare import compare
from extractor.output.compare_page import absorption_chart, render_compare_page
from extractor.output.formats import words

runner = CliRunner()


def test_compare_page_states_its_criteria_and_links_every_unit(compared_batch: Path) -> None:
    page = (compared_batch / "compare.html").read_text(encoding="utf-8")
    w = words("id")
    for heading in (
        "absorption",
        "indicators_across",
        "flags_per_unit",
        "outliers",
        "implausible",
        "missing",
    ):
        assert w[heading] in page
    assert "maks(10 poin, 3 × MAD)" in page and "50%" in page  # outlier and missing criteria
    assert "≥ 100% Sangat berhasil" in page and "1.000%" in page  # bands and the implausible bound
    assert "Rp 51.412.431.000" in page and "92,31%" in page  # rupiah and Indonesian decimals
    assert "Tidak diperingkat" in page and "Alasan:" in page  # a unit without a total says why
    links = set(re.findall(r'href="(results/[^"]+\.audit\.html)"', page))
    assert len(links) == 5 and all((compared_batch / link).is_file() for link in links)
    assert "10.000%" in page or "10.000,00%" in page or "5.000%" in page  # the implausible capaian row


def test_compare_page_in_english(compared_batch: Path) -> None:
    page = render_compare_page(compare(compared_batch), lang="en")
    assert "Comparison across units" in page and "Budget absorption" in page and "Not ranked" in page


def test_absorption_chart_has_rupiah_figures_an_axis_and_the_year(compared_batch: Path) -> None:
    spec = absorption_chart(compare(compared_batch).absorption, words("id"))
    assert spec is not None
    layers = spec["layer"]
    assert layers[0]["encoding"]["x"]["title"] == "Penyerapan anggaran (%)"
    assert spec["title"] == "Penyerapan anggaran 2024"
    text = json.dumps(spec, ensure_ascii=False)  # data inline in the spec, no url to load
    assert '"url"' not in text
    assert "Rp 51,4\xa0M" in text and "Rp 51.412.431.000" in text  # babel: a no-break space before M
