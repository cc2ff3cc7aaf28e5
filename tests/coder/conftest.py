"""Fixtures of the coder tests: one Coder (spaCy pipeline, dictionaries, gazetteer) per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.code import Coder, CoderSettings


@pytest.fixture(scope="session")
def coder(gazetteer: object) -> Coder:
    """The coder with the shared gazetteer cache; rules are stateless across articles."""
    from tests.conftest import CACHE_DIR

    return Coder(CoderSettings(cache_dir=Path(CACHE_DIR)))
