"""Crash safety with real SIGKILLs (DESIGN §4): a `dyads run` killed anywhere, then rerun, leaves the
warehouse an uninterrupted run leaves: the same rows and ids, and no Parquet file of a dead run.

Each trial starts the real CLI on a fresh warehouse through tests/flows/kill_launcher.py, which kills
the process the Nth time it reaches a point (extract, coding, Parquet writing, the DuckDB
transaction), or kills it from outside after a random delay; then it reruns the plain CLI to the end.
Points and delays come from a seeded `random.Random`: set DYADS_KILL_SEED to explore other ones.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from warehouse.check import check_warehouse
from warehouse.paths import TABLE_KEYS
from warehouse.query import query

StoredRows = Callable[[Path], dict[str, list[Any]]]
ParquetProblems = Callable[[Path], list[str]]

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "tests" / "fixtures" / "runs"
LAUNCHER = Path(__file__).with_name("kill_launcher.py")
SEED = int(os.environ.get("DYADS_KILL_SEED", "20241127"))
#: Trials that kill from outside, after one trial at every point.
EXTERNAL_TRIALS = 2
#: After this point the run is committed: the killed run is complete and the rerun adds nothing.
COMMITTED = "duckdb.committed"
#: Before this point the killed run has no `runs` row yet.
BEFORE_RUN_ROW = "duckdb.create"
COUNTS = (
    "articles_in",
    "articles_loaded",
    "articles_new",
    "articles_rejected",
    "events_coded",
    "events_new",
    "events_rejected",
)


def launcher_points() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("kill_launcher", LAUNCHER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.POINTS)


@dataclass(frozen=True)
class Trial:
    """One kill: at the `nth` time the run reaches `point`, or from outside after `delay` seconds."""

    number: int
    point: str | None
    nth: int = 0
    delay: float = 0.0

    def __str__(self) -> str:
        where = f"SIGKILL at {self.point} #{self.nth}" if self.point else f"SIGKILL after {self.delay:.2f} s"
        return f"seed {SEED} trial {self.number} ({where})"


@dataclass(frozen=True)
class Reference:
    """The warehouse of one uninterrupted run, and how often (and when) it reached each point."""

    warehouse: Path
    calls: dict[str, int]
    first_write: float
    finished: float


@dataclass(frozen=True)
class Outcome:
    """What a trial's two processes did."""

    trial: Trial
    warehouse: Path
    killed: subprocess.CompletedProcess[str]
    rerun: subprocess.CompletedProcess[str]


def dyads_args(warehouse: Path) -> list[str]:
    return ["run", "--source", str(SOURCE), "--warehouse", str(warehouse)]


@pytest.fixture(scope="module")
def reference(dyads_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """One uninterrupted run through the launcher in counting mode."""
    where = tmp_path_factory.mktemp("kill") / "reference"
    counts = where.parent / "counts.json"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(LAUNCHER), "count", str(counts), *dyads_args(where)],
        env=dyads_env,
        cwd=where.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    finished = time.monotonic() - started
    assert done.returncode == 0, done.stdout + done.stderr
    seen = json.loads(counts.read_text(encoding="utf-8"))
    assert set(seen) == set(launcher_points()), f"an uninterrupted run reached only {sorted(seen)}"
    calls = {point: int(times["calls"]) for point, times in seen.items()}
    return Reference(where, calls, seen["start.orphans"]["first"], finished)


def plan(rng: random.Random, reference: Reference) -> list[Trial]:
    """Every point once (the Nth time it is reached, N at random), then kills from outside."""
    # Whether a kill at BEFORE_RUN_ROW lands mid-header is up to the scheduler: try it twice.
    chosen = [*launcher_points(), BEFORE_RUN_ROW]
    trials = [Trial(i, p, rng.randint(1, reference.calls[p])) for i, p in enumerate(chosen)]
    trials += [
        Trial(len(trials) + i, None, delay=rng.uniform(reference.first_write - 0.5, reference.finished))
        for i in range(EXTERNAL_TRIALS)
    ]
    return trials


def run_trial(trial: Trial, warehouse: Path, env: dict[str, str]) -> Outcome:
    """Kill a run of the fixture source into `warehouse` as `trial` says, then rerun it to the end."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    if trial.point is None:
        command = [sys.executable, "-m", "flows.cli", *dyads_args(warehouse)]
    else:
        command = [sys.executable, str(LAUNCHER), "kill", trial.point, str(trial.nth), *dyads_args(warehouse)]
    process = subprocess.Popen(
        command, env=env, cwd=warehouse.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    if trial.point is None:
        try:
            process.wait(timeout=trial.delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
    out, err = process.communicate(timeout=300)
    killed = subprocess.CompletedProcess(command, process.returncode, out, err)
    rerun = subprocess.run(
        [sys.executable, "-m", "flows.cli", *dyads_args(warehouse)],
        env=env,
        cwd=warehouse.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Outcome(trial, warehouse, killed, rerun)


def check_outcome(
    outcome: Outcome, reference: Reference, stored_rows: StoredRows, parquet_problems: ParquetProblems
) -> None:
    """Assert that the trial's warehouse equals the reference; every message names seed and point."""
    trial, where = outcome.trial, outcome.warehouse
    killed = outcome.killed
    if trial.point is not None:
        assert killed.returncode == -signal.SIGKILL, (
            f"{trial}: the point was not reached (exit {killed.returncode}):\n{killed.stdout}{killed.stderr}"
        )
    else:
        assert killed.returncode in (0, -signal.SIGKILL), f"{trial}: {killed.stderr}"
    assert outcome.rerun.returncode == 0, f"{trial}: the rerun failed:\n{outcome.rerun.stderr}"

    expected, found = stored_rows(reference.warehouse), stored_rows(where)
    for table in expected:
        key = TABLE_KEYS[table]
        ids = {r[key] for r in query(where, f"SELECT {key} FROM {table}").iter_rows(named=True)}
        expected_ids = {
            r[key] for r in query(reference.warehouse, f"SELECT {key} FROM {table}").iter_rows(named=True)
        }
        assert ids == expected_ids, f"{trial}: {table} ids differ from the uninterrupted run's"
        assert found[table] == expected[table], f"{trial}: {table} rows differ from the uninterrupted run's"

    runs = query(where, f"SELECT run_id, status, {', '.join(COUNTS)} FROM runs ORDER BY started_at")
    complete = runs.filter(runs["status"] == "complete")
    broken = runs.filter(runs["status"] != "complete")
    ref_run = query(reference.warehouse, f"SELECT {', '.join(COUNTS)} FROM runs").row(0, named=True)
    loaders = complete.filter(complete["articles_new"] > 0)
    assert loaders.height == 1, f"{trial}: expected one complete run that loaded the rows:\n{runs}"
    assert loaders.select(COUNTS).row(0, named=True) == ref_run, f"{trial}: counts differ:\n{runs}"
    others = complete.filter(complete["articles_new"] == 0)
    assert (others["events_new"] == 0).all(), f"{trial}: a second complete run added events:\n{runs}"
    assert set(broken["status"]) <= {"running", "failed"}, f"{trial}: {runs}"
    if trial.point is not None:
        # The killed run is stored as not complete, or as complete once past COMMIT, or not at all
        # when it died creating the database.
        killed_runs = 0 if trial.point == BEFORE_RUN_ROW else 1
        complete_runs = 2 if trial.point == COMMITTED else 1
        assert runs.height == 1 + killed_runs, f"{trial}: expected the killed run and the rerun:\n{runs}"
        assert complete.height == complete_runs, f"{trial}: {runs}"
        assert broken.height == runs.height - complete_runs, f"{trial}: {runs}"

    assert parquet_problems(where) == [], f"{trial}: Parquet files do not match the warehouse"
    leftovers = [str(p.relative_to(where)) for p in where.rglob("*.tmp*")]
    assert leftovers == [], f"{trial}: temporary files remain"

    report = check_warehouse(where)
    assert report.ok, f"{trial}: dyads check fails after the rerun:\n{report.text()}"


@pytest.mark.slow
def test_sigkill_anywhere_then_rerun_equals_an_uninterrupted_run(
    reference: Reference,
    dyads_env: dict[str, str],
    stored_rows: StoredRows,
    parquet_problems: ParquetProblems,
    tmp_path: Path,
) -> None:
    trials = plan(random.Random(SEED), reference)
    assert len(trials) >= 10, f"seed {SEED}: only {len(trials)} trials"
    with ThreadPoolExecutor(max_workers=2) as pool:  # two at a time: one per core of a small CI machine
        outcomes = list(
            pool.map(lambda t: run_trial(t, tmp_path / f"trial-{t.number}" / "wh", dyads_env), trials)
        )
    failures = []
    for outcome in outcomes:
        try:
            check_outcome(outcome, reference, stored_rows, parquet_problems)
        except AssertionError as exc:
            failures.append(str(exc))
    assert not failures, "\n\n".join(failures)


def test_the_reference_run_used_the_session_prefect_api(reference: Reference) -> None:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        flow_runs = client.read_flow_runs()
    warehouses = {str(r.parameters.get("warehouse")) for r in flow_runs}
    assert str(reference.warehouse) in warehouses, "the dyads subprocess did not report to the harness API"
    assert check_warehouse(reference.warehouse).ok
