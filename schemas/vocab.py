"""Controlled vocabularies shipped as CSV data next to this module (ACLED types, actor types, CAMEO)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl

VOCAB_DIR = Path(__file__).parent / "vocab"


def _read(name: str, schema: dict[str, pl.DataType | type[pl.DataType]] | None = None) -> pl.DataFrame:
    return pl.read_csv(VOCAB_DIR / name, schema_overrides=schema, infer_schema_length=0 if schema else 100)


@cache
def acled_event_types() -> pl.DataFrame:
    """The 25 ACLED sub-event types with their event type and disorder type."""
    return _read(
        "acled_event_types.csv", {c: pl.String for c in ("disorder_type", "event_type", "sub_event_type")}
    )


@cache
def acled_actor_types() -> pl.DataFrame:
    """The 8 ACLED actor types (inter codes 1-8)."""
    return _read("acled_actor_types.csv", {"inter_code": pl.Int8, "actor_type": pl.String})


@cache
def cameo_codes() -> pl.DataFrame:
    """The CAMEO event codebook: code (string, leading zero kept), name, root, quad class, Goldstein value."""
    return _read(
        "cameo_codes.csv",
        {
            "cameo_code": pl.String,
            "name": pl.String,
            "cameo_root": pl.String,
            "quad_class": pl.Int8,
            "goldstein": pl.Float64,
        },
    )


def event_type_names() -> list[str]:
    """Distinct ACLED event types, in codebook order."""
    return acled_event_types()["event_type"].unique(maintain_order=True).to_list()


def sub_event_type_names() -> list[str]:
    """All ACLED sub-event types."""
    return acled_event_types()["sub_event_type"].to_list()


def disorder_type_names() -> list[str]:
    """Distinct ACLED disorder types."""
    return acled_event_types()["disorder_type"].unique(maintain_order=True).to_list()


def actor_type_names() -> list[str]:
    """The 8 ACLED actor type labels."""
    return acled_actor_types()["actor_type"].to_list()


def cameo_code_list() -> list[str]:
    """Every CAMEO event code, as strings."""
    return cameo_codes()["cameo_code"].to_list()
