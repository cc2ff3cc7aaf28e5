"""Web pages: article text and metadata from fetched pages, bad pages as rejects, and page sources."""

from __future__ import annotations

import time
from datetime import date

import pytest

from sources import (
    Article,
    Fetcher,
    Reject,
    Response,
    TransientFetchError,
    fetch_source,
    normalise_text,
    page_item,
    reject_after_retries,
)
from tests.web_server import WebServer

URL = "https://courier.example/news/story.html"


def page_of(
    fetcher: Fetcher,
    server: WebServer,
    path: str,
    title: str | None = None,
    published: date | None = None,
    source: str | None = None,
) -> Article:
    url = server.url(path)
    item = page_item(fetcher.get(url), doc_id=url, title=title, published=published, source=source)
    assert isinstance(item, Article), item
    assert item.doc_id == url and item.url == url and item.input_path is None
    assert item.text == normalise_text(item.text)
    return item


def reject_of(response: Response, doc_id: str = "doc-1") -> Reject:
    item = page_item(response, doc_id=doc_id)
    assert isinstance(item, Reject), item
    assert (item.doc_id, item.field, item.value) == (doc_id, "url", response.url)
    assert item.reason.startswith(f"{response.url}: ")
    return item


def served(content_type: str, body: bytes) -> Response:
    return Response(URL, URL, 200, content_type, body)


def test_article_text_title_date_and_site_name(server: WebServer, fetcher: Fetcher) -> None:
    article = page_of(fetcher, server, "/news/ferry-strike.html")
    assert article.text.startswith(
        "Ferry crews strike at Port Merin over unpaid overtime\nFerry crews at Port Merin walked off the job"
    )
    assert "about 240 of its members joined the strike" in article.text
    assert article.text.endswith("urged travellers to check departures before setting out.")
    for noise in ("My account", "Business", "Privacy", "dataLayer", "transport correspondent"):
        assert noise not in article.text
    assert article.title == "Ferry crews strike at Port Merin over unpaid overtime"
    assert article.source == "The Lakeside Courier"
    # 01:30 at UTC+3 on 14 May is 22:30 UTC on 13 May.
    assert article.published == date(2024, 5, 13)


def test_page_metadata_wins_over_feed_values_but_a_given_source_wins_over_the_page(
    server: WebServer, fetcher: Fetcher
) -> None:
    article = page_of(
        fetcher,
        server,
        "/news/ferry-strike.html",
        title="Feed headline",
        published=date(2000, 1, 1),
        source="Courier via feed",
    )
    assert (article.title, article.published) == (
        "Ferry crews strike at Port Merin over unpaid overtime",
        date(2024, 5, 13),
    )
    assert article.source == "Courier via feed"


def test_feed_values_fill_in_what_the_page_lacks(server: WebServer, fetcher: Fetcher) -> None:
    article = page_of(
        fetcher, server, "/news/border-clash.html", title="Clash at Korvan post", published=date(2024, 5, 14)
    )
    assert article.text.startswith("Soldiers and fighters of a local militia exchanged fire")
    assert (article.title, article.published) == ("Clash at Korvan post", date(2024, 5, 14))
    # No site name in the page: trafilatura names the site after the host.
    assert article.source == server.base_url.removeprefix("http://")


def test_the_requested_url_is_kept_after_a_redirect(server: WebServer, fetcher: Fetcher) -> None:
    article = page_of(fetcher, server, "/redirect")
    assert article.url == server.url("/redirect")
    assert article.title == "Ferry crews strike at Port Merin over unpaid overtime"


def test_charset_from_the_http_header(server: WebServer, fetcher: Fetcher) -> None:
    article = page_of(fetcher, server, "/news/harbour-fire.html")
    assert article.title == "Fire destroys warehouses at Élan harbour"
    assert "Firefighters from Saint-Rémy and Bourg-lès-Eaux needed six hours" in article.text
    assert "The harbour’s grain terminal" in article.text
    assert (article.source, article.published) == ("Valley Wire", date(2024, 5, 16))


def test_charset_from_a_meta_tag(server: WebServer, fetcher: Fetcher) -> None:
    article = page_of(fetcher, server, "/news/valley-protest.html")
    assert "“We were never asked,” said René Duval" in article.text
    assert "near Gérardmer-sur-Lac on Wednesday" in article.text


@pytest.mark.parametrize(
    ("content_type", "encoding"),
    [
        ("text/html; charset=ISO-8859-1", "cp1252"),  # browsers read Latin-1 labels as windows-1252
        ("text/html; charset=utf-8", "cp1252"),  # a wrong header: the bytes are not UTF-8
        ("text/html", "cp1252"),
        ("text/html; charset=no-such-codec", "utf-8"),
    ],
)
def test_charset_labels_and_guesses(content_type: str, encoding: str) -> None:
    text = "“Troops entered Saint-Étienne-du-Lac,” the mayor said on Friday."
    html = f"<html><body><article><p>{text}</p></article></body></html>"
    item = page_item(served(content_type, html.encode(encoding)), doc_id="d")
    assert isinstance(item, Article)
    assert item.text == text


def test_text_is_normalised() -> None:
    raw = "Shelling\u00a0resumed   overnight\u200b in\tthe town."
    html = f"<html><body><article><p>{raw}</p>\r\n</article></body></html>"
    item = page_item(served("text/html", html.encode()), doc_id="d")
    assert isinstance(item, Article)
    assert item.text == "Shelling resumed overnight in the town."
    assert item.source == "courier.example"  # trafilatura names the site after the host


def test_html_without_a_content_type_is_read_as_html() -> None:
    item = page_item(
        served("", b"<!doctype html><html><body><p>Two ferries collided off Orsa.</p></body></html>"),
        doc_id="d",
    )
    assert isinstance(item, Article) and item.text == "Two ferries collided off Orsa."


@pytest.mark.parametrize(
    ("content_type", "body", "shown"),
    [
        ("application/pdf", b"%PDF-1.4\n%%EOF\n", "PDF document"),
        ("text/html", b"%PDF-1.4\n%%EOF\n", "PDF document"),
        ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(32), "PNG image"),
        ("application/json", b'{"text": "not a page"}', "application/json content"),
        ("text/plain", b"Plain words, no markup at all.", "text/plain content"),
    ],
)
def test_non_html_content_is_rejected(content_type: str, body: bytes, shown: str) -> None:
    reject = reject_of(served(content_type, body))
    assert reject.check == "not_html"
    assert f"the server sent {shown}, not an HTML page" in reject.reason


def test_pdf_and_random_bytes_from_the_server_are_not_html(server: WebServer, fetcher: Fetcher) -> None:
    for path in ("/pdf", "/garbage"):
        response = fetcher.get(server.url(path))
        assert reject_of(response, doc_id=response.url).check == "not_html"


def test_a_page_of_navigation_has_no_article_text(server: WebServer, fetcher: Fetcher) -> None:
    reject = reject_of(fetcher.get(server.url("/nav-only")))
    assert reject.check == "no_article_text"
    assert "no article text found" in reject.reason


def test_an_empty_body_has_no_article_text() -> None:
    assert reject_of(served("text/html", b"")).check == "no_article_text"


def test_deeply_nested_html_is_a_clear_reject_quickly(server: WebServer, fetcher: Fetcher) -> None:
    response = fetcher.get(server.url("/nested"))
    started = time.monotonic()
    reject = reject_of(response)
    assert time.monotonic() - started < 5.0
    assert reject.check == "too_deeply_nested"
    assert "nests its HTML elements too deeply" in reject.reason


def test_nesting_within_the_parser_limit_is_an_article() -> None:
    body = (
        b"<html><body>"
        + b"<div>" * 200
        + b"<p>Rebels shelled Varna on Friday.</p>"
        + b"</div>" * 200
        + b"</body></html>"
    )
    item = page_item(served("text/html", body), doc_id="d")
    assert isinstance(item, Article) and item.text == "Rebels shelled Varna on Friday."


def test_fetch_source_reads_a_page_with_one_request(server: WebServer, fetcher: Fetcher) -> None:
    url = server.url("/news/ferry-strike.html")
    fetched = fetch_source(fetcher, url, name="Lakeside")
    assert fetched.kind == "page" and fetched.feed is None
    assert isinstance(fetched.page, Article)
    assert (fetched.page.doc_id, fetched.page.url, fetched.page.source) == (url, url, "Lakeside")
    assert fetched.etag is not None and fetched.last_modified == "Thu, 16 May 2024 12:00:00 GMT"
    assert server.paths() == ["/robots.txt", "/news/ferry-strike.html"]


def test_fetch_source_with_kind_page_never_parses_a_feed(server: WebServer, fetcher: Fetcher) -> None:
    fetched = fetch_source(fetcher, server.url("/feeds/world.rss"), kind="page")
    assert fetched.kind == "page" and fetched.feed is None
    assert isinstance(fetched.page, Reject) and fetched.page.check == "not_html"


@pytest.mark.parametrize(
    ("path", "check"),
    [
        ("/status/404", "http_404"),
        ("/private/embargoed.html", "robots_disallowed"),
        ("/loop", "redirect_loop"),
        ("/nav-only", "no_article_text"),
        ("/pdf", "not_html"),
    ],
)
def test_fetch_source_records_terminal_failures_as_rejects(
    server: WebServer, fetcher: Fetcher, path: str, check: str
) -> None:
    url = server.url(path)
    fetched = fetch_source(fetcher, url)
    assert fetched.kind == "page" and fetched.feed is None
    assert isinstance(fetched.page, Reject)
    assert (fetched.page.check, fetched.page.doc_id, fetched.page.field, fetched.page.value) == (
        check,
        url,
        "url",
        url,
    )
    assert fetched.etag is None and fetched.last_modified is None


def test_fetch_source_raises_transient_failures(server: WebServer, fetcher: Fetcher) -> None:
    with pytest.raises(TransientFetchError, match="HTTP 500"):
        fetch_source(fetcher, server.url("/status/500"))


def test_fetch_source_refuses_an_unknown_kind(fetcher: Fetcher) -> None:
    with pytest.raises(ValueError, match="kind must be one of auto, feed, page"):
        fetch_source(fetcher, "https://courier.example/", kind="path")


def test_reject_after_retries() -> None:
    error = TransientFetchError(
        URL, f"{URL}: HTTP 503 from {URL}; the server is busy or failing, retry later."
    )
    reject = reject_after_retries(URL, error, 4)
    assert (reject.doc_id, reject.check, reject.field, reject.value) == (URL, "transient_gave_up", "url", URL)
    assert reject.reason.startswith(f"{URL}: still failing after 4 attempts; last error: {URL}: HTTP 503")
    assert "the next run will try again" in reject.reason
