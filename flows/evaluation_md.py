"""Render `EVALUATION.md` from the JSON reports of `dyads eval` (used by `make eval`)."""

from __future__ import annotations

import json
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# (dataset, label, path into the report, target) — the quality table of issue 3.
TARGETS: list[tuple[str, str, tuple[str, ...], float]] = [
    ("case2021", "sub-event type weighted F1", ("sub_event_type", "weighted_f1"), 0.85),
    ("case2021", "no ACLED event for non-ACLED items", ("no_acled_event", "share_without_event"), 0.80),
    ("acled", "event type accuracy (primary)", ("event_type", "accuracy"), 0.92),
    ("acled", "sub-event type weighted F1", ("sub_event_type", "weighted_f1"), 0.85),
    ("acled", "fatalities exact", ("fatalities", "exact"), 0.93),
    ("acled", "admin1 accuracy", ("field_accuracy", "admin1", "accuracy"), 0.90),
    ("acled", "location within 25 km", ("geocoding", "within_25km"), 0.80),
    ("acled", "actor1 type accuracy", ("field_accuracy", "actor1_type", "accuracy"), 0.85),
    ("acled", "event date exact", ("field_accuracy", "event_date", "accuracy"), 0.90),
    ("cameo", "CAMEO root accuracy", ("cameo_root", "accuracy"), 0.70),
    ("ucdp", "fatalities within gold low..high", ("fatalities", "within_range"), 0.80),
    ("seed", "event recall (type + admin1)", ("events", "recall"), 1.0),
]


MAX_PARSE_RATIO = 2.0  # issue 3: coding is no slower than twice raw spaCy parsing of the same texts


def _get(report: dict[str, Any], path: tuple[str, ...]) -> float | None:
    node: Any = report
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, float | int) else None


def render(reports: dict[str, dict[str, Any]], command: str) -> str:
    """The Markdown page: date, machine, command, then measured vs target per metric."""
    lines = [
        "# Evaluation",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()} "
        f"({platform.system()}, Python {platform.python_version()}) with `{command}`.",
        "Data: `../shared/eval/dev/*.jsonl` and the seed example (human-coded; not part of this repository).",
        "",
        "| dataset | metric | measured | target | met |",
        "|---|---|---:|---:|:---:|",
    ]
    for dataset, label, path, target in TARGETS:
        value = _get(reports.get(dataset, {}), path)
        shown = f"{value:.1%}" if value is not None else "-"
        met = "yes" if value is not None and value >= target else "no"
        lines.append(f"| {dataset} | {label} | {shown} | {target:.0%} | {met} |")
    coding = sum(float(r.get("seconds") or 0) for r in reports.values())
    parsing = sum(float(r.get("parse_seconds") or 0) for r in reports.values())
    ratio = coding / parsing if parsing else None
    shown = f"{ratio:.2f}×" if ratio is not None else "-"
    met = "yes" if ratio is not None and ratio <= MAX_PARSE_RATIO else "no"
    lines.append(
        f"| all | coding time / raw spaCy parse time (at most) | {shown} | {MAX_PARSE_RATIO:.0f}× | {met} |"
    )
    lines += [
        "",
        "| dataset | items | events predicted | coding seconds | raw spaCy parse seconds | ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, report in sorted(reports.items()):
        lines.append(
            f"| {name} | {report.get('n_items')} | {report.get('n_events_predicted')} | "
            f"{report.get('seconds')} | {report.get('parse_seconds', '-')} | "
            f"{report.get('parse_ratio', '-')} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """`python -m flows.evaluation_md OUT.md REPORT.json...`: write the page from the reports."""
    if len(argv) < 2:
        print("usage: python -m flows.evaluation_md OUT.md REPORT.json...", file=sys.stderr)
        return 2
    out, paths = Path(argv[0]), [Path(p) for p in argv[1:]]
    reports = {}
    for path in paths:
        report = json.loads(path.read_text(encoding="utf-8"))
        reports[str(report.get("dataset") or path.stem)] = report
    out.write_text(render(reports, "make eval"), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
