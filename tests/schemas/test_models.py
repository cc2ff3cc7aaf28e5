"""The pandera table models accept a valid row and name the check and row of every invalid one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandera.errors
import polars as pl
import pytest

from schemas.models import MODELS, conform, polars_schema

UTC = dt.UTC
EVIDENCE = "Syrian army troops clashed with HTS fighters near Aleppo on Sunday."


def events_row() -> dict[str, Any]:
    """A valid, fully populated events row: an armed clash coded in ACLED and CAMEO."""
    return {
        "event_id": "0123456789abcdef0123",
        "article_id": "ab" * 32,
        "doc_id": "jns-2024-12-02",
        "run_id": "20241202T120000Z-abcd",
        "coder_version": "0.1.0+deadbeef",
        "coded_at": dt.datetime(2024, 12, 2, 12, 0, tzinfo=UTC),
        "event_date": dt.date(2024, 12, 1),
        "time_precision": 1,
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "civilian_targeting": False,
        "cameo_code": "190",
        "cameo_root": "19",
        "quad_class": 4,
        "goldstein": -10.0,
        "actor1": "Military Forces of Syria (2000-2024)",
        "assoc_actor1": None,
        "actor1_type": "State forces",
        "actor1_cameo": "SYRMIL",
        "actor1_country": "SYR",
        "actor2": "HTS: Hayat Tahrir al Sham",
        "assoc_actor2": None,
        "actor2_type": "Rebel group",
        "actor2_cameo": "SYRREB",
        "actor2_country": "SYR",
        "interaction": "State forces-Rebel group",
        "location": "Aleppo",
        "admin1": "Aleppo",
        "admin2": "Jebel Saman",
        "country": "Syria",
        "iso3": "SYR",
        "latitude": 36.2021,
        "longitude": 37.1343,
        "geo_precision": 2,
        "geonames_id": 170063,
        "fatalities": 3,
        "fatalities_low": 3,
        "fatalities_high": 5,
        "evidence": EVIDENCE,
        "evidence_start": 120,
        "evidence_end": 120 + len(EVIDENCE),
        "rule_id": "verb:clash",
        "confidence": 0.8,
        "notes": "Syrian army and HTS clash near Aleppo",
        "source": "JNS",
        "source_url": "https://www.jns.org/example",
        "published": dt.date(2024, 12, 2),
    }


def articles_row() -> dict[str, Any]:
    """A valid articles row."""
    text = "Syrian army troops clashed with HTS fighters near Aleppo."
    return {
        "article_id": "cd" * 32,
        "doc_id": "jns-2024-12-02",
        "url": "https://www.jns.org/example",
        "title": "Clashes near Aleppo",
        "source": "JNS",
        "published": dt.date(2024, 12, 2),
        "text": text,
        "n_chars": len(text),
        "input_path": None,
        "run_id": "20241202T120000Z-abcd",
        "ingested_at": dt.datetime(2024, 12, 2, 12, 0, tzinfo=UTC),
    }


def runs_row() -> dict[str, Any]:
    """A valid, completed runs row."""
    return {
        "run_id": "20241202T120000Z-abcd",
        "started_at": dt.datetime(2024, 12, 2, 12, 0, tzinfo=UTC),
        "finished_at": dt.datetime(2024, 12, 2, 12, 5, tzinfo=UTC),
        "status": "complete",
        "source": "examples/",
        "coder_version": "0.1.0+deadbeef",
        "parameters": "{}",
        "articles_in": 3,
        "articles_loaded": 2,
        "articles_new": 2,
        "articles_rejected": 1,
        "events_coded": 4,
        "events_new": 4,
        "events_rejected": 0,
    }


def rejects_row() -> dict[str, Any]:
    """A valid rejects row: an input file that could not be read."""
    return {
        "reject_id": "r-0001",
        "run_id": "20241202T120000Z-abcd",
        "stage": "extract",
        "doc_id": "examples/broken.html",
        "article_id": None,
        "reason": "no text after cleaning: check the file",
        "field": "text",
        "check": "non_empty_text",
        "value": "",
        "payload": None,
        "at": dt.datetime(2024, 12, 2, 12, 1, tzinfo=UTC),
    }


VALID_ROWS: dict[str, Callable[[], dict[str, Any]]] = {
    "events": events_row,
    "articles": articles_row,
    "runs": runs_row,
    "rejects": rejects_row,
}
# A second, distinct key for the table's unique column, so a two-row frame only fails the check under test.
SECOND_KEY: dict[str, dict[str, str]] = {
    "events": {"event_id": "fedcba9876543210fedc"},
    "articles": {"article_id": "ef" * 32},
    "runs": {"run_id": "20241202T130000Z-efgh"},
    "rejects": {"reject_id": "r-0002"},
}


def frame(table: str, *rows: dict[str, Any]) -> pl.DataFrame:
    """Rows as a DataFrame with exactly the contract columns and dtypes of `table`."""
    df = conform(pl.DataFrame(list(rows)), table)
    assert df.schema == polars_schema(table)
    return df


def failures(table: str, changes: dict[str, Any]) -> pl.DataFrame:
    """Validate a valid row followed by a copy altered by `changes`; return pandera's failure cases."""
    valid = VALID_ROWS[table]()
    invalid = valid | SECOND_KEY[table] | changes
    with pytest.raises(pandera.errors.SchemaErrors) as excinfo:
        MODELS[table].validate(frame(table, valid, invalid), lazy=True)
    return excinfo.value.failure_cases


@pytest.mark.parametrize("table", sorted(VALID_ROWS))
def test_valid_row_passes(table: str) -> None:
    """A fully populated valid row, and a second one with another key, pass validation unchanged."""
    df = frame(table, VALID_ROWS[table](), VALID_ROWS[table]() | SECOND_KEY[table])
    assert df.width == len(polars_schema(table))
    assert MODELS[table].validate(df, lazy=True).equals(df)


def test_events_has_48_columns() -> None:
    """The events contract has 48 columns."""
    assert len(polars_schema("events")) == 48


@pytest.mark.parametrize(
    ("table", "changes", "check"),
    [
        pytest.param(
            "events",
            {"sub_event_type": "Peaceful protest"},
            "sub_type_belongs_to_type",
            id="sub-type-of-another-type",
        ),
        pytest.param("events", {"cameo_root": "18"}, "cameo_fields_agree", id="cameo-root-not-of-code"),
        pytest.param("events", {"quad_class": 3}, "cameo_fields_agree", id="wrong-quad-class"),
        pytest.param("events", {"goldstein": -9.5}, "cameo_fields_agree", id="wrong-goldstein"),
        pytest.param("events", {"fatalities_low": 4}, "fatalities_ordered", id="fatalities-low-above-best"),
        pytest.param("events", {"latitude": 95.0}, "less_than_or_equal_to(90)", id="latitude-95"),
        pytest.param(
            "events",
            {"event_date": dt.date(2024, 12, 5)},
            "date_not_after_published",
            id="event-date-3-days-after-published",
        ),
        pytest.param(
            "events",
            {"evidence_end": 120 + len(EVIDENCE) + 1},
            "evidence_span_consistent",
            id="evidence-offsets-vs-length",
        ),
        pytest.param(
            "events",
            {
                "disorder_type": None,
                "event_type": None,
                "sub_event_type": None,
                "cameo_code": None,
                "cameo_root": None,
                "quad_class": None,
                "goldstein": None,
            },
            "has_a_taxonomy",
            id="no-taxonomy",
        ),
        pytest.param("articles", {"n_chars": 1}, "n_chars_matches_text", id="articles-n-chars-mismatch"),
        pytest.param("runs", {"articles_rejected": 0}, "articles_balance", id="runs-articles-unbalanced"),
        pytest.param(
            "rejects",
            {"stage": "transform"},
            "isin(['extract', 'code', 'validate', 'load'])",
            id="rejects-unknown-stage",
        ),
    ],
)
def test_invalid_row_names_check_and_row(table: str, changes: dict[str, Any], check: str) -> None:
    """The altered second row (index 1) fails exactly the check under test; the valid first row nothing."""
    cases = failures(table, changes)
    assert cases.select("check", "index").unique().rows() == [(check, 1)], cases


def test_conform_of_an_empty_frame_has_no_rows() -> None:
    from schemas.models import conform

    for table in ("articles", "events", "rejects", "runs"):
        assert conform(pl.DataFrame(), table).height == 0
