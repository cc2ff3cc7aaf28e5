"""`dyads check`: a clean warehouse passes; rows planted behind the loader's back are named and fail it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import warehouse.check
from flows.cli import app
from warehouse.check import check_warehouse
from warehouse.errors import WarehouseError
from warehouse.paths import WarehousePaths

EVENT_WITHOUT_PK = (
    "CREATE TABLE events_copy AS SELECT * FROM events; DROP TABLE events;"
    " ALTER TABLE events_copy RENAME TO events;"
)


def plant(warehouse: Path, sql: str) -> None:
    """Change the warehouse with plain DuckDB, as a careless hand edit would."""
    con = duckdb.connect(str(WarehousePaths.of(warehouse).db))
    try:
        for statement in duckdb.extract_statements(sql):
            con.execute(statement.query).fetchall()
    finally:
        con.close()


def dyads_check(warehouse: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", "--warehouse", str(warehouse)])
    return result.exit_code, result.output


def test_a_clean_warehouse_passes(loaded: Path) -> None:
    report = check_warehouse(loaded)
    assert report.ok, report.text()
    assert report.rows["events"] == 2 and report.rows["runs"] == 1
    kinds = {r.kind for r in report.results}
    assert kinds == {"schema", "audit"}
    assert {"events", "duplicate_event_id", "events_without_article"} <= {r.name for r in report.results}
    code, output = dyads_check(loaded)
    assert code == 0, output
    assert "FAIL" not in output and "OK   audit  runs_unbalanced" in output


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        pytest.param(
            EVENT_WITHOUT_PK + "INSERT INTO events SELECT * FROM events WHERE event_type = 'Battles'",
            # the same coding twice also means the event ids are not deterministic
            {"duplicate_event_id": 1, "duplicate_event_coding": 1, "events.event_id: field_uniqueness": 2},
            id="duplicate-event-id",
        ),
        pytest.param(
            "INSERT INTO events SELECT * REPLACE ('eeeeeeeeeeeeeeeeeeee' AS event_id, repeat('0', 64)"
            " AS article_id) FROM events WHERE event_type = 'Battles'",
            {"events_without_article": 1},
            id="event-without-article",
        ),
        pytest.param(
            "UPDATE events SET sub_event_type = 'Peaceful protest' WHERE event_type = 'Battles'",
            {"sub_event_type_not_in_event_type": 1, "events: sub_type_belongs_to_type": 1},
            id="sub-type-of-another-type",
        ),
        pytest.param(
            "UPDATE runs SET articles_in = articles_in + 1",
            {"runs_unbalanced": 1, "runs: articles_balance": 1},
            id="run-unbalanced",
        ),
        pytest.param(
            "UPDATE events SET fatalities = -1 WHERE event_type = 'Battles'",
            {"events.fatalities: greater_than_or_equal_to(0)": 1, "events: fatalities_ordered": 1},
            id="negative-fatalities",
        ),
        pytest.param(
            "UPDATE events SET cameo_root = '99' WHERE cameo_code IS NOT NULL",
            {"events.cameo_root: str_matches('^(0[1-9]|1[0-9]|20)$')": 1, "events: cameo_fields_agree": 1},
            id="bad-cameo-root",
        ),
    ],
)
def test_a_planted_problem_is_reported_by_name(loaded: Path, sql: str, expected: dict[str, int]) -> None:
    plant(loaded, sql)
    report = check_warehouse(loaded)
    failed = {r.name: r for r in report.failures}
    assert not report.ok
    assert {name: failed[name].n_failures for name in expected if name in failed} == expected, report.text()
    assert set(failed) == set(expected), report.text()  # nothing else is blamed
    assert all(r.examples for r in failed.values()), report.text()

    code, output = dyads_check(loaded)
    assert code == 1, output
    for name, n in expected.items():
        assert f"FAIL {failed[name].kind:<6} {name}: {n} row" in output, output


def test_examples_name_the_offending_key_and_value(loaded: Path) -> None:
    plant(loaded, "UPDATE events SET fatalities = -1 WHERE event_type = 'Battles'")
    event_id = (
        duckdb.connect(str(WarehousePaths.of(loaded).db), read_only=True)
        .execute("SELECT event_id FROM events WHERE event_type = 'Battles'")
        .fetchall()[0][0]
    )
    failed = {r.name: r for r in check_warehouse(loaded).failures}
    assert failed["events.fatalities: greater_than_or_equal_to(0)"].examples == [
        f"event_id={event_id}, fatalities=-1"
    ]
    assert failed["events: fatalities_ordered"].examples == [f"event_id={event_id}"]


def test_small_batches_check_every_row(loaded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warehouse.check, "BATCH_ROWS", 1)
    assert check_warehouse(loaded).ok
    plant(loaded, "UPDATE events SET fatalities = -1; UPDATE articles SET n_chars = 0")
    failed = {r.name: r.n_failures for r in check_warehouse(loaded).failures}
    assert failed == {
        "articles.n_chars: greater_than_or_equal_to(1)": 2,
        "articles: n_chars_matches_text": 2,
        "events.fatalities: greater_than_or_equal_to(0)": 2,
        "events: fatalities_ordered": 2,
    }


def test_a_table_with_other_columns_fails_its_schema_check(loaded: Path) -> None:
    plant(loaded, "ALTER TABLE rejects ADD COLUMN extra INTEGER")
    failed = {r.name: r for r in check_warehouse(loaded).failures}
    assert list(failed) == ["rejects: columns"]
    assert "extra" in failed["rejects: columns"].detail


def test_no_warehouse_says_to_run_first(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="dyads run"):
        check_warehouse(tmp_path / "nothing")
    code, output = dyads_check(tmp_path / "nothing")
    assert code == 2 and "dyads run" in output


def test_a_warehouse_that_cannot_be_opened_exits_2(tmp_path: Path) -> None:
    (tmp_path / "dyads.duckdb").write_bytes(b"not a database at all" * 100)
    code, output = dyads_check(tmp_path)
    assert code == 2, output
    assert "dyads.duckdb" in output
