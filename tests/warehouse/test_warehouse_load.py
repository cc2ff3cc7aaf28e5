"""load_run: idempotent, writes self-describing Parquet files, records the run's counts."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq
import pytest

from schemas.models import SCHEMA_VERSION, conform, polars_schema
from warehouse.errors import WarehouseError
from warehouse.load import load_run, start_run
from warehouse.lock import write_lock
from warehouse.parquet import read_metadata
from warehouse.paths import WarehousePaths
from warehouse.query import query


def table_counts(warehouse: Path) -> dict[str, int]:
    return {
        t: query(warehouse, f"SELECT count(*) AS n FROM {t}")["n"][0]
        for t in ("articles", "events", "rejects")
    }


def parquet_files(warehouse: Path) -> list[Path]:
    return sorted(p.relative_to(warehouse) for p in (warehouse / "parquet").rglob("*") if p.is_file())


def test_first_load_adds_rows_files_and_completes_the_run(
    warehouse_dir: Path, batch: Callable[[str], Any], load: Callable[..., Any]
) -> None:
    result = load(warehouse_dir, batch("r1"))
    assert (result.articles_new, result.events_new, result.rejects_new) == (2, 2, 1)
    paths = WarehousePaths.of(warehouse_dir)
    assert result.parquet_files == [paths.run_file(t, "r1") for t in ("articles", "events", "rejects")]
    assert table_counts(warehouse_dir) == {"articles": 2, "events": 2, "rejects": 1}
    run = query(warehouse_dir, "SELECT * FROM runs").row(0, named=True)
    assert run["status"] == "complete"
    assert run["finished_at"] is not None
    assert (run["articles_in"], run["articles_loaded"], run["articles_rejected"]) == (3, 2, 1)
    assert (run["articles_new"], run["events_new"], run["events_coded"]) == (2, 2, 2)


def test_loading_the_same_rows_twice_adds_nothing(
    warehouse_dir: Path, batch: Callable[[str], Any], load: Callable[..., Any]
) -> None:
    load(warehouse_dir, batch("r1"))
    before = {
        t: query(warehouse_dir, f"SELECT * FROM {t} ORDER BY 1") for t in ("articles", "events", "rejects")
    }
    files_before = parquet_files(warehouse_dir)

    second = load(warehouse_dir, batch("r2"))  # same source again, in a new run

    assert (second.articles_new, second.events_new, second.rejects_new) == (0, 0, 0)
    assert second.parquet_files == []
    assert parquet_files(warehouse_dir) == files_before
    for table, df in before.items():
        assert query(warehouse_dir, f"SELECT * FROM {table} ORDER BY 1").equals(df)
    runs = query(warehouse_dir, "SELECT run_id, status, articles_new, events_new FROM runs ORDER BY run_id")
    assert runs.rows() == [("r1", "complete", 2, 2), ("r2", "complete", 0, 0)]


def test_only_new_rows_are_loaded_and_repeated_keys_in_one_frame_count_once(
    warehouse_dir: Path, batch: Callable[[str], Any], load: Callable[..., Any]
) -> None:
    load(warehouse_dir, batch("r1"))
    b = batch("r2")
    extra = conform(pl.DataFrame([{**b.articles.row(0, named=True), "article_id": "f" * 64}]), "articles")
    b.articles = pl.concat([b.articles, extra, extra])
    result = load(warehouse_dir, b)
    assert result.articles_new == 1
    assert pl.read_parquet(result.parquet_files[0])["article_id"].to_list() == ["f" * 64]


def test_parquet_files_carry_contract_columns_and_metadata(
    warehouse_dir: Path, batch: Callable[[str], Any], load: Callable[..., Any]
) -> None:
    load(warehouse_dir, batch("r1"))
    paths = WarehousePaths.of(warehouse_dir)
    for table in ("articles", "events", "rejects"):
        path = paths.run_file(table, "r1")
        meta = read_metadata(path)
        assert meta["dyads.schema_version"] == SCHEMA_VERSION
        assert meta["dyads.table"] == table
        assert meta["dyads.run_id"] == "r1"
        assert set(polars_schema(table)) == {k.removeprefix("dyads.column.") for k in meta if "column." in k}
        assert all(meta[f"dyads.column.{c}"] for c in polars_schema(table))
        arrow = pq.read_table(path)
        assert arrow.column_names == list(polars_schema(table))
        assert arrow.schema.field(0).metadata[b"description"]
        assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"
        assert pl.read_parquet(path).schema == polars_schema(table)
    assert not list((warehouse_dir / "parquet").rglob(".*"))


def test_frames_must_match_the_contract(warehouse_dir: Path, batch: Callable[[str], Any]) -> None:
    b = batch("r1")
    start_run(warehouse_dir, b.run)
    bad_events = b.events.drop("notes").with_columns(pl.col("fatalities").cast(pl.Int64))
    with pytest.raises(
        WarehouseError, match=r"missing columns \['notes'\].*fatalities is Int64.*schemas.conform"
    ):
        load_run(warehouse_dir, "r1", b.articles, bad_events, b.rejects, b.counts)
    with pytest.raises(WarehouseError, match="counts for run r1: missing \\['events_rejected'\\]"):
        counts = {k: v for k, v in b.counts.items() if k != "events_rejected"}
        load_run(warehouse_dir, "r1", b.articles, b.events, b.rejects, counts)


def test_new_rows_must_carry_the_run_id(warehouse_dir: Path, batch: Callable[[str], Any]) -> None:
    b = batch("r1")
    start_run(warehouse_dir, b.run)
    with pytest.raises(WarehouseError, match="new articles rows carry other run ids"):
        load_run(warehouse_dir, "r1", batch("other").articles, b.events, b.rejects, b.counts)


def test_run_lifecycle_errors_name_the_run(
    warehouse_dir: Path, batch: Callable[[str], Any], load: Callable[..., Any]
) -> None:
    b = batch("r1")
    with pytest.raises(WarehouseError, match="call start_run for run r1 first"):
        load_run(warehouse_dir, "r1", b.articles, b.events, b.rejects, b.counts)
    load(warehouse_dir, b)
    with pytest.raises(WarehouseError, match="run r1 is already complete"):
        load_run(warehouse_dir, "r1", b.articles, b.events, b.rejects, b.counts)
    with pytest.raises(WarehouseError, match="run r1 is already complete"):
        start_run(warehouse_dir, b.run)
    with pytest.raises(WarehouseError, match="run r9 is not in"):
        load_run(warehouse_dir, "r9", b.articles, b.events, b.rejects, b.counts)


def test_load_waits_for_the_lock_then_fails_naming_it(
    warehouse_dir: Path, batch: Callable[[str], Any]
) -> None:
    b = batch("r1")
    start_run(warehouse_dir, b.run)
    lock = WarehousePaths.of(warehouse_dir).lock
    with write_lock(lock):  # a second open file description: flock conflicts even in one process
        started = time.monotonic()
        with pytest.raises(WarehouseError, match=rf"write lock {lock} within 0.3 s"):
            load_run(warehouse_dir, "r1", b.articles, b.events, b.rejects, b.counts, timeout=0.3)
        assert time.monotonic() - started >= 0.3
    assert query(warehouse_dir, "SELECT status FROM runs")["status"].to_list() == ["running"]


def test_lock_held_by_another_process_names_its_pid(warehouse_dir: Path, batch: Callable[[str], Any]) -> None:
    b = batch("r1")
    start_run(warehouse_dir, b.run)
    lock = WarehousePaths.of(warehouse_dir).lock
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(lock)!r}, os.O_RDWR)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "os.write(fd, f'{os.getpid()}'.encode())\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(WarehouseError, match=rf"{lock}.*\(pid {holder.pid}\)"):
            load_run(warehouse_dir, "r1", b.articles, b.events, b.rejects, b.counts, timeout=0.2)
    finally:
        holder.communicate("")
    result = load_run(warehouse_dir, "r1", b.articles, b.events, b.rejects, b.counts, timeout=5)
    assert result.articles_new == 2
