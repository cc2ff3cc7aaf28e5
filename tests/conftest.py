"""Shared fixtures: the spaCy pipeline and the gazetteer, loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
