"""From an action family and its actors to ACLED type/sub-type and a CAMEO code."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from coder.actors import Actor
from coder.lexicon import cameo_only_families, roles, word_list
from coder.nlp import passive_voice
from coder.triggers import grievance
from schemas.vocab import acled_event_types, cameo_codes

AIR_WORDS = word_list("taxonomy.air_words")
ARTILLERY_WORDS = word_list("taxonomy.artillery_words")
EXPLOSIVE_WORDS = word_list("taxonomy.explosive_words")
GRENADE_WORDS = {"grenade"}
CALIBRE = re.compile(r"\d{2,3}-?mm")
CHEMICAL_WORDS = word_list("taxonomy.chemical_words")
DISASTER_WORDS = word_list("taxonomy.disaster_words")
MILITARY_CONTEXT = word_list("taxonomy.military_context")
WEAPON_HAULS = word_list("taxonomy.weapon_hauls")
TERRITORY_WORDS = word_list("taxonomy.territory_words")
INTERCEPTABLE = word_list("taxonomy.interceptable")
FOUND_WEAPONS = word_list("taxonomy.found_weapons")
INDUSTRIAL_WORDS = word_list("taxonomy.industrial_words")
QUANTITY_NOUNS = word_list("taxonomy.quantity_nouns")
DECREE_VERBS = word_list("taxonomy.decree_verbs")
THROWN = word_list("taxonomy.thrown")
SYMBOLIC_OBJECTS = word_list("taxonomy.symbolic_objects")
# Burning tyres or logs and building barricades across a road: ACLED's violent demonstration.
BARRICADE_WORDS = {"barricade", "bonfire"}
BURNABLE_BLOCKS = word_list("taxonomy.burnable_blocks")
BURNING_WORDS = word_list("taxonomy.burning_words")
STORES = word_list("taxonomy.stores")
FIRE_REPORT_FAMILIES = {"shelling", "ied", "fire", "strike"}
GUNFIGHT_WORDS = word_list("taxonomy.gunfight_words")
ARMED_TARGETS = word_list("taxonomy.armed_targets")
# Who a clash is between when no actor was resolved: party cadres or villagers are a mob, not an armed group.
CROWD_CUES = word_list("taxonomy.crowd_cues")
NON_STATE_ARMED_CUES = word_list("taxonomy.non_state_armed_cues")
MILITARY_CUES = word_list("taxonomy.military_cues")
UNCONTESTED = word_list("taxonomy.uncontested")
BASE_WORDS = word_list("taxonomy.base_words")
REMOTE_WEAPONS = EXPLOSIVE_WORDS | GRENADE_WORDS | ARTILLERY_WORDS | (AIR_WORDS - {"air"})
SMALL_ARMS = word_list("taxonomy.small_arms")
FIREARMS = SMALL_ARMS | {"shoot", "shot", "bullet", "fire", "gunshot", "firearm"}
FIRING_VERBS = word_list("taxonomy.firing_verbs")
CROWD_CONTROL = word_list("taxonomy.crowd_control")
# Riots: violence by unorganised, unarmed people; a demonstration context makes it a violent demonstration.
UNARMED_TYPES = {"Civilians", "Protesters", "Rioters"}
PROTEST_CONTEXT = word_list("taxonomy.protest_context")
MILITARY_MATERIEL = word_list("taxonomy.military_materiel")
CIVILIAN_TARGETS = word_list("taxonomy.civilian_targets")
INTERVENTION_WORDS = word_list("taxonomy.intervention_words")
VIOLENT_PROTEST_WORDS = word_list("taxonomy.violent_protest_words")
EXCESSIVE_FORCE_WORDS = word_list("taxonomy.excessive_force_words")
AGREEMENT_OBJECTS = word_list("taxonomy.agreement_objects")
VIOLENT_FAMILIES = word_list("taxonomy.violent_families")
ATTACK_LIKE = word_list("taxonomy.attack_like")
NON_ACLED = word_list("taxonomy.non_acled")
STATE_TYPES = {"State forces"}
FIGHT_WORDS = word_list("taxonomy.fight_words")
BODILY_HARM = word_list("taxonomy.bodily_harm")
EXCHANGE_WORDS = word_list("taxonomy.exchange_words")


@dataclass(frozen=True, slots=True)
class Coding:
    """ACLED and CAMEO classification of one event."""

    event_type: str | None
    sub_event_type: str | None
    cameo_code: str
    civilian_targeting: bool | None
    family: str


def _lemmas(sent: Span) -> set[str]:
    # "On 4 March" is a date, not a march.
    return {t.lemma_.lower() for t in sent if t.ent_type_ not in {"DATE", "TIME"}}


def _is_state(actor: Actor | None, event_iso3: str | None) -> bool:
    return (
        actor is not None
        and actor.actor_type in STATE_TYPES
        and (event_iso3 is None or actor.country in (None, event_iso3))
    )


def _civilian(actor: Actor | None) -> bool:
    return actor is not None and actor.actor_type == "Civilians"


def unarmed(actor: Actor | None) -> bool:
    """Civilians, protesters and rioters: people who fight without being an armed organisation."""
    return actor is not None and actor.actor_type in UNARMED_TYPES and not actor.armed


def _riot_sub(actor1: Actor | None, actor2: Actor | None, lemmas: set[str]) -> str:
    protesting = any(
        a is not None and a.actor_type == "Protesters" and a.kind == "role" for a in (actor1, actor2)
    )
    return "Violent demonstration" if protesting or lemmas & PROTEST_CONTEXT else "Mob violence"


def _attack(
    family: str,
    actor1: Actor | None,
    actor2: Actor | None,
    lemmas: set[str],
    instruments: set[str],
    targets: tuple[bool, bool],
    fatalities: int,
    coding: Callable[..., Coding],
) -> Coding:
    """Attacks, killings, shootings: by what weapon, by whom, on whom (`targets`: civilian, armed)."""
    civ_target, armed = targets
    if actor2 is not None and actor2.actor_type == "Protesters":
        if fatalities > 0 or lemmas & EXCESSIVE_FORCE_WORDS:
            return coding("Protests", "Excessive force against protesters", "175")
        return coding("Protests", "Protest with intervention", "175")
    crowd = unarmed(actor1) and actor1 is not None and actor1.collective and not instruments & FIREARMS
    crowd = crowd or (
        family == "fire" and bool(instruments & THROWN) and not (actor1 is not None and actor1.armed)
    )
    if crowd or (actor2 is not None and actor2.actor_type == "Rioters"):
        return coding("Riots", _riot_sub(actor1, actor2, lemmas), "145")
    remote = None if instruments & CROWD_CONTROL else _remote_weapon(instruments | (lemmas & CHEMICAL_WORDS))
    if remote is not None:
        return coding("Explosions/Remote violence", remote[0], remote[1], civ_target or None)
    individual = unarmed(actor1) and not crowd  # one or two men with a gun: an unidentified armed group
    militia = actor1 is not None and actor1.actor_type == "Political militia"
    # "1 killed by an arrow": a killing by no one named is, in ACLED's base rate, violence against civilians.
    nameless_killing = family == "kill" and actor1 is None and actor2 is None
    # "A police officer was shot dead at his home": one victim of nobody named is no battle.
    lone_victim = actor1 is None and actor2 is not None and actor2.role is not None and not actor2.collective
    if armed and not lone_victim:
        return coding("Battles", "Armed clash", "190")  # the target fights back: a battle
    if civ_target or nameless_killing or lone_victim or (actor2 is None and (militia or individual)):
        return coding("Violence against civilians", "Attack", "1823" if family == "kill" else "180", True)
    return coding("Battles", "Armed clash", "190")


def _barricaded(lemmas: set[str]) -> bool:
    """'blocked the road with barricades', 'burned tyres': ACLED codes such blockades as violent."""
    return bool(lemmas & BARRICADE_WORDS) or bool(lemmas & BURNABLE_BLOCKS and lemmas & BURNING_WORDS)


def _blockaded(sent: Span) -> bool:
    """'they blockaded the highway': a crowd that blockades a road (a plain 'blocked' stays peaceful, so do a
    'nationwide blockade' programme and a human chain 'with their bodies') forces it shut, which ACLED
    codes as a violent demonstration."""
    if any(t.lemma_.lower() in {"peaceful", "peacefully"} for t in sent.doc):
        return False
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in {"blockade", "blockaded"}:
            continue
        if not any(t.lemma_.lower() in {"body", "peaceful", "peacefully"} for t in tok.subtree):
            return True
    return False


def _crowd_clash(actor1: Actor | None, actor2: Actor | None, lemmas: set[str]) -> bool:
    """'a clash between cadres of two parties', 'supporters clashed with the police': no armed group is
    named, only partisans or neighbours, so ACLED codes a riot."""
    sides = [a for a in (actor1, actor2) if a is not None and a.actor_type is not None]
    if any(a.armed and a.actor_type not in STATE_TYPES for a in sides):
        return False
    if len(sides) == 2 or not lemmas & CROWD_CUES or lemmas & NON_STATE_ARMED_CUES:
        return False
    return bool(sides) or not lemmas & MILITARY_CUES


def _unfought(sent: Span) -> bool:
    """'…retook the village. No fighting was reported', 'met no resistance', 'without a fight': territory
    that changed hands with no fighting told of is, for ACLED, a non-violent transfer."""
    following = sent.doc[sent.end : sent.end + 1]
    scope = [*sent, *(following[0].sent if len(following) else [])]
    for tok in scope:
        if tok.lemma_.lower() not in FIGHT_WORDS:
            continue
        verb = tok.head
        if any(c.lower_ in {"no", "without"} for c in tok.children) or verb.lower_ == "without":
            return True
        if any(c.dep_ == "neg" or (c.dep_ == "mark" and c.lower_ == "whether") for c in verb.children):
            return True
    return False


def _object_tokens(trigger: Token | None) -> list[Token]:
    """The direct objects (passive subjects) of a verb trigger, with their conjuncts."""
    if trigger is None:
        return []
    passive = passive_voice(trigger)
    found = [
        noun
        for child in trigger.children
        if child.dep_ in {"dobj", "nsubjpass"} or (passive and child.dep_ == "nsubj")
        for noun in (child, *child.conjuncts)
    ]
    if not found and trigger.dep_ == "acl" and trigger.tag_ == "VBN":
        found = [trigger.head]  # "activist released in case": the participle's noun is what was acted on
    return [inner for noun in found for inner in _counted(noun)]


def _counted(noun: Token) -> list[Token]:
    """'a total of 56 rifles', 'a large amount of ammunition': the counted thing is what was acted on."""
    if noun.lemma_.lower() not in QUANTITY_NOUNS:
        return [noun]
    inner = [
        g
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    return [noun, *(t for g in inner for t in (g, *g.conjuncts))]


def _objects(trigger: Token | None) -> set[str]:
    """Lemmas of the direct objects (and their conjuncts and compounds) of a verb trigger."""
    out: set[str] = set()
    for noun in _object_tokens(trigger):
        out.add(noun.lemma_.lower())
        out.update(c.lemma_.lower() for c in noun.children if c.dep_ == "compound")
    return out


def _territorial(tok: Token) -> bool:
    return (
        tok.pos_ == "PROPN" or tok.ent_type_ in {"GPE", "LOC", "FAC"} or tok.lemma_.lower() in TERRITORY_WORDS
    )


def _personal(tok: Token) -> bool:
    return tok.ent_type_ in {"PERSON", "NORP"} or (tok.lemma_.lower(),) in roles()


def _background_violence(sent: Span) -> set[str]:
    """Violent words that name a cause or a title, not what the crowd did ('looted funds', 'the Capitol Riot',
    'against the attack on a health worker')."""
    return {
        t.lemma_.lower()
        for t in sent
        if t.lemma_.lower() in VIOLENT_PROTEST_WORDS
        and (t.pos_ == "PROPN" or t.dep_ == "amod" or grievance(t))
    }


def _without_grievance(sent: Span, trigger: Token | None, lemmas: set[str]) -> set[str]:
    """Sentence lemmas minus what the protest is against or demands ('against the arrest of…')."""
    if trigger is None:
        return lemmas
    scope = [trigger, *trigger.children]
    if trigger.dep_ == "dobj":  # "staged a protest against…": the light verb carries the "against"
        scope.append(trigger.head)
    heads = [
        c
        for t in scope
        for c in t.children
        if (c.dep_ == "prep" and c.lower_ in {"against", "over"})
        or c.lemma_.lower() in {"demand", "denounce"}
    ]
    if not heads:
        return lemmas
    inside = {t.i for h in heads for t in h.subtree}
    return {t.lemma_.lower() for t in sent if t.i not in inside and t.ent_type_ not in {"DATE", "TIME"}}


def _industrial(trigger: Token | None) -> bool:
    """What exploded is a plant, boiler or gas tank ('the furnace exploded', 'an explosion at a refinery')."""
    if trigger is None:
        return False
    near = [c for c in trigger.children if c.dep_ in {"nsubj", "compound"}]
    near += [g for c in trigger.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    words = {w for t in near for w in (t.lemma_.lower(), *(c.lemma_.lower() for c in t.children))}
    return bool(words & INDUSTRIAL_WORDS)


def _ground_bombing(trigger: Token | None, actor1: Actor | None, lemmas: set[str]) -> bool:
    """'the PDF bombed the telecom office': a group with no aircraft bombs with explosives."""
    if trigger is None or trigger.pos_ != "VERB" or trigger.lemma_.lower() != "bomb" or lemmas & AIR_WORDS:
        return False
    return not (actor1 is not None and actor1.armed and actor1.actor_type in STATE_TYPES)


def _found_dead(trigger: Token | None) -> bool:
    """'a man was found dead', 'bodies were found', 'a head was found in a bag'."""
    if trigger is None:
        return False
    dead = any(c.lemma_.lower() in {"dead", "killed", "murdered", "beheaded"} for c in trigger.children)
    return dead or bool(_objects(trigger) & {"body", "corpse", "head", "remains"})


def _target_nouns(trigger: Token | None) -> list[Token]:
    """Nouns the act was aimed at: objects, passive subjects, 'on'/'at' phrases."""
    if trigger is None:
        return []
    targets = [
        g
        for c in trigger.children
        for g in ([c] if c.dep_ in {"dobj", "nsubjpass"} else [])
        + (
            [g for g in c.children if g.dep_ == "pobj"]
            if c.dep_ == "prep" and c.lower_ in {"on", "at", "against"}
            else []
        )
    ]
    if trigger.lemma_.lower() in FIRING_VERBS:
        # "fired mortars, machine guns and small arms at soldiers": the "at" hangs off the last weapon
        targets += [
            g
            for c in trigger.children
            if c.dep_ == "dobj"
            for p in c.subtree
            if p.dep_ == "prep" and p.lower_ in {"on", "at"}
            for g in p.children
            if g.dep_ == "pobj"
        ]
    return [t for t in targets if t.pos_ == "NOUN"]


def _unarmed_target(trigger: Token | None) -> bool:
    """'beat a clerk', 'shot a man': a target noun that is no armed force, post or vehicle of one."""
    nouns = _target_nouns(trigger)
    return bool(nouns) and not any(_forms(t) & ARMED_TARGETS for t in nouns)


def armed_target(trigger: Token | None) -> bool:
    """'attacked two military bases', 'fired at army positions': the target is an armed force."""
    return any(_forms(t) & ARMED_TARGETS for t in _target_nouns(trigger))


def _place_target(trigger: Token | None) -> bool:
    if trigger is None or trigger.pos_ != "VERB":
        return False
    return any(c.dep_ == "dobj" and c.pos_ == "PROPN" for c in trigger.children)


def _forms(tok: Token) -> set[str]:
    """Lemma and plain singular of a noun ('bases' is lemmatised 'basis' by the small model)."""
    lower = tok.lower_
    return {tok.lemma_.lower(), lower, lower[:-1] if lower.endswith("s") else lower}


def _stored(trigger: Token | None) -> bool:
    """'a stash of projectiles', 'projectiles found in a depot': ammunition held, not fired."""
    if trigger is None or trigger.pos_ != "NOUN":
        return False
    holder = trigger.head
    if trigger.dep_ == "pobj" and holder.lower_ == "of" and holder.head.lemma_.lower() in STORES:
        return True
    return any(
        c.dep_ == "acl" and c.lemma_.lower() in {"find", "seize", "store", "discover"}
        for c in trigger.children
    )


def _two_sided_fire(sent: Span, trigger: Token | None, lemmas: set[str]) -> bool:
    """Fire 'in both directions' across a front line is an exchange, so a battle (ACLED); so are counted
    projectiles or explosions that came with small-arms shots ('12 explosions/shots involving small arms')."""
    if "both directions" in sent.text.lower():
        return True
    unnamed = trigger is not None and trigger.lemma_.lower() in {"projectile", "explosion"}
    return unnamed and bool(lemmas & {"shot", "small"}) and not lemmas & (ARTILLERY_WORDS - {"shell"})


def _several_explosions(trigger: Token | None, lemmas: set[str]) -> bool:
    """'explosions were heard near X': a series of blasts with no device named is shelling, not an IED."""
    if trigger is None or trigger.tag_ != "NNS" or trigger.lemma_.lower() not in {"explosion", "blast"}:
        return False
    return not lemmas & (EXPLOSIVE_WORDS | {"suicide", "device", "car"})


def weapons(trigger: Token) -> set[str]:
    """Words naming what the act was done with: 'fired mortars', 'attacked with mines', 'from a helicopter'.

    The target ('a helicopter was shot at') is left out: it is what was hit, not the weapon.
    """
    words = {trigger.lemma_.lower()}
    words.update(c.lemma_.lower() for c in trigger.children if c.dep_ in {"compound", "amod"})
    light = False
    fired = trigger.lemma_.lower() in FIRING_VERBS
    if fired and trigger.dep_ == "acl" and trigger.tag_ == "VBN":
        words.update(t.lemma_.lower() for t in trigger.head.subtree)  # "shells fired by the army"
    for child in trigger.children:
        if (child.dep_ in {"dobj", "nsubjpass"} and fired) or (
            child.dep_ == "prep" and child.lower_ in {"with", "from", "using", "by"}
        ):
            words.update(t.lemma_.lower() for t in child.subtree)
    for tok in trigger.subtree:
        if tok.lemma_.lower() == "use" and tok.pos_ == "VERB":  # "attacked the convoy using landmines"
            words.update(t.lemma_.lower() for t in tok.subtree)
        elif tok.dep_ == "pobj" and tok.head.lower_ == "with" and tok.lemma_.lower() in REMOTE_WEAPONS:
            # "attacked the vehicle passing by with a landmine", "police at a checkpoint with grenades"
            words.update(t.lemma_.lower() for t in tok.subtree)
        if CALIBRE.fullmatch(tok.lower_) or (tok.lower_ == "mm" and tok.i > 0 and tok.nbor(-1).like_num):
            words.add("artillery")  # "fired 120mm at positions": a calibre names a gun or mortar
        if tok.lemma_.lower() in SMALL_ARMS and not any(c.lower_ == "heavy" for c in tok.children):
            light = True  # heavy machine guns are crew-served and fired from afar, unlike rifles
    user = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
    if user.lemma_.lower() == "use":  # "used sarin in an attack"
        words.update(t.lemma_.lower() for c in user.children if c.dep_ == "dobj" for t in c.subtree)
    small = words & SMALL_ARMS
    if small <= {"gun", "machinegun"} and not light:
        small = set()  # only heavy machine guns: fire from afar
    if small and words & ARTILLERY_WORDS:
        words -= ARTILLERY_WORDS | GRENADE_WORDS  # small arms alongside mortars: a clash, not shelling
    return words


def _remote_weapon(words: set[str]) -> tuple[str, str] | None:
    """'attacked the convoy with landmines', 'fired mortars': the weapon makes it remote violence."""
    if words & CHEMICAL_WORDS:
        return "Chemical weapon", "195"
    if words & {"suicide"}:
        return "Suicide bomb", "1831"
    if words & (AIR_WORDS - {"air"}):  # "fired into the air" is no air strike
        return "Air/drone strike", "195"
    if words & ARTILLERY_WORDS:
        return "Shelling/artillery/missile attack", "194"
    if words & GRENADE_WORDS:
        return "Grenade", "183"
    if words & EXPLOSIVE_WORDS:
        return "Remote explosive/landmine/IED", "183"
    return None


def classify(
    family: str,
    actor1: Actor | None,
    actor2: Actor | None,
    sent: Span,
    event_iso3: str | None,
    fatalities: int,
    lexicon_code: str,
    trigger: Token | None = None,
) -> Coding | None:
    """ACLED type/sub-type and CAMEO code for a family given its actors; None when it is no event."""
    lemmas = _lemmas(sent)
    instruments = weapons(trigger) if trigger is not None else lemmas
    civ_target = _civilian(actor2) or (
        actor2 is None and bool(lemmas & CIVILIAN_TARGETS) and family in ATTACK_LIKE
    )

    def coding(event_type: str | None, sub: str | None, code: str, civ: bool | None = None) -> Coding:
        return Coding(event_type, sub, cameo_code(code), civ, family)

    if family in VIOLENT_FAMILIES and actor1 is None and lemmas & DISASTER_WORDS:
        return None  # "a tsunami killed 222", "a warehouse exploded": no one did it
    if family == "ied" and actor1 is None and _industrial(trigger):
        return None  # "a boiler at a chemical plant exploded": an accident
    if family == "weapons_found" and lemmas & DISASTER_WORDS:
        return None
    if family == "strike" and trigger is not None and trigger.lemma_.lower() in {"target", "hit"}:
        if not lemmas & (AIR_WORDS | ARTILLERY_WORDS | EXPLOSIVE_WORDS | MILITARY_CONTEXT):
            return None  # "sanctions targeting officials", "hit by an earthquake"
    if family == "intercept" and _objects(trigger) and not _objects(trigger) & INTERCEPTABLE:
        return None  # "intercepted migrants", "a trafficker": not a weapon
    if family == "destroy" and actor1 is None:
        return None  # "demolished by an explosion"
    if family == "evacuate" and lemmas & DISASTER_WORDS:
        return None
    if family == "loot" and _objects(trigger) & SYMBOLIC_OBJECTS:
        return coding(
            "Protests", "Peaceful protest", "141"
        )  # burning a flag, an effigy or tyres is a protest
    if family == "loot" and _objects(trigger) & BURNABLE_BLOCKS and not (actor1 is not None and actor1.armed):
        return coding("Riots", "Violent demonstration", "145")  # burning tyres on a road is a protest tactic
    if family in {"loot", "destroy"} and unarmed(actor1):
        # Property destroyed by a crowd is a riot, not a strategic development.
        return coding("Riots", _riot_sub(actor1, actor2, lemmas), "145")
    if family == "strike":
        if lemmas & ARTILLERY_WORDS and not lemmas & AIR_WORDS:
            return coding(
                "Explosions/Remote violence", "Shelling/artillery/missile attack", "194", civ_target or None
            )
        if lemmas & AIR_WORDS or (actor1 is not None and actor1.armed and actor1.actor_type in STATE_TYPES):
            return coding("Explosions/Remote violence", "Air/drone strike", "195", civ_target or None)
        family = "attack"
    if family in FIRE_REPORT_FAMILIES and _two_sided_fire(sent, trigger, lemmas):
        return coding("Battles", "Armed clash", "190")
    if family == "air_strike" and _ground_bombing(trigger, actor1, lemmas):
        return coding(
            "Explosions/Remote violence", "Remote explosive/landmine/IED", "183", civ_target or None
        )
    if family == "air_strike":
        return coding("Explosions/Remote violence", "Air/drone strike", lexicon_code, civ_target or None)
    if family == "shelling" and _stored(trigger):
        return None  # "a stash of projectiles found": weapons, not fire
    if family == "shelling":
        return coding(
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            lexicon_code,
            civ_target or None,
        )
    if family == "ied" and _several_explosions(trigger, lemmas):
        return coding(
            "Explosions/Remote violence", "Shelling/artillery/missile attack", "194", civ_target or None
        )
    if family == "ied":
        return coding(
            "Explosions/Remote violence", "Remote explosive/landmine/IED", lexicon_code, civ_target or None
        )
    if family == "suicide_bomb":
        return coding("Explosions/Remote violence", "Suicide bomb", lexicon_code, civ_target or None)
    if family == "grenade":
        return coding("Explosions/Remote violence", "Grenade", lexicon_code, civ_target or None)
    if family == "capture":
        seized = _object_tokens(trigger)
        seized_words = {t.lemma_.lower() for t in seized}
        if seized_words & WEAPON_HAULS:
            return coding("Strategic developments", "Disrupted weapons use", "171")
        if seized and not any(_territorial(t) for t in seized):
            if not any(_personal(t) for t in seized):
                return None  # "captured footage", "seized documents": no territory changed hands
            if _is_state(actor1, event_iso3):
                return coding("Strategic developments", "Arrests", "173")
            return coding("Violence against civilians", "Abduction/forced disappearance", "181", True)
        if lemmas & UNCONTESTED or _unfought(sent):
            return coding("Strategic developments", "Non-violent transfer of territory", "192")
        sub = (
            "Government regains territory"
            if _is_state(actor1, event_iso3)
            else "Non-state actor overtakes territory"
        )
        return coding("Battles", sub, lexicon_code)
    if family == "weapons_found" and _found_dead(trigger):
        return coding("Violence against civilians", "Attack", "1823", True)  # bodies found: killed by someone
    if family == "weapons_found":
        if not _objects(trigger) & (WEAPON_HAULS | FOUND_WEAPONS):
            return None  # "found the body", "cleared the road": only weapons found disrupt their use
        return coding("Strategic developments", "Disrupted weapons use", "171")
    if family == "change":
        return coding("Strategic developments", "Change to group/activity", lexicon_code)
    if family == "withdraw":
        return coding("Strategic developments", "Non-violent transfer of territory", lexicon_code)
    if family == "base":
        if not _objects(trigger) & BASE_WORDS:
            return None
        return coding("Strategic developments", "Headquarters or base established", "154")
    if family == "clash":
        gunfire = trigger is not None and (
            trigger.lemma_.lower() in GUNFIGHT_WORDS or bool(weapons(trigger) & (FIREARMS | ARTILLERY_WORDS))
        )
        if (unarmed(actor1) or unarmed(actor2) or _crowd_clash(actor1, actor2, lemmas)) and not gunfire:
            return coding("Riots", _riot_sub(actor1, actor2, lemmas), "145")
        return coding("Battles", "Armed clash", "190")
    if family == "operation" and actor2 is None:
        return None
    if family == "fire" and instruments & CROWD_CONTROL and not (actor2 is not None and actor2.armed):
        return coding("Protests", "Protest with intervention", "175")  # tear gas on a crowd
    if family in ATTACK_LIKE:
        civ_target = civ_target or (actor2 is None and _unarmed_target(trigger))
        armed = armed_target(trigger) and not _civilian(actor2)
        if trigger is not None and trigger.lemma_.lower() in BODILY_HARM:
            # "police beat a man at the station", "he was tortured": harm done by hand is aimed at whom it
            # names, not where it happened, and is no battle unless that is a fighter
            armed = armed and any(_forms(t) & ARMED_TARGETS for t in _object_tokens(trigger))
            civ_target = civ_target or not (armed or (actor2 is not None and actor2.armed))
        # "militants attacked Namava": a raid on a named village by a non-state group targets its people.
        civ_target = civ_target or (
            (actor2 is None or actor2.actor_type is None)
            and not armed
            and _place_target(trigger)
            and not _is_state(actor1, event_iso3)
        )
        return _attack(family, actor1, actor2, lemmas, instruments, (civ_target, armed), fatalities, coding)
    if family == "chemical":
        return coding("Explosions/Remote violence", "Chemical weapon", lexicon_code, civ_target or None)
    if family == "sexual":
        return coding("Violence against civilians", "Sexual violence", lexicon_code, True)
    if family == "destroy":
        if actor1 is not None and actor1.armed and lemmas & MILITARY_MATERIEL:
            return coding("Strategic developments", "Disrupted weapons use", "171")
        return coding("Strategic developments", "Looting/property destruction", lexicon_code)
    if family == "evacuate":
        return coding("Strategic developments", "Other", lexicon_code)
    if family == "emergency":
        node = trigger
        while node is not None and node.dep_ in {"pobj", "prep"}:  # "a state of emergency": up to "state"
            node = node.head
        if node is None or node.head.lemma_.lower() not in DECREE_VERBS:
            return None  # a state of emergency mentioned, not declared, extended or lifted
        return coding("Strategic developments", "Other", lexicon_code)
    if family == "abduct":
        return coding("Violence against civilians", "Abduction/forced disappearance", "181", True)
    if family == "protest":
        lemmas = _without_grievance(sent, trigger, lemmas) - _background_violence(sent)
        if lemmas & VIOLENT_PROTEST_WORDS or _barricaded(lemmas) or _blockaded(sent):
            return coding("Riots", "Violent demonstration", "145")
        if fatalities > 0 and lemmas & EXCESSIVE_FORCE_WORDS:
            return coding("Protests", "Excessive force against protesters", "145")
        if lemmas & INTERVENTION_WORDS:
            return coding("Protests", "Protest with intervention", "141")
        return coding("Protests", "Peaceful protest", lexicon_code)
    if family == "riot":
        return coding("Riots", "Violent demonstration", lexicon_code)
    if family == "mob":
        return coding("Riots", "Mob violence", "180")
    if family == "arrest":
        return coding("Strategic developments", "Arrests", lexicon_code)
    if family in {"agreement", "ceasefire"}:
        return coding("Strategic developments", "Agreement", lexicon_code)
    if family == "intercept":
        return coding("Strategic developments", "Disrupted weapons use", lexicon_code)
    if family == "loot":
        return coding("Strategic developments", "Looting/property destruction", lexicon_code)
    if family == "deploy":  # troop movements, reinforcements, patrols
        return coding("Strategic developments", "Change to group/activity", lexicon_code)
    if family == "release" and lemmas & EXCHANGE_WORDS:
        return coding("Strategic developments", "Agreement", lexicon_code)  # a prisoner exchange is agreed
    if family == "release" and not any(_personal(t) for t in _object_tokens(trigger)):
        return None  # "released a report": only people are released
    if family in NON_ACLED or family in cameo_only_families():
        return coding(None, None, lexicon_code)
    return None


@cache
def _codebook() -> dict[str, tuple[str, int, float]]:
    book = cameo_codes()
    return {
        row["cameo_code"]: (row["cameo_root"], row["quad_class"], row["goldstein"])
        for row in book.iter_rows(named=True)
    }


def cameo_code(code: str) -> str:
    """The code itself if the codebook has it, else its nearest listed parent."""
    book = _codebook()
    while code and code not in book:
        code = code[:-1]
    return code


def cameo_fields(code: str) -> tuple[str, int, float]:
    """(root, quad class, Goldstein) of a CAMEO code."""
    return _codebook()[code]


@cache
def disorder_of() -> dict[tuple[str, str], str]:
    """(event_type, sub_event_type) -> ACLED disorder type."""
    return {
        (r["event_type"], r["sub_event_type"]): r["disorder_type"]
        for r in acled_event_types().iter_rows(named=True)
    }
