"""Load stage: start a run, then load its rows (Parquet files, then one DuckDB transaction).

Crash safety (DESIGN §4): a run's Parquet files are written under a hidden name and renamed, then its
rows and its `complete` status are committed in one transaction. Files whose run never completed are
orphans; the next `start_run` deletes them. Keys are deterministic, so a rerun adds exactly what the
crashed run would have added. A new database file is likewise created under a hidden name and renamed.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa

from schemas.models import polars_schema
from warehouse import parquet
from warehouse.db import apply_schema, connect, fetch
from warehouse.errors import WarehouseError
from warehouse.lock import DEFAULT_LOCK_TIMEOUT, write_lock
from warehouse.paths import LOADED_TABLES, TABLE_KEYS, TABLES, WarehousePaths

log = logging.getLogger(__name__)

#: Count columns of `runs` the caller supplies to `load_run`; `*_new` are measured by the load itself.
CALLER_COUNTS: tuple[str, ...] = (
    "articles_in",
    "articles_loaded",
    "articles_rejected",
    "events_coded",
    "events_rejected",
)
MEASURED_COUNTS: tuple[str, ...] = ("articles_new", "events_new")


@dataclass
class LoadResult:
    """What one `load_run` added to the warehouse."""

    articles_new: int
    events_new: int
    rejects_new: int
    parquet_files: list[Path] = field(default_factory=list)


def start_run(warehouse: Path, run: pl.DataFrame, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
    """Prepare `warehouse` and record `run` (one `runs` row) with status 'running'.

    Creates the directory, tables and views when missing, and deletes the Parquet files of runs that
    never completed (a crash between writing files and committing). Null counts are stored as 0 and a
    null `started_at` as now. A `run_id` that is already complete is refused; one that is not (a crashed
    run being retried) is reset to 'running'.
    """
    check_frame(run, "runs")
    if run.height != 1:
        raise WarehouseError(f"start_run expects exactly one runs row, got {run.height}")
    run_id = run["run_id"][0]
    row = run.with_columns(
        pl.lit("running").alias("status"),
        pl.lit(None, dtype=run.schema["finished_at"]).alias("finished_at"),
        pl.col("started_at").fill_null(pl.lit(_now(), dtype=run.schema["started_at"])),
        *(pl.col(name).fill_null(0) for name in (*CALLER_COUNTS, *MEASURED_COUNTS)),
    )
    paths = WarehousePaths.of(warehouse)
    paths.root.mkdir(parents=True, exist_ok=True)
    with write_lock(paths.lock, timeout):
        if not paths.db.exists():
            _create_database(paths)
        with connect(paths, read_only=False, busy_timeout=timeout) as con:
            apply_schema(con)
            check_tables(con)
            status = _run_status(con, run_id)
            if status == "complete":
                raise WarehouseError(
                    f"run {run_id} is already complete in {paths.db}; start a new run with a new run_id"
                )
            con.register("incoming_run", row.to_arrow())
            fetch(con, "INSERT OR REPLACE INTO runs BY NAME SELECT * FROM incoming_run")
            con.unregister("incoming_run")
            complete = {r[0] for r in fetch(con, "SELECT run_id FROM runs WHERE status = 'complete'")}
            # Still under the lock: no writer can be between its Parquet write and its commit right now.
            _remove_orphans(paths, complete)


def load_run(
    warehouse: Path,
    run_id: str,
    articles: pl.DataFrame,
    events: pl.DataFrame,
    rejects: pl.DataFrame,
    counts: dict[str, int],
    *,
    timeout: float = DEFAULT_LOCK_TIMEOUT,
    feeds: pl.DataFrame | None = None,
) -> LoadResult:
    """Load the rows of run `run_id` and mark it complete; rows already stored are skipped.

    Frames must have exactly the contract columns (`schemas.conform`). `counts` gives the caller's
    counts (`articles_in`, `articles_loaded`, `articles_rejected`, `events_coded`, `events_rejected`);
    `articles_new`/`events_new` are what this call really inserted. Waits up to `timeout` seconds for
    the write lock. On failure the transaction is rolled back, the run's new files are removed, the run
    is marked 'failed' and `WarehouseError` names the run; calling `load_run` again retries it.
    `feeds` rows (the conditional-request state of the feeds this run read) replace the stored ones in
    the same transaction.
    """
    frames = {"articles": articles, "events": events, "rejects": rejects}
    for table, df in frames.items():
        check_frame(df, table)
    if feeds is not None:
        check_frame(feeds, "feeds")
    run_counts = _check_counts(counts, run_id)
    paths = WarehousePaths.of(warehouse)
    if not paths.db.exists():
        raise WarehouseError(f"no warehouse at {paths.db}: call start_run for run {run_id} first")

    with write_lock(paths.lock, timeout):
        deadline = time.monotonic() + timeout
        with connect(paths, read_only=False, busy_timeout=timeout) as con:
            status = _run_status(con, run_id)
            if status is None:
                raise WarehouseError(f"run {run_id} is not in {paths.db}: call start_run first")
            if status == "complete":
                raise WarehouseError(f"run {run_id} is already complete in {paths.db}; nothing was loaded")
            new = {table: _new_rows(con, table, df) for table, df in frames.items()}
        _check_new_rows_belong_to_run(new, run_id)
        written: list[Path] = []
        committed = False
        try:
            arrow = {t: parquet.to_arrow(df, t, run_id=run_id) for t, df in new.items() if df.height}
            for table, data in arrow.items():
                written.append(
                    parquet.write_atomic(
                        data, data.schema, paths.run_file(table, run_id), paths.tmp_file(table, run_id)
                    )
                )
            run_counts["articles_new"] = new["articles"].height
            run_counts["events_new"] = new["events"].height
            busy = max(deadline - time.monotonic(), 1.0)
            with connect(paths, read_only=False, busy_timeout=busy) as con:
                _commit(con, run_id, arrow, run_counts, feeds)
                committed = True
        except Exception as exc:
            if committed:  # only closing the connection failed: the run and its files are complete
                raise WarehouseError(
                    f"run {run_id} was loaded, but closing {paths.db} failed: {exc}"
                ) from exc
            _discard(written)
            _mark_failed(paths, run_id)
            raise WarehouseError(
                f"loading run {run_id} into {paths.db} failed and was rolled back ({exc}); "
                "nothing from this run is in the warehouse: fix the cause and rerun"
            ) from exc
    log.info(
        "run %s loaded: %d new articles, %d new events, %d new rejects",
        run_id,
        new["articles"].height,
        new["events"].height,
        new["rejects"].height,
    )
    return LoadResult(
        articles_new=new["articles"].height,
        events_new=new["events"].height,
        rejects_new=new["rejects"].height,
        parquet_files=written,
    )


def check_frame(df: pl.DataFrame, table: str) -> None:
    """Raise `WarehouseError` unless `df` has exactly the columns, order and dtypes of `table`."""
    expected = polars_schema(table)
    if df.schema == expected:
        return
    missing = [c for c in expected if c not in df.schema]
    extra = [c for c in df.schema if c not in expected]
    wrong = [
        f"{c} is {df.schema[c]}, expected {t}"
        for c, t in expected.items()
        if c in df.schema and df.schema[c] != t
    ]
    problems = [
        f"missing columns {missing}" if missing else "",
        f"unexpected columns {extra}" if extra else "",
        "; ".join(wrong),
        "columns out of order" if not (missing or extra or wrong) else "",
    ]
    raise WarehouseError(
        f"{table} frame does not match the {table} contract: "
        + "; ".join(p for p in problems if p)
        + f". Pass it through schemas.conform(df, {table!r}) before loading."
    )


def check_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Raise `WarehouseError` if the warehouse's tables differ from the models (an older schema)."""
    for table in TABLES:
        rows = fetch(
            con,
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        )
        found = [r[0] for r in rows]
        expected = list(polars_schema(table))
        if found != expected:
            raise WarehouseError(
                f"table {table} of this warehouse has columns {found}, but this dyads version expects "
                f"{expected}: export the old warehouse and load into a new directory"
            )


def _create_database(paths: WarehousePaths) -> None:
    """Create the database with its tables under a hidden name, then rename it into place.

    A process killed while DuckDB writes a new file's headers leaves a truncated file that no later
    run can open; here that can only happen to the hidden file, which the next creation replaces.
    Call with the write lock held.
    """
    tmp = paths.root / f".{paths.db.name}.tmp"
    wal = tmp.with_name(f"{tmp.name}.wal")
    tmp.unlink(missing_ok=True)
    wal.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        apply_schema(con)
        fetch(con, "CHECKPOINT")  # everything into the file itself: no WAL may be left behind the rename
    finally:
        con.close()
    if wal.exists():
        raise WarehouseError(f"creating {paths.db} left a write-ahead log {wal}; remove both and rerun")
    os.replace(tmp, paths.db)
    parquet.fsync_dir(paths.root)


def _now() -> datetime:
    return datetime.now(UTC)


def _run_status(con: duckdb.DuckDBPyConnection, run_id: str) -> str | None:
    rows = fetch(con, "SELECT status FROM runs WHERE run_id = ?", [run_id])
    return rows[0][0] if rows else None


def _check_counts(counts: dict[str, int], run_id: str) -> dict[str, int]:
    known = set(CALLER_COUNTS) | set(MEASURED_COUNTS)
    missing = [k for k in CALLER_COUNTS if k not in counts]
    unknown = sorted(set(counts) - known)
    if missing or unknown:
        raise WarehouseError(
            f"counts for run {run_id}: missing {missing}, unknown {unknown}; "
            f"pass exactly {list(CALLER_COUNTS)} (articles_new/events_new are measured by the load)"
        )
    return {k: int(counts[k]) for k in CALLER_COUNTS}


def _new_rows(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame) -> pl.DataFrame:
    """Rows of `df` whose key is not stored yet (first of each key when `df` repeats one)."""
    key = TABLE_KEYS[table]
    df = df.unique(subset=[key], keep="first", maintain_order=True)
    if df.is_empty():
        return df
    con.register("incoming_keys", df.select(key).to_arrow())
    try:
        stored = con.sql(f"SELECT t.{key} FROM {table} AS t SEMI JOIN incoming_keys AS i USING ({key})").pl()
    finally:
        con.unregister("incoming_keys")
    return df.join(stored, on=key, how="anti", maintain_order="left") if stored.height else df


def _check_new_rows_belong_to_run(new: dict[str, pl.DataFrame], run_id: str) -> None:
    for table, df in new.items():
        others = df.filter(pl.col("run_id") != run_id)["run_id"].unique().to_list()
        if others:
            key = TABLE_KEYS[table]
            example = df.filter(pl.col("run_id") != run_id)[key][0]
            raise WarehouseError(
                f"run {run_id}: new {table} rows carry other run ids {others[:3]} "
                f"(e.g. {key}={example}); a run loads only rows stamped with its own run_id"
            )


def _commit(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    arrow: dict[str, pa.Table],
    run_counts: dict[str, int],
    feeds: pl.DataFrame | None = None,
) -> None:
    """Insert the new rows, upsert the feed state and complete the run in one transaction."""
    con.begin()
    try:
        for table in LOADED_TABLES:
            if table not in arrow:
                continue
            view = f"new_{table}"
            con.register(view, arrow[table])
            fetch(con, f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
            con.unregister(view)
        if feeds is not None and feeds.height:
            con.register("new_feeds", feeds.to_arrow())
            fetch(con, "INSERT OR REPLACE INTO feeds BY NAME SELECT * FROM new_feeds")
            con.unregister("new_feeds")
        _complete_run(con, run_id, run_counts)
        con.commit()
    except BaseException:
        try:
            con.rollback()
        except duckdb.Error:
            pass  # the connection is closed next, which discards the transaction anyway
        raise


def _complete_run(con: duckdb.DuckDBPyConnection, run_id: str, run_counts: dict[str, int]) -> None:
    columns = list(run_counts)
    assignments = ", ".join(f"{c} = ?" for c in columns)
    updated = fetch(
        con,
        f"UPDATE runs SET status = 'complete', finished_at = ?, {assignments}"
        " WHERE run_id = ? RETURNING run_id",
        [_now(), *(run_counts[c] for c in columns), run_id],
    )
    if len(updated) != 1:
        raise WarehouseError(f"run {run_id} vanished from the runs table during its load")


def _discard(files: list[Path]) -> None:
    for path in files:
        path.unlink(missing_ok=True)


def _mark_failed(paths: WarehousePaths, run_id: str) -> None:
    # Best effort: the run stays 'running' if even this fails; start_run treats both the same.
    try:
        with connect(paths, read_only=False, busy_timeout=1.0) as con:
            fetch(
                con,
                "UPDATE runs SET status = 'failed', finished_at = ?"
                " WHERE run_id = ? AND status <> 'complete'",
                [_now(), run_id],
            )
    except Exception as exc:
        log.warning("could not mark run %s failed: %s", run_id, exc)


def _remove_orphans(paths: WarehousePaths, complete: set[str]) -> list[Path]:
    """Delete Parquet files (and temporary files) of runs that are not complete."""
    removed: list[Path] = []
    if not paths.parquet_root.exists():
        return removed
    for table in LOADED_TABLES:
        directory = paths.parquet_dir(table)
        if not directory.is_dir():
            continue
        for path in directory.iterdir():
            hidden = path.name.startswith(".")
            is_tmp = hidden and path.name.endswith(".parquet.tmp")
            is_orphan = not hidden and path.suffix == ".parquet" and path.stem not in complete
            if is_tmp or is_orphan:
                path.unlink(missing_ok=True)
                removed.append(path)
    if removed:
        log.warning("removed %d Parquet files of runs that never completed: %s", len(removed), removed)
    return removed
