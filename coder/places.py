"""Place mentions in a sentence, resolved through the gazetteer.

NER labels on place names are often wrong ("Tel Rifaat" PERSON, "Hama" ORG), so candidates are runs of
proper nouns and place-like entities, and the gazetteer decides which of them are places.

Names written as a hierarchy ("Pisky, Donetsk", "Pe Pa Don village (Ann Township, Kyaukpyu District,
Rakhine State)", "Novara (Novara, Piemonte)", "Aleppo, Syria") are read as one place: the admin1 region
or country at the end decides which namesake the first name is, and a village missing from the
gazetteer is placed at the first name of the chain that is there (or at its region) under its own name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from coder.dates import MONTHS, WEEKDAYS
from coder.gazetteer import Gazetteer, Place
from coder.lexicon import read_rows
from coder.nlp import next_sentences
from coder.placenames import is_common_word, normalize, skeleton

ADMIN_WORDS = {
    "province",
    "provinces",
    "governorate",
    "governorates",
    "state",
    "states",
    "region",
    "regions",
    "district",
    "districts",
    "county",
    "counties",
    "oblast",
    "department",
    "prefecture",
}
PARTICLES = {
    "al",
    "el",
    "ez",
    "ad",
    "ar",
    "as",
    "az",
    "ash",
    "an",
    "de",
    "du",
    "la",
    "le",
    "des",
    "del",
    "bin",
    "ibn",
    "do",
    "da",
    "dos",
    "das",
    "abu",
    "bani",
    "beni",
    "-",
    "'",
    "’",
}
# Words naming the level of the name before them ("Parittiga district", "Ann Township"): 0 below a
# town, 1 a town, 2 between town and region, 3 a region (the admin1 level in most countries).
LEVEL_WORDS = {
    **dict.fromkeys(["village", "hamlet", "neighbourhood", "neighborhood", "ward", "subdistrict"], 0),
    **dict.fromkeys(["kelurahan", "area", "union"], 0),
    **dict.fromkeys(["town", "city"], 1),
    **dict.fromkeys(["township", "district", "regency", "upazila", "tehsil", "municipality"], 2),
    **dict.fromkeys(["raion", "rayon", "commune", "subcounty", "lga"], 2),
    **dict.fromkeys(["province", "state", "region", "division", "governorate", "oblast", "prefecture"], 3),
    **dict.fromkeys(["krai", "department", "county"], 3),
}
TOWN_LEVEL, DISTRICT_LEVEL, REGION_LEVEL = 1, 2, 3
_LOWER_CASE_LEVELS = {"area", "union"}
# Last words of the names of buildings and streets: where in a town, not which town.
FACILITY_WORDS = set(
    """street road avenue square market bazaar college university school hospital clinic mosque church
    temple court courthouse hall theater theatre stadium office prison jail station airport port bridge
    highway mall hotel park plaza building complex tower embassy consulate headquarters
    """.split()
)
# Last words of institutions named after their town ("Faridpur Press Club", "Kisii University",
# "Mumias Sugar Company", "Dadaab Refugee Camp"): the town that starts the name says where.
_NAMED_AFTER_TOWN = FACILITY_WORDS | {"club", "company", "factory", "camp", "mill", "mills", "barracks"}
CHAIN_GLUE = {",", "(", "of", "in", "the"}
# A town this big named before another region is a list item ("Mosul, Kirkuk"), not inside it.
_BIG_TOWN = 100_000
# A modifier of a common noun ("Aleppo countryside") abroad must name a place this big.
_NOTABLE = 15_000
# A place called a town or city with this many people is trusted over the region written after it.
_TOWN = 20_000
# How many sentences after an event's own may tell where it happened.
_LATER_SENTENCES = 2
# "Name - Quarter" outside a known region only for cities this big.
_CITY = 50_000
# Bracketed all-capital names this short are acronyms of the name before them, unless a country's.
_ACRONYM = 6
_DIRECTED = re.compile(
    r"^(?:(?P<base>.+?)[- ](?P<direction>north|south|east|west)"
    r"|(?P<before>northern|southern|eastern|western) (?P<after>.+))$",
    re.IGNORECASE,
)
CALENDAR_WORDS = set(MONTHS) | set(WEEKDAYS)
# Prepositions whose object is where something is ("in Halba", "near Briceni").
_PLACE_PREPOSITIONS = {"in", "at", "near", "outside", "around", "inside"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NOT_PLACE_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text: tokens [start, end) and the gazetteer entry they resolve to."""

    start: int
    end: int
    text: str
    place: Place
    admin_hint: bool
    # Written with its region or country ("Pisky, Donetsk"): the strongest evidence of a place.
    explicit: bool = False
    # A village found under another name than the one written ("Zari" / Żary, "Nangade" / Ningde):
    # the weakest evidence of which country the text is about.
    loose: bool = False


def _candidate_spans(sent: Span) -> list[tuple[int, int]]:
    """Runs of proper nouns (with Arabic/Romance particles and hyphens inside), plus place entities."""
    spans: list[tuple[int, int]] = []
    i = sent.start
    doc = sent.doc
    while i < sent.end:
        tok = doc[i]
        if (
            (tok.pos_ == "PROPN" and tok.ent_type_ not in NOT_PLACE_LABELS and tok.is_alpha)
            or (tok.ent_type_ in PLACE_LABELS and tok.is_alpha and tok.is_title)
            or _named_by_level(tok, sent)
        ):
            j = i + 1
            while j < sent.end and (
                (doc[j].pos_ == "PROPN" and doc[j].ent_type_ not in NOT_PLACE_LABELS)
                or (doc[j].lower_ in PARTICLES and j + 1 < sent.end and doc[j + 1].pos_ == "PROPN")
                or _named_by_level(doc[j], sent)
            ):
                j += 1
            spans.append((i, j))
            i = j
        else:
            i += 1
    return spans


def _level_word(tok: Token) -> bool:
    # "Union" and "Area" start names ("European Union", "Western Area"); "union" and "area" are levels.
    return tok.lower_ in LEVEL_WORDS and (tok.is_lower or tok.lower_ not in _LOWER_CASE_LEVELS)


def _named_by_level(tok: Token, sent: Span) -> bool:
    """A capitalised word before "district", "region"... is a name whatever its tag ("Sagaing" VERB)."""
    following = tok.nbor(1) if tok.i + 1 < sent.end else None
    return (
        tok.i > sent.start
        and tok.is_alpha
        and tok.is_title
        and following is not None
        and _level_word(following)
    )


def _admin_hint(doc_tokens: list[Token]) -> bool:
    first, last = doc_tokens[0], doc_tokens[-1]
    after = last.nbor(1) if last.i + 1 < len(last.doc) else None
    if after is not None and after.lower_ in ADMIN_WORDS:
        return True
    # "the provinces of Idlib and Hama": the admin word governs the first conjunct through "of".
    node = first
    for _ in range(4):
        if node.dep_ in {"pobj", "conj", "prep"}:
            node = node.head
            if node.lower_ in ADMIN_WORDS:
                return True
        else:
            break
    return False


@dataclass(slots=True)
class _Name:
    """A candidate name in the text: tokens [start, end), the level word after it, the token after that."""

    start: int
    end: int
    text: str
    level: int | None
    after: int
    admin_hint: bool
    # False for nationality words and modifiers of a common noun ("Grad missiles"): only their exact
    # gazetteer names count as places, never spelling variants.
    plain: bool = True
    link: str = ""  # how it hangs on the previous name of its chain: "," / "(" / "of"; "" starts a chain
    # A building's or an institution's name: only a town it starts with can be a place (longest first).
    towns: tuple[str, ...] = ()
    acronym: bool = False  # all capitals and short: an organisation's initials more often than a place
    dateline: bool = False  # followed by a comma at the start of a sentence ("GAZA, Jan 3 -")
    # One word starting its sentence that the tagger saw as no place: capitalised by position
    # ("Grenade attack ...", "Raids - ..."); only a place under that very name counts.
    initial: bool = False
    # The object of a preposition of place ("protested in Briceni"): a name the tagger saw as a
    # nationality there is still a place when the gazetteer knows it as written.
    located: bool = False


def find_places(
    sent: Span, gazetteer: Gazetteer, country_hint: str | None, excluded: set[int]
) -> list[PlaceMention]:
    """Place mentions in `sent`, skipping tokens in `excluded` (named actors).

    A chain of names ("Pisky, Donetsk") gives one mention, on its first name. Results are kept on the
    doc: the coder asks about a sentence more than once.
    """
    doc = sent.doc
    key = f"dyads.places:{sent.start}:{sent.end}:{country_hint}:{sorted(excluded)}"
    cached = doc.user_data.get(key)
    if cached is None:
        cached = _find_places(sent, gazetteer, country_hint, excluded)
        doc.user_data[key] = cached
    return list(cached)


def _find_places(
    sent: Span, gazetteer: Gazetteer, country_hint: str | None, excluded: set[int]
) -> list[PlaceMention]:
    chains = _chains(sent.doc, _names(sent, excluded, gazetteer.known), gazetteer)
    resolved = {
        i: mention
        for i, chain in enumerate(chains)
        if len(chain) > 1 and (mention := _resolve_hierarchy(chain, gazetteer, country_hint)) is not None
    }
    # A place written with its region ("Pale township (Yinmarbin district, Sagaing region)") is the
    # best evidence of the country, and of what the same name means later ("the Pale PDF").
    known: dict[str, Place] = sent.doc.user_data.setdefault(f"dyads.place_names:{country_hint}", {})
    for i, mention in resolved.items():
        known.setdefault(chains[i][0].text, mention.place)
    home = next(iter(resolved.values())).place.iso3 if resolved else country_hint
    out: list[PlaceMention] = []
    by_town: list[PlaceMention] = []
    institutions = {name.start for chain in chains for name in chain if name.towns}
    for i, chain in enumerate(chains):
        if i in resolved:
            out.append(replace(resolved[i], explicit=True))
            continue
        for mention in _singletons(chain, gazetteer, home):
            same = known.get(mention.text)
            if same is not None:
                mention = replace(mention, place=same)
            elif resolved and not _may_be_abroad(mention, home):
                continue
            (by_town if mention.start in institutions else out).append(mention)
    # "Dhaka University ... in Dhaka - Shahbagh": an institution's town only where nothing else says.
    countries = {m.place.iso3 for m in out}
    out += [m for m in by_town if m.place.iso3 not in countries]
    out.sort(key=lambda m: m.start)
    out = [replace(m, loose=_loose(m, gazetteer)) for m in out]
    return [_at_seat(m, gazetteer) for m in _in_named_regions(out, sent.doc, gazetteer, country_hint)]


def _loose(mention: PlaceMention, gazetteer: Gazetteer) -> bool:
    """Is a town's name unknown as written ("Nangade" found as Ningde), or a small town's the name of
    another place than the one found ("Zari" as Żary)?"""
    place = mention.place
    if mention.explicit or place.feature != "PPL":
        return False
    if not gazetteer.known(mention.text):
        return True
    return place.population < _BIG_TOWN and normalize(place.name) != normalize(mention.text)


def _in_named_regions(
    mentions: list[PlaceMention], doc: Doc, gazetteer: Gazetteer, hint: str | None
) -> list[PlaceMention]:
    """A town with a namesake in a region the article names ("Pivdenne in Donbas") is that namesake.

    Regions count from this sentence and the earlier ones; names written with their own region keep it.
    """
    key = f"dyads.regions:{hint}"
    if key not in doc.user_data:
        # "the OSCE SMM observed explosions near Vesele": a mission's notes come from where it works.
        iso3, regions = mission_area(doc) or ("", ())
        doc.user_data[key] = [
            region
            for name in regions
            if iso3 == hint and (region := gazetteer.admin1(iso3, name)) is not None
        ]
    named: list[Place] = doc.user_data[key]
    here = {m.place.geonames_id for m in mentions if m.place.feature == "ADM1"}
    for mention in mentions:
        region = mention.place
        if region.feature == "ADM1" and all(r.geonames_id != region.geonames_id for r in named):
            named.append(region)
    if not named:
        return mentions
    out: list[PlaceMention] = []
    for mention in mentions:
        place = mention.place
        # A town of some size is itself, unless the sentence names another region or it was found
        # under another of its names: villages have namesakes everywhere.
        movable = (
            place.population < _TOWN
            or (bool(here) and place.population < _BIG_TOWN)
            or normalize(place.name) != normalize(mention.text)
        )
        if place.feature == "PPL" and not mention.explicit and movable:
            # A big town abroad is not moved to a village in another country's region.
            homes = [
                r for r in named if r.iso3 == place.iso3 or (hint is None and place.population < _BIG_TOWN)
            ]
            if homes and not any(_same_region(place, r) for r in homes):
                for region in reversed(homes):
                    found = gazetteer.within(mention.text, region.iso3, region.admin1 or "", loose=False)
                    if found is not None:
                        mention = replace(mention, place=_as_written(found, mention.text, gazetteer))
                        break
        out.append(mention)
    return out


def _same_region(place: Place, region: Place) -> bool:
    whole = region.admin1 or ""
    return place.iso3 == region.iso3 and (place.admin1 or "").startswith(whole)


def _at_seat(mention: PlaceMention, gazetteer: Gazetteer) -> PlaceMention:
    """A region stands at its seat and is named after it, as ACLED codes an event known only by region.

    The seat is the region's namesake town when there is one (Colima in Colima, not the bigger
    Manzanillo), else its most populous place; a seat spelled like the region keeps the region's
    spelling ("Mykolaiv", not "Mykolayiv").
    """
    region = mention.place
    if region.feature != "ADM1":
        return mention
    seat = gazetteer.within(region.name, region.iso3, region.admin1 or "") or gazetteer.seat(region)
    if seat is None:
        return mention
    same = skeleton(normalize(seat.name)) == skeleton(normalize(region.name))
    place = replace(
        region,
        name=region.name if same else seat.name,
        admin1=seat.admin1 or region.admin1,
        admin2=seat.admin2,
        latitude=seat.latitude,
        longitude=seat.longitude,
    )
    return replace(mention, place=place)


def _may_be_abroad(mention: PlaceMention, home: str | None) -> bool:
    """Beside a place written with its region, another country's place must be a country or a big
    town under its own name ("Kin" is not Jinzhou)."""
    place = mention.place
    if place.iso3 == home or place.feature == "PCLI":
        return True
    return place.population >= _BIG_TOWN and normalize(place.name) == normalize(mention.text)


def _names(sent: Span, excluded: set[int], known: Callable[[str], bool]) -> list[_Name]:
    doc = sent.doc
    names: list[_Name] = []
    for start, end in _candidate_spans(sent):
        # "Beni" and "Abu" alone are names ("Beni, Nord-Kivu"), not particles; "La Paz" and "Le Mans"
        # are known with theirs.
        while (
            end - start > 1
            and doc[start].lower_ in PARTICLES - {"al", "el"}
            and not known(doc[start:end].text)
        ):
            start += 1
        if start >= end or any(i in excluded for i in range(start, end)):
            continue
        level: int | None = None
        while end - start > 1 and _level_word(doc[end - 1]):
            level = LEVEL_WORDS[doc[end - 1].lower_]
            end -= 1
        after = end
        while after < sent.end and _level_word(doc[after]) and after - end < 2:
            level = LEVEL_WORDS[doc[after].lower_]
            after += 1
        if level is None and start - 2 >= sent.start and doc[start - 1].lower_ == "of":
            # "the village of Tete", "the town of Idleb": the level word comes first.
            level = LEVEL_WORDS.get(doc[start - 2].lower_) if doc[start - 2].is_lower else None
        text = doc[start:end].text
        if len(text) < 3 or text.lower() in CALENDAR_WORDS:
            continue
        tokens = list(doc[start:end])
        towns: tuple[str, ...] = ()
        if doc[end - 1].lower_ in _NAMED_AFTER_TOWN:
            towns = tuple(_town_prefixes(tokens))
            if not towns:
                continue
        name = _Name(start, end, text, level, max(after, end), _admin_hint(tokens), _plain(tokens))
        name.towns = towns
        name.acronym = _is_acronym(text)
        name.dateline = start == sent.start and end < sent.end and doc[end].text == ","
        name.initial = start == sent.start and end - start == 1 and doc[start].ent_type_ not in PLACE_LABELS
        name.located = _located(tokens)
        names.append(name)
    return names


def _town_prefixes(tokens: list[Token]) -> list[str]:
    """The leading words of an institution's name that may be its town, the longest first."""
    out: list[str] = []
    for k in range(len(tokens) - 1, 0, -1):
        last = tokens[k - 1]
        if last.lower_ in PARTICLES or last.lower_ in _NAMED_AFTER_TOWN or not last.is_title:
            continue
        out.append(tokens[0].doc[tokens[0].i : last.i + 1].text)
    return out


def _facility_town(
    name: _Name, find: Callable[[str], Place | None], gazetteer: Gazetteer, home: str | None
) -> Place | None:
    """ "Faridpur Press Club": the town the institution is named after, when the gazetteer knows it
    under that very name at home (or as a notable town when the country is unknown)."""
    for prefix in name.towns:
        if not gazetteer.known(prefix):
            continue
        place = find(prefix)
        if (
            place is not None
            and place.feature == "PPL"
            and normalize(place.name) == normalize(prefix)  # not "Regio Theater" ~ Reggio Calabria
            and (place.iso3 == home or (home is None and place.population >= _NOTABLE))
        ):
            return _as_written(place, prefix, gazetteer)
    return None


def _located(tokens: list[Token]) -> bool:
    """Is the name the object of a preposition of place ("in Halba", "near Briceni")?"""
    root = tokens[0].doc[tokens[0].i : tokens[-1].i + 1].root
    return root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPOSITIONS and root.pos_ == "PROPN"


def _plain(tokens: list[Token]) -> bool:
    if any(t.ent_type_ == "NORP" or t.pos_ == "ADJ" for t in tokens):
        return False
    root = tokens[0].doc[tokens[0].i : tokens[-1].i + 1].root
    head = root.head
    modifier = root.dep_ in {"compound", "amod", "nmod"} and head.pos_ == "NOUN" and head.i > root.i
    return not modifier or head.lower_ in LEVEL_WORDS


def _chains(doc: Doc, names: list[_Name], gazetteer: Gazetteer) -> list[list[_Name]]:
    """Names joined by commas, an opening bracket or "of" into candidate hierarchies.

    "X of Y" is one name when the gazetteer knows it ("Port of Spain"); inside one entity it is
    otherwise an organisation ("the Union of Civil Servants"), whose first name is no place. An
    acronym in brackets ("the Southern Movement (MLS)") abbreviates the name before it.
    """
    chains: list[list[_Name]] = []
    for name in names:
        link = _link(doc, chains[-1][-1], name) if chains else ""
        if link == "(" and _acronym(name, gazetteer):
            link = ""
        previous = chains[-1][-1] if link == "of" else None
        if previous is not None and previous.level is None and not previous.towns:
            whole = doc[previous.start : name.end].text
            if gazetteer.known(whole):
                previous.end, previous.text, previous.level, previous.after = (
                    name.end,
                    whole,
                    name.level,
                    name.after,
                )
                previous.towns = name.towns
                continue
            if doc[name.start].ent_iob_ == "I" and doc[previous.start].ent_type_ == doc[name.start].ent_type_:
                # The second name takes the first's place ("Gedzhukh, Republic of Dagestan").
                chains[-1].pop()
                name.link = previous.link
                if chains[-1] and name.link:
                    chains[-1].append(name)
                else:
                    if not chains[-1]:
                        chains.pop()
                    name.link = ""
                    chains.append([name])
                continue
        if link:
            name.link = link
            chains[-1].append(name)
        else:
            chains.append([name])
    return chains


def _is_acronym(text: str) -> bool:
    return text.isupper() and text.isalpha() and len(text) <= _ACRONYM


def _acronym(name: _Name, gazetteer: Gazetteer) -> bool:
    """An all-capital short name that is not a country's ("DRC", "UK") nor a region's."""
    if not name.acronym:
        return False
    place = gazetteer.lookup(name.text)
    return place is None or place.feature == "PPL"


def _link(doc: Doc, previous: _Name, name: _Name) -> str:
    between = [t.lower_ for t in doc[previous.after : name.start]]
    if not between or len(between) > 2 or any(w not in CHAIN_GLUE for w in between):
        return ""
    if "in" in between and previous.level is None:
        return ""  # "Yae village in Pale township" chains; "the Regio Theater in Parma" does not
    for mark in ("(", "of", ","):
        if mark in between:
            return mark
    return "in" if "in" in between else ""


def _singletons(chain: list[_Name], gazetteer: Gazetteer, hint: str | None) -> list[PlaceMention]:
    """The names of a chain that is not a hierarchy, each looked up on its own."""
    out: list[PlaceMention] = []
    for k, name in enumerate(chain):
        if name.towns and len(chain) > 1:
            continue  # "Seogwipo City Hall (Seogwipo)": the names with it say where it is
        # A bracketed qualifier of a place already found ("Dhaka - Uttara (Uttara)") is not another one.
        if name.link == "(" and out and out[-1].start == chain[k - 1].start:
            continue
        place = _lookup(name, gazetteer, hint)
        if place is not None:
            out.append(PlaceMention(name.start, name.end, name.text, place, name.admin_hint))
    return out


def _lookup(name: _Name, gazetteer: Gazetteer, hint: str | None) -> Place | None:
    if name.acronym:
        # "KAS", "FPAC": an organisation's initials, unless they are a country's or a region's ("DRC")
        # or a dateline's town ("GAZA, ...").
        place = gazetteer.lookup(name.text, hint)
        return place if place is not None and (place.feature != "PPL" or name.dateline) else None
    if name.towns:
        return _facility_town(name, lambda text: gazetteer.lookup(text, hint), gazetteer, hint)
    if name.level == REGION_LEVEL:
        # "Donetsk region" is the region even when the hint country has a town called so.
        regions = gazetteer.regions(name.text, hint)
        if regions:
            return regions[0]
    place = gazetteer.lookup(name.text, hint, prefer_admin1=name.admin_hint)
    if place is None and name.text.endswith(" Sadar"):
        # "Jamalpur Sadar" (upazila): the headquarters subdistrict of the town it is named after.
        town = gazetteer.lookup(name.text.removesuffix(" Sadar"), hint)
        if town is not None and town.feature == "PPL":
            return town
    if place is None:
        if not name.plain:
            return None
        # Only a city known under the name as written ("Jamaat-e-Islami" is no quarter of Jimeta).
        return _city_quarter(
            name.text, lambda part: gazetteer.lookup(part, hint) if gazetteer.known(part) else None, _CITY
        )
    if name.initial and normalize(place.name) != normalize(name.text):
        return None
    if not name.plain and not (
        gazetteer.known(name.text)
        and (
            place.iso3 == hint
            or place.population >= _NOTABLE
            or (name.located and normalize(place.name) == normalize(name.text))
        )
    ):
        # "Russian" ~ Ryazan, "Tiger armoured vehicles" ~ Tigray, "Grad missiles" ~ a Slovenian
        # hamlet: a modifier counts only as a notable or home place under its own name.
        return None
    return _as_written(place, name.text, gazetteer)


def _as_written(place: Place, text: str, gazetteer: Gazetteer) -> Place:
    """A town found under another spelling ("Saraqab" for Saraqib) keeps the spelling of the text,
    as ACLED's location names follow the notes; names the gazetteer knows keep its own."""
    if place.feature != "PPL" or " - " in place.name or gazetteer.known(text):
        return place
    return replace(place, name=text)


def _city_quarter(text: str, find: Callable[[str], Place | None], min_population: int = 0) -> Place | None:
    """ "Dhaka - Uttara", "Kyiv - Podilskyi": a quarter of a city, placed at the city under its own name."""
    left, dash, right = text.partition("-")
    if not dash or len(left.strip()) < 3 or not right.strip():
        return None
    city = find(left.strip())
    if city is None and " - " in text and left.strip().endswith(" City"):
        city = find(left.strip().removesuffix(" City"))  # "Seoul City - Mapo"
    if city is None or city.feature != "PPL" or city.population < min_population:
        return None
    other = None if " - " in text else find(right.strip())
    if other is not None and normalize(other.name) == normalize(right):
        return None  # "the Tripoli-Beirut highway": two places, not a quarter
    return replace(city, name=" - ".join(part.strip() for part in (left, right)))


def _resolve_hierarchy(chain: list[_Name], gazetteer: Gazetteer, hint: str | None) -> PlaceMention | None:
    """One mention for "village (township, district, region)" / "town, region" / "town, country"."""
    names = list(chain)
    if names[0].acronym and not names[0].dateline:
        return None  # "FPAC (Zaire)": a group and where it is from, not a place
    country: Place | None = None
    last = gazetteer.lookup(names[-1].text, hint)
    if (
        last is not None
        and last.feature == "PCLI"
        and last.name != names[0].text
        and not _holds_any(gazetteer.regions(names[-1].text), names[:-1], gazetteer)
    ):
        # A country, unless a region of its name holds the names before it ("(Rafi LGA, Niger)").
        country = last
        names = names[:-1]
    if len(names) == 2 and names[1].link == "of" and names[0].level == DISTRICT_LEVEL:
        city = gazetteer.lookup(names[1].text, country.iso3 if country else hint)
        if city is not None and city.feature == "PPL" and city.population >= _BIG_TOWN:
            # "the Holosiivskyi district of Kyiv": a quarter of the city, named as ACLED does.
            quarter = replace(city, name=f"{names[1].text} - {names[0].text}")
            return PlaceMention(names[0].start, names[0].end, names[0].text, quarter, names[0].admin_hint)
    if len(names) > 1:
        inner = names[:-1]
        written, part = names[-1].text, None
        region = _best_region(inner, written, country, hint, gazetteer)
        if region is None and (split := _DIRECTED.match(written)) is not None:
            # "Shan-North", "northern Shan": a part of a region, named as ACLED names those parts.
            base = split["base"] or split["after"]
            region = _best_region(inner, base, country, hint, gazetteer)
            part = (split["direction"] or split["before"]).capitalize().removesuffix("ern")
        # A bracket after a name qualifies it: only names followed by a comma or "of" might be a list.
        listed = [n for n, following in zip(inner, names[1:], strict=True) if following.link != "("]
        if region is None or not all(_fits(n, region, gazetteer) for n in listed):
            return None
        admin1 = region.admin1 or ""
        near = _anchor(inner, region, gazetteer)
        mention = _placed(
            inner, region, gazetteer, lambda text: gazetteer.within(text, region.iso3, admin1, near=near)
        )
        if part is None or not gazetteer.splits(region):
            # "Laikipia West": a part ACLED does not code apart is the whole region.
            return mention
        # The part as written, not the part the gazetteer would place the region's seat in.
        return replace(mention, place=replace(mention.place, admin1=f"{region.name}-{part}"))
    if country is not None:
        in_country = country.iso3

        def find(text: str) -> Place | None:
            place = gazetteer.lookup(text, in_country)
            return place if place is not None and place.iso3 == in_country else None

        if names and find(names[0].text) is None and names[0].level is None:
            return None  # "Ahmed, Syria": not a place we can stand behind
        return _placed(names, country, gazetteer, find) if names else None
    return None


def _anchor(names: list[_Name], region: Place, gazetteer: Gazetteer) -> tuple[float, float] | None:
    """Where the district or town written after the first name lies ("Hsipaw town (Hsipaw township,
    Kyaukme district, Shan state)": near Kyaukme), to choose among the first name's namesakes."""
    head = normalize(names[0].text)
    for name in names[1:]:
        if normalize(name.text) == head or name.towns:
            continue
        found = gazetteer.within(name.text, region.iso3, region.admin1 or "", loose=False)
        if found is not None:
            return found.latitude, found.longitude
    return None


def _best_region(
    inner: list[_Name], text: str, country: Place | None, hint: str | None, gazetteer: Gazetteer
) -> Place | None:
    """The region called `text` (in `country` when the chain names one) that holds one of the inner
    names, the hint country first; else the first region called exactly so. Spelling variants
    ("Uttara" / "Ituri") only count when they hold an inner name."""
    iso3 = country.iso3 if country else hint
    # "Western", "North": region names that are also common words count only when they hold a name.
    common = is_common_word(text)
    exact = gazetteer.regions(text, iso3, common=common)
    loose = [r for r in gazetteer.regions(text, iso3, loose=True, common=common) if r not in exact]
    if country is not None:
        exact = [r for r in exact if r.iso3 == country.iso3]
        loose = [r for r in loose if r.iso3 == country.iso3]
    # A region that holds a name as written beats one that holds a spelling variant of it
    # ("Matara, Southern": Sri Lanka's Southern province, not Israel's Southern district with Meitar).
    for strict in (True, False):
        for region in exact + loose:
            if any(
                gazetteer.within(n.text, region.iso3, region.admin1 or "", loose=not strict) for n in inner
            ):
                return region
    return exact[0] if exact and not common else None


def _holds_any(regions: list[Place], names: list[_Name], gazetteer: Gazetteer) -> bool:
    """Does one of the regions hold one of the names as written (or a district of that name)?"""
    return any(
        gazetteer.within(n.text, r.iso3, r.admin1 or "", loose=False) is not None
        for r in regions
        for n in names
    )


def _fits(name: _Name, region: Place, gazetteer: Gazetteer) -> bool:
    """Can `name` lie inside `region`? Not when it is a region or big town elsewhere ("Idlib, Hama")."""
    if name.level is not None and name.level < REGION_LEVEL:
        return True
    if gazetteer.within(name.text, region.iso3, region.admin1 or "") is not None:
        return True
    elsewhere = gazetteer.lookup(name.text, region.iso3)
    return elsewhere is None or (
        elsewhere.feature == "PPL" and elsewhere.population < _BIG_TOWN and not _is_region(name, gazetteer)
    )


def _is_region(name: _Name, gazetteer: Gazetteer) -> bool:
    return any(r.name == name.text or r.admin1 == name.text for r in gazetteer.regions(name.text)[:1])


def _placed(
    names: list[_Name], container: Place, gazetteer: Gazetteer, find: Callable[[str], Place | None]
) -> PlaceMention:
    """The first name of a chain, at the first of its names found inside `container`."""
    head = names[0]
    if head.towns:
        # "Jahangirnagar university, Savar city (Dhaka)": the names after a building's say where it is;
        # the town its own name starts with ("Faridpur Press Club (Faridpur Sadar, Dhaka)") only when
        # none of them is known. It is placed at that town, under the town's name.
        later = _found_inside(names[1:], container, gazetteer, find)
        if later is not None:
            return later
        town = _facility_town(head, find, gazetteer, container.iso3)
        if town is not None:
            return PlaceMention(head.start, head.end, head.text, town, head.admin_hint)
        if len(names) > 1:
            return _placed(names[1:], container, gazetteer, find)
    else:
        found = _found_inside(names, container, gazetteer, find)
        if found is not None:
            return found
    # Only the region (or country) is known: its seat stands for the place, at the region's precision.
    seat = gazetteer.seat(container)
    admin1 = seat.admin1 if seat is not None and seat.admin1 else container.admin1
    place = replace(container, name=head.text, admin1=admin1, feature="PPL", admin2=None, geo_precision=3)
    return PlaceMention(head.start, head.end, head.text, place, head.admin_hint)


def _found_inside(
    names: list[_Name], container: Place, gazetteer: Gazetteer, find: Callable[[str], Place | None]
) -> PlaceMention | None:
    """The first name of a chain at the first of its names found inside `container`, if any is."""
    if not names or names[0].towns:
        return None
    head = names[0]
    for k, name in enumerate(names):
        found = None if name.towns else find(name.text) or _city_quarter(name.text, find)
        if found is None and k == 0 and container.feature == "ADM1":
            found = _town_elsewhere(head, container, gazetteer)
        if found is None:
            continue
        if k > 0:
            # A village missing from the gazetteer: near the township or district named after it.
            found = replace(found, name=head.text, geo_precision=2)
        else:
            found = _as_written(found, head.text, gazetteer)
        return PlaceMention(head.start, head.end, head.text, found, head.admin_hint)
    return None


def _town_elsewhere(name: _Name, region: Place, gazetteer: Gazetteer) -> Place | None:
    """A known town of the region's country written with the wrong (or a former) region: the
    "Tarakan city, East Kalimantan" of a province split since, or a slip. Villages stay in the region."""
    town = gazetteer.lookup(name.text, region.iso3)
    if town is None or town.iso3 != region.iso3 or town.feature != "PPL":
        return None
    minimum = _TOWN if name.level == TOWN_LEVEL else _BIG_TOWN if name.level is None else None
    return town if minimum is not None and town.population >= minimum else None


# Common nouns for a kind of place: a demonym modifying one says where ("Kenyan village").
_PLACE_NOUNS = set(LEVEL_WORDS) | {"soil", "territory", "countryside", "coast", "capital"}


def modifies_place_noun(token: Token) -> bool:
    """Is the word a modifier of a place noun ("Kenyan" in "a Kenyan village", "on Kenyan soil")?"""
    head = token.head
    noun = head.lemma_.lower() if head.tag_ in {"NNS", "NNPS"} else head.lower_  # "Kenyan villages"
    return token.dep_ in {"amod", "compound", "nmod"} and noun in _PLACE_NOUNS and head.i > token.i


def specificity(place: Place) -> int:
    """Higher is more specific: a town beats a province beats a country."""
    return {"PPL": 3, "ADM1": 2}.get(place.feature, 1)


def context_place(
    sent: Span, gazetteer: Gazetteer, country_hint: str | None, dateline_end: int = 0
) -> PlaceMention | None:
    """Where an event whose own sentence names no place most likely happened, or None.

    The most specific place of the nearest earlier sentence that names one (in the article's country
    when it is known): notes and wire stories name the place once and tell the events after it. Then
    a dateline place (tokens before `dateline_end`), then the nearest of the next two sentences.
    """
    doc = sent.doc
    earlier = [s for s in doc.sents if s.end <= sent.start]
    dateline: list[PlaceMention] = []
    for other in reversed(earlier):
        places = [
            p
            for p in find_places(other, gazetteer, country_hint, set())
            if country_hint is None or p.place.iso3 == country_hint
        ]
        dateline += [p for p in places if p.start < dateline_end]
        places = [p for p in places if p.start >= dateline_end]
        if places:
            return max(places, key=lambda p: (specificity(p.place), -p.start))
    if dateline:
        return max(dateline, key=lambda p: (specificity(p.place), -p.start))
    # Notes that tell the event first and its place after ("... LOCATION: Mtoto farm, Molo District"):
    # the next sentences that name a place, the nearest first.
    for other in next_sentences(sent, _LATER_SENTENCES):
        places = [
            p
            for p in find_places(other, gazetteer, country_hint, set())
            if country_hint is None or p.place.iso3 == country_hint
        ]
        if places:
            return max(places, key=lambda p: (specificity(p.place), -p.start))
    return None


@cache
def _missions() -> tuple[re.Pattern[str], dict[str, tuple[str, tuple[str, ...]]]]:
    """Names of missions that work in one country (place_missions.csv), as one pattern, and each
    name's country and the regions its notes come from."""
    areas: dict[str, tuple[str, tuple[str, ...]]] = {}
    for row in read_rows("place_missions.csv"):
        regions = tuple(r.strip() for r in row["regions"].split("|") if r.strip())
        for name in row["names"].split("|"):
            areas[name.strip().lower()] = (row["iso3"], regions)
    names = sorted(areas, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE), areas


def mission_area(doc: Doc) -> tuple[str, tuple[str, ...]] | None:
    """The country (ISO3) and regions of the first mission named in the text that works in one country
    ("the OSCE SMM observed ...": Ukraine, Donetsk and Luhansk), or None."""
    pattern, areas = _missions()
    found = pattern.search(doc.text)
    return areas[found.group(0).lower()] if found is not None else None
