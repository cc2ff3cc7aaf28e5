"""Validate stage: pandera models for the warehouse tables and the controlled vocabularies."""

from schemas.models import (
    MODELS,
    SCHEMA_VERSION,
    Articles,
    Events,
    Rejects,
    Runs,
    conform,
    empty_frame,
    polars_schema,
)

__all__ = [
    "MODELS",
    "SCHEMA_VERSION",
    "Articles",
    "Events",
    "Rejects",
    "Runs",
    "conform",
    "empty_frame",
    "polars_schema",
]
