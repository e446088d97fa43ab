"""The words the gazetteer pass (:mod:`analysis.countries.places`) reads around and
inside a name, and the tests of one name it asks again and again (cached):

* people: the titles before a name and the verbs of speech after it ("Sen. Jackson",
  "Hamilton said"), the readings by which a name tagged PERSON is a place;
* money: the currency words of a sum ("yen" of "15 billion yen") and its demonyms;
* settlements ("the town of X"), demonym compounds ("Russian-American"), NORPs no
  gazetteer reads ("Minnesotans" aside);
* the countries a document's place mentions name, each read on its own.

Split from analysis/countries/places.py when that module reached 800 lines (branch
ctry19); the definitions are unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from analysis.countries.cues import _trim_sentence_dot
from analysis.countries.demonyms import derived_demonym
from analysis.countries.lexicon import SPEECH_VERBS
from analysis.countries.readings import _reading
from analysis.countries.rules import DEFAULT_CONTEXT, DEFAULT_RULES
from analysis.gazetteer import candidates, is_state_abbreviation, name_abbreviations
from analysis.name_data import currencies, role_words


def _currency_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One regex of the currency ``words`` (longest first), each a whole token: no word
    character or "$" before it, no word character after a word ("marks", not
    "marksman"); a dollar sign with its prefix ("US$") runs into its figure."""
    alternatives = [
        re.escape(w) + ("" if w.endswith("$") else r"(?![\w-])")
        for w in sorted(words, key=len, reverse=True)
    ]
    return re.compile(r"(?<![\w$-])(?:" + "|".join(alternatives) + ")")


@lru_cache(maxsize=1)
def _currencies() -> re.Pattern[str]:
    """The regex of :func:`analysis.name_data.currencies`' words."""
    return _currency_pattern(currencies())


def currency_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the currency words of one country (data/currencies.tsv) inside
    the sum ``text[start:end]`` ("yen" of "15 billion yen"; "US$" of "US$127.5
    million"; none in "$15 million" or "150 francs")."""
    return [hit.span() for hit in _currencies().finditer(text, start, end)]


#: Readings by which a name tagged as a person is a place: not a demonym, a metonym
#: or a town of 500 to 15,000 people (towns are named like people far too often).
_PERSON_PLACE = frozenset(
    {"name", "territory", "us_state", "us_county", "region", "city", "capital"}
)
#: Forms of address before a name that are not stripped from people's names as roles
#: (data/role_words.txt), since they also open stage and band names ("Lady Gaga",
#: "Sister Sledge", "Father John Misty"), plus a saint's "St"/"Saint" (gazetteer
#: ``name_abbreviations``): written for NewsLens.
_ADDRESS_WORDS = ("Miss", "Father", "Sister", "Brother", "Lord", "Lady")
_SAINT_WORDS = (*(k for k, v in name_abbreviations().items() if v == "Saint"), "Saint")
#: A title before a name: "Sen. Jackson", "Coach Hamilton" are people. The titles: the
#: role words of data/role_words.txt (capitalised), the forms of address above.
_TITLE_BEFORE = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(w)
        for w in sorted({*(r.capitalize() for r in role_words()), *_ADDRESS_WORDS, *_SAINT_WORDS})
    )
    + r")\.?\s+$"
)
#: The titles the rule ``titles`` reads (analysis.countries.people.titled_rows): those of
#: :data:`_TITLE_BEFORE` but a saint's "St."/"Saint", which opens a place's name
#: ("Minneapolis-St. Paul"), and a title that is also an AP state abbreviation ("Miss.")
#: counts only when no comma stands before it ("Jackson, Miss. Borden said" writes the
#: state; review 12, C4).
_PERSON_TITLE_BEFORE = re.compile(
    r"\b(?:"
    + "|".join(
        (r"(?<!,\s)" if is_state_abbreviation(w + ".") else "") + re.escape(w)
        for w in sorted({*(r.capitalize() for r in role_words()), *_ADDRESS_WORDS})
    )
    + r")\.?\s+$"
)
#: A verb of speech (data/country_lexicon.json ``speech_verbs``) or a person's age after a
#: name: "Hamilton said", "Lindsay, 12,".
_SPEECH_AFTER = re.compile(
    r"(?:\s+(?:" + "|".join(map(re.escape, SPEECH_VERBS)) + r")\b|,\s+\d{1,2},)"
)


#: A capital letter: a sum without one has no demonym to read (speed).
_CAPITAL = re.compile(r"[A-Z]")


@lru_cache(maxsize=10_000)
def _money_demonym(word: str) -> bool:
    """Whether ``word`` is capitalised and read first as a country's demonym that needs
    no context ("Canadian"; not "Soviet")."""
    found = candidates(word) if word[:1].isupper() else ()
    return bool(found) and found[0].rule == "demonym" and not found[0].needs_context


@lru_cache(maxsize=50_000)
def _unread_group(surface: str) -> bool:
    """Whether a NORP ``surface`` is no group the gazetteer knows: no demonym or other
    reading, none derived ("Minnesotans"). The model tags some town names so ("nuns in
    Pewaukee"); a cue may then take it as a place, as it takes a mislabelled PERSON."""
    return not candidates(surface) and derived_demonym(surface) is None


#: "the town of X": a settlement word (not inside a word), "of", then a capitalised
#: name of one to three words (the name group). Each word opens with its first letter
#: and reads the character before it by a look-behind after it, as
#: analysis.countries.cues._CAPITALISED does: the regex engine then skips to those
#: letters instead of trying every character.
_SETTLEMENT_WORDS = ("town", "village", "hamlet", "township", "borough", "municipality", "city")
_SETTLEMENT_OF = re.compile(
    "(?:" + "|".join(rf"{w[0]}(?<!\w{w[0]}){w[1:]}" for w in _SETTLEMENT_WORDS) + ")"
    r"\s+of\s+(?P<name>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2})"
)


def _settlement_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the names after "the town of", "the village of" ... in ``text``
    (without a dot that ends the sentence)."""
    if not any(word in text for word in _SETTLEMENT_WORDS):
        return []  # speed: every match holds one of the words, most stories none
    out = []
    for hit in _SETTLEMENT_OF.finditer(text):
        start, end = hit.span("name")
        out.append((start, start + len(_trim_sentence_dot(text[start:end]))))
    return out


#: Two capitalised words joined by a hyphen: "Russian-American", "Sino-Japanese".
_COMPOUND = re.compile(r"^([A-Z][a-z]+)-([A-Z][a-z]+)$")


@lru_cache(maxsize=50_000)
def _demonym_compound(surface: str) -> tuple[tuple[int, int], ...] | None:
    """The (start, end) of both halves of ``surface`` when each is a country's demonym
    ("Russian-American"), else None ("African-American": "African" names a continent)."""
    hit = _COMPOUND.match(surface)
    if hit is None:
        return None
    halves = (hit.span(1), hit.span(2))
    if all(any(c.rule == "demonym" for c in candidates(surface[s:e])) for s, e in halves):
        return halves
    return None


def _named_countries(texts: list[str]) -> set[str]:
    """Countries that the place mentions ``texts`` name, each read on its own."""
    return set().union(*map(_named_country, texts))


@lru_cache(maxsize=200_000)
def _named_country(text: str) -> tuple[str, ...]:
    """The country ``text`` names read on its own under the default rules (its fixed
    reading, else its default), as a 1-tuple; () for none. Cached by the text alone
    (speed: the gazetteer pass asks of every place mention of every story, and the
    readings cache's key hashes the two switch objects in Python at each lookup)."""
    # All three arguments: the cache key map_countries reads them by (one reading per form).
    reading = _reading(text, DEFAULT_RULES, DEFAULT_CONTEXT)
    best = reading.fixed or reading.default
    return () if best is None else (best.iso3,)
