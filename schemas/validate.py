"""Eager, lazy pandera validation: failing rows are quarantined as rejects, the rest load."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandera.errors as pa_errors
import polars as pl

from schemas.models import MODELS, polars_schema

REJECT_COLUMNS = ["stage", "doc_id", "article_id", "reason", "field", "failed_check", "value", "payload"]
MAX_TEXT = 500


class SchemaContractError(ValueError):
    """A whole column is wrong (missing, wrong dtype): a bug in a stage, not bad input."""


@dataclass(frozen=True, slots=True)
class Validated:
    """Rows that passed, and reject rows for the ones that did not."""

    valid: pl.DataFrame
    rejects: pl.DataFrame


def empty_rejects() -> pl.DataFrame:
    """A rejects frame with no rows (stage-level columns only)."""
    return pl.DataFrame(schema={c: pl.String for c in REJECT_COLUMNS})


def validate_table(df: pl.DataFrame, table: str) -> Validated:
    """Validate `df` against the model of `table`; failing rows become rejects (stage 'validate')."""
    model = MODELS[table]
    expected = polars_schema(table)
    if df.schema != expected:
        diff = sorted(set(expected.items()) ^ set(df.schema.items()), key=str)
        raise SchemaContractError(
            f"{table}: columns or dtypes differ from the contract, build the frame with "
            f"schemas.conform: {diff[:6]}"
        )
    frame = df
    try:
        model.validate(frame, lazy=True)
        return Validated(frame, empty_rejects())
    except pa_errors.SchemaErrors as exc:
        cases = exc.failure_cases
    whole = cases.filter(pl.col("index").is_null())
    if whole.height:
        detail = "; ".join(
            f"{r['column']}: {r['check']} ({r['failure_case']})" for r in whole.iter_rows(named=True)
        )
        raise SchemaContractError(
            f"{table}: column-level schema failure, fix the stage that builds it: {detail}"
        )
    bad_rows = cases.group_by("index", maintain_order=True).agg(
        pl.col("column").first(), pl.col("check").unique().str.join(", "), pl.col("failure_case").first()
    )
    bad_index = bad_rows["index"].to_list()
    indexed = frame.with_row_index("__row")
    rejected = indexed.filter(pl.col("__row").is_in(bad_index))
    by_row = {r["index"]: r for r in bad_rows.iter_rows(named=True)}
    rows = []
    for row in rejected.iter_rows(named=True):
        failure = by_row[row["__row"]]
        field = failure["column"] if failure["column"] != model.Config.name else None
        rows.append(
            {
                "stage": "validate",
                "doc_id": _str(row.get("doc_id")),
                "article_id": _str(row.get("article_id")),
                "reason": f"{table} row failed {failure['check']}; the row was quarantined: "
                f"fix the coder rule {row.get('rule_id', '')!s} or the input",
                "field": field,
                "failed_check": failure["check"],
                "value": _str(failure["failure_case"]),
                "payload": _payload({k: v for k, v in row.items() if k != "__row"}),
            }
        )
    valid = indexed.filter(~pl.col("__row").is_in(bad_index)).drop("__row")
    return Validated(valid, pl.DataFrame(rows, schema={c: pl.String for c in REJECT_COLUMNS}))


def check_evidence(events: pl.DataFrame, articles: pl.DataFrame) -> Validated:
    """Evidence offsets must point inside the article text and at the evidence sentence itself."""
    if events.height == 0:
        return Validated(events, empty_rejects())
    start, end, text = pl.col("evidence_start"), pl.col("evidence_end"), pl.col("text")
    inside = (
        (start >= 0)
        & (start < end)
        & (end <= text.str.len_chars())
        & (text.str.slice(start, end - start) == pl.col("evidence"))
    )
    mask = (
        events.select("article_id", "evidence_start", "evidence_end", "evidence")
        .join(articles.select("article_id", "text"), on="article_id", how="left", maintain_order="left")
        .select(inside.fill_null(False))
        .to_series()
    )
    bad = events.filter(~mask)
    rows = [
        {
            "stage": "validate",
            "doc_id": _str(r["doc_id"]),
            "article_id": _str(r["article_id"]),
            "reason": "evidence offsets do not point at the evidence sentence inside the article text",
            "field": "evidence_start",
            "failed_check": "evidence_inside_article",
            "value": f"{r['evidence_start']}..{r['evidence_end']}",
            "payload": _payload(r),
        }
        for r in bad.iter_rows(named=True)
    ]
    return Validated(events.filter(mask), pl.DataFrame(rows, schema={c: pl.String for c in REJECT_COLUMNS}))


def _str(value: object) -> str | None:
    return None if value is None else str(value)[:MAX_TEXT]


def _payload(row: dict[str, object]) -> str:
    return json.dumps(row, default=str, ensure_ascii=False)[: MAX_TEXT * 4]
