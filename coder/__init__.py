"""Code stage: spaCy parse plus dictionaries, lexicon and gazetteer -> ACLED/CAMEO event rows."""

from coder.code import Coder, CoderSettings, code_articles
from coder.evaluate import GoldFileError, evaluate_file, load_gold, score
from coder.gazetteer import Gazetteer, Place, load_gazetteer
from coder.nlp import ModelNotFoundError, load_nlp
from coder.version import coder_version

__all__ = [
    "Coder",
    "CoderSettings",
    "Gazetteer",
    "GoldFileError",
    "ModelNotFoundError",
    "Place",
    "code_articles",
    "coder_version",
    "evaluate_file",
    "load_gazetteer",
    "load_gold",
    "load_nlp",
    "score",
]
