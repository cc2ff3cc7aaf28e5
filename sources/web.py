"""Web sources for the flow: a feed or page URL in, feed items or an article out.

Each function makes at most one request. Transient failures raise TransientFetchError so that the
caller (a Prefect task) can retry; terminal ones come back as rejects and are never raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sources.feeds import Feed, FeedItem, looks_like_feed, parse_feed
from sources.fetch import Fetcher, TerminalFetchError
from sources.pages import page_item
from sources.records import Item, Reject

FetchKind = Literal["feed", "page", "not_modified"]
_SOURCE_KINDS = ("auto", "feed", "page")


@dataclass
class SourceFetch:
    """What one source URL gave: a feed, a page (an article or a reject), or nothing new (HTTP 304).

    `etag` and `last_modified` are the validators to send next time (None with a reject).
    """

    url: str
    kind: FetchKind
    feed: Feed | None = None
    page: Item | None = None
    etag: str | None = None
    last_modified: str | None = None


def fetch_source(
    fetcher: Fetcher,
    url: str,
    *,
    kind: str = "auto",
    name: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> SourceFetch:
    """GET a source URL once (conditionally when given validators) and read it as a feed or a page.

    `kind` "feed" always parses a feed, "page" never does, "auto" parses one when the response looks
    like a feed. A terminal failure (HTTP 404, robots.txt, not a feed, ...) gives kind "page" with a
    reject as `page`. Raises TransientFetchError when a retry may help.
    """
    if kind not in _SOURCE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(_SOURCE_KINDS)}, got {kind!r}")
    try:
        response = fetcher.get(url, etag=etag, last_modified=last_modified)
    except TerminalFetchError as exc:
        return SourceFetch(url, "page", page=reject_of(url, exc))
    if response.status == 304:
        return SourceFetch(url, "not_modified", etag=response.etag, last_modified=response.last_modified)
    if kind == "feed" or (kind == "auto" and looks_like_feed(response)):
        try:
            feed = parse_feed(response.body, response.final_url)
        except TerminalFetchError as exc:
            # No validators with a reject: the next run must read the source again, not get a 304.
            return SourceFetch(url, "page", page=reject_of(url, exc))
        return SourceFetch(url, "feed", feed=feed, etag=response.etag, last_modified=response.last_modified)
    page = page_item(response, doc_id=url, source=name)
    if isinstance(page, Reject):
        return SourceFetch(url, "page", page=page)
    return SourceFetch(url, "page", page=page, etag=response.etag, last_modified=response.last_modified)


def fetch_item(fetcher: Fetcher, item: FeedItem, *, source: str | None = None) -> Item:
    """GET a feed item's page: its article, with the feed's title and date filling in what the page lacks.

    Terminal failures give a reject; raises TransientFetchError when a retry may help.
    """
    try:
        response = fetcher.get(item.url)
    except TerminalFetchError as exc:
        return reject_of(item.url, exc)
    return page_item(response, doc_id=item.url, title=item.title, published=item.published, source=source)


def reject_of(url: str, exc: TerminalFetchError) -> Reject:
    """The reject recorded for a URL that failed for good."""
    return Reject(doc_id=url, reason=exc.reason, check=exc.check, field="url", value=url)


def reject_after_retries(url: str, exc: BaseException, attempts: int) -> Reject:
    """The reject recorded when a transient failure outlasted every retry of `url`."""
    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
    return Reject(
        doc_id=url,
        reason=(
            f"{url}: still failing after {tries}; last error: {exc}. The failure looks temporary, so the "
            "next run will try again; if it keeps failing, check the URL in a browser."
        ),
        check="transient_gave_up",
        field="url",
        value=url,
    )
