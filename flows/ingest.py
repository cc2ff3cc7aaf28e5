"""The `ingest` flow: extract -> code -> validate -> load -> report; a table of contents, no logic."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE

from coder.code import Coded, Coder, CoderSettings, code_articles
from coder.version import coder_version
from flows.extract_sources import feed_state, known_urls, named, source_specs
from flows.settings import Settings, load_settings
from flows.web import WebExtract, backoff, read_web_sources, transient_failure
from schemas.models import conform
from schemas.rejects import finalize_rejects
from schemas.validate import REJECT_COLUMNS, check_evidence, validate_table
from sources import ExtractResult, Reject, SourceError, SourceSpec, extract, merge
from sources.records import result_of
from warehouse import LoadResult, load_run, query, start_run

#: spaCy batches per coding task on a Dask cluster: big enough to amortise shipping, small enough to balance.
DASK_CHUNK_BATCHES = 4


class RejectRateError(RuntimeError):
    """A run rejected a larger share of its input than `DYADS_MAX_REJECT_RATE` allows."""

    def __init__(self, message: str, summary: RunSummary) -> None:
        super().__init__(message)
        self.summary = summary


@dataclass
class RunSummary:
    """What a run did, as printed by `dyads run` and published as a Prefect artifact."""

    run_id: str
    source: str
    warehouse: str
    articles_in: int
    articles_loaded: int
    articles_new: int
    articles_rejected: int
    events_coded: int
    events_new: int
    events_rejected: int
    rejects_new: int
    top_event_types: list[tuple[str, int]] = field(default_factory=list)
    items_skipped: int = 0
    feeds_read: int = 0
    feeds_not_modified: int = 0

    def text(self) -> str:
        """Human-readable summary."""
        lines = [
            f"run {self.run_id}: {self.source} -> {self.warehouse}",
            f"articles: {self.articles_in} in = {self.articles_loaded} loaded ({self.articles_new} new) "
            f"+ {self.articles_rejected} rejected",
            f"events:   {self.events_coded} coded, {self.events_new} new, {self.events_rejected} rejected",
            f'rejects:  {self.rejects_new} new reject rows (see: dyads sql "select * from rejects")',
        ]
        if self.feeds_read:
            lines.append(
                f"feeds:    {self.feeds_read} read, {self.feeds_not_modified} not modified since the last "
                f"run; {self.items_skipped} items already stored were not fetched again"
            )
        if self.top_event_types:
            lines.append("top event types: " + ", ".join(f"{t} {n}" for t, n in self.top_event_types))
        return "\n".join(lines)


def new_run_id() -> str:
    """UTC timestamp plus a random suffix: sortable and unique."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


@cache
def get_coder(settings: CoderSettings) -> Coder:
    """The coder for these settings, loaded once per process."""
    return Coder(settings)


@task(name="extract", cache_policy=NONE)
def extract_task(source: str, max_bytes: int) -> ExtractResult:
    """Read the source into articles and extract rejects."""
    return extract(source, max_bytes=max_bytes)


@task(name="code", cache_policy=NONE)
def code_task(articles: pl.DataFrame, settings: CoderSettings) -> Coded:
    """Code the articles that are not yet in the warehouse."""
    if articles.height == 0:  # a rerun of a stored source: no need to load spaCy and the gazetteer
        return Coded(
            conform(pl.DataFrame(), "events"), pl.DataFrame(schema=dict.fromkeys(REJECT_COLUMNS, pl.String))
        )
    return code_articles(articles, get_coder(settings))


@task(name="validate", cache_policy=NONE)
def validate_task(
    articles: pl.DataFrame, events: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Validate articles and events; return the valid ones and the reject rows."""
    arts = validate_table(articles, "articles")
    evs = validate_table(events, "events")
    evidence = check_evidence(evs.valid, arts.valid)
    rejects = pl.concat([arts.rejects, evs.rejects, evidence.rejects])
    return arts.valid, evidence.valid, rejects


@task(name="start", cache_policy=NONE, retry_condition_fn=transient_failure)
def start_task(warehouse: Path, run: pl.DataFrame, lock_timeout: float) -> None:
    """Record the run as running (creating the warehouse if needed); retried while it is busy."""
    start_run(warehouse, run, timeout=lock_timeout)


@task(name="read-web", cache_policy=NONE)
def web_task(
    specs: list[SourceSpec], warehouse: Path, settings: Settings, run_id: str
) -> tuple[ExtractResult, WebExtract]:
    """Fetch the URL sources (feeds, pages); items already stored are not fetched again."""
    web = read_web_sources(
        specs, settings, run_id, feed_state(warehouse), lambda urls: known_urls(warehouse, urls)
    )
    return result_of(web.items, datetime.now(UTC)), web


@task(name="load", cache_policy=NONE, retry_condition_fn=transient_failure)
def load_task(
    warehouse: Path,
    run_id: str,
    articles: pl.DataFrame,
    events: pl.DataFrame,
    rejects: pl.DataFrame,
    counts: dict[str, int],
    lock_timeout: float,
    feeds: pl.DataFrame,
) -> LoadResult:
    """Write Parquet and upsert into DuckDB in one transaction; mark the run complete."""
    return load_run(warehouse, run_id, articles, events, rejects, counts, timeout=lock_timeout, feeds=feeds)


@task(name="report", cache_policy=NONE)
def report_task(summary: RunSummary) -> RunSummary:
    """Publish the run summary as a Prefect artifact."""
    create_markdown_artifact(
        key="ingest-summary",
        markdown=f"# dyads ingest {summary.run_id}\n\n```\n{summary.text()}\n```\n",
        description=f"dyads run {summary.run_id}",
    )
    return summary


@flow(name="ingest", log_prints=True)
def ingest(source: str, warehouse: str | None = None, since: date | None = None) -> RunSummary:
    """Extract the source, code new articles, validate, load into the warehouse, report."""
    settings = load_settings()
    where = Path(warehouse) if warehouse else settings.warehouse
    run_id = new_run_id()
    started = datetime.now(UTC)
    retries, delays = settings.fetch_retries, backoff(settings)
    start_task.with_options(retries=retries, retry_delay_seconds=delays)(
        where, run_row(run_id, started, source, settings, since), settings.lock_timeout
    )

    extracted, web = read_sources(source, where, settings, run_id)
    articles, since_rejects = apply_since(with_run_id(extracted.articles, run_id), since)
    new_articles = only_new_articles(where, articles)
    coded = code_new_articles(new_articles, settings)
    events = coded.events.with_columns(pl.lit(run_id).alias("run_id"))
    articles = articles.join(coded.rejects.select("article_id"), on="article_id", how="anti")
    valid_articles, valid_events, validate_rejects = validate_task(articles, events)

    stage_rejects = pl.concat(
        [extracted.rejects.select(REJECT_COLUMNS), since_rejects, coded.rejects, validate_rejects]
    )
    rejects = finalize_rejects(stage_rejects, run_id, datetime.now(UTC))
    # Duplicates collapse into an article that is loaded, so they count as loaded, never as rejected.
    rejected_articles = (
        extracted.rejects.height
        + since_rejects.height
        + coded.rejects.height
        + articles.height
        - valid_articles.height
    )
    # Feed items already stored were not fetched again: like a rerun's known articles, they count as loaded.
    items_in = extracted.items_in + web.skipped
    counts = {
        "articles_in": items_in,
        "articles_loaded": items_in - rejected_articles,
        "articles_rejected": rejected_articles,
        "events_coded": events.height,
        "events_rejected": events.height - valid_events.height,
    }
    result = load_task.with_options(retries=retries, retry_delay_seconds=delays)(
        where, run_id, valid_articles, valid_events, rejects, counts, settings.lock_timeout, web.feeds_frame()
    )
    summary = summarise(run_id, source, where, counts, result, valid_events, web)
    report_task(summary)
    check_reject_rate(summary, settings.max_reject_rate)
    return summary


def read_sources(
    source: str, warehouse: Path, settings: Settings, run_id: str
) -> tuple[ExtractResult, WebExtract]:
    """Every source `source` names: files and directories via `extract_task`, URLs via `web_task`."""
    specs = source_specs(source)
    parts = [read_path(s, settings.max_bytes) for s in specs if s.kind == "path"]
    urls = [s for s in specs if s.kind != "path"]
    web = WebExtract()
    if urls:
        web_part, web = web_task(urls, warehouse, settings, run_id)
        parts.append(web_part)
    return merge(parts), web


def code_new_articles(articles: pl.DataFrame, settings: Settings) -> Coded:
    """Code here, or in chunks spread over the Dask cluster's workers (`DYADS_TASK_RUNNER=dask`)."""
    if settings.task_runner != "dask" or articles.height == 0:
        return code_task(articles, settings.coder())
    # Each worker is one process: parallelism comes from the workers, not from spaCy's n_process.
    one_process = replace(settings.coder(), n_process=1)
    size = settings.batch_size * DASK_CHUNK_BATCHES
    chunks = [articles.slice(start, size) for start in range(0, articles.height, size)]
    parts = [future.result() for future in [code_task.submit(chunk, one_process) for chunk in chunks]]
    return Coded(pl.concat([p.events for p in parts]), pl.concat([p.rejects for p in parts]))


def run_ingest(source: str, warehouse: str | None = None, since: date | None = None) -> RunSummary:
    """Run the `ingest` flow on the task runner the settings choose (threads, or Dask)."""
    settings = load_settings()
    if settings.task_runner != "dask":
        return ingest(source=source, warehouse=warehouse, since=since)
    from prefect_dask import DaskTaskRunner

    # Typed as Any: DaskTaskRunner's futures are PrefectDaskFutures, which with_options' signature omits.
    runner: Any = (
        DaskTaskRunner(address=settings.dask_address)
        if settings.dask_address
        else DaskTaskRunner(
            cluster_kwargs={
                "n_workers": settings.dask_workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            }
        )
    )
    return ingest.with_options(task_runner=runner)(source=source, warehouse=warehouse, since=since)


def read_path(spec: SourceSpec, max_bytes: int) -> ExtractResult:
    """A file or directory source; one that is missing (a typo in sources.toml) is a reject, not a stop."""
    try:
        return named(extract_task(spec.location, max_bytes), spec.name)
    except SourceError as exc:
        reject = Reject(doc_id=spec.location, reason=str(exc), check="missing_source", field="path")
        return result_of([reject], datetime.now(UTC))


def check_reject_rate(summary: RunSummary, max_rate: float) -> None:
    """Fail the run (after everything was stored) when it rejected more than `max_rate` of its input."""
    if summary.articles_in == 0:
        return
    rate = summary.articles_rejected / summary.articles_in
    if rate > max_rate:
        raise RejectRateError(
            f"run {summary.run_id} rejected {summary.articles_rejected} of {summary.articles_in} input items "
            f"({rate:.0%}), more than DYADS_MAX_REJECT_RATE={max_rate:g} allows. Everything was stored; "
            "see why with: dyads sql "
            f"\"select doc_id, reason from rejects where run_id = '{summary.run_id}'\" then fix the source, "
            "or raise DYADS_MAX_REJECT_RATE if this share is expected.",
            summary,
        )


def run_row(
    run_id: str, started: datetime, source: str, settings: Settings, since: date | None
) -> pl.DataFrame:
    """The `runs` row written when a run starts."""
    params = {
        "source": source,
        "since": since.isoformat() if since else None,
        **{k: str(v) for k, v in settings.model_dump().items()},
    }
    return conform(
        pl.DataFrame(
            [
                {
                    "run_id": run_id,
                    "started_at": started,
                    "status": "running",
                    "source": source,
                    "coder_version": coder_version(),
                    "parameters": json.dumps(params, sort_keys=True),
                    "articles_in": 0,
                    "articles_loaded": 0,
                    "articles_new": 0,
                    "articles_rejected": 0,
                    "events_coded": 0,
                    "events_new": 0,
                    "events_rejected": 0,
                }
            ]
        ),
        "runs",
    )


def with_run_id(articles: pl.DataFrame, run_id: str) -> pl.DataFrame:
    """Stamp the run id on extracted articles, in the articles-table layout."""
    return conform(articles.with_columns(pl.lit(run_id).alias("run_id")), "articles")


def apply_since(articles: pl.DataFrame, since: date | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Keep articles published on or after `since`; the others become rejects, not silent drops."""
    empty = pl.DataFrame(schema={c: pl.String for c in REJECT_COLUMNS})
    if since is None or articles.height == 0:
        return articles, empty
    old = pl.col("published").is_not_null() & (pl.col("published") < since)
    dropped = articles.filter(old).select(
        pl.lit("extract").alias("stage"),
        "doc_id",
        "article_id",
        pl.format(
            "published {} is before --since {}; not loaded", pl.col("published"), pl.lit(str(since))
        ).alias("reason"),
        pl.lit("published").alias("field"),
        pl.lit("since").alias("failed_check"),
        pl.col("published").cast(pl.String).alias("value"),
        pl.lit(None, pl.String).alias("payload"),
    )
    return articles.filter(~old), dropped


def only_new_articles(warehouse: Path, articles: pl.DataFrame) -> pl.DataFrame:
    """Articles whose id is not in the warehouse yet (a rerun codes nothing twice)."""
    if articles.height == 0 or not (warehouse / "dyads.duckdb").exists():
        return articles
    known = query(warehouse, "SELECT article_id FROM articles")
    return articles.join(known, on="article_id", how="anti")


def summarise(
    run_id: str,
    source: str,
    warehouse: Path,
    counts: dict[str, int],
    result: LoadResult,
    events: pl.DataFrame,
    web: WebExtract | None = None,
) -> RunSummary:
    """Build the run summary from the counts and the loaded events."""
    top = (
        (
            events.filter(pl.col("event_type").is_not_null())
            .group_by("event_type")
            .len()
            .sort(["len", "event_type"], descending=[True, False])
            .head(5)
            .rows()
        )
        if events.height
        else []
    )
    return RunSummary(
        run_id=run_id,
        source=source,
        warehouse=str(warehouse),
        articles_in=counts["articles_in"],
        articles_loaded=counts["articles_loaded"],
        articles_new=result.articles_new,
        articles_rejected=counts["articles_rejected"],
        events_coded=counts["events_coded"],
        events_new=result.events_new,
        events_rejected=counts["events_rejected"],
        rejects_new=result.rejects_new,
        top_event_types=[(str(t), int(n)) for t, n in top],
        items_skipped=web.skipped if web else 0,
        feeds_read=len(web.feeds) if web else 0,
        feeds_not_modified=sum(f["status"] == "not_modified" for f in web.feeds) if web else 0,
    )


def summary_dict(summary: RunSummary) -> dict[str, object]:
    """The summary as plain JSON-able data."""
    return asdict(summary)
