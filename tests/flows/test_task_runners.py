"""Every way of running the coder gives the same events: one process, two spaCy processes, a Dask cluster."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.ingest import RunSummary, run_ingest
from warehouse import query


def stored_ids(warehouse: Path) -> tuple[list[str], list[str]]:
    articles = query(warehouse, "SELECT article_id FROM articles ORDER BY 1")["article_id"].to_list()
    events = query(warehouse, "SELECT event_id FROM events ORDER BY 1")["event_id"].to_list()
    return articles, events


@pytest.mark.slow
@pytest.mark.parametrize(
    "mode",
    [
        {"DYADS_N_PROCESS": "2"},
        {"DYADS_TASK_RUNNER": "dask", "DYADS_DASK_WORKERS": "2"},
    ],
    ids=["two-spacy-processes", "dask-local-cluster"],
)
def test_every_mode_codes_the_same_event_ids(
    sample_run: tuple[Path, RunSummary],
    samples_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    mode: dict[str, str],
) -> None:
    reference, reference_summary = sample_run  # one process, threads
    # Small spaCy batches so that the 14 samples really are split across processes or workers.
    monkeypatch.setenv("DYADS_BATCH_SIZE", "2")
    for name, value in mode.items():
        monkeypatch.setenv(name, value)
    summary = run_ingest(source=str(samples_path), warehouse=str(tmp_path / "w"))
    assert summary.events_new == reference_summary.events_new
    assert stored_ids(tmp_path / "w") == stored_ids(reference)
