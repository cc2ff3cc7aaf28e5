"""Actors: dictionary matches (countries, demonyms, capitals, leaders, named groups) and role nouns.

An argument of an action (a subject, object or agent token) is resolved to an `Actor` named by ACLED's
conventions. Dictionaries decide; NER labels only help for names the dictionaries do not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from coder.lexicon import Role, read_rows, roles, word_list

# Modifier dependencies kept when reading an actor phrase; prepositions, clauses and appositions are not.
PHRASE_DEPS = word_list("actors.phrase_deps")
SUPPORT_VERBS = word_list("actors.support_verbs")
NON_STATE_MARKERS = word_list("actors.non_state_markers")
ARMED_MARKERS = {"armed", "gun", "masked", "gun-wielding"}
# "unknown militants", "unidentified rebels": a perpetrator ACLED cannot name is an unidentified armed group.
UNKNOWN_MARKERS = {"unknown", "unidentified", "unnamed", "unspecified"}
ISLAMIST_MARKERS = {"islamic", "islamist"}
# Affiliation prefixes: "pro-Houthi forces" are Houthi forces, "anti-Houthi forces" are not.
AFFIX_WORDS = {"pro", "anti", "-"}
# Roles that a people's or place's name makes an identity militia ("Tiv militias", "Misseriya raiders").
COMMUNAL_ROLES = {("militia",), ("militiaman",), ("militiamen",), ("raider",), ("tribesman",)}
ARMED_NAME_WORDS = word_list("actors.armed_name_words")
PARTY_NAME_WORDS = word_list("actors.party_name_words")
PART_OF_NOUNS = word_list("actors.part_of_nouns")
FORCE_NOUNS = word_list("actors.force_nouns")
# Words that make a force's name without naming who it is ("Special Forces", "National Guard").
GENERIC_FORCE_WORDS = word_list("actors.generic_force_words")
# Weapons and craft whose country, named by an adjective, is the one acting ("a Russian mine exploded").
WEAPON_NOUNS = word_list("actors.weapon_nouns")
PRONOUNS = word_list("actors.pronouns")
PEOPLES = word_list("actors.peoples")
# "Northern Nigeria", "Greater Khartoum": a part of a country is still the country.
REGION_WORDS = {
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "greater",
}
PLACE_PARTS = REGION_WORDS | {"lake", "mount", "mt", "river", "county"}
_NORM = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """Casefolded name key: punctuation and hyphens become spaces; a leading 'the' is dropped."""
    key = _NORM.sub(" ", text.replace("’", "'").replace("'s", "").casefold()).strip()
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary entry a surface form points to."""

    kind: str  # country | demonym | capital | group | leader
    name: str  # ACLED name (country name for country/demonym/capital)
    iso3: str | None
    actor_type: str | None
    cameo: str | None


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor."""

    name: str
    actor_type: str | None
    cameo: str | None
    country: str | None  # ISO3
    kind: str  # group | leader | country | role | person | org
    armed: bool = False
    role: Role | None = None
    start: int = 0  # token index of the head
    text: str = ""
    collective: bool = False  # a crowd or group ("villagers", "a mob"), not one person

    def with_country(self, iso3: str, country_name: str, cameo_country: str) -> Actor:
        """Fill a role actor's country (from the event's place or the article)."""
        if self.role is None or self.country is not None:
            return self
        return replace(
            self,
            country=iso3,
            name=self.role.template.format(country=country_name),
            cameo=f"{cameo_country}{self.role.cameo_role}",
        )


@dataclass(frozen=True, slots=True)
class Match:
    """A dictionary match over tokens [start, end)."""

    start: int
    end: int
    entry: Entry


class ActorDictionary:
    """Countries, demonyms, capitals, leaders and named groups, keyed by normalised surface form."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.acronyms: dict[str, Entry] = {}
        self.countries: dict[str, dict[str, str]] = {}
        for row in read_rows("countries.csv"):
            iso3 = row["iso3"]
            self.countries[iso3] = row
            self._add_all(
                [row["name"], *_split(row["aliases"])],
                Entry("country", row["name"], iso3, "State forces", row["cameo"] or iso3),
            )
            self._add_all(
                _split(row["demonyms"]), Entry("demonym", row["name"], iso3, None, row["cameo"] or iso3)
            )
            self._add_all(
                [row["capital"], *_split(row["capital_aliases"])],
                Entry("capital", row["name"], iso3, "State forces", row["cameo"] or iso3),
            )
        for row in read_rows("leaders.csv"):
            entry = Entry("leader", row["name"], row["iso3"] or None, "State forces", row["cameo"] or None)
            self._add_all([row["name"], *_split(row["aliases"])], entry, overwrite=True)
        for row in read_rows("actors.csv"):
            entry = Entry("group", row["name"], row["iso3"] or None, row["actor_type"], row["cameo"] or None)
            # ACLED names a group "PDF: People's Defense Force": both halves are names of it.
            halves = [part.strip() for part in row["name"].split(":", 1)] if ":" in row["name"] else []
            self._add_all([row["name"], *halves, *_split(row["aliases"])], entry, overwrite=True)
        self.first_words = {key.split()[0] for key in self.entries}
        self.max_words = max(len(key.split()) for key in self.entries)

    def _add_all(self, names: list[str], entry: Entry, overwrite: bool = False) -> None:
        for name in names:
            if _is_acronym(name):
                # "US" must not match the pronoun "us": short all-caps names match case-sensitively.
                if overwrite or name not in self.acronyms:
                    self.acronyms[name] = entry
                continue
            key = normalise(name)
            if key and (overwrite or key not in self.entries):
                self.entries[key] = entry

    def country_name(self, iso3: str) -> str:
        """ACLED country name of an ISO3 code (the code itself when unknown)."""
        row = self.countries.get(iso3)
        return row["name"] if row else iso3

    def cameo_country(self, iso3: str) -> str:
        """CAMEO country code of an ISO3 code."""
        row = self.countries.get(iso3)
        return (row["cameo"] or iso3) if row else iso3

    def matches(self, span: Span) -> list[Match]:
        """Longest dictionary matches in `span`, left to right, non-overlapping."""
        doc = span.doc
        # Normalising each token once and joining them equals normalising the text, and costs far less.
        words = [normalise(t.text) for t in span]
        out: list[Match] = []
        i = span.start
        while i < span.end:
            found = None
            acronym = self.acronyms.get(doc[i].text)
            k = i - span.start
            if acronym is not None:
                found = Match(i, i + 1, acronym)
            elif words[k] and words[k].split()[0] in self.first_words:
                for j in range(min(span.end, i + self.max_words + 3), i, -1):
                    key = " ".join(w for w in words[k : j - span.start] if w)
                    entry = self.entries.get(key[4:] if key.startswith("the ") else key)
                    if entry is not None:
                        found = Match(i, j, entry)
                        break
            if found is not None:
                out.append(found)
                i = found.end
            else:
                i += 1
        return out


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isupper() and letters.isalpha() and len(letters) <= 4


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


@cache
def load_actor_dictionary() -> ActorDictionary:
    """The actor dictionary, built once per process."""
    return ActorDictionary()


def phrase_tokens(head: Token) -> list[Token]:
    """The head and its modifiers (no prepositional phrases, clauses or appositions), in order."""
    keep = [head]
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in PHRASE_DEPS and not (child.dep_ == "conj" and tok.i == head.i):
                keep.append(child)
                stack.append(child)
    return sorted(keep, key=lambda t: t.i)


def _role_for(head: Token) -> Role | None:
    table = roles()
    lemma = head.lemma_.lower()
    if lemma in PART_OF_NOUNS:
        # "security force members", "army units": the compound names who they are.
        for c in head.children:
            if c.dep_ == "compound" and (role := _role_for(c)) is not None:
                return role
    for left in (head.nbor(-1) if head.i > 0 else None,):
        if left is not None and left.dep_ in {"compound", "amod"}:
            role = (
                table.get((left.lemma_.lower(), lemma))
                or table.get((left.lower_, head.lower_))
                or table.get((left.lower_, _singular(head.lower_)))
            )
            if role is not None:
                return role
    return table.get((lemma,)) or table.get((head.lower_,)) or table.get((_singular(head.lower_),))


def _singular(word: str) -> str:
    """'Forces' tagged PROPN keeps its plural lemma; a plain English singular is enough for role nouns."""
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def unplaced(template: str) -> str:
    """A role's name when its country is unknown: 'Civilians ({country})' -> 'Civilians'."""
    return template.replace(" ({country})", "").replace(" of {country}", "").replace("{country}", "").strip()


def _of_object(head: Token) -> Token | None:
    """'members of the PDF', 'a group of villagers', 'positions of the army': the actor is after 'of'."""
    if head.lemma_.lower() not in PART_OF_NOUNS:
        return None
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((g for g in prep.children if g.dep_ == "pobj"), None)
    return None


def _is_opponent(match: Match, doc: Doc) -> bool:
    """A name in 'anti-Houthi forces' or 'anti-government fighters' says whom the actor fights, not who."""
    before = [t.lower_ for t in doc[max(0, match.start - 2) : match.start]]
    return "anti" in before[-1:] or before == ["anti", "-"] or doc[match.start].lower_.startswith("anti-")


def _affixed(tok: Token) -> bool:
    """'pro', '-' and the name in 'pro-Hadi' / 'anti-Houthi': an affiliation, not a people's name."""
    if tok.lower_ in AFFIX_WORDS:
        return True
    doc = tok.doc
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in AFFIX_WORDS


def _modifies_event(tok: Token) -> bool:
    """A demonym standing alone as the modifier of a noun ('Russian shelling', 'a Turkish drone strike'),
    not of a role or a name ('Russian soldiers' resolve from 'soldiers')."""
    return tok.dep_ in {"amod", "compound", "nmod"} and tok.head.pos_ == "NOUN" and not _affixed(tok)


def _is_supporter(tok: Token) -> bool:
    """A demonym in 'U.S.-backed' / 'Turkish-aligned': the country backs the actor, it is not the actor."""
    return tok.dep_ in {"npadvmod", "compound"} and tok.head.lemma_.lower() in SUPPORT_VERBS


class ActorResolver:
    """Turns argument tokens into actors using the dictionary and role nouns."""

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary

    def resolve(self, head: Token) -> list[Actor]:
        """Actors named by the phrase headed by `head`: the main one first, then associates (conjuncts)."""
        actors = self._resolve_one(head)
        if not actors:
            return []
        for conj in head.conjuncts:
            if conj.i > head.i:
                actors.extend(self._resolve_one(conj))
        return actors

    def _resolve_one(self, head: Token) -> list[Actor]:
        if head.lower_ in PRONOUNS:
            return []
        member = _of_object(head)
        if member is not None and (members := self._resolve_one(member)):
            return members
        tokens = phrase_tokens(head)
        span = head.doc[tokens[0].i : tokens[-1].i + 1]
        found = [
            m
            for m in self.dictionary.matches(span)
            if not any(_is_supporter(t) for t in head.doc[m.start : m.end]) and not _is_opponent(m, head.doc)
        ]
        covering = [m for m in found if m.start <= head.i < m.end]
        for m in covering:
            if m.entry.kind in {"country", "capital"} and (name := _named_with_country(head, m, tokens)):
                # "members of Islami Andolan Bangladesh": a country closing a name is no government.
                groups = [g for g in found if g.entry.kind == "group" and g.end <= m.start]
                if groups:
                    return [self._from_entry(groups[-1].entry, head)]
                actor_type, armed = _guess_type(name.text)
                return [
                    Actor(
                        name.text, actor_type, None, m.entry.iso3, "org", armed, None, head.i, name.text, True
                    )
                ]
            if m.entry.kind in {"group", "leader", "country", "capital"}:
                return [self._from_entry(m.entry, head)]
            if m.entry.kind == "demonym" and _modifies_event(head):
                # "a Russian airstrike", "Israeli shelling": the country whose adjective it is acted.
                return [self._from_entry(replace(m.entry, kind="country"), head)]
        role = _role_for(head)
        # "PKK militants" are the PKK, "Houthi fighters" the Houthis; "Russian military forces" stay a role.
        named = [
            m
            for m in found
            if m.entry.kind == "group"
            and (
                m.entry.actor_type != "State forces"
                or (role is not None and role.actor_type != "State forces")
            )
        ]
        if role is not None and named:
            return [self._from_entry(named[-1].entry, head)]
        if role is None and head.pos_ == "PROPN" and not found:
            # "the military LIB 54", "police unit Sabhara": a unit's own name after the force it belongs to
            role = next(
                (
                    r
                    for c in head.children
                    if c.dep_ in {"amod", "compound"}
                    and c.i < head.i
                    and (r := _role_for(c)) is not None
                    and r.actor_type == "State forces"
                    and r.armed
                ),
                None,
            )
        if role is not None:
            return self._from_role(role, head, tokens, found)
        groups = [m for m in found if m.entry.kind == "group"]
        if groups:
            return [self._from_entry(groups[-1].entry, head)]
        owners = [m.entry for m in found if m.entry.kind in {"demonym", "country"} and m.end <= head.i]
        if owners and head.lemma_.lower() in WEAPON_NOUNS:
            # "a Russian mine", "Israeli gunboats fired": the weapon's country acted.
            return [self._from_entry(replace(owners[0], kind="country"), head)]
        # "Lake Turkana", "West Pokot": a place named after the people.
        named_place = any(c.dep_ == "compound" and c.lower_ in PLACE_PARTS for c in head.children)
        if head.lower_ in PEOPLES and not _affixed(head) and not named_place:
            # "clashes between Kikuyu and Maasai", "armed Acholi attacked": a people fighting as a militia.
            return [self._people_militia(head, head, owners[0].iso3 if owners else None)]
        if head.pos_ == "PROPN" and head.ent_type_ in {"PERSON", "ORG"} and not head.is_upper:
            ent_text = _entity_text(head)
            kind = "person" if head.ent_type_ == "PERSON" else "org"
            actor_type, armed = _guess_type(ent_text) if kind == "org" else (None, False)
            return [
                Actor(
                    ent_text,
                    actor_type,
                    None,
                    None,
                    kind,
                    armed=armed,
                    start=head.i,
                    text=ent_text,
                    collective=kind == "org",
                )
            ]
        return []

    def _people_militia(self, people: Token, head: Token, iso3: str | None) -> Actor:
        """'Pokot raiders', 'the Kikuyu': ACLED's '<People> Ethnic Militia (<Country>)'; the country is
        filled in later when the phrase does not name it."""
        name = people.text if people.text[:1].isupper() else people.text.title()
        role = Role((people.lower_,), "Identity militia", "MIL", f"{name} Ethnic Militia ({{country}})", True)
        actor = Actor(
            unplaced(role.template), role.actor_type, None, None, "role", True, role, head.i, head.text
        )
        actor = replace(actor, collective=True)
        if iso3 is None:
            return actor
        return actor.with_country(
            iso3, self.dictionary.country_name(iso3), self.dictionary.cameo_country(iso3)
        )

    @staticmethod
    def role_actor(key: tuple[str, ...], like: Actor | None = None) -> Actor:
        """The role `key` of roles.csv ('police', 'rioter', 'armed man') as an actor with no country yet,
        standing at the tokens of `like` when given."""
        role = roles()[key]
        start, text = (like.start, like.text) if like is not None else (0, "")
        return Actor(
            unplaced(role.template), role.actor_type, None, None, "role", role.armed, role, start, text
        )

    def _of_country(
        self, head: Token, kinds: frozenset[str] = frozenset({"country", "capital"})
    ) -> list[Entry]:
        """The country named after 'of' in 'the military forces of Armenia', 'the army of Mali' (or, with
        `kinds`, another entry such as a group: 'the military forces of Artsakh')."""
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        span = obj.doc[obj.left_edge.i : obj.i + 1]
                        return [
                            m.entry
                            for m in self.dictionary.matches(span)
                            if m.entry.kind in kinds and m.start <= obj.i < m.end
                        ]
        return []

    def _from_entry(self, entry: Entry, head: Token) -> Actor:
        if entry.kind in {"country", "capital"}:
            iso3 = entry.iso3 or ""
            return Actor(
                f"Government of {entry.name}",
                "State forces",
                f"{entry.cameo}GOV",
                iso3,
                "country",
                start=head.i,
                text=head.text,
            )
        armed = entry.kind == "group" and entry.actor_type not in {"Civilians", "Protesters"}
        return Actor(
            entry.name,
            entry.actor_type,
            entry.cameo,
            entry.iso3,
            entry.kind,
            armed=armed,
            start=head.i,
            text=head.text,
            collective=entry.kind == "group",
        )

    def _from_role(self, role: Role, head: Token, tokens: list[Token], found: list[Match]) -> list[Actor]:
        lemmas = {t.lemma_.lower() for t in tokens if t.i != head.i}
        if role.actor_type == "State forces" and role.armed and lemmas & NON_STATE_MARKERS:
            role = roles()[("rebel",)]
        if not role.armed and lemmas & ARMED_MARKERS:
            role = roles()[("armed", "man")]  # "armed individuals", "gunmen": not civilians
        if role.actor_type == "Rebel group" and lemmas & UNKNOWN_MARKERS:
            role = roles()[("armed", "man")]  # "unknown militants" are no known rebel group
        countries = [m.entry for m in found if m.entry.kind in {"demonym", "country", "capital"}]
        state_armed = role.actor_type == "State forces" and role.armed
        if not countries and state_armed:
            # "the forces of Artsakh": a state force the dictionary names as a group
            owners = self._of_country(head, frozenset({"group"}))
            if owners and owners[0].actor_type == "State forces":
                return [self._from_entry(owners[0], head)]
        if not countries:
            countries = self._of_country(head)  # "the military forces of Armenia"
        # "the Urban Guerrilla Force" names a local group too, though 'guerrilla' made the role a rebel one.
        named_force = _unknown_force(head, found) if state_armed or role.actor_type == "Rebel group" else None
        if not countries and named_force is not None:
            # "the Al Fahed Forces": a named force no dictionary knows is no country's army.
            text = named_force.text
            return [Actor(text, "Political militia", None, None, "org", armed=True, start=head.i, text=text)]
        country = countries[0] if countries else None
        leader = next((m.entry for m in found if m.entry.kind == "leader"), None)
        # "Russian military forces" matches the named group "Russian military": its country still counts.
        named = next((m.entry.iso3 for m in found if m.entry.iso3), None)
        iso3 = country.iso3 if country else (leader.iso3 if leader else named)
        communal = role.role in COMMUNAL_ROLES
        ethnic = [
            t
            for t in tokens
            if t.i != head.i
            and (
                t.ent_type_ == "NORP"
                or t.lower_ in PEOPLES
                or (communal and t.pos_ == "PROPN" and t.is_title and t.is_alpha)
            )
            and not _affixed(t)
            and t.lower_ not in ISLAMIST_MARKERS
            and not any(m.start <= t.i < m.end for m in found)
        ]
        if (
            ethnic
            and role.armed
            and role.actor_type in {"State forces", "Political militia", "Identity militia"}
            and country is None
        ):
            return [self._people_militia(ethnic[0], head, iso3)]
        base = Actor(
            unplaced(role.template),
            role.actor_type,
            None,
            None,
            "role",
            armed=role.armed,
            role=role,
            start=head.i,
            text=head.text,
            collective=head.tag_ in {"NNS", "NNPS"} or role.actor_type == "Rioters",
        )
        if not iso3:
            return [base]
        # "Syrian and Russian forces": one actor per country, the first is the main one.
        codes = list(dict.fromkeys([iso3, *(c.iso3 for c in countries[1:] if c.iso3)]))
        return [
            base.with_country(c, self.dictionary.country_name(c), self.dictionary.cameo_country(c))
            for c in codes
        ]


def _unknown_force(head: Token, found: list[Match]) -> Span | None:
    """'Al Fahed Forces', 'Mon-Thaton Special Forces': a capitalised force named by proper nouns that no
    dictionary entry covers (also as the compound of 'Al Fahed Forces members')."""
    for force in [head, *(c for c in head.children if c.dep_ == "compound")]:
        if not force.text[:1].isupper() or force.is_sent_start or force.lemma_.lower() not in FORCE_NOUNS:
            continue
        names = [
            c
            for c in force.children
            if c.dep_ == "compound"
            and c.pos_ == "PROPN"
            and c.text[:1].isupper()
            and c.lower_ not in GENERIC_FORCE_WORDS
            and not any(m.start <= c.i < m.end for m in found)
        ]
        if names:
            return force.doc[min(c.left_edge.i for c in names) : force.i + 1]
    return None


def _guess_type(name: str) -> tuple[str | None, bool]:
    """ACLED type of an organisation no dictionary knows, from the words of its name."""
    words = set(normalise(name).split())
    if words & ARMED_NAME_WORDS:
        return "Political militia", True
    if words & PARTY_NAME_WORDS:
        return "Protesters", False  # parties, leagues, unions: their members riot or protest
    return None, False


def _entity_text(head: Token) -> str:
    if head.ent_type_:
        for ent in head.doc.ents:
            if ent.start <= head.i < ent.end:
                return ent.text
    return head.text


def _named_with_country(head: Token, match: Match, tokens: list[Token]) -> Span | None:
    """'Islami Andolan Bangladesh', 'Youth Care Indonesia': capitalised words of the phrase that no entry
    covers, just before the country that ends it, make an organisation's name."""
    before = [t for t in tokens if t.i < match.start]
    if not before or before[-1].i != match.start - 1:
        return None
    words = [t for t in before if t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in REGION_WORDS]
    if not words or words[-1].i < match.start - 2:
        return None
    return head.doc[words[0].i : match.end]
