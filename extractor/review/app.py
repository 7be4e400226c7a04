"""The local web app of ``lakip review`` (Flask, served by Werkzeug on the loopback interface).

Safe by default: it binds 127.0.0.1 only, every request must carry the random token of the URL
(query ``token`` or header ``X-Lakip-Token``) and a loopback Host header (no DNS rebinding), pages
load nothing from the network (CSP ``default-src 'self'``, script and style inline), files are
reached by document number and row id only (never by a path from the request), and decisions are
written atomically.
"""

from __future__ import annotations

import getpass
import hmac
import secrets
import socket
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, jsonify, render_template, request
from werkzeug.serving import BaseWSGIServer, make_server

from extractor.catalogue import Catalogue, fold, load_catalogue
from extractor.errors import InvalidDataError, LakipError, UsageError
from extractor.review.crops import crop_png, source_lines
from extractor.review.exports import refresh
from extractor.review.queue import QueueSettings, ReviewDoc, items, load_docs, progress, queue
from extractor.review.store import (
    FIELDS,
    Review,
    decide,
    empty_review,
    load_review,
    review_path,
    row_ids,
    save_review,
    stale_rows,
)

HOST = "127.0.0.1"
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost"})
CSP = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SEARCH_LIMIT = 12


@dataclass(frozen=True)
class ReviewSettings:
    """One validated object for ``lakip review``."""

    target: Path  # a folder of results, or one result JSON
    sources: Path | None = None  # where the reports are, when not beside their results
    catalogue: Path | None = None
    reviewer: str = field(default_factory=getpass.getuser)
    port: int = 0  # 0: any free port
    queue: QueueSettings = field(default_factory=QueueSettings)

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError("port must be within 0-65535")
        if not self.reviewer.strip():
            raise ValueError("reviewer must not be empty")


class Session:
    """The documents under review and their corrections; decisions are serialised by one lock."""

    def __init__(self, settings: ReviewSettings) -> None:
        self.settings = settings
        self.folder = settings.target if settings.target.is_dir() else settings.target.parent
        self.docs = load_docs(settings.target, settings.sources)
        self.catalogue: Catalogue = load_catalogue(settings.catalogue)
        self.reviews: dict[int, Review | None] = {d.index: load_review(review_path(d.result)) for d in self.docs}
        self.token = secrets.token_urlsafe(24)
        self.lock = threading.Lock()

    def doc(self, index: int) -> ReviewDoc:
        if not 0 <= index < len(self.docs):
            abort(404)
        return self.docs[index]

    def row(self, doc: ReviewDoc, row_id: str) -> tuple[str, Mapping[str, Any]]:
        for kind, index, found in row_ids(doc.data):
            if found == row_id:
                return kind, doc.data["indicators" if kind == "indicator" else "budget"][index]
        abort(404)

    def state(self) -> dict[str, Any]:
        rows = queue(self.docs, self.reviews, self.settings.queue)
        stale = [
            {"file": d.name, "row": c.row, "page": c.page, "label": c.label, "action": c.action}
            for d in self.docs
            for c in stale_rows(d.data, self.reviews[d.index])
        ]
        return {
            "items": rows,
            "progress": progress(rows),
            "stale": stale,
            "docs": [{"index": d.index, "file": d.name, "kind": d.data["source"]["kind"]} for d in self.docs],
            "fields": FIELDS,
            "reviewer": self.settings.reviewer,
        }

    def decide(self, index: int, row_id: str, action: str, texts: Mapping[str, str]) -> dict[str, Any]:
        doc = self.doc(index)
        kind, row = self.row(doc, row_id)
        with self.lock:
            review = self.reviews[index] or empty_review(doc.data)
            target = (kind, row_id, row)
            review = decide(review, target, action, texts, self.settings.reviewer, self.catalogue)  # type: ignore[arg-type]
            save_review(review, review_path(doc.result))
            self.reviews[index] = review
            refresh(doc, review, self.folder)
        item = next(i for i in items(doc, review, self.settings.queue) if i["row"] == row_id)
        rows = queue(self.docs, self.reviews, self.settings.queue)
        return {"item": item, "progress": progress(rows)}

    def search(self, text: str) -> list[dict[str, Any]]:
        """Catalogue indicators whose id, name or aliases contain every word of ``text``."""
        words = fold(text).split()
        found = []
        for entry in self.catalogue.indicators:
            haystack = fold(" ".join((entry.id, entry.name, *entry.aliases)))
            if all(w in haystack for w in words):
                found.append({"id": entry.id, "name": entry.name, "unit": entry.unit})
            if len(found) >= SEARCH_LIMIT:
                break
        return found


def create_app(session: Session) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024

    @app.before_request
    def guard() -> None:
        host = (request.host or "").rsplit(":", 1)[0]
        given = request.args.get("token") or request.headers.get("X-Lakip-Token") or ""
        if host not in LOOPBACK_NAMES or not hmac.compare_digest(given.encode(), session.token.encode()):
            abort(403)

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    _routes(app, session)
    return app


def _routes(app: Flask, session: Session) -> None:
    @app.get("/")
    def page() -> str:
        return render_template("review.html", token=session.token, target=str(session.settings.target))

    @app.get("/api/state")
    def state() -> Response:
        return jsonify(session.state())

    @app.get("/api/crop/<int:index>/<row_id>.png")
    def crop(index: int, row_id: str) -> Response:
        doc = session.doc(index)
        _, row = session.row(doc, row_id)
        png = crop_png(doc.source, doc.data["source"]["kind"], row) if doc.source else None
        if png is None:
            abort(404)
        return Response(png, mimetype="image/png")

    @app.get("/api/lines/<int:index>/<row_id>")
    def lines(index: int, row_id: str) -> Response:
        doc = session.doc(index)
        _, row = session.row(doc, row_id)
        text = doc.source is not None and doc.data["source"]["kind"] == "text"
        return jsonify(source_lines(doc.source, row) if text and doc.source else [])

    @app.get("/api/catalogue")
    def search() -> Response:
        return jsonify(session.search(request.args.get("q", "")))

    @app.post("/api/decide/<int:index>/<row_id>")
    def decision(index: int, row_id: str) -> tuple[Response, int]:
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("fields", {}), dict):
            return jsonify({"error": "expected a JSON object with action and fields"}), 400
        texts = {str(k): str(v) for k, v in body.get("fields", {}).items()}
        try:
            return jsonify(session.decide(index, row_id, str(body.get("action", "")), texts)), 200
        except InvalidDataError as exc:
            return jsonify({"error": exc.message}), 400
        except LakipError as exc:
            return jsonify({"error": exc.one_line()}), 500


@dataclass(frozen=True)
class Running:
    """A started review server: its URL (with the token) and the server to stop."""

    url: str
    server: BaseWSGIServer

    def serve_forever(self) -> None:
        self.server.serve_forever()

    def shutdown(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start(settings: ReviewSettings) -> Running:
    """Load the results and bind the server (not yet serving: call ``serve_forever``).

    The socket is bound here, not by Werkzeug, whose own bind prints and exits on a busy port."""
    session = Session(settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, settings.port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {HOST}:{settings.port} ({exc.strerror}); choose another --port") from None
    try:
        server = make_server(HOST, settings.port, create_app(session), threaded=True, fd=sock.fileno())
    finally:
        sock.close()  # the server holds its own duplicate of the socket
    return Running(f"http://{HOST}:{server.port}/?token={session.token}", server)
