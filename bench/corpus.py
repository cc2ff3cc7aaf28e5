"""The benchmark corpus: news-like articles recombined from the project's own sample and fixture texts.

Every article starts from one source article (its headline and paragraphs) and is filled up to about
430 words with paragraphs of the others, plus one paragraph written from hand-written templates. Numbers
and weekdays are varied per article, so that every text, and so every `article_id`, is distinct. The
same seed always gives the same corpus, and a smaller corpus is a prefix of a larger one.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The only inputs of the corpus: the project's own files, relative to the repository root.
SOURCE_PATHS: tuple[str, ...] = (
    "samples/articles.jsonl",
    "tests/fixtures/sources/good",
    "tests/fixtures/web/news",
)
TARGET_WORDS = 430
MIN_PARAGRAPH_WORDS = 8
MAX_DRAWS = 1000
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
# One- and two-digit counts and days; clock times, decimals, ranges and ids ("M23") are left alone.
NUMBER_RE = re.compile(r"(?<![\w:.,/-])(\d{1,2})(?![\w:/-]|[.,]\d)")
SENTENCE_END = (".", "!", "?", '"', "\u201d", "'")

NAMES = (
    "Amina Yusuf",
    "Omar Haddad",
    "Maria Lopez",
    "John Okafor",
    "Leila Karimi",
    "Pierre Martin",
    "Grace Wanjiru",
    "Ahmed Saleh",
    "Elena Petrova",
    "Samuel Mensah",
    "Nadia Rahman",
    "Tomas Vidal",
)
ROLES = (
    "a police spokesperson",
    "a local official",
    "a spokesperson for the regional governor",
    "an aid worker",
    "a hospital director",
    "a community leader",
    "a military spokesman",
)
PLACES = (
    "Ariha",
    "Saraqib",
    "Odesa",
    "Kisumu",
    "Puno",
    "Maiduguri",
    "Taiz",
    "Myebon",
    "Bukavu",
    "Mopti",
    "Mogadishu",
    "Islamabad",
)
OUTLETS = ("Example Wire", "The Harbour Post", "Valley Times", "Coastal Herald", "Daily Ledger")
TEMPLATES = (
    "{name}, {role}, said on {weekday} that police had arrested {n} people in {place} after the unrest.",
    "In {place}, gunmen opened fire on a minibus on {weekday}, wounding {n} passengers, {name}, {role}, "
    "told {outlet}.",
    "Hundreds of residents marched through {place} on {weekday} to demand the release of detained "
    "relatives, {name}, {role}, said.",
    "{name}, {role}, said aid convoys had reached {place} on {weekday} for the first time in {n} weeks.",
    "Security forces and armed men clashed on the outskirts of {place} on {weekday}, and {n} fighters "
    "were killed, {name}, {role}, told {outlet}.",
    "A roadside bomb struck an army patrol near {place} on {weekday}, killing {n} soldiers, {name}, "
    "{role}, said.",
)


@dataclass(frozen=True, slots=True)
class SourceText:
    """One article of the project's own files, split into paragraphs."""

    title: str | None
    published: date | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CorpusInfo:
    """A corpus file written by `write_corpus`."""

    path: Path
    articles: int
    seed: int
    mean_words: float
    sha256: str


def source_texts(root: Path = ROOT) -> list[SourceText]:
    """The articles of `SOURCE_PATHS`, read with the project's own extractor (HTML reduced to text)."""
    from sources import extract

    texts: list[SourceText] = []
    for relative in SOURCE_PATHS:
        for row in extract(str(root / relative)).articles.iter_rows(named=True):
            paragraphs = split_paragraphs(row["text"], row["title"])
            if paragraphs:
                texts.append(SourceText(row["title"], row["published"], tuple(paragraphs)))
    return texts


def split_paragraphs(text: str, title: str | None) -> list[str]:
    """Paragraphs of `text`: wrapped lines joined, the headline line and short fragments left out."""
    merged: list[str] = []
    for line in (part.strip() for part in text.splitlines()):
        if not line or line == title:
            continue
        if merged and not merged[-1].endswith(SENTENCE_END):
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
    return [p for p in merged if len(p.split()) >= MIN_PARAGRAPH_WORDS]


def generate(n: int, seed: int = 0, sources: list[SourceText] | None = None) -> list[dict[str, str]]:
    """`n` distinct articles as records (id, title, published, source, text); the same for the same `seed`."""
    from sources import article_id

    pool = sources if sources is not None else source_texts()
    paragraphs = [p for s in pool for p in s.paragraphs]
    rng = random.Random(seed)
    seen: set[str] = set()
    records: list[dict[str, str]] = []
    while len(records) < n:
        record = _article(rng, pool[len(records) % len(pool)], paragraphs)
        key = article_id(record["text"])
        if key in seen:  # the same draw twice: draw again rather than load one article twice
            continue
        seen.add(key)
        record["id"] = f"bench-{seed}-{len(records):06d}"
        records.append(record)
    return records


def _article(rng: random.Random, lead: SourceText, paragraphs: list[str]) -> dict[str, str]:
    # The template paragraph and the last paragraph's overshoot add about 40 words to the target.
    target = rng.randint(TARGET_WORDS - 70, TARGET_WORDS - 10)
    body = [lead.paragraphs[0], *(p for p in lead.paragraphs[1:] if rng.random() < 0.85)]
    words = sum(len(p.split()) for p in body)
    for _ in range(MAX_DRAWS):  # bounded: a pool too small to reach the target gives shorter articles
        if words >= target:
            break
        extra = rng.choice(paragraphs)
        if extra in body or words + len(extra.split()) > target + 40:
            continue
        body.append(extra)
        words += len(extra.split())
    body.insert(rng.randint(1, len(body)), _template_paragraph(rng))
    numbers: dict[str, str] = {}
    shift = rng.randrange(7)

    def vary(text: str) -> str:
        text = NUMBER_RE.sub(lambda m: _renumber(rng, numbers, m.group(1)), text)
        return WEEKDAY_RE.sub(lambda m: WEEKDAYS[(WEEKDAYS.index(m.group(1)) + shift) % 7], text)

    published = (lead.published or date(2024, 1, 1) + timedelta(days=rng.randrange(366))) + timedelta(
        days=rng.randrange(3)
    )
    return {
        "title": vary(lead.title or _headline(lead.paragraphs[0])),
        "published": published.isoformat(),
        "source": rng.choice(OUTLETS),
        "text": "\n\n".join(vary(p) for p in body),
    }


def _renumber(rng: random.Random, numbers: dict[str, str], number: str) -> str:
    # One new value per original number, so a headline and its body keep agreeing.
    if number not in numbers:
        numbers[number] = str(rng.randint(2, 28))
    return numbers[number]


def _headline(paragraph: str) -> str:
    words = re.split(r"(?<=[.!?])\s|,", paragraph, maxsplit=1)[0].rstrip(".").split()
    return " ".join(words[:12])


def _template_paragraph(rng: random.Random) -> str:
    return rng.choice(TEMPLATES).format(
        name=rng.choice(NAMES),
        role=rng.choice(ROLES),
        place=rng.choice(PLACES),
        weekday=rng.choice(WEEKDAYS),
        outlet=rng.choice(OUTLETS),
        n=rng.randint(2, 30),
    )


def write_corpus(path: Path, n: int, seed: int = 0) -> CorpusInfo:
    """Write `n` generated articles to `path` as JSONL (id, title, published, source, text)."""
    records = generate(n, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps({k: r[k] for k in ("id", "title", "published", "source", "text")}, ensure_ascii=False)
        for r in records
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(data)
    mean = sum(len(r["text"].split()) for r in records) / max(n, 1)
    return CorpusInfo(path, n, seed, round(mean, 1), hashlib.sha256(data).hexdigest())
