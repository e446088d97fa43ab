"""Junk filters: clean-up rules that drop mentions which are not names of anything.

Each rule takes one document's mention dicts and its description (``analysis.entities``'s
``_Doc``: text, lines) and returns the mentions to keep; they are registered by name in
:data:`analysis.entities.RULES`, so they can be switched off and ablated like the others.
The words they use are data, declared once with their provenance:
``data/not_names.tsv`` (wire services, units and currencies, generic nouns) and
``data/role_words.txt`` (titles and roles). The rules act on word classes and positions,
never on one article's words:

* :func:`drop_wire_boilerplate`: a news agency's name alone on its line (the sign-off
  'Reuter'), in brackets ('(Reuters)', a dateline credit) or as the channel of a quote
  ('told Reuters', 'polled by Reuters': the agency writing about its own reporting);
* :func:`drop_tickers`: a stock ticker in a wire's angle brackets ('<UK>', '<CALI>');
* :func:`drop_units`: currency, unit and financial-table words, alone or after a
  country ('U.S. Dlrs', 'Revs', 'Avg Shrs'); the country stays, a place ('U.S.');
* :func:`drop_sentence_start_nouns`: a one-word 'name' opening a sentence that the same
  document also writes in lower case ('Shares rose ...' ... 'the shares');
* :func:`drop_generic_words`: a name made only of generic nouns, role words and
  company legal forms ('Company', 'Caretaker', 'the Government', 'Co Inc').
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
_WORDS = re.compile(r"[^\W\d_][\w'-]*")


@lru_cache(maxsize=1)
def word_classes() -> dict[str, frozenset[str]]:
    """Class -> lower-case words, from ``data/not_names.tsv``."""
    classes: dict[str, set[str]] = {}
    lines = (DATA / "not_names.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    for word, kind in rows[1:]:
        classes.setdefault(kind, set()).add(word)
    return {kind: frozenset(words) for kind, words in classes.items()}


def _fold(text: str) -> str:
    return " ".join(text.replace(".", "").casefold().split())


def _span(m: dict[str, Any], doc: Any) -> str:
    return doc.text[m["start"] : m["end"]]


def _keep(mentions: list[dict[str, Any]], doc: Any, junk: Any) -> list[dict[str, Any]]:
    """The mentions except name mentions that the predicate ``junk`` rejects."""
    from analysis.labels import NAME_LABELS

    return [m for m in mentions if m["label"] not in NAME_LABELS or not junk(m, doc)]


#: The wire service as the channel of a quote: 'told Reuters', 'polled by Reuters'.
_REPORTED_TO = re.compile(r"\b(?:told|to|by|with)\s+$", re.IGNORECASE)


def _is_wire_credit(m: dict[str, Any], doc: Any) -> bool:
    if _fold(_span(m, doc)) not in word_classes()["wire_service"]:
        return False
    start, end = doc.lines[doc.line_of(int(m["start"]))]
    line = doc.text[start:end]
    alone = not line.replace(_span(m, doc), "").strip(" \t.-")
    before, after = doc.text[: m["start"]].rstrip(" "), doc.text[m["end"] :].lstrip(" ")
    reported = _REPORTED_TO.search(doc.text[max(0, m["start"] - 12) : m["start"]])
    return alone or (before.endswith("(") and after.startswith(")")) or bool(reported)


def drop_wire_boilerplate(mentions: list[dict[str, Any]], doc: Any) -> list[dict[str, Any]]:
    """Drop a news agency's name alone on its line (sign-off) or in brackets (credit)."""
    return _keep(mentions, doc, _is_wire_credit)


def _is_units(m: dict[str, Any], doc: Any) -> bool:
    from analysis.place_names import is_country_level as _is_country_level

    units = word_classes()["unit"]
    tokens = _span(m, doc).split()
    rest = [t for t in tokens if _fold(t) not in units]
    if len(rest) == len(tokens):
        return False
    return not rest or _is_country_level(" ".join(rest))


#: A word of a mention's text with its offset.
_TOKEN = re.compile(r"\S+")


def _country_before_units(m: dict[str, Any], doc: Any) -> dict[str, Any] | None:
    """The country of a unit mention written after a country ('U.S. Dlrs', 'the U.S.
    Dollar', a wire's title case), as a GPE mention of its own words ('U.S.'), else
    None: the unit words are no name, but the country is a place the story names
    (review 12, C6)."""
    from analysis.place_names import is_country_level as _is_country_level

    units = word_classes()["unit"]
    tokens = [t for t in _TOKEN.finditer(_span(m, doc)) if _fold(t.group()) not in units]
    if tokens and tokens[0].group() in ("the", "The"):
        tokens = tokens[1:]
    if not tokens or not _is_country_level(" ".join(t.group() for t in tokens)):
        return None
    start, end = m["start"] + tokens[0].start(), m["start"] + tokens[-1].end()
    return {**m, "start": start, "end": end, "text": doc.text[start:end], "label": "GPE"}


def drop_units(mentions: list[dict[str, Any]], doc: Any) -> list[dict[str, Any]]:
    """Drop currency, unit and table words, alone or after a country ('Revs', 'Avg
    Shrs'); a country before them stays, as a place mention ('U.S.' of 'U.S. Dlrs')."""
    from analysis.labels import NAME_LABELS

    out = []
    for m in mentions:
        if m["label"] not in NAME_LABELS or not _is_units(m, doc):
            out.append(m)
        elif (country := _country_before_units(m, doc)) is not None:
            out.append(country)
    return out


_SENTENCE_START = re.compile(r"(?:^|[.!?:;][\"'\u201d)]*\s+|\n\s*)$")


def _is_sentence_start_noun(m: dict[str, Any], doc: Any) -> bool:
    span = _span(m, doc)
    if " " in span or not span[:1].isupper() or span.isupper() or len(span) < 3:
        return False
    if not _SENTENCE_START.search(doc.text[max(0, m["start"] - 4) : m["start"]]):
        return False
    if re.search(rf"(?<![\w-]){re.escape(span.lower())}(?![\w-])", doc.text) is None:
        return False
    # A proper name is also capitalised inside sentences ('Woods', 'Bush'): keep it.
    for hit in re.finditer(rf"(?<![\w-]){re.escape(span)}(?![\w-])", doc.text):
        if not _SENTENCE_START.search(doc.text[max(0, hit.start() - 4) : hit.start()]):
            return False
    return True


def drop_sentence_start_nouns(mentions: list[dict[str, Any]], doc: Any) -> list[dict[str, Any]]:
    """Drop a one-word name opening a sentence that the document also writes in lower
    case: a common noun capitalised by its position ('Shares', 'Sales')."""
    return _keep(mentions, doc, _is_sentence_start_noun)


def _is_generic(m: dict[str, Any], doc: Any) -> bool:
    from analysis.name_data import company_suffixes, role_words

    words = [w.casefold().rstrip(".") for w in _WORDS.findall(_span(m, doc))]
    words = [w for w in words if w not in ("the", "a", "an", "and", "&")]
    generic = word_classes()["generic"] | role_words() | company_suffixes()
    return bool(words) and all(w in generic for w in words)


def drop_generic_words(mentions: list[dict[str, Any]], doc: Any) -> list[dict[str, Any]]:
    """Drop a name made only of generic nouns and role words ('Company', 'Caretaker'),
    unless it is the surname of a person the document names in full ('King' after
    'Larry King')."""
    surnames = {
        _span(m, doc).split()[-1].casefold()
        for m in mentions
        if m["label"] == "PERSON" and len(_span(m, doc).split()) > 1
    }
    return _keep(
        mentions, doc, lambda m, d: _is_generic(m, d) and _span(m, d).casefold() not in surnames
    )


def _is_ticker(m: dict[str, Any], doc: Any) -> bool:
    """Whether the mention lies inside a stock ticker in angle brackets
    (:data:`analysis.name_data.BRACKET_TICKER`: "<UK>", "<CALI>", "<ESSF.PA>")."""
    from analysis.name_data import BRACKET_TICKER

    start, end = int(m["start"]), int(m["end"])
    opening = doc.text.rfind("<", max(0, start - 1), start + 1)
    if opening < 0:
        return False
    ticker = re.compile(BRACKET_TICKER).match(doc.text, opening)
    return ticker is not None and end <= ticker.end(1)


def drop_tickers(mentions: list[dict[str, Any]], doc: Any) -> list[dict[str, Any]]:
    """Drop a name inside a stock ticker in angle brackets: "UK" of "Union Carbide
    <UK>" names no country, "CALI" of "Calumet <CALI>" no city (branch ctry19, unseen
    Reuters news)."""
    return _keep(mentions, doc, _is_ticker)


#: The junk rules, in the order analysis.entities.RULES runs them.
JUNK_RULES = {
    "drop_wire_boilerplate": drop_wire_boilerplate,
    "drop_tickers": drop_tickers,
    "drop_units": drop_units,
    "drop_sentence_start_nouns": drop_sentence_start_nouns,
    "drop_generic_words": drop_generic_words,
}
