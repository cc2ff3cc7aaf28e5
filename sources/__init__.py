"""Extract stage: files and directories of news articles in, article and reject rows out (DESIGN §1-2).

Readers handle `.txt`, `.md`, `.html`/`.htm`, `.json`, `.jsonl` and `.jsonl.gz`. Bad input never
raises: it becomes a reject row that says what is wrong and what to do.
"""

from sources.dates import parse_published
from sources.extract import dedupe, extract, iter_extract, iter_items
from sources.records import ARTICLE_SCHEMA, REJECT_SCHEMA, Article, ExtractResult, Reject, SourceError
from sources.text import article_id, normalise_text

__all__ = [
    "ARTICLE_SCHEMA",
    "REJECT_SCHEMA",
    "Article",
    "ExtractResult",
    "Reject",
    "SourceError",
    "article_id",
    "dedupe",
    "extract",
    "iter_extract",
    "iter_items",
    "normalise_text",
    "parse_published",
]
