"""Who did it and to whom, as parse tokens: the agent and target phrases of a trigger word."""

from __future__ import annotations

from spacy.tokens import Token

from coder.lexicon import word_list
from coder.nlp import passive_voice

NOT_AGENT_VERBS = word_list("arguments.not_agent_verbs")


TARGET_PREPS = word_list("arguments.target_preps")


def argument_heads(head: Token) -> tuple[list[Token], list[Token]]:
    """Tokens heading actor1 (agent) and actor2 (target) phrases of a trigger."""
    agents: list[Token] = []
    targets: list[Token] = []
    children = list(head.children)
    passive = passive_voice(head)
    for c in children:
        if c.dep_ == "agent":
            agents.extend(g for g in c.children if g.dep_ == "pobj")
        elif c.dep_ == "nsubj":
            (targets if passive else agents).append(c)
        elif c.dep_ == "nsubjpass":
            targets.append(c)
        elif c.dep_ == "dobj":
            targets.append(c)
        elif c.dep_ == "prep" and c.lower_ in TARGET_PREPS | {"with", "between", "by"}:
            objects = [g for g in c.children if g.dep_ == "pobj"]
            if c.lower_ == "by":
                agents.extend(objects)
            elif c.lower_ == "between" and objects:
                sides = _between(c)
                agents.extend(sides[0])
                targets.extend(sides[1])
            else:
                targets.extend(objects)
        elif c.dep_ in {"compound", "amod", "poss"} and head.pos_ == "NOUN" and not _stance(c):
            agents.append(c)
    named = any(a.pos_ in {"NOUN", "PROPN"} for a in agents)
    if head.pos_ in {"NOUN", "VERB"} and head.dep_ in {"nsubj", "attr"} and not named:
        # "fighting took place between A and B", "there was a clash between A and B"
        for c in head.head.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                sides = _between(c)
                agents.extend(sides[0])
                targets.extend(sides[1])
    if head.pos_ == "NOUN":
        # "a landmine planted by the military exploded": the planter is the agent.
        for acl in (c for c in head.children if c.dep_ == "acl"):
            agents.extend(
                g for a in acl.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"
            )
    if head.dep_ == "relcl":
        # "insurgents who have seized…": the relative pronoun stands for the modified noun.
        agents = [head.head if a.tag_ in {"WP", "WDT"} else a for a in agents] or [head.head]
    # "forces conducted air strikes", "launched an offensive operation": a modifier of the event noun is
    # part of its name, so the light verb's subject is still the agent (named first).
    modifiers = [a for a in agents if a.dep_ in {"compound", "amod"} and a.head.i == head.i]
    if len(modifiers) == len(agents) and head.pos_ == "NOUN" and head.dep_ in {"dobj", "pobj"}:
        verb = head.head if head.dep_ == "dobj" else head.head.head
        if verb.pos_ == "VERB" and verb.lemma_.lower() not in NOT_AGENT_VERBS:
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if not subjects and not agents and verb.dep_ == "relcl":
                subjects.append(verb.head)
            agents = subjects + agents
    if not agents and head.dep_ in {"conj", "xcomp", "advcl"}:
        agents.extend(c for c in head.head.children if c.dep_ == "nsubj")
    if head.pos_ == "NOUN" and head.dep_ == "nsubj" and not targets:
        targets.extend(c for c in head.head.children if c.dep_ == "dobj")
    if passive and head.dep_ == "acl":
        targets = [t for t in targets if t.i != head.head.i]
    return agents, targets


def _between(prep: Token) -> tuple[list[Token], list[Token]]:
    """'between A and B': A is one side, its conjuncts the other."""
    objects = [g for g in prep.children if g.dep_ == "pobj"]
    return (objects[:1], list(objects[0].conjuncts)) if objects else ([], [])


def _stance(tok: Token) -> bool:
    """'anti-Russia rally', 'pro-government march': the modifier is what the event is for or against."""
    if tok.is_punct or tok.lower_.startswith(("anti-", "pro-")):
        return True
    glued = tok.i >= 2 and tok.nbor(-1).text == "-" and tok.nbor(-2).lower_ in {"anti", "pro"}
    return glued or any(t.lower_ in {"anti", "pro"} for t in tok.subtree)
