"""Words for document search: lowercase, accents folded, stopwords dropped, stemmed.

Stemming choice: a chunk is stemmed with the Snowball stemmer of *its own* language
(Spanish or English, guessed from stopwords when the document does not say), so a word
is one term in the index and BM25's term frequencies and lengths stay honest. The
query's language is unknown (and people mix languages), so each query word is stemmed
with both stemmers and both stems are looked up: the Spanish "domingos" and "doming"
meet in a Spanish chunk, the English "payments" and "payment" in an English one.
Accents are folded before stemming, so "Gáldar" and "GALDAR" are the same word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_SPANISH

SPANISH = "es"
ENGLISH = "en"
LANGUAGES = (SPANISH, ENGLISH)
_STEMMER_NAMES = {SPANISH: "spanish", ENGLISH: "english"}

_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lowercase without accents: "Gáldar" -> "galdar", "AÑO" -> "ano"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_STOPWORDS = {
    SPANISH: frozenset(fold(word) for word in STOPWORDS_SPANISH),
    ENGLISH: frozenset(fold(word) for word in STOPWORDS_EN_PLUS),
}
STOPWORDS = _STOPWORDS[SPANISH] | _STOPWORDS[ENGLISH]


@lru_cache(maxsize=2)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMER_NAMES[language])


def words(text: str) -> list[str]:
    """The folded words of `text`, stopwords (Spanish and English) left out."""
    return [word for word in _WORD.findall(fold(text)) if word not in STOPWORDS]


def detect_language(text: str) -> str | None:
    """ "es" or "en" by which language's stopwords are more frequent; None if neither shows."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for word in _WORD.findall(fold(text[:20_000])):
        for language in LANGUAGES:
            if word in _STOPWORDS[language]:
                counts[language] += 1
    if counts[SPANISH] == counts[ENGLISH]:
        return None
    return SPANISH if counts[SPANISH] > counts[ENGLISH] else ENGLISH


def document_terms(text: str, language: str | None) -> list[str]:
    """The terms a chunk is indexed under: stemmed in its language (Spanish if unknown)."""
    return _stemmer(language if language in LANGUAGES else SPANISH).stemWords(words(text))


def query_terms(text: str) -> list[str]:
    """The terms looked up for a query: each word's Spanish and English stems, once each."""
    folded = words(text)
    terms: dict[str, None] = {}
    for language in LANGUAGES:
        for term in _stemmer(language).stemWords(folded):
            terms.setdefault(term, None)
    return list(terms)
