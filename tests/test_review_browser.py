"""End to end in a real headless Chromium: a person corrects a batch with the keyboard only.

Drives the Debian ``chromium`` with ``chromium-driver`` through Selenium (both installed by
``.ci/setup``). A missing browser or driver fails the test with what to install; it never skips.
Set LAKIP_REVIEW_SCREENSHOT=docs/review.png to refresh the README's screenshot.
"""

from __future__ import annotations

import csv
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from extractor.bulk import BatchSettings, run_batch
from extractor.review.app import ReviewSettings, start
from extractor.review.store import load_review, review_path, row_ids, stale_rows
from extractor.writers import read_result
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "pdf" / "002_71f42d07af92d301_ruled_defects.pdf"
RESULT = "results/002_71f42d07af92d301_ruled_defects.pdf.json"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
INSTALL = "install Debian's chromium and chromium-driver (make setup / .ci/setup) and `pip install selenium`"


def browser() -> Any:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail(f"selenium is not installed: {INSTALL}")
    if CHROMIUM is None or DRIVER is None:
        pytest.fail(f"no {'chromium' if CHROMIUM is None else 'chromedriver'} on PATH: {INSTALL}")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    return webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, Path]:
    reports, out = tmp_path / "reports", tmp_path / "out"
    reports.mkdir()
    shutil.copy(SAMPLE, reports / SAMPLE.name)
    run_batch(reports, out, batch=BatchSettings(jobs=1, csv=True))
    return reports, out


@pytest.fixture
def server(batch: tuple[Path, Path]) -> Iterator[str]:
    reports, out = batch
    running = start(ReviewSettings(out, sources=reports, reviewer="auditor"))
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running.url
    running.shutdown()
    thread.join(timeout=10)


def wait(condition: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if result := condition():
                return result
        except StaleElementReferenceException:  # the page re-rendered the element meanwhile
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def row_of(out: Path, label_start: str, role: str = "performance") -> str:
    data = read_result(out / RESULT)
    for kind, index, row_id in row_ids(data):
        row = data["indicators"][index] if kind == "indicator" else None
        if row and row["label_raw"].startswith(label_start) and row["role"] == role:
            return row_id
    raise AssertionError(f"no {role} row {label_start!r}")


def combined(out: Path) -> list[dict[str, str]]:
    with (out / "indicators.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def view(out: Path) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(out / "lakip.duckdb"), read_only=True)
    try:
        return con.execute("SELECT indicator_id, label, realisasi, capaian_computed FROM capaian_per_indicator").fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_a_person_corrects_a_batch_with_the_keyboard_and_the_corrections_stick(
    server: str, batch: tuple[Path, Path], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    reports, out = batch
    value_row = row_of(out, "Persentase kesesuaian kompetensi pegawai")  # realisasi missing
    id_row = row_of(out, "Nilai Evaluasi atas Pelaksanaan Reformasi")  # matched evaluasi_reformasi_birokrasi
    fake_row = row_of(out, "Persentase Tersedianya Sarana")
    driver = browser()
    try:
        driver.get(server)
        current = lambda: driver.find_element(By.ID, "current")  # noqa: E731
        wait(lambda: current().get_attribute("data-row"), "the first row")
        Select(driver.find_element(By.ID, "f-check")).select_by_value("*")  # every row
        Select(driver.find_element(By.ID, "f-role")).select_by_value("performance")
        page = driver.find_element(By.TAG_NAME, "body")

        def go_to(row_id: str) -> None:
            rows = len(driver.find_elements(By.CSS_SELECTOR, "#queue li"))
            for key in ("j", "k"):  # forward to the end, then back to the start
                for _ in range(rows):
                    if current().get_attribute("data-row") == row_id:
                        return
                    page.send_keys(key)
            raise AssertionError(f"row {row_id} not in the queue")

        def decided(row_id: str, status: str) -> None:
            wait(
                lambda: driver.find_element(By.CSS_SELECTOR, f'#queue li[data-row="{row_id}"] .status').text == status,
                f"{row_id} {status}",
            )

        # a value: e focuses the first field, Tab walks to realisasi, Enter saves
        go_to(value_row)
        wait(lambda: driver.find_element(By.ID, "crop").get_attribute("naturalWidth") not in (None, "0"), "the crop")
        page.send_keys("e")
        active = driver.switch_to.active_element
        assert active.get_attribute("name") == "indicator_id"
        for _ in range(5):  # search, label, unit, target, realisasi
            active.send_keys(Keys.TAB)
            active = driver.switch_to.active_element
        assert active.get_attribute("name") == "realisasi"
        active.send_keys(Keys.CONTROL, "a")
        active.send_keys("97,5%", Keys.ENTER)
        decided(value_row, "edit")

        # a catalogue id: / opens the search, words find the entry, Enter picks it, Enter saves
        go_to(id_row)
        page.send_keys("/")
        search = driver.switch_to.active_element
        assert search.get_attribute("id") == "search"
        search.send_keys("indeks reformasi birokrasi")
        wait(lambda: driver.find_elements(By.CSS_SELECTOR, "#search-results li.sel"), "search results")
        search.send_keys(Keys.ENTER)
        picked = driver.switch_to.active_element
        assert picked.get_attribute("value") == "indeks_reformasi_birokrasi"
        picked.send_keys(Keys.ENTER)
        decided(id_row, "edit")

        # not a real row: x rejects it
        go_to(fake_row)
        page.send_keys("x")
        decided(fake_row, "reject")
        shot = tmp_path / "review.png"
        go_to(value_row)
        wait(lambda: driver.find_element(By.ID, "crop").get_attribute("naturalWidth") not in (None, "0"), "the crop")
        driver.save_screenshot(str(shot))
    finally:
        driver.quit()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if target := os.environ.get("LAKIP_REVIEW_SCREENSHOT"):
        shutil.copy(shot, target)

    review = load_review(review_path(out / RESULT))
    assert review is not None
    assert {c.row: c.action for c in review.corrections} == {value_row: "edit", id_row: "edit", fake_row: "reject"}
    assert review.get(value_row).after == {"realisasi": 97.5}  # type: ignore[union-attr]
    assert review.get(id_row).who == "auditor"  # type: ignore[union-attr]

    def corrections_show() -> None:
        rows = combined(out)
        value = next(r for r in rows if r["label"].startswith("Persentase kesesuaian kompetensi") and r["role"] == "performance")
        assert float(value["realisasi"]) == 97.5 and value["reviewed"] == "realisasi"
        assert not [r for r in rows if r["label"].startswith("Persentase Tersedianya Sarana") and r["role"] == "performance"]
        fixed = next(r for r in rows if r["label"].startswith("Nilai Evaluasi atas Pelaksanaan Reformasi"))
        assert fixed["indicator_id"] == "indeks_reformasi_birokrasi" and fixed["reviewed"] == "indicator_id"
        in_view = {(r[0], r[1][:40]): r for r in view(out)}
        assert ("indeks_reformasi_birokrasi", fixed["label"][:40]) in in_view
        assert in_view[("kompetensi_pegawai", value["label"][:40])][2:] == (97.5, 97.5)
        assert not any(label.startswith("Persentase Tersedianya Sarana") for _, label in in_view)

    corrections_show()  # the review app rewrote the combined outputs after each decision

    run_batch(reports, out, batch=BatchSettings(jobs=1, csv=True))  # extract the same file again
    corrections_show()
    assert stale_rows(read_result(out / RESULT), load_review(review_path(out / RESULT))) == ()
