"""Coding one parsed article into events: triggers -> actors, place, date, fatalities -> ACLED/CAMEO rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from coder.actors import Actor, ActorDictionary, ActorResolver, phrase_tokens
from coder.arguments import argument_heads
from coder.article_country import article_country
from coder.cameo import cameo_triggers
from coder.consolidate import fold_demonstrations, fold_repeats
from coder.dates import DateMention, pick_date
from coder.fatalities import Fatalities, find_fatalities
from coder.gazetteer import Gazetteer
from coder.lexicon import cameo_only_families, word_list
from coder.nlp import ends_headline_clause, next_sentences, passive_voice
from coder.places import (
    PlaceMention,
    context_place,
    find_places,
    specificity,
)
from coder.rows import dedupe_rows, evidence_span, place_columns, refreshed, set_fatalities
from coder.taxonomy import NON_ACLED, Coding, cameo_fields, classify, disorder_of, unarmed
from coder.triggers import VIOLENT, Trigger, find_triggers

PLACE_PREPS = word_list("events.place_preps")
ANAPHORIC_DETS = word_list("events.anaphoric_dets")
MERGE_PRIORITY = [
    "suicide_bomb",
    "air_strike",
    "ied",
    "grenade",
    "shelling",
    "capture",
    "abduct",
    "clash",
    "strike",
    "attack",
    "fire",
    "injure",
    "operation",
    "mob",
    "kill",
]
EXTERNAL = "External/Other forces"
STALE_DAYS = 31
# Riots too: ACLED puts the dead of a violent demonstration on the riot itself.
LETHAL_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
ARMED_MEN = ("armed", "man")
LEGAL_FAMILIES = {"accuse", "release"}
FOLLOW_SENTENCES = 2
POLICE_WORDS = word_list("events.police_words")
INTERVENTION_VERBS = word_list("events.intervention_verbs")
CROWD_WORDS = word_list("events.crowd_words")
RIOT_WORDS = word_list("events.riot_words")
BLOCKING = {"block", "blockade", "gather", "surround"}
UNATTRIBUTED_TYPES = {"Violence against civilians", "Explosions/Remote violence", "Battles"}
ARMED_TYPES = {"Battles", "Violence against civilians", "Explosions/Remote violence"}
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,40}(,[^\n]{0,60}?)?\s[-–—]{1,2}\s")
MILITARY_FAMILIES = VIOLENT - {"abduct", "mob"} | {"deploy", "intercept", "withdraw"}


@dataclass
class Draft:
    """An event under construction: one trigger (or merged triggers) in one sentence."""

    trigger: Trigger
    family: str
    sent: Span
    actors1: list[Actor] = field(default_factory=list)
    actors2: list[Actor] = field(default_factory=list)
    place: PlaceMention | None = None
    place_attached: bool = False
    fatalities: Fatalities | None = None
    extra_rules: list[str] = field(default_factory=list)
    merged_heads: list[Token] = field(default_factory=list)  # trigger heads of the drafts merged in


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What the coder needs to know about the article besides its text."""

    article_id: str
    doc_id: str
    published: date | None
    source: str | None
    url: str | None


@dataclass
class DocContext:
    """Article-level state carried across sentences."""

    country: str | None
    last_actor: Actor | None = None
    last_person: Actor | None = None
    dateline_end: int = 0  # token index where a leading "IDLIB, Syria (Wire) -" dateline ends
    role_countries: dict[str, str] = field(default_factory=dict)  # role template -> ISO3 last seen
    last_date: DateMention | None = None
    toll_sentences: set[int] = field(default_factory=set)  # sentences whose toll went to an earlier event
    events: list[dict[str, object]] = field(default_factory=list)


class EventCoder:
    """Rules over a spaCy parse; holds the dictionaries and the gazetteer (loaded once per process)."""

    def __init__(
        self,
        dictionary: ActorDictionary,
        gazetteer: Gazetteer,
        coder_version: str,
        min_confidence: float = 0.5,
    ) -> None:
        self.dictionary = dictionary
        self.resolver = ActorResolver(dictionary)
        self.gazetteer = gazetteer
        self.coder_version = coder_version
        self.min_confidence = min_confidence

    # -- article level -------------------------------------------------------------------------------
    def code(self, doc: Doc, meta: ArticleMeta) -> list[dict[str, object]]:
        """All events of one article as row dicts (events-table columns except run_id and coded_at)."""
        ctx = DocContext(country=self.article_country(doc), dateline_end=_dateline_end(doc))
        previous: list[dict[str, object]] = []
        lead: tuple[Span, list[dict[str, object]]] | None = None
        for sent in doc.sents:
            drafts = self._sentence_drafts(sent, ctx)
            rows = [row for d in drafts if (row := self._to_row(d, meta, ctx)) is not None]
            if lead is not None and rows:
                self._carry_lead_toll(*lead, rows, ctx)
            if ends_headline_clause(sent):
                lead = (sent, rows)
            elif rows or len(sent) > 2:
                lead = None  # a stray number the parser cut off ("7- wounded") keeps the lead
            if rows:
                ctx.events.extend(rows)
                previous = rows
            elif previous:
                self._attach_followup_fatalities(sent, previous, ctx)
        rows = fold_repeats(fold_demonstrations(dedupe_rows(ctx.events)))
        return [refreshed(row) for row in rows]

    def article_country(self, doc: Doc) -> str | None:
        """The country the article is mostly about (see `coder.article_country`)."""
        return article_country(doc, self.dictionary, self.gazetteer)

    # -- sentence level ------------------------------------------------------------------------------
    def _sentence_drafts(self, sent: Span, ctx: DocContext) -> list[Draft]:
        triggers = cameo_triggers(sent, find_triggers(sent))
        if not triggers:
            # "Police arrived at the camp. They then beat him.": the subject is the next pronoun's antecedent
            subjects = [t for t in sent if t.dep_ == "nsubj" and t.head.dep_ == "ROOT" and t.pos_ != "PRON"]
            self._resolve(subjects[:1], ctx)
            return []
        named = {
            i
            for m in self.dictionary.matches(sent)
            if m.entry.kind in {"group", "leader"}
            for i in range(m.start, m.end)
        }
        places = [
            p for p in find_places(sent, self.gazetteer, ctx.country, named) if p.start >= ctx.dateline_end
        ]
        fatalities = find_fatalities(sent)
        self._attach_followup_fatalities(sent, ctx.events, ctx, bare_only=True, fat=fatalities)
        # "Two civilians were killed." after an attack is that attack's toll, not a second event.
        absorbed = sent.start in ctx.toll_sentences
        drafts: list[Draft] = []
        for trig in triggers:
            if _anaphoric(trig, bool(ctx.events)) or (absorbed and trig.family == "kill"):
                continue
            draft = Draft(trig, trig.family, sent, fatalities=fatalities)
            heads1, heads2 = argument_heads(trig.head)
            draft.actors1 = self._resolve(heads1, ctx) or _speaker(trig, heads1)
            draft.actors2 = self._resolve(heads2, ctx)
            drafts.extend(self._place_drafts(draft, places, ctx))
        return _merge(drafts)

    def _resolve(self, heads: list[Token], ctx: DocContext) -> list[Actor]:
        actors: list[Actor] = []
        for head in heads:
            resolved = self.resolver.resolve(head)
            if not resolved:
                # "the US commander in Iraq, General X, …": the name in apposition says who
                names = [c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
                names = [
                    c for c in names if c.doc[max(c.left_edge.i - 1, 0)].text != "("
                ]  # "(Widhu)": a place
                people = [
                    a for c in names for a in self.resolver.resolve(c) if a.kind in {"person", "leader"}
                ]
                resolved = people[:1]
            if not resolved and head.pos_ == "PRON":
                antecedent = ctx.last_person if head.lower_ in {"he", "she", "him", "her"} else ctx.last_actor
                resolved = [antecedent] if antecedent is not None else []
            actors.extend(resolved)
        for actor in actors[:1]:
            ctx.last_actor = actor
            if actor.kind in {"person", "leader"}:
                ctx.last_person = actor
        return actors

    def _place_drafts(self, draft: Draft, places: list[PlaceMention], ctx: DocContext) -> list[Draft]:
        """One draft per attached place ('airstrikes in Idlib and Hama' is two events)."""
        actor_tokens = {t.i for a in draft.actors1 for t in phrase_tokens(draft.sent.doc[a.start])}
        usable = [p for p in places if p.start not in actor_tokens or draft.family in {"visit"}]
        # A place written with its region ("Pisky, Donetsk") outranks look-alike names around it.
        usable = [p for p in usable if p.explicit] or usable
        attached = [p for p in usable if _attached(draft.trigger.head, p)]
        if attached:
            # A visit's place is where the visitor went, wherever that is; other events prefer home.
            home = [p for p in attached if p.place.iso3 == ctx.country and draft.family != "visit"]
            pool = home or attached
            if all(p.place.feature == "PCLI" for p in pool):
                # "rallied in Limassol against the invasion of Ukraine": the town, not the cause.
                pool = [p for p in attached if p.place.feature != "PCLI"] or pool
            pool = _town_over_abroad(pool, usable)
            groups = _conjoined_groups(draft.sent.doc, pool)
            return [replace(draft, place=best, place_attached=True) for best in groups]
        if usable:
            nearest = min(
                usable,
                key=lambda p: (
                    p.place.iso3 != ctx.country,
                    abs(p.start - draft.trigger.head.i),
                    -specificity(p.place),
                ),
            )
            return [replace(draft, place=nearest)]
        earlier = context_place(draft.sent, self.gazetteer, ctx.country, ctx.dateline_end)
        return [replace(draft, place=earlier)] if earlier is not None else [draft]

    def _attach_followup_fatalities(
        self,
        sent: Span,
        previous: list[dict[str, object]],
        ctx: DocContext,
        bare_only: bool = False,
        fat: Fatalities | None = None,
    ) -> None:
        """'These strikes killed 50' / '2 civilians were killed' / '1 fatality.': a toll for the event just
        coded, merged with the toll it already has. With `bare_only` (a sentence that has triggers of its
        own) only a toll told without a killer is taken, and only when it names no other place. `fat` is the
        sentence's toll when the caller has found it already."""
        fat = fat or find_fatalities(sent)
        if sent.start in ctx.toll_sentences or fat is None or fat.best == 0 or (bare_only and not fat.bare):
            return
        violent = [r for r in previous if r["event_type"] in LETHAL_TYPES]
        if not violent:
            return
        latest = [r for r in violent if r["evidence"] == violent[-1]["evidence"]]
        places = find_places(sent, self.gazetteer, ctx.country, set())
        named = {p.place.geonames_id for p in places if p.place.feature != "PCLI"}
        specific = [r for r in violent if r["geonames_id"] in named]
        located = {
            p.place.geonames_id
            for p in places
            if p.start > 0 and sent.doc[p.start - 1].lower_ in {"in", "at", "near", "outside"}
        }
        if bare_only and located - {r["geonames_id"] for r in violent}:
            return  # "3 were killed in Hama": a toll somewhere else is an event of its own
        # A toll that covers several events goes on one of them only, never repeated (ACLED).
        targets = specific or [next((r for r in latest if r["fatalities_high"]), latest[0])]
        ctx.toll_sentences.add(sent.start)
        for row in targets:
            set_fatalities(row, fat.after(Fatalities.of_row(row)))

    def _carry_lead_toll(
        self,
        clause: Span,
        clause_rows: list[dict[str, object]],
        rows: list[dict[str, object]],
        ctx: DocContext,
    ) -> None:
        """'Four soldiers killed- 7 wounded in shelling near X': a headline clause that only counts the
        dead gives its toll to the attack told in the next clause, and its own bare killing is dropped."""
        if any(t.family != "kill" for t in find_triggers(clause)):
            return
        fat = find_fatalities(clause)
        lethal = [r for r in rows if r["event_type"] in LETHAL_TYPES and not r["fatalities_high"]]
        if fat is None or fat.best == 0 or not lethal:
            return
        for row in clause_rows:
            ctx.events.remove(row)
        ctx.toll_sentences.add(clause.start)
        set_fatalities(lethal[0], fat)

    # -- row building --------------------------------------------------------------------------------
    def _to_row(self, d: Draft, meta: ArticleMeta, ctx: DocContext) -> dict[str, object] | None:
        place = d.place.place if d.place else None
        if place is None and ctx.country:
            place = self.gazetteer.country(ctx.country)
        iso3 = place.iso3 if place else ctx.country
        actor1 = self._fill_country(d.actors1[0], iso3, ctx) if d.actors1 else None
        actor2 = self._fill_country(d.actors2[0], iso3, ctx) if d.actors2 else None
        family = d.family
        if family == "deploy":
            if actor2 is not None and actor2.armed and not (actor1 and actor1.armed):
                actor1 = actor2  # "the government deployed the army": the army moves
            actor2 = None  # what is deployed is not a counterpart
        if family in MILITARY_FAMILIES:
            actor1 = self._as_military(actor1)
            actor2 = self._as_military(actor2) if family != "capture" else actor2
        if family in {"deploy", "withdraw"} and not (actor1 and actor1.armed):
            return None
        if actor1 is None and family in LEGAL_FAMILIES and iso3 and passive_voice(d.trigger.head):
            actor1 = self._government(iso3)  # "four men were indicted": the state's courts acted
        if (family in NON_ACLED or family in cameo_only_families()) and (
            actor1 is None or (actor1.kind == "role" and actor1.armed)
        ):
            return None
        if (
            family == "visit"
            and actor2 is None
            and place is not None
            and place.iso3 != (actor1.country if actor1 else None)
        ):
            actor2 = self._government(place.iso3)
        if family == "protest":
            if actor1 is not None and actor1.armed is False and actor1.actor_type == "State forces":
                return None  # a government "protesting" a decision is diplomacy, not a street protest
            if actor1 is not None and actor1.armed and d.trigger.head.lemma_.lower() in BLOCKING:
                return None  # police blocking a road or gathering is no protest
            actor1 = self._as_protesters(actor1, iso3)
        fat = d.fatalities or Fatalities(0, 0, 0)
        coding = classify(
            family, actor1, actor2, d.sent, iso3, fat.best, d.trigger.action.cameo_code, d.trigger.head
        )
        if coding is None or (coding.event_type is None and actor1 is None):
            return None
        if coding.family in {"agreement", "ceasefire"} and not _agreement_made(d.trigger.head):
            return None
        if coding.sub_event_type == "Peaceful protest" and _police_step_in(d.sent):
            coding = replace(coding, sub_event_type="Protest with intervention")
            actor2 = actor2 or self._in_country(self.resolver.role_actor(("police",)), iso3)
        if coding.event_type == "Protests" and _turns_violent(d.sent):
            coding = replace(
                coding, event_type="Riots", sub_event_type="Violent demonstration", cameo_code="145"
            )
        confidence = self._confidence(d, actor1, actor2, coding)  # from what the text says, before defaults
        if confidence < self.min_confidence:
            return None
        if coding.event_type in LETHAL_TYPES - {"Riots"} and (actor1 is None or _generic_role(actor1)):
            actor1 = self._named_perpetrator(d.sent, actor2) or actor1
        actor1, actor2 = self._acled_sides(coding, actor1, actor2, iso3)
        # A sentence without a date goes on with the date of the one before ("On 3 May, ... Police then ...").
        picked = pick_date(d.sent.text, meta.published, d.trigger.head.idx - d.sent.start_char)
        when = (None if _since(d.sent.text, picked) else picked) or ctx.last_date
        ctx.last_date = when
        if _stale(when, meta.published):
            return None  # "seized power in February 2021": background, not news of the day
        evidence, start, end = evidence_span(d.sent)
        root, quad, goldstein = cameo_fields(coding.cameo_code)
        type1 = _acled_type(actor1, iso3)
        type2 = _acled_type(actor2, iso3)
        row: dict[str, object] = {
            "article_id": meta.article_id,
            "doc_id": meta.doc_id,
            "coder_version": self.coder_version,
            "event_date": when.value if when else meta.published,
            "time_precision": when.precision if when else 2,
            "disorder_type": disorder_of().get((coding.event_type, coding.sub_event_type or ""))
            if coding.event_type
            else None,
            "event_type": coding.event_type,
            "sub_event_type": coding.sub_event_type,
            "civilian_targeting": coding.civilian_targeting,
            "cameo_code": coding.cameo_code,
            "cameo_root": root,
            "quad_class": quad,
            "goldstein": goldstein,
            "actor1": actor1.name if actor1 else None,
            "assoc_actor1": "; ".join(
                a.name for a in d.actors1[1:] if a.name != (actor1.name if actor1 else None)
            )
            or None,
            "actor1_type": type1,
            "actor1_cameo": actor1.cameo if actor1 else None,
            "actor1_country": actor1.country if actor1 else None,
            "actor2": actor2.name if actor2 else None,
            "assoc_actor2": "; ".join(a.name for a in d.actors2[1:]) or None,
            "actor2_type": type2,
            "actor2_cameo": actor2.cameo if actor2 else None,
            "actor2_country": actor2.country if actor2 else None,
            "interaction": "-".join(t for t in (type1, type2) if t) or None,
            **place_columns(place, d.place),
            "fatalities": fat.best,
            "fatalities_low": fat.low,
            "fatalities_high": fat.high,
            "evidence": evidence,
            "evidence_start": start,
            "evidence_end": end,
            "rule_id": "+".join([d.trigger.rule_id, *d.extra_rules]),
            "confidence": round(confidence, 3),
            "source": meta.source,
            "source_url": meta.url,
            "published": meta.published,
        }
        if row["iso3"]:
            row["country"] = self.dictionary.country_name(str(row["iso3"]))  # ACLED's names ("Palestine")
        return refreshed(row)

    def _as_military(self, actor: Actor | None) -> Actor | None:
        """'Iran flew reinforcements', 'Russia bombed…': a country acting militarily is its armed forces."""
        if actor is None or actor.kind != "country" or not actor.country:
            return actor
        name = self.dictionary.country_name(actor.country)
        return Actor(
            f"Military Forces of {name}",
            "State forces",
            f"{self.dictionary.cameo_country(actor.country)}MIL",
            actor.country,
            "country",
            armed=True,
            start=actor.start,
            text=actor.text,
        )

    def _government(self, iso3: str) -> Actor:
        name = self.dictionary.country_name(iso3)
        return Actor(
            f"Government of {name}",
            "State forces",
            f"{self.dictionary.cameo_country(iso3)}GOV",
            iso3,
            "country",
        )

    def _fill_country(self, actor: Actor, iso3: str | None, ctx: DocContext) -> Actor:
        """A role with no country ('soldiers') keeps the one it had earlier, else takes the place's."""
        if actor.role is not None:
            if actor.country is not None:
                ctx.role_countries[actor.role.template] = actor.country
                return actor
            iso3 = ctx.role_countries.get(actor.role.template, iso3)
        return self._in_country(actor, iso3)

    def _in_country(self, actor: Actor, iso3: str | None) -> Actor:
        if iso3 is None:
            return actor
        return actor.with_country(
            iso3, self.dictionary.country_name(iso3), self.dictionary.cameo_country(iso3)
        )

    def _named_perpetrator(self, sent: Span, victim: Actor | None) -> Actor | None:
        """'… an IED attack claimed by al-Shabaab', '… blamed on ADF rebels': with no agent in the parse, a
        non-state armed group named in the sentence (or the next one) is the perpetrator."""
        for span in (sent, *next_sentences(sent, 1)):
            for m in self.dictionary.matches(span):
                entry = m.entry
                if entry.kind != "group" or entry.actor_type in {"State forces", "Protesters", None}:
                    continue
                if victim is not None and victim.name == entry.name:
                    continue
                if entry.actor_type in {"External/Other forces", "Civilians", "Rioters"}:
                    continue
                resolved = self.resolver.resolve(sent.doc[m.end - 1])
                return resolved[0] if resolved else None
        return None

    def _acled_sides(
        self, coding: Coding, actor1: Actor | None, actor2: Actor | None, iso3: str | None
    ) -> tuple[Actor | None, Actor | None]:
        """ACLED's side conventions: rioters and protesters are actor 1, the force acting on them actor 2."""
        if coding.event_type == "Protests" and actor2 is not None and actor2.actor_type == "Protesters":
            return actor2, actor1
        if coding.event_type == "Protests" and actor1 is not None and actor1.actor_type == "State forces":
            return self._as_protesters(None, iso3), actor1  # "police fired tear gas": at protesters
        if coding.event_type == "Protests" and (actor1 is None or unarmed(actor1)):
            return self._as_protesters(actor1, iso3), actor2
        if coding.event_type in ARMED_TYPES and actor1 is not None and actor1.role and unarmed(actor1):
            # One man who shoots or stabs someone is, in ACLED's terms, an unidentified armed group.
            armed = self._in_country(self.resolver.role_actor(ARMED_MEN, actor1), iso3)
            return armed, actor2
        if coding.family == "evacuate" and actor1 is None and actor2 is not None:
            if actor2.actor_type == "Civilians":
                return actor2, None  # "300 civilians were evacuated": ACLED puts the civilians first
        unattributed = coding.event_type in UNATTRIBUTED_TYPES and coding.sub_event_type != "Air/drone strike"
        if actor1 is None and unattributed:
            # ACLED's convention for an attack or bombing whose perpetrator the source does not name.
            actor1 = self._in_country(self.resolver.role_actor(ARMED_MEN), iso3)
        if coding.event_type != "Riots":
            return actor1, actor2
        if actor1 is not None and not unarmed(actor1) and (actor2 is None or unarmed(actor2)):
            actor1, actor2 = actor2, actor1
        rioters = self._in_country(self.resolver.role_actor(("rioter",)), iso3)
        if actor1 is None or unarmed(actor1):
            actor1 = rioters
        if coding.family == "clash" and unarmed(actor2) and coding.sub_event_type == "Mob violence":
            actor2 = rioters
        return actor1, actor2

    def _as_protesters(self, actor: Actor | None, iso3: str | None) -> Actor:
        """ACLED's actor 1 of a protest is always 'Protesters (Country)'; a named party or union that
        demonstrates is only an associated actor of it."""
        if actor is not None and actor.actor_type == "Protesters" and actor.role is not None:
            return actor
        like = actor if actor is not None and actor.actor_type == "Protesters" else None
        return self._in_country(self.resolver.role_actor(("protester",), like), iso3 or _home(like))

    @staticmethod
    def _confidence(d: Draft, actor1: Actor | None, actor2: Actor | None, coding: Coding) -> float:
        score = 0.5 if d.trigger.head.pos_ == "VERB" else 0.45
        score += 0.15 if actor1 is not None else 0.0
        score += 0.05 if actor2 is not None else 0.0
        score += 0.15 if d.place_attached else (0.05 if d.place is not None else 0.0)
        score += 0.05 if d.fatalities is not None and d.fatalities.best > 0 else 0.0
        if coding.event_type is None:
            # CAMEO-only events (statements, visits) never outrank an ACLED event of the same article.
            return 0.5 + min(score - 0.5, 0.8) / 20
        if coding.event_type == "Explosions/Remote violence":
            score += 0.05  # the weapon is named: more specific than the clash or attack told beside it
        return min(score + 0.1, 1.0)


def _turns_violent(sent: Span) -> bool:
    """'…held a demonstration. They lit bonfires and barricaded roads': the crowd of this protest turns
    violent in the next sentences (told of as 'they', 'the demonstrators', 'the rioters')."""
    for nxt in next_sentences(sent, FOLLOW_SENTENCES):
        subjects = {t.lower_ for t in nxt if t.dep_ in {"nsubj", "nsubjpass"}}
        lemmas = {t.lemma_.lower() for t in nxt}
        if "rioter" in lemmas or (subjects & CROWD_WORDS and lemmas & RIOT_WORDS):
            return True
    return False


def _police_step_in(sent: Span) -> bool:
    """'…held a protest. Police dispersed the group': the protest met an intervention told next."""
    for nxt in next_sentences(sent, FOLLOW_SENTENCES):
        subjects = {t.lemma_.lower() for t in nxt if t.dep_ == "nsubj"}
        verbs = {t.lemma_.lower() for t in nxt if t.pos_ == "VERB"}
        if subjects & POLICE_WORDS and verbs & INTERVENTION_VERBS:
            return True
    return False


def _speaker(trig: Trigger, heads: list[Token]) -> list[Actor]:
    """'Medics said…', 'a UN report says…': a statement's source as written when no dictionary knows it."""
    if trig.family != "statement" or not heads or heads[0].pos_ not in {"NOUN", "PROPN"}:
        return []
    head = heads[0]
    text = " ".join(t.text for t in phrase_tokens(head) if t.dep_ not in {"det", "punct"})
    return [Actor(text, None, None, None, "org", start=head.i, text=head.text)]


def _stale(when: DateMention | None, published: date | None) -> bool:
    """An event dated more than a month before the article was published."""
    return when is not None and published is not None and (published - when.value).days > STALE_DAYS


def _since(text: str, when: DateMention | None) -> bool:
    """'the bloodiest day since August': a date after 'since' is a reference point, not the event's date."""
    if when is None:
        return False
    return when.text.lower().startswith("since") or text[: when.start].rstrip().lower().endswith("since")


def _dateline_end(doc: Doc) -> int:
    """Token index after a wire dateline ("KYIV, Ukraine (AP) —"), or 0: a dateline is not an event place."""
    match = DATELINE.match(doc.text)
    if match is None:
        return 0
    span = doc.char_span(0, match.end(), alignment_mode="expand")
    return span.end if span is not None else 0


def _acled_type(actor: Actor | None, event_iso3: str | None) -> str | None:
    if actor is None or actor.actor_type is None:
        return None
    if actor.actor_type == "State forces" and actor.country and event_iso3 and actor.country != event_iso3:
        return EXTERNAL
    return actor.actor_type


def _generic_role(actor: Actor) -> bool:
    """'gunmen', 'armed men', 'civilians': a role that names no one in particular."""
    return actor.kind == "role" and (actor.actor_type == "Civilians" or actor.name.startswith("Unidentified"))


def _attached(head: Token, mention: PlaceMention) -> bool:
    """Is the place in the trigger's own phrase (its objects and prepositional phrases)?"""
    tok = head.doc[mention.start : mention.end].root
    node = tok
    for _ in range(8):
        if node.i == head.i:
            return True
        if node.dep_ == "appos" and node.head.dep_ in {"dobj", "nsubj", "pobj", "conj"}:
            node = node.head
            continue
        if node.head.i == node.i:
            break
        node = node.head
    # "Tel Rifaat, a city captured by rebels": the participle hangs off the place's apposition.
    if head.dep_ in {"acl", "relcl"}:
        modified = head.head
        if modified.i in range(mention.start, mention.end):
            return True
        if modified.dep_ == "appos" and modified.head.i in range(mention.start, mention.end):
            return True
    # Light verbs carry the place for their noun object: "launched airstrikes in Idlib".
    if head.dep_ in {"dobj", "nsubj"} and head.head.pos_ == "VERB":
        verb = head.head
        return any(
            c.left_edge.i <= tok.i <= c.right_edge.i
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ in PLACE_PREPS
        )
    return False


def _conjoined_groups(doc: Doc, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """The places to code separately: each conjunct of 'Idlib and Hama', else the most specific one."""
    if len(mentions) == 1:
        return mentions
    roots = {m.start: doc[m.start : m.end].root for m in mentions}
    conjoined = [
        m for m in mentions if any(roots[o.start] in roots[m.start].conjuncts for o in mentions if o is not m)
    ]
    if conjoined:
        return sorted(conjoined, key=lambda m: m.start)
    return [max(mentions, key=lambda m: (specificity(m.place), -m.start))]


def _anaphoric(trig: Trigger, seen: bool) -> bool:
    """'These strikes have resulted in…', 'condemned the attack': a noun that refers back to an event.

    'the' alone refers back only once the article has coded an event already.
    """
    head = trig.head
    if head.pos_ != "NOUN" or trig.family not in VIOLENT:
        return False
    dets = {c.lower_ for c in head.children if c.dep_ == "det"}
    own = {c.dep_ for c in head.children} & {"amod", "compound", "prep", "poss", "nummod"}
    referring = ANAPHORIC_DETS if seen else ANAPHORIC_DETS - {"the"}
    return bool(dets & referring) and not own


def _agreement_made(head: Token) -> bool:
    """A ceasefire or deal counts when it is signed, agreed, reached or announced, not merely mentioned."""
    node = head if head.pos_ == "VERB" else head.head
    if node.dep_ == "prep":  # "agreed to a ceasefire"
        node = node.head
    if head.lemma_.lower() == "surrender":
        return True
    if head.pos_ == "VERB":
        return any(
            c.dep_ == "dobj"
            and c.lemma_.lower() in {"agreement", "deal", "accord", "treaty", "ceasefire", "truce", "pact"}
            for c in head.children
        )
    return node.lemma_.lower() in {
        "sign",
        "agree",
        "reach",
        "announce",
        "declare",
        "broker",
        "conclude",
        "strike",
        "accept",
    }


def _merge(drafts: list[Draft]) -> list[Draft]:
    """Triggers of one violent event ('killed in an airstrike') merge; others stay separate."""
    out: list[Draft] = []
    for d in drafts:
        twin = next((o for o in out if _compatible(o, d)), None)
        if twin is None:
            out.append(d)
            continue
        rank = MERGE_PRIORITY.index
        if (
            d.family in MERGE_PRIORITY
            and twin.family in MERGE_PRIORITY
            and rank(d.family) < rank(twin.family)
        ):
            twin.extra_rules.append(twin.trigger.rule_id)
            twin.merged_heads.append(twin.trigger.head)
            twin.trigger, twin.family = d.trigger, d.family
        else:
            twin.extra_rules.append(d.trigger.rule_id)
            twin.merged_heads.append(d.trigger.head)
        twin.merged_heads.extend(d.merged_heads)
        twin.actors1 = twin.actors1 or d.actors1
        twin.actors2 = twin.actors2 or d.actors2
        if twin.place is None or (d.place_attached and not twin.place_attached):
            twin.place, twin.place_attached = d.place, d.place_attached
    return out


def _compatible(a: Draft, b: Draft) -> bool:
    if a.family not in MERGE_PRIORITY or b.family not in MERGE_PRIORITY:
        return a.family == b.family and a.trigger.head.i == b.trigger.head.i
    linked = any(
        _governs(x, y) or _governs(y, x)
        for x in (a.trigger.head, *a.merged_heads)
        for y in (b.trigger.head, *b.merged_heads)
    )
    if linked and "kill" in {a.family, b.family}:
        return True  # "struck the market, killing 11": the killing is the strike's toll
    if "kill" not in {a.family, b.family} and not linked:
        return False
    same_place = a.place is None or b.place is None or a.place.place.geonames_id == b.place.place.geonames_id
    a1 = a.actors1[0].name if a.actors1 else None
    b1 = b.actors1[0].name if b.actors1 else None
    return same_place and (a1 is None or b1 is None or a1 == b1)


def _governs(head: Token, other: Token) -> bool:
    """`other` hangs off `head`, directly or through a preposition ('killed ... in a shooting')."""
    parent = other.head
    return parent.i == head.i or (other.dep_ == "pobj" and parent.dep_ == "prep" and parent.head.i == head.i)


def _town_over_abroad(pool: list[PlaceMention], usable: list[PlaceMention]) -> list[PlaceMention]:
    """A country, or a region of another country, beside a town written with its region: the town.

    "students from Manipur in India protested in Rangpur city (Rangpur Sadar)": the protest is in
    Rangpur, the region and country say where the students come from.
    """
    towns = [p for p in usable if p.explicit and p.place.feature == "PPL" and p not in pool]
    if not towns:
        return pool
    home = towns[0].place.iso3
    abroad = all(
        p.place.feature == "PCLI" or (p.place.feature == "ADM1" and p.place.iso3 != home) for p in pool
    )
    return towns[:1] if abroad else pool


def _home(actor: Actor | None) -> str | None:
    """The country an actor belongs to, if known."""
    return actor.country if actor is not None else None
