"""Flow fixtures: one Prefect test harness per session, and one sample-corpus run shared by tests."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from prefect.testing.utilities import prefect_test_harness

from flows.ingest import RunSummary, ingest
from warehouse.paths import LOADED_TABLES, TABLE_KEYS, TABLES
from warehouse.query import query

ROOT = Path(__file__).resolve().parents[2]
#: Columns that differ between two runs of the same source: when, and by which run.
RUN_SPECIFIC = frozenset(
    {"run_id", "coded_at", "ingested_at", "at", "started_at", "finished_at", "checked_at"}
)

StoredRows = Callable[[Path], dict[str, list[tuple[Any, ...]]]]


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


@pytest.fixture(scope="session")
def dyads_env(prefect_harness: None) -> dict[str, str]:
    """Environment for `dyads` subprocesses: the session's Prefect API and gazetteer cache, this checkout.

    With PREFECT_API_URL set a `dyads run` takes ~5 s instead of starting its own ephemeral server (~9 s).
    """
    import prefect.settings

    url = prefect.settings.PREFECT_API_URL.value()
    assert url, "prefect_test_harness did not set PREFECT_API_URL"
    return {
        **os.environ,
        "PREFECT_API_URL": str(url),
        "DYADS_CACHE_DIR": os.environ["DYADS_CACHE_DIR"],  # set by tests/conftest.py
        "PYTHONPATH": str(ROOT),
    }


@pytest.fixture(scope="session")
def stored_rows() -> StoredRows:
    """stored_rows(warehouse): every table but `runs`, in key order, without its run-specific columns."""

    def rows(warehouse: Path) -> dict[str, list[tuple[Any, ...]]]:
        tables: dict[str, list[tuple[Any, ...]]] = {}
        for table in TABLES:
            if table == "runs":
                continue
            columns = query(warehouse, f"SELECT * FROM {table} LIMIT 0").columns
            kept = ", ".join(f'"{c}"' for c in columns if c not in RUN_SPECIFIC)
            tables[table] = query(
                warehouse, f"SELECT {kept} FROM {table} ORDER BY {TABLE_KEYS[table]}"
            ).rows()
        return tables

    return rows


@pytest.fixture(scope="session")
def parquet_problems() -> Callable[[Path], list[str]]:
    """parquet_problems(warehouse): what is wrong with its Parquet files; empty when they match DuckDB.

    Every file must be `parquet/<table>/<run_id>.parquet` of a complete run (no orphans, no temporary
    files), and each table's files together must hold each key of the DuckDB table exactly once.
    """

    def problems(warehouse: Path) -> list[str]:
        complete = set(query(warehouse, "SELECT run_id FROM runs WHERE status = 'complete'")["run_id"])
        files = sorted(p for p in (warehouse / "parquet").rglob("*") if p.is_file())
        found = [
            f"{p.relative_to(warehouse)} is not the file of a complete run"
            for p in files
            if p.suffix != ".parquet" or p.stem not in complete or p.parent.name not in LOADED_TABLES
        ]
        for table in LOADED_TABLES:
            key = TABLE_KEYS[table]
            names = [str(p) for p in files if p.parent.name == table and p.suffix == ".parquet"]
            in_files = (
                [r[0] for r in duckdb.sql(f"SELECT {key} FROM read_parquet(?)", params=[names]).fetchall()]
                if names
                else []
            )
            in_db = query(warehouse, f"SELECT {key} FROM {table}")[key].to_list()
            if len(in_files) != len(set(in_files)):
                found.append(
                    f"{table}: {len(in_files) - len(set(in_files))} keys repeat across Parquet files"
                )
            if set(in_files) != set(in_db):
                found.append(
                    f"{table}: {len(set(in_files) - set(in_db))} keys only in Parquet files, "
                    f"{len(set(in_db) - set(in_files))} only in DuckDB"
                )
        return found

    return problems
