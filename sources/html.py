"""HTML pages: the article text, title and date via trafilatura, with a plain lxml fallback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.etree
import lxml.html

from sources.dates import parse_published
from sources.files import read_nonblank
from sources.records import Article, Item, Reject
from sources.text import excerpt, normalise_text, one_line

_DROPPED_TAGS = ("script", "style", "nav", "noscript", "template", "svg", "iframe", "head")
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)

_PARSER = lxml.html.HTMLParser(encoding="utf-8")
# trafilatura keeps the link text of some navigation bars; menus are never article text.
_PRUNED = ["//nav", "//*[@role='navigation']"]


@dataclass(frozen=True, slots=True)
class Page:
    """What was found in one HTML page; `text` is normalised and may be empty."""

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None


def parse_page(html: str, url: str | None = None) -> Page:
    """The article text and metadata of an HTML page.

    trafilatura finds the main text (leaving out navigation, comments and boilerplate), the title, the
    date and the canonical URL; when it finds no text, the text of `<body>` without scripts, styles and
    navigation is used instead. `published` keeps the time and offset when the page gives them.
    """
    # Imported here: trafilatura pulls in several modules that only HTML input needs.
    import trafilatura
    from trafilatura.settings import Document, set_date_params

    doc = None
    if html.strip():
        dates = set_date_params()
        # Keep the time and offset so that `published` is the UTC date, not the publisher's local one.
        dates["outputformat"] = "%Y-%m-%dT%H:%M:%S%z"
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            prune_xpath=_PRUNED,
            date_extraction_params=dates,
        )
    if not isinstance(doc, Document):
        doc = Document()
    text = normalise_text(doc.text or "")
    title = doc.title
    if not text:
        text, fallback_title = _body_text(html)
        title = title or fallback_title
    return Page(
        text=text,
        title=(one_line(title) or None) if title else None,
        url=doc.url or url,
        source=doc.sitename or None,
        published=doc.date,
    )


def read_html(path: Path, max_bytes: int) -> Iterator[Item]:
    """Read an `.html`/`.htm` file as one article; a page without article text is rejected."""
    raw = read_nonblank(path, max_bytes)
    if isinstance(raw, Reject):
        yield raw
        return
    page = parse_page(raw)
    if not page.text:
        yield Reject(
            doc_id=str(path),
            reason=(
                f"{path}: no article text found in the HTML page (only markup, scripts or navigation); "
                "check that the file is the article page and not an index or a login page."
            ),
            check="has_text",
            field="text",
            value="<no text>",
            payload=excerpt(raw),
        )
        return
    yield Article(
        doc_id=str(path),
        text=page.text,
        input_path=str(path),
        url=page.url,
        title=page.title,
        source=page.source,
        published=parse_published(page.published),
    )


def _body_text(html: str) -> tuple[str, str | None]:
    try:
        # An explicit encoding: the page may declare a charset that no longer applies to decoded text.
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return "", None
    title_el = root.find(".//title")
    title = title_el.text_content() if title_el is not None else None
    for element in list(root.iter(*_DROPPED_TAGS)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    body = root.find("body")
    text = body.text_content() if body is not None else root.text_content()
    return normalise_text(text), title
