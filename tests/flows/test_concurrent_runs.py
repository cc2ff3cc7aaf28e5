"""Real `dyads run` processes on one warehouse at once (DESIGN §4): writers take turns, both succeed,
nothing is doubled, readers never see half a run, and a writer that waits says for what.

Sources: tests/fixtures/runs/a.jsonl and b.jsonl share one article (same id and text).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from warehouse.lock import write_lock
from warehouse.paths import WarehousePaths
from warehouse.query import query

StoredRows = Callable[[Path], dict[str, list[Any]]]
ParquetProblems = Callable[[Path], list[str]]

ROOT = Path(__file__).resolve().parents[2]
SOURCE_A = ROOT / "tests" / "fixtures" / "runs" / "a.jsonl"
SOURCE_B = ROOT / "tests" / "fixtures" / "runs" / "b.jsonl"
#: One snapshot: stored rows next to what the complete runs say they added. Equal unless half a run shows.
CONSISTENCY = """
WITH done AS (SELECT * FROM runs WHERE status = 'complete')
SELECT (SELECT count(*) FROM events) AS events,
       (SELECT coalesce(sum(events_new), 0) FROM done)::BIGINT AS events_of_runs,
       (SELECT count(*) FROM articles) AS articles,
       (SELECT coalesce(sum(articles_new), 0) FROM done)::BIGINT AS articles_of_runs,
       (SELECT count(*) FROM done) AS complete_runs
"""


def dyads(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run `dyads ARGS` to the end."""
    command = [sys.executable, "-m", "flows.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)


def start_dyads(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """Start `dyads ARGS` and return at once."""
    command = [sys.executable, "-m", "flows.cli", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_in_order(env: dict[str, str], warehouse: Path, sources: tuple[Path, ...]) -> Path:
    for source in sources:
        done = dyads(env, "run", "--source", str(source), "--warehouse", str(warehouse))
        assert done.returncode == 0, done.stderr
    return warehouse


@pytest.fixture(scope="module")
def in_order(dyads_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Warehouses of A then B, and of B then A: whichever run loads the shared article first."""
    base = tmp_path_factory.mktemp("in_order")
    orders = {"a": (SOURCE_A, SOURCE_B), "b": (SOURCE_B, SOURCE_A)}
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = {first: pool.submit(run_in_order, dyads_env, base / first, o) for first, o in orders.items()}
    return {first: future.result() for first, future in done.items()}


def first_loader(warehouse: Path) -> str:
    """'a' or 'b': the source whose run stored the shared article."""
    row = query(
        warehouse,
        "SELECT r.source FROM articles AS a JOIN runs AS r USING (run_id) WHERE a.doc_id = 'runs-shared'",
    )
    return "a" if row["source"][0] == str(SOURCE_A) else "b"


def read_while(writers: list[subprocess.Popen[str]], warehouse: Path) -> list[dict[str, Any]]:
    """Read the consistency snapshot in this process until the writers exit."""
    readings: list[dict[str, Any]] = []
    while any(w.poll() is None for w in writers):
        # The database file appears with its tables (it is created aside and renamed into place).
        if (warehouse / "dyads.duckdb").exists():
            readings.append(query(warehouse, CONSISTENCY, busy_timeout=30).row(0, named=True))
        time.sleep(0.05)
    return readings


def read_with_cli(env: dict[str, str], warehouse: Path, stop: threading.Event) -> list[dict[str, Any]]:
    """The same snapshot through `dyads sql --format json` subprocesses, until `stop` is set."""
    readings: list[dict[str, Any]] = []
    while not stop.is_set():
        if (warehouse / "dyads.duckdb").exists():
            done = dyads(env, "sql", CONSISTENCY, "--format", "json", "--warehouse", str(warehouse))
            assert done.returncode == 0, done.stderr
            readings.extend(json.loads(done.stdout))
        time.sleep(0.5)  # each reader process costs a second of CPU the writers need too
    return readings


@pytest.mark.slow
def test_two_runs_at_once_equal_the_same_runs_one_after_the_other(
    in_order: dict[str, Path],
    dyads_env: dict[str, str],
    stored_rows: StoredRows,
    parquet_problems: ParquetProblems,
    tmp_path: Path,
) -> None:
    where = tmp_path / "wh"
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as pool:
        cli_reader = pool.submit(read_with_cli, dyads_env, where, stop)
        writers = [
            start_dyads(dyads_env, "run", "--source", str(source), "--warehouse", str(where))
            for source in (SOURCE_A, SOURCE_B)
        ]
        try:
            readings = read_while(writers, where)
        except BaseException:
            for writer in writers:
                writer.kill()
            raise
        finally:
            stop.set()
        cli_readings = cli_reader.result(timeout=60)
    outputs = [w.communicate(timeout=300) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs

    # Readers saw whole runs only: the stored rows always add up to what complete runs added.
    assert readings, "the reader never got a reading while the writers ran"
    for reading in [*readings, *cli_readings]:
        assert reading["events"] == reading["events_of_runs"], reading
        assert reading["articles"] == reading["articles_of_runs"], reading

    # Nothing doubled, nothing lost: the same as running the two one after the other.
    reference = in_order[first_loader(where)]
    assert stored_rows(where) == stored_rows(reference)
    runs = query(where, "SELECT status, articles_in, articles_new, events_new FROM runs ORDER BY finished_at")
    expected = query(
        reference, "SELECT status, articles_in, articles_new, events_new FROM runs ORDER BY finished_at"
    )
    assert runs.rows() == expected.rows()
    assert parquet_problems(where) == []


@pytest.mark.slow
def test_a_waiting_writer_says_so_then_gives_up_naming_the_lock(
    in_order: dict[str, Path], dyads_env: dict[str, str], stored_rows: StoredRows, tmp_path: Path
) -> None:
    where = tmp_path / "wh"
    shutil.copytree(in_order["a"], where)
    before = stored_rows(where), query(where, "SELECT * FROM runs ORDER BY run_id").rows()
    files = sorted((where / "parquet").rglob("*"))
    lock = WarehousePaths.of(where).lock
    # A busy warehouse is a transient failure the flow retries: once, at once, to keep this short.
    env = {**dyads_env, "DYADS_LOCK_TIMEOUT": "2", "DYADS_FETCH_RETRIES": "1", "DYADS_RETRY_DELAY": "0"}
    with write_lock(lock):
        started = time.monotonic()
        done = dyads(env, "run", "--source", str(SOURCE_A), "--warehouse", str(where))
        waited = time.monotonic() - started
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert waited >= 4  # two attempts of 2 s each
    assert f"waiting up to 2 s for the warehouse write lock {lock}" in output, output
    assert f"another dyads writer (pid {os.getpid()})" in output, output
    assert f"could not take the warehouse write lock {lock} within 2 s" in output, output
    # Nothing was loaded, not even the run's 'running' row.
    assert (stored_rows(where), query(where, "SELECT * FROM runs ORDER BY run_id").rows()) == before
    assert sorted((where / "parquet").rglob("*")) == files
