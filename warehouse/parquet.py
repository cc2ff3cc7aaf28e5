"""Parquet files with the contract's columns, zstd compression and self-describing metadata.

Key-value metadata on every file: `dyads.schema_version`, `dyads.table`, `dyads.run_id` (run files) and
`dyads.column.<name>` = the column's description from the pandera model. Each field also carries its
description as field metadata (`description`), which pyarrow-based readers show.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from schemas.models import MODELS, SCHEMA_VERSION, polars_schema

COMPRESSION = "zstd"
META_PREFIX = "dyads."


def column_descriptions(table: str) -> dict[str, str]:
    """Column name -> description, from the pandera model of `table`."""
    return {name: col.description or "" for name, col in MODELS[table].to_schema().columns.items()}


def file_metadata(table: str, **extra: str) -> dict[str, str]:
    """The key-value metadata written into every Parquet file of `table` (plus `dyads.<key>` extras)."""
    meta = {"dyads.schema_version": SCHEMA_VERSION, "dyads.table": table}
    meta.update({f"{META_PREFIX}{key}": value for key, value in extra.items()})
    meta.update({f"dyads.column.{name}": text for name, text in column_descriptions(table).items()})
    return meta


def arrow_schema(table: str, **extra: str) -> pa.Schema:
    """The Arrow schema files of `table` are written with: contract columns, descriptions, metadata."""
    base = pl.DataFrame(schema=polars_schema(table)).to_arrow().schema
    descriptions = column_descriptions(table)
    fields = [field.with_metadata({"description": descriptions[field.name]}) for field in base]
    return pa.schema(fields, metadata=file_metadata(table, **extra))


def to_arrow(df: pl.DataFrame, table: str, **extra: str) -> pa.Table:
    """`df` (exact contract columns) as an Arrow table carrying the file metadata."""
    schema = arrow_schema(table, **extra)
    arrow = df.to_arrow()
    return pa.Table.from_arrays([arrow.column(f.name).cast(f.type) for f in schema], schema=schema)


def write_atomic(
    data: pa.Table | Iterable[pa.RecordBatch], schema: pa.Schema, final: Path, tmp: Path
) -> Path:
    """Write `data` to `tmp`, fsync it, then rename it to `final` (atomic: readers never see half a file)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    batches = data.to_batches() if isinstance(data, pa.Table) else data
    try:
        with open(tmp, "wb") as sink:
            with pq.ParquetWriter(sink, schema, compression=COMPRESSION) as writer:
                for batch in batches:
                    writer.write_batch(_conform_batch(batch, schema))
            sink.flush()
            os.fsync(sink.fileno())
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(final.parent)
    return final


def _conform_batch(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    if batch.schema.equals(schema, check_metadata=False):
        return batch
    return pa.RecordBatch.from_arrays([batch.column(f.name).cast(f.type) for f in schema], schema=schema)


def fsync_dir(directory: Path) -> None:
    """Make a rename into `directory` durable; does nothing where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_metadata(path: Path) -> dict[str, str]:
    """The `dyads.*` key-value metadata of a Parquet file."""
    raw = pq.read_schema(path).metadata or {}
    return {
        key.decode(): value.decode() for key, value in raw.items() if key.decode().startswith(META_PREFIX)
    }
