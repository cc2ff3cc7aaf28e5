"""Hand-off snapshots: one file per table (Parquet or CSV), or events in ACLED's CSV layout."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import duckdb

from schemas.dictionary import data_dictionary, table_schema
from warehouse import parquet
from warehouse.db import DEFAULT_BUSY_TIMEOUT, connect, fetch
from warehouse.errors import WarehouseError
from warehouse.paths import TABLE_KEYS, TABLES, WarehousePaths

ExportFormat = Literal["parquet", "csv", "acled-csv"]
FORMATS: tuple[str, ...] = ("parquet", "csv", "acled-csv")
_BATCH_ROWS = 100_000


def export(
    warehouse: Path,
    out_dir: Path,
    fmt: ExportFormat,
    *,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
) -> list[Path]:
    """Write a snapshot of the warehouse into `out_dir` (created if needed) and return the files.

    `parquet`: `<table>.parquet` for articles, events, rejects and runs (zstd, dyads metadata);
    `csv`: `<table>.csv` for the same tables; both add `DATA_DICTIONARY.md` and `datapackage.json` (a JSON
    Table Schema generated from the pandera models). `acled-csv`: `events_acled.csv` with ACLED's columns.
    Rows are ordered by key so two exports of the same warehouse are identical. Files are written
    under a temporary name and renamed.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    paths = WarehousePaths.of(warehouse)
    if not paths.db.exists():
        raise WarehouseError(f"no warehouse at {paths.db}: run `dyads run --source …` first to create it")
    out_dir.mkdir(parents=True, exist_ok=True)
    exported_at = datetime.now(UTC).isoformat(timespec="seconds")
    written: list[Path] = []
    with connect(paths, read_only=True, busy_timeout=busy_timeout) as con:
        if fmt == "acled-csv":
            sql = "SELECT * FROM events_acled ORDER BY event_date, event_id_cnty"
            written.append(_write_csv(con, sql, out_dir / "events_acled.csv"))
            return written
        for table in TABLES:
            sql = f"SELECT * FROM {table} ORDER BY {TABLE_KEYS[table]}"
            if fmt == "csv":
                written.append(_write_csv(con, sql, out_dir / f"{table}.csv"))
            else:
                written.append(_write_parquet(con, sql, table, out_dir / f"{table}.parquet", exported_at))
    written.append(_write_text(out_dir / "DATA_DICTIONARY.md", data_dictionary()))
    written.append(_write_text(out_dir / "datapackage.json", json.dumps(table_schema(fmt), indent=2) + "\n"))
    return written


def _write_text(final: Path, text: str) -> Path:
    tmp = final.with_name(f".{final.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, final)
    return final


def _write_parquet(
    con: duckdb.DuckDBPyConnection, sql: str, table: str, final: Path, exported_at: str
) -> Path:
    schema = parquet.arrow_schema(table, exported_at=exported_at)
    reader = con.sql(sql).to_arrow_reader(_BATCH_ROWS)
    try:
        return parquet.write_atomic(reader, schema, final, final.with_name(f".{final.name}.tmp"))
    finally:
        reader.close()


def _write_csv(con: duckdb.DuckDBPyConnection, sql: str, final: Path) -> Path:
    tmp = final.with_name(f".{final.name}.tmp")
    target = str(tmp).replace("'", "''")
    try:
        # A single-file COPY (never a directory, never OVERWRITE): DuckDB streams it to disk.
        fetch(con, f"COPY ({sql}) TO '{target}' (FORMAT csv, HEADER true)")
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return final
