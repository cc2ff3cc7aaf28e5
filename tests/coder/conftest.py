"""Fixtures of the coder tests: one Coder (spaCy pipeline, dictionaries, gazetteer) per test session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from coder.code import Coder, CoderSettings
from coder.gazetteer import Gazetteer
from coder.places import PlaceMention, find_places


@pytest.fixture(scope="session")
def coder(gazetteer: object) -> Coder:
    """The coder with the shared gazetteer cache; rules are stateless across articles."""
    from tests.conftest import CACHE_DIR

    return Coder(CoderSettings(cache_dir=Path(CACHE_DIR)))


@pytest.fixture(scope="session")
def places(nlp: object, gazetteer: Gazetteer) -> Callable[..., list[PlaceMention]]:
    """Place mentions of every sentence of a text, with an optional country hint."""

    def run(text: str, hint: str | None = None) -> list[PlaceMention]:
        doc = nlp(text)  # type: ignore[operator]
        return [m for sent in doc.sents for m in find_places(sent, gazetteer, hint, set())]

    return run
