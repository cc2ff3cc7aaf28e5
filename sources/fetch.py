"""HTTP GET for web sources: polite (robots.txt, a per-host rate limit), bounded (timeouts, a deadline,
a size cap), and explicit about which failures are worth retrying (DESIGN §1, STYLE 6)."""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from types import TracebackType

import httpx

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRYABLE_STATUS = frozenset({408, 429})
# RFC 9309 §2.5: crawlers must parse at least the first 500 KiB of a robots.txt; the rest may be ignored.
_ROBOTS_MAX_BYTES = 500 * 1024
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.8"
)


def _default_user_agent() -> str:
    try:
        release = version("dyads")
    except PackageNotFoundError:
        release = "dev"
    return f"dyads/{release} (+https://github.com/dyads; event-data research crawler)"


@dataclass(frozen=True)
class FetchPolicy:
    """How a `Fetcher` behaves; times are in seconds.

    `deadline` bounds one `get` (every redirect, from connecting to the last body byte; waiting for the
    rate limit does not count) so that a server trickling bytes cannot hold a run: the body is checked
    as it arrives, so a `get` ends at most one read timeout after its deadline. `min_interval` is the
    pause between the end of one request to a host and the start of the next; each robots.txt fetch has
    a deadline of its own.
    """

    user_agent: str = field(default_factory=_default_user_agent)
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0
    min_interval: float = 1.0
    max_redirects: int = 5
    max_bytes: int = 10_000_000
    respect_robots: bool = True


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched URL: `url` as requested, `final_url` after redirects; a 304 has an empty `body`.

    `content_type` is the whole Content-Type header (with any charset parameter), "" when absent.
    """

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None


class FetchError(Exception):
    """A URL could not be fetched; `reason` names the URL and says what to do."""

    def __init__(self, url: str, reason: str) -> None:
        # All arguments go to Exception so that the error survives pickling (Prefect stores task failures).
        super().__init__(url, reason)
        self.url = url
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


class TransientFetchError(FetchError):
    """A failure worth retrying later: a timeout, the deadline, a connection error, HTTP 408/429/5xx."""


class TerminalFetchError(FetchError):
    """A failure that retrying will not fix; `check` is a snake_case code such as "http_404"."""

    def __init__(self, url: str, reason: str, check: str) -> None:
        Exception.__init__(self, url, reason, check)
        self.url = url
        self.reason = reason
        self.check = check


def is_transient(exc: BaseException) -> bool:
    """True when `exc` is a fetch failure that a later retry may cure."""
    return isinstance(exc, TransientFetchError)


@dataclass(slots=True)
class _Reply:
    url: httpx.URL
    status: int
    headers: httpx.Headers
    body: bytes
    elapsed: float


@dataclass(slots=True)
class _HostGate:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last_end: float | None = None


class Fetcher:
    """GETs URLs under a `FetchPolicy`; one instance may be shared by several threads.

    Requests to one host go one at a time, `min_interval` apart; robots.txt is read once per scheme and
    host and cached for the life of the fetcher. Close it (or use it as a context manager) when done.
    """

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self._client = httpx.Client(
            follow_redirects=False,
            headers={"User-Agent": self.policy.user_agent, "Accept": _ACCEPT},
        )
        self._gates: dict[str, _HostGate] = {}
        self._gates_lock = threading.Lock()
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def __reduce__(self) -> tuple[type[Fetcher], tuple[FetchPolicy]]:
        # A copy in another process (e.g. a Dask worker) is a fresh fetcher with the same policy; the rate
        # limit and the robots.txt cache are per process.
        return (Fetcher, (self.policy,))

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET `url`, following up to `max_redirects` redirects; conditional when `etag`/`last_modified`.

        Returns the 2xx response, or a 304 with an empty body when the server says nothing changed.
        Raises TransientFetchError for failures worth retrying and TerminalFetchError for the rest.
        """
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        reply = self._follow(url, headers, self.policy.max_bytes, truncate=False, check_robots=True)
        body = reply.body if reply.status != 304 else b""
        return Response(
            url=url,
            final_url=str(reply.url),
            status=reply.status,
            content_type=reply.headers.get("content-type", ""),
            body=body,
            etag=reply.headers.get("etag") or (etag if reply.status == 304 else None),
            last_modified=reply.headers.get("last-modified")
            or (last_modified if reply.status == 304 else None),
        )

    def _follow(
        self, url: str, headers: dict[str, str], limit: int, *, truncate: bool, check_robots: bool
    ) -> _Reply:
        current = _checked_url(url, url)
        seen = {str(current)}
        budget = self.policy.deadline
        for _ in range(self.policy.max_redirects + 1):
            if check_robots and self.policy.respect_robots:
                self._check_robots(url, current)
            reply = self._exchange(url, current, headers, budget, limit, truncate)
            budget -= reply.elapsed
            if reply.status not in _REDIRECTS:
                return _checked_status(url, reply)
            location = reply.headers.get("location")
            if not location:
                raise TerminalFetchError(
                    url,
                    f"{url}: HTTP {reply.status} redirect from {current} without a Location header; "
                    "check the URL in a browser and use the address it ends at.",
                    f"http_{reply.status}",
                )
            current = _checked_url(url, str(current.join(location)))
            if str(current) in seen:
                raise TerminalFetchError(
                    url,
                    f"{url}: redirect loop (back to {current}); the site is misconfigured, so use another "
                    "URL for this source or tell the site's owners.",
                    "redirect_loop",
                )
            seen.add(str(current))
        raise TerminalFetchError(
            url,
            f"{url}: more than {self.policy.max_redirects} redirects (max_redirects); use the address the "
            "redirects end at, or raise max_redirects.",
            "too_many_redirects",
        )

    def _exchange(
        self, url: str, target: httpx.URL, headers: dict[str, str], budget: float, limit: int, truncate: bool
    ) -> _Reply:
        if budget <= 0:
            raise _deadline_error(url, self.policy.deadline)
        timeout = httpx.Timeout(
            connect=min(self.policy.connect_timeout, budget),
            read=min(self.policy.read_timeout, budget),
            write=min(self.policy.read_timeout, budget),
            pool=min(self.policy.connect_timeout, budget),
        )
        with self._turn(target.host):
            started = time.monotonic()
            try:
                with self._client.stream("GET", target, headers=headers, timeout=timeout) as response:
                    body = b""
                    if 200 <= response.status_code < 300:
                        body = self._read_body(url, response, started, budget, limit, truncate)
                    elapsed = time.monotonic() - started
                    return _Reply(target, response.status_code, response.headers, body, elapsed)
            except httpx.TimeoutException as exc:
                raise TransientFetchError(
                    url,
                    f"{url}: timed out ({type(exc).__name__}) fetching {target}; the server is slow or down, "
                    "retry later.",
                ) from exc
            except httpx.DecodingError as exc:
                raise TerminalFetchError(
                    url,
                    f"{url}: the response body from {target} is not valid for its Content-Encoding ({exc}); "
                    "the server sends broken data, so use another URL for this source.",
                    "bad_encoding",
                ) from exc
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                raise TerminalFetchError(
                    url, f"{url}: cannot request {target} ({exc}); fix the URL.", "bad_url"
                ) from exc
            except httpx.TransportError as exc:
                raise TransientFetchError(
                    url,
                    f"{url}: network error fetching {target} ({type(exc).__name__}: {exc}); check the "
                    "connection and retry later.",
                ) from exc

    def _read_body(
        self, url: str, response: httpx.Response, started: float, budget: float, limit: int, truncate: bool
    ) -> bytes:
        length = response.headers.get("content-length", "")
        if not truncate and length.isdigit() and int(length) > limit:
            raise _too_large(url, limit, f"it announces {int(length):,} bytes")
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                if truncate:
                    return bytes(body[:limit])
                raise _too_large(url, limit, f"more than {limit:,} bytes arrived")
            if time.monotonic() - started > budget:
                raise _deadline_error(url, self.policy.deadline)
        return bytes(body)

    @contextmanager
    def _turn(self, host: str) -> Iterator[None]:
        """Hold the host's turn: wait until `min_interval` after its previous request ended."""
        with self._gates_lock:
            gate = self._gates.setdefault(host.lower(), _HostGate())
        with gate.lock:
            if gate.last_end is not None:
                wait = gate.last_end + self.policy.min_interval - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            try:
                yield
            finally:
                gate.last_end = time.monotonic()

    def _check_robots(self, url: str, target: httpx.URL) -> None:
        rules = self._robots_for(url, target)
        if not rules.can_fetch(self.policy.user_agent, str(target)):
            raise TerminalFetchError(
                url,
                f"{url}: robots.txt of {target.scheme}://{target.netloc.decode('ascii')} disallows {target} "
                "for this crawler; remove the URL from the sources, or ask the site for permission.",
                "robots_disallowed",
            )

    def _robots_for(self, url: str, target: httpx.URL) -> urllib.robotparser.RobotFileParser:
        origin = f"{target.scheme}://{target.netloc.decode('ascii')}"
        with self._gates_lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(url, origin)
            return self._robots[origin]

    def _read_robots(self, url: str, origin: str) -> urllib.robotparser.RobotFileParser:
        robots_url = f"{origin}/robots.txt"
        rules = urllib.robotparser.RobotFileParser(robots_url)
        try:
            reply = self._follow(robots_url, {}, _ROBOTS_MAX_BYTES, truncate=True, check_robots=False)
        except TerminalFetchError as exc:
            if exc.check.startswith("http_4") or exc.check in ("redirect_loop", "too_many_redirects"):
                # RFC 9309 §2.3.1.2-3: robots.txt unavailable (4xx, or too many redirects) means no rules.
                rules.parse([])
                return rules
            raise TerminalFetchError(
                url,
                f"{url}: the site's robots.txt cannot be read ({exc.reason}); fetch the site's pages only "
                "once it can, or set respect_robots=False if you have the owner's permission.",
                "robots_unreadable",
            ) from exc
        except TransientFetchError as exc:
            raise TransientFetchError(
                url,
                f"{url}: robots.txt at {robots_url} is unreachable ({exc.reason}); RFC 9309 says to fetch "
                "nothing from the site until it can be read, so retry later.",
            ) from exc
        rules.parse(reply.body.decode("utf-8", errors="replace").splitlines())
        return rules


def _checked_url(url: str, candidate: str) -> httpx.URL:
    try:
        parsed = httpx.URL(candidate)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise TerminalFetchError(url, f"{url}: not a valid URL ({exc}); fix the URL.", "bad_url") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        where = "" if candidate == url else f" (redirected to {candidate})"
        raise TerminalFetchError(
            url,
            f"{url}: not an http(s) URL with a host{where}; give a full http:// or https:// address.",
            "bad_url",
        )
    return parsed


def _checked_status(url: str, reply: _Reply) -> _Reply:
    status = reply.status
    if 200 <= status < 300 or status == 304:
        return reply
    if status in _RETRYABLE_STATUS or 500 <= status < 600:
        after = reply.headers.get("retry-after")
        hint = f" (Retry-After: {after})" if after else ""
        raise TransientFetchError(
            url, f"{url}: HTTP {status} from {reply.url}{hint}; the server is busy or failing, retry later."
        )
    raise TerminalFetchError(
        url,
        f"{url}: HTTP {status} from {reply.url}; check the URL in a browser and fix or remove it.",
        f"http_{status}",
    )


def _too_large(url: str, limit: int, detail: str) -> TerminalFetchError:
    return TerminalFetchError(
        url,
        f"{url}: response is over the {limit:,}-byte limit (max_bytes): {detail}; it is not a news page "
        "or feed, so remove it, or raise max_bytes.",
        "too_large",
    )


def _deadline_error(url: str, deadline: float) -> TransientFetchError:
    return TransientFetchError(
        url,
        f"{url}: not complete within the {deadline:g}-second deadline; the server is too slow, retry later.",
    )
