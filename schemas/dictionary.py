"""The data dictionary and a JSON Table Schema, generated from the pandera models (never written by hand)."""

from __future__ import annotations

from typing import Any

import polars as pl

from schemas.models import MODELS, SCHEMA_VERSION

KEYS = {
    "articles": "article_id",
    "events": "event_id",
    "rejects": "reject_id",
    "runs": "run_id",
    "feeds": "url",
}
# Values longer than this are summarised in the Markdown dictionary (the CAMEO codebook has 311 codes).
MAX_LISTED = 30
TABLE_SCHEMA_TYPES = {
    pl.String: "string",
    pl.Date: "date",
    pl.Boolean: "boolean",
    pl.Float64: "number",
    pl.Int8: "integer",
    pl.Int32: "integer",
    pl.Int64: "integer",
}


def _constraints(column: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for check in column.checks:
        stats = check.statistics or {}
        if "allowed_values" in stats:
            out["enum"] = list(stats["allowed_values"])
        if stats.get("min_value") is not None:
            out["minimum"] = stats["min_value"]
        if stats.get("max_value") is not None:
            out["maximum"] = stats["max_value"]
        if "pattern" in stats:
            out["pattern"] = str(stats["pattern"])
    if not column.nullable:
        out["required"] = True
    if column.unique:
        out["unique"] = True
    return out


def _type_name(dtype: Any) -> str:
    raw = dtype.type
    if isinstance(raw, pl.Datetime):
        return "datetime"
    return TABLE_SCHEMA_TYPES.get(type(raw), TABLE_SCHEMA_TYPES.get(raw, "string"))


def table_schema(extension: str = "parquet") -> dict[str, Any]:
    """A Frictionless-style JSON Table Schema package: one resource per table file."""
    resources = []
    for table, model in MODELS.items():
        schema = model.to_schema()
        fields = [
            {
                "name": name,
                "type": _type_name(col.dtype),
                "description": col.description or "",
                "constraints": _constraints(col),
            }
            for name, col in schema.columns.items()
        ]
        resources.append(
            {
                "name": table,
                "path": f"{table}.{extension}",
                "description": (model.__doc__ or "").strip(),
                "schema": {"fields": fields, "primaryKey": KEYS[table]},
            }
        )
    return {"name": "dyads", "version": SCHEMA_VERSION, "resources": resources}


def data_dictionary() -> str:
    """DATA_DICTIONARY.md: every column of every table with type, meaning and allowed values."""
    lines = [
        f"# dyads data dictionary (schema {SCHEMA_VERSION})",
        "",
        "Generated from the pandera models in `schemas/models.py`.",
        "",
    ]
    for resource in table_schema()["resources"]:
        lines += [
            f"## `{resource['name']}`",
            "",
            resource["description"],
            "",
            "| column | type | required | meaning | allowed values |",
            "|---|---|---|---|---|",
        ]
        for field in resource["schema"]["fields"]:
            c = field["constraints"]
            allowed = _allowed(c)
            lines.append(
                f"| `{field['name']}` | {field['type']} | {'yes' if c.get('required') else 'no'} | "
                f"{field['description'].replace('|', '/')} | {allowed} |"
            )
        checks = MODELS[resource["name"]].to_schema().checks
        if checks:
            lines += ["", "Row checks: " + "; ".join(f"`{ch.name}`" for ch in checks) + "."]
        lines.append("")
    return "\n".join(lines)


def _allowed(c: dict[str, Any]) -> str:
    if "enum" in c:
        values = [str(v) for v in c["enum"]]
        if len(values) > MAX_LISTED:
            return f"{len(values)} codes (see `schemas/vocab/`)"
        return ", ".join(values).replace("|", "/")
    parts = []
    if "minimum" in c:
        parts.append(f">= {c['minimum']}")
    if "maximum" in c:
        parts.append(f"<= {c['maximum']}")
    if "pattern" in c:
        parts.append(f"matches `{c['pattern']}`")
    return ", ".join(parts)
