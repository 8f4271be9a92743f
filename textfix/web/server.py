"""``textfix serve``: a local web page to repair a pasted text or a dropped file.

The page (``index.html``, ``app.js``, ``style.css`` beside this module) sends the text's or
the file's bytes; the server decodes them as the command does (:func:`textfix.io.decode_bytes`:
the encoding, BOM and line endings are kept), repairs them, and answers with the changed
lines side by side and every finding explained.  Each guess can be accepted or rejected
(:meth:`textfix.model.Repair.choose`); the download is the result in the file's own
encoding, with its BOM and line endings.

What it does not do: it listens on 127.0.0.1 only; it reads no file but what is sent to
it, at most :data:`MAX_UPLOAD` bytes (413 past that); it keeps nothing (no session, no
temporary file: every request carries the bytes it is about, and they are gone when it is
answered).  Requests must name this server in ``Host`` (no DNS rebinding) and POSTs must
come from its own page (``Origin``; cross-site forms cannot send the content type it
takes); every answer carries a strict Content-Security-Policy.  Standard library only
(:class:`http.server.ThreadingHTTPServer`).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import textfix
from textfix.config import Config
from textfix.diff import json_safe, rows
from textfix.io import Decoded, InputError, decode_bytes
from textfix.model import Applicability, Repair

#: Largest upload: 5 MB is a long book as plain text; bigger files are a job for the command.
MAX_UPLOAD = 5 * 1024 * 1024
#: Documents up to this many lines are shown whole (a screenful); longer ones show the
#: lines with changes or findings, with :data:`CONTEXT_LINES` lines around them.
WHOLE_LINES = 30
CONTEXT_LINES = 2
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
STATIC = {"/": ("index.html", "text/html; charset=utf-8"),
          "/app.js": ("app.js", "text/javascript; charset=utf-8"),
          "/style.css": ("style.css", "text/css; charset=utf-8")}
#: One repair at a time: the language model is not shared between threads.
_REPAIR_LOCK = threading.Lock()


class RequestError(Exception):
    """A request the page cannot be served for: the status and a message for people."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def newlines(text: str) -> str:
    """The text's line endings: ``LF``, ``CRLF``, ``CR``, ``mixed`` or ``none``.

    >>> newlines("a\\r\\nb\\r\\n"), newlines("a\\nb\\r\\n"), newlines("a")
    ('CRLF', 'mixed', 'none')
    """
    crlf = text.count("\r\n")
    lf, cr = text.count("\n") - crlf, text.count("\r") - crlf
    kinds = [k for k, n in (("CRLF", crlf), ("LF", lf), ("CR", cr)) if n]
    return kinds[0] if len(kinds) == 1 else "mixed" if kinds else "none"


def _ids(values: list[str]) -> list[int]:
    try:
        return [int(v) for item in values for v in item.split(",") if v.strip()]
    except ValueError as err:
        raise RequestError(HTTPStatus.BAD_REQUEST, "accept and reject take finding numbers") from err


def decode(data: bytes, kind: str, name: str) -> Decoded:
    """Pasted text is UTF-8 (the page sends it so); a file is decoded as the command does."""
    try:
        return decode_bytes(data, "utf-8" if kind == "paste" else None, name)
    except InputError as err:
        raise RequestError(HTTPStatus.UNPROCESSABLE_ENTITY, f"{name}: {err.reason}") from err


def analyse(data: bytes, query: dict[str, list[str]], scorer: str) -> tuple[Decoded, Repair, Repair, str]:
    """(the decoded input, its repair at the defaults, the repair with the page's choices,
    the name) for one request."""
    name = (query.get("name") or ["pasted.txt"])[0][:255] or "pasted.txt"
    decoded = decode(data, (query.get("kind") or ["file"])[0], name)
    with _REPAIR_LOCK:
        base = textfix.repair(decoded.text, config=Config(scorer=scorer))
    try:
        chosen = base.choose(accept=_ids(query.get("accept", [])), reject=_ids(query.get("reject", [])))
    except (ValueError, IndexError) as err:
        raise RequestError(HTTPStatus.CONFLICT, str(err)) from err
    return decoded, base, chosen, name


def _choice(i: int, base: Repair, chosen: Repair) -> tuple[str | None, str | None]:
    """(the button a finding gets: accept, unaccept, reject, restore or None; why there is
    none, when a guess cannot be chosen)."""
    f, now = base.findings[i], chosen.findings[i]
    if f.is_flag or f.applicability is Applicability.FLAG:
        return None, None
    if f.applied:
        if not now.applied:
            return "restore", None
        if f.applicability is Applicability.SAFE:
            return None, "a safe fix: always applied"
        problem = base.reject_problem(i)
        return ("reject", None) if problem is None else (None, problem)
    if now.applied:
        return "unaccept", None
    problem = chosen.accept_problem(i)
    return ("accept", None) if problem is None else (None, problem)


def findings_json(base: Repair, chosen: Repair) -> list[dict[str, Any]]:
    """Every finding, explained, with the choice the page offers."""
    from textfix.formats import Positions
    from textfix.rules import RULES

    at = Positions(base.original)
    out = []
    for i, (f, now) in enumerate(zip(base.findings, chosen.findings, strict=True)):
        line, col = at(f.start)
        button, blocked = _choice(i, base, chosen)
        rule = RULES.get(f.code)
        out.append({
            "id": i, "code": f.code, "kind": f.kind, "line": line, "column": col, "start": f.start,
            "end": f.end, "confidence": round(f.confidence, 2), "applicability": f.applicability.value,
            "applied": now.applied, "default": f.applied, "message": f.message, "before": f.before,
            "after": f.after, "rule": rule.summary if rule else "", "button": button, "blocked": blocked,
        })
    return out


def rows_json(repair: Repair) -> list[dict[str, Any]]:
    """The document as rows: changed lines as pieces (kept, deleted, inserted), unchanged
    lines as text, and gaps where unchanged lines far from any change or finding are left
    out (documents up to :data:`WHOLE_LINES` lines are shown whole)."""
    from textfix.formats import Positions

    lines = repair.original.split("\n")
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # the text ends with a line break: no empty line after it
    changed = rows(repair, trim=False)
    keep: set[int] = set()
    if len(lines) > WHOLE_LINES:
        at = Positions(repair.original)
        marks = [at(f.start)[0] for f in repair.findings] + [n for r in changed for n in (r.line, r.last)]
        for n in marks:
            keep.update(range(n - CONTEXT_LINES, n + CONTEXT_LINES + 1))
    out: list[dict[str, Any]] = []

    def same(a: int, b: int) -> None:  # unchanged lines a..b-1 (1-based)
        gap = 0
        for n in range(a, b):
            if keep and n not in keep:
                gap += 1
                continue
            if gap:
                out.append({"gap": gap})
                gap = 0
            out.append({"n": n, "text": lines[n - 1].removesuffix("\r")})
        if gap:
            out.append({"gap": gap})

    pos = 1
    for r in changed:
        same(pos, r.line)
        out.append({"n": r.line, "last": r.last, "codes": r.codes, "notes": r.all_notes,
                    "pieces": [[p.op, p.text, p.title] for p in r.pieces]})
        pos = r.last + 1
    same(pos, len(lines) + 1)
    return out


def response(data: bytes, query: dict[str, list[str]], scorer: str) -> dict[str, Any]:
    """The page's view of one input with its choices."""
    decoded, base, chosen, name = analyse(data, query, scorer)
    found = findings_json(base, chosen)
    return {
        "name": name, "encoding": decoded.encoding, "bom": bool(decoded.bom), "bytes": len(data),
        "newlines": newlines(decoded.text), "changed": chosen.changed,
        "counts": {"applied": sum(f["applied"] for f in found),
                   "suggestions": sum(not f["applied"] and f["after"] is not None for f in found),
                   "flags": sum(f["after"] is None for f in found)},
        "rows": rows_json(chosen), "findings": found,
    }


def download(data: bytes, query: dict[str, list[str]], scorer: str) -> tuple[bytes, str]:
    """The result with the page's choices in the input's own encoding, BOM and line endings."""
    decoded, _, chosen, name = analyse(data, query, scorer)
    try:
        return decoded.encode(chosen.text, name), name
    except InputError as err:
        raise RequestError(HTTPStatus.UNPROCESSABLE_ENTITY, err.reason) from err


class Handler(BaseHTTPRequestHandler):
    """The page's files and its two calls, ``/api/repair`` and ``/api/download``."""

    server: TextfixServer
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return "textfix"

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = {"Content-Type": ctype, "Content-Length": str(len(body)), "Content-Security-Policy": CSP,
                   "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                   "Cache-Control": "no-store", "Cross-Origin-Opener-Policy": "same-origin",
                   "Cross-Origin-Resource-Policy": "same-origin", **(extra or {})}
        if self.close_connection:
            headers["Connection"] = "close"
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _fail(self, status: int, message: str) -> None:
        body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8")

    def _host_ok(self) -> bool:
        if self.headers.get("Host", "") not in self.server.hosts:
            self.close_connection = True
            self._fail(HTTPStatus.MISDIRECTED_REQUEST, "this server answers only to its own address "
                       f"({sorted(self.server.hosts)[0]})")
            return False
        return True

    def do_GET(self) -> None:
        if not self._host_ok():
            return
        path = urlsplit(self.path).path
        if path == "/favicon.ico":
            self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
            return
        if path not in self.server.static:
            self._fail(HTTPStatus.NOT_FOUND, "no such page")
            return
        body, ctype = self.server.static[path]
        self._send(HTTPStatus.OK, body, ctype)

    do_HEAD = do_GET

    def _body(self) -> bytes:
        if self.headers.get("Origin") not in self.server.origins:
            raise RequestError(HTTPStatus.FORBIDDEN, "only this server's own page may send text to it")
        if self.headers.get_content_type() != "application/octet-stream":
            raise RequestError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                               "send the bytes as application/octet-stream")
        if "Transfer-Encoding" in self.headers or "Content-Length" not in self.headers:
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "the upload needs a Content-Length")
        try:
            length = int(self.headers["Content-Length"])
        except ValueError as err:
            raise RequestError(HTTPStatus.BAD_REQUEST, "Content-Length is not a number") from err
        if length < 0:
            raise RequestError(HTTPStatus.BAD_REQUEST, "Content-Length is negative")
        if length > MAX_UPLOAD:
            raise RequestError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                               f"the file is {length / 1e6:.1f} MB; this page takes up to "
                               f"{MAX_UPLOAD / 1e6:.1f} MB (use the command, textfix repair, for more)")
        return self.rfile.read(length)

    def do_POST(self) -> None:
        if not self._host_ok():
            return
        url = urlsplit(self.path)
        try:
            if url.path not in ("/api/repair", "/api/download"):
                raise RequestError(HTTPStatus.NOT_FOUND, "no such call")
            data = self._body()
            query = parse_qs(url.query)
            if url.path == "/api/repair":
                body = json_safe(json.dumps(response(data, query, self.server.scorer), ensure_ascii=False))
                self._send(HTTPStatus.OK, body.encode("utf-8"), "application/json; charset=utf-8")
                return
            payload, name = download(data, query, self.server.scorer)
            plain = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in name)
            disposition = f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"
            self._send(HTTPStatus.OK, payload, "application/octet-stream",
                       {"Content-Disposition": disposition})
        except RequestError as err:
            if err.status in (HTTPStatus.REQUEST_ENTITY_TOO_LARGE, HTTPStatus.LENGTH_REQUIRED):
                self.close_connection = True  # the body was not read
            self._fail(err.status, err.message)

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"textfix serve: {format % args}\n")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = urlsplit(self.path).path  # never the query: it holds file names
        self.log_message("%s %s %s", self.command, path, code)


class TextfixServer(ThreadingHTTPServer):
    """The server, bound to 127.0.0.1, with the page's files read once from the package."""

    daemon_threads = True

    def __init__(self, port: int, scorer: str = "auto", quiet: bool = False) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        real = self.server_address[1]
        self.hosts = {f"127.0.0.1:{real}", f"localhost:{real}"}
        self.origins = {f"http://{h}" for h in self.hosts}
        self.scorer = scorer
        self.quiet = quiet
        files = resources.files("textfix.web")
        self.static = {path: (files.joinpath(name).read_bytes(), ctype)
                       for path, (name, ctype) in STATIC.items()}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


def serve(args: argparse.Namespace) -> int:
    """``textfix serve``: serve the page until Ctrl-C."""
    try:
        server = TextfixServer(args.port, args.scorer or "auto", quiet=args.quiet)
    except OSError as err:
        print(f"textfix serve: error: cannot listen on 127.0.0.1:{args.port}: {err.strerror or err}",
              file=sys.stderr)
        return 2
    print(f"textfix serve: open {server.url} (this machine only; nothing is stored; Ctrl-C stops it)",
          file=sys.stderr, flush=True)
    if args.open:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
