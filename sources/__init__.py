"""Extract stage: files, directories, feeds and web pages of news articles in, article and reject rows out.

Readers handle `.txt`, `.md`, `.html`/`.htm`, `.json`, `.jsonl` and `.jsonl.gz` files (DESIGN §1-2);
`sources.web` fetches RSS/Atom feeds and article pages over HTTP, and a TOML sources file lists several
sources. Bad input never raises: it becomes a reject row that says what is wrong and what to do.
Only transient network failures raise (TransientFetchError), so that the caller can retry them.
"""

from sources.dates import parse_published
from sources.extract import dedupe, extract, iter_extract, iter_items, merge
from sources.feeds import Feed, FeedItem, looks_like_feed, parse_feed
from sources.fetch import (
    Fetcher,
    FetchError,
    FetchPolicy,
    Response,
    TerminalFetchError,
    TransientFetchError,
    is_transient,
)
from sources.pages import page_item
from sources.records import ARTICLE_SCHEMA, REJECT_SCHEMA, Article, ExtractResult, Item, Reject, SourceError
from sources.sources_file import SourceSpec, read_sources_file
from sources.text import article_id, normalise_text
from sources.web import SourceFetch, fetch_item, fetch_source, reject_after_retries

__all__ = [
    "ARTICLE_SCHEMA",
    "REJECT_SCHEMA",
    "Article",
    "ExtractResult",
    "Feed",
    "FeedItem",
    "FetchError",
    "FetchPolicy",
    "Fetcher",
    "Item",
    "Reject",
    "Response",
    "SourceError",
    "SourceFetch",
    "SourceSpec",
    "TerminalFetchError",
    "TransientFetchError",
    "article_id",
    "dedupe",
    "extract",
    "fetch_item",
    "fetch_source",
    "is_transient",
    "iter_extract",
    "iter_items",
    "looks_like_feed",
    "merge",
    "normalise_text",
    "page_item",
    "parse_feed",
    "parse_published",
    "read_sources_file",
    "reject_after_retries",
]
