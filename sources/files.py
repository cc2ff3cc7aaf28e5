"""File readers: find input files, read whole files safely, and read plain-text and Markdown articles."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from sources.decode import decode_bytes
from sources.records import Article, Item, Reject
from sources.text import excerpt, guess_title, normalise_text, one_line

KINDS: dict[str, str] = {
    ".jsonl.gz": "jsonl.gz",
    ".jsonl": "jsonl",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
    ".md": "md",
}
SUPPORTED = ", ".join(KINDS)


def file_kind(path: Path) -> str | None:
    """The reader kind of `path` from its extension (case-insensitive), or None when unsupported."""
    name = path.name.lower()
    for suffix, kind in KINDS.items():
        if name.endswith(suffix):
            return kind
    return None


def iter_files(root: Path) -> list[Path]:
    """Every file under `root`, recursively, sorted by relative path; hidden files and folders are skipped.

    Hidden entries (names starting with ".", such as `.git` or `.DS_Store`) are tool state, not articles.
    """
    found: list[Path] = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        found.extend(Path(folder, name) for name in filenames if not name.startswith("."))
    return sorted(found, key=lambda path: path.relative_to(root).parts)


def unsupported(path: Path) -> Reject:
    """The reject for a file whose extension no reader handles."""
    suffix = "".join(path.suffixes[-2:]) if path.suffix.lower() == ".gz" else path.suffix or "<none>"
    return Reject(
        doc_id=str(path),
        reason=(
            f"{path}: unsupported file type {suffix!r}; supported: {SUPPORTED}. "
            "Convert the file to one of these or move it out of the source folder."
        ),
        check="supported_type",
        field="extension",
        value=suffix,
    )


def read_whole(path: Path, max_bytes: int) -> bytes | Reject:
    """The bytes of `path`, or a reject when it cannot be read, is larger than `max_bytes`, or is empty."""
    doc_id = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Reject(
                doc_id=doc_id,
                reason=(
                    f"{path}: file is {size:,} bytes, over the {max_bytes:,}-byte limit (max_bytes) for "
                    "whole-file formats; split it, or convert it to JSONL, which is streamed."
                ),
                check="max_bytes",
                field="file_size",
                value=str(size),
            )
        data = path.read_bytes()
    except OSError as exc:
        return Reject(
            doc_id=doc_id,
            reason=(
                f"{path}: cannot read the file ({exc.strerror or exc}); check that it exists and is readable."
            ),
            check="readable",
            field="path",
            value=doc_id,
        )
    if not data:
        return Reject(
            doc_id=doc_id,
            reason=f"{path}: file is empty (0 bytes); put the article text in it or remove it.",
            check="not_empty",
            field="text",
            value="<empty>",
        )
    return data


def read_text(path: Path, max_bytes: int) -> str | Reject:
    """The decoded (not yet normalised) text of `path`, or a reject when it is not readable text."""
    data = read_whole(path, max_bytes)
    if isinstance(data, Reject):
        return data
    decoded = decode_bytes(data)
    if decoded.text is None:
        return Reject(
            doc_id=str(path),
            reason=(
                f"{path}: {decoded.problem}. Save the article as UTF-8 text, or remove the file if it "
                "is not an article."
            ),
            check=decoded.check or "decodable",
            field="encoding",
            value=decoded.encoding,
            payload=excerpt(data[:200]),
        )
    return decoded.text


def read_nonblank(path: Path, max_bytes: int) -> str | Reject:
    """`read_text`, with a whitespace-only file rejected as well."""
    raw = read_text(path, max_bytes)
    if isinstance(raw, str) and not raw.strip():
        return blank(path, raw)
    return raw


def blank(path: Path, raw: str, what: str = "file") -> Reject:
    """The reject for a file (or page) whose text is empty once cleaned."""
    return Reject(
        doc_id=str(path),
        reason=f"{path}: {what} holds only whitespace, no article text; put the text in it or remove it.",
        check="not_blank",
        field="text",
        value="<whitespace only>",
        payload=excerpt(raw),
    )


def read_txt(path: Path, max_bytes: int) -> Iterator[Item]:
    """Read a `.txt` file as one article; its title is the first line when that looks like a headline."""
    raw = read_nonblank(path, max_bytes)
    if isinstance(raw, Reject):
        yield raw
        return
    text = normalise_text(raw)
    if not text:
        yield blank(path, raw)
        return
    yield Article(doc_id=str(path), text=text, input_path=str(path), title=guess_title(text))


def read_md(path: Path, max_bytes: int) -> Iterator[Item]:
    """Read a `.md` file as one article with the Markdown syntax removed; its title is the first heading."""
    raw = read_nonblank(path, max_bytes)
    if isinstance(raw, Reject):
        yield raw
        return
    text = normalise_text(strip_markdown(raw))
    if not text:
        yield blank(path, raw)
        return
    heading = _HEADING.match(raw.lstrip("\ufeff\r\n\t "))
    title = one_line(strip_markdown(heading.group(1))) if heading else guess_title(text)
    yield Article(doc_id=str(path), text=text, input_path=str(path), title=title or None)


_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_MARKDOWN_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^ {0,3}(?:```|~~~).*$", re.MULTILINE), ""),
    (_HEADING, r"\1"),
    (re.compile(r"^ {0,3}([-*_=])(?:[ \t]*\1){2,}[ \t]*$", re.MULTILINE), ""),
    (re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]+\S.*$", re.MULTILINE), ""),
    (re.compile(r"^(?: {0,3}>[ \t]?)+", re.MULTILINE), ""),
    (re.compile(r"^([ \t]*)[-*+][ \t]+", re.MULTILINE), r"\1"),
    (re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),
    (re.compile(r"\[([^\]\n]+)\](?:\([^)\n]*\)|\[[^\]\n]*\])"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
)


def strip_markdown(raw: str) -> str:
    """`raw` Markdown as plain text: headings, emphasis, links, images, quotes, bullets and rules removed.

    Only the common syntax is handled; anything else stays as written.
    """
    text = raw
    for pattern, replacement in _MARKDOWN_RULES:
        text = pattern.sub(replacement, text)
    return text
