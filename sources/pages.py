"""Fetched web pages: decode the response, extract the article with sources.html, or say why not."""

from __future__ import annotations

import codecs
import re
from datetime import date
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from sources.dates import parse_published
from sources.decode import MAX_CONTROL_RATIO, Decoded, bom_encoding, decode_bytes, sniff_binary
from sources.fetch import Response
from sources.html import parse_page
from sources.records import Article, Item, Reject
from sources.text import excerpt

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Servers that do not know what they send use these; the body decides.
_VAGUE_TYPES = frozenset({"", "application/octet-stream", "text/plain"})
_HTML_START = re.compile(
    rb"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p)\b", re.I | re.S
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([a-z0-9._:-]+)", re.I)
_SNIFF_BYTES = 4096
# Browsers (WHATWG Encoding) read Latin-1 labels as windows-1252; pages that say Latin-1 rely on that.
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252"}
_DEPTH_LIMIT_ERROR = "Excessive depth"


def page_item(
    response: Response,
    *,
    doc_id: str,
    title: str | None = None,
    published: date | None = None,
    source: str | None = None,
) -> Item:
    """The article of a fetched HTML page, or a reject saying why there is none.

    Text, title, date and site name come from the page (see `sources.html.parse_page`); `title` and
    `published` (e.g. from the feed) fill in what the page lacks. `source` wins over the page's site
    name, which wins over the host. The article's `url` is the requested URL. Rejects: "not_html"
    (a PDF, an image or other binary or non-HTML content), "decodable", "no_article_text" and
    "too_deeply_nested", each with field "url" and the URL as value.
    """
    url = response.url
    media_type, charset = _content_type(response.content_type)
    body = response.body
    binary = sniff_binary(body)
    if binary is not None or not _is_html(media_type, body):
        shown = binary or f"{media_type or 'no Content-Type'} content"
        return _reject(
            doc_id,
            url,
            f"{url}: the server sent {shown}, not an HTML page; list only article pages or feeds as sources.",
            "not_html",
            excerpt(body[:200]),
        )
    decoded = _decoded(body, charset)
    if decoded.text is None:
        # Control bytes mean binary data whatever the Content-Type says.
        check = "not_html" if decoded.check == "not_binary" else decoded.check or "decodable"
        return _reject(
            doc_id,
            url,
            f"{url}: the body cannot be read as HTML: {decoded.problem}; remove the URL from the sources.",
            check,
            excerpt(body[:200]),
        )
    html = decoded.text
    page = parse_page(html, url=response.final_url)
    if not page.text:
        if _too_deep(html):
            return _reject(
                doc_id,
                url,
                f"{url}: the page nests its HTML elements too deeply to parse (libxml2 stops at depth 256) "
                "and no article text was found above that depth; the page is broken or hostile, remove it.",
                "too_deeply_nested",
                excerpt(html),
            )
        return _reject(
            doc_id,
            url,
            f"{url}: no article text found in the page (only markup, scripts or navigation); check that the "
            "URL is an article page and not an index, a login or a consent page.",
            "no_article_text",
            excerpt(html),
        )
    return Article(
        doc_id=doc_id,
        text=page.text,
        input_path=None,
        url=url,
        title=page.title or title,
        source=source or page.source or urlsplit(url).hostname,
        published=parse_published(page.published) or published,
    )


def _content_type(header: str) -> tuple[str, str | None]:
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media_type.strip().lower(), charset


def _is_html(media_type: str, body: bytes) -> bool:
    if media_type in _HTML_TYPES:
        return True
    return (
        media_type in _VAGUE_TYPES
        and _HTML_START.match(body[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf")) is not None
    )


def _decoded(body: bytes, http_charset: str | None) -> Decoded:
    """The page as text: a byte-order mark, else the HTTP charset, else a <meta> charset, else a guess."""
    if bom_encoding(body) is None:
        meta = _META_CHARSET.search(body[:_SNIFF_BYTES])
        for label in (http_charset, meta.group(1).decode("ascii") if meta else None):
            text = _decode_as(body, label)
            if text is not None:
                return Decoded(text, label)
    return decode_bytes(body)


def _decode_as(body: bytes, label: str | None) -> str | None:
    if not label:
        return None
    name = _LABEL_ALIASES.get(label.lower(), label)
    try:
        codecs.lookup(name)
        text = body.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None
    sample = text[:_SNIFF_BYTES]
    controls = sum(1 for char in sample if ord(char) < 0x20 and char not in "\t\n\r\x0c")
    # A declared charset that "decodes" binary (any byte is valid Latin-1) must not hide the binary.
    return text if controls <= MAX_CONTROL_RATIO * max(len(sample), 1) else None


def _too_deep(html: str) -> bool:
    """True when libxml2 gave up on the page's nesting depth (so parse_page saw only its outer part)."""
    parser = lxml.html.HTMLParser(encoding="utf-8", recover=True)
    try:
        lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return False
    return any(_DEPTH_LIMIT_ERROR in error.message for error in parser.error_log)


def _reject(doc_id: str, url: str, reason: str, check: str, payload: str | None) -> Reject:
    return Reject(doc_id=doc_id, reason=reason, check=check, field="url", value=url, payload=payload)
