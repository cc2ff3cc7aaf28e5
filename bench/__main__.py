"""`python -m bench`: run the benchmarks and write BENCHMARKS.md (see `make bench`)."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.corpus import write_corpus
from bench.measure import (
    BenchError,
    ProcessRun,
    bench_env,
    machine_info,
    median,
    now_utc,
    python_command,
    run_process,
)
from bench.report import TARGET_LOAD_SECONDS, TARGET_LOAD_SPEEDUP, render, targets_markdown
from bench.runs import RunConfig, end_to_end, scale_out, startup

PARTS = ("e2e", "load", "incremental", "memory", "scale")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The harness's options."""
    parser = argparse.ArgumentParser(prog="python -m bench", description="dyads benchmarks -> BENCHMARKS.md")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 20000], help="Corpus sizes")
    parser.add_argument("--repeats", type=int, default=3, help="Runs per figure; the median is reported")
    parser.add_argument("--out", type=Path, default=Path("BENCHMARKS.md"), help="Report to write")
    parser.add_argument("--work", type=Path, default=Path("out/bench"), help="Corpora, warehouses, results")
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"Comma-separated parts to run, of: {','.join(PARTS)}"
    )
    parser.add_argument("--seed", type=int, default=0, help="Corpus seed")
    parser.add_argument("--rows", type=int, default=1_000_000, help="Event rows of the load comparison")
    parser.add_argument(
        "--n-process",
        type=int,
        default=int(os.environ.get("DYADS_N_PROCESS", os.cpu_count() or 1)),
        help="DYADS_N_PROCESS of the runs and the raw parse [default: $DYADS_N_PROCESS, else all cores]",
    )
    parser.add_argument(
        "--batch-size", type=int, default=int(os.environ.get("DYADS_BATCH_SIZE", 64)), help="DYADS_BATCH_SIZE"
    )
    parser.add_argument("--model", default=os.environ.get("DYADS_SPACY_MODEL", "en_core_web_sm"))
    parser.add_argument(
        "--scale-size", type=int, help="Corpus size of the scale-out curve [default: smallest]"
    )
    parser.add_argument(
        "--profile",
        choices=["auto", "always", "never"],
        default="auto",
        help="Profile our load with pyinstrument: when it misses a target (auto), always, or never",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the measured warehouses")
    parser.add_argument(
        "--from-results",
        type=Path,
        metavar="RESULTS_JSON",
        help="Measure nothing: render --out again from a results.json of an earlier run",
    )
    args = parser.parse_args(argv)
    only = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = sorted(set(only) - set(PARTS))
    if unknown:
        parser.error(f"--only: unknown parts {unknown}; choose from {','.join(PARTS)}")
    if args.repeats < 1 or any(s < 1 for s in args.sizes):
        parser.error("--repeats and --sizes must be positive")
    args.parts = [p for p in PARTS if p in only]
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the selected parts, writing results.json and the report after each; 1 if a part failed."""
    args = parse_args(argv)
    if args.from_results:
        earlier = json.loads(args.from_results.read_text(encoding="utf-8"))
        args.out.write_text(render(earlier), encoding="utf-8")
        print(targets_markdown(earlier))
        return 0
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - started:7.1f} s] {message}", file=sys.stderr, flush=True)

    machine = machine_info()
    machine["load_average"] = list(os.getloadavg())
    results: dict[str, Any] = {
        "date": now_utc(),
        "command": command_line(argv),
        "repeats": args.repeats,
        "seed": args.seed,
        "parts": args.parts,
        "machine": machine,
        "settings": {"n_process": args.n_process, "batch_size": args.batch_size, "model": args.model},
        "errors": {},
    }
    cfg = RunConfig(work, args.n_process, args.batch_size, args.model, args.repeats, log, args.keep)

    def save() -> None:
        (work / "results.json").write_text(json.dumps(results, indent=2))
        args.out.write_text(render(results), encoding="utf-8")

    for name, run in plan(args, cfg, results):
        log(f"{name} ...")
        try:
            run()
        except BenchError as exc:  # one failed part must not throw away hours of the others
            results["errors"][name] = str(exc)
            log(f"{name} FAILED: {exc}")
        save()
    machine["load_average_end"] = list(os.getloadavg())
    save()
    log(f"wrote {args.out} and {work / 'results.json'}")
    print(targets_markdown(results))
    return 1 if results["errors"] else 0


def plan(
    args: argparse.Namespace, cfg: RunConfig, results: dict[str, Any]
) -> list[tuple[str, Callable[[], None]]]:
    """The parts to run in order, each filling its key of `results`; writes the corpora first."""
    steps: list[tuple[str, Callable[[], None]]] = []
    parts = set(args.parts)
    corpora = write_corpora(args, cfg) if parts & {"e2e", "incremental", "memory", "scale"} else {}
    results["corpora"] = [info for size, info in sorted(corpora.items()) if size in args.sizes]
    paths = {size: Path(info["path"]) for size, info in corpora.items()}

    def keep(key: str, measure: Callable[[], Any]) -> Callable[[], None]:
        def step() -> None:
            results[key] = measure()

        return step

    if "e2e" in parts:
        steps.append(("startup", keep("startup", lambda: startup(cfg))))
    if parts & {"e2e", "incremental", "memory"}:
        floor, rerun = "e2e" in parts, "incremental" in parts
        results["e2e"] = []
        for size in sorted(args.sizes):

            def one_size(size: int = size) -> None:
                results["e2e"].append(end_to_end(cfg, paths[size], size, floor=floor, rerun=rerun))

            steps.append((f"e2e {size}", one_size))
    if "scale" in parts:
        scale_size = args.scale_size or min(args.sizes)
        steps.append(("scale", keep("scale", lambda: scale_out(cfg, paths[scale_size], scale_size))))
    if "load" in parts:
        steps.append(("load", keep("load", lambda: load_comparison(cfg, args.rows, args.profile))))
    return steps


def write_corpora(args: argparse.Namespace, cfg: RunConfig) -> dict[int, dict[str, Any]]:
    """The corpus of every size the runs need, written under the work directory."""
    corpora: dict[int, dict[str, Any]] = {}
    for size in sorted(set(args.sizes) | ({args.scale_size} if args.scale_size else set())):
        info = write_corpus(cfg.work / "corpus" / f"articles-{size}-seed{args.seed}.jsonl", size, args.seed)
        corpora[size] = {
            "size": size,
            "mean_words": info.mean_words,
            "sha256": info.sha256,
            "path": str(info.path),
        }
        cfg.log(f"corpus {info.path.name}: {size} articles, {info.mean_words} words on average")
    return corpora


def load_comparison(cfg: RunConfig, rows: int, profile: str) -> dict[str, Any]:
    """Ours and dlt on the same prepared rows, alternating, each run in its own process."""
    data = cfg.work / "load-data"
    prepare = python_command("bench.load_vs_dlt", "prepare", "--data", str(data), "--rows", str(rows))
    meta = _json_of(run_process(prepare, bench_env()), "preparing rows")
    cfg.log(f"  {meta['events']} events, {meta['articles']} articles ready in {data}")
    out: dict[str, Any] = {
        "rows": meta["events"],
        "articles": meta["articles"],
        "ours_seconds": [],
        "ours_validate_seconds": [],
        "ours_load_seconds": [],
        "dlt_seconds": [],
    }
    dlt_error = _dlt_missing()
    if dlt_error:
        out["dlt_status"] = f"not available: {dlt_error}"
    for r in range(cfg.repeats):
        ours = _load_run(cfg, "ours")
        out["ours_seconds"].append(ours["seconds"])
        out["ours_validate_seconds"].append(ours["validate_seconds"])
        out["ours_load_seconds"].append(ours["start_seconds"] + ours["load_seconds"])
        note = f"  load run {r + 1}: ours {ours['seconds']:.2f} s (validate {ours['validate_seconds']:.2f} s)"
        if ours["failed_audits"]:
            raise BenchError(f"our load left a warehouse failing audits: {ours['failed_audits']}")
        if not dlt_error:
            dlt = _load_run(cfg, "dlt")
            out["dlt_seconds"].append(dlt["seconds"])
            note += f", dlt {dlt['seconds']:.2f} s"
        cfg.log(note)
    ours_median = median(out["ours_seconds"])
    missed = ours_median > TARGET_LOAD_SECONDS or (
        bool(out["dlt_seconds"]) and median(out["dlt_seconds"]) / ours_median < TARGET_LOAD_SPEEDUP
    )
    if profile == "always" or (profile == "auto" and missed):
        profiled = _load_run(cfg, "profile", "--profile-out", str(cfg.work / "load-profile.txt"))
        out["profile"] = profiled["profile"]
        out["hot_spots"] = profiled["hot_spots"]
        out["profiled_seconds"] = profiled["seconds"]
        cfg.log(f"  profiled our load: {profiled['profile']}")
    cfg.discard(cfg.work / "load-ours")
    cfg.discard(cfg.work / "load-dlt")
    return out


def _load_run(cfg: RunConfig, what: str, *extra: str) -> dict[str, Any]:
    dest = cfg.work / ("load-dlt" if what == "dlt" else "load-ours")
    args = python_command(
        "bench.load_vs_dlt", what, "--data", str(cfg.work / "load-data"), "--dest", str(dest)
    )
    return _json_of(run_process([*args, *extra], bench_env()), f"load ({what})")


def _json_of(run: ProcessRun, what: str) -> dict[str, Any]:
    run.check(what)
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def _dlt_missing() -> str | None:
    if importlib.util.find_spec("dlt") is None:
        return "dlt is not installed; install the bench group (`make bench` does)"
    return None


def command_line(argv: list[str] | None) -> str:
    """The command as typed, with the interpreter path relative to the working directory when inside it."""
    python = Path(sys.executable)
    try:
        shown = str(python.relative_to(Path.cwd()))
    except ValueError:
        shown = str(python)
    return shlex.join([shown, "-m", "bench", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
