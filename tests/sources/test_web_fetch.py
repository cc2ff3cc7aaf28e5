"""The HTTP fetcher against a real local server: statuses, redirects, robots.txt, limits, politeness."""

from __future__ import annotations

import itertools
import pickle
import socket
import threading
import time
from dataclasses import replace
from importlib.metadata import version

import pytest

from sources import (
    Fetcher,
    FetchError,
    FetchPolicy,
    TerminalFetchError,
    TransientFetchError,
    is_transient,
)
from tests.web_server import LAST_MODIFIED, WebServer

FERRY = "/news/ferry-strike.html"


def terminal(fetcher: Fetcher, url: str) -> TerminalFetchError:
    with pytest.raises(TerminalFetchError) as info:
        fetcher.get(url)
    assert info.value.url == url
    assert str(info.value).startswith(f"{url}: ")
    return info.value


def transient(fetcher: Fetcher, url: str) -> TransientFetchError:
    with pytest.raises(TransientFetchError) as info:
        fetcher.get(url)
    assert info.value.url == url
    assert str(info.value).startswith(f"{url}: ")
    assert is_transient(info.value)
    return info.value


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_policy_defaults() -> None:
    policy = FetchPolicy()
    assert (policy.connect_timeout, policy.read_timeout, policy.deadline) == (10.0, 20.0, 60.0)
    assert (policy.min_interval, policy.max_redirects, policy.max_bytes) == (1.0, 5, 10_000_000)
    assert policy.respect_robots is True
    expected = f"dyads/{version('dyads')} (+https://github.com/dyads; event-data research crawler)"
    assert policy.user_agent == expected


def test_get_returns_the_page_with_its_validators(server: WebServer, fetcher: Fetcher) -> None:
    response = fetcher.get(server.url(FERRY))
    assert response.status == 200
    assert response.url == response.final_url == server.url(FERRY)
    assert response.content_type == "text/html; charset=utf-8"
    assert response.body.startswith(b"<!DOCTYPE html>")
    assert b"Ferry crews at Port Merin walked off the job" in response.body
    assert response.etag is not None and response.etag.startswith('"') and len(response.etag) == 18
    assert response.last_modified == "Thu, 16 May 2024 12:00:00 GMT"


def test_user_agent_is_sent_on_robots_and_page_requests(server: WebServer) -> None:
    policy = FetchPolicy(min_interval=0.0)
    with Fetcher(policy) as fetcher:
        fetcher.get(server.url(FERRY))
    with Fetcher(replace(policy, user_agent="dyads-test/9 (+mailto:ops@example.org)")) as fetcher:
        fetcher.get(server.url("/feeds/world.rss"))
    agents = [(r.path, r.headers["user-agent"]) for r in server.requests]
    default = f"dyads/{version('dyads')} (+https://github.com/dyads; event-data research crawler)"
    assert agents == [
        ("/robots.txt", default),
        (FERRY, default),
        ("/robots.txt", "dyads-test/9 (+mailto:ops@example.org)"),
        ("/feeds/world.rss", "dyads-test/9 (+mailto:ops@example.org)"),
    ]


def test_matching_etag_gives_304_with_an_empty_body(server: WebServer, fetcher: Fetcher) -> None:
    url = server.url("/feeds/world.rss")
    first = fetcher.get(url)
    assert first.status == 200 and first.etag
    again = fetcher.get(url, etag=first.etag)
    assert (again.status, again.body, again.etag) == (304, b"", first.etag)
    assert again.last_modified == LAST_MODIFIED
    assert server.requests[-1].headers["if-none-match"] == first.etag
    changed = fetcher.get(url, etag='"some-older-version"')
    assert changed.status == 200 and changed.body == first.body


def test_if_modified_since_gives_304_only_when_nothing_changed(server: WebServer, fetcher: Fetcher) -> None:
    url = server.url("/feeds/world.atom")
    same = fetcher.get(url, last_modified="Thu, 16 May 2024 12:00:00 GMT")
    assert (same.status, same.body) == (304, b"")
    assert server.requests[-1].headers["if-modified-since"] == "Thu, 16 May 2024 12:00:00 GMT"
    older = fetcher.get(url, last_modified="Wed, 15 May 2024 12:00:00 GMT")
    assert older.status == 200 and older.body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')


def test_plain_get_sends_no_conditional_headers(server: WebServer, fetcher: Fetcher) -> None:
    fetcher.get(server.url("/feeds/world.rss"))
    headers = server.requests[-1].headers
    assert "if-none-match" not in headers and "if-modified-since" not in headers


def test_redirects_are_followed_and_the_requested_url_is_kept(server: WebServer, fetcher: Fetcher) -> None:
    response = fetcher.get(server.url("/redirect"))
    assert response.url == server.url("/redirect")
    assert response.final_url == server.url(FERRY)
    assert response.status == 200
    assert server.paths() == ["/robots.txt", "/redirect", FERRY]


def test_redirect_chain_up_to_the_limit(server: WebServer, fast_policy: FetchPolicy) -> None:
    with Fetcher(replace(fast_policy, max_redirects=3)) as fetcher:
        assert fetcher.get(server.url("/chain/3")).final_url == server.url(FERRY)
        error = terminal(fetcher, server.url("/chain/4"))
    assert error.check == "too_many_redirects"
    assert "max_redirects" in error.reason


def test_redirect_loop_is_terminal(server: WebServer, fetcher: Fetcher) -> None:
    error = terminal(fetcher, server.url("/loop"))
    assert error.check == "redirect_loop"
    assert "redirect loop" in error.reason
    assert server.paths() == ["/robots.txt", "/loop", "/loop-back"]


def test_redirect_to_another_scheme_is_a_bad_url(server: WebServer, fetcher: Fetcher) -> None:
    error = terminal(fetcher, server.url("/redirect?to=ftp://files.example.org/report.pdf"))
    assert error.check == "bad_url"
    assert "ftp://files.example.org/report.pdf" in error.reason


@pytest.mark.parametrize(("code", "check"), [(404, "http_404"), (410, "http_410"), (403, "http_403")])
def test_client_errors_are_terminal(server: WebServer, fetcher: Fetcher, code: int, check: str) -> None:
    error = terminal(fetcher, server.url(f"/status/{code}"))
    assert error.check == check
    assert f"HTTP {code}" in error.reason
    assert not is_transient(error)


@pytest.mark.parametrize("code", [408, 429, 500, 502, 503])
def test_server_errors_and_throttling_are_transient(server: WebServer, fetcher: Fetcher, code: int) -> None:
    error = transient(fetcher, server.url(f"/status/{code}"))
    assert f"HTTP {code}" in error.reason
    assert "retry later" in error.reason
    if code in (429, 503):
        assert "Retry-After: 1" in error.reason


@pytest.mark.parametrize(
    "url", ["ftp://files.example.org/a.txt", "file:///etc/passwd", "example.org/news", "http://", "not a url"]
)
def test_invalid_urls_are_terminal_and_never_requested(server: WebServer, fetcher: Fetcher, url: str) -> None:
    error = terminal(fetcher, url)
    assert error.check == "bad_url"
    assert server.requests == []


def test_connection_refused_is_transient(fast_policy: FetchPolicy) -> None:
    url = f"http://127.0.0.1:{closed_port()}/news.html"
    with Fetcher(replace(fast_policy, respect_robots=False)) as fetcher:
        error = transient(fetcher, url)
    assert "network error" in error.reason


def test_a_hanging_server_times_out(server: WebServer, fast_policy: FetchPolicy) -> None:
    with Fetcher(replace(fast_policy, read_timeout=0.4)) as fetcher:
        fetcher.get(server.url(FERRY))  # robots.txt read before the clock starts
        started = time.monotonic()
        error = transient(fetcher, server.url("/hang"))
        elapsed = time.monotonic() - started
    assert 0.35 < elapsed < 2.0
    assert "timed out" in error.reason


def test_the_deadline_caps_a_long_read_timeout(server: WebServer, fast_policy: FetchPolicy) -> None:
    with Fetcher(replace(fast_policy, read_timeout=30.0, deadline=0.6)) as fetcher:
        fetcher.get(server.url(FERRY))
        started = time.monotonic()
        transient(fetcher, server.url("/hang"))
        assert time.monotonic() - started < 2.0


def test_a_trickling_server_stops_at_the_deadline(server: WebServer, fast_policy: FetchPolicy) -> None:
    # A byte every 0.5 s never trips the 2-second read timeout; only the deadline ends the request.
    with Fetcher(replace(fast_policy, read_timeout=2.0, deadline=1.2)) as fetcher:
        fetcher.get(server.url(FERRY))
        started = time.monotonic()
        error = transient(fetcher, server.url("/trickle"))
        elapsed = time.monotonic() - started
    assert 1.2 <= elapsed < 2.5
    assert "1.2-second deadline" in error.reason


def test_a_body_over_max_bytes_is_cut_off_while_streaming(
    server: WebServer, fast_policy: FetchPolicy
) -> None:
    with Fetcher(replace(fast_policy, max_bytes=100_000)) as fetcher:
        started = time.monotonic()
        error = terminal(fetcher, server.url("/big"))
        assert time.monotonic() - started < 2.0
        declared = terminal(fetcher, server.url("/big?declared=1"))
        small = fetcher.get(server.url(FERRY))
    assert error.check == declared.check == "too_large"
    assert "100,000-byte limit" in error.reason
    assert "announces 12,000,000 bytes" in declared.reason
    assert small.status == 200


def test_robots_disallowed_pages_are_never_requested(server: WebServer, fetcher: Fetcher) -> None:
    error = terminal(fetcher, server.url("/private/embargoed.html"))
    assert error.check == "robots_disallowed"
    assert "robots.txt" in error.reason
    via_redirect = terminal(fetcher, server.url("/redirect?to=/private/embargoed.html"))
    assert via_redirect.check == "robots_disallowed"
    fetcher.get(server.url(FERRY))
    # robots.txt is read once for the host, and the disallowed page never.
    assert server.paths() == ["/robots.txt", "/redirect?to=/private/embargoed.html", FERRY]


def test_robots_can_be_ignored_by_policy(server: WebServer, fast_policy: FetchPolicy) -> None:
    with Fetcher(replace(fast_policy, respect_robots=False)) as fetcher:
        response = fetcher.get(server.url("/private/embargoed.html"))
    assert response.status == 200
    assert server.paths() == ["/private/embargoed.html"]


def test_missing_robots_txt_allows_everything(fast_policy: FetchPolicy) -> None:
    with WebServer(robots_status=404) as site, Fetcher(fast_policy) as fetcher:
        response = fetcher.get(site.url("/private/embargoed.html"))
        assert response.status == 200
        assert site.paths() == ["/robots.txt", "/private/embargoed.html"]


def test_robots_txt_server_error_means_fetch_nothing_for_now(fast_policy: FetchPolicy) -> None:
    with WebServer(robots_status=503) as site, Fetcher(fast_policy) as fetcher:
        error = transient(fetcher, site.url(FERRY))
        assert "robots.txt" in error.reason and "RFC 9309" in error.reason
        transient(fetcher, site.url(FERRY))
        # Not cached: each attempt asks for robots.txt again, and the page is never requested.
        assert site.paths() == ["/robots.txt", "/robots.txt"]


def test_unreachable_robots_txt_is_transient(fast_policy: FetchPolicy) -> None:
    with Fetcher(fast_policy) as fetcher:
        error = transient(fetcher, f"http://127.0.0.1:{closed_port()}/news.html")
    assert "robots.txt" in error.reason


def test_requests_to_one_host_are_spaced_by_min_interval(server: WebServer, fast_policy: FetchPolicy) -> None:
    paths = [FERRY, "/feeds/world.rss", "/feeds/world.atom"]
    with Fetcher(replace(fast_policy, min_interval=0.25)) as fetcher:
        threads = [threading.Thread(target=fetcher.get, args=(server.url(path),)) for path in paths]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    requests = server.requests
    assert sorted(r.path for r in requests) == sorted(["/robots.txt", *paths])
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(requests)]
    assert len(gaps) == 3
    assert min(gaps) >= 0.25


def test_the_rate_limit_is_per_host(server: WebServer, fast_policy: FetchPolicy) -> None:
    if socket.gethostbyname("localhost") != "127.0.0.1":
        pytest.skip("localhost does not resolve to 127.0.0.1 here, so it cannot stand for a second host")
    other = server.url(FERRY).replace("127.0.0.1", "localhost")
    with Fetcher(replace(fast_policy, min_interval=5.0, respect_robots=False)) as fetcher:
        fetcher.get(server.url(FERRY))
        started = time.monotonic()
        fetcher.get(other)
        assert time.monotonic() - started < 2.0
    hosts = [r.headers["host"].split(":")[0] for r in server.requests]
    assert hosts == ["127.0.0.1", "localhost"]


def test_errors_and_fetchers_survive_pickling() -> None:
    terminal_error = TerminalFetchError(
        "https://a.example/x", "https://a.example/x: HTTP 404 ...", "http_404"
    )
    copy = pickle.loads(pickle.dumps(terminal_error))
    assert (copy.url, copy.reason, copy.check) == (terminal_error.url, terminal_error.reason, "http_404")
    transient_error = pickle.loads(pickle.dumps(TransientFetchError("https://a.example/y", "slow")))
    assert (transient_error.url, str(transient_error)) == ("https://a.example/y", "slow")
    assert isinstance(transient_error, FetchError) and is_transient(transient_error)
    assert not is_transient(ValueError("x")) and not is_transient(terminal_error)
    policy = FetchPolicy(min_interval=0.0, user_agent="ua/1")
    with Fetcher(policy) as fetcher, pickle.loads(pickle.dumps(fetcher)) as clone:
        assert clone.policy == policy
