"""Place-name normalisation for the gazetteer: comparison keys, transliteration skeletons, admin names.

Two keys are computed for every name:

- `normalize` gives the exact comparison key: accents stripped, case folded, apostrophes and quotes of
  every kind removed, hyphens and punctuation turned into spaces ("Tall Rif‘at" -> "tall rifat").
- `skeleton` gives a looser key that survives the usual ways one name is written in Latin letters
  ("Tel Rifaat" / "Tall Rif'at" -> "tl rft", "Deir ez-Zor" / "Dayr az Zawr" -> "dr zr",
  "Kharkov" / "Kharkiv" -> "khrkv"): Arabic articles dropped, a few letter equivalences, doubled
  letters collapsed, vowels dropped.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "COMMON_WORDS",
    "clean_admin_name",
    "fold_letters",
    "is_common_word",
    "normalize",
    "skeleton",
]

# Letters that NFKD does not decompose into an ASCII base letter.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "ħ": "h",
        "Ħ": "h",
        "ŋ": "ng",
        "ə": "e",
        "Ə": "e",
        "ǝ": "e",
        "Ǝ": "e",
        "ß": "ss",
    }
)
# Apostrophes and quotes (including the Arabic ayn/hamza marks ʿ ʾ) vanish: "Rif‘at" == "Rifat".
_QUOTES = "'’‘`´ʿʾʼʻʹ′″\"“”„‟‹›«»"
_SEPARATORS = "-‐‑‒–—―_.,;:/\\()[]{}!?*+|~#"
_PUNCTUATION = str.maketrans({**dict.fromkeys(_QUOTES, ""), **dict.fromkeys(_SEPARATORS, " "), "&": " and "})


# For display the capitals stay capitals ("Østfold" -> "Ostfold").
_DISPLAY_LETTERS = {
    **_SPECIAL_LETTERS,
    **str.maketrans(
        {
            "Ø": "O",
            "Ł": "L",
            "Đ": "D",
            "Ð": "D",
            "Þ": "Th",
            "Æ": "Ae",
            "Œ": "Oe",
            "Ħ": "H",
            "Ə": "E",
            "Ǝ": "E",
        }
    ),
}


def fold_letters(name: str) -> str:
    """The name with letters that lose no accent but change base ("ı", "ø", "ł") in plain Latin.

    Display names are written so, as ACLED writes them ("Diyarbakir", "Ostfold"); accents that
    decompose are kept.

    >>> fold_letters("Şırnak")
    'Şirnak'
    """
    return name.translate(_DISPLAY_LETTERS)


def normalize(name: str) -> str:
    """The exact comparison key of a place name.

    NFKD with accents stripped, case folded, quotes removed, hyphens and punctuation as spaces,
    whitespace collapsed. A name in Latin script comes out as plain ASCII.

    >>> normalize("Tall Rif‘at")
    'tall rifat'
    >>> normalize("Deir ez-Zor")
    'deir ez zor'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.translate(_SPECIAL_LETTERS).casefold().translate(_PUNCTUATION)
    return " ".join(folded.split())


# Arabic definite-article forms as transliterated ("al-", "el-", assimilated "ad-", "ash-", "ez-"...).
_ARTICLES = frozenset(
    {"al", "el", "il", "ul", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed", "en", "er", "es"}
    | {"et", "ez", "esh", "eth"}
)
# Digraphs first, then single letters; g -> h folds Russian g / Ukrainian h (Lugansk / Luhansk)
# and Arabic gh / h.
_LETTER_EQUIVALENTS = {
    "ph": "f",
    "ck": "k",
    "dh": "d",
    "th": "t",
    "dj": "j",
    "dzh": "j",
    "ch": "ch",
    "c": "k",
    "q": "k",
    "g": "h",
    "x": "ks",
}
_LETTER_PATTERN = re.compile("|".join(sorted(_LETTER_EQUIVALENTS, key=len, reverse=True)))
_VOWELS = frozenset("aeiou")
_SEMIVOWELS = frozenset("yw")
_DOUBLED = re.compile(r"(.)\1+")


def _token_skeleton(token: str) -> str:
    token = _LETTER_PATTERN.sub(lambda m: _LETTER_EQUIVALENTS[m.group(0)], token)
    # A final h after a vowel is the Arabic feminine ending, written or not: Raqqah / Raqqa.
    if len(token) > 2 and token.endswith("h") and token[-2] in _VOWELS:
        token = token[:-1]
    token = _DOUBLED.sub(r"\1", token)
    if not token:
        return ""
    # A leading vowel is kept as one neutral mark, so Idlib / Edleb agree but differ from Dlib.
    head = "a" if token[0] in _VOWELS else token[0]
    tail = "".join(ch for ch in token[1:] if ch not in _VOWELS and ch not in _SEMIVOWELS)
    return head + tail


def skeleton(normalized: str, min_letters: int = 3) -> str:
    """A transliteration-tolerant key of an already normalised name ("" when too short to be useful).

    Arabic articles are dropped, letter equivalents folded (q/c -> k, ph -> f, g -> h ...), doubled
    letters collapsed and vowels removed. Skeletons of fewer than `min_letters` letters are too
    ambiguous to match on among all places and come back empty.

    >>> skeleton(normalize("Tel Rifaat")) == skeleton(normalize("Tall Rif'at"))
    True
    """
    if not normalized.isascii():
        return ""
    tokens = normalized.split()
    kept = [token for token in tokens if token not in _ARTICLES] or tokens
    parts = [part for part in (_token_skeleton(token) for token in kept) if part]
    key = " ".join(parts)
    if sum(len(part) for part in parts) < min_letters:
        return ""
    return key


# English function words and reporting words that are also, somewhere, an alternate place name
# ("The" is one of Teresina's): a mention that is only one of these is never a place.
COMMON_WORDS = frozenset(
    """
    a about above across after against all along also am among an and any are around as at be been
    before behind being below beside between beyond both but by can could did do does during each
    either even every few for from had has have he her here hers him his how i if in inside into is it
    its may me might more most much must my near neither no nor not now of off on once one only onto or
    other our out outside over own per she should since so some such than that the their them then
    there these they this those though through to too toward towards under until up upon us very via
    was we were what when where which while who whom whose why will with within without would yet you
    your
    said says say saying told tells reported reports according added stated claimed announced
    new old north south east west northern southern eastern western central city town village
    province region district state capital area border people police army forces government
    """.split()
)


def is_common_word(mention: str) -> bool:
    """True when a mention is an English function or reporting word rather than a place name.

    All-capital acronyms ("US", "UK") are not common words even when their lower case is ("us").
    """
    if mention.isupper() and len(mention.strip()) <= 4:
        return False
    return normalize(mention) in COMMON_WORDS


# Generic administrative words around an admin name ("Zamfara State", "Muhafazat Hadramaout").
_ADMIN_SUFFIXES = frozenset(
    {
        "province",
        "povince",
        "governorate",
        "region",
        "state",
        "oblast",
        "krai",
        "kray",
        "department",
        "prefecture",
        "municipality",
        "district",
        "county",
        "parish",
        "division",
        "raion",
        "rayon",
        "regency",
        "upazila",
        "township",
        "tehsil",
    }
)
_ADMIN_PREFIXES = frozenset(
    {"muhafazat", "wilayat", "ostan", "provincia", "departamento", "departement", "region", "province"}
    | {"kabupaten", "kota"}
)
_CONNECTORS = frozenset({"de", "del", "du", "di", "da", "des", "of"})
# Ukrainian / Russian adjectival oblast names: "Kharkivs’ka Oblast’" -> "Kharkiv".
_SLAVIC_ADJECTIVE = re.compile(r"(?:s['’]?ka|s['’]?kaya|skaja)$", re.IGNORECASE)


# Names in which the generic word is part of the name itself.
_FIXED_ADMIN_NAMES = frozenset({"free state", "capital district", "federal district", "distrito federal"})


def clean_admin_name(name: str) -> str:
    """An admin1 / admin2 name without generic words around it, keeping the original spelling.

    "Zamfara State" -> "Zamfara", "Muhafazat Hadramaout" -> "Hadramaout", "Kharkivs’ka Oblast’" ->
    "Kharkiv", "Province of Idlib" -> "Idlib". "District of Columbia", "Free State" and one-word names
    are left alone.
    """
    if normalize(name) in _FIXED_ADMIN_NAMES:
        return name
    words = name.split()
    changed = True
    while changed and len(words) > 1:
        changed = False
        last = normalize(words[-1])
        if last in _ADMIN_SUFFIXES:
            was_oblast = last == "oblast"
            words = words[:-1]
            changed = True
            if was_oblast and len(words) == 1:
                words = [_SLAVIC_ADJECTIVE.sub("", words[0]) or words[0]]
            continue
        first = normalize(words[0])
        if first in _ADMIN_PREFIXES:
            words = words[1:]
            if len(words) > 1 and normalize(words[0]) in _CONNECTORS:
                words = words[1:]
            changed = True
    return " ".join(words) if words else name
