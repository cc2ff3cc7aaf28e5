"""The `feeds` table: conditional-request state, replaced per feed in the run's load transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import warehouse.load
from schemas.models import conform
from warehouse.errors import WarehouseError
from warehouse.load import load_run, start_run
from warehouse.query import query

FEED = "http://127.0.0.1:1/world.xml"


def feed_row(run_id: str, etag: str | None, status: str = "fetched", url: str = FEED) -> pl.DataFrame:
    row = {
        "url": url,
        "etag": etag,
        "last_modified": "Mon, 02 Dec 2024 08:00:00 GMT",
        "status": status,
        "items_seen": 4,
        "checked_at": dt.datetime(2024, 12, 2, 9, 0, tzinfo=UTC),
        "run_id": run_id,
    }
    return conform(pl.DataFrame([row]), "feeds")


def load_with_feeds(warehouse_dir: Path, b: Any, feeds: pl.DataFrame) -> None:
    start_run(warehouse_dir, b.run)
    load_run(warehouse_dir, b.run_id, b.articles, b.events, b.rejects, b.counts, feeds=feeds)


def test_a_later_run_replaces_the_feed_state(warehouse_dir: Path, batch: Callable[[str], Any]) -> None:
    load_with_feeds(warehouse_dir, batch("r1"), feed_row("r1", '"v1"'))
    load_with_feeds(
        warehouse_dir, batch("r2"), pl.concat([feed_row("r2", '"v2"'), feed_row("r2", None, url=FEED + "?b")])
    )
    rows = query(warehouse_dir, "SELECT url, etag, run_id FROM feeds ORDER BY url").rows()
    assert rows == [(FEED, '"v2"', "r2"), (FEED + "?b", None, "r2")]


def test_feed_state_is_rolled_back_with_a_failed_load(
    warehouse_dir: Path, batch: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_with_feeds(warehouse_dir, batch("r1"), feed_row("r1", '"v1"'))

    def boom(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(warehouse.load, "_complete_run", boom)
    with pytest.raises(WarehouseError, match="rolled back"):
        load_with_feeds(warehouse_dir, batch("r2"), feed_row("r2", '"v2"'))
    # The old validators stay, so the next run asks for the whole feed again instead of a 304.
    assert query(warehouse_dir, "SELECT etag, run_id FROM feeds").rows() == [('"v1"', "r1")]


def test_a_feed_frame_off_contract_is_refused(warehouse_dir: Path, batch: Callable[[str], Any]) -> None:
    b = batch("r1")
    start_run(warehouse_dir, b.run)
    with pytest.raises(WarehouseError, match="feeds frame does not match"):
        load_run(
            warehouse_dir,
            "r1",
            b.articles,
            b.events,
            b.rejects,
            b.counts,
            feeds=feed_row("r1", None).drop("items_seen"),
        )
