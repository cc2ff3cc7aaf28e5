"""Shared fixtures: the spaCy pipeline, the gazetteer and a local web server, each set up once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web_server import WebServer

ROOT = Path(__file__).resolve().parents[1]
# The gazetteer cache is built once (~20 s) and reused across sessions; it is gitignored.
CACHE_DIR = Path(os.environ.get("DYADS_CACHE_DIR", ROOT / ".cache"))
os.environ.setdefault("DYADS_CACHE_DIR", str(CACHE_DIR))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The English small pipeline (DESIGN §3)."""
    from coder.nlp import load_nlp

    return load_nlp("en_core_web_sm")


@pytest.fixture(scope="session")
def gazetteer():  # type: ignore[no-untyped-def]
    """The GeoNames gazetteer, from the shared cache directory."""
    from coder.gazetteer import load_gazetteer

    return load_gazetteer(CACHE_DIR)


@pytest.fixture(scope="session")
def samples_path() -> Path:
    """The project's own hand-written sample corpus."""
    return ROOT / "samples" / "articles.jsonl"


@pytest.fixture(scope="session")
def web_server() -> Iterator[WebServer]:
    """A real HTTP server on 127.0.0.1 serving tests/fixtures/web/ and misbehaving endpoints.

    `web_server.base_url` is its root, `web_server.url("/feeds/world.rss")` an absolute URL;
    `web_server.requests` lists what it received (path, lower-case headers, monotonic time `at`) and
    `web_server.reset()` clears that log: call it at the start of a test that inspects the log.
    The endpoints are listed in tests/web_server.py.
    """
    with WebServer() as server:
        yield server
