"""JSON input: one article object, a list of them (`.json`), or one object per line (`.jsonl`, `.jsonl.gz`).

JSONL is streamed line by line, so a file of any size is read in constant memory.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path

from sources.dates import parse_published
from sources.decode import bom_encoding, sniff_binary
from sources.files import read_nonblank
from sources.records import Article, Item, Reject
from sources.text import excerpt, normalise_text, one_line

_Stream = gzip.GzipFile | io.BufferedReader
_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    type(None): "null",
}
_DRAIN_CHUNK = 1 << 20


def json_type(value: object) -> str:
    """The JSON name of `value`'s type, with its article ("an object", "null")."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def doc_id_of(obj: dict[str, object], fallback: str) -> str:
    """The item's `doc_id`: its `id` (as a string) when given, else its `url`, else `fallback`."""
    given = obj.get("id")
    if isinstance(given, str) and given.strip():
        return given.strip()
    if isinstance(given, int | float) and not isinstance(given, bool):
        return str(given)
    url = obj.get("url")
    if isinstance(url, str) and url.strip():
        return url.strip()
    return fallback


def article_from_object(obj: object, fallback_id: str, input_path: str, payload: str) -> Item:
    """An article from one input object `{"id", "text", "published", "url", "title", "source"}`.

    Only `text` is required and must be a non-blank string; `fallback_id` is the `doc_id` when the
    object has neither `id` nor `url`; `payload` is the raw input shown in a reject.
    """
    if not isinstance(obj, dict):
        return Reject(
            doc_id=fallback_id,
            reason=(
                f"{fallback_id}: the JSON value is {json_type(obj)}, not an article object; write each "
                'article as an object such as {"id": "a1", "text": "..."}.'
            ),
            check="is_object",
            field=None,
            value=json_type(obj),
            payload=excerpt(payload),
        )
    doc_id = doc_id_of(obj, fallback_id)
    given = obj.get("text")
    text = normalise_text(given) if isinstance(given, str) else ""
    if not text:
        problem, value = _text_problem(obj)
        return Reject(
            doc_id=doc_id,
            reason=(
                f'{doc_id}: the article {problem}; put the article body in "text" (the only required field).'
            ),
            check="text_present",
            field="text",
            value=value,
            payload=excerpt(payload),
        )
    return Article(
        doc_id=doc_id,
        text=text,
        input_path=input_path,
        url=_string(obj.get("url")),
        title=_line(obj.get("title")),
        source=_line(obj.get("source")),
        published=parse_published(obj.get("published")),
    )


def _text_problem(obj: dict[str, object]) -> tuple[str, str | None]:
    if "text" not in obj:
        return 'has no "text" field', "<missing>"
    given = obj["text"]
    if not isinstance(given, str):
        return f'has a "text" that is {json_type(given)}, not a string', excerpt(json.dumps(given), 200)
    return 'has an empty "text"', "<empty>" if not given else "<whitespace only>"


def read_json(path: Path, max_bytes: int) -> Iterator[Item]:
    """Read a `.json` file holding one article object or a list of them.

    Items of a list without `id` or `url` get the `doc_id` `path[i]` (0-based position in the list).
    """
    raw = read_nonblank(path, max_bytes)
    if isinstance(raw, Reject):
        yield raw
        return
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        yield Reject(
            doc_id=str(path),
            reason=(
                f"{path}: not valid JSON ({exc.msg}: line {exc.lineno} column {exc.colno}); fix the "
                "file, or write one article object per line as JSONL."
            ),
            check="valid_json",
            payload=excerpt(raw),
        )
        return
    if isinstance(data, list):
        if not data:
            yield Reject(
                doc_id=str(path),
                reason=(
                    f"{path}: the JSON list is empty, there are no articles; add article objects or "
                    "remove the file."
                ),
                check="not_empty",
                field="text",
                value="<empty list>",
                payload=excerpt(raw),
            )
        for index, element in enumerate(data):
            yield article_from_object(element, f"{path}[{index}]", str(path), json.dumps(element))
        return
    if isinstance(data, dict):
        yield article_from_object(data, str(path), str(path), raw)
        return
    yield Reject(
        doc_id=str(path),
        reason=(
            f"{path}: the JSON file holds {json_type(data)}, not an article object or a list of them; "
            'write {"text": "..."} or [{"text": "..."}, ...].'
        ),
        check="is_object",
        value=json_type(data),
        payload=excerpt(raw),
    )


def read_jsonl(path: Path, max_bytes: int) -> Iterator[Item]:
    """Stream a `.jsonl` or `.jsonl.gz` file: one article object per line; blank lines are skipped.

    Lines without `id` or `url` get the `doc_id` `path:LINE` (1-based). Files have no size limit, but a
    single line over `max_bytes` is rejected. A file that is corrupt or truncated midway (a broken gzip
    stream) keeps the lines read before the damage and gives one reject for the rest.
    """
    compressed = path.name.lower().endswith(".gz")
    try:
        stream: _Stream = gzip.GzipFile(path, "rb") if compressed else path.open("rb")
    except OSError as exc:
        yield Reject(
            doc_id=str(path),
            reason=f"{path}: cannot open the file ({exc.strerror or exc}); check that it is readable.",
            check="readable",
            field="path",
            value=str(path),
        )
        return
    with stream:
        yield from _read_lines(stream, path, max_bytes, compressed)


def _read_lines(stream: _Stream, path: Path, max_bytes: int, compressed: bool) -> Iterator[Item]:
    line_no = 0
    items = 0
    try:
        head = stream.peek(4)[:4]
        kind = sniff_binary(head)
        if kind is not None:
            hint = "; rename it to .jsonl.gz" if kind == "gzip archive" and not compressed else ""
            yield Reject(
                doc_id=str(path),
                reason=f"{path}: binary content ({kind}), not JSON lines{hint}.",
                check="not_binary",
                field="encoding",
                payload=excerpt(head),
            )
            return
        encoding = bom_encoding(head)
        lines = (
            _wide_lines(stream, encoding, max_bytes)
            if encoding in ("utf-16", "utf-32")
            else _utf8_lines(stream, max_bytes)
        )
        for line_no, line in lines:
            if isinstance(line, str) and not line.strip():
                continue
            items += 1
            if isinstance(line, str):
                yield _parse_line(line, path, line_no)
            else:
                yield _bad_line(line, path, line_no, max_bytes)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        what = "gzip stream" if compressed else "file"
        kept = f"lines 1-{line_no} were read, " if line_no else ""
        yield Reject(
            doc_id=f"{path}:{line_no + 1}" if line_no else str(path),
            reason=(
                f"{path}: the {what} is corrupt or truncated after line {line_no} ({exc}); "
                f"{kept}the rest is lost. Re-create or re-download the file."
            ),
            check="gzip_intact" if compressed else "readable",
            field="line",
            value=str(line_no + 1),
        )
        return
    if items == 0:
        yield Reject(
            doc_id=str(path),
            reason=(
                f"{path}: no JSON lines, the file is empty or blank; write one article object per line "
                "or remove the file."
            ),
            check="not_empty",
            field="text",
            value="<empty>",
        )


def _parse_line(line: str, path: Path, line_no: int) -> Item:
    fallback = f"{path}:{line_no}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Reject(
            doc_id=fallback,
            reason=(
                f"{fallback}: line is not valid JSON ({exc.msg}: column {exc.colno}); write one "
                "complete JSON object per line."
            ),
            check="valid_json",
            payload=excerpt(line.rstrip("\r\n")),
        )
    return article_from_object(obj, fallback, str(path), line.rstrip("\r\n"))


def _bad_line(raw: bytes, path: Path, line_no: int, max_bytes: int) -> Reject:
    doc_id = f"{path}:{line_no}"
    if len(raw) > max_bytes:
        return Reject(
            doc_id=doc_id,
            reason=(
                f"{doc_id}: line is over the {max_bytes:,}-byte limit (max_bytes); split the article or "
                "raise max_bytes."
            ),
            check="max_bytes",
            field="line",
            value=str(line_no),
            payload=excerpt(raw[:200]),
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = f"{exc.reason} at byte {exc.start}"
    else:  # pragma: no cover - _utf8_lines hands over only lines that failed to decode
        problem = "undecodable"
    return Reject(
        doc_id=doc_id,
        reason=f"{doc_id}: line is not valid UTF-8 ({problem}); JSONL must be UTF-8, re-encode the file.",
        check="decodable",
        field="encoding",
        value="utf-8",
        payload=excerpt(raw),
    )


def _utf8_lines(stream: _Stream, max_bytes: int) -> Iterator[tuple[int, str | bytes]]:
    """(line number, text) per line; the raw bytes instead when the line is too long or not UTF-8."""
    line_no = 0
    while raw := stream.readline(max_bytes + 1):
        line_no += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            _drain_line(stream)
            yield line_no, raw
            continue
        if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield line_no, raw.decode("utf-8")
        except UnicodeDecodeError:
            yield line_no, raw


def _wide_lines(stream: _Stream, encoding: str, max_bytes: int) -> Iterator[tuple[int, str | bytes]]:
    """Lines of a UTF-16/32 file (with a byte-order mark); a decoding error ends the file."""
    text = io.TextIOWrapper(stream, encoding=encoding)
    line_no = 0
    while line := text.readline(max_bytes + 1):
        line_no += 1
        if len(line) > max_bytes and not line.endswith("\n"):
            while (rest := text.readline(_DRAIN_CHUNK)) and not rest.endswith("\n"):
                pass
            yield line_no, line.encode("utf-8")
            continue
        yield line_no, line


def _drain_line(stream: _Stream) -> None:
    while (rest := stream.readline(_DRAIN_CHUNK)) and not rest.endswith(b"\n"):
        pass


def _string(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _line(value: object) -> str | None:
    return (one_line(value) or None) if isinstance(value, str) else None
