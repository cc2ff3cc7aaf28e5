"""A sources file: the TOML list of feeds, pages and local paths that one run reads."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast
from urllib.parse import urlsplit

from sources.records import SourceError

SourceKind = Literal["auto", "feed", "page", "path"]
URL_KINDS = ("auto", "feed", "page")
_KEYS = frozenset({"url", "path", "name", "kind"})
EXAMPLE = '[[source]]\nurl = "https://example.org/world/rss.xml"\nname = "Example World"\nkind = "feed"'


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One source: a URL (`kind` auto, feed or page) or a local file or directory (`kind` "path").

    `name`, when given, is stored as the `source` of its articles.
    """

    location: str
    kind: SourceKind = "auto"
    name: str | None = None


def read_sources_file(path: Path) -> list[SourceSpec]:
    """The sources listed in a TOML file as `[[source]]` tables, in file order.

    Each table has either `url` (http or https) or `path` (relative to the TOML file's folder), an
    optional `name`, and for URLs an optional `kind`: "auto" (the default: a feed when the response is
    one, else a page), "feed" or "page". Raises SourceError, naming the file and the entry, when the
    file cannot be read or an entry is wrong.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourceError(f"{path}: cannot read the sources file ({exc.strerror or exc}).") from exc
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: the sources file is not UTF-8 text; save it as UTF-8.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(
            f"{path}: not valid TOML ({exc}); fix the syntax. An entry looks like:\n{EXAMPLE}"
        ) from exc
    extra = sorted(set(data) - {"source"})
    if extra:
        raise SourceError(
            f"{path}: unknown top-level key(s) {', '.join(extra)}; the file holds only [[source]] tables."
        )
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise SourceError(
            f"{path}: no [[source]] entries (note the double brackets); list each source as:\n{EXAMPLE}"
        )
    specs: list[SourceSpec] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        spec = _spec(path, number, entry)
        if spec.location in seen:
            raise SourceError(
                f"{path}: source #{number} repeats source #{seen[spec.location]} ({spec.location}); "
                "remove one of them."
            )
        seen[spec.location] = number
        specs.append(spec)
    return specs


def _spec(path: Path, number: int, entry: object) -> SourceSpec:
    where = f"{path}: source #{number}"
    if not isinstance(entry, dict):
        raise SourceError(f"{where} is not a table; write it as a [[source]] block.")
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise SourceError(
            f"{where} has unknown key(s) {', '.join(unknown)}; allowed: url or path, name, kind."
        )
    for key in _KEYS & set(entry):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise SourceError(f'{where}: {key} must be a non-empty string, e.g. {key} = "...".')
    name = entry["name"].strip() if "name" in entry else None
    kind = entry.get("kind", "auto")
    if ("url" in entry) == ("path" in entry):
        raise SourceError(f'{where} needs exactly one of url = "https://..." or path = "folder/or/file".')
    if "path" in entry:
        if kind not in ("auto", "path"):
            raise SourceError(f"{where}: kind {kind!r} applies to URLs only; remove it from this path entry.")
        location = Path(entry["path"]).expanduser()
        if not location.is_absolute():
            location = path.parent / location
        return SourceSpec(location=str(location), kind="path", name=name)
    url = entry["url"].strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SourceError(
            f"{where}: url {url!r} is not an http(s) URL; give a full https:// address, or use path = for a "
            "local file or folder."
        )
    if kind not in URL_KINDS:
        raise SourceError(f"{where}: kind {kind!r} is not one of {', '.join(URL_KINDS)}; fix or remove it.")
    return SourceSpec(location=url, kind=cast(SourceKind, kind), name=name)
