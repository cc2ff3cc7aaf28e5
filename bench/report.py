"""BENCHMARKS.md from a results dict (what `python -m bench` measured; also saved as results.json).

Every figure is a median over the repeated runs; each target row says met or missed for the figure as
measured, "not measured" when the part or size was not run and "not available" when it could not be.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bench.measure import median

GB = 1_000_000_000
TARGET_RATIO = 0.85
TARGET_RATE = 12.0
TARGET_LOAD_SECONDS = 10.0
TARGET_LOAD_SPEEDUP = 3.0
TARGET_RERUN_SHARE = 0.05
TARGET_MEMORY_BYTES = 1.5 * GB
MEMORY_AT = 20_000
#: "Flat as the corpus grows": the peak at the largest size at most this much above the smallest's.
TARGET_MEMORY_GROWTH = 0.25


@dataclass(frozen=True, slots=True)
class Target:
    """One row of the targets table."""

    name: str
    target: str
    measured: str
    status: str  # met, missed, not measured, not available


def targets(results: dict[str, Any]) -> list[Target]:
    """The issue's targets, judged on the measured medians."""
    rows: list[Target] = []
    e2e = {entry["size"]: entry for entry in results.get("e2e", [])}
    for size, entry in sorted(e2e.items()):
        rate = size / median(entry["seconds"])
        if entry.get("floor_seconds"):
            floor_rate = size / median(entry["floor_seconds"])
            ratio = rate / floor_rate
            rows.append(
                Target(
                    f"end to end ÷ raw parse, {size} articles",
                    f"≥ {TARGET_RATIO}",
                    f"{ratio:.3f} ({rate:.2f} ÷ {floor_rate:.2f} articles/s)",
                    _status(ratio >= TARGET_RATIO),
                )
            )
        rows.append(
            Target(
                f"end to end articles/s, {size} articles",
                f"≥ {TARGET_RATE:g}",
                f"{rate:.2f}",
                _status(rate >= TARGET_RATE),
            )
        )
    if not e2e:
        rows.append(Target("end to end vs raw parse", f"≥ {TARGET_RATIO}", "", "not measured"))
    rows.extend(_load_targets(results.get("load")))
    for size, entry in sorted(e2e.items()):
        if entry.get("rerun_seconds"):
            again, first = median(entry["rerun_seconds"]), median(entry["seconds"])
            share = again / first
            rows.append(
                Target(
                    f"rerun ÷ first run, {size} articles",
                    f"≤ {TARGET_RERUN_SHARE:.0%}",
                    f"{share:.1%} ({again:.2f} s ÷ {first:.2f} s)",
                    _status(share <= TARGET_RERUN_SHARE),
                )
            )
    if not any(entry.get("rerun_seconds") for entry in e2e.values()):
        rows.append(Target("rerun ÷ first run", f"≤ {TARGET_RERUN_SHARE:.0%}", "", "not measured"))
    rows.extend(_memory_targets(e2e))
    return rows


def _load_targets(load: dict[str, Any] | None) -> list[Target]:
    if not load or not load.get("ours_seconds"):
        return [
            Target("validate + load 1M events", f"≤ {TARGET_LOAD_SECONDS:g} s", "", "not measured"),
            Target("ours vs dlt (speed-up)", f"≥ {TARGET_LOAD_SPEEDUP:g}×", "", "not measured"),
        ]
    ours = median(load["ours_seconds"])
    rows = [
        Target(
            f"validate + load {load['rows']:,} events",
            f"≤ {TARGET_LOAD_SECONDS:g} s",
            f"{ours:.2f} s",
            _status(ours <= TARGET_LOAD_SECONDS),
        )
    ]
    if load.get("dlt_seconds"):
        dlt = median(load["dlt_seconds"])
        speedup = dlt / ours
        rows.append(
            Target(
                "ours vs dlt (speed-up)",
                f"≥ {TARGET_LOAD_SPEEDUP:g}×",
                f"{speedup:.2f}× ({dlt:.2f} s ÷ {ours:.2f} s)",
                _status(speedup >= TARGET_LOAD_SPEEDUP),
            )
        )
    else:
        rows.append(
            Target(
                "ours vs dlt (speed-up)",
                f"≥ {TARGET_LOAD_SPEEDUP:g}×",
                "",
                load.get("dlt_status", "not measured"),
            )
        )
    return rows


def _memory_targets(e2e: dict[int, dict[str, Any]]) -> list[Target]:
    peaks = {size: peak for size, entry in sorted(e2e.items()) if (peak := memory_peak(entry)) is not None}
    rows = []
    if MEMORY_AT in peaks:
        rows.append(
            Target(
                f"peak RSS, {MEMORY_AT} articles",
                f"≤ {TARGET_MEMORY_BYTES / GB:g} GB",
                gb(peaks[MEMORY_AT]),
                _status(peaks[MEMORY_AT] <= TARGET_MEMORY_BYTES),
            )
        )
    else:
        largest = max(peaks, default=None)
        seen = f"{gb(peaks[largest])} at {largest} articles ({MEMORY_AT} not run)" if largest else ""
        rows.append(
            Target(
                f"peak RSS, {MEMORY_AT} articles", f"≤ {TARGET_MEMORY_BYTES / GB:g} GB", seen, "not measured"
            )
        )
    flat_target = f"≤ +{TARGET_MEMORY_GROWTH:.0%} from smallest to largest corpus"
    if len(peaks) >= 2:
        small, large = min(peaks), max(peaks)
        growth = peaks[large] / peaks[small] - 1
        rows.append(
            Target(
                "peak RSS flat as the corpus grows",
                flat_target,
                f"{growth:+.1%} ({gb(peaks[small])} at {small} → {gb(peaks[large])} at {large})",
                _status(growth <= TARGET_MEMORY_GROWTH),
            )
        )
    else:
        rows.append(Target("peak RSS flat as the corpus grows", flat_target, "", "not measured (one size)"))
    return rows


def memory_peak(entry: dict[str, Any]) -> float | None:
    """Median peak RSS of a size's runs: the process tree's, or the largest process's without psutil."""
    tree = [v for v in entry.get("peak_tree_rss", []) if v is not None]
    if tree:
        return median(tree)
    single = entry.get("max_rss", [])
    return median(single) if single else None


def gb(value: float) -> str:
    """Bytes as GB (10⁹ bytes), two decimals."""
    return f"{value / GB:.2f} GB"


def _runs(n: int) -> str:
    return "1 run" if n == 1 else f"{n} runs"


def _status(ok: bool) -> str:
    return "met" if ok else "missed"


def _seconds(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def render(results: dict[str, Any]) -> str:
    """The whole BENCHMARKS.md."""
    parts = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`python -m bench`); do not edit by hand. Every figure is the median of "
        f"{_runs(results['repeats'])} (all runs are listed below).",
        "",
        f"- date: {results['date']}",
        f"- command: `{results['command']}`",
        f"- parts run: {', '.join(results['parts'])}",
        "",
        *_machine(results),
        *_targets_table(results),
        *_corpora(results),
        *_e2e(results),
        *_startup(results),
        *_incremental(results),
        *_memory(results),
        *_scale(results),
        *_load(results),
        *_errors(results),
    ]
    return "\n".join(parts).rstrip() + "\n"


def _machine(results: dict[str, Any]) -> list[str]:
    m = results["machine"]
    versions = m.get("versions", {})
    load = m.get("load_average")
    ram = f"{m['ram_bytes'] / 2**30:.1f} GiB" if m.get("ram_bytes") else "unknown"
    settings = results.get("settings", {})
    lines = [
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {m['cpu']} |",
        f"| cores | {m['cores']} |",
        f"| RAM | {ram} |",
        f"| OS | {m['os']} |",
        f"| Python | {m['python']} |",
        *(f"| {name} | {version} |" for name, version in versions.items()),
    ]
    if load:
        lines.append(f"| load average at start (1, 5, 15 min) | {', '.join(f'{x:.2f}' for x in load)} |")
    if m.get("load_average_end"):
        end = ", ".join(f"{x:.2f}" for x in m["load_average_end"])
        lines.append(f"| load average at the end (1, 5, 15 min) | {end} |")
    if settings:
        lines.append(
            f"| parse settings | DYADS_N_PROCESS={settings['n_process']}, DYADS_BATCH_SIZE="
            f"{settings['batch_size']}, DYADS_SPACY_MODEL={settings['model']} |"
        )
    return [*lines, ""]


def _targets_table(results: dict[str, Any]) -> list[str]:
    return ["## Targets", "", targets_markdown(results), ""]


def targets_markdown(results: dict[str, Any]) -> str:
    """The targets as a Markdown table (also printed at the end of a harness run)."""
    lines = ["| figure | target | measured | status |", "|---|---|---|---|"]
    lines += [f"| {t.name} | {t.target} | {t.measured} | {t.status} |" for t in targets(results)]
    return "\n".join(lines)


def _corpora(results: dict[str, Any]) -> list[str]:
    corpora = results.get("corpora", [])
    if not corpora:
        return []
    lines = [
        "## Corpus",
        "",
        "Generated by `bench/corpus.py` from the project's own `samples/articles.jsonl`, "
        "`tests/fixtures/sources/good/` and `tests/fixtures/web/news/` (paragraphs recombined, one templated "
        f"paragraph added, numbers and weekdays varied; seed {results.get('seed', 0)}); every text distinct.",
        "",
        "| articles | mean words | sha256 of the JSONL |",
        "|---|---|---|",
        *(f"| {c['size']} | {c['mean_words']} | `{c['sha256'][:16]}…` |" for c in corpora),
    ]
    return [*lines, ""]


def _e2e(results: dict[str, Any]) -> list[str]:
    entries = [e for e in results.get("e2e", []) if e.get("floor_seconds")]
    if not entries:
        return []
    lines = [
        "## End to end vs the floor",
        "",
        "`dyads run --source CORPUS --warehouse FRESH --json` as a subprocess (everything included: "
        "interpreter, imports, Prefect, model and gazetteer loading, extract, code, validate, load) against "
        "`nlp.pipe` over the same texts with the same pipeline (`coder.nlp.load_nlp`), processes and batch "
        "size in its own process, model loading excluded (listed apart).",
        "",
        "| articles | end to end s | articles/s | raw parse s | articles/s | ratio | events | model load s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for e in entries:
        size, run, floor = e["size"], median(e["seconds"]), median(e["floor_seconds"])
        lines.append(
            f"| {size} | {run:.2f} | {size / run:.2f} | {floor:.2f} | {size / floor:.2f} | "
            f"{(size / run) / (size / floor):.3f} | {median(e['events']):.0f} | "
            f"{median(e['floor_load_seconds']):.2f} |"
        )
    lines += ["", "All runs (seconds):", ""]
    for e in entries:
        lines.append(
            f"- {e['size']}: end to end {_seconds(e['seconds'])}; raw parse {_seconds(e['floor_seconds'])}"
        )
    return [*lines, ""]


def _startup(results: dict[str, Any]) -> list[str]:
    s = results.get("startup")
    if not s:
        return []
    return [
        "## Start-up cost (included in every figure above, not subtracted)",
        "",
        "| what | median s | all runs |",
        "|---|---|---|",
        f"| `dyads run` on an empty directory | {median(s['empty_run_seconds']):.2f} | "
        f"{_seconds(s['empty_run_seconds'])} |",
        f"| a bare Prefect flow (`python -c`, ephemeral server) | {median(s['prefect_flow_seconds']):.2f} | "
        f"{_seconds(s['prefect_flow_seconds'])} |",
        f"| first empty run (cold: fresh PREFECT_HOME) | {s['cold_seconds']:.2f} | |",
        "",
    ]


def _incremental(results: dict[str, Any]) -> list[str]:
    entries = [e for e in results.get("e2e", []) if e.get("rerun_seconds")]
    if not entries:
        return []
    lines = [
        "## Incremental rerun",
        "",
        "The same `dyads run` again into the warehouse its first run just filled (0 new articles).",
        "",
        "| articles | first run s | rerun s | share | all reruns |",
        "|---|---|---|---|---|",
    ]
    for e in entries:
        first, again = median(e["seconds"]), median(e["rerun_seconds"])
        lines.append(
            f"| {e['size']} | {first:.2f} | {again:.2f} | {again / first:.1%} | "
            f"{_seconds(e['rerun_seconds'])} |"
        )
    return [*lines, ""]


def _memory(results: dict[str, Any]) -> list[str]:
    entries = results.get("e2e", [])
    if not entries:
        return []
    lines = [
        "## Memory",
        "",
        "Peak RSS of the `dyads run` process tree (the CLI, its spaCy worker processes and the temporary "
        "Prefect server), sampled every 0.1 s with psutil and summed over the tree: pages shared after a "
        "fork count once per process, so it is an upper bound (the figure the targets use). PSS divides "
        "shared pages among the processes sharing them (sampled every 0.5 s). The largest process is the "
        "kernel's peak RSS of one process (`wait4` rusage).",
        "",
        "| articles | tree RSS peak | tree PSS peak | largest process | at the RSS peak | all runs (RSS) |",
        "|---|---|---|---|---|---|",
    ]
    for e in entries:
        tree = [v for v in e.get("peak_tree_rss", []) if v is not None]
        pss = [v for v in e.get("peak_tree_pss", []) if v is not None]
        lines.append(
            f"| {e['size']} | {gb(median(tree)) if tree else 'psutil missing'} | "
            f"{gb(median(pss)) if pss else ''} | {gb(median(e['max_rss']))} | {_breakdown(e)} | "
            f"{', '.join(gb(v) for v in tree)} |"
        )
    return [*lines, ""]


def _breakdown(entry: dict[str, Any]) -> str:
    """The process kinds at the RSS peak of the run with the median peak."""
    runs = [
        (peak, parts)
        for peak, parts in zip(entry.get("peak_tree_rss", []), entry.get("peak_breakdown", []), strict=False)
        if peak is not None and parts
    ]
    if not runs:
        return ""
    runs.sort(key=lambda run: run[0])
    parts = runs[(len(runs) - 1) // 2][1]
    return "; ".join(f"{label} {gb(value)}" for label, value in sorted(parts.items(), key=lambda kv: -kv[1]))


def _scale(results: dict[str, Any]) -> list[str]:
    scale = results.get("scale")
    if not scale:
        return []
    size = scale["size"]
    lines = [
        "## Scale-out",
        "",
        f"`dyads run` on {size} articles into a fresh warehouse, per mode.",
        "",
        "| mode | articles/s | median s | all runs |",
        "|---|---|---|---|",
    ]
    for mode in scale["modes"]:
        if mode["status"] == "ok" and mode["seconds"]:
            run = median(mode["seconds"])
            lines.append(f"| {mode['label']} | {size / run:.2f} | {run:.2f} | {_seconds(mode['seconds'])} |")
        else:
            lines.append(f"| {mode['label']} | {mode['status']} | | |")
    return [*lines, ""]


def _load(results: dict[str, Any]) -> list[str]:
    load = results.get("load")
    if not load or not load.get("ours_seconds"):
        return []
    lines = [
        "## Load vs dlt",
        "",
        f"{load['rows']:,} synthetic event rows valid per the pandera `events` model and their "
        f"{load['articles']:,} articles (built with polars, written to Parquet once, read untimed), into a "
        "fresh destination each run. Ours: `validate_table` (articles, events) + `start_run` + `load_run`. "
        'dlt: one `pipeline.run` of both tables as Arrow into a DuckDB file, `write_disposition="merge"`, '
        "primary keys `event_id` and `article_id`. Each run is its own process.",
        "",
        "| | median s | all runs |",
        "|---|---|---|",
        f"| ours: validate + load | {median(load['ours_seconds']):.2f} | {_seconds(load['ours_seconds'])} |",
        f"| of which validate | {median(load['ours_validate_seconds']):.2f} | "
        f"{_seconds(load['ours_validate_seconds'])} |",
        f"| of which start_run + load_run | {median(load['ours_load_seconds']):.2f} | "
        f"{_seconds(load['ours_load_seconds'])} |",
    ]
    if load.get("dlt_seconds"):
        lines.append(f"| dlt | {median(load['dlt_seconds']):.2f} | {_seconds(load['dlt_seconds'])} |")
    else:
        lines.append(f"| dlt | {load.get('dlt_status', 'not measured')} | |")
    if load.get("hot_spots"):
        lines += [
            "",
            f"Ours missed a target, so one more run was profiled with pyinstrument (`{load['profile']}`). "
            "Project functions by time spent in them and below, with the heaviest self time under each "
            "(a function's own name there means C calls made from its own lines, e.g. DuckDB's):",
            "",
            "| function | where | s | heaviest self time below |",
            "|---|---|---|---|",
            *(
                f"| `{h['function']}` | `{h['where']}` | {h['seconds']:.2f} | {h['self_heaviest']} |"
                for h in load["hot_spots"]
            ),
        ]
    return [*lines, ""]


def _errors(results: dict[str, Any]) -> list[str]:
    errors = results.get("errors", {})
    if not errors:
        return []
    lines = ["## Parts that failed", ""]
    lines += [f"- {part}: {message.splitlines()[0]}" for part, message in errors.items()]
    return [*lines, ""]
