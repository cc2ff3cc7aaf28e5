"""Quarantine: failing rows become rejects with field, value, check and reason; the rest load."""

from __future__ import annotations

import polars as pl
import pytest

from schemas.models import conform
from schemas.validate import SchemaContractError, check_evidence, validate_table
from tests.schemas.test_models import EVIDENCE, articles_row, events_row, frame


def test_failing_row_is_quarantined_and_the_rest_pass() -> None:
    good = events_row()
    bad = events_row() | {"event_id": "f" * 20, "sub_event_type": "Peaceful protest"}
    result = validate_table(frame("events", good, bad), "events")
    assert result.valid["event_id"].to_list() == [good["event_id"]]
    assert result.rejects.height == 1
    reject = result.rejects.row(0, named=True)
    assert reject["stage"] == "validate"
    assert reject["failed_check"] == "sub_type_belongs_to_type"
    assert reject["doc_id"] == bad["doc_id"]
    assert "f" * 20 in reject["payload"] and reject["reason"]


def test_column_check_names_field_and_value() -> None:
    bad = events_row() | {"latitude": 95.0, "longitude": 10.0}
    result = validate_table(frame("events", bad), "events")
    assert result.valid.height == 0
    reject = result.rejects.row(0, named=True)
    assert (reject["field"], reject["value"]) == ("latitude", "95.0")


def test_whole_column_failure_is_a_bug_not_a_reject() -> None:
    df = frame("events", events_row()).with_columns(pl.lit("x").alias("fatalities"))
    with pytest.raises(SchemaContractError, match="fatalities"):
        validate_table(df, "events")


def test_evidence_must_point_into_the_article() -> None:
    text = "Background first. " + EVIDENCE
    article = articles_row() | {"text": text, "n_chars": len(text)}
    start = text.index(EVIDENCE)
    ok = events_row() | {
        "article_id": article["article_id"],
        "evidence_start": start,
        "evidence_end": start + len(EVIDENCE),
    }
    shifted = ok | {
        "event_id": "e" * 20,
        "evidence_start": start + 1,
        "evidence_end": start + 1 + len(EVIDENCE),
    }
    result = check_evidence(frame("events", ok, shifted), conform(pl.DataFrame([article]), "articles"))
    assert result.valid["event_id"].to_list() == [ok["event_id"]]
    assert result.rejects["failed_check"].to_list() == ["evidence_inside_article"]
