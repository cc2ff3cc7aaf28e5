"""Fetching feeds and pages as Prefect tasks: transient failures are retried, terminal ones are rejects."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import polars as pl
from prefect import task
from prefect.cache_policies import NONE
from prefect.futures import PrefectFuture
from prefect.tasks import exponential_backoff

from flows.settings import Settings
from schemas.models import conform
from sources import (
    FeedItem,
    Fetcher,
    FetchPolicy,
    Item,
    Reject,
    SourceFetch,
    SourceSpec,
    fetch_item,
    fetch_source,
    is_transient,
    reject_after_retries,
)
from warehouse import WarehouseBusyError

#: Feed validators as stored: {feed url: (etag, last_modified)}.
FeedState = dict[str, tuple[str | None, str | None]]


def transient_failure(_task: Any, _task_run: Any, state: Any) -> bool:
    """`retry_condition_fn`: retry what may pass on its own (timeouts, 429/5xx, a busy warehouse)."""
    try:
        exc = state.result(raise_on_failure=False)
    except Exception:  # the result itself could not be read: do not retry blindly
        return False
    return isinstance(exc, BaseException) and (is_transient(exc) or isinstance(exc, WarehouseBusyError))


@task(name="fetch-source", cache_policy=NONE, retry_condition_fn=transient_failure)
def fetch_source_task(
    fetcher: Fetcher, spec: SourceSpec, etag: str | None, last_modified: str | None
) -> SourceFetch:
    """One (conditional) GET of a feed or page URL."""
    kind = spec.kind if spec.kind in ("feed", "page") else "auto"
    return fetch_source(
        fetcher, spec.location, kind=kind, name=spec.name, etag=etag, last_modified=last_modified
    )


@task(name="fetch-page", cache_policy=NONE, retry_condition_fn=transient_failure)
def fetch_item_task(fetcher: Fetcher, item: FeedItem, source: str | None) -> Item:
    """Fetch one feed item's page and reduce it to an article (or a reject)."""
    return fetch_item(fetcher, item, source=source)


@dataclass
class WebExtract:
    """What reading the URL sources gave: items in input order, skipped known items, new feed state."""

    items: list[Item] = field(default_factory=list)
    skipped: int = 0
    feeds: list[dict[str, Any]] = field(default_factory=list)

    def feeds_frame(self) -> pl.DataFrame:
        """The `feeds` table rows of this run."""
        return conform(pl.DataFrame(self.feeds), "feeds")  # no feeds: a frame without columns, made empty


def backoff(settings: Settings) -> list[float]:
    """Delays before each retry: `retry_delay`, then twice as long each time."""
    return list(exponential_backoff(settings.retry_delay)(settings.fetch_retries))


def fetch_policy(settings: Settings) -> FetchPolicy:
    """The fetcher's policy from the settings (user agent, timeouts, per-host interval)."""
    policy = FetchPolicy(
        connect_timeout=settings.fetch_timeout,
        read_timeout=settings.fetch_timeout,
        deadline=settings.fetch_deadline,
        min_interval=settings.host_interval,
    )
    if settings.user_agent:
        policy = replace(policy, user_agent=settings.user_agent)
    return policy


def read_web_sources(
    specs: Iterable[SourceSpec],
    settings: Settings,
    run_id: str,
    state: FeedState,
    known_urls: Callable[[list[str]], set[str]],
) -> WebExtract:
    """Fetch every URL source: feeds yield their items' pages, pages yield themselves.

    Items whose URL is already stored are not fetched again (`skipped`). A feed's new validators are
    kept only when none of its items is left for a later retry, so a 304 never hides an item that
    was never stored.
    """
    fetch_source_retried = fetch_source_task.with_options(
        retries=settings.fetch_retries, retry_delay_seconds=backoff(settings)
    )
    fetch_item_retried = fetch_item_task.with_options(
        retries=settings.fetch_retries, retry_delay_seconds=backoff(settings)
    )
    attempts = settings.fetch_retries + 1
    out = WebExtract()
    with Fetcher(fetch_policy(settings)) as fetcher:
        for spec in specs:
            etag, last_modified = state.get(spec.location, (None, None))
            source_state = fetch_source_retried(fetcher, spec, etag, last_modified, return_state=True)
            fetched = _outcome(source_state, spec.location, attempts)
            if isinstance(fetched, Reject):
                out.items.append(fetched)
                continue
            if fetched.kind == "page" and fetched.page is not None:
                out.items.append(fetched.page)
                continue
            feed_items = fetched.feed.items if fetched.feed is not None else []
            known = known_urls([i.url for i in feed_items]) if feed_items else set()
            todo = [i for i in feed_items if i.url not in known]
            out.skipped += len(feed_items) - len(todo)
            futures = [fetch_item_retried.submit(fetcher, i, spec.name) for i in todo]
            results = [_outcome(_state_of(f), i.url, attempts) for f, i in zip(futures, todo, strict=True)]
            out.items.extend(results)
            gave_up = any(isinstance(r, Reject) and r.check == "transient_gave_up" for r in results)
            out.feeds.append(_feed_row(spec.location, fetched, etag, last_modified, gave_up, run_id))
    return out


def _state_of(future: PrefectFuture[Item]) -> Any:
    future.wait()
    return future.state


def _outcome(state: Any, url: str, attempts: int) -> Any:
    """The task's result, or the reject it ends in: a run never stops because of one URL."""
    if not state.is_failed():
        return state.result()
    exc = state.result(raise_on_failure=False)
    if isinstance(exc, BaseException) and is_transient(exc):
        return reject_after_retries(url, exc, attempts)
    return Reject(
        doc_id=url,
        reason=f"{url}: fetching or reading it failed unexpectedly ({type(exc).__name__}: {exc}); "
        "report this with the URL",
        check="fetch_error",
        field="url",
        value=url,
    )


def _feed_row(
    url: str,
    fetched: SourceFetch,
    old_etag: str | None,
    old_last_modified: str | None,
    gave_up: bool,
    run_id: str,
) -> dict[str, Any]:
    not_modified = fetched.kind == "not_modified"
    return {
        "url": url,
        # Without validators the next run reads the whole feed again and retries what was left.
        "etag": old_etag if not_modified else (None if gave_up else fetched.etag),
        "last_modified": old_last_modified if not_modified else (None if gave_up else fetched.last_modified),
        "status": "not_modified" if not_modified else "fetched",
        "items_seen": len(fetched.feed.items) if fetched.feed is not None else 0,
        "checked_at": datetime.now(UTC),
        "run_id": run_id,
    }
