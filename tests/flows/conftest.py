"""Flow fixtures: one Prefect test harness per session, and one sample-corpus run shared by tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

from flows.ingest import RunSummary, ingest


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect API for the whole session (~10-15 s to start)."""
    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def sample_run(
    prefect_harness: None, samples_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, RunSummary]:
    """The real ingest flow run once on the sample corpus into a fresh warehouse."""
    warehouse = tmp_path_factory.mktemp("warehouse")
    summary = ingest(source=str(samples_path), warehouse=str(warehouse))
    return warehouse, summary
