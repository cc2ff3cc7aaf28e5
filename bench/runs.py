"""Benchmarks of the real `dyads run` command: end to end vs the parse floor, reruns, memory, scale-out."""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.measure import BenchError, ProcessRun, bench_env, python_command, run_process

# The smallest Prefect flow: what starting Prefect costs a run, without anything of dyads.
BARE_FLOW = "from prefect import flow\n@flow(name='bench-bare')\ndef bare() -> int:\n    return 1\nbare()\n"
SUMMARY_START = re.compile(r"^\{", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class RunConfig:
    """How the measured `dyads run` commands run: work directory, parse settings, repeats, a logger."""

    work: Path
    n_process: int
    batch_size: int
    model: str
    repeats: int
    log: Callable[[str], None] = print
    keep: bool = False

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a measured run; Prefect's state lives in the work directory."""
        return bench_env(
            {
                "DYADS_N_PROCESS": str(self.n_process),
                "DYADS_BATCH_SIZE": str(self.batch_size),
                "DYADS_SPACY_MODEL": self.model,
                "PREFECT_HOME": str(self.work / "prefect-home"),
                **extra,
            }
        )

    def warehouse(self, name: str) -> Path:
        """A fresh (deleted) warehouse directory `name` under the work directory."""
        path = self.work / "warehouses" / name
        if path.exists():
            shutil.rmtree(path)
        return path

    def discard(self, path: Path) -> None:
        """Delete a measured warehouse unless asked to keep them."""
        if not self.keep:
            shutil.rmtree(path, ignore_errors=True)


def dyads_command() -> list[str]:
    """The installed `dyads` console script of this environment."""
    script = Path(sys.executable).parent / "dyads"
    if script.exists():
        return [str(script)]
    found = shutil.which("dyads")
    if found is None:
        raise BenchError("no `dyads` command next to this Python or on PATH: run `make install` first")
    return [found]


def dyads_run(cfg: RunConfig, source: Path, warehouse: Path, **env: str) -> tuple[ProcessRun, dict[str, Any]]:
    """Run `dyads run --source SOURCE --warehouse WAREHOUSE --json`; return the run and its summary."""
    args = [*dyads_command(), "run", "--source", str(source), "--warehouse", str(warehouse), "--json"]
    run = run_process(args, cfg.env(**env)).check("dyads run")
    starts = [m.start() for m in SUMMARY_START.finditer(run.stdout)]
    if not starts:
        raise BenchError(f"dyads run printed no JSON summary: {run.stdout[-500:]!r}")
    summary: dict[str, Any] = json.loads(run.stdout[starts[-1] :])
    return run, summary


def startup(cfg: RunConfig) -> dict[str, Any]:
    """Fixed costs: `dyads run` on an empty directory, and a bare Prefect flow in a fresh interpreter.

    The first empty run is a warm-up (it creates Prefect's database in the work directory and, if
    missing, the gazetteer cache); its time is reported apart as the cold start.
    """
    empty = cfg.work / "empty-source"
    empty.mkdir(parents=True, exist_ok=True)
    cold, _ = dyads_run(cfg, empty, cfg.warehouse("empty-cold"))
    cfg.log(f"  cold empty run {cold.seconds:.2f} s")
    empty_runs, bare_runs = [], []
    for r in range(cfg.repeats):
        run, _ = dyads_run(cfg, empty, cfg.warehouse(f"empty-{r}"))
        bare = run_process(python_command_code(BARE_FLOW), cfg.env()).check("bare Prefect flow")
        empty_runs.append(run.seconds)
        bare_runs.append(bare.seconds)
        cfg.log(f"  empty run {run.seconds:.2f} s, bare Prefect flow {bare.seconds:.2f} s")
    for name in ("empty-cold", *(f"empty-{r}" for r in range(cfg.repeats))):
        cfg.discard(cfg.work / "warehouses" / name)
    return {"cold_seconds": cold.seconds, "empty_run_seconds": empty_runs, "prefect_flow_seconds": bare_runs}


def python_command_code(code: str) -> list[str]:
    """`python -c CODE` with this interpreter."""
    return [sys.executable, "-c", code]


def end_to_end(cfg: RunConfig, corpus: Path, size: int, *, floor: bool, rerun: bool) -> dict[str, Any]:
    """`repeats` first runs of `corpus` into fresh warehouses (time, peak RSS), each followed by a rerun
    into the same warehouse when `rerun`, and by the raw parse of the same texts when `floor`."""
    out: dict[str, Any] = {"size": size, "seconds": [], "events": []}
    out.update(peak_tree_rss=[], peak_tree_pss=[], peak_breakdown=[], max_rss=[])
    if rerun:
        out["rerun_seconds"] = []
    if floor:
        out.update(floor_seconds=[], floor_load_seconds=[])
    for r in range(cfg.repeats):
        warehouse = cfg.warehouse(f"e2e-{size}-{r}")
        run, summary = dyads_run(cfg, corpus, warehouse)
        _expect(summary, size, new=size, what=f"first run of {corpus}")
        out["seconds"].append(run.seconds)
        out["peak_tree_rss"].append(run.peak_tree_rss)
        out["peak_tree_pss"].append(run.peak_tree_pss)
        out["peak_breakdown"].append(run.peak_breakdown)
        out["max_rss"].append(run.max_rss)
        out["events"].append(summary["events_new"])
        note = f"  {size} articles run {r + 1}: {run.seconds:.2f} s, {summary['events_new']} events"
        if rerun:
            again, summary = dyads_run(cfg, corpus, warehouse)
            _expect(summary, size, new=0, what=f"rerun of {corpus}")
            out["rerun_seconds"].append(again.seconds)
            note += f"; rerun {again.seconds:.2f} s"
        cfg.discard(warehouse)
        if floor:
            parsed = raw_parse(cfg, corpus)
            out["floor_seconds"].append(parsed["seconds"])
            out["floor_load_seconds"].append(parsed["load_seconds"])
            note += f"; raw parse {parsed['seconds']:.2f} s (+{parsed['load_seconds']:.2f} s model load)"
        cfg.log(note)
    return out


def raw_parse(cfg: RunConfig, corpus: Path) -> dict[str, Any]:
    """The floor, in its own process: `nlp.pipe` over the corpus texts with the run's settings."""
    args = python_command(
        "bench.floor",
        str(corpus),
        "--model",
        cfg.model,
        "--n-process",
        str(cfg.n_process),
        "--batch-size",
        str(cfg.batch_size),
    )
    run = run_process(args, cfg.env()).check("raw nlp.pipe")
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def scale_out(cfg: RunConfig, corpus: Path, size: int) -> dict[str, Any]:
    """Articles/s of `dyads run` with 1 and 2 parse processes, and with the dask task runner."""
    modes: list[dict[str, Any]] = []
    for n in (1, 2):
        label = f"DYADS_N_PROCESS={n}"
        modes.append(_scale_mode(cfg, corpus, size, label, {"DYADS_N_PROCESS": str(n)}))
    reason = dask_unavailable()
    if reason:
        modes.append(
            {"mode": "dask", "label": "DYADS_TASK_RUNNER=dask", "status": f"not available: {reason}"}
        )
        cfg.log(f"  dask: not available ({reason})")
    else:
        label = f"DYADS_TASK_RUNNER=dask (DYADS_N_PROCESS={cfg.n_process}, other DYADS_DASK_* at defaults)"
        modes.append(_scale_mode(cfg, corpus, size, label, {"DYADS_TASK_RUNNER": "dask"}))
    return {"size": size, "modes": modes}


def _scale_mode(cfg: RunConfig, corpus: Path, size: int, label: str, env: dict[str, str]) -> dict[str, Any]:
    name = "dask" if "DYADS_TASK_RUNNER" in env else env["DYADS_N_PROCESS"]
    mode: dict[str, Any] = {"mode": name, "label": label, "status": "ok", "seconds": []}
    for r in range(cfg.repeats):
        warehouse = cfg.warehouse(f"scale-{mode['mode']}-{r}")
        try:
            run, summary = dyads_run(cfg, corpus, warehouse, **env)
            _expect(summary, size, new=size, what=f"{label} run of {corpus}")
        except BenchError as exc:
            if "DYADS_TASK_RUNNER" not in env:
                raise
            # The setting is new: a run that rejects it means the mode is not there yet.
            mode["status"] = f"not available: {str(exc).splitlines()[-1][:200]}"
            cfg.log(f"  {label}: {mode['status']}")
            cfg.discard(warehouse)
            return mode
        if "DYADS_TASK_RUNNER" in env and not _used_setting(warehouse, "task_runner", "dask"):
            mode["status"] = "not available: the run ignored DYADS_TASK_RUNNER (not in its parameters)"
            cfg.discard(warehouse)
            return mode
        cfg.discard(warehouse)
        mode["seconds"].append(run.seconds)
        cfg.log(f"  {label} run {r + 1}: {run.seconds:.2f} s ({size / run.seconds:.2f} articles/s)")
    return mode


def dask_unavailable() -> str | None:
    """Why `DYADS_TASK_RUNNER=dask` cannot be measured, or None when the flow's settings know it."""
    code = "from flows.settings import Settings; print('task_runner' in Settings.model_fields)"
    run = run_process(python_command_code(code), bench_env())
    if run.returncode != 0:
        return f"could not read flows.settings ({run.stderr.strip().splitlines()[-1:]})"
    if run.stdout.strip() != "True":
        return "flows/settings.py has no task_runner setting (DYADS_TASK_RUNNER) yet"
    return None


def _used_setting(warehouse: Path, name: str, value: str) -> bool:
    from warehouse import query

    params = query(warehouse, "SELECT parameters FROM runs WHERE status = 'complete'")["parameters"]
    # Settings are stored as strings; an enum may read "TaskRunner.dask".
    return any(value in str(json.loads(p).get(name, "")).lower() for p in params)


def _expect(summary: dict[str, Any], size: int, *, new: int, what: str) -> None:
    """A measured run must have read every article and added exactly `new` of them."""
    if summary["articles_in"] != size or summary["articles_new"] != new or summary["articles_rejected"]:
        raise BenchError(
            f"{what}: expected {size} articles in, {new} new, 0 rejected; got {summary['articles_in']} in, "
            f"{summary['articles_new']} new, {summary['articles_rejected']} rejected"
        )
