"""Shared fixtures for the extract-stage tests: the hand-written files under tests/fixtures/sources/."""

from __future__ import annotations

from pathlib import Path

import pytest

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
