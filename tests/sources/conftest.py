"""Shared fixtures for the extract-stage tests: the hand-written files, the web server, fast fetchers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sources import Fetcher, FetchPolicy
from tests.web_server import WebServer

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "sources"


@pytest.fixture
def good_dir() -> Path:
    """Readable articles in every supported format, including one article saved three times."""
    return FIXTURES / "good"


@pytest.fixture
def bad_dir() -> Path:
    """Files that must each become rejects (and one good line among them)."""
    return FIXTURES / "bad"


@pytest.fixture
def server(web_server: WebServer) -> WebServer:
    """The session's web server with an empty request log."""
    web_server.reset()
    return web_server


@pytest.fixture
def fast_policy() -> FetchPolicy:
    """A fetch policy for tests: no pause between requests and short timeouts (vary it with `replace`)."""
    return FetchPolicy(min_interval=0.0, connect_timeout=2.0, read_timeout=2.0, deadline=5.0)


@pytest.fixture
def fetcher(fast_policy: FetchPolicy) -> Iterator[Fetcher]:
    """A fetcher with `fast_policy`, closed after the test."""
    with Fetcher(fast_policy) as fetcher:
        yield fetcher
