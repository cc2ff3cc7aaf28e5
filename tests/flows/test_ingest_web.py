"""The ingest flow on feeds and pages served by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.ingest import ingest
from tests.web_server import WebServer
from warehouse import query

RETRIES = 1


@pytest.fixture
def fast_fetching(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short timeouts, no pause between requests, one quick retry: the suite stays fast."""
    for name, value in {
        "DYADS_HOST_INTERVAL": "0",
        "DYADS_FETCH_TIMEOUT": "1",
        "DYADS_FETCH_DEADLINE": "3",
        "DYADS_FETCH_RETRIES": str(RETRIES),
        "DYADS_RETRY_DELAY": "0.05",
        "DYADS_MAX_REJECT_RATE": "1",
    }.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def server(web_server: WebServer) -> WebServer:
    web_server.reset()
    return web_server


def rejects_by_check(warehouse: Path) -> dict[str, str]:
    rows = query(warehouse, "SELECT doc_id, failed_check FROM rejects ORDER BY doc_id").rows()
    return {doc_id: check for doc_id, check in rows}


def test_a_feed_run_loads_its_pages_and_rejects_what_cannot_be_read(
    prefect_harness: None, fast_fetching: None, server: WebServer, tmp_path: Path
) -> None:
    warehouse = tmp_path / "w"
    summary = ingest(source=server.url("/feeds/world.rss"), warehouse=str(warehouse))

    assert (summary.articles_in, summary.articles_loaded, summary.articles_rejected) == (4, 2, 2)
    articles = query(warehouse, "SELECT url, doc_id, title, published, source FROM articles ORDER BY url")
    assert articles["url"].to_list() == [
        server.url("/news/border-clash.html"),
        server.url("/news/ferry-strike.html"),
    ]
    assert articles["doc_id"].to_list() == articles["url"].to_list()
    assert all(articles["title"]) and all(articles["source"]) and all(articles["published"])
    assert rejects_by_check(warehouse) == {
        server.url("/news/bridge-reopens.html"): "http_404",
        server.url("/private/embargoed.html"): "robots_disallowed",
    }
    assert "/private/embargoed.html" not in server.paths()  # robots.txt was obeyed
    assert query(warehouse, "SELECT count(*) AS n FROM events")["n"][0] > 0
    feed = query(warehouse, "SELECT url, etag, last_modified, status, items_seen FROM feeds").row(0)
    assert feed[0] == server.url("/feeds/world.rss")
    assert feed[1] and feed[2] and feed[3:] == ("fetched", 4)


def test_a_second_run_asks_conditionally_and_fetches_no_page_again(
    prefect_harness: None, fast_fetching: None, server: WebServer, tmp_path: Path
) -> None:
    warehouse = tmp_path / "w"
    feed_url = server.url("/feeds/world.rss")
    ingest(source=feed_url, warehouse=str(warehouse))
    etag = query(warehouse, "SELECT etag FROM feeds")["etag"][0]
    server.reset()

    second = ingest(source=feed_url, warehouse=str(warehouse))
    feed_requests = [r for r in server.requests if r.path == "/feeds/world.rss"]
    assert [r.headers.get("if-none-match") for r in feed_requests] == [etag]
    assert [p for p in server.paths() if p != "/robots.txt"] == ["/feeds/world.rss"]  # 304: no page
    assert (second.feeds_read, second.feeds_not_modified, second.articles_new) == (1, 1, 0)
    assert query(warehouse, "SELECT status, etag FROM feeds").row(0) == ("not_modified", etag)
    assert query(warehouse, "SELECT count(*) AS n FROM articles")["n"][0] == 2


def test_pages_already_stored_are_not_fetched_again_when_the_feed_changed(
    prefect_harness: None, fast_fetching: None, server: WebServer, tmp_path: Path
) -> None:
    warehouse = tmp_path / "w"
    page = ingest(source=server.url("/news/valley-protest.html"), warehouse=str(warehouse))
    assert (page.articles_in, page.articles_new) == (1, 1)
    server.reset()
    # The Atom feed lists that page and one more: only the other one is fetched.
    summary = ingest(source=server.url("/feeds/world.atom"), warehouse=str(warehouse))
    assert [p for p in server.paths() if p.startswith("/news/")] == ["/news/harbour-fire.html"]
    assert (summary.items_skipped, summary.articles_new) == (1, 1)
    assert (summary.articles_in, summary.articles_loaded, summary.articles_rejected) == (2, 2, 0)


def test_every_kind_of_broken_page_becomes_a_reject_and_the_run_finishes(
    prefect_harness: None, fast_fetching: None, server: WebServer, tmp_path: Path
) -> None:
    warehouse = tmp_path / "w"
    feed_url = server.url("/feeds/troubled.rss")
    summary = ingest(source=feed_url, warehouse=str(warehouse))

    assert (summary.articles_in, summary.articles_loaded, summary.articles_rejected) == (10, 1, 9)
    assert rejects_by_check(warehouse) == {
        server.url("/status/500"): "transient_gave_up",
        server.url("/status/429"): "transient_gave_up",
        server.url("/hang"): "transient_gave_up",
        server.url("/status/404"): "http_404",
        server.url("/loop"): "redirect_loop",
        server.url("/garbage"): "not_html",
        server.url("/nested"): "too_deeply_nested",
        server.url("/nav-only"): "no_article_text",
        server.url("/pdf"): "not_html",
    }
    # Transient failures were retried through the Prefect task retries, then recorded.
    assert server.paths().count("/status/500") == RETRIES + 1
    reasons = query(warehouse, "SELECT stage, reason FROM rejects WHERE failed_check = 'transient_gave_up'")
    assert set(reasons["stage"]) == {"extract"}
    assert all(f"{RETRIES + 1} attempts" in r for r in reasons["reason"])
    # Items left for a later retry keep the feed from being skipped by a 304 next time.
    assert query(warehouse, "SELECT etag FROM feeds").row(0) == (None,)

    server.reset()
    again = ingest(source=feed_url, warehouse=str(warehouse))
    feed_requests = [r for r in server.requests if r.path == "/feeds/troubled.rss"]
    assert "if-none-match" not in feed_requests[0].headers
    assert "/news/ferry-strike.html" not in server.paths()  # stored: not fetched again
    assert again.articles_new == 0 and again.rejects_new == 0  # same rejects, same ids


def test_a_sources_file_reads_several_feeds_and_a_page_in_one_run(
    prefect_harness: None, fast_fetching: None, server: WebServer, tmp_path: Path
) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nurl = "{server.url("/feeds/world.rss")}"\nname = "Lakeside Courier"\n\n'
        f'[[source]]\nurl = "{server.url("/feeds/world.atom")}"\nkind = "feed"\n\n'
        f'[[source]]\nurl = "{server.url("/news/valley-protest.html")}"\n\n'
        f'[[source]]\nurl = "{server.url("/notxml-feed")}"\nkind = "feed"\n',
        encoding="utf-8",
    )
    warehouse = tmp_path / "w"
    summary = ingest(source=str(sources), warehouse=str(warehouse))
    assert summary.feeds_read == 2
    assert summary.articles_in == summary.articles_loaded + summary.articles_rejected
    urls = set(query(warehouse, "SELECT url FROM articles")["url"])
    assert server.url("/news/valley-protest.html") in urls
    assert server.url("/news/ferry-strike.html") in urls
    assert rejects_by_check(warehouse)[server.url("/notxml-feed")] == "not_a_feed"
    sources_of = dict(query(warehouse, "SELECT url, source FROM articles").rows())
    assert sources_of[server.url("/news/border-clash.html")] == "Lakeside Courier"


def test_a_dead_url_is_a_reject_not_a_crash(
    prefect_harness: None, fast_fetching: None, tmp_path: Path
) -> None:
    dead = "http://127.0.0.1:9/no-server-here"  # the discard port: nothing listens
    summary = ingest(source=dead, warehouse=str(tmp_path / "w"))
    assert (summary.articles_in, summary.articles_rejected) == (1, 1)
    assert rejects_by_check(tmp_path / "w") == {dead: "transient_gave_up"}
