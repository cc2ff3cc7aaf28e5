"""Feeds: recognising them, parsing the fixture RSS and Atom feeds, and fetching them as sources."""

from __future__ import annotations

from datetime import date

import pytest

from sources import (
    Article,
    FeedItem,
    Fetcher,
    Reject,
    Response,
    TerminalFetchError,
    TransientFetchError,
    fetch_item,
    fetch_source,
    looks_like_feed,
    parse_feed,
)
from tests.web_server import WebServer


def body_of(fetcher: Fetcher, server: WebServer, path: str) -> bytes:
    return fetcher.get(server.url(path)).body


def not_a_feed(body: bytes, url: str = "https://news.example/feed.xml") -> TerminalFetchError:
    with pytest.raises(TerminalFetchError) as info:
        parse_feed(body, url)
    assert info.value.check == "not_a_feed"
    assert info.value.url == url
    assert str(info.value).startswith(f"{url}: ")
    return info.value


def response(content_type: str, body: bytes) -> Response:
    return Response("https://news.example/x", "https://news.example/x", 200, content_type, body)


def test_rss_feed_items(server: WebServer, fetcher: Fetcher) -> None:
    base = server.base_url
    feed = parse_feed(body_of(fetcher, server, "/feeds/world.rss"), server.url("/feeds/world.rss"))
    assert feed.title == "The Lakeside Courier – World"
    assert feed.link == f"{base}/world/"
    assert feed.skipped == 0
    assert list(feed.items) == [
        FeedItem(
            url=f"{base}/news/ferry-strike.html",
            title="Ferry crews strike at Port Merin",
            published=date(2024, 5, 13),
            summary="Crews walked out after talks over unpaid overtime failed.",
        ),
        # 23:10 at UTC-3 on 14 May is 02:10 UTC on 15 May; the summary's HTML is dropped.
        FeedItem(
            url=f"{base}/news/border-clash.html",
            title="Troops and militia clash near Korvan border post",
            published=date(2024, 5, 15),
            summary="Two soldiers were wounded in the fighting.",
        ),
        FeedItem(
            url=f"{base}/private/embargoed.html",
            title="Embargoed: budget figures",
            published=date(2024, 5, 15),
        ),
        FeedItem(
            url=f"{base}/news/bridge-reopens.html",
            title="Bridge reopens after repairs",
            published=date(2024, 5, 15),
        ),
    ]


def test_atom_feed_items_with_relative_links(server: WebServer, fetcher: Fetcher) -> None:
    base = server.base_url
    feed = parse_feed(body_of(fetcher, server, "/feeds/world.atom"), server.url("/feeds/world.atom"))
    assert feed.title == "Valley Wire: Regional news"
    assert feed.link == f"{base}/region/"
    assert list(feed.items) == [
        # "/news/harbour-fire.html", published 00:20 at UTC+2 on 16 May, i.e. 15 May in UTC.
        FeedItem(
            url=f"{base}/news/harbour-fire.html",
            title="Fire destroys warehouses at Élan harbour",
            published=date(2024, 5, 15),
            summary="Three warehouses burned overnight.",
        ),
        # "../news/valley-protest.html" against /feeds/world.atom; no <published>, so <updated>.
        FeedItem(
            url=f"{base}/news/valley-protest.html",
            title="Farmers block valley road in protest over water quotas",
            published=date(2024, 5, 15),
            summary="Tractors blocked the main road for most of the day.",
        ),
    ]


def test_entries_without_a_link_are_counted_and_duplicates_kept_once() -> None:
    body = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>No link at all</title></item>
<item><title>Strike</title><link>https://wire.example/a</link>
  <pubDate>Sat, 01 Jun 2024 10:00:00 GMT</pubDate></item>
<item><title>Strike again</title><link>https://wire.example/a</link></item>
<item><title>Mail</title><link>mailto:desk@wire.example</link></item>
</channel></rss>"""
    feed = parse_feed(body, "https://wire.example/rss")
    assert feed.items == (FeedItem("https://wire.example/a", "Strike", date(2024, 6, 1)),)
    assert feed.skipped == 2


def test_a_feed_whose_entries_all_lack_links_is_not_a_feed() -> None:
    body = b'<rss version="2.0"><channel><title>W</title><item><title>A</title></item></channel></rss>'
    error = not_a_feed(body)
    assert "none of the feed's 1 entries" in error.reason


def test_an_empty_but_valid_feed_has_no_items() -> None:
    feed = parse_feed(
        b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>', "https://q.example/r"
    )
    assert (feed.title, feed.items, feed.skipped) == ("Quiet", (), 0)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><head><title>News</title></head><body><p>Latest news</p></body></html>",
        b'{"items": [{"url": "https://news.example/a"}]}',
        bytes(range(256)) * 4,
        b'<?xml version="1.0"?><urlset><url><loc>https://news.example/a</loc></url></urlset>',
    ],
    ids=["empty", "html", "json", "binary", "sitemap"],
)
def test_other_documents_are_not_feeds(body: bytes) -> None:
    error = not_a_feed(body)
    assert "not an RSS or Atom feed" in error.reason


def test_parse_feed_never_fetches_anything(server: WebServer) -> None:
    # A body that is itself a URL, and a feed with an external entity pointing at the server.
    not_a_feed(server.url("/feeds/world.rss").encode())
    entity = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e SYSTEM "{server.url("/private/x")}">]>'
        '<rss version="2.0"><channel><title>&e;</title>'
        "<item><link>https://a.example/1</link></item></channel></rss>"
    ).encode()
    feed = parse_feed(entity, "https://a.example/rss")
    assert [item.url for item in feed.items] == ["https://a.example/1"]
    assert server.requests == []


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("application/rss+xml", b"", True),
        ("application/atom+xml; charset=utf-8", b"", True),
        ("text/xml", b"<x/>", True),
        ("application/xml", b"<x/>", True),
        ("text/html; charset=utf-8", b"<!DOCTYPE html><html><body></body></html>", False),
        (
            "application/xhtml+xml",
            b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>',
            False,
        ),
        ("text/html", b'  \n<?xml version="1.0"?>\n<!-- feed -->\n<rss version="2.0"><channel/></rss>', True),
        ("", b'\xef\xbb\xbf<feed xmlns="http://www.w3.org/2005/Atom"></feed>', True),
        ("text/plain", b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"></rdf:RDF>', True),
        ("text/html", b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><rss/>', True),
        ("text/html", b'<?xml version="1.0"?><html><body>x</body></html>', False),
        ("application/pdf", b"%PDF-1.4", False),
    ],
)
def test_looks_like_feed(content_type: str, body: bytes, expected: bool) -> None:
    assert looks_like_feed(response(content_type, body)) is expected


def test_fetch_source_reads_a_feed_and_then_gets_304(server: WebServer, fetcher: Fetcher) -> None:
    url = server.url("/feeds/world.rss")
    fetched = fetch_source(fetcher, url)
    assert fetched.kind == "feed" and fetched.page is None and fetched.feed is not None
    assert fetched.url == url
    assert len(fetched.feed.items) == 4
    assert fetched.etag and fetched.last_modified == "Thu, 16 May 2024 12:00:00 GMT"
    unchanged = fetch_source(fetcher, url, etag=fetched.etag, last_modified=fetched.last_modified)
    assert (unchanged.kind, unchanged.feed, unchanged.page) == ("not_modified", None, None)
    assert (unchanged.etag, unchanged.last_modified) == (fetched.etag, fetched.last_modified)
    sent = server.requests[-1].headers
    assert (sent["if-none-match"], sent["if-modified-since"]) == (fetched.etag, fetched.last_modified)


def test_fetch_source_with_kind_feed_on_a_page_is_a_not_a_feed_reject(
    server: WebServer, fetcher: Fetcher
) -> None:
    url = server.url("/news/ferry-strike.html")
    fetched = fetch_source(fetcher, url, kind="feed")
    assert fetched.kind == "page" and fetched.feed is None
    assert isinstance(fetched.page, Reject)
    assert (fetched.page.check, fetched.page.field, fetched.page.value, fetched.page.doc_id) == (
        "not_a_feed",
        "url",
        url,
        url,
    )
    assert fetched.etag is None and fetched.last_modified is None


def test_a_feed_type_with_an_html_body_is_a_not_a_feed_reject(server: WebServer, fetcher: Fetcher) -> None:
    url = server.url("/notxml-feed")
    fetched = fetch_source(fetcher, url)
    assert isinstance(fetched.page, Reject)
    assert fetched.page.check == "not_a_feed"
    assert f"{url}: not an RSS or Atom feed" in fetched.page.reason


def test_feed_items_become_articles_or_rejects(server: WebServer, fetcher: Fetcher) -> None:
    fetched = fetch_source(fetcher, server.url("/feeds/world.rss"), name="Courier World")
    assert fetched.feed is not None
    items = [fetch_item(fetcher, item, source="Courier World") for item in fetched.feed.items]
    ferry, clash, embargoed, missing = items
    assert isinstance(ferry, Article) and isinstance(clash, Article)
    # The page's own title wins; the border-clash page has none, so the feed's is used, and its date.
    assert ferry.title == "Ferry crews strike at Port Merin over unpaid overtime"
    assert (clash.title, clash.published) == (
        "Troops and militia clash near Korvan border post",
        date(2024, 5, 15),
    )
    assert ferry.source == clash.source == "Courier World"
    assert isinstance(embargoed, Reject) and embargoed.check == "robots_disallowed"
    assert isinstance(missing, Reject) and missing.check == "http_404"
    assert (missing.doc_id, missing.field, missing.value) == (
        server.url("/news/bridge-reopens.html"),
        "url",
        server.url("/news/bridge-reopens.html"),
    )
    assert "/private/embargoed.html" not in server.paths()


def test_fetch_item_raises_transient_errors(server: WebServer, fetcher: Fetcher) -> None:
    with pytest.raises(TransientFetchError):
        fetch_item(fetcher, FeedItem(server.url("/status/503"), "Busy"))
