"""Word lists about names, loaded once from ``analysis/data`` (their provenance is in
each file's header): role and title words, company legal forms, known aliases of
international bodies. Light (no analysis imports) so that the junk rules
(analysis.junk) and the corpus-level resolution (analysis.resolve) share them without an
import circle.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"

#: A stock ticker in a wire's angle brackets: "<PIE>", "<STOS.S>", "<UK>" (Union
#: Carbide's), its symbol in group 1. Reuters writes one after a listed company's name;
#: the symbol names no place or thing the story is about (analysis.junk.drop_tickers) and
#: marks the name before it a company's (analysis.countries.companies). Written for
#: NewsLens from the wire's convention (branch ctry19).
BRACKET_TICKER = r"<([A-Z][A-Z0-9]{0,5}(?:\.[A-Z]{1,2})?)>"

_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """The normalised form: accents, case, dots, hyphens and a leading 'the' dropped,
    '&' read as 'and' ('The U.S.-Japan Council' -> 'us japan council')."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ").replace(".", "").replace("'", "")
    text = _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()
    return text[4:] if text.startswith("the ") else text


def _data_lines(name: str) -> list[str]:
    """Non-comment, non-empty lines of a file in analysis/data."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    """Lower-case role/title words (``data/role_words.txt``)."""
    return frozenset(_data_lines("role_words.txt"))


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Lower-case English function words (``data/function_words.txt``, from spaCy's
    English stop words)."""
    return frozenset(_data_lines("function_words.txt"))


@lru_cache(maxsize=1)
def company_suffixes() -> frozenset[str]:
    """Lower-case legal-form words ending company names (``data/company_suffixes.txt``)."""
    return frozenset(_data_lines("company_suffixes.txt"))


@lru_cache(maxsize=1)
def common_nouns() -> frozenset[str]:
    """English common nouns, lower case, singular (``data/common_nouns.tsv.gz``: WordNet
    3.0's noun index as spaCy's English lemmatizer ships it; see build_common_nouns.py)."""
    with gzip.open(DATA / "common_nouns.tsv.gz", "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip()[:1].isalpha())


@lru_cache(maxsize=1)
def wordnet_names() -> dict[str, str]:
    """Case-folded names WordNet 3.0 knows only as no place (a person, an event, a
    phenomenon, a group, a work: "philip", "el nino", "world cup") -> their class
    (``data/wordnet_names.tsv.gz``; see build_common_nouns.py)."""
    with gzip.open(DATA / "wordnet_names.tsv.gz", "rt", encoding="utf-8") as lines:
        rows = (line.rstrip("\n").split("\t") for line in lines if not line.startswith("#"))
        return {row[0].casefold(): row[1] for row in rows if len(row) == 2}


@lru_cache(maxsize=1)
def unit_words() -> frozenset[str]:
    """Currency, unit and newswire table words ("dollar", "cts", "mln"), lower case
    (class ``unit`` of ``data/not_names.tsv``)."""
    rows = [line.split("\t") for line in _data_lines("not_names.tsv")[1:]]
    return frozenset(row[0] for row in rows if len(row) == 2 and row[1] == "unit")


@lru_cache(maxsize=1)
def known_aliases() -> dict[str, str]:
    """Folded alias -> canonical name of international bodies (``data/known_aliases.tsv``)."""
    rows = [line.split("\t") for line in _data_lines("known_aliases.tsv")[1:]]
    return {fold(alias): canonical for alias, canonical in rows}


@lru_cache(maxsize=1)
def currencies() -> dict[str, str]:
    """Currency word or prefixed dollar sign -> the ISO3 code of the one country whose
    currency it names ("yen" -> JPN, "US$" -> USA: ``data/currencies.tsv``)."""
    rows = [line.split("\t") for line in _data_lines("currencies.tsv")[1:]]
    return {word: iso3 for word, iso3 in rows}


@lru_cache(maxsize=1)
def event_heads() -> dict[str, str]:
    """Lower-case one-word nouns naming only acts, events, times or natural phenomena ->
    their class, "event" or "phenomenon" (``data/event_heads.tsv``, from WordNet 3.0:
    "tournament", "easter" -> event; "hurricane" -> phenomenon)."""
    rows = [line.split("\t") for line in _data_lines("event_heads.tsv")[1:]]
    return {word: kind for word, kind in rows}
