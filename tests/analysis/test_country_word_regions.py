"""A first-level region named like a word reads its country only where the story names
that country otherwise (issue 18, branch ctry28: on unseen news, the Reuters-21578
stories, "the Mountain states", "South-East Asian ministers", "Lake Superior", the
companies "Southland" and "Cook" read the Philippines, Botswana and New Zealand).
Hand-written sentences; no benchmark text."""

from __future__ import annotations

from functools import lru_cache

import pytest

from analysis.gazetteer import candidates
from analysis.gazetteer_entries import named_like_a_word
from analysis.geo_sources import aliases, city_records
from analysis.place_spelling import normalise
from tests.factories import gpe_countries


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str]]:
    """The generic words and the cities' lookup keys, as the gazetteer's build reads them."""
    generic = frozenset(aliases()["division_generic_words"])
    return generic, frozenset(normalise(city["name"]) for city in city_records())


def _word_like(region: str) -> bool:
    return named_like_a_word(region, *_lists())


@pytest.mark.parametrize(
    ("region", "word"),
    [
        ("Mountain", True),  # a common noun (the Philippines' Mountain Province)
        ("Lake", True),  # New Zealand
        ("Bruce", True),  # a name WordNet knows as a person's only
        ("South-East", True),  # generic words only (Botswana)
        ("National Capital", True),  # Papua New Guinea
        ("Somerset", False),  # a noun too, but cities are called so: a place's name
        ("Derby", False),
        ("Ontario", False),
        ("Punjab", False),
        ("Western Cape", False),  # "cape" is a noun, but not a generic region word
    ],
)
def test_a_region_named_like_a_word_is_told_from_a_place_name(region: str, word: bool) -> None:
    assert _word_like(region) is word


def _region(name: str):
    return next(c for c in candidates(name) if c.rule == "region")


def test_the_gazetteer_gives_such_a_region_only_with_its_country_named() -> None:
    assert _region("Mountain").needs_context
    assert _region("South-East").needs_context
    assert not _region("Punjab").needs_context


@pytest.mark.parametrize(
    ("text", "names", "countries"),
    [
        # a word, a company or part of a region of the world: no country of its own
        ("Failures rose in the Mountain states, the agency in Chicago said.",
         ("Mountain", "Chicago"), [None, "USA"]),
        ("Ministers met in Jakarta for the South-East Asian energy talks.",
         ("Jakarta", "South-East"), ["IDN", None]),
        ("Shares of Southland rose in Dallas after the company's report.",
         ("Southland", "Dallas"), [None, "USA"]),
    ],
)  # fmt: skip
def test_a_word_like_region_names_no_country_alone(
    text: str, names: tuple[str, ...], countries: list[object]
) -> None:
    assert gpe_countries(text, names) == countries


def test_a_word_like_region_is_read_where_its_country_is_named() -> None:
    text = "Floods cut roads in Mountain, a province of the Philippines, officials said."
    assert gpe_countries(text, ("Mountain", "Philippines")) == ["PHL", "PHL"]
