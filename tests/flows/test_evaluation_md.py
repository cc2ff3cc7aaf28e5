"""EVALUATION.md rendering: measured figures next to the issue's targets."""

from __future__ import annotations

import json
from pathlib import Path

from flows.evaluation_md import main, render


def test_render_marks_met_and_missed_targets() -> None:
    reports = {
        "cameo": {"cameo_root": {"accuracy": 0.75}, "n_items": 4, "n_events_predicted": 3, "seconds": 0.1},
        "ucdp": {"fatalities": {"within_range": 0.5}, "n_items": 2, "n_events_predicted": 2, "seconds": 0.1},
    }
    page = render(reports, "make eval")
    assert "| cameo | CAMEO root accuracy | 75.0% | 70% | yes |" in page
    assert "| ucdp | fatalities within gold low..high | 50.0% | 80% | no |" in page
    assert "| acled | event type accuracy (primary) | - | 92% | no |" in page


def test_speed_row_compares_coding_with_raw_parsing_over_all_datasets() -> None:
    reports = {
        "a": {"seconds": 3.0, "parse_seconds": 2.0},
        "b": {"seconds": 1.0, "parse_seconds": 1.0},
    }
    assert "| all | coding time / raw spaCy parse time (at most) | 1.33× | 2× | yes |" in render(reports, "x")
    slow = {"a": {"seconds": 5.0, "parse_seconds": 2.0}}
    assert "| 2.50× | 2× | no |" in render(slow, "x")


def test_main_writes_the_page(tmp_path: Path) -> None:
    report = tmp_path / "seed.json"
    report.write_text(json.dumps({"dataset": "seed", "events": {"recall": 1.0}}), encoding="utf-8")
    assert main([str(tmp_path / "EVALUATION.md"), str(report)]) == 0
    assert (
        "| seed | event recall (type + admin1) | 100.0% | 100% | yes |"
        in (tmp_path / "EVALUATION.md").read_text()
    )
