"""RSS and Atom feeds: recognise a feed response and list its items (links, titles, dates) with feedparser."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from sources.dates import parse_published
from sources.fetch import Response, TerminalFetchError
from sources.text import one_line

_FEED_TYPES = ("rss", "atom", "xml")
# The first element after an XML declaration, comments, processing instructions and a doctype.
_PROLOG = re.compile(rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL)
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")
_SNIFF_BYTES = 4096


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed entry: the absolute http(s) URL of its page, and what the feed says about it."""

    url: str
    title: str | None = None
    published: date | None = None
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed; `items` in feed order, one per distinct URL.

    `skipped` counts entries without an http(s) link, which cannot be fetched.
    """

    title: str | None
    link: str | None
    items: tuple[FeedItem, ...]
    skipped: int = 0


def looks_like_feed(response: Response) -> bool:
    """True when `response` is an RSS/Atom document by its Content-Type or by its first element.

    Types naming rss, atom or xml count (XHTML does not); so does a body whose root element, after any
    XML declaration and comments, is `<rss`, `<feed` or `<rdf:RDF`.
    """
    media_type = response.content_type.split(";", 1)[0].strip().lower()
    if media_type != "application/xhtml+xml" and any(kind in media_type for kind in _FEED_TYPES):
        return True
    head = response.body[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf")
    prolog = _PROLOG.match(head)
    rest = head[prolog.end() if prolog else 0 :].lower()
    return rest.startswith(_FEED_ROOTS)


def parse_feed(body: bytes, feed_url: str) -> Feed:
    """The items of an RSS or Atom document; relative links are resolved against `feed_url`.

    feedparser reads `body` only (it never fetches anything). Raises TerminalFetchError (check
    "not_a_feed") when the body is not a feed, or when none of its entries has a usable link.
    """
    # Imported here: feedparser loads its many format modules on import, and only feeds need them.
    import feedparser

    # A stream, never bytes or str: feedparser fetches or opens those when they look like a URL or a path.
    # application/xml lets the document's own XML declaration name its encoding (RFC 7303).
    headers = {"content-location": feed_url, "content-type": "application/xml"}
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    if not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        raise TerminalFetchError(
            feed_url,
            f"{feed_url}: not an RSS or Atom feed{detail}; give the address of the site's feed, or mark the "
            'source kind = "page" if it is an article page.',
            "not_a_feed",
        )
    items: dict[str, FeedItem] = {}
    skipped = 0
    for entry in parsed.entries:
        url = _entry_url(entry, feed_url)
        if url is None:
            skipped += 1
            continue
        items.setdefault(url, _item(entry, url))
    if parsed.entries and not items:
        raise TerminalFetchError(
            feed_url,
            f"{feed_url}: none of the feed's {len(parsed.entries)} entries links to an http(s) page; "
            "check the feed in a browser, or use the site's article pages as sources instead.",
            "not_a_feed",
        )
    feed = parsed.feed
    link = feed.get("link")
    return Feed(
        title=_line(feed.get("title")),
        link=urljoin(feed_url, link) if link else None,
        items=tuple(items.values()),
        skipped=skipped,
    )


def _entry_url(entry: Any, feed_url: str) -> str | None:
    # Atom ids are often the permalink; they are a fallback when an entry has no link.
    for candidate in (entry.get("link"), entry.get("id")):
        if not candidate:
            continue
        url = urljoin(feed_url, str(candidate).strip())
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            return url
    return None


def _item(entry: Any, url: str) -> FeedItem:
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    published = (
        date(*moment[:3]) if moment else parse_published(entry.get("published") or entry.get("updated"))
    )
    return FeedItem(
        url=url, title=_line(entry.get("title")), published=published, summary=_plain(entry.get("summary"))
    )


def _line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return one_line(value) or None


def _plain(value: object) -> str | None:
    """Feed HTML (already sanitised by feedparser) as one line of text."""
    if not isinstance(value, str) or not value.strip():
        return None
    if "<" not in value:
        return _line(value)
    try:
        fragment = lxml.html.fragment_fromstring(value, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _line(value)
    return _line(" ".join(fragment.itertext()))
