"""A country's name before common nouns a wire wrote in title case (review 12, C6).

Reuters capitalises the words after "U.S." and "U.K." ("against the U.S. Dollar", "the
lifting of U.S. Sanctions", "U.S. And U.K. Banks"); the model then tags the phrase ORG,
and the gazetteer pass counted the country apart as an organisation's home, so the
story lost its country. :func:`title_cased_nouns` tells such a phrase from an
organisation's name ("U.S. Treasury", "U.K. Government", "U.S. Steel Corp"); the
gazetteer pass (cue ``inside_names``) then reads the country as a place.

Nearly every English content word is in WordNet's noun index ("Jordan Brand", "Turkey
Hill", "Georgia Tech", "China Daily" all pass it), so that test alone reads brands and
clubs as their country (review 14, M1). The phrase must also show it is common nouns:
its head is a plural ("Sanctions", "Banks") or a unit word ("Dollar"), or the story
writes its head in lower case elsewhere ("U.S. Economy" beside "the economy").

In: the text and the spans of a name. Out: a boolean. Pure; no spaCy.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.countries.lexicon import _INSTITUTION, SPEECH_VERBS, lexicon
from analysis.gazetteer import candidates
from analysis.name_data import common_nouns, company_suffixes, function_words, unit_words

#: Heads of state bodies and services: "U.S. Treasury" is an organisation
#: (``state_bodies`` of data/country_lexicon.json, with institution_words).
_BODIES: frozenset[str] = frozenset(lexicon()["state_bodies"]) | frozenset(
    w.casefold() for w in _INSTITUTION
)
#: A word of a name: letters, dots and apostrophes ("U.S.", "Banks", "Bank's").
_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z.'’]*")
#: A word after a name: a company's legal form ("U.S. Steel Corp").
_WORD_AFTER = re.compile(r"[ \t]+(?P<word>[A-Za-z]+)")
#: After a name: a verb of speech or a possessive, which make it an actor ("U.S. Steel
#: said", "U.S. Steel's plant"): an organisation.
_ACTOR_AFTER = re.compile(r"(?:['’]s\b|\s+(?:" + "|".join(map(re.escape, SPEECH_VERBS)) + r")\b)")


def _noun(word: str) -> bool:
    """Whether ``word`` (lower case) is a common noun or unit word, plural or not."""
    nouns = common_nouns()
    if word in nouns or word in unit_words():
        return True
    if word.endswith("ies") and word[:-3] + "y" in nouns:
        return True
    return (word.endswith("s") and word[:-1] in nouns) or (
        word.endswith("es") and word[:-2] in nouns
    )


@lru_cache(maxsize=10_000)
def _country(form: str) -> bool:
    """Whether ``form`` reads first as a country's name ("U.S.", "U.K.")."""
    found = candidates(form)
    return bool(found) and found[0].rule == "name"


def _plural(word: str) -> bool:
    """Whether ``word`` (lower case) is a plural whose singular is a common noun ("banks",
    "sanctions", "companies"): many of a kind, never one organisation's name. A word the
    noun index also holds as it is counts too ("banks": WordNet lists the surname), but
    not one in "ss" ("glass")."""
    nouns = common_nouns()
    if not word.endswith("s") or word.endswith("ss"):
        return False
    return word[:-1] in nouns or word[:-2] in nouns or word[:-3] + "y" in nouns


def _written_in_lower_case(text: str, head: str) -> bool:
    """Whether the story writes ``head`` (the phrase's last word, lower case) in lower
    case elsewhere, as a whole word: the writer's own sign that it is a common noun ("the
    economy" beside "U.S. Economy"; "the weekly index" beside "U.S. Standard and Poors
    Index")."""
    return re.search(rf"\b{re.escape(head)}\b", text) is not None


def title_cased_nouns(text: str, start: int, end: int, places: list[tuple[int, int]]) -> bool:
    """Whether the name text[start:end] is a country's name (``places``: the place spans
    inside it, each a country's name) followed by common nouns in title case, not an
    organisation: every other word (a leading "the" and function words aside) is
    Capitalised, not in capitals, and a common noun in lower case (WordNet's noun index
    as spaCy ships it: ``analysis/data/common_nouns.tsv.gz``; or a unit word:
    ``not_names.tsv``); its last word names no state body (:data:`_BODIES`: "U.S.
    Treasury"); no company's legal form is in it or follows it ("U.S. Steel Corp"); and
    a singular head is no actor of the story ("U.S. Steel said", "U.S. Steel's"): the
    name of one organisation; and its head is a plural or a unit word, or the story writes
    it in lower case elsewhere (review 14, M1: not "Jordan Brand", "Georgia
    Tech"). The country's name opens the phrase. "the U.S. Dollar",
    "U.S. Sanctions", "U.S. And U.K. Banks" are the country; "Air France", "Credit
    Suisse" and "Flanders Road" (a region's) are left as they were."""
    if not places or not all(_country(text[s:e]) for s, e in places):
        return False  # "Flanders Road" names a region's road: left as it was
    opening = _NAME_WORD.search(text, start, end)
    if opening is not None and opening.group() in ("the", "The"):
        opening = _NAME_WORD.search(text, opening.end(), end)
    if opening is None or not any(s <= opening.start() < e for s, e in places):
        return False  # the country opens the phrase: not "Credit Suisse", "Air France"
    words = [
        w.group().rstrip(".'’")
        for w in _NAME_WORD.finditer(text, start, end)
        if not any(s <= w.start() < e for s, e in places)
    ]
    if words[:1] in (["the"], ["The"]):
        words = words[1:]
    content = [w for w in words if w.casefold() not in function_words()]
    if not content or not all(w[:1].isupper() and w[1:].islower() for w in words):
        return False
    if not all(_noun(w.casefold()) for w in content) or content[-1].casefold() in _BODIES:
        return False
    if any(w.casefold() in company_suffixes() for w in content):  # "U.S. Steel Corp"
        return False
    head = content[-1].casefold()
    plural = _plural(head)
    if not (plural or head in unit_words() or _written_in_lower_case(text, head)):
        return False  # "Jordan Brand", "Georgia Tech", "U.S. Open": a name (review 14, M1)
    name = re.escape(text[start:end].removeprefix("the ").removeprefix("The "))
    for found in re.finditer(name, text):
        after = _WORD_AFTER.match(text, found.end())
        if after is not None and after.group("word").casefold() in company_suffixes():
            return False
        if not plural and _ACTOR_AFTER.match(text, found.end()):
            return False
    return True
