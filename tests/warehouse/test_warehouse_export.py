"""export() writes readable hand-off files in all three formats."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from schemas.models import SCHEMA_VERSION, polars_schema
from warehouse.errors import WarehouseError
from warehouse.export import export
from warehouse.parquet import read_metadata
from warehouse.paths import TABLES
from warehouse.query import query

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor1",
    "inter1",
    "actor2",
    "assoc_actor2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


def test_parquet_export_has_one_file_per_table_with_metadata(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "snapshot"
    paths = export(loaded, out, "parquet")
    assert paths == [
        *(out / f"{t}.parquet" for t in TABLES),
        out / "DATA_DICTIONARY.md",
        out / "datapackage.json",
    ]
    for table, path in zip(TABLES, paths, strict=False):
        df = pl.read_parquet(path)
        assert df.schema == polars_schema(table)
        assert df.equals(query(loaded, f"SELECT * FROM {table} ORDER BY 1"))
        meta = read_metadata(path)
        assert meta["dyads.schema_version"] == SCHEMA_VERSION
        assert meta["dyads.table"] == table
        assert "dyads.exported_at" in meta
        assert meta["dyads.column.run_id"]
        if df.height:  # an empty table (no feeds read) has no row group to inspect
            assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)


def test_csv_export_has_one_file_per_table(loaded: Path, tmp_path: Path) -> None:
    paths = export(loaded, tmp_path, "csv")
    assert [p.name for p in paths] == [
        *(f"{t}.csv" for t in TABLES),
        "DATA_DICTIONARY.md",
        "datapackage.json",
    ]
    for table, path in zip(TABLES, paths, strict=False):
        df = pl.read_csv(path, infer_schema_length=0)
        assert df.columns == list(polars_schema(table))
        assert df.height == query(loaded, f"SELECT count(*) AS n FROM {table}")["n"][0]


def test_acled_csv_uses_acled_columns_in_order(loaded: Path, tmp_path: Path) -> None:
    [path] = export(loaded, tmp_path, "acled-csv")
    assert path == tmp_path / "events_acled.csv"
    df = pl.read_csv(path, infer_schema_length=0)
    assert df.columns == ACLED_COLUMNS
    clash = df.filter(pl.col("event_type") == "Battles").row(0, named=True)
    assert clash["inter1"] == "State forces"
    assert clash["inter2"] == "Rebel group"
    assert clash["iso"] == "760"
    assert clash["year"] == "2024"
    assert clash["civilian_targeting"] in (None, "")


def test_export_refuses_unknown_formats_and_missing_warehouses(loaded: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xlsx'"):
        export(loaded, tmp_path, "xlsx")  # type: ignore[arg-type]
    with pytest.raises(WarehouseError, match="no warehouse at"):
        export(tmp_path / "none", tmp_path / "out", "csv")
