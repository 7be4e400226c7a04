"""The review web app: token and loopback guard, pages without network resources, decisions saved
and exported (extractor.review.app, through Flask's test client; the browser test drives it for real)."""

from __future__ import annotations

import re
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from flask.testing import FlaskClient

from extractor.errors import UsageError
from extractor.pipeline import extract
from extractor.review.app import ReviewSettings, Session, create_app, start
from extractor.review.store import load_review, review_path
from extractor.writers import write_outputs
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "pdf" / "002_71f42d07af92d301_ruled_defects.pdf"


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("results")
    shutil.copy(SAMPLE, out / SAMPLE.name)
    write_outputs(extract(SAMPLE), out, SAMPLE.stem, csv=True)
    return out


@pytest.fixture
def session(results: Path, tmp_path: Path) -> Session:
    folder = tmp_path / "r"
    shutil.copytree(results, folder)
    return Session(ReviewSettings(folder, reviewer="ana"))


@pytest.fixture
def client(session: Session) -> FlaskClient:
    return create_app(session).test_client()


def test_every_request_needs_the_token_and_a_loopback_host(session: Session, client: FlaskClient) -> None:
    for path in ("/", "/api/state", "/api/catalogue?q=opini", "/api/crop/0/x.png"):
        assert client.get(path).status_code == 403
        assert client.get(path + ("&" if "?" in path else "?") + "token=wrong").status_code == 403
    assert client.get("/", query_string={"token": session.token}).status_code == 200
    assert client.get("/api/state", headers={"X-Lakip-Token": session.token}).status_code == 200
    rebinding = client.get("/", query_string={"token": session.token}, headers={"Host": "evil.example:8000"})
    assert rebinding.status_code == 403
    assert client.post("/api/decide/0/x", json={"action": "accept"}).status_code == 403


def test_the_page_loads_nothing_from_the_network(session: Session, client: FlaskClient) -> None:
    page = client.get("/", query_string={"token": session.token})
    html = page.get_data(as_text=True)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Referrer-Policy"] == "no-referrer"  # the token never leaves in a Referer


def test_decisions_are_saved_beside_the_result_and_reach_its_csv(session: Session, client: FlaskClient) -> None:
    headers = {"X-Lakip-Token": session.token}
    state = client.get("/api/state", headers=headers).get_json()
    item = next(i for i in state["items"] if i["kind"] == "budget")
    bad = client.post(f"/api/decide/0/{item['row']}", json={"action": "edit", "fields": {"pagu": "lots"}}, headers=headers)
    assert bad.status_code == 400 and "not an amount" in bad.get_json()["error"]
    good = client.post(
        f"/api/decide/0/{item['row']}", json={"action": "edit", "fields": {"pagu": "1.234.000"}}, headers=headers
    )
    assert good.status_code == 200, good.get_json()
    assert good.get_json()["item"]["status"] == "edit" and good.get_json()["item"]["fields"]["pagu"] == "1.234.000"
    doc = session.docs[0]
    review = load_review(review_path(doc.result))
    assert review is not None and review.get(item["row"]).after == {"pagu": 1_234_000}  # type: ignore[union-attr]
    budget = pd.read_csv(doc.result.parent / f"{SAMPLE.stem}.budget.csv")
    assert budget.loc[budget["reviewed"] == "pagu", "pagu"].tolist() == [1_234_000]
    assert client.post("/api/decide/0/nope", json={"action": "accept"}, headers=headers).status_code == 404
    assert client.post("/api/decide/7/x", json={"action": "accept"}, headers=headers).status_code == 404
    assert client.post(f"/api/decide/0/{item['row']}", data="[]", headers=headers).status_code == 400


def test_crops_search_and_lines(session: Session, client: FlaskClient) -> None:
    headers = {"X-Lakip-Token": session.token}
    item = client.get("/api/state", headers=headers).get_json()["items"][0]
    crop = client.get(f"/api/crop/0/{item['row']}.png", query_string={"token": session.token})
    assert crop.status_code == 200 and crop.mimetype == "image/png" and crop.data[:4] == b"\x89PNG"
    found = client.get("/api/catalogue", query_string={"q": "opini bpk"}, headers=headers).get_json()
    assert found and found[0]["id"] == "opini_bpk"
    assert client.get(f"/api/lines/0/{item['row']}", headers=headers).get_json() == []  # a PDF has no lines


def test_the_server_binds_loopback_only(results: Path) -> None:
    running = start(ReviewSettings(results, reviewer="ana"))
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    try:
        assert running.server.server_address[0] == "127.0.0.1"
        assert running.url.startswith(f"http://127.0.0.1:{running.server.port}/?token=")
        with urllib.request.urlopen(running.url, timeout=10) as response:
            assert response.status == 200
        with pytest.raises(urllib.error.HTTPError) as denied:
            urllib.request.urlopen(running.url.split("?")[0], timeout=10)
        assert denied.value.code == 403
        with pytest.raises(UsageError, match="choose another --port"):
            start(ReviewSettings(results, reviewer="ana", port=running.server.port))
    finally:
        running.shutdown()
        thread.join(timeout=10)


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError):
        ReviewSettings(Path("."), port=70000)
    with pytest.raises(ValueError):
        ReviewSettings(Path("."), reviewer=" ")


def test_a_text_dump_shows_its_source_lines(seed_dir: Path, tmp_path: Path) -> None:
    seed = seed_dir / "003_c112caca8715f4b7.txt"
    shutil.copy(seed, tmp_path / seed.name)
    write_outputs(extract(seed), tmp_path, seed.stem, csv=False)
    session = Session(ReviewSettings(tmp_path, reviewer="ana"))
    client = create_app(session).test_client()
    headers = {"X-Lakip-Token": session.token}
    item = client.get("/api/state", headers=headers).get_json()["items"][0]
    lines = client.get(f"/api/lines/0/{item['row']}", headers=headers).get_json()
    assert [entry["line"] for entry in lines if entry["here"]] == [item["line"]]
    assert client.get(f"/api/crop/0/{item['row']}.png", headers=headers).status_code == 404
