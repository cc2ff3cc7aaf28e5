"""BENCHMARKS.md rendering from a hand-written results dict; no benchmark runs here."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from bench.report import Target, render, targets

BENCH = Path(__file__).resolve().parents[2] / "bench"


def results() -> dict[str, Any]:
    return {
        "date": "2026-11-25 03:00:00 UTC",
        "command": ".venv/bin/python -m bench --sizes 1000 20000 --repeats 3",
        "repeats": 3,
        "seed": 0,
        "parts": ["e2e", "load", "incremental", "memory", "scale"],
        "machine": {
            "cpu": "Test CPU",
            "cores": 2,
            "ram_bytes": 24 * 2**30,
            "os": "Linux",
            "python": "3.11.7",
            "versions": {"spacy": "3.8.18", "duckdb": "2.0.1", "polars": "2.1.0", "dlt": "1.31.0"},
            "load_average": [0.5, 0.4, 0.3],
        },
        "settings": {"n_process": 2, "batch_size": 64, "model": "en_core_web_sm"},
        "corpora": [
            {"size": 1000, "mean_words": 430.1, "sha256": "ab" * 32, "path": "c1.jsonl"},
            {"size": 20000, "mean_words": 428.4, "sha256": "cd" * 32, "path": "c2.jsonl"},
        ],
        "startup": {
            "cold_seconds": 19.1,
            "empty_run_seconds": [15.8, 15.6, 16.0],
            "prefect_flow_seconds": [12.9],
        },
        "e2e": [
            {
                "size": 1000,
                "seconds": [85.0, 80.0, 82.0],  # median 82 -> 12.20 articles/s
                "floor_seconds": [62.0, 60.0, 61.0],  # median 61 -> 16.39 articles/s
                "floor_load_seconds": [0.4, 0.4, 0.5],
                "rerun_seconds": [15.0, 16.0, 15.5],
                "events": [19000, 19000, 19000],
                "peak_tree_rss": [1.2e9, 1.1e9, 1.3e9],
                "peak_tree_pss": [0.9e9, 0.8e9, 1.0e9],
                "peak_breakdown": [
                    {"main process": 0.7e9, "forked workers (spaCy n_process)": 0.5e9},
                    {"main process": 0.6e9, "forked workers (spaCy n_process)": 0.5e9},
                    {"main process": 0.8e9, "forked workers (spaCy n_process)": 0.5e9},
                ],
                "max_rss": [1.0e9, 1.0e9, 1.0e9],
            },
            {
                "size": 20000,
                "seconds": [1500.0, 1400.0, 1450.0],  # 13.79 articles/s
                "floor_seconds": [1200.0, 1210.0, 1190.0],  # 16.67 articles/s
                "floor_load_seconds": [0.4, 0.4, 0.4],
                "rerun_seconds": [60.0, 61.0, 62.0],  # 61 / 1450 = 4.2 %
                "events": [380000, 380000, 380000],
                "peak_tree_rss": [1.4e9, 1.6e9, 1.35e9],
                "max_rss": [1.1e9, 1.1e9, 1.1e9],
            },
        ],
        "scale": {
            "size": 1000,
            "modes": [
                {"mode": "1", "label": "DYADS_N_PROCESS=1", "status": "ok", "seconds": [100.0, 101.0, 99.0]},
                {"mode": "2", "label": "DYADS_N_PROCESS=2", "status": "ok", "seconds": [82.0, 80.0, 81.0]},
                {
                    "mode": "dask",
                    "label": "DYADS_TASK_RUNNER=dask",
                    "status": "not available: flows/settings.py has no task_runner setting",
                },
            ],
        },
        "load": {
            "rows": 1_000_000,
            "articles": 100_000,
            "ours_seconds": [6.1, 6.0, 8.4],
            "ours_validate_seconds": [0.8, 0.7, 0.9],
            "ours_load_seconds": [5.3, 5.3, 7.5],
            "dlt_seconds": [12.5, 12.4, 12.6],
            "profile": "out/bench/load-profile.txt",
            "hot_spots": [
                {
                    "function": "_commit",
                    "where": "warehouse/load.py:287",
                    "seconds": 3.05,
                    "self_heaviest": "x",
                }
            ],
        },
        "errors": {},
    }


def by_name(rows: list[Target]) -> dict[str, Target]:
    return {row.name: row for row in rows}


def test_each_target_is_judged_on_the_medians() -> None:
    rows = by_name(targets(results()))
    assert rows["end to end ÷ raw parse, 1000 articles"].measured == "0.744 (12.20 ÷ 16.39 articles/s)"
    assert rows["end to end ÷ raw parse, 1000 articles"].status == "missed"
    assert rows["end to end articles/s, 1000 articles"].status == "met"
    assert rows["end to end ÷ raw parse, 20000 articles"].status == "missed"
    assert rows["validate + load 1,000,000 events"].measured == "6.10 s"
    assert rows["validate + load 1,000,000 events"].status == "met"
    assert rows["ours vs dlt (speed-up)"].measured == "2.05× (12.50 s ÷ 6.10 s)"
    assert rows["ours vs dlt (speed-up)"].status == "missed"
    assert rows["rerun ÷ first run, 1000 articles"].status == "missed"
    assert rows["rerun ÷ first run, 20000 articles"].measured == "4.2% (61.00 s ÷ 1450.00 s)"
    assert rows["rerun ÷ first run, 20000 articles"].status == "met"
    assert rows["peak RSS, 20000 articles"].measured == "1.40 GB"
    assert rows["peak RSS, 20000 articles"].status == "met"
    assert rows["peak RSS flat as the corpus grows"].status == "met"


def test_parts_not_run_are_not_measured() -> None:
    partial = results()
    del partial["e2e"], partial["load"], partial["startup"], partial["scale"], partial["corpora"]
    partial["parts"] = []
    rows = targets(partial)
    assert {row.status for row in rows} == {"not measured", "not measured (one size)"}
    text = render(partial)
    assert "## Targets" in text and "## Load vs dlt" not in text


def test_memory_at_20k_is_not_measured_when_only_1k_ran() -> None:
    small = results()
    small["e2e"] = small["e2e"][:1]
    rows = by_name(targets(small))
    assert rows["peak RSS, 20000 articles"].status == "not measured"
    assert rows["peak RSS, 20000 articles"].measured == "1.20 GB at 1000 articles (20000 not run)"


def test_render_has_every_section_and_the_figures() -> None:
    text = render(results())
    for heading in (
        "## Machine",
        "## Targets",
        "## Corpus",
        "## End to end vs the floor",
        "## Start-up cost",
        "## Incremental rerun",
        "## Memory",
        "## Scale-out",
        "## Load vs dlt",
    ):
        assert heading in text
    assert "| CPU | Test CPU |" in text
    assert "`.venv/bin/python -m bench --sizes 1000 20000 --repeats 3`" in text
    assert "| 1000 | 82.00 | 12.20 | 61.00 | 16.39 | 0.744 | 19000 | 0.40 |" in text
    assert (
        "| DYADS_TASK_RUNNER=dask | not available: flows/settings.py has no task_runner setting | | |" in text
    )
    assert "| DYADS_N_PROCESS=2 | 12.35 | 81.00 | 82.00, 80.00, 81.00 |" in text
    assert "| dlt | 12.50 | 12.50, 12.40, 12.60 |" in text
    assert "`_commit`" in text
    at_peak = "main process 0.70 GB; forked workers (spaCy n_process) 0.50 GB"
    assert f"| 1000 | 1.20 GB | 0.90 GB | 1.00 GB | {at_peak} |" in text
    assert text.endswith("\n") and "\n\n\n" not in text


def test_a_failed_part_is_listed() -> None:
    failed = results()
    failed["errors"] = {"e2e 20000": "dyads run failed (exit 1): ...\ntraceback"}
    assert "- e2e 20000: dyads run failed (exit 1): ..." in render(failed)


@pytest.mark.parametrize("path", sorted(BENCH.glob("*.py")), ids=lambda p: p.name)
def test_bench_group_packages_are_imported_inside_functions_only(path: Path) -> None:
    """CI installs only the default groups: importing any bench module must not need dlt, psutil or
    pyinstrument."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            top_level.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            top_level.add(node.module.split(".")[0])
    assert not top_level & {"dlt", "psutil", "pyinstrument"}
