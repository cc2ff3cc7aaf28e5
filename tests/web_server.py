"""A real HTTP server on 127.0.0.1 for web-source tests: fixture pages and feeds, and misbehaving endpoints.

Files under tests/fixtures/web/ are served at their relative path (`/news/ferry-strike.html`,
`/feeds/world.rss`, `/feeds/world.atom`); `{base}` in them becomes the server's base URL. Every file
response carries an ETag and a Last-Modified date and answers 304 to a matching If-None-Match or
If-Modified-Since. robots.txt disallows /private/ for every crawler.

Endpoints:
    /status/<code>     that status code (429 and 503 with Retry-After: 1)
    /redirect[?to=P]   302 to P (default /news/ferry-strike.html)
    /chain/<n>         n (at least 1) redirects in a row, then the ferry-strike page
    /loop              /loop -> /loop-back -> /loop ...
    /hang              headers never come (the handler waits up to 30 s, or until the server stops)
    /trickle           200 text/html, then one byte every 0.5 s until the client goes away
    /big[?declared=1]  12 MB of HTML streamed without (or, with declared=1, with) a Content-Length
    /garbage           4 KiB of random bytes served as text/html
    /notxml-feed       an HTML body served as application/rss+xml
    /nested            a paragraph inside 10,000 nested <div>s
    /nav-only          a page that is all navigation
    /pdf               a small %PDF body served as application/pdf
"""

from __future__ import annotations

import hashlib
import random
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "web"
ROBOTS_TXT = b"User-agent: *\nDisallow: /private/\n"
LAST_MODIFIED = "Thu, 16 May 2024 12:00:00 GMT"
BIG_BYTES = 12_000_000
HANG_SECONDS = 30.0
TRICKLE_INTERVAL = 0.5
NESTED_DEPTH = 10_000
_CHUNK = 64 * 1024
_BY_SUFFIX = {
    ".html": "text/html; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
}
# Pages that test charset handling: one names its charset only in the HTTP header, one only in a <meta>.
_CONTENT_TYPES = {
    "/news/harbour-fire.html": "text/html; charset=windows-1252",
    "/news/valley-protest.html": "text/html",
}
_ALIASES = {"/nav-only": "/nav-only.html"}


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the server saw it: path with query, headers (lower-case names), monotonic time."""

    path: str
    headers: dict[str, str]
    at: float


class WebServer:
    """The test server; use as a context manager, or call `start()` and `stop()`.

    `base_url` is `http://127.0.0.1:<port>`; `requests` is a snapshot of every request received since
    the last `reset()`, in arrival order; `paths()` lists just their paths. `robots_status` makes
    /robots.txt answer with that status instead (e.g. 404 for "no robots.txt", 503 for "unreachable").
    """

    def __init__(self, *, robots_status: int = 200) -> None:
        self.robots_status = robots_status
        self.stopping = threading.Event()
        self._log: list[RecordedRequest] = []
        self._log_lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    def start(self) -> WebServer:
        """Bind a free port on 127.0.0.1 and serve from a daemon thread."""
        handler = type("BoundHandler", (_Handler,), {"server_state": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        # A short poll interval makes stop() quick.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="web-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake hanging handlers, stop serving and close the listening socket."""
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def url(self, path: str) -> str:
        """The absolute URL of `path` (which starts with "/") on this server."""
        return self.base_url + path

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received since the last `reset()`."""
        with self._log_lock:
            return list(self._log)

    def paths(self) -> list[str]:
        """The paths (with query) of `requests`."""
        return [request.path for request in self.requests]

    def reset(self) -> None:
        """Forget the requests received so far."""
        with self._log_lock:
            self._log.clear()

    def record(self, request: RecordedRequest) -> None:
        """Append `request` to the log (called by the handler)."""
        with self._log_lock:
            self._log.append(request)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Idle keep-alive connections end after this, so handler threads do not pile up.
    timeout = 10
    server_state: ClassVar[WebServer]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        state = self.server_state
        state.record(
            RecordedRequest(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
        )
        parts = urlsplit(self.path)
        path = _ALIASES.get(parts.path, parts.path)
        query = parse_qs(parts.query)
        try:
            self._route(path, query)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _route(self, path: str, query: dict[str, list[str]]) -> None:
        state = self.server_state
        if path == "/robots.txt":
            if state.robots_status == 200:
                self._send(200, "text/plain", ROBOTS_TXT)
            else:
                self._send(state.robots_status, "text/plain", b"robots.txt is not available\n")
        elif path.startswith("/status/") and path[len("/status/") :].isdigit():
            code = int(path[len("/status/") :])
            extra = {"Retry-After": "1"} if code in (429, 503) else {}
            self._send(code, "text/plain", f"status {code}\n".encode(), extra)
        elif path == "/redirect":
            self._redirect(query.get("to", ["/news/ferry-strike.html"])[0])
        elif path.startswith("/chain/") and path[len("/chain/") :].isdigit():
            left = int(path[len("/chain/") :])
            self._redirect(f"/chain/{left - 1}" if left > 1 else "/news/ferry-strike.html")
        elif path == "/loop":
            self._redirect("/loop-back")
        elif path == "/loop-back":
            self._redirect("/loop")
        elif path == "/hang":
            state.stopping.wait(HANG_SECONDS)
            self._send(200, "text/plain", b"too late\n")
        elif path == "/trickle":
            self._trickle()
        elif path == "/big":
            self._big(declared="declared" in query)
        elif path == "/garbage":
            self._send(200, "text/html", random.Random(7).randbytes(4096))
        elif path == "/notxml-feed":
            self._send(
                200, "application/rss+xml", b"<html><body><p>Moved: see our news pages.</p></body></html>"
            )
        elif path == "/nested":
            paragraph = b"<p>Rebels shelled the outskirts of Varna on Friday, officials said.</p>"
            body = (
                b"<html><body>"
                + b"<div>" * NESTED_DEPTH
                + paragraph
                + b"</div>" * NESTED_DEPTH
                + b"</body></html>"
            )
            self._send(200, "text/html", body)
        elif path == "/pdf":
            self._send(200, "application/pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
        else:
            self._file(path)

    def _file(self, path: str) -> None:
        file = (FIXTURES / path.lstrip("/")).resolve()
        if FIXTURES not in file.parents or not file.is_file():
            self._send(404, "text/plain", b"not found\n")
            return
        body = file.read_bytes().replace(b"{base}", self.server_state.base_url.encode("ascii"))
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if _not_modified(self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"), etag):
            self._send(304, None, b"", headers)
            return
        content_type = _CONTENT_TYPES.get(path) or _BY_SUFFIX.get(file.suffix, "application/octet-stream")
        self._send(200, content_type, body, headers)

    def _send(
        self, status: int, content_type: str | None, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._send(302, "text/plain", b"", {"Location": location})

    def _streaming_headers(self, content_type: str, length: int | None = None) -> None:
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()

    def _trickle(self) -> None:
        self._streaming_headers("text/html")
        while not self.server_state.stopping.is_set():
            self.wfile.write(b"<")
            self.wfile.flush()
            self.server_state.stopping.wait(TRICKLE_INTERVAL)

    def _big(self, *, declared: bool) -> None:
        self._streaming_headers("text/html", BIG_BYTES if declared else None)
        chunk = b"<p>" + b"x" * (_CHUNK - 8) + b"</p>\n\n"
        sent = 0
        while sent < BIG_BYTES and not self.server_state.stopping.is_set():
            piece = chunk[: BIG_BYTES - sent]
            self.wfile.write(piece)
            sent += len(piece)


def _not_modified(if_none_match: str | None, if_modified_since: str | None, etag: str) -> bool:
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if if_modified_since is not None:
        try:
            return parsedate_to_datetime(if_modified_since) >= parsedate_to_datetime(LAST_MODIFIED)
        except (TypeError, ValueError):
            return False
    return False
