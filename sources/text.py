"""Text cleaning and content ids: the normalised text is the article text that evidence offsets index into."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_LINE_BREAKS = "\r\x0b\x0c\x85\u2028\u2029"
# Every Unicode space separator (category Zs) and the tab; listed rather than computed at import time.
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Zero-width and soft-hyphen characters are invisible but would split words for the coder's patterns.
_INVISIBLE = "\ufeff\u200b\u00ad\u2060"
_CONTROLS = [c for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\n" + _SPACES + _LINE_BREAKS]
# One C-level pass maps line breaks, drops controls and unifies spaces: regexes over every space are slow.
_TRANSLATION: dict[int, str | None] = {
    **{ord(c): "\n" for c in _LINE_BREAKS},
    **dict.fromkeys(_CONTROLS),
    **dict.fromkeys(map(ord, _INVISIBLE)),
    **{ord(c): " " for c in _SPACES},
}
_SPACE_RUNS = re.compile(r"  +")
_TRAILING_SPACES = re.compile(r" +\n")
_BLANK_LINES = re.compile(r"\n{3,}")
_TITLE_END = ".,;:"
MAX_TITLE_CHARS = 150
MAX_EXCERPT_CHARS = 500


def normalise_text(raw: str) -> str:
    """Clean `raw` into the canonical article text.

    Newlines are unified to `\\n`, control and zero-width characters are removed, the text is put in
    Unicode NFC, runs of spaces and tabs (any Unicode space) become one space, trailing spaces are
    stripped from every line, three or more newlines become two, and both ends are stripped.
    The function is idempotent: `normalise_text(normalise_text(x)) == normalise_text(x)`.
    """
    text = raw.replace("\r\n", "\n") if "\r" in raw else raw
    text = text.translate(_TRANSLATION)
    # NFC after removing controls, so that a removed character cannot leave an uncomposed pair behind.
    text = unicodedata.normalize("NFC", text)
    if "  " in text:
        text = _SPACE_RUNS.sub(" ", text)
    if " \n" in text:
        text = _TRAILING_SPACES.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def content_hash(text: str) -> str:
    """sha256 hex digest of `text` as UTF-8, for text that is already normalised."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id(text: str) -> str:
    """The article key: sha256 hex of the normalised `text` (so raw or cleaned text give the same id)."""
    return content_hash(normalise_text(text))


def one_line(value: str) -> str:
    """`value` normalised onto a single line (for titles and other metadata)."""
    return " ".join(normalise_text(value).split())


def guess_title(text: str) -> str | None:
    """The first line of normalised `text` when it looks like a headline, else None.

    A headline is short (at most 150 characters), does not end like a sentence (`.`, `,`, `;`, `:`),
    and is followed by more text.
    """
    first, _, rest = text.partition("\n")
    first = first.strip()
    if not first or not rest.strip() or len(first) > MAX_TITLE_CHARS or first.endswith(tuple(_TITLE_END)):
        return None
    return first


def excerpt(value: str | bytes | None, limit: int = MAX_EXCERPT_CHARS) -> str | None:
    """At most `limit` characters of `value` for a reject's `payload` or `value` (bytes shown as a repr)."""
    if value is None:
        return None
    if isinstance(value, bytes):
        shown = repr(value[:limit])
    else:
        shown = value
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
